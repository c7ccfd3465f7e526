"""Path finder and Cypher console pages on the seed graph (AppTest)."""
from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def _pick(at: AppTest, key: str, search: str) -> None:
    at.text_input(key=f"{key}_search").input(search).run()
    at.selectbox(key=key).select_index(0).run()


def test_path_finder_finds_a_path_between_two_entities_of_one_seed(app_env):
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("ui/paths.py").run()
    assert not at.exception
    _pick(at, "path_from", "张江医疗器械产业基地")
    _pick(at, "path_to", "骨科植入")
    assert not at.exception
    assert at.success and "path(s)" in at.success[0].value
    first = at.expander[0]
    assert "张江医疗器械产业基地" in first.label and "骨科植入" in first.label
    text = "\n".join(m.value for m in at.markdown)
    assert "FOCUSES\\_ON→" in text and "聚焦医学影像高端设备" in text  # the hop and its evidence


def test_console_refuses_a_write_and_leaves_the_graph_unchanged(app_env):
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("ui/console.py").run()
    assert not at.exception
    at.text_area(key="console_query").input("MATCH (n) RETURN count(n) AS n")
    at.button(key="console_run").click().run()  # the free-Cypher form's Run
    before = at.dataframe[0].value["n"][0]
    at.text_area(key="console_query").input("CREATE (:Company {name: '恶意公司'})")
    at.button(key="console_run").click().run()
    assert not at.exception
    assert at.error and "Refused: this console is read-only" in at.error[0].value
    at.text_area(key="console_query").input("MATCH (n) RETURN count(n) AS n")
    at.button(key="console_run").click().run()
    assert at.dataframe[0].value["n"][0] == before


def test_console_runs_a_query_shows_a_table_a_graph_and_a_csv(app_env):
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("ui/console.py").run()
    at.text_area(key="console_query").input(
        "MATCH (p:Park)-[r:FOCUSES_ON]->(s:Segment) WHERE p.name = $name RETURN p, r, s")
    at.text_input(key="console_params").input('{"name": "张江医疗器械产业基地"}')
    at.button(key="console_run").click().run()
    assert not at.exception
    table = at.dataframe[0].value
    assert "张江医疗器械产业基地 (Park)" in set(table["p"]) and ":FOCUSES_ON" in set(table["r"])
    assert at.get("download_button")
    frames = [e for e in at.main if getattr(e, "type", "") == "iframe"]
    assert frames and "体外诊断" in frames[0].proto.srcdoc


def test_console_shows_syntax_errors_readably(app_env):
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("ui/console.py").run()
    at.text_area(key="console_query").input("MATCH (n RETURN n")
    at.button(key="console_run").click().run()
    assert not at.exception
    assert at.error and "The query failed" in at.error[0].value


def test_console_named_query_with_its_parameter_form(app_env):
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("ui/console.py").run()
    names = at.selectbox(key="console_named").options
    at.selectbox(key="console_named").select_index(
        next(i for i, n in enumerate(names) if n.startswith("latest_articles"))).run()
    at.number_input(key="console_param_latest_articles_limit").set_value(3)
    at.button(key="console_run_named").click().run()
    assert not at.exception
    assert len(at.dataframe[0].value) == 3
