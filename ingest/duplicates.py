"""Brand-level duplicates: a short brand and a full legal name of one firm, and what is left to check.

A Chinese firm's legal name is place + brand (字号) + industry words + legal form
(深圳 + 迈瑞 + 生物医疗电子 + 股份有限公司); news often calls it by brand + an industry word
(迈瑞医疗). `brand_stem` takes both back to the brand (迈瑞). The corpus merges a short form into a
full legal name when their stems agree and the corpus holds no other firm with that stem; the
pairs it cannot settle are scored by `duplicate_candidates` for the data-quality check.
"""
from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from rapidfuzz import fuzz

from ecograph.ingest.lexicon import Lexicon
from ecograph.ingest.resolve import INDUSTRY_WORDS, LEGAL_FORMS, brand, match_key, strip_legal_form

FIRM_LABELS = frozenset({"Company", "Investor"})
SAME_BRAND, SIMILAR = 0.9, 0.8  # scores (same brand; the least likeness of two brands to flag)
REASONS = {SAME_BRAND: "same brand 同一字号", SIMILAR: "similar names 名称相近"}


def brand_stem(name: str, lexicon: Lexicon) -> str:
    """The brand of a firm's name: without legal form, bracketed place, leading place and
    trailing industry words.

    深圳迈瑞生物医疗电子股份有限公司 → 迈瑞; 迈瑞医疗 → 迈瑞; 华光成像 → 华光成像.
    """
    core = brand(match_key(name), lexicon)
    changed = True
    while changed:
        changed = False
        for word in INDUSTRY_WORDS:
            if core.endswith(word) and len(core) - len(word) >= 2:
                core, changed = core[: -len(word)], True
    return core


def place_prefix(name: str, lexicon: Lexicon) -> str:
    """The place a firm's name opens with (深圳迈瑞… → 深圳), or ''."""
    key = match_key(name)
    core = brand(key, lexicon)
    at = key.find(core) if core else -1
    return key[:at] if at > 0 else ""


def has_legal_form(name: str) -> bool:
    return name.endswith(LEGAL_FORMS)


def same_brand(short: str, full: str, lexicon: Lexicon) -> bool:
    """Whether `short` (no legal form) can be the brand name of the legal name `full`: the same
    brand stem, and every industry word of the short form is in the full name."""
    if has_legal_form(short) or not has_legal_form(full) or len(short) >= len(full):
        return False
    stem = brand_stem(short, lexicon)
    if len(stem) < 2 or stem != brand_stem(full, lexicon) or stem == short and len(stem) < 3:
        return False
    places = place_prefix(short, lexicon), place_prefix(full, lexicon)
    if all(places) and places[0] != places[1]:
        return False  # 上海朗驰 is not 深圳朗驰…: another city's firm of the same brand
    words = short[len(stem):] if short.startswith(stem) else short.replace(stem, "")
    return all(word in full for word in INDUSTRY_WORDS if word in words)


def duplicate_candidates(entities: dict[str, dict], lexicon: Lexicon) -> dict[str, list[tuple[str, float, str]]]:
    """Pairs of firms that may be one but did not merge: for each entity id, [(other id, score,
    reason)], highest score first. The same brand stem 0.9; names at least 80% alike (rapidfuzz
    ratio, same first two characters) their ratio. Names equal without their legal form are
    left to the graph's own check (queries/dq_possible_duplicates.cypher scores them 1.0)."""
    firms = {eid: e for eid, e in entities.items() if e["label"] in FIRM_LABELS}
    plain = {eid: strip_legal_form(match_key(e["name"])) for eid, e in firms.items()}
    best: dict[tuple[str, str], float] = {}

    def note(a: str, b: str, score: float) -> None:
        if plain[a] != plain[b]:
            pair = (min(a, b), max(a, b))
            best[pair] = max(best.get(pair, 0.0), score)

    stems: dict[str, list[str]] = defaultdict(list)
    for eid, e in firms.items():
        stem = brand_stem(e["name"], lexicon)
        if len(stem) >= 2:
            stems[stem].append(eid)
    for ids in stems.values():
        for a, b in combinations(sorted(ids), 2):
            note(a, b, SAME_BRAND)
    by_start: dict[str, list[str]] = defaultdict(list)
    stem_of = {eid: stem for stem, ids in stems.items() for eid in ids}
    for eid in stem_of:
        by_start[stem_of[eid][:2]].append(eid)
    for ids in by_start.values():
        for a, b in combinations(sorted(ids), 2):
            ratio = fuzz.ratio(stem_of[a], stem_of[b]) / 100
            if SIMILAR <= ratio < 1:
                note(a, b, round(ratio * SIMILAR, 3))
    out: dict[str, list[tuple[str, float, str]]] = defaultdict(list)
    for (a, b), score in sorted(best.items()):
        reason = REASONS[SAME_BRAND] if score == SAME_BRAND else REASONS[SIMILAR]
        out[a].append((b, score, reason))
        out[b].append((a, score, reason))
    return {eid: sorted(pairs, key=lambda p: (-p[1], p[0])) for eid, pairs in out.items()}
