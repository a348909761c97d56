#!/bin/sh
# "make demo": show each PCI device's interrupt vectors as a user sees
# them (sysfs msi_irqs and /proc/interrupts), before and after traffic,
# then IMS vectors next to MSI on edu and MSI-X growing on ivshmem.
. /tests/lib.sh

show() {
	local d=$1 drv=none
	[ -e "$d/driver" ] && drv=$(basename "$(readlink "$d/driver")")
	tap ""
	tap "== $(basename "$d") $(cat "$d/vendor"):$(cat "$d/device") driver=$drv"
	if [ ! -d "$d/msi_irqs" ]; then
		tap "   (no msi_irqs: no MSI, MSI-X or IMS vector allocated)"
		return
	fi
	tap "   irq   mode   count  name          (sysfs msi_irqs + /proc/interrupts)"
	msiinfo "$d" | while read -r irq mode count name; do
		tap "$(printf '   %-5s %-6s %6s  %s' "$irq" "$mode" "$count" "$name")"
	done
}

tap "# kernel $(uname -r), cmdline: $(cat /proc/cmdline)"
for d in /sys/bus/pci/devices/*; do
	case "$(cat "$d/class")" in 0x060000 | 0x060100 | 0x030000) continue ;; esac
	show "$d"
done

vnet=$(pci_dev 0x1af4 0x1000 0x1041)
nvme=$(pci_dev 0x1b36 0x0010)
tap ""
tap "-- traffic: 5 ARP requests on virtio-net, 256 direct 4 KiB reads on nvme --"
if [ -n "$vnet" ]; then
	eth=$(ls "$vnet"/virtio*/net)
	ip link set "$eth" up
	ip addr add 10.0.2.15/24 dev "$eth"
	arping -c 5 -w 10 -I "$eth" 10.0.2.2 >/dev/null 2>&1
	show "$vnet"
fi
if [ -n "$nvme" ]; then
	dd if=/dev/nvme0n1 of=/dev/null bs=4096 count=256 iflag=direct 2>/dev/null
	show "$nvme"
fi
edu=$(pci_dev 0x1234 0x11e8)
ctl=/sys/kernel/debug/ims-edu/$(basename "$edu")
if [ -d "$ctl" ]; then
	tap ""
	tap "-- edu (ims-edu driver): 16 IMS vectors next to its MSI vector; entries 0 5 10 15 fired, 15 twice --"
	echo 16 >$ctl/alloc
	echo "0 5 10 15 15" >$ctl/fire
	show "$edu"
	tap "   (each fire is 2 DMAs; the MSI vector edu-dma counts their completions)"
fi
ivs=$(pci_dev 0x1af4 0x1110)
dctl=/sys/kernel/debug/msix-dyn/$(basename "$ivs")
if [ -d "$dctl" ]; then
	tap ""
	tap "-- ivshmem-doorbell (msix-dyn driver): MSI-X entries 3 and 6 added while entry 0 stays live; 0 3 6 rung --"
	echo 3 >$dctl/add
	echo 6 >$dctl/add
	echo "0 3 6 6" >$dctl/ring
	show "$ivs"
	tap "   $(cat $dctl/state)"
fi
# await_step PROGRAM-READY-FILE: until the paused program is ready.
await_step() {
	local i
	for i in $(seq 300); do [ -e "$1" ] && return 0; sleep 0.1; done
	return 1
}
if [ -d "$dctl" ] && [ -d /sys/bus/pci/drivers/vfio-pci ]; then
	ibdf=$(basename "$ivs")
	tap ""
	tap "-- VFIO user (tests/guest/src/vfio-msix.c): ivshmem-doorbell on vfio-pci; vector 5 added while vector 0 stays live --"
	echo "$ibdf" >/sys/bus/pci/drivers/msix-dyn/unbind
	echo vfio-pci >"$ivs/driver_override"
	echo "$ibdf" >/sys/bus/pci/drivers/vfio-pci/bind
	rm -f /tmp/vfio-msix.ready /tmp/vfio-msix.go
	vfio-msix -p grow "$ibdf" 3 >/tmp/vfio-msix.demo 2>&1 &
	if await_step /tmp/vfio-msix.ready; then
		show "$ivs"
		touch /tmp/vfio-msix.go
		await_step /tmp/vfio-msix.ready && touch /tmp/vfio-msix.go
	fi
	wait
	grep -E '^grow: (vector|msix)' /tmp/vfio-msix.demo | while read -r l; do tap "   $l"; done
	echo "$ibdf" >/sys/bus/pci/drivers/vfio-pci/unbind
	echo >"$ivs/driver_override"
	echo "$ibdf" >/sys/bus/pci/drivers/msix-dyn/bind
fi
types=$edu/mdev_supported_types/ims-edu-ims8
if [ -d "$types" ]; then
	uuid=83b8f4f2-509f-382f-3c1e-e6bfe0fa10de
	tap ""
	tap "-- VFIO mdev (samples/vfio-mdev/edu-ims-mdev.c): vectors 0, 1, 7 of an mdev, 1 and 7 backed by edu IMS vectors --"
	echo "$uuid" >"$types/create"
	rm -f /tmp/vfio-mdev.ready /tmp/vfio-mdev.go
	vfio-mdev run "$uuid" -p >/tmp/vfio-mdev.demo 2>&1 &
	if await_step /tmp/vfio-mdev.ready; then
		show "$edu"
		touch /tmp/vfio-mdev.go
		await_step /tmp/vfio-mdev.ready && touch /tmp/vfio-mdev.go
	fi
	wait
	tap "   after the mdev's vectors went: $(msiinfo "$edu" | grep -c ' ims ') ims vectors on edu"
	echo 1 >/sys/bus/mdev/devices/$uuid/remove
fi
tap ""
tap "-- /proc/interrupts, message-signalled lines --"
head -n 1 /proc/interrupts >&3
grep -E 'MSI|IR-' /proc/interrupts >&3
tap "# e2e done"
