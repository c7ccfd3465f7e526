# ecograph — `make demo` sets up and opens the explorer on the demo corpus; `make test` runs the suite.
#
# Any Python >= 3.11 will do: the first of python3.13 … python3.11, python3 that runs and is new
# enough (override with `make PYTHON=/path/to/python`). Dependencies come from the lock files
# (exact versions with hashes), installed by uv; `make lock` refreshes them from pyproject.toml.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 && { command -v $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
STAMP := $(VENV)/.installed
LOCK_FLAGS := --generate-hashes --universal --python-version 3.11 --custom-compile-command "make lock" -q
export ECOGRAPH_CORPUS ?= data/corpus.sqlite
export ECOGRAPH_GRAPH ?= falkordb://data/graph.db

.PHONY: setup demo ingest-demo app test fuzz bench lint lint-python typecheck lint-cypher lock lock-check wheel-check neo4j clean

$(STAMP): requirements-dev.txt requirements-bootstrap.txt pyproject.toml
	@test -n "$(PYTHON)" || { echo "error: no Python >= 3.11 found (tried python3.13, python3.12, python3.11, python3); set PYTHON=/path/to/python"; exit 1; }
	@echo "setting up $(VENV) with $(PYTHON) ($$($(PYTHON) -c 'import platform; print(platform.python_version())'))"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements-bootstrap.txt
	$(UV) pip sync --quiet --python $(BIN)/python --require-hashes requirements-dev.txt
	$(UV) pip install --quiet --python $(BIN)/python --no-deps -e .
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

# The fuzz harness at 20 times CI's cases, larger inputs and fresh seeds (tests/test_fuzz.py).
fuzz: setup
	FUZZ_SCALE=20 $(BIN)/python -m pytest -q -p no:cacheprovider tests/test_fuzz.py --timeout 7200 --hypothesis-show-statistics

bench: setup
	$(BIN)/python benchmarks/extract_throughput.py
	$(BIN)/python benchmarks/load_rate.py

# ruff and mypy on the code; both must report nothing.
lint: lint-python typecheck

lint-python: setup
	$(BIN)/ruff check .

# mypy sees the installed layout (ecograph.graph = graph/, …) through a tree of links.
typecheck: setup
	@rm -rf .typecheck && mkdir -p .typecheck/ecograph
	@for f in ecograph/*.py; do ln -s ../../$$f .typecheck/ecograph/; done
	@for d in graph ingest ui queries; do ln -s ../../$$d .typecheck/ecograph/$$d; done
	cd .typecheck && ../$(BIN)/mypy --config-file ../pyproject.toml -p ecograph

lint-cypher:
	cd tools/cypher-lint && npm ci --no-audit --no-fund --silent && node lint.mjs ../../queries

# The lock files, compiled again from pyproject.toml (keeping today's pins where they still fit).
lock: setup
	$(UV) pip compile pyproject.toml --extra dev $(LOCK_FLAGS) -o requirements-dev.txt
	$(UV) pip compile pyproject.toml $(LOCK_FLAGS) -o requirements.txt
	$(UV) pip compile requirements-bootstrap.in $(LOCK_FLAGS) -o requirements-bootstrap.txt

# Fails when the lock files and pyproject.toml's dependencies disagree.
lock-check: setup
	@tmp=$$(mktemp -d) && cp requirements*.txt $$tmp/ && \
	$(UV) pip compile pyproject.toml --extra dev $(LOCK_FLAGS) -o $$tmp/requirements-dev.txt && \
	$(UV) pip compile pyproject.toml $(LOCK_FLAGS) -o $$tmp/requirements.txt && \
	for f in requirements.txt requirements-dev.txt; do \
	  diff -u $$f $$tmp/$$f || { echo "error: $$f does not match pyproject.toml: run make lock"; exit 1; }; done && \
	echo "lock files match pyproject.toml"

# Build the wheel, install it in a clean venv outside the checkout, and use it from there.
wheel-check: setup
	tools/check-wheel.sh $(BIN)

# A throw-away Neo4j 5 Community for this checkout (no Docker): Bolt on 127.0.0.1 and a free port,
# a generated password, data in a temporary folder. The first run fetches Neo4j from Maven Central
# (about 180 MB into ~/.m2). It prints `export ECOGRAPH_GRAPH=bolt://… NEO4J_PASSWORD=…` to paste
# into another shell; Ctrl-C (or Ctrl-D) stops it and deletes its data.
neo4j:
	tools/neo4j/run

clean:
	rm -rf data/ tests/artifacts/ .typecheck/ dist/ build/ tools/neo4j/target/
