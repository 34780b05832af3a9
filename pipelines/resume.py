"""JOBDIR that survives `kill -9`: resume a paused job, start over after a killed or finished one.

Scrapy writes the state of its disk queue (`requests.queue/**/info.json`, `active.json`) only on
a clean close, and its seen-requests file (`requests.seen`) through a buffer. After a SIGKILL the
queue files disagree with their state (a restart would read stale or torn requests) and the seen
file names requests that were queued but never fetched (a restart would skip them for good). So
this extension keeps `pressbot-job.json` in the job folder, "running" while a crawl uses it:

- last crawl paused (Ctrl-C, SIGTERM, a CLOSESPIDER limit): its queue and seen file are whole,
  and the crawl resumes from them, as Scrapy documents;
- last crawl killed ("running" left behind): queue and seen file are discarded; the crawl starts
  from its start pages again, and the dedup state and the salvaged feed of the killed run
  (`pipelines.feeds.FeedRecovery`) keep anything it published from being fetched or published
  twice;
- last crawl finished: the job is done; the same folder starts a new job (so one JOBDIR can
  serve an hourly cron line), without the last job's seen requests.

Built before the scheduler opens the job folder (extensions are built with the crawler's
settings; the scheduler when the engine opens the spider).
"""

from __future__ import annotations

import json
import logging
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.job import job_dir

from pressbot.health import write_json

logger = logging.getLogger(__name__)
STATE_FILE = "pressbot-job.json"
_SCRAPY_STATE = ("requests.queue", "requests.seen")


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
        guard.prepare(getattr(crawler.spider, "run_id", None))
        crawler.signals.connect(guard.spider_closed, signal=signals.spider_closed)
        return guard

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads((self.folder / STATE_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def prepare(self, run: str | None) -> None:
        last = self._read()
        status = last.get("status")
        stats = self.crawler.stats
        if status == "running":
            logger.warning(
                "JOBDIR %s: run %s did not stop cleanly (killed?); its request queue is "
                "discarded and the crawl starts from its start pages",
                self.folder,
                last.get("run"),
            )
            self._discard()
            stats.set_value("pressbot/jobdir/discarded_killed", 1)
        elif status == "finished":
            logger.info(
                "JOBDIR %s: run %s finished; starting a new job", self.folder, last.get("run")
            )
            self._discard()
        elif status:
            logger.info(
                "JOBDIR %s: resuming run %s (stopped: %s)", self.folder, last.get("run"), status
            )
            stats.set_value("pressbot/jobdir/resumed", 1)
        self._write(
            {"run": run, "status": "running", "resumes": last.get("run") if status else None}
        )

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
