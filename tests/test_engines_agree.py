"""The two engines agree: one corpus (../shared/seeds, examples/articles, tests/regression), in the
embedded FalkorDB and in the session's Neo4j (moved there with `ecograph rebuild --graph
bolt://…`), gives the same `stats --json` bytes, the same rows from every named query, and the
same answers from the app's data functions (path finder, profile, scouting, map, collaboration).

Nothing here knows what extraction finds: every expectation is the other engine's answer, and
the parameters beyond each query's documented example are drawn from the graph itself.
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from typer.testing import CliRunner

from ecograph.cli import app
from ecograph.graph.connect import falkordb_path
from ecograph.graph.falkordb_store import FalkorDBStore
from ecograph.graph.loader import graph_counts
from ecograph.graph.queries import NamedQuery, default_registry, load_query, run
from tests.conftest import open_neo4j

runner = CliRunner()
SAMPLE = 4  # entities drawn from the graph per query parameter
# Parameters that name an entity, and the label that entity should have ("" for any).
ENTITY_PARAMS = {"name": "", "a": "", "source": "", "text": "", "organisation": "", "company": "Company",
                 "investor": "", "park": "Park", "alliance": "Alliance", "hospital": "Hospital",
                 "person": "Person", "event": "Event", "segment": "Segment"}


# ----------------------------------------------------------------------------- the two graphs

@pytest.fixture(scope="module")
def neo4j_url(corpus_settings, neo4j_env) -> str:
    """The corpus moved into Neo4j by the CLI, as a user would."""
    result = runner.invoke(app, ["--corpus", str(corpus_settings.corpus),
                                 "--graph", neo4j_env["NEO4J_URI"], "rebuild"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("graph rebuilt: ")
    return neo4j_env["NEO4J_URI"]


@pytest.fixture(scope="module")
def falkordb(corpus_settings):
    with FalkorDBStore(falkordb_path(corpus_settings.graph)) as store:
        yield store


@pytest.fixture(scope="module")
def neo4j(neo4j_url, neo4j_env):
    with open_neo4j(neo4j_env) as store:
        yield store


def plain(value: Any) -> Any:
    """A result value without engine ids, floats rounded (sums may add in another order)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items() if k not in ("_id", "_start", "_end")}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, float):
        return round(value, 9)
    return value


def multiset(rows: list) -> Counter:
    return Counter(json.dumps(row, ensure_ascii=False, sort_keys=True) for row in rows)


# ----------------------------------------------------------------------------- moving, stats

def test_rebuild_moves_the_whole_corpus_into_neo4j(falkordb, neo4j):
    counts = graph_counts(neo4j)

    assert counts == graph_counts(falkordb)
    assert counts["nodes"]["Article"] > 0 and counts["relationships"]["MENTIONED_IN"] > 0


def test_stats_json_gives_the_same_bytes_on_both_engines(corpus_settings, neo4j_url):
    def stats(url: str) -> str:
        result = runner.invoke(app, ["--corpus", str(corpus_settings.corpus), "--graph", url,
                                     "stats", "--json"])
        assert result.exit_code == 0, result.output
        return result.stdout

    on_falkordb, on_neo4j = stats(corpus_settings.graph), stats(neo4j_url)

    assert on_neo4j == on_falkordb
    assert json.loads(on_neo4j)["top_entities"]


# ----------------------------------------------------------------------------- named queries

def ordered(query: NamedQuery) -> bool:
    """Whether the query orders its rows: an ORDER BY after its last UNION (one before it only
    orders what a part collects)."""
    return "ORDER BY" in query.cypher("neo4j").upper().rsplit("UNION", 1)[-1]


def parameter_sets(query: NamedQuery, store) -> Iterator[dict]:
    """The documented example, the defaults, then entities (and articles) drawn from the graph."""
    yield query.example()
    yield {p.name: p.example for p in query.params if p.required}
    names = {p.name for p in query.params}
    base = {p.name: p.example for p in query.params if p.required}
    for param in names & set(ENTITY_PARAMS):
        drawn = top_entities(store, ENTITY_PARAMS[param])
        for i, entity in enumerate(drawn):
            values = {param: entity["name"]}
            if "b" in names:
                values["b"] = drawn[(i + 1) % len(drawn)]["name"]
            yield {**base, **values}
    if "id" in names:
        for entity in top_entities(store, ""):
            yield {**base, "id": entity["id"]}
    if "ids" in names or "article" in names:
        articles = [row["id"] for row in run(store, "latest_articles", {"limit": SAMPLE}).records()]
        entities = [entity["id"] for entity in top_entities(store, "")]
        if "article" in names:
            yield from ({**base, "article": article} for article in articles)
        elif query.name == "articles_by_id":
            yield {"ids": articles}
        else:
            yield {"ids": entities}


def top_entities(store, label: str) -> list[dict]:
    """The most connected entities (of `label`, or of any): their ids and names."""
    names = [row["name"] for row in run(store, "top_connected", {"label": label, "limit": SAMPLE}).records()]
    ids = {row["name"]: row["id"] for row in run(store, "entities").records()}
    return [{"name": name, "id": ids[name]} for name in names]


@pytest.mark.parametrize("name", default_registry().names())
def test_every_named_query_answers_the_same_on_both_engines(falkordb, neo4j, name):
    """Exactly the same rows where the query orders them; the same multiset where it does not."""
    query = load_query(name)
    answered = 0
    for params in parameter_sets(query, falkordb):
        on_falkordb, on_neo4j = run(falkordb, name, params), run(neo4j, name, params)
        assert on_neo4j.columns == on_falkordb.columns, params
        rows_f, rows_n = plain(on_falkordb.rows), plain(on_neo4j.rows)
        if ordered(query):
            assert rows_n == rows_f, params
        else:
            assert multiset(rows_n) == multiset(rows_f), params
        answered += bool(rows_f)
    assert answered, f"{name} returned no row for any parameters: the comparison says nothing"


# ----------------------------------------------------------------------------- the app's data

def app_answers(monkeypatch, graph_url: str, corpus: str) -> dict:
    """What the explorer's pages are given (ecograph.ui.data, graph.analytics) on one graph."""
    from ecograph.graph import analytics
    from ecograph.ui import data

    monkeypatch.setenv("ECOGRAPH_GRAPH", graph_url)
    monkeypatch.setenv("ECOGRAPH_CORPUS", corpus)
    data.clear_caches()  # the session's Neo4j held other graphs under the same URL
    entities = data.entities()
    top = list(entities["id"].head(SAMPLE))
    G = data.graph()
    paths = {f"{s} {t}": data.paths(s, t) for s in top for t in top if s < t}
    collaboration = data.collaboration()
    H = collaboration["graph"]
    return plain({
        "counts": data.counts(),
        "entities": entities.to_dict("records"),
        "overview": [data.ecosystem_comparison().to_dict(), data.latest_articles(10)],
        "graph": [list(G.nodes(data=True)), list(G.edges(keys=True, data=True))],
        "profile": {i: [data.entity_links(i), data.entity_articles(i)] for i in top},
        "path finder": [paths, data.links_among(sorted({n for p in paths.values() for q in p for n in q}))],
        "scouting": {f"{segment} {ecosystem}": {group: [(c.id, c.score, [r.en for r in c.reasons], c.facts)
                                                        for c in found]
                                                for group, found in data.scouting(segment, ecosystem, "A").items()}
                     for segment in sorted({d["taxonomy"] for _, d in G.nodes(data=True) if d["taxonomy"]})[:SAMPLE]
                     for ecosystem in ("", "南山")},
        "map": [data.map_view(), data.map_view(budget=40, ecosystems=["张江", "南山"], include_unplaced=True),
                data.date_bounds(), sorted(data.search("医疗"))],
        "collaboration": [sorted(map(sorted, collaboration["communities"])), collaboration["brokers"],
                          sorted(H.edges(data=True))],
        "cross-ecosystem": analytics.cross_ecosystem_links(G),
    })


def test_the_app_shows_the_same_on_both_engines(corpus_settings, neo4j_url, monkeypatch):
    corpus = str(corpus_settings.corpus)
    on_falkordb = app_answers(monkeypatch, corpus_settings.graph, corpus)
    on_neo4j = app_answers(monkeypatch, neo4j_url, corpus)

    for view in on_falkordb:
        assert on_neo4j[view] == on_falkordb[view], view
    assert on_falkordb["path finder"][0] and on_falkordb["scouting"] and on_falkordb["map"][0]["nodes"]
