"""Readers for ``cronaca analyze``: text files, JSON Lines, JSON, directories and standard input.

Each reader yields an :class:`ArticleInput` or, for input it cannot read, a
:class:`~cronaca.model.Rejection` with the file and line, so that a batch never stops at a bad
file or line and output order always follows input order.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Literal

import orjson

from cronaca.errors import InputRejected
from cronaca.ingest.article import ArticleInput, article_from_record
from cronaca.ingest.checks import DEFAULT_MAX_CHARS, decode
from cronaca.model import Origin, RejectCode, Rejection

InputFormat = Literal["auto", "text", "jsonl", "json"]
TEXT_SUFFIXES = {".txt", ".text"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
JSON_SUFFIXES = {".json"}
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
        return self.max_chars * 4  # UTF-8 needs at most 4 bytes a character


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
    known = TEXT_SUFFIXES | JSONL_SUFFIXES | JSON_SUFFIXES
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for filename in sorted(filenames):
            path = Path(dirpath) / filename
            if filename.startswith(".") or (
                options.input_format == "auto" and path.suffix.lower() not in known
            ):
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
        if fmt == "jsonl":
            with path.open("rb") as stream:
                yield from _read_jsonl(stream, str(path), options)
            return
        size = path.stat().st_size
        if size > options.max_bytes:
            raise InputRejected(
                RejectCode.TOO_LARGE,
                f"the file has {size:,} bytes, over the limit for {options.max_chars:,} "
                "characters; split it into articles or raise the limit (--max-chars)",
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
    """Read standard input (or any binary stream): JSON Lines if it starts with ``{``."""
    fmt = options.input_format
    if fmt == "auto":
        head, stream = _sniff(stream)
        fmt = "jsonl" if head.removeprefix(codecs.BOM_UTF8).lstrip()[:1] == b"{" else "text"
    if fmt == "jsonl":
        yield from _read_jsonl(stream, name, options)
        return
    data = stream.read(options.max_bytes + 1)
    if len(data) > options.max_bytes:
        yield Rejection(
            code=RejectCode.TOO_LARGE,
            reason=f"standard input is over {options.max_bytes:,} bytes; split it into articles "
            "(JSON Lines) or raise the limit (--max-chars)",
            origin=Origin(path=name),
        )
        return
    yield from _read_document(data, name, fmt, options)


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
    origin = Origin(path=name)
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
    if requested != "auto":
        return requested
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in JSON_SUFFIXES:
        return "json"
    return "text"
