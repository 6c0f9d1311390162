"""The direction of the verb that governs a temporal expression: past (-1), future or present
(1), or unknown (0). "ha detto lunedì" is the Monday before publication, "si vota lunedì" and
"si voterà lunedì" the one after.

Without a parser, the nearest verb form decides, preferring one in the same clause (no comma,
semicolon or colon between it and the expression: in "…on Monday, diplomats said" the
reporting verb does not date Monday). Past: auxiliaries and past forms (by word list and by the
endings of forms whose lemma is a verb). Future: future and conditional forms and words like
"previsto", "will". Present forms count as future: news uses the present for what is coming
("martedì si vota", "the minister meets on Monday"). The dependency parse of the models issue
can replace this.
"""

from __future__ import annotations

from cronaca.model import Token
from cronaca.time.data import Tense

_CLAUSE_BREAKS = frozenset(',;:()"“”«»')


class TenseGuesser:
    def __init__(self, tense: Tense) -> None:
        self.past_words = {w.lower() for w in tense.past_words}
        self.future_words = {w.lower() for w in tense.future_words if " " not in w}
        self.future_phrases = [w.lower() for w in tense.future_words if " " in w]
        self.past_suffixes = tuple(tense.past_suffixes)
        self.future_suffixes = tuple(tense.future_suffixes)
        self.present_suffixes = tuple(tense.present_suffixes)
        self.verb_lemma_suffixes = tuple(tense.verb_lemma_suffixes)
        self.irregular_past = tense.irregular_past
        self.neutral_suffixes = tuple(tense.neutral_suffixes)
        self.determiners = {w.lower() for w in tense.determiners}
        self.neutral_after = {w.lower() for w in tense.neutral_after}

    def _is_verb_form(self, tok: Token) -> bool:
        low = tok.text.lower()
        lemma = tok.lemma.lower()
        if lemma == low:
            return False
        return not self.verb_lemma_suffixes or lemma.endswith(self.verb_lemma_suffixes)

    def classify(self, tok: Token, previous: Token | None = None) -> tuple[int, int]:
        """(direction, strength): strength 2 for tense words and forms, 1 for present forms,
        0 for tokens that say nothing. After a determiner a form is a noun ("il governo",
        "i meriti", "the talks"), not a verb."""
        low = tok.text.lower().replace("’", "'")
        if low in self.future_words:
            return 1, 2
        if low in self.past_words:
            return -1, 2
        if previous is not None and previous.text.lower().replace("’", "'") in self.determiners:
            return 0, 0
        if previous is not None and previous.text.lower() in self.neutral_after:
            return 0, 0  # "to be formed", "to present": no tense of its own
        if self._is_verb_form(tok):
            if self.neutral_suffixes and low.endswith(self.neutral_suffixes):
                return 0, 0  # gerunds and infinitives carry no tense
            if low.endswith(self.future_suffixes):
                return 1, 2
            if len(low) > 3 and low.endswith(self.past_suffixes):
                return -1, 2
            if self.present_suffixes and low.endswith(self.present_suffixes):
                return 1, 1
            if self.irregular_past:
                return -1, 2  # English: "shrank", "met", "won" (lemma differs, no -s/-ing)
            return 1, 1
        return 0, 0

    def direction(self, tokens: list[Token], first: int, last: int, start: int, end: int) -> int:
        """Direction for the expression at characters [start, end) in the sentence whose
        tokens are ``tokens[first:last]``."""
        best: tuple[int, int, int, int] | None = None
        chosen, chosen_at = 0, first
        for i in range(first, last):
            tok = tokens[i]
            if start <= tok.start < end:
                continue
            label, strength = self.classify(tok, tokens[i - 1] if i > first else None)
            if strength == 0:
                continue
            if tok.end <= start:
                between = tokens[i + 1 : _index_at(tokens, i, last, start)]
                distance = start - tok.end
            else:
                between = tokens[_index_at(tokens, first, i, end) : i]
                distance = tok.start - end
            crosses = any(t.text in _CLAUSE_BREAKS for t in between)
            # same clause first, then nearer, then the verb before ("ha detto lunedì")
            # same clause first; there an explicit tense beats a present form (present
            # detection is noisy: plural nouns, participles); then nearer, then before
            key = (int(crosses), -strength, distance, 0 if tok.end <= start else 1)
            if best is None or key < best:
                best = key
                chosen, chosen_at = label, i
        if best is None:
            sentence = " ".join(t.text.lower() for t in tokens[first:last])
            return 1 if any(p in sentence for p in self.future_phrases) else 0
        if chosen < 0 and self._future_auxiliary(tokens, first, chosen_at):
            return 1  # "will be held", "sarà convocato": the participle is in a future group
        return chosen

    def _future_auxiliary(self, tokens: list[Token], first: int, at: int) -> bool:
        return any(self.classify(tokens[i], None) == (1, 2) for i in range(max(first, at - 3), at))


def _index_at(tokens: list[Token], lo: int, hi: int, offset: int) -> int:
    """Index of the first token in ``tokens[lo:hi]`` starting at or after ``offset``."""
    for i in range(lo, hi):
        if tokens[i].start >= offset:
            return i
    return hi
