"""Deal terms of a funding sentence: round, amount and currency, the investor's role, the date.

`deal_terms(sentence, investor, target)` reads them for one INVESTED_IN relation found in the
sentence; `fill_deal_terms(relations, entities)` does so for every INVESTED_IN relation of an
article (the pipeline calls it once per article).

Amounts are kept as stated (`amount_text`) and normalised to a number in their currency:
1.2亿元 → 120000000 CNY, 5000万美元 → 50000000 USD. A vague amount has no number but, where the
words give one, a lower bound: 数千万元 → amount_min 10000000 (several ten-millions are at least
one), 超1亿元 / 逾1亿元 / a bare 亿元 → amount_min 100000000; 近亿元 gives neither. Roles: 领投 → lead,
跟投/参投 → follow, 独家投资 → sole.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from ecograph.ingest.models import Entity, Relation

ROUND_NAMES = ("种子", "天使", "Pre-A", "A", "A+", "Pre-B", "B", "B+", "C", "C+", "D", "E", "F",
               "Pre-IPO", "IPO", "战略")
CURRENCIES = {"美元": "USD", "港元": "HKD", "港币": "HKD", "欧元": "EUR", "日元": "JPY", "英镑": "GBP",
              "人民币": "CNY", "元": "CNY"}
UNITS = {"亿": 10**8, "千万": 10**7, "百万": 10**6, "万": 10**4, "千": 10**3}
CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
             "十": 10}

_ROUND = re.compile(
    r"(?P<name>种子|天使|Pre[-－]?IPO|Pre[-－]?[A-F]\+?|[A-F][1-9]?\+{0,2}|战略|IPO)\s*(?:\+\s*)?(?:轮|系列)"
    r"|(?P<strategic>战略)(?:融资|投资|入股)", re.I)
_IPO = re.compile(r"首次公开发行|(?:挂牌|登陆|在[^，。；]{0,8})(?:上市|科创板|创业板|港交所|北交所)|IPO|基石投资"
                  r"|(?:港股|美股|A股|科创板|创业板)上市|全球发售")
_AMOUNT = re.compile(
    r"(?P<prefix>超过|超|逾|近|约|达|近乎|上)?"
    r"(?P<number>\d+(?:[.,]\d+)*|[一二两三四五六七八九十]+|数|几)?\s*"
    r"(?P<unit>亿|千万|百万|万|千)?(?P<unit2>亿|万)?\s*(?P<currency>美元|港元|港币|欧元|日元|英镑|人民币|元)"
    r"(?P<currency2>人民币)?")
_NOT_RAISED = re.compile(r"估值|市值|注册资本|总投资|总规模|规模|营收|收入|销售额|产值|利润|发售价|每股|股价")
_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?:(?P<m>1[0-2]|0?[1-9])\s*月\s*(?:(?P<d>3[01]|[12]\d|0?[1-9])\s*日)?)?")
_ROLE_AFTER = re.compile(r"(?P<role>联合领投|共同领投|领投|跟投|参投|独家投资|独家|追投|加注)")
_ROLE_BEFORE = re.compile(r"(?P<role>领投方|领投机构|跟投方|跟投机构|参投方|独家投资方)(?:为|是|包括|有|：|:)?\s*$")
_CLAUSE = re.compile(r"[，,。；;！？!?]")
ROLE_OF = {"联合领投": "lead", "共同领投": "lead", "领投": "lead", "领投方": "lead", "领投机构": "lead",
           "跟投": "follow", "参投": "follow", "跟投方": "follow", "跟投机构": "follow", "参投方": "follow",
           "追投": "follow", "加注": "follow", "独家投资": "sole", "独家": "sole", "独家投资方": "sole"}


@dataclass(frozen=True)
class DealTerms:
    round: str = ""  # one of ROUND_NAMES, or ""
    amount: float | None = None  # the stated amount in `currency`, when it is a figure
    amount_min: float | None = None  # a lower bound, when the text gives only that
    currency: str = ""  # ISO 4217 (CNY, USD, …)
    amount_text: str = ""  # the amount as stated (1.2亿元, 数千万元)
    role: str = ""  # lead, follow or sole
    date: str = ""  # the deal's date as stated: YYYY, YYYY-MM or YYYY-MM-DD

    def __bool__(self) -> bool:
        return any((self.round, self.amount is not None, self.amount_min is not None, self.role, self.date))


def deal_terms(sentence: str, investor: str | Sequence[str] = (), target: str | Sequence[str] = ()) -> DealTerms:
    """The terms of the deal between `investor` and `target` (names or lists of the names they go
    by) stated in `sentence`.

    >>> t = deal_terms("恒知医疗完成1.2亿元B轮融资，由星衡资本领投，大兴科创跟投。", "大兴科创", "恒知医疗")
    >>> (t.round, t.amount, t.currency, t.role)
    ('B', 120000000, 'CNY', 'follow')
    """
    investors = _names(investor)
    amount = _amount(sentence)
    return DealTerms(round=_round(sentence), amount=amount[0], amount_min=amount[1], currency=amount[2],
                     amount_text=amount[3], role=_role(sentence, investors), date=_date(sentence))


def fill_deal_terms(relations: Iterable[Relation], entities: Iterable[Entity], text: str = "") -> None:
    """Set the deal terms of every INVESTED_IN relation from its evidence sentence. When that
    sentence names the investors of 本轮/此轮/本次 (this round) but not the round or the amount,
    they are read from the sentence before it in `text` (the article)."""
    names = {e.name: [e.name, *e.aliases, *(m.text for m in e.mentions)] for e in entities}
    for rel in relations:
        if rel.type != "INVESTED_IN":
            continue
        terms = deal_terms(rel.evidence, names.get(rel.source, [rel.source]), names.get(rel.target, [rel.target]))
        if text and not (terms.round or terms.amount_text) and _THIS_ROUND.search(rel.evidence):
            before = deal_terms(_sentence_before(text, rel.sent_start))
            terms = DealTerms(before.round, before.amount, before.amount_min, before.currency,
                              before.amount_text, terms.role, terms.date or before.date)
        rel.round, rel.amount, rel.amount_min = terms.round, terms.amount, terms.amount_min
        rel.currency, rel.amount_text, rel.role, rel.deal_date = (terms.currency, terms.amount_text, terms.role,
                                                                  terms.date)


_THIS_ROUND = re.compile(r"本轮|此轮|本次融资|该轮")


def _sentence_before(text: str, start: int) -> str:
    """The sentence that ends where the one starting at `start` begins."""
    head = text[:start].rstrip()
    cut = max(head.rfind(mark, 0, len(head) - 1) for mark in "。！？\n")
    return head[cut + 1:]


def _names(value: str | Sequence[str]) -> list[str]:
    names = [value] if isinstance(value, str) else list(value)
    return sorted({n for n in names if n}, key=len, reverse=True)


def _round(sentence: str) -> str:
    """The round the sentence reports: the last one named that no 继/此前/曾 marks as earlier."""
    rounds = []
    for match in _ROUND.finditer(sentence):
        before = sentence[max(0, match.start() - 6): match.start()]
        if re.search(r"继|此前|曾|上一轮|之前", before):
            continue
        if match.group("strategic"):
            rounds.append("战略")
            continue
        name = match.group("name").upper().replace("－", "-").replace("PRE", "Pre").replace("+", "")
        name = re.sub(r"(?<=[A-F])[1-9]$", "", name)  # B1/B2 轮 are tranches of B
        plus = "+" if "+" in match.group(0) and name in ("A", "B", "C") else ""
        rounds.append({"种子": "种子", "天使": "天使", "战略": "战略"}.get(name, name) + plus)
    if rounds:
        return rounds[-1]
    return "IPO" if _IPO.search(sentence) else ""


def _amount(sentence: str) -> tuple[float | None, float | None, str, str]:
    """(amount, lower bound, currency, as stated) of the money raised, valuations left out."""
    for match in _AMOUNT.finditer(sentence):
        before = sentence[max(0, match.start() - 6): match.start()]
        number, prefix = match.group("number"), match.group("prefix") or ""
        unit = UNITS.get(match.group("unit") or "", 1) * UNITS.get(match.group("unit2") or "", 1)
        if _NOT_RAISED.search(before) or (number is None and unit < UNITS["万"]):
            continue
        currency = CURRENCIES[match.group("currency2") or match.group("currency")]
        text = match.group(0)[len(prefix):].strip() if prefix in ("达",) else match.group(0).strip()
        if number in (None, "数", "几"):  # 数千万元, 上亿元, 亿元: at least the unit; 近亿元: no bound
            bound = unit if unit > 1 and prefix not in ("近", "近乎", "约") else None
            return None, bound, currency, text
        value = round(_number(number) * unit, 2)  # 8.2 × 10⁸ is 819999999.99… in floats
        value = int(value) if float(value).is_integer() else value
        if prefix in ("超过", "超", "逾", "上"):
            return None, value, currency, text
        if prefix in ("近", "近乎"):
            return None, None, currency, text
        return value, None, currency, text
    return None, None, "", ""


def _number(text: str) -> float:
    if text[0].isdigit():
        return float(text.replace(",", ""))
    total, current = 0, 0
    for char in text:
        digit = CN_DIGITS[char]
        if digit == 10:
            total += (current or 1) * 10
            current = 0
        else:
            current = current * 10 + digit if current else digit
    return float(total + current)


def _role(sentence: str, investors: list[str]) -> str:
    """The investor's role: the first role word after its name in its clause, else a role word
    that introduces it (领投方为X); else, when the sentence names one role only, that one."""
    for name in investors:
        start = sentence.find(name)
        while start >= 0:
            end = start + len(name)
            clause_end = _CLAUSE.search(sentence, end)
            after = sentence[end: clause_end.start() if clause_end else len(sentence)]
            match = _ROLE_AFTER.search(after)
            if match:
                return ROLE_OF[match.group("role")]
            clause_start = max((m.end() for m in _CLAUSE.finditer(sentence, 0, start)), default=0)
            match = _ROLE_BEFORE.search(sentence[clause_start:start])
            if match:
                return ROLE_OF[match.group("role")]
            start = sentence.find(name, end)
    roles = {ROLE_OF[m.group("role")] for m in _ROLE_AFTER.finditer(sentence)}
    return roles.pop() if len(roles) == 1 and roles <= {"sole"} else ""


def _date(sentence: str) -> str:
    """The first full or partial date stated, unless it dates a founding (成立于2018年)."""
    match = next((m for m in _DATE.finditer(sentence)
                  if not re.match(r"\s*(?:成立|创立|创办|注册|设立)", sentence[m.end():])
                  and not re.search(r"(?:成立|创立|创办|注册|设立)于?\s*$", sentence[:m.start()])), None)
    if not match:
        return ""
    parts = [match.group("y")] + [f"{int(match.group(k)):02d}" for k in ("m", "d") if match.group(k)]
    return "-".join(parts)
