"""ingest/normalize: clean Simplified text with offsets back to the raw text."""
from __future__ import annotations

import json
import time

import pytest

from ecograph.ingest.normalize import (
    is_junk_line,
    normalize,
    normalize_title,
    split_sentences,
    to_simplified,
)
from tests.conftest import NO_SHARED, SEEDS

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=NO_SHARED)


def seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*")).read_text(encoding="utf-8")


# --- characters and offsets ---------------------------------------------------------------------


def test_full_width_punctuation_becomes_ascii_one_to_one():
    result = normalize("甲，乙：（丙）")
    assert (result.text, result.offsets) == ("甲,乙:(丙)", [0, 1, 2, 3, 4, 5, 6])


def test_traditional_becomes_simplified_and_maps_back_to_traditional():
    result = normalize("中關村醫療器械園有限公司總經理何建濤。")
    assert result.text == "中关村医疗器械园有限公司总经理何建涛。"
    assert result.raw_span(0, 8) == "中關村醫療器械園"
    assert result.raw_span(15, 18) == "何建濤"


def test_a_character_that_grows_keeps_its_source():
    result = normalize("面积5㎡。")
    assert (result.text, result.offsets) == ("面积5m2。", [0, 1, 2, 3, 3, 4])
    assert result.raw_span(3, 5) == "㎡"


def test_invisible_characters_are_dropped():
    result = normalize("中\u200b关村\ufeff园区")
    assert (result.text, result.offsets) == ("中关村园区", [0, 2, 3, 5, 6])


def test_ellipsis_is_kept():
    assert normalize("射频消融刀头……在张江展示。").text == "射频消融刀头……在张江展示。"


def test_windows_line_ends_and_indents():
    result = normalize("  第一段在这里结束。\r\n\u3000\u3000第二段在这里结束。\r\n")
    assert result.text == "第一段在这里结束。\n第二段在这里结束。"
    assert result.raw_span(10, 19) == "第二段在这里结束。"


def test_inline_junk_and_runs_of_spaces():
    result = normalize("园区  正式&nbsp;揭牌[图片]。(来源:科技日报)")
    assert result.text == "园区 正式 揭牌。"


def test_length_changing_conversion_falls_back_to_characters():
    def convert(text: str) -> str:  # a converter that turns one phrase into a longer one
        return text.replace("乾隆", "乾隆帝").replace("後", "后").replace("醫", "医")

    assert to_simplified("之後醫\n乾隆年間", convert) == "之后医\n乾隆年間"


def test_title():
    assert normalize_title("  中關村醫療器械園\u3000創新前行\n在路上 ") == "中关村医疗器械园 创新前行 在路上"


# --- junk lines ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "左侧宽880",
        "标签:",
        "吃什么可治疗白癜风 http://news.39.net/bjzkhbzy/171213/5927661.html",
        "转载请注明:http://www.abachildren.com/xgyy/4032.html",
        "上一篇文章:",
        "下一篇文章: 没有了",
        "责任编辑:潘晓娟",
        "审读:孙世建田君",
        "视觉中国供图",
        "新华社记者 李四 摄",
        "(function(){var s=document.createElement('script');})();",
        "首页 > 新闻中心 > 园区动态",
        "当前位置:首页>新闻",
        "分享到:微信 微博 QQ空间",
        "微信 微博 QQ空间",
        "扫码关注我们",
        "【打印】【关闭】",
        "2021-12-31 10:20:30 来源:科技日报",
        "来源:人民网 作者:张三",
        "版权所有 京ICP备12345678号",
        "相关阅读",
        "......",
        ".",
        "(完)",
        "北京治疗白癜风哪家医院好",
        "(原标题:张江医疗器械产业基地扩容)",
        "1 2 3 4 5 下一页",
        "举报/反馈",
        "发布于:上海市",
        "声明:该文观点仅代表作者本人",
        "阅读 1.2万",
        "______",
        "• 西湖晚报",  # a site's menu of its outlets
        "钱江都市报",
        "浙江日报出版社",
    ],
)
def test_junk_lines(line):
    assert is_junk_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "提质扩容为企业提供成长空间",
        "◎侯树文 本报记者 王春",
        "读创/深圳商报记者张国锋",
        "数据来源:中关村医疗器械园有限公司",
        "华信医疗与钱江晚报签署合作协议",
        "12月12日,由南山区委组织部指导的圆桌峰会在南山医疗器械产业园举办。",
        "该平台为企业提供医疗器械二维码追溯服务,覆盖园区全部企业,已接入三百余家企业的产品数据。",
        "新华社北京3月28日电",
        "18.6万平方米",
    ],
)
def test_article_lines_are_not_junk(line):
    assert not is_junk_line(line)


def test_junk_lines_are_dropped():
    raw = (
        "吃什么可治疗白癜风 http://news.39.net/a.html\n作者:yixian\n左侧宽880\n"
        "  近年来,上海长宁区发展势头强劲。\n标签:\n左侧宽880\n"
    )
    assert normalize(raw).text == "作者:yixian\n近年来,上海长宁区发展势头强劲。"


def test_a_footer_ends_the_article_once_the_body_has_begun():
    body = "长宁区近年来在医疗大健康产业方面的发展势头强劲。" * 3
    raw = f"相关阅读\n{body}\n相关阅读\n微创医疗发布新产品\n联影医疗上市\n"
    assert normalize(raw).text == body


# --- broken lines, headings and sentences ------------------------------------------------------------


def test_broken_lines_are_joined_and_headings_stay_apart():
    raw = (
        "视觉中国供图\n\n基地扩容 平台升级\n\n◎本报记者 王春\n\n"
        "作为国内最早的医疗器械产业专业园区之一,位于浦东新区合庆镇的张江医疗器械产业基地承载着延伸与拓展,以及\n\n"
        "优化调整结构布局的重要使命。\n\n提质扩容为企业提供成长空间\n\n仁度生物是首批签约企业之一。\n"
    )
    result = normalize(raw)
    assert result.sentence_texts() == [
        "基地扩容 平台升级",
        "本报记者 王春",
        "作为国内最早的医疗器械产业专业园区之一,位于浦东新区合庆镇的张江医疗器械产业基地承载着延伸与拓展,"
        "以及优化调整结构布局的重要使命。",
        "提质扩容为企业提供成长空间",
        "仁度生物是首批签约企业之一。",
    ]


def test_a_line_ending_with_a_comma_continues_even_into_an_indented_line():
    assert normalize("在地理位置方面,\n  东久新宜将园区定位为专业园区。").text == "在地理位置方面,东久新宜将园区定位为专业园区。"


def test_a_short_reporting_line_continues():
    raw = "楼琦介绍,张江医疗器械产业基地已经为医\n\n疗器械的临床前试验建设了GLP中心。"
    assert normalize(raw).text == "楼琦介绍,张江医疗器械产业基地已经为医疗器械的临床前试验建设了GLP中心。"


def test_latin_words_joined_across_lines_keep_a_space():
    first = "火箭联盟一经成立,便得到了广大企业、专家的支持,首批便迎来了41家产业链上下游成员单位 and"
    assert normalize(f"{first}\n50余位行业专家加入。").text == f"{first} 50余位行业专家加入。"


def test_sentences_keep_their_closing_quotes():
    text = "他说:“很好。”然后离开了!真的吗?是的\n新的一行"
    assert [text[s:e] for s, e in split_sentences(text)] == ["他说:“很好。”", "然后离开了!", "真的吗?", "是的", "新的一行"]


def test_only_long_sentences_split_on_semicolons():
    clause = "对于企业" + "甲" * 150 + ";"
    short = "甲;乙。"
    text = short + clause * 2 + "完。"
    assert [text[s:e] for s, e in split_sentences(text)] == [short, clause, clause, "完。"]


# --- the seed articles -------------------------------------------------------------------------------


@needs_seeds
def test_seed_002_traditional_becomes_simplified_with_offsets_to_the_traditional():
    result = normalize(seed("002"))
    start = result.text.index("中关村医疗器械园有限公司")
    assert result.raw_span(start, start + 12) == "中關村醫療器械園有限公司"
    assert "醫" not in result.text
    assert len(result.offsets) == len(result.text)
    assert "责任编辑" not in result.text  # 責任編輯:潘曉娟, once Simplified, is a credit line


@needs_seeds
def test_seed_003_and_004_lose_their_junk():
    text_003 = normalize(seed("003")).text
    text_004 = normalize(seed("004")).text
    for junk in ("白癜风", "http", "转载请注明", "上一篇", "下一篇", "审读"):
        assert junk not in text_003
    for junk in ("左侧宽880", "标签"):
        assert junk not in text_004
    assert "南山区医疗器械产业链党委" in text_003 and "生命元山" in text_004


@needs_seeds
def test_seed_001_broken_lines_are_joined():
    text = normalize(seed("001")).text
    assert "延伸与拓展,以及优化调整结构布局的重要使命。" in text
    assert "视觉中国供图" not in text
    assert "\n提质扩容为企业提供成长空间\n" in text


@needs_seeds
def test_seed_000_json_text_normalises():
    raw = json.loads(seed("000"))["text"]
    result = normalize(raw)
    assert result.text.startswith("为了充分释放医疗器械及相关产业科研的活力、吸引力和影响力,促进“政、产、学、研、用”有机结合,")
    assert result.sentence_texts()[-1] == "数据来源:中关村医疗器械园有限公司"


@needs_seeds
def test_every_sentence_maps_back_to_its_raw_text():
    for prefix in ("001", "002", "003", "004"):
        result = normalize(seed(prefix))
        for start, end in result.sentences:
            raw = result.raw_span(start, end)
            assert normalize_title(raw).replace(" ", "") == result.text[start:end].replace(" ", "")


@needs_seeds
def test_two_megabytes_normalise_in_well_under_two_seconds():
    articles = [seed(prefix) for prefix in ("001", "002", "003", "004")]
    batch = articles * (2_000_000 // sum(len(a.encode()) for a in articles) + 1)
    started = time.perf_counter()
    for article in batch:
        normalize(article)
    assert time.perf_counter() - started < 2.0


def test_pinyin_readings_copied_from_web_pages_are_dropped():
    raw = "由東麗區(qū)政府主辦的醫(yī)療器械推介會"
    result = normalize(raw)
    assert result.text == "由东丽区政府主办的医疗器械推介会"
    start = result.text.index("医疗")
    assert result.raw_span(start, start + 4) == "醫(yī)療器械"


def test_only_traditional_text_is_converted():
    """乾 is Simplified too: a Simplified line keeps it (t2s would make a name 李干), a Traditional
    line is converted, and a lone Traditional character in a Simplified line is converted alone."""
    assert normalize("董事长李乾表示,公司落户张江。").text == "董事长李乾表示,公司落户张江。"
    assert normalize("國際醫療器械產業園位於張江。").text == "国际医疗器械产业园位于张江。"
    assert normalize("公司落户張江医疗器械产业基地。").text == "公司落户张江医疗器械产业基地。"
