"""What a crawl's extraction worker does with a page: its record and the article's next parts.

Kept apart from `spiders.extraction` (the pool, which needs Scrapy) so that the forkserver the
workers fork from imports only extraction: Scrapy's imports took 0.25 s of the worker's start,
during which the crawl's first pages wait.
"""

from __future__ import annotations

from parsel import Selector

from pressbot.dedup import MIN_NEAR_TOKENS, attach_near_keys
from pressbot.discovery import continuation_links, may_have_parts
from pressbot.document import decode_html
from pressbot.extract import extract
from pressbot.items import Article
from pressbot.sites import SiteConfig


def extract_page(
    body: bytes,
    url: str,
    content_type: str | None,
    site: SiteConfig | None,
    first_url: str | None = None,
    *,
    min_tokens: int = MIN_NEAR_TOKENS,
) -> tuple[Article, list[str]]:
    """The page's record (an article with its near keys attached) and, with `first_url`, the
    links to the later pages of the article that starts there (see `continuation_links`)."""
    headers = {"Content-Type": content_type} if content_type else None
    article = extract(body, url, site=site, headers=headers)
    if article.is_article:
        attach_near_keys(article, min_tokens)
    links: list[str] = []
    if first_url is not None:
        _, text = decode_html(body, content_type)
        selector = site.article_next_page if site else None
        if selector or may_have_parts(text, first_url):
            links = continuation_links(Selector(text=text), url, first_url, selector)
    return article, links
