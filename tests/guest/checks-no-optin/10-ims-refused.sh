# A guest with a vIOMMU in caching mode but without "ims_in_guest": the
# guest policy refuses IMS, and says how it knew it runs in a guest.
. /tests/ims-lib.sh
why="running as a guest (CPUID hypervisor bit, emulated IOMMU); boot with ims_in_guest to allow it"
ims_refused "$why"
# Decided once, when the unit's interrupt remapping was set up: logged
# then, and shown by the unit in sysfs.
check "intel-iommu: the unit's sysfs ims reads \"refused: $why\"" iommu_ims "refused: $why"
check "intel-iommu: the unit logged at setup: no PCI/IMS, $why" sh -c \
	"dmesg | grep -q 'no PCI/IMS for its devices: $why' || { dmesg | grep -i ims; exit 1; }"
