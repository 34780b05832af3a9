"""Garbage collection for a long crawl: startup objects frozen, young objects collected less often.

By default CPython runs its cyclic collector every 700 net allocations of container objects. A
crawl allocates thousands per page (requests, responses, Deferreds, records), so on 2,000
articles it ran about 850 collections; the older generations' passes also walked everything
alive since startup (Scrapy, Twisted, lxml, the compiled schema and patterns), and the
collector took a tenth of the crawl process's CPU (`bench/crawl_speed.py`). When the engine
starts, this extension freezes what exists then (`gc.freeze()`: it stays alive for the whole
crawl anyway and is never scanned again) and sets the first generation's threshold to
`PRESSBOT_GC_THRESHOLD` (10,000; 0 keeps Python's). Cyclic garbage is still collected, only
in larger batches. When the engine stops, both are undone, so a process that runs a crawl
among other work gets its collector back as it was.
"""

from __future__ import annotations

import gc
from typing import Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from pressbot.setting import integer


class GarbageCollection:
    # The collector is the process's: with several crawls in one process, the first to start
    # saves Python's settings and the last to stop puts them back.
    _running = 0
    _saved: tuple[int, int, int] = gc.get_threshold()

    def __init__(self, threshold: int, crawler: Crawler) -> None:
        self.threshold = threshold
        self.crawler = crawler
        self._started = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        threshold = integer(crawler.settings, "PRESSBOT_GC_THRESHOLD", 10_000)
        if not threshold:
            raise NotConfigured("PRESSBOT_GC_THRESHOLD is 0: Python's collector as it is")
        extension = cls(threshold, crawler)
        crawler.signals.connect(extension.engine_started, signal=signals.engine_started)
        crawler.signals.connect(extension.engine_stopped, signal=signals.engine_stopped)
        return extension

    def engine_started(self) -> None:
        cls = type(self)
        if not cls._running:
            cls._saved = gc.get_threshold()
        cls._running += 1
        self._started = True
        gc.collect()  # what startup left behind goes now, not frozen with the rest
        gc.freeze()
        gc.set_threshold(self.threshold, *cls._saved[1:])
        self.crawler.stats.set_value("pressbot/gc/frozen_objects", gc.get_freeze_count())

    def engine_stopped(self) -> None:
        if not self._started:
            return
        self._started = False
        cls = type(self)
        cls._running -= 1
        if not cls._running:
            gc.set_threshold(*cls._saved)
            gc.unfreeze()
