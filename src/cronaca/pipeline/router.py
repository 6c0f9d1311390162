"""A pipeline for mixed-language input: each article goes to its language's pipeline."""

from __future__ import annotations

from dataclasses import replace

from cronaca.errors import InputRejected
from cronaca.ingest.article import ArticleInput
from cronaca.ingest.checks import check_text, normalize_text
from cronaca.lang import supported_languages
from cronaca.model import RejectCode, Rejection
from cronaca.nlp.langid import MIN_LETTERS, identify
from cronaca.pipeline.pipeline import (
    Item,
    Pipeline,
    PipelineSpec,
    Result,
    Runner,
    _external_id,
    _origin,
    to_article,
)

SECOND_GUESS = 0.25
"""A supported language scoring at least this is chosen even when it is not the top guess."""


class AutoPipeline(Runner):
    """Routes each article by its ``lang`` field, or by language identification."""

    def __init__(self, spec: PipelineSpec) -> None:
        self.spec = spec
        self._pipelines: dict[str, Pipeline] = {}

    def pipeline(self, code: str) -> Pipeline:
        if code not in self._pipelines:
            self._pipelines[code] = Pipeline(replace(self.spec, lang=code))
        return self._pipelines[code]

    def route(self, article: ArticleInput) -> str:
        # An empty or binary text is rejected for what it is, not as an unknown language.
        check_text(normalize_text(article.text), self.spec.max_chars)
        if article.lang:
            code = article.lang
            if code not in supported_languages():
                raise InputRejected(
                    RejectCode.UNSUPPORTED_LANGUAGE,
                    f"the record's lang is {code!r}; supported: {', '.join(supported_languages())}",
                )
            return code
        guesses = identify(article.text)
        if not guesses:
            raise InputRejected(
                RejectCode.UNSUPPORTED_LANGUAGE,
                f"too little text to identify its language (under {MIN_LETTERS} letters); "
                "give the language with --lang or a 'lang' field",
            )
        code, score = guesses[0]
        # A supported language close behind an unsupported one wins: Italian news with a
        # French-looking dateline, or English with many names, is still Italian or English.
        supported = [(c, p) for c, p in guesses if c in supported_languages() and p >= SECOND_GUESS]
        if code not in supported_languages() and supported:
            return supported[0][0]
        if code not in supported_languages():
            raise InputRejected(
                RejectCode.UNSUPPORTED_LANGUAGE,
                f"the text looks {code!r} (confidence {score:.2f}); supported: "
                f"{', '.join(supported_languages())} (force one with --lang)",
            )
        return code

    def process_batch(self, items: list[Item]) -> list[Result]:
        results: list[Result | None] = [None] * len(items)
        groups: dict[str, list[tuple[int, ArticleInput]]] = {}
        for i, item in enumerate(items):
            if isinstance(item, Rejection):
                results[i] = item
                continue
            try:
                article = to_article(item)
                groups.setdefault(self.route(article), []).append((i, article))
            except InputRejected as exc:
                results[i] = exc.to_rejection(_origin(item), _external_id(item))
        for code, members in groups.items():
            done = self.pipeline(code).process_batch([a for _, a in members])
            for (i, _), result in zip(members, done, strict=True):
                results[i] = result
        return [r for r in results if r is not None]
