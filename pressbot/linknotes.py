"""What article links turned out to be, carried from run to run in the run summary.

An incremental run skips article links the dedup state knows and stops walking a listing once a
page links nothing new. Two kinds of link were new to every run, and so each kept every run
walking past its listing page:

- a link whose page is no article (a gallery, a video's page): `no_article_links`, a list. It
  is still fetched each run (a stub may be filled, a maintenance page gone), but is nothing new.
- a link that a permanent redirect (301, 308) moves to another URL (an old address of a story,
  `http://` to `https://`): `moved_links`, link -> the URL it moved to. It is known while that
  URL is, and is then neither fetched nor new. A temporary redirect (302, 303, 307) may lead
  elsewhere next time ("the latest story"), so it is not noted.

A third kind is of sitemaps: `sitemaps_read`, each sitemap of an index that a run read, with
the `lastmod` its index gave it then. While the index gives it no later one, it is unchanged,
and a run after one that finished does not read it again: a site's sitemap of each month or
day was read in every run, however long unchanged. A sitemap the index gives no `lastmod`, or
one no run read whole (it failed; a `since` cut-off skipped it, or its older entries; a run
that could not get an article notes none), is read.
What a sitemap gives depends on the crawl's rules too (the site's config: which entries are
articles; pressbot's version): the notes hold a digest of them (`rules`), and a run under other
rules reads every sitemap again, as a fixed `article_allow` must reach the older entries.

Links are keyed by their canonical URL (`pressbot.dedup.canonical_url`). Each run carries what
it found, then what earlier runs found that it did not fetch again (a link further down a
listing than its walk went, a sitemap unchanged), at most `MAX_LINKS` of each kind, its own
first.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from pressbot.dedup import canonical_url
from pressbot.health import parse_time

NO_ARTICLE_KEY = "no_article_links"
MOVED_KEY = "moved_links"
SITEMAPS_KEY = "sitemaps_read"
MAX_LINKS = 5000
NO_ARTICLE_TYPES = frozenset({"listing", "not-article", "no-body", "binary", "not-html"})
"""The page types that say a page is no article; "empty" and "error" may pass with the next
fetch (a server's hiccup, a crashed worker), so they are not noted."""
PERMANENT = frozenset({301, 308})


class LinkNotes:
    """The notes the last run left (`before`) and those this run takes (`found`)."""

    def __init__(self, summary: Any = None, rules: str = "") -> None:
        """From the last run's summary (anything else, or what a summary holds in another
        form, reads as no notes: a summary of before these notes, one edited by hand), for a
        run whose crawl rules have the digest `rules` (`rules_digest`)."""
        summary = summary if isinstance(summary, Mapping) else {}
        self.rules = rules
        listed = summary.get(NO_ARTICLE_KEY)
        moved = summary.get(MOVED_KEY)
        self.no_article_before = dict.fromkeys(
            url for url in (listed if isinstance(listed, list) else ()) if isinstance(url, str)
        )
        self.moved_before = {
            url: to
            for url, to in (moved.items() if isinstance(moved, Mapping) else ())
            if isinstance(url, str) and isinstance(to, str)
        }
        noted = summary.get(SITEMAPS_KEY)
        same_rules = isinstance(noted, Mapping) and noted.get("rules") == rules
        sitemaps = noted.get("sitemaps") if same_rules else None  # type: ignore[union-attr]
        self.sitemaps_before = {
            url: when
            for url, value in (sitemaps.items() if isinstance(sitemaps, Mapping) else ())
            if isinstance(url, str) and (when := parse_time(value)) is not None
        }
        self.sitemaps: dict[str, str] = {}
        self.no_article: dict[str, None] = {}  # (in the order found: the walk's newest first)
        self.moved: dict[str, str] = {}
        self.fetched: set[str] = set()
        """Links of the notes before that this run fetched again, whatever it found."""

    def no_article_earlier(self, url: str) -> bool:
        """Did an earlier run find no article at this link?"""
        return bool(self.no_article_before) and canonical_url(url) in self.no_article_before

    def moved_to(self, url: str) -> str | None:
        """The canonical URL an earlier run found this link permanently moved to, if any."""
        return self.moved_before.get(canonical_url(url)) if self.moved_before else None

    def sitemap_unchanged(self, url: str, modified: datetime | None) -> bool:
        """Did a run read this sitemap when its index gave it `modified`, or a later time?"""
        read = self.sitemaps_before.get(canonical_url(url)) if modified is not None else None
        return read is not None and modified is not None and modified <= read

    def note_sitemap(self, url: str, modified: str | None) -> None:
        """Note a sitemap read whole, with the `lastmod` its index gave it (ISO 8601)."""
        if modified is not None:
            self.sitemaps[canonical_url(url)] = modified

    def note(self, first: str, final: str, redirects: list[Any], page_type: str | None) -> None:
        """Note a fetched article link: `first` the URL asked for, `final` the one answered
        after the `redirects` (their reasons: status codes, as Scrapy keeps them), `page_type`
        the page's (None: not even an HTML page).

        >>> notes = LinkNotes({"moved_links": {"http://a/old": "http://a/x"}})
        >>> notes.note("http://a/old", "http://a/y", [301], "article")
        >>> notes.note("http://a/v", "http://a/v", [], "no-body")
        >>> notes.note("http://a/t", "http://a/z", [302], "article")
        >>> notes.carried()["no_article_links"], notes.carried()["moved_links"]
        (['http://a/v'], {'http://a/old': 'http://a/y'})
        """
        key = canonical_url(first)
        if key in self.no_article_before or key in self.moved_before:
            self.fetched.add(key)
        if page_type is None or page_type in NO_ARTICLE_TYPES:
            self.no_article[key] = None
        if redirects and all(reason in PERMANENT for reason in redirects):
            to = canonical_url(final)
            if to != key:
                self.moved[key] = to

    def carried(self) -> dict[str, Any]:
        """The notes for this run's summary: this run's in the order it found them (a walk
        meets the newest links first), then the earlier ones it did not fetch again, at most
        `MAX_LINKS` of each kind."""
        no_article = list(self.no_article)
        no_article += [
            url
            for url in self.no_article_before
            if url not in self.no_article and url not in self.fetched
        ]
        moved = dict(self.moved)
        for url, to in self.moved_before.items():
            if url not in moved and url not in self.fetched:
                moved[url] = to
        sitemaps = dict(self.sitemaps)
        for url, when in self.sitemaps_before.items():
            sitemaps.setdefault(url, when.isoformat())
        read = dict(list(sitemaps.items())[:MAX_LINKS])
        return {
            NO_ARTICLE_KEY: no_article[:MAX_LINKS],
            MOVED_KEY: dict(list(moved.items())[:MAX_LINKS]),
            SITEMAPS_KEY: {"rules": self.rules, "sitemaps": read},
        }


def rules_digest(*rules: object) -> str:
    """A digest of what decides which entries of a sitemap a crawl takes (the site config, the
    crawl's hosts, pressbot's version), each given by its `repr`.

    >>> rules_digest("a", 1) == rules_digest("a", 1) != rules_digest("a", 2)
    True
    """
    return hashlib.sha256(repr(rules).encode("utf-8")).hexdigest()[:16]
