#!/bin/bash
# "make debian-check": what the series touches, built with Debian 12's own
# kernel configurations (package linux-config-6.1) plus config/debian.config,
# for the pinned base and for the series, on amd64 and arm64 (Debian builds
# the generic MSI code for both; DEBIAN_CHECK_ARCHES picks). The series must
# add no error and no warning. On amd64: the directories the series touches,
# Xen, Hyper-V, VMD, AMD-Vi, VT-d, NTB, idxd, VFIO and KVM; on arm64: the
# generic MSI code and its users there (GICv3 ITS, platform MSI, fsl-mc,
# SMMUv3); on both, every object of the architecture that includes a
# header the series changes. Not part of "make test": cold it takes about
# as long as a third of the test run (see README).
# Writes build/results/debian-check.tap.
set -eu
. "$(dirname "$0")/lib.sh"

"$top/scripts/fetch-base.sh"
[ -d "$tree/.git" ] || die "no $tree: run 'make tree' first"

res=$build/results
tap=$res/debian-check.tap
mkdir -p "$res"
: >"$tap"
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1" | tee -a "$tap" >&2; }
not_ok() {
	n=$((n + 1)); failed=1
	echo "not ok $n - $1" | tee -a "$tap" >&2
	[ -z "${2:-}" ] || echo "$2" | sed 's/^/#   /' | head -n 40 | tee -a "$tap" >&2
}

# Every object outside DIRS of the architecture (others' drivers left out)
# that includes a header the series changes, except <linux/pci.h>: it has
# 1870 includers, and what the series adds to it are declarations and
# stubs, compiled by every object of the directories; that its new names
# collide with nothing is checked over the whole tree below. The samples
# are off in Debian's config (make deb builds them).
local_h='"[^"]*(pci/pci|msi/msi|irq_remapping|idxd/idxd|idxd/registers|intel/iommu|amd_iommu_types)\.h"'
global_h='<(linux/msi|linux/msi_api|linux/irqdomain|asm/irqdomain|asm/irq_remapping|linux/vfio_pci_core|linux/vfio)\.h>'
includers() {
	local dirs=$1 other_arches=$2
	git -C "$tree" grep -l -E "^#include ($local_h|$global_h)" -- '*.c' |
		grep -v -E "^($(echo $dirs | sed 's| |\||g')|$other_arches|arch/x86/um/|tools/|Documentation/|samples/)" |
		sed 's/\.c$/.o/' | sort -u
}

# build ARCH NAME SRC: DIRS and EXTRA with ARCH's Debian config; the
# compiler's warnings and errors, line numbers dropped so that moved code
# compares equal, in build/debian-ARCH-NAME.diag. An object of EXTRA that
# the config leaves out may fail to build; it fails in both trees alike.
build() {
	local arch=$1 name=$2 src=$3 o=$build/debian-$1-$2 t0=$SECONDS
	# From scratch each time, so that every object's warnings are in the
	# log (ccache replays them) and no object of an earlier run counts.
	rm -rf "$o"
	mkdir -p "$o"
	debian_dotconfig "$cfg" "$src" "$o/.config" || return 1
	kmake "$src" "$o" olddefconfig >/dev/null 2>&1 || return 1
	say "debian-check: $arch $name: prepare"
	kmake "$src" "$o" prepare >"$o/build.log" 2>&1 || { tail -n 20 "$o/build.log"; return 1; }
	say "debian-check: $arch $name: $(echo $dirs | wc -w) directories and $(echo "$extra" | grep -c .) more objects"
	# shellcheck disable=SC2086
	kmake "$src" "$o" -k $dirs $extra >>"$o/build.log" 2>&1 || true
	grep -E '^[^ ]+:[0-9]+:([0-9]+:)? (warning|error):' "$o/build.log" |
		sed -E 's#^([^ :]*/)?(build/)?(src/base|linux)/##; s/:[0-9]+(:[0-9]+)?:/:/' |
		sort -u >"$build/debian-$arch-$name.diag"
	say "debian-check: $arch $name took $((SECONDS - t0)) s"
}

# check_arch ARCH: both trees built, then what the series adds compared.
check_arch() {
	local arch=$1 d=$build/debian-$1 errs new missing f
	build "$arch" base "$build/src/base" || die "the base does not prepare with Debian's $arch config"
	build "$arch" series "$tree" || die "the series does not prepare with Debian's $arch config"
	errs=$(comm -13 <(grep ' error:' "$d-base.diag") <(grep ' error:' "$d-series.diag"))
	# Objects of other architectures' drivers (irqchip, s390) that include
	# the MSI headers fail in both trees; the count says how many errors.
	if [ -z "$errs" ]; then
		ok "$arch: the series builds with Debian's config (errors in objects not for $arch, as in the base: $(grep -c ' error:' "$d-base.diag"))"
	else
		not_ok "$arch: the series builds with Debian's config" "$errs"
	fi
	# On arm64, the options of x86 hardware (NTB_INTEL, NTB_AMD) do not count.
	missing=$(grep -E '^CONFIG_' "$top/config/debian.config" | while read -r line; do
		sym=${line#CONFIG_}
		sym=${sym%%=*}
		[ "$arch" = amd64 ] || ! x86_only "$sym" "$(kconfig_of "$sym")" || continue
		grep -qxF "$line" "$d-series/.config" || echo "$line"
	done)
	if [ -z "$missing" ]; then ok "$arch: Debian's config has the series' options (config/debian.config)"; else
		not_ok "$arch: Debian's config has the series' options (config/debian.config)" "$missing"; fi
	new=$(comm -13 <(grep ' warning:' "$d-base.diag") <(grep ' warning:' "$d-series.diag"))
	if [ -z "$new" ]; then
		ok "$arch: no new warnings with Debian's config ($(grep -c ' warning:' "$d-series.diag") as in the base)"
	else
		not_ok "$arch: no new warnings with Debian's config" "$new"
	fi
	for f in $key; do
		if [ -f "$d-series/$f" ]; then ok "$arch: built with Debian's config: $f"; else
			not_ok "$arch: built with Debian's config: $f" "not in $d-series"; fi
	done
}

for arch in ${DEBIAN_CHECK_ARCHES:-amd64 arm64}; do
	cfg=$(debian_config "$arch")
	case $arch in
	amd64)
		kmake() { make -C "$1" O="$2" CC="ccache gcc" -j"$jobs" "${@:3}"; }
		# Xen, Hyper-V and KVM use the series' headers.
		dirs="kernel/irq/ drivers/pci/ drivers/iommu/ arch/x86/kernel/apic/ arch/x86/pci/
		arch/x86/xen/ drivers/xen/ arch/x86/hyperv/ drivers/hv/ drivers/ntb/
		drivers/dma/idxd/ drivers/vfio/ arch/x86/kvm/"
		extra=$(includers "$dirs" 'arch/([^x]|x[^8])')
		key="drivers/pci/msi/ims.o drivers/ntb/msi.o drivers/dma/idxd/ims.o
		drivers/vfio/pci/vfio_pci_intrs.o arch/x86/kernel/apic/msi.o
		drivers/pci/controller/vmd.o drivers/pci/controller/pci-hyperv.o
		arch/x86/pci/xen.o drivers/iommu/amd/iommu.o drivers/iommu/intel/irq_remapping.o
		arch/x86/kvm/x86.o" ;;
	arm64)
		command -v aarch64-linux-gnu-gcc >/dev/null || {
			say "debian-check: installing gcc-aarch64-linux-gnu"
			DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
				gcc-aarch64-linux-gnu >/dev/null
		}
		kmake() {
			make -C "$1" O="$2" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- \
				CC="ccache aarch64-linux-gnu-gcc" -j"$jobs" "${@:3}"
		}
		dirs="kernel/irq/ drivers/pci/ drivers/iommu/ drivers/irqchip/ drivers/base/
		drivers/bus/fsl-mc/ drivers/ntb/ drivers/vfio/ arch/arm64/kvm/"
		extra=$(includers "$dirs" 'arch/([^a]|a[^r]|ar[^m]|arm/)')
		key="kernel/irq/msi.o drivers/pci/msi/irqdomain.o drivers/pci/msi/ims.o
		drivers/irqchip/irq-gic-v3-its.o drivers/irqchip/irq-gic-v3-its-pci-msi.o
		drivers/base/platform-msi.o drivers/bus/fsl-mc/fsl-mc-msi.o
		drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3.o drivers/ntb/msi.o
		drivers/vfio/pci/vfio_pci_intrs.o" ;;
	*) die "DEBIAN_CHECK_ARCHES: amd64 and/or arm64, not $arch" ;;
	esac
	check_arch "$arch"
done

# The names the series adds to headers included all over the tree must not
# be used in the base anywhere, on any architecture: identifiers (functions,
# macros, enumerators) as words, struct, union and enum tags with their
# keyword.
hdrs="include/linux/pci.h include/linux/msi.h include/linux/msi_api.h include/linux/irqdomain.h
arch/x86/include/asm/irqdomain.h arch/x86/include/asm/irq_remapping.h
include/linux/vfio_pci_core.h include/uapi/linux/vfio.h"
# shellcheck disable=SC2086
added=$(git -C "$tree" diff base..HEAD -- $hdrs | grep -E '^\+[^+]' || true)
tags=$(echo "$added" | grep -oE '(struct|union|enum)[[:space:]]+[A-Za-z_][A-Za-z0-9_]*[[:space:]]*\{' |
	sed -E 's/[[:space:]]*\{$//; s/[[:space:]]+/ /' | sort -u)
idents=$(echo "$added" | grep -oE '#define[[:space:]]+[A-Za-z_][A-Za-z0-9_]*|[A-Za-z_][A-Za-z0-9_]*\(|^\+[[:space:]]+[A-Z][A-Z0-9_]+[[:space:]]*[=,]' |
	sed -E 's/^#define[[:space:]]+//; s/\($//; s/^\+[[:space:]]+//; s/[[:space:]]*[=,]$//' | sort -u)
# Names the base's own headers have already are changed, not added.
# shellcheck disable=SC2086
new_names=$({ echo "$tags"; echo "$idents"; } | grep . | while read -r nm; do
	(cd "$build/src/base" && grep -q -w -- "$nm" $hdrs 2>/dev/null) || echo "$nm"
done)
pat=$(echo "$new_names" | grep . | sed -E 's/ /[[:space:]]+/' | paste -sd'|')
clash=
[ -z "$pat" ] || clash=$(git -C "$tree" grep -n -w -E "$pat" base -- '*.c' '*.h' '*.S' | head -n 20 || true)
if [ -z "$pat" ]; then
	not_ok "the names the series adds to widely included headers are unused in the base" \
		"no names found in the series' header changes: the extraction is broken"
elif [ -z "$clash" ]; then
	ok "the $(echo "$new_names" | grep -c .) names the series adds to widely included headers are unused in the base"
else
	not_ok "the names the series adds to widely included headers are unused in the base" "$clash"
fi
echo "1..$n" >>"$tap"
exit $failed
