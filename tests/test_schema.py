"""The committed JSON Schemas are current, and real output validates against them."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from cronaca import schema as schemas
from cronaca.model import Document, RejectCode, Rejection

SCHEMA_DIR = Path(__file__).resolve().parents[1] / "schema"


@pytest.mark.parametrize("filename", sorted(schemas.SCHEMAS))
def test_committed_schema_is_current(filename: str) -> None:
    committed = (SCHEMA_DIR / filename).read_text(encoding="utf-8")
    assert committed == schemas.render(schemas.SCHEMAS[filename], filename), (
        f"schema/{filename} is out of date: run `make schema` and commit it"
    )


def _validator(filename: str) -> jsonschema.protocols.Validator:
    schema = json.loads((SCHEMA_DIR / filename).read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def test_sample_document_validates(sample_doc: Document) -> None:
    data = sample_doc.to_json_dict()
    _validator("cronaca-1.schema.json").validate(data)
    assert data["schema"] == "cronaca/1"
    keys = list(data)
    assert keys[:4] == ["schema", "id", "lang", "published"]
    for field in ("title", "source", "url", "text"):
        assert field in data
    for field in ("entities", "actors", "quotes", "times", "places", "events"):
        assert isinstance(data[field], list)


def test_schema_rejects_broken_documents(sample_doc: Document) -> None:
    validator = _validator("cronaca-1.schema.json")
    data = sample_doc.to_json_dict()
    broken = json.loads(json.dumps(data))
    broken["entities"][0]["label"] = "PERSON"
    assert not validator.is_valid(broken)
    broken = json.loads(json.dumps(data))
    del broken["text"]
    assert not validator.is_valid(broken)
    broken = json.loads(json.dumps(data))
    broken["schema"] = "cronaca/2"
    assert not validator.is_valid(broken)


def test_rejection_validates() -> None:
    rejection = Rejection(code=RejectCode.EMPTY, reason="the text is empty")
    _validator("cronaca-1-rejection.schema.json").validate(rejection.to_json_dict())
    assert rejection.to_json_dict()["rejected"] is True
