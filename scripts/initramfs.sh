#!/bin/bash
# Pack the guest test runner (tests/guest) with static busybox into
# build/initramfs.cpio.
set -eu
. "$(dirname "$0")/lib.sh"

src=$top/tests/guest
stage=$build/initramfs
rm -rf "$stage"
mkdir -p "$stage"/{bin,proc,sys,dev,tmp,tests}
cp /bin/busybox "$stage/bin/busybox"
ln -s busybox "$stage/bin/sh"
for c in "$src"/src/*.c; do
	gcc -static -O2 -Wall -Wextra -Werror -o "$stage/bin/$(basename "$c" .c)" "$c"
done
cp "$src/init" "$stage/init"
cp "$src"/*.sh "$src/kunit-suites" "$stage/tests/"
cp -r "$src"/checks* "$stage/tests/"
chmod +x "$stage/init" "$stage"/tests/*.sh
(cd "$stage" && find . | sort | cpio -o -H newc --quiet) >"$build/initramfs.cpio"
