"""`pressbot.linknotes`: what article links turned out to be, from one run's summary to the next."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from pressbot import linknotes
from pressbot.linknotes import MOVED_KEY, NO_ARTICLE_KEY, SITEMAPS_KEY, LinkNotes


@pytest.mark.parametrize(
    "summary",
    [
        None,
        "not a summary",
        {NO_ARTICLE_KEY: {"http://a/x": 1}, MOVED_KEY: ["http://a/x"]},
        {NO_ARTICLE_KEY: [3, None], MOVED_KEY: {"http://a/x": 5, "http://a/y": None}},
        {SITEMAPS_KEY: {"rules": "", "sitemaps": {"http://a/x": "2020-13-01", "http://a/y": 5}}},
        {SITEMAPS_KEY: {"http://a/x": "2020-06-01T00:00:00+00:00"}},  # (no rules: not ours)
    ],
)
def test_a_summary_without_notes_of_this_form_reads_as_none(summary: object) -> None:
    notes = LinkNotes(summary)
    assert not notes.no_article_earlier("http://a/x")
    assert notes.moved_to("http://a/x") is None
    assert not notes.sitemap_unchanged("http://a/x", datetime(2020, 1, 1, tzinfo=UTC))
    assert notes.carried() == {
        NO_ARTICLE_KEY: [],
        MOVED_KEY: {},
        SITEMAPS_KEY: {"rules": "", "sitemaps": {}},
    }


def test_links_are_matched_by_their_canonical_url() -> None:
    notes = LinkNotes(
        {NO_ARTICLE_KEY: ["http://a/g?a=1&b=2"], MOVED_KEY: {"http://a/old": "https://a/new"}}
    )
    assert notes.no_article_earlier("http://a/g?b=2&a=1&utm_source=x#top")
    assert notes.moved_to("http://a/old?utm_medium=email") == "https://a/new"
    assert not notes.no_article_earlier("https://a/g?a=1&b=2"), "another scheme, another URL"


def test_only_a_chain_of_permanent_redirects_is_a_move() -> None:
    notes = LinkNotes()
    notes.note("http://a/1", "https://a/1", [301], "article")
    notes.note("http://a/2", "http://a/two", [308, 301], "article")
    notes.note("http://a/3", "http://a/three", [301, 302], "article")
    notes.note("http://a/4", "http://a/four", ["meta refresh"], "article")
    notes.note("http://a/5", "http://a/5/", [301], "article")  # (a slash: another URL)
    notes.note("http://a/6?utm_source=x", "http://a/6", [301], "article")  # (the same one)
    assert notes.carried()[MOVED_KEY] == {
        "http://a/1": "https://a/1",
        "http://a/2": "http://a/two",
        "http://a/5": "http://a/5/",
    }


def test_no_article_page_types() -> None:
    notes = LinkNotes()
    for index, page_type in enumerate(
        ["article", "listing", "not-article", "no-body", "binary", "not-html", "empty", "error"]
    ):
        notes.note(f"http://a/{index}", f"http://a/{index}", [], page_type)
    notes.note("http://a/pdf", "http://a/pdf", [], None)  # (no HTML page at all)
    assert notes.carried()[NO_ARTICLE_KEY] == [f"http://a/{i}" for i in range(1, 6)] + [
        "http://a/pdf"
    ]


def test_earlier_notes_are_carried_unless_fetched_again() -> None:
    notes = LinkNotes(
        {
            NO_ARTICLE_KEY: ["http://a/gallery", "http://a/stub", "http://a/deep"],
            MOVED_KEY: {"http://a/m1": "http://a/x1", "http://a/m2": "http://a/x2"},
        }
    )
    notes.note("http://a/stub", "http://a/stub", [], "article")  # (filled since)
    notes.note("http://a/gallery", "http://a/gallery", [], "no-body")  # (still none)
    notes.note("http://a/m2", "http://a/x2", [302], "article")  # (no longer a move)
    notes.note("http://a/new", "http://a/new", [], "not-article")
    assert notes.carried() == {
        NO_ARTICLE_KEY: ["http://a/gallery", "http://a/new", "http://a/deep"],
        MOVED_KEY: {"http://a/m1": "http://a/x1"},
        SITEMAPS_KEY: {"rules": "", "sitemaps": {}},
    }


def test_at_most_max_links_of_each_kind_this_runs_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(linknotes, "MAX_LINKS", 3)
    notes = LinkNotes({NO_ARTICLE_KEY: ["http://a/old1", "http://a/old2"]})
    for name in ("n2", "n1"):
        notes.note(f"http://a/{name}", f"http://a/{name}", [], "no-body")
        notes.note(f"http://a/m{name}", f"http://a/x{name}", [301], "article")
    carried = notes.carried()
    assert carried[NO_ARTICLE_KEY] == ["http://a/n2", "http://a/n1", "http://a/old1"]
    assert list(carried[MOVED_KEY]) == ["http://a/mn2", "http://a/mn1"]


def test_a_sitemap_is_unchanged_while_its_index_gives_no_later_lastmod() -> None:
    read = "2020-06-04T09:00:00+08:00"
    notes = LinkNotes(
        {SITEMAPS_KEY: {"rules": "r1", "sitemaps": {"http://a/s/2020-06.xml": read}}}, "r1"
    )
    at_read = datetime(2020, 6, 4, 1, 0, tzinfo=UTC)  # (the same time, in UTC)
    assert notes.sitemap_unchanged("http://a/s/2020-06.xml", at_read)
    assert notes.sitemap_unchanged("http://a/s/2020-06.xml", at_read - timedelta(days=3))
    assert not notes.sitemap_unchanged("http://a/s/2020-06.xml", at_read + timedelta(seconds=1))
    assert not notes.sitemap_unchanged("http://a/s/2020-06.xml", None), "no lastmod: read"
    assert not notes.sitemap_unchanged("http://a/s/2020-07.xml", at_read), "never read: read"


def test_sitemaps_read_are_carried_with_the_lastmod_read_unless_read_again() -> None:
    read = {
        "http://a/s/1.xml": "2020-01-31T00:00:00+00:00",
        "http://a/s/2.xml": "2020-02-29T00:00:00+00:00",
    }
    notes = LinkNotes({SITEMAPS_KEY: {"rules": "r1", "sitemaps": read}}, "r1")
    changed = datetime(2020, 3, 1, 8, tzinfo=timezone(timedelta(hours=8))).isoformat()
    notes.note_sitemap("http://a/s/2.xml", changed)
    notes.note_sitemap("http://a/s/3.xml", None)  # (no lastmod: nothing to compare next time)
    assert notes.carried()[SITEMAPS_KEY] == {
        "rules": "r1",
        "sitemaps": {
            "http://a/s/2.xml": "2020-03-01T08:00:00+08:00",
            "http://a/s/1.xml": "2020-01-31T00:00:00+00:00",
        },
    }


def test_sitemaps_read_under_other_rules_count_as_unread() -> None:
    """A run under other rules (a fixed `article_allow`, another pressbot) takes other entries
    from the same sitemap: it reads them all again, and carries only what it read itself."""
    read = {"http://a/s/1.xml": "2020-01-31T00:00:00+00:00"}
    notes = LinkNotes({SITEMAPS_KEY: {"rules": "old", "sitemaps": read}}, "new")
    assert not notes.sitemap_unchanged("http://a/s/1.xml", datetime(2020, 1, 1, tzinfo=UTC))
    assert notes.carried()[SITEMAPS_KEY] == {"rules": "new", "sitemaps": {}}
