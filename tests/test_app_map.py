"""The Ecosystem map page on the seed graph (AppTest): filters change what is drawn."""
from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def _map(at: AppTest) -> str:
    """The HTML handed to the map's iframe."""
    frames = [e for e in at.main if getattr(e, "type", "") == "iframe"]
    assert frames, "no map iframe on the page"
    return frames[0].proto.srcdoc


def open_map() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("ui/map.py").run()
    assert not at.exception
    return at


def test_all_ecosystems_drawn_with_legend(app_env):
    at = open_map()
    html = _map(at)
    assert 'id="legend"' in html and ">园区 <" in html  # Chinese by default
    assert "vis.Network" in html and '"enabled": false' in html  # server layout, physics off
    shown = at.selectbox(key="map_open").options
    assert "张江医疗器械产业基地" in shown
    assert any("中关村医疗器械园" in name for name in shown)


def test_choosing_zhangjiang_shows_its_park_and_not_zhongguancun(app_env):
    at = open_map()
    at.multiselect(key="map_ecosystems").select("张江").run()
    assert not at.exception
    html = _map(at)
    assert "张江医疗器械产业基地" in html
    assert "中关村医疗器械园" not in html
    assert not any("中关村" in name for name in at.selectbox(key="map_open").options)


def test_pinyin_search_and_node_budget_note(app_env):
    at = open_map()
    at.text_input(key="map_search").input("zhangjiangyiliao").run()
    shown = at.selectbox(key="map_open").options
    assert "张江医疗器械产业基地" in shown and "骨科植入" in shown  # the match and its neighbours
    assert not any("中关村" in name for name in shown)
    at.text_input(key="map_search").input("").run()
    at.number_input(key="map_budget").set_value(50).run()
    assert not at.exception
    assert len(at.selectbox(key="map_open").options) == 50
    assert any("只绘制了连接最多的" in w.value for w in at.warning)


def test_relationship_type_and_label_filters(app_env):
    at = open_map()
    at.multiselect(key="map_types").select("FOCUSES_ON").run()
    at.multiselect(key="map_labels").select("Segment").select("Park").run()
    assert not at.exception
    shown = set(at.selectbox(key="map_open").options)
    assert "体外诊断" in shown and "楼琦" not in shown  # a person has no FOCUSES_ON


def test_map_in_ecosystem_colours_exports_graphml_of_the_view(app_env):

    from ecograph.ui import render

    at = open_map()
    at.segmented_control(key="map_color").set_value("ecosystem").run()
    assert not at.exception
    html = _map(at)
    assert render.ECOSYSTEM_COLORS["张江"] in html and ">张江 <" in html  # the legend names ecosystems
    [download] = [b for b in at.get("download_button") if b.proto.label.endswith("GraphML")]
    assert download.proto.label


def test_catch_all_segments_are_hidden_unless_asked(app_env):
    from ecograph.graph.analytics import is_catch_all
    from ecograph.ui import data

    at = open_map()
    G = data.graph()
    catch_all = {d["name"] for _, d in G.nodes(data=True) if is_catch_all(d) and G.degree(_)}
    assert catch_all, "the seed graph has a whole-industry segment"
    assert not catch_all & set(at.selectbox(key="map_open").options)
    at.checkbox(key="map_catch_all").uncheck().run()
    assert catch_all & set(at.selectbox(key="map_open").options)


def test_expand_from_one_entity(app_env):
    at = open_map()
    at.segmented_control(key="map_mode").set_value("expand").run()
    at.text_input(key="map_start_search").input("张江医疗器械产业基地").run()
    at.selectbox(key="map_start").select_index(0).run()
    assert not at.exception
    first = at.selectbox(key="map_expand_next").options
    assert first  # its neighbours
    at.multiselect(key="map_expand_labels").select("Segment").run()
    only_segments = at.selectbox(key="map_expand_next").options
    assert only_segments and set(only_segments) < set(first)
    at.selectbox(key="map_expand_next").select_index(0).run()
    at.button(key="map_expand_button").click().run()
    assert not at.exception
    assert "已展开 2 个实体" in "\n".join(c.value for c in at.caption)
