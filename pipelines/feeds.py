"""Publishing: feed file names per run, a storage that makes a file visible only when complete,
and the manifest that announces each finished file.

A consumer polling the output folder must never read half a file, and a crash must never leave a
torn line in a published file. So the feed is written to `<final>.part`, and on close it is
flushed, fsynced and renamed (`os.replace`, atomic on POSIX) to its final name, then announced
in `<PRESSBOT_OUTPUT_DIR>/manifest.ndjson` (see `pressbot.manifest`). Run ids are unique (UTC
start time plus pid), so a final name is never reused and the storage always writes a fresh file.

A killed crawl leaves only the `.part` file behind. Every record is written to it with one
unbuffered `write()`, so the file holds every record the killed run accepted (those records are
already in the dedup state), and it stays locked (`flock`) while its crawl lives. The next crawl
of the site (`FeedRecovery`, at spider open) salvages unlocked `.part` files: complete, valid
lines are published under the final name and announced; a torn last line is dropped. Crawls of
a site recover one at a time (`recovery_lock`).
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import deferred_from_coro

from pipelines.dedup import DedupPipeline
from pressbot.dedup.keys import near_keys
from pressbot.dedup.sqlite import SQLiteDedupStore
from pressbot.dedup.store import DedupStoreError
from pressbot.lifeline import running_pid
from pressbot.manifest import (
    FEED_SUFFIX,
    PART_SUFFIX,
    Recovery,
    fsync_dir,
    publish,
    published_urls,
    recover_site,
    recovery_lock,
    try_lock,
)
from pressbot.plan import SettingError
from pressbot.setting import flag, output_folder

logger = logging.getLogger(__name__)

_RUN_ID = re.compile(r"^(\d{4})(\d{2})(\d{2})T\d{6}Z")
FEED_WRITE_ERROR = "feed_write_error"
"""The reason the crawl closes with when its feed cannot be written."""


class FeedNotPublished(OSError):
    """`store`'s answer for a feed whose writing failed, after its own lines said why: Scrapy
    then counts the feed as failed, not stored."""


class _NoTracebackForUnpublished(logging.Filter):
    """Scrapy logs a failed store with its traceback ("Error storing ... feed"): for a feed that
    could not be written (a full disk, an expected fault) the error line is enough."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], FeedNotPublished):
            record.exc_info = record.exc_text = None
        return True


logging.getLogger("scrapy.extensions.feedexport").addFilter(_NoTracebackForUnpublished())

__all__ = ["PART_SUFFIX", "AtomicFileFeedStorage", "FeedRecovery", "new_run_id", "run_date"]


def new_run_id(now: datetime | None = None, pid: int | None = None) -> str:
    """UTC start time plus pid: sortable, and unique for runs started in the same second.

    >>> new_run_id(datetime(2026, 11, 29, 7, 36, 59, tzinfo=UTC), 4242)
    '20261129T073659Z-4242'
    """
    now = now or datetime.now(UTC)
    return f"{now.astimezone(UTC):%Y%m%dT%H%M%SZ}-{os.getpid() if pid is None else pid}"


def run_date(run_id: str) -> str:
    """The UTC date a run started, as the feed folder name.

    >>> run_date("20261129T073659Z-4242")
    '2026-11-29'
    """
    match = _RUN_ID.match(run_id)
    if not match:
        raise ValueError(f"not a run id: {run_id!r}")
    return "-".join(match.groups())


def output_dir(spider: Any) -> Path:
    return output_folder(spider.crawler.settings)


def check_writable(folder: Path) -> None:
    """Stop a crawl before its first record when its feeds cannot be written in `folder` (a
    file there, a read-only disk): each record it accepted would be in the dedup state, never
    fetched again, and in no feed."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder, prefix=".pressbot-check-"):
            pass
    except OSError as exc:
        raise SettingError(
            f"PRESSBOT_OUTPUT_DIR {folder}: feeds cannot be written there ({exc.strerror or exc})"
        ) from exc


def uri_params(params: dict[str, Any], spider: Any) -> dict[str, Any]:
    """FEED_URI_PARAMS: add `output_dir`, `site`, `date` and `run` to the feed URI template.

    The spider owns the run id (`spider.run_id`), so every feed and log line of one run agree;
    a spider without one gets a fresh id.
    """
    run = getattr(spider, "run_id", None) or new_run_id()
    return {
        **params,
        "output_dir": str(output_dir(spider)),
        "site": getattr(spider, "feed_site", None) or spider.name,
        "date": run_date(run),
        "run": run,
    }


def _uri_to_path(uri: str) -> Path:
    if uri.startswith("file:"):
        from w3lib.url import file_uri_to_path  # noqa: PLC0415 - only file: URIs need it

        return Path(file_uri_to_path(uri))
    return Path(uri)


class _RecordFile(io.FileIO):
    """Unbuffered: each exported record reaches the OS in one complete `write()`, so a killed
    process leaves whole lines (and at worst one torn last line) in the `.part` file.

    The first write that fails (disk full, file size limit) is undone (the file is cut back to the
    end of the last complete record) and reported to `on_failure`; from then on the file holds
    only complete records, and that record and every later one are handed to `on_unwritten`
    instead of being written. Nothing is raised: the exporter runs in Scrapy's `item_scraped`
    signal, which would log the same error with a traceback for every record until the crawl
    has closed.
    """

    on_failure: Callable[[OSError], None] | None = None
    on_unwritten: Callable[[bytes], None] | None = None
    failed: OSError | None = None
    records = 0

    def write(self, data: Any) -> int:
        view = memoryview(data).cast("B")
        if self.failed is None:
            start = self.tell()
            try:
                done = 0
                while done < len(view):
                    done += super().write(view[done:]) or 0
            except OSError as exc:
                self.failed = exc
                with contextlib.suppress(OSError):
                    os.ftruncate(self.fileno(), start)
                    self.seek(start)
                if self.on_failure is not None:
                    self.on_failure(exc)
            else:
                self.records += 1
                return done
        if self.on_unwritten is not None:
            self.on_unwritten(bytes(view))
        return 0


class AtomicFileFeedStorage:
    """FEED_STORAGES for "" and "file": write `<path>.part`, fsync and rename it on close."""

    def __init__(self, uri: str, *, feed_options: dict[str, Any] | None = None) -> None:
        # Scrapy builds one storage from the URI template to check it is supported: touch nothing.
        self.path = _uri_to_path(uri)
        self.part_path = self.path.with_name(self.path.name + PART_SUFFIX)
        self.spider: Spider | None = None
        # As Scrapy's FileFeedStorage: `-o` appends, `-O` (overwrite) replaces.
        self.append = not (feed_options or {}).get("overwrite", False)

    def open(self, spider: Any) -> _RecordFile:
        """Create the `.part` file already locked: it appears under its name (by rename) only
        once locked, so a recovering crawl never mistakes it for an orphan. To append, the
        `.part` starts as a copy of the final file, so that file still changes only by the
        rename of a complete one."""
        self.spider = spider
        self.part_path.parent.mkdir(parents=True, exist_ok=True)
        fresh = self.part_path.with_name(self.part_path.name + ".new")
        if self.append and self.path.exists():
            shutil.copyfile(self.path, fresh)
            file = _RecordFile(fresh, "a+")
            if file.tell() and os.pread(file.fileno(), 1, file.tell() - 1) != b"\n":
                os.write(file.fileno(), b"\n")  # a torn last line stays one line of its own
        else:
            file = _RecordFile(fresh, "w")
        file.on_failure = self._feed_failed
        file.on_unwritten = self._record_unwritten
        try_lock(file.fileno())
        os.replace(fresh, self.part_path)
        return file

    def _feed_failed(self, exc: OSError) -> None:
        """The feed cannot be written (disk full): say so once and close the crawl. It did not
        finish, so `scrapy crawl` exits with status 3 (`pipelines.health`), and the `.part`
        keeps its complete records for the next run to salvage."""
        logger.error(
            "%s: cannot write the feed (%s); closing the crawl (%s): the records not written "
            "are fetched again by the next run",
            self.part_path,
            exc,
            FEED_WRITE_ERROR,
        )
        crawler = getattr(self.spider, "crawler", None)
        if crawler is not None and crawler.engine.spider is not None:
            deferred_from_coro(crawler.engine.close_spider_async(reason=FEED_WRITE_ERROR))

    def _record_unwritten(self, line: bytes) -> None:
        """A record that did not reach the feed: forget its dedup keys (and, in a distributed
        crawl, its request fingerprint), so the next run fetches and publishes it again."""
        crawler = getattr(self.spider, "crawler", None)
        if crawler is None:
            return
        crawler.stats.inc_value("pressbot/feed/unwritten")
        try:
            record = json.loads(line)
        except ValueError:
            return
        url = record.get("url") if isinstance(record, dict) else None
        if not url:
            return
        logger.debug("Not written: %s (the feed failed; the next run fetches it again)", url)
        forget_url = getattr(getattr(crawler.engine, "scheduler", None), "forget_url", None)
        if callable(forget_url):
            forget_url(url)
        pipeline = crawler.get_item_pipeline(DedupPipeline)
        forget = getattr(getattr(pipeline, "store", None), "forget", None)
        if not callable(forget):
            return
        # the SimHash the check indexed: the story's (`near_keys`), not always the record's
        body, simhash = record.get("body"), record.get("simhash")
        if isinstance(body, str) and isinstance(simhash, str):
            simhash = near_keys(body, simhash, pipeline.min_tokens).simhash
        try:
            forget(record.get("canonical_url"), record.get("content_hash"), url, simhash)
        except DedupStoreError as error:
            logger.error("Not written and not forgotten: %s (%s)", url, error)

    def store(self, file: Any) -> None:
        """Make the finished file visible under its final name, durable before it is visible,
        and announce it in the manifest (when the storage belongs to a crawl).

        A file whose writing failed is not published: its `.part` (complete records only) is
        left for the next run of the site to salvage (`FeedRecovery`)."""
        failed = getattr(file, "failed", None)
        if failed is not None:
            logger.warning(
                "Feed %s not published: its %d complete record(s) are left in %s for the next "
                "run to salvage",
                self.path,
                file.records,
                self.part_path,
            )
            with contextlib.suppress(OSError):
                os.fsync(file.fileno())
            file.close()
            # Scrapy then reports the feed as failed, not as stored.
            raise FeedNotPublished(failed.errno, failed.strerror, str(self.part_path))
        file.flush()
        os.fsync(file.fileno())
        try:
            # Renamed while still locked: a recovering crawl never sees a complete, unlocked
            # `.part` of a run that is about to publish it.
            if (announced := self._announced_in()) is not None:
                publish(self.part_path, self.path, *announced)
            else:
                os.replace(self.part_path, self.path)
                fsync_dir(self.path.parent)
        finally:
            file.close()

    def _announced_in(self) -> tuple[Path, str] | None:
        """The output folder and site of the crawl's own feed
        (`<PRESSBOT_OUTPUT_DIR>/<site>/<date>/<site>-<run>.jsonl`), which the manifest
        announces. Another feed (a `-o` of the command line, in the site's folder or not) is
        only renamed into place: its records are the crawl feed's too, and a reader of the
        manifest would have taken them twice."""
        spider = self.spider
        if spider is None or getattr(spider, "crawler", None) is None:
            return None
        site, run = getattr(spider, "feed_site", None), getattr(spider, "run_id", None)
        if not site or not run:
            return None
        output = output_dir(spider)
        own = output / site / run_date(run) / f"{site}-{run}{FEED_SUFFIX}"
        return (output, site) if self.path.resolve() == own.resolve() else None


class FeedRecovery:
    """At spider open: salvage the `.part` feeds of killed runs of this site and announce final
    feeds missing from the manifest (see `pressbot.manifest.recover_site`). Built at the
    crawl's start, it first checks that feeds can be written at all (`check_writable`)."""

    crawler: Crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        check_writable(output_folder(crawler.settings))
        if not flag(crawler.settings, "PRESSBOT_RECOVER_FEEDS", True):
            raise NotConfigured
        extension = cls()
        extension.crawler = crawler
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        site = getattr(spider, "feed_site", None)
        if not site:
            return
        output = output_dir(spider)
        with recovery_lock(output, site):
            try:
                recovery = recover_site(output, site)
            except OSError as exc:
                # (a full disk) Nothing is forgotten: the killed runs' records wait in their
                # `.part` for the next run, which salvages them and forgets the rest.
                why = f"[Errno {exc.errno}] {exc.strerror}" if exc.errno else str(exc)
                logger.error(
                    "%s: cannot salvage the feeds of %s's killed runs (%s); the next run tries "
                    "again",
                    exc.filename or output / site,
                    site,
                    why,
                )
                return
            forgotten = self._forget_unpublished(
                site, getattr(spider, "run_id", ""), recovery, output
            )
        stats = self.crawler.stats
        if forgotten:
            stats.set_value("pressbot/salvaged/forgotten_keys", forgotten)
        if recovery.salvaged_files:
            stats.set_value("pressbot/salvaged/files", len(recovery.salvaged_files))
            stats.set_value("pressbot/salvaged/records", recovery.salvaged_records)
        if recovery.dropped_lines:
            stats.set_value("pressbot/salvaged/dropped_lines", recovery.dropped_lines)
        if recovery.late_announced:
            stats.set_value("pressbot/manifest/late_announced", len(recovery.late_announced))

    def _forget_unpublished(self, site: str, run_id: str, recovery: Recovery, output: Path) -> int:
        """Killed runs' dedup keys whose records never reached a feed are forgotten, so this
        run fetches and publishes them (the SQLite state; Redis keeps no per-run keys). A run of
        the site that is still running (its pid, or a lock on its `.part` where the pid is not
        to be seen, as from another container) is no killed one: its keys stay. Records in any
        published feed of those runs count as reached, not only the ones salvaged now: a run
        killed after salvaging them, or after its own feed's rename, left their keys
        forgettable."""
        settings = self.crawler.settings
        if settings.get("PRESSBOT_REDIS_URL"):
            return 0
        path = settings.get("PRESSBOT_STATE_PATH") or "state/pressbot.sqlite3"
        if not Path(path).exists():
            return 0
        with SQLiteDedupStore(path) as store:
            unfinished = store.unfinished_runs(site, run_id)
            live = {run: pid for run in unfinished if (pid := running_pid(run)) is not None}
            for run, pid in sorted(live.items()):
                logger.warning(
                    "Run %s of %s is still running (pid %s): its records are its own to write; "
                    "both runs fetch the same pages, and each record is published once",
                    run,
                    site,
                    pid,
                )
            writing = {r: part for r, part in recovery.writing.items() if r in unfinished}
            for run, part in sorted(writing.items()):
                if run not in live:
                    logger.warning(
                        "Run %s of %s is still writing %s: its records are its own to write",
                        run,
                        site,
                        part,
                    )
            spared = live.keys() | writing.keys()
            published = published_urls(output, site, unfinished - spared)
            forgotten = store.forget_unfinished(
                site, run_id, recovery.salvaged_urls | published, live=spared
            )
        if forgotten:
            logger.warning(
                "Forgot %d record(s) a killed run of %s accepted but never wrote: "
                "they will be fetched again",
                forgotten,
                site,
            )
        return forgotten
