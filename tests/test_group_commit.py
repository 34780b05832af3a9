"""Group commit of the SQLite dedup state, and near keys computed in the extraction worker.

A record reaches the feed only after the transaction holding its keys committed; a group
commits at `PRESSBOT_DEDUP_BATCH` checks or `PRESSBOT_DEDUP_BATCH_MS` after its first check
(so an idle crawl releases SQLite's write lock), and a failed COMMIT drops every record waiting
on it. Store behaviour is checked with a second SQLite connection on the same file; pipeline
behaviour on a running asyncio loop; crawl behaviour with real `scrapy crawl` subprocesses over
the loopback fixture servers, the COMMIT failing for real under RLIMIT_FSIZE.
"""

from __future__ import annotations

import asyncio
import json
import pickle
import resource
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from conftest import CRAWL_TIMEOUT, DEMO, REPO, CrawlRunner, crawl_command, crawl_env
from fixture_sites import FAST, file_reply, site_root
from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from pipelines.dedup import DedupPipeline
from pressbot import extract
from pressbot.crawlwork import extract_page
from pressbot.dedup import attach_near_keys, content_hash, near_keys, near_keys_for, simhash
from pressbot.dedup.sqlite import DedupStoreError, SQLiteDedupStore
from pressbot.items import Article
from pressbot.localserver import RequestLog, serve_directory
from pressbot.normalize import normalize_article
from pressbot.schema import record_errors
from spiders.extraction import ExtractionPool

A = "http://news.example/2026/a.html"
B = "http://news.example/2026/b.html"
C = "http://news.example/2026/c.html"
LISTING_ARTICLE = "news/202006/t20200605_1005.html"
HELD = "/news/202006/t20200601_1001.html"


def _article(url: str, body: str | None = None) -> Article:
    body = body or f"{url} 的正文。\n第二段。"
    return Article(
        url=url,
        canonical_url=url,
        site="demo",
        title="新闻",
        body=body,
        fetched_at="2026-11-29T07:40:00+00:00",
        content_hash=content_hash(body),
        simhash=f"{simhash(body):016x}",
    )


def _other(path: Path) -> sqlite3.Connection:
    """Another connection to the state file, as another crawl process has: no busy wait."""
    return sqlite3.connect(path, timeout=0, isolation_level=None)


def _seen(path: Path) -> set[str]:
    db = _other(path)
    try:
        return {row[0] for row in db.execute("SELECT canonical_url FROM seen_urls")}
    finally:
        db.close()


def _write_lock_free(path: Path) -> bool:
    db = _other(path)
    try:
        db.execute("BEGIN IMMEDIATE")
        db.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError as exc:
        assert "locked" in str(exc)
        return False
    finally:
        db.close()


# The store: one open write transaction shared by several checks.


def test_a_group_commits_at_its_size_and_only_then_tells_its_waiters(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    outcomes: list[DedupStoreError | None] = []
    with SQLiteDedupStore(path, group_size=3) as store:
        assert store.check_and_add(A, "1" * 64, A) is None
        group = store.group
        assert group is not None
        group.when_done(outcomes.append)
        assert store.check_and_add(A, "2" * 64, A) is not None  # a duplicate counts as a check
        assert store.group is group and outcomes == []
        assert _seen(path) == set() and not _write_lock_free(path)
        assert store.check_and_add(B, "3" * 64, B) is None
        assert store.group is None and outcomes == [None]
        assert _seen(path) == {A, B} and _write_lock_free(path)


def test_group_size_one_commits_every_check(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    with SQLiteDedupStore(path) as store:
        store.check_and_add(A, "1" * 64, A)
        assert store.group is None and _seen(path) == {A}


def _forget(store: SQLiteDedupStore) -> None:
    store.forget(C, "c" * 64, C)


def _forget_unfinished(store: SQLiteDedupStore) -> None:
    assert store.forget_unfinished("s", "now", published={C}) == 0


def _finish_run(store: SQLiteDedupStore) -> None:
    store.finish_run("s", "now")


def _bulk_add_near(store: SQLiteDedupStore) -> None:
    assert store.bulk_add_near([("http://x/near", 0xFF, None)]) == 1


def _close(store: SQLiteDedupStore) -> None:
    store.close()


@pytest.mark.parametrize(
    "method", [_forget, _forget_unfinished, _finish_run, _bulk_add_near, _close]
)
def test_other_writes_commit_an_open_group_first(
    tmp_path: Path, method: Callable[[SQLiteDedupStore], None]
) -> None:
    """No "cannot start a transaction within a transaction": the group commits, its waiters
    hear so, and the method does its own work."""
    path = tmp_path / "state.sqlite3"
    store = SQLiteDedupStore(path, group_size=50)
    try:
        store.check_and_add(C, "c" * 64, C, site="s", run_id="now")
        outcomes: list[DedupStoreError | None] = []
        assert store.group is not None
        store.group.when_done(outcomes.append)
        method(store)
        assert outcomes == [None]
        assert store.group is None
        assert C in _seen(path) or method is _forget
        assert _write_lock_free(path)
    finally:
        store.close()


def test_reads_while_a_group_is_open(tmp_path: Path) -> None:
    """A record of the open group is not published yet: `known_url` says so until the group
    commits; `duplicates` sees the group's own rows."""
    with SQLiteDedupStore(tmp_path / "state.sqlite3") as earlier:
        earlier.check_and_add(A, "1" * 64, A)
    with SQLiteDedupStore(tmp_path / "state.sqlite3", group_size=50) as store:
        assert store.check_and_add(B, "2" * 64, B) is None
        assert store.check_and_add(C, "1" * 64, C) == ("duplicate_content", A)
        assert store.known_url(A)
        assert not store.known_url(B)
        assert [d[:3] for d in store.duplicates()] == [(C, "duplicate_content", A)]
        store.commit()
        assert store.known_url(B)


def _fail_commit_of(path: Path, store: SQLiteDedupStore, url: str) -> None:
    """A record of `url` makes the next COMMIT fail: a deferred foreign key it breaks is
    checked only then (SQLite keeps the transaction open after such a failure)."""
    with closing(sqlite3.connect(path)) as db, db:  # `with db` commits, never closes
        db.executescript(
            f"""
            CREATE TABLE parent (id INTEGER PRIMARY KEY);
            CREATE TABLE child (
                parent INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED
            );
            CREATE TRIGGER broken AFTER INSERT ON seen_urls WHEN NEW.url = '{url}'
            BEGIN INSERT INTO child VALUES (1); END;
            """
        )
    store._db.execute("PRAGMA foreign_keys = ON")


def test_a_failed_commit_rolls_the_whole_group_back_and_tells_its_waiters(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    with SQLiteDedupStore(path, group_size=2) as store:
        _fail_commit_of(path, store, B)
        outcomes: list[DedupStoreError | None] = []
        store.check_and_add(A, "1" * 64, A)
        assert store.group is not None
        store.group.when_done(outcomes.append)
        with pytest.raises(DedupStoreError, match="commit failed: FOREIGN KEY"):
            store.check_and_add(B, "2" * 64, B)
        assert len(outcomes) == 1 and isinstance(outcomes[0], DedupStoreError)
        assert store.group is None and _seen(path) == set() and _write_lock_free(path)
        store.commit()  # nothing open: nothing to do
        assert store.check_and_add(A, "1" * 64, A) is None, "rolled back: A is new again"
        assert store.check_and_add(C, "3" * 64, C) is None
        assert _seen(path) == {A, C}


def test_an_error_inside_a_group_rolls_all_of_it_back(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    with SQLiteDedupStore(path, group_size=50) as store:
        outcomes: list[DedupStoreError | None] = []
        store.check_and_add(A, "1" * 64, A)
        assert store.group is not None
        store.group.when_done(outcomes.append)
        pages = store._db.execute("PRAGMA page_count").fetchone()[0]
        store._db.execute(f"PRAGMA max_page_count = {pages}")  # the disk is full
        with pytest.raises(DedupStoreError, match="full"):
            store.check_and_add(B + "?" + "x" * 20_000, "2" * 64, B)
        assert len(outcomes) == 1 and isinstance(outcomes[0], DedupStoreError)
        assert store.group is None and _seen(path) == set()
        store._db.execute("PRAGMA max_page_count = 1073741823")
        assert store.check_and_add(A, "1" * 64, A) is None


# The pipeline, on a running event loop as in a crawl.


def _pipeline(tmp_path: Path, **settings: str) -> tuple[DedupPipeline, Crawler]:
    crawler = get_crawler(
        settings_dict={"PRESSBOT_STATE_PATH": str(tmp_path / "state.sqlite3"), **settings}
    )
    crawler.stats.open_spider()
    return DedupPipeline.from_crawler(crawler), crawler


def test_an_idle_group_commits_by_its_timer(tmp_path: Path) -> None:
    """One record, then nothing: the timer commits it and releases the write lock."""
    path = tmp_path / "state.sqlite3"
    pipeline, _ = _pipeline(tmp_path, PRESSBOT_DEDUP_BATCH="50", PRESSBOT_DEDUP_BATCH_MS="300")

    async def crawl() -> float:
        started = time.monotonic()
        task = asyncio.ensure_future(pipeline.process_item(_article(A)))
        await asyncio.sleep(0.1)
        assert not task.done(), "published before its keys were committed"
        assert not _write_lock_free(path) and _seen(path) == set()
        assert (await asyncio.wait_for(task, 10)).url == A
        waited = time.monotonic() - started
        assert _write_lock_free(path) and _seen(path) == {A}
        return waited

    try:
        waited = asyncio.run(crawl())
    finally:
        pipeline.close_spider()
    assert 0.3 <= waited < 3


def test_records_wait_for_their_group_and_duplicates_do_not(tmp_path: Path) -> None:
    pipeline, crawler = _pipeline(
        tmp_path, PRESSBOT_DEDUP_BATCH="4", PRESSBOT_DEDUP_BATCH_MS="60000"
    )
    path = tmp_path / "state.sqlite3"

    async def crawl() -> None:
        first = asyncio.ensure_future(pipeline.process_item(_article(A)))
        second = asyncio.ensure_future(pipeline.process_item(_article(B)))
        await asyncio.sleep(0.05)
        with pytest.raises(DropItem, match=r"^duplicate_url"):
            await pipeline.process_item(_article(A))  # at once, though the group is open
        assert not first.done() and not second.done() and _seen(path) == set()
        assert pipeline.accepted == {A, B}, "the spider counts them as this run's already"
        assert (await pipeline.process_item(_article(C))).url == C  # the 4th check commits
        assert [item.url for item in await asyncio.gather(first, second)] == [A, B]
        assert _seen(path) == {A, B, C}

    try:
        asyncio.run(crawl())
    finally:
        pipeline.close_spider()
    assert crawler.stats.get_value("pressbot/dropped/duplicate_url") == 1


@pytest.mark.parametrize(
    "settings", [{"PRESSBOT_DEDUP_BATCH": "1"}, {"PRESSBOT_DEDUP_BATCH_MS": "0"}]
)
def test_batch_one_or_zero_ms_commits_every_record_at_once(
    tmp_path: Path, settings: dict[str, str]
) -> None:
    pipeline, _ = _pipeline(tmp_path, **settings)
    try:
        item = asyncio.run(pipeline.process_item(_article(A)))
        assert item.url == A and _seen(tmp_path / "state.sqlite3") == {A}
        assert pipeline.store.group is None  # type: ignore[attr-defined]
    finally:
        pipeline.close_spider()


# Near keys from the extraction worker.


def _listing_page() -> bytes:
    return (site_root("listing") / LISTING_ARTICLE).read_bytes()


def test_worker_keys_equal_the_pipelines_and_the_record_is_unchanged() -> None:
    url = f"http://127.0.0.1:8000/{LISTING_ARTICLE}"
    article, _ = extract_page(_listing_page(), url, "text/html; charset=utf-8", None, min_tokens=20)
    shipped = pickle.loads(pickle.dumps(article))  # as it comes back from a worker process
    keys = near_keys(shipped.body, shipped.simhash, 20)
    assert keys.signature is not None
    assert near_keys_for(shipped, 20) == keys
    assert near_keys_for(shipped, 20) is near_keys_for(shipped, 20), "used, not recomputed"
    plain = extract(_listing_page(), url, headers={"Content-Type": "text/html; charset=utf-8"})
    assert shipped == plain and repr(shipped) == repr(plain)
    assert shipped.to_dict() == plain.to_dict() == ItemAdapter(shipped).asdict()
    assert list(ItemAdapter(shipped).keys()) == Article.field_names()
    assert list(record_errors(shipped.to_dict())) == []


def test_stale_worker_keys_are_not_used() -> None:
    item = _article(A, "。".join(f"第{n}句话说了一些不同的事情" for n in range(30)))
    attached = attach_near_keys(item, 20)
    assert attached.signature is not None
    assert near_keys_for(item, 10_000) == near_keys(item.body, item.simhash, 10_000)
    item.body = item.body.replace("第1句", "第一句")  # an earlier pipeline changed the body
    assert near_keys_for(item, 20) == near_keys(item.body, item.simhash, 20) != attached
    attach_near_keys(item, 20)
    item.simhash = "0" * 16
    assert near_keys_for(item, 20) == near_keys(item.body, "0" * 16, 20)
    renormalised = normalize_article(item)  # a new but equal body string: the keys still hold
    assert near_keys_for(renormalised, 20) == near_keys(item.body, "0" * 16, 20)


def test_the_pool_reads_min_tokens_and_ships_the_keys_from_its_worker() -> None:
    crawler = get_crawler(settings_dict={"PRESSBOT_SIMHASH_MIN_TOKENS": "20"})
    pool = ExtractionPool(1, crawler)
    url = f"http://127.0.0.1:8000/{LISTING_ARTICLE}"

    async def run() -> Article:
        article, _ = await pool.extract(_listing_page(), url, None, None)
        return article

    try:
        article = asyncio.run(run())
    finally:
        pool.close()
    assert pool.workers == 1
    attached = article._pressbot_near_keys  # type: ignore[attr-defined]
    assert attached.min_tokens == 20
    assert attached.keys == near_keys(article.body, article.simhash, 20)


# Crawls.


def _command(tmp_path: Path, site: str, base: str, settings: dict[str, str]) -> list[str]:
    all_settings = {
        "PRESSBOT_OUTPUT_DIR": str(tmp_path / "output"),
        "PRESSBOT_STATE_PATH": str(tmp_path / "state.sqlite3"),
        "PRESSBOT_STATS_PATH": str(tmp_path / "stats.json"),
        "AUTOTHROTTLE_ENABLED": "False",
        **settings,
    }
    return crawl_command([f"site={site}", f"base_url={base}"], all_settings)


def _wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


def _part_urls(output: Path) -> list[str]:
    return [
        json.loads(line)["canonical_url"]
        for part in output.rglob("*.jsonl.part")
        for line in part.read_bytes().splitlines()
    ]


def test_a_crawl_publishes_a_record_only_after_its_keys_are_committed(tmp_path: Path) -> None:
    """The listing site, one request at a time; the last article is held back, so the crawl
    sits idle with four records checked. A long group window (1.5 s): a record written to the
    feed before its COMMIT would be seen in the `.part` file without its keys in the state;
    the idle crawl must commit by the timer and free the write lock."""
    release = threading.Event()
    extra = {HELD: [file_reply("listing", HELD, delay=CRAWL_TIMEOUT, release=release), None]}
    log = RequestLog()
    settings = {
        **FAST,
        "CONCURRENT_REQUESTS": "1",
        "PRESSBOT_EXTRACT_WORKERS": "0",  # see tests/test_resume.py
        "PRESSBOT_DEDUP_BATCH": "1000",
        "PRESSBOT_DEDUP_BATCH_MS": "1500",
    }
    state = tmp_path / "state.sqlite3"
    crawl_log = tmp_path / "crawl.log"
    try:
        with (
            serve_directory(site_root("listing"), extra=extra, log=log) as base,
            crawl_log.open("wb") as out,
        ):
            command = _command(tmp_path, "listing", base, settings)
            process = subprocess.Popen(command, cwd=REPO, env=crawl_env(), stdout=out, stderr=out)
            try:
                _wait_for(lambda: log.count(HELD) == 1, 60, f"the crawl to ask for {HELD}")
                deadline = time.monotonic() + 20
                while len(published := _part_urls(tmp_path / "output")) < 4:
                    assert set(published) <= _seen(state), "published before committed"
                    assert process.poll() is None, crawl_log.read_text()[-3000:]
                    assert time.monotonic() < deadline, "the idle crawl never committed"
                    time.sleep(0.02)
                assert set(published) <= _seen(state)
                assert _write_lock_free(state), "the idle crawl keeps the write lock"
                release.set()
                process.wait(timeout=CRAWL_TIMEOUT)
            finally:
                if process.poll() is None:
                    process.kill()
                    process.wait()
    finally:
        release.set()
    assert process.returncode == 0, crawl_log.read_text()[-3000:]
    stats = json.loads((tmp_path / "stats.json").read_text(encoding="utf-8"))
    assert stats["pressbot/published"] == 5


FILE_LIMIT = 40 * 1024
"""Above the state's `-shm` file (32 KiB) and a one-record WAL, below the WAL of a group of
the demo's eleven records: that COMMIT fails (EFBIG, as a full disk fails with ENOSPC)."""


def _limit_file_size() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_LIMIT, FILE_LIMIT))


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX resource limits")
@pytest.mark.parametrize("verdict", ["True", "False"])
def test_a_failed_group_commit_drops_its_records_and_fails_the_crawl(
    tmp_path: Path, verdict: str
) -> None:
    """Every record waiting on the failed COMMIT is dropped as `dedup_state_error`; none of
    them is published; the crawl exits with status 3, the run did not finish (also with the
    health verdict off: it was 1, the status of a crawl that could not start), and the state
    holds none of their keys."""
    state = tmp_path / "state.sqlite3"
    SQLiteDedupStore(state).close()  # the schema, written without the limit
    settings = {
        "PRESSBOT_DEDUP_BATCH": "1000",
        "PRESSBOT_DEDUP_BATCH_MS": "3000",
        "PRESSBOT_HEALTH_ENABLED": verdict,
    }
    with serve_directory(DEMO / "site") as base:
        done = subprocess.run(
            _command(tmp_path, "demo", base, settings),
            cwd=REPO,
            env=crawl_env(),
            capture_output=True,
            text=True,
            timeout=CRAWL_TIMEOUT,
            check=False,
            preexec_fn=_limit_file_size,
        )
    output = done.stdout + done.stderr
    assert done.returncode == 3, output[-3000:]
    assert "The crawl cannot start" not in output, output[-3000:]
    stats = json.loads((tmp_path / "stats.json").read_text(encoding="utf-8"))
    assert stats["pressbot/failed"] == "dedup_state_error"
    assert stats.get("pressbot/health/exit_status") == (3 if verdict == "True" else None)
    assert "dedup state commit failed" in output
    assert stats["pressbot/dropped/dedup_state_error"] == 11, "the demo's eleven new records"
    assert "pressbot/published" not in stats
    assert not list((tmp_path / "output").rglob("*.jsonl"))
    assert _seen(state) == set()


def test_a_second_store_in_the_process_leaves_the_first_ones_locks(tmp_path: Path) -> None:
    """The crawl opens a second store on the file (feed recovery) while the pipeline's is open.
    Closing a descriptor drops all of a process's POSIX locks on the file; had opening the second
    store done so, another process closing the file would delete the WAL the first store still
    commits to, and those commits would be lost."""
    path = tmp_path / "state.sqlite3"
    with SQLiteDedupStore(path) as store:
        store.check_and_add(A, "1" * 64, A)
        SQLiteDedupStore(path).close()
        subprocess.run(
            [sys.executable, "-c", f"import sqlite3; sqlite3.connect({str(path)!r}).close()"],
            check=True,
        )
        assert Path(f"{path}-wal").exists()
        store.check_and_add(B, "2" * 64, B)
        assert _seen(path) == {A, B}


def test_group_commit_works_under_a_plain_twisted_reactor(
    crawl: CrawlRunner, demo_base_url: str
) -> None:
    """Without asyncio the timer is the reactor's and records await Deferreds: the demo crawl
    publishes its eleven records, each with its keys committed."""
    reactor = {"TWISTED_REACTOR": "twisted.internet.epollreactor.EPollReactor"}
    if sys.platform != "linux":
        reactor["TWISTED_REACTOR"] = "twisted.internet.selectreactor.SelectReactor"
    result = crawl("site=demo", f"base_url={demo_base_url}", settings=reactor)
    assert result.returncode == 0, result.describe()
    assert "worker processes need Scrapy's asyncio reactor" in result.log  # it is not asyncio's
    assert result.stats["pressbot/published"] == 11
    assert len(result.records()) == 11
    assert _seen(result.state_path) == {r["canonical_url"] for r in result.records()}


def test_the_last_records_commit_without_waiting_for_the_timer(
    crawl: CrawlRunner, demo_base_url: str
) -> None:
    """A group window of ten minutes: once nothing is being fetched and every page the crawl
    holds waits for the open group, no record can join it any more, and it commits then. The
    crawl ends with the demo's eleven records well before the timer would have fired (it hung
    until then, beyond this test's timeout)."""
    settings = {"PRESSBOT_DEDUP_BATCH": "1000", "PRESSBOT_DEDUP_BATCH_MS": "600000"}
    result = crawl("site=demo", f"base_url={demo_base_url}", settings=settings)
    assert result.returncode == 0, result.describe()
    assert result.stats["pressbot/published"] == 11
    assert _seen(result.state_path) == {r["canonical_url"] for r in result.records()}
