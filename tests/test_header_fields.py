"""The headline and the byline rows between it and the text: each rule reads what the header
says and must leave a header without it alone (fixtures/ holds the pages the rules came from)."""

from __future__ import annotations

from pressbot import extract

URL = "https://news.example.com/2020/06/03/county-clears-roads.html"
HEADLINE = "County clears the storm's roads as power returns to the valley"
TEXT = "".join(
    f"<p>Paragraph {i}: the county emergency office said on Wednesday that crews had cleared "
    "most of the roads closed by the storm, and that power had come back to most homes.</p>"
    for i in range(5)
)


def page(header: str, head: str = "") -> str:
    return (
        f"<html><head><title>{HEADLINE} - County News</title>"
        f'<meta property="og:title" content="{HEADLINE}">'
        f'<meta property="og:site_name" content="County News">{head}</head>'
        f"<body><header>{header}</header><div class='article-body'>{TEXT}</div></body></html>"
    )


DECK = "<h2>Crews worked through the night on the mountain roads above the town.</h2>"


def test_a_headline_linking_to_its_own_page_is_the_title() -> None:
    article = extract(page(f'<h1><a href="{URL}">{HEADLINE}</a></h1>{DECK}'), URL)
    assert article.title == HEADLINE


def test_a_linked_site_name_in_an_h1_is_no_title() -> None:
    header = f'<h1><a href="/">County News</a></h1><h2 class="title">{HEADLINE}</h2>'
    assert extract(page(header), URL).title == HEADLINE


def test_the_sites_own_name_with_a_wire_names_no_writer() -> None:
    ld = '{"@type": "NewsArticle", "author": {"@type": "Person", "name": "County News With AP"}}'
    head = f'<script type="application/ld+json">{ld}</script>'
    byline = '<div class="byline"><a href="/author/cn-ap">COUNTY NEWS WITH AP</a></div>'
    header = f"<h1>{HEADLINE}</h1>{byline}"
    article = extract(page(header, head), URL)
    assert (article.authors, article.source) == ([], "AP")
    assert "COUNTY NEWS WITH AP" in article.credit_lines


def test_a_writer_named_with_a_wire_stays_the_writer() -> None:
    ld = '{"@type": "NewsArticle", "author": {"@type": "Person", "name": "Jane Roe"}}'
    head = f'<script type="application/ld+json">{ld}</script>'
    article = extract(page(f"<h1>{HEADLINE}</h1>", head), URL)
    assert article.authors == ["Jane Roe"]


def test_a_writers_card_with_a_post_is_a_credit_line() -> None:
    card = (
        '<div class="author-name-row"><a class="author-name" href="/u/100231/">钟屿</a>'
        ' <span class="author-role">易车编辑</span></div>'
    )
    article = extract(page(f"<h1>{HEADLINE}</h1>{card}"), URL)
    assert article.authors == ["钟屿"]
    assert article.credit_lines == ["钟屿 易车编辑"]


def test_a_view_count_beside_the_time_is_no_source() -> None:
    row = '<div class="info"><span>2020年06月03日 17:21</span> <span>2.4k</span></div>'
    article = extract(page(f"<h1>{HEADLINE}</h1>{row}"), URL)
    assert article.source is None
