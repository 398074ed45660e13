# dotterel: set-up, demo, tests and checks. Every target installs into .venv first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.dotterel-installed

.PHONY: venv install demo test lint bench eval train clean

venv: $(PY)

$(PY):
	$(PYTHON) -m venv $(VENV)

# Re-installs only when pyproject.toml changed since the last install (stamp file).
install: $(STAMP)

$(STAMP): pyproject.toml | $(PY)
	$(PIP) install -e '.[dev]'
	touch $(STAMP)

demo: install
	$(VENV)/bin/dotterel code examples/article.txt --published 2011-08-30

test: install
	$(PY) -m pytest

lint: install
	$(PY) -m ruff check .
	$(PY) -m mypy

bench: install
	@if [ -f benchmarks/run_all.py ]; then $(PY) benchmarks/run_all.py; \
	else echo "no benchmarks/run_all.py yet"; fi

eval: install
	$(VENV)/bin/dotterel gate

# Re-train the bundled relation model from the development gold set (needs ../shared).
train: install
	$(VENV)/bin/dotterel train ../shared/data/gold/plv_train.tsv

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
