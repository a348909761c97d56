# A guest with a vIOMMU in caching mode but without "ims_in_guest": the
# guest policy refuses IMS, and says how it knew it runs in a guest.
. /tests/ims-lib.sh
ims_refused "running as a guest (CPUID hypervisor bit, emulated IOMMU)"
