"""Placement from evidence (ingest/placement.py): an entity's ecosystems follow from chains of
facts to the parks and districts of the extents file and from China's administrative divisions,
never from characters in a name; every placement keeps its chain.

Three layers: the extents file itself; the corpus projecting literal extractions (so the rules
are pinned whatever the extractor finds); and the seeds + examples + regression corpus, where the
table below holds what the texts state and today's extractor finds the facts for.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from ecograph.ingest.corpus import Corpus
from ecograph.ingest.models import Article, Entity, Extraction, Mention, Relation
from ecograph.ingest.placement import load_divisions, load_extents
from ecograph.ontology import ECOSYSTEMS

ROOT = Path(__file__).resolve().parents[1]


# ----------------------------------------------------------------------------- the extents file

def test_every_ecosystem_has_an_extent_with_sources():
    extents = load_extents()
    assert {m.ecosystem for m in extents.members} == set(ECOSYSTEMS)
    assert all(m.source for m in extents.members)
    names = {m.name for m in extents.members}
    assert all(m.part_of in names for m in extents.members if m.part_of)


def test_districts_are_real_divisions_of_the_right_city():
    divisions = load_divisions()
    cities = {"中关村": "北京市", "张江": "上海市", "南山": "深圳市", "长宁": "上海市"}
    for member in load_extents().members:
        if member.kind != "district":
            continue
        code = member.adcode.ljust(12, "0")
        assert divisions.names[code] == member.name
        assert divisions.names[divisions.parent(code)] == cities[member.ecosystem]


def test_division_prefixes_are_read_by_code():
    divisions = load_divisions()
    umap = {"南山区": "440305000000"}
    assert divisions.read_prefix("深圳市坪山区人民医院", umap) == ("440310000000", "深圳市坪山区")
    assert divisions.read_prefix("南山区工商联", umap) == ("440305000000", "南山区")
    assert divisions.read_prefix("鹤岗市南山区人民政府", umap)[0] == "230404000000"
    assert divisions.read_prefix("南山医疗器械产业园", umap) is None  # 南山 alone is no division name


# ----------------------------------------------------------------------------- the rules, on the corpus

def extraction(article_id: str, entities: list[tuple[str, str]], relations: list[tuple]) -> Extraction:
    """An article's extraction written out: (name, label) entities and (source, type, target,
    evidence[, status]) relations."""
    text = "。".join(name for name, _ in entities)
    found, at = [], 0
    for name, label in entities:
        found.append(Entity(name, label, mentions=[Mention(name, label, at, at + len(name))]))
        at += len(name) + 1
    rels = [Relation(r[0], r[1], r[2], r[3], 0.8, status=r[4] if len(r) > 4 else "reported") for r in relations]
    article = Article(article_id, f"{article_id}.txt", article_id, text, date="2024-05-01",
                      content_hash=article_id)
    return Extraction(article, text, found, rels)


@pytest.fixture
def corpus(tmp_path):
    with Corpus(tmp_path / "corpus.sqlite") as opened:
        yield opened


def placements(corpus: Corpus) -> dict[str, dict]:
    return {n["name"]: n for n in corpus.graph_batch().nodes}


def test_pingshan_is_in_shenzhen_but_not_in_nanshan(corpus):
    corpus.store(extraction("a1", [("深圳市坪山区人民政府", "Government"), ("深圳市坪山区人民医院", "Hospital"),
                                   ("坪山区", "Region"), ("深圳市", "Region"), ("某坪山器械公司", "Company")],
                            [("坪山区", "PART_OF", "深圳市", "坪山区是深圳市的辖区。"),
                             ("某坪山器械公司", "LOCATED_IN", "坪山区", "某坪山器械公司位于坪山区。")]))
    nodes = placements(corpus)
    assert {name: nodes[name]["ecosystems"] for name in nodes} == {name: [] for name in nodes}


def test_shenzhen_alone_places_nothing_nanshan_places(corpus):
    corpus.store(extraction("a1", [("深圳某医疗科技有限公司", "Company"), ("深圳市", "Region"),
                                   ("某南山器械公司", "Company"), ("南山区", "Region")],
                            [("深圳某医疗科技有限公司", "LOCATED_IN", "深圳市", "该公司总部位于深圳市。"),
                             ("某南山器械公司", "LOCATED_IN", "南山区", "某南山器械公司位于南山区。"),
                             ("南山区", "PART_OF", "深圳市", "南山区隶属深圳市。")]))
    nodes = placements(corpus)
    assert nodes["深圳某医疗科技有限公司"]["ecosystems"] == [] and nodes["深圳市"]["ecosystems"] == []
    assert nodes["某南山器械公司"]["ecosystems"] == ["南山"]
    [reason] = json.loads(nodes["某南山器械公司"]["placement"])
    assert (reason["anchor"], reason["anchor_kind"]) == ("南山区", "district")
    assert [(s["source"], s["type"], s["target"], s["evidence"]) for s in reason["steps"]] == [
        ("某南山器械公司", "LOCATED_IN", "南山区", "某南山器械公司位于南山区。")]


def test_a_chain_through_a_park_keeps_every_fact_with_its_evidence(corpus):
    corpus.store(extraction("a1", [("甲乙医疗", "Company"), ("某医疗器械产业园", "Park"), ("大兴区", "Region"),
                                   ("某产业园运营有限公司", "Company"), ("丙丁生物", "Company"),
                                   ("某孵化平台", "Platform")],
                            [("甲乙医疗", "LOCATED_IN", "某医疗器械产业园", "甲乙医疗入驻某医疗器械产业园。"),
                             ("某医疗器械产业园", "LOCATED_IN", "大兴区", "某医疗器械产业园位于大兴区。"),
                             ("某产业园运营有限公司", "OPERATES", "某医疗器械产业园", "某产业园运营有限公司运营该园。"),
                             ("某孵化平台", "LOCATED_IN", "某医疗器械产业园", "某孵化平台设在园内。"),
                             ("某孵化平台", "INCUBATES", "丙丁生物", "某孵化平台孵化了丙丁生物。")]))
    nodes = placements(corpus)
    assert {n: nodes[n]["region"] for n in ("甲乙医疗", "某医疗器械产业园", "某产业园运营有限公司", "丙丁生物",
                                            "某孵化平台", "大兴区")} == dict.fromkeys(
        ("甲乙医疗", "某医疗器械产业园", "某产业园运营有限公司", "丙丁生物", "某孵化平台", "大兴区"), "中关村")
    [reason] = json.loads(nodes["丙丁生物"]["placement"])
    assert [(s["source"], s["type"], s["target"]) for s in reason["steps"]] == [
        ("某孵化平台", "INCUBATES", "丙丁生物"), ("某孵化平台", "LOCATED_IN", "某医疗器械产业园"),
        ("某医疗器械产业园", "LOCATED_IN", "大兴区")]


def test_plans_do_not_place(corpus):
    corpus.store(extraction("a1", [("甲乙医疗", "Company"), ("长宁区", "Region")],
                            [("甲乙医疗", "LOCATED_IN", "长宁区", "甲乙医疗拟落户长宁区。", "planned")]))
    assert placements(corpus)["甲乙医疗"]["ecosystems"] == []


def test_names_that_open_with_a_division_or_an_extent_member(corpus):
    corpus.store(extraction("a1", [("深圳市南山区人民医院", "Hospital"), ("鹤岗市南山区人民政府", "Government"),
                                   ("南山某某生物", "Company"), ("中关村某某服务联盟", "Alliance"),
                                   ("上海市浦东新区张江科学城", "Park"), ("张江某某生物", "Company")], []))
    nodes = placements(corpus)
    assert {n: nodes[n]["region"] for n in nodes} == {
        "深圳市南山区人民医院": "南山", "鹤岗市南山区人民政府": "", "南山某某生物": "", "中关村某某服务联盟": "中关村",
        "上海市浦东新区张江科学城": "张江", "张江某某生物": ""}
    [reason] = json.loads(nodes["深圳市南山区人民医院"]["placement"])
    assert [(s["type"], s["target"]) for s in reason["steps"]] == [("NAMED_AFTER", "深圳市南山区")]


def test_an_entity_can_belong_to_two_ecosystems_nearest_first(corpus):
    corpus.store(extraction("a1", [("甲乙医疗", "Company"), ("某园", "Park"), ("长宁区", "Region"),
                                   ("张江", "Region")],
                            [("甲乙医疗", "LOCATED_IN", "张江", "甲乙医疗总部位于张江。"),
                             ("甲乙医疗", "LOCATED_IN", "某园", "甲乙医疗在某园设立分部。"),
                             ("某园", "LOCATED_IN", "长宁区", "某园位于长宁区。")]))
    node = placements(corpus)["甲乙医疗"]
    assert (node["region"], node["ecosystems"]) == ("张江", ["张江", "长宁"])


# ----------------------------------------------------------------------------- the real corpus

# What the texts state (seeds, examples/articles, tests/regression), and today's extractor finds
# the facts for: name → the ecosystem it is in, "" when the text puts it in none.
EXPECTED = {
    # 坪山 is a district of 深圳, not of 南山 (r05); 深圳 alone is no ecosystem
    "深圳市坪山区人民政府": "", "深圳市坪山区人民医院": "", "深圳市": "",
    "深圳市南山区人民医院": "南山", "南山医疗器械产业园": "南山", "南山区": "南山",
    "深圳芯检生物科技有限公司": "南山", "南山区工商联": "南山",
    "中关村医疗器械园": "中关村", "大兴区": "中关村",
    "北京经济技术开发区": "中关村", "北京市": "",
    "张江医疗器械产业基地": "张江", "方润医疗": "张江", "上海张江集团有限公司": "张江", "浦东新区": "",
    "上海市": "", "长宁区商务委": "长宁", "长宁区": "长宁",
    "广州国际生物岛": "", "成都天府国际生物城": "", "苏州工业园区生物医药产业园": "",
}


@pytest.fixture(scope="module")
def whole_corpus(tmp_path_factory):
    from conftest import NO_SHARED, SEEDS

    if not SEEDS.is_dir():
        pytest.skip(NO_SHARED)
    from ecograph.service import ingest_paths

    base = tmp_path_factory.mktemp("placement")
    with Corpus(base / "corpus.sqlite") as corpus:
        report = ingest_paths([SEEDS, ROOT / "examples" / "articles", ROOT / "tests" / "regression" / "articles"],
                              corpus, None)
        assert not report.failed
        yield corpus.graph_batch()


def test_placements_match_what_the_texts_state(whole_corpus):
    nodes = {}
    for node in whole_corpus.nodes:
        for name in (node["name"], *node["aliases"]):
            nodes.setdefault(name, node)
    assert {name: nodes[name]["region"] for name in EXPECTED if name in nodes} == EXPECTED


def test_every_placement_has_a_chain_of_facts_that_exist(whole_corpus):
    facts = {(f["source_id"], f["type"], f["target_id"]): f for f in whole_corpus.relations}
    names = {n["id"]: n for n in whole_corpus.nodes}
    assert names  # the projection itself: nodes by id
    placed = [n for n in whole_corpus.nodes if n["ecosystems"]]
    assert len(placed) > 50
    for node in placed:
        reasons = json.loads(node["placement"])
        assert [r["ecosystem"] for r in reasons] == node["ecosystems"] and node["region"] == node["ecosystems"][0]
        for reason in reasons:
            steps = reason["steps"]
            for step in steps:
                if step["type"] == "NAMED_AFTER":
                    assert step == steps[-1] and step["source"].startswith(step["target"])
                    continue
                fact = facts[(step["source_id"], step["type"], step["target_id"])]
                assert fact["evidence"] == step["evidence"] and fact["status"] == "reported"
            member = next(m for m in load_extents().members if m.name == reason["anchor"])
            assert member.ecosystem == reason["ecosystem"] and member.kind == reason["anchor_kind"]
            at = node["id"]  # the chain is connected: each fact leads on from where the last one ended
            for step in (s for s in steps if s["type"] != "NAMED_AFTER"):
                assert at in (step["source_id"], step["target_id"])
                at = step["target_id"] if at == step["source_id"] else step["source_id"]
            assert at in names


# ----------------------------------------------------------------------------- the walk, shared

def walk_one_entity(start, anchors, up, named, entities):
    """The breadth-first walk from one entity that placement did before it shared the walks
    (the reference: what an entity is placed by must not depend on how the work is shared)."""
    from collections import deque

    from ecograph.ingest.placement import MAX_HOPS, NAME_STEP, Placement

    found: dict = {}

    def keep(member, chain):
        if member.ecosystem not in found or len(chain) < len(found[member.ecosystem].steps):
            found[member.ecosystem] = Placement(member.ecosystem, member.name, member.kind, member.source, chain)

    queue, seen = deque([(start, [])]), {start}
    while queue:
        node, chain = queue.popleft()
        member = anchors.get(node)
        if member is None and node in named:
            by_name, prefix = named[node]
            keep(by_name, chain + [{"source": entities[node]["name"], "type": NAME_STEP, "target": prefix,
                                    "evidence": f"the name opens with {prefix} 名称冠以{prefix}", "article_ids": []}])
        if member is not None:
            keep(member, chain)
            continue
        if len(chain) >= MAX_HOPS:
            continue
        for link in sorted(up.get(node, []), key=lambda x: (-x["fact"].get("confidence", 0), x["via"])):
            if link["via"] in seen:
                continue
            seen.add(link["via"])
            fact = link["fact"]
            queue.append((link["via"], chain + [{
                "source": entities[fact["source_id"]]["name"], "source_id": fact["source_id"], "type": fact["type"],
                "target": entities[fact["target_id"]]["name"], "target_id": fact["target_id"],
                "evidence": fact.get("evidence", ""), "article_ids": list(fact.get("article_ids") or [])}]))
    return sorted(found.values(), key=lambda p: (len(p.steps), ECOSYSTEMS.index(p.ecosystem)))


def test_shared_walks_place_every_entity_as_its_own_walk_does():
    """Random small graphs, dense with cycles, ties of confidence and of chain length, and name
    steps against members reached by chains as long: each entity gets the placements (chains
    included) that a walk from it alone finds."""
    import random

    from ecograph.ingest.placement import _Reach, _upward_links

    members = load_extents().members
    rng = random.Random(15)
    for _ in range(300):
        ids = [f"n{i}" for i in range(rng.randint(2, 14))]
        entities = {i: {"label": rng.choice(["Company", "Park", "Person", "Platform"]), "name": f"名{i}"} for i in ids}
        anchors = {i: rng.choice(members) for i in ids if rng.random() < 0.2}
        named = {i: (member, member.name) for i in ids if rng.random() < 0.2 and (member := rng.choice(members))}
        facts = [{"source_id": rng.choice(ids), "target_id": rng.choice(ids),
                  "type": rng.choice(["LOCATED_IN", "PART_OF", "OPERATES", "INCUBATES", "WORKS_FOR"]),
                  "confidence": rng.choice([0.6, 0.9]), "status": rng.choice(["reported"] * 5 + ["planned"]),
                  "evidence": f"证据{k}", "article_ids": [f"a{k}"]} for k in range(rng.randint(0, 30))]
        up = _upward_links(entities, facts)
        reach = _Reach(anchors, up, named, entities)
        for start in ids:
            assert reach.placements(start) == walk_one_entity(start, anchors, up, named, entities), start
