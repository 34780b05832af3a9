"""What the press spider may fetch: start URLs, site boundaries and link rules, without a crawl."""

from __future__ import annotations

from pathlib import Path

import pytest

from pressbot.sites import SiteConfigError
from spiders.plan import CrawlArgumentError, CrawlPlan

DEMO_SITE = (Path(__file__).resolve().parent.parent / "fixtures" / "demo" / "site").as_uri() + "/"


def test_local_root_is_the_file_url_of_the_folder_next_to_the_toml() -> None:
    plan = CrawlPlan.build(site="demo")
    assert plan.root == DEMO_SITE
    assert plan.start_urls == (DEMO_SITE + "index.html",)
    assert plan.allowed_domains == []
    assert plan.in_site(DEMO_SITE + "news/2020/06/article-01.html")
    assert not plan.in_site("file:///etc/passwd")


def test_base_url_moves_the_root() -> None:
    plan = CrawlPlan.build(site="demo", base_url="http://127.0.0.1:8123")
    assert plan.start_urls == ("http://127.0.0.1:8123/index.html",)
    assert plan.allowed_domains == ["127.0.0.1"]
    assert plan.in_site("http://127.0.0.1:8123/news/index_1.html")
    assert not plan.in_site("http://127.0.0.1:9999/news/index_1.html")
    assert not plan.in_site(DEMO_SITE + "index.html")


def test_link_rules_come_from_the_config() -> None:
    plan = CrawlPlan.build(site="demo", base_url="http://127.0.0.1:8123/")
    assert plan.is_listing("http://127.0.0.1:8123/news/index_1.html")
    assert plan.is_article("http://127.0.0.1:8123/news/2020/06/article-01.html")
    assert not plan.is_article("http://127.0.0.1:8123/about.html")


def test_start_url_alone_stays_on_its_host() -> None:
    plan = CrawlPlan.build(start_url="https://www.Example.org/news/")
    assert plan.site is None
    assert plan.feed_site == "www-example-org"
    assert plan.in_site("https://www.example.org/2026/a.html")
    assert plan.in_site("http://m.www.example.org/a.html")
    # The bare name of a www. host is the same site (links and redirects mix the two forms);
    # its other subdomains and look-alike names are not.
    assert plan.in_site("https://example.org/a.html")
    assert not plan.in_site("https://blog.example.org/a.html")
    assert not plan.in_site("https://wwwexample.org/a.html")
    assert not plan.in_site("https://org/a.html")
    assert not plan.in_site("mailto:press@www.example.org")
    assert plan.is_article("https://www.example.org/anything")


def test_a_www_allowed_domain_admits_its_bare_name_and_subdomains(tmp_path: Path) -> None:
    """allowed_domains = ["www.example.gov.cn"] (the README's example): an article linked as
    http://example.gov.cn/... is the same site's; gov.cn and other subdomains of example.gov.cn
    are not. A bare allowed domain admits www. as one of its subdomains."""
    (tmp_path / "gov.toml").write_text(
        'start_urls = ["https://www.example.gov.cn/xwfb/"]\n'
        'allowed_domains = ["www.example.gov.cn", "news.example.org"]\n',
        encoding="utf-8",
    )
    plan = CrawlPlan.build(site="gov", sites_dirs=(tmp_path,))
    assert plan.in_site("http://example.gov.cn/xwfb/202006/t20200602_1.html")
    assert plan.in_site("https://www.example.gov.cn:8443/xwfb/a.html")  # any port, as before
    assert not plan.in_site("https://gov.cn/a.html")
    assert not plan.in_site("https://zwgk.example.gov.cn/a.html")
    assert not plan.in_site("https://example.org/a.html")  # no www. to drop from news.
    assert plan.in_site("https://www.news.example.org/a.html")


def test_site_or_start_url_is_required() -> None:
    with pytest.raises(CrawlArgumentError, match=r"known sites: .*demo"):
        CrawlPlan.build()


def test_a_bad_next_page_selector_fails_at_start_naming_file_and_key(tmp_path: Path) -> None:
    (tmp_path / "broken.toml").write_text(
        'start_urls = ["http://a.example/"]\nnext_page = "a[["\n', encoding="utf-8"
    )
    with pytest.raises(SiteConfigError, match=r"broken\.toml: key 'next_page': bad selector"):
        CrawlPlan.build(site="broken", sites_dirs=(tmp_path,))
