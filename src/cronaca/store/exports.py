"""Reading results back out of a store: re-analysis after an upgrade, and exports."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from typing import Any, Literal, get_args

import orjson
from sqlalchemy import select
from sqlalchemy.orm import Session

from cronaca.errors import ConfigError
from cronaca.ingest.article import ArticleInput
from cronaca.model import Origin
from cronaca.store import cameo, queries
from cronaca.store.db import Store
from cronaca.store.schema import Analysis, Article, EntityRow, TimeRow, unpack_document

Table = Literal[
    "documents", "articles", "entities", "times", "events", "actors", "quotes", "stories", "cameo"
]
TABLES: tuple[str, ...] = get_args(Table)


def stale_articles(store: Store, version: str, everything: bool = False) -> Iterator[ArticleInput]:
    """Articles whose current analysis is not by ``version`` (all of them with ``everything``),
    as inputs for the pipeline, read in pages so memory stays flat."""
    last = ""
    while True:
        with store.session() as session:
            query = (
                select(Article)
                .join(Analysis, (Analysis.article_id == Article.id) & Analysis.current)
                .where(Article.id > last)
                .order_by(Article.id)
                .limit(500)
            )
            if not everything:
                query = query.where(Analysis.version != version)
            page = session.scalars(query).all()
        if not page:
            return
        for a in page:
            yield ArticleInput(
                text=a.text,
                id=a.external_id,
                title=a.title,
                published=a.published,
                url=a.url,
                source=a.source,
                lang=a.lang,
                origin=Origin(path=a.origin_path, line=a.origin_line),
            )
        last = page[-1].id


def rows(
    store: Store, table: Table, level: queries.Level = "event", filters: queries.Filters | None = None
) -> Iterator[dict[str, Any]]:
    """Rows of an export: current analyses only, with their article's metadata. ``events``
    are merged events (``level="event"``) or the reports of them (``"report"``); the
    ``filters`` of ``cronaca events`` apply to events, actors, quotes, stories and cameo."""
    f = filters or queries.Filters()
    if table == "events":
        yield from queries.events(store, f, level)
        return
    if table == "actors":
        yield from queries.actors(store, f)
        return
    if table == "quotes":
        yield from queries.quotes(store, f)
        return
    if table == "stories":
        yield from queries.stories(store, f)
        return
    if table == "cameo":
        yield from cameo.rows(store, f)
        return
    with store.session() as session:
        if table == "documents":
            query = select(Analysis, Article).join(Article).where(Analysis.current).order_by(Article.id)
            for analysis, article in session.execute(query).yield_per(200):
                yield unpack_document(analysis.document, article.text)
            return
        if table == "articles":
            query2 = select(Article).order_by(Article.id)
            for a in session.scalars(query2).yield_per(500):
                yield {
                    "id": a.id,
                    "published": a.published.isoformat() if a.published else None,
                    "source": a.source,
                    "url": a.url,
                    "title": a.title,
                    "lang": a.lang,
                    "near_duplicate_of": a.near_duplicate_of,
                    "words": len(a.text.split()),
                }
            return
        if table == "entities":
            yield from _span_rows(session, EntityRow, lambda r: {"label": r.label})
        else:
            yield from _span_rows(session, TimeRow, lambda r: {"type": r.type, "value": r.value})


def _span_rows(
    session: Session, model: type[EntityRow] | type[TimeRow], extra: Callable[[Any], dict[str, Any]]
) -> Iterator[dict[str, Any]]:
    query = (
        select(model, Article.id, Article.published, Article.source)
        .join(Analysis, Analysis.id == model.analysis_id)
        .join(Article, Article.id == Analysis.article_id)
        .where(Analysis.current)
        .order_by(Article.id, model.start)
    )
    for found, article_id, published, source in session.execute(query).yield_per(1000):
        row: Any = found
        yield {
            "article_id": article_id,
            "published": published.isoformat() if published else None,
            "source": source,
            "start": row.start,
            "end": row.end,
            "text": row.text,
            **extra(row),
        }


def write_jsonl(records: Iterator[dict[str, Any]], sink: io.BufferedIOBase) -> int:
    n = 0
    for record in records:
        sink.write(orjson.dumps(record) + b"\n")
        n += 1
    return n


def write_csv(records: Iterator[dict[str, Any]], sink: io.TextIOBase) -> int:
    writer: csv.DictWriter[str] | None = None
    n = 0
    for record in records:
        flat = {
            k: (orjson.dumps(v).decode() if isinstance(v, (dict, list)) else v) for k, v in record.items()
        }
        if writer is None:
            writer = csv.DictWriter(sink, fieldnames=list(flat), extrasaction="ignore")
            writer.writeheader()
        writer.writerow(flat)
        n += 1
    return n


def write_parquet(records: Iterator[dict[str, Any]], path: str, batch: int = 10_000) -> int:
    """Write records to a Parquet file, ``batch`` rows at a time (memory stays bounded).

    Column types come from the first batch (an all-empty column is text); lists and objects
    are stored as JSON text, as in CSV, so every table has a flat, stable schema.
    """
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ConfigError(
            "Parquet export needs pyarrow: pip install 'cronaca[parquet]' (or pip install pyarrow)"
        ) from None
    writer: Any = None
    schema: Any = None
    n = 0
    chunk: list[dict[str, Any]] = []

    def flush() -> None:
        nonlocal writer, schema
        flat = [{k: _flat(v) for k, v in r.items()} for r in chunk]
        if schema is None:
            schema = pa.schema([(name, _arrow_type(pa, [r.get(name) for r in flat])) for name in flat[0]])
            writer = pq.ParquetWriter(path, schema)
        writer.write_table(pa.Table.from_pylist(flat, schema=schema))

    try:
        for record in records:
            chunk.append(record)
            n += 1
            if len(chunk) == batch:
                flush()
                chunk = []
        if chunk:
            flush()
        elif writer is None:
            pq.write_table(pa.table({}), path)  # no rows: still a valid, empty file
    finally:
        if writer is not None:
            writer.close()
    return n


def _flat(value: Any) -> Any:
    return orjson.dumps(value).decode() if isinstance(value, (dict, list)) else value


def _arrow_type(pa: Any, values: list[Any]) -> Any:
    present = [v for v in values if v is not None]
    if not present:
        return pa.string()
    if all(isinstance(v, bool) for v in present):
        return pa.bool_()
    if all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return pa.int64()
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return pa.float64()
    return pa.string()
