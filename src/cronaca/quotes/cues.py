"""Speech cues: a verb of saying with its auxiliaries ("ha detto", "avrebbe voluto precisare",
"hanno fatto sapere"), found by lemma, with the number its finite form gives."""

from __future__ import annotations

from dataclasses import dataclass

from cronaca.quotes.view import DocView


@dataclass(frozen=True)
class Cue:
    start: int  # first token of the cue (an auxiliary, or the verb)
    end: int  # token after the verb (after a multi-word cue's last word)
    verb: int  # the verb itself
    left: int  # first token of the cue with its clitics and adverbs: the subject ends before it
    plural: bool | None  # the number of the finite form; None for participles, gerunds...
    gerund: bool
    speech: bool  # a verb of saying (takes a content clause), not only an attribution verb

    def span(self, view: DocView) -> tuple[int, int]:
        return view.span_text(self.start, self.end)


def cue_at(view: DocView, i: int) -> Cue | None:
    """The cue whose verb is token ``i``, if any."""
    lex = view.lex
    if not view.is_word(i) or i in view.quoted:
        return None
    end = i + 1
    lemma = view.lemma[i]
    for phrase in lex.phrases:
        if i + len(phrase) <= view.n and all(view.lemma[i + k] == w for k, w in enumerate(phrase)):
            end, lemma = i + len(phrase), phrase[-1]
            break
    else:
        if lemma not in lex.attribution:
            return None
    if _not_speech(view, i) or not _verbal(view, i, end):
        return None
    start, left = i, i
    j = i - 1
    sent_start = view.sentence(i)[0]
    while j >= sent_start:
        word = view.low[j]
        if word in lex.auxiliaries:
            start = left = j
        elif word in lex.clitics or word in lex.adverb_words or j in view.timed:
            left = j
        else:
            break
        j -= 1
    gerund = bool(lex.gerund and lex.gerund.search(view.low[i]))
    participle = bool(lex.participle and lex.participle.search(view.low[i])) and view.low[i] != lemma
    plural: bool | None = None
    if start < i:
        first = view.low[start]
        plural = True if first in lex.aux_plural else False if first in lex.aux_singular else None
    elif not gerund and view.low[i] != lemma and not participle and lex.plural_verb:
        plural = bool(lex.plural_verb.search(view.low[i]))
    speech = lemma in lex.speech or end > i + 1
    if not speech and gerund:
        return None  # "groups calling themselves «Blade Runners»": naming, not saying
    if participle and start == i:
        return None  # "il progetto chiamato «Alfa»", "il reddito dichiarato": no cue
    if any(w in lex.passive for w in view.low[start:i]):
        return None  # "è stato detto che": nobody said it
    if _unreal(view, left, start, i):
        return None
    return Cue(start, end, i, left, plural, gerund, speech)


def _unreal(view: DocView, left: int, start: int, verb: int) -> bool:
    """Speech that did not happen: negated ("non ha detto se"), future ("dirà che") or
    hypothetical ("potrebbe annunciare")."""
    lex = view.lex
    words = view.low[left:verb]
    if any(w in lex.negations or w in lex.unreal for w in words):
        return True
    finite = view.low[start]
    return bool(lex.future and lex.future.search(finite))


def cues_between(view: DocView, a: int, b: int) -> list[Cue]:
    found = []
    i = a
    while i < b:
        cue = cue_at(view, i)
        if cue is not None and cue.end <= b:
            found.append(cue)
            i = cue.end
        else:
            i += 1
    return found


def _not_speech(view: DocView, i: int) -> bool:
    for seq in view.lex.not_speech:
        for k in range(len(seq)):
            start = i - k
            if start >= 0 and view.matches(start, seq):
                return True
    return False


def _verbal(view: DocView, i: int, end: int) -> bool:
    """A verb, not the noun of the same form ("la conferma", "una denuncia", "il detto"), nor a
    capitalised name in mid-sentence."""
    lex = view.lex
    if view.is_cap(i) and not view.is_sentence_initial(i):
        return False
    if view.is_name(i):
        return False
    prev = view.low[i - 1] if i > 0 else ""
    if prev not in lex.articles:
        return True
    if lex.infinitive and lex.infinitive.search(view.low[i]) and view.low[i] == view.lemma[i]:
        return prev not in lex.determiners  # "per dire", not "il dire"
    if prev in lex.clitics:
        # "gli dice che", "la conferma che": a clitic before a verb, when a content follows
        nxt = view.low[end] if end < view.n else ""
        return nxt in lex.complementizers or nxt in lex.infinitive_markers or nxt in {":", ","}
    return False
