"""GraphStore behaviour on every backend, and the embedded store's multi-process behaviour."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ecograph.errors import QueryError, ReadOnlyError, StoreError
from ecograph.graph.connect import open_store
from ecograph.graph.falkordb_store import FalkorDBStore
from ecograph.graph.store import QueryResult
from ecograph.settings import load_settings

REPO = Path(__file__).resolve().parents[1]
TRICKY = "中关村\"医疗\"器械园's \\ 新\n$name {x}; // MATCH (n) DETACH DELETE n"


def without_ids(value):
    """A result value with the engine's node ids left out (they differ per engine)."""
    if isinstance(value, dict):
        return {k: without_ids(v) for k, v in value.items() if k not in ("_id", "_start", "_end")}
    if isinstance(value, list):
        return [without_ids(v) for v in value]
    return value


def test_nodes_relationships_and_paths_come_back_as_plain_values(store):
    store.write("CREATE (:Company {id: 'c', name: $name})-[:OPERATES {confidence: 0.5}]->"
                "(:Park {id: 'p', name: '园区', aliases: ['园', 'P']})", {"name": "运营公司"})

    result = store.read("MATCH path = (c:Company)-[r]->(p:Park) RETURN c, r, p, path, c.name")

    c, r, p, path, name = result.rows[0]
    assert result.columns == ["c", "r", "p", "path", "c.name"]
    assert without_ids(result.rows) == [[
        {"_labels": ["Company"], "id": "c", "name": "运营公司"},
        {"_type": "OPERATES", "confidence": 0.5},
        {"_labels": ["Park"], "id": "p", "name": "园区", "aliases": ["园", "P"]},
        {"nodes": [without_ids(c), without_ids(p)], "relationships": [{"_type": "OPERATES",
                                                                        "confidence": 0.5}]},
        "运营公司",
    ]]
    assert (r["_start"], r["_end"]) == (c["_id"], p["_id"])
    assert path["relationships"][0]["_start"] == c["_id"]


def test_query_result_records_and_scalar():
    result = QueryResult(columns=["a", "b"], rows=[[1, 2], [3, 4]])

    assert result.records() == [{"a": 1, "b": 2}, {"a": 3, "b": 4}]
    assert result.scalar() == 1
    assert QueryResult().scalar() is None


@pytest.mark.parametrize("query", [
    "CREATE (:Company {id: 'x'})",
    "MERGE (:Company {id: 'x'})",
    "MATCH (n) SET n.name = 'x'",
    "MATCH (n) DETACH DELETE n",
])
def test_read_refuses_to_write(store, query):
    store.write("CREATE (:Company {id: 'keep', name: 'k'})")

    with pytest.raises(ReadOnlyError, match="read-only"):
        store.read(query)

    assert store.read("MATCH (n) RETURN n.id, n.name").rows == [["keep", "k"]]


def test_invalid_cypher_is_a_query_error(store):
    with pytest.raises(QueryError, match="Cypher error"):
        store.read("MATCH (n RETURN n")
    with pytest.raises(QueryError):
        store.write("MATCH (n RETURN n")


def test_parameters_carry_any_text_as_a_value(store):
    store.write("CREATE (:Company {id: $id, name: $name, aliases: $aliases})",
                {"id": "c'1", "name": TRICKY, "aliases": ["方潤醫療", "a\"b", ""]})

    rows = store.read("MATCH (n:Company) WHERE n.name = $name RETURN n.id, n.name, n.aliases",
                      {"name": TRICKY}).rows

    assert rows == [["c'1", TRICKY, ["方潤醫療", "a\"b", ""]]]


def test_write_batches_sends_every_row(store):
    rows = [{"id": f"c{i}", "name": f"公司{i}"} for i in range(1201)]

    sent = store.write_batches(
        "UNWIND $rows AS row CREATE (:Company {id: row.id, name: row.name})", rows, batch_size=500)

    assert sent == 1201
    assert store.read("MATCH (n:Company) RETURN count(n), count(DISTINCT n.id)").rows == [[1201, 1201]]
    with pytest.raises(QueryError, match=r"\$rows"):
        store.write_batches("CREATE (:Company)", rows)


def test_clear_empties_the_graph(store):
    store.write("CREATE (:Company {id: 'a'})-[:OPERATES]->(:Park {id: 'b'})")

    store.clear()

    assert store.read("MATCH (n) RETURN count(n)").scalar() == 0


def test_ensure_schema_indexes_id_and_name_and_can_repeat(store):
    store.ensure_schema()  # the fixture ran it once already

    indexed = schema_indexes(store)

    assert {("Company", "id"), ("Company", "name"), ("Park", "id"), ("Article", "id")} <= indexed
    assert ("Article", "name") not in indexed


def schema_indexes(store) -> set[tuple[str, str]]:
    """(label, property) pairs with a range/b-tree index, asked in the engine's own way."""
    if store.kind == "falkordb":
        rows = store.read("CALL db.indexes() YIELD label, properties RETURN label, properties").rows
    else:
        rows = store.read("SHOW INDEXES YIELD labelsOrTypes, properties, type "
                          "WHERE type = 'RANGE' RETURN labelsOrTypes[0], properties").rows
    return {(label, prop) for label, props in rows for prop in props}


def test_open_store_picks_the_backend_from_the_url(tmp_path):
    with open_store(load_settings(graph=f"falkordb://{tmp_path}/g.db").graph) as store:
        assert (store.kind, store.location) == ("falkordb", str(tmp_path / "g.db"))

    with pytest.raises(StoreError, match=r"cannot reach Neo4j at bolt://127.0.0.1:1: is it running"):
        open_store(load_settings(graph="bolt://127.0.0.1:1").graph)


def test_neo4j_errors_become_one_line_ecograph_errors():
    """The mapping itself, on errors as the driver builds them from server replies."""
    from neo4j.exceptions import Neo4jError

    from ecograph.graph.neo4j_store import _error_for

    def server_error(code, message):
        return _error_for(Neo4jError._hydrate_neo4j(code=code, message=message))

    refusal = server_error("Neo.ClientError.Statement.AccessMode",
                           "Writing in read access mode not allowed.")
    syntax = server_error("Neo.ClientError.Statement.SyntaxError",
                          "Invalid input 'R'\n\"MATCH (n RETURN n\"\n         ^")
    crash = server_error("Neo.DatabaseError.General.UnknownError", "boom")

    assert (type(refusal), type(syntax), type(crash)) == (ReadOnlyError, QueryError, StoreError)
    assert str(syntax) == "Cypher error: Invalid input 'R'"


# --- the embedded store: files, processes, servers -------------------------------------------

def test_embedded_graph_survives_close_and_reopen(tmp_path):
    path = tmp_path / "graph.db"
    with FalkorDBStore(path) as store:
        store.write("CREATE (:Company {id: 'a', name: $name})", {"name": TRICKY})

    with FalkorDBStore(path) as store:
        assert store.read("MATCH (n) RETURN n.name").rows == [[TRICKY]]
    assert path.is_file() and (tmp_path / "graph.db.aof.d").is_dir()
    assert not (tmp_path / "graph.db.settings").exists()  # the server stopped with the last store


def test_closed_store_says_so(falkordb_store):
    falkordb_store.close()
    falkordb_store.close()  # a second close is harmless

    with pytest.raises(StoreError, match="is closed"):
        falkordb_store.read("RETURN 1")


WRITER = """
import sys, time
from pathlib import Path
from ecograph.graph.falkordb_store import FalkorDBStore
path, name, go = sys.argv[1], sys.argv[2], Path(sys.argv[3])
Path(f"{go}.{name}.ready").touch()
while not go.exists():
    time.sleep(0.005)
with FalkorDBStore(path) as store:
    store.write("UNWIND range(1, 200) AS i CREATE (:Company {id: $name + '-' + toString(i)})",
                {"name": name})
"""


def run_writers(path: Path, names: list[str]) -> None:
    """Start one writer process per name and release them all at the same moment."""
    go = path.parent / "go"
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), name, str(go)], cwd=REPO)
             for name in names]
    while not all(Path(f"{go}.{name}.ready").exists() for name in names):
        time.sleep(0.005)
    go.touch()
    assert [proc.wait(timeout=60) for proc in procs] == [0] * len(names)


def count_nodes(path: Path) -> int:
    with FalkorDBStore(path) as store:
        return store.read("MATCH (n) RETURN count(DISTINCT n.id)").scalar()


def test_processes_opening_one_file_at_once_keep_every_write(tmp_path):
    """Without the start-up lock each process starts its own server and the last save wins."""
    path = tmp_path / "graph.db"

    run_writers(path, ["p1", "p2"])

    assert count_nodes(path) == 400


def test_a_store_held_open_shares_its_server_with_other_processes(tmp_path):
    """The app keeps the graph open while `ecograph ingest` runs elsewhere."""
    path = tmp_path / "graph.db"
    with FalkorDBStore(path) as app:
        app.write("CREATE (:Company {id: 'app'})")

        run_writers(path, ["p1", "p2"])

        assert app.read("MATCH (n) RETURN count(n)").scalar() == 401  # same server, live
    assert count_nodes(path) == 401


def test_the_server_outlives_the_store_that_started_it(tmp_path):
    path = tmp_path / "graph.db"
    first = FalkorDBStore(path)
    second = FalkorDBStore(path)

    first.write("CREATE (:Company {id: 'a'})")
    first.close()
    second.write("CREATE (:Company {id: 'b'})")
    second.close()

    assert count_nodes(path) == 2


def test_a_store_rejoins_after_its_server_died(tmp_path):
    path = tmp_path / "graph.db"
    with FalkorDBStore(path) as store:
        store.write("CREATE (:Company {id: 'a'})")
        registry = json.loads((tmp_path / "graph.db.settings").read_text())
        store.write("CREATE (:Company {id: 'b'})")
        time.sleep(1.1)  # the append-only log is fsynced every second
        os.kill(registry["pid"], signal.SIGKILL)

        assert store.read("MATCH (n) RETURN n.id ORDER BY n.id").rows == [["a"], ["b"]]
        assert store.server_pid != registry["pid"]  # a new server, on the same files
    assert not Path(registry["run_dir"]).exists()  # the dead server's socket folder is gone


def test_reading_a_graph_never_written_gives_empty_answers(tmp_path):
    with FalkorDBStore(tmp_path / "fresh.db") as store:
        assert store.read("MATCH (n) RETURN count(n) AS n").rows == [[0]]
        assert store.read("MATCH (p:Park) RETURN p.name").rows == []
