"""The Overview page on the seed graph (Streamlit AppTest, no browser)."""
from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def test_overview_shows_counts_ecosystems_and_articles(app_env):
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "概览"  # Chinese by default
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["文章"] == "5"
    assert int(metrics["实体"].replace(",", "")) > 50
    comparison = at.table[0].value
    assert list(comparison.columns) == ["中关村", "张江", "南山", "长宁"]
    assert int(comparison.loc["园区", "张江"]) >= 1
    labels = at.dataframe[0].value
    assert {"园区", "企业", "细分领域"} <= set(labels["类型"])
    articles = at.dataframe[2].value
    assert len(articles) == 5
    assert "中关村医疗器械园 创新前行在路上" in set(articles["标题"])
    assert all(link.startswith(("http", "article?id=")) for link in articles["链接"])  # every article opens


def test_overview_in_english(app_env):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    assert at.title[0].value == "Overview"
    comparison = at.table[0].value
    assert list(comparison.columns) == ["Zhongguancun", "Zhangjiang", "Nanshan", "Changning"]
    assert int(comparison.loc["Parks", "Zhangjiang"]) >= 1
    assert {"Park", "Company", "Segment"} <= set(at.dataframe[0].value["label"])
    assert "invested in" in set(at.dataframe[1].value["relationship"])


def test_overview_of_a_graph_never_written(tmp_path, monkeypatch):
    monkeypatch.setenv("ECOGRAPH_GRAPH", f"falkordb://{tmp_path / 'empty.db'}")
    monkeypatch.setenv("ECOGRAPH_CORPUS", str(tmp_path / "empty.sqlite"))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert "图是空的" in at.info[0].value
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
