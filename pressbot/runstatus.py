"""`pressbot health`: each site's latest run as a monitor needs it, from `last-run.json`.

A monitor asks per site: did the latest run finish, was it healthy, how long ago, what did it
publish, and when did the site last crawl well. The crawl keeps all of it in
`<output>/<site>/last-run.json`; this reads it (never the crawl's other files, never the state)
and says so in one line per site, or one JSON object per line with `--json`. A run still marked
"running" whose process is gone was killed. Exit status 0 when every site's latest run is
healthy (or running) and, with `--max-age`, its last healthy run recent enough; 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from pressbot.health import LAST_RUN, last_healthy, parse_time, read_last_run
from pressbot.lifeline import running_pid
from pressbot.manifest import FEED_SUFFIX, PART_SUFFIX, run_of, site_feeds, try_lock

_AGE = re.compile(r"^(\d+)([mhd])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days"}


def _max_age(value: str) -> timedelta:
    match = _AGE.match(value.strip())
    if not match or not int(match[1]):
        raise argparse.ArgumentTypeError(f"not an age: {value!r} (use 90m, 2h or 7d)")
    return timedelta(**{_UNITS[match[2]]: int(match[1])})


def add_parser(sub: Any) -> None:
    """Register `health` on the `pressbot` command's subparsers."""
    h = sub.add_parser("health", help="each site's latest crawl: healthy, when, what it did")
    h.add_argument("sites", nargs="*", help="sites to report (default: every site in --output)")
    h.add_argument("--output", default="output", help="PRESSBOT_OUTPUT_DIR (default: output)")
    h.add_argument(
        "--max-age",
        type=_max_age,
        help="also fail a site whose last healthy run finished longer ago (90m, 2h, 7d)",
    )
    h.add_argument("--json", action="store_true", help="one JSON object per site and line")
    h.set_defaults(func=cmd_health)


def _age(value: Any, now: datetime) -> int | None:
    moment = parse_time(value)
    return None if moment is None else int((now - moment).total_seconds())


def site_status(
    output: Path, site: str, now: datetime, max_age: timedelta | None = None
) -> dict[str, Any]:
    """The site's latest run for a monitor; `ok` is what the exit status sums up."""
    last = read_last_run(output / site)
    if not last:
        return {"site": site, "state": "no run", "ok": False, "problems": [f"no {LAST_RUN}"]}
    run = last.get("run")
    summary = last.get("summary") if isinstance(last.get("summary"), dict) else {}
    # (while a run runs, `summary` is the last finished run's)
    healthy = last_healthy(summary)
    status: dict[str, Any] = {"site": site, "run": run, "problems": []}
    if last.get("status") == "running":
        alive = isinstance(run, str) and (
            running_pid(run) is not None or _writing(output / site, site, run)
        )
        status["state"] = "running" if alive else "killed"
        if status["state"] == "killed":
            status["problems"] = [f"run {run} was killed: it never finished"]
    else:
        status["state"] = "healthy" if summary.get("healthy") is True else "UNHEALTHY"
        status["problems"] = [p for p in summary.get("problems") or () if isinstance(p, str)]
        status["finished_at"] = summary.get("finished_at")
        status["age_seconds"] = _age(summary.get("finished_at"), now)
        for key in ("articles_published", "articles_found", "error_rate"):
            status[key] = summary.get(key)
    if healthy is not None:
        healthy["age_seconds"] = _age(healthy.get("finished_at"), now)
    status["last_healthy"] = healthy
    ok = status["state"] in ("healthy", "running")
    if max_age is not None:
        age = healthy.get("age_seconds") if healthy else None
        if age is None or age > max_age.total_seconds():
            ok = False
            status["problems"].append(
                "no healthy run yet"
                if healthy is None
                else f"last healthy run {healthy['run']} finished {_span(age)} ago "
                f"(more than {_span(int(max_age.total_seconds()))})"
            )
    status["ok"] = ok
    return status


def _writing(site_dir: Path, site: str, run: str) -> bool:
    """Whether a process holds the lock on `run`'s `.part` feed: a crawl whose pid this host
    cannot see (another container sharing the folder) is running, as the crawl's recovery reads
    it. (A lock taken here is let go at once.)"""
    for part in site_feeds(site_dir, site, FEED_SUFFIX + PART_SUFFIX):
        if run_of(part) != run:
            continue
        try:
            fd = os.open(part, os.O_RDONLY)
        except OSError:
            continue
        try:
            if not try_lock(fd):
                return True
        finally:
            os.close(fd)
    return False


def _span(seconds: int | None) -> str:
    """3725 -> "1h02m"; 90 -> "1m"."""
    if seconds is None:
        return "?"
    minutes = max(seconds, 0) // 60
    if minutes < 60:
        return f"{minutes}m"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m" if hours < 48 else f"{hours // 24}d"


def _line(status: dict[str, Any]) -> str:
    parts = [status["site"], status["state"]]
    if status.get("run"):
        parts.append(f"run {status['run']}")
    if status.get("finished_at"):
        parts.append(f"finished {status['finished_at']} ({_span(status['age_seconds'])} ago)")
    if isinstance(status.get("articles_published"), int):
        parts.append(
            f"{status['articles_published']} published of {status.get('articles_found')} "
            f"article links, error rate {status.get('error_rate') or 0:.0%}"
        )
    healthy = status.get("last_healthy")
    if status["state"] not in ("healthy", "no run"):
        parts.append(
            f"last healthy {healthy['run']} ({_span(healthy['age_seconds'])} ago)"
            if healthy
            else "no healthy run yet"
        )
    if status["problems"]:
        parts.append("problems: " + "; ".join(status["problems"]))
    return "  ".join(parts)


def cmd_health(args: argparse.Namespace) -> int:
    output = Path(args.output)
    sites = args.sites or sorted(p.parent.name for p in output.glob(f"*/{LAST_RUN}"))
    if not sites:
        print(f"pressbot health: no site has run in {output} (no */{LAST_RUN})", flush=True)
        return 1
    now = datetime.now(UTC)
    statuses = [site_status(output, site, now, args.max_age) for site in sites]
    for status in statuses:
        print(json.dumps(status, ensure_ascii=False) if args.json else _line(status))
    return 0 if all(status["ok"] for status in statuses) else 1
