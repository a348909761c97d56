# The loopback NTB in a guest without the opt-in: the guest policy refuses
# the NTB function's own MSI domain as it refuses IMS, and ntb_msi goes on
# as before the domain existed.
. /tests/ntb-lib.sh
ntb_refused "running as a guest (CPUID hypervisor bit, emulated IOMMU); boot with ims_in_guest to allow it"
