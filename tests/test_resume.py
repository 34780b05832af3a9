"""A crawl killed with SIGKILL and started again with the same JOBDIR publishes every article
exactly once across the two runs, and no published file holds a torn line.

Run 1 crawls the listing fixture site one request at a time; the server holds back the last
article (t20200601_1001) until the test has killed the process. By then four records are in the
`.part` feed and in the dedup state. The test also appends half a record to the `.part` file, as
if the kill had hit mid-write. Run 2 (same JOBDIR, same state) salvages the four complete records
into a published file announced in the manifest, drops the torn line, discards the killed run's
request queue, walks every listing page again (the last run did not finish, so it does not stop
early), skips the four known articles and publishes the fifth.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import CRAWL_TIMEOUT, REPO, CrawlRunner
from fixture_sites import FAST, SITES_DIR, check_records, expected, file_reply, site_root

from pipelines.feeds import AtomicFileFeedStorage
from pressbot import extract
from pressbot.dedup.sqlite import SQLiteDedupStore
from pressbot.localserver import RequestLog, serve_directory
from pressbot.manifest import read_manifest, recover_site
from pressbot.sites import load_site_file

HELD = "/news/202006/t20200601_1001.html"
ARTICLES = sorted(p for p in expected("listing") if not p.endswith("_1006.html"))


def _start_crawl(
    tmp_path: Path, base: str, jobdir: Path, log: Path | None = None
) -> subprocess.Popen[bytes]:
    """Start a crawl of the listing site in the background; its log goes to `log`, if given."""
    settings = {
        **FAST,
        "PRESSBOT_OUTPUT_DIR": str(tmp_path / "output"),
        "PRESSBOT_STATE_PATH": str(tmp_path / "state" / "pressbot.sqlite3"),
        "AUTOTHROTTLE_ENABLED": "False",
        "CONCURRENT_REQUESTS": "1",
        "JOBDIR": str(jobdir),
        # Extraction in this process: the kill must come after the four other articles are
        # written, and with workers the multi-page article's later pages would queue behind
        # the held request (the only download slot) until it times out.
        "PRESSBOT_EXTRACT_WORKERS": "0",
    }
    command = [sys.executable, "-m", "scrapy", "crawl", "press"]
    command += ["-a", "site=listing", "-a", f"base_url={base}"]
    for name, value in settings.items():
        command += ["-s", f"{name}={value}"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCRAPY_")}
    if log is None:
        return subprocess.Popen(
            command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
    with log.open("wb") as out:
        return subprocess.Popen(command, cwd=REPO, env=env, stdout=out, stderr=out)


def _wait_for(condition, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


@pytest.mark.parametrize("unwritten", [0, 1], ids=["all-written", "one-accepted-not-written"])
def test_sigkilled_run_resumes_and_publishes_every_article_once(
    crawl: CrawlRunner, tmp_path: Path, unwritten: int
) -> None:
    """With `unwritten=1` the kill is taken to have hit between the dedup check and the feed
    write of the fourth record: it is in the dedup state but not in the `.part` feed. The
    next run must forget its keys, fetch it again and publish it."""
    output = tmp_path / "output"
    jobdir = tmp_path / "job"
    release = threading.Event()
    extra = {HELD: [file_reply("listing", HELD, delay=CRAWL_TIMEOUT, release=release), None]}
    log = RequestLog()
    try:
        with serve_directory(site_root("listing"), extra=extra, log=log) as base:
            process = _start_crawl(tmp_path, base, jobdir)
            try:
                _wait_for(lambda: log.count(HELD) == 1, 60, f"run 1 to ask for {HELD}")
                parts = sorted(output.rglob("*.jsonl.part"))
                _wait_for(
                    lambda: any(p.read_bytes().count(b"\n") == 4 for p in output.rglob("*.part")),
                    10,
                    "four records in the .part feed",
                )
            finally:
                process.send_signal(signal.SIGKILL)
                process.wait(timeout=30)
            release.set()
            assert process.returncode == -signal.SIGKILL

            parts = sorted(output.rglob("*.jsonl.part"))
            assert len(parts) == 1, parts
            assert not list(output.rglob("*.jsonl")), "a killed run publishes no feed"
            killed_lines = parts[0].read_bytes().splitlines()
            assert len(killed_lines) == 4
            lost = [json.loads(line)["url"] for line in killed_lines[4 - unwritten :]]
            killed_lines = killed_lines[: 4 - unwritten]
            parts[0].write_bytes(b"".join(line + b"\n" for line in killed_lines))
            with parts[0].open("ab") as part:  # the kill hit mid-write
                part.write(b'{"schema": "pressbot.article/1", "url": "' + base.encode() + b"news/")
            job_state = json.loads((jobdir / "pressbot-job.json").read_text(encoding="utf-8"))
            assert job_state["status"] == "running"

            log.hits.clear()
            second = crawl(
                "site=listing",
                f"base_url={base}",
                settings={**FAST, "JOBDIR": str(jobdir), "CONCURRENT_REQUESTS": "1"},
            )
    finally:
        release.set()
    assert second.returncode == 0, second.describe()
    assert "did not stop cleanly" in second.log
    assert second.stats["pressbot/jobdir/discarded_killed"] == 1
    assert second.stats["pressbot/salvaged/files"] == 1
    assert second.stats["pressbot/salvaged/records"] == 4 - unwritten
    assert second.stats["pressbot/salvaged/dropped_lines"] == 1
    assert second.stats.get("pressbot/salvaged/forgotten_keys", 0) == unwritten
    assert second.stats["pressbot/article/known"] == 4 - unwritten
    assert second.stats["pressbot/published"] == 1 + unwritten
    assert not second.part_files()

    # Every article exactly once across both runs, every line whole and valid.
    records = check_records(second, base, "listing", ARTICLES)
    assert len(records) == len(ARTICLES)
    feeds = second.feed_files()
    assert len(feeds) == 2
    salvaged = feeds[0] if feeds[0].name == parts[0].name.removesuffix(".part") else feeds[1]
    assert salvaged.read_bytes().splitlines() == killed_lines

    # Run 2 fetched listing pages (all three: no early stop after a killed run), not articles
    # it knew, except the held one.
    asked = log.paths()
    assert {"/news/index.html", "/news/index_1.html", "/news/index_2.html"} <= set(asked)
    # (continuation pages `_2.html`, `_3.html` of a multi-page article come with their first page)
    refetched = sorted(p for p in asked if "/202006/" in p and not re.search(r"_\d+_\d+\.html$", p))
    assert refetched == sorted([HELD, *(url.removeprefix(base.rstrip("/")) for url in lost)])

    entries = read_manifest(output)
    assert [e["records"] for e in entries] == [4 - unwritten, 1 + unwritten]
    assert entries[0]["salvaged"] is True and entries[0]["dropped_lines"] == 1
    for entry in entries:
        feed = output / entry["path"]
        assert feed in feeds
        assert entry["sha256"] == hashlib.sha256(feed.read_bytes()).hexdigest()
        assert entry["site"] == "listing"
    assert (jobdir / "pressbot-job.json").exists()
    assert json.loads((jobdir / "pressbot-job.json").read_text())["status"] == "finished"


def test_paused_run_resumes_from_its_queue(crawl: CrawlRunner, tmp_path: Path) -> None:
    """A run that stopped cleanly before the end (here CLOSESPIDER_ITEMCOUNT; Ctrl-C or SIGTERM
    alike) leaves its queue in JOBDIR; the next run resumes it, and the two publish every
    article once. The paused run did not finish, so it exits unhealthy (3)."""
    jobdir = tmp_path / "job"
    settings = {**FAST, "JOBDIR": str(jobdir), "CONCURRENT_REQUESTS": "1"}
    log = RequestLog()
    # Each record committed on its own, so it counts for CLOSESPIDER_ITEMCOUNT at once: a group
    # commit's 100 ms would let this small site be fetched whole before the pause. Extraction
    # in this process, for the same reason: on a loaded machine, the time a worker process
    # takes to start let the one download slot fetch every page before the second record.
    paused = {
        **settings,
        "CLOSESPIDER_ITEMCOUNT": "2",
        "PRESSBOT_DEDUP_BATCH": "1",
        "PRESSBOT_EXTRACT_WORKERS": "0",
    }
    with serve_directory(site_root("listing"), log=log) as base:
        first = crawl("site=listing", f"base_url={base}", settings=paused)
        state = json.loads((jobdir / "pressbot-job.json").read_text(encoding="utf-8"))
        second = crawl("site=listing", f"base_url={base}", settings=settings)
    assert first.returncode == 3, first.describe()
    assert state["status"] == "closespider_itemcount"
    assert second.returncode == 0, second.describe()
    assert "Resuming crawl" in second.log
    assert second.stats["pressbot/jobdir/resumed"] == 1
    check_records(second, base, "listing", ARTICLES)
    for path in ARTICLES:
        assert log.count("/" + path) == 1, path


def test_a_paused_queue_is_resumed_only_by_its_own_site(crawl: CrawlRunner, tmp_path: Path) -> None:
    """One JOBDIR given to two sites: a crawl of the other site would have fetched the paused
    queue's requests with its own config and published them in its own feed. It is refused,
    and the paused crawl still resumes afterwards."""
    settings = {**FAST, "JOBDIR": str(tmp_path / "job"), "CONCURRENT_REQUESTS": "1"}
    paused = {
        **settings,
        "CLOSESPIDER_ITEMCOUNT": "2",
        "PRESSBOT_DEDUP_BATCH": "1",
        "PRESSBOT_EXTRACT_WORKERS": "0",
    }
    with serve_directory(site_root("listing"), log=RequestLog()) as base:
        first = crawl("site=listing", f"base_url={base}", settings=paused)
        other = crawl("site=gbk", f"base_url={base}", settings=settings)
        resumed = crawl("site=listing", f"base_url={base}", settings=settings)
    assert first.returncode == 3, first.describe()
    assert other.returncode == 1, other.describe()
    assert (
        f"The crawl cannot start: JOBDIR {tmp_path / 'job'} holds the paused crawl of site "
        "listing (run " in other.log
    ), other.log
    assert resumed.returncode == 0, resumed.describe()
    assert resumed.stats["pressbot/jobdir/resumed"] == 1
    check_records(resumed, base, "listing", ARTICLES)


def test_a_run_killed_after_salvaging_leaves_the_salvaged_records_published_once(
    crawl: CrawlRunner, tmp_path: Path
) -> None:
    """Run 2 salvages run 1's `.part` feed and is killed before it forgets run 1's unwritten keys
    (here: `recover_site` as run 2 would call it, and no more). Run 3 finds no `.part` left; the
    records of the salvaged feed are published all the same, so their keys stay, and each
    article is published once."""
    output = tmp_path / "output"
    jobdir = tmp_path / "job"
    release = threading.Event()
    extra = {HELD: [file_reply("listing", HELD, delay=CRAWL_TIMEOUT, release=release), None]}
    log = RequestLog()
    try:
        with serve_directory(site_root("listing"), extra=extra, log=log) as base:
            process = _start_crawl(tmp_path, base, jobdir)
            try:
                _wait_for(lambda: log.count(HELD) == 1, 60, f"run 1 to ask for {HELD}")
                _wait_for(
                    lambda: any(p.read_bytes().count(b"\n") == 4 for p in output.rglob("*.part")),
                    10,
                    "four records in the .part feed",
                )
            finally:
                process.send_signal(signal.SIGKILL)
                process.wait(timeout=30)
            release.set()
            assert recover_site(output, "listing").salvaged_records == 4  # run 2, then killed
            third = crawl(
                "site=listing",
                f"base_url={base}",
                settings={**FAST, "JOBDIR": str(jobdir), "CONCURRENT_REQUESTS": "1"},
            )
    finally:
        release.set()
    assert third.returncode == 0, third.describe()
    assert third.stats.get("pressbot/salvaged/forgotten_keys", 0) == 0
    assert third.stats["pressbot/published"] == 1
    check_records(third, base, "listing", ARTICLES)


def _urls_in_feeds(output: Path) -> list[str]:
    """Every record's URL in every feed under `output`, published or `.part`."""
    return [
        json.loads(line)["url"]
        for feed in sorted([*output.rglob("*.jsonl"), *output.rglob("*.jsonl.part")])
        for line in feed.read_bytes().splitlines()
    ]


def _flock_holders(path: Path) -> set[int]:
    """The pids holding a `flock` on `path`, from /proc/locks (Linux)."""
    inode = path.stat().st_ino
    holders = set()
    for line in Path("/proc/locks").read_text(encoding="ascii").splitlines():
        fields = line.split()
        if "FLOCK" in fields and int(fields[-3].rsplit(":", 1)[1]) == inode:
            holders.add(int(fields[-4]))
    return holders


def _pad(part: Path, count: int) -> None:
    """Append `count` valid records (copies of the first, each with a URL of its own): a big
    killed run, whose salvage takes a while."""
    first = json.loads(part.read_bytes().splitlines()[0])
    with part.open("ab") as out:
        for number in range(count):
            url = f"{first['url'].rsplit('/', 1)[0]}/pad/{number}.html"
            padded = {**first, "url": url, "canonical_url": url}
            out.write(json.dumps(padded, ensure_ascii=False).encode() + b"\n")


@pytest.mark.skipif(not Path("/proc/locks").exists(), reason="reads the locks in /proc/locks")
def test_two_runs_after_a_kill_publish_the_killed_runs_records_once(
    tmp_path: Path,
) -> None:
    """Runs A and B start together after a kill. A salvages the killed run's `.part` (held
    here, stopped, while it holds the `.part`'s lock); B took that `.part` for a live crawl's,
    counted only the final feeds as published, forgot every key of the killed run while A was
    publishing its records, and so fetched and published them a second time. B now waits for
    A's recovery of the site to end and finds the records published."""
    output = tmp_path / "output"
    release = threading.Event()
    extra = {HELD: [file_reply("listing", HELD, delay=CRAWL_TIMEOUT, release=release), None]}
    log = RequestLog()
    processes: list[subprocess.Popen[bytes]] = []
    try:
        with serve_directory(site_root("listing"), extra=extra, log=log) as base:
            killed = _start_crawl(tmp_path, base, tmp_path / "job-k")
            processes.append(killed)
            _wait_for(lambda: log.count(HELD) == 1, 60, f"the killed run to ask for {HELD}")
            _wait_for(
                lambda: any(p.read_bytes().count(b"\n") == 4 for p in output.rglob("*.part")),
                10,
                "four records in the .part feed",
            )
            killed.send_signal(signal.SIGKILL)
            killed.wait(timeout=30)
            release.set()
            [part] = output.rglob("*.jsonl.part")
            _pad(part, 20000)

            a_log, b_log = tmp_path / "a.log", tmp_path / "b.log"
            run_a = _start_crawl(tmp_path, base, tmp_path / "job-a", a_log)
            processes.append(run_a)
            _wait_for(lambda: run_a.pid in _flock_holders(part), 60, "run A to salvage the .part")
            run_a.send_signal(signal.SIGSTOP)
            try:
                run_b = _start_crawl(tmp_path, base, tmp_path / "job-b", b_log)
                processes.append(run_b)
                _wait_for(
                    lambda: run_b.poll() is not None or b"is salvaging" in b_log.read_bytes(),
                    60,
                    "run B to finish or to wait for run A",
                )
            finally:
                run_a.send_signal(signal.SIGCONT)
            assert run_a.wait(timeout=CRAWL_TIMEOUT) == 0, a_log.read_text()
            assert run_b.wait(timeout=CRAWL_TIMEOUT) == 0, b_log.read_text()
    finally:
        release.set()
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGCONT)
                process.kill()
                process.wait(timeout=30)
    urls = [url for url in _urls_in_feeds(output) if "/pad/" not in url]
    assert sorted(urls) == sorted(f"{base}{path.lstrip('/')}" for path in ARTICLES), urls
    assert "Forgot" not in b_log.read_text()
    assert "Salvaged 20004 record(s)" in a_log.read_text()


@pytest.mark.parametrize("shared_jobdir", [False, True], ids=["own-jobdir", "shared-jobdir"])
def test_a_second_run_while_the_first_still_runs_publishes_nothing_twice(
    crawl: CrawlRunner, tmp_path: Path, shared_jobdir: bool
) -> None:
    """Cron starts the next run while the last one still works on a slow page. The second run
    took the running one for killed, forgot the keys of the four records it had written, and
    published them again; with the same JOBDIR it also discarded the running crawl's queue."""
    output = tmp_path / "output"
    release = threading.Event()
    extra = {HELD: [file_reply("listing", HELD, delay=CRAWL_TIMEOUT, release=release), None]}
    log = RequestLog()
    try:
        with serve_directory(site_root("listing"), extra=extra, log=log) as base:
            first = _start_crawl(tmp_path, base, tmp_path / "job")
            try:
                _wait_for(lambda: log.count(HELD) == 1, 60, f"run 1 to ask for {HELD}")
                _wait_for(
                    lambda: any(p.read_bytes().count(b"\n") == 4 for p in output.rglob("*.part")),
                    10,
                    "four records in the .part feed",
                )
                jobdir = tmp_path / ("job" if shared_jobdir else "job-2")
                second = crawl(
                    "site=listing",
                    f"base_url={base}",
                    settings={**FAST, "JOBDIR": str(jobdir), "CONCURRENT_REQUESTS": "1"},
                )
                release.set()
                assert first.wait(timeout=60) == 0
            finally:
                release.set()
                if first.poll() is None:
                    first.kill()
                    first.wait(timeout=30)
    finally:
        release.set()
    urls = _urls_in_feeds(output)
    assert sorted(urls) == sorted(f"{base}{path.lstrip('/')}" for path in ARTICLES), urls
    assert not list(output.rglob("*.part")), "the first run finished and published its feed"
    if shared_jobdir:
        assert second.returncode == 1, second.describe()
        assert f"The crawl cannot start: JOBDIR {tmp_path / 'job'} is in use by run " in second.log
    else:
        assert second.returncode == 0, second.describe()
        assert re.search(r"Run \S+ of listing is still running \(pid \d+\)", second.log)
        assert "Forgot" not in second.log


def test_a_run_whose_part_is_locked_keeps_its_keys_though_its_pid_is_not_seen(
    crawl: CrawlRunner, tmp_path: Path
) -> None:
    """A crawl in another container (another pid namespace) writes a feed of a shared output
    folder: its pid is not to be seen here, but its `.part` is locked. Its keys were forgotten
    as a killed run's, and the two records it had written were published again."""
    run = "20261129T073659Z-999999999"  # no pid of this machine
    final = tmp_path / "output" / "listing" / "2026-11-29" / f"listing-{run}.jsonl"
    storage = AtomicFileFeedStorage(str(final))
    listing = load_site_file(SITES_DIR / "listing.toml")
    with serve_directory(site_root("listing")) as base:
        file = storage.open(spider=None)  # locked while open, as by the running crawl
        with SQLiteDedupStore(tmp_path / "state" / "pressbot.sqlite3") as store:
            for path in ARTICLES[:2]:
                page = (site_root("listing") / path.lstrip("/")).read_bytes()
                record = extract(page, f"{base}{path.lstrip('/')}", site=listing).to_dict()
                keys = (record["canonical_url"], record["content_hash"], record["url"])
                assert store.check_and_add(*keys, run_id=run, site="listing") is None
                file.write(json.dumps(record, ensure_ascii=False).encode() + b"\n")
        second = crawl("site=listing", f"base_url={base}", settings=FAST)
    storage.store(file)  # the other crawl finishes
    assert second.returncode == 0, second.describe()
    urls = _urls_in_feeds(tmp_path / "output")
    assert sorted(urls) == sorted(f"{base}{path.lstrip('/')}" for path in ARTICLES), urls
    assert "Forgot" not in second.log
    assert f"Run {run} of listing is still writing" in second.log
