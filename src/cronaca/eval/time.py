"""``cronaca eval time``: temporal expressions against the team's annotated set.

The set (``eval/time/<lang>.yaml``, see docs/time-guidelines.md) writes each expression inline
as ``[surface]{TYPE VALUE}``. Reported: detection precision/recall/F1, strict (same offsets) and
relaxed (overlapping), and on the relaxed matches the accuracy of the type and of the value.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cronaca.errors import ConfigError
from cronaca.eval.common import analyse, published_of, read_items
from cronaca.eval.spans import PRF, score

MARKUP = re.compile(r"\[([^\[\]]+)\]\{(DATE|TIME|DURATION|SET) ([^{}\s]+)\}")


@dataclass(frozen=True)
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(frozen=True)
class Item:
    id: str
    lang: str
    published: dt.date | None
    text: str
    timexes: list[GoldTimex]
    form: str | None = None


def parse_markup(marked: str) -> tuple[str, list[GoldTimex]]:
    """Plain text and gold expressions of a marked-up text."""
    out: list[str] = []
    gold: list[GoldTimex] = []
    pos = 0
    length = 0
    for m in MARKUP.finditer(marked):
        out.append(marked[pos : m.start()])
        length += m.start() - pos
        surface = m.group(1)
        gold.append(GoldTimex(length, length + len(surface), surface, m.group(2), m.group(3)))
        out.append(surface)
        length += len(surface)
        pos = m.end()
    out.append(marked[pos:])
    text = "".join(out)
    for stray in "[]{}":
        if stray in text:
            raise ValueError(f"stray {stray!r} left after parsing the markup of {marked!r}")
    return text, gold


def load_items(path: Path) -> list[Item]:
    default_lang, raw = read_items(path)
    items = []
    for n, entry in enumerate(raw, start=1):
        if "text" not in entry:
            raise ConfigError(f"{path}: item {n} has no text")
        try:
            text, gold = parse_markup(str(entry["text"]))
        except ValueError as exc:
            raise ConfigError(f"{path}: item {entry.get('id', n)}: {exc}") from exc
        items.append(
            Item(
                str(entry.get("id", n)),
                str(entry.get("lang", default_lang)),
                published_of(entry),
                text,
                gold,
                entry.get("form"),
            )
        )
    return items


@dataclass
class TimeReport:
    items: int = 0
    strict: PRF = field(default_factory=PRF)
    relaxed: PRF = field(default_factory=PRF)
    value_correct: int = 0
    type_correct: int = 0
    by_type: dict[str, PRF] = field(default_factory=dict)
    value_by_type: Counter[str] = field(default_factory=Counter)
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def value_accuracy(self) -> float:
        return self.value_correct / self.relaxed.tp if self.relaxed.tp else 0.0

    @property
    def type_accuracy(self) -> float:
        return self.type_correct / self.relaxed.tp if self.relaxed.tp else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "items": self.items,
            "expressions": self.relaxed.tp + self.relaxed.fn,
            "strict": self.strict.as_dict(),
            "relaxed": self.relaxed.as_dict(),
            "type_accuracy": round(self.type_accuracy, 4),
            "value_accuracy": round(self.value_accuracy, 4),
            "by_type": {t: prf.as_dict() for t, prf in sorted(self.by_type.items())},
        }


def evaluate(items: list[Item]) -> TimeReport:
    report = TimeReport()
    docs = analyse([(item.lang, item.text, item.published) for item in items])
    for item, doc in zip(items, docs, strict=True):
        pred = doc.times
        strict, relaxed, pairs = score(item.timexes, pred)
        report.items += 1
        report.strict.add(strict)
        report.relaxed.add(relaxed)
        matched_g = {g for g, _ in pairs}
        matched_p = {p for _, p in pairs}
        for g in item.timexes:
            report.by_type.setdefault(g.type, PRF())
        for gi, pi in pairs:
            g, p = item.timexes[gi], pred[pi]
            report.by_type[g.type].tp += 1
            report.type_correct += g.type == p.type
            if g.value == p.value:
                report.value_correct += 1
                report.value_by_type[g.type] += 1
            else:
                report.errors.append(
                    {
                        "id": item.id,
                        "kind": "value",
                        "gold": f"{g.text} {g.type} {g.value}",
                        "pred": f"{p.text} {p.type} {p.value} ({p.rule})",
                        "text": item.text,
                    }
                )
        for gi, g in enumerate(item.timexes):
            if gi not in matched_g:
                report.by_type[g.type].fn += 1
                report.errors.append(
                    {
                        "id": item.id,
                        "kind": "missed",
                        "gold": f"{g.text} {g.type} {g.value}",
                        "pred": None,
                        "text": item.text,
                    }
                )
        for pi, p in enumerate(pred):
            if pi not in matched_p:
                report.by_type.setdefault(p.type, PRF()).fp += 1
                report.errors.append(
                    {
                        "id": item.id,
                        "kind": "spurious",
                        "gold": None,
                        "pred": f"{p.text} {p.type} {p.value} ({p.rule})",
                        "text": item.text,
                    }
                )
    return report
