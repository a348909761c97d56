#!/bin/bash
# Write the commits base..HEAD of build/linux back to patches/.
set -eu
. "$(dirname "$0")/lib.sh"

[ -d "$tree/.git" ] || die "no $tree: run 'make tree' first"
[ -z "$(git -C "$tree" status --porcelain --untracked-files=no)" ] ||
	die "$tree has uncommitted changes: commit them (or stash) before exporting"
cover=$top/patches/cover-letter.txt
[ -f "$cover" ] || die "$cover is missing (first line: subject, then the blurb)"

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
git -C "$tree" format-patch -q -o "$out" --zero-commit --no-signature \
	--base=base --cover-letter --subject-prefix=PATCH \
	base..HEAD
subject=$(head -n1 "$cover")
# The cover letter is regenerated from patches/cover-letter.txt, with a fixed date.
awk -v subj="$subject" -v blurbfile="$cover" '
	/^Date: / { print "Date: Sat, 1 Jan 2000 00:00:00 +0000"; next }
	/\*\*\* SUBJECT HERE \*\*\*/ { sub(/\*\*\* SUBJECT HERE \*\*\*/, subj) }
	/\*\*\* BLURB HERE \*\*\*/ {
		getline line < blurbfile
		while ((getline line < blurbfile) > 0) print line
		next
	}
	{ print }' "$out"/0000-cover-letter.patch >"$out/cover.tmp"
mv "$out/cover.tmp" "$out/0000-cover-letter.patch"

rm -f "$top"/patches/*.patch
cp "$out"/*.patch "$top/patches/"
(cd "$out" && ls [0-9]*.patch | grep -v '^0000-') >"$top/patches/series"
say "exported $(wc -l <"$top/patches/series") patches to patches/"
