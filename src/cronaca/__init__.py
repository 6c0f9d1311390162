"""Cronaca: verifiable event data from news articles, Italian first."""

from __future__ import annotations

__version__ = "0.1.0"

from cronaca.errors import ConfigError, CronacaError, InputRejected
from cronaca.model import Document, Rejection
from cronaca.pipeline.pipeline import Pipeline, PipelineSpec, Runner


def load(
    lang: str = "it",
    *,
    exclude: tuple[str, ...] | list[str] = (),
    max_chars: int | None = None,
    lang_check: bool = True,
    profile: str = "default",
) -> Runner:
    """Build the analysis pipeline of a language (``"it"``, ``"en"``), or ``"auto"`` to route
    each article to its language's pipeline. ``profile`` picks a named variant of the pipeline
    from the language's ``language.yaml`` (``"fast"``: rule-based entities instead of the model;
    ``"full"``: the default with the syntax parser).

    >>> nlp = cronaca.load("it")                                   # doctest: +SKIP
    >>> doc = nlp("BRUXELLES – La NATO ...", published="2020-01-06")  # doctest: +SKIP
    >>> for result in nlp.pipe(texts, batch_size=64, n_process=2): ...  # doctest: +SKIP
    """
    from cronaca.ingest.checks import DEFAULT_MAX_CHARS

    spec = PipelineSpec(
        lang=lang,
        exclude=tuple(exclude),
        max_chars=max_chars or DEFAULT_MAX_CHARS,
        lang_check=lang_check,
        profile=profile,
    )
    return spec.build()


__all__ = [
    "ConfigError",
    "CronacaError",
    "Document",
    "InputRejected",
    "Pipeline",
    "PipelineSpec",
    "Rejection",
    "Runner",
    "__version__",
    "load",
]
