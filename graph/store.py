"""The graph store interface, shared by the embedded FalkorDB and the Neo4j backends.

Callers hand Cypher plus a parameter map; values never go into the query text. `read` runs on
the engine's read-only channel, so the engine itself refuses writes (the Cypher console relies on
that), and results come back as plain Python values (dicts, lists, str, numbers) whatever the
engine.
"""
from __future__ import annotations

import math
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ecograph.errors import QueryError

GRAPH_NAME = "ecograph"
READ_ONLY_MESSAGE = (
    "this channel is read-only: the query tries to write (use a MATCH … RETURN query)"
)
PARAM_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
INT64 = range(-(2**63), 2**63)
UNSENDABLE = re.compile("[\x00\ud800-\udfff]")  # NUL and lone surrogates: no engine takes them


def check_params(params: dict[str, Any]) -> None:
    """Raise QueryError for a parameter neither engine can take as given: a name that is not an
    identifier, an integer beyond 64 bits (engines would clamp or wrap it silently), a number
    that is not finite, text holding NUL or a lone surrogate."""
    for name, value in params.items():
        if not isinstance(name, str) or not PARAM_NAME.fullmatch(name):
            raise QueryError(f"parameter name {name!r} is not a name (letters, digits and _, not first a digit)")
        _check_value(name, value)


def _check_value(name: str, value: Any) -> None:
    if isinstance(value, Decimal) or (isinstance(value, int) and not isinstance(value, bool) and value not in INT64):
        raise QueryError(f"parameter {name!r}: the integer does not fit in 64 bits "
                         f"({INT64.start} to {INT64.stop - 1})")
    if isinstance(value, float) and not math.isfinite(value):
        raise QueryError(f"parameter {name!r} is not a finite number")
    if isinstance(value, str) and UNSENDABLE.search(value):
        raise QueryError(f"parameter {name!r} holds a NUL character or a lone surrogate")
    if isinstance(value, list):
        for item in value:
            _check_value(name, item)
    if isinstance(value, dict):
        for item in value.values():
            _check_value(name, item)


@dataclass
class QueryResult:
    """Rows of plain values: a node is {"_id", "_labels", **properties}, a relationship is
    {"_type", "_start", "_end", **properties} (ends are node `_id`s), a path is
    {"nodes": [...], "relationships": [...]}."""

    columns: list[str] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)

    def records(self) -> list[dict[str, Any]]:
        """The rows as {column: value} dicts."""
        return [dict(zip(self.columns, row)) for row in self.rows]

    def scalar(self) -> Any:
        """The first value of the first row, or None when there is no row."""
        return self.rows[0][0] if self.rows and self.rows[0] else None


class GraphStore(ABC):
    """A graph database holding the ecograph graph; use it as a context manager."""

    kind: str  # "falkordb" or "neo4j"
    location: str  # the file or URI, for messages
    concurrent_writes = False  # whether writes may come from several threads at once (graph.loader.Writers)

    @abstractmethod
    def read(self, query: str, params: dict | None = None) -> QueryResult:
        """Run a query the engine guarantees not to write.

        Raises ReadOnlyError when the query would write, QueryError when it is invalid.
        """

    @abstractmethod
    def write(self, query: str, params: dict | None = None) -> QueryResult:
        """Run a query that may write, in one transaction."""

    @abstractmethod
    def ensure_schema(self) -> None:
        """Create the engine's indexes and constraints for every label; safe to repeat."""

    @abstractmethod
    def close(self) -> None:
        """Flush and release the store; safe to repeat."""

    def clear(self) -> None:
        """Delete every node and relationship; indexes and constraints stay."""
        self.write("MATCH (n) DETACH DELETE n")

    def write_batches(self, query: str, rows: list[dict], batch_size: int = 500) -> int:
        """Run `query` once per slice of `rows`, passed as `$rows` (the query UNWINDs it).

        Returns the number of rows sent.
        """
        if "$rows" not in query:
            raise QueryError("a batched query must UNWIND $rows")
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        for start in range(0, len(rows), batch_size):
            self.write(query, {"rows": rows[start:start + batch_size]})
        return len(rows)

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()
