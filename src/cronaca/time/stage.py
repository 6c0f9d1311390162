"""The ``time`` stage: finds temporal expressions and normalises them against the publication
date; a dateline's date stands in for a missing publication date."""

from __future__ import annotations

import bisect
import datetime as dt
import logging
import re

from cronaca.lang import Language
from cronaca.model import Document, TimeExpr
from cronaca.pipeline.stage import Stage, register_stage
from cronaca.time.data import TimeData
from cronaca.time.grammar import Candidate, candidates, compile_rules, select
from cronaca.time.normalize import Context, Unresolvable, normalise
from cronaca.time.tense import TenseGuesser

log = logging.getLogger(__name__)

_LINKS = {"di", "del", "della", "dello", "dei", "degli", "delle", "of", "de"}
_NAME_KINDS = {"month", "weekday", "holiday", "date", "season"}
_SENTENCE_END = '.!?:;"“”«»\n'


@register_stage("time")
class TimeStage(Stage):
    name = "time"
    requires = frozenset({"text", "tokens", "sentences", "dateline", "published"})
    assigns = frozenset({"times", "published_source"})

    def __init__(self, language: Language) -> None:
        self.code = language.code
        self.data = language.data("time", TimeData)
        try:
            self.rules = compile_rules(self.data)
        except ValueError as exc:
            from cronaca.errors import ConfigError

            raise ConfigError(f"lang/{language.code}/time.yaml: {exc}") from exc
        self.tense = TenseGuesser(self.data.tense)
        self.name_prefixes = {w.lower() for w in self.data.name_prefixes}
        self.age_units = {u.lower() for u in self.data.ages.units} if self.data.ages else set()

    def __call__(self, doc: Document) -> Document:
        if doc.published is None and doc.dateline is not None and doc.dateline.date is not None:
            published = dateline_date(doc.dateline.date.text, self.code)
            if published is not None:
                doc.published = published
                doc.published_source = "dateline"
        elif doc.published is not None:
            doc.published_source = "input"
        doc.times = find_times(doc, self)
        return doc


def find_times(doc: Document, stage: TimeStage) -> list[TimeExpr]:
    text = doc.text
    starts = [s.start for s in doc.sentences]
    times = []
    found = [
        c
        for c in candidates(text, stage.rules)
        if not _in_name(text, c, stage) and not _is_age(text, c, stage)
    ]
    for cand in select(found):
        first, last = _sentence_tokens(doc, starts, cand.start)
        direction = stage.tense.direction(doc.tokens, first, last, cand.start, cand.end)
        ctx = Context(stage.data, doc.published, direction, cand.groups, stage.code)
        start, kind = cand.start, cand.rule.kind
        if kind == "offset_future" and direction < 0 and cand.rule.past_as_duration:
            # "had power back within 10 minutes": in the past, "in N units" is how long it took
            kind = "duration" if ctx.number() is not None else "vague_duration"
            start = cand.start + len(text[cand.start : cand.end].split()[0]) + 1
        try:
            timex = normalise(kind, ctx)
        except (Unresolvable, KeyError, TypeError, ValueError) as exc:
            log.debug("time %r (%s) not normalised: %s", text[cand.start : cand.end], cand.rule.name, exc)
            continue
        times.append(
            TimeExpr(
                start=start,
                end=cand.end,
                text=text[start : cand.end],
                type=timex.type,
                value=timex.value,
                resolved=timex.resolved,
                mod=timex.mod,
                rule=cand.rule.name,
            )
        )
    _anchor_clock_times(text, times)
    return times


def _anchor_clock_times(text: str, times: list[TimeExpr]) -> None:
    """A clock time is on the day named before it in its sentence ("domani alle 15", "Domenica
    si vota: i seggi saranno aperti dalle 7 alle 23"); otherwise on the publication day."""
    day: TimeExpr | None = None
    for cur in times:
        if day is not None and any(ch in text[day.end : cur.start] for ch in ".!?\n"):
            day = None
        if cur.type == "DATE" and cur.value and len(cur.value) == 10 and cur.value[4] == "-":
            day = cur
            continue
        if cur.type != "TIME" or cur.value is None or day is None or day.value is None:
            continue
        _, _, clock = cur.value.partition("T")
        if clock[:1].isdigit():
            cur.value = f"{day.value}T{clock}"
            cur.resolved = day.resolved


def _sentence_tokens(doc: Document, starts: list[int], offset: int) -> tuple[int, int]:
    if not doc.sentences:
        return 0, len(doc.tokens)
    index = max(0, bisect.bisect_right(starts, offset) - 1)
    sent = doc.sentences[index]
    return sent.token_start, sent.token_end


def _in_name(text: str, cand: Candidate, stage: TimeStage) -> bool:
    """A month, weekday, season or holiday that is part of a name ('Piazza Primo Maggio',
    'la Primavera della Roma'), or a duration with a capitalised unit ('Il Sole 24 Ore',
    'the 24 Hours of Le Mans')."""
    word = text[cand.start : cand.end]
    before_words = [
        re.split("['’]", w.lower())[-1] for w in text[max(0, cand.start - 40) : cand.start].split()
    ]
    if word[:1].isupper() and before_words:
        # "piazza Primo Maggio", "isola di Santo Stefano"
        if before_words[-1] in stage.name_prefixes:
            return True
        if len(before_words) > 1 and before_words[-1] in _LINKS and before_words[-2] in stage.name_prefixes:
            return True
    if cand.rule.kind in {"duration", "vague_duration"}:
        unit = cand.groups.get("unit", "")
        inside = cand.start > 0 and text[: cand.start].rstrip()[-1:] not in _SENTENCE_END
        return unit[:1].isupper() and inside
    mode = stage.data.name_block
    if mode == "none" or cand.rule.kind not in _NAME_KINDS:
        return False
    if not word[:1].isupper() or any(ch.isdigit() for ch in word):
        return False
    before = text[: cand.start].rstrip()
    prev_word = before.split()[-1] if before.split() else ""
    initial = not before or before[-1] in _SENTENCE_END
    after = text[cand.end :].lstrip()
    next_cap = bool(after[:1].isupper()) and text[cand.end : cand.end + 1] not in ",;:."
    prev_initial = before[: len(before) - len(prev_word)].rstrip()[-1:] in ("", *_SENTENCE_END)
    after_name = not initial and prev_word[:1].isupper() and not prev_initial
    if mode == "capitalised":
        # Italian writes months and weekdays in lower case: a capital inside a sentence is a
        # name ("Maggio Musicale"); holidays are capitalised, so only their neighbours tell.
        if cand.rule.kind == "holiday":
            return after_name or next_cap
        return not initial or next_cap
    if cand.rule.kind == "holiday":
        return after_name or next_cap  # "the Good Friday Agreement"
    return after_name


def _is_age(text: str, cand: Candidate, stage: TimeStage) -> bool:
    """'un uomo di 40 anni', 'morto a 90 anni', 'ha 40 anni' are ages, not durations; 'una pena
    di 30 anni', 'condannato a 30 anni', 'dopo tre anni' are durations."""
    ages = stage.data.ages
    if ages is None or cand.rule.kind not in {"duration", "vague_duration"}:
        return False
    if (cand.groups.get("unit") or "").lower() not in stage.age_units:
        return False
    words = [w.strip(",;:()").lower() for w in text[max(0, cand.start - 60) : cand.start].split()]
    if not words:
        return False
    if words[-1] in ages.verbs:
        return True
    if words[-1] in ages.prepositions:
        # a cue earlier in the clause keeps it a duration: "condannato a dodici anni il capo
        # e a tre anni i complici"
        clause = text[max(0, cand.start - 80) : cand.start]
        clause = re.split(r"[,;:.()]", clause)[-1]
        cues = [w.strip(",;:()").lower() for w in clause.split()][:-1]
        return not any(w in ages.duration_cues for w in cues[-12:])
    return False


def dateline_date(text: str, lang: str) -> dt.date | None:
    """The publication date written in a dateline ("6 gen", "January 6, 2020"); a date
    without a year is taken in the most recent such day (wire stories are filed the same day)."""
    import dateparser

    parsed = dateparser.parse(
        text,
        languages=[lang],
        settings={"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month"]},
    )
    return parsed.date() if parsed else None
