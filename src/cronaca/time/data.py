"""The per-language data of the time stage (``lang/<code>/time.yaml``), validated on load.

The file holds vocabularies (months, weekdays, units, number words, relative words...) and the
patterns that combine them. A pattern is a regular expression with placeholders such as
``{num}``, ``{unit}`` or ``{month}``, each expanded to a named group matching the vocabulary of
the same name; ``kind`` names the normaliser that turns the groups into a TIMEX3 value.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Unit = Literal["Y", "M", "W", "D", "H", "MIN", "S", "DE", "CE", "Q", "HY"]
DayPart = Literal["MO", "AF", "EV", "NI", "DT"]
Season = Literal["SP", "SU", "FA", "WI"]
Ref = Literal["PRESENT_REF", "PAST_REF", "FUTURE_REF"]
Kind = Literal[
    "date",
    "date_numeric",
    "date_iso",
    "month_year",
    "month",
    "year",
    "decade",
    "century",
    "deictic",
    "deictic_part",
    "weekday",
    "relative_unit",
    "offset_past",
    "offset_future",
    "duration",
    "vague_duration",
    "set_weekday",
    "set_unit",
    "period_part",
    "season",
    "quarter",
    "holiday",
    "set_holiday",
    "set_season",
    "time",
    "ref",
]


class Pattern(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    kind: Kind
    pattern: str = Field(description="The expression itself: its text is the extent.")
    before: str | None = Field(
        default=None, description="Required left context, matched but not part of the extent."
    )
    not_after: str | None = Field(
        default=None, description="The expression must not be followed by this (regex)."
    )
    not_before: str | None = Field(
        default=None,
        description="The expression must not be preceded by this (regex over the "
        "preceding 40 characters, anchored at their end).",
    )
    case_sensitive: bool = False
    past_as_duration: bool = Field(
        default=False,
        description="Under a past verb this future offset is a duration: 'back within 10 minutes'.",
    )


class Tense(BaseModel):
    """Cues for the direction (past or future) of the verb governing an expression."""

    model_config = ConfigDict(extra="forbid")

    past_words: list[str]
    future_words: list[str]
    past_suffixes: list[str] = Field(description="Endings of past verb forms (lemma != form).")
    future_suffixes: list[str] = Field(description="Endings of future verb forms.")
    present_words_future: list[str] = Field(
        default_factory=list, description="Words that make a present tense mean future."
    )
    present_suffixes: list[str] = Field(
        default_factory=list, description="Endings of present forms (English: -s)."
    )
    neutral_suffixes: list[str] = Field(
        default_factory=list, description="Endings of forms without tense (gerunds: -ando, -ing)."
    )
    determiners: list[str] = Field(
        default_factory=list, description="Words after which a form is a noun, not a verb."
    )
    neutral_after: list[str] = Field(
        default_factory=list, description="Words after which a verb form has no tense ('to be')."
    )
    irregular_past: bool = Field(
        default=False,
        description="A verb form that matches no other ending is past (English: 'shrank').",
    )
    verb_lemma_suffixes: list[str] = Field(
        default_factory=list,
        description="Endings of verb lemmas (infinitives): a token is a verb form when its "
        "lemma differs from it and has one of these endings (any lemma change if empty).",
    )


class AgeRules(BaseModel):
    """When "N anni" is an age ("un uomo di 40 anni", "morto a 90 anni"), not a duration."""

    model_config = ConfigDict(extra="forbid")

    units: list[str] = Field(description="Unit words of ages ('anni').")
    verbs: list[str] = Field(description="Words right before the number that make it an age.")
    prepositions: list[str] = Field(description="'di', 'a': an age unless a cue comes before.")
    duration_cues: list[str] = Field(
        description="Words before the preposition that keep it a duration ('pena di 30 anni')."
    )


class TimeData(BaseModel):
    model_config = ConfigDict(extra="forbid")

    months: dict[str, int]
    weekdays: dict[str, int] = Field(description="Weekday words → ISO weekday (Monday = 1).")
    units: dict[str, Unit]
    plural_units: list[str] = Field(
        description="Plural unit words: 'le prossime settimane' is a vague span, not a week."
    )
    numbers: dict[str, float] = Field(description="Number words (others are read by text2num).")
    number_regex: str | None = Field(
        default=None, description="Regex for compound number words, read with text2num."
    )
    vague: list[str] = Field(description="Vague quantifiers: 'alcuni anni' → PXY.")
    relative: dict[str, int] = Field(description="'scorso' → -1, 'prossimo' → 1, 'questo' → 0.")
    deictic: dict[str, int] = Field(description="'oggi' → 0, 'ieri' → -1 (days from DCT).")
    deictic_parts: dict[str, tuple[int, DayPart]] = Field(
        description="'stamattina' → [0, MO]: a day offset and a part of day."
    )
    day_parts: dict[str, DayPart]
    seasons: dict[str, Season]
    ordinals: dict[str, int]
    decades: dict[str, int] = Field(description="'novanta' → 199: decade words → TIMEX3 prefix.")
    centuries: dict[str, int] = Field(description="'novecento' → 19: century words → prefix.")
    period_parts: dict[str, Literal["START", "MID", "END"]]
    holidays: dict[str, str] = Field(description="Name → 'MM-DD', or 'easter' (+/-N days).")
    refs: dict[str, Ref]
    ambiguous_refs: dict[str, Ref] = Field(
        default_factory=dict,
        description="References that are also other words ('ora': now / hour); only patterns "
        "with guards use them, through {ambiguous_ref}.",
    )
    set_words: list[str] = Field(description="'ogni', 'tutti i': words that make a SET.")
    patterns: list[Pattern]
    tense: Tense
    ages: AgeRules | None = None
    name_prefixes: list[str] = Field(
        default_factory=list,
        description="Lower-case words that start a place name: 'piazza Primo Maggio'.",
    )
    name_block: Literal["capitalised", "after_capitalised", "none"] = Field(
        default="capitalised",
        description="When a month, weekday or holiday is part of a name, not a date: "
        "'capitalised' (Italian: a capitalised month inside a sentence, 'Piazza Primo Maggio'), "
        "'after_capitalised' (English: right after a capitalised word, 'Radio Monday').",
    )
