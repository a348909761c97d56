#!/usr/bin/env python3
"""Count every KUnit case and end-to-end or static check of a test run.

Reads build/results: kunit-<machine>.json (kunit.py's parsed results of each
QEMU machine), the TAP files e2e*.tap and check.tap, and the splat verdicts
of the KUnit and e2e logs. A skipped KUnit case counts as neither.
Prints the failures, then 'N passed, N failed' as its last line; exits 1
when anything failed or a stage left no results.
"""
import json, os, re, sys

res = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "build", "results")
passed, failed = 0, []


def walk_kunit(node, path):
    global passed
    subs = node.get("sub_groups", []) + node.get("test_cases", [])
    name = "/".join(p for p in path + [node.get("name", "")] if p)
    if not subs:
        if node.get("status") == "PASS":
            passed += 1
        elif node.get("status") != "SKIP":
            failed.append(f"kunit {name}: {node.get('status')}")
        return
    for s in subs:
        walk_kunit(s, path + [node.get("name", "")])


def stage(name, fn):
    path = os.path.join(res, name)
    if not os.path.exists(path):
        failed.append(f"{name}: missing (the stage did not run)")
        return
    fn(path)


def kunit(path):
    name = os.path.basename(path)
    try:
        data = json.load(open(path))
    except ValueError as e:
        failed.append(f"{name} unreadable: {e}")
        return
    before = passed + len(failed)
    walk_kunit(data, [name[:-len(".json")]])
    if passed + len(failed) == before:
        failed.append(f"{name}: no test case ran")


def tap(path):
    global passed
    text = open(path, errors="replace").read()
    cases = re.findall(r"^(not ok|ok) \d+ - (.*)$", text, re.M)
    if not cases:
        failed.append(f"{os.path.basename(path)}: no results")
    for status, desc in cases:
        if status == "ok":
            passed += 1
        else:
            failed.append(f"{os.path.basename(path)}: {desc}")


def splats(path):
    global passed
    text = open(path, errors="replace").read().strip()
    if text:
        failed.append(f"kernel reports in {os.path.basename(path)}: {text.splitlines()[0]}")
    else:
        passed += 1


stages = sys.argv[1:] or ["kunit", "e2e", "check"]
if "kunit" in stages:
    for machine in ("vector", "vtd", "amdvi"):
        stage(f"kunit-{machine}.json", kunit)
        stage(f"kunit-{machine}-splats.txt", splats)
if "e2e" in stages:
    for name in ("e2e", "e2e-no-optin", "e2e-no-viommu", "e2e-amd"):
        stage(f"{name}.tap", tap)
        if os.path.exists(os.path.join(res, f"{name}.tap")) and \
                "# e2e done" not in open(os.path.join(res, f"{name}.tap")).read():
            failed.append(f"{name}: the guest did not finish its checks")
        stage(f"{name}-splats.txt", splats)
if "check" in stages:
    stage("check.tap", tap)

for f in failed:
    print(f"FAILED: {f}")
print(f"{passed} passed, {len(failed)} failed")
sys.exit(1 if failed else 0)
