"""Has an earlier run published this URL (or found a copy of a published record at it)? A
read-only look into the dedup state.

Incremental crawls skip known article URLs before fetching them. The dedup store owns the state
file; this module only reads it, through its own read-only SQLite connection, so asking never
takes a write lock and never changes the file. A store that answers the question itself
(`known_url(canonical_url) -> bool`, e.g. a Redis store) is used instead when it has that
method (see `KnownUrls.of`). A file that cannot be read (corrupt, not a database, locked past
`timeout`) raises `DedupStoreError` naming it, as the store itself would, so the crawl stops in
one line (`spiders.press`) rather than with a traceback per listing page.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from pressbot.dedup.sqlite import KNOWN_URL
from pressbot.dedup.store import DedupStoreError

# Tables (and their canonical-URL column) that record published URLs, newest schema first.
_URL_TABLES = (("seen_urls", "canonical_url"), ("urls", "canonical_url"))


class KnownUrls:
    """`url in known` for canonical URLs; a missing state file knows nothing (a first run)."""

    def __init__(self, path: str | Path, timeout: float = 30.0) -> None:
        self.path = Path(path)
        self.timeout = timeout
        self._db: sqlite3.Connection | None = None
        self._query: str | None = None

    @staticmethod
    def of(store: object, path: str | Path) -> Callable[[str], bool]:
        """The store's own `known_url` when it has one, else a reader of the file at `path`."""
        method = getattr(store, "known_url", None)
        if callable(method):
            return lambda url: bool(method(url))
        return KnownUrls(path).__contains__

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is not None:
            return self._db
        if not self.path.exists():
            return None
        uri = f"file:{quote(str(self.path.resolve()))}?mode=ro"
        db = sqlite3.connect(uri, uri=True, timeout=self.timeout)
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        for table, column in _URL_TABLES:
            if table in tables:
                self._query = f"SELECT 1 FROM {table} WHERE {column} = ? LIMIT 1"
                if table == "seen_urls" and "settled_urls" in tables:
                    self._query = KNOWN_URL  # copies of published records too, as the store
                break
        else:
            db.close()
            return None
        self._db = db
        return db

    def __contains__(self, canonical_url: object) -> bool:
        try:
            db = self._connect()
            if db is None or self._query is None:
                return False
            return db.execute(self._query, (canonical_url,)).fetchone() is not None
        except sqlite3.Error as exc:
            raise DedupStoreError(f"{self.path}: dedup state lookup failed: {exc}") from exc

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
