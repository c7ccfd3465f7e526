"""Ingest from URLs and RSS/Atom feeds, against a local HTTP server the tests start (never the
internet): robots.txt obeyed, requests to a host spaced, conditional GET, main text extracted, a
reprint refused as a duplicate, a page with no article reported. The articles are made up."""
from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from typer.testing import CliRunner

from ecograph.cli import app
from ecograph.ingest.corpus import Corpus
from ecograph.service import fetcher_for, watch_feeds
from tests.test_curation import ARTICLES

NAV = "<nav><a href='/'>首页</a> | <a href='/news'>新闻</a> | <a href='/about'>联系我们</a></nav>"


def page(article: dict, chrome: str = "") -> bytes:
    return (f"<html><head><title>{article['title']}</title>"
            f"<meta property='article:published_time' content='{article['date']}'></head><body>{NAV}{chrome}"
            f"<article><h1>{article['title']}</h1><p>{article['text']}</p></article>"
            "<footer>版权所有 © 某某新闻网</footer></body></html>").encode("utf-8")


def rss(base: str, paths: list[str]) -> bytes:
    items = "".join(f"<item><title>{p}</title><link>{base}{p}</link></item>" for p in paths)
    return f"<?xml version='1.0'?><rss version='2.0'><channel><title>新闻</title>{items}</channel></rss>".encode()


def atom(base: str, paths: list[str]) -> bytes:
    entries = "".join(f"<entry><title>{p}</title><link href='{base}{p}'/><id>{p}</id></entry>" for p in paths)
    return f"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>动态</title>{entries}</feed>".encode()


class Site:
    """A local news site: routes path → body; every request logged with its headers and time."""

    def __init__(self):
        self.routes: dict[str, bytes] = {}
        self.log: list[tuple[str, dict, float]] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's name
                site.log.append((self.path, dict(self.headers), time.monotonic()))
                body = site.routes.get(self.path)
                if body is None:
                    self.send_response(404)
                    self.end_headers()
                    return
                etag = f'"{hash(body) & 0xFFFFFFFF:x}"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("ETag", etag)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def requests(self, path: str) -> list[dict]:
        return [headers for p, headers, _ in self.log if p == path]


@pytest.fixture
def site():
    served = Site()
    b = served.base
    served.routes = {
        "/robots.txt": b"User-agent: *\nDisallow: /private/\n",
        "/news/1.html": page(ARTICLES["a1.json"]),
        "/reprint/1.html": page(ARTICLES["a1.json"], "<div>转载自某某新闻网</div><ul><li><a href='/x'>热门</a></li></ul>"),
        "/news/2.html": page(ARTICLES["a2.json"]),
        "/news/3.html": page(ARTICLES["a3.json"]),
        "/private/4.html": page(ARTICLES["a3.json"]),
        "/nav.html": f"<html><body>{NAV}</body></html>".encode(),
        "/feed.xml": rss(b, ["/news/1.html", "/reprint/1.html", "/nav.html", "/private/4.html", "/news/2.html"]),
        "/atom.xml": atom(b, ["/news/2.html", "/news/3.html"]),
    }
    yield served
    served.server.shutdown()


def test_feeds_are_ingested_politely_with_reprints_and_empty_pages_reported(site, tmp_path):
    feeds = [f"{site.base}/feed.xml", f"{site.base}/atom.xml"]
    with Corpus(tmp_path / "c.sqlite") as corpus:
        report = watch_feeds(feeds, corpus, None, fetcher_for(corpus, min_interval=0.2))
        assert (report.new, report.unchanged) == (3, 0)
        assert sorted(p.line() for p in report.problems) == sorted([
            f"{site.base}/reprint/1.html: a reprint of {site.base}/news/1.html already ingested; skipped [E102]",
            f"{site.base}/nav.html: HTML page has no article text [E101]",
            f"{site.base}/private/4.html: robots.txt does not allow fetching it [E101]"])
        assert {a.title: a.date for a in corpus.articles()} == {
            a["title"]: a["date"] for a in (ARTICLES["a1.json"], ARTICLES["a2.json"], ARTICLES["a3.json"])}
        assert site.requests("/private/4.html") == [] and len(site.requests("/robots.txt")) == 1
        times = [t for _, _, t in site.log]
        assert min(b - a for a, b in zip(times, times[1:])) >= 0.19  # one host: spaced by the interval

        again = watch_feeds(feeds, corpus, None, fetcher_for(corpus, min_interval=0.0))
    assert (again.new, again.unchanged) == (0, 5)  # 3 stored; the reprint and the menu page answer 304
    assert [p.line() for p in again.problems] == [f"{site.base}/private/4.html: robots.txt does not allow fetching it [E101]"]
    assert len(site.requests("/news/1.html")) == 1  # a stored item is not fetched again
    assert site.requests("/reprint/1.html")[-1].get("If-None-Match")


def test_ingest_url_fetches_conditionally_the_second_time(site, tmp_path):
    def ingest(*urls):
        return CliRunner().invoke(app, ["--corpus", str(tmp_path / "c.sqlite"), "--graph",
                                        f"falkordb://{tmp_path / 'g.db'}", "ingest", "--interval", "0", *urls])

    first = ingest(f"{site.base}/news/2.html", f"{site.base}/nav.html")
    assert first.exit_code == 2 and "1 new" in first.stdout and "nav.html: HTML page has no article text" in first.stderr
    second = ingest(f"{site.base}/news/2.html")
    assert second.exit_code == 0 and "0 new, 0 updated, 1 unchanged" in second.stdout
    assert site.requests("/news/2.html")[1].get("If-None-Match")
    missing = ingest(f"{site.base}/gone.html")
    assert missing.exit_code == 2 and "gone.html: HTTP 404 [E101]" in missing.stderr


def test_watch_reads_a_feed_list_file(site, tmp_path):
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# our sources\n{site.base}/atom.xml\n\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["--corpus", str(tmp_path / "c.sqlite"), "--graph",
                                      f"falkordb://{tmp_path / 'g.db'}", "watch", str(feeds), "--interval", "0"])
    assert result.exit_code == 0 and "2 new" in result.stdout
    bad = CliRunner().invoke(app, ["--corpus", str(tmp_path / "c.sqlite"), "watch", str(tmp_path / "none.txt")])
    assert bad.exit_code == 1 and "none.txt: cannot read the feed list" in bad.stderr
