"""Which quote a stretch of text belongs to, so that an event found in a sentence can point at
the quote that reports it (``Event.quote``, an index into ``Document.quotes``)."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from cronaca.model import Quote


class QuoteIndex:
    """Quotes by position: ``at(offset)`` for a trigger, ``overlapping(start, end)`` for a
    sentence."""

    def __init__(self, quotes: Sequence[Quote]) -> None:
        self.quotes = list(quotes)
        self.order = sorted(range(len(self.quotes)), key=lambda k: self.quotes[k].start)
        self.starts = [self.quotes[k].start for k in self.order]

    def at(self, offset: int) -> int | None:
        """The index of the quote whose content contains ``offset`` (the innermost one)."""
        best: int | None = None
        for k in self.order[: bisect.bisect_right(self.starts, offset)]:
            quote = self.quotes[k]
            if quote.start <= offset < quote.end and (
                best is None or quote.end - quote.start < self.quotes[best].end - self.quotes[best].start
            ):
                best = k
        return best

    def overlapping(self, start: int, end: int) -> list[int]:
        """The indexes of the quotes whose content overlaps ``[start, end)``, in text order."""
        return [k for k in self.order[: bisect.bisect_left(self.starts, end)] if self.quotes[k].end > start]
