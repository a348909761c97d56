# The edu device and the ims-edu reference driver's debugfs control, as
# the IMS checks use them; sourced.

edu=$(pci_dev 0x1234 0x11e8)
bdf=$(basename "$edu")
ctl=/sys/kernel/debug/ims-edu/$bdf
chip=IR-EDU-IMS-$bdf

# ims_vectors: "<irq> <count>" of each IMS vector, from msi_irqs and
# /proc/interrupts; msi_vector: the same for the MSI vector.
ims_vectors() { msiinfo "$edu" | awk '$2 == "ims" { print $1, $3 }'; }
msi_vector() { msiinfo "$edu" | awk '$2 == "msi" { print $1, $3 }'; }

# vectors_ok N: N IMS vectors, each "ims", named edu-ims in /proc/interrupts
# and shown there with the IMS chip; one MSI vector named edu-dma.
vectors_ok() {
	local info
	info=$(msiinfo "$edu")
	[ "$(echo "$info" | awk '$2 == "ims" && $4 == "edu-ims"' | grep -c .)" = "$1" ] ||
		{ echo "want $1 ims vectors named edu-ims:"; echo "$info"; return 1; }
	[ "$(echo "$info" | awk '$2 == "msi" && $4 == "edu-dma"' | grep -c .)" = 1 ] ||
		{ echo "want one msi vector named edu-dma:"; echo "$info"; return 1; }
	[ "$(grep -c " $chip " /proc/interrupts)" = "$1" ] ||
		{ echo "/proc/interrupts shows $(grep -c " $chip " /proc/interrupts) $chip lines"; return 1; }
	[ "$(grep -c . $ctl/vectors)" = "$1" ] || { echo "debugfs lists:"; cat $ctl/vectors; return 1; }
}

# ims_refused WHY: the checks of a guest where the parent policy refuses
# IMS: the reason logged once, even across a rebind; the driver keeps its
# MSI vector; IMS allocation fails and nothing stays allocated.
ims_refused() {
	local why=$1
	check "ims-edu: IMS refused, logged: \"$why\"" sh -c \
		"dmesg | grep -q '$bdf: IMS refused: $why' || { dmesg | grep -i ims; exit 1; }"
	check "ims-edu: driver bound with its MSI vector only" vectors_ok 0
	check "ims-edu: IMS allocation fails with ENODEV" sh -c \
		"! echo 1 2>/tmp/err >$ctl/alloc && grep -q 'No such device' /tmp/err"
	check "ims-edu: nothing allocated after the refused attempt" vectors_ok 0
	echo "$bdf" >/sys/bus/pci/drivers/ims-edu/unbind
	echo "$bdf" >/sys/bus/pci/drivers/ims-edu/bind
	check "ims-edu: refusal logged once per device, also after a rebind" sh -c \
		"[ \$(dmesg | grep -c '$bdf: IMS refused') = 1 ] && [ -e $edu/driver ]"
}
