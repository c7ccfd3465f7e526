"""Specific extractions a user relies on: names, types, aliases, links with their evidence."""
from __future__ import annotations

import pytest

from ecograph.ingest.models import Article
from ecograph.ingest.pipeline import extract
from ecograph.ingest.sources import read_file
from tests.conftest import NO_SHARED, SEEDS


def run(text: str, title: str = ""):
    result = extract(Article("t", "test.txt", title, text))
    entities = {(e.name, e.label) for e in result.entities}
    relations = {(r.source, r.type, r.target) for r in result.relations}
    return result, entities, relations


def aliases_of(result, name: str) -> list[str]:
    return next(e for e in result.entities if e.name == name).aliases


def seed(prefix: str):
    if not SEEDS.is_dir():
        pytest.skip(NO_SHARED)
    path = next(SEEDS.glob(f"{prefix}_*"))
    return extract(read_file(path).articles[0])


def test_legal_names_founders_and_operator():
    _, entities, relations = run(
        "中关村发展集团股份有限公司联合战略投资者中国交通建设股份有限公司共同发起成立了中关村医疗器械园有限公司，"
        "与北京市大兴区人民政府合作共建中关村医疗器械园。")
    assert {("中关村发展集团股份有限公司", "Company"), ("中国交通建设股份有限公司", "Company"),
            ("中关村医疗器械园有限公司", "Company"), ("中关村医疗器械园", "Park"),
            ("北京市大兴区人民政府", "Government")} <= entities
    assert ("中关村发展集团股份有限公司", "FOUNDED", "中关村医疗器械园有限公司") in relations
    assert ("中国交通建设股份有限公司", "FOUNDED", "中关村医疗器械园有限公司") in relations
    assert ("中关村医疗器械园有限公司", "OPERATES", "中关村医疗器械园") in relations


def test_people_next_to_titles_work_for_their_organisations():
    result, entities, relations = run("长宁区商务委企业服务科科长张凤杰，上海瑞泽生物科技有限公司董事长兼"
                                      "上海康润医疗器械产业园总经理卢佳等出席会议。")
    assert ("张凤杰", "Person") in entities and ("卢佳", "Person") in entities
    titles = {(r.source, r.target): r.title for r in result.relations if r.type == "WORKS_FOR"}
    assert titles[("张凤杰", "长宁区商务委")] == "科长"
    assert titles[("卢佳", "上海瑞泽生物科技有限公司")] == "董事长"
    assert titles[("卢佳", "上海康润医疗器械产业园")] == "总经理"


def test_enumerated_short_names_are_companies_in_their_segment():
    _, entities, relations = run("园区已吸引慧康医疗、瑞泽生物、衡知科技等多家体外诊断企业入驻。")
    assert {("慧康医疗", "Company"), ("瑞泽生物", "Company"), ("衡知科技", "Company")} <= entities
    assert ("瑞泽生物", "FOCUSES_ON", "体外诊断") in relations


def test_organisers_of_a_quoted_event():
    _, entities, relations = run("12月12日，由深圳市南山区工商联主办的“南山医疗器械创新峰会”在南山医疗器械产业园举办。")
    assert ("南山医疗器械创新峰会", "Event") in entities
    assert ("深圳市南山区工商联", "ORGANIZED", "南山医疗器械创新峰会") in relations
    assert ("南山医疗器械创新峰会", "LOCATED_IN", "南山医疗器械产业园") in relations


def test_short_form_and_abbreviation_resolve_to_the_full_name():
    result, entities, _ = run("上海瑞泽生物科技股份有限公司（以下简称“瑞泽”）成立于2015年。瑞泽生物专注于分子诊断。")
    company = next(e for e in result.entities if e.label == "Company")
    assert company.name == "上海瑞泽生物科技股份有限公司"
    assert {"瑞泽", "瑞泽生物"} <= set(company.aliases)


def test_planned_links_are_marked_planned():
    result, _, _ = run("北京康润医疗科技有限公司计划入驻中关村医疗器械园。")
    located = [r for r in result.relations if r.type == "LOCATED_IN"]
    assert located and located[0].status == "planned"


def test_traditional_seed_gives_simplified_names_with_traditional_aliases():
    result = seed("002")
    by_name = {e.name: e for e in result.entities}
    assert "中关村医疗器械园" in by_name and by_name["中关村医疗器械园"].label == "Park"
    assert "中關村醫療器械園" in by_name["中关村医疗器械园"].aliases
    assert all("醫" not in e.name and "關" not in e.name for e in result.entities)


@pytest.mark.parametrize("prefix, junk", [("003", "白癜风"), ("004", "左侧宽880")])
def test_junk_lines_produce_no_entities(prefix, junk):
    result = seed(prefix)
    assert junk not in result.text
    assert not any(junk in e.name or "880" in e.name for e in result.entities)


def test_funding_round_links_every_investor_to_the_company_of_the_round():
    result, entities, relations = run(
        "苏州澜舟医疗科技有限公司（以下简称“澜舟医疗”）宣布完成2.2亿元B轮融资。"
        "本轮融资由青枫资本领投，同瑞资本、南京鼎和医疗产业基金跟投。")
    assert {("青枫资本", "Investor"), ("同瑞资本", "Investor"), ("南京鼎和医疗产业基金", "Investor")} <= entities
    for investor in ("青枫资本", "同瑞资本", "南京鼎和医疗产业基金"):
        assert (investor, "INVESTED_IN", "苏州澜舟医疗科技有限公司") in relations


def test_referent_words_take_the_sentence_topic():
    _, _, relations = run("苏州衡准生物技术有限公司成立于2021年。该公司次年入驻苏州工业园区生物医药产业园，"
                          "专注于化学发光领域。")
    assert ("苏州衡准生物技术有限公司", "LOCATED_IN", "苏州工业园区生物医药产业园") in relations
    assert ("苏州衡准生物技术有限公司", "FOCUSES_ON", "化学发光") in relations


def test_names_before_titles_and_spaced_bylines():
    result, entities, _ = run("本报记者 王明远\n唐玉成理事长宣读了决定。")
    assert ("王明远", "Person") in entities and ("唐玉成", "Person") in entities
    by_name = {m.text: m for e in result.entities for m in e.mentions}
    assert result.text[by_name["王明远"].start : by_name["王明远"].end] == "王明远"


def test_pinyin_glosses_and_glued_function_words_do_not_spoil_names():
    _, entities, relations = run("日前,由東麗區(qū)政府主辦的醫(yī)療器械推介會在北京舉行。本輪融資由德信資本領投。")
    assert ("东丽区政府", "Government") in entities
    assert ("德信资本", "Investor") in entities


def test_a_name_found_once_is_a_mention_everywhere_and_a_department_names_its_body():
    result, entities, relations = run(
        "3月28日，由东虹办指导、东久新宜主办的“生命元山医疗器械沙龙”在生命元山园区召开。"
        "区东虹办战略发展部主任郭镇豪、东久新宜高级总监卢佳出席会议。")
    body = next(e for e in result.entities if e.label == "Government")
    assert "东虹办" in {body.name, *body.aliases} and ("东久新宜", "Company") in entities
    titles = {(r.source, r.target): r.title for r in result.relations if r.type == "WORKS_FOR"}
    assert titles[("卢佳", "东久新宜")] == "高级总监"
    assert titles[("郭镇豪", body.name)] == "主任"


def test_a_body_referred_to_by_its_head_noun_is_the_one_so_named():
    result, _, _ = run("泰州医药高新技术产业开发区管委会与江苏省人民政府签署协议。"
                       "管委会副主任孙海涛介绍了园区情况。")
    titles = {(r.source, r.target): r.title for r in result.relations if r.type == "WORKS_FOR"}
    assert titles == {("孙海涛", "泰州医药高新技术产业开发区管委会"): "副主任"}


def test_names_inside_document_titles_are_not_mentions():
    _, entities, relations = run("2021年《上海市张江科学城发展“十四五”规划》发布。入驻张江医疗器械产业基地的企业享受政策支持。")
    assert not any(name.startswith("上海市张江科学城") for name, _ in entities)
    assert not any(r[1] == "LOCATED_IN" for r in relations)


def test_two_names_joined_by_a_conjunction_stay_two():
    _, entities, _ = run("中关村医疗器械园由中关村发展集团股份有限公司建设运营。锐途医疗与南方科技大学共建联合实验室。"
                         "中关村前沿科技与产业服务联盟主办了论坛。")
    assert {("中关村医疗器械园", "Park"), ("中关村发展集团股份有限公司", "Company"),
            ("南方科技大学", "University"), ("中关村前沿科技与产业服务联盟", "Alliance")} <= entities
    assert not any("由" in name or "锐途医疗与" in name for name, _ in entities)


def test_members_listed_after_the_alliance_and_parks_inside_parks():
    _, _, relations = run("长三角医疗器械产业园区联盟于2021年成立。此次新加入的成员包括宁波生命科技产业园、"
                          "浙江省医疗器械检验研究院。张江医疗器械产业基地等工业园区包含在张江科学城空间布局内。")
    assert ("宁波生命科技产业园", "MEMBER_OF", "长三角医疗器械产业园区联盟") in relations
    assert ("浙江省医疗器械检验研究院", "MEMBER_OF", "长三角医疗器械产业园区联盟") in relations
    assert ("张江医疗器械产业基地", "PART_OF", "张江科学城") in relations


def test_extraction_in_worker_processes_gives_the_same_results_in_order():
    articles = [Article(f"a{i}", f"a{i}.txt", "", f"北京康润医疗科技有限公司第{i}次入驻中关村医疗器械园。")
                for i in range(6)]
    from ecograph.ingest.pipeline import extract_many

    one = [e.to_contract() for e in extract_many(articles)]
    two = [e.to_contract() for e in extract_many(articles, batch_size=2, workers=2)]
    assert one == two and [r["source"] for r in two] == [f"a{i}.txt" for i in range(6)]


def test_head_nouns_fall_back_and_verbs_before_places_are_trimmed():
    _, entities, _ = run("其手术机器人已获国家药品监督管理局批准。南山区将建设南山医疗器械产业园。"
                         "上海联影医疗科技股份有限公司在武汉设立的子公司武汉联影医疗科技有限公司落户于此。")
    assert {("国家药品监督管理局", "Government"), ("南山医疗器械产业园", "Park"),
            ("上海联影医疗科技股份有限公司", "Company"), ("武汉联影医疗科技有限公司", "Company")} <= entities


def test_passive_founders_interview_we_and_earlier_clause_subjects():
    _, _, relations = run(
        "大兴区医疗器械产业创新联盟正式成立。联盟由中关村医疗器械园有限公司联合北京大学第一医院等12家单位共同发起成立。"
        "记者:杭州澄远医疗科技有限公司有哪些合作?\n吴思远:我们与浙江大学医学院附属第二医院共建了心脏电生理联合实验室。"
        "关于张江医疗器械产业基地:该基地位于浦东新区,重点发展手术机器人、植介入器械等领域。")
    assert ("中关村医疗器械园有限公司", "FOUNDED", "大兴区医疗器械产业创新联盟") in relations
    assert ("北京大学第一医院", "FOUNDED", "大兴区医疗器械产业创新联盟") in relations
    assert ("杭州澄远医疗科技有限公司", "FOUNDED", "心脏电生理联合实验室") in relations
    assert ("张江医疗器械产业基地", "FOCUSES_ON", "手术机器人") in relations


def test_firms_inside_a_park_by_reference():
    _, entities, relations = run(
        "广州国际生物岛重点发展体外诊断。另一家岛内企业广州晶准基因科技有限公司宣布与金域医学达成合作。"
        "在上海浦东新区南部的上海国际医学园区,以医疗器械、生物医药和高端医疗服务为主导产业,园内建有上海市质子重离子医院等医疗机构。")
    assert ("广州晶准基因科技有限公司", "LOCATED_IN", "广州国际生物岛") in relations
    assert ("上海国际医学园区", "LOCATED_IN", "浦东新区") in relations
    assert ("上海市质子重离子医院", "LOCATED_IN", "上海国际医学园区") in relations
    # 医疗器械 and 生物医药 place nothing on the chain: no segment, no focus link
    assert not {("医疗器械", "Segment"), ("生物医药", "Segment")} & entities
    assert not any(r[1] == "FOCUSES_ON" and r[2] in ("医疗器械", "生物医药") for r in relations)


def test_a_partner_is_the_body_right_after_lianhe_not_the_place_visited():
    _, _, relations = run("5月7日上午,高新区宣传部联合江南省医药行业协会组织多家媒体走进江南国际生物医药园,通过集中座谈了解园区。"
                          "当天下午,科技部、项目联合体成员单位等20多位代表考察了江南医疗器械产业先导区和博远集团。")
    assert ("高新区宣传部", "PARTNERS_WITH", "江南省医药行业协会") in relations
    assert ("高新区宣传部", "PARTNERS_WITH", "江南国际生物医药园") not in relations  # 走进: a visit
    assert not any(r[1] == "PARTNERS_WITH" and r[0] == "科技部" for r in relations)  # 联合体 is a noun


def test_a_body_named_by_reference_founds_what_it_sets_up():
    _, _, relations = run("江南医疗器械产业孵化联盟在苏州召开理事会会议。联盟一年来组织编写了项目指南,成功设立了江南先进医疗器械产业孵化器。"
                          "杏林医生平台不但成立了杏林医生集团、康年健康管理公司等十多个医生集团,而且形成了诊疗闭环。")
    assert ("江南医疗器械产业孵化联盟", "FOUNDED", "江南先进医疗器械产业孵化器") in relations


def test_a_bare_head_word_refers_to_the_body_so_named_not_the_articles_topic():
    _, _, relations = run("江南经济技术开发区今天举行开园仪式。江南省中以国际医疗健康产业园在江南经济技术开发区正式开园。"
                          "“未来,产业园将重点瞄准可穿戴设备、植入介入材料等领域。")
    assert ("江南省中以国际医疗健康产业园", "FOCUSES_ON", "可穿戴设备") in relations
    assert ("江南经济技术开发区", "FOCUSES_ON", "可穿戴设备") not in relations


def test_who_holds_an_event_organises_it_and_its_name_starts_after_the_verb():
    _, entities, relations = run("8月21日,江南医科大学滨江医院与江南医科大学东湖医院召开临床试验双中心模式启动暨院企协同创新交流会。")
    event = "临床试验双中心模式启动暨院企协同创新交流会"
    assert (event, "Event") in entities  # 启动暨…: the name runs back to 召开
    assert {("江南医科大学滨江医院", "ORGANIZED", event), ("江南医科大学东湖医院", "ORGANIZED", event)} <= relations


def test_the_meeting_that_founds_a_body_is_named_with_it():
    _, entities, _ = run("近日,江南市工商联医疗器械委员会成立大会暨产业发展交流会在滨江科创中心举行。")
    assert ("江南市工商联医疗器械委员会成立大会暨产业发展交流会", "Event") in entities
    assert ("江南市工商联医疗器械委员会", "Government") in entities  # the body is a name of its own too
    assert ("大会暨产业发展交流会", "Event") not in entities


def test_the_project_of_the_sentence_before_is_where_it_will_be_built():
    _, _, relations = run("论坛开幕式上,江南大湾区高性能医疗器械创新中心等协同创新项目揭牌启动。"
                          "据悉,该项目将在江南国际生物岛建设研发中心,并在中德滨江知识城建设产业创新中心。")
    centre = "江南大湾区高性能医疗器械创新中心"
    assert {(centre, "LOCATED_IN", "江南国际生物岛"), (centre, "LOCATED_IN", "中德滨江知识城")} <= relations


def test_a_district_head_works_for_its_government_and_a_park_head_for_its_committee():
    _, _, relations = run("大会由深圳市人民政府指导,深圳市龙岗区人民政府和深圳市贸促委主办。龙岗区委副书记、区长赵明出席并致辞。"
                          "翠湖党工委书记、管委会主任殷明出席。翠湖管委会负责协调。")
    assert ("赵明", "WORKS_FOR", "深圳市龙岗区人民政府") in relations  # 区长: the government, named earlier
    assert ("赵明", "WORKS_FOR", "龙岗区委") in relations
    assert ("殷明", "WORKS_FOR", "翠湖管委会") in relations  # 管委会主任 after 翠湖党工委书记: 翠湖's committee


def test_the_parks_a_park_is_made_of_are_part_of_it():
    _, _, relations = run("规划显示,翠湖国际医疗器械城位于北部的湖畔街道,以翠湖国际医疗器械城一期为核心引擎;"
                          "拓展区主要包括观山高新园、湖东产业园及大石巷产业园等三大专业化园区。园区包括博远医疗、康捷生物等企业。")
    city = "翠湖国际医疗器械城"
    assert {("观山高新园", "PART_OF", city), ("大石巷产业园", "PART_OF", city)} <= relations
    assert not any(r[1] == "PART_OF" and r[0] in ("博远医疗", "康捷生物") for r in relations)  # firms are no parts


def test_one_of_an_alliances_first_units_is_its_member():
    _, _, relations = run("翠湖国际眼科医学中心同样落户于华泾,是首批江南大健康产业联盟单位之一。")
    assert ("翠湖国际眼科医学中心", "MEMBER_OF", "江南大健康产业联盟") in relations


def test_bodies_listed_right_before_hezuo_partner_each_other():
    _, _, relations = run("据悉,该项目由江南高性能医疗器械创新中心、江南先进技术研究院、滨江博远医疗电子股份有限公司合作推进。")
    pairs = {frozenset((a, b)) for a, t, b in relations if t == "PARTNERS_WITH"}
    assert frozenset(("江南高性能医疗器械创新中心", "江南先进技术研究院")) in pairs
    assert frozenset(("江南先进技术研究院", "滨江博远医疗电子股份有限公司")) in pairs


def test_a_brand_before_its_verb_a_counted_list_and_a_short_brand():
    _, entities, relations = run("锐科医疗扎根苏州工业园区十余年。华信医疗、远景生物两家企业签约落户天府国际生物城。")
    assert ("锐科医疗", "LOCATED_IN", "苏州工业园区") in relations  # 某医疗|扎根: the firm, then its verb
    assert ("远景生物", "Company") in entities  # the last item before 两家企业
    assert ("远景生物", "LOCATED_IN", "天府国际生物城") in relations
    _, entities, _ = run("中心与迈瑞合作的项目已落地。恒瑞医药、迈瑞生物等15家公司共同签署了协议。")
    assert ("迈瑞生物", "Company") in entities and ("迈瑞", "Company") not in entities
    # a generic word the model calls an organisation stays no firm before its verb
    _, entities, _ = run("由政府搭台，科学家和医生唱戏、金融科技融合。")
    assert ("金融科技", "Company") not in entities


def test_a_park_spoken_of_hosts_the_firms_inside_it():
    _, _, relations = run("光谷生物城位于武汉东湖高新区。园区内有华信医疗、远景生物等企业。")
    assert ("华信医疗", "LOCATED_IN", "光谷生物城") in relations
    assert ("华信医疗", "LOCATED_IN", "武汉东湖高新区") not in relations


def test_firms_settling_here_are_in_the_place_the_sentence_opens_with():
    _, entities, relations = run("近年来，江北新区生物医疗产业发展迅速，恒瑞达医疗、博远生物等一批企业在此落地生根。")
    assert ("江北新区", "Region") in entities  # a place before its industry is a place, not part of a name
    assert ("恒瑞达医疗", "LOCATED_IN", "江北新区") in relations
    assert ("博远生物", "LOCATED_IN", "江北新区") in relations


def test_a_firm_introduced_then_placed_in_a_later_clause():
    _, _, relations = run("锐科医疗成立于2016年，总部位于西安高新区，专注于骨科手术机器人研发。")
    assert ("锐科医疗", "LOCATED_IN", "西安高新区") in relations
    # a speaker's employer is not what settles in the clause after the speech
    _, _, relations = run("华信医疗总裁李明表示，更多合作成果将落户威海。")
    assert ("华信医疗", "LOCATED_IN", "威海市") not in relations


def test_funding_round_investors_their_roles_cut_off_and_investment_into_a_firm():
    _, entities, relations = run("近日，成都锐科医疗科技有限公司宣布完成数亿元B轮融资，本轮融资由高瓴创投领投，"
                                 "红杉中国、启明创投跟投。")
    assert ("启明创投", "Investor") in entities  # not 启明创投跟投
    assert ("启明创投", "INVESTED_IN", "成都锐科医疗科技有限公司") in relations
    _, entities, relations = run("国投创合宣布完成对锐科医疗的战略投资。高瓴创投向华信医疗投资5000万元。")
    assert ("国投创合", "INVESTED_IN", "锐科医疗") in relations
    assert ("华信医疗", "Company") in entities  # the verb glued to the name is cut off
    assert ("高瓴创投", "INVESTED_IN", "华信医疗") in relations
    _, entities, _ = run("武汉锐科医疗宣布完成近亿元A轮融资。")
    assert ("武汉锐科医疗", "Company") in entities


def test_the_operator_of_a_park_and_a_firm_before_its_verb_partners():
    _, _, relations = run("成都天府生物产业发展集团是天府国际生物城的运营主体。")
    assert ("成都天府生物产业发展集团", "OPERATES", "天府国际生物城") in relations
    _, _, relations = run("天府国际生物城的运营主体为成都天府生物产业发展集团。")
    assert ("成都天府生物产业发展集团", "OPERATES", "天府国际生物城") in relations
    _, entities, relations = run("四川大学华西医院与锐科医疗签署战略合作协议。")  # 签署 is a verb, not a 某某署
    assert ("锐科医疗", "Company") in entities
    assert ("四川大学华西医院", "PARTNERS_WITH", "锐科医疗") in relations


def test_an_event_held_at_a_place_with_yu_and_a_firm_inside_a_place_it_follows():
    _, _, relations = run("昨日下午，医疗器械界的“奥斯卡”、第五届西湖国际医工论坛于杭州医药港召开。")
    assert ("第五届西湖国际医工论坛", "LOCATED_IN", "杭州医药港") in relations  # the event, not its nickname
    _, _, relations = run("总部位于深圳的华信医疗举办了2023医疗器械创新大会。")
    assert ("2023医疗器械创新大会", "LOCATED_IN", "深圳市") not in relations  # 位于 is no venue
    # 城内 is one word to the word model; the park keeps its head
    _, entities, relations = run("调研组走进位于光谷生物城内的武汉华信医疗科技有限公司。")
    assert ("光谷生物城", "Park") in entities
    assert ("武汉华信医疗科技有限公司", "LOCATED_IN", "光谷生物城") in relations
    _, _, relations = run("在位于天府国际生物城(东区)内的成都锐科医疗科技有限公司，调研组了解了生产经营。")
    assert ("成都锐科医疗科技有限公司", "LOCATED_IN", "天府国际生物城(东区)") in relations


def test_a_listed_firm_read_as_a_name_and_a_given_name_cut_before_a_comma():
    _, entities, relations = run("该计划已成功引进互安、晋鸿、泰禾、诺思达、金瑶、林峰及双鹿等7家企业注册落户松山湖。")
    assert {("晋鸿", "Company"), ("金瑶", "Company")} <= entities  # the list says they are firms
    assert ("金瑶", "LOCATED_IN", "松山湖") in relations
    _, entities, _ = run("副区长何建平，区委书记林靖中，区长周晓峰参加。")
    assert ("林靖中", "Person") in entities and ("林靖", "Person") not in entities
    _, entities, _ = run("区委书记王明说，要加快发展。")
    assert ("王明", "Person") in entities  # 说 is no character of the name


def test_who_signs_a_document_to_build_something_founds_what_its_title_names():
    _, entities, relations = run("当日，成都市药品监督管理局、双流区人民政府、四川省医疗器械行业协会三方共同签署了"
                                 "《共建成都高端医疗器械公共服务平台战略合作框架协议》。")
    assert ("成都高端医疗器械公共服务平台", "Platform") in entities
    assert ("双流区人民政府", "FOUNDED", "成都高端医疗器械公共服务平台") in relations
    assert ("双流区人民政府", "PARTNERS_WITH", "成都高端医疗器械公共服务平台") not in relations  # a title names no partner
    _, entities, _ = run("会议审议了《西湖医学城发展规划》。")
    assert ("西湖医学城", "Park") not in entities  # a document about the park, not one that builds it


def test_a_person_works_for_the_body_before_the_name_with_a_title_or_a_unit_between():
    _, _, relations = run("令江南大学机械工程学院李远航教授的整个实验室亢奋不已。")
    assert ("李远航", "WORKS_FOR", "江南大学机械工程学院") in relations
    _, _, relations = run("西湖大学工学院叶学林教授分别作报告。")
    assert ("叶学林", "WORKS_FOR", "西湖大学工学院") in relations
    _, _, relations = run("入驻企业杭州锐科医疗科技有限公司(以下简称“锐科医疗”)市场部赵宇航如此介绍道。")
    assert ("赵宇航", "WORKS_FOR", "杭州锐科医疗科技有限公司") in relations


def test_an_officer_glued_inside_a_body_by_the_word_model_is_cut_out():
    _, entities, relations = run("联盟理事长、中科院合肥医工所所长许明国代表联盟理事会做了联盟年度工作报告。")
    assert not any(name.endswith("理事会") and "许明国" in name for name, _ in entities)
    assert ("许明国", "Person") in entities
    assert ("许明国", "WORKS_FOR", "中科院合肥医工所") in relations


def test_a_closed_list_and_a_park_by_reference_partner():
    _, _, relations = run("天府国际生物城于2016年成立。在产学研方面，四川大学、成都中医药大学等高校和产业园建立了合作关系。")
    assert ("成都中医药大学", "PARTNERS_WITH", "天府国际生物城") in relations
    assert ("四川大学", "PARTNERS_WITH", "成都中医药大学") not in relations  # one side of the partnership


def test_a_person_who_founds_a_firm_works_for_it_and_the_firm_named_after_its_trade_focuses_on_it():
    _, _, relations = run("2017年，浙江大学副教授周立明创办了骨科手术机器人公司——杭州博锐科技有限公司。")
    assert ("周立明", "WORKS_FOR", "杭州博锐科技有限公司") in relations  # a founder, per the annotation rules
    assert ("浙江大学", "FOUNDED", "杭州博锐科技有限公司") not in relations  # his employer founded nothing
    assert ("杭州博锐科技有限公司", "FOCUSES_ON", "骨科手术机器人") in relations
    _, _, relations = run("锐科医疗由华西医院教授李立明于2015年创办。")
    assert ("李立明", "WORKS_FOR", "锐科医疗") in relations
    assert ("华西医院", "FOUNDED", "锐科医疗") not in relations


def test_a_body_holding_a_seat_on_the_alliances_council_is_its_member():
    _, _, relations = run("华东医疗器械产业联盟成立于2015年。会上，苏州相城高新技术产业开发区被选为联盟2020-2021年度轮值理事长单位。")
    assert ("苏州相城高新技术产业开发区", "MEMBER_OF", "华东医疗器械产业联盟") in relations


def test_a_listed_brand_the_word_model_reads_as_a_verb_keeps_its_first_word():
    _, entities, _ = run("另外，还有修复药业、天津华康药业、辽宁安泰制药等70多家医药企业代表出席。")
    assert ("修复药业", "Company") in entities
    _, entities, _ = run("园区已入驻美国雅博、华润三九等企业。")
    assert not any(name.startswith("入驻") for name, _ in entities)  # a verb that opens the list stays out


def test_a_name_written_again_without_a_filler_word_is_the_same_entity():
    result, entities, _ = run("“西湖国际医疗器械科技创新大赛”在杭州举行。本次西湖国际医疗器械科技大赛由杭州市科委主办。")
    assert ("西湖国际医疗器械科技大赛", "Event") not in entities
    assert "西湖国际医疗器械科技大赛" in aliases_of(result, "西湖国际医疗器械科技创新大赛")


def test_who_controls_a_firm_works_for_it_and_a_verb_before_a_known_name_is_no_part_of_it():
    _, _, relations = run("2014年，刘明离职正式投身创业，携手妻子李华入主了深圳麦德生物医疗技术股份有限公司。")
    assert ("刘明", "WORKS_FOR", "深圳麦德生物医疗技术股份有限公司") in relations
    result, _, relations = run("华信医疗的控股股东为王立明、李华2人。")
    assert ("王立明", "WORKS_FOR", "华信医疗") in relations
    assert any(r.title == "控股股东" for r in result.relations if r.source == "王立明")
    _, entities, _ = run("深圳锐博医疗科技股份有限公司成立于2017年。公司实控人余立周是哈工大博士。")
    assert {("余立周", "Person"), ("哈工大", "University")} <= entities


def test_organisers_joined_by_lianhe_and_an_edition_before_a_quoted_event():
    result, entities, relations = run("首届“西湖医学转化创新大赛”总决赛将于10月30日举行，该活动由奥华医疗器械集团联合国药华展、"
                                      "华东技术交易所等共同主办。")
    assert {("奥华医疗器械集团", "Company"), ("国药华展", "Company")} <= entities  # 联合 is the verb, not 联合国
    assert ("奥华医疗器械集团", "PARTNERS_WITH", "国药华展") in relations
    assert ("首届西湖医学转化创新大赛", "Event") in entities  # the edition is part of the name, the quote is not
    _, entities, _ = run("据介绍，国内领先的医疗器械第三方产业服务提供商奥华医疗器械集团有关负责人表示。")
    assert ("奥华医疗器械集团", "Company") in entities  # 提供商 is no part of the name
    _, entities, _ = run("大会由中国医疗器械行业联合会主办。")
    assert "中国医疗器械行业联合会" in {name for name, _ in entities}  # 联合会 is a noun: one name


def test_the_bodies_named_after_an_organisers_role_organised_the_event():
    _, _, relations = run("第三届西湖国际医工论坛在杭州召开。作为论坛承办方的杭州高新区、滨江区，逐步成为生物医药企业青睐的地区。")
    assert ("杭州高新区", "ORGANIZED", "第三届西湖国际医工论坛") in relations
    assert ("滨江区", "ORGANIZED", "第三届西湖国际医工论坛") in relations
    _, _, relations = run("第9届西湖国际医疗器械博览会开幕。据博览会主办方之一国内领先的医疗器械服务提供商奥华医疗器械集团有关负责人介绍。")
    assert ("奥华医疗器械集团", "ORGANIZED", "第9届西湖国际医疗器械博览会") in relations


def test_bodies_in_a_funding_round_are_investors_without_their_holder_role():
    _, entities, relations = run("近日，成都锐新医疗科技有限公司宣布完成数亿元B轮融资，本轮融资由高瓴创投领投，"
                                 "红杉中国、启明创投跟投，老股东北极光创投持续加注。")
    assert ("红杉中国", "Investor") in entities  # no head noun, but the round says what it is
    assert ("北极光创投", "Investor") in entities  # not 老股东北极光创投
    assert ("红杉中国", "INVESTED_IN", "成都锐新医疗科技有限公司") in relations
    _, entities, _ = run("近日，杭州锐博医疗宣布完成A轮融资，由红杉中国领投。")
    assert ("红杉中国", "Investor") in entities


def test_a_firm_said_to_be_one_of_a_parks_and_offices_in_several_cities():
    _, entities, relations = run("联创医疗是光谷生物城的龙头企业。")
    assert ("联创医疗", "Company") in entities  # a brand before its copula
    assert ("联创医疗", "LOCATED_IN", "光谷生物城") in relations
    for text in ("作为光谷生物城的龙头企业，华信医疗去年营收增长30%。", "光谷生物城企业华信医疗去年营收增长30%。",
                 "华信医疗是武汉东湖高新区引进的重点企业。"):
        _, _, relations = run(text)
        assert any(r[0] == "华信医疗" and r[1] == "LOCATED_IN" for r in relations), text
    _, _, relations = run("作为国内领先的企业，华信医疗去年营收增长。")
    assert not any(r[1] == "LOCATED_IN" for r in relations)
    _, _, relations = run("武汉联创医疗科技有限公司总部位于武汉，在上海、深圳设有研发中心。")
    assert {("武汉联创医疗科技有限公司", "LOCATED_IN", "上海市"), ("武汉联创医疗科技有限公司", "LOCATED_IN", "深圳市")} <= relations


def test_settling_said_of_a_list_in_the_clause_before_and_founders_led_by_one():
    _, _, relations = run("此次签约的项目包括联影医疗高端影像产业化基地、华大基因西南总部等，均将落户天府国际生物城。")
    assert ("华大基因", "LOCATED_IN", "天府国际生物城") in relations
    _, _, relations = run("天府国际生物城成立于2016年。目前，园区已集聚医疗器械企业200余家，包括迈瑞医疗、联影医疗等龙头企业。")
    assert ("联影医疗", "LOCATED_IN", "天府国际生物城") in relations
    _, _, relations = run("由四川大学华西医院牵头，联合电子科技大学、成都锐新医疗科技有限公司共同组建的四川省高端医疗器械创新中心揭牌。")
    assert ("四川大学华西医院", "FOUNDED", "四川省高端医疗器械创新中心") in relations
    assert ("电子科技大学", "FOUNDED", "四川省高端医疗器械创新中心") in relations


def test_a_title_led_by_a_place_is_not_carried_over_from_the_officer_before():
    _, _, relations = run("四川省经济和信息化厅副厅长王建平、成都市副市长刘成出席开幕式并致辞。")
    assert ("王建平", "WORKS_FOR", "四川省经济和信息化厅") in relations
    assert ("刘成", "WORKS_FOR", "四川省经济和信息化厅") not in relations


def test_the_members_a_member_list_names_are_those_after_it():
    _, _, relations = run("西安交通大学第一附属医院与陕西省人民医院联合发起成立了西北医疗器械临床评价联盟，"
                          "首批成员单位包括西安市中心医院、延安大学附属医院等30家医疗机构。")
    assert ("延安大学附属医院", "MEMBER_OF", "西北医疗器械临床评价联盟") in relations
    assert ("陕西省人民医院", "FOUNDED", "西北医疗器械临床评价联盟") in relations
    assert ("陕西省人民医院", "MEMBER_OF", "西北医疗器械临床评价联盟") not in relations  # a founder, not listed


def test_hong_kong_districts_and_a_chief_executives_firm():
    _, entities, relations = run("位於沙田的香港科學園已吸引逾百家醫療科技企業進駐。")
    assert ("香港科学园", "LOCATED_IN", "沙田") in relations
    _, entities, _ = run("科技園公司行政總裁黃志強表示，園區將繼續支持初創企業。")
    assert ("黄志强", "Person") in entities
    assert not any(name.endswith("行政") for name, _ in entities)  # 行政总裁 is one title


def test_bodies_by_whom_something_is_built_together_found_it():
    _, _, relations = run("苏州医工研究院由江南大学和吴中区人民政府共同建设。")
    assert ("江南大学", "FOUNDED", "苏州医工研究院") in relations
    assert ("吴中区人民政府", "FOUNDED", "苏州医工研究院") in relations


def test_a_plans_slogan_of_counted_parts_names_no_park():
    _, entities, _ = run("天府国际生物城将形成“一核两园”的空间布局，打造一中心三园区。")
    assert not any(name in ("一核两园", "一中心三园区") for name, _ in entities)


def test_districts_set_up_after_the_divisions_data_are_places_and_a_part_of_a_city_is_no_body():
    _, entities, relations = run("2023南方医疗器械创新发展大会在坪山举行。光明区位于深圳市西北部。")
    assert ("坪山区", "Region") in entities and ("光明区", "Region") in entities
    assert ("2023南方医疗器械创新发展大会", "LOCATED_IN", "坪山区") in relations
    assert not any(name.endswith("西北部") for name, _ in entities)


def test_partnerships_exchanges_directors_and_holding_platforms():
    _, entities, relations = run("麦德医疗控股股东为刘明、李华2人以及瑞泽康达有限合伙等7家员工持股平台。")
    assert ("瑞泽康达有限合伙", "Company") in entities  # 有限合伙 is a legal form
    assert ("瑞泽康达有限合伙", "INVESTED_IN", "麦德医疗") in relations
    _, entities, _ = run("该活动由华东技术交易所主办。")
    assert ("华东技术交易所", "Company") in entities
    _, _, relations = run("杭州市工商联副主席、信达泰药业董事叶宇明当选首届轮值主席。")
    assert ("叶宇明", "WORKS_FOR", "信达泰药业") in relations


def test_a_brand_the_model_reads_as_an_adjective_and_a_firm_brought_in_from_elsewhere():
    _, entities, relations = run("在烟台高新区，从上海引进的美新医疗斩获全国赛事一等奖并获千万元融资。")
    assert ("美新医疗", "Company") in entities
    assert ("美新医疗", "LOCATED_IN", "烟台高新区") in relations
    assert ("美新医疗", "LOCATED_IN", "上海市") not in relations  # where it came from


def test_words_the_model_glues_past_a_name_are_cut_off():
    _, entities, _ = run("工信部部属高校代表出席。")
    assert ("工信部", "Government") in entities and not any(name == "工信部部" for name, _ in entities)
    _, entities, _ = run("作为天府国际生物城南部科技创新核，该片区位于双流。")
    assert not any(name.endswith("南部") for name, _ in entities)
    _, entities, _ = run("各县(市、区)领导出席。")
    assert not any(len(name) == 1 for name, _ in entities)


def test_a_town_after_a_district_starts_after_the_districts_full_name():
    _, entities, relations = run("福田区香蜜湖街道正在建设一座医疗器械产业园。")
    assert ("香蜜湖街道", "Region") in entities and not any(name.startswith("区") for name, _ in entities)
    assert ("香蜜湖街道", "PART_OF", "福田区") in relations


def test_an_events_opening_ceremony_is_the_event():
    _, entities, relations = run("第三届西湖国际科技创新博览会开幕式在杭州举行。")
    assert ("第三届西湖国际科技创新博览会", "Event") in entities
    assert ("第三届西湖国际科技创新博览会", "LOCATED_IN", "杭州市") in relations


def test_a_head_noun_alone_in_quotes_is_a_figure_of_speech():
    _, entities, _ = run("打造医疗器械技术创新“策源地”、研究成果“孵化器”和从“实验室”到“生产线”的通道。")
    assert not any(name in ("孵化器", "实验室") for name, _ in entities)
    _, entities, _ = run("“西湖医疗器械创新中心”正式揭牌。")
    assert ("西湖医疗器械创新中心", "Platform") in entities or ("西湖医疗器械创新中心", "ResearchInstitute") in entities


def test_a_government_body_named_with_a_usual_abbreviation_is_one_entity():
    result, entities, _ = run("浙江省药品监督管理局党组书记王华出席。浙江省药监局将进一步提升审评审批服务水平。")
    assert ("浙江省药监局", "Government") not in entities
    assert "浙江省药监局" in aliases_of(result, "浙江省药品监督管理局")


def test_an_investment_a_firm_receives_from_named_investors():
    _, _, relations = run("华信医疗获得红杉中国数千万元投资。")
    assert ("红杉中国", "INVESTED_IN", "华信医疗") in relations
    _, _, relations = run("华信医疗获得国家药监局批准。")
    assert not any(r[1] == "INVESTED_IN" for r in relations)


def test_a_counted_list_of_business_lines_whose_first_item_ends_in_a_verb():
    _, entities, _ = run("麦德医疗是一家整体解决方案提供商，形成了覆盖生命支持、微创介入、体外诊断三大业务板块的产品体系。")
    assert {("生命支持", "Segment"), ("微创介入", "Segment"), ("体外诊断", "Segment")} <= entities
    _, entities, _ = run("实现了医疗器械研发总部、新型高端医疗器械生产制造、医疗器械支撑服务三大产业功能。")
    assert ("新型高端医疗器械生产制造", "Segment") not in entities  # functions of a park, not industries


def test_industrial_zones_are_parks_and_a_zones_level_is_no_name():
    _, entities, _ = run("嘉兴秀洲工业区与华信医疗签约。秀洲工业区是浙江省级工业区，嘉兴是国家级高新区所在地。")
    assert ("嘉兴秀洲工业区", "Park") in entities
    assert not any(("级" in name) for name, _ in entities)
