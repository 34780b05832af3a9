"""`pressbot sites` and `pressbot check-site NAME`: see the configs, and try one in a minute.

`check-site` fetches the site's first listing page (or feed, or sitemap), shows which links the
config's rules take for articles and which for the next page, then fetches a few of those
articles and prints, per article, what each field came out as. It is a manual check of a new
or changed config, not a crawl: no Scrapy, no dedup state, nothing written; it asks robots.txt
first and sends the crawl's User-Agent. Each request gives up after `--timeout` seconds, also
on a server that keeps sending a byte now and then. Exit status: 0 when every article fetched
gave a body, 1 when the listing or an article could not be fetched or gave none, 2 on bad usage.
"""

from __future__ import annotations

import argparse
import functools
import http.client
import io
import socket
import sys
import time
import urllib.error
import urllib.request
import urllib.robotparser
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

from parsel import Selector
from w3lib.html import get_base_url

from pressbot.discovery import (
    MAX_XML_DOWNLOAD,
    generic_next,
    hrefs,
    parse_feed,
    parse_sitemap,
    select,
)
from pressbot.document import decode_html
from pressbot.extract import extract
from pressbot.plan import CrawlArgumentError, CrawlPlan
from pressbot.settings import USER_AGENT
from pressbot.sites import SiteConfigError, site_paths, sites_folder

MAX_BYTES = 32 * 1024 * 1024
SHOWN = ("title", "published_at", "authors", "editors", "responsible_editors", "source")


@dataclass(frozen=True)
class Page:
    url: str
    body: bytes
    headers: Mapping[str, str]


class FetchError(RuntimeError):
    pass


def _folder(value: str) -> Path:
    """`--sites-dir`, checked as the crawl checks `PRESSBOT_SITES_DIR` (`sites_folder`)."""
    try:
        return sites_folder(value)
    except SiteConfigError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _positive(kind: type[int] | type[float]) -> Any:
    def parse(value: str) -> int | float:
        try:
            number = kind(value)
        except ValueError:  # argparse would say "invalid parse value"
            raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
        if number <= 0:
            raise argparse.ArgumentTypeError(f"must be above 0: {value!r}")
        return number

    return parse


def add_sites_dir(parser: argparse.ArgumentParser) -> None:
    """`--sites-dir`, for every subcommand that loads site configs."""
    parser.add_argument("--sites-dir", type=_folder, help="a folder of site TOMLs searched first")


def sites_dirs(args: argparse.Namespace) -> tuple[Path, ...]:
    return (args.sites_dir,) if args.sites_dir else ()


def cmd_sites(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """List every site config (user folder first), with its start points; a config that a
    crawl would refuse at its start (the same checks) is BROKEN, and says why; so is one that
    fails in a way no check foresaw, with the error's type."""
    out = out or sys.stdout
    broken = 0
    paths = site_paths(sites_dirs(args))
    for name, path in sorted(paths.items()):
        try:
            plan = CrawlPlan.build(site=name, sites_dirs=sites_dirs(args), start_option=None)
        except Exception as exc:  # (a bug that one config meets must not end the listing)
            known = isinstance(exc, SiteConfigError | CrawlArgumentError)
            why = str(exc) if known else f"{path}: {type(exc).__name__}: {exc}"
            print(f"{name:<20} BROKEN: {why}", file=out)
            broken += 1
            continue
        config = plan.site
        assert config is not None
        starts = [
            f"{len(plan.start_urls)} start URL(s)" if plan.start_urls else "",
            f"{len(plan.sitemap_urls)} sitemap(s)" if plan.sitemap_urls else "",
            f"{len(plan.feed_urls)} feed(s)" if plan.feed_urls else "",
        ]
        print(
            f"{config.name:<20} {', '.join(s for s in starts if s)}; "
            f"{config.language or 'any language'}, {config.timezone}  ({path})",
            file=out,
        )
    if not paths:
        print("no site configs", file=out)
    return 1 if broken else 0


def _left(deadline: float) -> float:
    """Seconds until `deadline`; a TimeoutError, as a socket's own, once it has passed."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("timed out")
    return left


class _DeadlineReader(io.RawIOBase):
    """A socket's reading end that gives up at `deadline`: each read may wait only as long as
    is left, so a server that trickles its status line and headers a byte at a time cannot hold
    the request past it (a socket timeout alone bounds each read, not their sum)."""

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        super().__init__()
        self._sock = sock
        self._raw = sock.makefile("rb", buffering=0)  # keeps the socket open until closed
        self._deadline = deadline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int | None:
        self._sock.settimeout(_left(self._deadline))
        return self._raw.readinto(buffer)

    def close(self) -> None:
        self._raw.close()
        super().close()


class _DeadlineResponse(http.client.HTTPResponse):
    def __init__(self, sock: socket.socket, *args: Any, deadline: float, **kwargs: Any) -> None:
        super().__init__(sock, *args, **kwargs)
        plain, self.fp = self.fp, io.BufferedReader(_DeadlineReader(sock, deadline))
        plain.close()  # the reader `makefile` gave, unread


class _DeadlineConnection:
    """Mixed into an http.client connection: connect within the time left, and read the answer
    (a proxy tunnel's too) through a `_DeadlineReader`."""

    def __init__(self, *args: Any, deadline: float, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.deadline = deadline
        self.response_class = functools.partial(_DeadlineResponse, deadline=deadline)

    def connect(self) -> None:
        self.timeout = _left(self.deadline)
        super().connect()  # type: ignore[misc]


class _HTTPConnection(_DeadlineConnection, http.client.HTTPConnection):
    pass


class _HTTPSConnection(_DeadlineConnection, http.client.HTTPSConnection):
    pass


class _DeadlineHandler:
    """Mixed into urllib's HTTP(S) handler: every connection it opens, redirects' included,
    shares one deadline."""

    connection: type[_DeadlineConnection]

    def __init__(self, deadline: float) -> None:
        super().__init__()
        self.deadline = deadline

    def do_open(self, http_class: Any, req: urllib.request.Request, **kwargs: Any) -> Any:
        connection = functools.partial(self.connection, deadline=self.deadline)
        return super().do_open(connection, req, **kwargs)  # type: ignore[misc]


class _HTTPHandler(_DeadlineHandler, urllib.request.HTTPHandler):
    connection = _HTTPConnection


class _HTTPSHandler(_DeadlineHandler, urllib.request.HTTPSHandler):
    connection = _HTTPSConnection


def _open(request: urllib.request.Request, timeout: float) -> Any:
    """`urlopen`, but connecting, redirects, the status line, the headers and every read of
    the body all done within `timeout` seconds in all."""
    deadline = time.monotonic() + timeout
    opener = urllib.request.build_opener(_HTTPHandler(deadline), _HTTPSHandler(deadline))
    return opener.open(request, timeout=timeout)


def fetch(
    url: str,
    timeout: float,
    robots: dict[str, urllib.robotparser.RobotFileParser],
    limit: int = MAX_BYTES,
) -> Page:
    """GET one URL (http, https or file) as the crawl would: robots.txt first, our User-Agent,
    its first `limit` bytes (a sitemap's or feed's: `MAX_XML_DOWNLOAD`, as in the crawl)."""
    parts = urlsplit(url)
    if parts.scheme in ("http", "https"):
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in robots:
            robots_url = origin + "/robots.txt"
            parser = urllib.robotparser.RobotFileParser(robots_url)
            try:
                request = urllib.request.Request(robots_url, headers={"User-Agent": USER_AGENT})
                with _open(request, timeout) as answer:
                    text = answer.read(MAX_BYTES).decode("utf-8", "replace")
                    parser.parse(text.splitlines())
            except urllib.error.HTTPError as exc:
                parser.parse([] if exc.code >= 400 else ["User-agent: *", "Disallow: /"])
            except (urllib.error.URLError, OSError):
                parser.parse([])
            robots[origin] = parser
        if not robots[origin].can_fetch(USER_AGENT, url):
            raise FetchError("disallowed by robots.txt")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with _open(request, timeout) as answer:
            body = answer.read(limit)
            headers = dict(answer.headers.items())
            return Page(answer.geturl(), body, headers)
    except urllib.error.HTTPError as exc:
        raise FetchError(f"HTTP {exc.code}") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise FetchError(str(getattr(exc, "reason", exc))) from None


def _short(value: Any, width: int = 70) -> str:
    if value is None or value == []:
        return "-"
    text = ", ".join(value) if isinstance(value, list) else str(value)
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _listing_links(plan: CrawlPlan, page: Page, out: TextIO) -> tuple[list[str], list[str]]:
    config = plan.site
    _, text = decode_html(page.body, page.headers.get("Content-Type"))
    selector = Selector(text=text or "<html></html>")
    base = get_base_url(text, page.url)
    links = [u for u in dict.fromkeys(hrefs(selector, base)) if plan.in_site(u)]
    articles = [u for u in links if plan.classify(u) == "article"]
    listings = [u for u in links if plan.classify(u) == "listing"]
    if config is not None and config.next_page:
        nexts = list(hrefs(select(selector, config.next_page), base))
    else:
        nexts = list(hrefs(generic_next(selector), base))
    print(
        f"  {len(links)} in-site links: {len(articles)} article(s), {len(listings)} listing(s)",
        file=out,
    )
    print(f"  next page: {', '.join(nexts) or '-'}", file=out)
    return articles, [u for u in (*nexts, *listings) if u != page.url]


def _entry_links(plan: CrawlPlan, out: TextIO, timeout: float, robots: Any) -> list[str]:
    """Article links from the first start URL, else the first feed, else the first sitemap."""
    if plan.start_urls:
        print(f"listing {plan.start_urls[0]}", file=out)
        articles, listings = _listing_links(plan, fetch(plan.start_urls[0], timeout, robots), out)
        if not articles and listings:  # a hub page: look one level down
            print(f"listing {listings[0]}", file=out)
            articles, _ = _listing_links(plan, fetch(listings[0], timeout, robots), out)
        return articles
    if plan.feed_urls:
        print(f"feed {plan.feed_urls[0]}", file=out)
        page = fetch(plan.feed_urls[0], timeout, robots, MAX_XML_DOWNLOAD)
        entries = parse_feed(page.body, page.url)
        print(f"  {len(entries)} item(s)", file=out)
    else:
        print(f"sitemap {plan.sitemap_urls[0]}", file=out)
        page = fetch(plan.sitemap_urls[0], timeout, robots, MAX_XML_DOWNLOAD)
        kind, entries = parse_sitemap(page.body, page.url)
        if kind == "index" and entries:
            print(f"  index of {len(entries)} sitemap(s); reading {entries[0].url}", file=out)
            page = fetch(entries[0].url, timeout, robots, MAX_XML_DOWNLOAD)
            kind, entries = parse_sitemap(page.body, page.url)
        print(f"  {kind}: {len(entries)} entr{'y' if len(entries) == 1 else 'ies'}", file=out)
    return [e.url for e in entries if plan.in_site(e.url) and plan.is_article(e.url)]


def cmd_check_site(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Fetch one listing and `--articles` articles of a site; print what each field yielded."""
    out = out or sys.stdout
    try:
        plan = CrawlPlan.build(
            site=args.name,
            base_url=args.base_url,
            sites_dirs=sites_dirs(args),
            start_option="--base-url URL (its root is then the start)",
        )
    except (SiteConfigError, CrawlArgumentError) as exc:
        print(f"pressbot: {exc}", file=sys.stderr)
        return 2
    robots: dict[str, urllib.robotparser.RobotFileParser] = {}
    print(f"site {plan.feed_site}", file=out)
    try:
        links = _entry_links(plan, out, args.timeout, robots)
    except FetchError as exc:
        print(f"  cannot fetch: {exc}", file=out)
        return 1
    if not links:
        print("  no article links: check start_urls and article_allow/article_deny", file=out)
        return 1
    counts = dict.fromkeys((*SHOWN, "body"), 0)
    checked = failed = 0
    for url in links[: args.articles]:
        print(f"\narticle {url}", file=out)
        try:
            page = fetch(url, args.timeout, robots)
        except FetchError as exc:
            print(f"  cannot fetch: {exc}", file=out)
            failed += 1
            continue
        article = extract(page.body, page.url, site=plan.site, headers=page.headers)
        checked += 1
        if not article.is_article:
            why = "; ".join(article.extraction.warnings)[:200]
            print(f"  not an article: {article.extraction.page_type} {why}", file=out)
            continue
        methods = article.extraction.methods
        for name in SHOWN:
            value = getattr(article, name)
            counts[name] += bool(value)
            how = f" [{methods[name]}]" if name in methods else ""
            print(f"  {name:<20} {_short(value)}{how}", file=out)
        counts["body"] += bool(article.body)
        body_how = f" [{methods['body']}]" if "body" in methods else ""
        print(
            f"  {'body':<20} {len(article.body)} chars, {article.body.count(chr(10)) + 1} "
            f"paragraph(s){body_how}: {_short(article.body, 50)}",
            file=out,
        )
        print(f"  {'encoding':<20} {article.extraction.encoding or '-'}", file=out)
    print(f"\nfields found in {checked} article(s):", file=out)
    for name, count in counts.items():
        print(f"  {name:<20} {count}/{checked}", file=out)
    if failed:
        print(f"  {failed} article(s) could not be fetched", file=out)
    return 0 if counts["body"] == checked > 0 and not failed else 1


def add_commands(sub: Any) -> None:
    """Register `sites` and `check-site` on the `pressbot` CLI's subparsers."""
    s = sub.add_parser("sites", help="list site configs (bundled and --sites-dir)")
    add_sites_dir(s)
    s.set_defaults(func=cmd_sites)
    c = sub.add_parser("check-site", help="fetch a listing and a few articles of a site")
    c.add_argument("name", help="site config name")
    add_sites_dir(c)
    c.add_argument("--base-url", help="serve the site's local copy from this URL")
    c.add_argument(
        "--articles", type=_positive(int), default=3, help="how many articles to fetch (default: 3)"
    )
    c.add_argument(
        "--timeout",
        type=_positive(float),
        default=20.0,
        help="seconds per request, from connecting to the last byte (default: 20)",
    )
    c.set_defaults(func=cmd_check_site)
