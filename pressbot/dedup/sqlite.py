"""The default dedup store: one SQLite file that remembers every published URL and body.

State outlives a run, so a scheduled crawl never republishes what an earlier run published.
`check_and_add` reads and writes in one `BEGIN IMMEDIATE` transaction: of two records with the
same key, in this process or in another one sharing the file, exactly one is first, and the
other is told which URL it duplicates. Each dropped duplicate is kept in `duplicates`, so "why
is this page missing from the feed?" has an answer after the run.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Final, Self

DUPLICATE_URL: Final = "duplicate_url"
DUPLICATE_CONTENT: Final = "duplicate_content"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS seen_urls (
    canonical_url TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    first_seen TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS seen_content (
    content_hash TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    simhash TEXT,
    first_seen TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS duplicates (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL,
    reason TEXT NOT NULL,
    duplicate_of TEXT NOT NULL,
    seen_at TEXT NOT NULL
);
"""


class DedupStoreError(RuntimeError):
    """The state file cannot be used (corrupt, not SQLite, unreadable); the message names it."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class SQLiteDedupStore:
    """Seen canonical URLs and content hashes in a WAL-mode SQLite file; first seen wins."""

    def __init__(self, path: str | Path, timeout: float = 30.0) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Create the file ourselves so it is private from the first byte; SQLite gives its
            # -wal and -shm files the same mode.
            os.close(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600))
            self._db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise DedupStoreError(f"{self.path}: cannot open dedup state: {exc}") from exc
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
        except sqlite3.Error as exc:
            self._db.close()
            raise DedupStoreError(
                f"{self.path}: dedup state is not a usable SQLite database ({exc}); "
                "move it aside to start with empty state"
            ) from exc

    def check_and_add(
        self,
        canonical_url: str | None,
        content_hash: str | None,
        url: str,
        simhash: str | None = None,
    ) -> tuple[str, str] | None:
        """None if the record is new (and remember it); else (reason, URL first seen with the key).

        A URL match wins over a content match. A duplicate is logged in `duplicates` and adds
        no keys, so the first record stays the one every later copy points at.
        """
        now = _now()
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                found = self._first(canonical_url, content_hash)
                if found is None:
                    if canonical_url:
                        self._db.execute(
                            "INSERT INTO seen_urls VALUES (?, ?, ?)", (canonical_url, url, now)
                        )
                    if content_hash:
                        self._db.execute(
                            "INSERT INTO seen_content VALUES (?, ?, ?, ?)",
                            (content_hash, url, simhash, now),
                        )
                else:
                    self._db.execute(
                        "INSERT INTO duplicates (url, reason, duplicate_of, seen_at) "
                        "VALUES (?, ?, ?, ?)",
                        (url, *found, now),
                    )
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            raise DedupStoreError(f"{self.path}: dedup state update failed: {exc}") from exc
        return found

    def _first(self, canonical_url: str | None, content_hash: str | None) -> tuple[str, str] | None:
        if canonical_url:
            row = self._db.execute(
                "SELECT url FROM seen_urls WHERE canonical_url = ?", (canonical_url,)
            ).fetchone()
            if row:
                return DUPLICATE_URL, row[0]
        if content_hash:
            row = self._db.execute(
                "SELECT url FROM seen_content WHERE content_hash = ?", (content_hash,)
            ).fetchone()
            if row:
                return DUPLICATE_CONTENT, row[0]
        return None

    def duplicates(self) -> list[tuple[str, str, str, str]]:
        """(url, reason, duplicate_of, seen_at) for every dropped duplicate, oldest first."""
        rows = self._db.execute(
            "SELECT url, reason, duplicate_of, seen_at FROM duplicates ORDER BY id"
        ).fetchall()
        return [tuple(row) for row in rows]

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
