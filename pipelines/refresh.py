"""Downloader middleware: a page whose meta refresh points at itself is a page, not a redirect.

Many Chinese news pages reload themselves: `<meta http-equiv="refresh" content="60;
url=/news/2020/002.html">` on /news/2020/002.html (or `content="5;URL='002.html'"`). Scrapy's
MetaRefreshMiddleware turns every refresh shorter than `METAREFRESH_MAXDELAY` (100 s) into a
redirect, here one to the same URL, which the scheduler's duplicate filter then drops as
requested already: the article was never published, and the log said only "Skipped ...:
redirected to ..., which was requested already".

This subclass takes its place (`settings.DOWNLOADER_MIDDLEWARES`, same priority, Scrapy's set to
None). A refresh whose target is the page itself is passed over, and the page is processed as
it is, counted as `pressbot/refresh/self`. "Itself" is what the duplicate filter would call the
same request: the target (already made absolute against the page's URL and `<base>`) and the
page's URL have the same `w3lib.url.canonicalize_url`, which ignores the fragment. A refresh to
any other URL is Scrapy's redirect as before, within the site (`pipelines.offsite`).
"""

from __future__ import annotations

import logging

from scrapy import Request
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.http import HtmlResponse, Response
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.response import get_meta_refresh
from w3lib.url import canonicalize_url

logger = logging.getLogger(__name__)


def same_page(target: str, page: str) -> bool:
    """Whether a refresh to `target` (an absolute URL) on the page at `page` reloads the page.

    >>> same_page("http://a.cn/n/2.html#top", "http://A.cn/n/2.html")
    True
    >>> same_page("http://a.cn/n/3.html", "http://a.cn/n/2.html")
    False
    """
    return canonicalize_url(target) == canonicalize_url(page)


class SelfRefreshMiddleware(MetaRefreshMiddleware):
    def process_response(self, request: Request, response: Response) -> Request | Response:
        if (
            isinstance(response, HtmlResponse)
            and not request.meta.get("dont_redirect", False)
            and request.method != "HEAD"
            and urlparse_cached(request).scheme in {"http", "https"}
        ):
            # Parsed once per response: Scrapy caches it for the call in super() too.
            _, target = get_meta_refresh(response, ignore_tags=self._ignore_tags)
            if target and same_page(target, response.url):
                self.crawler.stats.inc_value("pressbot/refresh/self")
                logger.debug("Not following the meta refresh of %s to itself", response.url)
                return response
        return super().process_response(request, response)
