"""Quotes: table-driven cases per language (text → the quotes found, with speaker and cue), the
sample article's targets from the quotes issue, odd quotation marks, and the language data."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from cronaca.lang import Language
from cronaca.model import Document, Quote
from cronaca.pipeline.pipeline import Pipeline
from cronaca.quotes.data import Lexicon, QuotesData
from cronaca.quotes.index import QuoteIndex
from cronaca.quotes.marks import find_quoted

# (content, direct, a word of the speaker mention or None, cue or None)
Expected = tuple[str, bool, str | None, str | None]


def _check(doc: Document, expected: list[Expected]) -> None:
    assert doc.offset_errors() == []
    found = [(q.text, q.direct, q.speaker_text, q.cue) for q in doc.quotes]
    assert len(doc.quotes) == len(expected), found
    for quote, (content, direct, speaker, cue) in zip(doc.quotes, expected, strict=True):
        assert (quote.text, quote.direct) == (content, direct), found
        if speaker is None:
            assert quote.speaker_text is None, found
        else:
            assert quote.speaker_text is not None and speaker in quote.speaker_text, found
        assert quote.cue == cue, found


def by_text(doc: Document, start: str) -> Quote:
    for quote in doc.quotes:
        if quote.text.startswith(start):
            return quote
    raise AssertionError(f"no quote starts with {start!r}: {[q.text for q in doc.quotes]}")


# -- the sample article ------------------------------------------------------------------------


def test_sample_direct_quotes(sample_doc: Document) -> None:
    direct = [q for q in sample_doc.quotes if q.direct]
    assert [q.text[:30] for q in direct] == [
        "Siamo uniti nel condannare il ",
        "All'incontro di oggi, gli alle",
        "Sarebbe inviare il segnale sba",
    ]
    first, second, third = direct
    assert first.speaker == second.speaker == "person:jens-stoltenberg"
    assert first.cue == "ha affermato" and second.cue is None  # the second goes on from the first
    assert second.text.endswith("violenze e provocazioni")  # “ … ". is a pair
    assert "mismatched" in second.flags
    assert third.speaker_text == "un diplomatico della NATO"
    assert third.speaker_kind == "anonymous"
    assert third.speaker is not None and third.speaker.startswith("nominal:person:diplomat")


def test_sample_reported_speech(sample_doc: Document) -> None:
    opening = by_text(sample_doc, "Tutti i membri dell'alleanza atlantica")
    assert opening.text.endswith("Qassem Soleimani")  # after the dateline, before ", ha detto"
    assert (opening.cue, opening.speaker) == ("ha detto", "person:jens-stoltenberg")
    assert opening.speaker_text == "il segretario generale della NATO Jens Stoltenberg"

    went = by_text(sample_doc, "l'incontro di due ore")
    assert went.text.endswith("è andato liscio")
    assert (went.speaker_text, went.cue) == ("due diplomatici presenti", "hanno confermato")

    said = by_text(sample_doc, "nessun inviato ha contestato")
    assert said.cue == "Hanno detto"
    assert said.speaker_kind == "subjectless"
    assert said.speaker_text == "due diplomatici presenti"  # the last plural speaker

    inverted = by_text(sample_doc, "Non ci sono state nemmeno discussioni")
    assert inverted.text.endswith("beni statunitensi")
    assert (inverted.speaker_text, inverted.cue) == ("i diplomatici", "hanno detto")

    declared = by_text(sample_doc, "voler continuare")
    assert declared.text == "voler continuare la missione in Iraq"
    assert declared.speaker_text == "Francia, Germania e altri"
    assert declared.speaker == "state:FRA"
    assert all(not q.direct for q in (opening, went, said, inverted, declared))


def test_sample_has_no_other_quotes(sample_doc: Document) -> None:
    # "addestramento e consulenza" is a scare quote; "ha chiesto una riduzione" has no content.
    assert len(sample_doc.quotes) == 8
    assert not any("addestramento" in q.text and q.direct for q in sample_doc.quotes)


# -- Italian -----------------------------------------------------------------------------------

IT_CASES: list[tuple[str, list[Expected]]] = [
    # direct quotes, every kind of mark
    (
        "«Sarebbe un errore», ha detto il ministro Guido Crosetto, «e lo ripeteremo a Bruxelles».",
        [
            ("Sarebbe un errore", True, "Crosetto", "ha detto"),
            ("e lo ripeteremo a Bruxelles", True, "Crosetto", "ha detto"),
        ],
    ),
    (
        'Il premier ha detto: "Siamo pronti a fare la nostra parte".',
        [("Siamo pronti a fare la nostra parte", True, "Il premier", "ha detto")],
    ),
    (
        "“Non ci fermeremo”, ha affermato il sindaco di Milano.",
        [("Non ci fermeremo", True, "il sindaco di Milano", "ha affermato")],
    ),
    (
        "‘Non lasceremo indietro nessuno’, ha assicurato il ministro della Difesa.",
        [("Non lasceremo indietro nessuno", True, "il ministro della Difesa", "ha assicurato")],
    ),
    (
        "'Pronti a tutto', ha scritto il leader del partito su Twitter.",
        [("Pronti a tutto", True, "il leader del partito", "ha scritto")],
    ),
    (
        '«Siamo pronti al dialogo", ha detto il portavoce del governo.',  # mismatched pair
        [("Siamo pronti al dialogo", True, "il portavoce del governo", "ha detto")],
    ),
    (
        "«La situazione è grave. Non possiamo aspettare oltre», ha sottolineato il governatore.",
        [("La situazione è grave. Non possiamo aspettare oltre", True, "il governatore", "ha sottolineato")],
    ),
    (
        "Zelensky: «Non cederemo un metro di territorio».",  # headline colon: no cue
        [("Non cederemo un metro di territorio", True, "Zelensky", None)],
    ),
    (
        "Il ministro ha definito l'attacco «un atto di guerra».",  # a partial quote
        [("un atto di guerra", True, "Il ministro", "ha definito")],
    ),
    (
        "«Non ci ritireremo», ha dichiarato il portavoce dell'esercito. «Continueremo fino alla fine.",
        [
            ("Non ci ritireremo", True, "il portavoce dell'esercito", "ha dichiarato"),
            ("Continueremo fino alla fine.", True, "il portavoce dell'esercito", None),  # unbalanced
        ],
    ),
    (
        "«Abbiamo aspettato otto anni», ha detto la madre del ricercatore, Paola Deffendi, in aula.",
        [("Abbiamo aspettato otto anni", True, "Paola Deffendi", "ha detto")],  # with its apposition
    ),
    (
        "«Siamo pronti» – ha detto il segretario del partito – «a governare da subito».",
        [
            ("Siamo pronti", True, "il segretario del partito", "ha detto"),
            ("a governare da subito", True, "il segretario del partito", "ha detto"),
        ],
    ),
    (
        "«Non è il momento delle polemiche», ha tagliato corto il premier.",
        [("Non è il momento delle polemiche", True, "il premier", "ha tagliato corto")],
    ),
    (
        "«Andremo avanti», ha detto Meloni. «Non abbiamo paura». Poi ha lasciato la sala.",
        [("Andremo avanti", True, "Meloni", "ha detto"), ("Non abbiamo paura", True, "Meloni", None)],
    ),
    # reported speech
    (
        "Matteo Salvini ha affermato che il governo andrà avanti fino alla fine del mandato.",
        [("il governo andrà avanti fino alla fine del mandato", False, "Matteo Salvini", "ha affermato")],
    ),
    (
        "Fonti diplomatiche hanno riferito che i negoziati riprenderanno lunedì a Ginevra.",
        [("i negoziati riprenderanno lunedì a Ginevra", False, "Fonti diplomatiche", "hanno riferito")],
    ),
    (
        "Il portavoce ha detto ai giornalisti che il presidente non parteciperà al vertice.",
        [("il presidente non parteciperà al vertice", False, "Il portavoce", "ha detto")],
    ),
    (
        "La vicepresidente ha chiamato il rivale e ha detto ai suoi elettori che la sconfitta non è la fine.",
        [("la sconfitta non è la fine", False, "La vicepresidente", "ha detto")],  # the addressees
    ),
    (
        "Biden ha chiesto al Congresso di approvare nuovi aiuti all'Ucraina.",
        [("approvare nuovi aiuti all'Ucraina", False, "Biden", "ha chiesto")],
    ),
    (
        "Il ministro ha chiesto se la misura sarà prorogata.",
        [("la misura sarà prorogata", False, "Il ministro", "ha chiesto")],
    ),
    (
        "Il sindaco, che ha parlato ai giornalisti, ha spiegato che l'ordinanza resterà in vigore.",
        [("l'ordinanza resterà in vigore", False, "Il sindaco", "ha spiegato")],
    ),
    (
        "Putin ha negato che la Russia voglia attaccare, ma ha avvertito che risponderà a ogni provocazione.",
        [
            ("la Russia voglia attaccare", False, "Putin", "ha negato"),
            ("risponderà a ogni provocazione", False, "Putin", "ha avvertito"),
        ],
    ),
    (
        "Il ministro ha detto che la riforma è «un passo avanti» per il Paese.",  # marks inside
        [("la riforma è «un passo avanti» per il Paese", False, "Il ministro", "ha detto")],
    ),
    (
        "Tajani ha detto che «l'Italia farà la sua parte».",  # all of the content in marks
        [("l'Italia farà la sua parte", True, "Tajani", "ha detto")],
    ),
    (
        "Il presidente Emmanuel Macron ha ribadito di voler aumentare le spese militari. "
        "Ha poi aggiunto che l'Europa deve difendersi da sola.",
        [
            ("voler aumentare le spese militari", False, "Emmanuel Macron", "ha ribadito"),
            ("l'Europa deve difendersi da sola", False, "Emmanuel Macron", "Ha poi aggiunto"),
        ],
    ),
    # inverted attribution and source markers
    (
        "Intanto, l'accordo è stato firmato, ha detto il portavoce.",
        [("l'accordo è stato firmato", False, "il portavoce", "ha detto")],
    ),
    (
        "Secondo fonti del governo, l'accordo sarà firmato entro la fine del mese.",
        [("l'accordo sarà firmato entro la fine del mese", False, "fonti del governo", "Secondo")],
    ),
    (
        "La crisi è ormai alle spalle, secondo il ministro dell'Economia Giancarlo Giorgetti.",
        [("La crisi è ormai alle spalle", False, "Giorgetti", "secondo")],
    ),
    (
        "Stando al portavoce del Cremlino Dmitry Peskov, i colloqui sono stati costruttivi.",
        [("i colloqui sono stati costruttivi", False, "Peskov", "Stando al")],
    ),
    (
        "A detta degli analisti, la banca centrale alzerà i tassi a luglio.",
        [("la banca centrale alzerà i tassi a luglio", False, "analisti", "A detta degli")],
    ),
    (
        "Per il segretario della Cgil Maurizio Landini, la manovra è sbagliata.",
        [("la manovra è sbagliata", False, "Landini", "Per")],
    ),
    (
        "Come ha spiegato il ministro, la misura entrerà in vigore a gennaio.",
        [("la misura entrerà in vigore a gennaio", False, "il ministro", "ha spiegato")],
    ),
    (
        "La Commissione europea, secondo cui le regole sono state violate, ha aperto una procedura.",
        [("le regole sono state violate", False, "La Commissione europea", "secondo cui")],
    ),
    (
        "Il governo ha approvato la riforma. Lo ha annunciato ieri il ministro Carlo Nordio.",
        [("Il governo ha approvato la riforma", False, "Carlo Nordio", "ha annunciato")],
    ),
    # not quotes
    ("Ieri la portavoce, Karine Jean-Pierre, ha parlato a lungo.", []),
    ("La missione è una missione di «addestramento e consulenza» non combattente.", []),
    ("Il film «La vita è bella» ha vinto tre premi Oscar.", []),
    ("La cosiddetta «zona rossa» resterà chiusa fino a domenica.", []),
    ("Il secondo uomo più potente del regime è stato arrestato ieri.", []),
    ("Il ministro non ha detto se la misura sarà prorogata.", []),
    ("Il presidente dirà domani che la crisi è finita.", []),
    ("È stato detto che la crisi è finita.", []),
    ("Detto questo, il vertice si è chiuso senza un accordo.", []),
    ("Il governo ha annunciato le dimissioni del ministro.", []),
    ("Per la prima volta il Senato ha votato la legge.", []),
    ("«Senza di noi non mangiate», c'era scritto su uno striscione.", []),
]


@pytest.mark.parametrize(("text", "expected"), IT_CASES, ids=[c[0][:40] for c in IT_CASES])
def test_italian(nlp_it_any: Pipeline, text: str, expected: list[Expected]) -> None:
    _check(nlp_it_any(text), expected)


def test_pronoun_and_subjectless_speakers(nlp_it_any: Pipeline) -> None:
    doc = nlp_it_any(
        "Il sindaco Francesco Passerini ha disposto la chiusura delle scuole. "
        "«Chiediamo ai cittadini di restare in casa», ha detto. "
        "Due diplomatici hanno confermato che la riunione è finita. Lui ha detto che tornerà domani."
    )
    stay = by_text(doc, "Chiediamo")
    assert stay.speaker_kind == "subjectless"
    assert stay.speaker_text == "Il sindaco Francesco Passerini"  # the subject before
    back = by_text(doc, "tornerà domani")
    assert back.speaker_kind == "pronoun"
    assert back.speaker_text == "Il sindaco Francesco Passerini"  # "lui": singular, not the diplomats


def test_quote_over_two_paragraphs(nlp_it_any: Pipeline) -> None:
    doc = nlp_it_any(
        "Il premier ha parlato a lungo in aula.\n\n"
        "«L'unità non è una scelta, è un dovere.\n\n"
        "«Sostenere questo governo significa scegliere l'Europa», ha detto Draghi."
    )
    assert len(doc.quotes) == 1
    quote = doc.quotes[0]
    assert quote.text.startswith("L'unità") and quote.text.endswith("scegliere l'Europa")
    assert "multi_paragraph" in quote.flags
    assert (quote.speaker_text, quote.cue) == ("Draghi", "ha detto")


@pytest.mark.parametrize(
    "text",
    [
        "«" * 5 + "testo" + "»" * 3,
        "Un' «apertura ' strana \" con ‘ marchi ’ sparsi » e “ basta",
        '"\n"\n"',
        "»«»«",
        "dell'Iran e l’uomo, anni '90, un po' di tutto",
        "«Frase aperta, ha detto il ministro.\n\nAltro paragrafo senza chiusura",
    ],
)
def test_odd_marks_never_fail(nlp_it_any: Pipeline, text: str) -> None:
    doc = nlp_it_any(text)
    assert doc.offset_errors() == []
    for quote in doc.quotes:
        assert quote.text.strip() == quote.text and quote.text


def test_unbalanced_quote_is_closed_at_the_paragraph_end() -> None:
    lexicon = Lexicon(Language("it").data("quotes", QuotesData))
    text = "«Una frase senza chiusura, ha detto lui.\nUn altro paragrafo."
    [quoted] = find_quoted(text, lexicon, [(0, 40), (41, len(text))])
    assert text[quoted.start : quoted.end] == "Una frase senza chiusura, ha detto lui."
    assert quoted.flags == ["unbalanced"]


# -- English -----------------------------------------------------------------------------------

EN_CASES: list[tuple[str, list[Expected]]] = [
    (
        '"We are united," NATO Secretary-General Jens Stoltenberg said on Monday.',
        [("We are united,", True, "Jens Stoltenberg", "said")],
    ),
    (
        '"It would be a mistake," said the minister, "and we will say so."',
        [
            ("It would be a mistake,", True, "the minister", "said"),
            ("and we will say so.", True, "the minister", "said"),
        ],
    ),
    (
        "Two diplomats who attended the meeting said it went smoothly. They said no envoy objected.",
        [
            ("it went smoothly", False, "Two diplomats", "said"),
            ("no envoy objected", False, "Two diplomats", "said"),
        ],
    ),
    (
        "According to officials in Washington, the strike was planned weeks ago.",
        [("the strike was planned weeks ago", False, "officials", "According to")],
    ),
    (
        "The talks have failed, said a senior European diplomat.",
        [("The talks have failed", False, "a senior European diplomat", "said")],
    ),
    (
        "Prime Minister Rishi Sunak told reporters that the government would not change course.",
        [("the government would not change course", False, "Rishi Sunak", "told")],
    ),
    (
        'The mayor said the decision had been "difficult" but necessary.',
        [('the decision had been "difficult" but necessary', False, "The mayor", "said")],
    ),
    (
        '"We will not back down," the White House spokesperson, Karine Jean-Pierre, told reporters.',
        [("We will not back down,", True, "Karine Jean-Pierre", "told")],
    ),
    (
        "Sam Altman will return as chief, the company said late on Tuesday, ending days of turmoil.",
        [("Sam Altman will return as chief", False, "the company", "said")],
    ),
    ('The so-called "special military operation" began in February.', []),
    ("Officials have not said whether the vote will go ahead.", []),
]


@pytest.mark.parametrize(("text", "expected"), EN_CASES, ids=[c[0][:40] for c in EN_CASES])
def test_english(nlp_en_any: Pipeline, text: str, expected: list[Expected]) -> None:
    _check(nlp_en_any(text), expected)


# -- the index for events and the language data -------------------------------------------------


def test_quote_index(sample_doc: Document) -> None:
    index = QuoteIndex(sample_doc.quotes)
    text = sample_doc.text
    stay = text.index("astenersi")
    k = index.at(stay)
    assert k is not None and sample_doc.quotes[k].text.startswith("All'incontro")
    assert index.at(text.index("La missione NATO in Iraq")) is None
    sentence = next(s for s in sample_doc.sentences if text[s.start : s.end].startswith("Hanno detto"))
    [k] = index.overlapping(sentence.start, sentence.end)
    assert sample_doc.quotes[k].cue == "Hanno detto"


def test_invalid_language_data_is_refused() -> None:
    raw = Language("it").data("quotes", QuotesData).model_dump()
    raw["plural_verb"] = "(unclosed"
    with pytest.raises(ValidationError, match="not a regular expression"):
        QuotesData.model_validate(raw)
    raw = Language("it").data("quotes", QuotesData).model_dump()
    raw["marks"] = [{"open": "«»", "close": "»", "family": "double"}]
    with pytest.raises(ValidationError):
        QuotesData.model_validate(raw)
