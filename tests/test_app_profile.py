"""The Entity profile page on the seed graph (AppTest): links come with their evidence."""
from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")
PARK = "张江医疗器械产业基地"


def test_profile_shows_links_with_evidence_and_article(app_env):
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("ui/profile.py").run()
    assert not at.exception
    at.text_input(key="profile_entity_search").input("zjylqxcyjd").run()  # pinyin initials
    picker = at.selectbox(key="profile_entity")
    assert any(option.startswith(PARK) for option in picker.options)
    at.selectbox(key="profile_entity").select_index(0).run()
    assert not at.exception
    assert at.header[0].value == PARK
    text = "\n".join(m.value for m in at.markdown)
    assert "聚焦医学影像高端设备" in text  # the FOCUSES_ON evidence sentence
    assert "**体外诊断**" in text  # the other end is bold in its sentence
    captions = "\n".join(c.value for c in at.caption)
    assert "2021-12-31" in captions  # the article's date
    assert any(s.value.startswith("聚焦 (") for s in at.subheader)  # the relationship type, in Chinese


def test_profile_opens_from_query_parameter_with_ego_network(app_env):
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("ui/profile.py").run()
    at.text_input(key="profile_entity_search").input(PARK).run()
    at.selectbox(key="profile_entity").select_index(0).run()
    park_id = at.selectbox(key="profile_entity").value

    linked = AppTest.from_file(APP, default_timeout=60)
    linked.query_params["id"] = park_id  # what a click on the map opens: /profile?id=…
    linked.run()
    linked.switch_page("ui/profile.py").run()
    assert not linked.exception
    assert linked.header[0].value == PARK
    frames = [e for e in linked.main if getattr(e, "type", "") == "iframe"]
    assert frames and "体外诊断" in frames[0].proto.srcdoc  # the ego network holds a neighbour


def test_profile_says_why_an_entity_is_placed_or_unplaced(app_env):
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("ui/profile.py").run()
    at.text_input(key="profile_entity_search").input(PARK).run()
    at.selectbox(key="profile_entity").select_index(0).run()
    assert not at.exception
    [why] = [e for e in at.expander if e.label == "归属依据"]
    text = "\n".join(m.value for m in why.markdown)
    assert text.startswith("**张江**: " + PARK + " —")  # the chain, fact by fact
    assert any("是张江生态的" in c.value for c in why.caption)  # the extent member it reaches

    at.text_input(key="profile_entity_search").input("上海市").run()
    options = at.selectbox(key="profile_entity").options
    at.selectbox(key="profile_entity").select_index(
        next(i for i, o in enumerate(options) if o.startswith("上海市 · 地区"))).run()
    assert [e.label for e in at.expander if e.label.startswith("未归入生态")]
