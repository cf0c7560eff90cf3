# Kith: `make run` serves the site, `make test` runs every test. Both set everything up first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
FLASK := FLASK_APP=app:create_app $(VENV)/bin/flask
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test setup setup-dev translations db browser imap lint test-sqlite test-postgres bench clean

run: setup translations db
	@echo "Open http://$(HOST):$(PORT)  (demo logins are printed above when the database was new)"
	HOST=$(HOST) PORT=$(PORT) SOCKETIO_ASYNC_MODE=gevent $(VENV)/bin/gunicorn -c gunicorn.conf.py wsgi:app

test: setup-dev translations browser imap lint test-sqlite test-postgres

setup: $(VENV)/.runtime node_modules/.installed

setup-dev: $(VENV)/.dev node_modules/.installed

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(VENV)/bin/python
	$(VENV)/bin/pip install -qq -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt $(VENV)/.runtime
	$(VENV)/bin/pip install -qq -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

translations:
	@$(PY) scripts/i18n.py compile

db:
	$(FLASK) db upgrade
	$(FLASK) demo load --if-empty

browser:
	@bash scripts/ensure-chromium.sh

imap:
	@bash scripts/ensure-dovecot.sh

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test-sqlite:
	KITH_TEST_DB=sqlite $(PY) -m pytest $(PYTEST_ARGS)

test-postgres:
	KITH_TEST_DB=postgresql $(PY) -m pytest -m "not browser" $(PYTEST_ARGS)

# Benchmarks (not part of `make test`); each prints its figures and a baseline measured in the same run.
bench: setup-dev translations
	$(PY) -m tests.bench.bench_qa
	$(PY) -m tests.bench.bench_http
	$(PY) -m tests.bench.bench_search
	$(PY) -m tests.bench.bench_relevance
	$(PY) -m tests.bench.bench_realtime

clean:
	rm -rf $(VENV) node_modules instance/*.sqlite3* instance/search-index
