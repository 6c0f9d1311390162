"""Check the quote-attribution evaluation files and print their coverage.

Usage: .venv/bin/python eval/quotes/check.py [FILE.yaml ...]
       (default: every *.yaml beside this script)

For each file (one language, named <lang>.yaml) it verifies that:

- the file is a YAML list of mappings with the keys id, published, text and quotes, and optionally
  topic and note; ids are unique across all files and look like "<lang>-q001"; `published` is a
  valid date between 2019-01-01 and today; `text` is a non-empty string;
- every quote is a mapping with the keys content, direct, cue, speaker and speaker_kind, and
  optionally at, speaker_at and note (docs/quotes-guidelines.md says what each holds);
- `content` is a non-empty string without leading or trailing blanks that occurs in the text at
  least `at` times (default 1); `cue` and `speaker` are null or such strings, and `speaker_at`, when
  given, is a valid occurrence of `speaker`; `direct` is a boolean;
- `speaker_kind` is one of named, nominal, anonymous, pronoun, subjectless, none, and is "none"
  exactly when `speaker` is null;
- a direct quote neither starts nor ends with a quotation mark and is bounded by marks: the
  character before it (blanks skipped) is a quotation mark or a paragraph start, or the one after it
  a quotation mark or a paragraph end (an unbalanced quote has a mark on one side only, and is then
  a warning unless the record carries a note);
- the quotes of an article follow the text and do not overlap.

Warnings (not errors): an article outside 4-12 sentences; an article without quotes and without a
note; reported content that starts with its complementizer ("che", "di", "that") or ends with
punctuation; a cue farther than 200 characters from its content; a speaker whose default occurrence
(the nearest before the content) is farther from the content than an occurrence after it, with no
`speaker_at` to say which.

It then prints counts per language: articles, quotes, direct and reported, quotes without a cue,
speakers by kind, quotes per article, topics. Exit status 1 on any error.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent

KEYS_REQUIRED = {"id", "published", "text", "quotes"}
KEYS_OPTIONAL = {"topic", "note"}
QUOTE_REQUIRED = {"content", "direct", "cue", "speaker", "speaker_kind"}
QUOTE_OPTIONAL = {"at", "speaker_at", "note"}
KINDS = ("named", "nominal", "anonymous", "pronoun", "subjectless", "none")
TOPIC = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MARKS = "\"“”«»‘’'„‟‹›"
FIRST_DATE = dt.date(2019, 1, 1)
CUE_DISTANCE = 200
COMPLEMENTIZERS = re.compile(r"^(?:che|di|that)\b", re.IGNORECASE)


def occurrences(text: str, needle: str) -> list[int]:
    """Start offsets of every (possibly overlapping) occurrence of needle in text."""
    found: list[int] = []
    start = text.find(needle)
    while start >= 0:
        found.append(start)
        start = text.find(needle, start + 1)
    return found


def sentences(text: str) -> int:
    """A rough sentence count: terminal punctuation followed by a blank and a capital or a quote."""
    plain = re.sub(r"\b(?:U\.S|U\.N|U\.K|St|Dr|Mr|Mrs|Ms|Gen|Sen|Rep|Jr|Gov|Lt|Col)\.", "X", text)
    return len(re.findall(r"[.!?][\"”»’']?(?=\s+[\"“«‘'(]?[A-ZÀ-Ý]|\s*$)", plain))


def enclosed(text: str, start: int, end: int) -> int:
    """How many sides of text[start:end] (0-2) are bounded by a quotation mark or a paragraph edge."""
    i = start - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    before = i < 0 or text[i] in MARKS or text[i] == "\n"
    j = end
    while j < len(text) and text[j] in " \t":
        j += 1
    after = j >= len(text) or text[j] in MARKS or text[j] == "\n"
    return int(before) + int(after)


def distance(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Characters between two spans (0 when they touch or overlap)."""
    return max(0, max(a[0], b[0]) - min(a[1], b[1]))


def nonempty_string(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip()) and value == value.strip()


def check_quote(
    where: str, text: str, q: Any, errors: list[str], warnings: list[str]
) -> tuple[int, int] | None:
    """Validate one quote record; return its content span when it could be located."""
    if not isinstance(q, dict):
        errors.append(f"{where}: not a mapping")
        return None
    keys = set(q)
    if missing := QUOTE_REQUIRED - keys:
        errors.append(f"{where}: missing {sorted(missing)}")
        return None
    if extra := keys - QUOTE_REQUIRED - QUOTE_OPTIONAL:
        errors.append(f"{where}: unknown keys {sorted(extra)}")
    content = q["content"]
    if not nonempty_string(content):
        errors.append(f"{where}: content must be a non-empty string without outer blanks")
        return None
    where = f"{where} {content[:40]!r}"
    found = occurrences(text, content)
    at = q.get("at", 1)
    if not isinstance(at, int) or isinstance(at, bool) or at < 1:
        errors.append(f"{where}: at must be a positive integer")
        return None
    if not found:
        errors.append(f"{where}: content not found in the text")
        return None
    if at > len(found):
        errors.append(f"{where}: at {at} but the content occurs {len(found)} time(s)")
        return None
    span = (found[at - 1], found[at - 1] + len(content))

    direct = q["direct"]
    if not isinstance(direct, bool):
        errors.append(f"{where}: direct must be true or false")
    elif direct:
        if content[0] in MARKS or content[-1] in MARKS:
            errors.append(f"{where}: a direct quote's content excludes its quotation marks")
        else:
            sides = enclosed(text, *span)
            if sides == 0:
                errors.append(f"{where}: direct content is not bounded by quotation marks")
            elif sides == 1 and "note" not in q:
                warnings.append(f"{where}: direct content has a quotation mark on one side only (add a note)")
    else:
        if COMPLEMENTIZERS.match(content):
            warnings.append(f"{where}: reported content starts with its complementizer")
        if content[-1] in ".,;:":
            warnings.append(f"{where}: reported content ends with punctuation")

    cue = q["cue"]
    if cue is not None:
        if not nonempty_string(cue):
            errors.append(f"{where}: cue must be null or a non-empty string without outer blanks")
        elif not (cue_at := occurrences(text, cue)):
            errors.append(f"{where}: cue {cue!r} not found in the text")
        elif min(distance(span, (c, c + len(cue))) for c in cue_at) > CUE_DISTANCE:
            warnings.append(f"{where}: cue {cue!r} is more than {CUE_DISTANCE} characters away")

    speaker, kind = q["speaker"], q["speaker_kind"]
    if kind not in KINDS:
        errors.append(f"{where}: speaker_kind must be one of {', '.join(KINDS)}")
    if speaker is None:
        if kind != "none":
            errors.append(f"{where}: a null speaker has speaker_kind none")
        if "speaker_at" in q:
            errors.append(f"{where}: speaker_at without a speaker")
    elif not nonempty_string(speaker):
        errors.append(f"{where}: speaker must be null or a non-empty string without outer blanks")
    else:
        if kind == "none":
            errors.append(f"{where}: speaker_kind none needs a null speaker")
        spk = occurrences(text, speaker)
        if not spk:
            errors.append(f"{where}: speaker {speaker!r} not found in the text")
        elif "speaker_at" in q:
            s_at = q["speaker_at"]
            if not isinstance(s_at, int) or isinstance(s_at, bool) or not 1 <= s_at <= len(spk):
                errors.append(f"{where}: speaker_at must be 1..{len(spk)}")
        else:
            before = [s for s in spk if s + len(speaker) <= span[0]]
            after = [s for s in spk if s >= span[1]]
            if not before and not after:
                errors.append(f"{where}: speaker {speaker!r} occurs only inside the content; set speaker_at")
            elif before and after:
                d_before = span[0] - (before[-1] + len(speaker))
                d_after = after[0] - span[1]
                if d_after < d_before:
                    warnings.append(
                        f"{where}: speaker {speaker!r} defaults to the occurrence before the content "
                        f"({d_before} chars) though one after is nearer ({d_after}); set speaker_at"
                    )
    if "note" in q and not nonempty_string(q["note"]):
        errors.append(f"{where}: note must be a non-empty string")
    return span


def check_file(path: Path, seen: set[str]) -> tuple[list[str], list[str], dict[str, Any]]:
    errors: list[str] = []
    warnings: list[str] = []
    lang = path.stem
    stats: dict[str, Any] = {
        "articles": 0,
        "quotes": 0,
        "direct": 0,
        "no_cue": 0,
        "kinds": Counter(),
        "topics": Counter(),
        "per_article": [],
    }
    try:
        items = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, ValueError) as exc:  # ValueError: an impossible date
        return [f"{path.name}: invalid YAML: {exc}"], warnings, stats
    if not isinstance(items, list) or not items:
        return [f"{path.name}: not a non-empty YAML list"], warnings, stats
    id_pattern = re.compile(rf"^{re.escape(lang)}-q\d{{3}}$")
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
        qid = item["id"]
        where = f"{path.name}:{qid}"
        if not isinstance(qid, str) or not id_pattern.match(qid):
            errors.append(f"{where}: id must look like {lang}-q001")
        if qid in seen:
            errors.append(f"{where}: duplicate id")
        seen.add(qid)
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
        if "note" in item and not nonempty_string(item["note"]):
            errors.append(f"{where}: note must be a non-empty string")
        text = item["text"]
        if not isinstance(text, str) or not text.strip():
            errors.append(f"{where}: text must be a non-empty string")
            continue
        quotes = item["quotes"]
        if quotes is None:
            quotes = []
        if not isinstance(quotes, list):
            errors.append(f"{where}: quotes must be a list")
            continue

        stats["articles"] += 1
        stats["topics"][item.get("topic", "-")] += 1
        spans: list[tuple[int, int]] = []
        for k, q in enumerate(quotes):
            span = check_quote(f"{where} quote {k + 1}", text, q, errors, warnings)
            if span is None:
                continue
            if spans and span[0] < max(s for s, _ in spans):
                errors.append(f"{where} quote {k + 1}: quotes must follow the order of the text")
            elif spans and span[0] < max(e for _, e in spans):
                errors.append(f"{where} quote {k + 1}: overlaps a previous quote")
            spans.append(span)
            stats["quotes"] += 1
            stats["direct"] += q["direct"] is True
            stats["no_cue"] += q["cue"] is None
            stats["kinds"][q["speaker_kind"]] += 1
        if not quotes and "note" not in item:
            warnings.append(f"{where}: no quotes (add a note if that is meant)")
        count = sentences(text)
        if not 4 <= count <= 12:
            warnings.append(f"{where}: about {count} sentences (expected 4-12)")
        stats["per_article"].append((qid, len(quotes), count))
    return errors, warnings, stats


def report(lang: str, stats: dict[str, Any]) -> None:
    total, direct = stats["quotes"], stats["direct"]
    reported = total - direct
    share = f"{100 * reported / total:.0f}%" if total else "-"
    print(f"== {lang}: {stats['articles']} articles, {total} quotes")
    print(f"   direct {direct}, reported {reported} ({share} reported); without a cue {stats['no_cue']}")
    print("   speakers by kind: " + ", ".join(f"{k} {stats['kinds'][k]}" for k in KINDS if stats["kinds"][k]))
    per = stats["per_article"]
    if per:
        counts = [c for _, c, _ in per]
        print(
            f"   quotes per article: min {min(counts)} / median {statistics.median(counts):g} / "
            f"max {max(counts)}; sentences per article: min {min(s for *_, s in per)} / "
            f"max {max(s for *_, s in per)}"
        )
    print("   topics: " + ", ".join(f"{k} {v}" for k, v in sorted(stats["topics"].items())))


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted(HERE.glob("*.yaml"))
    seen: set[str] = set()
    all_errors: list[str] = []
    for path in paths:
        errors, warnings, stats = check_file(path, seen)
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
