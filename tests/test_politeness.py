"""Politeness and robustness with the real `scrapy crawl press` against loopback servers.

- robots.txt is asked first and obeyed; every request carries the User-Agent with the operator's
  contact; the site's `[politeness] concurrency = 2` caps requests in flight to the host;
- a flaky site: a 500 then a 200, an answer later than the timeout then a prompt one, a reset
  connection then an answer, and an article that always fails. The first three are retried (with
  backoff) and published; the last is given up after its retries and counted as an error.
"""

from __future__ import annotations

import itertools
import threading

import pytest
from conftest import CrawlRunner
from fixture_sites import FAST, check_records, expected, file_reply, paths, site_root

from pressbot.localserver import Reply, RequestLog, serve_directory

CONTACT = "crawler-ops@example.org"
LISTING = sorted(p for p in expected("listing") if not p.endswith("_1006.html"))


def test_robots_user_agent_contact_and_per_host_concurrency(crawl: CrawlRunner) -> None:
    slow = {"/" + path: file_reply("listing", path, delay=0.3) for path in LISTING}
    log = RequestLog()
    with serve_directory(site_root("listing"), extra=slow, log=log) as base:
        result = crawl(
            "site=listing",
            f"base_url={base}",
            settings={**FAST, "PRESSBOT_CONTACT": CONTACT, "CONCURRENT_REQUESTS": "16"},
        )
    assert result.returncode == 0, result.describe()
    check_records(result, base, "listing", LISTING)
    assert log.paths()[0] == "/robots.txt"
    assert not [p for p in log.paths() if p.startswith("/news/private/")]
    assert result.stats["robotstxt/forbidden"] == 1
    agents = {hit.headers.get("User-Agent") for hit in log.hits}
    assert len(agents) == 1, agents
    agent = agents.pop() or ""
    assert agent.startswith("pressbot/") and agent.endswith(f"; {CONTACT})"), agent
    assert log.max_in_flight == 2, f"[politeness] concurrency = 2, saw {log.max_in_flight}"


FLAKY = {
    "500-then-200": "flaky/202006/t20200602_5002.html",
    "late-then-prompt": "flaky/202006/t20200603_5003.html",
    "reset-then-200": "flaky/202006/t20200604_5004.html",
    "always-500": "flaky/202006/t20200609_5009.html",
}


def test_flaky_site_retries_with_backoff_and_counts_what_failed(crawl: CrawlRunner) -> None:
    error = Reply(500, {"Content-Type": "text/html"}, b"<html><body>Server error</body></html>")
    extra = {
        "/" + FLAKY["500-then-200"]: [error, None],
        # flaky.toml: timeout = 1.0, retries = 2
        "/" + FLAKY["late-then-prompt"]: [
            file_reply("flaky", FLAKY["late-then-prompt"], delay=2.5),
            None,
        ],
        "/" + FLAKY["reset-then-200"]: [Reply(reset=True), None],
        "/" + FLAKY["always-500"]: error,
    }
    log = RequestLog()
    with serve_directory(site_root("flaky"), extra=extra, log=log) as base:
        result = crawl("site=flaky", f"base_url={base}", settings=FAST)
    assert result.returncode == 0, result.describe()  # 1 failure in 7 pages is below 20 %
    published = sorted(p for p in expected("flaky") if p != FLAKY["always-500"])
    check_records(result, base, "flaky", published)

    stats = result.stats
    assert stats["retry/count"] == 5  # one each for the first three, two for always-500
    assert stats["retry/max_reached"] == 1
    assert stats["retry/reason_count/500 Internal Server Error"] == 3
    assert stats["retry/reason_count/scrapy.exceptions.DownloadTimeoutError"] == 1
    assert stats["retry/reason_count/scrapy.exceptions.DownloadFailedError"] == 1  # the reset
    assert round(stats["pressbot/retry/backoff_seconds"], 6) == 1.2  # 3 x 0.2, then 0.2 + 0.4
    assert stats["pressbot/errors/http_500"] == 1
    assert sum(v for k, v in stats.items() if k.startswith("pressbot/errors/")) == 1
    assert stats["pressbot/published"] == 5
    for name, path in FLAKY.items():
        assert log.count("/" + path) == (3 if name == "always-500" else 2), name
    # Backoff (PRESSBOT_RETRY_BACKOFF=0.2): 0.2 s before the first retry, 0.4 s before the second.
    first, second, third = log.times("/" + FLAKY["always-500"])
    assert second - first >= 0.2
    assert third - second >= 0.4


def test_a_hanging_robots_txt_costs_seconds_and_one_warning(crawl: CrawlRunner) -> None:
    """Every page of a host waits for its robots.txt. One that never answers was asked for like
    a page (DOWNLOAD_TIMEOUT four times, the backoff between: minutes with the default 60 s),
    and its failure was an ERROR with a traceback naming the start page. Now it gets
    PRESSBOT_ROBOTSTXT_TIMEOUT and one retry, one warning names it, and the site is crawled as if
    robots.txt allowed everything (Scrapy's reading of a missing one)."""
    release = threading.Event()
    log = RequestLog()
    extra = {"/robots.txt": Reply(delay=60, release=release)}
    settings = {**FAST, "DOWNLOAD_TIMEOUT": "5", "PRESSBOT_ROBOTSTXT_TIMEOUT": "1"}
    try:
        with serve_directory(site_root("listing"), extra=extra, log=log) as base:
            result = crawl("site=listing", f"base_url={base}", settings=settings)
    finally:
        release.set()
    assert result.returncode == 0, result.describe()
    assert log.count("/robots.txt") == 2  # the request and its one retry
    assert f"{base}robots.txt could not be fetched (DownloadTimeoutError: " in result.log
    assert "Traceback" not in result.log, result.describe()
    assert result.stats["pressbot/robots/unavailable"] == 1
    # As if robots.txt allowed everything: its disallowed folder is crawled too.
    got = sorted(paths(result.records(), base))
    assert got == sorted([*LISTING, "news/private/202006/t20200601_1090.html"]), got


RULES_ALL_DISALLOWED = b"User-agent: *\nDisallow: /\n"


@pytest.mark.parametrize("status", [503, 404])
def test_a_robots_txt_error_status_is_no_rules(crawl: CrawlRunner, status: int) -> None:
    """A robots.txt that answers 503 (twice: the request and its retry) could not be fetched:
    one warning and the stat say so, not Scrapy's ERROR "Gave up retrying". Its body, a 404's or
    a 503's, is an error page, not the site's rules (RFC 9309 2.3.1): Scrapy read it as rules,
    and a body reading as "Disallow: /" left the whole site unfetched in silence."""
    plain = {"Content-Type": "text/plain"}
    log = RequestLog()
    extra = {"/robots.txt": Reply(status, plain, RULES_ALL_DISALLOWED)}
    with serve_directory(site_root("listing"), extra=extra, log=log) as base:
        result = crawl("site=listing", f"base_url={base}", settings=FAST)
    assert result.returncode == 0, result.describe()
    assert " ERROR: " not in result.log, result.describe()
    got = sorted(paths(result.records(), base))
    assert got == sorted([*LISTING, "news/private/202006/t20200601_1090.html"]), got
    assert "robotstxt/forbidden" not in result.stats
    if status == 503:
        assert log.count("/robots.txt") == 2  # the request and its one retry
        assert f"{base}robots.txt could not be fetched (HTTP 503); crawling " in result.log
        assert result.stats["pressbot/robots/unavailable"] == 1
    else:
        assert log.count("/robots.txt") == 1
        assert "could not be fetched" not in result.log, result.describe()
        assert "pressbot/robots/unavailable" not in result.stats


@pytest.mark.parametrize(
    ("asked", "cap", "waited"),
    [("0.4", None, 0.4), ("100", "0.3", 0.3), ("0.4", "0", None)],
    ids=["obeyed", "cut-to-the-cap", "not-read"],
)
def test_robots_txt_crawl_delay_spaces_the_requests(
    crawl: CrawlRunner, asked: str, cap: str | None, waited: float | None
) -> None:
    """Scrapy reads no Crawl-delay. The host's requests are now that far apart, though
    AutoThrottle (here told to aim at 16 in flight, from 0.05 s) would go faster and Scrapy's
    random 0.5x-1.5x of the delay would halve it; a delay over PRESSBOT_CRAWL_DELAY_MAX is cut
    to it, with a warning; 0 reads none."""
    rules = f"User-agent: *\nCrawl-delay: {asked}\nDisallow: /news/private/\n".encode()
    log = RequestLog()
    extra = {"/robots.txt": Reply(200, {"Content-Type": "text/plain"}, rules)}
    settings = {
        **FAST,
        "AUTOTHROTTLE_ENABLED": "True",
        "AUTOTHROTTLE_START_DELAY": "0.05",
        "AUTOTHROTTLE_TARGET_CONCURRENCY": "16",
        "DOWNLOAD_DELAY_JITTER": "0.5",
        **({"PRESSBOT_CRAWL_DELAY_MAX": cap} if cap is not None else {}),
    }
    with serve_directory(site_root("listing"), extra=extra, log=log) as base:
        result = crawl("site=listing", f"base_url={base}", settings=settings)
    assert result.returncode == 0, result.describe()
    check_records(result, base, "listing", LISTING)
    assert (" asks 100 s between requests (Crawl-delay)" in result.log) is (asked == "100")
    if waited is None:
        assert "pressbot/robots/crawl_delay" not in result.stats
        return
    assert result.stats["pressbot/robots/crawl_delay"] == waited
    times = [hit.at for hit in log.hits]
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert len(gaps) >= len(LISTING) and min(gaps) >= waited - 0.02, gaps
