#!/bin/bash
# Everything "make test" runs, in order: the harness self-tests, KUnit, the
# end-to-end guests and the static checks. Each stage records its exit
# status (scripts/stage.sh) and a failing stage does not stop the later ones;
# when the set-up (deps.sh, mktree.sh) fails, no stage runs. The last line
# is the tally of scripts/summary.py, whatever failed.
set -eu
. "$(dirname "$0")/lib.sh"

start=$(date +%s)
# A fresh results directory, but build/results/history keeps the benchmark
# tables of every run (as "make clean" does).
results=$build/results
mkdir -p "$results"
find "$results" -mindepth 1 -maxdepth 1 ! -name history -exec rm -rf {} +
st() { "$top/scripts/stage.sh" "$@" || true; }
if "$top/scripts/stage.sh" deps "$top/scripts/deps.sh" &&
	"$top/scripts/stage.sh" tree "$top/scripts/mktree.sh"; then
	st harness "$top/scripts/harness-test.sh"
	st kunit "$top/scripts/kunit.sh"
	"$top/scripts/e2e.sh" || true
	st check "$top/scripts/check.sh"
else
	say "set-up failed: no stage runs"
fi
say "make test took $(($(date +%s) - start)) s"
exec python3 "$top/scripts/summary.py"
