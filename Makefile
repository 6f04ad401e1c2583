# Entry points for the README's commands. `make help` lists them.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= data/defense_news.db
DEMO_PORT ?= 8045
EXPLORE_PORT ?= 8001
REPORT ?= data/report.html

.PHONY: help setup crawl test test-fast lint demo explore report clean bench bench-smoke

help:
	@echo "make setup   - create $(VENV) and install defense_news with the extras the tests use"
	@echo "make crawl CONTACT=you@example.org - crawl www.19fortyfive.com politely into $(DB)"
	@echo "make test    - run the test suite (what CI runs)"
	@echo "make test-fast - the unit tests only: no server, process, browser or crawl (about two minutes)"
	@echo "make demo    - serve the bundled replica on 127.0.0.1 and crawl it offline"
	@echo "make explore - browse the crawl database (else the demo's) read-only in Datasette on 127.0.0.1:8001"
	@echo "make report  - write data/report.html: charts of the crawl database (else the demo's), works offline"
	@echo "make lint    - ruff check and format check"
	@echo "make bench   - benchmark on a 2,000-article synthetic replica (bench/README.md)"

$(BIN)/scrapy:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,render,scrapyd,postgres,explore,report]"

setup: $(BIN)/scrapy

# DEFENSE_NEWS_CONTACT_EXAMPLE: a refusal for want of a contact names CONTACT=, not -s (defense_news/contact.py).
crawl: setup
	DEFENSE_NEWS_CONTACT_EXAMPLE="make crawl CONTACT=you@example.org" $(BIN)/scrapy crawl 19fortyfive -s DEFENSE_NEWS_SQLITE_PATH=$(DB) $(if $(CONTACT),-s DEFENSE_NEWS_CONTACT=$(CONTACT))

test: setup
	$(BIN)/python -m pytest

# Tests not marked e2e, under the guard that fails any of them that starts a server, a process or
# a crawl (tests/fastguard.py); the fuzz with 200 mutated pages instead of 2,000 and the hostile
# text round trips with 50 generated lists instead of 500 (docs/testing.md).
FUZZ_EXAMPLES ?= 200
HOSTILE_EXAMPLES ?= 50
test-fast: setup
	DEFENSE_NEWS_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) DEFENSE_NEWS_HOSTILE_EXAMPLES=$(HOSTILE_EXAMPLES) \
		$(BIN)/python -m pytest -m "not e2e" -p tests.fastguard $(ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

demo: setup
	$(BIN)/python -m defense_news.demo --db data/demo.db --port $(DEMO_PORT)

# EXPLORE_DB= and REPORT_DB= name another database; empty: the crawl's, else the demo's.
explore: setup
	@$(BIN)/python -c "import datasette" 2>/dev/null || $(BIN)/python -m pip install --quiet -e ".[explore]"
	$(BIN)/python -m defense_news.explore $(EXPLORE_DB) --port $(EXPLORE_PORT)

report: setup
	@$(BIN)/python -c "import plotly" 2>/dev/null || $(BIN)/python -m pip install --quiet -e ".[report]"
	$(BIN)/python -m defense_news.report $(REPORT_DB) -o $(REPORT)

bench: setup
	$(BIN)/python -m pip install --quiet -e ".[dev,bench]"
	$(BIN)/python bench/run.py
	$(BIN)/python bench/sources.py

bench-smoke: setup
	$(BIN)/python bench/run.py --articles 20 --quick

# The demo's database with its SQLite journal files and its per-site lock files.
clean:
	rm -rf $(VENV) data/demo.db data/demo.db-wal data/demo.db-shm data/demo.db.*.lock .pytest_cache
