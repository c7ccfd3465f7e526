"""The analyst's four tasks in a real browser (Playwright + Debian chromium) on the seeds +
examples + regression corpus, each step's screenshot under tests/artifacts/tasks/:

1. scouting for a start-up described by its segment: complement groups with evidence;
2. the map in ecosystem colours, exported as PNG;
3. a console query with a missing required parameter is refused;
4. one language at a time: the English view has no Chinese interface text, the Chinese view no
   English (data — names, sentences, paths, tables — excluded).
"""
from __future__ import annotations

import re

import pytest
from test_browser import ARTIFACTS, BROWSER_ARGS, CHROMIUM, _open, _serve

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is absent")
SHOTS = ARTIFACTS / "tasks"
CJK = re.compile(r"[\u3400-\u9fff]")
# Words that are the same in both views: formats, the product, engines, units, query names.
NEUTRAL = {"Cypher", "CSV", "XLSX", "PNG", "GraphML", "JSON", "HTML", "JSONL", "ecograph", "falkordb",
           "neo4j", "MB", "URL", "IVD", "NMPA", "Louvain", "pinyin", "Markdown"}
# The interface text of the page: the main area and the sidebar, without data (tables, grids,
# code, evidence quotes, drawings), icons (their ligature names are text) and the language switch.
INTERFACE_TEXT = """() => {
  const parts = [];
  for (const root of document.querySelectorAll('[data-testid=stMain], [data-testid=stSidebar]')) {
    const copy = root.cloneNode(true);
    copy.querySelectorAll('[data-testid=stDataFrame], [data-testid=stTable], code, [data-testid=stCode], [data-testid=stText], '
      + 'blockquote, iframe, textarea, [data-testid=stIconMaterial], .st-key-ui_lang_switch, [data-testid=stHeading] h2, '
      // Streamlit's own drop zone text ("Drag and drop files here …") has no translation
      + '[data-testid=stFileUploaderDropzone]')
      .forEach(e => e.remove());
    parts.push(copy.innerText);
  }
  return parts.join('\\n');
}"""


@pytest.fixture(scope="module")
def served(corpus_settings):
    yield from _serve(corpus_settings.graph, corpus_settings.corpus, corpus_settings.corpus.parent / "tasks.log")


@pytest.fixture(scope="module")
def page(served):
    sync_api = pytest.importorskip("playwright.sync_api")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
        tab = browser.new_page(viewport={"width": 1440, "height": 900}, accept_downloads=True)
        yield tab
        browser.close()


def _settle(page) -> None:
    """Wait for the script run to end and the elements of the previous run to be replaced."""
    page.wait_for_timeout(800)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]') "
                           "&& !document.querySelector('[data-stale=\"true\"]')", timeout=60_000)


def test_scouting_a_startup_described_by_its_segment(page, served):
    _open(page, f"{served}/scouting?lang=en")
    page.screenshot(path=str(SHOTS / "1_scouting_empty.png"))
    page.get_by_label("Segment", exact=True).fill("tiwaizhenduan")  # IVD, in pinyin
    page.keyboard.press("Enter")
    page.get_by_role("heading", name=re.compile("^Investors with deals in the segment")).wait_for(timeout=60_000)
    _settle(page)
    text = page.inner_text("[data-testid=stMain]")
    assert "Segment: In-vitro diagnostics (IVD)" in text
    for group in ("Investors with deals in the segment", "Hospitals with clinical links to the segment",
                  "Platforms, parks and incubators serving the segment", "Rivals: companies in the same segment"):
        assert group in text
    investors = int(re.search(r"Investors with deals in the segment \((\d+)\)", text).group(1))
    assert investors >= 1
    page.screenshot(path=str(SHOTS / "1_scouting_groups.png"), full_page=True)
    page.get_by_text("Evidence", exact=True).first.click()  # the investors' evidence
    page.locator("blockquote").first.wait_for(timeout=30_000)
    assert page.locator("blockquote").count() >= investors
    assert "invested in" in page.inner_text("[data-testid=stExpander] >> nth=1")
    page.screenshot(path=str(SHOTS / "1_scouting_evidence.png"), full_page=True)
    assert page.locator("[data-testid=stException]").count() == 0


def test_the_map_in_ecosystem_colours_exports_a_png(page, served):
    _open(page, f"{served}/map?lang=en")
    page.locator(".st-key-map_color").get_by_text("Ecosystem", exact=True).click()
    _settle(page)
    frame = page.frame_locator("iframe").first
    frame.locator("div.vis-network canvas").wait_for(state="visible", timeout=60_000)
    legend = frame.locator("#legend").inner_text()
    assert "Zhangjiang" in legend and "Nanshan" in legend and "Park" not in legend
    page.wait_for_timeout(600)
    page.screenshot(path=str(SHOTS / "2_map_ecosystem_colours.png"))
    with page.expect_download() as download:
        frame.locator("#png").click()
    saved = SHOTS / "2_map_export.png"
    download.value.save_as(saved)
    picture = saved.read_bytes()
    assert picture.startswith(b"\x89PNG") and len(picture) > 5_000  # a real picture, not an empty canvas


def test_a_console_query_missing_a_required_parameter_is_refused(page, served):
    _open(page, f"{served}/console?lang=en")
    page.get_by_role("combobox", name="Query").click()
    page.keyboard.press("Control+A")
    page.keyboard.type("segment_gaps")
    page.get_by_role("option", name=re.compile("^segment_gaps")).click()
    _settle(page)
    assert page.get_by_text("(string, required)").count() == 1
    page.get_by_role("button", name="Run named query").click()
    _settle(page)
    error = page.inner_text("[data-testid=stAlertContentError]")
    assert "Not run: fill in the required parameter(s)" in error and "ecosystem" in error
    assert page.locator("[data-testid=stDataFrame], [data-testid=stTable]").count() == 0
    page.screenshot(path=str(SHOTS / "3_console_refused.png"), full_page=True)


# Where each node of the drawing is, against its canvas (CSS pixels of the iframe).
NODES_ON_CANVAS = """() => {
  const canvas = document.querySelector('div.vis-network canvas');
  const positions = network.getPositions();
  const points = Object.values(positions).map(p => network.canvasToDOM(p));
  return {width: canvas.clientWidth, height: canvas.clientHeight, nodes: points.length,
          outside: points.filter(d => d.x < 0 || d.y < 0 || d.x > canvas.clientWidth || d.y > canvas.clientHeight).length};
}"""


def _choose(page, key: str, option: str) -> None:
    """Add `option` to the multiselect `key` by typing it, as a user does."""
    page.locator(f".st-key-{key} input").click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")
    _settle(page)


def _drawing(page):
    """The frame of the page's (first) network drawing, once its canvas is shown."""
    page.frame_locator("iframe").first.locator("div.vis-network canvas").wait_for(state="visible", timeout=60_000)
    page.wait_for_timeout(600)  # the fit after the frame is sized
    return next(f for f in page.frames if f != page.main_frame and f.evaluate("() => typeof network !== 'undefined'"))


def test_the_collaboration_network_stays_inside_its_canvas_when_the_filter_changes(page, served):
    _open(page, f"{served}/collaboration?lang=en")
    before = _drawing(page).evaluate(NODES_ON_CANVAS)
    assert before["nodes"] > 5 and before["outside"] == 0 and before["width"] > 600, before
    _choose(page, "collab_ecosystems", "Zhangjiang")  # the Network tab stays open
    _settle(page)
    after = _drawing(page).evaluate(NODES_ON_CANVAS)
    assert 0 < after["nodes"] < before["nodes"] and after["outside"] == 0, after
    box = page.locator("iframe").first.bounding_box()
    assert box and box["width"] > 600 and box["height"] > 500  # the frame itself is not collapsed
    page.locator(".st-key-collab_ecosystems").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "5_collaboration_filtered.png"))
    assert page.locator("[data-testid=stException]").count() == 0


# Tags of the page's multiselects whose text is cut: clipped by their control, or truncated.
CUT_TAGS = """() => [...document.querySelectorAll('[data-testid=stMultiSelect] [data-tag]')]
  .filter(tag => tag.offsetParent !== null).filter(tag => {
    const box = tag.getBoundingClientRect();
    const control = tag.closest('[data-testid=stMultiSelectTagsContainer]').getBoundingClientRect();
    const text = tag.querySelector('span');
    return box.right > control.right + 1 || box.bottom > control.bottom + 1 || text.scrollWidth > text.clientWidth + 1;
  }).map(tag => tag.innerText.trim())"""


def test_the_filter_tags_show_their_whole_text(page, served):
    _open(page, f"{served}/map?lang=en")
    for key, options in (("map_ecosystems", ["Zhongguancun", "Zhangjiang", "Changning"]),
                         ("map_types", ["participated in", "subsidiary of"]),
                         ("map_labels", ["Research institute"])):
        for option in options:
            _choose(page, key, option)
    tags = page.locator("[data-testid=stSidebar] [data-testid=stMultiSelect] [data-tag]:visible")
    texts = tags.evaluate_all("tags => tags.map(t => t.innerText.trim())")
    assert {"Zhongguancun", "Zhangjiang", "Changning", "participated in", "subsidiary of", "Research institute"} <= set(texts)
    assert not page.evaluate(CUT_TAGS)
    page.locator("[data-testid=stSidebar]").screenshot(path=str(SHOTS / "6_map_filter_tags.png"))
    _open(page, f"{served}/supply?lang=en")  # every ecosystem and four kinds of player chosen
    _settle(page)
    assert page.locator("[data-testid=stMain] [data-testid=stMultiSelect] [data-tag]:visible").count() == 8
    assert not page.evaluate(CUT_TAGS), page.evaluate(CUT_TAGS)
    page.screenshot(path=str(SHOTS / "6_supply_filter_tags.png"))


LANGUAGE_PAGES = ["overview", "map", "profile", "paths", "supply", "collaboration", "scouting", "console", "ingest",
                  "review", "digest", "article"]
# The interface text the network drawings (iframes) write: legend, hint, export button.
DRAWING_TEXT = """() => ['#legend', '#hint', '#png'].map(s => document.querySelector(s))
  .filter(e => e).map(e => e.innerText).join('\\n')"""


@pytest.fixture(scope="module")
def data_text(corpus_settings):
    """The data the pages may show in either view, longest first: names and aliases, articles'
    titles and sources. Removed from a page's text before its language is checked."""
    from ecograph.graph import queries
    from ecograph.graph.connect import falkordb_path
    from ecograph.graph.falkordb_store import FalkorDBStore
    from ecograph.ingest.corpus import Corpus

    with FalkorDBStore(falkordb_path(corpus_settings.graph)) as store:
        entities = queries.run(store, "entities").records()
    with Corpus(corpus_settings.corpus) as corpus:
        articles = corpus.articles()
    found = {text for e in entities for text in (e["name"], *(e["aliases"] or [])) if text}
    found |= {text for a in articles for text in (a.title, a.source, a.id) if text}
    return sorted(found, key=len, reverse=True), articles[0].id


def _without(text: str, data: list[str]) -> str:
    for one in data:
        if one in text:
            text = text.replace(one, " ")
    return text


def _interface_text(page, data: list[str]) -> str:
    drawings = [frame.evaluate(DRAWING_TEXT) for frame in page.frames if frame != page.main_frame]
    return _without("\n".join([page.evaluate(INTERFACE_TEXT), *drawings]), data)


@pytest.mark.parametrize("path", LANGUAGE_PAGES)
def test_one_language_at_a_time(page, served, data_text, path):
    data, article = data_text
    query = f"id={article}&" if path == "article" else ""
    _open(page, f"{served}/{path}?{query}lang=en")
    _settle(page)
    english = _interface_text(page, data)
    page.screenshot(path=str(SHOTS / f"4_{path}_en.png"), full_page=True)
    assert not CJK.findall(english), f"Chinese in the English view of /{path}: {sorted(set(CJK.findall(english)))}"
    page.locator(".st-key-ui_lang_switch").get_by_text("中文").click()  # the switch, remembered in the URL
    page.wait_for_url(re.compile(r"lang=zh"), timeout=30_000)
    page.wait_for_function("() => /[\\u3400-\\u9fff]/.test(document.querySelector('h1').innerText)", timeout=30_000)
    _settle(page)
    chinese = _interface_text(page, data)
    page.screenshot(path=str(SHOTS / f"4_{path}_zh.png"), full_page=True)
    words = {w for w in re.findall(r"[A-Za-z][A-Za-z_]{2,}", chinese) if w not in NEUTRAL and "_" not in w}
    assert not words, f"English in the Chinese view of /{path}: {sorted(words)}"
