# Set-up and everyday commands. `make run` and `make test` work on a fresh Debian or
# Ubuntu machine with the Swift toolchain: both install GLPK first when it is missing.

SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
MODEL ?= Models/japan-critical-minerals.yaml

.PHONY: deps run test bench valgrind clean

## Installs GLPK (Debian's libglpk-dev and glpk-utils) when it is missing.
deps:
	@if [ ! -f /usr/include/glpk.h ] || ! command -v glpsol >/dev/null 2>&1; then \
		echo "Installing GLPK (libglpk-dev glpk-utils)..."; \
		$(SUDO) apt-get update && $(SUDO) apt-get install -y libglpk-dev glpk-utils; \
	fi

## Builds in release mode and plans the shipped default model.
run: deps
	swift build -c release --product stockpile
	.build/release/stockpile plan $(MODEL)

## Runs the whole test suite.
test: deps
	swift test

## Runs the benchmark in release mode (not a test; see the README's performance section).
bench: deps
	swift build -c release --product stockpile-bench
	.build/release/stockpile-bench

## Runs the test suite under valgrind's leak checker.
valgrind: deps
	swift build --build-tests
	valgrind --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=9 \
		.build/debug/StockpilePackageTests.xctest --testing-library swift-testing

clean:
	rm -rf .build
