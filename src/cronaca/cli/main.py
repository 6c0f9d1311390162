"""``cronaca`` — the command line."""

from __future__ import annotations

import codecs
import io
import logging
import sys
import time
from collections import Counter
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, BinaryIO

import orjson
import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress

from cronaca import __version__
from cronaca.errors import ConfigError
from cronaca.ingest.article import parse_date
from cronaca.ingest.checks import DEFAULT_MAX_CHARS
from cronaca.ingest.readers import STDIN, ReadOptions, read_inputs
from cronaca.lang import supported_languages
from cronaca.model import Document, Rejection

app = typer.Typer(
    help="Cronaca: verifiable event data from news articles (Italian first).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False)

EXIT_OK = 0
EXIT_REJECTED = 1
"""At least one input was rejected (the others were analysed and written)."""
EXIT_USAGE = 2


class OutputFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"
    table = "table"


class Profile(StrEnum):  # the names of cronaca.lang.PROFILES (a test keeps them equal)
    default = "default"
    fast = "fast"
    full = "full"


class InputFormatOpt(StrEnum):
    auto = "auto"
    text = "text"
    jsonl = "jsonl"
    json = "json"
    html = "html"
    feed = "feed"
    warc = "warc"
    csv = "csv"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cronaca {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log details to stderr.")] = False,
) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )


@app.command()
def analyze(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(
            help="Files, directories or archives (text, JSON Lines, JSON, HTML, RSS/Atom, WARC, "
            "CSV), or - for standard input. "
            "Reads standard input when none is given."
        ),
    ] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.jsonl,
    lang: Annotated[
        str | None,
        typer.Option(
            help=f"Language of the input ({', '.join(supported_languages())}); "
            "detected per article when left out."
        ),
    ] = None,
    published: Annotated[
        str | None,
        typer.Option(help="Publication date YYYY-MM-DD for articles that do not give one."),
    ] = None,
    input_format: Annotated[
        InputFormatOpt,
        typer.Option(
            "--input-format",
            help="How to read inputs (auto: by file suffix; archives are always read as such, "
            "their members in this format).",
        ),
    ] = InputFormatOpt.auto,
    encoding: Annotated[str, typer.Option(help="Encoding of text files.")] = "utf-8",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of standard output.")
    ] = None,
    lang_check: Annotated[
        bool,
        typer.Option(
            "--lang-check/--no-lang-check",
            help="Reject text that is clearly in another language than --lang.",
        ),
    ] = True,
    max_chars: Annotated[
        int, typer.Option(help="Longest text analysed, in characters.", min=1)
    ] = DEFAULT_MAX_CHARS,
    batch_size: Annotated[int, typer.Option(help="Articles per batch.", min=1)] = 32,
    n_process: Annotated[int, typer.Option("--n-process", "-j", help="Worker processes.", min=1)] = 1,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary on stderr.")] = False,
    profile: Annotated[
        Profile,
        typer.Option(
            help="Pipeline profile: default (trained models), fast (rules, faster) or full (with the parser)."
        ),
    ] = Profile.default,
) -> None:
    """Analyse articles and print one cronaca/1 document per article.

    Exit status: 0 when every input was analysed, 1 when some were rejected (each rejection is
    reported on stderr and written to the output as a rejection record), 2 on a usage error.
    """
    try:
        pub = parse_date(published) if published else None
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--published") from None
    if lang is not None and lang not in supported_languages():
        raise typer.BadParameter(
            f"{lang!r} is not supported; choose one of {', '.join(supported_languages())}",
            param_hint="--lang",
        )
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise typer.BadParameter(f"unknown encoding {encoding!r}", param_hint="--encoding") from None
    paths = inputs or [STDIN]
    if paths == [STDIN] and sys.stdin.isatty():
        err.print("[red]error:[/] no input: give files or directories, or pipe text into standard input")
        raise typer.Exit(EXIT_USAGE)
    if output is not None:
        _check_output(output, paths)

    import cronaca

    try:
        nlp = cronaca.load(lang or "auto", max_chars=max_chars, lang_check=lang_check, profile=profile.value)
    except ConfigError as exc:
        err.print(f"[red]configuration error:[/] {escape(str(exc))}")
        raise typer.Exit(EXIT_USAGE) from None
    options = ReadOptions(
        input_format=input_format.value, encoding=encoding, max_chars=max_chars, published=pub
    )
    stdin: BinaryIO = sys.stdin.buffer
    items = read_inputs(paths, options, stdin)
    results = nlp.pipe(items, batch_size=batch_size, n_process=n_process)

    try:
        sink = output.open("wb") if output else sys.stdout.buffer
    except OSError as exc:
        err.print(f"[red]error:[/] cannot write {escape(str(output))}: {exc.strerror}")
        raise typer.Exit(EXIT_USAGE) from None
    try:
        stats = _write(results, fmt, sink, show_progress=not quiet and err.is_terminal)
    except BrokenPipeError:  # e.g. `cronaca analyze big.jsonl | head`
        sys.stderr.close()
        raise typer.Exit(EXIT_OK) from None
    finally:
        if output:
            sink.close()
    if not quiet:
        _summary(stats)
    raise typer.Exit(EXIT_REJECTED if stats.rejected else EXIT_OK)


@app.command()
def schema(
    write: Annotated[
        Path | None, typer.Option("--write", help="Write the schema files into this folder.")
    ] = None,
) -> None:
    """Print the JSON Schema of the cronaca/1 document (or write all schema files)."""
    from cronaca import schema as schemas
    from cronaca.model import Document

    if write is None:
        typer.echo(schemas.render(Document, "cronaca-1.schema.json"), nl=False)
        return
    for path in schemas.write_all(write):
        err.print(f"wrote {escape(str(path))}")


def _check_output(output: Path, inputs: list[str]) -> None:
    """Refuse an --output that cannot be written, or that would overwrite or re-read an input
    (the output file is created before the inputs are read, and directories are read lazily)."""
    if output.is_dir():
        raise typer.BadParameter(f"{output} is a directory", param_hint="--output")
    if not output.parent.is_dir():
        raise typer.BadParameter(f"the folder {output.parent} does not exist", param_hint="--output")
    target = output.resolve()
    for name in inputs:
        if name == STDIN:
            continue
        path = Path(name).resolve()
        if target == path or (path.is_dir() and target.is_relative_to(path)):
            raise typer.BadParameter(
                f"{output} is {'inside ' if path.is_dir() else ''}the input {name}: "
                "writing there would overwrite or re-read it",
                param_hint="--output",
            )


class _Stats:
    def __init__(self) -> None:
        self.documents = 0
        self.rejected = 0
        self.words = 0
        self.codes: Counter[str] = Counter()
        self.started = time.perf_counter()

    def add(self, result: Document | Rejection) -> None:
        if isinstance(result, Rejection):
            self.rejected += 1
            self.codes[result.code.value] += 1
            err.print(
                f"[red]rejected[/] {escape(result.location())} [bold]{result.code.value}[/]: "
                f"{escape(result.reason)}",
                soft_wrap=True,
            )
        else:
            self.documents += 1
            self.words += sum(1 for t in result.tokens if t.text[:1].isalnum())


def _write(
    results: Iterator[Document | Rejection], fmt: OutputFormat, sink: BinaryIO, show_progress: bool
) -> _Stats:
    stats = _Stats()
    if fmt is OutputFormat.table:
        from cronaca.cli.render import render

        text = io.TextIOWrapper(sink, encoding="utf-8", write_through=True)
        console = _SinkConsole(file=text, force_terminal=sink is sys.stdout.buffer and sys.stdout.isatty())
        try:
            for result in results:
                stats.add(result)
                render(console, result)
        finally:
            text.flush()
            text.detach()  # leave the binary sink open: the caller owns it
        return stats
    progress = _progress() if show_progress else None
    task = progress.add_task("analysing", total=None) if progress else None
    pending: Document | Rejection | None = None  # --format json: one object, or an array of several
    try:
        if progress:
            progress.start()
        for n, result in enumerate(results):
            stats.add(result)
            if progress and task is not None:
                progress.update(task, completed=n + 1)
            if fmt is OutputFormat.jsonl:
                sink.write(orjson.dumps(result.to_json_dict()) + b"\n")
                continue
            if n == 0:
                pending = result
                continue
            if n == 1:
                assert pending is not None
                sink.write(b"[\n" + _pretty(pending))
            sink.write(b",\n" + _pretty(result))
        if fmt is OutputFormat.json:
            if stats.documents + stats.rejected == 1 and pending is not None:
                sink.write(_pretty(pending) + b"\n")
            elif stats.documents + stats.rejected > 1:
                sink.write(b"\n]\n")
            else:
                sink.write(b"[]\n")
    finally:
        if progress:
            progress.stop()
        sink.flush()
    return stats


class _SinkConsole(Console):
    """A console that lets a closed pipe (``| head``) end the output as the other formats do,
    instead of exiting with status 1 as rich does."""

    def on_broken_pipe(self) -> None:
        raise BrokenPipeError


def _pretty(result: Document | Rejection) -> bytes:
    return orjson.dumps(result.to_json_dict(), option=orjson.OPT_INDENT_2)


def _progress() -> Progress:
    from rich.progress import MofNCompleteColumn, SpinnerColumn, TextColumn, TimeElapsedColumn

    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )


def _summary(stats: _Stats) -> None:
    elapsed = time.perf_counter() - stats.started
    line = f"analysed {stats.documents:,} documents ({stats.words:,} words) in {elapsed:.1f} s"
    if stats.rejected:
        codes = ", ".join(f"{code}: {n}" for code, n in stats.codes.most_common())
        line += f"; [red]rejected {stats.rejected:,}[/] ({codes})"
    err.print(line, soft_wrap=True)


def _register_subcommands() -> None:
    from cronaca.cli.eval_cmd import eval_app
    from cronaca.cli.store_cmd import actors, events, export, ingest, quotes, reprocess, search, stories

    for command in (ingest, search, reprocess, export, events, actors, quotes, stories):
        app.command()(command)
    app.add_typer(eval_app, name="eval")


_register_subcommands()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
