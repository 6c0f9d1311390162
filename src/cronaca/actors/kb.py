"""The actors knowledge base: states, organisations and sector words, in Italian and English.

Three validated data files ship in ``actors/data/`` (``states.yaml``, ``organisations.yaml``,
``sectors.yaml``; see ``docs/actors-kb.md``). A user file with the same sections adds entries or
replaces shipped ones with the same id; every entry is validated on load and an error names the
file and the entry.

Lookups normalise apostrophes, dashes and whitespace, let text without accents match names with
them ("Peru": "Perù", but "papà" is not "papa"), and retry without a leading article ("l'Onu",
"the United Nations"). Case: a name written all in capitals in the data
(``NATO``, ``ONU``) matches only text in capitals ("Nato" and "Onu" match because the data list
them too); a name with a capital initial ("Lega", "Hamas") needs a capital initial; a lower-case
name ("alleanza atlantica", "iraniano") matches in any case.

A name may belong to two entries of one kind and language only where at most one of them claims
it plainly and the others mark it ``ambiguous`` ("Congo", "RSF"); a lookup then says it is
ambiguous and lists the candidates, the plain claimant (if any) first.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Generic, Literal, TypeVar

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from cronaca.errors import ConfigError

Lang = Literal["it", "en"]
LANGS: tuple[Lang, ...] = ("it", "en")

#: PLOVER/CAMEO sector codes, as used in the PLOVER agents dictionary (``PLOVER_agents.txt``).
#: A sector is one code or several run together, the first being the main one ("CVLOPP": civilians
#: in opposition; "GOVMIL": a government body with a military remit).
SECTORS: dict[str, str] = {
    "AGR": "agriculture: farmers, herders, fishers",
    "BUS": "business: companies, executives, traders",
    "COP": "police and law enforcement",
    "CRM": "criminals, organised crime",
    "CVL": "civilians: residents, citizens, crowds",
    "EDU": "education and research: students, teachers, universities",
    "ELI": "elites: former officials, ruling families",
    "GOV": "government: executive, ministers, diplomats, officials",
    "IGO": "intergovernmental organisations",
    "IMG": "international militarised groups",
    "JRN": "journalists and the media",
    "JUD": "judiciary: courts, judges, prosecutors",
    "LAB": "labour: workers, trade unions",
    "LEG": "legislature: parliaments, lawmakers",
    "MED": "medical and health: doctors, hospitals",
    "MIL": "military: armed forces, soldiers, officers",
    "NGO": "non-governmental organisations",
    "OPP": "opposition (as a modifier: CVLOPP, PTYOPP)",
    "PRE": "partially recognised or self-proclaimed states",
    "PRM": "paramilitaries and private armies",
    "PTY": "political parties and politicians",
    "REB": "rebels, insurgents, terrorists, separatists",
    "REF": "refugees and displaced people",
    "REL": "religion: clergy, believers, religious bodies",
    "SOC": "civil-society movements and activists",
    "SPY": "intelligence services",
    "UAF": "unidentified armed forces: militias, gunmen, militants",
    "UNK": "unknown",
}

OrgType = Literal["igo", "ngo", "armed_group", "party", "company", "group", "other"]

_SECTOR_RE = re.compile(r"^(?:[A-Z]{3})+$")


def _check_sector(code: str) -> str:
    if not _SECTOR_RE.match(code):
        raise ValueError(f"sector {code!r} is not one or more three-letter codes")
    unknown = [code[i : i + 3] for i in range(0, len(code), 3) if code[i : i + 3] not in SECTORS]
    if unknown:
        raise ValueError(f"unknown sector code(s) {', '.join(unknown)} in {code!r}")
    return code


SectorCode = Annotated[str, AfterValidator(_check_sector)]
Alpha3 = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]


def sector_codes(sector: str) -> tuple[str, ...]:
    """The codes a sector is made of: ``"CVLOPP"`` -> ``("CVL", "OPP")``."""
    return tuple(sector[i : i + 3] for i in range(0, len(sector), 3))


class Alias(BaseModel):
    """One name. ``ambiguous``: the name alone may well mean something else (another entry, a
    region, a common word): "America", "Congo", "Inghilterra"."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    ambiguous: bool = False


def _alias(value: Any) -> Any:
    return {"name": value} if isinstance(value, str) else value


AliasItem = Annotated[Alias, BeforeValidator(_alias)]


class Names(BaseModel):
    """Names per language; in the data a plain string, or ``{name: ..., ambiguous: true}``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    it: list[AliasItem] = Field(default_factory=list)
    en: list[AliasItem] = Field(default_factory=list)

    def get(self, lang: Lang) -> list[Alias]:
        return self.it if lang == "it" else self.en

    def required(self) -> Names:
        if not (self.it or self.en):
            raise ValueError("at least one name is needed (it or en)")
        return self


class ItalianDemonym(BaseModel):
    """An Italian demonym in its four forms (masculine/feminine, singular/plural)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    ms: str = Field(min_length=1)
    fs: str = Field(min_length=1)
    mp: str = Field(min_length=1)
    fp: str = Field(min_length=1)
    ambiguous: bool = False

    def forms(self) -> list[tuple[str, str]]:
        return [("ms", self.ms), ("fs", self.fs), ("mp", self.mp), ("fp", self.fp)]


class EnglishDemonym(BaseModel):
    """An English demonym: the adjective (also the singular noun) and the plural noun."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    adj: str = Field(min_length=1)
    plural: str = Field(min_length=1)
    ambiguous: bool = False

    def forms(self) -> list[tuple[str, str]]:
        return [("adj", self.adj), ("pl", self.plural)]


class Demonyms(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    it: list[ItalianDemonym] = Field(default_factory=list)
    en: list[EnglishDemonym] = Field(default_factory=list)

    def forms(self, lang: Lang) -> Iterator[tuple[str, str, bool]]:
        """(slot, form, ambiguous) for every form in ``lang``."""
        sets: Sequence[ItalianDemonym | EnglishDemonym] = self.it if lang == "it" else self.en
        for demonym in sets:
            for slot, form in demonym.forms():
                yield slot, form, demonym.ambiguous


class State(BaseModel):
    """A state or territory of ISO 3166-1 (or one in common use, such as Kosovo, XKX)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    alpha3: Alpha3
    alpha2: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    iso: bool = Field(default=True, description="False for codes outside ISO 3166-1 (XKX).")
    names: Names
    capital: Names | None = Field(default=None, description="Capital names, usable as metonyms.")
    demonyms: Demonyms | None = None

    @model_validator(mode="after")
    def _has_names(self) -> State:
        self.names.required()
        return self

    @property
    def id(self) -> str:
        return self.alpha3

    def name(self, lang: Lang) -> str:
        """The display name in ``lang`` (the first listed), else in the other language."""
        names = self.names.get(lang) or self.names.it or self.names.en
        return names[0].name if names else self.alpha3


class Organisation(BaseModel):
    """An international organisation, non-state group, party, company, medium or government body."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[A-Z][A-Z0-9_]*$", description="Canonical short name: NATO, UN, ISIS.")
    type: OrgType
    country: Alpha3 | None = Field(default=None, description="Home country, where one applies.")
    sector: SectorCode
    names: Names
    parent: str | None = Field(default=None, description="Id of the organisation this one is part of.")
    note: str | None = None

    @model_validator(mode="after")
    def _has_names(self) -> Organisation:
        self.names.required()
        return self

    def name(self, lang: Lang) -> str:
        names = self.names.get(lang) or self.names.it or self.names.en
        return names[0].name if names else self.id


class SectorWord(BaseModel):
    """A role or sector word ("ministro", "esercito", "manifestanti") and the sector it expresses."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    sector: SectorCode
    role: str = Field(min_length=1, description="The role in English: president, minister, army.")
    forms: Names = Field(description="All forms per language: gender and number variants.")
    country: Alpha3 | None = Field(
        default=None,
        description="The one state that has this role ('carabiniere': ITA, 'pontefice': VAT).",
    )
    of_org: bool = Field(
        default=False,
        description="A role any body has ('leader', 'segretario', 'portavoce'): with the body "
        "named ('il leader della Lega') it takes the body's sector; sector is the default.",
    )

    @model_validator(mode="after")
    def _has_forms(self) -> SectorWord:
        self.forms.required()
        return self


class Office(BaseModel):
    """One role a person held, with the dates it held (either end open)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    role: str = Field(min_length=1, description="In English: president, prime minister, party leader.")
    sector: SectorCode | None = None
    country: Alpha3 | None = Field(
        default=None, description="The state the role is for (none for IGO posts)."
    )
    org: str | None = Field(default=None, description="Id of the organisation the role is in.")
    start: dt.date | None = None
    end: dt.date | None = None

    @model_validator(mode="after")
    def _dates(self) -> Office:
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"role {self.role!r} ends ({self.end}) before it starts ({self.start})")
        return self

    def active(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


class Person(BaseModel):
    """A public figure: names, and roles over time ("Giorgia Meloni": FdI leader from 2014,
    prime minister from 22 October 2022)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="Slug of the usual name: giorgia-meloni.")
    names: list[AliasItem] = Field(min_length=1, description="Full names and spelling variants.")
    short: list[AliasItem] = Field(
        default_factory=list,
        description="Short forms the press uses alone for this person (surnames: 'Meloni', "
        "'al-Assad'); looked up only for a mention with no longer name in the article.",
    )
    offices: list[Office] = Field(min_length=1)
    note: str | None = None

    def office_at(self, day: dt.date | None) -> tuple[Office, bool]:
        """The role on ``day`` (the one that started last among those held then) and True; if
        none was held then, the nearest one before (else after) it and False. ``day`` None:
        the latest role."""

        def start(o: Office) -> dt.date:
            return o.start or dt.date.min

        if day is None:
            return max(self.offices, key=lambda o: (o.end is None, start(o))), True
        held = [o for o in self.offices if o.active(day)]
        if held:
            return max(held, key=start), True
        before = [o for o in self.offices if o.end is not None and o.end < day]
        if before:
            return max(before, key=lambda o: o.end or dt.date.min), False
        return min(self.offices, key=start), False


class _DataFile(BaseModel):
    """The shape of a data file: any of the four sections, each a list of entries."""

    model_config = ConfigDict(extra="forbid")

    states: list[Any] = Field(default_factory=list)
    organisations: list[Any] = Field(default_factory=list)
    sectors: list[Any] = Field(default_factory=list)
    people: list[Any] = Field(default_factory=list)


E = TypeVar("E", State, Organisation, SectorWord, Person)


@dataclass(frozen=True, slots=True, repr=False)
class Hit(Generic[E]):
    """A lookup result: the preferred entry, whether the name is ambiguous, and all candidates."""

    entry: E
    ambiguous: bool
    candidates: tuple[E, ...]

    def __repr__(self) -> str:
        ids = ", ".join(c.id for c in self.candidates)
        return f"Hit({self.entry.id}, ambiguous={self.ambiguous}, candidates=[{ids}])"


@dataclass(frozen=True, slots=True, repr=False)
class DemonymHit:
    """A demonym lookup result; ``gender``/``number`` are None where the form does not tell
    ("statunitense": either gender; "Chinese": either number)."""

    state: State
    gender: Literal["m", "f"] | None
    number: Literal["sg", "pl"] | None
    ambiguous: bool
    candidates: tuple[State, ...]

    def __repr__(self) -> str:
        ids = ", ".join(c.id for c in self.candidates)
        return (
            f"DemonymHit({self.state.id}, gender={self.gender}, number={self.number}, "
            f"ambiguous={self.ambiguous}, candidates=[{ids}])"
        )


# --- normalisation and the name index -----------------------------------------------------------

_APOSTROPHES = str.maketrans({c: "'" for c in "’‘`´ʼ′ʹ"})
_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—−"})
_ARTICLES: dict[Lang, re.Pattern[str]] = {
    "it": re.compile(r"^(?:(?:il|lo|la|i|gli|le)\s+|l'\s*)", re.IGNORECASE),
    "en": re.compile(r"^the\s+", re.IGNORECASE),
}

Case = Literal["upper", "initial", "any"]


@lru_cache(maxsize=1 << 16)  # the same words are looked up again and again
def normalise(text: str) -> str:
    """Unicode NFC, one apostrophe (') and one dash (-), single spaces, no spaces at the ends."""
    text = unicodedata.normalize("NFC", text).translate(_APOSTROPHES).translate(_DASHES)
    return " ".join(text.split())


def name_key(text: str) -> str:
    """The key names are compared by: normalised, case-folded, without accents."""
    return _fold(normalise(text).casefold())


def head_word(text: str) -> str:
    """The first run of word characters of a name's key ("fiom" of "fiom-cgil"), or ""."""
    found = _HEAD.match(_fold(normalise(text).casefold()))
    return found.group(0) if found else ""


_HEAD = re.compile(r"\w+")


@lru_cache(maxsize=1 << 16)
def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def case_of(form: str) -> Case:
    """How a name in the data must be written in text to match: ``upper`` (all capitals:
    "NATO"), ``initial`` (capital initial: "Lega"), ``any`` ("alleanza atlantica")."""
    letters = [c for c in form if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return "upper"
    if letters and letters[0].isupper():
        return "initial"
    return "any"


def _case_ok(case: Case, text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if case == "upper":
        return all(c.isupper() for c in letters)
    if case == "initial":
        return bool(letters) and letters[0].isupper()
    return True


@dataclass(frozen=True, slots=True)
class _Ref:
    id: str
    ambiguous: bool
    case: Case
    exact: str  # case-folded with its accents
    slot: str = ""


class _Index:
    """Names of one kind in one language -> the entries they name."""

    def __init__(self) -> None:
        self.refs: dict[str, list[_Ref]] = {}
        self.heads: set[str] = set()  # the first run of word characters of every key

    def add(self, form: str, entry_id: str, ambiguous: bool, slot: str = "") -> None:
        form = normalise(form)
        exact = form.casefold()
        key = _fold(exact)
        if key:
            self.refs.setdefault(key, []).append(_Ref(entry_id, ambiguous, case_of(form), exact, slot))
            self.heads.add(head_word(key))

    def find(self, text: str, lang: Lang) -> list[_Ref]:
        """The refs for ``text`` (case rules applied), retried without a leading article."""
        text = normalise(text)
        refs = self._find(text)
        if not refs:
            stripped = _ARTICLES[lang].sub("", text, count=1)
            if stripped != text and stripped:
                refs = self._find(stripped)
        return refs

    def _find(self, text: str) -> list[_Ref]:
        """Text without accents matches names with them ("Peru": "Perù"); text with accents must
        match them exactly ("papà" is not "papa")."""
        exact = text.casefold()
        key = _fold(exact)
        return [
            ref
            for ref in self.refs.get(key, [])
            if _case_ok(ref.case, text) and (exact == key or ref.exact == exact)
        ]

    def clashes(self) -> Iterator[tuple[str, list[str]]]:
        """Names claimed plainly (not ``ambiguous``) by more than one entry."""
        for key, refs in self.refs.items():
            plain = list(dict.fromkeys(ref.id for ref in refs if not ref.ambiguous))
            if len(plain) > 1:
                yield key, plain


def _ranked(refs: list[_Ref]) -> tuple[list[str], bool]:
    """Entry ids, plain claimants first, and whether the name is ambiguous."""
    ids = list(dict.fromkeys(ref.id for ref in sorted(refs, key=lambda r: r.ambiguous)))
    return ids, len(ids) > 1 or any(ref.ambiguous for ref in refs)


# --- loading ------------------------------------------------------------------------------------

SHIPPED_FILES = ("states.yaml", "organisations.yaml", "sectors.yaml", "people.yaml")
_YAML_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class ActorsData:
    """The validated entries of one data file."""

    states: list[State]
    organisations: list[Organisation]
    sectors: list[SectorWord]
    people: list[Person]


def _entries(items: list[Any], model: type[E], section: str, label: str) -> list[E]:
    entries: list[E] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        key = "alpha3" if section == "states" else "id"
        ident = item.get(key) if isinstance(item, dict) else None
        where = f"{section}[{i}]" + (f" ({ident})" if ident is not None else "")
        try:
            entry = model.model_validate(item)
        except ValidationError as exc:
            raise ConfigError(f"actors data {label}: invalid entry {where}:\n{exc}") from exc
        if entry.id in seen:
            raise ConfigError(
                f"actors data {label}: {where} repeats the id {entry.id!r} of {section}[{seen[entry.id]}]"
            )
        seen[entry.id] = i
        entries.append(entry)
    return entries


def parse_data(text: str, label: str) -> ActorsData:
    """Parse and validate one data file's text. Errors (ConfigError) name ``label`` (the file)
    and the entry at fault."""
    try:
        raw = yaml.load(text, Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        raise ConfigError(f"actors data {label}: not valid YAML:\n{exc}") from exc
    try:
        shape = _DataFile.model_validate(raw if raw is not None else {})
    except ValidationError as exc:
        raise ConfigError(
            f"actors data {label}: expected a mapping with the sections states, organisations, "
            f"sectors (each a list of entries):\n{exc}"
        ) from exc
    return ActorsData(
        states=_entries(shape.states, State, "states", label),
        organisations=_entries(shape.organisations, Organisation, "organisations", label),
        sectors=_entries(shape.sectors, SectorWord, "sectors", label),
        people=_entries(shape.people, Person, "people", label),
    )


@cache
def _shipped(name: str) -> ActorsData:
    """A shipped data file, parsed and validated once per process (entries are not mutated)."""
    text = resources.files("cronaca.actors").joinpath("data", name).read_text(encoding="utf-8")
    return parse_data(text, f"actors/data/{name}")


class KnowledgeBase:
    """States, organisations and sector words with lookups by name, demonym, capital and word."""

    def __init__(self, user_files: Iterable[str | os.PathLike[str]] = ()) -> None:
        """Load the shipped data, then each user file in turn (its entries add to or replace
        entries with the same id). Raises ConfigError naming the file and entry at fault."""
        self.states: dict[str, State] = {}
        self.organisations: dict[str, Organisation] = {}
        self.sectors: dict[str, SectorWord] = {}
        self.people: dict[str, Person] = {}
        self._origin: dict[tuple[str, str], str] = {}
        for name in SHIPPED_FILES:
            self._merge(_shipped(name), f"actors/data/{name}")
        for user_file in user_files:
            path = Path(user_file)
            try:
                text = path.read_text(encoding="utf-8")
            except OSError as exc:
                raise ConfigError(f"cannot read actors data file {path}: {exc}") from exc
            self._merge(parse_data(text, str(path)), str(path))
        self._check_references()
        self._build_indexes()

    def _merge(self, data: ActorsData, label: str) -> None:
        for state in data.states:
            self.states[state.id] = state
            self._origin[("states", state.id)] = label
        for org in data.organisations:
            self.organisations[org.id] = org
            self._origin[("organisations", org.id)] = label
        for word in data.sectors:
            self.sectors[word.id] = word
            self._origin[("sectors", word.id)] = label
        for person in data.people:
            self.people[person.id] = person
            self._origin[("people", person.id)] = label

    def _where(self, section: str, entry_id: str) -> str:
        return f"{self._origin.get((section, entry_id), '?')}: {section} entry {entry_id}"

    def _check_references(self) -> None:
        for org in self.organisations.values():
            if org.country is not None and org.country not in self.states:
                raise ConfigError(f"{self._where('organisations', org.id)}: unknown country {org.country!r}")
            if org.parent is not None and org.parent not in self.organisations:
                raise ConfigError(f"{self._where('organisations', org.id)}: unknown parent {org.parent!r}")
            if org.parent == org.id:
                raise ConfigError(f"{self._where('organisations', org.id)}: is its own parent")
        for person in self.people.values():
            where = self._where("people", person.id)
            for office in person.offices:
                if office.country is not None and office.country not in self.states:
                    raise ConfigError(f"{where}: unknown country {office.country!r}")
                if office.org is not None and office.org not in self.organisations:
                    raise ConfigError(f"{where}: unknown organisation {office.org!r}")

    def _build_indexes(self) -> None:
        self._indexes: dict[tuple[str, Lang], _Index] = {}
        for lang in LANGS:
            names, capitals, demonyms, orgs, sectors, people, short = (_Index() for _ in range(7))
            for state in self.states.values():
                for alias in state.names.get(lang):
                    names.add(alias.name, state.id, alias.ambiguous)
                for alias in state.capital.get(lang) if state.capital else []:
                    capitals.add(alias.name, state.id, alias.ambiguous)
                for slot, form, ambiguous in state.demonyms.forms(lang) if state.demonyms else []:
                    demonyms.add(form, state.id, ambiguous, slot)
            for org in self.organisations.values():
                for alias in org.names.get(lang):
                    orgs.add(alias.name, org.id, alias.ambiguous)
            for word in self.sectors.values():
                for alias in word.forms.get(lang):
                    sectors.add(alias.name, word.id, alias.ambiguous)
            for person in self.people.values():  # names of people are the same in both languages
                for alias in person.names:
                    people.add(alias.name, person.id, alias.ambiguous)
                for alias in person.short:
                    short.add(alias.name, person.id, alias.ambiguous)
            for kind, index in (
                ("state name", names),
                ("capital", capitals),
                ("demonym", demonyms),
                ("organisation name", orgs),
                ("sector word", sectors),
                ("person name", people),
                ("person short name", short),
            ):
                self._indexes[(kind, lang)] = index
        sections = {
            "organisation name": "organisations",
            "sector word": "sectors",
            "person name": "people",
            "person short name": "people",
        }
        problems = [
            f"{kind} {key!r} ({lang}) is claimed by "
            + ", ".join(f"{i} ({self._origin[(sections.get(kind, 'states'), i)]})" for i in ids)
            for (kind, lang), index in self._indexes.items()
            for key, ids in index.clashes()
        ]
        if problems:
            raise ConfigError(
                "actors data: names claimed by more than one entry (mark all but one "
                "`ambiguous: true`):\n  " + "\n  ".join(problems)
            )

    def clashes(self) -> list[tuple[str, Lang, str, list[str]]]:
        """(kind, lang, name key, entry ids) for every name shared by several entries, flagged or not."""
        out: list[tuple[str, Lang, str, list[str]]] = []
        for (kind, lang), index in self._indexes.items():
            for key, refs in index.refs.items():
                ids = list(dict.fromkeys(ref.id for ref in refs))
                if len(ids) > 1:
                    out.append((kind, lang, key, ids))
        return out

    # --- lookups --------------------------------------------------------------------------------

    def _lookup(self, kind: str, text: str, lang: Lang, table: dict[str, E]) -> Hit[E] | None:
        refs = self._index(kind, lang).find(text, lang)
        if not refs:
            return None
        ids, ambiguous = _ranked(refs)
        candidates = tuple(table[i] for i in ids)
        return Hit(entry=candidates[0], ambiguous=ambiguous, candidates=candidates)

    def _index(self, kind: str, lang: str) -> _Index:
        if lang not in LANGS:
            raise ConfigError(f"the actors knowledge base has no data for language {lang!r}")
        return self._indexes[(kind, lang)]

    def state(self, alpha3: str) -> State | None:
        return self.states.get(alpha3)

    def organisation(self, org_id: str) -> Organisation | None:
        return self.organisations.get(org_id)

    def state_by_name(self, text: str, lang: Lang) -> Hit[State] | None:
        """ "Stati Uniti", "USA", "gli Usa", "the United States" -> USA."""
        return self._lookup("state name", text, lang, self.states)

    def state_by_capital(self, text: str, lang: Lang) -> Hit[State] | None:
        """ "Mosca", "Washington", "Pechino" -> the state whose capital it is."""
        return self._lookup("capital", text, lang, self.states)

    def may_open_org_name(self, word: str, lang: Lang) -> bool:
        """Whether some organisation name of ``lang`` begins with this word: a cheap test before
        looking up every run of words that starts with it."""
        return head_word(word) in self._index("organisation name", lang).heads

    def may_open_sector_word(self, word: str, lang: Lang) -> bool:
        """Whether some role or sector phrase of ``lang`` begins with this word."""
        return head_word(word) in self._index("sector word", lang).heads

    def org_by_name(self, text: str, lang: Lang) -> Hit[Organisation] | None:
        """ "Onu", "Nazioni Unite", "l'Alleanza atlantica", "Daesh" -> UN, NATO, ISIS."""
        return self._lookup("organisation name", text, lang, self.organisations)

    def sector_of(self, word: str, lang: Lang) -> Hit[SectorWord] | None:
        """ "ministra", "forze armate", "manifestanti" -> the sector word (its sector and role)."""
        return self._lookup("sector word", word, lang, self.sectors)

    def person_by_name(self, text: str, lang: Lang) -> Hit[Person] | None:
        """ "Giorgia Meloni", "Volodymyr Zelensky" / "Zelenskyy" -> the person."""
        return self._lookup("person name", text, lang, self.people)

    def person_by_short_name(self, text: str, lang: Lang) -> Hit[Person] | None:
        """ "Meloni", "Erdogan" -> the person the press means by it alone."""
        return self._lookup("person short name", text, lang, self.people)

    def state_by_demonym(self, word: str, lang: Lang) -> DemonymHit | None:
        """ "iraniane" -> IRN, feminine plural; "statunitensi" -> USA, plural, either gender."""
        refs = self._index("demonym", lang).find(word, lang)
        if not refs:
            return None
        ids, ambiguous = _ranked(refs)
        slots = {ref.slot for ref in refs if ref.id == ids[0]}
        genders = {slot[0] for slot in slots if slot in {"ms", "fs", "mp", "fp"}}
        numbers: set[str] = set()
        for slot in slots:  # an English adjective is also the singular noun: number unknown
            numbers |= {"sg", "pl"} if slot == "adj" else {"sg"} if slot in {"ms", "fs"} else {"pl"}
        gender: Literal["m", "f"] | None = "m" if genders == {"m"} else "f" if genders == {"f"} else None
        number: Literal["sg", "pl"] | None = (
            "sg" if numbers == {"sg"} else "pl" if numbers == {"pl"} else None
        )
        candidates = tuple(self.states[i] for i in ids)
        return DemonymHit(candidates[0], gender, number, ambiguous, candidates)


@cache
def default_kb() -> KnowledgeBase:
    """The shipped knowledge base, loaded once."""
    return KnowledgeBase()


def load_kb(user_files: Sequence[str | os.PathLike[str]] = ()) -> KnowledgeBase:
    """The shipped knowledge base with ``user_files`` merged in (the shipped one, cached, if none)."""
    return KnowledgeBase(user_files) if user_files else default_kb()


__all__ = [
    "LANGS",
    "SECTORS",
    "ActorsData",
    "Alias",
    "DemonymHit",
    "Demonyms",
    "EnglishDemonym",
    "Hit",
    "ItalianDemonym",
    "KnowledgeBase",
    "Lang",
    "Names",
    "Office",
    "Organisation",
    "Person",
    "SectorWord",
    "State",
    "case_of",
    "default_kb",
    "load_kb",
    "name_key",
    "normalise",
    "parse_data",
    "sector_codes",
]
