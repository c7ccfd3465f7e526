"""Fuzzing the reader, normalisation, extraction and the loader with hypothesis.

Whatever the input (any bytes, any JSON, any text: huge numbers, deep nesting, lone surrogates,
NUL and control characters, very long lines, long enumerations), the reader returns articles or
raises InputError, normalisation and extraction return, and the loader stores it whole.

CI runs a fixed, bounded set (derandomized: the same 1,580 cases every run, well under a minute
on two cores); `make fuzz` runs FUZZ_SCALE=20 times as many, and larger ones (1M-character lines,
enumerations of 10,000 names), with fresh random seeds, and prints hypothesis's statistics.
"""
from __future__ import annotations

import json
import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ecograph.errors import InputError
from ecograph.graph.falkordb_store import FalkorDBStore
from ecograph.graph.loader import GraphBatch, load, sendable
from ecograph.ingest.models import Article
from ecograph.ingest.normalize import normalize
from ecograph.ingest.pipeline import extract
from ecograph.ingest.sources import MAX_ARTICLE_CHARS, read_bytes, read_text
from tests.hostile import GOOD, enumeration

SCALE = int(os.environ.get("FUZZ_SCALE", "1"))
LONG = SCALE > 1
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                 HealthCheck.function_scoped_fixture])
settings.register_profile("long", parent=settings.get_profile("ci"), derandomize=False)
settings.load_profile("long" if LONG else "ci")


def cases(n: int) -> settings:
    return settings(max_examples=n * SCALE)


NEVER_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
every_char = st.characters(exclude_categories=())  # every code point, lone surrogates included
hostile_char = st.sampled_from(["\x00", "\x01", "\x0b", "\x1b", "\x7f", "\x85", "\u2028", "\ud800", "\udfff",
                                "\ufeff", "\u200b", "\u202e", "\ufdfa", "\u0301", "、", "。", "等", "\n", "\r"])
words = st.sampled_from(["北京", "衡知", "医疗科技有限公司", "中关村医疗器械园", "落户", "入驻", "张江", "与", "签署",
                         "战略合作协议", "（以下简称", "）", "“", "”", "总经理", "医院", "基金", "投资", "亿元"])
plain_text = st.text(every_char, max_size=300)
mixed_text = st.lists(st.one_of(words, hostile_char, st.text(every_char, max_size=5)), max_size=80).map("".join)
long_line = st.builds(lambda unit, n: unit * n, st.text(every_char, min_size=1, max_size=4),
                      st.integers(1, (1_000_000 if LONG else 50_000)))
any_text = st.one_of(plain_text, mixed_text, long_line)

json_scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), plain_text, mixed_text,
                        st.integers(4300, 6000).map(lambda n: int("9" * 40) if n < 0 else "9" * n))
json_value = st.recursive(json_scalar, lambda inner: st.one_of(
    st.lists(inner, max_size=5), st.dictionaries(st.sampled_from(["text", "title", "date", "url", "content", "x"]),
                                                 inner, max_size=6)), max_leaves=30)


def to_json_bytes(value: object) -> bytes:
    """JSON text of `value`: a digit string of 4,300+ digits becomes a bare number literal."""
    text = json.dumps(value, ensure_ascii=True)  # lone surrogates travel as \\udxxx escapes
    return re.sub(r'"(9{4300,})"', r"\1", text).encode()


json_document = st.one_of(
    json_value.map(to_json_bytes),
    st.builds(lambda depth, inner: ("[" * depth + inner + "]" * depth).encode(), st.integers(1, 200_000),
              st.sampled_from(["1", '{"text": "%s"}' % GOOD, ""])),
    st.lists(json_value.map(to_json_bytes), min_size=1, max_size=8).map(b"\n".join),
)
suffixes = st.sampled_from(["", ".txt", ".json", ".jsonl", ".html"])


def assert_clean(result) -> None:
    for article in result.articles:
        assert not NEVER_IN_TEXT.search(article.title + article.raw_text + article.url)
        assert len(article.title) + len(article.raw_text) <= MAX_ARTICLE_CHARS
        article.raw_text.encode("utf-8")


@cases(400)
@given(data=st.one_of(st.binary(max_size=3000), json_document, any_text.map(lambda t: t.encode("utf-8", "surrogatepass"))),
       suffix=suffixes)
def test_the_reader_returns_articles_or_one_input_error(data, suffix):
    try:
        result = read_bytes(data, "fuzz" + suffix, suffix=suffix)
    except InputError as error:
        assert "\n" not in error.line()
        return
    assert_clean(result)


@cases(300)
@given(doc=json_document, suffix=st.sampled_from([".json", ".jsonl", ".txt"]))
def test_json_of_any_shape_is_read_or_one_input_error(doc, suffix):
    try:
        result = read_bytes(doc, "fuzz" + suffix, suffix=suffix)
    except InputError as error:
        assert "\n" not in error.line()
        return
    assert_clean(result)


@cases(200)
@given(text=any_text)
def test_pasted_text_is_an_article_or_one_input_error(text):
    try:
        article = read_text(text)
    except InputError:
        return
    assert not NEVER_IN_TEXT.search(article.title + article.raw_text)


no_surrogates = st.characters(exclude_categories=("Cs",))  # every code point a str can encode
text_for_extraction = st.one_of(st.text(no_surrogates, max_size=300),
                                mixed_text.map(lambda t: t.replace("\ud800", "").replace("\udfff", "")),
                                st.builds(lambda unit, n: unit * n, st.text(no_surrogates, min_size=1, max_size=4),
                                          st.integers(1, (1_000_000 if LONG else 50_000))))


@cases(400)
@given(text=text_for_extraction)
def test_normalisation_keeps_a_map_back_to_every_character(text):
    norm = normalize(text)
    assert len(norm.offsets) == len(norm.text)
    assert all(0 <= offset < len(text) for offset in norm.offsets)
    assert all(0 <= start <= end <= len(norm.text) for start, end in norm.sentences)


article_text = st.one_of(st.text(no_surrogates, max_size=300),
                         mixed_text.map(lambda t: t.replace("\ud800", "").replace("\udfff", "")),
                         st.integers(1, 10_000 if LONG else 60).map(enumeration),
                         st.builds(lambda unit, n: unit * n, st.text(no_surrogates, min_size=1, max_size=3),
                                   st.integers(1, (200_000 if LONG else 3_000))))


@cases(200)
@given(text=article_text, title=st.one_of(st.just(""), st.text(no_surrogates, max_size=100)))
def test_extraction_never_raises_whatever_the_text(text, title):
    extraction = extract(Article(id="fuzz", source="fuzz.txt", title=title, raw_text=text, content_hash="h"))
    json.dumps(extraction.to_contract(), ensure_ascii=False)  # the --json contract can always be printed
    for entity in extraction.entities:
        for mention in entity.mentions:
            assert 0 <= mention.start < mention.end <= len(extraction.text)


def test_normalisation_of_a_lone_surrogate():
    assert normalize("医疗\ud800器械").text == "医疗\ufffd器械"  # one character for one: offsets hold


def test_extraction_of_a_lone_surrogate():
    extraction = extract(Article(id="x", source="x.txt", title="", raw_text="北京衡知医疗科技有限公司\udfff",
                                 content_hash="h"))
    assert "北京衡知医疗科技有限公司" in {e.name for e in extraction.entities}


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    with FalkorDBStore(tmp_path_factory.mktemp("fuzz") / "graph.db") as store:
        store.ensure_schema()
        yield store


@cases(80)
@given(names=st.lists(st.one_of(plain_text, mixed_text).filter(bool), min_size=1, max_size=20, unique=True),
       title=any_text)
def test_the_loader_stores_any_text_whole(graph, names, title):
    graph.clear()
    batch = GraphBatch(
        articles=[{"id": "a", "url": title, "title": title, "date": "", "source": "fuzz"}],
        nodes=[{"id": f"company:{i}", "label": "Company", "name": name, "aliases": names[:3], "region": ""}
               for i, name in enumerate(names)],
        mentions=[{"entity_id": f"company:{i}", "article_id": "a"} for i in range(len(names))],
    )
    report = load(graph, batch)
    assert report.nodes == {"Article": 1, "Company": len(names)}
    stored = graph.read("MATCH (n:Company) RETURN n.id, n.name, n.aliases").rows
    expected = sendable(batch).nodes
    assert sorted(stored) == sorted([n["id"], n["name"], n["aliases"]] for n in expected)
    assert graph.read("MATCH (a:Article) RETURN a.title").rows == [[sendable(batch).articles[0]["title"]]]
