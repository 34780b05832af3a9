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


def _garbled(body: bytes) -> bytes:
    """`body` gzipped, its first deflate block given the reserved block type: invalid data."""
    data = bytearray(gzip.compress(body))
    data[10] |= 0b110  # after the 10-byte header: BTYPE 11
    return bytes(data)


def _bad_crc(body: bytes) -> bytes:
    """`body` gzipped as stored blocks with one letter's case flipped: it inflates, but to other
    text than the server sent, which only the CRC shows."""
    data = bytearray(gzip.compress(body, compresslevel=0))
    data[len(data) // 2] ^= 0x20
    return bytes(data)


def test_a_corrupt_body_fails_under_its_own_reason_and_nothing_garbled_is_published(
    crawl: CrawlRunner,
) -> None:
    """Invalid deflate data failed as `errors/error` (zlib's class name); a body whose CRC did
    not match was published garbled. Each now fails as CorruptBody, in one line, unretried."""
    pages = {
        "news/2020/06/article-04.html": (_bad_crc, "gzip"),
        "news/2020/06/article-05.html": (lambda body: b"not deflate at all", "deflate"),
        "news/2020/06/article-08.html": (_garbled, "gzip"),
    }
    extra = {
        f"/{path}": Reply(
            200,
            {**HEADERS, "Content-Encoding": encoding},
            corrupt((DEMO / "site" / path).read_bytes()),
        )
        for path, (corrupt, encoding) in pages.items()
    }
    with serve_directory(DEMO / "site", extra=extra) as base:
        result = crawl("site=demo", f"base_url={base}", settings=FAST)
    published = [r["url"] for r in result.records()]
    assert len(published) == 8, result.describe()
    for path in pages:
        assert f"{base}{path}" not in published
        assert f"Failed: CorruptBody: {base}{path} (" in result.log, result.describe()
    assert result.stats.get("pressbot/errors/CorruptBody") == 3, result.describe()
    assert "pressbot/errors/error" not in result.stats
    assert "retry/count" not in result.stats, "corrupt data is not retried within the run"
    assert "Traceback" not in result.log
