"""The numpy half of the near-duplicate keys: SimHash votes and MinHash minima.

`pressbot.dedup.keys` imports this module on first use, so importing pressbot does not load
numpy; the token hashing and the key definitions stay there (but for the table of the CJK
characters' digests, `_CJK_DIGESTS`, which numpy indexes).
"""

from __future__ import annotations

import numpy as np

from pressbot.dedup.keys import (
    _ADD,
    _CJK_RANGES,
    _MULTIPLY,
    _WEIGHTS,
    PERMUTATIONS,
    SHINGLE,
    _digest,
)

_MULTIPLY_COLUMN = np.array(_MULTIPLY, dtype=np.uint64)[:, None]
_ADD_COLUMN = np.array(_ADD, dtype=np.uint64)[:, None]
_WEIGHT_SCALARS = tuple(np.uint64(weight) for weight in _WEIGHTS)
_CHUNK = 4096
_NONE_SEEN = np.full(PERMUTATIONS, np.iinfo(np.uint64).max, dtype=np.uint64)
_SHIFT_30, _SHIFT_27, _SHIFT_31, _SHIFT_32 = (np.uint64(n) for n in (30, 27, 31, 32))
_MIX_1, _MIX_2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)
"""numpy scalars made once: a page's arrays are short, so each call's own scalars and the
starting minima cost as much as the arithmetic."""

_TWICE_BYTE_BITS = 2 * np.unpackbits(np.arange(256, dtype=np.uint8)[:, None], axis=1).astype(float)
"""Row `b`: twice the bits of the byte `b`, most significant first (in floats, so that BLAS takes
the product with it: numpy's integer one is three times as slow)."""
_OFFSETS = np.arange(0, 8 * 256, 256, dtype=np.uint16)
"""Added to a digest's bytes: byte `i` of every digest counts in bins `256 * i` to `256 * i + 255`
(`bincount` then counts all eight bytes' values at once)."""


def _cjk_table() -> tuple[np.ndarray, np.ndarray]:
    """Whether each UTF-16 code unit `c` is a CJK character, and row `c`: its digest (zeros for
    the others). All 39,472 digests at import (30 ms), so that a character's digest is one
    look-up away, without a test whether it is there yet."""
    units = [unit for first, last in _CJK_RANGES for unit in range(first, last + 1)]
    digests = b"".join(_digest(chr(unit).encode("utf-8")) for unit in units)
    rows = np.zeros((0x10000, 8), dtype=np.uint8)
    rows[units] = np.frombuffer(digests, dtype=np.uint8).reshape(-1, 8)
    is_cjk = np.zeros(0x10000, dtype=bool)
    is_cjk[units] = True
    return is_cjk, rows


_IS_CJK, _CJK_DIGESTS = _cjk_table()


def ordered_digests(between: list[str], words: bytes) -> bytes:
    """The 8-byte digests of a text's tokens in order, end to end: the CJK characters of each of
    the texts `between` its words (no NUL in them), each text's before the word after it, the
    words' digests `words` in order.

    The texts go in joined by NULs as UTF-16 code units, each CJK character one unit whose digest
    is a row of `_CJK_DIGESTS`, each NUL the place of a word; a character beyond the BMP (two
    surrogates) or a lone surrogate ("surrogatepass") is no token. No string per character.
    """
    units = np.frombuffer("\0".join(between).encode("utf-16-le", "surrogatepass"), dtype="<u2")
    cjk = _IS_CJK[units]
    in_order = cjk[cjk | (units == 0)]  # each token's: a CJK character (True) or a word
    out = np.empty((len(in_order), 8), dtype=np.uint8)
    out[in_order] = _CJK_DIGESTS[units[cjk]]
    out[~in_order] = np.frombuffer(words, dtype=np.uint8).reshape(-1, 8)
    return out.tobytes()


def simhash_votes(digests: bytes) -> int:
    """The 64-bit fingerprint whose bit is 1 where the votes of the tokens' digests' bits are
    positive (each occurrence of a token votes +1 with a 1 bit, -1 with a 0 bit): the tokens
    whose 8-byte big-endian digests are `digests`, end to end. 0 without tokens.

    A bit's 1 votes are counted per byte: how many digests have each value of that byte
    (`bincount`) times whether the value has the bit (`_TWICE_BYTE_BITS`), whole numbers far
    below 2**53, so exact in floats. Few numpy calls: after the parse each costs microseconds.
    """
    rows = np.frombuffer(digests, dtype=np.uint8).reshape(-1, 8) + _OFFSETS
    tokens = len(rows)
    if not tokens:
        return 0
    counts = np.bincount(rows.ravel(), minlength=8 * 256)
    twice = counts.reshape(8, 256) @ _TWICE_BYTE_BITS
    return int.from_bytes(np.packbits(twice > tokens).tobytes(), "big")  # byte by byte, bit by bit


def _finalize(values: np.ndarray) -> np.ndarray:
    """splitmix64's finalizer, in place: every input bit moves every output bit."""
    values ^= values >> _SHIFT_30
    values *= _MIX_1
    values ^= values >> _SHIFT_27
    values *= _MIX_2
    values ^= values >> _SHIFT_31
    return values


def minhash_signature(digests: bytes) -> bytes:
    """The MinHash signature of the text whose tokens have the 8-byte big-endian digests
    `digests`, end to end (`keys.minhash_tokens` says what it is); at least `SHINGLE` tokens.

    Each permutation keeps the least (shingle * a + b) mod 2**64 and takes its top half at the
    end: the top half of the least value is the least top half (a shift keeps the order), one
    pass less over every shingle. The products are laid out one row per permutation, so each
    minimum runs along a row."""
    hashed = np.frombuffer(digests, dtype=">u8").astype(np.uint64)
    count = len(hashed) - SHINGLE + 1
    shingles = hashed[:count] * _WEIGHT_SCALARS[0]  # uint64 arithmetic wraps: mod 2**64
    for i in range(1, SHINGLE):
        shingles += hashed[i : i + count] * _WEIGHT_SCALARS[i]
    _finalize(shingles)
    lowest = _NONE_SEEN
    for start in range(0, count, _CHUNK):  # bounded memory for very long bodies
        # Multiply-shift hashing, one function per permutation.
        mixed = _MULTIPLY_COLUMN * shingles[None, start : start + _CHUNK]
        mixed += _ADD_COLUMN
        lowest = np.minimum(lowest, np.minimum.reduce(mixed, axis=1))  # (no Python wrapper)
    return (lowest >> _SHIFT_32).astype(">u4").tobytes()
