# Dynamic MSI-X through vfio-pci on QEMU's ivshmem-doorbell, driven from
# user space as a VMM would (tests/guest/src/vfio-msix.c): MSI-X reported
# resizable, vectors added while vector 0 stays enabled and delivering,
# a removed trigger keeping its vector, the growth figures of dynamic
# addition against stock's disable and re-enable, and bad SET_IRQS input.
# The device is taken from the msix-dyn driver and given back at the end.

ivs=$(pci_dev 0x1af4 0x1110)
ibdf=$(basename "$ivs")
vdrv=/sys/bus/pci/drivers/vfio-pci
ddrv=/sys/bus/pci/drivers/msix-dyn
dctl=/sys/kernel/debug/msix-dyn/$ibdf
vout=/tmp/vfio-msix.out
vready=/tmp/vfio-msix.ready
vgo=/tmp/vfio-msix.go

drv_of() { basename "$(readlink "$ivs/driver" 2>/dev/null)"; }

# vfio_vectors N: msi_irqs lists exactly N vectors, each "msix".
vfio_vectors() {
	local info
	info=$(msiinfo "$ivs")
	[ "$(echo "$info" | grep -c .)" = "$1" ] && [ "$(echo "$info" | grep -c '^[0-9]* msix ')" = "$1" ] ||
		{ echo "msi_irqs, want $1 msix vectors:"; echo "$info"; return 1; }
}

# vfio_named ENTRY...: exactly these entries' vectors carry a vfio-msix
# trigger, named vfio-msix[ENTRY](BDF) in /proc/interrupts.
vfio_named() {
	local want="" got e
	for e in "$@"; do want="${want}vfio-msix[$e]($ibdf) "; done
	got=$(msiinfo "$ivs" | awk '$2 == "msix" && $4 ~ /^vfio-msix\[/ { print $4 }' | sort | tr '\n' ' ')
	[ "$got" = "$want" ] || { echo "triggers: have '$got', want '$want'"; msiinfo "$ivs"; return 1; }
	[ "$(grep -c "vfio-msix\[[0-9]*]($ibdf)\$" /proc/interrupts)" = $# ] ||
		{ echo "/proc/interrupts:"; grep "$ibdf" /proc/interrupts; return 1; }
}

to_vfio() {
	if [ "$(drv_of)" = msix-dyn ]; then
		echo "$ibdf" >$ddrv/unbind || return 1
	fi
	echo vfio-pci >"$ivs/driver_override" || return 1
	echo "$ibdf" >$vdrv/bind || { echo "bind to vfio-pci failed"; dmesg | tail -n 5; return 1; }
	[ "$(drv_of)" = vfio-pci ] || { echo "bound to '$(drv_of)'"; return 1; }
	grp=$(basename "$(readlink "$ivs/iommu_group")")
	[ -c /dev/vfio/vfio ] && [ -c "/dev/vfio/$grp" ] || { echo "no /dev/vfio/$grp:"; ls -l /dev/vfio; return 1; }
}

# Give the device back to msix-dyn; vfio-pci disabled what a closed device
# fd left enabled.
restore() {
	[ "$(drv_of)" = vfio-pci ] && echo "$ibdf" >$vdrv/unbind
	echo >"$ivs/driver_override"
	[ -n "$(drv_of)" ] || echo "$ibdf" >$ddrv/bind
}
step_restored() {
	[ "$(cat "$ivs/driver_override")" = "(null)" ] || { echo "driver_override: $(cat "$ivs/driver_override")"; return 1; }
	[ "$(drv_of)" = msix-dyn ] || { echo "bound to '$(drv_of)'"; return 1; }
	[ -d "$dctl" ] || { echo "no $dctl"; return 1; }
	grep -q "enable=1 maskall=0" $dctl/state || { cat $dctl/state; return 1; }
	echo 0 >$dctl/ring || { echo "entry 0 does not deliver"; return 1; }
}

if [ -z "$ivs" ] || [ ! -d $vdrv ]; then
	not_ok "vfio-pci: driver and ivshmem-doorbell present" "device: '$ivs', driver dir: $(ls -d $vdrv 2>&1)"
	return 0
fi
check "vfio-pci: ivshmem-doorbell moved from msix-dyn to vfio-pci (driver_override), its group in /dev/vfio" to_vfio
if [ "$(drv_of)" != vfio-pci ]; then
	restore
	return 0
fi

step_info() {
	local out
	out=$(vfio-msix info "$ibdf") || { echo "$out"; return 1; }
	echo "$out" | grep -q "^msix count=8 noresize=0 eventfd=1 " &&
		echo "$out" | grep -q "^msi count=[0-9]* noresize=1 " || { echo "$out"; return 1; }
}
check "vfio-pci: GET_IRQ_INFO: MSI-X count=8 without NORESIZE, MSI keeps NORESIZE" step_info

# grow: the program pauses at "both" (vectors 0 and 5 live) and at
# "removed" (vector 5's trigger gone) until we touch $vgo.
# at_step STEP: the program is paused at STEP (within 60 s).
at_step() { paused_at $vready $vout "$gpid" "$1"; }
go_on() { rm -f $vready; touch $vgo; }
step_both() { at_step both && vfio_vectors 2 && vfio_named 0 5; }
step_removed() { at_step removed && vfio_vectors 2 && vfio_named 0; }
step_grown() {
	grep -q '^grow: ok$' $vout && [ "$grc" = 0 ] || { echo "vfio-msix grow: exit $grc"; cat $vout; return 1; }
}

rm -f $vready $vgo
vfio-msix -p grow "$ibdf" 5 >$vout 2>&1 &
gpid=$!
check "vfio-pci: vector 5 added while vector 0 stays enabled: msi_irqs lists 2 msix vectors, triggers vfio-msix[0] and [5]" step_both
go_on
check "vfio-pci: vector 5's trigger removed (fd -1): its vector stays allocated (2 msix vectors), only vfio-msix[0] has a trigger" step_removed
go_on
grc=0
wait $gpid || grc=$?
rm -f $vready $vgo
check "vfio-pci: grow: 5 rings each on vectors 0 and 5 counted exactly; vector 0 kept its irq and /proc count (+5); MSI-X enable bit stays set; no event without a trigger" step_grown
grep -E '^grow: (vector 0 irq=[0-9]+ ->|msix control)' $vout | while IFS= read -r l; do diag "vfio-pci $l"; done
check "vfio-pci: MSI-X disabled: msi_irqs lists no vector" vfio_vectors 0

# growth: vectors 1..7 added one at a time while vector 0 rings, timed.
for mode in dyn old; do
	vfio-msix growth "$ibdf" $mode 7 >/tmp/vfio-growth-$mode.out 2>&1
	echo "rc=$?" >>/tmp/vfio-growth-$mode.out
	grep -E '^growth ' /tmp/vfio-growth-$mode.out | while IFS= read -r l; do diag "vfio-pci $l"; done
done
# growth_ok MODE: exit 0, 7 additions timed, vector 0 rang during them.
growth_ok() {
	local f=/tmp/vfio-growth-$1.out
	grep -q '^rc=0$' $f && [ "$(grep -c "^growth $1 k=[0-9]* us=[0-9]*\$" $f)" = 7 ] &&
		grep -q "^growth $1 lost=[0-9]* rung=[1-9]" $f || { cat $f; return 1; }
}
step_growth_dyn() {
	growth_ok dyn || return 1
	grep -q '^growth dyn lost=0 ' /tmp/vfio-growth-dyn.out || { cat /tmp/vfio-growth-dyn.out; return 1; }
}
check "vfio-pci: growth dyn: vectors 1..7 added one at a time with SET_IRQS; vector 0 lost no interrupt" step_growth_dyn
check "vfio-pci: growth old: vectors 1..7 added by disable and re-enable with k+1 vectors (losses only reported)" growth_ok old
check "vfio-pci: after the growth runs msi_irqs lists no vector" vfio_vectors 0

# bad input: expected errnos, nothing left behind, 1000 enable/add/disable rounds.
vfio-msix bad "$ibdf" >/tmp/vfio-bad.out 2>&1
brc=$?
step_bad() { [ $brc = 0 ] && grep -q '^bad: ok$' /tmp/vfio-bad.out || { cat /tmp/vfio-bad.out; return 1; }; }
check "vfio-pci: bad SET_IRQS input (beyond the table, flags, fds, argsz, count) fails with the expected errno and leaves nothing; 1000 enable/add/disable rounds" step_bad
grep -E "^bad (count 0 eventfd while disabled|fd -2|block of 2|rounds)" /tmp/vfio-bad.out |
	while IFS= read -r l; do diag "vfio-pci $l"; done
check "vfio-pci: after the bad input msi_irqs lists no vector" vfio_vectors 0

restore
check "vfio-pci: ivshmem-doorbell back on msix-dyn: driver_override cleared, debugfs dir back, entry 0 delivers" step_restored
