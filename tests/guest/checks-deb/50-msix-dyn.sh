# The demo's dynamic MSI-X checks (checks/50-msix-dyn.sh) on the packaged kernel.
. /tests/checks/50-msix-dyn.sh
# Debian's config has no KASAN, lockdep or debugobjects to report on: a
# WARN or an oops anywhere in this boot taints the kernel (W, D).
check "the packaged kernel did not WARN or oops (taint W and D clear)" sh -c \
	'[ $(( $(cat /proc/sys/kernel/tainted) & 640 )) = 0 ]'
