"""Dates written with slashes ("03/06/2020"): read only where the page's own dates say which
number is the day, and only when the page shows no other date."""

from __future__ import annotations

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
