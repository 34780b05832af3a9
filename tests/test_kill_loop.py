"""SIGKILL at random points of a crawl, again and again: across all restarts every article is
published exactly once, and no published file holds a torn or invalid line.

The demo site is served with every article answer delayed, so each kill lands somewhere in the
middle: before the first article, between dedup check and feed write, during the feed rename.
Each restart uses the same JOBDIR, dedup state and output folder; a last run goes to the end.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import DEMO, REPO

from pressbot.localserver import Reply, serve_directory
from pressbot.schema import record_errors

KILLS = 6
SYNDICATED_COPY = "news/2020/06/article-07.html"


def _article_replies() -> dict[str, Reply]:
    site = DEMO / "site"
    return {
        "/" + str(page.relative_to(site)): Reply(
            200, {"Content-Type": "text/html; charset=utf-8"}, page.read_bytes(), delay=0.12
        )
        for page in site.glob("news/20*/*/*.html")
    }


def _crawl(base: str, tmp_path: Path, stderr: int = subprocess.DEVNULL) -> subprocess.Popen[bytes]:
    settings = {
        "PRESSBOT_OUTPUT_DIR": str(tmp_path / "output"),
        "PRESSBOT_STATE_PATH": str(tmp_path / "state.sqlite3"),
        "JOBDIR": str(tmp_path / "job"),
        "AUTOTHROTTLE_ENABLED": "False",
        "CONCURRENT_REQUESTS": "2",
        "LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, "-m", "scrapy", "crawl", "press", "-a", "site=demo"]
    command += ["-a", f"base_url={base}"]
    for name, value in settings.items():
        command += ["-s", f"{name}={value}"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCRAPY_")}
    return subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=stderr)


def test_repeated_sigkill_publishes_every_article_exactly_once(tmp_path: Path) -> None:
    rng = random.Random(20261129)
    expected = {
        json.loads(p.read_text(encoding="utf-8"))["url_path"]
        for p in (DEMO / "expected").glob("*.json")
    } - {SYNDICATED_COPY}
    with serve_directory(DEMO / "site", extra=_article_replies()) as base:
        for _ in range(KILLS):
            process = _crawl(base, tmp_path)
            time.sleep(rng.uniform(0.4, 2.0))
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=60)
        last = _crawl(base, tmp_path, stderr=subprocess.PIPE)
        _, stderr = last.communicate(timeout=300)
        assert last.returncode == 0, stderr.decode(errors="replace")[-3000:]

    output = tmp_path / "output"
    assert not list(output.rglob("*.part")), "the last run salvages every killed run's feed"
    published: list[str] = []
    for feed in sorted(output.rglob("*.jsonl")):
        for number, line in enumerate(feed.read_bytes().split(b"\n")[:-1], 1):
            record = json.loads(line)
            assert not list(record_errors(record)), f"{feed}:{number}"
            published.append(record["url"].removeprefix(base))
        assert feed.read_bytes().endswith(b"\n"), f"{feed} ends in a torn line"
    assert sorted(published) == sorted(expected), (
        f"published {sorted(published)}\nexpected {sorted(expected)}"
    )
