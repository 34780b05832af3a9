"""What an unattended job needs besides the crawl: site configs (new keys, checked at load),
`pressbot sites` and `pressbot check-site`, and the egg scrapyd runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import REPO
from fixture_sites import SITES_DIR, site_root

from pressbot.cli import main
from pressbot.localserver import RequestLog, serve_directory
from pressbot.sites import SiteConfigError, load_site_file


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('sitemaps = "sitemap.xml"', "sitemaps"),
        ("feeds = [1]", "feeds"),
        ("max_age_days = 0", "max_age_days"),
        ('page_template = "index.html"', "page_template"),
        ("page_start = true", "page_start"),
        ("stop_after_known = -1", "stop_after_known"),
        ('article_next_page = "a[["', "article_next_page"),
        ('encoding = "klingon"', "encoding"),
        ('politeness = "slow"', "politeness"),
        ("[politeness]\nconcurrency = 0", "politeness.concurrency"),
        ("[politeness]\ndelay = -1", "politeness.delay"),
        ('[politeness]\nautothrottle = "yes"', "politeness.autothrottle"),
        ("[politeness]\ntimeout = true", "politeness.timeout"),
        ("[politeness]\nuser_agent = 'x'", "politeness.user_agent"),
    ],
)
def test_bad_new_keys_name_file_and_key(tmp_path: Path, text: str, key: str) -> None:
    path = tmp_path / "example.toml"
    path.write_text(text + "\n", encoding="utf-8")
    with pytest.raises(SiteConfigError) as info:
        load_site_file(path)
    assert str(path) in str(info.value)
    assert f"key '{key}'" in str(info.value)


def test_new_keys_load_into_typed_values(tmp_path: Path) -> None:
    path = tmp_path / "example.toml"
    path.write_text(
        "\n".join(
            [
                'sitemaps = ["sitemap.xml"]',
                'feeds = ["rss.xml"]',
                "max_age_days = 3",
                'page_template = "index_{page}.html"',
                "page_start = 1",
                "stop_after_known = 2",
                'article_next_page = "div.pages a"',
                'encoding = "GBK"',
                "[politeness]",
                "delay = 1",
                "concurrency = 2",
                "autothrottle = false",
                "timeout = 15",
                "retries = 5",
            ]
        ),
        encoding="utf-8",
    )
    config = load_site_file(path)
    assert config.sitemaps == ("sitemap.xml",) and config.feeds == ("rss.xml",)
    assert (config.page_template, config.page_start, config.stop_after_known) == (
        "index_{page}.html",
        1,
        2,
    )
    assert config.encoding == "gbk"
    assert config.politeness.settings() == {
        "DOWNLOAD_DELAY": 1.0,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 2,
        "AUTOTHROTTLE_ENABLED": False,
        "DOWNLOAD_TIMEOUT": 15.0,
        "RETRY_TIMES": 5,
    }


def test_sites_lists_configs_and_flags_broken_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sites", "--sites-dir", str(SITES_DIR)]) == 0
    out = capsys.readouterr().out
    names = [line.split()[0] for line in out.splitlines()]
    assert names == ["big5", "demo", "flaky", "gbk", "listing", "rss", "sitemap"]
    assert "rss                  2 feed(s); any language, Asia/Shanghai" in out
    assert "sitemap              1 sitemap(s); zh" in out

    (tmp_path / "broken.toml").write_text("max_pages = 0\n", encoding="utf-8")
    assert main(["sites", "--sites-dir", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert f"broken               BROKEN: {tmp_path / 'broken.toml'}: key 'max_pages'" in out


def test_check_site_prints_the_fields_of_a_few_articles(
    capsys: pytest.CaptureFixture[str],
) -> None:
    log = RequestLog()
    with serve_directory(site_root("listing"), log=log) as base:
        status = main(["check-site", "listing", "--sites-dir", str(SITES_DIR), "--base-url", base])
    out = capsys.readouterr().out
    assert status == 0, out
    assert f"listing {base}news/index.html" in out
    assert "  6 in-site links: 2 article(s), 0 listing(s)" in out
    assert f"  next page: {base}news/index_1.html" in out
    assert f"article {base}news/202006/t20200604_1004.html" in out
    assert "  responsible_editors  刘洋" in out
    assert "  source               江川市文化和旅游局" in out
    assert "  editors              -" in out  # 1004 names a responsible editor only
    assert "  title                2/2" in out and "  editors              0/2" in out
    assert log.paths()[0] == "/robots.txt"
    assert all("pressbot/" in hit.headers.get("User-Agent", "") for hit in log.hits)


def test_check_site_fails_when_no_article_link_matches(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = (SITES_DIR / "listing.toml").read_text(encoding="utf-8")
    config = config.replace("/news/(private/)?", "/nothing/").replace(
        'local_root = "../crawl/listing"', f'local_root = "{site_root("listing")}"'
    )
    (tmp_path / "listing.toml").write_text(config, encoding="utf-8")
    with serve_directory(site_root("listing")) as base:
        status = main(["check-site", "listing", "--sites-dir", str(tmp_path), "--base-url", base])
    assert status == 1
    assert "no article links: check start_urls and article_allow" in capsys.readouterr().out


def test_egg_for_scrapyd_holds_the_project_and_its_settings_entry_point(tmp_path: Path) -> None:
    egg = tmp_path / "pressbot.egg"
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCRAPY_")}
    done = subprocess.run(
        [sys.executable, "-m", "scrapy", "egg", "-o", str(egg)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(egg) as archive:
        names = set(archive.namelist())
        entry_points = archive.read("EGG-INFO/entry_points.txt").decode()
    assert entry_points == "[scrapy]\nsettings = pressbot.settings\n"
    for name in (
        "pressbot/settings.py",
        "pressbot/schema/article.schema.json",
        "pressbot/sites/demo.toml",
        "spiders/press.py",
        "spiders/commands/crawl.py",
        "pipelines/feeds.py",
    ):
        assert name in names, name
    assert not [n for n in names if "__pycache__" in n or n.startswith("tests/")]

    # What scrapyd does: the egg on sys.path, the settings module from its entry point, no
    # project folder.
    code = (
        "import json, pressbot, spiders, pressbot.sites as s; "
        "from scrapy.utils.project import get_project_settings; "
        "from scrapy.spiderloader import SpiderLoader; "
        "loader = SpiderLoader.from_settings(get_project_settings()); "
        "print(json.dumps([pressbot.__file__, spiders.__file__, sorted(s.site_paths()), "
        "loader.list()]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={**env, "PYTHONPATH": str(egg), "SCRAPY_SETTINGS_MODULE": "pressbot.settings"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    pressbot_file, spiders_file, sites, spider_names = json.loads(done.stdout)
    assert pressbot_file.startswith(str(egg)) and spiders_file.startswith(str(egg))
    assert sites == ["demo"]
    assert spider_names == ["press"]
