"""The formats users arrive with: saved HTML pages, RSS/Atom feeds, WARC crawls, CSV tables and
ZIP/tar archives of all of these, read as ``cronaca analyze`` reads them.

Fixtures are small realistic files in ``tests/data/ingest/`` (see its README); WARCs and tar
archives are written by the tests. What matters to a user is checked: the article's text without
the page's boilerplate, its metadata, a rejection with the right code and origin for each bad
input, and input order. Nothing may be fetched from the network on the way.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import shutil
import socket
import tarfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import cronaca
from cronaca.cli.main import app
from cronaca.ingest.html import NO_TEXT
from cronaca.model import RejectCode
from reading import article, read, rejection, summary

DATA = Path(__file__).parent / "data" / "ingest"
PAGE_IT = DATA / "corriere-manovra.it.html"
PAGE_EN = DATA / "harbour-strike.en.htm"
PAGE_EMPTY = DATA / "archivio-vuoto.html"
RSS = DATA / "ultime-notizie.rss"
ATOM = DATA / "agenzia.atom"
BROKEN_RSS = DATA / "rotto.rss"
CSV_FILE = DATA / "articoli.csv"
ZIP = DATA / "rassegna.zip"

IT_PARAGRAPHS = [
    "ROMA – Il presidente del Consiglio ha incontrato lunedì pomeriggio a Palazzo Chigi i segretari "
    "generali di Cgil, Cisl e Uil",
    "«Siamo pronti ad ascoltare tutte le proposte, ma i conti devono restare in ordine», ha detto il premier",
    "I sindacati hanno chiesto un taglio del cuneo fiscale più ampio",
    "Soddisfatto a metà il segretario della Cgil: «È un primo passo, ma aspettiamo i fatti.",
]
IT_BOILERPLATE = [
    "cookie",  # banner
    "Abbonati",  # navigation
    "Home",  # breadcrumb
    "Condividi",  # share buttons
    "Leggi anche",  # related links
    "Derby della Capitale",
    "Commenti",  # reader comments
    "Solite promesse",
    "P.IVA",  # footer
    "dataLayer",  # scripts
]
UNDATED_PAGE = """<!DOCTYPE html><html lang="it"><head><meta charset="utf-8">
<title>Bologna, riapre la Torre degli Asinelli</title></head><body>
<nav><a href="/">Home</a> <a href="/cultura">Cultura</a></nav>
<article><h1>Bologna, riapre la Torre degli Asinelli</h1>
<p>BOLOGNA – Dopo tre mesi di lavori di consolidamento la Torre degli Asinelli riapre ai visitatori
da sabato, con ingressi contingentati e prenotazione obbligatoria sul sito del Comune.</p>
<p>«È un simbolo della città e andava messo in sicurezza», ha spiegato l'assessore alla Cultura.</p>
</article><footer>Tutti i diritti riservati</footer></body></html>
"""


# --- helpers ---------------------------------------------------------------------------------


def write_warc(path: Path, extra_page: bytes) -> None:
    """A small crawl: metadata, a request, two HTML pages, an image, a 404 page, an undated page."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=path.name.endswith(".gz"))

        def response(
            uri: str,
            body: bytes,
            date: str,
            content_type: str = "text/html; charset=utf-8",
            status: str = "200 OK",
        ) -> None:
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                uri,
                "response",
                payload=io.BytesIO(body),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": date},
            )
            writer.write_record(record)

        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "cronaca-tests"}))
        request = b"GET /politica/manovra HTTP/1.1\r\nHost: www.cronacadiroma.example\r\n\r\n"
        writer.write_record(
            writer.create_warc_record(
                "https://www.cronacadiroma.example/politica/manovra", "request", payload=io.BytesIO(request)
            )
        )
        response(
            "https://www.cronacadiroma.example/politica/manovra", PAGE_IT.read_bytes(), "2020-01-08T10:00:00Z"
        )
        response(
            "https://www.cronacadiroma.example/logo.png",
            b"\x89PNG\r\n\x1a\n" + bytes(64),
            "2020-01-08T10:00:01Z",
            "image/png",
        )
        response(
            "https://harbourgazette.example/news/strike",
            PAGE_EN.read_bytes(),
            "2021-03-20T08:00:00Z",
            "text/html; charset=windows-1252",
        )
        response(
            "https://www.cronacadiroma.example/manca",
            b"<html><body><p>Pagina non trovata.</p></body></html>",
            "2020-01-08T10:00:02Z",
            status="404 Not Found",
        )
        response("https://www.cronacadiroma.example/cultura/asinelli", extra_page, "2020-01-09T07:15:00Z")


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Readers parse the bytes they are given: any attempt to connect anywhere fails the test."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError(f"a reader tried to connect: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


# --- HTML pages ------------------------------------------------------------------------------


def test_italian_page_gives_the_article_without_the_boilerplate() -> None:
    [item] = read([PAGE_IT])
    got = article(item)
    for paragraph in IT_PARAGRAPHS:
        assert paragraph in got.text
    for junk in IT_BOILERPLATE:
        assert junk not in got.text, junk
    # The headline is the title, not the first paragraph: the dateline opens the text.
    assert got.text.startswith("ROMA – Il presidente")
    assert got.text.count("\n\n") == 3  # four paragraphs, separated by a blank line
    assert got.title == "Manovra, il governo incontra i sindacati a Palazzo Chigi"
    assert got.published == dt.date(2020, 1, 6)
    assert got.url == "https://www.cronacadiroma.example/politica/2020/01/06/manovra-sindacati-palazzo-chigi"
    assert got.source == "Cronaca di Roma"
    assert got.origin is not None and got.origin.path == str(PAGE_IT) and got.origin.line is None


def test_english_page_in_windows_1252_with_a_json_ld_date() -> None:
    got = article(read([PAGE_EN])[0])
    assert got.text.startswith("SOUTHAMPTON – Hundreds of dock workers")
    assert "the port operator’s management" in got.text  # a cp1252 byte, decoded as declared
    assert "Café owners near the quay" in got.text
    for junk in ("Sign in", "Subscribe", "morning briefing", "Most read", "cycle lanes", "rights reserved"):
        assert junk not in got.text, junk
    assert got.title == "Dock workers walk out over pay"
    assert got.published == dt.date(2021, 3, 15)  # datePublished, not dateModified
    assert got.url == "https://harbourgazette.example/news/2021/03/dock-workers-strike"
    assert got.source == "The Harbour Gazette"


def test_page_without_an_article_is_empty() -> None:
    got = rejection(read([PAGE_EMPTY])[0])
    assert got.code is RejectCode.EMPTY
    assert got.reason == NO_TEXT and "trafilatura" in got.reason
    assert got.location() == str(PAGE_EMPTY)


def test_published_option_is_only_a_fallback_for_pages(tmp_path: Path) -> None:
    undated = tmp_path / "asinelli.html"
    undated.write_text(UNDATED_PAGE, encoding="utf-8")
    items = read([PAGE_IT, undated], published=dt.date(2020, 2, 1))
    assert [article(item).published for item in items] == [dt.date(2020, 1, 6), dt.date(2020, 2, 1)]
    assert article(items[1]).text.startswith("BOLOGNA – Dopo tre mesi")
    assert article(read([undated])[0]).published is None


def test_binary_and_badly_encoded_pages(tmp_path: Path) -> None:
    png = tmp_path / "foto.html"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    latin = UNDATED_PAGE.replace("–", "-")
    undeclared = tmp_path / "latin1.html"  # no charset anywhere, and not UTF-8
    undeclared.write_bytes(latin.replace('<meta charset="utf-8">', "").encode("latin-1"))
    mislabelled = tmp_path / "mislabelled.htm"  # says UTF-8, is Latin-1
    mislabelled.write_bytes(latin.encode("latin-1"))
    items = read([png, undeclared, mislabelled])
    assert summary(items) == [
        ("foto.html", None, "binary"),
        ("latin1.html", None, "encoding"),
        ("mislabelled.htm", None, "encoding"),
    ]
    assert "--encoding" in rejection(items[1]).reason
    # --encoding reads both, and overrides the wrong declaration.
    for item in read([undeclared, mislabelled], encoding="latin-1"):
        assert "«È un simbolo della città" in article(item).text


def test_input_format_html_reads_any_suffix_and_stdin(tmp_path: Path) -> None:
    saved = tmp_path / "pagina.txt"
    shutil.copy(PAGE_IT, saved)
    from_file = article(read([saved], input_format="html")[0])
    from_stdin = article(read(["-"], stdin=PAGE_IT.read_bytes(), input_format="html")[0])
    assert from_file.text == from_stdin.text == article(read([PAGE_IT])[0]).text
    assert from_stdin.origin is not None and from_stdin.origin.path is None


# --- feeds -----------------------------------------------------------------------------------


def test_rss_feed_one_article_per_entry() -> None:
    items = read([RSS], published=dt.date(2019, 1, 1))
    assert summary(items) == [
        ("ultime-notizie.rss", 1, "ok"),
        ("ultime-notizie.rss", 2, "empty"),
        ("ultime-notizie.rss", 3, "ok"),
    ]
    first = article(items[0])
    assert first.text.startswith("FRASCATI – I sindaci di Frascati")  # content:encoded, not the summary
    assert "\n\n«La sicurezza degli studenti viene prima di tutto»" in first.text
    assert "<p>" not in first.text and "trackView" not in first.text
    assert first.title == "Maltempo, scuole chiuse in tre comuni dei Castelli Romani"
    assert first.url == "https://www.cronacadiroma.example/cronaca/2020/01/06/maltempo-scuole-chiuse"
    assert first.published == dt.date(2020, 1, 6)  # 23:40 +0100: still the 6th where it was written
    assert first.id == "cdr-2020-0106-maltempo"
    assert first.source == "Cronaca di Roma - Ultime notizie"
    photo = rejection(items[1])  # an image and nothing else
    assert photo.external_id == "cdr-2020-0106-greccio"
    assert "no text" in photo.reason
    third = article(items[2])
    assert third.text.startswith("La giunta capitolina ha approvato")  # from <description>
    assert third.published == dt.date(2020, 1, 5)


def test_atom_feed_dates_content_and_empty_entry() -> None:
    items = read([ATOM])
    assert summary(items) == [
        ("agenzia.atom", 1, "ok"),
        ("agenzia.atom", 2, "ok"),
        ("agenzia.atom", 3, "empty"),
    ]
    first, second = article(items[0]), article(items[1])
    assert first.text == (
        "VENEZIA – Il consiglio regionale del Veneto ha approvato nella notte il bilancio di previsione "
        "per il 2020 con 30 voti favorevoli e 18 contrari.\n\nL'opposizione ha criticato i tagli al "
        "trasporto pubblico locale e annunciato un ricorso."
    )
    # 00:30 +01:00 on the 7th is the 6th in UTC: the day where it was published counts.
    assert first.published == dt.date(2020, 1, 7)
    assert first.id == "tag:agenzianordest.example,2020:ane-1042"
    assert first.url == "https://agenzianordest.example/politica/2020/01/07/bilancio-regionale"
    assert first.source == "Agenzia Nord Est – Politica"
    assert second.published == dt.date(2020, 1, 6)  # no <published>: <updated>
    assert second.text.startswith("Il ministro dei Trasporti ha incontrato a Trieste")
    assert rejection(items[2]).external_id == "tag:agenzianordest.example,2020:ane-1040"


def test_malformed_feed_is_one_rejection_naming_the_error() -> None:
    [item] = read([BROKEN_RSS])
    got = rejection(item)
    assert got.code is RejectCode.INVALID_RECORD
    assert "not a readable RSS or Atom feed" in got.reason
    assert "not well-formed" in got.reason and "line 4" in got.reason
    assert got.location() == str(BROKEN_RSS)


def test_xml_files_are_read_as_feeds_only_when_they_are_feeds(tmp_path: Path) -> None:
    root = tmp_path / "scaricati"
    root.mkdir()
    shutil.copy(ATOM, root / "agenzia.xml")
    (root / "sitemap.xml").write_text(
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>https://a.example/</loc></url></urlset>",
        encoding="utf-8",
    )
    assert summary(read([root])) == [
        ("agenzia.xml", 1, "ok"),
        ("agenzia.xml", 2, "ok"),
        ("agenzia.xml", 3, "empty"),
    ]
    # Named on the command line, an XML file that is no feed is read as text, as before.
    assert article(read([root / "sitemap.xml"])[0]).text.startswith("<?xml")
    # --input-format feed reads any suffix, and standard input.
    renamed = tmp_path / "agenzia.txt"
    shutil.copy(ATOM, renamed)
    assert len(read([renamed], input_format="feed")) == 3
    assert summary(read(["-"], stdin=RSS.read_bytes(), input_format="feed"))[0] == ("<stdin>", 1, "ok")


# --- WARC ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_html_responses_become_articles(
    tmp_path: Path, name: str, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / name
    write_warc(path, UNDATED_PAGE.encode("utf-8"))
    with caplog.at_level(logging.INFO, logger="cronaca.ingest.warc"):
        items = read([path], published=dt.date(2000, 1, 1))
    # Records 1, 2, 4 and 6 (warcinfo, request, an image, a 404) are skipped, not rejected.
    assert summary(items) == [(name, 3, "ok"), (name, 5, "ok"), (name, 7, "ok")]
    italian, english, undated = (article(item) for item in items)
    assert italian.text.startswith("ROMA – Il presidente") and "Solite promesse" not in italian.text
    assert italian.url == "https://www.cronacadiroma.example/politica/manovra"  # WARC-Target-URI
    assert italian.published == dt.date(2020, 1, 6)  # the page's own date
    assert italian.title == "Manovra, il governo incontra i sindacati a Palazzo Chigi"
    assert "the port operator’s management" in english.text  # charset from the HTTP header
    assert english.published == dt.date(2021, 3, 15)
    assert undated.published == dt.date(2020, 1, 9)  # WARC-Date when the page has none
    assert "4 other records skipped" in caplog.text and "response 404: 1" in caplog.text


def test_truncated_warc_gz_keeps_the_records_before(tmp_path: Path) -> None:
    whole = tmp_path / "whole.warc.gz"
    write_warc(whole, UNDATED_PAGE.encode("utf-8"))
    data = whole.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: len(data) - 300])  # inside the last record
    items = read([cut])
    assert summary(items) == [
        ("cut.warc.gz", 3, "ok"),
        ("cut.warc.gz", 5, "ok"),
        ("cut.warc.gz", 7, "unreadable"),
    ]
    got = rejection(items[-1])
    assert "corrupt or incomplete from record 7" in got.reason
    assert "the 6 records before it were read" in got.reason
    # Cut inside the gzip header of the first record: nothing readable at all.
    stub = tmp_path / "stub.warc.gz"
    stub.write_bytes(data[:40])
    assert summary(read([stub])) == [("stub.warc.gz", 1, "unreadable")]


def test_a_text_file_named_warc_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "finto.warc"
    path.write_text("Questo non è un file WARC.\n", encoding="utf-8")
    got = rejection(read([path])[0])
    assert got.code is RejectCode.UNREADABLE and got.origin is not None and got.origin.line == 1
    assert "WARC" in got.reason


# --- CSV and TSV -----------------------------------------------------------------------------


def test_csv_rows_are_records_with_their_line_numbers() -> None:
    items = read([CSV_FILE])
    assert summary(items) == [
        ("articoli.csv", 2, "ok"),  # a quoted text over two lines
        ("articoli.csv", 4, "bad_date"),
        ("articoli.csv", 5, "invalid_record"),  # a row cut short
        ("articoli.csv", 6, "ok"),
        ("articoli.csv", 8, "empty"),  # after a blank line
    ]
    first = article(items[0])
    assert first.text == (
        "MILANO – Sciopero di 24 ore dei mezzi pubblici venerdì a Milano: metropolitane ferme dalle "
        "8.45 alle 15.\nI sindacati di base protestano contro le aggressioni al personale."
    )
    assert (first.id, first.title, first.source) == (
        "ans-001",
        "Sciopero dei trasporti a Milano",
        "Agenzia Lombarda",
    )
    assert first.published == dt.date(2020, 1, 10)
    assert "06/01/2020" in rejection(items[1]).reason
    short = rejection(items[2])
    assert "'text' column" in short.reason and short.external_id == "ans-003"
    fourth = article(items[3])
    assert fourth.title == "Bergamo, posata la prima pietra del nuovo ospedale"
    assert fourth.published == dt.date(2020, 1, 12) and fourth.source is None
    assert rejection(items[4]).external_id == "ans-005"


def test_tsv_semicolons_missing_text_column_and_bad_bytes(tmp_path: Path) -> None:
    tsv = tmp_path / "lotto.tsv"
    tsv.write_text(
        "text\tlang\tid\nROMA – Il Senato ha approvato la legge di bilancio.\tit\tt1\n", encoding="utf-8"
    )
    excel = tmp_path / "excel.csv"  # Italian Excel: semicolons, Windows line ends, a BOM
    excel.write_bytes("\ufeffTesto;TEXT;Data\r\nx;NAPOLI – Riapre la funicolare di Chiaia.;\r\n".encode())
    no_text = tmp_path / "senza.csv"
    no_text.write_text("titolo,corpo\nUno,Due\n", encoding="utf-8")
    latin = tmp_path / "latin1.csv"
    latin.write_bytes("id,text\nl1,La città è pronta.\nl2,Tutto regolare.\n".encode("latin-1"))
    png = tmp_path / "logo.csv"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    items = read([tsv, excel, no_text, latin, png])
    assert summary(items) == [
        ("lotto.tsv", 2, "ok"),
        ("excel.csv", 2, "ok"),
        ("senza.csv", 1, "invalid_record"),
        ("latin1.csv", 2, "encoding"),
        ("latin1.csv", 3, "ok"),
        ("logo.csv", None, "binary"),
    ]
    assert article(items[0]).lang == "it" and article(items[0]).id == "t1"
    assert article(items[1]).text == "NAPOLI – Riapre la funicolare di Chiaia."
    assert "columns found: 'titolo', 'corpo'" in rejection(items[2]).reason
    assert "--encoding" in rejection(items[3]).reason
    assert article(read([latin], encoding="latin-1")[0]).text == "La città è pronta."


# --- archives --------------------------------------------------------------------------------


def test_zip_members_are_read_in_order_like_a_directory() -> None:
    items = read([ZIP])
    assert summary(items) == [
        ("corriere-manovra.it.html", None, "ok"),
        ("nota.txt", None, "ok"),
        ("evil.txt", None, "unreadable"),
        ("ultime-notizie.rss", 1, "ok"),
        ("ultime-notizie.rss", 2, "empty"),
        ("ultime-notizie.rss", 3, "ok"),
        ("dump-enorme.txt", None, "too_large"),
    ]  # hidden files, macOS metadata and the image are skipped
    page = article(items[0])
    assert page.origin is not None and page.origin.path == f"{ZIP}!rassegna/2020/01/corriere-manovra.it.html"
    assert page.title == "Manovra, il governo incontra i sindacati a Palazzo Chigi"
    evil = rejection(items[2])
    assert evil.location() == f"{ZIP}!../evil.txt"
    assert "path traversal" in evil.reason
    assert rejection(items[4]).location() == f"{ZIP}!rassegna/feed/ultime-notizie.rss:2"
    assert "4,900,000 bytes" in rejection(items[6]).reason


def test_zip_bomb_stops_with_a_clear_rejection(tmp_path: Path) -> None:
    path = tmp_path / "bomba.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for n in range(30):
            archive.writestr(f"parte-{n:02}.txt", f"ROMA – Notizia numero {n}. ".encode() + b"a" * 3900)
    items = read([path], max_chars=1000)  # 4,000 bytes an input, 80,000 in all
    assert [code for *_, code in summary(items)] == ["ok"] * 20 + ["too_large"]
    got = rejection(items[-1])
    assert got.location() == str(path)
    assert "expands to more than 80,000 bytes" in got.reason and "'parte-20.txt'" in got.reason


def test_tar_gz_and_a_truncated_one(tmp_path: Path) -> None:
    path = tmp_path / "rassegna.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        archive.add(PAGE_IT, "rassegna/pagine/corriere-manovra.it.html")
        archive.add(ATOM, "rassegna/feed/agenzia.atom")
        archive.add(CSV_FILE, "rassegna/tabelle/articoli.csv")
    items = read([path])
    assert [s[0] for s in summary(items)] == ["corriere-manovra.it.html"] + ["agenzia.atom"] * 3 + [
        "articoli.csv"
    ] * 5
    assert (
        items[0].origin is not None
        and items[0].origin.path == f"{path}!rassegna/pagine/corriere-manovra.it.html"
    )
    cut = tmp_path / "cut.tgz"  # a download that broke off
    data = path.read_bytes()
    cut.write_bytes(data[: len(data) * 9 // 10])
    items = read([cut])
    assert summary(items) == [
        ("corriere-manovra.it.html", None, "ok"),
        ("agenzia.atom", 1, "ok"),
        ("agenzia.atom", 2, "ok"),
        ("agenzia.atom", 3, "empty"),
        ("articoli.csv", None, "unreadable"),
    ]
    got = rejection(items[-1])
    assert got.location() == f"{cut}!rassegna/tabelle/articoli.csv"
    assert "cut off" in got.reason and "the members before it were read" in got.reason


# --- the command -----------------------------------------------------------------------------


@pytest.fixture
def _one_pipeline(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    real_load = cronaca.load
    built: dict[str, cronaca.Runner] = {}

    def load(lang: str = "it", **kwargs: Any) -> cronaca.Runner:
        key = repr((lang, sorted(kwargs.items())))
        if key not in built:
            built[key] = real_load(lang, **kwargs)
        return built[key]

    monkeypatch.setattr(cronaca, "load", load)
    yield


@pytest.mark.usefixtures("_one_pipeline")
def test_analyze_a_directory_of_every_format(tmp_path: Path) -> None:
    root = tmp_path / "inbox"
    shutil.copytree(DATA, root)
    write_warc(root / "crawl.warc.gz", UNDATED_PAGE.encode("utf-8"))
    result = CliRunner().invoke(app, ["analyze", str(root), "-q"])
    assert result.exit_code == 1, result.stderr  # some inputs were rejected
    records = [json.loads(line) for line in result.stdout.splitlines()]
    got = [
        (
            r["origin"]["path"].rsplit("/", 1)[-1],
            r["origin"]["line"],
            r["code"] if r.get("rejected") else "ok",
        )
        for r in records
    ]
    assert got == [
        ("agenzia.atom", 1, "ok"),
        ("agenzia.atom", 2, "ok"),
        ("agenzia.atom", 3, "empty"),
        ("archivio-vuoto.html", None, "empty"),
        ("articoli.csv", 2, "ok"),
        ("articoli.csv", 4, "bad_date"),
        ("articoli.csv", 5, "invalid_record"),
        ("articoli.csv", 6, "ok"),
        ("articoli.csv", 8, "empty"),
        ("corriere-manovra.it.html", None, "ok"),
        ("crawl.warc.gz", 3, "ok"),
        ("crawl.warc.gz", 5, "ok"),
        ("crawl.warc.gz", 7, "ok"),
        ("harbour-strike.en.htm", None, "ok"),
        ("corriere-manovra.it.html", None, "ok"),  # rassegna.zip
        ("nota.txt", None, "ok"),
        ("evil.txt", None, "unreadable"),
        ("ultime-notizie.rss", 1, "ok"),
        ("ultime-notizie.rss", 2, "empty"),
        ("ultime-notizie.rss", 3, "ok"),
        ("dump-enorme.txt", None, "too_large"),
        ("rotto.rss", None, "invalid_record"),
        ("ultime-notizie.rss", 1, "ok"),
        ("ultime-notizie.rss", 2, "empty"),
        ("ultime-notizie.rss", 3, "ok"),
    ]
    page = records[9]
    assert page["lang"] == "it" and page["published"] == "2020-01-06"
    assert page["title"] == "Manovra, il governo incontra i sindacati a Palazzo Chigi"
    assert page["source"] == "Cronaca di Roma" and page["url"].endswith("manovra-sindacati-palazzo-chigi")
    assert page["dateline"]["place"]["text"] == "ROMA"  # the text starts where the article does
    assert records[13]["lang"] == "en" and records[13]["published"] == "2021-03-15"
    assert records[0]["external_id"] == "tag:agenzianordest.example,2020:ane-1042"


@pytest.mark.usefixtures("_one_pipeline")
def test_input_format_choices_on_the_command_line(tmp_path: Path) -> None:
    feed = tmp_path / "feed.txt"
    shutil.copy(RSS, feed)
    result = CliRunner().invoke(app, ["analyze", "--input-format", "feed", str(feed), "-q"])
    assert result.exit_code == 1, result.stderr  # one entry has no text
    assert len(result.stdout.splitlines()) == 3
    result = CliRunner().invoke(app, ["analyze", "--input-format", "pdf", str(feed)])
    assert result.exit_code == 2
    for choice in ("html", "feed", "warc", "csv"):
        assert choice in result.stderr
