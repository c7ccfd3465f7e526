"""The app in a real browser: served on localhost, driven by headless Chromium (Playwright).

Screenshots of every page go to tests/artifacts/ (git-ignored) for people to look at.
Skips when Debian's chromium is absent (`apt-get install chromium fonts-wqy-microhei`; .ci/run
installs it): no browser can be downloaded here.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest

from ecograph.graph.connect import falkordb_path

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"{CHROMIUM} is absent: install Debian's chromium "
                                  "(apt-get install -y chromium fonts-wqy-microhei) to run the browser test")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(graph_url: str, corpus: Path, log_path: Path):
    """`streamlit run app.py` on localhost and a free port, on that graph; yields its base URL."""
    port = _free_port()
    env = {**os.environ, "ECOGRAPH_GRAPH": graph_url, "ECOGRAPH_CORPUS": str(corpus)}
    log = open(log_path, "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.address", "localhost",
         "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://localhost:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as reply:
                if reply.status == 200:
                    break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"streamlit did not start: {log_path.read_text()}")
        time.sleep(0.3)
    yield base
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


@pytest.fixture(scope="module")
def served_app(seed_settings):
    """The app on the seed graph (embedded FalkorDB)."""
    yield from _serve(seed_settings.graph, seed_settings.corpus, seed_settings.corpus.parent / "streamlit.log")


@pytest.fixture(scope="module")
def served_app_on_neo4j(seed_settings, neo4j_env, tmp_path_factory):
    """The app with ECOGRAPH_GRAPH=bolt://… on the session's Neo4j, the seed corpus rebuilt there."""
    from typer.testing import CliRunner

    from ecograph.cli import app

    result = CliRunner().invoke(app, ["--corpus", str(seed_settings.corpus),
                                      "--graph", neo4j_env["NEO4J_URI"], "rebuild"])
    assert result.exit_code == 0, result.output
    log = tmp_path_factory.mktemp("neo4j-app") / "streamlit.log"
    yield from _serve(neo4j_env["NEO4J_URI"], seed_settings.corpus, log)


@pytest.fixture(scope="module")
def page(served_app):
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
        tab = browser.new_page(viewport={"width": 1400, "height": 1000})
        yield tab
        browser.close()


def _open(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("h1", timeout=30_000)
    # Streamlit shows a "running" status widget until the script run ends.
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000)


def test_map_page_draws_the_network_with_its_legend(page, served_app):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    _open(page, f"{served_app}/map?lang=en")
    frame = page.frame_locator("iframe").first
    canvas = frame.locator("div.vis-network canvas")
    canvas.wait_for(state="visible", timeout=30_000)
    box = canvas.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 300
    legend = frame.locator("#legend")
    assert legend.is_visible()
    assert "Park" in legend.inner_text()
    assert int(frame.locator("body").get_attribute("data-ecograph-nodes")) > 20
    page.wait_for_timeout(500)  # let vis draw its first frame
    page.screenshot(path=str(ARTIFACTS / "map.png"))
    assert page.locator("[data-testid=stException]").count() == 0


PAGES = ["", "overview", "map", "profile", "paths", "supply", "collaboration", "scouting", "console", "ingest"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_without_error(page, served_app, path):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    _open(page, f"{served_app}/{path}")
    page.wait_for_timeout(300)
    page.screenshot(path=str(ARTIFACTS / f"{path or 'root'}.png"))
    assert page.locator("[data-testid=stException]").count() == 0
    assert "Page not found" not in page.content()


@pytest.fixture(scope="module")
def park_id(seed_settings):
    """The id of 张江医疗器械产业基地 in the seed graph (for pages that take ?id=)."""
    queries = pytest.importorskip("ecograph.graph.queries")
    from ecograph.graph.falkordb_store import FalkorDBStore

    with FalkorDBStore(falkordb_path(seed_settings.graph)) as store:
        rows = queries.run(store, "entities").records()
    return next(r["id"] for r in rows if r["name"] == "张江医疗器械产业基地")


def test_profile_and_scouting_of_a_park(page, served_app, park_id):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    _open(page, f"{served_app}/profile?id={park_id}")
    assert page.get_by_role("heading", name="张江医疗器械产业基地").count() >= 1
    assert "聚焦医学影像高端设备" in page.content()
    page.screenshot(path=str(ARTIFACTS / "profile_park.png"), full_page=True)
    _open(page, f"{served_app}/scouting?id={park_id}")
    page.wait_for_selector("[data-testid=stDataFrame]", timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / "scouting_park.png"))
    assert page.locator("[data-testid=stException]").count() == 0


def test_ingest_preview_highlights_entities(page, served_app):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    _open(page, f"{served_app}/ingest?lang=en")
    page.get_by_role("tab", name="Paste text").click()
    page.get_by_label("Article text").fill(
        "张江医疗器械产业基地迎来新企业\n上海微创心脉医疗科技股份有限公司入驻张江医疗器械产业基地，"
        "双方将在血管介入领域开展合作。")
    page.keyboard.press("Control+Enter")
    page.get_by_role("button", name="Preview").click()
    page.wait_for_selector("mark", timeout=60_000)
    page.screenshot(path=str(ARTIFACTS / "ingest_preview.png"), full_page=True)
    assert page.locator("mark").count() >= 2


def test_clicking_a_node_offers_its_profile(page, served_app):
    _open(page, f"{served_app}/map")
    frame_locator = page.frame_locator("iframe").first
    frame_locator.locator("div.vis-network canvas").wait_for(state="visible", timeout=30_000)
    frame = next(f for f in page.frames if f != page.main_frame and "vis-network" in f.content())
    # Where the most connected node is drawn, in the iframe's coordinates.
    point = frame.evaluate("""() => {
        const ids = nodes.getIds();
        ids.sort((a, b) => network.getConnectedEdges(b).length - network.getConnectedEdges(a).length);
        const p = network.getPositions([ids[0]])[ids[0]];
        const d = network.canvasToDOM(p);
        return {id: ids[0], x: d.x, y: d.y};
    }""")
    canvas_box = frame_locator.locator("div.vis-network canvas").bounding_box()
    page.mouse.click(canvas_box["x"] + point["x"], canvas_box["y"] + point["y"])
    card = frame_locator.locator("#selection")
    card.wait_for(state="visible", timeout=10_000)
    link = card.locator("a")
    assert link.get_attribute("href") == f"profile?id={quote(point['id'], safe='')}"
    assert link.get_attribute("target") == "_blank"  # the iframe sandbox forbids navigating the page
    page.screenshot(path=str(ARTIFACTS / "map_selected.png"))
    with page.context.expect_page() as opened:
        link.click()
    profile = opened.value
    profile.wait_for_selector("h1", timeout=30_000)
    profile.wait_for_function("() => document.body.innerText.includes('关系与证据')", timeout=30_000)
    assert profile.locator("[data-testid=stException]").count() == 0
    profile.close()


def test_console_refusal_and_supply_sankey_in_the_browser(page, served_app):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    _open(page, f"{served_app}/console?lang=en")
    page.get_by_role("tab", name="Write Cypher").click()
    page.get_by_role("textbox", name="Cypher").fill("CREATE (:Company {name: '恶意公司'})")
    page.get_by_role("button", name="Run", exact=True).click()
    page.wait_for_selector("[data-testid=stAlertContentError]", timeout=30_000)
    assert "Refused:" in page.inner_text("[data-testid=stAlertContentError]")
    page.screenshot(path=str(ARTIFACTS / "console_refused.png"))
    _open(page, f"{served_app}/supply")
    chart = page.locator(".js-plotly-plot").first
    chart.wait_for(state="visible", timeout=30_000)
    chart.screenshot(path=str(ARTIFACTS / "supply_sankey.png"))


def test_chain_map_cell_click_lists_the_players_with_evidence(page, served_app):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    _open(page, f"{served_app}/supply")
    page.wait_for_selector(".js-plotly-plot .scatterlayer .point", timeout=30_000)
    cells = page.locator(".js-plotly-plot").first.locator(".scatterlayer .point")
    texts = page.locator(".js-plotly-plot").first.locator(".scatterlayer .textpoint")
    assert cells.count() >= 4 and cells.count() == texts.count()
    labels = [texts.nth(i).text_content() or "" for i in range(texts.count())]
    assert any("缺失" in t for t in labels)  # gaps are drawn as cells (Chinese by default)
    filled = next(i for i, t in enumerate(labels) if t.strip().isdigit() and int(t) > 0)
    box = cells.nth(filled).bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.get_by_role("link", name="档案", exact=True).first.wait_for(timeout=30_000)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000)
    links = page.get_by_role("link", name="档案", exact=True)
    assert links.count() == int(labels[filled])  # one card per player counted in the cell
    assert all("profile?id=" in (links.nth(i).get_attribute("href") or "") for i in range(links.count()))
    assert page.locator("blockquote").count() >= links.count()  # each with its evidence sentence
    page.screenshot(path=str(ARTIFACTS / "supply_chain_map_click.png"), full_page=True)
    assert page.locator("[data-testid=stException]").count() == 0


def test_the_app_on_neo4j_draws_the_map_and_the_server_refuses_a_console_write(page, served_app,
                                                                              served_app_on_neo4j):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    drawn = {}
    for base in (served_app, served_app_on_neo4j):
        _open(page, f"{base}/map")
        frame = page.frame_locator("iframe").first
        frame.locator("div.vis-network canvas").wait_for(state="visible", timeout=30_000)
        drawn[base] = int(frame.locator("body").get_attribute("data-ecograph-nodes"))
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "neo4j_map.png"))
    assert drawn[served_app_on_neo4j] == drawn[served_app] > 20

    _open(page, f"{served_app_on_neo4j}/console?lang=en")
    page.get_by_role("tab", name="Write Cypher").click()
    page.get_by_role("textbox", name="Cypher").fill("CREATE (:Company {name: '恶意公司'})")
    page.get_by_role("button", name="Run", exact=True).click()
    page.wait_for_selector("[data-testid=stAlertContentError]", timeout=30_000)
    assert "Refused:" in page.inner_text("[data-testid=stAlertContentError]")
    page.screenshot(path=str(ARTIFACTS / "neo4j_console_refused.png"))
    assert page.locator("[data-testid=stException]").count() == 0
