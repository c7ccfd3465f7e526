"""The industrial-chain taxonomy (ingest/taxonomy.py) and what the corpus does with it: segments
mapped onto one node per synonym group, catch-alls marked, the unmapped listed; brand names merged
into legal names; deals carried to the graph on both engines."""
from __future__ import annotations

import pytest
from test_placement import extraction

from ecograph.graph.loader import GraphBatch, load
from ecograph.graph.queries import run
from ecograph.ingest.corpus import Corpus
from ecograph.ingest.models import Relation
from ecograph.ingest.taxonomy import NMPA_CODES, TIERS, UNMAPPED, load_taxonomy, map_segment


def test_the_taxonomy_covers_every_nmpa_category_and_ivd():
    taxonomy = load_taxonomy()
    assert {code for node in taxonomy.nodes.values() for code in node.nmpa} == NMPA_CODES
    assert {node.tier for node in taxonomy.nodes.values()} == set(TIERS)
    assert all(node.name_zh and node.name_en for node in taxonomy.nodes.values())


@pytest.mark.parametrize("names", [("心血管", "心血管介入", "血管介入", "外周血管介入"),
                                   ("医学影像", "高端医学影像", "医学影像高端设备", "高端影像"),
                                   ("体外诊断", "IVD", "诊断试剂", "体外诊断试剂"),
                                   ("CDMO", "CMO")])
def test_synonyms_collapse_onto_one_node(names):
    assert len({map_segment(name).node.id for name in names}) == 1


@pytest.mark.parametrize("name", ["医疗器械", "大健康", "生物医药", "生命健康", "医药健康"])
def test_catch_alls_are_marked(name):
    assert map_segment(name).node.catch_all


def test_tiers_of_the_chain():
    assert map_segment("生物材料").node.tier == "upstream"
    assert map_segment("CRO").node.tier == "upstream"
    assert map_segment("一次性电子内窥镜").node.name_zh == "内窥镜"  # modifiers taken off
    assert map_segment("一次性电子内窥镜").node.tier == "midstream"
    assert map_segment("医疗器械流通").node.tier == "downstream"
    assert map_segment("火箭网络").how == UNMAPPED


def test_the_corpus_merges_synonym_segments_and_lists_the_unmapped(tmp_path, falkordb_store):
    with Corpus(tmp_path / "corpus.sqlite") as corpus:
        corpus.store(extraction("a1", [("甲乙医疗", "Company"), ("心血管", "Segment"), ("血管介入", "Segment"),
                                       ("医疗器械", "Segment"), ("星际导航", "Segment")],
                                [("甲乙医疗", "FOCUSES_ON", "心血管", "甲乙医疗专注心血管。"),
                                 ("甲乙医疗", "FOCUSES_ON", "血管介入", "甲乙医疗主攻血管介入。"),
                                 ("甲乙医疗", "FOCUSES_ON", "医疗器械", "甲乙医疗是医疗器械企业。"),
                                 ("甲乙医疗", "FOCUSES_ON", "星际导航", "甲乙医疗涉足星际导航。")]))
        rows = corpus.graph_batch()
    load(falkordb_store, GraphBatch(rows.articles, rows.nodes, rows.relations, rows.mentions))

    segments = {n["name"]: n for n in rows.nodes if n["label"] == "Segment"}
    assert {name: (n["tier"], sorted(n["aliases"])) for name, n in segments.items()} == {
        "心血管介入": ("midstream", ["心血管", "血管介入"]), "医疗器械": ("catch-all", []),
        "星际导航": ("", [])}
    focus = [r for r in rows.relations if r["type"] == "FOCUSES_ON"]
    assert len(focus) == 3  # two facts to one segment are one link
    assert [r["segment"] for r in run(falkordb_store, "dq_unmapped_segments", {}).records()] == ["星际导航"]
    chain = run(falkordb_store, "chain_map", {"ecosystems": [""], "labels": ["Company"]}).records()
    assert chain == []  # 甲乙医疗 is placed nowhere: the chain map counts placed players only


def test_a_brand_name_merges_into_the_one_legal_name_of_that_brand(tmp_path):
    with Corpus(tmp_path / "corpus.sqlite") as corpus:
        corpus.store(extraction("a1", [("深圳朗驰生物医疗电子股份有限公司", "Company")], []))
        corpus.store(extraction("a2", [("朗驰医疗", "Company"), ("上海朗驰", "Company")], []))
        corpus.store(extraction("a3", [("北京星衡医疗科技有限公司", "Company"), ("上海星衡生物科技有限公司", "Company"),
                                       ("星衡科技", "Company")], []))
        nodes = {n["name"]: n for n in corpus.graph_batch().nodes}
    lang = nodes["深圳朗驰生物医疗电子股份有限公司"]
    assert "朗驰医疗" in lang["aliases"] and "朗驰医疗" not in nodes
    assert "上海朗驰" in nodes  # another city's 朗驰
    # two legal names share the brand 星衡: the brand name stays apart, and the pairs are flagged
    assert {"北京星衡医疗科技有限公司", "上海星衡生物科技有限公司", "星衡科技"} <= set(nodes)
    flagged = dict(zip(nodes["星衡科技"]["duplicate_ids"], nodes["星衡科技"]["duplicate_scores"]))
    assert flagged == {nodes["北京星衡医疗科技有限公司"]["id"]: 0.9, nodes["上海星衡生物科技有限公司"]["id"]: 0.9}


def test_possible_duplicates_are_scored(falkordb_store):
    nodes = [
        {"id": "company:1", "label": "Company", "name": "森瑞斯生物科技(深圳)有限公司", "aliases": [], "region": "南山"},
        {"id": "company:2", "label": "Company", "name": "森瑞斯生物科技（深圳）", "aliases": [], "region": ""},
        {"id": "company:3", "label": "Company", "name": "星衡医疗", "aliases": [], "region": "",
         "duplicate_ids": ["company:4"], "duplicate_scores": [0.9], "duplicate_reasons": ["same brand 同一字号"]},
        {"id": "company:4", "label": "Company", "name": "北京星衡医疗科技有限公司", "aliases": [], "region": "",
         "duplicate_ids": ["company:3"], "duplicate_scores": [0.9], "duplicate_reasons": ["same brand 同一字号"]},
    ]
    load(falkordb_store, GraphBatch(nodes=nodes))
    found = sorted((r["score"], sorted(r["names"])) for r in run(falkordb_store, "dq_possible_duplicates", {}).records())
    assert found == [(0.9, ["北京星衡医疗科技有限公司", "星衡医疗"]),
                     (1.0, ["森瑞斯生物科技(深圳)有限公司", "森瑞斯生物科技（深圳）"])]
    assert [r["score"] for r in run(falkordb_store, "dq_possible_duplicates", {"min_score": 0.95}).records()] == [1.0]


def test_funding_deals_reach_the_graph_on_every_engine(tmp_path, store):
    evidence = "朗驰医疗完成1.2亿元B轮融资，由甲子资本领投，乙丑创投跟投。"
    with Corpus(tmp_path / "corpus.sqlite") as corpus:
        found = extraction("a1", [("甲子资本", "Investor"), ("乙丑创投", "Investor"), ("朗驰医疗", "Company"),
                                  ("南山区", "Region")],
                           [("朗驰医疗", "LOCATED_IN", "南山区", "朗驰医疗位于南山区。")])
        for investor, role in (("甲子资本", "lead"), ("乙丑创投", "follow")):
            found.relations.append(Relation(investor, "INVESTED_IN", "朗驰医疗", evidence, 0.8, round="B",
                                            amount=120000000, currency="CNY", amount_text="1.2亿元", role=role))
        corpus.store(found)
        rows = corpus.graph_batch()
    load(store, GraphBatch(rows.articles, rows.nodes, rows.relations, rows.mentions))

    deals = run(store, "funding", {"ecosystem": "南山"}).records()
    assert [(d["investor"], d["round"], d["amount"], d["currency"], d["role"], d["date"]) for d in deals] == [
        ("乙丑创投", "B", 120000000, "CNY", "follow", "2024-05-01"),
        ("甲子资本", "B", 120000000, "CNY", "lead", "2024-05-01")]
    assert run(store, "funding", {"round": "A"}).records() == []
