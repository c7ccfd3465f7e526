"""The tokenizer: one token per Chinese character (and per other character), one per run of Latin
letters or of digits.

Chinese has no spaces, and names start and end anywhere a word can; with one character per token
every mention the rules or the model find is a token-aligned `Span`, and `doc.text == text`, so
character offsets are the truth throughout the pipeline. Words come from the word model
(doc.spans["words"]), not from the tokenizer.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

TOKEN = re.compile(r"[A-Za-z]+|[0-9]+|.", re.S)


class CharTokenizer:
    def __init__(self, vocab: Vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words = TOKEN.findall(text)
        return Doc(self.vocab, words=words, spaces=[False] * len(words))

    # A tokenizer without settings of its own: nothing to save.
    def to_disk(self, path, **kwargs) -> None:
        pass

    def from_disk(self, path, **kwargs) -> CharTokenizer:
        return self

    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> CharTokenizer:
        return self


@registry.tokenizers("ecograph.CharTokenizer.v1")
def make_char_tokenizer():
    return lambda nlp: CharTokenizer(nlp.vocab)
