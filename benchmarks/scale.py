"""How cost grows with the corpus: one run per size of the synthetic corpus
(benchmarks/synthetic_corpus.py), every stage timed, then the exponent of time against size.

Per size: extraction (one process, 2 worker processes, Spark local[2]: articles/s, MB/s, peak
memory of the process and its children), resolution across the corpus (Corpus.store of every
extraction, in input order), the graph rows (Corpus.graph_batch), the load into FalkorDB and, with
--neo4j, into a throw-away Neo4j with 1, 2 and 4 parallel writers (facts/s), the corpus and graph sizes. The exponent of a stage is
the slope of log(time) against log(articles) over the sizes: 1 is linear, 2 quadratic.

    nice -n 10 python benchmarks/scale.py --sizes 1000 10000 [--neo4j] [--skip spark]

With --work DIR the articles, the single-process extractions (pickled, with their figures) and
the corpora stay in DIR, so a later run (of the other stages, or of more modes) reuses them instead of
extracting again; --stages extract stops after extraction. --combine A.json B.json prints one
growth table from the JSON of several runs.
"""
from __future__ import annotations

import argparse
import json
import math
import pickle
import sys
import tempfile
import time
from contextlib import nullcontext
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.extract_throughput import PeakMemory  # noqa: E402
from benchmarks.synthetic_corpus import generate  # noqa: E402
from ecograph.graph.falkordb_store import FalkorDBStore  # noqa: E402
from ecograph.graph.loader import GraphBatch, graph_counts, load  # noqa: E402
from ecograph.ingest.corpus import Corpus  # noqa: E402
from ecograph.ingest.pipeline import extract_many  # noqa: E402
from ecograph.ingest.sources import read_paths  # noqa: E402

EXTRACTION_MODES = ("1 process", "2 workers", "spark local[2]")


class StageUsage(PeakMemory):
    """Peak resident memory and CPU seconds of this process and of the children it starts while
    the block runs (not the servers already running: FalkorDB's, Neo4j's). CPU seconds do not
    grow when other work shares the machine, so the per-core figures come from them."""

    def __enter__(self) -> StageUsage:
        me = psutil.Process()
        self._before = {child.pid for child in me.children(recursive=True)}
        self._cpu_start = sum(me.cpu_times()[:2])
        self._children_cpu: dict[int, float] = {}
        self.cpu = 0.0
        return super().__enter__()  # type: ignore[return-value]

    def _sample(self) -> None:
        while not self._stop.wait(0.2):
            self._measure()

    def _measure(self) -> None:
        me = psutil.Process()
        total = me.memory_info().rss
        for child in me.children(recursive=True):
            if child.pid in self._before:
                continue
            try:
                total += child.memory_info().rss
                self._children_cpu[child.pid] = sum(child.cpu_times()[:2])
            except psutil.Error:
                pass
        self.peak = max(self.peak, total)

    def __exit__(self, *exc) -> None:
        super().__exit__(*exc)
        self._measure()
        self.cpu = sum(psutil.Process().cpu_times()[:2]) - self._cpu_start + sum(self._children_cpu.values())


def timed(fn):
    """(seconds, peak MB and CPU seconds of this process and the children it started, result)."""
    with StageUsage() as usage:
        started = time.perf_counter()
        result = fn()
        seconds = time.perf_counter() - started
    return seconds, (usage.peak / 2**20, usage.cpu), result


def spark_extract(files_dir: Path, out: Path) -> tuple[float, float]:
    """Stage 1 on Spark local[2]: (seconds of the job, seconds to start the session)."""
    from ecograph.ingest.spark import extract_to_parquet, session

    started = time.perf_counter()
    spark = session("local[2]")
    startup = time.perf_counter() - started
    try:
        started = time.perf_counter()
        extract_to_parquet(spark, [files_dir], out)
        return time.perf_counter() - started, startup
    finally:
        spark.stop()


def run_size(size: int, base: Path, args) -> dict:
    files_dir = base / f"articles-{size}"
    done = base / f"articles-{size}.done"
    if done.exists():  # the same seed and size give the same files: written once per --work
        files = sorted(f for f in files_dir.rglob("*") if f.is_file())
    else:
        files = generate(files_dir, size, seed=args.seed)
        done.write_text(str(args.seed))
    articles = read_paths([files_dir]).articles
    megabytes = sum(len(a.raw_text.encode("utf-8")) for a in articles) / 1e6
    row: dict = {"articles": len(articles), "files": len(files), "text_mb": round(megabytes, 2),
                 "file_mb": round(sum(f.stat().st_size for f in files) / 1e6, 2)}
    print(f"\n{size:,} articles: {row['files']:,} files, {megabytes:.1f} MB of text", flush=True)
    cache = base / f"extractions-{size}-seed{args.seed}.pickle"
    corpus_path = base / f"corpus-{size}.sqlite"
    if args.stages == "load" and corpus_path.exists():  # the corpus an earlier run resolved
        return load_stages(row, size, base, corpus_path, args)
    extractions, measured = None, False
    if cache.exists():  # extracted by an earlier run into the same --work: its figures stand
        with cache.open("rb") as f:
            cached = pickle.load(f)
        extractions = cached["extractions"]
        row.update(cached["figures"])
        print(f"  extractions and their figures from {cache.name}", flush=True)
    for mode in EXTRACTION_MODES:
        if mode.split()[0] in args.skip or f"extract {mode}" in row:
            continue
        measured = True
        if mode == "1 process":
            seconds, (peak, cpu), extractions = timed(lambda: list(extract_many(articles)))
        elif mode == "2 workers":
            seconds, (peak, cpu), _ = timed(lambda: list(extract_many(articles, workers=2)))
        else:
            _, (peak, cpu), (seconds, startup) = timed(lambda: spark_extract(files_dir, base / f"spark-{size}"))
            row["spark_startup_s"] = round(startup, 1)
        row[f"extract {mode}"] = {"s": round(seconds, 1), "cpu_s": round(cpu, 1),
                                  "articles/s": round(len(articles) / seconds, 2),
                                  "articles/cpu-s": round(len(articles) / cpu, 2),
                                  "MB/s": round(megabytes / seconds, 4), "peak_mb": round(peak)}
        print(f"  extract {mode:15} {seconds:8.1f} s {len(articles) / seconds:8.2f} articles/s "
              f"{megabytes / seconds * 1000:7.1f} KB/s  peak {peak:6.0f} MB | CPU {cpu:7.1f} s: "
              f"{len(articles) / cpu:6.2f} articles/CPU-s {megabytes / cpu * 1000:6.1f} KB/CPU-s", flush=True)
    if extractions is None:
        extractions = list(extract_many(articles, workers=2))
    if args.work and measured:  # new figures (or new extractions) to keep
        figures = {key: value for key, value in row.items() if key.startswith(("extract ", "spark_"))}
        with cache.open("wb") as f:
            pickle.dump({"figures": figures, "extractions": extractions}, f, protocol=pickle.HIGHEST_PROTOCOL)
    if args.stages == "extract":
        return row
    for stale in base.glob(f"corpus-{size}.sqlite*"):  # resolution is timed into an empty corpus
        stale.unlink()
    with Corpus(corpus_path) as corpus:
        seconds, (peak, cpu), _ = timed(lambda: [corpus.store(e) for e in extractions])
        row["resolve"] = {"s": round(seconds, 2), "cpu_s": round(cpu, 2), "articles/s": round(len(articles) / seconds, 1),
                          "peak_mb": round(peak)}
        print(f"  resolve (Corpus.store) {seconds:8.2f} s {len(articles) / seconds:8.1f} articles/s | CPU {cpu:.2f} s",
              flush=True)
    return load_stages(row, size, base, corpus_path, args)


def load_stages(row: dict, size: int, base: Path, corpus_path: Path, args) -> dict:
    """The graph rows of the corpus and their load into each engine."""
    with Corpus(corpus_path) as corpus:
        seconds, (peak, cpu), rows = timed(corpus.graph_batch)
        row["graph_rows"] = {"s": round(seconds, 2), "cpu_s": round(cpu, 2), "peak_mb": round(peak)}
        counts = corpus.counts()
    print(f"  graph rows (graph_batch) {seconds:6.2f} s | CPU {cpu:.2f} s, peak {peak:.0f} MB", flush=True)
    batch = GraphBatch(rows.articles, rows.nodes, rows.relations, rows.mentions)
    row["corpus"] = {**counts, "mb": round(corpus_path.stat().st_size / 1e6, 1)}
    stores = [("falkordb", lambda: FalkorDBStore(base / f"graph-{size}.db"))] if "falkordb" in args.engines else []
    if args.neo4j_settings and "neo4j" in args.engines:
        from ecograph.graph.neo4j_store import Neo4jStore

        s = args.neo4j_settings
        stores.append(("neo4j", lambda: Neo4jStore(s["NEO4J_URI"], s.get("NEO4J_USER") or "neo4j", s["NEO4J_PASSWORD"])))
    for kind, open_store in stores:
        with open_store() as store:
            store.clear()
            load(store, warm_up_batch(batch, args.warm_up))  # warm-up: schema, caches, the JIT
            for writers in (args.writers if store.concurrent_writes else [1]):
                store.clear()
                seconds, _, _ = timed(lambda: load(store, batch, writers=writers))
                name = kind if writers == 1 else f"{kind} x{writers}"
                facts = len(batch.relations)
                row[f"load {name}"] = {"s": round(seconds, 2), "facts/s": round(facts / seconds)}
                print(f"  load {name:10} {seconds:8.2f} s {facts / seconds:8.0f} facts/s", flush=True)
            graph = graph_counts(store)
            if kind == "neo4j":
                store.clear()
        row["graph"] = {"nodes": sum(graph["nodes"].values()), "relationships": sum(graph["relationships"].values())}
    row.setdefault("graph", {"nodes": 0, "relationships": 0})
    print(f"  corpus: {counts['entities']:,} entities, {counts['facts']:,} facts, {counts['mentions']:,} mentions, "
          f"{row['corpus']['mb']} MB; graph: {row['graph']['nodes']:,} nodes, {row['graph']['relationships']:,} "
          "relationships", flush=True)
    return row


def warm_up_batch(batch: GraphBatch, nodes: int) -> GraphBatch:
    """The batch cut to its first `nodes` entity nodes and the relations and mentions among them
    (the whole batch when it has no more): enough to warm the engine up without loading a large
    graph twice."""
    if len(batch.nodes) <= nodes:
        return batch
    kept = batch.nodes[:nodes]
    ids = {node["id"] for node in kept}
    return GraphBatch(batch.articles, kept, [r for r in batch.relations if r["source_id"] in ids and r["target_id"] in ids],
                      [m for m in batch.mentions if m["entity_id"] in ids])


def exponent(sizes: list[int], seconds: list[float]) -> float:
    xs, ys = [math.log(s) for s in sizes], [math.log(max(t, 1e-6)) for t in seconds]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def print_growth(rows: list[dict]) -> None:
    rows = sorted(rows, key=lambda r: r["articles"])
    sizes = [r["articles"] for r in rows]
    stages = [key for key in rows[0] if isinstance(rows[0][key], dict) and "s" in rows[0][key]]
    print("\ngrowth: seconds per stage, side by side" + (", and the exponent of time vs size" if len(rows) > 1 else ""))
    print(f"{'stage':26}" + "".join(f"{s:>10,}" for s in sizes) + ("   exponent" if len(rows) > 1 else ""))
    stages += [key for r in rows for key in r if key not in stages and isinstance(r[key], dict) and "s" in r[key]]
    for stage, key in [(stage, key) for stage in stages for key in ("s", "cpu_s")
                       if any(key in r.get(stage, {}) for r in rows)]:
        have = [(size, r[stage][key]) for size, r in zip(sizes, rows) if key in r.get(stage, {})]
        times = {size: t for size, t in have}
        tail = f"   {exponent([s for s, _ in have], [t for _, t in have]):8.2f}" if len(have) > 1 else ""
        print(f"{stage + (' (CPU)' if key == 'cpu_s' else ''):26}"
              + "".join(f"{times[s]:10.2f}" if s in times else f"{'-':>10}" for s in sizes) + tail)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--skip", nargs="*", default=[], choices=["1", "2", "spark"],
                        help="extraction modes to leave out (1 process, 2 workers, spark)")
    parser.add_argument("--neo4j", action="store_true", help="load into a throw-away Neo4j too (tools/neo4j)")
    parser.add_argument("--json", type=Path, help="write the figures to this file as JSON")
    parser.add_argument("--writers", type=int, nargs="+", default=[1, 2, 4],
                        help="parallel writers to time the Neo4j load with (FalkorDB takes one)")
    parser.add_argument("--work", type=Path, help="keep articles, extractions and corpora here, and reuse them")
    parser.add_argument("--stages", choices=["all", "extract", "load"], default="all",
                        help="extract: stop after extraction (with --work, for a later run to reuse); "
                             "load: graph rows and loads of the corpus an earlier --work run resolved")
    parser.add_argument("--engines", nargs="+", choices=["falkordb", "neo4j"], default=["falkordb", "neo4j"],
                        help="engines to load (Neo4j only with --neo4j)")
    parser.add_argument("--warm-up", type=int, default=25_000,
                        help="entity nodes in each engine's warm-up load (the whole graph when it has fewer)")
    parser.add_argument("--combine", type=Path, nargs="+", help="print the growth table of these --json files")
    args = parser.parse_args()
    if args.combine:
        print_growth([row for path in args.combine for row in json.loads(path.read_text())])
        return
    rows = []
    if args.work:
        args.work.mkdir(parents=True, exist_ok=True)
    with (nullcontext(str(args.work)) if args.work else tempfile.TemporaryDirectory(prefix="ecograph-scale-")) as tmp:
        base = Path(tmp)
        server = None
        args.neo4j_settings = None
        if args.neo4j and args.stages != "extract":
            from tools.neo4j.server import Neo4jServer

            server = Neo4jServer(base / "neo4j.log")
            args.neo4j_settings = server.start()
        try:
            for size in args.sizes:
                rows.append(run_size(size, base, args))
                if args.json:
                    args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1))
        finally:
            if server:
                server.stop()
    if rows and args.stages != "extract":
        print_growth(rows)


if __name__ == "__main__":
    main()
