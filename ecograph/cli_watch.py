"""`ecograph watchlist …` (what an analyst watches) and `ecograph digest` (what changed since a
date that touches it): thin commands over the corpus and ingest/digest.py."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table

from ecograph.cli_base import CorpusOpt, _fail, _settings, out
from ecograph.errors import CurationError, EcographError

watchlist_app = typer.Typer(no_args_is_help=True, help="Watchlists of entities, segments and ecosystems (for `ecograph digest`).")

Entities = Annotated[list[str], typer.Option("--entity", help="An entity, by name or alias (repeatable)")]
Segments = Annotated[list[str], typer.Option("--segment", help="An industry segment (repeatable)")]
Ecosystems = Annotated[list[str], typer.Option("--ecosystem", help="中关村 | 张江 | 南山 | 长宁 (repeatable)")]


def _entries(entities: list[str], segments: list[str], ecosystems: list[str]) -> list[tuple[str, str]]:
    from ecograph.ontology import ECOSYSTEMS

    for eco in ecosystems:
        if eco not in ECOSYSTEMS:
            raise CurationError(f"{eco!r} is not one of the ecosystems {', '.join(ECOSYSTEMS)}")
    return [("entity", e) for e in entities] + [("segment", s) for s in segments] + [("ecosystem", e) for e in ecosystems]


@watchlist_app.command()
def add(ctx: typer.Context, name: Annotated[str, typer.Argument(help="The watchlist (made if new)")],
        entity: Entities = [], segment: Segments = [], ecosystem: Ecosystems = [], corpus: CorpusOpt = None) -> None:
    """Add entities, segments or ecosystems to a watchlist."""
    from ecograph.ingest.corpus import Corpus

    try:
        entries = _entries(entity, segment, ecosystem)
        if not entries:
            raise CurationError("give --entity, --segment or --ecosystem")
        with Corpus(_settings(ctx, corpus).corpus) as records:
            for kind, value in entries:
                records.watch(name, kind, value)
    except EcographError as error:
        _fail(error)
    out.print(f"watchlist {name}: {len(entries)} entries added", highlight=False)


@watchlist_app.command()
def remove(ctx: typer.Context, name: Annotated[str, typer.Argument(help="The watchlist")],
           entity: Entities = [], segment: Segments = [], ecosystem: Ecosystems = [], corpus: CorpusOpt = None) -> None:
    """Take entries off a watchlist (with none named: the whole list)."""
    from ecograph.ingest.corpus import Corpus

    try:
        entries = _entries(entity, segment, ecosystem)
        with Corpus(_settings(ctx, corpus).corpus) as records:
            gone = sum(records.unwatch(name, kind, value) for kind, value in entries) if entries else records.unwatch(name)
    except EcographError as error:
        _fail(error)
    out.print(f"watchlist {name}: {gone} entries removed", highlight=False)


@watchlist_app.command(name="list")
def list_watchlists(ctx: typer.Context, corpus: CorpusOpt = None) -> None:
    """Every watchlist and its entries."""
    from ecograph.ingest.corpus import Corpus

    try:
        with Corpus(_settings(ctx, corpus).corpus) as records:
            lists = records.watchlists()
    except EcographError as error:
        _fail(error)
    table = Table("watchlist", "kind", "value")
    for name, entries in lists.items():
        for kind, value in entries:
            table.add_row(name, kind, value)
    out.print(table)


def digest(ctx: typer.Context, since: Annotated[str, typer.Option("--since", help="YYYY-MM-DD or an ISO time (UTC unless it says)")],
           watchlist: Annotated[Optional[str], typer.Option("--watchlist", help="One watchlist (default: all of them)")] = None,
           as_json: Annotated[bool, typer.Option("--json", help="The digest as one JSON object")] = False,
           out_path: Annotated[Optional[Path], typer.Option("--out", help="Also write it to FILE.md or FILE.html")] = None,
           corpus: CorpusOpt = None) -> None:
    """What changed since a date: new entities and new or changed links that touch a watchlist,
    with evidence and article date (Markdown, or --json; --out writes .md or .html for mailing)."""
    from ecograph.ingest.corpus import Corpus
    from ecograph.ingest.digest import to_html, to_markdown
    from ecograph.service import make_digest

    try:
        with Corpus(_settings(ctx, corpus).corpus) as records:
            result = make_digest(records, since, watchlist)
        if out_path is not None:
            text = to_html(result) if out_path.suffix.lower() in (".html", ".htm") else to_markdown(result)
            try:
                out_path.write_text(text, encoding="utf-8")
            except OSError as error:
                raise CurationError(f"cannot write the digest: {error.strerror}", source=str(out_path)) from None
    except EcographError as error:
        _fail(error)
    sys.stdout.write((result.to_json() if as_json else to_markdown(result)) + "\n")
