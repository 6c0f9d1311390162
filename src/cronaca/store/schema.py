"""The database schema (SQLAlchemy 2 ORM), the same on SQLite and PostgreSQL.

Changes to these tables go through an Alembic migration in ``store/migrations/versions``;
``tests/test_store.py`` fails when the models and the migrations disagree.
"""

from __future__ import annotations

import datetime as dt
import zlib
from typing import Any, ClassVar

import orjson
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

JsonType = JSON().with_variant(JSONB(), "postgresql")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JsonType, list[Any]: JsonType}


class Article(Base):
    """One article, stored once however often it is ingested (its id is a content hash)."""

    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    url: Mapped[str | None] = mapped_column(Text, index=True)
    title: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(200), index=True)
    published: Mapped[dt.date | None] = mapped_column(Date, index=True)
    lang: Mapped[str] = mapped_column(String(8), index=True)
    text: Mapped[str] = mapped_column(Text)
    external_id: Mapped[str | None] = mapped_column(String(200), index=True)
    origin_path: Mapped[str | None] = mapped_column(Text)
    origin_line: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    near_duplicate_of: Mapped[str | None] = mapped_column(
        ForeignKey("articles.id", ondelete="SET NULL"), index=True
    )
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary)

    analyses: Mapped[list[Analysis]] = relationship(back_populates="article")


class ArticleCopy(Base):
    """Another report of exactly the same text (another URL, source or date): linked to the
    stored article, not stored or counted again."""

    __tablename__ = "article_copies"
    __table_args__ = (UniqueConstraint("article_id", "url", "source", name="uq_copy"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    url: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(200))
    published: Mapped[dt.date | None] = mapped_column(Date)
    origin_path: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Analysis(Base):
    """The cronaca/1 document of an article by one pipeline version. A re-analysis adds a new
    row and moves ``current`` to it in the same transaction: old results stay until then."""

    __tablename__ = "analyses"
    __table_args__ = (
        UniqueConstraint("article_id", "pipeline", "version", name="uq_analysis_version"),
        Index("ix_analyses_current", "article_id", "current"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    pipeline: Mapped[str] = mapped_column(String(100))
    version: Mapped[str] = mapped_column(String(50))
    stages: Mapped[list[Any]] = mapped_column(JsonType)
    document: Mapped[bytes] = mapped_column(LargeBinary)
    """The cronaca/1 document without its text (that is ``articles.text``), as zlib-compressed
    JSON: token lists make the JSON about 25 times the text; compressed it is about 3 times.
    Read it with :func:`unpack_document`."""
    current: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    article: Mapped[Article] = relationship(back_populates="analyses")


def pack_document(document: dict[str, Any]) -> bytes:
    body = {k: v for k, v in document.items() if k != "text"}
    return zlib.compress(orjson.dumps(body), 6)


def unpack_document(blob: bytes, text: str) -> dict[str, Any]:
    """The full cronaca/1 document of an analysis, its text put back in place."""
    body: dict[str, Any] = orjson.loads(zlib.decompress(blob))
    ordered: dict[str, Any] = {}
    for key, value in body.items():
        ordered[key] = value
        if key == "url":
            ordered["text"] = text
    ordered.setdefault("text", text)
    return ordered


class EntityRow(Base):
    __tablename__ = "entities"
    __table_args__ = (Index("ix_entities_label_text", "label", "text"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    analysis_id: Mapped[int] = mapped_column(ForeignKey("analyses.id", ondelete="CASCADE"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(String(500))


class TimeRow(Base):
    __tablename__ = "times"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    analysis_id: Mapped[int] = mapped_column(ForeignKey("analyses.id", ondelete="CASCADE"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(500))
    type: Mapped[str] = mapped_column(String(10))
    value: Mapped[str | None] = mapped_column(String(40), index=True)


class IngestRun(Base):
    __tablename__ = "ingest_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(20), default="running")
    inputs: Mapped[list[Any]] = mapped_column(JsonType)
    stats: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)


class RejectionRow(Base):
    __tablename__ = "rejections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("ingest_runs.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(40), index=True)
    reason: Mapped[str] = mapped_column(Text)
    origin_path: Mapped[str | None] = mapped_column(Text)
    origin_line: Mapped[int | None] = mapped_column(Integer)
    external_id: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


# The tables of actors, quotes, events, stories and the registry live in their own module; import
# it so that ``Base.metadata`` always holds every table (migrations are compared against it).
from cronaca.store import schema_events  # noqa: E402, F401
