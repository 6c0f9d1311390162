# Cronaca — everyday commands. Only Python 3.11+ and make are needed; everything else installs
# into .venv on first use.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
SHARED ?= ../shared
SAMPLE ?= $(SHARED)/samples/nato-soleimani.it.txt
LINT    = $(wildcard src tests benchmarks eval scripts training)
PIP     = $(BIN)/python -m pip --disable-pip-version-check -q

.PHONY: demo test install install-dev lint typecheck unit format schema bench clean

demo: install  ## analyse the sample article and show the result
	$(BIN)/cronaca analyze $(SAMPLE) --published 2020-01-06 --format table

test: install-dev lint typecheck unit  ## install everything and run every check and test

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

$(VENV)/.runtime: pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("Cronaca needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip
	$(PIP) install -e .
	touch $@

$(VENV)/.dev: $(VENV)/.runtime
	$(PIP) install -e '.[dev]'
	touch $@

lint: install-dev
	$(BIN)/ruff check $(LINT)
	$(BIN)/ruff format --check $(LINT)

typecheck: install-dev
	$(BIN)/mypy

unit: install-dev
	$(BIN)/pytest

format: install-dev
	$(BIN)/ruff format $(LINT)
	$(BIN)/ruff check --fix $(LINT)

schema: install  ## regenerate the committed JSON Schemas from the data model
	$(BIN)/cronaca schema --write schema

bench: install  ## streaming throughput and memory of `cronaca analyze --format jsonl`
	$(BIN)/python benchmarks/stream_memory.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache .hypothesis
