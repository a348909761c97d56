# shellcheck shell=bash
# Sourced by a harness case's run script, in the scratch checkout.
# stub_stages: every script make test runs is replaced by a stub that
# writes one passing result per result file into RESULTS_DIR (default
# build/results) and exits 0; tests/expected-counts says one per file.
# stub_fail SCRIPT RC: that script exits RC and writes nothing.
stub() {
	{
		echo '#!/bin/bash'
		echo 'set -eu'
		echo 'r=${RESULTS_DIR:-$PWD/build/results}'
		echo 'mkdir -p "$r"'
		echo "$2"
	} >"scripts/$1"
	chmod +x "scripts/$1"
}
stub_stages() {
	stub deps.sh ':'
	stub mktree.sh ':'
	stub harness-test.sh 'printf "ok 1 - a case\n1..1\n" >"$r/harness.tap"'
	stub kunit.sh 'for m in vector vtd amdvi vtdcm; do
	echo "{\"name\": \"g\", \"test_cases\": [{\"name\": \"c\", \"status\": \"PASS\"}]}" >"$r/kunit-$m.json"
	: >"$r/kunit-$m-splats.txt"
done'
	stub build-e2e.sh ':'
	stub run-e2e.sh 'n=e2e
[ "${E2E_VARIANT:-main}" = main ] || n=e2e-$E2E_VARIANT
printf "ok 1 - a guest check\n1..1\n# e2e done\n" >"$r/$n.tap"
: >"$r/$n-splats.txt"'
	stub check.sh 'printf "ok 1 - a static check\n1..1\n" >"$r/check.tap"'
	printf '%s 1\n' harness.tap kunit-vector.json kunit-vtd.json kunit-amdvi.json kunit-vtdcm.json \
		e2e.tap e2e-no-optin.tap e2e-no-viommu.tap e2e-amd.tap check.tap >tests/expected-counts
}
stub_fail() {
	printf '#!/bin/bash\necho "%s: failed" >&2\nexit %s\n' "$1" "$2" >"scripts/$1"
	chmod +x "scripts/$1"
}
