"""Actors, quotes and events in the store, and event-level deduplication: twenty outlets'
reports of one drone attack become one event with twenty sources (on SQLite and PostgreSQL).

No event stage exists yet, so the documents' actors, places, quotes and events are coded by
hand on top of the real pipeline's analysis (:class:`HandCoded`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import func, select

import test_store
from cronaca.ingest.article import ArticleInput
from cronaca.model import Actor, Document, Event, Place, Quote, Span, TextSpan
from cronaca.pipeline.pipeline import Item, Pipeline, Result, Runner
from cronaca.store import events as event_merge
from cronaca.store.db import Store
from cronaca.store.ingest import Ingester
from cronaca.store.schema import Analysis, Base
from cronaca.store.schema_events import (
    ActorRow,
    EventActor,
    EventReport,
    EventRow,
    EventSource,
    QuoteRow,
)

# -- hand coding --------------------------------------------------------------------------------


@dataclass
class EventSpec:
    type: str
    trigger: str
    actor: list[str]
    recipient: list[str] = field(default_factory=list)
    date: str | None = None
    place: str | None = None
    negated: bool = False
    cameo: str | None = None
    mode: str | None = None


@dataclass
class Coding:
    actors: list[Actor] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    events: list[EventSpec] = field(default_factory=list)
    quotes: list[tuple[str, str | None, bool]] = field(default_factory=list)
    """(quoted text, speaker actor id, direct)"""


PLACES = {
    "Ain al-Asad": ("Ain al-Asad", "IRQ", 33.80, 42.44),
    "Erbil": ("Erbil", "IRQ", 36.19, 44.01),
    "Maiduguri": ("Maiduguri", "NGA", 11.85, 13.16),
    "Bruxelles": ("Brussels", "BEL", 50.85, 4.35),
}


def span(doc: Document, needle: str) -> TextSpan:
    start = doc.text.index(needle)
    return TextSpan(start=start, end=start + len(needle), text=needle)


def sentence_at(doc: Document, offset: int) -> Span:
    for s in doc.sentences:
        if s.start <= offset < s.end:
            return Span(start=s.start, end=s.end)
    return Span(start=0, end=len(doc.text))


def apply(doc: Document, coding: Coding) -> Document:
    """``doc`` with the hand-coded actors, places, quotes and events."""
    places: list[Place] = []
    place_index: dict[str, int] = {}
    for spec in coding.events:
        if spec.place and spec.place not in place_index and spec.place in doc.text:
            name, country, lat, lon = PLACES[spec.place]
            place_index[spec.place] = len(places)
            places.append(
                Place(**span(doc, spec.place).model_dump(), name=name, country=country, lat=lat, lon=lon)
            )
    quotes = [
        Quote(**span(doc, quoted).model_dump(), direct=direct, speaker=speaker, cue="ha detto")
        for quoted, speaker, direct in coding.quotes
    ]
    events = []
    for spec in coding.events:
        trigger = span(doc, spec.trigger)
        events.append(
            Event(
                type=spec.type,  # type: ignore[arg-type]
                mode=spec.mode,
                actor=spec.actor,
                recipient=spec.recipient,
                date=spec.date,
                place=place_index.get(spec.place) if spec.place else None,
                negated=spec.negated,
                trigger=trigger,
                sentence=sentence_at(doc, trigger.start),
                confidence=0.9,
                cameo=spec.cameo,
            )
        )
    return doc.model_copy(
        update={"actors": coding.actors, "places": places, "quotes": quotes, "events": events}
    )


class HandCoded(Runner):
    """The real pipeline, then the hand coding of each article (by its input id)."""

    def __init__(self, nlp: Pipeline, codings: dict[str, Coding]) -> None:
        self.spec = nlp.spec
        self.nlp = nlp
        self.codings = codings

    def process_batch(self, items: list[Item]) -> list[Result]:
        out: list[Result] = []
        for result in self.nlp.process_batch(items):
            if isinstance(result, Document) and result.external_id in self.codings:
                result = apply(result, self.codings[result.external_id])
            out.append(result)
        return out


def actor(actor_id: str, name: str, kind: str, **kw: Any) -> Actor:
    return Actor(id=actor_id, name=name, type=kind, mentions=[], **kw)  # type: ignore[arg-type]


MILITIA = actor("group:milizie-filo-iraniane", "milizie sciite filo-iraniane", "armed_group", country="IRQ")
USA = actor("state:USA", "Stati Uniti", "state", country="USA", sector="GOV")
US_TROOPS = actor(
    "nominal:group:soldier:USA:None",
    "truppe statunitensi",
    "group",
    country="USA",
    sector="MIL",
    role="soldier",
)
MAROTTO = actor(
    "person:wayne-marotto",
    "Wayne Marotto",
    "person",
    country="USA",
    org="CJTF-OIR",
    sector="MIL",
    role="spokesperson",
)
ISIS = actor("org:ISIS", "Stato islamico", "armed_group", org="ISIS", sector="REB")
NGA = actor("state:NGA", "Nigeria", "state", country="NGA", sector="GOV")

# -- twenty outlets, one drone attack ----------------------------------------------------------

OUTLETS = [
    "ANSA",
    "Agenzia Nova",
    "Adnkronos",
    "AGI",
    "la Repubblica",
    "Corriere della Sera",
    "La Stampa",
    "Il Messaggero",
    "Il Sole 24 Ore",
    "Rai News",
    "Sky TG24",
    "TGCom24",
    "Il Fatto Quotidiano",
    "Avvenire",
    "Il Giornale",
    "Il Post",
    "Euronews",
    "Il Mattino",
    "La Nazione",
    "Formiche",
]
OPENINGS = [
    "BAGHDAD –",
    "BAGHDAD, 4 maggio –",
    "Roma, 4 maggio –",
    "(AGI) Baghdad –",
    "Baghdad –",
]
VERBS = ["ha colpito", "ha raggiunto", "ha preso di mira", "si è abbattuto su"]
CLOSINGS = [
    "Seguiranno aggiornamenti.",
    "La situazione resta tesa.",
    "Nessun gruppo ha finora rivendicato l'azione.",
    "Il Pentagono segue da vicino la vicenda.",
    "",
]
BODY = (
    "{opening} Un attacco con droni {verb} nella notte tra lunedì e martedì la base aerea di "
    "Ain al-Asad, nella provincia irachena di Anbar, che ospita truppe statunitensi e della "
    "coalizione internazionale. Lo ha reso noto il portavoce della coalizione, il colonnello "
    "Wayne Marotto, precisando che non ci sono state vittime ma che un hangar ha subito danni. "
    "Secondo fonti della sicurezza irachena i velivoli, carichi di esplosivo, sono stati "
    "lanciati da milizie sciite filo-iraniane, che da mesi chiedono il ritiro delle forze "
    "americane dal Paese. {closing}"
)


def wire_report(n: int) -> dict[str, str]:
    text = BODY.format(
        opening=OPENINGS[n % len(OPENINGS)],
        verb=VERBS[n % len(VERBS)],
        closing=CLOSINGS[n % len(CLOSINGS)] + f" ({OUTLETS[n]})",
    )
    return {
        "id": f"wire-{n}",
        "title": "Attacco con droni contro la base di Ain al-Asad, nessuna vittima",
        "text": text,
        "published": "2021-05-04" if n % 3 else "2021-05-05",
        "url": f"https://news{n}.example/esteri/ain-al-asad",
        "source": OUTLETS[n],
    }


def wire_coding(n: int) -> Coding:
    # half the outlets name the target "truppe statunitensi", half "Stati Uniti": the same side
    target = US_TROOPS if n % 2 else USA
    return Coding(
        actors=[MILITIA, target, MAROTTO],
        events=[
            EventSpec(
                "ASSAULT",
                "attacco",
                [MILITIA.id],
                [target.id],
                date="2021-05-04" if n % 4 else "2021-05-03",  # "la notte tra lunedì e martedì"
                place="Ain al-Asad",
                mode="drone",
                cameo="195",
            )
        ],
    )


# -- fixtures -----------------------------------------------------------------------------------


store = test_store.store  # the SQLite and PostgreSQL fixture, shared


Ingest = Callable[..., Ingester]


@pytest.fixture
def ingest(store: Store, nlp_it: Pipeline) -> Ingest:
    """Ingest records coded by hand (``codings`` by record id)."""

    def run(
        records: list[dict[str, str]],
        codings: dict[str, Coding],
        batch_size: int = 8,
        version: str | None = None,
        force: bool = False,
        **options: Any,
    ) -> Ingester:
        ingester = Ingester(store, HandCoded(nlp_it, codings), batch_size=batch_size, force=force, **options)
        if version:
            ingester.version = version
        ingester.run([ArticleInput.model_validate(r) for r in records], inputs=["test"])
        return ingester

    return run


def count(store: Store, model: type[Base]) -> int:
    with store.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def the_events(store: Store) -> list[EventRow]:
    with store.session() as session:
        return list(session.scalars(select(EventRow).order_by(EventRow.id)))


# -- tests --------------------------------------------------------------------------------------


def test_twenty_reports_of_one_event_are_one_event_with_twenty_sources(store: Store, ingest: Ingest) -> None:
    records = [wire_report(n) for n in range(20)]
    run = ingest(records, {f"wire-{n}": wire_coding(n) for n in range(20)}, batch_size=6)
    assert run.stats.stored + run.stats.near_duplicates == 20
    assert count(store, EventReport) == 20
    (event,) = the_events(store)
    assert (event.num_reports, event.num_articles, event.num_sources) == (20, 20, 20)
    assert event.type == "ASSAULT" and event.mode == "drone" and event.cameo == "195"
    assert event.day == dt.date(2021, 5, 4) and event.place_country == "IRQ"
    assert {a["key"] for a in event.actor} == {MILITIA.id}
    assert {a["key"] for a in event.recipient} == {"state:USA", US_TROOPS.id}
    with store.session() as session:
        sources = session.scalars(select(EventSource.source).where(EventSource.event_id == event.id)).all()
    assert sorted(sources) == sorted(OUTLETS)
    # ingesting the same reports again changes nothing
    again = ingest(records, {f"wire-{n}": wire_coding(n) for n in range(20)})
    assert again.stats.already_stored == 20
    (same,) = the_events(store)
    assert (same.id, same.num_reports, same.num_sources) == (event.id, 20, 20)


def test_copies_count_as_sources_once(store: Store, ingest: Ingest) -> None:
    codings = {f"wire-{n}": wire_coding(n) for n in range(3)}
    ingest([wire_report(n) for n in range(3)], codings)
    # the same text on another site is a copy: one more article and source, no new report
    copy = {**wire_report(0), "id": "copy", "source": "Notizie Geopolitiche", "url": "https://ng.example/1"}
    # the same outlet's updated version of its story is not a second article nor a second source
    update = {
        **wire_report(1),
        "id": "update",
        "text": wire_report(1)["text"].replace("un hangar", "un hangar e una pista"),
    }
    codings["update"] = wire_coding(1)
    run = ingest([copy, update], codings)
    assert run.stats.copies == 1 and run.stats.near_duplicates == 1
    (event,) = the_events(store)
    assert event.num_reports == 4
    assert (event.num_articles, event.num_sources) == (4, 4)
    with store.session() as session:
        copies = session.scalar(
            select(func.count()).select_from(EventSource).where(EventSource.copy_id.is_not(None))
        )
    assert copies == 1


def test_different_dates_actors_types_places_and_negation_stay_apart(store: Store, ingest: Ingest) -> None:
    base = wire_report(0)
    records = [base]
    codings = {"wire-0": wire_coding(0)}

    def add(name: str, text: str, coding: Coding, published: str = "2021-05-04") -> None:
        records.append({"id": name, "title": name, "text": text, "published": published, "source": name})
        codings[name] = coding

    # the same militia attacks the same base two weeks later
    add(
        "later",
        "BAGHDAD – Un nuovo attacco con droni ha colpito la base aerea di Ain al-Asad, dove sono "
        "schierate truppe statunitensi; l'attacco è stato attribuito a milizie sciite filo-iraniane.",
        Coding(
            [MILITIA, USA],
            events=[EventSpec("ASSAULT", "attacco", [MILITIA.id], [USA.id], "2021-05-18", "Ain al-Asad")],
        ),
        published="2021-05-18",
    )
    # another attack on the same day, by other actors, elsewhere
    add(
        "borno",
        "MAIDUGURI – Miliziani dello Stato islamico hanno condotto un attacco contro un "
        "presidio dell'esercito della Nigeria alla periferia di Maiduguri, nel Borno.",
        Coding(
            [ISIS, NGA],
            events=[EventSpec("ASSAULT", "attacco", [ISIS.id], [NGA.id], "2021-05-04", "Maiduguri")],
        ),
    )
    # the same day and actors, another kind of event: Washington accuses the militias
    add(
        "accusa",
        "WASHINGTON – Gli Stati Uniti accusano le milizie sciite filo-iraniane dell'attacco di "
        "martedì contro la base di Ain al-Asad e promettono una risposta.",
        Coding(
            [USA, MILITIA], events=[EventSpec("ACCUSE", "accusano", [USA.id], [MILITIA.id], "2021-05-04")]
        ),
    )
    # the same militia, the same day, but at Erbil: another attack
    add(
        "erbil",
        "ERBIL – Un secondo attacco con droni delle milizie sciite filo-iraniane ha colpito "
        "l'aeroporto di Erbil, che ospita truppe statunitensi.",
        Coding(
            [MILITIA, US_TROOPS],
            events=[EventSpec("ASSAULT", "attacco", [MILITIA.id], [US_TROOPS.id], "2021-05-04", "Erbil")],
        ),
    )
    # an attack that did not happen
    add(
        "smentita",
        "BAGHDAD – Le milizie sciite filo-iraniane negano di aver condotto un attacco contro "
        "le truppe statunitensi ad Ain al-Asad: nessun attacco è partito dalle loro basi.",
        Coding(
            [MILITIA, US_TROOPS],
            events=[
                EventSpec(
                    "ASSAULT", "nessun attacco", [MILITIA.id], [US_TROOPS.id], "2021-05-04", negated=True
                )
            ],
        ),
    )
    ingest(records, codings, batch_size=3)
    found = the_events(store)
    assert len(found) == 6
    assert all(e.num_reports == 1 and e.num_sources == 1 for e in found)


def test_participants_overlap_by_country_and_organisation(store: Store, ingest: Ingest) -> None:
    """A report naming 'Trump' and one naming 'the United States' meet through the country."""
    trump = actor(
        "person:donald-trump", "Donald Trump", "person", country="USA", sector="GOV", role="president"
    )
    nato = actor("org:NATO", "NATO", "igo", org="NATO", sector="IGO")
    stoltenberg = actor(
        "person:jens-stoltenberg", "Jens Stoltenberg", "person", org="NATO", role="secretary general"
    )
    text_a = (
        "BRUXELLES – Il segretario generale della NATO Jens Stoltenberg ha espresso sostegno "
        "al presidente Donald Trump dopo l'operazione in Iraq."
    )
    text_b = (
        "BRUXELLES – L'alleanza atlantica ha espresso il proprio sostegno agli Stati Uniti "
        "nel corso della riunione straordinaria del Consiglio."
    )
    codings = {
        "a": Coding(
            [stoltenberg, trump],
            events=[
                EventSpec("SUPPORT", "sostegno", [stoltenberg.id], [trump.id], "2020-01-06", "Bruxelles")
            ],
        ),
        "b": Coding(
            [nato, USA],
            events=[EventSpec("SUPPORT", "sostegno", [nato.id], [USA.id], "2020-01-06", "Bruxelles")],
        ),
    }
    records = [
        {"id": "a", "text": text_a, "published": "2020-01-06", "source": "ANSA"},
        {"id": "b", "text": text_b, "published": "2020-01-07", "source": "AGI"},
    ]
    ingest(records, codings)
    (event,) = the_events(store)
    assert (event.num_reports, event.num_sources) == (2, 2)
    assert {a["key"] for a in event.actor} == {"person:jens stoltenberg", "org:NATO"}


def test_rows_of_actors_quotes_and_reports(store: Store, ingest: Ingest) -> None:
    coding = wire_coding(1)
    coding.quotes = [("non ci sono state vittime", MAROTTO.id, False)]
    ingest([wire_report(1)], {"wire-1": coding})
    with store.session() as session:
        actors = session.execute(
            select(ActorRow.key, ActorRow.type, ActorRow.org).order_by(ActorRow.id)
        ).all()
        quote = session.scalars(select(QuoteRow)).one()
        report = session.scalars(select(EventReport)).one()
        links = session.execute(select(EventActor.role, ActorRow.key).join(ActorRow)).all()
    assert [tuple(a) for a in actors] == [
        (MILITIA.id, "armed_group", None),
        (US_TROOPS.id, "group", None),
        ("person:wayne marotto", "person", "CJTF-OIR"),
    ]
    assert quote.speaker == MAROTTO.id and quote.speaker_key == "person:wayne marotto"
    assert quote.text == "non ci sono state vittime" and not quote.direct
    assert report.trigger_text == "attacco" and report.sentence_text.startswith("BAGHDAD")
    assert report.date == "2021-05-04" and report.day == dt.date(2021, 5, 4)
    assert report.place_name == "Ain al-Asad" and report.place_lat == pytest.approx(33.8)
    assert sorted(tuple(link) for link in links) == [("actor", MILITIA.id), ("recipient", US_TROOPS.id)]


def test_reanalysis_replaces_the_reports_in_their_events(store: Store, ingest: Ingest) -> None:
    codings = {f"wire-{n}": wire_coding(n) for n in range(5)}
    records = [wire_report(n) for n in range(5)]
    ingest(records, codings)
    # a new version codes the first two articles' event as a different type
    for n in (0, 1):
        codings[f"wire-{n}"].events[0].type = "COERCE"
    ingest(records, codings, version="99.0")
    with store.session() as session:
        current = session.scalar(
            select(func.count())
            .select_from(EventReport)
            .join(Analysis)
            .where(Analysis.current, EventReport.event_id.is_not(None))
        )
        stale = session.scalar(
            select(func.count()).select_from(EventReport).where(EventReport.event_id.is_(None))
        )
    assert (current, stale) == (5, 5)  # the old version's reports are kept, in no event
    found = {e.type: (e.num_reports, e.num_sources) for e in the_events(store)}
    assert found == {"ASSAULT": (3, 3), "COERCE": (2, 2)}
    # forced re-analysis by the same version replaces its rows instead of adding to them
    ingest(records, codings, version="99.0", force=True)
    assert count(store, EventReport) == 10
    assert {e.type: e.num_reports for e in the_events(store)} == {"ASSAULT": 3, "COERCE": 2}


def test_rebuild_with_a_wider_window(store: Store, ingest: Ingest) -> None:
    codings = {f"wire-{n}": wire_coding(n) for n in range(4)}
    # one outlet dates the attack three days off
    codings["wire-2"].events[0].date = "2021-05-07"
    ingest([wire_report(n) for n in range(4)], codings)
    assert sorted(e.num_reports for e in the_events(store)) == [1, 3]
    with store.session() as session, session.begin():
        event_merge.rebuild(session, event_merge.MergeOptions(window_days=3))
    assert [e.num_reports for e in the_events(store)] == [4]


def test_identical_wire_copies_in_one_run_are_sources(store: Store, ingest: Ingest) -> None:
    """Five outlets run the same wire text verbatim, in one file: one article analysed, four
    copies linked once it is stored, and the event has five sources."""
    base = wire_report(0)
    records = [
        {**base, "id": f"verbatim-{n}", "source": OUTLETS[n], "url": f"https://o{n}.example/a"}
        for n in range(5)
    ]
    codings = {f"verbatim-{n}": wire_coding(0) for n in range(5)}
    run = ingest(records, codings, batch_size=2)
    assert (run.stats.stored, run.stats.already_stored, run.stats.copies) == (1, 4, 4)
    (event,) = the_events(store)
    assert (event.num_reports, event.num_articles, event.num_sources) == (1, 5, 5)
