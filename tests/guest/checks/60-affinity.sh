# Per device MSI-X domains and CPU affinity, as user space drives it:
# virtio-net's rx vector moved to CPU1 with smp_affinity, then CPU1 taken
# offline and back; nvme's managed queue vectors across the same. The
# vectors keep delivering wherever the kernel routes them.
. /tests/affinity-lib.sh

vnet=$(pci_dev 0x1af4 0x1000 0x1041)
vdev=$(basename "$(ls -d "$vnet"/virtio*)")
eth=$(ls "$vnet/$vdev/net")
rx=$(irq_of_name "$vdev-input.0")
ping_gw() { arping -c 2 -w 5 -I "$eth" 10.0.2.2; }

# nvme's I/O vectors are managed: one per queue, bound to the queue's CPUs.
nvme_cpu_irqs() {
	local s=0 irq
	for irq in $(awk '$NF ~ /^nvme0q[1-9]/ { sub(":", "", $1); print $1 }' /proc/interrupts); do
		s=$((s + $(cpu_irqs "$irq" "$1")))
	done
	echo "$s"
}
# nvme_reads_on CPU: reads issued on CPU complete with I/O interrupts on it.
nvme_reads_on() {
	local b a
	b=$(nvme_cpu_irqs "$1")
	taskset -c "$1" dd if=/dev/nvme0n1 of=/dev/null bs=4096 count=32 iflag=direct 2>/dev/null
	a=$(nvme_cpu_irqs "$1")
	[ "$a" -gt "$b" ] || { echo "nvme I/O irqs on CPU$1: $b -> $a"; grep nvme0q /proc/interrupts; return 1; }
}

step_moved() { move_to "$rx" 1 ping_gw; }
step_offline() {
	cpu_online 1 0 || { echo "CPU1 did not go offline"; return 1; }
	effective_is "$rx" 0 && rises_on "$rx" 0 ping_gw && nvme_reads_on 0
}
step_online() {
	cpu_online 1 1 || { echo "CPU1 did not come back"; return 1; }
	move_to "$rx" 1 ping_gw && nvme_reads_on 1 && nvme_reads_on 0
}

ip link set "$eth" up 2>/dev/null
ip addr add 10.0.2.15/24 dev "$eth" 2>/dev/null
step_nvme() { nvme_reads_on 0 && nvme_reads_on 1; }
check "affinity: nvme reads on CPU0 and on CPU1 interrupt on that CPU's queue" step_nvme
check "affinity: virtio-net rx (irq $rx) moved to CPU1 with smp_affinity, delivers there" step_moved
check "affinity: CPU1 offline: rx moved to CPU0 and delivers; nvme reads complete" step_offline
check "affinity: CPU1 back: rx moved there again and delivers; both nvme queues deliver" step_online
