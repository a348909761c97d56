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

vnet=$(pci_dev 0x1af4 0x1000 0x1041)
if [ -z "$vnet" ]; then
	not_ok "virtio-net: device present" "no virtio-net PCI device"
else
	vdev=$(basename "$(ls -d "$vnet"/virtio*)")
	eth=$(ls "$vnet/$vdev/net")
	check "virtio-net: msi_irqs lists config, rx and tx vectors, all msix" msix_vectors "$vnet" 3
	check "virtio-net: /proc/interrupts names $vdev-config and $vdev-input.0" sh -c \
		"msiinfo $vnet | grep -q ' $vdev-config\$' && msiinfo $vnet | grep -q ' $vdev-input.0\$'"

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
