"""What every dedup store does, whatever keeps the state (SQLite by default, Redis when shared).

A store answers one question atomically: is this record new? If so it remembers the record's
keys; if not it says why (reason) and which URL was first, and logs the dropped copy. Keys are
checked in order: canonical URL, exact content hash, SimHash within `distance` bits (stage 1)
unless the two MinHash signatures say the texts differ (`confirms`), then a MinHash signature
whose estimated Jaccard similarity is at least `jaccard` among those sharing an LSH band (stage
2); both stages drop a copy as `duplicate_near`. A dropped copy adds no keys, so every later copy
points at the first record.
"""

from __future__ import annotations

from types import TracebackType
from typing import Final, NamedTuple, Protocol, Self

from pressbot.dedup.keys import PERMUTATIONS, canonical_url, jaccard_estimate

DUPLICATE_URL: Final = "duplicate_url"
DUPLICATE_CONTENT: Final = "duplicate_content"
DUPLICATE_NEAR: Final = "duplicate_near"
REASONS: Final = (DUPLICATE_URL, DUPLICATE_CONTENT, DUPLICATE_NEAR)

DEFAULT_DISTANCE: Final = 3
DEFAULT_JACCARD: Final = 0.5
"""Stage 2 threshold: on the syndication benchmark (bench/dedup_quality.py) distinct articles
estimate at most 0.09, and all but 1-2 % of the copies 0.5 or more."""
CONFIRM_JACCARD: Final = 0.15
"""Stage 1 confirmation: the least estimate (5 of 32 values) at which two signatures let a
SimHash match stand. Weighted SimHash of English text follows its function words, so unrelated
articles can fall within 3 bits (4 pairs among the fixtures' 1,735 records, all estimating 0).
On bench/dedup_quality.py (10 seeds) distinct articles estimate at most 3 of 32 values and the
copies stage 1 finds at least 7: the threshold sits halfway."""


def confirms(signature: bytes | None, other: bytes | None) -> bool:
    """May a stage-1 (SimHash) candidate with signature `other` count as a copy of a record with
    `signature`? Yes unless both have one and they estimate below `CONFIRM_JACCARD`; where one
    has none (a record from a state file of an earlier version) SimHash alone decides, as before.

    >>> confirms(bytes(128), bytes(128)), confirms(bytes(128), bytes([1]) * 128)
    (True, False)
    >>> confirms(None, bytes([1]) * 128), confirms(bytes(128), None)
    (True, True)
    """
    return (
        signature is None or other is None or jaccard_estimate(signature, other) >= CONFIRM_JACCARD
    )


def agreeing_values(jaccard: float) -> int:
    """The fewest equal values whose share of a signature reaches `jaccard` (for the Redis
    script, which counts them).

    >>> agreeing_values(0.5), agreeing_values(CONFIRM_JACCARD)
    (16, 5)
    """
    return next(n for n in range(PERMUTATIONS + 1) if n / PERMUTATIONS >= jaccard)


class DedupStoreError(RuntimeError):
    """The state cannot be used (corrupt, unreadable, unreachable); the message names it."""


class Duplicate(NamedTuple):
    """One dropped copy: its URL, why, the URL first seen with that key, when, and in which run."""

    url: str
    reason: str
    duplicate_of: str
    seen_at: str
    run_id: str | None = None


def settled_keys(url: str, found: tuple[str, str], key: str | None) -> tuple[str, str]:
    """(the canonical URL of a dropped copy at `url`, the key the record it copies is known by)
    for `known_url`'s settled copies. `found` is `check_and_add`'s answer; for a URL match the
    record is known by the copy's own key, else by its first URL's canonical form (a record
    published under a canonical URL of its page's own choosing is not found so, and its copies
    are fetched again: the safe side).

    >>> settled_keys("http://a.example/b?utm_source=x", ("duplicate_content", "http://a.example/a"),
    ...              "http://a.example/b")
    ('http://a.example/b', 'http://a.example/a')
    """
    reason, first = found
    return canonical_url(url), (key if reason == DUPLICATE_URL and key else canonical_url(first))


def parse_simhash(value: str | int | None) -> int | None:
    """The item carries 16 hex digits; stores work on the unsigned 64-bit integer.

    >>> parse_simhash("815ca591c818a9db") == 0x815CA591C818A9DB, parse_simhash(None)
    (True, None)
    """
    if value is None or value == "":
        return None
    return value if isinstance(value, int) else int(value, 16)


def check_jaccard(value: float) -> float:
    """The stage-2 threshold, refused outside (0, 1]: 0 would call any candidate a copy.

    >>> check_jaccard(0.5)
    0.5
    """
    if not 0 < value <= 1:
        raise ValueError(f"the Jaccard threshold must be in (0, 1], not {value}")
    return value


class DedupStore(Protocol):
    """First seen wins, across runs and across the processes sharing the store."""

    distance: int
    jaccard: float

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
        """None if the record is new (and remember it); else (reason, URL first seen)."""
        ...

    def find_near(self, simhash: int) -> tuple[str, int] | None:
        """(URL, distance) of the nearest remembered fingerprint within `distance`, or None."""
        ...

    def find_similar(self, signature: bytes) -> tuple[str, float] | None:
        """(URL, estimated Jaccard) of the most similar remembered signature, or None."""
        ...

    def known_url(self, canonical_url: str) -> bool:
        """Was a record with this canonical URL published?"""
        ...

    def duplicates(
        self, *, url: str | None = None, run_id: str | None = None, since: str | None = None
    ) -> list[Duplicate]:
        """Dropped copies, oldest first; `url` matches either side, `since` is ISO 8601 UTC."""
        ...

    def close(self) -> None: ...


class ClosingStore:
    """`with store:` closes it; both stores share this instead of repeating it."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
