"""The whole graph out of a store: a networkx graph, or files for other tools.

Formats: graphml and gexf (Gephi, yEd, Cytoscape), json (networkx node-link) and csv (the input
of `neo4j-admin database import full`, written into a directory).
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx

from ecograph.graph.store import GraphStore
from ecograph.ontology import ARTICLE_LABEL

FORMATS = ("graphml", "gexf", "json", "csv")
LIST_SEPARATOR = "|"  # graphml/gexf have no list type
CSV_ARRAY_DELIMITER = ";"  # neo4j-admin's default --array-delimiter
ENTITY_HEADER = ["id:ID", ":LABEL", "name", "aliases:string[]", "region"]
ARTICLE_HEADER = ["id:ID", ":LABEL", "title", "url", "date", "source"]
RELATION_HEADER = [
    ":START_ID", ":END_ID", ":TYPE", "evidence", "article_ids:string[]", "confidence:double",
    "first_seen", "last_seen", "status", "title",
]


def to_networkx(store: GraphStore) -> nx.MultiDiGraph:
    """Every node (keyed by its `id`, attribute `label` = first label, plus its properties) and
    every relationship (keyed by its type, attribute `type` plus its properties)."""
    graph = nx.MultiDiGraph()
    for (node,) in store.read("MATCH (n) RETURN n ORDER BY n.id").rows:
        properties = _properties(node)
        graph.add_node(properties.pop("id"), label=(node["_labels"] or [""])[0], **properties)
    for source, rel, target in store.read(
        "MATCH (s)-[r]->(t) RETURN s.id, r, t.id ORDER BY s.id, type(r), t.id"
    ).rows:
        graph.add_edge(source, target, key=rel["_type"], type=rel["_type"], **_properties(rel))
    return graph


def export(store: GraphStore, fmt: str, out: Path | str) -> list[Path]:
    """Write the graph in `fmt` to `out` (a file; a directory for csv); returns the files."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
    out = Path(out)
    graph = to_networkx(store)
    if fmt == "csv":
        return write_csv(graph, out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "graphml":
        nx.write_graphml(_flat(graph), out)
    elif fmt == "gexf":
        nx.write_gexf(_for_gexf(_flat(graph)), out)
    else:
        data = nx.node_link_data(graph, edges="edges")
        out.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True), "utf-8")
    return [out]


def graphml_bytes(graph: nx.MultiDiGraph) -> bytes:
    """`graph` as GraphML (lists joined by '|'), e.g. the part of the map on screen."""
    import io

    buffer = io.BytesIO()
    nx.write_graphml(_flat(graph), buffer)
    return buffer.getvalue()


def write_csv(graph: nx.MultiDiGraph, out_dir: Path) -> list[Path]:
    """nodes.csv (entities), articles.csv and relationships.csv for neo4j-admin (the database
    name comes first, as the file options take several values; evidence sentences may hold line
    breaks):

        neo4j-admin database import full neo4j --multiline-fields=true \\
            --nodes=nodes.csv --nodes=articles.csv --relationships=relationships.csv

    CSV cannot tell an empty text or list from a missing one: neo4j-admin stores neither.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    entities = [(n, d) for n, d in graph.nodes(data=True) if d["label"] != ARTICLE_LABEL]
    articles = [(n, d) for n, d in graph.nodes(data=True) if d["label"] == ARTICLE_LABEL]
    relations = list(graph.edges(data=True))
    tables = {
        "nodes.csv": _table(ENTITY_HEADER, entities, lambda n, d: [n, d["label"]]),
        "articles.csv": _table(ARTICLE_HEADER, articles, lambda n, d: [n, ARTICLE_LABEL]),
        "relationships.csv": _table(RELATION_HEADER, [((u, v), d) for u, v, d in relations],
                                    lambda ends, d: [*ends, d["type"]]),
    }
    for name, rows in tables.items():
        with open(out_dir / name, "w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(rows)
    return [out_dir / name for name in tables]


def _table(header: list[str], items: list, keys) -> list[list]:
    """The header (the fixed columns, then every other property the items have, typed for
    neo4j-admin) and one row per item; `keys(item, data)` gives the id/label/type columns."""
    fixed = [column.split(":")[0] for column in header if not column.startswith(":") and ":ID" not in column]
    extra = sorted({key for _, data in items for key in data} - set(fixed) - {"label", "type"})
    columns = header + [_typed(key, [data.get(key) for _, data in items]) for key in extra]
    rows = [columns]
    for item, data in items:
        rows.append([*keys(item, data), *(_cell(data.get(key)) for key in fixed + extra)])
    return rows


def _typed(key: str, values: list) -> str:
    """`key:type` for neo4j-admin: string (the default), double, long, or arrays of them (float would be 32 bits)."""
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, list) for v in present):
        items = [i for v in present for i in v]
        return f"{key}:{_scalar_type(items) or 'string'}[]"
    kind = _scalar_type([v for v in present if v != ""])
    return f"{key}:{kind}" if kind else key


def _scalar_type(values: list) -> str | None:
    if values and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return "long" if all(isinstance(v, int) for v in values) else "double"
    return None


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return CSV_ARRAY_DELIMITER.join(map(str, value))
    return value if isinstance(value, str) else str(value)


def _properties(value: dict) -> dict:
    """A QueryResult node or relationship without its engine keys (_id, _labels, …)."""
    return {key: item for key, item in value.items() if not key.startswith("_")}


def _flat(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with list attributes joined by '|' and missing values dropped (graphml/gexf)."""
    flat = graph.copy()
    for data in [*(d for _, d in flat.nodes(data=True)), *(d for *_, d in flat.edges(data=True))]:
        for key, value in list(data.items()):
            if value is None:
                del data[key]
            elif isinstance(value, list):
                data[key] = LIST_SEPARATOR.join(map(str, value))
    return flat


def _for_gexf(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """GEXF gives `label` and edge `type` fixed meanings (the displayed text; directed or not):
    nodes show their name and keep the ontology label as `kind`, edges show their type."""
    for _, data in graph.nodes(data=True):
        data["kind"] = data["label"]
        data["label"] = data.get("name") or data.get("title") or data["kind"]
    for *_, data in graph.edges(data=True):
        data["label"] = data.pop("type")
    return graph
