"""Curation decisions: kept in the corpus, replayed after re-extraction, rebuild and re-ingest on
both engines; undo; conflicts and vanished targets reported; export/import; the CLI.

The articles are made up for these tests (names and all)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ecograph.cli import app
from ecograph.errors import CurationError
from ecograph.ingest import curation
from ecograph.ingest.corpus import Corpus
from ecograph.ingest.curation import new_decision, ref
from ecograph.service import curate, import_decisions, ingest_paths, rebuild, undo

ARTICLES = {
    "a1.json": {"url": "https://news.example.cn/1", "title": "青禾医疗入驻云栖园", "date": "2024-03-01",
                "text": "杭州青禾医疗科技有限公司入驻云栖生物医药产业园。青禾医疗与北辰大学签署战略合作协议，共建联合实验室。"
                        "青禾医疗完成由远帆资本领投的A轮融资，金额1亿元。云栖生物医药产业园位于杭州市西湖区。"},
    "a2.json": {"url": "https://news.example.cn/2", "title": "澄明影像获投", "date": "2024-05-10",
                "text": "苏州澄明影像科技有限公司宣布完成B轮融资，由远帆资本投资。澄明影像总经理王立新表示，公司将专注医学影像设备。"},
    "a3.json": {"url": "https://news.example.cn/3", "title": "远帆创投布局", "date": "2024-07-20",
                "text": "远帆创投投资了澄明影像。青禾医疗与南湖人民医院签署战略合作协议。"},
}
QINGHE = "杭州青禾医疗科技有限公司"
CHENGMING = "苏州澄明影像科技有限公司"


def write_articles(folder: Path, changes: dict[str, str] | None = None) -> Path:
    folder.mkdir(exist_ok=True)
    for name, article in ARTICLES.items():
        text = (changes or {}).get(name, article["text"])
        (folder / name).write_text(json.dumps({**article, "text": text}, ensure_ascii=False), encoding="utf-8")
    return folder


def graph_of(store) -> tuple[dict[str, dict], dict[tuple[str, str, str], dict]]:
    """The graph as a reader sees it: nodes by name, facts by (source, type, target) names."""
    nodes = {name: {"label": label, "aliases": sorted(aliases or []), "ecosystems": list(ecosystems or [])}
             for label, name, aliases, ecosystems in store.read(
                 "MATCH (n) WHERE NOT n:Article RETURN labels(n)[0], n.name, n.aliases, n.ecosystems").rows}
    facts = {(s, t, o): {"curated": curated or "", "confidence": confidence, "evidence": evidence}
             for s, t, o, curated, confidence, evidence in store.read(
                 "MATCH (s)-[r]->(o) WHERE NOT o:Article "
                 "RETURN s.name, type(r), o.name, r.curated, r.confidence, r.evidence").rows}
    return nodes, facts


def fact(source: str, rel_type: str, target: str) -> dict:
    return {"source": ref(source), "type": rel_type, "target": ref(target)}


# (kind, payload, evidence, what the graph shows once the decision holds)
DECISIONS = {
    "merge": ("merge", {"entity": ref("远帆创投"), "into": ref("远帆资本")}, "",
              lambda n, f: "远帆创投" not in n and "远帆创投" in n["远帆资本"]["aliases"]),
    "split": ("split", {"entity": ref(QINGHE), "alias": "青禾医疗"}, "",
              lambda n, f: n.get("青禾医疗", {}).get("label") == "Company" and "青禾医疗" not in n[QINGHE]["aliases"]
              and ("青禾医疗", "PARTNERS_WITH", "南湖人民医院") in f and (QINGHE, "PARTNERS_WITH", "北辰大学") in f
              and (QINGHE, "PARTNERS_WITH", "南湖人民医院") not in f),
    "rename": ("rename", {"entity": ref("青禾医疗"), "name": "青禾医疗科技"}, "",
               lambda n, f: QINGHE not in n and QINGHE in n.get("青禾医疗科技", {}).get("aliases", [])),
    "retype": ("retype", {"entity": ref("北辰大学"), "label": "ResearchInstitute"}, "",
               lambda n, f: n["北辰大学"]["label"] == "ResearchInstitute" and (QINGHE, "PARTNERS_WITH", "北辰大学") in f),
    "reject-entity": ("reject-entity", {"entity": ref("王立新")}, "",
                      lambda n, f: "王立新" not in n and not any(k[1] == "WORKS_FOR" for k in f)),
    "reject-fact": ("reject-fact", fact("西湖区", "PART_OF", "杭州市"), "",
                    lambda n, f: ("西湖区", "PART_OF", "杭州市") not in f and "西湖区" in n),
    "confirm-fact": ("confirm-fact", fact("远帆资本", "INVESTED_IN", "青禾医疗"), "青禾医疗完成由远帆资本领投的A轮融资",
                     lambda n, f: f[("远帆资本", "INVESTED_IN", QINGHE)]["curated"] == "confirmed"
                     and f[("远帆资本", "INVESTED_IN", QINGHE)]["confidence"] == 1.0),
    "add-fact": ("add-fact", fact("澄明影像", "PARTNERS_WITH", "青禾医疗"), "澄明影像与青禾医疗签署合作协议。",
                 lambda n, f: f.get((CHENGMING, "PARTNERS_WITH", QINGHE), {}).get("evidence") == "澄明影像与青禾医疗签署合作协议。"
                 and f[(CHENGMING, "PARTNERS_WITH", QINGHE)]["curated"] == "added"),
    "set-ecosystem": ("set-ecosystem", {"entity": ref("澄明影像"), "ecosystem": "张江"}, "",
                      lambda n, f: n[CHENGMING]["ecosystems"] == ["张江"]),
}


@pytest.fixture
def corpus(tmp_path):
    with Corpus(tmp_path / "corpus.sqlite") as opened:
        yield opened


@pytest.mark.parametrize("name", list(DECISIONS))
def test_each_decision_survives_reextraction_rebuild_and_reingest(name, corpus, store, tmp_path):
    kind, payload, evidence, holds = DECISIONS[name]
    ingest_paths([write_articles(tmp_path / "articles")], corpus, store)
    assert not holds(*graph_of(store))  # the extractor alone does not make it so

    report = curate(corpus, store, new_decision(kind, payload, "checked by hand", evidence, "analyst-1"))
    assert report.issues == []
    assert holds(*graph_of(store))

    rebuilt = rebuild(corpus, store, reextract=True)
    assert holds(*graph_of(store)) and rebuilt.warnings == []

    changed = {"a2.json": ARTICLES["a2.json"]["text"] + "澄明影像位于苏州工业园区。"}
    again = ingest_paths([write_articles(tmp_path / "articles", changed)], corpus, store)
    assert again.updated == 1 and holds(*graph_of(store))


def test_an_undo_brings_the_extracted_fact_back_and_the_log_says_so(corpus, falkordb_store, tmp_path):
    ingest_paths([write_articles(tmp_path / "articles")], corpus, falkordb_store)
    rejected = curate(corpus, falkordb_store, new_decision("reject-fact", fact("西湖区", "PART_OF", "杭州市"), "trivial"))
    assert ("西湖区", "PART_OF", "杭州市") not in graph_of(falkordb_store)[1]

    taken_back = undo(corpus, falkordb_store, str(rejected.decision.number), "it is useful after all", "analyst-2")
    rebuild(corpus, falkordb_store, reextract=True)

    assert ("西湖区", "PART_OF", "杭州市") in graph_of(falkordb_store)[1]
    decisions = corpus.decisions()
    status = curation.status(decisions, corpus.graph_batch().curation)
    assert [(d.kind, d.author, status[d.uid]) for d in decisions] == [
        ("reject-fact", curation.default_author(), f"undone by #{taken_back.decision.number}"),
        ("undo", "analyst-2", "undo")]
    with pytest.raises(CurationError, match="already undone"):
        undo(corpus, falkordb_store, str(rejected.decision.number), "twice")


def test_conflicting_decisions_are_reported_and_the_later_one_holds(corpus, falkordb_store, tmp_path):
    ingest_paths([write_articles(tmp_path / "articles")], corpus, falkordb_store)
    first = curate(corpus, falkordb_store, new_decision("rename", {"entity": ref("北辰大学"), "name": "北辰理工大学"}, "a"))
    second = curate(corpus, falkordb_store, new_decision("rename", {"entity": ref("北辰大学"), "name": "北辰科技大学"}, "b"))
    assert [(i.decision.number, i.kind, i.other.number) for i in second.issues] == \
        [(first.decision.number, "conflict", second.decision.number)]
    curate(corpus, falkordb_store, new_decision("reject-entity", {"entity": ref("远帆资本")}, "not an investor here"))
    merge = curate(corpus, falkordb_store, new_decision("merge", {"entity": ref("远帆创投"), "into": ref("远帆资本")}, "c"))
    assert [(i.kind, i.problem) for i in merge.issues] == [("conflict", "远帆资本 was rejected by decision #3")]

    rebuilt = rebuild(corpus, falkordb_store, reextract=True)
    nodes = graph_of(falkordb_store)[0]
    assert "北辰科技大学" in nodes and "北辰理工大学" not in nodes and "远帆创投" in nodes
    assert sorted(rebuilt.warnings) == sorted([
        "curation #1 rename (北辰大学 → 北辰理工大学): overridden by decision #2 [conflict]",
        "curation #4 merge (远帆创投 → 远帆资本): 远帆资本 was rejected by decision #3 [conflict]"])


def test_a_decision_whose_target_is_gone_is_reported_never_dropped(corpus, falkordb_store, tmp_path):
    ingest_paths([write_articles(tmp_path / "articles")], corpus, falkordb_store)
    curate(corpus, falkordb_store, new_decision("confirm-fact", fact("青禾医疗", "PARTNERS_WITH", "南湖人民医院"), "seen"))
    curate(corpus, falkordb_store, new_decision("rename", {"entity": ref("南湖人民医院"), "name": "南湖医院"}, "short"))

    report = ingest_paths([write_articles(tmp_path / "articles", {"a3.json": "远帆创投投资了澄明影像。"})],
                          corpus, falkordb_store)

    assert report.updated == 1
    assert report.load.warnings == [
        "curation #1 confirm-fact (青禾医疗 -[PARTNERS_WITH]-> 南湖人民医院): no entity is named 南湖人民医院 [missing]",
        "curation #2 rename (南湖人民医院 → 南湖医院): no entity is named 南湖人民医院 [missing]"]
    assert len(corpus.decisions()) == 2


def test_a_decision_naming_nothing_is_refused_and_not_kept(corpus, falkordb_store, tmp_path):
    ingest_paths([write_articles(tmp_path / "articles")], corpus, falkordb_store)
    with pytest.raises(CurationError, match="no entity is named 东岳医疗; nothing recorded"):
        curate(corpus, falkordb_store, new_decision("reject-entity", {"entity": ref("东岳医疗")}, "typo"))
    with pytest.raises(CurationError, match="the fact is no longer extracted"):
        curate(corpus, falkordb_store, new_decision("reject-fact", fact("北辰大学", "INVESTED_IN", "远帆资本"), "x"))
    with pytest.raises(CurationError, match="unknown label"):
        new_decision("retype", {"entity": ref("北辰大学"), "label": "Castle"}, "x")
    with pytest.raises(CurationError, match="evidence sentence"):
        new_decision("add-fact", fact("北辰大学", "PARTNERS_WITH", "远帆资本"), "x")
    assert corpus.decisions() == []


def test_decisions_exported_and_imported_give_another_corpus_the_same_graph(corpus, falkordb_store, tmp_path):
    from ecograph.graph.falkordb_store import FalkorDBStore

    folder = write_articles(tmp_path / "articles")
    ingest_paths([folder], corpus, falkordb_store)
    for kind, payload, evidence, _ in DECISIONS.values():
        if kind not in ("rename", "split"):  # these two name 青禾 differently; the rest are independent
            curate(corpus, falkordb_store, new_decision(kind, payload, "team review", evidence))
    shared = tmp_path / "decisions.jsonl"
    shared.write_text("".join(d.to_json() + "\n" for d in corpus.decisions()) + "{not json\n", encoding="utf-8")

    with Corpus(tmp_path / "other.sqlite") as other, FalkorDBStore(tmp_path / "other.db") as other_store:
        ingest_paths([folder], other, other_store)
        report = import_decisions(other, other_store, shared)
        assert (report.added, report.present) == (7, 0)
        assert [p.line() for p in report.problems] == [
            f"{shared}: line 8: not JSON (Expecting property name enclosed in double quotes) [E204]"]
        assert graph_of(other_store) == graph_of(falkordb_store)
        again = import_decisions(other, other_store, shared)
        assert (again.added, again.present) == (0, 7)


runner = CliRunner()


def cli(tmp_path: Path, *args: str):
    return runner.invoke(app, ["--corpus", str(tmp_path / "c.sqlite"), "--graph", f"falkordb://{tmp_path / 'g.db'}",
                               *args])


def test_cli_records_logs_exports_and_undoes_decisions(tmp_path):
    assert cli(tmp_path, "ingest", str(write_articles(tmp_path / "articles"))).exit_code == 0
    merged = cli(tmp_path, "curate", "merge", "远帆创投", "远帆资本", "--why", "same firm", "--by", "li")
    assert merged.exit_code == 0 and "decision #1 recorded: merge 远帆创投 → 远帆资本" in merged.stdout
    missing = cli(tmp_path, "curate", "retype", "东岳医疗", "Investor", "--why", "x")
    assert missing.exit_code == 1 and "no entity is named 东岳医疗; nothing recorded [E204]" in missing.stderr
    assert cli(tmp_path, "curate", "set-ecosystem", "澄明影像", "none", "--why", "unknown").exit_code == 0
    assert cli(tmp_path, "curate", "undo", "1", "--why", "not the same").exit_code == 0

    log = [json.loads(line) for line in cli(tmp_path, "curation", "log", "--json").stdout.splitlines()]
    assert [(e["number"], e["kind"], e["author"], e["status"]) for e in log] == [
        (1, "merge", "li", "undone by #3"), (2, "set-ecosystem", curation.default_author(), "applied"),
        (3, "undo", curation.default_author(), "undo")]
    exported = cli(tmp_path, "curation", "export", str(tmp_path / "out.jsonl"))
    assert exported.exit_code == 0
    assert [json.loads(line)["uid"] for line in (tmp_path / "out.jsonl").read_text().splitlines()] == \
        [e["uid"] for e in log]
    stats = json.loads(cli(tmp_path, "stats", "--json").stdout)
    assert stats["nodes"]["Investor"] == 2  # the merge is undone: 远帆创投 is its own entity again
