"""The two settings every command honours: where the corpus and the graph live."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import SplitResult, unquote, urlsplit

from ecograph.errors import SettingsError

DEFAULT_CORPUS = "data/corpus.sqlite"
DEFAULT_GRAPH = "falkordb://data/graph.db"  # relative to the working directory
GRAPH_SCHEMES = ("falkordb", "bolt", "neo4j", "bolt+s", "neo4j+s", "bolt+ssc", "neo4j+ssc")
GRAPH_URL_FORMS = "falkordb:///path.db, bolt://host:7687 or neo4j://host:7687"


@dataclass(frozen=True)
class Settings:
    corpus: Path
    graph: str  # never holds a user or password: those are neo4j_user/neo4j_password
    neo4j_user: str = "neo4j"
    neo4j_password: str = ""


def load_settings(corpus: str | None = None, graph: str | None = None) -> Settings:
    """Flags win over environment variables, which win over defaults.

    A Neo4j URL may carry its credentials (bolt://user:password@host:7687): they are taken out
    of the URL, so that no message ever shows the password, and win over NEO4J_USER/NEO4J_PASSWORD.
    """
    graph_url = graph or os.environ.get("ECOGRAPH_GRAPH") or DEFAULT_GRAPH
    parts = _split(graph_url)
    user = unquote(parts.username) if parts.username is not None else os.environ.get("NEO4J_USER", "neo4j")
    password = unquote(parts.password) if parts.password is not None else os.environ.get("NEO4J_PASSWORD", "")
    return Settings(
        corpus=Path(corpus or os.environ.get("ECOGRAPH_CORPUS") or DEFAULT_CORPUS),
        graph=parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl() if parts.username is not None
        else graph_url,
        neo4j_user=user,
        neo4j_password=password,
    )


def _split(graph_url: str) -> SplitResult:
    shown = repr(redact(graph_url))
    scheme = graph_url.split(":", 1)[0]
    if scheme not in GRAPH_SCHEMES or "://" not in graph_url:
        raise SettingsError(f"graph URL {shown} is not {GRAPH_URL_FORMS}")
    try:
        parts = urlsplit(graph_url)
        _ = parts.port  # a port that is not a number raises here
    except ValueError as error:
        raise SettingsError(f"graph URL {shown} is malformed ({error})") from None
    if scheme != "falkordb" and not parts.hostname:
        raise SettingsError(f"graph URL {shown} names no host (e.g. bolt://localhost:7687)")
    return parts


def redact(url: str) -> str:
    """`url` with any password in it replaced by ***: for messages."""
    head, sep, rest = url.partition("://")
    userinfo, at, host = rest.partition("@")
    if not at or ":" not in userinfo:
        return url
    return f"{head}{sep}{userinfo.split(':', 1)[0]}:***@{host}"
