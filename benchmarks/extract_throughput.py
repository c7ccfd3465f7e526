"""Extraction throughput beside jieba's `lcut`, on the same text, in one process run.

The corpus is the example and regression articles (plus the seeds and the real pages of
../shared/realdev when ../shared is there), repeated until it holds at least 2 MB. Prints KB/s
for both, their ratio, extraction in worker processes, what each pipeline component costs, and
peak memory. Target (issue: extraction on real news): extraction >= 0.05 x jieba in one process.
The word model (LAC on onnxruntime) runs with the pipeline's `threads` setting: one thread.

    python benchmarks/extract_throughput.py [--mb 2] [--rounds 3] [--workers 2]
"""
from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

import jieba
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ecograph.ingest.models import Article  # noqa: E402
from ecograph.ingest.normalize import normalize  # noqa: E402
from ecograph.ingest.pipeline import build_nlp, extract_many  # noqa: E402
from ecograph.ingest.resolve import match_key  # noqa: E402
from ecograph.ingest.sources import read_paths  # noqa: E402


def corpus(min_bytes: int) -> list[Article]:
    folders = [ROOT / "examples" / "articles", ROOT / "tests" / "regression" / "articles", ROOT.parent / "shared" / "seeds",
               ROOT.parent / "shared" / "realdev" / "articles"]
    base = read_paths([f for f in folders if f.is_dir()]).articles
    articles, size, n = [], 0, 0
    while size < min_bytes:
        a = base[n % len(base)]
        articles.append(Article(f"{a.id}-{n}", a.source, a.title, a.raw_text, a.url, a.date, a.content_hash))
        size += len(a.raw_text.encode("utf-8"))
        n += 1
    return articles


def run_extraction(articles: list[Article], workers: int = 1) -> None:
    for extraction in extract_many(articles, batch_size=32, workers=workers):
        {match_key(e.name) for e in extraction.entities}  # resolution keys, as the corpus computes them


def run_jieba(articles: list[Article]) -> None:
    for a in articles:
        jieba.lcut(a.raw_text)


def component_costs(articles: list[Article]) -> dict[str, float]:
    """Seconds spent in normalisation, the tokenizer and each pipeline component."""
    nlp = build_nlp()
    costs = {"normalize": 0.0, "tokenizer": 0.0} | {name: 0.0 for name, _ in nlp.pipeline}
    for article in articles:
        start = time.perf_counter()
        text = normalize(article.raw_text).text
        costs["normalize"] += time.perf_counter() - start
        start = time.perf_counter()
        doc = nlp.make_doc(text)
        costs["tokenizer"] += time.perf_counter() - start
        for name, component in nlp.pipeline:
            start = time.perf_counter()
            doc = component(doc)
            costs[name] += time.perf_counter() - start
    return costs


class PeakMemory:
    """The largest sum of resident memory over this process and its descendants (the worker
    processes), sampled every 0.2 s while the block runs."""

    def __enter__(self) -> PeakMemory:
        import threading

        self.peak, self._stop = 0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        me = psutil.Process()
        while not self._stop.wait(0.2):
            total = 0
            for proc in [me, *me.children(recursive=True)]:
                try:
                    total += proc.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def timed(fn, articles) -> float:
    start = time.perf_counter()
    fn(articles)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=2.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2, help="also time extraction in this many processes")
    args = parser.parse_args()
    articles = corpus(int(args.mb * 1024 * 1024))
    kb = sum(len(a.raw_text.encode("utf-8")) for a in articles) / 1024
    jieba.initialize()
    run_extraction(articles[:5])  # load lexicons and the pipeline outside the timing
    ours, theirs, parallel = [], [], []
    parallel_peak_mb = 0.0
    for _ in range(args.rounds):  # side by side, alternating, so machine noise hits both
        theirs.append(timed(run_jieba, articles))
        ours.append(timed(run_extraction, articles))
        if args.workers > 1:
            with PeakMemory() as memory:
                parallel.append(timed(lambda a: run_extraction(a, workers=args.workers), articles))
            parallel_peak_mb = max(parallel_peak_mb, memory.peak / 2**20)
    ours_kbs, jieba_kbs = kb / statistics.median(ours), kb / statistics.median(theirs)
    costs = component_costs(articles)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"corpus: {len(articles)} articles, {kb:.0f} KB; median of {args.rounds} rounds")
    print(f"jieba.lcut:  {jieba_kbs:8.1f} KB/s (one process)")
    print(f"extraction:  {ours_kbs:8.1f} KB/s (one process)")
    print(f"ratio:       {ours_kbs / jieba_kbs:8.3f} x jieba, one process each, one thread each (target >= 0.05)")
    if parallel:
        par_kbs = kb / statistics.median(parallel)
        print(f"extraction:  {par_kbs:8.1f} KB/s with {args.workers} worker processes "
              f"({par_kbs / jieba_kbs:.2f} x single-process jieba)")
    total = sum(costs.values())
    print("cost by component (one pass, one process):")
    for name, seconds in sorted(costs.items(), key=lambda item: -item[1]):
        print(f"  {name:20s} {seconds:8.1f} s  {100 * seconds / total:5.1f} %  {kb / seconds if seconds else 0:10.1f} KB/s")
    print(f"peak memory: {peak_mb:8.0f} MB (one process)")
    if parallel:
        print(f"peak memory: {parallel_peak_mb:8.0f} MB (this process, the fork server and {args.workers} workers together)")


if __name__ == "__main__":
    main()
