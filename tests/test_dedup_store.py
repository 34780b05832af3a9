"""The dedup stores: first seen wins, within a run, across runs and across connections.

Every behaviour test runs against both stores behind the `DedupStore` protocol: SQLite, and Redis
on a `redis-server` this module starts on a loopback port. Without the binary the Redis half is
skipped, except under CI (CI=true), where `.ci/run` installs it and its absence fails.
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import stat
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from pressbot.dedup.index import BlockScheme
from pressbot.dedup.keys import hamming
from pressbot.dedup.sqlite import (
    DUPLICATE_CONTENT,
    DUPLICATE_NEAR,
    DUPLICATE_URL,
    DedupStoreError,
    SQLiteDedupStore,
)
from pressbot.dedup.store import DedupStore
from pressbot.dedup.testing import redis_server

A = "http://news.example/2026/a.html"
A_TRACKED = "http://news.example/2026/a.html?utm_source=x"
B = "http://news.example/2026/b.html"
C = "http://news.example/2026/c.html"
HASH_1 = "1" * 64
HASH_2 = "2" * 64
HASH_3 = "3" * 64
FP = 0x815CA591C818A9DB

StoreFactory = Callable[..., DedupStore]


def require_redis_server() -> None:
    if shutil.which("redis-server") is None:
        message = "redis-server is not installed (.ci/run installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_redis_server()
    with redis_server(tmp_path_factory.mktemp("redis")) as server:
        yield server.url


@pytest.fixture(params=["sqlite", "redis"])
def open_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StoreFactory]:
    """Open (or reopen) one store; every call of one test sees the same state.

    Stores opened with `keep=False` are closed by the caller (SQLite: in the opening thread).
    """
    opened: list[DedupStore] = []
    if request.param == "redis":
        from pressbot.dedup.redis import RedisDedupStore  # noqa: PLC0415

        url = request.getfixturevalue("redis_url")
        prefix = f"test:{request.node.name}:{os.urandom(4).hex()}"

        def make(distance: int = 3, keep: bool = True) -> DedupStore:
            store = RedisDedupStore(url, prefix=prefix, distance=distance)
            if keep:
                opened.append(store)
            return store
    else:

        def make(distance: int = 3, keep: bool = True) -> DedupStore:
            store = SQLiteDedupStore(tmp_path / "state.sqlite3", distance=distance)
            if keep:
                opened.append(store)
            return store

    yield make
    for store in opened:
        store.close()


def flip(fingerprint: int, *bits: int) -> int:
    for bit in bits:
        fingerprint ^= 1 << bit
    return fingerprint


def test_first_seen_wins(open_store: StoreFactory) -> None:
    store = open_store()
    assert store.check_and_add(A, HASH_1, A) is None
    assert store.check_and_add(A, HASH_2, A_TRACKED) == (DUPLICATE_URL, A)
    assert store.check_and_add(B, HASH_1, B) == (DUPLICATE_CONTENT, A)
    assert store.check_and_add(B, HASH_2, B) is None


def test_url_match_is_reported_before_content_and_near_match(open_store: StoreFactory) -> None:
    store = open_store()
    store.check_and_add(A, HASH_1, A, FP)
    assert store.check_and_add(A, HASH_1, A, FP) == (DUPLICATE_URL, A)
    assert store.check_and_add(B, HASH_1, B, FP) == (DUPLICATE_CONTENT, A)


def test_duplicates_add_no_keys(open_store: StoreFactory) -> None:
    """A dropped copy must not become the 'first' of anything."""
    store = open_store()
    store.check_and_add(A, HASH_1, A, FP)
    assert store.check_and_add(B, HASH_1, B, flip(FP, 40)) == (DUPLICATE_CONTENT, A)
    assert store.check_and_add(B, HASH_2, B, flip(FP, 1)) == (DUPLICATE_NEAR, A)
    # B's fingerprint was not added: 4 bits from B's is 3 bits from nothing stored but A's 5.
    assert store.check_and_add(C, HASH_3, C, flip(FP, 1, 2, 3, 4, 5)) is None
    assert store.check_and_add(B, HASH_2, B) is None


def test_state_persists_across_reopen(open_store: StoreFactory) -> None:
    open_store().check_and_add(A, HASH_1, A, FP)
    store = open_store()
    assert store.check_and_add(A, HASH_2, A) == (DUPLICATE_URL, A)
    assert store.check_and_add(B, HASH_1, B) == (DUPLICATE_CONTENT, A)
    assert store.check_and_add(C, HASH_3, C, flip(FP, 9, 33)) == (DUPLICATE_NEAR, A)


def test_duplicates_are_recorded_and_filtered(open_store: StoreFactory) -> None:
    store = open_store()
    store.check_and_add(A, HASH_1, A, FP, run_id="run-1")
    store.check_and_add(A, HASH_2, A_TRACKED, run_id="run-1")
    store.check_and_add(B, HASH_1, B, run_id="run-2")
    store.check_and_add(C, HASH_3, C, flip(FP, 63), run_id="run-2")
    rows = open_store().duplicates()
    assert [row[:3] for row in rows] == [
        (A_TRACKED, DUPLICATE_URL, A),
        (B, DUPLICATE_CONTENT, A),
        (C, DUPLICATE_NEAR, A),
    ]
    assert all(row.seen_at.endswith("+00:00") for row in rows)
    assert [row.run_id for row in rows] == ["run-1", "run-2", "run-2"]
    assert [row.url for row in store.duplicates(run_id="run-2")] == [B, C]
    assert [row.url for row in store.duplicates(url=C)] == [C]
    assert len(store.duplicates(url=A)) == 3, "a URL matches the copies of it too"
    assert store.duplicates(since="2999-01-01T00:00:00+00:00") == []
    assert len(store.duplicates(since=rows[0].seen_at)) == 3


def test_missing_keys_are_skipped(open_store: StoreFactory) -> None:
    store = open_store()
    assert store.check_and_add(None, HASH_1, A) is None
    assert store.check_and_add(B, None, B) is None
    assert store.check_and_add(None, HASH_1, B) == (DUPLICATE_CONTENT, A)
    assert store.check_and_add(None, None, C, None) is None


@pytest.mark.parametrize("bits", [(), (0,), (5, 17), (1, 30, 62), (0, 16, 32)])
def test_near_copies_within_distance_are_duplicates(
    open_store: StoreFactory, bits: tuple[int, ...]
) -> None:
    store = open_store()
    store.check_and_add(A, HASH_1, A, f"{FP:016x}")
    assert store.check_and_add(B, HASH_2, B, f"{flip(FP, *bits):016x}") == (DUPLICATE_NEAR, A)


@pytest.mark.parametrize("bits", [(0, 1, 2, 3), (0, 16, 32, 48), (3, 19, 35, 51, 60)])
def test_fingerprints_beyond_distance_are_new(
    open_store: StoreFactory, bits: tuple[int, ...]
) -> None:
    store = open_store()
    store.check_and_add(A, HASH_1, A, FP)
    assert store.check_and_add(B, HASH_2, B, flip(FP, *bits)) is None


def test_distance_is_a_setting(open_store: StoreFactory) -> None:
    store = open_store(distance=5)
    store.check_and_add(A, HASH_1, A, FP)
    assert store.check_and_add(B, HASH_2, B, flip(FP, 0, 16, 32, 48, 63)) == (DUPLICATE_NEAR, A)
    assert store.check_and_add(C, HASH_3, C, flip(FP, 0, 10, 20, 30, 40, 50)) is None


def test_state_built_with_another_distance_is_reindexed(open_store: StoreFactory) -> None:
    open_store(distance=3).check_and_add(A, HASH_1, A, FP)
    store = open_store(distance=6)
    assert store.find_near(flip(FP, 0, 11, 22, 33, 44, 55)) == (A, 6)


def test_the_nearest_earlier_fingerprint_is_named(open_store: StoreFactory) -> None:
    store = open_store()
    store.check_and_add(A, HASH_1, A, flip(FP, 1, 2))
    store.check_and_add(B, HASH_2, B, flip(FP, 40, 41, 42, 43, 44))
    assert store.find_near(flip(FP, 40, 41, 42)) == (B, 2)
    assert store.find_near(FP) == (A, 2)
    assert store.find_near(flip(FP, 20, 21, 22, 23, 24, 25)) is None


def test_index_finds_exactly_what_a_linear_scan_finds(open_store: StoreFactory) -> None:
    """Random fingerprints with planted neighbours at distances 0..5, checked against a scan."""
    rng = random.Random(5)
    store = open_store()
    stored: list[tuple[str, int]] = []
    for n in range(300):
        fingerprint = rng.getrandbits(64)
        if n % 3 == 0 and stored:
            base = rng.choice(stored)[1]
            fingerprint = flip(base, *rng.sample(range(64), rng.randint(4, 8)))
        if store.find_near(fingerprint) is None:
            url = f"http://news.example/{n}.html"
            assert store.check_and_add(url, f"{n:064x}", url, fingerprint) is None
            stored.append((url, fingerprint))
    for _ in range(300):
        probe = flip(rng.choice(stored)[1], *rng.sample(range(64), rng.randint(0, 5)))
        distances = sorted(hamming(probe, fp) for _, fp in stored)
        found = store.find_near(probe)
        if distances[0] <= 3:
            assert found is not None, f"{probe:016x}: scan finds distance {distances[0]}"
            assert found[1] == distances[0]
        else:
            assert found is None


def test_one_winner_among_concurrent_connections(open_store: StoreFactory) -> None:
    """Separate connections (as separate crawl processes would have) race on the same keys."""
    open_store()
    results: list[tuple[str, str] | None] = []
    barrier = threading.Barrier(8)

    def contender(n: int) -> None:
        store = open_store(keep=False)
        barrier.wait()
        results.append(store.check_and_add(A, HASH_1, f"{A}?copy={n}"))
        store.close()

    threads = [threading.Thread(target=contender, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [r for r in results if r is None]
    assert len(results) == 8
    assert len(winners) == 1
    assert len({r for r in results if r is not None}) == 1, "every loser names the same winner"


def test_one_winner_among_concurrent_near_copies(open_store: StoreFactory) -> None:
    """Eight different near copies at once: exactly one is published, the others name it."""
    open_store()
    results: dict[int, tuple[str, str] | None] = {}
    barrier = threading.Barrier(8)

    def contender(n: int) -> None:
        store = open_store(keep=False)
        url = f"http://mirror{n}.example/a.html"
        barrier.wait()
        results[n] = store.check_and_add(url, f"{n:064x}", url, flip(FP, n))
        store.close()

    threads = [threading.Thread(target=contender, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [n for n, r in results.items() if r is None]
    assert len(winners) == 1, results
    first = f"http://mirror{winners[0]}.example/a.html"
    assert all(r == (DUPLICATE_NEAR, first) for r in results.values() if r is not None)


# SQLite only: the file itself.


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


def test_state_from_before_near_duplicates_is_upgraded(tmp_path: Path) -> None:
    """A version-0 file (no SimHash index, no run ids) keeps its records as originals."""
    path = tmp_path / "state.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript(
            """
            CREATE TABLE seen_urls (canonical_url TEXT PRIMARY KEY, url TEXT NOT NULL,
                                    first_seen TEXT NOT NULL);
            CREATE TABLE seen_content (content_hash TEXT PRIMARY KEY, url TEXT NOT NULL,
                                       simhash TEXT, first_seen TEXT NOT NULL);
            CREATE TABLE duplicates (id INTEGER PRIMARY KEY, url TEXT NOT NULL,
                                     reason TEXT NOT NULL, duplicate_of TEXT NOT NULL,
                                     seen_at TEXT NOT NULL);
            """
        )
        db.execute("INSERT INTO seen_urls VALUES (?, ?, '2026-01-01T00:00:00+00:00')", (A, A))
        db.execute(
            "INSERT INTO seen_content VALUES (?, ?, ?, '2026-01-01T00:00:00+00:00')",
            (HASH_1, A, f"{FP:016x}"),
        )
        db.execute(
            "INSERT INTO duplicates (url, reason, duplicate_of, seen_at) "
            "VALUES (?, 'duplicate_url', ?, '2026-01-01T00:00:00+00:00')",
            (A_TRACKED, A),
        )
    with SQLiteDedupStore(path) as store:
        assert store.check_and_add(B, HASH_2, B, flip(FP, 7)) == (DUPLICATE_NEAR, A)
        assert [(d.url, d.run_id) for d in store.duplicates()] == [(A_TRACKED, None), (B, None)]


def test_signed_storage_keeps_high_bit_fingerprints(tmp_path: Path) -> None:
    top = 0xFFFF_FFFF_FFFF_FFFF
    with SQLiteDedupStore(tmp_path / "state.sqlite3") as store:
        store.check_and_add(A, HASH_1, A, top)
        assert store.find_near(flip(top, 63)) == (A, 1)
        assert store.find_near(0) is None


def test_bulk_load_indexes_like_check_and_add(tmp_path: Path) -> None:
    with SQLiteDedupStore(tmp_path / "state.sqlite3") as store:
        entries = [(f"http://x/{n}", (n * 0x9E3779B97F4A7C15) % (1 << 64)) for n in range(1000)]
        assert store.bulk_add_simhashes(entries, batch=300) == 1000
        for url, fingerprint in entries[::97]:
            assert store.find_near(flip(fingerprint, 2, 40)) == (url, 2)


# Redis only: the server.


def test_unreachable_redis_is_a_clear_error_naming_it() -> None:
    pytest.importorskip("redis")
    from pressbot.dedup.redis import RedisDedupStore  # noqa: PLC0415

    with pytest.raises(DedupStoreError, match="cannot use Redis") as error:
        RedisDedupStore("redis://127.0.0.1:9/0")
    assert "redis://127.0.0.1:9/0" in str(error.value)


def test_block_scheme_is_the_one_named() -> None:
    assert BlockScheme(3).name == "k3p4"
