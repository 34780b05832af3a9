"""Hostile sitemaps and feeds: entity bombs, gzip bombs and endless sitemaps stay bounded."""

from __future__ import annotations

import gzip
import io

from pressbot.discovery import MAX_ENTRIES, parse_feed, parse_sitemap

URLSET = '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'


def test_billion_laughs_is_not_expanded() -> None:
    lol = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i else "lol"}">' for i in range(10))
    data = (
        f'<?xml version="1.0"?><!DOCTYPE urlset [{lol}]>{URLSET}'
        "<url><loc>http://example.cn/a/&lol9;.html</loc></url></urlset>"
    ).encode()
    kind, entries = parse_sitemap(data, "http://example.cn/sitemap.xml")
    assert kind in {"urlset", "unknown"}
    assert all(len(entry.url) < 200 for entry in entries)  # 10**9 "lol"s were never made
    assert parse_feed(data.replace(b"urlset", b"rss"), "http://example.cn/feed.xml") == []


def test_gzip_bomb_sitemap_is_read_only_up_to_the_limit() -> None:
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb") as bomb:
        bomb.write(URLSET.encode())
        chunk = b" " * (1 << 20)
        for _ in range(200):  # 200 MB of whitespace, about 200 KB compressed
            bomb.write(chunk)
    kind, entries = parse_sitemap(buffer.getvalue(), "http://example.cn/sitemap.xml.gz")
    assert entries == []
    assert kind in {"urlset", "unknown"}


def test_sitemap_of_endless_urls_stops_at_the_protocol_limit() -> None:
    body = "".join(f"<url><loc>http://example.cn/a/{i}.html</loc></url>" for i in range(120_000))
    kind, entries = parse_sitemap(f"{URLSET}{body}</urlset>".encode(), "http://example.cn/s.xml")
    assert kind == "urlset"
    assert len(entries) == MAX_ENTRIES
    assert entries[0].url == "http://example.cn/a/0.html"


def test_garbage_and_broken_input_give_nothing() -> None:
    for data in (b"\x00\xff garbage", b"", b"\x1f\x8b\x08 broken gzip", b"<html>not xml"):
        assert parse_sitemap(data, "http://example.cn/s.xml") == ("unknown", [])
        assert parse_feed(data, "http://example.cn/f.xml") == []
