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
    assert at.success and "条路径" in at.success[0].value
    first = at.expander[0]
    assert "张江医疗器械产业基地" in first.label and "骨科植入" in first.label
    text = "\n".join(m.value for m in at.markdown)
    assert "—聚焦→" in text and "聚焦医学影像高端设备" in text  # the hop, in Chinese, and its evidence
    frames = [e for e in at.main if getattr(e, "type", "") == "iframe"]
    assert '"borderWidth": 4' in frames[0].proto.srcdoc  # the end points stand out


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
    assert at.error and "已拒绝" in at.error[0].value  # Chinese by default
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
    assert at.error and "查询失败" in at.error[0].value


def test_console_named_query_with_its_parameter_form(app_env):
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("ui/console.py").run()
    names = at.selectbox(key="console_named").options
    at.selectbox(key="console_named").select_index(
        next(i for i, n in enumerate(names) if n.startswith("latest_articles"))).run()
    at.number_input(key="console_param_latest_articles_limit").set_value(3)
    at.button(key="console_run_named").click().run()
    assert not at.exception
    assert len((at.table or at.dataframe)[0].value) == 3


def _console(lang: str = "zh") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("ui/console.py").run()
    return at


def _choose_query(at: AppTest, name: str) -> None:
    names = at.selectbox(key="console_named").options
    at.selectbox(key="console_named").select_index(
        next(i for i, n in enumerate(names) if n.startswith(name + " "))).run()


def test_console_refuses_a_named_query_until_its_required_parameter_is_filled(app_env):
    at = _console("en")
    _choose_query(at, "segment_gaps")
    ecosystem = at.selectbox(key="console_param_segment_gaps_ecosystem")
    assert ecosystem.value is None  # nothing pre-filled, no placeholder value to run with
    assert "required" in ecosystem.label and set(ecosystem.options) >= {"Zhangjiang", "Nanshan"}
    at.button(key="console_run_named").click().run()
    assert not at.exception
    assert at.error and "required parameter" in at.error[0].value and "`ecosystem`" in at.error[0].value
    assert not at.dataframe and not at.table  # nothing ran
    at.selectbox(key="console_param_segment_gaps_ecosystem").select("长宁")
    at.button(key="console_run_named").click().run()
    assert not at.error
    rows = (at.table or at.dataframe)[0].value
    assert len(rows) and "present_in" in rows.columns


def test_console_read_only_refusal_says_it_once(app_env):
    at = _console("en")
    at.text_area(key="console_query").input("CREATE (:Company {name: '某测试公司'})")
    at.button(key="console_run").click().run()
    message = at.error[0].value
    assert message.lower().count("read-only") == 1 and "not changed" in message


def test_console_wraps_long_evidence_cells(app_env):
    at = _console("en")
    at.text_area(key="console_query").input(
        "MATCH ()-[r]->() WHERE size(r.evidence) > 60 RETURN r.evidence AS evidence LIMIT 5")
    at.button(key="console_run").click().run()
    assert at.toggle(key="console_wrap").value  # long cells: shown in full by default
    assert any(len(v) > 60 for v in at.table[0].value["evidence"])
    at.toggle(key="console_wrap").set_value(False).run()
    assert at.dataframe and not at.table  # the result stayed; only its view changed
