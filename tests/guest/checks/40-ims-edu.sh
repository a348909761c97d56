# PCI/IMS on QEMU's edu device through the ims-edu reference driver: its
# MSI vector and many IMS vectors side by side, delivery counted per
# vector, the largest IMS allocation, driver unbind and PCI removal.
# The guest runs with intel-iommu,intremap=on and "ims_in_guest".

. /tests/ims-lib.sh

# counts: "<entry> <irq> <delivered> <proc count>" per IMS vector.
counts() {
	ims_vectors >/tmp/proc.$$
	awk 'NR == FNR { p[$1] = $2; next } { print $1, $2, $3, ($2 in p) ? p[$2] : -1 }' \
		/tmp/proc.$$ $ctl/vectors
}

# delivered BEFORE AFTER TIMES ENTRIES...: each listed entry got TIMES more
# interrupts on its own irq (debugfs and /proc/interrupts), the others none.
delivered() {
	local before=$1 after=$2 times=$3
	shift 3
	echo " $* " | awk -v times="$times" -v b="$before" '
		NR == 1 { n = split($0, f, " "); for (i = 1; i <= n; i++) fired[f[i]] = 1; next }
		FILENAME == b { d[$1] = $3; p[$1] = $4; next }
		{ want = ($1 in fired) ? times : 0
		  if ($3 - d[$1] != want || $4 - p[$1] != want) {
			printf "entry %s irq %s: delivered %d->%d, /proc %d->%d, want +%d\n",
				$1, $2, d[$1], $3, p[$1], $4, want; bad = 1 }
		  seen[$1] = 1 }
		END { for (e in fired) if (!(e in seen)) { print "entry " e " missing"; bad = 1 }
		      exit bad }' - "$before" "$after"
}

if [ -z "$edu" ] || [ ! -d "$ctl" ]; then
	not_ok "ims-edu: driver bound to the edu device" "no edu device or no $ctl" "$(dmesg | grep -i -E 'edu|IMS')"
	return 0
fi
check "ims-edu: driver bound, IMS domain accepted (no refusal logged)" sh -c \
	"[ \$(basename \$(readlink $edu/driver)) = ims-edu ] && ! dmesg | grep -E '$bdf: (IMS refused|no IMS)'"

# IMS_N vectors: 256 by default; AMD-Vi's per device table is smaller.
N=${IMS_N:-256}
check "ims-edu: $N IMS vectors allocated and requested" sh -c "echo $N >$ctl/alloc"
check "ims-edu: msi_irqs lists 1 msi + $N ims vectors, /proc/interrupts names them" vectors_ok $N

# Delivery by edu DMA needs a vIOMMU which remaps a device's DMA writes to
# the MSI window with the device's requester ID. QEMU 7.2's amd-iommu
# remaps DMA writes without an explicit requester ID (edu's) as the
# southbridge's, so below AMD-Vi (IMS_DELIVERY=0) the checks stop at the
# messages the remapping domain composed.
remapped_messages() {
	awk '{ if ($4 != "0fee00000") { print "entry " $1 ": address " $4; bad = 1 }
	       if ($5 in seen) { print "entries " seen[$5] " and " $1 ": data " $5; bad = 1 }
	       seen[$5] = $1 }
	     END { exit bad }' $ctl/vectors
}
if [ "${IMS_DELIVERY:-1}" = 0 ]; then
	check "ims-edu: each IMS entry holds its own remapped message (0xfee00000, its IRTE index)" \
		remapped_messages
fi

# 16 entries spread over the N, the first and the last among them.
fire=$(awk -v n=$N 'BEGIN { for (i = 0; i < 16; i++) printf "%d ", int(i * (n - 1) / 15) }')
counts >/tmp/c0
dma0=$(cat $ctl/dma_irqs)
msi0=$(msi_vector | cut -d' ' -f2)
if [ "${IMS_DELIVERY:-1}" = 0 ]; then
	:
elif echo "$fire" >$ctl/fire; then
	counts >/tmp/c1
	check "ims-edu: 16 fired IMS vectors delivered once each, on their own irq, none else" \
		delivered /tmp/c0 /tmp/c1 1 $fire
	echo "$fire" >$ctl/fire
	counts >/tmp/c2
	check "ims-edu: fired again: delivered exactly once per trigger" delivered /tmp/c0 /tmp/c2 2 $fire
	dma=$(($(cat $ctl/dma_irqs) - dma0))
	msi=$(($(msi_vector | cut -d' ' -f2) - msi0))
	check "ims-edu: the MSI vector counted each DMA (64) next to IMS ($dma, /proc +$msi)" \
		test "$dma" = 64 -a "$msi" = 64
	diag "IMS vectors fired: 32 triggers on 16 entries ($fire); delivered: $(awk '$3 > 0' /tmp/c2 | grep -c .) vectors, $(awk '{ s += $3 } END { print s }' /tmp/c2) interrupts"
else
	not_ok "ims-edu: 16 fired IMS vectors delivered once each" "fire failed" "$(dmesg | tail -n 20)"
fi

# A freed vector: its entry leaves msi_irqs, and its old message, sent
# again by the device, is delivered to no vector (remapping dropped it).
freed() {
	[ ! -e "$edu/msi_irqs/$1" ] || { echo "msi_irqs/$1 still there"; return 1; }
	vectors_ok $((N - 1))
}
stale_dropped() {
	local dma0
	counts >/tmp/s0
	dma0=$(cat $ctl/dma_irqs)
	echo "$stale" >$ctl/fire_raw || { echo "the DMA of the old message failed"; return 1; }
	counts >/tmp/s1
	delivered /tmp/s0 /tmp/s1 0 || return 1
	[ $(($(cat $ctl/dma_irqs) - dma0)) = 2 ] || { echo "MSI vector: $dma0 -> $(cat $ctl/dma_irqs), want +2"; return 1; }
}
irq17=$(awk '$1 == 17 { print $2 }' $ctl/vectors)
stale=$(awk '$1 == 17 { print $4, $5 }' $ctl/vectors)
echo 17 >$ctl/free
check "ims-edu: a freed IMS vector leaves msi_irqs" freed "$irq17"
[ "${IMS_DELIVERY:-1}" = 0 ] ||
	check "ims-edu: the freed vector's message ($stale), sent again, reaches no vector" stale_dropped

# The largest IMS allocation: requested vectors need a CPU vector each.
while echo 32 >$ctl/alloc 2>/tmp/err; do :; done
max=$(grep -c . $ctl/vectors)
diag "most IMS vectors allocated and requested on the edu device: $max; the next failed: $(cat /tmp/err)"
check "ims-edu: at least $N IMS vectors at once (reached $max)" test "$max" -ge $N
echo all >$ctl/free
check "ims-edu: freeing all IMS vectors leaves the MSI vector alone" vectors_ok 0

# Unbind and PCI removal with IMS vectors requested free everything of
# this edu device (a second one may have vectors of its own).
gone() {
	[ -z "$(ls "$edu/msi_irqs" 2>/dev/null)" ] || { echo "msi_irqs: $(ls "$edu/msi_irqs")"; return 1; }
	! grep -E "$bdf" /proc/interrupts
}
echo 64 >$ctl/alloc
echo "$bdf" >/sys/bus/pci/drivers/ims-edu/unbind
check "ims-edu: unbind with 64 IMS vectors requested frees them all" gone
echo "$bdf" >/sys/bus/pci/drivers/ims-edu/bind
rebound() {
	echo 8 >$ctl/alloc && vectors_ok 8 || return 1
	[ "${IMS_DELIVERY:-1}" = 0 ] && return 0
	echo 7 >$ctl/fire && awk '$1 == 7 && $3 == 1' $ctl/vectors | grep -q .
}
if [ "${IMS_DELIVERY:-1}" = 0 ]; then
	check "ims-edu: rebound: IMS domain created again, vectors allocated" rebound
else
	check "ims-edu: rebound: IMS domain created again, vectors allocated and deliver" rebound
fi
echo 64 >$ctl/alloc
echo 1 >"$edu/remove"
check "ims-edu: PCI remove with IMS vectors requested frees them all" sh -c \
	"[ ! -e $edu ] && ! grep -E '$bdf' /proc/interrupts"
back() {
	[ -e "$edu/driver" ] || { echo "$bdf not bound after rescan"; return 1; }
	vectors_ok 0
}
echo 1 >/sys/bus/pci/rescan
check "ims-edu: rescan brings the device back with its MSI vector only" back
