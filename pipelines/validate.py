"""First pipeline: only real articles with a body that fits the record schema go on.

Non-articles are expected (listing pages reached through a loose rule, PDFs, images, empty
pages): dropped at INFO under their `page_type`. A record that breaks the schema is an
extraction bug: dropped at WARNING as "invalid", with a stat per offending field.
"""

from __future__ import annotations

from typing import Any, Self

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from pipelines import drop
from pressbot.items import Article
from pressbot.schema import record_errors

_SHOWN_ERRORS = 3


class ValidatePipeline:
    crawler: Crawler

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        pipeline = cls(crawler.stats)
        pipeline.crawler = crawler
        return pipeline

    def process_item(self, item: Any) -> Article:
        if not isinstance(item, Article):
            drop(self.stats, "not_an_article_item", None, type(item).__name__, level="WARNING")
        if not item.is_article:
            why = item.extraction.warnings[0][:200] if item.extraction.warnings else ""
            drop(self.stats, item.extraction.page_type or "not_article", item.url, why)
        if not item.body.strip():
            drop(self.stats, "empty_body", item.url)
        errors = list(record_errors(item.to_dict(copy=False)))
        if errors:
            for field in dict.fromkeys(e.split(":", 1)[0].split("/", 1)[0] for e in errors):
                self.stats.inc_value(f"pressbot/invalid_field/{field}")
            shown = "; ".join(errors[:_SHOWN_ERRORS])
            more = f"; +{len(errors) - _SHOWN_ERRORS} more" if len(errors) > _SHOWN_ERRORS else ""
            drop(self.stats, "invalid", item.url, shown + more, level="WARNING")
        return item
