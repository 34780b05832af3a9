"""The project's log lines for records: short, and none built that no handler would show."""

from __future__ import annotations

import logging

import pytest
from scrapy import Spider
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from pipelines.logformatter import PressLogFormatter
from pressbot.items import Article

URL = "http://www.example.cn/202006/t20200602_1.html"
BODY = "第一段正文。" * 200


def formatter(level: str | int) -> PressLogFormatter:
    return PressLogFormatter.from_crawler(get_crawler(settings_dict={"LOG_LEVEL": level}))


def message(result: dict) -> str:
    return result["msg"] % result["args"]


@pytest.mark.parametrize("level", ["INFO", "warning", logging.ERROR])
def test_no_scraped_line_when_the_log_level_hides_debug(level: str | int) -> None:
    """Scrapy builds no log record for an item when the formatter returns None."""
    response = HtmlResponse(URL, body=b"<html></html>")
    assert formatter(level).scraped(Article(url=URL, body=BODY), response, Spider("s")) is None


@pytest.mark.parametrize("level", ["DEBUG", logging.DEBUG, 5])
def test_the_scraped_line_names_the_page_and_the_record_not_its_body(level: str | int) -> None:
    response = HtmlResponse(URL, body=b"<html></html>")
    result = formatter(level).scraped(Article(url=URL, body=BODY), response, Spider("s"))
    assert result is not None and result["level"] == logging.DEBUG
    line = message(result)
    assert line == f"Scraped from <200 {URL}>: <Article {URL}>"
    assert "第一段" not in line


def test_drops_and_errors_stay_one_line_at_every_level() -> None:
    item = Article(url=URL, body=BODY)
    response = HtmlResponse(URL, body=b"<html></html>")
    crawler = get_crawler(settings_dict={"LOG_LEVEL": "WARNING"})
    quiet, spider = PressLogFormatter.from_crawler(crawler), Spider.from_crawler(crawler, "s")
    dropped = quiet.dropped(item, ValueError("duplicate_url: x"), response, spider)
    assert message(dropped) == "Dropped: duplicate_url: x"
    error = quiet.item_error(item, ValueError("x"), response, spider)
    assert message(error) == f"Error processing <Article {URL}>"
