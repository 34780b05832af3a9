"""Pure dedup keys: what makes two pages "the same" by URL, by text, or nearly by text."""

from __future__ import annotations

import hashlib
import re
import string
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from types import ModuleType
from typing import NamedTuple
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

from pressbot.asciiwords import ascii_words, spacing_table

_TRACKING = re.compile(
    r"^(utm_\w+|spm|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|yclid|_hsenc|_hsmi|"
    r"share_token|sharer?|shareid|isappinstalled|from|scene|srcid|wfr|ref|ref_src)$",
    re.IGNORECASE,
)
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af"
_TOKEN = re.compile(rf"[{_CJK}]|\w+")
"""The tokens: a CJK character alone, else a run of word characters (which may go on into CJK:
"6月3日" is one token). `_split` finds the same ones faster."""
_RUN = re.compile(rf"[{_CJK}\w]+")
_WORDS = re.compile(r"\w+")
_CJK_CHAR = re.compile(rf"[{_CJK}]")
_CJK_ONLY = re.compile(rf"[{_CJK}]+")
_CONTEXT_CASED = ("\u0130", "\u03a3")
"""Capital dotted I and capital sigma: the only letters whose lowercase depends on what follows
them or grows, so lowering a whole text could split or change a token; `tokens` lowers word by
word when they occur (the fingerprints of texts stored so far must not change)."""


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
    return " ".join(nfkc(body).split())


_WIDE_FORMS = {wide: unicodedata.normalize("NFKC", wide) for wide in "，：；！？（）％\u3000"}
"""Full-width punctuation and the ideographic space, each with its NFKC form: most of what NFKC
changes in Chinese text."""


def nfkc(text: str) -> str:
    """`unicodedata.normalize("NFKC", text)`, at a third of its time on Chinese text: each
    full-width mark is first replaced by its form with `str.replace`, which leaves the quick
    check little to pass on to the slow path. The result is the same: each form is the mark's
    whole compatibility decomposition, a single character that nothing combines with.

    >>> nfkc("Ａ，ｂ（ｃ）")
    'A,b(c)'
    """
    if unicodedata.is_normalized("NFKC", text):
        return text
    for wide, narrow in _WIDE_FORMS.items():
        if wide in text:
            text = text.replace(wide, narrow)
    return unicodedata.normalize("NFKC", text)


def content_hash(body: str) -> str:
    """sha256 hex of the normalised body: equal for copies differing only in spacing or width."""
    return hashlib.sha256(normalized_text(body).encode("utf-8")).hexdigest()


def tokens(text: str) -> list[str]:
    """CJK characters one token each, other word runs as lowercased words.

    >>> tokens("新华社 Press-Release 2020")
    ['新', '华', '社', 'press', 'release', '2020']
    """
    text = nfkc(text)
    if any(letter in text for letter in _CONTEXT_CASED):  # (a tenth of a regex search)
        return [t.lower() for t in _split(text)]
    return _split(text.lower())


def _split(text: str) -> list[str]:
    """`_TOKEN.findall(text)`, at a third of its cost on Chinese text (one match per character).

    No token spans a character that is neither CJK nor a word character, so the text splits
    into runs of those first; a run of CJK only is its characters, a run without CJK one word,
    and only a mixed run ("6月3日电") takes the token regex.
    """
    if _CJK_CHAR.search(text) is None:
        return _words(text)
    out: list[str] = []
    for run in _RUN.findall(text):
        if _CJK_ONLY.fullmatch(run):
            out += run
        elif _CJK_CHAR.search(run) is None:
            out.append(run)
        else:
            out += _TOKEN.findall(run)
    return out


_ASCII_WORD_BYTES = spacing_table(string.ascii_letters + string.digits + "_")


def _words(text: str) -> list[str]:
    """`_WORDS.findall(text)`, at two thirds of its cost on English text (`ascii_words`).

    >>> _words("it’s the state_of—2020 café")
    ['it', 's', 'the', 'state_of', '2020', 'café']
    """
    words = ascii_words(text, _ASCII_WORD_BYTES)
    return _WORDS.findall(text) if words is None else words


def simhash(text: str) -> int:
    """64-bit SimHash (Charikar) of the token counts; near copies differ in few bits.

    Each distinct token (a CJK character, a Latin word) votes on every bit with its count, so
    the fingerprint follows the text's word profile: a credit line, a changed word here and there
    or a dropped paragraph moves few votes, while another article's profile differs widely.
    The votes are one matrix product in numpy over the tokens' cached hashes.

    >>> simhash("a b c d e f") == simhash("a b c d e f")
    True
    >>> hamming(simhash("a b c d"), simhash("w x y z")) > 8
    True
    >>> f"{simhash('新华社 北京 Press release'):016x}"  # pinned: stored fingerprints stay valid
    '0431c5db1a38da78'
    """
    counts = Counter(tokens(text))
    if not counts:
        return 0
    return _vector().simhash_votes(_token_hashes(counts), list(counts.values()))


def body_keys(body: str) -> tuple[str, str]:
    """(content_hash, simhash as 16 hex digits) of a body, normalising it once for both."""
    text = normalized_text(body)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return digest, f"{simhash(text):016x}"  # NFKC of NFKC text is a quick check


_TOKEN_HASHES: dict[str, int] = {}
_MAX_CACHED_TOKENS = 200_000


def _token_hashes(words: Iterable[str]) -> list[int]:
    """blake2b-64 of each token, cached: pages repeat the same few thousand characters and words,
    so most come from one C-level pass of dict lookups."""
    words = list(words)
    found: list[int | None] = list(map(_TOKEN_HASHES.get, words))
    if None in found:
        if len(_TOKEN_HASHES) + len(words) > _MAX_CACHED_TOKENS:
            _TOKEN_HASHES.clear()
        for i, word in enumerate(words):
            if found[i] is None:
                found[i] = _TOKEN_HASHES[word] = _hash64(word.encode("utf-8"))
    return found  # type: ignore[return-value]  # every None was replaced above


MIN_NEAR_TOKENS = 50
"""Shorter bodies get no near-duplicate key: the fingerprint of a very short text says too little
to call another text a copy of it (exact and URL duplicates still apply)."""


class NearKeys(NamedTuple):
    """A body's near-duplicate keys: SimHash (stage 1) and MinHash signature (stage 2)."""

    simhash: str | None
    signature: bytes | None


def near_keys(body: str, simhash: str | None, min_tokens: int = MIN_NEAR_TOKENS) -> NearKeys:
    """The keys to dedup `body` by near copies, or none when it is too short to judge.

    The one place the crawl, offline parsing, state repair and the benchmark get them, so they
    all apply the same short-body rule and the same signature.

    >>> near_keys("短文", "00ff00ff00ff00ff")
    NearKeys(simhash=None, signature=None)
    >>> keys = near_keys("字" * 60, "00ff00ff00ff00ff")
    >>> keys.simhash, len(keys.signature)
    ('00ff00ff00ff00ff', 128)
    """
    words = tokens(body)
    if len(words) < min_tokens:
        return NearKeys(None, None)
    return NearKeys(simhash, minhash_tokens(words))


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


SHINGLE = 3
"""Tokens per shingle: three CJK characters or three words."""
PERMUTATIONS = 32
"""MinHash values per signature, each a big-endian uint32: 128 bytes."""
SIGNATURE_BYTES = 4 * PERMUTATIONS
SIGNATURE_FORMAT = f"mh1s{SHINGLE}n{PERMUTATIONS}"
"""Names how signatures are computed; a store keeps it, and drops signatures made another way."""
BANDS = 16
ROWS = 2
BAND_LAYOUT = f"b{BANDS}r{ROWS}"
"""Names the LSH index layout; a store built with another one rebuilds its band index."""


def _hash64(data: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big")


def _seeds(label: bytes) -> tuple[int, ...]:
    # From a hash of fixed labels, not a random generator: the same on every machine.
    return tuple(_hash64(label + bytes([i])) for i in range(PERMUTATIONS))


_MULTIPLY = tuple(seed | 1 for seed in _seeds(b"pressbot/minhash/multiply/"))
_ADD = _seeds(b"pressbot/minhash/add/")
_WEIGHTS = tuple(seed | 1 for seed in _seeds(b"pressbot/minhash/shingle/")[:SHINGLE])


def _vector() -> ModuleType:
    """The numpy half of the keys, imported on first use: importing pressbot does not load numpy
    (and start its BLAS threads), so `pressbot parse` can fork its workers (`offline.run`)."""
    from pressbot.dedup import vector  # noqa: PLC0415 (deliberately lazy)

    return vector


def minhash(text: str) -> bytes | None:
    """MinHash signature of the text's 3-token shingles; None when it has no whole shingle.

    Two texts agree on each of the 32 values with probability equal to the Jaccard similarity
    of their shingle sets. Unlike SimHash, which follows the word profile, shingles follow the
    word order: a dropped paragraph or edited words lower the similarity by the share of text
    they touch, while two distinct articles on similar topics share almost no shingle.

    >>> minhash("one two"), len(minhash("one two three"))
    (None, 128)
    >>> minhash("新华社 北京") == minhash("新华社，北京。")
    True
    >>> minhash("a b c d e f").hex()[:16]  # pinned: stored signatures must stay comparable
    '49ed32f81c775123'
    """
    return minhash_tokens(tokens(text))


def minhash_tokens(words: Sequence[str]) -> bytes | None:
    """`minhash` of an already tokenised text.

    Each distinct token is hashed once (blake2b); a shingle's 64-bit hash is the weighted sum of
    its tokens' hashes, mixed (the splitmix64 finalizer), all in numpy. A repeated shingle only
    repeats a candidate for the minimum, so no set of shingles is built.
    """
    if len(words) < SHINGLE:
        return None
    index: dict[str, int] = {}
    ids = [index.setdefault(word, len(index)) for word in words]
    return _vector().minhash_signature(_token_hashes(index), ids)


def band_keys(signature: bytes) -> list[int]:
    """LSH keys: one per band of `ROWS` values, band number above bit 43, a hash of them below.

    Two signatures share a key when they agree on a whole band, so a copy with Jaccard 0.5
    shares at least one of 16 two-value bands with probability 1 - 0.75**16 = 0.99. Keys are
    below 2**47 (six bytes in SQLite).

    >>> keys = band_keys(bytes(range(128)))
    >>> len(keys), [key >> 43 for key in keys[:3]], max(keys) < 2**47
    (16, [0, 1, 2], True)
    >>> other = bytes(range(8)) + bytes(120)  # same first band only
    >>> [a == b for a, b in zip(keys, band_keys(other), strict=True)].count(True)
    1
    """
    check_signature(signature)
    width = 4 * ROWS
    return [
        (band << 43) | (_hash64(signature[band * width : (band + 1) * width]) >> 21)
        for band in range(BANDS)
    ]


def jaccard_estimate(a: bytes, b: bytes) -> float:
    """Share of equal MinHash values: an estimate of the two texts' shingle Jaccard similarity.

    >>> jaccard_estimate(bytes(128), bytes(64) + bytes([1]) * 64)
    0.5
    """
    check_signature(a)
    check_signature(b)
    same = sum(a[i : i + 4] == b[i : i + 4] for i in range(0, SIGNATURE_BYTES, 4))
    return same / PERMUTATIONS


def check_signature(signature: bytes) -> None:
    """Refuse what is not a signature, before a store writes or compares anything."""
    if len(signature) != SIGNATURE_BYTES:
        raise ValueError(f"a signature has {SIGNATURE_BYTES} bytes, not {len(signature)}")
