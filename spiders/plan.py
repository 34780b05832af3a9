"""What one crawl may fetch, worked out once from the spider arguments and the site config.

Plain logic without Scrapy: which URLs to start from, which links are listing pages and which
are articles, and what counts as "inside the site" (same host, or under the local root when the
site is a folder crawled over file:// or served from `base_url`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from pressbot.sites import SiteConfig, SiteConfigError, load_site, site_paths

_FOLLOWABLE = {"http", "https", "file"}


class CrawlArgumentError(ValueError):
    """Spider arguments that cannot make a crawl; the message says what to pass instead."""


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
    """Host names (and their subdomains) a crawl without a root stays on."""
    feed_site: str
    """The `<site>` of feed paths: the site name, or a name made from the start URL's host."""
    max_pages: int

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
    ) -> CrawlPlan:
        """Resolve `-a site= start_url= base_url=`; raise CrawlArgumentError, SiteConfigError."""
        if not site and not start_url:
            known = ", ".join(sorted(site_paths(sites_dirs))) or "none"
            raise CrawlArgumentError(
                f"pass -a site=NAME (known sites: {known}) or -a start_url=URL"
            )
        config = load_site(site, sites_dirs) if site else None
        root = _dir_url(base_url) if base_url else _local_root_url(config)
        if start_url:
            starts: tuple[str, ...] = (start_url,)
        elif config and config.start_urls:
            starts = tuple(urljoin(root, u) if root else u for u in config.start_urls)
        else:
            starts = (root,) if root else ()
        if not starts:
            raise CrawlArgumentError(f"site {site!r} has no start_urls; pass -a start_url=URL")
        for url in starts:
            if urlsplit(url).scheme not in _FOLLOWABLE:
                raise CrawlArgumentError(f"start URL {url!r} is not http(s) or file")
        hosts = config.allowed_domains if config and config.allowed_domains else ()
        if not hosts:
            hosts = tuple(dict.fromkeys(h for u in starts if (h := urlsplit(u).hostname)))
        return cls(
            site=config,
            start_urls=starts,
            root=root,
            hosts=hosts,
            feed_site=config.name if config else _feed_name(starts[0]),
            max_pages=config.max_pages if config else 50,
        )

    @property
    def allowed_domains(self) -> list[str]:
        """For Scrapy's OffsiteMiddleware (which also vets redirects); empty for file:// roots."""
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
        host = parts.hostname or ""
        return any(host == h or host.endswith("." + h) for h in self.hosts)

    def is_listing(self, url: str) -> bool:
        return bool(self.site) and any(
            re.search(p, url)
            for p in self.site.listing_allow  # type: ignore[union-attr]
        )

    def is_article(self, url: str) -> bool:
        allow = self.site.article_allow if self.site else ()
        deny = self.site.article_deny if self.site else ()
        if allow and not any(re.search(p, url) for p in allow):
            return False
        return not any(re.search(p, url) for p in deny)


def _local_root_url(config: SiteConfig | None) -> str | None:
    if config is None or config.local_root is None:
        return None
    base = config.path.parent if config.path else Path.cwd()
    folder = (base / config.local_root).resolve()
    if not folder.is_dir():
        raise SiteConfigError(f"{config.path}: key 'local_root': {folder} is not a folder")
    return _dir_url(folder.as_uri())
