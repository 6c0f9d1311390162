"""The dateline stage: "BRUXELLES –", "ROMA, 6 gen (ANSA) -" at an article's start, per language."""

from __future__ import annotations

import re

import pytest

from cronaca.lang import Language
from cronaca.model import Dateline, Document, content_id
from cronaca.nlp.dateline import DatelineStage, find_dateline


@pytest.fixture(scope="module")
def patterns() -> dict[str, re.Pattern[str]]:
    return {code: DatelineStage(Language(code)).pattern for code in ("it", "en")}


def _find(patterns: dict[str, re.Pattern[str]], lang: str, text: str) -> Dateline | None:
    return find_dateline(text, patterns[lang])


@pytest.mark.parametrize(
    ("lang", "text", "dateline", "place", "date", "agency"),
    [
        ("it", "BRUXELLES – La NATO ha detto", "BRUXELLES –", "BRUXELLES", None, None),
        ("it", "ROMA, 6 gen (ANSA) - Il governo", "ROMA, 6 gen (ANSA) -", "ROMA", "6 gen", "ANSA"),
        ("it", "Milano, 3 marzo 2020 – Il sindaco", "Milano, 3 marzo 2020 –", "Milano", "3 marzo 2020", None),
        ("it", "NEW YORK, 5 GEN - Le borse", "NEW YORK, 5 GEN -", "NEW YORK", "5 GEN", None),
        (
            "it",
            "Roma, 12 febbraio (Adnkronos) - Il premier",
            "Roma, 12 febbraio (Adnkronos) -",
            "Roma",
            "12 febbraio",
            "Adnkronos",
        ),
        (
            "it",
            "Città del Vaticano, 4 aprile 2021 - Il Papa",
            "Città del Vaticano, 4 aprile 2021 -",
            "Città del Vaticano",
            "4 aprile 2021",
            None,
        ),
        ("it", "Reggio Emilia (ANSA) - Un uomo", "Reggio Emilia (ANSA) -", "Reggio Emilia", None, "ANSA"),
        ("it", "ROMA (ANSA) – Il governo", "ROMA (ANSA) –", "ROMA", None, "ANSA"),
        ("it", "L'AQUILA – Il terremoto", "L'AQUILA –", "L'AQUILA", None, None),
        ("it", "  ROMA — Il governo", "ROMA —", "ROMA", None, None),  # leading spaces, em dash
        ("it", "ROMA -- Il governo", "ROMA --", "ROMA", None, None),
        (
            "it",
            "WASHINGTON, 6 gen (ANSA/AP) - Il",
            "WASHINGTON, 6 gen (ANSA/AP) -",
            "WASHINGTON",
            "6 gen",
            "ANSA/AP",
        ),
        ("it", "Roma, 6 gen - Il governo", "Roma, 6 gen -", "Roma", "6 gen", None),
        ("it", "ROMA – Il governo\ncade", "ROMA –", "ROMA", None, None),
        ("it", "BRUXELLES – NATO e Ue hanno deciso", "BRUXELLES –", "BRUXELLES", None, None),
        ("en", "WASHINGTON (Reuters) - President", "WASHINGTON (Reuters) -", "WASHINGTON", None, "Reuters"),
        ("en", "BRUSSELS, Jan. 6 — NATO", "BRUSSELS, Jan. 6 —", "BRUSSELS", "Jan. 6", None),
        ("en", "NEW YORK (AP) — Stocks", "NEW YORK (AP) —", "NEW YORK", None, "AP"),
        (
            "en",
            "LONDON, January 6, 2020 - The",
            "LONDON, January 6, 2020 -",
            "LONDON",
            "January 6, 2020",
            None,
        ),
    ],
)
def test_datelines(
    patterns: dict[str, re.Pattern[str]],
    lang: str,
    text: str,
    dateline: str,
    place: str,
    date: str | None,
    agency: str | None,
) -> None:
    found = _find(patterns, lang, text)
    assert found is not None
    assert found.text == dateline
    assert text[found.start : found.end] == dateline
    parts = (found.place, found.date, found.agency)
    assert [p.text if p else None for p in parts] == [place, date, agency]
    for part in parts:
        if part is not None:
            assert text[part.start : part.end] == part.text
            assert found.start <= part.start <= part.end <= found.end


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("it", "Il governo ha detto - come sempre - che no."),
        ("it", "Roma - Lazio 2-1: decide Immobile"),
        ("it", "ROMA - LAZIO 2-1"),  # an all-capitals headline
        ("it", "JUVENTUS-INTER 1-0, LA PARTITA"),
        ("it", "Juventus - Inter, la sfida scudetto"),
        ("it", "Ucraina - Russia, i negoziati riprendono"),
        ("it", "Covid-19 - i nuovi dati"),
        ("it", "Il 6 gennaio 2020 – la notizia"),
        ("it", "Milano - Il sindaco ha detto"),  # a title-case place needs a date or an agency
        ("it", "ROMA"),
        ("it", "ROMA – "),  # nothing follows the dash
        ("it", "ROMA\n– Il governo"),  # the dash is on the next line
        ("it", "Roma 6 gen - Il governo"),  # no comma before the date
        ("it", "La partita è finita 2-1."),
        ("it", ""),
        ("en", "Washington - The president said"),
        ("en", "The well-known - and loved - singer"),
        ("en", "Paris Saint-Germain won 2-0"),
    ],
)
def test_not_datelines(patterns: dict[str, re.Pattern[str]], lang: str, text: str) -> None:
    assert _find(patterns, lang, text) is None


def test_only_at_the_start(patterns: dict[str, re.Pattern[str]]) -> None:
    assert _find(patterns, "it", "Titolo\nROMA, 6 gen (ANSA) - Il governo") is None


def test_stage_sets_the_dateline() -> None:
    stage = DatelineStage(Language("it"))
    text = "ROMA, 6 gen (ANSA) - Il governo ha approvato la manovra."
    doc = stage(Document(id=content_id(text), lang="it", text=text))
    assert doc.dateline is not None and doc.dateline.text == "ROMA, 6 gen (ANSA) -"
    assert doc.offset_errors() == []
    plain = "Il governo ha approvato la manovra."
    assert stage(Document(id=content_id(plain), lang="it", text=plain)).dateline is None


def test_sample_dateline(sample_doc: Document) -> None:
    assert sample_doc.dateline is not None
    assert sample_doc.dateline.text == "BRUXELLES –"
    assert sample_doc.dateline.place is not None and sample_doc.dateline.place.text == "BRUXELLES"
