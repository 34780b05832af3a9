"""The generic spider: start points -> listings, sitemaps, feeds -> article pages -> `extract()`.

All site behaviour comes from the site config (see `pressbot.sites`):

    scrapy crawl press -a site=demo                      # a bundled or PRESSBOT_SITES_DIR site
    scrapy crawl press -a site=demo -a base_url=URL      # its local copy served from URL
    scrapy crawl press -a start_url=https://example.org/news/   # no config: links by shape
    scrapy crawl press -a site=demo -a full=1            # refetch known articles too
    scrapy crawl press -a site=demo -a since=2020-06-01  # skip older sitemap/feed entries

Every fetched article page is yielded, non-articles included: the validate pipeline drops those
with a counted reason, so the stats account for every page. Page bytes are decoded by pressbot
(`pressbot.document`), never by Scrapy, so PDFs, images and lying charsets are all just bytes.

Incremental by default: an article URL an earlier run published (the dedup state knows it; in a
distributed crawl, also one another process published in this run) is not requested again;
listing pages always are (in a distributed crawl, once for every process that asks for them);
a pagination chain stops after `stop_after_known` listing pages in a row that link only known
articles (unless `-a full=1`, or the site's last run did not finish, so its walk may have been
cut short). Multi-page articles (`x.html`, `x_2.html`, ...) are fetched page by page and
published as one record.
"""

from __future__ import annotations

import codecs
import difflib
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime
from typing import Any, Self

from parsel import Selector
from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure
from w3lib.encoding import resolve_encoding
from w3lib.html import get_base_url
from w3lib.url import canonicalize_url

from pipelines.dedup import DedupPipeline
from pipelines.failure import fail_crawl
from pipelines.feeds import new_run_id, output_dir
from pipelines.offsite import OffsiteDropped
from pressbot import __version__
from pressbot.dedup import canonical_url, without_tracking
from pressbot.dedup.store import DedupStoreError
from pressbot.discovery import (
    MAX_ARTICLE_PAGES,
    MAX_XML_BYTES,
    MAX_XML_DOWNLOAD,
    Entry,
    generic_next,
    hrefs,
    is_recent,
    pager_links,
    parse_feed,
    parse_sitemap,
    select,
    stitch,
    template_page,
    trs_next_page,
)
from pressbot.document import HTML_TYPES, decode_html, header_value, with_charset
from pressbot.health import (
    LAST_RUN,
    MAX_RETRIED,
    RETRY_SUMMARY_KEY,
    UNCHANGED_SITEMAPS,
    failed_runs,
    load_last_run,
)
from pressbot.items import Article
from pressbot.known import KnownUrls
from pressbot.linknotes import LinkNotes, rules_digest
from pressbot.plan import CrawlArgumentError
from pressbot.setting import sites_folders
from spiders.extraction import ExtractionPool
from spiders.plan import CrawlPlan

_PAGE_TYPES = (*HTML_TYPES, "text/xml", "application/xml", "text/plain")
"""What a listing may be served as: an HTML type, or the XML and plain-text types that some
servers give HTML pages."""
_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"", "0", "false", "no", "off"}


def full_argument(value: str | None) -> bool:
    """`-a full=`: whether to refetch known articles; a value that is neither yes nor no (a
    typo, `full=ture`) is refused, not taken for an incremental run.

    >>> full_argument("Yes"), full_argument(None)
    (True, False)
    """
    text = str(value or "").strip().lower()
    if text not in _TRUE | _FALSE:
        raise CrawlArgumentError(
            f"full={value!r}: want 1 (or true, yes, on), or 0 (false, no, off)"
        )
    return text in _TRUE


SPIDER_ARGUMENTS = ("site", "start_url", "base_url", "full", "since")
"""What `-a` takes; any other name is warned about (a typo of one of these was silently ignored)."""

STREAK = "pressbot_known_streak"
PAGE = "pressbot_page"
CHAIN = "pressbot_chain"
TOO_MANY_REDIRECTS = "max redirections reached"
"""The IgnoreRequest message of Scrapy's RedirectMiddleware past `REDIRECT_MAX_TIMES`."""
PARTS = "pressbot_parts"
REST = "pressbot_rest"
LASTMOD = "pressbot_lastmod"
"""The `lastmod` a sitemap index gave the sitemap requested (ISO 8601)."""
PROBE = "pressbot_probe"
DEPTH = "pressbot_depth"
TEMPLATE = "pressbot_template"


def with_contact(user_agent: str, contact: str) -> str:
    """Put the operator's contact into the User-Agent's comment.

    >>> with_contact("pressbot/0.1 (crawler; +https://x.invalid/bot)", "ops@example.org")
    'pressbot/0.1 (crawler; +https://x.invalid/bot; ops@example.org)'
    >>> with_contact("pressbot/0.1", "ops@example.org")
    'pressbot/0.1 (ops@example.org)'
    """
    if user_agent.endswith(")"):
        return f"{user_agent[:-1]}; {contact})"
    return f"{user_agent} ({contact})"


class PressSpider(Spider):
    name = "press"
    allowed_domains: list[str]
    plan: CrawlPlan
    extraction: ExtractionPool

    def __init__(
        self,
        site: str | None = None,
        start_url: str | None = None,
        base_url: str | None = None,
        full: str | None = None,
        since: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        for name in sorted(kwargs):
            if not name.startswith("_"):  # (scrapyd passes its _job)
                likely = difflib.get_close_matches(name, SPIDER_ARGUMENTS, n=1)
                self.logger.warning(
                    "Unknown spider argument -a %s%s: it is ignored",
                    name,
                    f" (did you mean -a {likely[0]}?)" if likely else "",
                )
        self.site_arg, self.start_url_arg, self.base_url_arg = site, start_url, base_url
        self.since_arg = since
        self.full = full_argument(full)
        self.run_id = new_run_id()
        self._listings: set[str] = set()
        self._probed: set[str] = set()
        """Links of no known shape fetched to see what they are (`_probe_request`)."""
        self._this_run: set[str] = set()
        self.early_stop = False
        self.stop_depth = 1
        self._known: Any = None
        self._known_failed = False
        """The dedup state failed to answer `_is_known` (Redis lost, say): the crawl is stopping
        (`fail_crawl`), and the state is not asked again."""
        self.last_run: dict[str, Any] = {}
        """The site's `last-run.json` as this run found it: whether it finished (the early stop)
        and what it could not get (`_retry_requests`)."""
        self.link_notes = LinkNotes()
        """What article links turned out to be (no article, moved) and which sitemaps were
        read, for this run's walk from the last run's summary, and for the next run's in this
        run's."""
        self.last_run_problem: str | None = None
        """Why the site's `last-run.json` could not be read, when it was there."""
        self.failed_articles: set[str] = set()
        """Articles this run could not get (a request that failed for good, a later page that
        is none of the article): the next run asks for them first (`RETRY_SUMMARY_KEY`), since
        its listing walk may stop before their listing page, until `GIVE_UP_RUNS` runs in a row
        could not get one."""

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.plan = CrawlPlan.build(
            site=spider.site_arg,
            start_url=spider.start_url_arg,
            base_url=spider.base_url_arg,
            sites_dirs=sites_folders(settings),
            since=spider.since_arg,
        )
        spider.allowed_domains = spider.plan.allowed_domains
        # Spider-priority settings: the site's politeness overrides, then the contact in the UA.
        # Settings given on the command line (-s) have a higher priority and win.
        if spider.plan.site is not None:
            for name, value in spider.plan.site.politeness.settings().items():
                settings.set(name, value, priority="spider")
        contact = settings.get("PRESSBOT_CONTACT")
        if contact:
            priority = max(settings.getpriority("USER_AGENT") or 0, 30)
            settings.set("USER_AGENT", with_contact(settings["USER_AGENT"], contact), priority)
        spider.extraction = ExtractionPool.from_crawler(crawler)
        crawler.signals.connect(spider.request_dropped, signal=signals.request_dropped)
        spider.stop_depth = spider.plan.site.stop_after_known if spider.plan.site else 1
        # (a problem is said as the run starts, when the stats are there; the health extension
        # writes the file anew as the spider opens, before that)
        spider.last_run, spider.last_run_problem = load_last_run(
            output_dir(spider) / spider.plan.feed_site
        )
        finished = spider.last_run.get("status") == "finished"  # (its walk was complete)
        spider.early_stop = spider.stop_depth > 0 and not spider.full and finished
        plan = spider.plan
        rules = rules_digest(plan.site, plan.hosts, plan.ports, __version__)
        spider.link_notes = LinkNotes(spider.last_run.get("summary"), rules)
        return spider

    @property
    def feed_site(self) -> str:
        return self.plan.feed_site

    # ------------------------------------------------------------ start

    async def start(self) -> AsyncIterator[Request]:
        plan = self.plan
        self.logger.info(
            "run %s: site %s, %d start URL(s), %d sitemap(s), %d feed(s), root %s%s",
            self.run_id,
            plan.feed_site,
            len(plan.start_urls),
            len(plan.sitemap_urls),
            len(plan.feed_urls),
            plan.root,
            "; full recrawl" if self.full else "",
        )
        if self.last_run_problem:
            self.crawler.stats.set_value("pressbot/last_run/unreadable", 1)
            self.logger.warning(
                "%s cannot be read (%s): this run takes %s as never run before (pagination to "
                "max_pages, every sitemap read, no article asked for again, no comparison with "
                "the last run) and writes the file anew",
                output_dir(self) / plan.feed_site / LAST_RUN,
                self.last_run_problem,
                plan.feed_site,
            )
        if self.since_arg and not (plan.sitemap_urls or plan.feed_urls):
            self.logger.warning(
                "since=%s changes nothing: it skips older sitemap and feed entries, and %s has "
                "neither (its listing pages are read as in any run)",
                self.since_arg,
                plan.feed_site,
            )
        if self.stop_depth and not self.early_stop and not self.full:
            self.logger.info(
                "Pagination goes to max_pages: the last run of %s did not finish (or is unknown)",
                plan.feed_site,
            )
        for url in plan.sitemap_urls:
            yield self._xml_request(url, self.parse_sitemap, dont_filter=True)
        for url in plan.feed_urls:
            yield self._xml_request(url, self.parse_feed, dont_filter=True)
        for url in plan.start_urls:
            request = self._listing_request(url, chain=url, page=1, streak=0, depth=0)
            if request is not None:
                yield request
        for request in self._retry_requests():
            yield request

    def _retry_requests(self) -> list[Request]:
        """Requests for the articles the last run failed to get and no run has published."""
        last = self.last_run.get("summary")
        urls = failed_runs(last.get(RETRY_SUMMARY_KEY) if isinstance(last, dict) else None)
        wanted = [u for u in list(urls)[:MAX_RETRIED] if self.plan.in_site(u)]
        requests = [r for url in wanted if (r := self._article_request(url)) is not None]
        if requests:
            self.crawler.stats.set_value("pressbot/article/retried_from_last_run", len(requests))
            self.logger.info(
                "Asking again for %d article(s) the last run of %s could not get",
                len(requests),
                self.plan.feed_site,
            )
        return requests

    # ------------------------------------------------------------ incremental state

    def _is_known(self, url: str) -> bool:
        """Published by an earlier run (or the page at it found to be a copy of a record still
        published: the store's `known_url`; or a link an earlier run found permanently moved to
        such a URL: `LinkNotes`), or in a distributed crawl also by another process of
        this run (the shared state cannot tell them apart); either way not fetched, and counted as
        `pressbot/article/known`. This process's own records are left to the dedup pipeline,
        which drops and logs their duplicates as before: those the pipeline accepted, from their
        check on, also while they wait for their group commit.

        A state that cannot answer (Redis lost, a SQLite read error) stops the crawl, in one
        logged line (`fail_crawl`), not a traceback per listing page: the URL counts as not known
        (its request, if the crawl still takes it, is checked by the dedup pipeline like any
        other), and the state is not asked again."""
        if self.full or self._known_failed:
            return False
        if self._known is None:
            pipeline = self.crawler.get_item_pipeline(DedupPipeline)
            path = self.crawler.settings.get("PRESSBOT_STATE_PATH") or "state/pressbot.sqlite3"
            self._known = KnownUrls.of(getattr(pipeline, "store", None), path)
            self._this_run = getattr(pipeline, "accepted", self._this_run)
        key = canonical_url(url)
        moved = self.link_notes.moved_to(url)  # (known while the URL it moved to is)
        if key in self._this_run or (moved is not None and moved in self._this_run):
            return False
        try:
            return bool(self._known(key)) or (moved is not None and bool(self._known(moved)))
        except DedupStoreError as exc:
            self._known_failed = True
            fail_crawl(self.crawler, "dedup_state_error", str(exc))
            return False

    def _note_link(self, response: Response, article: Article | None) -> None:
        """What the article link that led to this page turned out to be (`article` None: no
        HTML page), for the next run (`LinkNotes`)."""
        reasons = response.meta.get("redirect_reasons") or []
        page_type = None if article is None else article.extraction.page_type
        self.link_notes.note(_asked(response), response.url, reasons, page_type)

    def closed(self, reason: str) -> None:
        if self.failed_articles:  # (one may be a sitemap's entry: not all of it was read)
            self.link_notes.sitemaps.clear()
        close = getattr(getattr(self._known, "__self__", None), "close", None)
        if callable(close):
            close()

    # ------------------------------------------------------------ requests

    def _listing_request(
        self,
        url: str,
        *,
        chain: str,
        page: int,
        streak: int,
        depth: int = 0,
        template: bool = False,
    ) -> Request | None:
        if url in self._listings or url in self._probed:
            return None
        if len(self._listings) >= self.plan.max_pages:
            stats = self.crawler.stats
            if not stats.get_value("pressbot/listing/over_max_pages"):
                self.logger.info(
                    "Listing pages stop at max_pages (%d): not fetched %s, nor any later one "
                    "(counted as pressbot/listing/over_max_pages)",
                    self.plan.max_pages,
                    url,
                )
            stats.inc_value("pressbot/listing/over_max_pages")
            return None
        self._listings.add(url)
        # Listing pages are always fetched, also when a reused JOBDIR has seen them before, and
        # in a distributed crawl once for every process that asks for them, also when a frontier
        # a stopped run left in Redis has seen them: an incremental run must read them again.
        return Request(
            url,
            callback=self.parse_listing,
            errback=self.failed,
            dont_filter=True,
            meta={CHAIN: chain, PAGE: page, STREAK: streak, DEPTH: depth, TEMPLATE: template},
        )

    def _xml_request(
        self, url: str, callback: Callable[[Response], Any], *, dont_filter: bool = False
    ) -> Request:
        """A sitemap's or feed's request, whose size may reach the protocol's 50 MB
        (`MAX_XML_DOWNLOAD`, also inflated from a Content-Encoding), more than a page's
        DOWNLOAD_MAXSIZE; a higher DOWNLOAD_MAXSIZE, or none (0), stays."""
        page_limit = self.crawler.settings.getint("DOWNLOAD_MAXSIZE")
        limit = max(page_limit, MAX_XML_DOWNLOAD) if page_limit else 0
        return Request(
            url,
            callback=callback,
            errback=self.failed,
            dont_filter=dont_filter,
            meta={"download_maxsize": limit, "download_warnsize": MAX_XML_BYTES},
        )

    def _article_request(self, url: str, known: bool | None = None) -> Request | None:
        """A request for the article, unless it is `known` (checked here when not said), at its
        URL without tracking parameters (one request for `x.html` and `x.html?utm_source=...`)."""
        url = without_tracking(url)
        stats = self.crawler.stats
        stats.inc_value("pressbot/article/links")
        if self._is_known(url) if known is None else known:
            stats.inc_value("pressbot/article/known")
            return None
        return Request(url, callback=self.parse_article, errback=self.failed)

    def _entries(self, entries: list[Entry], source: str) -> Iterator[Request]:
        """Article requests for sitemap / feed entries inside the site and its article rules."""
        stats = self.crawler.stats
        for entry in entries:
            if not self.plan.in_site(entry.url):
                stats.inc_value("pressbot/links/offsite")
                continue
            if not self.plan.is_article(entry.url):
                continue
            if not is_recent(entry, self.plan.since):
                stats.inc_value("pressbot/article/links")
                stats.inc_value(f"pressbot/{source}/too_old")
                continue
            request = self._article_request(entry.url)
            if request is not None:
                yield request

    # ------------------------------------------------------------ callbacks

    def _fetched(self, response: Response) -> None:
        self.crawler.stats.inc_value("pressbot/pages/fetched")

    def _decode(self, response: Response) -> tuple[str, str]:
        return decode_html(response.body, self._content_type(response))

    def _content_type(self, response: Response) -> str | None:
        """The Content-Type, with the site's `encoding` override as its charset."""
        override = self.plan.site.encoding if self.plan.site else None
        return with_charset(header_value(response.headers, "Content-Type"), override)

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        self._fetched(response)
        kind, entries = parse_sitemap(response.body, response.url)
        stats = self.crawler.stats
        stats.inc_value(f"pressbot/sitemap/{kind}")
        if kind == "unknown":
            self.logger.warning("Not a sitemap: %s", response.url)
            return
        if kind == "index":
            unchanged = 0
            for entry in entries:
                if not self.plan.in_site(entry.url):
                    stats.inc_value("pressbot/links/offsite")
                elif not is_recent(entry, self.plan.since):
                    stats.inc_value("pressbot/sitemap/too_old_sitemaps")
                elif self.early_stop and self.link_notes.sitemap_unchanged(
                    entry.url, entry.modified
                ):
                    stats.inc_value(UNCHANGED_SITEMAPS)
                    unchanged += 1
                else:
                    request = self._xml_request(entry.url, self.parse_sitemap)
                    if entry.modified is not None:
                        request.meta[LASTMOD] = entry.modified.isoformat()
                    yield request
            if unchanged:
                self.logger.info(
                    "Sitemap index %s: %d of its %d sitemaps not read, unchanged since a run "
                    "read them",
                    response.url,
                    unchanged,
                    len(entries),
                )
            return
        if self.plan.since is None:  # (with `since` its older entries go unread)
            self.link_notes.note_sitemap(_asked(response), response.meta.get(LASTMOD))
        yield from self._entries(entries, "sitemap")

    def parse_feed(self, response: Response) -> Iterator[Request]:
        self._fetched(response)
        entries = parse_feed(response.body, response.url)
        if not entries:
            self.logger.warning("No items in feed %s", response.url)
        self.crawler.stats.inc_value("pressbot/feed/parsed")
        yield from self._entries(entries, "feed")

    def parse_listing(self, response: Response) -> Iterator[Request | Article]:
        """Follow pagination and listing links (up to max_pages), and queue article links."""
        self._fetched(response)
        stats = self.crawler.stats
        content_type = header_value(response.headers, "Content-Type")
        if content_type and not content_type.lower().startswith(_PAGE_TYPES):
            self.logger.info("Skipped listing %s: not HTML (%s)", response.url, content_type)
            stats.inc_value("pressbot/listing/skipped_not_html")
            return
        redirects = response.meta.get("redirect_urls")
        if response.meta.get(TEMPLATE) and redirects and response.url in self._listings:
            # (past the last page, many CMSes redirect page N to the listing's first page)
            stats.inc_value("pressbot/listing/template_end_redirect")
            self.logger.info(
                "Template pagination ends at %s: redirected to %s, a listing read already",
                redirects[0],
                response.url,
            )
            return
        stats.inc_value("pressbot/listing/parsed")
        _, text = self._decode(response)
        yield from self._follow_listing(response, text or "<html></html>", probe=False)

    def _follow_listing(self, response: Response, text: str, *, probe: bool) -> Iterator[Request]:
        """Queue the article links, pagination and (within limits) other listings of one page.

        Without a config only the start page fans out: its listing-shaped links and links of no
        known shape (probes) are followed; deeper pages give articles and pagination only.
        """
        plan, site, stats = self.plan, self.plan.site, self.crawler.stats
        page = Selector(text=text)
        base = get_base_url(text, response.url)
        page_no = response.meta.get(PAGE, 1)
        depth = response.meta.get(DEPTH, 0)
        chain = response.meta.get(CHAIN, response.url)
        if site is not None:
            next_elements = select(page, site.next_page) if site.next_page else []
        else:
            next_elements = generic_next(page)
        next_urls = set(hrefs(next_elements, base))
        # The numbered links beside "next" are reached one by one through the next links, so
        # that pagination can stop at known pages.
        pager = {u for u in pager_links(next_elements, base) if plan.classify(u) != "article"}
        pager -= next_urls

        links = []
        for url in dict.fromkeys(hrefs(page, base)):
            if not plan.in_site(url):
                stats.inc_value("pressbot/links/offsite")
                continue
            if url in pager:
                continue
            kind = "listing" if url in next_urls else plan.classify(url)
            if kind == "probe" and self._is_known(url):
                kind = "article"  # (published by an earlier run: a probe found it an article)
            if kind is not None:
                links.append((url, kind))
        articles = [url for url, kind in links if kind == "article"]
        # A link of no known shape that this run has not fetched yet may be a new article,
        # unless an earlier run found none at it.
        new_probes = [
            url
            for url, kind in links
            if kind == "probe"
            and url not in self._probed
            and url not in self._listings
            and not self.link_notes.no_article_earlier(url)
        ]

        template_next = None
        if site is not None and site.page_template and articles:
            template_next = template_page(site.page_template, page_no - 1 + site.page_start, chain)
        elif site is None:
            template_next = trs_next_page(text, base)
        if template_next and plan.in_site(template_next):
            next_urls.add(template_next)
            if template_next not in {url for url, _ in links}:
                links.append((template_next, "listing"))
        if next_elements and not next_urls and page_no == 1:
            self._script_pager(response.url)

        known = {url for url in articles if self._is_known(url)}
        # Links an earlier run found no article at are fetched again (a stub may be filled,
        # a maintenance page gone), but are nothing new that would keep the walk going.
        notes = self.link_notes
        seen = [url for url in articles if url not in known and notes.no_article_earlier(url)]
        if seen:
            stats.inc_value("pressbot/article/no_article_before", len(seen))
        streak = response.meta.get(STREAK, 0)
        if articles:
            nothing_new = len(known) + len(seen) == len(articles) and not new_probes
            streak = streak + 1 if nothing_new else 0
        stop = self.early_stop and streak >= self.stop_depth
        held = [u for u, kind in links if kind == "listing" and u in next_urls]
        if stop and any(u not in self._listings for u in held):  # (a stop that held one back)
            stats.inc_value("pressbot/listing/stopped_at_known")
            self.logger.info(
                "Stopped paginating at %s: %d listing page(s) in a row with only known articles",
                response.url,
                streak,
            )
        fan_out = site is not None or (depth == 0 and not probe)
        for url, kind in links:
            request: Request | None = None
            if kind == "article":
                request = self._article_request(url, known=url in known)
            elif kind == "listing" and url in next_urls:
                if not stop:
                    request = self._listing_request(
                        url,
                        chain=chain,
                        page=page_no + 1,
                        streak=streak,
                        depth=depth,
                        template=url == template_next,
                    )
            elif kind == "listing" and fan_out:
                request = self._listing_request(url, chain=url, page=1, streak=0, depth=depth + 1)
            elif kind == "probe" and fan_out:
                request = self._probe_request(url)
            if request is not None:
                yield request

    def _script_pager(self, url: str) -> None:
        """A first listing page whose "next" link leads nowhere (`javascript:`, `#`): its later
        pages are drawn by a script, which pressbot does not run, so they are not read; said,
        lest the run look complete."""
        self.crawler.stats.inc_value("pressbot/listing/script_pager")
        self.logger.warning(
            "Pagination of %s is a script (its next link is no URL): its later pages are not "
            "read; a site config's page_template, or its sitemap or feed, can reach them",
            url,
        )

    def _probe_request(self, url: str) -> Request | None:
        """Without a config, a link of no known shape is fetched to let the page say what it is
        (an article, a listing, neither), once. Such pages are not listing pages fetched, so they
        do not count against max_pages: on a site whose articles have no known shape
        (/news/some-title) they are its articles, and they are bounded by the links of the
        listing pages that fan out (the start page's chain), which max_pages bounds."""
        url = without_tracking(url)
        if url in self._listings or url in self._probed:
            return None
        self._probed.add(url)
        self.crawler.stats.inc_value("pressbot/generic/probed")
        return Request(
            url,
            callback=self.parse_article,
            errback=self.failed,
            meta={PROBE: True, PAGE: 1, DEPTH: 1},
        )

    async def _extract(
        self, response: Response, first_url: str | None = None
    ) -> tuple[Article, list[str]]:
        """The page's record (extracted in a worker process: `spiders.extraction`) and, with
        `first_url`, the links to the article's later pages."""
        # The config object, not its name: a PRESSBOT_SITES_DIR site is unknown to a name lookup.
        article, links = await self.extraction.extract(
            response.body, response.url, self._content_type(response), self.plan.site, first_url
        )
        article.fetched_at = datetime.now(UTC).isoformat(timespec="seconds")
        self._count_encoding(response, article)
        return article, links

    def _count_encoding(self, response: Response, article: Article) -> None:
        codec = article.extraction.encoding
        if not codec:
            return
        stats = self.crawler.stats
        stats.inc_value(f"pressbot/encoding/{codec}")
        header = header_value(response.headers, "Content-Type") or ""
        charset = header.lower().partition("charset=")[2].split(";")[0].strip(" \"'")
        if charset and _codec_name(charset) not in (codec, None):
            stats.inc_value("pressbot/encoding/http_charset_overruled")
            self.logger.info(
                "Decoded %s as %s, not as its HTTP charset %s", response.url, codec, charset
            )

    # The article callbacks are coroutines that return their few outputs, not async generators:
    # Scrapy runs an async generator's output through a chain of async wrappers and a set of
    # tasks per response, which cost the crawl process more per page than a list does.

    async def parse_article(self, response: Response) -> list[Article | Request]:
        self._fetched(response)
        if response.meta.get(PROBE):
            content_type = header_value(response.headers, "Content-Type")
            if content_type and not content_type.lower().startswith(_PAGE_TYPES):
                self._note_link(response, None)
                return []
        article, rest = await self._extract(response, first_url=response.url)
        self._note_link(response, article)
        if response.meta.get(PROBE) and article.is_article:
            self.crawler.stats.inc_value("pressbot/article/links")  # (it was one after all)
        if response.meta.get(PROBE) and article.extraction.page_type == "listing":
            self.crawler.stats.inc_value("pressbot/listing/parsed")
            _, text = self._decode(response)
            return list(self._follow_listing(response, text, probe=True))
        if not article.is_article or not rest:
            return [article]
        return [self._part_request([article], rest[:MAX_ARTICLE_PAGES], response.url)]

    def _part_request(self, parts: list[Article], rest: list[str], first: str) -> Request:
        return Request(
            rest[0],
            callback=self.parse_article_part,
            errback=self.part_failed,
            dont_filter=True,
            meta={PARTS: parts, REST: rest[1:], CHAIN: first},
        )

    async def parse_article_part(self, response: Response) -> list[Article | Request]:
        """Page 2, 3, ... of a multi-page article: collect it, then the next, then stitch."""
        self._fetched(response)
        first = response.meta[CHAIN]
        article, more = await self._extract(response, first_url=first)
        if problem := _no_part(response, article):
            self._incomplete(response.meta[PARTS], _asked(response), problem)
            return []
        parts: list[Article] = [*response.meta[PARTS], article]
        done = {first, *(p.url for p in parts)}
        rest = [u for u in dict.fromkeys([*response.meta[REST], *more]) if u not in done]
        if rest and len(parts) < MAX_ARTICLE_PAGES:
            return [self._part_request(parts, rest, first)]
        self.crawler.stats.inc_value("pressbot/article/multipage")
        return [stitch(parts)]

    # ------------------------------------------------------------ failures

    def failed(self, failure: Failure) -> None:
        """A request that failed for good (after retries); robots.txt and offsite refusals are
        not failures."""
        stats = self.crawler.stats
        request = getattr(failure, "request", None)
        chain = request.meta.get("redirect_urls") if request is not None else None
        if chain and failure.check(IgnoreRequest) and str(failure.value) == TOO_MANY_REDIRECTS:
            self._failed_redirect(request, "too_many_redirects", f"{len(chain)} redirects")
            return
        if failure.check(IgnoreRequest) and not failure.check(HttpError):
            stats.inc_value("pressbot/skipped/ignored")
            if not failure.check(OffsiteDropped):  # (that one logged itself)
                url = getattr(getattr(failure, "request", None), "url", "?")
                self.logger.info("Skipped %s: %s", url, failure.getErrorMessage())
            return
        if failure.check(HttpError):
            status = failure.value.response.status
            if status == 404 and request is not None and request.meta.get(TEMPLATE):
                stats.inc_value("pressbot/listing/template_end")
                return  # past the last page of a URL-template pagination
            kind = f"http_{status}"
        else:
            kind = type(failure.value).__name__
        self._failure(request, kind, getattr(request, "url", "?"), _why(failure))

    def request_dropped(self, request: Request) -> None:
        """The scheduler's duplicate filter drops a redirect (or meta refresh) to a URL already
        requested in silence: a redirect loop (back into its own chain: a failure, as nothing
        will ever be fetched), or a page fetched already by another link (a skip)."""
        chain = request.meta.get("redirect_urls")
        if chain and canonicalize_url(request.url) in map(canonicalize_url, chain):
            self._failed_redirect(request, "redirect_loop", f"redirected back to {request.url}")
        elif chain:
            self.crawler.stats.inc_value("pressbot/skipped/redirect_seen")
            self.logger.info(
                "Skipped %s: redirected to %s, which was requested already", chain[0], request.url
            )

    def _failed_redirect(self, request: Request, kind: str, why: str) -> None:
        """A request whose redirects never reach a page failed: it is named by the URL it
        started from (the article)."""
        self._failure(request, kind, request.meta["redirect_urls"][0], why)

    def _failure(self, request: Request | None, kind: str, url: str, why: str) -> None:
        """Count and log a request that failed for good, as `url`; an article's is asked for
        again by the next run."""
        self.crawler.stats.inc_value(f"pressbot/errors/{kind}")
        self.logger.warning("Failed: %s: %s (%s)", kind, url, why)
        articles = (self.parse_article, self.parse_article_part)
        if request is not None and request.callback in articles:
            self.failed_articles.add(request.meta.get(CHAIN) or url)

    def part_failed(self, failure: Failure) -> None:
        self.failed(failure)
        parts = failure.request.meta.get(PARTS) or []  # type: ignore[attr-defined]
        self._incomplete(parts, getattr(getattr(failure, "request", None), "url", "?"), "failed")

    def _incomplete(self, parts: list[Article], page: str, problem: str) -> None:
        """The article whose later `page` is missing is not published: the next run tries
        again (its first page is not known until a record of it is)."""
        self.crawler.stats.inc_value("pressbot/dropped/incomplete_article")
        if parts:
            self.failed_articles.add(parts[0].url)
        self.logger.warning(
            "Dropped: incomplete_article: %s (page %s %s; the next run tries again)",
            parts[0].url if parts else "?",
            page,
            problem,
        )


def _why(failure: Failure) -> str:
    """The failure's message, or for an error that has none (Scrapy's ResponseDataLossError,
    DownloadCancelledError) the first line of its class's docstring, which says what it means.

    >>> from scrapy.exceptions import ResponseDataLossError
    >>> _why(Failure(ResponseDataLossError()))
    "Scrapy couldn't get a complete response"
    """
    message = failure.getErrorMessage()
    if message:
        return message
    doc = (type(failure.value).__doc__ or "").strip().split("\n")[0].rstrip(".")
    return doc.removeprefix("Indicates that ") or type(failure.value).__name__


def _asked(response: Response) -> str:
    """The URL the request was made for, before any redirect."""
    return str((response.meta.get("redirect_urls") or [response.url])[0])


def _no_part(response: Response, article: Article) -> str | None:
    """Why the answer to a later page of an article is none of it: a redirect elsewhere (to
    the listing, a login page), or an error or maintenance page served with status 200. A
    page without text (a picture's) is a part all the same."""
    if response.meta.get("redirect_urls"):
        return f"redirected to {response.url}"
    kind = article.extraction.page_type
    if kind in ("not-article", "listing"):
        return f"is no part of it ({kind})"
    return None


def _codec_name(label: str) -> str | None:
    """The codec name `pressbot.document` reports for a charset label (gbk -> gb18030)."""
    resolved = resolve_encoding(label)
    return codecs.lookup(resolved).name.replace("-", "_") if resolved else None
