"""Counting articles and sources the same way for events and stories.

A *publication* is a stored article or an exact copy of it under another URL or source
(``article_copies``). Sources are told apart by their name (case-folded), or by the URL's host
when a publication has no source name. Articles are counted once per source and near-duplicate
group: the same outlet publishing a story and then a lightly edited version of it is one
article, while twenty outlets running the same wire story are twenty articles from twenty
sources (GDELT counts every copy it crawls instead).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from cronaca.store.schema import Article, ArticleCopy


@dataclass(frozen=True)
class Publication:
    article_id: str
    copy_id: int | None
    source: str | None
    url: str | None
    published: dt.date | None
    group: str
    """The first article of its near-duplicate group."""

    @property
    def source_key(self) -> str:
        return source_key(self.source, self.url, self.article_id)


def source_key(source: str | None, url: str | None, article_id: str) -> str:
    if source and source.strip():
        return " ".join(source.casefold().split())
    if url:
        host = urlsplit(url).hostname or ""
        if host:
            return host.removeprefix("www.")
    return f"article:{article_id}"


def publications(session: Session, article_ids: Iterable[str]) -> list[Publication]:
    """The publications of the given articles, each article first, then its copies."""
    ids = sorted(set(article_ids))
    if not ids:
        return []
    articles: dict[str, _Meta] = {}
    copies: dict[str, list[ArticleCopy]] = {}
    for chunk in _chunks(ids, 500):
        articles.update(_metas(session, chunk))
        for c in session.scalars(select(ArticleCopy).where(ArticleCopy.article_id.in_(chunk))):
            copies.setdefault(c.article_id, []).append(c)
    out: list[Publication] = []
    for article_id in ids:
        article = articles.get(article_id)
        if article is None:
            continue
        group = _group(session, article, articles)
        out.append(Publication(article.id, None, article.source, article.url, article.published, group))
        for c in sorted(copies.get(article_id, []), key=lambda c: c.id):
            published = c.published or article.published
            out.append(Publication(article.id, c.id, c.source, c.url, published, group))
    return out


def counts(pubs: Iterable[Publication]) -> tuple[int, int]:
    """(articles, sources): articles counted once per source and near-duplicate group."""
    sources: set[str] = set()
    articles: set[tuple[str, str]] = set()
    for p in pubs:
        key = p.source_key
        sources.add(key)
        articles.add((key, p.group))
    return len(articles), len(sources)


@dataclass(frozen=True)
class _Meta:
    id: str
    source: str | None
    url: str | None
    published: dt.date | None
    near_duplicate_of: str | None


def _metas(session: Session, ids: list[str]) -> dict[str, _Meta]:
    query = select(
        Article.id, Article.source, Article.url, Article.published, Article.near_duplicate_of
    ).where(Article.id.in_(ids))
    return {row[0]: _Meta(*row) for row in session.execute(query)}


def _group(session: Session, article: _Meta, known: dict[str, _Meta]) -> str:
    """Follow ``near_duplicate_of`` links to the first article of the chain."""
    seen = {article.id}
    current = article
    while current.near_duplicate_of and current.near_duplicate_of not in seen:
        parent = known.get(current.near_duplicate_of)
        if parent is None:
            parent = _metas(session, [current.near_duplicate_of]).get(current.near_duplicate_of)
            if parent is None:
                return current.near_duplicate_of
            known[parent.id] = parent
        seen.add(parent.id)
        current = parent
    return current.id


def _chunks(items: list[str], size: int) -> Iterable[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
