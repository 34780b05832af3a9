"""What one crawl may fetch, worked out once from the spider arguments and the site config.

Plain logic without Scrapy, shared by the spider and `pressbot check-site`: which URLs to start
from (listings, sitemaps, feeds), which links are listing pages and which are articles, and what
counts as "inside the site" (same host, or under the local root when the site is a folder
crawled over file:// or served from `base_url`).

Without a site config (`-a start_url=URL`) links are told apart by shape: article-shaped URLs
(`pressbot.discovery.looks_like_article`) are articles, index-shaped ones are listings, and
other same-site links on the start page are fetched once to let the page itself say what it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal
from urllib.parse import urljoin, urlsplit

from pressbot.discovery import looks_like_article, looks_like_file, looks_like_listing, parse_since
from pressbot.sites import SiteConfig, SiteConfigError, load_site, site_paths

_FOLLOWABLE = {"http", "https", "file"}
GENERIC_MAX_PAGES = 50

LinkKind = Literal["article", "listing", "probe"]


class CrawlArgumentError(ValueError):
    """Spider arguments that cannot make a crawl; the message says what to pass instead."""


class SettingError(ValueError):
    """A `PRESSBOT_*` setting with a value the crawl cannot take; the message names it."""


def _dir_url(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def _feed_name(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return re.sub(r"[^a-z0-9_-]+", "-", host.lower()).strip("-") or "adhoc"


@dataclass(frozen=True)
class CrawlPlan:
    site: SiteConfig | None
    start_urls: tuple[str, ...]
    root: str | None
    """URL prefix every fetched URL must start with (local copies and `base_url`), or None."""
    hosts: tuple[str, ...]
    """Host names (and their subdomains; for a www. name, its bare name too) a crawl without a
    root stays on."""
    feed_site: str
    """The `<site>` of feed paths: the site name, or a name made from the start URL's host."""
    max_pages: int
    sitemap_urls: tuple[str, ...] = ()
    feed_urls: tuple[str, ...] = ()
    since: datetime | None = None
    """Sitemap and feed entries dated before this are skipped (`-a since=` or max_age_days)."""
    ports: tuple[int | None, ...] = ()
    """When `hosts` come from the start URLs (no `allowed_domains`): their explicit ports (None:
    the scheme's default), so another server on another port of the same host is off the site."""

    @property
    def site_name(self) -> str | None:
        return self.site.name if self.site else None

    @classmethod
    def build(
        cls,
        site: str | None = None,
        start_url: str | None = None,
        base_url: str | None = None,
        sites_dirs: tuple[Path, ...] = (),
        *,
        since: str | None = None,
        now: datetime | None = None,
        start_option: str | None = "-a start_url=URL",
    ) -> CrawlPlan:
        """Resolve `-a site= start_url= base_url= since=`; raise CrawlArgumentError,
        SiteConfigError (also for a start point outside the site: `allowed_domains`, the
        root). `start_option` is how the caller's command takes a start URL, offered
        when the config has none (None: it takes none)."""
        if not site and not start_url:
            known = ", ".join(sorted(site_paths(sites_dirs))) or "none"
            raise CrawlArgumentError(
                f"pass -a site=NAME (known sites: {known}) or -a start_url=URL"
            )
        config = load_site(site, sites_dirs) if site else None
        root = _dir_url(base_url) if base_url else _local_root_url(config)

        def resolve(urls: tuple[str, ...]) -> tuple[str, ...]:
            return tuple(urljoin(root, u) if root else u for u in urls)

        sitemaps = resolve(config.sitemaps) if config and not start_url else ()
        feeds = resolve(config.feeds) if config and not start_url else ()
        if start_url:
            starts: tuple[str, ...] = (start_url,)
        elif config and config.start_urls:
            starts = resolve(config.start_urls)
        else:
            starts = (root,) if root and not (sitemaps or feeds) else ()
        if not (starts or sitemaps or feeds):
            assert config is not None  # (a start URL is a start)
            advice = f", or pass {start_option}" if start_option else ""
            raise CrawlArgumentError(
                f"{config.path}: site {site!r} has no start_urls, sitemaps or feeds: add one"
                + advice
            )
        for url in (*starts, *sitemaps, *feeds):
            if urlsplit(url).scheme not in _FOLLOWABLE:
                raise CrawlArgumentError(f"start URL {url!r} is not http(s) or file")
        hosts = config.allowed_domains if config and config.allowed_domains else ()
        ports: tuple[int | None, ...] = ()
        if not hosts:
            ports = tuple(dict.fromkeys(_port(u) for u in (*starts, *sitemaps, *feeds)))
            hosts = tuple(
                dict.fromkeys(
                    h for u in (*starts, *sitemaps, *feeds) if (h := urlsplit(u).hostname)
                )
            )
        try:
            cutoff = parse_since(since) if since else None
        except ValueError as exc:
            raise CrawlArgumentError(str(exc)) from None
        if cutoff is None and config and config.max_age_days:
            cutoff = (now or datetime.now(UTC)) - timedelta(days=config.max_age_days)
        first = (starts or sitemaps or feeds)[0]
        plan = cls(
            site=config,
            start_urls=starts,
            root=root,
            hosts=hosts,
            feed_site=config.name if config else _feed_name(first),
            max_pages=config.max_pages if config else GENERIC_MAX_PAGES,
            sitemap_urls=sitemaps,
            feed_urls=feeds,
            since=cutoff,
            ports=ports,
        )
        if config is not None or base_url:
            _refuse_outside(plan, start_url, base_url)
        return plan

    @property
    def allowed_domains(self) -> list[str]:
        """The spider's `allowed_domains`, as Scrapy spiders declare them (the crawl's own
        boundary is `in_site`, applied by `pipelines.offsite`); empty for file:// roots."""
        if self.root is not None:
            host = urlsplit(self.root).hostname
            return [host] if host else []
        return list(self.hosts)

    def in_site(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme not in _FOLLOWABLE:
            return False
        if self.root is not None:
            return url.startswith(self.root)
        if self.ports and _port(url) not in self.ports:
            return False
        return self.host_match(parts.hostname or "") > 0

    def host_match(self, host: str) -> int:
        """How long the longest of `hosts` that `host` is on is (0: none), so that of several
        sites the most specific one can be told. A host's subdomains are on it, and so is the
        bare name of a www. host: sites link (and redirect) between www.example.org and
        example.org as if they were one."""
        return max(
            (
                len(h)
                for h in self.hosts
                if host == h or host.endswith("." + h) or (h.startswith("www.") and host == h[4:])
            ),
            default=0,
        )

    def is_listing(self, url: str) -> bool:
        return bool(self.site) and any(
            re.search(p, url)
            for p in self.site.listing_allow  # type: ignore[union-attr]
        )

    def is_article(self, url: str) -> bool:
        """Whether a link may be an article: the config's allow/deny rules; without a config,
        every same-site link is a candidate (`classify` narrows it by URL shape)."""
        allow = self.site.article_allow if self.site else ()
        deny = self.site.article_deny if self.site else ()
        if allow and not any(re.search(p, url) for p in allow):
            return False
        return not any(re.search(p, url) for p in deny)

    def classify(self, url: str) -> LinkKind | None:
        """What to do with an in-site link found on a listing page.

        With a site config: "listing" (listing_allow), "article" (article rules) or None.
        Without one: "article" by URL shape, "listing" by index shape, None for a file (a PDF,
        a picture), else "probe" (fetch the page and let its shape decide).
        """
        if self.site is not None:
            if self.is_listing(url):
                return "listing"
            return "article" if self.is_article(url) else None
        if looks_like_article(url):
            return "article"
        if looks_like_listing(url):
            return "listing"
        return None if looks_like_file(url) else "probe"


def _refuse_outside(plan: CrawlPlan, start_url: str | None, base_url: str | None) -> None:
    """Refuse a start point that the crawl's own boundary (`in_site`) would drop: the run
    fetched nothing from it and still called itself healthy."""
    if plan.root is not None:
        where = f"outside {'base_url' if base_url else 'local_root'} {plan.root}"
    elif plan.site is not None and plan.site.allowed_domains:
        where = f"on none of allowed_domains ({', '.join(plan.hosts)})"
    else:
        where = "on no host the crawl can stay on (a file:// URL needs local_root)"
    for key, urls in (
        ("start_urls", plan.start_urls),
        ("sitemaps", plan.sitemap_urls),
        ("feeds", plan.feed_urls),
    ):
        for url in urls:
            if plan.in_site(url):
                continue
            if start_url or plan.site is None:
                of_site = f" of site {plan.site.name!r}" if plan.site else ""
                raise CrawlArgumentError(f"-a start_url={url} is {where}{of_site}")
            raise SiteConfigError(f"{plan.site.path}: key '{key}': {url} is {where}")


def _port(url: str) -> int | None:
    """The URL's explicit port, None for the scheme's default, -1 for an invalid one."""
    try:
        return urlsplit(url).port
    except ValueError:
        return -1


def _local_root_url(config: SiteConfig | None) -> str | None:
    if config is None or config.local_root is None:
        return None
    base = config.path.parent if config.path else Path.cwd()
    folder = (base / config.local_root).resolve()
    if not folder.is_dir():
        raise SiteConfigError(f"{config.path}: key 'local_root': {folder} is not a folder")
    return _dir_url(folder.as_uri())
