"""Graph analytics as plain functions on networkx graphs.

Every function takes the graph first, never mutates it, and takes `seed=None` where randomness is
involved. Scored pairs come back as ``(u, v, score, reasons)`` tuples, the shape of networkx's
link-prediction functions plus the reasons in words, so the app can show *why*.

The graph the app builds (:func:`graph_from_records`) is a :class:`networkx.MultiDiGraph` keyed by
entity id: node attributes ``label``, ``name``, ``aliases``, ``region`` (the nearest ecosystem),
``ecosystems`` (every ecosystem it is placed in) and, for segments, ``tier`` and ``taxonomy``; edge
key = relationship type, edge attributes ``type``, ``confidence``, ``first_seen``, ``last_seen``.
"""
from __future__ import annotations

from collections import defaultdict
from itertools import combinations, islice
from typing import Iterable

import networkx as nx

COLLABORATION_TYPES = frozenset({"PARTNERS_WITH", "MEMBER_OF", "FOUNDED", "INVESTED_IN"})
ATTENDANCE_TYPES = frozenset({"ORGANIZED", "PARTICIPATED_IN"})
SUPPLY_TYPES = frozenset({"FOCUSES_ON", "SUPPLIES", "INCUBATES"})
PLACE_LABELS = frozenset({"Region"})
# Segments that name the whole industry (the taxonomy's catch-all tier): sharing them says
# nothing about two entities. The names stand in for graphs loaded without the taxonomy.
CATCH_ALL = "catch-all"
GENERIC_SEGMENTS = frozenset({"医疗器械", "生物医药", "大健康", "生命健康", "生命科学", "高端医疗器械", "医药健康"})
SERVICE_TAXONOMY = frozenset({"cxo", "cro", "cdmo", "preclinical", "testing", "regulatory"})
SERVICE_SEGMENTS = frozenset({"CRO", "CDMO", "CXO"})


def is_catch_all(data: dict) -> bool:
    """Whether a node (its attributes) is a whole-industry segment: 医疗器械, 大健康 …"""
    return data.get("label") == "Segment" and (
        data.get("tier") == CATCH_ALL or (not data.get("tier") and data.get("name") in GENERIC_SEGMENTS))
SCOUTABLE_LABELS = frozenset({"Company", "Investor", "Park", "Hospital", "Platform",
                              "ResearchInstitute", "University"})


def graph_from_records(nodes: Iterable[dict], edges: Iterable[dict]) -> nx.MultiDiGraph:
    """Build the app's graph from entity and relation records.

    Parameters
    ----------
    nodes : iterable of dict
        Records with ``id``, ``label``, ``name`` and optionally ``aliases`` and ``region``.
    edges : iterable of dict
        Records with ``source``, ``target``, ``type`` and optionally ``confidence``,
        ``first_seen``, ``last_seen``. Edges whose ends are not among `nodes` are skipped.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes keyed by id, one edge per (source, target, type).

    Examples
    --------
    >>> G = graph_from_records(
    ...     [{"id": "a", "label": "Park", "name": "园"}, {"id": "b", "label": "Region", "name": "区"}],
    ...     [{"source": "a", "target": "b", "type": "LOCATED_IN", "confidence": 0.9},
    ...      {"source": "a", "target": "zzz", "type": "PART_OF"}])
    >>> sorted(G.edges(keys=True))
    [('a', 'b', 'LOCATED_IN')]
    >>> G.nodes["a"]["region"]
    ''
    """
    graph = nx.MultiDiGraph()
    for node in nodes:
        region = node.get("region") or ""
        graph.add_node(node["id"], label=node.get("label") or "", name=node.get("name") or node["id"],
                       aliases=list(node.get("aliases") or []), region=region,
                       ecosystems=list(node.get("ecosystems") or ([region] if region else [])),
                       tier=node.get("tier") or "", taxonomy=node.get("taxonomy") or "")
    for edge in edges:
        source, target = edge["source"], edge["target"]
        if source not in graph or target not in graph:
            continue
        graph.add_edge(source, target, key=edge["type"], type=edge["type"],
                       confidence=float(edge.get("confidence") or 0.0),
                       first_seen=edge.get("first_seen") or "", last_seen=edge.get("last_seen") or "",
                       **({"round": edge["round"]} if edge.get("round") else {}))
    return graph


def _name(G: nx.Graph, node: str) -> str:
    return G.nodes[node].get("name") or node


def _names(G: nx.Graph, nodes: Iterable[str], limit: int = 3) -> str:
    ordered = sorted(nodes, key=lambda n: _name(G, n))
    shown = "、".join(_name(G, n) for n in ordered[:limit])
    return shown + (f" and {len(ordered) - limit} more" if len(ordered) > limit else "")


def undirected(G: nx.MultiDiGraph, types: Iterable[str] | None = None,
               exclude_labels: Iterable[str] = (), keep: Iterable[str] = (),
               exclude_catch_all: bool = False) -> nx.Graph:
    """A simple undirected copy of `G` for paths and neighbourhoods.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The entity graph.
    types : iterable of str, optional
        Relationship types to keep (all when None).
    exclude_labels : iterable of str
        Labels whose nodes are left out, except those in `keep`.
    keep : iterable of str
        Node ids kept whatever their label (e.g. the two ends of a path search).
    exclude_catch_all : bool
        Leave out the whole-industry segments too (except those in `keep`).

    Returns
    -------
    networkx.Graph
        Edge attribute ``types`` is the sorted list of relationship types between the two ends.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", label="Park"); G.add_node("r", label="Region")
    >>> G.add_edge("a", "r", key="LOCATED_IN", type="LOCATED_IN")
    'LOCATED_IN'
    >>> sorted(undirected(G).edges(data="types"))
    [('a', 'r', ['LOCATED_IN'])]
    >>> list(undirected(G, exclude_labels={"Region"}).nodes)
    ['a']
    """
    wanted = set(types) if types is not None else None
    excluded, kept = set(exclude_labels), set(keep)
    H = nx.Graph()
    H.add_nodes_from((n, d) for n, d in G.nodes(data=True)
                     if n in kept or (d.get("label") not in excluded and not (exclude_catch_all and is_catch_all(d))))
    for u, v, key in G.edges(keys=True):
        if u == v or u not in H or v not in H or (wanted is not None and key not in wanted):
            continue
        if H.has_edge(u, v):
            H[u][v]["types"] = sorted(set(H[u][v]["types"]) | {key})
        else:
            H.add_edge(u, v, types=[key])
    return H


def shortest_paths(G: nx.MultiDiGraph, source: str, target: str, k: int = 3,
                   avoid_labels: Iterable[str] = (), types: Iterable[str] | None = None,
                   avoid_catch_all: bool = True, seed=None, max_degree: int | None = None) -> list[list[str]]:
    """Up to `k` shortest simple paths between two entities, ignoring direction.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The entity graph.
    source, target : str
        Node ids.
    k : int
        Most paths returned, shortest first (ties in a stable order).
    avoid_labels : iterable of str
        Labels not used as stepping stones (e.g. ``{"Region", "Segment"}``: every park shares
        a city or a segment with every other, which says little).
    types : iterable of str, optional
        Relationship types that may be followed (all when None).
    avoid_catch_all : bool
        Do not pass through whole-industry segments (医疗器械, 大健康 …), which everyone shares.
    seed : None
        Unused; the order is deterministic.
    max_degree : int, optional
        Hubs with more neighbours than this are not stepping stones either (a path through the
        one company linked to everything says nothing); the two ends may be hubs.

    Returns
    -------
    list of list of str
        Each path as node ids from `source` to `target`; empty when there is none.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for n in "abcd": G.add_node(n, label="Company", name=n)
    >>> for u, v in [("a", "b"), ("b", "d"), ("a", "c"), ("c", "d")]:
    ...     _ = G.add_edge(u, v, key="PARTNERS_WITH")
    >>> shortest_paths(G, "a", "d")
    [['a', 'b', 'd'], ['a', 'c', 'd']]
    >>> shortest_paths(G, "d", "a", k=1)
    [['d', 'b', 'a']]
    """
    if source not in G or target not in G or source == target:
        return []
    H = undirected(G, types=types, exclude_labels=avoid_labels, keep={source, target},
                   exclude_catch_all=avoid_catch_all)
    if max_degree is not None:
        hubs = {n for n in H if n not in (source, target) and H.degree(n) > max_degree}
        H = H.subgraph(set(H) - hubs)
    if not nx.has_path(H, source, target):
        return []
    # Sorting the adjacency makes the enumeration independent of insertion order.
    ordered = nx.Graph()
    ordered.add_nodes_from(sorted(H.nodes))
    ordered.add_edges_from(sorted(tuple(sorted(e)) for e in H.edges()))
    return [list(p) for p in islice(nx.shortest_simple_paths(ordered, source, target), k)]


def collaboration_graph(G: nx.MultiDiGraph, co_attendance: bool = True) -> nx.Graph:
    """Who works with whom: partnership, membership, founding and investment links, plus
    co-attendance (two entities that organised or took part in the same event).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The entity graph.
    co_attendance : bool
        Also link entities that share an event (the event itself is not a node here).

    Returns
    -------
    networkx.Graph
        Edge attributes: ``kinds`` (sorted relationship types, ``CO_ATTENDED`` for shared
        events), ``events`` (ids of shared events) and ``weight`` (number of reasons).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for n, label in [("a", "Company"), ("b", "Hospital"), ("e", "Event")]:
    ...     G.add_node(n, label=label, name=n)
    >>> _ = G.add_edge("a", "e", key="PARTICIPATED_IN"); _ = G.add_edge("b", "e", key="ORGANIZED")
    >>> sorted(collaboration_graph(G).edges(data="kinds"))
    [('a', 'b', ['CO_ATTENDED'])]
    """
    H = nx.Graph()
    for u, v, key in G.edges(keys=True):
        if key in COLLABORATION_TYPES and u != v:
            _link(H, G, u, v, key)
    if co_attendance:
        attendees: dict[str, set[str]] = defaultdict(set)
        for u, v, key in G.edges(keys=True):
            if key in ATTENDANCE_TYPES and G.nodes[v].get("label") == "Event":
                attendees[v].add(u)
        for event in sorted(attendees):
            for a, b in combinations(sorted(attendees[event]), 2):
                _link(H, G, a, b, "CO_ATTENDED", event)
    return H


def _link(H: nx.Graph, G: nx.MultiDiGraph, u: str, v: str, kind: str, event: str | None = None) -> None:
    for n in (u, v):
        if n not in H:
            H.add_node(n, **G.nodes[n])
    if H.has_edge(u, v):
        data = H[u][v]
        data["kinds"] = sorted(set(data["kinds"]) | {kind})
        data["weight"] += 1
        if event:
            data["events"] = sorted(set(data["events"]) | {event})
    else:
        H.add_edge(u, v, kinds=[kind], weight=1, events=[event] if event else [])


def communities(H: nx.Graph, seed=None, resolution: float = 1.0) -> list[set[str]]:
    """Louvain communities of a (collaboration) graph, largest first.

    Parameters
    ----------
    H : networkx.Graph
        An undirected graph; edge ``weight`` is used when present.
    seed : int, optional
        Random seed; the same seed gives the same communities.
    resolution : float
        Above 1 favours smaller communities.

    Returns
    -------
    list of set of str
        Largest first, ties broken by the smallest member id.

    Examples
    --------
    >>> H = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y")])
    >>> [sorted(group) for group in communities(H, seed=1)]
    [['a', 'b', 'c'], ['x', 'y']]
    """
    if H.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(H, weight="weight", resolution=resolution, seed=seed)
    return sorted((set(c) for c in found), key=lambda c: (-len(c), min(c)))


def community_of(groups: list[set[str]]) -> dict[str, int]:
    """Node id → index of its community in `groups`."""
    return {node: i for i, group in enumerate(groups) for node in group}


def brokers(H: nx.Graph, groups: list[set[str]], top: int = 10, seed=None,
            sample: int = 500) -> list[tuple[str, float, list[str]]]:
    """The entities that connect communities: highest betweenness centrality first.

    Parameters
    ----------
    H : networkx.Graph
        The collaboration graph.
    groups : list of set
        Its communities (see :func:`communities`).
    top : int
        How many to return.
    seed : int, optional
        Seed for the sampled betweenness on graphs larger than `sample` nodes.
    sample : int
        Above this many nodes, betweenness is estimated from `sample` source nodes.

    Returns
    -------
    list of (node, score, reasons)
        Only entities with a positive score; reasons say which communities they touch.

    Examples
    --------
    >>> H = nx.Graph([("a", "b"), ("b", "c")])
    >>> nx.set_node_attributes(H, {n: n for n in H}, "name")
    >>> brokers(H, [{"a", "b"}, {"c"}])
    [('b', 1.0, ['links 2 communities: #1, #2', '2 partners'])]
    """
    if H.number_of_nodes() < 3:
        return []
    k = sample if H.number_of_nodes() > sample else None
    scores = nx.betweenness_centrality(H, k=k, seed=seed, normalized=True)
    where = community_of(groups)
    ranked = sorted((n for n, s in scores.items() if s > 0), key=lambda n: (-scores[n], _name(H, n), n))
    out = []
    for node in ranked[:top]:
        touched = sorted({where[m] for m in H[node] if m in where} | ({where[node]} if node in where else set()))
        reasons = [f"links {len(touched)} communities: " + ", ".join(f"#{i + 1}" for i in touched)
                   if len(touched) > 1 else "central inside its community",
                   f"{H.degree(node)} partners"]
        out.append((node, round(scores[node], 4), reasons))
    return out


def cross_ecosystem_links(G: nx.MultiDiGraph, types: Iterable[str] | None = None
                          ) -> list[tuple[str, str, float, list[str]]]:
    """Facts whose two ends sit in different ecosystems.

    Returns
    -------
    list of (u, v, score, reasons)
        ``score`` is the fact's confidence; reasons name the relationship type and the two
        ecosystems. Sorted by confidence, then names.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", name="甲", region="张江"); G.add_node("b", name="乙", region="南山")
    >>> _ = G.add_edge("a", "b", key="PARTNERS_WITH", confidence=0.7)
    >>> cross_ecosystem_links(G)
    [('a', 'b', 0.7, ['PARTNERS_WITH', '张江 ↔ 南山'])]
    """
    wanted = set(types) if types is not None else None
    out = []
    for u, v, key, data in G.edges(keys=True, data=True):
        ru, rv = G.nodes[u].get("region") or "", G.nodes[v].get("region") or ""
        if ru and rv and ru != rv and (wanted is None or key in wanted):
            out.append((u, v, float(data.get("confidence") or 0.0), [key, f"{ru} ↔ {rv}"]))
    return sorted(out, key=lambda item: (-item[2], _name(G, item[0]), _name(G, item[1]), item[3][0]))


# Complementary roles: for an entity of the first label, a candidate of the second label brings
# something it does not have; the words say what.
COMPLEMENTS: dict[str, dict[str, str]] = {
    "Company": {"Hospital": "a hospital: clinical trials and first users",
                "Investor": "an investor: funding",
                "ResearchInstitute": "a research institute: R&D partner",
                "University": "a university: R&D partner and talent",
                "Platform": "a service platform: testing, registration, incubation"},
    "Park": {"Company": "a company that could settle in the park",
             "Investor": "an investor: a fund for the park's companies",
             "Platform": "a service platform for the park's companies",
             "Hospital": "a hospital: clinical resources for the park"},
    "Investor": {"Company": "a company to invest in",
                 "Park": "a park whose companies need funding"},
    "Hospital": {"Company": "a device maker to run trials with",
                 "ResearchInstitute": "a research institute: translational research"},
    "Platform": {"Company": "a company that needs its services"},
    "ResearchInstitute": {"Company": "a company to transfer technology to",
                          "Hospital": "a hospital: clinical validation"},
    "University": {"Company": "a company to transfer technology to",
                   "Hospital": "a hospital: clinical validation"},
}


def segments_of(G: nx.MultiDiGraph, node: str, generic: bool = False) -> set[str]:
    """The segment ids `node` FOCUSES_ON (without the whole-industry ones unless `generic`)."""
    return {v for _, v, key in G.out_edges(node, keys=True)
            if key == "FOCUSES_ON" and G.nodes[v].get("label") == "Segment"
            and (generic or not is_catch_all(G.nodes[v]))}


def is_service_provider(G: nx.MultiDiGraph, node: str) -> bool:
    """Offers CRO/CDMO-type services: focuses on such a segment, or SUPPLIES someone."""
    if any(G.nodes[s].get("taxonomy") in SERVICE_TAXONOMY or G.nodes[s].get("name") in SERVICE_SEGMENTS
           for s in segments_of(G, node, generic=True)):
        return True
    return any(key == "SUPPLIES" for _, _, key in G.out_edges(node, keys=True))


def partner_candidates(G: nx.MultiDiGraph, node: str, top: int = 20, labels: Iterable[str] | None = None,
                       segment: str | None = None, ecosystem: str | None = None,
                       seed=None) -> list[tuple[str, str, float, list[str]]]:
    """Ranked entities `node` is not yet linked to, each with the reasons in words.

    The score adds up: shared neighbours (Adamic–Adar: a rare shared partner counts more than a
    hub; places are not counted), each shared specific segment (+1), the same ecosystem (+0.5),
    and, when there is already some affinity, a complementary role (+0.75: a hospital or an
    investor for a company, a CRO/CDMO service provider, a company for an investor…).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The entity graph.
    node : str
        The entity looking for partners.
    top : int
        How many candidates to return.
    labels : iterable of str, optional
        Only candidates with these labels (default: organisations that can partner —
        Company, Investor, Park, Hospital, Platform, ResearchInstitute, University).
    segment : str, optional
        Only candidates focusing on this segment (id).
    ecosystem : str, optional
        Only candidates in this ecosystem.
    seed : None
        Unused; ties are broken by name.

    Returns
    -------
    list of (node, candidate, score, reasons)
        Best first; candidates with no reason at all are left out.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for n, label, region in [("c", "Company", "张江"), ("h", "Hospital", "张江"),
    ...                          ("s", "Segment", ""), ("x", "Company", "张江")]:
    ...     G.add_node(n, label=label, name=n, region=region)
    >>> _ = G.add_edge("c", "s", key="FOCUSES_ON"); _ = G.add_edge("x", "s", key="FOCUSES_ON")
    >>> [(v, score) for _, v, score, _ in partner_candidates(G, "c")]
    [('x', 1.5), ('h', 1.25)]
    >>> partner_candidates(G, "c")[1][3]
    ['also in 张江', 'a hospital: clinical trials and first users']
    """
    if node not in G:
        return []
    allowed = set(labels) if labels else SCOUTABLE_LABELS
    own_label = G.nodes[node].get("label")
    own_region = G.nodes[node].get("region") or ""
    neighbours = set(G.predecessors(node)) | set(G.successors(node))
    own_segments = segments_of(G, node)
    own_context = {m for m in neighbours if G.nodes[m].get("label") not in PLACE_LABELS}
    degree = {m: G.degree(m) for m in own_context}
    complements = COMPLEMENTS.get(own_label, {})
    own_is_provider = is_service_provider(G, node)
    out = []
    for other, data in G.nodes(data=True):
        if other == node or other in neighbours or data.get("label") not in allowed:
            continue
        if ecosystem and ecosystem not in (data.get("ecosystems") or [data.get("region")]):
            continue
        their_segments = segments_of(G, other, generic=True)
        if segment and segment not in their_segments:
            continue
        score, reasons = 0.0, []
        their_context = (set(G.predecessors(other)) | set(G.successors(other))) & own_context
        shared = {m for m in their_context if G.nodes[m].get("label") != "Segment"}
        if shared:
            score += sum(1.0 / _log2(2 + degree[m]) for m in shared)
            reasons.append(f"{len(shared)} shared link(s): {_names(G, shared)}")
        common_segments = own_segments & their_segments
        if common_segments:
            score += len(common_segments)
            reasons.append(f"both focus on {_names(G, common_segments)}")
        if own_region and data.get("region") == own_region:
            score += 0.5
            reasons.append(f"also in {own_region}")
        if score > 0:
            role = complements.get(data.get("label", ""))
            if data.get("label") == "Company" and not own_is_provider and is_service_provider(G, other):
                role = "a service provider (CRO/CDMO, testing, supply)"
            if role:
                score += 0.75
                reasons.append(role)
            out.append((node, other, round(score, 3), reasons))
    out.sort(key=lambda item: (-item[2], _name(G, item[1]), item[1]))
    return out[:top]


def _log2(x: float) -> float:
    import math

    return math.log2(x)
