"""Readers for ``cronaca analyze``: text files, JSON Lines, JSON, HTML pages, RSS/Atom feeds, WARC
files, CSV tables, ZIP/tar archives, directories and standard input.

Each reader yields an :class:`ArticleInput` or, for input it cannot read, a
:class:`~cronaca.model.Rejection` with the file and line, so that a batch never stops at a bad
file or line and output order always follows input order. This module finds each input's
format and dispatches; each format beyond plain text and JSON has its own module
(:mod:`~cronaca.ingest.html`, :mod:`~cronaca.ingest.feeds`, :mod:`~cronaca.ingest.warc`,
:mod:`~cronaca.ingest.tables`, :mod:`~cronaca.ingest.archives`).
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Literal

import orjson

from cronaca.errors import InputRejected
from cronaca.ingest.archives import ARCHIVE_SUFFIXES, read_archive
from cronaca.ingest.article import ArticleInput, article_from_record
from cronaca.ingest.checks import DEFAULT_MAX_CHARS, decode
from cronaca.ingest.feeds import looks_like_feed, read_feed
from cronaca.ingest.html import read_html
from cronaca.ingest.tables import read_table
from cronaca.ingest.warc import read_warc
from cronaca.model import Origin, RejectCode, Rejection

InputFormat = Literal["auto", "text", "jsonl", "json", "html", "feed", "warc", "csv"]
TEXT_SUFFIXES = (".txt", ".text")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
JSON_SUFFIXES = (".json",)
HTML_SUFFIXES = (".html", ".htm")
FEED_SUFFIXES = (".rss", ".atom")
XML_SUFFIXES = (".xml",)
"""Read as a feed when the file is one (``<rss>``, ``<feed>``, ``<rdf:RDF>``)."""
WARC_SUFFIXES = (".warc", ".warc.gz")
CSV_SUFFIXES = (".csv", ".tsv")
SUFFIXES: dict[str, tuple[str, ...]] = {
    "text": TEXT_SUFFIXES,
    "jsonl": JSONL_SUFFIXES,
    "json": JSON_SUFFIXES,
    "html": HTML_SUFFIXES,
    "feed": FEED_SUFFIXES,
    "xml": XML_SUFFIXES,
    "warc": WARC_SUFFIXES,
    "csv": CSV_SUFFIXES,
    "archive": ARCHIVE_SUFFIXES,
}
"""The formats read by suffix (with ``--input-format auto``), and the suffixes of each."""
STREAMED = frozenset({"jsonl", "csv", "warc"})
"""Formats read as they come, whatever the size of the file (a limit holds for each article)."""
STDIN = "-"


@dataclass(frozen=True)
class ReadOptions:
    input_format: InputFormat = "auto"
    encoding: str = "utf-8"
    max_chars: int = DEFAULT_MAX_CHARS
    published: dt.date | None = None
    """Publication date for inputs that do not give their own."""

    @property
    def max_bytes(self) -> int:
        """Largest input holding one article (a file, an HTML page, an archive member)."""
        return self.max_chars * 4  # UTF-8 needs at most 4 bytes a character

    @property
    def max_total_bytes(self) -> int:
        """Largest feed, and most bytes read out of one archive (a guard against zip bombs)."""
        return self.max_bytes * 20


Item = ArticleInput | Rejection


def read_inputs(paths: Iterable[str], options: ReadOptions, stdin: BinaryIO) -> Iterator[Item]:
    """All articles of ``paths`` (files, directories, or ``-`` for standard input), in order."""
    for name in paths:
        if name == STDIN:
            yield from read_stream(stdin, None, options)
            continue
        path = Path(name)
        if path.is_dir():
            yield from _read_directory(path, options)
        else:
            yield from read_file(path, options)


def _read_directory(root: Path, options: ReadOptions) -> Iterator[Item]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for filename in sorted(filenames):
            path = Path(dirpath) / filename
            if filename.startswith("."):
                continue
            kind = _suffix_format(filename)
            if options.input_format == "auto" and (kind is None or (kind == "xml" and not _is_feed(path))):
                continue
            yield from read_file(path, options)


def read_file(path: Path, options: ReadOptions) -> Iterator[Item]:
    origin = Origin(path=str(path))
    try:
        if not path.exists():
            raise InputRejected(RejectCode.NOT_FOUND, f"no such file: {path}")
        if path.is_dir():
            raise InputRejected(RejectCode.UNREADABLE, f"{path} is a directory")
        fmt = _format_of(path, options.input_format)
        if fmt == "archive":
            yield from read_archive(path, options, _wanted(options), _member_reader(options))
            return
        if fmt in STREAMED:
            with path.open("rb") as stream:
                yield from _read_stream_of(fmt, stream, str(path), options)
            return
        size = path.stat().st_size
        limit = options.max_total_bytes if fmt == "feed" else options.max_bytes
        if size > limit:
            what = "feed" if fmt == "feed" else "file"
            raise InputRejected(
                RejectCode.TOO_LARGE,
                f"the {what} has {size:,} bytes, over the limit of {limit:,} (for {options.max_chars:,} "
                "characters); split it into articles or raise the limit (--max-chars)",
            )
        data = path.read_bytes()
    except InputRejected as exc:
        yield exc.to_rejection(origin)
        return
    except OSError as exc:
        yield Rejection(
            code=RejectCode.UNREADABLE, reason=f"cannot read {path}: {exc.strerror}", origin=origin
        )
        return
    yield from _read_document(data, str(path), fmt, options)


def read_stream(stream: BinaryIO, name: str | None, options: ReadOptions) -> Iterator[Item]:
    """Read standard input (or any binary stream): JSON Lines if it starts with ``{``, plain text
    otherwise, unless ``--input-format`` says which."""
    fmt = options.input_format
    if fmt == "auto":
        head, stream = _sniff(stream)
        fmt = "jsonl" if head.removeprefix(codecs.BOM_UTF8).lstrip()[:1] == b"{" else "text"
    if fmt in STREAMED:
        yield from _read_stream_of(fmt, stream, name, options)
        return
    limit = options.max_total_bytes if fmt == "feed" else options.max_bytes
    data = stream.read(limit + 1)
    if len(data) > limit:
        yield Rejection(
            code=RejectCode.TOO_LARGE,
            reason=f"standard input is over {limit:,} bytes; split it into articles "
            "(JSON Lines) or raise the limit (--max-chars)",
            origin=Origin(path=name),
        )
        return
    yield from _read_document(data, name, fmt, options)


def _read_stream_of(fmt: str, stream: BinaryIO, name: str | None, options: ReadOptions) -> Iterator[Item]:
    """A format read as it comes: JSON Lines, CSV or WARC."""
    if fmt == "jsonl":
        yield from _read_jsonl(stream, name, options)
    elif fmt == "warc":
        yield from read_warc(stream, name, options)
    else:
        yield from _read_csv(stream, name, options)


def _read_csv(stream: BinaryIO, name: str | None, options: ReadOptions) -> Iterator[Item]:
    buffered = stream if isinstance(stream, io.BufferedReader) else io.BufferedReader(_Replay(b"", stream))
    tsv = name is not None and name.lower().endswith(".tsv")
    for row in read_table(buffered, name, options, delimiter="\t" if tsv else None):
        yield row if isinstance(row, Rejection) else _article(row[0], row[1], options)


def _sniff(stream: BinaryIO, limit: int = 65536) -> tuple[bytes, BinaryIO]:
    """The start of ``stream`` up to its first non-blank byte (or ``limit`` bytes), and a stream
    that reads everything again from the start. Works on pipes, files and in-memory streams,
    whether or not they can ``peek``, and on input that arrives in small pieces."""
    read = getattr(stream, "read1", stream.read)
    head = b""
    while len(head) < limit and not head.removeprefix(codecs.BOM_UTF8).strip():
        chunk = read(4096)
        if not chunk:
            break
        head += chunk
    return head, io.BufferedReader(_Replay(head, stream))


class _Replay(io.RawIOBase):
    """A raw stream giving ``head`` and then the rest of ``stream``."""

    def __init__(self, head: bytes, stream: BinaryIO) -> None:
        self._head = head
        self._stream = stream
        self._read = getattr(stream, "read1", stream.read)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        data = self._head[: len(view)] if self._head else self._read(len(view))
        self._head = self._head[len(data) :]
        view[: len(data)] = data
        return len(data)


def _read_document(data: bytes, name: str | None, fmt: str, options: ReadOptions) -> Iterator[Item]:
    """An input held in memory (a file, standard input, an archive member), in format ``fmt``."""
    origin = Origin(path=name)
    if fmt == "html":
        yield read_html(data, origin, options)
        return
    if fmt == "feed":
        yield from read_feed(data, name, options)
        return
    if fmt in STREAMED:
        yield from _read_stream_of(fmt, io.BytesIO(data), name, options)
        return
    try:
        text = decode(data, options.encoding)
    except InputRejected as exc:
        yield exc.to_rejection(origin)
        return
    if fmt == "json":
        yield from _read_json(text, name, options)
        return
    if not text.strip():
        yield Rejection(code=RejectCode.EMPTY, reason="the text is empty", origin=origin)
        return
    yield ArticleInput(text=text, published=options.published, origin=origin)


def _read_json(text: str, name: str | None, options: ReadOptions) -> Iterator[Item]:
    """A ``.json`` file: one article object, or an array of them."""
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        yield Rejection(
            code=RejectCode.INVALID_JSON, reason=f"not valid JSON: {exc}", origin=Origin(path=name)
        )
        return
    records = value if isinstance(value, list) else [value]
    for index, record in enumerate(records):
        origin = Origin(path=name, line=index + 1 if isinstance(value, list) else None)
        yield _article(record, origin, options)


def _read_jsonl(stream: BinaryIO, name: str | None, options: ReadOptions) -> Iterator[Item]:
    for number, raw in enumerate(stream, start=1):
        origin = Origin(path=name, line=number)
        if number == 1:
            raw = raw.removeprefix(codecs.BOM_UTF8)  # as Windows editors write it
        if not raw.strip():
            continue
        if len(raw) > options.max_bytes:
            yield Rejection(
                code=RejectCode.TOO_LARGE,
                reason=f"the line has {len(raw):,} bytes, over the limit (--max-chars)",
                origin=origin,
            )
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield Rejection(
                code=RejectCode.ENCODING,
                reason=f"not valid UTF-8 at byte {exc.start} of the line (JSON Lines must be UTF-8)",
                origin=origin,
            )
            continue
        try:
            record = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            yield Rejection(code=RejectCode.INVALID_JSON, reason=f"not valid JSON: {exc}", origin=origin)
            continue
        yield _article(record, origin, options)


def _article(record: object, origin: Origin, options: ReadOptions) -> Item:
    try:
        article = article_from_record(record, origin)
    except InputRejected as exc:
        ext = record.get("id") if isinstance(record, dict) else None
        return exc.to_rejection(origin, ext if isinstance(ext, str) else None)
    if not article.text.strip():
        return Rejection(
            code=RejectCode.EMPTY, reason="the text is empty", origin=origin, external_id=article.id
        )
    if article.published is None and options.published is not None:
        article = article.model_copy(update={"published": options.published})
    return article


def _format_of(path: Path, requested: InputFormat) -> str:
    """How to read a file: an archive is always one (its members are read in ``requested``
    format); otherwise ``requested``, or the format its suffix names (plain text if none)."""
    kind = _suffix_format(path.name)
    if kind == "archive":
        return kind
    if requested != "auto":
        return requested
    if kind == "xml":
        return "feed" if _is_feed(path) else "text"
    return kind or "text"


def _suffix_format(name: str) -> str | None:
    lowered = name.lower()
    for fmt, suffixes in SUFFIXES.items():
        if lowered.endswith(suffixes):
            return fmt
    return None


def _is_feed(path: Path) -> bool:
    try:
        with path.open("rb") as stream:
            return looks_like_feed(stream.read(4096))
    except OSError:
        return True  # let reading it report the problem


def _wanted(options: ReadOptions) -> Callable[[str], bool]:
    """Which archive members are read: as in a directory, those of a known suffix (all of them
    with an explicit ``--input-format``)."""
    return lambda name: options.input_format != "auto" or _suffix_format(name) is not None


def _member_reader(options: ReadOptions) -> Callable[[bytes, str], Iterator[Item]]:
    def read_member(data: bytes, name: str) -> Iterator[Item]:
        fmt: str = options.input_format
        if fmt == "auto":
            fmt = _suffix_format(name) or "text"
            if fmt == "xml":
                if not looks_like_feed(data):
                    return  # not a feed: skipped, as in a directory
                fmt = "feed"
        yield from _read_document(data, name, fmt, options)

    return read_member
