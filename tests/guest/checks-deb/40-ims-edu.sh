# The demo's IMS checks (checks/40-ims-edu.sh) on the packaged kernel.
. /tests/checks/40-ims-edu.sh
