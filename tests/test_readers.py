"""Readers of ``cronaca analyze``: what a new user feeds in, and what each bad input becomes.

These run without a pipeline: a reader yields an ``ArticleInput`` for each readable article and a
``Rejection`` (with file and line) for everything else, in input order, and never stops a batch.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import json
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cronaca.errors import InputRejected
from cronaca.ingest.article import ArticleInput
from cronaca.ingest.checks import decode
from cronaca.ingest.readers import ReadOptions, read_file, read_stream
from cronaca.model import RejectCode
from reading import article, read, rejection, summary

IT = (
    "ROMA – Il presidente del Consiglio ha incontrato lunedì a Palazzo Chigi i sindacati per "
    "discutere della manovra economica. «Siamo pronti ad ascoltare tutte le proposte», ha detto."
)
IT_ACCENTS = (
    "Perché la città è già pronta? Il sindaco di Forlì ha detto che l'università riaprirà "
    "lunedì, però molti studenti non sono ancora tornati."
)
PNG_HEADER = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa"
)


# --- text files ------------------------------------------------------------------------------


def test_good_text_file_becomes_an_article_with_its_origin(tmp_path: Path) -> None:
    path = tmp_path / "articolo.txt"
    path.write_text(IT, encoding="utf-8")
    [item] = read([path], published=dt.date(2020, 1, 6))
    got = article(item)
    assert got.text == IT
    assert got.published == dt.date(2020, 1, 6)
    assert got.origin is not None and got.origin.path == str(path) and got.origin.line is None


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  ", b"\xef\xbb\xbf", b"\xef\xbb\xbf \n"])
def test_empty_file_is_rejected_as_empty(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "vuoto.txt"
    path.write_bytes(content)
    [item] = read([path])
    got = rejection(item)
    assert got.code is RejectCode.EMPTY
    assert got.location() == str(path)


def test_random_bytes_with_nuls_are_binary(tmp_path: Path) -> None:
    data = random.Random(7).randbytes(4096) + b"\x00" * 16
    path = tmp_path / "dump.txt"
    path.write_bytes(data)
    got = rejection(read([path])[0])
    assert got.code is RejectCode.BINARY
    assert "binary" in got.reason


def test_random_bytes_without_nuls_are_binary_not_an_encoding_problem(tmp_path: Path) -> None:
    rng = random.Random(3)
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(rng.randrange(1, 256) for _ in range(4096)))
    assert rejection(read([path])[0]).code is RejectCode.BINARY


def test_control_characters_are_binary(tmp_path: Path) -> None:
    path = tmp_path / "ctrl.txt"
    path.write_bytes(bytes(range(1, 9)) * 50 + b"testo")
    assert rejection(read([path])[0]).code is RejectCode.BINARY


def test_png_is_binary_even_with_a_txt_suffix(tmp_path: Path) -> None:
    for name in ("logo.png", "logo.txt"):
        path = tmp_path / name
        path.write_bytes(PNG_HEADER + bytes(64))
        got = rejection(read([path])[0])
        assert got.code is RejectCode.BINARY, name
        assert got.origin is not None and got.origin.path == str(path)


def test_latin1_text_is_rejected_with_a_hint_and_read_with_encoding(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes(IT_ACCENTS.encode("latin-1"))
    got = rejection(read([path])[0])
    assert got.code is RejectCode.ENCODING
    assert "UTF-8" in got.reason
    assert "--encoding" in got.reason and "latin-1" in got.reason
    for encoding in ("latin-1", "cp1252", "ISO-8859-1"):
        assert article(read([path], encoding=encoding)[0]).text == IT_ACCENTS


@pytest.mark.parametrize(
    ("codec", "hint"),
    [("utf-16", "utf-16"), ("utf-16-le", "utf-16"), ("utf-16-be", "utf-16"), ("utf-32", "utf-32")],
)
def test_utf16_and_utf32_with_bom(tmp_path: Path, codec: str, hint: str) -> None:
    bom = {
        "utf-16": b"",  # Python's utf-16 codec writes its own BOM
        "utf-16-le": codecs.BOM_UTF16_LE,
        "utf-16-be": codecs.BOM_UTF16_BE,
        "utf-32": b"",
    }[codec]
    path = tmp_path / "unicode.txt"
    path.write_bytes(bom + IT_ACCENTS.encode(codec))
    got = rejection(read([path])[0])
    assert got.code is RejectCode.ENCODING, got.reason
    assert f"--encoding {hint}" in got.reason
    # ... and the hint works: the text is read (the BOM is not part of it).
    text = article(read([path], encoding=hint)[0]).text
    assert text.removeprefix("\ufeff") == IT_ACCENTS


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(codecs.BOM_UTF8 + IT.encode("utf-8"))
    assert article(read([path])[0]).text == IT


def test_binary_stays_binary_with_a_utf16_encoding(tmp_path: Path) -> None:
    path = tmp_path / "dump.txt"
    path.write_bytes(b"\x00" * 4096)
    assert rejection(read([path], encoding="utf-16")[0]).code is RejectCode.BINARY


def test_unknown_encoding_is_an_encoding_rejection() -> None:
    with pytest.raises(InputRejected, match="unknown encoding") as info:
        decode(b"testo", "klingon-8")
    assert info.value.code is RejectCode.ENCODING


def test_50_mb_file_is_rejected_quickly_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    line = ("La NATO ha sospeso la missione in Iraq, ha detto lunedì Stoltenberg. " * 15 + "\n").encode()
    with path.open("wb") as f:
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            f.write(line)
    assert path.stat().st_size > 50 * 1024 * 1024
    started = time.perf_counter()
    items = read([path])
    elapsed = time.perf_counter() - started
    [item] = items
    got = rejection(item)
    assert got.code is RejectCode.TOO_LARGE
    assert "--max-chars" in got.reason
    assert elapsed < 1.0, f"took {elapsed:.2f} s: the file was read instead of refused by its size"


def test_text_over_max_chars_is_too_large(tmp_path: Path) -> None:
    path = tmp_path / "lungo.txt"
    path.write_text(IT * 10, encoding="utf-8")
    assert rejection(read([path], max_chars=100)[0]).code is RejectCode.TOO_LARGE
    assert isinstance(read([path], max_chars=len(IT) * 10)[0], ArticleInput)


def test_missing_file_is_not_found(tmp_path: Path) -> None:
    path = tmp_path / "non-esiste.txt"
    got = rejection(read([path])[0])
    assert got.code is RejectCode.NOT_FOUND
    assert str(path) in got.reason
    assert got.location() == str(path)


def test_unreadable_file_is_unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "segreto.txt"
    path.write_text(IT, encoding="utf-8")

    def denied(self: Path) -> bytes:  # as for a file without read permission (tests may run as root)
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    got = rejection(read([path])[0])
    assert got.code is RejectCode.UNREADABLE
    assert str(path) in got.reason and "Permission denied" in got.reason


# --- JSON Lines ------------------------------------------------------------------------------


def test_jsonl_bad_lines_are_rejected_in_place_with_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "a", "text": IT, "published": "2020-01-06"}),
        '{"id": "b", "text": "senza fine',
        json.dumps({"id": "c", "text": 42}),
        json.dumps({"id": "d", "text": IT, "published": 20200106}),
        json.dumps({"id": "e", "text": IT, "published": "2020-13-45"}),
        json.dumps([IT, "2020-01-06"]),
        "",
        json.dumps("solo una stringa"),
        json.dumps({"id": "h", "title": "senza testo"}),
        json.dumps({"id": "i", "text": ""}),
        json.dumps({"id": "j", "text": IT_ACCENTS, "published": "2020-01-07T23:30:00+01:00"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = read([path])
    assert summary(items) == [
        ("batch.jsonl", 1, "ok"),
        ("batch.jsonl", 2, "invalid_json"),
        ("batch.jsonl", 3, "invalid_record"),
        ("batch.jsonl", 4, "bad_date"),
        ("batch.jsonl", 5, "bad_date"),
        ("batch.jsonl", 6, "invalid_record"),
        ("batch.jsonl", 8, "invalid_record"),
        ("batch.jsonl", 9, "invalid_record"),
        ("batch.jsonl", 10, "empty"),
        ("batch.jsonl", 11, "ok"),
    ]
    by_line = {item.origin.line: item for item in items if item.origin}
    assert article(by_line[1]).published == dt.date(2020, 1, 6)
    assert article(by_line[1]).id == "a"
    assert "'text'" in rejection(by_line[3]).reason
    assert "date" in rejection(by_line[4]).reason
    assert "2020-13-45" in rejection(by_line[5]).reason
    assert "array" in rejection(by_line[6]).reason
    assert "a string" in rejection(by_line[8]).reason
    assert "'text'" in rejection(by_line[9]).reason
    # The record's own id is kept on its rejection, so that a user can find it.
    assert [rejection(by_line[n]).external_id for n in (3, 4, 5, 9, 10)] == ["c", "d", "e", "h", "i"]
    assert rejection(by_line[2]).location() == f"{path}:2"
    # A date-time gives the calendar day where it was written.
    assert article(by_line[11]).published == dt.date(2020, 1, 7)


def test_jsonl_line_that_is_not_utf8_is_rejected_alone(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(
        json.dumps({"text": IT}).encode()
        + b"\n"
        + json.dumps({"text": IT_ACCENTS}, ensure_ascii=False).encode("latin-1")
        + b"\n"
        + json.dumps({"text": IT_ACCENTS}, ensure_ascii=False).encode("utf-8")
        + b"\n"
    )
    items = read([path])
    assert summary(items) == [
        ("mixed.jsonl", 1, "ok"),
        ("mixed.jsonl", 2, "encoding"),
        ("mixed.jsonl", 3, "ok"),
    ]
    assert article(items[2]).text == IT_ACCENTS


def test_jsonl_with_utf8_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "windows.jsonl"
    body = "\r\n".join(json.dumps({"id": str(n), "text": IT}) for n in range(3)) + "\r\n"
    path.write_bytes(codecs.BOM_UTF8 + body.encode("utf-8"))
    items = read([path])
    assert [article(item).id for item in items] == ["0", "1", "2"]


def test_jsonl_line_over_the_limit_is_too_large(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    path.write_text(json.dumps({"text": IT * 20}) + "\n" + json.dumps({"text": IT}) + "\n", encoding="utf-8")
    items = read([path], max_chars=len(IT) * 2)
    assert summary(items) == [("big.jsonl", 1, "too_large"), ("big.jsonl", 2, "ok")]


def test_published_option_fills_in_but_never_overrides(tmp_path: Path) -> None:
    path = tmp_path / "dates.jsonl"
    path.write_text(
        json.dumps({"text": IT}) + "\n" + json.dumps({"text": IT, "published": "2019-12-31"}) + "\n",
        encoding="utf-8",
    )
    items = read([path], published=dt.date(2020, 1, 6))
    assert [article(item).published for item in items] == [dt.date(2020, 1, 6), dt.date(2019, 12, 31)]


# --- JSON files ------------------------------------------------------------------------------


def test_json_file_with_one_object_or_an_array(tmp_path: Path) -> None:
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"id": "x", "text": IT}), encoding="utf-8")
    many = tmp_path / "many.json"
    many.write_text(
        json.dumps([{"id": "y", "text": IT}, 7, {"id": "z", "text": IT_ACCENTS}]), encoding="utf-8"
    )
    broken = tmp_path / "broken.json"
    broken.write_text('{"text": ', encoding="utf-8")
    items = read([one, many, broken])
    assert summary(items) == [
        ("one.json", None, "ok"),
        ("many.json", 1, "ok"),
        ("many.json", 2, "invalid_record"),
        ("many.json", 3, "ok"),
        ("broken.json", None, "invalid_json"),
    ]
    assert [article(items[i]).id for i in (0, 1, 3)] == ["x", "y", "z"]


# --- several inputs and directories ----------------------------------------------------------


def test_bad_files_do_not_stop_a_batch_and_order_is_kept(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text(IT, encoding="utf-8")
    (tmp_path / "vuoto.txt").write_bytes(b"")
    (tmp_path / "logo.png").write_bytes(PNG_HEADER)
    (tmp_path / "a.jsonl").write_text(json.dumps({"text": IT}) + "\nnot json\n", encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes(IT_ACCENTS.encode("latin-1"))
    names = ["b.txt", "vuoto.txt", "manca.txt", "logo.png", "a.jsonl", "latin1.txt", "b.txt"]
    items = read([tmp_path / n for n in names])
    assert summary(items) == [
        ("b.txt", None, "ok"),
        ("vuoto.txt", None, "empty"),
        ("manca.txt", None, "not_found"),
        ("logo.png", None, "binary"),
        ("a.jsonl", 1, "ok"),
        ("a.jsonl", 2, "invalid_json"),
        ("latin1.txt", None, "encoding"),
        ("b.txt", None, "ok"),
    ]


def test_directory_recurses_into_known_files_in_sorted_order(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    (root / "2020" / "gennaio").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "b.txt").write_text(IT, encoding="utf-8")
    (root / "a.jsonl").write_text(
        json.dumps({"id": "a1", "text": IT}) + "\n" + json.dumps({"id": "a2", "text": IT}) + "\n",
        encoding="utf-8",
    )
    (root / "c.json").write_text(json.dumps({"id": "c", "text": IT}), encoding="utf-8")
    (root / "README.md").write_text("# corpus", encoding="utf-8")
    (root / "logo.png").write_bytes(PNG_HEADER)
    (root / ".nascosto.txt").write_text(IT, encoding="utf-8")
    (root / ".git" / "HEAD.txt").write_text(IT, encoding="utf-8")
    (root / "2020" / "z.txt").write_text(IT, encoding="utf-8")
    (root / "2020" / "gennaio" / "06.TXT").write_text(IT, encoding="utf-8")
    (root / "2020" / "gennaio" / "vuoto.txt").write_bytes(b"")
    items = read([root])
    assert summary(items) == [
        ("a.jsonl", 1, "ok"),
        ("a.jsonl", 2, "ok"),
        ("b.txt", None, "ok"),
        ("c.json", None, "ok"),
        ("z.txt", None, "ok"),
        ("06.TXT", None, "ok"),
        ("vuoto.txt", None, "empty"),
    ]
    paths = [item.origin.path for item in items if item.origin]
    assert paths[4] == str(root / "2020" / "z.txt")
    assert paths[5] == str(root / "2020" / "gennaio" / "06.TXT")


def test_input_format_text_reads_a_jsonl_file_as_one_text(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"text": IT}) + "\n", encoding="utf-8")
    [item] = read([path], input_format="text")
    assert article(item).text.startswith('{"text"')


# --- standard input --------------------------------------------------------------------------


class Trickle(io.RawIOBase):
    """A pipe that delivers a few bytes at a time and cannot peek."""

    def __init__(self, data: bytes, step: int = 3) -> None:
        self.data = data
        self.step = step

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk, self.data = self.data[: min(self.step, len(buffer))], self.data[self.step :]
        buffer[: len(chunk)] = chunk
        return len(chunk)


def _jsonl(*records: object) -> bytes:
    return b"".join(json.dumps(r, ensure_ascii=False).encode("utf-8") + b"\n" for r in records)


STDIN_JSONL = (
    _jsonl({"id": "1", "text": IT}) + b"{non json}\n" + _jsonl({"id": "3", "text": IT_ACCENTS}, [1, 2])
)


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(io.BytesIO, id="bytesio-no-peek"),
        pytest.param(lambda data: io.BufferedReader(io.BytesIO(data)), id="buffered"),
        pytest.param(lambda data: Trickle(data), id="trickle-raw"),
        pytest.param(lambda data: io.BufferedReader(Trickle(data), buffer_size=2), id="trickle-buffered"),
    ],
)
def test_stdin_jsonl_is_detected_whatever_the_stream(make: Callable[[bytes], Any]) -> None:
    for prefix in (b"", b"\n\n   \n", codecs.BOM_UTF8, b" " * 5000):
        stream = make(prefix + STDIN_JSONL)
        items = list(read_stream(stream, None, ReadOptions()))
        blank = prefix.count(b"\n")
        assert summary(items) == [
            ("<stdin>", 1 + blank, "ok"),
            ("<stdin>", 2 + blank, "invalid_json"),
            ("<stdin>", 3 + blank, "ok"),
            ("<stdin>", 4 + blank, "invalid_record"),
        ], prefix
        assert article(items[2]).text == IT_ACCENTS
        assert rejection(items[1]).location() == f"<stdin>:{2 + blank}"


def test_stdin_plain_text() -> None:
    streams: list[Any] = [io.BytesIO(IT.encode()), Trickle(("\n\n" + IT).encode())]
    for stream in streams:
        [item] = read_stream(stream, None, ReadOptions(published=dt.date(2020, 1, 6)))
        got = article(item)
        assert got.text.strip() == IT
        assert got.published == dt.date(2020, 1, 6)
        assert got.origin is not None and got.origin.path is None


def test_stdin_empty_binary_and_latin1() -> None:
    assert rejection(read(["-"], stdin=b"")[0]).code is RejectCode.EMPTY
    assert rejection(read(["-"], stdin=b"\n \n")[0]).code is RejectCode.EMPTY
    assert rejection(read(["-"], stdin=PNG_HEADER)[0]).code is RejectCode.BINARY
    got = rejection(read(["-"], stdin=IT_ACCENTS.encode("latin-1"))[0])
    assert got.code is RejectCode.ENCODING and "--encoding" in got.reason
    assert article(read(["-"], stdin=IT_ACCENTS.encode("latin-1"), encoding="latin-1")[0]).text == IT_ACCENTS


def test_stdin_over_the_limit_is_too_large_without_reading_it_all() -> None:
    stream = io.BytesIO(b"parola " * 2_000_000)  # 14 MB
    options = ReadOptions(max_chars=1_000_000)
    [item] = read_stream(stream, None, options)
    assert rejection(item).code is RejectCode.TOO_LARGE
    assert stream.tell() <= options.max_bytes + 1 + 65536


def test_stdin_between_files_keeps_its_place(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(IT, encoding="utf-8")
    items = read([path, "-", path], stdin=_jsonl({"text": IT}, {"text": 1}))
    assert summary(items) == [
        ("a.txt", None, "ok"),
        ("<stdin>", 1, "ok"),
        ("<stdin>", 2, "invalid_record"),
        ("a.txt", None, "ok"),
    ]


def test_read_file_on_a_directory_is_unreadable(tmp_path: Path) -> None:
    [item] = read_file(tmp_path, ReadOptions())
    assert rejection(item).code is RejectCode.UNREADABLE
