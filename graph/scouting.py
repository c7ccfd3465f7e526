"""Partner scouting around an investor's question: a start-up described by its segment, its
ecosystem and its stage (in the graph or not) → candidates in groups, each scored from facts.

Groups: the complements — investors with deals in the segment, hospitals with clinical links to
it, platforms, parks and incubators that serve it, suppliers up the chain — and, apart from them,
the rivals (companies in the same segment). Every point of a score is a reason that names the
facts stating it, (source, target, type), so the app can show their evidence sentences.
"""
from __future__ import annotations

from collections.abc import Iterable, Set
from dataclasses import dataclass, field

import networkx as nx

from ecograph.graph.analytics import is_catch_all
from ecograph.ontology import ECOSYSTEM_EN

GROUPS = ("investor", "hospital", "platform", "supplier", "rival")
COMPLEMENT_GROUPS = GROUPS[:-1]
GROUP_NAMES = {
    "investor": ("投资机构：在该领域有投资", "Investors with deals in the segment"),
    "hospital": ("医院：与该领域有临床合作", "Hospitals with clinical links to the segment"),
    "platform": ("平台、园区与孵化器：服务该领域", "Platforms, parks and incubators serving the segment"),
    "supplier": ("上游供应商", "Suppliers up the chain"),
    "rival": ("竞争者：同领域企业", "Rivals: companies in the same segment"),
}
PLATFORM_LABELS = frozenset({"Platform", "Park", "ResearchInstitute", "University"})
CLINICAL_TYPES = frozenset({"PARTNERS_WITH", "FOUNDED", "SUPPLIES", "MEMBER_OF", "INVESTED_IN"})
SERVING_TYPES = frozenset({"INCUBATES", "OPERATES", "LOCATED_IN", "PARTNERS_WITH"})
# Funding rounds by the stage they belong to (a round is matched by how it starts, case ignored).
STAGES = {
    "seed": ("种子", "天使", "SEED", "ANGEL", "PRE-A"),
    "A": ("PRE-A", "A"),
    "B": ("PRE-B", "B"),
    "growth": ("C", "D", "E", "F", "PRE-IPO", "IPO", "战略"),
}
STAGE_NAMES = {"seed": ("种子/天使轮", "Seed / angel"), "A": ("A 轮", "Series A"), "B": ("B 轮", "Series B"),
               "growth": ("C 轮及以后", "Series C and later")}
WEIGHTS = {"deal": 1.0, "stage": 0.5, "focus": 1.0, "clinical": 1.0, "serves": 1.0, "hosts": 0.5,
           "supplies": 1.0, "upstream": 0.5, "ecosystem": 0.5}


@dataclass(frozen=True)
class Reason:
    """One reason a candidate scores, in both languages, with the facts that state it."""

    points: float
    zh: str
    en: str
    facts: tuple[tuple[str, str, str], ...] = ()


@dataclass
class Candidate:
    id: str
    group: str
    reasons: list[Reason] = field(default_factory=list)

    @property
    def score(self) -> float:
        return round(sum(r.points for r in self.reasons), 3)

    @property
    def facts(self) -> list[tuple[str, str, str]]:
        return list(dict.fromkeys(f for r in self.reasons for f in r.facts))


def round_stage(round_text: str) -> str | None:
    """The stage a funding round belongs to: 'A+' → 'A', '天使轮' → 'seed'; None when unknown."""
    text = (round_text or "").strip().upper()
    for stage in ("seed", "growth", "B", "A"):  # Pre-A is seed money before it is an A round
        if any(text.startswith(prefix) for prefix in STAGES[stage]):
            return stage
    return None


def segment_ids(G: nx.MultiDiGraph, taxonomy_ids: Iterable[str]) -> set[str]:
    """The Segment nodes mapped to any of these taxonomy nodes."""
    wanted = set(taxonomy_ids)
    return {n for n, d in G.nodes(data=True) if d.get("label") == "Segment" and d.get("taxonomy") in wanted}


def scout(G: nx.MultiDiGraph, segments: set[str], *, ecosystem: str = "", stage: str = "",
          upstream: Set[str] = frozenset(), entity: str | None = None,
          top: int = 10) -> dict[str, list[Candidate]]:
    """Candidates per group (GROUPS), best first, ties broken by the number of facts and then
    the name; `top` per group.

    `segments`: the Segment node ids of the start-up's segment (with the segments that narrow it);
    `upstream`: Segment ids of the chain's upstream tier (materials, components, CXO …);
    `ecosystem`: its ecosystem ('' for none); `stage`: a key of STAGES ('' for any);
    `entity`: the start-up's own node when it is in the graph (left out, and so are the
    entities it is already linked to).
    """
    nodes = G.nodes
    linked = set(G.predecessors(entity)) | set(G.successors(entity)) | {entity} if entity in G else set()
    players = {u for s in segments for u in G.predecessors(s)  # the segment's companies
               if G.has_edge(u, s, "FOCUSES_ON") and nodes[u].get("label") == "Company" and u not in linked}
    candidates: dict[tuple[str, str], Candidate] = {}

    def add(group: str, node: str, reason: Reason) -> None:
        if node in linked or is_catch_all(nodes[node]):
            return
        candidates.setdefault((group, node), Candidate(node, group)).reasons.append(reason)

    def name(n: str) -> str:
        return nodes[n].get("name") or n

    for u, v, key, data in G.edges(keys=True, data=True):
        u_label = nodes[u].get("label")
        if key == "FOCUSES_ON" and v in segments:
            group = {"Investor": "investor", "Hospital": "hospital", "Company": "rival"}.get(
                u_label, "platform" if u_label in PLATFORM_LABELS else "")
            if group:
                add(group, u, Reason(WEIGHTS["focus"], f"聚焦{name(v)}", f"focuses on {name(v)}", ((u, v, key),)))
        if key == "INVESTED_IN" and u_label == "Investor" and v in players:
            add("investor", u, Reason(WEIGHTS["deal"], f"投资了同领域的{name(v)}", f"invested in {name(v)}, in the segment",
                                      ((u, v, key),)))
            if stage and round_stage(data.get("round") or "") == stage:
                zh, en = STAGE_NAMES[stage]
                add("investor", u, Reason(WEIGHTS["stage"], f"该笔为{zh}（{data['round']}）",
                                          f"that deal was {en} ({data['round']})", ((u, v, key),)))
        for hospital, player in ((u, v), (v, u)):
            if key in CLINICAL_TYPES and nodes[hospital].get("label") == "Hospital" and player in players:
                add("hospital", hospital, Reason(WEIGHTS["clinical"], f"与同领域的{name(player)}有合作",
                                                 f"works with {name(player)}, in the segment", ((u, v, key),)))
        if key in SERVING_TYPES:
            for place, player in ((u, v), (v, u)):
                if nodes[place].get("label") in PLATFORM_LABELS and player in players and place not in players:
                    hosts = key == "LOCATED_IN"
                    add("platform", place, Reason(
                        WEIGHTS["hosts" if hosts else "serves"],
                        f"{'园内有' if hosts else '服务'}同领域的{name(player)}",
                        f"{'hosts' if hosts else 'serves'} {name(player)}, in the segment", ((u, v, key),)))
        if key == "SUPPLIES" and v in players and u not in players:
            add("supplier", u, Reason(WEIGHTS["supplies"], f"向同领域的{name(v)}供货", f"supplies {name(v)}, in the segment",
                                      ((u, v, key),)))
        if key == "FOCUSES_ON" and v in upstream and u_label == "Company" and u not in players:
            add("supplier", u, Reason(WEIGHTS["upstream"], f"聚焦上游的{name(v)}", f"focuses on {name(v)}, up the chain",
                                      ((u, v, key),)))
    if ecosystem:
        for (_, node), candidate in candidates.items():
            if ecosystem in (nodes[node].get("ecosystems") or [nodes[node].get("region")]):
                candidate.reasons.append(Reason(WEIGHTS["ecosystem"], f"同在{ecosystem}",
                                                    f"also in {ECOSYSTEM_EN.get(ecosystem, ecosystem)}"))
    grouped: dict[str, list[Candidate]] = {group: [] for group in GROUPS}
    for (group, _), candidate in candidates.items():
        grouped[group].append(candidate)
    for group, found in grouped.items():
        found.sort(key=lambda c: (-c.score, -len(c.facts), name(c.id), c.id))
        grouped[group] = found[:top]
    return grouped
