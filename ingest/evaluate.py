"""Score extractions against gold annotation files (ONTOLOGY.md, "Gold annotation files").

The rules are those of the reference scorer (../shared/tools/score.py), step for step, so that
`ecograph eval` and score.py agree to the last digit: names are compared after NFKC,
Traditional→Simplified, removing spaces, quotes and brackets, and lower-casing; a predicted
entity takes the first gold entity of its type (or alt type) sharing a name; a prediction that
only finds an optional gold entity, or shares a name with one, is neither right nor wrong;
relations match when both ends resolve to the gold ends and the type (or an alt type) matches,
direction counting except for PARTNERS_WITH. Beyond score.py: the precision of relations whose
confidence is above 0.8, and a list of every miss and false hit.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ecograph.ingest.models import Extraction
from ecograph.ingest.normalize import to_simplified
from ecograph.ontology import SYMMETRIC_TYPES

_STRIP = re.compile(r"[\s\"'“”‘’「」『』《》〈〉()（）\[\]【】·•]")
CONFIDENT = 0.8


def key(name: str) -> str:
    """A name as the scorer compares it."""
    return _STRIP.sub("", to_simplified(unicodedata.normalize("NFKC", name or ""))).lower()


def stem(path: str) -> str:
    """The article a file or source names, as score.py pairs predictions with gold files."""
    return re.sub(r"\.(txt|json|jsonl|html?)$", "", Path(path).name)


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

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn


@dataclass
class Report:
    entities: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    relations: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    links: Score = field(default_factory=Score)  # both ends right, any type or direction
    confident: Score = field(default_factory=Score)  # relations with confidence > 0.8
    errors: list[dict] = field(default_factory=list)

    @staticmethod
    def total(table: dict[str, Score]) -> Score:
        total = Score()
        for score in table.values():
            total.add(score)
        return total

    def to_dict(self) -> dict:
        def row(v: Score) -> dict:
            return {"precision": round(v.precision, 3), "recall": round(v.recall, 3),
                    "f1": round(v.f1, 3), "tp": v.tp, "fp": v.fp, "fn": v.fn}
        return {
            "entities": {"overall": row(self.total(self.entities)),
                         "by_label": {k: row(v) for k, v in sorted(self.entities.items())}},
            "relations": {"overall": row(self.total(self.relations)),
                          "by_type": {k: row(v) for k, v in sorted(self.relations.items())},
                          "links": row(self.links),
                          f"confidence_above_{CONFIDENT}": row(self.confident)},
        }


class GoldArticle:
    def __init__(self, data: dict):
        self.entities: list[dict] = data["entities"]
        self.relations: list[dict] = data.get("relations", [])
        self.names = [{key(e["name"])} | {key(a) for a in e.get("aliases", []) if a} for e in self.entities]
        self.types = [{e["type"], *e.get("alt_types", [])} for e in self.entities]
        self.index: dict[str, int] = {}
        for i, names in enumerate(self.names):
            for name in names:
                self.index.setdefault(name, i)


def score_article(gold: GoldArticle, extraction: Extraction, report: Report, source: str) -> None:
    resolved = _score_entities(gold, extraction, report, source)
    _score_relations(gold, extraction, resolved, report, source)


def _score_entities(gold: GoldArticle, extraction: Extraction, report: Report, source: str) -> dict[str, int]:
    """Counts entity hits and misses; returns each predicted surface form's gold entity."""
    matched: set[int] = set()
    resolved: dict[str, int] = {}  # normalised predicted name → gold index
    for ent in extraction.entities:
        names = {key(ent.name)} | {key(a) for a in ent.aliases if a}
        hit = next((i for i, gn in enumerate(gold.names)
                    if i not in matched and ent.label in gold.types[i] and names & gn), None)
        if hit is None:
            loose = next((i for i, gn in enumerate(gold.names) if names & gn), None)
            if loose is not None and gold.entities[loose].get("optional"):
                for n in names:
                    resolved.setdefault(n, loose)
                continue
            report.entities[ent.label].fp += 1
            report.errors.append({"article": source, "kind": "entity-fp", "name": ent.name, "label": ent.label})
            continue
        matched.add(hit)
        for n in names:
            resolved.setdefault(n, hit)
        if not gold.entities[hit].get("optional"):
            report.entities[gold.entities[hit]["type"]].tp += 1
    for i, wanted in enumerate(gold.entities):
        if i not in matched and not wanted.get("optional"):
            report.entities[wanted["type"]].fn += 1
            report.errors.append({"article": source, "kind": "entity-fn", "name": wanted["name"],
                                  "label": wanted["type"]})
    return resolved


def _score_relations(gold: GoldArticle, extraction: Extraction, resolved: dict[str, int],
                     report: Report, source: str) -> None:
    gold_rels = [(gold.index.get(key(r["source"])), gold.index.get(key(r["target"])),
                  {r["type"], *r.get("alt_types", [])}, r) for r in gold.relations]
    used: set[int] = set()
    used_link: set[int] = set()
    for rel in extraction.relations:
        s, t = resolved.get(key(rel.source)), resolved.get(key(rel.target))
        hit = next((j for j, (gs, gt, types, _) in enumerate(gold_rels)
                    if j not in used and rel.type in types
                    and ((s, t) == (gs, gt) or (rel.type in SYMMETRIC_TYPES and (t, s) == (gs, gt)))), None)
        if hit is not None:
            used.add(hit)
            if not gold_rels[hit][3].get("optional"):
                report.relations[gold_rels[hit][3]["type"]].tp += 1
                if rel.confidence > CONFIDENT:
                    report.confident.tp += 1
        elif not any({s, t} == {gs, gt} and r.get("optional") for gs, gt, _, r in gold_rels):
            report.relations[rel.type].fp += 1
            if rel.confidence > CONFIDENT:
                report.confident.fp += 1
            report.errors.append({"article": source, "kind": "relation-fp", "source": rel.source,
                                  "type": rel.type, "target": rel.target, "confidence": rel.confidence,
                                  "evidence": rel.evidence})
        link = next((j for j, (gs, gt, _, _) in enumerate(gold_rels)
                     if j not in used_link and s is not None and {s, t} == {gs, gt}), None)
        if link is not None:
            used_link.add(link)
            if not gold_rels[link][3].get("optional"):
                report.links.tp += 1
        elif not any({s, t} == {gs, gt} for gs, gt, _, _ in gold_rels):
            report.links.fp += 1
    for j, (_, _, _, r) in enumerate(gold_rels):
        if r.get("optional"):
            continue
        if j not in used:
            report.relations[r["type"]].fn += 1
            report.errors.append({"article": source, "kind": "relation-fn", "source": r["source"],
                                  "type": r["type"], "target": r["target"], "evidence": r.get("evidence", "")})
        if j not in used_link:
            report.links.fn += 1


def load_gold(gold_dir: Path) -> dict[str, GoldArticle]:
    """Gold files by the stem of the article file they annotate."""
    golds = {}
    for path in sorted(Path(gold_dir).glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        golds[stem(data.get("article") or path.name)] = GoldArticle(data)
    return golds


def evaluate(golds: dict[str, GoldArticle], extractions: list[Extraction]) -> Report:
    """Scores the articles that have a gold file (the others are left out). Given every
    annotated article, the figures are score.py's."""
    report = Report()
    for extraction in extractions:
        name = stem(extraction.article.source)
        if name in golds:
            score_article(golds[name], extraction, report, name)
    return report
