#!/usr/bin/env python3
"""Print the benchmark table of both kernels and plot per-vector costs.

Reads build/results/bench-ours.txt and bench-612.txt (lines of the
benchmark module), prints one table with the ratios ours/6.12 and
ours/floor and the targets of the benchmark issue, writes
build/results/bench.txt, bench.dat and bench.png (gnuplot).
"""
import os
import re
import subprocess
import sys

res = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "build", "results")
res = os.path.normpath(res)
LINE = re.compile(r"^msi_bench: (\w+) n=(\d+)(?: ns=(\d+))? bytes=(-?\d+)")


def load(kernel):
    figs = {}
    with open(os.path.join(res, f"bench-{kernel}.txt"), errors="replace") as f:
        for line in f:
            m = LINE.match(line)
            if m:
                test, n, ns, b = m.group(1), int(m.group(2)), m.group(3), int(m.group(4))
                figs[(test, n)] = (int(ns) if ns else None, b)
    return figs


ours, ref = load("ours"), load("612")
rows, verdicts = [], []


def ns(figs, test, n):
    v = figs.get((test, n))
    return v[0] if v else None


def ratio(a, b):
    return f"{a / b:.2f}" if a and b else "-"


def row(label, n, o, r, floor):
    rows.append(f"{label:<28} {n:>6} {o if o is not None else '-':>10} "
                f"{r if r is not None else '-':>10} {ratio(o, r):>9} {ratio(o, floor):>10}")


def target(text, value, limit):
    ok = value is not None and value <= limit
    verdicts.append(f"{'met   ' if ok else 'MISSED'} {text}: "
                    f"{value:.2f} (at most {limit})" if value is not None else f"MISSED {text}: no figure")


rows.append(f"{'figure (ns per operation)':<28} {'n':>6} {'ours':>10} {'6.12':>10} {'ours/6.12':>9} {'ours/floor':>10}")
o, r = ns(ours, "msix_dyn", 1), ns(ref, "msix_dyn", 1)
row("MSI-X alloc+free, dynamic", 1, o, r, None)
target("dynamic MSI-X alloc+free, ours/6.12", o / r if o and r else None, 1.05)
for n in (1, 16, 256, 2048):
    o, r = ns(ours, "lookup", n), ns(ref, "lookup", n)
    row("msi_get_virq() lookup", n, o, r, None)
    if n == 2048:
        target("lookup with 2048 vectors, ours/6.12", o / r if o and r else None, 1.05)
for n in (1, 16, 256, 2048):
    row("  its primitives: mutex+xa_load", n, ns(ours, "lookup_floor", n),
        ns(ref, "lookup_floor", n), None)
for n in (16, 256, 2048, 8192):
    row("floor: parent alloc+free", n, ns(ours, "floor", n), ns(ref, "floor", n), None)
for n in (16, 256, 2048, 8192):
    o, f = ns(ours, "ims", n), ns(ours, "floor", n)
    row("IMS alloc+free (ours only)", n, o, None, f)
    if n == 2048:
        target("IMS alloc+free at 2048, ours/floor", o / f if o and f else None, 1.25)
for n in (16, 256, 2048, 8192):
    row("  IMS without msi_irqs entries", n, ns(ours, "ims_nosysfs", n), None, ns(ours, "floor", n))
i16, i2048 = ns(ours, "ims", 16), ns(ours, "ims", 2048)
target("IMS per-vector cost flat: cost at 2048 / cost at 16", i2048 / i16 if i16 and i2048 else None, 1.3)

ims_mem = ours.get(("ims", 2048), (None, None))[1]
msix_mem = ref.get(("msix_mem", 2048), (None, None))[1]
rows.append("")
rows.append(f"memory per vector (slab bytes): IMS ours {ims_mem}, MSI-X ours "
            f"{ours.get(('msix_mem', 2048), (None, None))[1]}, MSI-X 6.12 {msix_mem} (n=2048)")
target("memory per IMS vector / 6.12 per MSI-X vector", ims_mem / msix_mem if ims_mem and msix_mem else None, 1.0)
biggest = max((n for (t, n) in ours if t == "ims"), default=0)
left = None
with open(os.path.join(res, "bench-ours.txt"), errors="replace") as f:
    for line in f:
        m = re.match(r"^msi_bench: ims_left n=(\d+) bytes=(-?\d+)", line)
        if m and int(m.group(1)) == biggest:
            left = int(m.group(2))
rows.append(f"largest IMS allocation: {biggest} vectors; slab bytes left after freeing them: {left}")

text = "\n".join(rows + [""] + verdicts) + "\n"
print(text, end="")
with open(os.path.join(res, "bench.txt"), "w") as f:
    f.write(text)

with open(os.path.join(res, "bench.dat"), "w") as f:
    f.write("# n ours_floor 612_floor ours_ims ours_lookup 612_lookup\n")
    for n in (1, 16, 256, 2048, 8192):
        vals = [ns(ours, "floor", n), ns(ref, "floor", n), ns(ours, "ims", n),
                ns(ours, "lookup", n), ns(ref, "lookup", n)]
        f.write(f"{n} " + " ".join(str(v) if v is not None else "NaN" for v in vals) + "\n")
plot = f"""set terminal png size 900,600
set output '{res}/bench.png'
set title 'Per-vector cost against vector count (QEMU TCG, q35 + VT-d)'
set logscale xy
set xlabel 'vectors on the device'
set ylabel 'ns per vector (alloc+free) or per lookup'
set key top left
set datafile missing 'NaN'
plot '{res}/bench.dat' using 1:2 with linespoints title 'ours: floor (parent domain)', \\
     '' using 1:3 with linespoints title '6.12: floor (parent domain)', \\
     '' using 1:4 with linespoints title 'ours: IMS alloc+free', \\
     '' using 1:5 with linespoints title 'ours: msi_get_virq()', \\
     '' using 1:6 with linespoints title '6.12: msi_get_virq()'
"""
subprocess.run(["gnuplot"], input=plot, text=True, check=True)
print(f"plot: {res}/bench.png")
sys.exit(0)
