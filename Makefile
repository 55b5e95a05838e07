# zvh — two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run dev test install install-dev setup-db demo lint format check-migrations check-deploy \
	messages lock bench bench-data browser clean audit

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null || { echo "zvh needs $(PYTHON) on PATH (set PYTHON=... to use another 3.11)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-base: requirements/base.txt | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/base.txt
	touch $@

$(VENV)/.installed-dev: requirements/dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/dev.txt
	touch $@ $(VENV)/.installed-base

install: $(VENV)/.installed-base
install-dev: $(VENV)/.installed-dev

## make run: install, then a small real deployment on the embedded SQLite (var/zvh.sqlite3):
## migrate, collect the static files, load configurations + demo accounts, and serve with
## gunicorn (DEBUG off, static files through whitenoise) on $(HOST):$(PORT), with a task worker
## (sends the outbox) and the scheduler (reminders, digests) beside it; Ctrl+C stops all three.
## The steps are scripts/run-embedded (its test runs that same script).
run: install
	@HOST=$(HOST) PORT=$(PORT) BIN=$(BIN) scripts/run-embedded

## make dev: for developers: Django's runserver with auto-reload (DEBUG on), worker and scheduler.
RUN_ENV = HOST=$(HOST) PORT=$(PORT) ZVH_BASE_URL=$${ZVH_BASE_URL:-http://$(HOST):$(PORT)}
dev: install
	$(RUN_ENV) $(MANAGE) migrate --noinput
	$(RUN_ENV) $(MANAGE) load_demo
	@export $(RUN_ENV); \
	$(MANAGE) db_worker --no-reload --interval 1 & worker=$$!; \
	$(MANAGE) run_scheduler & scheduler=$$!; \
	trap 'kill -TERM $$worker $$scheduler 2>/dev/null; wait $$worker $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver $(HOST):$(PORT)

## make test: install dev dependencies and run every test.
test: install-dev browser
	$(BIN)/pytest $(PYTEST_ARGS)

## Real headless Chromium for the browser tests (Debian's package; never `playwright install`).
browser:
	@scripts/ensure-chromium

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check-migrations: install-dev
	$(MANAGE) makemigrations --check --dry-run

check-deploy: install
	DJANGO_SETTINGS_MODULE=zvh.config.settings.production \
	DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-check-deploy-$$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')} \
	ZVH_ACCESS_LOG_PERSON_KEY_SECRET=$${ZVH_ACCESS_LOG_PERSON_KEY_SECRET:-check-deploy-$$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')} \
	DJANGO_ALLOWED_HOSTS=$${DJANGO_ALLOWED_HOSTS:-zvh.example.org} \
	$(MANAGE) check --deploy --fail-level WARNING

## Security gates (issue 5 item 13): bandit (no medium or high findings) and no known
## vulnerabilities in the lock files (pip-audit, with a PyPI-only fallback: scripts/audit_dependencies.py).
audit: install-dev
	$(BIN)/bandit -q -c pyproject.toml -r src --severity-level medium
	$(BIN)/python scripts/audit_dependencies.py

## Regenerate the Dutch translation catalogue (needs GNU gettext) and compile it.
messages: install-dev
	cd src/zvh && ../../$(BIN)/python ../../manage.py makemessages -l nl --no-obsolete --add-location file
	cd src/zvh && ../../$(BIN)/python ../../manage.py compilemessages -l nl

## Re-pin the lock files from pyproject.toml (maintainers only; needs `uv`).
lock:
	uv pip compile pyproject.toml --python-version 3.11 --generate-hashes -o requirements/base.txt
	uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes -o requirements/dev.txt

## make bench: load-test the bench database (gunicorn on loopback + locust; see docs/performance.md).
## make bench-data first fills it (BENCH_SCALE=1.0 is national scale; the database must be new).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/zvh_bench
BENCH_SCALE ?= 0.05
BENCH_SEED ?= 1
BENCH_ENV := DJANGO_SETTINGS_MODULE=zvh.bench.settings DATABASE_URL=$(BENCH_DATABASE_URL)

bench-data: install-dev
	$(BENCH_ENV) $(MANAGE) migrate --noinput
	$(BENCH_ENV) $(MANAGE) generate_data --scale $(BENCH_SCALE) --seed $(BENCH_SEED)

bench: install-dev
	$(BENCH_ENV) $(MANAGE) run_bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var/*.sqlite3 .pytest_cache
