#!/bin/bash
# stage.sh NAME COMMAND...: run one stage of the tests and record its exit
# status as a result, RESULTS_DIR/NAME.status (default build/results), which
# scripts/summary.py counts: "running" while it runs (a stage killed
# outright stays so), then the exit status. Exits with the stage's status.
set -eu
. "$(dirname "$0")/lib.sh"

name=${1:?usage: stage.sh NAME COMMAND...}
shift
[ $# -gt 0 ] || die "usage: stage.sh NAME COMMAND..."
results=${RESULTS_DIR:-$build/results}
mkdir -p "$results"
echo running >"$results/$name.status"
t0=$(date +%s)
say "stage $name: $*"
rc=0
"$@" || rc=$?
echo "$rc" >"$results/$name.status"
if [ "$rc" = 0 ]; then
	say "stage $name took $(($(date +%s) - t0)) s"
else
	say "stage $name FAILED (exit $rc) after $(($(date +%s) - t0)) s"
fi
exit "$rc"
