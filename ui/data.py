"""The app's one data module: every page reads the graph through here.

- The store is opened once per process (`st.cache_resource`) from the settings
  (ECOGRAPH_GRAPH / ECOGRAPH_CORPUS), so the app runs the same on FalkorDB or Neo4j.
- Results are cached with `st.cache_data`, keyed on a *graph version* (node and relationship
  totals, re-read at most every VERSION_TTL seconds): when an ingest changes the graph, the next
  rerun reads fresh results. The Ingest page also clears the caches after a commit, and a TTL
  bounds how long an update that keeps both totals equal can go unseen.
- The in-memory networkx graph (ids, labels, names, facts without evidence) is shared, not copied
  (`st.cache_resource`); evidence sentences are read on demand, per entity or per pair.
- Cypher comes only from named queries in `queries/` (never written here).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
import streamlit as st

from ecograph.errors import QueryError
from ecograph.graph import analytics
from ecograph.graph.analytics import graph_from_records
from ecograph.graph.connect import open_store
from ecograph.graph.loader import graph_counts
from ecograph.graph.store import GraphStore, QueryResult
from ecograph.ontology import ARTICLE_LABEL, LABELS, MENTIONED_IN, REL_TYPES
from ecograph.settings import Settings, load_settings
from ecograph.ui import render

QUERY_DIR = Path(__file__).resolve().parent.parent / "queries"
VERSION_TTL = 2  # seconds: the graph version is re-read at most this often
RESULT_TTL = 600  # seconds: a backstop for updates that keep the totals equal
HUB_CUT_FLOOR = 8  # neighbours: the path finder never calls an entity with fewer a hub


# ----------------------------------------------------------------------------- store and queries

def settings() -> Settings:
    return load_settings()


@st.cache_resource(show_spinner=False)
def _open(graph_url: str, corpus: str) -> GraphStore:
    settings = load_settings(corpus=corpus, graph=graph_url)
    return open_store(settings.graph, settings.neo4j_user, settings.neo4j_password)


def store() -> GraphStore:
    """The graph store named by the settings, opened once per process."""
    current = settings()
    return _open(current.graph, str(current.corpus))


def query_text(name: str) -> str:
    """The Cypher of the named query queries/NAME.cypher for this store's engine."""
    try:
        from ecograph.graph.queries import load_query
    except ImportError:  # the shared registry has not landed: read the file, header dropped
        lines = (QUERY_DIR / f"{name}.cypher").read_text(encoding="utf-8").splitlines()
        return "\n".join(line for line in lines if not line.lstrip().startswith("//")).strip()
    return load_query(name).cypher(store().kind)


def run_named(name: str, **params: Any) -> QueryResult:
    """Run a named query on the read-only channel, its parameters checked against its header."""
    try:
        from ecograph.graph.queries import run
    except ImportError:
        return store().read(query_text(name), params)
    return run(store(), name, params)


def run_cypher(query: str, params: dict | None = None) -> QueryResult:
    """Run a user's Cypher on the read-only channel (the engine refuses writes). Not cached."""
    return store().read(query, params or {})


@st.cache_data(ttl=VERSION_TTL, show_spinner=False)
def _version(graph_url: str) -> tuple[int, int]:
    try:
        row = run_named("graph_version").records()[0]
    except QueryError as error:
        if "empty key" in str(error):  # FalkorDB: the graph was never written (a fresh install)
            return 0, 0
        raise
    return int(row["nodes"]), int(row["relationships"])


def _empty(token: tuple) -> bool:
    return token[1] == 0


def version() -> tuple[str, int, int]:
    """A token that changes when the graph does: (graph URL, nodes, relationships)."""
    url = settings().graph
    return (url, *_version(url))


def clear_caches() -> None:
    """Forget every cached result (after the app itself wrote to the graph)."""
    st.cache_data.clear()
    _graph.clear()


# ----------------------------------------------------------------------------- cached reads

@st.cache_data(ttl=RESULT_TTL, show_spinner=False)
def _counts(token: tuple) -> dict[str, dict[str, int]]:
    if _empty(token):
        return {"nodes": {label: 0 for label in (*LABELS, ARTICLE_LABEL)},
                "relationships": {rel_type: 0 for rel_type in (*REL_TYPES, MENTIONED_IN)}}
    return graph_counts(store())


def counts() -> dict[str, dict[str, int]]:
    """Nodes per label and relationships per type (every ontology name, 0 when absent)."""
    return _counts(version())


@st.cache_data(ttl=RESULT_TTL, show_spinner=False)
def _named(token: tuple, name: str, params: tuple) -> list[dict]:
    if _empty(token):
        return []
    return run_named(name, **{key: _thaw(value) for key, value in params}).records()


def records(name: str, **params: Any) -> list[dict]:
    """The rows of a named query as dicts, cached per graph version and parameters."""
    frozen = tuple(sorted((k, _freeze(v)) for k, v in params.items()))
    return _named(version(), name, frozen)


def _freeze(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


def _thaw(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_thaw(v) for v in value]
    return value


@st.cache_resource(ttl=RESULT_TTL, show_spinner="Loading the graph…", max_entries=2)
def _graph(token: tuple) -> nx.MultiDiGraph:
    if _empty(token):
        return nx.MultiDiGraph()
    nodes = run_named("entities").records()
    edges = run_named("relations").records()
    return graph_from_records(nodes, edges)


def graph() -> nx.MultiDiGraph:
    """The entity graph (no articles, no evidence text), shared by all sessions: do not mutate."""
    return _graph(version())


@st.cache_data(ttl=RESULT_TTL, show_spinner=False)
def _entities(token: tuple) -> pd.DataFrame:
    G = _graph(token)
    rows = [{"id": n, "label": d["label"], "name": d["name"], "region": d["region"],
             "aliases": d["aliases"], "degree": G.degree(n)} for n, d in G.nodes(data=True)]
    frame = pd.DataFrame(rows, columns=["id", "label", "name", "region", "aliases", "degree"])
    return frame.sort_values(["degree", "name"], ascending=[False, True]).reset_index(drop=True)


def entities() -> pd.DataFrame:
    """One row per entity: id, label, name, region, aliases, degree (most connected first)."""
    return _entities(version())


def latest_articles(limit: int = 10) -> list[dict]:
    return records("latest_articles", limit=limit)


def entity_links(entity_id: str) -> list[dict]:
    return records("entity_links", id=entity_id)


def entity_articles(entity_id: str) -> list[dict]:
    return records("entity_articles", id=entity_id)


def entity_placement(entity_id: str) -> dict:
    """{name, ecosystem, ecosystems, placement (JSON text of the reasons)} of one entity."""
    found = records("entity_placement", id=entity_id)
    return found[0] if found else {}


def links_among(ids: list[str]) -> list[dict]:
    """The facts (with evidence) whose two ends are both among `ids`."""
    if not ids:
        return []
    return records("links_among", ids=sorted(set(ids)))


def articles_by_id(ids: list[str]) -> dict[str, dict]:
    if not ids:
        return {}
    rows = records("articles_by_id", ids=sorted(set(ids)))
    return {row["id"]: row for row in rows}


def stored_article(article_id: str):
    """The article as the corpus keeps it (ingest.models.Article, its text as read), or None."""
    from ecograph.ingest.corpus import Corpus

    with Corpus(settings().corpus) as corpus:
        return corpus.article(article_id)


# ----------------------------------------------------------------------------- derived views

@st.cache_data(ttl=RESULT_TTL, show_spinner=False)
def _search_keys(token: tuple) -> dict[str, str]:
    G = _graph(token)
    return {n: render.search_keys(d["name"], d["aliases"]) for n, d in G.nodes(data=True)}


def search(text: str) -> set[str]:
    """Ids of entities whose name, alias, pinyin or pinyin initials contain `text`."""
    if not render.normalise_search(text):
        return set()
    return render.matching_ids(_search_keys(version()), text)


@st.cache_data(ttl=RESULT_TTL, show_spinner=False, max_entries=64)
def _map_view(token: tuple, filters: tuple, budget: int, search_text: str, color_by: str, lang: str) -> dict:
    from ecograph.graph.export import graphml_bytes

    G = _graph(token)
    options = dict(filters)
    focus = render.matching_ids(_search_keys(token), search_text) if search_text else None
    shown, total_nodes, total_edges = render.map_subgraph(G, budget, focus=focus, **options)
    positions = render.layout(shown)
    colors, legend = render.ecosystem_colors(shown, lang) if color_by == "ecosystem" else (None, None)
    html = render.network_html(shown, positions, highlight=focus or set(), colors=colors, legend=legend, lang=lang)
    names = sorted(((d["name"], n) for n, d in shown.nodes(data=True)), key=lambda item: item[0])
    return {"html": html, "total_nodes": total_nodes, "total_edges": total_edges,
            "nodes": shown.number_of_nodes(), "edges": shown.number_of_edges(),
            "matches": len(focus) if focus is not None else None, "names": names,
            "legend": render.legend_items(shown), "graphml": graphml_bytes(shown)}


def map_view(*, budget: int = 300, search_text: str = "", color_by: str = "label", lang: str = "bilingual",
             **filters: Any) -> dict:
    """The map for these filters (see render.filter_graph), coloured by label or ecosystem: its
    HTML, its GraphML and what was cut."""
    frozen = tuple(sorted((k, tuple(sorted(v)) if isinstance(v, (list, set, tuple)) and k != "date_range"
                           else (tuple(v) if isinstance(v, (list, tuple)) else v))
                          for k, v in filters.items()))
    return _map_view(version(), frozen, budget, render.normalise_search(search_text), color_by, lang)


@st.cache_data(ttl=RESULT_TTL, show_spinner=False)
def _date_bounds(token: tuple) -> tuple[str, str] | None:
    return render.date_bounds(_graph(token))


def date_bounds() -> tuple[str, str] | None:
    """The earliest and latest fact dates, or None when no fact is dated."""
    return _date_bounds(version())


@st.cache_data(ttl=RESULT_TTL, show_spinner=False, max_entries=128)
def _paths(token: tuple, source: str, target: str, k: int, avoid: tuple, catch_all: bool,
           max_degree: int | None) -> list[list[str]]:
    return analytics.shortest_paths(_graph(token), source, target, k=k, avoid_labels=avoid,
                                    avoid_catch_all=not catch_all, max_degree=max_degree)


def paths(source: str, target: str, k: int = 3, avoid: tuple[str, ...] = ("Region",),
          catch_all: bool = False, max_degree: int | None = None) -> list[list[str]]:
    """Up to k shortest paths (node ids) between two entities; through whole-industry segments
    only with `catch_all`, through hubs of more than `max_degree` neighbours only without it."""
    return _paths(version(), source, target, k, tuple(avoid), catch_all, max_degree)


@st.cache_data(ttl=RESULT_TTL, show_spinner=False)
def _hub_cut(token: tuple) -> int:
    G = _graph(token)
    degrees = sorted(len(set(G.predecessors(n)) | set(G.successors(n))) for n in G)
    return max(HUB_CUT_FLOOR, degrees[int(len(degrees) * 0.98)] if degrees else 0)


def hub_cut() -> int:
    """The default hub cut of the path finder: the neighbour count only the best-connected 2% of
    entities exceed (at least HUB_CUT_FLOOR)."""
    return _hub_cut(version())


# ----------------------------------------------------------------------------- console

def named_queries() -> list:
    """The named queries of queries/ (graph.queries.NamedQuery objects), or [] without the
    registry."""
    try:
        from ecograph.graph.queries import list_queries
    except ImportError:
        return []
    return list_queries()


def run_named_checked(name: str, params: dict) -> QueryResult:
    """Run a named query with parameters typed and checked against its header (QueryError
    when they do not fit). Read-only; not cached (the console shows the live graph)."""
    from ecograph.graph.queries import run

    return run(store(), name, params)


# ----------------------------------------------------------------------------- analytics views

@st.cache_resource(ttl=RESULT_TTL, show_spinner="Finding communities…", max_entries=16)
def _collaboration(token: tuple, ecosystems: tuple, co_attendance: bool, seed: int) -> dict:
    G = _graph(token)
    H = analytics.collaboration_graph(G, co_attendance=co_attendance)
    if ecosystems:
        H = H.subgraph([n for n, d in H.nodes(data=True) if d.get("region") in ecosystems]).copy()
    groups = analytics.communities(H, seed=seed)
    return {"graph": H, "communities": groups, "brokers": analytics.brokers(H, groups, top=15, seed=seed)}


def collaboration(ecosystems: tuple[str, ...] = (), co_attendance: bool = True, seed: int = 42) -> dict:
    """The collaboration graph (optionally only entities of `ecosystems`), its communities and
    brokers. Shared, not copied: do not mutate."""
    return _collaboration(version(), tuple(sorted(ecosystems)), co_attendance, seed)


@st.cache_data(ttl=RESULT_TTL, show_spinner=False, max_entries=128)
def _scouting(token: tuple, taxonomy_id: str, ecosystem: str, stage: str, entity: str | None, top: int) -> dict:
    from ecograph.graph import scouting
    from ecograph.ingest.taxonomy import load_taxonomy

    G = _graph(token)
    segments = scouting.segment_ids(G, load_taxonomy().descendants(taxonomy_id))
    upstream = {n for n, d in G.nodes(data=True) if d.get("label") == "Segment" and d.get("tier") == "upstream"}
    return scouting.scout(G, segments, ecosystem=ecosystem, stage=stage, upstream=upstream - segments,
                          entity=entity, top=top)


def scouting(taxonomy_id: str, ecosystem: str = "", stage: str = "", entity: str | None = None,
             top: int = 10) -> dict:
    """Scouting candidates per group for a start-up in this taxonomy segment (graph.scouting.scout)."""
    return _scouting(version(), taxonomy_id, ecosystem, stage, entity, top)


@st.cache_data(ttl=RESULT_TTL, show_spinner=False)
def _comparison(token: tuple, lang: str) -> pd.DataFrame:
    return render.ecosystem_comparison(_graph(token), lang=lang)


def ecosystem_comparison(lang: str = "bilingual") -> pd.DataFrame:
    """The four ecosystems side by side (see render.ecosystem_comparison), named in `lang`."""
    return _comparison(version(), lang)
