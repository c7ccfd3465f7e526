"""The corpus's entities by the pieces a short-form look-up asks for, held in memory.

`Corpus._find_short_form` looks for the entities a new name is a short form of, or a fuller
name of (`resolve.is_short_form`). It used to read every entity whose name holds the new name's
first two characters, and when those are a city shared by many firms (深圳…) the rows read grew
with the corpus, so resolution grew faster than the corpus. Every way `is_short_form(short, full)`
can hold ties the two names by a piece one of them has whole:

- `full` starts with `short` (with a legal form after it, or `short` is `full` without one), or
  ends with it (not for a Company);
- the brand core of `full` (`resolve.brand`) starts with `short` without a trailing 公司, or
  with the brand core of `short` (Company, Investor);
- a two-character `short` starts the brand core of `full` (Company, Investor);
- `full` with 人民政府 written 政府 is `short`, or with a usual long word of a government body's
  name in its short form (药品监督管理局 → 药监局: `resolve.abbreviated`).

So each entity is kept under its name's prefixes and suffixes, its brand core's prefixes, its
政府 form and its abbreviated forms (`fuller`: where a short form finds the names it can be a
short form of), and under its
name, its name without a trailing 公司 and its brand core (`shorter`: where a fuller name finds
the short forms of it). A look-up reads only the entities under the new name's own pieces; the
caller then applies the same tests to them as before, on their current names, so what merges is
what merged. Pieces of names an entity no longer has stay in the index: they only offer
candidates the tests turn down.

It also keeps the entities by label and the first two characters of their current name, the
names a new one is compared with for suggestions (`Corpus._suggest_near_duplicates`).
"""
from __future__ import annotations

from collections import defaultdict

from ecograph.ingest.lexicon import Lexicon
from ecograph.ingest.resolve import abbreviated, brand

FIRMS = ("Company", "Investor")


class NameIndex:
    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        self.names: dict[str, tuple[str, str]] = {}  # entity id -> (label, current name)
        self._fuller: dict[tuple[str, str], set[str]] = defaultdict(set)
        self._shorter: dict[tuple[str, str], set[str]] = defaultdict(set)
        self._openings: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)  # (label, name[:2]) -> {id: name}

    def add(self, entity_id: str, label: str, name: str) -> None:
        """An entity, or an entity's new name (its old pieces stay)."""
        if entity_id in self.names:
            old_label, old = self.names[entity_id]
            self._openings[old_label, old[:2]].pop(entity_id, None)
        self.names[entity_id] = (label, name)
        self._openings[label, name[:2]][entity_id] = name
        for key in self._fuller_keys(label, name):
            self._fuller[label, key].add(entity_id)
        for key in self._shorter_keys(label, name):
            self._shorter[label, key].add(entity_id)

    def _fuller_keys(self, label: str, name: str) -> set[str]:
        """The pieces a short form of `name` is, or has whole (see the module's docstring)."""
        keys = {name[:i] for i in range(1, len(name))}
        if label != "Company":
            keys |= {name[i:] for i in range(1, len(name))}
        if label in FIRMS:
            core = brand(name, self.lexicon)
            keys |= {core[:i] for i in range(1, len(core) + 1)}
        keys.add(name.replace("人民政府", "政府"))
        if label == "Government":
            keys |= abbreviated(name)
        return keys

    def _shorter_keys(self, label: str, name: str) -> set[str]:
        if label in FIRMS:
            return {name, name.rstrip("公司"), brand(name, self.lexicon)}
        return {name}

    def fuller_candidates(self, label: str, short: str) -> list[tuple[str, str]]:
        """(id, name) of every entity of `label` that `short` can be a short form of (and others).
        None when `short` without 公司 is empty: then any firm can be, and the caller reads them all."""
        keys = {short}
        if label in FIRMS:
            keys |= {short.rstrip("公司"), brand(short, self.lexicon)}
        return self._rows(self._fuller, label, keys)

    def shorter_candidates(self, label: str, full: str) -> list[tuple[str, str]]:
        """(id, name) of every entity of `label` that can be a short form of `full` through its
        brand core or its 政府 form (and others); names inside `full` are the caller's to find."""
        keys = {full.replace("人民政府", "政府")}
        if label == "Government":
            keys |= abbreviated(full)
        if label in FIRMS:
            core = brand(full, self.lexicon)
            keys |= {core[:i] for i in range(len(core) + 1)}
        return self._rows(self._shorter, label, keys)

    def opening_with(self, label: str, opening: str) -> dict[str, str]:
        """{id: name} of the entities of `label` whose name starts with `opening` (two characters)."""
        return self._openings.get((label, opening), {})

    def _rows(self, index: dict[tuple[str, str], set[str]], label: str, keys: set[str]) -> list[tuple[str, str]]:
        ids = set().union(*(index.get((label, key), ()) for key in keys))
        return [(entity_id, self.names[entity_id][1]) for entity_id in ids]
