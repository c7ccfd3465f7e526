"""A corpus of hostile inputs: what a news page, a scraper or a careless user can hand the reader.

`hostile_inputs()` gives (name, content) pairs, generated here rather than kept as files (some
are megabytes); `write_hostile(folder)` writes them, with the special files (a FIFO, a device, a
folder named like an article, links that lead nowhere) beside them. Each must give the right
articles or one line naming the file, and must never stop a batch: tests/test_hostile.py holds
the reader and a batch to that, tools/hostile_batch.py re-runs the experiment of issue 14 (each
input ingested with good articles, in a process of its own) and prints the figures.
"""
from __future__ import annotations

import codecs
import json
import os
from pathlib import Path

GOOD = "北京衡知医疗科技有限公司落户中关村医疗器械园，专注于医学影像领域。"
XSS = ('<script>alert(1)</script>', '"><img src=x onerror=alert(2)>', "javascript:alert(3)",
       "<svg onload=alert(4)>", "[link](javascript:alert(5))", "{{7*7}}<iframe src=javascript:alert(6)>")


def _json(record: object) -> bytes:
    return json.dumps(record, ensure_ascii=False).encode("utf-8")


def _raw_json(text: str) -> bytes:
    return text.encode("utf-8")


def enumeration(n: int) -> str:
    """An enumeration of `n` invented companies ("A、B、…等n家企业"), one article."""
    names = "、".join(f"{_brand(i)}医疗" for i in range(n))
    return f"{names}等{n}家企业入驻张江医疗器械产业基地。"


def _brand(i: int) -> str:
    chars = "瑞康泽衡润航泰博安景鸿远"
    out = ""
    while True:
        out = chars[i % len(chars)] + out
        i //= len(chars)
        if not i:
            return out + "科"


def hostile_inputs(large: bool = True) -> list[tuple[str, bytes]]:
    """(file name, bytes). `large` adds the multi-megabyte ones."""
    nines = "9" * 5000
    inputs: list[tuple[str, bytes]] = [
        # numbers Python cannot hold, and dates that are no date
        ("huge_int_field.json", _raw_json('{"title": "t", "text": "%s", "views": %s}' % (GOOD, nines))),
        ("huge_int_line.jsonl", _raw_json('{"text": "%s", "n": %s}\n{"text": "一。"}' % (GOOD, nines))),
        ("huge_negative.json", _raw_json('{"text": "%s", "n": -%s}' % (GOOD, nines))),
        ("date_nines.json", _raw_json('{"text": "%s", "date": %s}' % (GOOD, "9" * 400))),
        ("date_float_overflow.json", _raw_json('{"text": "%s", "date": 1e400}' % GOOD)),
        ("date_nan.json", _raw_json('{"text": "%s", "date": NaN}' % GOOD)),
        ("date_object.json", _raw_json('{"text": "%s", "date": {"y": 2024, "m": [1]}}' % GOOD)),
        ("date_string_nines.json", _json({"text": GOOD, "date": "9" * 13})),
        ("date_negative.json", _json({"text": GOOD, "date": -1e18})),
        # nesting
        ("deep_array.json", _raw_json('{"text": "%s", "x": %s1%s}' % (GOOD, "[" * 100_000, "]" * 100_000))),
        ("deep_object.json", _raw_json('{"text": "%s", "x": %s1%s}' % (GOOD, '{"a":' * 50_000, "}" * 50_000))),
        ("deep_line.jsonl", _raw_json('{"text": "一。"}\n' + "[" * 100_000 + "]" * 100_000)),
        ("deep_text.json", _raw_json('{"text": %s"%s"%s}' % ("[" * 900, GOOD, "]" * 900))),
        # lone surrogates and control characters
        ("surrogate_title.json", _raw_json('{"title": "x\\ud800", "text": "%s"}' % GOOD)),
        ("surrogate_text.json", _raw_json('{"text": "%s\\udfff\\ud800\\ud800"}' % GOOD)),
        ("surrogate_key.json", _raw_json('{"\\ud800": 1, "text": "%s"}' % GOOD)),
        ("nul_in_name.json", _raw_json('{"text": "北京衡知\\u0000医疗科技有限公司落户中关村医疗器械园。"}')),
        ("nul_in_title.json", _raw_json('{"title": "\\u0000\\u0000", "text": "%s"}' % GOOD)),
        ("all_controls.json", _json({"text": "".join(map(chr, range(32))) + GOOD + "\x7f\x85\x9f"})),
        ("controls.txt", ("标题\x01\x02\n" + GOOD.replace("医疗", "医\x1b疗") + "\x0b\x0c").encode()),
        ("nul_byte.txt", ("标题\n" + GOOD).encode() + b"\x00\x00"),
        ("bidi_and_zero_width.txt", ("\u202e标题\u200b\n\u2066" + GOOD.replace("医", "医\u200d") + "\ufeff").encode()),
        ("combining_marks.txt", ("标题\n" + "医" + "\u0301" * 20_000 + GOOD).encode()),
        ("nfkc_expansion.txt", ("标题\n" + "\ufdfa" * 20_000).encode()),
        # lengths
        ("ten_thousand_lines.jsonl", "\n".join(["{bad"] * 10_000 + [json.dumps({"text": GOOD}, ensure_ascii=False)]).encode()),
        ("many_keys.json", _json({**{f"k{i}": i for i in range(100_000)}, "text": GOOD})),
        ("long_key.json", _json({"k" * 1_000_000: 1, "text": GOOD})),
        ("list_of_junk.json", _json([1, "x", None, [], {"no": "text"}, {"text": GOOD}])),
        ("thousand_item_enumeration.txt", ("标题\n" + enumeration(1000)).encode()),
        ("newlines_only_text.json", _json({"text": "\n" * 1_000_000 + GOOD})),
        ("punctuation_only.txt", ("。，、" * 10_000).encode()),
        # fields of the wrong kind
        ("title_dict.json", _json({"title": {"zh": "标题"}, "text": GOOD})),
        ("title_list.json", _json({"title": ["标题"], "text": GOOD})),
        ("title_bool.json", _json({"title": True, "text": GOOD})),
        ("title_number.json", _json({"title": 2024, "text": GOOD})),
        ("url_dict.json", _json({"url": {"href": "http://a.cn"}, "text": GOOD})),
        ("text_number.json", _json({"text": 42})),
        ("text_mixed_list.json", _json({"text": ["一。", 2, None]})),
        ("text_empty.json", _json({"text": "   "})),
        ("text_null.json", _json({"text": None})),
        ("not_an_object.json", _raw_json("42")),
        ("bare_string.json", _json("北京")),
        ("duplicate_keys.json", _raw_json('{"text": "一。", "text": "%s"}' % GOOD)),
        ("truncated.json", _raw_json('{"title": "标题", "text": "%s' % GOOD)),
        # bytes that are not text, or not the text they claim
        ("empty.txt", b""),
        ("whitespace.txt", b" \n\t\r\n   "),
        ("bom_only.txt", codecs.BOM_UTF8),
        ("utf16_odd.txt", codecs.BOM_UTF16_LE + "标题".encode("utf-16-le") + b"\x00"),
        ("utf16_lone_surrogate.txt", codecs.BOM_UTF16_LE + b"\x00\xd8" + "标题".encode("utf-16-le")),
        ("undecodable.txt", b"abc\xff\x80\xfe\x81" * 200),
        ("png.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4),
        ("gb18030_four_byte.txt", ("标题\n" + GOOD + "𠀀𪚥").encode("gb18030")),
        ("big5_bad_trail.txt", "標題\n北京衡知醫療科技有限公司".encode("big5") + b"\xa4\x7f\xa4"),
        ("cut_mid_character.txt", ("标题\n" + GOOD).encode()[:-1]),
        # HTML
        ("menu_only.html", b"<html><body><nav>\xe9\xa6\x96\xe9\xa1\xb5 | \xe6\x96\xb0\xe9\x97\xbb</nav></body></html>"),
        ("script_only.html", b"<html><head><script>while(true){}</script></head><body></body></html>"),
        ("deep_divs.html", ("<html><body>" + "<div>" * 20_000 + GOOD * 3 + "</div>" * 20_000 + "</body></html>").encode()),
        ("entities.html", ("<html><body><article><p>" + GOOD + "&#0;&#xD800;&#x110000;&#1114111;</p><p>"
                           + GOOD + "</p></article></body></html>").encode()),
        ("xss.html", ("<html><head><title>" + XSS[0] + "</title></head><body><article><h1>" + XSS[1] + "</h1><p>"
                      + GOOD + XSS[3] + "</p><p>" + GOOD + "</p></article></body></html>").encode()),
        # payloads meant for the explorer, in every field
        ("xss_fields.json", _json({"title": XSS[0] + XSS[1], "url": XSS[2], "text": XSS[4] + GOOD + XSS[5]})),
        ("xss_name.json", _json({"title": "x", "url": "javascript:alert(7)",
                                 "text": "北京<img src=x onerror=alert(8)>医疗科技有限公司落户中关村医疗器械园。"})),
        ("xss_markdown.txt", ("**标题** [a](javascript:alert(9))\n" + GOOD + " <b onmouseover=alert(10)>x</b>").encode()),
    ]
    if large:
        inputs += [
            ("ten_mb_one_line.txt", b"a" * 10_000_000),
            ("chinese_one_line.txt", ("医" * 3_000_000).encode()),
            ("over_size_limit.txt", b"x" * (21 * 1024 * 1024)),
            ("article_over_limit.json", _json({"text": "医" * 300_000})),
            ("million_char_line.jsonl", _json({"text": "医" * 1_000_000}) + b"\n" + _json({"text": GOOD})),
        ]
    return inputs


SPECIAL = ("fifo.txt", "device.txt", "folder.txt", "broken_link.txt", "link_loop.txt")


def write_hostile(folder: Path, large: bool = True, only: str | None = None) -> list[Path]:
    """Write the hostile corpus (or the one input named `only`) into `folder` (created); returns
    the paths, special files included."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, content in hostile_inputs(large):
        if only in (None, name):
            (folder / name).write_bytes(content)
            paths.append(folder / name)
    special = {
        "fifo.txt": lambda path: os.mkfifo(path),
        "device.txt": lambda path: path.symlink_to("/dev/zero"),
        "folder.txt": lambda path: path.mkdir(),
        "broken_link.txt": lambda path: path.symlink_to(folder / "nowhere"),
        "link_loop.txt": lambda path: path.symlink_to(path),
    }
    for name in SPECIAL:
        if only in (None, name):
            special[name](folder / name)
            paths.append(folder / name)
    return paths
