"""What the evaluation commands share: reading annotated YAML sets and analysing their items."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal, Protocol, TypeVar

import yaml

from cronaca import yamlio
from cronaca.errors import ConfigError
from cronaca.model import Document

Half = Literal["odd", "even", "all"]


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


T = TypeVar("T", bound=_HasId)


def select(items: list[T], half: Half) -> list[T]:
    """The odd-numbered items (the half developers look at), the even ones (held back), or all.
    An item's number is the one its id ends with ("it-q007" is 7), else its position."""
    if half == "all":
        return items
    chosen = []
    for position, item in enumerate(items, start=1):
        digits = re.search(r"(\d+)\D*$", item.id)
        number = int(digits.group(1)) if digits else position
        if (number % 2 == 1) == (half == "odd"):
            chosen.append(item)
    return chosen


def read_items(path: Path) -> tuple[str, list[dict[str, Any]]]:
    """The default language (the file name up to its first dot) and the raw items of a set."""
    try:
        raw = yamlio.load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read the evaluation file {path}: {exc}") from exc
    if not isinstance(raw, list) or not all(isinstance(e, dict) for e in raw):
        raise ConfigError(f"{path}: expected a YAML list of items (mappings)")
    return path.stem.split(".")[0], raw


def published_of(entry: dict[str, Any]) -> dt.date | None:
    value = entry.get("published")
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    return value if isinstance(value, dt.date) else None


def analyse(items: list[tuple[str, str, dt.date | None]], profile: str = "default") -> Iterator[Document]:
    """Analyse (lang, text, published) items, one pipeline per language, loaded once."""
    import cronaca
    from cronaca.pipeline.pipeline import Pipeline

    pipelines: dict[str, Pipeline] = {}
    for lang, text, published in items:
        if lang not in pipelines:
            nlp = cronaca.load(lang, lang_check=False, profile=profile)
            assert isinstance(nlp, Pipeline)
            pipelines[lang] = nlp
        yield pipelines[lang](text, published=published)
