#!/bin/bash
# test-repeat.sh N STAGE: boot the kernels that STAGE (kunit or e2e) built
# last N times, building nothing, and print for each check how often it
# failed. LOAD=1 keeps every CPU but one busy meanwhile (one busy loop
# each), as CI's own builds do. Run i's results go to
# build/results/repeat-STAGE/<i>/, every check's count of failures to
# build/results/repeat-STAGE/per-check.txt. The last line counts the checks
# that failed at least once; exits 1 when one did.
set -eu
. "$(dirname "$0")/lib.sh"

n=${1:-}
stage=${2:-}
usage="usage: test-repeat.sh N kunit|e2e (make test-repeat N=20 STAGE=kunit|e2e [LOAD=1])"
case $n in '' | *[!0-9]* | 0) die "$usage: N must be a positive number, not '$n'" ;; esac
case $stage in
kunit) [ -r "$build/kunit/arch/x86/boot/bzImage" ] || die "no KUnit kernel in build/kunit: run 'make kunit' first" ;;
e2e) [ -r "${E2E_KERNEL:-$build/e2e/arch/x86/boot/bzImage}" ] || die "no e2e kernel in build/e2e: run 'make e2e' first" ;;
*) die "$usage: STAGE must be kunit or e2e, not '$stage'" ;;
esac
rep=$build/results/repeat-$stage
rm -rf "$rep"
mkdir -p "$rep"

hogs=()
stop_load() {
	local p
	for p in "${hogs[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
	hogs=()
}
trap stop_load EXIT
if [ "${LOAD:-0}" = 1 ]; then
	cpus=$(nproc)
	for _ in $(seq $((cpus > 1 ? cpus - 1 : 1))); do
		(while :; do :; done) &
		hogs+=($!)
	done
	echo "${hogs[*]}" >"$rep/load.pids"
	say "repeat: load: ${#hogs[@]} busy loop(s), pid ${hogs[*]}, beside the guests"
fi

t0=$(date +%s)
for i in $(seq "$n"); do
	d=$rep/$i
	mkdir -p "$d"
	say "repeat: $stage, run $i of $n ($(($(date +%s) - t0)) s so far)"
	case $stage in
	kunit) RESULTS_DIR=$d KUNIT_BUILD=0 "$top/scripts/stage.sh" kunit "$top/scripts/kunit.sh" || true ;;
	e2e) RESULTS_DIR=$d "$top/scripts/e2e.sh" --no-build || true ;;
	esac
	python3 "$top/scripts/summary.py" --results "$d" --list "$stage" >"$d/checks.txt" || true
	say "repeat: run $i: $(python3 "$top/scripts/summary.py" --results "$d" "$stage" | tail -n 1)"
done
stop_load

# Per check, in how many runs it failed (and in how many it was missing).
# A name that occurs twice in a run counts as two checks.
awk -v n="$n" -v out="$rep/per-check.txt" '
	FNR == 1 { split("", seen) }
	{ o = $1; sub(/^[A-Z]+ /, ""); k = $0
	  if (++seen[k] > 1) k = k " (#" seen[k] ")"
	  if (!(k in ran)) order[++m] = k
	  ran[k]++; if (o == "FAIL") failed[k]++ }
	END {
		for (j = 1; j <= m; j++) {
			k = order[j]
			printf "%d of %d runs failed: %s\n", failed[k], n, k >out
			if (failed[k]) { printf "failed in %d of %d runs: %s\n", failed[k], n, k; bad++ }
			if (ran[k] < n) printf "missing from %d of %d runs: %s\n", n - ran[k], n, k
		}
		printf "%s: %d runs in %d s, %d checks, %d failed at least once\n", stage, n, secs, m, bad
		exit bad > 0
	}' stage="$stage" secs=$(($(date +%s) - t0)) "$rep"/*/checks.txt
