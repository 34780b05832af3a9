"""The manifest: one JSON line per published feed file, appended once the file is complete.

A downstream consumer tails `<PRESSBOT_OUTPUT_DIR>/manifest.ndjson` instead of scanning folders:
each line names a finished file (path relative to the manifest), its site and run, how many
records it holds, its sha256 and size, and the first and last `published_at` in it. A line is
appended only after its file has been fsynced and renamed to its final name, under an exclusive
lock on the manifest (several crawls may share one output folder), so a listed file is always
complete and listed once.

This module also recovers what a killed crawl left behind (`recover_site`):

- a `<feed>.jsonl.part` that no live process holds locked is salvaged: its complete, valid
  lines are published under the feed's final name and announced (`"salvaged": true`); a torn or
  invalid line is dropped and counted. Those records were already entered in the dedup state by
  the killed run, so without this they would never be published.
- a final feed file missing from the manifest (a crash between rename and append) is announced.

The `.ndjson` suffix keeps the manifest out of a `*.jsonl` glob over the feeds.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from pressbot.discovery import parse_when
from pressbot.schema import record_errors

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks, one crawl at a time
    fcntl = None  # type: ignore[assignment]

logger = logging.getLogger(__name__)

MANIFEST_NAME = "manifest.ndjson"
FEED_SUFFIX = ".jsonl"
PART_SUFFIX = ".part"
RECOVERY_LOCK = ".recover.lock"
_RUN = re.compile(r"-(\d{8}T\d{6}Z-\d+)$")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def manifest_path(output_dir: str | Path) -> Path:
    return Path(output_dir) / MANIFEST_NAME


def try_lock(fd: int) -> bool:
    """Take an exclusive advisory lock without waiting; False when another process holds it."""
    if fcntl is None:  # pragma: no cover
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


@contextlib.contextmanager
def _manifest_lock(output_dir: Path) -> Iterator[int]:
    """Hold the manifest's lock (blocking) and yield its descriptor, for `_append`. A torn last
    line found then (a writer killed mid-append) is cut off: a line appended after it would
    leave the manifest with a line no reader can parse, for good."""
    output_dir.mkdir(parents=True, exist_ok=True)
    path = manifest_path(output_dir)
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        size = os.fstat(fd).st_size
        if (end := _complete_end(fd, size)) < size:
            os.ftruncate(fd, end)
            logger.warning(
                "Cut a torn last line (%d bytes) off %s: an append that did not end",
                size - end,
                path,
            )
        yield fd
    finally:
        os.close(fd)


def _complete_end(fd: int, size: int, chunk: int = 65536) -> int:
    """The offset just after the last newline in the first `size` bytes of `fd` (0 if none)."""
    end = size
    while end > 0:
        start = max(0, end - chunk)
        block = os.pread(fd, end - start, start)
        if (newline := block.rfind(b"\n")) >= 0:
            return start + newline + 1
        end = start
    return 0


@contextlib.contextmanager
def recovery_lock(output_dir: str | Path, site: str) -> Iterator[None]:
    """Hold `<output>/<site>/.recover.lock` (blocking): one crawl of a site at a time salvages
    killed runs' feeds and forgets their unwritten keys. A crawl that started while another
    salvaged a killed run's `.part` took it for a live crawl's, and forgot every key of the
    killed run while the other published its records: they were fetched and published twice."""
    folder = Path(output_dir) / site
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / RECOVERY_LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        if not try_lock(fd):
            logger.info(
                "Another crawl of %s is salvaging its killed runs' feeds; waiting for it", site
            )
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def fsync_dir(folder: Path) -> None:
    """Persist a rename; a no-op where directories cannot be opened (Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def run_of(path: Path) -> str | None:
    """The run id in a feed file name (`<site>-<run>.jsonl`), or None."""
    name = path.name.removesuffix(PART_SUFFIX).removesuffix(FEED_SUFFIX)
    match = _RUN.search(name)
    return match[1] if match else None


def site_feeds(site_dir: Path, site: str, suffix: str = FEED_SUFFIX) -> list[Path]:
    """The files of `site`'s own feeds (`<site_dir>/<YYYY-MM-DD>/<site>-<run>.jsonl`, with
    `suffix`), sorted. Another file there (a `-o` of the command line) is not the crawl's: its
    records are in a feed of the crawl's already, and it is never salvaged nor announced."""
    name = re.compile(rf"{re.escape(site)}-\d{{8}}T\d{{6}}Z-\d+{re.escape(suffix)}")
    return sorted(
        path
        for path in site_dir.glob(f"*/*{suffix}")
        if _DATE.fullmatch(path.parent.name) and name.fullmatch(path.name)
    )


def summarize_file(path: Path) -> dict[str, Any]:
    """Records, bytes, sha256 and the published_at range of one finished JSONL file."""
    digest = hashlib.sha256()
    records = size = 0
    dates: list[tuple[datetime, str]] = []
    with path.open("rb") as handle:
        for line in handle:
            digest.update(line)
            size += len(line)
            if not line.strip():
                continue
            records += 1
            try:
                value = json.loads(line).get("published_at")
            except (ValueError, AttributeError):
                continue
            when = parse_when(value) if isinstance(value, str) else None
            if when is not None:
                dates.append((when, value))
    dates.sort(key=lambda pair: pair[0])
    return {
        "records": records,
        "bytes": size,
        "sha256": digest.hexdigest(),
        "first_published_at": dates[0][1] if dates else None,
        "last_published_at": dates[-1][1] if dates else None,
    }


def _relative(path: Path, output_dir: Path) -> str:
    try:
        return path.resolve().relative_to(output_dir.resolve()).as_posix()
    except ValueError:
        return str(path.resolve())


def _entry(path: Path, output_dir: Path, site: str | None, **extra: Any) -> dict[str, Any]:
    return {
        "path": _relative(path, output_dir),
        "site": site,
        "run": run_of(path),
        **summarize_file(path),
        "announced_at": datetime.now(UTC).isoformat(timespec="seconds"),
        **extra,
    }


def _append(fd: int, entry: dict[str, Any]) -> None:
    """Append `entry` as a line; a write that fails part-way (a full disk) is undone before
    the error goes on, so the manifest never keeps the start of a line."""
    data = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
    size = os.fstat(fd).st_size
    try:
        written = 0
        while written < len(data):
            written += os.write(fd, data[written:])
        os.fsync(fd)
    except OSError:
        with contextlib.suppress(OSError):
            os.ftruncate(fd, size)
        raise


def read_manifest(output_dir: str | Path) -> list[dict[str, Any]]:
    """Every entry, oldest first; a line that is no entry (a torn last line, bytes that are no
    UTF-8, a line edited by hand) is skipped, and the others are read all the same."""
    path = manifest_path(output_dir)
    if not path.exists():
        return []
    entries = []
    for line in path.read_bytes().splitlines():
        with contextlib.suppress(ValueError):  # (UnicodeDecodeError is one)
            entry = json.loads(line.decode("utf-8"))
            if isinstance(entry, dict):
                entries.append(entry)
    return entries


def publish(part: Path, final: Path, output_dir: Path, site: str | None) -> dict[str, Any]:
    """Rename a complete, fsynced `part` to `final` and announce it, atomically for readers
    of the manifest (a concurrent `recover_site` cannot announce it a second time)."""
    with _manifest_lock(output_dir) as fd:
        os.replace(part, final)
        fsync_dir(final.parent)
        entry = _entry(final, output_dir, site)
        _append(fd, entry)
    return entry


@dataclass
class Recovery:
    """What `recover_site` did, for the log and the stats."""

    salvaged_files: list[dict[str, Any]] = field(default_factory=list)
    salvaged_records: int = 0
    dropped_lines: int = 0
    removed_parts: int = 0
    late_announced: list[dict[str, Any]] = field(default_factory=list)
    salvaged_urls: set[str] = field(default_factory=set)
    """URLs of the salvaged records: their dedup keys stand; a killed run's other keys go."""
    writing: dict[str, Path] = field(default_factory=dict)
    """Runs whose `.part` a live process holds locked (run id -> `.part`): no killed runs."""


def _good_lines(handle: IO[bytes]) -> tuple[list[bytes], int]:
    """Complete lines that are valid records, and how many lines were dropped."""
    kept, dropped = [], 0
    for line in handle:
        if not line.endswith(b"\n"):
            dropped += 1  # torn by the kill
            continue
        try:
            record = json.loads(line)
        except ValueError:
            dropped += 1
            continue
        if not isinstance(record, dict) or next(record_errors(record), None) is not None:
            dropped += 1
            continue
        kept.append(line)
    return kept, dropped


def _salvage(part: Path, output_dir: Path, site: str, recovery: Recovery) -> None:
    try:
        fd = os.open(part, os.O_RDONLY)
    except FileNotFoundError:
        return  # finished (renamed) since the folder was listed
    try:
        if not try_lock(fd):
            if run := run_of(part):  # a live crawl is writing it
                recovery.writing[run] = part
            return
        if not part.exists():
            return  # salvaged by another process meanwhile
        final = part.with_name(part.name.removesuffix(PART_SUFFIX))
        if final.exists():
            # Published before the crash removed the .part; only the leftover goes.
            part.unlink()
            recovery.removed_parts += 1
            return
        with os.fdopen(os.dup(fd), "rb") as handle:
            kept, dropped = _good_lines(handle)
        recovery.dropped_lines += dropped
        if not kept:
            logger.warning(
                "Removed %s: no complete record in it (%d line(s) dropped)", part, dropped
            )
            part.unlink()
            recovery.removed_parts += 1
            return
        temp = part.with_name(part.name + ".salvage")
        try:
            with temp.open("wb") as out:
                out.writelines(kept)
                out.flush()
                os.fsync(out.fileno())
        except OSError as exc:
            with contextlib.suppress(OSError):
                temp.unlink(missing_ok=True)  # (a full disk: the `.part` waits for the next run)
            raise OSError(exc.errno, exc.strerror, str(part)) from exc
        with _manifest_lock(output_dir) as manifest_fd:
            os.replace(temp, final)
            fsync_dir(final.parent)
            entry = _entry(final, output_dir, site, salvaged=True, dropped_lines=dropped)
            _append(manifest_fd, entry)
        part.unlink()
        recovery.salvaged_files.append(entry)
        recovery.salvaged_records += len(kept)
        recovery.salvaged_urls.update(json.loads(line).get("url") or "" for line in kept)
        logger.warning(
            "Salvaged %d record(s) of a crawl that did not finish into %s (%d line(s) dropped)",
            len(kept),
            final,
            dropped,
        )
    finally:
        os.close(fd)


def published_urls(output_dir: str | Path, site: str, runs: set[str]) -> set[str]:
    """URLs of the records in `site`'s published feeds written by `runs`: a killed run's feed
    may have been published (closed and renamed, or salvaged by a later run that was killed in
    turn) before its dedup keys stopped being forgettable."""
    site_dir = Path(output_dir) / site
    urls: set[str] = set()
    if not runs or not site_dir.is_dir():
        return urls
    for feed in site_feeds(site_dir, site):
        if run_of(feed) in runs:
            try:
                with feed.open("rb") as handle:
                    kept, _ = _good_lines(handle)
            except OSError as exc:  # its records may be fetched and published again
                logger.warning("Cannot read %s to keep its records' dedup keys: %s", feed, exc)
                continue
            urls.update(json.loads(line).get("url") or "" for line in kept)
    return urls


def recover_site(output_dir: str | Path, site: str) -> Recovery:
    """Salvage orphaned `.part` feeds of `site` and announce unannounced final feeds (its own
    feeds only, see `site_feeds`)."""
    output_dir = Path(output_dir)
    site_dir = output_dir / site
    recovery = Recovery()
    if not site_dir.is_dir():
        return recovery
    for part in site_feeds(site_dir, site, FEED_SUFFIX + PART_SUFFIX):
        _salvage(part, output_dir, site, recovery)
    with _manifest_lock(output_dir) as fd:
        listed = {entry.get("path") for entry in read_manifest(output_dir)}
        for feed in site_feeds(site_dir, site):
            if _relative(feed, output_dir) not in listed:
                entry = _entry(feed, output_dir, site, late=True)
                _append(fd, entry)
                recovery.late_announced.append(entry)
                logger.warning(
                    "Announced %s, published earlier but missing from the manifest", feed
                )
    return recovery
