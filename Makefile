# rolesh: `make test` and `make demo` do all set-up on a fresh machine (README).
SWIFT ?= swift
DEBUG_BIN := .build/debug/rolesh
RELEASE_BIN := .build/release/rolesh
# The version's one place is Sources/CBuildInfo/build_info.c.
VERSION := $(shell sed -n 's/^\#define ROLESH_VERSION "\(.*\)"$$/\1/p' Sources/CBuildInfo/build_info.c)
PREFIX ?= /usr/local
DESTDIR ?=
# Release builds link the Swift runtime statically, are stripped (half the size, fewer page
# faults at start-up) and carry no $$ORIGIN search path (design.md §8, the packaging issue).
RELEASE_FLAGS := -c release --static-swift-stdlib -Xlinker -s --disable-local-rpath

.PHONY: all setup build release dist install uninstall test unit integration differential demo bench clean

all: build

setup:
	@scripts/setup.sh

build: setup
	@scripts/buildinfo.sh
	$(SWIFT) build --build-tests

release: setup
	@scripts/buildinfo.sh
	$(SWIFT) build $(RELEASE_FLAGS)

# dist/: the tarball, the .deb and their sha256 files (scripts/dist.sh).
dist: release
	scripts/dist.sh $(RELEASE_BIN) $(VERSION)

install: release
	scripts/install.sh install "$(DESTDIR)$(PREFIX)" $(RELEASE_BIN)

uninstall:
	scripts/install.sh uninstall "$(DESTDIR)$(PREFIX)"

test: build dist
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
	rm -rf .build .build-* dist
