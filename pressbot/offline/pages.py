"""The units of offline work: a page to parse, a problem to report, an archive record skipped."""

from __future__ import annotations

import gzip
import io
import os
import stat
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO

MAX_PAGE_BYTES = 32 * 1024 * 1024
"""A page larger than this, on disk or decompressed, is reported and skipped (Scrapy's default
DOWNLOAD_WARNSIZE); extraction reads at most the first 8 MB of a page anyway."""

GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True, slots=True)
class Page:
    """One page to parse. Without `data`, the worker reads `path` (gunzipped if it is gzip)."""

    path: str
    url: str | None = None
    headers: Mapping[str, object] | None = None
    data: bytes | None = None
    offset: int | None = None
    """Where the record starts inside an archive file (the compressed offset in a .warc.gz)."""
    fetched_at: str | None = None
    """When the archive says the page was fetched (UTC, ISO 8601 to the second)."""
    beside_info: bool = False
    """A saved page: an `info.json` in its folder supplies its url and headers."""


def where(path: str, offset: int | None, url: str | None) -> str:
    """How a report names a page: the path (`@offset` in an archive), and the page's URL when
    the path does not say it: an archive record's, or an HTTP-cache entry's (a folder named by
    a hash)."""
    found = path if offset is None else f"{path}@{offset}"
    if url and (offset is not None or not url.startswith("file:")):
        found += f" ({url})"
    return found


@dataclass(frozen=True, slots=True)
class Problem:
    """An input that gave no record, and why: a line on stderr and one in the `--errors` file."""

    path: str
    reason: str
    detail: str
    offset: int | None = None
    url: str | None = None

    @property
    def where(self) -> str:
        return where(self.path, self.offset, self.url)

    def as_json(self) -> dict[str, object]:
        found: dict[str, object] = {"path": self.path, "reason": self.reason, "detail": self.detail}
        if self.offset is not None:
            found["offset"] = self.offset
        if self.url is not None:
            found["url"] = self.url
        return found


@dataclass(frozen=True, slots=True)
class Skip:
    """An archive record that is no page to parse (not an HTML 200 response): only counted."""

    why: str


@dataclass(frozen=True, slots=True)
class WarcSlice:
    """The records of a gzipped WARC whose gzip members start in bytes [start, end) of it (see
    `archives.slice_items`): with several workers, each reads its slices itself, so the parent
    neither decompresses the archive nor ships its pages."""

    path: str
    start: int
    end: int
    last: bool = False
    """The archive's last slice: after it the parent knows whether the archive gave anything."""


@dataclass(frozen=True, slots=True)
class MemberRead:
    """A gzip member of a `WarcSlice` read from `start` to `end` (None: damaged), after its
    items: the parent keeps a member's items only when it starts after every member already read
    (`run.outcomes`). A slice's first member is found by its bytes, and a .warc.gz archived
    inside a record (stored verbatim, being incompressible) holds gzip members that look like
    the archive's own: their records are no records of the archive."""

    path: str
    start: int
    end: int | None


Item = Page | Problem | Skip
Unit = Item | WarcSlice
"""What a worker is handed: an item, or a slice of an archive that it reads into items."""
SliceItem = Item | MemberRead


class PageError(Exception):
    """A page that cannot be read; `reason` is the machine-readable cause."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def read_page_bytes(path: str | Path, limit: int = MAX_PAGE_BYTES) -> bytes:
    """A saved page's bytes, gunzipped when they are gzip, never more than `limit` of them."""
    try:
        with open_regular(path) as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > limit:
                raise PageError("too_large", f"{size} bytes, more than {limit}")
            return read_page_stream(handle, limit)
    except OSError as exc:
        raise PageError("unreadable", exc.strerror or str(exc)) from exc


def read_page_stream(stream: IO[bytes], limit: int = MAX_PAGE_BYTES) -> bytes:
    """A page's bytes from `stream` (a file, stdin), gunzipped when they are gzip; PageError
    "too_large" past `limit`, however it arrives."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise PageError("too_large", f"more than {limit} bytes")
    if not data.startswith(GZIP_MAGIC):
        return data
    return gunzip(data, limit)


def open_regular(path: str | Path) -> IO[bytes]:
    """`path` opened to read if it is a regular file (PageError if not): reading a FIFO, or
    opening one without O_NONBLOCK, waits for a writer that may never come. What was opened is
    checked, so nothing can take the file's place between the check and the open."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise PageError("unreadable", "a folder, not a file")
        if not stat.S_ISREG(mode):
            raise PageError("unreadable", "not a regular file")
        os.set_blocking(descriptor, True)
    except BaseException:
        os.close(descriptor)
        raise
    return os.fdopen(descriptor, "rb")


def gunzip(data: bytes, limit: int = MAX_PAGE_BYTES) -> bytes:
    """Decompress at most `limit` bytes, so a gzip bomb costs no more memory than a large page."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as unzipped:
            data = unzipped.read(limit + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise PageError("bad_gzip", str(exc) or type(exc).__name__) from exc
    if len(data) > limit:
        raise PageError("too_large", f"more than {limit} bytes once decompressed")
    return data


def decode_content(data: bytes, content_encoding: str | None, limit: int = MAX_PAGE_BYTES) -> bytes:
    """Undo an HTTP Content-Encoding the way Scrapy's HttpCompressionMiddleware does before a
    spider sees the body (Scrapy's HTTP cache stores bodies still encoded)."""
    for coding in reversed([c.strip().lower() for c in (content_encoding or "").split(",")]):
        if coding in ("gzip", "x-gzip"):
            if data.startswith(GZIP_MAGIC):  # else the cache's own gzip layer was this one
                data = gunzip(data, limit)
        elif coding == "deflate":
            data = _inflate(data, limit)
        elif coding == "br":
            data = _unbrotli(data, limit)
        elif coding not in ("", "identity"):
            raise PageError("unsupported_encoding", f"Content-Encoding {coding}")
    return data


def _inflate(data: bytes, limit: int) -> bytes:
    for wbits in (zlib.MAX_WBITS, -zlib.MAX_WBITS):  # zlib-wrapped, or raw as some servers send
        try:
            out = zlib.decompressobj(wbits).decompress(data, limit + 1)
        except zlib.error:
            continue
        if len(out) > limit:
            raise PageError("too_large", f"more than {limit} bytes once decompressed")
        return out
    raise PageError("bad_encoding", "Content-Encoding deflate, but the body does not inflate")


def _unbrotli(data: bytes, limit: int) -> bytes:
    try:
        import brotli  # type: ignore[import-not-found]  # noqa: PLC0415 - optional, like Scrapy
    except ImportError:
        raise PageError("unsupported_encoding", "Content-Encoding br needs `brotli`") from None
    try:
        out: bytes = brotli.decompress(data)
    except brotli.error as exc:
        raise PageError("bad_encoding", f"brotli: {exc}") from exc
    if len(out) > limit:
        raise PageError("too_large", f"more than {limit} bytes once decompressed")
    return out
