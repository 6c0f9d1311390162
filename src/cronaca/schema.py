"""JSON Schemas of the ``cronaca/1`` output, generated from the data model.

The committed copies in ``schema/`` are regenerated with ``cronaca schema --write schema``
(``make schema``); ``tests/test_schema.py`` fails when they are out of date.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from cronaca.model import Document, Rejection

SCHEMAS: dict[str, type[BaseModel]] = {
    "cronaca-1.schema.json": Document,
    "cronaca-1-rejection.schema.json": Rejection,
}


def schema_for(model: type[BaseModel], filename: str) -> dict[str, Any]:
    body = model.model_json_schema(by_alias=True, mode="serialization")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:cronaca:schema:{filename.removesuffix('.schema.json')}",
        **body,
    }


def render(model: type[BaseModel], filename: str) -> str:
    return json.dumps(schema_for(model, filename), indent=2, ensure_ascii=False) + "\n"


def write_all(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for filename, model in SCHEMAS.items():
        path = folder / filename
        path.write_text(render(model, filename), encoding="utf-8")
        written.append(path)
    return written
