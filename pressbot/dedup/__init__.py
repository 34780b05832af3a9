"""Dedup keys (canonical URL, exact body hash, SimHash, MinHash) and the stores that keep them."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

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
    url_key,
    without_tracking,
)

if TYPE_CHECKING:
    from pressbot.items import Article

__all__ = [
    "MIN_NEAR_TOKENS",
    "NearKeys",
    "attach_near_keys",
    "band_keys",
    "canonical_url",
    "content_hash",
    "hamming",
    "jaccard_estimate",
    "minhash",
    "near_keys",
    "near_keys_for",
    "simhash",
    "tokens",
    "url_key",
    "without_tracking",
]

_ATTACHED = "_pressbot_near_keys"


class _Attached(NamedTuple):
    """Near keys and what they were computed from. `body` is the item's own string, so pickling
    the item (to or from an extraction worker) sends it once, not twice."""

    min_tokens: int
    body: str
    simhash: str | None
    keys: NearKeys


def attach_near_keys(item: Article, min_tokens: int = MIN_NEAR_TOKENS) -> NearKeys:
    """Compute the item's near keys now (in an extraction worker, off the crawl's reactor) and
    keep them on it for the dedup pipeline (`near_keys_for`).

    They live in a plain instance attribute, not a dataclass field: the record, `to_dict()`,
    equality and ItemAdapter never see them; pickling carries them.
    """
    keys = near_keys(item.body, item.simhash, min_tokens)
    setattr(item, _ATTACHED, _Attached(min_tokens, item.body, item.simhash, keys))
    return keys


def near_keys_for(item: Article, min_tokens: int = MIN_NEAR_TOKENS) -> NearKeys:
    """`near_keys(item.body, item.simhash, min_tokens)`: the attached keys when they were
    computed with the same `min_tokens` from the same body and SimHash (a pipeline may have
    changed the body since), else computed now.

    >>> from pressbot.items import Article
    >>> item = Article(body="字" * 60, simhash="00ff00ff00ff00ff")
    >>> attach_near_keys(item) == near_keys_for(item) == near_keys(item.body, item.simhash)
    True
    >>> item == Article(body="字" * 60, simhash="00ff00ff00ff00ff"), "_pressbot" in str(item)
    (True, False)
    """
    attached: _Attached | None = getattr(item, _ATTACHED, None)
    if (
        attached is not None
        and attached.min_tokens == min_tokens
        and attached.simhash == item.simhash
        and attached.body == item.body
    ):
        return attached.keys
    return near_keys(item.body, item.simhash, min_tokens)
