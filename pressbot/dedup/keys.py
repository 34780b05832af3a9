"""Pure dedup keys: what makes two pages "the same" by URL, by text, or nearly by text."""

from __future__ import annotations

import hashlib
import re
import string
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
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
_CJK_RANGES = (
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x3040, 0x30FF),
    (0xAC00, 0xD7AF),
)
"""The CJK characters, each a token of its own: ideographs, kana and Hangul syllables (all in the
BMP, which `vector` relies on)."""
_CJK = "".join(f"{chr(first)}-{chr(last)}" for first, last in _CJK_RANGES)
_TOKEN = re.compile(rf"[{_CJK}]|\w+")
"""The tokens: a CJK character alone, else a run of word characters (which may go on into CJK:
"6月3日" is one token). `_split` finds the same ones faster."""
_RUN = re.compile(rf"[{_CJK}\w]+")
_WORDS = re.compile(r"\w+")
_CJK_CHAR = re.compile(rf"[{_CJK}]")
_CJK_ONLY = re.compile(rf"[{_CJK}]+")
_WORD_SPLIT = re.compile(rf"([^\W{_CJK}]\w*)")
"""The tokens that are words, as `_TOKEN` finds them: a word character that is not CJK starts
one, which goes on over every word character after it, CJK ones too ("6月3日"); a CJK character
before it is a token alone. `split` leaves between the words the CJK characters that are tokens
alone and the characters that are none."""
_CONTEXT_CASED = ("\u0130", "\u03a3")
"""Capital dotted I and capital sigma: the only letters whose lowercase depends on what follows
them or grows, so lowering a whole text could split or change a token; `tokens` lowers word by
word when they occur (the fingerprints of texts stored so far must not change)."""


_PLAIN_URL = re.compile(
    r"(https?://[a-z0-9-]+(?:\.[a-z0-9-]+)*(?::(?:[1-9][0-9]{0,3}|[1-5][0-9]{4}))?)"
    r"(/[\w.~!$&'()*+,=:@/-]*)?(?:\?([\w.~=&-]*))?(?:#.*)?",
    re.ASCII | re.IGNORECASE | re.DOTALL,
)
"""An http(s) URL that canonicalises without w3lib: a host of ASCII letters, digits, dots and
hyphens (no user or IDNA), a port that w3lib keeps as it is (1 to 59999, no leading zero: a
loopback or intranet site's URLs took w3lib's way at ten times the cost), a path and a query of
characters that no step quotes, unquotes or splits (no `%`, `;`, space or non-ASCII; in the
query no `+`, a space), and any fragment (dropped first)."""


def canonical_url(url: str) -> str:
    """URL key: tracking parameters and fragment dropped, then w3lib-canonicalised.

    Most URLs are plain (`_PLAIN_URL`), and their key is built directly, at a tenth of the
    cost: scheme and host lowercased, the path as it is ("/" when empty), the query's fields
    `key=value` without tracking ones, sorted. A path with a dot segment (`/.`) or a value with
    a second `=` (which w3lib quotes) takes w3lib's way.

    >>> canonical_url("HTTP://Example.com/a/b.html?utm_source=weibo&id=3&spm=1.2#top")
    'http://example.com/a/b.html?id=3'
    >>> canonical_url("http://example.com/a.html?b=2&a=1")
    'http://example.com/a.html?a=1&b=2'
    """
    plain = _PLAIN_URL.fullmatch(url)
    if plain is not None:
        origin, path, query = plain.groups()
        if path is None or "/." not in path:
            path = path or "/"
            if not query:
                return origin.lower() + path
            fields = [field.partition("=") for field in query.split("&") if field]
            if all("=" not in value for _, _, value in fields):
                kept = sorted((key, value) for key, _, value in fields if not _TRACKING.match(key))
                if not kept:
                    return origin.lower() + path
                return f"{origin.lower()}{path}?{'&'.join(f'{k}={v}' for k, v in kept)}"
    return _w3lib_canonical_url(url)


def url_key(canonical: str | None, url: str | None) -> str | None:
    """The URL key a record is checked and known by: the canonical URL its page declares, else
    its own URL's `canonical_url`; None without either.

    >>> url_key(None, "http://example.com/a.html?utm_source=x")
    'http://example.com/a.html'
    """
    return canonical or (canonical_url(url) if url else None)


def without_tracking(url: str) -> str:
    """`url` without its tracking parameters (those `canonical_url` drops), the rest as it is:
    the address an article is fetched at, so that links differing only in them are one
    request, and the record's URL is the article's own.

    >>> without_tracking("http://a.cn/x.html?utm_source=weibo&id=3&from=timeline#top")
    'http://a.cn/x.html?id=3#top'
    >>> without_tracking("http://a.cn/x.html?spm=1.2"), without_tracking("http://a.cn/x?a")
    ('http://a.cn/x.html', 'http://a.cn/x?a')
    """
    head, mark, rest = url.partition("?")
    if not mark:
        return url
    query, hash_mark, fragment = rest.partition("#")
    fields = query.split("&")
    kept = [f for f in fields if f and not _TRACKING.match(f.partition("=")[0])]
    if len(kept) == len(fields):
        return url
    return head + ("?" + "&".join(kept) if kept else "") + hash_mark + fragment


def url_problem(url: str) -> str | None:
    """Why `url` is no absolute URL that a record can carry, else None: a saved page's URL
    given by hand (`pressbot parse --url`, an `info.json`) may be a path or a typo.

    >>> url_problem("https://example.com/a.html"), url_problem("file:///srv/a.html")
    (None, None)
    >>> url_problem("www.example.com/a.html"), url_problem("http://[::1/a.html")
    ('no absolute URL (no scheme)', 'no absolute URL: Invalid IPv6 URL')
    """
    try:
        canonical_url(url)
    except ValueError as exc:
        return f"no absolute URL: {exc}"
    parts = urlsplit(url)
    if not parts.scheme:
        return "no absolute URL (no scheme)"
    if parts.scheme in ("http", "https") and not parts.hostname:
        return "no absolute URL (no host)"
    return None


def _w3lib_canonical_url(url: str) -> str:
    """`canonical_url` the long way, for any URL: Python's parse and w3lib's canonicalisation."""
    parts = urlsplit(url)
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)
    ]
    cleaned = urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))
    return canonicalize_url(cleaned)


@lru_cache(maxsize=2)
def normalized_text(body: str) -> str:
    """NFKC (full-width punctuation to half-width) and collapsed whitespace: the hashed form.
    Kept for the last bodies: a crawl worker's record takes its hash (`body_keys`) and then its
    near keys (`near_keys`) from the same body.

    >>> normalized_text("Ａ，ｂ  c\\n\\n d")
    'A,b c d'

    A record's body (`normalize.body`) has its words apart by one space or newline already, so
    a newline made a space is the collapsed text, when the result passes `isprintable` (which
    any space but the plain one fails) and has no double space nor one at either end: at a
    fifth of the cost of splitting a text into its words and joining them again.
    """
    text = nfkc(body)
    spaced = text.replace("\n", " ")
    if spaced.isprintable() and "  " not in spaced and spaced[:1] != " " and spaced[-1:] != " ":
        return spaced
    return " ".join(text.split())


_WIDE_FORMS = {wide: unicodedata.normalize("NFKC", wide) for wide in "，：；！？（）％\u3000…℃～"}
"""Full-width punctuation and the ideographic space, each with its NFKC form: most of what NFKC
changes in Chinese text; and the ellipsis, degree Celsius and full-width tilde, which most of
the other bodies that NFKC changes hold (English ones the ellipsis)."""


def nfkc(text: str) -> str:
    """`unicodedata.normalize("NFKC", text)`, at a third of its time on Chinese text: each
    full-width mark is first replaced by its form with `str.replace`, which leaves the quick
    check little to pass on to the slow path. The result is the same: each form is the mark's
    whole compatibility decomposition (its NFKD, also its NFKC), so the text's decomposition,
    which NFKC then composes, does not change (even where a mark follows: "℃\u0327" is "°Ç").

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
    if text.isascii() or _CJK_CHAR.search(text) is None:  # (the first in constant time)
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
    The votes are counted in numpy over the tokens' digests (`vector.simhash_votes`), one vote
    per occurrence: the sums are those of `tokens`' counts, without counting them first.

    >>> simhash("a b c d e f") == simhash("a b c d e f")
    True
    >>> hamming(simhash("a b c d"), simhash("w x y z")) > 8
    True
    >>> f"{simhash('新华社 北京 Press release'):016x}"  # pinned: stored fingerprints stay valid
    '0431c5db1a38da78'
    """
    return _vector().simhash_votes(_tokens_digests(nfkc(text)))


def body_keys(body: str) -> tuple[str, str]:
    """(content_hash, simhash as 16 hex digits) of a body, normalising it once for both."""
    text = normalized_text(body)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return digest, f"{simhash(text):016x}"  # NFKC of NFKC text is a quick check


_TOKEN_DIGESTS: dict[str, bytes] = {}
_MAX_CACHED_TOKENS = 200_000


def _token_digests(words: Iterable[str]) -> bytes:
    """blake2b-64 digest of each token, end to end, cached: pages repeat the same few thousand
    characters and words, so most come from one C-level pass of dict lookups (and a join, which
    fails where one is missing)."""
    words = list(words)
    found: list[bytes | None] = list(map(_TOKEN_DIGESTS.get, words))
    try:
        return b"".join(found)  # type: ignore[arg-type]  # a None raises: the slow way below
    except TypeError:
        pass
    if len(_TOKEN_DIGESTS) + len(words) > _MAX_CACHED_TOKENS:
        _TOKEN_DIGESTS.clear()
    for i, word in enumerate(words):
        if found[i] is None:  # a word missing twice is hashed at its first place only
            digest = _TOKEN_DIGESTS.get(word)
            if digest is None:
                digest = _TOKEN_DIGESTS[word] = _digest(word.encode("utf-8"))
            found[i] = digest
    return b"".join(found)  # type: ignore[arg-type]  # every None was replaced above


@lru_cache(maxsize=2)
def _tokens_digests(text: str) -> bytes:
    """`_token_digests(tokens(text))` of an NFKC `text`, kept for the last texts: a crawl worker
    takes a body's SimHash (`body_keys`) and then its near keys (`near_keys`) from the same
    normalised text.

    The CJK characters that are tokens alone are left between the words by `_WORD_SPLIT`, and
    numpy looks up their digests in a table (`vector.ordered_digests`): no string per character.
    """
    if (
        text.isascii()
        or _CJK_CHAR.search(text) is None
        or any(letter in text for letter in _CONTEXT_CASED)  # (`tokens` lowers word by word)
        or "\0" in text  # (which `ordered_digests` puts in the words' places)
    ):
        return _token_digests(tokens(text))
    parts = _WORD_SPLIT.split(text.lower())  # text between the words, then a word, ...
    return _vector().ordered_digests(parts[::2], _token_digests(parts[1::2]))


MIN_NEAR_TOKENS = 50
"""Shorter bodies get no near-duplicate key: the fingerprint of a very short text says too little
to call another text a copy of it (exact and URL duplicates still apply)."""


class NearKeys(NamedTuple):
    """A body's near-duplicate keys: SimHash (stage 1) and MinHash signature (stage 2)."""

    simhash: str | None
    signature: bytes | None


_CLOSING = re.compile(
    r"About\s+(?:the\s+)?[A-Z][^\n.:;!?]{0,80}\.?$"  # "About Example Corp", a heading
    r"|About\s+(?:the\s+)?[A-Z][^\n.:;!?]{0,80}?\s*[:：]"
    r"|About\s+([A-Z][\w&'.-]*(?:\s+[A-Z][\w&'.-]*){0,5})\s+\1\b"  # "About X X is a ..."
    r"|(?i:(?:forward[- ]looking|cautionary|safe[- ]harbou?r)\s+(?:statements?|information|note))"
    r"|(?i:(?:(?:media|press|investor|pr)(?:\s+relations)?\s+)?contacts?\s*(?:[:：]|$))"
    r"|(?i:disclaimer\b)|#{3}\s*$"
    r"|特别提示|特别声明|免责声明|版权声明|郑重声明|联系人|联系电话|联系方式|联系地址|媒体联系|新闻联系"
)
"""A paragraph that opens a press release's closing sections ("About X", forward-looking
statements, a contact block, a disclaimer, the "###" end mark, 特别提示, 联系电话 ...): text that
a company's or an office's releases all repeat, whatever they announce."""


def story(body: str) -> str:
    """The body without its closing sections: from the first paragraph after the first that
    opens one (`_CLOSING`) to the end. Near keys are of the story: releases of one office that
    share a long closing text are no copies of each other, and a syndicated copy that leaves
    that text out is still a copy.

    >>> story("Acme opens a plant.\\nAbout Acme\\nAcme makes tools.\\nMedia Contact: J. Doe")
    'Acme opens a plant.'
    >>> story("About 300 people came.\\nAbout 20 stayed.")
    'About 300 people came.\\nAbout 20 stayed.'
    """
    paragraphs = body.split("\n")
    for i, paragraph in enumerate(paragraphs[1:], 1):
        if _CLOSING.match(paragraph.strip()):
            return "\n".join(paragraphs[:i])
    return body


def near_keys(body: str, simhash: str | None, min_tokens: int = MIN_NEAR_TOKENS) -> NearKeys:
    """The keys to dedup `body` by near copies, or none when it is too short to judge.

    The one place the crawl, offline parsing, state repair and the benchmark get them, so they
    all apply the same short-body rule and the same signature. They are of the body's `story`:
    `simhash` (the whole body's) is used as it is when the body has no closing section, and is
    computed again for the story when it has one.

    >>> near_keys("短文", "00ff00ff00ff00ff")
    NearKeys(simhash=None, signature=None)
    >>> keys = near_keys("字" * 60, "00ff00ff00ff00ff")
    >>> keys.simhash, len(keys.signature)
    ('00ff00ff00ff00ff', 128)
    >>> keys = near_keys("字" * 60 + "\\n特别提示：" + "字" * 60, "00ff00ff00ff00ff")
    >>> keys == near_keys("字" * 60, f"{simhash('字' * 60):016x}")
    True
    """
    told = story(body)
    if told is not body:
        body, simhash = told, body_keys(told)[1]
    digests = _tokens_digests(normalized_text(body))  # (whose tokens are the body's)
    count = len(digests) // 8
    if count < min_tokens:
        return NearKeys(None, None)
    return NearKeys(simhash, _vector().minhash_signature(digests) if count >= SHINGLE else None)


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


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=8).digest()


def _hash64(data: bytes) -> int:
    return int.from_bytes(_digest(data), "big")


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

    Each distinct token is hashed once (blake2b, cached: `_token_digests`); a shingle's 64-bit
    hash is the weighted sum of its tokens' hashes, mixed (the splitmix64 finalizer), all in
    numpy. A repeated shingle only repeats a candidate for the minimum, so no set of shingles is
    built.
    """
    if len(words) < SHINGLE:
        return None
    return _vector().minhash_signature(_token_digests(words))


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
