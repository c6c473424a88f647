# AIBRI Desktop — the two commands are `make run` and `make test`; both set everything up.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.aibri-installed
export PIP_DISABLE_PIP_VERSION_CHECK := 1

VERSION = $(shell sed -n 's/^__version__ = "\(.*\)"/\1/p' aibri_desktop/__init__.py)
ARCH    = $(shell uname -m)
DIST_ARCHIVE = dist/aibri-$(VERSION)-linux-$(ARCH).tar.gz
PACKAGING := $(VENV)/.aibri-packaging
XDG_DATA_HOME ?= $(HOME)/.local/share

.PHONY: run test setup lint check-tests screenshots docs-brief docs-methodology clean help \
	dist smoke-frozen install-desktop uninstall-desktop bench

help:
	@echo "make run    set up (system libraries, .venv) and start AIBRI Desktop"
	@echo "make test   set up and run every test headless (lint and types included)"
	@echo "make lint   ruff, mypy and the import contracts only"
	@echo "make screenshots  regenerate docs/screenshots (every page, offscreen)"
	@echo "make docs-brief   render a sample brief's pages to docs/brief"
	@echo "make docs-methodology  regenerate docs/methodology.md from the framework"
	@echo "make bench  measure speed and memory at 10,000 assessments (one table, a few minutes)"
	@echo "make dist   build the frozen app dist/aibri/ and $(DIST_ARCHIVE)"
	@echo "make smoke-frozen  smoke-test the frozen app (after make dist)"
	@echo "make install-desktop  add AIBRI Desktop to the desktop's menu (this user)"
	@echo "make uninstall-desktop  remove that menu entry and its icons"
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
	$(BIN)/ruff check aibri_desktop tests $(wildcard benchmarks) .ci/smoke-frozen resources/icons/make_icons.py
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

bench: setup
	$(BIN)/python benchmarks/run.py

$(PACKAGING): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,packaging]'
	touch $(PACKAGING)

dist: $(PACKAGING)
	rm -rf build/aibri dist/aibri $(DIST_ARCHIVE)
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN build.spec
	tar -C dist -czf $(DIST_ARCHIVE) aibri
	@du -sh dist/aibri $(DIST_ARCHIVE)

smoke-frozen:
	$(PYTHON) .ci/smoke-frozen dist/aibri/aibri

# The menu entry starts the frozen app when it has been built, else the development one.
install-desktop:
	@exe="$(CURDIR)/dist/aibri/aibri"; [ -x "$$exe" ] || exe="$(CURDIR)/$(BIN)/aibri"; \
	[ -x "$$exe" ] || { echo "build first: make dist (or make run)"; exit 1; }; \
	mkdir -p "$(XDG_DATA_HOME)/applications"; \
	sed "s|@EXEC@|$$exe|g" resources/desktop/aibri.desktop > "$(XDG_DATA_HOME)/applications/aibri.desktop"; \
	for png in resources/icons/aibri-*.png; do \
		size=$${png##*-}; size=$${size%.png}; \
		mkdir -p "$(XDG_DATA_HOME)/icons/hicolor/$${size}x$${size}/apps"; \
		cp "$$png" "$(XDG_DATA_HOME)/icons/hicolor/$${size}x$${size}/apps/aibri.png"; \
	done; \
	mkdir -p "$(XDG_DATA_HOME)/icons/hicolor/scalable/apps"; \
	cp resources/icons/aibri.svg "$(XDG_DATA_HOME)/icons/hicolor/scalable/apps/aibri.svg"; \
	command -v update-desktop-database >/dev/null && update-desktop-database -q "$(XDG_DATA_HOME)/applications" || true; \
	echo "installed $(XDG_DATA_HOME)/applications/aibri.desktop (starts $$exe)"

uninstall-desktop:
	rm -f "$(XDG_DATA_HOME)/applications/aibri.desktop" \
		"$(XDG_DATA_HOME)"/icons/hicolor/*/apps/aibri.png \
		"$(XDG_DATA_HOME)/icons/hicolor/scalable/apps/aibri.svg"

clean:
	rm -rf $(VENV) build dist .mypy_cache .ruff_cache .pytest_cache .hypothesis
