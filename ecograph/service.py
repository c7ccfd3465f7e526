"""What the CLI and the app do, as library calls: ingest, rebuild, stats.

Each function opens nothing itself: it is handed a Corpus and a GraphStore, so the callers
decide where they live (settings) and tests pass real ones on temporary files.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import filelock

from ecograph.errors import CurationError, DuplicateArticle, EcographError, InputError
from ecograph.graph.loader import GraphBatch, LoadReport, delete_missing, graph_counts, load
from ecograph.graph.store import GraphStore
from ecograph.ingest import curation
from ecograph.ingest.corpus import Corpus, alike
from ecograph.ingest.fetch import Fetcher, Validators, feed_links, fetch_pages
from ecograph.ingest.models import Article
from ecograph.ingest.pipeline import extract_many
from ecograph.ingest.sources import DEFAULT_MAX_BYTES, iter_paths, read_file

Step = Callable[[str], None]  # called once per file or article done, with its name


@dataclass
class IngestReport:
    files: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[EcographError] = field(default_factory=list)
    load: LoadReport | None = None

    @property
    def failed(self) -> bool:
        """Whether anything was not stored as given (a duplicate too: the exit code is 2)."""
        return bool(self.problems)

    def summary(self) -> str:
        return (f"{self.files} files: {self.new} new, {self.updated} updated, {self.unchanged} unchanged "
                f"articles; {len(self.problems)} problems")


def ingest_paths(paths: Iterable[str | Path], corpus: Corpus, store: GraphStore | None,
                 step: Step | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> IngestReport:
    """Read, extract and store every article under `paths`, then bring the graph up to date.

    A file that cannot be read is reported and skipped; articles already stored and unchanged
    are not extracted again. Each article is stored in its own transaction.
    """
    report = IngestReport()
    for path in iter_paths(paths):
        report.files += 1
        try:
            result = read_file(path, max_bytes=max_bytes)
        except InputError as error:
            report.problems.append(error)
        else:
            report.problems.extend(result.problems)
            ingest_articles(result.articles, corpus, report)
        if step:
            step(str(path))
    if store is not None:
        report.load = sync_graph(corpus, store)
    return report


def ingest_articles(articles: list[Article], corpus: Corpus, report: IngestReport) -> None:
    todo = []
    for article in articles:
        status, original = corpus.article_status(article)
        if status == "unchanged":
            report.unchanged += 1
        elif status == "duplicate":
            report.problems.append(_duplicate(article, original))
        else:
            todo.append(article)
    for extraction in extract_many(todo):
        result = corpus.store(extraction)  # another process may have stored it meanwhile
        if result.status == "duplicate":
            report.problems.append(_duplicate(extraction.article, result.duplicate_of))
        else:
            setattr(report, result.status, getattr(report, result.status) + 1)


def _duplicate(article: Article, original: str | None) -> DuplicateArticle:
    return DuplicateArticle(f"same text as {original} already ingested; skipped", source=article.source)


def sync_graph(corpus: Corpus, store: GraphStore, writers: int = 1) -> LoadReport:
    """Make the graph what the corpus says: MERGE everything, then drop what is gone
    (with `writers` threads at once into a store that takes them: graph.loader.Writers).

    Two ingests may sync at once; each reads the corpus and prunes the graph under one lock, so
    the later sync never drops what the earlier one loaded from articles it did not see.
    """
    with filelock.FileLock(f"{corpus.path}.sync.lock"):
        rows = corpus.graph_batch()
        batch = GraphBatch(rows.articles, rows.nodes, rows.relations, rows.mentions)
        report = load(store, batch, writers=writers)
        delete_missing(store, batch)
    report.warnings = [issue.line() for issue in rows.curation]
    return report


def rebuild(corpus: Corpus, store: GraphStore, reextract: bool = False, step: Step | None = None,
            writers: int = 1) -> LoadReport:
    """Rebuild the graph from the corpus; with `reextract`, run extraction again on every article.

    The graph is not emptied first: everything is MERGEd, then what the corpus no longer holds is
    deleted, so a rebuild that fails midway leaves the graph it had, not a part of it.
    """
    if reextract:
        articles = corpus.articles()
        corpus.clear_extractions()
        for extraction in extract_many(articles):
            corpus.store(extraction)
            if step:
                step(extraction.article.source)
    return sync_graph(corpus, store, writers)


def graph_stats(store: GraphStore, top: int = 10) -> dict:
    """Counts per label and type, and the most connected entities (deterministic)."""
    counts = graph_counts(store)
    rows = store.read(
        "MATCH (n)-[r]-(m) WHERE NOT n:Article AND NOT m:Article "
        "RETURN n.name AS name, labels(n)[0] AS label, count(r) AS degree "
        "ORDER BY degree DESC, name ASC LIMIT $top",
        {"top": top},
    ).records()
    return {
        "articles": counts["nodes"].get("Article", 0),
        "nodes": {k: v for k, v in counts["nodes"].items() if k != "Article"},
        "relationships": counts["relationships"],
        "top_entities": rows,
    }


def resolution_stats(corpus_path: Path) -> dict:
    """Entities, merges and suggestions in the corpus ({} when there is no corpus yet)."""
    if not Path(corpus_path).exists():
        return {}
    with Corpus(corpus_path) as corpus:
        counts = corpus.counts()
    return {key: counts[key] for key in ("entities", "merges", "suggestions")}


def stats_json(stats: dict) -> str:
    return json.dumps(stats, ensure_ascii=False, sort_keys=True, indent=2)


@dataclass
class CurateReport:
    decision: curation.Decision
    issues: list[curation.Issue]  # conflicts of this decision with others
    load: LoadReport | None = None


def curate(corpus: Corpus, store: GraphStore | None, decision: curation.Decision) -> CurateReport:
    """Record a decision and bring the graph up to date. One that names nothing the corpus holds
    now is refused (CurationError) and not kept; its conflicts with others come back with it."""
    recorded, issues = corpus.record(decision, vet=True)
    return CurateReport(recorded, issues, sync_graph(corpus, store) if store is not None else None)


def undo(corpus: Corpus, store: GraphStore | None, number_or_uid: str, reason: str, author: str = "") -> CurateReport:
    """Take a decision out (an undo is itself a decision in the log) and bring the graph up to date."""
    uid = corpus.decision_uid(number_or_uid)
    return curate(corpus, store, curation.new_decision("undo", {"decision": uid}, reason, author=author))


@dataclass
class ImportReport:
    added: int = 0
    present: int = 0
    problems: list[EcographError] = field(default_factory=list)
    load: LoadReport | None = None

    def summary(self) -> str:
        return f"{self.added} decisions imported, {self.present} already present; {len(self.problems)} problems"


def import_decisions(corpus: Corpus, store: GraphStore | None, path: Path) -> ImportReport:
    """Add the decisions of an export (JSON lines) that the corpus lacks, then sync the graph once.
    A bad line is reported with its number and skipped; the others go on."""
    report = ImportReport()
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CurationError(f"cannot read decisions: {error}", source=str(path)) from None
    for number, line in curation.iter_lines(text):
        try:
            decision = curation.parse_line(line)
            if corpus.has_decision(decision.uid):
                report.present += 1
                continue
            corpus.record(decision)
            report.added += 1
        except CurationError as error:
            report.problems.append(CurationError(f"line {number}: {error}", source=str(path)))
    if store is not None:
        report.load = sync_graph(corpus, store)
    return report


def review_items(corpus: Corpus, threshold: float | None = None) -> list:
    """The review queue (ingest/review.py) of the corpus as curated now."""
    from ecograph.ingest.review import LOW_CONFIDENCE, review_queue

    rows = corpus.graph_batch()
    return review_queue(rows.nodes, rows.relations, rows.mentions,
                        LOW_CONFIDENCE if threshold is None else threshold)


def make_digest(corpus: Corpus, since: str, watchlist: str | None = None):
    """The digest (ingest/digest.py) of one watchlist, or of all of them together, since a date or time."""
    from ecograph.ingest.digest import digest, parse_since

    lists = corpus.watchlists()
    if watchlist is not None and watchlist not in lists:
        raise CurationError(f"no watchlist {watchlist!r}; there are: {', '.join(lists) or 'none'}")
    entries = lists[watchlist] if watchlist is not None else sorted({e for es in lists.values() for e in es})
    rows = corpus.graph_batch()
    stamps = corpus.ingested_at()
    articles = [{**a, "ingested_at": stamps.get(a["id"], "")} for a in rows.articles]
    return digest(rows.nodes, rows.relations, rows.mentions, articles, entries, parse_since(since),
                  watchlist or "all watchlists")


class CorpusValidators(Validators):
    """ETags and Last-Modified dates kept in the corpus, written only once the articles fetched
    with them are stored (so a 304 never hides an article that was not)."""

    def __init__(self, corpus: Corpus):
        self.corpus = corpus
        self.pending: dict[str, tuple[str, str]] = {}

    def get(self, url: str) -> tuple[str, str]:
        return self.corpus.validators(url)

    def put(self, url: str, etag: str, last_modified: str) -> None:
        self.pending[url] = (etag, last_modified)

    def commit(self) -> None:
        for url, (etag, modified) in self.pending.items():
            self.corpus.keep_validators(url, etag, modified)
        self.pending.clear()


def fetcher_for(corpus: Corpus, min_interval: float = 2.0) -> Fetcher:
    return Fetcher(CorpusValidators(corpus), min_interval=min_interval)


def ingest_urls(urls: list[str], corpus: Corpus, store: GraphStore | None, fetcher: Fetcher,
                report: IngestReport | None = None, skip_stored: bool = False) -> IngestReport:
    """Fetch each page (politely, ingest/fetch.py), store its article, then sync the graph.
    A page answering 304, or (with `skip_stored`) one already stored, counts as unchanged."""
    report = report or IngestReport()
    fetched = fetch_pages(urls, fetcher, skip=corpus.has_url if skip_stored else lambda url: False)
    report.files += len(urls)
    report.unchanged += len(fetched.not_modified)
    report.problems.extend(fetched.problems)
    fresh: list[Article] = []
    for article in fetched.articles:
        original = corpus.reprint_of(article) or next(
            (a.source for a in fresh if a.title == article.title and alike(a.raw_text, article.raw_text)), None)
        if original is None:
            fresh.append(article)
        else:
            report.problems.append(DuplicateArticle(f"a reprint of {original} already ingested; skipped",
                                                    source=article.source))
    ingest_articles(fresh, corpus, report)
    fetcher.validators.commit()
    if store is not None:
        report.load = sync_graph(corpus, store)
    return report


def watch_feeds(feeds: list[str], corpus: Corpus, store: GraphStore | None, fetcher: Fetcher) -> IngestReport:
    """Ingest the items of RSS/Atom feeds that the corpus does not hold yet. A feed's validators
    are kept only when every item was read, so an item that failed is fetched again next time."""
    report = IngestReport()
    links: list[str] = []
    for feed in feeds:
        try:
            found, _changed = feed_links(feed, fetcher)
        except InputError as error:
            report.problems.append(error)
            continue
        links.extend(link for link in found if link not in links)
    pending = getattr(fetcher.validators, "pending", {})
    feed_validators = {feed: pending.pop(feed) for feed in feeds if feed in pending}
    ingest_urls(links, corpus, store, fetcher, report, skip_stored=True)
    if not [p for p in report.problems if not isinstance(p, DuplicateArticle)]:
        for feed, (etag, modified) in feed_validators.items():
            fetcher.validators.put(feed, etag, modified)
        fetcher.validators.commit()
    return report
