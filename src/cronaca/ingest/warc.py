"""WARC files (``.warc``, ``.warc.gz``), read with warcio: each HTML response is one page.

Other records (requests, metadata, images, redirects, errors) are skipped and counted in the log;
a file that breaks off or cannot be parsed is rejected from the record where it breaks, keeping
the pages read before.
"""

from __future__ import annotations

import datetime as dt
import logging
import zlib
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, BinaryIO

from cronaca.ingest.article import ArticleInput, parse_date
from cronaca.ingest.html import HTML_TYPES, read_html
from cronaca.model import Origin, RejectCode, Rejection

if TYPE_CHECKING:
    from cronaca.ingest.readers import ReadOptions

log = logging.getLogger(__name__)

_CHUNK = 1 << 16


class _Truncated(Exception):
    """The file ends inside a record."""


def read_warc(stream: BinaryIO, name: str | None, options: ReadOptions) -> Iterator[ArticleInput | Rejection]:
    """The HTML pages of a WARC, in file order; ``origin.line`` is the record's number (every
    record counts, ``warcinfo`` and requests included)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed
    from warcio.statusandheaders import StatusAndHeadersParserException

    where = name or "<stdin>"
    counted = _Counting(stream)
    records = iter(ArchiveIterator(counted))
    skipped: Counter[str] = Counter()
    reading = 1  # the number of the record being read
    pages = 0
    while True:
        origin = Origin(path=name, line=reading)
        try:
            record = next(records, None)
            if record is None:
                if reading == 1 and counted.bytes_read:
                    raise ArchiveLoadFailed("no WARC record found: not a WARC file, or cut off")
                break
            if record.format != "warc":  # warcio also reads the older ARC format, and mistakes text for it
                raise ArchiveLoadFailed("not a WARC record (a WARC file starts with 'WARC/1.0')")
            kind = _html_response(record)
            if kind is not None:
                skipped[kind] += 1
                _drain(record)
                reading += 1
                continue
            page = _payload(record, origin, options)
        except (
            _Truncated,
            ArchiveLoadFailed,
            StatusAndHeadersParserException,
            EOFError,
            OSError,
            ValueError,
            zlib.error,
            AttributeError,  # warcio on some garbage
        ) as exc:
            kept = f"; the {reading - 1} records before it were read" if reading > 1 else ""
            yield Rejection(
                code=RejectCode.UNREADABLE,
                reason=f"the WARC is corrupt or incomplete from record {reading} on: {_describe(exc)}{kept}",
                origin=origin,
            )
            break
        if isinstance(page, Rejection):
            yield page
        else:
            pages += 1
            data, charset = page
            url = (record.rec_headers.get_header("WARC-Target-URI") or "").strip("<> ") or None
            yield read_html(data, origin, options, charset=charset, url=url, fallback_date=_warc_date(record))
        reading += 1
    if skipped:
        detail = ", ".join(f"{kind}: {n}" for kind, n in sorted(skipped.items()))
        log.info("%s: %d HTML pages, %d other records skipped (%s)", where, pages, skipped.total(), detail)


def _html_response(record: Any) -> str | None:
    """``None`` for a successful HTML response, else the kind of record skipped."""
    if record.rec_type != "response":
        return str(record.rec_type)
    if record.http_headers is None:
        return "response without HTTP headers"
    status = record.http_headers.get_statuscode() or ""
    if not status.startswith("2"):
        return f"response {status or 'without status'}"
    if _content_type(record)[0] not in HTML_TYPES:
        return "response not HTML"
    return None


def _payload(record: Any, origin: Origin, options: ReadOptions) -> tuple[bytes, str | None] | Rejection:
    """The HTTP payload of a response (decoded from its transfer and content encodings) and the
    charset its headers declare; the whole record is read, to find a file that ends inside it."""
    stream = record.content_stream()
    data = stream.read(options.max_bytes + 1)
    if len(data) > options.max_bytes:
        _drain(record)
        return Rejection(
            code=RejectCode.TOO_LARGE,
            reason=f"the page is over {options.max_bytes:,} bytes, the limit (--max-chars)",
            origin=origin,
        )
    while stream.read(_CHUNK):
        pass
    _drain(record)
    return data, _content_type(record)[1]


def _content_type(record: Any) -> tuple[str, str | None]:
    value = record.http_headers.get_header("Content-Type") or ""
    mime, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset":
            charset = val.strip().strip("\"'") or None
    return mime.strip().lower(), charset


def _warc_date(record: Any) -> dt.date | None:
    value = record.rec_headers.get_header("WARC-Date")
    try:
        return parse_date(value) if value else None
    except ValueError:
        return None


def _drain(record: Any) -> None:
    """Read the rest of the record's block, and refuse a record the file ends inside of."""
    raw = record.raw_stream
    while raw.read(_CHUNK):
        pass
    missing = getattr(raw, "limit", 0)
    if missing:
        raise _Truncated(f"the file ends {missing:,} bytes before the end of the record")


class _Counting:
    """A binary stream that counts the bytes read through it."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self.bytes_read = 0

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        self.bytes_read += len(data)
        return data

    def readline(self, size: int = -1) -> bytes:
        data = self._stream.readline(size)
        self.bytes_read += len(data)
        return data


def _describe(exc: BaseException) -> str:
    return str(exc).strip() or type(exc).__name__
