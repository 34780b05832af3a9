"""Last pipeline: drop what an earlier record (this run, an earlier run, another process) published.

A thin adapter over a `pressbot.dedup` store; first seen wins. The store is SQLite
(`PRESSBOT_STATE_PATH`) unless `PRESSBOT_REDIS_URL` names a Redis server shared with other crawl
processes. It is opened while the crawler is built, so a corrupt or unreadable file or an
unreachable Redis stops the run before the spider opens or anything is fetched, with an error
naming it and a non-zero exit status from `scrapy crawl` (NotConfigured would silently publish
duplicates instead). If the store fails mid-crawl, nothing more is published and the crawl stops
with exit status 3, the run did not finish (`pipelines.failure.fail_crawl`).

Durability: a record is passed on to the feed only once its keys are committed. With SQLite the
check runs at once, inside a write transaction that several records share (group commit: one
COMMIT costs about as much as the rest of a record's check); the record then waits until that
transaction commits, which it does when it holds `PRESSBOT_DEDUP_BATCH` checks, or
`PRESSBOT_DEDUP_BATCH_MS` after its first check (a timer, so an idle crawl never keeps the write
lock other crawl processes sharing the file wait for), or at once when nothing else is in
flight (no download, and every page the crawl holds is one whose record waits for it: the last
records of a crawl), or when the spider closes. If the COMMIT fails, the group is rolled back
and every record waiting on it is dropped as `dedup_state_error`. A duplicate is dropped at
once. `PRESSBOT_DEDUP_BATCH` = 1 or `PRESSBOT_DEDUP_BATCH_MS` = 0 commits every record on its
own; Redis checks are atomic and immediate either way.

Near-duplicates are checked only for bodies of at least `PRESSBOT_SIMHASH_MIN_TOKENS` tokens (the
fingerprint of a very short text says too little to call another text a copy of it), in two
stages: SimHash within `PRESSBOT_SIMHASH_DISTANCE` bits, then MinHash signatures with an
estimated Jaccard similarity of at least `PRESSBOT_NEAR_JACCARD` (copies with a dropped paragraph
and edited words, which SimHash alone misses). The keys usually come computed from the
extraction worker (`spiders.extraction`).
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import NoReturn, Self

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector
from scrapy.utils.asyncio import CallLaterResult, call_later
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred

from pipelines import drop
from pipelines.failure import fail_crawl
from pressbot.dedup import MIN_NEAR_TOKENS, near_keys_for, url_key
from pressbot.dedup.sqlite import SQLiteDedupStore, WriteGroup
from pressbot.dedup.store import DEFAULT_DISTANCE, DEFAULT_JACCARD, DedupStore, DedupStoreError
from pressbot.health import LAST_RUN
from pressbot.items import Article
from pressbot.manifest import site_feeds
from pressbot.setting import integer, number, output_folder

logger = logging.getLogger(__name__)

DEFAULT_BATCH = 50
DEFAULT_BATCH_MS = 100.0
_SETTLED_POLL = 0.01
"""Seconds between two looks whether an open group's deadline has come or its crawl settled."""


class DedupPipeline:
    crawler: Crawler

    def __init__(
        self,
        store: DedupStore,
        stats: StatsCollector,
        min_tokens: int = MIN_NEAR_TOKENS,
        batch_ms: float = DEFAULT_BATCH_MS,
    ) -> None:
        self.store = store
        self.stats = stats
        self.min_tokens = min_tokens
        self.batch_ms = batch_ms
        self.accepted: set[str] = set()
        """Canonical URLs of this run's new records, from their check on (see `_is_known` of
        `spiders.press`): committed or not, written to the feed or not yet."""
        self._timer: tuple[WriteGroup, CallLaterResult] | None = None
        self._waiting = 0
        """Records waiting for a group commit."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        distance = integer(settings, "PRESSBOT_SIMHASH_DISTANCE", DEFAULT_DISTANCE, high=31)
        jaccard = number(settings, "PRESSBOT_NEAR_JACCARD", DEFAULT_JACCARD, above=0, high=1)
        redis_url = settings.get("PRESSBOT_REDIS_URL")
        batch_ms = number(settings, "PRESSBOT_DEDUP_BATCH_MS", DEFAULT_BATCH_MS, low=0)
        store: DedupStore
        if redis_url:
            from pressbot.dedup.redis import RedisDedupStore  # noqa: PLC0415 - optional extra

            prefix = settings.get("PRESSBOT_REDIS_PREFIX") or "pressbot"
            redis_store = RedisDedupStore(
                redis_url, prefix=f"{prefix}:dedup", distance=distance, jaccard=jaccard
            )
            try:
                new = redis_store.url_count() == 0
            except DedupStoreError:
                redis_store.close()
                raise
            state = f"{redis_store.url} (keys {redis_store.prefix}:*)"
            remedy = (
                "check that PRESSBOT_REDIS_URL (host, port, database number) and "
                "PRESSBOT_REDIS_PREFIX are those of the earlier runs, and whether that Redis "
                "lost its data (a restart without persistence, a FLUSHDB)"
            )
            store = redis_store
        else:
            path = Path(settings.get("PRESSBOT_STATE_PATH") or "state/pressbot.sqlite3")
            batch = integer(settings, "PRESSBOT_DEDUP_BATCH", DEFAULT_BATCH)
            new = not path.exists()
            state = str(path)
            remedy = (
                "point PRESSBOT_STATE_PATH at the old state, or rebuild it from the feeds: "
                f"pressbot state repair --state {path} --from {output_folder(settings)}"
            )
            if new:  # (said before the file is made: a failure to make it is said after)
                _warn_if_site_ran_before(crawler, state, remedy)
            store = SQLiteDedupStore(
                path,
                distance=distance,
                jaccard=jaccard,
                group_size=batch if batch_ms > 0 else 1,
            )
        try:
            if redis_url and new:
                _warn_if_site_ran_before(crawler, state, remedy)
            elif not new:
                _warn_if_state_forgot_last_feed(crawler, store, state, remedy)
        except DedupStoreError:
            store.close()
            raise
        min_tokens = integer(settings, "PRESSBOT_SIMHASH_MIN_TOKENS", MIN_NEAR_TOKENS)
        pipeline = cls(store, crawler.stats, min_tokens, batch_ms)
        pipeline.crawler = crawler
        return pipeline

    def close_spider(self) -> None:
        # Every accepted record has been written to the feed by now (item_scraped precedes
        # close): the run's keys no longer need to be forgettable. An open group holds only
        # duplicates' log rows here (records wait for their group before the spider can close).
        self._commit()
        spider = getattr(self.crawler, "spider", None)
        site, run_id = getattr(spider, "feed_site", None), getattr(spider, "run_id", None)
        if site and run_id and isinstance(self.store, SQLiteDedupStore):
            try:
                self.store.finish_run(site, run_id)
            except DedupStoreError as exc:
                self.crawler.stats.set_value("pressbot/dedup/finish_run_error", str(exc))
        self.store.close()

    async def process_item(self, item: Article) -> Article:
        url = item.url or ""
        key = url_key(item.canonical_url, url)
        near = near_keys_for(item, self.min_tokens)
        spider = getattr(self.crawler, "spider", None)
        try:
            found = self.store.check_and_add(
                key,
                item.content_hash,
                url,
                near.simhash,
                signature=near.signature,
                run_id=getattr(spider, "run_id", None),
                site=getattr(spider, "feed_site", None),
            )
        except DedupStoreError as exc:
            self._failed(item, exc)
        group = self._open_group()
        if found is not None:
            reason, first_url = found
            drop(self.stats, reason, item.url, f"first seen at {first_url}")
        if key:
            self.accepted.add(key)
        if group is not None:
            committed = self._committed(group)
            self._waiting += 1
            try:
                self._commit_if_due(group)
                error = await maybe_deferred_to_future(committed)
            finally:
                self._waiting -= 1
            if error is not None:
                self._failed(item, error)
        return item

    def _settled(self) -> bool:
        """No download runs, and every response the scraper holds is one whose record waits
        for a group commit: no record can join the open group before something new is fetched,
        so waiting for its deadline would only hold them back (at the end of every crawl, by up
        to `batch_ms`, and after each page of a crawl slow enough to fetch one at a time)."""
        try:
            engine = self.crawler.engine
        except RuntimeError:  # no crawl running (the pipeline on its own)
            return False
        slot = getattr(getattr(engine, "scraper", None), "slot", None)
        downloads = getattr(getattr(engine, "downloader", None), "active", None)
        queued, held = getattr(slot, "queue", None), getattr(slot, "active", None)
        if downloads is None or queued is None or held is None:  # (another Scrapy's insides)
            return False
        return not downloads and not queued and len(held) <= self._waiting

    def _failed(self, item: Article, exc: DedupStoreError) -> NoReturn:
        fail_crawl(self.crawler, "dedup_state_error", str(exc))
        drop(self.stats, "dedup_state_error", item.url, str(exc), level="ERROR")

    def _open_group(self) -> WriteGroup | None:
        """The store's open write group (SQLite only). A group's first check sets its deadline,
        `batch_ms` later, and starts the timer that looks every `_SETTLED_POLL` whether it is
        due (`_commit_if_due`); the timer of the group before, done by now, goes."""
        group = getattr(self.store, "group", None)
        if group is None or (self._timer is not None and self._timer[0] is group):
            return group
        if self._timer is not None:
            self._timer[1].cancel()
        deadline = time.monotonic() + self.batch_ms / 1000
        self._timer = (group, call_later(_SETTLED_POLL, self._tick, group, deadline))
        return group

    def _tick(self, group: WriteGroup, deadline: float) -> None:
        """While `group` is open: commit it when it is due, else look again shortly."""
        if self._timer is None or self._timer[0] is not group:
            return
        if not self._commit_if_due(group, deadline):
            wait = min(_SETTLED_POLL, max(0.0, deadline - time.monotonic()))
            self._timer = (group, call_later(wait, self._tick, group, deadline))

    def _commit_if_due(self, group: WriteGroup, deadline: float | None = None) -> bool:
        """Commit the open `group` when its `deadline` has passed or nothing else is in flight;
        whether the group is done with (committed now, or before)."""
        if getattr(self.store, "group", None) is not group:
            return True
        if (deadline is None or time.monotonic() < deadline) and not self._settled():
            return False
        self._commit()
        return True

    def _commit(self) -> None:
        """Commit the open group, if any; a failure stops the crawl (its waiters drop)."""
        if self._timer is not None:
            self._timer[1].cancel()
            self._timer = None
        if not isinstance(self.store, SQLiteDedupStore):
            return
        try:
            self.store.commit()
        except DedupStoreError as exc:
            fail_crawl(self.crawler, "dedup_state_error", str(exc))

    @staticmethod
    def _committed(group: WriteGroup) -> Deferred[DedupStoreError | None]:
        """Fires with the group's outcome: None when it committed, else the error."""
        done: Deferred[DedupStoreError | None] = Deferred()
        group.when_done(done.callback)
        return done


def _warn_if_state_forgot_last_feed(
    crawler: Crawler, store: DedupStore, state: str, remedy: str
) -> None:
    """A state that holds records, but not those of the site's latest feed: a state path that
    points at another site's state or at an old copy, a Redis database of another crawl. Every
    article the state does not know is published again; said once, loudly, naming a record of
    that feed and what to check (`remedy`). A new, empty state is `_warn_if_site_ran_before`'s.
    """
    site = getattr(crawler.spider, "feed_site", None)
    known_url = getattr(store, "known_url", None)
    if not site or known_url is None:
        return
    feeds = site_feeds(output_folder(crawler.settings) / site, site)
    if not feeds:
        return
    try:
        with feeds[-1].open("rb") as handle:
            record = json.loads(handle.readline())
        url = str(record.get("url") or "")
        key = url_key(record.get("canonical_url"), url)
    except (OSError, ValueError, AttributeError):
        return  # an unreadable feed is the feed recovery's to report, not this check's
    if not key or known_url(key):
        return
    crawler.stats.set_value("pressbot/dedup/state_forgot_last_feed", 1)
    logger.warning(
        "Dedup state %s does not know %s, published in %s's latest feed %s: every article it "
        "does not know counts as new and is published again. If that is not meant, stop and %s",
        state,
        url,
        site,
        feeds[-1],
        remedy,
    )


def _warn_if_site_ran_before(crawler: Crawler, state: str, remedy: str) -> None:
    """A new state for a site that has run before: a deleted state file, or a state path that
    points elsewhere than last time (a relative one from another folder, say); in Redis, a
    store that holds no published URL (another database number or prefix, a Redis that lost
    its data). Every article counts as new then and is published again, which may be meant;
    said once, loudly, with what to check (`remedy`)."""
    site = getattr(crawler.spider, "feed_site", None)
    output = output_folder(crawler.settings)
    if not site or not (output / site / LAST_RUN).exists():
        return
    crawler.stats.set_value("pressbot/dedup/new_state", 1)
    logger.warning(
        "Dedup state %s is new, but %s has run before (%s): every article found counts as new "
        "and is published again. If that is not meant, stop and %s",
        state,
        site,
        output / site / LAST_RUN,
        remedy,
    )
