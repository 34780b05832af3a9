"""Config values a crawl cannot use are refused before it starts, in one line naming file and key.

Each of these was accepted, and the crawl then dropped every record (a language the record
schema refuses) or ran with NaN delays and timeouts; all of them "healthy", exit 0.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CrawlRunner
from jsonschema import Draft202012Validator

from pressbot.schema import article_schema
from pressbot.sites import SiteConfigError, load_site_file

START = 'start_urls = ["https://www.example.org/news/"]\n'


def write(folder: Path, text: str, name: str = "example") -> Path:
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "key", "why"),
    [
        ('language = "English"', "language", "'English' is no language tag"),
        ('language = "Chinese"', "language", "such as 'zh' or 'en'"),
        ("[politeness]\ndelay = nan", "politeness.delay", "must be a finite number"),
        ("[politeness]\ndelay = inf", "politeness.delay", "must be a finite number"),
        ("[politeness]\ntimeout = nan", "politeness.timeout", "must be a finite number"),
        ("[politeness]\ntimeout = inf", "politeness.timeout", "must be a finite number"),
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


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('language = "English"', "language"),
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
