# Two commands set up a fresh machine: `make run` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test venv messages makemessages migrate seed lint format check bench clean system-deps backup restore

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

# Compile the translations with Babel (pure Python: no system gettext needed to run the app).
messages: $(STAMP)
	$(BIN)/pybabel compile -d locale -D django --statistics

# Extract the strings to translate (needs GNU gettext: apt-get install gettext).
makemessages: $(STAMP)
	DEBUG=1 $(BIN)/python manage.py makemessages -l fr --no-obsolete --no-location --ignore '.venv/*' --ignore 'staticfiles/*'

migrate: $(STAMP)
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py createcachetable

seed: migrate
	DEBUG=1 $(BIN)/python manage.py seed_demo --if-empty

# One command: install, migrate, load the demo if the database is empty, serve on :8000,
# with the task worker (emails, reminders) and the reminders' scheduler alongside; Ctrl-C
# stops all three. Links in emails and calendars follow the address served (PORT=8123 gives
# :8123 links) unless SITE_URL is set.
SITE_URL ?= http://$(HOST):$(PORT)
run: messages seed
	@export DEBUG=1 SITE_URL=$(SITE_URL) PYTHONUNBUFFERED=1; \
	$(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	$(BIN)/python manage.py run_scheduler & scheduler=$$!; \
	trap 'kill $$worker $$scheduler 2>/dev/null; wait' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# What the whole suite needs that pip cannot install: Debian packages (gettext, chromium,
# postgresql-client, java) and the Nu HTML checker (npm vnu-jar, into .cache/node).
system-deps:
	./.ci/system-deps

# One command: install or update, then run every test (browser tests included).
# pytest-xdist spreads the tests over every core (-n auto): on the 2-core CI machine the
# whole suite runs in about half the time of a single process.
test: messages system-deps
	$(BIN)/python -m pytest -n auto

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: $(STAMP)
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run
	DEBUG=1 $(BIN)/python manage.py check

# The whole database in one file (SQLite: online backup while serving; PostgreSQL: pg_dump -Fc).
BACKUP ?= backups/cjs-$(shell date -u +%Y%m%d-%H%M%S).backup
backup: $(STAMP)
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py backup $(BACKUP)

# Put a backup back: make restore FILE=backups/cjs-....backup (stop the site first).
restore: $(STAMP)
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=backups/cjs-....backup" >&2; exit 1; }
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py restore --yes $(FILE)

# The real-server benchmark (gunicorn + locust; PostgreSQL when DATABASE_URL is set, Redis when
# REDIS_URL is): exits 1 when a goal of issue 11 FAILs. BENCH_ARGS=--quick for a smoke run.
# Then Lighthouse (mobile) on the six main pages: installs lighthouse from npm into bench/.node
# on first use, drives /usr/bin/chromium (CHROME_PATH). LIGHTHOUSE_ARGS=--runs 1 to go faster.
# Lighthouse runs even when a server goal FAILs; make bench then fails at the end.
bench: messages
	$(BIN)/python bench/run.py
	$(BIN)/python bench/pages.py
	@status=0; \
	$(BIN)/python -m bench.serve $(BENCH_ARGS) || status=1; \
	$(BIN)/python -m bench.lighthouse $(LIGHTHOUSE_ARGS) || status=1; \
	exit $$status

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
