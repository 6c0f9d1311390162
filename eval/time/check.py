"""Check the temporal-expression evaluation files and print their coverage.

Usage: .venv/bin/python eval/time/check.py [FILE.yaml ...]   (default: every *.yaml beside this script)

For each file (one language, named <lang>.yaml) it verifies that:

- the file is a YAML list of mappings with the keys id, published, text and optionally form and note;
- ids are unique and start with "<lang>-", `published` is a valid date, `text` is a non-empty string,
  `form` is a short lower-case tag;
- every expression is written as [surface]{TYPE VALUE} and, once the markup is stripped, no stray
  [ ] { } is left in the text; surfaces have no leading or trailing blanks;
- each value has a well-formed TIMEX3 shape for its type (docs/time-guidelines.md): calendar dates,
  ISO weeks, months, seasons, quarters, years, decades and centuries, PRESENT_REF / PAST_REF /
  FUTURE_REF, TIME values with a clock time or a part of the day, ISO durations (X for vague
  amounts), and SET values (a duration or an X-anchored pattern);
- a DATE at day granularity whose surface names one weekday falls on that weekday.

It then prints counts per language, per type, per form and per value shape. Exit status 1 on any error.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

MARKUP = re.compile(r"\[([^\]]+)\]\{(DATE|TIME|DURATION|SET) ([^}]+)\}")
KEYS_REQUIRED = {"id", "published", "text"}
KEYS_OPTIONAL = {"form", "note"}
FORM = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

REFS = {"PRESENT_REF", "PAST_REF", "FUTURE_REF"}
DAY = re.compile(r"^(\d{4}|XXXX)-(\d{2}|XX)-(\d{2}|XX)$")
WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
WEEKDAY_X = re.compile(r"^XXXX-WXX-[1-7]$")
MONTH = re.compile(r"^(\d{4}|XXXX)-(\d{2})$")
SEASON = re.compile(r"^(\d{4}|XXXX)-(SP|SU|FA|WI)$")
QUARTER = re.compile(r"^\d{4}-Q[1-4]$")
YEAR = re.compile(r"^\d{4}$")
DECADE = re.compile(r"^\d{3}$")
CENTURY = re.compile(r"^\d{2}$")
TIME = re.compile(
    r"^(?P<day>(?:\d{4}|XXXX)-(?:\d{2}|XX)-(?:\d{2}|XX))T(?:(?P<h>\d{2}):(?P<m>\d{2})|MO|AF|EV|NI)$"
)
DURATION = re.compile(
    r"^P(?!$)(?:(?:\d+|X)Y)?(?:(?:\d+|X)M)?(?:(?:\d+|X)W)?(?:(?:\d+|X)D)?"
    r"(?:T(?!$)(?:(?:\d+|X)H)?(?:(?:\d+|X)M)?(?:(?:\d+(?:\.\d+)?|X)S)?)?$"
)

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps timestamps as strings, so a bad `published` is reported, not raised."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

WEEKDAYS = {
    "it": ["lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"],
    "en": ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
}


def _valid_day(value: str) -> bool:
    m = DAY.match(value)
    if not m:
        return False
    y, mo, d = m.groups()
    if "X" in y + mo + d:
        # placeholders: XXXX-MM-DD (a recurring day) or XXXX-XX-XX (any day)
        return (mo == "XX" and d == "XX") or (mo != "XX" and d != "XX" and 1 <= int(mo) <= 12)
    try:
        dt.date(int(y), int(mo), int(d))
    except ValueError:
        return False
    return True


def _iso_weeks(year: int) -> int:
    return dt.date(year, 12, 28).isocalendar()[1]


def shape(value: str) -> str | None:
    """The value's DATE shape ('day', 'week', ...) or None when it is not a DATE value."""
    if value in REFS:
        return "ref"
    if _valid_day(value):
        return "day"
    if m := WEEK.match(value):
        return "week" if 1 <= int(m.group(2)) <= _iso_weeks(int(m.group(1))) else None
    if WEEKDAY_X.match(value):
        return "weekday-unresolved"
    if m := MONTH.match(value):
        return "month" if 1 <= int(m.group(2)) <= 12 else None
    if SEASON.match(value):
        return "season"
    if QUARTER.match(value):
        return "quarter"
    if YEAR.match(value):
        return "year"
    if DECADE.match(value):
        return "decade"
    if CENTURY.match(value):
        return "century"
    return None


def value_shape(typ: str, value: str) -> str | None:
    """A label for the value's shape, or None when the value is malformed for its type."""
    if typ == "DATE":
        s = shape(value)
        return None if s is None else f"DATE:{s}"
    if typ == "TIME":
        m = TIME.match(value)
        if not m or not _valid_day(m.group("day")):
            return None
        if m.group("h") is None:
            return "TIME:part-of-day"
        h, mi = int(m.group("h")), int(m.group("m"))
        ok = (h < 24 and mi < 60) or (h == 24 and mi == 0)
        return "TIME:clock" if ok else None
    if typ == "DURATION":
        if not DURATION.match(value):
            return None
        return "DURATION:vague" if "X" in value else "DURATION:exact"
    if typ == "SET":
        if DURATION.match(value):
            return "SET:frequency"
        if value.startswith("XXXX") and (shape(value) or TIME.match(value)):
            return "SET:recurring-point"
        return None
    return None


def _weekday_named(surface: str, lang: str) -> int | None:
    """Index of the single weekday a surface names (0 = Monday), if it names exactly one."""
    words = re.findall(r"\w+", surface.lower())
    names = WEEKDAYS.get(lang, [])
    found = {names.index(w) for w in words if w in names}
    return found.pop() if len(found) == 1 else None


def check_file(path: Path) -> tuple[list[str], dict[str, Counter[str]]]:
    lang = path.stem
    errors: list[str] = []
    counts: dict[str, Counter[str]] = {
        "items": Counter(),
        "type": Counter(),
        "form_items": Counter(),
        "form_exprs": Counter(),
        "shape": Counter(),
    }
    try:
        data: Any = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except (OSError, yaml.YAMLError) as exc:
        return [f"{path}: cannot read: {exc}"], counts
    if not isinstance(data, list):
        return [f"{path}: the top level must be a list of items"], counts

    seen: set[str] = set()
    for n, item in enumerate(data, 1):
        where = f"{path.name} item {n}"
        counts["items"]["items"] += 1
        if not isinstance(item, dict):
            errors.append(f"{where}: not a mapping")
            continue
        keys = set(item)
        if missing := KEYS_REQUIRED - keys:
            errors.append(f"{where}: missing {sorted(missing)}")
        if unknown := keys - KEYS_REQUIRED - KEYS_OPTIONAL:
            errors.append(f"{where}: unknown keys {sorted(unknown)}")

        ident = item.get("id")
        if not isinstance(ident, str) or not ident.startswith(f"{lang}-"):
            errors.append(f"{where}: id {ident!r} must be a string starting with '{lang}-'")
        elif ident in seen:
            errors.append(f"{where}: duplicate id {ident}")
        else:
            seen.add(ident)
            where = f"{path.name} {ident}"

        published = item.get("published")
        try:
            ok_date = isinstance(published, str) and bool(ISO_DATE.match(published))
            ok_date = ok_date and bool(dt.date.fromisoformat(str(published)))
        except ValueError:
            ok_date = False
        if not ok_date:
            errors.append(f"{where}: published {item.get('published')!r} is not a date (YYYY-MM-DD)")

        form = item.get("form")
        if form is not None and (not isinstance(form, str) or not FORM.match(form)):
            errors.append(f"{where}: form {form!r} must be a short lower-case tag")
        note = item.get("note")
        if note is not None and (not isinstance(note, str) or not note.strip()):
            errors.append(f"{where}: note must be a non-empty string")

        text = item.get("text")
        if not isinstance(text, str) or not text.strip():
            errors.append(f"{where}: text must be a non-empty string")
            continue

        plain = MARKUP.sub(lambda m: m.group(1), text)
        if stray := re.findall(r"[\[\]{}]", plain):
            errors.append(f"{where}: stray markup characters {''.join(stray)!r} after stripping")

        exprs = MARKUP.findall(text)
        counts["items"]["with expressions" if exprs else "without expressions"] += 1
        tag = form or "(none)"
        counts["form_items"][tag] += 1
        for surface, typ, value in exprs:
            label = f"[{surface}]{{{typ} {value}}}"
            if surface != surface.strip() or not surface.strip():
                errors.append(f"{where}: {label}: surface has leading/trailing blanks")
            if value != value.strip():
                errors.append(f"{where}: {label}: value has blanks")
            vshape = value_shape(typ, value)
            if vshape is None:
                errors.append(f"{where}: {label}: malformed {typ} value")
                continue
            if vshape == "DATE:day" and "X" not in value:
                wd = _weekday_named(surface, lang)
                if wd is not None and dt.date.fromisoformat(value).weekday() != wd:
                    errors.append(f"{where}: {label}: {value} is not a {WEEKDAYS[lang][wd]}")
            counts["type"][typ] += 1
            counts["form_exprs"][tag] += 1
            counts["shape"][vshape] += 1
    return errors, counts


def _table(title: str, rows: list[tuple[str, int, int]], heads: tuple[str, str]) -> None:
    print(f"  {title}:")
    width = max((len(r[0]) for r in rows), default=4)
    print(f"    {'':<{width}}  {heads[0]:>6}  {heads[1]:>6}")
    for name, a, b in rows:
        print(f"    {name:<{width}}  {a:>6}  {b:>6}")


def main(argv: list[str]) -> int:
    here = Path(__file__).resolve().parent
    paths = [Path(a) for a in argv] or sorted(here.glob("*.yaml"))
    if not paths:
        print("no evaluation files found", file=sys.stderr)
        return 1
    all_errors: list[str] = []
    totals: Counter[str] = Counter()
    for path in paths:
        errors, c = check_file(path)
        all_errors.extend(errors)
        n_expr = sum(c["type"].values())
        totals["items"] += c["items"]["items"]
        totals["expressions"] += n_expr
        print(f"== {path.stem}  ({path.name})")
        print(
            f"  items: {c['items']['items']}  with expressions: {c['items']['with expressions']}"
            f"  without: {c['items']['without expressions']}  expressions: {n_expr}"
        )
        print("  per type: " + "  ".join(f"{t} {c['type'][t]}" for t in ("DATE", "TIME", "DURATION", "SET")))
        forms = sorted(c["form_items"], key=lambda f: (-c["form_exprs"][f], f))
        _table("per form", [(f, c["form_items"][f], c["form_exprs"][f]) for f in forms], ("items", "exprs"))
        shapes = sorted(c["shape"], key=lambda s: (s.split(":")[0], -c["shape"][s], s))
        print("  per value shape: " + ", ".join(f"{s} {c['shape'][s]}" for s in shapes))
        adv = c["form_items"]["adversarial"] + c["form_items"]["negative"]
        if c["items"]["items"]:
            share = 100 * adv / c["items"]["items"]
            print(f"  adversarial + negative items: {adv} ({share:.0f} %)")
        print()
    print(f"total: {totals['items']} items, {totals['expressions']} expressions")
    if all_errors:
        print(f"\n{len(all_errors)} error(s):", file=sys.stderr)
        for e in all_errors:
            print(f"  {e}", file=sys.stderr)
        return 1
    print("OK: no errors")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
