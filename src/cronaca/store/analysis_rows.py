"""The rows of one analysis: its actors, quotes and reported events, written in the same
transaction as the analysis (and deleted with it)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from cronaca.actors.kb import name_key
from cronaca.model import Actor, Document, Event
from cronaca.store.schema_events import ActorRow, EventActor, EventReport, QuoteRow

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:$|T)")
_ORG_TYPES = frozenset({"igo", "ngo", "armed_group", "party", "company"})


def actor_key(actor: Actor) -> str:
    """The key an actor is known by across documents: a person by their folded full name, a
    state by its country code, an organisation by its short name, anything else by its id
    (the actors stage builds those ids from role, country and organisation)."""
    person = person_key(actor)
    if person is not None:
        return f"person:{person}"
    if actor.type == "state" and actor.country:
        return f"state:{actor.country}"
    if actor.type in _ORG_TYPES and actor.org:
        return f"org:{actor.org}"
    return actor.id


def person_key(actor: Actor) -> str | None:
    """A named person's folded full name; None for anyone else, and for a bare surname (which
    may designate several people) or a description ("un diplomatico della NATO")."""
    if actor.type != "person" or actor.id.startswith("nominal:") or len(actor.name.split()) < 2:
        return None
    return name_key(actor.name)


def day_of(timex: str | None) -> dt.date | None:
    """The day a TIMEX3 value names (``2020-01-03``, ``2020-01-03T10:00``), else None."""
    if not timex:
        return None
    match = _DAY.match(timex)
    if match is None:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def write_rows(session: Session, analysis_id: int, doc: Document) -> None:
    """Insert the actors, quotes and event reports of ``doc``'s analysis ``analysis_id``."""
    keys = {a.id: actor_key(a) for a in doc.actors}
    row_ids: dict[str, int] = {}
    if doc.actors:
        rows = [
            {
                "analysis_id": analysis_id,
                "actor_id": a.id[:200],
                "key": keys[a.id][:300],
                "name": a.name[:500],
                "type": a.type,
                "country": a.country,
                "org": (a.org or None) and a.org[:100],
                "sector": (a.sector or None) and a.sector[:20],
                "role": (a.role or None) and a.role[:200],
                "mentions": len(a.mentions),
            }
            for a in doc.actors
        ]
        if doc.events:  # their participants link to the actor rows: get the rows' ids back
            statement = insert(ActorRow).returning(ActorRow.id, sort_by_parameter_order=True)
            ids = session.scalars(statement, rows).all()
            row_ids = {a.id: row_id for a, row_id in zip(doc.actors, ids, strict=True)}
        else:
            session.execute(insert(ActorRow), rows)
    if doc.quotes:
        session.execute(
            insert(QuoteRow),
            [
                {
                    "analysis_id": analysis_id,
                    "idx": i,
                    "start": q.start,
                    "end": q.end,
                    "text": q.text,
                    "direct": q.direct,
                    "speaker": q.speaker,
                    "speaker_key": keys.get(q.speaker) if q.speaker else None,
                    "speaker_text": (q.speaker_text or None) and q.speaker_text[:500],
                    "speaker_kind": _short(getattr(q, "speaker_kind", None), 20),
                    "cue": (q.cue or None) and q.cue[:200],
                }
                for i, q in enumerate(doc.quotes)
            ],
        )
    if doc.events:
        report_ids = session.scalars(
            insert(EventReport).returning(EventReport.id, sort_by_parameter_order=True),
            [_report(analysis_id, doc, i, e) for i, e in enumerate(doc.events)],
        ).all()
        links = [
            {"report_id": report_id, "role": role, "actor_row_id": row_ids[actor_id]}
            for report_id, event in zip(report_ids, doc.events, strict=True)
            for role, actor_ids in (("actor", event.actor), ("recipient", event.recipient))
            for actor_id in dict.fromkeys(actor_ids)
            if actor_id in row_ids
        ]
        if links:
            session.execute(insert(EventActor), links)


def _short(value: object, n: int) -> str | None:
    return str(value)[:n] if value else None


def _report(analysis_id: int, doc: Document, idx: int, event: Event) -> dict[str, Any]:
    place = doc.places[event.place] if event.place is not None and event.place < len(doc.places) else None
    return {
        "analysis_id": analysis_id,
        "article_id": doc.id,
        "idx": idx,
        "type": event.type,
        "mode": (event.mode or None) and event.mode[:50],
        "context": list(event.context),
        "actor": list(event.actor),
        "recipient": list(event.recipient),
        "date": (event.date or None) and event.date[:40],
        "day": day_of(event.date) or doc.published,
        "place_name": place.name[:200] if place else None,
        "place_country": place.country if place else None,
        "place_lat": place.lat if place else None,
        "place_lon": place.lon if place else None,
        "negated": event.negated,
        "aux": sorted(event.aux),
        "trigger_start": event.trigger.start,
        "trigger_end": event.trigger.end,
        "trigger_text": event.trigger.text[:500],
        "sentence_start": event.sentence.start,
        "sentence_end": event.sentence.end,
        "sentence_text": doc.text[event.sentence.start : event.sentence.end],
        "quote": event.quote,
        "confidence": event.confidence,
        "cameo": (event.cameo or None) and event.cameo[:10],
    }
