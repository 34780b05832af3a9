"""Pure dedup keys: what makes two pages "the same" by URL, by text, or nearly by text."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

_TRACKING = re.compile(
    r"^(utm_\w+|spm|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|yclid|_hsenc|_hsmi|"
    r"share_token|sharer?|shareid|isappinstalled|from|scene|srcid|wfr|ref|ref_src)$",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]|\w+")


def canonical_url(url: str) -> str:
    """URL key: tracking parameters and fragment dropped, then w3lib-canonicalised.

    >>> canonical_url("HTTP://Example.com/a/b.html?utm_source=weibo&id=3&spm=1.2#top")
    'http://example.com/a/b.html?id=3'
    >>> canonical_url("http://example.com/a.html?b=2&a=1")
    'http://example.com/a.html?a=1&b=2'
    """
    parts = urlsplit(url)
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)
    ]
    cleaned = urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))
    return canonicalize_url(cleaned)


def normalized_text(body: str) -> str:
    """NFKC (full-width punctuation to half-width) and collapsed whitespace: the hashed form.

    >>> normalized_text("Ａ，ｂ  c\\n\\n d")
    'A,b c d'
    """
    return " ".join(unicodedata.normalize("NFKC", body).split())


def content_hash(body: str) -> str:
    """sha256 hex of the normalised body: equal for copies differing only in spacing or width."""
    return hashlib.sha256(normalized_text(body).encode("utf-8")).hexdigest()


def tokens(text: str) -> list[str]:
    """CJK characters one token each, other word runs as lowercased words.

    >>> tokens("新华社 Press-Release 2020")
    ['新', '华', '社', 'press', 'release', '2020']
    """
    return [t.lower() for t in _TOKEN.findall(unicodedata.normalize("NFKC", text))]


def simhash(text: str) -> int:
    """64-bit SimHash (Charikar) of the token counts; near copies differ in few bits.

    Each distinct token (a CJK character, a Latin word) votes on every bit with its count, so
    the fingerprint follows the text's word profile: a credit line, a changed word here and there
    or a dropped paragraph moves few votes, while another article's profile differs widely.

    >>> simhash("a b c d e f") == simhash("a b c d e f")
    True
    >>> hamming(simhash("a b c d"), simhash("w x y z")) > 8
    True
    """
    counts = Counter(tokens(text))
    by_count: dict[int, list[str]] = {}
    for token, count in counts.items():
        by_count.setdefault(count, []).append(_digest_bits(token))
    votes = [0] * 64
    for count, digests in by_count.items():
        # Column-wise bit counts over the binary strings: the per-bit vote, computed in C.
        for bit, column in enumerate(zip(*digests, strict=True)):
            votes[bit] += count * (2 * column.count("1") - len(digests))
    return int("".join("1" if vote > 0 else "0" for vote in votes), 2) if counts else 0


def _digest_bits(token: str) -> str:
    digest = hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest()
    return format(int.from_bytes(digest, "big"), "064b")


MIN_NEAR_TOKENS = 50
"""Shorter bodies get no near-duplicate key: the fingerprint of a very short text says too little
to call another text a copy of it (exact and URL duplicates still apply)."""


def near_key(body: str, simhash: str | None, min_tokens: int = MIN_NEAR_TOKENS) -> str | None:
    """The SimHash to dedup `body` by, or None when the body is too short to judge near copies.

    >>> near_key("短文", "00ff00ff00ff00ff"), near_key("字" * 60, "00ff00ff00ff00ff")
    (None, '00ff00ff00ff00ff')
    """
    return simhash if len(tokens(body)) >= min_tokens else None


def hamming(a: int, b: int) -> int:
    """Number of differing bits.

    >>> hamming(0b1011, 0b0001)
    2
    """
    return (a ^ b).bit_count()


def to_signed64(value: int) -> int:
    """An unsigned 64-bit fingerprint as the signed integer SQLite stores.

    >>> to_signed64(0xFFFFFFFFFFFFFFFF), to_signed64(5)
    (-1, 5)
    """
    return value - (1 << 64) if value >= 1 << 63 else value


def to_unsigned64(value: int) -> int:
    """Inverse of `to_signed64`.

    >>> to_unsigned64(-1) == 0xFFFFFFFFFFFFFFFF
    True
    """
    return value + (1 << 64) if value < 0 else value
