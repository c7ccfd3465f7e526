"""Mentions → canonical entities: within an article, then across the corpus.

Within an article, a short form names the same thing as a fuller one when it is its tail with the
same head noun (医疗器械园 → 滨江医疗器械园), its head without the legal form (滨江发展集团 →
滨江发展集团股份有限公司), the brand of a full legal name (恒川医疗 → 上海恒川医疗科技有限公司),
or an abbreviation the article declares (（以下简称X）). Across the corpus, entities merge when a
normalised key matches; two names that merely share a prefix never merge (北京新空港控股有限公司 ≠
北京新空港建设实业发展有限公司): they are left as suggestions.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ecograph.ingest import cues as vocabulary
from ecograph.ingest.entity_rules import Candidate, declared_short_forms
from ecograph.ingest.lexicon import Lexicon

LEGAL_FORMS = vocabulary.words("resolve.legal_forms")
INDUSTRY_WORDS = vocabulary.words("resolve.industry_words")
FILLER_WORDS = vocabulary.words("resolve.filler_words")
BODY_ABBREVIATIONS = vocabulary.table("resolve.body_abbreviations")
FILLER_LABELS = frozenset({"Event", "Park", "Platform", "Alliance"})
RULE_RANK = {"head": 5, "model-org": 4, "model-person": 4, "model-loc": 4, "model-nz": 3, "model-listed": 3,
             "list": 3, "segment-list": 3, "suffix": 5, "quoted": 5, "slogan-event": 5, "title-name": 4, "name-title": 3, "gazetteer": 4, "town": 3,
             "speaker": 3, "segment-lexicon": 3, "enumeration": 2, "well-known": 4, "role": 2, "short-form": 2, "alias": 3, "industry": 1, "parent": 3, "repeated": 1, "focus-list": 1}


KEY_NOISE = re.compile(r"[\s\"'“”‘’「」『』《》()（）\[\]【】·•]")


def match_key(name: str) -> str:
    """The key two surface forms must share to be the same name: NFKC, no spaces, quotes, brackets."""
    return KEY_NOISE.sub("", unicodedata.normalize("NFKC", name))


def strip_legal_form(name: str) -> str:
    for form in LEGAL_FORMS:
        if name.endswith(form) and len(name) > len(form) + 1:
            return name[: -len(form)]
    return name


def brand(name: str, lexicon: Lexicon) -> str:
    """上海恒川医疗科技股份有限公司 → 恒川医疗科技; 森诺斯生物科技(深圳)有限公司 → 森瑞斯生物科技."""
    core = re.sub(r"\([^()]*\)", "", strip_legal_form(name))
    for place in _place_prefixes(core, lexicon):
        core = core[len(place):]
        break
    return core


def _place_prefixes(name: str, lexicon: Lexicon) -> tuple[str, ...]:
    """The places a name starts with, longest first (remembered: the resolver asks for the same
    names again and again)."""
    known = _PREFIXES.setdefault(id(lexicon), {})
    found = known.get(name)
    if found is None:
        if len(known) > 200_000:  # a long-running process: forget rather than grow without end
            known.clear()
        shorts = _shorts(lexicon)
        found = known[name] = tuple(
            prefix for length in range(min(8, len(name) - 2), 1, -1)
            if (prefix := name[:length]) in lexicon.places or any(p.short == prefix for p in shorts.get(prefix, [])))
    return found


_PREFIXES: dict[int, dict[str, tuple[str, ...]]] = {}


_SHORTS: dict[int, dict] = {}


def _shorts(lexicon: Lexicon) -> dict[str, list]:
    table = _SHORTS.get(id(lexicon))
    if table is None:
        table = defaultdict(list)
        for place in lexicon.places.values():
            table[place.short].append(place)
        _SHORTS[id(lexicon)] = table
    return table


def is_short_form(short: str, full: str, label: str, lexicon: Lexicon) -> bool:
    """Whether `short` can be a shorter name of `full` (both of the same label)."""
    if short == full or len(short) >= len(full) or len(short) < 2 or short[-1] not in full:
        return False
    if label in ("Person", "Segment", "Region", "Event"):
        return label == "Event" and full.endswith(short) and len(short) >= 4
    if full.startswith(short) and full[len(short):] in LEGAL_FORMS + ("集团股份有限公司",):
        return True
    if strip_legal_form(full) == short:
        return True
    if full.endswith(short) and len(short) >= 3 and label != "Company" and not _place_and_head(short, lexicon):
        return True  # 医疗器械园 → 滨江医疗器械园; 临空经济区 → 北京西郊国际机场临空经济区
    if label in ("Company", "Investor"):
        if short.endswith(LEGAL_FORMS) and _place_prefixes(short, lexicon)[:1] != _place_prefixes(full, lexicon)[:1]:
            return False  # 武汉联影医疗科技有限公司 is a subsidiary of 上海联影…, not a short form of it
        core = brand(full, lexicon)
        if len(short) >= 3 and core.startswith(short.rstrip("公司")) and _brand_part(short, lexicon):
            return True
        short_core = brand(short, lexicon)
        if short_core != short and len(short_core) >= 3 and core.startswith(short_core):
            return True
        if len(short) == 2 and core.startswith(short) and not _without_industry_words(core[2:]) and \
                short not in lexicon.places:
            return True  # 迈瑞 → 迈瑞生物: a two-character brand and industry words after it
    # 某区政府 ↔ 某区人民政府; 北京市药监局 ↔ 北京市药品监督管理局
    if full.replace("人民政府", "政府") == short:
        return True
    return label == "Government" and short in abbreviated(full)


def abbreviated(name: str) -> set[str]:
    """The name with each usual long word of a government body's name in its short form."""
    return {name.replace(long, short) for short, long in BODY_ABBREVIATIONS.items() if long in name}


def _filler_left_out(short: str, full: str, label: str) -> bool:
    """某器械创新基地 → 某器械产业创新基地: an article writing a name again without a filler
    word (across articles two such names can be two parks, so only within one)."""
    return label in FILLER_LABELS and len(short) >= 5 and any(
        full.replace(word, "", 1) == short for word in FILLER_WORDS if word in full)


def _place_and_head(name: str, lexicon: Lexicon) -> bool:
    """苏州医院 is a name of its own (a place and a head noun), not the tail of 江南大学苏州医院."""
    for place in _place_prefixes(name, lexicon):
        if name[len(place):] in lexicon.suffixes:
            return True
    return False


def _without_industry_words(name: str) -> str:
    for word in INDUSTRY_WORDS:
        name = name.replace(word, "")
    return name


def _brand_part(short: str, lexicon: Lexicon) -> bool:
    """A short name must carry its brand, not only industry words (医疗科技 is nobody's name)."""
    return len(_without_industry_words(short)) >= 2


@dataclass
class ArticleEntity:
    name: str
    label: str
    surfaces: Counter = field(default_factory=Counter)
    rank: int = 0

    @property
    def aliases(self) -> list[str]:
        return sorted(s for s in self.surfaces if s != self.name)


def canonical_region(name: str, lexicon: Lexicon) -> str:
    """深圳 → 深圳市, 南山 → 南山区 (when the short form names one place only)."""
    if name in lexicon.places:
        return name
    places = _shorts(lexicon).get(name, [])
    if len(places) == 1:
        return places[0].name
    if places:  # 南山区 exists in two cities: the bigger city (lower level, lower code) wins
        return sorted(places, key=lambda p: (p.level, p.adcode))[0].name
    return name


def resolve_article(text: str, candidates: list[Candidate],
                    lexicon: Lexicon) -> tuple[list[ArticleEntity], dict[tuple[int, int], str]]:
    """Group the article's mentions into entities. Returns the entities and, for every mention
    (by its start and end offsets), the name of the entity it belongs to. Mentions group by their
    key (match_key: no spaces, quotes, brackets); an entity is named by the form its mentions take
    (parentheses kept: 恒睿(苏州)医疗科技有限公司)."""
    by_key: dict[str, ArticleEntity] = {}
    labels: dict[str, Counter] = defaultdict(Counter)
    keys: dict[tuple[str, str], str] = {}
    for cand in candidates:
        name = keys.get((cand.text, cand.label))
        if name is None:
            name = keys[cand.text, cand.label] = _mention_key(cand, lexicon)
        labels[name][cand.label] += RULE_RANK.get(cand.rule, 1)
        entity = by_key.get(name)
        if entity is None:
            entity = by_key[name] = ArticleEntity(name, cand.label)
        entity.surfaces[cand.text] += 1
        entity.rank = max(entity.rank, RULE_RANK.get(cand.rule, 1))
    for name, entity in by_key.items():
        entity.label = labels[name].most_common(1)[0][0]
        if entity.label == "Company" and any(cue in name for cue in lexicon.investor_cues):
            entity.label = "Investor"
    parent = _merge_short_forms(by_key, lexicon)
    _merge_abbreviations(text, candidates, by_key, parent)
    _name_bare_bodies(candidates, by_key, parent, lexicon)
    entities: dict[str, ArticleEntity] = {}
    for name, entity in by_key.items():
        root = _root(parent, name)
        target = entities.setdefault(root, ArticleEntity(root, by_key[root].label, rank=by_key[root].rank))
        target.surfaces.update(entity.surfaces)
        target.surfaces[name] += 0
    shown = {root: _display_name(entity, lexicon) for root, entity in entities.items()}
    for root, entity in entities.items():
        entity.name = shown[root]
    mention_names = {(cand.start, cand.end): shown[_root(parent, keys[cand.text, cand.label])] for cand in candidates}
    return list(entities.values()), mention_names


def _display_name(entity: ArticleEntity, lexicon: Lexicon) -> str:
    """The entity's key as written: the surface form with that key, parentheses and all."""
    if entity.label == "Region":
        return entity.name
    written = [form for form in entity.surfaces if match_key(form) == entity.name]
    # a form with a quotation mark inside (首届“某某大赛) reads worse than the same name without it
    return max(written, key=lambda form: (not QUOTE_MARK.search(form), entity.surfaces[form], len(form))) \
        if written else entity.name


QUOTE_MARK = re.compile(r"[\"'“”‘’「」『』]")


BARE_BODY = vocabulary.pattern("resolve.bare_body")
LEVEL_OF = {"省": 1, "市": 2, "区": 3, "县": 3}


def _name_bare_bodies(candidates: list[Candidate], by_key: dict[str, ArticleEntity], parent: dict[str, str],
                      lexicon: Lexicon) -> None:
    """区政府, 市政协, 区委: a body named by its level is the one of the article's place of that
    level (江北区人民政府 when the article names it, else 鼓楼区 + 委)."""
    places: Counter = Counter()
    for key, entity in by_key.items():  # the article's places by how often it names them (昌平 → 昌平区)
        if entity.label == "Region" and key in lexicon.places and len(key) >= 3:
            places[key] += sum(entity.surfaces.values())
    for key, entity in list(by_key.items()):
        match = BARE_BODY.match(key) if entity.label == "Government" else None
        if match is None or key in parent:
            continue
        level = LEVEL_OF[match.group(1)]
        own = [name for name, _ in places.most_common() if lexicon.places[name].level == level
               and name.endswith(match.group(1))]
        if not own:
            continue
        place = own[0]
        fuller = [k for k, e in by_key.items() if e.label == "Government" and k.startswith(place[:-1])
                  and _same_body(k[len(place) - 1:], key)]
        target = fuller[0] if fuller else place + match.group(2)
        if target not in by_key:
            by_key[target] = ArticleEntity(target, "Government", rank=entity.rank)
        parent[key] = target


def _same_body(rest: str, bare: str) -> bool:
    """区人民政府 ~ 区政府: the rest of a full name after its place is the bare body's name."""
    return rest == bare or rest.replace("人民政府", "政府") == bare.replace("人民政府", "政府")


def _mention_key(cand: Candidate, lexicon: Lexicon) -> str:
    name = match_key(cand.text)
    return canonical_region(name, lexicon) if cand.label == "Region" else name


def _root(parent: dict[str, str], name: str) -> str:
    while parent.get(name, name) != name:
        name = parent[name]
    return name


def _merge_short_forms(by_name: dict[str, ArticleEntity], lexicon: Lexicon) -> dict[str, str]:
    """Each name that is a short form of fuller ones (of the same label) → the longest of them.

    Only names that can be a fuller form are compared: `is_short_form` accepts a fuller name that
    starts or ends with the short one, whose brand core starts with it (or with its brand), that
    is it with a filler word more, or that is it with 人民政府 for 政府. Each name is indexed under
    its prefixes, suffixes and its core's prefixes, so the work grows with the total length of the names, not with their number
    squared (a list of ten thousand firms all ending in 医疗 is not ten thousand squared pairs)."""
    parent: dict[str, str] = {}
    names = sorted(by_name, key=len)
    index = _fuller_form_index(by_name, lexicon)
    for short in names:
        label = by_name[short].label
        if len(short) < 2:
            continue
        keys = {short, short.rstrip("公司"), brand(short, lexicon)} if label in ("Company", "Investor") else {short}
        near = {n for key in keys for n in index.get((label, key), ())}
        # a fuller form shares the short's first or last two characters (kept from the pair index
        # this replaces, so that what merges stays what merged)
        fuller = [n for n in near if len(n) > len(short) and (short[:2] in n or short[-2:] in n)
                  and (is_short_form(short, n, label, lexicon) or _filler_left_out(short, n, label))]
        if not fuller:
            continue
        longest = max(fuller, key=lambda n: (len(n), n))
        # several candidates: all must be forms of the longest one (a chain), else it is ambiguous
        if all(f == longest or longest.endswith(f) or longest.startswith(f) or is_short_form(f, longest, label, lexicon)
               or _filler_left_out(f, longest, label) for f in fuller):
            parent[short] = longest
    return parent


def _fuller_form_index(by_name: dict[str, ArticleEntity], lexicon: Lexicon) -> dict[tuple[str, str], set[str]]:
    """(label, text) → the names a short form `text` of that label can be a short form of."""
    index: dict[tuple[str, str], set[str]] = defaultdict(set)
    for name, entity in by_name.items():
        label = entity.label
        keys = {name[:i] for i in range(2, len(name))} | {name[i:] for i in range(1, len(name) - 1)}
        keys.add(name.replace("人民政府", "政府"))
        if label == "Government":
            keys |= abbreviated(name)
        if label in FILLER_LABELS:
            keys |= {name.replace(word, "", 1) for word in FILLER_WORDS if word in name}
        if label in ("Company", "Investor"):
            core = brand(name, lexicon)
            keys |= {core[:i] for i in range(1, len(core) + 1)}
        for key in keys:
            index[label, key].add(name)
    return index


def _merge_abbreviations(text: str, candidates: list[Candidate], by_name: dict[str, ArticleEntity],
                         parent: dict[str, str]) -> None:
    for full_cand, short in declared_short_forms(text, candidates):
        full = match_key(full_cand.text)
        if full_cand.label == "Region":
            continue
        short_key = match_key(short)
        if short_key == full:
            continue
        if short_key in by_name:
            parent[short_key] = _root(parent, full)
        else:
            by_name[full].surfaces[short] += 1
