"""What the Neo4j backend adds: its schema (made once, with a CJK full-text index), the read
transaction's timeout and read-only mode enforced by the server, engine sections, and the
neo4j-admin import of the CSV export. Runs on the session's Neo4j (see conftest.neo4j_env)."""
from __future__ import annotations

import json
import os
import subprocess

import pytest

from ecograph.errors import QueryError, ReadOnlyError
from ecograph.graph.export import export, to_networkx
from ecograph.graph.falkordb_store import FalkorDBStore
from ecograph.graph.loader import GraphBatch, graph_counts, load
from ecograph.graph.neo4j_store import FULLTEXT_INDEX, schema_statements
from ecograph.graph.queries import QueryRegistry, run
from ecograph.service import graph_stats
from tests.conftest import open_neo4j
from tests.test_queries import ENGINE_SPECIFIC
from tools.neo4j.server import RUN, Neo4jServer

# Made-up names, with Traditional aliases and a Latin one.
NAMES = {"company:1": ("江东明澈医疗科技有限公司", ["明澈醫療", "MingChe"]),
         "park:1": ("西湾生命健康产业园", ["西灣園區"])}


@pytest.fixture
def neo4j(neo4j_env):
    with open_neo4j(neo4j_env) as store:
        store.clear()
        yield store


def named(store, label_of: dict[str, str]) -> None:
    load(store, GraphBatch(nodes=[
        {"id": node_id, "label": label_of[node_id], "name": name, "aliases": aliases, "region": ""}
        for node_id, (name, aliases) in NAMES.items()]))


def substrings(text: str, shortest: int = 2):
    return {text[i:j] for i in range(len(text)) for j in range(i + shortest, len(text) + 1)}


def test_full_text_finds_a_chinese_name_by_any_substring_of_two_or_more(neo4j, tmp_path):
    labels = {"company:1": "Company", "park:1": "Park"}
    named(neo4j, labels)
    with FalkorDBStore(tmp_path / "g.db") as embedded:
        named(embedded, labels)
        for node_id, (name, aliases) in NAMES.items():
            for text in set().union(*(substrings(s) for s in [name, *aliases] if s.isascii() is False)):
                found = {row["id"] for row in run(neo4j, "name_search", {"text": text}).records()}
                assert node_id in found, text
                assert run(neo4j, "name_search", {"text": text}).rows == \
                    run(embedded, "name_search", {"text": text}).rows, text

    analyzer = neo4j.read("SHOW FULLTEXT INDEXES YIELD name, options WHERE name = $name "
                          "RETURN options.indexConfig['fulltext.analyzer']", {"name": FULLTEXT_INDEX})
    assert analyzer.scalar() == "cjk"
    assert run(neo4j, "name_search", {"text": "江"}).rows == []  # one character: not a search
    assert [r["id"] for r in run(neo4j, "name_search", {"text": '明澈"医疗'}).records()] == []


def test_schema_is_made_once_and_its_indexes_are_online(neo4j_env):
    with open_neo4j(neo4j_env) as store:
        store.ensure_schema()
        before = store.read("SHOW INDEXES YIELD id, name, state RETURN name, id, state ORDER BY name").rows
    with open_neo4j(neo4j_env) as store:
        store.ensure_schema()
        after = store.read("SHOW INDEXES YIELD id, name, state RETURN name, id, state ORDER BY name").rows

    assert after == before
    assert {name for name, _ in schema_statements()} <= {name for name, _, _ in after}
    assert {state for _, _, state in after} == {"ONLINE"}


def test_a_full_text_index_with_another_analyzer_is_made_again(neo4j_env):
    with open_neo4j(neo4j_env) as store:
        store.ensure_schema()
        store.write(f"DROP INDEX {FULLTEXT_INDEX}")
        store.write(f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} FOR (n:Company) ON EACH [n.name]")
    with open_neo4j(neo4j_env) as store:
        store.ensure_schema()
        assert store.read("SHOW FULLTEXT INDEXES YIELD name, options WHERE name = $name "
                          "RETURN options.indexConfig['fulltext.analyzer']",
                          {"name": FULLTEXT_INDEX}).scalar() == "cjk"


def test_a_read_past_its_timeout_is_stopped_by_the_server(neo4j_env):
    with open_neo4j(neo4j_env, read_timeout=0.5) as store:
        with pytest.raises(QueryError, match=r"^the query ran longer than 0.5 s, so Neo4j stopped it"):
            store.read("UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b RETURN count(*)")
        assert store.read("RETURN 1").scalar() == 1  # the store goes on


def test_engine_section_runs_on_neo4j(neo4j, tmp_path):
    (tmp_path / "engine_specific.cypher").write_text(ENGINE_SPECIFIC, encoding="utf-8")
    result = run(neo4j, "engine_specific", {"x": 7}, registry=QueryRegistry(tmp_path))
    assert result.records() == [{"engine": "neo4j", "x": 7}]


def test_named_queries_are_read_only_on_neo4j(neo4j, tmp_path):
    (tmp_path / "sneaky.cypher").write_text(
        "// name: sneaky\n// description: Writes.\n// description: 写入。\n// page: cli\n"
        "CREATE (n:Park {id: 'park:sneaky'}) RETURN n\n", encoding="utf-8")
    with pytest.raises(ReadOnlyError):
        run(neo4j, "sneaky", registry=QueryRegistry(tmp_path))
    assert neo4j.read("MATCH (n) RETURN count(n)").scalar() == 0


def test_parallel_relationships_are_counted_alike(neo4j, tmp_path):
    """FalkorDB's known limitation: a pattern whose relationship is not referenced elsewhere
    matches two nodes once however many relationships join them. Counts must not depend on it."""
    batch = GraphBatch(
        articles=[{"id": "a1", "url": "", "title": "联盟成立", "date": "2024-01-01", "source": "a1"}],
        nodes=[{"id": "company:1", "label": "Company", "name": "甲医疗", "aliases": [], "region": "张江"},
               {"id": "alliance:1", "label": "Alliance", "name": "乙联盟", "aliases": [], "region": "张江"}],
        relations=[{"source_id": "company:1", "type": rel_type, "target_id": "alliance:1",
                    "evidence": "甲医疗发起并加入乙联盟。", "article_ids": ["a1"], "confidence": 0.9,
                    "first_seen": "2024-01-01", "last_seen": "2024-01-01", "status": "reported",
                    "title": None} for rel_type in ("FOUNDED", "MEMBER_OF")],
        mentions=[{"entity_id": "company:1", "article_id": "a1"},
                  {"entity_id": "alliance:1", "article_id": "a1"}],
    )
    answers = []
    with FalkorDBStore(tmp_path / "g.db") as embedded:
        for store in (embedded, neo4j):
            load(store, batch)
            answers.append((graph_stats(store), [run(store, q).records() for q in
                                                 ("ecosystem_overview", "dq_single_mention",
                                                  "alliance_members")]))

    assert answers[0] == answers[1]
    stats, (overview, _, members) = answers[0]
    assert stats["relationships"]["FOUNDED"] == stats["relationships"]["MEMBER_OF"] == 1
    assert [row["degree"] for row in stats["top_entities"]] == [2, 2]
    assert overview[1]["relationships"] == 2
    assert members[0]["relations"] == ["FOUNDED", "MEMBER_OF"]


def test_the_csv_export_imports_with_neo4j_admin(corpus_settings, tmp_path):
    """neo4j-admin (from the same Neo4j artifacts) imports the export into a fresh database,
    which then holds what the embedded graph holds."""
    from ecograph.graph.connect import falkordb_path

    with FalkorDBStore(falkordb_path(corpus_settings.graph)) as embedded:
        files = export(embedded, "csv", tmp_path / "csv")
        expected = to_networkx(embedded)
        expected_counts = graph_counts(embedded)
    home = tmp_path / "home"
    nodes = [f"--nodes={path}" for path in files if path.name != "relationships.csv"]
    imported = subprocess.run(
        [str(RUN), "neo4j-admin", "database", "import", "full", "neo4j", "--multiline-fields=true",
         *nodes, f"--relationships={tmp_path / 'csv' / 'relationships.csv'}"],
        env={**os.environ, "NEO4J_HOME": str(home)}, capture_output=True, text=True, timeout=600)
    assert imported.returncode == 0, imported.stdout[-2000:] + imported.stderr[-2000:]

    with Neo4jServer(tmp_path / "launcher.log", home=home) as server, \
            open_neo4j(server.settings) as store:
        assert graph_counts(store) == expected_counts
        graph = to_networkx(store)
    assert [without_empty(d) for _, d in sorted(graph.nodes(data=True))] == \
        [without_empty(d) for _, d in sorted(expected.nodes(data=True))]
    assert edges(graph) == edges(expected)


def edges(graph) -> list:
    return sorted((u, v, k, json.dumps(without_empty(d), ensure_ascii=False, sort_keys=True))
                  for u, v, k, d in graph.edges(keys=True, data=True))


def without_empty(properties: dict) -> dict:
    """CSV has no empty text or list apart from a missing one (see graph.export.write_csv)."""
    return {key: value for key, value in properties.items() if value not in ("", [], None)}


def test_rebuild_with_parallel_writers_makes_the_graph_one_writer_makes(corpus_settings, neo4j_env):
    """`ecograph rebuild --writers N` into Neo4j: the graph (every node and relationship with its
    properties) is the one `--writers 1` makes from the same corpus."""
    from typer.testing import CliRunner

    from ecograph.cli import app
    from tests.test_loader import dump

    graphs = []
    for writers in ("1", "3"):
        with open_neo4j(neo4j_env) as store:
            store.clear()
        result = CliRunner().invoke(app, ["--corpus", str(corpus_settings.corpus), "--graph", neo4j_env["NEO4J_URI"],
                                          "rebuild", "--writers", writers])
        assert result.exit_code == 0, result.output
        with open_neo4j(neo4j_env) as store:
            graphs.append(dump(store))
    assert graphs[0] == graphs[1] and len(graphs[0][1]) > 1000
