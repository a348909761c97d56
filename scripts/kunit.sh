#!/bin/bash
# Build the KUnit kernel from build/linux and run the suites under QEMU.
# Writes build/results/kunit.log (console) and kunit.json (parsed results).
set -eu
. "$(dirname "$0")/lib.sh"

[ -d "$tree/.git" ] || die "no $tree: run 'make tree' first"
out=$build/results
mkdir -p "$out"
kunit() {
	python3 "$tree/tools/testing/kunit/kunit.py" "$@" \
		--arch=x86_64 --build_dir="$build/kunit"
}

say "kunit: building (config/kunit.config, O=build/kunit)"
kunit build --kunitconfig="$top/config/kunit.config" --jobs="$jobs" \
	--make_options CC="ccache gcc" >"$out/kunit-build.log" 2>&1 ||
	{ tail -n 30 "$out/kunit-build.log"; die "kunit build failed, see $out/kunit-build.log"; }

say "kunit: running in QEMU"
kunit exec --raw_output=all --timeout=600 >"$out/kunit.log" 2>&1 || true
python3 "$tree/tools/testing/kunit/kunit.py" parse --json="$out/kunit.json" \
	"$out/kunit.log" >"$out/kunit-parse.log" 2>&1 || true
grep -E '^\[..:..:..\] (Testing complete|Ran|=+ \[(PASSED|FAILED)\])' "$out/kunit-parse.log" >&2 || true
"$top/scripts/splat-check.sh" "$out/kunit.log" >"$out/kunit-splats.txt" ||
	{ say "FAIL: kernel reports in the KUnit log:"; head -n 40 "$out/kunit-splats.txt" >&2; }
