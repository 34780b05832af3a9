"""Shared test fixtures: real `scrapy crawl` subprocesses against a loopback server.

Nothing here mocks Scrapy or touches the public web: sites are served from 127.0.0.1 on an
ephemeral port (`pressbot.localserver`), and each crawl is the real command line, run from the
repository root the way cron or scrapyd would run it.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from pressbot.dedup.testing import RedisServer, redis_server
from pressbot.lifeline import alive
from pressbot.localserver import serve_directory

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "fixtures" / "demo"
CRAWL_TIMEOUT = 120

# The suite draws the same hypothesis examples every run (a seed per test), so a red run is
# the code's doing and replays as it failed; `--hypothesis-profile=explore` (which pytest's
# hypothesis plugin loads after this file) draws new ones each run, to look for what the fixed
# draws miss. (Loaded before the test modules build their own `settings(...)`, which take the
# rest from it.)
settings.register_profile("fixed", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile("fixed")

# A suite started in the background by a non-interactive shell (`pytest &`, a CI step) has
# SIGINT ignored, and every command a test starts would inherit that: Python leaves an ignored
# SIGINT ignored, so the tests that press Ctrl-C on a command would see it run to its end.
# Commands here start with SIGINT as a terminal gives it.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


@dataclass
class Crawl:
    """One finished `scrapy crawl press` run and everything it left behind."""

    returncode: int
    log: str
    stats: dict[str, Any]
    output_dir: Path
    state_path: Path

    def feed_files(self) -> list[Path]:
        return sorted(self.output_dir.rglob("*.jsonl"))

    def part_files(self) -> list[Path]:
        return sorted(self.output_dir.rglob("*.part"))

    def records(self) -> list[dict[str, Any]]:
        """Every published record; a torn or invalid line fails here, naming file and line."""
        records = []
        for path in self.feed_files():
            raw = path.read_bytes()
            assert not raw or raw.endswith(b"\n"), f"{path}: last line is not terminated"
            for number, line in enumerate(raw.decode("utf-8").splitlines(), 1):
                try:
                    records.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    pytest.fail(f"{path}:{number}: not a JSON line ({exc}): {line[:200]!r}")
        return records

    def dropped(self) -> dict[str, int]:
        prefix = "pressbot/dropped/"
        return {k[len(prefix) :]: v for k, v in self.stats.items() if k.startswith(prefix)}

    def describe(self) -> str:
        return f"exit {self.returncode}; log tail:\n{self.log[-4000:]}"


CrawlRunner = Callable[..., Crawl]


def crawl_command(spider_args: Iterable[str], settings: Mapping[str, str]) -> list[str]:
    """`scrapy crawl press` with `-a` spider arguments and `-s` settings, in this Python. With
    -W error: a deprecated Scrapy API in our spider or pipelines fails the crawl tests too."""
    command = [sys.executable, "-W", "error", "-m", "scrapy", "crawl", "press"]
    for arg in spider_args:
        command += ["-a", arg]
    for name, value in settings.items():
        command += ["-s", f"{name}={value}"]
    return command


def crawl_env() -> dict[str, str]:
    """This environment without Scrapy's own variables, which would point a crawl elsewhere."""
    return {k: v for k, v in os.environ.items() if not k.startswith("SCRAPY_")}


@pytest.fixture
def crawl(tmp_path: Path) -> CrawlRunner:
    """Run `python -m scrapy crawl press <args>` with output, state and stats under tmp_path.

    Calls share the state file, so a second call is a second scheduled run. AutoThrottle is off:
    a loopback server needs no politeness, and its start delay would dominate the test time.
    """
    output_dir = tmp_path / "output"
    state_path = tmp_path / "state" / "pressbot.sqlite3"
    runs = iter(range(1, 1000))

    def run(*spider_args: str, settings: dict[str, str] | None = None) -> Crawl:
        stats_path = tmp_path / f"stats-{next(runs)}.json"
        all_settings = {
            "PRESSBOT_OUTPUT_DIR": str(output_dir),
            "PRESSBOT_STATE_PATH": str(state_path),
            "PRESSBOT_STATS_PATH": str(stats_path),
            "AUTOTHROTTLE_ENABLED": "False",
            "LOG_LEVEL": "INFO",
            **(settings or {}),
        }
        done = subprocess.run(
            crawl_command(spider_args, all_settings),
            cwd=REPO,
            env=crawl_env(),
            capture_output=True,
            text=True,
            timeout=CRAWL_TIMEOUT,
            check=False,
        )
        stats = json.loads(stats_path.read_text(encoding="utf-8")) if stats_path.exists() else {}
        return Crawl(done.returncode, done.stdout + done.stderr, stats, output_dir, state_path)

    return run


@pytest.fixture(scope="session")
def demo_base_url() -> Iterator[str]:
    """fixtures/demo/site served over HTTP on 127.0.0.1."""
    site = DEMO / "site"
    assert site.is_dir(), f"{site} is missing: the demo site fixture has not been written"
    with serve_directory(site) as base_url:
        yield base_url


def require_redis_server() -> None:
    """Skip a Redis test where `redis-server` is missing; fail it under CI (`CI=true`), where
    `.ci/run` installs it, so that it is never skipped unseen."""
    if shutil.which("redis-server") is None:
        message = "redis-server is not installed (.ci/run installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def require_distributed() -> None:
    """A distributed crawl's test needs `redis-server` and scrapy-redis."""
    require_redis_server()
    pytest.importorskip("scrapy_redis")


@pytest.fixture
def redis(tmp_path: Path) -> Iterator[RedisServer]:
    """A `redis-server` of the test's own, for distributed crawls."""
    require_distributed()
    with redis_server(tmp_path / "redis") as server:
        yield server


def wait_gone(pids: list[int], seconds: float = 15.0) -> list[int]:
    """The processes among `pids` still alive after up to `seconds` (worker lifelines check
    their owner once a second)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        left = [pid for pid in pids if alive(pid)]
        if not left:
            return []
        time.sleep(0.2)
    return left
