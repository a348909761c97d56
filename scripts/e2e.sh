#!/bin/bash
# e2e.sh [--no-build]: the end-to-end stages of "make test": build the guest
# kernel (stage build-e2e), then boot the four machines (stages e2e,
# e2e-no-optin, e2e-no-viommu, e2e-amd), each stage's exit status recorded
# by scripts/stage.sh. --no-build boots the kernel already built
# (scripts/test-repeat.sh). A failed build boots nothing. Exits 1 when a
# stage failed.
set -eu
. "$(dirname "$0")/lib.sh"

rc=0
if [ "${1:-}" != --no-build ]; then
	"$top/scripts/stage.sh" build-e2e "$top/scripts/build-e2e.sh" ||
		{ say "e2e: the kernel build failed, no guest boots"; exit 1; }
fi
for v in main no-optin no-viommu amd; do
	name=e2e-$v
	[ $v != main ] || name=e2e
	E2E_VARIANT=$v "$top/scripts/stage.sh" "$name" "$top/scripts/run-e2e.sh" || rc=1
done
exit $rc
