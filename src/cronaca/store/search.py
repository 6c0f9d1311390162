"""Full-text search over stored articles (SQLite FTS5, PostgreSQL tsvector)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.exc import OperationalError, ProgrammingError

from cronaca.errors import ConfigError
from cronaca.store.db import Store


@dataclass(frozen=True)
class Hit:
    article_id: str
    title: str | None
    published: dt.date | None
    source: str | None
    snippet: str


def search(store: Store, query: str, limit: int = 20) -> list[Hit]:
    """Articles matching ``query`` (words, "quoted phrases", OR, -excluded), best first."""
    if not query.strip():
        raise ConfigError("empty search query")
    if store.dialect == "sqlite":
        sql = text(
            "SELECT f.article_id, a.title, a.published, a.source, "
            "snippet(articles_fts, 2, '[', ']', '…', 16) FROM articles_fts f "
            "JOIN articles a ON a.id = f.article_id "
            "WHERE articles_fts MATCH :q ORDER BY rank LIMIT :n"
        )
        params = {"q": _fts5_query(query), "n": limit}
    else:
        sql = text(
            "SELECT a.id, a.title, a.published, a.source, ts_headline('simple', a.text, q, "
            "'StartSel=[, StopSel=], MaxWords=16, MinWords=8') FROM articles a, "
            "websearch_to_tsquery('simple', :q) q WHERE a.search @@ q "
            "ORDER BY ts_rank(a.search, q) DESC LIMIT :n"
        )
        params = {"q": query, "n": limit}
    try:
        with store.engine.connect() as connection:
            rows = connection.execute(sql, params).all()
    except (OperationalError, ProgrammingError) as exc:
        raise ConfigError(f"cannot search for {query!r}: {exc.orig}") from exc
    return [Hit(r[0], r[1], _date(r[2]), r[3], str(r[4]).replace("\n", " ")) for r in rows]


def _fts5_query(query: str) -> str:
    """Web-search syntax to FTS5: words are ANDed, "phrases" kept, -word excluded, OR kept."""
    out: list[str] = []
    tokens = _split(query)
    for token in tokens:
        if token.upper() == "OR":
            out.append("OR")
        elif token.startswith("-") and len(token) > 1:
            out.append(f'NOT "{token[1:].strip(chr(34))}"')
        else:
            out.append(f'"{token.strip(chr(34))}"')
    return " ".join(out)


def _split(query: str) -> list[str]:
    tokens: list[str] = []
    current = ""
    quoted = False
    for ch in query:
        if ch == '"':
            quoted = not quoted
            current += ch
        elif ch.isspace() and not quoted:
            if current:
                tokens.append(current)
            current = ""
        else:
            current += ch
    if current:
        tokens.append(current)
    return [t.replace('""', "") for t in tokens if t.strip('"')]


def _date(value: object) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))
