"""JOBDIR that survives `kill -9`: resume a paused job, start over after a killed or finished one.

Scrapy writes the state of its disk queue (`requests.queue/**/info.json`, `active.json`) only on
a clean close, and its seen-requests file (`requests.seen`) through a buffer. After a SIGKILL the
queue files disagree with their state (a restart would read stale or torn requests) and the seen
file names requests that were queued but never fetched (a restart would skip them for good). So
this extension keeps `pressbot-job.json` in the job folder, "running" while a crawl uses it:

- last crawl paused (Ctrl-C, SIGTERM, a CLOSESPIDER limit): its queue and seen file are whole,
  and the crawl resumes from them, as Scrapy documents; unless a queue file turns out damaged
  (torn, truncated, edited): Scrapy trusts it, and a torn record crashes the scheduler or makes
  the engine fail on every pop and never stop, so queue and seen file are discarded and the crawl
  starts from its start pages;
- last crawl killed ("running" left behind, or no readable `pressbot-job.json` next to Scrapy's
  files): queue and seen file are discarded; the crawl starts from its start pages again, and the
  dedup state and the salvaged feed of the killed run (`pipelines.feeds.FeedRecovery`) keep
  anything it published from being fetched or published twice;
- last crawl finished: the job is done; the same folder starts a new job (so one JOBDIR can
  serve an hourly cron line), without the last job's seen requests.

Built before the scheduler opens the job folder (extensions are built with the crawler's
settings; the scheduler when the engine opens the spider).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import struct
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.pqueues import DownloaderAwarePriorityQueue
from scrapy.utils.job import job_dir
from scrapy.utils.misc import load_object

from pressbot.health import write_json
from pressbot.lifeline import running_pid
from pressbot.plan import SettingError

logger = logging.getLogger(__name__)
STATE_FILE = "pressbot-job.json"
_SCRAPY_STATE = ("requests.queue", "requests.seen")
_RECORD_SIZE = struct.Struct(">L")  # queuelib's disk queues frame each record with its size
_SQLITE_MAGIC = b"SQLite format 3\x00"


class JobDirGuard:
    crawler: Crawler

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        folder = job_dir(crawler.settings)
        if not folder:
            raise NotConfigured
        guard = cls(Path(folder))
        guard.crawler = crawler
        spider = crawler.spider
        plan = getattr(spider, "plan", None)
        guard.prepare(getattr(spider, "run_id", None), plan.feed_site if plan else None)
        crawler.signals.connect(guard.spider_closed, signal=signals.spider_closed)
        return guard

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads((self.folder / STATE_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def prepare(self, run: str | None, site: str | None = None) -> None:
        last = self._read()
        status = last.get("status")
        pid = running_pid(str(last.get("run"))) if status == "running" else None
        if pid is not None:  # (its queue is in use: discarding it would break that crawl)
            raise SettingError(
                f"JOBDIR {self.folder} is in use by run {last.get('run')} (pid {pid}), which is "
                "still running; give each crawl a JOBDIR of its own"
            )
        if status == "running":
            self._discard_killed(f"run {last.get('run')} did not stop cleanly (killed?)")
        elif not status and self._has_scrapy_state():
            self._discard_killed(
                f"{STATE_FILE} is missing or unreadable but Scrapy's request queue or seen file "
                "is there, so the last run is taken as killed"
            )
        elif status == "finished":
            logger.info(
                "JOBDIR %s: run %s finished; starting a new job", self.folder, last.get("run")
            )
            self._discard()
        elif status:
            _check_same_site(self.folder, last, site)
            self._resume(last)
        self._write(
            {
                "run": run,
                "site": site,
                "status": "running",
                "resumes": last.get("run") if status else None,
            }
        )

    def _has_scrapy_state(self) -> bool:
        return any((self.folder / name).exists() for name in _SCRAPY_STATE)

    def _discard_killed(self, why: str) -> None:
        """A killed run's queue is torn and its seen file names requests it never fetched."""
        logger.warning(
            "JOBDIR %s: %s; its request queue is discarded and the crawl starts from its start "
            "pages",
            self.folder,
            why,
        )
        self._discard()
        self.crawler.stats.set_value("pressbot/jobdir/discarded_killed", 1)

    def _resume(self, last: dict[str, Any]) -> None:
        """Resume a paused run, unless its queue cannot be read back."""
        problem = _queue_problem(self.folder / "requests.queue", self._queue_by_slot())
        if problem:
            logger.warning(
                "JOBDIR %s: the request queue of paused run %s is damaged (%s); it is discarded "
                "with the seen requests, and the crawl starts from its start pages",
                self.folder,
                last.get("run"),
                problem,
            )
            self._discard()
            self.crawler.stats.set_value("pressbot/jobdir/discarded_damaged", 1)
            return
        logger.info(
            "JOBDIR %s: resuming run %s (stopped: %s)", self.folder, last.get("run"), last["status"]
        )
        self.crawler.stats.set_value("pressbot/jobdir/resumed", 1)

    def _queue_by_slot(self) -> bool:
        """Scrapy's default priority queue keeps its priorities per download slot; the plain one
        in a list. Each fails to open the other's `active.json`."""
        queue_class = load_object(self.crawler.settings["SCHEDULER_PRIORITY_QUEUE"])
        return issubclass(queue_class, DownloaderAwarePriorityQueue)

    def _discard(self) -> None:
        for name in _SCRAPY_STATE:
            path = self.folder / name
            if path.is_dir():
                shutil.rmtree(path)
            elif path.exists():
                path.unlink()

    def _write(self, data: dict[str, Any]) -> None:
        write_json(
            self.folder / STATE_FILE,
            {**data, "updated_at": datetime.now(UTC).isoformat(timespec="seconds")},
        )

    def spider_closed(self, spider: Spider, reason: str) -> None:
        current = self._read()
        self._write({**current, "status": reason})


def _check_same_site(folder: Path, last: dict[str, Any], site: str | None) -> None:
    """A paused queue is resumed only by a crawl of its own site: another site's spider would
    fetch those requests with its own config and publish them in its own feed (two configs of
    one host: both pass the offsite check). Refused, not discarded: the paused crawl can still
    be resumed. A state written before the site was kept names none and is trusted."""
    paused = last.get("site")
    if isinstance(paused, str) and site is not None and paused != site:
        raise SettingError(
            f"JOBDIR {folder} holds the paused crawl of site {paused} (run {last.get('run')}), "
            f"not of {site}: resume it with that site, or give this crawl a JOBDIR of its own"
        )


def _queue_problem(queue: Path, by_slot: bool) -> str | None:
    """What makes Scrapy's disk queue in `queue` unreadable, or None if it reads back whole.

    Checks `active.json` and every queue on disk (a superset of those `active.json` lists: Scrapy
    reopens an unlisted one when it pushes to its slot and priority again), record framing only.
    """
    active = queue / "active.json"
    try:
        state = json.loads(active.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return f"{active} is missing"
    except (OSError, ValueError) as exc:
        return f"{active} is not JSON: {exc}"
    if not _active_shape(state, by_slot):
        return f"{active} does not hold the queue's priorities"
    for path in sorted(queue.rglob("*")):
        if _priority_name(path.name):
            problem = _fifo_problem(path) if path.is_dir() else _lifo_problem(path)
            if problem:
                return problem
    return None


def _active_shape(state: Any, by_slot: bool) -> bool:
    if by_slot:
        return isinstance(state, dict) and all(_priorities(p) for p in state.values())
    return _priorities(state)


def _priorities(value: Any) -> bool:
    return isinstance(value, list) and all(type(p) is int for p in value)


def _priority_name(name: str) -> bool:
    """Queues are named by priority (`-5`, `0`), start-request queues with an `s` (`0s`)."""
    return name.removeprefix("-").removesuffix("s").isdigit()


def _counters(value: Any, length: int) -> bool:
    return (
        isinstance(value, list)
        and len(value) == length
        and all(type(n) is int and n >= 0 for n in value)
    )


def _fifo_problem(folder: Path) -> str | None:
    """queuelib's FifoDiskQueue: `info.json` says where the unread records start (tail) and end
    (head) across chunk files `q00000`, `q00001`... of `chunksize` records each."""
    info_path = folder / "info.json"
    try:
        info = json.loads(info_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return f"{info_path} is unreadable: {exc}"
    if not (
        isinstance(info, dict)
        and _counters([info.get("chunksize"), info.get("size")], 2)
        and info["chunksize"] > 0
        and _counters(info.get("tail"), 3)
        and _counters(info.get("head"), 2)
    ):
        return f"{info_path} is not a queue state"
    tail_chunk, tail_count, tail_offset = info["tail"]
    head_chunk, head_count = info["head"]
    found = 0
    for number in range(tail_chunk, head_chunk + 1):
        first = tail_count if number == tail_chunk else 0
        last = head_count if number == head_chunk else info["chunksize"]
        start = tail_offset if number == tail_chunk else 0
        problem = _chunk_problem(folder / f"q{number:05d}", start, last - first)
        if problem:
            return problem
        found += last - first
    if found != info["size"]:
        return f"{info_path} counts {info['size']} requests, its chunks hold {found}"
    return None


def _chunk_problem(chunk: Path, offset: int, records: int) -> str | None:
    """Whether `records` size-prefixed records fill `chunk` from `offset` exactly to its end."""
    if records < 0:
        return f"{chunk}: its queue state reads past its last request"
    try:
        with chunk.open("rb") as file:
            end = os.fstat(file.fileno()).st_size
            for _ in range(records):
                if offset + _RECORD_SIZE.size > end:
                    return f"{chunk} is cut short"
                file.seek(offset)
                offset += _RECORD_SIZE.size + _RECORD_SIZE.unpack(file.read(_RECORD_SIZE.size))[0]
    except FileNotFoundError:
        return None if records == 0 else f"{chunk} is missing"
    except OSError as exc:
        return f"{chunk} is unreadable: {exc}"
    return _leftover(chunk, offset - end)


def _lifo_problem(path: Path) -> str | None:
    """queuelib's LifoDiskQueue: a record count, then records each followed by its size (read
    from the end). SQLite queues keep their own pages whole and are left to SQLite."""
    size = _RECORD_SIZE.size
    try:
        with path.open("rb") as file:
            head = file.read(len(_SQLITE_MAGIC))
            if head == _SQLITE_MAGIC:
                return None
            if len(head) < size:
                return f"{path} is cut short"
            offset = os.fstat(file.fileno()).st_size
            for _ in range(_RECORD_SIZE.unpack(head[:size])[0]):
                if offset < 2 * size:
                    return f"{path} is cut short"
                file.seek(offset - size)
                offset -= size + _RECORD_SIZE.unpack(file.read(size))[0]
    except OSError as exc:
        return f"{path} is unreadable: {exc}"
    return _leftover(path, size - offset)


def _leftover(path: Path, overshoot: int) -> str | None:
    """Framing that ends past the file means a cut; one that ends short, bytes no request owns."""
    if overshoot > 0:
        return f"{path} is cut short"
    if overshoot < 0:
        return f"{path} has {-overshoot} bytes that belong to no request"
    return None
