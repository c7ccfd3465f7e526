"""Entity recognition rules: the grammar of Chinese organisation, place, person and event names.

Each rule is a function `(text, context) -> list[Candidate]` over normalised Simplified text;
`find_mentions` runs them all and keeps the best non-overlapping spans. Nothing here knows any
particular article: names are found from their structure (place + brand + industry + head noun),
from the cue words around them (titles, enumerations, quotes) and from public gazetteers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Iterable, Iterator

import ahocorasick_rs
import jieba
import jieba.posseg

from ecograph.ingest import cues as vocabulary
from ecograph.ingest.lexicon import Lexicon, Place
from ecograph.ingest.segment import Segmenter

if TYPE_CHECKING:
    from ecograph.ingest.words import Words

jieba.setLogLevel(60)
_CUTS: dict[str, list[str]] = {}  # jieba's cut of the strings of the document being read
_SEGMENTER = Segmenter()


def cut(fragment: str) -> list[str]:
    """jieba's words of `fragment`, remembered for the current document (the same window or
    name recurs)."""
    tokens = _CUTS.get(fragment)
    if tokens is None:
        tokens = _CUTS[fragment] = _SEGMENTER.cut(fragment)
    return tokens


PUNCT = set("，。！？；：、,.!?;:\"'“”‘’「」『』《》〈〉【】[]{}<>|/\\…—-~·\n\t ")
SENT_END = set("。！？!?；;\n")
# jieba tags that never sit inside an organisation's name: prepositions, conjunctions,
# particles, pronouns, numerals, measure words, adverbs, interjections, punctuation.
STOP_TAGS = {"v", "vd", "t", "p", "c", "u", "uj", "ul", "uz", "ug", "uv", "ud", "r", "m", "mq", "q", "d", "y", "e", "o", "x", "w"}
# Verbs that are at home inside names (生命科学创新中心, 再生医学, 华光成像).
PROPER_TAGS = {"ns", "nr", "nrt", "nrfg", "nt", "nz", "eng"}
SINGLE_CHAR_SUFFIXES = vocabulary.word_set("entities.single_char_suffixes")
DEPARTMENT_TAGS = {"n", "vn", "nz", "j", "ns", None}
EVENT_HEADS_NEED_QUOTES = vocabulary.word_set("entities.event_heads_need_quotes")
KEEPS_A_NAME = vocabulary.word_set("entities.keeps_a_name")
ORDINAL_PHASE = vocabulary.pattern("entities.ordinal_phase")
HOSPITAL_CAMPUS = vocabulary.pattern("entities.hospital_campus")
PARENTHETICAL_PLACE = re.compile(r"\(([\u4e00-\u9fff]{2,8})\)$")
CJK = re.compile(r"[\u4e00-\u9fff]")
MAX_NAME = 32
# Districts are named without their 区 only in the municipalities and the largest cities.
MUNICIPALITIES = {"11", "12", "31", "50"}
SHORT_NAMED_CITIES = {"4403", "4401", "3301", "3205", "4201", "5101", "3201"}
DESCRIPTIVE_HEADS = vocabulary.word_set("entities.descriptive_heads")
COUNTED = vocabulary.pattern("entities.counted")  # 重点实验室1个: a count, not a name


@dataclass(slots=True)
class Candidate:
    start: int
    end: int
    label: str
    text: str
    rule: str
    priority: int = 0  # breaks ties between spans of equal length

    @property
    def length(self) -> int:
        return self.end - self.start


class Automaton:
    """All occurrences of a set of keywords, via Aho-Corasick (fast on megabytes of text)."""

    def __init__(self, words: dict[str, str]):
        self._values = list(words.values())
        self._auto = ahocorasick_rs.AhoCorasick(list(words), matchkind=ahocorasick_rs.MatchKind.Standard)

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, value) for every occurrence, overlapping ones included, by end."""
        values = self._values
        return [(start, end, values[i]) for i, start, end in self._auto.find_matches_as_indexes(text, overlapping=True)]


class KeywordSets:
    """Several named keyword sets, found in a document in one scan (not one per set): the rules
    ask in turn for the head nouns, places, segments, titles… of the same article."""

    def __init__(self, sets: dict[str, dict[str, str]]):
        owners: dict[str, list[tuple[str, str]]] = {}
        for set_name, words in sets.items():
            for word, value in words.items():
                owners.setdefault(word, []).append((set_name, value))
        self._owners = list(owners.values())
        self._auto = ahocorasick_rs.AhoCorasick(list(owners), matchkind=ahocorasick_rs.MatchKind.Standard)
        self._last: tuple[str, dict[str, list[tuple[int, int, str]]]] = ("", {})

    def find(self, text: str, set_name: str) -> list[tuple[int, int, str]]:
        """(start, end, value) for every occurrence of the set's words, as Automaton.find."""
        scanned, found = self._last
        if text != scanned:
            found = {}
            for i, start, end in self._auto.find_matches_as_indexes(text, overlapping=True):
                for owner, value in self._owners[i]:
                    found.setdefault(owner, []).append((start, end, value))
            self._last = (text, found)  # one assignment: a reader in another thread sees a whole pair
        return found.get(set_name, [])


LATIN = re.compile(r"[A-Za-z]")
LIST_NUMBER = vocabulary.pattern("entities.list_number")
COUNT_WORD = vocabulary.pattern("entities.count_word")
DATE_WORD = vocabulary.pattern("entities.date_word")


class Grammar:
    """The compiled lexicons the rules share: automata and word sets."""

    def __init__(self, lexicon: Lexicon):
        self.lex = lexicon
        self.suffixes = Automaton(lexicon.suffixes)
        self.title_set = frozenset(lexicon.titles)
        self.surnames = set(lexicon.surnames)
        self.well_known = dict(lexicon.well_known)
        self.word_tags = jieba.posseg.dt.word_tag_tab
        self.keywords = KeywordSets({
            "suffix": lexicon.suffixes, "title": {t: t for t in lexicon.titles},
            "segment": {s: s for s in lexicon.segments}, "well-known": self.well_known,
            "place": self._place_keywords(),
        })
        self._proper: dict[str, bool] = {}  # word → is_proper, ends_name: the same words recur
        self._ends: dict[str, bool] = {}

    @cached_property
    def place_words(self) -> frozenset[str]:
        """Every place name, full or short, that the gazetteer knows."""
        words = set(self.lex.places) | set(self.lex.extra_regions)
        words |= {p.short for p in self.lex.places.values() if len(p.short) >= 2}
        return frozenset(words)

    def _place_keywords(self) -> dict[str, str]:
        """Full names of every province/city/district, short names where they are unambiguous."""
        words: dict[str, str] = {}
        for place in self.lex.places.values():
            words[place.name] = place.name
        short_count: dict[str, int] = {}
        for place in self.lex.places.values():
            short_count[place.short] = short_count.get(place.short, 0) + 1
        top_level: dict[str, Place] = {}
        for place in self.lex.places.values():
            best = top_level.get(place.short)
            if best is None or place.level < best.level:
                top_level[place.short] = place
        for place in self.lex.places.values():
            if place.short == place.name:
                continue
            if short_count[place.short] > 1 and not (top_level[place.short] is place and sum(
                    1 for p in self.lex.places.values() if p.short == place.short and p.level == place.level) == 1):
                continue  # 长沙 is the city, not 长沙县; 南山 stays ambiguous between two districts
            if place.level <= 2 or place.adcode[:2] in MUNICIPALITIES or place.adcode[:4] in SHORT_NAMED_CITIES:
                if not self.is_common_word(place.short):
                    words.setdefault(place.short, place.name)
        for region in self.lex.extra_regions:
            words.setdefault(region, region)
        return words

    @cached_property
    def _modifier_lengths(self) -> list[int]:
        return sorted({len(m) for m in self.lex.segment_modifiers}, reverse=True)

    def modifier_before(self, text: str, start: int) -> str | None:
        """The longest segment modifier ending at `start` (智慧 before 康复器械), if any."""
        for length in self._modifier_lengths:
            if length <= start and text[start - length : start] in self.modifier_set:
                return text[start - length : start]
        return None

    @cached_property
    def modifier_set(self) -> frozenset[str]:
        return frozenset(self.lex.segment_modifiers)

    def tag(self, token: str) -> str | None:
        return self.word_tags.get(token)

    @property
    def name_verbs(self) -> frozenset[str]:
        return self.lex.name_verbs

    def cut(self, fragment: str) -> list[str]:
        return cut(fragment)

    def head_length(self, name: str) -> int:
        """The length of the longest head noun that ends `name` (0: none)."""
        return max((e - s for s, e, _ in self.suffixes.find(name) if e == len(name)), default=0)

    def head_label(self, name: str) -> str | None:
        """The label of the longest head noun that ends `name`, if any."""
        heads = [(e - s, label) for s, e, label in self.suffixes.find(name) if e == len(name)]
        return max(heads)[1] if heads else None

    def not_a_body(self, name: str) -> bool:
        """Common words that end in a government head noun but name no body (布局, 总部)."""
        return name in self.lex.not_names or any(
            name.endswith(word) and len(word) >= 2 for word in self.not_name_tails)

    @cached_property
    def not_name_tails(self) -> frozenset[str]:
        """Words of not_names.txt that also spoil a longer name they end (X布局, X子公司)."""
        return frozenset(w for w in self.lex.not_names if len(w) >= 2 and w not in KEEPS_A_NAME)

    def is_descriptive(self, word: str) -> bool:
        return bool(DESCRIPTIVE.fullmatch(word))

    def looks_like_person(self, name: str) -> bool:
        """What the word model tags a person is one when it reads like a name: two to four
        Chinese characters (or a foreign name with ·), not a place and not a title."""
        if not (re.fullmatch(r"[\u4e00-\u9fff]{2,4}", name) or re.fullmatch(r"[\u4e00-\u9fff]{1,8}·[\u4e00-\u9fff]{1,8}", name)):
            return False
        if name in self.place_words or name in self.title_set:
            return False
        if any(name.endswith(title) for title in self.title_set if len(title) < len(name)):
            return False  # 陈市长: a surname and a title
        return not (name[0] in GLUED_FUNCTION_CHARS | HARD_BOUNDARY_CHARS and name[1:] in self.place_words)

    def is_catch_all(self, segment: str) -> bool:
        """医疗器械, 大健康产业: a segment too broad to place anything on the chain."""
        return re.sub(r"(?:产业|行业|领域)$", "", segment) in self.lex.catch_all_segments

    def titles_at_end(self, name: str) -> list[str]:
        """The titles `name` ends with, longest first."""
        return sorted((t for t in self.title_set if name.endswith(t) and len(t) < len(name)), key=len, reverse=True)

    def places_only(self, name: str) -> bool:
        """Whether `name` is two or more place names run together (北京大兴, 粤港澳)."""
        for cut_at in range(2, len(name) - 1):
            if name[:cut_at] in self.place_words and (name[cut_at:] in self.place_words or self.places_only(name[cut_at:])):
                return True
        return False

    def titled(self, text: str, start: int) -> bool:
        """Whether a title (董事长, 副主任) ends right before `start`."""
        before = text[max(0, start - 8):start].rstrip()
        return any(before.endswith(title) for title in self.title_set)

    def segment_with_modifiers(self, phrase: str) -> bool:
        """Whether `phrase` is a segment of the lexicon, modifiers in front allowed (骨科手术机器人)."""
        while phrase and phrase not in self.lex.segments:
            modifier = next((m for m in self.lex.segment_modifiers if phrase.startswith(m) and len(m) < len(phrase)), None)
            if modifier is None:
                return False
            phrase = phrase[len(modifier):]
        return bool(phrase)

    def bare_head(self, word: str) -> bool:
        """Whether `word` is a head noun and nothing more (孵化器, 实验室, 医院)."""
        return word in self.lex.suffixes

    def title_at(self, text: str, start: int) -> bool:
        """Whether a title (理事长, 总经理) starts at `start`."""
        after = text[start:start + 8]
        return any(after.startswith(title) for title in self.title_set)

    def is_common_word(self, token: str) -> bool:
        tag = self.tag(token)
        return tag is not None and tag not in PROPER_TAGS

    def is_proper(self, token: str) -> bool:
        """A token that looks like part of a proper name: unknown to the dictionary, a place,
        a person or organisation word, or Latin letters."""
        known = self._proper.get(token)
        if known is None:
            known = self._proper[token] = self._is_proper(token)
        return known

    def _is_proper(self, token: str) -> bool:
        if LATIN.search(token):
            return True
        if token in self.lex.generic_nouns:
            return False
        if token in self.place_words:
            return True
        tag = self.tag(token)
        return (tag is None and len(token) > 1) or tag in PROPER_TAGS

    def is_verb(self, token: str) -> bool:
        """A verb that can sit inside a name (not one of the cue words that always end it)."""
        return self.tag(token) in ("v", "vd") and token not in self.lex.boundary_words

    def ends_name(self, token: str) -> bool:
        """True when `token`, met scanning leftwards, is not part of the name."""
        known = self._ends.get(token)
        if known is None:
            known = self._ends[token] = self._ends_name(token)
        return known

    def _ends_name(self, token: str) -> bool:
        if token in self.lex.boundary_words:
            return True
        if BRACKETED.fullmatch(token):
            return bool(LIST_NUMBER.fullmatch(token))  # （二）强化…: a list number
        if token[0] in "这那该此各每" and len(token) <= 2:
            return True  # 这一, 该
        if self.tag(token) is None and token[0] in GLUED_FUNCTION_CHARS:
            return True  # jieba glued a function word to what follows: 已获, 由该
        if not token.strip() or any(ch in PUNCT or ch in "()" for ch in token) or token.isdigit():
            return True
        if COUNT_WORD.match(token):
            return True
        if ORDINAL.fullmatch(token):
            return False  # 第一医院, 第三研究所
        if DATE_WORD.fullmatch(token):
            return True
        return self.tag(token) in STOP_TAGS and token not in self.lex.name_verbs



def left_extend(text: str, head_start: int, grammar: Grammar, limit: int = MAX_NAME,
                legal_form: bool = False) -> int:
    """Where a name whose head noun starts at `head_start` begins. Before a legal form
    (有限公司) a verb can belong to the name (中关村科技租赁股份有限公司); before other head nouns
    a verb right in front ends it (打造成经开区)."""
    window_start = max(0, head_start - limit)
    window = text[window_start:head_start]
    cut = _last_hard_boundary(window)
    window_start += cut
    window = window[cut:]
    tokens = _tokens(window)
    pos = head_start
    taken: list[str] = []
    for token in reversed(tokens):
        if grammar.tag(token) is None and len(token) >= 3 and token[0] in GLUED_FUNCTION_CHARS:
            pos -= len(token) - 1  # 由德联: jieba glued 由 to the name that follows it
            taken.insert(0, token[1:])
            break
        if grammar.tag(token) is None and len(token) >= 2 and token[-1] in GLUED_FUNCTION_CHARS and taken:
            break  # 园由: jieba glued 由 to the name before it; this name starts after it
        if grammar.ends_name(token):
            if not (grammar.is_verb(token) and (taken or legal_form) and not (taken and _is_a_name_core(taken, grammar))):
                break  # a verb ends the name unless what follows it is no name on its own (租赁股份有限公司)
        branch = text.startswith("分", head_start)  # 滨江医疗器械园临港分园, …局…分中心
        if taken and grammar.tag(taken[0]) == "ns" and _ends_with_head(token, grammar) and not branch:
            break  # 滨江医疗器械园|滨江发展集团: a complete name ends here, a new one starts
        if (token.endswith(("有限公司", "股份公司", "管委会", "办公室", "委员会")) or (len(token) >= 3 and token[-1] in "办局委")) \
                and not branch:
            break  # a whole company or government name never sits inside another, but in a branch's (…局…分中心)
        pos -= len(token)
        taken.insert(0, token)
    while len(taken) > 1 and (grammar.is_verb(taken[0]) or (
            grammar.tag(taken[0]) == "vn" and (taken[1] in grammar.place_words or grammar.tag(taken[1]) == "ns"))):
        pos += len(taken.pop(0))  # names do not open with a verb (建设西湖医疗器械产业园)
    return pos


def _is_a_name_core(tokens: list[str], grammar: Grammar) -> bool:
    """Whether these words before a head noun already make a name (中关村发展, 国家药品监督管理)."""
    return grammar.tag(tokens[0]) in PROPER_TAGS or not core_is_generic("".join(tokens), grammar)


def _ends_with_head(token: str, grammar: Grammar) -> bool:
    return any(token.endswith(h) for h in ("园", "公司", "集团", "中心", "区", "城", "基地")) and len(token) <= 4


# Function words jieba may glue to an unknown name (园是, 城在); they never sit inside one.
HARD_BOUNDARY_CHARS = set("是在的了把被")
GLUED_FUNCTION_CHARS = set("已将由与为对从向并均都也又再还仍曾于获")
ORDINAL = vocabulary.pattern("entities.ordinal")
BRACKETED = re.compile(r"(\([^()]{1,8}\))")


def _tokens(window: str) -> list[str]:
    """jieba tokens, with a short bracketed part (深圳) or (筹) kept as one token."""
    tokens = []
    for part in BRACKETED.split(window):
        if BRACKETED.fullmatch(part):
            tokens.append(part)
        elif part:
            tokens.extend(cut(part))
    return tokens


def _last_hard_boundary(window: str) -> int:
    """Index after the last character that can never be inside a name (parentheses are
    allowed: 森诺斯生物科技(深圳)有限公司)."""
    for i in range(len(window) - 1, -1, -1):
        ch = window[i]
        if ch.isspace() and 0 < i < len(window) - 1 and window[i - 1].isascii() and window[i + 1].isascii():
            continue  # Life Lab: spaces between Latin words belong to the name
        if ch in PUNCT or ch.isspace() or ch in HARD_BOUNDARY_CHARS:
            return i + 1
    return 0


DESCRIPTIVE = vocabulary.pattern("entities.descriptive")


def core_is_generic(core: str, grammar: Grammar) -> bool:
    """A name whose part before the head noun is only common words and short is no name
    (服务平台, 该公司, 医疗器械企业); longer descriptive names (医学影像学术联盟) are kept."""
    core = re.sub(r"有限责任|股份有限|有限|股份|集团", "", PARENTHETICAL_PLACE.sub("", core))
    if not core or core[0] in "该本此这那各其每全我贵" or "该" in core or DESCRIPTIVE.search(core):
        return True
    if core[-1] in SINGLE_CHAR_SUFFIXES and grammar.tag(core) is not None:
        return False  # 科技部人才中心: a ministry's unit
    if len(core) >= 6:
        return False
    return not any(grammar.is_proper(t) for t in cut(core))


def suffix_names(text: str, grammar: Grammar) -> list[Candidate]:
    """Organisation, park and event names found from their head noun (有限公司, 产业园, 峰会…)."""
    found = []
    heads: dict[int, list[tuple[int, str]]] = {}
    for start, end, label in grammar.keywords.find(text, "suffix"):
        heads.setdefault(end, []).append((start, label))
    for end, at_end in sorted(heads.items()):
        # 股份有限公司 before 有限公司 and 公司: the longest head that makes a name wins
        for start, label in sorted(at_end):
            candidate = _name_with_head(text, start, end, label, grammar)
            if candidate is not None:
                found.append(candidate)
                break
    return found


def _name_with_head(text: str, start: int, end: int, label: str, grammar: Grammar) -> Candidate | None:
    """The name whose head noun is text[start:end], or None when there is none."""
    if (start == 0 or text[start - 1] in PUNCT or text[start - 1] in HARD_BOUNDARY_CHARS) \
            and not _head_is_a_name(text[start:end], grammar):
        return None  # nothing before the head noun: 园区, 公司 alone name nobody
    suffix = text[start:end]
    if suffix in SINGLE_CHAR_SUFFIXES and grammar.tag(text[end - 1 : end + 1]) is not None:
        return None  # 部/局/办 starting a longer word (部门, 局面, 办公)
    if label == "Event" and suffix in EVENT_HEADS_NEED_QUOTES:
        return None
    name_start = left_extend(text, start, grammar, legal_form=suffix.endswith(("有限公司", "股份公司")))
    name_start = _join_through_conjunction(text, name_start, start, grammar)
    name = text[name_start:end]
    core = text[name_start:start]
    if suffix in SINGLE_CHAR_SUFFIXES and (_not_a_body(name, grammar) or len(core) < 2):
        return None
    inner = re.search(r"[办局委](?=[\u4e00-\u9fff]{2,6}$)", core) if suffix == "部" else None
    if inner:  # 区西岭办战略发展部: a department; the body it belongs to is the name
        end = name_start + inner.end()
        start = end - 1
        name, core, suffix = text[name_start:end], text[name_start:start], text[start:end]
    department = suffix in SINGLE_CHAR_SUFFIXES and 2 <= len(core) <= 4 and all(
        grammar.tag(t) in DEPARTMENT_TAGS for t in cut(core))  # 科技部, 市场局, 西岭办
    if COUNTED.match(text, end):
        return None
    descriptive = (suffix in DESCRIPTIVE_HEADS or suffix in INSTITUTION_HEADS) and len(core) >= 2
    if core_is_generic(core, grammar) and not department and not descriptive \
            and not (not core and _head_is_a_name(suffix, grammar)):
        return None  # 智能影像联合实验室 and 临空经济区 are names; 服务平台 is not
    return Candidate(name_start, end, label, name, "suffix", priority=1)


def _head_is_a_name(head: str, grammar: Grammar) -> bool:
    """A head noun with a proper word of its own names something alone (GLP中心, 临空经济区)."""
    return len(head) >= 4 and any(grammar.is_proper(t) for t in cut(head))


def _not_a_body(name: str, grammar: Grammar) -> bool:
    return grammar.not_a_body(name)


def _join_through_conjunction(text: str, name_start: int, head_start: int, grammar: Grammar) -> int:
    """滨江前沿科技与产业服务联盟: a generic right part after 与/和 belongs to one name with a
    proper left part (but 甲公司与乙联盟 stays two names)."""
    if name_start < 2 or text[name_start - 1] not in "与和及":
        return name_start
    right_core = text[name_start:head_start]
    if not core_is_generic(right_core + "xx", grammar) and any(
        grammar.is_proper(t) for t in cut(right_core)
    ):
        return name_start
    right = text[name_start : _word_end(text, head_start, grammar)]
    if grammar.tag(right) is not None or (right.endswith(INSTITUTION_HEADS) and len(right_core) >= 2):
        return name_start  # 锐途医疗与南方科技大学: the right part is a name of its own
    left_start = left_extend(text, name_start - 1, grammar, limit=16)
    left = text[left_start : name_start - 1]
    if len(left) < 2 or grammar.suffixes.find(left[-3:]) or not any(
        grammar.is_proper(t) for t in cut(left)
    ):
        return name_start
    if any(left.endswith(s) for s in grammar.lex.suffixes):
        return name_start
    return left_start


INSTITUTION_HEADS = vocabulary.words("entities.institution_heads")


def _word_end(text: str, head_start: int, grammar: Grammar) -> int:
    """End of the head noun starting at `head_start` (the longest suffix that matches there)."""
    ends = [head_start + len(s) for s in grammar.lex.suffixes if text.startswith(s, head_start)]
    return max(ends, default=head_start)


QUOTED = re.compile(r"[“\"「『]([^“”\"「」『』\n]{2,60})[”\"」』]")


EDITION_BEFORE = re.compile(r"(?:第[一二三四五六七八九十百0-9]+届|首届)$")


def quoted_names(text: str, grammar: Grammar) -> list[Candidate]:
    """Names in quotes whose last word is a head noun: “南山区…圆桌峰会” is an Event."""
    found = []
    for match in QUOTED.finditer(text):
        inner = match.group(1)
        if re.search(r"[、，,；;]", inner) and not (len(inner) <= 40 and "、" not in inner and "—" in inner
                                                 and _ends_with_event_head(inner, grammar)):
            continue  # a slogan or a list, not a name (but “践行…,助力…—…高峰论坛” is an event's name)
        heads = [(s, e, label) for s, e, label in grammar.suffixes.find(inner) if e == len(inner)]
        if not heads or (min(s for s, _, _ in heads) == 0 and not _head_is_a_name(inner, grammar)):
            continue  # “孵化器”, “策源地”: a head noun alone in quotes is a figure of speech
        label = max(heads, key=lambda h: h[1] - h[0])[2]
        start = match.start(1)
        end = match.end(1)
        edition = EDITION_BEFORE.search(text, max(0, match.start() - 8), match.start()) if label == "Event" else None
        if edition:  # 首届“某某大赛”: the edition belongs to the event's name
            found.append(Candidate(edition.start(), end, label, edition.group() + inner, "quoted", priority=2))
            continue
        # A prefix right after the closing quote belongs to the event: “…”2024某某交流会
        found.append(Candidate(start, end, label, inner, "quoted", priority=2))
    return found


def _ends_with_event_head(inner: str, grammar: Grammar) -> bool:
    return grammar.head_label(inner) == "Event"


def quoted_event_tails(text: str, grammar: Grammar) -> list[Candidate]:
    """“协同共进·智造未来”2024北辰新创医疗器械企业闭门交流会: the name after a slogan in quotes."""
    found = []
    for match in re.finditer(r"[”\"」]([0-9]{4}[^，。,;；、\s“”]{2,40})", text):
        tail = match.group(1)
        heads = [(s, e, label) for s, e, label in grammar.suffixes.find(tail) if label == "Event"]
        if not heads:
            continue
        end = max(e for _, e, _ in heads)
        found.append(Candidate(match.start(1), match.start(1) + end, "Event", tail[:end], "slogan-event", 2))
    return found


def place_names(text: str, grammar: Grammar) -> list[Candidate]:
    found = []
    for start, end, _full in grammar.keywords.find(text, "place"):
        if LANDMARK.match(text, end):
            continue  # 浦东机场, 虹桥枢纽: a place in the name of a landmark
        full = end - start >= 3 and text[start:end] in grammar.lex.places
        found.append(Candidate(start, end, "Region", text[start:end], "gazetteer", priority=2 if full else 0))
        # no town after a short form its full form goes on from (南山|区西丽街道: 南山区, then 西丽街道)
        longer = text[start:end + 1] in grammar.lex.places
        town = TOWN.match(text, end) if TOWN_HEADS.search(text, end, end + 5) and not longer else None
        if town:
            found.append(Candidate(town.start(), town.end(), "Region", town.group(), "town"))
    return found


TOWN = vocabulary.pattern("entities.town")
TOWN_HEADS = vocabulary.pattern("entities.town_heads")
LANDMARK = vocabulary.pattern("entities.landmark")


def well_known_names(text: str, grammar: Grammar) -> list[Candidate]:
    """Firms, universities and investors everyone in the trade knows by a short name."""
    return [Candidate(s, e, label, text[s:e], "well-known", priority=1)
            for s, e, label in grammar.keywords.find(text, "well-known")]


ROLE_LIST = vocabulary.pattern("entities.role_list", re.M)


# An organiser in a role list: up to 、/和/与/及, or 联合 (A联合B共同主办), which 联合会 and 联合体 are not
ROLE_ITEM = re.compile(r"(?:[^、,，和与及联]|联(?!合(?![会体])))+")


def role_names(text: str, grammar: Grammar) -> list[Candidate]:
    """Names in the role of organiser (由A、B主办，C承办): organisations even without a head noun."""
    found = []
    for match in ROLE_LIST.finditer(text):
        group = 1 if match.group(1) is not None else 2
        offset = match.start(group)
        for item in ROLE_ITEM.finditer(match.group(group)):
            name = item.group().strip()
            if not (2 <= len(name) <= 12) or not (any(grammar.is_proper(t) for t in cut(name))
                                                  or (len(name) >= 3 and name[-1] in "网报社台")):
                continue  # 医药网承办: outlets are named for what they are
            if any(grammar.ends_name(t) for t in cut(name)) or name[0] in "该本此这那各其" \
                    or name[-1] in GLUED_FUNCTION_CHARS:
                continue  # 生物城将与…共同主办: 将 starts what follows, the item is no name
            label = "Government" if name[-1] in "办委局" else "Company"
            start = offset + item.start() + item.group().find(name)
            found.append(Candidate(start, start + len(name), label, name, "role"))
    return found


def segment_names(text: str, grammar: Grammar) -> list[Candidate]:
    """Segments of the lexicon, with the modifiers in front of them (外周血管介入, 智慧康复器械)."""
    found = []
    for start, end, _ in grammar.keywords.find(text, "segment"):
        while True:
            modifier = grammar.modifier_before(text, start)
            if modifier is None or end - start + len(modifier) > 10:
                break
            start -= len(modifier)
        found.append(Candidate(start, end, "Segment", text[start:end], "segment-lexicon"))
    return found


FOCUS_CUE = vocabulary.pattern("entities.focus_cue")
FOCUS_TAIL = vocabulary.pattern("entities.focus_tail")


FOCUS_ITEM_TAIL = re.compile(r"(?:的|产业|领域|方向|器械的研发)+$")


def focus_enumerations(text: str, grammar: Grammar) -> list[Candidate]:
    """Segments listed after a focus cue: 重点聚焦心血管、诊断试剂、微创器械等领域."""
    found = []
    for match in FOCUS_CUE.finditer(text):
        group = 1 if match.group(1) is not None else 2
        items_text = FOCUS_TAIL.sub("", match.group(group))
        offset = match.start(group)
        for item_match in re.finditer(r"[^、,，和及与等]+", items_text):
            item = item_match.group().strip()
            item = re.sub(r"^(?:在|于|以|为|是|了|的|以及|包括)", "", item)
            item = FOCUS_ITEM_TAIL.sub("", item)  # 某某产业方向 → 某某 (产业方向 alone names nothing)
            if 2 <= len(item) <= 10 and _segment_like(item, grammar):
                start = offset + item_match.start() + item_match.group().find(item)
                found.append(Candidate(start, start + len(item), "Segment", item, "focus-list"))
    return found


def _segment_like(item: str, grammar: Grammar) -> bool:
    """A segment is a noun phrase: no verbs, numbers or function words, ends in a noun."""
    if not CJK.search(item) or re.search(r"[0-9]", item) and not re.fullmatch(r"[0-9A-Za-z]+", item):
        return False
    if any(ch in item for ch in "的了是在为从与"):
        return False
    if item in grammar.lex.segments or re.fullmatch(r"[A-Z0-9]{2,5}", item):
        return True
    tokens = cut(item)
    if any(grammar.ends_name(t) or grammar.is_proper(t) for t in tokens):
        return False
    return item.endswith(SEGMENT_HEADS)


SEGMENT_HEADS = vocabulary.words("entities.segment_heads")


INDUSTRY = vocabulary.pattern("entities.industry")


INDUSTRY_RUN = re.compile(r"[\u4e00-\u9fff、]+")  # what a match of INDUSTRY and its lookahead consist of


def _industry_matches(text: str) -> Iterator[re.Match]:
    """INDUSTRY's matches, sought only in the runs of text that say 产业 (the pattern is slow to
    try at every position of an article)."""
    at = text.find("产业")
    while at != -1:
        start = at
        while start > 0 and INDUSTRY_RUN.match(text, start - 1, start):
            start -= 1
        run = INDUSTRY_RUN.match(text, at)
        end = run.end() if run else at + 2
        yield from INDUSTRY.finditer(text, start, end)
        at = text.find("产业", end)


def industry_names(text: str, grammar: Grammar) -> list[Candidate]:
    """Industries named as such (火箭网络产业发展, 生物医药、石化新材料及平台经济三大产业) are
    segments when they read like one and the article names them more than once."""
    found = []
    counts: dict[str, int] = {}
    spans = []
    for match in _industry_matches(text):
        name = match.group(1)
        tokens = list(cut(name))  # a copy: the cut is remembered for the document
        while tokens and (grammar.ends_name(tokens[0]) or tokens[0] in grammar.place_words):
            tokens.pop(0)
        name = "".join(tokens)
        if len(name) < 2 or not _segment_like(name, grammar):
            continue
        start = match.end(1) - len(name)
        counts[name] = counts.get(name, 0) + 1
        spans.append((start, name))
    for start, name in spans:
        if counts[name] >= 2 or name in grammar.lex.segments:
            found.append(Candidate(start, start + len(name), "Segment", name, "industry"))
    return found


# Enumerations of short names typed by their head noun: 恒川医疗、微创心脉等两家医疗器械企业
ENUM_HEADS = vocabulary.table("entities.enum_heads")
ENUM_ANCHOR = vocabulary.pattern("entities.enum_anchor")
ITEM_BREAK = re.compile(r"[，,。；;：:！？\s“”\"()（）]")


def _enumeration_items(text: str, anchor: int) -> list[tuple[int, str]]:
    """The 、-separated items just before an enumeration's closing (等12家企业), each 2–12 long."""
    lo = max(0, anchor - 400)
    breaks = [m.end() for m in ITEM_BREAK.finditer(text, lo, anchor)]
    clause_start = breaks[-1] if breaks else lo
    items: list[tuple[int, str]] = []
    end = anchor
    parts = text[clause_start:anchor].split("、")
    for index, part in enumerate(reversed(parts)):
        start = end - len(part)
        first = index == len(parts) - 1  # the leftmost part is trimmed later: 已集聚了赛诺维生物科技
        if len(part) < 2 or (len(part) > 12 and not first):
            break
        items.append((start, part))
        end = start - 1
    items.reverse()
    return items


def enumerated_names(text: str, grammar: Grammar) -> list[Candidate]:
    found = []
    for match in ENUM_ANCHOR.finditer(text):
        if match.group(3):
            label = "Company"
        elif not _describes_members(match.group(1), grammar):
            continue
        else:
            label = ENUM_HEADS[match.group(2)]
        items = []
        for index, (start, item) in enumerate(_enumeration_items(text, match.start())):
            # only the first item carries what came before it in the clause
            trimmed = start + len(item) - _short_name_length(item, grammar) if index == 0 else start
            items.append((trimmed, text[trimmed : start + len(item)]))
        if not items or (len(items) == 1 and text[match.start()] != "等"):
            continue  # a lone name needs 等: 微创机器人等一批领军企业
        proper = [name in grammar.well_known or any(grammar.is_proper(t) for t in cut(name)) for _, name in items]
        for (trimmed, name), is_proper in zip(items, proper):
            brand_like = any(proper) and label == "Company" and name.endswith(BRAND_TAILS) and len(name) >= 4
            if 2 <= len(name) <= 12 and (is_proper or brand_like):
                own = [lab for s_, e_, lab in grammar.suffixes.find(name) if e_ == len(name)]
                found.append(Candidate(trimmed, trimmed + len(name), own[0] if own else label, name, "enumeration"))
    return found


BRAND_TAILS = vocabulary.words("entities.brand_tails")


def _describes_members(filler: str, grammar: Grammar) -> bool:
    """等12家医疗器械企业: what stands between 等 and the head noun only qualifies it."""
    return not any(grammar.ends_name(t) and t not in FILLER_OK for t in cut(filler))


FILLER_OK = vocabulary.word_set("entities.filler_ok")


def _short_name_length(item: str, grammar: Grammar) -> int:
    tokens = cut(item)
    length = 0
    for token in reversed(tokens):
        if grammar.ends_name(token) or token in ("的",):
            break
        length += len(token)
    return length


PERSON_STOP = vocabulary.pattern("entities.person_stop")


def person_names(text: str, grammar: Grammar) -> list[Candidate]:
    """People: a name right after a title (科长张凤林, 记者 王春林) or before 表示/指出."""
    found = []
    for title_start, end, _title in grammar.keywords.find(text, "title"):
        start, name = _name_at(text, end, grammar)
        if name:
            found.append(Candidate(start, start + len(name), "Person", name, "title-name", priority=2))
        if any(text[title_start - k : end] in grammar.title_set for k in (1, 2)):
            continue  # 经理 inside 总经理
        for size in (3, 2):  # 唐玉成理事长: a name opening a clause, right before a title
            start = title_start - size
            if start >= 0 and (start == 0 or text[start - 1] in NAME_OPENERS):
                name = text[start:title_start]
                if CJK.fullmatch(name[-1]) and _looks_like_name(name, grammar):
                    found.append(Candidate(start, title_start, "Person", name, "name-title"))
                    break
    for match in re.finditer(r"(?:^|[,，。；;：:\s“”])([\u4e00-\u9fff]{2,3})(?=表示|指出|介绍说|认为|强调)", text):
        name = match.group(1)
        if _looks_like_name(name, grammar):
            found.append(Candidate(match.start(1), match.end(1), "Person", name, "speaker"))
    return found


NAME_OPENERS = set(",，、。；;:：“”\n ")


def _name_at(text: str, pos: int, grammar: Grammar) -> tuple[int, str]:
    """(start, name) of a person's name at `pos` (after a title), or (pos, "")."""
    while pos < len(text) and text[pos] in " \u3000":
        pos += 1
    return pos, _name_from(text, pos, grammar)


def _name_from(text: str, pos: int, grammar: Grammar) -> str:
    for surname_len in (2, 1):
        surname = text[pos : pos + surname_len]
        if surname not in grammar.surnames:
            continue
        for given_len in (2, 1):
            end = pos + surname_len + given_len
            candidate = text[pos:end]
            if len(candidate) < surname_len + given_len or not CJK.fullmatch(candidate[-1]):
                continue
            if given_len == 2 and PERSON_STOP.match(candidate[-1]):
                continue  # 闫静怡说: the last character already starts what follows the name
            if end == len(text) or PERSON_STOP.match(text[end:]):
                return candidate
    return ""


def _looks_like_name(name: str, grammar: Grammar) -> bool:
    if name[0] not in grammar.surnames and name[:2] not in grammar.surnames:
        return False
    if name in grammar.place_words or name[:2] in grammar.place_words:
        return False
    return not any(grammar.is_common_word(part) for part in (name, name[1:], name[:2]))


ABBREVIATION = vocabulary.pattern("entities.abbreviation")
BARE_SHORT_FORM = re.compile(r"[(（]([A-Za-z][A-Za-z0-9\- ]{1,24}|[\u4e00-\u9fff]{2,6})[)）]")



def declared_short_forms(text: str, kept: list[Candidate]) -> list[tuple[Candidate, str]]:
    """Short forms an article declares right after a name: （以下简称“澜舟医疗”）, （MedPARK）,
    （苏大附一院） — a bracketed Chinese form counts when its characters appear in order in the name."""
    ends = {c.end: c for c in kept if c.label not in ("Region", "Segment", "Person")}
    pairs = []
    for m in ABBREVIATION.finditer(text):
        if m.start() in ends:
            pairs.append((ends[m.start()], m.group(1).strip()))
    for m in BARE_SHORT_FORM.finditer(text):
        full = ends.get(m.start())
        short = m.group(1).strip()
        if full is None or short == full.text:
            continue
        if short.isascii() or _is_subsequence(short, full.text):
            pairs.append((full, short))
    return pairs


def occurrences(word: str, text: str) -> Iterator[int]:
    """Start of every occurrence of `word` in `text` (no regex to compile per name)."""
    at = text.find(word)
    while at != -1:
        yield at
        at = text.find(word, at + 1)


def all_occurrences(words: Iterable[str], text: str) -> dict[str, list[int]]:
    """The starts of every occurrence of each word, in one scan of the text (a find per word is
    a pass over the article per name: quadratic for an article that lists thousands)."""
    unique = list(dict.fromkeys(w for w in words if w))
    found: dict[str, list[int]] = {word: [] for word in unique}
    if unique:
        automaton = ahocorasick_rs.AhoCorasick(unique, matchkind=ahocorasick_rs.MatchKind.Standard)
        for i, start, _ in automaton.find_matches_as_indexes(text, overlapping=True):
            found[unique[i]].append(start)
    return found


def _is_subsequence(short: str, full: str) -> bool:
    chars = iter(full)
    return all(ch in chars for ch in short)


def alias_mentions(text: str, kept: list[Candidate]) -> list[Candidate]:
    """Every occurrence of a declared short form is a mention of the entity it stands for."""
    found = []
    for full, short in declared_short_forms(text, kept):
        for at in occurrences(short, text):
            found.append(Candidate(at, at + len(short), full.label, short, "alias", priority=1))
    return found


RULES = (quoted_names, quoted_event_tails, place_names, segment_names,
         focus_enumerations, well_known_names, role_names, industry_names)


def extend_phases(text: str, candidate: Candidate) -> Candidate:
    """滨江医疗器械园二期 is a park of its own (a phase), and so are a park's zones and a hospital's campuses."""
    pattern = ORDINAL_PHASE if candidate.label == "Park" else HOSPITAL_CAMPUS if candidate.label == "Hospital" else None
    match = pattern.match(text, candidate.end) if pattern is not None else None
    if match:  # 某园东三期, 某园(东区), 某医院东院: a phase, zone or campus of its own
        return Candidate(candidate.start, match.end(), candidate.label, text[candidate.start : match.end()],
                         candidate.rule, candidate.priority)
    return candidate


HELD_BEFORE_EVENT = vocabulary.pattern("entities.held_before_event")


def extend_events(text: str, candidate: Candidate) -> Candidate:
    """召开|临床试验双中心模式启动暨院企协同创新交流会: an event named right after the verb that holds
    it starts at the verb, whatever words its name opens with (启动暨…)."""
    if candidate.label != "Event":
        return candidate
    held = HELD_BEFORE_EVENT.search(text, max(0, candidate.start - 24), candidate.start)
    if held is None or held.end() == candidate.start or "暨" not in text[held.end():candidate.start]:
        return candidate
    return Candidate(held.end(), candidate.end, "Event", text[held.end():candidate.end], candidate.rule, candidate.priority)


def select_spans(candidates: list[Candidate]) -> list[Candidate]:
    """Longest span first, then higher priority; no two kept spans overlap."""
    ordered = sorted(candidates, key=lambda c: (-c.length, -c.priority, c.start))
    taken = bytearray()
    kept = []
    for cand in ordered:
        if len(taken) < cand.end:
            taken.extend(b"\0" * (cand.end - len(taken)))
        if any(taken[cand.start : cand.end]):
            continue
        taken[cand.start : cand.end] = b"\1" * cand.length
        kept.append(cand)
    return sorted(kept, key=lambda c: c.start)


def find_mentions(text: str, grammar: Grammar, words: "Words | None" = None) -> list[Candidate]:
    from ecograph.ingest.names import (
        focus_segments,
        head_names,
        inside_an_unknown_name,
        list_names,
        model_names,
        officers_firms,
        segment_lists,
    )

    _CUTS.clear()
    candidates = []
    for rule in RULES:
        candidates.extend(rule(text, grammar))
    if words is not None:
        candidates.extend(head_names(text, words, grammar))
        candidates.extend(model_names(text, words, grammar))
        candidates.extend(officers_firms(text, words, grammar))
        known = {(c.start, c.end): c.label for c in candidates}
        candidates.extend(list_names(text, words, grammar, known))
        candidates.extend(segment_lists(text, words, grammar))
        candidates.extend(focus_segments(text, words, grammar))
    candidates = [_without_ceremony(extend_events(text, extend_phases(text, _investor_by_role(text, _without_holder_role(c), grammar))), grammar)
                  for c in candidates if not _inside_a_title(c, text)]
    kept = select_spans(candidates)
    kept = select_spans(kept + short_form_mentions(text, kept, grammar) + alias_mentions(text, kept)
                        + repeated_mentions(text, kept))
    kept = select_spans([extend_phases(text, c) for c in kept])  # a repeated name with its phase after it
    # 一区两园, 一中心三园区: a plan, not a name; 各县(市、区): one character names nothing
    kept = [c for c in kept if not COUNT_SLOGAN.fullmatch(c.text) and len(c.text) >= 2]
    kept = [c for c in kept if not (c.label == "Segment" and grammar.is_catch_all(c.text))
            and not (c.label == "Region" and (c.text in grammar.lex.implicit_regions
                                             or (words is not None and inside_an_unknown_name(c, words))))]
    kept = _founding_meetings(text, kept)
    return sorted(kept + parent_universities(kept), key=lambda c: (c.start, -c.length))


COUNT_SLOGAN = vocabulary.pattern("entities.count_slogan")
OPENING_CEREMONY = re.compile(r"(?:开幕式|闭幕式|开幕仪式|闭幕仪式|开幕典礼|闭幕典礼)$")


def _without_ceremony(cand: Candidate, grammar: Grammar) -> Candidate:
    """第三届某博览会开幕式: the opening is part of the event, which is the name."""
    ceremony = OPENING_CEREMONY.search(cand.text) if cand.label == "Event" else None
    if ceremony is None or grammar.head_label(cand.text[: ceremony.start()]) != "Event":
        return cand
    return Candidate(cand.start, cand.end - len(ceremony.group()), "Event", cand.text[: ceremony.start()], cand.rule, cand.priority)


HOLDER_ROLES = tuple(vocabulary.words("names.holder_roles"))


def _without_holder_role(cand: Candidate) -> Candidate:
    """老股东北极光创投: the model glued the investor's role to its name."""
    role = next((r for r in HOLDER_ROLES if cand.text.startswith(r)), None) if cand.label in ("Investor", "Company") else None
    if role is None or len(cand.text) - len(role) < 3:
        return cand
    return Candidate(cand.start + len(role), cand.end, cand.label, cand.text[len(role):], cand.rule, cand.priority)


ROUND_ROLE = re.compile("|".join(vocabulary.words("names.round_roles")))


def _investor_by_role(text: str, cand: Candidate, grammar: Grammar) -> Candidate:
    """由某某资本|领投: a body without a head noun of its own that leads or joins a round invests."""
    if cand.label != "Company" or grammar.head_label(cand.text) is not None or not ROUND_ROLE.match(text, cand.end):
        return cand
    return Candidate(cand.start, cand.end, "Investor", cand.text, cand.rule, cand.priority)


def _founding_meetings(text: str, kept: list[Candidate]) -> list[Candidate]:
    """某委员会|成立|大会暨…交流会: the meeting that founds a body is named with it (the body stays a
    name of its own)."""
    ends = {c.end: c for c in kept if c.label in ("Alliance", "Government", "Company", "Platform", "ResearchInstitute")}
    out = []
    for cand in kept:
        verb = FOUNDING_VERB.match(text[max(0, cand.start - 2):cand.start]) if cand.label == "Event" else None
        body = ends.get(cand.start - 2) if verb else None
        if body is not None:
            cand = Candidate(body.start, cand.end, "Event", text[body.start:cand.end], cand.rule, cand.priority)
        out.append(cand)
    return out


FOUNDING_VERB = vocabulary.pattern("entities.founding_verb")




def _inside_a_title(cand: Candidate, text: str) -> bool:
    """《上海市张江科学城发展“十四五”规划》 names a document, not the science city."""
    return in_a_title(text, cand.start, cand.end) and \
        not BUILT_IN_TITLE.fullmatch(text, text.rfind("《", 0, cand.start + 1) + 1, cand.start)


def in_a_title(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] lies inside one 《…》."""
    left = text.rfind("《", 0, start + 1)
    return left != -1 and text.find("》", left) >= end and text.rfind("》", left, start) == -1


# 《关于共同建设某创新园的意见》, 《共建某平台战略合作框架协议》: what the document builds is named
BUILT_IN_TITLE = vocabulary.pattern("entities.built_in_title")


def repeated_mentions(text: str, kept: list[Candidate]) -> list[Candidate]:
    """A name found once (北辰新创主办) is a mention wherever else it stands (北辰新创高级总监)."""
    names = {c.text: c.label for c in kept
             if c.label not in ("Region", "Segment", "Person") and len(c.text) >= 3}
    found = []
    starts = all_occurrences(names, text)
    for name, label in names.items():
        for at in starts[name]:
            cand = Candidate(at, at + len(name), label, name, "repeated")
            if not _inside_a_title(cand, text):
                found.append(cand)
    return found


def parent_universities(kept: list[Candidate]) -> list[Candidate]:
    """江南理工大学医学工程学院 also names 江南理工大学: a school is part of its university."""
    found = []
    for cand in kept:
        cut_at = cand.text.find("大学")
        if cand.label == "University" and 2 <= cut_at and cut_at + 2 < len(cand.text):
            end = cand.start + cut_at + 2
            found.append(Candidate(cand.start, end, "University", cand.text[: cut_at + 2], "parent"))
    return found


LEGAL_TAIL = vocabulary.pattern("entities.legal_tail")
INDUSTRY_TAIL = vocabulary.pattern("entities.industry_tail")


def short_form_mentions(text: str, kept: list[Candidate], grammar: Grammar) -> list[Candidate]:
    """Later mentions of a company by its brand: 上海瑞泽生物科技股份有限公司 … 瑞泽生物."""
    forms = [(cand, _brand_forms(cand.text, grammar)) for cand in kept
             if cand.label in ("Company", "Investor") and LEGAL_TAIL.search(cand.text)]
    starts = all_occurrences((short for _, shorts in forms for short in shorts), text)
    found = []
    for cand, shorts in forms:
        for short in shorts:
            for at in starts[short]:
                found.append(Candidate(at, at + len(short), cand.label, short, "short-form"))
    return found


def _brand_forms(name: str, grammar: Grammar) -> list[str]:
    core = LEGAL_TAIL.sub("", name)
    for prefix_len in range(min(6, len(core) - 2), 1, -1):
        if core[:prefix_len] in grammar.lex.places or grammar.tag(core[:prefix_len]) == "ns":
            core = core[prefix_len:]
            break
    forms = []
    while len(core) >= 3:
        forms.append(core)
        stripped = INDUSTRY_TAIL.sub("", core)
        if stripped == core:
            break
        core = stripped
    return [f for f in forms if f != name and any(grammar.is_proper(t) for t in cut(f))]
