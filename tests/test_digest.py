"""Watchlists and the digest of what changed: after a second ingest, exactly the new and changed
links that touch a watchlist, with evidence and article date; Markdown, HTML and JSON; the CLI.
The articles are made up (those of test_curation and one more)."""
from __future__ import annotations

import json
import time

import pytest
from typer.testing import CliRunner

from ecograph.cli import app
from ecograph.errors import CurationError
from ecograph.ingest.corpus import Corpus
from ecograph.ingest.curation import new_decision, ref
from ecograph.ingest.digest import to_html, to_markdown
from ecograph.service import curate, ingest_paths, make_digest
from tests.test_curation import QINGHE, write_articles

HAIYAO = "宁波海曜医疗科技有限公司"
SECOND = {"url": "https://news.example.cn/5", "title": "海曜医疗获投", "date": "2024-09-02",
          "text": f"{HAIYAO}宣布完成A轮融资，由远帆资本投资。海曜医疗与北辰大学签署战略合作协议。"
                  f"{QINGHE}完成由远帆资本领投的B轮融资，金额2亿元。"}


@pytest.fixture
def two_ingests(tmp_path):
    """A corpus with a1–a3 ingested, then (a few seconds later) a5; and the time between them."""
    folder = write_articles(tmp_path / "articles")
    corpus_path = tmp_path / "corpus.sqlite"
    with Corpus(corpus_path) as corpus:
        ingest_paths([folder], corpus, None)
        corpus.watch("investors", "entity", "远帆资本")
        corpus.watch("imaging", "entity", "澄明影像")
        time.sleep(1.1)
        since = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())
        time.sleep(1.1)
        later = tmp_path / "later"
        later.mkdir()
        (later / "a5.json").write_text(json.dumps(SECOND, ensure_ascii=False), encoding="utf-8")
        ingest_paths([later], corpus, None)
    return corpus_path, since


def test_the_digest_names_exactly_the_new_and_changed_links_touching_the_watchlist(two_ingests):
    corpus_path, since = two_ingests
    with Corpus(corpus_path) as corpus:
        result = make_digest(corpus, since, "investors")
        quiet = make_digest(corpus, since, "imaging")
    assert [(link.line(), link.change, link.evidence, link.article["date"]) for link in result.links] == [
        (f"远帆资本 —INVESTED_IN→ {HAIYAO}", "new", f"{HAIYAO}宣布完成A轮融资,由远帆资本投资。", "2024-09-02"),
        (f"远帆资本 —INVESTED_IN→ {QINGHE}", "changed", f"{QINGHE}完成由远帆资本领投的B轮融资,金额2亿元。", "2024-09-02")]
    assert [(e["name"], e["watched"]) for e in result.entities] == [(HAIYAO, ["linked to the watchlist 与关注对象相关"])]
    assert quiet.links == [] and quiet.entities == []


def test_a_rejected_link_is_no_news_and_the_files_carry_the_evidence(two_ingests, tmp_path):
    corpus_path, since = two_ingests
    with Corpus(corpus_path) as corpus:
        curate(corpus, None, new_decision("reject-fact", {"source": ref("远帆资本"), "type": "INVESTED_IN",
                                                          "target": ref(HAIYAO)}, "a rumour"))
        result = make_digest(corpus, since)
    assert [link.target for link in result.links] == [QINGHE]
    markdown, html = to_markdown(result), to_html(result)
    assert "> 杭州青禾医疗科技有限公司完成由远帆资本领投的B轮融资" in markdown and "2024-09-02" in markdown
    assert "<blockquote>" in html and "远帆资本 —INVESTED_IN→ 杭州青禾医疗科技有限公司" in html
    with pytest.raises(CurationError, match="no watchlist 'nobody'"), Corpus(corpus_path) as corpus:
        make_digest(corpus, since, "nobody")


def test_cli_keeps_watchlists_and_writes_the_digest(two_ingests, tmp_path):
    corpus_path, since = two_ingests
    runner = CliRunner()

    def cli(*args):
        return runner.invoke(app, ["--corpus", str(corpus_path), *args])

    assert cli("watchlist", "add", "zj", "--ecosystem", "张江", "--segment", "医学影像").exit_code == 0
    assert "医学影像" in cli("watchlist", "list").stdout
    assert cli("watchlist", "add", "bad", "--ecosystem", "火星").exit_code == 1
    shown = cli("digest", "--since", since, "--watchlist", "investors", "--json", "--out", str(tmp_path / "d.html"))
    assert shown.exit_code == 0
    assert [link["target"] for link in json.loads(shown.stdout)["links"]] == [HAIYAO, QINGHE]
    assert (tmp_path / "d.html").read_text(encoding="utf-8").startswith("<!doctype html>")
    assert cli("digest", "--since", "yesterday").exit_code == 1
    assert cli("watchlist", "remove", "zj").exit_code == 0 and "zj" not in cli("watchlist", "list").stdout


def test_reextraction_is_no_news(two_ingests):
    from ecograph.graph.falkordb_store import FalkorDBStore
    from ecograph.service import rebuild

    corpus_path, since = two_ingests
    with Corpus(corpus_path) as corpus, FalkorDBStore(corpus_path.parent / "g.db") as store:
        before = make_digest(corpus, since)
        rebuild(corpus, store, reextract=True)
        assert make_digest(corpus, since) == before
