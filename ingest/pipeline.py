"""The spaCy pipeline: `spacy.blank("zh")` with one token per character, and ecograph's
registered components, each writing one declared place of the Doc:

    ecograph_sentences  sentence boundaries                     → token.is_sent_start (doc.sents)
    ecograph_words      LAC's words and tags (a learned model)  → doc.spans["words"]
    ecograph_mentions   names from the grammar, the word model,
                        lists, gazetteers and lexicons          → doc.spans["mentions"] (label, rule as id_)
    ecograph_resolver   mentions → the article's entities       → doc._.ecograph_entities, and each
                                                                   mention's entity as its kb_id_
    ecograph_relations  the registered relation rules           → doc._.ecograph_relations

The components that read lexicons load them in `initialize` (from the package's lexicons, or a
folder given in the config) and save them with `to_disk`, so `nlp.to_disk(path)` followed by
`spacy.load(path)` gives the same pipeline. `extract(article)` / `extract_many(articles)` run
normalisation and the pipeline and return an `Extraction` (the stage contract; nothing is stored).
"""
from __future__ import annotations

import shutil
import sys
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Iterable, Iterator

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

from ecograph.errors import ExtractionTimeout
from ecograph.ingest.deals import fill_deal_terms
from ecograph.ingest.entity_rules import Candidate, Grammar, find_mentions
from ecograph.ingest.lexicon import Lexicon, load_lexicon, read_lexicon
from ecograph.ingest.models import Article, Entity, Extraction, Mention
from ecograph.ingest.normalize import normalize, normalize_title, split_sentences
from ecograph.ingest.relation_rules import DEFAULT_RULES, M, extract_relations
from ecograph.ingest.resolve import resolve_article
from ecograph.ingest.tokenizer import CharTokenizer  # noqa: F401 (registers the tokenizer)
from ecograph.ingest.words import Words, WordTagger  # noqa: F401 (registers ecograph_words)

MENTIONS_KEY = "mentions"
Doc.set_extension("ecograph_entities", default=None, force=True)
Doc.set_extension("ecograph_relations", default=None, force=True)


class LexiconComponent:
    """A component that reads the lexicons: loaded in `initialize`, saved and read back by
    `to_disk` / `from_disk` (the lexicon files themselves)."""

    def __init__(self, name: str):
        self.name = name
        self.lexicon: Lexicon | None = None

    def initialize(self, get_examples=None, *, nlp: Language | None = None, lexicons: str | None = None) -> None:
        self._use(read_lexicon(Path(lexicons)) if lexicons else load_lexicon())

    def _use(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def _lexicon(self) -> Lexicon:
        if self.lexicon is None:
            raise ValueError(f"the {self.name} component has no lexicons: call nlp.initialize() first")
        return self.lexicon

    def to_disk(self, path, *, exclude=tuple()) -> None:
        target = Path(path)
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(self._lexicon().directory, target)

    def from_disk(self, path, *, exclude=tuple()) -> LexiconComponent:
        self._use(read_lexicon(Path(path)))
        return self


@Language.factory("ecograph_sentences", assigns=["token.is_sent_start"])
def make_sentences(nlp: Language, name: str) -> SentenceSplitter:
    return SentenceSplitter(name)


class SentenceSplitter:
    """Sentences as the normaliser cuts them: after 。!? (closing quotes stay) and at line ends."""

    def __init__(self, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        # one array write, not a Python loop over every character's token
        flags = numpy.full(len(doc), -1, dtype=numpy.int64)  # -1: not a start
        flags[0] = 1
        for start, _ in split_sentences(doc.text):
            token = doc.char_span(start, start + 1, alignment_mode="expand")
            if token is not None:
                flags[token.start] = 1
        doc.from_array([SENT_START], flags.reshape(-1, 1).view(numpy.uint64))  # type: ignore[arg-type]
        return doc


@Language.factory("ecograph_mentions", assigns=["doc.spans", "doc.ents"], requires=["doc.spans"])
def make_mentions(nlp: Language, name: str) -> MentionFinder:
    return MentionFinder(name)


class MentionFinder(LexiconComponent):
    """Every name the rules find, as spans labelled with the entity label; the span's id_ is the
    rule that found it. doc.ents holds the outermost ones (a university inside its school's name
    stays in doc.spans only)."""

    def _use(self, lexicon: Lexicon) -> None:
        super()._use(lexicon)
        self.grammar = Grammar(lexicon)

    def __call__(self, doc: Doc) -> Doc:
        self._lexicon()
        candidates = find_mentions(doc.text, self.grammar, Words.of(doc))
        spans = [_span(doc, c) for c in candidates]
        doc.spans[MENTIONS_KEY] = [span for span in spans if span is not None]
        doc.ents = spacy.util.filter_spans(doc.spans[MENTIONS_KEY])
        return doc


def _span(doc: Doc, candidate: Candidate, entity: str = "") -> Span | None:
    span = doc.char_span(candidate.start, candidate.end, label=candidate.label, alignment_mode="expand")
    if span is None:
        return None
    return Span(doc, span.start, span.end, label=candidate.label, kb_id=entity, span_id=candidate.rule)


def candidates_of(doc: Doc) -> list[Candidate]:
    """The mentions of a Doc as the rules' candidates (offsets, label, rule)."""
    return [Candidate(s.start_char, s.end_char, s.label_, s.text, s.id_) for s in doc.spans.get(MENTIONS_KEY, [])]


@Language.factory("ecograph_resolver", assigns=["doc._.ecograph_entities", "doc.spans"], requires=["doc.spans"])
def make_resolver(nlp: Language, name: str) -> Resolver:
    return Resolver(name)


class Resolver(LexiconComponent):
    """Groups the mentions of an article into entities (short forms, declared abbreviations,
    Traditional forms, region names); each mention's kb_id_ becomes its entity's name."""

    def __call__(self, doc: Doc) -> Doc:
        candidates = candidates_of(doc)
        entities, names = resolve_article(doc.text, candidates, self._lexicon())
        spans = [_span(doc, c, names[c.start, c.end]) for c in candidates]
        doc.spans[MENTIONS_KEY] = [span for span in spans if span is not None]
        doc._.ecograph_entities = entities
        return doc


@Language.factory("ecograph_relations", assigns=["doc._.ecograph_relations"],
                  requires=["doc._.ecograph_entities"], default_config={"rules": list(DEFAULT_RULES)})
def make_relations(nlp: Language, name: str, rules: list[str]) -> RelationFinder:
    return RelationFinder(name, rules)


class RelationFinder(LexiconComponent):
    """Reads each sentence with the registered relation rules named in the config."""

    def __init__(self, name: str, rules: list[str]):
        super().__init__(name)
        self.rules = list(rules)

    def _use(self, lexicon: Lexicon) -> None:
        super()._use(lexicon)
        self.parents = {
            place.name: parent.name
            for place in lexicon.places.values()
            if (parent := lexicon.place_parent(place)) is not None
        }

    def __call__(self, doc: Doc) -> Doc:
        self._lexicon()
        labels = {e.name: e.label for e in doc._.ecograph_entities}
        mentions = [M(s.kb_id_, labels[s.kb_id_], s.start_char, s.end_char) for s in doc.spans[MENTIONS_KEY]]
        sentences = tuple(_trimmed(s) for s in doc.sents if s.text.strip())
        doc._.ecograph_relations = extract_relations(doc.text, sentences, mentions, self.parents, self.rules)
        return doc


def _trimmed(sentence: Span) -> tuple[int, int]:
    text = sentence.text
    start = sentence.start_char + len(text) - len(text.lstrip())
    return start, start + len(text.strip())


PIPES = ("ecograph_sentences", "ecograph_words", "ecograph_mentions", "ecograph_resolver", "ecograph_relations")


def new_nlp() -> Language:
    """The pipeline, not yet initialised."""
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "ecograph.CharTokenizer.v1"}}})
    for pipe in PIPES:
        nlp.add_pipe(pipe)
    return nlp


@cache
def build_nlp() -> Language:
    """The pipeline with the package's lexicons (one per process)."""
    nlp = new_nlp()
    nlp.initialize()
    return nlp


def extract(article: Article) -> Extraction:
    return next(extract_many([article]))


def extract_many(articles: Iterable[Article], batch_size: int = 16, workers: int = 1) -> Iterator[Extraction]:
    """Extractions in the order of `articles`. With `workers` > 1, chunks of articles are
    extracted in that many processes (each with its own pipeline), for large batches."""
    if workers > 1:
        yield from _extract_in_processes(list(articles), batch_size, workers)
        return
    nlp = build_nlp()
    normalised = ((normalize(a.raw_text), a) for a in articles)
    pairs = ((norm.text, (norm, article)) for norm, article in normalised)
    for doc, (norm, article) in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield to_extraction(doc, norm, article)


def _extract_chunk(chunk: list[Article]) -> list[Extraction]:
    return list(extract_many(chunk))


def _extract_in_processes(articles: list[Article], batch_size: int, workers: int) -> Iterator[Extraction]:
    chunks = [articles[i : i + batch_size] for i in range(0, len(articles), batch_size)]
    with _worker_pool(workers) as pool:
        for extractions in pool.imap(_extract_chunk, chunks):
            yield from extractions


def _ready() -> None:
    """A task that returns once a worker is up (the pipeline is loaded before the budget runs)."""


def _worker_pool(workers: int):
    """A pool of workers forked from the fork server that holds the loaded pipeline (forking this
    process itself could deadlock when it is threaded: the app, the store's client; spawning
    would load it all again)."""
    import multiprocessing

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["ecograph.ingest.warm_pipeline"])
    with _main_not_rerun():
        return context.Pool(workers)


@contextmanager
def _main_not_rerun() -> Iterator[None]:
    """Start workers without running the parent's main script again in them: multiprocessing
    re-runs `__main__` by its path in a new worker, and in the app (and after Streamlit's AppTest)
    that script is the app itself, whose pages fail outside Streamlit."""
    main = sys.modules["__main__"]
    path = main.__dict__.pop("__file__", None)
    try:
        yield
    finally:
        if path is not None:
            main.__file__ = path


def extract_within(articles: Iterable[Article], seconds: float) -> tuple[list[Extraction], list[ExtractionTimeout]]:
    """Each article extracted in a worker process, stopped when it takes longer than `seconds`:
    the extractions of those that finished, and one error per article that did not. The worker
    comes from the fork server that holds the loaded pipeline, so a stopped one is replaced fast."""
    import multiprocessing

    done: list[Extraction] = []
    stopped: list[ExtractionTimeout] = []
    pool = None
    try:
        for article in articles:
            if pool is None:
                pool = _worker_pool(1)
                pool.apply(_ready)
            try:
                done.extend(pool.apply_async(_extract_chunk, ([article],)).get(timeout=seconds))
            except multiprocessing.TimeoutError:
                pool.terminate()
                pool = None
                stopped.append(ExtractionTimeout(
                    f"extraction stopped after {seconds:g} s ({len(article.raw_text):,} characters): split the "
                    f"article, or ingest it with `ecograph ingest` · 提取超过 {seconds:g} 秒已停止：请拆分文章，"
                    "或用命令行 ecograph ingest 导入", source=article.source))
    finally:
        if pool is not None:
            pool.terminate()
    return done, stopped


def to_extraction(doc: Doc, norm, article: Article) -> Extraction:
    """The Extraction record of a processed Doc: entities with their mentions (Simplified, with the
    forms as written as aliases), relations with the evidence as written."""
    title = normalize_title(article.title)
    by_name: dict[str, list[Span]] = {}
    for span in doc.spans[MENTIONS_KEY]:
        by_name.setdefault(span.kb_id_, []).append(span)
    entities = []
    for ent in doc._.ecograph_entities:
        mentions = []
        aliases = set(ent.aliases)
        for span in by_name.get(ent.name, []):
            raw = norm.raw_span(span.start_char, span.end_char)
            mentions.append(Mention(span.text, ent.label, span.start_char, span.end_char, raw=raw))
            if raw and raw != span.text and raw != ent.name:
                aliases.add(raw)
        entities.append(Entity(ent.name, ent.label, sorted(aliases), mentions))
    # the most mentioned first (then in order of appearance): what an article is about leads
    entities.sort(key=lambda e: (-len(e.mentions), min((m.start for m in e.mentions), default=0)))
    relations = []
    for rel in doc._.ecograph_relations:
        rel.raw_evidence = norm.raw_span(rel.sent_start, rel.sent_end).strip()
        relations.append(rel)
    fill_deal_terms(relations, entities, doc.text)
    shown = Article(article.id, article.source, title or article.title, article.raw_text,
                    article.url, article.date, article.content_hash)
    return Extraction(shown, doc.text, entities, relations)
