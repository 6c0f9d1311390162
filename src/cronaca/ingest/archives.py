"""ZIP and tar archives: their members are read in archive order, each as the file it would be.

Nothing is extracted to disk. Members are read into memory one at a time, each up to the size
limit of one input; the bytes read from one archive are bounded too (a "zip bomb" stops there),
and member names that would point outside the archive are refused.
"""

from __future__ import annotations

import re
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import IO, TYPE_CHECKING

from cronaca.model import Origin, RejectCode, Rejection

if TYPE_CHECKING:
    from cronaca.ingest.article import ArticleInput
    from cronaca.ingest.readers import ReadOptions

ARCHIVE_SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz")

ReadMember = Callable[[bytes, str], Iterator["ArticleInput | Rejection"]]
"""Reads a member's bytes; the ``str`` is its origin path, ``archive.zip!folder/file.txt``."""

_DRIVE = re.compile(r"^[A-Za-z]:")
_MEMBER_ERRORS = (
    zipfile.BadZipFile,
    tarfile.TarError,
    RuntimeError,
    NotImplementedError,
    OSError,
    EOFError,
    zlib.error,
)


def is_archive(name: str) -> bool:
    return name.lower().endswith(ARCHIVE_SUFFIXES)


def read_archive(
    path: Path, options: ReadOptions, wanted: Callable[[str], bool], read_member: ReadMember
) -> Iterator[ArticleInput | Rejection]:
    """The articles of each member that ``wanted`` accepts (by name), in archive order."""
    reader = _Reader(path, options, wanted, read_member)
    if path.name.lower().endswith(".zip"):
        yield from reader.zip()
    else:
        yield from reader.tar()


class _Stop(Exception):
    """Reading the archive stops here, with this rejection for the rest of it."""

    def __init__(self, rejection: Rejection) -> None:
        super().__init__(rejection.reason)
        self.rejection = rejection


class _Reader:
    def __init__(
        self, path: Path, options: ReadOptions, wanted: Callable[[str], bool], read_member: ReadMember
    ) -> None:
        self.path = path
        self.options = options
        self.wanted = wanted
        self.read_member = read_member
        self.total = 0  # bytes read from members so far
        self.streamed = False  # whether members are read from one stream (tar), not one by one (zip)

    def zip(self) -> Iterator[ArticleInput | Rejection]:
        try:
            archive = zipfile.ZipFile(self.path)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            yield self._reject(None, RejectCode.UNREADABLE, f"not a readable ZIP archive: {_describe(exc)}")
            return
        with archive:
            try:
                for info in archive.infolist():
                    if not info.is_dir():
                        yield from self._member(info.filename, info.file_size, partial(archive.open, info))
            except _Stop as stop:
                yield stop.rejection

    def tar(self) -> Iterator[ArticleInput | Rejection]:
        try:
            # A stream: members are read in order, once (closed by the `with` below).
            archive = tarfile.open(self.path, "r|*")  # noqa: SIM115
            self.streamed = True
        except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
            yield self._reject(None, RejectCode.UNREADABLE, f"not a readable tar archive: {_describe(exc)}")
            return
        last = None
        with archive:
            try:
                for member in archive:
                    last = member.name
                    if member.isfile():
                        yield from self._member(
                            member.name, member.size, partial(archive.extractfile, member)
                        )
                    elif _unsafe(member.name):  # a link or folder: never followed, but said
                        yield self._reject(member.name, RejectCode.UNREADABLE, _unsafe_reason(member.name))
            except _Stop as stop:
                yield stop.rejection
            except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
                after = f" after the member {last!r}" if last else ""
                yield self._reject(
                    None,
                    RejectCode.UNREADABLE,
                    f"the tar archive is corrupt or cut off{after}: {_describe(exc)}; "
                    "the members before it were read",
                )

    def _member(
        self, name: str, size: int, open_member: Callable[[], IO[bytes] | None]
    ) -> Iterator[ArticleInput | Rejection]:
        if _unsafe(name):
            yield self._reject(name, RejectCode.UNREADABLE, _unsafe_reason(name))
            return
        if _hidden(name) or not self.wanted(name):
            return
        if is_archive(name):
            yield self._reject(
                name, RejectCode.UNREADABLE, "an archive inside an archive is not read; extract it first"
            )
            return
        limit, total = self.options.max_bytes, self.options.max_total_bytes
        if size > limit:
            yield self._reject(
                name,
                RejectCode.TOO_LARGE,
                f"the member has {size:,} bytes, over the limit of {limit:,} (--max-chars)",
            )
            return
        if self.total + size > total:
            raise _Stop(self._over_total(name))
        try:
            stream = open_member()
            if stream is None:
                return
            with stream:
                data = stream.read(limit + 1)
        except _MEMBER_ERRORS as exc:
            if self.streamed:  # a tar archive read as a stream cannot go on past a broken member
                raise _Stop(
                    self._reject(
                        name,
                        RejectCode.UNREADABLE,
                        f"the archive is corrupt or cut off in this member: {_describe(exc)}; "
                        "the members before it were read",
                    )
                ) from None
            yield self._reject(name, RejectCode.UNREADABLE, f"cannot read the member: {_describe(exc)}")
            return
        if len(data) > limit:  # more than its header said
            yield self._reject(name, RejectCode.TOO_LARGE, f"the member is over the limit of {limit:,} bytes")
            return
        self.total += len(data)
        if self.total > total:
            raise _Stop(self._over_total(name))
        yield from self.read_member(data, f"{self.path}!{name}")

    def _over_total(self, name: str) -> Rejection:
        return self._reject(
            None,
            RejectCode.TOO_LARGE,
            f"the archive expands to more than {self.options.max_total_bytes:,} bytes (20 times the limit "
            f"of one input): reading stopped at the member {name!r}, those before it were read; "
            "split the archive, or raise --max-chars",
        )

    def _reject(self, member: str | None, code: RejectCode, reason: str) -> Rejection:
        where = f"{self.path}!{member}" if member is not None else str(self.path)
        return Rejection(code=code, reason=reason, origin=Origin(path=where))


def _unsafe(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return name.startswith(("/", "\\")) or bool(_DRIVE.match(name)) or ".." in parts


def _unsafe_reason(name: str) -> str:
    return f"unsafe member name {name!r}: it points outside the archive (path traversal); not read"


def _hidden(name: str) -> bool:
    return any(part.startswith(".") or part == "__MACOSX" for part in name.split("/") if part)


def _describe(exc: BaseException) -> str:
    return str(exc).strip() or type(exc).__name__
