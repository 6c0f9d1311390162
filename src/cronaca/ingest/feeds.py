"""RSS and Atom feeds: one article per entry, parsed with feedparser from the given bytes."""

from __future__ import annotations

import codecs
import datetime as dt
import email.utils
import io
import logging
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from cronaca.ingest.article import ArticleInput, parse_date
from cronaca.ingest.html import html_to_text
from cronaca.model import Origin, RejectCode, Rejection

if TYPE_CHECKING:
    from cronaca.ingest.readers import ReadOptions

log = logging.getLogger(__name__)

_FEED_ROOT = re.compile(rb"<(?:[\w-]+:)?(?:rss|feed|RDF)[\s>]")
_WIDE_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)  # also the start of the UTF-32 ones


def looks_like_feed(head: bytes) -> bool:
    """Whether the start of an XML file is an RSS, RDF or Atom feed (for ``.xml`` files)."""
    return _FEED_ROOT.search(head[:4096]) is not None


def read_feed(data: bytes, name: str | None, options: ReadOptions) -> Iterator[ArticleInput | Rejection]:
    """Each entry of the feed in ``data``, in feed order; ``origin.line`` is the entry's number."""
    import feedparser

    if not data.startswith(_WIDE_BOMS) and b"\x00" in data[:65536]:
        yield Rejection(
            code=RejectCode.BINARY, reason="binary data (NUL bytes), not a feed", origin=Origin(path=name)
        )
        return
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True, resolve_relative_uris=True)
    entries: list[Any] = parsed.get("entries", [])
    error = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if not entries:
        if error is not None:
            reason = f"not a readable RSS or Atom feed: {_describe(error)} (feedparser)"
        elif not parsed.get("version"):
            reason = "not an RSS or Atom feed (no <rss>, <feed> or <rdf:RDF> with entries)"
        else:
            log.info("%s: the feed has no entries", name or "<stdin>")
            return
        yield Rejection(code=RejectCode.INVALID_RECORD, reason=reason, origin=Origin(path=name))
        return
    if error is not None:
        log.info("%s: feed read despite a problem: %s", name or "<stdin>", _describe(error))
    source = _plain(parsed.get("feed", {}).get("title_detail")) or None
    for number, entry in enumerate(entries, start=1):
        origin = Origin(path=name, line=number)
        entry_id = entry.get("id") or None
        text = _entry_text(entry)
        if not text:
            yield Rejection(
                code=RejectCode.EMPTY,
                reason="the feed entry has no text (no content or summary)",
                origin=origin,
                external_id=entry_id,
            )
            continue
        yield ArticleInput(
            text=text,
            id=entry_id,
            title=_plain(entry.get("title_detail")) or None,
            published=_entry_date(entry) or options.published,
            url=entry.get("link") or None,
            source=source,
            origin=origin,
        )


def _entry_text(entry: Any) -> str:
    """The longest of the entry's contents and its summary, as plain text."""
    details = [*entry.get("content", []), entry.get("summary_detail")]
    texts = [_plain(detail) for detail in details]
    return max(texts, key=len, default="")


def _plain(detail: Any) -> str:
    if not detail or not detail.get("value"):
        return ""
    value = str(detail["value"])
    if detail.get("type") in ("text/html", "application/xhtml+xml"):
        return html_to_text(value)
    paragraphs = (" ".join(block.split()) for block in re.split(r"\n\s*\n", value))
    return "\n\n".join(p for p in paragraphs if p)


def _entry_date(entry: Any) -> dt.date | None:
    """The entry's publication (else update) date, as the calendar day of its own time zone."""
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if not raw:
            continue
        for parse in (_rfc822_date, parse_date):
            try:
                return parse(raw)
            except (TypeError, ValueError, IndexError):
                pass
        when = entry.get(f"{key}_parsed")  # feedparser's reading, in UTC
        if when:
            return dt.date(when.tm_year, when.tm_mon, when.tm_mday)
    return None


def _rfc822_date(value: str) -> dt.date:
    return email.utils.parsedate_to_datetime(value).date()


def _describe(error: BaseException) -> str:
    line = getattr(error, "getLineNumber", None)
    message = getattr(error, "getMessage", None)
    if callable(line) and callable(message):
        return f"line {line()}: {message()}"
    return str(error) or type(error).__name__
