"""Downloader middleware: no request leaves the crawl's site, redirects included.

Scrapy's OffsiteMiddleware compares host names only, so a redirect from an allowed page to
another port of the same host (another server), or out of the `base_url` / local root the crawl
is confined to, would be fetched. Every request, including the ones RedirectMiddleware and
MetaRefreshMiddleware make, passes `CrawlPlan.in_site` here before it is sent (and before
RobotsTxtMiddleware asks the other site for its robots.txt); what fails is dropped with an
IgnoreRequest, logged and counted as `pressbot/offsite/dropped`. It takes the place of Scrapy's
OffsiteMiddleware (`settings.DOWNLOADER_MIDDLEWARES`), whose host check it includes and which
dropped a redirect to another host as it was scheduled, logged at DEBUG only.
"""

from __future__ import annotations

import logging
from typing import Self
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest

logger = logging.getLogger(__name__)


class OffsiteDropped(IgnoreRequest):
    """A request this middleware dropped: logged and counted here already."""


def _own_robots_txt(request: Request) -> bool:
    """Whether `request` is RobotsTxtMiddleware's robots.txt of a host a request passing here is
    on, redirected (http to https) at most to the same host and port: a robots.txt moved to
    another server would take the crawl off the site, and its rules are not the site's."""
    url = urlsplit(request.url)
    if not request.meta.get("dont_obey_robotstxt") or url.path != "/robots.txt":
        return False
    first = (request.meta.get("redirect_urls") or [request.url])[0]
    return urlsplit(first).netloc == url.netloc


class SiteBoundaryMiddleware:
    crawler: Crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        middleware = cls()
        middleware.crawler = crawler
        return middleware

    def process_request(self, request: Request) -> None:
        plan = getattr(getattr(self.crawler, "spider", None), "plan", None)
        if plan is None or plan.in_site(request.url):
            return
        if _own_robots_txt(request):
            return  # RobotsTxtMiddleware's own request, for a request that passed here
        self.crawler.stats.inc_value("pressbot/offsite/dropped")
        previous = request.meta.get("redirect_urls") or []
        logger.info(
            "Dropped offsite request %s%s",
            request.url,
            f" (redirected from {previous[-1]})" if previous else "",
        )
        raise OffsiteDropped(f"offsite: {request.url}")
