"""Ctrl-C and SIGTERM at the edges of a crawl: as the spider opens, and after the summary.

Each crawl is a real `scrapy crawl` process; the tests find the moment to signal it from what
Linux shows of it (`/proc/locks`: a lock it waits for; `/proc/<pid>/status`: its pending and
caught signals) and from the files it writes, never from a fixed sleep.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CRAWL_TIMEOUT, DEMO, REPO, crawl_command, crawl_env

from pressbot.localserver import Reply, RequestLog, serve_directory

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/status").exists(), reason="reads signal state from Linux's /proc"
)


def _crawl(base_url: str, tmp_path: Path) -> subprocess.Popen[bytes]:
    settings = {
        "PRESSBOT_OUTPUT_DIR": str(tmp_path / "output"),
        "PRESSBOT_STATE_PATH": str(tmp_path / "state.sqlite3"),
        "AUTOTHROTTLE_ENABLED": "False",
        "LOG_LEVEL": "INFO",
    }
    command = crawl_command(["site=demo", f"base_url={base_url}"], settings)
    env = crawl_env()
    with (tmp_path / "crawl.log").open("wb") as log:
        return subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=log)


def _log(tmp_path: Path) -> str:
    return (tmp_path / "crawl.log").read_text(encoding="utf-8", errors="replace")


def _wait(
    condition: Callable[[], bool], what: str, process: subprocess.Popen[bytes], tmp_path: Path
) -> None:
    deadline = time.monotonic() + CRAWL_TIMEOUT
    while not condition():
        if process.poll() is not None and not condition():
            log = _log(tmp_path)[-3000:]
            pytest.fail(f"the crawl ended (exit {process.returncode}) before {what}:\n{log}")
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting until {what}:\n{_log(tmp_path)[-3000:]}")
        time.sleep(0.005)


def _signal_mask(pid: int, field: str) -> int:
    """One of the signal masks in /proc/<pid>/status (SigPnd, ShdPnd, SigIgn, SigCgt); 0 once
    the process is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1], 16)
    return 0


def _pending(pid: int, signum: int) -> bool:
    bit = 1 << (signum - 1)
    return bool((_signal_mask(pid, "SigPnd") | _signal_mask(pid, "ShdPnd")) & bit)


def _caught(pid: int, signum: int) -> bool:
    """Whether process `pid` has a handler of its own for `signum` (neither default nor
    ignored)."""
    return bool(_signal_mask(pid, "SigCgt") & 1 << (signum - 1))


def _waits_for_lock(pid: int, path: Path) -> bool:
    """Whether process `pid` is blocked waiting for a lock on `path` (a `->` line of
    /proc/locks names the waiter's pid and the file's inode)."""
    inode = f":{path.stat().st_ino} "
    locks = Path("/proc/locks").read_text(encoding="ascii").splitlines()
    return any("->" in line and f" {pid} " in line and inode in line for line in locks)


def _last_status(output: Path) -> str | None:
    """The status in the site's last-run.json; None before the run has written one."""
    try:
        return json.loads((output / "demo" / "last-run.json").read_text(encoding="utf-8"))["status"]
    except (OSError, ValueError):
        return None


def _summary(output: Path) -> tuple[str | None, list[str]]:
    """The status in the site's last-run.json and the problems in the run's health.json."""
    (health,) = (output / "demo").rglob("*.health.json")
    return _last_status(output), json.loads(health.read_text(encoding="utf-8"))["problems"]


def test_sigterm_as_the_spider_opens_stops_the_run_like_any_sigterm(
    tmp_path: Path, demo_base_url: str
) -> None:
    """SIGTERM between the spider's opening and its engine's start (here while the feed salvage
    waits for the manifest's lock) ended the process with no summary and `last-run.json` left
    "running" (exit status 3 only because the health check marks a run unhealthy as it opens):
    Scrapy's stop does nothing to an engine that is not running yet, and the process stopped its
    reactor with the crawl half started."""
    output = tmp_path / "output"
    (output / "demo").mkdir(parents=True)
    manifest = output / "manifest.ndjson"
    with manifest.open("ab") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        process = _crawl(demo_base_url, tmp_path)
        try:
            _wait(
                lambda: _waits_for_lock(process.pid, manifest),
                "the crawl waits for the manifest's lock",
                process,
                tmp_path,
            )
            process.send_signal(signal.SIGTERM)
            _wait(
                lambda: not _pending(process.pid, signal.SIGTERM),
                "the crawl has received SIGTERM",
                process,
                tmp_path,
            )
        finally:
            fcntl.flock(held, fcntl.LOCK_UN)
        try:
            status = process.wait(timeout=CRAWL_TIMEOUT)
        finally:
            process.kill()
            process.wait()
    log = _log(tmp_path)
    assert status == 3, log[-3000:]
    assert "Closing spider (shutdown)" in log, log[-3000:]
    assert _summary(output) == ("shutdown", ["the run did not finish (reason: shutdown)"])


def test_a_second_ctrl_c_after_the_summary_keeps_the_exit_status(tmp_path: Path) -> None:
    """A second Ctrl-C after the summary was written, while the process exited, killed it by
    SIGINT (exit status -2): Python puts the default handlers back as it tears the interpreter
    down. The run had stopped and said so; it exits with the status its summary decided."""
    held = "/news/2020/06/article-10.html"
    release = threading.Event()
    page = (DEMO / "site" / held.lstrip("/")).read_bytes()
    html = {"Content-Type": "text/html; charset=utf-8"}
    reply = Reply(200, html, page, delay=CRAWL_TIMEOUT, release=release)
    requests = RequestLog()
    output = tmp_path / "output"
    try:
        with serve_directory(DEMO / "site", extra={held: reply}, log=requests) as base:
            process = _crawl(base, tmp_path)
            try:
                _wait(
                    lambda: requests.count(held) == 1,
                    "the held page is asked for",
                    process,
                    tmp_path,
                )
                process.send_signal(signal.SIGINT)
                _wait(
                    lambda: "Received SIGINT, shutting down" in _log(tmp_path),
                    "the crawl shuts down",
                    process,
                    tmp_path,
                )
                release.set()
                _wait(
                    lambda: _last_status(output) not in (None, "running"),
                    "the summary is written",
                    process,
                    tmp_path,
                )
                _wait(
                    lambda: not _caught(process.pid, signal.SIGINT),
                    "the crawl no longer handles SIGINT (it exits)",
                    process,
                    tmp_path,
                )
                with contextlib.suppress(ProcessLookupError):
                    process.send_signal(signal.SIGINT)
                status = process.wait(timeout=CRAWL_TIMEOUT)
            finally:
                process.kill()
                process.wait()
    finally:
        release.set()
    assert status == 3, _log(tmp_path)[-3000:]
    assert _summary(output) == ("shutdown", ["the run did not finish (reason: shutdown)"])
