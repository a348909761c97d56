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

check "ims-edu: 256 IMS vectors allocated and requested" sh -c "echo 256 >$ctl/alloc"
check "ims-edu: msi_irqs lists 1 msi + 256 ims vectors, /proc/interrupts names them" vectors_ok 256

# 16 entries spread over the 256, the first and the last among them.
fire="0 17 34 51 68 85 102 119 136 153 170 187 204 221 238 255"
counts >/tmp/c0
dma0=$(cat $ctl/dma_irqs)
msi0=$(msi_vector | cut -d' ' -f2)
if echo "$fire" >$ctl/fire; then
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

freed() {
	[ ! -e "$edu/msi_irqs/$1" ] || { echo "msi_irqs/$1 still there"; return 1; }
	vectors_ok 255 || return 1
	! echo 17 2>/dev/null >$ctl/fire || { echo "entry 17 fired after its free"; return 1; }
}
irq17=$(awk '$1 == 17 { print $2 }' $ctl/vectors)
echo 17 >$ctl/free
check "ims-edu: a freed IMS vector leaves msi_irqs and cannot fire" freed "$irq17"

# The largest IMS allocation: requested vectors need a CPU vector each.
while echo 32 >$ctl/alloc 2>/tmp/err; do :; done
max=$(grep -c . $ctl/vectors)
diag "most IMS vectors allocated and requested on the edu device: $max; the next failed: $(cat /tmp/err)"
check "ims-edu: at least 256 IMS vectors at once (reached $max)" test "$max" -ge 256
echo all >$ctl/free
check "ims-edu: freeing all IMS vectors leaves the MSI vector alone" vectors_ok 0

# Unbind and PCI removal with IMS vectors requested free everything.
gone() {
	[ -z "$(ls "$edu/msi_irqs" 2>/dev/null)" ] || { echo "msi_irqs: $(ls "$edu/msi_irqs")"; return 1; }
	! grep -E "edu-|$chip" /proc/interrupts
}
echo 64 >$ctl/alloc
echo "$bdf" >/sys/bus/pci/drivers/ims-edu/unbind
check "ims-edu: unbind with 64 IMS vectors requested frees them all" gone
echo "$bdf" >/sys/bus/pci/drivers/ims-edu/bind
check "ims-edu: rebound: IMS domain created again, vectors deliver" sh -c \
	"echo 8 >$ctl/alloc && echo 7 >$ctl/fire && awk '\$1 == 7 && \$3 == 1' $ctl/vectors | grep -q ."
echo 64 >$ctl/alloc
echo 1 >"$edu/remove"
check "ims-edu: PCI remove with IMS vectors requested frees them all" sh -c \
	"[ ! -e $edu ] && ! grep -E 'edu-|$chip' /proc/interrupts"
back() {
	[ -e "$edu/driver" ] || { echo "$bdf not bound after rescan"; return 1; }
	vectors_ok 0
}
echo 1 >/sys/bus/pci/rescan
check "ims-edu: rescan brings the device back with its MSI vector only" back
