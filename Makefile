# Thin targets; each script under scripts/ does one job.
.PHONY: help deps fetch tree export kunit e2e check test demo bench debian-patches debian-check deb clean

help:
	@sed -n 's/^## //p' README.md

deps:
	scripts/deps.sh
fetch: deps
	scripts/fetch-base.sh
tree: fetch
	scripts/mktree.sh
export:
	scripts/export.sh
kunit: tree
	scripts/kunit.sh && python3 scripts/summary.py kunit
e2e: tree
	scripts/build-e2e.sh
	scripts/run-e2e.sh; E2E_VARIANT=no-optin scripts/run-e2e.sh; \
	E2E_VARIANT=no-viommu scripts/run-e2e.sh; E2E_VARIANT=amd scripts/run-e2e.sh; \
	python3 scripts/summary.py e2e
check: tree
	@test -r build/kunit/.config || scripts/kunit.sh
	scripts/check.sh; python3 scripts/summary.py check
test:
	scripts/test.sh
demo: deps
	scripts/demo.sh
bench:
	scripts/bench.sh
debian-patches: tree
	scripts/debian-patches.sh
debian-check: tree
	scripts/debian-check.sh
deb: tree
	scripts/deb.sh
# build/results/history keeps the benchmark tables of every run.
clean:
	rm -rf build/e2e build/kunit build/check build/initramfs* build/bench-* build/debian-* build/deb*
	find build/results -mindepth 1 -maxdepth 1 ! -name history -exec rm -rf {} + 2>/dev/null || true
