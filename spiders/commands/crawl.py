"""`scrapy crawl` whose exit status says whether the run was healthy, for cron and scrapyd.

Scrapy's own `crawl` exits 1 only when the crawl could not start (bad arguments, a broken config,
an unusable state file). This one also exits 3 (`pressbot.health.UNHEALTHY_EXIT`) when the crawl
ran but the health extension judged it unhealthy (`pipelines.health`): it did not finish, found no
article where the last run found some, or too many requests failed; and when a shared resource
failed mid-crawl (`pipelines.failure.fail_crawl`: the dedup state, Redis), verdict or not.

A crawl that cannot start says why in one logged line. Scrapy leaves the exception in its crawl
task, which asyncio prints at exit as "Task exception was never retrieved" with a traceback that
ends in the message; a traceback is kept only for errors that are not the user's to fix.

A Ctrl-C or SIGTERM stops the crawl gracefully whenever it comes, also while the engine is still
starting (`StartingCrawler`), so the run is judged and its summary written like any run that did
not finish; once the crawl is over, one changes the exit status no more.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
from functools import partial

from scrapy import Spider
from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.crawler import Crawler
from scrapy.exceptions import UsageError
from scrapy.utils.asyncio import sleep
from scrapy.utils.ossignal import install_shutdown_handlers
from scrapy.utils.reactor import is_reactor_installed
from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

from pipelines.failure import crawl_failed
from pipelines.health import Health
from pressbot.dedup.store import DedupStoreError
from pressbot.health import UNHEALTHY_EXIT
from pressbot.plan import CrawlArgumentError, SettingError
from pressbot.setting import unknown_settings
from pressbot.sites import SiteConfigError

logger = logging.getLogger(__name__)

# Raised with a message that says what to change: arguments, a setting, a site config, the state.
USER_ERRORS = (CrawlArgumentError, SettingError, SiteConfigError, DedupStoreError)


def report_failure(crawler: Crawler, error: BaseException) -> None:
    """Log why the crawl could not start (or, rarer, why it stopped): the message alone when it
    is the user's to fix."""
    try:
        opened = crawler.stats.get_value("start_time") is not None  # set as the spider opens
    except (AttributeError, RuntimeError):  # no stats yet
        opened = False
    what = "The crawl failed" if opened else "The crawl cannot start"
    if isinstance(error, USER_ERRORS):
        logger.error("%s: %s", what, error)
    else:
        logger.error(what, exc_info=error)


def _task_done(crawler: Crawler, task: asyncio.Task[None]) -> None:
    if not task.cancelled() and (error := task.exception()) is not None:
        report_failure(crawler, error)


def _deferred_failed(failure: Failure, crawler: Crawler) -> None:
    report_failure(crawler, failure.value)


class StartingCrawler(Crawler):
    """A crawler that also stops when asked to while its engine is still starting.

    Scrapy's `stop_async` stops a running engine and does nothing before: a Ctrl-C or SIGTERM
    between the spider's opening and the engine's start (its `spider_opened` handlers: feed
    salvage, state, worker processes) returned at once, the process stopped its reactor with
    the crawl half started, and no summary was written. This one waits for the engine to run,
    then stops it as Scrapy stops a running one (the spider closes with reason "shutdown").
    """

    POLL_SECONDS = 0.05

    async def stop_async(self) -> None:
        while self.crawling and self._engine_starting():
            await sleep(self.POLL_SECONDS)
        await super().stop_async()

    def _engine_starting(self) -> bool:
        # `_engine`, not `engine`: Scrapy's way to read it before the crawl has set it.
        engine = self._engine
        return engine is not None and engine.spider is not None and not engine.running


def _health(crawler: Crawler) -> Health | None:
    """The crawl's health extension, which decides its exit status; None when the crawl never
    got as far as building its extensions."""
    extensions = getattr(crawler, "extensions", None)
    found = [e for e in getattr(extensions, "middlewares", ()) if isinstance(e, Health)]
    return found[0] if found else None


class Command(ScrapyCrawl):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if not args:
            raise UsageError
        if options := [arg for arg in args[1:] if arg.startswith("-")]:
            raise UsageError(f"unknown option {options[0]}: see scrapy crawl --help")
        if len(args) > 1:
            raise UsageError("run one spider at a time: scrapy crawl press -a site=NAME")
        assert self.crawler_process
        for name, likely in unknown_settings(self.crawler_process.settings.attributes):
            logger.warning(
                "Unknown setting %s%s: it is ignored",
                name,
                f" (did you mean {likely}?)" if likely else "",
            )
        crawler = self._starting_crawler(args[0])
        started = self.crawler_process.crawl(crawler, **opts.spargs)
        if isinstance(started, Deferred):
            started.addErrback(_deferred_failed, crawler)
        else:
            started.add_done_callback(partial(_task_done, crawler))
        self.crawler_process.start()
        # The run is over and judged. Python puts the default handlers back as it tears the
        # interpreter down, so a Ctrl-C (the second one, say) from here on would kill the
        # process by its signal, status -2, instead of ending it with the status decided.
        install_shutdown_handlers(signal.SIG_IGN)
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
            return
        health = _health(crawler)
        if health is not None and health.exit_status:
            self.exitcode = health.exit_status
        elif crawl_failed(crawler):  # (with PRESSBOT_HEALTH_ENABLED = False: no verdict)
            self.exitcode = UNHEALTHY_EXIT

    def _starting_crawler(self, name: str) -> StartingCrawler:
        """The crawler `crawler_process.crawl` would build, as a `StartingCrawler`; it installs
        the reactor when the process has not (as Scrapy's first crawler does)."""
        assert self.crawler_process
        try:
            spidercls: type[Spider] = self.crawler_process.spider_loader.load(name)
        except KeyError:
            known = ", ".join(self.crawler_process.spider_loader.list())
            raise UsageError(f"no spider named {name!r} (this project has: {known})") from None
        return StartingCrawler(
            spidercls, self.crawler_process.settings, init_reactor=not is_reactor_installed()
        )
