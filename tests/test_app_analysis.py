"""Supply chain, Collaboration, Partner scouting and Ingest pages (AppTest)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")
PARK = "张江医疗器械产业基地"


def open_page(page: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page(page).run()
    assert not at.exception
    return at


def test_chain_map_cells_players_with_evidence_and_exports(app_env):
    at = open_page("ui/supply.py")
    at.multiselect(key="supply_labels_zh").select("Park").run()
    assert not at.exception
    [chart, sankey] = at.get("plotly_chart")
    figure = json.loads(chart.proto.spec)
    [cells] = figure["data"]
    # one language at a time: Chinese by default (segments as written, ecosystems, tiers, gaps)
    shown = {(x.replace("<br>", ""), y): t for x, y, t in zip(cells["x"], cells["y"], cells["text"])}
    assert shown[("体外诊断", "张江")] not in ("", "缺失")  # the base focuses on IVD
    assert int(shown[("体外诊断", "张江")]) >= 1
    assert "缺失" in shown.values()  # gaps are cells of their own
    assert not {x.replace("<br>", "") for x in cells["x"]} & {"医疗器械", "大健康", "生物医药"}  # catch-alls off
    tiers = [a["text"] for a in figure["layout"]["annotations"]]
    order = ["上游", "中游", "下游", "相关产业", "未归类"]
    assert tiers[0] in ("上游", "中游") and tiers == sorted(tiers, key=order.index)  # tiers left to right
    assert json.loads(sankey.proto.spec)["data"][0]["type"] == "sankey"
    assert {b.label for b in at.get("download_button")} >= {"下载表格 CSV", "下载图表 HTML"}

    at.selectbox(key="supply_cell_segment").select("体外诊断").run()
    at.selectbox(key="supply_cell_ecosystem").select("张江").run()
    assert not at.exception
    text = "\n".join(m.value for m in at.markdown)
    assert f"**{PARK}** (园区)" in text
    assert "**体外诊断**" in text  # the evidence sentence, the segment in bold

    at.multiselect(key="supply_ecosystems_zh").unselect("张江").run()
    [chart, _] = at.get("plotly_chart")
    assert "张江" not in json.loads(chart.proto.spec)["data"][0]["y"]


def test_collaboration_communities_brokers_and_cross_links(app_env):
    at = open_page("ui/collaboration.py")
    metrics = {m.label: int(m.value) for m in at.metric}
    assert metrics["协作实体"] > 5 and metrics["社区"] >= 1
    communities = at.dataframe[0].value
    assert list(communities.columns) == ["社区", "规模", "生态", "成员（连接多者在前）"]
    assert communities["规模"].sum() == metrics["协作实体"]
    # a community is named after its best-connected member, not numbered
    first_members = communities["成员（连接多者在前）"][0].split("、")
    assert communities["社区"][0] == f"以{first_members[0]}为中心"
    frames = [e for e in at.main if getattr(e, "type", "") == "iframe"]
    assert frames and communities["社区"][0] in frames[0].proto.srcdoc  # the legend
    brokers = at.dataframe[1].value
    assert all(share.endswith("%") for share in brokers["经过它的最短路径占比"])
    at.multiselect(key="collab_ecosystems").select("南山").run()
    assert not at.exception


def test_partner_scouting_describes_a_startup_not_in_the_graph(corpus_settings, monkeypatch):
    monkeypatch.setenv("ECOGRAPH_GRAPH", corpus_settings.graph)
    monkeypatch.setenv("ECOGRAPH_CORPUS", str(corpus_settings.corpus))
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("ui/scouting.py").run()
    at.text_input(key="scout_segment_None").input("tiwaizhenduan").run()  # IVD, by its pinyin
    at.selectbox(key="scout_ecosystem_None").select("南山").run()
    assert not at.exception
    headers = [s.value for s in at.subheader]
    assert any(h.startswith("Investors with deals in the segment") for h in headers)
    assert any(h.startswith("Rivals") for h in headers)
    tables = [f.value for f in at.dataframe]
    investors = next(v for v in tables if set(v["label"]) == {"Investor"})
    rivals = tables[-1]  # the last group; the shortlist is still empty
    assert set(rivals["label"]) == {"Company"} and all("focuses on" in w for w in rivals["why"])
    assert len(investors) and all("invested in" in w for w in investors["why"])
    assert not set(investors["name"]) & set(rivals["name"])  # rivals apart from complements
    assert list(investors["score"]) == sorted(investors["score"], reverse=True)
    evidence = "\n".join(m.value for e in at.expander if e.label == "Evidence" for m in e.markdown)
    assert evidence.count("> ") >= len(investors)  # each reason's fact with its sentence
    first = at.multiselect(key="scout_pick").options[0]
    at.multiselect(key="scout_pick").select(first).run()
    at.button(key="scout_add").click().run()
    at.text_input(key="scout_segment_None").input("Medical imaging").run()  # another run …
    assert not at.exception
    assert len(at.dataframe[-1].value) == 1  # … the shortlist kept its candidate
    assert {"evidence", "article links", "profile link"} <= set(at.dataframe[-1].value.columns)
    assert {b.proto.label for b in at.get("download_button")} >= {"Download CSV", "Download XLSX"}


def test_ingest_preview_then_commit(tmp_path, monkeypatch):
    monkeypatch.setenv("ECOGRAPH_GRAPH", f"falkordb://{tmp_path / 'graph.db'}")
    monkeypatch.setenv("ECOGRAPH_CORPUS", str(tmp_path / "corpus.sqlite"))
    at = open_page("ui/ingest.py")
    at.text_area(key="ingest_text").input(
        "张江医疗器械产业基地迎来新企业\n"
        "2024年3月1日，上海微创心脉医疗科技股份有限公司入驻张江医疗器械产业基地。"
        "张江医疗器械产业基地聚焦体外诊断、骨科植入等细分领域。").run()
    assert not at.exception
    assert not at.expander
    assert not [b for b in at.button if b.key == "ingest_commit"]  # nothing to commit before a preview
    at.button(key="ingest_preview").click().run()
    assert "个实体" in at.expander[0].label  # Chinese by default
    assert "张江医疗器械产业基地" in set(at.dataframe[0].value["名称"])
    assert any("<mark" in h.proto.body for h in at.get("html"))
    at.button(key="ingest_commit").click().run()
    assert not at.exception
    assert at.success and at.success[0].value.startswith("新增 1")
    overview = AppTest.from_file(APP, default_timeout=60).run()
    assert {m.label: m.value for m in overview.metric}["文章"] == "1"


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="PNG export drives a Chromium: none at /usr/bin/chromium")
def test_chain_map_exports_a_png(app_env):
    at = open_page("ui/supply.py")
    at.button(key="supply_png").click().run()
    assert not at.exception and not at.warning
    assert "下载 PNG" in {b.label for b in at.get("download_button")}
