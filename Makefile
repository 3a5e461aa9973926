# BoxOffice: one command to set up and run.
#   make demo                  set up, then launch the app with demo data
#   make test                  set up, then run the whole test suite (ruff, mypy and import rules included)
#   make screens OUT=dir       set up, then save screenshots of every screen to dir
#   make lint                  ruff, ruff format, mypy, import-linter
#   make installer             PyInstaller one-folder bundle in dist/BoxOffice
# Setting up = a .venv with the project installed, translations built, a CJK font present.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
QM     := $(patsubst %.ts,%.qm,$(wildcard resources/i18n/*.ts))
OUT    ?= screens

.PHONY: setup demo test screens lint installer font clean

setup: $(STAMP) $(QM) font

# A failed venv (say, Debian without python3-venv) is removed, so the next run tries again.
$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "BoxOffice needs Python 3.11 or newer, but '$(PYTHON)' is: $$($(PYTHON) --version 2>&1)." >&2; \
	  echo "Install Python >= 3.11 (with its venv module) and run make again, or point make at it: make PYTHON=python3.12 ..." >&2; \
	  exit 1; }
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }

# Reinstalled whenever pyproject.toml changes.
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --disable-pip-version-check -q -e '.[dev]'
	touch $@

# .ts files are committed; the compiled .qm files are not.
resources/i18n/%.qm: resources/i18n/%.ts | $(STAMP)
	$(VENV)/bin/pyside6-lrelease -silent $< -qm $@

font:
	@sh tools/ensure-cjk-font.sh

demo: setup
	@sh tools/ensure-desktop-libs.sh $(PY)
	$(PY) -m boxoffice --demo --data-dir .demo-data

test: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(PYTEST_ARGS)

screens: setup
	QT_QPA_PLATFORM=$${QT_QPA_PLATFORM:-offscreen} $(PY) -m boxoffice.screens --out $(OUT)

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	$(VENV)/bin/lint-imports

installer: setup
	$(VENV)/bin/pyinstaller build_installer.spec --noconfirm

clean:
	rm -rf build dist $(QM)
