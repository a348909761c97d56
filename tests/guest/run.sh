#!/bin/sh
# Run every check in /tests/checks in name order; TAP goes to ttyS1.
. /tests/lib.sh
tap "TAP version 13"
# e2e.variant=<name> runs /tests/checks-<name> instead (scripts/run-e2e.sh).
variant=$(sed -n 's/.*e2e\.variant=\([a-z-]*\).*/\1/p' /proc/cmdline)
dir=/tests/checks
[ -n "$variant" ] && [ "$variant" != main ] && dir=/tests/checks-$variant
for c in "$dir"/*.sh; do
	diag "== $(basename "$c")"
	. "$c"
done
leak_check
tap "1..$n"
tap "# e2e done"
