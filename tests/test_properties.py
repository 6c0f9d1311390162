"""Properties that hold for any input: no crash, exact offsets, lossless JSON, one result per record."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cronaca import Document, InputRejected, Rejection
from cronaca.ingest.checks import check_text, normalize_text
from cronaca.ingest.readers import ReadOptions, read_stream
from cronaca.pipeline.pipeline import Pipeline

SCHEMA = Path(__file__).resolve().parents[1] / "schema" / "cronaca-1.schema.json"

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Pieces of news text that stress tokenization, datelines, names and offsets.
FRAGMENTS = [
    "BRUXELLES –",
    "ROMA, 6 gen (ANSA) -",
    "WASHINGTON (Reuters) -",
    "Il presidente Sergio Mattarella",
    "dell'Iran",
    "l’Unione europea",
    "D’Alema",
    "Banca d'Italia",
    "Stati Uniti",
    "NATO",
    "Nato",
    "il sig. Rossi",
    "U.S.A.",
    "«Basta»",
    "“Siamo uniti”",
    '"provocazioni ".',
    "ha detto",
    "lunedì 6 gennaio 2020",
    "ieri",
    "2-1",
    "e\u0301",  # e + combining acute accent: NFC turns it into one character
    "n\u0303o",
    "Ä\u0308",
    "👍🏽",
    "🇮🇹",
    "👨‍👩‍👧",
    "\u200b",
    "\ufeff",
    "—",
    "...",
    "…",
    "?!",
    "'",
    "’",
    '"',
    "(",
    ")",
    "Ministero della Salute",
    "Mentre",
    "Parlando",
    "L'Aquila",
    "NEW YORK",
    "São Paulo",
    "İstanbul",
    "ΑΘΗΝΑ",
    "Москва",
    "北京",
    "ﬁ",  # a ligature that changes length under case mapping
    "ß",
]
SEPARATORS = [" ", " ", " ", "\n", "\r\n", "\r", "\n\n\n", "\t", ". ", ", ", " - ", "\u00a0", ""]


@st.composite
def news_like(draw: st.DrawFn) -> str:
    parts = draw(
        st.lists(
            st.one_of(
                st.sampled_from(FRAGMENTS),
                st.text(min_size=1, max_size=12),
                st.from_regex(r"[A-ZÀ-Ý][a-zà-ÿ]{1,10}", fullmatch=True),  # capitalised words
            ),
            max_size=30,
        )
    )
    seps = draw(st.lists(st.sampled_from(SEPARATORS), min_size=len(parts), max_size=len(parts)))
    return "".join(p + s for p, s in zip(parts, seps, strict=True))


TEXTS = st.one_of(news_like(), st.text(max_size=300))


def _analyse(nlp: Pipeline, text: str) -> Document | None:
    try:
        return nlp(text)
    except InputRejected as exc:
        assert exc.reason
        return None


def _round_trips(doc: Document) -> None:
    data = doc.to_json_dict()
    encoded = json.loads(json.dumps(data, ensure_ascii=False))
    assert Document.model_validate(encoded).to_json_dict() == data


@SETTINGS
@given(text=TEXTS)
def test_italian_never_crashes_and_offsets_are_exact(nlp_it_any: Pipeline, text: str) -> None:
    doc = _analyse(nlp_it_any, text)
    if doc is None:
        return
    assert doc.offset_errors() == []
    assert doc.text == normalize_text(text)
    for sent in doc.sentences:
        assert sent.token_start < sent.token_end
        assert doc.tokens[sent.token_start].start == sent.start
        assert doc.tokens[sent.token_end - 1].end == sent.end
    _round_trips(doc)


@SETTINGS
@given(text=TEXTS)
def test_english_never_crashes_and_offsets_are_exact(nlp_en_any: Pipeline, text: str) -> None:
    doc = _analyse(nlp_en_any, text)
    if doc is None:
        return
    assert doc.offset_errors() == []
    _round_trips(doc)


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    if not SCHEMA.exists():
        pytest.skip(f"{SCHEMA.name} is not generated yet (make schema)")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


@SETTINGS
@given(text=news_like())
def test_documents_match_the_json_schema(
    nlp_it_any: Pipeline, validator: jsonschema.protocols.Validator, text: str
) -> None:
    doc = _analyse(nlp_it_any, text)
    if doc is not None:
        validator.validate(doc.to_json_dict())


# -- JSON Lines ------------------------------------------------------------------------------------

JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
)
GOOD_TEXTS = st.one_of(news_like(), st.just("Il governo ha approvato la manovra a Roma."))
GOOD_DATES = st.sampled_from(["2020-01-06", "2020-01-06T10:30:00+01:00", "2024-02-29", None])
BAD_DATES = st.one_of(
    st.sampled_from(["2020-02-30", "06/01/2020", "ieri", "", "2020-13-01"]), st.integers(), st.booleans()
)


@st.composite
def records(draw: st.DrawFn) -> tuple[str, str]:
    """A JSON Lines line, and what it must give: 'text' (a document unless the text itself is
    refused), a reject code, or 'invalid_json'."""
    kind = draw(
        st.sampled_from(["good", "good", "good", "not-object", "bad-text", "no-text", "bad-date", "junk"])
    )
    extra: dict[str, Any] = draw(
        st.dictionaries(
            st.sampled_from(["title", "url", "source", "id", "other"]), st.text(max_size=10), max_size=2
        )
    )
    if kind == "junk":
        return draw(st.sampled_from(["{", "{'text': 'x'}", "nope", '{"text": "a"', "[1,"])), "invalid_json"
    if kind == "not-object":
        value = draw(st.one_of(JSON_SCALARS, st.lists(JSON_SCALARS, max_size=3)))
        return json.dumps(value), "invalid_record"
    record: dict[str, Any] = dict(extra)
    if kind == "bad-text":
        record["text"] = draw(st.one_of(st.integers(), st.lists(st.text(max_size=5), max_size=2), st.none()))
        return json.dumps(record), "invalid_record"
    if kind == "no-text":
        return json.dumps(record), "invalid_record"
    record["text"] = draw(GOOD_TEXTS)
    if kind == "bad-date":
        record["published"] = draw(BAD_DATES)
        return json.dumps(record), "bad_date"
    published = draw(GOOD_DATES)
    if published is not None:
        record["published"] = published
    return json.dumps(record, ensure_ascii=draw(st.booleans())), "text"


def _expected(line: str, kind: str) -> str:
    if kind != "text":
        return kind
    try:
        check_text(normalize_text(json.loads(line)["text"]))
    except InputRejected as exc:
        return exc.code.value
    return "document"


@SETTINGS
@given(lines=st.lists(records(), max_size=12), batch_size=st.integers(1, 5))
def test_json_lines_give_one_result_per_record_in_order(
    nlp_it_any: Pipeline, lines: list[tuple[str, str]], batch_size: int
) -> None:
    data = "".join(line + "\n" for line, _ in lines).encode("utf-8")
    stream = io.BufferedReader(io.BytesIO(data))
    items = read_stream(stream, "input.jsonl", ReadOptions(input_format="jsonl"))
    results = list(nlp_it_any.pipe(items, batch_size=batch_size))
    assert len(results) == len(lines)
    for number, ((line, kind), result) in enumerate(zip(lines, results, strict=True), start=1):
        assert result.origin is not None
        assert (result.origin.path, result.origin.line) == ("input.jsonl", number)
        expected = _expected(line, kind)
        if isinstance(result, Document):
            assert expected == "document", (line, result)
            assert result.offset_errors() == []
            assert result.text == normalize_text(json.loads(line)["text"])
        else:
            assert isinstance(result, Rejection)
            assert result.code.value == expected, (line, result.reason)
            assert result.reason
