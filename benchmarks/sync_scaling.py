"""How the graph sync's pruning (graph/loader.py delete_missing) grows with the corpus.

Builds graphs of N and 4N small articles (one company each, companies linked in a chain, one
mention each) in an embedded FalkorDB, and times in one run, side by side, `delete_missing` and
the single `NOT … IN $keep` filter it replaced, median of the rounds. Linear work gives a ratio
near 4 between the two sizes; the filter compares every element with every key (about 16).

    python benchmarks/sync_scaling.py [--articles 2000] [--rounds 3]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ecograph.graph.falkordb_store import FalkorDBStore  # noqa: E402
from ecograph.graph.loader import GraphBatch, delete_missing, load  # noqa: E402
from ecograph.ontology import MENTIONED_IN  # noqa: E402


def batch(n: int) -> GraphBatch:
    return GraphBatch(
        articles=[{"id": f"a{i}", "url": "", "title": "t", "date": "", "source": f"{i}.txt"} for i in range(n)],
        nodes=[{"id": f"company:{i}", "label": "Company", "name": f"企业{i}", "aliases": [], "region": ""}
               for i in range(n)],
        relations=[{"source_id": f"company:{i}", "type": "PARTNERS_WITH", "target_id": f"company:{i + 1}",
                    "evidence": "…", "article_ids": [f"a{i}"], "confidence": 0.5, "first_seen": "",
                    "last_seen": "", "status": "reported", "title": ""} for i in range(n - 1)],
        mentions=[{"entity_id": f"company:{i}", "article_id": f"a{i}"} for i in range(n)],
    )


def old_filter(store: FalkorDBStore, whole: GraphBatch) -> None:
    """The pruning as it was: two server-side filters over lists of every key."""
    keep_nodes = [a["id"] for a in whole.articles] + [n["id"] for n in whole.nodes]
    keep_rels = [f"{r['source_id']}|{r['type']}|{r['target_id']}" for r in whole.relations]
    keep_rels += [f"{m['entity_id']}|{MENTIONED_IN}|{m['article_id']}" for m in whole.mentions]
    store.write("MATCH (s)-[r]->(t) WHERE NOT (s.id + '|' + type(r) + '|' + t.id) IN $keep DELETE r",
                {"keep": keep_rels})
    store.write("MATCH (n) WHERE NOT n.id IN $keep DETACH DELETE n", {"keep": keep_nodes})


def timed(store: FalkorDBStore, whole: GraphBatch, prune) -> float:
    start = time.perf_counter()
    prune(store, whole)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    sizes = (args.articles, 4 * args.articles)
    results: dict[tuple[str, int], list[float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            whole = batch(size)
            with FalkorDBStore(Path(folder) / f"graph-{size}.db") as store:
                load(store, whole)
                for _ in range(args.rounds):  # nothing to delete: the cost is the comparison
                    for name, prune in (("delete_missing", delete_missing), ("NOT IN $keep", old_filter)):
                        results.setdefault((name, size), []).append(timed(store, whole, prune))
    print(f"{'pruning':<16}" + "".join(f"{f'{size} articles':>16}" for size in sizes) + f"{'ratio':>8}")
    for name in ("delete_missing", "NOT IN $keep"):
        medians = [statistics.median(results[(name, size)]) for size in sizes]
        print(f"{name:<16}" + "".join(f"{m:>15.2f}s" for m in medians) + f"{medians[1] / medians[0]:>8.1f}")


if __name__ == "__main__":
    main()
