#!/bin/bash
# Install what the build and the tests need; quick no-op when all is there.
set -eu
. "$(dirname "$0")/lib.sh"

# coccinelle: make coccicheck in scripts/check.sh; two of the kernel's
# semantic patches are OCaml scripts, which need ocaml-nox's compiler.
pkgs="gcc make git python3 flex bison bc libelf-dev libssl-dev cpio xz-utils
kmod rsync ccache sparse coccinelle ocaml-nox busybox-static qemu-system-x86 qemu-utils
python3-ply python3-git gnuplot-nox irqbalance pciutils dpkg-dev fakeroot curl
$REF_PACKAGE"

missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
have=$(dpkg-query -W -f='${Version}' "$BASE_PACKAGE" 2>/dev/null || true)
[ -z "$missing" ] && [ "$have" = "$BASE_VERSION" ] && exit 0

say "installing:$missing $BASE_PACKAGE=$BASE_VERSION"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
# shellcheck disable=SC2086
[ -z "$missing" ] || apt-get install -y -q --no-install-recommends $missing >/dev/null
if ! apt-get install -y -q --no-install-recommends --allow-downgrades \
	"$BASE_PACKAGE=$BASE_VERSION" >/dev/null 2>&1; then
	say "WARNING: apt does not serve $BASE_PACKAGE $BASE_VERSION (the pinned base);"
	say "WARNING: installing $(apt-cache policy "$BASE_PACKAGE" | awk '/Candidate/ {print $2}') instead, the series may not apply"
	apt-get install -y -q --no-install-recommends "$BASE_PACKAGE" >/dev/null
fi
