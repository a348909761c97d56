# Interrupt affinity and CPU hotplug as the checks use them; sourced.
# /proc/interrupts only has columns for online CPUs: counts are read by
# the CPU names of its header.

# irq_of NAME: the irq whose action is NAME.
irq_of_name() { awk -v n="$1" '$NF == n { sub(":", "", $1); print $1; exit }' /proc/interrupts; }

# cpu_irqs IRQ CPU: interrupts of IRQ on CPU (0 while CPU is offline).
cpu_irqs() {
	awk -v irq="$1:" -v cpu="CPU$2" '
		NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i + 1; next }
		$1 == irq { print (cpu in col) ? $col[cpu] : 0; f = 1 }
		END { if (!f) print -1 }' /proc/interrupts
}

# irq_total IRQ: interrupts of IRQ on all online CPUs.
irq_total() {
	awk -v irq="$1:" '$1 == irq { for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) s += $i; print s + 0; f = 1 }
		END { if (!f) print -1 }' /proc/interrupts
}

# effective IRQ: the CPUs the irq is routed to now.
effective() { cat /proc/irq/$1/effective_affinity_list; }

cpu_online() { echo "$2" >/sys/devices/system/cpu/cpu$1/online; }

# rises_on IRQ CPU CMD...: CMD makes IRQ fire on CPU.
rises_on() {
	local irq=$1 cpu=$2 b a
	shift 2
	b=$(cpu_irqs "$irq" "$cpu")
	"$@" >/dev/null 2>&1
	a=$(cpu_irqs "$irq" "$cpu")
	[ "$b" -ge 0 ] && [ "$a" -gt "$b" ] ||
		{ echo "irq $irq on CPU$cpu: $b -> $a (effective $(effective "$irq"))"; grep "^ *$irq:" /proc/interrupts; return 1; }
}

# rises IRQ CMD...: CMD makes IRQ fire on some CPU.
rises() {
	local irq=$1 b a
	shift
	b=$(irq_total "$irq")
	"$@" >/dev/null 2>&1
	a=$(irq_total "$irq")
	[ "$b" -ge 0 ] && [ "$a" -gt "$b" ] || { echo "irq $irq: $b -> $a"; return 1; }
}

# effective_is IRQ CPULIST
effective_is() { [ "$(effective "$1")" = "$2" ] || { echo "irq $1 effective $(effective "$1"), want $2"; return 1; }; }

# move_to IRQ CPU CMD...: set IRQ's affinity to CPU, let CMD raise it once
# (without interrupt remapping x86 moves an MSI vector at its next
# interrupt), then IRQ must be routed to CPU and CMD must raise it there.
move_to() {
	local irq=$1 cpu=$2
	shift 2
	echo "$cpu" >/proc/irq/$irq/smp_affinity_list || return 1
	"$@" >/dev/null 2>&1
	effective_is "$irq" "$cpu" && rises_on "$irq" "$cpu" "$@"
}
