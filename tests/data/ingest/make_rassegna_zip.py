"""Rebuilds rassegna.zip, the archive fixture of tests/test_ingest_formats.py (run it from here).

Members, in archive order: pages and a feed in nested folders, a note, files that are skipped
(hidden, macOS metadata, an image), a member named ../evil.txt (path traversal) and a text of
4.9 MB, over the default limit of one input (1,000,000 characters, 4,000,000 bytes), that
compresses to a few kilobytes.
"""

import zipfile
from pathlib import Path

HERE = Path(__file__).parent
NOTE = (
    "ROMA – Il Consiglio dei ministri si riunirà giovedì per approvare il decreto sulle "
    "intercettazioni. La riunione è convocata alle 10 a Palazzo Chigi.\n"
)
MEMBERS = [
    ("rassegna/2020/01/corriere-manovra.it.html", (HERE / "corriere-manovra.it.html").read_bytes()),
    ("rassegna/2020/01/nota.txt", NOTE.encode()),
    ("rassegna/.DS_Store", b"\x00\x00\x00\x01Bud1"),
    ("__MACOSX/rassegna/2020/01/._nota.txt", b"\x00\x05\x16\x07"),
    ("rassegna/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(32)),
    ("../evil.txt", b"ROMA - testo fuori dall'archivio.\n"),
    ("rassegna/feed/ultime-notizie.rss", (HERE / "ultime-notizie.rss").read_bytes()),
    ("rassegna/dump-enorme.txt", b"parola " * 700_000),
]

with zipfile.ZipFile(HERE / "rassegna.zip", "w", compression=zipfile.ZIP_DEFLATED) as archive:
    for name, data in MEMBERS:
        info = zipfile.ZipInfo(name, date_time=(2020, 1, 7, 12, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(info, data)
