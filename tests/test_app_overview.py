"""The Overview page on the seed graph (Streamlit AppTest, no browser)."""
from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def test_overview_shows_counts_ecosystems_and_articles(app_env):
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "Overview 概览"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Articles 文章"] == "5"
    assert int(metrics["Entities 实体"].replace(",", "")) > 50
    comparison = at.table[0].value
    assert list(comparison.columns) == ["Zhongguancun 中关村", "Zhangjiang 张江", "Nanshan 南山",
                                        "Changning 长宁"]
    assert int(comparison.loc["Parks 园区", "Zhangjiang 张江"]) >= 1
    labels = at.dataframe[0].value
    assert {"Park", "Company", "Segment"} <= set(labels["label"])
    articles = at.dataframe[2].value
    assert len(articles) == 5
    assert "中关村医疗器械园 创新前行在路上" in set(articles["title"])


def test_overview_of_a_graph_never_written(tmp_path, monkeypatch):
    monkeypatch.setenv("ECOGRAPH_GRAPH", f"falkordb://{tmp_path / 'empty.db'}")
    monkeypatch.setenv("ECOGRAPH_CORPUS", str(tmp_path / "empty.sqlite"))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert "The graph is empty" in at.info[0].value
    for page in ("ui/map.py", "ui/supply.py", "ui/collaboration.py", "ui/profile.py"):
        at.switch_page(page).run()
        assert not at.exception, page


def test_an_unreachable_neo4j_is_one_line_on_every_page(tmp_path, monkeypatch):
    monkeypatch.setenv("ECOGRAPH_GRAPH", "bolt://someone:secret@127.0.0.1:9")
    monkeypatch.setenv("ECOGRAPH_CORPUS", str(tmp_path / "empty.sqlite"))
    at = AppTest.from_file(APP, default_timeout=60).run()
    line = "cannot reach Neo4j at bolt://127.0.0.1:9: is it running? (docker compose up neo4j) [E201]"
    for page in ("ui/overview.py", "ui/map.py", "ui/profile.py", "ui/paths.py", "ui/supply.py",
                 "ui/collaboration.py", "ui/scouting.py", "ui/console.py"):
        at.switch_page(page).run()
        assert not at.exception, page
        assert [error.value for error in at.error] == [line], page
