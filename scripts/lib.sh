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

# configure_kernel NAME SRC O FRAGMENT LOG STAMP: allnoconfig plus FRAGMENT
# from SRC into O, unless O was configured with the same STAMP. Every
# option of the fragment must be in the final .config.
configure_kernel() {
	local name=$1 src=$2 o=$3 frag=$4 log=$5 stamp=$6 bad
	[ "$(cat "$o/.config-stamp" 2>/dev/null)" != "$stamp" ] || return 0
	say "$name: configuring (allnoconfig + ${frag#"$top"/})"
	make -C "$src" O="$o" CC="ccache gcc" KCONFIG_ALLCONFIG="$frag" allnoconfig >"$log" 2>&1
	bad=$(grep -E '^(CONFIG_|# CONFIG_)' "$frag" | while read -r line; do
		grep -qxF "$line" "$o/.config" || echo "$line"
	done)
	[ -z "$bad" ] || die "${frag#"$top"/} options missing from the $name .config: $bad"
	echo "$stamp" >"$o/.config-stamp"
}

# The patch files of the series, in order, as listed in patches/series.
series_patches() {
	grep -v '^[[:space:]]*\(#\|$\)' "$top/patches/series" | sed "s|^|$top/patches/|"
}
