# rolesh: `make test` and `make demo` do all set-up on a fresh machine (README).
SWIFT ?= swift
DEBUG_BIN := .build/debug/rolesh
RELEASE_BIN := .build/release/rolesh

.PHONY: all setup build release test unit integration differential demo bench clean

all: build

setup:
	@scripts/setup.sh

build: setup
	$(SWIFT) build --build-tests

# Release builds link the Swift runtime statically and are stripped (design.md §8): half the
# size, fewer page faults at start-up.
release: setup
	$(SWIFT) build -c release --static-swift-stdlib -Xlinker -s

test: build
	ROLESH_SIGV4_SUITE="$$(scripts/fetch-sigv4-suite.sh)" $(SWIFT) test --skip-build
	python3 Tests/differential/differential.py $(DEBUG_BIN) --count 900
	python3 -m pytest -q -p no:cacheprovider Tests/integration

integration: build
	python3 -m pytest -q -p no:cacheprovider Tests/integration

demo: build
	scripts/demo.sh

unit: build
	ROLESH_SIGV4_SUITE="$$(scripts/fetch-sigv4-suite.sh)" $(SWIFT) test --skip-build

differential: build
	python3 Tests/differential/differential.py $(DEBUG_BIN) --count 900

bench: release
	scripts/setup.sh bench
	bench/run.sh $(RELEASE_BIN)

clean:
	rm -rf .build .build-*
