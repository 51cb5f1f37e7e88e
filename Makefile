# halchemy: one C core (csrc/), a Python package (python/) and a Node package (node/).
# Quick start: `make demo` and `make test` (README.md). `make deps` installs system packages.

SHELL := /bin/bash
PYTHON ?= python3
CC ?= cc
PKGS := libcurl libcjson
# The one version is package.json's (docs/decisions.md "Versions and the sdist"); every C
# build below gets it through CFLAGS_COMMON as HC_VERSION (util.c refuses to build without).
VERSION := $(shell $(PYTHON) -c "import json; print(json.load(open('package.json'))['version'])")
ifeq ($(VERSION),)
$(error could not read the version from package.json with $(PYTHON))
endif
CFLAGS_COMMON := -std=c11 -Wall -Wextra -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
                 -DHC_VERSION='"$(VERSION)"' \
                 -Icsrc/include -Icsrc $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread
CORE_SRC := $(sort $(wildcard csrc/*.c))
CTEST_SRC := $(sort $(wildcard tests/c/test_*.c))
BUILD := build-c

APT_PKGS := build-essential pkg-config libcurl4-openssl-dev libcjson-dev python3-dev python3-venv \
            clang libclang-rt-14-dev debootstrap openssl
VENV := .venv
VPY := $(VENV)/bin/python
.PHONY: all deps core test test-c test-python test-node test-parity test-hostile test-interop \
        test-sanitize test-sanitize-python demo bench scaling clean python node dist test-dist test-readme

all: core

deps:
	@missing=""; command -v node >/dev/null || missing="nodejs npm libnode-dev node-gyp"; \
	command -v java >/dev/null || missing="$$missing openjdk-17-jdk-headless"; \
	command -v mvn >/dev/null || missing="$$missing maven"; \
	for p in $(APT_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "== installing system packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	else echo "== system packages present"; fi

# ---- C core and its unit tests ------------------------------------------------------
# package.json: the version (HC_VERSION) is compiled in, so a new one rebuilds.
CORE_H := csrc/include/halchemy.h $(wildcard csrc/*.h) package.json
$(BUILD)/%.o: csrc/%.c $(CORE_H)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMMON) -O2 -fPIC -fvisibility=hidden -c $< -o $@

$(BUILD)/libhalchemy.a: $(CORE_SRC:csrc/%.c=$(BUILD)/%.o)
	ar rcs $@ $^

core: $(BUILD)/libhalchemy.a

$(BUILD)/ctest/%: tests/c/%.c $(wildcard tests/c/*.h) $(CORE_SRC) $(CORE_H)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMMON) $(CTEST_CFLAGS) -O1 -g -DHC_ROOT='"$(CURDIR)"' $< $(CORE_SRC) -o $@ $(LIBS)

test-c: $(CTEST_SRC:tests/c/%.c=$(BUILD)/ctest/%) $(BUILD)/libhalchemy.a test-fuzz-seeds
	@fail=0; for t in $(filter $(BUILD)/ctest/%,$^); do $$t || fail=1; done; \
	$(PYTHON) tests/c/layers.py $(CORE_SRC:csrc/%.c=$(BUILD)/%.o) || fail=1; exit $$fail

# ASan + UBSan: the same C tests, any report fails the run.
test-sanitize:
	$(MAKE) --no-print-directory BUILD=$(BUILD)/sanitize \
	  CTEST_CFLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  ASAN_OPTIONS=detect_leaks=1 test-c

# ---- fuzzing (tests/fuzz, docs/decisions.md "Fuzzing (issue 10)") ----------------------
# Each tests/fuzz/fuzz_<target>.c is a libFuzzer harness over all of csrc/*.c. Seeds are
# extracted from tests/vectors/ at build time (tests/fuzz/seeds.py); nothing generated is
# committed. `make fuzz` runs each target FUZZ_SECONDS; any crash, leak, sanitizer report,
# failed invariant or slow input (FUZZ_TIMEOUT s) fails the run and the input is left in
# $(BUILD)/fuzz/findings/. Without clang, `test-fuzz-seeds` replays the seeds with $(CC).
.PHONY: fuzz fuzz-build test-fuzz-seeds
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 30
FUZZ_TIMEOUT ?= 10
FUZZ_MAX_LEN ?= 65536
FUZZ_FLAGS ?=
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_TARGETS := $(FUZZ_SRC:tests/fuzz/fuzz_%.c=%)
FUZZ_DIR := $(BUILD)/fuzz
FUZZ_DEPS := $(wildcard tests/fuzz/*.h) $(CORE_SRC) $(CORE_H)

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_DEPS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CFLAGS_COMMON) -g -O1 -fno-omit-frame-pointer \
	  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all $< $(CORE_SRC) -o $@ $(LIBS)

$(BUILD)/fuzz-seeds.stamp: tests/fuzz/seeds.py $(wildcard tests/vectors/*.json tests/vectors/*/*.json)
	@rm -rf $(BUILD)/fuzz-seeds && mkdir -p $(BUILD)
	$(PYTHON) tests/fuzz/seeds.py $(BUILD)/fuzz-seeds
	@touch $@

fuzz-build: $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzz_%) $(BUILD)/fuzz-seeds.stamp

fuzz: fuzz-build
	@mkdir -p $(FUZZ_DIR)/findings; fail=""; \
	for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_DIR)/corpus/$$t; \
	  dict=""; [ -f tests/fuzz/$$t.dict ] && dict="-dict=tests/fuzz/$$t.dict"; \
	  echo "== fuzz $$t for $(FUZZ_SECONDS) s"; \
	  $(FUZZ_DIR)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -max_len=$(FUZZ_MAX_LEN) \
	    -timeout=$(FUZZ_TIMEOUT) -rss_limit_mb=2048 -print_final_stats=1 $$dict \
	    -artifact_prefix=$(FUZZ_DIR)/findings/$$t- $(FUZZ_FLAGS) \
	    $(FUZZ_DIR)/corpus/$$t $(BUILD)/fuzz-seeds/$$t > $(FUZZ_DIR)/$$t.log 2>&1 \
	    || fail="$$fail $$t"; \
	  grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::average_exec_per_sec)' \
	    $(FUZZ_DIR)/$$t.log | tr '\n' ' '; echo; \
	done; \
	if [ -n "$$fail" ]; then \
	  echo "== fuzz: findings in$$fail (logs: $(FUZZ_DIR)/<target>.log, inputs:)"; \
	  ls -l $(FUZZ_DIR)/findings/; \
	  for t in $$fail; do \
	    echo "== $$t: what failed"; \
	    grep -E -m 12 -A 2 '(invariant failed|ERROR:|SUMMARY:|^    #[0-9] )' $(FUZZ_DIR)/$$t.log; \
	    for f in $(FUZZ_DIR)/findings/$$t-*; do \
	      [ -f "$$f" ] && echo "== $$f (base64):" && head -c 4096 "$$f" | base64 -w 0 && echo; \
	    done; \
	  done; exit 1; \
	fi; echo "== fuzz: no findings"

# The harnesses without libFuzzer (tests/fuzz/replay.c), over the seeds: part of test-c,
# and so of test-sanitize.
$(BUILD)/fuzz-replay/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(FUZZ_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMMON) $(CTEST_CFLAGS) -O1 -g $< tests/fuzz/replay.c $(CORE_SRC) -o $@ $(LIBS)

test-fuzz-seeds: $(FUZZ_TARGETS:%=$(BUILD)/fuzz-replay/fuzz_%) $(BUILD)/fuzz-seeds.stamp
	@fail=0; for t in $(FUZZ_TARGETS); do \
	  $(BUILD)/fuzz-replay/fuzz_$$t $(BUILD)/fuzz-seeds/$$t || fail=1; done; exit $$fail

# The Python binding's glue (python/src/*.c) with the core inside it, under ASan+UBSan: the
# Python and hostile suites on an instrumented build, the sanitizer runtime preloaded into
# the uninstrumented CPython. Any report aborts the run. Leaks are not checked (CPython
# keeps memory at exit). Built from a copy of the sources in its own venv, so no object of
# it reaches .venv.
SAN_PY := $(BUILD)/sanitize-python
SAN_PY_TESTS ?= tests/python tests/hostile
SAN_CFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -g -O1
test-sanitize-python:
	@rm -rf $(SAN_PY) && mkdir -p $(SAN_PY)/src
	tar -c setup.py pyproject.toml MANIFEST.in package.json README.md csrc python | tar -x -C $(SAN_PY)/src
	$(PYTHON) -m venv $(SAN_PY)/venv
	$(SAN_PY)/venv/bin/python -m pip install -q pytest uvloop setuptools wheel
	cd $(SAN_PY)/src && CC=gcc CFLAGS="$(SAN_CFLAGS)" LDFLAGS="-fsanitize=address,undefined" \
	  ../venv/bin/python -m pip install -q --no-build-isolation .
	@# --capture=sys: a report goes to the terminal (pytest's fd capture would swallow it
	@# when the sanitizer ends the process)
	LD_PRELOAD="$$(gcc -print-file-name=libasan.so) $$(gcc -print-file-name=libubsan.so)" \
	  ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  $(SAN_PY)/venv/bin/python -m pytest -q -p no:cacheprovider --capture=sys $(SAN_PY_TESTS)

# ---- Python package (installed into .venv so a system Python is left alone) ----------
$(VPY):
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install -q --upgrade pip pytest uvloop nbclient ipykernel mypy

python: $(VPY)
	@echo "== building and installing the Python package into $(VENV)"
	$(VPY) -m pip install -q .

test-python: python
	$(VPY) -m pytest -q tests/python tests/server

# ---- Node package ---------------------------------------------------------------------
node:
	@echo "== building the Node addon (npm install)"
	npm install --no-audit --no-fund --loglevel=error

test-node: node
	node --test tests/node/

# ---- real HAL servers (tests/interop: Spring Data REST via Maven, Python Eve) ----------
test-interop: python node
	@echo "== interop: real Spring Data REST and Eve servers (tests/interop/CONTRACT.md)"
	$(VPY) -m pip install -q -r tests/interop/eve/requirements.txt
	$(VPY) -m pytest -q tests/interop
	HALCHEMY_PYTHON=$(CURDIR)/$(VPY) node --test tests/interop/

# The same inputs through Python and Node, results compared field by field (issue 10).
test-parity: python node
	$(VPY) -m pytest -q tests/parity

# ---- hostile servers (tests/hostile: the same cases.json against both bindings) ---------
test-hostile: python node
	$(VPY) -m pytest -q tests/hostile
	node --test tests/hostile/

# The README's own Python and JavaScript snippets: mypy --strict, tsc --strict, and run
# against the example server (tests/readme/test_snippets.py, issue 14).
test-readme: python node
	$(VPY) -m pip install -q mypy
	$(VPY) -m pytest -q tests/readme

test: test-c test-python test-node test-parity test-hostile test-interop test-readme

# ---- what users install (issue 11; README "Install", docs/decisions.md) ------------------
# `make dist` writes dist/: the sdist, the manylinux wheel (auditwheel carries libcurl and
# cJSON in it) and the npm tarball with its prebuilt linux-x64 addon (libcurl beside it).
dist:
	rm -rf dist && mkdir -p dist
	bash tools/dist_python.sh dist
	bash tools/dist_node.sh dist
	@ls -l dist

# A minimal Debian chroot with the runtime only installs dist/ and runs the seed's example
# in both languages; then every npm install form in an empty project. Needs root.
test-dist: dist
	bash tests/dist/chroot.sh dist
	bash tests/dist/npm_forms.sh $$(ls dist/halchemy-*.tgz)

# ---- the seed's example, in both languages, against the bundled customers API -------
demo: deps python node
	@VPY=$(VPY) bash examples/demo.sh

bench: python
	bash bench/run.sh

# SPEC §12 linear work: times every input kind at n, 2n, 4n, 8n (by hand; SCALE=k, or
# `make scaling CASE=query` for the cases whose name holds that word).
$(BUILD)/scaling: bench/scaling.c $(BUILD)/libhalchemy.a
	$(CC) $(CFLAGS_COMMON) -O2 $< $(BUILD)/libhalchemy.a -o $@ $(LIBS)

scaling: $(BUILD)/scaling
	$(BUILD)/scaling $(CASE)

clean:
	rm -rf $(BUILD) build/ python/build *.egg-info python/*.egg-info node_modules $(VENV)
