"""Disk full while publishing: the feed write fails, and nothing is lost or published twice.

The crawl runs in a subprocess with RLIMIT_FSIZE set (SIGXFSZ ignored), so any write past N
bytes fails with EFBIG, as a full disk fails with ENOSPC. The limit applies to every file the
process writes, and a SQLite state needs more than the whole demo feed (its `-shm` index alone
is 32 KiB, its WAL grows by a few pages per record), so SQLite would fail first (the crawl
then stops before fetching anything). The dedup state is therefore kept in a throw-away Redis
server (`PRESSBOT_REDIS_URL`): what fails here is the feed.

Asserted: the failed run says so in one error line, closes, and exits 3 (it did not finish),
and publishes no torn line under a final `.jsonl` name; a following run without the limit
publishes every expected demo article exactly once (salvaged from the failed run's `.part` or
fetched again).
"""

from __future__ import annotations

import json
import resource
import signal
import subprocess
import sys
from functools import partial
from pathlib import Path

import pytest
from conftest import CRAWL_TIMEOUT, DEMO, REPO, crawl_command, crawl_env

from pressbot.dedup.testing import RedisServer

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX resource limits")

LIMIT = 16 * 1024
"""Smaller than the demo feed (about 21 KiB), larger than any other file the crawl writes."""


def _limit_file_size(limit: int = LIMIT) -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def _crawl(
    base_url: str, output: Path, redis_url: str, *, limited: bool, limit: int = LIMIT
) -> subprocess.CompletedProcess[str]:
    settings = {
        "PRESSBOT_OUTPUT_DIR": str(output),
        "PRESSBOT_REDIS_URL": redis_url,
        "AUTOTHROTTLE_ENABLED": "False",
        "CONCURRENT_REQUESTS": "1",
        "LOG_LEVEL": "INFO",
    }
    command = crawl_command(["site=demo", f"base_url={base_url}"], settings)
    env = crawl_env()
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return subprocess.run(
        command,
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=CRAWL_TIMEOUT,
        check=False,
        preexec_fn=partial(_limit_file_size, limit) if limited else None,
    )


def _lines(path: Path) -> list[dict[str, object]]:
    raw = path.read_bytes()
    assert not raw or raw.endswith(b"\n"), f"{path}: torn last line"
    return [json.loads(line) for line in raw.decode("utf-8").splitlines()]


def _expected_paths() -> set[str]:
    paths = set()
    for gold in (DEMO / "expected").glob("*.json"):
        case = json.loads(gold.read_text(encoding="utf-8"))
        if gold.stem != "article-07":  # the syndicated copy of article-06 is never published
            paths.add(case["url_path"].lstrip("/"))
    return paths


def test_a_failed_feed_write_loses_nothing(
    tmp_path: Path, demo_base_url: str, redis: RedisServer
) -> None:
    output = tmp_path / "output"
    failed = _crawl(demo_base_url, output, redis.url, limited=True)
    log = failed.stdout + failed.stderr
    assert failed.returncode == 3, log[-4000:]
    assert "cannot write the feed" in log, log[-4000:]
    assert "File too large" in log or "No space left" in log, log[-4000:]
    for feed in output.rglob("*.jsonl"):
        _lines(feed)  # a published file holds complete, valid lines only
    parts = list(output.rglob("*.jsonl.part"))
    assert parts, "the complete records of the failed run are left for salvage"
    assert all(p.stat().st_size <= LIMIT for p in parts)
    for part in parts:
        _lines(part)  # cut back to the last complete record

    again = _crawl(demo_base_url, output, redis.url, limited=False)
    log = again.stdout + again.stderr
    assert again.returncode == 0, log[-4000:]
    assert not list(output.rglob("*.part")), log[-4000:]
    published = [
        str(record["url"]).removeprefix(demo_base_url)
        for feed in sorted(output.rglob("*.jsonl"))
        for record in _lines(feed)
    ]
    assert len(published) == len(set(published)), f"published twice: {sorted(published)}"
    assert set(published) == _expected_paths(), log[-4000:]
    salvaged = [
        json.loads(line)
        for line in (output / "manifest.ndjson").read_text(encoding="utf-8").splitlines()
    ]
    assert any(entry.get("salvaged") for entry in salvaged), salvaged


def test_a_failed_feed_write_is_one_error_and_an_unfinished_run(
    tmp_path: Path, demo_base_url: str, redis: RedisServer
) -> None:
    """Every record after the failure logged the write error again with a traceback, and the
    run exited 1, as if it could not start; it did start, and did not finish."""
    output = tmp_path / "output"
    failed = _crawl(demo_base_url, output, redis.url, limited=True)
    log = failed.stdout + failed.stderr
    assert failed.returncode == 3, log[-4000:]
    errors = [line for line in log.splitlines() if "cannot write the feed" in line]
    assert len(errors) == 1, errors
    part = next(output.rglob("*.jsonl.part"))
    assert "] ERROR: " in errors[0] and str(part) in errors[0], errors[0]
    assert "[Errno 27] File too large" in errors[0] or "[Errno 28] No space left" in errors[0]
    assert "Error caught on signal handler" not in log, log[-4000:]
    assert "Closing spider (feed_write_error)" in log, log[-4000:]
    # Scrapy's own line for the feed it could not store, without the traceback it adds
    assert "Error storing jsonlines feed" in log and "Traceback" not in log, log[-4000:]
    site = output / "demo"
    assert json.loads((site / "last-run.json").read_text())["status"] == "feed_write_error"
    (health,) = site.rglob("*.health.json")
    summary = json.loads(health.read_text(encoding="utf-8"))
    assert not summary["healthy"]
    assert summary["problems"] == ["the run did not finish (reason: feed_write_error)"]
    # Published: what the `.part` holds for the next run to salvage, not what was scraped.
    assert summary["articles_published"] == len(part.read_bytes().splitlines()) > 0


def test_sqlite_forget_undoes_only_the_records_own_keys(tmp_path: Path) -> None:
    from pressbot.dedup.sqlite import SQLiteDedupStore  # noqa: PLC0415

    fp = "815ca591c818a9db"
    with SQLiteDedupStore(tmp_path / "s.sqlite3") as store:
        assert store.check_and_add("http://a/1", "h1", "http://a/1", fp) is None
        assert store.check_and_add("http://a/2", "h2", "http://a/2") is None
        # Keys held by another URL are not this record's to forget.
        store.forget("http://a/2", "h2", "http://a/other", fp)
        assert store.check_and_add("http://a/2", None, "http://a/3") is not None
        store.forget("http://a/1", "h1", "http://a/1", fp)
        assert store.find_near(int(fp, 16)) is None
        assert store.check_and_add("http://a/1", "h1", "http://a/1", fp) is None


def test_redis_forget_undoes_only_the_records_own_keys(redis: RedisServer) -> None:
    from pressbot.dedup.redis import RedisDedupStore  # noqa: PLC0415

    fp = "815ca591c818a9db"
    with RedisDedupStore(redis.url, prefix="t") as store:
        assert store.check_and_add("http://a/1", "h1", "http://a/1", fp) is None
        assert store.check_and_add("http://a/2", "h2", "http://a/2") is None
        store.forget("http://a/2", "h2", "http://a/other", fp)
        assert store.check_and_add("http://a/2", None, "http://a/3") is not None
        store.forget("http://a/1", "h1", "http://a/1", fp)
        assert store.find_near(int(fp, 16)) is None
        assert store.check_and_add("http://a/1", "h1", "http://a/1", fp) is None


SUMMARY_LIMIT = 50
"""Smaller than the smallest `last-run.json` (about 76 bytes): no summary can be written, as on
a disk that is full before the run starts."""


def test_a_run_that_can_write_no_summary_exits_3_in_one_line_per_file(
    tmp_path: Path, demo_base_url: str, redis: RedisServer
) -> None:
    """On a full disk the summary's writes raised in the health extension's signal handlers
    (two tracebacks), before it had set the exit status: a run that published nothing exited 0,
    its `last-run.json` still said "running" and half-written `.tmp` files stayed behind."""
    output = tmp_path / "output"
    failed = _crawl(demo_base_url, output, redis.url, limited=True, limit=SUMMARY_LIMIT)
    log = failed.stdout + failed.stderr
    assert failed.returncode == 3, log[-4000:]
    assert "Error caught on signal handler" not in log, log[-4000:]
    assert "Traceback" not in log, log[-4000:]
    errors = [line for line in log.splitlines() if "cannot write the run summary" in line]
    assert errors and all("] ERROR: " in line for line in errors), log[-4000:]
    assert any("last-run.json" in line for line in errors), errors
    assert any(".health.json" in line for line in errors), errors
    assert all("File too large" in line for line in errors), errors
    assert not list(output.rglob("*.tmp")), sorted(output.rglob("*"))


def test_a_salvage_that_cannot_be_written_is_one_error_and_waits_for_the_next_run(
    tmp_path: Path, demo_base_url: str, redis: RedisServer
) -> None:
    """A killed run's feed salvaged onto a full disk raised in the salvage's signal handler (a
    traceback) and left its half-written `.salvage` file beside the `.part`."""
    output = tmp_path / "output"
    first = _crawl(demo_base_url, output, redis.url, limited=False)
    assert first.returncode == 0, (first.stdout + first.stderr)[-4000:]
    (feed,) = output.rglob("*.jsonl")
    assert feed.stat().st_size > LIMIT
    killed = output / "demo" / "2020-01-01" / "demo-20200101T000000Z-4194304.jsonl.part"
    killed.parent.mkdir()
    killed.write_bytes(feed.read_bytes())  # a killed run's feed, its pid long gone

    failed = _crawl(demo_base_url, output, redis.url, limited=True)
    log = failed.stdout + failed.stderr
    assert "Error caught on signal handler" not in log and "Traceback" not in log, log[-4000:]
    errors = [line for line in log.splitlines() if "cannot salvage" in line]
    assert len(errors) == 1 and "] ERROR: " in errors[0], log[-4000:]
    assert "File too large" in errors[0] and str(killed) in errors[0], errors
    assert killed.exists() and not list(output.rglob("*.salvage")), sorted(output.rglob("*"))

    again = _crawl(demo_base_url, output, redis.url, limited=False)
    assert again.returncode == 0, (again.stdout + again.stderr)[-4000:]
    assert not killed.exists() and killed.with_suffix("").exists()
