"""The review queue: items with evidence, settled by one decision each, in the CLI and in the app
(a real browser on a served app). The articles are the made-up ones of test_curation."""
from __future__ import annotations

import pytest

from ecograph.graph.falkordb_store import FalkorDBStore
from ecograph.ingest.corpus import Corpus
from ecograph.ingest.curation import new_decision
from ecograph.ingest.review import LOW_CONFIDENCE
from ecograph.service import curate, ingest_paths, review_items
from tests.test_browser import ARTIFACTS, BROWSER_ARGS, CHROMIUM, _serve
from tests.test_curation import QINGHE, write_articles


@pytest.fixture
def curated(tmp_path):
    corpus_path, graph_path = tmp_path / "corpus.sqlite", tmp_path / "graph.db"
    with Corpus(corpus_path) as corpus, FalkorDBStore(graph_path) as store:
        ingest_paths([write_articles(tmp_path / "articles")], corpus, store)
    return corpus_path, graph_path


def queue(corpus_path) -> dict[str, list]:
    with Corpus(corpus_path) as corpus:
        items = review_items(corpus)
    grouped: dict[str, list] = {}
    for item in items:
        grouped.setdefault(item.kind, []).append(item)
    return grouped


def test_each_item_shows_its_evidence_and_leaves_the_queue_once_settled(curated):
    corpus_path, graph_path = curated
    before = queue(corpus_path)
    low = next(i for i in before["low-confidence"] if "南湖人民医院" in i.subject)
    assert low.score < LOW_CONFIDENCE and low.subject == f"{QINGHE} —PARTNERS_WITH→ 南湖人民医院" and low.evidence == ["青禾医疗与南湖人民医院签署战略合作协议。"]
    assert [a.kind for a in low.actions] == ["confirm-fact", "reject-fact"]
    once = next(i for i in before["seen-once"] if i.subject.startswith("王立新"))
    unplaced = next(i for i in before["unplaced"] if i.subject.startswith("北辰大学"))

    with Corpus(corpus_path) as corpus, FalkorDBStore(graph_path) as store:
        for item, action in ((low, low.actions[1]), (once, once.actions[0]), (unplaced, unplaced.actions[1])):
            curate(corpus, store, new_decision(action.kind, action.payload, "review"))

    after = queue(corpus_path)
    keys = {i.key for items in after.values() for i in items}
    assert not {low.key, once.key, unplaced.key} & keys
    assert sum(map(len, after.values())) == sum(map(len, before.values())) - 3


TWO_BRANDS = {"url": "https://news.example.cn/4", "title": "朗驰两家", "date": "2024-08-01",
              "text": "上海朗驰医疗科技有限公司与北辰大学签署战略合作协议。深圳朗驰医疗器械有限公司与北辰大学签署战略合作协议。"}


@pytest.mark.parametrize("choice", [0, 2])  # merge into the other / not the same
def test_a_duplicate_pair_shows_score_and_shared_neighbours_and_is_settled(curated, choice):
    import json

    corpus_path, graph_path = curated
    extra = corpus_path.parent / "articles" / "a4.json"
    extra.write_text(json.dumps(TWO_BRANDS, ensure_ascii=False), encoding="utf-8")
    with Corpus(corpus_path) as corpus, FalkorDBStore(graph_path) as store:
        ingest_paths([extra], corpus, store)
        [pair] = queue(corpus_path)["duplicate"]
        assert (pair.subject, pair.score, pair.evidence, pair.shared) == (
            "深圳朗驰医疗器械有限公司 ≈ 上海朗驰医疗科技有限公司", 0.9, ["same brand 同一字号"], ["北辰大学"])
        assert [a.kind for a in pair.actions] == ["merge", "merge", "distinct"]
        action = pair.actions[choice]
        curate(corpus, store, new_decision(action.kind, action.payload, "checked the register"))
        names = {name for (name,) in store.read("MATCH (c:Company) RETURN c.name").rows}
    assert "duplicate" not in queue(corpus_path)
    assert ("深圳朗驰医疗器械有限公司" in names) == (choice == 2)


@pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is absent (apt-get install -y chromium)")
def test_the_review_page_resolves_items_in_the_browser(curated, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    corpus_path, graph_path = curated
    before = queue(corpus_path)
    served = _serve(f"falkordb://{graph_path}", corpus_path, tmp_path / "streamlit.log")
    base = next(served)
    try:
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{base}/review?lang=en")
            page.get_by_text(f"{sum(map(len, before.values()))} items to review").wait_for(timeout=30_000)
            page.get_by_role("button", name="Reject", exact=True).first.click()
            page.get_by_text("#1 Reject:").wait_for(timeout=30_000)
            page.get_by_text("Unplaced entities").click()
            page.locator("button:visible", has_text="In Zhangjiang").first.click()
            page.get_by_text("#2 In Zhangjiang:").wait_for(timeout=30_000)
            page.get_by_text(f"{sum(map(len, before.values())) - 2} items to review").wait_for(timeout=30_000)
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "review.png"), full_page=True)
            browser.close()
    finally:
        next(served, None)
    with Corpus(corpus_path) as corpus:
        decisions = corpus.decisions()
    assert [d.kind for d in decisions] == ["reject-fact", "set-ecosystem"]
    rejected, placed = (d.target() for d in decisions)
    after = queue(corpus_path)
    assert rejected.replace(" -[", " —").replace("]-> ", "→ ") not in {i.subject for i in after["low-confidence"]}
    assert placed.split(" → ")[0] not in {i.subject.split(" (")[0] for i in after["unplaced"]}
