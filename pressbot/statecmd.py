"""`pressbot state check` and `pressbot state repair`: inspect and rebuild the SQLite dedup state.

`check` opens the state read-only (nothing is created, upgraded or locked), runs SQLite's
`PRAGMA integrity_check` and checks that the dedup tables and columns are there. Exit status: 0
when the state is usable (it prints the counts), 1 when it is not (it names the file and the
problem), 2 when the file does not exist.

`repair` builds a fresh state from the published feeds beside the old one, then moves the old state
file (and its `-wal` / `-shm` files) aside as `<path>.corrupt-<UTC timestamp>`, or as
`<path>.old-<UTC timestamp>` when `check` calls it OK (never deleting it), and puts the fresh one
in its place, so a repair that fails or is stopped (Ctrl-C) leaves the state as it was. A repair
that is killed (SIGKILL) leaves its fresh state behind, as `.<state name>.rebuild-<pid>` (and
`-wal` / `-shm`): the next repair of that state removes those whose process is gone, one line per
file, and leaves those of a live process (a repair running) or that a process has open. The feeds
are every `*.jsonl` file under the output folder, in manifest order for the files the manifest
lists, then the others sorted by path, and the complete, valid lines of a killed run's
`*.jsonl.part`, which the next crawl publishes. Each record's keys go through the store's own
`check_and_add`, so the first published record stays the original, as in the crawl. A state that
another process has open (a crawl) is left alone.
Exit status: 0 rebuilt, 1 failed or in use (nothing changed), 2 bad usage, 130 stopped.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import re
import sqlite3
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pressbot.dedup import NearKeys, near_keys
from pressbot.dedup.sqlite import (
    CUT_SHORT,
    SQLiteDedupStore,
    companions,
    no_new_companions,
    open_read_only,
    remove_state,
)
from pressbot.dedup.store import DedupStoreError
from pressbot.extract import MAX_BYTES as MAX_PAGE_BYTES
from pressbot.lifeline import alive
from pressbot.manifest import FEED_SUFFIX, PART_SUFFIX, manifest_path, read_manifest, run_of
from pressbot.progress import Reporter
from pressbot.schema import record_errors

DEFAULT_STATE = "state/pressbot.sqlite3"
DEFAULT_OUTPUT = "output"
_SIMHASH = re.compile(r"[0-9a-f]{16}")
_BUSY_SECONDS = 2.0  # a crawl holds its write lock for milliseconds: longer is another owner
# Records re-added per transaction: the fresh state is private until it is put in place.
_BATCH = 1000
# SQLite's unix locks: the `-shm` byte every connection to a WAL-mode file holds while open,
# and the main file's lock bytes (pending, reserved, shared) held during a transaction.
_SHM_DEAD_MAN = 128
_LOCK_BYTES = (0x40000000, 512)
_REQUIRED = {
    "seen_urls": {"canonical_url", "url", "first_seen"},
    "seen_content": {"content_hash", "url", "simhash", "first_seen"},
    "duplicates": {"url", "reason", "duplicate_of", "seen_at"},
}


class StateInUse(Exception):
    """Another process holds the state locked: it is busy, not broken, and must not be repaired."""


def check_state(path: Path) -> tuple[dict[str, int] | None, str | None]:
    """(counts, None) for a usable state, (None, problem) for one that is not; StateInUse when
    another process holds it locked."""
    with no_new_companions(path):
        return _check(path)


def _check(path: Path) -> tuple[dict[str, int] | None, str | None]:
    if path.stat().st_size == 0:
        return None, CUT_SHORT
    try:
        db = open_read_only(path, timeout=_BUSY_SECONDS)
    except sqlite3.Error as exc:
        return None, f"cannot open: {exc}"
    try:
        rows = [row[0] for row in db.execute("PRAGMA integrity_check")]
        if rows != ["ok"]:
            return None, "integrity check failed: " + "; ".join(map(str, rows[:5]))
        for table, wanted in _REQUIRED.items():
            columns = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
            if not columns:
                return None, f"table {table!r} is missing"
            if missing := sorted(wanted - columns):
                return None, f"table {table!r} lacks column(s) {', '.join(missing)}"
        counts = {
            name: db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for name, table in (
                ("urls", "seen_urls"),
                ("contents", "seen_content"),
                ("duplicates", "duplicates"),
            )
        }
        return counts, None
    except sqlite3.Error as exc:
        if exc.sqlite_errorcode == sqlite3.SQLITE_BUSY:
            raise StateInUse(f"locked by another process ({exc})") from None
        return None, f"not a usable SQLite database: {exc}"
    finally:
        db.close()


def cmd_check(args: argparse.Namespace) -> int:
    path = Path(args.state)
    if not path.is_file():
        print(f"{path}: no dedup state file", file=sys.stderr)
        return 2
    try:
        counts, problem = check_state(path)
    except StateInUse as exc:
        print(f"{path}: IN USE: {exc}; check again when it is free", file=sys.stderr)
        return 1
    if counts is None:
        print(f"{path}: BROKEN: {problem}", file=sys.stderr)
        print("  `pressbot state repair` rebuilds it from the published feeds", file=sys.stderr)
        return 1
    summary = ", ".join(f"{value} {name}" for name, value in counts.items())
    print(f"{path}: OK ({summary})")
    return 0


def feed_files(output_dir: Path) -> list[Path]:
    """Every published feed, the manifest's order first, then unlisted ones (and killed runs'
    `.part` files, which the next crawl publishes) sorted by path."""
    patterns = (f"*{FEED_SUFFIX}", f"*{FEED_SUFFIX}{PART_SUFFIX}")
    present = sorted(p for pattern in patterns for p in output_dir.rglob(pattern) if p.is_file())
    by_key = {p.resolve(): p for p in present}
    ordered: list[Path] = []
    for entry in _manifest(output_dir):
        name = entry.get("path")
        if not isinstance(name, str):
            continue
        found = by_key.pop((output_dir / name).resolve(), None)
        if found is not None:
            ordered.append(found)
    return ordered + [p for p in present if p.resolve() in by_key]


def _manifest(output_dir: Path) -> list[dict[str, Any]]:
    """The manifest's entries (a line that is none is skipped: its feed goes in path order); a
    manifest that cannot be read at all only loses its order, so say so."""
    try:
        return read_manifest(output_dir)
    except OSError as exc:
        print(
            f"{manifest_path(output_dir)}: unreadable, feeds go in path order: {exc}",
            file=sys.stderr,
        )
        return []


def in_use(path: Path) -> bool:
    """Whether another process has the state open (a crawl), by SQLite's own file locks: moving
    it aside then would send that process's writes to the moved file."""
    probes = ((companions(path)[1], _SHM_DEAD_MAN, 1), (path, *_LOCK_BYTES))
    for file, start, length in probes:
        try:
            fd = os.open(file, os.O_RDWR)
        except OSError:
            continue
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, length, start)
        except OSError:
            return True
        finally:
            os.close(fd)  # which also drops the probe's lock
    return False


def _aside_label(path: Path) -> str:
    """What the state being replaced is, to name it by: `corrupt` when `state check` would not
    call it OK, else `old` (a repair of a sound state, to drop what the feeds no longer hold)."""
    if not path.is_file():
        return "corrupt"
    counts, _ = check_state(path)
    return "old" if counts is not None else "corrupt"


def _move_aside(path: Path, label: str) -> Path | None:
    if not path.exists():
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.{label}-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.{label}-{stamp}-{n}")
    os.replace(path, target)  # first: if the file cannot move, nothing has
    for companion, moved in zip(companions(path), companions(target), strict=True):
        if companion.exists():
            os.replace(companion, moved)
    return target


def _record(line: bytes, partial: bool) -> dict[str, Any] | None:
    """The record on a feed line, or None when its keys cannot be trusted: not a JSON object
    with a URL and string keys, or in a `.part`, a torn or invalid line (the salvage drops it)."""
    if partial and not line.endswith(b"\n"):
        return None
    try:
        record = json.loads(line)
    except (ValueError, RecursionError):
        return None
    if not isinstance(record, dict) or not isinstance(record.get("url"), str) or not record["url"]:
        return None
    if any(
        not isinstance(record.get(key), str | None) for key in ("canonical_url", "content_hash")
    ):
        return None
    if partial and next(record_errors(record), None) is not None:
        return None
    return record


def _add(store: SQLiteDedupStore, record: dict[str, Any], run: str | None) -> bool:
    """Enter a record's keys as the crawl does; True when it duplicates an earlier one."""
    body, simhash = record.get("body"), record.get("simhash")
    if not (isinstance(simhash, str) and _SIMHASH.fullmatch(simhash)):
        simhash = None  # a damaged one would fail the whole batch
    if not isinstance(body, str) or len(body) > MAX_PAGE_BYTES:
        near = NearKeys(None, None)  # longer than any page the crawl reads: not its record
    else:
        near = near_keys(body, simhash)
    found = store.check_and_add(
        record.get("canonical_url") or None,
        record.get("content_hash") or None,
        record["url"],
        near.simhash,
        signature=near.signature,
        run_id=run,
    )
    return found is not None


def rebuild(
    store: SQLiteDedupStore, files: list[Path], tick: Callable[[int, int], None] | None = None
) -> dict[str, int]:
    """The feeds' records into `store`, first published first; `tick(records, unreadable)`
    after each line, for a progress line."""
    counts = {"files": 0, "added": 0, "duplicates": 0, "unreadable": 0}
    for path in files:
        counts["files"] += 1
        run, partial = run_of(path), path.name.endswith(PART_SUFFIX)
        with path.open("rb") as handle:
            for line in handle:
                if not line.strip():
                    continue
                record = _record(line, partial)
                if record is None:
                    counts["unreadable"] += 1
                else:
                    counts["duplicates" if _add(store, record, run) else "added"] += 1
                if tick is not None:
                    tick(counts["added"] + counts["duplicates"], counts["unreadable"])
    return counts


def _build(fresh: Path, output_dir: Path) -> dict[str, int]:
    """A new state at `fresh` from the feeds, with a progress line on a terminal's stderr; on
    any failure, or Ctrl-C, no `fresh` is left."""
    remove_state(fresh)  # a killed repair's, if this process id was that one's too
    progress = Reporter(sys.stderr, sys.stderr.isatty(), unit="records")
    try:
        with SQLiteDedupStore(fresh, group_size=_BATCH) as store:
            return rebuild(store, feed_files(output_dir), progress.tick)
    except BaseException:
        remove_state(fresh)
        raise
    finally:
        progress.close()


def _rebuild_name(path: Path, pid: int | str) -> Path:
    """Where a repair by process `pid` builds the fresh state, beside `path`."""
    return path.with_name(f".{path.name}.rebuild-{pid}")


def remove_dead_rebuilds(path: Path) -> list[Path]:
    """Remove the fresh states, with their `-wal` / `-shm`, that killed repairs of `path` left:
    those whose process is gone and which no process has open. One line per file removed."""
    prefix = _rebuild_name(path, "").name
    pattern = re.compile(rf"{re.escape(prefix)}([0-9]+)(?:-wal|-shm)?")
    try:
        names = [p.name for p in path.parent.iterdir() if p.name.startswith(prefix)]
    except OSError:  # no folder yet, or not one we can list: nothing to remove
        return []
    pids = {int(match[1]) for name in names if (match := pattern.fullmatch(name))}
    removed: list[Path] = []
    for pid in sorted(pids):
        fresh = _rebuild_name(path, pid)
        if alive(pid) or in_use(fresh):
            continue
        for file in (fresh, *companions(fresh)):
            try:
                file.unlink()
            except FileNotFoundError:
                continue
            except OSError as exc:
                print(f"{file}: cannot remove a killed repair's leftover: {exc}", file=sys.stderr)
                continue
            print(f"removed {file}, left by a repair that did not finish (process {pid} is gone)")
            removed.append(file)
    return removed


def cmd_repair(args: argparse.Namespace) -> int:
    path = Path(args.state)
    output_dir = Path(args.output_dir)
    if not output_dir.is_dir():
        print(f"{output_dir}: no such output folder", file=sys.stderr)
        return 2
    if path.is_dir():
        print(f"{path}: a folder, not a state file", file=sys.stderr)
        return 2
    remove_dead_rebuilds(path)
    fresh = _rebuild_name(path, os.getpid())
    try:
        if in_use(path):
            raise StateInUse("another process (a crawl?) has it open: stop it first")
        label = _aside_label(path)
        counts = _build(fresh, output_dir)
        if in_use(path):
            remove_state(fresh)
            raise StateInUse("another process opened it during the rebuild: stop it first")
    except KeyboardInterrupt:
        print(f"{path}: repair stopped; the state is left as it was", file=sys.stderr)
        return 130
    except (OSError, DedupStoreError, StateInUse) as exc:
        print(f"{path}: repair failed, the state is left as it was: {exc}", file=sys.stderr)
        return 1
    try:
        moved = _move_aside(path, label)
        os.replace(fresh, path)
    except OSError as exc:
        remove_state(fresh)
        print(f"{path}: cannot put the rebuilt state in place: {exc}", file=sys.stderr)
        return 1
    if moved is not None:
        print(f"moved {path} aside to {moved}")
    print(
        f"{path}: rebuilt from {counts['files']} feed file(s) under {output_dir}: "
        f"{counts['added']} record(s) re-added, {counts['duplicates']} duplicate(s), "
        f"{counts['unreadable']} unreadable line(s)"
    )
    return 0


def add_parser(sub: Any) -> None:
    """`pressbot state check|repair`."""
    state = sub.add_parser("state", help="check or rebuild the SQLite dedup state")
    actions = state.add_subparsers(dest="action", required=True)
    check = actions.add_parser("check", help="integrity and schema check, with counts")
    check.add_argument(
        "--state", default=DEFAULT_STATE, help=f"dedup state file (default: {DEFAULT_STATE})"
    )
    check.set_defaults(func=cmd_check)
    repair = actions.add_parser("repair", help="move the state aside and rebuild it from feeds")
    repair.add_argument(
        "--state", default=DEFAULT_STATE, help=f"dedup state file (default: {DEFAULT_STATE})"
    )
    repair.add_argument(
        "--from",
        dest="output_dir",
        default=DEFAULT_OUTPUT,
        help=f"output folder of the feeds (default: {DEFAULT_OUTPUT})",
    )
    repair.set_defaults(func=cmd_repair)
