"""The named query library on Neo4j 5: the same queries, the same seed graph, the same answers.

Runs when NEO4J_URI points at a Neo4j 5 server (user/password from NEO4J_USER/NEO4J_PASSWORD),
e.g. `docker compose up -d neo4j` and NEO4J_URI=bolt://localhost:7687. The test EMPTIES that
database and rebuilds the seed graph in it from the seed corpus: point it at a throw-away server.
"""
from __future__ import annotations

import os

import pytest

from ecograph.errors import ReadOnlyError
from ecograph.graph.connect import falkordb_path
from ecograph.graph.falkordb_store import FalkorDBStore
from ecograph.graph.queries import QueryRegistry, default_registry, load_query, run
from tests.conftest import NEO4J_SKIP
from tests.test_queries import ENGINE_SPECIFIC, NANSHAN_ARTICLE

pytestmark = pytest.mark.skipif(not os.environ.get("NEO4J_URI"), reason=NEO4J_SKIP)


@pytest.fixture(scope="module")
def neo4j_seeds(seed_settings):
    """The seed graph, rebuilt from the seed corpus into the Neo4j at NEO4J_URI."""
    from ecograph.graph.neo4j_store import Neo4jStore
    from ecograph.ingest.corpus import Corpus
    from ecograph.service import rebuild

    store = Neo4jStore(os.environ["NEO4J_URI"], os.environ.get("NEO4J_USER", "neo4j"),
                       os.environ.get("NEO4J_PASSWORD", ""))
    with store, Corpus(seed_settings.corpus) as corpus:
        rebuild(corpus, store)
        yield store


@pytest.fixture(scope="module")
def falkordb_seeds(seed_settings):
    with FalkorDBStore(falkordb_path(seed_settings.graph)) as store:
        yield store


@pytest.mark.parametrize("name", default_registry().names())
def test_every_query_answers_on_neo4j_as_on_falkordb(neo4j_seeds, falkordb_seeds, name):
    params = load_query(name).example()
    on_neo4j = run(neo4j_seeds, name, params)
    on_falkordb = run(falkordb_seeds, name, params)
    assert on_neo4j.columns == on_falkordb.columns
    assert len(on_neo4j.rows) == len(on_falkordb.rows)


def test_seed_facts_on_neo4j(neo4j_seeds):
    [summit] = run(neo4j_seeds, "event_network", {"event": "产学研圆桌峰会"}).records()
    assert "南山区工商联" in summit["organisers"]
    investors = {r["name"] for r in run(neo4j_seeds, "article_entities",
                                         {"article": NANSHAN_ARTICLE, "label": "Investor"}).records()}
    assert investors & {"深创投", "深圳市松禾创业投资有限公司"}
    [chain, *_] = run(neo4j_seeds, "connection_between", {"a": "南山区工商联", "b": "南山区统战部"}).records()
    assert chain["hops"] == 2 and all(chain["evidence"])


def test_engine_section_runs_on_neo4j(neo4j_seeds, tmp_path):
    (tmp_path / "engine_specific.cypher").write_text(ENGINE_SPECIFIC, encoding="utf-8")
    result = run(neo4j_seeds, "engine_specific", {"x": 7}, registry=QueryRegistry(tmp_path))
    assert result.records() == [{"engine": "neo4j", "x": 7}]


def test_named_queries_are_read_only_on_neo4j(neo4j_seeds, tmp_path):
    (tmp_path / "sneaky.cypher").write_text(
        "// name: sneaky\n// description: Writes.\n// description: 写入。\n// page: cli\n"
        "CREATE (n:Park {id: 'park:sneaky'}) RETURN n\n", encoding="utf-8")
    with pytest.raises(ReadOnlyError):
        run(neo4j_seeds, "sneaky", registry=QueryRegistry(tmp_path))
