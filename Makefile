# ecograph — `make demo` sets up and opens the explorer on the demo corpus; `make test` runs the suite.
PYTHON ?= python3.12
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export ECOGRAPH_CORPUS ?= data/corpus.sqlite
export ECOGRAPH_GRAPH ?= falkordb://data/graph.db

.PHONY: setup demo ingest-demo app test bench lint-cypher clean

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "error: $(PYTHON) not found (ecograph needs Python >= 3.12; see .python-version)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

setup: $(STAMP)

ingest-demo: setup
	$(BIN)/ecograph ingest examples/articles

demo: ingest-demo
	$(BIN)/ecograph stats
	$(BIN)/ecograph app

app: setup
	$(BIN)/ecograph app

test: setup
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python benchmarks/extract_throughput.py

lint-cypher:
	cd tools/cypher-lint && npm ci --no-audit --no-fund --silent && node lint.mjs ../../queries

clean:
	rm -rf data/ tests/artifacts/
