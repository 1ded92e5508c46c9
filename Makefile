# Newsroom: `make help` lists the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# The first interpreter >= 3.12 on PATH (pyenv shims honour .python-version).
PYTHON ?= $(shell for p in python3.13 python3.12 python3 python; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& { echo $$p; break; }; done)

help: ## List the targets
	@grep -hE '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-18s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@if [ -z "$(PYTHON)" ]; then \
		echo "Newsroom needs Python 3.12 or newer (3.13 recommended), and none was found on PATH."; \
		echo "Install it (e.g. 'pyenv install 3.13' or your system's python3.13 package) and run make again."; \
		exit 1; fi
	@[ -x $(PY) ] && $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
		|| { rm -rf $(VENV); $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install --quiet --upgrade "pip>=25.1"
	$(PY) -m pip install --quiet -e . --group dev
	@touch $@

install: $(STAMP) ## Create .venv and install the project with its dev tools

migrate: install ## Apply database migrations
	$(PY) manage.py migrate --noinput

demo-data: install ## Load the demo newsroom (idempotent)
	DEBUG=$${DEBUG:-1} $(PY) manage.py load_demo

PORT ?= 8000
DEMO ?= 1

run: install ## Install, migrate, load the demo newsroom, serve on PORT (8000); DEMO=0: start empty
	DEBUG=1 $(PY) manage.py migrate --noinput
ifneq ($(DEMO),0)
	DEBUG=1 $(PY) manage.py load_demo
endif
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

edge: install ## The demo newsroom behind Varnish on http://127.0.0.1:8080/ (EDGE_PORT), app on PORT
	PORT=$(PORT) edge/run

lint: install ## Ruff lint and format check, bandit security lint
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/bandit -q -c pyproject.toml -r articles comments newsroom desk pages wordpress api

format: install ## Apply ruff fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

config-docs: install ## Write the README configuration table and .env.example from newsroom/configuration.py
	$(PY) -m newsroom.configuration

migrations-check: install ## Fail if a model change has no migration
	SECRET_KEY=check $(PY) manage.py makemigrations --check --dry-run

test: install lint migrations-check ## Run the whole test suite (DATABASE_URL picks the database)
	$(VENV)/bin/pytest -n 2 --create-db -m "not e2e"

# Browser tests drive Debian's Chromium (Playwright's own browser download is not used)
# and inject axe-core, installed from npm into .cache/npm.
CHROMIUM ?= /usr/bin/chromium
AXE := .cache/npm/node_modules/axe-core/axe.min.js

$(AXE):
	@command -v npm >/dev/null || { echo "The browser tests need npm (Node.js) for axe-core: install nodejs and npm."; exit 1; }
	npm install --silent --no-save --no-package-lock --no-audit --no-fund --prefix .cache/npm axe-core@4.14.1

chromium:
	@[ -x "$(CHROMIUM)" ] || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; \
		else \
			echo "The browser tests need Chromium: 'sudo apt-get install chromium', or set CHROMIUM=/path/to/chromium."; exit 1; \
		fi; }

e2e: install chromium $(AXE) ## Browser tests: the three roles end to end, accessibility (screenshots in test-artifacts/)
	CHROMIUM=$(CHROMIUM) $(VENV)/bin/pytest -m e2e --create-db tests/e2e

# Translations. makemessages and compilemessages need GNU gettext (Debian's gettext),
# installed here when root as for Chromium. The compiled .mo files are committed, so
# running the site needs no gettext; tests/test_translations.py fails when one is stale.
MESSAGES_IGNORE := --ignore=.venv --ignore=.cache --ignore=tests --ignore=bench --ignore=edge \
	--ignore=static --ignore=staticfiles --ignore=media --ignore=node_modules

gettext:
	@command -v msgfmt >/dev/null && command -v xgettext >/dev/null || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends gettext >/dev/null; \
		else \
			echo "Updating translations needs GNU gettext: 'sudo apt-get install gettext'."; exit 1; \
		fi; }

messages: install gettext ## Update locale/*/LC_MESSAGES/django.po from code and templates, compile the .mo
	SECRET_KEY=messages $(PY) manage.py makemessages --all --no-location --no-obsolete $(MESSAGES_IGNORE)
	SECRET_KEY=messages $(PY) manage.py compilemessages $(MESSAGES_IGNORE)

bench: install ## Benchmark the production setup under wrk on 127.0.0.1 (results in bench/results/)
	$(PY) -m pip install --quiet --group bench
	$(PY) -m bench.run $(BENCH_ARGS)

.PHONY: help install migrate demo-data run edge lint format config-docs migrations-check test e2e chromium gettext messages bench
