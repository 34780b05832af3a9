"""MinHash signatures and their LSH band keys: the properties stage 2 of dedup relies on."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pressbot.dedup import keys
from pressbot.dedup.keys import (
    _ADD,
    _MULTIPLY,
    _WEIGHTS,
    BANDS,
    MIN_NEAR_TOKENS,
    PERMUTATIONS,
    SHINGLE,
    _hash64,
    band_keys,
    jaccard_estimate,
    minhash,
    minhash_tokens,
    near_keys,
    tokens,
)

WORDS = [f"w{n}" for n in range(5000)]
signatures = st.binary(min_size=4 * PERMUTATIONS, max_size=4 * PERMUTATIONS)


def text_of(words: list[str]) -> str:
    return " ".join(words)


def shingles(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def reference_minhash(words: list[str]) -> bytes:
    """The definition, in plain Python integers: per permutation, the least top half of
    (mix(weighted sum of the shingle's token hashes) * a + b) mod 2**64."""
    mask = (1 << 64) - 1

    def mix(x: int) -> int:
        x ^= x >> 30
        x = (x * 0xBF58476D1CE4E5B9) & mask
        x ^= x >> 27
        x = (x * 0x94D049BB133111EB) & mask
        return x ^ (x >> 31)

    hashes = [
        mix(sum(int(w) * _hash64(t.encode()) for w, t in zip(_WEIGHTS, s, strict=True)) & mask)
        for s in shingles(words)
    ]
    values = [
        min(((h * int(a) + int(b)) & mask) >> 32 for h in hashes)
        for a, b in zip(_MULTIPLY, _ADD, strict=True)
    ]
    return b"".join(v.to_bytes(4, "big") for v in values)


def test_the_signature_is_the_definition_even_for_long_texts() -> None:
    """More shingles than one numpy chunk, repeated shingles: numpy's wrapping arithmetic and
    chunked minimum equal the plain definition."""
    words = random.Random(1).choices(WORDS[:40], k=9000)  # many repeated shingles
    assert minhash(text_of(words)) == reference_minhash(words)
    assert minhash("a b c") == reference_minhash(["a", "b", "c"])


def test_the_signature_is_the_same_in_another_process() -> None:
    """Stored signatures are compared with ones computed later, by other processes and
    machines: nothing may depend on Python's per-process string hashing."""
    text = "新华社北京6月2日电 Press release: the same text in another process."
    code = f"from pressbot.dedup.keys import minhash; print(minhash({text!r}).hex())"
    other = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONHASHSEED": "12345", "PATH": ""},
    )
    assert other.stdout.strip() == (minhash(text) or b"").hex()


def test_texts_without_a_whole_shingle_have_no_signature() -> None:
    assert minhash("") is None
    assert minhash("两个") is None
    assert minhash("only two") is None
    assert minhash("三个字") is not None


def test_spacing_width_and_punctuation_do_not_change_the_signature() -> None:
    text = "港城市老旧小区改造工作（２０２０）全面启动。Work starts, today!"
    assert minhash(text) == minhash(text.replace("。", ".").replace(",", "，"))
    assert minhash(text) == minhash("港城市 老旧小区改造工作 2020 全面启动 work starts TODAY")


def test_the_estimate_follows_the_true_jaccard_similarity() -> None:
    """Pairs with a planted overlap, from disjoint to identical: 32 values estimate the shingle
    Jaccard similarity within its sampling error."""
    rng = random.Random(3)
    errors = []
    for n in range(60):
        words = rng.sample(WORDS, 400)
        kept = int(400 * n / 59)
        other = words[:kept] + rng.sample(WORDS, 400 - kept)
        a, b = shingles(words), shingles(other)
        truth = len(a & b) / len(a | b)
        estimate = jaccard_estimate(minhash_tokens(words) or b"", minhash_tokens(other) or b"")
        errors.append(estimate - truth)
        assert abs(estimate - truth) < 0.3, (n, truth, estimate)
    assert abs(sum(errors) / len(errors)) < 0.03, "unbiased"
    assert sum(e * e for e in errors) / len(errors) < 0.01, "about 1/32 variance at most"


def test_identical_texts_estimate_one_and_disjoint_texts_zero() -> None:
    words = random.Random(4).sample(WORDS, 300)
    signature = minhash_tokens(words) or b""
    assert jaccard_estimate(signature, minhash_tokens(list(words)) or b"") == 1.0
    assert jaccard_estimate(signature, minhash_tokens([w + "x" for w in words]) or b"") == 0.0


@given(signatures)
def test_band_keys_are_one_per_band_and_fit_sqlite(signature: bytes) -> None:
    keys = band_keys(signature)
    assert [key >> 43 for key in keys] == list(range(BANDS))
    assert all(0 <= key < 1 << 47 for key in keys)


@given(signatures, st.integers(0, BANDS - 1), st.binary(min_size=4, max_size=4))
def test_a_shared_band_is_a_shared_key(signature: bytes, band: int, noise: bytes) -> None:
    """Changing one value changes exactly its band's key: a copy that agrees on a whole band is
    found through that band's key."""
    position = 8 * band + 4  # the second value of the band
    other = signature[:position] + noise + signature[position + 4 :]
    shared = [a == b for a, b in zip(band_keys(signature), band_keys(other), strict=True)]
    assert shared.count(False) == (0 if noise == signature[position : position + 4] else 1)
    assert all(shared[i] for i in range(BANDS) if i != band)


@pytest.mark.parametrize("bad", [b"", bytes(127), bytes(129)])
def test_malformed_signatures_are_refused(bad: bytes) -> None:
    with pytest.raises(ValueError, match="128 bytes"):
        band_keys(bad)
    with pytest.raises(ValueError, match="128 bytes"):
        jaccard_estimate(bytes(128), bad)


def test_near_keys_apply_one_short_body_rule_to_both_stages() -> None:
    short = text_of(WORDS[: MIN_NEAR_TOKENS - 1])
    long = text_of(WORDS[:MIN_NEAR_TOKENS])
    assert near_keys(short, "00ff00ff00ff00ff") == (None, None)
    keys = near_keys(long, "00ff00ff00ff00ff")
    assert keys.simhash == "00ff00ff00ff00ff"
    assert keys.signature == minhash(long)
    assert near_keys(short, "00ff00ff00ff00ff", min_tokens=10).signature == minhash(short)
    assert len(tokens(long)) == MIN_NEAR_TOKENS


def test_each_new_token_is_hashed_once_and_every_place_gets_its_digest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The signature takes the digest of every token in order from `_token_digests`: a token new
    to the cache and repeated in the text is hashed once, and each of its places gets it."""
    keys._vector()  # imported (its table of CJK digests made) before the hashing is counted
    monkeypatch.setattr(keys, "_TOKEN_DIGESTS", {})
    hashed: list[bytes] = []
    digest = keys._digest
    monkeypatch.setattr(keys, "_digest", lambda data: hashed.append(data) or digest(data))
    words = ["新", "news", "新", "x", "news", "新"]
    signature = minhash_tokens(words)
    assert sorted(hashed) == sorted({w.encode() for w in words})
    assert keys._token_digests(words) == b"".join(digest(w.encode()) for w in words)
    assert len(hashed) == 3  # from the cache now
    monkeypatch.undo()
    assert signature == reference_minhash(words)
