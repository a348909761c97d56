#!/bin/bash
# "make bench": build our kernel and Debian's 6.12 with the same minimal
# config, run the benchmark module on each in the same QEMU machine and
# print one table with ratios; plot in build/results/bench.png.
set -eu
. "$(dirname "$0")/lib.sh"

"$top/scripts/deps.sh"
"$top/scripts/mktree.sh"
"$top/scripts/fetch-base.sh"
for k in ours 612; do
	"$top/scripts/build-bench.sh" "$k"
	"$top/scripts/run-bench.sh" "$k"
done
python3 "$top/scripts/bench-report.py"
