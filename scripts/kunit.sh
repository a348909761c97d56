#!/bin/bash
# Build the KUnit kernel from build/linux once and run the suites under QEMU
# (q35, 2 CPUs) on one machine per x86 MSI parent domain. The machines carry
# QEMU PCI devices without a driver in the KUnit kernel for the pci_msi_qemu
# suite (e1000e, nec-usb-xhci with multi MSI, virtio-net with 2048 MSI-X
# vectors):
#   vector  no IOMMU: the vector domain; every suite
#   vtd     intel-iommu,intremap=on: the *_qemu suites
#   amdvi   amd-iommu,intremap=on (an emulated IOMMU by NpCache): the
#           *_qemu suites
#   vtdcm   intel-iommu,intremap=on,caching-mode=on: the parent check
#           (pci_msi_qemu.msi_qemu_p*), VT-d's own sign of emulation
# None of them sets the CPUID hypervisor bit, so the kernel sees bare
# metal on vector and vtd, and a guest (by the emulated IOMMU) on amdvi
# and vtdcm.
# Writes build/results/kunit-<machine>.log (console), .json (parsed
# results) and -splats.txt (kernel reports), or into RESULTS_DIR.
# KUNIT_BUILD=0 boots the kernel already built in build/kunit
# (scripts/test-repeat.sh).
set -eu
. "$(dirname "$0")/lib.sh"

[ -d "$tree/.git" ] || die "no $tree: run 'make tree' first"
out=${RESULTS_DIR:-$build/results}
mkdir -p "$out"
# No result of an earlier run may stand in for one of this run.
rm -f "$out"/kunit-*.json "$out"/kunit-*-splats.txt "$out"/kunit-*.log
kunit() {
	python3 "$tree/tools/testing/kunit/kunit.py" "$@" \
		--arch=x86_64 --build_dir="$build/kunit"
}

if [ "${KUNIT_BUILD:-1}" = 0 ]; then
	[ -r "$build/kunit/arch/x86/boot/bzImage" ] || die "no KUnit kernel in build/kunit: run 'make kunit' first"
	say "kunit: booting the kernel built in build/kunit (no build)"
else
	say "kunit: building (config/kunit.config, O=build/kunit)"
	kunit build --kunitconfig="$top/config/kunit.config" --jobs="$jobs" \
		--make_options CC="ccache gcc" >"$out/kunit-build.log" 2>&1 ||
		{ tail -n 30 "$out/kunit-build.log"; die "kunit build failed, see $out/kunit-build.log"; }
fi

devices="-machine q35 -smp 2
-netdev user,id=n0,restrict=on -device e1000e,netdev=n0
-device nec-usb-xhci,msix=off
-netdev user,id=n1,restrict=on -device virtio-net-pci,netdev=n1,vectors=2048"
bare="-cpu qemu64,hypervisor=off"
# no_timer_check: the boot's IO-APIC timer test waits ten ticks by a TSC
# calibrated earlier; when TCG slows down in between (a busy host) it sees
# too few and, below interrupt remapping, panics ("timer doesn't work
# through Interrupt-remapped IO-APIC"), stock 6.1 as well: seen on
# 2026-12-07 in one of 16 boots of the vtd machine on an overloaded host.
kargs="no_timer_check"

# run MACHINE FILTER QEMU_ARGS [KERNEL_ARGS]
run() {
	local m=$1 filter=$2 qemu=$3 args=${4:-} t0=$SECONDS
	say "kunit: running ${filter:-all suites} on the $m machine"
	# shellcheck disable=SC2086
	kunit exec --raw_output=all --timeout=600 --qemu_args="$qemu $devices" \
		--kernel_args="$kargs msi_qemu_test.machine=$m ntb_msi_kunit.machine=$m $args" ${filter:+"$filter"} \
		>"$out/kunit-$m.log" 2>&1 || true
	python3 "$tree/tools/testing/kunit/kunit.py" parse --json="$out/kunit-$m.json" \
		"$out/kunit-$m.log" >"$out/kunit-$m-parse.log" 2>&1 || true
	grep -E '^\[..:..:..\] (Testing complete|Ran|=+ \[(PASSED|FAILED)\])' \
		"$out/kunit-$m-parse.log" >&2 || true
	say "kunit: $m took $((SECONDS - t0)) s"
	"$top/scripts/splat-check.sh" "$out/kunit-$m.log" >"$out/kunit-$m-splats.txt" ||
		{ say "FAIL: kernel reports in the $m KUnit log:"; head -n 40 "$out/kunit-$m-splats.txt" >&2; }
}

run vector "" "$bare"
run vtd '*_qemu' "$bare -device intel-iommu,intremap=on" intel_iommu=on
run amdvi '*_qemu' "$bare -device amd-iommu,intremap=on"
run vtdcm 'pci_msi_qemu.msi_qemu_p*' \
	"$bare -device intel-iommu,intremap=on,caching-mode=on" intel_iommu=on
