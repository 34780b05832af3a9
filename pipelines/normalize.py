"""Second pipeline: the same normalisers offline parsing uses, applied to every crawled record."""

from __future__ import annotations

from typing import Self

from scrapy.crawler import Crawler

from pressbot.items import Article
from pressbot.normalize import normalize_article


class NormalizePipeline:
    crawler: Crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        pipeline = cls()
        pipeline.crawler = crawler
        return pipeline

    def process_item(self, item: Article) -> Article:
        return normalize_article(item)
