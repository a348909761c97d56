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

# debian_config [ARCH]: Debian 12's kernel config for ARCH (amd64, the
# default, or arm64) from the package linux-config-6.1 of that
# architecture, downloaded and unpacked into build/linux-config-ARCH (not
# installed: apt would upgrade the pinned linux-source-6.1 with it; the
# arm64 one from the same pool as the amd64 one); prints its path.
debian_config() {
	local arch=${1:-amd64} d cfg uri
	d=$build/linux-config-$arch
	cfg=$d/usr/src/linux-config-6.1/config.${arch}_none_$arch.xz
	if [ ! -r "$cfg" ]; then
		say "fetching Debian's $arch kernel config (linux-config-6.1, not installed)"
		rm -rf "$d"
		mkdir -p "$d"
		uri=$(apt-get download --print-uris linux-config-6.1 2>/dev/null | cut -d"'" -f2)
		if [ -z "$uri" ]; then
			apt-get update -q >/dev/null
			uri=$(apt-get download --print-uris linux-config-6.1 | cut -d"'" -f2)
		fi
		[ -n "$uri" ] || die "apt offers no linux-config-6.1"
		curl -sS -f -o "$d/linux-config.deb" "${uri%_amd64.deb}_$arch.deb"
		dpkg-deb -x "$d/linux-config.deb" "$d"
		say "Debian's $arch config: $(basename "${uri%_amd64.deb}_$arch.deb")"
	fi
	[ -r "$cfg" ] || die "no $cfg in the linux-config-6.1 package"
	echo "$cfg"
}

# kconfig_of SYM: the Kconfig file of the tree that defines SYM.
# x86_only SYM FILE: SYM's entry in FILE depends on X86.
kconfig_of() { git -C "$tree" grep -l -E "^(menu)?config $1\$" -- '*Kconfig*' | head -n 1; }
x86_only() {
	awk -v s="$1" '$0 == "config " s || $0 == "menuconfig " s { f = 1; next }
		f && /^(config|menuconfig|endif|endmenu|if |menu |choice)/ { f = 0 }
		f && /depends on.*X86/ { found = 1 } END { exit !found }' "$tree/$2"
}

# debian_dotconfig CFGXZ SRC DOTCONFIG: Debian's config for a local build:
# no signing keys or module signatures, no debug info, plus the series'
# options of config/debian.config.
debian_dotconfig() {
	xzcat "$1" >"$3" &&
	"$2/scripts/config" --file "$3" \
		--set-str SYSTEM_TRUSTED_KEYS "" --set-str SYSTEM_REVOCATION_KEYS "" \
		--disable MODULE_SIG_ALL --disable DEBUG_INFO_BTF \
		--enable DEBUG_INFO_NONE --disable DEBUG_INFO_DWARF5 \
		--disable DEBUG_INFO_DWARF_TOOLCHAIN_DEFAULT &&
	cat "$top/config/debian.config" >>"$3"
}
