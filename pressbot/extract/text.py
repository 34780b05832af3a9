"""Script-aware text measures: CJK and Latin text scored on one scale."""

from __future__ import annotations

import re
import string
from functools import lru_cache

from pressbot.asciiwords import ascii_words, spacing_table

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]")
_CJK_HIGH = bytes([*range(0x34, 0x4D), *range(0x4E, 0xA0), *range(0xAC, 0xD7), 0xF9, 0xFA])
"""The high bytes of the UTF-16 code units that are `_CJK` whatever their low byte: U+3400 to
U+4CFF, U+4E00 to U+9FFF, U+AC00 to U+D6FF, U+F900 to U+FAFF."""
_CJK_SHARED_HIGH = re.compile(r"[\u3040-\u30ff\u4d00-\u4dbf\ud700-\ud7af]")
"""The `_CJK` characters of the three high bytes that also hold others (0x30: U+3000 to U+303F
is CJK punctuation; 0x4D: U+4DC0 on are hexagrams; 0xD7: U+D7B0 on is old Hangul)."""
_NOT_LATIN = re.compile(r"[\W_\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]+")
"""Runs of what no Latin word holds (a Latin word: a run of letters and digits outside CJK):
what `latin_words` splits at. A split runs over a CJK text's characters at a quarter of the
time that a search for the words takes to step over them."""
_PUNCT = re.compile(r"[，。！？；：、,.!?;:“”\"]")
_SENTENCE_ENDS = frozenset('。！？.!?”"」』）)…')


_ASCII_WORD_BYTES = spacing_table(string.ascii_letters + string.digits)


def cjk_count(text: str) -> int:
    """`_CJK` characters, counted by the high bytes of the text's UTF-16 code units: deleting
    those of `_CJK_HIGH` with `bytes.translate` leaves the others, and only a high byte that
    also holds other characters (0x30, as "。" and "、" do) takes a regex. The findall of the
    runs of other characters it replaces cost a new string a run: this takes half its time on
    Chinese text, two thirds on English text with curly quotes (characters beyond U+FFFF are
    two units, neither of them CJK).

    >>> cjk_count("2020年6月，新闻 press"), cjk_count("カメラ〇、䷀𠀀")  # kana, none of the rest
    (4, 3)
    """
    if text.isascii():
        return 0
    high = text.encode("utf-16-le", "surrogatepass")[1::2]
    count = len(high) - len(high.translate(None, _CJK_HIGH))
    if b"\x30" in high or b"\x4d" in high or b"\xd7" in high:
        count += len(_CJK_SHARED_HIGH.findall(text))
    return count


def latin_words(text: str) -> int:
    """Words of letters or digits outside CJK, by `ascii_words` where it can, else the pieces
    between `_NOT_LATIN` runs (of which only the first and the last can be empty).

    >>> latin_words("U.S. state_of 2020年 café"), latin_words("it’s—so"), latin_words("字a字")
    (6, 3, 1)
    """
    words = ascii_words(text, _ASCII_WORD_BYTES)
    if words is not None:
        return len(words)
    pieces = _NOT_LATIN.split(text)
    return len(pieces) - pieces.count("")


@lru_cache(maxsize=8192)
def units(text: str) -> int:
    """Content size in roughly word-sized units: a CJK character is one, another word is two.

    >>> units("新闻发布会"), units("press conference")
    (5, 4)

    Cached: body scoring, title choice and body cleanup measure the same lines.
    """
    return cjk_count(text) + 2 * latin_words(text)


_ASCII_NON_PUNCT = bytes(c for c in range(128) if chr(c) not in ',.!?;:"')


@lru_cache(maxsize=1024)
def punctuation(text: str) -> int:
    """Sentence punctuation, full-width and half-width alike (。，！？ count as . , ! ?).

    >>> punctuation("Yes, “no”. 是，不是。")
    6

    Cached: body scoring and the page-type tests count the same lines (a third of the calls
    on the corpus repeat one of the same page); a page's lines fit the cache, so that it
    keeps little more than the page being read.
    """
    if text.isascii():  # what is left once every other byte is deleted (a third of the regex)
        return len(text.encode("ascii").translate(None, _ASCII_NON_PUNCT))
    return len(_PUNCT.findall(text))


def is_cjk(text: str) -> bool:
    """True when CJK characters dominate the text: at least as many as its Latin words. A text
    half CJK or more is, without its Latin words counted (each is one other character at least):
    a Chinese text is spared their regex's scan."""
    cjk = cjk_count(text)
    return cjk > 0 and (2 * cjk >= len(text) or cjk >= latin_words(text))


def ends_sentence(text: str) -> bool:
    """The last character, or the last before a final newline, ends a sentence: the regex
    `[。！？.!?”"」』）)…]$` read at the end, where a search scans every mark of the line.

    >>> ends_sentence("Prices rose."), ends_sentence("rose.\\n"), ends_sentence("rose.\\n\\n")
    (True, True, False)
    """
    return (text[-2:-1] if text[-1:] == "\n" else text[-1:]) in _SENTENCE_ENDS


_LATIN_STOPS = frozenset(".!?")
_CLOSERS = frozenset('”"’)）')


def holds_sentence(text: str) -> bool:
    """A CJK full stop anywhere, or a Latin one at the end: a sentence, no table row or card's
    field ("西宁 多云 9℃", "厂商指导价：11.59万").

    >>> holds_sentence("区域：大兴 户型：三居(2)"), holds_sentence("Prices rose. Then fell.")
    (False, True)

    The regex `[。！？]|[.!?][”"’)）]?$` by substring tests and the last two characters (a
    final newline aside, as `$` reads it): its branches opened with two sets, so sre tried
    both at every position of the line.
    """
    if "。" in text or "！" in text or "？" in text:
        return True
    if text[-1:] == "\n":
        text = text[:-1]
    last = text[-1:]
    return last in _LATIN_STOPS or (last in _CLOSERS and text[-2:-1] in _LATIN_STOPS)
