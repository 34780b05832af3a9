"""Run health: a summary in the log and beside the feed, and the verdict `scrapy crawl` exits with.

Counts the credit fields of every published record (`item_scraped`), and once the engine has
stopped (so every stat is final) builds the summary of `pressbot.health`, compares it with the
last run of the same site, logs it, writes it to
`<PRESSBOT_OUTPUT_DIR>/<site>/<date>/<site>-<run>.health.json` and `<site>/last-run.json`, and
keeps the exit status (0, or 3 when unhealthy; 3 from the spider's opening until the verdict)
that the project's `crawl` command (`spiders.commands.crawl`) exits with, also as the stat
`pressbot/health/exit_status` once decided.

Settings: `PRESSBOT_MAX_ERROR_RATE` (0.2), `PRESSBOT_FILL_DROP` (0.3), `PRESSBOT_FILL_MIN_RECORDS`
(5); `PRESSBOT_HEALTH_ENABLED` (True; False keeps only `last-run.json`, for the next run).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Self

from itemadapter import ItemAdapter
from scrapy import Spider, signals
from scrapy.crawler import Crawler

from pipelines.feeds import output_dir, run_date
from pressbot.health import (
    GIVE_UP_RUNS,
    GIVEN_UP_KEY,
    LAST_RUN,
    RETRY_SUMMARY_KEY,
    UNHEALTHY_EXIT,
    FillCounter,
    Thresholds,
    carry_failures,
    failed_runs,
    format_summary,
    mark_done,
    mark_running,
    read_last_run,
    summarize,
    write_json,
)
from pressbot.items import Article
from pressbot.linknotes import LinkNotes
from pressbot.setting import flag, integer, number

logger = logging.getLogger(__name__)
EXIT_STATUS = "pressbot/health/exit_status"
NAMED = 3
"""How many of the articles given up the warning names."""


class Health:
    crawler: Crawler

    def __init__(self, thresholds: Thresholds, *, judge: bool = True) -> None:
        self.thresholds = thresholds
        self.judge = judge
        """Log the summary, write its `.health.json` and set the exit status; without it
        (`PRESSBOT_HEALTH_ENABLED = False`) only `last-run.json` is kept, which the next run
        reads for its early stop, its `retry_next_run` and its new-state warning."""
        self.exit_status: int | None = None
        """What `scrapy crawl` exits with (`spiders.commands.crawl`): None when not judging."""
        self.fills = FillCounter()
        self.last: dict[str, Any] = {}
        self.site_dir: Path | None = None
        self.site: str | None = None
        self.run: str | None = None
        self.summary_unwritten = False
        """A summary file could not be written: the run is unhealthy (exit status 3)."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        extension = cls(
            Thresholds(
                max_error_rate=number(settings, "PRESSBOT_MAX_ERROR_RATE", 0.2, low=0, high=1),
                fill_drop=number(settings, "PRESSBOT_FILL_DROP", 0.3, low=0, high=1),
                min_records=integer(settings, "PRESSBOT_FILL_MIN_RECORDS", 5),
            ),
            judge=flag(settings, "PRESSBOT_HEALTH_ENABLED", True),
        )
        extension.crawler = crawler
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(extension.engine_stopped, signal=signals.engine_stopped)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        self.site = getattr(spider, "feed_site", None) or spider.name
        self.run = getattr(spider, "run_id", None)
        if not self.run:
            return
        self.site_dir = output_dir(spider) / self.site
        self.last = read_last_run(self.site_dir)
        if self.judge:
            # Unhealthy until `engine_stopped` judges the run: a forced shutdown (a second
            # Ctrl-C) never gets there, and it did not finish. Not yet in the stats, which
            # Scrapy logs as the spider closes, before the verdict: a healthy run showed 3.
            self.exit_status = UNHEALTHY_EXIT
        try:
            mark_running(self.site_dir, self.run, self.last)
        except OSError as exc:
            self._unwritten(self.site_dir / LAST_RUN, exc)

    def item_scraped(self, item: Any) -> None:
        # Six fields read, no record built; an Article's straight from its attributes.
        self.fills.add(vars(item) if type(item) is Article else ItemAdapter(item))

    def engine_stopped(self) -> None:
        if self.site_dir is None or self.site is None or self.run is None:
            return
        summary = summarize(
            self.crawler.stats.get_stats(),
            self.fills,
            site=self.site,
            run=self.run,
            previous=self.last.get("summary"),
            thresholds=self.thresholds,
        )
        self._carry_failures(summary)
        if self.judge:
            self._report(summary)
        notes = getattr(self.crawler.spider, "link_notes", None)
        if isinstance(notes, LinkNotes):  # (for the next run's walk: in last-run.json alone)
            summary.update(notes.carried())
        try:
            mark_done(self.site_dir, summary)
        except OSError as exc:
            self._unwritten(self.site_dir / LAST_RUN, exc)

    def _unwritten(self, path: Path, exc: OSError) -> None:
        """A summary file that could not be written (a full disk) is one error line, and the
        run unhealthy: a monitor reading `last-run.json` would see a stale or "running" run."""
        self.summary_unwritten = True
        why = f"[Errno {exc.errno}] {exc.strerror}" if exc.errno else str(exc)
        if not self.judge:
            logger.error("%s: cannot write the run summary (%s)", path, why)
            return
        logger.error(
            "%s: cannot write the run summary (%s); the run counts as unhealthy", path, why
        )
        self.exit_status = UNHEALTHY_EXIT
        if self.crawler.stats.get_value(EXIT_STATUS) is not None:  # (the verdict is in)
            self.crawler.stats.set_value(EXIT_STATUS, self.exit_status)

    def _report(self, summary: dict[str, Any]) -> None:
        """The verdict: in the log, in the run's `.health.json`, and in the exit status."""
        assert self.site_dir is not None and self.run is not None
        for line in format_summary(summary):
            logger.info(line)
        for warning in summary["warnings"]:
            logger.warning("Health warning: %s", warning)
        for problem in summary["problems"]:
            logger.error("Unhealthy run: %s", problem)
        path = self.site_dir / run_date(self.run) / f"{self.site}-{self.run}.health.json"
        try:
            write_json(path, summary)
        except OSError as exc:
            self._unwritten(path, exc)
        healthy = summary["healthy"] and not self.summary_unwritten
        self.exit_status = 0 if healthy else UNHEALTHY_EXIT
        self.crawler.stats.set_value(EXIT_STATUS, self.exit_status)  # (PRESSBOT_STATS_PATH)

    def _carry_failures(self, summary: dict[str, Any]) -> None:
        """Put the articles this run could not get into the summary for the next run, less those
        that failed in too many runs in a row, which are counted and named once, here."""
        last = self.last.get("summary")
        before = failed_runs(last.get(RETRY_SUMMARY_KEY) if isinstance(last, dict) else None)
        failed = getattr(self.crawler.spider, "failed_articles", ())
        summary[RETRY_SUMMARY_KEY], given_up = carry_failures(before, failed)
        summary[GIVEN_UP_KEY] = len(given_up)
        if given_up:
            more = len(given_up) - NAMED
            logger.warning(
                "Gave up asking for %d article(s) that %d runs in a row could not get: %s%s",
                len(given_up),
                GIVE_UP_RUNS,
                ", ".join(given_up[:NAMED]),
                f" and {more} more" if more > 0 else "",
            )
