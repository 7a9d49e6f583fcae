# Gongkai: `make run` sets everything up and starts the product; `make test` runs the suite.
SHELL := /bin/bash
.DEFAULT_GOAL := run
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PREFECT_PORT ?= 4200
# `make run` is the development server: DEBUG on unless the caller says otherwise.
RUN_ENV := DEBUG=$${DEBUG:-true}

.PHONY: run setup venv system test lint format lock docs messages bench-smoke

$(VENV)/.installed: pyproject.toml requirements.lock
	@python=$$(deploy/find-python.sh) && echo "Using $$python" && $$python -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -c requirements.lock -e '.[test]'
	@touch $@

venv: $(VENV)/.installed

system:
	@deploy/system-packages.sh

# Leaves var/dev.env (DEBUG, the checkout's SECRET_KEY, DATABASE_URL, PUBLIC_BASE_URL from
# HOST and PORT unless given), which manage.py and `python -m web.pipelines` read in any shell.
setup: venv system
	@$(PY) -m web.env $(HOST) $(PORT)
	$(RUN_ENV) $(PY) manage.py migrate --no-input
	$(RUN_ENV) $(PY) manage.py load_demo
	$(RUN_ENV) $(PY) manage.py publish_pending

# Starts a local Prefect server (SQLite in var/prefect), serves the pipelines beside it, then
# the development server; Ctrl-C stops all three (deploy/run-local.sh).
run: setup
	@$(RUN_ENV) HOST=$(HOST) PORT=$(PORT) PREFECT_PORT=$(PREFECT_PORT) PY=$(PY) deploy/run-local.sh

test: venv system
	$(VENV)/bin/pytest

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Every benchmark in bench/ in its small run: fails when one's own flow fails (bench/README.md).
bench-smoke: venv
	$(PY) -m bench.smoke

format: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Refreshes the pinned versions after a change to the ranges in pyproject.toml.
lock: venv
	$(VENV)/bin/pip install --quiet --upgrade -e '.[test]'
	$(VENV)/bin/pip freeze --exclude-editable > requirements.lock

# Re-exports the flows' BPMN and charts into docs/ (a test fails when they are stale).
docs: venv
	$(RUN_ENV) $(PY) manage.py flowexport workflows/interpretation.flows.InterpretationFlow --format bpmn -o docs/interpretation-flow.bpmn
	$(RUN_ENV) $(PY) manage.py flowexport workflows/interpretation.flows.InterpretationFlow --format svg -o docs/interpretation-flow.svg
	$(RUN_ENV) $(PY) manage.py flowexport workflows/proposals.flows.ProposalFlow --format bpmn -o docs/proposal-flow.bpmn
	$(RUN_ENV) $(PY) manage.py flowexport workflows/proposals.flows.ProposalFlow --format svg -o docs/proposal-flow.svg
	$(RUN_ENV) $(PY) manage.py flowexport workflows/applications.flows.ApplicationFlow --format bpmn -o docs/application-flow.bpmn
	$(RUN_ENV) $(PY) manage.py flowexport workflows/applications.flows.ApplicationFlow --format svg -o docs/application-flow.svg

# Collects our strings into locale/en/LC_MESSAGES/django.po, then compiles both catalogs
# (needs gettext). Translate new entries in the .po, then run it again.
messages: venv
	$(RUN_ENV) $(PY) manage.py makemessages -l en --ignore=.venv --ignore=tests --ignore=bench --ignore=var
	for po in locale/*/LC_MESSAGES/django.po; do msgfmt -c -o $${po%.po}.mo $$po; done
