"""The hostile-input corpus (tests/hostile.py): every input gives the right articles or one line
naming the file, and a batch holding all of them loses none of the good articles beside them."""
from __future__ import annotations

import re

import pytest

from ecograph.errors import EcographError, InputError
from ecograph.graph.falkordb_store import FalkorDBStore
from ecograph.ingest.corpus import Corpus
from ecograph.ingest.sources import MAX_ARTICLE_CHARS, read_file
from ecograph.service import ingest_paths
from tests.hostile import SPECIAL, hostile_inputs, write_hostile

NAMES = [name for name, _ in hostile_inputs()] + list(SPECIAL)
NEVER_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
GOOD_ARTICLE = "{n}号园区新闻\n北京{brand}医疗科技有限公司正式入驻中关村医疗器械园，专注于医学影像领域。\n"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    write_hostile(folder)
    return folder


@pytest.mark.parametrize("name", NAMES)
def test_each_hostile_input_reads_or_is_one_line(hostile, name):
    try:
        articles, problems = read_file(hostile / name)
    except InputError as error:
        assert error.line().startswith(f"{hostile / name}: ") and "\n" not in error.line()
        return
    assert articles
    for article in articles:
        assert not NEVER_IN_TEXT.search(article.title + article.raw_text + article.url)
        assert len(article.title) + len(article.raw_text) <= MAX_ARTICLE_CHARS
    assert all("\n" not in problem.line() for problem in problems)


def good_articles(folder, count=15):
    folder.mkdir()
    for n in range(count):
        brand = "瑞康泽衡润航泰博"[n % 8] + "瑞康泽衡润航泰博"[n // 8]
        (folder / f"good{n:02}.txt").write_text(GOOD_ARTICLE.format(n=n, brand=brand), encoding="utf-8")
    return folder


def test_a_batch_of_every_hostile_input_keeps_every_good_article(tmp_path, hostile):
    good = good_articles(tmp_path / "good")
    with Corpus(tmp_path / "c.sqlite") as corpus, FalkorDBStore(tmp_path / "g.db") as store:
        report = ingest_paths([hostile, good], corpus, store)
        sources = {row[0] for row in corpus.db.execute("SELECT source FROM articles")}
        in_graph = {row[0] for row in store.read("MATCH (a:Article) RETURN a.source").rows}
    assert {str(path) for path in good.iterdir()} <= sources
    assert sources == in_graph  # the graph holds what the corpus holds, NULs and all
    assert report.failed and all(isinstance(p, EcographError) and "\n" not in p.line() for p in report.problems)
    assert {p.source for p in report.problems} <= {str(hostile / name) for name in NAMES}
