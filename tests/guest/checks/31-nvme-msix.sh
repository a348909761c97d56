# Stock MSI-X on nvme: one vector per queue, delivery on reads.

nvme_io_irqs() {
	awk '$NF ~ /^nvme0q[1-9][0-9]*$/ { for (i = 2; i < NF; i++) if ($i ~ /^[0-9]+$/) s += $i } END { print s + 0 }' /proc/interrupts
}

nvme=$(pci_dev 0x1b36 0x0010)
if [ -z "$nvme" ]; then
	not_ok "nvme: device present" "no QEMU nvme PCI device"
else
	check "nvme: msi_irqs lists admin and I/O queue vectors, all msix" msix_vectors "$nvme" 2
	before=$(nvme_io_irqs)
	dd if=/dev/nvme0n1 of=/dev/null bs=4096 count=64 iflag=direct 2>/dev/null
	after=$(nvme_io_irqs)
	if [ "$after" -gt "$before" ]; then
		ok "nvme: I/O queue interrupts delivered on reads ($before -> $after)"
	else
		not_ok "nvme: I/O queue interrupts delivered on reads" "before=$before after=$after" "$(cat /proc/interrupts)"
	fi
fi
