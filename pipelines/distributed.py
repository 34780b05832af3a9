"""Crawling on several machines: scrapy-redis's frontier and the Redis dedup store, one setting.

`PRESSBOT_REDIS_URL` switches it on (the `pipelines.addons.DistributedCrawl` add-on): every
`scrapy crawl press -a site=NAME` started with the same URL, on any machine, then shares

- one frontier: scrapy-redis's queue and request fingerprints (its `RFPDupeFilter`), under
  `<PRESSBOT_REDIS_PREFIX>:crawl:<site>:*`, through `RedisScheduler`;
- one dedup state: `pressbot.dedup.redis.RedisDedupStore` (see `pipelines.dedup`).

scrapy-redis marks a request seen when it is queued, so a request popped by a process that then
dies, or that fails, would never be fetched again. So a pop moves the request atomically into
the popping worker's lease hash, and the lease ends only when the request is done: its response
went through the spider and every item it gave went through the pipelines, or the request led
to a retry or redirect that is queued in its place, or it failed for good (then it is recorded in
`<...>:failed` with the reason; its fingerprint stays seen while the process runs, as in
Scrapy's own duplicate filter, so a later listing does not send it there again, and is
forgotten as the process closes, so that a later run that resumes an unfinished frontier may).
Workers send heartbeats; the leases of a worker whose heartbeat stops go back to the queue.

A worker with nothing to do waits while any other worker holds a lease (it may queue more
work), and the crawl is over when the queue is empty and no lease is held: the last worker to
close clears the frontier, so the next scheduled run starts afresh (the dedup state stays).

Failures: an unreachable Redis at start-up, or one that may evict keys (`maxmemory` with a
`maxmemory-policy` other than `noeviction`), stops the crawl before anything is fetched (the
dedup store says which URL and why, exit status 1; the scheduler checks again as it opens, and
stops the crawl with reason `redis_unsuitable`, or `redis_restarted` if the server restarted
since the store opened, then with exit status 3 like any `fail_crawl`). Mid-crawl, the spider
closes and `scrapy crawl` exits with status 3, the run did not finish (`fail_crawl`), when
Redis is lost (reason `redis_unavailable`), full (`redis_full`: `maxmemory` reached under
`noeviction`) or restarted since the crawl began (`redis_restarted`: its `run_id` changed,
checked at every heartbeat; a Redis that came back empty is also refused by the dedup store's
next check, see `pressbot.dedup.redis`): the records already accepted are published (complete
lines only, as always), nothing more is.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Self

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.asyncio import create_looping_call

from pipelines.failure import fail_crawl
from pressbot.dedup.redis import (
    check_no_eviction,
    describe_failure,
    is_full,
    redact,
    server_run_id,
)
from pressbot.setting import number

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterable, Iterator

try:
    from redis import RedisError
    from scrapy_redis.dupefilter import RFPDupeFilter
    from scrapy_redis.queue import FifoQueue
    from scrapy_redis.scheduler import Scheduler as _RedisSchedulerBase
except ImportError:  # pragma: no cover - only without the `redis` extra
    _RedisSchedulerBase = object  # type: ignore[assignment,misc]
    RedisError = OSError  # type: ignore[assignment,misc]

logger = logging.getLogger(__name__)

LEASE = "pressbot_lease"
HEARTBEAT_SECONDS = 5.0
"""A worker whose heartbeat is 6 beats late is taken for dead (`PRESSBOT_REDIS_HEARTBEAT`)."""
_REDIS_ERRORS = (RedisError, OSError)

# KEYS: queue, lease hash, lease counter. Pop the oldest request into a numbered lease.
_POP = """
local data = redis.call('RPOP', KEYS[1])
if not data then return false end
local lease = redis.call('INCR', KEYS[3])
redis.call('HSET', KEYS[2], lease, data)
return {lease, data}
"""
# KEYS: seen set, queue, lease hash. ARGV: fingerprint ("" = unfiltered), request, lease ("").
# Seen, queued and the parent lease ended in one step: no window where a request is lost.
_PUSH = """
local pushed = 1
if ARGV[1] ~= '' and redis.call('SADD', KEYS[1], ARGV[1]) == 0 then
  pushed = 0
else
  redis.call('LPUSH', KEYS[2], ARGV[2])
end
if ARGV[3] ~= '' then redis.call('HDEL', KEYS[3], ARGV[3]) end
return pushed
"""
# KEYS: workers zset. ARGV: worker id, ttl. Refresh; return the workers whose heartbeat stopped.
_HEARTBEAT = """
local now = tonumber(redis.call('TIME')[1])
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
return redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now - 1)
"""
# KEYS: dead worker's lease hash, queue, workers. ARGV: dead worker id. Leased work goes back
# to the head of the queue.
_RECOVER = """
local requests = redis.call('HVALS', KEYS[1])
for _, data in ipairs(requests) do redis.call('RPUSH', KEYS[2], data) end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[3], ARGV[1])
return #requests
"""
# KEYS: queue, workers, seen, counter. ARGV: lease hash prefix, "clear" to clear when finished.
_FINISHED = """
if redis.call('LLEN', KEYS[1]) > 0 then return 0 end
for _, worker in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
  if redis.call('HLEN', ARGV[1] .. worker) > 0 then return 0 end
end
if ARGV[2] == 'clear' then redis.call('DEL', KEYS[1], KEYS[3], KEYS[4]) end
return 1
"""


class _Lease:
    __slots__ = ("items", "output_done")

    def __init__(self) -> None:
        self.items = 0
        self.output_done = False


class RedisScheduler(_RedisSchedulerBase):  # type: ignore[misc,valid-type]
    """scrapy-redis's scheduler with leases: a fetched request is never lost, only finished.

    Plain FIFO order (breadth first), keys per site, stats without the `spider` argument that
    Scrapy 2.14+ deprecates, and Redis errors turned into a clean stop (`fail_crawl`).
    """

    crawler: Crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        instance = cls.from_settings(crawler.settings)
        instance.stats = crawler.stats
        instance.crawler = crawler
        return instance

    def open(self, spider: Spider) -> None:
        self.spider = spider
        prefix = self.spider.settings.get("PRESSBOT_REDIS_PREFIX") or "pressbot"
        site = getattr(spider, "feed_site", None) or spider.name
        self.namespace = f"{prefix}:crawl:{site}"
        self.worker = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.keys = {
            "queue": f"{self.namespace}:requests",
            "seen": f"{self.namespace}:seen",
            "counter": f"{self.namespace}:lease-counter",
            "workers": f"{self.namespace}:workers",
            "failed": f"{self.namespace}:failed",
        }
        self.lease_prefix = f"{self.namespace}:leases:"
        self.leases_key = self.lease_prefix + self.worker
        self.queue = FifoQueue(
            server=self.server, spider=spider, key=self.keys["queue"], serializer=self.serializer
        )
        self.df = RFPDupeFilter(self.server, key=self.keys["seen"])
        self._pop = self.server.register_script(_POP)
        self._push = self.server.register_script(_PUSH)
        self._heartbeat = self.server.register_script(_HEARTBEAT)
        self._recover = self.server.register_script(_RECOVER)
        self._finished = self.server.register_script(_FINISHED)
        self._leases: dict[str, _Lease] = {}
        self._failed: list[str] = []
        """Fingerprints of the requests that failed for good here: seen until `close`."""
        self.lost = False
        interval = number(
            self.crawler.settings, "PRESSBOT_REDIS_HEARTBEAT", HEARTBEAT_SECONDS, above=0
        )
        self.lease_ttl = max(1, round(6 * interval))
        self._check_server(f"{prefix}:dedup:server")
        self.beat()
        self._beating = create_looping_call(self.beat)
        self._beating.start(interval, now=False)
        signal_handlers = {
            self.spider_idle: signals.spider_idle,
            self.item_done: signals.item_scraped,
            self.item_dropped: signals.item_dropped,
            self.item_error: signals.item_error,
        }
        for handler, signal in signal_handlers.items():
            self.crawler.signals.connect(handler, signal=signal)
        logger.info(
            "Distributed crawl: worker %s on frontier %s (%d requests queued)",
            self.worker,
            self.namespace,
            len(self),
        )

    def __len__(self) -> int:
        try:
            return int(self.server.llen(self.keys["queue"]))
        except _REDIS_ERRORS as exc:
            self._lost(exc)
            return 0

    def _check_server(self, marker: str) -> None:
        """Refuse a Redis that may evict keys; note the server's run_id, and check that the dedup
        store (opened earlier, with the crawler) saw the same server: the marker it wrote. The
        dedup store refuses the first of these before the crawl starts; this is the frontier's
        own check. A refusal stops the crawl before anything is fetched (Scrapy offers no clean
        way for a scheduler to refuse to open)."""
        where = redact(self.crawler.settings.get("REDIS_URL") or "")
        self.server_run_id = ""
        try:
            check_no_eviction(self.server)
            self.server_run_id = server_run_id(self.server)
            marked = self.server.get(marker)
        except _REDIS_ERRORS as exc:
            self._lost(exc)
            return
        except ValueError as exc:
            self.lost = True
            fail_crawl(self.crawler, "redis_unsuitable", f"{where}: cannot use Redis: {exc}")
            return
        marked_run = (marked or b"").decode().partition(" ")[0]
        if marked is not None and marked_run != self.server_run_id:
            self.lost = True
            fail_crawl(
                self.crawler,
                "redis_restarted",
                f"{where}: Redis restarted since the dedup store opened it (run_id "
                f"{marked_run}, now {self.server_run_id})",
            )

    def _lost(self, exc: BaseException) -> None:
        if not self.lost:
            self.lost = True
            reason = "redis_full" if is_full(exc) else "redis_unavailable"
            fail_crawl(self.crawler, reason, describe_failure(exc))

    def beat(self) -> None:
        """Heartbeat; and give the leases of workers whose heartbeat stopped back to the queue.
        A server with another run_id than at open restarted: its queue, leases and dedup state
        are gone or older, and the crawl stops."""
        if self.lost:
            return
        try:
            now = server_run_id(self.server)
            if now != self.server_run_id:
                self.lost = True
                fail_crawl(
                    self.crawler,
                    "redis_restarted",
                    f"Redis restarted (run_id {self.server_run_id}, now {now}): its queue and "
                    "dedup state are gone or older than this crawl",
                )
                return
            dead = self._heartbeat(keys=[self.keys["workers"]], args=[self.worker, self.lease_ttl])
            for raw in dead:
                worker = raw.decode() if isinstance(raw, bytes) else str(raw)
                keys = [self.lease_prefix + worker, self.keys["queue"], self.keys["workers"]]
                recovered = int(self._recover(keys=keys, args=[worker]))
                if recovered:
                    logger.warning(
                        "Worker %s stopped with %d request(s) in progress: queued again",
                        worker,
                        recovered,
                    )
                    self.stats.inc_value("pressbot/distributed/recovered", recovered)
        except _REDIS_ERRORS as exc:
            self._lost(exc)

    def enqueue_request(self, request: Request) -> bool:
        lease = request.meta.pop(LEASE, None)
        if self.lost:
            return False
        fingerprint = "" if request.dont_filter else self.df.request_fingerprint(request)
        try:
            pushed = self._push(
                keys=[self.keys["seen"], self.keys["queue"], self.leases_key],
                args=[fingerprint, self.queue._encode_request(request), lease or ""],
            )
        except _REDIS_ERRORS as exc:
            self._lost(exc)
            return False
        if lease:
            self._leases.pop(lease, None)
        if not pushed:
            self.df.log(request, self.spider)
            return False
        self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        if self.lost:
            return None
        try:
            popped = self._pop(keys=[self.keys["queue"], self.leases_key, self.keys["counter"]])
        except _REDIS_ERRORS as exc:
            self._lost(exc)
            return None
        if not popped:
            return None
        raw_lease, data = popped
        lease = raw_lease.decode() if isinstance(raw_lease, bytes) else str(raw_lease)
        request: Request = self.queue._decode_request(data)
        request.meta[LEASE] = lease
        self._leases[lease] = _Lease()
        self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def has_pending_requests(self) -> bool:
        return not self.lost and len(self) > 0

    # Leases end here.

    def finish(self, request: Request | None) -> None:
        """The request is done with: end its lease."""
        lease = request.meta.get(LEASE) if request is not None else None
        if lease is None or self._leases.pop(lease, None) is None or self.lost:
            return
        try:
            self.server.hdel(self.leases_key, lease)
        except _REDIS_ERRORS as exc:
            self._lost(exc)

    def fail(self, request: Request, reason: str) -> None:
        """The request failed for good: record it and end its lease. Its fingerprint stays
        seen until `close`: another listing linking to it must not send this run to it again."""
        lease = request.meta.get(LEASE)
        if lease is None or lease not in self._leases:
            return  # not from the frontier (robots.txt), or already finished or recorded
        self.stats.inc_value(f"pressbot/request_failed/{reason}")
        if not self.lost:
            record = {
                "url": request.url,
                "reason": reason,
                "worker": self.worker,
                "at": datetime.now(UTC).isoformat(timespec="seconds"),
            }
            self._failed.append(self.df.request_fingerprint(request))
            try:
                self.server.rpush(self.keys["failed"], json.dumps(record, ensure_ascii=False))
            except _REDIS_ERRORS as exc:
                self._lost(exc)
        if self.lost:
            logger.warning(
                "Request failed: %s (%s); the crawl has stopped using Redis: it could not be "
                "recorded in %s",
                request.url,
                reason,
                self.keys["failed"],
            )
        else:
            logger.warning(
                "Request failed: %s (%s), recorded in %s", request.url, reason, self.keys["failed"]
            )
        self.finish(request)

    def forget_url(self, url: str) -> None:
        """Forget the fingerprint of a GET of `url`, so a later run may fetch it again (its
        record was accepted but never written to a feed)."""
        if self.lost:
            return
        try:
            self.server.srem(self.keys["seen"], self.df.request_fingerprint(Request(url)))
        except _REDIS_ERRORS as exc:
            self._lost(exc)

    def item_started(self, response: Response) -> None:
        state = self._leases.get(response.request.meta.get(LEASE)) if response.request else None
        if state is not None:
            state.items += 1

    def output_done(self, response: Response) -> None:
        state = self._leases.get(response.request.meta.get(LEASE)) if response.request else None
        if state is not None:
            state.output_done = True
            if state.items <= 0:
                self.finish(response.request)

    def item_done(self, response: Response | None = None, **kwargs: Any) -> None:
        if response is None or response.request is None:
            return
        state = self._leases.get(response.request.meta.get(LEASE))
        if state is not None:
            state.items -= 1
            if state.output_done and state.items <= 0:
                self.finish(response.request)

    def item_dropped(self, response: Response | None = None, **kwargs: Any) -> None:
        self.item_done(response)

    def item_error(self, response: Response | None = None, **kwargs: Any) -> None:
        self.item_done(response)

    def spider_idle(self) -> None:
        """Wait while another worker holds a lease: it may still queue work for everyone."""
        if self.lost:
            return
        try:
            if self._leases or self.server.hlen(self.leases_key):
                # Idle means nothing of ours is in progress: any lease left is one whose end no
                # signal reported (a request some middleware dropped). It is done.
                logger.debug("Idle with %d lease(s) still held: ending them", len(self._leases))
                self.stats.inc_value("pressbot/distributed/leases_ended_idle", len(self._leases))
                self._leases.clear()
                self.server.delete(self.leases_key)
            self.beat()
            if not self._check_finished(clear=False):
                raise DontCloseSpider
        except _REDIS_ERRORS as exc:
            self._lost(exc)

    def _check_finished(self, clear: bool) -> bool:
        keys = [self.keys[k] for k in ("queue", "workers", "seen", "counter")]
        return bool(self._finished(keys=keys, args=[self.lease_prefix, "clear" if clear else ""]))

    def close(self, reason: str) -> None:
        if self._beating.running:
            self._beating.stop()
        if self.lost:
            return
        try:
            leftover = self.server.hvals(self.leases_key)
            if leftover:
                # Closing early (shutdown, a CLOSESPIDER limit): unfinished work goes back.
                self.server.rpush(self.keys["queue"], *leftover)
                logger.info("Returned %d unfinished request(s) to the queue", len(leftover))
            self.server.delete(self.leases_key)
            self.server.zrem(self.keys["workers"], self.worker)
            if self._failed:
                self.server.srem(self.keys["seen"], *self._failed)
            if self._check_finished(clear=True):
                logger.info("Frontier %s finished: cleared for the next run", self.namespace)
        except _REDIS_ERRORS as exc:
            logger.error("Redis lost while closing (%s): frontier left as it was", exc)


def _scheduler(crawler: Crawler) -> RedisScheduler | None:
    scheduler = crawler.engine.scheduler
    return scheduler if isinstance(scheduler, RedisScheduler) else None


class LeaseDownloaderMiddleware:
    """Below RetryMiddleware: sees a download error or an error status only once retries are
    exhausted, whatever the spider's errbacks then do with it."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.allow_all = settings.getbool("HTTPERROR_ALLOW_ALL")
        self.allowed = set(settings.getlist("HTTPERROR_ALLOWED_CODES"))

    def process_response(self, request: Request, response: Response) -> Response:
        scheduler = _scheduler(self.crawler)
        if scheduler is not None and response.status >= 400 and not self._wanted(request, response):
            scheduler.fail(request, f"http_{response.status}")
        return response

    def _wanted(self, request: Request, response: Response) -> bool:
        """The spider asked for this status (the same rules as HttpErrorMiddleware)."""
        meta = request.meta
        if self.allow_all or meta.get("handle_httpstatus_all"):
            return True
        listed = meta.get("handle_httpstatus_list")
        if listed is None:
            listed = getattr(self.crawler.spider, "handle_httpstatus_list", ())
        return response.status in listed or response.status in self.allowed

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_exception(self, request: Request, exception: Exception) -> None:
        scheduler = _scheduler(self.crawler)
        if scheduler is None:
            return
        if isinstance(exception, IgnoreRequest):
            scheduler.finish(request)  # robots.txt, offsite: not fetched on purpose
        else:
            scheduler.fail(request, f"download_error/{type(exception).__name__}")


class LeaseSpiderMiddleware:
    """Next to the spider: a response's lease ends when its items are through the pipelines."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterator[Any]:
        scheduler = _scheduler(self.crawler)
        try:
            for output in result:
                if scheduler is not None and not isinstance(output, Request):
                    scheduler.item_started(response)
                yield output
        except Exception as exc:
            self.process_spider_exception(response, exc)
            raise
        finally:
            if scheduler is not None:
                scheduler.output_done(response)

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        scheduler = _scheduler(self.crawler)
        try:
            async for output in result:
                if scheduler is not None and not isinstance(output, Request):
                    scheduler.item_started(response)
                yield output
        except Exception as exc:
            self.process_spider_exception(response, exc)
            raise
        finally:
            if scheduler is not None:
                scheduler.output_done(response)

    def process_spider_exception(self, response: Response, exception: Exception) -> None:
        """A callback that raised: the request is done with, and recorded as failed."""
        scheduler = _scheduler(self.crawler)
        if scheduler is None or response.request is None:
            return
        if not isinstance(exception, HttpError):  # recorded by LeaseDownloaderMiddleware
            scheduler.fail(response.request, f"spider_error/{type(exception).__name__}")
