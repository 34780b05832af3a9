"""Discovery end to end: sitemaps, feeds, paginated listings, multi-page articles, generic mode.

Each test serves a fixture site (fixtures/crawl/<site>/) on 127.0.0.1, crawls it with the real
`scrapy crawl press`, and checks the exact published records (against the site's hand-written
records.json), the stats, and what the server was (not) asked for.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from conftest import CrawlRunner
from fixture_sites import FAST, SITES_DIR, check_records, expected, file_reply, site_root

from pressbot.cli import main
from pressbot.localserver import Reply, RequestLog, serve_directory


def test_sitemap_index_urlsets_news_sitemap_and_lastmod_cutoff(crawl: CrawlRunner) -> None:
    log = RequestLog()
    with serve_directory(site_root("sitemap"), log=log) as base:
        result = crawl("site=sitemap", f"base_url={base}", "since=2020-06-01", settings=FAST)
    assert result.returncode == 0, result.describe()
    check_records(
        result, base, "sitemap", ["articles/2020/06/jc2001.html", "articles/2020/06/jc2003.html"]
    )
    stats = result.stats
    assert stats["pressbot/sitemap/index"] == 1
    assert stats["pressbot/sitemap/urlset"] == 2  # 2020-06.xml and news.xml
    assert stats["pressbot/sitemap/too_old_sitemaps"] == 1  # 2019.xml, lastmod 2019-12-31
    assert stats["pressbot/sitemap/too_old"] == 1  # jc2002, lastmod 2020-05-20
    assert stats["pressbot/article/links"] == 3
    assert stats["pressbot/links/offsite"] == 1
    assert stats["pressbot/published"] == 2
    assert "changes nothing" not in result.log, result.describe()
    asked = log.paths()
    assert "/sitemaps/2019.xml" not in asked, "a sitemap older than the cut-off is not read"
    assert "/articles/2020/05/jc2002.html" not in asked
    assert "/about.html" not in asked, "sitemap entries outside article_allow are not fetched"


def test_sitemaps_unchanged_since_a_run_read_them_are_not_read_again(crawl: CrawlRunner) -> None:
    """Every run read every sitemap of an index, however long unchanged: a site with a sitemap
    a day read them all each hour. A sitemap a finished run read while the index gave it the
    lastmod it gives now is unchanged: run 2 reads news.xml (no lastmod) and 2019.xml, which
    failed in run 1 (a 503), not 2020-06.xml. Run 3: 2020-06.xml changed, and is read. Run 4:
    an index whose every sitemap is unchanged finds no article link, and is healthy all the
    same (nothing new is no outage). A full run reads them all."""
    root = site_root("sitemap")
    index = (root / "sitemap_index.xml").read_text(encoding="utf-8")
    news = "<sitemap><loc>sitemaps/news.xml</loc></sitemap>"
    june = "2020-06-04T09:00:00+08:00"
    assert news in index and june in index
    changed = index.replace(june, "2020-06-30T09:00:00+08:00").replace(news, "")
    june_line = next(line for line in index.splitlines() if june in line)
    only_old = index.replace(june_line, "").replace(news, "")
    xml = {"Content-Type": "application/xml"}
    extra: dict[str, Reply] = {"/sitemaps/2019.xml": Reply(503, xml, b"busy")}
    log = RequestLog()
    hits = []
    runs = []
    with serve_directory(root, extra=extra, log=log) as base:
        for served, args in (
            (None, ()),
            (None, ()),
            (changed, ()),
            (only_old, ()),
            (only_old, ("full=1",)),
        ):
            if served is not None:
                extra["/sitemap_index.xml"] = Reply(200, xml, served.encode("utf-8"))
            log.hits.clear()
            runs.append(crawl("site=sitemap", f"base_url={base}", *args, settings=FAST))
            hits.append({p for p in log.paths() if p.startswith("/sitemaps/")})
            extra.pop("/sitemaps/2019.xml", None)
    first, second, third, fourth, full = runs
    assert first.returncode in (0, 3), first.describe()
    assert hits[0] == {"/sitemaps/2020-06.xml", "/sitemaps/news.xml", "/sitemaps/2019.xml"}
    assert second.returncode == 0, second.describe()
    assert hits[1] == {"/sitemaps/news.xml", "/sitemaps/2019.xml"}, "2020-06.xml was read"
    assert second.stats["pressbot/sitemap/unchanged_sitemaps"] == 1
    assert "1 of its 3 sitemaps not read, unchanged since a run read them" in second.log
    assert third.returncode == 0, third.describe()
    assert hits[2] == {"/sitemaps/2020-06.xml"}, "changed since run 1 read it: read"
    assert third.stats["pressbot/sitemap/unchanged_sitemaps"] == 1
    assert fourth.returncode == 0, fourth.describe()
    assert hits[3] == set() and "pressbot/article/links" not in fourth.stats
    assert full.returncode == 0, full.describe()
    assert hits[4] == {"/sitemaps/2019.xml"}, "a full run reads every sitemap"
    assert "pressbot/sitemap/unchanged_sitemaps" not in full.stats


def test_a_sitemap_read_with_a_since_cut_off_is_read_again_without_it(
    crawl: CrawlRunner,
) -> None:
    """A run with `since` reads a sitemap but skips its older entries: it has not read the
    sitemap whole, so the next run without `since` reads it again (were it noted as read, its
    older articles would never be fetched: the sitemap stays unchanged)."""
    log = RequestLog()
    with serve_directory(site_root("sitemap"), log=log) as base:
        first = crawl("site=sitemap", f"base_url={base}", "since=2020-06-01", settings=FAST)
        log.hits.clear()
        second = crawl("site=sitemap", f"base_url={base}", settings=FAST)
    assert first.returncode == 0, first.describe()
    assert second.returncode == 0, second.describe()
    assert "/sitemaps/2020-06.xml" in log.paths()
    assert "/articles/2020/05/jc2002.html" in log.paths(), "the entry since= skipped"
    assert [r["url"] for r in second.records() if "jc2002" in r["url"]] == [
        f"{base}articles/2020/05/jc2002.html"
    ]


def test_sitemaps_are_not_noted_read_by_a_run_that_failed_an_article(
    crawl: CrawlRunner,
) -> None:
    """jc2001 (in 2020-06.xml) fails in run 1. Once given up after three runs it is no longer
    asked for directly; were its sitemap noted as read, no run would meet it again. A run that
    could not get an article notes no sitemap: run 2 reads 2020-06.xml again (and gets it)."""
    failing = "/articles/2020/06/jc2001.html"
    extra: dict[str, object] = {failing: (500, {"Content-Type": "text/html"}, b"busy")}
    log = RequestLog()
    with serve_directory(site_root("sitemap"), extra=extra, log=log) as base:
        first = crawl("site=sitemap", f"base_url={base}", settings=FAST)
        del extra[failing]
        log.hits.clear()
        second = crawl("site=sitemap", f"base_url={base}", settings=FAST)
        second_hits = log.paths()
        log.hits.clear()
        third = crawl("site=sitemap", f"base_url={base}", settings=FAST)
    assert first.returncode in (0, 3), first.describe()
    assert f"Failed: http_500: {base}{failing[1:]}" in first.log
    assert second.returncode == 0, second.describe()
    assert "/sitemaps/2020-06.xml" in second_hits, "run 1 did not read it whole"
    assert third.returncode == 0, third.describe()
    assert "/sitemaps/2020-06.xml" not in log.paths(), "run 2 did"


def test_sitemaps_are_read_again_after_the_article_rules_change(
    crawl: CrawlRunner, tmp_path: Path
) -> None:
    """Run 2's config also takes `/about.html` for an article (an `article_allow` fixed after
    run 1): the unchanged sitemaps that list it are read again, and it is fetched; under run
    1's rules they would have gone unread, and the fix would never reach their older entries."""
    config = (SITES_DIR / "sitemap.toml").read_text(encoding="utf-8")
    rule = "article_allow = ['/articles/\\d{4}/\\d{2}/jc\\d+\\.html$']"
    assert rule in config
    fixed = tmp_path / "sites"
    fixed.mkdir()
    local_root = f'local_root = "{site_root("sitemap")}"'
    (fixed / "sitemap.toml").write_text(
        config.replace(rule, rule[:-1] + ", '/about\\.html$']").replace(
            'local_root = "../crawl/sitemap"', local_root
        ),
        encoding="utf-8",
    )
    log = RequestLog()
    with serve_directory(site_root("sitemap"), log=log) as base:
        first = crawl("site=sitemap", f"base_url={base}", settings=FAST)
        log.hits.clear()
        second = crawl(
            "site=sitemap",
            f"base_url={base}",
            settings={**FAST, "PRESSBOT_SITES_DIR": str(fixed)},
        )
    assert first.returncode == 0, first.describe()
    assert second.returncode in (0, 3), second.describe()
    assert "/sitemaps/2020-06.xml" in log.paths(), "other rules: read again"
    assert "/about.html" in log.paths()
    assert "pressbot/sitemap/unchanged_sitemaps" not in second.stats


def test_rss_and_atom_items_are_fetched_once(crawl: CrawlRunner) -> None:
    log = RequestLog()
    with serve_directory(site_root("rss"), log=log) as base:
        result = crawl("site=rss", f"base_url={base}", settings=FAST)
    assert result.returncode == 0, result.describe()
    check_records(
        result,
        base,
        "rss",
        ["rss/202006/3001.html", "rss/202006/3002.html", "rss/202006/3003.html"],
    )
    assert result.stats["pressbot/feed/parsed"] == 2
    assert result.stats["pressbot/article/links"] == 4  # 3001 is in both feeds
    assert result.stats["dupefilter/filtered"] == 1
    assert log.count("/rss/202006/3001.html") == 1


def test_listing_pagination_multipage_article_robots_and_offsite(
    crawl: CrawlRunner, tmp_path: Path
) -> None:
    """Three listing pages (a.next), a three-page article stitched into one record, a link that
    robots.txt disallows, and an off-site link to another server that must get no request."""
    offsite_log = RequestLog()
    with serve_directory(tmp_path, log=offsite_log) as offsite:
        page3 = file_reply("listing", "news/index_2.html")
        body = page3.body.replace(
            b"http://localhost:8/", offsite.replace("127.0.0.1", "localhost").encode()
        )
        assert body != page3.body
        log = RequestLog()
        extra = {"/news/index_2.html": (200, page3.headers, body)}
        with serve_directory(site_root("listing"), extra=extra, log=log) as base:
            result = crawl("site=listing", f"base_url={base}", settings=FAST)
    assert result.returncode == 0, result.describe()
    gold = expected("listing")
    want = [p for p in gold if not p.endswith("_1006.html")]
    records = check_records(result, base, "listing", want)
    stitched = next(r for r in records if r["url"].endswith("t20200605_1005.html"))
    assert stitched["extraction"]["methods"]["pages"] == "3"
    assert stitched["body"].count("\n") == 5, "six paragraphs from three pages"
    assert stitched["editors"] == ["吴婷"], "credits from the last page"

    stats = result.stats
    assert stats["pressbot/listing/parsed"] == 3
    assert stats["pressbot/article/multipage"] == 1
    assert stats["pressbot/article/links"] == 6  # five articles and the private one
    assert stats["robotstxt/forbidden"] == 1
    assert stats["pressbot/links/offsite"] == 1
    assert stats["pressbot/published"] == 5
    assert not result.dropped()
    asked = log.paths()
    assert asked[0] == "/robots.txt"
    assert not [p for p in asked if p.startswith("/news/private/")]
    assert offsite_log.paths() == [], "the off-site link must not be followed"
    for part in ("", "_2", "_3"):
        assert log.count(f"/news/202006/t20200605_1005{part}.html") == 1


def test_generic_mode_recognises_articles_by_url_shape_and_page_shape(crawl: CrawlRunner) -> None:
    """No config: article-shaped links (Xinhua c_…, TRS t2020…_…, /a/20200911/…, dated paths)
    are articles; /special/ is a listing; feature.html has no known shape but is an article
    page, and about.html is not."""
    log = RequestLog()
    with serve_directory(site_root("generic"), log=log) as base:
        result = crawl(f"start_url={base}index.html", settings=FAST)
    assert result.returncode == 0, result.describe()
    check_records(result, base, "generic", list(expected("generic")))
    assert result.feed_files()[0].parent.parent.name == "127-0-0-1"
    stats = result.stats
    assert stats["pressbot/generic/probed"] == 2  # about.html, feature.html
    assert result.dropped() == {"not-article": 1}, result.dropped()
    # The home page is fetched twice (as index.html and as /): its off-site link counts twice.
    assert stats["pressbot/links/offsite"] == 2
    assert not [k for k in stats if k.startswith("pressbot/errors/")], "localhost:8 never asked"
    assert stats["pressbot/published"] == 5
    assert "/special/" in log.paths()


MAINTENANCE_PAGE = (
    "<html><head><title>系统维护中</title></head><body><h1>系统维护中</h1><p>网站正在进行系统"
    "升级维护，预计于今日18:00恢复访问，给您带来的不便敬请谅解。如有紧急事务请拨打值班电话。"
    "</p></body></html>"
).encode()


@pytest.mark.parametrize(
    "answer",
    [
        (200, {"Content-Type": "text/html; charset=utf-8"}, MAINTENANCE_PAGE),
        (302, {"Location": "/news/index.html"}, b""),
    ],
    ids=["maintenance-page", "redirect-to-listing"],
)
def test_a_later_page_that_is_no_part_of_the_article_is_not_stitched(
    crawl: CrawlRunner, answer: tuple[int, dict[str, str], bytes]
) -> None:
    """Page 2 of the three-page article answers with a maintenance page (status 200), or
    redirects to the listing: its text used to be stitched into the article as page 2."""
    part = "/news/202006/t20200605_1005_2.html"
    with serve_directory(site_root("listing"), extra={part: answer}) as base:
        result = crawl("site=listing", f"base_url={base}", settings=FAST)
    first = f"{base}news/202006/t20200605_1005.html"
    assert first not in [r["url"] for r in result.records()], "no article stitched from it"
    assert f"Dropped: incomplete_article: {first} (page {base}{part[1:]} " in result.log
    assert result.stats["pressbot/dropped/incomplete_article"] == 1
    gold = expected("listing")
    want = [p for p in gold if not p.endswith(("_1006.html", "_1005.html"))]
    check_records(result, base, "listing", want)


def test_pagination_stopped_by_max_pages_says_where(crawl: CrawlRunner, tmp_path: Path) -> None:
    """A crawl that stops paging at `max_pages` logs it once, naming the first page left out;
    it was a stat only, and a run that missed articles said nothing of it."""
    config = (SITES_DIR / "listing.toml").read_text(encoding="utf-8")
    sites = tmp_path / "sites"
    sites.mkdir()
    (sites / "listing.toml").write_text(config.replace("max_pages = 10", "max_pages = 2"))
    settings = {**FAST, "PRESSBOT_SITES_DIR": str(sites)}
    with serve_directory(site_root("listing")) as base:
        result = crawl("site=listing", f"base_url={base}", settings=settings)
    assert result.returncode == 0, result.describe()
    line = f"Listing pages stop at max_pages (2): not fetched {base}news/index_2.html, nor any"
    assert result.log.count(line) == 1, result.describe()
    assert result.stats["pressbot/listing/parsed"] == 2


def _listing_config(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the listing site's config with `old` replaced by `new`; its folder."""
    config = (SITES_DIR / "listing.toml").read_text(encoding="utf-8")
    assert old in config
    sites = tmp_path / "sites"
    sites.mkdir(exist_ok=True)
    (sites / "listing.toml").write_text(config.replace(old, new), encoding="utf-8")
    return sites


XPATH_NEXT = "next_page = \"//a[@class='next']\""


def test_an_xpath_next_page_is_followed(crawl: CrawlRunner, tmp_path: Path) -> None:
    """The config check accepts an XPath `next_page`, but the spider ran it as CSS: every
    listing page failed with a SelectorSyntaxError and nothing was published."""
    sites = _listing_config(tmp_path, 'next_page = "a.next"', XPATH_NEXT)
    with serve_directory(site_root("listing")) as base:
        result = crawl(
            "site=listing", f"base_url={base}", settings={**FAST, "PRESSBOT_SITES_DIR": str(sites)}
        )
    assert result.returncode == 0, result.describe()
    assert "Spider error" not in result.log, result.describe()
    assert result.stats["pressbot/listing/parsed"] == 3
    check_records(
        result, base, "listing", [p for p in expected("listing") if not p.endswith("_1006.html")]
    )


def test_check_site_follows_an_xpath_next_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sites = _listing_config(tmp_path, 'next_page = "a.next"', XPATH_NEXT)
    with serve_directory(site_root("listing")) as base:
        status = main(["check-site", "listing", "--sites-dir", str(sites), "--base-url", base])
    out = capsys.readouterr().out
    assert status == 0, out
    assert f"  next page: {base}news/index_1.html" in out


def _big_sitemap(base: str, size: int) -> bytes:
    """A news sitemap over `size` bytes: padding entries (no article URL), then two articles,
    which are lost unless the whole file is read."""
    title = "江川" * 400
    pad = "".join(
        f"<url><loc>{base}about.html?p={n}</loc><news:news><news:title>{title}</news:title>"
        "</news:news></url>\n"
        for n in range(size // (len(title.encode()) + 100) + 1)
    )
    articles = "".join(
        f"<url><loc>{base}articles/2020/06/{name}.html</loc></url>" for name in ("jc2001", "jc2003")
    )
    data = (
        '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/'
        'sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        f"{pad}{articles}</urlset>"
    ).encode()
    assert len(data) > size
    return data


@pytest.mark.parametrize("encoding", ["identity", "gzip"])
def test_a_sitemap_over_the_page_limit_within_the_protocol_limit_is_read(
    crawl: CrawlRunner, encoding: str
) -> None:
    """Sitemaps may hold 50 MB (sitemaps.org); one of 40 MB was cancelled whole at the pages'
    DOWNLOAD_MAXSIZE (32 MB), served plain or inflated from Content-Encoding gzip, and every
    entry was lost."""
    extra: dict[str, object] = {}
    with serve_directory(site_root("sitemap"), extra=extra) as base:
        data = _big_sitemap(base, 40 * 1024 * 1024)
        headers = {"Content-Type": "application/xml"}
        if encoding == "gzip":
            data = gzip.compress(data, compresslevel=1)
            headers["Content-Encoding"] = "gzip"
        extra["/sitemap_index.xml"] = (200, headers, data)
        result = crawl("site=sitemap", f"base_url={base}", settings=FAST)
    assert result.returncode == 0, result.describe()
    check_records(
        result, base, "sitemap", ["articles/2020/06/jc2001.html", "articles/2020/06/jc2003.html"]
    )
    assert result.stats["pressbot/sitemap/urlset"] == 1


def test_check_site_reads_a_sitemap_over_the_page_limit(capsys: pytest.CaptureFixture[str]) -> None:
    """check-site read a sitemap's first 32 MB only, as a page's: the articles after them were
    never seen ("no article links")."""
    extra: dict[str, object] = {}
    with serve_directory(site_root("sitemap"), extra=extra) as base:
        data = _big_sitemap(base, 40 * 1024 * 1024)
        extra["/sitemap_index.xml"] = (200, {"Content-Type": "application/xml"}, data)
        status = main(["check-site", "sitemap", "--sites-dir", str(SITES_DIR), "--base-url", base])
    out = capsys.readouterr().out
    assert status == 0, out
    assert f"article {base}articles/2020/06/jc2003.html" in out


def test_template_pagination_ends_at_a_redirect_to_a_listing_read_already(
    crawl: CrawlRunner, tmp_path: Path
) -> None:
    """Past its last page (index_2.html) the site redirects index_N.html to page 1, as many
    CMSes do: each redirect was read as page N, and the walk went on to max_pages."""
    sites = _listing_config(
        tmp_path, 'next_page = "a.next"', 'page_template = "index_{page}.html"\npage_start = 1'
    )
    redirect = (302, {"Location": "/news/index.html"}, b"")
    extra = {f"/news/index_{n}.html": redirect for n in range(3, 40)}
    log = RequestLog()
    with serve_directory(site_root("listing"), extra=extra, log=log) as base:
        result = crawl(
            "site=listing", f"base_url={base}", settings={**FAST, "PRESSBOT_SITES_DIR": str(sites)}
        )
    assert result.returncode == 0, result.describe()
    assert log.count("/news/index_3.html") == 1
    assert log.count("/news/index_4.html") == 0, result.describe()
    assert log.count("/news/index.html") == 2  # page 1, and the redirect's answer
    assert "Listing pages stop at max_pages" not in result.log
    line = (
        f"Template pagination ends at {base}news/index_3.html: redirected to "
        f"{base}news/index.html, a listing read already"
    )
    assert line in result.log, result.describe()
    assert result.stats["pressbot/listing/template_end_redirect"] == 1
    check_records(
        result, base, "listing", [p for p in expected("listing") if not p.endswith("_1006.html")]
    )


def test_since_on_a_site_of_listing_pages_only_says_it_changes_nothing(
    crawl: CrawlRunner,
) -> None:
    """`-a since=` skips older sitemap and feed entries; on a site of listing pages alone it
    was taken without a word, as if it bounded the crawl."""
    with serve_directory(site_root("listing")) as base:
        result = crawl("site=listing", f"base_url={base}", "since=2026-11-01", settings=FAST)
    assert result.returncode == 0, result.describe()
    assert (
        "WARNING: since=2026-11-01 changes nothing: it skips older sitemap and feed entries, "
        "and listing has neither (its listing pages are read as in any run)"
    ) in result.log, result.describe()
