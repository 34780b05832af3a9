"""Config values a crawl cannot use are refused before it starts, in one line naming file and key.

Each of these was accepted, and the crawl then fetched nothing (start points outside its own
`allowed_domains` or root), dropped every record (a language the record schema refuses) or ran
with NaN delays and timeouts, "healthy", exit 0; or it died in a traceback (a `max_age_days`
beyond the calendar), and took `pressbot sites` with it. A mistyped `PRESSBOT_SITES_DIR`
silently fell back on the bundled configs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import CrawlRunner
from jsonschema import Draft202012Validator

from pressbot import sitecheck
from pressbot.cli import main
from pressbot.plan import CrawlArgumentError, CrawlPlan
from pressbot.schema import article_schema
from pressbot.sites import MAX_AGE_DAYS, SiteConfigError, load_site_file

START = 'start_urls = ["https://www.example.org/news/"]\n'


def write(folder: Path, text: str, name: str = "example") -> Path:
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "key", "why"),
    [
        ('allowed_domains = ["127.0.0.1:8701"]', "allowed_domains", "'127.0.0.1:8701'"),
        ('allowed_domains = ["http://127.0.0.1:8000/"]', "allowed_domains", "no scheme, port"),
        ('allowed_domains = [""]', "allowed_domains", "host names"),
        ('language = "English"', "language", "'English' is no language tag"),
        ('language = "Chinese"', "language", "such as 'zh' or 'en'"),
        ("max_age_days = 1000000", "max_age_days", f"at most {MAX_AGE_DAYS}"),
        ("[politeness]\ndelay = nan", "politeness.delay", "must be a finite number"),
        ("[politeness]\ndelay = inf", "politeness.delay", "must be a finite number"),
        ("[politeness]\ntimeout = nan", "politeness.timeout", "must be a finite number"),
        ("[politeness]\ntimeout = inf", "politeness.timeout", "must be a finite number"),
        ('encoding = "base64"', "encoding", "'base64' is no text encoding"),
        ('encoding = "rot13"', "encoding", "'rot-13' is no text encoding"),
        ('local_root = "site\\u0000x"', "local_root", "NUL"),
        ('next_page = "a.next\\u0000"', "next_page", "NUL"),
    ],
)
def test_a_value_the_crawl_cannot_use_is_refused_at_load(
    tmp_path: Path, text: str, key: str, why: str
) -> None:
    path = write(tmp_path, START + text + "\n")
    with pytest.raises(SiteConfigError) as info:
        load_site_file(path)
    message = str(info.value)
    assert message.startswith(f"{path}: key '{key}': "), message
    assert why in message and "\n" not in message


@pytest.mark.parametrize(
    "language", ["zh", "en", "zh-Hans", "en-US", "yue", "English", "ZH", "zh_CN", "z", "zh-"]
)
def test_a_config_takes_the_languages_a_record_may_carry(tmp_path: Path, language: str) -> None:
    record_takes = Draft202012Validator(article_schema()["properties"]["language"]).is_valid
    path = write(tmp_path, START + f'language = "{language}"\n')
    try:
        loaded = load_site_file(path).language == language
    except SiteConfigError:
        loaded = False
    assert loaded == record_takes(language)


def test_max_age_days_at_its_limit_gives_a_cutoff(tmp_path: Path) -> None:
    write(tmp_path, START + f"max_age_days = {MAX_AGE_DAYS}\n")
    plan = CrawlPlan.build(site="example", sites_dirs=(tmp_path,))
    assert plan.since is not None and plan.since.year < 1950


def test_sites_lists_a_config_that_fails_unexpectedly_as_broken(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A config that raised something other than a config error (an OverflowError from a huge
    max_age_days) ended the whole listing in a traceback."""
    write(tmp_path, START, "fine")
    odd = write(tmp_path, START, "odd")
    build = CrawlPlan.build

    def build_failing_odd(site: str | None = None, **kwargs: Any) -> CrawlPlan:
        if site == "odd":
            raise OverflowError("date value out of range")
        return build(site=site, **kwargs)

    monkeypatch.setattr(sitecheck.CrawlPlan, "build", build_failing_odd)
    assert main(["sites", "--sites-dir", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert f"odd                  BROKEN: {odd}: OverflowError: date value out of range\n" in out
    assert "fine                 1 start URL(s)" in out


def test_allowed_domains_cover_subdomains_and_any_case(tmp_path: Path) -> None:
    write(tmp_path, START + 'allowed_domains = ["Example.org"]\n')
    plan = CrawlPlan.build(site="example", sites_dirs=(tmp_path,))
    assert plan.hosts == ("example.org",)
    assert plan.start_urls == ("https://www.example.org/news/",)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('allowed_domains = ["example.com"]\n' + START, "start_urls"),
        # (the bare name of a www. host is on the site; a sibling subdomain is not)
        (
            'allowed_domains = ["www.example.org"]\nsitemaps = ["https://m.example.org/s"]',
            "sitemaps",
        ),
        ('allowed_domains = ["example.org"]\nfeeds = ["https://example.com/rss.xml"]', "feeds"),
    ],
)
def test_start_points_outside_allowed_domains_are_refused(
    tmp_path: Path, text: str, key: str
) -> None:
    path = write(tmp_path, text + "\n")
    with pytest.raises(SiteConfigError) as info:
        CrawlPlan.build(site="example", sites_dirs=(tmp_path,))
    assert str(info.value).startswith(f"{path}: key '{key}': https://"), info.value
    assert "is on none of allowed_domains (" in str(info.value)


def test_absolute_start_points_outside_the_root_are_refused(tmp_path: Path) -> None:
    """The root (local_root, base_url) is the crawl's boundary: an absolute URL elsewhere was
    requested and dropped as offsite, and the run called itself healthy."""
    (tmp_path / "copy").mkdir()
    path = write(tmp_path, 'local_root = "copy"\nfeeds = ["rss.xml", "https://example.org/rss"]\n')
    with pytest.raises(SiteConfigError, match=r"key 'feeds': https://example\.org/rss is outside"):
        CrawlPlan.build(site="example", sites_dirs=(tmp_path,))
    path.write_text(START, encoding="utf-8")
    with pytest.raises(SiteConfigError, match=r"key 'start_urls': .* is outside base_url http://"):
        CrawlPlan.build(site="example", base_url="http://127.0.0.1:8123", sites_dirs=(tmp_path,))
    path.write_text('start_urls = ["news/"]\n', encoding="utf-8")
    plan = CrawlPlan.build(site="example", base_url="http://127.0.0.1:8123", sites_dirs=(tmp_path,))
    assert plan.start_urls == ("http://127.0.0.1:8123/news/",)


def test_a_file_url_needs_local_root(tmp_path: Path) -> None:
    """Without a root a file:// URL has no host to stay on: its request was dropped."""
    write(tmp_path, 'start_urls = ["file:///srv/copy/index.html"]\n')
    with pytest.raises(SiteConfigError, match=r"key 'start_urls': file:///srv/.* needs local_root"):
        CrawlPlan.build(site="example", sites_dirs=(tmp_path,))


def test_a_start_url_argument_outside_the_site_is_refused(tmp_path: Path) -> None:
    write(tmp_path, START + 'allowed_domains = ["example.org"]\n')
    with pytest.raises(CrawlArgumentError, match=r"-a start_url=https://example\.com/ is on none"):
        CrawlPlan.build(site="example", start_url="https://example.com/", sites_dirs=(tmp_path,))
    inside = "https://a.example.org/"
    plan = CrawlPlan.build(site="example", start_url=inside, sites_dirs=(tmp_path,))
    assert plan.start_urls == (inside,)


def test_sites_lists_start_points_outside_the_site_as_broken(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = write(tmp_path, START + 'allowed_domains = ["example.com"]\n', "outside")
    write(tmp_path, START + 'allowed_domains = ["example.org"]\n', "inside")
    assert main(["sites", "--sites-dir", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert f"outside              BROKEN: {outside}: key 'start_urls': " in out
    assert "inside               1 start URL(s)" in out


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('allowed_domains = ["127.0.0.1:{port}"]', "allowed_domains"),
        ('allowed_domains = ["example.org"]', "start_urls"),
        ('language = "English"', "language"),
        ("max_age_days = 1000000", "max_age_days"),
        ("[politeness]\ntimeout = nan", "politeness.timeout"),
    ],
)
def test_the_crawl_refuses_such_a_config_in_one_line(
    crawl: CrawlRunner, demo_base_url: str, tmp_path: Path, text: str, key: str
) -> None:
    """Each ran as "healthy", exit 0, fetching or publishing nothing (or died in a traceback)."""
    port = demo_base_url.rsplit(":", 1)[1].strip("/")
    sites = tmp_path / "sites"
    sites.mkdir()
    path = write(sites, f'start_urls = ["{demo_base_url}index.html"]\n' + text.format(port=port))
    result = crawl("site=example", settings={"PRESSBOT_SITES_DIR": str(sites)})
    assert result.returncode == 1, result.describe()
    assert result.log.count(f"The crawl cannot start: {path}: key '{key}': ") == 1, result.log
    assert "Traceback" not in result.log, result.describe()


def test_a_missing_sites_folder_stops_the_crawl(crawl: CrawlRunner, tmp_path: Path) -> None:
    """A mistyped folder was ignored: the bundled demo was crawled in place of the user's."""
    missing = tmp_path / "sitez"
    result = crawl("site=demo", settings={"PRESSBOT_SITES_DIR": str(missing)})
    assert result.returncode == 1, result.describe()
    wanted = f"The crawl cannot start: PRESSBOT_SITES_DIR: no such folder: '{missing}'"
    assert result.log.count(wanted) == 1, result.describe()
    assert "Traceback" not in result.log, result.describe()
