"""What every `ecograph` command shares: the --corpus/--graph options, the settings they make,
opening the corpus and the store, and printing one-line errors."""
from __future__ import annotations

from typing import Annotated, NoReturn, Optional

import typer
from rich.console import Console

from ecograph.errors import EcographError
from ecograph.settings import Settings, load_settings

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

CorpusOpt = Annotated[Optional[str], typer.Option("--corpus", help="SQLite corpus file [env ECOGRAPH_CORPUS; default data/corpus.sqlite]")]
GraphOpt = Annotated[Optional[str], typer.Option("--graph", help="Graph store URL: falkordb://data/graph.db, falkordb:///abs.db or bolt://host:7687 [env ECOGRAPH_GRAPH]")]


class Ctx:
    settings: Settings


def _settings(ctx: typer.Context, corpus: str | None = None, graph: str | None = None) -> Settings:
    """The settings of the whole command line; --corpus/--graph after the command win."""
    if corpus is None and graph is None:
        return ctx.obj.settings
    base = ctx.obj.settings
    try:
        return load_settings(corpus or str(base.corpus), graph or base.graph)
    except EcographError as error:
        _fail(error)


def _fail(error: EcographError, code: int = 1) -> NoReturn:
    err.print(f"[red]error:[/red] {error.line()}", highlight=False)
    raise typer.Exit(code)


def _store(settings: Settings):
    from ecograph.graph.connect import open_store

    return open_store(settings.graph, settings.neo4j_user, settings.neo4j_password)


def _open(settings: Settings):
    from ecograph.ingest.corpus import Corpus

    return Corpus(settings.corpus), _store(settings)
