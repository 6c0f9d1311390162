"""Event-level deduplication: the reports of one real-world event, across articles, merged
into one event with its sources and its counts of articles and sources.

Two reports are the same event when they have the same PLOVER type, the same negation and
auxiliary modes (a denied or hypothetical attack is not the attack), dates within the window
(±1 day by default: the reports' own event dates, else their publication dates), compatible
places (same country, and within ``place_km`` when both have coordinates) and overlapping
participants. Participants overlap when some actor of one is some actor of the other, compared
by cross-document key (a person's full name, a state's code, an organisation's short name), by
organisation or by country — so "Stoltenberg", "la NATO" and "un diplomatico della NATO" meet,
and so do "Trump" and "gli Stati Uniti" — and, when both have recipients, so do their
recipients. Among several candidate events a report joins the one it shares most with.

Merging is incremental: after each ingest batch, :func:`merge_pending` places every report of
a current analysis that is in no event yet, then recounts the events it touched. Re-analysing
an article first takes its reports out of their events (:func:`detach`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from cronaca.actors.kb import name_key
from cronaca.store import sources
from cronaca.store.schema import Analysis, utcnow
from cronaca.store.schema_events import ActorRow, EventActor, EventReport, EventRow, EventSource


@dataclass(frozen=True)
class MergeOptions:
    window_days: int = 1
    place_km: float = 100.0


@dataclass
class MergeStats:
    reports: int = 0
    new_events: int = 0
    merged: int = 0
    refreshed: int = 0


Participant = dict[str, Any]


@dataclass
class _Sides:
    actor: list[Participant] = field(default_factory=list)
    recipient: list[Participant] = field(default_factory=list)


def detach(session: Session, article_ids: Iterable[str]) -> set[int]:
    """Take the articles' reports out of their events; return the events to recount."""
    ids = list(article_ids)
    if not ids:
        return set()
    touched = set(
        session.scalars(
            select(EventReport.event_id).where(
                EventReport.article_id.in_(ids), EventReport.event_id.is_not(None)
            )
        )
    )
    if touched:
        session.execute(update(EventReport).where(EventReport.article_id.in_(ids)).values(event_id=None))
        session.execute(delete(EventSource).where(EventSource.article_id.in_(ids)))
    return {t for t in touched if t is not None}


def events_of(session: Session, article_ids: Iterable[str]) -> set[int]:
    """The events the articles report."""
    ids = list(article_ids)
    if not ids:
        return set()
    query = select(EventReport.event_id).where(
        EventReport.article_id.in_(ids), EventReport.event_id.is_not(None)
    )
    return {e for e in session.scalars(query) if e is not None}


def merge_pending(
    session: Session,
    touched: Iterable[int] = (),
    options: MergeOptions | None = None,
    article_ids: Sequence[str] | None = None,
) -> MergeStats:
    """Place every report of a current analysis that is in no event yet (of ``article_ids``
    only, when given: the articles of an ingest batch), then recount the events it touched
    and ``touched``."""
    options = options or MergeOptions()
    stats = MergeStats()
    to_refresh = set(touched)
    query = (
        select(EventReport)
        .join(Analysis, Analysis.id == EventReport.analysis_id)
        .where(Analysis.current, EventReport.event_id.is_(None))
        .order_by(EventReport.day, EventReport.id)
    )
    if article_ids is not None:
        query = query.where(EventReport.article_id.in_(list(article_ids)))
    pending = session.scalars(query).all()
    sides = _participants(session, [r.id for r in pending])
    days: dict[int, Counter[dt.date]] = {}
    for report in pending:
        stats.reports += 1
        mine = sides.get(report.id, _Sides())
        event = _best_event(session, report, mine, options)
        if event is None:
            event = _new_event(report, mine)
            session.add(event)
            session.flush()
            stats.new_events += 1
        else:
            event.actor = _union(event.actor, mine.actor)
            event.recipient = _union(event.recipient, mine.recipient)
            stats.merged += 1
        if report.day is not None:
            # the event's day is the most common day of its reports, kept up to date as they come
            if event.id not in days:
                days[event.id] = Counter(
                    session.scalars(
                        select(EventReport.day).where(
                            EventReport.event_id == event.id, EventReport.day.is_not(None)
                        )
                    )
                )
            days[event.id][report.day] += 1
            event.day = _mode(list(days[event.id].elements()))
        report.event_id = event.id
        to_refresh.add(event.id)
    session.flush()
    for event_id in sorted(to_refresh):
        refresh(session, event_id)
        stats.refreshed += 1
    return stats


def rebuild(session: Session, options: MergeOptions | None = None) -> MergeStats:
    """Merge every current report again from scratch (after changing the options)."""
    session.execute(update(EventReport).values(event_id=None))
    session.execute(delete(EventSource))
    session.execute(delete(EventRow))
    return merge_pending(session, options=options)


def refresh(session: Session, event_id: int) -> None:
    """Recompute an event from its reports: participants, date, place, sources and counts; an
    event left without reports is deleted."""
    event = session.get(EventRow, event_id)
    if event is None:
        return
    reports = session.scalars(
        select(EventReport).where(EventReport.event_id == event_id).order_by(EventReport.id)
    ).all()
    session.execute(delete(EventSource).where(EventSource.event_id == event_id))
    if not reports:
        session.delete(event)
        return
    sides = _participants(session, [r.id for r in reports])
    actor: list[Participant] = []
    recipient: list[Participant] = []
    for r in reports:
        actor = _union(actor, sides.get(r.id, _Sides()).actor)
        recipient = _union(recipient, sides.get(r.id, _Sides()).recipient)
    days = [r.day for r in reports if r.day is not None]
    event.actor, event.recipient = actor, recipient
    event.day = _mode(days)
    event.last_day = max(days) if days else None
    event.mode = _mode([r.mode for r in reports if r.mode])
    event.cameo = _mode([r.cameo for r in reports if r.cameo])
    event.context = sorted({c for r in reports for c in r.context})
    event.confidence = max(r.confidence for r in reports)
    placed = [r for r in reports if r.place_name]
    if placed:
        best = max(placed, key=lambda r: (r.place_lat is not None, r.place_country is not None))
        event.place_name, event.place_country = best.place_name, best.place_country
        event.place_lat, event.place_lon = best.place_lat, best.place_lon
    first_report: dict[str, int] = {}
    for r in reports:
        first_report.setdefault(r.article_id, r.id)
    pubs = sources.publications(session, first_report)
    if pubs:
        session.execute(
            insert(EventSource),
            [
                {
                    "event_id": event_id,
                    "report_id": first_report[p.article_id],
                    "article_id": p.article_id,
                    "copy_id": p.copy_id,
                    "source": p.source,
                    "url": p.url,
                    "published": p.published,
                }
                for p in pubs
            ],
        )
    event.num_reports = len(reports)
    event.num_articles, event.num_sources = sources.counts(pubs)
    event.updated_at = utcnow()


# -- matching ---------------------------------------------------------------------------------


def _best_event(
    session: Session, report: EventReport, mine: _Sides, options: MergeOptions
) -> EventRow | None:
    query = select(EventRow).where(EventRow.type == report.type, EventRow.negated == report.negated)
    if report.day is None:
        query = query.where(EventRow.day.is_(None))
    else:
        window = dt.timedelta(days=options.window_days)
        query = query.where(EventRow.day.between(report.day - window, report.day + window))
    best: tuple[int, int, int] | None = None
    chosen: EventRow | None = None
    for event in session.scalars(query):
        if sorted(event.aux) != sorted(report.aux) or not _places_agree(report, event, options.place_km):
            continue
        shared_actors = _overlap(mine.actor, event.actor)
        if shared_actors < 0:
            continue
        shared_recipients = _overlap(mine.recipient, event.recipient)
        if shared_recipients < 0 and mine.recipient and event.recipient:
            continue
        distance = abs((report.day - event.day).days) if report.day and event.day else 0
        score = (shared_actors + max(shared_recipients, 0), -distance, -event.id)
        if best is None or score > best:
            best, chosen = score, event
    return chosen


def _overlap(mine: list[Participant], theirs: list[Participant]) -> int:
    """How many identity tokens two sides share; 0 when both are empty, -1 when they share none."""
    if not mine and not theirs:
        return 0
    shared = _tokens(mine) & _tokens(theirs)
    return len(shared) if shared else -1


def _tokens(side: list[Participant]) -> set[str]:
    out: set[str] = set()
    for p in side:
        out.add(f"key:{p['key']}")
        if p.get("org"):
            out.add(f"org:{p['org']}")
        if p.get("country"):
            out.add(f"country:{p['country']}")
    return out


def _places_agree(report: EventReport, event: EventRow, km: float) -> bool:
    if report.place_country and event.place_country and report.place_country != event.place_country:
        return False
    coords = (report.place_lat, report.place_lon, event.place_lat, event.place_lon)
    if all(c is not None for c in coords):
        lat1, lon1, lat2, lon2 = (float(c) for c in coords)  # type: ignore[arg-type]
        return _km(lat1, lon1, lat2, lon2) <= km
    if not (report.place_country or event.place_country) and report.place_name and event.place_name:
        return name_key(report.place_name) == name_key(event.place_name)
    return True


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


# -- building events ---------------------------------------------------------------------------


def _new_event(report: EventReport, mine: _Sides) -> EventRow:
    return EventRow(
        type=report.type,
        mode=report.mode,
        context=list(report.context),
        day=report.day,
        last_day=report.day,
        place_name=report.place_name,
        place_country=report.place_country,
        place_lat=report.place_lat,
        place_lon=report.place_lon,
        negated=report.negated,
        aux=sorted(report.aux),
        actor=list(mine.actor),
        recipient=list(mine.recipient),
        confidence=report.confidence,
        cameo=report.cameo,
        num_reports=0,
        num_articles=0,
        num_sources=0,
    )


def _participants(session: Session, report_ids: list[int]) -> dict[int, _Sides]:
    out: dict[int, _Sides] = {}
    for i in range(0, len(report_ids), 500):
        chunk = report_ids[i : i + 500]
        query = (
            select(
                EventActor.report_id,
                EventActor.role,
                ActorRow.key,
                ActorRow.name,
                ActorRow.type,
                ActorRow.country,
                ActorRow.org,
                ActorRow.sector,
            )
            .join(ActorRow, ActorRow.id == EventActor.actor_row_id)
            .where(EventActor.report_id.in_(chunk))
            .order_by(EventActor.id)
        )
        for report_id, role, key, name, kind, country, org, sector in session.execute(query):
            entry = {"key": key, "name": name, "type": kind, "country": country, "org": org, "sector": sector}
            sides = out.setdefault(report_id, _Sides())
            (sides.actor if role == "actor" else sides.recipient).append(entry)
    return out


def _union(have: list[Participant], new: list[Participant]) -> list[Participant]:
    out = list(have)
    keys = {p["key"] for p in have}
    for p in new:
        if p["key"] not in keys:
            keys.add(p["key"])
            out.append(p)
    return out


def _mode(values: list[Any]) -> Any:
    """The most common value, the smallest among ties (None when there are none)."""
    if not values:
        return None
    counts = Counter(values)
    top = max(counts.values())
    return min(v for v, n in counts.items() if n == top)
