"""Pages inside archives: WARC files (through warcio) and Scrapy's HTTP-cache folders.

Only what a crawl would have parsed becomes a page: an HTTP 200 response whose Content-Type is
HTML (or missing), with the record's target URL as the page URL, its HTTP headers as the
headers and its capture time as `fetched_at`. Other responses are counted as skipped.

A corrupt WARC record is reported with its file and offset, and reading goes on at the next
place a record can start (the next gzip member of a .warc.gz, the next `WARC/1.` line of a
.warc): one broken record does not cost the rest of the file.

For several workers a big .warc.gz is cut into byte slices (`warc_slices`) that each worker
reads itself (`slice_items`): the records are the same, and each damaged record is reported
once, though warcio may notice the damage at another offset inside it (where it notices depends
on where it started reading).
"""

from __future__ import annotations

import ast
import gzip
import os
import zlib
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from w3lib.http import headers_raw_to_dict
from warcio.archiveiterator import ArchiveIterator

from pressbot.document import header_value
from pressbot.offline.pages import (
    GZIP_MAGIC,
    MAX_PAGE_BYTES,
    Item,
    Page,
    PageError,
    Problem,
    Skip,
    Unit,
    WarcSlice,
    gunzip,
)

HTML_TYPES = ("text/html", "application/xhtml+xml")
CACHE_BODY = "response_body"
_CACHE_META = "meta"
_CACHE_PICKLED_META = "pickled_meta"
_MAX_META_BYTES = 1024 * 1024
_RESYNC_BLOCK = 1024 * 1024
_PROBE_BLOCK = 64 * 1024
SLICE_BYTES = 1024 * 1024
"""A worker's share of a big gzipped WARC at a time (about 30 news pages), until the end of the
archive draws near (`_slice_bounds`)."""
_MIN_SLICE = 64 * 1024
_TAIL_SHARES = 8
_PROBE_BYTES = 4096
_WARC_HEAD = b"WARC/"


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
    """Each response record of a WARC (.warc or .warc.gz) as a Page, Skip or Problem."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below, after the generator is done
    except OSError as exc:
        yield Problem(str(path), "unreadable", exc.strerror or str(exc))
        return
    with handle:
        try:
            yield from _warc_file_items(path, handle)
        except OSError as exc:
            yield Problem(str(path), "unreadable", exc.strerror or str(exc))


def warc_slices(path: Path, size: int | None = None) -> Iterator[Unit]:
    """`warc_items` for workers to read themselves: a gzipped WARC longer than `size` bytes
    (`SLICE_BYTES`) as `WarcSlice`s of `size` bytes; any other archive as its items."""
    size = size or SLICE_BYTES
    try:
        with open(path, "rb") as handle:
            gzipped = handle.read(2) == GZIP_MAGIC
            total = os.fstat(handle.fileno()).st_size
    except OSError:
        gzipped, total = False, 0  # warc_items reports it
    if not gzipped or total <= size:
        yield from warc_items(path)
        return
    for start, end in _slice_bounds(total, size):
        yield WarcSlice(str(path), start, end)


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


def slice_items(piece: WarcSlice) -> Iterator[Item]:
    """The items of the records in a slice: from the first gzip member holding a WARC record
    that starts at or after `start` (0 for the first slice) to the first one at or after `end`.
    Neighbouring slices therefore share no record and miss none, and damage between two such
    members is reported once, by the slice that holds it."""
    try:
        handle = open(piece.path, "rb")  # noqa: SIM115 - closed below, after the generator is done
    except OSError as exc:
        yield Problem(piece.path, "unreadable", exc.strerror or str(exc))
        return
    with handle:
        try:
            first = 0 if piece.start == 0 else _member_start(handle, piece.start)
            stop = _member_start(handle, piece.end)
            if first is not None and (stop is None or first < stop):
                yield from _warc_file_items(Path(piece.path), handle, first, stop)
        except OSError as exc:
            yield Problem(piece.path, "unreadable", exc.strerror or str(exc))


def _member_start(handle: IO[bytes], position: int) -> int | None:
    """The first offset at or after `position` where a gzip member that holds a WARC record
    starts (the gzip magic alone also occurs inside compressed data), or None."""
    while (found := _next_record_start(handle, position, compressed=True)) is not None:
        handle.seek(found)
        try:
            head = zlib.decompressobj(31).decompress(handle.read(_PROBE_BYTES), len(_WARC_HEAD))
        except zlib.error:
            head = b""
        if head == _WARC_HEAD:
            return found
        position = found + 1
    return None


def _warc_file_items(
    path: Path, handle: IO[bytes], first: int = 0, stop: int | None = None
) -> Iterator[Item]:
    """The items of the records that start in [first, stop) (to the end without `stop`)."""
    name = str(path)
    handle.seek(0)
    compressed = handle.read(2) == GZIP_MAGIC
    start: int | None = first
    reported = False  # one report per corrupt stretch, however many false starts it holds
    while start is not None and (stop is None or start < stop):
        handle.seek(start)
        records = ArchiveIterator(handle, check_digests=True)
        done = 0
        try:
            for record in records:
                if stop is not None and records.offset >= stop:
                    return
                item = _warc_item(name, record, records.offset)
                done += 1
                reported = False
                if item is not None:
                    yield item
            return
        except Exception as exc:  # warcio and zlib raise many types on a damaged file
            if compressed and start == 0 and "non-chunked gzip" in str(exc):
                yield from _whole_gzip_warc(path, skip=done)
                return
            at = max(records.offset, start)
            if stop is not None and at >= stop:
                return  # a record of the next slice, which reports its damage
            if not reported:
                yield Problem(name, "corrupt_warc", _describe(exc), offset=at)
                reported = True
            start = _next_record_start(handle, at + 1, compressed)


def _whole_gzip_warc(path: Path, skip: int) -> Iterator[Item]:
    """A WARC gzipped as one stream (`gzip file.warc`), not one member per record: read it
    through gzip; offsets are then offsets in the uncompressed WARC."""
    with gzip.open(path, "rb") as stream:
        records = ArchiveIterator(stream, check_digests=True)
        try:
            for number, record in enumerate(records):
                if number >= skip:
                    item = _warc_item(str(path), record, records.offset)
                    if item is not None:
                        yield item
        except Exception as exc:
            yield Problem(str(path), "corrupt_warc", _describe(exc), offset=records.offset)


def _warc_item(path: str, record: Any, offset: int) -> Item | None:
    if record.rec_type not in ("response", "revisit"):
        return None
    url = (record.rec_headers.get_header("WARC-Target-URI") or "").strip("<> ") or None
    http = record.http_headers
    if record.rec_type == "revisit":
        return Skip("revisit record")
    if http is None:
        return Skip("no HTTP response")
    skip = _html_skip(http.get_statuscode(), http.get_header("Content-Type"))
    if skip is not None:
        return skip
    try:
        data = record.content_stream().read(MAX_PAGE_BYTES + 1)
        if len(data) > MAX_PAGE_BYTES:
            detail = f"more than {MAX_PAGE_BYTES} bytes"
            return Problem(path, "too_large", detail, offset=offset, url=url)
        damage = _damage(record)
    except Exception as exc:  # bad chunked framing or content encoding inside one record
        return Problem(path, "corrupt_record", _describe(exc), offset=offset, url=url)
    if damage:
        return Problem(path, "corrupt_record", damage, offset=offset, url=url)
    return Page(
        path,
        url=url,
        headers=_first_values(http.headers),
        data=data,
        offset=offset,
        fetched_at=_iso_utc(record.rec_headers.get_header("WARC-Date")),
    )


def _damage(record: Any) -> str | None:
    """Why a fully read record cannot be trusted: cut short, or a digest that does not match."""
    raw = record.raw_stream
    while raw.read(_RESYNC_BLOCK):
        pass
    missing = getattr(raw, "limit", 0)
    if missing > 0:
        return f"truncated: {missing} byte(s) of the record are missing"
    checker = getattr(record, "digest_checker", None)
    if checker is not None and checker.passed is False:
        return "; ".join(checker.problems)
    return None


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
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).isoformat(timespec="seconds")


def _describe(exc: BaseException) -> str:
    """An exception as one short printable line (warcio quotes the damaged bytes it met)."""
    text = "".join(c if c.isprintable() else " " for c in str(exc).splitlines()[0] if str(exc))
    text = " ".join(text.split())[:120]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _next_record_start(handle: IO[bytes], position: int, compressed: bool) -> int | None:
    """Where the next record may start at or after `position`, or None at the end of the file."""
    needle = GZIP_MAGIC + b"\x08" if compressed else b"WARC/1."
    handle.seek(position)
    carry = b""
    base = position
    want = _PROBE_BLOCK  # the next record is most often in the first block: read little first
    while block := handle.read(want):
        want = _RESYNC_BLOCK
        window = carry + block
        found = window.find(needle)
        if found >= 0:
            return base - len(carry) + found
        carry = window[-(len(needle) - 1) :]
        base += len(block)
    return None


# Scrapy HTTP cache (FilesystemCacheStorage) ----------------------------------------------------


def is_cache_names(names: set[str]) -> bool:
    """Whether a folder with these entries is one FilesystemCacheStorage entry."""
    return CACHE_BODY in names and bool({_CACHE_META, _CACHE_PICKLED_META} & names)


def is_cache_entry(folder: Path) -> bool:
    return (folder / CACHE_BODY).is_file() and (
        (folder / _CACHE_META).is_file() or (folder / _CACHE_PICKLED_META).is_file()
    )


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
    stamp = meta.get("timestamp")
    fetched_at = (
        datetime.fromtimestamp(stamp, UTC).isoformat(timespec="seconds")
        if isinstance(stamp, int | float)
        else None
    )
    return Page(body, url=url, headers=_decoded(headers), fetched_at=fetched_at)


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
        with open(path, "rb") as handle:
            data = handle.read(_MAX_META_BYTES + 1)
    except FileNotFoundError:
        if missing_ok:
            return b""
        raise PageError("bad_cache_entry", f"{path.name} is missing") from None
    except OSError as exc:
        raise PageError("unreadable", f"{path.name}: {exc.strerror or exc}") from exc
    if len(data) > _MAX_META_BYTES:
        raise PageError("bad_cache_entry", f"{path.name} is larger than {_MAX_META_BYTES} bytes")
    return gunzip(data, _MAX_META_BYTES) if data.startswith(GZIP_MAGIC) else data


def _decoded(headers: Mapping[bytes, list[bytes]]) -> dict[str, str]:
    return {
        key.decode("latin-1"): value[0].decode("latin-1") for key, value in headers.items() if value
    }
