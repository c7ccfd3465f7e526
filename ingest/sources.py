"""Read articles from files: JSON, JSON Lines, plain text and HTML, in any common Chinese encoding.

The format is told by the content as well as by the extension (a JSON object saved as .txt is
read as JSON). A file that cannot be read raises `InputError`; a file that can be read in part
(a JSON Lines file with one bad line) returns its articles and the problems side by side.
"""
from __future__ import annotations

import codecs
import datetime as dt
import decimal
import hashlib
import html
import json
import os
import re
import stat
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import opencc
import trafilatura
from charset_normalizer import from_bytes

from ecograph.errors import InputError
from ecograph.ingest.models import Article
from ecograph.ingest.normalize import is_junk_line, normalize_title

ARTICLE_SUFFIXES = (".json", ".jsonl", ".txt", ".html", ".htm")
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# Characters of title and text together, as extraction sees them (after NFKC, which may expand a
# character up to eighteen times): well over any news article, well under spaCy's max_length.
MAX_ARTICLE_CHARS = 200_000

URL_KEYS = ("url", "link", "href", "source_url", "canonical_url")
TITLE_KEYS = ("title", "headline", "heading")
DATE_KEYS = ("date", "publish_time", "pubdate", "pub_date", "publish_date", "published", "published_at",
             "publishedat", "release_time", "datetime", "time", "created_at")
TEXT_KEYS = ("text", "content", "body", "article", "raw_text", "maintext", "main_text", "fulltext")

MAX_TITLE = 100  # a first line longer than this is a paragraph, not a title
DATE_LINES = 10  # a publication date is looked for in this many first lines of the text
TITLE_SEARCH_LINES = 10  # HTML: the title line is looked for in this many first lines
MIN_PLAUSIBILITY = 0.6  # below this share of usual characters a decoding is taken for garbage
CHINA_TIME = dt.timezone(dt.timedelta(hours=8))

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_CJK_CODECS = ("gb18030", "big5hkscs", "cp950")
_CODEC_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "big5hkscs", "x-gbk": "gb18030"}
_DECLARED_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.I)
_HTML_HINT = re.compile(r"<(!doctype\s+html|html|head|body|meta|div|article|title|p)\b", re.I)
_HTML_FRAGMENT = re.compile(r"<(p|br|div|span|section)\b[^>]*>", re.I)
_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*(?:年|[-/.])\s*(\d{1,2})\s*(?:月|[-/.])\s*(\d{1,2})(?!\d)")
_COMPACT_DATE = re.compile(r"(?<!\d)(20\d{2})[-/_]?(\d{2})[-/_]?(\d{2})(?!\d)")
_SITE_SUFFIX = re.compile(r"\s*(?:[_|｜]|\s[-–—]\s|-{2,}).{1,20}$")
# Control characters are never text: NUL and the rest go (a NUL cannot even travel to FalkorDB);
# the ones that break lines become line breaks; tab, LF and CR stay as written.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
_LINE_BREAKS = re.compile("[\x0b\x0c\x85]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")  # JSON can escape them; UTF-8 cannot carry them
_FILE_KINDS = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
               (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))


class ReadResult(NamedTuple):
    articles: list[Article]
    problems: list[InputError]  # parts that could not be read (a bad JSON line), the rest is in articles


@dataclass(frozen=True)
class _Origin:
    source: str  # as given by the user
    key: str  # what article ids derive from when there is no URL: the file's path, else its text


# --- finding files ------------------------------------------------------------------------------


def iter_paths(paths: Iterable[str | Path] | str | Path) -> Iterator[Path]:
    """Files to read: files as given, folders walked recursively in sorted order.

    Inside folders, hidden files and folders are skipped, and so is any file that is neither one
    of ARTICLE_SUFFIXES nor an extension-less text file. A path that does not exist is yielded as
    given, so that reading it reports the error in line with the others.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        for found in _walk(path) if path.is_dir() else [path]:
            if found not in seen:
                seen.add(found)
                yield found


def _walk(folder: Path) -> Iterator[Path]:
    """The candidate files under `folder`, and the paths that cannot be looked at (an unreadable
    subfolder or file, a FIFO): those are yielded too, so that reading them says what is wrong."""
    found: list[Path] = []

    def unreadable(error: OSError) -> None:
        found.append(Path(error.filename))

    for root, folders, files in os.walk(folder, onerror=unreadable):
        folders[:] = [name for name in folders if not name.startswith(".")]
        found.extend(Path(root, name) for name in files if not name.startswith("."))
    for path in sorted(found):
        suffix = path.suffix.lower()
        if suffix in ARTICLE_SUFFIXES or (not suffix and _looks_like_text(path)):
            yield path


def _looks_like_text(path: Path) -> bool:
    """An extension-less file is read when it holds text; one that is not a plain file or cannot
    be opened counts as text here, so that reading it reports why not."""
    try:
        with _open_regular(path) as file:
            head = file.read(4096)
    except (OSError, InputError):
        return True
    return bool(head.strip()) and b"\x00" not in head


# --- reading ---------------------------------------------------------------------------------------


def read_paths(
    paths: Iterable[str | Path] | str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> ReadResult:
    """Every article under `paths`; files that cannot be read become problems, never exceptions."""
    articles: list[Article] = []
    problems: list[InputError] = []
    for path in iter_paths(paths):
        try:
            result = read_file(path, max_bytes=max_bytes)
        except InputError as error:
            problems.append(error)
            continue
        articles.extend(result.articles)
        problems.extend(result.problems)
    return ReadResult(articles, problems)


def read_file(
    path: str | Path, source: str | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> ReadResult:
    """The articles of one file. Raises InputError when nothing in it can be read."""
    path = Path(path)
    source = source or str(path)
    data = _load(path, source, max_bytes)
    return read_bytes(data, source, suffix=path.suffix.lower(), key=str(path.resolve()), max_bytes=max_bytes)


def read_bytes(data: bytes, source: str, *, suffix: str = "", key: str | None = None,
               max_bytes: int = DEFAULT_MAX_BYTES) -> ReadResult:
    """The articles in the bytes of one file (an upload): `suffix` like ".json" is a hint only.

    `key` identifies the file for article ids when articles have no URL (default: the content).
    """
    if len(data) > max_bytes:
        raise InputError(f"file is {_size(len(data))}, {_over(max_bytes)}", source=source)
    if not data.strip():
        raise InputError("file is empty", source=source)
    text = decode(data, source)
    if not text.strip():
        raise InputError("file is empty", source=source)
    origin = _Origin(source, key or text)
    return _READERS[sniff_format(text, suffix)](text, origin)


def read_text(text: str, source: str = "pasted", title: str | None = None) -> Article:
    """An article from text pasted in the app; without a title, the first line is the title."""
    if not text.strip():
        raise InputError("pasted text is empty", source=source)
    text = clean_text(text)
    if title is None:
        title, text = split_title(text)
    return _article(_Origin(source, text), title=title, text=text, date=find_date(text))


def _load(path: Path, source: str, max_bytes: int) -> bytes:
    """The bytes of a regular file, never more than `max_bytes` of them (a reported size can lie:
    /proc files say 0), and never blocking on a FIFO or a device."""
    try:
        with _open_regular(path, source) as file:
            size = os.fstat(file.fileno()).st_size
            if size > max_bytes:
                raise InputError(f"file is {_size(size)}, {_over(max_bytes)}", source=source)
            data = file.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError("no such file", source=source) from None
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror}", source=source) from None
    if len(data) > max_bytes:
        raise InputError(f"file is over the {_size(max_bytes)} limit", source=source)
    return data


def _open_regular(path: Path, source: str | None = None):
    """`path` opened for reading if it is a regular file; a FIFO is opened without waiting for a
    writer, and refused like devices, sockets and folders."""
    if path.is_dir():
        os.listdir(path)  # an unreadable folder says so (PermissionError)
        raise InputError("is a folder, not a file", source=source or str(path))
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = next((name for test, name in _FILE_KINDS if test(mode)), "a special file")
        raise InputError(f"is {kind}, not a regular file", source=source or str(path))
    os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def _over(max_bytes: int) -> str:
    return f"larger than the {_size(max_bytes)} limit"


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.1f} MB".replace(".0 ", " ")
    if count >= 1024:
        return f"{count / 1024:.1f} KB".replace(".0 ", " ")
    return f"{count} bytes"


def sniff_format(text: str, suffix: str = "") -> str:
    """"json", "jsonl", "html" or "text": by content first, then by extension."""
    head = text.lstrip()[:2000]
    if head.startswith("{") or re.match(r"\[\s*[{\]]", head):
        return "jsonl" if suffix == ".jsonl" else "json"
    if suffix in (".json", ".jsonl"):
        return suffix[1:]
    if suffix in (".html", ".htm") or (head.startswith("<") and _HTML_HINT.search(head)):
        return "html"
    return "text"


# --- decoding --------------------------------------------------------------------------------------


def decode(data: bytes, source: str) -> str:
    """Bytes → text: BOMs first, then UTF-8, then the most plausible Chinese decoding."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _decode_with_bom(data, codec, source)
    if b"\x00" in data:
        raise InputError("binary file (contains NUL bytes), not text", source=source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.reason != "unexpected end of data":
            return _decode_chinese(data, error, source)
        return data[: error.start].decode("utf-8")  # cut mid-character at the end


def _decode_chinese(data: bytes, utf8_error: UnicodeDecodeError, source: str) -> str:
    texts = [text for codec in _candidate_codecs(data) if (text := _try_decode(data, codec)) is not None]
    best = max(texts, key=_plausibility, default=None)
    if best is None or _plausibility(best) < MIN_PLAUSIBILITY:
        bad = data[utf8_error.start]
        raise InputError(
            f"undecodable bytes: neither UTF-8 (byte 0x{bad:02x} at offset {utf8_error.start}) "
            "nor GB18030/Big5 text",
            source=source,
        )
    return best


def _decode_with_bom(data: bytes, codec: str, source: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        raise InputError(f"undecodable bytes: not {codec} despite its byte-order mark ({error.reason})",
                         source=source) from None


def _candidate_codecs(data: bytes) -> list[str]:
    codecs_to_try = []
    declared = _DECLARED_CHARSET.search(data[:4096])
    if declared:
        codecs_to_try.append(declared.group(1).decode("ascii").lower())
    codecs_to_try.extend(_CJK_CODECS)
    guess = from_bytes(data[:200_000]).best()
    if guess is not None:
        codecs_to_try.append(guess.encoding)
    return list(dict.fromkeys(_CODEC_ALIASES.get(codec, codec) for codec in codecs_to_try))


def _try_decode(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _plausibility(text: str) -> float:
    """Share of characters that are usual in Chinese news (ASCII, common hanzi in either script,
    CJK punctuation). A wrong decoding yields kana, private-use and rare characters instead."""
    sample = text[:20_000]
    common = _common_hanzi()
    usual = sum(1 for ch in sample if ch.isascii() or ch in common or _is_cjk_punctuation(ch))
    return usual / max(len(sample), 1)


def _is_cjk_punctuation(ch: str) -> bool:
    return "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef" or "\u2010" <= ch <= "\u206f"


@cache
def _common_hanzi() -> frozenset[str]:
    """The 3755 level-1 hanzi of GB2312 (the most frequent Simplified characters) and their
    Traditional forms."""
    pairs = bytes(byte for lead in range(0xB0, 0xD8) for trail in range(0xA1, 0xFF) for byte in (lead, trail))
    simplified = pairs.decode("gb2312", errors="ignore")
    return frozenset(simplified + opencc.OpenCC("s2t").convert(simplified))


# --- formats ---------------------------------------------------------------------------------------


def _read_json(text: str, origin: _Origin) -> ReadResult:
    try:
        value = _loads(text)
    except json.JSONDecodeError as error:
        if error.msg == "Extra data" and _first_line_is_json(text):
            return _read_jsonl(text, origin)  # JSON Lines under another name
        raise InputError(f"not valid JSON: {error.msg} (line {error.lineno} column {error.colno})",
                         source=origin.source) from None
    except InputError as error:
        raise InputError(str(error), source=origin.source) from None
    if isinstance(value, dict):
        return ReadResult([_article_from_record(value, origin)], [])
    if isinstance(value, list):
        return _read_many(enumerate(value, 1), origin, "item")
    raise InputError(f"JSON holds {_kind(value)}, not an article object or a list of them",
                     source=origin.source)


def _loads(text: str) -> Any:
    """JSON → Python. Integers too long for Python's int() stay numbers (Decimal); nesting
    deeper than the decoder can recurse (it recurses once per level) is an InputError; syntax
    errors are JSONDecodeError."""
    try:
        return json.loads(text, parse_int=_parse_int)
    except RecursionError:
        raise InputError("not valid JSON: nested too deeply") from None


def _parse_int(digits: str) -> int | decimal.Decimal:
    if len(digits) > sys.get_int_max_str_digits() > 0:
        return decimal.Decimal(digits)
    return int(digits)


def _kind(value: Any) -> str:
    """What a JSON value is, in JSON's words."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float, decimal.Decimal)):
        return "a number"
    return {dict: "an object", list: "a list", str: "text", type(None): "null"}.get(type(value), type(value).__name__)


def _first_line_is_json(text: str) -> bool:
    try:
        _loads(text.lstrip().split("\n", 1)[0])
    except (json.JSONDecodeError, InputError):
        return False
    return True


def _read_jsonl(text: str, origin: _Origin) -> ReadResult:
    numbered = ((number, line) for number, line in enumerate(text.splitlines(), 1) if line.strip())
    return _read_many(numbered, origin, "line", parse=_parse_json_line)


def _parse_json_line(line: str) -> Any:
    try:
        return _loads(line)
    except json.JSONDecodeError as error:
        raise InputError(f"not valid JSON: {error.msg} (column {error.colno})") from None


def _read_many(numbered: Iterable[tuple[int, Any]], origin: _Origin, unit: str,
               parse: Callable[[Any], Any] = lambda record: record) -> ReadResult:
    """One article per item; a bad item is a problem, unless no item at all can be read."""
    articles: list[Article] = []
    problems: list[InputError] = []
    for number, item in numbered:
        try:
            articles.append(_article_from_record(parse(item), origin, part=number))
        except InputError as error:
            problems.append(InputError(f"{unit} {number}: {error}", source=origin.source))
    if not articles:
        _raise_nothing_read(problems, origin)
    return ReadResult(articles, problems)


def _raise_nothing_read(problems: list[InputError], origin: _Origin) -> None:
    if not problems:
        raise InputError("no article in the file", source=origin.source)
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    raise InputError(f"no readable article: {problems[0]}{more}", source=origin.source)


def _article_from_record(record: Any, origin: _Origin, part: int | None = None) -> Article:
    if not isinstance(record, dict):
        raise InputError(f"not a JSON object but {_kind(record)}", source=origin.source)
    fields = {str(key).lower(): value for key, value in record.items()}
    text = _text_field(fields, origin)
    url = _first(fields, URL_KEYS, "url", origin)
    date_key = _first_key(fields, DATE_KEYS)
    found_date = normalize_date(fields.get(date_key) if date_key else None)
    return _article(origin, title=_first(fields, TITLE_KEYS, "title", origin), text=text, url=url, part=part,
                    date=found_date or date_from_url(clean_text(url)) or find_date(clean_text(text)))


def _text_field(fields: dict[str, Any], origin: _Origin) -> str:
    key = _first_key(fields, TEXT_KEYS)
    if key is None:
        raise InputError(f"no text field (looked for {', '.join(TEXT_KEYS)})", source=origin.source)
    value = fields[key]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        value = "\n".join(value)
    if not isinstance(value, str):
        raise InputError(f"text field {key!r} is {_kind(value)}, not text", source=origin.source)
    if not value.strip():
        raise InputError(f"text field {key!r} is empty", source=origin.source)
    return _html_fragment_to_text(value) if _HTML_FRAGMENT.search(value) else value


def _html_fragment_to_text(fragment: str) -> str:
    """Scraped JSON often holds the article as HTML paragraphs."""
    text = re.sub(r"<(br|/p|/div|/h\d|/li)\b[^>]*>", "\n", fragment, flags=re.I)
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def _first_key(fields: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    return next((key for key in keys if fields.get(key) not in (None, "", [])), None)


def _first(fields: dict[str, Any], keys: tuple[str, ...], what: str, origin: _Origin) -> str:
    """The first of `keys` that has a value, as text: a number is taken as its digits, anything
    else that is not text (an object, a list, true/false) is an error."""
    key = _first_key(fields, keys)
    if key is None:
        return ""
    value = fields[key]
    if isinstance(value, (int, float, decimal.Decimal)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise InputError(f"{what} field {key!r} is {_kind(value)}, not text", source=origin.source)
    return value.strip()


def _read_text_file(text: str, origin: _Origin) -> ReadResult:
    title, body = split_title(text)
    return ReadResult([_article(origin, title=title, text=body, date=find_date(text))], [])


def split_title(text: str) -> tuple[str, str]:
    """(title, rest): the title is the first line that is not web junk, unless it looks like a
    paragraph; then the title is "" and the rest is the whole text."""
    position = 0
    for line in text.splitlines(keepends=True):
        position += len(line)
        candidate = line.strip()
        if not candidate or is_junk_line(normalize_title(candidate)):
            continue
        rest = text[position:]
        if len(candidate) > MAX_TITLE or candidate.endswith("。") or not rest.strip():
            break
        return candidate, rest
    return "", text


MIN_ARTICLE_CHARS = 30  # letters and characters below which a page holds no article


def _read_html(text: str, origin: _Origin) -> ReadResult:
    document = trafilatura.bare_extraction(
        text, favor_recall=True, with_metadata=True, include_comments=False, include_tables=True
    )
    body = (getattr(document, "text", None) or "").strip()
    if len(re.findall(r"\w", body)) < MIN_ARTICLE_CHARS:  # nothing, or a menu (首页 | 新闻 | 联系我们)
        raise InputError("HTML page has no article text", source=origin.source)
    title = strip_site_name(getattr(document, "title", None) or "")
    body = _drop_leading_title(body, title)
    url = getattr(document, "url", None) or ""
    found_date = normalize_date(getattr(document, "date", None)) or date_from_url(url) or find_date(body)
    return ReadResult([_article(origin, title=title, text=body, url=url, date=found_date)], [])


def strip_site_name(title: str) -> str:
    """滨江医疗器械园 创新前行在路上--人民网 → 滨江医疗器械园 创新前行在路上."""
    match = _SITE_SUFFIX.search(title)
    return title[: match.start()].strip() if match and match.start() >= 6 else title.strip()


def _drop_leading_title(body: str, title: str) -> str:
    """The extracted text repeats the title, often after navigation links: start after it."""
    lines = body.split("\n")
    for index, line in enumerate(lines[:TITLE_SEARCH_LINES]):
        rest = "\n".join(lines[index + 1 :])
        if title and line.strip() == title and rest.strip():
            return rest
    return body


_READERS = {"json": _read_json, "jsonl": _read_jsonl, "text": _read_text_file, "html": _read_html}


# --- articles, ids and dates -------------------------------------------------------------------


def _article(origin: _Origin, *, title: str, text: str, url: str = "", date: str = "",
             part: int | None = None) -> Article:
    title, text, url = clean_text(title).strip(), clean_text(text), clean_text(url)
    _check_length(title + text, origin)
    key = url or clean_text(origin.key if part is None else f"{origin.key}#{part}")
    return Article(id=_sha1(key)[:16], source=origin.source, title=title, raw_text=text,
                   url=url, date=date, content_hash=_sha1(text))


def clean_text(text: str) -> str:
    """Text as the corpus and the graph may hold it: control characters out (those that break
    lines become line breaks), lone surrogates (only JSON escapes make them) as U+FFFD."""
    text = _CONTROLS.sub("", text)
    text = _LINE_BREAKS.sub("\n", text)
    return _LONE_SURROGATE.sub("\ufffd", text)


def _check_length(text: str, origin: _Origin) -> None:
    length = len(text)
    if length <= MAX_ARTICLE_CHARS:  # NFKC may lengthen it: that is what extraction reads
        length = max(length, len(unicodedata.normalize("NFKC", text)))
    if length > MAX_ARTICLE_CHARS:
        raise InputError(f"article is {length:,} characters long, over the {MAX_ARTICLE_CHARS:,}-character limit",
                         source=origin.source)


def _sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def normalize_date(value: Any) -> str:
    """YYYY-MM-DD from a date field (text in any usual form, or a Unix timestamp), else ""."""
    if isinstance(value, (int, float, decimal.Decimal)) and not isinstance(value, bool):
        return _from_timestamp(value)
    if not isinstance(value, str):  # null, true/false, an object or a list: no date
        return ""
    if re.fullmatch(r"\d{10}|\d{13}", value.strip()):
        return _from_timestamp(int(value))
    text = unicodedata.normalize("NFKC", value)
    return _first_valid_date(_DATE, text) or _first_valid_date(_COMPACT_DATE, text)


def _from_timestamp(value: float | decimal.Decimal) -> str:
    try:
        seconds = float(value)
        if seconds > 1e11:
            seconds /= 1000  # milliseconds
        return dt.datetime.fromtimestamp(seconds, CHINA_TIME).date().isoformat()
    except (OverflowError, OSError, ValueError):  # out of range, or NaN
        return ""


def date_from_url(url: str) -> str:
    """News URLs often carry the date: …/html/2019-12/24/…, …_20191224_…"""
    if not url:
        return ""
    return _first_valid_date(_COMPACT_DATE, url) or _first_valid_date(_DATE, url)


def find_date(text: str) -> str:
    """The first full date (2021年12月31日, 2024-03-28, 2024/3/28) in the first lines of a text."""
    lines = [line for line in text.splitlines() if line.strip()][:DATE_LINES]
    return _first_valid_date(_DATE, unicodedata.normalize("NFKC", "\n".join(lines)))


def _first_valid_date(pattern: re.Pattern, text: str) -> str:
    for match in pattern.finditer(text):
        try:
            return dt.date(*(int(group) for group in match.groups())).isoformat()
        except ValueError:
            continue
    return ""
