"""Raw article text → clean Simplified text, with every character traced back to the raw text.

Steps: NFKC per character, Traditional→Simplified (OpenCC t2s), web junk lines out, lines broken
mid-sentence joined, sentences split. `NormalizedText.offsets[i]` is the index in the raw text of
the character `text[i]` came from, so evidence can always be shown as it was written.
"""
from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

import opencc

JUNK_PATTERNS_FILE = Path(str(resources.files("ecograph.ingest"))) / "lexicons" / "junk_patterns.txt"

MAX_JUNK_LINE = 150  # longer lines are article paragraphs, never furniture
MAX_HEADING = 40  # a line this short without inner sentence punctuation may be a heading
BODY_BEFORE_FOOTER = 50  # characters of sentences (lines with a 。) before a footer ends the article
LONG_SENTENCE = 300  # longer sentences are also split on semicolons

_KEEP_AS_IS = frozenset("…‥")  # NFKC would make them "..." / ".."
_TO_NEWLINE = frozenset("\r\v\f\x85\u2028\u2029")
# Characters NFKC leaves alone: ASCII, the CJK Unified Ideographs and common Chinese punctuation.
_MAY_CHANGE = re.compile(r"[^\n -~\u4e00-\u9fff\u3001\u3002\u3008-\u3011\u2014\u2018\u2019\u201c\u201d]")
_SENTENCE_END = frozenset("。!?;…”’」』\"")
_CONTINUES_LINE = frozenset(",、:(“‘《「『—-/+&")  # a line ending with one of these is cut short
_STARTS_CONTINUATION = frozenset(",、。)”’》」』:;!?%")
_INNER_STOP = re.compile(r"[。!?;]")
_SPEECH = re.compile(r"(表示|介绍|指出|认为|强调|透露|坦言|提到|谈到|说|称)[,:]")
_LIST_MARKER = re.compile(  # 一、 1. (二) 第三条
    r"[一二三四五六七八九十]+、|\d+[、.](?!\d)|\([一二三四五六七八九十\d]+\)|第[一二三四五六七八九十\d]+[章节条部]"
)
_LEADING_BULLETS = re.compile("[ •■□▪▲△▶►◆◇○◎●★☆]*")
_INLINE_JUNK = re.compile(
    r" {2,}|&(?:nbsp|ensp|emsp|amp|lt|gt|quot|#\d{2,5});|\[(?:图片|视频|图)\]"
    r"|[(\[【]\s*(?:来源|责任编辑|编辑|责编|审核|校对)\s*:[^()\[\]【】]{0,30}[)\]】]"
)
_URL = re.compile(r"https?://|www\.", re.I)
_CRUMB_SEPARATOR = re.compile(r"\s*(?:>>|[>»›→])\s*")
_WORDLIKE = re.compile(r"[^\W_]")  # a letter, a digit or a hanzi
_SENTENCE_BOUNDARY = re.compile(r"[。!?]+[”’」』\")\]]*|\n")


@dataclass(frozen=True)
class NormalizedText:
    """Clean text, where each of its characters came from in `raw`, and its sentences."""

    text: str
    offsets: list[int]  # len(text) entries: offsets[i] is the index in `raw` text[i] came from
    sentences: tuple[tuple[int, int], ...]  # (start, end) spans in `text`
    raw: str

    def raw_span(self, start: int, end: int) -> str:
        """The raw text behind text[start:end], as it was written (Traditional stays Traditional)."""
        if start >= end:
            return ""
        return self.raw[self.offsets[start] : self.offsets[end - 1] + 1]

    def sentence_texts(self) -> list[str]:
        return [self.text[start:end] for start, end in self.sentences]


def normalize(raw_text: str) -> NormalizedText:
    """Clean `raw_text` for extraction while keeping a character map back to it."""
    chars, offsets = _clean_chars(raw_text)
    chars, offsets = _drop_pinyin(chars, offsets)
    chars = to_simplified(chars)
    text, offsets = _clean_lines(chars, offsets)
    return NormalizedText(text, offsets, split_sentences(text), raw_text)


def normalize_title(title: str) -> str:
    """A title cleaned like article text: NFKC, Simplified, one line, single spaces."""
    chars, _ = _clean_chars(title)
    return re.sub(r"\s+", " ", to_simplified(chars)).strip()


# --- characters -------------------------------------------------------------------------


@cache
def _map_char(ch: str) -> str:
    if ch in _KEEP_AS_IS or ch == "\n":
        return ch
    if ch in _TO_NEWLINE:
        return "\n"  # "\r\n" becomes a blank line, which the line step drops anyway
    if ch == "\t":
        return " "
    if unicodedata.category(ch) in ("Cc", "Cf"):
        return ""  # control characters, zero-width spaces, BOMs, soft hyphens
    return unicodedata.normalize("NFKC", ch)


def _clean_chars(raw: str) -> tuple[str, list[int]]:
    """NFKC character by character, so that every output character has one source."""
    table = {ch: mapped for ch in set(_MAY_CHANGE.findall(raw)) if (mapped := _map_char(ch)) != ch}
    identity = list(range(len(raw)))
    if not table:
        return raw, identity
    changed = re.compile(f"[{re.escape(''.join(table))}]")
    if all(len(mapped) == 1 for mapped in table.values()):
        return changed.sub(lambda match: table[match.group()], raw), identity
    parts: list[str] = []
    offsets: list[int] = []
    position = 0
    for match in changed.finditer(raw):
        index = match.start()
        parts.append(raw[position:index])
        offsets.extend(identity[position:index])
        replacement = table[match.group()]
        parts.append(replacement)
        offsets.extend([index] * len(replacement))
        position = index + 1
    parts.append(raw[position:])
    offsets.extend(identity[position:])
    return "".join(parts), offsets


# Pages copied from some sites carry a pinyin reading after characters: 醫(yī)療, 區(qū)政府.
PINYIN_GLOSS = re.compile(r"(?<=[\u4e00-\u9fff])\([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*\)")


def _drop_pinyin(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    if "(" not in text or not PINYIN_GLOSS.search(text):
        return text, offsets
    parts: list[str] = []
    kept: list[int] = []
    position = 0
    for match in PINYIN_GLOSS.finditer(text):
        parts.append(text[position : match.start()])
        kept.extend(offsets[position : match.start()])
        position = match.end()
    parts.append(text[position:])
    kept.extend(offsets[position:])
    return "".join(parts), kept


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str, convert: Callable[[str], str] | None = None) -> str:
    """Traditional→Simplified where the text is Traditional, never changing the length (so
    offsets stay valid).

    A line is converted when it holds characters only the Traditional script has (OpenCC would
    change them and GB2312, the Simplified character set, lacks them). A Simplified line keeps
    its characters — 乾 in a person's name is Simplified too, and t2s would make it 干 — except
    for the odd Traditional-only character, converted alone. OpenCC may convert a phrase into one
    of another length; such lines fall back to a character-by-character conversion. Lone
    surrogates (which no encoder takes) become U+FFFD.
    """
    text = _LONE_SURROGATE.sub("\ufffd", text)
    convert = convert or _t2s().convert
    return "\n".join(_simplify_line(line, convert) for line in text.split("\n"))


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _simplify_line(line: str, convert: Callable[[str], str]) -> str:
    converted = convert(line)
    if converted == line:
        return line
    traditional = {ch for ch in line if _traditional_only(ch)}
    if not traditional:
        return line  # only characters both scripts have (乾, 后): a Simplified line
    han = len(_HAN.findall(line))
    if len(traditional) >= 3 or len(traditional) * 20 >= han:  # a Traditional line
        if len(converted) == len(line):
            return converted
        return "".join(simple if len(simple := convert(ch)) == 1 else ch for ch in line)
    return "".join(simple if ch in traditional and len(simple := convert(ch)) == 1 else ch for ch in line)


@cache
def _traditional_only(ch: str) -> bool:
    """A character of the Traditional script only: OpenCC simplifies it and GB2312 lacks it."""
    if not _HAN.match(ch) or _t2s().convert(ch) == ch:
        return False
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return True
    return False


# --- lines ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    start: int  # span of the stripped line in the text of the character step
    end: int
    text: str
    indented: bool


def _clean_lines(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """Drop junk lines, join lines cut mid-sentence, one paragraph per output line."""
    paragraphs: list[list[_Line]] = []
    for line in _body_lines(text):
        if paragraphs and _continues(paragraphs[-1], line):
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
    parts: list[str] = []
    out_offsets: list[int] = []
    for number, paragraph in enumerate(paragraphs):
        if number:
            parts.append("\n")
            out_offsets.append(offsets[paragraph[0].start - 1])  # the raw line break before it
        for index, line in enumerate(paragraph):
            if index and _needs_space(paragraph[index - 1].text, line.text):
                parts.append(" ")
                out_offsets.append(offsets[line.start - 1])
            _emit_line(text, offsets, line, parts, out_offsets)
    return "".join(parts), out_offsets


def _body_lines(text: str) -> list[_Line]:
    """Non-empty, non-junk lines, up to a footer marker (related articles, comments…)."""
    lines: list[_Line] = []
    body_chars = 0
    for match in re.finditer(r"[^\n]+", text):
        line = _strip_line(text, match.start(), match.end())
        if line is None:
            continue
        if is_footer_line(line.text):
            if body_chars >= BODY_BEFORE_FOOTER:
                break
            continue
        if is_junk_line(line.text):
            continue
        lines.append(line)
        if "。" in line.text:
            body_chars += len(line.text)
    return lines


def _strip_line(text: str, start: int, end: int) -> _Line | None:
    bullets = _LEADING_BULLETS.match(text, start, end)
    content_start = bullets.end() if bullets else start
    while end > content_start and text[end - 1] == " ":
        end -= 1
    if end <= content_start:
        return None
    return _Line(content_start, end, text[content_start:end], indented=text[start] == " ")


def _emit_line(text: str, offsets: list[int], line: _Line, parts: list[str], out: list[int]) -> None:
    """Copy a line, collapsing runs of spaces and dropping inline junk ([图片], (来源:…), &nbsp;)."""
    position = line.start
    for match in _INLINE_JUNK.finditer(text, line.start, line.end):
        parts.append(text[position : match.start()])
        out.extend(offsets[position : match.start()])
        replacement = _inline_replacement(match.group())
        parts.append(replacement)
        out.extend([offsets[match.start()]] * len(replacement))
        position = match.end()
    parts.append(text[position : line.end])
    out.extend(offsets[position : line.end])


def _inline_replacement(junk: str) -> str:
    if junk.startswith(" "):
        return " "
    if junk.startswith("&"):
        return html.unescape(junk).replace("\xa0", " ")
    return ""


def _needs_space(before: str, after: str) -> bool:
    """Joined lines get a space only between two Latin words or numbers ("and" + "50")."""
    return before[-1].isascii() and before[-1].isalnum() and after[0].isascii() and after[0].isalnum()


# --- junk ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _LinePatterns:
    """The rules of one section. Those anchored at the line start are tried there only, as one
    regex; each of the others is searched on its own (one big alternation would be tried at
    every position of every line, the cost of normalising)."""

    anchored: re.Pattern
    floating: tuple[re.Pattern, ...]

    def search(self, line: str) -> bool:
        return bool(self.anchored.match(line)) or any(p.search(line) for p in self.floating)


@cache
def _patterns() -> dict[str, _LinePatterns]:
    sections: dict[str, list[str]] = {}
    current = "junk"
    for line in JUNK_PATTERNS_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            continue
        sections.setdefault(current, []).append(line)
    return {name: _compile_section(rules) for name, rules in sections.items()}


def _compile_section(rules: list[str]) -> _LinePatterns:
    anchored = [rule for rule in rules if rule.startswith("^")]
    return _LinePatterns(
        re.compile("|".join(f"(?:{rule})" for rule in anchored) or r"(?!)"),
        tuple(re.compile(rule) for rule in rules if not rule.startswith("^")),
    )


def is_junk_line(line: str) -> bool:
    """Is this (stripped, NFKC, Simplified) line web-page furniture rather than article text?"""
    if not _WORDLIKE.search(line):
        return True  # only punctuation and symbols
    if len(line) > MAX_JUNK_LINE:
        return False
    if _URL.search(line) and len(line) <= 100:
        return True  # ads and link lists: a sentence quoting a URL is longer
    if _is_crumb(line):
        return True
    patterns = _patterns()
    return patterns["junk"].search(line) or patterns["footer"].search(line)


def is_footer_line(line: str) -> bool:
    """Does this line open the page footer (related articles, comments, previous/next)?"""
    return len(line) <= MAX_JUNK_LINE and _patterns()["footer"].search(line)


def _is_crumb(line: str) -> bool:
    """Navigation crumbs: 首页 > 新闻中心 > 园区动态."""
    pieces = _CRUMB_SEPARATOR.split(line)
    return len(pieces) >= 3 and all(len(piece) <= 12 for piece in pieces)


# --- joining broken lines ---------------------------------------------------------------------


def _continues(paragraph: list[_Line], line: _Line) -> bool:
    """Does `line` carry on the sentence that the paragraph so far left unfinished?"""
    last = paragraph[-1].text[-1]
    if last in _SENTENCE_END or not _can_continue(line.text):
        return False
    if last in _CONTINUES_LINE or line.text[0] in _STARTS_CONTINUATION:
        return True
    heading_before = len(paragraph) == 1 and _is_heading(paragraph[0].text)
    return not (line.indented or heading_before or _is_heading(line.text))


def _can_continue(text: str) -> bool:
    first = text[0]
    starts_well = first.isalnum() or first in _STARTS_CONTINUATION or first in "“《("
    return starts_well and not _LIST_MARKER.match(text)


def _is_heading(text: str) -> bool:
    """Short, no inner sentence punctuation, no reported speech (X表示,…): 提质扩容为企业提供成长空间."""
    return len(text) <= MAX_HEADING and not _INNER_STOP.search(text) and not _SPEECH.search(text)


# --- sentences ---------------------------------------------------------------------------------


@lru_cache(maxsize=8)  # asked twice per text: by `normalize` and by the relation rules
def split_sentences(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of sentences: cut after 。!? (closing quotes stay with the sentence) and at line ends;
    sentences longer than LONG_SENTENCE are also cut after semicolons."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_BOUNDARY.finditer(text):
        end = match.end() if match.group() != "\n" else match.start()
        spans.extend(_split_long(text, start, end))
        start = match.end()
    spans.extend(_split_long(text, start, len(text)))
    return tuple(span for span in (_trim(text, s, e) for s, e in spans) if span)


def _split_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    if end - start <= LONG_SENTENCE:
        return [(start, end)]
    cuts = [match.end() for match in re.finditer(r";", text[start:end])]
    bounds = [start, *(start + cut for cut in cuts if start + cut < end), end]
    return list(zip(bounds, bounds[1:]))


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None
