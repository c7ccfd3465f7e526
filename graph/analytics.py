"""Graph analytics as plain functions on networkx graphs.

Every function takes the graph first, never mutates it, and takes `seed=None` where randomness is
involved. Scored pairs come back as ``(u, v, score, reasons)`` tuples, the shape of networkx's
link-prediction functions plus the reasons in words, so the app can show *why*.

The graph the app builds (:func:`graph_from_records`) is a :class:`networkx.MultiDiGraph` keyed by
entity id: node attributes ``label``, ``name``, ``aliases``, ``region``; edge key = relationship
type, edge attributes ``type``, ``confidence``, ``first_seen``, ``last_seen``.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations, islice
from typing import Iterable

import networkx as nx

COLLABORATION_TYPES = frozenset({"PARTNERS_WITH", "MEMBER_OF", "FOUNDED", "INVESTED_IN"})
ATTENDANCE_TYPES = frozenset({"ORGANIZED", "PARTICIPATED_IN"})
SUPPLY_TYPES = frozenset({"FOCUSES_ON", "SUPPLIES", "INCUBATES"})
PLACE_LABELS = frozenset({"Region"})
# Segments that name the whole industry: sharing them says nothing about two entities.
GENERIC_SEGMENTS = frozenset({"医疗器械", "生物医药", "大健康", "生命健康", "生命科学", "高端医疗器械"})
SERVICE_SEGMENTS = frozenset({"CRO", "CDMO", "CXO"})
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
        graph.add_node(node["id"], label=node.get("label") or "", name=node.get("name") or node["id"],
                       aliases=list(node.get("aliases") or []), region=node.get("region") or "")
    for edge in edges:
        source, target = edge["source"], edge["target"]
        if source not in graph or target not in graph:
            continue
        graph.add_edge(source, target, key=edge["type"], type=edge["type"],
                       confidence=float(edge.get("confidence") or 0.0),
                       first_seen=edge.get("first_seen") or "", last_seen=edge.get("last_seen") or "")
    return graph
