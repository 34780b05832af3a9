"""Dedup keys (canonical URL, exact body hash, SimHash) and the stores that remember them."""

from pressbot.dedup.keys import canonical_url, content_hash, hamming, simhash, tokens

__all__ = ["canonical_url", "content_hash", "hamming", "simhash", "tokens"]
