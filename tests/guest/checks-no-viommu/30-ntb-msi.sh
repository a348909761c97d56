# The loopback NTB in a guest with the opt-in but no interrupt remapping:
# a guest cannot isolate the peer's writes, the NTB domain is refused and
# ntb_msi goes on as before the domain existed.
. /tests/ntb-lib.sh
ntb_refused "no interrupt remapping to isolate its messages"
