"""The rule-based entity stage (PER, ORG, LOC; the ``fast`` profile) on realistic news
sentences, per language. The trained stage of the default profile is tested in test_ner_model.

Each case lists entities that must be found, exactly as (text, label), and capitalised words
that must not be an entity nor part of one. The sentences are not from the sample article.
"""

from __future__ import annotations

import pytest

from cronaca.model import Document
from cronaca.pipeline.pipeline import Pipeline

Case = tuple[str, list[tuple[str, str]], list[str]]

ITALIAN: list[Case] = [
    # people with titles and roles
    (
        "Il presidente della Repubblica Sergio Mattarella ha ricevuto al Quirinale il premier Mario Draghi.",
        [("Sergio Mattarella", "PER"), ("Quirinale", "ORG"), ("Mario Draghi", "PER")],
        ["Repubblica"],
    ),
    (
        "Il ministro dell'Economia Giancarlo Giorgetti ha incontrato a Milano i vertici di Unicredit.",
        [("Giancarlo Giorgetti", "PER"), ("Milano", "LOC"), ("Unicredit", "ORG")],
        ["Economia"],
    ),
    (
        "Il ministro degli Esteri Antonio Tajani ha telefonato al suo omologo ucraino Dmytro Kuleba.",
        [("Antonio Tajani", "PER"), ("Dmytro Kuleba", "PER")],
        ["Esteri"],
    ),
    (
        "Mentre a Roma si discuteva, a Parigi il presidente Macron ha parlato con la stampa.",
        [("Roma", "LOC"), ("Parigi", "LOC"), ("Macron", "PER")],
        ["Mentre"],
    ),
    (
        "Dopo il vertice, la cancelliera Merkel è tornata a Berlino.",
        [("Merkel", "PER"), ("Berlino", "LOC")],
        ["Dopo"],
    ),
    ("Il generale Figliuolo ha coordinato la campagna vaccinale.", [("Figliuolo", "PER")], ["Il"]),
    (
        "Il sig. Rossi e la dott.ssa Bianchi hanno testimoniato al processo.",
        [("Rossi", "PER"), ("Bianchi", "PER")],
        [],
    ),
    (
        "Il governatore della Campania Vincenzo De Luca ha firmato l'ordinanza a Napoli.",
        [("Campania", "LOC"), ("Vincenzo De Luca", "PER"), ("Napoli", "LOC")],
        [],
    ),
    (
        "Durante la conferenza stampa Luigi Di Maio ha difeso la linea del governo.",
        [("Luigi Di Maio", "PER")],
        ["Durante"],
    ),
    (
        "Nel pomeriggio la presidente della Commissione europea Ursula von der Leyen è arrivata a Kiev.",
        [("Commissione europea", "ORG"), ("Ursula von der Leyen", "PER"), ("Kiev", "LOC")],
        ["Nel"],
    ),
    (
        "Questa mattina il leader della Lega Matteo Salvini è arrivato a Genova.",
        [("Lega", "ORG"), ("Matteo Salvini", "PER"), ("Genova", "LOC")],
        ["Questa"],
    ),
    (
        "Il Papa ha ricevuto in Vaticano il presidente ucraino Volodymyr Zelensky.",
        [("Vaticano", "ORG"), ("Volodymyr Zelensky", "PER")],
        ["Papa"],
    ),
    ("L’ex premier Massimo D’Alema è intervenuto al convegno.", [("Massimo D’Alema", "PER")], []),
    # organisations: head words, lower-case continuations, acronyms
    (
        "La Banca d'Italia ha rivisto al ribasso le stime di crescita.",
        [("Banca d'Italia", "ORG")],
        ["Italia"],
    ),
    (
        "Il Ministero della Salute ha diffuso i nuovi dati sui contagi in Lombardia.",
        [("Ministero della Salute", "ORG"), ("Lombardia", "LOC")],
        [],
    ),
    ("Ieri sera la Procura di Palermo ha aperto un'inchiesta.", [("Procura di Palermo", "ORG")], ["Ieri"]),
    (
        "Anche la Commissione europea ha chiesto chiarimenti al governo di Varsavia.",
        [("Commissione europea", "ORG"), ("Varsavia", "LOC")],
        ["Anche"],
    ),
    ("Per la Corte costituzionale la legge è illegittima.", [("Corte costituzionale", "ORG")], ["Per"]),
    ("La Corte dei conti ha bocciato il piano.", [("Corte dei conti", "ORG")], ["La"]),
    (
        "Il Fondo monetario internazionale ha tagliato le stime.",
        [("Fondo monetario internazionale", "ORG")],
        [],
    ),
    (
        "Lo ha annunciato l'Agenzia spaziale italiana in una nota diffusa a Torino.",
        [("Agenzia spaziale italiana", "ORG"), ("Torino", "LOC")],
        ["Lo"],
    ),
    (
        "La Guardia di Finanza ha sequestrato due tonnellate di cocaina nel porto di Gioia Tauro.",
        [("Guardia di Finanza", "ORG"), ("Gioia Tauro", "LOC")],
        ["La"],
    ),
    (
        "Ieri il Consiglio dei ministri ha approvato il decreto.",
        [("Consiglio dei ministri", "ORG")],
        ["Ieri"],
    ),
    ("Secondo l'Istat la disoccupazione è scesa al 7 per cento.", [("Istat", "ORG")], ["Secondo"]),
    (
        "L'Fbi e la Cia hanno collaborato con l'Interpol.",
        [("Fbi", "ORG"), ("Cia", "ORG"), ("Interpol", "ORG")],
        [],
    ),
    ("Stasera la Nato si riunirà a Bruxelles.", [("Nato", "ORG"), ("Bruxelles", "LOC")], ["Stasera"]),
    ("Il vertice dell'ONU si terrà a Ginevra.", [("ONU", "ORG"), ("Ginevra", "LOC")], []),
    ("Oggi la Fiat ha presentato il nuovo piano industriale.", [("Fiat", "ORG")], ["Oggi"]),
    ("NATO e Ue hanno deciso di rinviare il vertice.", [("NATO", "ORG"), ("Ue", "ORG")], []),  # not "nato"
    (
        "Gli USA, l'ONU e la UE hanno chiesto una tregua.",
        [("USA", "LOC"), ("ONU", "ORG"), ("UE", "ORG")],
        ["Gli"],
    ),
    # places: countries, cities, regions, with sentence-initial words around them
    (
        "Secondo fonti diplomatiche, la Russia e la Cina hanno bloccato la risoluzione dell'Onu.",
        [("Russia", "LOC"), ("Cina", "LOC"), ("Onu", "ORG")],
        ["Secondo"],
    ),
    (
        "Negli Stati Uniti il Pentagono ha confermato l'attacco.",
        [("Stati Uniti", "LOC"), ("Pentagono", "ORG")],
        ["Negli"],
    ),
    (
        "BRUXELLES – L’Unione europea ha approvato le sanzioni.",
        [("BRUXELLES", "LOC"), ("Unione europea", "ORG")],
        [],
    ),
    ("Dell’Iran si è parlato a lungo a Ginevra.", [("Iran", "LOC"), ("Ginevra", "LOC")], ["Dell’"]),
    ("L'Aquila è stata ricostruita dopo il terremoto.", [("L'Aquila", "LOC")], []),
    ("La Spezia ospiterà il vertice.", [("La Spezia", "LOC")], []),
    ("Il maltempo ha colpito la Sicilia e la Calabria.", [("Sicilia", "LOC"), ("Calabria", "LOC")], ["Il"]),
    # sentence-initial ordinary words are not names
    ("Parlando ai giornalisti, il ministro ha escluso nuove tasse.", [], ["Parlando"]),
    ("Intanto il governo ha approvato la manovra.", [], ["Intanto"]),
    ("Nessuno ha risposto alle domande dei giornalisti.", [], ["Nessuno"]),
    ("Lunedì il Parlamento voterà la fiducia.", [("Parlamento", "ORG")], ["Lunedì"]),
    ("Stato e Regioni hanno trovato l'accordo.", [], ["Stato"]),
]

ENGLISH: list[Case] = [
    (
        "President Joe Biden met German Chancellor Olaf Scholz at the White House on Friday.",
        [("Joe Biden", "PER"), ("Olaf Scholz", "PER"), ("White House", "ORG")],
        ["President", "German", "Chancellor", "Friday"],
    ),
    (
        "The Bank of England raised interest rates, Governor Andrew Bailey said in London.",
        [("Bank of England", "ORG"), ("Andrew Bailey", "PER"), ("London", "LOC")],
        ["Governor"],
    ),
    (
        "Speaking in Brussels, NATO Secretary General Jens Stoltenberg urged restraint.",
        [("Brussels", "LOC"), ("NATO", "ORG"), ("Jens Stoltenberg", "PER")],
        ["Speaking", "Secretary"],
    ),
    (
        "Secretary of State Antony Blinken arrived in Kyiv.",
        [("Antony Blinken", "PER"), ("Kyiv", "LOC")],
        ["State"],
    ),
    (
        "European Commission President Ursula von der Leyen spoke in Strasbourg.",
        [("European Commission", "ORG"), ("Ursula von der Leyen", "PER"), ("Strasbourg", "LOC")],
        ["President"],
    ),
    (
        "The Department of Defense confirmed the strike in Iraq.",
        [("Department of Defense", "ORG"), ("Iraq", "LOC")],
        [],
    ),
    ("The Department of the Treasury imposed sanctions.", [("Department of the Treasury", "ORG")], []),
    ("The Supreme Court ruled against the administration.", [("Supreme Court", "ORG")], ["The"]),
    ("Meanwhile, the Federal Reserve held rates steady.", [("Federal Reserve", "ORG")], ["Meanwhile"]),
    ("Yesterday the FBI arrested two men in Chicago.", [("FBI", "ORG"), ("Chicago", "LOC")], ["Yesterday"]),
    ("Col. John Smith commanded the unit.", [("John Smith", "PER")], ["Col."]),
    (
        "However, the United Nations said the aid had reached Gaza.",
        [("United Nations", "ORG"), ("Gaza", "LOC")],
        [],
    ),
    ("President Trump spoke to reporters on Monday.", [("Trump", "PER")], ["Monday"]),
]


def _spans(doc: Document) -> set[tuple[str, str]]:
    return {(e.text, e.label) for e in doc.entities}


def _check(doc: Document, expected: list[tuple[str, str]], absent: list[str]) -> None:
    assert doc.offset_errors() == []
    found = _spans(doc)
    missing = [e for e in expected if e not in found]
    assert not missing, f"missing {missing}; found {sorted(found)}"
    for word in absent:
        inside = [e.text for e in doc.entities if word in e.text.split()]
        assert not inside, f"{word!r} must not be (part of) an entity: {inside}"


@pytest.mark.parametrize(("text", "expected", "absent"), ITALIAN)
def test_italian(
    nlp_it_fast: Pipeline, text: str, expected: list[tuple[str, str]], absent: list[str]
) -> None:
    _check(nlp_it_fast(text), expected, absent)


@pytest.mark.parametrize(("text", "expected", "absent"), ENGLISH)
def test_english(
    nlp_en_fast: Pipeline, text: str, expected: list[tuple[str, str]], absent: list[str]
) -> None:
    _check(nlp_en_fast(text), expected, absent)


@pytest.mark.parametrize(
    ("lang", "text", "surname"),
    [
        # A surname alone is a person once the document names them in full...
        (
            "it",
            "Il presidente Giorgia Meloni ha incontrato Olaf Scholz a Berlino. Meloni ha poi parlato.",
            "Meloni",
        ),
        ("it", "Il segretario del Pd Enrico Letta ha parlato a Bologna. Letta ha chiesto unità.", "Letta"),
        (
            "it",
            "Conte ha detto no. Il presidente del Consiglio Giuseppe Conte ha lasciato Palazzo Chigi.",
            "Conte",
        ),
        ("it", "Per Antonio Tajani è un errore. Lo ha ripetuto Tajani ai giornalisti.", "Tajani"),
        ("en", "Angela Merkel met Emmanuel Macron in Paris. Merkel said the talks went well.", "Merkel"),
        (
            "en",
            "Prime Minister Boris Johnson spoke to reporters. Johnson said the deal was close.",
            "Johnson",
        ),
    ],
)
def test_surnames_are_consistent_in_a_document(
    nlp_it_fast: Pipeline, nlp_en_fast: Pipeline, lang: str, text: str, surname: str
) -> None:
    doc = (nlp_it_fast if lang == "it" else nlp_en_fast)(text)
    mentions = [e for e in doc.entities if e.text == surname]
    assert mentions, f"{surname!r} alone not found: {sorted(_spans(doc))}"
    assert all(e.label == "PER" for e in mentions)
    assert text.count(surname) == sum(1 for e in doc.entities if surname in e.text)


def test_a_lone_unknown_word_is_not_labelled(nlp_it_fast: Pipeline) -> None:
    # Without a title or a full name elsewhere, "Salvini" alone is left for better models.
    doc = nlp_it_fast("Ieri Salvini ha attaccato il governo.")
    assert "Salvini" not in {e.text for e in doc.entities}


def test_sample_entities(nlp_it_fast: Pipeline, sample_text: str) -> None:
    sample_doc = nlp_it_fast(sample_text, published="2020-01-06")
    found = _spans(sample_doc)
    for entity in [
        ("BRUXELLES", "LOC"),
        ("Stati Uniti", "LOC"),
        ("Medio Oriente", "LOC"),
        ("NATO", "ORG"),
        ("Qassem Soleimani", "PER"),
        ("Jens Stoltenberg", "PER"),
        ("Stoltenberg", "PER"),
        ("Donald Trump", "PER"),
        ("Dipartimento di Stato", "ORG"),
        ("Dipartimento della Difesa", "ORG"),
        ("Baghdad", "LOC"),
    ]:
        assert entity in found
    assert not any(
        e.text.startswith(("Parlando", "Mentre", "Hanno", "Nonostante")) for e in sample_doc.entities
    )
