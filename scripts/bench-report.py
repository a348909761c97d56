#!/usr/bin/env python3
"""Judge the benchmark boots of both kernels and plot them.

Reads build/results/bench-ours-<i>.txt and bench-612-<i>.txt (one file per
boot, written by scripts/run-bench.sh; the boots were interleaved). Each line
of the benchmark module is already the median of its repetitions within one
boot. A ratio between the kernels is taken per boot pair (ours i / 6.12 i), a
ratio within our kernel per boot; the table prints the median ratio and its
spread, min-max over the boots. A target is "met" or "MISSED" only when the
whole spread lies on one side of it, "undecided (noise)" otherwise. The
control row compares code that is identical in both kernels: when its spread
does not hold 1.00 the run is too noisy to judge and the exit status is 1.

Writes build/results/bench.txt, a copy under build/results/history/, and
the plots bench.png (cost per vector) and bench-ratios.png (each ratio and
its spread against its target).
"""
import datetime
import glob
import os
import re
import statistics
import subprocess
import sys

res = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                    "..", "build", "results"))
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
    def boot(p):
        return int(re.search(r"-(\d+)\.txt$", p).group(1))
    paths = sorted(glob.glob(os.path.join(res, f"bench-{kernel}-[0-9]*.txt")), key=boot)
    if not paths:
        sys.exit(f"error: no {res}/bench-{kernel}-<i>.txt: run 'make bench'")
    boots = [load_boot(p) for p in paths]
    return [b[0] for b in boots], boots[0][1]


ours, ours_release = load("ours")
ref, ref_release = load("612")
pairs = min(len(ours), len(ref))


def fig(boots, test, n, field=0):
    """Per-boot values of one figure, None where a boot lacks it."""
    return [b.get((test, n), (None, None))[field] for b in boots]


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def ratios(num, den):
    """Per-boot ratios; None when any boot lacks a figure."""
    if any(v is None or not d for v, d in zip(num, den)) or not num:
        return None
    return [v / d for v, d in zip(num, den)]


def spread(rs):
    if not rs:
        return "-"
    return f"{statistics.median(rs):.2f} [{min(rs):.2f}-{max(rs):.2f}]"


rows, verdicts, judged = [], [], []


def row(label, n, o, r, cross, within=None):
    o_med, r_med = median(o), median(r) if r else None
    rows.append(f"{label:<31} {n:>5} {o_med if o_med is not None else '-':>8} "
                f"{r_med if r_med is not None else '-':>8} {spread(cross):>18} "
                f"{spread(within):>18}")


def target(text, rs, limit):
    if not rs:
        verdicts.append(f"MISSED     {text}: no figure")
        judged.append((text, None, None, None, limit))
        return
    lo, hi, med = min(rs), max(rs), statistics.median(rs)
    if hi <= limit:
        word = "met       "
    elif lo > limit:
        word = "MISSED    "
    else:
        word = "undecided (noise)"
    verdicts.append(f"{word} {text}: {med:.2f} [{lo:.2f}-{hi:.2f}], target at most {limit}")
    judged.append((text, med, lo, hi, limit))


o_ns = {}
rows.append(f"{'figure (ns per operation)':<31} {'n':>5} {'ours':>8} {'6.12':>8} "
            f"{'ours/6.12 med [range]':>18} {'ours/floor':>18}")

o, r = fig(ours, "msix_dyn", 1)[:pairs], fig(ref, "msix_dyn", 1)[:pairs]
row("MSI-X alloc+free, dynamic", 1, o, r, ratios(o, r))
target("dynamic MSI-X alloc+free, ours/6.12", ratios(o, r), 1.05)
for n in (16, 256, 2047):
    o, r = fig(ours, "msix_dyn_n", n)[:pairs], fig(ref, "msix_dyn_n", n)[:pairs]
    row("MSI-X dynamic, n in a row", n, o, r, ratios(o, r))
for n in (1, 16, 256, 2048):
    o, r = fig(ours, "lookup", n)[:pairs], fig(ref, "lookup", n)[:pairs]
    row("msi_get_virq() lookup", n, o, r, ratios(o, r))
    if n == 2048:
        target("lookup with 2048 vectors, ours/6.12", ratios(o, r), 1.05)
for n in (1, 16, 256, 2048):
    o, r = fig(ours, "lookup_floor", n)[:pairs], fig(ref, "lookup_floor", n)[:pairs]
    row("control: mutex+xa_load", n, o, r, ratios(o, r))
    if n == 2048:
        control = ratios(o, r)
for n in (16, 256, 2048, 8192):
    o, r = fig(ours, "floor", n)[:pairs], fig(ref, "floor", n)[:pairs]
    row("floor: parent alloc+free", n, o, r, ratios(o, r))
for n in (16, 256, 2048, 8192):
    o, f = fig(ours, "ims", n), fig(ours, "floor", n)
    row("IMS alloc+free (ours only)", n, o, None, None, ratios(o, f))
    if n == 2048:
        target("IMS alloc+free at 2048, ours/floor", ratios(o, f), 1.25)
target("IMS per-vector cost flat: cost at 2048 / cost at 16",
       ratios(fig(ours, "ims", 2048), fig(ours, "ims", 16)), 1.3)

ims_mem = fig(ours, "ims", 2048, 1)[:pairs]
msix_mem = fig(ref, "msix_mem", 2048, 1)[:pairs]
rows.append("")
rows.append(f"slab bytes per vector (n=2048, median of boots): IMS ours {median(ims_mem)}, "
            f"MSI-X ours {median(fig(ours, 'msix_mem', 2048, 1))}, MSI-X 6.12 {median(msix_mem)}")
target("memory per IMS vector / 6.12 per MSI-X vector", ratios(ims_mem, msix_mem), 1.0)
left = [v for b in ours for (t, n), (_, v) in b.items() if t == "ims_left" and n == 8192]
rows.append(f"slab bytes left after freeing 8192 IMS vectors, per boot: {left}")

if not control:
    noisy = "too noisy to judge: no control figure"
elif min(control) <= 1.005 and max(control) >= 0.995:
    noisy = None
else:
    noisy = (f"too noisy to judge: the control (identical code) reads {spread(control)}, "
             "not 1.00 within its range")

now = datetime.datetime.now()
qemu = subprocess.run(["qemu-system-x86_64", "--version"], capture_output=True,
                      text=True).stdout.splitlines()[0]
head = [f"# {now:%Y-%m-%d %H:%M:%S}; ours {ours_release}, 6.12 {ref_release}; {qemu}",
        f"# {len(ours)} boots of ours and {len(ref)} of 6.12, interleaved; ratios: "
        "median [min-max] over boots", ""]
text = "\n".join(head + rows + [""] + verdicts +
                 ([f"control: {noisy}"] if noisy else
                  [f"control: mutex+xa_load ours/6.12 {spread(control)} holds 1.00"])) + "\n"
print(text, end="")
with open(os.path.join(res, "bench.txt"), "w") as f:
    f.write(text)
os.makedirs(os.path.join(res, "history"), exist_ok=True)
with open(os.path.join(res, "history", f"bench-{now:%Y%m%d-%H%M%S}.txt"), "w") as f:
    f.write(text)

# Plot 1: cost per vector (median over boots) against vector count.
series = [("ours: floor (parent domain alloc+free)", ours, "floor"),
          ("6.12: floor (parent domain alloc+free)", ref, "floor"),
          ("ours: IMS alloc+free", ours, "ims"),
          ("ours: dynamic MSI-X alloc+free", ours, "msix_dyn_n"),
          ("6.12: dynamic MSI-X alloc+free", ref, "msix_dyn_n"),
          ("ours: msi_get_virq() lookup", ours, "lookup"),
          ("6.12: msi_get_virq() lookup", ref, "lookup")]
counts = (1, 16, 256, 2047, 2048, 8192)
with open(os.path.join(res, "bench.dat"), "w") as f:
    f.write("# n; then per column: " + "; ".join(t for t, _, _ in series) + "\n")
    for n in counts:
        vals = [median(fig(k, t, n)) for _, k, t in series]
        if all(v is None for v in vals):
            continue
        f.write(f"{n} " + " ".join(str(v) if v is not None else "NaN" for v in vals) + "\n")
lines = ", \\\n     ".join(
    f"'{res}/bench.dat' using 1:{i + 2} with linespoints title '{title}'"
    for i, (title, _, _) in enumerate(series))
with open(os.path.join(res, "bench-ratios.dat"), "w") as f:
    f.write("# label median min max target\n")
    for i, (text_, med, lo, hi, limit) in enumerate(judged):
        label = text_.split(":")[0].replace('"', "'")
        f.write(f'"{label}" {med if med is not None else "NaN"} {lo if lo is not None else "NaN"} '
                f'{hi if hi is not None else "NaN"} {limit}\n')
plot = f"""set terminal png noenhanced size 1100,600
set output '{res}/bench.png'
set title 'Cost per vector against vector count, median of {pairs} boots (QEMU TCG, q35 + VT-d)'
set logscale xy
set xlabel 'vectors on the device (count)'
set ylabel 'time per vector, or per lookup (ns)'
set key outside right top
set datafile missing 'NaN'
plot {lines}
set output '{res}/bench-ratios.png'
unset logscale
set title 'Ratios: median and min-max over boots, against the target (at most)'
set xlabel ''
set ylabel 'ratio'
set yrange [0:*]
set xrange [-0.5:{len(judged) - 0.5}]
set xtics rotate by 20 right
set bmargin 8
plot '{res}/bench-ratios.dat' using 0:2:3:4:xticlabels(1) with yerrorbars pt 7 title 'ratio, median [min-max]', \\
     '' using 0:5 with points pt 6 ps 3 title 'target (at most)', \\
     1 with lines dt 2 title 'ratio 1.00'
"""
subprocess.run(["gnuplot"], input=plot, text=True, check=True)
print(f"plots: {res}/bench.png, {res}/bench-ratios.png")
if noisy:
    sys.exit(1)
