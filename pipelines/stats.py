"""Run health in numbers: `pressbot/published`, and the final stats as JSON for cron and CI.

`pressbot/published` counts items that passed every pipeline (Scrapy's `item_scraped`), i.e. what
the feed received. With `PRESSBOT_STATS_PATH` set, all stats are written there once the engine
has stopped (so the feed export's own stats are included), atomically like the feeds.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

PUBLISHED = "pressbot/published"


class RunStats:
    crawler: Crawler

    def __init__(self, stats: StatsCollector, path: Path | None) -> None:
        self.stats = stats
        self.path = path

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        path = crawler.settings.get("PRESSBOT_STATS_PATH")
        extension = cls(crawler.stats, Path(path) if path else None)
        extension.crawler = crawler
        crawler.signals.connect(extension.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(extension.engine_stopped, signal=signals.engine_stopped)
        return extension

    def item_scraped(self, item: Any) -> None:
        self.stats.inc_value(PUBLISHED)

    def engine_stopped(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        part = self.path.with_name(self.path.name + ".part")
        text = json.dumps(self.stats.get_stats(), default=str, indent=1, sort_keys=True)
        part.write_text(text + "\n", encoding="utf-8")
        os.replace(part, self.path)
