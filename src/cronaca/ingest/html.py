"""HTML pages: the article's text and metadata, extracted with trafilatura (dates by htmldate).

Only the given bytes are parsed: nothing is fetched, whatever URLs the page names.
"""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import logging
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from cronaca.errors import InputRejected
from cronaca.ingest.article import ArticleInput
from cronaca.ingest.checks import decode
from cronaca.model import Origin, RejectCode, Rejection

if TYPE_CHECKING:
    from trafilatura.settings import Document

    from cronaca.ingest.readers import ReadOptions

log = logging.getLogger(__name__)

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
NO_TEXT = "no article text found in the HTML (trafilatura)"

_HEAD = 4096
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([\w.:-]+)""", re.IGNORECASE)
_BOM_CODECS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# As browsers do (WHATWG Encoding): these labels mean windows-1252, and a page that its own
# bytes could declare as UTF-16 cannot be UTF-16.
_AS_BROWSERS = {
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "utf-16": "utf-8",
    "utf-16-le": "utf-8",
    "utf-16-be": "utf-8",
}
_SENTENCE_END = tuple(".!?…»”\"')")


def read_html(
    data: bytes,
    origin: Origin,
    options: ReadOptions,
    *,
    charset: str | None = None,
    url: str | None = None,
    fallback_date: dt.date | None = None,
) -> ArticleInput | Rejection:
    """One HTML page as an article: its main text (paragraphs separated by a blank line), title,
    publication date, site name and canonical URL.

    ``charset`` is the encoding a transport declared (an HTTP header); ``url`` the address the
    page was fetched from, which takes the place of the page's canonical URL; the date is the
    page's own, else ``fallback_date``, else ``options.published``.
    """
    try:
        markup = decode_html(data, options.encoding, charset)
    except InputRejected as exc:
        return exc.to_rejection(origin)
    page = _extract(markup, url)
    if page is None or not page.text or not _has_prose(page.text):
        return Rejection(code=RejectCode.EMPTY, reason=NO_TEXT, origin=origin)
    title = _clean(page.title)
    return ArticleInput(
        text=_paragraphs(page.text, title),
        title=title,
        published=_date(page.date) or fallback_date or options.published,
        url=url or _clean(page.url),
        source=_clean(page.sitename),
        origin=origin,
    )


def decode_html(data: bytes, encoding: str = "utf-8", declared: str | None = None) -> str:
    """The page as text. Tried in turn: its byte-order mark, else the encoding declared by the
    transport or by the page itself (``<meta charset>``, ``<?xml encoding?>``); then
    ``encoding`` (``--encoding``), which also overrides a wrong declaration."""
    candidates = [bom for mark, bom in _BOM_CODECS if data.startswith(mark)][:1]
    if not candidates:
        head = data[:_HEAD]
        found = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
        label = declared or (found.group(1).decode("ascii", "replace") if found else None)
        if label and (codec := _codec(label)):
            candidates.append(_AS_BROWSERS.get(codec, codec))
    candidates.append(encoding)
    first: InputRejected | None = None
    for candidate in dict.fromkeys(candidates):
        try:
            return decode(data, candidate)
        except InputRejected as exc:
            if exc.code is RejectCode.BINARY:
                raise
            first = first or exc
    assert first is not None
    raise first


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed entry's content): block elements become
    paragraphs separated by a blank line; scripts and styles are dropped."""
    parser = _TextParser()
    parser.feed(fragment)
    parser.close()
    return parser.text()


def _codec(label: str) -> str | None:
    try:
        return codecs.lookup(label.strip()).name
    except LookupError:
        return None


def _extract(markup: str, url: str | None) -> Document | None:
    import trafilatura

    with _quiet_libraries():
        document = trafilatura.bare_extraction(
            markup,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_images=False,
            include_links=False,
            deduplicate=False,
            # The page's own markup only (meta tags, <time>, JSON-LD, URL): no guess from
            # dates that happen to be in the text; --published is the fallback.
            date_extraction_params={"original_date": True, "extensive_search": False},
        )
    return document if not isinstance(document, dict) else None


@contextlib.contextmanager
def _quiet_libraries() -> Iterator[None]:
    """trafilatura logs what it could not extract as errors; the rejection says it already."""
    loggers = [logging.getLogger(name) for name in ("trafilatura", "htmldate", "courlan")]
    if log.isEnabledFor(logging.DEBUG):
        yield
        return
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def _has_prose(text: str) -> bool:
    """Whether the extracted text has a sentence in it, not only menus and headings (which is
    all trafilatura finds on an index page)."""
    return any(len(line.split()) >= 6 and line.rstrip().endswith(_SENTENCE_END) for line in text.splitlines())


def _paragraphs(text: str, title: str | None) -> str:
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line]
    # The headline opens the extracted text on many pages: it is the title, not the article's
    # first paragraph (where a dateline must stand).
    if title and lines and lines[0].casefold() == " ".join(title.split()).casefold():
        lines = lines[1:]
    return "\n\n".join(lines)


def _clean(value: str | None) -> str | None:
    value = " ".join(value.split()) if value else None
    return value or None


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


_BLOCKS = frozenset(
    re.findall(
        r"\w+",
        """p div br hr pre blockquote figure figcaption address details h1 h2 h3 h4 h5 h6 header
        footer main nav section article aside summary ul ol li dl dt dd table tr td th""",
    )
)
_SKIPPED = frozenset({"script", "style", "noscript", "template", "iframe", "object", "svg"})


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._paragraphs: list[str] = []
        self._current: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skipping += 1
        elif tag in _BLOCKS:
            self._break()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCKS:
            self._break()

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._current.append(data)

    def _break(self) -> None:
        paragraph = " ".join("".join(self._current).split())
        if paragraph:
            self._paragraphs.append(paragraph)
        self._current = []

    def text(self) -> str:
        self._break()
        return "\n\n".join(self._paragraphs)
