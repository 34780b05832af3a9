"""The SQLite dedup store: first seen wins, within a run, across runs and across connections."""

from __future__ import annotations

import stat
import threading
from pathlib import Path

import pytest

from pressbot.dedup.sqlite import (
    DUPLICATE_CONTENT,
    DUPLICATE_URL,
    DedupStoreError,
    SQLiteDedupStore,
)

A = "http://news.example/2026/a.html"
A_TRACKED = "http://news.example/2026/a.html?utm_source=x"
B = "http://news.example/2026/b.html"
HASH_1 = "1" * 64
HASH_2 = "2" * 64


def test_first_seen_wins(tmp_path: Path) -> None:
    with SQLiteDedupStore(tmp_path / "state.sqlite3") as store:
        assert store.check_and_add(A, HASH_1, A) is None
        assert store.check_and_add(A, HASH_2, A_TRACKED) == (DUPLICATE_URL, A)
        assert store.check_and_add(B, HASH_1, B) == (DUPLICATE_CONTENT, A)
        assert store.check_and_add(B, HASH_2, B) is None


def test_url_match_is_reported_before_content_match(tmp_path: Path) -> None:
    with SQLiteDedupStore(tmp_path / "state.sqlite3") as store:
        store.check_and_add(A, HASH_1, A)
        assert store.check_and_add(A, HASH_1, A) == (DUPLICATE_URL, A)


def test_duplicates_add_no_keys(tmp_path: Path) -> None:
    """A dropped copy must not become the 'first' of anything."""
    with SQLiteDedupStore(tmp_path / "state.sqlite3") as store:
        store.check_and_add(A, HASH_1, A)
        assert store.check_and_add(B, HASH_1, B) == (DUPLICATE_CONTENT, A)
        assert store.check_and_add(B, HASH_2, B) is None


def test_state_persists_across_reopen(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    with SQLiteDedupStore(path) as store:
        store.check_and_add(A, HASH_1, A)
    with SQLiteDedupStore(path) as store:
        assert store.check_and_add(A, HASH_2, A) == (DUPLICATE_URL, A)
        assert store.check_and_add(B, HASH_1, B) == (DUPLICATE_CONTENT, A)


def test_duplicates_are_recorded(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    with SQLiteDedupStore(path) as store:
        store.check_and_add(A, HASH_1, A)
        store.check_and_add(A, HASH_2, A_TRACKED)
        store.check_and_add(B, HASH_1, B)
    with SQLiteDedupStore(path) as store:
        rows = store.duplicates()
    assert [row[:3] for row in rows] == [
        (A_TRACKED, DUPLICATE_URL, A),
        (B, DUPLICATE_CONTENT, A),
    ]
    assert all(row[3].endswith("+00:00") for row in rows)


def test_missing_keys_are_skipped(tmp_path: Path) -> None:
    with SQLiteDedupStore(tmp_path / "state.sqlite3") as store:
        assert store.check_and_add(None, HASH_1, A) is None
        assert store.check_and_add(B, None, B) is None
        assert store.check_and_add(None, HASH_1, B) == (DUPLICATE_CONTENT, A)


def test_one_winner_among_concurrent_connections(tmp_path: Path) -> None:
    """Separate connections (as separate crawl processes would have) race on the same keys."""
    path = tmp_path / "state.sqlite3"
    SQLiteDedupStore(path).close()
    results: list[tuple[str, str] | None] = []
    barrier = threading.Barrier(8)

    def contender(n: int) -> None:
        with SQLiteDedupStore(path) as store:
            barrier.wait()
            results.append(store.check_and_add(A, HASH_1, f"{A}?copy={n}"))

    threads = [threading.Thread(target=contender, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [r for r in results if r is None]
    assert len(results) == 8
    assert len(winners) == 1
    assert len({r for r in results if r is not None}) == 1, "every loser names the same winner"


def test_state_file_is_private_and_parents_are_created(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "state.sqlite3"
    SQLiteDedupStore(path).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_corrupt_file_is_a_clear_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    path.write_bytes(b"this is not a database, it only sits where one should be\n" * 20)
    with pytest.raises(DedupStoreError, match="not a usable SQLite database") as error:
        SQLiteDedupStore(path)
    assert str(path) in str(error.value)


def test_unopenable_path_is_a_clear_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    path.mkdir()
    with pytest.raises(DedupStoreError) as error:
        SQLiteDedupStore(path)
    assert str(path) in str(error.value)
