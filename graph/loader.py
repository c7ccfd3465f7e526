"""Load a GraphBatch into a GraphStore: batched, idempotent MERGE, no APOC.

Labels and relationship types cannot be Cypher parameters, so each query is written for one
label or type, taken from the ontology whitelist (ecograph.ontology) and checked before it is used.
Everything else travels as `$rows`. Loading the same batch twice leaves the graph as it was.
"""
from __future__ import annotations

import zlib
from collections import Counter, defaultdict
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from ecograph.graph.store import UNSENDABLE, GraphStore
from ecograph.ontology import ARTICLE_LABEL, LABELS, MENTIONED_IN, REL_TYPES, check_label, check_rel_type

RELATION_PROPERTIES = (
    "evidence", "article_ids", "confidence", "first_seen", "last_seen", "status", "title",
    "round", "amount", "amount_min", "currency", "amount_text", "role", "deal_date",
    "curated",  # "confirmed" or "added" by an analyst (ingest/curation.py), else ""
)
BATCH_ROWS = 500  # rows per transaction (one UNWIND)
BUCKET_ROWS = BATCH_ROWS // 2  # rows a bucket needs, on average, for a query to be written in rounds
DEFAULT_WRITERS = 2  # `ecograph rebuild --writers`: docs/scale.md has 1, 2 and 4 measured (4 lost at 10k here)
MAX_WRITERS = 32
ENDPOINT_NOT_IN_BATCH = "endpoint not in batch"
ENTITY_OR_ARTICLE_NOT_IN_BATCH = "entity or article not in batch"

Progress = Callable[[str, int], None]  # (label or type, rows just loaded); may repeat a name
Writes = list[tuple[str, list[dict]]]  # (query, $rows) transactions one writer runs in order


@dataclass
class GraphBatch:
    """Everything the graph should hold, as plain rows (see the module docs for the keys).

    articles:  {id, url, title, date, source}
    nodes:     {id, label, name, aliases: list[str], region, ecosystems: list[str], placement (JSON
                text of the reasons), duplicate_ids/duplicate_scores/duplicate_reasons (parallel
                lists); Segments also taxonomy, tier, nmpa, name_en, segment_parent}
    relations: {source_id, type, target_id, evidence, article_ids: list[str], confidence: float,
                first_seen, last_seen, status, title, curated; INVESTED_IN also round, amount, amount_min,
                currency, amount_text, role, deal_date} — article_ids already the full union
    Missing optional keys load as absent properties (strings, numbers and lists of them only,
    so both engines store them alike).
    mentions:  {entity_id, article_id}
    """

    articles: list[dict] = field(default_factory=list)
    nodes: list[dict] = field(default_factory=list)
    relations: list[dict] = field(default_factory=list)
    mentions: list[dict] = field(default_factory=list)


@dataclass
class LoadReport:
    """Rows loaded per node label and per relationship type, and rows skipped per reason."""

    nodes: dict[str, int] = field(default_factory=dict)
    relationships: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)  # one line each, for the user (curation issues)

    def summary(self) -> str:
        """One line, e.g. '12 nodes (Company 7, Park 5), 9 relationships (…), 0 skipped'."""
        def part(counts: dict[str, int], noun: str) -> str:
            detail = ", ".join(f"{key} {n}" for key, n in sorted(counts.items()))
            return f"{sum(counts.values())} {noun}" + (f" ({detail})" if detail else "")

        return "; ".join([part(self.nodes, "nodes"), part(self.relationships, "relationships"),
                          part(self.skipped, "skipped")])


def load(store: GraphStore, batch: GraphBatch, progress: Progress | None = None, writers: int = 1) -> LoadReport:
    """MERGE the batch into the store: articles, entity nodes, relations, then mentions.

    Makes sure the store has its indexes first: MERGE without them scans every node. With
    `writers` above 1, a store that takes concurrent transactions (Neo4j) is written by that
    many threads at once (see `Writers`); the graph is the same as with one.
    """
    report = LoadReport()
    notify = progress or (lambda what, n: None)
    labels = {node["id"]: check_label(node["label"]) for node in batch.nodes}
    for rel in batch.relations:  # all checked before anything is written
        check_rel_type(rel["type"])
    batch = sendable(batch)
    store.ensure_schema()
    with Writers(store, writers if store.concurrent_writes else 1) as run:
        _load_articles(run, batch.articles, report, notify)
        _load_nodes(run, batch.nodes, report, notify)
        _load_relations(run, batch.relations, labels, report, notify)
        _load_mentions(run, batch.mentions, labels, {a["id"] for a in batch.articles}, report, notify)
    return report


class Writers:
    """Runs the loader's writes on one writer, or on several threads, each with its own session.

    Nodes are written in any order: every row MERGEs a node of its own. Writing a relationship
    locks both its nodes, so two writers creating relationships of shared nodes, each having
    locked one, would wait for each other (Neo4j detects the deadlock and fails one of them).
    Relationships are therefore grouped by where their ends fall: every node id is hashed into
    one of 2 x writers partitions, a relationship goes to the bucket of its two ends' partitions
    {i, j}, and the buckets are written in rounds, round c holding the buckets with i + j = c
    (mod partitions): each partition is in one bucket of a round, so the buckets written at
    once share no node. One writer writes a bucket, its transactions in turn. A transient
    error that still happens (a lock on an index entry) is retried by the driver's managed
    transactions. A query with too few rows for every bucket to fill half a transaction
    (BUCKET_ROWS) is written by one writer, alone: many small transactions cost more than the
    parallel writers gain."""

    def __init__(self, store: GraphStore, writers: int):
        if writers < 1:
            raise ValueError("writers must be at least 1")
        self.store, self.writers = store, writers
        self.partitions = 2 * writers
        self._pool = ThreadPoolExecutor(writers, thread_name_prefix="ecograph-writer") if writers > 1 else None

    def __enter__(self) -> Writers:
        return self

    def __exit__(self, *exc_info) -> None:
        if self._pool:
            self._pool.shutdown(cancel_futures=True)

    def nodes(self, query: str, rows: list[dict]) -> None:
        """MERGE of nodes, one per row: the slices go to whichever writer is free."""
        if self._pool is None:
            self.store.write_batches(query, rows, BATCH_ROWS)
            return
        self._concurrently([[(query, part)] for part in _slices(rows)])

    def relationships(self, groups: dict[str, list[tuple[dict, str, str]]]) -> None:
        """Rows of relationships by query, each row with its two end ids: in rounds of buckets
        that share no node (see the class)."""
        buckets = self.partitions * (self.partitions + 1) // 2
        for query, rows in groups.items():
            if self._pool is None or len(rows) < buckets * BUCKET_ROWS:
                self.store.write_batches(query, [row for row, _, _ in rows], BATCH_ROWS)
                continue
            for bucket_round in self.rounds({query: rows}):
                self._concurrently([[(query, part) for part in _slices(bucket[query])] for bucket in bucket_round])

    def rounds(self, groups: dict[str, list[tuple[dict, str, str]]]) -> list[list[dict[str, list[dict]]]]:
        """The rounds of buckets: round c, bucket {i, j} with i + j = c, rows by query."""
        k = self.partitions
        buckets: dict[tuple[int, int], dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
        for query, rows in groups.items():
            for row, source, target in rows:
                i, j = sorted((self.partition(source), self.partition(target)))
                buckets[(i, j)][query].append(row)
        return [[rows for (i, j), rows in sorted(buckets.items()) if (i + j) % k == colour]
                for colour in range(k)]

    def partition(self, node_id: str) -> int:
        return zlib.crc32(node_id.encode("utf-8", "surrogatepass")) % self.partitions

    def _concurrently(self, tasks: list[Writes]) -> None:
        """Each task's writes in order; the tasks at once (one writer each), all done on return."""
        if self._pool is None:
            for writes in tasks:
                self._write(writes)
            return
        futures = [self._pool.submit(self._write, writes) for writes in tasks]
        done, pending = wait(futures, return_when=FIRST_EXCEPTION)
        for future in pending:
            future.cancel()
        wait(pending)
        for future in futures:
            if future.done() and not future.cancelled():
                future.result()  # the first error, as the store raised it

    def _write(self, writes: Writes) -> None:
        for query, rows in writes:
            self.store.write(query, {"rows": rows})


def _slices(rows: list[dict], size: int = BATCH_ROWS) -> Iterable[list[dict]]:
    return (rows[start:start + size] for start in range(0, len(rows), size))


def sendable(batch: GraphBatch) -> GraphBatch:
    """The batch with every text as both engines can store it: no NUL (FalkorDB cannot parse a
    parameter holding one), no lone surrogate (UTF-8 cannot carry it). The reader keeps them out
    of the corpus; a corpus written before it did must still load, whole."""
    return GraphBatch(*([_sendable(row) for row in rows]
                        for rows in (batch.articles, batch.nodes, batch.relations, batch.mentions)))


def _sendable(value: Any) -> Any:
    if isinstance(value, str):
        return UNSENDABLE.sub(lambda match: "" if match.group() == "\x00" else "\ufffd", value)
    if isinstance(value, dict):
        return {key: _sendable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_sendable(item) for item in value]
    return value


def _load_articles(run: Writers, articles: list[dict], report: LoadReport, notify: Progress):
    rows = [{key: a.get(key, "") for key in ("id", "url", "title", "date", "source")}
            for a in articles]
    run.nodes(
        f"UNWIND $rows AS row MERGE (a:{ARTICLE_LABEL} {{id: row.id}}) "
        "SET a.url = row.url, a.title = row.title, a.date = row.date, a.source = row.source",
        rows,
    )
    _count(report.nodes, ARTICLE_LABEL, len(rows), notify)


SEGMENT_SET = (", n.taxonomy = row.taxonomy, n.tier = row.tier, n.nmpa = row.nmpa, n.name_en = row.name_en, "
               "n.segment_parent = row.segment_parent")  # Segments' place in the taxonomy


def _load_nodes(run: Writers, nodes: list[dict], report: LoadReport, notify: Progress):
    by_label: dict[str, list[dict]] = defaultdict(list)
    for node in nodes:
        row = {
            "id": node["id"], "name": node["name"],
            "aliases": list(node.get("aliases") or []), "region": node.get("region") or "",
            "ecosystems": list(node.get("ecosystems") or []), "placement": node.get("placement") or "",
            "duplicate_ids": list(node.get("duplicate_ids") or []),
            "duplicate_scores": [float(s) for s in node.get("duplicate_scores") or []],
            "duplicate_reasons": list(node.get("duplicate_reasons") or []),
        }
        if node["label"] == "Segment":
            row.update({key: node.get(key) or "" for key in ("taxonomy", "tier", "nmpa", "name_en", "segment_parent")})
        by_label[node["label"]].append(row)
    for label, rows in sorted(by_label.items()):
        run.nodes(
            f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) "
            "SET n.name = row.name, n.aliases = row.aliases, n.region = row.region, "
            "n.ecosystems = row.ecosystems, n.placement = row.placement, "
            "n.duplicate_ids = row.duplicate_ids, n.duplicate_scores = row.duplicate_scores, "
            "n.duplicate_reasons = row.duplicate_reasons" + (SEGMENT_SET if label == "Segment" else ""),
            rows,
        )
        _count(report.nodes, label, len(rows), notify)


def _load_relations(run: Writers, relations: list[dict], labels: dict[str, str],
                    report: LoadReport, notify: Progress):
    """One query per (type, source label, target label), so both ends are found by index."""
    groups: dict[tuple[str, str, str], list[tuple[dict, str, str]]] = defaultdict(list)
    for rel in relations:
        source_label, target_label = labels.get(rel["source_id"]), labels.get(rel["target_id"])
        if source_label is None or target_label is None:
            _count(report.skipped, ENDPOINT_NOT_IN_BATCH, 1)
            continue
        row = {"source_id": rel["source_id"], "target_id": rel["target_id"]}
        row.update({key: rel.get(key) for key in RELATION_PROPERTIES})
        groups[(rel["type"], source_label, target_label)].append((row, rel["source_id"], rel["target_id"]))
    assignments = ", ".join(f"r.{key} = row.{key}" for key in RELATION_PROPERTIES)
    run.relationships({
        f"UNWIND $rows AS row "
        f"MATCH (s:{source_label} {{id: row.source_id}}) "
        f"MATCH (t:{target_label} {{id: row.target_id}}) "
        f"MERGE (s)-[r:{rel_type}]->(t) SET {assignments}": rows
        for (rel_type, source_label, target_label), rows in sorted(groups.items())})
    for (rel_type, _, _), rows in sorted(groups.items()):
        _count(report.relationships, rel_type, len(rows), notify)


def _load_mentions(run: Writers, mentions: list[dict], labels: dict[str, str],
                   article_ids: set[str], report: LoadReport, notify: Progress):
    by_label: dict[str, list[tuple[dict, str, str]]] = defaultdict(list)
    for mention in mentions:
        label = labels.get(mention["entity_id"])
        if label is None or mention["article_id"] not in article_ids:
            _count(report.skipped, ENTITY_OR_ARTICLE_NOT_IN_BATCH, 1)
            continue
        row = {"entity_id": mention["entity_id"], "article_id": mention["article_id"]}
        by_label[label].append((row, mention["entity_id"], mention["article_id"]))
    run.relationships({
        f"UNWIND $rows AS row "
        f"MATCH (e:{label} {{id: row.entity_id}}) "
        f"MATCH (a:{ARTICLE_LABEL} {{id: row.article_id}}) "
        f"MERGE (e)-[:{MENTIONED_IN}]->(a)": rows
        for label, rows in sorted(by_label.items())})
    for _, rows in sorted(by_label.items()):
        _count(report.relationships, MENTIONED_IN, len(rows), notify)


def _count(counts: dict[str, int], key: str, n: int, notify: Progress | None = None) -> None:
    if n:
        counts[key] = counts.get(key, 0) + n
        if notify:
            notify(key, n)


def delete_missing(store: GraphStore, batch: GraphBatch) -> dict[str, int]:
    """Delete the nodes and relationships that `batch` (the whole graph) no longer holds.

    After a rebuild's `load`, this drops what re-extraction or curation removed, without the
    graph ever being empty in between. Returns {"nodes": n, "relationships": m} deleted.

    The work is linear in the size of the graph: the keys the graph holds are read one label or
    type at a time, compared here, and only what is gone is deleted, by index, in batches (a
    `NOT … IN $keep` filter would compare every element with every key the batch holds).
    """
    keep_nodes = {a["id"] for a in batch.articles} | {n["id"] for n in batch.nodes}
    keep_rels = {(r["source_id"], r["type"], r["target_id"]) for r in batch.relations}
    keep_rels |= {(m["entity_id"], MENTIONED_IN, m["article_id"]) for m in batch.mentions}
    labels, types = [*LABELS, ARTICLE_LABEL], [*REL_TYPES, MENTIONED_IN]
    # Whatever lies outside the ontology cannot be in a batch (load refuses it).
    rels = store.write("MATCH ()-[r]->() WHERE NOT type(r) IN $types DELETE r RETURN count(r)",
                       {"types": types}).scalar() or 0
    for rel_type in types:
        gone: dict[tuple[str, str], list[dict]] = defaultdict(list)
        for source_label, source, target_label, target in store.read(
                f"MATCH (s)-[:{rel_type}]->(t) RETURN labels(s)[0], s.id, labels(t)[0], t.id").rows:
            if (source, rel_type, target) not in keep_rels and source is not None and target is not None:
                gone[(source_label, target_label)].append({"source": source, "target": target})
        for (source_label, target_label), rows in sorted(gone.items()):
            if source_label in labels and target_label in labels:
                store.write_batches(
                    f"UNWIND $rows AS row MATCH (s:{source_label} {{id: row.source}})-[r:{rel_type}]->"
                    f"(t:{target_label} {{id: row.target}}) DELETE r", rows)
                rels += len(rows)
    nodes = store.write("MATCH (n) WHERE n.id IS NULL OR NOT any(label IN labels(n) WHERE label IN $labels) "
                        "DETACH DELETE n RETURN count(n)", {"labels": labels}).scalar() or 0
    for label in labels:
        ids = [{"id": node_id} for (node_id,) in store.read(f"MATCH (n:{label}) RETURN n.id").rows
               if node_id not in keep_nodes]
        store.write_batches(f"UNWIND $rows AS row MATCH (n:{label} {{id: row.id}}) DETACH DELETE n", ids)
        nodes += len(ids)
    return {"nodes": nodes, "relationships": rels}


def graph_counts(store: GraphStore) -> dict[str, dict[str, int]]:
    """Nodes per label and relationships per type, every ontology name present (0 if none).

    Keys are sorted, so `json.dumps(graph_counts(store))` is stable for a given graph.
    """
    nodes = Counter({label: 0 for label in (*LABELS, ARTICLE_LABEL)})
    for label, n in store.read("MATCH (n) UNWIND labels(n) AS label "
                               "RETURN label, count(*)").rows:
        nodes[label] += n
    rels = Counter({rel_type: 0 for rel_type in (*REL_TYPES, MENTIONED_IN)})
    for rel_type, n in store.read("MATCH ()-[r]->() RETURN type(r), count(*)").rows:
        rels[rel_type] += n
    return {"nodes": dict(sorted(nodes.items())), "relationships": dict(sorted(rels.items()))}
