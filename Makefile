# gdcourse: build the book, run the tests, open the notebooks.
#
#   make book       build the Jupyter Book into _build/html (warnings are errors)
#   make test       lint, unit tests, doctests, strict nbval with the installed wheel,
#                   clean book build, browser test (each also a target of its own),
#                   two at a time, then a table of their times
#   make nbval      strict nbval against the working tree (quicker while editing)
#   make wheel-test build sdist + wheel, twine check, nbval with the wheel in a fresh venv
#   make lab        open JupyterLab on notebooks/ (installs the runtime needs only)
#   make binder-pins  upgrade the runtime packages in .venv, pin them in binder/
#   make notebooks  re-execute every notebook in place (tools/execute_notebooks.py)
#   make bench      run bench/bench_*.py and the page-weight check, then a summary
#   make clean      remove _build and caches (the .venv stays; `make distclean` too)
#
# Every target creates .venv with the running python3 if it is missing. `make lab`
# installs requirements-runtime.txt (the student's needs); book, test and bench install
# requirements.txt (runtime + book toolchain) and the `test` extras of pyproject.toml,
# constrained to the versions pinned in binder/requirements.txt, so that the tests run
# exactly what Binder serves. Stamp files skip an install until its inputs change.
#
# The installs use uv (from PyPI, installed with pip on first use): it makes the venvs
# and fills them in seconds where pip took minutes. `make <target> INSTALLER=pip` uses
# pip instead (slower, same packages).

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
RUNTIME_STAMP := $(VENV)/.installed-runtime
REQ_STAMP := $(VENV)/.installed-requirements
TEST_STAMP := $(VENV)/.installed-test
PINS := binder/requirements.txt
CONSTRAINTS := $(VENV)/binder-constraints.txt
# cffconvert pins jsonschema<4, which JupyterLab cannot use: it gets a venv of its own.
CFF_VENV := $(VENV)/cffconvert
CFF_SPEC := cffconvert>=2,<3
CFFCONVERT := $(CFF_VENV)/bin/cffconvert
# The wheel's build and venv live outside _build: book-clean empties _build while
# wheel-test runs beside it (see `test`). Under .venv, git, ruff and the book ignore them.
WHEEL_DIR := $(VENV)/wheel-test
DIST := $(WHEEL_DIR)/dist
WHEEL_VENV := $(WHEEL_DIR)/venv
# Strict nbval runs once, in wheel-test: against the installed wheel, which is built
# from this tree, so it checks everything `make nbval` checks and the packaging too.
# The parts run in two lanes side by side (tools/test_parts.py). Each lane is mostly
# one busy process at a time (mypy, Sphinx, a kernel or Chromium per worker), so on 2
# cores they overlap well. browser needs the book of book-clean; nothing else depends
# on another part.
TEST_LANES := "lint unit doctest wheel-test" "book-clean browser"
# pytest-xdist workers for nbval and browser (each browser worker runs its own Chromium
# and http server; nbval keeps each notebook's cells in order on one worker).
WORKERS ?= 2
# Frames of scrubbable figures and pictures inside HTML are not compared (see the file).
SANITIZE := --nbval-sanitize-with $(CURDIR)/tools/nbval_sanitize.cfg

# ---- installers: uv, or pip with INSTALLER=pip ------------------------------------
# uv goes into a directory of its own (pip --target), not into .venv's packages: the
# environment of `make lab` holds the runtime only. .venv itself is made by python -m
# venv, so it has pip for a student who activates it. uv never downloads a Python.
INSTALLER ?= uv
UV_DIR := $(VENV)/uv
UV := $(UV_DIR)/bin/uv
export UV_PYTHON_DOWNLOADS := never
# Write the installed packages' bytecode (.pyc) at install time, as pip does: with none,
# every kernel and test process compiles numpy, matplotlib and Jupyter from source
# (about 2.5 s per kernel here), and where PYTHONDONTWRITEBYTECODE is set it does so
# every time.
export UV_COMPILE_BYTECODE := 1
ifeq ($(INSTALLER),pip)
INSTALL_TOOL :=
new_venv = $(PYTHON) -m venv $(1)
install = $(1) -m pip --disable-pip-version-check install $(2)
build_dists = $(PY) -m build --outdir $(1) .
else
INSTALL_TOOL := $(UV)
new_venv = rm -rf $(1) && $(UV) venv --quiet --python $(PYTHON) $(1)
install = $(UV) pip install --python $(1) $(2)
build_dists = $(UV) build --quiet --out-dir $(1) .
endif

.PHONY: help book book-clean test test-env lint unit doctest nbval wheel-test browser lab \
	binder-pins notebooks bench clean distclean

help:
	@sed -n 's/^#   //p' Makefile

$(PY):
	$(PYTHON) -m venv $(VENV)

$(UV): | $(PY)
	$(PIP) install --quiet --target $(UV_DIR) 'uv>=0.5'

# pip accepts only named `name==version` lines as constraints (not binder's `.[plot]`).
$(CONSTRAINTS): $(PINS) | $(PY)
	grep -E '^[A-Za-z0-9_.-]+==' $(PINS) > $@

$(RUNTIME_STAMP): requirements-runtime.txt pyproject.toml | $(PY) $(INSTALL_TOOL)
	$(call install,$(PY),-r requirements-runtime.txt)
	@touch $@

$(REQ_STAMP): requirements.txt requirements-runtime.txt pyproject.toml $(CONSTRAINTS) \
		| $(PY) $(INSTALL_TOOL)
	$(call install,$(PY),-r requirements.txt -c $(CONSTRAINTS))
	@touch $@ $(RUNTIME_STAMP)

$(TEST_STAMP): $(REQ_STAMP) requirements.txt pyproject.toml
	$(call install,$(PY),-e '.[test]' -c $(CONSTRAINTS))
	@touch $@

$(CFFCONVERT): | $(PY) $(INSTALL_TOOL)
	$(call new_venv,$(CFF_VENV))
	$(call install,$(CFF_VENV)/bin/python,--quiet '$(CFF_SPEC)')

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
# First the installs (test-env), then the parts in TEST_LANES. Each part runs even when
# another failed; its log is printed whole when it ends, then a table of each part's
# time; the exit code is non-zero if any part failed, and the last line names them.
# The runner is plain python3: it starts before .venv exists. The venv of cffconvert
# is made first too: a unit test validates CITATION.cff with it when it is there.
test:
	@$(PYTHON) tools/test_parts.py --make "$(MAKE)" --setup test-env $(TEST_LANES)

test-env: $(TEST_STAMP) $(CFFCONVERT)

# Every step runs; the exit code is non-zero if any failed.
LINT_STEPS := "$(BIN)/ruff check ." \
	"$(BIN)/ruff format --check gdcourse tests tools bench book notebooks" \
	"$(BIN)/mypy gdcourse" \
	"$(BIN)/actionlint .github/workflows/test.yml .github/workflows/book.yml" \
	"$(CFFCONVERT) --validate --infile CITATION.cff"

lint: $(TEST_STAMP) $(CFFCONVERT)
	@failed=0; \
	for step in $(LINT_STEPS); do \
	  echo "+ $$step"; $$step || { failed=1; echo "lint: FAILED: $$step"; }; \
	done; \
	exit $$failed

# One process: a few test ids print an object's address (ids=repr), which differs
# between pytest-xdist workers, and xdist needs the same ids in each.
unit: $(TEST_STAMP)
	$(PY) -m pytest tests/ --ignore=tests/test_book_browser.py

# The examples in the library's docstrings. Modules without examples collect nothing.
doctest: $(TEST_STAMP)
	@status=0; $(PY) -m pytest --doctest-modules gdcourse -q || status=$$?; \
	if [ $$status -eq 5 ]; then echo "doctest: no examples in gdcourse yet"; status=0; fi; \
	exit $$status

# Strict nbval: every stored output must be reproduced. A notebook without code cells
# (a chapter placeholder) gives pytest nothing to collect (exit 5): not a failure here.
nbval: $(TEST_STAMP)
	@status=0; $(PY) -m pytest --nbval --nbval-current-env $(SANITIZE) \
	  -n $(WORKERS) --dist loadscope notebooks/ || status=$$?; \
	if [ $$status -eq 5 ]; then echo "nbval: no code cells in notebooks/ yet"; status=0; fi; \
	exit $$status

# The package as a user gets it: sdist and wheel built (the wheel from the sdist), twine
# check, every file of gdcourse/ present in the wheel, then the wheel (not -e) installed
# in a fresh venv with the runtime needs only, and strict nbval on a copy of the
# notebooks outside the repository (no PYTHONPATH), so nothing can come from the clone.
# The notebooks run on $(WORKERS) workers, each notebook's cells in order on one of them.
# (A stale gdcourse.egg-info would list files the patterns no longer match: removed.)
wheel-test: $(TEST_STAMP) | $(INSTALL_TOOL)
	rm -rf $(WHEEL_DIR) gdcourse.egg-info
	$(call build_dists,$(DIST))
	$(BIN)/twine check --strict $(DIST)/*
	$(PY) tools/check_wheel.py $(DIST)/gdcourse-*.whl
	$(call new_venv,$(WHEEL_VENV))
	$(call install,$(WHEEL_VENV)/bin/python,--quiet \
	  "$$(ls $(DIST)/gdcourse-*.whl)[plot]" pytest pytest-xdist nbval ipykernel -c $(CONSTRAINTS))
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	cp notebooks/*.ipynb "$$tmp"/; printf '[pytest]\n' > "$$tmp"/pytest.ini; \
	cd "$$tmp"; \
	env -u PYTHONPATH $(CURDIR)/$(WHEEL_VENV)/bin/python -c \
	  'import gdcourse, matplotlib.pyplot, sys; sys.exit(0 if "/$(WHEEL_VENV)/" in gdcourse.__file__ else "gdcourse imported from " + gdcourse.__file__ + ", not the wheel")'; \
	echo "nbval with the installed wheel, in $$tmp"; \
	env -u PYTHONPATH $(CURDIR)/$(WHEEL_VENV)/bin/python -m pytest \
	  --nbval --nbval-current-env $(SANITIZE) -p no:cacheprovider -q \
	  -n $(WORKERS) --dist loadscope .

browser: $(TEST_STAMP)
	$(PY) -m pytest tests/test_book_browser.py -v -rs -n $(WORKERS) --dist worksteal

# ---- working on the course ----------------------------------------------------------
lab: $(RUNTIME_STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

# Newest runtime packages (within their ranges) into .venv, then pinned for Binder and
# as the test constraints; run `make test` next to test them.
binder-pins: $(REQ_STAMP)
	$(call install,$(PY),--upgrade $$($(PY) tools/binder_pins.py --requirements))
	$(PY) tools/binder_pins.py

notebooks: $(TEST_STAMP)
	$(PY) tools/execute_notebooks.py

# The pages are weighed from a normal build (warnings do not stop a benchmark).
bench: $(TEST_STAMP)
	$(BIN)/jupyter-book build . --keep-going --quiet
	$(PY) bench/run_all.py

clean:
	rm -rf _build $(WHEEL_DIR) .pytest_cache .ruff_cache bench/results gdcourse.egg-info
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
	find . -path ./$(VENV) -prune -o -name .ipynb_checkpoints -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
