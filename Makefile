# Set-up and everyday commands. `make run` and `make test` work on a fresh Debian or
# Ubuntu machine with the Swift toolchain: both install GLPK first when it is missing.

SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
MODEL ?= Models/japan-critical-minerals.yaml

.PHONY: deps run test install uninstall check-install format check-random check-risk fuzz bench bench-glpk-floor bench-plan bench-sweep bench-mip bench-families leaks valgrind compare-outputs clean

## Installs GLPK (Debian's libglpk-dev and glpk-utils) and zlib's headers (zlib1g-dev, for
## ZIPFoundation's workbooks) when they are missing.
deps:
	@if [ ! -f /usr/include/glpk.h ] || ! command -v glpsol >/dev/null 2>&1 || [ ! -f /usr/include/zlib.h ]; then \
		echo "Installing GLPK and zlib (libglpk-dev glpk-utils zlib1g-dev)..."; \
		$(SUDO) apt-get update && $(SUDO) apt-get install -y libglpk-dev glpk-utils zlib1g-dev; \
	fi

## Builds in release mode and plans the shipped default model.
run: deps
	swift build -c release --product stockpile
	.build/release/stockpile plan $(MODEL)

## Runs the whole test suite, then fixed slices of the random differential check (with
## processing stages too), the risk reference check and the fuzzing (the full runs are `make check-random N=500` and `make fuzz N=5000`), then
## the install check.
test: deps
	swift test
	$(MAKE) --no-print-directory check-random N=24 SEED=1
	$(MAKE) --no-print-directory check-random N=24 SEED=1 KINDS=stages
	$(MAKE) --no-print-directory check-risk N=10 SEED=1
	$(MAKE) --no-print-directory fuzz N=40 SEED=1
	$(MAKE) --no-print-directory check-install

## Installs a release binary, linked with Swift's standard library and Foundation statically
## (it needs only the C library, C++'s runtime, zlib and GLPK at run time), to
## $(PREFIX)/bin, and shell completions for bash, zsh and fish under $(PREFIX)/share.
## Built in .build-static so the everyday dynamic build in .build is left as it is.
PREFIX ?= /usr/local
install: deps
	swift build -c release --product stockpile --static-swift-stdlib --scratch-path .build-static
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/bash-completion/completions \
		$(DESTDIR)$(PREFIX)/share/zsh/site-functions $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 755 -s .build-static/release/stockpile $(DESTDIR)$(PREFIX)/bin/stockpile
	.build-static/release/stockpile --generate-completion-script bash > $(DESTDIR)$(PREFIX)/share/bash-completion/completions/stockpile
	.build-static/release/stockpile --generate-completion-script zsh > $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_stockpile
	.build-static/release/stockpile --generate-completion-script fish > $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/stockpile.fish
	@echo "installed $(DESTDIR)$(PREFIX)/bin/stockpile"

## Removes what `make install` put under $(PREFIX).
uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/stockpile $(DESTDIR)$(PREFIX)/share/bash-completion/completions/stockpile \
		$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_stockpile $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/stockpile.fish

## Installs into a temporary PREFIX and checks the binary: no Swift library in `ldd`, runs
## with the toolchain hidden, plans the Japan model as the development build does, and
## the completions (Tests/Install/check_install.sh).
check-install: deps
	Tests/Install/check_install.sh

## Formats every Swift file with the toolchain's swift-format and the project's .swift-format
## (4 spaces, lines up to 150 characters).
format:
	swift format format -i -r Sources Tests Examples Package.swift

## Mutation fuzzing (release): N seeded mutants of the shipped models, scenarios and offers
## CSV through plan, explain, compare and sweep, each under a time and memory bound
## (Tests/Fuzz/fuzz.py). Fails on a crash, a hang, an undocumented exit status or an
## unlocated invalid-file error; the last line is `N passed, M failed`.
fuzz: deps
	swift build -c release --product stockpile
	python3 Tests/Fuzz/fuzz.py --n $(or $(N),60) --seed $(or $(SEED),1) --binary .build/release/stockpile

## Runs the benchmark in release mode (not a test; see docs/performance.md).
bench: deps
	swift build -c release --product stockpile-bench
	.build/release/stockpile-bench

## Times GLPK alone, in plain C, loading the matrix `make bench` exports: the floor under
## its `load` figure (Benchmarks/glpk_load_floor.c).
BENCH_FLOOR := $(shell mktemp -d -u /tmp/stockpile-glpk-load-floor.XXXXXX)
bench-glpk-floor: deps
	swift build -c release --product stockpile-bench
	mkdir -p $(BENCH_FLOOR)
	.build/release/stockpile-bench --repeat 1 --methods dual-long-step --no-variants --glpsol-repeat 1 \
		--keep-files --tmp $(BENCH_FLOOR) > /dev/null
	cc -O2 Benchmarks/glpk_load_floor.c -lglpk -o $(BENCH_FLOOR)/floor
	$(BENCH_FLOOR)/floor $(BENCH_FLOOR)/stockpile-bench-*/procurement.mps; rm -rf $(BENCH_FLOOR)

## Times `stockpile plan` (release) on a generated 50 x 2,000-offer model with 60 capped
## countries: parse, build, load, both stages and the report, over 5 runs.
BENCH_DIR ?= /tmp/stockpile-bench-plan
bench-plan: deps
	swift build -c release --product stockpile
	python3 Benchmarks/generate_model.py $(BENCH_DIR)
	for run in 1 2 3 4 5; do \
		.build/release/stockpile plan $(BENCH_DIR)/generated.yaml --format json --output $(BENCH_DIR)/plan.json --timings; \
	done

## Times 100-point sweeps (release): warm-started against cold, one thread against two,
## on the Japan model and a generated 20,000-offer model (Benchmarks/sweep_bench.py).
bench-sweep: deps
	swift build -c release --product stockpile
	python3 Benchmarks/sweep_bench.py

## Times multi-period plans with integer purchase rules (release): first feasible plan and
## proven optimum, solved one material at a time and whole (Benchmarks/mip_bench.py).
bench-mip: deps
	swift build -c release --product stockpile
	python3 Benchmarks/mip_bench.py

## Times `stockpile plan` (release) over model families (Japan; 100k offers; 100k offers with a
## binding budget; 1M offers; 100k offers inline in YAML and as JSON; a multi-period model) against glpsol, HiGHS and PuLP + GLPK, checking every objective
## against the plan's cost (Benchmarks/families.py; FAMILIES_ARGS="--quick" or "--families 100k").
FAMILIES_ARGS ?=
bench-families: deps
	swift build -c release --product stockpile
	python3 Benchmarks/families.py $(FAMILIES_ARGS)

## Runs the whole test suite with AddressSanitizer and LeakSanitizer: any memory error
## or leak fails it. (.lsan-suppressions lists two leaks inside Swift's Foundation.)
leaks: deps
	swift build --build-tests --sanitize=address --scratch-path .build-asan
	LSAN_OPTIONS=suppressions=$(CURDIR)/.lsan-suppressions ASAN_OPTIONS=detect_leaks=1 \
		.build-asan/debug/StockpilePackageTests.xctest --testing-library swift-testing

## Runs `stockpile plan` on every shipped model, a two-thread sweep and `explain` (with
## and without shortfall) under valgrind's leak checker. The test runner itself cannot run
## under Debian's valgrind 3.19 (it crashes in libdispatch), and that valgrind cannot read
## Swift's DWARF 5, so a stripped copy of the binary is checked.
VALGRIND_BIN := $(shell mktemp -u /tmp/stockpile-valgrind.XXXXXX)
valgrind: deps
	swift build --product stockpile
	cp .build/debug/stockpile $(VALGRIND_BIN) && strip $(VALGRIND_BIN)
	set -e; for model in Models/*.yaml; do \
		valgrind -q --leak-check=full --undef-value-errors=no --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
			--error-exitcode=9 $(VALGRIND_BIN) plan $$model --export-lp $(VALGRIND_BIN).lp --output $(VALGRIND_BIN).txt \
			|| [ $$? -eq 3 ]; \
	done; \
	valgrind -q --leak-check=full --undef-value-errors=no --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
		--error-exitcode=9 $(VALGRIND_BIN) sweep Models/japan-critical-minerals.yaml --cap CN=0.3...0.7:0.1 --jobs 2 --output $(VALGRIND_BIN).txt; \
	valgrind -q --leak-check=full --undef-value-errors=no --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
		--error-exitcode=9 $(VALGRIND_BIN) plan Models/japan-buildup.yaml --output $(VALGRIND_BIN).txt; \
	for model in Models/japan-critical-minerals.yaml Models/budget-shortfall.yaml; do \
		valgrind -q --leak-check=full --undef-value-errors=no --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
			--error-exitcode=9 $(VALGRIND_BIN) explain $$model --output $(VALGRIND_BIN).txt || [ $$? -eq 3 ]; \
	done; \
	for budget in 1.0e12 5.0e8; do \
		python3 Benchmarks/generate_model.py $(VALGRIND_BIN).gen --materials 6 --offers 1000 --budget $$budget > /dev/null; \
		valgrind -q --leak-check=full --undef-value-errors=no --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
			--error-exitcode=9 $(VALGRIND_BIN) plan $(VALGRIND_BIN).gen/generated.yaml --output $(VALGRIND_BIN).txt || [ $$? -eq 3 ]; \
	done; \
	rm -rf $(VALGRIND_BIN) $(VALGRIND_BIN).lp $(VALGRIND_BIN).txt $(VALGRIND_BIN).gen; echo "valgrind: no leaks, no memory errors"

## Checks that a change leaves every output byte for byte as it was: builds BASE (a git
## revision, default HEAD, so uncommitted changes are checked) in a temporary git worktree under
## /tmp and this tree, both in release mode, captures a fixed list of runs with each binary on
## this tree's inputs (Tests/Outputs/outputs.py: every shipped model in every format, explain,
## compare, sweeps, what-ifs, invalid inputs, the benchmark families) and lists every run whose
## bytes differ; the last line is `N invocations identical`. `make compare-outputs BASE=main`,
## OUTPUTS_ARGS=--quick for the small families only.
BASE ?= HEAD
OUTPUTS_ARGS ?=
compare-outputs: deps
	swift build -c release --product stockpile
	@set -e; tmp=$$(mktemp -d /tmp/stockpile-outputs.XXXXXX); \
	trap 'git worktree remove --force "$$tmp/base" >/dev/null 2>&1 || true; rm -rf "$$tmp"' EXIT; \
	git worktree add --detach "$$tmp/base" "$(BASE)"; \
	if [ -f Package.resolved ]; then cp Package.resolved "$$tmp/base/"; fi; \
	echo "building $(BASE) in $$tmp/base"; \
	(cd "$$tmp/base" && swift build -c release --product stockpile); \
	echo "capturing $(BASE)'s outputs"; \
	python3 Tests/Outputs/outputs.py capture --quiet $(OUTPUTS_ARGS) --binary "$$tmp/base/.build/release/stockpile" --out "$$tmp/base-outputs"; \
	echo "capturing this tree's outputs"; \
	python3 Tests/Outputs/outputs.py capture --quiet $(OUTPUTS_ARGS) --binary .build/release/stockpile --out "$$tmp/outputs"; \
	python3 Tests/Outputs/outputs.py compare "$$tmp/base-outputs" "$$tmp/outputs"

clean:
	rm -rf .build .build-static

## Random differential check (release): N seeded random models (Tests/Random/generate.py)
## planned and swept by stockpile and solved by an independent reference written from the
## documentation (Tests/Random/reference.py, SciPy's HiGHS); a line per mismatch, then
## "N passed, M failed". `make check-random N=200 SEED=7 KINDS=multi,integer KEEP=/tmp/x`.
KINDS ?= single,magnitude,shortfall,integer,multi,multi-integer,large,sweep
check-random: deps
	@python3 -c "import scipy, yaml" 2>/dev/null || pip install scipy pyyaml || pip install --break-system-packages scipy pyyaml
	swift build -c release --product stockpile
	python3 Tests/Random/check_random.py --stockpile .build/release/stockpile --n $(or $(N),40) --seed $(or $(SEED),1) \
		--kinds $(KINDS) --jobs 2 --keep $(or $(KEEP),/tmp/stockpile-random-$(or $(SEED),1))

## Independent check of `stockpile risk` (release): models with a one-year horizon and at most
## one disruption per material, whose measures docs/risk.md fixes in closed form
## (Tests/Random/risk_reference.py: exact expectations by formula and quadrature, each
## simulated figure within 4 standard errors over 200,000 trials), and the hand case of a
## certain 100-day stop (200 t unmet in every trial). Skips, saying why, when the binary has
## no `risk` command. `make check-risk N=20 SEED=3`, STOCKPILE= another binary.
check-risk: deps
	@python3 -c "import scipy, yaml" 2>/dev/null || pip install scipy pyyaml || pip install --break-system-packages scipy pyyaml
	$(if $(STOCKPILE),,swift build -c release --product stockpile)
	python3 Tests/Random/risk_reference.py --stockpile $(or $(STOCKPILE),.build/release/stockpile) --n $(or $(N),6) \
		--seed $(or $(SEED),1) --trials $(or $(TRIALS),200000) --keep $(or $(KEEP),/tmp/stockpile-risk-$(or $(SEED),1))
