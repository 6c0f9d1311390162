"""A CAMEO-compatible flat table of events, with GDELT-like columns, for tools that read
GDELT or ICEWS-style data.

One row per event (event level, so an event reported by twenty outlets is one row with
``NumSources`` 20). ``EventCode`` is the CAMEO code the events stage gave the event; when it
gave none, it is the CAMEO root code of the event's PLOVER type (``CameoFromType`` is then 1):
the PLOVER manual's CAMEO-to-PLOVER table folds each CAMEO root into one PLOVER type, and we
take the root that folds into it (ACCUSE: 11 "disapprove", ASSAULT: 18 "assault", RETREAT and
CONCEDE: 08 "yield"). Actor codes are CAMEO-like: the actor's country then its sector (USAGOV,
IRNMIL), or an organisation's short name when it has no country. Events that did not happen
(negated) or may happen (hypothetical, future) are left out: CAMEO data has no way to say so.
Countries are ISO 3166 alpha-3 codes (GDELT's geography columns use FIPS codes instead).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from cronaca.store.db import Store
from cronaca.store.queries import Filters, events

CAMEO_ROOT = {
    "AGREE": "03",
    "CONSULT": "04",
    "SUPPORT": "05",
    "COOPERATE": "06",
    "AID": "07",
    "CONCEDE": "08",
    "RETREAT": "08",
    "ACCUSE": "11",
    "REQUEST": "10",
    "REJECT": "12",
    "THREATEN": "13",
    "PROTEST": "14",
    "MOBILIZE": "15",
    "SANCTION": "16",
    "COERCE": "17",
    "ASSAULT": "18",
}
"""The CAMEO root code of each PLOVER type."""
_UNREAL = frozenset({"hypothetical", "future"})


def quad_class(root: str) -> int | None:
    """CAMEO's QuadClass of a root code: 1 verbal and 2 material cooperation, 3 verbal and
    4 material conflict."""
    try:
        n = int(root[:2])
    except ValueError:
        return None
    if 1 <= n <= 5:
        return 1
    if 6 <= n <= 8:
        return 2
    if 9 <= n <= 13:
        return 3
    if 14 <= n <= 20:
        return 4
    return None


def rows(store: Store, filters: Filters | None = None) -> Iterator[dict[str, Any]]:
    """The CAMEO rows of the events that happened (not negated, hypothetical or future)."""
    for event in events(store, filters or Filters(), level="event"):
        if event["negated"] or _UNREAL & set(event["aux"]):
            continue
        yield row(event)


def row(event: dict[str, Any]) -> dict[str, Any]:
    """The CAMEO row of an event record (as :func:`cronaca.store.queries.events` gives)."""
    code = event["cameo"] or CAMEO_ROOT[event["type"]]
    day = dt.date.fromisoformat(event["date"]) if event["date"] else None
    place = event["place"] or {}
    sources = event["sources"]
    first_url = next((s["url"] for s in sources if s["url"]), None)
    out: dict[str, Any] = {
        "GlobalEventID": int(str(event["id"]).removeprefix("event-")),
        "Day": int(day.strftime("%Y%m%d")) if day else None,
        "MonthYear": int(day.strftime("%Y%m")) if day else None,
        "Year": day.year if day else None,
        "FractionDate": round(day.year + (day.timetuple().tm_yday - 1) / 365, 4) if day else None,
    }
    for n, side in ((1, event["actor"]), (2, event["recipient"])):
        out.update(_actor_columns(n, side[0] if side else None))
    root = code[:2]
    out.update(
        {
            "IsRootEvent": 1,
            "EventCode": code,
            "EventBaseCode": code[:3],
            "EventRootCode": root,
            "CameoFromType": 0 if event["cameo"] else 1,
            "QuadClass": quad_class(root),
            "GoldsteinScale": None,
            "NumMentions": event["num_reports"],
            "NumSources": event["num_sources"],
            "NumArticles": event["num_articles"],
            "ActionGeo_Type": _geo_type(place),
            "ActionGeo_FullName": place.get("name"),
            "ActionGeo_CountryCode": place.get("country"),
            "ActionGeo_Lat": place.get("lat"),
            "ActionGeo_Long": place.get("lon"),
            "DATEADDED": _first_day(sources),
            "SOURCEURL": first_url,
            "PloverType": event["type"],
            "PloverMode": event["mode"],
            "PloverContext": ";".join(event["context"]),
            "Historical": int("historical" in event["aux"]),
        }
    )
    return out


def _first_day(sources: list[dict[str, Any]]) -> int | None:
    """The day of the first publication, YYYYMMDD (GDELT: the day the event was added)."""
    dates = [s["published"] for s in sources if s["published"]]
    return int(min(dates).replace("-", "")) if dates else None


def _actor_columns(n: int, actor: dict[str, Any] | None) -> dict[str, Any]:
    prefix = f"Actor{n}"
    if actor is None:
        return {
            f"{prefix}{k}": None
            for k in ("Code", "Name", "CountryCode", "KnownGroupCode", "Type1Code", "Key")
        }
    country, org, sector = actor.get("country"), actor.get("org"), actor.get("sector")
    code = (country or "") + (sector or "") if country else (org or sector or "")
    return {
        f"{prefix}Code": code or None,
        f"{prefix}Name": actor.get("name"),
        f"{prefix}CountryCode": country,
        f"{prefix}KnownGroupCode": org,
        f"{prefix}Type1Code": sector,
        f"{prefix}Key": actor.get("key"),
    }


def _geo_type(place: dict[str, Any]) -> int | None:
    if not place:
        return None
    if place.get("lat") is not None:
        return 4  # a place with coordinates (GDELT: world city)
    return 1 if place.get("country") else None  # a country
