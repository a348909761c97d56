#!/bin/bash
# "make deb": Debian packages of the patched kernel (linux-image and
# linux-headers, bindeb-pkg), built with Debian 12's amd64 configuration,
# trimmed repeatably to what the QEMU machine of "make demo" needs
# (config/deb-modules.txt as make localmodconfig's module list), plus
# config/debian.config and the sample drivers as modules. The local
# version -msiims says what it is. Then the package's kernel boots in that
# machine, its modules installed from the package into the initramfs, and
# runs the demo's IMS and dynamic MSI-X checks with the samples loaded as
# modules (tests/guest/checks-deb/). Packages in build/deb/.
set -eu
. "$(dirname "$0")/lib.sh"

cfgxz=$(debian_config)
[ -d "$tree/.git" ] || die "no $tree: run 'make tree' first"
o=$build/deb-o
out=$build/deb
log=$build/results/deb-build.log
mkdir -p "$o" "$out" "$build/results"
# LOCALVERSION= (empty, set): no "+" from setlocalversion for a tree that is
# not at a release tag; the release is $BASE_KERNEL-msiims.
kmake() { make -C "$tree" O="$o" CC="ccache gcc" LOCALVERSION= -j"$jobs" "$@"; }

say "deb: configuring (Debian's amd64 config, localmodconfig for the demo machine)"
debian_dotconfig "$cfgxz" "$tree" "$o/.config"
"$tree/scripts/config" --file "$o/.config" \
	--set-str LOCALVERSION "-msiims" --disable LOCALVERSION_AUTO
kmake olddefconfig >"$log" 2>&1
kmake LSMOD="$top/config/deb-modules.txt" localmodconfig >>"$log" 2>&1 </dev/null
# The samples, as modules from the package: modpost then checks that
# every symbol they and the modular users (idxd, ntb, vfio-pci) take from
# the series is exported. The edu IMS driver's test hook (fire_raw) is for
# the package's boot check, which sends a freed vector's message again.
"$tree/scripts/config" --file "$o/.config" --enable SAMPLES \
	--module SAMPLE_PCI_IMS_EDU --module SAMPLE_PCI_MSIX_DYN \
	--module SAMPLE_PCI_NTB_EDU --module SAMPLE_VFIO_MDEV_EDU_IMS \
	--enable SAMPLE_PCI_IMS_EDU_TEST_HOOKS
kmake olddefconfig >>"$log" 2>&1
for opt in CONFIG_SAMPLE_PCI_IMS_EDU=m CONFIG_SAMPLE_PCI_IMS_EDU_TEST_HOOKS=y \
	CONFIG_SAMPLE_PCI_MSIX_DYN=m CONFIG_SAMPLE_PCI_NTB_EDU=m \
	CONFIG_SAMPLE_VFIO_MDEV_EDU_IMS=m CONFIG_INTEL_IDXD=m CONFIG_NTB=m CONFIG_NTB_MSI=y \
	CONFIG_NTB_TRANSPORT=m CONFIG_PCI_MSI_IRQ_DOMAIN=y CONFIG_IRQ_REMAP=y '# CONFIG_KASAN is not set'; do
	grep -qxF "$opt" "$o/.config" || die "deb: $opt is not in the trimmed config ($o/.config)"
done
rm -f "$build"/linux-*msiims*
say "deb: building bindeb-pkg (O=build/deb-o, log ${log#"$top"/})"
t0=$SECONDS
kmake KDEB_PKGVERSION="$BASE_VERSION+msiims1" bindeb-pkg >>"$log" 2>&1 ||
	{ tail -n 30 "$log"; die "bindeb-pkg failed, see $log"; }
say "deb: built in $((SECONDS - t0)) s"
rm -f "$out"/*.deb
mv "$build"/linux-image-*msiims*.deb "$build"/linux-headers-*msiims*.deb "$out/"
rm -f "$build"/linux-libc-dev_*msiims*.deb "$build"/linux-*msiims*.buildinfo \
	"$build"/linux-*msiims*.changes
ls -l "$out"/*.deb | awk '{ print "== deb: " $5 " " $9 }' >&2

# Boot it as installed: the package unpacked into a root (dpkg-deb -x, what
# dpkg installs), its kernel booted, its modules in the initramfs.
root=$build/deb-root
rm -rf "$root"
mkdir -p "$root"
dpkg-deb -x "$out"/linux-image-*.deb "$root"
rel=$(ls "$root/lib/modules")
[ "$rel" = "$BASE_KERNEL-msiims" ] || die "the package's release is $rel, not $BASE_KERNEL-msiims"
[ -r "$root/boot/vmlinuz-$rel" ] || die "no boot/vmlinuz-$rel in the linux-image package"
[ -s "$root/lib/modules/$rel/modules.dep" ] || die "no modules.dep in the linux-image package"
INITRAMFS_MODULES=$root INITRAMFS_OUT=$build/initramfs-deb.cpio "$top/scripts/initramfs.sh"
E2E_VARIANT=deb E2E_KERNEL=$root/boot/vmlinuz-$rel E2E_INITRD=$build/initramfs-deb.cpio \
	"$top/scripts/run-e2e.sh"
