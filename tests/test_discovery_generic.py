"""The generic crawl (`-a start_url=URL`, no site config) on listings shaped like real CMSes'.

Each test writes a small site into tmp_path (a listing of a few pages and its articles, plus the
menus, tag, author and archive pages real sites link), serves it on 127.0.0.1 and crawls it with
the real `scrapy crawl press`, checking what was published and what the server was asked for.
"""

from __future__ import annotations

import random
from pathlib import Path

from conftest import CrawlRunner
from fixture_sites import FAST

from pressbot.localserver import Reply, RequestLog, serve_directory

_WORDS = [
    "council",
    "minister",
    "budget",
    "transport",
    "health",
    "school",
    "water",
    "road",
    "housing",
    "service",
    "city",
    "region",
    "support",
    "community",
    "business",
    "project",
    "funding",
    "programme",
    "report",
    "figures",
    "policy",
    "consultation",
    "review",
    "agency",
    "department",
    "officials",
    "residents",
    "hospital",
    "bridge",
    "library",
    "park",
    "tax",
    "grant",
]


def article(title: str, seed: int) -> str:
    """An English article page whose text no other seed's repeats (no near-duplicates)."""
    rng = random.Random(seed)

    def sentence() -> str:
        words = [rng.choice(_WORDS) for _ in range(rng.randint(8, 14))]
        words[3] += ","
        return "The " + " ".join(words) + "."

    paragraphs = "".join("<p>" + " ".join(sentence() for _ in range(4)) + "</p>" for _ in range(6))
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        '<meta property="article:published_time" content="2020-06-03T09:00:00+00:00">'
        '</head><body><nav><a href="/">Home</a> <a href="/about/">About</a></nav>'
        f"<article><h1>{title}</h1><p>By Jane Roe</p>{paragraphs}</article></body></html>"
    )


def listing(links: list[str], pager: str, extra: str = "") -> str:
    """A listing page: a menu, the `links`, a sidebar of tag, author and archive links, a pager."""
    items = "".join(f'<li><a href="{href}">News item {n}</a></li>' for n, href in enumerate(links))
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>News</title></head>'
        '<body><nav><a href="/">Home</a> <a href="/about/">About</a></nav>'
        f"<main><h1>News</h1><ul>{items}</ul>{pager}</main>"
        f"<aside>{extra}</aside></body></html>"
    )


def write(root: Path, path: str, text: str) -> None:
    file = root / path.lstrip("/")
    if path.endswith("/"):
        file = file / "index.html"
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text, encoding="utf-8")


def test_wordpress_permalinks_ending_in_a_slash_are_articles(
    crawl: CrawlRunner, tmp_path: Path
) -> None:
    """/2020/06/03/slug/ is a post (it was read as a listing, as every path ending in "/" was:
    the run published nothing and said it was healthy); the date archives, tag and author
    pages beside it are not."""
    site = tmp_path / "site"
    posts = [f"/2020/06/{day:02d}/minister-announces-measure-{day}/" for day in range(1, 6)]
    for day, post in enumerate(posts, 1):
        write(site, post, article(f"Minister announces measure {day}", day))
    sidebar = (
        '<a href="/tag/economy/">economy</a> <a href="/author/jroe/">Jane Roe</a> '
        '<a href="/2020/06/">June 2020</a> <a href="/2020/06/03/">3 June</a>'
    )
    write(
        site,
        "/news/",
        listing(
            posts[:3], '<a class="next page-numbers" href="/news/page/2/">Next &raquo;</a>', sidebar
        ),
    )
    write(site, "/news/page/2/", listing(posts[3:], "", sidebar))
    for page in ("/", "/about/", "/tag/economy/", "/author/jroe/", "/2020/06/", "/2020/06/03/"):
        write(site, page, listing(posts[:2], "", sidebar))
    log = RequestLog()
    with serve_directory(site, log=log) as base:
        result = crawl(f"start_url={base}news/", settings=FAST)
    assert result.returncode == 0, result.describe()
    published = sorted(r["url"].removeprefix(base[:-1]) for r in result.records())
    assert published == sorted(posts), result.describe()
    assert result.stats["pressbot/article/links"] >= len(posts)


def _html(text: str) -> Reply:
    return Reply(200, {"Content-Type": "text/html; charset=utf-8"}, text.encode())


def drupal_site(pages: int = 3, per_page: int = 3) -> tuple[dict[str, Reply], list[str]]:
    """A Drupal 7 view: /news, /news?page=1 ... (zero-based), a pager whose next link reads
    'next ›' with no rel, and articles at slugs of no known shape (/news/some-title)."""
    extra: dict[str, Reply] = {}
    articles = []
    for page in range(pages):
        links = [f"/news/council-approves-plan-{page * per_page + n}" for n in range(per_page)]
        for href in links:
            extra[href] = _html(article(f"Council approves plan {href[-2:]}", len(articles)))
            articles.append(href)
        items = [
            f'<li class="pager-item"><a title="Go to page {k + 1}" href="/news?page={k}">'
            f"{k + 1}</a></li>"
            if k != page
            else f'<li class="pager-current">{k + 1}</li>'
            for k in range(pages)
        ]
        if page < pages - 1:
            items.append(
                f'<li class="pager-next"><a title="Go to next page" href="/news?page={page + 1}">'
                "next ›</a></li>"
            )
        pager = f'<div class="item-list"><ul class="pager">{"".join(items)}</ul></div>'
        sidebar = (
            '<a href="/news">News</a> <a href="/topics/transport">Transport</a> '
            '<a href="/people/jane-roe">Jane</a>'
        )
        extra["/news" if page == 0 else f"/news?page={page}"] = _html(
            listing(links, pager, sidebar)
        )
    for path in ("/", "/about/", "/topics/transport", "/people/jane-roe"):
        extra[path] = _html(listing([], ""))
    return extra, articles


def test_a_drupal_pager_whose_next_link_reads_next_arrow_is_followed(
    crawl: CrawlRunner, tmp_path: Path
) -> None:
    """Drupal 7's 'next ›' (no rel=next) is the next page: page 2 and 3 were reached only as
    listings of their own, through the page numbers, whose links of no known shape (the
    articles) a page off the start page's chain never follows, so 3 of 9 were published."""
    extra, articles = drupal_site()
    log = RequestLog()
    with serve_directory(tmp_path, extra=extra, log=log) as base:
        result = crawl(f"start_url={base}news", settings=FAST)
    assert result.returncode == 0, result.describe()
    published = sorted(r["url"].removeprefix(base[:-1]) for r in result.records())
    assert published == sorted(articles), result.describe()
    assert log.paths().count("/news?page=2") == 1


def test_a_second_run_skips_known_articles_of_no_known_shape_and_stops_early(
    crawl: CrawlRunner, tmp_path: Path
) -> None:
    """Articles found by fetching a link of no known shape (a probe) are known to the next run:
    it fetched every one again (each dropped as duplicate_url) and paginated to the end, as a
    listing of such links never counted as one of known articles. The summary counts them as
    article links found (it said 0 article links, 9 published)."""
    extra, articles = drupal_site()
    log = RequestLog()
    with serve_directory(tmp_path, extra=extra, log=log) as base:
        first = crawl(f"start_url={base}news", settings=FAST)
        assert first.returncode == 0, first.describe()
        assert len(first.records()) == len(articles)
        assert first.stats["pressbot/article/links"] == len(articles)
        log.hits.clear()
        second = crawl(f"start_url={base}news", settings=FAST)
    assert second.returncode == 0, second.describe()
    asked = log.paths()
    assert not [p for p in asked if p in articles], asked
    # Page 1 links only known articles, and sidebar links that run 1 found to be listings
    # (nothing new, `pressbot.linknotes`): the walk stops there. (Before those notes, the
    # sidebar's links were new probes on page 1, and the walk went on to page 2.)
    assert "/news?page=1" not in asked, "page 1 linked only known articles: stop there"
    assert second.stats["pressbot/article/known"] == 3
    assert "duplicate_url" not in second.dropped(), second.dropped()


def test_articles_of_no_known_shape_do_not_count_against_max_pages(
    crawl: CrawlRunner, tmp_path: Path
) -> None:
    """Three listing pages of 20 articles at slugs: the links fetched to see what they are
    counted as listing pages, so after 50 of them the third page's later articles were never
    asked for, without a word, and page 3 was said to be past max_pages (50)."""
    extra, articles = drupal_site(pages=3, per_page=20)
    with serve_directory(tmp_path, extra=extra) as base:
        result = crawl(f"start_url={base}news", settings=FAST)
    assert result.returncode == 0, result.describe()
    assert len(result.records()) == len(articles) == 60, result.describe()
    assert "pressbot/listing/over_max_pages" not in result.stats, result.describe()


def test_attachments_and_pictures_are_not_fetched_to_see_what_they_are(
    crawl: CrawlRunner, tmp_path: Path
) -> None:
    """A listing's PDF, Word and picture links were fetched whole (up to 32 MB each) only to
    find they are no HTML; a link named as a file is now left alone."""
    site = tmp_path / "site"
    posts = [f"/xwfb/202006/t2020060{n}_{n}000.html" for n in range(1, 4)]
    for n, post in enumerate(posts):
        write(site, post, article(f"Release {n}", n))
    files = ["/xwfb/202006/P020200603.pdf", "/uploads/notice.docx", "/images/banner.JPG"]
    for name in files:
        write(site, name, "%PDF-1.4 not a page")
    links = "".join(f'<a href="{name}">attachment</a>' for name in files)
    write(site, "/xwfb/", listing(posts, "", links))
    log = RequestLog()
    with serve_directory(site, log=log) as base:
        result = crawl(f"start_url={base}xwfb/", settings=FAST)
    assert result.returncode == 0, result.describe()
    assert len(result.records()) == len(posts), result.describe()
    assert not [p for p in log.paths() if p in files], log.paths()


def test_links_that_differ_in_tracking_parameters_are_one_request_at_the_plain_url(
    crawl: CrawlRunner, tmp_path: Path
) -> None:
    """'x.html', 'x.html?spm=1.2' and 'y.html?utm_source=weibo' (../, <base href> and
    protocol-relative links besides) were fetched once per spelling, the copies dropped as
    duplicate_url, and y's record carried the utm_ parameters in its URL."""
    site = tmp_path / "site"
    posts = [f"/news/2020/06/0{n}/art{n}.html" for n in range(1, 5)]
    for n, post in enumerate(posts):
        write(site, post, article(f"Story {n}", n))
    with serve_directory(site, log=(log := RequestLog())) as base:
        host = base.removeprefix("http:").rstrip("/")
        hrefs = [
            "../news/2020/06/01/art1.html",
            "/news/2020/06/01/art1.html?spm=1.2.3",
            "2020/06/02/art2.html?utm_source=weibo&utm_medium=social",
            f"{host}/news/2020/06/03/art3.html?from=timeline",
            "./2020/06/04/art4.html#comments",
            "2020/06/04/art4.html?ref=rss",
        ]
        items = "".join(f'<li><a href="{href}">Story</a></li>' for href in hrefs)
        write(
            site,
            "/list/sub/",
            f'<html><head><base href="/news/"><title>News</title></head><body><ul>{items}</ul>'
            "</body></html>",
        )
        result = crawl(f"start_url={base}list/sub/", settings=FAST)
    assert result.returncode == 0, result.describe()
    assert sorted(r["url"] for r in result.records()) == [base + p[1:] for p in posts]
    assert not result.dropped(), result.dropped()
    asked = [p for p in log.paths() if p.startswith("/news/")]
    assert sorted(asked) == posts, asked


def test_a_next_link_that_runs_a_script_is_said_to_leave_the_later_pages_unread(
    crawl: CrawlRunner, tmp_path: Path
) -> None:
    """'下一页' with href="javascript:void(0)" (and 'load more' buttons, the same) pages by a
    script that the crawl does not run: the run read page 1 only and said nothing of it."""
    site = tmp_path / "site"
    posts = [f"/xwfb/202006/t2020060{n}_{n}000.html" for n in range(1, 4)]
    for n, post in enumerate(posts):
        write(site, post, article(f"Release {n}", n))
    pager = '<div class="page"><a href="javascript:void(0)" onclick="goPage(2)">下一页</a></div>'
    write(site, "/xwfb/", listing(posts, pager))
    with serve_directory(site) as base:
        result = crawl(f"start_url={base}xwfb/", settings=FAST)
    assert result.returncode == 0, result.describe()
    assert len(result.records()) == len(posts)
    assert f"Pagination of {base}xwfb/ is a script" in result.log, result.describe()
    assert result.stats["pressbot/listing/script_pager"] == 1
