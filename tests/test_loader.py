"""Loading GraphBatches: counts, idempotence, properties, pruning, graph_counts."""
from __future__ import annotations

import dataclasses

import pytest

from ecograph.graph import loader
from ecograph.graph.loader import GraphBatch, LoadReport, Writers, delete_missing, graph_counts, load

EXPECTED_REPORT = LoadReport(
    nodes={"Article": 2, "Company": 2, "Park": 1, "Region": 1, "Segment": 1},
    relationships={"FOCUSES_ON": 1, "LOCATED_IN": 1, "MENTIONED_IN": 5, "OPERATES": 1},
    skipped={"endpoint not in batch": 1},
)


def dump(store) -> list:
    """The whole graph as sorted plain rows, engine ids left out."""
    nodes = store.read("MATCH (n) RETURN labels(n), properties(n) ORDER BY n.id").rows
    rels = store.read("MATCH (s)-[r]->(t) RETURN s.id, type(r), t.id, properties(r) "
                      "ORDER BY s.id, type(r), t.id").rows
    return [nodes, rels]


def test_load_reports_rows_per_label_and_type(store, sample_batch):
    seen = []

    report = load(store, sample_batch, progress=lambda what, n: seen.append((what, n)))

    assert report == EXPECTED_REPORT
    assert seen == [("Article", 2), ("Company", 2), ("Park", 1), ("Region", 1), ("Segment", 1),
                    ("FOCUSES_ON", 1), ("LOCATED_IN", 1), ("OPERATES", 1),
                    ("MENTIONED_IN", 2), ("MENTIONED_IN", 2), ("MENTIONED_IN", 1)]
    assert report.summary() == (
        "7 nodes (Article 2, Company 2, Park 1, Region 1, Segment 1); "
        "8 relationships (FOCUSES_ON 1, LOCATED_IN 1, MENTIONED_IN 5, OPERATES 1); "
        "1 skipped (endpoint not in batch 1)"
    )


def test_loading_twice_leaves_the_graph_as_it_was(store, sample_batch):
    load(store, sample_batch)
    once = dump(store)

    assert load(store, sample_batch) == EXPECTED_REPORT
    assert dump(store) == once


def test_graph_counts_lists_every_ontology_name(store, sample_batch):
    load(store, sample_batch)

    counts = graph_counts(store)

    assert counts["nodes"] == {
        "Alliance": 0, "Article": 2, "Company": 2, "Event": 0, "Government": 0, "Hospital": 0,
        "Investor": 0, "Park": 1, "Person": 0, "Platform": 0, "Region": 1,
        "ResearchInstitute": 0, "Segment": 1, "University": 0,
    }
    assert {k: n for k, n in counts["relationships"].items() if n} == {
        "FOCUSES_ON": 1, "LOCATED_IN": 1, "MENTIONED_IN": 5, "OPERATES": 1}
    assert list(counts["relationships"]) == sorted(counts["relationships"])


def test_properties_are_stored_as_given(store, sample_batch):
    load(store, sample_batch)

    company = store.read("MATCH (n:Company {id: 'company:2'}) RETURN properties(n)").scalar()
    located = store.read("MATCH (:Park)-[r:LOCATED_IN]->(:Region) RETURN properties(r)").scalar()
    article = store.read("MATCH (a:Article {id: 'a2'}) RETURN properties(a)").scalar()

    assert company == {"id": "company:2", "name": "方润医疗", "aliases": ["方潤醫療", "方润 \"FR\""],
                       "region": "", "ecosystems": [], "placement": "", "duplicate_ids": [],
                       "duplicate_scores": [], "duplicate_reasons": []}
    assert located == {"evidence": "园区位于大兴区。", "article_ids": ["a1", "a2"], "confidence": 0.8,
                       "first_seen": "2024-05-01", "last_seen": "2024-06-02", "status": "reported"}
    assert article == {"id": "a2", "url": "", "title": "签约仪式", "date": "2024-06-02",
                       "source": "a2.txt"}


def test_deal_terms_and_segment_taxonomy_are_stored_as_numbers_and_strings(store):
    batch = GraphBatch(
        articles=[{"id": "a1", "url": "", "title": "融资", "date": "2024-03-02", "source": "a1.txt"}],
        nodes=[{"id": "investor:1", "label": "Investor", "name": "甲资本", "aliases": [], "region": "",
                "ecosystems": ["南山"], "placement": "[]", "duplicate_ids": ["investor:2"],
                "duplicate_scores": [0.9], "duplicate_reasons": ["same brand 同一字号"]},
               {"id": "company:1", "label": "Company", "name": "乙医疗", "aliases": [], "region": ""},
               {"id": "segment:1", "label": "Segment", "name": "心血管介入", "aliases": ["血管介入"],
                "region": "", "taxonomy": "cardiovascular", "tier": "midstream", "nmpa": "03|13",
                "name_en": "Cardiovascular intervention", "segment_parent": ""}],
        relations=[{"source_id": "investor:1", "type": "INVESTED_IN", "target_id": "company:1",
                    "evidence": "乙医疗完成1.2亿元B轮融资，甲资本领投。", "article_ids": ["a1"],
                    "confidence": 0.8, "first_seen": "2024-03-02", "last_seen": "2024-03-02",
                    "status": "reported", "title": "", "round": "B", "amount": 120000000,
                    "currency": "CNY", "amount_text": "1.2亿元", "role": "lead", "deal_date": "2024-03"}])

    load(store, batch)

    deal = store.read("MATCH ()-[r:INVESTED_IN]->() RETURN r.round, r.amount, r.amount_min, r.currency, "
                      "r.role, r.deal_date").rows
    segment = store.read("MATCH (s:Segment) RETURN s.taxonomy, s.tier, s.nmpa, s.name_en").rows
    investor = store.read("MATCH (i:Investor) RETURN i.ecosystems, i.duplicate_scores").rows
    assert deal == [["B", 120000000, None, "CNY", "lead", "2024-03"]]
    assert segment == [["cardiovascular", "midstream", "03|13", "Cardiovascular intervention"]]
    assert investor == [[["南山"], [0.9]]]


def test_a_reload_updates_properties_in_place(store, sample_batch):
    load(store, sample_batch)
    sample_batch.nodes[2] = {**sample_batch.nodes[2], "name": "方润医疗科技有限公司",
                             "aliases": ["方润医疗"]}
    sample_batch.relations[2] = {**sample_batch.relations[2], "article_ids": ["a1", "a2"]}

    load(store, sample_batch)

    assert store.read("MATCH (n:Company {id: 'company:2'})-[r:FOCUSES_ON]->() "
                      "RETURN n.name, n.aliases, r.article_ids").rows == [
        ["方润医疗科技有限公司", ["方润医疗"], ["a1", "a2"]]]
    assert graph_counts(store)["nodes"]["Company"] == 2


def test_large_batches_are_sent_in_slices(store):
    nodes = [{"id": f"company:{i}", "label": "Company", "name": f"企业{i}", "aliases": [],
              "region": ""} for i in range(1100)]

    report = load(store, GraphBatch(nodes=nodes))

    assert report.nodes == {"Company": 1100}
    assert graph_counts(store)["nodes"]["Company"] == 1100


@pytest.mark.parametrize("change", [
    {"nodes": [{"id": "x:1", "label": "Robot", "name": "R2"}]},
    {"relations": [{"source_id": "park:1", "type": "LIKES", "target_id": "park:1"}]},
])
def test_names_outside_the_ontology_are_refused_before_any_write(store, sample_batch, change):
    bad = dataclasses.replace(sample_batch, **{k: getattr(sample_batch, k) + v
                                                for k, v in change.items()})

    with pytest.raises(ValueError, match="unknown"):
        load(store, bad)

    assert store.read("MATCH (n) RETURN count(n)").scalar() == 0


def test_delete_missing_drops_what_the_batch_no_longer_holds(store, sample_batch):
    load(store, sample_batch)
    smaller = dataclasses.replace(
        sample_batch,
        nodes=[n for n in sample_batch.nodes if n["id"] != "segment:1"],
        relations=[r for r in sample_batch.relations if r["type"] != "OPERATES"],
    )
    load(store, smaller)

    deleted = delete_missing(store, smaller)

    # OPERATES directly; segment:1 with its FOCUSES_ON by DETACH DELETE.
    assert deleted == {"nodes": 1, "relationships": 1}
    counts = graph_counts(store)
    assert (counts["nodes"]["Segment"], counts["relationships"]["OPERATES"],
            counts["relationships"]["FOCUSES_ON"]) == (0, 0, 0)
    assert delete_missing(store, smaller) == {"nodes": 0, "relationships": 0}


def test_text_no_engine_can_store_is_cleaned_and_the_batch_loads_whole(store, sample_batch):
    """A corpus written before the reader dropped NULs must still load (FalkorDB cannot parse a
    parameter holding one; a lone surrogate cannot be encoded at all)."""
    poisoned = dataclasses.replace(sample_batch, nodes=[
        {**node, "aliases": [*node["aliases"], node["name"][:2] + "\x00" + node["name"][2:]]}
        for node in sample_batch.nodes] + [
        {"id": "company:3", "label": "Company", "name": "衡知\ud800医疗", "aliases": ["\x00"], "region": ""}])

    report = load(store, poisoned)

    assert report.nodes == {"Article": 2, "Company": 3, "Park": 1, "Region": 1, "Segment": 1}
    assert store.read("MATCH (n:Company {id: 'company:3'}) RETURN n.name, n.aliases").rows == [["衡知\ufffd医疗", [""]]]
    assert store.read("MATCH (n:Park) RETURN n.aliases").rows == [[["医疗器械园", "中关村医疗器械园"]]]


def test_delete_missing_prunes_a_graph_of_many_small_articles(store):
    """Linear work (see benchmarks/sync_scaling.py for the figures): every key is compared here,
    not in a `NOT IN $keep` filter on the server."""
    n = 3000
    batch = GraphBatch(
        articles=[{"id": f"a{i}", "url": "", "title": "", "date": "", "source": f"{i}.txt"} for i in range(n)],
        nodes=[{"id": f"company:{i}", "label": "Company", "name": f"企业{i}", "aliases": [], "region": ""}
               for i in range(n)],
        relations=[{"source_id": f"company:{i}", "type": "PARTNERS_WITH", "target_id": f"company:{i + 1}",
                    "evidence": "…", "article_ids": [f"a{i}"], "confidence": 0.5, "first_seen": "",
                    "last_seen": "", "status": "reported", "title": ""} for i in range(n - 1)],
        mentions=[{"entity_id": f"company:{i}", "article_id": f"a{i}"} for i in range(n)],
    )
    load(store, batch)
    kept = dataclasses.replace(batch, articles=batch.articles[::2], nodes=batch.nodes[::2],
                               relations=batch.relations[::3], mentions=batch.mentions[::2])

    deleted = delete_missing(store, kept)

    # every third relation is kept, but a relation loses its end with every odd company
    assert deleted == {"nodes": n, "relationships": (n - 1) - len(batch.relations[::3]) + n // 2}
    counts = graph_counts(store)
    assert (counts["nodes"]["Article"], counts["nodes"]["Company"]) == (n // 2, n // 2)
    assert counts["relationships"]["MENTIONED_IN"] == n // 2
    assert counts["relationships"]["PARTNERS_WITH"] == 0


def hub_batch(seed: int = 15) -> GraphBatch:
    """A graph whose relationships crowd onto a few nodes (a park every firm is in, a firm that
    invests in many), in both directions, with mentions: what parallel writers could deadlock on."""
    import random

    rng = random.Random(seed)
    companies = [f"company:{i}" for i in range(700)]
    parks = [f"park:{i}" for i in range(30)]
    articles = [{"id": f"a{i}", "url": "", "title": f"文章{i}", "date": "2024-01-01", "source": f"a{i}.txt"}
                for i in range(40)]
    nodes = ([{"id": c, "label": "Company", "name": f"企业{c}", "aliases": [], "region": ""} for c in companies]
             + [{"id": p, "label": "Park", "name": f"园区{p}", "aliases": [], "region": ""} for p in parks])

    def popular(ids: list[str]) -> str:
        return ids[min(int(rng.paretovariate(1.2)) - 1, len(ids) - 1)]

    relations = {}
    for _ in range(2500):
        kind = rng.choice(["LOCATED_IN", "INVESTED_IN", "PARTNERS_WITH"])
        source = popular(companies) if kind != "LOCATED_IN" else rng.choice(companies)
        target = popular(parks) if kind == "LOCATED_IN" else popular(companies)
        if source != target:
            relations[(source, kind, target)] = {
                "source_id": source, "type": kind, "target_id": target, "evidence": f"{source}{kind}{target}",
                "article_ids": [rng.choice(articles)["id"]], "confidence": 0.8, "status": "reported"}
    mentions = {(popular(companies), rng.choice(articles)["id"]) for _ in range(1500)}
    return GraphBatch(articles, nodes, list(relations.values()),
                      [{"entity_id": e, "article_id": a} for e, a in sorted(mentions)])


def test_parallel_writers_load_the_same_graph_as_one(store, monkeypatch):
    monkeypatch.setattr(loader, "BUCKET_ROWS", 1)  # every query in rounds, however few its rows
    batch = hub_batch()
    one = load(store, batch)
    graph = dump(store)
    store.clear()

    four = load(store, batch, writers=4)

    assert four == one
    assert dump(store) == graph
    assert len(graph[1]) == len(batch.relations) + len(batch.mentions) > 1000


def test_writers_at_once_share_no_node_and_write_every_row(store):
    batch = hub_batch()
    rows = [({"n": k}, r["source_id"], r["target_id"]) for k, r in enumerate(batch.relations)]
    rows += [({"n": -k}, m["entity_id"], m["article_id"]) for k, m in enumerate(batch.mentions, 1)]
    ends = {row["n"]: (source, target) for row, source, target in rows}

    with Writers(store, 3) as run:
        rounds = run.rounds({"first": rows[: len(rows) // 2], "second": rows[len(rows) // 2:]})

    written = []
    for buckets in rounds:
        nodes_per_bucket = [{end for rows in bucket.values() for row in rows for end in ends[row["n"]]}
                            for bucket in buckets]
        assert sum(map(len, nodes_per_bucket)) == len(set().union(*nodes_per_bucket))
        written += [row["n"] for bucket in buckets for rows in bucket.values() for row in rows]
    assert sorted(written) == sorted(ends)
    assert len(rounds) == 6 and all(len(buckets) > 1 for buckets in rounds)
