"""`pressbot parse` over files, folders, globs, WARC files and Scrapy's HTTP cache.

Most tests run the command as a user does (a subprocess, real files, exit codes); the worker-pool
tests call `pressbot.offline.run.outcomes` directly so they can hand it a worker that dies.
"""

from __future__ import annotations

import dataclasses
import fcntl
import gzip
import io
import itertools
import json
import multiprocessing
import os
import pickle
import pty
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import wait_gone
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pressbot import extract, offline
from pressbot.dedup.keys import hamming
from pressbot.offline import ParseOptions, archives, parse_paths
from pressbot.offline import run as run_module
from pressbot.offline.inputs import iter_inputs
from pressbot.offline.pages import Item, Page, Problem, Unit, WarcSlice
from pressbot.offline.run import WorkersKeepDying, outcomes
from pressbot.offline.work import Record, pages_of, parse_chunk, publish_gate
from pressbot.pipes import PIPE_BYTES
from pressbot.schema import record_errors

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
DEMO_ARTICLES = sorted((FIXTURES / "demo/site/news").glob("2020/*/article-*.html"))
HTML = "text/html; charset=utf-8"


def run(*args: str | Path, stderr: Any = subprocess.PIPE) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pressbot.cli", *map(str, args)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
        timeout=300,
        check=False,
    )


def records_of(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


def errors_of(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def expected_record(body: bytes, url: str, headers: dict[str, str] | None = None) -> dict:
    """What the crawl would publish for these bytes, fetched_at aside."""
    article = extract(body, url, headers=headers)
    assert publish_gate(article) is None, url
    return article.to_dict()


def without_fetched_at(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k != "fetched_at"}


WarcEntry = tuple[str, str, int, list[tuple[str, str]], bytes]
"""(record type, target URI, HTTP status, HTTP headers, body)"""


def write_warc(path: Path, entries: Sequence[WarcEntry], date: str) -> list[int]:
    """Write a WARC (gzipped per record when the name ends in .gz); return each record's offset."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=path.name.endswith(".gz"))
    offsets = []
    for kind, uri, status, headers, body in entries:
        offsets.append(buffer.tell())
        http = StatusAndHeaders(f"{status} X", headers, protocol="HTTP/1.1")
        if kind == "request":
            http = StatusAndHeaders(f"GET {uri} HTTP/1.1", headers, is_http_request=True)
        record = writer.create_warc_record(
            uri,
            kind,
            payload=io.BytesIO(body),
            length=len(body),  # known length: warcio needs no temporary file
            http_headers=http,
            warc_headers_dict={"WARC-Date": date},
        )
        writer.write_record(record)
    path.write_bytes(buffer.getvalue())
    return offsets


def demo_pages(count: int) -> Iterator[tuple[str, bytes]]:
    for number, page in enumerate(itertools.islice(itertools.cycle(DEMO_ARTICLES), count)):
        yield f"https://press.example/n/{number}/{page.name}", page.read_bytes()


def copy_fixture_cases(into: Path, limit: int | None = None) -> list[Path]:
    """Every hand-written article fixture (body.html + info.json) copied under `into`, or the
    first `limit` of them."""
    pages: list[Path] = []
    for expected in sorted(FIXTURES.glob("*/*/expected.json")):
        if limit is not None and len(pages) >= limit:
            break
        if "article" in json.loads(expected.read_text(encoding="utf-8")):
            continue
        if not all((expected.parent / name).is_file() for name in ("body.html", "info.json")):
            continue  # not a single-page case
        case = into / expected.parent.parent.name / expected.parent.name
        case.mkdir(parents=True)
        for name in ("body.html", "info.json"):
            shutil.copy(expected.parent / name, case / name)
        pages.append(case / "body.html")
    return pages


# Files, folders, globs -------------------------------------------------------------------------


def test_parallel_run_writes_the_same_records_in_input_order(tmp_path: Path) -> None:
    pages = copy_fixture_cases(tmp_path / "saved", limit=400)
    for path, (_, body) in zip(
        [tmp_path / "saved" / "demo" / f"{n:02}.html.gz" for n in range(8)],
        demo_pages(8),
        strict=True,
    ):
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(gzip.compress(body))
    assert len(pages) >= 10, "enough pages that -j 2 really starts workers"
    one = run("parse", tmp_path / "saved", "-j", "1")
    two = run("parse", tmp_path / "saved", "-j", "2")
    assert one.returncode == two.returncode == 0, one.stderr + two.stderr
    assert one.stdout == two.stdout, "-j 2 writes the same lines in the same order as -j 1"
    many = run("parse", tmp_path / "saved" / "demo", "-j", "64")
    demo = [line for line in one.stdout.splitlines() if "/saved/demo/" in json.loads(line)["url"]]
    assert (many.returncode, many.stdout.splitlines()) == (0, demo), many.stderr
    cores = len(os.sched_getaffinity(0))
    assert f"-j 64 is more than the {cores} core(s) here: {cores} workers" in many.stderr
    records = records_of(two.stdout)
    assert len(records) == len(pages) + 8
    for record in records:
        assert not list(record_errors(record)), record["url"]
    urls = [json.loads((p.parent / "info.json").read_text(encoding="utf-8"))["url"] for p in pages]
    from_cases = [r["url"] for r in records if not r["url"].startswith("file:")]
    assert from_cases == urls, "records come in input order: folder entries sorted by name"


def test_globs_gzip_and_repeated_files(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    (pages / "deep" / "er").mkdir(parents=True)
    (pages / "a.html").write_bytes(DEMO_ARTICLES[0].read_bytes())
    (pages / "deep" / "er" / "b.htm.gz").write_bytes(gzip.compress(DEMO_ARTICLES[1].read_bytes()))
    (pages / "notes.txt").write_text("not a page", encoding="utf-8")
    (pages / "link.html").symlink_to(pages / "a.html")
    result = run("parse", f"{pages}/**/*.htm*", pages / "a.html", "-j", "1")
    assert result.returncode == 0, result.stderr
    urls = [r["url"] for r in records_of(result.stdout)]
    assert urls == [(pages / "a.html").as_uri(), (pages / "deep/er/b.htm.gz").as_uri()], (
        "a file reached by a glob, a symlink and by name is parsed once"
    )
    missing = run("parse", f"{tmp_path}/nothing/*.html")
    assert missing.returncode == 1
    assert "not found" in missing.stderr


def test_records_equal_the_extraction_of_the_same_bytes(tmp_path: Path) -> None:
    page = FIXTURES / "gov/trs-press-release"
    info = json.loads((page / "info.json").read_text(encoding="utf-8"))
    result = run("parse", page / "body.html")
    assert result.returncode == 0, result.stderr
    [record] = records_of(result.stdout)
    assert record == expected_record(
        (page / "body.html").read_bytes(), info["url"], info["headers"]
    )
    overridden = run("parse", page / "body.html", "--url", "https://other.example/x.html")
    assert records_of(overridden.stdout)[0]["url"] == "https://other.example/x.html"


def run_with_stdin(data: bytes, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "pressbot.cli", "parse", *args],
        cwd=ROOT,
        input=data,
        capture_output=True,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize("packed", [False, True], ids=["plain", "gzip"])
def test_a_page_on_stdin_gives_its_record(packed: bool) -> None:
    body = DEMO_ARTICLES[0].read_bytes()
    url = "https://demo.example/news/a.html"
    result = run_with_stdin(gzip.compress(body) if packed else body, "-", "-", "--url", url)
    assert result.returncode == 0, result.stderr
    # "-" named twice is read once, as a file named twice is
    [record] = records_of(result.stdout.decode())
    assert without_fetched_at(record) == without_fetched_at(expected_record(body, url))


def test_a_page_on_stdin_needs_its_url() -> None:
    result = run_with_stdin(DEMO_ARTICLES[0].read_bytes(), "-")
    assert result.returncode == 2
    assert result.stdout == b""
    assert b"stdin (-) needs --url" in result.stderr


def test_a_warc_on_stdin_is_reported_not_parsed_as_html(tmp_path: Path) -> None:
    archive = tmp_path / "a.warc"
    write_warc(archive, [("response", "https://x.example/a", 200, [], b"<p>x</p>")], "2020")
    result = run_with_stdin(archive.read_bytes(), "-", "--url", "https://x.example/a")
    assert result.returncode == 1
    assert b"- (https://x.example/a): unreadable: a WARC archive" in result.stderr


# WARC ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_warc_response_records_become_records(tmp_path: Path, name: str) -> None:
    (url1, page1), (url2, page2) = demo_pages(2)
    entries: list[WarcEntry] = [
        ("request", url1, 0, [("Host", "press.example")], b""),
        ("response", url1, 200, [("Content-Type", HTML)], page1),
        ("response", "https://press.example/logo.png", 200, [("Content-Type", "image/png")], b"x"),
        ("response", "https://press.example/gone.html", 404, [("Content-Type", HTML)], page2),
        (
            "response",
            url2,
            200,
            [("Content-Type", HTML), ("Content-Encoding", "gzip")],
            gzip.compress(page2),
        ),
        ("metadata", url2, 0, [], b"outlinks: none"),
    ]
    warc = tmp_path / name
    write_warc(warc, entries, date="2026-11-20T08:09:10Z")
    result = run("parse", warc)
    assert result.returncode == 0, result.stderr
    records = records_of(result.stdout)
    assert [r["url"] for r in records] == [url1, url2]
    assert without_fetched_at(records[0]) == without_fetched_at(
        expected_record(page1, url1, {"Content-Type": HTML})
    )
    assert records[1]["body"] == expected_record(page2, url2)["body"], "content encoding undone"
    assert {r["fetched_at"] for r in records} == {"2026-11-20T08:09:10+00:00"}
    summary = run("parse", warc, "-o", tmp_path / "out.jsonl", "--errors", tmp_path / "e.jsonl")
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8") == result.stdout
    assert errors_of(tmp_path / "e.jsonl") == []
    assert not (tmp_path / "out.jsonl.part").exists()
    assert summary.returncode == 0


@pytest.mark.parametrize("name", ["damaged.warc.gz", "damaged.warc"])
def test_a_corrupt_warc_record_is_reported_and_the_rest_is_read(tmp_path: Path, name: str) -> None:
    pages = list(demo_pages(4))
    entries: list[WarcEntry] = [("response", u, 200, [("Content-Type", HTML)], b) for u, b in pages]
    warc = tmp_path / name
    offsets = write_warc(warc, entries, date="2026-11-20T08:09:10Z")
    data = bytearray(warc.read_bytes())
    middle = (offsets[1] + offsets[2]) // 2
    data[middle : middle + 64] = b"\x00" * 64
    warc.write_bytes(bytes(data))
    errors = tmp_path / "errors.jsonl"
    result = run("parse", warc, "--errors", errors)
    assert result.returncode == 1
    assert [r["url"] for r in records_of(result.stdout)] == [
        pages[0][0],
        *[u for u, _ in pages[2:]],
    ]
    [problem] = errors_of(errors)
    assert problem["path"] == str(warc)
    assert problem["offset"] == offsets[1]
    assert problem["reason"] in ("corrupt_warc", "corrupt_record")
    assert f"{warc}@{offsets[1]}" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_truncated_warc_reports_the_cut_record(tmp_path: Path) -> None:
    pages = list(demo_pages(3))
    entries: list[WarcEntry] = [("response", u, 200, [("Content-Type", HTML)], b) for u, b in pages]
    warc = tmp_path / "cut.warc.gz"
    offsets = write_warc(warc, entries, date="2026-11-20T08:09:10Z")
    warc.write_bytes(warc.read_bytes()[: (offsets[2] + offsets[1]) // 2])
    errors = tmp_path / "errors.jsonl"
    result = run("parse", warc, "--errors", errors)
    assert result.returncode == 1
    assert [r["url"] for r in records_of(result.stdout)] == [pages[0][0]]
    assert [(e["offset"], e["url"]) for e in errors_of(errors)] == [(offsets[1], pages[1][0])]


def test_a_warc_gzipped_whole_is_read_too(tmp_path: Path) -> None:
    pages = list(demo_pages(3))
    plain = tmp_path / "plain.warc"
    write_warc(plain, [("response", u, 200, [], b) for u, b in pages], date="2026-11-20T08:09:10Z")
    whole = tmp_path / "archive.bin"  # named like nothing: recognised by its first bytes
    whole.write_bytes(gzip.compress(plain.read_bytes()))
    result = run("parse", whole)
    assert result.returncode == 0, result.stderr
    assert [r["url"] for r in records_of(result.stdout)] == [u for u, _ in pages]


def _slice_test_warc(path: Path, damage: str) -> tuple[int, int] | None:
    """Write a WARC of many records of every kind; `damage`: none, zeroed bytes inside a
    record, a cut end, or gzipped whole instead of per record. Returns the damaged span."""
    pages = list(demo_pages(9))
    entries: list[WarcEntry] = [("request", pages[0][0], 0, [("Host", "press.example")], b"")]
    for number, (url, body) in enumerate(pages):
        entries.append(("response", url, 200, [("Content-Type", HTML)], body))
        if number % 3 == 1:
            entries.append(("response", url + ".png", 200, [("Content-Type", "image/png")], b"x"))
            entries.append(("response", url + "/gone", 404, [("Content-Type", HTML)], body))
    # Random bytes stay as they are inside the compressed file: gzip magic in a record's
    # bytes, some followed by a whole gzip member that holds no WARC record.
    noise = random.Random(7).randbytes
    fakes = noise(40000) + b"\x1f\x8b\x08" + noise(40000) + gzip.compress(b"no record") + noise(9)
    entries.insert(-1, ("response", pages[1][0] + ".bin", 200, [("Content-Type", "x/y")], fakes))
    plain = path.with_name(path.name + ".plain.warc")
    offsets = write_warc(path if damage != "whole" else plain, entries, date="2026-11-20T08:09:10Z")
    data = bytearray(path.read_bytes() if damage != "whole" else gzip.compress(plain.read_bytes()))
    span = None
    if damage == "zeroed":
        middle = (offsets[5] + offsets[6]) // 2
        data[middle : middle + 64] = b"\x00" * 64
        span = (offsets[5], offsets[6])
    elif damage == "cut":
        data = data[: (offsets[-1] + len(data)) // 2]  # the last page's record, cut
        span = (offsets[-1], len(data))
    path.write_bytes(bytes(data))
    return span


def _read_only(chunk: Sequence[Unit]) -> list[Any]:
    """A worker that reads its units (archive slices) and parses nothing."""
    return [item for unit in chunk for item in pages_of(unit)]


@pytest.mark.parametrize("damage", ["none", "zeroed", "cut", "whole"])
def test_archive_slices_hold_the_items_of_the_whole_archive(tmp_path: Path, damage: str) -> None:
    """However a .warc.gz is cut into slices, the slices' items are the archive's items, in
    order: no record twice, none missed. A damaged record is reported once either way, but
    where warcio notices the damage (and whether it first yields the record's head, counted as
    skipped) depends on where it started reading, so only there may the two differ."""
    warc = tmp_path / "a.warc.gz"
    span = _slice_test_warc(warc, damage)
    whole = list(archives.warc_items(warc))
    pages = [item for item in whole if isinstance(item, Page)]
    assert len(pages) == (8 if span else 9)
    size = warc.stat().st_size
    for slice_bytes in (97, 1000, 4096, size // 3, size // 2, size - 1):
        slices = list(archives.warc_slices(warc, slice_bytes))
        assert all(isinstance(piece, WarcSlice) for piece in slices)
        items = list(outcomes(slices, 1, None, lambda _: None, worker=_read_only, near=False))
        if span is None:
            assert items == whole, (damage, slice_bytes)
            continue
        assert [i for i in items if isinstance(i, Page)] == pages, (damage, slice_bytes)
        for found in (whole, items):
            problems = [i for i in found if isinstance(i, Problem)]
            assert len(problems) == 1, (damage, slice_bytes, problems)
            assert span[0] <= (problems[0].offset or 0) < span[1]
    assert list(archives.warc_slices(warc, size)) == whole, "one slice or less: not sliced"


def test_archive_slices_shrink_as_the_end_draws_near(tmp_path: Path) -> None:
    """Full slices for the bulk of a big archive, then ever smaller ones: the last slices hold a
    page or two, so no worker is left alone with a whole slice at the end of the run."""
    warc = tmp_path / "big.warc.gz"
    with warc.open("wb") as handle:  # only the size and the gzip magic matter for slicing
        handle.write(b"\x1f\x8b")
        handle.truncate(40 * archives.SLICE_BYTES + 12345)
    slices = list(archives.warc_slices(warc))
    assert all(isinstance(piece, WarcSlice) for piece in slices)
    bounds = [(piece.start, piece.end) for piece in slices]  # type: ignore[union-attr]
    assert bounds[0][0] == 0 and bounds[-1][1] >= warc.stat().st_size
    assert all(a[1] == b[0] for a, b in itertools.pairwise(bounds)), "contiguous"
    sizes = [end - start for start, end in bounds]
    assert sizes[:30] == [archives.SLICE_BYTES] * 30
    assert sizes[-2] <= archives.SLICE_BYTES // 8, "small slices at the end"
    assert all(a >= b for a, b in itertools.pairwise(sizes)), "they only shrink"


def test_two_jobs_read_a_big_archive_in_slices_and_write_what_one_job_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warc = tmp_path / "big.warc.gz"
    _slice_test_warc(warc, "zeroed")
    monkeypatch.setattr(archives, "SLICE_BYTES", 5000)
    assert len([u for u in iter_inputs([str(warc)], sliced=True) if isinstance(u, WarcSlice)]) > 3
    results = []
    for jobs in (1, 2):
        out, errors = tmp_path / f"{jobs}.jsonl", tmp_path / f"{jobs}.errors"
        options = ParseOptions([str(warc)], output=str(out), jobs=jobs, errors=str(errors))
        status = parse_paths(options, stdout=io.StringIO(), stderr=io.StringIO())
        reasons = [e["reason"] for e in errors_of(errors)]
        results.append((status, out.read_text(encoding="utf-8"), reasons))
    assert results[0] == results[1]
    status, text, reasons = results[0]
    assert status == 1 and len(records_of(text)) == 8 and reasons == ["corrupt_warc"]


# Scrapy HTTP cache -----------------------------------------------------------------------------


def _arc(pages: list[tuple[str, bytes]]) -> bytes:
    """An ARC (version 1) file of these pages: the format before WARC."""
    arc = b"filedesc://crawl.arc 0.0.0.0 20200602103100 text/plain 70\n1 0 Archive\n"
    arc += b"URL IP-address Archive-date Content-type Archive-length\n\n"
    for url, page in pages:
        http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + page
        arc += f"{url} 127.0.0.1 20200602103100 text/html {len(http)}\n".encode() + http + b"\n"
    return arc


def test_an_arc_file_is_refused_not_parsed_as_one_page(tmp_path: Path) -> None:
    """An ARC file (not read: README) named on the command line was parsed as one saved page,
    its first article published under the archive's file:// URL and the others lost; in a
    folder it was passed over in silence. Now it is reported, however it is named."""
    pages = list(demo_pages(3))
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "crawl.arc").write_bytes(_arc(pages))
    (folder / "crawl.arc.gz").write_bytes(gzip.compress(_arc(pages[:2])))
    (folder / "renamed.dat").write_bytes(_arc(pages[:1]))
    for given in (
        [folder],
        [folder / "crawl.arc", folder / "crawl.arc.gz", folder / "renamed.dat"],
    ):
        errors = tmp_path / "errors.jsonl"
        result = run("parse", *given, "--errors", errors)
        assert result.returncode == 1, result.stderr
        assert result.stdout == "", "no record of an ARC file as a page"
        named = len(given) > 1
        paths = ["crawl.arc", "crawl.arc.gz"] + (["renamed.dat"] if named else [])
        assert [(Path(e["path"]).name, e["reason"]) for e in errors_of(errors)] == [
            (path, "unsupported_format") for path in paths
        ], result.stderr
        assert "an ARC file" in result.stderr


def _scrapy_cache(
    folder: Path, use_gzip: bool, responses: list[tuple[str, int, dict, bytes]]
) -> None:
    """Store responses with Scrapy's own FilesystemCacheStorage, as a crawl with
    HTTPCACHE_ENABLED does."""
    from scrapy import Request, Spider  # noqa: PLC0415 - Scrapy only where the test needs it
    from scrapy.extensions.httpcache import FilesystemCacheStorage  # noqa: PLC0415
    from scrapy.http import HtmlResponse  # noqa: PLC0415
    from scrapy.utils.test import get_crawler  # noqa: PLC0415

    settings = {"HTTPCACHE_DIR": str(folder), "HTTPCACHE_GZIP": use_gzip}
    crawler = get_crawler(Spider, settings)
    spider = Spider.from_crawler(crawler, name="press")
    storage = FilesystemCacheStorage(crawler.settings)
    storage.open_spider(spider)
    for url, status, headers, body in responses:
        response = HtmlResponse(url, status=status, headers=headers, body=body)
        storage.store_response(spider, Request(url), response)


@pytest.mark.parametrize("use_gzip", [False, True], ids=["plain", "HTTPCACHE_GZIP"])
def test_scrapy_http_cache_folder(tmp_path: Path, use_gzip: bool) -> None:
    (url1, page1), (url2, page2) = demo_pages(2)
    cache = tmp_path / "httpcache"
    before = datetime.now(UTC).replace(microsecond=0)
    _scrapy_cache(
        cache,
        use_gzip,
        [
            (url1, 200, {"Content-Type": HTML}, page1),
            (url2, 200, {"Content-Type": HTML, "Content-Encoding": "gzip"}, gzip.compress(page2)),
            ("https://press.example/robots.txt", 404, {"Content-Type": "text/plain"}, b"no"),
            ("https://press.example/a.jpg", 200, {"Content-Type": "image/jpeg"}, b"\xff\xd8\xff"),
        ],
    )
    result = run("parse", cache, "-j", "1")
    assert result.returncode == 0, result.stderr
    records = {r["url"]: r for r in records_of(result.stdout)}
    assert set(records) == {url1, url2}
    assert without_fetched_at(records[url1]) == without_fetched_at(
        expected_record(page1, url1, {"Content-Type": HTML})
    )
    assert records[url2]["body"] == expected_record(page2, url2)["body"]
    for record in records.values():
        assert datetime.fromisoformat(record["fetched_at"]) >= before


def test_a_cache_entry_missing_a_file_is_reported_not_lost(tmp_path: Path) -> None:
    """Scrapy writes an entry's files one by one (`meta` first, `response_body` later): a crawl
    killed between them, or a file lost since, leaves an entry that gives no page. It is
    reported, read as a folder, a glob or by its body's name, never passed over in silence."""
    (url1, page1), (url2, page2), (url3, page3) = demo_pages(3)
    cache = tmp_path / "httpcache"
    _scrapy_cache(
        cache,
        False,
        [
            (url, 200, {"Content-Type": HTML}, page)
            for url, page in ((url1, page1), (url2, page2), (url3, page3))
        ],
    )
    entries = {(entry / "meta").read_text(): entry for entry in cache.glob("press/*/*")}
    no_body = next(entry for meta, entry in entries.items() if url2 in meta)
    no_meta = next(entry for meta, entry in entries.items() if url3 in meta)
    (no_body / "response_body").unlink()
    (no_meta / "meta").unlink()
    (no_meta / "pickled_meta").unlink()
    for given in ([cache], [f"{cache}/**"], [no_body, no_meta / "response_body"]):
        errors = tmp_path / "errors.jsonl"
        result = run("parse", *given, "--errors", errors, "-j", "1")
        assert result.returncode == 1, result.stderr
        if given[0] == cache:
            assert [r["url"] for r in records_of(result.stdout)] == [url1]
        found = {(e["path"], e["reason"], e.get("url")) for e in errors_of(errors)}
        assert found == {
            (str(no_body / "response_body"), "bad_cache_entry", url2),
            (str(no_meta / "response_body"), "bad_cache_entry", None),
        }, (given, result.stderr)
        assert len(errors_of(errors)) == 2, "each entry once"
        assert "response_body is missing" in result.stderr


def test_a_dbm_http_cache_is_refused_by_name(tmp_path: Path) -> None:
    """Scrapy's DbmCacheStorage keeps pickled entries in `<spider>.db` (one file, or dbm.dumb's
    `.dat`, `.dir` and `.bak`): it is reported once as a cache not read, whether its folder, a
    glob or its files are given; it was "no HTML, WARC or HTTP-cache file in it", or each file
    was parsed as a page. (dbm.dumb, which every Python has; a dbm.gnu file is told by its
    first bytes: `test_a_gdbm_file_is_refused_by_its_first_bytes`.)"""
    from scrapy import Request, Spider  # noqa: PLC0415 - Scrapy only where the test needs it
    from scrapy.extensions.httpcache import DbmCacheStorage  # noqa: PLC0415
    from scrapy.http import HtmlResponse  # noqa: PLC0415
    from scrapy.utils.test import get_crawler  # noqa: PLC0415

    cache = tmp_path / "httpcache"
    settings = {"HTTPCACHE_DIR": str(cache), "HTTPCACHE_DBM_MODULE": "dbm.dumb"}
    crawler = get_crawler(Spider, settings)
    spider = Spider.from_crawler(crawler, name="press")
    storage = DbmCacheStorage(crawler.settings)
    storage.open_spider(spider)
    for url, page in demo_pages(2):
        response = HtmlResponse(url, headers={"Content-Type": HTML}, body=page)
        storage.store_response(spider, Request(url), response)
    storage.close_spider(spider)
    files = sorted(cache.iterdir())
    assert files, "Scrapy wrote its cache"
    for given in ([cache], [f"{cache}/*"], files):
        errors = tmp_path / "errors.jsonl"
        result = run("parse", *given, "--errors", errors)
        assert result.returncode == 1, result.stderr
        assert result.stdout == ""
        assert [e["reason"] for e in errors_of(errors)] == ["unsupported_format"], result.stderr
        assert "DbmCacheStorage" in result.stderr


@pytest.mark.parametrize("order", ["big", "little"])
def test_a_gdbm_file_is_refused_by_its_first_bytes(tmp_path: Path, order: str) -> None:
    """DbmCacheStorage with dbm.gnu writes one `<spider>.db` (not installed here, so its file is
    made from its magic number); a `.db` of any other kind (Thumbs.db) is no cache."""
    cache = tmp_path / "httpcache"
    cache.mkdir()
    (cache / "press.db").write_bytes((0x13579ACE).to_bytes(4, order) + b"\0" * 60)
    (cache / "Thumbs.db").write_bytes(b"\xfd\xff" + b"\0" * 62)
    errors = tmp_path / "errors.jsonl"
    result = run("parse", cache, "--errors", errors)
    assert result.returncode == 1, result.stderr
    assert [(Path(e["path"]).name, e["reason"]) for e in errors_of(errors)] == [
        ("press.db", "unsupported_format")
    ], result.stderr


def test_a_cache_entry_dropped_as_a_duplicate_is_named_by_its_url(tmp_path: Path) -> None:
    """The line of a dropped HTTP-cache entry named only its folder (a request fingerprint), so
    which page was dropped took opening its `meta`; a failed entry's line names its URL too."""
    (url1, page), (url2, _) = demo_pages(2)
    cache = tmp_path / "httpcache"
    _scrapy_cache(cache, False, [(url, 200, {"Content-Type": HTML}, page) for url in (url1, url2)])
    state = tmp_path / "state.sqlite3"
    result = run("parse", cache, "--dedup", "--state", state, "-j", "1")
    assert result.returncode == 0, result.stderr
    [kept] = records_of(result.stdout)
    dropped = url2 if kept["url"] == url1 else url1
    assert (
        f"/response_body ({dropped}): dropped: duplicate_content (first seen at {kept['url']})"
        in (result.stderr)
    )


def test_pickled_cache_metadata_is_never_unpickled(tmp_path: Path) -> None:
    marker = tmp_path / "unpickled"
    entry = tmp_path / "httpcache" / "press" / "ab" / ("ab" + "0" * 38)
    entry.mkdir(parents=True)

    class Payload:
        def __reduce__(self) -> tuple[Any, tuple[str, str]]:
            return open, (str(marker), "w")

    (entry / "pickled_meta").write_bytes(pickle.dumps(Payload()))
    (entry / "response_headers").write_bytes(b"Content-Type: text/html\r\n")
    (entry / "response_body").write_bytes(DEMO_ARTICLES[0].read_bytes())
    errors = tmp_path / "errors.jsonl"
    result = run("parse", tmp_path / "httpcache", "--errors", errors)
    assert result.returncode == 1
    assert not marker.exists(), "pickled_meta was unpickled"
    assert [e["reason"] for e in errors_of(errors)] == ["bad_cache_entry"]


# Bad input -------------------------------------------------------------------------------------


def test_bad_inputs_are_reported_and_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.html").write_bytes(DEMO_ARTICLES[0].read_bytes())
    (folder / "good.xhtml.gz").write_bytes(gzip.compress(DEMO_ARTICLES[2].read_bytes()))
    (folder / "truncated.html.gz").write_bytes(gzip.compress(DEMO_ARTICLES[1].read_bytes())[:300])
    (folder / "bomb.html.gz").write_bytes(gzip.compress(b"<p>" + b" " * 40_000_000))
    with open(folder / "huge.html", "wb") as handle:  # 50 MB, sparse: no disk space needed
        handle.truncate(50 * 1024 * 1024)
    (folder / "dangling.html").symlink_to(folder / "missing.html")
    os.mkfifo(folder / "pipe.html")
    (folder / "loop").mkdir()
    (folder / "loop" / "again").symlink_to(folder)
    pages = list(demo_pages(3))
    warc = folder / "broken.warc.gz"
    offsets = write_warc(warc, [("response", u, 200, [], b) for u, b in pages], "2026-11-20T08:00Z")
    warc.write_bytes(warc.read_bytes()[: offsets[1] + 40] + warc.read_bytes()[offsets[2] :])
    errors = tmp_path / "errors.jsonl"

    missing = tmp_path / "missing.html"
    result = run("parse", folder, missing, "--errors", errors, "-j", "2")

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert sorted(r["url"] for r in records_of(result.stdout)) == sorted(
        [(folder / f"good.{kind}").as_uri() for kind in ("html", "xhtml.gz")]
        + [pages[0][0], pages[2][0]]
    )
    reasons = {Path(e["path"]).name: e["reason"] for e in errors_of(errors)}
    assert reasons == {
        "truncated.html.gz": "bad_gzip",
        "bomb.html.gz": "too_large",
        "huge.html": "too_large",
        "dangling.html": "unreadable",
        "pipe.html": "unreadable",
        "again": "symlink_loop",
        "broken.warc.gz": "corrupt_warc",
        "missing.html": "not_found",
    }
    for name in reasons:
        assert name in result.stderr, name
    assert "parsed 10 page(s)" in result.stderr  # not the missing path, nor the loop
    assert "; 2 input(s) with no page to read (" in result.stderr


@pytest.mark.parametrize(
    "info",
    [
        "[1, 2]",
        '{"url": 5}',
        '{"headers": ["a"]}',
        '{"headers": {"Content-Type": 1}}',
        '{"url": "https://press.example/a\\udcff"}',  # (JSON's escape of no character at all)
    ],
)
def test_an_info_json_of_the_wrong_shape_is_reported(tmp_path: Path, info: str) -> None:
    (tmp_path / "body.html").write_bytes(DEMO_ARTICLES[0].read_bytes())
    (tmp_path / "info.json").write_text(info, encoding="utf-8")
    errors = tmp_path / "errors.jsonl"
    result = run("parse", tmp_path / "body.html", "--errors", errors)
    assert result.returncode == 1
    assert [e["reason"] for e in errors_of(errors)] == ["bad_info_json"]
    assert result.stderr.count("\n") == 2, "the failure and the summary, nothing else"


def test_a_folder_without_pages_is_reported(tmp_path: Path) -> None:
    """A folder given for its pages that holds none (a wrong path, a failed download) is no
    silent success."""
    (tmp_path / "empty" / "sub").mkdir(parents=True)
    (tmp_path / "empty" / "notes.txt").write_text("no page", encoding="utf-8")
    result = run("parse", tmp_path / "empty", DEMO_ARTICLES[0])
    assert result.returncode == 1
    assert len(records_of(result.stdout)) == 1
    assert f"{tmp_path / 'empty'}: not found: no HTML, WARC or HTTP-cache file in it" in (
        result.stderr
    )


def test_output_dash_is_stdout(tmp_path: Path) -> None:
    """`-o -` wrote a file named "-" in the current folder, where `-` as an input is stdin."""
    page = DEMO_ARTICLES[0]
    result = subprocess.run(
        [sys.executable, "-m", "pressbot.cli", "parse", str(page), "-o", "-"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert [r["url"] for r in records_of(result.stdout)] == [page.as_uri()]
    assert list(tmp_path.iterdir()) == []


def test_bad_usage_exits_2(tmp_path: Path) -> None:
    page = DEMO_ARTICLES[0]
    assert run("parse", page, "-j", "0").returncode == 2
    assert run("parse", page, "").returncode == 2, "an empty path, not the current folder"
    no_utf8 = run("parse", page, "--url", "https://press.example/\udcff")  # the byte 0xff
    assert no_utf8.returncode == 2, "every page would be an internal error"
    assert "argument --url: not UTF-8 text" in no_utf8.stderr
    assert run("parse", page, "--errors", tmp_path / "no" / "such" / "dir.jsonl").returncode == 2
    state = tmp_path / "state.sqlite3"
    state.write_bytes(b"this is not a database" * 100)
    result = run("parse", page, "--dedup", "--state", state)
    assert result.returncode == 2
    assert str(state) in result.stderr


def test_output_errors_and_state_files_must_differ(tmp_path: Path) -> None:
    """`-o`, `--errors` and the dedup state named as one file would each wipe another: the
    records' rename replaced the errors written there, or the crawl's whole dedup state."""
    page, other = DEMO_ARTICLES[0], DEMO_ARTICLES[1]
    state = tmp_path / "state.sqlite3"
    assert run("parse", page, "--dedup", "--state", state).returncode == 0
    database = state.read_bytes()
    assert database.startswith(b"SQLite format 3")
    for flag in ("-o", "--errors"):
        result = run("parse", other, "--dedup", "--state", state, flag, state)
        assert result.returncode == 2, result.stderr
        assert f"pressbot: {state} is named twice" in result.stderr
        assert state.read_bytes() == database, f"{flag} overwrote the dedup state"
    both = tmp_path / "out.jsonl"
    result = run("parse", page, "-o", both, "--errors", both)
    assert result.returncode == 2, result.stderr
    assert f"pressbot: {both} is named twice" in result.stderr
    assert not both.exists()


# Dedup -----------------------------------------------------------------------------------------


def test_dedup_uses_the_crawl_store_and_persists(tmp_path: Path) -> None:
    site = FIXTURES / "demo/site/news/2020/06"
    original, copy = site / "article-06.html", site / "article-07.html"
    state = tmp_path / "state" / "pressbot.sqlite3"
    first = run("parse", original, copy, "--dedup", "--state", state)
    assert first.returncode == 0, first.stderr
    assert [r["url"] for r in records_of(first.stdout)] == [original.as_uri()]
    assert f"dropped: duplicate_content (first seen at {original.as_uri()})" in first.stderr
    again = run("parse", original, copy, "--dedup", "--state", state)
    assert again.returncode == 0, "a run that finds nothing new is healthy"
    assert again.stdout == ""
    assert f"dropped: duplicate_url (first seen at {original.as_uri()})" in again.stderr
    assert f"dropped: duplicate_url (first seen at {copy.as_uri()})" not in again.stderr, (
        "the copy was never published, so its URL was never remembered"
    )


def test_dedup_runs_both_near_duplicate_stages(tmp_path: Path) -> None:
    """A syndicated copy that only the MinHash stage catches is dropped offline too."""
    from test_dedup_store import article, syndicated  # noqa: PLC0415 - the same generator

    def page(text: str) -> str:
        paragraphs = "".join(
            f"<p>{p.capitalize().replace(' ', ', ', 3)}.</p>" for p in text.split("\n")
        )
        return (
            "<html><head><meta charset='utf-8'><title>Town news</title>"
            "<meta property='article:published_time' content='2026-03-02T10:00:00+08:00'>"
            f"</head><body><article><h1>Town news</h1>{paragraphs}</article></body></html>"
        )

    original, copy = tmp_path / "original.html", tmp_path / "copy.html"
    original.write_text(page(article(3)), encoding="utf-8")
    copy.write_text(page(syndicated(article(3), 3)), encoding="utf-8")
    records = records_of(run("parse", original, copy).stdout)
    distance = hamming(*(int(r["simhash"], 16) for r in records))
    assert distance > 3, "SimHash alone would catch it: no test of the second stage"
    others = DEMO_ARTICLES[:8]  # enough pages for worker processes: their records need the keys
    state = tmp_path / "state.sqlite3"
    result = run("parse", original, copy, *others, "--dedup", "--state", state, "-j", "2")
    assert result.returncode == 0, result.stderr
    urls = [r["url"] for r in records_of(result.stdout)]
    assert urls[0] == original.as_uri() and copy.as_uri() not in urls
    assert f"dropped: duplicate_near (first seen at {original.as_uri()})" in result.stderr


def _interrupt_at(monkeypatch: pytest.MonkeyPatch, check: int, kill: bool) -> None:
    """Ctrl-C in the dedup check of the `check`-th record, once earlier records were written;
    with `kill`, also no clean-up at the end, as after a SIGKILL."""
    calls = itertools.count(1)
    real = offline._DedupRun.first_seen

    def first_seen(self: Any, record: Record) -> tuple[str, str] | None:
        if next(calls) == check:
            raise KeyboardInterrupt
        return real(self, record)

    monkeypatch.setattr(offline._DedupRun, "first_seen", first_seen)
    if kill:
        monkeypatch.setattr(offline._DedupRun, "close", lambda self, published: self.store.close())


@pytest.mark.parametrize("kill", [False, True], ids=["interrupted", "killed"])
def test_dedup_forgets_the_keys_of_a_run_whose_output_was_not_published(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kill: bool
) -> None:
    """A run into `-o FILE` that stops early publishes nothing; the records it had checked must
    not be dropped by the next run as copies of records no output holds. A run that stops
    cleanly forgets its keys itself (any later run publishes them); after a kill, the next run
    into the same file forgets them."""
    pages = DEMO_ARTICLES[:6]
    state, out = tmp_path / "state.sqlite3", tmp_path / "out.jsonl"
    options = ParseOptions([str(p) for p in pages], output=str(out), jobs=1, dedup=True)
    options = dataclasses.replace(options, state=str(state))
    with monkeypatch.context() as patch:
        _interrupt_at(patch, 4, kill)
        assert parse_paths(options, stderr=io.StringIO()) == offline.EXIT_INTERRUPTED
    assert not out.exists() and len((tmp_path / "out.jsonl.part").read_text().splitlines()) == 3
    target = out if kill else tmp_path / "elsewhere.jsonl"
    again = dataclasses.replace(options, output=str(target))
    assert parse_paths(again, stderr=io.StringIO()) == 0
    urls = [r["url"] for r in records_of(target.read_text(encoding="utf-8"))]
    assert urls == [p.as_uri() for p in pages]
    rerun = parse_paths(again, stderr=(log := io.StringIO()))
    assert rerun == 0 and log.getvalue().count("dropped: duplicate_url") == len(pages), (
        "a run that completed keeps its keys"
    )


def test_records_on_stdout_keep_their_keys_when_the_run_stops(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Written to stdout, a record is out as soon as it is written: its keys stand."""
    pages = DEMO_ARTICLES[:6]
    options = ParseOptions([str(p) for p in pages], jobs=1, dedup=True)
    options = dataclasses.replace(options, state=str(tmp_path / "state.sqlite3"))
    with monkeypatch.context() as patch:
        _interrupt_at(patch, 4, kill=False)
        assert parse_paths(options, io.StringIO(), io.StringIO()) == offline.EXIT_INTERRUPTED
    log = io.StringIO()
    assert parse_paths(options, (out := io.StringIO()), log) == 0
    assert len(records_of(out.getvalue())) == 3
    assert log.getvalue().count("dropped: duplicate_url") == 3


def test_an_unforeseen_error_publishes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug that stops the run midway raises, and the output stays `.part`: never renamed to
    its name as if complete."""
    ticks = itertools.count()

    def tick(self: Any, pages: int, errors: int) -> None:
        if next(ticks) == 2:
            raise RuntimeError("a bug")

    monkeypatch.setattr(offline.Reporter, "tick", tick)
    out = tmp_path / "out.jsonl"
    options = ParseOptions([str(p) for p in DEMO_ARTICLES[:6]], output=str(out), jobs=1)
    with pytest.raises(RuntimeError, match="a bug"):
        parse_paths(options, stderr=io.StringIO())
    assert not out.exists()
    assert len((tmp_path / "out.jsonl.part").read_text(encoding="utf-8").splitlines()) == 3


def test_file_names_that_are_no_utf8_go_into_the_errors_file(tmp_path: Path) -> None:
    """Linux file names are bytes; one that is no UTF-8 is reported (as its JSON escape) like
    any other, and the run goes on to the pages after it."""
    folder = tmp_path / "saved"
    folder.mkdir()
    shutil.copy(DEMO_ARTICLES[0], folder / "a.html")
    open(os.fsencode(folder) + b"/b_\xff.html", "wb").close()
    shutil.copy(DEMO_ARTICLES[1], folder / "c.html")
    errors = tmp_path / "errors.jsonl"
    result = run("parse", folder, "-o", tmp_path / "out.jsonl", "--errors", errors, "-j", "1")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert errors_of(errors) == [
        {"path": str(folder) + "/b_\udcff.html", "reason": "no_record", "detail": "empty"}
    ]
    assert len(records_of((tmp_path / "out.jsonl").read_text(encoding="utf-8"))) == 2


@pytest.mark.parametrize("flag", ["-o", "--errors"])
def test_an_output_that_cannot_be_written_is_reported(tmp_path: Path, flag: str) -> None:
    """A full disk (`/dev/full` fails every write) stops the run with a line naming the file."""
    missing = tmp_path / "missing.html"  # (a failure, so that the errors file gets a line)
    result = run("parse", DEMO_ARTICLES[0], missing, flag, "/dev/full", "-j", "1")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr, result.stderr
    assert "cannot write /dev/full: No space left on device" in result.stderr


def _closed(fd: int, *args: str | Path) -> subprocess.CompletedProcess[str]:
    """`pressbot parse` started with file descriptor `fd` (stdout or stderr) closed, as a
    daemon or a `cmd >&-` starts it."""
    return subprocess.run(
        [sys.executable, "-m", "pressbot.cli", "parse", *map(str, args)],
        cwd=ROOT,
        stdout=subprocess.PIPE if fd != 1 else None,
        stderr=subprocess.PIPE if fd != 2 else None,
        preexec_fn=lambda: os.close(fd),
        text=True,
        timeout=300,
        check=False,
    )


def test_a_closed_stdout_or_stderr_is_no_crash(tmp_path: Path) -> None:
    """With stderr closed the run crashed before its first page, in silence (Python had nowhere
    to print the traceback); with stdout closed and no -o it was an AssertionError."""
    page = DEMO_ARTICLES[0]
    no_stderr = _closed(2, page, "-j", "1")
    assert no_stderr.returncode == 0
    assert [r["url"] for r in records_of(no_stderr.stdout)] == [page.as_uri()]
    no_stdout = _closed(1, page, "-j", "1")
    assert no_stdout.returncode == 2
    assert no_stdout.stderr == "pressbot: stdout is closed: name an output file with -o\n"
    into_file = _closed(1, page, "-o", tmp_path / "out.jsonl")
    assert into_file.returncode == 0, into_file.stderr
    assert (tmp_path / "out.jsonl").exists()


# Progress and streaming ------------------------------------------------------------------------


def test_progress_line_only_on_a_terminal(tmp_path: Path) -> None:
    pages = copy_fixture_cases(tmp_path / "saved", limit=40)  # the line, not the records, is tested
    quiet = run("parse", tmp_path / "saved", "-j", "1")
    assert quiet.returncode == 0
    assert quiet.stderr == "", "nothing on stderr when it is not a terminal and all went well"

    status, terminal, stdout = _on_terminal("parse", tmp_path / "saved", "-j", "1")
    assert status == 0
    assert "pages/s" in terminal and "errors" in terminal, terminal
    assert f"parsed {len(pages)} page(s)" in terminal
    assert stdout == quiet.stdout


def test_no_progress_line_among_records_on_the_same_terminal(tmp_path: Path) -> None:
    """With stdout and stderr one terminal, `1 pages 0.8 pages/s 0 errors{"schema": ...` came
    out: the line was cleared before messages, not before records."""
    copy_fixture_cases(tmp_path / "saved", limit=3)
    status, terminal, _ = _on_terminal("parse", tmp_path / "saved", "-j", "1", stdout_too=True)
    assert status == 0
    assert terminal.count('{"schema": ') == 3, terminal
    assert "pages/s" not in terminal and "\x1b[K" not in terminal, terminal


def _on_terminal(*args: str | Path, stdout_too: bool = False) -> tuple[int, str, str]:
    """Run `pressbot` with its stderr (with `stdout_too`, its stdout as well) on a terminal of
    its own: (exit status, what the terminal showed, stdout when it went to a file)."""
    leader, follower = pty.openpty()
    chunks = []
    with tempfile.TemporaryFile() as out:
        command = [sys.executable, "-m", "pressbot.cli", *map(str, args)]
        try:
            stdout = follower if stdout_too else out
            with subprocess.Popen(command, cwd=ROOT, stdout=stdout, stderr=follower) as proc:
                os.close(follower)
                follower = -1
                while chunk := _read_or_eof(leader):
                    chunks.append(chunk)
        finally:
            os.close(leader)
            if follower >= 0:
                os.close(follower)
        out.seek(0)
        written = out.read().decode("utf-8")
    return proc.returncode, b"".join(chunks).decode("utf-8", "replace"), written


def _read_or_eof(fd: int) -> bytes:
    try:
        return os.read(fd, 65536)
    except OSError:  # EIO once the writer is gone
        return b""


def _endless(seen: list[int]) -> Iterator[Item]:
    for number, (url, body) in enumerate(demo_pages(10**9)):
        seen.append(number)
        yield Page(f"page-{number}", url=url, data=body)


# Worker start --------------------------------------------------------------------------------


@pytest.mark.skipif(sys.platform != "linux", reason="fork is chosen on Linux only")
def test_the_command_forks_its_workers() -> None:
    """`pressbot parse` imports no library that starts a thread (numpy's BLAS pool waits until a
    key is computed), so its workers are forks that start at once, not forkserver children."""
    code = (
        "import sys, pressbot.cli\n"
        "from pressbot.offline.run import _context\n"
        "print('numpy' in sys.modules, _context().get_start_method())"
    )
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert shown.stdout.split() == ["False", "fork"], shown.stderr


def test_a_process_running_threads_starts_workers_from_a_forkserver() -> None:
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        assert run_module._context().get_start_method() == "forkserver"
    finally:
        release.set()
        thread.join()


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found += [int(child) for child in task.read_text().split()]
    return found


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_workers_end_when_the_command_is_killed(tmp_path: Path) -> None:
    """A SIGKILLed `pressbot parse` (the OOM killer, a scheduler's timeout) leaves no forked
    worker behind waiting for work."""
    folder = tmp_path / "pages"
    folder.mkdir()
    for number, (_, body) in enumerate(demo_pages(3000)):
        (folder / f"{number}.html").write_bytes(body)
    command = [sys.executable, "-m", "pressbot.cli", "parse", str(folder), "-j", "2"]
    with subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL) as parse:
        workers: list[int] = []
        deadline = time.monotonic() + 30
        while len(workers) < 2 and time.monotonic() < deadline and parse.poll() is None:
            time.sleep(0.05)
            workers = _children(parse.pid)
        parse.kill()
    assert len(workers) == 2, "the workers never started"
    left = wait_gone(workers)
    for pid in left:  # no orphans outlive a failing test
        os.kill(pid, signal.SIGKILL)
    assert not left


@pytest.mark.skipif(sys.platform != "linux", reason="pipe sizes are Linux's")
def test_the_pipes_hold_a_chunk() -> None:
    """The pool's pipes are widened through executor internals: if a Python release renames
    them, they silently stay at 64 KiB and workers wait on the parent again."""
    with run_module._Pool(2, None, parse_chunk, near=False) as pool:
        executor: Any = pool.executor
        for queue in (executor._call_queue, executor._result_queue):
            size = fcntl.fcntl(queue._writer.fileno(), fcntl.F_GETPIPE_SZ)
            assert size == PIPE_BYTES


@pytest.fixture(params=["fork", "forkserver"])
def start_method(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The pool with each way `_context` may start its workers."""
    context = multiprocessing.get_context(request.param)
    monkeypatch.setattr(run_module, "_context", lambda: context)
    return str(request.param)


# This test process runs numpy's BLAS threads, which Python 3.12+ warns about on fork; the
# `pressbot parse` process it stands for runs none (test_the_command_forks_its_workers).
forking_this_process = pytest.mark.filterwarnings(
    "ignore:This process .* is multi-threaded:DeprecationWarning"
)


@forking_this_process
@pytest.mark.parametrize("jobs", [1, 2])
def test_work_in_flight_is_bounded(jobs: int, start_method: str) -> None:
    """Outcomes stream out while the input is still being read; only a bounded window of pages
    is read ahead, so memory does not grow with the input."""
    seen: list[int] = []
    stream = outcomes(_endless(seen), jobs, None, lambda _: None)
    first = list(itertools.islice(stream, 40))
    stream.close()
    assert [o.path for o in first] == [f"page-{n}" for n in range(40)]
    assert all(isinstance(o, Record) for o in first)
    assert len(seen) <= 40 + 2 * 4 * 4 + 8, f"read {len(seen)} pages ahead of 40 outcomes"


# Worker crashes --------------------------------------------------------------------------------


def crash_on_marked_pages(chunk: Sequence[Item]) -> list[Any]:
    """A worker that dies like a segfault on a page whose path says "crash"."""
    if any(isinstance(item, Page) and "crash" in item.path for item in chunk):
        os._exit(70)
    return parse_chunk(chunk)


def always_crash(chunk: Sequence[Item]) -> list[Any]:
    os._exit(70)


@forking_this_process
def test_a_worker_that_dies_costs_only_its_page(start_method: str) -> None:
    pages = [
        Page(f"{'crash' if n == 9 else 'page'}-{n}", url=url, data=body)
        for n, (url, body) in enumerate(demo_pages(24))
    ]
    results = list(outcomes(pages, 2, None, lambda _: None, worker=crash_on_marked_pages))
    assert [o.path for o in results] == [p.path for p in pages], "order kept through the restart"
    failed = [o for o in results if isinstance(o, Problem)]
    assert [(o.path, o.reason) for o in failed] == [("crash-9", "worker_crashed")]


def crash_on_marked_urls(chunk: Sequence[Unit]) -> list[Any]:
    """Like `crash_on_marked_pages`, for pages read from archive slices too."""
    for unit in chunk:
        found = archives.slice_items(unit) if isinstance(unit, WarcSlice) else [unit]
        if any(isinstance(item, Page) and "crash" in (item.url or "") for item in found):
            os._exit(70)
    return parse_chunk(chunk)


@forking_this_process
def test_a_worker_that_dies_in_an_archive_slice_costs_only_its_page(
    tmp_path: Path, start_method: str
) -> None:
    pages = [
        (url.replace("/n/", "/crash/") if n == 7 else url, body)
        for n, (url, body) in enumerate(demo_pages(16))
    ]
    warc = tmp_path / "a.warc.gz"
    write_warc(warc, [("response", u, 200, [], b) for u, b in pages], "2026-11-20T08:09:10Z")
    slices = list(archives.warc_slices(warc, 5000))
    assert len(slices) > 3 and all(isinstance(piece, WarcSlice) for piece in slices)
    results = list(outcomes(slices, 2, None, lambda _: None, worker=crash_on_marked_urls))
    assert [o.url for o in results] == [u for u, _ in pages], "order kept through the restart"
    failed = [o for o in results if isinstance(o, Problem)]
    assert [(o.url, o.reason) for o in failed] == [(pages[7][0], "worker_crashed")]


@forking_this_process
def test_workers_that_always_die_stop_the_run(start_method: str) -> None:
    pages = [Page(f"p{n}", url=url, data=body) for n, (url, body) in enumerate(demo_pages(12))]
    with pytest.raises(WorkersKeepDying):
        list(outcomes(pages, 2, None, lambda _: None, worker=always_crash))
