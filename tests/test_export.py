"""Exports: the networkx view of a store, and files other tools (and networkx) read back."""
from __future__ import annotations

import csv
import json

import networkx as nx
import pytest

from ecograph.graph.export import export, to_networkx
from ecograph.graph.loader import load

NODES, EDGES = 7, 8  # the sample batch: 5 entities + 2 articles; 3 relations + 5 mentions


@pytest.fixture
def loaded(store, sample_batch):
    load(store, sample_batch)
    return store


def test_to_networkx_holds_every_node_and_relationship(loaded):
    graph = to_networkx(loaded)

    assert (graph.number_of_nodes(), graph.number_of_edges()) == (NODES, EDGES)
    assert graph.nodes["company:2"] == {"label": "Company", "name": "方润医疗",
                                        "aliases": ["方潤醫療", "方润 \"FR\""], "region": "", "ecosystems": [],
                                        "placement": "", "duplicate_ids": [], "duplicate_scores": [],
                                        "duplicate_reasons": []}
    assert graph.nodes["a1"]["label"] == "Article"
    assert graph.edges["park:1", "region:1", "LOCATED_IN"] == {
        "type": "LOCATED_IN", "evidence": "园区位于大兴区。", "article_ids": ["a1", "a2"],
        "confidence": 0.8, "first_seen": "2024-05-01", "last_seen": "2024-06-02",
        "status": "reported"}
    assert graph.edges["company:1", "a1", "MENTIONED_IN"] == {"type": "MENTIONED_IN"}


def test_graphml_reads_back(loaded, tmp_path):
    (path,) = export(loaded, "graphml", tmp_path / "out" / "graph.graphml")

    graph = nx.read_graphml(path)

    assert (graph.number_of_nodes(), graph.number_of_edges()) == (NODES, EDGES)
    assert graph.nodes["company:2"]["aliases"] == "方潤醫療|方润 \"FR\""
    assert graph.nodes["park:1"]["label"] == "Park"


def test_gexf_reads_back_with_names_as_labels(loaded, tmp_path):
    (path,) = export(loaded, "gexf", tmp_path / "graph.gexf")

    graph = nx.read_gexf(path)

    assert (graph.number_of_nodes(), graph.number_of_edges()) == (NODES, EDGES)
    assert {k: graph.nodes["park:1"][k] for k in ("label", "kind", "aliases")} == {
        "label": "中关村医疗器械园", "kind": "Park", "aliases": "医疗器械园"}
    assert sorted(d["label"] for *_, d in graph.edges(data=True)) == [
        "FOCUSES_ON", "LOCATED_IN", *["MENTIONED_IN"] * 5, "OPERATES"]


def test_json_is_node_link_data(loaded, tmp_path):
    (path,) = export(loaded, "json", tmp_path / "graph.json")

    graph = nx.node_link_graph(json.loads(path.read_text("utf-8")), edges="edges")

    assert (graph.number_of_nodes(), graph.number_of_edges()) == (NODES, EDGES)
    assert graph.nodes["company:2"]["aliases"] == ["方潤醫療", "方润 \"FR\""]
    assert "方润医疗" in path.read_text("utf-8")  # readable, not \u-escaped


def test_csv_is_neo4j_admin_import_input(loaded, tmp_path):
    paths = export(loaded, "csv", tmp_path / "csv")

    tables = {p.name: list(csv.reader(p.open(encoding="utf-8"))) for p in paths}

    assert sorted(tables) == ["articles.csv", "nodes.csv", "relationships.csv"]
    header, *nodes = tables["nodes.csv"]
    assert header == ["id:ID", ":LABEL", "name", "aliases:string[]", "region",  # then every other property
                      "duplicate_ids:string[]", "duplicate_reasons:string[]", "duplicate_scores:string[]",
                      "ecosystems:string[]", "name_en", "nmpa", "placement", "segment_parent", "taxonomy", "tier"]
    assert ["company:2", "Company", "方润医疗", "方潤醫療;方润 \"FR\"", ""] + [""] * 10 in nodes
    assert tables["relationships.csv"][0][:6] == [
        ":START_ID", ":END_ID", ":TYPE", "evidence", "article_ids:string[]", "confidence:double"]
    assert ["park:1", "region:1", "LOCATED_IN", "园区位于大兴区。", "a1;a2", "0.8", "2024-05-01",
            "2024-06-02", "reported", ""] in tables["relationships.csv"]
    assert [len(rows) - 1 for rows in tables.values()] == [5, 2, EDGES]


def test_unknown_format_is_refused(loaded, tmp_path):
    with pytest.raises(ValueError, match="unknown export format 'xlsx'"):
        export(loaded, "xlsx", tmp_path / "graph.xlsx")


def test_a_view_exports_as_graphml_that_reads_back():
    import networkx as nx

    from ecograph.graph.export import graphml_bytes

    G = nx.MultiDiGraph()
    G.add_node("a", label="Company", name="甲测试公司", aliases=["甲公司", "甲"])
    G.add_node("b", label="Park", name="乙测试园", aliases=[])
    G.add_edge("a", "b", key="LOCATED_IN", confidence=0.9)
    back = nx.read_graphml(__import__("io").BytesIO(graphml_bytes(G)))
    assert back.nodes["a"]["name"] == "甲测试公司" and back.nodes["a"]["aliases"] == "甲公司|甲"
    assert list(back.edges()) == [("a", "b")]
