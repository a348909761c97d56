# Thin targets; each script under scripts/ does one job. "make help" lists
# the targets from their "##" comments.
.PHONY: help deps fetch tree export kunit e2e check harness-test test test-repeat counts \
	demo bench debian-patches debian-check deb clean

N ?= 20
STAGE ?=
LOAD ?= 0

help: ## this list
	@awk -F ':.*## ' '/^[a-z0-9-]+:.*## / { printf "make %-15s %s\n", $$1, $$2 }' Makefile

deps: ## install what the build and the tests need (Debian 12, as root)
	scripts/deps.sh
fetch: deps ## extract the base and the 6.12 tree into build/src
	scripts/fetch-base.sh
tree: fetch ## build/linux: git tree of the base and one commit per patch
	scripts/mktree.sh
export: ## write build/linux's commits back to patches/
	scripts/export.sh
kunit: tree ## the KUnit stage of make test, and its tally
	scripts/stage.sh kunit scripts/kunit.sh; python3 scripts/summary.py kunit
e2e: tree ## the end-to-end stage: build the guest kernel, boot the four guests; the tally
	scripts/e2e.sh; python3 scripts/summary.py e2e-build e2e
check: tree ## the static checks of the series, and their tally
	@test -r build/kunit/.config || scripts/kunit.sh
	scripts/stage.sh check scripts/check.sh; python3 scripts/summary.py check
harness-test: ## the test harness's own tests (tests/harness), and their tally
	scripts/stage.sh harness scripts/harness-test.sh; python3 scripts/summary.py harness
test: ## harness, KUnit, end-to-end and static checks; the last line is the tally
	scripts/test.sh
test-repeat: ## N=20 STAGE=kunit|e2e [LOAD=1]: boot the built kernels N times, count each check's failures
	LOAD=$(LOAD) scripts/test-repeat.sh "$(N)" "$(STAGE)"
counts: ## the number of results per file in build/results, as tests/expected-counts has them
	@python3 scripts/summary.py --counts
demo: deps ## build the patched kernel, boot it in QEMU, show PCI interrupt vectors
	scripts/demo.sh
bench: ## benchmark our kernel against Debian's 6.12 in QEMU (table and plot)
	scripts/bench.sh
debian-patches: tree ## the series as patches of Debian's kernel source package
	scripts/debian-patches.sh
debian-check: tree ## build what the series touches with Debian 12's configs, no new warnings
	scripts/debian-check.sh
deb: tree ## Debian packages of the patched kernel; boot and check them
	scripts/deb.sh
# build/results/history keeps the benchmark tables of every run.
clean: ## remove the build directories and results (not build/linux, build/src, the bench history)
	rm -rf build/e2e build/kunit build/check build/initramfs* build/bench-* build/debian-* build/deb*
	find build/results -mindepth 1 -maxdepth 1 ! -name history -exec rm -rf {} + 2>/dev/null || true
