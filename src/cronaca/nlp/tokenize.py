"""Tokens, lemmas and sentences: spaCy's rule-based tokenizer and lookup lemmatizer per language.

Sentences come from spaCy's punctuation-based sentencizer, plus one rule of our own: a line
break always starts a new sentence (news text puts headlines, datelines and paragraphs on lines
of their own, and a paragraph never continues a sentence). Abbreviations listed in the
language's ``tokenizer.yaml`` ("sig.", "dott.", "Col.") stay one token, so that they neither end
a sentence nor lose the full stop that the entity rules' title words carry.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from cronaca.model import Document, Sentence, Token
from cronaca.pipeline.stage import Stage, register_stage

if TYPE_CHECKING:
    import spacy.tokens

    from cronaca.lang import Language


class TokenizerData(BaseModel):
    """``lang/<code>/tokenizer.yaml``."""

    model_config = ConfigDict(extra="forbid")

    abbreviations: list[str] = Field(
        default_factory=list,
        description="Abbreviations ending in a full stop that are one token and never end a "
        "sentence (spaCy's own exceptions already cover many). A lower-case one also matches "
        "with a capital initial.",
    )


@register_stage("tokenizer")
class Tokenizer(Stage):
    name = "tokenizer"
    requires = frozenset({"text"})
    assigns = frozenset({"tokens", "sentences"})

    def __init__(self, language: Language, batch_size: int = 64) -> None:
        import spacy
        from spacy.symbols import ORTH
        from spacy.tokenizer import Tokenizer as SpacyTokenizer

        self.nlp = spacy.blank(language.config.spacy)
        tokenizer = self.nlp.tokenizer
        assert isinstance(tokenizer, SpacyTokenizer)
        for abbr in language.data("tokenizer", TokenizerData).abbreviations:
            for form in {abbr, abbr[:1].upper() + abbr[1:]}:
                tokenizer.add_special_case(form, [{ORTH: form}])
        self.nlp.add_pipe("sentencizer")
        lemmatizer = self.nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        self.nlp.initialize()
        self.table = lemmatizer.lookups.get_table("lemma_lookup")  # type: ignore[attr-defined]
        self.batch_size = batch_size

    def __call__(self, doc: Document) -> Document:
        return self._fill(doc, self.nlp(doc.text))

    def pipe(self, docs: list[Document]) -> Iterator[Document]:
        parsed = self.nlp.pipe((d.text for d in docs), batch_size=self.batch_size)
        for doc, sdoc in zip(docs, parsed, strict=True):
            yield self._fill(doc, sdoc)

    def _lemma(self, tok: spacy.tokens.Token, initial: bool) -> str:
        lemma = tok.lemma_ or tok.text
        if lemma == tok.text and tok.text.istitle() and (initial or tok.is_stop):
            # The lookup table is lower-case: "Il" and "Hanno" at a sentence start need it too.
            # Elsewhere a capital marks a name: "Conte" is not "conta", "Rossi" not "rosso".
            lemma = self.table.get(tok.lower_, tok.lower_ if tok.is_stop else tok.text)
        return str(lemma)

    def _fill(self, doc: Document, sdoc: spacy.tokens.Doc) -> Document:
        tokens: list[Token] = []
        starts: list[bool] = []
        after_break = True
        initial = False  # at a sentence start, or after the opening punctuation of one
        for tok in sdoc:
            if tok.is_space:
                after_break = after_break or "\n" in tok.text
                continue
            start = after_break or bool(tok.is_sent_start)
            initial = start or (initial and _is_punct(tokens[-1].text))
            tokens.append(
                Token(
                    start=tok.idx,
                    end=tok.idx + len(tok.text),
                    text=tok.text,
                    lemma=self._lemma(tok, initial),
                )
            )
            starts.append(start)
            after_break = False
        # spaCy leaves the opening quote of the next sentence at the end of the previous one
        # ('ha detto. "Andiamo' splits before "Andiamo"): move such starts back over it.
        for i in range(1, len(tokens)):
            j = i
            while starts[i] and j > 1 and not starts[j - 1] and _is_opening(doc.text, tokens[j - 1]):
                j -= 1
            if j != i:
                starts[i], starts[j] = False, True
        sentences: list[Sentence] = []
        first = 0
        for i in range(1, len(tokens) + 1):
            if i == len(tokens) or starts[i]:
                sentences.append(
                    Sentence(
                        start=tokens[first].start,
                        end=tokens[i - 1].end,
                        token_start=first,
                        token_end=i,
                    )
                )
                first = i
        doc.tokens = tokens
        doc.sentences = sentences
        return doc


def _is_punct(text: str) -> bool:
    return not any(c.isalnum() for c in text)


_OPENING = frozenset({"“", "«", "‘", "„", "‹", "(", "["})
_AMBIGUOUS_QUOTES = frozenset({'"', "'"})


def _is_opening(text: str, tok: Token) -> bool:
    """An opening quote or bracket; a straight quote opens when a word follows it directly
    and it follows a space (not in 'provocazioni ".' nor in 'uniti",')."""
    if tok.text in _OPENING:
        return True
    if tok.text not in _AMBIGUOUS_QUOTES:
        return False
    before = text[tok.start - 1] if tok.start > 0 else " "
    after = text[tok.end] if tok.end < len(text) else " "
    return before.isspace() and after.isalnum()
