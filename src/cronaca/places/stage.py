"""The ``places`` stage: LOC entities that are not actors, and the dateline's place, resolved to
a country (ISO alpha-3) and, for cities, coordinates.

A country or region name resolves through the knowledge base; a city through GeoNames, choosing
among homonyms by the countries the article names (Alessandria in an article about Egypt is
Alexandria), then by main name over alternate names, then by population.
"""

from __future__ import annotations

import math
from collections import Counter
from functools import cache
from importlib import resources

from cronaca.actors.kb import Hit, KnowledgeBase, State
from cronaca.actors.resolve import sentence_at
from cronaca.actors.stage import knowledge_base
from cronaca.errors import ConfigError
from cronaca.lang import Language
from cronaca.model import Document, Place
from cronaca.pipeline.stage import Stage, register_stage
from cronaca.places.gazetteer import City, city_index, key


@register_stage("places")
class PlacesStage(Stage):
    name = "places"
    requires = frozenset({"entities", "actors", "dateline"})
    assigns = frozenset({"places"})

    def __init__(self, language: Language) -> None:
        from cronaca.actors.stage import resolver_for

        self.lang = language.code
        self.kb: KnowledgeBase = knowledge_base()
        self.cities = city_index()
        self.regions = regions()
        self.areas = areas()
        self.alpha3 = {s.alpha2: s.alpha3 for s in self.kb.states.values() if s.alpha2}
        # the press's own country is a weak prior among homonyms ("Santa Maria" in Italian news)
        self.resolver = resolver_for(language)
        rules = self.resolver.rules
        self.home = rules.home_country
        # "provincia di Idlib", "regione dell'Oromia": the name after the genitive is the place
        self.genitive = sorted({g.lower() for g in rules.genitive}, key=len, reverse=True)
        self.kinds = {w.lower() for w in rules.place_nouns}

    def __call__(self, doc: Document) -> Document:
        actor_spans = {tuple(m) for a in doc.actors for m in a.mentions}
        # LOC entities, states the model labelled ORG (KIND labels a country by its role) that
        # the actors stage did not take for an actor ("arrivati da Belgio, Francia, Italia"), and
        # cities it took for people; not a common noun the model tagged ("nella colonia penale",
        # which the gazetteer would read as Cologne)
        candidates = [
            (e.start, e.end, e.text)
            for e in doc.entities
            if (e.label == "LOC" and not self._demonym(e.text) and not e.text.islower())
            or (e.label == "ORG" and self._state(e.text) is not None)
            or self.resolver.place_taken_for_person(doc, e)  # "partito da Smirne"
        ]
        dateline = doc.dateline.place if doc.dateline is not None else None
        if dateline is not None and all(not (s <= dateline.start < e) for s, e, _ in candidates):
            candidates.append((dateline.start, dateline.end, dateline.text))
        countries = self._countries_named(doc)
        places: list[Place] = []
        dateline_country = None
        for start, end, text in sorted(candidates):
            in_dateline = dateline is not None and start == dateline.start
            if (start, end) in actor_spans and not in_dateline:
                continue  # a state or capital acting, not a place
            nested = any(s <= start and end <= e for s, e in actor_spans)
            if nested and self._state(text) is not None:
                continue  # "il governo del Libano": the affiliation of an actor, not a place
            place = self._resolve(start, end, text, countries, dateline=in_dateline)
            if place.country is None:
                tail = self._after_genitive(text) or self._before_kind(text)
                if tail is not None:
                    inner = self._resolve(start, end, tail, countries)
                    if inner.country is not None:
                        place = inner.model_copy(update={"text": text})
            places.append(place)
            if in_dateline:
                dateline_country = place.country
        unknown = [i for i, p in enumerate(places) if p.country is None and key(p.name) not in self.areas]
        if unknown:
            # a place no gazetteer lists ("Cutro", "Tal Abyad") is most likely in the country the
            # article is about: its dateline's, else the one it names most (the press's own on a tie)
            states = [a.country for a in doc.actors if a.type == "state" and a.country for _ in a.mentions]
            focus = dateline_country or self.resolver.focus_country(doc, states)
            near = self._countries_before(doc, places)
            for i in unknown:
                # the sentence's own country, named just before it, goes first: "colpendo le Forze
                # democratiche siriane attorno a Tal Abyad" in a story filed from Ankara
                country = near[i] or focus
                if country is not None:
                    places[i] = places[i].model_copy(update={"country": country, "resolved_by": "context"})
        doc.places = places
        return doc

    def _before_kind(self, text: str) -> str | None:
        """'Kherson region', 'Tver oblast': the name before a kind of place, as English puts it."""
        words = text.split()
        if self.resolver.rules.head_last and len(words) > 1 and words[-1].lower() in self.kinds:
            return " ".join(words[:-1])
        return None

    def _countries_before(self, doc: Document, places: list[Place]) -> list[str | None]:
        """For each place, the country named last before it in its sentence: a place with a
        country, a state or body with one ("le Forze democratiche siriane"), a demonym."""
        marks: list[tuple[int, str]] = [(p.start, p.country) for p in places if p.country]
        # (not people and groups: their country may be the story's, given by default)
        marks += [
            (s, a.country)
            for a in doc.actors
            if a.country and a.type not in {"person", "group"}
            for s, _ in a.mentions
        ]
        for tok in doc.tokens:
            if tok.text[:1].islower():
                hit = self.kb.state_by_demonym(tok.text, self.lang)  # type: ignore[arg-type]
                if hit is not None and not hit.ambiguous:
                    marks.append((tok.start, hit.state.alpha3))
        marks.sort()
        found: list[str | None] = []
        for p in places:
            sentence = sentence_at(doc, p.start)
            lo = sentence.start if sentence is not None else p.start
            found.append(next((c for at, c in reversed(marks) if lo <= at < p.start), None))
        return found

    def _demonym(self, text: str) -> bool:
        """An adjective of nationality the model tagged LOC ("Egyptian President"): no place,
        unless it is also a place's name."""
        return (
            self.kb.state_by_demonym(text, self.lang) is not None  # type: ignore[arg-type]
            and self._state(text) is None
            and key(text) not in self.cities
        )

    def _state(self, text: str) -> Hit[State] | None:
        return self.kb.state_by_name(text, self.lang)  # type: ignore[arg-type]

    def _after_genitive(self, text: str) -> str | None:
        low = text.lower()
        for g in self.genitive:
            sep = g if g.endswith("'") else g + " "
            at = low.rfind(" " + sep)
            if at > 0:
                tail = text[at + 1 + len(sep) :].strip()
                if tail[:1].isupper():
                    return tail
        return None

    def _countries_named(self, doc: Document) -> Counter[str]:
        """Countries the article names: states acting or named as places, and, where the
        language has no home-country default, the countries of people and groups."""
        named: Counter[str] = Counter()
        for a in doc.actors:
            if a.country and a.type == "state":
                named[a.country] += len(a.mentions)
            elif a.country and self.home is None:
                # people's and groups' countries, unless some may be the home-country default
                named[a.country] += len(a.mentions)
        for e in doc.entities:
            if e.label == "LOC":
                hit = self._state(e.text)
                if hit is not None and not hit.ambiguous:
                    named[hit.entry.alpha3] += 1
        return named

    def _resolve(
        self, start: int, end: int, text: str, countries: Counter[str], dateline: bool = False
    ) -> Place:
        lookup = text.title() if text.isupper() else text
        state = self._state(lookup)
        if state is not None and (not state.ambiguous or key(lookup) not in self.cities):
            s = state.entry
            return Place(
                start=start,
                end=end,
                text=text,
                name=s.name(self.lang),  # type: ignore[arg-type]
                country=s.alpha3,
                lat=None,
                lon=None,
            )
        if key(lookup) in self.areas:  # "Europa", "Medio Oriente": of no one country
            return Place(start=start, end=end, text=text, name=lookup, country=None, lat=None, lon=None)
        region = self.regions.get(key(lookup))
        if region is not None:
            return Place(start=start, end=end, text=text, name=lookup, country=region, lat=None, lon=None)
        options = self.cities.get(key(lookup))
        if not options:
            # a region or a place GeoNames does not list: kept, with what is known
            return Place(start=start, end=end, text=text, name=lookup, country=None, lat=None, lon=None)
        capital_of = None
        if dateline:  # correspondents file from capitals: "DHAKA –" is Bangladesh's
            capital = self.kb.state_by_capital(lookup, self.lang)  # type: ignore[arg-type]
            capital_of = capital.entry.alpha3 if capital is not None and not capital.ambiguous else None
        best = max(options, key=lambda c: self._score(c, countries, capital_of))
        return Place(
            start=start,
            end=end,
            text=text,
            name=best.name,
            country=self.alpha3.get(best.country2),
            lat=round(best.lat, 5),
            lon=round(best.lon, 5),
        )

    def _score(self, city: City, countries: Counter[str], capital_of: str | None) -> tuple[float, int]:
        """Evidence for a homonym: its country named in the article (saturating: a second
        mention adds less than the first), the press's home country, its size (a city a
        hundred times larger outweighs one passing mention of another country), and, for a
        dateline, being a national capital."""
        country = self.alpha3.get(city.country2, "")
        named = countries.get(country, 0)
        evidence = (
            (1.0 + 0.5 * math.log2(named) if named else 0.0)
            + (1.0 if country == self.home else 0.0)
            + 0.5 * math.log10(city.population + 1)
            + (0.5 if city.main else 0.0)
            + (1.5 if capital_of is not None and country == capital_of else 0.0)
        )
        return (evidence, city.population)


@cache
def _regions_file() -> dict[str, object]:
    from cronaca import yamlio

    raw = yamlio.load(resources.files("cronaca.places").joinpath("data", "regions.yaml").read_text("utf-8"))
    if not isinstance(raw, dict):
        raise ConfigError("places/data/regions.yaml: expected a mapping with 'regions' and 'areas'")
    return raw


@cache
def regions() -> dict[str, str]:
    """Regions and areas GeoNames' city list lacks, keyed like cities (``places/data``)."""
    table = _regions_file().get("regions")
    if not isinstance(table, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and len(v) == 3 for k, v in table.items()
    ):
        raise ConfigError("places/data/regions.yaml: expected 'regions: {name: ALPHA3, ...}'")
    return {key(k): v for k, v in table.items()}


@cache
def areas() -> frozenset[str]:
    """Continents and areas of several states ("Europa", "Medio Oriente"), keyed like cities:
    places of no one country."""
    names = _regions_file().get("areas")
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise ConfigError("places/data/regions.yaml: expected 'areas: [name, ...]'")
    return frozenset(key(n) for n in names)
