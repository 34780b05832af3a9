"""The pipelines on a real (unstarted) Scrapy crawler: what they drop, why, and what they count."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from pipelines.dedup import DedupPipeline
from pipelines.validate import ValidatePipeline
from pressbot.dedup import content_hash, simhash
from pressbot.items import Article, Extraction

BODY = "国务院新闻办公室今天举行新闻发布会。\n会议介绍了有关情况。"


def _article(url: str = "http://news.example/2026/a.html", body: str = BODY) -> Article:
    return Article(
        url=url,
        canonical_url=url,
        site="demo",
        title="新闻发布会",
        body=body,
        fetched_at="2026-11-29T07:40:00+00:00",
        content_hash=content_hash(body),
        simhash=f"{simhash(body):016x}",
    )


@pytest.fixture
def crawler(tmp_path: Path) -> Crawler:
    crawler = get_crawler(settings_dict={"PRESSBOT_STATE_PATH": str(tmp_path / "state.sqlite3")})
    crawler.stats.open_spider()
    return crawler


def _dropped(crawler: Crawler) -> dict[str, int]:
    stats = crawler.stats.get_stats()
    return {k: v for k, v in stats.items() if k.startswith("pressbot/")}


def test_validate_passes_a_good_record(crawler: Crawler) -> None:
    article = _article()
    assert ValidatePipeline.from_crawler(crawler).process_item(article) is article
    assert _dropped(crawler) == {}


@pytest.mark.parametrize(
    ("article", "reason"),
    [
        (Article(url="http://x/a.pdf", extraction=Extraction(page_type="binary")), "binary"),
        (Article(url="http://x/", extraction=Extraction(page_type="listing")), "listing"),
        (_article(body=" \n "), "empty_body"),
        (Article(url="http://x/a.html", body="text"), "invalid"),
    ],
)
def test_validate_drops_with_a_counted_reason(
    crawler: Crawler, article: Article, reason: str
) -> None:
    with pytest.raises(DropItem, match=rf"^{reason}: {article.url}"):
        ValidatePipeline.from_crawler(crawler).process_item(article)
    assert crawler.stats.get_value(f"pressbot/dropped/{reason}") == 1


def test_invalid_records_count_the_fields_at_fault(crawler: Crawler) -> None:
    article = _article()
    article.authors = [" padded "]
    article.content_hash = "not-a-hash"
    with pytest.raises(DropItem, match="authors/0"):
        ValidatePipeline.from_crawler(crawler).process_item(article)
    assert _dropped(crawler) == {
        "pressbot/dropped/invalid": 1,
        "pressbot/invalid_field/authors": 1,
        "pressbot/invalid_field/content_hash": 1,
    }


def test_dedup_drops_later_copies(crawler: Crawler) -> None:
    pipeline = DedupPipeline.from_crawler(crawler)

    async def crawl() -> None:  # on a running event loop: records wait for their group commit
        try:
            first = _article()
            assert await pipeline.process_item(first) is first
            with pytest.raises(DropItem, match=r"^duplicate_url: .*first seen at http://news"):
                await pipeline.process_item(_article())
            with pytest.raises(DropItem, match=r"^duplicate_content: http://mirror\.example/"):
                await pipeline.process_item(_article(url="http://mirror.example/a.html"))
        finally:
            pipeline.close_spider()

    asyncio.run(crawl())
    assert _dropped(crawler) == {
        "pressbot/dropped/duplicate_url": 1,
        "pressbot/dropped/duplicate_content": 1,
    }
