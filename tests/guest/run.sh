#!/bin/sh
# Run every check in /tests/checks in name order; TAP goes to ttyS1.
. /tests/lib.sh
tap "TAP version 13"
for c in /tests/checks/*.sh; do
	diag "== $(basename "$c")"
	. "$c"
done
leak_check
tap "1..$n"
tap "# e2e done"
