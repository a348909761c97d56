# The kernel of "make deb", booted from its Debian package: its release
# and modules are the package's, and the sample drivers load as modules.
want=$(cat /tests/deb-release)
check "kernel $want from the package is running" sh -c "[ \"\$(uname -r)\" = '$want' ]"
check "modules of the package: modprobe ims_edu (raw_dma=1) and msix_dyn" sh -c \
	"modprobe ims_edu raw_dma=1 && modprobe msix_dyn && grep -q '^ims_edu ' /proc/modules &&
	 grep -q '^msix_dyn ' /proc/modules"
# /tests/deb-config is the package's /boot/config-<release>.
check "the package's config: Debian's, none of the debug options of make test, the samples as modules" sh -c \
	"grep -qx 'CONFIG_SAMPLE_PCI_IMS_EDU=m' /tests/deb-config &&
	 grep -qx '# CONFIG_KASAN is not set' /tests/deb-config &&
	 grep -qx '# CONFIG_PROVE_LOCKING is not set' /tests/deb-config &&
	 [ -f /lib/modules/$want/kernel/samples/pci/ims-edu.ko ]"
