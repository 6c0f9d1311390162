"""Reported speech: what a speaker said, in the reporter's words.

Three shapes, sentence by sentence, outside direct quotes:
- a cue with a content clause after it: "X ha detto che …", "hanno dichiarato di voler …",
  "ha chiesto al governo di …" (the complementizer is not part of the content);
- a cue after a comma, its speaker after it, the content before it: "…, ha detto lunedì il
  segretario generale della NATO Jens Stoltenberg", "…, hanno detto i diplomatici";
- a source marker: "Secondo X, …", "…, secondo X", "a detta di X", "stando a X", "un uomo,
  secondo cui …"; and "Lo ha detto X" after the sentence it refers to.
The content runs to the end of the sentence, less its final punctuation; a second cue joined
to the first ("e ha aggiunto che", ", aggiungendo che") starts a quote of its own.
"""

from __future__ import annotations

from cronaca.quotes.attribution import (
    Attribution,
    Candidate,
    MarkerMatch,
    anaphor_of,
    marker_at,
    speaker_after,
    subject_before,
    subject_phrase,
)
from cronaca.quotes.cues import Cue, cue_at
from cronaca.quotes.speaker import describe, infinitive_at, np_left, np_right, skip_pp
from cronaca.quotes.view import DASHES, DocView

TRIM = frozenset(".,;:!?…()[]" + "".join(DASHES))
MIN_INVERTED_WORDS = 3
MAX_GAP = 14  # tokens between a cue and its complementizer
MAX_SOURCE_TAIL = 8  # "Secondo X in Y, …": words of a source phrase after its head


def find_reported(view: DocView, used: set[int]) -> list[Candidate]:
    found: list[Candidate] = []
    for k, (a, b) in enumerate(view.sentences):
        in_sentence: list[tuple[Candidate, int]] = []
        i = a
        while i < b:
            if i in view.quoted or i in used:
                i += 1
                continue
            marker = marker_at(view, i, b)
            if marker is not None:
                cand = _from_marker(view, marker, a, b)
                if cand is not None:
                    in_sentence.append((cand, marker.start))
                i = marker.end
                continue
            cue = cue_at(view, i)
            if cue is None or any(t in used for t in range(cue.start, cue.end)):
                i += 1
                continue
            if cue.left > a and view.low[cue.left - 1] in view.lex.as_words:
                cand = _as_said(view, cue, a, b)
            elif cue.left > a and view.low[cue.left - 1] in {",", *DASHES}:
                # "…, ha detto X", unless a complementizer follows ("X, ha confermato, … che")
                cand = (
                    _forward(view, cue, a, b, zero=False)
                    or _inverted(view, cue, a, b)
                    or _forward(view, cue, a, b)
                )
            else:
                cand = _forward(view, cue, a, b) or _inverted(view, cue, a, b) or _anaphoric(view, cue, k)
            if cand is not None:
                in_sentence.append((cand, cue.left))
            i = cue.end
        found.extend(_untangle(view, in_sentence))
    return found


def _content(view: DocView, start: int, end: int) -> tuple[int, int]:
    """A character span trimmed of spaces, punctuation and marks at both ends."""
    text = view.text
    skip = TRIM | view.lex.marks
    while start < end and (text[start].isspace() or text[start] in skip):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in skip):
        if text[end - 1] in view.lex.closing and _opened(view, text[start : end - 1]):
            break  # 'la riforma è «un passo avanti»': the marks of a quote inside stay
        end -= 1
    return start, end


def _opened(view: DocView, text: str) -> bool:
    """A quotation mark opens in ``text`` and is not closed again."""
    depth = 0
    for k, ch in enumerate(text):
        before = text[k - 1] if k else " "
        if ch in view.lex.opening and (ch not in view.lex.closing or not before.isalnum()):
            depth += 1
        elif ch in view.lex.closing and depth:
            depth -= 1
    return depth > 0


def _sentence_start(view: DocView, a: int) -> int:
    """Where a sentence's content starts: after a dateline ("BRUXELLES –") and a connective of
    the narrative ("Intanto, …")."""
    start = view.tokens[a].start
    dateline = view.doc.dateline
    if dateline is not None and dateline.start <= start < dateline.end:
        start = dateline.end
    t = view.token_at(start)
    while t < view.n and not view.is_word(t):
        t += 1
    n = view.match(t, view.lex.connectives)
    if n and t + n < view.n and view.low[t + n] == ",":
        start = view.tokens[t + n + 1].start if t + n + 1 < view.n else start
    return start


def _forward(view: DocView, cue: Cue, a: int, b: int, zero: bool = True) -> Candidate | None:
    if not cue.speech:
        return None
    found = _content_start(view, cue, b, zero)
    if found is None:
        return None
    k, inverted = found
    if k >= b or k in view.quoted or (view.low[k] in view.lex.marks and k + 1 in view.quoted):
        return None  # 'ha detto che «…»': the direct quote carries the cue
    stop = next((t for t in range(k, b) if t in view.quoted or _gerund_clause(view, t)), b)
    start, end = _content(view, view.tokens[k].start, view.tokens[stop - 1].end)
    if end <= start:
        return None
    if inverted is not None:
        speaker = describe(view, inverted)
        attribution = Attribution(speaker, cue.span(view), None, None, speaker.start)
    else:
        attribution = subject_before(view, cue, a)
    return Candidate(start, end, False, attribution, [], frozenset(range(cue.start, cue.end)))


def _content_start(
    view: DocView, cue: Cue, b: int, zero: bool = True
) -> tuple[int, tuple[int, int] | None] | None:
    """The first token of a cue's content clause, and a speaker written between them ("ha
    detto il ministro che"); None when the cue has no content clause."""
    lex = view.lex
    j = plain = cue.end  # plain: where the content may start with no complementizer
    inverted: tuple[int, int] | None = None
    while j < b and j - cue.end < MAX_GAP:
        w = view.low[j]
        if w in lex.complementizers:
            return j + 1, inverted
        if w in lex.infinitive_markers:
            return (j + 1, inverted) if infinitive_at(view, j + 1) else None
        if w == ":":
            return j + 1, inverted
        skip = view.skippable(j)
        if skip:
            j += skip
            if plain == j - skip:
                plain = j
            continue
        if w == "," or w in lex.clitics:
            j += 1
            continue
        if w in lex.prepositions and not view.is_name(j):
            j = skip_pp(view, j, b)
            continue
        if (
            zero
            and j == plain
            and view.lemma[cue.verb] in lex.zero_complementizer
            and _clause_opener(view, j)
        ):
            return j, None  # "said the talks had failed"
        if lex.gerund and lex.gerund.search(w):
            return None  # "said late on Tuesday, ending five days of turmoil that …"
        if inverted is None and (w in lex.determiners or view.is_name(j) or view.is_word(j)):
            phrase = np_right(view, j, b)
            if phrase is not None and phrase[1] < b and view.low[phrase[1]] in lex.complementizers:
                if lex.data.inverted_subject:
                    inverted = phrase  # "ha detto il ministro che"
                elif view.lemma[cue.verb] not in lex.addressee_verbs:
                    return None
                j = phrase[1]  # "told reporters that"
                continue
            to_infinitive = (
                phrase is not None and phrase[1] < b and view.low[phrase[1]] in lex.infinitive_markers
            )
            if phrase is not None and to_infinitive and infinitive_at(view, phrase[1] + 1):
                return phrase[1] + 1, inverted  # "ha accusato il governo di usare …"
        return None
    return None


def _gerund_clause(view: DocView, t: int) -> bool:
    """', bowing to a wave of resignations': a gerund after a comma ends a content clause."""
    gerund = view.lex.gerund
    return t > 0 and view.low[t - 1] == "," and bool(gerund and gerund.search(view.low[t])) and t - 1 > 0


def _clause_opener(view: DocView, j: int) -> bool:
    """A word that can open a clause with no complementizer: a determiner, a pronoun, a name,
    or a noun before an auxiliary ("said staff were working")."""
    lex = view.lex
    w = view.low[j]
    if w in lex.determiners or w in view.lex.pronouns or w in lex.clause_openers or view.is_name(j):
        return True
    if not view.is_word(j) or w in lex.prepositions or w in lex.articles or view.skippable(j):
        return False
    for k in range(j + 1, min(j + 5, view.n)):  # "said hospitals in Lombardy were …"
        if view.low[k] in lex.auxiliaries:
            return True
        if not view.is_word(k):
            return False
    return False


def _inverted(view: DocView, cue: Cue, a: int, b: int) -> Candidate | None:
    """'…, ha detto X' (and '…, X said'): the content is the sentence before the comma."""
    if cue.gerund:
        return None
    comma = cue.left - 1
    attribution: Attribution | None = None
    rest = b
    if comma > a and view.low[comma] in {",", *DASHES}:
        subject = subject_phrase(view, cue.left, a)
        if subject is not None and subject[0] <= _first_word(view, a):
            return None  # "La portavoce, Karine Jean-Pierre, ha parlato": a subject, no content
        attribution = speaker_after(view, cue, b)
        speaker = attribution.speaker
        rest = view.token_at(speaker.end) if speaker is not None else cue.end
    else:
        phrase = np_left(view, cue.left, a)
        if phrase is None or phrase[0] - 1 <= a or view.low[phrase[0] - 1] not in {",", *DASHES}:
            return None
        comma = phrase[0] - 1
        speaker = describe(view, phrase)
        anaphor = anaphor_of(speaker)
        attribution = Attribution(speaker, cue.span(view), anaphor, speaker.plural, speaker.start)
        rest = cue.end
    rest = _past_circumstances(view, rest, b)
    tail = [t for t in range(rest, b) if view.is_word(t)]
    begin = _sentence_start(view, a)
    end = view.tokens[comma].start
    if tail:
        if view.low[rest] not in {",", *DASHES, "(", ")"}:
            return None  # the cue's clause goes on: it is not an attribution
        if not any(cue_at(view, t) for t in tail) and not _narrative(view, tail[0]):
            end = view.tokens[b - 1].end  # "La situazione, ha detto X, è grave": all of it
    start, end = _content(view, begin, end)
    if start >= view.tokens[comma].start or len(view.text[start:end].split()) < MIN_INVERTED_WORDS:
        return None
    last = view.token_at(end - 1) + 1
    n = view.match_ending(last, view.lex.connectives)
    if n and view.low[last - n - 1] == ",":
        return None  # "Molti abitanti, però, chiedono risposte": a subject, not a content
    if any(t in view.quoted for t in range(view.token_at(start), comma)):
        return None
    return Candidate(start, end, False, attribution, [], frozenset(range(cue.start, cue.end)))


def _first_word(view: DocView, a: int) -> int:
    """The first token of a sentence's content: after a dateline, adverbs and a connective."""
    i = view.token_at(_sentence_start(view, a))
    while i < view.n and (not view.is_word(i) or view.skippable(i)):
        i += view.skippable(i) or 1
    return i


def _narrative(view: DocView, t: int) -> bool:
    """A clause of the narrative, not more of the content: a gerund ("…, bowing to …") or a
    relative about the speaker ("…, according to an adviser, who said …")."""
    lex = view.lex
    w = view.low[t]
    return bool(lex.gerund and lex.gerund.search(w)) or bool(view.match(t, lex.relatives))


def _past_circumstances(view: DocView, i: int, b: int) -> int:
    """Past adverbs, time expressions and prepositional phrases after an attribution ("ha
    detto X ai giornalisti durante la conferenza stampa")."""
    lex = view.lex
    for _ in range(4):
        skip = view.skippable(i)
        if skip:
            i += skip
        elif i < b and view.low[i] in lex.prepositions and not view.is_name(i):
            i = skip_pp(view, i, b)
        else:
            break
    return i


def _as_said(view: DocView, cue: Cue, a: int, b: int) -> Candidate | None:
    """'Come ha spiegato X, …' (content after) and '…, come ha spiegato X.' (content before)."""
    attribution = speaker_after(view, cue, b)
    as_word = cue.left - 1
    after = view.token_at(attribution.speaker.end) if attribution.speaker else cue.end
    sentence_end = view.tokens[b - 1].end
    if view.is_sentence_initial(as_word):
        comma = next((t for t in range(after, min(b, after + MAX_SOURCE_TAIL)) if view.low[t] == ","), None)
        if comma is None:
            return None
        start, end = _content(view, view.tokens[comma].start, sentence_end)
    elif as_word - 1 > a and view.low[as_word - 1] == ",":
        start, end = _content(view, _sentence_start(view, a), view.tokens[as_word - 1].start)
    else:
        return None
    if len(view.text[start:end].split()) < 2:
        return None
    return Candidate(start, end, False, attribution, [], frozenset(range(cue.start, cue.end)))


def _anaphoric(view: DocView, cue: Cue, k: int) -> Candidate | None:
    """'Lo ha detto X', 'È quanto ha dichiarato X': the content is the sentence before."""
    a, b = view.sentences[k]
    first = a
    while first < b and not view.is_word(first):
        first += 1
    n = view.match(first, view.lex.anaphoric_openers)
    if not n or cue.left > first + n or k == 0:
        return None
    pa, pb = view.sentences[k - 1]
    if any(t in view.quoted for t in range(pa, pb)):
        return None
    start, end = _content(view, _sentence_start(view, pa), view.tokens[pb - 1].end)
    if len(view.text[start:end].split()) < MIN_INVERTED_WORDS:
        return None
    attribution = speaker_after(view, cue, b)
    return Candidate(start, end, False, attribution, [], frozenset(range(cue.start, cue.end)))


def _from_marker(view: DocView, m: MarkerMatch, a: int, b: int) -> Candidate | None:
    speaker = describe(view, m.speaker)
    span = view.span_text(m.start, m.end)
    attribution = Attribution(speaker, span, None, None, speaker.start)
    sentence_end = view.tokens[b - 1].end
    if m.relative:  # "il ministro, secondo cui …", up to the comma that closes the clause
        stop = b
        if m.start > a and view.low[m.start - 1] == ",":
            stop = next((t for t in range(m.end, b) if view.low[t] == ","), b)
        clause_end = view.tokens[stop - 1].end
        start, end = _content(view, view.tokens[m.end].start if m.end < b else sentence_end, clause_end)
    elif view.is_sentence_initial(m.start) or m.start == a:  # "Secondo X, …"
        after = m.speaker[1]
        comma = next((t for t in range(after, min(b, after + MAX_SOURCE_TAIL)) if view.low[t] == ","), None)
        if comma is not None and comma > after:  # "According to officials in Washington, …"
            speaker = describe(view, (m.speaker[0], comma))
            attribution = Attribution(speaker, span, None, None, speaker.start)
            after = comma
        start, end = _content(view, view.tokens[after].start if after < b else sentence_end, sentence_end)
    else:
        prev = m.start - 1
        after = m.speaker[1]
        words = [t for t in range(after, b) if view.is_word(t)]
        more = bool(words) and not _narrative(view, words[0])
        if view.low[prev] in {",", *DASHES, "("} and more:  # "La situazione, secondo X, è grave"
            start, end = _content(view, _sentence_start(view, a), sentence_end)
        else:  # "…, secondo X."
            start, end = _content(view, _sentence_start(view, a), view.tokens[m.start].start)
    if len(view.text[start:end].split()) < 2:
        return None
    if any(t in view.quoted for t in range(view.token_at(start), view.token_at(end))):
        return None
    return Candidate(start, end, False, attribution, [], frozenset(range(m.start, m.end)))


def _untangle(view: DocView, found: list[tuple[Candidate, int]]) -> list[Candidate]:
    """Quotes of one sentence: a cue joined to an earlier one ('e ha aggiunto che', ',
    aggiungendo che') ends the earlier content; a cue inside a content otherwise is reported
    speech inside reported speech, and only the outer quote is kept."""
    kept: list[tuple[Candidate, int]] = []
    for cand, left in sorted(found, key=lambda f: f[1]):
        container = next((c for c, _ in kept if c.start <= view.tokens[left].start < c.end), None)
        if container is not None:
            speaker = cand.attribution.speaker
            if speaker is not None and container.start <= speaker.start < view.tokens[left].start:
                left = view.token_at(speaker.start)  # "… e il ministro ha aggiunto che"
            j = left - 1
            joined = j >= 0 and (view.low[j] in view.lex.conjunctions or view.low[j] in {",", ";"})
            if not joined and cand.attribution.anaphor != "subjectless":
                continue
            new_end = view.tokens[j].start if joined else view.tokens[left].start
            container.start, container.end = _content(view, container.start, new_end)
        if any(c.start < cand.end and cand.start < c.end for c, _ in kept):
            continue
        kept.append((cand, left))
    return [c for c, _ in kept if c.end > c.start]
