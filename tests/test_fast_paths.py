"""Faster ways the rules read text must read it exactly as the plain ways do: jieba's words, cue words."""
from __future__ import annotations

from pathlib import Path

import jieba
import pytest

from ecograph.ingest.normalize import normalize
from ecograph.ingest.segment import ONE_BLOCK, Segmenter
from ecograph.ingest.sources import read_paths

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def segmenter() -> Segmenter:
    return Segmenter()


def article_blocks() -> list[str]:
    articles = read_paths([ROOT / "examples" / "articles", ROOT / "tests" / "regression" / "articles"]).articles
    return [m.group() for a in articles for m in ONE_BLOCK.finditer(normalize(a.raw_text).text)]


def test_every_block_of_the_example_articles_is_cut_as_jieba_cuts_it(segmenter):
    blocks = article_blocks()
    assert len(blocks) > 500
    different = [b for b in blocks if segmenter.cut(b) != jieba.lcut(b)]
    assert different == []


def test_every_window_ending_inside_a_block_is_cut_as_jieba_cuts_it(segmenter):
    """The rules cut prefixes of clauses (the words before a head noun), of every length."""
    blocks = [b for b in article_blocks() if len(b) >= 4][:150]
    windows = [b[i:j] for b in blocks for i in range(0, len(b), 7) for j in range(i + 1, min(len(b), i + 24) + 1, 3)]
    different = [w for w in windows if segmenter.cut(w) != jieba.lcut(w)]
    assert different == []


@pytest.mark.parametrize("fragment", [
    "", "园", "由德联", "森瑞斯生物科技(深圳)有限公司", "GE医疗中国", "Life Lab 生命实验室",
    "迈瑞医疗与联影医疗签约", "蔡志明", "１２３", "张江科学城", "丰台区丽泽金融商务区",
])
def test_edge_cases_match_jieba(segmenter, fragment):
    assert segmenter.cut(fragment) == jieba.lcut(fragment)


def test_a_word_added_to_the_dictionary_is_used():
    segmenter = Segmenter(jieba.Tokenizer())
    before = segmenter.cut("奥精医疗科技")
    segmenter.tokenizer.add_word("奥精医疗科技", freq=100000)
    assert segmenter.cut("奥精医疗科技") == ["奥精医疗科技"] != before


def test_cues_found_by_one_scan_of_the_article_are_those_of_each_sentence():
    """The relation rules read cue words from one scan of the article: it must find exactly what a
    scan of each sentence finds (the patterns so scanned match only runs of Chinese characters)."""
    import re._parser as parser

    from ecograph.ingest.normalize import split_sentences
    from ecograph.ingest.relation_rules import ARTICLE_SCANNED_CUES, cues_by_sentence

    def chinese_only(parsed) -> bool:
        for op, arg in parsed:
            name = str(op)
            if name == "LITERAL" and "\u4e00" <= chr(arg) <= "\u9fff":
                continue
            if name == "BRANCH" and all(chinese_only(branch) for branch in arg[1]):
                continue
            if name == "SUBPATTERN" and chinese_only(arg[-1]):
                continue
            if name in ("MAX_REPEAT", "MIN_REPEAT") and chinese_only(arg[2]):
                continue
            return False
        return True

    assert all(chinese_only(parser.parse(p.pattern)) for p in ARTICLE_SCANNED_CUES)
    articles = read_paths([ROOT / "examples" / "articles", ROOT / "tests" / "regression" / "articles"]).articles
    compared = 0
    for article in articles:
        text = normalize(article.raw_text).text
        sentences = split_sentences(text)
        for (start, end), found in zip(sentences, cues_by_sentence(text, sentences)):
            for pattern in ARTICLE_SCANNED_CUES:
                expected = [(m.start(), m.end(), m.group()) for m in pattern.finditer(text[start:end])]
                assert [(c.start(), c.end(), c.group()) for c in found[pattern]] == expected
                compared += len(expected)
    assert compared > 100
