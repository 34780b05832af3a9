"""Retries with exponential backoff: a failing server is given time before it is asked again.

Scrapy's RetryMiddleware retries 5xx responses, timeouts and reset connections (`RETRY_HTTP_CODES`,
`RETRY_EXCEPTIONS`, `RETRY_TIMES`) at once. This subclass waits before each retry:
`PRESSBOT_RETRY_BACKOFF` seconds before the first, doubling for each further one, at most
`PRESSBOT_RETRY_BACKOFF_MAX`. The wait happens in `process_request` of the retried request,
without blocking the reactor; meanwhile other requests go on.
"""

from __future__ import annotations

from typing import Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.settings import BaseSettings
from scrapy.utils.asyncio import sleep

BACKOFF_META = "pressbot_backoff"


def backoff_delay(retry: int, base: float, cap: float) -> float:
    """Seconds to wait before retry number `retry` (1-based).

    >>> [backoff_delay(n, 2.0, 10.0) for n in (1, 2, 3, 4)]
    [2.0, 4.0, 8.0, 10.0]
    """
    return min(cap, base * 2 ** (retry - 1))


class BackoffRetryMiddleware(RetryMiddleware):
    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.base = settings.getfloat("PRESSBOT_RETRY_BACKOFF", 2.0)
        self.cap = settings.getfloat("PRESSBOT_RETRY_BACKOFF_MAX", 60.0)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        middleware = cls(crawler.settings)
        middleware.crawler = crawler
        return middleware

    def _retry(self, request: Request, reason: str | Exception | type[Exception]) -> Request | None:
        retry = super()._retry(request, reason)
        if retry is not None and self.base > 0:
            retry.meta[BACKOFF_META] = backoff_delay(retry.meta["retry_times"], self.base, self.cap)
        return retry

    async def process_request(self, request: Request) -> None:
        delay = request.meta.pop(BACKOFF_META, 0)
        if delay:
            self.crawler.stats.inc_value("pressbot/retry/backoff_seconds", delay)
            await sleep(delay)
