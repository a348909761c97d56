# NTB MSI on the loopback NTB (samples/pci/ntb-edu.c, second edu device),
# driven by ntb_msi_test as it is: its vectors come from the NTB function's
# own MSI domain below VT-d (the guest has the opt-in) and are listed in the
# function's msi_irqs. A trigger (the CPU writes the descriptor's data into
# the outbound window, edu DMAs it to the translated message address)
# counts exactly one occurrence of its vector, in ntb_msi_test's debugfs
# and in /proc/interrupts. Unbinding the client frees the vectors.
. /tests/ntb-lib.sh

NTB_N=4
fwdf=/sys/kernel/debug/ntb-edu/$nbdf/forwarded

# ntb_occurrences: "<i> <occurrences>" for each of ntb_msi_test's vectors
ntb_occurrences() {
	local i
	for i in $(seq 0 $((NTB_N - 1))); do
		echo "$i $(cat "$nt/irq${i}_occurrences")"
	done
}

# one_more BEFORE AFTER [KEY]: the "<key> <count> ..." lists differ in one
# count, by one more, the one of KEY if given.
one_more() {
	printf '%s\n#\n%s\n' "$1" "$2" | awk -v key="${3:-}" '
		$1 == "#" { a = 1; next }
		!a { c[$1] = $2; next }
		{ d = $2 - c[$1]; if (d) { n++; if (d != 1 || (key != "" && $1 != key)) bad = 1 } }
		END { exit !(n == 1 && !bad) }' ||
		{ echo "want one more for ${3:-one of them}; before:"; echo "$1"; echo "after:"; echo "$2"; return 1; }
}

# ntb_fire I: trigger vector I of the peer (this host), wait for the
# forward: vector I counted one more occurrence, no other one did, and
# one ntb vector in /proc/interrupts counted one more.
ntb_fire() {
	local i=$1 before pbefore fwd k
	before=$(ntb_occurrences)
	pbefore=$(ntb_vectors ntb)
	fwd=$(cat "$fwdf")
	echo "$i" >"$nt/peer0/trigger" || return 1
	for k in $(seq 50); do
		[ "$(cat "$fwdf")" -gt "$fwd" ] && break
		sleep 0.1
	done
	[ "$(cat "$fwdf")" = $((fwd + 1)) ] || { echo "forwarded $fwd -> $(cat "$fwdf")"; return 1; }
	one_more "$before" "$(ntb_occurrences)" "$i" && one_more "$pbefore" "$(ntb_vectors ntb)"
}

if [ -z "$edu2" ]; then
	not_ok "ntb-edu: a second edu device" "$(ls /sys/bus/pci/devices)"
	return 0
fi
check "ntb-edu: loopback NTB bound, ntb_msi_test its client" ntb_bind
check "ntb_msi: vectors from the NTB function's own MSI domain (logged)" sh -c \
	"dmesg | grep -q '$nbdf: MSI: vectors from the MSI domain of $nbdf' || { dmesg | grep -i ntb; exit 1; }"
check "ntb_msi_test: ready, finds its $NTB_N interrupts on the peer" ntb_count_is $NTB_N
check "msi_irqs of the NTB function: 1 msi + $NTB_N ntb vectors (ntb_msi_test)" \
	ntb_vectors_are 1 $NTB_N
check "/proc/interrupts: the $NTB_N vectors on the chip IR-NTB-MSI-$nbdf" sh -c \
	"[ \$(grep ntb_msi_test /proc/interrupts | grep -c 'IR-NTB-MSI-$nbdf') = $NTB_N ]"
for i in 0 3 1; do
	check "ntb_msi_test: trigger $i counts one occurrence of vector $i, none elsewhere" ntb_fire $i
done

# The client unbound (as far as a built-in module can be unloaded): its
# vectors and the domain go, the sample's MSI vector stays.
echo "$nbdf" >"$msit/unbind"
check "ntb_msi_test unbound: msi_irqs back to the 1 msi vector" ntb_vectors_are 1 0
check "ntb_msi_test unbound: no NTB-MSI chip left in /proc/interrupts" sh -c \
	"! grep -q 'NTB-MSI-$nbdf' /proc/interrupts"
echo "$nbdf" >"$msit/bind"
check "ntb_msi_test bound again: ready with $NTB_N interrupts" ntb_count_is $NTB_N
check "ntb_msi_test bound again: 1 msi + $NTB_N ntb vectors" ntb_vectors_are 1 $NTB_N
check "ntb_msi_test bound again: trigger 2 counts one occurrence" ntb_fire 2

# ntb_transport (booted with ntb_transport.use_msi=1) as the client: its
# queue pair's vector comes from the domain and the peer's descriptor
# (its own, through the scratchpads) says MSI. No data moves: the
# loopback forwards the MSI window only.
ntb_transport_msi() {
	local k
	for k in $(seq 50); do
		dmesg | grep -q "$nbdf: Using MSI interrupts for QP0" && break
		sleep 0.1
	done
	dmesg | grep -q "$nbdf: Using MSI interrupts for QP0" ||
		{ echo "no 'Using MSI interrupts for QP0':"; dmesg | grep -i -E 'ntb|msi' | tail; return 1; }
	[ "$(msiinfo "$edu2" | awk '$2 == "ntb" && $4 == "ntb_transport"' | grep -c .)" = 1 ] ||
		{ echo "want one ntb vector named ntb_transport:"; msiinfo "$edu2"; return 1; }
}
# ntb_transport whose write of QP0's MSI descriptor into the scratchpads
# fails (ntb-edu's fault injection; its scratchpad 6 follows the 4 of the
# link and the 2 of the one memory window left beside MSI): the vector it
# requested is freed again, nothing of it stays in msi_irqs.
edudbg=/sys/kernel/debug/ntb-edu/$nbdf
ntb_transport_spad_fails() {
	local k
	for k in $(seq 50); do
		[ "$(cat "$edudbg/failed_spad_writes")" -ge $((fails0 + 2)) ] && break
		sleep 0.1
	done
	[ "$(cat "$edudbg/failed_spad_writes")" -ge $((fails0 + 2)) ] ||
		{ echo "failed_spad_writes: $(cat "$edudbg/failed_spad_writes")"; return 1; }
	for k in $(seq 20); do
		[ -z "$(ntb_vectors ntb)" ] && break
		sleep 0.1
	done
	[ -z "$(ntb_vectors ntb)" ] || { echo "ntb vectors left:"; msiinfo "$edu2"; return 1; }
	ntb_vectors_are 1 0
}
echo "$nbdf" >"$msit/unbind"
fails0=$(cat "$edudbg/failed_spad_writes")
echo 6 >"$edudbg/fail_spad"
echo "$nbdf" >/sys/bus/ntb/drivers/ntb_transport/bind
check "ntb_transport: QP0's scratchpad write fails, its MSI vector is freed" ntb_transport_spad_fails
echo "$nbdf" >/sys/bus/ntb/drivers/ntb_transport/unbind
# Now the second scratchpad (the data) fails after the first (the
# address) was written: the address goes back to 0, so that the peer (this
# host) never takes the freed vector for an MSI interrupt.
ntb_transport_spad7_fails() {
	ntb_transport_spad_fails || return 1
	! dmesg | grep -q "$nbdf: Using MSI interrupts for QP0" ||
		{ echo "the peer uses the freed vector:"; dmesg | grep -i 'QP0'; return 1; }
}
fails0=$(cat "$edudbg/failed_spad_writes")
echo 7 >"$edudbg/fail_spad"
echo "$nbdf" >/sys/bus/ntb/drivers/ntb_transport/bind
check "ntb_transport: QP0's data scratchpad fails, its address is cleared" ntb_transport_spad7_fails
echo "$nbdf" >/sys/bus/ntb/drivers/ntb_transport/unbind
echo 4294967295 >"$edudbg/fail_spad"
echo "$nbdf" >/sys/bus/ntb/drivers/ntb_transport/bind
check "ntb_transport (use_msi) bound: QP0 on a vector of the NTB domain" ntb_transport_msi
echo "$nbdf" >/sys/bus/ntb/drivers/ntb_transport/unbind
check "ntb_transport unbound: msi_irqs back to the 1 msi vector" ntb_vectors_are 1 0
check "ntb-edu: unbound, nothing left in msi_irqs" ntb_unbind
