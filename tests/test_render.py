"""ui/render.py: pure shaping, selection, layout and pyvis HTML on a small literal graph."""
from __future__ import annotations

import networkx as nx
import pytest

from ecograph.graph.analytics import graph_from_records
from ecograph.ui import render

NODES = [
    {"id": "p1", "label": "Park", "name": "张江医疗器械产业基地", "region": "张江"},
    {"id": "p2", "label": "Park", "name": "中关村医疗器械园", "region": "中关村"},
    {"id": "c1", "label": "Company", "name": "微创医疗", "region": "张江"},
    {"id": "s1", "label": "Segment", "name": "体外诊断", "region": ""},
    {"id": "g1", "label": "Government", "name": "国家药监局", "region": ""},
]
EDGES = [
    {"source": "p1", "target": "s1", "type": "FOCUSES_ON", "confidence": 0.8,
     "first_seen": "2021-12-31", "last_seen": "2021-12-31"},
    {"source": "p2", "target": "s1", "type": "FOCUSES_ON", "confidence": 0.8,
     "first_seen": "2019-12-24", "last_seen": "2019-12-24"},
    {"source": "c1", "target": "p1", "type": "LOCATED_IN", "confidence": 0.5},
    {"source": "c1", "target": "p2", "type": "PARTNERS_WITH", "confidence": 0.6,
     "first_seen": "2020-05-01", "last_seen": "2020-05-01"},
]


@pytest.fixture
def G() -> nx.MultiDiGraph:
    return graph_from_records(NODES, EDGES)


def test_filter_by_ecosystem_keeps_unplaced_neighbours_but_not_other_ecosystems(G):
    H = render.filter_graph(G, ecosystems=["张江"])
    assert sorted(H.nodes) == ["c1", "p1", "s1"]
    assert sorted(H.edges(keys=True)) == [("c1", "p1", "LOCATED_IN"), ("p1", "s1", "FOCUSES_ON")]
    assert sorted(render.filter_graph(G, ecosystems=["张江"], include_unplaced=False).nodes) == ["c1", "p1"]
    assert G.number_of_nodes() == 5  # G itself is untouched


def test_filter_by_type_confidence_dates_and_labels(G):
    assert sorted(render.filter_graph(G, rel_types=["FOCUSES_ON"]).nodes) == ["p1", "p2", "s1"]
    assert sorted(render.filter_graph(G, min_confidence=0.7).edges()) == [("p1", "s1"), ("p2", "s1")]
    dated = render.filter_graph(G, date_range=("2021-01-01", "2021-12-31"), include_undated=False)
    assert sorted(dated.edges()) == [("p1", "s1")]
    undated_kept = render.filter_graph(G, date_range=("2021-01-01", "2021-12-31"))
    assert sorted(undated_kept.edges()) == [("c1", "p1"), ("p1", "s1")]
    assert sorted(render.filter_graph(G, labels=["Park", "Segment"]).nodes) == ["p1", "p2", "s1"]
    assert sorted(render.filter_graph(G, hide_isolated=False).nodes) == ["c1", "g1", "p1", "p2", "s1"]


def test_search_by_pinyin_focuses_on_matches_and_neighbours(G):
    keys = {n: render.search_keys(d["name"], d["aliases"]) for n, d in G.nodes(data=True)}
    assert render.matching_ids(keys, "Zhang Jiang") == {"p1"}
    assert render.matching_ids(keys, "wcyl") == {"c1"}
    assert render.matching_ids(keys, "体外") == {"s1"}
    assert render.matching_ids(keys, "  ") == set()
    H = render.filter_graph(G, focus={"s1"})
    assert sorted(H.nodes) == ["p1", "p2", "s1"]


def test_cut_to_budget_keeps_most_connected_and_searched(G):
    assert render.cut_to_budget(G, 10) is G
    cut = render.cut_to_budget(G, 2)
    assert sorted(cut.nodes) == ["p2", "s1"]  # all have 2 links: ties go by name (中…, 体…)
    assert "g1" in render.cut_to_budget(G, 2, keep={"g1"})
    shown, total_nodes, total_edges = render.map_subgraph(G, 2)
    assert (sorted(shown.nodes), total_nodes, total_edges) == (["p2", "s1"], 4, 4)
    assert sorted(shown.edges(keys=True)) == [("p2", "s1", "FOCUSES_ON")]
    shown, *_ = render.map_subgraph(G, 2, focus={"c1"})
    assert "c1" in shown


def test_layout_is_stable_and_spread(G):
    first, second = render.layout(G, seed=3), render.layout(G, seed=3)
    assert first == second
    assert set(first) == set(G.nodes)
    assert len({position for position in first.values()}) == 5
    assert render.layout(nx.MultiDiGraph()) == {}


def test_network_html_is_self_contained_with_legend_and_fixed_positions(G):
    page = render.network_html(G, render.layout(G), highlight={"p1"})
    assert "cdn.jsdelivr" not in page and "cdnjs" not in page  # works offline
    assert 'id="legend"' in page and "Park 园区" in page and "Segment 细分领域" in page
    assert '"physics": false' in page or '"enabled": false' in page
    assert "张江医疗器械产业基地" in page and '"x":' in page
    assert "profile?id=" in page


def test_script_json_cannot_close_the_script_tag():
    assert "</script>" not in render._json_for_script({"name": "</script><img>"})


def test_counts_table_and_labels():
    table = render.counts_table({"Park": 3, "Company": 5, "Hospital": 0}, "label")
    assert table.to_dict("records") == [
        {"label": "Company", "meaning": "企业", "count": 5},
        {"label": "Park", "meaning": "园区", "count": 3},
        {"label": "Hospital", "meaning": "医院", "count": 0},
    ]
    assert render.ecosystem_title("张江") == "Zhangjiang 张江"
    assert render.label_title("Segment") == "Segment 细分领域"


def test_ecosystem_comparison(G):
    table = render.ecosystem_comparison(G)
    assert table.loc["Parks 园区", "Zhangjiang 张江"] == "1"
    assert table.loc["Companies 企业", "Zhangjiang 张江"] == "1"
    assert table.loc["Top segments", "Zhangjiang 张江"] == "体外诊断 (1)"
    assert table.loc["Facts inside", "Zhangjiang 张江"] == "1"
    assert table.loc["Entities", "Nanshan 南山"] == "0"


def test_group_links_and_evidence():
    links = [
        {"type": "PARTNERS_WITH", "outgoing": True, "other_id": "x", "other": "甲", "other_label": "Company",
         "evidence": "双方签约。", "confidence": 0.6, "article_ids": ["a1"]},
        {"type": "LOCATED_IN", "outgoing": False, "other_id": "y", "other": "乙", "other_label": "Company",
         "evidence": "乙入驻园区。", "confidence": 0.9, "article_ids": ["a1", "missing"]},
    ]
    grouped = render.group_links(links, {"a1": {"id": "a1", "title": "标题", "date": "2024-01-01", "url": ""}})
    assert list(grouped) == ["LOCATED_IN", "PARTNERS_WITH"]
    assert grouped["LOCATED_IN"][0]["arrow"] == "←" and grouped["PARTNERS_WITH"][0]["arrow"] == "↔"
    assert [a["id"] for a in grouped["LOCATED_IN"][0]["articles"]] == ["a1"]
    assert render.evidence_markdown("A*B 入驻。", ["A*B"]) == "**A\\*B** 入驻。"
    assert render.article_citation({"title": "T", "date": "", "url": "http://x/y (1)"}) == \
        "*T*, undated, [source](http://x/y%20%281%29)"


def test_doctests():
    import doctest

    assert doctest.testmod(render).failed == 0


def test_path_steps_give_direction_and_evidence():
    links = [{"source": "b", "source_name": "乙", "target": "a", "target_name": "甲", "type": "FOUNDED",
              "evidence": "乙发起成立甲。", "confidence": 0.8, "article_ids": ["x"]},
             {"source": "b", "source_name": "乙", "target": "c", "target_name": "丙", "type": "PARTNERS_WITH",
              "evidence": "乙与丙合作。", "confidence": 0.6, "article_ids": []}]
    steps = render.path_steps([["a", "b", "c"]], links, {"x": {"title": "T", "date": "2024-01-01"}})
    assert [(s["from"], s["relation"], s["to"]) for s in steps[0]] == [
        ("甲", "←FOUNDED—", "乙"), ("乙", "—PARTNERS_WITH—", "丙")]
    assert steps[0][0]["facts"][0]["articles"] == [{"title": "T", "date": "2024-01-01"}]


def test_console_result_shaping():
    node = {"_id": 1, "_labels": ["Park"], "id": "p1", "name": "园"}
    other = {"_id": 2, "_labels": ["Segment"], "id": "s1", "name": "体外诊断"}
    rel = {"_type": "FOCUSES_ON", "_start": 1, "_end": 2, "confidence": 0.8}
    frame = render.result_frame(["p", "r", "s", "n"], [[node, rel, other, 3]])
    assert frame.to_dict("records") == [{"p": "园 (Park)", "r": ":FOCUSES_ON", "s": "体外诊断 (Segment)", "n": 3}]
    H = render.result_graph([[{"nodes": [node, other], "relationships": [rel]}]])
    assert sorted(H.edges(keys=True)) == [("p1", "s1", "FOCUSES_ON")]
    assert render.result_graph([[1, "x"]]).number_of_nodes() == 0
    assert render.frame_csv(frame).startswith("\ufeffp,r,s,n".encode("utf-8"))


def test_collaboration_drawing_routes_co_attendance_through_events():
    from ecograph.graph.analytics import collaboration_graph

    G = graph_from_records(
        [{"id": n, "label": l, "name": n} for n, l in
         [("a", "Company"), ("b", "Company"), ("c", "Hospital"), ("e", "Event")]],
        [{"source": "a", "target": "e", "type": "PARTICIPATED_IN"},
         {"source": "b", "target": "e", "type": "PARTICIPATED_IN"},
         {"source": "c", "target": "e", "type": "ORGANIZED"},
         {"source": "a", "target": "b", "type": "PARTNERS_WITH"}])
    M = render.collaboration_drawing(G, collaboration_graph(G))
    assert sorted(M.edges(keys=True)) == [("a", "b", "PARTNERS_WITH"), ("a", "e", "PARTICIPATED_IN"),
                                          ("b", "e", "PARTICIPATED_IN"), ("c", "e", "ORGANIZED")]


@pytest.mark.parametrize("url", ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<script>alert(1)</script>",
                                 "file:///etc/passwd", "vbscript:x", "java\tscript:alert(1)", "//evil.example/x", ""])
def test_only_web_addresses_become_links(url):
    article = {"title": "标题", "date": "2024-01-01", "url": url, "source": "a/b.txt"}
    assert render.link_url(url) == ""
    assert render.articles_table([article])["link"].tolist() == [""]
    citation = render.article_citation(article)
    assert "](" not in citation  # no markdown link
    assert citation.startswith("*标题*, 2024-01-01, ")


def test_a_web_address_is_a_link():
    article = {"title": "标题", "date": "", "url": "https://example.cn/a b(1)"}
    assert render.article_citation(article) == "*标题*, undated, [source](https://example.cn/a%20b%281%29)"


def test_an_article_read_from_a_file_links_to_its_stored_text():
    article = {"id": "article:ab12", "title": "标题", "date": "2024-01-01", "url": "", "source": "in/某文.txt"}
    assert render.article_citation(article, "zh") == \
        "*标题*, 2024-01-01, 某文\\.txt, [原文](article?id=article%3Aab12&lang=zh)"
    assert "[stored text](article?id=article%3Aab12&lang=en)" in render.article_citation(article, "en")
    with_url = {**article, "url": "https://example.cn/a"}
    assert "stored text" not in render.article_citation(with_url) and "[source](https://example.cn/a)" in render.article_citation(with_url)


def test_the_chain_map_speaks_one_language_at_a_time():
    rows = [{"segment_id": "s1", "segment": "体外诊断", "segment_en": "In-vitro diagnostics", "tier": "midstream",
             "nmpa": "IVD", "ecosystem": "张江", "count": 2, "players": ["甲", "乙"]},
            {"segment_id": "s2", "segment": "骨科耗材", "segment_en": "", "tier": "upstream", "nmpa": "",
             "ecosystem": "南山", "count": 1, "players": ["丙"]}]
    grid = render.chain_grid(rows, ("张江", "南山"))
    pictures = {lang: render.chain_figure(grid, lang) for lang in ("zh", "en")}
    zh, en = (pictures[lang].data[0] for lang in ("zh", "en"))
    assert [x.replace("<br>", "") for x in zh.x] == ["骨科耗材", "骨科耗材", "体外诊断", "体外诊断"]
    assert [x.replace("<br>", " ") for x in en.x] == ["骨科耗材", "骨科耗材", "In-vitro diagnostics", "In-vitro diagnostics"]
    assert list(zh.y) == ["张江", "南山"] * 2 and list(en.y) == ["Zhangjiang", "Nanshan"] * 2
    assert list(zh.text) == ["缺失", "1", "2", "缺失"] and list(en.text) == ["missing", "1", "2", "missing"]
    assert [a.text for a in pictures["zh"].layout.annotations] == ["上游", "中游"]
    assert [a.text for a in pictures["en"].layout.annotations] == ["Upstream", "Midstream"]
    assert render.chain_sankey(grid, "en")["labels"] == ["Nanshan", "骨科耗材", "Zhangjiang", "In-vitro diagnostics"]
    assert list(render.chain_table(grid, "en").columns)[:3] == ["tier", "NMPA category", "segment"]
    assert list(render.chain_table(grid, "zh")["生态"]) == ["张江", "南山"] * 2
