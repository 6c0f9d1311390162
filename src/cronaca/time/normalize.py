"""Turn a matched temporal expression into a TIMEX3 type and value.

Each ``kind`` of pattern has a normaliser. Relative expressions are resolved against the
publication date (DCT) and the direction of the governing verb (``-1`` past, ``1`` future,
``0`` unknown); without a DCT they keep ``X`` placeholders and are marked unresolved.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from cronaca.time.data import TimeData

TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
Mod = Literal["START", "MID", "END"]

_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


@dataclass(frozen=True)
class Timex:
    type: TimexType
    value: str
    resolved: bool = True
    mod: Mod | None = None


class Unresolvable(Exception):
    """The match is not a valid expression after all (e.g. 31 February)."""


@dataclass
class Context:
    data: TimeData
    dct: dt.date | None
    direction: int  # -1 past, 1 future, 0 unknown
    groups: dict[str, str]
    lang: str = "it"

    def word(self, name: str) -> str | None:
        value = self.groups.get(name)
        return None if value is None else re.sub(r"\s+", " ", value.lower()).replace("’", "'")

    def lookup(self, name: str, table: Mapping[str, Any]) -> Any:
        """The vocabulary value of group ``name`` (None when the group did not match)."""
        word = self.word(name)
        return None if word is None else _lowered(table).get(word)

    def number(self, name: str = "num") -> float | None:
        raw = self.word(name)
        if raw is None:
            return None
        numbers = _lowered(self.data.numbers)
        if raw in numbers:
            return float(numbers[raw])
        if re.fullmatch(r"\d+(?:[.,]\d+)?", raw):
            return float(raw.replace(",", "."))
        return _text2num(raw, self.lang)

    def rel(self) -> int | None:
        for name in ("rel", "rel2"):
            value = self.lookup(name, self.data.relative)
            if value is not None:
                return int(value)
        return None


_LOWERED: dict[int, tuple[Mapping[str, Any], dict[str, Any]]] = {}


def _lowered(table: Mapping[str, Any]) -> dict[str, Any]:
    """The table with lower-case keys (vocabularies keep their case for case-sensitive
    patterns; matched text is looked up case-insensitively). Cached per table."""
    cached = _LOWERED.get(id(table))
    if cached is None or cached[0] is not table:
        lowered = {re.sub(r"\s+", " ", k.lower()).replace("’", "'"): v for k, v in table.items()}
        cached = _LOWERED[id(table)] = (table, lowered)
    return cached[1]


def _text2num(word: str, lang: str) -> float | None:
    from text_to_num import text2num

    try:
        return float(text2num(word.replace("tré", "tre"), lang))
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------
# helpers on dates


def _shift_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _year_for(month: int, day: int | None, ctx: Context) -> int:
    """The year of a month (and day) written without one, by the tense of the verb."""
    assert ctx.dct is not None
    d = ctx.dct
    there = (month, day) if day is not None else (month, 0)
    here = (d.month, d.day) if day is not None else (d.month, 0)
    if ctx.direction < 0:
        return d.year if there <= here else d.year - 1
    if ctx.direction > 0:
        return d.year if there >= here else d.year + 1
    return d.year


def _easter(year: int) -> dt.date:
    from dateutil.easter import easter

    return easter(year)


# ---------------------------------------------------------------------------------------------
# normalisers by kind


def _date(ctx: Context) -> Timex:
    day = int(ctx.groups.get("day", "1"))
    if "day" not in ctx.groups:  # "primo maggio"
        day = 1
    month = int(ctx.lookup("month", ctx.data.months))
    if "year" in ctx.groups:
        return Timex("DATE", _iso(int(ctx.groups["year"]), month, day))
    weekday = ctx.lookup("weekday", ctx.data.weekdays)
    if ctx.dct is None:
        _iso(2000, month, day)  # validates the day
        return Timex("DATE", f"XXXX-{month:02d}-{day:02d}", resolved=False)
    year = _year_for(month, day, ctx)
    if weekday is not None:
        # "lunedì 6 gennaio": prefer the year in which the weekday agrees.
        for candidate in (year, ctx.dct.year, ctx.dct.year - 1, ctx.dct.year + 1):
            try:
                if dt.date(candidate, month, day).isoweekday() == weekday:
                    year = candidate
                    break
            except ValueError:
                continue
    return Timex("DATE", _iso(year, month, day))


def _iso(year: int, month: int, day: int) -> str:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError as exc:
        raise Unresolvable(str(exc)) from None


def _date_numeric(ctx: Context) -> Timex:
    year = int(ctx.groups["year"])
    return Timex("DATE", _iso(year, int(ctx.groups["mon"]), int(ctx.groups["day"])))


def _month_year(ctx: Context) -> Timex:
    month = int(ctx.lookup("month", ctx.data.months))
    return Timex("DATE", f"{int(ctx.groups['year'])}-{month:02d}")


def _month(ctx: Context) -> Timex:
    month = int(ctx.lookup("month", ctx.data.months))
    if ctx.dct is None:
        return Timex("DATE", f"XXXX-{month:02d}", resolved=False)
    rel = ctx.rel()
    d = ctx.dct
    if rel == -1:
        year = d.year if month < d.month else d.year - 1
    elif rel == 1:
        year = d.year if month > d.month else d.year + 1
    elif rel == 0:
        year = d.year
    else:
        year = _year_for(month, None, ctx)
    return Timex("DATE", f"{year}-{month:02d}")


def _year(ctx: Context) -> Timex:
    return Timex("DATE", str(int(ctx.groups["year"])))


def _decade(ctx: Context) -> Timex:
    if "decfull" in ctx.groups:  # "the 1990s"
        return Timex("DATE", str(int(ctx.groups["decfull"]) // 10))
    if "yy" in ctx.groups:
        tens = int(ctx.groups["yy"])
        this_year = ctx.dct.year if ctx.dct else dt.date.today().year
        # "anni '10" in 2025 is the 2010s; "anni '20" in 2020 still means the 1920s.
        start = 2000 + tens if 2000 + tens + 9 < this_year else 1900 + tens
        return Timex("DATE", str(start // 10))
    value = ctx.lookup("decade", ctx.data.decades)
    return Timex("DATE", str(value))


def _century(ctx: Context) -> Timex:
    if "roman" in ctx.groups:
        number = _roman(ctx.groups["roman"].upper())
    elif "ordinal" in ctx.groups:
        number = int(ctx.lookup("ordinal", ctx.data.ordinals))
    else:
        return Timex("DATE", str(ctx.lookup("century", ctx.data.centuries)))
    if number < 1:
        raise Unresolvable("no century")
    return Timex("DATE", f"{number - 1:02d}")


def _roman(text: str) -> int:
    total = 0
    for i, ch in enumerate(text):
        value = _ROMAN[ch]
        total += -value if i + 1 < len(text) and _ROMAN[text[i + 1]] > value else value
    return total


def _day_offset(ctx: Context, days: int, part: str | None) -> Timex:
    kind: TimexType = "TIME" if part else "DATE"
    suffix = f"T{part}" if part else ""
    if ctx.dct is None:
        return Timex(kind, f"XXXX-XX-XX{suffix}", resolved=False)
    return Timex(kind, (ctx.dct + dt.timedelta(days=days)).isoformat() + suffix)


def _deictic(ctx: Context) -> Timex:
    days = int(ctx.lookup("deictic", ctx.data.deictic))
    part = ctx.lookup("day_part", ctx.data.day_parts)
    return _day_offset(ctx, days, str(part) if part else None)


def _deictic_part(ctx: Context) -> Timex:
    days, part = ctx.lookup("deictic_part", ctx.data.deictic_parts)
    return _day_offset(ctx, int(days), str(part))


def _weekday_date(ctx: Context, weekday: int, rel: int | None) -> dt.date:
    assert ctx.dct is not None
    d = ctx.dct
    back = (d.isoweekday() - weekday) % 7
    ahead = (weekday - d.isoweekday()) % 7
    if rel == -1:
        return d - dt.timedelta(days=back or 7)
    if rel == 1:
        return d + dt.timedelta(days=ahead or 7)
    if ctx.direction > 0:
        return d + dt.timedelta(days=ahead)
    if rel == 0 and ctx.direction == 0:
        monday = d - dt.timedelta(days=d.isoweekday() - 1)
        return monday + dt.timedelta(days=weekday - 1)
    return d - dt.timedelta(days=back)  # past, or unknown: news reports what happened


def _weekday(ctx: Context) -> Timex:
    weekday = int(ctx.lookup("weekday", ctx.data.weekdays))
    part = ctx.lookup("day_part", ctx.data.day_parts)
    if ctx.dct is None:
        value = f"XXXX-WXX-{weekday}" + (f"T{part}" if part else "")
        return Timex("TIME" if part else "DATE", value, resolved=False)
    day = _weekday_date(ctx, weekday, ctx.rel())
    return Timex("TIME" if part else "DATE", day.isoformat() + (f"T{part}" if part else ""))


def _unit(ctx: Context, name: str = "unit") -> str:
    return str(ctx.lookup(name, ctx.data.units))


def _shift(ctx: Context, unit: str, n: int) -> tuple[str, bool]:
    """The period ``n`` units from the DCT, at the unit's granularity."""
    d = ctx.dct
    if d is None:
        return {"Y": "XXXX", "M": "XXXX-XX", "W": "XXXX-WXX", "DE": "XXX", "CE": "XX"}.get(
            unit, "XXXX-XX-XX"
        ), False
    if unit == "Y":
        return str(d.year + n), True
    if unit == "M":
        y, m = _shift_months(d.year, d.month, n)
        return f"{y}-{m:02d}", True
    if unit == "W":
        return _week(d + dt.timedelta(weeks=n)), True
    if unit == "D":
        return (d + dt.timedelta(days=n)).isoformat(), True
    if unit in {"H", "MIN", "S"}:
        return d.isoformat(), True
    if unit == "DE":
        return str((d.year + 10 * n) // 10), True
    if unit == "CE":
        return f"{(d.year + 100 * n) // 100:02d}", True
    if unit == "Q":
        y, m = _shift_months(d.year, d.month, 3 * n)
        return f"{y}-Q{(m - 1) // 3 + 1}", True
    if unit == "HY":
        y, m = _shift_months(d.year, d.month, 6 * n)
        return f"{y}-H{(m - 1) // 6 + 1}", True
    raise Unresolvable(unit)


def _relative_unit(ctx: Context) -> Timex:
    rel = ctx.rel()
    unit = _unit(ctx)
    if rel is None:
        raise Unresolvable("no relative word")
    word = ctx.word("unit") or ""
    if rel != 0 and word in _plural_units(ctx):
        # "nelle prossime settimane", "negli ultimi anni": a vague span, not one period
        return Timex("DATE", "FUTURE_REF" if rel > 0 else "PAST_REF")
    value, ok = _shift(ctx, unit, rel)
    return Timex("DATE", value, resolved=ok)


def _plural_units(ctx: Context) -> set[str]:
    return {w.lower() for w in ctx.data.plural_units}


def _offset(ctx: Context, sign: int) -> Timex:
    unit = _unit(ctx)
    n = ctx.number()
    if n is None:  # "pochi giorni fa"
        return Timex("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF")
    value, ok = _shift(ctx, unit, sign * round(n))
    return Timex("DATE", value, resolved=ok)


def _duration_value(n: float, unit: str) -> str:
    """P3Y, PT2H; fractions go to the next unit down: 1.5 years → P1Y6M, 0.5 hours → PT30M."""
    if unit in {"DE", "CE", "Q", "HY"}:
        n, unit = n * {"DE": 10, "CE": 100, "Q": 3, "HY": 6}[unit], {"DE": "Y", "CE": "Y"}.get(unit, "M")
    smaller = {
        "Y": (12, "M"),
        "M": (30, "D"),
        "W": (7, "D"),
        "D": (24, "H"),
        "H": (60, "MIN"),
        "MIN": (60, "S"),
    }
    whole = int(n)
    parts = [(whole, unit)] if whole else []
    if n != whole and unit in smaller:
        factor, lower = smaller[unit]
        parts.append((round((n - whole) * factor), lower))
    date_parts = "".join(f"{c}{u}" for c, u in parts if u in {"Y", "M", "W", "D"})
    time_parts = "".join(f"{c}{'M' if u == 'MIN' else u}" for c, u in parts if u in {"H", "MIN", "S"})
    return "P" + date_parts + (f"T{time_parts}" if time_parts else "")


def _duration(ctx: Context) -> Timex:
    n = ctx.number()
    if n is None or n <= 0:
        raise Unresolvable("no quantity")
    value = _duration_value(n, _unit(ctx))
    if "half" in ctx.groups:  # "un anno e mezzo", "un'ora e mezza"
        value = _duration_value(n + 0.5, _unit(ctx))
    n2 = ctx.number("num2")
    if n2 is not None:  # "otto anni e sei mesi" → P8Y6M
        second = _duration_value(n2, _unit(ctx, "unit2"))
        if value.startswith("PT") == second.startswith("PT"):
            value += second[2:] if second.startswith("PT") else second[1:]
    return Timex("DURATION", value)


def _vague_duration(ctx: Context) -> Timex:
    unit = _unit(ctx)
    unit = {"DE": "Y", "CE": "Y", "Q": "M", "HY": "M"}.get(unit, unit)
    if unit in {"H", "MIN", "S"}:
        return Timex("DURATION", f"PTX{'M' if unit == 'MIN' else unit}")
    return Timex("DURATION", f"PX{unit}")


def _set_weekday(ctx: Context) -> Timex:
    weekday = int(ctx.lookup("weekday", ctx.data.weekdays))
    return Timex("SET", f"XXXX-WXX-{weekday}")


def _set_holiday(ctx: Context) -> Timex:
    rule = str(ctx.lookup("holiday", ctx.data.holidays))
    return Timex("SET", "XXXX-XX-XX" if rule.startswith("easter") else f"XXXX-{rule}")


def _set_season(ctx: Context) -> Timex:
    return Timex("SET", f"XXXX-{ctx.lookup('season', ctx.data.seasons)}")


def _set_unit(ctx: Context) -> Timex:
    n = ctx.number() or 1
    return Timex("SET", _duration_value(n, _unit(ctx)))


def _period_part(ctx: Context) -> Timex:
    mod = ctx.lookup("period_part", ctx.data.period_parts)
    if "month" in ctx.groups:
        inner = _month_year(ctx) if "year" in ctx.groups else _month(ctx)
    elif "year2" in ctx.groups:
        inner = Timex("DATE", str(int(ctx.groups["year2"])))
    else:
        unit = _unit(ctx)
        value, ok = _shift(ctx, unit, ctx.rel() or 0)
        inner = Timex("DATE", value, resolved=ok)
    return Timex("DATE", inner.value, inner.resolved, mod)


_SEASONS = ["SP", "SU", "FA", "WI"]


def _season_index(day: dt.date) -> int:
    """Seasons numbered in order; winter runs from December to February (labelled by December)."""
    if day.month == 12:
        return day.year * 4 + 3
    if day.month < 3:
        return (day.year - 1) * 4 + 3
    return day.year * 4 + (day.month - 3) // 3


def _season(ctx: Context) -> Timex:
    season = str(ctx.lookup("season", ctx.data.seasons))
    if "year" in ctx.groups:
        return Timex("DATE", f"{int(ctx.groups['year'])}-{season}")
    if ctx.dct is None:
        return Timex("DATE", f"XXXX-{season}", resolved=False)
    current = _season_index(ctx.dct)
    wanted = _SEASONS.index(season)
    rel = ctx.rel()
    step = rel if rel else ctx.direction
    if rel in (-1, 1):
        index = current + rel
        while index % 4 != wanted:
            index += rel
    elif current % 4 == wanted:
        index = current
    elif step:
        index = current
        while index % 4 != wanted:
            index += step
    else:
        index = ctx.dct.year * 4 + wanted
    return Timex("DATE", f"{index // 4}-{_SEASONS[index % 4]}")


def _quarter(ctx: Context) -> Timex:
    n = int(ctx.lookup("ordinal", ctx.data.ordinals))
    unit = _unit(ctx)
    if unit not in {"Q", "HY"}:
        raise Unresolvable("not a quarter")
    if unit == "HY":
        n = min(n, 2)
    letter = "Q" if unit == "Q" else "H"
    if "year" in ctx.groups:
        return Timex("DATE", f"{int(ctx.groups['year'])}-{letter}{n}")
    if ctx.dct is None:
        return Timex("DATE", f"XXXX-{letter}{n}", resolved=False)
    # without a year, the tense decides as for months: "shrank in the fourth quarter" (January)
    months = 3 if unit == "Q" else 6
    current = (ctx.dct.month - 1) // months + 1
    year = ctx.dct.year
    if ctx.direction < 0 and n > current:
        year -= 1
    elif ctx.direction > 0 and n < current:
        year += 1
    return Timex("DATE", f"{year}-{letter}{n}")


def _holiday(ctx: Context) -> Timex:
    rule = str(ctx.lookup("holiday", ctx.data.holidays))

    def day_in(year: int) -> dt.date:
        if rule.startswith("easter"):
            return _easter(year) + dt.timedelta(days=int(rule[6:] or 0))
        month, day = (int(x) for x in rule.split("-"))
        return dt.date(year, month, day)

    if "year" in ctx.groups:
        return Timex("DATE", day_in(int(ctx.groups["year"])).isoformat())
    if ctx.dct is None:
        value = "XXXX-" + rule if not rule.startswith("easter") else "XXXX-XX-XX"
        return Timex("DATE", value, resolved=False)
    d = ctx.dct
    rel = ctx.rel()
    direction = rel if rel else ctx.direction
    this = day_in(d.year)
    if (direction < 0 and this > d) or (rel == -1 and this >= d):
        return Timex("DATE", day_in(d.year - 1).isoformat())
    if (direction > 0 and this < d) or (rel == 1 and this <= d):
        return Timex("DATE", day_in(d.year + 1).isoformat())
    return Timex("DATE", this.isoformat())


def _time(ctx: Context) -> Timex:
    noon = ctx.word("noon")
    hour = int(ctx.groups["hour"]) if noon is None else (12 if noon == "noon" else 24)
    minute = int(ctx.groups.get("minute") or 0)
    part = ctx.lookup("day_part", ctx.data.day_parts)
    ampm = (ctx.word("ampm") or "").replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    elif ampm and hour > 12:
        raise Unresolvable("13 p.m.")
    if (part in {"AF", "EV"} and hour < 12) or (part == "NI" and 7 <= hour < 12):
        hour += 12
    if hour > 24 or (hour == 24 and minute):
        raise Unresolvable("not an hour")
    if "deictic" in ctx.groups:
        day = _day_offset(ctx, int(ctx.lookup("deictic", ctx.data.deictic)), None)
        date_part, ok = day.value, day.resolved
    elif "weekday" in ctx.groups:
        weekday = int(ctx.lookup("weekday", ctx.data.weekdays))
        if ctx.dct is None:
            date_part, ok = f"XXXX-WXX-{weekday}", False
        else:
            date_part, ok = _weekday_date(ctx, weekday, None).isoformat(), True
    elif ctx.dct is not None:
        date_part, ok = ctx.dct.isoformat(), True
    else:
        date_part, ok = "XXXX-XX-XX", False
    return Timex("TIME", f"{date_part}T{hour:02d}:{minute:02d}", resolved=ok)


def _ref(ctx: Context) -> Timex:
    value = ctx.lookup("ref", ctx.data.refs) or ctx.lookup("ambiguous_ref", ctx.data.ambiguous_refs)
    if value is None:
        raise Unresolvable("not a reference word")
    return Timex("DATE", str(value))


NORMALISERS: dict[str, Callable[[Context], Timex]] = {
    "date": _date,
    "date_numeric": _date_numeric,
    "date_iso": _date_numeric,
    "month_year": _month_year,
    "month": _month,
    "year": _year,
    "decade": _decade,
    "century": _century,
    "deictic": _deictic,
    "deictic_part": _deictic_part,
    "weekday": _weekday,
    "relative_unit": _relative_unit,
    "offset_past": lambda c: _offset(c, -1),
    "offset_future": lambda c: _offset(c, 1),
    "duration": _duration,
    "vague_duration": _vague_duration,
    "set_weekday": _set_weekday,
    "set_unit": _set_unit,
    "period_part": _period_part,
    "season": _season,
    "quarter": _quarter,
    "set_holiday": _set_holiday,
    "set_season": _set_season,
    "holiday": _holiday,
    "time": _time,
    "ref": _ref,
}


def normalise(kind: str, ctx: Context) -> Timex:
    return NORMALISERS[kind](ctx)
