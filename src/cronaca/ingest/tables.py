"""CSV and TSV tables: a header row naming the fields of JSON Lines records, then one article a row.

Rows are read as they come (a table of millions of articles needs no more memory than a row);
each becomes a record that goes through the same validation as a JSON Lines line.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from cronaca.errors import InputRejected
from cronaca.ingest.checks import decode
from cronaca.model import Origin, RejectCode, Rejection

if TYPE_CHECKING:
    from cronaca.ingest.readers import ReadOptions

FIELDS = ("text", "id", "title", "published", "url", "source", "lang")
Row = tuple[dict[str, str], Origin]
"""A row as a JSON-like record, and where it starts."""

_WIDE_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)  # also the start of the UTF-32 ones
_DELIMITERS = ",;\t"
_UNDECODABLE = re.compile("[\udc80-\udcff]")  # bytes kept by errors="surrogateescape"


def read_table(
    stream: io.BufferedReader, name: str | None, options: ReadOptions, *, delimiter: str | None = None
) -> Iterator[Row | Rejection]:
    """The rows of a CSV table (``delimiter`` ``"\\t"`` for TSV; guessed from the header row
    among ``,``, ``;`` and tab when ``None``), as records with their line numbers."""
    file_origin = Origin(path=name)
    try:
        codec = codecs.lookup(options.encoding).name
        _check_head(stream.peek(65536)[:65536], codec, options.encoding)
    except LookupError:
        yield Rejection(
            code=RejectCode.ENCODING, reason=f"unknown encoding {options.encoding!r}", origin=file_origin
        )
        return
    except InputRejected as exc:
        yield exc.to_rejection(file_origin)
        return
    text = io.TextIOWrapper(
        stream,
        encoding="utf-8-sig" if codec == "utf-8" else options.encoding,
        errors="surrogateescape",
        newline="",
    )
    lines = _Lines(text)
    header_line = next(lines, None)
    while header_line is not None and not header_line.strip():
        header_line = next(lines, None)
    if header_line is None:
        yield Rejection(
            code=RejectCode.EMPTY, reason="the table is empty (no header row)", origin=file_origin
        )
        return
    if delimiter is None:
        delimiter = max(_DELIMITERS, key=header_line.count)
    csv.field_size_limit(max(csv.field_size_limit(), options.max_bytes))
    rows = csv.reader(_chain(header_line, lines), delimiter=delimiter)
    header = [cell.strip() for cell in next(rows)]
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        columns.setdefault(cell.lower(), index)
    if _UNDECODABLE.search(header_line):
        yield _undecodable(Origin(path=name, line=lines.number), codec, "header row")
        return
    if "text" not in columns:
        found = ", ".join(repr(cell) for cell in header) or "none"
        yield Rejection(
            code=RejectCode.INVALID_RECORD,
            reason=f"the table has no 'text' column (columns found: {found}); "
            f"its header row must name the fields: {', '.join(FIELDS)}",
            origin=Origin(path=name, line=lines.number),
        )
        return
    fields = {field: columns[field] for field in FIELDS if field in columns}
    while True:
        start = lines.number + 1
        try:
            row = next(rows, None)
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                code, reason = RejectCode.TOO_LARGE, "a cell of the row is over the limit (--max-chars)"
            else:
                code, reason = RejectCode.INVALID_RECORD, f"not a valid CSV row: {exc}"
            yield Rejection(code=code, reason=reason, origin=Origin(path=name, line=start))
            continue
        if row is None:
            return
        origin = Origin(path=name, line=start)
        if not any(cell.strip() for cell in row):
            continue
        if len(row) <= fields["text"]:
            ext = row[fields["id"]].strip() if fields.get("id", len(row)) < len(row) else ""
            yield Rejection(
                code=RejectCode.INVALID_RECORD,
                reason=f"the row has {len(row)} cells, too few to reach the 'text' column "
                f"(column {fields['text'] + 1})",
                origin=origin,
                external_id=ext or None,
            )
            continue
        record = {
            field: row[index] if field == "text" else row[index].strip()
            for field, index in fields.items()
            if index < len(row) and (field == "text" or row[index].strip())
        }
        bad = [field for field, value in record.items() if _UNDECODABLE.search(value)]
        if bad:
            yield _undecodable(origin, codec, f"column '{bad[0]}'")
            continue
        yield record, origin


def _check_head(head: bytes, codec: str, encoding: str) -> None:
    if codec.startswith(("utf-16", "utf-32")):
        return
    if head.startswith(_WIDE_BOMS):
        decode(head, encoding)  # says which encoding it is, and how to read it
    if b"\x00" in head:
        raise InputRejected(RejectCode.BINARY, "binary data (NUL bytes), not a CSV table")


def _undecodable(origin: Origin, codec: str, where: str) -> Rejection:
    return Rejection(
        code=RejectCode.ENCODING,
        reason=f"not valid {codec.upper()} in the {where}; pass --encoding (e.g. latin-1 or cp1252) "
        "if the file uses another encoding",
        origin=origin,
    )


class _Lines:
    """The physical lines of a text stream, counted (a quoted cell may span several)."""

    def __init__(self, stream: io.TextIOWrapper) -> None:
        self._stream = stream
        self.number = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = self._stream.readline()
        if not line:
            raise StopIteration
        self.number += 1
        return line


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest
