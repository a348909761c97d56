# A guest with "ims_in_guest" but no vIOMMU: the bare vector domain has
# no interrupt remapping and refuses IMS.
. /tests/ims-lib.sh
ims_refused "no interrupt remapping to isolate its messages"
