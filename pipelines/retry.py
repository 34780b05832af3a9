"""Retries with exponential backoff: a failing server is given time before it is asked again.

Scrapy's RetryMiddleware retries 5xx responses, timeouts and reset connections (`RETRY_HTTP_CODES`,
`RETRY_EXCEPTIONS`, `RETRY_TIMES`) at once. This subclass waits before each retry:
`PRESSBOT_RETRY_BACKOFF` seconds before the first, doubling for each further one, at most
`PRESSBOT_RETRY_BACKOFF_MAX`. The wait happens in `process_request` of the retried request,
without blocking the reactor; meanwhile other requests go on.

A retried response (a 503, a 429...) that says `Retry-After` (delta-seconds, or an HTTP date,
measured from the response's own `Date` so that the two clocks need not agree) is retried no
sooner than that: the wait is the longer of the backoff and the server's value, counted as
`pressbot/retry/retry_after`. A value over `PRESSBOT_RETRY_AFTER_MAX` (120 s) is not waited for,
and not cut short either (a retry before the server's time would be turned away again): the
request is given up at once, logged with the server's value and counted as
`pressbot/retry/retry_after_too_long`; its response goes on as a failure (`pressbot/errors/...`,
which the health check counts) and the next scheduled run asks again. A Retry-After that is
neither (`pressbot/retry/retry_after_invalid`) leaves the normal backoff.

A 429 (Too Many Requests) also slows down the rest of its host's requests, which Scrapy does not
do (AutoThrottle only keeps the delay from falling on a non-200 answer): the host's download
slot waits twice as long between requests as before, at least `PRESSBOT_RETRY_BACKOFF` (so the
first 429 of a crawl without a delay spaces its requests by 2 s), at most
`AUTOTHROTTLE_MAX_DELAY` (30 s), whether or not the request is retried. Each slowdown is logged
and counted (`pressbot/retry/slowed_down`, the longest delay in `pressbot/retry/slowed_down_to`).
With AutoThrottle on (the default), the delay comes back down as the host answers well again (its
rule: halfway to its latency target at each answer); without, it stays for the run.
`PRESSBOT_RETRY_BACKOFF = 0` turns the slowdown off with the backoff.
"""

from __future__ import annotations

import logging
import re
import time
from datetime import UTC
from email.utils import parsedate_to_datetime
from typing import Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response
from scrapy.settings import BaseSettings
from scrapy.utils.asyncio import sleep
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.response import response_status_message

from pipelines.politeness import download_slot
from pressbot.setting import number

logger = logging.getLogger(__name__)

BACKOFF_META = "pressbot_backoff"
_DELTA_SECONDS = re.compile(rb"\s*(\d+)\s*")


def backoff_delay(retry: int, base: float, cap: float) -> float:
    """Seconds to wait before retry number `retry` (1-based).

    >>> [backoff_delay(n, 2.0, 10.0) for n in (1, 2, 3, 4)]
    [2.0, 4.0, 8.0, 10.0]
    """
    return min(cap, base * 2 ** (retry - 1))


def _http_date(value: bytes) -> float | None:
    """An HTTP date (IMF-fixdate, RFC 850 or asctime, always UTC) as a POSIX time."""
    try:
        when = parsedate_to_datetime(value.decode("latin-1").strip())
    except (ValueError, TypeError, IndexError):
        return None
    if when.tzinfo is None:  # asctime has no zone; HTTP dates are GMT
        when = when.replace(tzinfo=UTC)
    return when.timestamp()


def retry_after_seconds(
    value: bytes | str, date: bytes | str | None = None, *, now: float | None = None
) -> float | None:
    """The seconds a `Retry-After` header `value` asks to wait, or None if it is not one.

    An HTTP date is measured from the response's `Date` header `date` (the server's clock),
    else from `now` (default: this machine's clock); a date in the past is 0.

    >>> retry_after_seconds(b"120")
    120.0
    >>> retry_after_seconds(b"Wed, 21 Oct 2015 07:28:30 GMT", b"Wed, 21 Oct 2015 07:28:00 GMT")
    30.0
    >>> retry_after_seconds(b"later") is None
    True
    """
    raw = value.encode("latin-1") if isinstance(value, str) else value
    if delta := _DELTA_SECONDS.fullmatch(raw):
        return float(delta.group(1))
    until = _http_date(raw)
    if until is None:
        return None
    if date is not None:
        server_now = _http_date(date.encode("latin-1") if isinstance(date, str) else date)
        if server_now is not None:
            now = server_now
    return max(0.0, until - (time.time() if now is None else now))


def backoff_settings(settings: BaseSettings) -> tuple[float, float]:
    """`PRESSBOT_RETRY_BACKOFF` and `PRESSBOT_RETRY_BACKOFF_MAX`, for `with_backoff`: every
    middleware that retries waits alike."""
    return (
        number(settings, "PRESSBOT_RETRY_BACKOFF", 2.0, low=0),
        number(settings, "PRESSBOT_RETRY_BACKOFF_MAX", 60.0, low=0),
    )


def with_backoff(retry: Request, base: float, cap: float) -> Request:
    """`retry` (a retry request: Scrapy's `get_retry_request`), to wait `backoff_delay` before
    it is sent, in `BackoffRetryMiddleware.process_request`; a `base` of 0 waits not at all."""
    if base > 0:
        retry.meta[BACKOFF_META] = backoff_delay(retry.meta["retry_times"], base, cap)
    return retry


class BackoffRetryMiddleware(RetryMiddleware):
    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.base, self.cap = backoff_settings(settings)
        self.retry_after_max = number(settings, "PRESSBOT_RETRY_AFTER_MAX", 120.0, low=0)
        self.slowest = settings.getfloat("AUTOTHROTTLE_MAX_DELAY")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        middleware = cls(crawler.settings)
        middleware.crawler = crawler
        return middleware

    def _retry(self, request: Request, reason: str | Exception | type[Exception]) -> Request | None:
        retry = super()._retry(request, reason)
        return None if retry is None else with_backoff(retry, self.base, self.cap)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if response.status == 429:
            self._slow_down(request)
        header = response.headers.get(b"Retry-After")
        if (
            header is None
            or request.meta.get("dont_retry", False)
            or response.status not in self.retry_http_codes
        ):
            return super().process_response(request, response)
        stats = self.crawler.stats
        shown = header.decode("latin-1").strip()
        wait = retry_after_seconds(header, response.headers.get(b"Date"))
        if wait is None:
            stats.inc_value("pressbot/retry/retry_after_invalid")
            logger.debug("Ignored Retry-After: %s of %s (not a delay or date)", shown, request.url)
            return super().process_response(request, response)
        if wait > self.retry_after_max:
            stats.inc_value("pressbot/retry/retry_after_too_long")
            logger.warning(
                "Gave up %s: %d with Retry-After: %s (%.0f s), a wait longer than "
                "PRESSBOT_RETRY_AFTER_MAX (%g s); not retried in this run",
                request.url,
                response.status,
                shown,
                wait,
                self.retry_after_max,
            )
            return response
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        delay = max(retry.meta.get(BACKOFF_META, 0.0), wait)
        retry.meta[BACKOFF_META] = delay
        stats.inc_value("pressbot/retry/retry_after")
        logger.info("Retrying %s in %.1f s (Retry-After: %s)", request.url, delay, shown)
        return retry

    def _slow_down(self, request: Request) -> None:
        """Double the delay of `request`'s download slot (a 429 came from its host)."""
        slot = download_slot(self.crawler, request) if self.base > 0 else None
        if slot is None:
            return
        before = slot.delay
        slot.delay = max(before, min(self.slowest, max(2 * before, self.base)))
        if slot.delay <= before:
            return
        stats = self.crawler.stats
        stats.inc_value("pressbot/retry/slowed_down")
        stats.max_value("pressbot/retry/slowed_down_to", slot.delay)
        logger.info(
            "Slowing down %s: %.1f s between requests (HTTP 429 for %s)",
            urlparse_cached(request).netloc,
            slot.delay,
            request.url,
        )

    async def process_request(self, request: Request) -> None:
        delay = request.meta.pop(BACKOFF_META, 0)
        if delay:
            self.crawler.stats.inc_value("pressbot/retry/backoff_seconds", delay)
            await sleep(delay)
