"""Dates written with slashes ("03/06/2020"): read only where the page's own dates say which
number is the day, or else its host's country (one that writes the day first), and only when
the page shows no other date."""

from __future__ import annotations

import pytest

from pressbot import extract

TEXT = (
    "<p>{dateline}Governments should shift from broad emergency support to more targeted help "
    "for small firms as lockdowns ease, because many viable firms will run out of cash before "
    "demand recovers, according to a new report published on the same day.</p>"
)


def _page(dateline: str, sidebar: str) -> str:
    body = TEXT.format(dateline=dateline) + TEXT.format(dateline="") * 4
    return (
        "<html><head><title>Small firms need support - Org</title></head><body>"
        f"<h1>Small firms need support</h1><div class='article-content'>{body}</div>"
        f"<ul class='sidebar'>{sidebar}</ul></body></html>"
    )


URL = "https://www.example.org/newsroom/small-firms-need-support.htm"


def test_the_pages_other_dates_say_day_first_or_month_first() -> None:
    day_first = _page("03/06/2020 - ", "<li>28/05/2020 Older release</li>")
    assert extract(day_first, URL).published_at == "2020-06-03"
    month_first = _page("03/06/2020 - ", "<li>05/28/2020 Older release</li>")
    assert extract(month_first, URL).published_at == "2020-03-06"


def test_a_slash_date_the_page_does_not_settle_gives_no_date() -> None:
    assert (
        extract(_page("03/06/2020 - ", "<li>04/05/2020 Older release</li>"), URL).published_at
        is None
    )


def _dated(shown: str, published: str) -> str:
    head = f'<meta property="article:published_time" content="{published}">'
    body = TEXT.format(dateline="") * 5
    return (
        f"<html><head><title>Small firms need support - Org</title>{head}</head><body>"
        f"<header><h1>Small firms need support</h1><div class='byline'>By Jane Roe</div>"
        f"<div class='date'>{shown}</div></header><div class='article-content'>{body}</div>"
        "</body></html>"
    )


def test_a_slash_time_under_the_headline_is_read_in_the_order_that_makes_it_the_metadatas() -> None:
    # 03/06/20 5:21pm is 3 June (not 6 March) at 16:21Z: the reader's clock at +01:00
    page = _dated("Last Updated: 03/06/20 5:21pm", "2020-06-03T16:21:00Z")
    assert extract(page, URL).published_at == "2020-06-03T17:21+01:00"
    assert extract(_dated("6/3/2020, 10:21 AM", "2020-06-03T14:21:35Z"), URL).published_at == (
        "2020-06-03T10:21-04:00"
    )
    # another instant (an update's clock, 5 h 16 min off): the metadata's date stands
    later = _dated("11/20/19 6:38 AM", "2019-11-20T01:22:37-05:00")
    assert extract(later, URL).published_at == "2019-11-20T01:22-05:00"  # (minutes: as shown)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.health.gov.au/ministers/jane-citizen/media/small-firms-need-support",
        "https://www.example.co.uk/news/small-firms-need-support",
        "https://www.example.co.nz/news/small-firms-need-support",
    ],
)
def test_a_day_first_countrys_host_reads_a_slash_date_the_page_does_not_settle(url: str) -> None:
    page = _page("12/03/2025 - ", "<li>04/03/2025 Older release</li>")
    assert extract(page, url).published_at == "2025-03-12"


def test_the_pages_own_dates_outweigh_its_hosts_country() -> None:
    page = _page("03/06/2020 - ", "<li>05/28/2020 Older release</li>")
    assert extract(page, "https://www.example.com.au/news/1").published_at == "2020-03-06"


@pytest.mark.parametrize(
    ("row", "published"),
    [
        ("發布時間：114/03/05 14:30", "2025-03-05T14:30+08:00"),
        ("發布日期：114-03-05", "2025-03-05"),
        ("发布时间：114/03/05 14:30:08", "2025-03-05T14:30:08+08:00"),
    ],
)
def test_a_taiwanese_row_in_the_republics_years_gives_its_day_and_time(
    row: str, published: str
) -> None:
    """A Taiwanese ministry prints its years from 1912 (114 is 2025), its clock after them."""
    text = "".join(
        f"<p>疾病管制署今日公布，本季流感疫苗接種人數已突破650萬人，接種率創下歷年新高，第{i}段。</p>"
        for i in range(5)
    )
    html = (
        "<html><head><title>流感疫苗接種率創新高</title></head><body>"
        f"<h2>流感疫苗接種率創新高</h2><div class='info'><span>{row}</span>"
        "<span>更新時間：114/03/06 09:12</span></div>"
        f"<article>{text}</article></body></html>"
    )
    article = extract(html, "https://www.mohw.example.gov.tw/cp-16-81234-1.html")
    assert article.published_at == published
