# Per device MSI-X domains straight on the vector domain, the
# configuration of most x86 machines: affinity and CPU hotplug as in the
# VT-d guest.
. /tests/checks/60-affinity.sh
