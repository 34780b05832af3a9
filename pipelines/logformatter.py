"""Log drops as one line ("Dropped: duplicate_url: <url> (first seen at <url>)", with
", redirected from <link>" when the link followed led elsewhere), and a
published record as "Scraped from <200 url>: <Article url>" at DEBUG, or not at all when
`LOG_LEVEL` hides DEBUG.

Scrapy's default appends the whole item, which for an article means its whole body; and it
builds the scraped-item log record for every item even when no handler shows it (its `scrapy`
logger is at DEBUG whatever `LOG_LEVEL` is), a cost the crawl's event loop pays per record.
"""

from __future__ import annotations

import logging
from typing import Any, Self

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.logformatter import LogFormatter, LogFormatterResult
from twisted.python.failure import Failure


class PressLogFormatter(LogFormatter):
    def __init__(self, log_level: int | str = logging.DEBUG) -> None:
        level = logging.getLevelName(log_level.upper()) if isinstance(log_level, str) else log_level
        self.shows_debug = not isinstance(level, int) or level <= logging.DEBUG

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler.settings.get("LOG_LEVEL", logging.DEBUG))

    def scraped(
        self, item: Any, response: Response | Failure | None, spider: Spider
    ) -> LogFormatterResult | None:
        if not self.shows_debug:
            return None  # Scrapy logs nothing then
        result = super().scraped(item, response, spider)
        args = {**result["args"], "item": _short(item)}  # type: ignore[dict-item]
        return {**result, "msg": "Scraped from %(src)s: %(item)s", "args": args}

    def dropped(
        self,
        item: Any,
        exception: BaseException,
        response: Response | Failure | None,
        spider: Spider,
    ) -> LogFormatterResult:
        result = super().dropped(item, exception, response, spider)
        args: dict[str, Any] = {"exception": exception}
        chain = getattr(response, "meta", {}).get("redirect_urls") if response is not None else None
        if not chain:
            return {**result, "msg": "Dropped: %(exception)s", "args": args}
        # (the record names the page the link led to; the link itself is in no other line)
        args["origin"] = chain[0]
        return {**result, "msg": "Dropped: %(exception)s, redirected from %(origin)s", "args": args}

    def item_error(
        self,
        item: Any,
        exception: BaseException,
        response: Response | Failure | None,
        spider: Spider,
    ) -> LogFormatterResult:
        result = super().item_error(item, exception, response, spider)
        return {**result, "args": {"item": _short(item)}}


def _short(item: Any) -> str:
    return f"<{type(item).__name__} {getattr(item, 'url', None)}>"
