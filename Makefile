# rolesh: `make test` and `make demo` do all set-up on a fresh machine (README).
SWIFT ?= swift
DEBUG_BIN := .build/debug/rolesh
RELEASE_BIN := .build/release/rolesh
# The version's one place is Sources/CBuildInfo/build_info.c.
VERSION := $(shell sed -n 's/^\#define ROLESH_VERSION "\(.*\)"$$/\1/p' Sources/CBuildInfo/build_info.c)
PREFIX ?= /usr/local
DESTDIR ?=
# Release builds link the Swift runtime statically, are stripped (half the size, fewer page
# faults at start-up) and carry no $$ORIGIN search path (docs/contract.md, "Performance").
# Start-up is most of a warm `export`, so two more link choices (README "Performance"):
# - --no-export-dynamic undoes the Swift static-stdlib default of exporting every symbol of the
#   program (4,300 of them): the dynamic loader and the runtime's dladdr no longer walk them.
# - position-dependent (-no-pie): the loader applies no 40,000 relocations to 500 KB of
#   metadata at every start. The program's own image sits at a fixed address, as Go builds
#   such as aws-vault and granted do; libc, libcurl and Lua (loaded with dlopen), the stack and
#   the heap stay randomised (SECURITY.md). `make release PIE=1` builds a PIE instead.
# - the C++ runtime the Swift runtime uses (libstdc++, libgcc) linked in statically: loading
#   and binding libstdc++.so was a third of every start (more with 100 starting at once). The
#   Swift link file names -lstdc++ itself, so a folder holding only libstdc++.a is searched
#   first (-L applies to every -l); GCC's runtime library exception allows this. This
#   libstdc++ calls arc4random (glibc 2.36); Sources/CLibcCompat defines it, so the binary
#   still loads on glibc 2.35 (Ubuntu 22.04). `make release STATIC_CXX=0` links libstdc++.so.
STATIC_CXX_DIR := .build/static-libstdc++
# Every build checks that each target imports only modules in its dependency graph
# (test_architecture.py holds the CLI to its declared dependencies alone).
IMPORT_CHECK := --explicit-target-dependency-import-check error
RELEASE_FLAGS := $(IMPORT_CHECK) -c release --static-swift-stdlib -Xlinker -s --disable-local-rpath -Xlinker --no-export-dynamic
ifneq ($(STATIC_CXX),0)
RELEASE_FLAGS += -Xlinker -L$(CURDIR)/$(STATIC_CXX_DIR) -Xswiftc -Xclang-linker -Xswiftc -static-libgcc
endif
ifneq ($(PIE),1)
RELEASE_FLAGS += -Xswiftc -Xclang-linker -Xswiftc -no-pie
endif

.PHONY: all setup build release dist install uninstall test quick unit integration differential demo bench clean

all: build

setup:
	@scripts/setup.sh

build: setup
	@scripts/buildinfo.sh
	$(SWIFT) build --build-tests $(IMPORT_CHECK)

release: setup
	@scripts/buildinfo.sh
	@if [ "$(STATIC_CXX)" != 0 ]; then mkdir -p $(STATIC_CXX_DIR) && ln -sf "$$(gcc -print-file-name=libstdc++.a)" $(STATIC_CXX_DIR)/libstdc++.a; fi
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

# The contributor's loop (README "Development"): unit tests, the layer check and a smaller
# differential run; CI runs the full `make test`.
quick: build
	ROLESH_SIGV4_SUITE="$$(scripts/fetch-sigv4-suite.sh)" $(SWIFT) test --skip-build
	python3 -m pytest -q -p no:cacheprovider Tests/integration/test_architecture.py
	python3 Tests/differential/differential.py $(DEBUG_BIN) --count 300

unit: build
	ROLESH_SIGV4_SUITE="$$(scripts/fetch-sigv4-suite.sh)" $(SWIFT) test --skip-build

differential: build
	python3 Tests/differential/differential.py $(DEBUG_BIN) --count 900

bench: release
	scripts/setup.sh bench
	bench/run.sh $(RELEASE_BIN)

clean:
	rm -rf .build .build-* dist
