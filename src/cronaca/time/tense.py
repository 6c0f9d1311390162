"""The direction of the verb that governs a temporal expression: past (-1), future (1) or
unknown (0). "ha detto lunedì" is the Monday before publication, "si vota lunedì" the one after.

Without a parser, the nearest verb form in the sentence decides: an auxiliary or past form
(by word list and by the endings of forms whose lemma is a verb) is past, a future form or a
word like "previsto" is future. The dependency parse of the models issue can replace this.
"""

from __future__ import annotations

from cronaca.model import Token
from cronaca.time.data import Tense


class TenseGuesser:
    def __init__(self, tense: Tense) -> None:
        self.past_words = {w.lower() for w in tense.past_words}
        self.future_words = {w.lower() for w in tense.future_words if " " not in w}
        self.future_phrases = [w.lower() for w in tense.future_words if " " in w]
        self.past_suffixes = tuple(tense.past_suffixes)
        self.future_suffixes = tuple(tense.future_suffixes)
        self.verb_lemma_suffixes = tuple(tense.verb_lemma_suffixes)

    def _is_verb_form(self, tok: Token) -> bool:
        low = tok.text.lower()
        if tok.lemma.lower() == low:
            return False
        return not self.verb_lemma_suffixes or tok.lemma.lower().endswith(self.verb_lemma_suffixes)

    def classify(self, tok: Token) -> int:
        low = tok.text.lower().replace("’", "'")
        if low in self.future_words:
            return 1
        if low in self.past_words:
            return -1
        if self._is_verb_form(tok):
            if low.endswith(self.future_suffixes):
                return 1
            if len(low) > 3 and low.endswith(self.past_suffixes):
                return -1
        return 0

    def direction(self, tokens: list[Token], first: int, last: int, start: int, end: int) -> int:
        """Direction for the expression at characters [start, end) in the sentence whose
        tokens are ``tokens[first:last]``: the classified token nearest to it wins."""
        best: tuple[int, int] | None = None
        chosen, chosen_at = 0, first
        for i in range(first, last):
            tok = tokens[i]
            if start <= tok.start < end:
                continue
            label = self.classify(tok)
            if label == 0:
                continue
            distance = start - tok.end if tok.end <= start else tok.start - end
            # ties go to the verb before the expression ("ha detto lunedì")
            key = (distance, 0 if tok.end <= start else 1)
            if best is None or key < (best[0], best[1]):
                best = (key[0], key[1])
                chosen, chosen_at = label, i
        if best is None:
            sentence = " ".join(t.text.lower() for t in tokens[first:last])
            return 1 if any(p in sentence for p in self.future_phrases) else 0
        if chosen < 0 and self._future_auxiliary(tokens, first, chosen_at):
            return 1  # "will be held", "sarà convocato": the participle is in a future group
        return chosen

    def _future_auxiliary(self, tokens: list[Token], first: int, at: int) -> bool:
        for i in range(max(first, at - 3), at):
            if self.classify(tokens[i]) > 0:
                return True
        return False
