"""Tokens, lemmas and sentences: spaCy's rule-based tokenizer and lookup lemmatizer per language.

Sentences come from spaCy's punctuation-based sentencizer, plus one rule of our own: a line
break always starts a new sentence (news text puts headlines, datelines and paragraphs on lines
of their own, and a paragraph never continues a sentence).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cronaca.model import Document, Sentence, Token
from cronaca.pipeline.stage import Stage, register_stage

if TYPE_CHECKING:
    import spacy.tokens

    from cronaca.lang import Language


@register_stage("tokenizer")
class Tokenizer(Stage):
    name = "tokenizer"
    requires = frozenset({"text"})
    assigns = frozenset({"tokens", "sentences"})

    def __init__(self, language: Language, batch_size: int = 64) -> None:
        import spacy

        self.nlp = spacy.blank(language.config.spacy)
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

    def _lemma(self, tok: spacy.tokens.Token) -> str:
        lemma = tok.lemma_ or tok.text
        if lemma == tok.text and not tok.text.islower():
            # The lookup table is lower-case: "Il" and "Hanno" at a sentence start need it too.
            lemma = self.table.get(tok.lower_, tok.text) if tok.text.istitle() else tok.text
        return str(lemma)

    def _fill(self, doc: Document, sdoc: spacy.tokens.Doc) -> Document:
        tokens: list[Token] = []
        starts: list[bool] = []
        after_break = True
        for tok in sdoc:
            if tok.is_space:
                after_break = after_break or "\n" in tok.text
                continue
            tokens.append(
                Token(
                    start=tok.idx,
                    end=tok.idx + len(tok.text),
                    text=tok.text,
                    lemma=self._lemma(tok),
                )
            )
            starts.append(after_break or bool(tok.is_sent_start))
            after_break = False
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
