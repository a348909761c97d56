#!/bin/bash
# Write the commits base..HEAD of build/linux back to patches/.
set -eu
. "$(dirname "$0")/lib.sh"

[ -d "$tree/.git" ] || die "no $tree: run 'make tree' first"
[ -z "$(git -C "$tree" status --porcelain --untracked-files=no)" ] ||
	die "$tree has uncommitted changes: commit them (or stash) before exporting"
cover=$top/patches/cover-letter.txt
[ -f "$cover" ] || die "$cover is missing (first line: subject, then the blurb)"

# The release being prepared is the newest of CHANGELOG.md ("## vN (date)"):
# its number goes into the subject prefix and its entries into the cover
# letter's "Changes in vN", as b4 prep writes them.
changelog=$top/CHANGELOG.md
ver=$(sed -n 's/^## v\([0-9][0-9]*\) .*/\1/p' "$changelog" | head -n1)
[ -n "$ver" ] || die "$changelog has no '## vN (date)' heading"
prefix=PATCH
[ "$ver" = 1 ] || prefix="PATCH v$ver"
changes=$(mktemp)
out=$(mktemp -d)
trap 'rm -rf "$out" "$changes"' EXIT
if [ "$ver" != 1 ]; then
	{
		echo
		echo "---"
		echo "Changes in v$ver:"
		awk '/^## v/ { n++; next } n == 1' "$changelog" | sed '/^$/d'
		awk '/^## v/ { n++; if (n > 1) { sub(/^## /, ""); print "- " $0 ": not posted (CHANGELOG.md)" } }' "$changelog"
	} >"$changes"
fi
git -C "$tree" format-patch -q -o "$out" --zero-commit --no-signature \
	--base=base --cover-letter --subject-prefix="$prefix" \
	base..HEAD
subject=$(head -n1 "$cover")

# Recipients: get_maintainer.pl on each patch, with the series' own
# MAINTAINERS; patches/recipients.txt keeps each patch's list, the cover
# letter goes to all of them (people To, lists Cc), as b4 prep does.
recipients=$top/patches/recipients.txt
: >"$out/recipients"
for p in "$out"/[0-9]*.patch; do
	case $p in */0000-*) continue ;; esac
	echo "$(basename "$p"):"
	(cd "$tree" && perl scripts/get_maintainer.pl --no-git --no-git-fallback --no-fixes \
		--no-rolestats "$p" 2>/dev/null) | tee -a "$out/recipients" | sed 's/^/  /'
done >"$out/recipients.txt"
to=$(grep -v -E '@(vger\.kernel\.org|lists\.)' "$out/recipients" | sort -u | paste -sd, - |
	sed 's/,/,\n    /g')
cc=$(grep -E '@(vger\.kernel\.org|lists\.)' "$out/recipients" | sort -u | paste -sd, - |
	sed 's/,/,\n    /g')

# The cover letter is regenerated from patches/cover-letter.txt, with a fixed
# date, the recipients, and the change-id and sign-off of a b4 cover letter.
awk -v subj="$subject" -v blurbfile="$cover" -v changes="$changes" -v to="$to" -v cc="$cc" '
	/^Date: / {
		print "Date: Sat, 1 Jan 2000 00:00:00 +0000"
		if (to != "") print "To: " to
		if (cc != "") print "Cc: " cc
		next
	}
	/^base-commit: / {
		print
		print "change-id: 20261125-per-device-msi-ims"
		print ""
		print "Best regards,"
		print "-- "
		print "IMS series maintainers <ims@localhost>"
		next
	}
	/\*\*\* SUBJECT HERE \*\*\*/ { sub(/\*\*\* SUBJECT HERE \*\*\*/, subj) }
	/\*\*\* BLURB HERE \*\*\*/ {
		getline line < blurbfile
		while ((getline line < blurbfile) > 0) print line
		while ((getline line < changes) > 0) print line
		next
	}
	{ print }' "$out"/0000-cover-letter.patch >"$out/cover.tmp"
mv "$out/cover.tmp" "$out/0000-cover-letter.patch"

rm -f "$top"/patches/*.patch
cp "$out/recipients.txt" "$recipients"
cp "$out"/*.patch "$top/patches/"
(cd "$out" && ls [0-9]*.patch | grep -v '^0000-') >"$top/patches/series"
say "exported $(wc -l <"$top/patches/series") patches to patches/"
