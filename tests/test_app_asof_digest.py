"""The "as of" control on the map and the profile hides facts reported later; the digest page
shows what changed for a watchlist (AppTest, on a made-up corpus: that of test_curation)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ecograph.graph.falkordb_store import FalkorDBStore
from ecograph.ingest.corpus import Corpus
from ecograph.service import ingest_paths
from tests.test_curation import CHENGMING, QINGHE, write_articles

APP = str(Path(__file__).resolve().parents[1] / "app.py")


@pytest.fixture
def made_up_app(tmp_path, monkeypatch):
    corpus_path, graph_path = tmp_path / "corpus.sqlite", tmp_path / "graph.db"
    with Corpus(corpus_path) as corpus, FalkorDBStore(graph_path) as store:
        ingest_paths([write_articles(tmp_path / "articles")], corpus, store)
        ids = {n["name"]: n["id"] for n in corpus.graph_batch().nodes}
    monkeypatch.setenv("ECOGRAPH_GRAPH", f"falkordb://{graph_path}")
    monkeypatch.setenv("ECOGRAPH_CORPUS", str(corpus_path))
    return ids, corpus_path


def test_as_of_on_the_profile_hides_the_links_reported_later(made_up_app):
    ids, _ = made_up_app
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["id"] = ids["远帆资本"]
    at.run()
    at.switch_page("ui/profile.py").run()
    assert not at.exception
    text = "\n".join(m.value for m in at.markdown)
    assert "B轮融资" in text and "A轮融资" in text  # the evidence of 2024-05-10 and of 2024-03-01

    at.toggle(key="profile_asof_on").set_value(True).run()
    at.date_input(key="profile_asof").set_value(date(2024, 4, 1)).run()
    assert not at.exception
    text = "\n".join(m.value for m in at.markdown)
    assert "B轮融资" not in text
    assert "A轮融资" in text


def test_as_of_on_the_map_hides_the_entities_whose_facts_came_later(made_up_app):
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("ui/map.py").run()

    def drawn() -> str:
        frames = [e for e in at.main if getattr(e, "type", "") == "iframe"]
        return frames[0].proto.srcdoc

    assert CHENGMING in drawn() and QINGHE in drawn()
    at.toggle(key="map_asof_on").set_value(True).run()
    at.date_input(key="map_asof").set_value(date(2024, 4, 1)).run()
    assert not at.exception
    assert CHENGMING not in drawn() and QINGHE in drawn()


def test_the_digest_page_lists_the_links_touching_a_watchlist(made_up_app):
    _, corpus_path = made_up_app
    with Corpus(corpus_path) as corpus:
        corpus.watch("investors", "entity", "远帆资本")
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("ui/digest.py").run()
    assert not at.exception
    at.selectbox(key="digest_watchlist").select("investors").run()
    text = "\n".join(m.value for m in at.markdown)
    assert f"**远帆资本 —投资→ {QINGHE}** (新增；实体 远帆资本)" in text  # Chinese by default
    assert "西湖区 —隶属于→" not in text
