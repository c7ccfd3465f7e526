"""Time to render the explorer's Overview, Ecosystem map, Entity profile and Partner scouting pages (Streamlit
AppTest: the server-side script run, which is what a rerun costs), on the seed graph and on a
synthetic graph of 50,000 nodes / 200,000 relationships (map at its 1,000-node budget).

Three numbers per page:
- first:    the very first render after start (opens the store, loads the graph into memory);
- uncached: result caches cleared before each run (a new filter, a new entity: queries, layout and
            HTML are recomputed; only the in-memory graph is kept) — median and p95;
- cached:   the same render again (a rerun with nothing changed) — median and p95.
Targets (issue 4): p95 ≤ 1 s on the seed graph, ≤ 3 s at 50k nodes (uncached).

With Debian's chromium installed, it also times the browser side: loading the 1,000-node map page
(vis-network, fixed positions, physics off) until its first frame is drawn.

    python benchmarks/app_latency.py [--runs 7] [--skip-synthetic] [--nodes 50000 --rels 200000]
    python benchmarks/app_latency.py --graph falkordb:///path/graph.db --corpus path/corpus.sqlite
        (a graph already loaded, e.g. scale.py's --work graph-100000.db: only that graph is timed)

The synthetic graph is written once to data/bench/synthetic-<nodes>-<rels>.db and reused.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ecograph.errors import QueryError  # noqa: E402
from ecograph.graph.falkordb_store import FalkorDBStore  # noqa: E402
from ecograph.graph.loader import GraphBatch, graph_counts, load  # noqa: E402
from ecograph.ontology import ECOSYSTEMS, entity_id  # noqa: E402

APP = str(ROOT / "app.py")
SEEDS = ROOT.parent / "shared" / "seeds"
TARGETS = {"seed": 1.0, "synthetic": 3.0, "given": 3.0}


# ----------------------------------------------------------------------------- graphs

def seed_graph(base: Path) -> tuple[str, str]:
    from ecograph.ingest.corpus import Corpus
    from ecograph.service import ingest_paths

    corpus, graph = base / "seed.sqlite", base / "seed.db"
    with Corpus(corpus) as c, FalkorDBStore(graph) as store:
        ingest_paths([SEEDS], c, store)
    return f"falkordb://{graph}", str(corpus)


LABEL_WEIGHTS = {"Company": 40, "Person": 14, "Park": 6, "Platform": 6, "Investor": 5, "Hospital": 4,
                 "Government": 5, "Alliance": 3, "Event": 5, "ResearchInstitute": 3, "University": 2,
                 "Region": 2, "Segment": 1}
SUFFIX = {"Company": "医疗科技有限公司", "Person": "", "Park": "医疗器械产业园", "Platform": "检测平台",
          "Investor": "创业投资", "Hospital": "医院", "Government": "管委会", "Alliance": "产业联盟",
          "Event": "产业峰会", "ResearchInstitute": "研究院", "University": "大学", "Region": "区",
          "Segment": "器械"}
SYLLABLES = "华康泰瑞安联创新医信达科博宁海中德恒源通盛天正和美思嘉锐智捷微迈"


def synthetic_batch(n_nodes: int, n_rels: int, seed: int = 7) -> GraphBatch:
    """A graph with the ontology's labels, the four ecosystems and a skewed degree distribution
    (a few hubs, many leaves), like the real one only bigger."""
    rng = random.Random(seed)
    labels = rng.choices(list(LABEL_WEIGHTS), weights=list(LABEL_WEIGHTS.values()), k=n_nodes)
    regions = [*ECOSYSTEMS, ""]
    nodes = []
    for i, label in enumerate(labels):
        name = "".join(rng.choice(SYLLABLES) for _ in range(3)) + SUFFIX[label] + str(i)
        nodes.append({"id": entity_id(label, name), "label": label, "name": name, "aliases": [],
                      "region": rng.choice(regions)})
    weights = [1.0 / (rank + 1) ** 0.75 for rank in range(n_nodes)]  # Zipf-like popularity
    order = list(range(n_nodes))
    rng.shuffle(order)
    popular = [0.0] * n_nodes
    for rank, index in enumerate(order):
        popular[index] = weights[rank]
    types = ["PARTNERS_WITH", "LOCATED_IN", "FOCUSES_ON", "MEMBER_OF", "PARTICIPATED_IN", "INVESTED_IN",
             "FOUNDED", "OPERATES", "SUPPLIES", "WORKS_FOR", "ORGANIZED", "INCUBATES"]
    sources = rng.choices(range(n_nodes), k=n_rels)
    targets = rng.choices(range(n_nodes), weights=popular, k=n_rels)
    seen, relations = set(), []
    for s, t in zip(sources, targets):
        rel_type = rng.choice(types)
        key = (s, t, rel_type)
        if s == t or key in seen:
            continue
        seen.add(key)
        day = f"20{rng.randint(18, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        relations.append({"source_id": nodes[s]["id"], "type": rel_type, "target_id": nodes[t]["id"],
                          "evidence": f"{nodes[s]['name']}与{nodes[t]['name']}相关。", "article_ids": [],
                          "confidence": round(rng.uniform(0.4, 0.95), 2), "first_seen": day,
                          "last_seen": day, "status": "reported", "title": ""})
    return GraphBatch(articles=[], nodes=nodes, relations=relations, mentions=[])


def synthetic_graph(n_nodes: int, n_rels: int) -> tuple[str, str]:
    path = ROOT / "data" / "bench" / f"synthetic-{n_nodes}-{n_rels}.db"
    with FalkorDBStore(path) as store:
        try:
            have = sum(graph_counts(store)["nodes"].values())
        except QueryError:  # a graph never written
            have = 0
        if have < n_nodes:
            print(f"writing the synthetic graph to {path} (once)…", flush=True)
            started = time.perf_counter()
            store.clear()
            report = load(store, synthetic_batch(n_nodes, n_rels))
            print(f"  {report.summary()} in {time.perf_counter() - started:.0f} s", flush=True)
    return f"falkordb://{path}", str(path.with_suffix(".sqlite"))


# ----------------------------------------------------------------------------- timing

def _page(page: str, setup=None, query: dict | None = None):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=600)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.switch_page(page)  # only selects the page: the timed run below is the page's first
    started = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - started
    if setup:  # a widget change: time that rerun instead
        started = time.perf_counter()
        setup(at)
        elapsed = time.perf_counter() - started
    if at.exception:
        raise RuntimeError(f"{page}: {at.exception[0].message}")
    return elapsed


def _clear_results() -> None:
    import streamlit as st

    st.cache_data.clear()  # keeps st.cache_resource: the store and the in-memory graph


def measure(name: str, page: str, runs: int, setup=None, query: dict | None = None) -> dict:
    first = _page(page, setup, query)
    uncached = []
    for _ in range(runs):
        _clear_results()
        uncached.append(_page(page, setup, query))
    cached = [_page(page, setup, query) for _ in range(runs)]
    return {"page": name, "first": first, "uncached": uncached, "cached": cached}


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def bench_graph(label: str, graph_url: str, corpus: str, runs: int) -> list[dict]:
    os.environ["ECOGRAPH_GRAPH"], os.environ["ECOGRAPH_CORPUS"] = graph_url, corpus
    _clear_results()
    from ecograph.graph.connect import open_store
    from ecograph.settings import load_settings

    with open_store(load_settings().graph) as store:
        hub = _hub(store)
    set_budget = (lambda at: at.number_input(key="map_budget").set_value(1000).run())
    results = [
        measure("overview", "ui/overview.py", runs),
        measure("map (budget 1000)", "ui/map.py", runs, setup=set_budget),
        measure("profile (most connected park)", "ui/profile.py", runs, query={"id": hub}),
        measure("scouting (a start-up described: IVD)", "ui/scouting.py", runs, setup=describe_startup),
    ]
    for r in results:
        r["graph"] = label
    return results


def describe_startup(at) -> None:
    """The scouting page's question: a start-up in 体外诊断 (not in the graph)."""
    at.text_input(key="scout_segment_None").input("体外诊断").run()


def _hub(store) -> str:
    """The id of the park with most links (a heavy profile)."""
    from ecograph.graph.analytics import graph_from_records
    from ecograph.graph.queries import run

    G = graph_from_records(run(store, "entities").records(), run(store, "relations").records())
    parks = [n for n, d in G.nodes(data=True) if d["label"] == "Park"] or list(G.nodes)
    return max(parks, key=G.degree)


def browser_draw(graph_url: str, runs: int = 3) -> list[float] | None:
    """Seconds from loading the 1,000-node map HTML to vis-network's first drawn frame."""
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        return None
    from playwright.sync_api import sync_playwright

    from ecograph.graph.analytics import graph_from_records
    from ecograph.graph.queries import run
    from ecograph.ui import render

    with FalkorDBStore(graph_url.removeprefix("falkordb://")) as store:
        G = graph_from_records(run(store, "entities").records(), run(store, "relations").records())
    shown, *_ = render.map_subgraph(G, 1000)
    page = render.network_html(shown, render.layout(shown)).replace(
        "</body>", "<script>network.once('afterDrawing', () => { window.drawn = true; });</script></body>")
    times = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        html = Path(tmp) / "map.html"
        html.write_text(page, encoding="utf-8")
        browser = playwright.chromium.launch(executable_path=str(chromium),
                                             args=["--no-sandbox", "--disable-gpu"])
        for _ in range(runs):
            tab = browser.new_page(viewport={"width": 1400, "height": 900})
            started = time.perf_counter()
            tab.goto(html.as_uri())
            tab.wait_for_function("() => window.drawn", timeout=60_000)
            times.append(time.perf_counter() - started)
            tab.close()
        browser.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--nodes", type=int, default=50_000)
    parser.add_argument("--rels", type=int, default=200_000)
    parser.add_argument("--skip-synthetic", action="store_true")
    parser.add_argument("--graph", help="time this graph only (a store URL), with the corpus of --corpus")
    parser.add_argument("--corpus", help="the corpus of --graph")
    args = parser.parse_args()

    from streamlit.logger import set_log_level

    set_log_level("error")  # AppTest outside a server warns on every cache call
    results = []
    drawn = None
    with tempfile.TemporaryDirectory() as tmp:
        if args.graph:
            results += bench_graph("given", args.graph, args.corpus or "", args.runs)
            drawn = browser_draw(args.graph) if args.graph.startswith("falkordb://") else None
        elif SEEDS.is_dir():
            url, corpus = seed_graph(Path(tmp))
            results += bench_graph("seed", url, corpus, args.runs)
        else:
            print(f"{SEEDS} absent: skipping the seed graph")
        if not args.skip_synthetic and not args.graph:
            url, corpus = synthetic_graph(args.nodes, args.rels)
            results += bench_graph("synthetic", url, corpus, args.runs)
            drawn = browser_draw(url)

    print(f"\n{'graph':<10} {'page':<32} {'first':>7} {'uncached med':>13} {'p95':>7} "
          f"{'cached med':>11} {'p95':>7}  target p95")
    ok = True
    for r in results:
        target = TARGETS[r["graph"]]
        met = p95(r["uncached"]) <= target
        ok &= met
        print(f"{r['graph']:<10} {r['page']:<32} {r['first']:>6.2f}s {statistics.median(r['uncached']):>12.2f}s "
              f"{p95(r['uncached']):>6.2f}s {statistics.median(r['cached']):>10.2f}s {p95(r['cached']):>6.2f}s"
              f"  ≤ {target:.0f} s {'ok' if met else 'MISSED'}")
    if drawn:
        print(f"browser: 1,000-node map drawn in {statistics.median(drawn):.2f} s (median of {len(drawn)}, "
              f"headless chromium, no GPU); target ≤ 3 s {'ok' if max(drawn) <= 3 else 'MISSED'}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
