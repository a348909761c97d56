# The checks of the VT-d guest, below AMD-Vi.
. /tests/checks/50-msix-dyn.sh
