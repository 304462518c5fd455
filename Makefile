# Two commands on a fresh machine: `make demo` and `make test` (Python 3.11+, make and git only).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_PORT ?= 8765
DEMO_DATA ?= data/demo

.PHONY: demo test venv bench bench-cluster serve clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "newsfeeds needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/python -m newsfeeds.demo run --port $(DEMO_PORT) --data $(DEMO_DATA) --feeds feeds

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/run.py

# Many processes: memory at 5,000 and 20,000 articles, one versus three backfill processes (needs
# redis-server and PostgreSQL); BENCH_CLUSTER_ARGS="--backfill-articles 5000" for a shorter run.
bench-cluster: $(STAMP)
	$(BIN)/python bench/cluster.py $(BENCH_CLUSTER_ARGS)

serve: $(STAMP)
	$(BIN)/scrapy serve-feeds

clean:
	rm -rf $(VENV) data feeds/*/ feeds/index.html feeds/feeds.opml feeds/feeds.css feeds/feeds.svg
