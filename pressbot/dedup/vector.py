"""The numpy half of the near-duplicate keys: SimHash votes and MinHash minima.

`pressbot.dedup.keys` imports this module on first use, so importing pressbot does not load
numpy; the token hashing and the key definitions stay there.
"""

from __future__ import annotations

import numpy as np

from pressbot.dedup.keys import _ADD, _MULTIPLY, _WEIGHTS, PERMUTATIONS, SHINGLE

_MULTIPLY_ARRAY = np.array(_MULTIPLY, dtype=np.uint64)
_ADD_ARRAY = np.array(_ADD, dtype=np.uint64)
_CHUNK = 4096


def simhash_votes(hashes: list[int], weights: list[int]) -> int:
    """The 64-bit fingerprint whose bit is 1 where the weighted votes of the token hashes'
    bits are positive (a 1 bit votes +weight, a 0 bit -weight)."""
    digests = np.array(hashes, dtype=np.uint64).astype(">u8")  # most significant bit first
    # In floats, so that BLAS takes the product (numpy's integer one is three times as slow);
    # the sums are whole numbers far below 2**53, so exact.
    counts = np.array(weights, dtype=np.float64)
    bits = np.unpackbits(digests.view(np.uint8).reshape(-1, 8), axis=1).astype(np.float64)
    votes = 2 * (counts @ bits) - counts.sum()
    return int(np.packbits(votes > 0).view(">u8")[0])


def _finalize(values: np.ndarray) -> np.ndarray:
    """splitmix64's finalizer, in place: every input bit moves every output bit."""
    values ^= values >> np.uint64(30)
    values *= np.uint64(0xBF58476D1CE4E5B9)
    values ^= values >> np.uint64(27)
    values *= np.uint64(0x94D049BB133111EB)
    values ^= values >> np.uint64(31)
    return values


def minhash_signature(distinct: list[int], ids: list[int]) -> bytes:
    """The MinHash signature of the text whose token `i` has hash `distinct[ids[i]]`
    (`keys.minhash_tokens` says what it is); at least `SHINGLE` tokens."""
    hashed = np.array(distinct, dtype=np.uint64)[np.array(ids, dtype=np.intp)]
    count = len(ids) - SHINGLE + 1
    shingles = hashed[:count] * np.uint64(_WEIGHTS[0])  # uint64 arithmetic wraps: mod 2**64
    for i in range(1, SHINGLE):
        shingles += hashed[i : i + count] * np.uint64(_WEIGHTS[i])
    _finalize(shingles)
    lowest = np.full(PERMUTATIONS, np.iinfo(np.uint64).max, dtype=np.uint64)
    for start in range(0, count, _CHUNK):  # bounded memory for very long bodies
        # Multiply-shift hashing, one function per permutation.
        mixed = (
            shingles[start : start + _CHUNK, None] * _MULTIPLY_ARRAY + _ADD_ARRAY
        ) >> np.uint64(32)
        np.minimum(lowest, mixed.min(axis=0), out=lowest)
    return lowest.astype(">u4").tobytes()
