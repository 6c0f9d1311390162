"""Reading events, actors, quotes and stories back, with the filters of ``cronaca events`` and
its sister commands (and the same records for ``cronaca export``).

Records use the field names of the ``cronaca/1`` contract (``type``, ``mode``, ``actor``,
``recipient``, ``date``, ``place``, ``negated``, ``aux``, ``trigger``, ``sentence``, ...), with
event-level counts (``num_reports``, ``num_articles``, ``num_sources``) and sources. Only
current analyses are read.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal, get_args

from sqlalchemy import ColumnElement, and_, exists, func, or_, select
from sqlalchemy.orm import Session

from cronaca.errors import ConfigError
from cronaca.model import ActorType, PloverType
from cronaca.store.db import Store
from cronaca.store.schema import Analysis, Article
from cronaca.store.schema_events import (
    ActorRow,
    EventActor,
    EventReport,
    EventRow,
    EventSource,
    QuoteRow,
    Story,
    StoryArticle,
)

Level = Literal["event", "report"]
Query = Any
"""A ``Select`` (its generic parameters differ between SQLAlchemy 2.0 and 2.1)."""
PLOVER_TYPES: tuple[str, ...] = get_args(PloverType)
ACTOR_TYPES: tuple[str, ...] = get_args(ActorType)
QUOTE_TYPES = ("direct", "indirect")
_PAGE = 500
QUAD = {
    "AGREE": 1,
    "CONSULT": 1,
    "SUPPORT": 1,
    "CONCEDE": 1,
    "COOPERATE": 2,
    "AID": 2,
    "RETREAT": 2,
    "REQUEST": 3,
    "ACCUSE": 3,
    "REJECT": 3,
    "THREATEN": 3,
    "PROTEST": 4,
    "SANCTION": 4,
    "MOBILIZE": 4,
    "COERCE": 4,
    "ASSAULT": 4,
}
"""PLOVER's four quadrants: verbal and material cooperation, verbal and material conflict."""


@dataclass(frozen=True)
class Filters:
    """What to select. Text filters match case-insensitively anywhere in the field."""

    actor: str | None = None
    """Name, cross-document key (``state:USA``, ``person:jens stoltenberg``) or organisation."""
    country: str | None = None
    """ISO 3166 alpha-3 code of an actor (or of the event's place)."""
    type: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    source: str | None = None
    text: str | None = None
    limit: int | None = None


def parse_day(value: str, *, end: bool = False, option: str = "--since") -> dt.date:
    """``2021``, ``2021-05`` or ``2021-05-04``: the first day of the period (the last with ``end``)."""
    text = value.strip()
    try:
        if re.fullmatch(r"\d{4}", text):
            year = int(text)
            return dt.date(year, 12, 31) if end else dt.date(year, 1, 1)
        if re.fullmatch(r"\d{4}-\d{2}", text):
            year, month = int(text[:4]), int(text[5:])
            last = calendar.monthrange(year, month)[1]
            return dt.date(year, month, last if end else 1)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ConfigError(f"{option}: {value!r} is not a date; use YYYY-MM-DD, YYYY-MM or YYYY") from None


def checked(filters: Filters, table: str) -> Filters:
    """The filters, normalised, or a ConfigError saying which one is wrong and how."""
    if filters.country is not None:
        country = filters.country.strip().upper()
        if not re.fullmatch(r"[A-Z]{3}", country):
            raise ConfigError(
                f"--country: {filters.country!r} is not an ISO 3166 alpha-3 code (e.g. ITA, USA)"
            )
        filters = replace(filters, country=country)
    if filters.since and filters.until and filters.since > filters.until:
        raise ConfigError(f"--since {filters.since} is after --until {filters.until}")
    if filters.limit is not None and filters.limit < 1:
        raise ConfigError("--limit must be at least 1")
    if filters.type is not None:
        allowed = {"events": PLOVER_TYPES, "actors": ACTOR_TYPES, "quotes": QUOTE_TYPES}.get(table)
        if allowed is None:
            raise ConfigError(f"--type does not apply to {table}")
        wanted = filters.type.strip().lower()
        match = next((a for a in allowed if a.lower() == wanted), None)
        if match is None:
            raise ConfigError(f"--type: {filters.type!r} is not one of {', '.join(allowed)}")
        filters = replace(filters, type=match)
    return filters


def _like(value: str) -> str:
    escaped = value.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _actor_matches(value: str) -> ColumnElement[bool]:
    pattern = _like(value)
    return or_(
        ActorRow.name.ilike(pattern, escape="\\"),
        ActorRow.key.ilike(pattern, escape="\\"),
        ActorRow.org.ilike(value.strip()),
    )


# -- events -----------------------------------------------------------------------------------


def events(store: Store, filters: Filters = Filters(), level: Level = "event") -> Iterator[dict[str, Any]]:
    """Events (merged across articles) or their reports, newest first."""
    filters = checked(filters, "events")
    with store.session() as session:
        if level == "event":
            yield from _pages(session, _event_query(filters), _event_records)
        else:
            yield from _pages(session, _report_query(filters), _report_records)


def _event_query(f: Filters) -> Query:
    query = select(EventRow)
    if f.type:
        query = query.where(EventRow.type == f.type)
    if f.since:
        query = query.where(EventRow.day >= f.since)
    if f.until:
        query = query.where(EventRow.day <= f.until)
    through_reports = []
    if f.actor:
        through_reports.append(_actor_matches(f.actor))
    if f.country:
        through_reports.append(ActorRow.country == f.country)
    if through_reports:
        participant = (
            select(EventReport.id)
            .join(EventActor, EventActor.report_id == EventReport.id)
            .join(ActorRow, ActorRow.id == EventActor.actor_row_id)
            .where(EventReport.event_id == EventRow.id, *through_reports)
        )
        condition: ColumnElement[bool] = exists(participant)
        if f.country and not f.actor:
            condition = or_(condition, EventRow.place_country == f.country)
        query = query.where(condition)
    if f.source:
        query = query.where(
            exists(
                select(EventSource.id).where(
                    EventSource.event_id == EventRow.id,
                    EventSource.source.ilike(_like(f.source), escape="\\"),
                )
            )
        )
    if f.text:
        query = query.where(
            exists(
                select(EventReport.id).where(
                    EventReport.event_id == EventRow.id,
                    EventReport.sentence_text.ilike(_like(f.text), escape="\\"),
                )
            )
        )
    query = query.order_by(EventRow.day.desc().nulls_last(), EventRow.id.desc())
    return query.limit(f.limit) if f.limit else query


def _event_records(session: Session, rows: Sequence[Any]) -> list[dict[str, Any]]:
    events_ = [r[0] for r in rows]
    sources: dict[int, list[dict[str, Any]]] = {}
    query = (
        select(EventSource)
        .where(EventSource.event_id.in_([e.id for e in events_]))
        .order_by(EventSource.published, EventSource.id)
    )
    for s in session.scalars(query):
        sources.setdefault(s.event_id, []).append(
            {
                "article_id": s.article_id,
                "source": s.source,
                "url": s.url,
                "published": _iso(s.published),
                "copy": s.copy_id is not None,
            }
        )
    return [
        {
            "id": f"event-{e.id}",
            "level": "event",
            "type": e.type,
            "mode": e.mode,
            "context": e.context,
            "date": _iso(e.day),
            "enddate": _iso(e.last_day) if e.last_day and e.last_day != e.day else None,
            "actor": e.actor,
            "recipient": e.recipient,
            "place": _place(e.place_name, e.place_country, e.place_lat, e.place_lon),
            "negated": e.negated,
            "aux": e.aux,
            "confidence": e.confidence,
            "cameo": e.cameo,
            "quad_code": QUAD.get(e.type),
            "num_reports": e.num_reports,
            "num_articles": e.num_articles,
            "num_sources": e.num_sources,
            "sources": sources.get(e.id, []),
        }
        for e in events_
    ]


def _report_query(f: Filters) -> Query:
    query: Query = (
        select(EventReport, Article.published, Article.source, Article.url, Article.title)
        .join(Analysis, (Analysis.id == EventReport.analysis_id) & Analysis.current)
        .join(Article, Article.id == EventReport.article_id)
    )
    if f.type:
        query = query.where(EventReport.type == f.type)
    if f.since:
        query = query.where(EventReport.day >= f.since)
    if f.until:
        query = query.where(EventReport.day <= f.until)
    conditions = []
    if f.actor:
        conditions.append(_actor_matches(f.actor))
    if f.country:
        conditions.append(ActorRow.country == f.country)
    if conditions:
        participant: ColumnElement[bool] = exists(
            select(EventActor.id)
            .join(ActorRow, ActorRow.id == EventActor.actor_row_id)
            .where(EventActor.report_id == EventReport.id, *conditions)
        )
        if f.country and not f.actor:
            participant = or_(participant, EventReport.place_country == f.country)
        query = query.where(participant)
    if f.source:
        query = query.where(Article.source.ilike(_like(f.source), escape="\\"))
    if f.text:
        query = query.where(EventReport.sentence_text.ilike(_like(f.text), escape="\\"))
    query = query.order_by(EventReport.day.desc().nulls_last(), EventReport.id.desc())
    return query.limit(f.limit) if f.limit else query


def _report_records(session: Session, rows: Sequence[Any]) -> list[dict[str, Any]]:
    sides = _sides(session, [r[0].id for r in rows])
    out = []
    for report, published, source, url, title in rows:
        actor, recipient = sides.get(report.id, ([], []))
        out.append(
            {
                "id": f"report-{report.id}",
                "level": "report",
                "event_id": f"event-{report.event_id}" if report.event_id else None,
                "article_id": report.article_id,
                "published": _iso(published),
                "source": source,
                "url": url,
                "title": title,
                "type": report.type,
                "mode": report.mode,
                "context": report.context,
                "date": report.date,
                "day": _iso(report.day),
                "actor": actor,
                "recipient": recipient,
                "place": _place(report.place_name, report.place_country, report.place_lat, report.place_lon),
                "negated": report.negated,
                "aux": report.aux,
                "trigger": {
                    "start": report.trigger_start,
                    "end": report.trigger_end,
                    "text": report.trigger_text,
                },
                "sentence": {
                    "start": report.sentence_start,
                    "end": report.sentence_end,
                    "text": report.sentence_text,
                },
                "quote": report.quote,
                "confidence": report.confidence,
                "cameo": report.cameo,
                "quad_code": QUAD.get(report.type),
            }
        )
    return out


def _sides(session: Session, report_ids: list[int]) -> dict[int, tuple[list[Any], list[Any]]]:
    out: dict[int, tuple[list[Any], list[Any]]] = {}
    query = (
        select(EventActor.report_id, EventActor.role, ActorRow)
        .join(ActorRow, ActorRow.id == EventActor.actor_row_id)
        .where(EventActor.report_id.in_(report_ids))
        .order_by(EventActor.id)
    )
    for report_id, role, a in session.execute(query):
        entry = {
            "id": a.actor_id,
            "key": a.key,
            "name": a.name,
            "type": a.type,
            "country": a.country,
            "org": a.org,
            "sector": a.sector,
        }
        actor, recipient = out.setdefault(report_id, ([], []))
        (actor if role == "actor" else recipient).append(entry)
    return out


# -- actors, quotes, stories ---------------------------------------------------------------------


def actors(store: Store, filters: Filters = Filters()) -> Iterator[dict[str, Any]]:
    """Actors across articles, one per cross-document key, the most reported first."""
    f = checked(filters, "actors")
    articles = func.count(func.distinct(Analysis.article_id))
    query: Query = (
        select(
            ActorRow.key,
            func.min(ActorRow.name),
            func.min(ActorRow.type),
            func.min(ActorRow.country),
            func.min(ActorRow.org),
            func.min(ActorRow.sector),
            func.min(ActorRow.role),
            articles,
            func.sum(ActorRow.mentions),
            func.min(Article.published),
            func.max(Article.published),
        )
        .join(Analysis, (Analysis.id == ActorRow.analysis_id) & Analysis.current)
        .join(Article, Article.id == Analysis.article_id)
        .group_by(ActorRow.key)
        .order_by(articles.desc(), ActorRow.key)
    )
    if f.actor:
        query = query.where(_actor_matches(f.actor))
    if f.country:
        query = query.where(ActorRow.country == f.country)
    if f.type:
        query = query.where(ActorRow.type == f.type)
    query = _article_filters(query, f)
    if f.limit:
        query = query.limit(f.limit)
    names = ("key", "name", "type", "country", "org", "sector", "role", "articles", "mentions")
    with store.session() as session:
        for row in session.execute(query).yield_per(_PAGE):
            record = dict(zip(names, row[:9], strict=True))
            record["mentions"] = int(record["mentions"] or 0)
            record["first_seen"], record["last_seen"] = _iso(row[9]), _iso(row[10])
            yield record


def quotes(store: Store, filters: Filters = Filters()) -> Iterator[dict[str, Any]]:
    """Quotes with their speakers, newest first."""
    f = checked(filters, "quotes")
    speaker = ActorRow
    query: Query = (
        select(QuoteRow, Article.id, Article.published, Article.source, Article.url, speaker)
        .join(Analysis, (Analysis.id == QuoteRow.analysis_id) & Analysis.current)
        .join(Article, Article.id == Analysis.article_id)
        .outerjoin(
            speaker, and_(speaker.analysis_id == QuoteRow.analysis_id, speaker.actor_id == QuoteRow.speaker)
        )
    )
    if f.actor:
        query = query.where(
            or_(_actor_matches(f.actor), QuoteRow.speaker_text.ilike(_like(f.actor), escape="\\"))
        )
    if f.country:
        query = query.where(speaker.country == f.country)
    if f.type:
        query = query.where(QuoteRow.direct.is_(f.type == "direct"))
    if f.text:
        query = query.where(QuoteRow.text.ilike(_like(f.text), escape="\\"))
    query = _article_filters(query, replace(f, text=None))
    query = query.order_by(Article.published.desc().nulls_last(), Article.id, QuoteRow.idx)
    if f.limit:
        query = query.limit(f.limit)
    with store.session() as session:
        for q, article_id, published, source, url, who in session.execute(query).yield_per(_PAGE):
            yield {
                "article_id": article_id,
                "published": _iso(published),
                "source": source,
                "url": url,
                "start": q.start,
                "end": q.end,
                "text": q.text,
                "direct": q.direct,
                "speaker": q.speaker,
                "speaker_key": q.speaker_key,
                "speaker_name": who.name if who else None,
                "speaker_country": who.country if who else None,
                "speaker_org": who.org if who else None,
                "speaker_text": q.speaker_text,
                "speaker_kind": q.speaker_kind,
                "cue": q.cue,
            }


def stories(store: Store, filters: Filters = Filters()) -> Iterator[dict[str, Any]]:
    """Stories, the most recent first, with their articles."""
    f = checked(filters, "stories")
    query = select(Story)
    if f.since:
        query = query.where(Story.last_date >= f.since)
    if f.until:
        query = query.where(Story.first_date <= f.until)
    if f.text:
        query = query.where(Story.title.ilike(_like(f.text), escape="\\"))
    member = select(StoryArticle.article_id).where(StoryArticle.story_id == Story.id)
    if f.source:
        query = query.where(
            exists(
                member.join(Article, Article.id == StoryArticle.article_id).where(
                    Article.source.ilike(_like(f.source), escape="\\")
                )
            )
        )
    if f.actor or f.country:
        conditions = [_actor_matches(f.actor)] if f.actor else []
        if f.country:
            conditions.append(ActorRow.country == f.country)
        query = query.where(
            exists(
                member.join(Analysis, (Analysis.article_id == StoryArticle.article_id) & Analysis.current)
                .join(ActorRow, ActorRow.analysis_id == Analysis.id)
                .where(*conditions)
            )
        )
    query = query.order_by(Story.last_date.desc(), Story.id.desc())
    if f.limit:
        query = query.limit(f.limit)
    with store.session() as session:
        yield from _pages(session, query, _story_records)


def _story_records(session: Session, rows: Sequence[Any]) -> list[dict[str, Any]]:
    found = [r[0] for r in rows]
    members: dict[int, list[dict[str, Any]]] = {}
    query = (
        select(
            StoryArticle.story_id, Article.id, Article.published, Article.source, Article.title, Article.url
        )
        .join(Article, Article.id == StoryArticle.article_id)
        .where(StoryArticle.story_id.in_([s.id for s in found]))
        .order_by(Article.published, Article.id)
    )
    for story_id, article_id, published, source, title, url in session.execute(query):
        members.setdefault(story_id, []).append(
            {"id": article_id, "published": _iso(published), "source": source, "title": title, "url": url}
        )
    return [
        {
            "id": f"story-{s.id}",
            "title": s.title,
            "first_date": _iso(s.first_date),
            "last_date": _iso(s.last_date),
            "num_articles": s.num_articles,
            "num_sources": s.num_sources,
            "articles": members.get(s.id, []),
        }
        for s in found
    ]


# -- helpers --------------------------------------------------------------------------------------


def _article_filters(query: Query, f: Filters) -> Query:
    if f.since:
        query = query.where(Article.published >= f.since)
    if f.until:
        query = query.where(Article.published <= f.until)
    if f.source:
        query = query.where(Article.source.ilike(_like(f.source), escape="\\"))
    if f.text:
        query = query.where(Article.text.ilike(_like(f.text), escape="\\"))
    return query


def _pages(session: Session, query: Query, build: Any) -> Iterator[dict[str, Any]]:
    """Records built a page of rows at a time (one query per page for their related rows)."""
    page: list[Any] = []
    for row in session.execute(query).yield_per(_PAGE):
        page.append(row)
        if len(page) == _PAGE:
            yield from build(session, page)
            page = []
    if page:
        yield from build(session, page)


def _place(
    name: str | None, country: str | None, lat: float | None, lon: float | None
) -> dict[str, Any] | None:
    if name is None and country is None:
        return None
    return {"name": name, "country": country, "lat": lat, "lon": lon}


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None
