"""Partner scouting (graph/scouting.py) on a small invented graph: groups, scores from facts, ties."""
from __future__ import annotations

import networkx as nx
import pytest

from ecograph.graph import scouting
from ecograph.ingest.taxonomy import load_taxonomy


@pytest.fixture
def G() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    nodes = [
        ("seg", "Segment", "甲诊断", "", "ivd"), ("sub", "Segment", "乙检测", "", "poct"),
        ("up", "Segment", "丙部件", "", "components"), ("other", "Segment", "丁影像", "", "imaging"),
        ("r1", "Company", "一号诊断公司", "南山", ""), ("r2", "Company", "二号检测公司", "张江", ""),
        ("i1", "Investor", "甲资本", "南山", ""), ("i2", "Investor", "乙创投", "", ""),
        ("i3", "Investor", "丙基金", "南山", ""),
        ("h1", "Hospital", "某市测试医院", "南山", ""), ("p1", "Platform", "某孵化平台", "南山", ""),
        ("k1", "Park", "某科技园", "", ""), ("s1", "Company", "某部件公司", "南山", ""),
        ("x", "Company", "某影像公司", "南山", ""),
    ]
    for n, label, name, region, taxonomy in nodes:
        G.add_node(n, label=label, name=name, region=region, ecosystems=[region] if region else [],
                   taxonomy=taxonomy, tier="")
    for u, v, key, extra in [
        ("r1", "seg", "FOCUSES_ON", {}), ("r2", "sub", "FOCUSES_ON", {}), ("x", "other", "FOCUSES_ON", {}),
        ("i1", "r1", "INVESTED_IN", {"round": "A+"}), ("i2", "r2", "INVESTED_IN", {"round": "B"}),
        ("i3", "x", "INVESTED_IN", {"round": "A"}),  # a deal outside the segment: no reason
        ("h1", "r1", "PARTNERS_WITH", {}), ("p1", "r2", "INCUBATES", {}), ("r1", "k1", "LOCATED_IN", {}),
        ("s1", "up", "FOCUSES_ON", {}), ("s1", "r2", "SUPPLIES", {}),
    ]:
        G.add_edge(u, v, key=key, type=key, **extra)
    return G


def _scout(G, **options):
    taxonomy = load_taxonomy()
    segments = scouting.segment_ids(G, taxonomy.descendants(taxonomy.find("IVD").id))
    upstream = scouting.segment_ids(G, {"components"})
    return scouting.scout(G, segments, upstream=upstream, **options)


def test_complements_come_in_groups_apart_from_rivals(G):
    found = _scout(G, ecosystem="南山")
    ids = {group: [c.id for c in cands] for group, cands in found.items()}
    assert ids["investor"] == ["i1", "i2"]  # i3 invested outside the segment
    assert ids["hospital"] == ["h1"] and ids["platform"] == ["p1", "k1"] and ids["supplier"] == ["s1"]
    assert ids["rival"] == ["r1", "r2"]  # a narrower segment (POCT under IVD) counts too
    assert not set(ids["rival"]) & {c for group in scouting.COMPLEMENT_GROUPS for c in ids[group]}


def test_every_point_is_a_reason_naming_its_facts(G):
    i1 = _scout(G, ecosystem="南山", stage="A")["investor"][0]
    assert i1.score == 2.0  # the deal (1) + its stage (0.5) + the ecosystem (0.5)
    assert [r.en for r in i1.reasons] == ["invested in 一号诊断公司, in the segment",
                                          "that deal was Series A (A+)", "also in Nanshan"]
    assert i1.reasons[0].zh == "投资了同领域的一号诊断公司"
    assert i1.facts == [("i1", "r1", "INVESTED_IN")]
    supplier = _scout(G)["supplier"][0]
    assert {f[2] for f in supplier.facts} == {"SUPPLIES", "FOCUSES_ON"}


def test_the_startup_in_the_graph_is_left_out_with_what_it_is_linked_to(G):
    G.add_node("me", label="Company", name="我的初创公司", region="南山", ecosystems=["南山"], taxonomy="", tier="")
    G.add_edge("me", "seg", key="FOCUSES_ON", type="FOCUSES_ON")
    G.add_edge("h1", "me", key="PARTNERS_WITH", type="PARTNERS_WITH")
    found = _scout(G, entity="me")
    everyone = {c.id for cands in found.values() for c in cands}
    assert "me" not in everyone and "h1" not in everyone and "r1" in everyone


def test_ties_are_broken_by_facts_then_name(G):
    found = _scout(G)  # no ecosystem: i1 and i2 have one deal each
    assert [c.score for c in found["investor"]] == [1.0, 1.0]
    assert [c.id for c in found["investor"]] == ["i2", "i1"]  # equal: by name (乙 sorts before 甲)
    assert sorted(found["investor"], key=lambda c: (-c.score, -len(c.facts), G.nodes[c.id]["name"])) == found["investor"]


@pytest.mark.parametrize("text", ["体外诊断", "IVD", "In-vitro diagnostics", "tiwaizhenduan"])
def test_a_segment_is_found_by_chinese_english_or_pinyin(text):
    assert load_taxonomy().find(text).id == "ivd"


@pytest.mark.parametrize("round_text, stage", [("A+", "A"), ("天使轮", "seed"), ("Pre-A", "seed"), ("B", "B"),
                                               ("C", "growth"), ("战略投资", "growth"), ("", None)])
def test_rounds_belong_to_stages(round_text, stage):
    assert scouting.round_stage(round_text) == stage
