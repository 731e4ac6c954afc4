# gdcourse: build the book, run the tests, open the notebooks.
#
#   make book       build the Jupyter Book into _build/html (warnings are errors)
#   make test       lint, unit tests, strict nbval, clean book build, browser test
#   make lab        open JupyterLab on notebooks/
#   make notebooks  re-execute every notebook in place (tools/execute_notebooks.py)
#   make bench      run bench/bench_*.py and the page-weight check, then a summary
#   make clean      remove _build and caches (the .venv stays; `make distclean` too)
#
# Every target creates .venv with the running python3 if it is missing and installs
# requirements.txt into it (plus the `test` extras of pyproject.toml for test/bench).
# Stamp files skip the install until requirements.txt or pyproject.toml change.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PIP := $(PY) -m pip --disable-pip-version-check
BOOK_FLAGS := -W -n --keep-going
HTML := _build/html
REQ_STAMP := $(VENV)/.installed-requirements
TEST_STAMP := $(VENV)/.installed-test

.PHONY: help book book-clean test lint unit nbval browser lab notebooks bench clean distclean

help:
	@sed -n 's/^#   //p' Makefile

$(PY):
	$(PYTHON) -m venv $(VENV)

$(REQ_STAMP): requirements.txt pyproject.toml | $(PY)
	$(PIP) install -r requirements.txt
	@touch $@

$(TEST_STAMP): $(REQ_STAMP) requirements.txt pyproject.toml
	$(PIP) install -e '.[test]'
	@touch $@

# ---- the book ---------------------------------------------------------------------
book: $(REQ_STAMP)
	$(BIN)/jupyter-book build . $(BOOK_FLAGS)
	@echo "The book: $(CURDIR)/$(HTML)/index.html"

# From scratch, so that a cached page cannot hide a warning.
book-clean: $(REQ_STAMP)
	rm -rf _build
	$(BIN)/jupyter-book build . $(BOOK_FLAGS)
	@echo "The book: $(CURDIR)/$(HTML)/index.html"

# ---- the tests --------------------------------------------------------------------
# Each part runs even when an earlier one failed; the exit code is non-zero if any did.
test: $(TEST_STAMP)
	@failed=""; \
	for part in lint unit nbval book-clean browser; do \
	  echo; echo "==== make $$part ===="; \
	  $(MAKE) $$part || failed="$$failed $$part"; \
	done; \
	echo; \
	if [ -n "$$failed" ]; then echo "make test FAILED in:$$failed"; exit 1; fi; \
	echo "make test: all parts passed"

lint: $(TEST_STAMP)
	$(BIN)/ruff check .

unit: $(TEST_STAMP)
	$(PY) -m pytest tests/ --ignore=tests/test_book_browser.py

# Strict nbval: every stored output must be reproduced. A notebook without code cells
# (a chapter placeholder) gives pytest nothing to collect (exit 5): not a failure here.
nbval: $(TEST_STAMP)
	@status=0; $(PY) -m pytest --nbval --nbval-current-env notebooks/ || status=$$?; \
	if [ $$status -eq 5 ]; then echo "nbval: no code cells in notebooks/ yet"; status=0; fi; \
	exit $$status

browser: $(TEST_STAMP)
	$(PY) -m pytest tests/test_book_browser.py -v -rs

# ---- working on the course ----------------------------------------------------------
lab: $(REQ_STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

notebooks: $(TEST_STAMP)
	$(PY) tools/execute_notebooks.py

# The pages are weighed from a normal build (warnings do not stop a benchmark).
bench: $(TEST_STAMP)
	$(BIN)/jupyter-book build . --keep-going --quiet
	$(PY) bench/run_all.py

clean:
	rm -rf _build .pytest_cache .ruff_cache bench/results
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
	find . -path ./$(VENV) -prune -o -name .ipynb_checkpoints -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
