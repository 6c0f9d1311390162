"""``cronaca ingest`` and ``cronaca search``: the database side of the command line."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from cronaca.errors import ConfigError
from cronaca.store.db import DEFAULT_DB

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)

DbOption = Annotated[
    str,
    typer.Option(
        "--db", envvar="CRONACA_DB", help="SQLite file or database URL (postgresql://user@host/db)."
    ),
]


def _require_existing(db: str) -> None:
    """Commands that read a store must not create an empty SQLite file by accident."""
    if "://" not in db and not Path(db).exists():
        err.print(f"[red]error:[/] no database at {escape(db)} (create one with `cronaca ingest`)")
        raise typer.Exit(2)


def ingest(
    inputs: Annotated[list[str], typer.Argument(help="Files, directories, or - for standard input.")],
    db: DbOption = DEFAULT_DB,
    lang: Annotated[str | None, typer.Option(help="Language of the input; detected when left out.")] = None,
    published: Annotated[str | None, typer.Option(help="Publication date for inputs without one.")] = None,
    encoding: Annotated[str, typer.Option(help="Encoding of text files.")] = "utf-8",
    batch_size: Annotated[int, typer.Option(help="Articles per transaction.", min=1)] = 64,
    n_process: Annotated[int, typer.Option("--n-process", "-j", help="Worker processes.", min=1)] = 1,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary.")] = False,
) -> None:
    """Analyse articles and store them in a database, once each.

    Re-running the same command stores nothing twice; after a crash or Ctrl-C it carries on
    where the last committed batch ended. Exit status: 0, or 1 when some inputs were rejected
    (they are listed with their reasons and kept in the database's rejections table).
    """
    import cronaca
    from cronaca.ingest.article import parse_date
    from cronaca.ingest.readers import ReadOptions, read_inputs
    from cronaca.store.db import Store
    from cronaca.store.ingest import Ingester, IngestStats

    try:
        pub = parse_date(published) if published else None
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--published") from None
    try:
        store = Store.open(db)
        nlp = cronaca.load(lang or "auto")
    except ConfigError as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}")
        raise typer.Exit(2) from None
    items = read_inputs(inputs, ReadOptions(encoding=encoding, published=pub), sys.stdin.buffer)
    ingester = Ingester(store, nlp, batch_size=batch_size, n_process=n_process)
    show = not quiet and err.is_terminal

    def progress(stats: IngestStats) -> None:
        if show:
            rate = stats.read / stats.elapsed if stats.elapsed else 0.0
            err.print(
                f"\r{stats.read:,} read, {stats.stored:,} new, {stats.already_stored:,} "
                f"already stored, {stats.rejected:,} rejected — {rate:,.0f} articles/s",
                end="",
            )

    try:
        ingester.run(items, inputs=list(inputs), progress=progress)
    except KeyboardInterrupt:
        err.print(
            "\n[yellow]interrupted:[/] every committed batch is kept; run the same command again to carry on"
        )
        raise typer.Exit(130) from None
    finally:
        store.close()
    stats = ingester.stats
    if show:
        err.print()
    if not quiet:
        line = (
            f"{stats.read:,} read: {stats.stored:,} new articles, {stats.near_duplicates:,} "
            f"near-duplicates, {stats.already_stored:,} already stored, {stats.copies:,} copies "
            f"linked, {stats.reanalysed:,} re-analysed, {stats.rejected:,} rejected "
            f"in {stats.elapsed:.1f} s ({stats.read / max(stats.elapsed, 1e-9):,.1f} articles/s)"
        )
        err.print(line, soft_wrap=True)
        for code, n in stats.codes.most_common():
            err.print(f"  rejected {n:,} × {code}", soft_wrap=True)
    raise typer.Exit(1 if stats.rejected else 0)


def search(
    query: Annotated[str, typer.Argument(help='Words, "a phrase", OR, -excluded.')],
    db: DbOption = DEFAULT_DB,
    limit: Annotated[int, typer.Option(help="Most results.", min=1)] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines output.")] = False,
) -> None:
    """Full-text search over stored articles."""
    import orjson

    from cronaca.store.db import Store
    from cronaca.store.search import search as run_search

    _require_existing(db)
    try:
        with Store.open(db) as store:
            hits = run_search(store, query, limit)
    except ConfigError as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}")
        raise typer.Exit(2) from None
    if as_json:
        for hit in hits:
            sys.stdout.buffer.write(orjson.dumps(hit.__dict__) + b"\n")
        return
    table = Table(title=f"{len(hits)} articles matching {query!r}", title_justify="left")
    for col in ("published", "source", "title", "snippet", "id"):
        table.add_column(col)
    for hit in hits:
        table.add_row(
            str(hit.published or ""),
            escape(hit.source or ""),
            escape(hit.title or ""),
            escape(hit.snippet),
            hit.article_id,
        )
    out.print(table)
    if not hits:
        raise typer.Exit(1)


def reprocess(
    db: DbOption = DEFAULT_DB,
    everything: Annotated[
        bool, typer.Option("--all", help="Re-analyse every article, not only stale ones.")
    ] = False,
    batch_size: Annotated[int, typer.Option(help="Articles per transaction.", min=1)] = 64,
    n_process: Annotated[int, typer.Option("--n-process", "-j", help="Worker processes.", min=1)] = 1,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary.")] = False,
) -> None:
    """Re-analyse stored articles with this version of Cronaca (after an upgrade).

    Each article's old analysis stays current until its new one is committed, batch by batch;
    an interrupted run can simply be started again.
    """
    import cronaca
    from cronaca.store.db import Store
    from cronaca.store.exports import stale_articles
    from cronaca.store.ingest import Ingester

    _require_existing(db)
    try:
        store = Store.open(db)
    except ConfigError as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}")
        raise typer.Exit(2) from None
    try:
        ingester = Ingester(
            store, cronaca.load("auto"), batch_size=batch_size, n_process=n_process, force=everything
        )
        ingester.run(stale_articles(store, ingester.version, everything), inputs=[f"reprocess {db}"])
    except KeyboardInterrupt:
        err.print("\n[yellow]interrupted:[/] committed batches are kept; run it again to carry on")
        raise typer.Exit(130) from None
    finally:
        store.close()
    stats = ingester.stats
    if not quiet:
        err.print(
            f"re-analysed {stats.reanalysed:,} articles, {stats.rejected:,} rejected, "
            f"in {stats.elapsed:.1f} s"
        )
    raise typer.Exit(1 if stats.rejected else 0)


def export(
    table: Annotated[str, typer.Argument(help="documents, articles, entities or times.")],
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl or csv.")] = "jsonl",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write.")] = None,
) -> None:
    """Export stored results: cronaca/1 documents, articles, entities or times (current analyses)."""
    from cronaca.store.db import Store
    from cronaca.store.exports import rows, write_csv, write_jsonl

    if table not in {"documents", "articles", "entities", "times"}:
        raise typer.BadParameter("choose documents, articles, entities or times", param_hint="TABLE")
    if fmt not in {"jsonl", "csv"}:
        raise typer.BadParameter("choose jsonl or csv", param_hint="--format")
    _require_existing(db)
    with Store.open(db) as store:
        records = rows(store, table)  # type: ignore[arg-type]
        if fmt == "jsonl":
            sink = output.open("wb") if output else sys.stdout.buffer
            try:
                n = write_jsonl(records, sink)  # type: ignore[arg-type]
            finally:
                if output:
                    sink.close()
        else:
            text = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
            try:
                n = write_csv(records, text)  # type: ignore[arg-type]
            finally:
                if output:
                    text.close()
    err.print(f"exported {n:,} {table}")
