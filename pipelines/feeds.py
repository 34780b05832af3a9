"""Publishing: feed file names per run, and a storage that makes a file visible only when complete.

A consumer polling the output folder must never read half a file, and a crash must never leave a
torn line in a published file. So the feed is written to `<final>.part`, and on close it is
flushed, fsynced and renamed (`os.replace`, atomic on POSIX) to its final name; a killed crawl
leaves only the `.part` file behind. Run ids are unique (UTC start time plus pid), so a final
name is never reused and the storage always writes a fresh file.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

PART_SUFFIX = ".part"
_RUN_ID = re.compile(r"^(\d{4})(\d{2})(\d{2})T\d{6}Z")


def new_run_id(now: datetime | None = None, pid: int | None = None) -> str:
    """UTC start time plus pid: sortable, and unique for runs started in the same second.

    >>> new_run_id(datetime(2026, 11, 29, 7, 36, 59, tzinfo=UTC), 4242)
    '20261129T073659Z-4242'
    """
    now = now or datetime.now(UTC)
    return f"{now.astimezone(UTC):%Y%m%dT%H%M%SZ}-{os.getpid() if pid is None else pid}"


def run_date(run_id: str) -> str:
    """The UTC date a run started, as the feed folder name.

    >>> run_date("20261129T073659Z-4242")
    '2026-11-29'
    """
    match = _RUN_ID.match(run_id)
    if not match:
        raise ValueError(f"not a run id: {run_id!r}")
    return "-".join(match.groups())


def uri_params(params: dict[str, Any], spider: Any) -> dict[str, Any]:
    """FEED_URI_PARAMS: add `output_dir`, `site`, `date` and `run` to the feed URI template.

    The spider owns the run id (`spider.run_id`), so every feed and log line of one run agree;
    a spider without one gets a fresh id.
    """
    run = getattr(spider, "run_id", None) or new_run_id()
    settings = spider.crawler.settings
    return {
        **params,
        "output_dir": str(settings.get("PRESSBOT_OUTPUT_DIR") or "output").rstrip("/"),
        "site": getattr(spider, "feed_site", None) or spider.name,
        "date": run_date(run),
        "run": run,
    }


def _uri_to_path(uri: str) -> Path:
    if uri.startswith("file:"):
        from w3lib.url import file_uri_to_path  # noqa: PLC0415 - only file: URIs need it

        return Path(file_uri_to_path(uri))
    return Path(uri)


class AtomicFileFeedStorage:
    """FEED_STORAGES for "" and "file": write `<path>.part`, fsync and rename it on close."""

    def __init__(self, uri: str, *, feed_options: dict[str, Any] | None = None) -> None:
        # Scrapy builds one storage from the URI template to check it is supported: touch nothing.
        self.path = _uri_to_path(uri)
        self.part_path = self.path.with_name(self.path.name + PART_SUFFIX)

    def open(self, spider: Any) -> IO[bytes]:
        self.part_path.parent.mkdir(parents=True, exist_ok=True)
        return self.part_path.open("wb")

    def store(self, file: IO[bytes]) -> None:
        """Make the finished file visible under its final name, durable before it is visible."""
        file.flush()
        os.fsync(file.fileno())
        file.close()
        os.replace(self.part_path, self.path)
        _fsync_dir(self.path.parent)


def _fsync_dir(folder: Path) -> None:
    """Persist the rename itself; a no-op where directories cannot be opened (Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
