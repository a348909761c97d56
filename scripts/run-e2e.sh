#!/bin/bash
# Boot the end-to-end kernel under QEMU TCG (q35, VT-d with interrupt
# remapping, edu, virtio-net, nvme) and collect the guest's TAP.
# Writes build/results/e2e-console.log and e2e.tap; fails on a failed
# check, a guest that did not finish, or any kernel splat.
set -eu
. "$(dirname "$0")/lib.sh"

kernel=$build/e2e/arch/x86/boot/bzImage
[ -r "$kernel" ] || die "no $kernel: run scripts/build-e2e.sh first"
out=$build/results
mkdir -p "$out"
"$top/scripts/initramfs.sh"
img=$build/nvme.img
[ -f "$img" ] || truncate -s 64M "$img"
rm -f "$out/e2e.tap" "$out/e2e-console.log"

say "e2e: booting the guest (TCG, bounded to ${E2E_TIMEOUT:=900} s)"
start=$(date +%s)
rc=0
timeout --foreground "$E2E_TIMEOUT" qemu-system-x86_64 \
	-machine q35 -accel tcg -m 2G -smp 2,maxcpus=8 \
	-nographic -no-reboot -nodefaults \
	-device intel-iommu,intremap=on \
	-kernel "$kernel" -initrd "$build/initramfs.cpio" \
	-append "console=ttyS0 intel_iommu=on panic=-1 ${E2E_CMDLINE:-}" \
	-serial "file:$out/e2e-console.log" -serial "file:$out/e2e.tap" \
	-device edu,dma_mask=0xffffffffffffffff \
	-netdev user,id=net0,restrict=on -device virtio-net-pci,netdev=net0 \
	-drive file="$img",if=none,id=nvm0,format=raw -device nvme,serial=ims0,drive=nvm0 \
	</dev/null >"$out/e2e-qemu.log" 2>&1 || rc=$?
say "e2e: guest ran $(($(date +%s) - start)) s (qemu exit $rc)"

fail=0
grep -E '^(not )?ok ' "$out/e2e.tap" >&2 || true
if ! grep -q '^# e2e done' "$out/e2e.tap"; then
	say "FAIL: the guest did not finish its checks (timeout or crash); see $out/e2e-console.log"
	tail -n 20 "$out/e2e-console.log" >&2
	fail=1
fi
grep -q '^not ok ' "$out/e2e.tap" && fail=1
if ! "$top/scripts/splat-check.sh" "$out/e2e-console.log" >"$out/e2e-splats.txt"; then
	say "FAIL: kernel reports in the console log:"
	head -n 40 "$out/e2e-splats.txt" >&2
	fail=1
fi
exit $fail
