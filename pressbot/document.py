"""Bytes become text here and nowhere else, so a crawl and offline parsing decode alike.

Scrapy decodes with `w3lib.encoding.html_to_unicode` (HTTP charset, then BOM and meta); real pages
often lie in one of those places, so the declared candidates are checked against the bytes:
strict UTF-8 when the bytes are valid UTF-8, else the first declared charset that decodes the
bytes without error, a multi-byte one (GB18030, Big5, ...) before a single-byte one that decodes
anything (latin-1 headers in front of GBK pages are common).

When none does (no charset declared, or a false one: UTF-8 in front of legacy bytes), the shape
of the bytes decides (`_latin_shaped`): where most bytes past ASCII stand alone between ASCII
bytes, or in pairs inside a Latin word, the page is Windows-1252 (as the WHATWG reads latin-1
and ASCII labels too), or the single-byte charset it declared; else GB18030 or Big5, whichever
misreads the bytes less. A UTF-16 or UTF-32 HTTP charset counts before UTF-8 when the bytes, with
no BOM, are text in it (`wide_charset`): ASCII in UTF-16 is valid UTF-8, NULs and all.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping

from w3lib.encoding import (
    html_body_declared_encoding,
    http_content_type_encoding,
    read_bom,
    resolve_encoding,
)

HTML_TYPES = ("text/html", "application/xhtml+xml", "application/vnd.wap.xhtml+xml")
"""The content types of an HTML page, WAP XHTML included (mobile editions of Chinese sites serve
it). The crawl and offline parsing both read pages by this list, so that a page they both see
gives the same record."""

_SINGLE_BYTE = {"cp1252", "latin_1", "iso8859_1", "ascii", "cp1254", "cp1251", "mac_roman", "cp874"}
_WIDE = {"utf_16": 2, "utf_16_le": 2, "utf_16_be": 2, "utf_32": 4, "utf_32_le": 4, "utf_32_be": 4}
_SHAPES = bytes(
    ord("H") if byte >= 0x80 else ord("a") if chr(byte).isalpha() else ord(" ")
    for byte in range(256)
)
"""Bytes to their shape: H past ASCII, a for an ASCII letter, a space for any other byte."""


def header_value(headers: Mapping[str, object] | None, name: str) -> str | None:
    """Case-insensitive header lookup over str/bytes keys and values (Scrapy or plain dicts):
    the first value, latin-1 decoded.

    >>> from scrapy.http.headers import Headers
    >>> headers = Headers({"content-type": ["text/html", "text/plain"]})
    >>> header_value(headers, "Content-Type"), header_value({b"X-A": [b"1"]}, "x-a")
    ('text/html', '1')
    >>> header_value(headers, "Server"), header_value({"x-a": []}, "X-A")
    (None, None)
    """
    if not headers:
        return None
    getlist = getattr(headers, "getlist", None)
    if callable(getlist):  # Scrapy's Headers: one case-insensitive lookup, not a scan
        values = getlist(name)
        return _first_value(values)
    for key, value in headers.items():
        k = key.decode("latin-1") if isinstance(key, bytes) else str(key)
        if k.lower() != name.lower():
            continue
        return _first_value(value)
    return None


def _first_value(value: object) -> str | None:
    first = (value[0] if value else None) if isinstance(value, list | tuple) else value
    if isinstance(first, bytes):
        return first.decode("latin-1")
    return None if first is None else str(first)


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    resolved = resolve_encoding(label)
    if resolved is None:
        return None
    return codecs.lookup(resolved).name.replace("-", "_")


def _decoded(data: bytes, codec: str) -> str | None:
    """The text when the bytes are valid in `codec`, else None."""
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


_ODD_CHARACTERS = re.compile("[\ue000-\uf8ff\u3040-\u30ff]+")


def decode_html(data: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Return (codec, text) for an HTML body; never raises, never guesses silently.

    >>> decode_html("新闻".encode("gbk"), "text/html; charset=iso-8859-1")[0]
    'cp1252'
    >>> decode_html('<meta charset="gbk">新闻'.encode("gbk"), "text/html; charset=iso-8859-1")
    ('gb18030', '<meta charset="gbk">新闻')
    >>> decode_html('<meta charset="gb2312">新闻'.encode("utf-8"))
    ('utf_8', '<meta charset="gb2312">新闻')
    >>> decode_html("“Go—now,” he said.".encode("cp1252"), "text/html; charset=utf-8")
    ('cp1252', '“Go—now,” he said.')
    >>> decode_html("新闻，“Go”".encode("gbk"))
    ('gb18030', '新闻，“Go”')
    >>> decode_html("<p>a</p>".encode("utf-16-be"), "text/html; charset=utf-16")
    ('utf_16_be', '<p>a</p>')
    """
    bom_codec, bom = read_bom(data)
    if bom_codec:
        codec = _codec(bom_codec) or "utf_8"
        return codec, data[len(bom) :].decode(codec, "replace")
    wide = wide_charset(data, content_type)
    if wide:
        return wide
    text = _decoded(data, "utf_8")
    if text is not None:
        return "utf_8", text
    declared = [
        _codec(http_content_type_encoding(content_type) if content_type else None),
        _codec(html_body_declared_encoding(data)),
    ]
    candidates = [c for c in dict.fromkeys(declared) if c]
    clean = {c: text for c in candidates if (text := _decoded(data, c)) is not None}
    multi = [c for c in clean if c not in _SINGLE_BYTE]
    if multi or clean:
        codec = (multi or list(clean))[0]
        return codec, clean[codec]
    if _latin_shaped(data):
        codec = next((c for c in candidates if c in _SINGLE_BYTE), "cp1252")
        return codec, data.decode(codec, "replace")
    candidates += ["gb18030", "big5hkscs"]
    decoded = {c: data.decode(c, "replace") for c in candidates}
    codec = min(candidates, key=lambda c: _misread(decoded[c]))
    return codec, decoded[codec]


def wide_charset(data: bytes, content_type: str | None) -> tuple[str, str] | None:
    """(codec, text) when the Content-Type's charset is UTF-16 or UTF-32 and the bytes, which
    need no BOM, are text in it: NUL bytes where ASCII characters have them in one byte order,
    and no error decoding. The charset gives the width, the NULs the byte order: a bare utf-16
    is LE (as the WHATWG reads it) unless its NULs say BE, and BE bytes labelled LE are BE.

    >>> wide_charset("<p>a</p>".encode("utf-16-le"), "text/html; charset=utf-16")
    ('utf_16_le', '<p>a</p>')
    >>> wide_charset(b"<p>a</p>", "text/html; charset=utf-16le") is None
    True
    """
    if not content_type or data.count(b"\x00", 0, 4096) <= min(len(data), 4096) // 100 + 1:
        return None  # no ASCII characters in a wide form: not UTF-16 or UTF-32 text
    width = _WIDE.get(_codec(http_content_type_encoding(content_type)) or "")
    if width is None:
        return None
    head = data[:4096]
    # ASCII has its NULs after its byte in LE and before it in BE (UTF-32: three of them)
    little, big = head[width - 1 :: width].count(0), head[::width].count(0)
    if little == big:
        return None
    codec = f"utf_{width * 8}_{'le' if little > big else 'be'}"
    text = _decoded(data, codec)
    return None if text is None else (codec, text)


def _latin_shaped(data: bytes) -> bool:
    """Whether the bytes past ASCII read as a Latin script's in a single-byte charset: at least
    half of them alone between ASCII bytes (curly quotes, dashes, the accented letters of
    English, French, Spanish, ...) or two inside a Latin word (Portuguese ção, German öß). In
    GBK and Big5 text they come in runs, two bytes a character (a stray Windows-1252 quote on a
    Chinese page is one byte in thousands); one alone is a lead byte whose second byte is ASCII
    (Big5: a tenth to a third of them in Chinese text, about none in GBK).

    Counted on the bytes' shapes (`_SHAPES`) with C string methods, some 13 ns a byte; a regex
    took six times as long. (Two pairs one letter apart, aHHaHHa, count as one.)

    >>> _latin_shaped("“Go—now,” ação".encode("cp1252")), _latin_shaped("新闻，“Go”".encode("gbk"))
    (True, False)
    """
    shapes = b" " + data.translate(_SHAPES) + b" "
    high = shapes.count(b"H")
    runs = shapes.count(b" H") + shapes.count(b"aH")
    longer = shapes.count(b" HH") + shapes.count(b"aHH")  # (runs of two bytes or more)
    latin = runs - longer + 2 * shapes.count(b"aHHa")
    return 2 * latin >= high > 0


def _misread(text: str) -> tuple[int, int]:
    """How badly a codec read the bytes: replacement characters, then private-use characters
    and kana. GB18030 decodes almost any bytes, Big5 ones too: as private-use characters and
    kana (hundreds a page), where Big5 read a GBK page with replacements (dozens a page)."""
    odd = sum(len(run) for run in _ODD_CHARACTERS.findall(text))
    return text.count("\ufffd"), odd


def with_charset(content_type: str | None, charset: str | None) -> str | None:
    """The Content-Type with `charset` forced (a site config's `encoding` override), else as is.

    >>> with_charset("text/html; charset=iso-8859-1", "big5"), with_charset(None, "gbk")
    ('text/html; charset=big5', 'text/html; charset=gbk')
    >>> with_charset("text/html", None)
    'text/html'
    """
    if not charset:
        return content_type
    kind = (content_type or "text/html").split(";")[0].strip()
    return f"{kind}; charset={charset}"
