#!/usr/bin/env python3
"""Judge the benchmark boots of both kernels and plot them.

Reads build/results/bench-ours-<i>.txt and bench-612-<i>.txt (one file per
boot, written by scripts/run-bench.sh). Each line of the benchmark module is
already the median of its repetitions within one boot. A ratio between the
kernels is taken per boot pair (ours i / 6.12 i, for the boots both have), a
ratio within our kernel per boot; the table prints the median ratio and its
spread, min-max over the boots. A target is "met" or "MISSED" only when the
whole spread lies on one side of it, "undecided (noise)" otherwise.

Each figure has two values per boot: ns, and rel, its cost relative to a
probe (a loop of loads in the benchmark module's own code, the same
instructions in both kernels) run right after each repetition. The guest's
speed under TCG drifts by up to a quarter within one boot and by more
between boots; a repetition and its probe are milliseconds apart, so ratios
are taken on rel. The control row is that loop itself, timed as a figure:
its ours/6.12 ratio must hold 1.00 within its spread, and its rel in every
boot must stay within CONTROL_LIMIT of the probe's, else the probe does not
stand for the repetitions and the run is too noisy to judge: no verdicts,
exit status 1. A missing figure gives exit status 2.

Writes build/results/bench.txt, a copy under build/results/history/ with the
boots' raw figures, and the plots bench.png (cost per vector) and
bench-ratios.png (each ratio and its spread against its target).
"""
import datetime
import glob
import os
import re
import shutil
import statistics
import subprocess
import sys

CONTROL_LIMIT = 0.10
REL_UNIT = 1000000	# rel of the control: one of its operations is 1000 loads
top = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
res = os.path.join(top, "build", "results")
# bench-report.py DIR judges the boots kept in DIR (a history entry) again,
# printing the table only.
boot_dir = sys.argv[1] if len(sys.argv) > 1 else res
# vfio-msix growth in the guest (tests/guest/src/vfio-msix.c): the time to
# add the k-th vector, and the interrupts lost on vector 0 meanwhile.
GROWTH = re.compile(r"^vfio_growth: (dyn|old) k=(\d+) us=(\d+)")
GROWTH_LOST = re.compile(r"^vfio_growth: (dyn|old) lost=(\d+)")
GROWTH_K = 64
LINE = re.compile(r"^msi_bench: (\w+) n=(\d+)(?: ns=(\d+) rel=(\d+))? bytes=(-?\d+)")


def load_boot(path):
    figs, release = {}, "?"
    with open(path, errors="replace") as f:
        for line in f:
            if line.startswith("# kernel "):
                release = line.split()[2]
            m = LINE.match(line)
            if m:
                ns, rel = (int(m.group(3)), int(m.group(4))) if m.group(3) else (None, None)
                figs[(m.group(1), int(m.group(2)))] = (ns, int(m.group(5)), rel)
            m = GROWTH.match(line)
            if m:
                figs[("vfio_" + m.group(1), int(m.group(2)))] = (int(m.group(3)), 0, None)
            m = GROWTH_LOST.match(line)
            if m:
                figs[("vfio_lost_" + m.group(1), 0)] = (int(m.group(2)), 0, None)
    return figs, release


def load(kernel):
    boots = {}
    for p in glob.glob(os.path.join(boot_dir, f"bench-{kernel}-[0-9]*.txt")):
        boots[int(re.search(r"-(\d+)\.txt$", p).group(1))] = load_boot(p)
    if not boots:
        sys.exit(f"error: no {res}/bench-{kernel}-<i>.txt: run 'make bench'")
    return boots


ours_boots, ref_boots = load("ours"), load("612")
paired = sorted(set(ours_boots) & set(ref_boots))
ours = [ours_boots[i][0] for i in sorted(ours_boots)]
ours_p = [ours_boots[i][0] for i in paired]
ref_p = [ref_boots[i][0] for i in paired]
ours_release = next(iter(ours_boots.values()))[1]
ref_release = next(iter(ref_boots.values()))[1]


NS, BYTES, REL = 0, 1, 2


def fig(boots, test, n, field=NS):
    """Per-boot values of one figure, None where a boot lacks it."""
    return [b.get((test, n), (None, None, None))[field] for b in boots]


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def ratios(num, den):
    """Per-boot ratios; None when any boot lacks a figure."""
    if not num or any(v is None or not d for v, d in zip(num, den)):
        return None
    return [v / d for v, d in zip(num, den)]


def cross(test, n):
    """ours/6.12 per boot pair, on the figure's cost relative to its probes."""
    return ratios(fig(ours_p, test, n, REL), fig(ref_p, test, n, REL))


def within(test, n, test2, n2):
    """test/test2 within each boot of ours, on costs relative to the probes."""
    return ratios(fig(ours, test, n, REL), fig(ours, test2, n2, REL))


def num(v):
    return "-" if v is None else f"{v:.0f}"


def spread(rs):
    if not rs:
        return "-"
    return f"{statistics.median(rs):.2f} [{min(rs):.2f}-{max(rs):.2f}]"


rows, targets = [], []


def row(label, n, o, r, cross, within=None):
    o_med, r_med = num(median(o)), num(median(r) if r else None)
    rows.append(f"{label:<31} {n:>5} {o_med:>8} {r_med:>8} {spread(cross):>18} "
                f"{spread(within):>18}")


def target(text, rs, limit, short):
    targets.append((text, rs, limit, short))


rows.append(f"{'figure (ns per operation)':<31} {'n':>5} {'ours':>8} {'6.12':>8} "
            f"{'ours/6.12 med [range]':>18} {'ours/floor':>18}")

o, r = fig(ours_p, "control", 2048), fig(ref_p, "control", 2048)
row("guest speed: control, ns/1000", 2048, o, r, ratios(o, r))
row("control relative to its probes", 2048, o, r, cross("control", 2048))
o, r = fig(ours_p, "msix_dyn", 1), fig(ref_p, "msix_dyn", 1)
row("MSI-X alloc+free, dynamic", 1, o, r, cross("msix_dyn", 1))
target("dynamic MSI-X alloc+free, ours/6.12", cross("msix_dyn", 1), 1.05,
       "dynamic MSI-X\\nours/6.12")
for n in (16, 256, 2047):
    o, r = fig(ours_p, "msix_dyn_n", n), fig(ref_p, "msix_dyn_n", n)
    row("MSI-X dynamic, n in a row", n, o, r, cross("msix_dyn_n", n))
for n in (1, 16, 256, 2048):
    o, r = fig(ours_p, "lookup", n), fig(ref_p, "lookup", n)
    row("msi_get_virq() lookup", n, o, r, cross("lookup", n))
    if n == 2048:
        target("lookup with 2048 vectors, ours/6.12", cross("lookup", n), 1.05,
               "lookup, 2048\\nours/6.12")
for n in (1, 16, 256, 2048):
    o, r = fig(ours_p, "lookup_floor", n), fig(ref_p, "lookup_floor", n)
    row("its primitives: mutex+xa_load", n, o, r, cross("lookup_floor", n))
for n in (16, 256, 2048, 8192):
    o, r = fig(ours_p, "floor", n), fig(ref_p, "floor", n)
    row("floor: parent alloc+free", n, o, r, cross("floor", n))
for n in (16, 256, 2048, 8192):
    row("IMS alloc+free (ours only)", n, fig(ours, "ims", n), None, None,
        within("ims", n, "floor", n))
    if n == 2048:
        target("IMS alloc+free at 2048, ours/floor", within("ims", n, "floor", n), 1.25,
               "IMS, 2048\\nours/floor")
target("IMS per-vector cost flat: cost at 2048 / cost at 16",
       within("ims", 2048, "ims", 16), 1.3, "IMS cost\\n2048 / 16")
# What the IMS layer adds to its floor, at 2048 and at 16 (information: the
# target above takes the parent's growth in with it).
above = [(i2 - f2) / (i1 - f1) if None not in (i1, i2, f1, f2) and i1 != f1 else None
         for i1, i2, f1, f2 in zip(fig(ours, "ims", 16), fig(ours, "ims", 2048),
                                   fig(ours, "floor", 16), fig(ours, "floor", 2048))]
above = [a for a in above if a is not None]
rows.append(f"IMS above its floor, 2048 / 16 (the IMS layer's own cost): {spread(above)}")

# A VMM growing MSI-X through vfio-pci, vectors 1..64 added one at a time
# while vector 0 is rung: dynamically, and the old way (disable all, enable
# one more), which is all stock 6.1 offers and what QEMU 7.2 does.
def growth_total(boots, mode):
    """Microseconds to add vectors 1..GROWTH_K, per boot."""
    tot = []
    for b in boots:
        ks = [b.get((f"vfio_{mode}", k), (None,))[0] for k in range(1, GROWTH_K + 1)]
        tot.append(None if None in ks else sum(ks))
    return tot


rows.append("")
rows.append(f"{'vfio-pci: add the k-th MSI-X vector (us)':<41} {'ours':>8} {'6.12':>8} "
            f"{'ours dyn/old med [range]':>24}")
for k in (1, 16, 64):
    for mode, what in (("dyn", "dynamic"), ("old", "old way")):
        o, r = fig(ours_p, f"vfio_{mode}", k), fig(ref_p, f"vfio_{mode}", k)
        rs = ratios(fig(ours, "vfio_dyn", k), fig(ours, "vfio_old", k)) if mode == "dyn" else None
        rows.append(f"{'  ' + what + ', k':<35} {k:>5} {num(median(o)):>8} {num(median(r)):>8} "
                    f"{spread(rs):>24}")
for mode, what in (("dyn", "dynamic"), ("old", "old way")):
    rows.append(f"{'  ' + what + ', all of 1..' + str(GROWTH_K):<41} "
                f"{num(median(growth_total(ours_p, mode))):>8} "
                f"{num(median(growth_total(ref_p, mode))):>8}")
for mode, what in (("dyn", "dynamic"), ("old", "old way")):
    lo, lr = fig(ours, f"vfio_lost_{mode}", 0), fig(list(ref_boots[i][0] for i in sorted(ref_boots)),
                                                     f"vfio_lost_{mode}", 0)
    rows.append(f"  interrupts lost on vector 0, {what}, per boot: ours {lo}, 6.12 {lr}")
target(f"vfio-pci MSI-X growth 1..{GROWTH_K}, ours dynamic/old way",
       ratios(growth_total(ours, "dyn"), growth_total(ours, "old")), 1.0,
       "vfio growth\\ndyn/old way")
lost = fig(ours, "vfio_lost_dyn", 0)
# Any lost interrupt in any boot is a miss: judge the worst boot.
target("interrupts lost while growing, ours dynamic (worst boot)",
       [max(lost)] if lost and None not in lost else None, 0, "lost, ours\\ndynamic")

ims_mem = fig(ours_p, "ims", 2048, 1)
msix_mem = fig(ref_p, "msix_mem", 2048, 1)
rows.append("")
rows.append(f"slab bytes per vector (n=2048, median of boots): IMS ours {num(median(ims_mem))}, "
            f"MSI-X ours {num(median(fig(ours, 'msix_mem', 2048, 1)))}, "
            f"MSI-X 6.12 {num(median(msix_mem))}")
target("memory per IMS vector / 6.12 per MSI-X vector", ratios(ims_mem, msix_mem), 1.0,
       "memory, IMS ours\\n/ MSI-X 6.12")
left = [b.get(("ims_left", 8192), (None, None))[1] for b in ours]
rows.append(f"slab bytes left after freeing 8192 IMS vectors, per boot: {left}")

# The guest's drift within each boot (information only: rel cancels it),
# and the control: its rel against the probes in every boot of both
# kernels, and its ours/6.12 ratio.
all_ref = [ref_boots[i][0] for i in sorted(ref_boots)]
drift = ratios(fig(ours, "control_end", 2048) + fig(all_ref, "control_end", 2048),
               fig(ours, "control", 2048) + fig(all_ref, "control", 2048))
rows.append(f"guest speed drift, control ns end / start of each boot: {spread(drift)}")
probe = [v / REL_UNIT for t in ("control", "control_end")
         for v in fig(ours, t, 2048, REL) + fig(all_ref, t, 2048, REL) if v is not None]
control = cross("control", 2048)
rows.append(f"control rel / probe, every boot: {spread(probe)}; ours/6.12: {spread(control)}")
if not control or not probe:
    noisy = "no control figure"
elif not (min(control) <= 1.005 and max(control) >= 0.995):
    noisy = f"the control reads {spread(control)}: 1.00 is not within its range"
elif max(abs(c - 1) for c in control + probe) > CONTROL_LIMIT:
    noisy = (f"the control reads {spread(control)}, against its probes {spread(probe)}: "
             f"more than {CONTROL_LIMIT:.2f} from 1.00")
else:
    noisy = None

verdicts, missing = [], False
for text, rs, limit, _ in targets:
    if not rs:
        word, missing = "NO DATA", True
        verdicts.append(f"{word:<17} {text}")
        continue
    lo, hi = min(rs), max(rs)
    if noisy:
        word = "not judged"
    elif hi <= limit:
        word = "met"
    elif lo > limit:
        word = "MISSED"
    else:
        word = "undecided (noise)"
    verdicts.append(f"{word:<17} {text}: {spread(rs)}, target at most {limit}")
verdicts.append(f"{'TOO NOISY' if noisy else 'control ok':<17} "
                f"{noisy or 'control ours/6.12 ' + spread(control) + ' holds 1.00'}")


def git(*args):
    r = subprocess.run(["git", *args], capture_output=True, text=True)
    return r.stdout.strip() or "?"


now = datetime.datetime.now()
qemu = subprocess.run(["qemu-system-x86_64", "--version"], capture_output=True,
                      text=True).stdout.splitlines()[0]
cpu = "?"
with open("/proc/cpuinfo") as f:
    for line in f:
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
mode = os.environ.get("BENCH_MODE", "?")
clock = os.environ.get("BENCH_CLOCK", "icount")
head = [f"# {now:%Y-%m-%d %H:%M:%S}; ours {ours_release} (repository "
        f"{git('-C', top, 'describe', '--always', '--dirty')}, series "
        f"{git('-C', os.path.join(top, 'build', 'linux'), 'rev-parse', '--short', 'HEAD')}), "
        f"6.12 {ref_release}",
        f"# {qemu}; host: {os.cpu_count()} x {cpu}",
        f"# {len(ours_boots)} boots of ours and {len(ref_boots)} of 6.12 ({mode}, "
        f"guest clock {clock}); "
        f"ratios: median [min-max] over {len(paired)} boot pairs, of each figure's "
        "cost relative to the probe after each of its repetitions", ""]
text = "\n".join(head + rows + [""] + verdicts) + "\n"
print(text, end="")
if boot_dir != res:
    sys.exit(2 if missing else 1 if noisy else 0)
with open(os.path.join(res, "bench.txt"), "w") as f:
    f.write(text)
hist = os.path.join(res, "history", f"bench-{now:%Y%m%d-%H%M%S}")
os.makedirs(hist, exist_ok=True)
with open(hist + ".txt", "w") as f:
    f.write(text)
for p in glob.glob(os.path.join(res, "bench-ours-[0-9]*.txt")) + \
        glob.glob(os.path.join(res, "bench-612-[0-9]*.txt")):
    shutil.copy(p, hist)

# Plot 1: cost per vector (median over boots) against vector count; ours
# solid, 6.12 dashed in the same colour.
series = [("floor (parent domain alloc+free)", "floor", 1),
          ("IMS alloc+free", "ims", 2),
          ("dynamic MSI-X alloc+free", "msix_dyn_n", 3),
          ("msi_get_virq() lookup", "lookup", 4)]
cols, lines = [], []
for title, test, colour in series:
    for name, boots, dash in (("ours", ours, 1), ("6.12", ref_p, 2)):
        if not any(t == test for b in boots for (t, _) in b):
            continue
        cols.append((boots, test))
        lines.append(f"'{res}/bench.dat' using 1:{len(cols) + 1} with linespoints "
                     f"lc {colour} dt {dash} title '{name}: {title}'")
with open(os.path.join(res, "bench.dat"), "w") as f:
    f.write("# n, then per column: " + "; ".join(line.split("title ")[1] for line in lines) + "\n")
    for n in (1, 16, 256, 2047, 2048, 8192):
        vals = [median(fig(boots, test, n)) for boots, test in cols]
        if any(v is not None for v in vals):
            f.write(f"{n} " + " ".join(str(v) if v is not None else "NaN" for v in vals) + "\n")

# Plot 2: each judged ratio and its spread; the control's rule is "holds
# 1.00", so it has no target marker.
top_y = 1.6
with open(os.path.join(res, "bench-ratios.dat"), "w") as f:
    f.write("# label median min max target\n")
    for _, rs, limit, short in targets + [(None, control, None, "control\\nours/6.12")]:
        if rs:
            top_y = max(top_y, 1.1 * max(rs))
        f.write(f'"{short}" ' + (f"{statistics.median(rs)} {min(rs)} {max(rs)} " if rs
                                 else "NaN NaN NaN ") + f"{limit if limit else 'NaN'}\n")
plot = f"""set terminal png noenhanced size 1200,650
set output '{res}/bench.png'
set title 'Cost per vector against vector count, median of the boots (QEMU TCG, q35 + VT-d)'
set logscale xy
set xlabel 'vectors on the device (count)'
set ylabel 'time per vector, or per lookup (ns)'
set key outside right top
set datafile missing 'NaN'
plot {", ".join(lines)}
set output '{res}/bench-ratios.png'
unset logscale
set title 'Ratios: median and min-max over the boots, against the target (at most)'
set xlabel ''
set ylabel 'ratio'
set yrange [0:{top_y:.2f}]
set xrange [-0.5:{len(targets) + 0.5}]
set key outside below
set bmargin 7
plot '{res}/bench-ratios.dat' using 0:2:3:4:xticlabels(1) with yerrorbars pt 7 title 'ratio, median [min-max]', \\
     '' using 0:5 with points pt 6 ps 3 title 'target (at most)', \\
     1 with lines dt 2 title 'ratio 1.00 (the control must hold it)'
"""
subprocess.run(["gnuplot"], input=plot, text=True, check=True)
print(f"plots: {res}/bench.png, {res}/bench-ratios.png; history: {hist}.txt")
if missing:
    sys.exit(2)
if noisy:
    sys.exit(1)
