#!/bin/bash
# Static checks of the series in patches/, written as TAP to
# build/results/check.tap (or RESULTS_DIR/check.tap), its plan line last:
#  - every patch applies in order to the pinned base;
#  - checkpatch.pl --strict is clean for each patch (allow-list below);
#  - after each patch the directories it touches build (KUnit config);
#  - sparse (C=2) with W=1, scripts/kernel-doc -none and Coccinelle ("make
#    coccicheck MODE=report" on the touched .c files) report nothing new in
#    the touched files compared with the base: per file and per place, so
#    that a second identical report is new; a tool that cannot run fails;
#  - every symbol that a touched .c file exports at base is still exported
#    after the series (modules built for stock 6.1 link against them);
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
#  ENOTSUPP, ENOSYS: the error codes later kernels return from the same
#  functions (pci_msix_alloc_irq_at() when MSI-X cannot grow, the stubs
#  without CONFIG_PCI_MSI), which drivers written for them test.
CHECKPATCH_IGNORE=FILE_PATH_CHANGES,MACRO_ARG_REUSE,UNKNOWN_COMMIT_ID,ENOTSUPP,ENOSYS

src=$build/check/src
o=$build/check/o
res=${RESULTS_DIR:-$build/results}
tap=$res/check.tap
rep=$build/check/reports
mkdir -p "$res"
# No TAP of an earlier run may stand in for this one.
: >"$tap"
kcfg=$build/kunit/.config
[ -r "$kcfg" ] || die "no $kcfg: run scripts/kunit.sh first (it makes the KUnit config)"
"$top/scripts/fetch-base.sh"
mkdir -p "$o"
rm -rf "$rep"
mkdir -p "$rep"
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

echo "$touched" >"$rep/touched"

# places: the reports on stdin ("file:line[:col[-col]]: message") that lie
# in a touched file, once per place (a header's report comes from every
# object that includes it), then without line and column numbers, so that
# code the series moved compares equal, sorted with repeats kept: a second
# identical report in a file is a new one.
places() {
	sed -E "s|^$src/||" | grep -E '^[^ :]+:[0-9]+(:[0-9]+(-[0-9]+)?)?: ' | LC_ALL=C sort -u |
		sed -E 's/^([^ :]+):[0-9]+(:[0-9]+(-[0-9]+)?)?: /\1: /; s/ line [0-9]+/ line N/g' |
		awk 'NR == FNR { t[$0]; next } { f = $0; sub(/: .*/, "", f); if (f in t) print }' \
			"$rep/touched" - | LC_ALL=C sort
}

# sparse_w1 LOG FILES...: build the objects of the .c FILES with W=1 and
# check them with sparse (C=2), output in LOG. Fails, saying why, when
# make or sparse did not run on every one of them.
sparse_w1() {
	local log=$1 objs=() f rc=0 unchecked
	shift
	: >"$log"
	for f in "$@"; do if [ -f "$src/$f" ]; then objs+=("${f%.c}.o"); fi; done
	[ ${#objs[@]} -gt 0 ] || return 0
	command -v sparse >/dev/null || { echo "sparse is not installed (scripts/deps.sh installs it)"; return 1; }
	kmake -k C=2 W=1 "${objs[@]}" >"$log" 2>&1 || rc=$?
	unchecked=$(for f in "${objs[@]}"; do
		grep -qE "^  CHECK +($src/)?${f%.o}\\.c\$" "$log" || echo "${f%.o}.c"
	done)
	[ $rc = 0 ] && [ -z "$unchecked" ] && return 0
	echo "sparse could not check every touched file (make C=2 W=1 exited $rc; not checked: $(echo "${unchecked:-none}" | paste -sd " "))"
	grep -E 'Error [0-9]+|not found|No rule' "$log" | head -n 10
	return 1
}

# kdoc LOG FILES...: scripts/kernel-doc -none on FILES, output in LOG.
kdoc() {
	local log=$1 f rc=0
	shift
	: >"$log"
	for f in "$@"; do
		[ -f "$src/$f" ] || continue
		(cd "$src" && scripts/kernel-doc -none "$f") >>"$log" 2>&1 ||
			{ echo "kernel-doc failed on $f (exit $?)"; rc=1; }
	done
	return $rc
}

# cocci LOG FILES...: "make coccicheck MODE=report" (every semantic patch
# of scripts/coccinelle) on the .c FILES only, each file its own spatch
# file group, output in LOG. Fails when spatch or coccicheck did not run.
cocci() {
	local log=$1 f rc=0
	shift
	: >"$log"
	for f in "$@"; do if [ -f "$src/$f" ]; then printf "%s\n\n" "$src/$f"; fi; done >"$rep/cocci-groups"
	[ -s "$rep/cocci-groups" ] || return 0
	command -v spatch >/dev/null || { echo "spatch is not installed (scripts/deps.sh installs coccinelle)"; return 1; }
	kmake coccicheck MODE=report SPFLAGS="--file-groups $rep/cocci-groups" >"$log" 2>&1 || rc=$?
	[ $rc = 0 ] && return 0
	echo "make coccicheck MODE=report exited $rc:"
	tail -n 10 "$log"
	return 1
}

# exports FILES...: "<file>: <symbol>" for every symbol which the .c FILES
# export (EXPORT_SYMBOL*()); read from the source, as the KUnit config
# has no modules.
exports() {
	local f
	for f in "$@"; do
		[ -f "$src/$f" ] || continue
		grep -oE '^EXPORT_SYMBOL[A-Z_]*\([A-Za-z0-9_]+' "$src/$f" | sed "s|^[^(]*(|$f: |"
	done | LC_ALL=C sort -u
}

# collect WHEN: every tool's reports on the touched files into
# $rep/<tool>-WHEN.txt (and its output in .log); a tool that could not run
# is noted in errs[<tool>].
declare -A errs=([sparse-w1]="" [kdoc]="" [cocci]="")
collect() {
	local when=$1 err t0=$SECONDS
	# shellcheck disable=SC2086
	err=$(sparse_w1 "$rep/sparse-w1-$when.log" $cfiles) || errs[sparse-w1]+="$when: $err"$'\n'
	grep -E ':[0-9]+(:[0-9]+)?: (warning|error): ' "$rep/sparse-w1-$when.log" | places >"$rep/sparse-w1-$when.txt"
	# shellcheck disable=SC2086
	exports $cfiles >"$rep/exports-$when.txt"
	# shellcheck disable=SC2086
	err=$(kdoc "$rep/kdoc-$when.log" $docfiles) || errs[kdoc]+="$when: $err"$'\n'
	grep -E ':[0-9]+: (warning|error): ' "$rep/kdoc-$when.log" | places >"$rep/kdoc-$when.txt"
	say "check: sparse, W=1 and kernel-doc ($when) took $((SECONDS - t0)) s; coccinelle ($when) ..."
	t0=$SECONDS
	# shellcheck disable=SC2086
	err=$(cocci "$rep/cocci-$when.log" $cfiles) || errs[cocci]+="$when: $err"$'\n'
	places <"$rep/cocci-$when.log" >"$rep/cocci-$when.txt"
	say "check: coccinelle ($when) took $((SECONDS - t0)) s"
}

# verdict TOOL DESC: ok when TOOL ran at base and after the series and
# reports nothing that it did not report at base.
verdict() {
	local new
	if [ -n "${errs[$1]}" ]; then
		not_ok "$2" "${errs[$1]}"
		return
	fi
	new=$(LC_ALL=C comm -13 "$rep/$1-base.txt" "$rep/$1-after.txt")
	if [ -z "$new" ]; then
		ok "$2"
	else
		not_ok "$2" "new, per file (line numbers dropped):"$'\n'"$new"
	fi
}

# config_for_step: the KUnit config, refreshed for the tree as it is now.
config_for_step() {
	cp "$kcfg" "$o/.config"
	kmake olddefconfig >/dev/null
}

say "check: sparse, W=1, kernel-doc and coccinelle at base for the touched files"
config_for_step
collect base

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

say "check: sparse, W=1, kernel-doc and coccinelle after the series"
collect after
verdict sparse-w1 "sparse and W=1 report nothing new in touched files"
verdict kdoc "kernel-doc -none reports nothing new in touched files"
verdict cocci "coccinelle (make coccicheck MODE=report) reports nothing new in touched .c files"
# Modules built against stock 6.1 link against its exports: none may go.
gone=$(LC_ALL=C comm -23 "$rep/exports-base.txt" "$rep/exports-after.txt")
if [ ! -s "$rep/exports-base.txt" ]; then
	ok "every symbol the touched files export at base stays exported (none at base)"
elif [ -z "$gone" ]; then
	ok "every symbol the touched files export at base stays exported ($(grep -c . "$rep/exports-base.txt") of them)"
else
	not_ok "every symbol the touched files export at base stays exported" "gone:"$'\n'"$gone"
fi

overlap=$top/../shared/tools/overlap
if [ ! -r "$overlap" ]; then
	not_ok "overlap with linux-source-6.12 within limits" \
		"../shared/tools/overlap is missing: clone the shared repository beside this one, as ../shared (README, Set-up)"
elif ov=$(python3 "$overlap" "$top/patches" "$build/src/base" "$build/src/ref" 2>&1); then
	ok "overlap with linux-source-6.12 within limits ($(echo "$ov" | tail -n 1))"
else
	not_ok "overlap with linux-source-6.12 within limits" "$ov"
fi
echo "1..$n" >>"$tap"
exit $failed
