# Tongxin: `make run` serves the demo, `make test` runs the whole suite (SQLite, then PostgreSQL if one answers).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgresql://postgres@127.0.0.1:5432/tongxin
CHROMIUM ?= /usr/bin/chromium
HOST ?= 127.0.0.1:8000

.PHONY: run install install-test chromium migrate demo test test-sqlite test-postgres lint format bench bench-extract bench-matching bench-matching-national bench-ledger bench-import clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e ".[test]"
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test chromium

# Browser tests drive Debian's Chromium; Playwright never downloads a browser of its own.
chromium:
	@test -x $(CHROMIUM) || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null; }

migrate: install
	$(BIN)/tongxin migrate --no-input -v0
	$(BIN)/tongxin load_regions

demo: migrate
	$(BIN)/tongxin load_demo

run: demo
	@echo "Tongxin is serving on http://$(HOST)/  (demo logins above; Ctrl-C stops)"
	$(BIN)/tongxin runserver $(HOST)

test: install-test lint test-sqlite test-postgres

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

test-sqlite: $(VENV)/.installed-test
	@echo "== test suite on SQLite =="
	env -u DATABASE_URL $(BIN)/pytest -m "not browser"
	env -u DATABASE_URL $(BIN)/pytest -m browser

test-postgres: $(VENV)/.installed-test
	@if $(BIN)/python -c "import psycopg,sys; psycopg.connect('$(PG_URL)'.rsplit('/',1)[0] + '/postgres', connect_timeout=3).close()" 2>/dev/null; then \
	  echo "== test suite on PostgreSQL ($(PG_URL)) =="; \
	  DATABASE_URL=$(PG_URL) $(BIN)/pytest -m "not browser" && DATABASE_URL=$(PG_URL) $(BIN)/pytest -m browser; \
	else echo "== PostgreSQL at $(PG_URL) does not answer: suite ran on SQLite only =="; fi

format: $(VENV)/.installed-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: bench-extract bench-matching bench-matching-national bench-ledger bench-import

bench-ledger: install
	$(BIN)/python bench/bench_ledger.py

bench-import: install
	$(BIN)/python bench/bench_import.py

bench-extract: install
	$(BIN)/python bench/bench_extract.py

bench-matching: install
	$(BIN)/python bench/bench_matching.py

bench-matching-national: install
	$(BIN)/python bench/bench_matching_national.py

clean:
	rm -rf $(VENV) var/static
