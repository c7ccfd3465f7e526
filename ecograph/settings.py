"""The two settings every command honours: where the corpus and the graph live."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ecograph.errors import SettingsError

DEFAULT_CORPUS = "data/corpus.sqlite"
DEFAULT_GRAPH = "falkordb://data/graph.db"  # relative to the working directory
GRAPH_SCHEMES = ("falkordb", "bolt", "neo4j", "bolt+s", "neo4j+s", "bolt+ssc", "neo4j+ssc")


@dataclass(frozen=True)
class Settings:
    corpus: Path
    graph: str
    neo4j_user: str = "neo4j"
    neo4j_password: str = ""


def load_settings(corpus: str | None = None, graph: str | None = None) -> Settings:
    """Flags win over environment variables, which win over defaults."""
    graph_url = graph or os.environ.get("ECOGRAPH_GRAPH") or DEFAULT_GRAPH
    scheme = graph_url.split(":", 1)[0]
    if scheme not in GRAPH_SCHEMES or "://" not in graph_url:
        raise SettingsError(
            f"graph URL {graph_url!r} is not falkordb:///path.db, bolt://host:7687 or neo4j://host:7687"
        )
    return Settings(
        corpus=Path(corpus or os.environ.get("ECOGRAPH_CORPUS") or DEFAULT_CORPUS),
        graph=graph_url,
        neo4j_user=os.environ.get("NEO4J_USER", "neo4j"),
        neo4j_password=os.environ.get("NEO4J_PASSWORD", ""),
    )
