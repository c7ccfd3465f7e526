"""Open the graph store a URL names: an embedded FalkorDB file or a Neo4j server."""
from __future__ import annotations

from pathlib import Path

from ecograph.errors import SettingsError
from ecograph.graph.store import GraphStore

NEO4J_SCHEMES = ("bolt", "neo4j", "bolt+s", "neo4j+s", "bolt+ssc", "neo4j+ssc")


def falkordb_path(url: str) -> Path:
    """`falkordb:///abs/path.db` → /abs/path.db; `falkordb://rel/path.db` → rel/path.db."""
    if not url.startswith("falkordb://"):
        raise SettingsError(f"{url!r} is not a falkordb:// URL")
    rest = url.removeprefix("falkordb:")
    return Path(rest[2:] if rest.startswith("//") else rest)


def open_store(url: str, user: str = "neo4j", password: str = "") -> GraphStore:
    """The store at `url`; `user` and `password` are Neo4j's (the embedded store has none)."""
    scheme = url.split("://", 1)[0] if "://" in url else ""
    if scheme == "falkordb":
        from ecograph.graph.falkordb_store import FalkorDBStore

        return FalkorDBStore(falkordb_path(url))
    if scheme in NEO4J_SCHEMES:
        from ecograph.graph.neo4j_store import Neo4jStore

        return Neo4jStore(url, user, password)
    raise SettingsError(f"graph URL {url!r} is not falkordb:///path.db, bolt://host:7687 or neo4j://host:7687")
