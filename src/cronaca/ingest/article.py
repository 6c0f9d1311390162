"""The input record of one article, as given by a user (API call, JSON Lines line, text file)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from cronaca.errors import InputRejected
from cronaca.model import Origin, RejectCode


class ArticleInput(BaseModel):
    """One article to analyse. Field types are strict: ``"text": 42`` is rejected, not coerced."""

    model_config = ConfigDict(strict=True, extra="ignore", frozen=True)

    text: str
    id: str | None = None
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    source: str | None = None
    lang: str | None = Field(default=None, description="ISO 639-1 code, e.g. 'it'.")
    origin: Origin | None = None

    @field_validator("published", mode="before")
    @classmethod
    def _parse_published(cls, value: Any) -> dt.date | None:
        if value is None or isinstance(value, dt.date):
            return value.date() if isinstance(value, dt.datetime) else value
        if not isinstance(value, str):
            raise ValueError(f"expected a date string like 2020-01-06, got {type(value).__name__}")
        return parse_date(value)

    @field_validator("lang", mode="before")
    @classmethod
    def _normalize_lang(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value


def parse_date(value: str) -> dt.date:
    """Parse an ISO date or date-time (``2020-01-06``, ``2020-01-06T10:30:00+01:00``).

    The date is the one written in the value's own time zone: that is the calendar day the
    article was published where it was published, which is what relative dates refer to.
    """
    text = value.strip()
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text)
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        raise ValueError(f"{value!r} is not a date: use YYYY-MM-DD or an ISO 8601 date-time") from None


def article_from_record(record: object, origin: Origin | None = None) -> ArticleInput:
    """Validate a decoded JSON record into an :class:`ArticleInput`, or reject it with reasons."""
    if not isinstance(record, dict):
        raise InputRejected(
            RejectCode.INVALID_RECORD,
            f"expected a JSON object with a 'text' field, got {_json_type(record)}",
        )
    try:
        return ArticleInput.model_validate({**record, "origin": origin})
    except ValidationError as exc:
        problems = []
        code = RejectCode.INVALID_RECORD
        for err in exc.errors():
            field = ".".join(str(p) for p in err["loc"]) or "record"
            if field == "published":
                code = RejectCode.BAD_DATE
            message = err["msg"].removeprefix("Value error, ")
            if err["type"] == "string_type":
                message = f"expected a string, got {_json_type(err['input'])} ({err['input']!r:.40})"
            elif err["type"] == "missing":
                message = "missing (every record needs a 'text' string)" if field == "text" else "missing"
            problems.append(f"field '{field}': {message}")
        raise InputRejected(code, "; ".join(problems)) from None


def _json_type(value: object) -> str:
    names = {
        list: "an array",
        str: "a string",
        bool: "a boolean",
        int: "a number",
        float: "a number",
        type(None): "null",
    }
    return names.get(type(value), type(value).__name__)
