#!/bin/bash
# Build a benchmark guest kernel and the benchmark module against it.
# usage: build-bench.sh ours|612
#   ours: build/linux (the series) into build/bench-ours
#   612:  build/src/ref (Debian's linux-source-6.12) into build/bench-612
# Both use allnoconfig + config/bench.config. The module is built out of
# tree from tests/bench/msi_bench.c into build/bench-<k>-mod.
set -eu
. "$(dirname "$0")/lib.sh"

k=${1:?usage: build-bench.sh ours|612}
case $k in
ours) src=$tree ;;
612) src=$build/src/ref ;;
*) die "unknown kernel $k (ours, 612)" ;;
esac
[ -f "$src/Makefile" ] || die "no kernel source in $src: run 'make tree'"
o=$build/bench-$k
mod=$build/bench-$k-mod
frag=$top/config/bench.config
log=$build/results/bench-$k-build.log
mkdir -p "$o" "$mod" "$build/results"
kmake() { make -C "$src" O="$o" CC="ccache gcc" -j"$jobs" "$@"; }

stamp=$(cat "$frag" "$src/Makefile" | sha1sum | cut -c1-12)
configure_kernel "bench-$k" "$src" "$o" "$frag" "$log" "$stamp"
say "bench: building the $k kernel (O=build/bench-$k, log $log)"
kmake bzImage modules >>"$log" 2>&1 || { tail -n 30 "$log"; die "$k kernel build failed"; }

# One source for both kernels, built out of tree: tests/bench/msi_bench.c.
cp "$top/tests/bench/msi_bench.c" "$mod/msi_bench.c"
echo 'obj-m := msi_bench.o' >"$mod/Kbuild"
kmake M="$mod" modules >>"$log" 2>&1 || { tail -n 30 "$log"; die "benchmark module build for $k failed"; }
say "bench: $k $(cat "$o/include/config/kernel.release") and its msi_bench.ko built"
