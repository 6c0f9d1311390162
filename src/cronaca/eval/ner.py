"""``cronaca eval ner``: named entities against a BIO-tagged corpus (KIND, EVALITA, WikiNEuRal).

Sentences are rebuilt as text (tokens joined by spaces, one sentence per line), grouped into
pseudo-documents of ``group`` consecutive sentences (corpora keep an article's sentences
together, and document context is part of how entities are recognised), and analysed by the
pipeline. Scores are exact-span, exact-label micro and per-type precision/recall/F1 over
PER/ORG/LOC (other labels such as MISC are ignored on both sides).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cronaca.errors import ConfigError
from cronaca.eval.spans import PRF

LABELS = ("PER", "ORG", "LOC")


@dataclass(frozen=True)
class GoldEntity:
    start: int
    end: int
    label: str


@dataclass
class Chunk:
    text: str
    entities: list[GoldEntity]


def read_sentences(path: Path) -> Iterator[list[tuple[str, str]]]:
    """(token, tag) sentences of a CoNLL-like file: ``token<TAB>tag``, ``token tag`` or
    ``index<TAB>token<TAB>tag``; blank lines separate sentences."""
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror}") from exc
    with handle:
        sentence: list[tuple[str, str]] = []
        for number, line in enumerate(handle, start=1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("-DOCSTART-"):
                if sentence:
                    yield sentence
                sentence = []
                continue
            parts = line.split("\t") if "\t" in line else line.split(" ")
            if len(parts) < 2:
                raise ConfigError(f"{path}:{number}: expected a token and a tag, got {line!r}")
            token, tag = (
                (parts[1], parts[-1]) if len(parts) >= 3 and parts[0].isdigit() else (parts[0], parts[-1])
            )
            sentence.append((token, tag))
        if sentence:
            yield sentence


def chunks(path: Path, group: int, limit: int | None = None) -> Iterator[Chunk]:
    """Pseudo-documents of ``group`` sentences (the first ``limit`` sentences only, if given)."""
    lines: list[str] = []
    entities: list[GoldEntity] = []
    offset = 0
    for number, sentence in enumerate(read_sentences(path)):
        if limit is not None and number >= limit:
            break
        tokens = [t for t, _ in sentence]
        starts = []
        pos = offset
        for tok in tokens:
            starts.append(pos)
            pos += len(tok) + 1
        entities.extend(_bio_spans(sentence, starts))
        lines.append(" ".join(tokens))
        offset = pos
        if len(lines) >= group:
            yield Chunk("\n".join(lines), entities)
            lines, entities, offset = [], [], 0
    if lines:
        yield Chunk("\n".join(lines), entities)


def _bio_spans(sentence: list[tuple[str, str]], starts: list[int]) -> list[GoldEntity]:
    spans: list[GoldEntity] = []
    current: tuple[int, int, str] | None = None
    for i, (tok, tag) in enumerate(sentence):
        prefix, _, label = tag.partition("-")
        end = starts[i] + len(tok)
        if prefix == "I" and current is not None and current[2] == label:
            current = (current[0], end, label)
            continue
        if current is not None:
            spans.append(GoldEntity(*current))
            current = None
        if prefix in {"B", "I"}:  # an I- without a B- starts an entity too (IOB1)
            current = (starts[i], end, label)
    if current is not None:
        spans.append(GoldEntity(*current))
    return [s for s in spans if s.label in LABELS]


@dataclass
class NerReport:
    documents: int = 0
    micro: PRF = field(default_factory=PRF)
    by_label: dict[str, PRF] = field(default_factory=lambda: {label: PRF() for label in LABELS})
    errors: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "micro": self.micro.as_dict(),
            "by_label": {k: v.as_dict() for k, v in self.by_label.items()},
        }


def evaluate(
    path: Path,
    lang: str = "it",
    group: int = 20,
    max_errors: int = 200,
    profile: str = "default",
    limit: int | None = None,
) -> NerReport:
    import cronaca
    from cronaca.model import Document

    nlp = cronaca.load(lang, lang_check=False, profile=profile)
    report = NerReport()
    gold_chunks: list[Chunk] = []

    def texts() -> Iterator[str]:
        for chunk in chunks(path, group, limit):
            gold_chunks.append(chunk)
            yield chunk.text

    for index, result in enumerate(nlp.pipe(texts(), batch_size=16)):
        chunk = gold_chunks[index]
        gold_chunks[index] = Chunk("", [])  # free memory as we go
        if not isinstance(result, Document):
            raise ConfigError(f"{path}: chunk {index} was rejected: {result.reason}")
        report.documents += 1
        gold = {(e.start, e.end, e.label) for e in chunk.entities}
        pred = {(e.start, e.end, e.label) for e in result.entities}
        for label in LABELS:
            g = {x for x in gold if x[2] == label}
            p = {x for x in pred if x[2] == label}
            counts = PRF(len(g & p), len(p - g), len(g - p))
            report.by_label[label].add(counts)
            report.micro.add(counts)
        for start, end, label in sorted(gold ^ pred):
            if len(report.errors) < max_errors:
                report.errors.append(
                    {
                        "kind": "missed" if (start, end, label) in gold else "spurious",
                        "label": label,
                        "text": result.text[start:end],
                        "context": result.text[max(0, start - 40) : end + 40].replace("\n", " "),
                    }
                )
    return report
