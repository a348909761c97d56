# IMS vectors below VT-d and CPU affinity: an IMS vector moved to CPU1,
# CPU1 taken offline while it is there, and back. Remapping reroutes the
# vector without a new message in the IMS entry; it keeps delivering.
. /tests/ims-lib.sh
. /tests/affinity-lib.sh

echo 4 >$ctl/alloc
irq=$(awk '$1 == 2 { print $2 }' $ctl/vectors)
fire2() { echo 2 >$ctl/fire; }
step_moved() { move_to "$irq" 1 fire2; }
step_offline() {
	cpu_online 1 0 || { echo "CPU1 did not go offline"; return 1; }
	effective_is "$irq" 0 && rises_on "$irq" 0 fire2
}
step_online() {
	cpu_online 1 1 || { echo "CPU1 did not come back"; return 1; }
	move_to "$irq" 1 fire2
}
check "ims affinity: IMS vector (irq $irq) moved to CPU1 delivers there" step_moved
check "ims affinity: CPU1 offline: the IMS vector moves to CPU0 and delivers" step_offline
check "ims affinity: CPU1 back: moved there again, delivers there" step_online
echo all >$ctl/free
