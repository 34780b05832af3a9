"""The default dedup store: one SQLite file that remembers every published URL and body.

State outlives a run, so a scheduled crawl never republishes what an earlier run published.
`check_and_add` reads and writes in one `BEGIN IMMEDIATE` transaction: of two records with the
same key, in this process or in another one sharing the file, exactly one is first, and the
other is told which URL it duplicates. Each dropped duplicate is kept in `duplicates`, so "why
is this page missing from the feed?" has an answer after the run.

Near-duplicates: `near_docs` holds each first record's SimHash, and `near_blocks` indexes it
under one key per table of a `BlockScheme` (clustered on the key, `WITHOUT ROWID`), so a lookup
reads a few short key ranges instead of the whole table. SQLite integers are signed 64-bit, so
fingerprints are stored as their signed value. A file written with another scheme (another
distance) has its index rebuilt when opened.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from pressbot.dedup.index import BlockScheme
from pressbot.dedup.keys import hamming, to_signed64, to_unsigned64
from pressbot.dedup.store import (
    DEFAULT_DISTANCE,
    DUPLICATE_CONTENT,
    DUPLICATE_NEAR,
    DUPLICATE_URL,
    ClosingStore,
    DedupStoreError,
    Duplicate,
    parse_simhash,
)

__all__ = [
    "DUPLICATE_CONTENT",
    "DUPLICATE_NEAR",
    "DUPLICATE_URL",
    "DedupStoreError",
    "SQLiteDedupStore",
    "read_duplicates",
]

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
CREATE TABLE IF NOT EXISTS near_docs (
    id INTEGER PRIMARY KEY,
    simhash INTEGER NOT NULL,
    url TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS near_blocks (
    key INTEGER NOT NULL,
    doc INTEGER NOT NULL,
    simhash INTEGER NOT NULL,
    PRIMARY KEY (key, doc)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS run_keys (
    site TEXT NOT NULL,
    run_id TEXT NOT NULL,
    url TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS run_keys_run ON run_keys (site, run_id);
CREATE TABLE IF NOT EXISTS meta (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""
# Version 1 added near-duplicates (near_docs, near_blocks, meta) and duplicates.run_id.
_VERSION = 1


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class SQLiteDedupStore(ClosingStore):
    """Seen canonical URLs, content hashes and SimHashes in a WAL-mode SQLite file."""

    def __init__(
        self,
        path: str | Path,
        timeout: float = 30.0,
        distance: int = DEFAULT_DISTANCE,
        scheme: BlockScheme | None = None,
    ) -> None:
        self.path = Path(path)
        self.distance = distance
        self.scheme = scheme or BlockScheme(distance)
        if self.scheme.distance != distance:
            raise ValueError(f"block scheme is for distance {self.scheme.distance}, not {distance}")
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
            self._upgrade()
        except sqlite3.Error as exc:
            self._db.close()
            raise DedupStoreError(
                f"{self.path}: dedup state is not a usable SQLite database ({exc}); "
                "move it aside to start with empty state"
            ) from exc

    def _upgrade(self) -> None:
        """Create or upgrade the schema, and (re)build the SimHash index for this scheme."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    self._db.execute(statement)
            columns = {row[1] for row in self._db.execute("PRAGMA table_info(duplicates)")}
            if "run_id" not in columns:
                self._db.execute("ALTER TABLE duplicates ADD COLUMN run_id TEXT")
            self._db.execute("CREATE INDEX IF NOT EXISTS duplicates_url ON duplicates (url)")
            self._db.execute(
                "CREATE INDEX IF NOT EXISTS duplicates_of ON duplicates (duplicate_of)"
            )
            if version < 1:
                # Records published before near-duplicates existed still count as originals.
                rows = self._db.execute(
                    "SELECT simhash, url FROM seen_content WHERE simhash IS NOT NULL "
                    "ORDER BY first_seen"
                ).fetchall()
                self._db.executemany(
                    "INSERT INTO near_docs (simhash, url) VALUES (?, ?)",
                    [(to_signed64(int(fp, 16)), url) for fp, url in rows],
                )
            row = self._db.execute("SELECT value FROM meta WHERE name = 'scheme'").fetchone()
            if row is None or row[0] != self.scheme.name:
                self._rebuild_index()
            if version < _VERSION:
                self._db.execute(f"PRAGMA user_version = {_VERSION}")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def _rebuild_index(self) -> None:
        self._db.execute("DELETE FROM near_blocks")
        docs = self._db.execute("SELECT id, simhash FROM near_docs").fetchall()
        self._index_rows(docs)
        self._db.execute("INSERT OR REPLACE INTO meta VALUES ('scheme', ?)", (self.scheme.name,))

    def _index_rows(self, docs: Iterable[tuple[int, int]]) -> None:
        keys = self.scheme.keys
        self._db.executemany(
            "INSERT INTO near_blocks VALUES (?, ?, ?)",
            ((key, doc, signed) for doc, signed in docs for key in keys(to_unsigned64(signed))),
        )

    def check_and_add(
        self,
        canonical_url: str | None,
        content_hash: str | None,
        url: str,
        simhash: str | int | None = None,
        *,
        run_id: str | None = None,
        site: str | None = None,
    ) -> tuple[str, str] | None:
        """None if the record is new (and remember it); else (reason, URL first seen with the key).

        With `site` and `run_id`, a new record's keys are also noted as the run's until
        `finish_run`: a killed run's keys whose records never reached a feed can then be
        forgotten (`forget_unfinished`), so the next run fetches and publishes them.

        A URL match wins over a content match, an exact content match over a near one. A
        duplicate is logged in `duplicates` and adds no keys, so the first record stays the one
        every later copy points at.
        """
        fingerprint = parse_simhash(simhash)
        now = _now()
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                found = self._first(canonical_url, content_hash, fingerprint)
                if found is None:
                    self._remember(canonical_url, content_hash, url, fingerprint, now)
                    if site and run_id:
                        self._db.execute(
                            "INSERT INTO run_keys VALUES (?, ?, ?)", (site, run_id, url)
                        )
                else:
                    self._db.execute(
                        "INSERT INTO duplicates (url, reason, duplicate_of, seen_at, run_id) "
                        "VALUES (?, ?, ?, ?, ?)",
                        (url, *found, now, run_id),
                    )
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            raise DedupStoreError(f"{self.path}: dedup state update failed: {exc}") from exc
        return found

    def _remember(
        self,
        canonical_url: str | None,
        content_hash: str | None,
        url: str,
        fingerprint: int | None,
        now: str,
    ) -> None:
        if canonical_url:
            self._db.execute("INSERT INTO seen_urls VALUES (?, ?, ?)", (canonical_url, url, now))
        if content_hash:
            hex_simhash = None if fingerprint is None else f"{fingerprint:016x}"
            self._db.execute(
                "INSERT INTO seen_content VALUES (?, ?, ?, ?)",
                (content_hash, url, hex_simhash, now),
            )
        if fingerprint is not None:
            signed = to_signed64(fingerprint)
            cursor = self._db.execute(
                "INSERT INTO near_docs (simhash, url) VALUES (?, ?)", (signed, url)
            )
            self._index_rows([(cursor.lastrowid or 0, signed)])

    def _first(
        self, canonical_url: str | None, content_hash: str | None, fingerprint: int | None
    ) -> tuple[str, str] | None:
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
        if fingerprint is not None:
            near = self.find_near(fingerprint)
            if near:
                return DUPLICATE_NEAR, near[0]
        return None

    def find_near(self, simhash: int) -> tuple[str, int] | None:
        """(URL, distance) of the nearest indexed fingerprint within `distance`; ties: oldest."""
        keys = self.scheme.keys(simhash)
        rows = self._db.execute(
            f"SELECT doc, simhash FROM near_blocks WHERE key IN ({','.join('?' * len(keys))})",
            keys,
        ).fetchall()
        best: tuple[int, int] | None = None
        for doc, signed in rows:
            distance = hamming(simhash, to_unsigned64(signed))
            if distance <= self.distance and (best is None or (distance, doc) < best):
                best = (distance, doc)
        if best is None:
            return None
        url = self._db.execute("SELECT url FROM near_docs WHERE id = ?", (best[1],)).fetchone()[0]
        return url, best[0]

    def bulk_add_simhashes(self, entries: Iterable[tuple[str, int]], batch: int = 50_000) -> int:
        """Index (url, simhash) pairs without dedup checks, in large transactions: for loading.

        Returns how many were added.
        """
        added = 0
        rows: list[tuple[int, str]] = []

        def flush() -> None:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                start = self._db.execute("SELECT COALESCE(MAX(id), 0) FROM near_docs").fetchone()
                first = start[0] + 1
                self._db.executemany(
                    "INSERT INTO near_docs (id, simhash, url) VALUES (?, ?, ?)",
                    ((first + i, signed, url) for i, (signed, url) in enumerate(rows)),
                )
                self._index_rows((first + i, signed) for i, (signed, _) in enumerate(rows))
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

        for url, fingerprint in entries:
            rows.append((to_signed64(fingerprint), url))
            if len(rows) >= batch:
                flush()
                added += len(rows)
                rows = []
        if rows:
            flush()
            added += len(rows)
        return added

    def duplicates(
        self, *, url: str | None = None, run_id: str | None = None, since: str | None = None
    ) -> list[Duplicate]:
        """Dropped copies, oldest first; `url` matches either side, `since` is ISO 8601 UTC."""
        sql, params = _duplicates_query(url, run_id, since)
        rows = self._db.execute(sql, params).fetchall()
        return [Duplicate(*row) for row in rows]

    def finish_run(self, site: str, run_id: str) -> None:
        """Every record this run accepted is in its feed now: its keys stand for good."""
        self._write("DELETE FROM run_keys WHERE site = ? AND run_id = ?", (site, run_id))

    def forget_unfinished(self, site: str, current_run: str, published: set[str]) -> int:
        """Forget the keys of `site`'s earlier runs that never finished, except those of records
        in `published` (URLs salvaged into a feed); return how many records were forgotten.

        Call it after the killed runs' `.part` feeds were salvaged and before the new run checks
        anything: what a SIGKILL caught between the dedup check and the feed write is then
        fetched and published again instead of being lost.
        """
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                rows = self._db.execute(
                    "SELECT url FROM run_keys WHERE site = ? AND run_id != ?", (site, current_run)
                ).fetchall()
                lost = {url for (url,) in rows} - published
                for url in lost:
                    self._db.execute("DELETE FROM seen_urls WHERE url = ?", (url,))
                    self._db.execute("DELETE FROM seen_content WHERE url = ?", (url,))
                    self._db.execute(
                        "DELETE FROM near_blocks"
                        " WHERE doc IN (SELECT id FROM near_docs WHERE url = ?)",
                        (url,),
                    )
                    self._db.execute("DELETE FROM near_docs WHERE url = ?", (url,))
                self._db.execute(
                    "DELETE FROM run_keys WHERE site = ? AND run_id != ?", (site, current_run)
                )
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            raise DedupStoreError(f"{self.path}: dedup state update failed: {exc}") from exc
        return len(lost)

    def _write(self, sql: str, params: tuple[str, ...]) -> None:
        try:
            self._db.execute(sql, params)
        except sqlite3.Error as exc:
            raise DedupStoreError(f"{self.path}: dedup state update failed: {exc}") from exc

    def forget(
        self,
        canonical_url: str | None,
        content_hash: str | None,
        url: str,
        simhash: str | int | None = None,
    ) -> None:
        """Undo `check_and_add` of a record that was never published (its feed write failed):
        each key still pointing at `url` is removed, so the record counts as new again."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute(
                    "DELETE FROM seen_urls WHERE canonical_url = ? AND url = ?",
                    (canonical_url or "", url),
                )
                self._db.execute(
                    "DELETE FROM seen_content WHERE content_hash = ? AND url = ?",
                    (content_hash or "", url),
                )
                for doc, signed in self._db.execute(
                    "SELECT id, simhash FROM near_docs WHERE url = ?", (url,)
                ).fetchall():
                    self._db.executemany(
                        "DELETE FROM near_blocks WHERE key = ? AND doc = ?",
                        [(key, doc) for key in self.scheme.keys(to_unsigned64(signed))],
                    )
                    self._db.execute("DELETE FROM near_docs WHERE id = ?", (doc,))
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            raise DedupStoreError(f"{self.path}: dedup state update failed: {exc}") from exc

    def close(self) -> None:
        self._db.close()


def _duplicates_query(
    url: str | None, run_id: str | None, since: str | None, has_run_id: bool = True
) -> tuple[str, list[str]]:
    where, params = [], []
    if url is not None:
        where.append("(url = ? OR duplicate_of = ?)")
        params += [url, url]
    if run_id is not None:
        where.append("run_id = ?" if has_run_id else "0")
        params += [run_id] if has_run_id else []
    if since is not None:
        where.append("seen_at >= ?")
        params.append(since)
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    run = "run_id" if has_run_id else "NULL"
    sql = f"SELECT url, reason, duplicate_of, seen_at, {run} FROM duplicates{clause} ORDER BY id"
    return sql, params


def read_duplicates(
    path: str | Path,
    *,
    url: str | None = None,
    run_id: str | None = None,
    since: str | None = None,
) -> list[Duplicate]:
    """`duplicates()` of a state file opened read-only: no upgrade, nothing created or locked."""
    try:
        db = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise DedupStoreError(f"{path}: cannot open dedup state: {exc}") from exc
    try:
        columns = {row[1] for row in db.execute("PRAGMA table_info(duplicates)")}
        if not columns:
            return []
        sql, params = _duplicates_query(url, run_id, since, "run_id" in columns)
        return [Duplicate(*row) for row in db.execute(sql, params)]
    except sqlite3.Error as exc:
        raise DedupStoreError(f"{path}: dedup state is not readable: {exc}") from exc
    finally:
        db.close()
