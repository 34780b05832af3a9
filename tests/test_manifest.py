"""The manifest of published feeds, and the recovery of what a killed crawl left behind.

A crawl announces its feed in `<output>/manifest.ndjson` once the file is complete; a run that
publishes nothing announces nothing. `recover_site` (run by every crawl at spider open) salvages
an orphaned `.part` feed (complete valid lines only), leaves a `.part` that a live crawl holds
alone, and announces final feeds the manifest misses.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CrawlRunner
from fixture_sites import FAST, expected, site_root

from pipelines.feeds import AtomicFileFeedStorage
from pressbot import extract
from pressbot.localserver import serve_directory
from pressbot.manifest import (
    MANIFEST_NAME,
    published_urls,
    read_manifest,
    recover_site,
    summarize_file,
)
from pressbot.schema import record_errors
from pressbot.settings import FEEDS

RUN = "20261129T073659Z-4242"


def test_a_crawl_announces_its_complete_feed_once(crawl: CrawlRunner) -> None:
    with serve_directory(site_root("listing")) as base:
        first = crawl("site=listing", f"base_url={base}", settings=FAST)
        second = crawl("site=listing", f"base_url={base}", settings=FAST)
    assert first.returncode == 0 and second.returncode == 0, first.describe()
    [feed] = first.feed_files()
    entries = read_manifest(first.output_dir)
    assert len(entries) == 1, "the second run published nothing and announced nothing"
    [entry] = entries
    data = feed.read_bytes()
    run = feed.name.removeprefix("listing-").removesuffix(".jsonl")
    assert entry.pop("announced_at")
    assert entry == {
        "path": f"listing/{feed.parent.name}/{feed.name}",
        "site": "listing",
        "run": run,
        "records": 5,
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "first_published_at": "2020-06-01T09:00+08:00",
        "last_published_at": "2020-06-05T11:00+08:00",
    }
    assert (first.output_dir / MANIFEST_NAME).read_bytes().endswith(b"\n")


def _record_lines() -> list[bytes]:
    """Two valid records, as the feed writes them."""
    lines = []
    for path in sorted(expected("listing"))[:2]:
        page = site_root("listing") / path
        record = extract(page.read_bytes(), "http://127.0.0.1:1/" + path, site="demo").to_dict()
        record["fetched_at"] = "2026-11-29T07:37:00+00:00"
        assert list(record_errors(record)) == []
        lines.append(json.dumps(record, ensure_ascii=False).encode() + b"\n")
    return lines


def _part(output: Path, name: str = f"listing-{RUN}.jsonl") -> Path:
    folder = output / "listing" / "2026-11-29"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / (name + ".part")


def test_orphaned_part_is_salvaged_without_its_torn_or_invalid_lines(tmp_path: Path) -> None:
    good = _record_lines()
    part = _part(tmp_path)
    part.write_bytes(good[0] + b'{"schema": "pressbot.article/1"}\n' + good[1] + b'{"url": "htt')
    recovery = recover_site(tmp_path, "listing")

    final = part.with_name(part.name.removesuffix(".part"))
    assert not part.exists()
    assert final.read_bytes() == good[0] + good[1]
    assert recovery.salvaged_records == 2 and recovery.dropped_lines == 2
    [entry] = read_manifest(tmp_path)
    assert entry["salvaged"] is True and entry["dropped_lines"] == 2
    assert entry["run"] == RUN and entry["site"] == "listing"
    assert entry["sha256"] == summarize_file(final)["sha256"]

    again = recover_site(tmp_path, "listing")
    assert not again.salvaged_files and not again.late_announced
    assert len(read_manifest(tmp_path)) == 1


def test_part_of_a_live_crawl_is_left_alone(tmp_path: Path) -> None:
    final = _part(tmp_path).with_suffix("")
    storage = AtomicFileFeedStorage(str(final))
    file = storage.open(spider=None)  # locked while open, as in a running crawl
    file.write(_record_lines()[0])
    recovery = recover_site(tmp_path, "listing")
    assert not recovery.salvaged_files
    assert storage.part_path.exists() and not final.exists()
    storage.store(file)
    assert final.exists() and not storage.part_path.exists()


def test_empty_part_is_removed_and_unannounced_feed_is_announced(tmp_path: Path) -> None:
    empty = _part(tmp_path, f"listing-{RUN[:-4]}1111.jsonl")
    empty.write_bytes(b'{"torn')
    published = _part(tmp_path).with_suffix("")
    published.write_bytes(b"".join(_record_lines()))
    leftover = _part(tmp_path)  # the rename happened, the .part of a copy did not go
    leftover.write_bytes(b"".join(_record_lines()))

    recovery = recover_site(tmp_path, "listing")
    assert not empty.exists() and not leftover.exists()
    assert recovery.removed_parts == 2
    assert [e["path"] for e in recovery.late_announced] == [f"listing/2026-11-29/{published.name}"]
    [entry] = read_manifest(tmp_path)
    assert entry["late"] is True and entry["records"] == 2


def test_published_urls_reads_the_feeds_of_the_runs_asked_and_skips_an_unreadable_one(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    day = tmp_path / "demo" / "2020-06-03"
    day.mkdir(parents=True)
    killed, other = "20200603T101500Z-1", "20200603T111500Z-2"
    first, second = _record_lines()
    (day / f"demo-{killed}.jsonl").write_bytes(first + second[:40])  # a torn last line
    (day / f"demo-{other}.jsonl").write_bytes(second)
    (day / "demo-20200603T121500Z-3.jsonl").mkdir()  # no file: cannot be read
    runs = {killed, "20200603T121500Z-3"}
    assert published_urls(tmp_path, "demo", runs) == {json.loads(first)["url"]}
    assert "Cannot read" in caplog.text
    assert published_urls(tmp_path, "demo", set()) == set()


@pytest.mark.parametrize(
    "damage",
    [b'{"path": "listing/2026-11-29/x.jsonl", "si', b'{"path": "caf\xc3', b"\xff\n", b"[1, 2]\n"],
    ids=["torn-line", "torn-character", "not-utf-8", "not-an-entry"],
)
def test_a_damaged_manifest_line_costs_only_itself(tmp_path: Path, damage: bytes) -> None:
    """A crash mid-append tore the last line: the next announcement was appended to it (one
    line that parses as nothing), and a torn UTF-8 character made every later run's recovery
    fail on the whole file."""
    published = _part(tmp_path).with_suffix("")
    published.write_bytes(b"".join(_record_lines()))
    recover_site(tmp_path, "listing")  # announces it
    with (tmp_path / MANIFEST_NAME).open("ab") as manifest:
        manifest.write(damage)
    late = _part(tmp_path, f"listing-{RUN[:-4]}1111.jsonl").with_suffix("")
    late.write_bytes(b"".join(_record_lines()))
    recovery = recover_site(tmp_path, "listing")
    assert [e["path"] for e in recovery.late_announced] == [f"listing/2026-11-29/{late.name}"]
    assert [e["path"] for e in read_manifest(tmp_path)] == [
        f"listing/2026-11-29/{published.name}",
        f"listing/2026-11-29/{late.name}",
    ]
    assert recover_site(tmp_path, "listing").late_announced == [], "announced once"


def test_a_feed_given_on_the_command_line_is_not_announced(
    crawl: CrawlRunner, tmp_path: Path
) -> None:
    """`scrapy crawl press -o items.jsonl` adds a feed to the crawl's own: both hold the same
    records, and the manifest announced both, so its readers took every record twice."""
    extra = tmp_path / "elsewhere" / "items.jsonl"
    feeds = {**FEEDS, str(extra): {"format": "jsonlines"}}
    result = crawl("site=demo", settings={"FEEDS": json.dumps(feeds)})
    assert result.returncode == 0, result.describe()
    assert len(extra.read_bytes().splitlines()) == 11
    assert not list(extra.parent.glob("*.part"))
    entries = read_manifest(result.output_dir)
    assert [(e["site"], e["records"]) for e in entries] == [("demo", 11)], entries
    assert entries[0]["path"].startswith("demo/") and entries[0]["run"], entries


def test_a_feed_given_with_o_keeps_the_records_of_earlier_runs(
    crawl: CrawlRunner, tmp_path: Path
) -> None:
    """`-o items.jsonl` appends, as Scrapy documents it: a second run (here of another site)
    replaced items.jsonl, and the first run's records were gone from it for good."""
    extra = tmp_path / "items.jsonl"
    feeds = json.dumps({**FEEDS, str(extra): {"format": "jsonlines"}})  # as `-o` gives it
    with serve_directory(site_root("listing")) as base:
        first = crawl("site=listing", f"base_url={base}", settings={**FAST, "FEEDS": feeds})
    assert first.returncode == 0, first.describe()
    kept = extra.read_bytes().splitlines()
    second = crawl("site=demo", settings={"FEEDS": feeds})
    assert second.returncode == 0, second.describe()
    lines = extra.read_bytes().splitlines()
    assert len(kept) == 5 and lines[:5] == kept, "the first run's records are kept, first"
    assert sorted(json.loads(line)["url"] for line in lines) == sorted(
        record["url"] for record in second.records()
    ), "every record of both runs, once"


_FAILING_APPEND = """
import resource, signal, sys
from pressbot.manifest import recover_site
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
limit = int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
recover_site(sys.argv[1], "listing")
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX resource limits")
@pytest.mark.parametrize("how", ["write-fails", "killed-mid-append"])
def test_an_append_that_did_not_end_leaves_no_torn_line(tmp_path: Path, how: str) -> None:
    """An announcement whose append failed part-way (a full disk; here a file size limit in a
    subprocess) left its first bytes as the manifest's last line, and a kill mid-append does
    the same: every later entry went on a new line after it, and the manifest stayed a file
    that `jq` and a json.loads per line reject. A failed append is now undone, and a torn
    tail found under the lock is cut off."""
    manifest = tmp_path / MANIFEST_NAME
    manifest.write_bytes(b'{"path": "elsewhere/x.jsonl", "site": "elsewhere"}\n')
    before = manifest.read_bytes()
    feed = _part(tmp_path).with_suffix("")
    feed.write_bytes(b"".join(_record_lines()))
    if how == "write-fails":
        limit = len(before) + 30  # the entry's first 30 bytes fit
        script = [sys.executable, "-c", _FAILING_APPEND, str(tmp_path), str(limit)]
        done = subprocess.run(script, capture_output=True, text=True, check=False, timeout=60)
        assert done.returncode != 0 and "File too large" in done.stderr, done.stderr
    else:
        with manifest.open("ab") as out:
            out.write(b'{"path": "listing/2026-11-29/listing-')
    assert manifest.read_bytes() == before or how == "killed-mid-append"

    recovery = recover_site(tmp_path, "listing")
    assert [e["path"] for e in recovery.late_announced] == [f"listing/2026-11-29/{feed.name}"]
    lines = manifest.read_bytes().splitlines()
    assert lines[0] == before.rstrip(b"\n")
    assert [json.loads(line)["path"] for line in lines] == [
        "elsewhere/x.jsonl",
        f"listing/2026-11-29/{feed.name}",
    ]


def test_a_feed_given_with_o_in_the_site_folder_is_not_announced(
    crawl: CrawlRunner, tmp_path: Path
) -> None:
    """`-o output/demo/extra.jsonl`: the storage announced it (it is under the site folder),
    and so would a later run's recovery have (late), or salvaged its `.part`: readers of the
    manifest took every record twice. Only files named as the crawl's own feeds are."""
    output = tmp_path / "output"
    extra = output / "demo" / "extra.jsonl"
    feeds = {**FEEDS, str(extra): {"format": "jsonlines"}}
    result = crawl("site=demo", settings={"FEEDS": json.dumps(feeds)})
    assert result.returncode == 0, result.describe()
    assert len(extra.read_bytes().splitlines()) == 11
    entries = read_manifest(output)
    assert [(e["site"], e["records"], e["run"] is not None) for e in entries] == [
        ("demo", 11, True)
    ], entries

    other = output / "demo" / "2026-11-29" / "notes.jsonl.part"  # no `<site>-<run>` name
    other.parent.mkdir()
    other.write_bytes(b"".join(_record_lines()))
    recovery = recover_site(output, "demo")
    assert not recovery.late_announced and not recovery.salvaged_files
    assert other.exists()
    assert read_manifest(output) == entries
