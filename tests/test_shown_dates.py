"""A date shown under the headline weighed against the metadata's: the metadata lends its time
to the day the page shows, never another day; and the clocks a release prints to the hour."""

from __future__ import annotations

import pytest

from pressbot import extract

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
