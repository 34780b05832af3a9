"""The pure discovery helpers: sitemaps, feeds, pagination links, multi-page articles."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st
from parsel import Selector

from pressbot.discovery import (
    continuation_links,
    generic_next,
    hrefs,
    is_recent,
    may_have_parts,
    pager_links,
    parse_feed,
    parse_sitemap,
    stitch,
)
from pressbot.items import Article, Extraction
from pressbot.plan import CrawlPlan

BASE = "http://127.0.0.1:8000/sitemaps/news.xml"


def test_gzipped_news_sitemap_with_relative_locs() -> None:
    xml = b"""<?xml version="1.0"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
 <url><loc>/a/1.html</loc><lastmod>2020-06-01</lastmod>
  <news:news><news:publication_date>2020-06-03T08:00:00+08:00</news:publication_date></news:news>
 </url>
 <url><loc> http://127.0.0.1:8000/a/2.html#top </loc></url>
 <url><lastmod>2020-06-01</lastmod></url>
</urlset>"""
    kind, entries = parse_sitemap(gzip.compress(xml), BASE)
    assert kind == "urlset"
    assert [e.url for e in entries] == [
        "http://127.0.0.1:8000/a/1.html",
        "http://127.0.0.1:8000/a/2.html",
    ]
    assert entries[0].modified == datetime(2020, 6, 3, 0, 0, tzinfo=UTC)
    assert entries[1].modified is None
    cutoff = datetime(2020, 6, 2, tzinfo=UTC)
    assert [is_recent(e, cutoff) for e in entries] == [True, True]
    assert not is_recent(entries[0], datetime(2020, 6, 4, tzinfo=UTC))


def test_not_a_sitemap() -> None:
    assert parse_sitemap(b"<html><body>404</body></html>", BASE) == ("unknown", [])
    assert parse_sitemap(b"\x1f\x8bnot gzip", BASE) == ("unknown", [])
    assert parse_feed(b"", BASE) == []


def test_rss_guid_permalink_and_atom_alternate_link() -> None:
    rss = b"""<rss version="2.0"><channel>
<item><guid>http://x.cn/1.html</guid><pubDate>Tue, 02 Jun 2020 10:31:00 +0800</pubDate></item>
<item><guid isPermaLink="false">tag:x,1</guid></item>
<item><link>2.html</link></item>
</channel></rss>"""
    entries = parse_feed(rss, "http://x.cn/feed/")
    assert [e.url for e in entries] == ["http://x.cn/1.html", "http://x.cn/feed/2.html"]
    assert entries[0].modified is not None and entries[0].modified.isoformat().endswith("+08:00")
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry>
<link rel="self" href="/api/1"/><link rel="alternate" href="/news/1.html"/>
<updated>2020-06-02T10:31:00Z</updated></entry></feed>"""
    assert [e.url for e in parse_feed(atom, "http://x.cn/atom.xml")] == ["http://x.cn/news/1.html"]


def test_generic_next_and_pager_links() -> None:
    page = Selector(
        text='<ul><li><a href="t1.html">news</a></li></ul><div class="pages">'
        '<a href="index.html">1</a> <a href="index_1.html">2</a>'
        '<a href="index_1.html">下一页</a></div><a href="x.html" rel="nofollow">Next door</a>'
    )
    found = generic_next(page)
    assert list(hrefs(found, "http://a.cn/")) == ["http://a.cn/index_1.html"]
    assert pager_links(found, "http://a.cn/") == {
        "http://a.cn/index.html",
        "http://a.cn/index_1.html",
    }


def test_continuation_links_by_shape_and_by_selector() -> None:
    first = "http://a.cn/2020/t20200602_12.html"
    page = Selector(
        text='<a href="t20200602_12_3.html">3</a><a href="t20200602_12_2.html">2</a>'
        '<a href="t20200602_13.html">other</a><a href="t20200602_12.html">1</a>'
        '<div class="pg"><a href="more.html?p=2">more</a></div>'
    )
    assert continuation_links(page, first, first) == [
        "http://a.cn/2020/t20200602_12_2.html",
        "http://a.cn/2020/t20200602_12_3.html",
    ]
    assert continuation_links(page, first, first, "div.pg")[-1] == "http://a.cn/2020/more.html?p=2"


def test_stitch_joins_bodies_and_takes_credits_from_any_page() -> None:
    one = Article(
        url="http://a.cn/1.html",
        title="T",
        body="p1",
        published_at="2020-06-02",
        source="S",
        credit_lines=["来源：S"],
    )
    two = Article(url="http://a.cn/1_2.html", title="T", body="p2", source="S")
    three = Article(
        url="http://a.cn/1_3.html",
        body="p3",
        editors=["E"],
        credit_lines=["编辑：E"],
        extraction=Extraction(warnings=["w"]),
    )
    record = stitch([one, two, three])
    assert record.url == "http://a.cn/1.html"
    assert record.body == "p1\np2\np3"
    assert record.editors == ["E"] and record.source == "S"
    assert record.credit_lines == ["来源：S", "编辑：E"]
    assert record.extraction.methods["pages"] == "3"
    assert record.extraction.warnings == ["page 3: w"]
    assert record.content_hash and record.simhash


def test_generic_plan_classifies_links_by_shape() -> None:
    plan = CrawlPlan.build(start_url="http://www.example.gov.cn/")
    assert plan.classify("http://www.example.gov.cn/xwfb/202006/t20200602_1.html") == "article"
    assert plan.classify("http://www.example.gov.cn/xwfb/index_2.html") == "listing"
    assert plan.classify("http://www.example.gov.cn/about.html") == "probe"


_NAMES = st.sampled_from(
    ["t20200602_12", "T20200602_12", "t20200602", "other", "t20200602_12_x", "a%20b", "a b"]
)
_HREFS = st.builds(
    "{}{}{}{}".format,
    st.sampled_from(["", "/2020/", "http://a.cn/2020/", "../2020/", "http://b.cn/2020/"]),
    _NAMES,
    st.sampled_from(["", "_2", "_3", "_10", "_1000", "_x"]),
    st.sampled_from([".html", ".HTML", ".htm", ".shtml", "", ".pdf", ".html#top", ".html?x=1"]),
)


@settings(max_examples=300, deadline=None)
@given(
    hrefs=st.lists(_HREFS, max_size=6),
    first=st.sampled_from(
        [
            "http://a.cn/2020/t20200602_12.html",
            "http://a.cn/2020/t20200602_12.HTML",
            "http://a.cn/2020/a%20b.htm",
            "http://a.cn/2020/t20200602",
            "http://a.cn/2020/",
        ]
    ),
)
def test_the_shortcut_never_hides_a_later_part(hrefs: list[str], first: str) -> None:
    """`may_have_parts` lets a crawl skip the parse when it says False: then the full check
    must find no part either."""
    page = "<html><body>" + "".join(f'<a href="{h}">x</a>' for h in hrefs) + "</body></html>"
    if continuation_links(Selector(text=page), first, first):
        assert may_have_parts(page, first)


def test_pager_links_of_a_bootstrap_pager_and_a_jump_bar_but_not_of_columns() -> None:
    """`<li class="next"><a>`: the pager is the `<ul>`, not the `<li>` (which held only the next
    link, so numbered pages each started a pagination of their own); numbered links of a
    separate "jump to page" bar are pages too; a column's link is none."""
    page = Selector(
        text='<nav><a href="/world/index.html">World</a> <a href="/china/index.html">China</a>'
        '</nav><div class="jump"><a href="index_3.html">3</a></div><ul class="pagination">'
        '<li><a href="index.html">1</a></li><li><a href="index_2.html">2</a></li>'
        '<li class="next"><a rel="next" href="index_2.html">Next</a></li></ul>'
    )
    for selector in ("li.next a", "li.next"):
        assert pager_links(page.css(selector), "http://a.cn/news/") == {
            "http://a.cn/news/index.html",
            "http://a.cn/news/index_2.html",
            "http://a.cn/news/index_3.html",
        }


def test_atom_links_resolve_against_xml_base() -> None:
    """xml:base (on the feed, an entry or the link, relative ones folded in) was ignored: a
    relative href resolved against the feed's own URL."""
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://x.cn/news/">
<entry><link href="a.html"/></entry>
<entry xml:base="2020/"><link rel="alternate" href="b.html"/></entry>
<entry><link xml:base="/other/" href="c.html"/></entry>
</feed>"""
    assert [e.url for e in parse_feed(atom, "http://x.cn/feed/atom.xml")] == [
        "http://x.cn/news/a.html",
        "http://x.cn/news/2020/b.html",
        "http://x.cn/other/c.html",
    ]
    gzipped = gzip.compress(
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="d.html"/></entry></feed>'
    )
    assert [e.url for e in parse_feed(gzipped, "http://x.cn/feed/")] == ["http://x.cn/feed/d.html"]
