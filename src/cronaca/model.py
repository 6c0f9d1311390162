"""The one typed data model of Cronaca: an analysed article and its ``cronaca/1`` JSON form.

Every stage reads and extends a :class:`Document`. All spans are character offsets into
``Document.text`` (Python string indices, i.e. Unicode code points), end exclusive.
The JSON Schema committed in ``schema/cronaca-1.schema.json`` is generated from these models
(``make schema``); a test fails when it is out of date.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, NonNegativeInt

SCHEMA_ID = "cronaca/1"

Offset = NonNegativeInt
EntityLabel = Literal["PER", "ORG", "LOC"]
ActorType = Literal["person", "state", "igo", "ngo", "armed_group", "party", "company", "group", "other"]
TimeType = Literal["DATE", "TIME", "DURATION", "SET"]
PloverType = Literal[
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
]
AuxMode = Literal["historical", "future", "hypothetical"]


class _Model(BaseModel):
    # Unknown fields are kept on input and allowed by the schema: the contract is open.
    model_config = ConfigDict(extra="allow", json_schema_serialization_defaults_required=True)


class Span(_Model):
    """A span of the document text."""

    start: Offset
    end: Offset


class TextSpan(Span):
    """A span that also carries its surface text, which must equal ``text[start:end]``."""

    text: str


class Token(TextSpan):
    lemma: str
    pos: str | None = Field(default=None, description="Universal POS tag, when a tagger ran.")
    morph: str | None = Field(default=None, description="UD morphological features.")
    head: int | None = Field(default=None, description="Index of the head token (parser).")
    dep: str | None = Field(default=None, description="Universal dependency relation.")


class Sentence(Span):
    token_start: NonNegativeInt = Field(description="Index of the sentence's first token.")
    token_end: NonNegativeInt = Field(description="Index after the sentence's last token.")


class Dateline(TextSpan):
    """The dateline opening a wire story ("BRUXELLES, 6 gennaio 2020 (ANSA) –"), kept in the text."""

    place: TextSpan | None = None
    date: TextSpan | None = None
    agency: TextSpan | None = None


class Entity(TextSpan):
    label: EntityLabel
    source: str | None = Field(default=None, description="Stage or rule that produced it.")


class Actor(_Model):
    id: str
    name: str
    type: ActorType
    country: str | None = Field(default=None, description="ISO 3166 alpha-3 code.")
    org: str | None = Field(default=None, description="Canonical short name of an organisation.")
    sector: str | None = None
    role: str | None = None
    mentions: list[tuple[Offset, Offset]] = Field(default_factory=list)
    resolved_by: Literal["registry"] | None = Field(
        default=None,
        description="'registry' when country, org, sector and role come from what earlier "
        "articles said about this person (the store's actor registry), not from this text.",
    )


QuoteFlag = Literal["unbalanced", "mismatched", "multi_paragraph"]
SpeakerKind = Literal["named", "nominal", "anonymous", "pronoun", "subjectless"]


class Quote(TextSpan):
    """What was said (the content, without quotation marks or complementizer) and who said it."""

    direct: bool
    speaker: str | None = Field(default=None, description="Actor id of the speaker.")
    speaker_text: str | None = None
    cue: str | None = None
    speaker_span: TextSpan | None = Field(
        default=None,
        description="The mention of the speaker; for a pronoun or a verb with no subject, the "
        "mention it refers back to.",
    )
    speaker_kind: SpeakerKind | None = Field(
        default=None,
        description="How the text names the speaker: by name, by a noun phrase, as an anonymous "
        "source, by a pronoun, or not at all (a verb with no subject, a quote that goes on).",
    )
    cue_span: TextSpan | None = Field(default=None, description="The speech verb or marker.")
    flags: list[QuoteFlag] = Field(
        default_factory=list,
        description="unbalanced: a quotation mark is missing (closed at the paragraph end); "
        "mismatched: the marks are not a pair; multi_paragraph: the quote runs over paragraphs.",
    )


class TimeExpr(TextSpan):
    type: TimeType
    value: str | None = Field(description="TIMEX3 value; null when it cannot be resolved.")
    resolved: bool = Field(
        default=True,
        description="False when the value keeps X placeholders because the expression is "
        "relative and the document has no publication date.",
    )
    mod: Literal["START", "MID", "END"] | None = Field(
        default=None, description="TIMEX3 mod: the start, middle or end of the period."
    )
    rule: str | None = Field(default=None, description="The pattern that found it.")


class Place(TextSpan):
    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    resolved_by: Literal["context"] | None = Field(
        default=None,
        description="'context' when the gazetteers do not know the name and the country is the one "
        "the article is about (its dateline's, else the one its states, capitals and demonyms "
        "point to most), not a lookup.",
    )


class Event(_Model):
    type: PloverType
    mode: str | None = None
    context: list[str] = Field(default_factory=list)
    actor: list[str] = Field(default_factory=list, description="Actor ids.")
    recipient: list[str] = Field(default_factory=list, description="Actor ids.")
    date: str | None = Field(default=None, description="TIMEX3 value of the event's date.")
    place: int | None = Field(default=None, description="Index into ``places``.")
    negated: bool = False
    aux: list[AuxMode] = Field(default_factory=list)
    trigger: TextSpan
    sentence: Span
    quote: int | None = Field(default=None, description="Index into ``quotes``.")
    confidence: Annotated[float, Field(ge=0.0, le=1.0)]
    cameo: str | None = None


class Origin(_Model):
    """Where an input came from, so that a user can find it again."""

    path: str | None = None
    line: NonNegativeInt | None = None


class PipelineInfo(_Model):
    name: str
    version: str
    stages: list[str]


class Document(_Model):
    """An analysed article: the ``cronaca/1`` document."""

    schema_: Literal["cronaca/1"] = Field(default="cronaca/1", alias="schema")
    id: str = Field(description="Content hash of the text (see ``content_id``).")
    lang: str
    published: dt.date | None = None
    published_source: Literal["input", "dateline"] | None = Field(
        default=None, description="Where the publication date came from."
    )
    title: str | None = None
    source: str | None = None
    url: str | None = None
    text: str
    external_id: str | None = Field(default=None, description="The input's own id, if any.")
    origin: Origin | None = None
    lang_score: float | None = Field(default=None, description="Language-id confidence.")
    pipeline: PipelineInfo | None = None
    sentences: list[Sentence] = Field(default_factory=list)
    tokens: list[Token] = Field(default_factory=list)
    dateline: Dateline | None = None
    entities: list[Entity] = Field(default_factory=list)
    actors: list[Actor] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    times: list[TimeExpr] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)

    model_config = ConfigDict(
        extra="allow", populate_by_name=True, json_schema_serialization_defaults_required=True
    )

    def to_json_dict(self) -> dict[str, object]:
        """The JSON form, with ``schema`` first as in the contract."""
        return self.model_dump(mode="json", by_alias=True)

    def offset_errors(self) -> list[str]:
        """Every span that does not index ``text`` exactly (empty when the document is sound)."""
        return list(_offset_errors(self))


class RejectCode(StrEnum):
    """Why an input was not analysed. Stable strings: users filter on them."""

    NOT_FOUND = "not_found"
    UNREADABLE = "unreadable"
    EMPTY = "empty"
    BINARY = "binary"
    ENCODING = "encoding"
    TOO_LARGE = "too_large"
    INVALID_JSON = "invalid_json"
    INVALID_RECORD = "invalid_record"
    BAD_DATE = "bad_date"
    WRONG_LANGUAGE = "wrong_language"
    UNSUPPORTED_LANGUAGE = "unsupported_language"
    INTERNAL_ERROR = "internal_error"


class Rejection(_Model):
    """A recorded rejection: an input that could not be analysed, and why."""

    schema_: Literal["cronaca/1"] = Field(default="cronaca/1", alias="schema")
    rejected: Literal[True] = True
    code: RejectCode
    reason: str
    origin: Origin | None = None
    external_id: str | None = None

    model_config = ConfigDict(
        extra="allow", populate_by_name=True, json_schema_serialization_defaults_required=True
    )

    def to_json_dict(self) -> dict[str, object]:
        return self.model_dump(mode="json", by_alias=True)

    def location(self) -> str:
        if self.origin is None:
            return "<input>"
        where = self.origin.path or "<stdin>"
        return f"{where}:{self.origin.line}" if self.origin.line is not None else where


def content_id(text: str) -> str:
    """Stable id of an article from its text (never Python's salted ``hash()``)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def _offset_errors(doc: Document) -> list[str]:
    n = len(doc.text)
    errors: list[str] = []

    def check(kind: str, start: int, end: int, text: str | None = None) -> None:
        if not 0 <= start <= end <= n:
            errors.append(f"{kind} [{start}, {end}) outside text of length {n}")
        elif text is not None and doc.text[start:end] != text:
            errors.append(f"{kind} [{start}, {end}) is {doc.text[start:end]!r}, not {text!r}")

    for s in doc.sentences:
        check("sentence", s.start, s.end)
        if not s.token_start <= s.token_end <= len(doc.tokens):
            errors.append(f"sentence token range {s.token_start}..{s.token_end} is invalid")
    groups: list[tuple[str, list[TextSpan]]] = [
        ("token", list(doc.tokens)),
        ("entity", list(doc.entities)),
        ("quote", list(doc.quotes)),
        ("time", list(doc.times)),
        ("place", list(doc.places)),
    ]
    for kind, spans in groups:
        for span in spans:
            check(kind, span.start, span.end, span.text)
    if doc.dateline is not None:
        check("dateline", doc.dateline.start, doc.dateline.end, doc.dateline.text)
        for part in (doc.dateline.place, doc.dateline.date, doc.dateline.agency):
            if part is not None:
                check("dateline part", part.start, part.end, part.text)
    for actor in doc.actors:
        for start, end in actor.mentions:
            check(f"actor {actor.id} mention", start, end)
    for quote in doc.quotes:
        for part in (quote.speaker_span, quote.cue_span):
            if part is not None:
                check("quote part", part.start, part.end, part.text)
    for event in doc.events:
        check("event trigger", event.trigger.start, event.trigger.end, event.trigger.text)
        check("event sentence", event.sentence.start, event.sentence.end)
    return errors
