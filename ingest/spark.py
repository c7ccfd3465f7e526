"""Extraction as an Apache Spark job (`ecograph extract --engine spark SRC… --out DIR`).

Stage 1 (on the executors): the files, listed on the driver in the order `ecograph ingest` reads
them, are spread over partitions; each partition reads its files with the same reader and runs the
same spaCy pipeline (`extract_many`; built once per executor, in the daemon its Python workers
fork from: ingest/spark_daemon.py), and the extractions are written as Parquet under
DIR/extractions, one row per article or unreadable part, keyed by (file, part) so that the order
of the input survives.

Stage 2 (on the driver): resolution across the corpus. The single-machine resolver decides by
what the corpus already holds (a short form joins the one fuller name seen before it, the first
name of an entity stays its id), so its result depends on the order of the articles; the rows are
read back in input order and stored through the same `Corpus.store`, which gives the same entities
and ids as `ecograph ingest` and writes DIR/corpus.sqlite, the corpus `ecograph rebuild` loads.

pyspark is an optional dependency (`pip install 'ecograph[spark]'`); it needs Java 17 or newer.
"""
from __future__ import annotations

import json
import os
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from ecograph.errors import DuplicateArticle, EcographError, InputError
from ecograph.ingest.corpus import Corpus
from ecograph.ingest.models import Extraction

EXTRACTIONS = "extractions"  # the Parquet dataset under DIR
CORPUS = "corpus.sqlite"
COLUMNS = ("file", "part", "source", "article_id", "problem", "extraction")


@dataclass
class SparkReport:
    files: int = 0
    articles: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)  # one line each (the reader's or a duplicate's)
    seconds: dict[str, float] = field(default_factory=dict)  # per stage

    def summary(self) -> str:
        return (f"{self.files} files, {self.articles} articles: {self.new} new, {self.updated} updated, "
                f"{self.unchanged} unchanged; {len(self.problems)} problems")


def session(master: str = "local[2]", app_name: str = "ecograph-extract"):
    """A Spark session whose Python workers run this interpreter (so they import ecograph)."""
    # pyspark warns on import that it has not been certified with pandas 3 (which it does not use here)
    warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas", category=FutureWarning)
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise EcographError("the Spark engine needs pyspark: pip install 'ecograph[spark]' "
                            "(and Java 17 or newer)") from None
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = SparkSession.builder.master(master).appName(app_name)
    if master.startswith("local"):  # one machine: nothing listens beyond the loopback
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        builder = builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
    spark = (builder
             .config("spark.ui.enabled", "false")
             .config("spark.ui.showConsoleProgress", "false")
             .config("spark.python.worker.reuse", "true")  # a worker is kept across tasks
             .config("spark.python.daemon.module", "ecograph.ingest.spark_daemon")  # workers fork warm
             .config("spark.sql.shuffle.partitions", "8")
             .config("spark.log.level", "ERROR")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def extract_partition(numbered: Iterable[tuple[int, str]]) -> Iterator[tuple]:
    """Rows for the files of one partition: (file, part, source, article id, problem, extraction)."""
    from ecograph.ingest.pipeline import extract_many
    from ecograph.ingest.sources import read_file

    for index, path in numbered:
        try:
            result = read_file(path)
        except InputError as error:
            yield (index, -1, path, "", error.line(), "")
            continue
        for part, problem in enumerate(result.problems):
            yield (index, -1 - part, path, "", problem.line(), "")
        for part, extraction in enumerate(extract_many(result.articles)):
            yield (index, part, path, extraction.article.id, "",
                   json.dumps(extraction.to_record(), ensure_ascii=False))


def extract_to_parquet(spark, paths: Iterable[str | Path], out: Path, partitions: int | None = None) -> int:
    """Stage 1: every file under `paths` extracted on the executors into out/extractions.
    Returns the number of files."""
    from pyspark.sql.types import IntegerType, StringType, StructField, StructType

    from ecograph.ingest.sources import iter_paths

    files = [str(p) for p in iter_paths(paths)]
    context = spark.sparkContext
    slices = partitions or max(1, min(len(files), context.defaultParallelism * 4))
    rows = context.parallelize(list(enumerate(files)), slices).mapPartitions(extract_partition)
    schema = StructType([StructField("file", IntegerType(), False), StructField("part", IntegerType(), False),
                         *(StructField(name, StringType(), False) for name in COLUMNS[2:])])
    spark.createDataFrame(rows, schema).write.mode("overwrite").parquet(str(out / EXTRACTIONS))
    return len(files)


def resolve_parquet(spark, out: Path, corpus: Corpus, report: SparkReport) -> None:
    """Stage 2: the extractions, in input order, stored and resolved across the corpus."""
    rows = spark.read.parquet(str(out / EXTRACTIONS)).orderBy("file", "part")
    for row in rows.toLocalIterator():
        if row["problem"]:
            report.problems.append(row["problem"])
            continue
        report.articles += 1
        extraction = Extraction.from_record(json.loads(row["extraction"]))
        result = corpus.store(extraction)
        if result.status == "duplicate":
            report.problems.append(DuplicateArticle(
                f"same text as {result.duplicate_of} already ingested; skipped", source=extraction.article.source).line())
        else:
            setattr(report, result.status, getattr(report, result.status) + 1)


def run(paths: Iterable[str | Path], out: Path, master: str = "local[2]", corpus_path: Path | None = None,
        partitions: int | None = None) -> SparkReport:
    """Both stages: Parquet extractions under `out`, then the corpus (out/corpus.sqlite by default)."""
    import time

    out.mkdir(parents=True, exist_ok=True)
    report = SparkReport()
    spark = session(master)
    try:
        started = time.perf_counter()
        report.files = extract_to_parquet(spark, paths, out, partitions)
        report.seconds["extract"] = time.perf_counter() - started
        started = time.perf_counter()
        with Corpus(corpus_path or out / CORPUS) as corpus:
            resolve_parquet(spark, out, corpus, report)
        report.seconds["resolve"] = time.perf_counter() - started
    finally:
        spark.stop()
    return report
