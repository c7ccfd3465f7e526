"""The `ecograph` command: a thin layer over ecograph.service, ingest and graph.

Every command honours --corpus/ECOGRAPH_CORPUS and --graph/ECOGRAPH_GRAPH. Library errors are
ecograph exceptions; they are printed here as one line each, with a non-zero exit code.
"""
from __future__ import annotations

import csv
import json
import os
import sys
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ecograph.cli_base import CorpusOpt, Ctx, GraphOpt, _fail, _open, _settings, _store, err, out
from ecograph.cli_curation import curate_app, curation_app, review
from ecograph.cli_watch import digest, watchlist_app
from ecograph.errors import EcographError, InputError, QueryError
from ecograph.graph.loader import DEFAULT_WRITERS, MAX_WRITERS
from ecograph.graph.store import check_params
from ecograph.settings import load_settings

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="ecograph: news about industry ecosystems → a knowledge graph you can explore.")


@app.callback()
def main_options(ctx: typer.Context, corpus: CorpusOpt = None, graph: GraphOpt = None) -> None:
    obj = Ctx()
    try:
        obj.settings = load_settings(corpus, graph)
    except EcographError as error:
        _fail(error)
    ctx.obj = obj


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err, transient=False, disable=not err.is_terminal and os.environ.get("CI") == "true")


@app.command()
def ingest(ctx: typer.Context, paths: Annotated[list[str], typer.Argument(help="Files or folders of articles (.json .jsonl .txt .html), or http(s) URLs of pages")],
        interval: Annotated[float, typer.Option(help="URLs: seconds between two requests to one host")] = 2.0,
        corpus: CorpusOpt = None, graph: GraphOpt = None) -> None:
    """Read articles, extract entities and relations, store them in the corpus and the graph.
    A URL is fetched politely (robots.txt, a rate limit, conditional GET) and its main text read."""
    from ecograph.ingest.sources import iter_paths
    from ecograph.service import fetcher_for, ingest_paths, ingest_urls

    settings = _settings(ctx, corpus, graph)
    urls = [p for p in paths if p.startswith(("http://", "https://"))]
    try:
        records, store = _open(settings)
        with records, store, _progress() as bar:
            files = list(iter_paths([p for p in paths if p not in urls]))  # a missing path: "no such file"
            task = bar.add_task("ingesting", total=len(files))
            report = ingest_paths(files, records, None if urls else store, step=lambda name: bar.advance(task))
            if urls:
                report = ingest_urls(urls, records, store, fetcher_for(records, interval), report)
    except EcographError as error:
        _fail(error)
    _print_ingest(report)


def _print_ingest(report) -> None:
    for problem in report.problems:
        err.print(f"[yellow]skipped:[/yellow] {problem.line()}", highlight=False)
    out.print(report.summary())
    if report.load:
        _print_warnings(report.load.warnings)
        out.print(f"graph: {report.load.summary()}")
    if report.failed:
        raise typer.Exit(2)


@app.command()
def watch(ctx: typer.Context, feeds: Annotated[Path, typer.Argument(help="A text file of RSS/Atom feed URLs, one a line (# comments)")],
          interval: Annotated[float, typer.Option(help="Seconds between two requests to one host")] = 2.0,
          corpus: CorpusOpt = None, graph: GraphOpt = None) -> None:
    """Ingest the new items of RSS/Atom feeds (run it from a scheduler: each run fetches what is new)."""
    from ecograph.ingest.fetch import read_feed_list
    from ecograph.service import fetcher_for, watch_feeds

    try:
        try:
            urls = read_feed_list(feeds.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as error:
            raise InputError(f"cannot read the feed list: {getattr(error, 'strerror', None) or error}",
                             source=str(feeds)) from None
        records, store = _open(_settings(ctx, corpus, graph))
        with records, store:
            report = watch_feeds(urls, records, store, fetcher_for(records, interval))
    except EcographError as error:
        _fail(error)
    _print_ingest(report)


@app.command()
def extract(paths: Annotated[list[Path], typer.Argument(help="Files or folders of articles", readable=False)],
            as_json: Annotated[bool, typer.Option("--json", help="One JSON object per article per line")] = False,
            engine: Annotated[str, typer.Option(help="local: print what is found; spark: a Spark job that writes "
                                                     "Parquet extractions and a corpus under --out")] = "local",
            out_dir: Annotated[Optional[Path], typer.Option("--out", help="Output folder of the Spark engine")] = None,
            master: Annotated[str, typer.Option(help="Spark master URL (spark://host:7077, yarn, k8s://…)")] = "local[2]",
            partitions: Annotated[Optional[int], typer.Option(help="Spark partitions (default: 4 per core)")] = None) -> None:
    """Print what extraction finds in articles, writing nothing to any store; with --engine spark,
    extract on a Spark cluster into DIR/extractions (Parquet) and resolve into DIR/corpus.sqlite,
    which `ecograph rebuild --corpus DIR/corpus.sqlite` loads into the graph."""
    from ecograph.ingest.pipeline import extract_many
    from ecograph.ingest.sources import read_paths

    if engine == "spark":
        _extract_on_spark(paths, out_dir, master, partitions)
        return
    if engine != "local":
        _fail(EcographError(f"unknown engine {engine!r}: local or spark"))
    result = read_paths(paths)
    for problem in result.problems:
        err.print(f"[yellow]skipped:[/yellow] {problem.line()}", highlight=False)
    for extraction in extract_many(result.articles):
        record = extraction.to_contract()
        if as_json:
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            _print_extraction(record)
    if result.problems:
        raise typer.Exit(2)


def _extract_on_spark(paths: list[Path], out_dir: Path | None, master: str, partitions: int | None) -> None:
    from ecograph.ingest.spark import run

    if out_dir is None:
        _fail(EcographError("--engine spark needs --out DIR (where the Parquet extractions and the corpus go)"))
    try:
        report = run(paths, out_dir, master=master, partitions=partitions)
    except EcographError as error:
        _fail(error)
    for line in report.problems:
        err.print(f"[yellow]skipped:[/yellow] {line}", highlight=False)
    out.print(report.summary())
    out.print(f"extractions: {out_dir / 'extractions'} ({report.seconds['extract']:.1f} s); corpus: "
              f"{out_dir / 'corpus.sqlite'} ({report.seconds['resolve']:.1f} s)")
    if report.problems:
        raise typer.Exit(2)


def _print_extraction(record: dict) -> None:
    out.rule(f"{record['title'] or record['source']}  {record['date']}")
    table = Table("name", "label", "aliases", title="entities")
    for e in record["entities"]:
        table.add_row(e["name"], e["type"], "、".join(e["aliases"]))
    out.print(table)
    rels = Table("source", "type", "target", "confidence", title="relations")
    for r in record["relations"]:
        rels.add_row(r["source"], r["type"], r["target"], f"{r['confidence']:.2f}")
    out.print(rels)


@app.command()
def rebuild(ctx: typer.Context,
            reextract: Annotated[bool, typer.Option("--reextract", help="Run extraction again on every stored article first")] = False,
            writers: Annotated[int, typer.Option("--writers", min=1, max=MAX_WRITERS,
                                                 help="Parallel writers into Neo4j 并行写入线程数 (FalkorDB takes one)")] = DEFAULT_WRITERS,
        corpus: CorpusOpt = None, graph: GraphOpt = None) -> None:
    """Rebuild the graph from the corpus (after better rules, curation, or to move to Neo4j)."""
    from ecograph.service import rebuild as rebuild_graph

    try:
        records, store = _open(_settings(ctx, corpus, graph))
        with records, store:
            report = rebuild_graph(records, store, reextract=reextract, writers=writers)
    except EcographError as error:
        _fail(error)
    _print_warnings(report.warnings)
    out.print(f"graph rebuilt: {report.summary()}")


def _print_warnings(lines: list[str]) -> None:
    """Curation decisions the replay could not apply as made: never dropped without a word."""
    for line in lines:
        err.print(f"[yellow]curation:[/yellow] {line}", highlight=False)


@app.command()
def stats(ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json", help="Deterministic JSON (same graph, same bytes)")] = False,
          top: Annotated[int, typer.Option(help="How many most-connected entities to list")] = 10,
        corpus: CorpusOpt = None, graph: GraphOpt = None) -> None:
    """Articles, entities per label, relationships per type, most connected entities, and how
    the corpus resolved names (merges made, near-duplicates left as suggestions)."""
    from ecograph.service import graph_stats, resolution_stats, stats_json
    settings = _settings(ctx, corpus, graph)
    try:
        with _store(settings) as store:
            result = graph_stats(store, top=top)
        result["resolution"] = resolution_stats(settings.corpus)
    except EcographError as error:
        _fail(error)
    if as_json:
        sys.stdout.write(stats_json(result) + "\n")
        return
    out.print(f"articles: {result['articles']}")
    if result["resolution"]:
        res = result["resolution"]
        out.print(f"resolution: {res['entities']} entities, {res['merges']} names merged into them, "
                  f"{res['suggestions']} near-duplicates left as suggestions")
    _print_counts("label", result["nodes"])
    _print_counts("relationship type", result["relationships"])
    table = Table("name", "label", "degree", title="most connected")
    for row in result["top_entities"]:
        table.add_row(row["name"], row["label"], str(row["degree"]))
    out.print(table)


def _print_counts(what: str, counts: dict[str, int]) -> None:
    table = Table(what, "count")
    for key, n in counts.items():
        table.add_row(key, str(n))
    out.print(table)


def parse_params(params: list[str]) -> dict:
    """k=v pairs; values that read as JSON (numbers, lists, true) are taken as such."""
    parsed = {}
    for item in params:
        if "=" not in item:
            raise QueryError(f"parameter {item!r} is not name=value")
        key, value = item.split("=", 1)
        try:
            parsed[key] = json.loads(value, parse_int=_integer)
        except json.JSONDecodeError:
            parsed[key] = value
    check_params(parsed)
    return parsed


def _integer(digits: str) -> int | Decimal:
    """An integer literal as int, or as Decimal when too long for int() (check_params refuses it)."""
    return int(digits) if len(digits) <= 100 else Decimal(digits)


def print_result(columns: list[str], rows: list[list], fmt: str) -> None:
    if fmt == "json":
        for row in rows:
            sys.stdout.write(json.dumps(dict(zip(columns, row)), ensure_ascii=False, sort_keys=True, default=str) + "\n")
    elif fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows([[json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v for v in row]
                          for row in rows])
    else:
        cells = [[json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else str(v) for v in row]
                 for row in rows]
        table = Table()
        for index, column in enumerate(columns):
            # The first column names the row (an entity, a query): never cut it short.
            widest = max((len(row[0]) for row in cells), default=0) if index == 0 else None
            table.add_column(column, overflow="fold", min_width=widest)
        for row in cells:
            table.add_row(*row)
        out.print(table)
        out.print(f"{len(rows)} rows")


@app.command()
def cypher(ctx: typer.Context, query: Annotated[str, typer.Argument(help="A read-only Cypher query")],
           param: Annotated[list[str], typer.Option("--param", "-p", help="Query parameter name=value (repeatable)")] = [],
           as_json: Annotated[bool, typer.Option("--json", help="One JSON object per row")] = False,
           as_csv: Annotated[bool, typer.Option("--csv", help="CSV with a header row")] = False,
        corpus: CorpusOpt = None, graph: GraphOpt = None) -> None:
    """Run a read-only Cypher query (writes are refused by the engine) and print the rows."""
    try:
        params = parse_params(param)
        with _store(_settings(ctx, corpus, graph)) as store:
            result = store.read(query, params)
    except EcographError as error:
        _fail(error)
    print_result(result.columns, result.rows, "json" if as_json else "csv" if as_csv else "table")


@app.command()
def query(ctx: typer.Context, name: Annotated[Optional[str], typer.Argument(help="A named query from queries/ (see --list)")] = None,
          param: Annotated[list[str], typer.Option("--param", "-p", help="Query parameter name=value (repeatable)")] = [],
          list_queries: Annotated[bool, typer.Option("--list", help="List the named queries, their parameters and pages")] = False,
          as_json: Annotated[bool, typer.Option("--json", help="One JSON object per row")] = False,
          as_csv: Annotated[bool, typer.Option("--csv", help="CSV with a header row")] = False,
        corpus: CorpusOpt = None, graph: GraphOpt = None) -> None:
    """Run a named query from queries/ (read-only), its parameters checked against the file's header."""
    from ecograph.graph.queries import list_queries as all_queries
    from ecograph.graph.queries import run as run_query
    fmt = "json" if as_json else "csv" if as_csv else "table"
    try:
        if list_queries:
            rows = [[q.name, "; ".join(f"{p.name}: {p.type}" + (" (required)" if p.required else f" = {json.dumps(p.default, ensure_ascii=False)}")
                                       + f", e.g. {json.dumps(p.example, ensure_ascii=False)}" for p in q.params),
                     ", ".join(q.pages), q.description, q.description_zh] for q in all_queries()]
            print_result(["name", "params", "pages", "description", "description_zh"], rows, fmt)
            return
        if name is None:
            raise QueryError("give a query NAME, or --list to see them")
        params = parse_params(param)
        with _store(_settings(ctx, corpus, graph)) as store:
            result = run_query(store, name, params)
    except EcographError as error:
        _fail(error)
    print_result(result.columns, result.rows, fmt)


@app.command()
def export(ctx: typer.Context, out_path: Annotated[Path, typer.Argument(metavar="OUT", help="Output file (graphml, gexf, json) or folder (csv)")],
           fmt: Annotated[str, typer.Option("--format", "-f", help="graphml | gexf | csv (neo4j-admin import) | json")] = "graphml",
        corpus: CorpusOpt = None, graph: GraphOpt = None) -> None:
    """Export the whole graph for Gephi, neo4j-admin import or other tools."""
    from ecograph.graph.export import export as export_graph
    try:
        with _store(_settings(ctx, corpus, graph)) as store:
            written = export_graph(store, fmt, out_path)
    except (EcographError, ValueError) as error:
        _fail(error if isinstance(error, EcographError) else QueryError(str(error)))
    for path in written:
        out.print(f"wrote {path}")


@app.command(name="eval")
def evaluate(gold_dir: Annotated[Path, typer.Argument(help="Folder of gold annotation files (*.json)")],
             paths: Annotated[list[Path], typer.Argument(help="The annotated articles", readable=False)],
             as_json: Annotated[bool, typer.Option("--json", help="Scores as JSON")] = False,
             errors: Annotated[Optional[Path], typer.Option(help="Write every miss and false hit to this JSON file")] = None) -> None:
    """Score extraction against gold files: precision/recall/F1 per label and relationship type."""
    from ecograph.ingest.evaluate import evaluate as score
    from ecograph.ingest.evaluate import load_gold
    from ecograph.ingest.pipeline import extract_many
    from ecograph.ingest.sources import read_paths

    if not gold_dir.is_dir():
        _fail(EcographError(f"{gold_dir}: not a folder of gold files"))
    result = read_paths(paths)
    for problem in result.problems:
        err.print(f"[yellow]skipped:[/yellow] {problem.line()}", highlight=False)
    report = score(load_gold(gold_dir), list(extract_many(result.articles)))
    data = report.to_dict()
    if errors:
        errors.write_text(json.dumps(report.errors, ensure_ascii=False, indent=1), encoding="utf-8")
    if as_json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
        return
    for part, key in (("entities", "by_label"), ("relations", "by_type")):
        table = Table(part, "precision", "recall", "F1", "tp", "fp", "fn")
        for name, s in [*data[part][key].items(), ("overall", data[part]["overall"])]:
            table.add_row(name, f"{s['precision']:.3f}", f"{s['recall']:.3f}", f"{s['f1']:.3f}",
                          str(s["tp"]), str(s["fp"]), str(s["fn"]), style="bold" if name == "overall" else None)
        out.print(table)
    links, c = data["relations"]["links"], data["relations"]["confidence_above_0.8"]
    out.print(f"links (both ends right, any type): F1 {links['f1']:.3f}")
    out.print(f"relations with confidence > 0.8: precision {c['precision']:.3f} ({c['tp']} right, {c['fp']} wrong)")


@app.command(name="app")
def run_app(ctx: typer.Context, port: Annotated[int, typer.Option(help="Port to serve on")] = 8501,
            host: Annotated[str, typer.Option(help="Address to bind (localhost by default)")] = "localhost",
        corpus: CorpusOpt = None, graph: GraphOpt = None) -> None:
    """Open the explorer (Streamlit) on this graph and corpus."""
    settings = _settings(ctx, corpus, graph)
    env = {**os.environ, "ECOGRAPH_CORPUS": str(settings.corpus), "ECOGRAPH_GRAPH": settings.graph,
           "NEO4J_USER": settings.neo4j_user, "NEO4J_PASSWORD": settings.neo4j_password}
    from ecograph.ingest.sources import DEFAULT_MAX_BYTES
    from ecograph.ui import main as entry

    command = [sys.executable, "-m", "streamlit", "run", str(entry.__file__), "--server.address", host,
               "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false",
               # uploads larger than the reader takes are refused by Streamlit before they fill memory
               "--server.maxUploadSize", str(max(1, DEFAULT_MAX_BYTES // (1024 * 1024)))]
    os.execve(sys.executable, command, env)  # Streamlit takes this process over: Ctrl-C and kill reach it


app.add_typer(curate_app, name="curate")
app.add_typer(curation_app, name="curation")
app.command(name="review")(review)
app.add_typer(watchlist_app, name="watchlist")
app.command(name="digest")(digest)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
