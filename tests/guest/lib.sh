# TAP helpers for the guest checks; sourced.
# Results go to the second serial port, the kernel log stays on ttyS0.
TAP_OUT=${TAP_OUT:-/dev/ttyS1}
n=0
# Keep the port open: opening it requests its irq, which fails while a
# check has used up all interrupt vectors.
exec 3>"$TAP_OUT"

tap() { echo "$*" >&3; }
diag() { tap "# $*"; echo "e2e: $*" >/dev/console; }

ok() {
	n=$((n + 1))
	tap "ok $n - $1"
	echo "e2e: ok $n - $1" >/dev/console
}

# not_ok DESC [DIAG...]: a failed check and lines saying why.
not_ok() {
	n=$((n + 1))
	tap "not ok $n - $1"
	echo "e2e: not ok $n - $1" >/dev/console
	shift
	for l in "$@"; do
		echo "$l" | while IFS= read -r line; do tap "#   $line"; done
	done
}

# check DESC CMD...: run CMD; its output becomes the diagnostic on failure.
check() {
	local desc=$1 out
	shift
	if out=$("$@" 2>&1); then
		ok "$desc"
	else
		not_ok "$desc" "$out"
	fi
}

# pci_dev VENDOR DEVICE...: sysfs path of the first device matching one id.
pci_dev() {
	local d v=$1
	shift
	for d in /sys/bus/pci/devices/*; do
		[ "$(cat "$d/vendor")" = "$v" ] || continue
		for id in "$@"; do
			[ "$(cat "$d/device")" = "$id" ] && { echo "$d"; return 0; }
		done
	done
	return 1
}

# iommu_ims WANT: what each IOMMU unit's sysfs "ims" attribute reads (whether
# PCI devices below its interrupt remapping may have IMS, decided when the
# unit was set up) is WANT for every unit, and there is at least one.
iommu_ims() {
	local f n=0
	for f in /sys/class/iommu/*/*-iommu/ims; do
		[ -r "$f" ] || continue
		n=$((n + 1))
		[ "$(cat "$f")" = "$1" ] || { echo "$f: $(cat "$f")"; return 1; }
	done
	[ $n -gt 0 ] || { echo "no IOMMU unit has an ims attribute"; ls /sys/class/iommu; return 1; }
}

# irq_count NAME: interrupts delivered to the irq whose action is NAME.
irq_count() {
	awk -v name="$1" '$NF == name { s = 0; for (i = 2; i < NF; i++) if ($i ~ /^[0-9]+$/) s += $i; print s; f = 1 }
		END { if (!f) print -1 }' /proc/interrupts
}

# leak_check: force kmemleak scans and report what they find.
leak_check() {
	local km=/sys/kernel/debug/kmemleak
	if [ ! -w $km ]; then
		not_ok "kmemleak is active" "$km is missing or disabled"
		return
	fi
	# Objects younger than 5 s are not reported; scan twice as documented.
	# A kmemleak that disabled itself refuses both: that is a failure too.
	sleep 6
	if ! { echo scan >$km && echo scan >$km && leaks=$(cat $km); } 2>/dev/null; then
		not_ok "kmemleak: no leaks after forced scans" "kmemleak is disabled: $(dmesg | grep -i kmemleak | tail -n 3)"
		return
	fi
	if [ -z "$leaks" ]; then
		ok "kmemleak: no leaks after forced scans"
	else
		echo "$leaks" >/dev/console
		not_ok "kmemleak: no leaks after forced scans" "$(echo "$leaks" | head -n 40)"
	fi
}

# paused_at READY OUT PID STEP: the background test program PID (output in
# OUT) has written STEP to its READY file and waits (within 60 s); a
# program that failed or ended first is reported with its output.
paused_at() {
	local ready=$1 out=$2 pid=$3 step=$4 i=0
	while [ "$(cat "$ready" 2>/dev/null)" != "$step" ]; do
		if grep -q '^FAIL' "$out" || ! kill -0 "$pid" 2>/dev/null; then
			echo "$(basename "$out" .out) stopped before step $step:"; cat "$out"; return 1
		fi
		i=$((i + 1))
		[ $i -lt 600 ] || { echo "no step $step within 60 s:"; cat "$out"; return 1; }
		sleep 0.1
	done
}
