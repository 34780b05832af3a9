"""Incremental runs against the listing fixture site, with the real `scrapy crawl press`.

Run 1 publishes the site. Run 2 sees a new article on listing page 1: it fetches page 1 and
page 2 (page 1 still had something new), stops before page 3 (page 2 links only known articles),
fetches only the new article and publishes only it. Run 3 (`-a full=1`) fetches every listing
page and article again and publishes nothing (the dedup state still knows them all).
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import Crawl, CrawlRunner
from fixture_sites import FAST, check_records, expected, file_reply, site_root

from pressbot.localserver import Reply, RequestLog, serve_directory

ARTICLES = sorted(p for p in expected("listing") if not p.endswith("_1006.html"))
NEW = "news/202006/t20200606_1006.html"


def _article_hits(hits: list[str]) -> list[str]:
    return sorted(p.lstrip("/") for p in hits if "/202006/" in p)


def test_known_articles_are_skipped_and_pagination_stops_at_known_pages(
    crawl: CrawlRunner,
) -> None:
    extra: dict[str, Reply] = {}
    log = RequestLog()
    with serve_directory(site_root("listing"), extra=extra, log=log) as base:
        first = crawl("site=listing", f"base_url={base}", settings=FAST)
        assert first.returncode == 0, first.describe()
        check_records(first, base, "listing", ARTICLES)
        feeds_after_first = first.feed_files()

        # Run 2: page 1 now starts with a new article.
        extra["/news/index.html"] = file_reply("listing", "variants/index-with-1006.html")
        log.hits.clear()
        second = crawl("site=listing", f"base_url={base}", settings=FAST)
        assert second.returncode == 0, second.describe()
        second_hits = log.paths()

        # Run 3: a full recrawl fetches everything again and publishes nothing new.
        log.hits.clear()
        third = crawl("site=listing", f"base_url={base}", "full=1", settings=FAST)
        third_hits = log.paths()

    new_feeds = [f for f in second.feed_files() if f not in feeds_after_first]
    assert len(new_feeds) == 1, second.feed_files()
    assert [r["url"] for r in second.records() if r["url"].endswith("_1006.html")] == [base + NEW]
    assert len(second.records()) == len(ARTICLES) + 1
    assert "/news/index.html" in second_hits and "/news/index_1.html" in second_hits
    assert "/news/index_2.html" not in second_hits, "page 2 linked only known articles: stop"
    assert _article_hits(second_hits) == [NEW], "known articles are not fetched again"
    stats = second.stats
    assert stats["pressbot/article/known"] == 4  # 1005, 1004 on page 1; 1003, 1002 on page 2
    assert stats["pressbot/article/links"] == 5
    assert stats["pressbot/listing/stopped_at_known"] == 1
    assert stats["pressbot/published"] == 1
    assert not second.dropped()

    assert third.returncode == 0, third.describe()
    assert "/news/index_2.html" in third_hits
    assert len(_article_hits(third_hits)) == 8  # six articles, two more pages of 1005
    assert third.stats.get("pressbot/published", 0) == 0
    assert third.stats.get("pressbot/article/known", 0) == 0
    assert third.dropped() == {"duplicate_url": 6}, third.dropped()
    assert third.feed_files() == second.feed_files(), "nothing new, no new file"


def test_a_copy_of_a_published_article_is_neither_fetched_again_nor_walked_past(
    crawl: CrawlRunner,
) -> None:
    """Run 2: listing page 1 now also links a copy of 1004 under another URL (a story posted
    into a second column, as TRS sites do); it is fetched and dropped as 1004's duplicate, and
    the walk goes on to page 2 (page 1 had something unknown). Run 3 fetched the copy again, and
    walked past page 1 again, in every later run: a listing page linking a copy never linked
    only known articles. The copy now counts as known while 1004 does: run 3 fetches page 1
    alone and stops there."""
    copy = "/news/202006/t20200604_9004.html"
    root = site_root("listing")
    index = (root / "news" / "index.html").read_text(encoding="utf-8")
    linked = '<li><a href="202006/t20200604_1004.html">'
    assert linked in index
    repost = f'<li><a href="{copy}">图书馆“夜读”服务（转载）</a></li>\n'
    index = index.replace(linked, repost + linked)
    html = {"Content-Type": "text/html; charset=utf-8"}
    extra: dict[str, Reply] = {}
    log = RequestLog()
    with serve_directory(root, extra=extra, log=log) as base:
        first = crawl("site=listing", f"base_url={base}", settings=FAST)
        extra["/news/index.html"] = Reply(200, html, index.encode("utf-8"))
        extra[copy] = Reply(200, html, (root / "news/202006/t20200604_1004.html").read_bytes())
        log.hits.clear()
        second = crawl("site=listing", f"base_url={base}", settings=FAST)
        second_hits = log.paths()
        log.hits.clear()
        third = crawl("site=listing", f"base_url={base}", settings=FAST)
        third_hits = log.paths()

    assert first.returncode == 0, first.describe()
    check_records(first, base, "listing", ARTICLES)
    assert second.returncode == 0, second.describe()
    assert second.dropped() == {"duplicate_content": 1}, second.dropped()
    assert _article_hits(second_hits) == [copy.lstrip("/")]
    assert "/news/index_1.html" in second_hits, "page 1 linked something unknown: page 2 next"
    assert second.feed_files() == first.feed_files(), "nothing new published"

    assert third.returncode == 0, third.describe()
    assert _article_hits(third_hits) == [], "the copy is known now, as 1004 is"
    assert "/news/index_1.html" not in third_hits, "page 1 linked only known pages: stop"
    assert third.stats["pressbot/article/known"] == 3  # 1005, the copy, 1004
    assert third.stats["pressbot/listing/stopped_at_known"] == 1
    assert not third.dropped()


_GALLERY = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>图集：图书馆夜景</title></head>
<body><h1>图集：图书馆夜景</h1>
<div class="gallery"><img src="/img/1.jpg" alt=""><img src="/img/2.jpg" alt="">
<img src="/img/3.jpg" alt=""></div>
<p class="nav"><a href="/news/index.html">返回列表</a></p>
</body></html>
"""

_FILLED = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>江川市档案馆开放周末查档服务</title></head>
<body><div class="article"><h1>江川市档案馆开放周末查档服务</h1>
<div class="info">发布时间：2020-06-06 10:00　来源：江川市档案馆</div>
<div class="content">
<p>江川市档案馆自本月起在每周六上午开放查档窗口，市民可凭身份证查阅婚姻、学籍和房产等民生档案。</p>
<p>档案馆同时开通网上预约，预约成功的市民到馆后无需排队，复印件当场加盖档案馆印章，与原件具有同等效力。</p>
<p>据介绍，周末查档服务试行期间，档案馆将安排业务骨干轮流值班，并根据查档人数调整窗口数量。</p>
</div></div></body></html>
"""


def test_a_link_found_to_be_no_article_does_not_keep_the_walk_going(crawl: CrawlRunner) -> None:
    """Run 2: listing page 1 now also links a gallery under an article's URL shape; it is
    fetched, found no article (`no-body`) and noted in the summary, and the walk goes on to
    page 2 (page 1 had something unknown). Run 3 walked past page 1 again for it, and so did
    every later run: a listing page linking a page that is no article never linked only known
    ones. It is nothing new now: run 3 stops at page 1. It still fetches the gallery, which
    has meanwhile become an article (a stub filled later), and publishes it."""
    gallery = "/news/202006/t20200606_9100.html"
    root = site_root("listing")
    index = (root / "news" / "index.html").read_text(encoding="utf-8")
    linked = '<li><a href="202006/t20200604_1004.html">'
    assert linked in index
    index = index.replace(linked, f'<li><a href="{gallery}">图集：图书馆夜景</a></li>\n' + linked)
    html = {"Content-Type": "text/html; charset=utf-8"}
    filled = _FILLED.encode("utf-8")
    extra: dict[str, Reply] = {}
    log = RequestLog()
    with serve_directory(root, extra=extra, log=log) as base:
        first = crawl("site=listing", f"base_url={base}", settings=FAST)
        extra["/news/index.html"] = Reply(200, html, index.encode("utf-8"))
        extra[gallery] = Reply(200, html, _GALLERY.encode("utf-8"))
        log.hits.clear()
        second = crawl("site=listing", f"base_url={base}", settings=FAST)
        second_hits = log.paths()
        second_summary = _last_summary(second)
        extra[gallery] = Reply(200, html, filled)
        log.hits.clear()
        third = crawl("site=listing", f"base_url={base}", settings=FAST)
        third_hits = log.paths()

    assert first.returncode == 0, first.describe()
    assert second.returncode == 0, second.describe()
    assert second.dropped() == {"no-body": 1}, second.dropped()
    assert _article_hits(second_hits) == [gallery.lstrip("/")]
    assert "/news/index_1.html" in second_hits, "page 1 linked something unknown: page 2 next"
    assert second_summary["no_article_links"] == [f"{base}{gallery[1:]}"]
    [health] = (second.output_dir / "listing").rglob(f"*-{second_summary['run']}.health.json")
    assert "no_article_links" not in json.loads(health.read_text(encoding="utf-8")), "state only"

    assert third.returncode == 0, third.describe()
    assert _article_hits(third_hits) == [gallery.lstrip("/")], "fetched again, as it may change"
    assert "/news/index_1.html" not in third_hits, "page 1 linked nothing new: stop"
    assert third.stats["pressbot/article/no_article_before"] == 1
    assert third.stats["pressbot/listing/stopped_at_known"] == 1
    assert [r["url"] for r in third.records() if "9100" in r["url"]] == [f"{base}{gallery[1:]}"]
    assert _last_summary(third)["no_article_links"] == [], "an article now: known as published"


def test_a_link_moved_for_good_to_a_known_article_is_known(crawl: CrawlRunner) -> None:
    """Listing page 1 links its two stories at their old addresses: 8004 moved permanently
    (301) to 1004, 8005 temporarily (302) to 1005. Run 1 publishes both under the URLs they
    moved to. Run 2 fetched both links again, each only to drop its record as a duplicate, in
    every later run (a link moved by a redirect never counts as known). The permanent move is
    noted in the summary (`moved_links`) and the link is known while 1004 is: run 2 fetches
    only 8005, as a temporary redirect may lead elsewhere next time."""
    root = site_root("listing")
    index = (root / "news" / "index.html").read_text(encoding="utf-8")
    for new_id, old_id in (("1004", "8004"), ("1005", "8005")):
        assert f'href="202006/t2020060{new_id[-1]}_{new_id}.html"' in index
        index = index.replace(
            f'href="202006/t2020060{new_id[-1]}_{new_id}.html"',
            f'href="202006/t2020060{new_id[-1]}_{old_id}.html"',
        )
    html = {"Content-Type": "text/html; charset=utf-8"}
    extra: dict[str, Reply] = {"/news/index.html": Reply(200, html, index.encode("utf-8"))}
    for status, new_path, old_path in (
        (301, "/news/202006/t20200604_1004.html", "/news/202006/t20200604_8004.html"),
        (302, "/news/202006/t20200605_1005.html", "/news/202006/t20200605_8005.html"),
    ):
        extra[old_path] = Reply(status, {"Location": new_path}, b"")
    log = RequestLog()
    with serve_directory(root, extra=extra, log=log) as base:
        first = crawl("site=listing", f"base_url={base}", settings=FAST)
        first_summary = _last_summary(first)
        log.hits.clear()
        second = crawl("site=listing", f"base_url={base}", settings=FAST)
        second_hits = log.paths()

    assert first.returncode == 0, first.describe()
    check_records(first, base, "listing", ARTICLES)
    moved = {f"{base}news/202006/t20200604_8004.html": f"{base}news/202006/t20200604_1004.html"}
    assert first_summary["moved_links"] == moved, "the 302 is not noted"
    assert second.returncode == 0, second.describe()
    assert "/news/202006/t20200604_8004.html" not in second_hits, "moved to a known article"
    assert "/news/202006/t20200605_8005.html" in second_hits, "a temporary redirect is asked"
    assert second.dropped() == {"duplicate_url": 1}, second.dropped()
    assert _last_summary(second)["moved_links"] == moved, "carried: not fetched again"
    assert second.feed_files() == first.feed_files(), "nothing new published"


@pytest.mark.parametrize("damage", [b'{"run": "2026', b"[]", b"\xff\xfe{}"])
def test_an_unreadable_last_run_file_is_said_and_written_anew(
    crawl: CrawlRunner, damage: bytes
) -> None:
    """A `last-run.json` cut off mid-write by hand, holding no object, or in no UTF-8 was read
    as no last run without a word: the early stop, the articles to ask for again and the health
    comparison were silently gone. It is a warning now, and the run writes the file anew."""
    log = RequestLog()
    with serve_directory(site_root("listing"), log=log) as base:
        first = crawl("site=listing", f"base_url={base}", settings=FAST)
        last_run = first.output_dir / "listing" / "last-run.json"
        last_run.write_bytes(damage)
        log.hits.clear()
        second = crawl("site=listing", f"base_url={base}", settings=FAST)
        second_hits = log.paths()
    assert first.returncode == 0, first.describe()
    assert second.returncode == 0, second.describe()
    assert f"WARNING: {last_run} cannot be read (" in second.log, second.describe()
    assert "this run takes listing as never run before" in second.log
    assert second.stats["pressbot/last_run/unreadable"] == 1
    assert "/news/index_2.html" in second_hits, "no early stop without a last run"
    assert json.loads(last_run.read_text(encoding="utf-8"))["status"] == "finished"


def test_an_article_that_failed_is_asked_for_again_though_the_walk_stops_early(
    crawl: CrawlRunner,
) -> None:
    """An article behind the first listing page fails in run 1 (a 500 after retries). Run 2
    stops paging at page 1, which links only known articles, so it never saw the article's
    page again: the article was lost for good, though the README promises the next run asks
    again. It is now asked for directly, once, and published; run 3 asks for nothing."""
    failing = "/news/202006/t20200602_1002.html"  # on listing page 2 (index_1.html)
    extra: dict[str, object] = {failing: (500, {"Content-Type": "text/html"}, b"busy")}
    log = RequestLog()
    with serve_directory(site_root("listing"), extra=extra, log=log) as base:
        first = crawl("site=listing", f"base_url={base}", settings=FAST)
        assert first.returncode in (0, 3), first.describe()
        assert f"Failed: http_500: {base}{failing[1:]}" in first.log
        del extra[failing]
        before = first.feed_files()
        log.hits.clear()
        second = crawl("site=listing", f"base_url={base}", settings=FAST)
        assert second.returncode == 0, second.describe()
        assert "Stopped paginating" in second.log, "the walk stops at page 1 as before"
        assert "/news/index_1.html" not in log.paths()
        assert log.count(failing) == 1
        [new_feed] = [f for f in second.feed_files() if f not in before]
        urls = [json.loads(line)["url"] for line in new_feed.read_text("utf-8").splitlines()]
        assert urls == [f"{base}{failing[1:]}"]
        assert second.stats["pressbot/article/retried_from_last_run"] == 1
        log.hits.clear()
        third = crawl("site=listing", f"base_url={base}", settings=FAST)
    assert third.returncode == 0, third.describe()
    assert log.count(failing) == 0
    assert third.feed_files() == second.feed_files(), "nothing new published"
    assert "pressbot/article/retried_from_last_run" not in third.stats


def _last_summary(result: Crawl) -> dict[str, Any]:
    path = result.output_dir / "listing" / "last-run.json"
    summary: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))["summary"]
    return summary


def test_an_article_that_fails_in_three_runs_in_a_row_is_given_up(crawl: CrawlRunner) -> None:
    """An article gone for good (a 404) behind listing page 1 was asked for again directly in
    every run, for ever, and each run was unhealthy (one failure among few requests). Each run
    now counts the runs in a row that failed to get it, and the third gives it up with one
    warning. Run 1's summary is written back as the plain list that summaries held before the
    runs were counted: it reads as one failed run."""
    gone = "/news/202006/t20200602_1002.html"  # on listing page 2 (index_1.html)
    log = RequestLog()
    extra = {gone: (404, {"Content-Type": "text/html"}, b"gone")}
    with serve_directory(site_root("listing"), extra=extra, log=log) as base:
        url = f"{base}{gone[1:]}"
        first = crawl("site=listing", f"base_url={base}", settings=FAST)
        assert _last_summary(first)["retry_next_run"] == {url: 1}, first.describe()
        last_run = first.output_dir / "listing" / "last-run.json"
        written = json.loads(last_run.read_text(encoding="utf-8"))
        written["summary"]["retry_next_run"] = [url]
        last_run.write_text(json.dumps(written), encoding="utf-8")
        runs, asked, summaries = [], [], []
        for _ in range(3):
            log.hits.clear()
            runs.append(crawl("site=listing", f"base_url={base}", settings=FAST))
            asked.append(log.count(gone))
            summaries.append(_last_summary(runs[-1]))
    second, third, fourth = runs
    assert asked == [1, 1, 0], "asked in runs 2 and 3, not in run 4"
    assert summaries[0]["retry_next_run"] == {url: 2}, second.describe()
    assert summaries[0]["retry_given_up"] == 0
    assert summaries[1]["retry_next_run"] == {} and summaries[1]["retry_given_up"] == 1
    warning = f"WARNING: Gave up asking for 1 article(s) that 3 runs in a row could not get: {url}"
    assert third.log.count("Gave up asking for") == 1 and warning in third.log, third.describe()
    assert "Gave up asking for" not in second.log + fourth.log
    assert summaries[2]["retry_next_run"] == {} and summaries[2]["retry_given_up"] == 0
    assert "pressbot/article/retried_from_last_run" not in fourth.stats
    assert fourth.returncode == 0, fourth.describe()


PAGES = 4
"""Listing pages of the generated pager site, two articles each."""


def _page_name(number: int) -> str:
    return "index.html" if number == 1 else f"index_{number}.html"


def _bootstrap_pager(number: int) -> str:
    """`<ul class="pagination">`: every page number in an `<li>`, then `<li class="next">`."""
    items = "".join(f'<li><a href="/news/{_page_name(k)}">{k}</a></li>' for k in range(1, 5))
    if number < PAGES:
        items += (
            f'<li class="next"><a rel="next" href="/news/{_page_name(number + 1)}">Next</a></li>'
        )
    return f'<ul class="pagination">{items}</ul>'


def _jump_bar_pager(number: int) -> str:
    """A "jump to page" bar of numbered links, apart from the "next" link's own bar."""
    jump = " ".join(f'<a href="/news/{_page_name(k)}">{k}</a>' for k in range(1, PAGES + 1))
    bar = f'<div class="jump">Pages: {jump}</div>'
    if number < PAGES:
        bar += f'<div class="pager"><a class="next" href="/news/{_page_name(number + 1)}">Next</a>'
        bar += "</div>"
    return bar


def _pager_site(root: Path, pager: Callable[[int], str]) -> None:
    """Listing pages /news/index.html, index_2.html, ... and their articles, in English."""
    words = [
        "council",
        "river",
        "park",
        "budget",
        "school",
        "road",
        "hospital",
        "water",
        "energy",
        "museum",
        "library",
        "bridge",
        "transport",
        "housing",
        "market",
        "farmers",
        "police",
        "festival",
        "students",
        "teachers",
        "doctors",
        "railway",
        "airport",
        "harbour",
        "climate",
        "forest",
        "election",
        "mayor",
        "report",
        "survey",
        "company",
        "workers",
        "export",
    ]
    for number in range(1, PAGES + 1):
        items = ""
        for k in (2 * number - 1, 2 * number):
            path = f"news/2024/01/story-{k}.html"
            pick = random.Random(k).choice
            text = " ".join(
                " ".join(pick(words) for _ in range(12)).capitalize() + "." for _ in range(20)
            )
            page = root / path
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(
                f"<html><head><title>Story {k}</title></head><body><article><h1>Story {k}</h1>"
                f"<p>Published: 2024-01-{k:02d} 10:00</p><p>{text}</p><p>{text}</p></article>"
                "</body></html>",
                encoding="utf-8",
            )
            items += f'<li><a href="/{path}">Story {k}</a></li>'
        (root / "news" / _page_name(number)).write_text(
            f'<html><head><title>News</title></head><body><ul class="list">{items}</ul>'
            f"{pager(number)}</body></html>",
            encoding="utf-8",
        )


@pytest.mark.parametrize(
    ("pager", "next_page"),
    [(_bootstrap_pager, "li.next a"), (_jump_bar_pager, "a.next")],
    ids=["bootstrap-pager", "jump-bar"],
)
def test_numbered_page_links_do_not_defeat_the_early_stop(
    crawl: CrawlRunner, tmp_path: Path, pager: Callable[[int], str], next_page: str
) -> None:
    """Each numbered page link that matches `listing_allow` was followed as a listing of its
    own (a new chain, with no known streak), so run 2 read every listing page again, and
    logged "Stopped paginating" at each, although only page 1's stop held anything back."""
    root, sites = tmp_path / "site", tmp_path / "sites"
    sites.mkdir()
    _pager_site(root, pager)

    def configure(*starts: str) -> None:
        (sites / "pager.toml").write_text(
            "\n".join(
                [
                    f"start_urls = {list(starts)!r}",
                    "listing_allow = ['/news/index(_\\d+)?\\.html$']",
                    "article_allow = ['/news/20\\d\\d/']",
                    f'next_page = "{next_page}"',
                    'timezone = "UTC"',
                ]
            ),
            encoding="utf-8",
        )

    configure("news/index.html")
    settings = {**FAST, "PRESSBOT_SITES_DIR": str(sites)}
    log = RequestLog()
    with serve_directory(root, log=log) as base:
        first = crawl("site=pager", f"base_url={base}", settings=settings)
        assert first.returncode == 0, first.describe()
        assert len(first.records()) == 2 * PAGES, first.describe()
        log.hits.clear()
        second = crawl("site=pager", f"base_url={base}", settings=settings)
        second_listings = [p for p in log.paths() if p.startswith("/news/index")]
        # Run 3 starts at pages 1 and 2: page 1's stop holds nothing back (page 2 is asked for
        # already), page 2's holds page 3 back.
        configure("news/index.html", "news/index_2.html")
        log.hits.clear()
        third = crawl("site=pager", f"base_url={base}", settings=settings)
        third_listings = [p for p in log.paths() if p.startswith("/news/index")]
    assert second.returncode == 0, second.describe()
    assert second_listings == ["/news/index.html"], second.describe()
    assert second.log.count("Stopped paginating at") == 1, second.describe()
    assert f"Stopped paginating at {base}news/index.html:" in second.log
    assert second.stats["pressbot/listing/stopped_at_known"] == 1
    assert third.returncode == 0, third.describe()
    assert sorted(third_listings) == ["/news/index.html", "/news/index_2.html"]
    assert third.log.count("Stopped paginating at") == 1, third.describe()
    assert f"Stopped paginating at {base}news/index_2.html:" in third.log
