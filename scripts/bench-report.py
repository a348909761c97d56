#!/usr/bin/env python3
"""Judge the benchmark boots of both kernels and plot them.

Reads build/results/bench-ours-<i>.txt and bench-612-<i>.txt (one file per
boot, written by scripts/run-bench.sh). Each line of the benchmark module is
already the median of its repetitions within one boot. A ratio between the
kernels is taken per boot pair (ours i / 6.12 i, for the boots both have), a
ratio within our kernel per boot; the table prints the median ratio and its
spread, min-max over the boots. A target is "met" or "MISSED" only when the
whole spread lies on one side of it, "undecided (noise)" otherwise.

The control is a loop of loads in the benchmark module's own code, the same
instructions in both kernels, timed at the start of each boot and again at
its end. On a shared host whole boots run faster or slower (up to 1.6x
here), so a ratio between the kernels is taken on figures divided by their
boot's control: what is left is the kernels' difference. That holds only
while a guest's speed stays put within its boot: when the control at the
end differs from the one at the start by more than CONTROL_LIMIT in any
boot, or the spread of end/start over the boots does not hold 1.00, the run
is too noisy to judge: no verdicts, exit status 1. Smaller drift is left to
the ranges: it widens them, and a target inside a wide range is judged
"undecided". A missing figure gives exit status 2.

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

CONTROL_LIMIT = 0.15
top = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
res = os.path.join(top, "build", "results")
# bench-report.py DIR judges the boots kept in DIR (a history entry) again,
# printing the table only.
boot_dir = sys.argv[1] if len(sys.argv) > 1 else res
LINE = re.compile(r"^msi_bench: (\w+) n=(\d+)(?: ns=(\d+))? bytes=(-?\d+)")


def load_boot(path):
    figs, release = {}, "?"
    with open(path, errors="replace") as f:
        for line in f:
            if line.startswith("# kernel "):
                release = line.split()[2]
            m = LINE.match(line)
            if m:
                ns = int(m.group(3)) if m.group(3) else None
                figs[(m.group(1), int(m.group(2)))] = (ns, int(m.group(4)))
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


def fig(boots, test, n, field=0):
    """Per-boot values of one figure, None where a boot lacks it."""
    return [b.get((test, n), (None, None))[field] for b in boots]


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def ratios(num, den):
    """Per-boot ratios; None when any boot lacks a figure."""
    if not num or any(v is None or not d for v, d in zip(num, den)):
        return None
    return [v / d for v, d in zip(num, den)]


def cross(test, n):
    """ours/6.12 per boot pair, each figure in units of its boot's control."""
    o = ratios(fig(ours_p, test, n), fig(ours_p, "control", 2048))
    r = ratios(fig(ref_p, test, n), fig(ref_p, "control", 2048))
    return ratios(o, r) if o and r else None


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
row("guest speed: control at start", 2048, o, r, ratios(o, r))
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
    o, f = fig(ours, "ims", n), fig(ours, "floor", n)
    row("IMS alloc+free (ours only)", n, o, None, None, ratios(o, f))
    if n == 2048:
        target("IMS alloc+free at 2048, ours/floor", ratios(o, f), 1.25, "IMS, 2048\\nours/floor")
target("IMS per-vector cost flat: cost at 2048 / cost at 16",
       ratios(fig(ours, "ims", 2048), fig(ours, "ims", 16)), 1.3, "IMS cost\\n2048 / 16")

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

# The control: end/start within each boot, over all boots of both kernels.
control = ratios(fig(ours, "control_end", 2048) + fig(list(ref_boots[i][0] for i in sorted(ref_boots)),
                                                      "control_end", 2048),
                 fig(ours, "control", 2048) + fig(list(ref_boots[i][0] for i in sorted(ref_boots)),
                                                  "control", 2048))
rows.append(f"control: module loop, end / start of each boot: {spread(control)}")
if not control:
    noisy = "no control figure"
elif not (min(control) <= 1.005 and max(control) >= 0.995):
    noisy = f"the control reads {spread(control)}: 1.00 is not within its range"
elif max(abs(c - 1) for c in control) > CONTROL_LIMIT:
    noisy = (f"the control reads {spread(control)}: a guest's speed changed by more "
             f"than {CONTROL_LIMIT:.2f} within its boot")
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
                f"{noisy or 'module loop end/start ' + spread(control) + ' holds 1.00'}")


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
head = [f"# {now:%Y-%m-%d %H:%M:%S}; ours {ours_release} (repository "
        f"{git('-C', top, 'describe', '--always', '--dirty')}, series "
        f"{git('-C', os.path.join(top, 'build', 'linux'), 'rev-parse', '--short', 'HEAD')}), "
        f"6.12 {ref_release}",
        f"# {qemu}; host: {os.cpu_count()} x {cpu}",
        f"# {len(ours_boots)} boots of ours and {len(ref_boots)} of 6.12 ({mode}); "
        f"ratios: median [min-max] over {len(paired)} boot pairs; ours/6.12 of "
        "figures divided by their boot's control at start", ""]
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
    for _, rs, limit, short in targets + [(None, control, None, "control\\nend/start")]:
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
