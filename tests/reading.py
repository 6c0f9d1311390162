"""Helpers shared by the reader tests: read inputs as `cronaca analyze` does, and look at them."""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from cronaca.ingest.article import ArticleInput
from cronaca.ingest.readers import Item, ReadOptions, read_inputs
from cronaca.model import Rejection


def read(paths: Iterable[Path | str], stdin: bytes = b"", **options: Any) -> list[Item]:
    return list(read_inputs([str(p) for p in paths], ReadOptions(**options), io.BytesIO(stdin)))


def rejection(item: Item) -> Rejection:
    assert isinstance(item, Rejection), f"expected a rejection, got {item!r}"
    return item


def article(item: Item) -> ArticleInput:
    assert isinstance(item, ArticleInput), f"expected an article, got {item!r}"
    return item


def summary(items: list[Item]) -> list[tuple[str, int | None, str]]:
    """(file name after the last '/', line, code or 'ok') of each item, to compare batches."""
    out = []
    for item in items:
        assert item.origin is not None
        name = item.origin.path.rsplit("/", 1)[-1] if item.origin.path else "<stdin>"
        out.append((name, item.origin.line, item.code.value if isinstance(item, Rejection) else "ok"))
    return out
