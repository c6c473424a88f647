# AIBRI Desktop — the two commands are `make run` and `make test`; both set everything up.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.aibri-installed
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test setup lint check-tests screenshots docs-brief docs-methodology clean help

help:
	@echo "make run    set up (system libraries, .venv) and start AIBRI Desktop"
	@echo "make test   set up and run every test headless (lint and types included)"
	@echo "make lint   ruff, mypy and the import contracts only"
	@echo "make screenshots  regenerate docs/screenshots (every page, offscreen)"
	@echo "make docs-brief   render a sample brief's pages to docs/brief"
	@echo "make docs-methodology  regenerate docs/methodology.md from the framework"
	@echo "make clean  remove the virtual environment and build output"

$(STAMP): pyproject.toml
	$(PYTHON) -m aibri_desktop.sysdeps --ensure venv offscreen
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

run: setup
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then $(PYTHON) -m aibri_desktop.sysdeps --ensure window; fi
	$(BIN)/aibri

lint: setup
	$(BIN)/ruff check aibri_desktop tests $(wildcard benchmarks)
	$(BIN)/mypy
	$(BIN)/lint-imports

check-tests: setup
	QT_QPA_PLATFORM=offscreen HYPOTHESIS_PROFILE=ci $(BIN)/pytest

test: lint check-tests

screenshots: setup
	$(BIN)/aibri screenshots docs/screenshots

docs-brief: setup
	$(PYTHON) -m aibri_desktop.sysdeps --ensure pdf-pages
	$(BIN)/python docs/make_brief_pages.py

docs-methodology: setup
	$(BIN)/python docs/make_methodology.py

clean:
	rm -rf $(VENV) build dist .mypy_cache .ruff_cache .pytest_cache .hypothesis
