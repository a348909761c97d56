#!/bin/bash
# splat-check.sh LOG: print every kernel checker report in LOG; exit 1 if any.
set -eu
[ -r "${1:-}" ] || { echo "usage: $0 CONSOLE_LOG" >&2; exit 2; }
# KASAN, lockdep, RCU, WARN/BUG, debugobjects, kmemleak, UBSAN, panics,
# atomic-sleep and list corruption reports.
pattern='BUG: |WARNING: |KASAN|UBSAN|general protection|Oops|Kernel panic|'
pattern+='possible circular locking|possible recursive locking|inconsistent lock state|'
pattern+='lock held when returning|suspicious RCU usage|ODEBUG|kmemleak: [0-9]+ new suspected|'
pattern+='unreferenced object 0x|sleeping function called from invalid context|'
pattern+='list_(add|del) corruption|Call Trace:|hung_task|INFO: task .* blocked'
if grep -nE "$pattern" "$1"; then
	exit 1
fi
exit 0
