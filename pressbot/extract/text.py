"""Script-aware text measures: CJK and Latin text scored on one scale."""

from __future__ import annotations

import re
import string
from functools import lru_cache

from pressbot.asciiwords import ascii_words, spacing_table

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]")
_NON_CJK_RUN = re.compile(r"[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]+")
_LATIN_WORD = re.compile(
    r"[^\W\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af_]+"
)
_PUNCT = re.compile(r"[，。！？；：、,.!?;:“”\"]")
_SENTENCE_END = re.compile(r"[。！？.!?”\"」』）)…]$")


_ASCII_WORD_BYTES = spacing_table(string.ascii_letters + string.digits)


def cjk_count(text: str) -> int:
    """CJK characters, counted as the length less the runs of other characters: Chinese text
    has a tenth as many of those runs as characters, and each match costs a new string.

    >>> cjk_count("2020年6月，新闻 press")
    4
    """
    if text.isascii():
        return 0
    return len(text) - sum(map(len, _NON_CJK_RUN.findall(text)))


def latin_words(text: str) -> int:
    """Words of letters or digits outside CJK (`_LATIN_WORD`), by `ascii_words` where it can.

    >>> latin_words("U.S. state_of 2020年 café"), latin_words("it’s—so")
    (6, 3)
    """
    words = ascii_words(text, _ASCII_WORD_BYTES)
    return len(_LATIN_WORD.findall(text)) if words is None else len(words)


@lru_cache(maxsize=8192)
def units(text: str) -> int:
    """Content size in roughly word-sized units: a CJK character is one, another word is two.

    >>> units("新闻发布会"), units("press conference")
    (5, 4)

    Cached: body scoring, title choice and body cleanup measure the same lines.
    """
    return cjk_count(text) + 2 * latin_words(text)


_ASCII_NON_PUNCT = bytes(c for c in range(128) if chr(c) not in ',.!?;:"')


def punctuation(text: str) -> int:
    """Sentence punctuation, full-width and half-width alike (。，！？ count as . , ! ?).

    >>> punctuation("Yes, “no”. 是，不是。")
    6
    """
    if text.isascii():  # what is left once every other byte is deleted (a third of the regex)
        return len(text.encode("ascii").translate(None, _ASCII_NON_PUNCT))
    return len(_PUNCT.findall(text))


def is_cjk(text: str) -> bool:
    """True when CJK characters dominate the text."""
    cjk = cjk_count(text)
    return cjk > 0 and cjk >= latin_words(text)


def ends_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text))


_SENTENCE_IN = re.compile(r"[。！？]|[.!?][”\"’)）]?$")


def holds_sentence(text: str) -> bool:
    """A CJK full stop anywhere, or a Latin one at the end: a sentence, no table row or card's
    field ("西宁 多云 9℃", "厂商指导价：11.59万").

    >>> holds_sentence("区域：大兴 户型：三居(2)"), holds_sentence("Prices rose. Then fell.")
    (False, True)
    """
    return _SENTENCE_IN.search(text) is not None
