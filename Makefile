# ggzy — the two set-up commands are `make demo` and `make test`.
# Python packages go into the project's own virtual environment, .venv (created with `python3 -m venv`); every
# target runs its interpreter, and .venv/bin comes first on PATH so that tests spawning `ggzy` find this one.
BOOTSTRAP_PYTHON ?= python3
VENV ?= .venv
PYTHON := $(VENV)/bin/python
PORT ?= 8000
export PATH := $(abspath $(VENV))/bin:$(PATH)
export VIRTUAL_ENV := $(abspath $(VENV))
export GGZY_ES_URL ?= http://127.0.0.1:9200

.PHONY: install install-browser demo test test-only lint bench es-start es-stop

$(PYTHON):
	@echo "make: creating the virtual environment $(VENV) with $(BOOTSTRAP_PYTHON)"
	$(BOOTSTRAP_PYTHON) -m venv $(VENV)

install: $(PYTHON)
	@echo "make: installing ggzy and its test and dev packages into $(VENV)"
	$(PYTHON) -m pip install --disable-pip-version-check --progress-bar on -e '.[test,dev]'

# Debian's chromium for the browser tests; axe-core from the npm registry for accessibility checks.
install-browser:
	bash scripts/browser.sh

demo: install
	$(VENV)/bin/ggzy demo --port $(PORT)

es-start:
	bash scripts/elasticsearch.sh start

es-stop:
	bash scripts/elasticsearch.sh stop

# Starts a real Elasticsearch node, runs every test, and stops the node whatever the outcome.
test: install install-browser es-start
	status=0; $(PYTHON) -m pytest $(PYTEST_ARGS) || status=$$?; \
	bash scripts/elasticsearch.sh stop; exit $$status

test-only:
	$(PYTHON) -m pytest $(PYTEST_ARGS)

lint:
	$(PYTHON) -m ruff check ggzy tests bench
	$(PYTHON) -m ruff format --check ggzy tests bench
	$(PYTHON) -m mypy ggzy

bench: install es-start
	$(PYTHON) -m bench $(BENCH_ARGS)
