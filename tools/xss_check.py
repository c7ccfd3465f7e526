"""Script payloads in articles, shown by the explorer in a real browser: does any of them run?

Ingests articles whose titles, URLs, entity names and evidence sentences carry PAYLOADS (each
calls alert() with its number when it runs), serves the app, and opens the pages that show them
(overview, map, the profiles of ten entities of those articles, whose evidence and citations hold
the payloads, the console with a query returning them, the ingest preview of a pasted payload) in headless Chromium, counting dialogs.
Prints: XSS payloads N / page views M / executed K.

    python tools/xss_check.py
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
PAYLOADS = [
    "<script>alert(1)</script>", '"><img src=x onerror=alert(2)>', "javascript:alert(3)", "<svg onload=alert(4)>",
    "[点我](javascript:alert(5))", "<iframe src=javascript:alert(6)>", "</script><script>alert(7)</script>",
    "'-alert(8)-'", "<a href=javascript:alert(9)>x</a>", "<details open ontoggle=alert(10)>",
    "<math><mtext><img src=x onerror=alert(11)>", "${alert(12)}{{alert(12)}}",
]


def articles(folder: Path) -> None:
    folder.mkdir()
    for n, payload in enumerate(PAYLOADS, 1):
        record = {"title": f"标题{n}{payload}", "url": payload if "javascript" in payload else f"https://a.cn/{n}",
                  "date": "2024-01-01",
                  "text": f"北京{payload}医疗科技有限公司落户中关村医疗器械园，与上海{payload}生物科技股份有限公司签署战略合作协议。"}
        (folder / f"x{n:02}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        env = {**os.environ, "ECOGRAPH_CORPUS": str(base / "c.sqlite"), "ECOGRAPH_GRAPH": f"falkordb://{base / 'g.db'}"}
        articles(base / "articles")
        subprocess.run([sys.executable, "-m", "ecograph.cli", "ingest", str(base / "articles")], env=env, cwd=ROOT,
                       capture_output=True, check=False, timeout=600)
        found = subprocess.run([sys.executable, "-m", "ecograph.cli", "cypher",
                                "MATCH (n)-[:MENTIONED_IN]->(:Article) RETURN n.id AS id, count(*) AS k "
                                "ORDER BY k DESC, id LIMIT 10", "--json"], env=env, cwd=ROOT, capture_output=True, text=True)
        ids = [json.loads(line)["id"] for line in found.stdout.splitlines()]
        port = free_port()
        app = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
                                "--server.address", "localhost", "--server.headless", "true",
                                "--browser.gatherUsageStats", "false"], env=env, cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"http://localhost:{port}"
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=2)
                break
            except OSError:
                time.sleep(0.3)
        executed: list[str] = []
        views = 0
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
                page = browser.new_page()
                page.on("dialog", lambda dialog: (executed.append(dialog.message), dialog.dismiss()))
                pages = ["/", "/map", "/supply", "/collaboration", "/paths", "/scouting",
                         *[f"/profile?id={quote(i)}" for i in ids]]
                for path in pages:
                    page.goto(url + path)
                    page.wait_for_selector("h1", timeout=60_000)
                    page.wait_for_timeout(2500)
                    views += 1
                page.goto(url + "/console")  # a query whose rows are the payloads
                page.wait_for_selector("h1", timeout=60_000)
                page.get_by_text("Write Cypher 自定义").click()
                page.locator("textarea").first.fill("MATCH (n) WHERE NOT n:Article RETURN n.name, n.aliases, n LIMIT 50")
                page.get_by_role("button", name="Run").click()
                page.wait_for_timeout(4000)
                views += 1
                page.goto(url + "/ingest")  # the preview of a pasted payload
                page.wait_for_selector("h1", timeout=60_000)
                page.get_by_text("Paste text 粘贴").click()
                page.locator("textarea").first.fill("\n".join(f"北京{p}医疗科技有限公司落户张江。" for p in PAYLOADS))
                page.keyboard.press("Control+Enter")
                page.wait_for_timeout(8000)
                views += 1
                browser.close()
        finally:
            app.terminate()
            app.wait(timeout=30)
        print(f"profiles opened (entities of the payload articles, whose evidence holds the payloads): {len(ids)}")
        print(f"XSS payloads {len(PAYLOADS)} / page views {views} / executed {len(executed)} {executed or ''}")


if __name__ == "__main__":
    main()
