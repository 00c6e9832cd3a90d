# ggzy — the two set-up commands are `make demo` and `make test`.
PYTHON ?= python3
PORT ?= 8000
export GGZY_ES_URL ?= http://127.0.0.1:9200

.PHONY: install install-browser demo test test-only lint bench es-start es-stop

install:
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -e '.[test,dev]'

# Debian's chromium for the browser tests; axe-core from the npm registry for accessibility checks.
install-browser:
	bash scripts/browser.sh

demo: install
	ggzy demo --port $(PORT)

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
	ruff check ggzy tests bench
	ruff format --check ggzy tests bench
	mypy ggzy

bench: install es-start
	$(PYTHON) -m bench $(BENCH_ARGS)
