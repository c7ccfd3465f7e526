"""The explorer on Neo4j: every page renders from the session's Neo4j (ECOGRAPH_GRAPH=bolt://…)
and shows what it shows on the embedded FalkorDB for the same corpus (Streamlit AppTest)."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner

from ecograph.cli import app
from ecograph.ui import data

APP = str(Path(__file__).resolve().parents[1] / "app.py")
PAGES = ["ui/overview.py", "ui/map.py", "ui/profile.py", "ui/paths.py", "ui/supply.py",
         "ui/collaboration.py", "ui/scouting.py", "ui/console.py", "ui/ingest.py"]
ELEMENTS = ("title", "header", "subheader", "metric", "markdown", "caption", "info", "warning",
            "error", "success", "table", "dataframe", "selectbox", "multiselect", "expander")


@pytest.fixture(scope="module")
def seed_neo4j(seed_settings, neo4j_env) -> str:
    """The seed corpus rebuilt into the session's Neo4j; its graph URL."""
    result = CliRunner().invoke(app, ["--corpus", str(seed_settings.corpus),
                                      "--graph", neo4j_env["NEO4J_URI"], "rebuild"])
    assert result.exit_code == 0, result.output
    return neo4j_env["NEO4J_URI"]


def shown(page: str, graph_url: str, corpus: Path, monkeypatch) -> list:
    """What the page shows, element by element, with the graph's own URL and engine name out."""
    monkeypatch.setenv("ECOGRAPH_GRAPH", graph_url)
    monkeypatch.setenv("ECOGRAPH_CORPUS", str(corpus))
    data.clear_caches()  # the session's Neo4j held other graphs under the same URL
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page(page).run()
    assert not at.exception, (page, graph_url, at.exception)
    seen = []
    for kind in ELEMENTS:
        for element in getattr(at, kind):
            value = element.label if kind == "expander" else getattr(element, "value", None)
            if hasattr(value, "to_dict"):
                value = value.to_dict("split")
            seen.append((kind, str(value).replace(graph_url, "<graph>")
                         .replace("falkordb", "<engine>").replace("neo4j", "<engine>")))
    return seen


@pytest.mark.parametrize("page", PAGES)
def test_every_page_shows_the_same_on_neo4j(page, seed_settings, seed_neo4j, monkeypatch):
    on_falkordb = shown(page, seed_settings.graph, seed_settings.corpus, monkeypatch)
    on_neo4j = shown(page, seed_neo4j, seed_settings.corpus, monkeypatch)

    assert on_neo4j == on_falkordb
    assert len(on_neo4j) > 1
