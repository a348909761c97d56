# irqbalance (Debian's package), run once as a distribution runs it, on the
# edu device's IMS vectors. It finds their irqs in the device's msi_irqs
# and asks its policy script about each with that device's sysfs path; the
# script puts the device's interrupts at the core level, and irqbalance
# then moves each IMS vector from all CPUs to one.
. /tests/ims-lib.sh

policy=/tmp/irq-policy
cat >$policy <<EOS
#!/bin/sh
echo "\$2 \$1" >>/tmp/irq-policy.log
case "\$1" in *$bdf) echo balance_level=core ;; esac
EOS
chmod +x $policy
rm -f /tmp/irq-policy.log

# eight_irqs: the vectors the checks below are about are there.
eight_irqs() {
	[ "$(echo $irqs | wc -w)" = 8 ] || { echo "IMS vectors of $bdf: '$irqs', not 8"; return 1; }
}

# ims_placed: every IMS vector was the edu device's for irqbalance and is
# on one CPU now.
ims_placed() {
	local irq bad=0
	eight_irqs || return 1
	for irq in $irqs; do
		grep -q "^$irq .*/$bdf\$" /tmp/irq-policy.log ||
			{ echo "irq $irq: not attributed to $bdf: $(grep "^$irq " /tmp/irq-policy.log)"; bad=1; }
		case $(cat /proc/irq/$irq/smp_affinity_list) in
		*[,-]*) echo "irq $irq: still on CPUs $(cat /proc/irq/$irq/smp_affinity_list)"; bad=1 ;;
		esac
	done
	[ $bad = 0 ] || { cat /tmp/irqbalance.out; return 1; }
}

# on_all_cpus: every IMS vector has the default affinity, all CPUs.
on_all_cpus() {
	local irq
	eight_irqs || return 1
	for irq in $irqs; do
		[ "$(cat /proc/irq/$irq/smp_affinity_list)" = 0-1 ] ||
			{ echo "irq $irq on CPUs $(cat /proc/irq/$irq/smp_affinity_list)"; return 1; }
	done
}

echo 8 >$ctl/alloc
irqs=$(ims_vectors | awk '{ print $1 }' | tr '\n' ' ')
check "ims-edu: 8 IMS vectors on all CPUs before irqbalance" on_all_cpus
/usr/sbin/irqbalance --oneshot --debug --policyscript=$policy >/tmp/irqbalance.out 2>&1
check "irqbalance --oneshot: the 8 IMS vectors are the edu device's, each placed on one CPU" ims_placed
# What irqbalance said about them, for the log.
for irq in $irqs; do grep -i -E "(interrupt|irq) $irq([^0-9]|$)" /tmp/irqbalance.out | head -n 3; done |
	while read -r line; do diag "irqbalance: $line"; done
for irq in $irqs; do diag "irq $irq now on CPU $(cat /proc/irq/$irq/smp_affinity_list)"; done
fire_one() { echo 0 >$ctl/fire && [ "$(awk '$1 == 0 { print $3 }' $ctl/vectors)" = 1 ]; }
check "ims-edu: IMS entry 0 delivers once after irqbalance moved it" fire_one
echo all >$ctl/free
