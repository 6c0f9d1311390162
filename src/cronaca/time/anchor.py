"""Dating events by their own temporal expression, not the article's date.

An event's date is the DATE or TIME expression of its sentence that is closest to its trigger,
preferring one in the same clause (no ``;`` or sentence-internal quote boundary between them).
Durations and sets never date an event. Without such an expression the event has no date of its
own; callers may fall back to the publication date and should say so.
"""

from __future__ import annotations

from cronaca.model import Document, Span, TimeExpr

_CLAUSE_BREAKS = ";:()"


def event_time(doc: Document, trigger: Span, sentence: Span | None = None) -> TimeExpr | None:
    """The time expression that dates the event whose trigger is ``trigger``."""
    if sentence is None:
        sentence = next(
            (s for s in doc.sentences if s.start <= trigger.start < s.end + 1),
            Span(start=0, end=len(doc.text)),
        )
    best: tuple[int, int, TimeExpr] | None = None
    for t in doc.times:
        if t.type not in ("DATE", "TIME") or t.value is None:
            continue
        if t.start < sentence.start or t.end > sentence.end:
            continue
        between = (
            doc.text[t.end : trigger.start] if t.end <= trigger.start else doc.text[trigger.end : t.start]
        )
        distance = len(between)
        crosses = any(ch in between for ch in _CLAUSE_BREAKS)
        key = (int(crosses), distance)
        if best is None or key < best[:2]:
            best = (key[0], key[1], t)
    return best[2] if best else None


def event_date(doc: Document, trigger: Span, sentence: Span | None = None) -> str | None:
    """The TIMEX3 value dating the event, or None when its sentence gives none."""
    found = event_time(doc, trigger, sentence)
    return found.value if found else None
