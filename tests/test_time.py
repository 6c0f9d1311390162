"""Table-driven tests of the time stage, per language: (sentence, publication date) →
expressions with their TIMEX3 type and value."""

from __future__ import annotations

import datetime as dt

import pytest

import cronaca
from cronaca.model import Span
from cronaca.pipeline.pipeline import Pipeline
from cronaca.time.anchor import event_date

MON = "2020-01-06"  # a Monday
THU = "2021-07-15"  # a Thursday


def _times(nlp: Pipeline, text: str, published: str | None) -> list[tuple[str, str, str | None]]:
    doc = nlp(text, published=published)
    assert doc.offset_errors() == []
    return [(t.text, t.type, t.value) for t in doc.times]


IT_CASES = [
    ("Il ministro ha detto lunedì che la crisi è finita.", MON, [("lunedì", "DATE", "2020-01-06")]),
    ("Il premier ha parlato venerdì scorso a Bruxelles.", MON, [("venerdì scorso", "DATE", "2020-01-03")]),
    ("Il vertice si terrà mercoledì a Parigi.", MON, [("mercoledì", "DATE", "2020-01-08")]),
    ("Il consiglio si è riunito mercoledì.", THU, [("mercoledì", "DATE", "2021-07-14")]),
    ("Il voto è previsto lunedì prossimo.", THU, [("lunedì prossimo", "DATE", "2021-07-19")]),
    ("Oggi il governo ha approvato il decreto.", MON, [("Oggi", "DATE", "2020-01-06")]),
    ("Ieri sera la polizia ha arrestato due persone.", THU, [("Ieri sera", "TIME", "2021-07-14TEV")]),
    ("Domani si vota in Sardegna.", THU, [("Domani", "DATE", "2021-07-16")]),
    ("Stamattina il presidente ha incontrato i sindacati.", MON, [("Stamattina", "TIME", "2020-01-06TMO")]),
    ("L'anno scorso le esportazioni sono cresciute.", MON, [("anno scorso", "DATE", "2019")]),
    ("Lo scorso anno le esportazioni sono cresciute.", THU, [("scorso anno", "DATE", "2020")]),
    ("Il mese scorso l'inflazione è salita.", MON, [("mese scorso", "DATE", "2019-12")]),
    ("La prossima settimana il Senato voterà la legge.", MON, [("prossima settimana", "DATE", "2020-W03")]),
    ("Quest'anno il Pil crescerà dell'1 per cento.", THU, [("Quest'anno", "DATE", "2021")]),
    ("La missione è stata istituita nell'ottobre 2018.", MON, [("ottobre 2018", "DATE", "2018-10")]),
    ("L'accordo firmato il 3 ottobre 2018 è scaduto.", MON, [("3 ottobre 2018", "DATE", "2018-10-03")]),
    ("L'udienza si è tenuta il 3 ottobre.", MON, [("3 ottobre", "DATE", "2019-10-03")]),
    ("L'udienza si terrà il 3 marzo.", MON, [("3 marzo", "DATE", "2020-03-03")]),
    ("Il decreto del 06/01/2020 è in vigore.", THU, [("06/01/2020", "DATE", "2020-01-06")]),
    ("La guerra è iniziata tre anni fa.", MON, [("tre anni fa", "DATE", "2017")]),
    ("Due mesi fa il ministro si è dimesso.", MON, [("Due mesi fa", "DATE", "2019-11")]),
    ("Fra due settimane si torna alle urne.", MON, [("Fra due settimane", "DATE", "2020-W04")]),
    ("L'incontro è durato due ore.", MON, [("due ore", "DURATION", "PT2H")]),
    ("Dopo tre anni di guerra la città è in rovina.", MON, [("tre anni", "DURATION", "P3Y")]),
    ("Il sequestro è durato 48 ore.", MON, [("48 ore", "DURATION", "PT48H")]),
    ("La trattativa va avanti da alcuni mesi.", MON, [("alcuni mesi", "DURATION", "PXM")]),
    ("Il mercato si tiene ogni martedì in piazza.", MON, [("ogni martedì", "SET", "XXXX-WXX-2")]),
    ("Il rapporto viene pubblicato ogni anno.", MON, [("ogni anno", "SET", "P1Y")]),
    ("La legge sarà approvata a fine mese.", MON, [("fine mese", "DATE", "2020-01")]),
    ("Negli anni '90 la città contava più abitanti.", MON, [("anni '90", "DATE", "199")]),
    ("Negli anni Ottanta il partito era al governo.", MON, [("anni Ottanta", "DATE", "198")]),
    ("Nel 2019 gli sbarchi sono diminuiti.", MON, [("2019", "DATE", "2019")]),
    ("L'estate scorsa il caldo ha battuto ogni record.", THU, [("estate scorsa", "DATE", "2020-SU")]),
    ("Nel primo trimestre del 2019 il Pil è calato.", MON, [("primo trimestre del 2019", "DATE", "2019-Q1")]),
    ("A Natale il governo ha varato il decreto.", MON, [("Natale", "DATE", "2019-12-25")]),
    (
        "Il corteo partirà alle 15:30 da piazza della Repubblica.",
        MON,
        [("15:30", "TIME", "2020-01-06T15:30")],
    ),
    ("In passato la Nato ha sostenuto la missione.", MON, [("In passato", "DATE", "PAST_REF")]),
    # not temporal expressions
    ("Alla manifestazione hanno partecipato 2020 persone.", MON, []),
    ("La risoluzione 2231 del Consiglio di sicurezza è stata violata.", MON, []),
    ("Il concerto si è tenuto in Piazza Primo Maggio a Milano.", MON, []),
    ("Il Maggio Musicale Fiorentino apre la stagione.", MON, []),
    ("Un uomo di 40 anni è stato arrestato.", MON, []),
    ("Il 20 per cento degli elettori non ha votato.", MON, []),
]


@pytest.mark.parametrize(("text", "published", "expected"), IT_CASES)
def test_italian(
    nlp_it_any: Pipeline, text: str, published: str, expected: list[tuple[str, str, str]]
) -> None:
    assert _times(nlp_it_any, text, published) == expected


EN_CASES = [
    ("The minister said on Monday that the crisis was over.", MON, [("Monday", "DATE", "2020-01-06")]),
    ("The prime minister spoke last Friday in Brussels.", MON, [("last Friday", "DATE", "2020-01-03")]),
    ("The summit will be held on Wednesday in Paris.", MON, [("Wednesday", "DATE", "2020-01-08")]),
    ("Yesterday the police arrested two people.", THU, [("Yesterday", "DATE", "2021-07-14")]),
    ("Last year exports grew.", MON, [("Last year", "DATE", "2019")]),
    ("Next week the Senate will vote on the bill.", MON, [("Next week", "DATE", "2020-W03")]),
    ("The mission was set up in October 2018.", MON, [("October 2018", "DATE", "2018-10")]),
    ("The deal signed on January 6, 2019 has expired.", MON, [("January 6, 2019", "DATE", "2019-01-06")]),
    ("The war began three years ago.", MON, [("three years ago", "DATE", "2017")]),
    ("Voters will return to the polls in two weeks.", MON, [("in two weeks", "DATE", "2020-W04")]),
    ("The meeting lasted two hours.", MON, [("two hours", "DURATION", "PT2H")]),
    ("The market is held every Tuesday.", MON, [("every Tuesday", "SET", "XXXX-WXX-2")]),
    ("In the 1990s the city had more residents.", MON, [("1990s", "DATE", "199")]),
    ("The march will start at 3:30 p.m. from the square.", MON, [("3:30 p.m.", "TIME", "2020-01-06T15:30")]),
    ("This morning the president met the unions.", MON, [("This morning", "TIME", "2020-01-06TMO")]),
    ("2020 people attended the rally.", MON, []),
    ("Theresa May said the vote would go ahead.", MON, []),
    ("A 40-year-old man was arrested.", MON, []),
]


@pytest.mark.parametrize(("text", "published", "expected"), EN_CASES)
def test_english(
    nlp_en_any: Pipeline, text: str, published: str, expected: list[tuple[str, str, str]]
) -> None:
    assert _times(nlp_en_any, text, published) == expected


def test_sample_article_targets(sample_doc: cronaca.Document) -> None:
    values = [(t.text, t.value) for t in sample_doc.times]
    assert ("lunedì", "2020-01-06") in values
    assert ("venerdì scorso", "2020-01-03") in values
    assert ("venerdì", "2020-01-03") in values
    assert ("oggi", "2020-01-06") in values
    assert ("anno scorso", "2019") in values
    assert ("ottobre 2018", "2018-10") in values
    assert ("tre anni", "P3Y") in values
    assert ("due ore", "PT2H") in values


def test_without_publication_date_values_stay_unresolved(nlp_it_any: Pipeline) -> None:
    doc = nlp_it_any("Il ministro ha detto lunedì che a ottobre si vota, come nel 2019.")
    by_text = {t.text: t for t in doc.times}
    assert by_text["lunedì"].value == "XXXX-WXX-1" and not by_text["lunedì"].resolved
    assert by_text["ottobre"].value == "XXXX-10" and not by_text["ottobre"].resolved
    assert by_text["2019"].value == "2019" and by_text["2019"].resolved


def test_dateline_date_feeds_publication_date(nlp_it_any: Pipeline) -> None:
    doc = nlp_it_any("ROMA, 6 gennaio 2020 (ANSA) - Il governo ha detto ieri che la crisi è finita.")
    assert doc.published == dt.date(2020, 1, 6)
    assert doc.published_source == "dateline"
    assert [(t.text, t.value) for t in doc.times if t.text == "ieri"] == [("ieri", "2020-01-05")]


def test_event_date_prefers_the_expression_of_its_own_clause(nlp_it_any: Pipeline) -> None:
    text = "Il ministro ha annunciato lunedì che le truppe si ritireranno a marzo."
    doc = nlp_it_any(text, published=MON)
    announce = text.index("annunciato")
    withdraw = text.index("ritireranno")
    assert event_date(doc, Span(start=announce, end=announce + 10)) == "2020-01-06"
    assert event_date(doc, Span(start=withdraw, end=withdraw + 11)) == "2020-03"
    other = "Il ministro ha parlato a lungo."
    doc2 = nlp_it_any(other, published=MON)
    assert event_date(doc2, Span(start=12, end=14)) is None
