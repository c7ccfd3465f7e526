"""`ecograph curate …` (record a decision, or undo one) and `ecograph curation …` (log, export,
import): thin commands over ecograph.service and ingest/curation.py.

Entities are named by name or alias, with --label (or --source-label/--target-label) when a name
is used by entities of several labels. Every decision says why (--why) and may carry the sentence
it rests on (--evidence); who made it is --by, ECOGRAPH_USER or the login name.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ecograph.cli_base import CorpusOpt, GraphOpt, _fail, _open, _settings, err, out
from ecograph.errors import EcographError
from ecograph.ingest import curation
from ecograph.ingest.review import LOW_CONFIDENCE

curate_app = typer.Typer(no_args_is_help=True, help="Correct the graph: each decision is kept in the corpus "
                         "and replayed after every re-extraction and rebuild.")
curation_app = typer.Typer(no_args_is_help=True, help="The curation decisions: audit log, export, import.")

Why = Annotated[str, typer.Option("--why", help="Why (kept in the audit log)")]
Evidence = Annotated[str, typer.Option("--evidence", help="The sentence the decision rests on")]
By = Annotated[str, typer.Option("--by", help="Who decides [env ECOGRAPH_USER; default the login name]")]
Label = Annotated[str, typer.Option("--label", help="The entity's label, when its name is used by several")]
SourceLabel = Annotated[str, typer.Option("--source-label", help="The source's label, when needed")]
TargetLabel = Annotated[str, typer.Option("--target-label", help="The target's label, when needed")]
Name = Annotated[str, typer.Argument(help="The entity: its name or an alias")]


def _record(ctx: typer.Context, kind: str, payload: dict, why: str, evidence: str, by: str,
            corpus: str | None, graph: str | None) -> None:
    from ecograph.service import curate

    try:
        decision = curation.new_decision(kind, payload, why, evidence, by)
        records, store = _open(_settings(ctx, corpus, graph))
        with records, store:
            report = curate(records, store, decision)
    except EcographError as error:
        _fail(error)
    out.print(f"decision #{report.decision.number} recorded: {kind} {report.decision.target()}", highlight=False)
    for issue in report.issues:
        err.print(f"[yellow]conflict:[/yellow] {issue.line()}", highlight=False)
    if report.load:
        out.print(f"graph: {report.load.summary()}")


@curate_app.command()
def merge(ctx: typer.Context, name: Name, into: Annotated[str, typer.Argument(help="The entity it is (kept)")],
          why: Why, evidence: Evidence = "", by: By = "", label: Label = "",
          into_label: Annotated[str, typer.Option("--into-label", help="The kept entity's label")] = "",
          corpus: CorpusOpt = None, graph: GraphOpt = None) -> None:
    """Merge NAME into INTO: one entity, named as INTO, with NAME's names as aliases."""
    _record(ctx, "merge", {"entity": curation.ref(name, label), "into": curation.ref(into, into_label)},
            why, evidence, by, corpus, graph)


@curate_app.command()
def distinct(ctx: typer.Context, name: Name, other: Annotated[str, typer.Argument(help="The other entity")],
             why: Why, evidence: Evidence = "", by: By = "", label: Label = "",
             other_label: Annotated[str, typer.Option("--other-label", help="The other entity's label")] = "",
             corpus: CorpusOpt = None, graph: GraphOpt = None) -> None:
    """Say two entities offered as possible duplicates are not one (they leave the review queue)."""
    _record(ctx, "distinct", {"entity": curation.ref(name, label), "other": curation.ref(other, other_label)},
            why, evidence, by, corpus, graph)


@curate_app.command()
def split(ctx: typer.Context, name: Name, alias: Annotated[str, typer.Argument(help="The alias that is another entity")],
          why: Why, evidence: Evidence = "", by: By = "", label: Label = "",
          as_label: Annotated[str, typer.Option("--as", help="The new entity's label (default: the same)")] = "",
          corpus: CorpusOpt = None, graph: GraphOpt = None) -> None:
    """Split ALIAS off NAME: an entity of its own, with the facts of the articles that name it only so."""
    _record(ctx, "split", {"entity": curation.ref(name, label), "alias": alias, "label": as_label},
            why, evidence, by, corpus, graph)


@curate_app.command()
def rename(ctx: typer.Context, name: Name, new_name: Annotated[str, typer.Argument(metavar="NEW", help="The canonical name")],
           why: Why, evidence: Evidence = "", by: By = "", label: Label = "",
           corpus: CorpusOpt = None, graph: GraphOpt = None) -> None:
    """Choose an entity's canonical name (the old one stays an alias)."""
    _record(ctx, "rename", {"entity": curation.ref(name, label), "name": new_name}, why, evidence, by, corpus, graph)


@curate_app.command()
def retype(ctx: typer.Context, name: Name, new_label: Annotated[str, typer.Argument(metavar="LABEL", help="The right label (ONTOLOGY.md)")],
           why: Why, evidence: Evidence = "", by: By = "", label: Label = "",
           corpus: CorpusOpt = None, graph: GraphOpt = None) -> None:
    """Give an entity another label (Company → Investor, …)."""
    _record(ctx, "retype", {"entity": curation.ref(name, label), "label": new_label}, why, evidence, by, corpus, graph)


@curate_app.command(name="reject-entity")
def reject_entity(ctx: typer.Context, name: Name, why: Why, evidence: Evidence = "", by: By = "", label: Label = "",
                  corpus: CorpusOpt = None, graph: GraphOpt = None) -> None:
    """Take an entity (a fragment, not a name) and its facts out of the graph."""
    _record(ctx, "reject-entity", {"entity": curation.ref(name, label)}, why, evidence, by, corpus, graph)


@curate_app.command(name="confirm-entity")
def confirm_entity(ctx: typer.Context, name: Name, why: Why, evidence: Evidence = "", by: By = "", label: Label = "",
                   corpus: CorpusOpt = None, graph: GraphOpt = None) -> None:
    """Mark an entity reviewed and right (it leaves the review queue)."""
    _record(ctx, "confirm-entity", {"entity": curation.ref(name, label)}, why, evidence, by, corpus, graph)


@curate_app.command(name="set-ecosystem")
def set_ecosystem(ctx: typer.Context, name: Name,
                  ecosystem: Annotated[str, typer.Argument(help="中关村 | 张江 | 南山 | 长宁, or none")],
                  why: Why, evidence: Evidence = "", by: By = "", label: Label = "",
                  corpus: CorpusOpt = None, graph: GraphOpt = None) -> None:
    """Set the ecosystem an entity belongs to (replaces the one its facts place it in)."""
    _record(ctx, "set-ecosystem", {"entity": curation.ref(name, label),
                                   "ecosystem": "" if ecosystem.lower() == "none" else ecosystem},
            why, evidence, by, corpus, graph)


def _fact(source: str, rel_type: str, target: str, source_label: str, target_label: str) -> dict:
    return {"source": curation.ref(source, source_label), "type": rel_type, "target": curation.ref(target, target_label)}


Source = Annotated[str, typer.Argument(help="The source entity")]
RelType = Annotated[str, typer.Argument(metavar="TYPE", help="The relationship type (ONTOLOGY.md)")]
Target = Annotated[str, typer.Argument(help="The target entity")]


@curate_app.command(name="reject-fact")
def reject_fact(ctx: typer.Context, source: Source, rel_type: RelType, target: Target, why: Why,
                evidence: Evidence = "", by: By = "", source_label: SourceLabel = "", target_label: TargetLabel = "",
                corpus: CorpusOpt = None, graph: GraphOpt = None) -> None:
    """Take a wrong link out of the graph (it stays out when articles state it again)."""
    _record(ctx, "reject-fact", _fact(source, rel_type, target, source_label, target_label), why, evidence, by,
            corpus, graph)


@curate_app.command(name="confirm-fact")
def confirm_fact(ctx: typer.Context, source: Source, rel_type: RelType, target: Target, why: Why,
                 evidence: Evidence = "", by: By = "", source_label: SourceLabel = "", target_label: TargetLabel = "",
                 corpus: CorpusOpt = None, graph: GraphOpt = None) -> None:
    """Confirm a link: confidence 1, marked curated=confirmed."""
    _record(ctx, "confirm-fact", _fact(source, rel_type, target, source_label, target_label), why, evidence, by,
            corpus, graph)


@curate_app.command(name="add-fact")
def add_fact(ctx: typer.Context, source: Source, rel_type: RelType, target: Target, why: Why,
             evidence: Annotated[str, typer.Option("--evidence", help="The sentence that states the fact (required)")],
             by: By = "", source_label: SourceLabel = "", target_label: TargetLabel = "",
             article: Annotated[str, typer.Option("--article", help="Id of the article the sentence is from")] = "",
             date: Annotated[str, typer.Option("--date", help="When it was reported (YYYY-MM-DD)")] = "",
             corpus: CorpusOpt = None, graph: GraphOpt = None) -> None:
    """Add a link extraction missed, with the sentence that states it."""
    payload = _fact(source, rel_type, target, source_label, target_label) | {"article": article, "date": date}
    _record(ctx, "add-fact", payload, why, evidence, by, corpus, graph)


@curate_app.command(name="undo")
def undo_decision(ctx: typer.Context, decision: Annotated[str, typer.Argument(help="Its number in `ecograph curation log` (or its uid)")],
                  why: Why, by: By = "", corpus: CorpusOpt = None, graph: GraphOpt = None) -> None:
    """Take a decision back (the undo is kept in the log too)."""
    from ecograph.service import undo

    try:
        records, store = _open(_settings(ctx, corpus, graph))
        with records, store:
            report = undo(records, store, decision, why, by)
    except EcographError as error:
        _fail(error)
    out.print(f"decision #{report.decision.number} recorded: undo {decision}", highlight=False)
    if report.load:
        out.print(f"graph: {report.load.summary()}")


@curation_app.command(name="log")
def log(ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json", help="One JSON object per decision per line")] = False,
        corpus: CorpusOpt = None) -> None:
    """The audit log: every decision (undos too) with who, when, why, evidence and what became of
    it at the last replay (applied, undone, missing target, conflict)."""
    from ecograph.ingest.corpus import Corpus

    try:
        with Corpus(_settings(ctx, corpus).corpus) as records:
            decisions = records.decisions()
            status = curation.status(decisions, records.graph_batch().curation)
    except EcographError as error:
        _fail(error)
    if as_json:
        for d in decisions:
            sys.stdout.write(json.dumps({**json.loads(d.to_json()), "number": d.number, "status": status[d.uid]},
                                        ensure_ascii=False, sort_keys=True) + "\n")
        return
    table = Table("#", "when", "who", "kind", "target", "why", "evidence", "status")
    for d in decisions:
        table.add_row(str(d.number), d.created_at[:19], d.author, d.kind, d.target(), d.reason, d.evidence,
                      status[d.uid])
    out.print(table)
    out.print(f"{len(decisions)} decisions")


@curation_app.command(name="export")
def export_decisions(ctx: typer.Context, out_path: Annotated[Path, typer.Argument(metavar="OUT", help="A .jsonl file")],
                     corpus: CorpusOpt = None) -> None:
    """Write every decision (undos too) as JSON lines, for a team to share."""
    from ecograph.ingest.corpus import Corpus

    try:
        with Corpus(_settings(ctx, corpus).corpus) as records:
            lines = [d.to_json() + "\n" for d in records.decisions()]
        out_path.write_text("".join(lines), encoding="utf-8")
    except (EcographError, OSError) as error:
        _fail(error if isinstance(error, EcographError) else EcographError(str(error), source=str(out_path)))
    out.print(f"wrote {len(lines)} decisions to {out_path}", highlight=False)


@curation_app.command(name="import")
def import_decisions(ctx: typer.Context, path: Annotated[Path, typer.Argument(help="A .jsonl file of decisions")],
                     corpus: CorpusOpt = None, graph: GraphOpt = None) -> None:
    """Add the decisions of an export that this corpus lacks, and replay them into the graph."""
    from ecograph.service import import_decisions as import_all

    try:
        records, store = _open(_settings(ctx, corpus, graph))
        with records, store:
            report = import_all(records, store, path)
    except EcographError as error:
        _fail(error)
    for problem in report.problems:
        err.print(f"[yellow]skipped:[/yellow] {problem.line()}", highlight=False)
    out.print(report.summary())
    if report.load:
        for line in report.load.warnings:
            err.print(f"[yellow]curation:[/yellow] {line}", highlight=False)
        out.print(f"graph: {report.load.summary()}")
    if report.problems:
        raise typer.Exit(2)



def review(ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json", help="One JSON object per item per line")] = False,
           threshold: Annotated[float, typer.Option(help="Facts below this confidence are listed")] = LOW_CONFIDENCE,
           corpus: CorpusOpt = None) -> None:
    """The review queue: low-confidence facts, possible duplicates (score, shared neighbours),
    entities seen once, unmapped segments, unplaced entities; each with its evidence and the
    `ecograph curate` commands that settle it."""
    from dataclasses import asdict

    from ecograph.ingest.corpus import Corpus
    from ecograph.service import review_items

    try:
        with Corpus(_settings(ctx, corpus).corpus) as records:
            items = review_items(records, threshold)
    except EcographError as error:
        _fail(error)
    for item in items:
        if as_json:
            sys.stdout.write(json.dumps(asdict(item), ensure_ascii=False, sort_keys=True) + "\n")
            continue
        score = f" ({item.score:.2f})" if item.score is not None else ""
        out.print(f"[bold]{item.kind}[/bold] {item.subject}{score}", highlight=False)
        for line in item.evidence:
            out.print(f"  > {line}", highlight=False)
        if item.shared is not None:
            out.print("  > shared neighbours 共同关联: " + ("、".join(item.shared) or "none 无"), highlight=False)
        for action in item.actions:
            out.print(f"  {action.title}: ecograph curate {command_line(action)} --why …", highlight=False)
    if not as_json:
        out.print(f"{len(items)} items to review")


def command_line(action) -> str:
    """The `ecograph curate` arguments that make an action's decision."""
    import shlex

    p = action.payload
    if "source" in p:
        words = [p["source"]["name"], p["type"], p["target"]["name"]]
    elif action.kind in ("merge", "distinct"):
        words = [p["entity"]["name"], p["into" if "into" in p else "other"]["name"]]
    else:
        words = [p["entity"]["name"]] + ([p["ecosystem"]] if "ecosystem" in p else [])
    return " ".join([action.kind, *map(shlex.quote, words)])
