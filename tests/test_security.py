"""Hostile sites and settings: a crawl stays on its site, writes only under its output folder,
keeps its files private, and never prints a password from a setting."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest
from conftest import DEMO, CrawlRunner

from pressbot.localserver import RequestLog, serve_directory
from pressbot.sites import SiteConfigError, load_site_file
from spiders.plan import CrawlPlan

ARTICLE = DEMO / "site" / "news" / "2020" / "06" / "article-01.html"
OTHER_ARTICLE = DEMO / "site" / "news" / "2020" / "06" / "article-02.html"


def _site(folder: Path, links: list[str]) -> None:
    news = folder / "news" / "2020" / "06"
    news.mkdir(parents=True)
    shutil.copy(ARTICLE, news / "home.html")
    anchors = "".join(f'<li><a href="{href}">link {n}</a></li>' for n, href in enumerate(links))
    (folder / "index.html").write_text(
        f"<html><body><h1>News</h1><ul>{anchors}</ul></body></html>", encoding="utf-8"
    )


def _other_site(folder: Path) -> None:
    news = folder / "news" / "2020" / "06"
    news.mkdir(parents=True)
    for name in ("moved.html", "direct.html", "elsewhere.html"):
        shutil.copy(OTHER_ARTICLE, news / name)


@pytest.mark.parametrize("mode", ["site_config", "start_url"])
def test_crawl_never_leaves_the_site_also_through_redirects(
    crawl: CrawlRunner, tmp_path: Path, mode: str
) -> None:
    other_root, home_root = tmp_path / "other", tmp_path / "home"
    _other_site(other_root)
    other_log, home_log = RequestLog(), RequestLog()
    redirects: dict[str, tuple[int, dict[str, str], bytes]] = {}
    with (
        serve_directory(other_root, log=other_log) as other,
        serve_directory(home_root, extra=redirects, log=home_log) as home,
    ):
        _site(
            home_root,
            [
                "news/2020/06/home.html",
                "news/2020/06/redirect.html",
                f"{other}news/2020/06/direct.html",
            ],
        )
        redirects["/news/2020/06/redirect.html"] = (
            302,
            {"Location": f"{other}news/2020/06/moved.html"},
            b"",
        )
        # robots.txt moved to the other server: its rules are not the site's to fetch either.
        redirects["/robots.txt"] = (301, {"Location": f"{other}robots.txt"}, b"")
        sites = tmp_path / "sites"
        sites.mkdir()
        (sites / "home.toml").write_text(
            'name = "home"\nstart_urls = ["index.html"]\n'
            "listing_allow = ['/index\\.html$']\narticle_allow = ['/news/20']\n",
            encoding="utf-8",
        )
        if mode == "site_config":
            args = ("site=home", f"base_url={home}")
        else:
            args = (f"start_url={home}index.html",)
        result = crawl(*args, settings={"PRESSBOT_SITES_DIR": str(sites)})
    assert result.returncode == 0, result.describe()
    assert home_log.count("/news/2020/06/redirect.html") == 1, home_log.paths()
    assert f"Dropped offsite request {other}news/2020/06/moved.html" in result.log
    assert f"Dropped offsite request {other}robots.txt (redirected from {home}robots.txt)" in (
        result.log
    )
    assert other_log.paths() == [], f"left the site: {other_log.paths()}\n{result.describe()}"
    urls = [record["url"] for record in result.records()]
    assert urls == [f"{home}news/2020/06/home.html"], urls
    assert not any(other in line for line in map(str, result.records()))


def test_every_article_link_not_fetched_is_logged_and_counted(
    crawl: CrawlRunner, tmp_path: Path
) -> None:
    """Scrapy drops a redirect loop (its duplicate filter; now a failure of the article), a
    meta refresh to another host (its OffsiteMiddleware, as the request is scheduled) and a
    robots.txt refusal at DEBUG: the articles vanished from the log. A page that refreshes to
    itself is read as it is (here an empty page, dropped as such)."""
    root = tmp_path / "home"
    links = ["ok", "loop1", "refresh-loop", "refresh-away", "private"]
    _site(root, [f"news/2020/06/{name}.html" for name in links])
    shutil.copy(ARTICLE, root / "news" / "2020" / "06" / "ok.html")
    shutil.copy(ARTICLE, root / "news" / "2020" / "06" / "private.html")
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /news/2020/06/private\n")
    html = {"Content-Type": "text/html"}
    extra: dict[str, tuple[int, dict[str, str], bytes]] = {
        "/news/2020/06/loop1.html": (302, {"Location": "/news/2020/06/loop2.html"}, b""),
        "/news/2020/06/loop2.html": (302, {"Location": "/news/2020/06/loop1.html"}, b""),
    }
    with serve_directory(root, extra=extra) as home:
        away = home.replace("127.0.0.1", "localhost")
        for name, target in [("refresh-loop", home), ("refresh-away", away)]:
            refresh = (
                f'<meta http-equiv="refresh" content="0;url={target}news/2020/06/{name}.html">'
            )
            extra[f"/news/2020/06/{name}.html"] = (200, html, refresh.encode())
        result = crawl(f"start_url={home}index.html", settings={"ROBOTSTXT_OBEY": "True"})
    assert [record["url"] for record in result.records()] == [f"{home}news/2020/06/ok.html"]
    assert f"Skipped {home}news/2020/06/private.html: Forbidden by robots.txt" in result.log
    url = f"{home}news/2020/06/loop1.html"
    assert f"Failed: redirect_loop: {url} (redirected back to {url})" in result.log
    assert f"Dropped: no-body: {home}news/2020/06/refresh-loop.html" in result.log
    assert f"Dropped offsite request {away}news/2020/06/refresh-away.html" in result.log
    assert result.stats["pressbot/errors/redirect_loop"] == 1
    assert result.stats["pressbot/offsite/dropped"] == 1


def test_a_site_name_cannot_name_a_path(tmp_path: Path) -> None:
    config = tmp_path / "evil.toml"
    config.write_text('name = "../evil"\nstart_urls = ["https://example.org/"]\n')
    with pytest.raises(SiteConfigError) as raised:
        load_site_file(config)
    assert str(config) in str(raised.value)
    assert "'name'" in str(raised.value)


@pytest.mark.parametrize(
    "start_url",
    [
        "http://..%2f..%2fetc/",
        "http://../../etc/passwd",
        "http://%2e%2e/x",
        "http://a/../../b/",
        "http://./",
        "file:///../../etc/",
    ],
)
def test_a_start_url_host_gives_a_safe_feed_folder(start_url: str) -> None:
    name = CrawlPlan.build(start_url=start_url).feed_site
    assert name and name not in (".", "..")
    assert "/" not in name and "\\" not in name and "%" not in name and "." not in name


def test_crawl_with_a_hostile_host_writes_under_the_output_folder(
    crawl: CrawlRunner, tmp_path: Path
) -> None:
    result = crawl("start_url=http://..%2f..%2fetc/", settings={"RETRY_ENABLED": "False"})
    written = [p for p in tmp_path.rglob("*") if p.is_file() and "output" in p.parts]
    for path in written:
        assert path.resolve().is_relative_to(result.output_dir.resolve()), path
    assert not (tmp_path.parent / "etc").exists()
    assert [p.name for p in result.output_dir.iterdir() if p.is_dir()] in ([], ["2f-2fetc"])
    outside = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert all(p.resolve().is_relative_to(tmp_path.resolve()) for p in outside), outside


def test_state_is_private_and_feeds_are_not_world_writable(
    crawl: CrawlRunner, demo_base_url: str
) -> None:
    result = crawl("site=demo", f"base_url={demo_base_url}", settings={"CONCURRENT_REQUESTS": "1"})
    assert result.returncode == 0, result.describe()
    assert stat.S_IMODE(result.state_path.stat().st_mode) == 0o600
    for companion in result.state_path.parent.glob(result.state_path.name + "-*"):
        assert stat.S_IMODE(companion.stat().st_mode) & 0o077 == 0, companion
    feeds = result.feed_files()
    assert feeds, result.describe()
    for path in [*feeds, result.output_dir / "manifest.ndjson"]:
        assert not stat.S_IMODE(path.stat().st_mode) & stat.S_IWOTH, path


def test_a_redis_password_is_never_printed(crawl: CrawlRunner, demo_base_url: str) -> None:
    pytest.importorskip("scrapy_redis")
    result = crawl(
        "site=demo",
        f"base_url={demo_base_url}",
        settings={"PRESSBOT_REDIS_URL": "redis://user:s3cret@127.0.0.1:1/0", "LOG_LEVEL": "DEBUG"},
    )
    assert result.returncode != 0, result.describe()
    assert "127.0.0.1:1" in result.log, "the unreachable server is named"
    assert "s3cret" not in result.log, result.describe()
    assert "s3cret" not in str(result.stats)
