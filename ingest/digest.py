"""What changed: the new entities and the new or changed links that touch a watchlist, since a time.

A watchlist holds entities and segments (by name or alias) and ecosystems. An entity touches it
when it is on it, is in a watched ecosystem, or is linked to an entity on it. A link is new when
every article stating it was ingested since the time; changed when it was known before and an
article ingested since states it again (new evidence, a later date). Built on the curated
projection (`Corpus.graph_batch`), so a rejected link is never news.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timezone
from html import escape

from ecograph.errors import CurationError
from ecograph.ingest.resolve import match_key

WATCH_KINDS = ("entity", "segment", "ecosystem")


@dataclass
class Link:
    source: str
    type: str
    target: str
    change: str  # "new" | "changed"
    evidence: str
    article: dict  # {title, date, url} of the newest article stating it
    watched: list[str]  # the watchlist entries it touches

    def line(self) -> str:
        return f"{self.source} —{self.type}→ {self.target}"


@dataclass
class Digest:
    since: str
    watchlist: str
    entities: list[dict] = field(default_factory=list)  # {name, label, watched, article}
    links: list[Link] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)


def parse_since(text: str) -> str:
    """A date (YYYY-MM-DD, its midnight UTC) or an ISO time, as the UTC ISO time ingest stamps."""
    try:
        moment = datetime.fromisoformat(text) if "T" in text or " " in text else \
            datetime.combine(date.fromisoformat(text), datetime.min.time())
    except ValueError:
        raise CurationError(f"--since {text!r} is not a date (YYYY-MM-DD) or an ISO time") from None
    moment = moment.replace(tzinfo=moment.tzinfo or timezone.utc).astimezone(timezone.utc)
    return moment.isoformat(timespec="seconds")


def watched_ids(nodes: list[dict], relations: list[dict], entries: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Entity id → the watchlist entries it is on or in (not yet its neighbours)."""
    keys = {(kind, match_key(value) if kind != "ecosystem" else value) for kind, value in entries}
    found: dict[str, list[str]] = defaultdict(list)
    for n in nodes:
        names = {match_key(a) for a in (n["name"], *n.get("aliases", []))}
        for kind, key in keys:
            on_it = (kind == "ecosystem" and key in (n.get("ecosystems") or [])) or (
                kind in ("entity", "segment") and key in names and (kind == "entity") == (n["label"] != "Segment"))
            if on_it:
                found[n["id"]].append(f"{kind} {key if kind == 'ecosystem' else n['name']}")
    return found


def digest(nodes: list[dict], relations: list[dict], mentions: list[dict], articles: list[dict],
           entries: list[tuple[str, str]], since: str, watchlist: str = "") -> Digest:
    """The digest of one watchlist (`entries`: (kind, value)) since `since` (see parse_since).
    `articles` carry their `ingested_at`."""
    by_article = {a["id"]: a for a in articles}
    names = {n["id"]: n for n in nodes}
    watched = watched_ids(nodes, relations, entries)
    result = Digest(since, watchlist)
    for r in relations:
        touched = sorted({*watched.get(r["source_id"], []), *watched.get(r["target_id"], [])})
        stamps = sorted(by_article[a]["ingested_at"] for a in r.get("article_ids") or [] if a in by_article)
        if not touched or not stamps or stamps[-1] < since:
            continue
        newest = max((by_article[a] for a in r["article_ids"] if a in by_article), key=lambda a: a["ingested_at"])
        result.links.append(Link(names[r["source_id"]]["name"], r["type"], names[r["target_id"]]["name"],
                                 "new" if stamps[0] >= since else "changed", r["evidence"], _cite(newest), touched))
    linked = {eid for r in relations for eid in (r["source_id"], r["target_id"])
              if r["source_id"] in watched or r["target_id"] in watched}
    seen_in: dict[str, list[dict]] = defaultdict(list)
    for m in mentions:
        if m["article_id"] in by_article:
            seen_in[m["entity_id"]].append(by_article[m["article_id"]])
    for eid, seen in sorted(seen_in.items(), key=lambda item: names[item[0]]["name"] if item[0] in names else ""):
        if eid in names and (eid in watched or eid in linked) and min(a["ingested_at"] for a in seen) >= since:
            first = min(seen, key=lambda a: (a.get("date") or "", a["ingested_at"]))
            result.entities.append({"name": names[eid]["name"], "label": names[eid]["label"],
                                    "watched": watched.get(eid, ["linked to the watchlist 与关注对象相关"]),
                                    "article": _cite(first)})
    result.links.sort(key=lambda link: (link.change != "new", link.source, link.type, link.target))
    return result


def _cite(article: dict) -> dict:
    return {"title": article.get("title") or "", "date": article.get("date") or "", "url": article.get("url") or ""}


def to_markdown(d: Digest) -> str:
    """The digest as a Markdown document (a scheduler can mail it)."""
    lines = [f"# What changed 动态摘要{' · ' + d.watchlist if d.watchlist else ''}", "",
             f"Since 自 {d.since}: {len(d.entities)} new entities 新实体, {len(d.links)} new or changed links 新增或变化的关系.", ""]
    if d.entities:
        lines += ["## New entities 新实体", ""]
        lines += [f"- **{e['name']}** ({e['label']}) — {'; '.join(e['watched'])} — {_citation(e['article'])}"
                  for e in d.entities]
        lines.append("")
    if d.links:
        lines += ["## Links 关系", ""]
        for link in d.links:
            change = "new 新增" if link.change == "new" else "changed 变化"
            lines += [f"- **{link.line()}** ({change}; {'; '.join(link.watched)})",
                      f"  > {link.evidence}", f"  — {_citation(link.article)}"]
        lines.append("")
    return "\n".join(lines)


def _citation(article: dict) -> str:
    parts = [f"*{article['title'] or '(untitled)'}*", article["date"] or "undated"]
    if article["url"].startswith(("http://", "https://")):
        parts.append(f"<{article['url']}>")
    return ", ".join(parts)


def to_html(d: Digest) -> str:
    """The Markdown digest rendered as a standalone HTML page (the text escaped)."""
    from markdown_it import MarkdownIt

    body = MarkdownIt("commonmark", {"html": False}).render(to_markdown(d))
    return (f"<!doctype html><html lang=\"zh\"><head><meta charset=\"utf-8\"><title>{escape(d.watchlist or 'digest')}"
            f"</title></head><body>{body}</body></html>\n")
