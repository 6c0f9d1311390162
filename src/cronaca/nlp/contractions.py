"""Expansion of contracted surface tokens into Universal Dependencies syntactic words.

Italian fuses prepositions with articles ("della" = "di" + "la") and attaches clitic pronouns
to verbs ("darglielo" = "dar" + "glie" + "lo"). The UD treebanks that the syntax model is trained
on annotate the syntactic words, and the model never saw "della" as one word, so the syntax
stage expands Cronaca's surface tokens with this table and rule before the model runs, then maps
the analyses back onto the surface tokens (see ``cronaca.nlp.syntax``).

This module depends only on the standard library, pydantic and the verb table of
``spacy-lookups-data``, so that the training script (``training/joint_e5``) expands its NER
training text with exactly the same code the stage runs.
"""

from __future__ import annotations

import gzip
import json
from importlib import resources
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from collections.abc import Callable

    from cronaca.lang import Language

APOSTROPHES = ("'", "’")


class Clitics(BaseModel):
    model_config = ConfigDict(extra="forbid")

    single: list[str] = Field(description="Clitics that may follow a verb host alone.")
    first: list[str] = Field(description="First clitics of a pair (me, glie, ...).")
    second: list[str] = Field(description="Second clitics of a pair (lo, ne, ...).")


class Hosts(BaseModel):
    model_config = ConfigDict(extra="forbid")

    infinitive_endings: list[str] = Field(description="Endings of a truncated infinitive host.")
    gerund_endings: list[str] = Field(description="Endings of a gerund host.")
    min_length: int = Field(default=3, description="Shortest host, in characters.")


class ContractionsData(BaseModel):
    """``lang/<code>/contractions.yaml``."""

    model_config = ConfigDict(extra="forbid")

    articulated: dict[str, list[str]] = Field(
        default_factory=dict, description="Fused preposition + article forms and their words."
    )
    clitics: Clitics | None = None
    hosts: Hosts | None = None
    keep: list[str] = Field(default_factory=list, description="Forms never split (lower case).")


class VerbLexicon:
    """What the clitic rule asks of a language's lexicon (the lemma tables of spacy-lookups-data):
    the verb lemmas, the gerunds, and the noun and adjective forms (never split)."""

    def __init__(self, lemmas: set[str], gerunds: set[str], nominal: set[str]) -> None:
        self.lemmas = lemmas
        self.gerunds = gerunds
        self.nominal = nominal

    @classmethod
    def load(cls, code: str, gerund_endings: tuple[str, ...] = ("ando", "endo")) -> VerbLexicon:
        verbs = _table(code, "verb")
        # A gerund is longer than its infinitive ("parlando", "facendo"), unlike the present
        # forms that also end in -ando/-endo ("mando", "prendo").
        gerunds = {f for f, lemma in verbs.items() if f.endswith(gerund_endings) and len(f) > len(lemma)}
        # Only noun and adjective forms that could be mistaken for host + clitic are kept
        # ("porti", "porci", "trasporti"): a small set.
        endings = ("i", "e", "a", "o")
        nominal = {f for kind in ("noun", "adj") for f in _table(code, kind) if f.endswith(endings)}
        return cls(set(verbs.values()), gerunds, nominal)


def _table(code: str, kind: str) -> dict[str, str]:
    path = resources.files("spacy_lookups_data").joinpath("data", f"{code}_lemma_lookup_{kind}.json.gz")
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as handle:
        table: dict[str, str] = json.load(handle)
    return table


class Contractions:
    """Splits a surface token into its syntactic words (one word when it is not contracted)."""

    def __init__(self, data: ContractionsData, verbs: VerbLexicon | None = None) -> None:
        self.articulated: dict[str, list[str]] = {}
        for form, words in data.articulated.items():
            self.articulated[form] = words
            if form.endswith("'"):  # the same form with a typographic apostrophe
                self.articulated[form[:-1] + "’"] = [w[:-1] + "’" if w.endswith("'") else w for w in words]
        self.keep = set(data.keep)
        self.verbs = verbs if data.clitics and data.hosts else None
        self.pairs: list[tuple[str, ...]] = []
        if data.clitics and data.hosts:
            pairs: list[tuple[str, ...]] = [(a, b) for a in data.clitics.first for b in data.clitics.second]
            singles: list[tuple[str, ...]] = [(c,) for c in data.clitics.single]
            # longest first: "glielo" before "lo"
            self.pairs = sorted(pairs + singles, key=lambda p: -len("".join(p)))
            self.infinitive_endings = tuple(data.hosts.infinitive_endings)
            self.gerund_endings = tuple(data.hosts.gerund_endings)
            self.min_length = data.hosts.min_length
        self._memo: dict[str, list[str]] = {}

    def expand(self, token: str) -> list[str]:
        found = self._memo.get(token)
        if found is None:
            found = self._expand(token)
            if len(self._memo) < 100_000:
                self._memo[token] = found
        return found

    def _expand(self, token: str) -> list[str]:
        lower = token.lower()
        if len(token) < 2 or lower in self.keep:
            return [token]
        words = self.articulated.get(lower)
        if words is not None:
            return _case_like(token, words)
        if self.verbs is not None and token.isalpha() and (token.islower() or token.istitle()):
            return self._clitics(token, lower)
        return [token]

    def _clitics(self, token: str, lower: str) -> list[str]:
        assert self.verbs is not None
        if lower in self.verbs.nominal:
            return [token]
        for pair in self.pairs:
            suffix = "".join(pair)
            if not lower.endswith(suffix):
                continue
            host = lower[: len(lower) - len(suffix)]
            if len(host) < self.min_length or not self._is_host(host):
                continue
            words = [token[: len(host)]]
            pos = len(host)
            for clitic in pair:
                words.append(token[pos : pos + len(clitic)])
                pos += len(clitic)
            return words
        return [token]

    def _is_host(self, host: str) -> bool:
        assert self.verbs is not None
        if host.endswith(self.infinitive_endings):
            return host + "e" in self.verbs.lemmas or host + "re" in self.verbs.lemmas
        if host.endswith(self.gerund_endings):
            return host in self.verbs.gerunds
        return False


def _case_like(token: str, words: list[str]) -> list[str]:
    if token.isupper() and len(token) > 1:
        return [w.upper() for w in words]
    if token[:1].isupper():
        return [words[0][:1].upper() + words[0][1:], *words[1:]]
    return list(words)


def for_language(language: Language) -> Callable[[str], list[str]] | None:
    """The expansion of ``language`` (its ``contractions.yaml``), or None when it has none.
    The data file is read through the language (validated, cached there); the expander, whose
    verb lexicon takes a fraction of a second to load, is built once per language."""
    if not resources.files("cronaca.lang").joinpath(language.code, "contractions.yaml").is_file():
        return None
    data = language.data("contractions", ContractionsData)
    if language.code not in _EXPANDERS:
        verbs = VerbLexicon.load(language.config.spacy) if data.clitics and data.hosts else None
        _EXPANDERS[language.code] = Contractions(data, verbs).expand
    return _EXPANDERS[language.code]


_EXPANDERS: dict[str, Callable[[str], list[str]]] = {}
