"""The default dedup store: one SQLite file that remembers every published URL and body.

State outlives a run, so a scheduled crawl never republishes what an earlier run published.
`check_and_add` reads and writes inside a `BEGIN IMMEDIATE` transaction: of two records with the
same key, in this process or in another one sharing the file, exactly one is first, and the
other is told which URL it duplicates. Each dropped duplicate is kept in `duplicates`, so "why
is this page missing from the feed?" has an answer after the run, and its URL in
`settled_urls` with the canonical URL of the record it copies: `known_url` counts it as known
while that record is, so an incremental run neither fetches a copy again nor walks past a
listing page for its sake.

Group commit: by default every `check_and_add` commits. With `group_size` N > 1 the write
transaction stays open (`group`) until N checks are in it or `commit()` is called, so N records
share one COMMIT (most of a record's cost is the WAL frames a COMMIT writes). A record of an
open group is not durable: whoever publishes it must wait for `WriteGroup.when_done`, which says
whether the COMMIT succeeded or the group was rolled back. The open transaction holds SQLite's
write lock, which other processes sharing the file wait for: the caller must commit it soon (the
crawl pipeline uses a timer). Every other method commits an open group first, or only reads;
`known_url` does not count a pending record as published.

Near-duplicates, in two stages: `near_docs` holds each first record's SimHash and MinHash
signature. Stage 1: `near_blocks` indexes the SimHash under one key per table of a `BlockScheme`
(clustered on the key, `WITHOUT ROWID`), so a lookup reads a few short key ranges instead of the
whole table; a candidate whose signature contradicts the record's (`store.confirms`) is passed
over. Stage 2, for copies whose SimHash moved further (a dropped paragraph plus edits):
`near_bands` indexes the signature under its LSH band keys, and a candidate is a copy when its
estimated Jaccard similarity is at least `jaccard`. SQLite integers are signed 64-bit, so
fingerprints are stored as their signed value. The `meta` table names the block scheme, the
band layout and the signature format the file was built with: a file written with another
scheme (another distance) or band layout has that index rebuilt when opened, and signatures
computed another way are dropped (those records keep their stage-1 key only), never misread.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from itertools import islice
from operator import itemgetter
from pathlib import Path
from typing import TypeVar

from pressbot.dedup.index import BlockScheme
from pressbot.dedup.keys import (
    BAND_LAYOUT,
    SIGNATURE_FORMAT,
    band_keys,
    check_signature,
    hamming,
    jaccard_estimate,
    to_signed64,
    to_unsigned64,
)
from pressbot.dedup.store import (
    DEFAULT_DISTANCE,
    DEFAULT_JACCARD,
    DUPLICATE_CONTENT,
    DUPLICATE_NEAR,
    DUPLICATE_URL,
    ClosingStore,
    DedupStoreError,
    Duplicate,
    check_jaccard,
    confirms,
    parse_simhash,
    settled_keys,
)

__all__ = [
    "DUPLICATE_CONTENT",
    "DUPLICATE_NEAR",
    "DUPLICATE_URL",
    "DedupStoreError",
    "SQLiteDedupStore",
    "WriteGroup",
    "read_duplicates",
]

_NEAR_DOCS = """
CREATE TABLE IF NOT EXISTS near_docs (
    id INTEGER PRIMARY KEY,
    simhash INTEGER,
    url TEXT NOT NULL,
    signature BLOB
)"""
_SCHEMA = f"""
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
{_NEAR_DOCS};
CREATE TABLE IF NOT EXISTS near_blocks (
    key INTEGER NOT NULL,
    doc INTEGER NOT NULL,
    simhash INTEGER NOT NULL,
    PRIMARY KEY (key, doc)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS near_bands (
    key INTEGER NOT NULL,
    doc INTEGER NOT NULL,
    PRIMARY KEY (key, doc)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS settled_urls (
    canonical_url TEXT PRIMARY KEY,
    first_url TEXT NOT NULL,
    reason TEXT NOT NULL,
    seen_at TEXT NOT NULL
);
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
# Version 2 added MinHash signatures (near_docs.signature, near_docs.simhash nullable, near_bands).
_VERSION = 2
KNOWN_URL = (
    "SELECT 1 FROM seen_urls WHERE canonical_url = ?1 UNION ALL "
    "SELECT 1 FROM settled_urls AS s JOIN seen_urls AS o ON o.canonical_url = s.first_url "
    "WHERE s.canonical_url = ?1 LIMIT 1"
)
"""Published, or a settled copy of a record still published: what `known_url` asks."""


_Row = TypeVar("_Row")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class WriteGroup:
    """The checks of one open write transaction, and who waits to hear how its COMMIT went."""

    def __init__(self) -> None:
        self.writes = 0
        self.urls: set[str] = set()
        """Canonical URLs of the records it added: not published until it commits."""
        self._waiters: list[Callable[[DedupStoreError | None], object]] = []

    def when_done(self, callback: Callable[[DedupStoreError | None], object]) -> None:
        """Call `callback(None)` once the group committed, or `callback(error)` once it was
        rolled back; either way nothing of it is pending any more."""
        self._waiters.append(callback)

    def _done(self, error: DedupStoreError | None) -> None:
        for callback in self._waiters:
            callback(error)


def companions(path: Path) -> tuple[Path, Path]:
    """A state file's `-wal` and `-shm` files, which SQLite keeps beside it in WAL mode."""
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def remove_state(path: Path) -> None:
    """A state file and its companions gone (a temporary state's)."""
    for file in (path, *companions(path)):
        file.unlink(missing_ok=True)


CUT_SHORT = "empty (0 bytes): it was cut short"
"""What a state file of 0 bytes is, for every command that refuses one: SQLite would read it as
a new, empty database."""
_REPAIR = "`pressbot state repair --from OUTPUT_DIR` moves it aside and rebuilds it from the feeds"


class SQLiteDedupStore(ClosingStore):
    """Seen canonical URLs, content hashes, SimHashes and MinHashes in a WAL-mode SQLite file."""

    def __init__(
        self,
        path: str | Path,
        timeout: float = 30.0,
        distance: int = DEFAULT_DISTANCE,
        scheme: BlockScheme | None = None,
        jaccard: float = DEFAULT_JACCARD,
        *,
        group_size: int = 1,
    ) -> None:
        self.path = Path(path)
        self.group_size = max(1, group_size)
        self._group: WriteGroup | None = None
        self.distance = distance
        self.jaccard = check_jaccard(jaccard)
        self.scheme = scheme or BlockScheme(distance)
        if self.scheme.distance != distance:
            raise ValueError(f"block scheme is for distance {self.scheme.distance}, not {distance}")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if not self.path.exists():
                self._create(timeout)
            elif self.path.stat().st_size == 0:
                raise DedupStoreError(
                    f"{self.path}: dedup state is {CUT_SHORT}, and every record would be "
                    f"published again; {_REPAIR}"
                )
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
                f"{self.path}: dedup state is not a usable SQLite database ({exc}); {_REPAIR}"
            ) from exc

    def _create(self, timeout: float) -> None:
        """A new state file, made whole under another name and then linked into place, so no
        process sees it empty (an empty state was cut short) and it is private (0600) from its
        first byte (SQLite gives its -wal and -shm files the same mode). The path itself is never
        opened here: closing any descriptor of a file drops every POSIX lock this process holds
        on it, so a second store in this process (the crawl's feed recovery opens one) would
        take the first one's locks, and another process closing the file would then delete the
        WAL the first one still writes to."""
        new = self.path.with_name(f".{self.path.name}.{os.getpid()}.new")
        try:
            os.close(os.open(new, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600))
            self._db = sqlite3.connect(new, timeout=timeout, isolation_level=None)
            try:
                self._db.execute("PRAGMA journal_mode=WAL")
                self._upgrade()
                self._checkpoint_whole()
            finally:
                self._db.close()
            try:
                os.link(new, self.path)
            except FileExistsError:
                pass  # another process made it first: that one is used
            except OSError:  # a file system without hard links
                if not self.path.exists():
                    os.replace(new, self.path)
        finally:
            remove_state(new)

    def _checkpoint_whole(self) -> None:
        """Move the new state out of its WAL into the file that is linked into place. Closing
        the connection would try that too, but a failure there (a full disk) is silent: the
        file linked in then lacks the schema its header promises, and every later run called
        the state malformed. Raised here, the new file is never linked."""
        busy, frames, moved = self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy or frames != moved:
            raise sqlite3.OperationalError(
                f"the new state could not be written out of its WAL ({moved} of {frames} pages)"
            )

    def _upgrade(self) -> None:
        """Create or upgrade the schema, and (re)build the near-duplicate indexes for this code."""
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
            columns = {row[1] for row in self._db.execute("PRAGMA table_info(near_docs)")}
            if "signature" not in columns:
                self._relayout_near_docs()
            if self._meta("scheme") != self.scheme.name:
                self._rebuild_index()
            foreign = self._meta("signature") != SIGNATURE_FORMAT
            if foreign:
                # Signatures computed another way would be compared value by value with ours.
                self._db.execute("UPDATE near_docs SET signature = NULL")
                self._set_meta("signature", SIGNATURE_FORMAT)
            if foreign or self._meta("bands") != BAND_LAYOUT:
                self._rebuild_bands()
            if version < _VERSION:
                self._db.execute(f"PRAGMA user_version = {_VERSION}")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def _meta(self, name: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return None if row is None else str(row[0])

    def _set_meta(self, name: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (name, value))

    def _relayout_near_docs(self) -> None:
        """Version 1 had `simhash NOT NULL` and no signature; SQLite cannot alter a constraint."""
        self._db.execute("ALTER TABLE near_docs RENAME TO near_docs_v1")
        self._db.execute(_NEAR_DOCS)
        self._db.execute(
            "INSERT INTO near_docs (id, simhash, url) SELECT id, simhash, url FROM near_docs_v1"
        )
        self._db.execute("DROP TABLE near_docs_v1")

    def _rebuild_index(self) -> None:
        self._db.execute("DELETE FROM near_blocks")
        docs = self._db.execute(
            "SELECT id, simhash FROM near_docs WHERE simhash IS NOT NULL"
        ).fetchall()
        self._index_rows(docs)
        self._set_meta("scheme", self.scheme.name)

    def _rebuild_bands(self) -> None:
        self._db.execute("DELETE FROM near_bands")
        self._band_rows(
            self._db.execute("SELECT id, signature FROM near_docs WHERE signature IS NOT NULL")
        )
        self._set_meta("bands", BAND_LAYOUT)

    def _index_rows(self, docs: Iterable[tuple[int, int]]) -> None:
        keys = self.scheme.keys
        for chunk in _chunks(docs):
            self._db.executemany(
                "INSERT INTO near_blocks VALUES (?, ?, ?)",
                sorted(
                    (
                        (key, doc, signed)
                        for doc, signed in chunk
                        for key in keys(to_unsigned64(signed))
                    ),
                    key=itemgetter(0),
                ),
            )

    def _band_rows(self, docs: Iterable[tuple[int, bytes]]) -> None:
        for chunk in _chunks(docs):
            self._db.executemany(
                "INSERT INTO near_bands VALUES (?, ?)",
                sorted(
                    ((key, doc) for doc, signature in chunk for key in band_keys(signature)),
                    key=itemgetter(0),
                ),
            )

    def check_and_add(
        self,
        canonical_url: str | None,
        content_hash: str | None,
        url: str,
        simhash: str | int | None = None,
        *,
        signature: bytes | None = None,
        run_id: str | None = None,
        site: str | None = None,
    ) -> tuple[str, str] | None:
        """None if the record is new (and remember it); else (reason, URL first seen with the key).

        With `site` and `run_id`, a new record's keys are also noted as the run's until
        `finish_run`: a killed run's keys whose records never reached a feed can then be
        forgotten (`forget_unfinished`), so the next run fetches and publishes them.

        A URL match wins over a content match, an exact content match over a SimHash one
        (stage 1: the nearest candidate whose signature does not contradict the record's), that
        over a MinHash one (stage 2; also `duplicate_near`). A duplicate is logged in
        `duplicates` and adds no keys, so the first record stays the one every later copy points
        at.

        The check joins the open `group` (or opens one) and commits it when it holds
        `group_size` checks. On any error the whole group is rolled back, its waiters are told,
        and DedupStoreError is raised.
        """
        fingerprint = parse_simhash(simhash)
        # Each index's keys once: for its lookup and, for a new record, its rows.
        blocks = None if fingerprint is None else self.scheme.keys(fingerprint)
        bands = None
        if signature is not None:
            check_signature(signature)
            bands = band_keys(signature)
        now = _now()
        try:
            group = self._begin()
            try:
                found = self._first(
                    canonical_url,
                    content_hash,
                    fingerprint=fingerprint,
                    blocks=blocks,
                    signature=signature,
                    bands=bands,
                )
                if found is None:
                    self._remember(
                        canonical_url,
                        content_hash,
                        url,
                        fingerprint,
                        blocks=blocks,
                        signature=signature,
                        bands=bands,
                        now=now,
                    )
                    if site and run_id:
                        self._db.execute(
                            "INSERT INTO run_keys VALUES (?, ?, ?)", (site, run_id, url)
                        )
                    if canonical_url:
                        group.urls.add(canonical_url)
                else:
                    self._db.execute(
                        "INSERT INTO duplicates (url, reason, duplicate_of, seen_at, run_id) "
                        "VALUES (?, ?, ?, ?, ?)",
                        (url, *found, now, run_id),
                    )
                    self._settle(url, found, canonical_url, now=now)
            except BaseException as exc:
                self._abort(exc)
                raise
            group.writes += 1
            if group.writes >= self.group_size:
                self.commit()
        except sqlite3.Error as exc:
            raise DedupStoreError(f"{self.path}: dedup state update failed: {exc}") from exc
        return found

    def _settle(self, url: str, found: tuple[str, str], key: str | None, *, now: str) -> None:
        """Note the URL of a dropped copy as settled while the record it copies is known."""
        settled, first = settled_keys(url, found, key)
        if settled != first:
            self._db.execute(
                "INSERT OR REPLACE INTO settled_urls VALUES (?, ?, ?, ?)",
                (settled, first, found[0], now),
            )

    @property
    def group(self) -> WriteGroup | None:
        """The open write transaction that `check_and_add` left for more checks to join."""
        return self._group

    def _begin(self) -> WriteGroup:
        if self._group is None:
            self._db.execute("BEGIN IMMEDIATE")
            self._group = WriteGroup()
        return self._group

    def commit(self) -> None:
        """Commit the open group, if any, and tell its waiters. If the COMMIT fails, the group
        is rolled back, its waiters get the error, and DedupStoreError is raised."""
        group = self._group
        if group is None:
            return
        try:
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            error = DedupStoreError(f"{self.path}: dedup state commit failed: {exc}")
            self._abort(error)
            raise error from exc
        self._group = None  # before the waiters run: they may use the store again
        group._done(None)

    def _abort(self, exc: BaseException) -> None:
        """Roll the open group back (SQLite may have done so already) and tell its waiters."""
        group, self._group = self._group, None
        if self._db.in_transaction:
            # A failing ROLLBACK leaves no transaction either: the group is gone both ways.
            with contextlib.suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")
        if group is not None:
            if not isinstance(exc, DedupStoreError):
                exc = DedupStoreError(f"{self.path}: dedup state update failed: {exc}")
            group._done(exc)

    def _remember(
        self,
        canonical_url: str | None,
        content_hash: str | None,
        url: str,
        fingerprint: int | None,
        *,
        blocks: list[int] | None,
        signature: bytes | None,
        bands: list[int] | None,
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
        if fingerprint is None and signature is None:
            return
        signed = None if fingerprint is None else to_signed64(fingerprint)
        cursor = self._db.execute(
            "INSERT INTO near_docs (simhash, url, signature) VALUES (?, ?, ?)",
            (signed, url, signature),
        )
        doc = cursor.lastrowid or 0
        if blocks is not None:
            self._insert_rows("near_blocks", [(key, doc, signed) for key in sorted(blocks)])
        if bands is not None:
            self._insert_rows("near_bands", [(key, doc) for key in sorted(bands)])

    def _insert_rows(self, table: str, rows: list[tuple[int | None, ...]]) -> None:
        """A record's few index rows in one multi-row INSERT: about 40 % cheaper than
        `executemany` of the same rows, which steps the statement once per row from Python."""
        width = len(rows[0])
        row = f"({', '.join('?' * width)})"
        self._db.execute(
            f"INSERT INTO {table} VALUES {', '.join([row] * len(rows))}",
            [value for values in rows for value in values],
        )

    def _first(
        self,
        canonical_url: str | None,
        content_hash: str | None,
        *,
        fingerprint: int | None,
        blocks: list[int] | None,
        signature: bytes | None,
        bands: list[int] | None,
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
        if fingerprint is not None and blocks is not None:
            near = self._nearest(fingerprint, blocks, signature)
            if near:
                return DUPLICATE_NEAR, near[0]
        if signature is not None and bands is not None:
            similar = self._similar(signature, bands)
            if similar:
                return DUPLICATE_NEAR, similar[0]
        return None

    def find_near(self, simhash: int) -> tuple[str, int] | None:
        """(URL, distance) of the nearest indexed fingerprint within `distance`; ties: oldest."""
        return self._nearest(simhash, self.scheme.keys(simhash))

    def _nearest(
        self, simhash: int, keys: list[int], signature: bytes | None = None
    ) -> tuple[str, int] | None:
        """`find_near` among the candidates that `signature` `confirms`, in two statements at
        most: the block rows, then the URL and signature of those within `distance` (usually
        none). Joining near_docs to the block rows would read a page for each of them, almost
        all too far: at 1,000,000 records that tripled the lookup (0.06 to 0.22 ms)."""
        rows = self._db.execute(
            f"SELECT doc, simhash FROM near_blocks WHERE key IN ({','.join('?' * len(keys))})",
            keys,
        ).fetchall()
        near: dict[int, int] = {}
        for doc, signed in rows:
            distance = hamming(simhash, to_unsigned64(signed))
            if distance <= self.distance:
                near[doc] = distance
        if not near:
            return None
        docs = self._db.execute(
            f"SELECT id, url, signature FROM near_docs WHERE id IN ({','.join('?' * len(near))})",
            list(near),
        ).fetchall()
        best = min(
            ((near[doc], doc, url) for doc, url, other in docs if confirms(signature, other)),
            default=None,
        )
        return None if best is None else (best[2], best[0])

    def find_similar(self, signature: bytes) -> tuple[str, float] | None:
        """(URL, estimated Jaccard) of the most similar indexed signature at or above `jaccard`
        among those sharing a band key; ties: oldest."""
        return self._similar(signature, band_keys(signature))

    def _similar(self, signature: bytes, keys: list[int]) -> tuple[str, float] | None:
        rows = self._db.execute(
            "SELECT id, signature, url FROM near_docs WHERE id IN "
            f"(SELECT doc FROM near_bands WHERE key IN ({','.join('?' * len(keys))}))",
            keys,
        ).fetchall()
        best: tuple[float, int, str] | None = None
        for doc, other, url in rows:
            if other is None:
                continue
            estimate = jaccard_estimate(signature, other)
            if estimate >= self.jaccard and (
                best is None or (-estimate, doc) < (-best[0], best[1])
            ):
                best = (estimate, doc, url)
        return None if best is None else (best[2], best[0])

    def known_url(self, canonical_url: str) -> bool:
        """Was a record with this canonical URL published, or was the page at it a copy of one
        that still is (incremental crawls skip it)? A record of the open group is not, until
        the group commits."""
        if self._group is not None and canonical_url in self._group.urls:
            return False
        try:
            row = self._db.execute(KNOWN_URL, (canonical_url,)).fetchone()
        except sqlite3.Error as exc:
            raise DedupStoreError(f"{self.path}: dedup state lookup failed: {exc}") from exc
        return row is not None

    def bulk_add_near(
        self, entries: Iterable[tuple[str, int | None, bytes | None]], batch: int = 50_000
    ) -> int:
        """Index (url, simhash, signature) entries without dedup checks, in large transactions:
        for loading. Returns how many were added.
        """
        self.commit()
        added = 0
        rows: list[tuple[int | None, str, bytes | None]] = []

        def flush() -> None:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                start = self._db.execute("SELECT COALESCE(MAX(id), 0) FROM near_docs").fetchone()
                first = start[0] + 1
                self._db.executemany(
                    "INSERT INTO near_docs (id, simhash, url, signature) VALUES (?, ?, ?, ?)",
                    ((first + i, *row) for i, row in enumerate(rows)),
                )
                self._index_rows(
                    (first + i, signed)
                    for i, (signed, _, _) in enumerate(rows)
                    if signed is not None
                )
                self._band_rows(
                    (first + i, sig) for i, (_, _, sig) in enumerate(rows) if sig is not None
                )
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

        for url, fingerprint, signature in entries:
            if signature is not None:
                check_signature(signature)
            rows.append((None if fingerprint is None else to_signed64(fingerprint), url, signature))
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

    def unfinished_runs(self, site: str, current_run: str) -> set[str]:
        """Ids of `site`'s earlier runs whose keys are still forgettable (they never finished)."""
        try:
            rows = self._db.execute(
                "SELECT DISTINCT run_id FROM run_keys WHERE site = ? AND run_id != ?",
                (site, current_run),
            ).fetchall()
        except sqlite3.Error as exc:
            raise DedupStoreError(f"{self.path}: dedup state lookup failed: {exc}") from exc
        return {run for (run,) in rows}

    def forget_unfinished(
        self,
        site: str,
        current_run: str,
        published: set[str],
        live: Iterable[str] = (),
    ) -> int:
        """Forget the keys of `site`'s earlier runs that never finished, except those of records
        in `published` (URLs in a published or salvaged feed) and those of the `live` runs
        (still running); return how many were forgotten.

        Call it after the killed runs' `.part` feeds were salvaged and before the new run checks
        anything: what a SIGKILL caught between the dedup check and the feed write is then
        fetched and published again instead of being lost.
        """
        try:
            self.commit()
            self._db.execute("BEGIN IMMEDIATE")
            try:
                spared = {current_run, *live}
                rows = self._db.execute(
                    "SELECT run_id, url FROM run_keys WHERE site = ?", (site,)
                ).fetchall()
                killed = {run for run, _ in rows if run not in spared}
                lost = {url for run, url in rows if run in killed} - published
                for url in lost:
                    self._db.execute("DELETE FROM seen_urls WHERE url = ?", (url,))
                    self._db.execute("DELETE FROM seen_content WHERE url = ?", (url,))
                    self._forget_near(url)
                self._db.executemany(
                    "DELETE FROM run_keys WHERE site = ? AND run_id = ?",
                    [(site, run) for run in sorted(killed)],
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
            self.commit()
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
            self.commit()
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
                self._forget_near(url)
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            raise DedupStoreError(f"{self.path}: dedup state update failed: {exc}") from exc

    def _forget_near(self, url: str) -> None:
        """Remove `url`'s near-duplicate docs and their index rows of both stages."""
        for doc, signed, signature in self._db.execute(
            "SELECT id, simhash, signature FROM near_docs WHERE url = ?", (url,)
        ).fetchall():
            if signed is not None:
                self._db.executemany(
                    "DELETE FROM near_blocks WHERE key = ? AND doc = ?",
                    [(key, doc) for key in self.scheme.keys(to_unsigned64(signed))],
                )
            if signature is not None:
                self._db.executemany(
                    "DELETE FROM near_bands WHERE key = ? AND doc = ?",
                    [(key, doc) for key in band_keys(signature)],
                )
            self._db.execute("DELETE FROM near_docs WHERE id = ?", (doc,))

    def close(self) -> None:
        """Commit the open group, if any (see `commit`), and close the file."""
        try:
            self.commit()
        finally:
            self._db.close()


def _chunks(items: Iterable[_Row], size: int = 20_000) -> Iterator[list[_Row]]:
    """Index rows go in key order chunk by chunk: keys are random, and a sorted chunk touches
    each B-tree page once instead of once per row (loads and rebuilds of millions of rows)."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


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


@contextlib.contextmanager
def no_new_companions(path: Path) -> Iterator[None]:
    """Leave the folder as it was: a read-only connection to a WAL-mode file creates empty
    `-wal` / `-shm` files when there were none, and those are removed again."""
    beside = companions(path)
    absent = [p for p in beside if not p.exists()]
    try:
        yield
    finally:
        wal = beside[0]
        if wal in absent and wal.exists() and wal.stat().st_size == 0:
            for created in absent:
                created.unlink(missing_ok=True)


def open_read_only(path: Path, timeout: float = 5.0) -> sqlite3.Connection:
    """A read-only connection to a state file. In a folder where SQLite cannot create the `-shm`
    file a WAL-mode state needs (read-only), a state with nothing in its WAL is read as
    immutable, which is then exact."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    db = sqlite3.connect(uri, uri=True, timeout=timeout)
    try:
        db.execute("PRAGMA schema_version")
    except sqlite3.Error as exc:
        wal = companions(path)[0]
        if exc.sqlite_errorcode != sqlite3.SQLITE_CANTOPEN or (wal.exists() and wal.stat().st_size):
            return db  # the query that follows reports it
        db.close()
        db = sqlite3.connect(f"{uri}&immutable=1", uri=True, timeout=timeout)
    return db


def read_duplicates(
    path: str | Path,
    *,
    url: str | None = None,
    run_id: str | None = None,
    since: str | None = None,
) -> list[Duplicate]:
    """`duplicates()` of a state file opened read-only: no upgrade, nothing created or locked."""
    with no_new_companions(Path(path)):
        return _read_duplicates(Path(path), url, run_id, since)


def _read_duplicates(
    path: Path, url: str | None, run_id: str | None, since: str | None
) -> list[Duplicate]:
    try:
        db = open_read_only(path)
    except sqlite3.Error as exc:
        raise DedupStoreError(f"{path}: cannot open dedup state: {exc}") from exc
    try:
        columns = {row[1] for row in db.execute("PRAGMA table_info(duplicates)")}
        if not columns:
            raise DedupStoreError(f"{path}: not a dedup state (it has no duplicates table)")
        sql, params = _duplicates_query(url, run_id, since, "run_id" in columns)
        return [Duplicate(*row) for row in db.execute(sql, params)]
    except sqlite3.Error as exc:
        raise DedupStoreError(f"{path}: dedup state is not readable: {exc}") from exc
    finally:
        db.close()
