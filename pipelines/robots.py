"""Downloader middleware: robots.txt as Scrapy obeys it, with a bounded wait and a plain warning
when it cannot be fetched.

Scrapy's RobotsTxtMiddleware holds every request to a host until that host's robots.txt is in.
A robots.txt that hangs was asked for like any page: `DOWNLOAD_TIMEOUT` (60 s) four times with
the retry backoff between, four minutes before the site's first page. When it failed, Scrapy
logged an ERROR with a traceback, naming the page that waited ("Error downloading
<GET .../news/index.html>") rather than robots.txt, and crawled the host as if robots.txt
allowed everything.

This subclass takes its place (`settings.DOWNLOADER_MIDDLEWARES`, same priority, Scrapy's set to
None). The robots.txt request waits at most `PRESSBOT_ROBOTSTXT_TIMEOUT` (15 s) and is retried
once; a failure is one WARNING naming robots.txt and its reason, counted as
`pressbot/robots/unavailable`, and the host is crawled as before: as if everything were allowed
(what Scrapy and most crawlers do when robots.txt cannot be had, not RFC 9309's complete
disallow, which would silently empty the run of a site whose robots.txt is merely slow).
So is a robots.txt that still answers 5xx or 429 after its retry (`could not be fetched (HTTP
503)`); Scrapy gave up with an ERROR and then read the error page as the site's rules. The body
of any answer other than 2xx is no rules (RFC 9309 2.3.1): a 404 is a site without robots.txt.

robots.txt's `Crawl-delay` for the crawl's user agent, which Scrapy does not read, is obeyed: the
host's download slot waits at least that long between requests, without Scrapy's random 0.5x to
1.5x of the delay, and AutoThrottle's adjustments never take it lower (`pressbot/robots/
crawl_delay` holds the longest). A delay over `PRESSBOT_CRAWL_DELAY_MAX` (30 s; 0 reads no
Crawl-delay) is cut to it, with a warning: a site asking a day between pages asks not to be
crawled, and a run that waited so long would never end.
"""

from __future__ import annotations

import logging
from typing import Self

from protego import Protego
from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.http.request import NO_CALLBACK
from scrapy.robotstxt import RobotParser, decode_robotstxt
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

from pipelines.politeness import download_slot
from pressbot.setting import number

logger = logging.getLogger(__name__)

ROBOTS_RETRIES = 1
"""Retries of a failed robots.txt request: every page of the host waits for it."""


class BoundedRobotsTxtMiddleware(RobotsTxtMiddleware):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.timeout = number(crawler.settings, "PRESSBOT_ROBOTSTXT_TIMEOUT", 15.0, above=0)
        self.max_crawl_delay = number(crawler.settings, "PRESSBOT_CRAWL_DELAY_MAX", 30.0, low=0)
        self.crawl_delays: dict[str, float] = {}
        """netloc -> the seconds its robots.txt asks between requests (capped)."""
        crawler.signals.connect(self._keep_delay, signal=signals.request_reached_downloader)
        # (connected after AutoThrottle's handler, an extension built before the downloader)
        crawler.signals.connect(self._keep_delay, signal=signals.response_downloaded)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    async def robot_parser(self, request: Request) -> RobotParser | None:
        """Scrapy's `robot_parser`, with the bounded request and the warning of this module."""
        url = urlparse_cached(request)
        netloc = url.netloc
        if netloc not in self._parsers:
            self._parsers[netloc] = Deferred()
            robots = Request(
                f"{url.scheme}://{netloc}/robots.txt",
                priority=self.DOWNLOAD_PRIORITY,
                meta={
                    "dont_obey_robotstxt": True,
                    "download_timeout": self.timeout,
                    "max_retry_times": ROBOTS_RETRIES,
                    "give_up_log_level": "INFO",  # (the warning below says it)
                },
                callback=NO_CALLBACK,
            )
            try:
                response = await self.crawler.engine.download_async(robots)
            except Exception as exc:  # any failure: the host is crawled as if all were allowed
                if not isinstance(exc, IgnoreRequest):
                    self._unavailable(robots.url, f"{type(exc).__name__}: {exc}", netloc)
                self._robots_error(exc, netloc)
            else:
                if response.status >= 500 or response.status == 429:
                    self._unavailable(robots.url, f"HTTP {response.status}", netloc)
                if response.status >= 300:  # an error page (or a redirect not followed)
                    response = response.replace(body=b"")
                await self._parse_robots(response, netloc, request)
                self._read_crawl_delay(response, netloc, request)
            self._stats.inc_value("robotstxt/request_count")
        parser = self._parsers[netloc]
        if isinstance(parser, Deferred):
            return await maybe_deferred_to_future(parser)
        return parser

    def _unavailable(self, url: str, reason: str, netloc: str) -> None:
        self._stats.inc_value("pressbot/robots/unavailable")
        logger.warning(
            "%s could not be fetched (%s); crawling %s as if it allowed everything",
            url,
            reason,
            netloc,
        )

    def _read_crawl_delay(self, response: Response, netloc: str, request: Request) -> None:
        if not self.max_crawl_delay or not response.body:
            return
        agent = self._robotstxt_useragent or request.headers.get(
            b"User-Agent", self._default_useragent
        )
        if isinstance(agent, bytes):
            agent = agent.decode("latin-1")
        try:
            delay = Protego.parse(decode_robotstxt(response.body, None)).crawl_delay(agent)
        except Exception:  # rules Scrapy's parser read; a Crawl-delay that cannot be is none
            return
        if not delay or delay <= 0:
            return
        if delay > self.max_crawl_delay:
            logger.warning(
                "%s asks %g s between requests (Crawl-delay); waiting PRESSBOT_CRAWL_DELAY_MAX, "
                "%g s",
                response.url,
                delay,
                self.max_crawl_delay,
            )
            delay = self.max_crawl_delay
        self.crawl_delays[netloc] = delay
        self._stats.max_value("pressbot/robots/crawl_delay", delay)
        logger.info(
            "%s: waiting %g s between requests to %s (Crawl-delay)", response.url, delay, netloc
        )

    def _keep_delay(self, request: Request, **_: object) -> None:
        """Raise the slot's delay to its host's Crawl-delay again: as a request reaches the
        downloader (before its slot sends it) and after each response (after AutoThrottle
        lowered it)."""
        delay = self.crawl_delays.get(urlparse_cached(request).netloc)
        if delay is None:
            return
        slot = download_slot(self.crawler, request)
        if slot is not None:
            slot.jitter = 0.0  # (Scrapy 2.19's Slot; RANDOMIZE_DOWNLOAD_DELAY would halve it)
            slot.delay = max(slot.delay, delay)
