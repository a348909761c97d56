# The project's KUnit suites ran at boot, under KASAN, lockdep and kmemleak.
# Results come from debugfs; the suites to expect from /tests/kunit-suites.

kunit_suite() {
	local r=/sys/kernel/debug/kunit/$1/results cases fails
	[ -r "$r" ] || { echo "no results for suite $1 in debugfs"; return 1; }
	# The suite's own tally; a parameterised case counts once (6.1's
	# debugfs log keeps only the last parameter's line).
	cases=$(sed -n "s/^# $1: pass:\([0-9]*\) fail:0 .*/\1/p" "$r")
	fails=$(grep -E '^[[:space:]]*not ok ' "$r")
	if [ -n "$fails" ] || ! grep -qE "^ok [0-9]+ $1\$" "$r"; then
		cat "$r"
		return 1
	fi
	[ "${cases:-0}" -gt 0 ] || { cat "$r"; echo "suite $1: no passing total"; return 1; }
	echo "$cases"
	sed 's/^/# /' "$r" >&3
}

for s in $(cat /tests/kunit-suites); do
	if out=$(kunit_suite "$s"); then
		ok "kunit suite $s passed at boot ($out cases)"
	else
		not_ok "kunit suite $s passed at boot" "$out"
	fi
done
