"""GraphStore behaviour on every backend, and the embedded store's multi-process behaviour."""
from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from ecograph.errors import QueryError, ReadOnlyError, StoreError
from ecograph.graph.connect import open_store
from ecograph.graph.falkordb_store import FalkorDBStore, find_orphan
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
from ecograph.graph.falkordb_store import FalkorDBStore, find_orphan
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


# --- bounds on reads ----------------------------------------------------------------------------


@pytest.fixture
def bounded(tmp_path):
    """An embedded graph of 300 nodes whose reads may run 1 s and return 1,000 rows."""
    with FalkorDBStore(tmp_path / "graph.db", read_timeout=1, max_rows=1000) as store:
        store.write("UNWIND range(1, 300) AS i CREATE (:Company {id: toString(i)})")
        yield store


@pytest.mark.parametrize("query", ["MATCH (a), (b), (c), (d) RETURN count(*)",
                                   "MATCH (a), (b), (c) WITH a, b, c ORDER BY a.id, b.id, c.id RETURN count(*)"])
def test_a_read_that_runs_too_long_is_stopped_by_the_server_and_one_line(bounded, query):
    with pytest.raises(QueryError) as caught:
        bounded.read(query)
    assert caught.value.line() == ("the query ran longer than 1 s, so FalkorDB stopped it: narrow it "
                                   "(a LIMIT, fewer hops) [E301]")


def test_the_store_still_answers_after_runaway_reads(bounded):
    """Two at once: the server has two query threads, and both were taken until they stopped."""
    import threading

    errors: list[Exception] = []

    def runaway() -> None:
        try:
            bounded.read("MATCH (a), (b), (c), (d) RETURN count(*)")
        except QueryError as error:
            errors.append(error)

    threads = [threading.Thread(target=runaway) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(errors) == 2
    assert bounded.read("MATCH (n) RETURN count(n)").scalar() == 300


def test_a_read_returns_all_its_rows_or_none(bounded):
    assert len(bounded.read("UNWIND range(1, 1000) AS x RETURN x").rows) == 1000
    with pytest.raises(QueryError) as caught:
        bounded.read("UNWIND range(1, 3000000) AS x RETURN x")
    assert caught.value.line() == ("the result has more than 1,000 rows, the most a read may return: "
                                   "narrow the query or add a LIMIT [E301]")


def test_writes_are_not_bounded(bounded):
    assert len(bounded.write("UNWIND range(1, 1000) AS x RETURN x").rows) == 1000
    assert bounded.write("MATCH (a), (b) WITH a, b ORDER BY a.id, b.id SET a.seen = true RETURN count(*)").scalar() == 90000


def test_a_store_joining_a_server_keeps_its_row_cap(tmp_path):
    with FalkorDBStore(tmp_path / "graph.db", max_rows=10):
        with FalkorDBStore(tmp_path / "graph.db") as joined, pytest.raises(QueryError, match="more than 10 rows"):
            joined.read("UNWIND range(1, 11) AS x RETURN x")


@pytest.mark.parametrize(("params", "problem"), [
    ({"`": 1}, "parameter name '`' is not a name"),
    ({"limit": 10**23}, "parameter 'limit': the integer does not fit in 64 bits"),
    ({"name": "a\x00b"}, "parameter 'name' holds a NUL character or a lone surrogate"),
    ({"names": ["a", "\ud800"]}, "parameter 'names' holds a NUL character or a lone surrogate"),
])
def test_parameters_no_engine_can_take_are_query_errors(falkordb_store, params, problem):
    with pytest.raises(QueryError, match=re.escape(problem)):
        falkordb_store.read("RETURN 1", params)


# --- the server's files ---------------------------------------------------------------------------


@pytest.mark.parametrize("content", ["", "{", "[1]", '{"pid": "x"}', '{"pid": 1, "socket": "/nowhere", "run_dir": "/"}'])
def test_an_empty_or_corrupt_server_record_is_replaced(tmp_path, content):
    (tmp_path / "graph.db.settings").write_text(content)
    with FalkorDBStore(tmp_path / "graph.db") as store:
        store.write("CREATE (:Company {id: 'a'})")
        assert json.loads((tmp_path / "graph.db.settings").read_text())["pid"] == store.server_pid
    assert count_nodes(tmp_path / "graph.db") == 1
    assert Path("/").is_dir()  # a record naming / as its run folder never has it removed


def test_a_server_record_that_cannot_be_written_leaves_no_server_behind(tmp_path):
    """A full disk at the moment the record is written (/dev/full answers every write so)."""
    (tmp_path / "graph.db.settings.tmp").symlink_to("/dev/full")
    with pytest.raises(StoreError) as caught:
        FalkorDBStore(tmp_path / "graph.db")
    assert caught.value.line() == f"cannot write {tmp_path / 'graph.db.settings'}: No space left on device [E201]"
    assert find_orphan((tmp_path / "graph.db").resolve()) is None
    assert not (tmp_path / "graph.db.settings").exists() and not (tmp_path / "graph.db.settings.tmp").exists()
    with FalkorDBStore(tmp_path / "graph.db") as store:
        assert store.read("RETURN 1").rows == [[1]]


def test_a_server_whose_record_was_lost_is_joined_not_doubled(tmp_path):
    path = tmp_path / "graph.db"
    with FalkorDBStore(path) as first:
        first.write("CREATE (:Company {id: 'a'})")
        (tmp_path / "graph.db.settings").unlink()

        with FalkorDBStore(path) as second:
            assert second.server_pid == first.server_pid
            second.write("CREATE (:Company {id: 'b'})")
        assert first.read("MATCH (n) RETURN n.id ORDER BY n.id").rows == [["a"], ["b"]]
    assert count_nodes(path) == 2


def test_a_lost_server_that_no_longer_answers_is_stopped_before_another_starts(tmp_path):
    path = tmp_path / "graph.db"
    store = FalkorDBStore(path)
    store.write("CREATE (:Company {id: 'a'})")
    time.sleep(1.1)  # the append-only log is fsynced every second
    stuck = store.server_pid
    (tmp_path / "graph.db.settings").unlink()
    os.kill(stuck, signal.SIGSTOP)
    try:
        with FalkorDBStore(path) as other:
            assert other.server_pid != stuck
            assert other.read("MATCH (n) RETURN n.id").rows == [["a"]]
        assert not psutil.pid_exists(stuck) or psutil.Process(stuck).status() == psutil.STATUS_ZOMBIE
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(stuck, signal.SIGKILL)


def test_a_graph_whose_log_is_missing_is_served_from_its_snapshot(tmp_path, caplog):
    path = tmp_path / "graph.db"
    with FalkorDBStore(path) as store:
        store.write("CREATE (:Company {id: 'a'})")
    shutil.rmtree(tmp_path / "graph.db.aof.d")

    with FalkorDBStore(path) as store:
        assert store.read("MATCH (n) RETURN n.id").rows == [["a"]]
        store.write("CREATE (:Company {id: 'b'})")
    assert "the append-only log graph.db.aof.d was missing" in caplog.text
    assert (tmp_path / "graph.db.aof.d").is_dir()
    assert count_nodes(path) == 2


def test_graph_files_deleted_while_a_store_is_open_are_written_again_on_close(tmp_path):
    path = tmp_path / "graph.db"
    with FalkorDBStore(path) as store:
        store.write("CREATE (:Company {id: 'a'})")
        for leftover in tmp_path.glob("graph.db*"):
            shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
        store.write("CREATE (:Company {id: 'b'})")
    with FalkorDBStore(path) as store:
        assert store.read("MATCH (n) RETURN n.id ORDER BY n.id").rows == [["a"], ["b"]]


CORRUPTIONS = {
    "manifest": lambda folder: (folder / "graph.db.aof.manifest").write_text("not a manifest"),
    "empty manifest": lambda folder: (folder / "graph.db.aof.manifest").write_bytes(b""),
    "log": lambda folder: (folder / "graph.db.aof.1.incr.aof").open("ab").write(b"*3\r\n$3\r\nSET\r\ngarbage"),
    "snapshot": lambda folder: (folder / "graph.db.aof.1.base.rdb").write_bytes(b"REDIS0011" + b"\xff" * 40),
}


@pytest.mark.parametrize("corruption", sorted(CORRUPTIONS))
def test_a_damaged_log_is_one_line_and_leaves_nothing_behind(tmp_path, corruption):
    graph = tmp_path / "graph" / "graph.db"
    with FalkorDBStore(graph) as store:
        store.write("UNWIND range(1, 50) AS i CREATE (:Company {id: toString(i)})")
    CORRUPTIONS[corruption](graph.parent / "graph.db.aof.d")
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(private_tmp), "ECOGRAPH_GRAPH": f"falkordb://{graph}",
           "ECOGRAPH_CORPUS": str(tmp_path / "c.sqlite")}
    done = subprocess.run([sys.executable, "-m", "ecograph.cli", "stats"], env=env, capture_output=True,
                          text=True, timeout=120, cwd=REPO)
    assert done.returncode == 1 and done.stdout == ""
    assert len(done.stderr.splitlines()) == 1, done.stderr
    assert done.stderr.startswith(f"error: cannot start the embedded FalkorDB for {graph} (")
    assert done.stderr.endswith("[E201]\n")
    assert list(private_tmp.iterdir()) == []  # no run folder left behind
    assert not (graph.parent / "graph.db.settings").exists()


needs_mount = pytest.mark.skipif(not shutil.which("unshare"), reason="needs unshare to mount a small tmpfs")
FILL = """
import sys
from ecograph.graph.falkordb_store import FalkorDBStore, find_orphan
from ecograph.errors import EcographError
try:
    with FalkorDBStore(sys.argv[1] + "/graph.db") as store:
        for i in range(10000):
            store.write("CREATE (:Company {id: $id, name: $name})", {"id": str(i), "name": "x" * 100000})
except EcographError as error:
    print(error.line())
"""


@needs_mount
def test_a_full_disk_is_one_line(tmp_path):
    """A graph on a 3 MB file system of its own, written until it is full."""
    (tmp_path / "disk").mkdir()
    script = f"mount -t tmpfs -o size=3m tmpfs {tmp_path / 'disk'} && exec {sys.executable} -c '{FILL}' {tmp_path / 'disk'}"
    done = subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script],
                          capture_output=True, text=True, timeout=120, cwd=REPO)
    if "mount" in done.stderr and done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    assert done.stdout == (f"the embedded FalkorDB for {tmp_path / 'disk' / 'graph.db'} cannot write to disk, so it "
                           "refuses writes: MISCONF Errors writing to the AOF file: No space left on device [E201]\n")
    assert done.stderr == ""
