"""Who a cue or a source marker attributes speech to, and the candidate quotes the extractors
hand to the stage before anaphoric speakers are resolved."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from cronaca.quotes.cues import Cue
from cronaca.quotes.speaker import (
    Speaker,
    describe,
    list_left,
    np_left,
    np_right,
    skip_pp,
    with_apposition,
)
from cronaca.quotes.view import DocView

Anaphor = Literal["subjectless", "pronoun", "continuation"]
MAX_APPOSITION = 10  # words of a phrase in commas that is kept as part of the speaker


def anaphor_of(speaker: Speaker) -> Anaphor | None:
    """A pronoun stands for someone named before; any other phrase names the speaker."""
    return "pronoun" if speaker.kind == "pronoun" else None


@dataclass
class Attribution:
    speaker: Speaker | None = None
    cue: tuple[int, int] | None = None  # character span of the cue or marker
    anaphor: Anaphor | None = None  # the speaker is someone named earlier
    plural: bool | None = None  # the number the verb or pronoun asks of that someone
    position: int = 0  # where the attribution is, for "the last speaker"


@dataclass
class Candidate:
    start: int  # content span (characters)
    end: int
    direct: bool
    attribution: Attribution
    flags: list[str] = field(default_factory=list)
    cue_tokens: frozenset[int] = frozenset()


def subject_before(view: DocView, cue: Cue, floor: int) -> Attribution:
    """The subject of a cue, written before it ("Stoltenberg ha detto", "due diplomatici presenti
    hanno confermato"), or what its form says when there is none ("Hanno detto che")."""
    lex = view.lex
    span = cue.span(view)
    found = None if cue.gerund else subject_phrase(view, cue.left, floor)
    if found is not None:
        speaker = describe(view, found)
        if speaker.kind == "pronoun":
            return Attribution(speaker, span, "pronoun", speaker.plural, span[0])
        return Attribution(speaker, span, None, None, speaker.start)
    k = cue.left - 1
    if cue.gerund or (k >= floor and view.low[k] in lex.conjunctions):
        # "… e ha aggiunto che", "hanno festeggiato gridando «…»": the main clause's subject
        first = sentence_subject(view, view.sentence(cue.left)[0], cue.left)
        if first is not None:
            speaker = describe(view, first)
            return Attribution(speaker, span, None, None, speaker.start)
    return Attribution(None, span, "subjectless", None if cue.gerund else cue.plural, span[0])


def sentence_subject(view: DocView, a: int, limit: int) -> tuple[int, int] | None:
    """The phrase that opens a sentence, when it can be its subject (a name or a phrase with a
    determiner): "Il sindaco Francesco Passerini ha disposto …"."""
    lex = view.lex
    i = a
    for _ in range(3):
        while i < limit and (not view.is_word(i) or view.skippable(i) or view.low[i] in lex.conjunctions):
            i += view.skippable(i) or 1
        n = view.match(i, lex.connectives)
        if n and i + n < limit and view.low[i + n] == ",":
            i += n + 1
        elif i < limit and view.low[i] in lex.prepositions and not view.is_name(i):
            i = skip_pp(view, i, limit)  # "A Roma migliaia di tifosi …", "All'esterno, …"
        else:
            break
    if i >= limit or not (view.is_name(i) or view.low[i] in lex.determiners):
        return None
    phrase = np_right(view, i, limit)
    if phrase is None or phrase[0] != i:
        return None
    return phrase


def subject_phrase(view: DocView, left: int, floor: int) -> tuple[int, int] | None:
    lex = view.lex
    end = left
    apposition: int | None = None  # "L'avvocata del leghista, Giulia Bongiorno, ha detto"
    for _ in range(4):
        if end - 1 < floor:
            return None
        prev = view.low[end - 1]
        if prev == ",":
            # A comma pair before the cue: an apposition (kept in the span, so that either the
            # role or the name matches), or a relative or parenthetical clause (left out).
            k = end - 2
            while k >= floor and view.low[k] not in {",", ".", ";", ":"} and end - k < 16:
                k -= 1
            if k < floor or view.low[k] != ",":
                return None
            first = k + 1
            w = view.low[first]
            clause = (
                w in lex.relative_words
                or w in lex.complementizers
                or w in lex.conjunctions
                or (w in lex.prepositions and not view.is_name(first))
                or view.skippable(first)
                or cue_like(view, first)
                or end - first > MAX_APPOSITION
            )
            if not clause and apposition is None:
                apposition = end - 1
            end = k
            continue
        if prev in lex.relative_words:
            end -= 1  # "il ministro, che ha detto": the relative clause's antecedent
            if end - 1 >= floor and view.low[end - 1] == ",":
                end -= 1
            antecedent = np_left(view, end, floor)  # even inside a PP ("according to X, who")
            return list_left(view, antecedent, floor) if antecedent is not None else None
        phrase = np_left(view, end, floor)
        if phrase is None:
            if prev in lex.adverb_words and end - 1 > floor:
                end -= 1  # "Un diplomatico italiano ancora in città ha raccontato"
                continue
            return None
        a = phrase[0]
        if a - 1 >= floor and view.low[a - 1] in lex.prepositions and not view.is_name(a - 1):
            end = a - 1  # "in un'intervista al Corriere il ministro": a phrase inside a PP
            continue
        phrase = list_left(view, _antecedent_of_relative(view, phrase, floor) or phrase, floor)
        if apposition is not None:
            phrase = (phrase[0], apposition)
        return phrase
    return None


def cue_like(view: DocView, i: int) -> bool:
    """A participle or gerund opening a clause ("interpellato dai cronisti", "parlando")."""
    lex = view.lex
    w = view.low[i]
    return bool(
        (lex.participle and lex.participle.search(w) and view.lemma[i] != w)
        or (lex.gerund and lex.gerund.search(w))
    ) and not view.is_name(i)


def _antecedent_of_relative(view: DocView, phrase: tuple[int, int], floor: int) -> tuple[int, int] | None:
    """'Two diplomats who attended the meeting said': the subject is before the relative (and
    not in 'una scelta che le opposizioni hanno definito', where the phrase follows it)."""
    lex = view.lex
    for r in range(phrase[0] - 1, max(floor, phrase[0] - 10) - 1, -1):
        w = view.low[r]
        if not view.is_word(r):
            return None
        if w in lex.relative_words:
            if r == phrase[0] - 1 and (view.is_name(phrase[0]) or view.low[phrase[0]] in lex.determiners):
                return None  # the phrase is the relative clause's own subject
            before = np_left(view, r, floor)
            if before is not None and (view.is_name(before[0]) or view.low[before[0]] in lex.determiners):
                return before
            return None
    return None


def speaker_after(view: DocView, cue: Cue, ceil: int) -> Attribution:
    """The speaker written after a cue ("…, ha detto lunedì il segretario generale della NATO
    Jens Stoltenberg"), or the subjectless reading when there is none."""
    span = cue.span(view)
    phrase = np_right(view, cue.end, ceil)
    if phrase is not None:
        speaker = describe(view, with_apposition(view, phrase, ceil))
        if speaker.kind == "pronoun":
            return Attribution(speaker, span, "pronoun", speaker.plural, span[0])
        return Attribution(speaker, span, None, None, speaker.start)
    return Attribution(None, span, "subjectless", cue.plural, span[0])


@dataclass(frozen=True)
class MarkerMatch:
    start: int  # first token of the marker
    end: int  # token after the marker and its fillers
    speaker: tuple[int, int]  # token range of the source
    relative: bool  # "secondo cui": the source is the phrase before


def marker_at(view: DocView, i: int, ceil: int) -> MarkerMatch | None:
    """A source marker starting at token ``i``: "secondo X", "a detta di X", "stando a X",
    "according to X", and "secondo cui" after a speaker phrase."""
    lex = view.lex
    if i in view.quoted or view.low[i] not in lex.marker_starts:
        return None
    n = view.match(i, lex.relative_markers)
    if n:
        end = i - 1 if i > 0 and view.low[i - 1] == "," else i
        phrase = np_left(view, end, view.sentence(i)[0])
        if phrase is None:
            return None
        return MarkerMatch(i, i + n, phrase, True)
    for marker in lex.markers:
        words = tuple(w.lower() for w in marker.words)
        m = _match_marker(view, i, words)
        if not m:
            continue
        if marker.initial and not view.is_sentence_initial(i):
            continue
        if i > 0 and view.low[i - 1] in lex.articles:
            continue  # "il secondo uomo", "del secondo"
        j = i + m
        while j < ceil and view.low[j] in lex.marker_fillers and not view.is_name(j):
            j += 1
        if j >= ceil or view.low[j] in lex.not_sources:
            continue
        phrase = np_right(view, j, ceil)
        if phrase is None or phrase[0] != j:
            continue
        if any(view.low[k] in lex.not_sources for k in range(*phrase)):
            continue
        if marker.initial and not (_source_like(view, phrase) and view.low[phrase[1]] == ","):
            continue  # "Per il ministro, …", not "Per la missione Aspides l'Italia ha …"
        return MarkerMatch(i, j, with_apposition(view, phrase, ceil), False)
    return None


def _match_marker(view: DocView, i: int, words: tuple[str, ...]) -> int:
    """Match a marker; its last word may be contracted with an article ("stando al", "a detta
    del"): the article is then the source's own."""
    if view.matches(i, words):
        return len(words)
    last = words[-1]
    head = words[:-1]
    if head and view.matches(i, head) and i + len(head) < view.n:
        word = view.low[i + len(head)]
        same_kind = (last in view.lex.genitives) == (word in view.lex.genitives)
        if word != last and word.startswith(last[:1]) and word in view.lex.articles and same_kind:
            return len(words)  # "al", "del": the source phrase starts after the article
    return 0


def _source_like(view: DocView, phrase: tuple[int, int]) -> bool:
    """A phrase that can speak: a name, or a determiner and a noun of people ('Per il ministro')."""
    a, b = phrase
    if view.is_name(a) or (view.is_cap(a) and not view.is_sentence_initial(a)):
        return True
    start, end = view.span_text(a, b)
    mentioned = any(s < end and start < e for actor in view.doc.actors for s, e in actor.mentions)
    return mentioned or any(view.is_name(k) or view.low[k] in view.lex.anonymous for k in range(a, b))
