# The two commands: `make run` and `make test`. Each works from a fresh clone
# with only Python 3.11+ and make: it creates .venv and installs first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# pip 25.1 is the first to install PEP 735 dependency groups (`--group`).
PIP_VERSION := 26.3

.PHONY: run test db install lint format clean bench fault

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "pip==$(PIP_VERSION)"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --group dev
	touch $@

install: $(STAMP)

# Migrates the database named by DATABASE_URL (the embedded SQLite file by
# default) and loads the 2020 plan only when the database holds no plan yet.
db: install
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py migrate --noinput
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py load_initial_plan

run: db
	DEBUG=true $(BIN)/python manage.py runserver 127.0.0.1:8000

# The whole suite on SQLite, then again on PostgreSQL when DATABASE_URL names one.
test: install
	env -u DATABASE_URL $(BIN)/pytest
	@if [ -n "$$DATABASE_URL" ]; then \
		echo "== again on PostgreSQL ($${DATABASE_URL%%\?*})"; \
		$(BIN)/pytest; \
	fi

# Load test on PostgreSQL with gunicorn and wrk (see scripts/bench.py); not part of `make test`.
bench: install
	@command -v wrk >/dev/null || (apt-get install -y wrk || (apt-get update && apt-get install -y wrk))
	$(BIN)/python scripts/bench.py

# PostgreSQL stops under load and comes back (see scripts/pg_fault.py).
fault: install
	$(BIN)/python scripts/pg_fault.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles
