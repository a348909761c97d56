#!/bin/bash
# Boot the end-to-end kernel under QEMU TCG (q35, VT-d with interrupt
# remapping, edu, virtio-net, nvme, ivshmem-doorbell, a second edu as
# loopback NTB) and collect the guest's TAP.
# E2E_VARIANT picks the machine and the guest's checks:
#   main       VT-d + "ims_in_guest" (+ ntb_transport.use_msi=1): all
#              checks in tests/guest/checks
#   no-optin   VT-d in caching mode, no opt-in: IMS and the NTB domain
#              refused by the guest policy, which names both signs of a
#              guest (CPUID, vIOMMU)
#   no-viommu  no VT-d, opt-in: IMS and the NTB domain refused for lack of
#              remapping; MSI-X affinity and CPU hotplug on the bare
#              vector domain
#   amd        AMD-Vi (amd-iommu,intremap=on) + opt-in: IMS and dynamic
#              MSI-X below the AMD-Vi remapping domain
#   deb        the kernel of "make deb" (E2E_KERNEL, E2E_INITRD): the demo's
#              IMS and dynamic MSI-X checks with the samples as modules
# Writes build/results/e2e[-variant]-console.log and e2e[-variant].tap;
# fails on a failed check, a guest that did not finish, or any splat.
set -eu
. "$(dirname "$0")/lib.sh"

kernel=${E2E_KERNEL:-$build/e2e/arch/x86/boot/bzImage}
[ -r "$kernel" ] || die "no $kernel: run scripts/build-e2e.sh first"
out=${RESULTS_DIR:-$build/results}
mkdir -p "$out"
initrd=${E2E_INITRD:-$build/initramfs.cpio}
[ -n "${E2E_INITRD:-}" ] || "$top/scripts/initramfs.sh"
img=$build/nvme.img
[ -f "$img" ] || truncate -s 64M "$img"
variant=${E2E_VARIANT:-main}
iommu="-device intel-iommu,intremap=on"
# no_timer_check: as in scripts/kunit.sh, the IO-APIC timer test of a boot
# on a busy host would panic below interrupt remapping.
cmdline="console=ttyS0 intel_iommu=on panic=-1 no_timer_check e2e.variant=$variant"
# The outbound window of the loopback NTB on the second edu device
# (samples/pci/ntb-edu.c): 64K of the guest's memory set aside at boot.
cmdline="$cmdline memmap=64K\$0x60000000 ntb_edu.mw_base=0x60000000"
case $variant in
main) name=e2e cmdline="$cmdline ims_in_guest ims_edu.raw_dma=1 ntb_transport.use_msi=1" ;;
no-optin) name=e2e-$variant iommu="$iommu,caching-mode=on" cmdline="$cmdline kunit.enable=0" ;;
no-viommu) name=e2e-$variant iommu= cmdline="$cmdline ims_in_guest kunit.enable=0" ;;
amd) name=e2e-$variant iommu="-device amd-iommu,intremap=on" cmdline="$cmdline ims_in_guest kunit.enable=0" ;;
deb) name=e2e-$variant cmdline="$cmdline ims_in_guest" ;;
*) die "unknown E2E_VARIANT $variant (main, no-optin, no-viommu, amd, deb)" ;;
esac
tapf=$out/$name.tap
console=$out/$name-console.log
rm -f "$tapf" "$console" "$out/$name-splats.txt"
# build/e2e's image only when its last build succeeded (bzImage.ok holds the
# checksum scripts/build-e2e.sh wrote), never one a failed build left.
if [ -z "${E2E_KERNEL:-}" ] &&
	[ "$(sha1sum <"$kernel")" != "$(cat "$build/e2e/bzImage.ok" 2>/dev/null)" ]; then
	die "$kernel is not the image of a successful scripts/build-e2e.sh (the last build failed?): not booting it"
fi

# ivshmem-doorbell (dynamic MSI-X checks) needs its server on a socket.
sock=$build/ivshmem-$variant.sock
rm -f "$sock"
python3 "$top/scripts/ivshmem-server.py" "$sock" 8 >/dev/null &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do [ -S "$sock" ] && break; sleep 0.1; done
[ -S "$sock" ] || die "the ivshmem server did not start"

say "e2e: booting the $variant guest (TCG, bounded to ${E2E_TIMEOUT:=900} s)"
start=$(date +%s)
rc=0
timeout --foreground "$E2E_TIMEOUT" qemu-system-x86_64 \
	-machine q35 -accel tcg -m 2G -smp 2,maxcpus=8 \
	-nographic -no-reboot -nodefaults \
	$iommu \
	-kernel "$kernel" -initrd "$initrd" \
	-append "$cmdline ${E2E_CMDLINE:-}" \
	-serial "file:$console" -serial "file:$tapf" \
	-device edu,dma_mask=0xffffffffffffffff \
	-netdev user,id=net0,restrict=on -device virtio-net-pci,netdev=net0 \
	-drive file="$img",if=none,id=nvm0,format=raw -device nvme,serial=ims0,drive=nvm0 \
	-chardev socket,path="$sock",id=ivsh \
	-device ivshmem-doorbell,chardev=ivsh,vectors=8,ioeventfd=off \
	-device edu,dma_mask=0xffffffffffffffff \
	</dev/null >"$out/$name-qemu.log" 2>&1 || rc=$?
say "e2e: guest ran $(($(date +%s) - start)) s (qemu exit $rc)"

fail=0
grep -E '^(not )?ok ' "$tapf" >&2 || true
if ! grep -q '^# e2e done' "$tapf"; then
	say "FAIL: the guest did not finish its checks (timeout or crash); see $console"
	tail -n 20 "$console" >&2
	fail=1
fi
grep -q '^not ok ' "$tapf" && fail=1
if ! "$top/scripts/splat-check.sh" "$console" >"$out/$name-splats.txt"; then
	say "FAIL: kernel reports in the console log:"
	head -n 40 "$out/$name-splats.txt" >&2
	fail=1
fi
exit $fail
