"""Per-host concurrency that holds: at most N requests in flight to one download slot.

Scrapy 2.19 with the asyncio reactor does not enforce `CONCURRENT_REQUESTS_PER_DOMAIN` (or a
`DOWNLOAD_SLOTS` concurrency) when several requests reach a slot in the same loop iteration: the
downloader hands each queued request to a task that marks it "transferring" only when the task
first runs, so the loop that checks for free transfer slots drains the whole queue first
(`scrapy.core.downloader.Downloader._process_queue`). With a download delay the queue is
drained one request at a time and the limit holds; without one (AutoThrottle off, `delay = 0`)
a site can get every queued request at once.

This middleware, placed next to the download handler, lets a request through only when fewer
than the slot's concurrency are in flight, and frees its place on the response or the exception.
"""

from __future__ import annotations

from typing import Any, Self

from scrapy import Request
from scrapy.core.downloader import Slot
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import DeferredSemaphore

HELD = "_pressbot_slot_held"


def download_slot(crawler: Crawler, request: Request) -> Slot | None:
    """The downloader's slot that `request` goes through (its delay is the host's), or None
    before the engine runs or before the slot is made."""
    engine = crawler.engine
    if engine is None:
        return None
    downloader = engine.downloader
    return downloader.slots.get(downloader.get_slot_key(request))


class SlotConcurrencyMiddleware:
    crawler: Crawler

    def __init__(self, per_slot: int, slot_settings: dict[str, dict[str, Any]]) -> None:
        self.per_slot = per_slot
        self.slot_settings = slot_settings
        self.semaphores: dict[str, DeferredSemaphore] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        per_slot = settings.getint("CONCURRENT_REQUESTS_PER_IP") or settings.getint(
            "CONCURRENT_REQUESTS_PER_DOMAIN"
        )
        middleware = cls(per_slot, settings.getdict("DOWNLOAD_SLOTS"))
        middleware.crawler = crawler
        return middleware

    def _semaphore(self, request: Request) -> DeferredSemaphore | None:
        key = self.crawler.engine.downloader.get_slot_key(request)
        if key not in self.semaphores:
            limit = self.slot_settings.get(key, {}).get("concurrency", self.per_slot)
            if not limit or limit < 1:
                return None
            self.semaphores[key] = DeferredSemaphore(int(limit))
        return self.semaphores[key]

    async def process_request(self, request: Request) -> None:
        semaphore = self._semaphore(request)
        if semaphore is not None:
            await maybe_deferred_to_future(semaphore.acquire())
            request.meta[HELD] = semaphore

    def _release(self, request: Request) -> None:
        semaphore = request.meta.pop(HELD, None)
        if semaphore is not None:
            semaphore.release()

    def process_response(self, request: Request, response: Response) -> Response:
        self._release(request)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        self._release(request)
