"""Shared fixtures: graph stores on every backend, and a small literal graph batch."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from ecograph.graph.connect import falkordb_path
from ecograph.graph.falkordb_store import FalkorDBStore
from ecograph.graph.loader import GraphBatch

NEO4J_SKIP = "NEO4J_URI not set: no Neo4j to test against (start one with docker compose up neo4j)"


@pytest.fixture
def falkordb_store(tmp_path):
    """An empty embedded graph with its schema, in this test's own directory."""
    with FalkorDBStore(tmp_path / "graph.db") as store:
        store.ensure_schema()
        yield store


@pytest.fixture(params=["falkordb", "neo4j"])
def store(request, tmp_path):
    """An empty graph store with its schema, on each backend.

    The Neo4j one is the database at NEO4J_URI (user/password from NEO4J_USER/NEO4J_PASSWORD),
    which the test EMPTIES: point it at a throw-away server.
    """
    if request.param == "falkordb":
        opened = FalkorDBStore(tmp_path / "graph.db")
    else:
        if not os.environ.get("NEO4J_URI"):
            pytest.skip(NEO4J_SKIP)
        from ecograph.graph.neo4j_store import Neo4jStore

        opened = Neo4jStore(os.environ["NEO4J_URI"], os.environ.get("NEO4J_USER", "neo4j"),
                            os.environ.get("NEO4J_PASSWORD", ""))
        opened.clear()
    with opened:
        opened.ensure_schema()
        yield opened


@pytest.fixture
def sample_batch() -> GraphBatch:
    """Two articles, five entities, four relations (one with an unknown end), five mentions."""
    return GraphBatch(
        articles=[
            {"id": "a1", "url": "https://example.cn/1", "title": "园区开园", "date": "2024-05-01",
             "source": "a1.txt"},
            {"id": "a2", "url": "", "title": "签约仪式", "date": "2024-06-02", "source": "a2.txt"},
        ],
        nodes=[
            {"id": "park:1", "label": "Park", "name": "中关村医疗器械园",
             "aliases": ["医疗器械园"], "region": "中关村"},
            {"id": "company:1", "label": "Company", "name": "中关村医疗器械园有限公司",
             "aliases": [], "region": "中关村"},
            {"id": "company:2", "label": "Company", "name": "方润医疗",
             "aliases": ["方潤醫療", "方润 \"FR\""], "region": ""},
            {"id": "region:1", "label": "Region", "name": "大兴区", "aliases": [], "region": "中关村"},
            {"id": "segment:1", "label": "Segment", "name": "体外诊断", "aliases": ["IVD"],
             "region": ""},
        ],
        relations=[
            {"source_id": "company:1", "type": "OPERATES", "target_id": "park:1",
             "evidence": "中关村医疗器械园有限公司负责园区运营。", "article_ids": ["a1"],
             "confidence": 0.9, "first_seen": "2024-05-01", "last_seen": "2024-05-01",
             "status": "reported", "title": None},
            {"source_id": "park:1", "type": "LOCATED_IN", "target_id": "region:1",
             "evidence": "园区位于大兴区。", "article_ids": ["a1", "a2"], "confidence": 0.8,
             "first_seen": "2024-05-01", "last_seen": "2024-06-02", "status": "reported",
             "title": None},
            {"source_id": "company:2", "type": "FOCUSES_ON", "target_id": "segment:1",
             "evidence": "方润医疗专注于体外诊断。", "article_ids": ["a2"], "confidence": 0.7,
             "first_seen": "2024-06-02", "last_seen": "2024-06-02", "status": "planned",
             "title": None},
            {"source_id": "company:2", "type": "PARTNERS_WITH", "target_id": "company:404",
             "evidence": "…", "article_ids": ["a2"], "confidence": 0.5, "first_seen": "2024-06-02",
             "last_seen": "2024-06-02", "status": "reported", "title": None},
        ],
        mentions=[
            {"entity_id": "park:1", "article_id": "a1"},
            {"entity_id": "company:1", "article_id": "a1"},
            {"entity_id": "region:1", "article_id": "a1"},
            {"entity_id": "park:1", "article_id": "a2"},
            {"entity_id": "company:2", "article_id": "a2"},
        ],
    )


SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "seeds"
GOLD = SHARED / "gold"
NO_SHARED = f"{SHARED} is absent: the seed articles and gold annotations live there (CI always has it)"


@pytest.fixture(scope="session")
def seed_settings(tmp_path_factory):
    """Settings of a corpus and an embedded graph ingested from ../shared/seeds, shared by the
    session's tests (read it, do not write to it)."""
    if not SEEDS.is_dir():
        pytest.skip(NO_SHARED)
    from ecograph.ingest.corpus import Corpus
    from ecograph.service import ingest_paths
    from ecograph.settings import load_settings

    base = tmp_path_factory.mktemp("seed-graph")
    settings = load_settings(str(base / "corpus.sqlite"), f"falkordb://{base / 'graph.db'}")
    with Corpus(settings.corpus) as corpus, FalkorDBStore(falkordb_path(settings.graph)) as graph:
        report = ingest_paths([SEEDS], corpus, graph)
    assert report.new == 5 and not report.problems
    return settings


@pytest.fixture
def app_env(seed_settings, monkeypatch):
    """The app's settings (ECOGRAPH_GRAPH / ECOGRAPH_CORPUS) pointing at the seed graph."""
    monkeypatch.setenv("ECOGRAPH_GRAPH", seed_settings.graph)
    monkeypatch.setenv("ECOGRAPH_CORPUS", str(seed_settings.corpus))
    return seed_settings
