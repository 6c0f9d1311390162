"""Convert BIO-tagged corpora (KIND .tsv, EVALITA, WikiNEuRal CoNLL) to spaCy DocBin files.

    python training/ner_spacy/convert.py OUT.spacy FILE [FILE ...] [--per-doc 10]

Sentences become docs of ``--per-doc`` consecutive sentences (document context helps NER, and the
corpora keep an article's sentences together); only PER, ORG and LOC are kept.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import spacy
from spacy.tokens import DocBin, Span

from cronaca.eval.ner import LABELS, read_sentences


def convert(files: list[Path], out: Path, per_doc: int) -> int:
    nlp = spacy.blank("it")
    db = DocBin()
    n = 0
    for path in files:
        batch: list[list[tuple[str, str]]] = []
        for sentence in read_sentences(path):
            batch.append(sentence)
            if len(batch) == per_doc:
                db.add(_doc(nlp, batch))
                n += 1
                batch = []
        if batch:
            db.add(_doc(nlp, batch))
            n += 1
    db.to_disk(out)
    return n


def _doc(nlp: spacy.language.Language, sentences: list[list[tuple[str, str]]]) -> spacy.tokens.Doc:
    words = [t for s in sentences for t, _ in s]
    tags = [tag for s in sentences for _, tag in s]
    starts = []
    for s in sentences:
        starts += [True] + [False] * (len(s) - 1)
    doc = spacy.tokens.Doc(nlp.vocab, words=words, sent_starts=starts)
    spans = []
    i = 0
    while i < len(tags):
        prefix, _, label = tags[i].partition("-")
        if prefix in {"B", "I"} and label in LABELS:
            j = i + 1
            while j < len(tags) and tags[j] == f"I-{label}":
                j += 1
            spans.append(Span(doc, i, j, label=label))
            i = j
        else:
            i += 1
    doc.ents = spans
    return doc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("files", type=Path, nargs="+")
    parser.add_argument("--per-doc", type=int, default=10)
    args = parser.parse_args()
    print(f"{convert(args.files, args.out, args.per_doc)} docs → {args.out}")


if __name__ == "__main__":
    main()
