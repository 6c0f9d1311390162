"""``cronaca eval actors``: actor resolution and place resolution against the team's set.

The set (``eval/actors/<lang>.yaml``, docs/actors-guidelines.md) marks actor mentions as
``[surface]{A type country org sector}`` and places as ``[surface]{P country lat lon}``.
For each gold actor mention the predicted mention that overlaps it most (by character Jaccard)
is taken; the mention is resolved correctly when that actor has the same type, country and org.
Sector is scored on the correctly resolved mentions that have a gold sector. For places: the
country must match, and the coordinates be within 25 km when the gold has them.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cronaca.errors import ConfigError
from cronaca.eval.common import analyse, published_of, read_items

MARKUP = re.compile(r"\[([^\[\]]+)\]\{(A|P) ([^{}]+)\}")


@dataclass(frozen=True)
class GoldActor:
    start: int
    end: int
    text: str
    type: str
    country: str | None
    org: str | None
    sector: str | None


@dataclass(frozen=True)
class GoldPlace:
    start: int
    end: int
    text: str
    country: str | None
    lat: float | None
    lon: float | None


@dataclass
class Item:
    id: str
    lang: str
    published: dt.date | None
    text: str
    actors: list[GoldActor] = field(default_factory=list)
    places: list[GoldPlace] = field(default_factory=list)


def _none(value: str) -> str | None:
    return None if value == "-" else value


def parse(marked: str) -> tuple[str, list[GoldActor], list[GoldPlace]]:
    out: list[str] = []
    actors: list[GoldActor] = []
    places: list[GoldPlace] = []
    pos = length = 0
    for m in MARKUP.finditer(marked):
        out.append(marked[pos : m.start()])
        length += m.start() - pos
        surface, kind, fields = m.group(1), m.group(2), m.group(3).split()
        start, end = length, length + len(surface)
        if kind == "A":
            if len(fields) != 4:
                raise ValueError(f"actor {surface!r} needs 'type country org sector', got {fields}")
            actors.append(
                GoldActor(
                    start, end, surface, fields[0], _none(fields[1]), _none(fields[2]), _none(fields[3])
                )
            )
        else:
            if len(fields) != 3:
                raise ValueError(f"place {surface!r} needs 'country lat lon', got {fields}")
            lat = None if fields[1] == "-" else float(fields[1])
            lon = None if fields[2] == "-" else float(fields[2])
            places.append(GoldPlace(start, end, surface, _none(fields[0]), lat, lon))
        out.append(surface)
        length += len(surface)
        pos = m.end()
    out.append(marked[pos:])
    return "".join(out), actors, places


def load_items(path: Path) -> list[Item]:
    lang, raw = read_items(path)
    items = []
    for n, entry in enumerate(raw, start=1):
        try:
            text, actors, places = parse(str(entry["text"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"{path}: item {n}: {exc}") from exc
        items.append(
            Item(
                str(entry.get("id", n)),
                str(entry.get("lang", lang)),
                published_of(entry),
                text,
                actors,
                places,
            )
        )
    return items


@dataclass
class ActorsReport:
    articles: int = 0
    mentions: int = 0
    detected: int = 0
    correct: int = 0
    by_type: dict[str, Counter[str]] = field(default_factory=dict)
    sector_total: int = 0
    sector_correct: int = 0
    places: int = 0
    places_found: int = 0
    places_country: int = 0
    places_with_coords: int = 0
    places_within_25km: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.mentions if self.mentions else 0.0

    @property
    def place_country_accuracy(self) -> float:
        return self.places_country / self.places if self.places else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "actor_mentions": self.mentions,
            "detection_recall": round(self.detected / self.mentions, 4) if self.mentions else 0.0,
            "resolution_accuracy": round(self.accuracy, 4),
            "by_type": {
                t: {"mentions": c["total"], "accuracy": round(c["correct"] / c["total"], 4)}
                for t, c in sorted(self.by_type.items())
            },
            "sector_accuracy": round(self.sector_correct / self.sector_total, 4)
            if self.sector_total
            else None,
            "places": self.places,
            "place_recall": round(self.places_found / self.places, 4) if self.places else 0.0,
            "place_country_accuracy": round(self.place_country_accuracy, 4),
            "place_within_25km": round(self.places_within_25km / self.places_with_coords, 4)
            if self.places_with_coords
            else None,
        }


def _jaccard(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    if inter <= 0:
        return 0.0
    return inter / (max(a[1], b[1]) - min(a[0], b[0]))


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def evaluate(items: list[Item], profile: str = "default") -> ActorsReport:
    report = ActorsReport()
    docs = analyse([(item.lang, item.text, item.published) for item in items], profile)
    for item, doc in zip(items, docs, strict=True):
        report.articles += 1
        predicted = [((m[0], m[1]), a) for a in doc.actors for m in a.mentions]
        for g in item.actors:
            report.mentions += 1
            counts = report.by_type.setdefault(g.type, Counter())
            counts["total"] += 1
            best = max(predicted, key=lambda p: _jaccard((g.start, g.end), p[0]), default=None)
            if best is None or _jaccard((g.start, g.end), best[0]) == 0.0:
                report.errors.append({"id": item.id, "kind": "missed", "gold": g, "pred": None})
                continue
            report.detected += 1
            actor = best[1]
            if (actor.type, actor.country, actor.org) == (g.type, g.country, g.org):
                report.correct += 1
                counts["correct"] += 1
                if g.sector:
                    report.sector_total += 1
                    report.sector_correct += bool(actor.sector) and g.sector.startswith(actor.sector or "?")
            else:
                report.errors.append(
                    {
                        "id": item.id,
                        "kind": "wrong",
                        "gold": g,
                        "pred": (item.text[best[0][0] : best[0][1]], actor.type, actor.country, actor.org),
                    }
                )
        for gp in item.places:
            report.places += 1
            match = max(
                doc.places, key=lambda p: _jaccard((gp.start, gp.end), (p.start, p.end)), default=None
            )
            if match is None or _jaccard((gp.start, gp.end), (match.start, match.end)) == 0.0:
                report.errors.append({"id": item.id, "kind": "place missed", "gold": gp, "pred": None})
                continue
            report.places_found += 1
            if match.country == gp.country:
                report.places_country += 1
            else:
                report.errors.append(
                    {"id": item.id, "kind": "place country", "gold": gp, "pred": (match.text, match.country)}
                )
            if gp.lat is not None and gp.lon is not None:
                report.places_with_coords += 1
                if (
                    match.lat is not None
                    and match.lon is not None
                    and _km(gp.lat, gp.lon, match.lat, match.lon) <= 25
                ):
                    report.places_within_25km += 1
    return report
