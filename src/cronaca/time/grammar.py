"""Compile a language's time patterns into regular expressions, and find candidate matches.

Placeholders in a pattern expand to named groups over the language's vocabularies; see the
header of ``lang/it/time.yaml``. The text marked is the pattern itself; ``before`` is left
context that must be there but is not part of the expression.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cronaca.time.data import Kind, TimeData

_PLACEHOLDER = re.compile(r"\{([a-z_]+?)(\d?)\}")
_APOS = "['’]"

_FIXED = {
    "day": r"(?:3[01]|[12]\d|0?[1-9])",
    "mon": r"(?:1[0-2]|0?[1-9])",
    "year": r"(?:1[0-9]{3}|20[0-9]{2})",
    "yy": r"(?:[0-9]0)",
    "hour": r"(?:2[0-4]|[01]?\d)",
    "minute": r"(?:[0-5]\d)",
    "roman": r"(?:X{0,3}(?:IX|IV|V?I{0,3}))",
}
_UNCAPTURED = {
    "of": rf"(?:di|del|dello|della|dell{_APOS}|d{_APOS}|of(?:\s+the)?)",
    "the": rf"(?:il|lo|la|l{_APOS}|i|gli|le|the)",
}


@dataclass(frozen=True)
class Rule:
    name: str
    kind: Kind
    regex: re.Pattern[str]
    not_after: re.Pattern[str] | None
    not_before: re.Pattern[str] | None
    order: int
    past_as_duration: bool = False


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    rule: Rule
    groups: dict[str, str]

    @property
    def length(self) -> int:
        return self.end - self.start


def _alternation(words: list[str]) -> str:
    """Longest-first alternation; spaces match any whitespace, apostrophes both forms."""
    parts = []
    for word in sorted(set(words), key=len, reverse=True):
        piece = re.escape(word).replace(r"\ ", r"\s+")
        piece = re.sub("['’]", lambda _: _APOS, piece)
        parts.append(piece)
    return "(?:" + "|".join(parts) + ")"


def vocabularies(data: TimeData) -> dict[str, str]:
    numbers = [r"\d+(?:[.,]\d+)?", _alternation(list(data.numbers))]
    if data.number_regex:
        numbers.insert(1, data.number_regex)
    return {
        "num": "(?:" + "|".join(numbers) + ")",
        "unit": _alternation(list(data.units)),
        "month": _alternation(list(data.months)),
        "weekday": _alternation(list(data.weekdays)),
        "rel": _alternation(list(data.relative)),
        "deictic": _alternation(list(data.deictic)),
        "deictic_part": _alternation(list(data.deictic_parts)),
        "day_part": _alternation(list(data.day_parts)),
        "season": _alternation(list(data.seasons)),
        "ordinal": _alternation(list(data.ordinals)),
        "decade": _alternation(list(data.decades)),
        "century": _alternation(list(data.centuries)),
        "period_part": _alternation(list(data.period_parts)),
        "holiday": _alternation(list(data.holidays)),
        "ref": _alternation(list(data.refs)),
        "ambiguous_ref": _alternation(list(data.ambiguous_refs)) if data.ambiguous_refs else "(?!)",
        "set": _alternation(data.set_words),
        "vague": _alternation(data.vague),
        **_FIXED,
    }


def expand(pattern: str, vocab: dict[str, str]) -> str:
    def replace(m: re.Match[str]) -> str:
        name, suffix = m.group(1), m.group(2)
        if name in _UNCAPTURED:
            return _UNCAPTURED[name]
        if name not in vocab:
            raise ValueError(f"unknown placeholder {{{name}}} in time pattern {pattern!r}")
        return f"(?P<{name}{suffix}>{vocab[name]})"

    expanded = _PLACEHOLDER.sub(replace, pattern)
    # After a word ending in an apostrophe ("un'ora", "quest'anno") no space is needed.
    return expanded.replace(r")\s+", rf")(?:\s+|(?<={_APOS}))").replace(r")\s*", r")(?:\s*)")


def compile_rules(data: TimeData) -> list[Rule]:
    vocab = vocabularies(data)
    rules = []
    for order, p in enumerate(data.patterns):
        body = expand(p.pattern, vocab)
        head = f"(?:{p.before})" if p.before else r"(?<!\w)"
        flags = 0 if p.case_sensitive else re.IGNORECASE
        try:
            regex = re.compile(f"{head}(?P<x>{body})(?![\\w])", flags)
            not_after = re.compile(p.not_after, re.IGNORECASE) if p.not_after else None
            not_before = re.compile(p.not_before, re.IGNORECASE) if p.not_before else None
        except re.error as exc:
            raise ValueError(f"time pattern {p.name!r} does not compile: {exc}") from exc
        rules.append(Rule(p.name, p.kind, regex, not_after, not_before, order, p.past_as_duration))
    return rules


def candidates(text: str, rules: list[Rule]) -> list[Candidate]:
    found = []
    for rule in rules:
        for m in rule.regex.finditer(text):
            start, end = m.span("x")
            if rule.not_after and rule.not_after.match(text, end):
                continue
            if rule.not_before and rule.not_before.search(text[max(0, start - 40) : start]):
                continue
            groups = {k: v for k, v in m.groupdict().items() if v is not None and k != "x"}
            found.append(Candidate(start, end, rule, groups))
    return found


def select(found: list[Candidate]) -> list[Candidate]:
    """Longest match first, then the earlier rule; no two expressions overlap."""
    chosen: list[Candidate] = []
    for cand in sorted(found, key=lambda c: (-c.length, c.rule.order, c.start)):
        if all(cand.end <= c.start or cand.start >= c.end for c in chosen):
            chosen.append(cand)
    return sorted(chosen, key=lambda c: c.start)
