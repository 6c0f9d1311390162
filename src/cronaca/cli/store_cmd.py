"""``cronaca ingest`` and ``cronaca search``: the database side of the command line."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from cronaca.errors import ConfigError
from cronaca.store.db import DEFAULT_DB

if TYPE_CHECKING:
    from cronaca.store.ingest import IngestStats
    from cronaca.store.queries import Filters

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
    from cronaca.store.ingest import Ingester

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
    try:
        with _IngestProgress(show) as progress:
            ingester.run(items, inputs=list(inputs), progress=progress.update)
    except KeyboardInterrupt:
        err.print(
            "\n[yellow]interrupted:[/] every committed batch is kept; run the same command again to carry on"
        )
        raise typer.Exit(130) from None
    finally:
        store.close()
    stats = ingester.stats
    if not quiet:
        _ingest_summary(stats)
    raise typer.Exit(1 if stats.rejected else 0)


class _IngestProgress:
    """A progress bar on stderr (a terminal only): articles read, stored, skipped, rejected."""

    def __init__(self, show: bool) -> None:
        from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self.progress = (
            Progress(
                SpinnerColumn(),
                TextColumn("ingest"),
                BarColumn(),
                TextColumn("{task.fields[detail]}"),
                TimeElapsedColumn(),
                console=err,
                transient=True,
            )
            if show
            else None
        )
        self.task: Any = None

    def __enter__(self) -> _IngestProgress:
        if self.progress is not None:
            self.progress.start()
            self.task = self.progress.add_task("ingest", total=None, detail="loading…")
        return self

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.stop()

    def update(self, stats: IngestStats) -> None:
        if self.progress is None:
            return
        rate = stats.read / stats.elapsed if stats.elapsed else 0.0
        detail = (
            f"{stats.read:,} read · {stats.stored:,} new · {stats.already_stored:,} already stored · "
            f"{stats.rejected:,} rejected · {rate:,.0f} articles/s"
        )
        self.progress.update(self.task, completed=stats.read, detail=detail)


def _ingest_summary(stats: IngestStats) -> None:
    rate = stats.read / max(stats.elapsed, 1e-9)
    words = stats.words / max(stats.elapsed, 1e-9)
    err.print(
        f"{stats.read:,} read: {stats.stored:,} new articles, {stats.near_duplicates:,} "
        f"near-duplicates, {stats.already_stored:,} already stored, {stats.copies:,} copies "
        f"linked, {stats.reanalysed:,} re-analysed, {stats.rejected:,} rejected "
        f"in {stats.elapsed:.1f} s ({rate:,.1f} articles/s, {words:,.0f} words/s)",
        soft_wrap=True,
    )
    if stats.reports or stats.stories:
        err.print(
            f"{stats.reports:,} event reports ({stats.events:,} new events), {stats.stories:,} new stories",
            soft_wrap=True,
        )
    if stats.rejected:
        err.print("rejections by reason:", soft_wrap=True)
        for code, n in stats.codes.most_common():
            err.print(f"  {n:>8,} × {code}", soft_wrap=True)


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
    table: Annotated[
        str,
        typer.Argument(
            help="documents, articles, entities, times, events, actors, quotes, stories or cameo."
        ),
    ],
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl, csv or parquet.")] = "jsonl",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write.")] = None,
    level: Annotated[
        str, typer.Option(help="events: merged events (event) or one row per report (report).")
    ] = "event",
) -> None:
    """Export stored results (current analyses) as JSON Lines, CSV or Parquet.

    events are merged across articles (--level event, with their sources and counts) or as
    each article reports them (--level report); cameo is a CAMEO/GDELT-style flat table of the
    events that happened.
    """
    from cronaca.store.db import Store
    from cronaca.store.exports import TABLES, rows, write_csv, write_jsonl, write_parquet

    if table not in TABLES:
        raise typer.BadParameter(f"choose one of {', '.join(TABLES)}", param_hint="TABLE")
    if fmt not in {"jsonl", "csv", "parquet"}:
        raise typer.BadParameter("choose jsonl, csv or parquet", param_hint="--format")
    if level not in {"event", "report"}:
        raise typer.BadParameter("choose event or report", param_hint="--level")
    if fmt == "parquet" and output is None:
        raise typer.BadParameter("Parquet is written to a file: add -o FILE.parquet", param_hint="--output")
    _require_existing(db)
    try:
        with Store.open(db) as store:
            records = rows(store, table, level)  # type: ignore[arg-type]
            if fmt == "parquet":
                assert output is not None
                n = write_parquet(records, str(output))
            elif fmt == "jsonl":
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
    except ConfigError as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}")
        raise typer.Exit(2) from None
    err.print(f"exported {n:,} {table}")


# -- queries: cronaca events | actors | quotes | stories -------------------------------------------

ActorOpt = Annotated[
    str | None, typer.Option("--actor", help="Actor name, key (state:USA) or organisation (NATO).")
]
CountryOpt = Annotated[str | None, typer.Option("--country", help="Actor country (ISO 3166 alpha-3).")]
SinceOpt = Annotated[str | None, typer.Option("--since", help="From this day (YYYY-MM-DD, YYYY-MM, YYYY).")]
UntilOpt = Annotated[str | None, typer.Option("--until", help="Up to this day, included.")]
SourceOpt = Annotated[str | None, typer.Option("--source", help="Source (outlet) name contains this.")]
LimitOpt = Annotated[int, typer.Option("--limit", "-n", help="Most results.", min=1)]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="table, json or jsonl.")]


def events(
    db: DbOption = DEFAULT_DB,
    actor: ActorOpt = None,
    country: CountryOpt = None,
    type_: Annotated[str | None, typer.Option("--type", help="PLOVER type (ASSAULT, PROTEST, ...).")] = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    source: SourceOpt = None,
    text: Annotated[str | None, typer.Option("--text", help="The evidence sentence contains this.")] = None,
    level: Annotated[
        str, typer.Option(help="event: merged across articles; report: as each article reports it.")
    ] = "event",
    limit: LimitOpt = 20,
    fmt: FormatOpt = "table",
) -> None:
    """Events, newest first: who did what to whom, when and where, with their sources.

    An event reported by several outlets is one event with its counts of reports, articles and
    sources (--level report lists each article's report instead). --country matches an actor's
    country or the event's place. Exit status 1 when nothing matches.
    """
    from cronaca.store import queries

    if level not in {"event", "report"}:
        raise typer.BadParameter("choose event or report", param_hint="--level")
    filters = _filters(actor, country, type_, since, until, source, text, limit)
    _query("events", db, fmt, lambda store: queries.events(store, filters, level))  # type: ignore[arg-type]


def actors(
    db: DbOption = DEFAULT_DB,
    actor: ActorOpt = None,
    country: CountryOpt = None,
    type_: Annotated[str | None, typer.Option("--type", help="person, state, igo, armed_group, ...")] = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    source: SourceOpt = None,
    text: Annotated[str | None, typer.Option("--text", help="In articles whose text contains this.")] = None,
    limit: LimitOpt = 20,
    fmt: FormatOpt = "table",
) -> None:
    """Actors across articles (one per person, state or organisation), the most reported first."""
    from cronaca.store import queries

    filters = _filters(actor, country, type_, since, until, source, text, limit)
    _query("actors", db, fmt, lambda store: queries.actors(store, filters))


def quotes(
    db: DbOption = DEFAULT_DB,
    actor: Annotated[str | None, typer.Option("--actor", help="The speaker (name, key or words).")] = None,
    country: CountryOpt = None,
    type_: Annotated[str | None, typer.Option("--type", help="direct or indirect.")] = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    source: SourceOpt = None,
    text: Annotated[str | None, typer.Option("--text", help="The quote contains this.")] = None,
    limit: LimitOpt = 20,
    fmt: FormatOpt = "table",
) -> None:
    """Who said what: quotes with their speakers, newest first."""
    from cronaca.store import queries

    filters = _filters(actor, country, type_, since, until, source, text, limit)
    _query("quotes", db, fmt, lambda store: queries.quotes(store, filters))


def stories(
    db: DbOption = DEFAULT_DB,
    actor: Annotated[str | None, typer.Option("--actor", help="An actor of one of its articles.")] = None,
    country: CountryOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    source: SourceOpt = None,
    text: Annotated[str | None, typer.Option("--text", help="The title contains this.")] = None,
    limit: LimitOpt = 20,
    fmt: FormatOpt = "table",
) -> None:
    """Stories (articles about the same thing, clustered at ingest), the most recent first."""
    from cronaca.store import queries

    filters = _filters(actor, country, None, since, until, source, text, limit)
    _query("stories", db, fmt, lambda store: queries.stories(store, filters))


def _filters(
    actor: str | None,
    country: str | None,
    type_: str | None,
    since: str | None,
    until: str | None,
    source: str | None,
    text: str | None,
    limit: int,
) -> Filters:
    from cronaca.store.queries import Filters, parse_day

    try:
        return Filters(
            actor=actor,
            country=country,
            type=type_,
            since=parse_day(since, option="--since") if since else None,
            until=parse_day(until, end=True, option="--until") if until else None,
            source=source,
            text=text,
            limit=limit,
        )
    except ConfigError as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}")
        raise typer.Exit(2) from None


def _query(table: str, db: str, fmt: str, run: Any) -> None:
    import orjson

    from cronaca.store.db import Store

    if fmt not in {"table", "json", "jsonl"}:
        raise typer.BadParameter("choose table, json or jsonl", param_hint="--format")
    _require_existing(db)
    try:
        with Store.open(db) as store:
            records: list[dict[str, Any]] = list(run(store))
    except ConfigError as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}")
        raise typer.Exit(2) from None
    if fmt == "json":
        sys.stdout.buffer.write(orjson.dumps(records, option=orjson.OPT_INDENT_2) + b"\n")
    elif fmt == "jsonl":
        for record in records:
            sys.stdout.buffer.write(orjson.dumps(record) + b"\n")
    else:
        out.print(_table(table, records))
    if not records:
        raise typer.Exit(1)


_COLUMNS: dict[str, list[tuple[str, Any]]] = {
    "events": [
        ("date", lambda r: r["date"] or ""),
        ("type", lambda r: r["type"] + (f" ({r['mode']})" if r["mode"] else "") + _flags(r)),
        ("actor", lambda r: _names(r["actor"])),
        ("recipient", lambda r: _names(r["recipient"])),
        ("place", lambda r: (r["place"] or {}).get("name") or (r["place"] or {}).get("country") or ""),
        ("reports", lambda r: str(r["num_reports"])),
        ("articles", lambda r: str(r["num_articles"])),
        ("sources", lambda r: str(r["num_sources"])),
        ("id", lambda r: r["id"]),
    ],
    "reports": [
        ("date", lambda r: r["day"] or ""),
        ("type", lambda r: r["type"] + _flags(r)),
        ("actor", lambda r: _names(r["actor"])),
        ("recipient", lambda r: _names(r["recipient"])),
        ("source", lambda r: r["source"] or ""),
        ("evidence", lambda r: _cut(r["sentence"]["text"], 120)),
        ("id", lambda r: r["id"]),
    ],
    "actors": [
        ("name", lambda r: r["name"]),
        ("type", lambda r: r["type"]),
        ("country", lambda r: r["country"] or ""),
        ("org", lambda r: r["org"] or ""),
        ("sector", lambda r: r["sector"] or ""),
        ("role", lambda r: r["role"] or ""),
        ("articles", lambda r: str(r["articles"])),
        ("mentions", lambda r: str(r["mentions"])),
        ("last seen", lambda r: r["last_seen"] or ""),
    ],
    "quotes": [
        ("published", lambda r: r["published"] or ""),
        ("source", lambda r: r["source"] or ""),
        ("speaker", lambda r: r["speaker_name"] or r["speaker_text"] or ""),
        ("", lambda r: "“”" if r["direct"] else ""),
        ("quote", lambda r: _cut(r["text"], 160)),
    ],
    "stories": [
        (
            "dates",
            lambda r: r["first_date"] + ("" if r["last_date"] == r["first_date"] else f" – {r['last_date']}"),
        ),
        ("title", lambda r: r["title"] or ""),
        ("articles", lambda r: str(r["num_articles"])),
        ("sources", lambda r: str(r["num_sources"])),
        ("id", lambda r: r["id"]),
    ],
}


def _table(kind: str, records: list[dict[str, Any]]) -> Table:
    columns = _COLUMNS[
        "reports" if kind == "events" and records and records[0]["level"] == "report" else kind
    ]
    table = Table(title=f"{len(records)} {kind}", title_justify="left")
    for name, _ in columns:
        table.add_column(name)
    for record in records:
        table.add_row(*(escape(str(cell(record))) for _, cell in columns))
    return table


def _names(side: list[dict[str, Any]]) -> str:
    return ", ".join(p["name"] for p in side)


def _flags(record: dict[str, Any]) -> str:
    flags = (["negated"] if record["negated"] else []) + list(record["aux"])
    return f" [{', '.join(flags)}]" if flags else ""


def _cut(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"
