"""The Spark engine (`ecograph extract --engine spark`) gives the corpus `ecograph ingest` gives:
the same canonical entities and ids, aliases, mentions, facts, merges and suggestions, and a
corpus `ecograph rebuild` loads."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ecograph.cli import app
from ecograph.ingest.corpus import Corpus
from ecograph.service import ingest_paths
from tests.conftest import NO_SHARED, SEEDS

try:
    import pyspark  # noqa: F401
except ImportError:
    pyspark = None
needs_spark = pytest.mark.skipif(pyspark is None, reason="pyspark is not installed (pip install 'ecograph[spark]')")

REGRESSION = Path(__file__).parent / "regression" / "articles"
TABLES = {"entities": "id, label, name, region", "aliases": "entity_id, alias, akey",
          "mentions": "article_id, entity_id, surface, raw, start, end", "merges": "*", "suggestions": "*",
          "facts": "*", "articles": "id, source, url, title, date, raw_text, content_hash, extractor_version"}


def rows(path: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(path) as db:
        return {table: sorted(db.execute(f"SELECT {columns} FROM {table}").fetchall(), key=repr)  # noqa: S608
                for table, columns in TABLES.items()}


@needs_spark
@pytest.mark.timeout(600)
def test_the_spark_engine_gives_the_corpus_ingest_gives(tmp_path):
    if not SEEDS.is_dir():
        pytest.skip(NO_SHARED)
    sources = [str(SEEDS), str(REGRESSION)]
    with Corpus(tmp_path / "ingest.sqlite") as corpus:
        ingested = ingest_paths(sources, corpus, None)
    runner = CliRunner()
    out = tmp_path / "spark"
    result = runner.invoke(app, ["extract", "--engine", "spark", *sources, "--out", str(out), "--partitions", "3"])
    assert result.exit_code == (2 if ingested.problems else 0), result.output
    assert f"{ingested.new} new" in result.output
    assert list((out / "extractions").glob("*.parquet"))

    spark_rows, ingest_rows = rows(out / "corpus.sqlite"), rows(tmp_path / "ingest.sqlite")
    assert len(spark_rows["entities"]) > 100 and spark_rows["merges"]
    for table in TABLES:
        assert spark_rows[table] == ingest_rows[table], table
    with Corpus(out / "corpus.sqlite") as a, Corpus(tmp_path / "ingest.sqlite") as b:
        batch = a.graph_batch()
        assert batch == b.graph_batch()  # what rebuild loads

    graph = f"falkordb://{tmp_path / 'graph.db'}"
    corpus_flag = ["--corpus", str(out / "corpus.sqlite"), "--graph", graph]
    assert runner.invoke(app, [*corpus_flag, "rebuild"]).exit_code == 0
    stats = json.loads(runner.invoke(app, [*corpus_flag, "stats", "--json"]).output)
    assert stats["articles"] == ingested.new
    assert sum(stats["nodes"].values()) == len(batch.nodes)


def test_the_spark_engine_needs_an_output_folder_and_engines_are_named(tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["extract", "--engine", "spark", str(REGRESSION)])
    assert result.exit_code == 1 and "--engine spark needs --out DIR" in result.output
    result = runner.invoke(app, ["extract", "--engine", "hadoop", str(REGRESSION)])
    assert result.exit_code == 1 and "unknown engine 'hadoop': local or spark" in result.output
