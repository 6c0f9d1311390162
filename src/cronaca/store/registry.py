"""The cross-document actor registry: what articles said about people, and when.

After each ingest batch every person with a full name and a role, organisation or country in
an article is recorded as an observation (one per person and article, replaced when the article
is re-analysed), and the person's current profile is recomputed: the most recent observation by
article date, its missing fields filled from older observations of the same role. Older
profiles stay in the history. :func:`lookup` lets a later article resolve a bare "Stoltenberg".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from cronaca.actors.kb import name_key
from cronaca.model import Actor, Document
from cronaca.store.analysis_rows import person_key
from cronaca.store.schema import utcnow
from cronaca.store.schema_events import RegistryActor, RegistryObservation

HISTORY = 50
"""Most observations a lookup returns (the most recent)."""
_FIELDS = ("country", "org", "sector", "role")


@dataclass(frozen=True)
class Observation:
    day: dt.date | None
    article_id: str
    name: str
    country: str | None
    org: str | None
    sector: str | None
    role: str | None


@dataclass(frozen=True)
class RegistryEntry:
    """A person as the store knows them: the current profile and its history (newest first)."""

    key: str
    name: str
    type: str
    country: str | None
    org: str | None
    sector: str | None
    role: str | None
    first_seen: dt.date | None
    last_seen: dt.date | None
    observations: int
    history: tuple[Observation, ...]


def observe(session: Session, docs: Sequence[Document]) -> int:
    """Record what ``docs`` say about people and update their profiles; return how many
    people were touched."""
    ids = [doc.id for doc in docs]
    # a re-analysed article replaces everything it said before
    touched = set(
        session.scalars(
            select(RegistryObservation.registry_id).where(RegistryObservation.article_id.in_(ids))
        )
    )
    session.execute(delete(RegistryObservation).where(RegistryObservation.article_id.in_(ids)))
    found: dict[tuple[str, str], tuple[Document, Actor]] = {}  # (article, person) → what it says
    for doc in docs:
        for actor in doc.actors:
            key = person_key(actor)
            learned_here = actor.resolved_by is None  # not what the registry itself lent
            if key is not None and learned_here and (actor.role or actor.org or actor.country):
                found.setdefault((doc.id, key[:300]), (doc, actor))
    if found:
        registry_ids = _registry_ids(session, {key: actor.name for (_, key), (_, actor) in found.items()})
        session.execute(
            insert(RegistryObservation),
            [
                {
                    "registry_id": registry_ids[key],
                    "article_id": doc.id,
                    "day": doc.published,
                    "name": actor.name[:500],
                    "country": actor.country,
                    "org": (actor.org or None) and actor.org[:100],
                    "sector": (actor.sector or None) and actor.sector[:20],
                    "role": (actor.role or None) and actor.role[:200],
                    "created_at": utcnow(),
                }
                for (_, key), (doc, actor) in found.items()
            ],
        )
        touched.update(registry_ids.values())
    _update(session, touched)
    return len(touched)


def enrich(session: Session, doc: Document) -> int:
    """Give the people ``doc`` names without saying who they are ("Stoltenberg ha detto") what
    earlier articles said about them, as of the article's date; mark them ``resolved_by``
    "registry" (so they are not recorded back as new observations). Return how many."""
    filled = 0
    for actor in doc.actors:
        if (
            actor.type != "person"
            or actor.org
            or actor.country
            or actor.role
            or actor.id.startswith("nominal:")
        ):
            continue
        entry = lookup(session, actor.name, at=doc.published)
        if entry is None or not (entry.org or entry.country or entry.role):
            continue
        if doc.published and entry.first_seen and entry.first_seen > doc.published:
            continue  # learned only after this article: roles change, do not project back
        actor.country, actor.org, actor.sector, actor.role = (
            entry.country,
            entry.org,
            entry.sector,
            entry.role,
        )
        actor.resolved_by = "registry"
        filled += 1
    return filled


def lookup(session: Session, name: str, at: dt.date | None = None) -> RegistryEntry | None:
    """The person ``name`` designates: a full name ("Jens Stoltenberg"), or the end of one
    ("Stoltenberg", "Di Maio") when it fits one registered person — or several of whom one has
    been seen at least twice as often as any other. ``at`` gives the profile as of that day
    (the most recent observation on or before it) instead of the current one."""
    found = candidates(session, name, at)
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        first, second = found[0], found[1]
        if first.key == name_key(name) or first.observations >= 2 * second.observations:
            return first
    return None


def candidates(session: Session, name: str, at: dt.date | None = None) -> list[RegistryEntry]:
    """Every registered person ``name`` may designate, the exact name first, then the most
    observed."""
    key = name_key(name)
    if not key:
        return []
    surname = key.split()[-1]
    rows = session.scalars(select(RegistryActor).where(RegistryActor.surname == surname)).all()
    fits = [r for r in rows if r.key == key or r.key.endswith(" " + key)]
    fits.sort(key=lambda r: (r.key != key, -r.observations, r.key))
    return [_entry(session, r, at) for r in fits]


# -- internals ------------------------------------------------------------------------------


def _registry_ids(session: Session, names: dict[str, str]) -> dict[str, int]:
    """The registry ids of people by key, registering those not yet known."""
    rows = [
        {
            "key": key,
            "surname": key.split()[-1][:200],
            "name": name[:500],
            "type": "person",
            "observations": 0,
            "updated_at": utcnow(),
        }
        for key, name in sorted(names.items())
    ]
    # concurrent ingests may register the same person: insert if absent, then read the ids back
    dialect = session.get_bind().dialect.name
    statement = (pg_insert if dialect == "postgresql" else sqlite_insert)(RegistryActor)
    session.execute(statement.on_conflict_do_nothing(index_elements=["key"]), rows)
    query = select(RegistryActor.key, RegistryActor.id).where(RegistryActor.key.in_(list(names)))
    return {key: registry_id for key, registry_id in session.execute(query)}


def _history(session: Session, registry_id: int, at: dt.date | None = None) -> list[Observation]:
    query = select(RegistryObservation).where(RegistryObservation.registry_id == registry_id)
    if at is not None:
        query = query.where(RegistryObservation.day <= at)
    query = query.order_by(
        RegistryObservation.day.desc().nulls_last(),
        RegistryObservation.created_at.desc(),
        RegistryObservation.id.desc(),
    ).limit(HISTORY)
    return [
        Observation(o.day, o.article_id, o.name, o.country, o.org, o.sector, o.role)
        for o in session.scalars(query)
    ]


def _profile(history: Iterable[Observation]) -> dict[str, str | None]:
    """The newest observation, its empty fields filled from older ones of a compatible role."""
    items = list(history)
    if not items:
        return dict.fromkeys(_FIELDS)
    newest = items[0]
    profile: dict[str, str | None] = {f: getattr(newest, f) for f in _FIELDS}
    for older in items[1:]:
        if newest.role and older.role and older.role != newest.role:
            continue
        for f in _FIELDS:
            if profile[f] is None:
                profile[f] = getattr(older, f)
    return profile


def _update(session: Session, registry_ids: set[int]) -> None:
    """Recompute the profiles of people from their observations; forget those left with none."""
    ids = sorted(registry_ids)
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        o = RegistryObservation
        summary = {
            registry_id: (int(count), first, last)
            for registry_id, count, first, last in session.execute(
                select(o.registry_id, func.count(o.id), func.min(o.day), func.max(o.day))
                .where(o.registry_id.in_(chunk))
                .group_by(o.registry_id)
            )
        }
        for person in session.scalars(select(RegistryActor).where(RegistryActor.id.in_(chunk))):
            if person.id not in summary:
                session.delete(person)
                continue
            count, first, last = summary[person.id]
            history = _history(session, person.id)
            for f, value in _profile(history).items():
                setattr(person, f, value)
            person.name = history[0].name
            person.observations, person.first_seen, person.last_seen = count, first, last
            person.updated_at = utcnow()


def _entry(session: Session, person: RegistryActor, at: dt.date | None) -> RegistryEntry:
    history = _history(session, person.id)
    profile = {f: getattr(person, f) for f in _FIELDS}
    if at is not None:
        past = _history(session, person.id, at)
        if past:
            profile = _profile(past)
    return RegistryEntry(
        key=person.key,
        name=person.name,
        type=person.type,
        country=profile["country"],
        org=profile["org"],
        sector=profile["sector"],
        role=profile["role"],
        first_seen=person.first_seen,
        last_seen=person.last_seen,
        observations=person.observations,
        history=tuple(history),
    )
