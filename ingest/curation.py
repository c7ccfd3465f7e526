"""Curation: an analyst's corrections, kept as data in the corpus and replayed onto every projection.

A decision (merge two entities, split an alias off, rename, retype, reject an entity, reject or
confirm a fact, add a fact by hand, set an entity's ecosystem) names its targets by label and name,
never by internal id, so it still finds them after re-extraction or re-ingest, when ids may have
changed. `Corpus.graph_batch` replays the active decisions in the order they were made (an undo
takes one out): entity decisions first, then fact decisions on the facts the entities now have.
Replay never drops a decision silently: one whose target is gone, or that a later one overrides,
comes back as an `Issue`.
"""
from __future__ import annotations

import getpass
import json
import os
import sqlite3
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Iterable, Iterator

from ecograph.errors import CurationError
from ecograph.ingest.resolve import match_key
from ecograph.ontology import ECOSYSTEMS, LABELS, REL_TYPES, SYMMETRIC_TYPES, entity_id

ENTITY = ("entity",)
FACT = ("source", "type", "target")
FIELDS: dict[str, tuple[str, ...]] = {  # kind → payload fields it needs
    "merge": ("entity", "into"),
    "split": ("entity", "alias"),
    "rename": ("entity", "name"),
    "retype": ("entity", "label"),
    "reject-entity": ENTITY,
    "confirm-entity": ENTITY,
    "distinct": ("entity", "other"),
    "set-ecosystem": ("entity", "ecosystem"),
    "reject-fact": FACT,
    "confirm-fact": FACT,
    "add-fact": FACT,
    "undo": ("decision",),
}
KINDS = tuple(FIELDS)
FACT_KINDS = frozenset({"reject-fact", "confirm-fact", "add-fact"})
REFS = frozenset({"entity", "into", "other", "source", "target"})  # payload fields that name an entity
OVERRIDABLE = frozenset({"rename", "retype", "set-ecosystem"})  # a later one of these replaces an earlier
MISSING, CONFLICT = "missing", "conflict"
CURATED = {"confirm-fact": "confirmed", "add-fact": "added"}  # the fact property `curated`
NO_ECOSYSTEM = ""  # set-ecosystem to this: in none of them


@dataclass(frozen=True)
class Decision:
    uid: str
    kind: str
    payload: dict
    author: str
    reason: str
    evidence: str = ""
    created_at: str = ""
    number: int = 0  # the row id in this corpus (what `ecograph curate undo N` takes)

    def target(self) -> str:
        """What the decision is about, in one short phrase: 青禾医疗 → 杭州青禾…; A -[TYPE]-> B."""
        p = self.payload
        if self.kind in FACT_KINDS:
            return f"{p['source']['name']} -[{p['type']}]-> {p['target']['name']}"
        if self.kind == "undo":
            return f"decision {p['decision']}"
        other = {"merge": p.get("into", {}).get("name"), "distinct": p.get("other", {}).get("name"),
                 "split": p.get("alias"), "rename": p.get("name"), "retype": p.get("label"), "set-ecosystem": p.get("ecosystem") or "(none 无)"}.get(self.kind)
        return f"{p['entity']['name']} → {other}" if other else p["entity"]["name"]

    def to_json(self) -> str:
        """The line `ecograph curation export` writes (and `import` reads)."""
        return json.dumps({"uid": self.uid, "kind": self.kind, "payload": self.payload, "author": self.author,
                           "reason": self.reason, "evidence": self.evidence, "created_at": self.created_at},
                          ensure_ascii=False, sort_keys=True)


@dataclass(frozen=True)
class Issue:
    """A decision replay could not apply (`missing`: its target is gone) or that another
    decision overrides or contradicts (`conflict`)."""

    decision: Decision
    kind: str
    problem: str
    other: Decision | None = None  # the decision it conflicts with

    def line(self) -> str:
        d = self.decision
        return f"curation #{d.number} {d.kind} ({d.target()}): {self.problem} [{self.kind}]"


def ref(name: str, label: str = "") -> dict:
    """How a decision names an entity."""
    return {"name": name, "label": label}


def check(kind: str, payload: object) -> dict:
    """The payload, checked: every field the kind needs, labels, types and ecosystems known."""
    if kind not in FIELDS:
        raise CurationError(f"unknown decision kind {kind!r}; expected one of {', '.join(KINDS)}")
    if not isinstance(payload, dict):
        raise CurationError(f"{kind}: the payload is not an object")
    for name in FIELDS[kind]:
        value = payload.get(name)
        if name in REFS:
            if not isinstance(value, dict) or not isinstance(value.get("name"), str) or not value["name"].strip():
                raise CurationError(f"{kind}: {name} must name an entity")
            if value.get("label", "") and value["label"] not in LABELS:
                raise CurationError(f"{kind}: unknown label {value['label']!r}")
        elif not isinstance(value, str) or (not value.strip() and name != "ecosystem"):
            raise CurationError(f"{kind}: {name} is missing")
    if kind == "retype" and payload["label"] not in LABELS:
        raise CurationError(f"retype: unknown label {payload['label']!r}; expected one of {', '.join(LABELS)}")
    if kind == "split" and payload.get("label", "") and payload["label"] not in LABELS:
        raise CurationError(f"split: unknown label {payload['label']!r}")
    if kind in FACT_KINDS and payload["type"] not in REL_TYPES:
        raise CurationError(f"{kind}: unknown relationship type {payload['type']!r}")
    if kind == "set-ecosystem" and payload["ecosystem"] not in (*ECOSYSTEMS, NO_ECOSYSTEM):
        raise CurationError(f"set-ecosystem: {payload['ecosystem']!r} is not one of {', '.join(ECOSYSTEMS)} "
                            "(or empty for none)")
    return payload


def default_author() -> str:
    return os.environ.get("ECOGRAPH_USER") or getpass.getuser()


def new_decision(kind: str, payload: dict, reason: str, evidence: str = "", author: str = "") -> Decision:
    if kind == "add-fact" and not evidence.strip():
        raise CurationError("add-fact: give the evidence sentence that states the fact")
    if not reason.strip():
        raise CurationError(f"{kind}: say why (the reason is part of the audit log)")
    return Decision(uuid.uuid4().hex, kind, check(kind, payload), author or default_author(), reason.strip(),
                    evidence.strip(), _now())


# --- storage ------------------------------------------------------------------------------

def insert(db: sqlite3.Connection, decision: Decision) -> Decision:
    """Store a decision (inside the caller's transaction); returns it with its number."""
    if decision.kind == "undo":
        _check_undo(db, decision.payload["decision"])
    cursor = db.execute(
        "INSERT INTO curation (uid, kind, payload, created_at, author, reason, evidence) VALUES (?,?,?,?,?,?,?)",
        (decision.uid, decision.kind, json.dumps(decision.payload, ensure_ascii=False, sort_keys=True),
         decision.created_at, decision.author, decision.reason, decision.evidence))
    return Decision(**{**decision.__dict__, "number": cursor.lastrowid})


def _check_undo(db: sqlite3.Connection, uid: str) -> None:
    row = db.execute("SELECT kind FROM curation WHERE uid=?", (uid,)).fetchone()
    if row is None:
        raise CurationError(f"undo: no decision {uid}")
    if row["kind"] == "undo":
        raise CurationError("undo: an undo cannot be undone; record the decision again")
    if db.execute("SELECT 1 FROM curation WHERE kind='undo' AND json_extract(payload, '$.decision')=?",
                  (uid,)).fetchone():
        raise CurationError(f"undo: decision {uid} is already undone")


def find_uid(db: sqlite3.Connection, number_or_uid: str) -> str:
    """The uid of decision N (its number in `ecograph curation log`) or of a uid given as is."""
    column = "id" if number_or_uid.isdigit() else "uid"
    row = db.execute(f"SELECT uid FROM curation WHERE {column}=?", (number_or_uid,)).fetchone()  # noqa: S608
    if row is None:
        raise CurationError(f"no curation decision {number_or_uid}")
    return row["uid"]


def load(db: sqlite3.Connection) -> list[Decision]:
    """Every decision, undos too, in the order they were made."""
    return [Decision(r["uid"], r["kind"], json.loads(r["payload"]), r["author"] or "", r["reason"] or "",
                     r["evidence"] or "", r["created_at"], r["id"])
            for r in db.execute("SELECT * FROM curation ORDER BY created_at, id")]


def undone(decisions: Iterable[Decision]) -> dict[str, Decision]:
    """uid of each undone decision → the undo that took it out."""
    return {d.payload["decision"]: d for d in decisions if d.kind == "undo"}


def parse_line(line: str) -> Decision:
    """One line of an export, checked (CurationError says what is wrong with it)."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        raise CurationError(f"not JSON ({error.msg})") from None
    if not isinstance(data, dict):
        raise CurationError("not a JSON object")
    for name in ("uid", "kind", "author", "reason", "created_at"):
        if not isinstance(data.get(name), str) or not data[name]:
            raise CurationError(f"{name} is missing")
    if data["kind"] == "add-fact" and not str(data.get("evidence") or "").strip():
        raise CurationError("add-fact: the evidence sentence is missing")
    return Decision(data["uid"], data["kind"], check(data["kind"], data.get("payload")), data["author"],
                    data["reason"], str(data.get("evidence") or ""), data["created_at"])


# --- replay -------------------------------------------------------------------------------

MAX_HOPS = 64  # id redirections chain (merged into, retyped, split off); a cycle cannot form


@dataclass
class View:
    """The entities a projection shows, while decisions are replayed onto them.

    `entities`/`aliases` are keyed by shown id; `forward` sends an id to the id it now goes by
    (segments mapped onto the taxonomy, merges, retypes); `moved` sends an entity of one article to
    the entity split off it; `surfaces` are the mentions (article id, corpus entity id, surface)."""

    entities: dict[str, dict]
    aliases: dict[str, list[str]]
    forward: dict[str, str]
    surfaces: list[tuple[str, str, str]] = field(default_factory=list)
    moved: dict[tuple[str, str], str] = field(default_factory=dict)
    split_off: dict[str, dict[str, str]] = field(default_factory=dict)  # id → {alias key → new id}
    rejected: dict[str, Decision] = field(default_factory=dict)  # match key of a rejected name → decision
    _index: dict[str, set[str]] | None = None  # match key of a name or alias → ids (None: to build)

    def changed(self) -> None:
        """Entities or aliases were changed: the name index is built again when next needed."""
        self._index = None

    def resolve(self, article_id: str, eid: str, surface: str | None = None) -> str | None:
        """The shown id of corpus entity `eid` in an article (of one mention, given its surface);
        None when the entity is rejected."""
        for _ in range(MAX_HOPS):
            if eid in self.forward:
                eid = self.forward[eid]
                continue
            split = self.split_off.get(eid, {})
            moved = split.get(match_key(surface)) if surface is not None else self.moved.get((article_id, eid))
            if moved is None:
                break
            eid = moved
        return eid if eid in self.entities else None

    def find(self, reference: dict) -> list[str]:
        """The ids of the entities a reference names: by name or alias, of its label (any label when
        none of that label has the name); the one whose own name it is first."""
        key, label = match_key(reference["name"]), reference.get("label") or ""
        if self._index is None:
            self._index = defaultdict(set)
            for eid, e in self.entities.items():
                for name in (e["name"], *self.aliases.get(eid, [])):
                    self._index[match_key(name)].add(eid)
        named = sorted(self._index.get(key, ()))
        same_label = [eid for eid in named if self.entities[eid]["label"] == label]
        found = same_label if label and same_label else named
        exact = [eid for eid in found if match_key(self.entities[eid]["name"]) == key]
        return exact if len(exact) == 1 else sorted(found)


class Replay:
    """Applies active decisions to a View and then to its facts, collecting the issues."""

    def __init__(self, decisions: list[Decision]):
        gone = undone(decisions)
        self.active = [d for d in decisions if d.kind != "undo" and d.uid not in gone]
        self.issues: list[Issue] = []
        self._last: dict[tuple, Decision] = {}  # (kind, target) → the decision that set it

    # entities ----------------------------------------------------------------------------

    def entities(self, view: View) -> None:
        for decision in self.active:
            if decision.kind in FACT_KINDS:
                continue
            if decision.kind not in ("set-ecosystem", "distinct"):  # once the entities are final
                getattr(self, "_" + decision.kind.replace("-", "_"))(view, decision)
                view.changed()

    def _one(self, view: View, decision: Decision, field_name: str = "entity") -> str | None:
        reference = decision.payload[field_name]
        found = view.find(reference)
        if len(found) == 1:
            return found[0]
        if found:
            self._issue(decision, CONFLICT, f"{reference['name']} names {len(found)} entities; give its label")
        elif (rejected := view.rejected.get(match_key(reference["name"]))) is not None:
            self._issue(decision, CONFLICT, f"{reference['name']} was rejected by decision #{rejected.number}",
                        rejected)
        else:
            self._issue(decision, MISSING, f"no entity is named {reference['name']}")
        return None

    def _merge(self, view: View, decision: Decision) -> None:
        gone, kept = self._one(view, decision), self._one(view, decision, "into")
        if gone is None or kept is None:
            return
        if gone == kept:
            self._issue(decision, CONFLICT, "already one entity")
            return
        entity = view.entities.pop(gone)
        view.aliases[kept] = sorted({*view.aliases.get(kept, []), entity["name"], *view.aliases.pop(gone, [])})
        view.forward[gone] = kept

    def _split(self, view: View, decision: Decision) -> None:
        eid = self._one(view, decision)
        if eid is None:
            return
        alias, entity = decision.payload["alias"], view.entities[eid]
        key = match_key(alias)
        if match_key(entity["name"]) == key:
            self._issue(decision, CONFLICT, f"{alias} is the entity's own name; rename it first")
            return
        if not any(match_key(a) == key for a in view.aliases.get(eid, [])):
            self._issue(decision, MISSING, f"{entity['name']} has no alias {alias} any more")
            return
        label = decision.payload.get("label") or entity["label"]
        new_id = entity_id(label, key)
        if new_id in view.entities:
            new_id = entity_id(label, f"{key}\x1fsplit:{decision.uid}")
        view.entities[new_id] = {"id": new_id, "label": label, "name": alias}
        view.aliases[new_id] = sorted(a for a in view.aliases[eid] if match_key(a) == key)
        view.aliases[eid] = [a for a in view.aliases[eid] if match_key(a) != key]
        by_article: dict[str, set[str]] = defaultdict(set)
        for article_id, corpus_id, surface in view.surfaces:
            if view.resolve(article_id, corpus_id, surface) == eid:
                by_article[article_id].add(match_key(surface))
        view.split_off.setdefault(eid, {})[key] = new_id
        for article_id, keys in by_article.items():  # an article naming it only so: its facts move too
            if keys == {key}:
                view.moved[(article_id, eid)] = new_id

    def _rename(self, view: View, decision: Decision) -> None:
        eid = self._one(view, decision)
        if eid is None:
            return
        self._override(decision, eid)
        entity, name = view.entities[eid], decision.payload["name"].strip()
        view.aliases[eid] = sorted({*view.aliases.get(eid, []), entity["name"], name})
        entity["name"] = name

    def _retype(self, view: View, decision: Decision) -> None:
        eid = self._one(view, decision)
        if eid is None:
            return
        label = decision.payload["label"]
        self._override(decision, eid)
        if view.entities[eid]["label"] == label:
            return
        new_id = entity_id(label, match_key(view.entities[eid]["name"]))
        if new_id in view.entities:
            self._issue(decision, CONFLICT, f"a {label} named {view.entities[eid]['name']} exists; merge instead")
            return
        entity = view.entities.pop(eid)
        view.entities[new_id] = {"id": new_id, "label": label, "name": entity["name"]}
        view.aliases[new_id] = view.aliases.pop(eid, [])
        view.forward[eid] = new_id

    def _confirm_entity(self, view: View, decision: Decision) -> None:
        """Reviewed and right: the entity leaves the review queue (ingest/review.py)."""
        eid = self._one(view, decision)
        if eid is not None:
            view.entities[eid]["curated"] = "confirmed"

    def _reject_entity(self, view: View, decision: Decision) -> None:
        eid = self._one(view, decision)
        if eid is None:
            return
        entity = view.entities.pop(eid)
        for name in (entity["name"], *view.aliases.pop(eid, [])):
            view.rejected[match_key(name)] = decision

    def _override(self, decision: Decision, eid: str) -> None:
        """A later rename, retype or ecosystem of the same entity replaces this one: say so."""
        earlier = self._last.get((decision.kind, eid))
        if earlier is not None:
            self._issue(earlier, CONFLICT, f"overridden by decision #{decision.number}", decision)
        self._last[(decision.kind, eid)] = decision

    def ecosystems(self, view: View) -> dict[str, tuple[str, Decision]]:
        """Each entity's ecosystem as set by hand (replaces its placement)."""
        chosen: dict[str, tuple[str, Decision]] = {}
        for decision in self.active:
            if decision.kind == "set-ecosystem" and (eid := self._one(view, decision)) is not None:
                self._override(decision, eid)
                chosen[eid] = (decision.payload["ecosystem"], decision)
        return chosen

    def distinct(self, view: View) -> set[frozenset[str]]:
        """Pairs of entities an analyst says are not one (no longer offered as duplicates)."""
        pairs = set()
        for decision in self.active:
            if decision.kind == "distinct":
                one, other = self._one(view, decision), self._one(view, decision, "other")
                if one is not None and other is not None:
                    pairs.add(frozenset((one, other)))
        return pairs

    # facts -------------------------------------------------------------------------------

    def facts(self, view: View, facts: list[dict], dates: dict[str, str]) -> list[dict]:
        """The aggregated facts with fact decisions applied (rejected ones gone, confirmed ones
        certain, added ones in)."""
        by_key = {(f["source_id"], f["type"], f["target_id"]): f for f in facts}
        fates: dict[tuple, Decision] = {}
        for decision in self.active:
            if decision.kind not in FACT_KINDS:
                continue
            source, target = self._one(view, decision, "source"), self._one(view, decision, "target")
            if source is None or target is None:
                continue
            key = _fact_key(by_key, source, decision.payload["type"], target)
            if decision.kind == "add-fact" and key not in by_key:
                by_key[key] = _added_fact(key, decision, dates)
            elif key not in by_key:
                self._issue(decision, MISSING, "the fact is no longer extracted")
                continue
            earlier = fates.get(key)
            if earlier is not None and earlier.kind != decision.kind:
                self._issue(earlier, CONFLICT, f"overridden by decision #{decision.number}", decision)
            fates[key] = decision
        for key, decision in fates.items():
            if decision.kind == "reject-fact":
                del by_key[key]
            else:
                by_key[key] = {**by_key[key], "confidence": 1.0, "curated": CURATED[decision.kind]}
        return [by_key[key] for key in sorted(by_key)]

    def _issue(self, decision: Decision, kind: str, problem: str, other: Decision | None = None) -> None:
        self.issues.append(Issue(decision, kind, problem, other))


def _fact_key(facts: dict[tuple, dict], source: str, rel_type: str, target: str) -> tuple[str, str, str]:
    """A symmetric fact is found whichever way round it is named."""
    key = (source, rel_type, target)
    if key not in facts and rel_type in SYMMETRIC_TYPES and (target, rel_type, source) in facts:
        return (target, rel_type, source)
    return key


def _added_fact(key: tuple[str, str, str], decision: Decision, dates: dict[str, str]) -> dict:
    source, rel_type, target = key
    article = decision.payload.get("article") or ""
    date = decision.payload.get("date") or dates.get(article, "") or decision.created_at[:10]
    return {"source_id": source, "type": rel_type, "target_id": target, "evidence": decision.evidence,
            "raw_evidence": decision.evidence, "article_ids": [article] if article in dates else [],
            "confidence": 1.0, "first_seen": date, "last_seen": date, "status": "reported",
            "title": decision.payload.get("title") or "", "curated": "added"}


def concerning(issues: list[Issue], decision: Decision) -> list[Issue]:
    """The issues of a decision, or of the decisions it conflicts with."""
    return [i for i in issues if decision.uid in (i.decision.uid, i.other.uid if i.other else None)]


def status(decisions: list[Decision], issues: list[Issue]) -> dict[str, str]:
    """uid → what became of the decision at the last replay: applied, undone (by #n), or its issue."""
    gone = undone(decisions)
    problems: dict[str, str] = {}
    for issue in issues:
        problems.setdefault(issue.decision.uid, f"{issue.kind}: {issue.problem}")
    return {d.uid: ("undo" if d.kind == "undo" else f"undone by #{gone[d.uid].number}" if d.uid in gone
                    else problems.get(d.uid, "applied")) for d in decisions}


def iter_lines(text: str) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            yield number, line


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")
