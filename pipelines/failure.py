"""A crawl stopped because a shared resource is gone (the dedup state, Redis): one logged line,
the spider closed with the reason, exit status 3.

Apart from `pipelines.distributed`, which imports redis and scrapy-redis: every crawl needs
this, only a distributed one needs those (0.1 s of the start).
"""

from __future__ import annotations

import logging
from weakref import WeakKeyDictionary

from scrapy.crawler import Crawler
from scrapy.utils.defer import deferred_from_coro

logger = logging.getLogger(__name__)

FAILED = "pressbot/failed"

_failures: WeakKeyDictionary[Crawler, str] = WeakKeyDictionary()


def fail_crawl(crawler: Crawler, reason: str, message: str) -> None:
    """Stop the crawl because a shared resource is gone (the dedup state, Redis), in one line.

    The spider closes with `reason`, so the records already accepted are still published; the
    run did not finish, so the health verdict calls it unhealthy, and the project's `scrapy
    crawl` (`spiders.commands.crawl`, which asks `crawl_failed`) exits with status 3, also with
    the verdict turned off. The stat `pressbot/failed` holds the reason, for code that runs the
    crawl otherwise (a `CrawlerProcess`: Scrapy has no public way to set an exit status,
    scrapy/scrapy#1241).
    """
    if crawler in _failures:
        return
    _failures[crawler] = reason
    logger.error("%s: stopping the crawl (%s)", message, reason)
    crawler.stats.set_value(FAILED, reason)
    engine = crawler.engine
    if engine.spider is not None:
        deferred_from_coro(engine.close_spider_async(reason=reason))


def crawl_failed(crawler: Crawler) -> str | None:
    return _failures.get(crawler)
