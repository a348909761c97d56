#!/bin/bash
# Boot a benchmark kernel under QEMU TCG once and collect the module's
# figures.
# usage: run-bench.sh ours|612 BOOT
# The machine is the same for both: q35, VT-d with interrupt remapping,
# edu (IMS, our kernel only) and ivshmem-doorbell with 2048 MSI-X vectors.
# One vCPU (BENCH_SMP to change): the module runs on one thread, and an
# idle second vCPU made boots of the same kernel differ by up to 1.6x.
# With BENCH_CPU=N, QEMU runs pinned to host CPU N (taskset).
# BENCH_CLOCK=icount (the default): while the guest runs, its clock is QEMU's
# instruction counter (-icount shift=0: one instruction is one virtual ns),
# so a figure of the module, which keeps the CPU busy, is the instructions
# the guest executed, the same on every boot whatever the host does; while
# it idles (waiting for an interrupt) its clock follows the host's.
# BENCH_CLOCK=host: the host's time throughout, which drifts with the
# host's load.
# Writes build/results/bench-<k>-<boot>.txt.
set -eu
. "$(dirname "$0")/lib.sh"

k=${1:?usage: run-bench.sh ours|612 BOOT}
i=${2:?usage: run-bench.sh ours|612 BOOT}
kernel=$build/bench-$k/arch/x86/boot/bzImage
ko=$build/bench-$k-mod/msi_bench.ko
[ -r "$kernel" ] && [ -r "$ko" ] || die "no $k kernel or module: run scripts/build-bench.sh $k"
out=$build/results/bench-$k-$i.txt
console=$build/results/bench-$k-$i-console.log

stage=$build/bench-$k-initramfs
if [ ! -r "$stage.cpio" ] || [ "$ko" -nt "$stage.cpio" ] ||
	[ "$top/tests/bench/init" -nt "$stage.cpio" ] ||
	[ "$top/tests/guest/src/vfio-msix.c" -nt "$stage.cpio" ] ||
	[ "$top/tests/guest/src/vfio-lib.h" -nt "$stage.cpio" ]; then
	rm -rf "$stage"
	mkdir -p "$stage"/{bin,proc,sys,dev,tmp}
	cp /bin/busybox "$stage/bin/busybox"
	ln -s busybox "$stage/bin/sh"
	gcc -static -O2 -Wall -Wextra -Werror -o "$stage/bin/vfio-msix" "$top/tests/guest/src/vfio-msix.c"
	cp "$top/tests/bench/init" "$stage/init"
	cp "$ko" "$stage/msi_bench.ko"
	(cd "$stage" && find . | sort | cpio -o -H newc --quiet) >"$stage.cpio"
fi

sock=$build/ivshmem-bench-$k.sock
rm -f "$sock"
python3 "$top/scripts/ivshmem-server.py" "$sock" 8 >/dev/null &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do [ -S "$sock" ] && break; sleep 0.1; done

rm -f "$out"
pin=()
[ -z "${BENCH_CPU:-}" ] || pin=(taskset -c "$BENCH_CPU")
case ${BENCH_CLOCK:=icount} in
icount) clock=(-accel tcg,thread=single -icount shift=0) ;;
host) clock=(-accel tcg) ;;
*) die "BENCH_CLOCK: icount or host" ;;
esac
"${pin[@]}" timeout --foreground 300 qemu-system-x86_64 \
	-machine q35 "${clock[@]}" -m 2G -smp "${BENCH_SMP:-1}" \
	-nographic -no-reboot -nodefaults \
	-device intel-iommu,intremap=on \
	-kernel "$kernel" -initrd "$stage.cpio" \
	-append "console=ttyS0 intel_iommu=on ims_in_guest panic=-1" \
	-serial "file:$console" -serial "file:$out" \
	-device edu,dma_mask=0xffffffffffffffff \
	-chardev socket,path="$sock",id=ivsh \
	-device ivshmem-doorbell,chardev=ivsh,vectors=2048,ioeventfd=off \
	</dev/null >/dev/null 2>&1 || true
grep -q '^# bench done' "$out" 2>/dev/null || die "the $k guest did not finish; see $console"
grep -q '^msi_bench: ' "$out" || die "no figures from $k (boot $i)"
