"""The spaCy pipeline: `spacy.blank("zh")` plus ecograph's registered components.

    ecograph_entities   names from their grammar, cues and gazetteers → doc._.ecograph_candidates,
                        doc._.ecograph_entities (doc._.ecograph_spans gives them as spaCy spans)
    ecograph_relations  relation rules over sentences → doc._.ecograph_relations

`extract(article)` / `extract_many(articles)` run normalisation, the pipeline and in-article
resolution and return an `Extraction` (the stage contract; nothing is stored here).
"""
from __future__ import annotations

import re
from functools import cache
from typing import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from ecograph.ingest.deals import fill_deal_terms
from ecograph.ingest.entity_rules import Candidate, Grammar, find_mentions
from ecograph.ingest.lexicon import load_lexicon
from ecograph.ingest.models import Article, Entity, Extraction, Mention
from ecograph.ingest.normalize import normalize, normalize_title, split_sentences
from ecograph.ingest.relation_rules import TITLES, M, extract_relations
from ecograph.ingest.resolve import resolve_article
from ecograph.ingest.tokenizer import CharTokenizer  # noqa: F401 (registers the tokenizer)
from ecograph.ingest.words import Words

Doc.set_extension("ecograph_candidates", default=None, force=True)
Doc.set_extension("ecograph_entities", default=None, force=True)
Doc.set_extension("ecograph_relations", default=None, force=True)


def mention_spans(doc: Doc) -> list[Span]:
    """The mentions as spaCy spans (for displacy and other spaCy tools), made when asked for:
    the pipeline itself works on character offsets."""
    spans = (doc.char_span(c.start, c.end, label=c.label, alignment_mode="expand")
             for c, _ in doc._.ecograph_candidates or [])
    return [span for span in spans if span is not None]


Doc.set_extension("ecograph_spans", getter=mention_spans, force=True)


@Language.factory("ecograph_entities", assigns=["doc._.ecograph_candidates", "doc._.ecograph_entities"])
def make_entity_recognizer(nlp: Language, name: str) -> "EntityRecognizer":
    return EntityRecognizer(name)


class EntityRecognizer:
    """Finds entity mentions and resolves them within the article."""

    def __init__(self, name: str):
        self.name = name
        self.lexicon = load_lexicon()
        self.grammar = Grammar(self.lexicon)

    def __call__(self, doc: Doc) -> Doc:
        candidates = find_mentions(doc.text, self.grammar, Words.of(doc))
        entities, names = resolve_article(doc.text, candidates, self.lexicon)
        doc._.ecograph_candidates = [(c, names[c.start, c.end]) for c in candidates]
        doc._.ecograph_entities = entities
        return doc


@Language.factory("ecograph_relations", assigns=["doc._.ecograph_relations"],
                  requires=["doc._.ecograph_entities"])
def make_relation_extractor(nlp: Language, name: str) -> "RelationExtractor":
    return RelationExtractor(name)


class RelationExtractor:
    """Links the entities of each sentence by the cue words of the ontology's relations."""

    def __init__(self, name: str):
        self.name = name
        self.lexicon = load_lexicon()
        self.parents = {
            place.name: parent.name
            for place in self.lexicon.places.values()
            if (parent := self.lexicon.place_parent(place)) is not None
        }

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        labels = {e.name: e.label for e in doc._.ecograph_entities}
        mentions = [M(name, labels[name], c.start, c.end) for c, name in doc._.ecograph_candidates]
        titles = {}
        for m in mentions:
            if m.label == "Person":
                match = TITLES.search(text[max(0, m.start - 8) : m.start].rstrip())
                if match:
                    titles[m.start] = match.group(1)
        doc._.ecograph_relations = extract_relations(
            text, split_sentences(text), mentions, titles, self.parents
        )
        return doc


CHUNK = re.compile(r"[\u4e00-\u9fff]+|[A-Za-z0-9]+|\s+|.", re.S)


class ChunkTokenizer:
    """Runs of Chinese characters, of Latin letters and digits, of white space, and single other
    characters: doc.text == text, so character offsets are the truth (the rules read doc.text;
    word segmentation happens where a rule needs it)."""

    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words = CHUNK.findall(text)
        return Doc(self.vocab, words=words, spaces=[False] * len(words))


@spacy.registry.tokenizers("ecograph.ChunkTokenizer.v1")
def make_chunk_tokenizer():
    return lambda nlp: ChunkTokenizer(nlp.vocab)


@cache
def build_nlp() -> Language:
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "ecograph.CharTokenizer.v1"}}})
    nlp.add_pipe("ecograph_words")
    nlp.add_pipe("ecograph_entities")
    nlp.add_pipe("ecograph_relations")
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
        yield _to_extraction(doc, norm, article)


def _extract_chunk(chunk: list[Article]) -> list[Extraction]:
    return list(extract_many(chunk))


def _extract_in_processes(articles: list[Article], batch_size: int, workers: int) -> Iterator[Extraction]:
    import multiprocessing

    chunks = [articles[i : i + batch_size] for i in range(0, len(articles), batch_size)]
    # Workers come from a fork server that loaded the pipeline once: forking this process itself
    # could deadlock when it is threaded (the app, the store's client), spawning would reload all.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["ecograph.ingest.warm_pipeline"])
    with context.Pool(workers) as pool:
        for extractions in pool.imap(_extract_chunk, chunks):
            yield from extractions


def _to_extraction(doc: Doc, norm, article: Article) -> Extraction:
    title = normalize_title(article.title)
    entities = []
    by_name: dict[str, list[Candidate]] = {}
    for cand, name in doc._.ecograph_candidates:
        by_name.setdefault(name, []).append(cand)
    for ent in doc._.ecograph_entities:
        mentions = []
        aliases = set(ent.aliases)
        for cand in by_name.get(ent.name, []):
            raw = norm.raw_span(cand.start, cand.end)
            mentions.append(Mention(cand.text, ent.label, cand.start, cand.end, raw=raw))
            if raw and raw != cand.text and raw != ent.name:
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
