"""Score extractions against gold annotation files (ONTOLOGY.md, "Gold annotation files").

Entities match on type (or an alt type) and any shared surface form after normalisation;
relations match when both ends match gold entities and the type (or an alt type) matches,
direction counting except for PARTNERS_WITH. Optional gold items are neither required nor
counted as wrong.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ecograph.ingest.models import Extraction
from ecograph.ingest.normalize import to_simplified
from ecograph.ingest.resolve import match_key


def key(name: str) -> str:
    return match_key(to_simplified(name))


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: "Score") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn


@dataclass
class Report:
    entities: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    relations: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    confident: Score = field(default_factory=Score)  # relations with confidence > 0.8
    errors: list[dict] = field(default_factory=list)

    def total(self, table: dict[str, Score]) -> Score:
        total = Score()
        for score in table.values():
            total.add(score)
        return total

    def to_dict(self) -> dict:
        def rows(table):
            return {k: {"precision": round(v.precision, 3), "recall": round(v.recall, 3),
                        "f1": round(v.f1, 3), "tp": v.tp, "fp": v.fp, "fn": v.fn}
                    for k, v in sorted(table.items())}
        ent, rel = self.total(self.entities), self.total(self.relations)
        return {
            "entities": {"overall": rows({"all": ent})["all"], "by_label": rows(self.entities)},
            "relations": {"overall": rows({"all": rel})["all"], "by_type": rows(self.relations),
                          "confidence_above_0.8": rows({"all": self.confident})["all"]},
        }


class GoldArticle:
    def __init__(self, data: dict):
        self.entities = data["entities"]
        self.relations = data["relations"]
        self.surface_index: dict[str, list[int]] = defaultdict(list)
        for i, ent in enumerate(self.entities):
            for name in [ent["name"], *ent.get("aliases", [])]:
                self.surface_index[key(name)].append(i)
        self.by_name = {ent["name"]: i for i, ent in enumerate(self.entities)}

    def types(self, i: int) -> set[str]:
        ent = self.entities[i]
        return {ent["type"], *ent.get("alt_types", [])}

    def match_entity(self, names: list[str], label: str) -> int | None:
        """Index of the gold entity a predicted entity matches (required ones first)."""
        hits = {i for n in names for i in self.surface_index.get(key(n), []) if label in self.types(i)}
        if not hits:
            return None
        return min(hits, key=lambda i: (self.entities[i]["optional"], i))


def score_article(gold: GoldArticle, extraction: Extraction, report: Report, source: str) -> None:
    matched: dict[str, int | None] = {}
    found_gold: set[int] = set()
    for ent in extraction.entities:
        i = gold.match_entity([ent.name, *ent.aliases], ent.label)
        matched[ent.name] = i
        if i is None:
            report.entities[ent.label].fp += 1
            report.errors.append({"article": source, "kind": "entity-fp", "name": ent.name, "label": ent.label})
        elif i not in found_gold:
            found_gold.add(i)
            if not gold.entities[i]["optional"]:
                report.entities[gold.entities[i]["type"]].tp += 1
    for i, ent in enumerate(gold.entities):
        if not ent["optional"] and i not in found_gold:
            report.entities[ent["type"]].fn += 1
            report.errors.append({"article": source, "kind": "entity-fn", "name": ent["name"], "label": ent["type"]})

    gold_rels = []
    for r in gold.relations:
        s, t = gold.by_name.get(r["source"]), gold.by_name.get(r["target"])
        gold_rels.append((s, {r["type"], *r.get("alt_types", [])}, t, r))
    found_rel: set[int] = set()
    for rel in extraction.relations:
        s, t = matched.get(rel.source), matched.get(rel.target)
        hit = None
        for j, (gs, types, gt, r) in enumerate(gold_rels):
            if rel.type not in types or s is None or t is None:
                continue
            if (gs, gt) == (s, t) or (rel.type == "PARTNERS_WITH" and (gs, gt) == (t, s)):
                if hit is None or (gold_rels[hit][3]["optional"] and not r["optional"]):
                    hit = j
        if hit is None:
            report.relations[rel.type].fp += 1
            if rel.confidence > 0.8:
                report.confident.fp += 1
            report.errors.append({"article": source, "kind": "relation-fp", "source": rel.source,
                                  "type": rel.type, "target": rel.target, "confidence": rel.confidence})
        elif hit not in found_rel:
            found_rel.add(hit)
            if not gold_rels[hit][3]["optional"]:
                report.relations[gold_rels[hit][3]["type"]].tp += 1
                if rel.confidence > 0.8:
                    report.confident.tp += 1
    for j, (_, _, _, r) in enumerate(gold_rels):
        if not r["optional"] and j not in found_rel:
            report.relations[r["type"]].fn += 1
            report.errors.append({"article": source, "kind": "relation-fn", "source": r["source"],
                                  "type": r["type"], "target": r["target"]})


def load_gold(gold_dir: Path) -> dict[str, GoldArticle]:
    """Gold files by the article file name they annotate."""
    golds = {}
    for path in sorted(Path(gold_dir).glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        golds[Path(data.get("article") or path.stem).name] = GoldArticle(data)
        golds.setdefault(path.stem, golds[Path(data.get("article") or path.stem).name])
    return golds


def gold_for(golds: dict[str, GoldArticle], source: str) -> GoldArticle | None:
    name = Path(source).name
    return golds.get(name) or golds.get(Path(source).stem)


def evaluate(golds: dict[str, GoldArticle], extractions: list[Extraction]) -> Report:
    report = Report()
    for extraction in extractions:
        gold = gold_for(golds, extraction.article.source)
        if gold is not None:
            score_article(gold, extraction, report, extraction.article.source)
    return report
