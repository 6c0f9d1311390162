"""``cronaca ingest``: read, analyse and store articles, idempotently and resumably.

- The same article twice is stored once (its id is a hash of its text); a copy with another
  URL or source is linked to it (``article_copies``), a near-duplicate gets
  ``near_duplicate_of``; neither is counted as a new article.
- Each batch is one transaction: a crash or Ctrl-C loses at most the batch in flight, and
  nothing half-written is ever visible. Re-running the same command skips what is stored.
- An article already analysed by this pipeline version is not analysed again; an older
  version's analysis stays current until the new one is committed (``reprocess``).
- With each analysis go its actor, quote and event-report rows; after each batch, in the same
  transaction, people go to the registry, new articles into stories and new reports into
  events (``registry.py``, ``stories.py``, ``events.py``).
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from sqlalchemy import delete, insert, select, text, update
from sqlalchemy.orm import Session

from cronaca.ingest.article import ArticleInput
from cronaca.ingest.checks import normalize_text
from cronaca.model import Document, Rejection, content_id
from cronaca.pipeline.pipeline import Item, Runner
from cronaca.store import dedup, events, registry, stories
from cronaca.store.analysis_rows import write_rows
from cronaca.store.db import Store
from cronaca.store.schema import (
    Analysis,
    Article,
    ArticleCopy,
    EntityRow,
    IngestRun,
    RejectionRow,
    TimeRow,
    pack_document,
    utcnow,
)


@dataclass
class IngestStats:
    read: int = 0
    stored: int = 0
    already_stored: int = 0
    reanalysed: int = 0
    copies: int = 0
    near_duplicates: int = 0
    rejected: int = 0
    words: int = 0
    reports: int = 0
    events: int = 0
    stories: int = 0
    store_seconds: float = 0.0
    """Time spent writing to the database (the rest is reading and analysis)."""
    codes: Counter[str] = field(default_factory=Counter)
    started: float = field(default_factory=time.perf_counter)

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def as_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "stored": self.stored,
            "already_stored": self.already_stored,
            "reanalysed": self.reanalysed,
            "copies": self.copies,
            "near_duplicates": self.near_duplicates,
            "rejected": self.rejected,
            "rejections": dict(self.codes),
            "words": self.words,
            "event_reports": self.reports,
            "new_events": self.events,
            "new_stories": self.stories,
            "seconds": round(self.elapsed, 2),
            "store_seconds": round(self.store_seconds, 2),
        }


Progress = Callable[[IngestStats], None]


@dataclass(frozen=True)
class _Copy:
    """Another publication of a text already stored (or being analysed in this run)."""

    article_id: str
    url: str | None
    source: str | None
    published: dt.date | None
    origin_path: str | None


class Ingester:
    def __init__(
        self,
        store: Store,
        nlp: Runner,
        *,
        batch_size: int = 32,
        n_process: int = 1,
        near_duplicate_threshold: float = 0.8,
        force: bool = False,
        story_options: stories.StoryOptions | None = None,
        merge_options: events.MergeOptions | None = None,
    ) -> None:
        self.store = store
        self.nlp = nlp
        self.batch_size = batch_size
        self.n_process = n_process
        self.near = dedup.NearDuplicates(near_duplicate_threshold)
        self.stats = IngestStats()
        self.seen: set[str] = set()  # ids met in this run, so duplicates inside it are skipped
        self.waiting: list[_Copy] = []  # copies of articles still being analysed in this run
        self.force = force  # re-analyse even what this version already analysed
        self.story_options = story_options or stories.StoryOptions()
        self.merge_options = merge_options or events.MergeOptions()
        from cronaca import __version__

        self.version = __version__

    def run(self, items: Iterable[Item], inputs: list[str], progress: Progress | None = None) -> int:
        """Ingest ``items``; return the id of the ingest run (its stats are in ``self.stats``)."""
        with self.store.session() as session, session.begin():
            run = IngestRun(inputs=inputs, stats={}, status="running")
            session.add(run)
            session.flush()
            run_id = run.id
            self.near.load(
                session.execute(select(Article.id, Article.minhash).where(Article.minhash.is_not(None)))
            )
        status = "interrupted"
        try:
            results = self.nlp.pipe(
                self._new_items(items), batch_size=self.batch_size, n_process=self.n_process
            )
            iterator = iter(results)
            while batch := list(islice(iterator, self.batch_size)):
                self._commit(batch, run_id)
                if self.waiting:  # their articles may be stored now
                    waiting, self.waiting = self.waiting, []
                    self._link_copies(waiting)
                if progress:
                    progress(self.stats)
            self.waiting = []  # copies of articles that were rejected
            status = "done"
        finally:
            with self.store.session() as session, session.begin():
                session.execute(
                    update(IngestRun)
                    .where(IngestRun.id == run_id)
                    .values(status=status, finished_at=utcnow(), stats=self.stats.as_dict())
                )
        return run_id

    # -- before analysis: skip what is already stored ---------------------------------------
    def _new_items(self, items: Iterable[Item]) -> Iterator[Item]:
        iterator = iter(items)
        while chunk := list(islice(iterator, self.batch_size)):
            ids: dict[int, str] = {}
            for i, item in enumerate(chunk):
                self.stats.read += 1
                if isinstance(item, ArticleInput) and item.text.strip():
                    ids[i] = content_id(normalize_text(item.text))
            done = self._already_analysed(set(ids.values()))
            copies: list[_Copy] = []
            for i, item in enumerate(chunk):
                article_id = ids.get(i)
                if article_id is not None and (article_id in done or article_id in self.seen):
                    self.stats.already_stored += 1
                    assert isinstance(item, ArticleInput)
                    origin = item.origin.path if item.origin else None
                    copies.append(_Copy(article_id, item.url, item.source, item.published, origin))
                    continue
                if article_id is not None:
                    self.seen.add(article_id)
                yield item
            if copies:
                self._link_copies(copies)

    def _already_analysed(self, ids: set[str]) -> set[str]:
        if not ids or self.force:
            return set()
        with self.store.session() as session:
            rows = session.execute(
                select(Analysis.article_id).where(
                    Analysis.article_id.in_(ids), Analysis.version == self.version
                )
            ).scalars()
            return set(rows)

    def _link_copies(self, copies: list[_Copy]) -> None:
        """Same text under another URL or source: recorded once, never counted as new. A copy
        of an article still being analysed waits until its article is committed."""
        started = time.perf_counter()
        with self.store.session() as session, session.begin():
            linked: set[str] = set()
            for item in copies:
                article_id = item.article_id
                article = session.get(Article, article_id)
                if article is None:  # its article is in a batch still being analysed
                    self.waiting.append(item)
                    continue
                if (item.url, item.source) == (article.url, article.source):
                    continue
                exists = session.execute(
                    select(ArticleCopy.id).where(
                        ArticleCopy.article_id == article_id,
                        ArticleCopy.url.is_(item.url) if item.url is None else ArticleCopy.url == item.url,
                        ArticleCopy.source.is_(item.source)
                        if item.source is None
                        else ArticleCopy.source == item.source,
                    )
                ).first()
                if exists is None:
                    session.add(
                        ArticleCopy(
                            article_id=article_id,
                            url=item.url,
                            source=item.source,
                            published=item.published,
                            origin_path=item.origin_path,
                        )
                    )
                    self.stats.copies += 1
                    linked.add(article_id)
            # the copies' sources now count for the events and stories of their articles
            for event_id in sorted(events.events_of(session, linked)):
                events.refresh(session, event_id)
            stories.recount(session, stories.stories_of(session, linked))
        self.stats.store_seconds += time.perf_counter() - started

    # -- after analysis: one transaction per batch -------------------------------------------
    def _commit(self, batch: list[Document | Rejection], run_id: int) -> None:
        started = time.perf_counter()
        self._write(batch, run_id)
        self.stats.store_seconds += time.perf_counter() - started

    def _write(self, batch: list[Document | Rejection], run_id: int) -> None:
        with self.store.session() as session, session.begin():
            docs: list[Document] = []
            detached: set[int] = set()
            for result in batch:
                if isinstance(result, Rejection):
                    self._reject(session, result, run_id)
                else:
                    # Earlier batches' people first: a bare "Stoltenberg" is NATO's.
                    registry.enrich(session, result)
                    detached |= self._store(session, result)
                    docs.append(result)
            if docs:
                self._across_articles(session, docs, detached)

    def _across_articles(self, session: Session, docs: list[Document], detached: set[int]) -> None:
        """What the batch teaches across articles, in the batch's transaction: people in the
        registry, articles in stories, reports merged into events."""
        registry.observe(session, docs)
        self.stats.stories += stories.assign(session, docs, self.story_options).new
        merged = events.merge_pending(session, detached, self.merge_options, [d.id for d in docs])
        self.stats.reports += merged.reports
        self.stats.events += merged.new_events

    def _reject(self, session: Session, rejection: Rejection, run_id: int) -> None:
        self.stats.rejected += 1
        self.stats.codes[rejection.code.value] += 1
        session.add(
            RejectionRow(
                run_id=run_id,
                code=rejection.code.value,
                reason=rejection.reason,
                origin_path=rejection.origin.path if rejection.origin else None,
                origin_line=rejection.origin.line if rejection.origin else None,
                external_id=rejection.external_id,
            )
        )

    def _store(self, session: Session, doc: Document) -> set[int]:
        """Store a document and its analysis; return the events its old reports left."""
        detached: set[int] = set()
        article = session.get(Article, doc.id)
        if article is None:
            mh = dedup.signature(doc.text)
            near = self.near.match(doc.id, mh)
            article = Article(
                id=doc.id,
                url=doc.url,
                title=doc.title,
                source=doc.source,
                published=doc.published,
                lang=doc.lang,
                text=doc.text,
                external_id=doc.external_id,
                origin_path=doc.origin.path if doc.origin else None,
                origin_line=doc.origin.line if doc.origin else None,
                near_duplicate_of=near,
                minhash=dedup.to_bytes(mh),
            )
            session.add(article)
            session.flush()
            self._index_text(session, doc)
            if near is not None:
                self.stats.near_duplicates += 1
            else:
                self.stats.stored += 1
        else:
            self.stats.reanalysed += 1  # stored by an earlier version: re-analysed below
            detached = events.detach(session, [doc.id])  # its new reports are merged afresh
        self.stats.words += sum(1 for t in doc.tokens if t.text[:1].isalnum())
        # a forced re-analysis by the same version replaces it (its rows go with it)
        session.execute(
            delete(Analysis).where(Analysis.article_id == doc.id, Analysis.version == self.version)
        )
        # the new analysis becomes current in the same transaction that writes it
        session.execute(update(Analysis).where(Analysis.article_id == doc.id).values(current=False))
        document = pack_document(doc.to_json_dict())
        analysis = Analysis(
            article_id=doc.id,
            pipeline=doc.pipeline.name if doc.pipeline else "cronaca",
            version=self.version,
            stages=doc.pipeline.stages if doc.pipeline else [],
            document=document,
            current=True,
        )
        session.add(analysis)
        session.flush()
        if doc.entities:
            session.execute(
                insert(EntityRow),
                [
                    {
                        "analysis_id": analysis.id,
                        "start": e.start,
                        "end": e.end,
                        "label": e.label,
                        "text": e.text[:500],
                    }
                    for e in doc.entities
                ],
            )
        if doc.times:
            session.execute(
                insert(TimeRow),
                [
                    {
                        "analysis_id": analysis.id,
                        "start": t.start,
                        "end": t.end,
                        "text": t.text[:500],
                        "type": t.type,
                        "value": t.value,
                    }
                    for t in doc.times
                ],
            )
        write_rows(session, analysis.id, doc)
        return detached

    def _index_text(self, session: Session, doc: Document) -> None:
        if self.store.dialect == "sqlite":
            session.execute(
                text("INSERT INTO articles_fts (article_id, title, text) VALUES (:id, :title, :text)"),
                {"id": doc.id, "title": doc.title or "", "text": doc.text},
            )
        # PostgreSQL: the tsvector column is generated from the row itself.
