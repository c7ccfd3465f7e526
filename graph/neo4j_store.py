"""The server backend: Neo4j 5 through the official driver.

Reads run in read transactions, so the server itself refuses any write they attempt; writes run
in write transactions. Driver errors become one-line ecograph errors.
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
ACCESS_MODE_CODE = "Neo.ClientError.Statement.AccessMode"


class Neo4jStore(GraphStore):
    """The graph in a Neo4j 5 database (the server's default database)."""

    kind = "neo4j"

    def __init__(self, uri: str, user: str, password: str):
        self.location = uri
        with self._mapped_errors():
            self._driver = neo4j.GraphDatabase.driver(uri, auth=(user, password))
            self._driver.verify_connectivity()

    def read(self, query: str, params: dict | None = None) -> QueryResult:
        return self._transaction("execute_read", query, params)

    def write(self, query: str, params: dict | None = None) -> QueryResult:
        return self._transaction("execute_write", query, params)

    def ensure_schema(self) -> None:
        """Unique ids per label, a name index per label, one full-text index on names+aliases."""
        for label in (*LABELS, ARTICLE_LABEL):
            key = label.lower()
            self.write(f"CREATE CONSTRAINT {key}_id IF NOT EXISTS "
                       f"FOR (n:{label}) REQUIRE n.id IS UNIQUE")
            if label != ARTICLE_LABEL:
                self.write(f"CREATE INDEX {key}_name IF NOT EXISTS FOR (n:{label}) ON (n.name)")
        self.write(f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS "
                   f"FOR (n:{'|'.join(LABELS)}) ON EACH [n.name, n.aliases]")

    def close(self) -> None:
        self._driver.close()

    def _transaction(self, mode: str, query: str, params: dict | None) -> QueryResult:
        work = _unit_of_work(query, params or {})
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
            raise _error_for(exc) from None


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
