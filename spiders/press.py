"""The generic spider: start pages -> listing pages (pagination) -> article pages -> `extract()`.

All site behaviour comes from the site config (see `pressbot.sites`):

    scrapy crawl press -a site=demo                      # a bundled or PRESSBOT_SITES_DIR site
    scrapy crawl press -a site=demo -a base_url=URL      # its local copy served from URL
    scrapy crawl press -a start_url=https://example.org/news/   # no config: same-host links

Every fetched article page is yielded, non-articles included: the validate pipeline drops those
with a counted reason, so the stats account for every page. Page bytes are decoded by pressbot
(`pressbot.document`), never by Scrapy, so PDFs, images and lying charsets are all just bytes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self
from urllib.parse import urldefrag, urljoin

from parsel import Selector
from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response
from w3lib.html import get_base_url

from pipelines.feeds import new_run_id
from pressbot import extract
from pressbot.document import decode_html, header_value
from pressbot.items import Article
from spiders.plan import CrawlPlan

_HTML_TYPES = ("text/html", "application/xhtml+xml", "text/xml", "application/xml", "text/plain")


class PressSpider(Spider):
    name = "press"
    allowed_domains: list[str]
    plan: CrawlPlan

    def __init__(
        self,
        site: str | None = None,
        start_url: str | None = None,
        base_url: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.site_arg, self.start_url_arg, self.base_url_arg = site, start_url, base_url
        self.run_id = new_run_id()
        self._listings: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        sites_dir = crawler.settings.get("PRESSBOT_SITES_DIR")
        spider.plan = CrawlPlan.build(
            site=spider.site_arg,
            start_url=spider.start_url_arg,
            base_url=spider.base_url_arg,
            sites_dirs=(Path(sites_dir),) if sites_dir else (),
        )
        spider.allowed_domains = spider.plan.allowed_domains
        return spider

    @property
    def feed_site(self) -> str:
        return self.plan.feed_site

    async def start(self) -> AsyncIterator[Request]:
        self.logger.info(
            "run %s: site %s, %d start URL(s), root %s",
            self.run_id,
            self.plan.feed_site,
            len(self.plan.start_urls),
            self.plan.root,
        )
        for url in self.plan.start_urls:
            request = self._listing_request(url)
            if request is not None:
                yield request

    def parse_listing(self, response: Response) -> Iterator[Request]:
        """Follow pagination and listing links (up to max_pages), and queue article links."""
        stats = self.crawler.stats
        content_type = header_value(response.headers, "Content-Type")
        if content_type and not content_type.lower().startswith(_HTML_TYPES):
            self.logger.info("Skipped listing %s: not HTML (%s)", response.url, content_type)
            stats.inc_value("pressbot/listing/skipped_not_html")
            return
        stats.inc_value("pressbot/listing/parsed")
        _, text = decode_html(response.body, content_type)
        page = Selector(text=text or "<html></html>")
        base = get_base_url(text, response.url)
        next_pages = (
            set(self._links(page.css(self.plan.site.next_page), base))
            if (self.plan.site and self.plan.site.next_page)
            else set()
        )
        for url in self._links(page, base):
            if not self.plan.in_site(url):
                continue
            if url in next_pages or self.plan.is_listing(url):
                request = self._listing_request(url)
            elif self.plan.is_article(url):
                stats.inc_value("pressbot/article/links")
                request = Request(url, callback=self.parse_article)
            else:
                continue
            if request is not None:
                yield request

    def parse_article(self, response: Response) -> Iterator[Article]:
        # The config object, not its name: a PRESSBOT_SITES_DIR site is unknown to a name lookup.
        article = extract(
            response.body, response.url, site=self.plan.site, headers=response.headers
        )
        article.fetched_at = datetime.now(UTC).isoformat(timespec="seconds")
        yield article

    def _listing_request(self, url: str) -> Request | None:
        if url in self._listings:
            return None
        if len(self._listings) >= self.plan.max_pages:
            self.crawler.stats.inc_value("pressbot/listing/over_max_pages")
            return None
        self._listings.add(url)
        return Request(url, callback=self.parse_listing)

    @staticmethod
    def _links(selection: Any, base: str) -> Iterator[str]:
        """Absolute, fragment-free link targets under `selection` (elements or a page)."""
        for raw in selection.xpath("descendant-or-self::a/@href").getall():
            href = raw.strip()
            if href and not href.startswith(("#", "javascript:", "mailto:", "tel:")):
                yield urldefrag(urljoin(base, href)).url
