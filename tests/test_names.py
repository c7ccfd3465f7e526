"""Names as real news writes them, found from the word model's words and the grammar of heads,
lists and places (each a shape seen on real pages, with names of our own)."""
from __future__ import annotations

import pytest

from ecograph.ingest.models import Article
from ecograph.ingest.pipeline import extract


def run(text: str):
    result = extract(Article("t", "test.txt", "", text))
    entities = {(e.name, e.label) for e in result.entities}
    relations = {(r.source, r.type, r.target) for r in result.relations}
    return result, entities, relations


def test_a_name_starts_where_its_words_stop_being_name_words():
    _, entities, _ = run("中心扎根我区华瑞国际医疗器械城,将依托康瑞医疗。江南医科大学科研处相关负责人王立介绍了情况。")
    assert ("华瑞国际医疗器械城", "Park") in entities  # not 扎根我区…, not 区华瑞…
    assert ("江南医科大学", "University") in entities  # not 医科大学
    assert not any(name.startswith(("扎根", "我区", "区国际")) for name, _ in entities)


def test_a_name_does_not_open_with_a_verb_nor_run_through_a_line_break():
    _, entities, _ = run("西湖区将建设西湖医疗器械产业园。\n王立\n滨江生物医药产业基地总经理")
    assert ("西湖医疗器械产业园", "Park") in entities
    assert ("滨江生物医药产业基地", "Park") in entities
    assert not any("建设西湖" in name or "王立滨江" in name for name, _ in entities)


def test_a_place_in_brackets_stays_inside_the_company_name():
    result, entities, _ = run("医院当天与恒睿(苏州)医疗科技有限公司举行了合作签约仪式。")
    assert ("恒睿(苏州)医疗科技有限公司", "Company") in entities  # named as written, brackets kept
    assert not any(name == "恒睿" for name, _ in entities)


def test_items_of_a_list_closed_by_its_kind_are_that_kind():
    _, entities, _ = run("园区已引进康捷、瑞源、博维、迈科诺等6家企业注册落户。"
                         "投资方包括高原资本、正心资本等32家机构。")
    assert {("康捷", "Company"), ("瑞源", "Company"), ("博维", "Company"), ("迈科诺", "Company")} <= entities
    assert not any(label == "Person" for name, label in entities if name in ("瑞源", "康捷"))


def test_people_are_found_by_the_word_model_and_kept_apart_from_firms():
    _, entities, _ = run("会上,市中心医院心内科主任朱大明、区人民医院副院长殷海梅分别致辞。")
    assert {("朱大明", "Person"), ("殷海梅", "Person")} <= entities


def test_a_body_named_by_its_level_is_the_one_of_the_articles_place():
    _, entities, relations = run("南京市鼓楼区举办推介会。鼓楼区委常委、区政府副区长郁明表示,鼓楼区将加大投入。")
    assert ("鼓楼区政府", "Government") in entities
    assert ("郁明", "WORKS_FOR", "鼓楼区政府") in relations


def test_government_bodies_with_two_fields_and_departments():
    result, entities, _ = run("记者从杭州市工业和信息化局获悉,省住房和城乡建设厅副厅长赵学明出席活动。")
    assert ("杭州市工业和信息化局", "Government") in entities
    assert ("省住房和城乡建设厅", "Government") in entities


def test_events_join_their_halves_with_ji():
    _, entities, _ = run("西湖数字医疗产业暨长三角医工合作推介会昨日举行。")
    assert ("西湖数字医疗产业暨长三角医工合作推介会", "Event") in entities


@pytest.mark.parametrize("text, segments", [
    ("实验室重点聚焦可穿戴监护设备、无创血糖检测技术以及血管介入手术机器人等领域。",
     {"可穿戴监护设备", "无创血糖检测技术", "血管介入手术机器人"}),
    ("园区形成了基因治疗、细胞制剂、高端医学影像、康复辅具四个主导板块。",
     {"基因治疗", "细胞制剂", "高端医学影像", "康复辅具"}),
])
def test_segments_listed_after_a_focus_cue_or_closed_by_their_kind(text, segments):
    _, entities, _ = run(text)
    assert {(s, "Segment") for s in segments} <= entities


def test_the_country_itself_and_catch_all_industries_are_no_entities():
    _, entities, _ = run("中国医疗器械产业发展迅速,生物医药和大健康产业前景广阔。")
    assert not {("中国", "Region"), ("生物医药", "Segment"), ("大健康", "Segment")} & entities


def test_a_place_the_model_knows_after_a_verb_of_settling_is_a_place():
    _, entities, relations = run("新成立的博远医疗签约落户翠湖湾。一家眼科中心同样落户于华泾,是首批联盟单位之一。")
    assert ("翠湖湾", "Region") in entities  # a place no gazetteer lists, but 落户 says it is one
    assert ("博远医疗", "LOCATED_IN", "翠湖湾") in relations
    assert ("华泾", "Region") in entities  # 落户于|华泾: 于 is the preposition, not a surname
    assert not any(label == "Person" for _, label in entities)


def test_a_list_closed_by_several_kinds_one_of_them_firms_lists_firms():
    _, entities, relations = run("凭借完整的产业生态圈,翠湖医谷先后吸引了博远医疗、康捷生物、瑞源、华东理工大学医学院东湖校区、"
                                 "江南健康医学院等超过300家行业知名机构、院校、企业落户。")
    assert {("康捷生物", "Company"), ("瑞源", "Company")} <= entities  # 机构、院校、企业: the firms among them
    assert ("华东理工大学医学院东湖校区", "University") in entities  # a long item between two 、 is one item
    assert ("江南健康医学院", "University") in entities


def test_a_surname_the_model_cut_off_is_put_back():
    _, entities, relations = run("省经济促进中心副主任由晓丽出席会议。最后,江南理工大学机器人研究所段光明教授表示,前景可期。")
    assert ("由晓丽", "Person") in entities  # 副主任|由|晓丽: 由 is her surname, not a preposition
    assert ("段光明", "Person") in entities  # 段|光明|教授: the given name is no organisation
    assert ("段光明", "WORKS_FOR", "江南理工大学机器人研究所") in relations


def test_a_person_works_for_the_school_in_brackets_not_the_university_inside_its_name():
    _, _, relations = run("出席开幕式的嘉宾有廖明远副院长(东方大学医学院)、方立新院长(江南第一人民医院)。")
    assert ("廖明远", "WORKS_FOR", "东方大学医学院") in relations
    assert ("廖明远", "WORKS_FOR", "东方大学") not in relations
    assert ("方立新", "WORKS_FOR", "江南第一人民医院") in relations


def test_what_stands_before_a_firms_officer_is_the_firm():
    _, entities, relations = run("当日,云渡经纬创始人李明博士,以及神话生物董事长范晓东,分别作了行业报告。"
                                 "医疗器械企业创始人张华表示。")
    assert {("云渡经纬", "Company"), ("神话生物", "Company")} <= entities  # no head noun, but 创始人 says a firm
    assert ("李明", "WORKS_FOR", "云渡经纬") in relations and ("范晓东", "WORKS_FOR", "神话生物") in relations
    assert ("医疗器械企业", "Company") not in entities  # an industry's firms, no name


def test_the_one_industry_after_a_verb_of_focus_is_a_segment():
    _, entities, relations = run("江南心泰医疗科技有限公司成立于2016年,主营人工心脏产品的研发、生产和销售。")
    assert ("人工心脏", "Segment") in entities
    assert ("江南心泰医疗科技有限公司", "FOCUSES_ON", "人工心脏") in relations


def test_two_countries_first_characters_belong_to_the_parks_name():
    _, entities, _ = run("12月6日,江南省中以国际医疗健康产业园在滨湖经济技术开发区正式开园。")
    assert ("江南省中以国际医疗健康产业园", "Park") in entities  # 中|以 is Sino-Israeli, not 中 + a preposition


def test_quantities_and_photo_credits_open_no_name():
    _, entities, _ = run("园区建有两座湿实验室和全球第二大医学装备研发中心。(王小明摄)滨江博远智能科技(香港)有限公司举行发布会。")
    names = {name for name, _ in entities}
    assert "两座湿实验室" not in names and "全球第二大医学装备研发中心" not in names
    assert ("滨江博远智能科技(香港)有限公司", "Company") in entities  # not (王小明摄)滨江…


def test_a_list_of_investors_bounds_their_names_and_says_what_they_are():
    _, entities, relations = run("江南心泰医疗科技有限公司已完成6轮融资,投资方包括高山资本、正心谷资本、远石资本等32家机构。"
                                 "成立以来,公司获高山资本、深创投、高特嘉等知名投资机构注资。")
    assert {("正心谷资本", "Investor"), ("远石资本", "Investor")} <= entities  # not 谷资本
    assert ("高特嘉", "Investor") in entities  # 等知名投资机构 says so, whatever the model guessed


def test_a_place_and_what_is_built_there_are_not_one_name():
    _, entities, _ = run("该项目将在江南国际生物岛建设研发中心,并在中德滨江知识城建设产业创新中心。")
    assert ("江南国际生物岛", "Park") in entities and ("中德滨江知识城", "Park") in entities
    assert not any("建设" in name for name, _ in entities)


def test_a_parks_zone_and_a_hospitals_campus_are_named_with_them():
    _, entities, _ = run("江南大学附属肿瘤医院东院、国家儿童医学中心滨江院区已投入运营。翠湖科技园发展迅速,翠湖科技园东三期和"
                         "西湖高新区中区也已开工。该院院长表示。")
    assert {("江南大学附属肿瘤医院东院", "Hospital"), ("国家儿童医学中心滨江院区", "Hospital")} <= entities
    assert {("翠湖科技园东三期", "Park"), ("西湖高新区中区", "Park")} <= entities


def test_an_international_park_of_a_trade_is_a_name_but_a_building_verb_opens_none():
    _, entities, _ = run("随后来到国际医疗器械城(东区)听取汇报。园区建设国际产业园。生物医药产业基地建设指挥部负责协调。")
    names = {name for name, _ in entities}
    assert "国际医疗器械城(东区)" in names  # 国际 + a trade's city: a park's name
    assert not any(name.startswith("园区建设") for name in names)
    assert ("生物医药产业基地建设指挥部", "Government") in entities  # a body may be named for what it builds


def test_a_word_no_dictionary_knows_before_an_industry_word_is_a_brand():
    _, entities, relations = run("2007年破壳而出的仁朗生物是翠湖医疗器械产业基地首批签约企业之一。经过十几年的发展,仁朗生物已掌握关键技术。"
                                 "翠湖生物医药产业园发展迅速。")
    assert ("仁朗生物", "Company") in entities
    assert ("仁朗生物", "LOCATED_IN", "翠湖医疗器械产业基地") in relations
    assert not any(name.startswith("翠湖生物") and label == "Company" for name, label in entities)  # a park's words


def test_a_unit_of_a_firm_or_institute_is_no_government_department():
    _, entities, relations = run("江南市工业技术研究院创业服务部部长段明介绍了情况。市委宣传部部长王明、"
                                 "生物医药产业基地建设指挥部负责人李华出席。")
    assert ("江南市工业技术研究院", "ResearchInstitute") in entities
    assert ("段明", "WORKS_FOR", "江南市工业技术研究院") in relations
    assert not any(label == "Government" and name.endswith("服务部") for name, label in entities)
    assert ("生物医药产业基地建设指挥部", "Government") in entities  # a government's own body stays
