# Verifica — two commands do all the set-up on a fresh Linux machine with Python 3.11+:
#   make run    installs into .venv and starts the app on a demo data folder
#   make test   installs into .venv and runs the whole test suite headless

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DIR ?= .demo-data
QM := resources/translations/verifica_en.qm
SERVER_DIR ?= .server-data
SERVER_PORT ?= 8000
FUZZ_EXAMPLES ?= 100

.PHONY: run test demo bench screenshots lint translations clean help server fuzz-server
.PHONY: bundle bundle-check

help:
	@echo "make run          install into .venv and open the app on demo data ($(DEMO_DIR))"
	@echo "make test         install into .venv and run the whole test suite headless"
	@echo "make demo         (re)create the demo data folder"
	@echo "make bench        storage, backlog, scan and server benchmarks against the DESIGN.md targets"
	@echo "make server       start verifica-server on 127.0.0.1:$(SERVER_PORT) with demo users ($(SERVER_DIR))"
	@echo "make fuzz-server  schemathesis against the server's own OpenAPI ($(FUZZ_EXAMPLES) examples/operation)"
	@echo "make screenshots  regenerate docs/screenshots/"
	@echo "make lint         ruff and mypy"
	@echo "make bundle       PyInstaller one-folder build of the desktop app into dist/verifica/"
	@echo "make bundle-check build the bundle, run its selftest offscreen outside .venv, print its size"

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Verifica needs Python 3.11+"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[server,test,dev]'
	touch $(STAMP)

$(QM): $(STAMP) resources/translations/verifica_en.ts
	$(BIN)/python tools/update_translations.py --release

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

# Every benchmark runs even when an earlier one misses a target (each exits 1 on a miss);
# the target fails at the end if any missed.
BENCHES := bench/store.py bench/backlog.py bench/scan.py bench/server.py bench/sync.py \
	bench/metrics.py bench/inspections.py
bench: $(STAMP)
	@failed=""; for b in $(BENCHES); do echo "== $$b"; $(BIN)/python $$b || failed="$$failed $$b"; done; \
	if [ -n "$$failed" ]; then echo "targets missed in:$$failed"; exit 1; fi

# The central server on a SQLite file with the demo users (password demo1234); Ctrl+C stops it.
# GET /registry is signed with a demo key kept outside the data folder ($(SERVER_KEY), 0600).
SERVER_KEY ?= .server-keys/registry.pem
server: $(STAMP)
	$(BIN)/python -m sync.keygen $(SERVER_KEY)
	$(BIN)/verifica-server --data-dir $(SERVER_DIR) migrate
	$(BIN)/verifica-server --data-dir $(SERVER_DIR) demo
	VERIFICA_SIGNING_KEY_FILE=$(SERVER_KEY) \
		$(BIN)/verifica-server --data-dir $(SERVER_DIR) --host 127.0.0.1 --port $(SERVER_PORT)

# Fuzz a real server (SQLite; PostgreSQL too when VERIFICA_TEST_PG_URL is set).
fuzz-server: $(STAMP)
	VERIFICA_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -q \
		tests/server/test_server_fuzz.py $(if $(VERIFICA_TEST_PG_URL),,-k sqlite)

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python tools/screenshots.py

# The desktop app as one folder (build.spec). PyInstaller is installed here only, not by `make test`.
PYINSTALLER_VERSION ?= 6.22.3
bundle: $(STAMP) $(QM)
	$(BIN)/python -m pip install --quiet 'pyinstaller==$(PYINSTALLER_VERSION)'
	$(BIN)/python -m PyInstaller --noconfirm --clean --log-level WARN build.spec

# CI: the bundle's selftest from a clean environment (no .venv on PATH, cwd outside the checkout).
bundle-check: bundle
	cd /tmp && env -i PATH=/usr/bin:/bin QT_QPA_PLATFORM=offscreen \
		$(CURDIR)/dist/verifica/verifica selftest
	@echo "bundle size: $$(du -sh dist/verifica | cut -f1) (dist/verifica)"

clean:
	rm -rf $(VENV) $(DEMO_DIR) build dist *.egg-info $(QM)
