# The test machine is what the later checks assume: VT-d with interrupt
# remapping, and the edu device.

check "intel-iommu: DMAR unit registered" sh -c 'ls /sys/class/iommu | grep -q dmar'
check "intel-iommu: interrupt remapping enabled" sh -c \
	'dmesg | grep -q "Enabled IRQ remapping" || { dmesg | grep -i -E "DMAR|remap"; exit 1; }'
check "edu device (1234:11e8) enumerated" pci_dev 0x1234 0x11e8
# With "ims_in_guest" the VT-d unit offers IMS, decided at its setup.
check "intel-iommu: the unit's sysfs ims reads \"offered\"" iommu_ims offered
