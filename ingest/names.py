"""Names built on the word model's words: a head noun (有限公司, 产业园, 论坛…) and the words in
front of it that belong to the name, and the names the model tags itself (ORG, LOC, PER).

The word model (LAC, see words.py) finds where words start and end and which are names; the
grammar here decides how far a name reaches to the left of its head noun (the words that may sit
inside a name, those that end it) and what a name is (its head noun gives the label).
"""
from __future__ import annotations

import re

from ecograph.ingest import cues as vocabulary
from ecograph.ingest.entity_rules import ORDINAL_PHASE, ROUND_ROLE, Candidate, Grammar, core_is_generic
from ecograph.ingest.words import Words

MAX_NAME = 32
# Tags of words that sit inside a name before its head noun.
INNER_TAGS = frozenset({"n", "vn", "an", "nz", "ORG", "LOC", "nw", "s", "a", "PER"})
PROPER_TAGS = frozenset({"ORG", "LOC", "PER", "nz", "nw"})
NOUN_TAGS = frozenset({"n", "nz", "ORG", "LOC", "nw", "vn", "an", "s"})
ORDINAL = vocabulary.pattern("names.ordinal")
JOINERS = frozenset("·-")
LATIN_END = re.compile(r"[A-Za-z]$")
LATIN_START = re.compile(r"[A-Za-z]")
# Labels of a complete name that another name right after it does not extend (滨江医疗器械园|滨江发展集团).
SEPARATE_LABELS = frozenset({"Park", "Company", "Government", "Alliance", "Investor"})
DESCRIPTIVE_INSIDE = vocabulary.pattern("names.descriptive_inside")
DESCRIPTIVE_HEADS = vocabulary.word_set("names.descriptive_heads")
# Single-character nouns that a pronoun before them makes a reference (我区, 该园, 本市), not a name.
REFERENCE_NOUNS = frozenset("区市县园院校所省镇局委")
INDUSTRY_WORDS = vocabulary.word_set("names.industry_words")


def head_names(text: str, words: Words, grammar: Grammar) -> list[Candidate]:
    """Names whose head noun (the longest lexicon suffix ending at a word's end) is preceded by
    the words of the name: 国际智能医工|创新中心, 北京|低空|技术创新园, 口腔|医院."""
    found = []
    heads: dict[int, list[tuple[int, str]]] = {}
    for start, end, label in grammar.keywords.find(text, "suffix"):
        heads.setdefault(end, []).append((start, label))
    for end, at_end in sorted(heads.items()):
        if not words.ends_word(end):
            continue  # 公司估值: the head noun ends inside a word
        longest = min(at_end)[1]
        for start, label in sorted(at_end):  # the longest head first, then shorter ones of its kind:
            if label != longest:            # 观澜高新|园 is a park, but 合作公|司 no ministry's office
                continue
            candidate = _name_before(text, words, grammar, start, end, label)
            if candidate is not None:
                found.append(candidate)
                break
    return found


def _name_before(text: str, words: Words, grammar: Grammar, head_start: int, end: int,
                 label: str) -> Candidate | None:
    i = words.index_at(head_start)
    if i < 0 or (end - head_start == 1 and head_start >= 1 and text[head_start - 1] == text[head_start]):
        return None  # 工信部|部属: a one-character head doubled starts the next word
    start = words.starts[i]
    if words.tags[i] == "ORG" and (unglued := _unglue_start(text, words, i, grammar)) > start:
        return Candidate(unglued, end, label, text[unglued:end], "head", priority=1)  # 提供|商某某集团
    branch = text.startswith("分", head_start)  # 某某医疗器械园临港分园, 某局某分中心
    if start < head_start and words.tags[i] not in NOUN_TAGS | {"a"}:
        return None  # 主办, 创办: the head noun's characters end a verb
    if grammar.not_a_body(text[start:end]) or BUILT_AT.match(text, start, end) or \
            _officer_inside(text[start:end], grammar):
        return None  # 布局, 总部; 某生物岛建设|研发中心: one word of the model's, a place and what is built
    j = i - 1
    if ")" in text[start:head_start] and "(" not in text[start:head_start]:
        opened = _before_opening(text, words, start + text[start:head_start].index(")"))  # 强生(上海)|医疗器材有限公司
        if opened is None:
            return None
        j = opened
        start = words.starts[j + 1] if j + 1 < len(words) else start
        start = text.rfind("(", 0, start + 1) if text[start] != "(" else start
    stopped_at = ""
    while j >= 0 and end - words.starts[j] <= MAX_NAME:
        if words.ends[j] != start and text[words.ends[j]:start] != "(":
            break  # a line break (no word covers it) ends every name
        word, tag = words.word(j), words.tags[j]
        if word in JOINERS and j > 0 and words.tags[j - 1] in INNER_TAGS:
            start, j = words.starts[j], j - 1
            continue
        if ")" in word and "(" not in word:
            before = _before_opening(text, words, words.starts[j] + word.index(")"))
            if before is not None and PHOTO_CREDIT.search(text, 0, words.starts[j] + word.index(")")):
                break  # (某某摄)|某公司: a photo's credit, no part of the name
            if before is not None:
                start = text.rfind("(", 0, words.starts[j] + word.index(")"))
                j = before
                continue
        if j > 0 and COUNTRY_PAIR.fullmatch(text, words.starts[j - 1], words.ends[j]):
            start, j = words.starts[j - 1], j - 2  # 某省|中|以|国际医疗健康产业园: Sino-Israeli, no preposition
            continue
        if word in BUILD_VERBS and label != "Government" and not words.word(j + 1).startswith("银行"):
            stopped_at = tag
            break  # 某知识城|建设|产业创新中心: a verb of building, the name starts after it
        if tag == "m" and not ORDINAL.fullmatch(word):
            stopped_at = tag
            break  # 两座|湿实验室, 一|区两园: a quantity opens no name
        if tag == "m" and ORDINAL.fullmatch(word):
            if label == "Event" and word.endswith("次") and j == i - 1:
                return None  # 常委会|第三十八次|会议: a numbered session, not a named event
            start, j = words.starts[j], j - 1  # 第五届|中国…大赛, 上海市|十五届|人大常委会
            continue
        if label == "Event" and tag == "ORG" and grammar.head_label(word) == "Government":
            stopped_at = tag
            break  # 人大常委会|会议: the body that meets is no part of the meeting's name
        if word == " " and j > 0 and LATIN_END.search(words.word(j - 1)) and LATIN_START.match(text, words.ends[j]):
            start, j = words.starts[j], j - 1  # Med Lab西湖医疗器械展示中心
            continue
        if tag == "ORG" and words.tags[j + 1] in ("ORG", "LOC") and \
                grammar.head_label(word) in SEPARATE_LABELS and not branch:
            stopped_at = tag
            break  # 滨江医疗器械园|滨江发展集团: a complete name ends here, another starts
        if word in ("和", "与") and label == "Government" and _field_pair(text, words, j, grammar):
            start, j = words.starts[j], j - 1  # 工业|和|信息化局, 文化|和|旅游厅
            continue
        if label == "Event" and _inside_an_event_name(text, words, j, word, tag, grammar):
            start, j = words.starts[j], j - 1  # 北戴河生命健康产业|暨|…推介会, 新医药|与|生命健康产业投资峰会
            continue
        if tag == "ORG" and _inner_head_end(word, grammar):
            stopped_at = tag
            break  # 南方科技大学共建|联合实验室: the model glued a verb to a whole name
        if not _inside_a_name(word, tag, grammar) or (_a_whole_name(word, grammar) and not branch):
            if head_start - start == 1 and tag not in ("w", "p", "u", "c", "v", "d", "r", "m") and len(word) <= 2 and \
                    not ITEM_BREAK.search(word):
                start, j = words.starts[j], j - 1  # 正心|谷资本: one character is no name; the word before is part of it
                continue
            stopped_at = tag
            break
        start, j = words.starts[j], j - 1
    trimmed = _trim_left(text, words, grammar, start, head_start, stopped_at)
    if trimmed is None:
        return None
    start = trimmed
    core = text[start:head_start]
    name = text[start:end]
    if not core and not _head_names_alone(text[head_start:end], grammar):
        return None
    if end - head_start == 1 and len(core) < 2:
        return None  # 市局, 该部: a one-character head needs a name before it
    if core and _generic_core(core, text[head_start:end], words, start, head_start, grammar):
        return None
    if label == "Government" and name.endswith("部") and (unit_of := _body_of_unit(name, grammar)) is not None:
        body = name[:unit_of]  # 某研究院|创业服务部: the institute is the name, its unit none
        return Candidate(start, start + unit_of, grammar.head_label(body) or "Company", body, "head", priority=1) \
            if unit_of else None
    return Candidate(start, end, label, name, "head", priority=1)


COUNTRY_PAIR = vocabulary.pattern("names.country_pair")
FIRM_UNIT = vocabulary.pattern("names.firm_unit")
BUILD_VERBS = vocabulary.word_set("names.build_verbs")
BUILT_AT = re.compile(r"(.{2,}?%s)(?:%s)(.{2,})$" % (vocabulary.pattern("names.place_word_end").pattern,
                                                   "|".join(sorted(BUILD_VERBS))))
PHOTO_CREDIT = re.compile(r"\([^()]{1,12}摄$")


def _generic_core(core: str, head: str, words: Words, start: int, head_start: int, grammar: Grammar) -> bool:
    """Whether the words before the head noun only describe it (服务平台, 特色工业园区, 核心平台公司)
    rather than name it. A department's short name (市场局, 商务委), a descriptive name of an
    institution (智慧城市研究院) and an event's long name are names."""
    if grammar.head_label(head) == "Event" and len(core) >= 4:
        return False
    if DESCRIPTIVE_INSIDE.search(core) or core in grammar.name_verbs or grammar.bare_head(core):
        return True  # 合作公司, 孵化平台, 孵化器平台: what the body does or another head noun, no name
    if head in GENERIC_FIRM_HEADS and _a_firm_of_a_segment(core + head, grammar):
        return True  # 骨科手术机器人公司: a firm of the segment, not its name
    if len(head) == 1 and len(core) == 2 and head in "局办部委厅":
        return False
    if core == "国际" and len(head) >= 4 and grammar.head_label(head) == "Park":
        return False  # 国际医疗器械城: a park of a specific trade is named so
    if head in DESCRIPTIVE_HEADS and len(core) >= 3:
        return False
    return core_is_generic(core, grammar) and not _proper_word_in(words, start, head_start, grammar)


GENERIC_FIRM_HEADS = frozenset({"公司", "企业", "厂商", "药企"})


def _before_opening(text: str, words: Words, closing: int) -> int | None:
    """The index of the word before the "(" that the ")" at `closing` closes (a place in a name:
    强生(上海)医疗器材), or None when there is no such bracket close by."""
    opening = text.rfind("(", max(0, closing - 10), closing)
    if opening <= 0 or not words.starts_word(opening):
        return None
    return words.index_at(opening) - 1


def _field_pair(text: str, words: Words, j: int, grammar: Grammar) -> bool:
    """A government body named for two fields (工业和信息化局): plain nouns on both sides of 和."""
    return 0 < j < len(words) - 1 and words.tags[j - 1] in ("n", "vn", "ORG") and words.tags[j + 1] in ("n", "vn") \
        and grammar.head_label(words.word(j - 1)) is None  # 深圳市工业(ORG)|和|信息化局


def _inside_an_event_name(text: str, words: Words, j: int, word: str, tag: str, grammar: Grammar) -> bool:
    """Event names join their halves with 暨 (and fields with 与/和), and use words that no
    organisation's name does (高质量发展, 医企对接)."""
    if word == "暨":
        return j > 0 and words.tags[j - 1] in INNER_TAGS | {"m"}
    if word in ("与", "和", "及", "、"):  # 西湖区优秀医疗器械、生物医药展览会 (but not 甲论坛、乙峰会)
        return 0 < j < len(words) - 1 and words.tags[j - 1] in ("n", "vn", "nz") and words.tags[j + 1] in ("n", "vn", "nz") \
            and not EVENT_HEAD_END.search(words.word(j - 1))
    if tag == "v":  # 长三角医工|合作|推介会: a verb naming the meeting's business
        return word in grammar.name_verbs
    return tag in ("ad", "n", "vn") and len(word) >= 2


def _inside_a_name(word: str, tag: str, grammar: Grammar) -> bool:
    if tag in ("vn", "an"):  # 注册|指导|工作服务站: a verb used as a noun names what a body does
        return word not in grammar.lex.generic_nouns
    if tag in INNER_TAGS:
        return word not in grammar.lex.boundary_words and word not in grammar.lex.generic_nouns
    if tag in ("v", "vd"):
        return word in grammar.name_verbs
    return False


WHOLE_NAME_HEADS = vocabulary.words("names.whole_name_heads")


def _a_whole_name(word: str, grammar: Grammar) -> bool:
    """A company or a government body is never part of another's
    name (but the body a branch or department belongs to is: handled as a branch)."""
    return len(word) >= 3 and word.endswith(WHOLE_NAME_HEADS)


def _trim_left(text: str, words: Words, grammar: Grammar, start: int, head_start: int,
               stopped_at: str) -> int | None:
    """Drop what opens the span but is no part of the name: a reference noun after a pronoun
    (我区华瑞国际医疗器械城), descriptive words (高水平…), generic nouns (企业…)."""
    while start < head_start:
        k = words.index_at(start)
        word = text[words.starts[k]:words.ends[k]]
        if stopped_at == "r" and word in REFERENCE_NOUNS:
            start = words.ends[k]
            stopped_at = ""
            continue
        if grammar.is_descriptive(word) or (words.tags[k] in ("v", "vd") and words.ends[k] < head_start):
            start = words.ends[k]  # 建设|西湖医疗器械产业园: a name does not open with a verb
            continue
        break
    return start


def _head_names_alone(head: str, grammar: Grammar) -> bool:
    """A head noun with a proper word of its own names something alone (GLP中心, 临空经济区)."""
    return len(head) >= 4 and any(grammar.is_proper(t) for t in grammar.cut(head))


def _proper_word_in(words: Words, start: int, end: int, grammar: Grammar) -> bool:
    """Whether a word the model calls a name lies within text[start:end]; the head noun's own
    word counts only with three characters or more before the head (科技园区 is a LOC word, but
    科技 no name; 国际医疗器械城 is one)."""
    return any(words.tags[k] in PROPER_TAGS and (words.ends[k] <= end or end - words.starts[k] >= 3)
               and not (len(words.word(k)) <= 2 and grammar.is_common_word(words.word(k)))  # 科技/LOC: a slip
               for k in words.between(start, end))


NOT_A_GIVEN_NAME_TAGS = frozenset({"v", "vd", "p", "c", "u", "d", "r", "m", "q", "xc", "w"})


def _given_name_cut(text: str, words: Words, k: int, grammar: Grammar) -> bool:
    """Whether the one-character word after a two-character name (word k) is the name's last
    character: a title follows it, or a title precedes the name and a clause break or 的 follows
    a character that is no verb nor particle (书记林靖|中|，, but 书记王明|说|，)."""
    end = words.ends[k] + 1
    if grammar.title_at(text, end):
        return True
    return grammar.titled(text, words.starts[k]) and words.tags[k + 1] not in NOT_A_GIVEN_NAME_TAGS \
        and text[end:end + 1] in ("，", ",", "、", "。", "；", "的")


def model_names(text: str, words: Words, grammar: Grammar) -> list[Candidate]:
    """The names the word model tags: people (PER), organisations (ORG, typed by their head noun,
    or brands: 强生, GE医疗) and places (LOC, where the gazetteer or a head noun says which)."""
    found = []
    for k, tag in enumerate(words.tags):
        if tag == "nz" and _nz_brand(text, words, k, grammar):
            found.append(Candidate(words.starts[k], words.ends[k], "Company", words.word(k), "model-nz", priority=1))
            continue
        if tag in ("n", "a") and (brand := _unknown_brand(text, words, k, grammar)) is not None:
            found.append(brand)
            continue
        if tag not in ("PER", "ORG", "LOC"):
            continue
        start, end = words.starts[k], words.ends[k]
        name = text[start:end]
        if tag == "PER":
            if name[0] in "于在" and _settled_into(words, k) and len(name) >= 3:
                found.append(Candidate(start + 1, end, "Region", name[1:], "model-loc", priority=1))
                continue  # 落户|于某地: the model read 于 as a surname
            start, end = _surname_cut_off(text, words, k, grammar)
            name = text[start:end]
            if len(name) == 2 and k + 1 < len(words) and len(words.word(k + 1)) == 1 and \
                    CJK_CHAR.fullmatch(words.word(k + 1)) and _given_name_cut(text, words, k, grammar):
                end += 1  # 唐玉|成|理事长, 书记林靖|中|，: the model cut the given name's last character off
                name = text[start:end]
            if not grammar.titled(text, start) and _listed_with_organisations(text, words, k, grammar):
                found.append(Candidate(start, end, "Company", name, "model-listed", priority=1))
            elif grammar.looks_like_person(name):
                found.append(Candidate(start, end, "Person", name, "model-person", priority=1))
            continue
        if tag == "LOC" and DESCRIPTIVE_INSIDE.search(name):
            continue  # 国家级高新区: a kind of place, not a place
        if tag == "ORG":
            found.extend(_organisations(text, words, k, grammar))
            found.extend(_officer_named_inside(text, words.starts[k], end, grammar))
        elif tag == "nz":
            continue
        elif name in grammar.place_words or LOCALITY.search(name):
            found.append(Candidate(start, end, "Region", name, "model-loc", priority=1))  # 椒江, 周浦镇
        elif (label := grammar.head_label(_without_zone(name))) is not None and not _generic_model_word(name, grammar) \
                and not grammar.not_a_body(name):  # 某市西北部: a part of a place, no body
            found.append(Candidate(start, end, label, name, "model-loc", priority=1))  # 西湖科技园东三期
        elif _settled_into(words, k) and len(name) >= 3 and not grammar.is_common_word(name) \
                and not _known_place_and_more(name, grammar):
            found.append(Candidate(start, end, "Region", name, "model-loc", priority=1))  # 落户|某某湖
    return found


SETTLE_VERB = vocabulary.pattern("relations.settle_into")
ZONE_END = re.compile(r"(?:%s)$" % ORDINAL_PHASE.pattern)


def _without_zone(name: str) -> str:
    """某高新区|中区, 某科技园|东三期: the word model's one word, named by the park's head noun."""
    return ZONE_END.sub("", name) or name


def _known_place_and_more(name: str, grammar: Grammar) -> bool:
    """北京|南中轴, 美国|百特: a known place and two or more characters more is no place of its
    own (the rules read the known place alone); 松山|湖 is."""
    return any(name[:cut] in grammar.place_words for cut in range(2, len(name) - 1))


def _settled_into(words: Words, k: int) -> bool:
    """Whether word `k` follows a verb of settling (落户, 入驻于, 位于): what follows is a place."""
    before = k - 1
    if before >= 0 and words.word(before) in "于在":
        before -= 1
    return before >= 0 and SETTLE_VERB.fullmatch(words.word(before)) is not None


FIRM_TITLES = vocabulary.words("names.firm_titles")
FIRM_WORD_TAGS = frozenset({"n", "nz", "ORG", "nw", "an", "vn"})


def officers_firms(text: str, words: Words, grammar: Grammar) -> list[Candidate]:
    """The firm right before the title of its officer (某某经纬|创始人|李某, 某某生物|董事长|张某):
    two to four noun words back from the title, up to punctuation, a function word or a verb."""
    found = []
    for k, tag in enumerate(words.tags):
        if tag != "PER" or k < 2:
            continue
        title = next((t for t in FIRM_TITLES if text.endswith(t, 0, words.starts[k])), None)
        if title is None:
            continue
        end = words.starts[k] - len(title)
        j = words.index_at(end - 1)
        if j < 0 or words.ends[j] != end:
            continue
        start = end
        while j >= 0 and words.tags[j] in FIRM_WORD_TAGS and end - words.starts[j] <= 8:
            start, j = words.starts[j], j - 1
        name = text[start:end]
        if 3 <= len(name) <= 8 and CJK_CHAR.match(name) and _officers_firm_name(name, words, start, end, grammar):
            found.append(Candidate(start, end, "Company", name, "officer-firm", priority=0))
    return found


def _officers_firm_name(name: str, words: Words, start: int, end: int, grammar: Grammar) -> bool:
    """Whether the words before an officer's title name a firm with no head noun: not only
    common nouns nor an industry (医疗器械)."""
    if grammar.head_label(name) is not None:
        return False  # 某某集团, 医疗器械企业: the rules of head nouns have judged it
    if grammar.is_common_word(name) or grammar.segment_with_modifiers(name):
        return False
    return not all(words.word(k) in grammar.lex.generic_nouns or words.word(k) in GENERIC_FIRM_HEADS
                   or grammar.is_catch_all(words.word(k)) for k in words.between(start, end))


def _surname_cut_off(text: str, words: Words, k: int, grammar: Grammar) -> tuple[int, int]:
    """The span of the person the model tags at word `k`, with the surname it cut off put back:
    副主任|由|淑敏 (由 read as a preposition) and 研究所|段|星光|教授 (the given name read as a noun)."""
    start, end = words.starts[k], words.ends[k]
    if end - start == 2 and k > 0 and words.ends[k - 1] - words.starts[k - 1] == 1 \
            and words.word(k - 1) in grammar.surnames and grammar.titled(text, start - 1):
        return start - 1, end
    if end - start == 1 and text[start:end] in grammar.surnames and k + 1 < len(words) \
            and 1 <= len(words.word(k + 1)) <= 2 and CJK_CHAR.fullmatch(words.word(k + 1)[0]) \
            and grammar.title_at(text, words.ends[k + 1]):
        return start, words.ends[k + 1]
    return start, end


CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
JOINED = vocabulary.pattern("names.joined")
GROUP_TAIL = vocabulary.pattern("names.group_tail")
BYLINE = vocabulary.pattern("names.byline")
FILE_NAME = re.compile(r"[A-Za-z]+[0-9]{3,}|\.(?:jpg|png|gif|pdf)$", re.I)


INVEST_VERB_END = vocabulary.pattern("names.invest_verb_end")
AMOUNT = vocabulary.pattern("names.amount")


def _organisations(text: str, words: Words, k: int, grammar: Grammar) -> list[Candidate]:
    """An ORG word as one name, or as the names it glues together (中国科协和科技部,
    诺思达联合国康展览), trimmed of a title glued to its end (苏州台协会长) and of a character
    glued to its start (提供商|诺思达…)."""
    start, end = words.starts[k], words.ends[k]
    start = _unglue_start(text, words, k, grammar)
    name = text[start:end]
    for title in grammar.titles_at_end(name):
        if grammar.head_label(name[: -len(title)]) is not None:
            end -= len(title)  # 苏州台协|会长
            name = text[start:end]
            break
    if FILE_NAME.search(name) or BYLINE.search(name) or name in grammar.lex.not_names:
        return []  # img314889original: an image's file name; 某某日报讯: a byline
    if _a_firm_of_a_segment(name, grammar):
        return []  # 骨科手术机器人公司: a firm of the trade, not its name
    if len(name) >= 4 and name[-1] == name[-2] and grammar.head_label(name[:-1]) is not None:
        end -= 1  # 工信部|部属: the doubled character starts the next word
        name = text[start:end]
    part = next((t for t in grammar.not_name_tails if name.endswith(t) and len(name) > len(t) + 1), None)
    if part and grammar.head_label(name[: -len(part)]) is not None:
        end -= len(part)  # 某科学城|南部: a part of the park, the park is the name
        name = text[start:end]
    if (officer := _officer_inside(name, grammar)):
        end = start + officer  # 某研究所|所长某某代表联盟理事会: an officer and more glued to the body
        name = text[start:end]
    verb = INVEST_VERB_END.search(name)
    if verb and len(name) - len(verb.group()) >= 2 and AMOUNT.match(text, end):
        end -= len(verb.group())  # 向某某医疗|投资|5000万元: the verb glued to the firm's name
        name = text[start:end]
    built = BUILT_AT.match(name)
    if built and (label := grammar.head_label(built.group(1))) in ("Park", "Region"):
        place = built.group(1)  # 某生物岛|建设|研发中心: where something is built, not its name
        return [Candidate(start, start + len(place), label, place, "model-org", 1)]
    group = GROUP_TAIL.search(name)
    if group:  # 深圳市光明区代表团: the delegation of a place
        place = name[: group.start()]
        is_place = place in grammar.place_words or grammar.places_only(place)
        return [Candidate(start, start + len(place), "Region", place, "model-org", 1)] if is_place else []
    parts = _split_joined(name, grammar)
    if parts:
        return [Candidate(start + a, start + b, grammar.head_label(name[a:b]) or "Company", name[a:b], "model-org", 1)
                for a, b in parts]
    label = grammar.head_label(name)
    if label == "Government" and name.endswith("部"):
        unit_of = _body_of_unit(name, grammar)
        if unit_of is not None:  # 某研究院|创业服务部, 某医疗|磁共振事业部: a unit of a firm or institute
            if not unit_of:
                return []
            end = start + unit_of
            name, label = text[start:end], grammar.head_label(text[start:end])
    if label is None:
        inner = _inner_head_end(name, grammar)
        if inner:  # 江北区商务委|企业: the model glued a common noun to the body's name
            end = start + inner
            name = text[start:end]
            label = grammar.head_label(name)
    industry = _industry_words_after(words, k) if end == words.ends[k] else 0
    if label is None and industry:
        # GE|医疗, 儒伽|医疗|CEO, 海创|医疗|器械: the model cut the brand off its industry words
        end = words.ends[k + industry]
        name = text[start:end]
        label = grammar.head_label(name) or "Company"
    if label is None and _a_brand(name, grammar) and not _head_follows(text, words, k, grammar):
        label = "Company"
        if k > 0 and words.tags[k - 1] == "LOC" and words.ends[k - 1] == start and \
                words.word(k - 1) not in grammar.lex.extra_regions:  # but 德国|某某: a country says whence
            start = words.starts[k - 1]  # 天津|天士力, 北京|同仁堂: the place is part of the brand
            name = text[start:end]
    if label is None:
        return []
    if _generic_model_word(name, grammar):
        return []  # 医生集团, 社区医院: the model's ORG is a common noun phrase
    return [Candidate(start, end, label, name, "model-org", priority=1)]


def _unknown_brand(text: str, words: Words, k: int, grammar: Grammar) -> Candidate | None:
    """仁某|生物|是…: a word no dictionary knows before an industry word that ends the phrase is a
    firm's brand (the model tagged it a common noun)."""
    word = words.word(k)
    if not (2 <= len(word) <= 3 and CJK_CHAR.fullmatch(word[0]) and grammar.tag(word) is None
            and word not in grammar.place_words and word not in grammar.lex.not_names):
        return None
    industry = _industry_words_after(words, k)
    after = k + industry + 1
    if not industry or (after < len(words) and words.tags[after] in NOUN_TAGS):
        return None
    end = words.ends[k + industry]
    return Candidate(words.starts[k], end, "Company", text[words.starts[k]:end], "model-brand", priority=0)


BRAND_TAIL_WORDS = INDUSTRY_WORDS | {"器械", "药业", "生物科技", "医疗科技"}
CONTINUES_INDUSTRY = INDUSTRY_WORDS | {"产业", "器械", "领域", "行业", "企业", "产品", "研发", "板块"}


def _industry_words_after(words: Words, k: int) -> int:
    """How many industry words (医疗, 医疗|器械) right after word k finish a brand's name: none
    when the phrase goes on (金山生物|医药|产业 is an industry, not a firm)."""
    count = 0
    while count < 2 and k + count + 1 < len(words) and words.tags[k + count + 1] in ("n", "an") \
            and words.word(k + count + 1) in BRAND_TAIL_WORDS:
        count += 1
    after = k + count + 1
    if count and after < len(words) and words.word(after) in CONTINUES_INDUSTRY:
        return 0
    return count


BARE_BODY = vocabulary.pattern("names.bare_body")


def _generic_model_word(name: str, grammar: Grammar) -> bool:
    """医生集团, 科技园区: a word the model calls a name that is only a common noun and a head.
    A body named by its level (市政府, 区委) is no common noun: the resolver names its place."""
    if BARE_BODY.match(name):
        return False
    head = grammar.head_length(name)
    return bool(head) and len(name) - head <= 3 and (not name[:-head] or core_is_generic(name[:-head], grammar))


def _body_of_unit(name: str, grammar: Grammar) -> int | None:
    """Where the non-government body a 部 belongs to ends inside its name (青岛某研究院|创业服务部),
    0 when the body names no head noun (某医疗|磁共振事业部), None when the 部 is a government's."""
    if not FIRM_UNIT.search(name):
        return None  # 某基地建设指挥部, 市委宣传部: a government's own body or department
    inner = [(e, label) for _, e, label in grammar.suffixes.find(name) if 2 <= e < len(name) - 1]
    if not inner:
        return 0 if any(word in name[:-2] for word in INDUSTRY_WORDS) else None
    e, label = max(inner)
    return e if label not in ("Government", "Event", "Park") else None


def _a_firm_of_a_segment(name: str, grammar: Grammar) -> bool:
    head = next((h for h in GENERIC_FIRM_HEADS if name.endswith(h) and len(name) > len(h)), None)
    core = name[: -len(head)] if head else ""
    return bool(core) and (grammar.segment_with_modifiers(core) or grammar.is_catch_all(core))


def _officer_inside(name: str, grammar: Grammar) -> int:
    """Where a body's name ends inside a word the model glued to a title and the officer's name
    after it (中科院某所|所长某某代表…): the end of the first head noun a title follows (0: none)."""
    for _, e, label in sorted(grammar.suffixes.find(name), key=lambda found: found[1]):
        if 2 <= e <= len(name) - 4 and label != "Event" and grammar.title_at(name, e) and grammar.head_label(name[:e]):
            return e
    return 0


def _officer_named_inside(text: str, start: int, end: int, grammar: Grammar) -> list[Candidate]:
    """The officer whose title and name the model glued inside an organisation's word
    (某所所长|唐某某|代表…): a surname, then two or three characters a common word follows."""
    officer = _officer_inside(text[start:end], grammar)
    if not officer:
        return []
    at = start + officer
    title = max((t for t in grammar.title_set if text.startswith(t, at)), key=len)
    at += len(title)
    for length in (3, 2):
        name, rest = text[at:at + length], text[at + length:min(end, at + length + 2)]
        if at + length <= end and name[0] in grammar.surnames and grammar.looks_like_person(name) and \
                (not rest or grammar.is_common_word(rest)):
            return [Candidate(at, at + length, "Person", name, "model-person", priority=1)]
    return []


def _inner_head_end(name: str, grammar: Grammar) -> int:
    """Where a name ends inside a word the model made too long: the end of the last head noun
    that is followed only by a common noun (企业, 服务科…)."""
    ends = sorted({e for _, e, label in grammar.suffixes.find(name) if 2 <= e < len(name) and label != "Event"})
    for e in reversed(ends):
        rest = name[e:]
        if rest in grammar.lex.generic_nouns or rest in grammar.lex.boundary_words or grammar.is_common_word(rest):
            return e
    return 0


def _split_joined(name: str, grammar: Grammar) -> list[tuple[int, int]]:
    """The spans of two names the model glued with a conjunction, when each side is a name."""
    for match in JOINED.finditer(name):
        left, right = name[: match.start()], name[match.end():]
        if len(left) >= 2 and len(right) >= 2 and (grammar.head_label(left) or left in grammar.well_known) \
                and (grammar.head_label(right) or right in grammar.well_known or len(right) >= 3):
            return [(0, match.start()), (match.end(), len(name))]
    return []


def _unglue_start(text: str, words: Words, k: int, grammar: Grammar) -> int:
    """提供|商诺思达: the model glued to the name the character that ends the word before it."""
    start = words.starts[k]
    if k > 0 and words.ends[k - 1] == start and words.ends[k] - start > 3:
        joined = words.word(k - 1) + text[start]
        if len(joined) >= 3 and grammar.is_common_word(joined):
            return start + 1
    return start


def _nz_brand(text: str, words: Words, k: int, grammar: Grammar) -> bool:
    """精锐医疗: a word the model calls a proper noun, ending in an industry word, is a firm."""
    name = words.word(k)
    if len(name) < 3 or not name.endswith(tuple(BRAND_TAIL_WORDS)) or grammar.head_label(name) is not None:
        return False
    after = k + 1
    if after < len(words) and words.word(after) in CONTINUES_INDUSTRY:
        return False
    return _a_brand(name, grammar) and not grammar.is_catch_all(name) and name not in grammar.lex.segments


def _a_brand(name: str, grammar: Grammar) -> bool:
    """An organisation the model names without a head noun is a firm known by its brand (强生,
    拜耳), unless it is a place (北京大兴), a generic word, a phrase with a head noun inside
    (公司估值) or too short to tell."""
    if len(name) < 2 or name in grammar.place_words or name in grammar.lex.generic_nouns:
        return False
    if grammar.places_only(name) or any(e < len(name) for _, e, _ in grammar.suffixes.find(name)):
        return False
    return not grammar.is_common_word(name)


def _head_follows(text: str, words: Words, k: int, grammar: Grammar) -> bool:
    """国际智能医工|创新中心: the name goes on to a head noun in the next word(s) (but 复星国际|联席
    董事长 is a firm and its officer's title)."""
    if k + 1 >= len(words):
        return False
    nxt = text[words.starts[k + 1]:words.ends[k + 1]]
    if words.tags[k + 1] not in INNER_TAGS | {"v"} or words.starts[k + 1] != words.ends[k]:
        return False
    if grammar.titled(text, words.ends[k + 2] if k + 2 < len(words) else words.ends[k + 1]):
        return False
    name = words.word(k)
    if len(nxt) == 1 and words.tags[k + 1] == "v" and name.endswith(tuple(INDUSTRY_WORDS)):
        return False  # 某创医疗|是…: a brand and its copula, not a name going on
    if words.tags[k + 1] == "v" and len(name) >= 4 and not _common_words_only(name, grammar):
        # 某医工|创新|中心 goes on; 锐某医疗|扎根|某地 is a firm (a brand no dictionary knows) and its
        # verb, but 金融科技|融合 is two common words and a verb
        if len(nxt) > 2 and grammar.head_label(nxt) is not None:
            return True  # (签署 ends like 某某服务署 but is a verb)
        after = words.word(k + 2) if k + 2 < len(words) else ""
        return grammar.head_label(nxt + after) is not None and grammar.head_label(after) is None
    return grammar.head_label(nxt) is not None or nxt in grammar.lex.generic_nouns or len(nxt) <= 2


def _common_words_only(name: str, grammar: Grammar) -> bool:
    """金融科技 (金融|科技), 武汉医疗: no piece a brand; 锐科医疗 cuts into 锐|科|医疗, single characters."""
    return all(len(t) >= 2 and (grammar.is_common_word(t) or t in grammar.place_words) for t in grammar.cut(name))


def inside_an_unknown_name(cand: Candidate, words: Words) -> bool:
    """上海|战略中心, 江苏|鱼跃, 深圳|分享投资基金: a place right before a noun that is part of a
    name the rules did not find is no place of its own."""
    k = words.index_at(cand.end)
    if k < 0 or k >= len(words) or words.starts[k] != cand.end or not words.ends_word(cand.end):
        return False
    if _an_industry_follows(words, k):
        return False  # 某新区|生物|医疗|产业: the place of an industry, no firm's name
    return words.tags[k] in ("n", "nz", "ORG", "nw") and not words.word(k).startswith(("的", "等"))


INDUSTRY_ENDS = vocabulary.word_set("names.industry_ends")


def _an_industry_follows(words: Words, k: int) -> bool:
    """Whether the words from `k` are industry words that end in 产业, 行业 or 领域."""
    j = k
    while j < len(words) and j < k + 3 and words.word(j) in INDUSTRY_WORDS:
        j += 1
    return j > k and j < len(words) and words.word(j) in INDUSTRY_ENDS


LIST_SEPARATORS = frozenset("、")
EVENT_HEAD_END = vocabulary.pattern("names.event_head_end")
LOCALITY = vocabulary.pattern("names.locality")
ORG_LIST_END = vocabulary.pattern("names.org_list_end")


def _listed_with_organisations(text: str, words: Words, k: int, grammar: Grammar) -> bool:
    """康捷、瑞源、博维…等7家企业 / 吸引了高瓴、红杉中国: a "person" the model finds in a list of
    organisations is one of them."""
    items = _list_around(words, k)
    if len(items) < 2:
        return False
    last_end = words.ends[items[-1]]
    if ORG_LIST_END.match(text, last_end, last_end + 24):
        return True
    others = [i for i in items if i != k]
    organisations = sum(1 for i in others if words.tags[i] == "ORG"
                        or grammar.head_label(text[words.starts[i]:words.ends[i]]) not in (None, "Person"))
    return organisations * 2 >= len(others)


def _list_around(words: Words, k: int) -> list[int]:
    """The one-word items of the 、-list word k stands in (康捷、瑞源、博维); an item of several
    words (市协会副秘书长张某) ends the list."""
    def alone(i: int) -> bool:  # the word is a whole item: a separator or the list's end follows
        return i + 1 >= len(words) or words.tags[i + 1] in ("w", "c", "u") or words.word(i + 1) in ("等",)
    if not alone(k):
        return [k]
    items = [k]
    i = k
    while i - 2 >= 0 and _is_separator(words, i - 1) and alone(i - 2):
        i -= 2
        items.insert(0, i)
    i = k
    while i + 2 < len(words) and _is_separator(words, i + 1) and alone(i + 2):
        i += 2
        items.append(i)
    return items


def _is_separator(words: Words, i: int) -> bool:
    return words.ends[i] - words.starts[i] == 1 and words.word(i) in LIST_SEPARATORS


LIST_OPENERS = vocabulary.word_set("names.list_openers")
LIST_CLOSE = vocabulary.pattern("names.list_close")
CLOSE_LABELS = vocabulary.table("names.close_labels")
MAX_ITEM = 16  # characters between two 、: 某某大学医学院某某校区 is one item
ITEM_BREAK = re.compile(r"[,.;:!?。，；：！？\s“”\"()]")
ITEM_WINDOW = 64  # characters past an item's start in which a list item or its tail must end


ROUND_ROLE_END = re.compile("(?:%s)$" % "|".join(vocabulary.words("names.round_roles")))


def list_names(text: str, words: Words, grammar: Grammar, known: dict[tuple[int, int], str]) -> list[Candidate]:
    """Names listed with 、 and typed by the list: 康捷、瑞源、博维…等7家企业 are companies, and so
    are 华大基因、金准检验、芯远生物 beside the firms of their list. Only items without a head noun
    of their own are typed here (the others are found from their head). `known` gives the label
    other rules found for a span (西门子医疗: a firm everyone knows)."""
    found = []
    for items, close in _lists(text, words):
        labels = [grammar.head_label(text[s:e]) or known.get((s, e)) for s, e in items]
        label = CLOSE_LABELS.get(close, "") if close else ""
        if not label:
            typed = [lab for lab in labels if lab is not None]
            organisations = [lab for lab in typed if lab in ("Company", "Investor")]
            if len(typed) >= 1 and len(organisations) * 2 > len(items) - 1 and organisations:
                label = max(set(organisations), key=organisations.count)
        last_start, last_end = items[-1]
        in_a_round = bool(ROUND_ROLE.match(text, last_end) or ROUND_ROLE_END.search(text[last_start:last_end]))
        if in_a_round:
            label = "Investor"  # 红杉中国、某某创投|跟投: the round says what they are
        if label not in ("Company", "Investor", "University", "Hospital"):
            continue
        closed = bool(close) and label == CLOSE_LABELS.get(close)
        # 互贵、晋弘、泰合等7家企业: a brand the model read as a person's name is one of the firms
        persons_yield = closed and label in ("Company", "Investor") and labels.count("Person") * 2 < len(items)
        for (start, end), own in zip(items, labels):
            if own == "Person" and persons_yield:
                own = None
            start = _item_name_start(words, start, end, grammar)
            role = ROUND_ROLE_END.search(text, start, end)
            if role and role.end() == end:
                end = role.start()  # 某某、某某创投|跟投: the investor without its role in the round
            name = text[start:end]
            if closed and own in ("Park", "Platform") and close in ("企业", "公司", "药企", "厂商", "家"):
                own = None  # 慧康医谷等5家企业: the list says what its items are
            if (closed or in_a_round) and label == "Investor" and own == "Company" and grammar.head_label(name) is None:
                own = None  # 某某、高某佳等知名投资机构: the model's guess of a firm yields to the list's word
            if own in ("Company", "Investor") and (start, end) not in known and 3 <= len(name) <= 10 \
                    and not ITEM_BREAK.search(name) and CJK_CHAR.match(name):
                found.append(Candidate(start, end, own, name, "list-headed", priority=2))  # 正|心|谷|资本: the list bounds it
                continue
            if (own is not None and own != label) or not _name_like(name, words, start, end, grammar, closed):
                continue  # an item the rules named as the list's kind too stays the list's
            found.append(Candidate(start, end, label, name, "list", priority=3 if closed else 2))
    return found


def _item_name_start(words: Words, start: int, end: int, grammar: Grammar) -> int:
    """Where the name of a list item starts: after a country that says whence the firm comes
    (德国|某某), or at the organisation word the item ends with when a common noun describes it
    before (中华|老字号|北京某某堂)."""
    inside = words.between(start, end)
    if len(inside) < 2:
        return start
    first, last = inside[0], inside[-1]
    if len(inside) == 2 and words.word(first) in grammar.lex.extra_regions and words.tags[first] == "LOC" \
            and words.tags[last] in PROPER_TAGS:
        return words.starts[last]
    if words.tags[last] == "ORG" and any(words.tags[k] == "n" for k in inside[:-1]):
        return words.starts[last]
    return start


def _lists(text: str, words: Words) -> list[tuple[list[tuple[int, int]], str]]:
    """Each 、-list of the text: its items (spans) and the head noun of its closing (等…企业)."""
    lists = []
    at = text.find("、")
    while at != -1:
        first = _first_item(text, words, at)
        if first is None:
            at = text.find("、", at + 1)
            continue
        items = [first]
        pos = at + 1
        while True:
            nxt = text.find("、", pos)
            # the item's end is looked for near it only: a search to the sentence's end for every
            # item of a 10,000-item list is quadratic (no item or tail is longer than MAX_ITEM)
            stop = ITEM_BREAK.search(text, pos, pos + ITEM_WINDOW)
            limit = stop.start() if stop else min(len(text), pos + ITEM_WINDOW)
            if nxt != -1 and nxt < limit and 2 <= nxt - pos <= MAX_ITEM and "等" not in text[pos:nxt]:
                items.append((pos, nxt))
                pos = nxt + 1
                continue
            last = _last_item(text, pos, limit)
            if last is not None:
                items.extend(last)
            break
        end = items[-1][1]
        close = LIST_CLOSE.match(text, end)
        kind = (close.group(1) or close.group(2)) if close else ""
        if close and kind not in CLOSE_LABELS:
            kind = _firm_among_kinds(text, close.end()) or kind
        lists.append((items, kind))
        at = text.find("、", max(pos, at + 1))
    return lists


FIRM_KINDS = tuple(word for word, label in CLOSE_LABELS.items() if label == "Company" and len(word) > 1)
MORE_KINDS = re.compile(r"(?:[、和及与]|以及)[^,，。;；:：()“”\s]{1,20}")


def _firm_among_kinds(text: str, at: int) -> str:
    """等1000家机构、院校、企业: a closing of several kinds, one of them firms, types the items
    that name no kind of their own as firms."""
    more = MORE_KINDS.match(text, at)
    kinds = re.split(r"以及|[、和及与]", more.group()) if more else []
    return next((word for kind in kinds for word in FIRM_KINDS if kind.startswith(word)), "")  # 企业|落户


ITEM_TAGS = frozenset({"n", "nz", "ORG", "LOC", "PER", "an", "a", "vn", "nw", "s"})


def _first_item(text: str, words: Words, sep: int) -> tuple[int, int] | None:
    """The item before the list's first 、: back to the word that opens the list. A brand the
    model cuts into odd pieces (互|贵, 迈得|医疗) keeps its one-character pieces."""
    k = words.index_at(sep - 1)
    start = sep
    while k >= 0 and sep - words.starts[k] <= 12:
        word, tag = words.word(k), words.tags[k]
        if tag == "w" or word in LIST_OPENERS or tag in ("p", "c", "u") or ITEM_BREAK.search(word):
            break
        if tag not in ITEM_TAGS and (len(word) > 1 or sep - start >= 3) and start != sep and \
                not (tag == "v" and len(word) == 2 and text[start:sep] in INDUSTRY_WORDS):
            break  # 已|入驻|美国雅博: a verb opens the list (but 某止|药业: a brand the model read as a verb,
            # and 生命|支持、: the item's own last word)
        start, k = words.starts[k], k - 1
    if sep - start < 2:
        return None
    return start, sep


# what ends a list's last item: 等, 及 (A、B及C), or a count of the items' kind (A、B两家企业)
ITEM_COUNT = r"[0-9一二两三四五六七八九十]+[家个所](?=%s)" % "|".join(FIRM_KINDS + ("医院", "高校", "机构", "单位"))
# …、体外诊断|三大业务板块: a count of the items' kind ends the last item too
KIND_COUNT = r"[0-9一二两三四五六七八九十]+大(?=[\u4e00-\u9fff]{0,4}(?:板块|领域|产业|方向|业务|赛道|集群)(?!功能))"
LAST_ITEM_END = re.compile(r"等|在内|及其|以及|及|和|与|" + ITEM_COUNT + "|" + KIND_COUNT)
TAIL_ITEM_END = re.compile(r"等|在内|[,，。;；、]|" + ITEM_COUNT)


def _last_item(text: str, pos: int, limit: int) -> list[tuple[int, int]]:
    """The list's last item (and one more after 及/和: A、B及C)."""
    end = limit
    close = LAST_ITEM_END.search(text, pos, limit)
    if close:
        end = close.start()
    items = [(pos, end)] if 2 <= end - pos <= 12 else []
    if close and close.group() in ("及", "和", "以及") and items:
        tail_end = TAIL_ITEM_END.search(text, close.end(), limit + 1)
        tail = tail_end.start() if tail_end else limit
        if 2 <= tail - close.end() <= 12:
            items.append((close.end(), tail))
    return items


def _name_like(name: str, words: Words, start: int, end: int, grammar: Grammar, closed: bool = False) -> bool:
    """A list item that reads as a name: a word the model calls a name, a brand with an industry
    word (芯远生物), or letters (VIP康复); not a common word (血管外科, 疼痛) nor a place. In a list
    its closing names (等5家企业), anything but a common word is."""
    if name in grammar.place_words or grammar.is_common_word(name) or name in grammar.lex.generic_nouns:
        return False
    if closed:
        return not grammar.is_descriptive(name) and not any(ch in name for ch in "的了是在")
    if any(words.tags[k] in PROPER_TAGS for k in words.between(start, end)):
        return True
    return name.endswith(tuple(INDUSTRY_WORDS)) or bool(re.search(r"[A-Za-z]", name)) or \
        not any(grammar.is_common_word(t) for t in grammar.cut(name) if len(t) > 1)


FOCUS_BEFORE = vocabulary.pattern("names.focus_before")
SEGMENT_CLOSE = vocabulary.pattern("names.segment_close")
SEGMENT_ENDS = vocabulary.words("names.segment_ends")
SEGMENT_ITEM_STRIP = vocabulary.pattern("names.segment_item_strip")


def segment_lists(text: str, words: Words, grammar: Grammar) -> list[Candidate]:
    """Industries listed after a focus cue or closed by 等…领域/产业/集群 (聚焦可穿戴监护设备、
    无创血糖检测技术; 基因治疗、细胞制剂、康复辅具等四个主导板块): each item is a segment, unless
    it names a body or a place."""
    found = []
    for items, _close in _lists(text, words):
        items = _cut_closing(text, items)
        first_start, last_end = items[0][0], items[-1][1]
        cued = FOCUS_BEFORE.search(text[max(0, first_start - 8):first_start])
        closed = SEGMENT_CLOSE.match(text, last_end) or SEGMENT_CLOSE.match(text, last_end + 1)
        known = sum(1 for s, e in items if text[s:e] in grammar.lex.segments)
        if not (cued or closed or known * 2 >= len(items)):
            continue
        stripped_items = []
        for start, end in items:
            item = text[start:end]
            stripped = SEGMENT_ITEM_STRIP.sub("", item)
            stripped_items.append((start + (item.find(stripped) if stripped else 0), stripped))
        named = [_segment_item(item, grammar) for _, item in stripped_items]
        # closed by its kind and mostly named like industries: the others are industries too (康复辅具)
        lenient = bool(closed) and sum(named) * 2 > len(named)
        for (start, item), is_segment in zip(stripped_items, named):
            if is_segment or (lenient and _segment_item(item, grammar, any_ending=True)):
                found.append(Candidate(start, start + len(item), "Segment", item, "segment-list", priority=1))
    return found


FOCUS_VERB = vocabulary.pattern("names.focus_verb")
FOCUS_ITEM_END = re.compile(r"产品|的|等|领域|行业|赛道|方向|[,，。;；、)）]")


def focus_segments(text: str, words: Words, grammar: Grammar) -> list[Candidate]:
    """The one industry named right after a verb of focus (主营人工心脏产品的研发, 专营高端智能医疗设备的):
    the noun words after the verb up to 产品, 的 or a pause (lists are segment_lists')."""
    found = []
    for k in range(len(words) - 1):
        if not FOCUS_VERB.fullmatch(words.word(k)):
            continue
        start = end = words.ends[k]
        j = k + 1
        while j < len(words) and words.tags[j] in NOUN_TAGS | {"a"} and words.ends[j] - start <= 12 \
                and not FOCUS_ITEM_END.match(words.word(j)):
            end, j = words.ends[j], j + 1
        item = text[start:end]
        if end > start and FOCUS_ITEM_END.match(text, end) and not text.startswith("、", end) \
                and _segment_item(item, grammar):
            found.append(Candidate(start, end, "Segment", item, "segment-focus", priority=1))
    return found


def _cut_closing(text: str, items: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The last item without the closing that ran into it (高端医疗器械|四个主导板块)."""
    start, end = items[-1]
    closing = SEGMENT_CLOSE.search(text, start + 2, end)
    if closing is None or (closing.end() != end and not closing.group().startswith("为")):
        return items  # 国际贸易|为辅助的格局 is cut too
    return items[:-1] + [(start, closing.start())]


def _segment_item(item: str, grammar: Grammar, any_ending: bool = False) -> bool:
    """An item of a focus list that names an industry or product domain: in the lexicon, or a
    noun phrase ending the way such names end, not a verb of the value chain (研发, 销售)."""
    if item in grammar.lex.segments:
        return not grammar.is_catch_all(item)
    if not (3 <= len(item) <= 12) or item in grammar.place_words or grammar.head_label(item) not in (None, "Segment"):
        return False
    if re.search(r"[的了是在将为等个家年月日0-9%]", item) or grammar.is_catch_all(item) or DESCRIPTIVE_INSIDE.search(item):
        return False
    if grammar.places_only(item) or grammar.is_common_word(item) and grammar.tag(item) in ("v", "vn", "a", "ad", "d"):
        return False
    return any_ending or item.endswith(SEGMENT_ENDS)
