"""ingest/sources: files of any format and encoding → Article records, or one-line errors."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from ecograph.errors import InputError
from ecograph.ingest.models import Article
from ecograph.ingest.sources import (
    MAX_ARTICLE_CHARS,
    ReadResult,
    date_from_url,
    decode,
    find_date,
    iter_paths,
    normalize_date,
    read_bytes,
    read_file,
    read_paths,
    read_text,
    sniff_format,
    strip_site_name,
)
from tests.conftest import NO_SHARED, SEEDS

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=NO_SHARED)

SIMPLIFIED = "中关村医疗器械园有限公司与北京市大兴区人民政府合作共建中关村医疗器械园。"
TRADITIONAL = "中關村醫療器械園有限公司總經理何建濤在會議上致辭。"


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def error_of(path: Path, **options) -> str:
    with pytest.raises(InputError) as caught:
        read_file(path, **options)
    return caught.value.line()


# --- finding files -----------------------------------------------------------------------------------


def test_iter_paths_walks_folders_sorted_and_skips_hidden_and_foreign_files(tmp_path):
    for name in ("b.json", "a.txt", "sub/c.html", "sub/d.jsonl", "page.htm", "noext", "UPPER.TXT",
                 ".hidden.txt", ".git/config.txt", "notes.md"):
        write(tmp_path, name, "{}")
    write(tmp_path, "image.png", b"\x89PNG\r\n\x1a\n\x00\x00")
    write(tmp_path, "binary_noext", b"\x00\x01\x02")
    lone = write(tmp_path / "elsewhere", "lone.dat", "正文")
    found = list(iter_paths([tmp_path, lone, tmp_path / "a.txt", tmp_path / "missing.txt"]))
    assert [str(p.relative_to(tmp_path)) for p in found] == [
        "UPPER.TXT", "a.txt", "b.json", "noext", "page.htm", "sub/c.html", "sub/d.jsonl",
        "elsewhere/lone.dat", "missing.txt",
    ]


def test_iter_paths_takes_a_single_path(tmp_path):
    path = write(tmp_path, "a.txt", "正文")
    assert list(iter_paths(str(path))) == [path]


# --- formats ----------------------------------------------------------------------------------------------


def test_a_json_object_in_a_txt_file_is_read_as_json(tmp_path):
    record = {"url": "http://example.cn/2019-12/24/a.htm", "title": "园区 创新前行", "text": SIMPLIFIED,
              "date": "2019-12-24", "comments": []}
    path = write(tmp_path, "000.txt", json.dumps(record, ensure_ascii=False))
    assert read_file(path) == ReadResult(
        [Article(id=sha1(record["url"])[:16], source=str(path), title="园区 创新前行", raw_text=SIMPLIFIED,
                 url=record["url"], date="2019-12-24", content_hash=sha1(SIMPLIFIED))],
        [],
    )


def test_json_field_names_vary(tmp_path):
    record = {"Title": "标题", "publish_time": 1640908800, "content": ["第一段。", "第二段。"]}
    path = write(tmp_path, "a.json", json.dumps(record, ensure_ascii=False))
    [article] = read_file(path).articles
    assert (article.title, article.date, article.url) == ("标题", "2021-12-31", "")
    assert article.raw_text == "第一段。\n第二段。"
    assert article.id == sha1(str(path.resolve()))[:16]


def test_json_text_given_as_html_becomes_plain_text(tmp_path):
    path = write(tmp_path, "a.json", json.dumps({"body": "<p>第一段&amp;。</p><p>第二段。<br/>第三段。</p>"}))
    assert read_file(path).articles[0].raw_text == "第一段&。\n第二段。\n第三段。\n"


def test_a_json_list_gives_one_article_per_item_and_reports_bad_items(tmp_path):
    items = [{"text": "第一篇。"}, {"title": "无正文"}, {"text": "第三篇。", "url": "http://a.cn/3"}]
    path = write(tmp_path, "list.json", json.dumps(items, ensure_ascii=False))
    articles, problems = read_file(path)
    assert [(a.id, a.raw_text) for a in articles] == [
        (sha1(f"{path.resolve()}#1")[:16], "第一篇。"),
        (sha1("http://a.cn/3")[:16], "第三篇。"),
    ]
    assert [p.line() for p in problems] == [
        f"{path}: item 2: no text field (looked for text, content, body, article, raw_text, maintext, "
        "main_text, fulltext) [E101]"
    ]


def test_jsonl_with_a_bad_line_returns_the_good_lines_and_reports_the_bad_one(tmp_path):
    lines = ['{"text": "第一篇。", "date": "2024/3/28"}', "", '{"text": "第二篇。"', '{"text": "第三篇。"}']
    path = write(tmp_path, "a.jsonl", "\n".join(lines))
    articles, problems = read_file(path)
    assert [(a.raw_text, a.date) for a in articles] == [("第一篇。", "2024-03-28"), ("第三篇。", "")]
    assert articles[0].id != articles[1].id
    assert [p.line() for p in problems] == [
        f"{path}: line 3: not valid JSON: Expecting ',' delimiter (column 16) [E101]"
    ]


def test_jsonl_content_in_a_json_file_is_read_as_lines(tmp_path):
    path = write(tmp_path, "a.json", '{"text": "第一篇。"}\n{"text": "第二篇。"}\n')
    assert [a.raw_text for a in read_file(path).articles] == ["第一篇。", "第二篇。"]


def test_a_text_file_has_its_title_on_the_first_real_line(tmp_path):
    path = write(tmp_path, "a.txt", "\n.\n视觉中国供图\n  南山举办圆桌峰会  \n\n2021年12月31日,峰会举办。\n")
    [article] = read_file(path).articles
    assert (article.title, article.date) == ("南山举办圆桌峰会", "2021-12-31")
    assert article.raw_text == "\n2021年12月31日,峰会举办。\n"


def test_a_text_file_starting_with_a_paragraph_has_no_title(tmp_path):
    path = write(tmp_path, "a.txt", "园区成立于2012年。\n园区已完成一期建设。\n")
    [article] = read_file(path).articles
    assert (article.title, article.raw_text) == ("", "园区成立于2012年。\n园区已完成一期建设。\n")


HTML_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>张江医疗器械产业基地扩容_科技日报</title>
<meta property="article:published_time" content="2021-12-31T08:00:00+08:00"></head>
<body><div class="nav"><a href="/">首页</a> &gt; <a href="/n">园区</a></div>
<article><h1>张江医疗器械产业基地扩容</h1>
<p>张江医疗器械产业基地揭牌成立，在原张江现代医疗器械城的基础上扩容至4.23平方公里。</p>
<p>仁度生物是张江医疗器械产业基地首批签约企业之一。</p></article>
<div class="footer">版权所有 沪ICP备12345678号</div></body></html>"""


def test_an_html_page_gives_its_text_title_and_date(tmp_path):
    path = write(tmp_path, "page.html", HTML_PAGE)
    [article] = read_file(path).articles
    assert (article.title, article.date) == ("张江医疗器械产业基地扩容", "2021-12-31")
    assert article.raw_text == (
        "张江医疗器械产业基地揭牌成立，在原张江现代医疗器械城的基础上扩容至4.23平方公里。\n"
        "仁度生物是张江医疗器械产业基地首批签约企业之一。"
    )


def test_html_is_recognised_by_content_too():
    assert sniff_format(HTML_PAGE, ".txt") == "html"
    assert sniff_format("  {\"text\": 1}", ".txt") == "json"
    assert sniff_format("[{}]", "") == "json"
    assert sniff_format("[图片]园区", ".txt") == "text"
    assert sniff_format("正文", ".jsonl") == "jsonl"


def test_site_names_are_cut_from_titles():
    assert strip_site_name("中关村医疗器械园 创新前行在路上--人民网") == "中关村医疗器械园 创新前行在路上"
    assert strip_site_name("张江医疗器械产业基地扩容_科技日报") == "张江医疗器械产业基地扩容"
    assert strip_site_name("大赛——国际再生医学产业园签约仪式") == "大赛——国际再生医学产业园签约仪式"


def test_pasted_text():
    assert read_text("园区快讯\n2024-03-28 园区召开闭门会。") == Article(
        id=sha1("2024-03-28 园区召开闭门会。")[:16], source="pasted", title="园区快讯",
        raw_text="2024-03-28 园区召开闭门会。", date="2024-03-28", content_hash=sha1("2024-03-28 园区召开闭门会。"),
    )
    assert read_text("正文。", source="upload.txt", title="标题").title == "标题"


def test_upload_bytes_get_an_id_from_their_content():
    [article] = read_bytes(SIMPLIFIED.encode("gbk"), "upload.txt").articles
    assert (article.id, article.raw_text) == (sha1(SIMPLIFIED)[:16], SIMPLIFIED)


# --- encodings ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (SIMPLIFIED, "gbk"),
        (SIMPLIFIED, "gb18030"),
        (TRADITIONAL, "big5"),
        (TRADITIONAL, "gbk"),
        (SIMPLIFIED, "utf-8-sig"),
        (SIMPLIFIED, "utf-16"),
        (SIMPLIFIED + "\n" + TRADITIONAL, "utf-8"),
    ],
)
def test_chinese_encodings_are_decoded(text, encoding):
    assert decode(text.encode(encoding), "a.txt") == text


def test_a_file_cut_mid_character_loses_only_that_character():
    assert decode(SIMPLIFIED.encode("utf-8")[:-1], "a.txt") == SIMPLIFIED[:-1]


def test_a_declared_html_charset_is_honoured(tmp_path):
    page = HTML_PAGE.replace("utf-8", "gbk").encode("gbk")
    path = write(tmp_path, "page.htm", page)
    assert read_file(path).articles[0].title == "张江医疗器械产业基地扩容"


# --- errors -------------------------------------------------------------------------------------------


def test_empty_file(tmp_path):
    path = write(tmp_path, "empty.txt", " \n\n")
    assert error_of(path) == f"{path}: file is empty [E101]"


def test_binary_file(tmp_path):
    path = write(tmp_path, "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert error_of(path) == f"{path}: binary file (contains NUL bytes), not text [E101]"


def test_undecodable_bytes(tmp_path):
    path = write(tmp_path, "bad.txt", b"abc\xff\x80\xfe\x81" * 20)
    assert error_of(path) == (
        f"{path}: undecodable bytes: neither UTF-8 (byte 0xff at offset 3) nor GB18030/Big5 text [E101]"
    )


def test_malformed_json(tmp_path):
    path = write(tmp_path, "bad.json", '{"title": "标题", "text": }')
    assert error_of(path) == f"{path}: not valid JSON: Expecting value (line 1 column 25) [E101]"


def test_json_without_text(tmp_path):
    path = write(tmp_path, "a.json", '{"title": "标题", "url": "http://a.cn"}')
    assert error_of(path) == (
        f"{path}: no text field (looked for text, content, body, article, raw_text, maintext, main_text, "
        "fulltext) [E101]"
    )


def test_json_of_the_wrong_shape(tmp_path):
    path = write(tmp_path, "a.json", "42")
    assert error_of(path) == f"{path}: JSON holds a number, not an article object or a list of them [E101]"


def test_jsonl_without_a_good_line(tmp_path):
    path = write(tmp_path, "a.jsonl", '{"text": \n[1]\n')
    assert error_of(path) == (
        f"{path}: no readable article: line 1: not valid JSON: Expecting value (column 10) "
        "(and 1 more) [E101]"
    )


def test_file_over_the_size_limit(tmp_path):
    path = write(tmp_path, "big.txt", "标题\n" + "正文。" * 1000)
    assert error_of(path, max_bytes=2048) == f"{path}: file is 8.8 KB, larger than the 2 KB limit [E101]"


def test_html_without_article_text(tmp_path):
    page = "<html><head><title>x</title></head><body><script>var a=1;</script></body></html>"
    path = write(tmp_path, "empty.html", page)
    assert error_of(path) == f"{path}: HTML page has no article text [E101]"


def test_missing_file(tmp_path):
    path = tmp_path / "missing.txt"
    assert error_of(path) == f"{path}: no such file [E101]"


def test_read_paths_never_stops_at_a_bad_file(tmp_path):
    write(tmp_path, "a.txt", "标题\n正文。")
    write(tmp_path, "b.json", "{")
    write(tmp_path, "c.jsonl", '{"text": "一。"}\n{')
    articles, problems = read_paths(tmp_path)
    assert [a.raw_text for a in articles] == ["正文。", "一。"]
    assert [p.line() for p in problems] == [
        f"{tmp_path / 'b.json'}: not valid JSON: Expecting property name enclosed in double quotes "
        "(line 1 column 2) [E101]",
        f"{tmp_path / 'c.jsonl'}: line 2: not valid JSON: Expecting property name enclosed in double quotes "
        "(column 2) [E101]",
    ]


# --- dates ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019-12-24", "2019-12-24"),
        ("2019-12-24T08:00:00+08:00", "2019-12-24"),
        ("2019/1/5 10:00", "2019-01-05"),
        ("2021年12月31日", "2021-12-31"),
        ("２０２１年１２月３１日", "2021-12-31"),
        ("20191224", "2019-12-24"),
        (1640908800, "2021-12-31"),
        ("1640908800000", "2021-12-31"),
        ("2019-13-45", ""),
        ("昨天", ""),
        (None, ""),
    ],
)
def test_normalize_date(value, expected):
    assert normalize_date(value) == expected


def test_dates_from_urls_and_first_lines():
    url = "http://paper.people.com.cn/rmrb/html/2019-12/24/nw.D110000renmrb_20191224_1-08.htm"
    assert date_from_url(url) == "2019-12-24"
    assert date_from_url("http://a.cn/news/123.html") == ""
    assert find_date("标题\n\n2021年12月31日,科技日报记者获悉。\n2022年1月1日起施行。") == "2021-12-31"
    assert find_date("12月12日,峰会举办。") == ""


# --- the seed articles ------------------------------------------------------------------------------


@needs_seeds
def test_every_seed_reads():
    articles, problems = read_paths(SEEDS)
    assert problems == []
    assert [Path(a.source).name[:3] for a in articles] == ["000", "001", "002", "003", "004"]
    assert all(a.raw_text.strip() and a.title and len(a.id) == 16 for a in articles)


@needs_seeds
def test_seed_000_is_json_with_url_title_and_date():
    [article] = read_file(next(SEEDS.glob("000_*"))).articles
    url = "http://paper.people.com.cn/rmrb/html/2019-12/24/nw.D110000renmrb_20191224_1-08.htm"
    assert (article.url, article.date, article.id) == (url, "2019-12-24", sha1(url)[:16])
    assert article.title == "中关村医疗器械园 创新前行在路上"
    assert article.raw_text.startswith("为了充分释放医疗器械及相关产业科研的活力")


@needs_seeds
def test_text_seeds_have_titles_and_dates():
    titles = {}
    for prefix in ("001", "002", "003", "004"):
        [article] = read_file(next(SEEDS.glob(f"{prefix}_*"))).articles
        titles[prefix] = (article.title, article.date)
    assert titles == {
        "001": ("基地扩容 平台升级 这里的医疗器械产业驶上“快车道”", "2021-12-31"),
        "002": ("中關村國際前沿科技大賽再生醫學產業園投融資閉門會:推動臨空經濟區創新發展", ""),
        "003": ("南山举办医疗器械产业链产学研圆桌峰会,专", ""),
        "004": ("共话政策扶持与产业创新,东久新宜医疗器械企业闭门会成功举办", ""),
    }


@needs_seeds
@pytest.mark.parametrize(("prefix", "encoding"), [("001", "gbk"), ("002", "big5"), ("003", "gb18030")])
def test_seeds_saved_in_chinese_encodings_read_back(prefix, encoding):
    text = next(SEEDS.glob(f"{prefix}_*")).read_text(encoding="utf-8")
    text = text.encode(encoding, errors="ignore").decode(encoding)  # drop what the encoding lacks
    assert decode(text.encode(encoding), "seed.txt") == text


def test_html_with_only_navigation_has_no_article(tmp_path):
    page = "<html><body><nav>首页 | 新闻中心 | 联系我们</nav><footer>版权所有</footer></body></html>"
    path = write(tmp_path, "menu.html", page)
    assert error_of(path) == f"{path}: HTML page has no article text [E101]"


# --- hostile input: each gives the right article or one line, never an exception -------------------

GOOD = "北京衡知医疗科技有限公司落户中关村医疗器械园，专注于医学影像领域。"


def test_an_integer_too_long_for_python_is_kept_as_a_number_and_the_article_read(tmp_path):
    path = write(tmp_path, "views.json", '{"title": "标题", "text": "%s", "views": %s}' % (GOOD, "9" * 5000))
    assert [a.raw_text for a in read_file(path).articles] == [GOOD]
    line = write(tmp_path, "a.jsonl", '{"text": "%s", "date": %s}\n{"text": "二。"}' % (GOOD, "9" * 5000))
    assert [(a.raw_text, a.date) for a in read_file(line).articles] == [(GOOD, ""), ("二。", "")]


@pytest.mark.parametrize("date", ["9" * 400, "1e400", "-1e400", "NaN", "Infinity", "[[[1]]]", '{"y": 2024}'])
def test_a_date_that_is_no_date_leaves_the_article_undated(tmp_path, date):
    path = write(tmp_path, "a.json", '{"text": "%s", "date": %s}' % (GOOD, date))
    assert [(a.raw_text, a.date) for a in read_file(path).articles] == [(GOOD, "")]


def test_json_nested_too_deeply_is_one_line(tmp_path):
    deep = write(tmp_path, "deep.json", '{"text": "%s", "x": %s1%s}' % (GOOD, "[" * 100_000, "]" * 100_000))
    assert error_of(deep) == f"{deep}: not valid JSON: nested too deeply [E101]"
    lines = write(tmp_path, "deep.jsonl", '{"text": "一。"}\n' + "[" * 100_000 + "]" * 100_000)
    articles, problems = read_file(lines)
    assert [a.raw_text for a in articles] == ["一。"]
    assert [p.line() for p in problems] == [f"{lines}: line 2: not valid JSON: nested too deeply [E101]"]


def test_a_lone_surrogate_becomes_a_replacement_character(tmp_path):
    path = write(tmp_path, "a.json", '{"title": "x\\ud800", "text": "%s\\udfff", "url": "http://a.cn/\\ud800"}' % GOOD)
    [article] = read_file(path).articles
    assert (article.title, article.raw_text, article.url) == ("x\ufffd", GOOD + "\ufffd", "http://a.cn/\ufffd")
    assert article.content_hash == sha1(GOOD + "\ufffd")
    assert read_text("x\ud800\n" + GOOD).title == "x\ufffd"


def test_nul_and_other_control_characters_never_reach_an_article(tmp_path):
    controls = "".join(chr(c) for c in [*range(0x00, 0x09), *range(0x0e, 0x20), 0x7f, *range(0x80, 0x85), *range(0x86, 0xa0)])
    record = {"title": "标\u0000题", "url": "http://a.cn/\u0001", "text": "北京衡知\u0000医疗科技有限公司" + controls + "落户。"}
    path = write(tmp_path, "a.json", json.dumps(record))
    [article] = read_file(path).articles
    assert (article.title, article.url, article.raw_text) == ("标题", "http://a.cn/", "北京衡知医疗科技有限公司落户。")
    # line breaks of other kinds are line breaks; tabs and CR stay as written
    [lines] = read_file(write(tmp_path, "b.json", json.dumps({"text": "一\u000b二\u000c三\u0085四\t五\r\n六"}))).articles
    assert lines.raw_text == "一\n二\n三\n四\t五\r\n六"
    assert read_text("标题\u0000\n正文\u0000。").raw_text == "正文。"


@pytest.mark.parametrize(("field", "value", "kind"), [
    ("title", {"zh": "标题"}, "an object"), ("title", ["标题"], "a list"), ("title", True, "true/false"),
    ("url", {"href": "http://a.cn"}, "an object"), ("url", ["http://a.cn"], "a list"),
])
def test_a_title_or_url_that_is_not_text_is_one_line(tmp_path, field, value, kind):
    path = write(tmp_path, "a.json", json.dumps({"text": GOOD, field: value}))
    assert error_of(path) == f"{path}: {field} field {field!r} is {kind}, not text [E101]"


def test_a_numeric_title_is_taken_as_its_digits(tmp_path):
    path = write(tmp_path, "a.json", json.dumps({"text": GOOD, "title": 2024}))
    assert read_file(path).articles[0].title == "2024"


def test_an_article_over_the_length_limit_is_one_line_and_the_batch_goes_on(tmp_path):
    long_line = write(tmp_path, "long.txt", "标题\n" + "医" * (MAX_ARTICLE_CHARS + 1))
    lines = write(tmp_path, "b.jsonl", json.dumps({"text": "医" * (MAX_ARTICLE_CHARS + 1)}) + "\n" + json.dumps({"text": GOOD}))
    articles, problems = read_paths([long_line, lines])
    assert [a.raw_text for a in articles] == [GOOD]
    limit = f"{MAX_ARTICLE_CHARS:,}"  # title and text together
    assert [p.line() for p in problems] == [
        f"{long_line}: article is {MAX_ARTICLE_CHARS + 3:,} characters long, over the {limit}-character limit [E101]",
        f"{lines}: line 1: article is {MAX_ARTICLE_CHARS + 1:,} characters long, over the {limit}-character limit [E101]",
    ]
    with pytest.raises(InputError, match="over the"):
        read_text("医" * (MAX_ARTICLE_CHARS + 1))


def test_characters_that_normalisation_expands_count_against_the_limit():
    # NFKC makes U+FDFA eighteen characters: the limit holds for the text extraction sees
    with pytest.raises(InputError, match=f"over the {MAX_ARTICLE_CHARS:,}-character limit"):
        read_text("标题\n" + "\ufdfa" * (MAX_ARTICLE_CHARS // 18 + 1))


def test_a_ten_megabyte_line_is_refused_before_extraction_would_choke_on_it(tmp_path):
    from ecograph.ingest.pipeline import build_nlp

    assert MAX_ARTICLE_CHARS < build_nlp().max_length  # spaCy's E088 can never be reached
    path = write(tmp_path, "one_line.txt", "a" * 10_000_000)
    assert "over the" in error_of(path)


def test_uploaded_bytes_have_the_size_limit_too():
    with pytest.raises(InputError) as caught:
        read_bytes(("标题\n" + "正文。" * 1000).encode(), "big.txt", max_bytes=2048)
    assert caught.value.line() == "big.txt: file is 8.8 KB, larger than the 2 KB limit [E101]"


# --- special files ----------------------------------------------------------------------------------


def test_a_fifo_is_refused_at_once_named_or_in_a_folder(tmp_path):
    import os

    os.mkfifo(tmp_path / "pipe.txt")
    os.mkfifo(tmp_path / "pipe")
    write(tmp_path, "a.txt", "标题\n" + GOOD)
    articles, problems = read_paths([tmp_path, tmp_path / "pipe.txt"])
    assert [a.raw_text for a in articles] == [GOOD]
    assert [p.line() for p in problems] == [
        f"{tmp_path / 'pipe'}: is a FIFO, not a regular file [E101]",
        f"{tmp_path / 'pipe.txt'}: is a FIFO, not a regular file [E101]",
    ]


def test_a_device_is_never_read(tmp_path):
    assert error_of(Path("/dev/zero")) == "/dev/zero: is a character device, not a regular file [E101]"


def test_a_file_larger_than_it_says_is_read_only_up_to_the_limit(tmp_path):
    # /proc files report a size of 0 whatever they hold
    assert error_of(Path("/proc/self/smaps"), max_bytes=16) == "/proc/self/smaps: file is over the 16 bytes limit [E101]"
