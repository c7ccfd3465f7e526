"""Deal terms read from funding sentences (ingest/deals.py): round, amount, currency, role, date.

The sentences are written for this test (invented firms), in the phrasings news uses.
"""
from __future__ import annotations

import pytest

from ecograph.ingest.deals import DealTerms, deal_terms, fill_deal_terms
from ecograph.ingest.models import Entity, Relation

CASES = [
    # sentence, investor, target → round, amount, amount_min, currency, amount_text, role
    ("恒知医疗完成1.2亿元B轮融资，由星衡资本领投，大兴科创跟投。", "星衡资本", "恒知医疗",
     ("B", 120000000, None, "CNY", "1.2亿元", "lead")),
    ("恒知医疗完成1.2亿元B轮融资，由星衡资本领投，大兴科创跟投。", "大兴科创", "恒知医疗",
     ("B", 120000000, None, "CNY", "1.2亿元", "follow")),
    ("2024年3月，朗驰科技宣布获得数千万元Pre-A轮融资，本轮由甲子资本独家投资。", "甲子资本", "朗驰科技",
     ("Pre-A", None, 10000000, "CNY", "数千万元", "sole")),
    ("澄溪生物近日获得5000万美元C+轮融资，丙辰基金和丁卯创投联合领投，老股东戊午资本持续加注。", "丁卯创投", "澄溪生物",
     ("C+", 50000000, None, "USD", "5000万美元", "lead")),
    ("澄溪生物近日获得5000万美元C+轮融资，丙辰基金和丁卯创投联合领投，老股东戊午资本持续加注。", "戊午资本", "澄溪生物",
     ("C+", 50000000, None, "USD", "5000万美元", "follow")),
    ("投后估值达10亿元的庚申医疗宣布完成近亿元战略融资，领投方为辛酉资本。", "辛酉资本", "庚申医疗",
     ("战略", None, None, "CNY", "近亿元", "lead")),
    ("壬戌科技完成超2亿元人民币A+轮融资，癸亥投资参投。", "癸亥投资", "壬戌科技",
     ("A+", None, 200000000, "CNY", "超2亿元人民币", "follow")),
    ("继2022年完成A轮融资后，子丑医疗再获3,000万元B1轮融资，寅卯资本领投。", "寅卯资本", "子丑医疗",
     ("B", 30000000, None, "CNY", "3,000万元", "lead")),
    ("辰巳医疗获得三千万元天使轮投资，投资方为午未创投。", "午未创投", "辰巳医疗",
     ("天使", 30000000, None, "CNY", "三千万元", "")),
    ("申酉影像宣布完成由戌亥资本独家投资的数亿元种子轮融资。", "戌亥资本", "申酉影像",
     ("种子", None, 100000000, "CNY", "数亿元", "sole")),
    ("天干医疗于科创板首次公开发行上市，地支资本作为基石投资者认购。", "地支资本", "天干医疗",
     ("IPO", None, None, "", "", "")),
    ("此次港股上市，天干医疗每股发售价30.5港元，全球发售净筹资额约8.2亿港元。", "", "天干医疗",
     ("IPO", 820000000, None, "HKD", "约8.2亿港元", "")),
]


@pytest.mark.parametrize("sentence, investor, target, expected", CASES,
                         ids=[f"{c[1]}-{c[2]}" for c in CASES])
def test_terms_of_a_funding_sentence(sentence, investor, target, expected):
    terms = deal_terms(sentence, investor, target)
    assert (terms.round, terms.amount, terms.amount_min, terms.currency, terms.amount_text, terms.role) == expected


def test_dates_as_stated_and_founding_years_left_out():
    assert deal_terms("2024年3月15日，朗驰科技完成A轮融资。").date == "2024-03-15"
    assert deal_terms("成立于2018年的朗驰科技于2023年6月完成A轮融资。").date == "2023-06"
    assert deal_terms("朗驰科技完成A轮融资。").date == ""


def test_valuations_and_revenue_are_not_the_amount():
    terms = deal_terms("估值50亿元的朗驰科技去年营收3亿元，本次完成8000万元B轮融资。")
    assert (terms.amount, terms.currency) == (80000000, "CNY")


def test_the_investor_is_found_by_any_of_its_names():
    sentence = "朗驰科技完成A轮融资，由深创投领投，甲子资本跟投。"
    assert deal_terms(sentence, ["深圳市创新投资集团有限公司", "深创投"], "朗驰科技").role == "lead"
    assert deal_terms(sentence, ["乙丙资本"], "朗驰科技").role == ""  # not named: no guess


def test_a_sentence_without_a_deal_has_no_terms():
    assert not deal_terms("朗驰科技与甲子医院签署战略合作协议。")
    assert deal_terms("朗驰科技与甲子医院签署战略合作协议。") == DealTerms()


def test_fill_deal_terms_sets_invested_in_relations_only():
    evidence = "朗驰科技完成1.2亿元B轮融资，由甲子资本领投。"
    invest = Relation("甲子资本有限公司", "INVESTED_IN", "朗驰科技", evidence, 0.8)
    partner = Relation("甲子资本有限公司", "PARTNERS_WITH", "朗驰科技", evidence, 0.8)
    entities = [Entity("甲子资本有限公司", "Investor", aliases=["甲子资本"]), Entity("朗驰科技", "Company")]

    fill_deal_terms([invest, partner], entities)

    assert invest.deal() == {"round": "B", "amount": 120000000, "amount_min": None, "currency": "CNY",
                             "amount_text": "1.2亿元", "role": "lead", "deal_date": ""}
    assert partner.deal()["round"] == "" and partner.deal()["amount"] is None


def test_this_round_takes_its_terms_from_the_sentence_before():
    text = "日前，朗驰科技完成了超1亿美元战略融资。本轮融资由甲子资本领投，乙丑创投跟投。"
    evidence = "本轮融资由甲子资本领投，乙丑创投跟投。"
    rel = Relation("乙丑创投", "INVESTED_IN", "朗驰科技", evidence, 0.8, sent_start=text.index(evidence))

    fill_deal_terms([rel], [Entity("乙丑创投", "Investor"), Entity("朗驰科技", "Company")], text)

    assert (rel.round, rel.amount_min, rel.currency, rel.role) == ("战略", 100000000, "USD", "follow")


def test_a_bare_unit_is_a_lower_bound():
    terms = deal_terms("朗驰科技完成由甲子资本跟投的亿元人民币A轮融资。", "甲子资本", "朗驰科技")
    assert (terms.round, terms.amount, terms.amount_min, terms.currency, terms.role) == ("A", None, 100000000, "CNY", "follow")
