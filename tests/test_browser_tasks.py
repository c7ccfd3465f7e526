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
           "neo4j", "MB", "URL", "IVD", "NMPA", "Louvain", "pinyin"}
# The interface text of the page: the main area and the sidebar, without data (tables, grids,
# code, evidence quotes, drawings), icons (their ligature names are text) and the language switch.
INTERFACE_TEXT = """() => {
  const parts = [];
  for (const root of document.querySelectorAll('[data-testid=stMain], [data-testid=stSidebar]')) {
    const copy = root.cloneNode(true);
    copy.querySelectorAll('[data-testid=stDataFrame], [data-testid=stTable], code, [data-testid=stCode], '
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


LANGUAGE_PAGES = ["overview", "map", "profile", "paths", "scouting", "console", "ingest"]


@pytest.mark.parametrize("path", LANGUAGE_PAGES)
def test_one_language_at_a_time(page, served, path):
    _open(page, f"{served}/{path}?lang=en")
    _settle(page)
    english = page.evaluate(INTERFACE_TEXT)
    page.screenshot(path=str(SHOTS / f"4_{path}_en.png"))
    assert not CJK.findall(english), f"Chinese in the English view of /{path}: {sorted(set(CJK.findall(english)))}"
    page.locator(".st-key-ui_lang_switch").get_by_text("中文").click()  # the switch, remembered in the URL
    page.wait_for_url(re.compile(r"lang=zh"), timeout=30_000)
    page.wait_for_function("() => /[\\u3400-\\u9fff]/.test(document.querySelector('h1').innerText)", timeout=30_000)
    _settle(page)
    chinese = page.evaluate(INTERFACE_TEXT)
    page.screenshot(path=str(SHOTS / f"4_{path}_zh.png"))
    words = {w for w in re.findall(r"[A-Za-z][A-Za-z_]{2,}", chinese) if w not in NEUTRAL and "_" not in w}
    assert not words, f"English in the Chinese view of /{path}: {sorted(words)}"
