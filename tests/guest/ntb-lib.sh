# The loopback NTB (samples/pci/ntb-edu.c) on the second edu device, whose
# client is ntb_msi_test (drivers/ntb/test, unmodified); sourced. The first
# edu device belongs to the IMS checks.
edu2=$(for d in /sys/bus/pci/devices/*; do
	[ "$(cat "$d/vendor")" = 0x1234 ] && [ "$(cat "$d/device")" = 0x11e8 ] && echo "$d"
done | sed -n 2p)
nbdf=$(basename "${edu2:-none}")
ntbdev=/sys/bus/ntb/devices/$nbdf
nt=/sys/kernel/debug/ntb_msi_test/$nbdf
msit=/sys/bus/ntb/drivers/ntb_msi_test

# ntb_vectors MODE: the vectors of the second edu device in MODE, "<irq> <count> <name>"
ntb_vectors() { msiinfo "$edu2" | awk -v m="$1" '$2 == m { print $1, $3, $4 }'; }

# ntb_bind: the second edu device leaves ims-edu for ntb-edu (by
# driver_override: the ID is ims-edu's), which registers the NTB device;
# ntb_msi_test, a registered client, takes it.
ntb_bind() {
	[ -e "$edu2/driver" ] && echo "$nbdf" >"$edu2/driver/unbind"
	echo ntb-edu >"$edu2/driver_override"
	echo "$nbdf" >/sys/bus/pci/drivers_probe
	[ "$(basename "$(readlink "$edu2/driver")")" = ntb-edu ] ||
		{ echo "driver: '$(readlink "$edu2/driver")'"; dmesg | grep -i ntb | tail; return 1; }
	[ "$(basename "$(readlink "$ntbdev/driver")")" = ntb_msi_test ] ||
		{ echo "NTB device $ntbdev, client '$(readlink "$ntbdev/driver")'"; dmesg | grep -i ntb | tail; return 1; }
}

# ntb_ready: ntb_msi_test has found its peer's (its own) interrupts.
ntb_ready() {
	local i
	for i in $(seq 100); do
		[ "$(cat "$nt/peer0/ready" 2>/dev/null)" = 1 ] && return 0
		sleep 0.1
	done
	echo "ntb_msi_test not ready: $(ls "$nt" 2>&1)"; dmesg | grep -i -E 'ntb|msi' | tail
	return 1
}

# ntb_count_is N: ntb_msi_test is ready and found N interrupts on its peer.
ntb_count_is() {
	ntb_ready || return 1
	[ "$(cat "$nt/peer0/count")" = "$1" ] || { echo "peer0/count: $(cat "$nt/peer0/count")"; return 1; }
}

# ntb_vectors_are MSI NTB: msi_irqs of the second edu device lists MSI
# "msi" and NTB "ntb" vectors, the ntb ones named ntb_msi_test.
ntb_vectors_are() {
	local info
	info=$(msiinfo "$edu2")
	[ "$(echo "$info" | awk '$2 == "msi"' | grep -c .)" = "$1" ] &&
		[ "$(echo "$info" | awk '$2 == "ntb" && $4 == "ntb_msi_test"' | grep -c .)" = "$2" ] &&
		[ "$(echo "$info" | grep -c .)" = $(($1 + $2)) ] ||
		{ echo "want $1 msi and $2 ntb vectors (ntb_msi_test):"; echo "$info"; return 1; }
}

# ntb_unbind: ntb-edu goes; the NTB device and every vector of the second
# edu device go with it, and driver_override is cleared.
ntb_unbind() {
	echo "$nbdf" >/sys/bus/pci/drivers/ntb-edu/unbind
	echo >"$edu2/driver_override"
	[ ! -e "$ntbdev" ] || { echo "$ntbdev is still there"; return 1; }
	[ -z "$(msiinfo "$edu2" 2>/dev/null)" ] || { echo "vectors left:"; msiinfo "$edu2"; return 1; }
}

# ntb_refused WHY: where the MSI parent refuses the NTB domain, the refusal
# is logged, ntb_msi goes on with the NTB function's unrequested MSI-X
# vectors (the sample's one MSI vector is requested: none) and
# ntb_msi_test finds no interrupt; unbinding leaves nothing.
ntb_refused() {
	local why=$1
	if [ -z "$edu2" ]; then
		not_ok "ntb-edu: a second edu device" "$(ls /sys/bus/pci/devices)"
		return 0
	fi
	check "ntb-edu: loopback NTB bound, ntb_msi_test its client" ntb_bind
	check "ntb_msi: NTB MSI domain refused, logged: \"$why\"" sh -c \
		"dmesg | grep -q '$nbdf: NTB MSI domain refused: $why' || { dmesg | grep -i ntb; exit 1; }"
	check "ntb_msi: falls back to unrequested MSI-X vectors, logged" sh -c \
		"dmesg | grep -q '$nbdf: MSI: no MSI domain of its own; unrequested MSI-X vectors of $nbdf'"
	check "ntb_msi_test: ready, its peer (itself) has 0 interrupts" ntb_count_is 0
	check "ntb-edu: no ntb vector in msi_irqs, only the sample's msi" ntb_vectors_are 1 0
	check "ntb-edu: unbound, nothing left in msi_irqs" ntb_unbind
}
