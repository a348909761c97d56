# Dynamic MSI-X on QEMU's ivshmem-doorbell through the msix-dyn reference
# driver: vectors added and removed while MSI-X stays enabled and the
# vectors in use keep their irq and keep delivering. The device raises
# its own vectors through its doorbell.

ivs=$(pci_dev 0x1af4 0x1110)
ibdf=$(basename "$ivs")
dctl=/sys/kernel/debug/msix-dyn/$ibdf

# dyn_vectors ENTRY...: exactly these entries have vectors, in debugfs and
# in msi_irqs (each "msix", named msix-dyn, on the device's MSI-X chip).
dyn_vectors() {
	local want=" $* " got e irq
	got=" $(cut -d' ' -f1 $dctl/vectors | tr '\n' ' ')"
	[ "$got" = "$want" ] || { echo "entries: have$got, want$want"; return 1; }
	for irq in $(cut -d' ' -f2 $dctl/vectors); do
		msiinfo "$ivs" | grep -q "^$irq msix [0-9]* msix-dyn\$" ||
			{ echo "irq $irq not in msi_irqs as msix"; msiinfo "$ivs"; return 1; }
	done
	[ "$(msiinfo "$ivs" | grep -c .)" = $# ] || { echo "msi_irqs:"; msiinfo "$ivs"; return 1; }
	[ "$(grep -c " IR-PCI-MSIX-$ibdf " /proc/interrupts)" = $# ] ||
		{ echo "/proc/interrupts:"; grep "$ibdf" /proc/interrupts; return 1; }
}

# rung ENTRY...: ring each entry once; each gets exactly one more interrupt
# (debugfs and /proc/interrupts), the other vectors none.
rung() {
	local before after
	before=$(dyn_counts)
	echo "$*" >$dctl/ring || { echo "ring $* failed"; return 1; }
	after=$(dyn_counts)
	echo " $* " | awk -v b="$before" -v a="$after" '
		{ n = split($0, f, " "); for (i = 1; i <= n; i++) r[f[i]] = 1
		  split(b, bl, "\n"); split(a, al, "\n")
		  for (i in bl) { split(bl[i], x, " "); d0[x[1]] = x[3]; p0[x[1]] = x[4] }
		  for (i in al) { split(al[i], x, " "); if (x[1] == "") continue
			want = (x[1] in r) ? 1 : 0
			if (x[3] - d0[x[1]] != want || x[4] - p0[x[1]] != want) {
				printf "entry %s: delivered %d->%d /proc %d->%d, want +%d\n",
					x[1], d0[x[1]], x[3], p0[x[1]], x[4], want; bad = 1 } } }
		END { exit bad }'
}

# dyn_counts: "<entry> <irq> <delivered> <proc count>" per vector.
dyn_counts() {
	msiinfo "$ivs" >/tmp/ivs.$$
	awk 'NR == FNR { p[$1] = $3; next } { print $1, $2, $3, ($2 in p) ? p[$2] : -1 }' \
		/tmp/ivs.$$ $dctl/vectors
}

irq_of() { awk -v e="$1" '$1 == e { print $2 }' $dctl/vectors; }

if [ -z "$ivs" ] || [ ! -d "$dctl" ]; then
	not_ok "msix-dyn: driver bound to ivshmem-doorbell" "no device or no $dctl" "$(dmesg | grep -i -E 'ivshmem|msix')"
	return 0
fi
enabled() { grep -q "enable=1 maskall=0${1:-}" $dctl/state || { cat $dctl/state; return 1; }; }
kept() { [ "$(irq_of 0)" = "$irq0" ] || { echo "entry 0 moved from irq $irq0 to $(irq_of 0)"; return 1; }; }
step_first() { dyn_vectors 0 && rung 0; }
step_added() { dyn_vectors 0 3 && enabled; }
step_both() { kept && rung 0 3 && rung 3; }
step_any() { dyn_vectors 0 1 3 && rung 1; }
step_removed() { dyn_vectors 0 1 && kept && rung 0 1 && enabled; }
# The driver passes any entry on: the errors are pci_msix_alloc_irq_at()'s.
step_bad() {
	! echo 8 2>/tmp/err >$dctl/add || { echo "entry 8 (beyond the table) accepted"; return 1; }
	grep -q "Numerical result out of range" /tmp/err || { echo "entry 8: $(cat /tmp/err), want ERANGE"; return 1; }
	! echo 1 2>/tmp/err >$dctl/add || { echo "entry 1 (in use) accepted"; return 1; }
	grep -q "busy" /tmp/err || { echo "entry 1: $(cat /tmp/err), want EBUSY"; return 1; }
	dyn_vectors 0 1
}
step_unbound() {
	[ -z "$(ls "$ivs/msi_irqs" 2>/dev/null)" ] || { echo "msi_irqs: $(ls "$ivs/msi_irqs")"; return 1; }
	! grep " IR-PCI-MSIX-$ibdf " /proc/interrupts
}

check "msix-dyn: MSI-X enabled with entry 0, dynamic allocation supported" enabled " dyn=1"
check "msix-dyn: entry 0 delivers" step_first
irq0=$(irq_of 0)
echo 3 >$dctl/add
check "msix-dyn: entry 3 added while MSI-X stays enabled" step_added
check "msix-dyn: entry 0 kept its irq ($irq0); both deliver, each on its own irq" step_both
# lspci (Debian's pciutils) reads the capability as a user would.
check "lspci -vv: MSI-X still enabled and unmasked after entry 3 was added (table of 8)" sh -c \
	"/usr/bin/lspci -vv -n -s $ibdf | grep -q 'MSI-X: Enable+ Count=8 Masked-' ||
	 { /usr/bin/lspci -vv -n -s $ibdf; exit 1; }"
echo any >$dctl/add
check "msix-dyn: MSI_ANY_INDEX takes the first free entry (1)" step_any
echo 3 >$dctl/remove
check "msix-dyn: entry 3 removed; entries 0 and 1 stay live, MSI-X enabled" step_removed
check "msix-dyn: the core refuses entry 8 beyond the table (ERANGE) and entry 1 in use (EBUSY)" step_bad
echo 7 >$dctl/add
echo "$ibdf" >/sys/bus/pci/drivers/msix-dyn/unbind
check "msix-dyn: unbind with added vectors requested frees them all" step_unbound
echo "$ibdf" >/sys/bus/pci/drivers/msix-dyn/bind
