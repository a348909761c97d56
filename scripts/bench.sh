#!/bin/bash
# "make bench": build our kernel and Debian's 6.12 with the same minimal
# config, boot them in turn in the same QEMU machine (ours, 6.12, ours, ...;
# BENCH_BOOTS each, default 3), and judge the ratios against the spread over
# the boots (scripts/bench-report.py). Exit status 1 when the control row
# says the run was too noisy to judge.
set -eu
. "$(dirname "$0")/lib.sh"

boots=${BENCH_BOOTS:-3}
"$top/scripts/deps.sh"
"$top/scripts/mktree.sh"
"$top/scripts/fetch-base.sh"
for k in ours 612; do
	"$top/scripts/build-bench.sh" "$k"
done
rm -f "$build"/results/bench-{ours,612}-[0-9]*.txt
t0=$SECONDS
for i in $(seq "$boots"); do
	for k in ours 612; do
		say "bench: boot $i of $boots, $k ($((SECONDS - t0)) s so far)"
		"$top/scripts/run-bench.sh" "$k" "$i"
	done
done
say "bench: $((2 * boots)) boots took $((SECONDS - t0)) s"
python3 "$top/scripts/bench-report.py"
