"""Direct quotes: quoted stretches (marks.py) with their attribution.

The attribution is looked for after the quote ("«…», ha detto X", "«…» X said", "«…». Lo ha
detto X"), then before it ("X ha detto: «…»", "ha aggiunto il ministro: «…»", "X: «…»",
"Secondo X, «…»"). A quote split by its attribution is two quotes with one speaker: the
attribution between them is read after the first and before the second. A quote with no
attribution that opens a sentence continues the speaker of the quote before it; a short one
(a scare quote, a title) with no cue is not a quote.
"""

from __future__ import annotations

from cronaca.quotes.attribution import (
    Attribution,
    Candidate,
    anaphor_of,
    marker_at,
    sentence_subject,
    speaker_after,
    subject_before,
    subject_phrase,
)
from cronaca.quotes.cues import Cue, cues_between
from cronaca.quotes.marks import Quoted
from cronaca.quotes.speaker import describe, infinitive_at, np_left
from cronaca.quotes.view import DASHES, SENTENCE_END, DocView

LEAD = frozenset({",", "(", ")", *DASHES})
MAX_AFTER = 14  # tokens between a closing mark and the verb of its attribution
MIN_UNCUED_WORDS = 6  # an unattributed quote inside a sentence is a quote from this length


def find_direct(view: DocView, quoted: list[Quoted]) -> list[Candidate]:
    bounds = [(view.token_at(q.open), _close_token(view, q)) for q in quoted]
    for q in quoted:
        view.quoted.update(range(view.token_at(q.start), view.token_at(q.end)))
    found: list[Candidate] = []
    for index, q in enumerate(quoted):
        o, c = bounds[index]
        nxt = bounds[index + 1][0] if index + 1 < len(bounds) else view.n
        prev_close = bounds[index - 1][1] if index > 0 else -1
        words = len(view.text[q.start : q.end].split())
        after = _after(view, q, c, nxt) if c is not None else None
        before = _before(view, o, prev_close)
        attribution, cue = after or before or (None, None)
        if after is None and before is not None:
            cue_before = before[1]
            if cue_before is not None and _embedded(view, cue_before, o, c):
                continue  # 'ha detto che la riforma è "un passo avanti"': reported speech
            source = before[0]
            marker = cue_before is None and source.cue is not None and source.speaker is not None
            if marker and _inside(view, _source_end(view, source, o), o, c):
                continue  # 'Secondo X, il segreto è «…»': reported speech
        if after is None and _titled(view, o):
            continue
        if attribution is None:
            initial = _initial(view, o, prev_close)
            whole = initial and c is not None and _ends_sentence(view, q, c, nxt)
            if (words <= view.lex.data.max_scare_words and not whole) or (
                not initial and words < MIN_UNCUED_WORDS
            ):
                continue  # a scare quote or a name; a sentence of its own is a quote («Grazie».)
            if c is not None and _continues(view, c, nxt):
                continue  # a slogan: "«Senza di noi non mangiate», c'era scritto"
            attribution = Attribution(anaphor="continuation", position=q.open)
        tokens: frozenset[int] = frozenset()
        if cue is not None and (after is not None or not _has_content(view, cue, o)):
            tokens = frozenset(range(cue.start, cue.end))  # else the cue's own clause is reported
        found.append(Candidate(q.start, q.end, True, attribution, list(q.flags), tokens))
    # Only accepted quotes hide their words from the reported-speech search.
    view.quoted = set()
    for cand in found:
        view.quoted.update(range(view.token_at(cand.start), view.token_at(cand.end)))
    return found


def _ends_sentence(view: DocView, q: Quoted, c: int, nxt: int) -> bool:
    """The quote is a sentence of its own: its sentence ends with it."""
    if view.text[q.start : q.end].rstrip()[-1:] in SENTENCE_END:
        return True
    t = c + 1
    if t >= min(nxt, view.n):
        return True
    return view.low[t] in SENTENCE_END or view.paragraph(view.tokens[t].start) != view.paragraph(q.open)


def _continues(view: DocView, c: int, nxt: int) -> bool:
    """The sentence goes on after the closing mark (token ``c``) with words that do not
    attribute the quote."""
    t = c + 1
    while t < min(nxt, view.n) and not view.is_word(t):
        if view.low[t] in SENTENCE_END:
            return False
        t += 1
    return t < min(nxt, view.n) and view.sent_of[t] == view.sent_of[c] and not view.is_cap(t)


def _close_token(view: DocView, q: Quoted) -> int | None:
    return view.token_at(q.close) if q.close is not None else None


def _after(view: DocView, q: Quoted, c: int, nxt: int) -> tuple[Attribution, Cue | None] | None:
    """The attribution between the closing mark (token ``c``) and the end of its sentence."""
    k = c + 1
    ceil = k
    para_end = view.paragraph(view.tokens[c].start)[1]
    while ceil < min(nxt, view.n) and view.tokens[ceil].start < para_end:
        if view.low[ceil] in SENTENCE_END:
            break
        ceil += 1
    while k < ceil and view.low[k] in LEAD:
        k += 1
    if k >= ceil:
        return None
    ended = view.text[q.start : q.end].rstrip()[-1:] in SENTENCE_END
    cues = [cue for cue in cues_between(view, k, min(ceil, k + MAX_AFTER)) if cue.left >= k]
    for cue in cues[:1]:
        if cue.left == k:  # "«…», ha detto X", "«…». Lo ha detto X"
            if ended and view.is_cap(k) and not view.match(k, view.lex.anaphoric_openers):
                return None
            return speaker_after(view, cue, ceil), cue
        phrase = subject_phrase(view, cue.left, k)
        if phrase is not None and phrase[0] == k and not ended:  # "«…», X said"
            after = view.low[cue.end] if cue.end < view.n else ""
            if after in view.lex.complementizers:
                return None
            speaker = describe(view, phrase)
            anaphor = anaphor_of(speaker)
            return Attribution(speaker, cue.span(view), anaphor, speaker.plural, speaker.start), cue
    marker = marker_at(view, k, ceil)
    if marker is not None and not ended:  # "«…», secondo X"
        speaker = describe(view, marker.speaker)
        span = view.span_text(marker.start, marker.end)
        return Attribution(speaker, span, None, None, speaker.start), None
    return None


def _before(view: DocView, o: int, prev_close: int | None) -> tuple[Attribution, Cue | None] | None:
    """The attribution between the start of the sentence (or the previous quote) and the
    opening mark (token ``o``)."""
    floor = o
    stop = (prev_close if prev_close is not None else -1) + 1
    para_start = view.paragraph(view.tokens[o].start)[0] if o < view.n else 0
    while floor > stop and view.tokens[floor - 1].start >= para_start:
        if view.low[floor - 1] in SENTENCE_END or (floor - 1) in view.quoted:
            break
        floor -= 1
    if floor >= o:
        return None
    cues = [cue for cue in cues_between(view, floor, o) if cue.start >= floor]
    if cues:
        # The first cue with a content clause: the cues after it are inside that clause
        # ("ha chiesto alle Regioni di dichiarare lo stato di calamità «il prima possibile»").
        cue = next((k for k in cues if _has_content(view, k, o)), cues[-1])
        attribution = subject_before(view, cue, floor)
        if attribution.anaphor == "subjectless" and not cue.gerund:
            inverted = speaker_after(view, cue, o)
            if inverted.speaker is not None and _ends_at_mark(view, inverted, o):
                attribution = inverted
        return attribution, cue
    if o - 1 >= floor and view.low[o - 1] == ":":
        start = floor
        while start < o - 1 and (view.skippable(start) or view.low[start] in view.lex.conjunctions):
            start += view.skippable(start) or 1
        phrase = np_left(view, o - 1, start)
        if phrase is None or phrase[0] != start:
            phrase = sentence_subject(view, start, o - 1)  # "Draghi ai ministri: «…»"
            if phrase is not None and view.low[phrase[1]] not in view.lex.prepositions:
                phrase = None
        if phrase is not None and phrase[0] == start:  # "Stoltenberg: «…»"
            speaker = describe(view, phrase)
            return Attribution(speaker, None, None, None, speaker.start), None
    for t in range(floor, o):
        marker = marker_at(view, t, o)
        if marker is not None:  # "Secondo X, «…»"
            speaker = describe(view, marker.speaker)
            span = view.span_text(marker.start, marker.end)
            return Attribution(speaker, span, None, None, speaker.start), None
    return None


def _has_content(view: DocView, cue: Cue, o: int) -> bool:
    return any(_complementizer(view, t) for t in range(cue.end, o))


def _embedded(view: DocView, cue: Cue, o: int, c: int | None) -> bool:
    """Marks inside a content clause: 'ha detto che la riforma è "un passo avanti"' is one
    reported quote; 'ha detto che "l'Italia farà la sua parte"' (all of it in marks) is direct.
    The same after 'Come ha spiegato X, …'."""
    lex = view.lex
    comp = next((t for t in range(cue.end, o) if _complementizer(view, t)), None)
    if comp is None and cue.left > 0 and view.low[cue.left - 1] in lex.as_words:
        comp = next((t for t in range(cue.end, o) if view.low[t] == ","), None)
    subject = cue.left > 0 and view.is_word(cue.left - 1)
    if comp is None and view.lemma[cue.verb] in lex.zero_complementizer and subject:
        comp = cue.end  # "X said the bridge «folded like paper»", not '«A», said X, «B»'"
        while comp < o and view.skippable(comp):
            comp += view.skippable(comp)
        comp -= 1
    return comp is not None and _inside(view, comp, o, c)


def _source_end(view: DocView, attribution: Attribution, o: int) -> int:
    """The comma after a source marker's phrase (or the phrase's last token)."""
    assert attribution.speaker is not None
    end = view.token_at(attribution.speaker.end)
    return next((t for t in range(end, o) if view.low[t] == ","), end)


def _complementizer(view: DocView, t: int) -> bool:
    lex = view.lex
    w = view.low[t]
    return w in lex.complementizers or (w in lex.infinitive_markers and infinitive_at(view, t + 1))


def _inside(view: DocView, comp: int, o: int, c: int | None) -> bool:
    """Words of the clause that opens at token ``comp`` stand around the marks (token ``o`` the
    opening one, ``c`` the closing one)."""
    if any(view.low[t] == ":" for t in range(comp, o)):
        return False
    if any(view.is_word(t) for t in range(comp + 1, o)):
        return True
    if c is None:
        return False
    t = c + 1
    while t < view.n and view.low[t] not in SENTENCE_END and not view.is_word(t):
        t += 1
    return t < view.n and view.is_word(t) and view.sent_of[t] == view.sent_of[c]


def _ends_at_mark(view: DocView, attribution: Attribution, o: int) -> bool:
    """'ha aggiunto il ministro: «…»': the speaker phrase runs up to the quote."""
    assert attribution.speaker is not None
    end = view.token_at(attribution.speaker.end)
    while end < o and not view.is_word(end):
        end += 1
    return end >= o


def _initial(view: DocView, o: int, prev_close: int | None) -> bool:
    """The quote opens a sentence (or follows a colon, or another quote)."""
    k = o - 1
    while k >= 0 and view.low[k] in DASHES:
        k -= 1
    if k < 0 or view.low[k] in SENTENCE_END or view.low[k] == ":" or k == prev_close:
        return True
    return "\n" in view.text[view.tokens[k].end : view.tokens[o].start] if o < view.n else True


def _titled(view: DocView, o: int) -> bool:
    """A title or a name in quotes: "il libro «Gomorra»", "la cosiddetta «guerra lampo»"."""
    lex = view.lex
    end = o
    while end > 0 and view.low[end - 1] in lex.determiners:
        end -= 1
    return bool(view.match_ending(end, lex.title_nouns))
