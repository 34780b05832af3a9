"""`pressbot state check` and `pressbot state repair`: inspect and rebuild the SQLite dedup state.

`check` opens the state read-only (nothing is created, upgraded or locked), runs SQLite's
`PRAGMA integrity_check` and checks that the dedup tables and columns are there. Exit status: 0
when the state is usable (it prints the counts), 1 when it is not (it names the file and the
problem), 2 when the file does not exist.

`repair` moves the state file (and its `-wal` / `-shm` files) aside as
`<path>.corrupt-<UTC timestamp>` (never deleting it) and rebuilds a fresh state from the
published feeds: every `*.jsonl` file under the output folder, in manifest order for the files
the manifest lists, then the others sorted by path. Each record's keys go through the store's own
`check_and_add`, so the first published record stays the original, as in the crawl.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pressbot.dedup import NearKeys, near_keys
from pressbot.dedup.sqlite import SQLiteDedupStore
from pressbot.dedup.store import DedupStoreError
from pressbot.manifest import FEED_SUFFIX, read_manifest, run_of

DEFAULT_STATE = "state/pressbot.sqlite3"
DEFAULT_OUTPUT = "output"
# The crawl fingerprints only bodies of at least this many tokens (pipelines.dedup).
_REQUIRED = {
    "seen_urls": {"canonical_url", "url", "first_seen"},
    "seen_content": {"content_hash", "url", "simhash", "first_seen"},
    "duplicates": {"url", "reason", "duplicate_of", "seen_at"},
}


def check_state(path: Path) -> tuple[dict[str, int] | None, str | None]:
    """(counts, None) for a usable state, (None, problem) for one that is not.

    A read-only connection to a WAL-mode file creates empty `-wal` / `-shm` files when there
    were none; those are removed again, so a check leaves the folder as it found it.
    """
    companions = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]
    absent = [p for p in companions if not p.exists()]
    try:
        return _check(path)
    finally:
        wal = companions[0]
        if wal in absent and wal.exists() and wal.stat().st_size == 0:
            for created in absent:
                created.unlink(missing_ok=True)


def _check(path: Path) -> tuple[dict[str, int] | None, str | None]:
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
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
        return None, f"not a usable SQLite database: {exc}"
    finally:
        db.close()


def cmd_check(args: argparse.Namespace) -> int:
    path = Path(args.state)
    if not path.is_file():
        print(f"{path}: no dedup state file", file=sys.stderr)
        return 2
    counts, problem = check_state(path)
    if counts is None:
        print(f"{path}: BROKEN: {problem}", file=sys.stderr)
        print("  `pressbot state repair` rebuilds it from the published feeds", file=sys.stderr)
        return 1
    summary = ", ".join(f"{value} {name}" for name, value in counts.items())
    print(f"{path}: OK ({summary})")
    return 0


def feed_files(output_dir: Path) -> list[Path]:
    """Every published feed: the manifest's order first, then unlisted ones sorted by path."""
    present = sorted(p for p in output_dir.rglob(f"*{FEED_SUFFIX}") if p.is_file())
    by_key = {p.resolve(): p for p in present}
    ordered: list[Path] = []
    for entry in read_manifest(output_dir):
        name = entry.get("path") if isinstance(entry, dict) else None
        if not isinstance(name, str):
            continue
        found = by_key.pop((output_dir / name).resolve(), None)
        if found is not None:
            ordered.append(found)
    return ordered + [p for p in present if p.resolve() in by_key]


def _move_aside(path: Path) -> Path | None:
    if not path.exists():
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    for suffix in ("-wal", "-shm"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            os.replace(companion, target.with_name(target.name + suffix))
    os.replace(path, target)
    return target


def rebuild(store: SQLiteDedupStore, files: list[Path]) -> dict[str, int]:
    counts = {"files": 0, "added": 0, "duplicates": 0, "unreadable": 0}
    for path in files:
        counts["files"] += 1
        run = run_of(path)
        with path.open("rb") as handle:
            for line in handle:
                if not line.strip():
                    continue
                record: Any
                try:
                    record = json.loads(line)
                except ValueError:
                    record = None
                url = record.get("url") if isinstance(record, dict) else None
                if not isinstance(url, str) or not url:
                    counts["unreadable"] += 1
                    continue
                body, simhash = record.get("body"), record.get("simhash")
                near = (
                    near_keys(body, simhash if isinstance(simhash, str) else None)
                    if isinstance(body, str)
                    else NearKeys(None, None)
                )
                found = store.check_and_add(
                    record.get("canonical_url") or None,
                    record.get("content_hash") or None,
                    url,
                    near.simhash,
                    signature=near.signature,
                    run_id=run,
                )
                counts["duplicates" if found else "added"] += 1
    return counts


def cmd_repair(args: argparse.Namespace) -> int:
    path = Path(args.state)
    output_dir = Path(args.output_dir)
    if not output_dir.is_dir():
        print(f"{output_dir}: no such output folder", file=sys.stderr)
        return 2
    moved = _move_aside(path)
    if moved is not None:
        print(f"moved {path} aside to {moved}")
    try:
        with SQLiteDedupStore(path) as store:
            counts = rebuild(store, feed_files(output_dir))
    except (OSError, DedupStoreError) as exc:
        print(f"{path}: rebuild failed: {exc}", file=sys.stderr)
        return 1
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
    check.add_argument("--state", default=DEFAULT_STATE, help="dedup state file")
    check.set_defaults(func=cmd_check)
    repair = actions.add_parser("repair", help="move the state aside and rebuild it from feeds")
    repair.add_argument("--state", default=DEFAULT_STATE, help="dedup state file")
    repair.add_argument(
        "--from", dest="output_dir", default=DEFAULT_OUTPUT, help="output folder of the feeds"
    )
    repair.set_defaults(func=cmd_repair)
