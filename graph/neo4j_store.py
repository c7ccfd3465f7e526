"""The server backend: Neo4j 5 through the official driver.

Reads run in read transactions, so the server itself refuses any write they attempt, and with a
transaction timeout the server enforces; writes run in write transactions (the loader sends
UNWIND batches, one transaction each). Driver errors become one-line ecograph errors.

The schema (a uniqueness constraint on `id` and an index on `name` per label, and a full-text
index on names and aliases with Lucene's CJK analyzer, so that any run of two or more Chinese
characters finds the names that contain it) is created once: `ensure_schema` creates only what
the database lacks, then waits for the new indexes to come online.
"""
from __future__ import annotations

import contextlib
from typing import Any, Callable

import neo4j
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConfigurationError,
    Forbidden,
    ForbiddenOnReadOnlyDatabase,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)
from neo4j.graph import Node, Path, Relationship

from ecograph.errors import QueryError, ReadOnlyError, StoreError
from ecograph.graph.store import READ_ONLY_MESSAGE, GraphStore, QueryResult
from ecograph.ontology import ARTICLE_LABEL, LABELS

FULLTEXT_INDEX = "entity_names"
FULLTEXT_ANALYZER = "cjk"  # Lucene's CJKAnalyzer: overlapping bigrams of Han characters
ACCESS_MODE_CODE = "Neo.ClientError.Statement.AccessMode"
TIMED_OUT_CODE = "Neo.ClientError.Transaction.TransactionTimedOut"  # …ClientConfiguration too
READ_TIMEOUT = 60.0  # seconds a read may run before the server stops it
INDEX_ONLINE_TIMEOUT = 300  # seconds to wait for new indexes to be populated


class Neo4jStore(GraphStore):
    """The graph in a Neo4j 5 database (the server's default database)."""

    kind = "neo4j"
    concurrent_writes = True  # the driver is thread-safe; every write runs in a session of its own

    def __init__(self, uri: str, user: str, password: str, read_timeout: float = READ_TIMEOUT):
        self.location = uri
        self.read_timeout = read_timeout
        self._schema_ready = False
        with self._mapped_errors():
            # No notifications: the driver logs each one as a warning, on stderr by default, and
            # queries name relationship types a graph may not hold yet.
            self._driver = neo4j.GraphDatabase.driver(uri, auth=(user, password),
                                                      notifications_min_severity="OFF")
            self._driver.verify_connectivity()

    def read(self, query: str, params: dict | None = None) -> QueryResult:
        return self._transaction("execute_read", query, params, self.read_timeout)

    def write(self, query: str, params: dict | None = None) -> QueryResult:
        return self._transaction("execute_write", query, params)

    def ensure_schema(self) -> None:
        """Unique ids per label, a name index per label, one full-text index on names+aliases:
        whichever of them the database lacks (a full-text index with another analyzer is made
        again), then wait until they are online."""
        if self._schema_ready:
            return
        existing = {name for (name,) in self.read("SHOW INDEXES YIELD name RETURN name").rows}
        existing |= {name for (name,) in self.read("SHOW CONSTRAINTS YIELD name RETURN name").rows}
        if FULLTEXT_INDEX in existing and self._fulltext_analyzer() != FULLTEXT_ANALYZER:
            self.write(f"DROP INDEX {FULLTEXT_INDEX}")
            existing.discard(FULLTEXT_INDEX)
        missing = [ddl for name, ddl in schema_statements() if name not in existing]
        for ddl in missing:
            self.write(ddl)
        if missing:
            self.read("CALL db.awaitIndexes($seconds)", {"seconds": INDEX_ONLINE_TIMEOUT})
        self._schema_ready = True

    def _fulltext_analyzer(self) -> str | None:
        return self.read("SHOW FULLTEXT INDEXES YIELD name, options WHERE name = $name "
                         "RETURN options.indexConfig['fulltext.analyzer']",
                         {"name": FULLTEXT_INDEX}).scalar()

    def clear(self) -> None:
        """Delete every node and relationship, in batches (one huge transaction would need
        memory for the whole graph); indexes and constraints stay. Relationships go first, 10,000
        at a time: 10,000 nodes deleted with theirs took every mention of 10,000 articles at once,
        past Neo4j's transaction memory limit on a 100k-article graph."""
        while self.write("MATCH ()-[r]->() WITH r LIMIT 10000 DELETE r RETURN count(*)").scalar():
            pass
        while self.write("MATCH (n) WITH n LIMIT 10000 DETACH DELETE n RETURN count(*)").scalar():
            pass

    def close(self) -> None:
        self._driver.close()

    def _transaction(self, mode: str, query: str, params: dict | None,
                     timeout: float | None = None) -> QueryResult:
        work = _unit_of_work(query, params or {})
        if timeout:
            work = neo4j.unit_of_work(timeout=timeout)(work)
        with self._mapped_errors(), self._driver.session() as session:
            return getattr(session, mode)(work)

    @contextlib.contextmanager
    def _mapped_errors(self):
        try:
            yield
        except AuthError:
            raise StoreError(
                "Neo4j refused the user/password (NEO4J_USER/NEO4J_PASSWORD)"
            ) from None
        except (ServiceUnavailable, SessionExpired):
            raise StoreError(
                f"cannot reach Neo4j at {self.location}: is it running? (docker compose up neo4j)"
            ) from None
        except ConfigurationError as exc:
            raise StoreError(f"cannot use Neo4j at {self.location}: {exc}") from None
        except Neo4jError as exc:
            if (exc.code or "").startswith(TIMED_OUT_CODE):
                raise QueryError(f"the query ran longer than {self.read_timeout:g} s, so Neo4j "
                                 "stopped it: narrow it (a LIMIT, fewer hops)") from None
            raise _error_for(exc) from None


def schema_statements() -> list[tuple[str, str]]:
    """(name, DDL) of every constraint and index the graph uses."""
    statements = []
    for label in (*LABELS, ARTICLE_LABEL):
        key = label.lower()
        statements.append((f"{key}_id", f"CREATE CONSTRAINT {key}_id IF NOT EXISTS "
                                        f"FOR (n:{label}) REQUIRE n.id IS UNIQUE"))
        if label != ARTICLE_LABEL:
            statements.append((f"{key}_name", f"CREATE INDEX {key}_name IF NOT EXISTS "
                                              f"FOR (n:{label}) ON (n.name)"))
    statements.append((FULLTEXT_INDEX, (
        f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS "
        f"FOR (n:{'|'.join(LABELS)}) ON EACH [n.name, n.aliases] "
        f"OPTIONS {{indexConfig: {{`fulltext.analyzer`: '{FULLTEXT_ANALYZER}'}}}}")))
    return statements


def _unit_of_work(query: str, params: dict) -> Callable[[neo4j.ManagedTransaction], QueryResult]:
    """A transaction function; it may be retried, so it consumes its result inside."""
    def work(tx: neo4j.ManagedTransaction) -> QueryResult:
        result = tx.run(query, params)
        rows = [[_plain(value) for value in record.values()] for record in result]
        return QueryResult(columns=list(result.keys()), rows=rows)

    return work


def _error_for(exc: Neo4jError) -> StoreError | QueryError:
    message = (exc.message or str(exc)).strip().splitlines()[0]
    if exc.code == ACCESS_MODE_CODE or isinstance(exc, (Forbidden, ForbiddenOnReadOnlyDatabase)):
        return ReadOnlyError(READ_ONLY_MESSAGE)
    if isinstance(exc, ClientError):  # syntax, types, parameters, constraints
        return QueryError(f"Cypher error: {message}")
    return StoreError(f"Neo4j error: {message}")


def _plain(value: Any) -> Any:
    """A driver value as plain Python (see QueryResult); temporal values as ISO strings."""
    if isinstance(value, Node):
        return {"_id": value.element_id, "_labels": sorted(value.labels), **_plain(dict(value))}
    if isinstance(value, Relationship):
        return {
            "_type": value.type,
            "_start": value.start_node.element_id if value.start_node else None,
            "_end": value.end_node.element_id if value.end_node else None,
            **_plain(dict(value)),
        }
    if isinstance(value, Path):
        return {
            "nodes": [_plain(node) for node in value.nodes],
            "relationships": [_plain(rel) for rel in value.relationships],
        }
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if hasattr(value, "iso_format"):  # neo4j.time Date, DateTime, Time, Duration
        return value.iso_format()
    return value
