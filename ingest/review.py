"""The review queue: what an analyst should look at, each item with its evidence and the
curation decisions that settle it (ingest/curation.py).

Built from the projection (`Corpus.graph_batch`), so an item an analyst has settled leaves the
queue at the next read: a confirmed or rejected fact, a merged pair, an entity rejected, renamed
onto the taxonomy or placed by hand.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ecograph.ingest.taxonomy import UNMAPPED
from ecograph.ontology import ECOSYSTEMS, ORGANISATION_LABELS

LOW_CONFIDENCE = 0.8  # above it a construction is right nine times in ten (relation_confidences.tsv)
KIND_TITLES = {
    "low-confidence": "Low-confidence facts 低置信度关系",
    "duplicate": "Possible duplicates 疑似重复",
    "seen-once": "Entities seen once 仅出现一次的实体",
    "unmapped-segment": "Unmapped segments 未映射细分领域",
    "unplaced": "Unplaced entities 未归入生态",
}
PLACEABLE = ORGANISATION_LABELS | {"Park"}


@dataclass(frozen=True)
class Action:
    """One click: a curation decision (kind and payload), with a bilingual button label."""

    title: str
    kind: str
    payload: dict


@dataclass
class Item:
    kind: str  # a key of KIND_TITLES
    key: str  # stable within one queue: for buttons and tests
    subject: str  # one line: the fact or the entity
    evidence: list[str] = field(default_factory=list)
    score: float | None = None
    actions: list[Action] = field(default_factory=list)
    shared: list[str] | None = None  # a duplicate pair's shared neighbours (names)


def _ref(node: dict) -> dict:
    return {"name": node["name"], "label": node["label"]}


def review_queue(nodes: list[dict], relations: list[dict], mentions: list[dict],
                 threshold: float = LOW_CONFIDENCE) -> list[Item]:
    """Every item, by kind (in KIND_TITLES order), then most doubtful first."""
    by_id = {n["id"]: n for n in nodes}
    neighbours: dict[str, set[str]] = defaultdict(set)
    evidence: dict[str, list[str]] = defaultdict(list)
    for r in relations:
        neighbours[r["source_id"]].add(r["target_id"])
        neighbours[r["target_id"]].add(r["source_id"])
        for end in (r["source_id"], r["target_id"]):
            evidence[end].append(r["evidence"])
    articles = Counter(m["entity_id"] for m in mentions)
    items = _low_confidence(relations, by_id, threshold) + _duplicates(nodes, by_id, neighbours)
    for n in sorted(nodes, key=lambda n: n["name"]):
        ref, shown = _ref(n), sorted(set(evidence[n["id"]]))[:3]
        reject = Action("Reject 拒绝", "reject-entity", {"entity": ref})
        confirm = Action("Confirm 确认", "confirm-entity", {"entity": ref})
        if articles[n["id"]] == 1 and n["label"] not in ("Region", "Segment") and not n.get("curated"):
            items.append(Item("seen-once", f"once:{n['id']}", f"{n['name']} ({n['label']})", shown,
                              actions=[confirm, reject]))
        if n["label"] == "Segment" and n.get("taxonomy") == UNMAPPED:
            items.append(Item("unmapped-segment", f"unmapped:{n['id']}", n["name"], shown, actions=[reject]))
        if n["label"] in PLACEABLE and not n.get("ecosystems") and not n.get("placement"):
            items.append(Item("unplaced", f"unplaced:{n['id']}", f"{n['name']} ({n['label']})", shown,
                              actions=[Action(f"In {eco} 归入", "set-ecosystem", {"entity": ref, "ecosystem": eco})
                                       for eco in ECOSYSTEMS] + [reject]))
    order = list(KIND_TITLES)
    return sorted(items, key=lambda i: order.index(i.kind))


def _low_confidence(relations: list[dict], by_id: dict[str, dict], threshold: float) -> list[Item]:
    items = []
    for r in sorted(relations, key=lambda r: (r["confidence"], r["source_id"], r["type"], r["target_id"])):
        if r["confidence"] >= threshold or r.get("curated"):
            continue
        source, target = by_id[r["source_id"]], by_id[r["target_id"]]
        fact = {"source": _ref(source), "type": r["type"], "target": _ref(target)}
        items.append(Item("low-confidence", f"fact:{r['source_id']}:{r['type']}:{r['target_id']}",
                          f"{source['name']} —{r['type']}→ {target['name']}", [r["evidence"]], r["confidence"],
                          [Action("Confirm 确认", "confirm-fact", fact), Action("Reject 拒绝", "reject-fact", fact)]))
    return items


def _duplicates(nodes: list[dict], by_id: dict[str, dict], neighbours: dict[str, set[str]]) -> list[Item]:
    items = []
    for n in nodes:
        for other_id, score, reason in zip(n.get("duplicate_ids") or [], n.get("duplicate_scores") or [],
                                           n.get("duplicate_reasons") or []):
            other = by_id.get(other_id)
            if other is None or n["id"] > other_id:
                continue
            shared = sorted(by_id[x]["name"] for x in neighbours[n["id"]] & neighbours[other_id] if x in by_id)
            items.append(Item("duplicate", f"dup:{n['id']}:{other_id}", f"{n['name']} ≈ {other['name']}",
                              [reason], score,
                              [Action(f"Merge into {other['name']} 合并", "merge", {"entity": _ref(n), "into": _ref(other)}),
                               Action(f"Merge into {n['name']} 合并", "merge", {"entity": _ref(other), "into": _ref(n)}),
                               Action("Not the same 不是同一实体", "distinct", {"entity": _ref(n), "other": _ref(other)})],
                              shared=shared))
    return sorted(items, key=lambda i: -(i.score or 0))
