"""A gzip body cut off mid-transfer is a failed download, not a shorter article.

The demo site is crawled over loopback HTTP with one article served gzip-encoded, its compressed
bytes cut at two thirds (the Content-Length is that of the cut bytes, so HTTP sees nothing
wrong). Scrapy's decompression gave "as much data as possible", and the article was published
with its body cut short.
"""

from __future__ import annotations

import gzip
import json

from conftest import DEMO, CrawlRunner

from pressbot.localserver import Reply, serve_directory

ARTICLE = "news/2020/06/article-02.html"
GOLD = json.loads((DEMO / "expected" / "article-02.json").read_text(encoding="utf-8"))
FAST = {"PRESSBOT_RETRY_BACKOFF": "0.2"}
HEADERS = {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"}


def _replies(cut_times: int) -> list[Reply]:
    """`cut_times` answers with the gzip stream cut short, then whole ones."""
    whole = gzip.compress((DEMO / "site" / ARTICLE).read_bytes())
    cut = whole[: len(whole) * 2 // 3]
    return [Reply(200, HEADERS, cut)] * cut_times + [Reply(200, HEADERS, whole)]


def test_a_cut_gzip_body_is_retried_and_the_whole_article_published(
    crawl: CrawlRunner,
) -> None:
    with serve_directory(DEMO / "site", extra={f"/{ARTICLE}": _replies(1)}) as base:
        result = crawl("site=demo", f"base_url={base}", settings=FAST)
    assert result.returncode == 0, result.describe()
    record = next(r for r in result.records() if r["url"] == f"{base}{ARTICLE}")
    assert record["body"] == GOLD["body"]
    assert result.stats.get("pressbot/truncated_body") == 1, result.describe()
    assert result.stats.get("retry/reason_count/truncated gzip body") == 1


def test_a_gzip_body_cut_every_time_fails_and_nothing_short_is_published(
    crawl: CrawlRunner,
) -> None:
    with serve_directory(DEMO / "site", extra={f"/{ARTICLE}": _replies(10)}) as base:
        result = crawl("site=demo", f"base_url={base}", settings=FAST)
    url = f"{base}{ARTICLE}"
    assert url not in [r["url"] for r in result.records()], "no record cut short"
    assert f"Failed: TruncatedBody: {url} (gzip body cut short" in result.log, result.describe()
    assert result.stats.get("pressbot/errors/TruncatedBody") == 1
    assert len(result.records()) == 10, "the other articles are published"
