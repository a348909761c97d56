# shellcheck shell=bash
# Sourced by a harness case's run script, in the scratch checkout.
# fake_kernel: a fake kernel tree in build/linux (tests/harness/lib/kernel
# with the case's tree/base over it), tagged "base", and one commit per
# directory tree/1, tree/2, ... (files copied over the tree); the series
# exported from it into patches/; build/kunit/.config; a no-op
# scripts/fetch-base.sh and scripts/initramfs.sh; ../shared/tools/overlap
# as a stub that passes, unless NO_SHARED=1. Put $HARNESS_LIB/bin first in
# PATH to build it.
fake_kernel() {
	local t=build/linux d
	export GIT_AUTHOR_NAME=harness GIT_AUTHOR_EMAIL=harness@localhost
	export GIT_COMMITTER_NAME=harness GIT_COMMITTER_EMAIL=harness@localhost
	export GIT_AUTHOR_DATE=2000-01-01T00:00:00Z GIT_COMMITTER_DATE=2000-01-01T00:00:00Z
	rm -rf "$t" patches
	mkdir -p "$t" patches build/kunit
	cp -r "$HARNESS_LIB/kernel/." "$t/"
	[ ! -d "$HARNESS_CASE/tree/base" ] || cp -r "$HARNESS_CASE/tree/base/." "$t/"
	git -C "$t" init -q -b master
	git -C "$t" add -A
	git -C "$t" commit -q -m base
	git -C "$t" tag base
	for d in $(cd "$HARNESS_CASE/tree" 2>/dev/null && ls -d [0-9]* | sort -n); do
		cp -r "$HARNESS_CASE/tree/$d/." "$t/"
		git -C "$t" add -A
		git -C "$t" commit -q -m "fake: Patch $d"
	done
	git -C "$t" format-patch -q -o "$PWD/patches" base..HEAD
	(cd patches && ls ./*.patch | sed 's|^\./||') >patches/series
	echo CONFIG_FAKE=y >build/kunit/.config
	printf '#!/bin/sh\nexit 0\n' >scripts/fetch-base.sh
	printf '#!/bin/sh\n: >"%s/build/initramfs.cpio"\n' "$PWD" >scripts/initramfs.sh
	if [ -z "${NO_SHARED:-}" ]; then
		mkdir -p ../shared/tools
		printf 'print("copied share 0.00, longest run 0")\n' >../shared/tools/overlap
	fi
}
