# dotterel: set-up, demo, tests and checks. Every target installs into .venv first:
# `demo` only the package and what it needs to run; the others also the development tools.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
RUNTIME := $(VENV)/.dotterel-runtime
DEV := $(VENV)/.dotterel-dev

.PHONY: venv install install-dev demo test lint bench eval train clean

venv: $(PY)

$(PY):
	$(PYTHON) -m venv $(VENV)

# Each install re-runs only when pyproject.toml changed since it last ran (stamp files).
install: $(RUNTIME)

$(RUNTIME): pyproject.toml constraints.txt | $(PY)
	$(PIP) install -c constraints.txt -e .
	touch $(RUNTIME)

install-dev: $(DEV)

$(DEV): pyproject.toml constraints.txt | $(PY)
	$(PIP) install -c constraints.txt -e '.[dev]'
	touch $(RUNTIME) $(DEV)

demo: install
	$(VENV)/bin/dotterel code examples/article.txt --published 2011-08-30

test: install-dev
	$(PY) -m pytest

lint: install-dev
	$(PY) -m ruff check .
	$(PY) -m mypy
	$(VENV)/bin/lint-imports

bench: install-dev
	$(PY) benchmarks/run_all.py

eval: install-dev
	$(VENV)/bin/dotterel gate

# Re-train the bundled learned models from the development gold set (needs ../shared):
# src/dotterel/coding/data/{relation,relevance,recipient}_model.json (headers) and .tsv
# (weights). Training is deterministic, so with the same lexicon and libraries `git diff`
# shows no change.
train: install-dev
	$(VENV)/bin/dotterel train ../shared/data/gold/plv_train.tsv --corpora eval/corpora.yaml

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
