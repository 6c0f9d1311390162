"""Reading results back out of a store: re-analysis after an upgrade, and exports."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from typing import Any, Literal

import orjson
from sqlalchemy import select
from sqlalchemy.orm import Session

from cronaca.ingest.article import ArticleInput
from cronaca.model import Origin
from cronaca.store.db import Store
from cronaca.store.schema import Analysis, Article, EntityRow, TimeRow, unpack_document

Table = Literal["documents", "articles", "entities", "times"]


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


def rows(store: Store, table: Table) -> Iterator[dict[str, Any]]:
    """Rows of an export: current analyses only, with their article's metadata."""
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
