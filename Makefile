# SourceFirst — every set-up step lives here so a fresh machine needs only Python 3.11 and make.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run build build-strict test lint format check lint-quality bench lock clean

# Create the virtual environment from the locked dependencies (re-run when the lock changes).
$(STAMP): requirements/dev.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements/dev.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

## make run: build the bundled content and serve it at http://127.0.0.1:8000
run: build
	$(BIN)/sourcefirst serve --host $(HOST) --port $(PORT)

## make build: compile content/ into build/ (site + SQLite database), atomically
build: $(STAMP)
	$(BIN)/sourcefirst build

## make build-strict: the build CI runs: warnings are errors
build-strict: $(STAMP)
	$(BIN)/sourcefirst build --strict

## make test: run the whole test suite
test: $(STAMP)
	$(BIN)/pytest

## make lint: ruff (lint + format check) and mypy
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## make check: validate the bundled content and lint its prose
check: $(STAMP)
	$(BIN)/sourcefirst check
	$(BIN)/sourcefirst lint

## make lint-quality: precision/recall of the prose linter on the labelled corpora
lint-quality: $(STAMP)
	$(BIN)/python scripts/lint_quality.py

## make bench: measure build and serve performance on a synthetic large catalogue
bench: $(STAMP)
	$(BIN)/python scripts/benchmark.py

## make lock: recompile requirements/dev.lock from pyproject.toml (needs network access to PyPI)
lock: $(STAMP)
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --no-header -o requirements/dev.lock

clean:
	rm -rf build $(VENV) .pytest_cache .mypy_cache .ruff_cache
