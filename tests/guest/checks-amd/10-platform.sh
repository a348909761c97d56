# The AMD-Vi guest: QEMU's amd-iommu with interrupt remapping and
# "ims_in_guest". Its remapping domain is the parent of the per device
# domains; one remapping table of 512 entries per requester ID holds the
# device's MSI-X and IMS vectors alike.
check "amd-iommu: interrupt remapping enabled" sh -c \
	'dmesg | grep -q "AMD-Vi: Interrupt remapping enabled" || { dmesg | grep -i amd-vi; exit 1; }'
check "edu device (1234:11e8) enumerated" pci_dev 0x1234 0x11e8
# NpCache says the unit is emulated; with "ims_in_guest" it offers IMS.
check "amd-iommu: the unit's sysfs ims reads \"offered\"" iommu_ims offered
