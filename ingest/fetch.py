"""Articles from where news is: web pages by URL and the items of RSS/Atom feeds, fetched politely.

Polite means: robots.txt is asked first (and obeyed) for every host, requests to one host are
spaced by a minimum interval, and a page or feed fetched before is asked for with its ETag and
Last-Modified (a 304 costs the server nothing and changes nothing here). The main text of a page is
extracted by the HTML reader (trafilatura, ingest/sources.py): a page with no article is reported,
and a reprint of an article already stored (the same main text under another URL) is refused by
the corpus as a duplicate. Validators are kept in the corpus (table `fetches`).
"""
from __future__ import annotations

import dataclasses
import time
import urllib.error
import urllib.request
import urllib.robotparser
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import urljoin, urlsplit

import feedparser

from ecograph.errors import InputError
from ecograph.ingest.models import Article
from ecograph.ingest.sources import DEFAULT_MAX_BYTES, read_bytes

USER_AGENT = "ecograph/0.1 (+https://github.com/; news reader for research)"
TIMEOUT = 20  # seconds per request


@dataclass
class Response:
    status: int  # 200, 304, …
    body: bytes = b""
    etag: str = ""
    last_modified: str = ""
    content_type: str = ""


class Validators:
    """Where the ETag and Last-Modified of each URL are kept between runs (the corpus)."""

    def get(self, url: str) -> tuple[str, str]:
        return "", ""

    def put(self, url: str, etag: str, last_modified: str) -> None:
        pass

    def commit(self) -> None:
        """Keep what `put` was given (once the articles fetched with it are stored)."""


@dataclass
class Fetcher:
    validators: Validators = field(default_factory=Validators)
    min_interval: float = 2.0  # seconds between two requests to one host
    user_agent: str = USER_AGENT
    max_bytes: int = DEFAULT_MAX_BYTES
    sleep: Callable[[float], None] = time.sleep
    _robots: dict[str, urllib.robotparser.RobotFileParser] = field(default_factory=dict)
    _last: dict[str, float] = field(default_factory=dict)

    def get(self, url: str) -> Response:
        """GET `url` if robots.txt allows it, conditionally when it was fetched before; 304 comes
        back as Response(304). Raises InputError for a refused, failed or oversized fetch."""
        if urlsplit(url).scheme not in ("http", "https"):
            raise InputError("not an http(s) URL", source=url)
        if not self._allowed(url):
            raise InputError("robots.txt does not allow fetching it", source=url)
        etag, modified = self.validators.get(url)
        headers = {"User-Agent": self.user_agent, **({"If-None-Match": etag} if etag else {}),
                   **({"If-Modified-Since": modified} if modified else {})}
        response = self._request(url, headers)
        if response.status >= 400:
            raise InputError(f"HTTP {response.status}", source=url)
        if response.status == 200 and (response.etag or response.last_modified):
            self.validators.put(url, response.etag, response.last_modified)
        return response

    def _request(self, url: str, headers: dict[str, str]) -> Response:
        self._wait(urlsplit(url).netloc)
        request = urllib.request.Request(url, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as reply:  # noqa: S310 - http(s) only
                body = reply.read(self.max_bytes + 1)
                if len(body) > self.max_bytes:
                    raise InputError(f"page is over {self.max_bytes // (1024 * 1024)} MB", source=url)
                return Response(reply.status, body, reply.headers.get("ETag", ""),
                                reply.headers.get("Last-Modified", ""), reply.headers.get("Content-Type", ""))
        except urllib.error.HTTPError as error:  # 304 and every 4xx/5xx: the caller decides
            return Response(error.code)
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise InputError(f"cannot fetch: {reason}", source=url) from None

    def _wait(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            pause = self.min_interval - (time.monotonic() - last)
            if pause > 0:
                self.sleep(pause)
        self._last[host] = time.monotonic()

    def _allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        base = f"{parts.scheme}://{parts.netloc}"
        robots = self._robots.get(base)
        if robots is None:
            robots = self._robots[base] = urllib.robotparser.RobotFileParser(f"{base}/robots.txt")
            reply = self._request(f"{base}/robots.txt", {"User-Agent": self.user_agent})
            if reply.status == 200:
                robots.parse(reply.body.decode("utf-8", "replace").splitlines())
            else:  # no robots.txt (4xx) allows everything; a server failing to answer (5xx) nothing
                robots.parse(["User-agent: *", "Disallow: /"] if reply.status >= 500 else [])
        return robots.can_fetch(self.user_agent, url)


@dataclass
class Fetched:
    articles: list[Article] = field(default_factory=list)
    not_modified: list[str] = field(default_factory=list)  # URLs that answered 304
    problems: list[InputError] = field(default_factory=list)


def fetch_pages(urls: list[str], fetcher: Fetcher, skip: Callable[[str], bool] = lambda url: False) -> Fetched:
    """The article of each page (`skip`: URLs already stored, not fetched again)."""
    result = Fetched()
    for url in urls:
        if skip(url):
            result.not_modified.append(url)
            continue
        try:
            response = fetcher.get(url)
            if response.status == 304:
                result.not_modified.append(url)
                continue
            read = read_bytes(response.body, url, suffix=".html", key=url, max_bytes=fetcher.max_bytes)
        except InputError as error:
            result.problems.append(error)
            continue
        result.articles.extend(dataclasses.replace(a, url=a.url or url) for a in read.articles)
        result.problems.extend(read.problems)
    return result


def feed_links(feed_url: str, fetcher: Fetcher) -> tuple[list[str], bool]:
    """The item links of an RSS or Atom feed, and whether it changed since the last fetch."""
    response = fetcher.get(feed_url)
    if response.status == 304:
        return [], False
    parsed = feedparser.parse(response.body)
    if parsed.bozo and not parsed.entries:
        raise InputError(f"not an RSS or Atom feed ({parsed.bozo_exception})", source=feed_url)
    links = [urljoin(feed_url, entry.get("link", "")) for entry in parsed.entries if entry.get("link")]
    return list(dict.fromkeys(links)), True


def read_feed_list(text: str) -> list[str]:
    """Feed URLs, one a line; blank lines and # comments skipped."""
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
