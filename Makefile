# Verifica — two commands do all the set-up on a fresh Linux machine with Python 3.11+:
#   make run    installs into .venv and starts the app on a demo data folder
#   make test   installs into .venv and runs the whole test suite headless

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DIR ?= .demo-data
QM := resources/translations/verifica_en.qm

.PHONY: run test demo bench screenshots lint translations clean help

help:
	@echo "make run          install into .venv and open the app on demo data ($(DEMO_DIR))"
	@echo "make test         install into .venv and run the whole test suite headless"
	@echo "make demo         (re)create the demo data folder"
	@echo "make bench        storage benchmarks against the DESIGN.md targets"
	@echo "make screenshots  regenerate docs/screenshots/"
	@echo "make lint         ruff and mypy"

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Verifica needs Python 3.11+"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[server,test,dev]'
	touch $(STAMP)

$(QM): $(STAMP) resources/translations/verifica_en.ts
	$(BIN)/pyside6-lrelease -silent resources/translations/verifica_en.ts -qm $(QM)

translations: $(QM)

$(DEMO_DIR)/verifica.db: | $(STAMP)
	$(BIN)/verifica --data-dir $(DEMO_DIR) demo

run: $(STAMP) $(QM) $(DEMO_DIR)/verifica.db
	$(BIN)/verifica --data-dir $(DEMO_DIR) $(ARGS)

demo: $(STAMP)
	$(BIN)/verifica --data-dir $(DEMO_DIR) demo

test: $(STAMP) $(QM)
	$(BIN)/ruff check desktop sync tests bench tools
	$(BIN)/mypy desktop sync
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check desktop sync tests bench tools
	$(BIN)/ruff format --check desktop sync tests bench tools
	$(BIN)/mypy desktop sync

bench: $(STAMP)
	$(BIN)/python bench/store.py

screenshots: $(STAMP) $(QM)
	QT_QPA_PLATFORM=offscreen $(BIN)/python tools/screenshots.py

clean:
	rm -rf $(VENV) $(DEMO_DIR) build dist *.egg-info $(QM)
