# VFIO mediated devices on QEMU's edu device (samples/vfio-mdev/
# edu-ims-mdev.c), driven from user space as a VMM would
# (tests/guest/src/vfio-mdev.c): each mdev has 8 MSI-X vectors, vector 0
# emulated, vectors 1-7 backed by IMS vectors of the edu device, which the
# ims-edu driver allocates when their trigger is first set and frees when
# it is removed. They show in the edu device's msi_irqs as "ims", named
# edu-mdev<N>-v<k> in /proc/interrupts. Every mdev made here is removed at
# the end, also after a failure.

. /tests/ims-lib.sh

mdt=$edu/mdev_supported_types/ims-edu-ims8
mdbus=/sys/bus/mdev/devices
md1=83b8f4f2-509f-382f-3c1e-e6bfe0fa1001
md2=83b8f4f2-509f-382f-3c1e-e6bfe0fa1002
md3=83b8f4f2-509f-382f-3c1e-e6bfe0fa1003
md4=83b8f4f2-509f-382f-3c1e-e6bfe0fa1004
md5=83b8f4f2-509f-382f-3c1e-e6bfe0fa1005
mdout=/tmp/vfio-mdev.out
mdready=/tmp/vfio-mdev.ready
mdgo=/tmp/vfio-mdev.go
mdpid=

# md_vectors N NAME...: the edu device's msi_irqs lists N ims vectors more
# than at the start; those named edu-mdev* are exactly NAME...
md_vectors() {
	local want=$((mdims0 + $1)) info got names=""
	shift
	[ $# = 0 ] || names=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
	info=$(msiinfo "$edu")
	got=$(echo "$info" | awk '$2 == "ims"' | grep -c .)
	[ "$got" = "$want" ] || { echo "msi_irqs lists $got ims vectors, want $want:"; echo "$info"; return 1; }
	got=$(echo "$info" | awk '$2 == "ims" && $4 ~ /^edu-mdev/ { print $4 }' | sort | tr '\n' ' ')
	[ "$got" = "$names" ] || { echo "ims vectors named edu-mdev*: '$got', want '$names':"; echo "$info"; return 1; }
}

md_avail() { cat $mdt/available_instances; }
md_group() { basename "$(readlink "$mdbus/$1/iommu_group")"; }

# md_create UUID: the mdev is created, bound to edu-ims-mdev, has its
# group in /dev/vfio and a number; one instance fewer.
md_create() {
	local d=$mdbus/$1 avail grp
	avail=$(md_avail)
	echo "$1" >$mdt/create || { echo "create failed:"; dmesg | tail -n 5; return 1; }
	[ -e "$d" ] || { echo "no $d"; return 1; }
	[ "$(basename "$(readlink "$d/driver")")" = edu-ims-mdev ] || { echo "driver: '$(readlink "$d/driver")'"; return 1; }
	[ "$(basename "$(readlink "$d/mdev_type")")" = ims-edu-ims8 ] || { echo "mdev_type: '$(readlink "$d/mdev_type")'"; return 1; }
	grp=$(md_group "$1")
	[ -n "$grp" ] && [ -c "/dev/vfio/$grp" ] || { echo "no /dev/vfio/$grp:"; ls -l /dev/vfio; return 1; }
	grep -qx '[0-9][0-9]*' "$d/vendor/id" || { echo "vendor/id: $(cat "$d/vendor/id" 2>&1)"; return 1; }
	[ "$(md_avail)" = $((avail - 1)) ] || { echo "available_instances $avail -> $(md_avail), want -1"; return 1; }
}

# md_stop: end the background vfio-mdev if one runs: it holds an mdev
# open, and removing that mdev would wait for it.
md_stop() {
	[ -n "$mdpid" ] || return 0
	kill "$mdpid" 2>/dev/null
	wait "$mdpid" 2>/dev/null
	mdpid=
}

# md_cleanup: no vfio-mdev running, no mdev of ours left.
md_cleanup() {
	local u
	md_stop
	for u in $md1 $md2 $md3 $md4 $md5; do
		[ ! -e "$mdbus/$u" ] || echo 1 >"$mdbus/$u/remove"
	done
	rm -f $mdready $mdgo
}

# md_at_step STEP: the background vfio-mdev is paused at STEP (within 60 s).
md_at_step() { paused_at $mdready $mdout "$mdpid" "$1"; }
md_go() { rm -f $mdready; touch $mdgo; }
# md_wait: the background vfio-mdev's exit status in mdrc. It ends on its
# own: each pause and each raise it waits for is bounded.
md_wait() {
	mdrc=0
	wait "$mdpid" || mdrc=$?
	mdpid=
}
# md_ran OUT: vfio-mdev run exited 0 (status in mdrc) with "run: ok" in OUT.
md_ran() { [ "$mdrc" = 0 ] && grep -q '^run: ok$' "$1" || { echo "vfio-mdev run: exit $mdrc"; cat "$1"; return 1; }; }

if [ -z "$edu" ] || [ ! -d "$mdt" ]; then
	not_ok "vfio-mdev: the edu device offers the mdev type ims-edu-ims8" \
		"edu: '$edu', mdev_supported_types: $(ls "$edu/mdev_supported_types" 2>&1)" \
		"$(dmesg | grep -i -E 'mdev|vfio' | tail -n 5)"
	return 0
fi
mdims0=$(msiinfo "$edu" | awk '$2 == "ims"' | grep -c .)
mdavail0=$(md_avail)
rm -f $mdready $mdgo
diag "vfio-mdev: edu $bdf: $mdims0 ims vectors at the start, $mdavail0 mdev instances available"

md_type() {
	[ "$mdavail0" = 4 ] || { echo "available_instances $mdavail0, want 4"; return 1; }
	[ "$(cat $mdt/device_api)" = vfio-pci ] || { echo "device_api: $(cat $mdt/device_api)"; return 1; }
	grep -q "^8 MSI-X vectors: 0 emulated, 1-7 IMS vectors of $bdf\$" $mdt/description ||
		{ echo "description: $(cat $mdt/description)"; return 1; }
	[ -c /dev/vfio/vfio ] || { echo "no /dev/vfio/vfio"; return 1; }
}
check "vfio-mdev: type ims-edu-ims8: 4 instances available, device_api vfio-pci, IMS vectors of $bdf per its description" md_type

# ---- one mdev: run with pauses, bad input, the rollback with one free vector ----

check "vfio-mdev: mdev created: bound to edu-ims-mdev, its IOMMU group in /dev/vfio, vendor/id; one instance fewer" md_create $md1
if [ ! -e "$mdbus/$md1/vendor/id" ]; then
	md_cleanup
	return 0
fi
mdid=$(cat "$mdbus/$md1/vendor/id")
mdgrp=$(md_group $md1)

vfio-mdev run $md1 -p >$mdout 2>&1 &
mdpid=$!
md_set() { md_at_step set && md_vectors 2 "edu-mdev$mdid-v1" "edu-mdev$mdid-v7"; }
check "vfio-mdev: triggers on vectors 0, 1, 7: edu's msi_irqs lists 2 more ims vectors, named edu-mdev$mdid-v1 and -v7" md_set
md_go
md_removed() { md_at_step removed && md_vectors 1 "edu-mdev$mdid-v1"; }
check "vfio-mdev: vector 7's trigger removed (fd -1): its ims vector freed, edu-mdev$mdid-v1 stays" md_removed
md_go
md_wait
check "vfio-mdev: run: 8 resizable MSI-X vectors; IMS_USED follows the triggers; vectors 0, 1, 7 fired twice each, counted exactly on their own eventfd and /proc; a removed trigger's raise dropped; a replaced trigger keeps its irq; DATA_NONE; one SET_IRQS for 0..7; close frees the IMS vectors" md_ran $mdout
grep -E '^run: vectors 0, 1, 7 fired' $mdout | while IFS= read -r l; do diag "vfio-mdev $l"; done
check "vfio-mdev: after run: edu's msi_irqs back to $mdims0 ims vectors" md_vectors 0

vfio-mdev bad $md1 >/tmp/vfio-mdev-bad.out 2>&1
mdrc=$?
md_bad() { [ "$mdrc" = 0 ] && grep -q '^bad: ok$' /tmp/vfio-mdev-bad.out || { echo "vfio-mdev bad: exit $mdrc"; cat /tmp/vfio-mdev-bad.out; return 1; }; }
check "vfio-mdev: bad SET_IRQS and BAR0 input fails with the expected errno and changes nothing (block 1..2 with a closed fd: EBADF, IMS_USED 0); 200 rounds of set/remove on vector 1" md_bad
grep -E '^bad (block 1\.\.2 with a closed|rounds)' /tmp/vfio-mdev-bad.out | while IFS= read -r l; do diag "vfio-mdev $l"; done
check "vfio-mdev: after bad: edu's msi_irqs back to $mdims0 ims vectors, none named edu-mdev*" md_vectors 0

# The rollback of a block SET_IRQS after an IMS allocation succeeded:
# ims-edu's debugfs takes all vectors the edu device can get but one, so
# vector 1 of a block 1..2 gets it and vector 2 fails. Had the failed call
# kept vector 1's IMS vector, vector 1 alone would find none afterwards.
md_fill() {
	local last new
	while echo 32 >$ctl/alloc 2>/dev/null; do :; done
	while echo 1 >$ctl/alloc 2>/dev/null; do :; done
	cut -d' ' -f1 $ctl/vectors >/tmp/vfio-mdev.e0
	last=$(tail -n 1 /tmp/vfio-mdev.e0)
	[ -n "$last" ] || { echo "ims-edu allocated no vector"; return 1; }
	echo "$last" >$ctl/free || { echo "freeing entry $last failed"; return 1; }
	cut -d' ' -f1 $ctl/vectors >/tmp/vfio-mdev.e1
	echo 1 >$ctl/alloc || { echo "no room for a vector after freeing entry $last"; return 1; }
	if echo 1 >$ctl/alloc 2>/dev/null; then
		echo "room for more than one vector after freeing entry $last"
		return 1
	fi
	new=$(cut -d' ' -f1 $ctl/vectors | grep -vxF -f /tmp/vfio-mdev.e1)
	echo "$new" >$ctl/free || { echo "freeing entry '$new' failed"; return 1; }
	echo "full: $(grep -c . $ctl/vectors) vectors taken through ims-edu's debugfs, room for one"
}
md_full() {
	local rc=0
	{ md_fill && vfio-mdev full $md1; } >/tmp/vfio-mdev-full.out 2>&1 || rc=1
	echo all >$ctl/free
	[ $rc = 0 ] && grep -q '^full: ok$' /tmp/vfio-mdev-full.out || { cat /tmp/vfio-mdev-full.out; return 1; }
}
if [ "$mdims0" = 0 ] && [ -d "$ctl" ]; then
	check "vfio-mdev: one free vector on edu: a block 1..2 fails and gives back vector 1's IMS vector; vector 1 alone then gets it and delivers, vector 2 fails" md_full
	echo all >$ctl/free
	grep -E '^full: (block|vector 1 alone|[0-9]+ vectors)' /tmp/vfio-mdev-full.out | while IFS= read -r l; do diag "vfio-mdev $l"; done
	check "vfio-mdev: after the one-free-vector test: edu's msi_irqs back to 0 ims vectors" md_vectors 0
else
	diag "vfio-mdev: one-free-vector test skipped: the edu device has $mdims0 ims vectors at the start"
fi

md_remove1() {
	echo 1 >"$mdbus/$md1/remove" || { echo "remove failed"; return 1; }
	[ ! -e "$mdbus/$md1" ] || { echo "$md1 still in $mdbus"; return 1; }
	[ ! -e "/dev/vfio/$mdgrp" ] || { echo "/dev/vfio/$mdgrp still there"; return 1; }
	[ "$(md_avail)" = "$mdavail0" ] || { echo "available_instances $(md_avail), want $mdavail0"; return 1; }
	md_vectors 0
}
check "vfio-mdev: mdev removed (echo 1 > remove): its group gone, $mdavail0 instances available, edu's msi_irqs back to $mdims0 ims vectors" md_remove1

# ---- two mdevs: one holds IMS vectors while the other runs ----

md_two() {
	md_create $md1 && md_create $md2 || return 1
	[ "$(cat "$mdbus/$md1/vendor/id")" != "$(cat "$mdbus/$md2/vendor/id")" ] ||
		{ echo "both have number $(cat "$mdbus/$md1/vendor/id")"; return 1; }
	[ "$(md_group $md1)" != "$(md_group $md2)" ] || { echo "both in group $(md_group $md1)"; return 1; }
}
check "vfio-mdev: two mdevs created (the first's UUID again): own numbers, own groups, 2 instances fewer" md_two
if [ -e "$mdbus/$md1/vendor/id" ] && [ -e "$mdbus/$md2/vendor/id" ]; then
	mdid=$(cat "$mdbus/$md1/vendor/id")
	mdid2=$(cat "$mdbus/$md2/vendor/id")
	vfio-mdev run $md2 -p >$mdout 2>&1 &
	mdpid=$!
	md_set2() { md_at_step set && md_vectors 2 "edu-mdev$mdid2-v1" "edu-mdev$mdid2-v7"; }
	check "vfio-mdev: second mdev holds vectors 1 and 7 (its program paused): edu-mdev$mdid2-v1 and -v7" md_set2
	vfio-mdev run $md1 >/tmp/vfio-mdev-first.out 2>&1
	mdrc=$?
	md_both() { md_ran /tmp/vfio-mdev-first.out && md_vectors 2 "edu-mdev$mdid2-v1" "edu-mdev$mdid2-v7"; }
	check "vfio-mdev: first mdev's whole run while the second holds its IMS vectors: IMS_USED and eventfds count its own only; the second's vectors stay" md_both
	md_go
	md_removed2() { md_at_step removed && md_vectors 1 "edu-mdev$mdid2-v1"; }
	check "vfio-mdev: second mdev: vector 7's trigger removed: edu-mdev$mdid2-v1 stays" md_removed2
	md_go
	md_wait
	check "vfio-mdev: second mdev's run completes" md_ran $mdout
fi

md_limit() {
	echo $md3 >$mdt/create && echo $md4 >$mdt/create || { echo "creating the third and fourth failed"; return 1; }
	[ "$(md_avail)" = 0 ] || { echo "available_instances $(md_avail), want 0"; return 1; }
	if echo $md5 >$mdt/create 2>/dev/null || [ -e "$mdbus/$md5" ]; then
		echo "a fifth mdev was created"
		return 1
	fi
}
check "vfio-mdev: 4 instances at most: a fifth create fails, available_instances 0" md_limit

md_cleanup
md_gone() {
	local u
	for u in $md1 $md2 $md3 $md4 $md5; do
		[ ! -e "$mdbus/$u" ] || { echo "$u still in $mdbus"; return 1; }
	done
	[ "$(md_avail)" = "$mdavail0" ] || { echo "available_instances $(md_avail), want $mdavail0"; return 1; }
	md_vectors 0 || return 1
	! grep edu-mdev /proc/interrupts || { echo "(edu-mdev actions in /proc/interrupts)"; return 1; }
}
check "vfio-mdev: every mdev removed: none in $mdbus, $mdavail0 instances available, edu's msi_irqs back to $mdims0 ims vectors" md_gone

# The parent goes: unbinding the edu driver removes its mdevs before its
# IMS domain; binding it again offers the type again.
md_unbind() {
	local drv=/sys/bus/pci/drivers/ims-edu bdf
	bdf=$(basename "$edu")
	echo $md1 >$mdt/create || { echo "create failed"; return 1; }
	echo "$bdf" >$drv/unbind || { echo "unbind failed"; return 1; }
	[ ! -e "$mdbus/$md1" ] || { echo "$md1 still in $mdbus after the parent's unbind"; return 1; }
	[ ! -d "$mdt" ] || { echo "$mdt still there after the unbind"; return 1; }
	! msiinfo "$edu" | grep -q ' ims ' || { echo "ims vectors left:"; msiinfo "$edu"; return 1; }
	echo "$bdf" >$drv/bind || { echo "bind failed"; return 1; }
	[ -d "$mdt" ] && [ "$(md_avail)" = "$mdavail0" ] ||
		{ echo "type after the bind: $(ls "$edu/mdev_supported_types" 2>&1)"; return 1; }
}
check "vfio-mdev: the edu driver unbound with an mdev: the mdev goes first, no ims vector left; bound again, the type is back" md_unbind
[ ! -e "$mdbus/$md1" ] || echo 1 >"$mdbus/$md1/remove"
