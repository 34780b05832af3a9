"""WARCs gzipped other than one record per member, damaged WARCs and FIFOs: read by one worker
(`warc_items`, as `pressbot parse -j 1` does) and in slices (`warc_slices` + `slice_items`, as
`-j 2` does), every record comes out once, each damage is reported once, nothing hangs."""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import os
import random
import re
import subprocess
import sys
import threading
import zlib
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pressbot.offline import archives
from pressbot.offline.pages import Item, Page, Problem, Skip, Unit, WarcSlice
from pressbot.offline.run import outcomes
from pressbot.offline.work import pages_of

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _fixture_pages(count: int) -> list[tuple[str, dict[str, str], bytes]]:
    """(url, headers, body) of the first `count` fixture pages that name their URL."""
    found = []
    for body in sorted(FIXTURES.glob("*/*/body.html")):
        info_file = body.with_name("info.json")
        info = json.loads(info_file.read_text(encoding="utf-8")) if info_file.is_file() else {}
        if isinstance(info.get("url"), str):
            found.append((info["url"], info.get("headers") or {}, body.read_bytes()))
        if len(found) == count:
            return found
    raise AssertionError("too few fixture pages")


PAGES = _fixture_pages(6)
URLS = [url for url, _, _ in PAGES]


def _record(url: str, headers: dict[str, str], body: bytes, kind: str = "response") -> bytes:
    """One uncompressed WARC record (with its block digest) of a page."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    http = StatusAndHeaders(
        "200 OK", list(headers.items()) or [("Content-Type", "text/html")], protocol="HTTP/1.1"
    )
    if kind == "request":
        http = StatusAndHeaders(f"GET {url} HTTP/1.1", [], is_http_request=True)
    record = writer.create_warc_record(
        url,
        kind,
        payload=io.BytesIO(body),
        length=len(body),
        http_headers=http,
        warc_headers_dict={"WARC-Date": "2024-05-06T07:08:09Z"},
    )
    writer.write_record(record)
    return buffer.getvalue()


RECORDS = [_record(*page) for page in PAGES]


def _offsets(parts: Iterable[bytes]) -> list[int]:
    """Where each of `parts` starts once they are joined."""
    offsets, at = [], 0
    for part in parts:
        offsets.append(at)
        at += len(part)
    return offsets


def _one_worker(path: Path) -> list[Item]:
    return list(archives.warc_items(path))


def _read(chunk: Sequence[Unit]) -> list[Any]:
    """A worker that reads its units and parses nothing."""
    return [item for unit in chunk for item in pages_of(unit)]


def _in_slices(path: Path, size: int) -> list[Item]:
    """The items as the workers of `-j 2` read them and the parent keeps them, in input order."""
    units = list(archives.warc_slices(path, size))
    if not any(isinstance(unit, WarcSlice) for unit in units):
        assert not path.name.endswith(".gz"), "a .warc.gz comes in slices"
        return units  # type: ignore[return-value]  # (no slice: items)
    return list(outcomes(units, 1, None, lambda _: None, worker=_read, near=False))  # type: ignore[arg-type]


def _urls(items: Iterable[object]) -> list[str | None]:
    return [item.url for item in items if isinstance(item, Page)]


def _problems(items: Iterable[object]) -> list[tuple[str, int | None, str | None]]:
    return [(i.reason, i.offset, i.url) for i in items if isinstance(i, Problem)]


def _slice_sizes(path: Path) -> list[int]:
    """Sizes that cut the archive at `path` into slices, many to two."""
    size = path.stat().st_size
    return [piece for piece in (500, 4096, 20000, size // 3, size - 1) if piece < size]


# Gzip members that hold several records ---------------------------------------------------------


def _several_per_member(layout: str) -> bytes:
    if layout == "grouped":  # three records per gzip member
        return b"".join(gzip.compress(b"".join(RECORDS[i : i + 3])) for i in range(0, 6, 3))
    if layout == "two_streams":  # `gzip a.warc; gzip b.warc; cat a.warc.gz b.warc.gz`
        return gzip.compress(b"".join(RECORDS[:2])) + gzip.compress(b"".join(RECORDS[2:]))
    if layout == "chunked_then_whole":  # a chunked .warc.gz, then one gzipped whole
        chunked = b"".join(gzip.compress(record) for record in RECORDS[:3])
        return chunked + gzip.compress(b"".join(RECORDS[3:]))
    return gzip.compress(b"".join(RECORDS))  # `gzip file.warc`


@pytest.mark.parametrize("layout", ["grouped", "two_streams", "chunked_then_whole", "whole"])
def test_members_of_several_records_give_each_record_once(tmp_path: Path, layout: str) -> None:
    """However many records a gzip member holds, one worker and the slices read each once."""
    warc = tmp_path / "a.warc.gz"
    warc.write_bytes(_several_per_member(layout))
    whole = _one_worker(warc)
    assert _urls(whole) == URLS
    assert _problems(whole) == []
    for size in _slice_sizes(warc):
        assert _in_slices(warc, size) == whole, (layout, size)


def _archive_in_a_record() -> bytes:
    """A .warc.gz one of whose records is another .warc.gz, of pictures and pages: its bytes do
    not compress, so deflate stores them as they are and its gzip members appear in the file."""
    rnd = random.Random(1)
    inner = b"".join(
        gzip.compress(_record(f"https://inner.example/{i}.jpg", {}, rnd.randbytes(60_000)))
        + gzip.compress(_record(f"https://inner.example/{i}.html", headers, body))
        for i, (_, headers, body) in enumerate(PAGES[:3])
    )
    download = {"Content-Type": "application/octet-stream"}
    archived = gzip.compress(_record("https://data.example/crawl.warc.gz", download, inner))
    members = [gzip.compress(record) for record in RECORDS]
    return b"".join(members[:3]) + archived + b"".join(members[3:])


def test_an_archive_inside_a_record_gives_none_of_its_records_in_slices(tmp_path: Path) -> None:
    """A slice's first member is found by its bytes: one inside the archived .warc.gz gave its
    records (and reports of damage) with -j 2 only. The parent now drops the items of a member
    that starts before the end of one read already."""
    warc = tmp_path / "a.warc.gz"
    warc.write_bytes(_archive_in_a_record())
    whole = [item for item in _one_worker(warc) if not isinstance(item, Skip)]
    assert (_urls(whole), _problems(whole)) == (URLS, [])

    for size in (4096, 20000, 60000):
        assert len(list(archives.warc_slices(warc, size))) > 3
        assert [item for item in _in_slices(warc, size) if not isinstance(item, Skip)] == whole


def test_a_warc_gzipped_whole_comes_as_its_items_not_in_slices(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first gzip member longer than a worker's share would be one worker's to parse alone,
    all its pages at once: the archive comes as its items instead, for all workers to share."""
    monkeypatch.setattr(archives, "SLICE_BYTES", 5000)
    whole = tmp_path / "whole.warc.gz"
    whole.write_bytes(_several_per_member("whole"))
    units = list(archives.warc_slices(whole))
    assert units == _one_worker(whole)
    assert _urls(units) == URLS
    chunked = tmp_path / "chunked.warc.gz"
    chunked.write_bytes(b"".join(gzip.compress(record) for record in RECORDS))
    assert all(isinstance(unit, WarcSlice) for unit in archives.warc_slices(chunked))


def test_a_damaged_gzip_stream_gives_what_comes_before_the_damage(tmp_path: Path) -> None:
    """The records of a WARC gzipped whole come one by one as the stream is decompressed: the
    first comes out before the damage further on is met, which is reported once."""
    warc = tmp_path / "a.warc.gz"
    data = bytearray(gzip.compress(b"".join(RECORDS), compresslevel=1))
    data[-len(data) // 3 :] = bytes(len(data) // 3)
    warc.write_bytes(bytes(data))
    items = archives.warc_items(warc)
    first = next(items)
    assert isinstance(first, Page) and first.url == URLS[0]
    rest = list(items)
    assert len([i for i in rest if isinstance(i, Problem)]) == 1, rest


# Damage inside a plain .warc -------------------------------------------------------------------


def _damaged(record: bytes, damage: str) -> bytes:
    if damage == "cut":  # its Content-Length now runs 2000 bytes into the next record
        return record[:2000] + record[4000:]
    if damage == "zeroed":  # its digest fails
        return record[:2000] + bytes(500) + record[2500:]
    if damage == "no_length":  # warcio would read it to the end of the file
        return record.replace(b"Content-Length:", b"Content-Xength:", 1)
    if damage == "short_length":  # it ends inside its HTTP headers
        return re.sub(rb"Content-Length: \d+", b"Content-Length: 10", record, count=1)
    return b"WXRC" + record[4:]  # its first line


@pytest.mark.parametrize("damage", ["cut", "zeroed", "no_length", "short_length", "first_line"])
def test_a_damaged_record_of_a_plain_warc_costs_only_itself(tmp_path: Path, damage: str) -> None:
    """A damaged record is reported once, at its offset; the records after it still come out."""
    offsets = _offsets(RECORDS)
    warc = tmp_path / "a.warc"
    warc.write_bytes(RECORDS[0] + _damaged(RECORDS[1], damage) + b"".join(RECORDS[2:]))
    items = _one_worker(warc)
    assert _urls(items) == [URLS[0], *URLS[2:]]
    [(reason, offset, url)] = _problems(items)
    assert offset == offsets[1]
    assert (reason, url) == (
        ("corrupt_warc", None) if damage == "first_line" else ("corrupt_record", URLS[1])
    )
    assert _in_slices(warc, 500) == items


def test_a_skipped_record_that_runs_past_the_next_one_is_reported(tmp_path: Path) -> None:
    """A record of no page whose Content-Length runs to the end of the file over the next
    record: reported as cut short, and the record it ran over still comes out."""
    image = _record("https://press.example/logo.png", {"Content-Type": "image/png"}, bytes(200))
    longer = len(RECORDS[2]) + 100
    image = re.sub(
        rb"Content-Length: (\d+)",
        lambda found: b"Content-Length: %d" % (int(found[1]) + longer),
        image,
        count=1,
    )
    warc = tmp_path / "a.warc"
    warc.write_bytes(RECORDS[0] + image + RECORDS[2])
    items = _one_worker(warc)
    assert _urls(items) == [URLS[0], URLS[2]]
    assert _problems(items) == [
        ("corrupt_record", len(RECORDS[0]), "https://press.example/logo.png")
    ]


def test_a_warc_cut_after_a_record_header_reports_it(tmp_path: Path) -> None:
    """warcio ends its reading silently, as at the end of the file, at a record cut short right
    after its WARC header; that is damage."""
    head = RECORDS[1][: RECORDS[1].index(b"\r\n\r\n") + 4]
    warc = tmp_path / "a.warc"
    warc.write_bytes(RECORDS[0] + head)
    items = _one_worker(warc)
    assert _urls(items) == [URLS[0]]
    assert _problems(items) == [("corrupt_warc", len(RECORDS[0]), None)]


def test_a_gzip_stream_cut_short_reports_the_cut_record_once(tmp_path: Path) -> None:
    """A WARC gzipped whole and cut inside a record: the records before it, and it reported."""
    plain = b"".join(RECORDS)
    offsets = _offsets(RECORDS)
    packed = gzip.compress(plain)
    cut = packed[: len(packed) * (offsets[2] + offsets[3]) // 2 // len(plain)]
    readable = len(zlib.decompressobj(31).decompress(cut))
    number = max(i for i, offset in enumerate(offsets) if offset <= readable)
    warc = tmp_path / "a.warc.gz"
    warc.write_bytes(cut)
    items = _one_worker(warc)
    assert _urls(items) == URLS[:number]
    assert _problems(items) == [("corrupt_record", offsets[number], URLS[number])]
    for size in _slice_sizes(warc):
        assert _in_slices(warc, size) == items, size


@pytest.mark.parametrize("damaged", [1, 2, 10])
def test_a_warc_gz_damaged_in_its_first_bytes_loses_only_its_first_record(
    tmp_path: Path, damaged: int
) -> None:
    """Without the gzip magic at its start a .warc.gz was read as a plain WARC, whose records
    start with `WARC/1.`, and gave nothing at all."""
    members = [gzip.compress(record) for record in RECORDS]
    warc = tmp_path / "a.warc.gz"
    warc.write_bytes(bytes(damaged) + b"".join(members)[damaged:])
    items = _one_worker(warc)
    assert _urls(items) == URLS[1:]
    [problem] = [item for item in items if isinstance(item, Problem)]
    assert (problem.reason, problem.offset) == ("corrupt_warc", 0)
    assert f"read from offset {len(members[0])} on" in problem.detail
    assert list(archives.warc_slices(warc, 500)) == items, "read whole, as by one worker"


def test_an_uncompressed_warc_named_warc_gz_is_read_as_it_is(tmp_path: Path) -> None:
    warc = tmp_path / "a.warc.gz"
    warc.write_bytes(b"".join(RECORDS))
    items = _one_worker(warc)
    assert (_urls(items), _problems(items)) == (URLS, [])


# Records of no standard WARC-Type -------------------------------------------------------------


@pytest.mark.parametrize("name", ["a.warc", "a.warc.gz"])
def test_a_record_of_an_unknown_type_is_reported(tmp_path: Path, name: str) -> None:
    """A damaged WARC-Type is reported; records of the other standard types pass unseen."""
    (url0, _, body0), (url1, _, _), (url2, _, body2) = PAGES[:3]
    damaged = RECORDS[1].replace(b"WARC-Type: response", b"WARC-Type: respXnse", 1)
    parts = [
        _record(url0, {}, b"", kind="request"),
        RECORDS[0],
        damaged,
        _record(url0, {}, b"outlinks: none", kind="metadata"),
        _record(url2, {}, b"a picture", kind="resource"),
        RECORDS[2],
    ]
    if name.endswith(".gz"):
        parts = [gzip.compress(part) for part in parts]
    warc = tmp_path / name
    warc.write_bytes(b"".join(parts))
    items = _one_worker(warc)
    assert _urls(items) == [url0, url2]
    assert [(page.data, page.url) for page in items if isinstance(page, Page)] == [
        (body0, url0),
        (body2, url2),
    ]
    [problem] = [item for item in items if isinstance(item, Problem)]
    assert (problem.reason, problem.offset, problem.url) == (
        "corrupt_record",
        _offsets(parts)[2],
        url1,
    )
    assert "respXnse" in problem.detail
    assert _in_slices(warc, 500) == items


# What warcio would print itself -----------------------------------------------------------------


def _undigested(record: bytes, longer_by: int = 0) -> bytes:
    """`record` without its digests (nothing then proves its length), its Content-Length off by
    `longer_by`."""
    head, blank, rest = record.partition(b"\r\n\r\n")
    head = re.sub(rb"WARC-(Block|Payload)-Digest: [^\r]*\r\n", b"", head)
    length = int(re.search(rb"Content-Length: (\d+)", head).group(1))  # type: ignore[union-attr]
    head = re.sub(rb"Content-Length: \d+", b"Content-Length: %d" % (length + longer_by), head)
    return head + blank + rest


@pytest.mark.parametrize("short", [-2, -10])
@pytest.mark.parametrize("name", ["a.warc", "a.warc.gz"])
def test_a_wrong_content_length_is_reported_not_printed_raw(
    tmp_path: Path, name: str, short: int, capfd: pytest.CaptureFixture[str]
) -> None:
    """Bytes left between two records (the first's Content-Length too short, and no digest to
    say so): warcio wrote a warning of several lines to stderr, over the progress line, and the
    page was published cut. The record is reported once, and the records after it come out."""
    parts = [_undigested(r, longer_by=short if i == 1 else 0) for i, r in enumerate(RECORDS)]
    if name.endswith(".gz"):
        parts = [gzip.compress(part) for part in parts]
    warc = tmp_path / name
    warc.write_bytes(b"".join(parts))
    items = _one_worker(warc)
    assert _urls(items) == [URLS[0], *URLS[2:]]
    assert _problems(items) == [("corrupt_record", _offsets(parts)[1], URLS[1])]
    assert capfd.readouterr().err == ""
    if name.endswith(".gz"):
        assert _in_slices(warc, 4096) == items


def test_a_target_uri_with_spaces_is_repaired_without_a_raw_warning(tmp_path: Path) -> None:
    """warcio logs the repair as a warning, which Python prints bare on stderr when nothing
    configured logging, as in the command (pytest's log capture would hide it: run the command)."""
    url, headers, body = PAGES[0]
    spaced = url.rsplit("/", 1)[0] + "/a page.html"
    warc, out = tmp_path / "a.warc", tmp_path / "out.jsonl"
    warc.write_bytes(_record(spaced, headers, body))
    [page] = _one_worker(warc)
    assert isinstance(page, Page)
    assert page.url == spaced.replace(" ", "%20")
    command = [sys.executable, "-m", "pressbot.cli", "parse", str(warc), "-j", "1", "-o", str(out)]
    run = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert "WARC-Target-URI" not in run.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1, run.stderr


# FIFOs -----------------------------------------------------------------------------------------


def _within(seconds: float, path: Path, call: Callable[[], Any]) -> list[Any]:
    """`call()`'s result in a list, or an empty list when it is still waiting after `seconds`
    (then the FIFO at `path` is opened for writing and closed, so that the call ends)."""
    result: list[Any] = []
    thread = threading.Thread(target=lambda: result.append(call()), daemon=True)
    thread.start()
    thread.join(seconds)
    if not thread.is_alive():
        return result
    with contextlib.suppress(OSError):
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
    thread.join(5)
    return []


@pytest.mark.parametrize("name", ["pipe.warc", "pipe.warc.gz"])
def test_a_fifo_named_like_a_warc_is_reported_not_waited_on(tmp_path: Path, name: str) -> None:
    """Opening a FIFO, or reading it, waits for a writer that never comes."""
    fifo = tmp_path / name
    os.mkfifo(fifo)
    refused = [Problem(str(fifo), "unreadable", "not a regular file")]
    assert _within(2, fifo, lambda: list(archives.warc_items(fifo))) == [refused]
    assert _within(2, fifo, lambda: list(archives.warc_slices(fifo, 500))) == [refused]
    piece = WarcSlice(str(fifo), 0, 500)
    assert _within(2, fifo, lambda: list(archives.slice_items(piece))) == [refused]


@pytest.mark.parametrize("fifo_name", ["meta", "response_headers"])
def test_a_fifo_in_a_scrapy_cache_entry_is_reported(tmp_path: Path, fifo_name: str) -> None:
    entry = tmp_path / "0a" / "0a1b2c"
    entry.mkdir(parents=True)
    (entry / "response_body").write_bytes(PAGES[0][2])
    (entry / "meta").write_text(repr({"url": URLS[0], "status": 200}), encoding="utf-8")
    (entry / "response_headers").write_bytes(b"Content-Type: text/html\r\n")
    (entry / fifo_name).unlink()
    os.mkfifo(entry / fifo_name)
    assert _within(2, entry / fifo_name, lambda: archives.cache_entry_item(entry)) == [
        Problem(str(entry / "response_body"), "unreadable", f"{fifo_name}: not a regular file")
    ]


# Older WARC versions, and times out of range ---------------------------------------------------


@pytest.mark.parametrize("version", ["1.1", "0.17", "0.18"])
def test_a_damaged_record_of_another_warc_version_costs_only_itself(
    tmp_path: Path, version: str
) -> None:
    """warcio reads WARC 1.1, 0.17 and 0.18 too: the next record is found after damage (the
    search was for `WARC/1.` lines, which left 0.17 and 0.18 files without their rest)."""
    records = [r.replace(b"WARC/1.0\r\n", f"WARC/{version}\r\n".encode(), 1) for r in RECORDS]
    warc = tmp_path / "a.warc"
    warc.write_bytes(records[0] + _damaged(records[1], "cut") + b"".join(records[2:]))
    items = _one_worker(warc)
    assert _urls(items) == [URLS[0], *URLS[2:]]
    assert _problems(items) == [("corrupt_record", len(records[0]), URLS[1])]


def test_a_warc_date_out_of_range_leaves_fetched_at_empty(tmp_path: Path) -> None:
    """A valid ISO time whose UTC falls before year 1 lost the page (OverflowError)."""
    warc = tmp_path / "a.warc"
    warc.write_bytes(
        re.sub(rb"WARC-Date: [^\r]*", b"WARC-Date: 0001-01-01T00:00:00+01:00", RECORDS[0])
    )
    [page] = _one_worker(warc)
    assert isinstance(page, Page)
    assert (page.url, page.fetched_at) == (URLS[0], None)


@pytest.mark.parametrize("stamp", ["1e20", "-1e20", "True", "'yesterday'"])
def test_a_cache_timestamp_that_is_no_time_leaves_fetched_at_empty(
    tmp_path: Path, stamp: str
) -> None:
    """`'timestamp': 1e20` in a cache entry's meta stopped the whole run with a traceback."""
    entry = tmp_path / "0a" / "0a1b2c"
    entry.mkdir(parents=True)
    (entry / "response_body").write_bytes(PAGES[0][2])
    meta = f"{{'url': {URLS[0]!r}, 'status': 200, 'timestamp': {stamp}}}"
    (entry / "meta").write_text(meta, encoding="utf-8")
    page = archives.cache_entry_item(entry)
    assert isinstance(page, Page)
    assert (page.url, page.fetched_at) == (URLS[0], None)


# Bodies under a Content-Encoding --------------------------------------------------------------


def _encoded(body: bytes, chunked: bool, cut: bool) -> tuple[dict[str, str], bytes]:
    """Headers and payload of a gzip-encoded body, chunked or not, cut short or whole."""
    data = gzip.compress(body)
    if cut:
        data = data[: len(data) * 6 // 10]
    headers = {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"}
    if chunked:
        headers["Transfer-Encoding"] = "chunked"
        data = (
            b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in (data[:500], data[500:])) + b"0\r\n\r\n"
        )
    return headers, data


@pytest.mark.parametrize("chunked", [False, True], ids=["plain", "chunked"])
def test_a_gzip_encoded_body_cut_short_is_reported_not_published_cut(
    tmp_path: Path, chunked: bool, capfd: pytest.CaptureFixture[str]
) -> None:
    """warcio decoded it as far as it went (1,278 of 2,507 characters were published), or wrote
    its zlib error to stderr: it is `bad_gzip`, as the same bytes saved as a .html.gz are."""
    url, _, body = PAGES[0]
    warc = tmp_path / "a.warc"
    whole, cut = _encoded(body, chunked, cut=False), _encoded(body, chunked, cut=True)
    warc.write_bytes(_record(url, *whole) + _record(url + "?cut", *cut))
    page, problem = _one_worker(warc)
    assert isinstance(page, Page) and page.data == body
    assert isinstance(problem, Problem)
    assert (problem.reason, problem.url) == ("bad_gzip", url + "?cut")
    assert capfd.readouterr().err == ""


class _CountingFile(io.BytesIO):
    """A file that counts the bytes read from it."""

    read_bytes = 0

    def read(self, size: int | None = -1, /) -> bytes:
        data = super().read(size)
        self.read_bytes += len(data)
        return data


def test_going_back_in_a_big_gzip_member_does_not_decompress_it_again() -> None:
    """Resyncing after a damaged record of a WARC gzipped whole went back to the member's start
    each time (45 s for 100 damaged records in 38 MB, 0.7 s sound): it goes back to the last
    checkpoint of the decompressor before the place instead."""
    data = random.Random(2).randbytes(8 << 20)  # incompressible: 8 MB in as much as out
    handle = _CountingFile(gzip.compress(data, 1))
    member = archives._Member(handle, 0)
    member.seek(7 << 20)
    before = handle.read_bytes
    assert member.seek((6 << 20) + 12345) == (6 << 20) + 12345
    assert member.read(100) == data[(6 << 20) + 12345 :][:100]
    assert handle.read_bytes - before < 2 << 20, "read again from far back"


# Archives with no page ------------------------------------------------------------------------


def _no_responses(count: int) -> list[bytes]:
    """Request and metadata records: an archive of no page."""
    return [
        _record(
            url, {}, b"" if n % 2 else b"outlinks: none", kind="request" if n % 2 else "metadata"
        )
        for n, (url, _, _) in enumerate(PAGES * (count // len(PAGES) + 1))
    ][:count]


NO_PAGES = {
    "empty.warc": lambda: b"",
    "empty.warc.gz": lambda: gzip.compress(b""),
    "requests.warc": lambda: b"".join(_no_responses(4)),
    "requests.warc.gz": lambda: b"".join(gzip.compress(r) for r in _no_responses(4)),
}


@pytest.mark.parametrize("name", NO_PAGES)
def test_an_archive_with_no_response_record_is_reported(tmp_path: Path, name: str) -> None:
    """It passed in silence (exit 0) beside good pages, where an empty folder is reported."""
    warc = tmp_path / name
    warc.write_bytes(NO_PAGES[name]())
    assert _one_worker(warc) == [Problem(str(warc), "no_pages", "no response record in it")]


def test_an_archive_of_no_page_read_in_slices_is_reported_as_by_one_worker(
    tmp_path: Path,
) -> None:
    """The parent reports it after the archive's last slice: the workers each see a part."""
    warc = tmp_path / "requests.warc.gz"
    warc.write_bytes(b"".join(gzip.compress(r) for r in _no_responses(40)))
    whole = _one_worker(warc)
    assert whole == [Problem(str(warc), "no_pages", "no response record in it")]
    for size in (500, 4096, warc.stat().st_size // 2):
        assert _in_slices(warc, size) == whole, size
