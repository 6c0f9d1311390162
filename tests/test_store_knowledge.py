"""Across articles: the actor registry (what articles said about people, and when) and story
clustering, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

import test_store_events as shared
from cronaca.store.db import Store
from cronaca.store.schema_events import RegistryActor, RegistryObservation, Story, StoryArticle
from test_store_events import Coding, Ingest, actor, count

store = shared.store  # the fixtures: SQLite and PostgreSQL, hand-coded ingests
ingest = shared.ingest

STOLTENBERG_NATO = actor(
    "person:jens-stoltenberg",
    "Jens Stoltenberg",
    "person",
    org="NATO",
    sector="IGO",
    role="secretary general",
)
STOLTENBERG_NOR = actor(
    "person:jens-stoltenberg",
    "Jens Stoltenberg",
    "person",
    country="NOR",
    sector="GOV",
    role="finance minister",
)


def record(
    n: str, text: str, published: str, source: str = "ANSA", title: str | None = None
) -> dict[str, str]:
    out = {"id": n, "text": text, "published": published, "source": source}
    if title:
        out["title"] = title
    return out


def test_registry_keeps_the_most_recent_profile_and_the_history(store: Store, ingest: Ingest) -> None:
    records = [
        record(
            "nato-2020",
            "BRUXELLES – Il segretario generale della NATO Jens Stoltenberg ha convocato per "
            "lunedì una riunione straordinaria degli ambasciatori dell'alleanza.",
            "2020-01-06",
        ),
        record(
            "oslo-2024",
            "OSLO – Il ministro delle Finanze norvegese Jens Stoltenberg ha presentato il bilancio "
            "dello Stato per il prossimo anno, con un aumento della spesa per la difesa.",
            "2024-10-07",
        ),
        # ingested last, but older: history, not the current profile
        record(
            "nato-2019",
            "WASHINGTON – Jens Stoltenberg, segretario generale dell'alleanza atlantica, ha parlato "
            "davanti al Congresso degli Stati Uniti per i settant'anni della NATO.",
            "2019-04-03",
        ),
    ]
    codings = {
        "nato-2020": Coding([STOLTENBERG_NATO]),
        "oslo-2024": Coding([STOLTENBERG_NOR]),
        "nato-2019": Coding([STOLTENBERG_NATO]),
    }
    ingest(records, codings, batch_size=2)
    entry = store.registry_lookup("Stoltenberg")
    assert entry is not None
    assert (entry.name, entry.country, entry.org, entry.role) == (
        "Jens Stoltenberg",
        "NOR",
        None,  # not filled from the NATO years: another role
        "finance minister",
    )
    assert (entry.first_seen, entry.last_seen, entry.observations) == (
        dt.date(2019, 4, 3),
        dt.date(2024, 10, 7),
        3,
    )
    assert [o.day for o in entry.history] == [dt.date(2024, 10, 7), dt.date(2020, 1, 6), dt.date(2019, 4, 3)]
    then = store.registry_lookup("jens stoltenberg", at=dt.date(2021, 1, 1))
    assert then is not None and (then.org, then.role) == ("NATO", "secretary general")
    assert store.registry_lookup("Stoltenberg ") == entry
    assert store.registry_lookup("Solberg") is None
    assert store.registry_lookup("") is None


def test_registry_fills_missing_fields_from_the_same_role_and_replaces_on_reanalysis(
    store: Store, ingest: Ingest
) -> None:
    di_maio_full = actor(
        "person:luigi-di-maio",
        "Luigi Di Maio",
        "person",
        country="ITA",
        sector="GOV",
        role="foreign minister",
    )
    di_maio_bare = actor("person:luigi-di-maio", "Luigi Di Maio", "person", role="foreign minister")
    records = [
        record(
            "a",
            "ROMA – Il ministro degli Esteri Luigi Di Maio ha ricevuto alla Farnesina "
            "il suo omologo tunisino.",
            "2021-03-01",
        ),
        record(
            "b",
            "ROMA – Luigi Di Maio, titolare della Farnesina, ha telefonato al collega libico.",
            "2021-03-05",
        ),
    ]
    codings = {"a": Coding([di_maio_full]), "b": Coding([di_maio_bare])}
    ingest(records, codings)
    entry = store.registry_lookup("Di Maio")
    assert entry is not None and (entry.country, entry.role, entry.observations) == (
        "ITA",
        "foreign minister",
        2,
    )
    # a newer version no longer finds him in "b": its observation goes
    codings["b"] = Coding([])
    ingest(records, codings, version="99.0")
    entry = store.registry_lookup("Luigi Di Maio")
    assert entry is not None and entry.observations == 1 and entry.last_seen == dt.date(2021, 3, 1)
    assert count(store, RegistryObservation) == 1


def test_registry_ambiguous_surnames_and_who_is_not_registered(store: Store, ingest: Ingest) -> None:
    mario = actor("person:mario-rossi", "Mario Rossi", "person", country="ITA", role="mayor")
    paolo = actor("person:paolo-rossi", "Paolo Rossi", "person", country="ITA", role="coach")
    bare = actor("person:rossi", "Rossi", "person", country="ITA", role="mayor")  # no full name
    nobody = actor("person:anna-bianchi", "Anna Bianchi", "person")  # nothing learned about her
    diplomat = actor("nominal:person:diplomat:None:NATO", "diplomatico della NATO", "person", org="NATO")
    text = "Il sindaco Mario Rossi e l'allenatore Paolo Rossi hanno inaugurato lo stadio con Anna Bianchi."
    ingest(
        [record("x", text, "2022-09-01")],
        {"x": Coding([mario, paolo, bare, nobody, diplomat])},
    )
    with store.session() as session:
        keys = sorted(session.scalars(select(RegistryActor.key)))
    assert keys == ["mario rossi", "paolo rossi"]
    assert store.registry_lookup("Rossi") is None  # ambiguous
    assert [c.name for c in store.registry_candidates("Rossi")] == ["Mario Rossi", "Paolo Rossi"]
    mario_entry = store.registry_lookup("Mario Rossi")
    assert mario_entry is not None and mario_entry.role == "mayor"


# -- stories ----------------------------------------------------------------------------------

DRONE = [
    (
        "Droni contro la base di Ain al-Asad, nessuna vittima",
        "BAGHDAD – Un attacco con droni carichi di esplosivo ha colpito nella notte la base aerea "
        "di Ain al-Asad, nella provincia irachena di Anbar, dove sono schierati militari "
        "statunitensi. La coalizione internazionale non segnala vittime.",
    ),
    (
        "Iraq, colpita con droni la base di Ain al-Asad che ospita soldati americani",
        "Nuovo attacco alla base di Ain al-Asad, in Iraq: due droni sono esplosi vicino a un hangar "
        "della base che ospita soldati americani. Il portavoce della coalizione ha escluso vittime "
        "e ha attribuito l'azione a milizie filo-iraniane.",
    ),
    (
        "Ain al-Asad, la coalizione: attacco di droni respinto, danni a un hangar",
        "L'attacco con droni di ieri notte contro Ain al-Asad ha causato danni a un hangar ma "
        "nessun ferito tra i militari della coalizione, secondo il portavoce. Washington "
        "sospetta le milizie sciite vicine all'Iran, già autrici di attacchi alla base irachena.",
    ),
]
STRIKE = (
    "Milano, sciopero dei trasporti: metro ferme e disagi per i pendolari",
    "MILANO – Giornata di disagi per i pendolari milanesi: lo sciopero dei trasporti proclamato "
    "dai sindacati di base ha fermato tre linee della metropolitana e gran parte dei tram. "
    "L'Atm invita a verificare gli orari sul proprio sito.",
)
FIRE = (
    "Prato, incendio in un capannone tessile: evacuate le case vicine",
    "PRATO – Un vasto incendio è divampato nel pomeriggio in un capannone tessile della zona "
    "industriale di Prato. I vigili del fuoco hanno lavorato per ore; evacuate per precauzione "
    "alcune abitazioni vicine, nessun ferito.",
)


def test_stories_cluster_reports_of_the_same_story_within_the_window(store: Store, ingest: Ingest) -> None:
    outlets = ["ANSA", "AGI", "Rai News"]
    records = [
        record(f"drone-{i}", body, f"2021-05-0{4 + i % 2}", outlets[i], title)
        for i, (title, body) in enumerate(DRONE)
    ]
    records += [
        record("strike", STRIKE[1], "2021-05-04", "Il Giorno", STRIKE[0]),
        record("fire", FIRE[1], "2021-05-05", "La Nazione", FIRE[0]),
        # the same kind of story two weeks later is another story
        record(
            "drone-later", DRONE[0][1].replace("nella notte", "di nuovo"), "2021-05-20", "ANSA", DRONE[0][0]
        ),
    ]
    # an earlier report arriving last gives the story its title
    records.append(
        record(
            "drone-first",
            "BAGHDAD – Allarme nella base di Ain al-Asad in Iraq: esplosioni nella notte, forse un attacco "
            "di droni contro i militari della coalizione. Non ci sono notizie di vittime.",
            "2021-05-03",
            "Agenzia Nova",
            "Esplosioni nella base di Ain al-Asad, si sospetta un attacco di droni",
        )
    )
    run = ingest(records, {}, batch_size=3)
    assert run.stats.stories == 4
    with store.session() as session:
        members = {a: s for a, s in session.execute(select(StoryArticle.article_id, StoryArticle.story_id))}
        stories = {s.id: s for s in session.scalars(select(Story))}
    by_input = _by_input(store, members)
    drone_story = by_input["drone-0"]
    assert by_input["drone-1"] == by_input["drone-2"] == by_input["drone-first"] == drone_story
    assert len({drone_story, by_input["strike"], by_input["fire"], by_input["drone-later"]}) == 4
    story = stories[drone_story]
    assert (story.num_articles, story.num_sources) == (4, 4)
    assert (story.first_date, story.last_date) == (dt.date(2021, 5, 3), dt.date(2021, 5, 5))
    assert story.title == "Esplosioni nella base di Ain al-Asad, si sospetta un attacco di droni"
    assert count(store, Story) == 4


def test_near_duplicates_join_their_original_story(store: Store, ingest: Ingest) -> None:
    title, body = DRONE[0]
    edited = body + " Seguiranno aggiornamenti."
    run = ingest(
        [
            record("orig", body, "2021-05-04", "ANSA", title),
            record("copy", edited, "2021-05-04", "Il Post", title),
        ],
        {},
    )
    assert run.stats.near_duplicates == 1 and run.stats.stories == 1
    (story,) = _stories(store)
    assert (story.num_articles, story.num_sources) == (2, 2)
    with store.session() as session:
        similarities = sorted(session.scalars(select(StoryArticle.similarity)))
    assert similarities == [1.0, 1.0]  # the first starts it, the near-duplicate follows it


def _stories(store: Store) -> list[Story]:
    with store.session() as session:
        return list(session.scalars(select(Story)))


def _by_input(store: Store, members: dict[str, int]) -> dict[str, int]:
    from cronaca.store.schema import Article

    with store.session() as session:
        ids = {e: i for e, i in session.execute(select(Article.external_id, Article.id))}
    return {external: members[article] for external, article in ids.items() if external}


def test_a_bare_surname_in_a_later_article_takes_what_the_registry_knows(
    store: Store, ingest: Ingest
) -> None:
    from cronaca.store.schema_events import ActorRow

    records = [
        record(
            "first",
            "BRUXELLES – Il segretario generale della NATO Jens Stoltenberg ha convocato gli "
            "ambasciatori dell'alleanza.",
            "2020-01-06",
        ),
        record("later", "Stoltenberg ha ribadito che la missione in Iraq continua.", "2020-02-10"),
        record("before", "Stoltenberg è arrivato a Oslo per le feste.", "2019-12-20"),
    ]
    codings = {
        "first": Coding([STOLTENBERG_NATO]),
        "later": Coding([actor("person:stoltenberg", "Stoltenberg", "person")]),
        "before": Coding([actor("person:stoltenberg", "Stoltenberg", "person")]),
    }
    ingest(records[:1], codings)
    ingest(records[1:], codings)
    with store.session() as session:
        rows = {
            r.name + "@" + str(r.analysis_id): (r.org, r.role)
            for r in session.scalars(select(ActorRow).where(ActorRow.name == "Stoltenberg"))
        }
    # the later article's bare "Stoltenberg" is NATO's secretary general; the earlier one, from
    # before anything was learned about him, stays unresolved
    assert sorted(rows.values(), key=str) == sorted([("NATO", "secretary general"), (None, None)], key=str), (
        rows
    )
    # what the registry lent is not recorded back as a new observation
    assert count(store, RegistryObservation) == 1
