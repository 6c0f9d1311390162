"""``cronaca eval quotes``: quotes and their speakers against the team's set.

The set (``eval/quotes/<lang>.yaml``, docs/quotes-guidelines.md) is a YAML list of articles,
each with its quotes::

    - id: it-q001
      published: 2023-05-02
      text: >-
        ...
      quotes:
        - content: "Sarebbe un errore"   # a substring of text, without quotation marks
          at: 1                          # which occurrence of it (default 1)
          direct: true
          cue: "ha detto"                # or null
          speaker: "Jens Stoltenberg"    # the speaker's mention (a pronoun's antecedent), or null
          speaker_kind: named

Content spans are scored strictly (same offsets) and relaxed (overlap, one-to-one, largest
overlap first), overall and for direct and reported speech apart. A matched quote's speaker is
right when the predicted speaker mention overlaps an occurrence of the gold speaker in the text,
or the predicted actor has a mention that does; a null gold speaker asks for no speaker.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cronaca.errors import ConfigError
from cronaca.eval.common import analyse, published_of, read_items
from cronaca.eval.spans import PRF, score
from cronaca.model import Document, Quote

Spans = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class GoldQuote:
    start: int
    end: int
    content: str
    direct: bool
    cue: str | None
    cue_spans: Spans
    speaker: str | None
    speaker_spans: Spans
    speaker_kind: str | None


@dataclass
class Item:
    id: str
    lang: str
    published: dt.date | None
    text: str
    quotes: list[GoldQuote] = field(default_factory=list)


def occurrences(text: str, sub: str) -> Spans:
    return tuple((m.start(), m.start() + len(sub)) for m in re.finditer(re.escape(sub), text)) if sub else ()


def _gold(text: str, raw: dict[str, Any]) -> GoldQuote:
    content = str(raw["content"])
    at = int(raw.get("at", 1))
    found = occurrences(text, content)
    if len(found) < at or at < 1:
        raise ValueError(f"content {content!r} (occurrence {at}) is not in the text")
    start, end = found[at - 1]
    cue = raw.get("cue")
    speaker = raw.get("speaker")
    cue_spans = occurrences(text, str(cue)) if cue is not None else ()
    speaker_spans = occurrences(text, str(speaker)) if speaker is not None else ()
    if cue is not None and not cue_spans:
        raise ValueError(f"cue {cue!r} is not in the text")
    if speaker is not None and not speaker_spans:
        raise ValueError(f"speaker {speaker!r} is not in the text")
    return GoldQuote(
        start,
        end,
        content,
        bool(raw.get("direct", True)),
        None if cue is None else str(cue),
        cue_spans,
        None if speaker is None else str(speaker),
        speaker_spans,
        raw.get("speaker_kind"),
    )


def load_items(path: Path) -> list[Item]:
    lang, raw = read_items(path)
    items = []
    for n, entry in enumerate(raw, start=1):
        ident = str(entry.get("id", n))
        try:
            text = str(entry["text"])
            quotes = [_gold(text, q) for q in entry.get("quotes") or []]
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"{path}: item {ident}: {exc}") from exc
        items.append(Item(ident, str(entry.get("lang", lang)), published_of(entry), text, quotes))
    return items


@dataclass
class QuotesReport:
    items: int = 0
    strict: PRF = field(default_factory=PRF)
    relaxed: PRF = field(default_factory=PRF)
    by_kind: dict[str, tuple[PRF, PRF]] = field(
        default_factory=lambda: {"direct": (PRF(), PRF()), "reported": (PRF(), PRF())}
    )
    kind_correct: int = 0
    speaker_total: int = 0
    speaker_correct: int = 0
    cue_total: int = 0
    cue_correct: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def gold(self) -> int:
        return self.relaxed.tp + self.relaxed.fn

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_correct / self.speaker_total if self.speaker_total else 0.0

    @property
    def end_to_end(self) -> float:
        return self.speaker_correct / self.gold if self.gold else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "items": self.items,
            "gold_quotes": self.gold,
            "content_exact": self.strict.as_dict(),
            "content_overlap": self.relaxed.as_dict(),
            "by_kind": {
                kind: {"exact": s.as_dict(), "overlap": r.as_dict()} for kind, (s, r) in self.by_kind.items()
            },
            "direct_flag_accuracy": _ratio(self.kind_correct, self.relaxed.tp),
            "speaker_accuracy": round(self.speaker_accuracy, 4),
            "speaker_matched": self.speaker_total,
            "speaker_end_to_end": round(self.end_to_end, 4),
            "cue_accuracy": _ratio(self.cue_correct, self.cue_total),
        }


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def _overlaps(span: tuple[int, int], spans: Spans) -> bool:
    return any(s < span[1] and span[0] < e for s, e in spans)


def speaker_correct(doc: Document, gold: GoldQuote, pred: Quote) -> bool:
    if gold.speaker is None:
        return pred.speaker_span is None and pred.speaker is None
    span = pred.speaker_span
    if span is not None and _overlaps((span.start, span.end), gold.speaker_spans):
        return True
    actor = next((a for a in doc.actors if a.id == pred.speaker), None) if pred.speaker else None
    return actor is not None and any(_overlaps(m, gold.speaker_spans) for m in actor.mentions)


def _cue_correct(gold: GoldQuote, pred: Quote) -> bool:
    if gold.cue is None:
        return pred.cue_span is None
    return pred.cue_span is not None and _overlaps((pred.cue_span.start, pred.cue_span.end), gold.cue_spans)


def evaluate(items: list[Item], profile: str = "default") -> QuotesReport:
    report = QuotesReport()
    docs = analyse([(item.lang, item.text, item.published) for item in items], profile)
    for item, doc in zip(items, docs, strict=True):
        score_item(report, item, doc)
    return report


def score_item(report: QuotesReport, item: Item, doc: Document) -> None:
    report.items += 1
    gold, pred = item.quotes, doc.quotes
    strict, relaxed, pairs = score(gold, pred)
    report.strict.add(strict)
    report.relaxed.add(relaxed)
    for kind, direct in (("direct", True), ("reported", False)):
        kind_strict, kind_relaxed, _ = score(
            [q for q in gold if q.direct == direct], [q for q in pred if q.direct == direct]
        )
        report.by_kind[kind][0].add(kind_strict)
        report.by_kind[kind][1].add(kind_relaxed)
    matched_gold = {gi for gi, _ in pairs}
    matched_pred = {pi for _, pi in pairs}
    for gi, pi in pairs:
        g, p = gold[gi], pred[pi]
        report.kind_correct += g.direct == p.direct
        report.speaker_total += 1
        if speaker_correct(doc, g, p):
            report.speaker_correct += 1
        else:
            report.errors.append(_error(item, "speaker", g, p))
        if g.cue is not None or p.cue_span is not None:
            report.cue_total += 1
            report.cue_correct += _cue_correct(g, p)
        if (g.start, g.end) != (p.start, p.end):
            report.errors.append(_error(item, "boundary", g, p))
    for gi, g in enumerate(gold):
        if gi not in matched_gold:
            report.errors.append(_error(item, "missed", g, None))
    for pi, p in enumerate(pred):
        if pi not in matched_pred:
            report.errors.append(_error(item, "spurious", None, p))


def _error(item: Item, kind: str, gold: GoldQuote | None, pred: Quote | None) -> dict[str, Any]:
    return {
        "id": item.id,
        "kind": kind,
        "gold": None
        if gold is None
        else {"content": gold.content, "direct": gold.direct, "speaker": gold.speaker, "cue": gold.cue},
        "pred": None
        if pred is None
        else {"content": pred.text, "direct": pred.direct, "speaker": pred.speaker_text, "cue": pred.cue},
    }
