"""The dedup stores: first seen wins, within a run, across runs and across connections.

Every behaviour test runs against both stores behind the `DedupStore` protocol: SQLite, and Redis
on a `redis-server` this module starts on a loopback port. Without the binary the Redis half is
skipped, except under CI (CI=true), where `.ci/run` installs it and its absence fails.

Stage-2 (MinHash) tests use texts made of random three-syllable words (one vocabulary, seeded):
copies and same-template articles whose SimHash and shingle overlap the tests check first, so a
change of hashing fails loudly instead of quietly testing something else.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import re
import sqlite3
import stat
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import require_redis_server
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from pipelines.dedup import DedupPipeline
from pressbot.dedup.index import BlockScheme
from pressbot.dedup.keys import (
    BAND_LAYOUT,
    SIGNATURE_FORMAT,
    band_keys,
    content_hash,
    hamming,
    jaccard_estimate,
    near_keys,
    simhash,
)
from pressbot.dedup.sqlite import (
    DUPLICATE_CONTENT,
    DUPLICATE_NEAR,
    DUPLICATE_URL,
    DedupStoreError,
    SQLiteDedupStore,
)
from pressbot.dedup.store import CONFIRM_JACCARD, DedupStore
from pressbot.dedup.testing import redis_server
from pressbot.items import Article
from pressbot.known import KnownUrls
from pressbot.offline.pages import Page
from pressbot.offline.work import Record, parse_page
from pressbot.statecmd import rebuild

A = "http://news.example/2026/a.html"
A_TRACKED = "http://news.example/2026/a.html?utm_source=x"
B = "http://news.example/2026/b.html"
C = "http://news.example/2026/c.html"
HASH_1 = "1" * 64
HASH_2 = "2" * 64
HASH_3 = "3" * 64
FP = 0x815CA591C818A9DB

StoreFactory = Callable[..., DedupStore]


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

        def make(distance: int = 3, keep: bool = True, jaccard: float = 0.5) -> DedupStore:
            store = RedisDedupStore(url, prefix=prefix, distance=distance, jaccard=jaccard)
            if keep:
                opened.append(store)
            return store
    else:

        def make(distance: int = 3, keep: bool = True, jaccard: float = 0.5) -> DedupStore:
            store = SQLiteDedupStore(tmp_path / "state.sqlite3", distance=distance, jaccard=jaccard)
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


_SYLLABLES = [c + v for c in "bdklmnrst" for v in "aeiou"]
_VOCABULARY = sorted({"".join(random.Random(n).choices(_SYLLABLES, k=3)) for n in range(400)})


def article(seed: int, paragraphs: int = 8, words: int = 30) -> str:
    rng = random.Random(seed)
    return "\n".join(" ".join(rng.choices(_VOCABULARY, k=words)) for _ in range(paragraphs))


def syndicated(text: str, seed: int) -> str:
    """The copy another outlet runs: paragraph 4 dropped, 10 % of the words rewritten (four
    phrases of six words)."""
    rng = random.Random(seed)
    paragraphs = [p.split(" ") for p in text.split("\n")]
    del paragraphs[3]
    for p in rng.sample(range(len(paragraphs)), 4):
        start = rng.randrange(len(paragraphs[p]) - 6)
        paragraphs[p][start : start + 6] = rng.choices(_VOCABULARY, k=6)
    return "\n".join(" ".join(p) for p in paragraphs)


def keys_of(text: str) -> tuple[str, bytes]:
    """(SimHash hex, signature) as the crawl computes them."""
    near = near_keys(text, f"{simhash(text):016x}")
    assert near.simhash is not None and near.signature is not None
    return near.simhash, near.signature


def signature_of(values: list[int]) -> bytes:
    return b"".join(v.to_bytes(4, "big") for v in values)


def varied(values: list[int], positions: range | list[int], salt: int) -> list[int]:
    """`values` with other values at `positions`."""
    return [v ^ (0x5A5A0000 + salt) if i in positions else v for i, v in enumerate(values)]


BASE = [random.Random(7).getrandbits(32) for _ in range(32)]


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


def test_a_checked_records_index_rows_are_those_a_bulk_load_writes(tmp_path: Path) -> None:
    """`check_and_add` writes a new record's rows of both near indexes in one INSERT each; a
    bulk load (the path of a rebuild) writes them row by row: the same rows either way."""
    checked = SQLiteDedupStore(tmp_path / "checked.sqlite3")
    loaded = SQLiteDedupStore(tmp_path / "loaded.sqlite3")
    entries = []
    for n in range(12):
        fingerprint, signature = keys_of(article(n))
        url = f"http://news.example/{n}.html"
        assert (
            checked.check_and_add(url, f"{n:064x}", url, fingerprint, signature=signature) is None
        )
        entries.append((url, int(fingerprint, 16), signature))
    assert loaded.bulk_add_near(entries) == len(entries)
    checked.close()
    loaded.close()
    for table in ("near_docs", "near_blocks", "near_bands"):
        tables = []
        for name in ("checked", "loaded"):
            with contextlib.closing(sqlite3.connect(tmp_path / f"{name}.sqlite3")) as db:
                tables.append(sorted(db.execute(f"SELECT * FROM {table}").fetchall()))
        assert tables[0] == tables[1], table
        assert len(tables[0]) >= len(entries), table


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


def test_stage_two_catches_a_copy_simhash_misses(open_store: StoreFactory) -> None:
    original = article(3)
    copy = syndicated(original, 3)
    (fp_a, sig_a), (fp_b, sig_b) = keys_of(original), keys_of(copy)
    assert hamming(int(fp_a, 16), int(fp_b, 16)) > 3, "the copy must be beyond stage 1"
    assert jaccard_estimate(sig_a, sig_b) >= 0.5
    store = open_store()
    assert store.check_and_add(A, HASH_1, A, fp_a, signature=sig_a) is None
    assert store.find_near(int(fp_b, 16)) is None
    assert store.check_and_add(B, HASH_2, B, fp_b, signature=sig_b) == (DUPLICATE_NEAR, A)
    assert store.find_similar(sig_b) == (A, jaccard_estimate(sig_a, sig_b))
    assert store.check_and_add(C, HASH_3, C, fp_b) is None, "without a signature: stage 1 only"


def test_distinct_articles_of_one_template_are_not_matched(open_store: StoreFactory) -> None:
    """Same lead-in and closing paragraphs (a site's template text), different stories."""
    lead, closing = article(100, paragraphs=1), article(101, paragraphs=2)
    first = f"{lead}\n{article(6, paragraphs=5)}\n{closing}"
    second = f"{lead}\n{article(26, paragraphs=5)}\n{closing}"
    (fp_a, sig_a), (fp_b, sig_b) = keys_of(first), keys_of(second)
    assert set(band_keys(sig_a)) & set(band_keys(sig_b)), "a candidate: verification decides"
    assert 0.2 < jaccard_estimate(sig_a, sig_b) < 0.5
    store = open_store()
    assert store.check_and_add(A, HASH_1, A, fp_a, signature=sig_a) is None
    assert store.check_and_add(B, HASH_2, B, fp_b, signature=sig_b) is None
    assert store.find_similar(sig_b) == (B, 1.0)


def test_stage_two_duplicates_add_no_keys(open_store: StoreFactory) -> None:
    """C is a copy of B (20 of 32 values) but not of A (8 of 32): B was dropped, so C is new."""
    a = BASE
    b = varied(a, range(20, 32), 1)
    c = varied(b, range(4, 16), 2)
    store = open_store()
    assert store.check_and_add(A, HASH_1, A, signature=signature_of(a)) is None
    assert store.check_and_add(B, HASH_2, B, signature=signature_of(b)) == (DUPLICATE_NEAR, A)
    assert jaccard_estimate(signature_of(b), signature_of(c)) == 20 / 32
    assert jaccard_estimate(signature_of(a), signature_of(c)) == 8 / 32
    assert set(band_keys(signature_of(a))) & set(band_keys(signature_of(c))), "A is a candidate"
    assert store.check_and_add(C, HASH_3, C, signature=signature_of(c)) is None


def test_stage_two_names_the_most_similar_then_the_oldest(open_store: StoreFactory) -> None:
    a = BASE
    b = varied(BASE, range(20), 3)  # 12 of 32 values in common with A: another article
    store = open_store()
    assert store.check_and_add(A, HASH_1, A, signature=signature_of(a)) is None
    assert store.check_and_add(B, HASH_2, B, signature=signature_of(b)) is None
    closer_to_b = b[:16] + a[16:]  # 28 of 32 with B, 16 with A
    assert store.find_similar(signature_of(closer_to_b)) == (B, 28 / 32)
    tie = a[:10] + b[10:]  # 22 of 32 with each: the oldest, A
    assert store.find_similar(signature_of(tie)) == (A, 22 / 32)
    assert store.check_and_add(C, HASH_3, C, signature=signature_of(tie)) == (DUPLICATE_NEAR, A)


@pytest.mark.parametrize("jaccard", [0.5, 0.75])
def test_the_jaccard_threshold_is_a_setting(open_store: StoreFactory, jaccard: float) -> None:
    """A copy at the threshold is a duplicate, one value fewer is new (both stages' code)."""
    store = open_store(jaccard=jaccard)
    store.check_and_add(A, HASH_1, A, signature=signature_of(BASE))
    changed = round(32 * (1 - jaccard))
    below = signature_of(varied(BASE, range(changed + 1), 1))
    at = signature_of(varied(BASE, range(changed), 2))
    assert store.find_similar(below) is None
    assert store.check_and_add(B, HASH_2, B, signature=below) is None
    assert store.find_similar(at) == (A, jaccard)
    assert store.check_and_add(C, HASH_3, C, signature=at) == (DUPLICATE_NEAR, A)
    with pytest.raises(ValueError, match="Jaccard"):
        open_store(jaccard=0)


def test_stage_two_state_persists_across_reopen(open_store: StoreFactory) -> None:
    open_store().check_and_add(A, HASH_1, A, signature=signature_of(BASE))
    copy = signature_of(varied(BASE, range(10), 1))
    assert open_store().check_and_add(B, HASH_2, B, signature=copy) == (DUPLICATE_NEAR, A)


def test_a_malformed_signature_is_refused_before_anything_is_written(
    open_store: StoreFactory,
) -> None:
    store = open_store()
    with pytest.raises(ValueError, match="128 bytes"):
        store.check_and_add(A, HASH_1, A, FP, signature=b"short")
    assert store.check_and_add(A, HASH_1, A, FP) is None


def test_forget_removes_stage_two_keys(open_store: StoreFactory) -> None:
    store = open_store()
    sig = signature_of(BASE)
    copy = signature_of(varied(BASE, range(8), 1))
    assert store.check_and_add(A, HASH_1, A, FP, signature=sig) is None
    assert _band_entries(store) == 16
    store.forget(A, HASH_1, "http://elsewhere.example/", FP)  # not A's: keys stay
    assert store.find_similar(copy) == (A, 0.75)
    store.forget(A, HASH_1, A, f"{FP:016x}")  # as the feed pipeline does: no signature given
    assert store.find_similar(copy) is None
    assert store.find_similar(sig) is None
    assert _band_entries(store) == 0
    assert store.check_and_add(B, HASH_2, B, signature=copy) is None


def test_known_url_answers_for_published_records_and_their_copies(
    open_store: StoreFactory,
) -> None:
    """The Redis store answers it too, so distributed crawls are incremental. A page dropped as
    a copy of a published record is known while that record is: an incremental run neither
    fetches it again nor walks on past its listing page for it. Forgotten (a record whose feed
    write failed), the record is not known, nor are its copies: each is fetched again."""
    store = open_store()
    store.check_and_add(A, HASH_1, A)
    assert store.check_and_add(B, HASH_1, B) == (DUPLICATE_CONTENT, A)
    # A copy at A's own URL with tracking parameters is A's URL: nothing to settle.
    assert store.check_and_add(A, HASH_1, A + "?utm_source=x") == (DUPLICATE_URL, A)
    assert store.known_url(A)
    assert store.known_url(B), "a dropped copy of a published record is settled"
    known = KnownUrls.of(store, "/nonexistent/state.sqlite3")
    assert known(A)
    assert known(B)
    assert not known(C)
    store.forget(A, HASH_1, A)
    assert not store.known_url(A)
    assert not store.known_url(B), "a copy of a record no longer published is not known"
    assert store.check_and_add(C, HASH_1, C) is None  # the text is new again: C publishes it
    assert store.check_and_add(B, HASH_1, B) == (DUPLICATE_CONTENT, C)
    assert store.known_url(B), "settled again, as a copy of C"


def test_a_read_only_look_at_the_state_knows_settled_copies(tmp_path: Path) -> None:
    """`KnownUrls` on the file (the spider's own reader when no store answers) asks what the
    store's `known_url` asks; on a state file written before `settled_urls` existed it asks
    for published URLs alone."""
    path = tmp_path / "state.sqlite3"
    store = SQLiteDedupStore(path)
    store.check_and_add(A, HASH_1, A)
    store.check_and_add(B, HASH_1, B)
    store.close()
    reader = KnownUrls(path)
    assert A in reader
    assert B in reader
    assert C not in reader
    reader.close()
    with sqlite3.connect(path) as db:
        db.execute("DROP TABLE settled_urls")
    db.close()
    reader = KnownUrls(path)
    assert A in reader
    assert B not in reader
    reader.close()


def test_a_state_file_that_cannot_be_read_is_a_dedup_state_error(tmp_path: Path) -> None:
    """With the dedup pipeline off, the spider asks `KnownUrls` itself: a corrupt file must
    stop the crawl in one line, as a failing store does, not raise sqlite3's error per page."""
    path = tmp_path / "state.sqlite3"
    path.write_bytes(b"not a database, whatever its name says" * 200)
    with pytest.raises(DedupStoreError, match=r"state\.sqlite3: dedup state lookup failed"):
        _ = A in KnownUrls(path)


def test_one_winner_among_concurrent_similar_copies(open_store: StoreFactory) -> None:
    """Eight stage-2 copies at once (no SimHash): one is published, the others name it."""
    open_store()
    results: dict[int, tuple[str, str] | None] = {}
    barrier = threading.Barrier(8)

    def contender(n: int) -> None:
        store = open_store(keep=False)
        url = f"http://mirror{n}.example/a.html"
        sig = signature_of(varied(BASE, range(n, n + 4), n))
        barrier.wait()
        results[n] = store.check_and_add(url, f"{n:064x}", url, signature=sig)
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


def test_signatures_made_another_way_are_dropped_not_misread(open_store: StoreFactory) -> None:
    store = open_store()
    store.check_and_add(A, HASH_1, A, FP, signature=signature_of(BASE))
    assert _band_entries(store) == 16
    _set_meta(store, "signature", "mh0s4n32")
    store = open_store()
    assert store.find_similar(signature_of(BASE)) is None
    assert _band_entries(store) == 0
    assert store.find_near(FP) == (A, 0), "stage 1 keeps the record"
    assert store.check_and_add(B, HASH_2, B, signature=signature_of(BASE)) is None


def test_state_built_with_another_band_layout_is_reindexed(open_store: StoreFactory) -> None:
    store = open_store()
    store.check_and_add(A, HASH_1, A, signature=signature_of(BASE))
    _set_meta(store, "bands", "b8r4")
    _clear_bands(store)
    store = open_store()
    assert store.find_similar(signature_of(varied(BASE, range(8), 1))) == (A, 0.75)


def _set_meta(store: DedupStore, name: str, value: str) -> None:
    if isinstance(store, SQLiteDedupStore):
        store._db.execute("UPDATE meta SET value = ? WHERE name = ?", (value, name))
    else:
        store._redis.set(store._keys[name], value)  # type: ignore[attr-defined]


def _band_sets(store: DedupStore) -> list[bytes]:
    prefix = re.sub(r"([*?\[\]])", r"\\\1", store.prefix)  # type: ignore[attr-defined]
    return list(store._redis.scan_iter(match=f"{prefix}:band:*"))  # type: ignore[attr-defined]


def _band_entries(store: DedupStore) -> int:
    if isinstance(store, SQLiteDedupStore):
        return int(store._db.execute("SELECT COUNT(*) FROM near_bands").fetchone()[0])
    return sum(store._redis.scard(key) for key in _band_sets(store))  # type: ignore[attr-defined]


def _clear_bands(store: DedupStore) -> None:
    if isinstance(store, SQLiteDedupStore):
        store._db.execute("DELETE FROM near_bands")
    else:
        for key in _band_sets(store):
            store._redis.delete(key)  # type: ignore[attr-defined]


# Stage 1 confirmed: a SimHash candidate is a copy unless both signatures say otherwise. Real
# text: the hand-written gold bodies of two unrelated English fixtures (extraction changes do not
# move them) whose SimHashes are 3 bits apart.

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
RENOVATION = "crikey/opinion-paywall"
DEBT = "foreignpolicy/argument"


def gold_body(case: str) -> str:
    return str(json.loads((FIXTURES / case / "expected.json").read_text("utf-8"))["body"])


def trimmed(text: str, every: int) -> str:
    """A heavily cut copy: every `every`-th word of each paragraph dropped."""
    return "\n".join(
        " ".join(w for i, w in enumerate(p.split(" "), 1) if i % every) for p in text.split("\n")
    )


def test_simhash_neighbours_the_signatures_call_distinct_are_both_kept(
    open_store: StoreFactory,
) -> None:
    """Weighted SimHash of English text follows its function words: an opinion piece on a
    renovation grant and one on sovereign debt share the neighbourhood, and no shingle."""
    (fp_a, sig_a), (fp_b, sig_b) = keys_of(gold_body(RENOVATION)), keys_of(gold_body(DEBT))
    assert hamming(int(fp_a, 16), int(fp_b, 16)) == 3, "stage 1 must see a candidate"
    assert jaccard_estimate(sig_a, sig_b) == 0
    store = open_store()
    assert store.check_and_add(A, HASH_1, A, fp_a, signature=sig_a) is None
    assert store.find_near(int(fp_b, 16)) == (A, 3), "find_near reports the bare neighbour"
    assert store.check_and_add(B, HASH_2, B, fp_b, signature=sig_b) is None
    assert store.duplicates() == []


@pytest.mark.parametrize(
    ("edit", "low", "high"),
    [
        (lambda text: f"{text}\n(Source: Daily Post. Editor: J. Smith)", 0.9, 1.0),
        (lambda text: trimmed(text, 7), CONFIRM_JACCARD, 0.49),  # stage 2 alone misses it
    ],
    ids=["credit-line", "every-7th-word-cut"],
)
def test_a_near_copy_the_signatures_confirm_is_dropped(
    open_store: StoreFactory, edit: Callable[[str], str], low: float, high: float
) -> None:
    original = gold_body(RENOVATION)
    (fp_a, sig_a), (fp_b, sig_b) = keys_of(original), keys_of(edit(original))
    assert hamming(int(fp_a, 16), int(fp_b, 16)) <= 3
    assert low <= jaccard_estimate(sig_a, sig_b) <= high
    store = open_store()
    assert store.check_and_add(A, HASH_1, A, fp_a, signature=sig_a) is None
    assert store.check_and_add(B, HASH_2, B, fp_b, signature=sig_b) == (DUPLICATE_NEAR, A)


@pytest.mark.parametrize("unsigned", ["candidate", "record"])
def test_without_a_signature_on_either_side_simhash_alone_decides(
    open_store: StoreFactory, unsigned: str
) -> None:
    """Records kept by an earlier version, or whose signatures were made another way, have
    none: nothing contradicts stage 1, so the unrelated neighbour is dropped as before."""
    (fp_a, sig_a), (fp_b, sig_b) = keys_of(gold_body(RENOVATION)), keys_of(gold_body(DEBT))
    store = open_store()
    first = None if unsigned == "candidate" else sig_a
    assert store.check_and_add(A, HASH_1, A, fp_a, signature=first) is None
    second = None if unsigned == "record" else sig_b
    assert store.check_and_add(B, HASH_2, B, fp_b, signature=second) == (DUPLICATE_NEAR, A)


def test_stage_one_names_the_nearest_confirmed_candidate(open_store: StoreFactory) -> None:
    """Planted fingerprints and signatures: no real texts sit at chosen distances and estimates
    from each other. C is 1 bit from B but another story (no value in common), 3 bits from A and
    a copy of it (12 of 32 values: stage 1's confirmation, not stage 2, names A)."""
    a, b, c = BASE, varied(BASE, range(32), 1), varied(BASE, range(20), 2)
    store = open_store()
    assert store.check_and_add(A, HASH_1, A, FP, signature=signature_of(a)) is None
    b_fp, c_fp = flip(FP, 10, 20, 40, 50), flip(FP, 10, 20, 40)
    assert store.check_and_add(B, HASH_2, B, b_fp, signature=signature_of(b)) is None
    assert store.find_near(c_fp) == (B, 1)
    assert store.find_similar(signature_of(c)) is None
    found = store.check_and_add(C, HASH_3, C, c_fp, signature=signature_of(c))
    assert found == (DUPLICATE_NEAR, A)


def test_unrelated_records_sharing_a_simhash_are_each_a_candidate(open_store: StoreFactory) -> None:
    """A and B have one SimHash but no value of their signatures in common: both are kept. C is
    1 bit away and a copy of B that only stage 1's confirmation catches (8 of 32 values). Redis
    kept one URL per SimHash, A's: C met only A, which its signature rules out, and was
    published; SQLite named B. Forgetting A must leave B's SimHash indexed."""
    a, b = BASE, varied(BASE, range(32), 1)
    c = varied(b, range(8, 32), 3)
    store = open_store()
    assert store.check_and_add(A, HASH_1, A, FP, signature=signature_of(a)) is None
    assert store.check_and_add(B, HASH_2, B, FP, signature=signature_of(b)) is None
    assert store.find_similar(signature_of(c)) is None, "stage 2 alone misses it"
    found = store.check_and_add(C, HASH_3, C, flip(FP, 5), signature=signature_of(c))
    assert found == (DUPLICATE_NEAR, B)
    assert store.find_near(FP) == (A, 0), "the oldest record of the SimHash"
    store.forget(A, HASH_1, A, f"{FP:016x}")
    assert store.find_near(FP) == (B, 0)


# The callers: the crawl pipeline, state repair and offline parsing get both near keys from
# `near_keys`, and the pipeline reads the threshold setting.


def _item(url: str, body: str) -> Article:
    return Article(
        url=url,
        canonical_url=url,
        site="demo",
        title="Town news",
        body=body,
        fetched_at="2026-11-29T07:40:00+00:00",
        content_hash=content_hash(body),
        simhash=f"{simhash(body):016x}",
    )


@pytest.mark.parametrize(("jaccard", "dropped"), [("0.5", True), ("0.9", False)])
def test_the_crawl_pipeline_drops_a_copy_only_stage_two_catches(
    tmp_path: Path, jaccard: str, dropped: bool
) -> None:
    original = article(3)
    copy = syndicated(original, 3)  # estimate 0.62, SimHash 10 bits off
    settings = {
        "PRESSBOT_STATE_PATH": str(tmp_path / "s.sqlite3"),
        "PRESSBOT_NEAR_JACCARD": jaccard,
    }
    crawler = get_crawler(settings_dict=settings)
    crawler.stats.open_spider()
    pipeline = DedupPipeline.from_crawler(crawler)

    async def crawl() -> None:  # on a running event loop: records wait for their group commit
        try:
            await pipeline.process_item(_item(A, original))
            if dropped:
                with pytest.raises(DropItem, match=rf"^duplicate_near: {B} \(first seen at {A}\)"):
                    await pipeline.process_item(_item(B, copy))
            else:
                assert (await pipeline.process_item(_item(B, copy))).url == B
        finally:
            pipeline.close_spider()

    asyncio.run(crawl())


def test_state_repair_rebuilds_stage_two_keys_from_the_bodies(tmp_path: Path) -> None:
    original = article(3)
    feed = tmp_path / "demo-20260101T000000Z-1.jsonl"
    feed.write_text(
        "".join(
            json.dumps(_item(url, body).to_dict()) + "\n"
            for url, body in ((A, original), (B, syndicated(original, 3)))
        ),
        encoding="utf-8",
    )
    with SQLiteDedupStore(tmp_path / "state.sqlite3") as store:
        assert rebuild(store, [feed]) == {"files": 1, "added": 1, "duplicates": 1, "unreadable": 0}
        assert store.duplicates()[0][:3] == (B, DUPLICATE_NEAR, A)


def test_offline_records_carry_the_crawls_near_keys() -> None:
    paragraphs = "".join(
        f"<p>{p.capitalize().replace(' ', ', ', 3)}.</p>" for p in article(3).split("\n")
    )
    html = (
        "<html><head><meta charset='utf-8'><title>Town news</title>"
        "<meta property='article:published_time' content='2026-03-02T10:00:00+08:00'></head>"
        f"<body><article><h1>Town news</h1><div>{paragraphs}</div></article></body></html>"
    )
    record = parse_page(Page(path="a.html", url=A, data=html.encode()), None)
    assert isinstance(record, Record)
    body = json.loads(record.line)["body"]
    assert (record.simhash, record.signature) == near_keys(body, json.loads(record.line)["simhash"])
    assert record.signature is not None
    assert "signature" not in json.loads(record.line), "the published record is unchanged"


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


def test_an_empty_state_file_is_an_error_not_a_fresh_state(tmp_path: Path) -> None:
    """SQLite takes an empty file for a new database: a state cut to 0 bytes would let the next
    run publish every record again, silently."""
    path = tmp_path / "state.sqlite3"
    store = SQLiteDedupStore(path)
    assert store.check_and_add(A, HASH_1, A, None) is None
    store.close()
    path.write_bytes(b"")
    with pytest.raises(DedupStoreError, match="empty") as error:
        SQLiteDedupStore(path)
    assert str(path) in str(error.value) and "state repair" in str(error.value)


def test_a_new_state_file_is_never_seen_empty(tmp_path: Path) -> None:
    """It is made whole under another name and linked into place: a process opening it while
    another creates it finds a database, not 0 bytes (which would be taken for a cut state)."""
    path = tmp_path / "state.sqlite3"
    seen: list[int] = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            with contextlib.suppress(FileNotFoundError):
                seen.append(path.stat().st_size)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        SQLiteDedupStore(path).close()
    finally:
        stop.set()
        watcher.join()
    assert path.stat().st_size > 0
    assert 0 not in seen
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.sqlite3"], "no leftovers"


def test_unopenable_path_is_a_clear_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    path.mkdir()
    with pytest.raises(DedupStoreError) as error:
        SQLiteDedupStore(path)
    assert str(path) in str(error.value)


def test_state_from_before_near_duplicates_is_upgraded(tmp_path: Path) -> None:
    """A version-0 file (no SimHash index, no run ids) keeps its records as originals."""
    path = tmp_path / "state.sqlite3"
    with contextlib.closing(sqlite3.connect(path)) as db, db:  # `with db` commits, never closes
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


def test_state_from_before_minhash_is_upgraded(tmp_path: Path) -> None:
    """A version-1 file (SimHash only, `simhash NOT NULL`) keeps its records: stage 1 finds them,
    they have no stage-2 keys, and new records get both."""
    path = tmp_path / "state.sqlite3"
    scheme = BlockScheme(3)
    with contextlib.closing(sqlite3.connect(path)) as db, db:  # `with db` commits, never closes
        db.executescript(
            """
            CREATE TABLE seen_urls (canonical_url TEXT PRIMARY KEY, url TEXT NOT NULL,
                                    first_seen TEXT NOT NULL);
            CREATE TABLE seen_content (content_hash TEXT PRIMARY KEY, url TEXT NOT NULL,
                                       simhash TEXT, first_seen TEXT NOT NULL);
            CREATE TABLE duplicates (id INTEGER PRIMARY KEY, url TEXT NOT NULL,
                                     reason TEXT NOT NULL, duplicate_of TEXT NOT NULL,
                                     seen_at TEXT NOT NULL, run_id TEXT);
            CREATE TABLE near_docs (id INTEGER PRIMARY KEY, simhash INTEGER NOT NULL,
                                    url TEXT NOT NULL);
            CREATE TABLE near_blocks (key INTEGER NOT NULL, doc INTEGER NOT NULL,
                                      simhash INTEGER NOT NULL, PRIMARY KEY (key, doc))
                                      WITHOUT ROWID;
            CREATE TABLE run_keys (site TEXT NOT NULL, run_id TEXT NOT NULL, url TEXT NOT NULL);
            CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
            INSERT INTO meta VALUES ('scheme', 'k3p4');
            PRAGMA user_version = 1;
            """
        )
        db.execute("INSERT INTO seen_urls VALUES (?, ?, '2026-01-01T00:00:00+00:00')", (A, A))
        db.execute("INSERT INTO near_docs VALUES (1, ?, ?)", (FP - (1 << 64), A))
        db.executemany(
            "INSERT INTO near_blocks VALUES (?, 1, ?)",
            [(key, FP - (1 << 64)) for key in scheme.keys(FP)],
        )
    with SQLiteDedupStore(path) as store:
        assert store.find_near(flip(FP, 9)) == (A, 1)
        assert store.find_similar(signature_of(BASE)) is None
        assert store.check_and_add(B, HASH_2, B, signature=signature_of(BASE)) is None
        copy = signature_of(varied(BASE, range(8), 1))
        assert store.check_and_add(C, HASH_3, C, signature=copy) == (DUPLICATE_NEAR, B)
        store.forget(A, None, A, FP)
        assert store.find_near(FP) is None
        db = store._db
        assert db.execute("PRAGMA user_version").fetchone()[0] == 2
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert {r[1] for r in db.execute("PRAGMA table_info(near_docs)")} >= {"signature"}
        assert dict(db.execute("SELECT name, value FROM meta")) == {
            "scheme": "k3p4",
            "signature": SIGNATURE_FORMAT,
            "bands": BAND_LAYOUT,
        }
    with SQLiteDedupStore(path) as store:  # the upgraded file opens as it is
        assert store.check_and_add(A, HASH_1, A, flip(FP, 1)) is None
        assert store.find_similar(copy) == (B, 0.75)


def test_forget_unfinished_removes_stage_two_keys(tmp_path: Path) -> None:
    with SQLiteDedupStore(tmp_path / "state.sqlite3") as store:
        sig = signature_of(BASE)
        store.check_and_add(A, HASH_1, A, FP, signature=sig, site="s", run_id="killed")
        store.check_and_add(B, HASH_2, B, signature=signature_of(varied(BASE, range(20), 1)))
        assert store.forget_unfinished("s", "now", published=set()) == 1
        assert store.find_similar(sig) is None
        assert store._db.execute("SELECT COUNT(*) FROM near_bands").fetchone()[0] == 16, "B's"
        assert store.check_and_add(A, HASH_1, A, FP, signature=sig) is None


def test_signed_storage_keeps_high_bit_fingerprints(tmp_path: Path) -> None:
    top = 0xFFFF_FFFF_FFFF_FFFF
    with SQLiteDedupStore(tmp_path / "state.sqlite3") as store:
        store.check_and_add(A, HASH_1, A, top)
        assert store.find_near(flip(top, 63)) == (A, 1)
        assert store.find_near(0) is None


def test_bulk_load_indexes_like_check_and_add(tmp_path: Path) -> None:
    with SQLiteDedupStore(tmp_path / "state.sqlite3") as store:
        entries = [
            (
                f"http://x/{n}",
                (n * 0x9E3779B97F4A7C15) % (1 << 64) if n % 3 else None,
                signature_of([random.Random(n).getrandbits(32) for _ in range(32)])
                if n % 5
                else None,
            )
            for n in range(1000)
        ]
        assert store.bulk_add_near(entries, batch=300) == 1000
        for url, fingerprint, sig in entries[::37]:
            if fingerprint is not None:
                assert store.find_near(flip(fingerprint, 2, 40)) == (url, 2)
            if sig is not None:
                assert store.find_similar(sig[:64] + bytes(64)) == (url, 0.5)
        stored = store._db.execute("SELECT COUNT(*) FROM near_bands").fetchone()[0]
        assert stored == 16 * sum(sig is not None for *_, sig in entries)


# Redis only: the server.


def test_unreachable_redis_is_a_clear_error_naming_it() -> None:
    pytest.importorskip("redis")
    from pressbot.dedup.redis import RedisDedupStore  # noqa: PLC0415

    with pytest.raises(DedupStoreError, match="cannot use Redis") as error:
        RedisDedupStore("redis://127.0.0.1:9/0")
    assert "redis://127.0.0.1:9/0" in str(error.value)


def test_redis_state_from_before_minhash_is_upgraded(redis_url: str) -> None:
    """Keys as the SimHash-only store wrote them: records keep stage 1, gain no stage-2 keys."""
    import redis  # noqa: PLC0415

    from pressbot.dedup.redis import RedisDedupStore  # noqa: PLC0415

    prefix = f"old:{os.urandom(4).hex()}"
    client = redis.Redis.from_url(redis_url)
    client.hset(f"{prefix}:url", A, A)
    client.hset(f"{prefix}:content", HASH_1, A)
    client.hset(f"{prefix}:simhash", f"{FP:016x}", A)
    client.set(f"{prefix}:scheme", "k3p4")
    for key in BlockScheme(3).keys(FP):
        client.sadd(f"{prefix}:near:k3p4:{key:x}", f"{FP:016x}")
    with RedisDedupStore(redis_url, prefix=prefix) as store:
        assert store.find_near(flip(FP, 5)) == (A, 1)
        assert store.check_and_add(B, HASH_2, B, flip(FP, 5)) == (DUPLICATE_NEAR, A)
        assert store.check_and_add(C, HASH_3, C, signature=signature_of(BASE)) is None
        copy = signature_of(varied(BASE, range(8), 1))
        assert store.find_similar(copy) == (C, 0.75)
    assert client.get(f"{prefix}:signature") == SIGNATURE_FORMAT.encode()
    assert client.get(f"{prefix}:bands") == BAND_LAYOUT.encode()
    client.close()


def test_a_redis_that_may_evict_keys_is_refused_naming_its_policy(tmp_path: Path) -> None:
    """An evicted key is a record published twice or a request never fetched: refused at open,
    unless nothing can be evicted (no maxmemory, or noeviction)."""
    require_redis_server()
    import redis  # noqa: PLC0415

    from pressbot.dedup.redis import RedisDedupStore  # noqa: PLC0415

    with redis_server(tmp_path / "redis") as server:
        client = redis.Redis.from_url(server.url)
        client.config_set("maxmemory-policy", "allkeys-lru")
        RedisDedupStore(server.url).close()  # maxmemory 0: nothing is evicted
        client.flushall()
        client.config_set("maxmemory", 100_000_000)
        with pytest.raises(DedupStoreError) as refused:
            RedisDedupStore(server.url)
        message = str(refused.value)
        assert "\n" not in message
        assert f"{server.url}: cannot use Redis" in message
        assert "maxmemory-policy is allkeys-lru" in message
        assert "pressbot needs maxmemory-policy noeviction" in message
        assert not client.keys("*"), "nothing was written"
        client.config_set("maxmemory-policy", "noeviction")
        RedisDedupStore(server.url).close()
        client.close()


def test_a_full_redis_is_said_to_be_full(tmp_path: Path) -> None:
    require_redis_server()
    import redis  # noqa: PLC0415

    from pressbot.dedup.redis import RedisDedupStore, describe_failure  # noqa: PLC0415

    with redis_server(tmp_path / "redis") as server:
        client = redis.Redis.from_url(server.url)
        with RedisDedupStore(server.url) as store:
            client.config_set("maxmemory", 1)  # noeviction, the default: writes are refused
            with pytest.raises(DedupStoreError, match=r"Redis is full \(maxmemory\)"):
                store.check_and_add(A, HASH_1, A, FP)
            with pytest.raises(redis.RedisError) as full:
                client.set("x", "y")
            assert describe_failure(full.value).startswith("Redis is full (maxmemory): ")
            client.config_set("maxmemory", 0)
            assert store.check_and_add(A, HASH_1, A, FP) is None
        assert describe_failure(ConnectionError("refused")) == "Redis lost (refused)"
        client.close()


def test_a_redis_that_lost_its_data_is_refused_on_the_next_check(tmp_path: Path) -> None:
    """Restarted empty (here: flushed) or marked by a store opened since a restart: the check
    refuses, reads nothing and writes nothing; stores sharing one server as it was go on."""
    require_redis_server()
    import redis  # noqa: PLC0415

    from pressbot.dedup.redis import RedisDedupStore, RedisRestarted  # noqa: PLC0415

    with redis_server(tmp_path / "redis") as server:
        client = redis.Redis.from_url(server.url)
        with RedisDedupStore(server.url) as first, RedisDedupStore(server.url) as second:
            assert first.check_and_add(A, HASH_1, A, FP) is None
            assert second.check_and_add(A, HASH_2, A) == (DUPLICATE_URL, A)
            assert first.check_and_add(B, HASH_1, B) == (DUPLICATE_CONTENT, A)
            client.flushall()
            with pytest.raises(RedisRestarted, match="Redis restarted or lost its data"):
                first.check_and_add(A, HASH_1, A, FP)
            assert not client.keys("*"), "nothing was written to the empty server"
            with RedisDedupStore(server.url) as third:  # a process started after the loss
                assert third.check_and_add(C, HASH_3, C) is None
            with pytest.raises(RedisRestarted):
                second.check_and_add(A, HASH_1, A)  # its marker is another server's now
        client.close()

        with RedisDedupStore(server.url) as store:
            assert store.check_and_add(A, HASH_1, A) is None
            server.restart()  # empty: no persistence
            with pytest.raises(RedisRestarted, match="now 'gone'"):
                store.check_and_add(B, HASH_2, B)
        with RedisDedupStore(server.url) as reopened:
            assert reopened.check_and_add(A, HASH_1, A) is None


def test_a_new_distance_rebuilds_only_the_old_schemes_keys(redis_url: str) -> None:
    """The index built with another distance goes; keys of another prefix that happens to start
    with `<prefix>:near:` stay."""
    import redis  # noqa: PLC0415

    from pressbot.dedup.redis import RedisDedupStore  # noqa: PLC0415

    prefix = f"scheme:{os.urandom(4).hex()}"
    client = redis.Redis.from_url(redis_url)
    with RedisDedupStore(redis_url, prefix=f"{prefix}:near:other") as other:
        assert other.check_and_add(B, HASH_2, B, FP) is None
    theirs = set(client.keys(f"{prefix}:near:other:*"))
    with RedisDedupStore(redis_url, prefix=prefix, distance=3) as store:
        assert store.check_and_add(A, HASH_1, A, FP) is None
    assert client.keys(f"{prefix}:near:k3p4:*")
    with RedisDedupStore(redis_url, prefix=prefix, distance=5) as store:
        assert store.check_and_add(C, HASH_3, C, flip(FP, 1, 2, 3, 4)) == (DUPLICATE_NEAR, A)
    assert not client.keys(f"{prefix}:near:k3p4:*"), "the old scheme's keys are gone"
    assert client.get(f"{prefix}:scheme") == b"k5p6"
    assert theirs <= set(client.keys(f"{prefix}:near:other:*")), "another prefix's keys stay"
    with RedisDedupStore(redis_url, prefix=f"{prefix}:near:other") as other:
        assert other.check_and_add(B, HASH_1, B, FP) == (DUPLICATE_URL, B)
    client.close()


def test_block_scheme_is_the_one_named() -> None:
    assert BlockScheme(3).name == "k3p4"


_FILL_AND_CREATE = """
import json, os, sys
from pressbot.dedup.sqlite import DedupStoreError, SQLiteDedupStore
folder = sys.argv[1]
state = os.path.join(folder, "state.sqlite3")
for free_kb in range(40, 200, 20):
    for name in os.listdir(folder):
        os.unlink(os.path.join(folder, name))
    disk = os.statvfs(folder)
    with open(os.path.join(folder, "filler"), "wb") as filler:
        filler.write(b"x" * max(0, disk.f_bavail * disk.f_frsize - free_kb * 1024))
    try:
        SQLiteDedupStore(state).close()
        outcome = "created"
    except DedupStoreError as exc:
        outcome = str(exc)
    os.unlink(os.path.join(folder, "filler"))
    left = sorted(os.listdir(folder))
    try:
        if left:
            SQLiteDedupStore(state).close()
        reopened = "ok"
    except DedupStoreError as exc:
        reopened = str(exc)
    print(json.dumps([free_kb, outcome, left, reopened]))
"""


def test_a_disk_that_fills_up_while_a_new_state_is_made_leaves_no_state(tmp_path: Path) -> None:
    """A new state is written to its WAL, then moved into its file when the connection closes;
    on a full disk that move failed silently, the file was linked into place without the
    schema its header promised, and every later run called the state malformed. On a tmpfs of
    200 KB (in a mount namespace of its own), filled to leave 40 to 180 KB: either the state is
    made and opens again, or the disk is full and there is no state file."""
    folder = tmp_path / "small"
    folder.mkdir()
    script = f'mount -t tmpfs -o size=200k tmpfs {folder} && exec {sys.executable} -c "$0" {folder}'
    done = subprocess.run(
        ["unshare", "--mount", "sh", "-c", script, _FILL_AND_CREATE],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])},
    )
    if "mount" in done.stderr and done.returncode != 0 and "Traceback" not in done.stderr:
        pytest.skip(f"no tmpfs can be mounted here: {done.stderr.strip()}")
    assert done.returncode == 0, done.stderr
    runs = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(runs) == 8, done.stdout
    for free_kb, outcome, left, reopened in runs:
        if outcome == "created":
            assert left == ["state.sqlite3"] and reopened == "ok", (free_kb, left, reopened)
        else:
            assert "disk is full" in outcome and left == [], (free_kb, outcome, left, reopened)
    outcomes = {outcome == "created" for _, outcome, _, _ in runs}
    assert outcomes == {True, False}, "the fill must cover both sides of the state's size"
