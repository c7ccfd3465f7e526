"""The corpus: SQLite system of record for articles, entities, mentions and facts with evidence.

Everything the graph shows is replayed from here (`Corpus.graph_batch`). Writes happen inside
`with corpus.atomic():` so an interrupted ingest leaves no half-written article; article ids
and content hashes make re-ingesting an upsert.
"""
from __future__ import annotations

import functools
import json
import sqlite3
from collections import defaultdict
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path
from typing import Callable, Iterator, ParamSpec, TypeVar

import filelock
from rapidfuzz import fuzz, process

from ecograph.errors import CorpusError, CurationError
from ecograph.ingest import curation
from ecograph.ingest.duplicates import brand_stem, duplicate_candidates, has_legal_form, same_brand
from ecograph.ingest.lexicon import load_lexicon
from ecograph.ingest.models import Article, Extraction
from ecograph.ingest.name_index import NameIndex
from ecograph.ingest.placement import place_entities, placement_json
from ecograph.ingest.resolve import is_short_form, match_key
from ecograph.ingest.taxonomy import UNMAPPED, load_taxonomy, map_segment
from ecograph.ontology import SYMMETRIC_TYPES, entity_id

EXTRACTOR_VERSION = "2"  # 2: INVESTED_IN facts carry deal terms
DEAL_COLUMNS = ("deal_round", "deal_amount", "deal_amount_min", "deal_currency", "deal_amount_text",
                "deal_role", "deal_date")
DEAL_PROPERTIES = ("round", "amount", "amount_min", "currency", "amount_text", "role", "deal_date")
REPRINT_LIKENESS = 90  # percent: how alike two texts of one title are to be one article reprinted
COMPATIBLE = {"Company": {"Company", "Investor"}, "Investor": {"Company", "Investor"}}
FIRMS = ("Company", "Investor")

MIGRATIONS: list[tuple[str, str]] = [
    ("001_initial", """
        CREATE TABLE articles (
            id TEXT PRIMARY KEY, source TEXT NOT NULL, url TEXT, title TEXT, date TEXT,
            raw_text TEXT NOT NULL, content_hash TEXT NOT NULL, extractor_version TEXT,
            ingested_at TEXT NOT NULL);
        CREATE INDEX articles_hash ON articles(content_hash);
        CREATE TABLE entities (
            id TEXT PRIMARY KEY, label TEXT NOT NULL, name TEXT NOT NULL, region TEXT DEFAULT '');
        CREATE INDEX entities_label ON entities(label);
        CREATE TABLE aliases (
            entity_id TEXT NOT NULL REFERENCES entities(id), alias TEXT NOT NULL, akey TEXT NOT NULL,
            PRIMARY KEY (entity_id, alias));
        CREATE INDEX aliases_key ON aliases(akey);
        CREATE TABLE mentions (
            article_id TEXT NOT NULL REFERENCES articles(id), entity_id TEXT NOT NULL REFERENCES entities(id),
            surface TEXT NOT NULL, raw TEXT, start INTEGER NOT NULL, end INTEGER NOT NULL,
            PRIMARY KEY (article_id, start));
        CREATE INDEX mentions_entity ON mentions(entity_id);
        CREATE TABLE facts (
            article_id TEXT NOT NULL REFERENCES articles(id), source_id TEXT NOT NULL, type TEXT NOT NULL,
            target_id TEXT NOT NULL, evidence TEXT NOT NULL, raw_evidence TEXT, sent_start INTEGER,
            sent_end INTEGER, confidence REAL NOT NULL, status TEXT NOT NULL, title TEXT DEFAULT '',
            PRIMARY KEY (article_id, source_id, type, target_id));
        CREATE TABLE merges (
            entity_id TEXT NOT NULL, name TEXT NOT NULL, reason TEXT NOT NULL, article_id TEXT,
            PRIMARY KEY (entity_id, name));
        CREATE TABLE suggestions (
            a_id TEXT NOT NULL, b_id TEXT NOT NULL, score REAL NOT NULL, reason TEXT NOT NULL,
            PRIMARY KEY (a_id, b_id));
        CREATE TABLE curation (
            id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, payload TEXT NOT NULL,
            created_at TEXT NOT NULL);
    """),
    ("002_deal_terms", """
        ALTER TABLE facts ADD COLUMN deal_round TEXT DEFAULT '';
        ALTER TABLE facts ADD COLUMN deal_amount REAL;
        ALTER TABLE facts ADD COLUMN deal_amount_min REAL;
        ALTER TABLE facts ADD COLUMN deal_currency TEXT DEFAULT '';
        ALTER TABLE facts ADD COLUMN deal_amount_text TEXT DEFAULT '';
        ALTER TABLE facts ADD COLUMN deal_role TEXT DEFAULT '';
        ALTER TABLE facts ADD COLUMN deal_date TEXT DEFAULT '';
    """),
    ("003_curation_audit", """
        ALTER TABLE curation ADD COLUMN uid TEXT;
        ALTER TABLE curation ADD COLUMN author TEXT DEFAULT '';
        ALTER TABLE curation ADD COLUMN reason TEXT DEFAULT '';
        ALTER TABLE curation ADD COLUMN evidence TEXT DEFAULT '';
        CREATE UNIQUE INDEX curation_uid ON curation(uid);
    """),
    ("004_watchlists", """
        CREATE TABLE watchlists (
            name TEXT NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL, added_at TEXT NOT NULL,
            PRIMARY KEY (name, kind, value));
    """),
    ("005_fetches", """
        CREATE TABLE fetches (
            url TEXT PRIMARY KEY, etag TEXT DEFAULT '', last_modified TEXT DEFAULT '', fetched_at TEXT NOT NULL);
    """),
    # Cross-article resolution looks names up by index, not by a scan of every entity per new
    # name (which made resolution grow with the square of the corpus): the two-character pieces
    # of every name an entity has had, and names by label and by label and first two characters.
    ("006_name_lookups", """
        CREATE TABLE name_bigrams (
            bigram TEXT NOT NULL, entity_id TEXT NOT NULL REFERENCES entities(id),
            PRIMARY KEY (bigram, entity_id)) WITHOUT ROWID;
        INSERT OR IGNORE INTO name_bigrams
            WITH RECURSIVE piece(id, name, at) AS (
                SELECT id, name, 1 FROM entities WHERE length(name) >= 2
                UNION ALL SELECT id, name, at + 1 FROM piece WHERE at + 2 <= length(name))
            SELECT substr(name, at, 2), id FROM piece;
        CREATE INDEX entities_label_name ON entities(label, name);
        CREATE INDEX entities_label_prefix ON entities(label, substr(name, 1, 2));
    """),
]


class MergeReason(str, Enum):
    SAME_KEY = "same name after normalisation"
    SHORT_FORM = "short form of a fuller name"
    FULLER_NAME = "fuller name of a short form"
    SAME_BRAND = "brand name of a full legal name (the only firm of that brand in the corpus)"


@dataclass
class StoreResult:
    article_id: str
    status: str  # "new", "updated", "unchanged", "duplicate" (of duplicate_of: nothing stored)
    entities: int = 0
    relations: int = 0
    duplicate_of: str | None = None


P = ParamSpec("P")
R = TypeVar("R")


def _sqlite_errors(method: Callable[P, R]) -> Callable[P, R]:
    """SQLite's errors (not a database, damaged, disk full, locked) as one-line CorpusErrors."""
    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except (sqlite3.Error, OSError) as error:
            path = getattr(args[0], "path", None)
            raise CorpusError(f"cannot use the corpus: {error}", source=str(path) if path else None) from None
    return wrapper


@dataclass
class GraphRows:
    """Rows for the graph loader, in the shape of graph.loader.GraphBatch."""

    articles: list[dict] = field(default_factory=list)
    nodes: list[dict] = field(default_factory=list)
    relations: list[dict] = field(default_factory=list)
    mentions: list[dict] = field(default_factory=list)
    curation: list[curation.Issue] = field(default_factory=list)  # decisions replay could not apply as made


class Corpus:
    @_sqlite_errors
    def __init__(self, path: Path | str):
        self.path = Path(path)
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        # Processes opening the same corpus take turns to set it up: switching a new file to WAL
        # and creating its tables do not wait for each other in SQLite, they fail ("locked").
        setting_up = filelock.FileLock(f"{self.path}.init.lock") if str(path) != ":memory:" else nullcontext()
        with setting_up:
            self.db = sqlite3.connect(str(path), timeout=60, isolation_level=None)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        self.lexicon = load_lexicon()
        self._names: NameIndex | None = None  # built at the first short-form look-up
        self._names_version = -1  # PRAGMA data_version it was built at: another connection's write changes it

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Corpus":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """One transaction: everything inside lands, or nothing does."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            self._names = None  # it may hold what was rolled back
            raise
        else:
            self.db.execute("COMMIT")

    def _migrate(self) -> None:
        self.db.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
        done = {r[0] for r in self.db.execute("SELECT name FROM migrations")}
        for name, sql in MIGRATIONS:
            if name in done:
                continue
            with self.atomic():
                for statement in sql.split(";"):
                    if statement.strip():
                        self.db.execute(statement)
                self.db.execute("INSERT INTO migrations VALUES (?, ?)", (name, _now()))

    # --- articles -------------------------------------------------------------------------

    @_sqlite_errors
    def article_status(self, article: Article) -> tuple[str, str | None]:
        """("new" | "unchanged" | "changed" | "duplicate", source of the duplicate's original)."""
        row = self.db.execute("SELECT content_hash, extractor_version FROM articles WHERE id=?", (article.id,)).fetchone()
        if row:
            same = row["content_hash"] == article.content_hash and row["extractor_version"] == EXTRACTOR_VERSION
            return ("unchanged" if same else "changed"), None
        dup = self.db.execute("SELECT id, source FROM articles WHERE content_hash=? AND id<>?",
                              (article.content_hash, article.id)).fetchone()
        if dup:
            return "duplicate", dup["source"]
        return "new", None

    @_sqlite_errors
    def store(self, extraction: Extraction) -> StoreResult:
        """Write one article with its entities and facts, replacing what an earlier version left.

        The article's status is decided inside the write transaction, so that two processes
        storing the same article count it once as new, and never as a duplicate of itself.
        """
        article = extraction.article
        with self.atomic():
            status, original = self.article_status(article)
            if status in ("unchanged", "duplicate"):
                return StoreResult(article.id, status, duplicate_of=original)
            ingested_at = _now()
            if status == "changed":
                # re-extraction of the same text is not news: the article keeps when it came in
                kept = self.db.execute("SELECT ingested_at FROM articles WHERE id=? AND content_hash=?",
                                       (article.id, article.content_hash)).fetchone()
                ingested_at = kept[0] if kept else ingested_at
                self.db.execute("DELETE FROM mentions WHERE article_id=?", (article.id,))
                self.db.execute("DELETE FROM facts WHERE article_id=?", (article.id,))
            self.db.execute(
                "INSERT OR REPLACE INTO articles VALUES (?,?,?,?,?,?,?,?,?)",
                (article.id, article.source, article.url, article.title, article.date, article.raw_text,
                 article.content_hash, EXTRACTOR_VERSION, ingested_at),
            )
            ids = {}
            for entity in extraction.entities:
                ids[entity.name] = self._resolve_entity(entity.label, entity.name, entity.aliases, article.id)
                for m in entity.mentions:
                    self.db.execute("INSERT OR REPLACE INTO mentions VALUES (?,?,?,?,?,?)",
                                    (article.id, ids[entity.name], m.text, m.raw, m.start, m.end))
            for rel in extraction.relations:
                if rel.source not in ids or rel.target not in ids:
                    continue
                self.db.execute(
                    "INSERT OR REPLACE INTO facts (article_id, source_id, type, target_id, evidence, raw_evidence, "
                    "sent_start, sent_end, confidence, status, title, " + ", ".join(DEAL_COLUMNS) + ") "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (article.id, ids[rel.source], rel.type, ids[rel.target], rel.evidence, rel.raw_evidence,
                     rel.sent_start, rel.sent_end, rel.confidence, rel.status, rel.title,
                     *(rel.deal()[key] for key in DEAL_PROPERTIES)),
                )
        return StoreResult(article.id, "updated" if status == "changed" else status,
                           len(extraction.entities), len(extraction.relations))

    @_sqlite_errors
    def article(self, article_id: str) -> Article | None:
        """One stored article (its text as it was read), or None when no article has this id."""
        r = self.db.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        if r is None:
            return None
        return Article(r["id"], r["source"], r["title"], r["raw_text"], r["url"] or "", r["date"] or "",
                       r["content_hash"])

    @_sqlite_errors
    def articles(self) -> list[Article]:
        rows = self.db.execute("SELECT * FROM articles ORDER BY date, id").fetchall()
        return [Article(r["id"], r["source"], r["title"], r["raw_text"], r["url"] or "", r["date"] or "",
                        r["content_hash"]) for r in rows]

    @_sqlite_errors
    def clear_extractions(self) -> None:
        """Forget every entity and fact (before re-extracting all articles)."""
        with self.atomic():
            for table in ("facts", "mentions", "aliases", "merges", "suggestions", "name_bigrams", "entities"):
                self.db.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names
            self.db.execute("UPDATE articles SET extractor_version=''")
        self._names = None

    # --- cross-article resolution ---------------------------------------------------------

    def _resolve_entity(self, label: str, name: str, aliases: list[str], article_id: str) -> str:
        keys = {match_key(n) for n in [name, *aliases]}
        labels = COMPATIBLE.get(label, {label})
        found = self._find_by_keys(keys, labels)
        reason = MergeReason.SAME_KEY
        if found is None:  # a short form must be of the same kind: 北辰新创 is not 北辰新创产业基金
            found, reason = self._find_short_form(label, name, {label})
        if found is None and label in COMPATIBLE:
            found, reason = self._find_same_brand(name, labels)
        if found is None:
            new_id = entity_id(label, match_key(name))
            inserted = self.db.execute("INSERT OR IGNORE INTO entities (id, label, name) VALUES (?,?,?)",
                                       (new_id, label, name)).rowcount
            if inserted and self._names is not None:
                self._names.add(new_id, label, name)
            self._add_bigrams(new_id, name)
            self._add_aliases(new_id, [name, *aliases])
            self._suggest_near_duplicates(new_id, label, name)
            return new_id
        existing_id, existing_name = found
        merged = name
        if is_short_form(existing_name, name, label, self.lexicon) or (
                reason is MergeReason.SAME_BRAND and has_legal_form(name)):
            self.db.execute("UPDATE entities SET name=? WHERE id=?", (name, existing_id))
            if self._names is not None and existing_id in self._names.names:
                self._names.add(existing_id, self._names.names[existing_id][0], name)
            self._add_bigrams(existing_id, name)
            reason, merged = MergeReason.FULLER_NAME, existing_name  # the short name is what merged in
        if existing_name != name:
            self.db.execute("INSERT OR IGNORE INTO merges VALUES (?,?,?,?)",
                            (existing_id, merged, reason.value, article_id))
        self._add_aliases(existing_id, [name, *aliases])
        return existing_id

    def _find_by_keys(self, keys: set[str], labels: set[str]) -> tuple[str, str] | None:
        marks = ",".join("?" * len(keys))
        label_marks = ",".join("?" * len(labels))
        row = self.db.execute(
            f"SELECT e.id, e.name FROM aliases a JOIN entities e ON e.id = a.entity_id "  # noqa: S608
            f"WHERE a.akey IN ({marks}) AND e.label IN ({label_marks}) ORDER BY e.id LIMIT 1",
            (*keys, *labels),
        ).fetchone()
        return (row["id"], row["name"]) if row else None

    def _find_short_form(self, label: str, name: str, labels: set[str]) -> tuple[tuple[str, str] | None, MergeReason]:
        if label in ("Person", "Segment", "Region", "Event") or len(name) < 3:
            return None, MergeReason.SAME_KEY
        # Of the names holding the short's first two characters and the names inside this one,
        # those it is a short form of, else those that are short forms of it. The name index
        # offers every name that can be either (ingest/name_index.py), a few, where the names
        # holding two characters (a city's: 深圳…) grow with the corpus; the tests are the same.
        index = self._name_index()
        inside = [(r["id"], r["name"]) for r in self._inside(name, labels)]
        if label in FIRMS and not name.rstrip("公司"):  # any firm's brand starts with '': read them all
            near = [(r["id"], r["name"]) for r in self._containing(name[:2], labels)]
        else:
            near = [row for lab in labels for row in index.fuller_candidates(lab, name) if name[:2] in row[1]]
        fuller = {i: n for i, n in near if is_short_form(name, n, label, self.lexicon)}
        if len(fuller) == 1:
            return next(iter(fuller.items())), MergeReason.SHORT_FORM
        rows = dict(inside)
        rows.update((i, n) for lab in labels for i, n in index.shorter_candidates(lab, name) if name[:2] in n)
        shorter = {i: n for i, n in rows.items() if is_short_form(n, name, label, self.lexicon)}
        if len(shorter) == 1:
            return next(iter(shorter.items())), MergeReason.FULLER_NAME
        return None, MergeReason.SAME_KEY

    def _name_index(self) -> NameIndex:
        """The entities by name pieces (ingest/name_index.py), built from the table when there is
        none yet or when another connection has written since."""
        version = self.db.execute("PRAGMA data_version").fetchone()[0]
        if self._names is None or version != self._names_version:
            self._names = NameIndex(self.lexicon)
            for r in self.db.execute("SELECT id, label, name FROM entities"):
                self._names.add(r["id"], r["label"], r["name"])
            self._names_version = version
        return self._names

    def _find_same_brand(self, name: str, labels: set[str]) -> tuple[tuple[str, str] | None, MergeReason]:
        """A firm whose legal name and this brand name (or the other way round) share their brand
        stem (迈瑞医疗 ↔ 深圳迈瑞生物医疗电子股份有限公司), when the corpus has one such firm only."""
        stem = brand_stem(name, self.lexicon)
        if len(stem) < 2:
            return None, MergeReason.SAME_KEY
        rows = self._containing(stem, labels)
        same = [r for r in rows if brand_stem(r["name"], self.lexicon) == stem]
        if len(same) != 1:
            return None, MergeReason.SAME_KEY
        other = same[0]["name"]
        if same_brand(name, other, self.lexicon) or same_brand(other, name, self.lexicon):
            return (same[0]["id"], other), MergeReason.SAME_BRAND
        return None, MergeReason.SAME_KEY

    def _containing(self, text: str, labels: set[str]) -> list[sqlite3.Row]:
        """Entities of `labels` whose name holds `text` (two characters or more)."""
        label_marks = ",".join("?" * len(labels))
        return self.db.execute(
            "SELECT DISTINCT e.id, e.name FROM name_bigrams b JOIN entities e ON e.id = b.entity_id "
            f"WHERE b.bigram = ? AND e.label IN ({label_marks}) AND instr(e.name, ?) > 0",  # noqa: S608
            (text[:2], *labels, text)).fetchall()

    def _inside(self, name: str, labels: set[str]) -> list[sqlite3.Row]:
        """Entities of `labels` whose name is a part of `name` (the empty one included)."""
        parts = sorted({name[i:j] for i in range(len(name)) for j in range(i, len(name) + 1)})
        label_marks = ",".join("?" * len(labels))
        return self.db.execute(
            f"SELECT id, name FROM entities WHERE label IN ({label_marks}) "  # noqa: S608
            "AND name IN (SELECT value FROM json_each(?))", (*labels, json.dumps(parts, ensure_ascii=False))).fetchall()

    def _add_bigrams(self, entity: str, name: str) -> None:
        self.db.executemany("INSERT OR IGNORE INTO name_bigrams VALUES (?,?)",
                            [(name[i:i + 2], entity) for i in range(len(name) - 1)])

    def _add_aliases(self, entity: str, names: list[str]) -> None:
        for alias in names:
            self.db.execute("INSERT OR IGNORE INTO aliases VALUES (?,?,?)", (entity, alias, match_key(alias)))

    def _suggest_near_duplicates(self, new_id: str, label: str, name: str) -> None:
        """Names that look alike but did not merge are kept as suggestions for a curator."""
        rows = self._name_index().opening_with(label, name[:2])
        names = [other for other_id, other in rows.items() if other_id != new_id]
        ids = [other_id for other_id in rows if other_id != new_id]
        # rapidfuzz compares in C and keeps those near the threshold; each is scored as before
        for _, _, at in process.extract(name, names, scorer=fuzz.ratio, score_cutoff=79, limit=None):
            score = fuzz.ratio(name, names[at])
            if score >= 80:
                a, b = sorted((new_id, ids[at]))
                self.db.execute("INSERT OR IGNORE INTO suggestions VALUES (?,?,?,?)",
                                (a, b, round(score / 100, 3), "similar names"))

    # --- read side -----------------------------------------------------------------------

    @_sqlite_errors
    def counts(self) -> dict[str, int]:
        return {t: self.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: S608
                for t in ("articles", "entities", "mentions", "facts", "merges", "suggestions")}

    @_sqlite_errors
    def graph_batch(self) -> GraphRows:
        """The whole graph as the corpus says it is: entities with a mention (segments mapped onto
        the industrial-chain taxonomy, synonyms merged), facts aggregated across articles (evidence
        of the most confident one, every article id, dates, deal terms), each entity's ecosystems
        with the reasons (ingest/placement.py) and its possible duplicates — with the curation
        decisions replayed on top (ingest/curation.py; what they could not do is in `curation`)."""
        rows = GraphRows()
        dates = {}
        for a in self.db.execute("SELECT id, url, title, date, source FROM articles ORDER BY id"):
            rows.articles.append(dict(a))
            dates[a["id"]] = a["date"] or ""
        alias_map: dict[str, list[str]] = defaultdict(list)
        for r in self.db.execute("SELECT entity_id, alias FROM aliases ORDER BY entity_id, alias"):
            alias_map[r["entity_id"]].append(r["alias"])
        stored = {r["id"]: dict(r) for r in self.db.execute(
            "SELECT * FROM entities WHERE id IN (SELECT entity_id FROM mentions) ORDER BY id")}
        shown, shown_aliases, same_as = map_segments(stored, alias_map)
        surfaces = [(r[0], r[1], r[2]) for r in self.db.execute(
            "SELECT article_id, entity_id, surface FROM mentions ORDER BY article_id, start")]
        view = curation.View(shown, shown_aliases, dict(same_as), surfaces)
        replay = curation.Replay(self.decisions())
        replay.entities(view)
        entities, aliases = view.entities, view.aliases
        facts = replay.facts(view, self._aggregate_facts(dates, view), dates)
        chosen, apart = replay.ecosystems(view), replay.distinct(view)
        placements = place_entities(entities, aliases, facts)
        duplicates = duplicate_candidates(entities, self.lexicon)
        for eid, e in sorted(entities.items()):
            placed = placements.get(eid, [])
            ecosystems = [p.ecosystem for p in placed]
            placement = placement_json(placed)
            if eid in chosen:
                ecosystems, placement = curated_placement(*chosen[eid])
            pairs = [p for p in duplicates.get(eid, []) if frozenset((eid, p[0])) not in apart]
            rows.nodes.append({
                "id": eid, "label": e["label"], "name": e["name"],
                "aliases": sorted(a for a in aliases.get(eid, []) if a != e["name"]),
                "region": ecosystems[0] if ecosystems else "",
                "ecosystems": ecosystems, "placement": placement,
                "duplicate_ids": [p[0] for p in pairs], "duplicate_scores": [p[1] for p in pairs],
                "duplicate_reasons": [p[2] for p in pairs], "curated": e.get("curated", ""),
                **{key: e[key] for key in SEGMENT_PROPERTIES if key in e},
            })
        rows.relations = facts
        mentions = {(shown_id, article_id) for article_id, corpus_id, surface in surfaces
                    if (shown_id := view.resolve(article_id, corpus_id, surface)) is not None}
        rows.mentions = [{"entity_id": e, "article_id": a} for e, a in sorted(mentions)]
        rows.curation = sorted(replay.issues, key=lambda issue: (issue.decision.created_at, issue.decision.number))
        return rows

    def _aggregate_facts(self, dates: dict[str, str], view: curation.View) -> list[dict]:
        """Facts per (source, type, target) once merged entities are one: `view` gives the id
        an entity of an article is shown under (None: not shown). A symmetric fact is one fact
        whichever way round articles name it, source the smaller id."""
        grouped: dict[tuple, list[sqlite3.Row]] = defaultdict(list)
        for f in self.db.execute("SELECT * FROM facts ORDER BY article_id, source_id, type, target_id"):
            source = view.resolve(f["article_id"], f["source_id"])
            target = view.resolve(f["article_id"], f["target_id"])
            if source is not None and target is not None and source != target:
                if f["type"] in SYMMETRIC_TYPES:  # A与B合作 in one article, B与A in another: one link
                    source, target = min(source, target), max(source, target)
                grouped[(source, f["type"], target)].append(f)
        facts = []
        for (source, rel_type, target), group in sorted(grouped.items()):
            best = max(group, key=lambda f: (f["confidence"], f["status"] == "reported"))
            seen = sorted(dates.get(f["article_id"], "") for f in group)
            # independent articles stating the same link make it more certain (noisy-or)
            doubt = 1.0
            for f in group:
                doubt *= 1 - f["confidence"]
            fact = {
                "source_id": source, "type": rel_type, "target_id": target,
                "evidence": best["evidence"], "raw_evidence": best["raw_evidence"] or best["evidence"],
                "article_ids": sorted({f["article_id"] for f in group}),
                "confidence": round(min(0.99, 1 - doubt), 3),
                "first_seen": seen[0], "last_seen": seen[-1],
                "status": "reported" if any(f["status"] == "reported" for f in group) else best["status"],
                "title": next((f["title"] for f in group if f["title"]), ""),
                "curated": "",
            }
            if rel_type == "INVESTED_IN":
                fact.update(_deal_of(group, dates))
            facts.append(fact)
        return facts

    # --- curation ------------------------------------------------------------------------

    @_sqlite_errors
    def decisions(self) -> list[curation.Decision]:
        """Every curation decision (undos too), in the order they were made."""
        return curation.load(self.db)

    @_sqlite_errors
    def record(self, decision: curation.Decision, vet: bool = False) -> tuple[curation.Decision, list[curation.Issue]]:
        """Store one decision; returns it with its number. With `vet`, replay it first: one whose
        target the corpus does not hold is refused (CurationError, nothing stored), and its
        conflicts with other decisions come back with it."""
        with self.atomic():
            recorded = curation.insert(self.db, decision)
            if not vet:
                return recorded, []
            issues = curation.concerning(self.graph_batch().curation, recorded)
            missing = [i for i in issues if i.kind == curation.MISSING and i.decision.uid == recorded.uid]
            if missing:
                raise CurationError(f"{decision.kind}: {missing[0].problem}; nothing recorded")
        return recorded, issues

    # --- watchlists ------------------------------------------------------------------------

    @_sqlite_errors
    def watch(self, name: str, kind: str, value: str) -> None:
        """Put an entity, a segment or an ecosystem on watchlist `name` (made if new)."""
        with self.atomic():
            self.db.execute("INSERT OR IGNORE INTO watchlists VALUES (?,?,?,?)", (name, kind, value, _now()))

    @_sqlite_errors
    def unwatch(self, name: str, kind: str | None = None, value: str | None = None) -> int:
        """Take an entry off a watchlist (or the whole list); returns how many went."""
        with self.atomic():
            return self.db.execute("DELETE FROM watchlists WHERE name=? AND (? IS NULL OR kind=?) AND (? IS NULL OR value=?)",
                                   (name, kind, kind, value, value)).rowcount

    @_sqlite_errors
    def watchlists(self) -> dict[str, list[tuple[str, str]]]:
        lists: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for r in self.db.execute("SELECT name, kind, value FROM watchlists ORDER BY name, kind, value"):
            lists[r["name"]].append((r["kind"], r["value"]))
        return dict(lists)

    @_sqlite_errors
    def ingested_at(self) -> dict[str, str]:
        """Article id → when it was first stored with its current text (UTC ISO time)."""
        return {r[0]: r[1] for r in self.db.execute("SELECT id, ingested_at FROM articles")}

    # --- fetching (ingest/fetch.py) ----------------------------------------------------------

    @_sqlite_errors
    def validators(self, url: str) -> tuple[str, str]:
        """The ETag and Last-Modified a URL last answered with ("" when never fetched)."""
        row = self.db.execute("SELECT etag, last_modified FROM fetches WHERE url=?", (url,)).fetchone()
        return (row[0], row[1]) if row else ("", "")

    @_sqlite_errors
    def keep_validators(self, url: str, etag: str, last_modified: str) -> None:
        with self.atomic():
            self.db.execute("INSERT OR REPLACE INTO fetches VALUES (?,?,?,?)", (url, etag, last_modified, _now()))

    @_sqlite_errors
    def reprint_of(self, article: Article) -> str | None:
        """The source of a stored article this one reprints: the same title and, but for a line
        or two a site adds (转载自…), the same text (rapidfuzz ratio ≥ REPRINT_LIKENESS)."""
        if not article.title.strip():
            return None
        for row in self.db.execute("SELECT source, raw_text FROM articles WHERE title=? AND id<>?",
                                   (article.title, article.id)):
            if alike(row["raw_text"], article.raw_text):
                return row["source"]
        return None

    @_sqlite_errors
    def has_url(self, url: str) -> bool:
        return self.db.execute("SELECT 1 FROM articles WHERE url=? LIMIT 1", (url,)).fetchone() is not None

    @_sqlite_errors
    def has_decision(self, uid: str) -> bool:
        return self.db.execute("SELECT 1 FROM curation WHERE uid=?", (uid,)).fetchone() is not None

    @_sqlite_errors
    def decision_uid(self, number_or_uid: str) -> str:
        return curation.find_uid(self.db, number_or_uid)


def curated_placement(ecosystem: str, decision: curation.Decision) -> tuple[list[str], str]:
    """The ecosystems and placement JSON of an entity whose ecosystem an analyst set."""
    ecosystems = [ecosystem] if ecosystem else []
    reason = {"ecosystem": ecosystem, "anchor": ecosystem, "anchor_kind": "ecosystem", "steps": [],
              "anchor_source": f"set by {decision.author} 分析员设定, curation #{decision.number}: {decision.reason}"}
    return ecosystems, json.dumps([reason], ensure_ascii=False, sort_keys=True) if ecosystem else ""


def alike(text: str, other: str) -> bool:
    """Two texts of one article, one reprinted with a line or two more (转载自…)."""
    return fuzz.ratio(text, other) >= REPRINT_LIKENESS


SEGMENT_PROPERTIES = ("taxonomy", "tier", "nmpa", "name_en", "segment_parent")


def map_segments(entities: dict[str, dict], aliases: dict[str, list[str]]
                 ) -> tuple[dict[str, dict], dict[str, list[str]], dict[str, str]]:
    """Segment entities mapped onto the taxonomy (ingest/taxonomy.py): those of one node become
    one entity named as the node (their names kept as aliases), with the node's tier, NMPA codes
    and English name; a segment the taxonomy lacks stays as it is, marked unmapped.

    Returns the entities and aliases to show, and the ids that now go by another id."""
    taxonomy = load_taxonomy()
    shown: dict[str, dict] = {}
    names: dict[str, list[str]] = defaultdict(list)
    same_as: dict[str, str] = {}
    for eid, entity in entities.items():
        if entity["label"] != "Segment":
            shown[eid] = entity
            names[eid] = list(aliases.get(eid, []))
            continue
        node = map_segment(entity["name"]).node
        if node is None:
            shown[eid] = {**entity, "taxonomy": UNMAPPED, "tier": "", "nmpa": "", "name_en": "",
                          "segment_parent": ""}
            names[eid] = list(aliases.get(eid, []))
            continue
        node_id = entity_id("Segment", match_key(node.name_zh))
        if node_id != eid:
            same_as[eid] = node_id
        parent = taxonomy.nodes.get(node.parent)
        shown[node_id] = {"id": node_id, "label": "Segment", "name": node.name_zh, "taxonomy": node.id,
                          "tier": node.tier, "nmpa": "|".join(node.nmpa), "name_en": node.name_en,
                          "segment_parent": parent.name_zh if parent else ""}
        names[node_id].extend([entity["name"], *aliases.get(eid, [])])
    return shown, {eid: sorted(set(names[eid])) for eid in shown}, same_as


def _deal_of(group: list[sqlite3.Row], dates: dict[str, str]) -> dict:
    """The deal terms of an INVESTED_IN fact: from the most confident statement that gives any,
    dated as stated or else by its article."""
    stated = [f for f in group if any(f[c] not in (None, "") for c in DEAL_COLUMNS if c != "deal_currency")]
    if not stated:
        return {}
    best = max(stated, key=lambda f: (f["confidence"], sum(f[c] not in (None, "") for c in DEAL_COLUMNS)))
    terms = {key: (best[column] if best[column] not in ("", None) else None)
             for key, column in zip(DEAL_PROPERTIES, DEAL_COLUMNS)}
    if terms["deal_date"] is None and dates.get(best["article_id"]):
        terms["deal_date"] = dates[best["article_id"]]
    for key in ("amount", "amount_min"):
        value = terms[key]
        if value is not None and float(value).is_integer():
            terms[key] = int(value)
    return terms


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
