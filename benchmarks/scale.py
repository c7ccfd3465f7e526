"""How cost grows with the corpus: one run per size of the synthetic corpus
(benchmarks/synthetic_corpus.py), every stage timed, then the exponent of time against size.

Per size: extraction (one process, 2 worker processes, Spark local[2]: articles/s, MB/s, peak
memory of the process and its children), resolution across the corpus (Corpus.store of every
extraction, in input order), the graph rows (Corpus.graph_batch), the load into FalkorDB and, with
--neo4j, into a throw-away Neo4j with 1, 2 and 4 parallel writers (facts/s), the corpus and graph sizes. The exponent of a stage is
the slope of log(time) against log(articles) over the sizes: 1 is linear, 2 quadratic.

    nice -n 10 python benchmarks/scale.py --sizes 1000 10000 [--neo4j] [--skip spark]
"""
from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
import time
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
    files = generate(files_dir, size, seed=args.seed)
    articles = read_paths([files_dir]).articles
    megabytes = sum(len(a.raw_text.encode("utf-8")) for a in articles) / 1e6
    row: dict = {"articles": len(articles), "files": len(files), "text_mb": round(megabytes, 2),
                 "file_mb": round(sum(f.stat().st_size for f in files) / 1e6, 2)}
    print(f"\n{size:,} articles: {row['files']:,} files, {megabytes:.1f} MB of text", flush=True)
    extractions = None
    for mode in EXTRACTION_MODES:
        if mode.split()[0] in args.skip:
            continue
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
    corpus_path = base / f"corpus-{size}.sqlite"
    with Corpus(corpus_path) as corpus:
        seconds, (peak, cpu), _ = timed(lambda: [corpus.store(e) for e in extractions])
        row["resolve"] = {"s": round(seconds, 2), "cpu_s": round(cpu, 2), "articles/s": round(len(articles) / seconds, 1),
                          "peak_mb": round(peak)}
        print(f"  resolve (Corpus.store) {seconds:8.2f} s {len(articles) / seconds:8.1f} articles/s | CPU {cpu:.2f} s",
              flush=True)
        seconds, (peak, cpu), rows = timed(corpus.graph_batch)
        row["graph_rows"] = {"s": round(seconds, 2), "cpu_s": round(cpu, 2), "peak_mb": round(peak)}
        counts = corpus.counts()
    print(f"  graph rows (graph_batch) {seconds:6.2f} s | CPU {cpu:.2f} s, peak {peak:.0f} MB", flush=True)
    batch = GraphBatch(rows.articles, rows.nodes, rows.relations, rows.mentions)
    row["corpus"] = {**counts, "mb": round(corpus_path.stat().st_size / 1e6, 1)}
    stores = [("falkordb", lambda: FalkorDBStore(base / f"graph-{size}.db"))]
    if args.neo4j_settings:
        from ecograph.graph.neo4j_store import Neo4jStore

        s = args.neo4j_settings
        stores.append(("neo4j", lambda: Neo4jStore(s["NEO4J_URI"], s.get("NEO4J_USER") or "neo4j", s["NEO4J_PASSWORD"])))
    for kind, open_store in stores:
        with open_store() as store:
            store.clear()
            load(store, batch)  # warm-up: schema, caches, the JIT
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
    print(f"  corpus: {counts['entities']:,} entities, {counts['facts']:,} facts, {counts['mentions']:,} mentions, "
          f"{row['corpus']['mb']} MB; graph: {row['graph']['nodes']:,} nodes, {row['graph']['relationships']:,} "
          "relationships", flush=True)
    return row


def exponent(sizes: list[int], seconds: list[float]) -> float:
    xs, ys = [math.log(s) for s in sizes], [math.log(max(t, 1e-6)) for t in seconds]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def print_growth(rows: list[dict]) -> None:
    sizes = [r["articles"] for r in rows]
    stages = [key for key in rows[0] if isinstance(rows[0][key], dict) and "s" in rows[0][key]]
    print("\ngrowth: seconds per stage, side by side" + (", and the exponent of time vs size" if len(rows) > 1 else ""))
    print(f"{'stage':26}" + "".join(f"{s:>10,}" for s in sizes) + ("   exponent" if len(rows) > 1 else ""))
    for stage, key in [(stage, key) for stage in stages for key in ("s", "cpu_s") if key in rows[0][stage]]:
        times = [r[stage][key] for r in rows]
        tail = f"   {exponent(sizes, times):8.2f}" if len(rows) > 1 else ""
        print(f"{stage + (' (CPU)' if key == 'cpu_s' else ''):26}" + "".join(f"{t:10.2f}" for t in times) + tail)


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
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="ecograph-scale-") as tmp:
        base = Path(tmp)
        server = None
        args.neo4j_settings = None
        if args.neo4j:
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
    print_growth(rows)


if __name__ == "__main__":
    main()
