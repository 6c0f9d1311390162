"""Speakers: the noun phrase before or after a cue ("il segretario generale della NATO Jens
Stoltenberg", "due diplomatici presenti", "fonti del governo"), what kind of source it is, its
number, and the actor it is a mention of.

There is no parser yet: a phrase is read off the tokens, names (entities and actor mentions)
taken whole, from a determiner or a name through adjectives and genitives ("della NATO") to
the first word that cannot be inside one (a preposition, a verb, a comma...).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Literal

from cronaca.model import Document
from cronaca.quotes.view import DocView

SpeakerKind = Literal["named", "nominal", "anonymous", "pronoun", "subjectless"]
MAX_PHRASE = 14
MAX_PP_HOPS = 3


@dataclass(frozen=True)
class Speaker:
    start: int  # character span of the mention
    end: int
    kind: SpeakerKind
    plural: bool


def _stop(view: DocView, i: int) -> bool:
    """A word that is never inside a speaker phrase."""
    lex = view.lex
    w = view.low[i]
    return (
        not view.is_word(i)
        or w in lex.auxiliaries
        or w in lex.complementizers
        or w in lex.relative_words
        or w in lex.conjunctions
        or w in lex.prepositions
        or w in lex.clitics
        or w in lex.adverb_words
        or i in view.timed
        or i in view.quoted
    ) and not view.is_name(i)


def _opener(view: DocView, i: int) -> bool:
    return view.low[i] in view.lex.determiners


def np_left(view: DocView, end: int, floor: int) -> tuple[int, int] | None:
    """The noun phrase that ends just before token ``end`` (a token range), not before ``floor``."""
    lex = view.lex
    i = end - 1
    if i < floor or i < 0:
        return None
    for n in (2, 1):
        if end - n >= floor and view.pronoun_at(end - n) == n:
            return end - n, end
    if view.low[i] in lex.genitives or (_stop(view, i) and not _opener(view, i)):
        return None
    start, j = end, i
    while j >= floor and end - j <= MAX_PHRASE:
        if view.is_name(j):
            a, _ = view.name_unit(j)
            start = j = max(a, floor)
            j -= 1
            continue
        w = view.low[j]
        if w in lex.genitives:
            j -= 1  # "della NATO": the head noun is further left
            continue
        if _opener(view, j):
            start = j
            if j - 1 >= floor and view.low[j - 1] in lex.genitives:
                j -= 1
                continue
            break
        if _stop(view, j) or view.lemma[j] in lex.attribution:
            break
        start = j
        j -= 1
    while start < end and (view.low[start] in lex.genitives or not view.is_word(start)):
        start += 1
    return (start, end) if start < end else None


def np_right(view: DocView, begin: int, ceil: int) -> tuple[int, int] | None:
    """The first noun phrase at or after token ``begin``, skipping adverbs, time expressions and
    prepositional phrases ("ha detto ai giornalisti il ministro"), not reaching ``ceil``."""
    lex = view.lex
    i = begin
    hops = 0
    while i < ceil:
        skip = view.skippable(i)
        if skip:
            i += skip
            continue
        w = view.low[i]
        if view.pronoun_at(i):
            return i, i + view.pronoun_at(i)
        if lex.gerund and lex.gerund.search(w) and not view.is_cap(i):
            i += 1  # "ha aggiunto sorridendo la direttrice"
            continue
        if w in lex.prepositions and not view.is_name(i) and hops < MAX_PP_HOPS:
            hops += 1
            i = skip_pp(view, i, ceil)
            continue
        break
    if i >= ceil or (_stop(view, i) and not _opener(view, i)) or view.lemma[i] in lex.attribution:
        return None
    start = j = i
    end = i
    while j < ceil and j - start < MAX_PHRASE:
        if view.is_name(j):
            _, b = view.name_unit(j)
            end = j = min(b, ceil)
            continue
        w = view.low[j]
        if w in lex.infinitive_markers and infinitive_at(view, j + 1):
            break  # "il gruppo | di usare lo scudo"
        if w in lex.genitives or _opener(view, j):
            j += 1
            continue
        if w in lex.conjunctions and j + 1 < ceil and (_opener(view, j + 1) or view.is_name(j + 1)):
            j += 1  # "il ministro degli Esteri e quello della Difesa"
            continue
        if _stop(view, j) or view.lemma[j] in lex.attribution or view.match(j, lex.relatives):
            break
        j += 1
        end = j
    return (start, end) if end > start else None


def with_apposition(view: DocView, phrase: tuple[int, int], ceil: int) -> tuple[int, int]:
    """'la madre del ricercatore, Paola Deffendi, …': a name in commas after a phrase is part of
    the speaker's span (either may be the mention a reader means)."""
    end = phrase[1]
    if end + 1 < ceil and view.low[end] == "," and view.is_name(end + 1):
        _, b = view.name_unit(end + 1)
        if b >= ceil or not view.is_word(b):
            return phrase[0], min(b, ceil)
    return phrase


def skip_pp(view: DocView, i: int, ceil: int) -> int:
    """Past a prepositional phrase that starts at token ``i``: to the next determiner or name
    that does not follow a preposition ("ai giornalisti | il ministro"), or to a word that ends
    it (a complementizer, a comma, "di" before an infinitive)."""
    lex = view.lex
    j = i + 1
    while j < ceil:
        prev = view.low[j - 1]
        # a determiner or possessive goes on with its noun: "ai suoi elettori | che"
        after_prep = (
            prev in lex.prepositions
            or prev in lex.genitives
            or prev in lex.determiners
            or prev in lex.articles
        )
        if not after_prep and (_opener(view, j) or view.is_name(j)) and j > i + 1:
            return j
        if view.is_name(j):
            j = view.name_unit(j)[1]
            continue
        w = view.low[j]
        if not view.is_word(j) or view.lemma[j] in lex.attribution or w in lex.complementizers:
            return j
        if w in lex.infinitive_markers and infinitive_at(view, j + 1):
            return j
        j += 1
    return j


def infinitive_at(view: DocView, j: int) -> bool:
    lex = view.lex
    if j >= view.n:
        return False
    w = view.low[j]
    if w in lex.infinitive_words:
        return True
    return bool(lex.infinitive and lex.infinitive.search(w) and not view.is_cap(j))


def list_left(view: DocView, phrase: tuple[int, int], floor: int) -> tuple[int, int]:
    """Extend a phrase over the items of a coordination before it: "Francia, Germania e altri"."""
    lex = view.lex
    start, end = phrase
    if start - 1 >= floor and view.low[start - 1] in lex.conjunctions:
        before = np_left(view, start - 1, floor)
        if before is None:
            return phrase
        start = before[0]
        while start - 1 > floor and view.low[start - 1] == ",":
            item = np_left(view, start - 1, floor)
            if item is None or not view.is_name(item[0]):
                break
            a = item[0]
            # An item opens the list, or follows a comma: "in Medio Oriente, Francia" stops at "in".
            if a - 1 >= floor and view.low[a - 1] not in {",", ":"} and not view.is_sentence_initial(a):
                break
            start = a
    return start, end


def describe(view: DocView, phrase: tuple[int, int]) -> Speaker:
    """A phrase as a speaker: its character span, kind and number."""
    lex = view.lex
    a, b = phrase
    start, end = view.span_text(a, b)
    words = view.low[a:b]
    if view.pronoun_at(a) == b - a:
        return Speaker(start, end, "pronoun", " ".join(words) in lex.pron_plural)
    plural = words[0] in lex.det_plural or any(w in lex.conjunctions or w == "," for w in words)
    head = next((k for k in range(a, b) if view.low[k] not in lex.determiners), a)
    if not plural and not view.is_name(head) and not view.is_cap(head):
        plural = lex.plural_noun(view.low[head], view.lemma[head])
    names = [e for e in view.doc.entities if start <= e.start and e.end <= end]
    head_start = view.tokens[head].start
    if any(e.label == "PER" for e in names) or any(e.start <= head_start < e.end for e in names):
        return Speaker(start, end, "named", plural)
    if view.is_cap(head) and not view.is_sentence_initial(head) and head not in view.name_start:
        return Speaker(start, end, "named", plural)
    nouns = {w for w in words if w in lex.anonymous}
    if nouns and (words[0] in lex.indefinites or words[0] not in lex.determiners):
        return Speaker(start, end, "anonymous", plural)
    return Speaker(start, end, "nominal", plural)


class ActorIndex:
    """Which actor a character span is a mention of."""

    def __init__(self, doc: Document) -> None:
        self.mentions = sorted((s, e, a.id, a.type) for a in doc.actors for s, e in a.mentions)
        self.starts = [m[0] for m in self.mentions]
        self.people = [(e.start, e.end) for e in doc.entities if e.label == "PER"]

    def actor(self, start: int, end: int) -> str | None:
        """The actor of the mention that overlaps the span first (and longest); a mention with a
        person's name comes first ("the White House spokesperson, Karine Jean-Pierre")."""
        best: tuple[bool, int, int, str] | None = None
        named = [(a, b) for a, b in self.people if start <= a and b <= end]
        for s, e, actor_id, _ in self.mentions[: bisect.bisect_left(self.starts, end)]:
            if s < end and e > start:
                nameless = not any(s <= a and b <= e for a, b in named)
                key = (nameless, max(s, start), -(e - s), actor_id)
                if best is None or key < best:
                    best = key
        return best[3] if best else None

    def before(
        self, offset: int, floor: int, plural: bool | None, skip: list[tuple[int, int]]
    ) -> tuple[int, int, str] | None:
        """The last person or group mention before ``offset`` (for a verb with no subject),
        outside the ``skip`` spans (what quotes say)."""
        for s, e, actor_id, kind in reversed(self.mentions[: bisect.bisect_left(self.starts, offset)]):
            if s < floor:
                break
            if e > offset or any(a <= s < b for a, b in skip):
                continue
            if (plural is None and kind in {"person", "group"}) or (
                kind == ("group" if plural else "person")
            ):
                return s, e, actor_id
        return None
