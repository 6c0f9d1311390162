"""``cronaca eval ...``: score stages on annotated data."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from cronaca.errors import ConfigError

eval_app = typer.Typer(help="Score Cronaca's stages on annotated data.", no_args_is_help=True)
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


R = TypeVar("R")


def _files(data: list[Path] | None, default_dir: str) -> list[Path]:
    """The files to score: those given, or the team's set; exits 2 with a message otherwise."""
    files = data or sorted(Path(default_dir).glob("*.yaml"))
    if not files:
        err.print(f"[red]error:[/] no evaluation data: pass --data FILE ({default_dir}/*.yaml)")
        raise typer.Exit(2)
    for path in files:
        if not path.is_file():
            err.print(f"[red]error:[/] no such file: {path}")
            raise typer.Exit(2)
    return files


def _run(path: Path, score: Callable[[Path], R]) -> R:
    try:
        return score(path)
    except ConfigError as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from None


@eval_app.command("time")
def eval_time(
    data: Annotated[
        list[Path] | None,
        typer.Option("--data", "-d", help="Annotated files (default: eval/time/*.yaml)."),
    ] = None,
    errors: Annotated[int, typer.Option(help="Show this many errors.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    min_f1: Annotated[float | None, typer.Option(help="Fail (exit 1) below this relaxed F1.")] = None,
    min_value: Annotated[float | None, typer.Option(help="Fail below this value accuracy.")] = None,
) -> None:
    """Temporal expressions: detection P/R/F1 (strict and relaxed) and value accuracy."""
    from cronaca.eval.time import evaluate, load_items

    results = {}
    failed = False
    for path in _files(data, "eval/time"):
        report = _run(path, lambda p: evaluate(load_items(p)))
        results[str(path)] = report.as_dict()
        if min_f1 is not None and report.relaxed.f1 < min_f1:
            failed = True
            err.print(f"[red]{path}: relaxed F1 {report.relaxed.f1:.4f} is below {min_f1}[/]")
        if min_value is not None and report.value_accuracy < min_value:
            failed = True
            err.print(f"[red]{path}: value accuracy {report.value_accuracy:.4f} is below {min_value}[/]")
        if not as_json:
            _print_time(path, report)
            for e in report.errors[:errors]:
                out.print(
                    f"  [yellow]{e['kind']}[/] {e['id']}: gold={e['gold']} pred={e['pred']}\n"
                    f"      {e['text']}"
                )
    if as_json:
        out.print_json(json.dumps(results))
    raise typer.Exit(1 if failed else 0)


def _print_time(path: Path, report: object) -> None:
    from cronaca.eval.time import TimeReport

    assert isinstance(report, TimeReport)
    table = Table(
        title=f"{path} — {report.items} items, {report.relaxed.tp + report.relaxed.fn} expressions",
        title_justify="left",
    )
    for col in ("", "precision", "recall", "F1"):
        table.add_column(col, justify="right" if col else "left")
    for name, prf in (("strict", report.strict), ("relaxed", report.relaxed)):
        table.add_row(name, f"{prf.precision:.3f}", f"{prf.recall:.3f}", f"{prf.f1:.3f}")
    for name, prf in sorted(report.by_type.items()):
        table.add_row(f"  {name} (relaxed)", f"{prf.precision:.3f}", f"{prf.recall:.3f}", f"{prf.f1:.3f}")
    out.print(table)
    out.print(
        f"type accuracy {report.type_accuracy:.3f}   value accuracy {report.value_accuracy:.3f} "
        f"(on {report.relaxed.tp} detected)"
    )


@eval_app.command("ner")
def eval_ner(
    data: Annotated[Path, typer.Option("--data", "-d", help="BIO file: KIND .tsv, EVALITA, CoNLL.")],
    lang: Annotated[str, typer.Option(help="Language of the data.")] = "it",
    group: Annotated[int, typer.Option(help="Sentences per pseudo-document.", min=1)] = 20,
    errors: Annotated[int, typer.Option(help="Show this many errors.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    min_f1: Annotated[float | None, typer.Option(help="Fail (exit 1) below this micro F1.")] = None,
    profile: Annotated[
        str, typer.Option(help="Pipeline profile: default (trained model), fast (rules) or full.")
    ] = "default",
    limit: Annotated[
        int | None, typer.Option(help="Score only the first N sentences (a quick check).", min=1)
    ] = None,
) -> None:
    """Named entities: exact-span micro and per-type precision/recall/F1 (PER, ORG, LOC)."""
    from cronaca.eval.ner import evaluate

    if not data.is_file():
        err.print(f"[red]error:[/] no such file: {data}")
        raise typer.Exit(2)
    try:
        report = evaluate(data, lang=lang, group=group, profile=profile, limit=limit)
    except ConfigError as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from None
    if as_json:
        out.print_json(json.dumps({str(data): report.as_dict()}))
    else:
        table = Table(title=f"{data} — {report.documents} pseudo-documents", title_justify="left")
        for col in ("", "precision", "recall", "F1", "gold"):
            table.add_column(col, justify="right" if col else "left")
        rows = [("micro", report.micro), *report.by_label.items()]
        for name, prf in rows:
            table.add_row(
                name, f"{prf.precision:.3f}", f"{prf.recall:.3f}", f"{prf.f1:.3f}", str(prf.tp + prf.fn)
            )
        out.print(table)
        for e in report.errors[:errors]:
            out.print(f"  [yellow]{e['kind']}[/] {e['label']} {e['text']!r}  …{e['context']}…")
    if min_f1 is not None and report.micro.f1 < min_f1:
        err.print(f"[red]micro F1 {report.micro.f1:.4f} is below {min_f1}[/]")
        raise typer.Exit(1)


@eval_app.command("syntax")
def eval_syntax(
    data: Annotated[Path, typer.Option("--data", "-d", help="CoNLL-U file (Universal Dependencies).")],
    model: Annotated[str, typer.Option(help="Model name (cronaca/models) or folder.")] = "joint-it",
    lang: Annotated[str, typer.Option(help="Language of the data.")] = "it",
    group: Annotated[int, typer.Option(help="Sentences per pseudo-document.", min=1)] = 20,
    errors: Annotated[int, typer.Option(help="Show this many attachment errors.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    min_upos: Annotated[float | None, typer.Option(help="Fail (exit 1) below this UPOS accuracy.")] = None,
    min_las: Annotated[float | None, typer.Option(help="Fail (exit 1) below this LAS.")] = None,
) -> None:
    """Syntax on gold tokenization: UPOS, UFeats, lemma accuracy, UAS and LAS."""
    from cronaca.eval.syntax import evaluate

    if not data.is_file():
        err.print(f"[red]error:[/] no such file: {data}")
        raise typer.Exit(2)
    report = _run(data, lambda p: evaluate(p, lang=lang, model=model, group=group))
    scores = report.as_dict()
    if as_json:
        out.print_json(json.dumps({str(data): scores}))
    else:
        table = Table(
            title=f"{data} — {report.sentences} sentences, {report.words} words", title_justify="left"
        )
        table.add_column("")
        table.add_column("accuracy", justify="right")
        names = {"upos": "UPOS", "ufeats": "UFeats", "lemma": "lemma", "uas": "UAS", "las": "LAS"}
        for key, name in [*names.items(), ("las_full", "LAS (full relations)")]:
            table.add_row(name, f"{scores[key]:.4f}")
        out.print(table)
        for e in report.errors[:errors]:
            out.print(f"  [yellow]{e['word']}[/] gold={e['gold']} pred={e['pred']}  …{e['sentence']}…")
    failed = False
    for value, floor, name in ((scores["upos"], min_upos, "UPOS"), (scores["las"], min_las, "LAS")):
        if floor is not None and value < floor:
            failed = True
            err.print(f"[red]{name} {value:.4f} is below {floor}[/]")
    raise typer.Exit(1 if failed else 0)


def _check_half(ids: str) -> None:
    if ids not in {"odd", "even", "all"}:
        err.print(f"[red]error:[/] --ids must be odd, even or all, not {ids!r}")
        raise typer.Exit(2)


@eval_app.command("actors")
def eval_actors(
    data: Annotated[
        list[Path] | None,
        typer.Option("--data", "-d", help="Annotated files (default: eval/actors/*.yaml)."),
    ] = None,
    ids: Annotated[
        str, typer.Option(help="Which items: odd (the development half), even (held back) or all.")
    ] = "all",
    errors: Annotated[int, typer.Option(help="Show this many errors.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    min_accuracy: Annotated[
        float | None, typer.Option(help="Fail (exit 1) below this resolution accuracy.")
    ] = None,
    profile: Annotated[str, typer.Option(help="Pipeline profile: default, fast or full.")] = "default",
) -> None:
    """Actors: resolution accuracy by type; places: country accuracy and distance."""
    from cronaca.eval.actors import evaluate, load_items
    from cronaca.eval.common import select

    _check_half(ids)
    results = {}
    failed = False
    for path in _files(data, "eval/actors"):
        report = _run(path, lambda p: evaluate(select(load_items(p), ids), profile))  # type: ignore[arg-type]
        scores = report.as_dict()
        results[str(path)] = scores
        if min_accuracy is not None and report.accuracy < min_accuracy:
            failed = True
            err.print(f"[red]{path}: resolution accuracy {report.accuracy:.4f} is below {min_accuracy}[/]")
        if not as_json:
            table = Table(title=f"{path} ({ids}) — {report.articles} articles", title_justify="left")
            table.add_column("")
            table.add_column("mentions", justify="right")
            table.add_column("accuracy", justify="right")
            table.add_row("all actors", str(report.mentions), f"{report.accuracy:.3f}")
            for name, value in scores["by_type"].items():
                table.add_row(f"  {name}", str(value["mentions"]), f"{value['accuracy']:.3f}")
            table.add_row("places (country)", str(report.places), f"{report.place_country_accuracy:.3f}")
            out.print(table)
            out.print(
                f"detection recall {scores['detection_recall']:.3f}   sector accuracy "
                f"{scores['sector_accuracy']}   places found {scores['place_recall']:.3f}   "
                f"within 25 km {scores['place_within_25km']}"
            )
            for e in report.errors[:errors]:
                out.print(f"  [yellow]{e['kind']}[/] {e['id']}: gold={e['gold']} pred={e['pred']}")
    if as_json:
        out.print_json(json.dumps(results))
    raise typer.Exit(1 if failed else 0)


@eval_app.command("quotes")
def eval_quotes(
    data: Annotated[
        list[Path] | None,
        typer.Option("--data", "-d", help="Annotated files (default: eval/quotes/*.yaml)."),
    ] = None,
    ids: Annotated[
        str, typer.Option(help="Which items: odd (the development half), even (held back) or all.")
    ] = "all",
    errors: Annotated[int, typer.Option(help="Show this many errors.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    min_f1: Annotated[float | None, typer.Option(help="Fail (exit 1) below this content overlap F1.")] = None,
    min_speaker: Annotated[
        float | None, typer.Option(help="Fail (exit 1) below this speaker accuracy.")
    ] = None,
    profile: Annotated[str, typer.Option(help="Pipeline profile: default, fast or full.")] = "default",
) -> None:
    """Quotes: content P/R/F1 (exact and overlap, direct and reported) and speaker accuracy."""
    from cronaca.eval.common import select
    from cronaca.eval.quotes import evaluate, load_items

    _check_half(ids)
    results = {}
    failed = False
    for path in _files(data, "eval/quotes"):
        report = _run(path, lambda p: evaluate(select(load_items(p), ids), profile))  # type: ignore[arg-type]
        results[str(path)] = report.as_dict()
        if min_f1 is not None and report.relaxed.f1 < min_f1:
            failed = True
            err.print(f"[red]{path}: content overlap F1 {report.relaxed.f1:.4f} is below {min_f1}[/]")
        if min_speaker is not None and report.speaker_accuracy < min_speaker:
            failed = True
            err.print(
                f"[red]{path}: speaker accuracy {report.speaker_accuracy:.4f} is below {min_speaker}[/]"
            )
        if not as_json:
            _print_quotes(path, ids, report)
            for e in report.errors[:errors]:
                out.print(f"  [yellow]{e['kind']}[/] {e['id']}: gold={e['gold']}\n      pred={e['pred']}")
    if as_json:
        out.print_json(json.dumps(results))
    raise typer.Exit(1 if failed else 0)


def _print_quotes(path: Path, ids: str, report: object) -> None:
    from cronaca.eval.quotes import QuotesReport

    assert isinstance(report, QuotesReport)
    table = Table(title=f"{path} ({ids}) — {report.items} items, {report.gold} quotes", title_justify="left")
    for col in ("content", "P exact", "R exact", "F1 exact", "P overlap", "R overlap", "F1 overlap"):
        table.add_column(col, justify="left" if col == "content" else "right")
    rows = [("all", report.strict, report.relaxed)]
    rows += [(f"  {kind}", s, r) for kind, (s, r) in report.by_kind.items()]
    for name, s, r in rows:
        table.add_row(
            name,
            *(f"{x:.3f}" for x in (s.precision, s.recall, s.f1, r.precision, r.recall, r.f1)),
        )
    out.print(table)
    scores = report.as_dict()
    out.print(
        f"speaker accuracy {report.speaker_accuracy:.3f} (on {report.speaker_total} matched)   "
        f"end to end {report.end_to_end:.3f}   cue accuracy {scores['cue_accuracy']}   "
        f"direct/reported right {scores['direct_flag_accuracy']}"
    )
