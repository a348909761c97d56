#!/bin/bash
# "make demo": build the patched kernel, boot it under QEMU and show the
# PCI devices' interrupt vectors from sysfs msi_irqs and /proc/interrupts.
set -eu
. "$(dirname "$0")/lib.sh"

"$top/scripts/mktree.sh"
"$top/scripts/build-e2e.sh"
E2E_CMDLINE=e2e.demo "$top/scripts/run-e2e.sh" || rc=$?
sed -n '/^# e2e done/q;p' "$build/results/e2e.tap"
[ "${rc:-0}" = 0 ] || die "the demo guest failed (exit ${rc}); see $build/results/e2e-console.log"
