# Shared helpers for the host scripts; sourced, not run.
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../base.conf
. "$top/base.conf"
build=$top/build
tree=$build/linux
jobs=${JOBS:-$(nproc)}
# ccache keeps its default cache (~/.cache/ccache) so that clones share it;
# paths below the checkout are hashed relative to it, so that a clone at
# another path (CI) hits the same entries.
export CCACHE_BASEDIR=$top

export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-8G}

say() { printf '== %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# The patch files of the series, in order, as listed in patches/series.
series_patches() {
	grep -v '^[[:space:]]*\(#\|$\)' "$top/patches/series" | sed "s|^|$top/patches/|"
}
