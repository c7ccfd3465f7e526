"""The synthetic corpus of the scale runs (benchmarks/synthetic_corpus.py): reproducible from its
seed, read whole by the ingest reader in every file kind it writes, names reused with a long tail."""
from __future__ import annotations

import re
from collections import Counter

import pytest

from benchmarks.synthetic_corpus import generate
from ecograph.ingest.normalize import normalize
from ecograph.ingest.sources import read_paths

COMPANY = re.compile(r"[\u4e00-\u9fff]{2}[\u4e00-\u9fff]{2}[\u4e00-\u9fff]{4}(?:股份)?有限公司")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("synthetic")
    files = generate(out, 400, seed=11)
    return out, files


def test_the_same_seed_gives_the_same_files_and_another_seed_others(corpus, tmp_path):
    out, files = corpus
    again = generate(tmp_path / "again", 400, seed=11)
    assert [f.relative_to(tmp_path / "again") for f in again] == [f.relative_to(out) for f in files]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(again, files))
    other = generate(tmp_path / "other", 400, seed=12)
    assert [f.read_bytes() for f in other] != [f.read_bytes() for f in files]


def test_the_reader_reads_every_article_of_every_kind(corpus):
    out, files = corpus
    result = read_paths([out])
    assert [p.line() for p in result.problems] == []
    assert len(result.articles) == 400
    assert {f.suffix for f in files} == {".json", ".jsonl", ".txt", ".html"}
    by_source = {a.source: a for a in result.articles}
    gbk = [f for f in files if f.suffix == ".txt" and not _utf8(f.read_bytes())]
    assert gbk and all("有限公司" in by_source[str(f)].raw_text for f in gbk)
    traditional = [a for a in result.articles if "醫療" in a.raw_text or "醫學" in a.raw_text]
    assert traditional and all("医" in normalize(a.raw_text).text for a in traditional)
    html = [by_source[str(f)] for f in files if f.suffix == ".html"]
    assert html and all("落户" in a.raw_text and "版权所有" not in a.raw_text for a in html)
    assert len({a.id for a in result.articles}) == 400


def test_names_are_reused_with_a_long_tail_and_new_ones_keep_arriving(corpus):
    out, _ = corpus
    articles = sorted(read_paths([out]).articles, key=lambda a: (a.date, a.id))
    per_article = [set(COMPANY.findall(normalize(a.raw_text).text)) for a in articles]
    seen = Counter(name for names in per_article for name in names)
    top, count = seen.most_common(1)[0]
    assert count >= 20  # the best known is in many articles
    assert sum(1 for n in seen.values() if n == 1) * 3 >= len(seen)  # many are named once only
    early = set().union(*per_article[: len(articles) * 9 // 10])
    assert set().union(*per_article[len(articles) * 9 // 10:]) - early  # new names late in the corpus
    reprints = [a for a in articles if "来源：" in a.raw_text]
    assert reprints and all(a.content_hash != b.content_hash for a in reprints for b in articles if a is not b)


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
