#!/bin/bash
# Create build/linux: a git tree of the pinned base, tagged "base", with
# every patch of patches/series applied as its own commit.
set -eu
. "$(dirname "$0")/lib.sh"

# Stable patch ids of the commits in the tree and of the patch files.
tree_ids() { git -C "$tree" format-patch --stdout base..HEAD | git patch-id --stable | cut -d' ' -f1; }
file_ids() { series_patches | while read -r p; do git patch-id --stable <"$p" | cut -d' ' -f1; done; }

if [ -d "$tree/.git" ] && [ "${FORCE:-0}" != 1 ]; then
	[ -z "$(git -C "$tree" status --porcelain --untracked-files=no)" ] ||
		die "$tree has uncommitted changes: commit and 'make export', or FORCE=1 make tree to discard them"
	if [ "$(tree_ids)" = "$(file_ids)" ]; then
		# Up to date: keep it, and with it the build directories' timestamps.
		say "$tree matches patches/ ($(git -C "$tree" rev-list --count base..HEAD) patches)"
		exit 0
	fi
	# Behind patches/ (e.g. after a pull) is fine; unexported commits are not.
	for id in $(tree_ids); do
		file_ids | grep -qx "$id" ||
			die "$tree has commits that are not in patches/: run 'make export' first, or FORCE=1 make tree to discard them"
	done
fi

"$top/scripts/fetch-base.sh"
say "creating $tree from $(cat "$build/src/base.stamp")"
rm -rf "$tree"
cp -a "$build/src/base" "$tree"
cd "$tree"
git init -q -b master
git config user.name "${SERIES_IDENT% <*}"
git config user.email "$(echo "$SERIES_IDENT" | sed 's/.*<\(.*\)>/\1/')"
git config core.abbrev 12
# Debian's top-level .gitignore ends with "/*" (its packaging repository
# tracks only debian/): that would hide every file a patch adds. The base
# commit drops that block; no patch touches .gitignore.
sed -i '/^# Debian packaging: ignore everything/,$d' .gitignore
sed -i '${/^#$/d}' .gitignore
git add -A -f .
# Fixed dates and identity make the base commit id the same on every machine,
# so "base-commit:" in the exported patches does not change.
GIT_AUTHOR_DATE="2000-01-01T00:00:00Z" GIT_COMMITTER_DATE="2000-01-01T00:00:00Z" \
	git commit -q -m "Debian $BASE_PACKAGE $(cat "$build/src/base.stamp")" \
		-m "The tarball as shipped, less the final block of .gitignore that ignores every top-level path."
git tag base

n=0
for p in $(series_patches); do
	n=$((n + 1))
	if ! git am -q --committer-date-is-author-date "$p" >/dev/null 2>&1; then
		git am --abort || true
		die "patch $n, $(basename "$p"), does not apply to $(cat "$build/src/base.stamp"); the tree stops before it"
	fi
done
say "applied $n patches on base $(git rev-parse --short base)"
