"""Shared fixtures: graph stores on every backend (a real Neo4j started for the session), and a
small literal graph batch."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from ecograph.graph.connect import falkordb_path
from ecograph.graph.falkordb_store import FalkorDBStore
from ecograph.graph.loader import GraphBatch
from tools.neo4j.server import Neo4jServer

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
NEO4J_SETTINGS = ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD")


@pytest.fixture(scope="session")
def neo4j_env(request, tmp_path_factory):
    """A Neo4j 5 server for the session: the one NEO4J_URI names (user/password from
    NEO4J_USER/NEO4J_PASSWORD; its database is EMPTIED by the tests), or else a throw-away one
    started from the committed launcher (tools/neo4j). Its settings are exported to os.environ,
    so the CLI, the app and subprocesses reach it too. Neo4j's logs go to tests/artifacts/neo4j/
    when a test of the session failed."""
    if os.environ.get("NEO4J_URI"):
        yield {name: os.environ.get(name, default)
               for name, default in zip(NEO4J_SETTINGS, ("", "neo4j", ""))}
        return
    server = Neo4jServer(tmp_path_factory.mktemp("neo4j") / "launcher.log")
    try:
        settings = server.start()
    except (RuntimeError, OSError) as error:
        server.keep_logs(ARTIFACTS / "neo4j")
        pytest.fail(f"cannot start Neo4j for the tests: {error}")
    env = {name: settings[name] for name in NEO4J_SETTINGS}
    saved = {name: os.environ.get(name) for name in NEO4J_SETTINGS}
    os.environ.update(env)
    yield env
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    if request.session.testsfailed:
        server.keep_logs(ARTIFACTS / "neo4j")
    server.stop()


def open_neo4j(env: dict, **options):
    """A store on the session's Neo4j (see neo4j_env)."""
    from ecograph.graph.neo4j_store import Neo4jStore

    return Neo4jStore(env["NEO4J_URI"], env["NEO4J_USER"], env["NEO4J_PASSWORD"], **options)


@pytest.fixture
def falkordb_store(tmp_path):
    """An empty embedded graph with its schema, in this test's own directory."""
    with FalkorDBStore(tmp_path / "graph.db") as store:
        store.ensure_schema()
        yield store


@pytest.fixture(params=["falkordb", "neo4j"])
def store(request, tmp_path):
    """An empty graph store with its schema, on each backend.

    The Neo4j one is the session's server (see neo4j_env), which the test EMPTIES.
    """
    if request.param == "falkordb":
        opened = FalkorDBStore(tmp_path / "graph.db")
    else:
        opened = open_neo4j(request.getfixturevalue("neo4j_env"))
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


EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"
REGRESSION = Path(__file__).resolve().parent / "regression" / "articles"


@pytest.fixture(scope="session")
def corpus_settings(tmp_path_factory):
    """Settings of a corpus and an embedded graph ingested from ../shared/seeds, examples/articles
    and tests/regression/articles (the corpus the engines are compared on; read it only)."""
    if not SEEDS.is_dir():
        pytest.skip(NO_SHARED)
    from ecograph.ingest.corpus import Corpus
    from ecograph.service import ingest_paths
    from ecograph.settings import load_settings

    base = tmp_path_factory.mktemp("corpus-graph")
    settings = load_settings(str(base / "corpus.sqlite"), f"falkordb://{base / 'graph.db'}")
    with Corpus(settings.corpus) as corpus, FalkorDBStore(falkordb_path(settings.graph)) as graph:
        report = ingest_paths([SEEDS, EXAMPLES, REGRESSION], corpus, graph)
    assert report.new and not report.failed, report.problems
    return settings
