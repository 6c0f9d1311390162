"""Tables of what the analyses found, for queries: actors, quotes, events at the report and
at the event level, stories, and the cross-document actor registry (migration 0002).

Rows tied to an analysis (``actors``, ``quotes``, ``event_reports``) are written in the same
transaction as the analysis and go with it; queries read those of current analyses only.
The other tables are built across articles after each ingest batch, in that batch's
transaction: ``events``/``event_sources`` merge the reports of one real-world event,
``stories``/``story_articles`` cluster articles, ``registry_*`` remember people.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from cronaca.store.schema import Base, JsonType, utcnow


class ActorRow(Base):
    """An actor of one analysed document, with the cross-document ``key`` it is known by."""

    __tablename__ = "actors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    analysis_id: Mapped[int] = mapped_column(ForeignKey("analyses.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[str] = mapped_column(String(200))
    key: Mapped[str] = mapped_column(String(300), index=True)
    """``person:<folded name>``, ``state:<ISO3>``, ``org:<short name>``, else the actor id."""
    name: Mapped[str] = mapped_column(String(500))
    type: Mapped[str] = mapped_column(String(20), index=True)
    country: Mapped[str | None] = mapped_column(String(3), index=True)
    org: Mapped[str | None] = mapped_column(String(100), index=True)
    sector: Mapped[str | None] = mapped_column(String(20))
    role: Mapped[str | None] = mapped_column(String(200))
    mentions: Mapped[int] = mapped_column(Integer)


class QuoteRow(Base):
    __tablename__ = "quotes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    analysis_id: Mapped[int] = mapped_column(ForeignKey("analyses.id", ondelete="CASCADE"), index=True)
    idx: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    direct: Mapped[bool] = mapped_column(Boolean)
    speaker: Mapped[str | None] = mapped_column(String(200))
    """The speaker's actor id in the document (``actors.actor_id`` of the same analysis)."""
    speaker_key: Mapped[str | None] = mapped_column(String(300), index=True)
    speaker_text: Mapped[str | None] = mapped_column(String(500))
    speaker_kind: Mapped[str | None] = mapped_column(String(20))
    """named, nominal, anonymous, pronoun or subjectless (when the quotes stage says)."""
    cue: Mapped[str | None] = mapped_column(String(200))


class EventReport(Base):
    """One event as one article reports it (an entry of ``Document.events``)."""

    __tablename__ = "event_reports"
    __table_args__ = (Index("ix_event_reports_type_day", "type", "day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    analysis_id: Mapped[int] = mapped_column(ForeignKey("analyses.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    idx: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(12))
    mode: Mapped[str | None] = mapped_column(String(50))
    context: Mapped[list[Any]] = mapped_column(JsonType)
    actor: Mapped[list[Any]] = mapped_column(JsonType)
    recipient: Mapped[list[Any]] = mapped_column(JsonType)
    date: Mapped[str | None] = mapped_column(String(40))
    day: Mapped[dt.date | None] = mapped_column(Date)
    """The event's own day when its date names one, else the article's publication date."""
    place_name: Mapped[str | None] = mapped_column(String(200))
    place_country: Mapped[str | None] = mapped_column(String(3))
    place_lat: Mapped[float | None] = mapped_column(Float)
    place_lon: Mapped[float | None] = mapped_column(Float)
    negated: Mapped[bool] = mapped_column(Boolean)
    aux: Mapped[list[Any]] = mapped_column(JsonType)
    trigger_start: Mapped[int] = mapped_column(Integer)
    trigger_end: Mapped[int] = mapped_column(Integer)
    trigger_text: Mapped[str] = mapped_column(String(500))
    sentence_start: Mapped[int] = mapped_column(Integer)
    sentence_end: Mapped[int] = mapped_column(Integer)
    sentence_text: Mapped[str] = mapped_column(Text)
    quote: Mapped[int | None] = mapped_column(Integer)
    confidence: Mapped[float] = mapped_column(Float)
    cameo: Mapped[str | None] = mapped_column(String(10))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"), index=True)


class EventActor(Base):
    """An actor or recipient of a reported event (a row of ``actors`` of the same analysis)."""

    __tablename__ = "event_actors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("event_reports.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(10))
    actor_row_id: Mapped[int] = mapped_column(ForeignKey("actors.id", ondelete="CASCADE"), index=True)


class EventRow(Base):
    """One real-world event: the reports of it merged across articles (see ``store/events.py``)."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_type_day", "type", "day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    type: Mapped[str] = mapped_column(String(12))
    mode: Mapped[str | None] = mapped_column(String(50))
    context: Mapped[list[Any]] = mapped_column(JsonType)
    day: Mapped[dt.date | None] = mapped_column(Date)
    """The day of the event (of its first report); reports within the window of it merge."""
    last_day: Mapped[dt.date | None] = mapped_column(Date)
    place_name: Mapped[str | None] = mapped_column(String(200))
    place_country: Mapped[str | None] = mapped_column(String(3), index=True)
    place_lat: Mapped[float | None] = mapped_column(Float)
    place_lon: Mapped[float | None] = mapped_column(Float)
    negated: Mapped[bool] = mapped_column(Boolean)
    aux: Mapped[list[Any]] = mapped_column(JsonType)
    actor: Mapped[list[Any]] = mapped_column(JsonType)
    """The actors of its reports, one entry per actor key: key, name, type, country, org, sector."""
    recipient: Mapped[list[Any]] = mapped_column(JsonType)
    confidence: Mapped[float] = mapped_column(Float)
    cameo: Mapped[str | None] = mapped_column(String(10))
    num_reports: Mapped[int] = mapped_column(Integer)
    num_articles: Mapped[int] = mapped_column(Integer)
    num_sources: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class EventSource(Base):
    """A publication reporting an event: a stored article, or an exact copy of it elsewhere."""

    __tablename__ = "event_sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("event_reports.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    copy_id: Mapped[int | None] = mapped_column(ForeignKey("article_copies.id", ondelete="CASCADE"))
    source: Mapped[str | None] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date)


class Story(Base):
    """Articles about the same story (see ``store/stories.py``)."""

    __tablename__ = "stories"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str | None] = mapped_column(Text)
    first_date: Mapped[dt.date] = mapped_column(Date, index=True)
    last_date: Mapped[dt.date] = mapped_column(Date, index=True)
    num_articles: Mapped[int] = mapped_column(Integer)
    num_sources: Mapped[int] = mapped_column(Integer)
    terms: Mapped[dict[str, Any]] = mapped_column(JsonType)
    """The summed term counts of its articles' titles and leads (the most frequent terms)."""
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class StoryArticle(Base):
    __tablename__ = "story_articles"

    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), index=True)
    similarity: Mapped[float] = mapped_column(Float)
    """Cosine similarity to the story when the article joined it (1.0 for the first one)."""


class StoryTerm(Base):
    """Document frequencies of story terms, for their inverse document frequency weights."""

    __tablename__ = "story_terms"

    term: Mapped[str] = mapped_column(String(300), primary_key=True)
    df: Mapped[int] = mapped_column(Integer)


class RegistryActor(Base):
    """A person as known across articles: what the most recent article said about them."""

    __tablename__ = "registry_actors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    """The folded full name (``jens stoltenberg``)."""
    surname: Mapped[str] = mapped_column(String(200), index=True)
    name: Mapped[str] = mapped_column(String(500))
    type: Mapped[str] = mapped_column(String(20))
    country: Mapped[str | None] = mapped_column(String(3))
    org: Mapped[str | None] = mapped_column(String(100))
    sector: Mapped[str | None] = mapped_column(String(20))
    role: Mapped[str | None] = mapped_column(String(200))
    first_seen: Mapped[dt.date | None] = mapped_column(Date)
    last_seen: Mapped[dt.date | None] = mapped_column(Date)
    observations: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class RegistryObservation(Base):
    """What one article said about a registered person, on the article's date."""

    __tablename__ = "registry_observations"
    __table_args__ = (UniqueConstraint("registry_id", "article_id", name="uq_observation"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    registry_id: Mapped[int] = mapped_column(ForeignKey("registry_actors.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    day: Mapped[dt.date | None] = mapped_column(Date)
    name: Mapped[str] = mapped_column(String(500))
    country: Mapped[str | None] = mapped_column(String(3))
    org: Mapped[str | None] = mapped_column(String(100))
    sector: Mapped[str | None] = mapped_column(String(20))
    role: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
