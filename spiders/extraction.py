"""Extraction off the reactor thread: worker processes run `extract()` for the spider.

Scrapy runs callbacks on the reactor thread, so while a page is being extracted (a few ms of
pure Python) no download, pipeline or feed write moves. With `PRESSBOT_EXTRACT_WORKERS` = N > 0,
pages are extracted in N worker processes and the callback awaits the result while the reactor
goes on; 0 extracts in the crawl process itself. The default keeps one core for the crawl
process and gives the others to workers (at most 4); on one core it is 0.

Workers also compute the record's near-duplicate keys (`pressbot.dedup.attach_near_keys`, with
`PRESSBOT_SIMHASH_MIN_TOKENS`), so the dedup pipeline does not compute them on the reactor thread.

The reactor's event loop writes each page straight into a worker's pipe and reads the record
back when the pipe is readable (`pressbot.aioworkers`): no executor threads in the crawl process
to take the GIL from the reactor. Workers start from a forkserver, never as a fork of the running
reactor and its threads. The forkserver starts as the crawler is built and imports extraction
only (`pressbot.crawlwork`, not Scrapy), while the crawler builds its engine and opens its state;
the workers start from it when the spider opens, each in a thread of its own, so the reactor
fetches the first pages meanwhile instead of waiting for them. They do not run the `scrapy`
command's script again, as multiprocessing would (`pressbot.workerhost`): that imported Scrapy
into each worker, 0.3-0.5 s before its first page. A worker that dies (the OOM
killer, a crash in a C library) loses no page: each page it held is sent to a new worker, and
counted in `pressbot/extract/pool_broken`. A page on which a second worker dies too is dropped
as `page_type` "error", logged: extracted in the crawl process, a page that crashes its
extraction would take the crawl down with it (and the next run, meeting it again). Only when no
worker can start at all are pages extracted in the crawl process.
"""

from __future__ import annotations

import asyncio
import logging
import os
from functools import partial
from typing import Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.utils.reactor import is_asyncio_reactor_installed

from pressbot import crawlwork
from pressbot.aioworkers import AsyncWorkerPool, WorkerDied, WorkerNotStarted, warm_forkserver
from pressbot.dedup import MIN_NEAR_TOKENS
from pressbot.items import Article
from pressbot.setting import integer
from pressbot.sites import SiteConfig

logger = logging.getLogger(__name__)

MAX_DEFAULT_WORKERS = 4
_PRELOAD = [crawlwork.__name__, "pressbot.extract.preload", "pressbot.dedup.vector"]
"""What the forkserver imports once for all workers: extraction with its patterns and the near
keys' numpy (else each worker's first page imports them), not Scrapy."""


def default_workers() -> int:
    """All cores but the crawl process's own, at most `MAX_DEFAULT_WORKERS`."""
    return max(0, min((os.cpu_count() or 1) - 1, MAX_DEFAULT_WORKERS))


def _can_await_futures() -> bool:
    """True under Scrapy's asyncio reactor, or with no Twisted reactor (plain asyncio)."""
    try:
        return is_asyncio_reactor_installed()
    except RuntimeError:  # no reactor installed
        return True


class ExtractionPool:
    """`await pool.extract(...)`: `crawlwork.extract_page` in a worker process, or here with 0
    workers."""

    work = staticmethod(crawlwork.extract_page)
    """What a worker runs on a page (a test gives one that crashes on some)."""

    def __init__(self, workers: int, crawler: Crawler) -> None:
        self.workers = workers
        self.crawler = crawler  # its stats exist only once the crawl starts
        self.min_tokens = integer(crawler.settings, "PRESSBOT_SIMHASH_MIN_TOKENS", MIN_NEAR_TOKENS)
        self._pool: AsyncWorkerPool | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        workers = integer(crawler.settings, "PRESSBOT_EXTRACT_WORKERS", default_workers())
        pool = cls(workers, crawler)
        if workers and _can_await_futures():
            warm_forkserver(_PRELOAD)  # while the crawler builds its engine and opens its state
        crawler.signals.connect(pool.open, signal=signals.spider_opened)
        crawler.signals.connect(pool.close, signal=signals.spider_closed)
        return pool

    def open(self) -> None:
        """Start the workers as the spider opens, not when its first page is waiting."""
        if not self.workers or not _can_await_futures():
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no running event loop: they start with the first page
            return
        self._started().start(loop)

    def _started(self) -> AsyncWorkerPool:
        if self._pool is None:
            self._pool = AsyncWorkerPool(self.workers, preload=_PRELOAD)
            logger.info("Extracting pages in %d worker process(es)", self.workers)
        return self._pool

    async def extract(
        self,
        body: bytes,
        url: str,
        content_type: str | None,
        site: SiteConfig | None,
        first_url: str | None = None,
    ) -> tuple[Article, list[str]]:
        job = partial(
            self.work,
            body,
            url,
            content_type,
            site,
            first_url,
            min_tokens=self.min_tokens,
        )
        if not self.workers:
            return job()
        if self._pool is None and not _can_await_futures():
            logger.warning(
                "Extracting in the crawl process: worker processes need Scrapy's asyncio "
                "reactor (TWISTED_REACTOR)"
            )
            self.workers = 0
            return job()
        for attempt in ("sent to a new worker", "dropped"):
            try:
                return await self._started().run(job)
            except WorkerNotStarted as exc:
                logger.error("%s; extracting %s in the crawl process", exc, url)
                return job()
            except WorkerDied:
                self.crawler.stats.inc_value("pressbot/extract/pool_broken")
                logger.error("An extraction worker died on %s: %s", url, attempt)
        article = Article(url=url, site=site.name if site else None)
        article.extraction.page_type = "error"
        article.extraction.warnings.append("two extraction workers died on this page")
        return article, []

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None
