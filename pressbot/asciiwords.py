"""Words of English text found with bytes methods, where they beat a word regex.

Most English text is ASCII but for its curly quotes and dashes. None of those is a word
character, so spaced out they change no word; and the words of ASCII text are the runs that
`split` finds once `bytes.translate` has made every byte that is no word character a space, at
a third to a half of the cost of `findall` with a word regex.
"""

from __future__ import annotations

QUOTES_AND_DASHES = ("\u2019", "\u2018", "\u201c", "\u201d", "\u2014", "\u2013")


def spacing_table(word_characters: str) -> bytes:
    """A `bytes.translate` table that keeps the ASCII `word_characters` and makes every other
    byte a space."""
    return bytes(c if chr(c) in word_characters else 32 for c in range(256))


def ascii_words(text: str, table: bytes) -> list[str] | None:
    """The runs of the characters `table` keeps, in order; None when `text` holds other
    non-ASCII characters than curly quotes and dashes (the caller's regex then decides).

    >>> ascii_words("it’s the state_of—2020", spacing_table("abcdefghijklmnopqrstuvwxyz"))
    ['it', 's', 'the', 'state', 'of']
    >>> ascii_words("café", spacing_table("abcdefghijklmnopqrstuvwxyz")) is None
    True
    """
    if not text.isascii():
        for mark in QUOTES_AND_DASHES:
            if mark in text:
                text = text.replace(mark, " ")
        if not text.isascii():
            return None
    return text.encode("ascii").translate(table).decode("ascii").split()
