"""Every error ecograph reports to a user, in one place, with a stable code."""
from __future__ import annotations


class EcographError(Exception):
    """Base of every error the CLI and the app turn into a one-line message."""

    code = "E000"

    def __init__(self, message: str, *, source: str | None = None):
        self.source = source
        super().__init__(message)

    def line(self) -> str:
        where = f"{self.source}: " if self.source else ""
        return f"{where}{self} [{self.code}]"


class InputError(EcographError):
    """A file that cannot be read as articles (empty, binary, malformed, too large…)."""

    code = "E101"


class DuplicateArticle(EcographError):
    """The same article text is already in the corpus under another name."""

    code = "E102"


class StoreError(EcographError):
    """The graph store cannot be reached or refused an operation."""

    code = "E201"


class ReadOnlyError(StoreError):
    """A write was attempted through a read-only channel (the Cypher console, `ecograph cypher`)."""

    code = "E202"


class CorpusError(EcographError):
    """The corpus (SQLite) cannot be opened, read or written: not a database, damaged, disk full."""

    code = "E203"


class CurationError(EcographError):
    """A curation decision that is malformed, names nothing, or cannot be undone."""

    code = "E204"


class QueryError(EcographError):
    """A Cypher query is invalid, unknown, or got the wrong parameters."""

    code = "E301"


class SettingsError(EcographError):
    """A setting (graph URL, corpus path) is not usable."""

    code = "E401"
