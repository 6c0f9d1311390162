"""Checks on raw input: decoding bytes and refusing what is not an article's text."""

from __future__ import annotations

import codecs
import unicodedata

from cronaca.errors import InputRejected
from cronaca.model import RejectCode

DEFAULT_MAX_CHARS = 1_000_000
"""Longest text analysed by default (like spaCy's ``nlp.max_length``): a news article is
far shorter; anything longer is almost always a concatenated dump that should be split."""

_BOMS = {
    codecs.BOM_UTF32_LE: "UTF-32",
    codecs.BOM_UTF32_BE: "UTF-32",
    codecs.BOM_UTF16_LE: "UTF-16",
    codecs.BOM_UTF16_BE: "UTF-16",
}


def decode(data: bytes, encoding: str = "utf-8") -> str:
    """Decode bytes to text, rejecting binary data and undecodable bytes with a clear reason."""
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        raise InputRejected(RejectCode.ENCODING, f"unknown encoding {encoding!r}") from None
    if codec in {"utf-8", "utf-8-sig"}:
        for bom, name in _BOMS.items():
            if data.startswith(bom):
                raise InputRejected(
                    RejectCode.ENCODING,
                    f"the text is {name}-encoded; convert it to UTF-8 or pass --encoding {name.lower()}",
                )
        encoding = "utf-8-sig"
    # UTF-16 and UTF-32 text is full of NUL bytes: for those, binary data shows after decoding.
    if not codec.startswith(("utf-16", "utf-32")) and b"\x00" in data[:65536]:
        raise InputRejected(RejectCode.BINARY, "binary data (NUL bytes), not text")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        if _looks_binary(data):
            raise InputRejected(RejectCode.BINARY, "binary data, not text") from None
        raise InputRejected(
            RejectCode.ENCODING,
            f"not valid {exc.encoding.upper()} at byte {exc.start}: {exc.reason}; "
            "pass --encoding (e.g. latin-1 or cp1252) if the file uses another encoding",
        ) from None
    if "\x00" in text[:65536]:
        raise InputRejected(RejectCode.BINARY, "binary data (NUL characters), not text")
    if _control_ratio(text[:65536]) > 0.1:
        raise InputRejected(RejectCode.BINARY, "binary data (mostly control characters), not text")
    return text


def normalize_text(text: str) -> str:
    """Canonical form of an article's text: NFC, ``\\n`` line ends, no BOM.

    Offsets in the output index this normalized text, which is the ``text`` of the document.
    """
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def check_text(text: str, max_chars: int = DEFAULT_MAX_CHARS) -> None:
    """Refuse a text that cannot be an article: empty, too large, or binary-looking."""
    if not text.strip():
        raise InputRejected(RejectCode.EMPTY, "the text is empty")
    if len(text) > max_chars:
        raise InputRejected(
            RejectCode.TOO_LARGE,
            f"the text has {len(text):,} characters, over the limit of {max_chars:,}; "
            "split it into articles or raise the limit (--max-chars)",
        )
    if "\x00" in text or _control_ratio(text[:65536]) > 0.1:
        raise InputRejected(RejectCode.BINARY, "the text is mostly control characters")


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    return bad / len(text)


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    printable = sum(1 for b in sample if 32 <= b < 127 or b in b"\n\r\t")
    return bool(sample) and printable / len(sample) < 0.7
