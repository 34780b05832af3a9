"""`pressbot parse --site auto`: each page parsed with the site config a crawl of its URL uses.

An archive often holds the pages of several sites (a WARC of many crawls, a shared HTTP cache),
and one `--site` for all of them gives every page the wrong time zone, selectors or encoding but
one site's. Here each page gets the config whose hosts hold its URL's host, as the crawl's own
boundary reads them (`CrawlPlan.in_site`: `allowed_domains`, else the start points' hosts): the
most specific host when several configs hold it, then the config whose `article_allow` names
the URL, then one without article rules, then the first by name. A page that no config
holds is parsed with none, as without `--site`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from pressbot.plan import CrawlArgumentError, CrawlPlan
from pressbot.sites import SiteConfig, SiteConfigError, site_paths

AUTO = "auto"
"""The `--site` value that chooses per page (so no config named "auto" is chosen by name)."""


@dataclass(frozen=True)
class SiteChooser:
    """The crawl plans of every site config, to pick a page's (sent once to each worker)."""

    plans: tuple[CrawlPlan, ...]

    @classmethod
    def load(cls, dirs: tuple[Path, ...], warn: Callable[[str], None]) -> SiteChooser:
        """Every config in `dirs` and the bundled ones; one that a crawl would refuse is left
        out, and `warn` says why, as it says which hosts several configs share."""
        plans = []
        for name in sorted(site_paths(dirs)):
            try:
                plans.append(CrawlPlan.build(site=name, sites_dirs=dirs, start_option=None))
            except (SiteConfigError, CrawlArgumentError) as exc:
                warn(f"site config {name!r} is left out: {exc}")
        chooser = cls(tuple(plans))
        for host, names in chooser.shared_hosts().items():
            warn(
                f"site configs {', '.join(names)} all hold {host}: a page there gets the one "
                f"whose article_allow names its URL, else {names[0]}"
            )
        return chooser

    def shared_hosts(self) -> dict[str, list[str]]:
        """Hosts that more than one config names, with those configs' names."""
        names: dict[str, list[str]] = {}
        for plan in self.plans:
            for host in plan.hosts if plan.root is None else ():
                names.setdefault(host, []).append(plan.site_name or "")
        return {host: found for host, found in names.items() if len(found) > 1}

    def for_url(self, url: str | None) -> SiteConfig | None:
        """The config of the site that `url` is on, or None.

        >>> SiteChooser(()).for_url("https://news.example/a.html") is None
        True
        """
        if not url:
            return None
        host = urlsplit(url).hostname or ""
        best: SiteConfig | None = None
        rank = (0, 0)
        for plan in self.plans:
            if not plan.in_site(url):
                continue
            found = (
                plan.host_match(host) if plan.root is None else len(plan.root),
                _takes(plan, url),
            )
            if found > rank:
                best, rank = plan.site, found
        return best


def _takes(plan: CrawlPlan, url: str) -> int:
    """2 when the config's `article_allow` names the URL, 1 when it has none (and no
    `article_deny` refuses the URL), 0 when it would not fetch the URL as an article."""
    if not plan.is_article(url):
        return 0
    return 2 if plan.site is not None and plan.site.article_allow else 1
