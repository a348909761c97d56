# A guest with "ims_in_guest" but no vIOMMU: the bare vector domain has
# no interrupt remapping and refuses IMS.
. /tests/ims-lib.sh
ims_refused "its MSI parent domain offers no IMS (no interrupt remapping)"
