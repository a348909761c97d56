#!/bin/bash
# Extract the Debian kernel source tarballs (base and reference) into build/src.
set -eu
. "$(dirname "$0")/lib.sh"

# extract TARBALL DIR: unpack once; the stamp records which package version.
extract() {
	local tarball=$1 dir=$2 pkg=$3 ver
	ver=$(dpkg-query -W -f='${Version}' "$pkg" 2>/dev/null) ||
		die "$pkg is not installed: run scripts/deps.sh"
	if [ -f "$dir.stamp" ] && [ "$(cat "$dir.stamp")" = "$ver" ]; then
		return 0
	fi
	say "extracting $tarball ($pkg $ver)"
	rm -rf "$dir" "$dir.stamp"
	mkdir -p "$dir"
	tar -xJf "$tarball" -C "$dir" --strip-components=1
	echo "$ver" >"$dir.stamp"
}

mkdir -p "$build/src"
extract "$BASE_TARBALL" "$build/src/base" "$BASE_PACKAGE"
extract "$REF_TARBALL" "$build/src/ref" "$REF_PACKAGE"

got=$(make -s -C "$build/src/base" kernelversion)
pkgver=$(cat "$build/src/base.stamp")
if [ "$got" != "$BASE_KERNEL" ] || [ "$pkgver" != "$BASE_VERSION" ]; then
	say "WARNING: base is $BASE_PACKAGE $pkgver (kernel $got), the series is pinned to $BASE_VERSION ($BASE_KERNEL)"
	say "WARNING: trying anyway; scripts/mktree.sh names the first patch that fails"
fi
