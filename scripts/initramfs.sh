#!/bin/bash
# Pack the guest test runner (tests/guest) with static busybox into
# build/initramfs.cpio, or INITRAMFS_OUT. INITRAMFS_MODULES=<root>: add
# <root>/lib/modules (an extracted linux-image package, "make deb"), its
# release as /tests/deb-release and its /boot/config-<release> as
# /tests/deb-config.
set -eu -o pipefail
. "$(dirname "$0")/lib.sh"

src=$top/tests/guest
out=${INITRAMFS_OUT:-$build/initramfs.cpio}
case $out in *.cpio) ;; *) die "INITRAMFS_OUT must end in .cpio: $out" ;; esac
stage=${out%.cpio}
rm -rf "$stage"
mkdir -p "$stage"/{bin,proc,sys,dev,tmp,tests}
cp /bin/busybox "$stage/bin/busybox"
ln -s busybox "$stage/bin/sh"
for c in "$src"/src/*.c; do
	gcc -static -O2 -Wall -Wextra -Werror -o "$stage/bin/$(basename "$c" .c)" "$c"
done
# Real clients of the sysfs and procfs ABI, from Debian's packages, with
# the libraries they link (busybox's own lspci stays in /bin).
for b in /usr/sbin/irqbalance /usr/bin/lspci; do
	[ -x "$b" ] || die "no $b: scripts/deps.sh installs irqbalance and pciutils"
	mkdir -p "$stage$(dirname "$b")"
	cp "$b" "$stage$b"
	ldd "$b" | awk '/=> \// { print $3 } /^[[:space:]]*\/lib/ { print $1 }' | while read -r l; do
		mkdir -p "$stage$(dirname "$l")"
		cp -L "$l" "$stage$l"
	done
done
cp "$src/init" "$stage/init"
cp "$src"/*.sh "$src/kunit-suites" "$stage/tests/"
cp -r "$src"/checks* "$stage/tests/"
chmod +x "$stage/init" "$stage"/tests/*.sh
if [ -n "${INITRAMFS_MODULES:-}" ]; then
	mkdir -p "$stage/lib"
	cp -a "$INITRAMFS_MODULES/lib/modules" "$stage/lib/"
	rel=$(ls "$INITRAMFS_MODULES/lib/modules")
	echo "$rel" >"$stage/tests/deb-release"
	cp "$INITRAMFS_MODULES/boot/config-$rel" "$stage/tests/deb-config"
fi
(cd "$stage" && find . | sort | cpio -o -H newc --quiet) >"$out"
