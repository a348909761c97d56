#!/bin/bash
# Build the end-to-end guest kernel from build/linux into build/e2e.
set -eu
. "$(dirname "$0")/lib.sh"

[ -d "$tree/.git" ] || die "no $tree: run 'make tree' first"
o=$build/e2e
frag=$top/config/e2e.config
mkdir -p "$o" "$build/results"
log=$build/results/e2e-build.log
kmake() { make -C "$tree" O="$o" CC="ccache gcc" -j"$jobs" "$@"; }

# Regenerate the config only when the fragment or the Kconfig files changed.
stamp=$(cat "$frag" "$tree"/Makefile | sha1sum | cut -c1-12)-$(git -C "$tree" rev-parse HEAD)
if [ "$(cat "$o/.config-stamp" 2>/dev/null)" != "$stamp" ]; then
	say "e2e: configuring (allnoconfig + config/e2e.config)"
	kmake KCONFIG_ALLCONFIG="$frag" allnoconfig >"$log" 2>&1
	bad=$(grep -E '^(CONFIG_|# CONFIG_)' "$frag" | while read -r line; do
		grep -qxF "$line" "$o/.config" || echo "$line"
	done)
	[ -z "$bad" ] || die "config/e2e.config options missing from the final .config: $bad"
	echo "$stamp" >"$o/.config-stamp"
fi
say "e2e: building bzImage (O=build/e2e, log $log)"
kmake bzImage >>"$log" 2>&1 || { tail -n 30 "$log"; die "e2e kernel build failed, see $log"; }
say "e2e: $(cat "$o/include/config/kernel.release") built"
