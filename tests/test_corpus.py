"""The corpus: one entity per real thing across articles, nothing merged that merely looks alike."""
from __future__ import annotations

import sqlite3

import pytest

from ecograph.errors import CorpusError
from ecograph.ingest.corpus import Corpus
from ecograph.ingest.models import Article
from ecograph.ingest.pipeline import extract


def store(corpus: Corpus, ident: str, text: str) -> None:
    corpus.store(extract(Article(ident, f"{ident}.txt", "", text, content_hash=ident)))


def entity_names(corpus: Corpus, label: str) -> list[str]:
    rows = corpus.db.execute("SELECT name FROM entities WHERE label=? ORDER BY name", (label,))
    return [r["name"] for r in rows]


@pytest.fixture
def corpus(tmp_path):
    with Corpus(tmp_path / "corpus.sqlite") as opened:
        yield opened


def test_traditional_and_simplified_mentions_are_one_park(corpus):
    store(corpus, "a", "北京康润医疗科技有限公司入驻中关村医疗器械园。")
    store(corpus, "b", "北京瑞泽生物科技有限公司進駐中關村醫療器械園。")
    assert entity_names(corpus, "Park") == ["中关村医疗器械园"]
    aliases = {r["alias"] for r in corpus.db.execute("SELECT alias FROM aliases")}
    assert "中關村醫療器械園" in aliases


def test_short_name_in_one_article_joins_the_full_name_in_another(corpus):
    store(corpus, "a", "上海澄影医疗科技有限公司入驻张江医疗器械产业基地。")
    store(corpus, "b", "澄影医疗、衡知科技等企业参加了论坛。")
    assert "上海澄影医疗科技有限公司" in entity_names(corpus, "Company")
    assert "澄影医疗" not in entity_names(corpus, "Company")
    merges = corpus.db.execute("SELECT name, reason FROM merges").fetchall()
    assert ("澄影医疗", "short form of a fuller name") in [tuple(m) for m in merges]


def test_fuller_name_seen_later_becomes_canonical_and_keeps_the_id(corpus):
    store(corpus, "a", "澄影医疗、衡知科技等企业参加了论坛。")
    [before] = corpus.db.execute("SELECT id FROM entities WHERE name='澄影医疗'").fetchall()
    store(corpus, "b", "上海澄影医疗科技有限公司入驻张江医疗器械产业基地。")
    row = corpus.db.execute("SELECT id, name FROM entities WHERE id=?", (before["id"],)).fetchone()
    assert row["name"] == "上海澄影医疗科技有限公司"


def test_names_sharing_only_a_prefix_never_merge(corpus):
    store(corpus, "a", "北京新航城控股有限公司总经理张明出席会议。")
    store(corpus, "b", "北京新航城建设实业发展有限公司承办了签约仪式。")
    names = entity_names(corpus, "Company")
    assert "北京新航城控股有限公司" in names and "北京新航城建设实业发展有限公司" in names


def test_near_duplicates_are_kept_as_suggestions(corpus):
    store(corpus, "a", "北京康润医疗科技有限公司入驻中关村医疗器械园。")
    store(corpus, "b", "北京康瑞医疗科技有限公司入驻中关村医疗器械园。")
    assert len(entity_names(corpus, "Company")) == 2
    assert corpus.counts()["suggestions"] == 1


def test_a_place_and_a_head_noun_is_a_name_of_its_own_and_kinds_do_not_mix(corpus):
    store(corpus, "a", "香港大学深圳医院与北京康润医疗科技有限公司签署合作协议。")
    store(corpus, "b", "深圳医院与北京瑞泽生物科技有限公司签署合作协议。")
    assert {"香港大学深圳医院", "深圳医院"} <= set(entity_names(corpus, "Hospital"))
    store(corpus, "c", "东久新宜主办、动脉网承办的论坛在上海举行。")
    store(corpus, "d", "东久新宜产业基金将重点投资园区内的医疗器械项目。")
    assert "东久新宜" in entity_names(corpus, "Company")
    assert "东久新宜产业基金" in entity_names(corpus, "Investor")


def test_processes_opening_the_same_new_corpus_at_once_all_succeed(tmp_path):
    """Two ingests started together on a fresh corpus: each finds the schema to create, only one
    may create it, and neither fails."""
    import threading

    path = tmp_path / "new.sqlite"
    start = threading.Barrier(6)
    errors = []

    def open_corpus():
        start.wait()
        try:
            Corpus(path).close()
        except Exception as error:  # noqa: BLE001 - the test reports whatever went wrong
            errors.append(error)

    threads = [threading.Thread(target=open_corpus) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with Corpus(path) as corpus:
        applied = [r[0] for r in corpus.db.execute("SELECT name FROM migrations")]
    assert len(applied) == len(set(applied)) > 0


def test_a_partnership_named_both_ways_round_is_one_fact_with_both_articles(corpus):
    store(corpus, "a", "四川大学华西医院与锐科医疗签署战略合作协议。")
    store(corpus, "b", "锐科医疗与四川大学华西医院签署合作协议。")
    stored = corpus.db.execute("SELECT DISTINCT source_id, target_id FROM facts WHERE type='PARTNERS_WITH'").fetchall()
    assert len(stored) == 2  # each article's fact as it was written
    partners = [f for f in corpus.graph_batch().relations if f["type"] == "PARTNERS_WITH"]
    assert len(partners) == 1
    assert partners[0]["article_ids"] == ["a", "b"]


def test_a_short_form_finds_the_fuller_name_another_connection_stored_meanwhile(tmp_path):
    """Two ingests writing one corpus take turns: each looks names up in what the other wrote."""
    with Corpus(tmp_path / "corpus.sqlite") as first, Corpus(tmp_path / "corpus.sqlite") as second:
        store(first, "a", "深圳衡知医疗科技有限公司入驻张江医疗器械产业基地。")  # `first` has looked names up
        store(second, "b", "上海澄影医疗科技有限公司入驻张江医疗器械产业基地。")
        store(first, "c", "澄影医疗、衡知医疗等企业参加了论坛。")
        store(second, "d", "北京康润医疗科技有限公司入驻中关村医疗器械园。")
        store(first, "e", "北京康瑞医疗科技有限公司入驻中关村医疗器械园。")
        names = entity_names(first, "Company")
        assert "澄影医疗" not in names and "衡知医疗" not in names
        merges = {tuple(m) for m in first.db.execute("SELECT name, reason FROM merges")}
        assert ("澄影医疗", "short form of a fuller name") in merges
        pairs = [tuple(r) for r in first.db.execute(
            "SELECT a.name, b.name FROM suggestions s JOIN entities a ON a.id = s.a_id JOIN entities b ON b.id = s.b_id")]
        assert {frozenset(pair) for pair in pairs} == {frozenset({"北京康瑞医疗科技有限公司", "北京康润医疗科技有限公司"})}


def test_a_store_that_fails_leaves_nothing_later_articles_resolve_against(corpus, monkeypatch):
    extraction = extract(Article("a", "a.txt", "", "上海澄影医疗科技有限公司入驻张江医疗器械产业基地。", content_hash="a"))
    store(corpus, "x", "深圳衡知医疗科技有限公司参加了论坛。")
    real_execute = corpus.db.execute

    class Failing:  # the disk fills up after the entities are written, before the facts
        def __getattr__(self, name):
            return getattr(corpus.db_real, name)

        def execute(self, sql, *args):
            if sql.startswith("INSERT OR REPLACE INTO facts"):
                raise sqlite3.OperationalError("database or disk is full")
            return real_execute(sql, *args)

    corpus.db_real = corpus.db
    monkeypatch.setattr(corpus, "db", Failing())
    with pytest.raises(CorpusError):
        corpus.store(extraction)
    monkeypatch.setattr(corpus, "db", corpus.db_real)
    store(corpus, "b", "澄影医疗等企业参加了论坛。")
    assert "上海澄影医疗科技有限公司" not in entity_names(corpus, "Company")
    assert "澄影医疗" in entity_names(corpus, "Company")


@pytest.mark.parametrize("first, second", [("浙江省药品监督管理局", "浙江省药监局"), ("浙江省药监局", "浙江省药品监督管理局")])
def test_a_government_body_under_its_usual_abbreviation_in_another_article_is_the_same_body(corpus, first, second):
    store(corpus, "a", f"{first}副局长王华出席会议。")
    store(corpus, "b", f"{second}将进一步提升审评审批服务水平。")
    assert entity_names(corpus, "Government") == ["浙江省药品监督管理局"]
