"""Compressed bodies read to their end and intact, or not at all.

Scrapy's HttpCompressionMiddleware inflates "as much data as possible": a gzip stream cut off
mid-transfer (a dropped connection behind a proxy that had already sent a Content-Length for the
compressed bytes it got) came out as a shorter page, and its article was published cut short,
its URL then known and never fetched again. This subclass inflates gzip the same way but treats
a stream that ends before its end-of-stream marker as a failed download: retried like a reset
connection (`RETRY_TIMES`, after the same backoff), then failed and counted
(`pressbot/errors/TruncatedBody`).

A body that is no valid compressed data (any encoding), or a gzip member whose CRC or length
does not match what it inflates to (Scrapy kept that text, garbled), fails as `CorruptBody`
(`pressbot/errors/CorruptBody`, one "Failed:" line naming the URL), not retried: a server that
labels a plain body as gzip does so every time, and the next run asks again anyway. Bytes after
a whole gzip member that start no other member are ignored, as Scrapy ignores them.
Registered in place of Scrapy's, at its priority.
"""

from __future__ import annotations

import zlib
from io import BytesIO
from typing import Self

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.http import Response
from scrapy.utils._compression import _check_max_size, _DecompressionMaxSizeExceeded

from pipelines.retry import backoff_settings, with_backoff

_CHUNK = 64 * 1024
_GZIP_MAGIC = b"\x1f\x8b"
_GZIP_WBITS = 31
"""zlib's gzip mode: the header, CRC and length of each member are checked."""


class TruncatedBody(IOError):
    """A compressed body that ends before its compressed stream does."""


class CorruptBody(IOError):
    """A compressed body that is no valid compressed data, or inflates to other bytes than its
    gzip CRC and length say."""


def gunzip_whole(data: bytes, *, max_size: int = 0) -> bytes:
    """`scrapy.utils.gz.gunzip`, except that a stream cut short raises `TruncatedBody`, and
    invalid data or a CRC that does not match `CorruptBody`.

    >>> import gzip
    >>> whole = gzip.compress(b"<p>" + b"x" * 5000 + b"</p>")
    >>> len(gunzip_whole(whole)), len(gunzip_whole(whole + whole + b"trailing junk"))
    (5007, 10014)
    >>> gunzip_whole(whole[: len(whole) // 2])  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    TruncatedBody: gzip body cut short
    >>> gunzip_whole(whole[:-8] + bytes(8))  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    CorruptBody: gzip body corrupt: incorrect data check
    """
    out = BytesIO()
    rest, first = data, True
    while rest and (first or rest.startswith(_GZIP_MAGIC)):
        rest = _gunzip_member(rest, out, max_size)
        first = False
    return out.getvalue()


def _gunzip_member(data: bytes, out: BytesIO, max_size: int) -> bytes:
    """Inflate the gzip member `data` starts with into `out`; return the bytes after it (less
    the zero padding that may follow a member)."""
    inflater = zlib.decompressobj(_GZIP_WBITS)
    pending = data
    while not inflater.eof:
        try:
            chunk = inflater.decompress(pending, _CHUNK)
        except zlib.error as exc:
            raise CorruptBody(f"gzip body corrupt: {exc}") from exc
        pending = inflater.unconsumed_tail
        if not (chunk or pending or inflater.eof):
            raise TruncatedBody(
                f"gzip body cut short: {len(data)} bytes end before the stream does "
                f"({out.tell()} bytes inflated)"
            )
        _check_max_size(out.tell() + len(chunk), max_size)
        out.write(chunk)
    return inflater.unused_data.lstrip(b"\x00")


class WholeBodyCompressionMiddleware(HttpCompressionMiddleware):
    crawler: Crawler
    backoff: tuple[float, float]
    """The retry backoff's base and cap (`pipelines.retry.backoff_settings`)."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        middleware = super().from_crawler(crawler)
        middleware.crawler = crawler
        middleware.backoff = backoff_settings(crawler.settings)
        return middleware

    @staticmethod
    def _decode(body: bytes, encoding: bytes, max_size: int) -> bytes:
        if encoding in {b"gzip", b"x-gzip"}:
            return gunzip_whole(body, max_size=max_size)
        try:
            return HttpCompressionMiddleware._decode(body, encoding, max_size)
        except _DecompressionMaxSizeExceeded:
            raise  # (Scrapy's own outcome: the response is dropped as too big)
        except Exception as exc:  # zlib.error, brotli.error, zstd's: whichever decoder it was
            raise CorruptBody(f"{encoding.decode('latin-1')} body corrupt: {exc}") from exc

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
                return with_backoff(retry, *self.backoff)
            raise TruncatedBody(f"{exc}; gave up after retries") from exc
