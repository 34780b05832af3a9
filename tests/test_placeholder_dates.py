"""A CMS that has no time for a page prints its zero: the Unix epoch (timestamp 0, 1970-01-01,
or 1969-12-31 west of Greenwich) or 1900-01-01 (a database's or spreadsheet's zero date). No web
page was published then, so such a date is no publication time: the next source of one (the
URL, here) stands, or none, never the placeholder."""

from __future__ import annotations

import pytest

from pressbot import extract

_TEXT = "".join(
    f"<p>{sentence}</p>"
    for sentence in (
        "The harbour board approved a two-phase expansion plan on Monday, setting aside land "
        "north of the old pier for container storage and a rail spur.",
        "Phase one will dredge the approach channel to fourteen metres so that larger vessels "
        "can call without waiting for high tide, the board's chair told reporters.",
    )
)


def _page(head: str = "", row: str = "") -> str:
    return (
        f"<html lang='en'><head><title>Harbour plan</title>{head}</head><body><article>"
        f"<h1>Harbour plan approved</h1>{row}{_TEXT}</article></body></html>"
    )


def _meta(value: str) -> str:
    return f'<meta property="article:published_time" content="{value}">'


def _json_ld(value: str) -> str:
    return (
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        f'"headline": "Harbour plan approved", "datePublished": "{value}"}}</script>'
    )


DATED_URL = "https://www.example.com/2020/06/12/harbour-plan.html"
UNDATED_URL = "https://www.example.com/news/harbour-plan.html"


@pytest.mark.parametrize(
    ("head", "row", "url", "expected"),
    [
        (_meta("1970-01-01T00:00:00+00:00"), "", DATED_URL, "2020-06-12"),
        (_meta("1970-01-01T08:00:00+08:00"), "", DATED_URL, "2020-06-12"),
        (_json_ld("1969-12-31T19:00:00-05:00"), "", DATED_URL, "2020-06-12"),
        (_json_ld("1970-01-01T00:00:00Z"), "", UNDATED_URL, None),
        (_json_ld("1900-01-01T00:00:00Z"), "", UNDATED_URL, None),
        ("", "<p>Published: 1970-01-01 08:00</p>", DATED_URL, "2020-06-12"),
        (
            _meta("1970-01-01T00:00:00+00:00"),
            "<p>Published: 12 June 2020</p>",
            UNDATED_URL,
            "2020-06-12",
        ),
    ],
)
def test_a_placeholder_date_is_no_publication_time(
    head: str, row: str, url: str, expected: str | None
) -> None:
    article = extract(_page(head, row), url)
    assert article.is_article
    assert article.published_at == expected


@pytest.mark.parametrize(
    ("head", "row", "expected"),
    [
        (_meta("1991-08-06T14:56:20+00:00"), "", "1991-08-06T14:56:20+00:00"),
        ("", "<p>Published: June 4, 1989</p>", "1989-06-04"),
    ],
)
def test_an_old_date_that_is_no_placeholder_stands(head: str, row: str, expected: str) -> None:
    """Only the zero dates are refused: an archive's old date is a date."""
    assert extract(_page(head, row), UNDATED_URL).published_at == expected
