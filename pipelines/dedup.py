"""Last pipeline: drop what an earlier record (this run or any earlier run) already published.

A thin adapter over `pressbot.dedup.sqlite.SQLiteDedupStore`; first seen wins. The state file
is opened while the crawler is built, so a corrupt or unreadable file stops the run before the
spider opens or anything is fetched, with an error naming the file and a non-zero exit status
from `scrapy crawl` (NotConfigured would silently publish duplicates instead).
"""

from __future__ import annotations

from pathlib import Path
from typing import Self

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from pipelines import drop
from pressbot.dedup import canonical_url
from pressbot.dedup.sqlite import SQLiteDedupStore
from pressbot.items import Article


class DedupPipeline:
    crawler: Crawler

    def __init__(self, store: SQLiteDedupStore, stats: StatsCollector) -> None:
        self.store = store
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        path = Path(crawler.settings.get("PRESSBOT_STATE_PATH") or "state/pressbot.sqlite3")
        pipeline = cls(SQLiteDedupStore(path), crawler.stats)
        pipeline.crawler = crawler
        return pipeline

    def close_spider(self) -> None:
        self.store.close()

    def process_item(self, item: Article) -> Article:
        url = item.url or ""
        key = item.canonical_url or (canonical_url(url) if url else None)
        found = self.store.check_and_add(key, item.content_hash, url, item.simhash)
        if found is not None:
            reason, first_url = found
            drop(self.stats, reason, item.url, f"first seen at {first_url}")
        return item
