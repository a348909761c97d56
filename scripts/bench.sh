#!/bin/bash
# "make bench": build our kernel and Debian's 6.12 with the same minimal
# config, boot each BENCH_BOOTS times (default 3) in the same QEMU machine
# and judge the ratios against their spread over the boots
# (scripts/bench-report.py).
#   BENCH_MODE=interleaved (default): one guest at a time, in ABBA order
#     (ours 6.12, 6.12 ours, ...), so that a drift of the host does not
#     land on one kernel;
#   BENCH_MODE=parallel: each pair at once, one guest pinned per host CPU,
#     the CPUs swapped every other pair.
#   BENCH_CLOCK=icount (default) or host: the guest's clock (run-bench.sh).
# Exit status 1 when the control row says the run was too noisy to judge.
set -eu
. "$(dirname "$0")/lib.sh"

boots=${BENCH_BOOTS:-3}
mode=${BENCH_MODE:-interleaved}
case $mode in interleaved | parallel) ;; *) die "BENCH_MODE: interleaved or parallel" ;; esac
"$top/scripts/deps.sh"
"$top/scripts/mktree.sh"
"$top/scripts/fetch-base.sh"
for k in ours 612; do
	"$top/scripts/build-bench.sh" "$k"
done
rm -f "$build"/results/bench-{ours,612}-[0-9]*.txt
t0=$SECONDS
for i in $(seq "$boots"); do
	if [ $((i % 2)) = 1 ]; then order="ours 612"; else order="612 ours"; fi
	if [ "$mode" = parallel ]; then
		say "bench: boot pair $i of $boots, both at once ($((SECONDS - t0)) s so far)"
		# shellcheck disable=SC2086 # two words: the kernels of this pair
		set -- $order
		BENCH_CPU=0 "$top/scripts/run-bench.sh" "$1" "$i" &
		BENCH_CPU=1 "$top/scripts/run-bench.sh" "$2" "$i" ||
			{ kill $! 2>/dev/null; wait; exit 1; }
		wait $! || exit 1
		continue
	fi
	for k in $order; do
		say "bench: boot $i of $boots, $k ($((SECONDS - t0)) s so far)"
		"$top/scripts/run-bench.sh" "$k" "$i"
	done
done
say "bench: $boots boots of each kernel ($mode) took $((SECONDS - t0)) s"
BENCH_MODE=$mode BENCH_CLOCK=${BENCH_CLOCK:-icount} python3 "$top/scripts/bench-report.py"
