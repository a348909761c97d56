#!/bin/bash
# "make debian-patches": the series in the layout of Debian's kernel source
# package, in build/debian-patches/:
#   debian/patches/features/x86/per-device-msi-ims/*.patch  the patches,
#                     with DEP-3 Origin and Forwarded fields
#   series.append     the lines to add to debian/patches/series
#   debian/config/config, debian/config/kernelarch-x86/config
#                     the symbols to set, in Debian's "## file:" sections
#   README.Debian     the kernel ABI change and how to apply the rest
set -eu
. "$(dirname "$0")/lib.sh"

[ -d "$tree/.git" ] || die "no $tree: run 'make tree' first"
topic=features/x86/per-device-msi-ims
out=$build/debian-patches
rm -rf "$out"
mkdir -p "$out/debian/patches/$topic"
mapfile -t patches < <(series_patches)
origin=$(git -C "$top" remote get-url origin 2>/dev/null || echo "the IMS series repository")
rev=$(git -C "$top" rev-parse --short HEAD)
for p in "${patches[@]}"; do
	# Debian's names keep the subject; the NNNN- prefix keeps the order.
	# DEP-3: git's mail headers stand for Author, Description and Date;
	# Origin and Forwarded say where it comes from (not upstream).
	awk -v origin="other, $origin (patches/ at $rev)" '
		!done && /^Date: / {
			print "Origin: " origin
			print "Forwarded: no (a series for Debian 12'"'"'s 6.1; upstream has had per-device MSI domains since 6.2)"
			done = 1
		}
		{ print }' "$p" >"$out/debian/patches/$topic/$(basename "$p")"
done
for p in "${patches[@]}"; do echo "$topic/$(basename "$p")"; done >"$out/series.append"
# The symbols of config/debian.config, each in the "## file:" section of its
# Kconfig; those which depend on X86 go to kernelarch-x86.
mkdir -p "$out/debian/config/kernelarch-x86"
grep -E '^(CONFIG_|# CONFIG_)' "$top/config/debian.config" | while read -r line; do
	sym=$(echo "$line" | sed -E 's/^(# )?CONFIG_([A-Za-z0-9_]+).*/\2/')
	kc=$(kconfig_of "$sym")
	[ -n "$kc" ] || die "CONFIG_$sym of config/debian.config has no Kconfig entry"
	if x86_only "$sym" "$kc"; then dest=kernelarch-x86/config; else dest=config; fi
	echo "$dest $kc $line"
done | sort -s -k1,2 | awk -v out="$out/debian/config" '
	{ f = out "/" $1; if ($2 != last[f]) { printf "##\n## file: %s\n##\n", $2 >> f; last[f] = $2 }
	  sub(/^[^ ]+ [^ ]+ /, ""); print >> f }'
cat >"$out/README.Debian" <<EOT
Per-device MSI domains and PCI/IMS for Debian's linux $BASE_VERSION
(${#patches[@]} patches, made by scripts/debian-patches.sh from patches/).

1. Copy debian/patches/$topic/ into the source package and append
   series.append to debian/patches/series: the patches apply on top of
   Debian's own, as they were tested on linux-source-6.1 $BASE_VERSION.
   The patches are under features/x86 as they were asked for there, but
   the generic ones (genirq/msi, PCI/MSI, NTB, vfio) change code of every
   architecture, which Debian's single series applies to all of them.
2. Merge debian/config/config and debian/config/kernelarch-x86/config into
   the package's files of those names: they set the symbols the series
   needs; the tests and samples stay off. Debian 12 has no NTB: the NTB
   user comes with NTB as modules, which a stable update may prefer to
   leave out (drop the NTB lines; the rest does not need them).
3. The kernel ABI changes: struct msi_desc (a union of PCI data and the
   per-domain cookies) and struct msi_device_data (the per-device domain
   table), which every driver using MSI sees through struct device, change
   size; struct msi_domain_info and struct irq_domain gain fields; struct
   msi_parent_ops, struct msi_map and the msi_api.h types are new.
   The MSI domain flags gain MSI_FLAG_PCI_MSIX_ALLOC_DYN, MSI_FLAG_PCI_IMS
   and MSI_FLAG_PCI_NTB. Out-of-tree modules built against the old
   headers must be rebuilt: bump the abiname in debian/config/defines
   (abiname: N+1) rather than ignoring the ABI check. Every symbol stock
   6.1 exports stays exported, msi_first_desc(), msi_next_desc() and
   msi_get_virq() with their stock signatures.
4. User-visible: /proc/interrupts names the chip of a PCI device's
   vectors after its own domain ("PCI-MSIX-0000:00:03.0",
   "IR-PCI-MSIX-<bdf>" instead of "PCI-MSI"/"IR-PCI-MSI"), and its hwirq
   column, like /sys/kernel/irq/<irq>/hwirq, reads the vector's index in
   that domain (the MSI-X entry) instead of a number made of the PCI
   domain, requester ID and entry; msi_irqs/<irq> may read "ims" or
   "ntb"; the kernel parameter ims_in_guest; each interrupt remapping
   unit's sysfs attribute ims; the idxd attribute ims_size and parameter
   wq_ims.
EOT
say "debian-patches: ${#patches[@]} patches, series and config lines in ${out#"$top"/}"
