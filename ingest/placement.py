"""Which of the four ecosystems an entity belongs to, and why: placement from evidence.

An ecosystem's extent is data (lexicons/ecosystems.csv: its parks, sub-parks, areas and districts).
An entity is placed in an ecosystem when a chain of facts leads from it to a member of that extent:

- X LOCATED_IN Y, X PART_OF Y: X is where Y is;
- X OPERATES Y: the operator of a park or platform belongs where what it operates is;
- Y INCUBATES X (Y a park or platform): X is hosted where Y is;
- X WORKS_FOR Y (X a person): a person belongs where their organisation is;
- X's name opens with an administrative division (深圳市坪山区人民医院: 坪山区 of 深圳市), the way
  Chinese organisation names are formed (行政区划 + 字号 + 行业 + 组织形式), or with the full name of
  a member of an extent (中关村管委会, 张江科学城建设管理办公室). Names of three characters or more
  only: 张江 and 南山 are also firms' brands.

Only reported facts count (not plans, not negations). Districts are matched by GB/T 2260 code,
never by characters: 坪山区 is a district of 深圳 but not of 南山, and an entity known only to be
in 深圳市 is in no ecosystem (a district is in its city, a city is not in its district). An entity
with no chain is unplaced. Each placement keeps the chain (the facts with their evidence).
"""
from __future__ import annotations

import csv
import json
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ecograph.ingest.lexicon import LEXICON_DIR
from ecograph.ingest.resolve import match_key
from ecograph.ontology import ECOSYSTEMS

EXTENTS_FILE = LEXICON_DIR / "ecosystems.csv"
EXTRA_DIVISIONS_FILE = LEXICON_DIR / "divisions_extra.csv"
MAX_HOPS = 4
NAME_STEP = "NAMED_AFTER"  # the step of a chain that comes from the entity's own name
# Which way each fact type carries a place: "forward" = the source is where the target is.
FORWARD = frozenset({"LOCATED_IN", "PART_OF", "OPERATES"})
HOSTS = frozenset({"Park", "Platform"})  # incubators that house what they incubate
NAMED_LABELS = frozenset({"Company", "Investor", "Hospital", "Alliance", "University", "ResearchInstitute",
                          "Government", "Platform", "Park"})


@dataclass(frozen=True)
class Member:
    """One row of the extents file: a place that belongs to an ecosystem."""

    ecosystem: str
    kind: str  # ecosystem | park | sub-park | area | district
    name: str
    aliases: tuple[str, ...] = ()
    part_of: str = ""
    adcode: str = ""
    source: str = ""


@dataclass
class Extents:
    members: list[Member]
    by_key: dict[str, Member] = field(default_factory=dict)  # match key of a name or alias → member
    by_adcode: dict[str, Member] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for member in self.members:
            for name in (member.name, *member.aliases):
                self.by_key.setdefault(match_key(name), member)
            if member.adcode:
                self.by_adcode[member.adcode.ljust(12, "0")] = member


@cache
def load_extents(path: Path = EXTENTS_FILE) -> Extents:
    """The extents file, checked: every ecosystem is one of the four, every kind known."""
    kinds = {"ecosystem", "park", "sub-park", "area", "district"}
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    members = []
    for number, row in enumerate(csv.DictReader(lines), start=2):
        if row["ecosystem"] not in ECOSYSTEMS or row["kind"] not in kinds:
            raise ValueError(f"{path}: row {number}: unknown ecosystem or kind {row['ecosystem']!r}, {row['kind']!r}")
        if row["kind"] == "district" and not row["adcode"]:
            raise ValueError(f"{path}: row {number}: the district {row['name']} needs its adcode")
        members.append(Member(row["ecosystem"], row["kind"], row["name"],
                              tuple(a for a in row["aliases"].split("|") if a), row["part_of"],
                              row["adcode"], row["source"]))
    return Extents(members)


# ----------------------------------------------------------------------------- divisions

@dataclass
class Divisions:
    """China's administrative divisions down to districts: full name → codes, code → parent."""

    codes: dict[str, list[str]]
    names: dict[str, str]

    def parent(self, code: str) -> str | None:
        """The code of the province or city `code` lies in (districts of municipalities: the
        municipality), or None for a province."""
        if code[2:] == "0" * 10:
            return None
        if code[4:] == "0" * 8:
            return code[:2].ljust(12, "0")
        city = code[:4].ljust(12, "0")
        return city if city in self.names else code[:2].ljust(12, "0")

    def within(self, code: str, ancestor: str) -> bool:
        current: str | None = code
        while current is not None:
            if current == ancestor:
                return True
            current = self.parent(current)
        return False

    def read_prefix(self, name: str, umap: dict[str, str]) -> tuple[str, str] | None:
        """The administrative division `name` opens with, as (code, the prefix read): 深圳市坪山区
        人民医院 → (坪山区's code, '深圳市坪山区'). Each division read must lie in the one before it;
        only full names count (南山区, not 南山). A district that several cities share, read
        without its city, is the one `umap` names, or none."""
        code, at = None, 0
        while True:
            step = self._next(name, at, code, umap)
            if step is None:
                break
            code, at = step
        return (code, name[:at]) if code else None

    def _next(self, name: str, at: int, inside: str | None, umap: dict[str, str]) -> tuple[str, int] | None:
        for end in range(min(len(name), at + 12), at + 1, -1):
            found = self.codes.get(name[at:end])
            if not found:
                continue
            fits = [c for c in found if inside is None or self.within(c, inside)]
            if inside is None and len(fits) > 1:
                fits = [c for c in fits if c == umap.get(name[at:end])]
            if len(fits) == 1:
                return fits[0], end
        return None


@cache
def load_divisions() -> Divisions:
    codes: dict[str, list[str]] = defaultdict(list)
    names: dict[str, str] = {}
    lines = [line for line in EXTRA_DIVISIONS_FILE.read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    places = _all_places() + [(row["adcode"], row["name"]) for row in csv.DictReader(lines)]
    for code, name in places:
        if name in ("市辖区", "县") or code in names:
            continue
        names[code] = name
        codes[name].append(code)
    return Divisions(dict(codes), names)


def _all_places() -> list[tuple[str, str]]:
    """Every district-level row of cpca's table (load_places keeps one place per name)."""
    from ecograph.ingest.lexicon import _adcodes_path

    with _adcodes_path().open(encoding="utf-8") as handle:
        return [(row["adcode"], row["name"]) for row in csv.DictReader(handle) if row["adcode"][6:] == "000000"]


# ----------------------------------------------------------------------------- placement

@dataclass
class Placement:
    """An entity's place in one ecosystem: the extent member reached and the chain of steps."""

    ecosystem: str
    anchor: str  # the member of the extent the chain ends at
    anchor_kind: str
    anchor_source: str
    steps: list[dict] = field(default_factory=list)  # {source, type, target, evidence, article_ids}

    def as_dict(self) -> dict:
        return {"ecosystem": self.ecosystem, "anchor": self.anchor, "anchor_kind": self.anchor_kind,
                "anchor_source": self.anchor_source, "steps": self.steps}


def placement_json(placements: list[Placement]) -> str:
    """The node property `placement`: the reasons as JSON text (portable to both engines)."""
    return json.dumps([p.as_dict() for p in placements], ensure_ascii=False, sort_keys=True) if placements else ""


def place_entities(entities: dict[str, dict], aliases: dict[str, list[str]], facts: list[dict],
                   extents: Extents | None = None) -> dict[str, list[Placement]]:
    """Each entity's placements, nearest first (an entity may belong to several ecosystems).

    `entities` maps id → {label, name}; `facts` are the aggregated facts (source_id, type,
    target_id, status, evidence, article_ids). Entities without a chain are left out.
    """
    extents = extents or load_extents()
    divisions = load_divisions()
    umap = {m.name: m.adcode.ljust(12, "0") for m in extents.members if m.kind == "district"}
    anchors = {eid: member for eid, e in entities.items()
               if (member := _member(e, aliases.get(eid, []), extents, divisions, umap))}
    up = _upward_links(entities, facts)
    named = {eid: found for eid, e in entities.items()
             if e["label"] in NAMED_LABELS and eid not in anchors
             and (found := _named_after(e["name"], extents, divisions, umap))}
    reach = _Reach(anchors, up, named, entities)
    result: dict[str, list[Placement]] = {}
    for eid in entities:
        placed = reach.placements(eid)
        if placed:
            result[eid] = placed
    return result


def _member(entity: dict, names: list[str], extents: Extents, divisions: Divisions,
            umap: dict[str, str]) -> Member | None:
    """The extent member an entity is, by name (a leading division is the member's own place:
    上海市浦东新区张江科学城 is 张江科学城) or, for a Region, by the division code it names."""
    for name in (entity["name"], *names):
        member = extents.by_key.get(match_key(name))
        if member:
            return member
        read = divisions.read_prefix(name, umap)
        if read is None:
            continue
        code, prefix = read
        rest = name[len(prefix):]
        if not rest:
            if entity["label"] == "Region" and code in extents.by_adcode:
                return extents.by_adcode[code]
            continue
        member = extents.by_key.get(match_key(rest))
        if member and member.kind != "district" and _consistent(member, code, extents, divisions):
            return member
    return None


def _named_after(name: str, extents: Extents, divisions: Divisions,
                 umap: dict[str, str]) -> tuple[Member, str] | None:
    """The extent member a name opens with (a district by its division, or a member by its full
    name) and the prefix read, or None."""
    key = match_key(name)
    read = divisions.read_prefix(key, umap)
    at = len(read[1]) if read else 0
    for end in range(len(key) - 1, at + 2, -1):  # the longest member name, then a division alone
        member = extents.by_key.get(key[at:end])
        if member is not None and (read is None or _consistent(member, read[0], extents, divisions)):
            return member, key[:end]
    if read and read[0] in extents.by_adcode:
        return extents.by_adcode[read[0]], read[1]
    return None


def _consistent(member: Member, code: str, extents: Extents, divisions: Divisions) -> bool:
    """Whether a place named with the division `code` in front can be this member: the member's
    district (if the file says) lies in that division, or the other way round."""
    district = _district_of(member, extents)
    if district is None:
        return True
    return divisions.within(district, code) or divisions.within(code, district)


def _district_of(member: Member, extents: Extents) -> str | None:
    seen = set()
    current: Member | None = member
    while current is not None and current.name not in seen:
        if current.adcode:
            return current.adcode.ljust(12, "0")
        seen.add(current.name)
        current = extents.by_key.get(match_key(current.part_of)) if current.part_of else None
    return None


def _upward_links(entities: dict[str, dict], facts: list[dict]) -> dict[str, list[dict]]:
    """For each entity, the facts that say where it is: (fact, the entity it is where)."""
    up: dict[str, list[dict]] = defaultdict(list)
    for fact in facts:
        if fact.get("status", "reported") != "reported":
            continue
        src, dst, kind = fact["source_id"], fact["target_id"], fact["type"]
        if src not in entities or dst not in entities:
            continue
        if kind in FORWARD or (kind == "WORKS_FOR" and entities[src]["label"] == "Person"):
            up[src].append({"via": dst, "fact": fact})
        elif kind == "INCUBATES" and entities[src]["label"] in HOSTS:
            up[dst].append({"via": src, "fact": fact})
    return up


Found = dict[str, tuple[tuple[int, int], Member, list[dict]]]  # ecosystem → (rank, member, steps)


class _Reach:
    """What a breadth-first walk from each entity along the facts that place things finds: the
    nearest member of each ecosystem's extent, with the chain that reaches it.

    A walk from one entity is the walks from the entities its facts lead to, one step longer, so
    each (entity, hops left) is walked once and shared by every entity whose chains pass through
    it: the work grows with the facts, not with the entities times what each one reaches (a
    separate walk per entity grew with the square of a corpus whose names are widely reused).

    It finds what the walk of one entity at a time found. A find ranks by (the length of its
    chain, how far from the start it was found): a name step is found at the entity it names, one
    step short of its chain's length, so it beats a member reached by a chain of the same length.
    Among equal ranks the first wins, taking the facts in the walk's order (most confident first,
    then by id); a longer route to an entity already reached never wins."""

    def __init__(self, anchors: dict[str, Member], up: dict[str, list[dict]],
                 named: dict[str, tuple[Member, str]], entities: dict[str, dict]):
        self.anchors, self.named, self.entities = anchors, named, entities
        self.links = {node: sorted(links, key=lambda x: (-x["fact"].get("confidence", 0), x["via"]))
                      for node, links in up.items()}
        self.steps: dict[int, dict] = {}
        self.memo: dict[tuple[str, int], Found] = {}

    def placements(self, start: str) -> list[Placement]:
        found = self.reach(start, MAX_HOPS)
        placed = [Placement(member.ecosystem, member.name, member.kind, member.source, steps)
                  for _, member, steps in found.values()]
        return sorted(placed, key=lambda p: (len(p.steps), ECOSYSTEMS.index(p.ecosystem)))

    def reach(self, node: str, hops: int) -> Found:
        known = self.memo.get((node, hops))
        if known is None:
            known = self.memo[(node, hops)] = self._walk(node, hops)
        return known

    def _walk(self, node: str, hops: int) -> Found:
        found: Found = {}
        member = self.anchors.get(node)
        if member is not None:  # the chain ends at the first member of an extent
            found[member.ecosystem] = ((0, 0), member, [])
            return found
        if node in self.named:
            by_name, prefix = self.named[node]
            step = {"source": self.entities[node]["name"], "type": NAME_STEP, "target": prefix,
                    "evidence": f"the name opens with {prefix} 名称冠以{prefix}", "article_ids": []}
            found[by_name.ecosystem] = ((1, 0), by_name, [step])
        if hops == 0:
            return found
        for link in self.links.get(node, []):
            step = self._step(link["fact"])
            for ecosystem, ((length, at), member, steps) in self.reach(link["via"], hops - 1).items():
                rank = (length + 1, at + 1)
                if ecosystem not in found or rank < found[ecosystem][0]:
                    found[ecosystem] = (rank, member, [step, *steps])
        return found

    def _step(self, fact: dict) -> dict:
        step = self.steps.get(id(fact))
        if step is None:
            step = self.steps[id(fact)] = {
                "source": self.entities[fact["source_id"]]["name"], "source_id": fact["source_id"],
                "type": fact["type"], "target": self.entities[fact["target_id"]]["name"],
                "target_id": fact["target_id"], "evidence": fact.get("evidence", ""),
                "article_ids": list(fact.get("article_ids") or [])}
        return step
