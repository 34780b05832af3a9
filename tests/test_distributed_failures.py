"""Distributed crawling when Redis goes away at an awkward moment, or holds a state other than the
one the earlier runs used: real `scrapy crawl` processes, a `redis-server` of their own and a
site served on 127.0.0.1, as in `test_distributed` (whose site and helpers these tests reuse).
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
import test_distributed as td

from pressbot.dedup.testing import RedisServer

TIMEOUT = 120


@pytest.fixture
def site(tmp_path: Path) -> td.Site:
    return td._write_site(tmp_path / "site")


class _Handler(td._SlowHandler):
    """Says when a request for `hold` has come in, then answers it `hold_seconds` later (with a
    500 for the site's broken article, as `_SlowHandler` does)."""

    hold = ""
    hold_seconds = 2.0
    arrived: threading.Event

    def do_GET(self) -> None:
        if self.path == self.hold:
            self.arrived.set()
            time.sleep(self.hold_seconds)
        super().do_GET()


def _serve_holding(site: td.Site, path: str) -> Iterator[tuple[str, threading.Event]]:
    arrived = threading.Event()
    attributes = {"delay": 0.0, "fetched": [], "hold": path, "arrived": arrived}
    handler = type("Handler", (_Handler,), attributes)
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(site.root)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", arrived
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _crawl_losing_redis(
    tmp_path: Path, site: td.Site, redis: RedisServer, path: str, extra: dict[str, str]
) -> tuple[int, str, dict[str, object]]:
    """Crawl; kill Redis while the request for `path` is being answered. A slow heartbeat, so
    that the first Redis call after the kill is the one the page's answer leads to."""
    out = tmp_path / "worker"
    for base_url, arrived in _serve_holding(site, path):
        settings = {"PRESSBOT_REDIS_HEARTBEAT": "60", **extra}
        worker = td._start(td._crawl_command(base_url, site, redis.url, out, settings), out)
        try:
            assert arrived.wait(timeout=TIMEOUT), td._log(out)[-3000:]
            redis.kill()
            code = worker.wait(timeout=TIMEOUT)
        finally:
            if worker.poll() is None:
                worker.kill()
                worker.wait()
    stats_path = out / "stats.json"
    stats = json.loads(stats_path.read_text("utf-8")) if stats_path.exists() else {}
    return code, td._log(out), stats


def test_redis_lost_while_a_listing_is_parsed_stops_the_crawl_in_one_line(
    tmp_path: Path, site: td.Site, redis: RedisServer
) -> None:
    """The spider asks the dedup state which of the listing's articles are known: a lost Redis
    was a traceback for every page that asked, a "spider error" in the health verdict, and a
    request "recorded" as failed in the Redis that was gone."""
    code, log, stats = _crawl_losing_redis(tmp_path, site, redis, "/index.html", {})
    assert code == 3, log[-4000:]
    assert (
        len(re.findall(r"stopping the crawl \((redis_unavailable|dedup_state_error)\)", log)) == 1
    ), log[-4000:]
    assert "Traceback" not in log, log[-4000:]
    assert "Spider error processing" not in log, log[-4000:]
    assert "raised an error in the spider" not in log, log[-4000:]
    assert "recorded in pressbot:crawl" not in log, log[-4000:]
    assert stats["pressbot/failed"] in ("redis_unavailable", "dedup_state_error")
    assert not any(str(k).startswith("spider_exceptions/") for k in stats), stats


def test_a_request_failing_after_redis_is_lost_is_not_called_recorded(
    tmp_path: Path, site: td.Site, redis: RedisServer
) -> None:
    """The failed-request line said "recorded in <site>:failed" before it tried, and also when
    Redis was gone."""
    broken = "/" + site.broken
    code, log, _ = _crawl_losing_redis(tmp_path, site, redis, broken, {"RETRY_TIMES": "0"})
    assert code != 0, log[-4000:]
    lines = [line for line in log.splitlines() if "Request failed: " in line]
    assert lines, log[-4000:]
    assert all("could not be recorded in pressbot:crawl:synd:failed" in x for x in lines), lines


def test_an_empty_redis_for_a_site_that_ran_before_is_said_loudly(
    tmp_path: Path, site: td.Site, redis: RedisServer
) -> None:
    """Another database number (a typo), another prefix, or a Redis that lost its data: every
    article counts as new and is published again. SQLite said so for a new state file; Redis
    republished the whole site without a word. The URL is named without its password."""
    output = {
        "PRESSBOT_OUTPUT_DIR": str(tmp_path / "output"),
        "RETRY_TIMES": "0",
        "PRESSBOT_MAX_ERROR_RATE": "1",  # (the broken article, asked for again: not tested here)
    }

    def run(base_url: str, name: str, redis_url: str) -> tuple[str, dict[str, object]]:
        out = tmp_path / name
        command = td._crawl_command(base_url, site, redis_url, out, output)
        code = td._start(command, out).wait(timeout=TIMEOUT)
        assert code == 0, td._log(out)[-4000:]
        return td._log(out), json.loads((out / "stats.json").read_text("utf-8"))

    for served in td._serve(site, delay=0.0):
        first_log, first = run(served.base_url, "first", redis.url)
        td._redis_client(redis.url).config_set("requirepass", "s3cret")
        host = redis.url.removeprefix("redis://").rsplit("/", 1)[0]
        other_log, other = run(served.base_url, "other-db", f"redis://:s3cret@{host}/1")
        again_log, again = run(served.base_url, "again", f"redis://:s3cret@{host}/0")
    assert "is new, but" not in first_log, "a first run is no surprise"
    assert "pressbot/dedup/new_state" not in first
    said = f"Dedup state redis://:***@{host}/1 (keys pressbot:dedup:*) is new, but synd has run"
    assert other_log.count(said) == 1, other_log[-4000:]
    assert "PRESSBOT_REDIS_URL (host, port, database number)" in other_log
    assert "s3cret" not in other_log
    assert other["pressbot/dedup/new_state"] == 1
    assert other["pressbot/published"] == first["pressbot/published"]
    assert "is new, but" not in again_log, "the state of the earlier runs"
    assert "pressbot/dedup/new_state" not in again
    assert "does not know" not in again_log, "it knows the latest feed's records"
    assert "pressbot/dedup/state_forgot_last_feed" not in again
