"""graph/analytics.py on small literal graphs (plus its doctests)."""
from __future__ import annotations

import doctest

import networkx as nx
import pytest

from ecograph.graph import analytics
from ecograph.graph.analytics import graph_from_records

NODES = [
    {"id": "c1", "label": "Company", "name": "甲医疗", "region": "张江"},
    {"id": "c2", "label": "Company", "name": "乙生物", "region": "张江"},
    {"id": "c3", "label": "Company", "name": "丙CRO", "region": "南山"},
    {"id": "h1", "label": "Hospital", "name": "丁医院", "region": "张江"},
    {"id": "i1", "label": "Investor", "name": "戊资本", "region": "南山"},
    {"id": "a1", "label": "Alliance", "name": "器械联盟", "region": ""},
    {"id": "e1", "label": "Event", "name": "产业峰会", "region": ""},
    {"id": "s1", "label": "Segment", "name": "体外诊断", "region": ""},
    {"id": "s2", "label": "Segment", "name": "CRO", "region": ""},
    {"id": "r1", "label": "Region", "name": "上海市", "region": ""},
]
EDGES = [
    {"source": "c1", "target": "s1", "type": "FOCUSES_ON", "confidence": 0.8},
    {"source": "c2", "target": "s1", "type": "FOCUSES_ON", "confidence": 0.8},
    {"source": "c3", "target": "s2", "type": "FOCUSES_ON", "confidence": 0.8},
    {"source": "c1", "target": "a1", "type": "MEMBER_OF", "confidence": 0.7},
    {"source": "c3", "target": "a1", "type": "MEMBER_OF", "confidence": 0.7},
    {"source": "c1", "target": "e1", "type": "PARTICIPATED_IN", "confidence": 0.6},
    {"source": "i1", "target": "e1", "type": "ORGANIZED", "confidence": 0.6},
    {"source": "i1", "target": "c2", "type": "INVESTED_IN", "confidence": 0.9},
    {"source": "c1", "target": "r1", "type": "LOCATED_IN", "confidence": 0.9},
    {"source": "h1", "target": "r1", "type": "LOCATED_IN", "confidence": 0.9},
]


@pytest.fixture
def G() -> nx.MultiDiGraph:
    return graph_from_records(NODES, EDGES)


def test_doctests():
    assert doctest.testmod(analytics).failed == 0


def test_shortest_paths_avoid_places_and_are_deterministic(G):
    assert analytics.shortest_paths(G, "c1", "h1") == [["c1", "r1", "h1"]]
    assert analytics.shortest_paths(G, "c1", "h1", avoid_labels={"Region"}) == []
    assert analytics.shortest_paths(G, "c1", "c2", k=5, avoid_labels={"Region"}) == [
        ["c1", "s1", "c2"], ["c1", "e1", "i1", "c2"]]
    assert analytics.shortest_paths(G, "c1", "nope") == []
    assert G.number_of_edges() == len(EDGES)  # not mutated


def test_collaboration_graph_links_co_attendees(G):
    H = analytics.collaboration_graph(G)
    assert {(frozenset((u, v)), tuple(d["kinds"])) for u, v, d in H.edges(data=True)} == {
        (frozenset(("c1", "a1")), ("MEMBER_OF",)), (frozenset(("c1", "i1")), ("CO_ATTENDED",)),
        (frozenset(("c3", "a1")), ("MEMBER_OF",)), (frozenset(("i1", "c2")), ("INVESTED_IN",))}
    assert H["c1"]["i1"]["events"] == ["e1"]
    assert "e1" not in H  # the event is the reason, not a node


def test_communities_brokers_and_cross_links(G):
    H = analytics.collaboration_graph(G)
    groups = analytics.communities(H, seed=1)
    assert groups == [{"a1", "c1", "c3"}, {"c2", "i1"}]
    assert analytics.brokers(H, groups, top=3, seed=1) == [
        ("c1", 0.6667, ["links 2 communities: #1, #2", "2 partners"]),
        ("a1", 0.5, ["central inside its community", "2 partners"]),
        ("i1", 0.5, ["links 2 communities: #1, #2", "2 partners"]),
    ]
    assert analytics.cross_ecosystem_links(G) == [("i1", "c2", 0.9, ["INVESTED_IN", "南山 ↔ 张江"])]
    assert analytics.cross_ecosystem_links(G, types={"PARTNERS_WITH"}) == []


def test_partner_candidates_rank_with_reasons(G):
    assert analytics.partner_candidates(G, "c1") == [
        ("c1", "c2", 1.5, ["both focus on 体外诊断", "also in 张江"]),
        ("c1", "h1", 1.25, ["also in 张江", "a hospital: clinical trials and first users"]),
        ("c1", "c3", 1.25, ["1 shared link(s): 器械联盟", "a service provider (CRO/CDMO, testing, supply)"]),
        ("c1", "i1", 1.25, ["1 shared link(s): 产业峰会", "an investor: funding"]),
    ]
    assert [v for _, v, *_ in analytics.partner_candidates(G, "c1", labels=["Hospital"])] == ["h1"]
    assert [v for _, v, *_ in analytics.partner_candidates(G, "c1", ecosystem="南山")] == ["c3", "i1"]
    assert [v for _, v, *_ in analytics.partner_candidates(G, "c1", segment="s1")] == ["c2"]
    assert analytics.partner_candidates(G, "missing") == []


def test_shortest_paths_can_keep_clear_of_hubs():
    # a hub linked to everyone, and a longer chain that says more
    G = nx.MultiDiGraph()
    for n in ["a", "b", "hub", "x", "y", "z1", "z2", "z3"]:
        G.add_node(n, label="Company", name=n)
    for u, v in [("a", "hub"), ("hub", "b"), ("hub", "z1"), ("hub", "z2"), ("hub", "z3"),
                 ("a", "x"), ("x", "y"), ("y", "b")]:
        G.add_edge(u, v, key="PARTNERS_WITH")
    assert analytics.shortest_paths(G, "a", "b", k=1) == [["a", "hub", "b"]]
    assert analytics.shortest_paths(G, "a", "b", k=1, max_degree=4) == [["a", "x", "y", "b"]]
    assert analytics.shortest_paths(G, "hub", "y", k=1, max_degree=2) == [["hub", "b", "y"]]  # an end may be a hub
