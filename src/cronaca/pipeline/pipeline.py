"""The pipeline: named stages run in order over documents, one at a time or in streamed batches."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, TypeAlias

from cronaca import __version__
from cronaca.errors import ConfigError, InputRejected
from cronaca.ingest.article import ArticleInput, article_from_record
from cronaca.ingest.checks import DEFAULT_MAX_CHARS, check_text, normalize_text
from cronaca.lang import Language
from cronaca.model import Document, PipelineInfo, RejectCode, Rejection, content_id
from cronaca.pipeline.stage import Stage, check_connections, check_stage_names, make_stage

log = logging.getLogger("cronaca")

Item: TypeAlias = str | Mapping[str, Any] | ArticleInput | Rejection
"""What ``pipe`` accepts: a text, a JSON-like record, an article, or an upstream rejection
(passed through in place, so that output order always matches input order)."""
Result: TypeAlias = Document | Rejection


@dataclass(frozen=True)
class PipelineSpec:
    """Everything needed to rebuild a pipeline in another process (it is pickled)."""

    lang: str
    exclude: tuple[str, ...] = ()
    max_chars: int = DEFAULT_MAX_CHARS
    lang_check: bool = True
    profile: str = "default"
    overrides: dict[str, dict[str, Any]] = field(default_factory=dict)

    def build(self) -> Runner:
        if self.lang == "auto":
            from cronaca.pipeline.router import AutoPipeline

            return AutoPipeline(self)
        return Pipeline(self)


class Runner:
    """What every pipeline offers: ``process_batch`` plus streaming ``pipe`` built on it."""

    spec: PipelineSpec

    def process_batch(self, items: list[Item]) -> list[Result]:
        raise NotImplementedError

    def pipe(self, items: Iterable[Item], *, batch_size: int = 32, n_process: int = 1) -> Iterator[Result]:
        """Analyse a stream of items, yielding a document or a rejection for each, in order.

        Memory stays flat whatever the length of ``items``: at most a few batches are in flight.
        With ``n_process > 1`` batches go to worker processes, each loading the models once.
        """
        if batch_size < 1:
            raise ConfigError("batch_size must be at least 1")
        if n_process > 1:
            from cronaca.pipeline.parallel import parallel_pipe

            yield from parallel_pipe(self.spec, items, batch_size=batch_size, n_process=n_process)
            return
        iterator = iter(items)
        while batch := list(islice(iterator, batch_size)):
            yield from self.process_batch(batch)


class Pipeline(Runner):
    """The analysis pipeline of one language. Build it with :func:`cronaca.load`."""

    def __init__(self, spec: PipelineSpec) -> None:
        self.spec = spec
        self.language = Language(spec.lang)
        specs = self.language.config.stages_for(spec.profile)
        names = [s.name for s in specs]
        unknown = set(spec.exclude) - set(names)
        if unknown:
            raise ConfigError(f"cannot exclude {sorted(unknown)}: the stages are {names}")
        check_stage_names([n for n in names if n not in spec.exclude], self.lang)
        self.stages: list[Stage] = []
        for s in specs:
            if s.name in spec.exclude:
                continue
            config = {**s.config, **spec.overrides.get(s.name, {})}
            if s.name == "langid":
                config.setdefault("enforce", spec.lang_check)
            self.stages.append(make_stage(s.name, self.language, config))
        check_connections(self.stages)
        self.info = PipelineInfo(
            name=f"cronaca-{spec.lang}", version=__version__, stages=[s.name for s in self.stages]
        )

    @property
    def lang(self) -> str:
        return self.language.code

    @property
    def stage_names(self) -> list[str]:
        return [s.name for s in self.stages]

    def __call__(
        self,
        text: str | ArticleInput | Mapping[str, Any],
        *,
        published: dt.date | str | None = None,
        title: str | None = None,
        url: str | None = None,
        source: str | None = None,
        id: str | None = None,
    ) -> Document:
        """Analyse one article. Raises :class:`~cronaca.errors.InputRejected` for bad input."""
        if isinstance(text, str):
            meta = {"published": published, "title": title, "url": url, "source": source, "id": id}
            article = to_article({"text": text, **{k: v for k, v in meta.items() if v is not None}})
        else:
            article = to_article(text)
        doc = self.make_doc(article)
        for stage in self.stages:
            doc = stage(doc)
        _check_offsets(doc, self.stage_names)
        return doc

    def make_doc(self, article: ArticleInput) -> Document:
        """Check an article's text and turn it into an empty document for the stages."""
        if article.lang and article.lang != self.lang:
            raise InputRejected(
                RejectCode.WRONG_LANGUAGE,
                f"the record's lang is {article.lang!r} but this pipeline is {self.lang!r}; "
                "leave out --lang to route each article by its language",
            )
        text = normalize_text(article.text)
        check_text(text, self.spec.max_chars)
        return Document(
            id=content_id(text),
            lang=self.lang,
            published=article.published,
            title=article.title,
            source=article.source,
            url=article.url,
            text=text,
            external_id=article.id,
            origin=article.origin,
            pipeline=self.info,
        )

    def process_batch(self, items: list[Item]) -> list[Result]:
        results: list[Result | None] = [None] * len(items)
        live: list[tuple[int, Document]] = []
        for i, item in enumerate(items):
            if isinstance(item, Rejection):
                results[i] = item
                continue
            try:
                live.append((i, self.make_doc(to_article(item))))
            except InputRejected as exc:
                results[i] = exc.to_rejection(_origin(item), _external_id(item))
        for stage in self.stages:
            live = self._run_stage(stage, live, results)
        for i, doc in live:
            try:
                _check_offsets(doc, self.stage_names)
                results[i] = doc
            except InputRejected as exc:
                results[i] = exc.to_rejection(doc.origin, doc.external_id)
        assert all(r is not None for r in results)
        return [r for r in results if r is not None]

    def _run_stage(
        self, stage: Stage, live: list[tuple[int, Document]], results: list[Result | None]
    ) -> list[tuple[int, Document]]:
        if not live:
            return live
        try:
            out = list(stage.pipe([doc for _, doc in live]))
            if len(out) != len(live):
                raise RuntimeError(f"stage {stage.name!r} returned {len(out)} of {len(live)} documents")
            return [(i, doc) for (i, _), doc in zip(live, out, strict=True)]
        except Exception:  # noqa: BLE001 - a failing batch is retried one by one to isolate the bad document
            log.debug("stage %s failed on a batch; retrying one document at a time", stage.name)
        kept: list[tuple[int, Document]] = []
        for i, doc in live:
            try:
                kept.append((i, stage(doc)))
            except InputRejected as exc:
                results[i] = exc.to_rejection(doc.origin, doc.external_id)
            except Exception as exc:
                log.exception("stage %s crashed on document %s", stage.name, doc.id)
                results[i] = Rejection(
                    code=RejectCode.INTERNAL_ERROR,
                    reason=f"stage {stage.name!r} failed: {type(exc).__name__}: {exc} "
                    "(a bug in Cronaca: please report it with this input)",
                    origin=doc.origin,
                    external_id=doc.external_id,
                )
        return kept


def to_article(item: Item) -> ArticleInput:
    """Turn an accepted item into an :class:`ArticleInput`, or raise :class:`InputRejected`."""
    if isinstance(item, ArticleInput):
        return item
    if isinstance(item, str):
        return ArticleInput(text=item)
    if isinstance(item, Mapping):
        record = dict(item)
        origin = record.pop("origin", None)
        return article_from_record(record, origin)
    raise InputRejected(
        RejectCode.INVALID_RECORD,
        f"expected a text, a mapping or an ArticleInput, got {type(item).__name__}",
    )


def _origin(item: Item) -> Any:
    return item.origin if isinstance(item, ArticleInput) else None


def _external_id(item: Item) -> str | None:
    if isinstance(item, ArticleInput):
        return item.id
    if isinstance(item, Mapping) and isinstance(item.get("id"), str):
        return str(item["id"])
    return None


def _check_offsets(doc: Document, stages: list[str]) -> None:
    errors = doc.offset_errors()
    if errors:
        log.error("document %s has invalid offsets: %s", doc.id, errors[:5])
        raise InputRejected(
            RejectCode.INTERNAL_ERROR,
            f"a stage of {stages} produced invalid offsets ({errors[0]}); "
            "a bug in Cronaca: please report it with this input",
        )
