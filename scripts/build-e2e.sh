#!/bin/bash
# Build the end-to-end guest kernel from build/linux into build/e2e. Only a
# successful build writes build/e2e/bzImage.ok (the image's checksum), which
# scripts/run-e2e.sh verifies: a failed build leaves none, so the previous
# bzImage of a warm tree is never booted.
set -eu
. "$(dirname "$0")/lib.sh"

[ -d "$tree/.git" ] || die "no $tree: run 'make tree' first"
o=$build/e2e
frag=$top/config/e2e.config
mkdir -p "$o" "$build/results"
log=$build/results/e2e-build.log
okstamp=$o/bzImage.ok
rm -f "$okstamp"
kmake() { make -C "$tree" O="$o" CC="ccache gcc" -j"$jobs" "$@"; }

# Regenerate the config only when the fragment or the Kconfig files changed.
stamp=$(cat "$frag" "$tree"/Makefile | sha1sum | cut -c1-12)-$(git -C "$tree" rev-parse HEAD)
configure_kernel e2e "$tree" "$o" "$frag" "$log" "$stamp"
say "e2e: building bzImage (O=build/e2e, log $log)"
kmake bzImage >>"$log" 2>&1 || { tail -n 30 "$log"; die "e2e kernel build failed, see $log"; }
sha1sum <"$o/arch/x86/boot/bzImage" >"$okstamp"
say "e2e: $(cat "$o/include/config/kernel.release") built"
