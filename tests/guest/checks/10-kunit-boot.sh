# The project's KUnit suites ran at boot, under KASAN, lockdep and kmemleak.
# Results come from debugfs; the suites to expect from /tests/kunit-suites.

kunit_suite() {
	local r=/sys/kernel/debug/kunit/$1/results cases fails
	[ -r "$r" ] || { echo "no results for suite $1 in debugfs"; return 1; }
	# Leaf cases: "ok" lines not followed by a "# name: pass:" tally of
	# their own parameters; the suite line itself is not indented.
	cases=$(awk '/^[[:space:]]+ok [0-9]+ / { n++ } /^[[:space:]]+# .*: pass:[0-9]+ / { n-- } END { print n }' "$r")
	fails=$(grep -E '^[[:space:]]*not ok ' "$r")
	if [ -n "$fails" ] || ! grep -qE "^ok [0-9]+ $1\$" "$r"; then
		cat "$r"
		return 1
	fi
	[ "$cases" -gt 0 ] || { echo "suite $1 ran no case"; return 1; }
	echo "$cases"
	sed 's/^/# /' "$r" >"$TAP_OUT"
}

for s in $(cat /tests/kunit-suites); do
	if out=$(kunit_suite "$s"); then
		ok "kunit suite $s passed at boot ($out cases)"
	else
		not_ok "kunit suite $s passed at boot" "$out"
	fi
done
