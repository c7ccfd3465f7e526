"""Relation rules: the verbs and constructions of Chinese news that carry the ontology's links.

Every rule reads one sentence at a time with the article's mentions (already resolved to
canonical names) and yields `Relation`s with the sentence as evidence and a confidence that
says how direct the construction is: a name-derived or adjacent cue scores high, a link that
relies on the sentence's topic or on the article's current event scores lower.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from itertools import combinations
from typing import Callable, Iterable

import catalogue

from ecograph.ingest import cues as vocabulary
from ecograph.ingest.entity_rules import in_a_title
from ecograph.ingest.lexicon import load_lexicon, relation_confidences
from ecograph.ingest.models import Relation


def confidence_of(case: str) -> float:
    """How sure a construction is: the share of its links that were right on annotated real
    articles (relation_confidences.tsv)."""
    try:
        return relation_confidences()[case]
    except KeyError:
        raise KeyError(f"relation case {case!r} has no confidence in relation_confidences.tsv") from None


# The sentence rules, each `rule(sentence, state, out)`; `extract_relations` runs those it is
# given by name, in order (the relations component's config lists them).
relation_rules = catalogue.create("ecograph", "relation_rules", entry_points=False)
SentenceRule = Callable[["Sentence", "ArticleState", "Collector"], None]

ORGS = {"Company", "Investor", "Hospital", "Alliance", "University", "ResearchInstitute",
        "Government", "Platform"}
PLACES = {"Park", "Region"}
ACTORS = ORGS | {"Park"}

PLANNED = vocabulary.pattern("relations.planned")
NEGATED = vocabulary.pattern("relations.negated")


@dataclass(slots=True)
class M:
    """A mention in a sentence: where it is and which entity it names."""

    name: str
    label: str
    start: int
    end: int


@dataclass
class Sentence:
    text: str
    start: int
    end: int
    mentions: list[M]
    cues: dict[re.Pattern, list[Cue]] = field(default_factory=dict)  # by pattern, from the article scan


    def before(self, m: M) -> str:
        return self.text[: m.start - self.start]

    def after(self, m: M) -> str:
        return self.text[m.end - self.start :]

    def of(self, labels: set[str]) -> list[M]:
        return [m for m in self.mentions if m.label in labels]

    @cached_property
    def inside_names(self) -> bytearray:
        """For each character of the sentence, whether a name covers it."""
        covered = bytearray(len(self.text) + 1)
        for m in self.mentions:
            covered[max(0, m.start - self.start) : m.end - self.start] = b"\1" * (m.end - m.start)
        return covered


class ArticleState:
    """What earlier sentences established: the current event, the latest entity per label, the
    topic (who the sentences are about) and the company whose funding round is being told."""

    def __init__(self, region_parents: dict[str, str] | None = None, governments: Iterable[str] = ()):
        self.region_parents = region_parents or {}  # 南山区 → 深圳市 (the gazetteer's nesting)
        self.governments = sorted(set(governments), key=len)  # every government body named, shortest first
        self.events: list[str] = []
        self.latest: dict[str, str] = {}
        self.topic: M | None = None
        self.funded: str | None = None
        self.seen: list[M] = []  # every entity mentioned so far, in order
        self.table_settles = False  # a table whose header says its firms are in the park
        self.main: str | None = None  # the event the article reports on (the one held)
        self.place_topic: str | None = None  # the park or place the latest sentences are about
        self.settled_in: str | None = None  # where the previous sentence settled things (上述项目均落地X)

    def event_for(self, s: "Sentence") -> tuple[str | None, bool]:
        """The event a sentence speaks of (the first it names), and whether it names it itself."""
        named = s.of({"Event"})
        if named:
            return named[0].name, True
        return (self.main or (self.events[0] if self.events else None)), False

    def see(self, sentence: Sentence) -> None:
        for m in sentence.mentions:
            self.latest[m.label] = m.name
            self.seen.append(m)
            if m.label == "Event":
                self.events.append(m.name)
        opener = sentence_opener(sentence, self)
        if opener is not None and opener.start >= 0:
            self.topic = opener
        if opener is not None and opener.label in ("Park", "Region"):
            self.place_topic = opener.name  # 丰台区是…。在创新资源方面,拥有…: the place spoken of

    def see_funding(self, sentence: Sentence) -> None:
        """苏州某医疗（以下简称“某医疗”）宣布完成B轮融资: the round's company."""
        cue = FUNDING.search(sentence.text)
        if cue is None:
            return
        companies = [m for m in sentence.of({"Company"}) if m.end - sentence.start <= cue.start()]
        if companies:
            self.funded = companies[-1].name
        else:
            found = subject_of(sentence, cue.start(), {"Company"}, self)
            if found:
                self.funded = found[0]


FUNDING = vocabulary.pattern("relations.funding")
# the words first: the date's parts are all optional, and an alternative that matches nothing
# ahead of them would win over 近日 (a regex takes the first alternative that matches)
LEAD_IN = (r"\s*(?:近日|日前|目前|此前|与此同时|同时|此外|随后|当天|今年|去年|次年|近年来"
           r"|(?:[0-9]{2,4}年)?(?:[0-9]{1,2}月)?(?:[0-9]{1,2}日)?(?:上午|下午|晚间)?)[，,]?\s*")
REFERENTS = {word: tuple(labels) for word, labels in vocabulary.table("relations.referents").items()}
REFERENT = re.compile(LEAD_IN + "(" + "|".join(sorted(REFERENTS, key=len, reverse=True)) + ")")
SUBJECT_LABELS = ORGS | {"Park", "Event"}


def sentence_opener(s: Sentence, state: ArticleState) -> M | None:
    """The entity a sentence opens with (its grammatical topic), named or referred to."""
    lead = re.match(LEAD_IN, s.text)
    pos = lead.end() if lead else 0
    for m in s.mentions:
        if m.label in SUBJECT_LABELS and m.start - s.start <= pos + 1:
            return m
    return _referent(s.text[pos:], state, SUBJECT_LABELS, anchored=True)


def _referent(text: str, state: ArticleState, labels: set[str], anchored: bool = False) -> M | None:
    match = REFERENT.match(text) if anchored else REFERENT.search(text)
    if not match:
        return None
    word = match.group(1)
    wanted = REFERENTS[word]
    if not wanted:  # 其: the topic
        return state.topic if state.topic and state.topic.label in labels else None
    head = word.removeprefix("该")
    if word.startswith("该") or head != "园区":
        for m in reversed(state.seen):  # 该园, 产业园, 该中心: the latest body so named, not any park or centre
            if m.label in wanted and m.label in labels and m.name.endswith(head):
                return M(m.name, m.label, -1, -1)
    topic = state.topic
    if topic is not None and topic.label in wanted and topic.label in labels:
        return M(topic.name, topic.label, -1, -1)
    for label in wanted:
        if label in labels and state.latest.get(label):
            return M(state.latest[label], label, -1, -1)
    return None


def subject_of(s: Sentence, pos: int, labels: set[str], state: ArticleState) -> tuple[str, float] | None:
    """Who does what the cue at `pos` says: a name earlier in the clause, a referent word (该公司,
    园区, 其) opening the clause, or the sentence's topic. The factor lowers the confidence of
    links that rely on reference rather than a name next to the verb."""
    lo = _clause_start(s.text, pos)
    named = [m for m in s.of(labels) if lo <= m.start - s.start and m.end - s.start <= pos]
    if named:
        return named[-1].name, confidence_of("subject.named")
    ref = _referent(s.text[lo:pos], state, labels, anchored=True)
    if ref is not None:
        return ref.name, confidence_of("subject.referent")
    opener = sentence_opener(s, state)
    if lo > 0 and opener is not None and opener.label in labels and opener.end - s.start <= pos:
        return opener.name, confidence_of("subject.topic_chain")  # a topic chain: X…，…，专注于Y
    if lo > 0:
        earlier = _clause_opener(s, lo, labels, state)  # 关于某基地:该基地位于…,重点发展…
        if earlier is not None:
            return earlier, confidence_of("subject.earlier_clause")
    first = [m for m in s.of(labels) if m.end - s.start <= pos]
    if lo > 0 or not first:
        topic = state.topic
        if topic is not None and topic.label in labels and not any(
                m.label in SUBJECT_LABELS for m in s.mentions if m.end - s.start <= pos):
            return topic.name, confidence_of("subject.topic")
    return None


def _clause_opener(s: Sentence, before: int, labels: set[str], state: ArticleState) -> str | None:
    """The subject opening the nearest earlier clause of the sentence, named or referred to."""
    starts = [0] + [m.end() for m in re.finditer(r"[,，;；:：]", s.text[:before])]
    for start in reversed(starts[:-1] if starts[-1] == before else starts):
        lead = re.match(LEAD_IN, s.text[start:])
        at = start + (lead.end() if lead else 0)
        for m in s.of(labels):
            if at <= m.start - s.start <= at + 1:
                return m.name
        word = REFERENT.match(s.text[at:before])
        if word is not None and REFERENTS[word.group(1)]:
            wanted = set(REFERENTS[word.group(1)]) & labels
            earlier = [m for m in s.mentions if m.label in wanted and m.end - s.start <= at]
            if earlier:  # 关于某基地:该基地… — the base named just before in the same sentence
                return earlier[-1].name
        ref = _referent(s.text[at:before], state, labels, anchored=True)
        if ref is not None:
            return ref.name
    return None


class Collector:
    """Relations found in one article, de-duplicated, keeping the most confident evidence."""

    def __init__(self):
        self.found: dict[tuple[str, str, str], Relation] = {}

    def add(self, sentence: Sentence, source: str, rel_type: str, target: str, case: str, *,
            factor: float = 1.0, title: str = "", cue_at: int | None = None) -> None:
        """Record a link found by the construction `case` (relation_confidences.tsv gives how
        often it is right); `factor` lowers it when the link rests on a reference."""
        if source == target:
            return
        confidence = confidence_of(case) * factor
        key = (source, rel_type, target)
        if rel_type == "PARTNERS_WITH":
            key = (min(source, target), rel_type, max(source, target))
        status = _status(sentence.text, cue_at - sentence.start if cue_at is not None else None)
        if status == "negated":
            return
        relation = Relation(source, rel_type, target, sentence.text.strip(), confidence,
                            sentence.start, sentence.end, status=status, title=title, rule=case)
        old = self.found.get(key)
        if old is None or old.confidence < confidence:
            if old is not None and old.title and not title:
                relation.title = old.title
            self.found[key] = relation

    def relations(self) -> list[Relation]:
        """The links found; of A in B and B in A (or part of) only the more confident stands."""
        kept = []
        for (source, rel_type, target), relation in self.found.items():
            if rel_type in ("LOCATED_IN", "PART_OF"):
                reverse = [self.found.get((target, t, source)) for t in ("LOCATED_IN", "PART_OF")]
                if any(r is not None and (r.confidence, r.rule) > (relation.confidence, relation.rule) for r in reverse):
                    continue
            kept.append(relation)
        return kept


def _status(text: str, cue: int | None) -> str:
    """拟/将/计划 shortly before the cue make a plan of the link, not a fact."""
    window = text[max(0, cue - 12) : cue] if cue is not None else text
    if NEGATED.search(window):
        return "negated"
    if PLANNED.search(window):
        return "planned"
    return "reported"


@dataclass(slots=True, frozen=True)
class Cue:
    """A cue word found by scanning the whole article, read like the re.Match a scan of its
    sentence would give (offsets in the sentence)."""

    at: int
    until: int
    text: str

    def start(self) -> int:
        return self.at

    def end(self) -> int:
        return self.until

    def group(self) -> str:
        return self.text


def _cues(s: "Sentence", pattern: re.Pattern) -> list[Cue]:
    """Cue words of the sentence, except those inside a name (投资 in 某某创业投资有限公司)."""
    cues = s.cues.get(pattern)
    if cues is None:
        cues = [Cue(m.start(), m.end(), m.group()) for m in pattern.finditer(s.text)]
    if not cues:
        return cues
    inside = s.inside_names
    return [c for c in cues if not (inside[c.start()] or inside[c.end() - 1])]


def _clause_start(text: str, pos: int) -> int:
    cut = max(text.rfind(ch, 0, pos) for ch in ",，;；:：")
    return cut + 1


def _clause_end(text: str, pos: int) -> int:
    ends = [i for i in (text.find(ch, pos) for ch in ",，;；") if i != -1]
    return min(ends) if ends else len(text)


def _last(pattern: re.Pattern, text: str, end: int) -> int:
    """Where the last match of `pattern` before `end` starts (-1: none)."""
    starts = [m.start() for m in pattern.finditer(text, 0, end)]
    return starts[-1] if starts else -1


def _in(sentence: Sentence, lo: int, hi: int, labels: set[str]) -> list[M]:
    """Mentions of `labels` inside [lo, hi) of the sentence text."""
    return [m for m in sentence.of(labels) if lo <= m.start - sentence.start and m.end - sentence.start <= hi]


ORGANIZE = vocabulary.pattern("relations.organize")


@relation_rules.register("organized")
def organized(s: Sentence, state: ArticleState, out: Collector) -> None:
    """由A、B指导，C主办，D承办的“活动” / 本次会议由A主办."""
    matches = _cues(s, ORGANIZE)
    if not matches:
        return
    events = s.of({"Event"})
    previous_end = 0
    for cue in matches:
        lo = max(previous_end, _clause_start(s.text, cue.start()), s.text.rfind("由", 0, cue.start()) + 1)
        organisers = _in(s, lo, cue.start(), ORGS | {"Park"})
        previous_end = cue.end()
        later = [e for e in events if e.start - s.start >= cue.end()]
        event = later[0].name if later else state.event_for(s)[0]
        if later and state.main is None:
            state.main = event
        if not event:
            continue
        for org in organisers:
            out.add(s, org.name, "ORGANIZED", event, "organized.1" if events else "organized.2", cue_at=s.start + cue.start())
    _organisers_after_their_role(s, state, out)


ORGANISER_ROLE = vocabulary.pattern("relations.organiser_role")


def _organisers_after_their_role(s: Sentence, state: ArticleState, out: Collector) -> None:
    """作为论坛承办方的A、B、C / 博览会主办方之一…的X: the bodies named after their role."""
    for role in ORGANISER_ROLE.finditer(s.text):
        clause_end = _clause_end(s.text, role.end())
        gap = re.match(r"[^，,。；;]{0,24}?(?=[\u4e00-\u9fffA-Za-z])", s.text[role.end():clause_end])
        start = role.end() + (gap.end() if gap else 0)
        named = _named_run(s, start, clause_end, ORGS | {"Park", "Region"})
        if not named:
            named = [m for m in s.of(ORGS | {"Park"}) if role.end() <= m.start - s.start < clause_end][:1]
        before = [e for e in s.of({"Event"}) if e.end - s.start <= role.start()]
        event = before[-1].name if before else state.event_for(s)[0]
        if not event:
            continue
        for org in named:
            out.add(s, org.name, "ORGANIZED", event, "organized.role", cue_at=s.start + role.start())


HELD = vocabulary.pattern("relations.held")
HELD_AT = vocabulary.pattern("relations.held_at")


@relation_rules.register("held_by")
def held_by(s: Sentence, state: ArticleState, out: Collector) -> None:
    """慈溪市杭州湾新区管委会举行宁波医疗器械产业园推介会: the one who holds organises."""
    for cue in _cues(s, HELD):
        events = [e for e in s.of({"Event"}) if 0 <= e.start - s.start - cue.end() <= 4]
        if not events:
            continue
        lo = _clause_start(s.text, cue.start())
        regions = _in(s, lo, cue.start(), {"Region"})
        if regions and regions[-1].end - s.start >= cue.start() - 3:
            out.add(s, events[0].name, "LOCATED_IN", regions[-1].name, "held_by.1")  # 长宁区举办了…峰会
        hosts = _in(s, lo, cue.start(), ORGS | {"Park"})
        if hosts and re.fullmatch(r"(?:今天|近日|日前|当天|上午|下午|昨天|正式|隆重|成功|在[^，,]{0,20})?",
                                   s.text[hosts[-1].end - s.start : cue.start()]):
            out.add(s, hosts[-1].name, "ORGANIZED", events[0].name, "held_by.2")
            if len(hosts) >= 2 and s.text[hosts[-2].end - s.start : hosts[-1].start - s.start] in ("与", "和", "、", "及"):
                out.add(s, hosts[-2].name, "ORGANIZED", events[0].name, "held_by.2")  # A与B召开…: both hold it
            if state.main is None:
                state.main = events[0].name


@relation_rules.register("event_location")
def event_location(s: Sentence, state: ArticleState, out: Collector) -> None:
    """“活动”在某园区举办 / 在某地举办的“活动”."""
    for cue in _cues(s, HELD):
        at = _last(HELD_AT, s.text, cue.start())
        if at == -1 or cue.start() - at > 40:
            continue
        places = _in(s, at, cue.start(), PLACES | {"Platform"})
        if not places:
            continue
        events = s.of({"Event"})
        after = [e for e in events if e.start - s.start >= cue.end()]
        before = [e for e in events if e.end - s.start <= at]  # the nearest: 某“别称”、某论坛在X召开
        event = (after or before[-1:] or events)[0].name if events else state.event_for(s)[0]
        if not event:
            continue
        if events and state.main is None:
            state.main = event
        specific = places[-1]
        out.add(s, event, "LOCATED_IN", specific.name, "event_location.1" if events else "event_location.2")
        for other in places[:-1]:
            out.add(s, event, "LOCATED_IN", other.name, "event_location.3")
        ceremony = CEREMONY.search(event)
        if ceremony:  # 长沙医疗器械产业园开园仪式在望城经开区举行: the park itself is there
            own = [m for m in s.of({"Park", "Company", "Platform"}) if event.startswith(m.name) and m.name != specific.name]
            for m in own[:1]:
                out.add(s, m.name, "LOCATED_IN", specific.name, "event_location.4")
    for match in re.finditer(r"(?:主办地|举办地|承办地|所在地)的", s.text):
        places = [m for m in s.of(PLACES) if m.start - s.start == match.end()]
        event = state.event_for(s)[0]
        if places and event:  # 作为本届论坛主办地的昌平区
            out.add(s, event, "LOCATED_IN", places[0].name, "event_location.5")


CEREMONY = vocabulary.pattern("relations.ceremony")


PARTICIPATE = vocabulary.pattern("relations.participate")
EVENT_BACK_REFERENCE = vocabulary.pattern("relations.event_back_reference")
INVITED = vocabulary.pattern("relations.invited")
MET = vocabulary.pattern("relations.met")


@relation_rules.register("participated")
def participated(s: Sentence, state: ArticleState, out: Collector) -> None:
    """A、B、C等出席本次会议 / 百康嘉禾等企业负责人参与会议 / 会上,某某表示 / 邀请了某某等嘉宾 /
    参加某会议,与A、B等深入交流."""
    event, named = state.event_for(s)
    if not event:
        return
    cues = _cues(s, PARTICIPATE)
    for cue in cues:
        attended = _event_of_cue(s, cue) or event
        participants = [m for m in s.mentions if m.label in ORGS | {"Person", "Park", "Region"}
                        and m.end - s.start <= cue.start() and (m.label != "Region" or _acts(s, m))
                        and not (m.label != "Person" and _employs_the_next_person(s, m))]
        for p in participants:
            if p.label != "Person" and named:
                continue  # 某局副局长某某出席某会议: the bodies a sentence names beside the cue did not attend
            kind = "person" if p.label == "Person" else "body"
            out.add(s, p.name, "PARTICIPATED_IN", attended, f"participated.{kind}.{'named' if named else 'implied'}")
    referred = EVENT_BACK_REFERENCE.search(s.text)
    invited = INVITED.search(s.text)
    if referred or invited or (named and cues):
        lo = invited.end() if invited else 0
        for person in s.of({"Person"}):
            if person.start - s.start >= lo:
                out.add(s, person.name, "PARTICIPATED_IN", event, "participated.1" if named or referred else "participated.2")
    for match in MET.finditer(s.text):
        if not cues or cues[0].start() > match.start():
            continue  # 参加某会,与A、B等深入交流: those met at the event took part in it
        for m in _in(s, match.start(1), match.end(1), ORGS):
            out.add(s, m.name, "PARTICIPATED_IN", event, "participated.3")
    exhibited(s, state, out)
    speaker(s, state, out)


def _event_of_cue(s: Sentence, cue: Cue) -> str | None:
    """出席X / 参加X: the event right after the cue in its clause, else the event just before it
    (X上,某某致辞)."""
    after = [e for e in s.of({"Event"}) if e.start - s.start >= cue.end()
             and e.start - s.start <= _clause_end(s.text, cue.end())]
    if after:
        return after[0].name
    before = [e for e in s.of({"Event"}) if e.end - s.start <= cue.start()]
    return before[-1].name if before else None


def _employs_the_next_person(s: Sentence, m: M) -> bool:
    """省商务厅副厅长陈彦文出席: the body named in a person's title is not itself a participant."""
    return any(0 <= p.start - m.end <= 14 and not re.search(r"[,，、。;；]", s.text[m.end - s.start : p.start - s.start])
               for p in s.of({"Person"}))


def _acts(s: Sentence, m: M) -> bool:
    """A place acting as a body: followed by 代表团, 人民政府-less verbs (秦皇岛市承办)."""
    return bool(re.match(r"(?:代表团|一行|政府)", s.text[m.end - s.start:]))


SHOWN = vocabulary.pattern("relations.shown")


def exhibited(s: Sentence, state: ArticleState, out: Collector) -> None:
    """展览会展示了一批产品，包括迈瑞医疗、康安生物等: the firms shown take part."""
    events = s.of({"Event"})
    for cue in _cues(s, SHOWN):
        before = [e for e in events if e.end - s.start <= cue.start()]
        event = before[-1].name if before else None
        if event is None:
            continue
        for firm in s.of({"Company", "Investor", "University", "ResearchInstitute", "Hospital"}):
            if firm.start - s.start >= cue.end():
                out.add(s, firm.name, "PARTICIPATED_IN", event, "exhibited.1")


def speaker(s: Sentence, state: ArticleState, out: Collector) -> None:
    """江苏省医学会副会长蔡明远:“……” — a speaker quoted in the report of an event spoke there."""
    if state.main is None:
        return
    match = re.match(r"[^“:：。]{0,60}?([\u4e00-\u9fff]{2,4})\s*[:：]\s*[“\"]", s.text)
    if not match:
        return
    people = [m for m in s.of({"Person"}) if m.end - s.start == match.end(1)]
    if people:
        out.add(s, people[0].name, "PARTICIPATED_IN", state.main, "speaker.1")


TITLE_SPLIT = vocabulary.pattern("relations.title_split")


CONTROL = vocabulary.pattern("relations.control")
CONTROLLERS = vocabulary.pattern("relations.controllers")


def _controllers(s: Sentence, state: ArticleState, out: Collector) -> None:
    """某某携手妻子某某入主了X / X的控股股东为A、B: who controls a firm works for it (the
    ontology has no shareholder link for persons), titled 实控人 or 控股股东."""
    for cue in _cues(s, CONTROL):  # 入主(了)X
        firms = [m for m in s.of({"Company"}) if cue.end() <= m.start - s.start <= cue.end() + 1]
        lo = _subject_clause_start(s.text, cue.start())
        people = [m for m in s.of({"Person"}) if lo <= m.start - s.start and m.end - s.start <= cue.start()]
        for person in {m.name: m for m in people[:1] + people[-1:]}.values():  # the subject and who is right before
            for firm in firms[:1]:
                out.add(s, person.name, "WORKS_FOR", firm.name, "control.1", title="实控人", cue_at=s.start + cue.start())
    for match in CONTROLLERS.finditer(s.text):  # X(的)控股股东为A、B
        owned = subject_of(s, match.start(), {"Company"}, state)
        if owned is None:
            continue
        for holder in _named_run(s, match.end(), _clause_end(s.text, match.end()), {"Person", "Company", "Investor"}):
            if holder.label == "Person":
                out.add(s, holder.name, "WORKS_FOR", owned[0], "control.2", factor=owned[1], title=match.group(1),
                        cue_at=s.start + match.start())
            else:  # …以及某某有限合伙等员工持股平台: a body holding the firm's shares invested in it
                out.add(s, holder.name, "INVESTED_IN", owned[0], "control.3", factor=owned[1], cue_at=s.start + match.start())


@relation_rules.register("works_for")
def works_for(s: Sentence, state: ArticleState, out: Collector) -> None:
    """江北区商务委企业服务科科长张凤林 / 北辰新创高级总监兼云杉谷项目总经理卢嘉禾 / 滨江发展集团
    党委书记、董事长李妍希 / 蔡明远,江苏省医学会副会长、苏州市医学会会长 / 朱启明副主任(上海市科委) /
    江南大学机械工程学院李远航教授."""
    _controllers(s, state, out)
    previous: tuple[M, str] | None = None  # the last person linked in the sentence, and the body
    for person in s.of({"Person"}):
        chain_end = person.start - s.start
        chain_start = _chain_start(s, chain_end, person)
        if chain_start < chain_end:
            _link_chain(s, person, chain_start, chain_end, state, out)
        linked = [r.target for k, r in out.found.items() if k[0] == person.name and k[1] == "WORKS_FOR"
                  and r.sent_start == s.start]
        if not linked and previous is not None:
            between = s.text[previous[0].end - s.start : chain_end]
            title = between.lstrip("、")  # 某集团董事长赵某、总经理范某: the same body's next officer
            if between.startswith("、") and TITLE.fullmatch(title) and not _place_led(title, state) and \
                    not _in(s, previous[0].end - s.start, chain_end, ACTORS | {"Region"}):  # 、台州市副市长某: 台州's
                out.add(s, person.name, "WORKS_FOR", previous[1], "works_for.1", title=title)
                linked = [previous[1]]
        if linked:
            previous = (person, linked[-1])
        after = s.after(person)
        bracket = re.match(r"\s*([^,，。()（）]{0,10}?)\(([^()]{2,40})\)", after)
        if bracket and (not bracket.group(1) or TITLE.fullmatch(bracket.group(1))):
            lo = person.end - s.start + bracket.start(2)
            orgs = _in(s, lo, lo + len(bracket.group(2)), ACTORS)
            if orgs:  # 朱启明副主任(上海市科学与技术委员会); of 某大学医学院 and 某大学 inside it, the school
                body = max(orgs, key=lambda m: (m.end, m.end - m.start))
                out.add(s, person.name, "WORKS_FOR", body.name, "works_for.2", title=bracket.group(1))
        trailing = TRAILING_TITLE.match(after)
        before = [m for m in s.of(ACTORS) if m.end == person.start]
        if before and trailing and TITLE.fullmatch(trailing.group(1)):
            out.add(s, person.name, "WORKS_FOR", before[-1].name, "works_for.3", title=trailing.group(1))  # 某学院李远航教授
        if after[:1] in ",，(（":
            lo = person.end - s.start + 1
            hi = lo + len(re.split(r"[。；;()（）]|[,，](?=[^,，]*(?:表示|说|介绍))", after[1:])[0])
            nxt = [m.start - s.start for m in s.of({"Person"}) if lo <= m.start - s.start < hi]
            if not nxt:  # 蒋宇飞,深圳市政协副主席吴以宁: what follows is the next person's title
                _link_chain(s, person, lo, hi, state, out)


# A title after a name, and what may follow it (某学院李远航教授表示 / 的团队 / 作报告)
TRAILING_TITLE = re.compile(r"\s*([\u4e00-\u9fff]{1,6}?)(?:[,，、。]|%s|$)" % vocabulary.pattern("relations.after_title").pattern)


def _place_led(title: str, state: ArticleState) -> bool:
    """成都市副市长: a title led by a place is an office of that place, not of the body before."""
    return any(title[:n] in state.region_parents or title[:n] + "市" in state.region_parents for n in (2, 3, 4))


DEPARTMENT = vocabulary.pattern("relations.department")
UNIT = vocabulary.pattern("relations.unit")
ABBREVIATION = vocabulary.pattern("entities.abbreviation")


def _a_department(name: str) -> bool:
    """黑龙江省卫生健康委科教处, 某医院临床肿瘤中心: a unit named inside its body's name."""
    return bool(DEPARTMENT.search(name))


def _chain_start(s: Sentence, chain_end: int, person: M) -> int:
    lo = 0
    for other in s.of({"Person"}):
        if other.end - s.start <= chain_end and other is not person:
            lo = max(lo, other.end - s.start)
    if lo:  # 段星河教授、某学院叶学林: the title after the previous person is his
        trailing = re.match(r"[\u4e00-\u9fff]{1,6}?(?=[、,，])", s.text[lo:chain_end])
        if trailing and TITLE.fullmatch(trailing.group()):
            lo += trailing.end()
    cut = max(s.text.rfind(ch, lo, chain_end) for ch in ",，;；:：。")
    return max(lo, cut + 1)


def _link_chain(s: Sentence, person: M, lo: int, hi: int, state: ArticleState, out: Collector) -> None:
    """The pieces of a title chain (党委书记、董事长 / 某医院副院长、某学会副主委): each piece an
    organisation and a title, or a title of the organisation before it, or a referent's title."""
    pos = lo
    carried: str | None = None
    for piece in TITLE_SPLIT.split(s.text[lo:hi]):
        orgs = _in(s, pos, pos + len(piece), ACTORS)
        if orgs:
            tail = s.text[orgs[-1].end - s.start : pos + len(piece)].strip()
            title = (_title_at_end(tail) or tail) if TITLE.fullmatch(tail) else _title_at_end(piece)
            unit = ABBREVIATION.sub("", tail).lstrip("”\")） ")  # 某公司(以下简称“某某”)市场部
            if not title and hi == pos + len(piece) and UNIT.fullmatch(unit):
                title = unit  # 某公司市场部|某某: a unit of the body, right before the name
            if title:
                kind = "link_chain.department" if _a_department(orgs[-1].name) else "link_chain.1"
                out.add(s, person.name, "WORKS_FOR", orgs[-1].name, kind, title=title)
                carried = orgs[-1].name
        elif TITLE.fullmatch(piece.strip()) and carried:
            body = _body_headed(carried, piece.strip(), state) or carried
            out.add(s, person.name, "WORKS_FOR", body, "link_chain.2", title=piece.strip())
        else:
            title = _title_at_end(piece) or (piece.strip() if TITLE.fullmatch(piece.strip()) else "")
            if title:
                ref = _referent(piece.strip(), state, ACTORS, anchored=True)  # 公司总经理, 该中心主任, 联盟秘书长
                if ref is not None:
                    out.add(s, person.name, "WORKS_FOR", ref.name, "link_chain.3", title=title)
                    carried = ref.name
        pos += len(piece) + 1


TITLE = vocabulary.pattern("relations.title")
PARTY_BODY = vocabulary.pattern("relations.party_body")
HEAD_OF_GOVERNMENT = vocabulary.pattern("relations.head_of_government")


def _body_headed(party: str, title: str, state: ArticleState) -> str | None:
    """某区委副书记、区长: the 区长 heads the district's government, not its party committee; 某园党工委
    书记、管委会主任: the 管委会 of the same place. The body must be one the article names."""
    match = PARTY_BODY.search(party)
    if match is None:
        return None
    place = party[: match.start()]
    if HEAD_OF_GOVERNMENT.fullmatch(title):
        wanted = ("人民政府", "政府")
    elif title.startswith("管委会"):
        wanted = ("管委会", "管理委员会")
    else:
        return None
    return next((g for g in state.governments for w in wanted
                 if g.endswith(w) and (g.startswith(place) or g[: -len(w)].endswith(place))), None)


TITLES = re.compile(
    "(" + "|".join(sorted({*load_lexicon().titles, "首席执行官", "首席技术官", "首席财务官", "首席医学官"},
                          key=len, reverse=True)) + ")$"
)


def _title_at_end(piece: str) -> str:
    match = TITLES.search(piece.strip())
    return match.group(1) if match else ""


FOCUS = vocabulary.pattern("relations.focus")


@relation_rules.register("focuses_on")
def focuses_on(s: Sentence, state: ArticleState, out: Collector) -> None:
    segments = s.of({"Segment"})
    if not segments:
        return
    for cue in _cues(s, FOCUS):
        objs = [m for m in segments if m.start - s.start >= cue.end()
                and m.start - s.start <= _clause_end(s.text, cue.end()) + 60]
        if not objs:
            continue
        found = subject_of(s, cue.start(), {"Park", "Company", "Investor", "Platform"}, state)
        carrier = re.search(r"以([^，,。]{2,30}?)为(?:核心|主要|重要)?(?:载体|平台|抓手)", s.text[: cue.start()])
        if carrier:
            parks = _in(s, carrier.start(1), carrier.end(1), {"Park", "Platform"})
            found = (parks[0].name, 0.9) if parks else found  # 以某生物医药园为核心载体,重点发展…
        if found:
            subject, factor = found
            for seg in objs:
                out.add(s, subject, "FOCUSES_ON", seg.name, "focuses_on.1", factor=factor)
    _enumerated_segment_members(s, out)
    _listed_in_a_segment(s, out)
    for seg in segments:  # 骨科手术机器人公司——某某科技有限公司: a firm named after what it makes
        at = seg.end - s.start
        firm = _kind_then_name(s, at, {"Company"}) if s.text.startswith(("公司", "企业"), at) else []
        if firm:
            out.add(s, firm[0].name, "FOCUSES_ON", seg.name, "focuses_on.appositive")
    for match in re.finditer(r"(?:专营|主营|专注于?|主攻)([^,，。;；]{2,30}?)的", s.text):
        segs = _in(s, match.start(1), match.end(1), {"Segment"})
        bodies = [m for m in s.of({"Company", "Platform", "Investor", "Park"}) if m.start - s.start == match.end()]
        for seg in segs:  # 专营高端专科智能医疗设备的元创智能科技(香港)有限公司
            if bodies:
                out.add(s, bodies[0].name, "FOCUSES_ON", seg.name, "focuses_on.2")


def _listed_in_a_segment(s: Sentence, out: Collector) -> None:
    """包括华大基因、金准检验、芯远生物等在内的全国最大的第三方医学检验集群: each firm listed is in
    the segment of the cluster."""
    for match in re.finditer(r"等在内的[^,，。;；]{0,10}?", s.text):
        segs = [m for m in s.of({"Segment"}) if 0 <= m.start - s.start - match.end() <= 4]
        firms = [m for m in s.of({"Company", "Investor"}) if m.end - s.start <= match.start()
                 and m.end - s.start >= _clause_start(s.text, match.start())]
        for seg in segs[:1]:
            for firm in firms:
                out.add(s, firm.name, "FOCUSES_ON", seg.name, "listed_in_a_segment.1")


def _enumerated_segment_members(s: Sentence, out: Collector) -> None:
    """恒川医疗、微创心脉等两家医疗器械企业: each company works in that segment."""
    for match in re.finditer(r"等[0-9一二两三四五六七八九十百余多几]*[家个]?([\u4e00-\u9fff]{2,8}?)(?:企业|公司)", s.text):
        segs = _in(s, match.start(1), match.end(1), {"Segment"})
        if not segs:
            continue
        members = [m for m in s.of({"Company"}) if m.end - s.start <= match.start()
                   and "、" in s.text[m.end - s.start : match.start() + 1] + "、"]
        for company in members:
            out.add(s, company.name, "FOCUSES_ON", segs[0].name, "enumerated_segment_members.1")


SETTLE = vocabulary.pattern("relations.settle")


ALL_OF_THEM = re.compile(r"\s*(?:均|都|全部|皆)")
RELATIVE_PLACE = re.compile(r"[^，,。；;：:]{1,24}?的")  # 位于|某医疗器械城(东区)内的|某公司


@relation_rules.register("located_in")
def located_in(s: Sentence, state: ArticleState, out: Collector) -> None:
    for cue in _cues(s, SETTLE):
        after_places = [m for m in s.of(PLACES) if m.start - s.start >= cue.end()
                        and m.start - s.start <= _clause_end(s.text, cue.end())]
        relative = RELATIVE_PLACE.match(s.text, cue.end())
        if relative and after_places:
            # 位于浦东新区合庆镇的西湖医疗器械产业基地: the thing follows the place
            de = relative.end() - 1
            things = [m for m in s.mentions if 0 < m.start - s.start - de <= 2 and m.label in ACTORS | {"Event"}]
            targets = [p for p in after_places if p.end - s.start <= de]
            if things and targets:
                out.add(s, things[0].name, "LOCATED_IN", targets[-1].name, "located_in.1")
                continue
        if not after_places:
            here = re.match(r"(?:于|在)?(?:此|这里|岛上|园内|园区内|区内)", s.text[cue.end():])
            found = subject_of(s, cue.start(), ACTORS | {"Event"}, state)
            place = state.topic if state.topic is not None and state.topic.label in PLACES else None
            if here and found and place is not None and found[0] != place.name:
                out.add(s, found[0], "LOCATED_IN", place.name, "located_in.2", factor=found[1])
            continue
        chain_end = after_places[0].end - s.start
        target = after_places[0]
        for nxt in after_places[1:]:  # 成都市双流区 / 张江科学城内的西湖医疗器械产业基地: the last is the most specific
            if re.fullmatch(r"(?:内的|内|的|)", s.text[chain_end : nxt.start - s.start]):
                target, chain_end = nxt, nxt.end - s.start
        lo = _clause_start(s.text, cue.start())
        subjects = [m for m in s.mentions if m.label in ACTORS | {"Event"} and lo <= m.start - s.start
                    and m.end - s.start <= cue.start()]
        if not subjects and ALL_OF_THEM.match(s.text, lo) and lo > 1:
            # 项目包括A的X、B的Y等，均将落户Z: each body the clause before lists
            subjects = [m for m in s.of(ACTORS) if _clause_start(s.text, lo - 1) <= m.start - s.start < lo]
            for subj in subjects:
                out.add(s, subj.name, "LOCATED_IN", target.name, "located_in.all", cue_at=s.start + cue.start())
            if subjects:
                continue
        if not subjects:
            if s.text.startswith("的", target.end - s.start):
                continue  # 入驻某基地的企业: a relative clause about a noun that follows, not the topic
            found = subject_of(s, cue.start(), ACTORS | {"Event"}, state)
            spoken = any(m.label == "Person" and m.end - s.start <= cue.start() for m in s.mentions)
            least = confidence_of("subject.referent" if spoken else "subject.topic_chain")  # X总裁某某表示,…落户Y
            if found and found[0] != target.name and found[1] >= least:
                out.add(s, found[0], "LOCATED_IN", target.name, "located_in.3", factor=found[1], cue_at=s.start + cue.start())
            continue
        for subj in subjects[-6:]:
            if subj.name != target.name:
                out.add(s, subj.name, "LOCATED_IN", target.name, "located_in.4" if subj is subjects[-1] else "located_in.5",
                        cue_at=s.start + cue.start())
    _member_companies(s, state, out)


INCLUDING = re.compile(r"\s*(?:包括|其中包括|其中有|如|例如|涵盖)")
MEMBER_FIRM_OF = vocabulary.pattern("relations.member_firm_of")
PARK_FIRM_GAP = vocabulary.pattern("relations.park_firm_gap")


def _member_companies(s: Sentence, state: ArticleState, out: Collector) -> None:
    """X是某基地首批签约企业之一 / 入园企业X / 园区内企业X / 某区已集聚了A、B等企业."""
    for company in s.of({"Company", "Investor"}):
        rel = s.text[company.end - s.start : company.end - s.start + 40]
        match = MEMBER_FIRM_OF.match(rel)
        if match:
            parks = _in(s, company.end - s.start, company.end - s.start + match.end(), {"Park"})
            if parks:
                out.add(s, company.name, "LOCATED_IN", parks[0].name, "member_companies.1")
        adjacent = [m for m in s.of({"Park"}) if PARK_FIRM_GAP.fullmatch(s.text, m.end - s.start, company.start - s.start)]
        if adjacent:  # 光谷生物城企业X, 作为某园区的龙头企业，X
            out.add(s, company.name, "LOCATED_IN", adjacent[-1].name, "member_companies.2")
            continue
        before = s.before(company)[-8:]
        home = re.search(r"([\u4e00-\u9fff]{0,4}?)(?:内|区内)?企业$", before.removeprefix("另一家"))
        if home and re.search(r"入园|入驻|园区|园内|区内|岛内|基地|园|岛|城", home.group(0)):
            park = _park_called(home.group(1), state)  # 生物岛企业X: the park whose name ends so
            if park:
                out.add(s, company.name, "LOCATED_IN", park, "member_companies.2")
    for cue in re.finditer(r"(?:园内|园区内|区内|岛内|基地内)(?:建有|设有|拥有|还有|有)", s.text):
        here = [m for m in s.of({"Park"}) if m.end - s.start <= cue.start()]
        park = here[-1].name if here else _park_called(cue.group()[0], state)
        for org in s.of(ORGS):  # 园内建有苏州市质子医院等医疗机构
            if park and org.start - s.start >= cue.end() and org.start - s.start < _clause_end(s.text, cue.end()):
                out.add(s, org.name, "LOCATED_IN", park, "member_companies.3")
    for match in re.finditer(r"在([^，,。]{2,20}?)(?:[东西南北中]部|境内)?的", s.text):
        places = _in(s, match.start(1), match.end(1), {"Region"})
        parks = [m for m in s.of({"Park"}) if m.start - s.start == match.end()]
        if places and parks:  # 在上海浦东新区南部的苏州国际医学园区
            out.add(s, parks[0].name, "LOCATED_IN", places[-1].name, "member_companies.4")
    opener = sentence_opener(s, state)
    if opener is not None and opener.label == "Park" and re.search(r"等[0-9一二两三四五六七八九十百余多几]*[家个]", s.text):
        for company in s.of({"Company"}):  # 该基地再传佳音:恒川医疗、微创心脉等两家企业…
            if re.match(r"[、等]", s.text[company.end - s.start : company.end - s.start + 1]):
                out.add(s, company.name, "LOCATED_IN", opener.name, "member_companies.5")
    for cue in re.finditer(r"集聚了?|聚集了?|汇聚了?|吸引了?|打造了|落地了|引进了|引入了", s.text):
        hosts = [m for m in s.of(PLACES) if m.end - s.start <= cue.start()]
        if not hosts:
            found = subject_of(s, cue.start(), PLACES, state)
            hosts = [M(found[0], "Park", -1, -1)] if found else []
        if not hosts:
            continue
        end = _clause_end(s.text, cue.end())
        if INCLUDING.match(s.text, end + 1):  # 集聚企业200余家，包括A、B等: the next clause names them
            end = _clause_end(s.text, end + 1)
        for company in s.of(ORGS):
            if company.start - s.start >= cue.end() and company.start - s.start < end:
                out.add(s, company.name, "LOCATED_IN", hosts[-1].name, "member_companies.6")


WITHIN = vocabulary.pattern("relations.within")


@relation_rules.register("within")
def within(s: Sentence, state: ArticleState, out: Collector) -> None:
    """西湖医疗器械产业基地…包含在张江科学城空间布局内: a park inside a bigger one is part of it."""
    for cue in _cues(s, WITHIN):
        inner = _in(s, _clause_start(s.text, cue.start()), cue.start(), {"Park"})
        outer = [m for m in s.of(PLACES) if m.start - s.start >= cue.end()
                 and m.start - s.start <= cue.end() + 2]
        if inner and outer and inner[0].name != outer[0].name:
            rel_type = "PART_OF" if outer[0].label == "Park" else "LOCATED_IN"
            out.add(s, inner[0].name, rel_type, outer[0].name, "within.1", cue_at=s.start + cue.start())


def _park_called(word: str, state: ArticleState) -> str | None:
    """The latest park whose name ends with `word` (生物岛 → 珠江国际生物岛), else the park the
    sentences are about, else the latest park."""
    word = re.sub(r"^(?:入园|入驻)", "", word)
    if word:  # 生物岛企业 → 珠江国际生物岛; 岛内企业 → the latest park that is an island
        for m in reversed(state.seen):
            if m.label == "Park" and m.name.endswith(word):
                return m.name
    if state.topic is not None and state.topic.label == "Park":
        return state.topic.name  # 某生物城位于某高新区。园区内有…: the park the sentences are about
    return state.latest.get("Park")


@relation_rules.register("part_of")
def part_of(s: Sentence, state: ArticleState, out: Collector) -> None:
    """上海市浦东新区合庆镇: adjacent places nest; 滨江医疗器械园临港分园 is part of the park."""
    ms = s.mentions
    for a, b in zip(ms, ms[1:]):
        if b.start != a.end:
            continue
        if a.label == "Region" and b.label == "Region":
            out.add(s, b.name, "PART_OF", a.name, "part_of.1")
        elif a.label == "Region" and b.label == "Park":
            out.add(s, b.name, "LOCATED_IN", a.name, "part_of.2")
    for m in s.of({"Region"}):
        parent = state.region_parents.get(m.name)
        if parent and parent in {x.name for x in s.of({"Region"})}:
            out.add(s, m.name, "PART_OF", parent, "part_of.3")
    for m in s.of({"Park"}):
        for other in s.of({"Park"}):
            if other.name != m.name and m.name.startswith(other.name) and len(m.name) > len(other.name):
                out.add(s, m.name, "PART_OF", other.name, "part_of.4")


OPERATE = vocabulary.pattern("relations.operate")


PASSIVE_OPERATE = vocabulary.pattern("relations.passive_operate")


OPERATOR_OF = vocabulary.pattern("relations.operator_of")
OPERATOR_IS = vocabulary.pattern("relations.operator_is")


@relation_rules.register("operates")
def operates(s: Sentence, state: ArticleState, out: Collector) -> None:
    for match in PASSIVE_OPERATE.finditer(s.text):
        operators = _in(s, match.start(1), match.end(1), {"Company", "Government"})
        park = subject_of(s, match.start(), {"Park", "Platform"}, state)
        if operators and park:
            out.add(s, operators[-1].name, "OPERATES", park[0], "operates.1", factor=park[1], cue_at=s.start + match.start())
    for match in OPERATOR_OF.finditer(s.text):  # X是Y的运营主体
        places = _in(s, match.start(1), match.end(1), {"Park", "Platform"})
        found = subject_of(s, match.start(), {"Company", "Government"}, state)
        if places and found:
            out.add(s, found[0], "OPERATES", places[-1].name, "operates.3", factor=found[1])
    for match in OPERATOR_IS.finditer(s.text):  # Y的运营主体为X
        places = [m for m in s.of({"Park", "Platform"}) if m.end - s.start == match.start()]
        operators = [m for m in s.of({"Company", "Government"}) if m.start - s.start == match.end()]
        if places and operators:
            out.add(s, operators[0].name, "OPERATES", places[0].name, "operates.3")
    for cue in _cues(s, OPERATE):
        subjects = [m for m in s.of({"Company", "Government"}) if m.end - s.start <= cue.start()]
        objects = [m for m in s.of({"Park", "Platform"}) if m.start - s.start >= cue.end()
                   and m.start - s.start <= _clause_end(s.text, cue.end())]
        if subjects and objects:
            out.add(s, subjects[-1].name, "OPERATES", objects[0].name, "operates.2", cue_at=s.start + cue.start())


PHASE = vocabulary.pattern("relations.phase")


def phases_by_name(parks: list[str]) -> list[tuple[str, str]]:
    """滨江医疗器械园二期 and 滨江医疗器械园临港分园 are parts of 滨江医疗器械园."""
    return [(part, whole) for part in parks for whole in parks
            if part != whole and part.startswith(whole) and PHASE.fullmatch(part[len(whole):])]


def operates_by_name(companies: list[str], parks: list[str]) -> list[tuple[str, str]]:
    """滨江医疗器械园有限公司 operates 滨江医疗器械园: the operator carries the park's name."""
    pairs = []
    for company in companies:
        for park in parks:
            if company.startswith(park) and re.fullmatch(r"(?:开发|建设|投资|运营|管理|发展|实业)*(?:有限责任公司|股份有限公司|有限公司|公司|集团)", company[len(park):]):
                pairs.append((company, park))
    return pairs


FOUND = vocabulary.pattern("relations.found")


PASSIVE_FOUND = vocabulary.pattern("relations.passive_found")


def founded_by(s: Sentence, state: ArticleState, out: Collector) -> None:
    """联盟由A联合B、C等12家单位共同发起成立: the founders of what the clause is about."""
    for match in PASSIVE_FOUND.finditer(s.text):
        founders = _in(s, match.start(1), match.end(1), ORGS | {"Park"})
        target = subject_of(s, match.start(), {"Alliance", "Company", "Park", "Platform", "ResearchInstitute",
                                               "Investor"}, state)
        founder = _person_before(s, match.start(1), match.end(1))
        if founder is not None and target:  # 由某医院院长某某医生主导创立: he founded it, not his hospital
            founders = [f for f in founders if f.start > founder.start]
            if not founders:
                out.add(s, founder.name, "WORKS_FOR", target[0], "founded.person", factor=target[1],
                        title=FOUNDER_TITLE, cue_at=s.start + match.start())
        if founders and target:
            for f in founders:
                if f.name != target[0]:
                    out.add(s, f.name, "FOUNDED", target[0], "founded_by.1", factor=target[1], cue_at=s.start + match.start())


@relation_rules.register("founded")
def founded(s: Sentence, state: ArticleState, out: Collector) -> None:
    founded_by(s, state, out)
    earlier: list[M] = []  # the founders of an earlier clause: A…发起成立了B，与C合作共建D
    for cue in _cues(s, FOUND):
        lo = _clause_start(s.text, cue.start())
        if not _in(s, lo, cue.start(), ORGS | {"Park", "Region"}):
            lo = _subject_clause_start(s.text, cue.start())  # A联合B于某日，共同发起成立了C
        founders = _in(s, lo, cue.start(), ORGS | {"Park", "Region"})
        founders = [f for f in founders if f.label != "Region" or s.text[f.end - s.start : f.end - s.start + 4].startswith(("人民政府", "政府"))] or \
            [f for f in _in(s, lo, cue.start(), ORGS | {"Park"})]
        founders = [f for f in founders if not _in_a_title(s, f)]  # 签署《共建某平台…协议》，宣布成立X
        led_by = LED_BY.search(s.text, 0, lo)
        if founders and led_by:  # 由A牵头，联合B、C共同组建X: A founds it too
            founders = _in(s, led_by.start(1), led_by.end(1), ORGS | {"Park"})[-1:] + founders
        kinds = {"Company", "Park", "Alliance", "Platform", "ResearchInstitute", "Investor"}
        targets = [m for m in s.of(kinds) if cue.end() <= m.start - s.start <= cue.end() + 4]
        if not targets:
            targets = _kind_then_name(s, cue.end(), kinds)  # 创办了骨科手术机器人公司——X
        if not targets:
            continue
        target = targets[0]
        founder = _person_before(s, lo, cue.start())
        if founder is not None:  # 某大学副教授王某创办了X: a founder works for it; his employer founds nothing
            founders = [f for f in founders if f.start > founder.start]
        if founder is not None and not founders:
            out.add(s, founder.name, "WORKS_FOR", target.name, "founded.person", title=FOUNDER_TITLE,
                    cue_at=s.start + cue.start())
            continue
        listed = [m for m in _named_run(s, target.start - s.start, _clause_end(s.text, cue.end()), kinds)]
        if not founders and cue.group() != "成立":  # 联盟…成功设立了X: the subject by reference
            found = subject_of(s, cue.start(), ORGS | {"Park"}, state)
            if found and found[0] != target.name:
                for m in listed or [target]:  # 成立A、B、C等医生集团: each of them
                    out.add(s, found[0], "FOUNDED", m.name, "founded.5", factor=found[1], cue_at=s.start + cue.start())
        with_at = re.search(r"(?:与|同|和|跟)", s.text[lo : cue.start()])
        if with_at and not _in(s, lo, lo + with_at.start(), ORGS | {"Park"}):  # (公司已)与B共建C
            lead = earlier[0].name if earlier else \
                (subject_of(s, lo + with_at.start(), ORGS | {"Park"}, state) or [None])[0]
            if lead and lead not in {f.name for f in founders} and lead != target.name:
                out.add(s, lead, "FOUNDED", target.name, "founded.1", cue_at=s.start + cue.start())
                for f in founders:
                    out.add(s, lead, "PARTNERS_WITH", f.name, "founded.2")
        earlier = earlier or founders
        for f in founders:
            if f.name != target.name:
                out.add(s, f.name, "FOUNDED", target.name, "founded.3", cue_at=s.start + cue.start())
        if 1 < len(founders) <= 3 and re.search(r"联合|与|和|共同|携手", s.text[lo : cue.start()]):
            for a, b in combinations(founders, 2):
                out.add(s, a.name, "PARTNERS_WITH", b.name, "founded.4")


LED_BY = re.compile(r"由([^，,。；;]{2,40})牵头[，,]?$")
FOUNDER_TITLE = "创办人"
BEFORE_FOUNDING = vocabulary.pattern("relations.before_founding")
KIND_THEN_NAME = re.compile(r"[\u4e00-\u9fff]{0,12}?(?:公司|企业|机构|平台)\s*(?:——|—|-|:|：)\s*")


def _kind_then_name(s: Sentence, pos: int, kinds: set[str]) -> list[M]:
    """The name after what it is (某某机器人公司——X): X, when only that stands between."""
    kind = KIND_THEN_NAME.match(s.text, pos)
    return [m for m in s.of(kinds) if kind and m.start - s.start == kind.end()][:1]


def _person_before(s: Sentence, lo: int, pos: int) -> M | None:
    """The person right before a verb (王某|创办了, 王某于2017年|创办), if the clause has one."""
    people = [m for m in s.of({"Person"}) if lo <= m.start - s.start and m.end - s.start <= pos]
    if people and BEFORE_FOUNDING.fullmatch(s.text, people[-1].end - s.start, pos):
        return people[-1]
    return None


def _subject_clause_start(text: str, pos: int) -> int:
    """The subject of a long sentence can sit two clauses back (A联合B于某日共同发起成立了C)."""
    start = _clause_start(text, pos)
    if start > 0:
        return _clause_start(text, start - 1)
    return start


PARTNER = vocabulary.pattern("relations.partner")


PARTNER_SIDES = vocabulary.pattern("relations.partner_sides")
NOUNS_AFTER_LIANHE = vocabulary.words("relations.lianhe_nouns")
WITH_PARTNER = vocabulary.pattern("relations.with_partner")


@relation_rules.register("partners")
def partners(s: Sentence, state: ArticleState, out: Collector) -> None:
    """A与B签约 / A携手B / A联合B共同举办: each body on one side of 与 partners each on the other
    (not the bodies listed on the same side); A、B、C与D、E、F分别签订: the pairs in order; two or
    three bodies signing one agreement partner each other; 深化与某医院的合作: the subject and it."""
    labels = ORGS | {"Park", "Region"}
    for cue in _cues(s, PARTNER):
        if _lianhe_noun(s, cue):
            continue  # 联合体, 联合国, 联合会: nouns, no cue
        lo = _clause_start(s.text, cue.start())
        if not _in(s, lo, cue.start(), labels):
            lo = _subject_clause_start(s.text, cue.start())
        side = _side_separator(s, lo, cue)
        if side is None:
            _listed_together(s, lo, cue, labels, out)
        if side is not None:
            left = [m for m in _in(s, lo, side.start(), labels) if _can_partner(s, m)]
            if side.end() < cue.start():
                right = [m for m in _in(s, side.end(), cue.start(), labels) if _can_partner(s, m)]
            else:  # A联合B组织…走进C: the partners are the names right after the cue, not C
                right = [m for m in _named_run(s, side.end(), _clause_end(s.text, cue.end()), labels) if _can_partner(s, m)]
            if not left:
                found = subject_of(s, side.start(), labels, state)
                left = [M(found[0], "", -1, -1)] if found else []
            if not right and side.end() < cue.start():  # A、B等高校和|产业园|建立了合作关系: the park by reference
                ref = _referent(s.text[side.end():cue.start()], state, labels, anchored=True)
                right = [ref] if ref is not None and ref.name not in {m.name for m in left} else []
            if not right and side.start() == cue.start() and 2 <= len(left) <= 3:
                for a, b in combinations(left, 2):  # 商务委、市场局和西岭办联手: all of them together
                    out.add(s, a.name, "PARTNERS_WITH", b.name, "partners.1", cue_at=s.start + cue.start())
                continue
            if "分别" in s.text[side.end():cue.end() + 2] and len(left) == len(right) > 1:
                pairs = list(zip(left, right))  # A、B、C与D、E、F分别签订
            else:
                pairs = [(a, b) for a in left for b in right]
            for a, b in pairs:
                out.add(s, a.name, "PARTNERS_WITH", b.name, "partners.2", cue_at=s.start + cue.start())
    for match in WITH_PARTNER.finditer(s.text):
        partners_named = _in(s, match.start(1), match.end(1), labels)
        found = subject_of(s, match.start(), labels, state)
        for m in partners_named:
            if found and found[0] != m.name:
                out.add(s, found[0], "PARTNERS_WITH", m.name, "partners.4", cue_at=s.start + match.start())


RUN_GAP = re.compile(r"\s*(?:[0-9一二两三四五六七八九十]+[人家个名位](?=以及|和|及))?(?:[、和及与]|以及)?\s*")  # A、B2人以及C


def _named_run(s: Sentence, lo: int, hi: int, labels: set[str]) -> list[M]:
    """The names from `lo` on that follow each other with only 、, 和, 及 or 与 between them."""
    run: list[M] = []
    at = lo
    for m in _in(s, lo, hi, labels):
        gap = s.text[at : m.start - s.start]
        if m.start - s.start < at:
            continue  # a name inside the previous one
        if not RUN_GAP.fullmatch(gap):
            break
        run.append(m)
        at = m.end - s.start
    return run


def _lianhe_noun(s: Sentence, match: re.Match | Cue) -> bool:
    """Whether a 联合 found as a cue starts a noun (联合体, 联合国, 联合会), not a verb before a
    name (某集团|联合|国药某某)."""
    text = s.text
    return match.group() == "联合" and text[match.end():match.end() + 1] in NOUNS_AFTER_LIANHE \
        and not any(m.start - s.start == match.end() for m in s.mentions)


def _listed_together(s: Sentence, lo: int, cue: Cue, labels: set[str], out: Collector) -> None:
    """由A、B、C合作 / A、B、C共同签约: the bodies listed right before the cue partner each other."""
    named = [m for m in _in(s, lo, cue.start(), labels) if _can_partner(s, m)]
    if not named:
        return
    run = _named_run(s, named[0].start - s.start, cue.start(), labels)
    gap = s.text[run[-1].end - s.start : cue.start()] if run else ""
    if 2 <= len(run) <= 4 and re.fullmatch(r"(?:共同|联合|一起|等单位|等)?", gap):
        for a, b in combinations(run, 2):
            out.add(s, a.name, "PARTNERS_WITH", b.name, "partners.3", cue_at=s.start + cue.start())


CLOSED_LIST_END = re.compile(r"等[\u4e00-\u9fff]{0,4}$")


def _side_separator(s: Sentence, lo: int, cue: Cue) -> re.Match | None:
    """The word that puts the bodies of a partnership on two sides (与, 联合, 携手), before the
    cue in its clause, or the cue itself when it is such a word (A携手B)."""
    if PARTNER_SIDES.fullmatch(cue.group()):
        return PARTNER_SIDES.match(s.text, cue.start())
    for match in PARTNER_SIDES.finditer(s.text, lo, cue.start()):
        if s.inside_names[match.start()] or _lianhe_noun(s, match):
            continue
        if match.group() == "和" and len(_in(s, lo, match.start(), ORGS | {"Park", "Region"})) != 1 \
                and not CLOSED_LIST_END.search(s.text, lo, match.start()):
            continue  # A、B和C: 和 closes a list (but A、B等高校|和|C: the list is closed before it)
        return match
    return None


def _can_partner(s: Sentence, m: M) -> bool:
    """A place only partners when it acts (丰台区与江医大达成合作); a person never does, nor what a
    document's title names (签署《共建某平台合作协议》)."""
    return m.label != "Person" and not _in_a_title(s, m)


def _in_a_title(s: Sentence, m: M) -> bool:
    return in_a_title(s.text, m.start - s.start, m.end - s.start)


INVEST = vocabulary.pattern("relations.invest")


def _implicit_investors(s: Sentence, cue: Cue, state: ArticleState) -> list[str]:
    """园区…与集团共同投资建设了X: the clause's subject and the partner after 与, by reference."""
    labels = {"Investor", "Company", "Government", "Park"}
    found = subject_of(s, cue.start(), labels, state)
    names = [found[0]] if found else []
    partner = re.search(r"与(该?[\u4e00-\u9fff]{1,3}?)(?:共同|联合|一起)", s.text[_clause_start(s.text, cue.start()):cue.start()])
    if partner:
        ref = _referent(partner.group(1), state, labels, anchored=True)
        if ref is not None and ref.name not in names:
            names.append(ref.name)
    return names


INVEST_INTO = vocabulary.pattern("relations.invest_into")


@relation_rules.register("invested")
def invested(s: Sentence, state: ArticleState, out: Collector) -> None:
    """A(与B共同)投资建设了X / 向X投资: the investors before the verb, the investee right after it
    (rounds of funding are read by `backed`)."""
    for cue in _cues(s, INVEST):
        if cue.group() in ("领投", "跟投", "参投"):
            continue
        lo = _subject_clause_start(s.text, cue.start())
        investors = [m.name for m in _in(s, lo, cue.start(), {"Investor", "Company", "Government", "Park"})]
        targets = [m for m in s.of({"Company", "Park", "Platform"}) if m.start - s.start >= cue.end()
                   and m.start - s.start <= cue.end() + 20]
        if not targets:
            continue
        if not investors:
            investors = _implicit_investors(s, cue, state)
        for inv in investors[-3:]:
            if inv != targets[0].name:
                out.add(s, inv, "INVESTED_IN", targets[0].name, "invested.1", cue_at=s.start + cue.start())
    for match in INVESTMENT_FROM.finditer(s.text):  # X获得Y数千万元投资
        receiver = subject_of(s, match.start(), {"Company", "Platform"}, state)
        if receiver is None:
            continue
        for giver in _in(s, match.start(1), match.end(1), {"Investor", "Company", "Government"}):
            if giver.name != receiver[0]:
                out.add(s, giver.name, "INVESTED_IN", receiver[0], "invested.from", factor=receiver[1],
                        cue_at=s.start + match.start())
    for match in INVEST_INTO.finditer(s.text):  # 向X投资, 完成对X的战略投资
        targets = _in(s, match.start(1), match.end(1), {"Company", "Park", "Platform"})
        found = subject_of(s, match.start(), {"Investor", "Company", "Government"}, state)
        if targets and found and found[0] != targets[0].name:
            out.add(s, found[0], "INVESTED_IN", targets[0].name, "invested.2", factor=found[1], cue_at=s.start + match.start())


MEMBER = vocabulary.pattern("relations.member")
INVESTMENT_FROM = vocabulary.pattern("relations.investment_from")


MEMBER_LIST = vocabulary.pattern("relations.member_list")


COUNCIL_SEAT = vocabulary.pattern("relations.council_seat")


@relation_rules.register("member_of")
def member_of(s: Sentence, state: ArticleState, out: Collector) -> None:
    """首批成员单位包括A、B / 新加入的成员包括A、B (the alliance named earlier) / A加入某联盟."""
    alliances = s.of({"Alliance"})
    for cue in _cues(s, MEMBER):
        if alliances:
            alliance, case = min(alliances, key=lambda a: abs(a.start - s.start - cue.start())).name, "member_of.named"
        elif state.latest.get("Alliance") and (MEMBER_LIST.match(s.text, cue.start()) or COUNCIL_SEAT.fullmatch(cue.group())):
            # 首批成员单位包括A、B: the members of the alliance the article spoke of last
            alliance, case = state.latest["Alliance"], "member_of.earlier"
        else:
            continue
        members = [m for m in s.of(ORGS - {"Alliance"} | {"Park"}) if m.name != alliance]
        if MEMBER_LIST.match(s.text, cue.start()):  # A与B发起成立联盟，首批成员单位包括C、D: C and D
            members = [m for m in members if m.start - s.start >= cue.end()]
        for m in members:
            out.add(s, m.name, "MEMBER_OF", alliance, case, cue_at=s.start + cue.start())


INCUBATE = vocabulary.pattern("relations.incubate")


@relation_rules.register("incubates")
def incubates(s: Sentence, state: ArticleState, out: Collector) -> None:
    for cue in _cues(s, INCUBATE):
        found = subject_of(s, cue.start(), {"Park", "Platform", "Company", "University"}, state)
        objects = [m for m in s.of({"Company"}) if m.start - s.start >= cue.end()]
        if found and objects:
            for o in objects:
                if o.name != found[0]:
                    out.add(s, found[0], "INCUBATES", o.name, "incubates.1", factor=found[1], cue_at=s.start + cue.start())


SUPPLY = vocabulary.pattern("relations.supply")


@relation_rules.register("supplies")
def supplies(s: Sentence, state: ArticleState, out: Collector) -> None:
    for cue in _cues(s, SUPPLY):
        providers = [m for m in s.of({"Company", "Platform", "Investor", "ResearchInstitute"})
                     if m.end - s.start <= cue.start()]
        clients = _in(s, cue.start(), cue.end(), {"Company", "Park", "Hospital"})
        if providers and clients:
            for c in clients:
                out.add(s, providers[-1].name, "SUPPLIES", c.name, "supplies.1")


SUBSIDIARY = vocabulary.pattern("relations.subsidiary")


@relation_rules.register("subsidiary")
def subsidiary(s: Sentence, state: ArticleState, out: Collector) -> None:
    for cue in _cues(s, SUBSIDIARY):
        parents = [m for m in s.of({"Company", "Investor"}) if m.end - s.start <= cue.start()]
        if cue.group() == "子公司":
            # B是A的(全资)子公司
            children = parents[:1]
            parents = parents[1:]
            if children and parents:
                out.add(s, children[0].name, "SUBSIDIARY_OF", parents[-1].name, "subsidiary.1")
            continue
        children = [m for m in s.of({"Company"}) if m.start - s.start >= cue.end()
                    and m.start - s.start <= _clause_end(s.text, cue.end())]
        if parents and children:
            for c in children:
                out.add(s, c.name, "SUBSIDIARY_OF", parents[-1].name, "subsidiary.2")


TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$|\t")


@relation_rules.register("table_row")
def table_row(s: Sentence, state: ArticleState, out: Collector) -> None:
    """| 成都汇瑞生物科技有限公司 | 体外诊断 | 2019年 |: a company and its segment on one row."""
    if not TABLE_ROW.search(s.text):
        return
    if not s.mentions and re.search(r"入驻|落户|园区企业|入园", s.text):
        state.table_settles = True  # | 企业名称 | 细分领域 | 入驻时间 |: the rows are firms of the park
    firms = s.of({"Company", "Investor"})
    if len(firms) != 1:
        return
    for seg in s.of({"Segment"}):
        out.add(s, firms[0].name, "FOCUSES_ON", seg.name, "table_row.1")
    park = state.topic.name if state.topic is not None and state.topic.label == "Park" else state.latest.get("Park")
    if state.table_settles and park:
        out.add(s, firms[0].name, "LOCATED_IN", park, "table_row.2")


# Cue patterns whose every match is a run of Chinese characters, with no look-around: a match
# never crosses a sentence boundary nor depends on what lies beyond it, so one scan of the article
# finds what a scan of each sentence would (and costs one call, not one per sentence).
ARTICLE_SCANNED_CUES = (ORGANIZE, HELD, PARTICIPATE, SHOWN, SETTLE, WITHIN, OPERATE, FOUND, PARTNER,
                        INVEST, INCUBATE, SUBSIDIARY)


def cues_by_sentence(text: str, sentences: tuple[tuple[int, int], ...]) -> list[dict[re.Pattern, list[Cue]]]:
    """For each sentence, the matches of ARTICLE_SCANNED_CUES inside it (none: an empty list)."""
    starts = [start for start, _ in sentences]
    found: list[dict[re.Pattern, list[Cue]]] = [{p: [] for p in ARTICLE_SCANNED_CUES} for _ in sentences]
    for pattern in ARTICLE_SCANNED_CUES:
        for match in pattern.finditer(text):
            i = bisect_right(starts, match.start()) - 1
            if i >= 0 and match.end() <= sentences[i][1]:
                start = sentences[i][0]
                found[i][pattern].append(Cue(match.start() - start, match.end() - start, match.group()))
    return found


DEFAULT_RULES = ("organized", "event_location", "held_by", "participated", "works_for", "focuses_on",
                 "located_in", "settled", "backed", "parts", "part_of", "within", "operates", "founded",
                 "partners", "invested", "member_of", "incubates", "supplies", "subsidiary", "table_row")


def extract_relations(text: str, sentences: tuple[tuple[int, int], ...], mentions: list[M],
                      region_parents: dict[str, str], rules: Iterable[str] = DEFAULT_RULES) -> list[Relation]:
    """All relations of one article. `mentions` are sorted by position and carry canonical names;
    `rules` name the registered sentence rules to read each sentence with."""
    applied = [relation_rules.get(name) for name in rules]
    out = Collector()
    state = ArticleState(region_parents, (m.name for m in mentions if m.label == "Government"))
    index = 0
    for (start, end), cues in zip(sentences, cues_by_sentence(text, sentences)):
        inside = []
        while index < len(mentions) and mentions[index].start < end:
            if mentions[index].start >= start:
                inside.append(mentions[index])
            index += 1
        s = Sentence(text[start:end], start, end, inside, cues)
        for m in s.of({"Event"}):
            if not state.events:
                state.events.append(m.name)
        if FUNDING.search(s.text):
            state.see_funding(s)
        for rule in applied:
            rule(s, state, out)
        state.see(s)
    _by_name(text, sentences, mentions, out)
    return out.relations()


def _by_name(text: str, sentences: tuple[tuple[int, int], ...], mentions: list[M], out: Collector) -> None:
    """What names say themselves: 某园二期 is part of 某园; 某园有限公司 operates 某园."""
    companies = sorted({m.name for m in mentions if m.label == "Company"})
    parks = sorted({m.name for m in mentions if m.label == "Park"})
    for part, whole in phases_by_name(parks):
        first = next(m for m in mentions if m.name == part)
        s_start, s_end = next(((a, b) for a, b in sentences if a <= first.start < b), (0, len(text)))
        out.add(Sentence(text[s_start:s_end], s_start, s_end, []), part, "PART_OF", whole, "by_name.1")
    organisers = sorted({m.name for m in mentions if m.label in ("Alliance", "Government") and len(m.name) >= 4})
    for event in sorted({m.name for m in mentions if m.label == "Event"}):
        for organiser in organisers:  # 某联盟2020年度会员全体会议: the body that meets holds its meeting
            if event.startswith(organiser) and len(event) > len(organiser) + 2:
                first = next(m for m in mentions if m.name == event)
                s_start, s_end = next(((a, b) for a, b in sentences if a <= first.start < b), (0, len(text)))
                out.add(Sentence(text[s_start:s_end], s_start, s_end, []), organiser, "ORGANIZED", event, "by_name.3")
    for company, park in operates_by_name(companies, parks):
        first = next(m for m in mentions if m.name == company)
        s_start, s_end = next((a, b) for a, b in sentences if a <= first.start < b) if sentences else (0, len(text))
        out.add(Sentence(text[s_start:s_end], s_start, s_end, []), company, "OPERATES", park, "by_name.2")


# --- where organisations are: the clause's verbs of settling and hosting ----------------------

SETTLE_INTO = vocabulary.pattern("relations.settle_into")
HOSTS = vocabulary.pattern("relations.hosts")
IN_PLACE = vocabulary.pattern("relations.in_place")
FROM_PLACE = vocabulary.pattern("relations.from_place")
IN_THE_PLACE_OF = vocabulary.pattern("relations.in_the_place_of")
VISIT_INTO = vocabulary.pattern("relations.visit_into")
HOST_LABELS = {"Park", "Region"}
GUEST_LABELS = ORGS | {"Park", "Event"}


@relation_rules.register("settled")
def settled(s: Sentence, state: ArticleState, out: Collector) -> None:
    """Who is where: X落户/入驻/位于Y; Y吸引了/拥有/集聚A、B、C; A、B等企业相继入驻 (the park the
    sentences are about); A在Y建设…; 来自Y的A; 走进Y,探访了A、B等园区."""
    for cue in _cues(s, SETTLE_INTO) + _cues(s, HOSTS):
        _settled_at(s, cue, state, out)
    for match in IN_PLACE.finditer(s.text):
        places = [m for m in _in(s, match.start(1), match.end(1), HOST_LABELS)]
        if not places:
            continue
        found = subject_of(s, match.start(), GUEST_LABELS - {"Event", "Park"}, state)
        if found is None:
            continue
        for place in _listed_with_the_last(s, places):  # 在上海、深圳设有研发中心: each of them
            if found[0] != place.name:
                out.add(s, found[0], "LOCATED_IN", place.name, "settled.1", factor=found[1], cue_at=s.start + match.start())
    if s.text.startswith("其中") and state.settled_in:
        # 上述项目均落地X。其中,A计划…;B拟…: each body the clauses open with is in X
        for clause in re.finditer(r"(?:^其中[,，]?|[;；,，])\s*([^;；,，]{2,60})", s.text):
            openers = [m for m in s.of(ORGS) if m.start - s.start == clause.start(1)]
            for m in openers:
                out.add(s, m.name, "LOCATED_IN", state.settled_in, "settled.2")
    for match in IN_THE_PLACE_OF.finditer(s.text):
        places = [m for m in s.of(HOST_LABELS) if m.start - s.start == match.end(1) - len(match.group(1))]
        bodies = [m for m in s.of(ORGS) if m.end - s.start == match.start()]
        if places and bodies:  # 西门子医疗在深圳的20多年
            out.add(s, bodies[0].name, "LOCATED_IN", places[0].name, "settled.3")
    for match in FROM_PLACE.finditer(s.text):
        places = _in(s, match.start(1), match.end(1), HOST_LABELS)
        guests = [m for m in s.of(GUEST_LABELS - {"Event"}) if m.start - s.start >= match.end()
                  and m.start - s.start <= match.end() + 30]
        if places and guests:
            out.add(s, guests[0].name, "LOCATED_IN", places[-1].name, "settled.4")
    for match in VISIT_INTO.finditer(s.text):
        places = _in(s, match.start(1), match.end(1), HOST_LABELS)
        parks = [m for m in s.of({"Park"}) if m.start - s.start >= match.end()]
        for park in parks:
            if places and park.name != places[-1].name:
                out.add(s, park.name, "LOCATED_IN", places[-1].name, "settled.5")


def _listed_with_the_last(s: Sentence, places: list[M]) -> list[M]:
    """The last place and those listed right before it (上海、深圳和杭州), not a place that only
    qualifies it (深圳|坪山区)."""
    listed = [places[-1]]
    for before in reversed(places[:-1]):
        if not re.fullmatch(r"[、和及与]", s.text[before.end - s.start:listed[0].start - s.start]):
            break
        listed.insert(0, before)
    return listed


def _settled_at(s: Sentence, cue: Cue, state: ArticleState, out: Collector) -> None:
    lo = _subject_clause_start(s.text, cue.start())
    hi = _clause_end(s.text, cue.end())
    before = _in(s, lo, cue.start(), GUEST_LABELS | HOST_LABELS)
    after = _in(s, cue.end(), hi, GUEST_LABELS | HOST_LABELS)
    places_after = [m for m in after if m.label in HOST_LABELS]
    guests_after = [m for m in after if m.label in GUEST_LABELS and not _is_a_place_mention(m)]
    settling = SETTLE_INTO.fullmatch(cue.group()) is not None
    hosting = HOSTS.fullmatch(cue.group()) is not None
    if settling and hosting and _place_hosts_a_list(s, before, cue, hi):
        # 某科技城已落户A、B、C等创新平台: the place before the verb is the host of the list after it
        hosting_place = before[-1].name
        for m in after:
            if m.name != hosting_place and m.label in GUEST_LABELS | {"Park"}:
                out.add(s, m.name, "LOCATED_IN", hosting_place, "settled_at.5", cue_at=s.start + cue.start())
        return
    if settling and places_after and places_after[0].start - s.start - cue.end() <= 3 \
            and (not guests_after or places_after[0].start < guests_after[0].start):
        # X落户(于)Y: the settlers in the verb's clause, or the clause's referent (该公司落户Y)
        target = _most_specific(s, places_after)
        clause = _clause_start(s.text, cue.start())
        settlers = [m for m in before if m.label in GUEST_LABELS and m.name != target.name
                    and m.start - s.start >= clause]
        if not settlers:
            ref = _referent(s.text[clause:cue.start()], state, GUEST_LABELS, anchored=True)
            settlers = [ref] if ref is not None and ref.name != target.name else []
        for m in settlers[-8:]:
            out.add(s, m.name, "LOCATED_IN", target.name, "settled_at.1" if m is settlers[-1] else "settled_at.2",
                    cue_at=s.start + cue.start())
        state.settled_in = target.name
        return
    if hosting and guests_after:
        if cue.group().startswith(("签约", "集中签约")) and re.search(r"与|和|同", s.text[_clause_start(s.text, cue.start()):cue.start()]):
            return  # A与B签约: partners, not a host and its guests
        host = _host_before(s, before, cue, state)
        if host is None:
            return
        for m in guests_after:
            if m.name != host and (m.label != "Park" or cue.group() == "包括"):
                out.add(s, m.name, "LOCATED_IN", host, "settled_at.3", cue_at=s.start + cue.start())
        return
    if settling and not places_after:
        # A、B等企业相继入驻: the list right before the verb, in its clause, settles where the
        # sentences are about
        clause = _clause_start(s.text, cue.start())
        guests = [m for m in before if m.label in ORGS - {"Government"} and m.start - s.start >= clause]
        host = _topic_place(s, state, before=cue.start())
        gap = s.text[guests[-1].end - s.start : cue.start()] if guests else ""
        if guests and host is not None and (len(gap) <= 16 or (gap.startswith("等") and len(gap) <= 30)):
            for m in guests[-12:]:
                if m.name != host:
                    out.add(s, m.name, "LOCATED_IN", host, "settled_at.4", cue_at=s.start + cue.start())


HOST_ADVERBS = vocabulary.pattern("relations.host_adverbs")


def _place_hosts_a_list(s: Sentence, before: list[M], cue: Cue, hi: int) -> bool:
    """Whether a place is the subject right before the verb (adverbs aside) and a 、-list follows."""
    if not before or before[-1].label not in HOST_LABELS:
        return False
    if not HOST_ADVERBS.fullmatch(s.text[before[-1].end - s.start : cue.start()]):
        return False
    return "、" in s.text[cue.end() : hi]


def _is_a_place_mention(m: M) -> bool:
    return m.label in HOST_LABELS


def _most_specific(s: Sentence, places: list[M]) -> M:
    """成都市双流区 / 张江科学城内的西湖医疗器械产业基地: of a chain of places, the last."""
    target = places[0]
    for nxt in places[1:]:
        if re.fullmatch(r"(?:内的|内|的|[东西南北中]部的|)", s.text[target.end - s.start : nxt.start - s.start]):
            target = nxt
        else:
            break
    return target


def _host_before(s: Sentence, before: list[M], cue: Cue, state: ArticleState) -> str | None:
    """Who hosts what the verb at `cue` lists: the place just before it, the place the sentence
    opens with, or the place the article is about."""
    # 从上海引进的X: where a firm came from is not where it was brought to
    places = [m for m in before if m.label in HOST_LABELS and not s.text.endswith("从", 0, m.start - s.start)]
    if places:
        return places[-1].name
    opener = sentence_opener(s, state)
    if opener is not None and opener.label not in HOST_LABELS and opener.label != "Event":
        return None  # 该孵化器已集聚了A、B: the host is a body, not a place
    return _topic_place(s, state, before=cue.start())


def _topic_place(s: Sentence, state: ArticleState, before: int) -> str | None:
    opener = sentence_opener(s, state)
    if opener is not None and opener.label in HOST_LABELS and (opener.start < 0 or opener.end - s.start <= before):
        return opener.name
    first = [m for m in s.of(HOST_LABELS) if m.end - s.start <= before]
    lead = re.match(LEAD_IN, s.text)
    if first and first[0].start - s.start <= max(2, lead.end() if lead else 0):
        return first[0].name  # (近年来,)某新区…,A、B等企业在此落地: the place the sentence opens with
    if state.place_topic is not None:
        return state.place_topic
    return state.latest.get("Park")


# --- funding rounds ------------------------------------------------------------------------------

BACKERS = vocabulary.pattern("relations.backers")
ROUND = vocabulary.pattern("relations.round")


@relation_rules.register("backed")
def backed(s: Sentence, state: ArticleState, out: Collector) -> None:
    """Who funds whom: 罗森科特获得了来自某资本的…投资; 完成由某集团跟投的A轮融资; 投资者除了A、B等,
    还有C; 公司获A、B等知名投资机构注资; 投资方包括A、B等32家机构. The firm funded is the one named
    before the verb, else the firm of the round the article tells."""
    if not ROUND.search(s.text):
        return
    for match in BACKERS.finditer(s.text):
        lo = match.end()
        hi = _funding_list_end(s.text, lo)
        backers = [m for m in _in(s, lo, hi, {"Investor", "Company", "Government"})]
        recipient = _funded(s, match.start(), state)
        if recipient is None:
            continue
        for m in backers:
            if m.name != recipient:
                out.add(s, m.name, "INVESTED_IN", recipient, "backed.1", cue_at=s.start + match.start())


def _funding_list_end(text: str, lo: int) -> int:
    """Where the list of backers after a cue ends: at the round's words or the sentence's end
    (投资者除了A、B等知名机构,还有C、D: the list goes on after 还有)."""
    end = len(text)
    stop = re.compile(r"[。;；]|(?:合计|累计|共计|最后一轮|估值|占)").search(text, lo)
    if stop:
        end = stop.start()
    return end


def _funded(s: Sentence, pos: int, state: ArticleState) -> str | None:
    companies = [m for m in s.of({"Company"}) if m.end - s.start <= pos
                 and m.end - s.start >= _subject_clause_start(s.text, pos)]
    if companies:
        return companies[-1].name
    found = subject_of(s, pos, {"Company"}, state)
    if found:
        return found[0]
    return state.funded or (state.topic.name if state.topic is not None and state.topic.label == "Company" else None)


# --- parts of parks and places -------------------------------------------------------------------

AS_PART = vocabulary.pattern("relations.as_part")
PARTS_LISTED = vocabulary.pattern("relations.parts_listed")


@relation_rules.register("parts")
def parts(s: Sentence, state: ArticleState, out: Collector) -> None:
    """滨江医谷作为张江科学城南部科技创新核 / 某度假区是滨湖区生命健康产业的主要承载地: a park
    inside a bigger park or a place is part of it."""
    for match in AS_PART.finditer(s.text):
        group = 1 if match.group(1) is not None else 2
        wholes = _in(s, match.start(group), match.end(group), {"Park", "Region"})
        if not wholes:
            continue
        if match.group(1) is not None:  # 作为Y的…, X…: the subject follows
            after = [m for m in s.of({"Park"}) if m.start - s.start >= match.end()]
            opener = sentence_opener(s, state)
            inner = after[0].name if after else (opener.name if opener is not None else None)
        else:
            found = subject_of(s, match.start(), {"Park"}, state)
            inner = found[0] if found else None
        if inner and inner != wholes[0].name:
            out.add(s, inner, "PART_OF", wholes[0].name, "parts.1", cue_at=s.start + match.start())
    for cue in PARTS_LISTED.finditer(s.text):
        listed = [m for m in _named_run(s, cue.end(), _clause_end(s.text, cue.end()), {"Park", "Region"}) if m.label == "Park"]
        if len(listed) < 2:
            continue  # 拓展区主要包括A、B、C等五大园区: the parks a park is made of
        before = [m for m in s.of({"Park"}) if m.end - s.start <= cue.start()]
        if not before:
            continue
        whole = before[0].name  # the park the sentence opens with, not a phase named on the way
        for m in listed:
            if whole != m.name:
                out.add(s, m.name, "PART_OF", whole, "parts.2", cue_at=s.start + cue.start())
