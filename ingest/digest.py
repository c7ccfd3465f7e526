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
from ecograph.ontology import ECOSYSTEM_EN, LABEL_NAMES_ZH, REL_NAMES_EN, REL_NAMES_ZH

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
                                    "watched": watched.get(eid, [LINKED]),
                                    "article": _cite(first)})
    result.links.sort(key=lambda link: (link.change != "new", link.source, link.type, link.target))
    return result


def _cite(article: dict) -> dict:
    return {"title": article.get("title") or "", "date": article.get("date") or "", "url": article.get("url") or ""}


DIGEST_WORDS = {
    "bilingual": {"title": "What changed 动态摘要", "since": "Since 自 {since}: {entities} new entities 新实体, "
                  "{links} new or changed links 新增或变化的关系.", "entities": "New entities 新实体",
                  "links": "Links 关系", "new": "new 新增", "changed": "changed 变化", "untitled": "(untitled)",
                  "undated": "undated", "linked": "linked to the watchlist 与关注对象相关",
                  "entity": "entity", "segment": "segment", "ecosystem": "ecosystem", "sep": "; "},
    "en": {"title": "What changed", "since": "Since {since}: {entities} new entities, {links} new or changed links.",
           "entities": "New entities", "links": "Links", "new": "new", "changed": "changed", "untitled": "(untitled)",
           "undated": "undated", "linked": "linked to the watchlist", "entity": "entity", "segment": "segment",
           "ecosystem": "ecosystem", "sep": "; "},
    "zh": {"title": "动态摘要", "since": "自 {since} 起：新实体 {entities} 个，新增或变化的关系 {links} 条。",
           "entities": "新实体", "links": "关系", "new": "新增", "changed": "变化", "untitled": "（无标题）",
           "undated": "无日期", "linked": "与关注对象相关", "entity": "实体", "segment": "细分领域",
           "ecosystem": "生态", "sep": "；"},
}
LINKED = DIGEST_WORDS["bilingual"]["linked"]


def to_markdown(d: Digest, lang: str = "bilingual") -> str:
    """The digest as a Markdown document (a scheduler can mail it): bilingual, or in one interface
    language `lang` ('zh', 'en'; relationship types and labels in words). Names and evidence as written."""
    words = DIGEST_WORDS[lang]

    def watched(entries: list[str]) -> str:
        out = []
        for entry in entries:
            kind, _, value = entry.partition(" ")
            if entry == LINKED or kind not in WATCH_KINDS:
                out.append(words["linked"] if entry == LINKED else entry)
                continue
            if kind == "ecosystem" and lang == "en":
                value = ECOSYSTEM_EN.get(value, value)
            out.append(f"{words[kind]} {value}")
        return words["sep"].join(out)

    def line(link: Link) -> str:
        if lang == "bilingual":
            return link.line()
        names = REL_NAMES_ZH if lang == "zh" else REL_NAMES_EN
        return f"{link.source} —{names.get(link.type, link.type)}→ {link.target}"

    def label(name: str) -> str:
        return LABEL_NAMES_ZH.get(name, name) if lang == "zh" else name

    lines = [f"# {words['title']}{' · ' + d.watchlist if d.watchlist else ''}", "",
             words["since"].format(since=d.since, entities=len(d.entities), links=len(d.links)), ""]
    if d.entities:
        lines += [f"## {words['entities']}", ""]
        lines += [f"- **{e['name']}** ({label(e['label'])}) — {watched(e['watched'])} — {_citation(e['article'], words)}"
                  for e in d.entities]
        lines.append("")
    if d.links:
        lines += [f"## {words['links']}", ""]
        for link in d.links:
            change = words["new"] if link.change == "new" else words["changed"]
            lines += [f"- **{line(link)}** ({change}{words['sep']}{watched(link.watched)})",
                      f"  > {link.evidence}", f"  — {_citation(link.article, words)}"]
        lines.append("")
    return "\n".join(lines)


def _citation(article: dict, words: dict[str, str]) -> str:
    parts = [f"*{article['title'] or words['untitled']}*", article["date"] or words["undated"]]
    if article["url"].startswith(("http://", "https://")):
        parts.append(f"<{article['url']}>")
    return ", ".join(parts)


def to_html(d: Digest, lang: str = "bilingual") -> str:
    """The Markdown digest (in `lang`) rendered as a standalone HTML page (the text escaped)."""
    from markdown_it import MarkdownIt

    body = MarkdownIt("commonmark", {"html": False}).render(to_markdown(d, lang))
    return (f"<!doctype html><html lang=\"zh\"><head><meta charset=\"utf-8\"><title>{escape(d.watchlist or 'digest')}"
            f"</title></head><body>{body}</body></html>\n")
