#!/bin/bash
# Everything "make test" runs, in order; a failing stage does not stop the
# later ones. The last line is the count of every KUnit case and check.
set -eu
. "$(dirname "$0")/lib.sh"

start=$(date +%s)
"$top/scripts/deps.sh"
"$top/scripts/mktree.sh"
# A fresh results directory, but build/results/history keeps the benchmark
# tables of every run (as "make clean" does).
mkdir -p "$build/results"
find "$build/results" -mindepth 1 -maxdepth 1 ! -name history -exec rm -rf {} +
stage() {
	local t0=$(date +%s)
	say "[$(($(date +%s) - start)) s] stage: $*"
	"$@" || say "stage failed: $*"
	say "stage took $(($(date +%s) - t0)) s: $1"
}
stage "$top/scripts/kunit.sh"
stage "$top/scripts/build-e2e.sh"
stage "$top/scripts/run-e2e.sh"
E2E_VARIANT=no-optin stage "$top/scripts/run-e2e.sh"
E2E_VARIANT=no-viommu stage "$top/scripts/run-e2e.sh"
E2E_VARIANT=amd stage "$top/scripts/run-e2e.sh"
stage "$top/scripts/check.sh"
say "make test took $(($(date +%s) - start)) s"
python3 "$top/scripts/summary.py"
