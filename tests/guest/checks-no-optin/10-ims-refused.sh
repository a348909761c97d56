# A guest with a vIOMMU but without "ims_in_guest": the guest policy
# refuses IMS.
. /tests/ims-lib.sh
ims_refused "running as a guest"
