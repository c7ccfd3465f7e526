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
    assert 'id="legend"' in html and "Park 园区" in html
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
    assert any("most connected are drawn" in w.value for w in at.warning)


def test_relationship_type_and_label_filters(app_env):
    at = open_map()
    at.multiselect(key="map_types").select("FOCUSES_ON").run()
    at.multiselect(key="map_labels").select("Segment").select("Park").run()
    assert not at.exception
    shown = set(at.selectbox(key="map_open").options)
    assert "体外诊断" in shown and "楼琦" not in shown  # a person has no FOCUSES_ON
