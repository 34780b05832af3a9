"""A date shown under the headline weighed against the metadata's: the metadata lends its time
to the day the page shows, never another day; and the clocks a release prints to the hour."""

from __future__ import annotations

import pytest

from pressbot import extract
from pressbot.extract.dates import find_dates

HEADLINE = "County opens applications for small business recovery grants"
TEXT = "".join(
    f"<p>Paragraph {i}: the county said on Wednesday that businesses hit by the flooding could "
    "apply for grants of up to $25,000 each until the middle of April.</p>"
    for i in range(5)
)


def page(shown: str, head: str = "") -> str:
    """A release whose row under the headline is `shown`."""
    return (
        f"<html><head><title>{HEADLINE}</title>{head}</head><body><main>"
        f"<h1>{HEADLINE}</h1><div class='news-date'>{shown}</div>"
        f"<div class='news-body'>{TEXT}</div></main></body></html>"
    )


def meta_tag(value: str, key: str = "article:published_time") -> str:
    return f'<meta property="{key}" content="{value}">'


def json_ld(value: str) -> str:
    return (
        '<script type="application/ld+json">'
        f'{{"@type": "NewsArticle", "datePublished": "{value}"}}</script>'
    )


US = "https://www.co.oakridge.or.us/news/small-business-recovery-grants"


@pytest.mark.parametrize("shown", ["March 5, 2025", "February 5, 2025", "March 4, 2025"])
@pytest.mark.parametrize(
    "head", [meta_tag("2025-03-03T14:00:00+00:00"), json_ld("2025-03-03T14:00:00+00:00")]
)
def test_the_metadatas_time_on_another_day_gives_way_to_the_shown_date(
    shown: str, head: str
) -> None:
    article = extract(page(f"Release Date: {shown}", head), US)
    expected = {"March 5, 2025": "2025-03-05", "February 5, 2025": "2025-02-05"}
    assert article.published_at == expected.get(shown, "2025-03-04")
    assert article.extraction.methods["published_at"] == "dateline"


def test_the_metadatas_time_on_the_shown_day_stays() -> None:
    article = extract(
        page("Release Date: March 3, 2025", meta_tag("2025-03-03T14:00:00+00:00")), US
    )
    assert article.published_at == "2025-03-03T14:00:00+00:00"


def test_a_utc_instant_on_the_shown_day_on_the_hosts_clock_is_written_on_that_clock() -> None:
    # 23:30Z on 4 March is 07:30 on 5 March in Singapore, the day the page shows
    url = "https://www.example.gov.sg/news/grants"
    article = extract(page("5 March 2025", json_ld("2025-03-04T23:30:00Z")), url)
    assert article.published_at == "2025-03-05T07:30:00+08:00"


def test_a_utc_instant_on_the_shown_day_on_a_tags_clock_is_written_on_that_clock() -> None:
    head = json_ld("2025-03-04T23:30:00Z") + meta_tag("2025-03-05T07:30:00+08:00")
    article = extract(page("March 5, 2025", head), US)
    assert article.published_at == "2025-03-05T07:30:00+08:00"


def test_the_metadatas_own_offset_puts_it_on_the_shown_day() -> None:
    article = extract(page("March 5, 2025", json_ld("2025-03-05T07:30:00+08:00")), US)
    assert article.published_at == "2025-03-05T07:30:00+08:00"


def test_an_update_stamps_day_leaves_the_metadatas_publication_time() -> None:
    article = extract(page("Last Updated: March 5, 2025", json_ld("2025-03-03T10:30:00-05:00")), US)
    assert article.published_at == "2025-03-03T10:30:00-05:00"


@pytest.mark.parametrize(
    ("shown", "published"),
    [
        ("March 3, 2025, 9 a.m. ET", "2025-03-03T09:00-05:00"),
        ("March 3, 2025 4 PM EDT", "2025-03-03T16:00-04:00"),
        ("June 3, 2025, 12 p.m. ET", "2025-06-03T12:00-04:00"),
        ("March 3, 2025, noon ET", "2025-03-03T12:00-05:00"),
        ("March 3, 2025, 9 ET", "2025-03-03"),  # no a.m./p.m.: no clock
    ],
)
def test_a_clock_to_the_hour_with_am_or_pm_is_read(shown: str, published: str) -> None:
    url = "https://www.epa.gov/newsreleases/clean-school-buses"
    assert extract(page(shown, meta_tag("2025-03-03", "dcterms.created")), url).published_at == (
        published
    )


def test_govuks_first_published_tag_gives_the_shown_dates_time() -> None:
    head = '<meta name="govuk:first-published-at" content="2025-06-10T10:30:00+01:00">'
    url = "https://www.gov.uk/government/news/funding-boost-for-rural-bus-routes"
    assert extract(page("Published 10 June 2025", head), url).published_at == (
        "2025-06-10T10:30:00+01:00"
    )


def test_a_utc_instant_on_the_shown_day_somewhere_in_the_americas_stays() -> None:
    # 02:58Z on 12 August is the evening of 11 August in the US: the same instant
    url = "https://www.example.com/mlb/story/rally"
    article = extract(page("Aug 11, 2020", json_ld("2020-08-12T02:58:14Z")), url)
    assert article.published_at == "2020-08-12T02:58:14+00:00"


def test_a_utc_instant_on_no_us_clock_of_the_shown_day_gives_way_on_a_gov_host() -> None:
    # 23:30Z on 4 March is still 4 March on every US clock: the page's 5 March is another day
    url = "https://www.example-county.gov/news/grants"
    article = extract(page("March 5, 2025", json_ld("2025-03-04T23:30:00Z")), url)
    assert article.published_at == "2025-03-05"


PUBLISHED = "2020-06-03T12:15:00-07:00"


@pytest.mark.parametrize(
    ("shown", "head"),
    [
        # a caption's date, in a sentence
        (
            "A teacher arranges desks six feet apart in a classroom in Sacramento, California, "
            "May 28, 2020",
            json_ld(PUBLISHED),
        ),
        # a US page's 06.03.2020 is 3 June, read day first
        ("By Jane Roe 06.03.2020", json_ld(PUBLISHED)),
        # the update's day, unlabelled, as a WordPress theme prints it
        (
            "By admin - 2020-06-04",
            '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": '
            f'"{PUBLISHED}", "dateModified": "2020-06-04T09:00:00-07:00"}}</script>',
        ),
    ],
)
def test_a_date_that_is_no_publication_dates_row_leaves_the_metadatas(
    shown: str, head: str
) -> None:
    url = "https://www.example.org/blog/2020/06/schools-reopen.html"
    assert extract(page(shown, head), url).published_at == PUBLISHED


def test_ist_is_india_standard_time() -> None:
    # "IST" unread, the update's 13:02 and the 05:02Z instant looked like one, on +08:00
    url = "https://www.example-news.com/economy/rbi-holds-rates"
    shown = "Last Updated: Jun 06, 2025, 01:02:00 PM IST"
    article = extract(page(shown, json_ld("2025-06-06T10:32:00+05:30")), url)
    assert article.published_at == "2025-06-06T10:32:00+05:30"
    assert extract(page("Jun 03, 2020 | 14:21 IST"), url).published_at == "2020-06-03T14:21+05:30"


def test_the_hong_kong_governments_issued_at_line_under_its_date_gives_the_time() -> None:
    end = "<div>Ends/Wednesday, June 3, 2020<br>Issued at HKT 15:30</div><div>NNNN</div>"
    html = (
        f"<html><head><title>{HEADLINE}</title></head><body><h1>{HEADLINE}</h1>"
        f"<div id='pressrelease'>{TEXT}</div>{end}</body></html>"
    )
    url = "https://www.info.gov.hk/gia/general/202006/03/P2020060300511.htm"
    assert extract(html, url).published_at == "2020-06-03T15:30+08:00"


@pytest.mark.parametrize(
    ("row", "seconds"),
    [
        ("2020年6月3日 香港時間16時05分<br>2020 ｜ 重要告示", None),
        ("2020年6月3日 16时05分30秒", 30),
    ],
)
def test_a_number_after_a_chinese_clocks_minutes_is_a_second_only_with_its_mark(
    row: str, seconds: int | None
) -> None:
    found = find_dates(row.replace("<br>", " \n "))[0]
    assert (found.hour, found.minute, found.second) == (16, 5, seconds)
