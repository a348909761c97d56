#!/bin/sh
# Run every check in /tests/checks in name order; TAP goes to ttyS1.
. /tests/lib.sh
tap "TAP version 13"
# e2e.variant=<name> runs /tests/checks-<name> instead (scripts/run-e2e.sh).
variant=$(sed -n 's/.*e2e\.variant=\([a-z-]*\).*/\1/p' /proc/cmdline)
dir=/tests/checks
[ -n "$variant" ] && [ "$variant" != main ] && dir=/tests/checks-$variant
# e2e.only=<prefix> (a developer's shortcut) runs only the checks named so.
only=$(sed -n 's/.*e2e\.only=\([0-9a-z-]*\).*/\1/p' /proc/cmdline)
for c in "$dir"/${only}*.sh; do
	diag "== $(basename "$c")"
	. "$c"
done
# The packaged kernel of "make deb" has Debian's config: no kmemleak.
[ "$variant" = deb ] || leak_check
tap "1..$n"
tap "# e2e done"
