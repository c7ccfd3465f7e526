"""Load rate into the two engines, side by side in one run: facts (relationships with evidence)
per second when `graph.loader.load` writes the same corpus into the embedded FalkorDB and into
Neo4j 5 (a throw-away one started from tools/neo4j, or the one NEO4J_URI names, which is EMPTIED),
into Neo4j with 1, 2 and 4 parallel writers (`--writers`, graph.loader.Writers).

The corpus is ../shared/seeds + examples/articles + tests/regression/articles, extracted once;
`--copies N` loads N copies of it (ids suffixed), so the batches are big enough to time. Each round
empties both graphs (schema kept) and loads the whole batch; medians of the rounds are printed.

    python benchmarks/load_rate.py [--rounds 5] [--copies 20] [--writers 1 2 4]
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ecograph.graph.falkordb_store import FalkorDBStore  # noqa: E402
from ecograph.graph.loader import GraphBatch, load  # noqa: E402
from ecograph.graph.neo4j_store import Neo4jStore  # noqa: E402
from ecograph.graph.store import GraphStore  # noqa: E402
from tools.neo4j.server import Neo4jServer  # noqa: E402

CORPUS = [ROOT.parent / "shared" / "seeds", ROOT / "examples" / "articles",
          ROOT / "tests" / "regression" / "articles"]


def corpus_batch(base: Path) -> GraphBatch:
    from ecograph.ingest.corpus import Corpus
    from ecograph.service import ingest_paths

    with Corpus(base / "corpus.sqlite") as corpus:
        ingest_paths([p for p in CORPUS if p.is_dir()], corpus, None)
        rows = corpus.graph_batch()
    return GraphBatch(rows.articles, rows.nodes, rows.relations, rows.mentions)


def copies(batch: GraphBatch, n: int) -> GraphBatch:
    """`n` disjoint copies of `batch` (every id suffixed with the copy's number)."""
    def suffixed(row: dict, keys: tuple[str, ...], i: int) -> dict:
        return {**row, **{k: f"{row[k]}#{i}" for k in keys}}

    out = GraphBatch()
    for i in range(n):
        out.articles += [suffixed(a, ("id",), i) for a in batch.articles]
        out.nodes += [suffixed(node, ("id",), i) for node in batch.nodes]
        out.relations += [{**suffixed(r, ("source_id", "target_id"), i),
                           "article_ids": [f"{a}#{i}" for a in r["article_ids"]]} for r in batch.relations]
        out.mentions += [suffixed(m, ("entity_id", "article_id"), i) for m in batch.mentions]
    return out


def seconds_to_load(store: GraphStore, batch: GraphBatch, writers: int = 1) -> float:
    store.clear()
    started = time.perf_counter()
    load(store, batch, writers=writers)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--writers", type=int, nargs="+", default=[1, 2, 4], help="Neo4j writers to compare")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ecograph-load-") as tmp:
        base = Path(tmp)
        print("extracting the corpus once…", flush=True)
        batch = copies(corpus_batch(base), args.copies)
        facts, rows = len(batch.relations), sum(map(len, (batch.articles, batch.nodes, batch.relations,
                                                         batch.mentions)))
        print(f"{args.copies} copies: {facts} facts, {rows} rows in all "
              f"({len(batch.nodes)} entities, {len(batch.articles)} articles, {len(batch.mentions)} mentions)")
        server = None
        if os.environ.get("NEO4J_URI"):
            settings = {k: os.environ.get(k, "") for k in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD")}
        else:
            print("starting Neo4j (tools/neo4j)…", flush=True)
            server = Neo4jServer(base / "neo4j.log")
            settings = server.start()
        try:
            with FalkorDBStore(base / "graph.db") as falkordb, \
                    Neo4jStore(settings["NEO4J_URI"], settings["NEO4J_USER"] or "neo4j",
                               settings["NEO4J_PASSWORD"]) as neo4j:
                contenders = [("falkordb", falkordb, 1)] + [(f"neo4j x{n}", neo4j, n) for n in args.writers]
                times: dict[str, list[float]] = {name: [] for name, _, _ in contenders}
                for _, store, writers in contenders:
                    seconds_to_load(store, batch, writers)  # warm-up: schema, caches, JIT
                for _ in range(args.rounds):  # alternate, so all see the same machine load
                    for name, store, writers in contenders:
                        times[name].append(seconds_to_load(store, batch, writers))
                neo4j.clear()
        finally:
            if server:
                server.stop()
    medians = {kind: statistics.median(values) for kind, values in times.items()}
    print(f"\nmedians of {args.rounds} rounds (load of the whole batch, graph emptied before each):")
    print(f"{'engine':10} {'seconds':>8} {'facts/s':>9} {'rows/s':>9}   all rounds (s)")
    for kind, seconds in medians.items():
        print(f"{kind:10} {seconds:8.2f} {facts / seconds:9.0f} {rows / seconds:9.0f}   "
              + " ".join(f"{t:.2f}" for t in times[kind]))
    one = f"neo4j x{args.writers[0]}"
    for kind in medians:
        if kind.startswith("neo4j") and kind != one:
            print(f"{kind} / {one} load rate: {medians[one] / medians[kind]:.2f}")


if __name__ == "__main__":
    main()
