# coach — two commands matter: `make run` (the evening review on bundled sample data) and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_HOME ?= $(CURDIR)/.coach-demo
COACH_TEST_POSTGRES_URL ?=
export COACH_TEST_POSTGRES_URL

.PHONY: help venv run test test-encrypted lint typecheck imports pytest bench screenshots clean

help:
	@echo "make run    - the demo: a fresh sample athlete on SQLite in $(DEMO_HOME), today's review"
	@echo "make test   - ruff, mypy --strict, import-linter and pytest (SQLite; PostgreSQL when COACH_TEST_POSTGRES_URL is set)"
	@echo "make test-encrypted - pytest once more, every SQLite database encrypted (SQLCipher); CI runs it too"
	@echo "make lint   - ruff, mypy and import-linter only"
	@echo "make bench  - benchmarks, results in bench/results/*.json"
	@echo "make screenshots - every dashboard page at 360 and 1280 px into docs/screenshots/"

$(BIN)/python:
	@py=$$(scripts/find-python) || exit 1; \
	echo "creating $(VENV) with $$py"; \
	"$$py" -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	PYTHON=$(BIN)/python scripts/install-app $(VENV) --dev
	@touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	@rm -rf $(DEMO_HOME)
	@COACH_HOME=$(DEMO_HOME) COACH_DATABASE_URL= $(BIN)/coach demo

lint: $(STAMP)
	scripts/vendor
	$(BIN)/hadolint Dockerfile
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

pytest: $(STAMP)
	$(BIN)/pytest -n 3 -q

test: lint pytest

# The whole suite again with every SQLite database encrypted (a raw key of this run only, from
# the environment: no key file); PostgreSQL's tests are the plain run's.
test-encrypted: $(STAMP)
	COACH_DB_ENCRYPT=true COACH_DB_KEY=$$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n') \
	COACH_TEST_POSTGRES_URL= $(BIN)/pytest -n 3 -q

bench: $(STAMP)
	$(BIN)/python bench/run.py

screenshots: $(STAMP)
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf $(VENV) $(DEMO_HOME) .pytest_cache .mypy_cache .ruff_cache .import_linter_cache
