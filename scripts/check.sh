#!/bin/bash
# Static checks of the series in patches/, written as TAP to
# build/results/check.tap:
#  - every patch applies in order to the pinned base;
#  - checkpatch.pl --strict is clean for each patch (allow-list below);
#  - after each patch the directories it touches build (KUnit config);
#  - sparse (C=2) and W=1 report nothing new in touched .c files;
#  - scripts/kernel-doc -none reports nothing new in touched files;
#  - ../shared/tools/overlap passes against linux-source-6.12.
set -eu
. "$(dirname "$0")/lib.sh"

# checkpatch runs with Debian's python3 first in PATH: its SPDX check needs
# python3-ply and python3-git, which deps.sh installs for /usr/bin/python3.
# checkpatch types a maintainer accepts in this series:
#  FILE_PATH_CHANGES: "does MAINTAINERS need updating?" for new files in
#  directories whose MAINTAINERS entries already match them (kernel/irq/,
#  drivers/pci/msi/, include/linux/msi*.h).
#  MACRO_ARG_REUSE: iterator macros (msi_domain_for_each_desc()) evaluate
#  their arguments on every pass, as every for_each macro in the tree and
#  the base's msi_for_each_desc() do.
#  UNKNOWN_COMMIT_ID: a Fixes: tag names an upstream commit, which the base
#  (a source package, not a git history) cannot show.
CHECKPATCH_IGNORE=FILE_PATH_CHANGES,MACRO_ARG_REUSE,UNKNOWN_COMMIT_ID

src=$build/check/src
o=$build/check/o
res=$build/results
tap=$res/check.tap
kcfg=$build/kunit/.config
[ -r "$kcfg" ] || die "no $kcfg: run scripts/kunit.sh first (it makes the KUnit config)"
"$top/scripts/fetch-base.sh"
mkdir -p "$res" "$o"
: >"$tap"
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1" >>"$tap"; echo "ok $n - $1" >&2; }
not_ok() {
	n=$((n + 1)); failed=1
	echo "not ok $n - $1" >>"$tap"; echo "not ok $n - $1" >&2
	[ -z "${2:-}" ] || echo "$2" | sed 's/^/#   /' | tee -a "$tap" | head -n 30 >&2
}
kmake() { make -C "$src" O="$o" CC="ccache gcc" -j"$jobs" "$@"; }

say "check: preparing a scratch tree at base ($src)"
rm -rf "$src"
git clone -q --no-checkout "$tree" "$src"
git -C "$src" checkout -q --detach base
git -C "$src" config user.name check
git -C "$src" config user.email check@localhost

# Touched files over the whole series, for the before/after comparisons.
mapfile -t patches < <(series_patches)
touched=$(for p in "${patches[@]}"; do git apply --numstat "$p" 2>/dev/null | cut -f3; done | sort -u)
cfiles=$(echo "$touched" | grep -E '\.c$' || true)
docfiles=$(echo "$touched" | grep -E '\.[ch]$' || true)

# diagnostics STAGE FILES...: sparse and W=1 warnings for the objects of
# FILES, with line numbers dropped so that moved code compares equal.
diagnostics() {
	local objs="" f
	for f in "$@"; do [ -f "$src/$f" ] && objs="$objs ${f%.c}.o"; done
	[ -n "$objs" ] || return 0
	# shellcheck disable=SC2086
	kmake -k C=2 W=1 $objs 2>&1 | grep -E '^[^ ]+:[0-9]+:([0-9]+:)? (warning|error):' |
		sed -E 's/:[0-9]+(:[0-9]+)?:/:/' | sort -u
}
kdoc() {
	local f
	for f in "$@"; do
		[ -f "$src/$f" ] && (cd "$src" && scripts/kernel-doc -none "$f" 2>&1) |
			sed -E 's/:[0-9]+:/:/'
	done | sort -u
}

# config_for_step: the KUnit config, refreshed for the tree as it is now.
config_for_step() {
	cp "$kcfg" "$o/.config"
	kmake olddefconfig >/dev/null
}

say "check: sparse, W=1 and kernel-doc at base for the touched files"
config_for_step
# shellcheck disable=SC2086
base_diag=$(diagnostics $cfiles)
# shellcheck disable=SC2086
base_kdoc=$(kdoc $docfiles)

i=0
for p in "${patches[@]}"; do
	i=$((i + 1))
	name=$(basename "$p")
	if ! git -C "$src" am -q "$p" >"$res/check-am.log" 2>&1; then
		not_ok "patch $i ($name) applies" "$(cat "$res/check-am.log")"
		git -C "$src" am --abort || true
		break
	fi
	ok "patch $i ($name) applies"

	cp_out=$(cd "$src" && PATH=/usr/bin:$PATH perl scripts/checkpatch.pl --strict --no-summary --terse \
		--ignore "$CHECKPATCH_IGNORE" --show-types "$p" 2>&1) || true
	if [ -z "$cp_out" ]; then
		ok "patch $i checkpatch --strict clean"
	else
		not_ok "patch $i checkpatch --strict clean" "$cp_out"
	fi

	# Directories with a Makefile that the patch touches; headers pull in
	# the MSI code's main users.
	files=$(git -C "$src" diff --name-only HEAD~1 HEAD)
	dirs=$(for f in $files; do
		d=$(dirname "$f")
		case "$f" in
		include/*.h) printf '%s\n' kernel/irq drivers/pci/msi ;;
		Documentation/* | tools/*) ;;
		*/*) [ -f "$src/$d/Makefile" ] && echo "$d" ;;
		# Top-level files (MAINTAINERS) build nothing.
		*) ;;
		esac
	done | sort -u | sed 's|$|/|')
	if [ -z "$dirs" ]; then
		ok "patch $i builds (nothing to build)"
		continue
	fi
	say "check: patch $i, building $(echo $dirs)"
	config_for_step
	# shellcheck disable=SC2086
	if ! kmake $dirs >"$res/check-build.log" 2>&1; then
		not_ok "patch $i builds ($(echo $dirs))" "$(grep -E 'error|Error' "$res/check-build.log" | head -n 20)"
		continue
	fi
	# A touched file that the KUnit config does not build was not checked.
	unbuilt=$(for f in $files; do
		case "$f" in
		*.c) if [ -f "$src/$f" ] && [ ! -f "$o/${f%.c}.o" ]; then echo "$f"; fi ;;
		esac
	done)
	if [ -n "$unbuilt" ]; then
		not_ok "patch $i builds ($(echo $dirs))" "not built by config/kunit.config: $unbuilt"
	else
		ok "patch $i builds ($(echo $dirs))"
	fi
done

say "check: sparse, W=1 and kernel-doc after the series"
# shellcheck disable=SC2086
new_diag=$(comm -13 <(echo "$base_diag") <(diagnostics $cfiles | sort -u))
if [ -z "$new_diag" ]; then
	ok "sparse and W=1 report nothing new in touched files"
else
	not_ok "sparse and W=1 report nothing new in touched files" "$new_diag"
fi
# shellcheck disable=SC2086
new_kdoc=$(comm -13 <(echo "$base_kdoc") <(kdoc $docfiles | sort -u))
if [ -z "$new_kdoc" ]; then
	ok "kernel-doc -none reports nothing new in touched files"
else
	not_ok "kernel-doc -none reports nothing new in touched files" "$new_kdoc"
fi

if ov=$(python3 "$top/../shared/tools/overlap" "$top/patches" "$build/src/base" "$build/src/ref" 2>&1); then
	ok "overlap with linux-source-6.12 within limits ($(echo "$ov" | tail -n 1))"
else
	not_ok "overlap with linux-source-6.12 within limits" "$ov"
fi
echo "1..$n" >>"$tap"
exit $failed
