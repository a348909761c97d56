#!/usr/bin/env python3
"""Count every KUnit case and end-to-end, static and harness check of a run.

usage: summary.py [--results DIR] [--list | --counts] [GROUP...]

Reads the results directory (RESULTS_DIR or build/results): the exit status
of each stage (<stage>.status, written by scripts/stage.sh), kunit-<machine>
.json (kunit.py's parsed results of each QEMU machine), the TAP files
(harness.tap, e2e*.tap, check.tap) and the splat verdicts of the KUnit and
e2e logs. GROUPs: setup, harness, kunit, e2e-build, e2e, check; all of them
by default.

A failure is: a stage that exited non-zero, did not finish or did not
run (no status; its result files are not looked for then); a result file
that is missing or unreadable; a failed KUnit case or
"not ok" line; a TAP file whose plan line ("1..N") is missing or does not
match its results; a guest that did not reach its end marker; a kernel
report in a log; a result file with another number of results than
tests/expected-counts says. "ok ... # SKIP" and skipped KUnit cases are
skipped, neither passed nor failed.

Prints the skips and the failures, then as its last line 'N passed, N
failed' (', N skipped' when something was skipped); exits 1 when anything
failed. --list prints one line per check instead ("PASS|FAIL|SKIP name"),
for scripts/test-repeat.sh. --counts prints the number of results of each
result file present, in the format of tests/expected-counts.
"""
import json, os, re, sys

top = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
args = sys.argv[1:]
res = os.environ.get("RESULTS_DIR") or os.path.join(top, "build", "results")
mode = "tally"
while args and args[0].startswith("--"):
    opt = args.pop(0)
    if opt == "--results":
        res = args.pop(0)
    elif opt in ("--list", "--counts"):
        mode = opt[2:]
    else:
        sys.exit(f"summary.py: unknown option {opt}")

KUNIT = ("vector", "vtd", "amdvi", "vtdcm")
E2E = ("e2e", "e2e-no-optin", "e2e-no-viommu", "e2e-amd")
# The stages of each group and the result files of each stage.
GROUPS = {
    "setup": [("deps", []), ("tree", [])],
    "harness": [("harness", ["harness.tap"])],
    "kunit": [("kunit", [f"kunit-{m}{s}" for m in KUNIT for s in (".json", "-splats.txt")])],
    "e2e-build": [("build-e2e", [])],
    "e2e": [(e, [f"{e}.tap", f"{e}-splats.txt"]) for e in E2E],
    "check": [("check", ["check.tap"])],
}
groups = args or list(GROUPS)
for g in groups:
    if g not in GROUPS:
        sys.exit(f"summary.py: unknown group {g} ({', '.join(GROUPS)})")

checks = []     # (outcome, name, detail): outcome PASS, FAIL or SKIP
counts = {}     # result file: number of results in it


def add(outcome, name, detail=""):
    checks.append((outcome, name, detail))


def status(stage):
    """The stage's exit status as a result; False when it did not run."""
    path = os.path.join(res, f"{stage}.status")
    if not os.path.exists(path):
        add("FAIL", f"stage {stage}", "no exit status (it did not run)")
        return False
    s = open(path).read().strip()
    if s == "running":
        add("FAIL", f"stage {stage}", "did not finish (killed?)")
    elif s != "0":
        add("FAIL", f"stage {stage}", f"exited {s}")
    # A stage that exited 0 is not a check of its own: its results are.
    return True


def walk_kunit(node, path, out):
    subs = node.get("sub_groups", []) + node.get("test_cases", [])
    name = "/".join(p for p in path + [node.get("name", "")] if p)
    if not subs:
        st = node.get("status")
        out.append(("PASS" if st == "PASS" else "SKIP" if st == "SKIP" else "FAIL",
                    f"kunit {name}", "" if st in ("PASS", "SKIP") else str(st)))
        return
    for s in subs:
        walk_kunit(s, path + [node.get("name", "")], out)


def kunit(path, name):
    try:
        data = json.load(open(path))
    except ValueError as e:
        add("FAIL", f"{name}: unreadable: {e}")
        return
    out = []
    walk_kunit(data, [name[:-len(".json")]], out)
    counts[name] = len(out)
    if not out:
        add("FAIL", f"{name}: no test case ran")
    checks.extend(out)


RESULT = re.compile(r"^(not ok|ok)\b\s*(\d+)?\s*(?:-\s*)?(.*)$")
PLAN = re.compile(r"^1\.\.(\d+)\s*(#.*)?$")


def tap(path, name):
    text = open(path, errors="replace").read()
    out = []
    plans = []
    for line in text.splitlines():
        m = RESULT.match(line)
        if m:
            desc = m.group(3)
            skip = re.search(r"\s#\s*skip\b", " " + desc, re.I)
            outcome = "FAIL" if m.group(1) == "not ok" else "SKIP" if skip else "PASS"
            out.append((outcome, f"{name}: {desc}", ""))
            continue
        m = PLAN.match(line)
        if m:
            plans.append(int(m.group(1)))
    counts[name] = len(out)
    checks.extend(out)
    if not out:
        add("FAIL", f"{name}: no results")
    if not plans:
        add("FAIL", f"{name}: plan", "no plan line 1..N (the stage stopped before its end)")
    elif len(plans) > 1:
        add("FAIL", f"{name}: plan", f"{len(plans)} plan lines")
    elif plans[0] != len(out):
        add("FAIL", f"{name}: plan", f"1..{plans[0]} but {len(out)} results")
    if name.startswith("e2e") and "# e2e done" not in text:
        add("FAIL", f"{name[:-4]}: the guest did not finish its checks")


def splats(path, name):
    text = open(path, errors="replace").read().strip()
    add("FAIL" if text else "PASS", f"kernel reports in {name[:-len('-splats.txt')]}",
        text.splitlines()[0] if text else "")


def result(name):
    path = os.path.join(res, name)
    if not os.path.exists(path):
        add("FAIL", f"{name}: missing (the stage did not run)")
        return
    if name.endswith(".json"):
        kunit(path, name)
    elif name.endswith(".tap"):
        tap(path, name)
    else:
        splats(path, name)


def expected_counts():
    path = os.path.join(top, "tests", "expected-counts")
    want = {}
    if os.path.exists(path):
        for line in open(path):
            f = line.split("#")[0].split()
            if len(f) == 2 and f[1].isdigit():
                want[f[0]] = int(f[1])
    return want


for g in groups:
    for stage, files in GROUPS[g]:
        # A stage that did not run is one failure, not one per result file.
        if status(stage) or mode == "counts":
            for f in files:
                if mode != "counts" or os.path.exists(os.path.join(res, f)):
                    result(f)

if mode == "counts":
    print("# How many results (KUnit cases, TAP lines) each result file of a complete")
    print("# make test holds; scripts/summary.py fails a run with fewer or more. After")
    print("# adding or removing checks and a complete make test:")
    print("#   make counts >tests/expected-counts")
    for name in sorted(counts):
        print(f"{name} {counts[name]}")
    sys.exit(0)

want = expected_counts()
for name, got in sorted(counts.items()):
    if name not in want:
        add("FAIL", f"{name}: count", f"{got} results, tests/expected-counts has no line for it")
    elif got != want[name]:
        add("FAIL", f"{name}: count", f"{got} results, tests/expected-counts says {want[name]}"
            + (" (did a check go quiet?)" if got < want[name] else
               " (checks added? 'make counts' prints the current ones)"))

if mode == "list":
    for outcome, name, _ in checks:
        print(f"{outcome} {name}")
    sys.exit(0)

n = {o: sum(1 for c in checks if c[0] == o) for o in ("PASS", "FAIL", "SKIP")}
for o, word in (("SKIP", "SKIPPED"), ("FAIL", "FAILED")):
    for outcome, name, detail in checks:
        if outcome == o:
            print(f"{word}: {name}" + (f": {detail}" if detail else ""))
print(f"{n['PASS']} passed, {n['FAIL']} failed" + (f", {n['SKIP']} skipped" if n["SKIP"] else ""))
sys.exit(1 if n["FAIL"] else 0)
