"""``cronaca eval syntax``: parts of speech, morphology, lemmas and dependencies against CoNLL-U.

Scores are on the gold tokenization, the standard setting for comparing taggers and parsers: the
file's *syntactic words* (multiword-token lines such as "della" = "di" + "la" are skipped, their
words kept) become the tokens of pseudo-documents of ``group`` consecutive sentences, with the
file's sentence boundaries, and the ``syntax`` stage analyses them with contraction expansion
off (the words are already split). Every word counts, punctuation included (as in the CoNLL 2018
shared task):

- UPOS, UFeats (the whole feature set, order-insensitive) and lemma accuracy (exact form);
- UAS (the right head) and LAS (the right head and relation; relations compared on their
  universal part, "nsubj:pass" as "nsubj", as in CoNLL 2018), plus LAS on full relations.

XPOS (language-specific tags) is not predicted and not scored.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cronaca.errors import ConfigError
from cronaca.model import Document, Sentence, Token, content_id

METRICS = ("upos", "ufeats", "lemma", "uas", "las", "las_full")


@dataclass(frozen=True)
class Word:
    form: str
    lemma: str
    upos: str
    feats: str
    head: int  # 0 for the root, else the 1-based index of the head word in its sentence
    deprel: str


def read_conllu(path: Path) -> Iterator[list[Word]]:
    """The sentences of a CoNLL-U file as lists of syntactic words."""
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror}") from exc
    with handle:
        sentence: list[Word] = []
        for number, line in enumerate(handle, start=1):
            line = line.rstrip("\n")
            if not line.strip():
                if sentence:
                    yield sentence
                sentence = []
                continue
            if line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != 10:
                raise ConfigError(f"{path}:{number}: expected 10 tab-separated columns, got {len(cols)}")
            if not cols[0].isdigit():  # a multiword token (1-2) or an empty node (8.1)
                continue
            try:
                head = int(cols[6])
            except ValueError:
                raise ConfigError(f"{path}:{number}: the head {cols[6]!r} is not a number") from None
            sentence.append(Word(cols[1], cols[2], cols[3], cols[5], head, cols[7]))
        if sentence:
            yield sentence


def to_document(sentences: list[list[Word]], lang: str) -> Document:
    """A document whose tokens are the words (joined by spaces, one sentence per line)."""
    tokens: list[Token] = []
    spans: list[Sentence] = []
    lines: list[str] = []
    offset = 0
    for words in sentences:
        first = len(tokens)
        pos = offset
        for w in words:
            tokens.append(Token(start=pos, end=pos + len(w.form), text=w.form, lemma=w.form))
            pos += len(w.form) + 1
        spans.append(Sentence(start=offset, end=pos - 1, token_start=first, token_end=len(tokens)))
        lines.append(" ".join(w.form for w in words))
        offset = pos
    text = "\n".join(lines)
    return Document(id=content_id(text), lang=lang, text=text, tokens=tokens, sentences=spans)


def _feats(value: str | None) -> frozenset[str]:
    return frozenset(value.split("|")) if value and value != "_" else frozenset()


@dataclass
class SyntaxReport:
    sentences: int = 0
    words: int = 0
    correct: dict[str, int] = field(default_factory=lambda: dict.fromkeys(METRICS, 0))
    errors: list[dict[str, Any]] = field(default_factory=list)

    def accuracy(self, metric: str) -> float:
        return self.correct[metric] / self.words if self.words else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "sentences": self.sentences,
            "words": self.words,
            **{m: round(self.accuracy(m), 4) for m in METRICS},
        }


def score_document(report: SyntaxReport, doc: Document, sentences: list[list[Word]], max_errors: int) -> None:
    """Add one analysed pseudo-document to the report."""
    for span, gold in zip(doc.sentences, sentences, strict=True):
        report.sentences += 1
        for i, w in enumerate(gold):
            t = span.token_start + i
            tok = doc.tokens[t]
            head = 0 if tok.head is None or tok.head == t else tok.head - span.token_start + 1
            dep = tok.dep or ""
            ok = {
                "upos": tok.pos == w.upos,
                "ufeats": _feats(tok.morph) == _feats(w.feats),
                "lemma": tok.lemma == w.lemma,
                "uas": head == w.head,
                "las": head == w.head and dep.split(":")[0] == w.deprel.split(":")[0],
                "las_full": head == w.head and dep == w.deprel,
            }
            report.words += 1
            for metric, right in ok.items():
                report.correct[metric] += right
            if not ok["las"] and len(report.errors) < max_errors:
                report.errors.append(
                    {
                        "word": w.form,
                        "sentence": " ".join(x.form for x in gold),
                        "gold": f"{w.upos} {w.head} {w.deprel}",
                        "pred": f"{tok.pos} {head} {dep}",
                    }
                )


def evaluate(
    path: Path,
    lang: str = "it",
    model: str = "joint-it",
    group: int = 20,
    batch_size: int = 16,
    max_errors: int = 200,
) -> SyntaxReport:
    from cronaca.lang import Language
    from cronaca.pipeline.stage import make_stage

    stage = make_stage("syntax", Language(lang), {"model": model, "contractions": False})
    report = SyntaxReport()

    def score(batch: list[list[list[Word]]]) -> None:
        docs = [to_document(sentences, lang) for sentences in batch]
        for doc, sentences in zip(stage.pipe(docs), batch, strict=True):
            score_document(report, doc, sentences, max_errors)

    batch: list[list[list[Word]]] = []
    chunk: list[list[Word]] = []
    for sentence in read_conllu(path):
        chunk.append(sentence)
        if len(chunk) >= group:
            batch.append(chunk)
            chunk = []
        if len(batch) >= batch_size:
            score(batch)
            batch = []
    if chunk:
        batch.append(chunk)
    if batch:
        score(batch)
    if report.words == 0:
        raise ConfigError(f"{path}: no sentences (is it a CoNLL-U file?)")
    return report
