"""Gzip bodies read to their end, or not at all.

Scrapy's HttpCompressionMiddleware inflates "as much data as possible": a gzip stream cut off
mid-transfer (a dropped connection behind a proxy that had already sent a Content-Length for the
compressed bytes it got) came out as a shorter page, and its article was published cut short,
its URL then known and never fetched again. This subclass inflates gzip the same way but treats
a stream that ends before its end-of-stream marker as a failed download: retried like a reset
connection (`RETRY_TIMES`, after the same backoff), then failed and counted
(`pressbot/errors/TruncatedBody`). A bad CRC alone is still read, as Scrapy reads it.
Registered in place of Scrapy's, at its priority.
"""

from __future__ import annotations

import struct
from gzip import GzipFile
from io import BytesIO
from typing import Self

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.http import Response
from scrapy.utils._compression import _check_max_size

from pipelines.retry import with_backoff

_CHUNK = 64 * 1024


class TruncatedBody(IOError):
    """A compressed body that ends before its compressed stream does."""


def gunzip_whole(data: bytes, *, max_size: int = 0) -> bytes:
    """`scrapy.utils.gz.gunzip`, except that a stream cut short raises `TruncatedBody`.

    >>> import gzip
    >>> whole = gzip.compress(b"<p>" + b"x" * 5000 + b"</p>")
    >>> len(gunzip_whole(whole))
    5007
    >>> gunzip_whole(whole[: len(whole) // 2])  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    TruncatedBody: gzip body cut short
    """
    stream = GzipFile(fileobj=BytesIO(data))
    out = BytesIO()
    size = 0
    while True:
        try:
            chunk = stream.read1(_CHUNK)
        except EOFError as exc:
            raise TruncatedBody(
                f"gzip body cut short: {len(data)} bytes end before the stream does "
                f"({size} bytes inflated)"
            ) from exc
        except (OSError, struct.error):  # a bad CRC or trailing junk: keep what came, as Scrapy
            if size:
                break
            raise
        if not chunk:
            return out.getvalue()
        size += len(chunk)
        _check_max_size(size, max_size)
        out.write(chunk)
    return out.getvalue()


class WholeBodyCompressionMiddleware(HttpCompressionMiddleware):
    crawler: Crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        middleware = super().from_crawler(crawler)
        middleware.crawler = crawler
        return middleware

    @staticmethod
    def _decode(body: bytes, encoding: bytes, max_size: int) -> bytes:
        if encoding in {b"gzip", b"x-gzip"}:
            return gunzip_whole(body, max_size=max_size)
        return HttpCompressionMiddleware._decode(body, encoding, max_size)

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        try:
            return super().process_response(request, response)
        except TruncatedBody as exc:
            self.crawler.stats.inc_value("pressbot/truncated_body")
            retry = get_retry_request(
                request, spider=self.crawler.spider, reason="truncated gzip body"
            )
            if retry is not None:
                settings = self.crawler.settings
                return with_backoff(
                    retry,
                    settings.getfloat("PRESSBOT_RETRY_BACKOFF", 2.0),
                    settings.getfloat("PRESSBOT_RETRY_BACKOFF_MAX", 60.0),
                )
            raise TruncatedBody(f"{exc}; gave up after retries") from exc
