# The checks of the VT-d guest, below AMD-Vi, without delivery by DMA:
# see 40-ims-edu.sh on QEMU 7.2's amd-iommu.
IMS_DELIVERY=0
. /tests/checks/40-ims-edu.sh
