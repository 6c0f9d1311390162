"""What the evaluation commands share: reading annotated YAML sets and analysing their items."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from cronaca import yamlio
from cronaca.errors import ConfigError
from cronaca.model import Document


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


def analyse(items: list[tuple[str, str, dt.date | None]]) -> Iterator[Document]:
    """Analyse (lang, text, published) items, one pipeline per language, loaded once."""
    import cronaca
    from cronaca.pipeline.pipeline import Pipeline

    pipelines: dict[str, Pipeline] = {}
    for lang, text, published in items:
        if lang not in pipelines:
            nlp = cronaca.load(lang, lang_check=False)
            assert isinstance(nlp, Pipeline)
            pipelines[lang] = nlp
        yield pipelines[lang](text, published=published)
