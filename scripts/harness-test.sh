#!/bin/bash
# harness-test.sh [CASE...]: the test harness's own tests. Each directory of
# tests/harness/ with an "expect" file is one case (all by default): a
# scratch copy of this checkout (no build/), the case's results/ as
# build/results and its expected-counts as tests/expected-counts, where its
# "run" script (default: python3 scripts/summary.py) runs; its output and
# exit status must meet "expect" (tests/harness/README). TAP in
# build/results/harness.tap (or RESULTS_DIR).
# HARNESS_REV=<commit> takes scripts/, the Makefile, README.md and .ci/ from
# that commit: a case must fail on the scripts before its fix.
set -eu
. "$(dirname "$0")/lib.sh"

dir=$top/tests/harness
res=${RESULTS_DIR:-$build/results}
tap=$res/harness.tap
mkdir -p "$res"
: >"$tap"
if [ $# -gt 0 ]; then cases=("$@"); else
	mapfile -t cases < <(cd "$dir" && for c in */expect; do dirname "$c"; done)
fi
scratch=$(mktemp -d /tmp/harness.XXXXXX)
trap 'rm -rf "$scratch"' EXIT

# meets EXPECT OUT ERR RC: every line of EXPECT holds; prints those that
# do not. Lines: "exit N|nonzero", "last TEXT" (stdout's last line, exactly),
# "has ERE" / "lacks ERE" (stdout and stderr), "file PATH has|lacks ERE".
meets() {
	local verb rest path how re bad=0
	while read -r verb rest; do
		case $verb in
		'' | '#'*) continue ;;
		exit)
			if [ "$rest" = nonzero ]; then [ "$4" != 0 ]; else [ "$4" = "$rest" ]; fi ||
				{ echo "exit status $4, expected $rest"; bad=1; } ;;
		last)
			[ "$(tail -n 1 "$2")" = "$rest" ] ||
				{ echo "last line '$(tail -n 1 "$2")', expected '$rest'"; bad=1; } ;;
		has) cat "$2" "$3" | grep -qE -- "$rest" || { echo "no line matches: $rest"; bad=1; } ;;
		lacks) ! cat "$2" "$3" | grep -qE -- "$rest" || { echo "a line matches: $rest"; bad=1; } ;;
		file)
			read -r path how re <<<"$rest"
			case $how in
			has) grep -qE -- "$re" "$path" 2>/dev/null || { echo "$path: no line matches: $re"; bad=1; } ;;
			lacks) ! grep -qE -- "$re" "$path" 2>/dev/null || { echo "$path: a line matches: $re"; bad=1; } ;;
			*) echo "bad expect line: file $rest"; bad=1 ;;
			esac ;;
		*) echo "bad expect line: $verb $rest"; bad=1 ;;
		esac
	done <"$1"
	return $bad
}

n=0
failed=0
say "harness: ${#cases[@]} cases${HARNESS_REV:+ on the scripts of $HARNESS_REV}"
for c in "${cases[@]}"; do
	[ -f "$dir/$c/expect" ] || die "no harness case $c (tests/harness/$c/expect)"
	s=$scratch/$c/main
	mkdir -p "$s"
	tar -C "$top" --exclude=./build --exclude=./.git -cf - . | tar -C "$s" -xf -
	if [ -n "${HARNESS_REV:-}" ]; then
		rm -rf "$s/scripts"
		git -C "$top" archive "$HARNESS_REV" scripts Makefile README.md .ci | tar -C "$s" -xf -
	fi
	mkdir -p "$s/build/results"
	[ ! -d "$dir/$c/results" ] || cp -r "$dir/$c/results/." "$s/build/results/"
	[ ! -f "$dir/$c/expected-counts" ] || cp "$dir/$c/expected-counts" "$s/tests/expected-counts"
	rc=0
	(
		cd "$s"
		export HARNESS_LIB=$dir/lib HARNESS_CASE=$dir/$c
		# As from a shell: no results directory, no make above.
		unset RESULTS_DIR MAKELEVEL MAKEFLAGS MFLAGS
		if [ -f "$HARNESS_CASE/run" ]; then
			timeout 120 bash "$HARNESS_CASE/run"
		else
			python3 scripts/summary.py
		fi
	) >"$scratch/$c/out" 2>"$scratch/$c/err" </dev/null || rc=$?
	n=$((n + 1))
	if why=$(cd "$s" && meets "$dir/$c/expect" "$scratch/$c/out" "$scratch/$c/err" "$rc"); then
		echo "ok $n - $c" | tee -a "$tap" >&2
	else
		failed=1
		{
			echo "not ok $n - $c"
			echo "$why" | sed 's/^/#   /'
			echo "#   its output (last 15 lines):"
			cat "$scratch/$c/out" "$scratch/$c/err" | tail -n 15 | sed 's/^/#     /'
		} | tee -a "$tap" >&2
	fi
done
echo "1..$n" >>"$tap"
say "harness: $n cases, $([ $failed = 0 ] && echo "all passed" || echo "$(grep -c '^not ok' "$tap") failed")"
exit $failed
