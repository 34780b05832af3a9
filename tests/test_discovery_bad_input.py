"""Sitemaps and feeds with one bad part: the rest of the document still comes out."""

from __future__ import annotations

import gzip
import logging
from datetime import UTC, datetime

import pytest

from pressbot.discovery import (
    MAX_ENTRIES,
    Entry,
    is_recent,
    parse_feed,
    parse_sitemap,
    parse_when,
)

URLSET = '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
NEWS = 'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'
BASE = "http://127.0.0.1:8000"
BAD_OFFSETS = ["2026-11-20T10:00:00+24:00", "2026-11-20T10:00:00+99:99", "2026-11-20T10:00:00-2400"]


def _urlset(*urls: str) -> bytes:
    body = "".join(f"<url><loc>{url}</loc></url>" for url in urls)
    return f'<?xml version="1.0" encoding="UTF-8"?>{URLSET}{body}</urlset>'.encode()


@pytest.mark.parametrize("text", BAD_OFFSETS)
def test_a_date_offset_of_a_day_or_more_is_unreadable(text: str) -> None:
    assert parse_when(text) is None


@pytest.mark.parametrize(
    "wrap",
    [
        "<lastmod>{}</lastmod>",
        "<news:news><news:publication_date>{}</news:publication_date></news:news>",
    ],
    ids=["lastmod", "news"],
)
def test_sitemap_entry_with_a_bad_date_is_kept_undated(wrap: str) -> None:
    dates = ["2026-11-20", BAD_OFFSETS[0], "2026-11-21"]
    body = "".join(
        f"<url><loc>{BASE}/a/{n}.html</loc>{wrap.format(when)}</url>"
        for n, when in enumerate(dates)
    )
    data = f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" {NEWS}>{body}</urlset>'
    kind, entries = parse_sitemap(data.encode(), f"{BASE}/sitemap.xml")
    assert kind == "urlset"
    assert [e.url for e in entries] == [f"{BASE}/a/{n}.html" for n in range(3)]
    assert entries[1].modified is None
    assert is_recent(entries[1], datetime(2026, 11, 21, tzinfo=UTC))


def test_feed_items_with_a_bad_date_are_kept_undated() -> None:
    atom = (
        '<feed xmlns="http://www.w3.org/2005/Atom">'
        f'<entry><link href="/a/1.html"/><updated>{BAD_OFFSETS[0]}</updated></entry>'
        '<entry><link href="/a/2.html"/><updated>2026-11-21T10:00:00Z</updated></entry></feed>'
    )
    rss = (
        "<rss><channel>"
        f"<item><link>/a/3.html</link><pubDate>{BAD_OFFSETS[1]}</pubDate></item>"
        "<item><link>/a/4.html</link><pubDate>Sat, 21 Nov 2026 10:00:00 +0000</pubDate></item>"
        "</channel></rss>"
    )
    for data, first in ((atom, "/a/1.html"), (rss, "/a/3.html")):
        entries = parse_feed(data.encode(), f"{BASE}/feed.xml")
        assert len(entries) == 2
        assert entries[0] == Entry(f"{BASE}{first}", None)


def test_rss_item_link_after_an_atom_self_link() -> None:
    rss = f"""<?xml version="1.0"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>t</title>
<item><title>a</title><atom:link rel="self" href="{BASE}/feed.xml"/><link>/a/8.html</link></item>
<item><title>b</title><atom:link href="/a/9.html"/></item>
<item><title>c</title><atom:link rel="self" href="{BASE}/feed.xml"/></item>
</channel></rss>"""
    entries = parse_feed(rss.encode(), f"{BASE}/feed.xml")
    assert [e.url for e in entries] == [f"{BASE}/a/8.html", f"{BASE}/a/9.html"]


def test_bare_ampersand_in_a_loc_is_kept() -> None:
    data = _urlset(
        f"{BASE}/a/2.html?id=2&lang=zh",
        f"{BASE}/a/3.html?id=3&amp;lang=zh&#38;x=1&#x26;y=2",
        f"{BASE}/a/4.html?id=4&",
    )
    _, entries = parse_sitemap(data, f"{BASE}/sitemap.xml")
    assert [e.url for e in entries] == [
        f"{BASE}/a/2.html?id=2&lang=zh",
        f"{BASE}/a/3.html?id=3&lang=zh&x=1&y=2",
        f"{BASE}/a/4.html?id=4&",
    ]


def test_bare_ampersand_in_a_gbk_feed_keeps_the_encoding_and_cdata() -> None:
    rss = (
        '<?xml version="1.0" encoding="gbk"?><rss><channel>'
        "<item><title>新闻</title><link>/新闻/1.html?id=1&lang=zh</link></item>"
        "<item><link><![CDATA[/a/2.html?id=2&lang=zh&amp;]]></link></item>"
        "</channel></rss>"
    ).encode("gbk")
    entries = parse_feed(rss, f"{BASE}/feed.xml")
    assert [e.url for e in entries] == [
        f"{BASE}/新闻/1.html?id=1&lang=zh",
        f"{BASE}/a/2.html?id=2&lang=zh&amp;",
    ]


def test_truncated_gzip_sitemap_keeps_its_complete_entries(
    caplog: pytest.LogCaptureFixture,
) -> None:
    whole = gzip.compress(_urlset(*(f"{BASE}/a/{n}.html" for n in range(4, 400))))
    with caplog.at_level(logging.WARNING, logger="pressbot.discovery"):
        kind, entries = parse_sitemap(whole[: len(whole) // 2], f"{BASE}/sm.xml.gz")
    assert kind == "urlset"
    urls = [e.url for e in entries]
    assert urls, "the complete entries before the cut are kept"
    assert urls == [f"{BASE}/a/{n}.html" for n in range(4, 4 + len(urls))]
    assert "Truncated" in caplog.text
    assert f"{BASE}/sm.xml.gz" in caplog.text


def test_sitemap_past_the_entry_cap_logs_how_many_were_dropped(
    caplog: pytest.LogCaptureFixture,
) -> None:
    data = _urlset(*(f"{BASE}/a/{n}.html" for n in range(MAX_ENTRIES + 7)))
    with caplog.at_level(logging.WARNING, logger="pressbot.discovery"):
        _, entries = parse_sitemap(data, f"{BASE}/big.xml")
    assert len(entries) == MAX_ENTRIES
    [record] = [r for r in caplog.records if r.name == "pressbot.discovery"]
    assert record.levelno == logging.WARNING
    assert "dropped the last 7" in record.getMessage()
    assert f"{BASE}/big.xml" in record.getMessage()


MALFORMED = ["http://[invalid/news/2020/067.html", "http://[fe80::1%eth0/001_3.html", "//[x/y"]
"""Links urllib cannot split ("Invalid IPv6 URL"): a typo on a page, never a reason to lose the
page's other links."""


@pytest.mark.parametrize("bad", MALFORMED)
def test_a_malformed_loc_costs_only_its_own_entry(
    bad: str, caplog: pytest.LogCaptureFixture
) -> None:
    good = [f"{BASE}/news/2020/{n:03}.html" for n in range(1, 5)]
    with caplog.at_level(logging.INFO, logger="pressbot.discovery"):
        kind, entries = parse_sitemap(_urlset(good[0], bad, *good[1:]), f"{BASE}/sitemap.xml")
    assert kind == "urlset"
    assert [entry.url for entry in entries] == good
    assert f"Skipped link {bad!r} on {BASE}/sitemap.xml: Invalid IPv6 URL" in caplog.text


@pytest.mark.parametrize("bad", MALFORMED)
def test_a_malformed_feed_link_costs_only_its_own_item(bad: str) -> None:
    items = "".join(
        f"<item><title>T{n}</title><link>{link}</link></item>"
        for n, link in enumerate([f"{BASE}/a/1.html", bad, f"{BASE}/a/2.html"])
    )
    rss = f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'.encode()
    entries = [f'<entry><title>T</title><link href="{link}"/></entry>' for link in (bad, "b.html")]
    atom = f'<feed xmlns="http://www.w3.org/2005/Atom">{"".join(entries)}</feed>'.encode()
    assert [e.url for e in parse_feed(rss, f"{BASE}/rss.xml")] == [
        f"{BASE}/a/1.html",
        f"{BASE}/a/2.html",
    ]
    assert [e.url for e in parse_feed(atom, f"{BASE}/a/atom.xml")] == [f"{BASE}/a/b.html"]


def test_a_malformed_href_costs_only_its_own_link() -> None:
    from parsel import Selector  # noqa: PLC0415

    from pressbot.discovery import continuation_links, hrefs  # noqa: PLC0415

    page = Selector(
        text='<a href="a.html">a</a> <a href="http://[invalid/x.html">x</a>'
        ' <a href="b.html#p">b</a>'
    )
    assert list(hrefs(page, f"{BASE}/news/")) == [f"{BASE}/news/a.html", f"{BASE}/news/b.html"]
    pager = Selector(
        text='<a href="001_2.html">2</a> <a href="http://[fe80::1%eth0/001_3.html">3</a>'
        ' <a href="001_4.html">4</a>'
    )
    first = f"{BASE}/news/2020/001.html"
    assert continuation_links(pager, first, first) == [
        f"{BASE}/news/2020/001_2.html",
        f"{BASE}/news/2020/001_4.html",
    ]


def test_html_entities_in_a_feed_leave_its_links_whole() -> None:
    """Chinese feeds write `&nbsp;` and `&mdash;` in titles, which XML does not define: the
    recovering parser then also dropped every later `&amp;`, and `?id=60&amp;lang=zh` became
    `?id=60lang=zh`, a page that does not exist."""
    items = "".join(
        f"<item><title>新闻&nbsp;{n} &mdash; 标题 &copy; &unknown;</title>"
        f"<link>{BASE}/news/show.html?id={n}&amp;lang=zh</link></item>"
        for n in (60, 61)
    )
    rss = (
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>{items}</channel></rss>'
    )
    entries = parse_feed(rss.encode(), f"{BASE}/feed.xml")
    assert [e.url for e in entries] == [
        f"{BASE}/news/show.html?id=60&lang=zh",
        f"{BASE}/news/show.html?id=61&lang=zh",
    ]


def test_html_entities_in_a_sitemap_loc_are_read_as_html_would() -> None:
    data = _urlset(f"{BASE}/a&nbsp;b.html", f"{BASE}/c.html?x=1&amp;y=2", f"{BASE}/d&eacute;.html")
    _, entries = parse_sitemap(data, f"{BASE}/sitemap.xml")
    assert [e.url for e in entries] == [
        f"{BASE}/a\xa0b.html",
        f"{BASE}/c.html?x=1&y=2",
        f"{BASE}/dé.html",
    ]


def test_an_absolute_link_with_dot_segments_is_resolved_as_a_browser_would() -> None:
    """`http://host/news/../2020/x.html` was requested and published with its `..` (its
    canonical URL had none), an address the site never links that way."""
    from parsel import Selector  # noqa: PLC0415

    from pressbot.discovery import hrefs  # noqa: PLC0415

    page = Selector(
        text=f'<a href="{BASE}/news/../2020/x.html">x</a>'
        f' <a href="{BASE}/a/./b/../c.html?q=1">c</a> <a href="{BASE}/.well-known/y.html">y</a>'
    )
    assert list(hrefs(page, f"{BASE}/news/")) == [
        f"{BASE}/2020/x.html",
        f"{BASE}/a/c.html?q=1",
        f"{BASE}/.well-known/y.html",
    ]
