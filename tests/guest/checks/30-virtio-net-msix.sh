# Stock MSI-X on virtio-net: sysfs msi_irqs, /proc/interrupts, delivery.

# msix_vectors DEV MIN: DEV lists at least MIN vectors, each "msix" and
# each named in /proc/interrupts.
msix_vectors() {
	local info
	info=$(msiinfo "$1") || { echo "$1 has no msi_irqs directory"; return 1; }
	echo "$info"
	[ "$(echo "$info" | grep -c .)" -ge "$2" ] || { echo "fewer than $2 vectors"; return 1; }
	! echo "$info" | awk '$2 != "msix" || $4 == "-"' | grep -q .
}

# hwirq_is_entry DEV: the vectors of DEV, in the order of their Linux irq
# numbers (virtio allocates its MSI-X entries 0..n-1 in one go), have the
# hwirqs 0..n-1 in /sys/kernel/irq/<irq>/hwirq and /proc/interrupts, and
# /proc/interrupts shows them on the chip "IR-PCI-MSIX-<bdf>".
hwirq_is_entry() {
	local irq i=0 bdf
	bdf=$(basename "$1")
	for irq in $(ls "$1/msi_irqs" | sort -n); do
		[ "$(cat /sys/kernel/irq/$irq/hwirq)" = $i ] ||
			{ echo "irq $irq: hwirq $(cat /sys/kernel/irq/$irq/hwirq), want $i"; return 1; }
		grep -E "^ *$irq:.* IR-PCI-MSIX-$bdf +$i-edge " /proc/interrupts >/dev/null ||
			{ echo "irq $irq:"; grep -E "^ *$irq:" /proc/interrupts; return 1; }
		i=$((i + 1))
	done
	[ $i -gt 0 ]
}

vnet=$(pci_dev 0x1af4 0x1000 0x1041)
if [ -z "$vnet" ]; then
	not_ok "virtio-net: device present" "no virtio-net PCI device"
else
	vdev=$(basename "$(ls -d "$vnet"/virtio*)")
	eth=$(ls "$vnet/$vdev/net")
	check "virtio-net: msi_irqs lists config, rx and tx vectors, all msix" msix_vectors "$vnet" 3
	check "virtio-net: /proc/interrupts names $vdev-config and $vdev-input.0" sh -c \
		"msiinfo $vnet | grep -q ' $vdev-config\$' && msiinfo $vnet | grep -q ' $vdev-input.0\$'"
	check "virtio-net: each vector's hwirq is its MSI-X entry, its chip the device's domain" \
		hwirq_is_entry "$vnet"

	ip link set "$eth" up
	ip addr add 10.0.2.15/24 dev "$eth"
	before=$(irq_count "$vdev-input.0")
	# QEMU's user network (restrict=on) answers ARP for its gateway.
	arping -c 3 -w 10 -I "$eth" 10.0.2.2 >/dev/null 2>&1
	after=$(irq_count "$vdev-input.0")
	if [ "$before" -ge 0 ] && [ "$after" -gt "$before" ]; then
		ok "virtio-net: rx interrupts delivered under traffic ($before -> $after)"
	else
		not_ok "virtio-net: rx interrupts delivered under traffic" "before=$before after=$after" "$(cat /proc/interrupts)"
	fi
fi
