"""The tokenizer stage: tokens, lemmas and sentences, per language."""

from __future__ import annotations

import pytest

from cronaca.lang import Language
from cronaca.model import Document, content_id
from cronaca.nlp.tokenize import Tokenizer


@pytest.fixture(scope="module")
def tokenizers() -> dict[str, Tokenizer]:
    return {code: Tokenizer(Language(code)) for code in ("it", "en")}


def _run(tokenizers: dict[str, Tokenizer], lang: str, text: str) -> Document:
    doc = tokenizers[lang](Document(id=content_id(text), lang=lang, text=text))
    assert doc.offset_errors() == []
    return doc


@pytest.mark.parametrize(
    ("lang", "text", "tokens"),
    [
        ("it", "L'Iran ha detto no.", ["L'", "Iran", "ha", "detto", "no", "."]),
        ("it", "il sostegno dell'Iran", ["il", "sostegno", "dell'", "Iran"]),
        ("it", "Quest'anno all'Onu", ["Quest'", "anno", "all'", "Onu"]),
        ("it", "l’Unione europea", ["l’", "Unione", "europea"]),  # typographic apostrophe
        ("it", "la Banca d'Italia", ["la", "Banca", "d'", "Italia"]),
        ("it", "se n'è andato", ["se", "n'", "è", "andato"]),
        (
            "it",
            "Il sig. Rossi e la dott.ssa Bianchi",
            ["Il", "sig.", "Rossi", "e", "la", "dott.ssa", "Bianchi"],
        ),
        ("it", "il Dott. Verdi", ["il", "Dott.", "Verdi"]),  # an abbreviation with a capital
        ("it", "Gli U.S.A. e la Fiat S.p.A.", ["Gli", "U.S.A.", "e", "la", "Fiat", "S.p.A."]),
        ("it", "«Basta», ha detto.", ["«", "Basta", "»", ",", "ha", "detto", "."]),
        ("it", "“Siamo uniti”", ["“", "Siamo", "uniti", "”"]),
        ("it", "finita 2-1", ["finita", "2", "-", "1"]),
        ("it", "Perché? Boh!", ["Perché", "?", "Boh", "!"]),
        ("it", "BRUXELLES – La NATO", ["BRUXELLES", "–", "La", "NATO"]),
        ("en", "He didn't go.", ["He", "did", "n't", "go", "."]),
        ("en", "Stoltenberg's plan", ["Stoltenberg", "'s", "plan"]),
        ("en", "The U.S. and the U.K. agreed.", ["The", "U.S.", "and", "the", "U.K.", "agreed", "."]),
        ("en", "Col. John Smith met Mr. Jones", ["Col.", "John", "Smith", "met", "Mr.", "Jones"]),
        ("en", "a well-known case", ["a", "well", "-", "known", "case"]),
    ],
)
def test_tokens(tokenizers: dict[str, Tokenizer], lang: str, text: str, tokens: list[str]) -> None:
    assert [t.text for t in _run(tokenizers, lang, text).tokens] == tokens


@pytest.mark.parametrize(
    ("lang", "text", "word", "lemma"),
    [
        ("it", "Il ministro ha detto di no.", "ha", "avere"),
        ("it", "Il ministro ha detto di no.", "detto", "dire"),
        ("it", "Il ministro ha detto di no.", "Il", "il"),  # capitalised at a sentence start
        ("it", "Si deve astenersi da ulteriori violenze.", "violenze", "violenza"),
        ("it", "Poi sono partiti.", "sono", "essere"),
        ("it", "Hanno detto che verranno.", "Hanno", "avere"),
        ("it", "«Gli alleati hanno chiesto moderazione»", "Gli", "il"),  # after an opening quote
        ("it", "Parlando dopo una rara riunione", "Parlando", "parlare"),
        ("it", "Lo ha detto il premier Conte ieri.", "Conte", "Conte"),  # a name, not "conta"
        ("it", "Il sig. Rossi è arrivato.", "Rossi", "Rossi"),  # not "rosso"
        ("it", "il sostegno dell'Iran", "dell'", "della"),
        ("en", "The minister said no.", "The", "the"),
        ("en", "The minister said no.", "said", "say"),
        ("en", "They went home.", "went", "go"),
        ("en", "They went home.", "They", "they"),
        ("en", "Officials met Bush in Texas.", "Bush", "Bush"),  # a name keeps its capital
    ],
)
def test_lemmas(tokenizers: dict[str, Tokenizer], lang: str, text: str, word: str, lemma: str) -> None:
    doc = _run(tokenizers, lang, text)
    [token] = [t for t in doc.tokens if t.text == word]
    assert token.lemma == lemma


@pytest.mark.parametrize(
    ("lang", "text", "sentences"),
    [
        ("it", "Il governo cade. Le elezioni sono vicine.", ["Il governo cade.", "Le elezioni sono vicine."]),
        ("it", "Davvero? Sì! Bene.", ["Davvero?", "Sì!", "Bene."]),
        ("it", "Il sig. Rossi è arrivato. Poi è partito.", ["Il sig. Rossi è arrivato.", "Poi è partito."]),
        (
            "it",
            "Il dott. Bianchi e il prof. Verdi sono qui.",
            ["Il dott. Bianchi e il prof. Verdi sono qui."],
        ),
        ("it", "Gli U.S.A. hanno risposto. Poi basta.", ["Gli U.S.A. hanno risposto.", "Poi basta."]),
        ("it", "Titolo dell'articolo\nIl testo segue qui", ["Titolo dell'articolo", "Il testo segue qui"]),
        (
            "it",
            "Prima riga\n\nseconda riga",
            ["Prima riga", "seconda riga"],
        ),  # a break even before lower case
        (
            "it",
            'Deve astenersi da ulteriori provocazioni ". Il suo personale resta.',
            ['Deve astenersi da ulteriori provocazioni ".', "Il suo personale resta."],
        ),
        ("it", "«Basta così». Il giorno dopo arrivò.", ["«Basta così».", "Il giorno dopo arrivò."]),
        (
            "it",
            '"Siamo uniti", ha detto Rossi. “Andiamo avanti.” Poi è uscito.',
            ['"Siamo uniti", ha detto Rossi.', "“Andiamo avanti.”", "Poi è uscito."],
        ),
        (
            "it",
            "Ha detto: «Non è vero!». Poi se n'è andato.",
            ["Ha detto: «Non è vero!».", "Poi se n'è andato."],
        ),
        ("it", "Il 6 gen. 2020 a Roma.", ["Il 6 gen. 2020 a Roma."]),
        (
            "en",
            "Mr. Smith went to Washington. He met Sen. Jones.",
            ["Mr. Smith went to Washington.", "He met Sen. Jones."],
        ),
        ("en", "The U.S.A. said it. Then it left.", ["The U.S.A. said it.", "Then it left."]),
        ("en", "Col. Smith arrived. Lt. Jones left.", ["Col. Smith arrived.", "Lt. Jones left."]),
        ("en", '"We are united," he said. "Go on."', ['"We are united," he said.', '"Go on."']),
        ("en", "Headline here\nBody text.", ["Headline here", "Body text."]),
    ],
)
def test_sentences(tokenizers: dict[str, Tokenizer], lang: str, text: str, sentences: list[str]) -> None:
    doc = _run(tokenizers, lang, text)
    assert [doc.text[s.start : s.end] for s in doc.sentences] == sentences
    # Sentences cover every token once, in order.
    assert doc.sentences[0].token_start == 0
    assert doc.sentences[-1].token_end == len(doc.tokens)
    for before, after in zip(doc.sentences, doc.sentences[1:], strict=False):
        assert before.token_end == after.token_start


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "."])
def test_degenerate_texts(tokenizers: dict[str, Tokenizer], text: str) -> None:
    doc = _run(tokenizers, "it", text)
    assert len(doc.sentences) == (1 if text.strip() else 0)
    assert all(not t.text.isspace() for t in doc.tokens)


def test_batched_and_single_agree(tokenizers: dict[str, Tokenizer]) -> None:
    texts = ["Il sig. Rossi è arrivato.", "“Andiamo avanti.” Poi è uscito.", "Titolo\nTesto."]
    docs = [Document(id=content_id(t), lang="it", text=t) for t in texts]
    batched = list(tokenizers["it"].pipe([d.model_copy(deep=True) for d in docs]))
    single = [tokenizers["it"](d) for d in docs]
    assert [d.to_json_dict() for d in batched] == [d.to_json_dict() for d in single]
