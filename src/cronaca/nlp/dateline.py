"""Datelines: "BRUXELLES –", "ROMA, 6 gen (ANSA) -", "Milano, 3 marzo 2020 –" at an article's start.

The dateline stays in the text; this stage marks its place, date and agency parts so that the
places and time stages can use them (the dateline's place is where the story was filed; its date
can stand in for a missing publication date). The patterns are built from per-language data.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field

from cronaca.lang import Language
from cronaca.model import Dateline, Document, TextSpan
from cronaca.pipeline.stage import Stage, register_stage


class DatelineData(BaseModel):
    model_config = ConfigDict(extra="forbid")

    months: list[str] = Field(min_length=12, description="Month names and abbreviations.")
    agencies: list[str] = Field(description="News agencies that appear in datelines.")
    max_place_words: int = Field(default=4, ge=1, le=8)


_DASH = r"[–—-]{1,2}"
_UPPER_WORD = r"[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’.\-]*"
_TITLE_WORD = r"[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’.\-]+"


def _compile(data: DatelineData) -> re.Pattern[str]:
    months = "|".join(sorted((re.escape(m) for m in data.months), key=len, reverse=True))
    agencies = "|".join(sorted((re.escape(a) for a in data.agencies), key=len, reverse=True))
    n = data.max_place_words - 1
    upper_place = rf"{_UPPER_WORD}(?:[ ]{_UPPER_WORD}){{0,{n}}}"
    title_place = rf"{_TITLE_WORD}(?:[ ](?:{_TITLE_WORD}|d[aei]l?|di|de|of)){{0,{n}}}"
    date = (
        rf"(?:\d{{1,2}}[ ](?:{months})\.?(?:[ ]\d{{4}})?|(?:{months})\.?[ ]\d{{1,2}}(?:,[ ]\d{{4}})?"
        rf"|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}|\d{{4}}-\d{{2}}-\d{{2}})"
    )
    agency = rf"\((?P<agency>(?:{agencies})(?:/[^)\n]{{1,20}})?)\)"
    # An all-caps place may stand alone before the dash; a title-case one needs a date or an
    # agency, otherwise "Roma - Lazio" or a hyphenated headline would pass for a dateline.
    return re.compile(
        rf"^[ \t]*(?:(?P<up>{upper_place})(?:,[ ]*(?P<date1>{date}))?|"
        rf"(?P<title>{title_place})(?=,[ ]*{date}|[ ]*\()(?:,[ ]*(?P<date2>{date}))?)"
        rf"(?:[ ]*{agency})?[ ]*{_DASH}[ ]+(?=\S)"
    )


@register_stage("dateline")
class DatelineStage(Stage):
    name = "dateline"
    requires = frozenset({"text"})
    assigns = frozenset({"dateline"})

    def __init__(self, language: Language) -> None:
        self.pattern = _compile(language.data("dateline", DatelineData))

    def __call__(self, doc: Document) -> Document:
        doc.dateline = find_dateline(doc.text, self.pattern)
        return doc


def find_dateline(text: str, pattern: re.Pattern[str]) -> Dateline | None:
    m = pattern.match(text)
    if m is None:
        return None

    def part(*groups: str) -> TextSpan | None:
        for g in groups:
            if m.group(g) is not None:
                return TextSpan(start=m.start(g), end=m.end(g), text=m.group(g))
        return None

    place = part("up", "title")
    if place is None or len(place.text) < 2:
        return None
    end = m.end()
    if m.group("up") is not None and m.group("date1") is None and m.group("agency") is None:
        # A bare capitals place opens prose; a line with no lower-case letter after the dash is
        # an all-capitals headline ("ROMA - LAZIO 2-1"), not a dateline.
        line_end = text.find("\n", end)
        rest = text[end : line_end if line_end >= 0 else len(text)]
        if not any(c.islower() for c in rest):
            return None
    while end > 0 and text[end - 1] in " \t":
        end -= 1
    return Dateline(
        start=place.start,
        end=end,
        text=text[place.start : end],
        place=place,
        date=part("date1", "date2"),
        agency=part("agency"),
    )
