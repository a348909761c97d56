# Mediated devices on the edu device in the guest without "ims_in_guest":
# the edu device has no IMS domain, its mdevs (samples/vfio-mdev/
# edu-ims-mdev.c) still offer 8 MSI-X vectors, but only vector 0, the
# emulated one, takes a trigger: an eventfd for vectors 1-7 fails with
# EOPNOTSUPP and changes nothing, and the parent logs that once
# (tests/guest/src/vfio-mdev.c noims). The mdev is removed at the end.
. /tests/ims-lib.sh

mnt=$edu/mdev_supported_types/ims-edu-ims8
mnu=83b8f4f2-509f-382f-3c1e-e6bfe0fa1101
mnd=/sys/bus/mdev/devices/$mnu

if [ -z "$edu" ] || [ ! -d "$mnt" ]; then
	not_ok "vfio-mdev: no IMS: the edu device offers the mdev type ims-edu-ims8" \
		"edu: '$edu', mdev_supported_types: $(ls "$edu/mdev_supported_types" 2>&1)"
	return 0
fi
mnavail=$(cat $mnt/available_instances)

mn_create() {
	local grp
	grep -q '(no IMS: unavailable)$' $mnt/description || { echo "description: $(cat $mnt/description)"; return 1; }
	echo $mnu >$mnt/create || { echo "create failed:"; dmesg | tail -n 5; return 1; }
	[ "$(basename "$(readlink $mnd/driver)")" = edu-ims-mdev ] || { echo "driver: '$(readlink $mnd/driver)'"; return 1; }
	grp=$(basename "$(readlink $mnd/iommu_group)")
	[ -n "$grp" ] && [ -c "/dev/vfio/$grp" ] || { echo "no /dev/vfio/$grp:"; ls -l /dev/vfio; return 1; }
	[ "$(cat $mnt/available_instances)" = $((mnavail - 1)) ] ||
		{ echo "available_instances $mnavail -> $(cat $mnt/available_instances)"; return 1; }
}
check "vfio-mdev: no IMS: type ims-edu-ims8 still offered (description: no IMS), mdev created with its IOMMU group" mn_create

if [ -e $mnd ]; then
	vfio-mdev noims $mnu >/tmp/vfio-mdev-noims.out 2>&1
	mnrc=$?
	mn_ran() { [ $mnrc = 0 ] && grep -q '^noims: ok$' /tmp/vfio-mdev-noims.out || { echo "vfio-mdev noims: exit $mnrc"; cat /tmp/vfio-mdev-noims.out; return 1; }; }
	check "vfio-mdev: no IMS: IMS register 0; vector 0 delivers; an eventfd for vector 1, alone or in a block 0..1, fails with EOPNOTSUPP and vector 0 keeps its trigger" mn_ran
fi
mn_logged() {
	local c
	c=$(dmesg | grep -c "no IMS domain on $bdf: vectors 1\.\.7 unavailable")
	[ "$c" = 1 ] || { echo "logged $c times:"; dmesg | grep -i 'no IMS'; return 1; }
}
check "vfio-mdev: no IMS: logged once for the 2 refused calls: \"no IMS domain on $bdf: vectors 1..7 unavailable\"" mn_logged
mn_noims() {
	local info
	info=$(msiinfo "$edu")
	! echo "$info" | awk '$2 == "ims"' | grep -q . || { echo "$info"; return 1; }
	! grep edu-mdev /proc/interrupts || return 1
}
check "vfio-mdev: no IMS: no ims vector in edu's msi_irqs, no edu-mdev action" mn_noims

[ ! -e $mnd ] || echo 1 >$mnd/remove
mn_removed() {
	[ ! -e $mnd ] || { echo "$mnd still there"; return 1; }
	[ "$(cat $mnt/available_instances)" = "$mnavail" ] ||
		{ echo "available_instances $(cat $mnt/available_instances), want $mnavail"; return 1; }
}
check "vfio-mdev: no IMS: mdev removed, $mnavail instances available again" mn_removed
