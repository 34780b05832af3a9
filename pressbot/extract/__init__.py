"""extract(html, url) -> Article: the pure heart every spider, test and CLI calls alike."""

from __future__ import annotations

from collections.abc import Mapping

from pressbot.items import Article


def extract(
    html: str | bytes,
    url: str | None = None,
    *,
    site: str | None = None,
    headers: Mapping[str, object] | None = None,
) -> Article:
    """STUB being replaced: returns an Article from the page."""
    return Article(url=url, site=site, body="stub")
