"""Pages inside archives: WARC files (through warcio) and Scrapy's HTTP-cache folders.

Only what a crawl would have parsed becomes a page: an HTTP 200 response whose Content-Type is
HTML (or missing), with the record's target URL as the page URL, its HTTP headers as the
headers and its capture time as `fetched_at`. Other responses are counted as skipped.

A .warc.gz is read one gzip member at a time, whether a member holds one record (as warcio
writes them) or several (a WARC gzipped whole, or in groups), and a member's records as they are
decompressed. A corrupt WARC record is reported once, with its file and offset, and reading goes
on at the next place a record can start (the next gzip member that holds a WARC record, the next
version line, `WARC/1.0` or 1.1, 0.17, 0.18, after the damaged record's start): one broken
record does not cost the rest of the file. A record of no WARC type is reported too: its header
is damaged.

For several workers a big .warc.gz is cut into byte slices (`warc_slices`) that each worker
reads itself (`slice_items`), each the members that start in it, to their ends: the items are
those one worker reads.
"""

from __future__ import annotations

import ast
import logging
import os
import re
import zlib
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, Protocol

from w3lib.http import headers_raw_to_dict
from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataReader
from warcio.exceptions import ArchiveLoadFailed

from pressbot.document import HTML_TYPES, header_value
from pressbot.offline.pages import (
    GZIP_MAGIC,
    MAX_PAGE_BYTES,
    Item,
    MemberRead,
    Page,
    PageError,
    Problem,
    Skip,
    SliceItem,
    Unit,
    WarcSlice,
    decode_content,
    gunzip,
    open_regular,
)

CACHE_BODY = "response_body"
_CACHE_META = "meta"
_CACHE_PICKLED_META = "pickled_meta"
_MAX_META_BYTES = 1024 * 1024
_RESYNC_BLOCK = 1024 * 1024
_PROBE_BLOCK = 64 * 1024
_CHECKPOINT_BYTES = 1024 * 1024
_CHECKPOINTS = 32
SLICE_BYTES = 1024 * 1024
"""A worker's share of a big gzipped WARC at a time (about 30 news pages), until the end of the
archive draws near (`_slice_bounds`)."""
_MIN_SLICE = 64 * 1024
_TAIL_SHARES = 8
_PROBE_BYTES = 4096
_WARC_HEAD = b"WARC/"
_RECORD_START = re.compile(rb"WARC/(?:1\.[01]|0\.1[78])\r?\n")
"""A record's version line: warcio reads WARC 1.0, 1.1, 0.17 and 0.18."""
_MEMBER_START = re.compile(re.escape(GZIP_MAGIC + b"\x08"))
_START_BYTES = 12  # longer than either match: what a block keeps of the one before
# warcio logs each target URI it repairs (spaces made %20) as a warning, which Python prints raw
# on stderr when nothing configured logging: the page gets the repaired URL, nothing to report.
logging.getLogger("warcio.recordloader").setLevel(logging.ERROR)
_WARC_TYPES = frozenset(
    (
        "warcinfo",
        "response",
        "resource",
        "request",
        "metadata",
        "revisit",
        "conversion",
        "continuation",
    )
)


def _html_skip(status: object, content_type: str | None) -> Skip | None:
    """Why a response is no page a crawl would parse, or None when it is one."""
    if str(status) != "200":
        return Skip(f"status {status}")
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind and kind not in HTML_TYPES:
        return Skip(f"content type {kind}")
    return None


# WARC ------------------------------------------------------------------------------------------


def warc_items(path: Path) -> Iterator[Item]:
    """Each response record of a WARC (.warc or .warc.gz) as a Page, Skip or Problem; an
    archive that gives none (empty, or requests and metadata only) is reported."""
    found = False
    for item in _archive_items(path):
        found = True
        yield item
    if not found:
        yield empty_archive(str(path))


def empty_archive(path: str) -> Problem:
    """The report of an archive that holds no response record."""
    return Problem(path, "no_pages", "no response record in it")


def _archive_items(path: Path) -> Iterator[Item]:
    handle = _open_archive(str(path))
    if isinstance(handle, Problem):
        yield handle
        return
    name = str(path)
    with handle:
        try:
            head = handle.read(_PROBE_BYTES)
            if head.startswith(GZIP_MAGIC):
                yield from _unmarked(_gzip_items(name, handle, 0))
            elif path.name.lower().endswith(".gz") and not head.lstrip().startswith(_WARC_HEAD):
                yield from _damaged_gzip_items(name, handle)
            else:
                yield from _plain_items(name, handle)
        except OSError as exc:
            yield Problem(name, "unreadable", exc.strerror or str(exc))


def _damaged_gzip_items(name: str, handle: IO[bytes]) -> Iterator[Item]:
    """The items of a .warc.gz that starts with neither a gzip member nor a WARC record (its
    first bytes are damaged): reported, then read from the first member that holds a WARC
    record. Read as a plain WARC, a damaged first member cost every record after it."""
    first = _member_start(handle, 1)
    then = "and none holds a WARC record" if first is None else f"read from offset {first} on"
    yield Problem(name, "corrupt_warc", f"no gzip member at the start of the file, {then}", 0)
    if first is not None:
        yield from _unmarked(_gzip_items(name, handle, first))


def _unmarked(items: Iterable[SliceItem]) -> Iterator[Item]:
    """The items of a whole archive, read in one pass: every member is one of its own."""
    return (item for item in items if not isinstance(item, MemberRead))


def warc_slices(path: Path, size: int | None = None) -> Iterator[Unit]:
    """`warc_items` for workers to read themselves: a gzipped WARC longer than `size` bytes
    (`SLICE_BYTES`) as `WarcSlice`s of `size` bytes; any other archive as its items. So is one
    whose first gzip member runs past a worker's share (`SLICE_BYTES`), such as a WARC gzipped
    whole: a slice holds a member to its end, so one worker would parse all its pages alone and
    hand them back at once, where read here they are spread over the workers as they come."""
    size = size or SLICE_BYTES
    try:
        with open_regular(path) as handle:
            gzipped = handle.read(2) == GZIP_MAGIC
            total = os.fstat(handle.fileno()).st_size
            sliced = gzipped and total > size and _first_member_ends(handle, SLICE_BYTES)
    except (OSError, PageError):
        sliced = False  # warc_items reports it
    if not sliced:
        yield from warc_items(path)
        return
    for start, end in _slice_bounds(total, size):
        yield WarcSlice(str(path), start, end, last=end == total)


def _first_member_ends(handle: IO[bytes], limit: int) -> bool:
    """Whether the first gzip member of `handle` ends within its first `limit` bytes (so does
    one cut short or damaged there: the slice that holds it reports it)."""
    handle.seek(0)
    inflate = zlib.decompressobj(31)
    try:
        while not inflate.eof and (
            data := inflate.unconsumed_tail or handle.read(min(_PROBE_BLOCK, limit - handle.tell()))
        ):
            inflate.decompress(data, _PROBE_BLOCK)
    except zlib.error:
        return True
    return inflate.eof or handle.tell() < limit


def _slice_bounds(total: int, size: int) -> Iterator[tuple[int, int]]:
    """Byte ranges that cover `total` bytes: `size` each, then, once less than `_TAIL_SHARES`
    times `size` is left, an eighth of what is left (at least `_MIN_SLICE`), so the workers run
    out of work within a few pages of each other. With 1 MiB slices to the end, one of two workers
    sat idle for up to a slice (30 pages) while the other finished the run.

    >>> sizes = [end - start for start, end in _slice_bounds(12 << 20, 1 << 20)]
    >>> sizes[:7], sizes[-3:], sum(sizes) == 12 << 20
    ([1048576, 1048576, 1048576, 1048576, 1048576, 917504, 802816], [65536, 65536, 49245], True)
    """
    start = 0
    while start < total:
        piece = min(size, max(min(_MIN_SLICE, size), (total - start) // _TAIL_SHARES))
        yield start, min(total, start + piece)
        start += piece


def slice_items(piece: WarcSlice) -> Iterator[SliceItem]:
    """The items of the records in a slice: those of the gzip members read one after the other
    from the first one that holds a WARC record and starts in [start, end) (0 for the first
    slice), up to the first such member at or after `end`, where the next slice that holds one
    starts. Neighbouring slices therefore share no member and miss none, and a damaged member is
    reported once, by the slice that reads it. Each member's items are followed by a
    `MemberRead`, by which the parent drops those of a member inside one read before."""
    handle = _open_archive(piece.path)
    if isinstance(handle, Problem):
        yield handle
        return
    with handle:
        try:
            first = 0 if piece.start == 0 else _member_start(handle, piece.start, piece.end)
            if first is not None:
                yield from _gzip_items(piece.path, handle, first, piece.end)
        except OSError as exc:
            yield Problem(piece.path, "unreadable", exc.strerror or str(exc))


def _open_archive(path: str) -> IO[bytes] | Problem:
    """The archive at `path` opened to read, or why it cannot be."""
    try:
        return open_regular(path)
    except PageError as exc:
        return Problem(path, exc.reason, exc.detail)
    except OSError as exc:
        return Problem(path, "unreadable", exc.strerror or str(exc))


def _member_start(handle: IO[bytes], position: int, before: int | None = None) -> int | None:
    """The first offset in [position, before) (to the end without `before`) where a gzip member
    that holds a WARC record starts (the gzip magic alone also occurs inside compressed data), or
    None."""
    while (found := _next_record_start(handle, position, True, before)) is not None:
        handle.seek(found)
        try:
            head = zlib.decompressobj(31).decompress(handle.read(_PROBE_BYTES), len(_WARC_HEAD))
        except zlib.error:
            head = b""
        if head == _WARC_HEAD:
            return found
        position = found + 1
    return None


def _gzip_items(
    name: str, handle: IO[bytes], first: int, end: int | None = None
) -> Iterator[SliceItem]:
    """The items of a .warc.gz's records, in the gzip members read one after the other from
    `first`. A member may hold one record (as warcio writes them) or several (a WARC gzipped
    whole, or in groups): the offset of a record is its member's plus its offset in the member's
    uncompressed bytes. A damaged member is reported once, and reading goes on at the next member
    that holds a WARC record. With `end` (a slice), a member that starts at or after `end` is read
    only if no such member lies between `end` and it: that one starts the next slice."""
    total = os.fstat(handle.fileno()).st_size
    start: int | None = first
    while start is not None:
        start = _after_blanks(handle, start)
        if start >= total or (
            end is not None and start >= end and _member_start(handle, end, start + 1) is not None
        ):
            return
        member = _Member(handle, start)
        yield from _plain_items(name, member, base=start)
        yield MemberRead(name, start, member.end)
        # A damaged member is reported by _plain_items: reading goes on at the next sound one.
        start = member.end if member.end is not None else _member_start(handle, start + 1, end)


def _after_blanks(handle: IO[bytes], position: int) -> int:
    """The offset of the first byte from `position` on that is no whitespace: some .warc.gz
    files end with a line break after their last gzip member."""
    while True:
        handle.seek(position)
        block = handle.read(_PROBE_BYTES)
        rest = block.lstrip()
        position += len(block) - len(rest)
        if rest or not block:
            return position


class _Stream(Protocol):
    """What `_plain_items` reads: a .warc file, or the bytes of a gzip member (`_Member`)."""

    def read(self, size: int, /) -> bytes: ...

    def seek(self, position: int, /) -> int: ...

    def tell(self) -> int: ...


class _Member:
    """The uncompressed bytes of the gzip member that starts at `start` in `handle`, decompressed
    as they are read (a member may hold a whole WARC), and always in the same pieces, so they are
    the same however they are read; seekable, back from the last checkpoint before the place
    (the decompressor's state, every `_CHECKPOINT_BYTES` of output; the most recent
    `_CHECKPOINTS` kept), or from the start: resyncing after each damaged record of a WARC
    gzipped whole started over every time (45 s for 100 damaged records in 38 MB, 0.7 s
    sound). Where the member is damaged or cut short, its bytes end with a zlib.error (once,
    after the bytes before it); `end`, the offset after the member, is set once its last byte
    is read."""

    def __init__(self, handle: IO[bytes], start: int) -> None:
        self.end: int | None = None
        self._handle = handle
        self._start = start
        self._checkpoints: deque[tuple[int, bytes, Any, int]] = deque(maxlen=_CHECKPOINTS)
        self._checkpointed = 0  # the output offset of the latest checkpoint
        self._begin()

    def _begin(self) -> None:
        self._inflate = zlib.decompressobj(31)
        self._next_in = self._start  # the offset in `handle` of the next compressed bytes
        self._position = 0
        self._ready = b""
        self._error: zlib.error | None = None  # raised once, when the bytes before it are read
        self._broken = False

    def tell(self) -> int:
        return self._position

    def seek(self, position: int, /) -> int:
        if position < self._position:
            self._back_to(position)
        while self._position < position and self.read(min(position - self._position, _PROBE_BLOCK)):
            pass
        return self._position

    def read(self, size: int, /) -> bytes:
        while len(self._ready) < size and self._inflate_more():
            pass
        if not self._ready and self._error is not None:
            error, self._error = self._error, None
            raise error
        found, self._ready = self._ready[:size], self._ready[size:]
        self._position += len(found)
        return found

    def _back_to(self, position: int) -> None:
        """Go back to the last checkpoint at or before `position`, or to the start."""
        for done, ready, inflate, next_in in reversed(self._checkpoints):
            if done <= position:
                self._begin()
                self._position, self._ready, self._next_in = done, ready, next_in
                self._inflate = inflate.copy()
                return
        self._begin()

    def _inflate_more(self) -> bool:
        """Decompress the next piece into `_ready`: False at the member's end or damage."""
        if self._inflate.eof or self._broken:
            return False
        if self._position + len(self._ready) >= self._checkpointed + _CHECKPOINT_BYTES:
            state = (self._position, self._ready, self._inflate.copy(), self._next_in)
            self._checkpoints.append(state)
            self._checkpointed = self._position + len(self._ready)
        data = self._inflate.unconsumed_tail
        if not data:
            self._handle.seek(self._next_in)
            data = self._handle.read(_PROBE_BLOCK)
            self._next_in += len(data)
        try:
            if not data:
                raise zlib.error("the file ends inside this gzip member")
            self._ready += self._inflate.decompress(data, _PROBE_BLOCK)
        except zlib.error as exc:
            self._error, self._broken = exc, True
            return False
        if self._inflate.eof:
            self.end = self._next_in - len(self._inflate.unused_data)
        return True


class _Records(ArchiveIterator):  # type: ignore[misc]
    """warcio's iterator without its raw warning on stderr about bytes between records (a record
    whose Content-Length is short): `_plain_items` reports the record (`_unless_overrun`)."""

    INC_RECORD = ""


def _plain_items(name: str, stream: _Stream, base: int = 0) -> Iterator[Item]:
    """The items of the records of an uncompressed WARC: a .warc, or the bytes of the gzip member
    at `base` (offsets count from there). Damage is reported once, and reading goes on at the
    next version line (`WARC/1.0`) after the start of the damaged record (whose Content-Length
    may hide the next record), or after the damaged bytes when the record before them was proven
    whole."""
    start: int | None = 0
    stretch = False  # damage reported, and no sound record read since
    while start is not None:
        stream.seek(start)
        records = _Records(stream, check_digests=True)
        begun, record = start, None
        held: tuple[Item, int] | None = None  # a page, until the bytes after it are seen
        try:
            for record in records:
                if held is not None:
                    yield _unless_overrun(*held, records.err_count)
                    held = None
                begun = records.offset
                item = _warc_item(name, record, base + begun)
                stretch = _untrusted(item, record)
                if item is not None and not stretch:
                    held = (item, records.err_count)
                elif item is not None:
                    yield item
                if stretch:
                    break
            else:
                if held is not None:
                    yield _unless_overrun(*held, records.err_count)
                    held = None
                if _at_end(stream, records.offset):
                    return
                raise ArchiveLoadFailed("the record ends inside its HTTP headers")
            resume = begun
        except Exception as exc:  # warcio and zlib raise many types on a damaged file
            if held is not None:
                settled = _unless_overrun(*held, records.err_count)
                stretch = stretch or settled is not held[0]  # (the damage, reported)
                yield settled
            at = max(records.offset, start)
            if not stretch:
                yield Problem(name, "corrupt_warc", _describe(exc), offset=base + at)
                stretch = True
            resume = at if record is not None and record.digest_checker.passed is True else begun
        try:
            start = _next_record_start(stream, resume + 1, False)
        except zlib.error:  # a gzip member's bytes end in damage before another record
            start = None


def _unless_overrun(item: Item, errors_before: int, errors: int) -> Item:
    """A page, or a problem when warcio found bytes between its end and the next record (it
    counts them in `err_count`): its Content-Length is short, the page cut, and no digest said
    so."""
    if errors == errors_before or not isinstance(item, Page):
        return item
    detail = "bytes after its end: its Content-Length is short, the page cut"
    return Problem(item.path, "corrupt_record", detail, offset=item.offset, url=item.url)


def _at_end(stream: _Stream, position: int) -> bool:
    """Whether nothing but blank lines follows `position`: warcio stops reading, as at the end of
    the file, at a record cut short inside its HTTP headers."""
    stream.seek(position)
    return not stream.read(_PROBE_BYTES).strip()


def _untrusted(item: Item | None, record: Any) -> bool:
    """Whether a record was reported damaged and its length is not proven by its digest."""
    damaged = isinstance(item, Problem) and item.reason == "corrupt_record"
    return damaged and record.digest_checker.passed is not True


def _warc_item(path: str, record: Any, offset: int) -> Item | None:
    """The item of a record, read to its end (None for a record of no page: a request, metadata
    and the like); a damaged record, or one of no WARC type, is reported."""
    url = (record.rec_headers.get_header("WARC-Target-URI") or "").strip("<> ") or None
    try:
        item = _record_item(path, record, offset, url)
        damage = _damage(record, page=isinstance(item, Page))
    except Exception as exc:  # bad chunked framing or content encoding inside one record
        return Problem(path, "corrupt_record", _describe(exc), offset=offset, url=url)
    if damage:
        return Problem(path, "corrupt_record", damage, offset=offset, url=url)
    return item


def _record_item(path: str, record: Any, offset: int, url: str | None) -> Item | None:
    """The item of a record, whatever damage reading it to its end may show."""
    if record.rec_type not in _WARC_TYPES:  # a damaged header, not a type to pass over unseen
        detail = f"WARC-Type {record.rec_type!r} is no WARC record type"
        return Problem(path, "corrupt_record", detail, offset=offset, url=url)
    if record.rec_type not in ("response", "revisit"):
        return None
    http = record.http_headers
    if record.rec_type == "revisit":
        return Skip("revisit record")
    if http is None:
        return Skip("no HTTP response")
    skip = _html_skip(http.get_statuscode(), http.get_header("Content-Type"))
    if skip is not None:
        return skip
    # The chunked framing undone here, the Content-Encoding as for a cache entry: warcio's
    # content_stream gave a gzip body cut short as far as it went, or printed its error raw.
    payload = record.raw_stream
    if (http.get_header("Transfer-Encoding") or "").strip().lower() == "chunked":
        payload = ChunkedDataReader(payload, decomp_type=None)
    try:
        data = decode_content(payload.read(MAX_PAGE_BYTES + 1), http.get_header("Content-Encoding"))
    except PageError as exc:
        return Problem(path, exc.reason, exc.detail, offset, url)
    if len(data) > MAX_PAGE_BYTES:
        return Problem(path, "too_large", f"more than {MAX_PAGE_BYTES} bytes", offset, url)
    return Page(
        path,
        url=url,
        headers=_first_values(http.headers),
        data=data,
        offset=offset,
        fetched_at=_iso_utc(record.rec_headers.get_header("WARC-Date")),
    )


def _damage(record: Any, page: bool) -> str | None:
    """Why a record cannot be trusted: no length (then it is not read on: it would run to the
    end), or, once read to its end, cut short or a digest that does not match. Only a page's
    payload digest counts: warcio checks that of other records against more than their payload."""
    length = record.rec_headers.get_header("Content-Length")
    if length is None or not length.strip().isdecimal():
        return f"Content-Length {length!r} is no length"
    raw = record.raw_stream
    while raw.read(_RESYNC_BLOCK):
        pass
    missing = getattr(raw, "limit", 0)
    if missing > 0:
        return f"truncated: {missing} byte(s) of the record are missing"
    problems = record.digest_checker.problems
    return "; ".join(p for p in problems if page or p.startswith("block digest")) or None


def _first_values(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    found: dict[str, str] = {}
    seen: set[str] = set()
    for name, value in pairs:
        if name.lower() not in seen:
            seen.add(name.lower())
            found[name] = value
    return found


def _iso_utc(value: str | None) -> str | None:
    """A WARC-Date as the crawl writes `fetched_at`: UTC, to the second."""
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value.strip())
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return when.astimezone(UTC).isoformat(timespec="seconds")
    except (ValueError, OverflowError):  # (0001-01-01T00:00:00+01:00 is before year 1 in UTC)
        return None


def _describe(exc: BaseException) -> str:
    """An exception as one short printable line (warcio quotes the damaged bytes it met)."""
    text = "".join(c if c.isprintable() else " " for c in str(exc).splitlines()[0] if str(exc))
    text = " ".join(text.split())[:120]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _next_record_start(
    handle: _Stream, position: int, compressed: bool, before: int | None = None
) -> int | None:
    """Where the next record may start in [position, before) (to the end without `before`), or
    None."""
    needle = _MEMBER_START if compressed else _RECORD_START
    handle.seek(position)
    carry = b""
    base = position
    want = _PROBE_BLOCK  # the next record is most often in the first block: read little first
    while (before is None or base < before) and (block := handle.read(want)):
        want = _RESYNC_BLOCK
        window = carry + block
        match = needle.search(window)
        if match is not None:
            found = match.start() + base - len(carry)
            return found if before is None or found < before else None
        carry = window[-_START_BYTES:]
        base += len(block)
    return None


# Scrapy HTTP cache (FilesystemCacheStorage) ----------------------------------------------------


_CACHE_FILES = frozenset(
    (
        _CACHE_META,
        _CACHE_PICKLED_META,
        "response_headers",
        CACHE_BODY,
        "request_headers",
        "request_body",
    )
)
"""Files FilesystemCacheStorage writes into an entry's folder, one by one (`meta` first)."""
_FINGERPRINT = re.compile(r"[0-9a-f]{40}")
"""The name of an entry's folder: its request's fingerprint."""


def cache_file_at(names: set[str], folder: str) -> str | None:
    """The file at which a folder with these entries stands for one FilesystemCacheStorage entry
    (its body, else its first name), or None if it is none. An entry that lacks a file (a crawl
    stopped while storing it) is one too, to be reported: two of its files, or one in a folder
    named by a request fingerprint, mark it."""
    files = names & _CACHE_FILES
    if len(files) < 2 and not (files and _FINGERPRINT.fullmatch(folder)):
        return None
    return CACHE_BODY if CACHE_BODY in files else min(files)


def is_cache_entry(folder: Path) -> bool:
    try:
        return cache_file_at(set(os.listdir(folder)), folder.name) is not None
    except OSError:
        return False


_GDBM_MAGICS = frozenset((0x13579ACD, 0x13579ACE, 0x13579ACF))
"""The first four bytes of a dbm.gnu file, either byte order (as `dbm.whichdb` reads them)."""
_DUMB_FILES = (".dat", ".dir", ".bak")


def dbm_cache_file(path: Path) -> Path | None:
    """The file that stands for the DBM database `path` belongs to, when it is one such as
    Scrapy's DbmCacheStorage writes (`<spider>.db`): dbm.gnu's one file, or the `.dir` of
    dbm.dumb's `.dat`, `.dir` and `.bak`. None for any other file (a `Thumbs.db` too)."""
    if path.suffix in _DUMB_FILES and path.stem.endswith(".db"):
        index, data = path.with_suffix(".dir"), path.with_suffix(".dat")
        return index if index.is_file() and data.is_file() else None
    if not path.name.endswith(".db"):
        return None
    try:
        with open_regular(path) as handle:
            head = handle.read(4)
    except (OSError, PageError):
        return None
    magic = (
        {int.from_bytes(head, order) for order in ("big", "little")} if len(head) == 4 else set()
    )
    return path if magic & _GDBM_MAGICS else None


def dbm_cache_problem(found: Path) -> Problem:
    """The report of a DBM HTTP cache: its entries are pickled, and never unpickled here."""
    detail = (
        "a Scrapy DbmCacheStorage HTTP cache: its entries are pickled, and unpickling is unsafe; "
        "crawl with FilesystemCacheStorage (Scrapy's default) to parse the cache offline"
    )
    return Problem(str(found), "unsupported_format", detail)


def cache_entry_item(folder: Path) -> Item:
    """The page of one `<httpcache>/<spider>/<xx>/<fingerprint>/` folder.

    Scrapy writes `meta` as the repr() of a dict of plain values, read here with
    `ast.literal_eval`; `pickled_meta` holds the same dict pickled and is never unpickled (a
    cache folder may come from anywhere). With HTTPCACHE_GZIP every file is gzipped.
    """
    body = str(folder / CACHE_BODY)
    try:
        meta = _cache_meta(folder)
        raw_headers = _small_file(folder / "response_headers", missing_ok=True)
    except PageError as exc:
        return Problem(body, exc.reason, exc.detail)
    url = meta.get("response_url") or meta.get("url")
    if not isinstance(url, str):
        return Problem(body, "bad_cache_entry", "meta names no URL")
    headers = headers_raw_to_dict(raw_headers) if raw_headers else {}
    skip = _html_skip(meta.get("status"), header_value(headers, "Content-Type"))
    if skip is not None:
        return skip
    if not os.path.lexists(body):
        return Problem(body, "bad_cache_entry", f"{CACHE_BODY} is missing", url=url)
    fetched_at = _stamp_utc(meta.get("timestamp"))
    return Page(body, url=url, headers=_decoded(headers), fetched_at=fetched_at)


def _stamp_utc(stamp: object) -> str | None:
    """A cache entry's timestamp as the crawl writes `fetched_at`; None when it is no time."""
    if not isinstance(stamp, int | float) or isinstance(stamp, bool):
        return None
    try:
        return datetime.fromtimestamp(stamp, UTC).isoformat(timespec="seconds")
    except (OverflowError, OSError, ValueError):  # 1e20, nan: a damaged meta
        return None


def _cache_meta(folder: Path) -> Mapping[str, Any]:
    if not (folder / _CACHE_META).exists():
        raise PageError(
            "bad_cache_entry", "no `meta` file (`pickled_meta` is not read: unpickling is unsafe)"
        )
    text = _small_file(folder / _CACHE_META).decode("utf-8", "replace")
    try:
        meta = ast.literal_eval(text)
    except (ValueError, SyntaxError, MemoryError, RecursionError) as exc:
        raise PageError("bad_cache_entry", f"meta is not a Python literal: {exc}") from exc
    if not isinstance(meta, dict):
        raise PageError("bad_cache_entry", "meta is not a dict")
    return meta


def _small_file(path: Path, missing_ok: bool = False) -> bytes:
    try:
        with open_regular(path) as handle:
            data = handle.read(_MAX_META_BYTES + 1)
    except FileNotFoundError:
        if missing_ok:
            return b""
        raise PageError("bad_cache_entry", f"{path.name} is missing") from None
    except OSError as exc:
        raise PageError("unreadable", f"{path.name}: {exc.strerror or exc}") from exc
    except PageError as exc:
        raise PageError(exc.reason, f"{path.name}: {exc.detail}") from None
    if len(data) > _MAX_META_BYTES:
        raise PageError("bad_cache_entry", f"{path.name} is larger than {_MAX_META_BYTES} bytes")
    return gunzip(data, _MAX_META_BYTES) if data.startswith(GZIP_MAGIC) else data


def _decoded(headers: Mapping[bytes, list[bytes]]) -> dict[str, str]:
    return {
        key.decode("latin-1"): value[0].decode("latin-1") for key, value in headers.items() if value
    }
