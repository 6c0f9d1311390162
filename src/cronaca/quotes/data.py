"""The per-language data of the quotes stage (``lang/<code>/quotes.yaml``), validated on load, and
:class:`Lexicon`, the same data as sets and compiled patterns for the extractors.

The code of the stage knows no word of any language: quotation marks, verbs of saying, source
markers ("secondo X"), the words around a cue and the nouns of anonymous sources all come from
here. An English file beside the Italian one is all another language needs.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator


class MarkPair(BaseModel):
    model_config = ConfigDict(extra="forbid")

    open: str = Field(min_length=1, max_length=1)
    close: str = Field(min_length=1, max_length=1)
    family: Literal["double", "single"] = Field(
        description="Marks of one family pair with each other, so mismatched pairs still close."
    )


class Numbered(BaseModel):
    model_config = ConfigDict(extra="forbid")

    singular: list[str] = Field(default_factory=list)
    plural: list[str] = Field(default_factory=list)
    other: list[str] = Field(default_factory=list, description="Forms that carry no number.")


class Marker(BaseModel):
    """A word sequence that names a source: "secondo X", "a detta di X", "according to X"."""

    model_config = ConfigDict(extra="forbid")

    words: list[str] = Field(min_length=1)
    initial: bool = Field(default=False, description="Only at the start of a sentence ('Per X, …').")


class QuotesData(BaseModel):
    """``lang/<code>/quotes.yaml``."""

    model_config = ConfigDict(extra="forbid")

    marks: list[MarkPair] = Field(min_length=1)
    speech_verbs: list[str] = Field(description="Lemmas of verbs of saying.")
    attribution_verbs: list[str] = Field(
        default_factory=list, description="Lemmas that attribute a quote but take no content clause."
    )
    verb_forms: dict[str, str] = Field(default_factory=dict, description="Form -> lemma fixes.")
    phrases: list[list[str]] = Field(default_factory=list, description="Multi-word cues (lemmas).")
    not_speech: list[list[str]] = Field(default_factory=list, description="Word sequences that are not cues.")
    auxiliaries: Numbered
    negations: list[str] = Field(default_factory=list, description="Words that negate a cue.")
    unreal_auxiliaries: list[str] = Field(
        default_factory=list, description="Modal forms that make a cue hypothetical or future."
    )
    future: str | None = Field(default=None, description="Regex of future verb forms.")
    connectives: list[str] = Field(
        default_factory=list, description="Sentence openers of the narrative before a content."
    )
    passive: list[str] = Field(
        default_factory=list, description="Auxiliaries of the passive ('è stato detto'): no cue."
    )
    plural_verb: str | None = Field(
        default=None, description="Regex of third-person plural verb endings (none in English)."
    )
    gerund: str | None = Field(default=None, description="Regex of gerund endings.")
    participle: str | None = Field(
        default=None,
        description="Regex of past participles that are not also finite forms ('detto'); a bare "
        "one, with no auxiliary, is an adjective and no cue.",
    )
    clitics: list[str] = Field(default_factory=list)
    adverbs: list[str] = Field(default_factory=list)
    complementizers: list[str]
    zero_complementizer: list[str] = Field(
        default_factory=list,
        description="Lemmas whose content clause may follow without a complementizer ('said the…').",
    )
    inverted_subject: bool = Field(
        default=False,
        description="A phrase between a cue and its complementizer is the speaker ('ha detto il "
        "ministro che'), not whom the speaker told ('told reporters that').",
    )
    addressee_verbs: list[str] = Field(
        default_factory=list,
        description="Lemmas whose phrase before the complementizer is who was told ('told "
        "reporters that'), where inverted_subject is false.",
    )
    infinitive_markers: list[str] = Field(default_factory=list)
    infinitive: str | None = Field(default=None, description="Regex of infinitive forms.")
    infinitive_words: list[str] = Field(
        default_factory=list, description="Words that may open an infinitive clause ('non', 'aver')."
    )
    determiners: Numbered
    articles: list[str] = Field(
        default_factory=list, description="Words after which a form is a noun ('la conferma')."
    )
    genitives: list[str]
    prepositions: list[str]
    agents: list[str] = Field(default_factory=list)
    conjunctions: list[str]
    relatives: list[str] = Field(default_factory=list)
    pronouns: Numbered
    clause_openers: list[str] = Field(
        default_factory=list, description="Other words that open a clause ('it', 'there')."
    )
    as_words: list[str] = Field(
        default_factory=list, description="'come ha spiegato X, …': a word that makes a cue a marker."
    )
    markers: list[Marker] = Field(default_factory=list)
    marker_fillers: list[str] = Field(default_factory=list)
    relative_markers: list[list[str]] = Field(default_factory=list)
    not_sources: list[str] = Field(default_factory=list)
    anaphoric_openers: list[str] = Field(default_factory=list)
    plural_endings: list[str] = Field(
        default_factory=list,
        description="Endings of plural nouns; a noun is plural when it ends in one and its lemma "
        "does not ('diplomatici'/'diplomatico', not 'direttrice'/'direttore').",
    )
    anonymous_nouns: list[str] = Field(default_factory=list)
    indefinites: list[str] = Field(default_factory=list)
    max_scare_words: int = Field(default=3, ge=0)
    title_nouns: list[str] = Field(default_factory=list)

    @field_validator("plural_verb", "gerund", "infinitive", "future", "participle")
    @classmethod
    def _regex(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"not a regular expression: {exc}") from exc
        return value


def _lower(words: list[str]) -> frozenset[str]:
    return frozenset(w.lower() for w in words)


class Phrases(tuple[tuple[str, ...], ...]):
    """Word sequences, longest first, indexed by their first word for fast matching."""

    by_first: dict[str, tuple[tuple[str, ...], ...]]

    def __new__(cls, items: list[str] | list[list[str]]) -> Phrases:
        unique = {tuple(w.lower() for w in (i.split() if isinstance(i, str) else i)) for i in items}
        self = super().__new__(cls, sorted((u for u in unique if u), key=lambda s: (-len(s), s)))
        first: dict[str, list[tuple[str, ...]]] = {}
        for seq in self:
            first.setdefault(seq[0], []).append(seq)
        self.by_first = {k: tuple(v) for k, v in first.items()}
        return self


def _seqs(items: list[str] | list[list[str]]) -> Phrases:
    return Phrases(items)


class Lexicon:
    """The data of one language, ready for look-ups."""

    def __init__(self, data: QuotesData) -> None:
        self.data = data
        self.opening: dict[str, str] = {}
        self.closing: dict[str, str] = {}
        for pair in data.marks:
            self.opening.setdefault(pair.open, pair.family)
            self.closing.setdefault(pair.close, pair.family)
        self.marks = frozenset(self.opening) | frozenset(self.closing)
        self.speech = _lower(data.speech_verbs)
        self.attribution = self.speech | _lower(data.attribution_verbs)
        self.verb_forms = {k.lower(): v.lower() for k, v in data.verb_forms.items()}
        self.phrases = _seqs(data.phrases)
        self.not_speech = _seqs(data.not_speech)
        self.aux_singular = _lower(data.auxiliaries.singular)
        self.aux_plural = _lower(data.auxiliaries.plural)
        self.auxiliaries = self.aux_singular | self.aux_plural | _lower(data.auxiliaries.other)
        self.negations = _lower(data.negations)
        self.unreal = _lower(data.unreal_auxiliaries)
        self.future = re.compile(data.future) if data.future else None
        self.connectives = _seqs(data.connectives)
        self.passive = _lower(data.passive)
        self.plural_verb = re.compile(data.plural_verb) if data.plural_verb else None
        self.gerund = re.compile(data.gerund) if data.gerund else None
        self.participle = re.compile(data.participle) if data.participle else None
        self.clitics = _lower(data.clitics)
        self.adverbs = _seqs(data.adverbs)
        self.adverb_words = frozenset(a[0] for a in self.adverbs if len(a) == 1)
        self.complementizers = _lower(data.complementizers)
        self.zero_complementizer = _lower(data.zero_complementizer)
        self.addressee_verbs = _lower(data.addressee_verbs)
        self.infinitive_markers = _lower(data.infinitive_markers)
        self.infinitive = re.compile(data.infinitive) if data.infinitive else None
        self.infinitive_words = _lower(data.infinitive_words)
        self.det_singular = _lower(data.determiners.singular)
        self.det_plural = _lower(data.determiners.plural)
        self.determiners = self.det_singular | self.det_plural
        self.articles = _lower(data.articles)
        self.genitives = _lower(data.genitives)
        self.prepositions = _lower(data.prepositions)
        self.agents = _lower(data.agents)
        self.conjunctions = _lower(data.conjunctions)
        self.relatives = _seqs(data.relatives)
        self.relative_words = frozenset(r[0] for r in self.relatives)
        self.pron_singular = _lower(data.pronouns.singular)
        self.pron_plural = _lower(data.pronouns.plural)
        self.pronouns = self.pron_singular | self.pron_plural
        self.clause_openers = _lower(data.clause_openers)
        self.as_words = _lower(data.as_words)
        self.markers = sorted(data.markers, key=lambda m: -len(m.words))
        self.marker_starts = frozenset(m.words[0].lower() for m in data.markers) | frozenset(
            seq[0] for seq in _seqs(data.relative_markers)
        )
        self.marker_fillers = _lower(data.marker_fillers)
        self.relative_markers = _seqs(data.relative_markers)
        self.not_sources = _lower(data.not_sources)
        self.anaphoric_openers = _seqs(data.anaphoric_openers)
        self.anonymous = _lower(data.anonymous_nouns)
        self.indefinites = _lower(data.indefinites)
        self.title_nouns = _seqs(data.title_nouns)

    def plural_noun(self, form: str, lemma: str) -> bool:
        for ending in self.data.plural_endings:
            if form.endswith(ending) and form != lemma and not lemma.endswith(ending):
                return True
        return False

    def speech_lemma(self, form: str, lemma: str) -> str:
        """The lemma of a word for the cue look-ups, with the file's fixes applied."""
        return self.verb_forms.get(form.lower(), lemma.lower())

    def is_plural_pronoun(self, word: str) -> bool:
        return word.lower() in self.pron_plural
