"""The cue words and patterns the extraction rules read (lexicons/cues.toml): how news says that
a name ends, that a link holds, that a list is closed. Data, kept apart from the rules' code."""
from __future__ import annotations

import re
import tomllib
from functools import cache
from typing import Any

from ecograph.ingest.lexicon import LEXICON_DIR

CUES_FILE = LEXICON_DIR / "cues.toml"


@cache
def _table() -> dict[str, Any]:
    with open(CUES_FILE, "rb") as f:
        return tomllib.load(f)


def _entry(key: str) -> Any:
    section, name = key.split(".", 1)
    try:
        return _table()[section][name]
    except KeyError:
        raise KeyError(f"{CUES_FILE}: no entry {name!r} in [{section}]") from None


def pattern(key: str, flags: int = 0) -> re.Pattern[str]:
    """The regular expression `key` ("section.name")."""
    return re.compile(_entry(key), flags)


def words(key: str) -> tuple[str, ...]:
    """The word list `key`, in its order (the order matters where the first match wins)."""
    return tuple(_entry(key))


def word_set(key: str) -> frozenset[str]:
    return frozenset(_entry(key))


def table(key: str) -> dict[str, Any]:
    """The table `key`: cue word → what it says (a label, or the labels it may refer to)."""
    return dict(_entry(key))
