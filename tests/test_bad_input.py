"""Hostile pages in a real crawl: each is skipped with a logged reason and a stat, none crashes it.

A loopback site whose listing links to one good article and to pages a press site can serve by
accident: an empty 200, a PDF, a JPEG, a 20 MB page, HTML nested 10,000 levels deep, and random
bytes labelled text/html. The crawl is the real `scrapy crawl press`, configured through a site
TOML in a temporary PRESSBOT_SITES_DIR.
"""

from __future__ import annotations

import gzip
import io
import random
import re
from pathlib import Path

from conftest import DEMO, CrawlRunner

from pressbot.localserver import serve_directory
from pressbot.schema import record_errors

GOOD_ARTICLE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>我市举行2026年秋季招聘会新闻发布会_新闻中心</title></head>
<body>
<div class="nav"><a href="/index.html">首页</a> <a href="/index.html">新闻中心</a></div>
<h1>我市举行2026年秋季招聘会新闻发布会</h1>
<div class="info">2026-11-20 10:30 来源：市人力资源和社会保障局</div>
<div class="content">
<p>11月20日上午，市政府新闻办公室举行新闻发布会，介绍2026年秋季大型招聘会有关情况。市人力资源和社会保障局副局长出席发布会并回答记者提问。</p>
<p>本次招聘会将于11月28日至30日在市会展中心举行，预计有800余家用人单位参会，提供就业岗位2.6万个，涵盖制造业、现代服务业、信息技术等多个领域。</p>
<p>发布会介绍，招聘会期间还将设立政策咨询区、职业指导区和技能培训报名区，为求职者提供“一站式”服务。高校毕业生、退役军人和就业困难人员可通过绿色通道优先入场。</p>
<p>据了解，今年以来全市城镇新增就业12.3万人，城镇调查失业率保持在合理区间，就业形势总体稳定。</p>
</div>
<p class="editor">责任编辑：王小明</p>
</body></html>
"""

BAD_PAGES = {
    "empty": "/articles/empty.html",
    "pdf": "/articles/report.pdf",
    "jpeg": "/articles/photo.jpg",
    "huge": "/articles/huge.html",
    "deep": "/articles/deep.html",
    "random": "/articles/random.html",
}
GOOD_PAGE = "/articles/good.html"
HUGE_BYTES = 20 * 1024 * 1024
DEPTH = 10_000


def _write_site(root: Path) -> dict[str, tuple[int, dict[str, str], bytes]]:
    """Files on disk plus canned responses; returns the canned ones for the server."""
    articles = root / "articles"
    articles.mkdir(parents=True)
    links = "\n".join(
        f'<li><a href="{path}">{name}</a></li>'
        for name, path in [("good", GOOD_PAGE), *BAD_PAGES.items()]
    )
    (root / "index.html").write_text(
        "<html><head><meta charset='utf-8'><title>新闻中心</title></head>"
        f"<body><ul>{links}</ul></body></html>",
        encoding="utf-8",
    )
    (articles / "good.html").write_text(GOOD_ARTICLE, encoding="utf-8")
    jpeg = (
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
        + bytes(range(256)) * 64
    )
    (articles / "photo.jpg").write_bytes(jpeg + b"\xff\xd9")
    # An inline image as big as a page gets: 20 MB of markup and no text at all.
    padding = b"A" * (HUGE_BYTES - 200)
    (articles / "huge.html").write_bytes(
        b'<html><head><title>Big</title></head><body><img src="data:image/png;base64,'
        + padding
        + b'"></body></html>'
    )
    (articles / "deep.html").write_text(
        "<html><body>" + "<div>" * DEPTH + "x" + "</div>" * DEPTH + "</body></html>",
        encoding="ascii",
    )
    noise = random.Random(20261129).randbytes(64 * 1024)
    pdf = (
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
        + noise[:4096]
        + b"\n%%EOF\n"
    )
    return {
        BAD_PAGES["empty"]: (200, {"Content-Type": "text/html; charset=utf-8"}, b""),
        BAD_PAGES["pdf"]: (200, {"Content-Type": "application/pdf"}, pdf),
        BAD_PAGES["random"]: (200, {"Content-Type": "text/html"}, noise),
    }


def test_bad_pages_are_skipped_and_the_good_one_published(
    tmp_path: Path, crawl: CrawlRunner
) -> None:
    site = tmp_path / "site"
    canned = _write_site(site)
    sites_dir = tmp_path / "sites"
    sites_dir.mkdir()
    with serve_directory(site, extra=canned) as base_url:
        (sites_dir / "badinput.toml").write_text(
            f'name = "badinput"\nstart_urls = ["{base_url}index.html"]\n'
            "article_allow = ['/articles/']\nlanguage = \"zh\"\n",
            encoding="utf-8",
        )
        result = crawl("site=badinput", settings={"PRESSBOT_SITES_DIR": str(sites_dir)})

    assert result.returncode == 0, result.describe()
    assert "Traceback" not in result.log, result.describe()
    assert not re.search(r"\] (ERROR|CRITICAL):", result.log), result.describe()

    records = result.records()
    assert [r["url"] for r in records] == [base_url.rstrip("/") + GOOD_PAGE], result.describe()
    assert list(record_errors(records[0])) == []
    assert "招聘会" in records[0]["body"]
    assert not result.part_files()
    assert result.stats.get("pressbot/published") == 1

    for name, path in BAD_PAGES.items():
        url = base_url.rstrip("/") + path
        assert re.search(rf"Dropped: [\w-]+: {re.escape(url)}", result.log), (
            f"{name}: no logged skip for {url}\n{result.describe()}"
        )
    assert sum(result.dropped().values()) == len(BAD_PAGES), result.dropped()
    assert result.stats.get("pressbot/article/links") == len(BAD_PAGES) + 1


def _gzip_bomb(size: int) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=9) as bomb:
        bomb.write(b"<html><body>")
        chunk = b"\0" * (1 << 20)
        for _ in range(size >> 20):
            bomb.write(chunk)
    return buffer.getvalue()


def test_gzip_bomb_response_and_garbage_robots_txt(tmp_path: Path, crawl: CrawlRunner) -> None:
    """A response that inflates to 1 GB is cancelled at DOWNLOAD_MAXSIZE (counted and logged,
    never held in memory); a robots.txt of random bytes is read as "allow all"."""
    site = tmp_path / "site"
    (site / "articles").mkdir(parents=True)
    (site / "articles" / "good.html").write_text(GOOD_ARTICLE, encoding="utf-8")
    (site / "index.html").write_text(
        '<html><body><a href="/articles/good.html">good</a> '
        '<a href="/articles/bomb.html">bomb</a></body></html>',
        encoding="utf-8",
    )
    (site / "robots.txt").write_bytes(random.Random(7).randbytes(4096))
    bomb = _gzip_bomb(1 << 30)
    canned = {
        "/articles/bomb.html": (
            200,
            {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"},
            bomb,
        )
    }
    sites_dir = tmp_path / "sites"
    sites_dir.mkdir()
    with serve_directory(site, extra=canned) as base_url:
        (sites_dir / "bombs.toml").write_text(
            f'name = "bombs"\nstart_urls = ["{base_url}index.html"]\n'
            "article_allow = ['/articles/']\n",
            encoding="utf-8",
        )
        result = crawl("site=bombs", settings={"PRESSBOT_SITES_DIR": str(sites_dir)})

    assert len(bomb) < 2 << 20, "the bomb is small on the wire"
    assert result.returncode in (0, 3), result.describe()  # 3: the health check saw an error
    assert "Traceback" not in result.log, result.describe()
    assert [r["url"] for r in result.records()] == [base_url.rstrip("/") + "/articles/good.html"]
    assert re.search(
        r"bomb\.html.*(exceeded|larger than|DOWNLOAD_MAXSIZE|maxsize)", result.log, re.I
    ), result.describe()
    assert result.stats.get("memusage/max", 0) < 1 << 30


def test_a_malformed_link_on_a_listing_costs_only_that_link(crawl: CrawlRunner) -> None:
    """One link urllib cannot split ("Invalid IPv6 URL") among a listing's links: the listing
    used to fail whole (a spider error, none of its articles fetched, on every run)."""
    site = DEMO / "site"
    listing = (site / "news" / "index.html").read_bytes()
    bad = b'<a href="http://[invalid/news/2020/067.html">typo</a>'
    listing = listing.replace(b"</body>", bad + b"</body>", 1)
    with serve_directory(
        site, extra={"/news/index.html": (200, {"Content-Type": "text/html"}, listing)}
    ) as base:
        result = crawl("site=demo", f"base_url={base}")
        clean = crawl("site=demo", f"base_url={base}")  # (known pages: nothing new)
    assert result.returncode == 0, result.describe()
    assert "Spider error" not in result.log and "Traceback" not in result.log
    assert "Skipped link 'http://[invalid/news/2020/067.html' on " in result.log
    assert len(result.records()) == 11, result.describe()
    assert clean.returncode == 0, clean.describe()


def test_a_body_shorter_than_its_content_length_fails_with_a_reason(crawl: CrawlRunner) -> None:
    """The server closes the connection before the declared length: Scrapy's error has no
    message of its own, and the log line ended in empty parentheses."""
    site = DEMO / "site"
    path = "news/2020/06/article-02.html"
    body = (site / path).read_bytes()
    short = {"Content-Length": str(len(body) + 500), "Connection": "close"}
    extra = {f"/{path}": (200, {"Content-Type": "text/html", **short}, body)}
    with serve_directory(site, extra=extra) as base:
        result = crawl("site=demo", f"base_url={base}", settings={"PRESSBOT_RETRY_BACKOFF": "0.1"})
    url = f"{base}{path}"
    assert url not in [r["url"] for r in result.records()]
    failed = [
        line for line in result.log.splitlines() if f"Failed: ResponseDataLossError: {url}" in line
    ]
    assert len(failed) == 1, result.describe()
    assert failed[0].endswith(f"{url} (Scrapy couldn't get a complete response)"), failed[0]


def test_a_drop_after_a_redirect_names_the_link_that_was_followed(crawl: CrawlRunner) -> None:
    """An article link that redirects to another page (the site's about page, a login): the
    drop line named only the page it landed on, so the article's own link was in no line."""
    site = DEMO / "site"
    path = "news/2020/06/article-02.html"
    extra = {f"/{path}": (302, {"Location": "/about.html"}, b"")}
    with serve_directory(site, extra=extra) as base:
        result = crawl("site=demo", f"base_url={base}")
    assert result.returncode == 0, result.describe()
    drops = [
        line for line in result.log.splitlines() if "Dropped: " in line and "about.html" in line
    ]
    assert len(drops) == 1, result.describe()
    assert drops[0].endswith(f", redirected from {base}{path}"), drops[0]
