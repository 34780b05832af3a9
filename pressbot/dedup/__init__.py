"""Dedup keys (canonical URL, exact body hash, SimHash, MinHash) and the stores that keep them."""

from pressbot.dedup.keys import (
    MIN_NEAR_TOKENS,
    NearKeys,
    band_keys,
    canonical_url,
    content_hash,
    hamming,
    jaccard_estimate,
    minhash,
    near_keys,
    simhash,
    tokens,
)

__all__ = [
    "MIN_NEAR_TOKENS",
    "NearKeys",
    "band_keys",
    "canonical_url",
    "content_hash",
    "hamming",
    "jaccard_estimate",
    "minhash",
    "near_keys",
    "simhash",
    "tokens",
]
