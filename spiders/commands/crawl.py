"""`scrapy crawl` whose exit status says whether the run was healthy, for cron and scrapyd.

Scrapy's own `crawl` exits 1 only when the crawl could not start (bad arguments, a broken config,
an unusable state file). This one also exits 3 (`pressbot.health.UNHEALTHY_EXIT`) when the crawl
ran but the health extension judged it unhealthy (`pipelines.health`): it did not finish, found no
article where the last run found some, or too many requests failed.
"""

from __future__ import annotations

import argparse

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.crawler import Crawler
from scrapy.spiders import Spider

from pipelines.health import EXIT_STATUS


class Command(ScrapyCrawl):
    def _create_crawler(self, spidercls: type[Spider] | str) -> Crawler:
        self._run_crawler: Crawler | None = super()._create_crawler(spidercls)
        return self._run_crawler

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        self._run_crawler = None
        super().run(args, opts)
        if self.exitcode or self._run_crawler is None:
            return
        try:
            status = self._run_crawler.stats.get_value(EXIT_STATUS)
        except RuntimeError:  # the crawl never got as far as its stats
            return
        if status:
            self.exitcode = int(status)
