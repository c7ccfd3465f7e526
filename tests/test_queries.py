"""The named query library: the registry, and every query on the embedded engine.

Every query in queries/ runs on FalkorDB against the graph ingested from ../shared/seeds with the
example parameters of its header. Where the seed articles state a fact, the test asserts it; facts
the extractor does not find yet are marked xfail with the sentence the seeds state, so that a gap
shows in the test summary instead of disappearing into a weaker assertion.
"""
from __future__ import annotations

import json

import pytest

from ecograph.errors import QueryError, ReadOnlyError
from ecograph.graph.connect import falkordb_path
from ecograph.graph.falkordb_store import FalkorDBStore
from ecograph.graph.loader import GraphBatch, load
from ecograph.graph.queries import (
    MISSING,
    QueryRegistry,
    default_registry,
    list_queries,
    load_query,
    parse_query_file,
    run,
)
from ecograph.ontology import ECOSYSTEMS

NANSHAN_ARTICLE = "003_c4f14c057d10fa67"  # 南山举办医疗器械产业链产学研圆桌峰会
CHANGNING_ARTICLE = "004_f1500f01de4610a9"  # 东久新宜医疗器械企业闭门会


# ----------------------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def seeds(seed_settings):
    """The embedded graph ingested from ../shared/seeds (read only)."""
    with FalkorDBStore(falkordb_path(seed_settings.graph)) as store:
        yield store


def rows(store, query, /, **params) -> list[dict]:
    return run(store, query, params).records()


def column(store, query, col, /, **params) -> list:
    return [row[col] for row in rows(store, query, **params)]


def known_as(store, name: str) -> set[str]:
    """`name` plus the canonical name and aliases of every entity called `name` (either way)."""
    names = {name}
    for row in rows(store, "entity_search", text=name, limit=50):
        if row["name"] == name or name in row["aliases"]:
            names |= {row["name"], *row["aliases"]}
    return names


def has(values, store, name: str) -> bool:
    """Whether `values` (a list of names, or of lists of names) names the entity `name`."""
    flat = set()
    for value in values:
        flat |= set(value) if isinstance(value, list) else {value}
    return bool(flat & known_as(store, name))


def missed(fact: str):
    """Mark a seed fact the extractor does not find yet (see the module docs)."""
    return pytest.mark.xfail(reason=f"extraction does not find yet: {fact}", strict=False)


# ----------------------------------------------------------------------------- the registry

def test_library_has_the_queries_the_issue_asks_for():
    names = {q.name for q in list_queries()}
    assert len(names) >= 24
    assert {
        "ecosystem_parks", "ecosystem_companies", "ecosystem_hospitals", "ecosystem_investors",
        "ecosystem_alliances", "park_companies", "segment_coverage", "supply_chain_neighbours",
        "investors_active", "co_investors", "hospital_partners", "alliance_members",
        "cross_ecosystem_links", "event_network", "people_organisations", "connection_between",
        "recent_links", "fact_provenance", "dq_single_mention", "dq_possible_duplicates",
        "dq_low_confidence",
    } <= names


@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.name)
def test_every_query_is_documented(query):
    assert query.description and query.description_zh and query.pages
    assert query.path.name == f"{query.name}.cypher"
    for param in query.params:
        assert param.example is not MISSING, param.name


def test_header_parsing(tmp_path):
    path = tmp_path / "by_region.cypher"
    path.write_text(
        "// name: by_region\n"
        "// description: Entities of one region.\n"
        "// description: 某地区的实体。\n"
        "// params:\n"
        "//   region string - 张江 the ecosystem\n"
        "//   labels list<string> [\"Park\",\"Company\"] [\"Park\"]\n"
        "//   limit  int 10 5 at most this many\n"
        "//   min    float 0 0.5\n"
        "// page: ecosystem map, cli\n"
        "MATCH (n) WHERE n.region = $region AND labels(n)[0] IN $labels AND n.c >= $min\n"
        "RETURN n.name LIMIT $limit\n",
        encoding="utf-8",
    )
    query = parse_query_file(path)
    assert (query.name, query.description, query.description_zh) == (
        "by_region", "Entities of one region.", "某地区的实体。")
    assert query.pages == ("ecosystem map", "cli")
    assert [(p.name, p.type, p.required, p.example, p.note) for p in query.params] == [
        ("region", "string", True, "张江", "the ecosystem"),
        ("labels", "list<string>", False, ["Park"], ""),
        ("limit", "int", False, 5, "at most this many"),
        ("min", "float", False, 0.5, ""),
    ]
    assert query.defaults() == {"labels": ["Park", "Company"], "limit": 10, "min": 0.0}
    assert query.cypher("falkordb") == query.cypher("neo4j") == (
        "MATCH (n) WHERE n.region = $region AND labels(n)[0] IN $labels AND n.c >= $min\n"
        "RETURN n.name LIMIT $limit\n")
    # CLI values arrive as JSON or strings; they are typed by the header
    assert query.bind({"region": 2021, "limit": "3", "min": 1, "labels": "Park, Company"}) == {
        "region": "2021", "limit": 3, "min": 1.0, "labels": ["Park", "Company"]}


def test_one_line_params_form(tmp_path):
    path = tmp_path / "by_id.cypher"
    path.write_text("// name: by_id\n// description: One node.\n// description: 一个节点。\n"
                    "// params: id string - park:1\n// page: profile\nMATCH (n {id: $id}) RETURN n\n",
                    encoding="utf-8")
    assert parse_query_file(path).example() == {"id": "park:1"}


@pytest.mark.parametrize("params, message", [
    ({}, "needs parameter 'region'"),
    ({"region": "张江", "colour": "red"}, "has no parameter 'colour'"),
    ({"region": "张江", "limit": "many"}, "parameter 'limit' must be int"),
    ({"region": "张江", "limit": 2.5}, "parameter 'limit' must be int"),
    ({"region": ["张江"]}, "parameter 'region' must be string"),
])
def test_bind_refuses_bad_parameters(tmp_path, params, message):
    path = tmp_path / "q.cypher"
    path.write_text("// name: q\n// description: Q.\n// description: 查询。\n// params:\n"
                    "//   region string - 张江\n//   limit int 10 5\n// page: cli\n"
                    "MATCH (n {region: $region}) RETURN n LIMIT $limit\n", encoding="utf-8")
    with pytest.raises(QueryError, match=message):
        parse_query_file(path).bind(params)


@pytest.mark.parametrize("text, message", [
    ("// description: D.\n// description: 描述。\n// page: x\nRETURN 1", "one `// name:"),
    ("// name: other\n// description: D.\n// description: 描述。\n// page: x\nRETURN 1", "does not match"),
    ("// name: bad\n// description: D.\n// page: x\nRETURN 1", "English and in Chinese"),
    ("// name: bad\n// description: D.\n// description: 描述。\nRETURN 1", "page"),
    ("// name: bad\n// description: D.\n// description: 描述。\n// page: x\nRETURN $x", "undeclared parameter"),
    ("// name: bad\n// description: D.\n// description: 描述。\n// params:\n//   x str - 1\n// page: x\n"
     "RETURN $x", "type 'str'"),
    ("// name: bad\n// description: D.\n// description: 描述。\n// params:\n//   x int - one\n// page: x\n"
     "RETURN $x", "not a int"),
    ("// name: bad\n// description: D.\n// description: 描述。\n// page: x\n", "no Cypher"),
    ("// name: bad\n// description: D.\n// description: 描述。\n// page: x\n// engine: oracle\nRETURN 1",
     "unknown engine"),
])
def test_malformed_files_are_refused_with_the_file_name(tmp_path, text, message):
    path = tmp_path / "bad.cypher"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(QueryError, match=message) as raised:
        parse_query_file(path)
    assert raised.value.source == "bad.cypher"


def test_unknown_query_suggests_a_close_name():
    with pytest.raises(QueryError, match="did you mean 'park_companies'"):
        load_query("park_company")


ENGINE_SPECIFIC = """// name: engine_specific
// description: Which engine ran this.
// description: 由哪个引擎执行。
// params:
//   x int - 1
// page: cli
WITH $x AS x
// engine: falkordb
RETURN 'falkordb' AS engine, x
// engine: neo4j
RETURN 'neo4j' AS engine, x
// engine: any
"""


@pytest.fixture
def engine_registry(tmp_path):
    (tmp_path / "engine_specific.cypher").write_text(ENGINE_SPECIFIC, encoding="utf-8")
    return QueryRegistry(tmp_path)


def test_engine_sections_are_assembled_per_engine(engine_registry):
    query = engine_registry.get("engine_specific")
    assert query.engine_specific
    assert query.cypher("falkordb") == "WITH $x AS x\nRETURN 'falkordb' AS engine, x\n"
    assert query.cypher("neo4j") == "WITH $x AS x\nRETURN 'neo4j' AS engine, x\n"


def test_engine_section_runs_on_falkordb(engine_registry, falkordb_store):
    result = run(falkordb_store, "engine_specific", {"x": 7}, registry=engine_registry)
    assert result.records() == [{"engine": "falkordb", "x": 7}]


def test_run_is_read_only(tmp_path, falkordb_store):
    (tmp_path / "sneaky.cypher").write_text(
        "// name: sneaky\n// description: Writes.\n// description: 写入。\n// page: cli\nCREATE (n:Park) RETURN n\n",
        encoding="utf-8")
    with pytest.raises(ReadOnlyError):
        run(falkordb_store, "sneaky", registry=QueryRegistry(tmp_path))


# ----------------------------------------------------------------------------- every query runs

@pytest.mark.parametrize("name", default_registry().names())
def test_every_query_runs_on_the_seed_graph(seeds, name):
    query = load_query(name)
    result = run(seeds, name, query.example())
    assert result.columns
    assert all(len(row) == len(result.columns) for row in result.rows)
    # defaults alone are enough for queries without required parameters
    if not any(p.required for p in query.params):
        run(seeds, name)


# ----------------------------------------------------------------------------- facts the seeds state

def test_companies_in_zhangjiang_base_include_fangrun(seeds):
    assert has(column(seeds, "park_companies", "company", park="张江医疗器械产业基地"), seeds, "方润医疗")


def test_companies_in_zhongguancun_park_include_tonghe_litai(seeds):
    found = rows(seeds, "park_companies", park="中关村医疗器械园")  # an alias of the park
    assert has([r["company"] for r in found if r["relation"] == "LOCATED_IN"], seeds, "北京通和立泰生物科技有限公司")
    assert has([r["company"] for r in found if r["relation"] == "OPERATES"], seeds, "中关村医疗器械园有限公司")
    assert all(r["evidence"] for r in found)


def test_park_companies_filters_by_segment(seeds):
    everyone = rows(seeds, "park_companies", park="中关村医疗器械园")
    none = rows(seeds, "park_companies", park="中关村医疗器械园", segment="no such segment")
    assert everyone and none == []


def test_organisers_of_the_nanshan_round_table(seeds):
    [event] = rows(seeds, "event_network", event="产学研圆桌峰会")
    assert has(event["organisers"], seeds, "南山区工商联")
    assert has(event["held_at"], seeds, "南山医疗器械产业园")


@pytest.mark.parametrize("organiser", [
    "南山区医疗器械产业链党委", "南山区统战部", "南山区委组织部",
])
def test_every_organiser_of_the_nanshan_round_table(seeds, organiser):
    """003: '由南山区委组织部(区两新工委)、南山区统战部指导,南山区工商联(区非公党委)、
    南山区医疗器械产业链党委主办的“南山区医疗器械产业链党委产学研圆桌峰会”' — all four in the gold."""
    [event] = rows(seeds, "event_network", event="产学研圆桌峰会")
    assert has(event["organisers"], seeds, organiser)


def test_participants_of_the_changning_closed_door_meeting(seeds):
    [event] = rows(seeds, "event_network", event="东久新宜医疗器械企业闭门交流会")
    for person in ("张凤杰", "董琳", "郭镇豪", "张斌", "陈飞飞", "刘婧", "卢佳"):
        assert person in event["participants"], person


def test_organisers_of_the_changning_closed_door_meeting(seeds):
    [event] = rows(seeds, "event_network", event="东久新宜医疗器械企业闭门交流会")
    assert has(event["organisers"], seeds, "东久新宜") and has(event["organisers"], seeds, "东虹办")


def test_dongmai_co_organised_the_changning_meeting(seeds):
    [event] = rows(seeds, "event_network", event="东久新宜医疗器械企业闭门交流会")
    assert has(event["organisers"], seeds, "动脉网")


def test_investors_named_in_the_nanshan_article(seeds):
    investors = column(seeds, "article_entities", "name", article=NANSHAN_ARTICLE, label="Investor")
    assert has(investors, seeds, "深创投") or has(investors, seeds, "深圳市松禾创业投资有限公司")
    for investor in ("深创投", "深圳市松禾创业投资有限公司", "南山战新投", "汇通金控"):  # all four, in fact
        assert has(investors, seeds, investor), investor


def test_nanshan_investors_and_their_people(seeds):
    investors = {r["investor"]: r for r in rows(seeds, "ecosystem_investors", ecosystem="")}
    songhe = investors["深圳市松禾创业投资有限公司"]
    assert songhe["ecosystem"] == ""  # the text says 深圳市, which is no ecosystem (南山 is a district of it)
    assert "厉伟" in songhe["people"]
    [li_wei] = rows(seeds, "people_organisations", person="厉伟", organisation="深圳市松禾创业投资有限公司")
    assert li_wei["title"] == "董事长"


def test_people_and_their_titles(seeds):
    [lou_qi] = rows(seeds, "people_organisations", person="楼琦")
    assert (lou_qi["organisation"], lou_qi["title"]) == ("张江医疗器械产业基地", "总经理")
    assert has(column(seeds, "people_organisations", "organisation", person="何建涛"), seeds, "中关村医疗器械园有限公司")


def test_zhangjiang_parks_and_segments(seeds):
    parks = {r["park"]: r for r in rows(seeds, "ecosystem_parks", ecosystem="张江")}
    base = parks["张江医疗器械产业基地"]
    # as the taxonomy names them: 医学影像高端设备 → 医学影像, 血管介入 → 心血管介入
    assert {"医学影像", "体外诊断", "骨科植入", "心血管介入"} <= set(base["segments"])
    assert {"合庆镇", "浦东新区"} & set(base["within"])  # gold: 合庆镇; 浦东新区 optional
    assert all(r["ecosystem"] == "张江" for r in parks.values())


def test_zhangjiang_base_focuses_on_smart_rehabilitation(seeds):
    [base] = [r for r in rows(seeds, "ecosystem_parks", ecosystem="张江") if r["park"] == "张江医疗器械产业基地"]
    assert "医用康复器械" in base["segments"]  # 智慧康复器械, in the taxonomy's words


def test_zhongguancun_parks_and_companies(seeds):
    assert has(column(seeds, "ecosystem_parks", "park", ecosystem="中关村"), seeds, "中关村医疗器械园")
    companies = column(seeds, "ecosystem_companies", "company", ecosystem="中关村")
    assert has(companies, seeds, "中关村发展集团股份有限公司")


def test_zhongguancun_companies_include_tonghe_litai(seeds):
    companies = column(seeds, "ecosystem_companies", "company", ecosystem="中关村")
    assert has(companies, seeds, "北京通和立泰生物科技有限公司")


def test_nanshan_hospitals(seeds):
    hospitals = column(seeds, "ecosystem_hospitals", "hospital", ecosystem="南山")
    assert {"南山区慢病院", "南山区医疗集团"} <= set(hospitals)
    assert set(column(seeds, "hospital_partners", "hospital", ecosystem="南山")) == set(hospitals)


def test_nanshan_alliances(seeds):
    alliances = column(seeds, "ecosystem_alliances", "alliance", ecosystem="南山")
    assert has(alliances, seeds, "南山区医疗器械产业链党委")
    [committee] = rows(seeds, "alliance_members", alliance="南山区医疗器械产业链党委")
    assert committee["member_count"] == len(committee["members"])
    assert "南山" in committee["ecosystems"]


def test_segment_coverage_and_players(seeds):
    [ivd] = rows(seeds, "segment_coverage", segment="体外诊断")
    assert "张江" in ivd["ecosystems"] and "张江" not in ivd["missing_in"]
    assert sorted(ivd["ecosystems"] + ivd["missing_in"]) == sorted(ECOSYSTEMS)
    assert ivd["total"] == sum(ivd["players"])
    assert "张江医疗器械产业基地" in column(seeds, "segment_players", "name", segment="体外诊断")
    gaps = rows(seeds, "segment_gaps", ecosystem="长宁")
    assert gaps and all("长宁" not in r["present_in"] for r in gaps)
    assert "再生医学" in [r["segment"] for r in gaps]  # 中关村's regenerative-medicine park


def test_investors_active_in_zhongguancun(seeds):
    found = {r["investor"]: r for r in rows(seeds, "investors_active", ecosystem="中关村")}
    zgc = found[next(iter(known_as(seeds, "中关村发展集团股份有限公司") & set(found)))]
    assert has(zgc["invested_in"], seeds, "北京中关村水木医疗器械服务有限公司")


@missed("中关村医疗器械园 co-invested in 北京中关村水木医疗器械服务有限公司 (000)")
def test_co_investors_of_zhongguancun_development_group(seeds):
    assert has(column(seeds, "co_investors", "co_investor", investor="中关村发展集团股份有限公司"),
               seeds, "中关村医疗器械园")


def test_supply_chain_of_kailitai(seeds):
    assert has(column(seeds, "supply_chain_neighbours", "neighbour", company="上海凯利泰科技股份有限公司"),
               seeds, "赛立维生物科技")


def test_supply_chain_neighbours_respect_hops(seeds):
    supply_chain = ("FOCUSES_ON", "SUPPLIES", "INCUBATES")
    company = next(e["source"] for e in rows(seeds, "ecosystem_edges")
                   if e["source_label"] == "Company" and e["type"] in supply_chain)
    one = rows(seeds, "supply_chain_neighbours", company=company, hops=1)
    two = rows(seeds, "supply_chain_neighbours", company=company, hops=2)
    assert one and {r["neighbour"] for r in one} <= {r["neighbour"] for r in two}
    assert all(r["hops"] == 1 and r["via"][0] in supply_chain for r in one)
    assert all(r["hops"] == len(r["via"]) == len(r["chain"]) - 1 <= 2 for r in two)
    assert all(r["chain"][0] == company and r["chain"][-1] == r["neighbour"] for r in two)


def test_connection_between_two_organisers_shows_the_evidence(seeds):
    chains = rows(seeds, "connection_between", a="南山区工商联", b="南山区统战部", max_hops=2)
    assert chains[0]["hops"] == 2
    assert chains[0]["chain"][1] == "南山区医疗器械产业链党委产学研圆桌峰会"
    assert chains[0]["relations"] == ["ORGANIZED", "ORGANIZED"]
    assert all("主办" in sentence for sentence in chains[0]["evidence"])
    assert rows(seeds, "connection_between", a="南山区工商联", b="南山区统战部", max_hops=1) == []


def test_fact_provenance_names_the_article(seeds):
    facts = rows(seeds, "fact_provenance", source="南山区工商联", type="ORGANIZED")
    assert facts and all(f["relation"] == "ORGANIZED" for f in facts)
    summit = [f for f in facts if f["target"] == "南山区医疗器械产业链党委产学研圆桌峰会"]
    assert summit and summit[0]["article_file"].endswith(f"{NANSHAN_ARTICLE}.txt")
    assert "主办" in summit[0]["evidence"]


def test_entity_profile_and_search(seeds):
    profile = rows(seeds, "entity_profile", name="南山区工商联")
    assert ("ORGANIZED", "out", "南山区医疗器械产业链党委产学研圆桌峰会") in {
        (r["relation"], r["direction"], r["other"]) for r in profile}
    found = rows(seeds, "entity_search", text="中关村医疗器械园", label="Park")
    assert "中关村医疗器械园" in [found[0]["name"], *found[0]["aliases"]]  # the exact match first
    assert all(r["label"] == "Park" for r in found)


def test_article_entities_by_label(seeds):
    people = column(seeds, "article_entities", "name", article=CHANGNING_ARTICLE, label="Person")
    assert {"张凤杰", "卢佳"} <= set(people)


def test_partner_candidates_share_something_but_are_not_linked(seeds):
    candidates = rows(seeds, "partner_candidates", name="南山区工商联")
    assert has([c["candidate"] for c in candidates], seeds, "南山区统战部")
    linked = {r["other"] for r in rows(seeds, "entity_profile", name="南山区工商联")}
    assert all(c["candidate"] not in linked and c["score"] == len(c["reasons"]) for c in candidates)


def test_ecosystem_overview_covers_the_four_ecosystems(seeds):
    overview = rows(seeds, "ecosystem_overview")
    assert [r["ecosystem"] for r in overview] == list(ECOSYSTEMS)
    assert all(r["entities"] > 0 and r["articles"] > 0 for r in overview)
    assert all(r["parks"] + r["companies"] <= r["entities"] for r in overview)


def test_top_connected_is_sorted(seeds):
    degrees = column(seeds, "top_connected", "degree", limit=5)
    assert len(degrees) == 5 and degrees == sorted(degrees, reverse=True)


def test_ecosystem_edges_and_cross_ecosystem_links(seeds):
    edges = rows(seeds, "ecosystem_edges", ecosystem="中关村", min_confidence=0.8)
    assert edges and all(e["confidence"] >= 0.8 and e["type"] != "MENTIONED_IN" for e in edges)
    for link in rows(seeds, "cross_ecosystem_links"):
        assert link["from_ecosystem"] != link["to_ecosystem"]


def test_event_coattendance_pairs(seeds):
    pairs = rows(seeds, "event_coattendance", ecosystem="南山")
    assert ("南山区工商联", "南山区统战部") in {tuple(sorted((p["first"], p["second"]))) for p in pairs}
    assert all(p["shared"] == len(p["events"]) >= 1 for p in pairs)


def test_recent_and_planned_links(seeds):
    recent = rows(seeds, "recent_links", since="2021-01-01", limit=500)
    assert recent and all(r["date"] >= "2021-01-01" for r in recent)
    assert ("张江医疗器械产业基地", "FOCUSES_ON", "体外诊断") in {
        (r["source"], r["relation"], r["target"]) for r in recent}
    assert all(r["date"] >= "2019-12-24" for r in rows(seeds, "recent_links", since="2019-12-24"))
    assert all(r["relation"] != "MENTIONED_IN" for r in rows(seeds, "planned_links"))


def test_data_quality_checks(seeds):
    low = rows(seeds, "dq_low_confidence", below=0.6)
    assert low and all(r["confidence"] < 0.6 for r in low)
    assert [r["confidence"] for r in low] == sorted(r["confidence"] for r in low)
    once = rows(seeds, "dq_single_mention", max_relations=0)
    assert all(r["relations"] == 0 for r in once)
    assert not {r["name"] for r in once} & {r["name"] for r in rows(seeds, "top_connected", limit=20)}


def test_possible_duplicates_on_a_literal_graph(falkordb_store):
    nodes = [
        {"id": "company:1", "label": "Company", "name": "森瑞斯生物科技(深圳)有限公司", "aliases": [], "region": "南山"},
        {"id": "company:2", "label": "Company", "name": "森瑞斯生物科技（深圳）", "aliases": [], "region": ""},
        {"id": "company:3", "label": "Company", "name": "方润医疗", "aliases": ["FR Medical"], "region": ""},
        {"id": "company:4", "label": "Company", "name": "方润医疗科技股份有限公司", "aliases": ["fr medical"], "region": ""},
        {"id": "park:1", "label": "Park", "name": "方润医疗", "aliases": [], "region": ""},
    ]
    load(falkordb_store, GraphBatch(nodes=nodes))
    found = sorted((r["label"], r["score"], sorted(r["names"])) for r in rows(falkordb_store, "dq_possible_duplicates"))
    assert found == [
        ("Company", 1.0, ["方润医疗", "方润医疗科技股份有限公司"]),  # by their aliases
        ("Company", 1.0, ["森瑞斯生物科技(深圳)有限公司", "森瑞斯生物科技（深圳）"]),
    ]


# ----------------------------------------------------------------------------- the CLI

def cli(settings, *args: str):
    from typer.testing import CliRunner

    from ecograph.cli import app

    return CliRunner().invoke(app, ["--corpus", str(settings.corpus), "--graph", settings.graph, *args])


def test_cli_runs_a_named_query_as_json_lines(seed_settings):
    result = cli(seed_settings, "query", "event_network", "--param", "event=产学研圆桌峰会", "--json")
    assert result.exit_code == 0, result.output
    [line] = result.stdout.splitlines()
    assert "南山区工商联" in json.loads(line)["organisers"]


def test_cli_query_csv_and_typed_params(seed_settings):
    result = cli(seed_settings, "query", "top_connected", "-p", "limit=2", "--csv")
    assert result.exit_code == 0, result.output
    header, *lines = result.stdout.splitlines()
    assert header == "name,label,ecosystem,degree,kinds" and len(lines) == 2


def test_cli_lists_the_queries(seed_settings):
    result = cli(seed_settings, "query", "--list", "--json")
    assert result.exit_code == 0, result.output
    listed = [json.loads(line) for line in result.stdout.splitlines()]
    assert [q["name"] for q in listed] == default_registry().names()
    [park] = [q for q in listed if q["name"] == "park_companies"]
    assert park["params"].startswith("park: string (required)") and park["description_zh"]


@pytest.mark.parametrize("args, message", [
    (["park_company"], "did you mean 'park_companies'"),
    (["park_companies"], "needs parameter 'park'"),
    (["park_companies", "-p", "park=x", "-p", "colour=red"], "has no parameter 'colour'"),
    (["park_companies", "-p", "park"], "is not name=value"),
    ([], "give a query NAME"),
])
def test_cli_query_errors_are_one_line(seed_settings, args, message):
    result = cli(seed_settings, "query", *args)
    assert result.exit_code == 1
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_required_parameter_stays_required_in_copies_of_its_query():
    # Streamlit copies the options of a select box: the copy must still know what is required
    import copy
    import pickle

    query = load_query("segment_gaps")
    for copied in (pickle.loads(pickle.dumps(query)), copy.deepcopy(query)):
        assert copied.param("ecosystem").required
        with pytest.raises(QueryError, match="needs parameter 'ecosystem'"):
            copied.bind({})


@pytest.mark.parametrize("given", ["Zhangjiang", "zhang jiang", "ZHANGJIANG", "张江"])
def test_an_ecosystem_parameter_takes_chinese_pinyin_or_english(given):
    assert load_query("segment_gaps").bind({"ecosystem": given}) == {"ecosystem": "张江"}
    assert load_query("segment_coverage").bind({"ecosystems": [given, "Nanshan"]})["ecosystems"] == ["张江", "南山"]


def test_an_unknown_ecosystem_or_an_empty_required_value_is_refused():
    with pytest.raises(QueryError, match="'Atlantis' is not an ecosystem"):
        load_query("hospital_partners").bind({"ecosystem": "Atlantis"})
    with pytest.raises(QueryError, match="needs parameter 'ecosystem'"):
        load_query("segment_gaps").bind({"ecosystem": "  "})
    assert load_query("hospital_partners").bind({"ecosystem": ""})["ecosystem"] == ""  # optional: all


def test_hospital_queries_find_hospitals_by_their_partners_ecosystem(falkordb_store):
    # a hospital outside 张江 with a partner placed in 张江, and one in 张江 itself
    falkordb_store.write(
        "CREATE (:Hospital {id: 'hospital:a', name: '甲市第一测试医院', region: '', aliases: []})"
        "-[:PARTNERS_WITH {evidence: '甲院与乙公司合作。', confidence: 0.9}]->"
        "(:Company {id: 'company:b', name: '乙测试医疗科技有限公司', region: '张江', ecosystems: ['张江'], aliases: []}),"
        "(:Hospital {id: 'hospital:c', name: '丙区测试医院', region: '张江', ecosystems: ['张江'], aliases: []}),"
        "(:Hospital {id: 'hospital:d', name: '丁市测试医院', region: '南山', ecosystems: ['南山'], aliases: []})")
    by_partner = rows(falkordb_store, "hospital_partners", ecosystem="Zhangjiang")
    assert {r["hospital"] for r in by_partner} == {"甲市第一测试医院", "丙区测试医院"}
    assert [r["partner_ecosystem"] for r in by_partner if r["partner"]] == ["张江"]
    listed = column(falkordb_store, "ecosystem_hospitals", "hospital", ecosystem="张江")
    assert set(listed) == {"甲市第一测试医院", "丙区测试医院"}
