"""Typed records that the ingest stages hand to each other: Article → Extraction."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Article:
    """One source document as read from disk, before any normalisation."""

    id: str
    source: str  # the path (or upload name) as given by the user
    title: str
    raw_text: str
    url: str = ""
    date: str = ""  # ISO date (YYYY-MM-DD) when known
    content_hash: str = ""


@dataclass(slots=True)
class Mention:
    """One occurrence of an entity in the normalised text of an article."""

    text: str  # the surface form, Simplified
    label: str
    start: int  # offsets into the normalised text
    end: int
    raw: str = ""  # the surface form as written in the source (may be Traditional)


@dataclass
class Entity:
    """An entity of one article after in-article resolution."""

    name: str  # canonical, Simplified
    label: str
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    region: str = ""



@dataclass
class Relation:
    """A fact between two entities of one article, with the sentence that states it."""

    source: str  # entity name
    type: str
    target: str
    evidence: str
    confidence: float
    sent_start: int = 0  # offsets of the evidence sentence in the normalised text
    sent_end: int = 0
    status: str = "reported"  # or "planned" (拟/将/计划) or "negated"
    title: str = ""  # WORKS_FOR: the person's title
    raw_evidence: str = ""  # the sentence as written in the source
    rule: str = ""  # the relation rule that found it (why the link was made)
    # INVESTED_IN: the deal's terms as the sentence states them (ingest/deals.py)
    round: str = ""  # 天使, Pre-A, A, B, …, IPO, 战略
    amount: float | None = None  # in `currency`, when stated as a figure
    amount_min: float | None = None  # a lower bound, when only that is stated (数千万元)
    currency: str = ""  # CNY, USD, …
    amount_text: str = ""  # as stated: 1.2亿元
    role: str = ""  # lead, follow, sole
    deal_date: str = ""  # as stated in the sentence: YYYY[-MM[-DD]]

    def deal(self) -> dict:
        """The deal terms, by their graph property names."""
        return {"round": self.round, "amount": self.amount, "amount_min": self.amount_min,
                "currency": self.currency, "amount_text": self.amount_text, "role": self.role,
                "deal_date": self.deal_date}


@dataclass
class Extraction:
    """What the extractor found in one article."""

    article: Article
    text: str  # normalised text the offsets refer to
    entities: list[Entity]
    relations: list[Relation]

    def to_contract(self) -> dict:
        """The `ecograph extract --json` record (ARCHITECTURE.md)."""
        return {
            "source": self.article.source,
            "title": self.article.title,
            "date": self.article.date,
            "entities": [
                {"name": e.name, "type": e.label, "aliases": list(e.aliases)} for e in self.entities
            ],
            "relations": [
                {
                    "source": r.source,
                    "type": r.type,
                    "target": r.target,
                    "evidence": r.evidence,
                    "confidence": round(r.confidence, 3),
                    **({"status": r.status} if r.status != "reported" else {}),
                    **({"title": r.title} if r.title else {}),
                    **({"rule": r.rule} if r.rule else {}),
                    **{key: value for key, value in r.deal().items() if value not in ("", None)},
                }
                for r in self.relations
            ],
        }

    def to_record(self) -> dict:
        """Everything in the extraction as plain data (JSON, Parquet); `from_record` reads it back."""
        return asdict(self)

    @classmethod
    def from_record(cls, record: dict) -> Extraction:
        entities = [Entity(e["name"], e["label"], list(e["aliases"]), [Mention(**m) for m in e["mentions"]], e["region"])
                    for e in record["entities"]]
        return cls(Article(**record["article"]), record["text"], entities, [Relation(**r) for r in record["relations"]])
