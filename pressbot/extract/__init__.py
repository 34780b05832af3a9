"""extract(html, url) -> Article: the pure heart every spider, test and CLI calls alike.

No network, no Scrapy, no files. Every field is optional: what cannot be found is None or [],
never a guess. Failures are caught at one point (`extract`), recorded in
`article.extraction.warnings` and turn the page into `page_type="error"`; `raise_errors=True`
(tests, debugging) lets them through instead.
"""

from __future__ import annotations

import logging
import re
from codecs import BOM_UTF8 as BOM
from codecs import BOM_UTF16_BE, BOM_UTF16_LE, BOM_UTF32_BE, BOM_UTF32_LE
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import ModuleType
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from pressbot.dedup.keys import body_keys, canonical_url
from pressbot.document import HTML_TYPES, decode_html, header_value, wide_charset
from pressbot.extract.tree import control_bytes
from pressbot.items import Article
from pressbot.normalize import normalize_article
from pressbot.patterncache import cached_compiles
from pressbot.sites import SiteConfig, load_site

logger = logging.getLogger(__name__)

MAX_BYTES = 8_000_000
_TRS_PATH = re.compile(r"/t(19|20)\d{6}_\d+\.s?html?$")
_BINARY_MAGIC = (
    b"%PDF",
    b"\xff\xd8\xff",
    b"\x89PNG",
    b"GIF8",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"RIFF",
    b"\x00\x00\x00",
    b"ID3",
    b"OggS",
    b"BM",
)
_WIDE_BOMS = (BOM_UTF32_LE, BOM_UTF32_BE, BOM_UTF16_LE, BOM_UTF16_BE)
_NON_HTML_TYPES = (
    "image/",
    "audio/",
    "video/",
    "application/pdf",
    "application/zip",
    "application/octet-stream",
    "font/",
)

_HTML_MARKUP = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|title|meta|div|p|article|table|h[1-6])[\s>/]", re.I
)
_FEED_ROOT = re.compile(
    rb"(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<\?[^>]*>\s*|<!doctype[^>]*>\s*)*<(?:[\w-]+:)?"
    rb"(?:rss|feed|rdf|urlset|sitemapindex)[\s>/]",
    re.I | re.S,
)


@dataclass(frozen=True)
class Context:
    """What extraction knows besides the page: where it came from and its site's rules."""

    url: str | None
    site: SiteConfig | None


def _binary_reason(data: bytes, content_type: str | None) -> str | None:
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind.startswith(_NON_HTML_TYPES):
        return f"content type {kind}"
    head = data[:4096]
    nuls = head.count(b"\x00") > len(head) // 100 + 1 and not head.startswith(_WIDE_BOMS)
    # UTF-16 and UTF-32 text is half NULs or more: its BOM says what it is, or a charset of the
    # Content-Type that decodes it (UTF-32BE begins with the NULs of a binary signature)
    if nuls and wide_charset(data, content_type):
        return None
    if head.startswith(_BINARY_MAGIC):
        return "binary signature"
    if nuls:
        return "NUL bytes"
    return None


def _other_text(data: bytes, content_type: str | None) -> str | None:
    """Why bytes that are text are no HTML page: JSON, a feed or sitemap, a script, plain
    text. Served as HTML or untyped (a saved file), only JSON or a feed's XML without HTML
    markup is refused; served as another type, a page must show HTML markup to be read."""
    kind = (content_type or "").split(";")[0].strip().lower()
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if _FEED_ROOT.match(head):  # (its items have titles and paragraphs of HTML in them)
        return "a feed or sitemap (XML)"
    if _HTML_MARKUP.search(head):
        return None
    if head[:1] in (b"{", b"["):
        return "JSON"
    if kind and kind not in HTML_TYPES:
        return f"content type {kind}"
    return None


def _looks_binary(text: str, controls: int | None = None) -> bool:
    """Random or binary bytes decode to text full of C0 controls or U+FFFD; HTML has almost none.
    `controls`: the C0 controls of the whole text, when the caller counted them (in UTF-8 bytes).

    Counted with C string methods (a regex over every page cost a tenth of a bare parse).
    """
    if controls is not None:
        return controls + text.count("\ufffd", 0, 65536) > max(8, len(text) // 200)
    sample = text[:65536]
    controls = control_bytes(sample.encode("ascii", "ignore")) + sample.count("\ufffd")
    return controls > max(8, len(sample) // 200)


def extract(
    html: str | bytes,
    url: str | None = None,
    *,
    site: str | SiteConfig | None = None,
    headers: Mapping[str, object] | None = None,
    raise_errors: bool = False,
) -> Article:
    """Parse one page into an Article; `article.is_article` says whether it is one.

    `html` is text or the raw bytes as fetched (decoded here like Scrapy does, with the
    Content-Type from `headers`). `site` names a site config (or is one) whose selectors and
    time zone apply. Bad pages never raise; a caller's error does: an unknown site name
    (`SiteConfigError`), `html` or `headers` of another type (`TypeError`), a `url` that is no
    URL (`ValueError`; an empty one is no URL: the record's is None).
    """
    if not isinstance(html, str | bytes):
        raise TypeError(f"html must be str or bytes, not {type(html).__name__}")
    if headers is not None and not isinstance(headers, Mapping):
        raise TypeError(f"headers must be a mapping, not {type(headers).__name__}")
    config = load_site(site) if isinstance(site, str) else site
    article = Article(url=url or None, site=config.name if config else None)
    if url:
        try:
            article.canonical_url = canonical_url(url)
        except ValueError as exc:
            raise ValueError(f"url {url!r} is no URL: {exc}") from None
    try:
        _extract_into(article, html, headers, Context(url, config))
    except Exception as exc:
        if raise_errors:
            raise
        logger.warning("extraction failed for %s: %r", url, exc)
        article.extraction.page_type = "error"
        article.extraction.warnings.append(f"extraction failed: {exc!r}")
    return article


@cache
def _page() -> ModuleType:
    """`pressbot.extract.page`, imported with the first page: compiling its patterns is most of
    what importing pressbot costs, and a crawl process whose workers extract never needs them.
    What starts workers imports it for them first (`pressbot.extract.preload`). Its patterns'
    compiled code comes from the cache beside the bytecode where there is one (0.14 s of the
    0.3 s the import takes otherwise: `pressbot.patterncache`)."""
    with cached_compiles():
        from pressbot.extract import page  # noqa: PLC0415 - deliberately lazy

    return page


def _extract_into(
    article: Article, html: str | bytes, headers: Mapping[str, object] | None, ctx: Context
) -> None:
    info = article.extraction
    utf8 = None
    if isinstance(html, bytes):
        content_type = header_value(headers, "content-type")
        if not html.strip():
            info.page_type = "empty"
            return
        reason = _binary_reason(html, content_type)
        if reason:
            info.page_type = "binary"
            info.warnings.append(f"not HTML: {reason}")
            return
        reason = _other_text(html, content_type)
        if reason:
            info.page_type = "not-html"
            info.warnings.append(f"not HTML: {reason}")
            return
        if len(html) > MAX_BYTES:
            info.warnings.append(f"page of {len(html)} bytes cut to {MAX_BYTES}")
            html = html[:MAX_BYTES]
        info.encoding, text = decode_html(html, content_type)
        # UTF-8 keeps every other character off the C0 bytes: they are counted once, in the bytes
        controls = control_bytes(html) if info.encoding == "utf_8" else None
        if _looks_binary(text, controls):
            info.page_type = "binary"
            info.warnings.append(f"not HTML: control characters after decoding as {info.encoding}")
            return
        if controls == 0 and "\ufffd" not in text and not html.startswith(BOM):
            utf8 = html  # nothing was replaced or cut, so these are `text`'s UTF-8 bytes
    else:
        text = html[:MAX_BYTES]
    if not text.strip():
        info.page_type = "empty"
        return
    _page().fill(article, text, default_zone(ctx), ctx.site, utf8)
    normalize_article(article)
    if article.body:
        article.content_hash, article.simhash = body_keys(article.body)


def default_zone(ctx: Context) -> ZoneInfo | None:
    """The site's zone; without a site, mainland-China hosts and TRS CMS paths
    (`/202006/t20200602_123.html`, used by Chinese government and press sites, their English
    editions included) are +08:00, and a host under the domain of a country with one time zone
    (.in, .jp, .uk, .ug, … : `_COUNTRY_ZONES`) is in that zone; others are unknown."""
    if ctx.site is not None:
        return ctx.site.tz
    parts = urlsplit(ctx.url or "")
    host = parts.hostname or ""
    if host.endswith(".cn") or _TRS_PATH.search(parts.path):
        return ZoneInfo("Asia/Shanghai")
    country = _COUNTRY_ZONES.get(host.rpartition(".")[2])
    return ZoneInfo(country) if country else None


_COUNTRY_ZONES = {
    "in": "Asia/Kolkata",
    "jp": "Asia/Tokyo",
    "kr": "Asia/Seoul",
    "tw": "Asia/Taipei",
    "hk": "Asia/Hong_Kong",
    "sg": "Asia/Singapore",
    "nz": "Pacific/Auckland",
    "uk": "Europe/London",
    "ie": "Europe/Dublin",
    "tr": "Europe/Istanbul",
    "il": "Asia/Jerusalem",
    "eg": "Africa/Cairo",
    "ae": "Asia/Dubai",
    "kw": "Asia/Kuwait",
    "bh": "Asia/Bahrain",
    "om": "Asia/Muscat",
    "jo": "Asia/Amman",
    "lb": "Asia/Beirut",
    "iq": "Asia/Baghdad",
    "sa": "Asia/Riyadh",
    "qa": "Asia/Qatar",
    "pk": "Asia/Karachi",
    "bd": "Asia/Dhaka",
    "lk": "Asia/Colombo",
    "np": "Asia/Kathmandu",
    "my": "Asia/Kuala_Lumpur",
    "th": "Asia/Bangkok",
    "vn": "Asia/Ho_Chi_Minh",
    "ph": "Asia/Manila",
    "ng": "Africa/Lagos",
    "gh": "Africa/Accra",
    "ke": "Africa/Nairobi",
    "ug": "Africa/Kampala",
    "tz": "Africa/Dar_es_Salaam",
    "za": "Africa/Johannesburg",
    "bw": "Africa/Gaborone",
    "zm": "Africa/Lusaka",
    "zw": "Africa/Harare",
    "mw": "Africa/Blantyre",
    "rw": "Africa/Kigali",
    "na": "Africa/Windhoek",
    "et": "Africa/Addis_Ababa",
    "sl": "Africa/Freetown",
    "lr": "Africa/Monrovia",
    "sc": "Indian/Mahe",
    "mv": "Indian/Maldives",
    "bt": "Asia/Thimphu",
    "bn": "Asia/Brunei",
    "kg": "Asia/Bishkek",
    "am": "Asia/Yerevan",
    "ge": "Asia/Tbilisi",
    "az": "Asia/Baku",
    "mm": "Asia/Yangon",
    "kh": "Asia/Phnom_Penh",
    "la": "Asia/Vientiane",
    "mo": "Asia/Macau",
    "fj": "Pacific/Fiji",
    "to": "Pacific/Tongatapu",
    "ws": "Pacific/Apia",
    "jm": "America/Jamaica",
    "tt": "America/Port_of_Spain",
    "bb": "America/Barbados",
    "bs": "America/Nassau",
    "bm": "Atlantic/Bermuda",
    "ky": "America/Cayman",
    "gy": "America/Guyana",
    "mt": "Europe/Malta",
}
"""Country domains whose whole country keeps one time zone (New Zealand's, with its daylight
saving, all but the Chatham Islands' 600 people; the United Kingdom's, its overseas territories
aside, which have domains of their own)."""
