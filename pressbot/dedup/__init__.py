"""Dedup keys (canonical URL, exact body hash, SimHash) and the stores that remember them."""

from pressbot.dedup.keys import (
    MIN_NEAR_TOKENS,
    canonical_url,
    content_hash,
    hamming,
    near_key,
    simhash,
    tokens,
)

__all__ = [
    "MIN_NEAR_TOKENS",
    "canonical_url",
    "content_hash",
    "hamming",
    "near_key",
    "simhash",
    "tokens",
]
