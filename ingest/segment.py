"""jieba's word segmentation of short fragments, without jieba's per-call costs.

The entity rules cut thousands of short windows per article (the words in front of a head noun,
a brand, an enumeration item). For such fragments `jieba.lcut` spends most of its time around the
model rather than in it: splitting into blocks, building a dict of the word graph, taking a
logarithm per edge. `cut` runs the same model (jieba's dictionary, the same best route through
the word graph with the same tie-breaking, jieba's HMM for runs of unknown characters) in one
right-to-left pass, with each word's log-probability computed once. Its result is jieba's, token
for token: tests/test_fast_paths.py holds it to `jieba.lcut` on every block of the example articles.
"""
from __future__ import annotations

from math import log
from typing import Any

import jieba
import jieba.finalseg

ONE_BLOCK = jieba.re_han_default  # what jieba hands to its dictionary cut as one block
_UNSEEN: Any = object()


class Segmenter:
    def __init__(self, tokenizer: jieba.Tokenizer = jieba.dt):
        self.tokenizer = tokenizer
        self._total: float | None = None
        self._logp: dict[str, float | None] = {}

    def cut(self, fragment: str) -> list[str]:
        """The words of `fragment`, as `jieba.lcut(fragment)` gives them."""
        if not ONE_BLOCK.fullmatch(fragment):
            return self.tokenizer.lcut(fragment)
        self.tokenizer.check_initialized()
        if self._total != self.tokenizer.total:  # a word was added to the dictionary: start again
            self._total, self._logp = self.tokenizer.total, {}
        return self._words(fragment, self._route(fragment))

    def _route(self, text: str) -> list[int]:
        """For each position, where the word starting there ends on the most probable route
        (jieba's `calc` over its `get_DAG`: ties go to the longer word)."""
        freq, logp = self.tokenizer.FREQ, self._logp
        floor = -log(self._total or 1)  # a character the dictionary lacks: log(1) − log(total)
        n = len(text)
        score = [0.0] * (n + 1)
        ends = [0] * n
        for start in range(n - 1, -1, -1):
            best, best_end = None, start + 1
            end = start + 1
            word = text[start]
            while True:
                p = logp.get(word, _UNSEEN)
                if p is _UNSEEN:
                    count = freq.get(word)
                    if count is None:
                        break  # not even the start of a dictionary word
                    p = logp[word] = log(count) + floor if count else None  # None: a prefix only
                if p is not None:
                    candidate = p + score[end]
                    if best is None or candidate >= best:
                        best, best_end = candidate, end
                if end >= n:
                    break
                end += 1
                word = text[start:end]
            if best is None:
                best, best_end = floor + score[start + 1], start + 1
            score[start], ends[start] = best, best_end
        return ends

    def _words(self, text: str, ends: list[int]) -> list[str]:
        """Walk the route; runs of single characters go to the HMM when they are no word
        (jieba's `__cut_DAG`)."""
        words: list[str] = []
        single = ""
        at = 0
        while at < len(text):
            end = ends[at]
            if end - at == 1:
                single += text[at]
            else:
                if single:
                    self._flush(single, words)
                    single = ""
                words.append(text[at:end])
            at = end
        if single:
            self._flush(single, words)
        return words

    def _flush(self, single: str, words: list[str]) -> None:
        if len(single) == 1:
            words.append(single)
        elif not self.tokenizer.FREQ.get(single):
            words.extend(jieba.finalseg.cut(single))
        else:
            words.extend(single)
