"""Where articles are found, without Scrapy: sitemaps, feeds, URL shapes, pagination, page parts.

Pure functions over bytes, text and URLs, so the spider and `pressbot check-site` find the same
links. Sitemaps and feeds are parsed leniently (namespaces ignored, relative `<loc>`/`<link>`
resolved against the document's URL, or a feed's xml:base, gzip accepted); dates become aware
datetimes (UTC when the document gives no offset) so a lastmod cut-off compares them safely.
"""

from __future__ import annotations

import gzip
import html.entities
import io
import logging
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Literal
from urllib.parse import urldefrag, urljoin, urlsplit, urlunsplit

import lxml.etree
from parsel import Selector, SelectorList

from pressbot.dedup.keys import body_keys
from pressbot.items import Article
from pressbot.sites import is_xpath

logger = logging.getLogger(__name__)

MAX_XML_BYTES = 50 * 1024 * 1024
MAX_ENTRIES = 50_000
"""The sitemaps.org protocol's own limits for one file: 50 MB uncompressed, 50,000 URLs. More is
read no further (a sitemap of 10 million URLs, a gzip bomb), so memory stays bounded."""
MAX_XML_DOWNLOAD = MAX_XML_BYTES + 8 * 1024 * 1024
"""The download limit of a sitemap or feed (above the pages' DOWNLOAD_MAXSIZE, 32 MB): a file
up to it is read, its first MAX_XML_BYTES parsed; a bigger one is cancelled by the download."""
MAX_ARTICLE_PAGES = 20

SitemapKind = Literal["index", "urlset", "unknown"]


@dataclass(frozen=True)
class Entry:
    """One URL from a sitemap or feed, with its lastmod / publication date when it has one."""

    url: str
    modified: datetime | None = None


# ---------------------------------------------------------------- dates


_W3C = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?$"
)


def parse_when(text: str | None) -> datetime | None:
    """A sitemap (W3C) or feed (RFC 822) date as an aware datetime; None when unreadable.

    >>> parse_when("2020-06-02")
    datetime.datetime(2020, 6, 2, 0, 0, tzinfo=datetime.timezone.utc)
    >>> parse_when("2020-06-02T10:31:00+08:00").isoformat()
    '2020-06-02T10:31:00+08:00'
    >>> parse_when("Tue, 02 Jun 2020 10:31:00 +0800").isoformat()
    '2020-06-02T10:31:00+08:00'
    >>> parse_when("yesterday") is None
    True
    """
    if not text:
        return None
    text = text.strip()
    match = _W3C.match(text)
    if match:
        year, month, day, hour, minute, second, zone = match.groups()
        try:
            when = datetime(
                int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0)
            )
        except ValueError:
            return None
        if not zone or zone == "Z":
            return when.replace(tzinfo=UTC)
        try:  # an offset of a day or more (+24:00, +99:99) is a bad date, not a crash
            return datetime.fromisoformat(f"{when.isoformat()}{zone[:3]}:{zone[-2:]}")
        except (ValueError, OverflowError):
            return None
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def parse_since(text: str) -> datetime:
    """The `-a since=` cut-off: an ISO date or date-time; raise ValueError naming the format.

    >>> parse_since("2020-06-01").isoformat()
    '2020-06-01T00:00:00+00:00'
    """
    when = parse_when(text)
    if when is None:
        raise ValueError(f"since={text!r}: want YYYY-MM-DD or an ISO 8601 date-time")
    return when


def is_recent(entry: Entry, since: datetime | None) -> bool:
    """True unless the entry is dated before the cut-off (undated entries are kept)."""
    return since is None or entry.modified is None or entry.modified >= since


# ---------------------------------------------------------------- sitemaps and feeds


_GZIP_CHUNK = 1 << 16
_AMPERSAND = re.compile(
    rb"<!\[CDATA\[(?:.*?\]\]>|.*)|&(?:([A-Za-z_][\w.-]*);|(?!#[0-9]+;|#x[0-9a-fA-F]+;))", re.DOTALL
)
"""A CDATA section (left alone), a named reference (its name in group 1), or an `&` that starts
no reference at all; character references are not matched."""
_DOT_SEGMENT = re.compile(r"/\.\.?(?:/|$)")
_XML_NAMES = frozenset((b"amp", b"lt", b"gt", b"quot", b"apos"))
_ENTRY_END = re.compile(rb"</(?:[\w.-]+:)?(?:url|sitemap|item|entry)\s*>")


def _xml_root(data: bytes, url: str) -> lxml.etree._Element | None:
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(data, url)
    parser = lxml.etree.XMLParser(
        resolve_entities=False, no_network=True, recover=True, huge_tree=False
    )
    try:
        text = _escape_ampersands(data[:MAX_XML_BYTES])
        return lxml.etree.fromstring(text, parser=parser, base_url=url)  # (url: each node's .base)
    except (lxml.etree.XMLSyntaxError, ValueError):
        return None


def _gunzip(data: bytes, url: str) -> bytes:
    """Inflate up to MAX_XML_BYTES; a file cut short or damaged keeps its complete entries.

    read1 returns what each step inflated, so the part before the damage survives it; the text
    is cut after the last complete entry, as recover=True would make a half `<loc>` a wrong URL.
    """
    inflated = bytearray()
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as file:
            while chunk := file.read1(min(_GZIP_CHUNK, MAX_XML_BYTES - len(inflated))):
                inflated += chunk
    except (OSError, EOFError, zlib.error) as exc:
        complete = max((m.end() for m in _ENTRY_END.finditer(inflated)), default=0)
        logger.warning(
            "Truncated or damaged gzip file %s (%s): kept its first %d bytes, up to the last "
            "complete entry",
            url,
            exc,
            complete,
        )
        del inflated[complete:]
    return bytes(inflated)


def _escape_ampersands(data: bytes) -> bytes:
    """Escape each `&` that starts no reference XML knows (`?id=2&lang=zh`), and write HTML's
    named references (`&nbsp;`, `&mdash;`, which feeds copy from their pages) as character
    references; an unknown name stays as text.

    recover=True would drop a bare `&` with the word after it and give a wrong URL, and after an
    undefined entity it dropped every later `&amp;` of the document as well. CDATA is left as it
    is, and UTF-16/32 (NUL bytes in the markup) too, where a 0x26 byte need not be an `&`.
    """
    if b"&" not in data or b"\x00" in data[:4]:
        return data
    return _AMPERSAND.sub(_escaped, data)


def _escaped(match: re.Match[bytes]) -> bytes:
    name = match[1]
    if match[0][:1] == b"<" or name in _XML_NAMES:
        return match[0]
    if name is None:
        return b"&amp;"
    text = html.entities.html5.get(name.decode("ascii") + ";")
    if text is None:
        return b"&amp;" + match[0][1:]
    return "".join(f"&#{ord(char)};" for char in text).encode("ascii")


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _children(element: lxml.etree._Element, name: str) -> Iterator[lxml.etree._Element]:
    return (child for child in element if _local(child.tag) == name)


def _text(element: lxml.etree._Element, *path: str) -> str | None:
    """Text of the first descendant along `path` (local names), stripped; None when absent."""
    current = [element]
    for name in path:
        current = [child for node in current for child in _children(node, name)]
        if not current:
            return None
    value = (current[0].text or "").strip()
    return value or None


def parse_sitemap(data: bytes, url: str) -> tuple[SitemapKind, list[Entry]]:
    """A sitemap index (child sitemaps) or urlset (pages, news sitemaps included).

    A news sitemap's `<news:publication_date>` counts as the entry's date when newer than
    `<lastmod>` or when there is no `<lastmod>`.
    """
    root = _xml_root(data, url)
    if root is None:
        return "unknown", []
    kind = _local(root.tag)
    child = {"sitemapindex": "sitemap", "urlset": "url"}.get(kind)
    if child is None:
        return "unknown", []
    entries: list[Entry] = []
    nodes = _children(root, child)
    for node in nodes:
        if len(entries) >= MAX_ENTRIES:
            dropped = 1 + sum(1 for _ in nodes)
            logger.warning(
                "Sitemap %s has more than %d entries: dropped the last %d",
                url,
                MAX_ENTRIES,
                dropped,
            )
            break
        loc = _text(node, "loc")
        if not loc:
            continue
        dates = [
            parse_when(_text(node, "lastmod")),
            parse_when(_text(node, "news", "publication_date")),
        ]
        known = [d for d in dates if d is not None]
        if absolute := _absolute(loc, url):
            entries.append(Entry(absolute, max(known) if known else None))
    return ("index" if kind == "sitemapindex" else "urlset"), entries


def parse_feed(data: bytes, url: str) -> list[Entry]:
    """Items of an RSS 2.0, RSS 1.0 (RDF) or Atom feed, in feed order."""
    root = _xml_root(data, url)
    if root is None:
        return []
    kind = _local(root.tag)
    entries = []
    if kind == "feed":  # Atom
        for node in _children(root, "entry"):
            # an entry without an alternate link still gives its first href (self, related)
            href, link = _item_link(node)
            if not href:
                link = next(
                    (k for k in _children(node, "link") if (k.get("href") or "").strip()), None
                )
                href = (link.get("href") or "").strip() if link is not None else ""
            if href and (absolute := _absolute(href, _base(link, url))):
                when = _text(node, "published") or _text(node, "updated")
                entries.append(Entry(absolute, parse_when(when)))
        return entries
    channel = next(_children(root, "channel"), root) if kind == "rss" else root
    for node in _children(channel, "item"):
        href, link = _item_link(node)
        guid = next(_children(node, "guid"), None)
        if not href and guid is not None and guid.get("isPermaLink", "true") != "false":
            href, link = _text(node, "guid") or "", guid
        if href and (absolute := _absolute(href, _base(link, url))):
            when = _text(node, "pubdate") or _text(node, "date")
            entries.append(Entry(absolute, parse_when(when)))
    return entries


def _item_link(node: lxml.etree._Element) -> tuple[str, lxml.etree._Element | None]:
    """The first `<link>` with text (RSS), else the first `href` of one whose rel is absent or
    "alternate" (Atom), whatever the namespace and order, with its element: an
    `<atom:link rel="self">` to the feed often comes before an RSS item's `<link>`."""
    links = list(_children(node, "link"))
    texts = [((link.text or "").strip(), link) for link in links]
    alternates = [
        ((link.get("href") or "").strip(), link)
        for link in links
        if link.get("rel", "alternate").strip().lower() == "alternate"
    ]
    return next((found for found in texts + alternates if found[0]), ("", None))


def _base(element: lxml.etree._Element | None, url: str) -> str:
    """What a link in `element` is relative to: its xml:base, those of its ancestors folded in,
    over the document's URL (Atom feeds set it, often to the site's news folder)."""
    base = element.base if element is not None else None
    return base or url


def _absolute(link: str, base: str) -> str | None:
    """`link` resolved against `base`, without its fragment; None, logged, when it is no URL
    that can be split (`http://[bad/x`: urllib raises), so that one such link on a page costs
    that link only, not the page's others.

    >>> _absolute("../b.html#top", "http://a.cn/x/y.html"), _absolute("http://[bad/c", "http://a.cn/")
    ('http://a.cn/b.html', None)

    Dot segments go from an absolute link too, as a browser resolves them (urljoin keeps them):

    >>> _absolute("http://a.cn/news/../2020/./b.html?p=1", "http://a.cn/")
    'http://a.cn/2020/b.html?p=1'
    """
    try:
        joined = urldefrag(urljoin(base, link.strip())).url
        if "/." not in joined:
            return joined
        parts = urlsplit(joined)
        if not _DOT_SEGMENT.search(parts.path):
            return joined
        # (an absolute path is resolved against the origin, dot segments removed)
        path = urlunsplit(("", "", parts.path, parts.query, ""))
        return urljoin(f"{parts.scheme}://{parts.netloc}/", path)
    except ValueError as exc:
        logger.info("Skipped link %r on %s: %s", link[:200], base, exc)
        return None


# ---------------------------------------------------------------- URL shapes (generic mode)

_ARTICLE_SHAPES = tuple(
    re.compile(p)
    for p in (
        # a dated folder: /2020/06/02/, /2020-06/02/, /20200602/, /a/20200911/...
        r"/(?:19|20)\d\d[-_/]?(?:0[1-9]|1[0-2])[-_/]?(?:0[1-9]|[12]\d|3[01])/",
        # TRS CMS: /202006/t20200602_123.html
        r"/t(?:19|20)\d{6}_\d+\.s?html?$",
        # Xinhua: c_1125327450.htm
        r"/c_\d{6,}\.s?html?$",
        # a page in a year/month folder: /2020/06/slug.html, /202006/slug.html
        r"/(?:19|20)\d\d[-_/]?(?:0[1-9]|1[0-2])/[^/?#]+\.s?html?$",
        # content_12345.htm, detail-123456.html, doc-iivhvpwy1234567.shtml
        r"/(?:content|article|detail|doc|news)[_-][\w-]*\d{4,}\.s?html?$",
        # a long numeric id: /123456.html, /news_8812345.html
        r"[/_-]\d{6,}\.s?html?$",
    )
)
_LISTING_NAME = re.compile(r"/(?:index|list|default|more)(?:_\d+)?\.s?html?$|/$", re.I)
_DATED_SLUG = re.compile(
    r"/(?:19|20)\d\d[-_/]?(?:0[1-9]|1[0-2])(?:[-_/]?(?:0[1-9]|[12]\d|3[01]))?/(?:[^/]+/)*"
    r"(?!\d{1,5}/$|(?:page|feed|amp|embed)/$)"
    r"[^/]+/$"
)
"""A post's folder under a dated one (WordPress's /2020/06/03/slug/, /2020/06/slug/,
/20200603/slug/): a path ending in "/" is a listing's otherwise, and so is a date archive
(/2020/06/03/, /2020/06/03/page/2/) or a post's feed here."""
_PAGE_QUERY = re.compile(r"[?&](?:page|p|pn|pageno|pageindex)=\d+", re.I)
_FILE_NAME = re.compile(
    r"\.(?:pdf|ofd|docx?|wps|xlsx?|et|csv|pptx?|zip|rar|7z|gz|tar|jpe?g|png|gif|webp|svg|bmp|tiff?"
    r"|mp[34]|m4a|wav|avi|wmv|flv|mov|apk|exe|dmg|iso)$",
    re.I,
)
"""A download's name (an attachment, a picture, a video): never a page to look at."""


def looks_like_file(url: str) -> bool:
    """A link to a document, picture, archive or video by its name, which the generic crawl
    does not fetch to see what it is (a PDF may be 30 MB).

    >>> looks_like_file("http://a.cn/xwfb/202006/P020200603.pdf"), looks_like_file("http://a.cn/x.html")
    (True, False)
    """
    return bool(_FILE_NAME.search(urlsplit(url).path))


def looks_like_article(url: str) -> bool:
    """Article URL shapes common on Chinese and English news and government sites.

    >>> looks_like_article("http://www.gov.cn/xinwen/2020-06/02/content_5516649.htm")
    True
    >>> looks_like_article("http://www.news.cn/2020-06/02/c_1126061072.htm")
    True
    >>> looks_like_article("https://www.mee.gov.cn/ywdt/xwfb/202006/t20200602_782233.shtml")
    True
    >>> looks_like_article("https://www.sohu.com/a/20200911/417637821_120006290")
    True
    >>> looks_like_article("https://example.org/news/2020/06/02/city-opens-park")
    True
    >>> looks_like_article("https://example.org/news/index_2.html")
    False
    >>> looks_like_article("https://example.org/about.html")
    False
    >>> looks_like_article("https://example.org/2020/06/03/city-opens-park/")
    True
    >>> looks_like_article("https://example.org/2020/06/03/"), looks_like_article("https://example.org/2020/06/")
    (False, False)
    """
    path = urlsplit(url).path
    if path.endswith("/"):
        return bool(_DATED_SLUG.search(path))
    if _LISTING_NAME.search(path):
        return False
    return any(shape.search(path) for shape in _ARTICLE_SHAPES)


def looks_like_listing(url: str) -> bool:
    """Index pages, numbered list pages and `?page=N` URLs.

    >>> looks_like_listing("https://example.org/xwfb/index_3.html")
    True
    >>> looks_like_listing("https://example.org/news/?page=2")
    True
    >>> looks_like_listing("https://example.org/about.html")
    False
    """
    parts = urlsplit(url)
    return bool(_LISTING_NAME.search(parts.path or "/") or _PAGE_QUERY.search("?" + parts.query))


# ---------------------------------------------------------------- pagination

_NEXT_TEXT = {"下一页", "下页", "后页", "下一頁", "next", "next page", "next »", "»", "›"}
_NEXT_MARKS = " []【】<>«»‹›→＞>"
"""What a pager puts round "next" (`next ›`, Drupal's; `下一页>`, `[下一页]`), read past."""
_TRS_PAGER = re.compile(
    r"createPageHTML\(\s*['\"]?(\d+)['\"]?\s*,\s*['\"]?(\d+)['\"]?\s*,\s*['\"](\w+)['\"]\s*,"
    r"\s*['\"](\w+)['\"]"
)


def _link_text(link: Selector) -> str:
    return " ".join("".join(link.xpath(".//text()").getall()).split()).lower()


def generic_next(page: Selector) -> list[Selector]:
    """The "next page" links of a listing without a configured selector: rel=next, class next,
    or a link reading 下一页 / Next / »."""
    found = []
    for link in page.xpath("//a[@href]"):
        rel = (link.attrib.get("rel") or "").lower().split()
        classes = (link.attrib.get("class") or "").lower().split()
        text = _link_text(link)
        if "next" in rel or {"next", "next-page"} & set(classes) or _reads_next(text):
            found.append(link)
    return found


def _reads_next(text: str) -> bool:
    """Whether a link's text says "next page", also with the arrows and brackets round it.

    >>> [_reads_next(t) for t in ("next ›", "[下一页]", "下一页>", "last »")]
    [True, True, True, False]
    """
    return text in _NEXT_TEXT or text.strip(_NEXT_MARKS) in _NEXT_TEXT


def trs_next_page(text: str, url: str) -> str | None:
    """The next page of a TRS CMS listing paged by `createPageHTML(count, current, "index",
    "html")` (page 1 is index.html, page 2 index_1.html, ...).

    >>> trs_next_page('createPageHTML(5, 0, "index", "html");', "http://a.cn/xwfb/")
    'http://a.cn/xwfb/index_1.html'
    >>> trs_next_page('createPageHTML(5, 4, "index", "html");', "http://a.cn/xwfb/index_4.html")
    """
    match = _TRS_PAGER.search(text)
    if not match:
        return None
    count, current, stem, ext = int(match[1]), int(match[2]), match[3], match[4]
    if current + 1 >= count:
        return None
    return urljoin(url, f"{stem}_{current + 1}.{ext}")


def template_page(template: str, number: int, listing_url: str) -> str:
    """Page `number` of a listing paginated by a URL template (relative to the listing).

    >>> template_page("index_{page}.html", 3, "http://a.cn/xwfb/index.html")
    'http://a.cn/xwfb/index_3.html'
    """
    return urljoin(listing_url, template.replace("{page}", str(number)))


def select(page: Selector, selector: str) -> SelectorList[Selector]:
    """The elements a config's selector picks: XPath or CSS, as the config check reads it
    (`is_xpath`)."""
    return page.xpath(selector) if is_xpath(selector) else page.css(selector)


def hrefs(selection: Selector | Iterable[Selector], base: str) -> Iterator[str]:
    """Absolute, fragment-free link targets under `selection` (a page or elements), in order."""
    elements = [selection] if isinstance(selection, Selector) else list(selection)
    for element in elements:
        for raw in element.xpath("descendant-or-self::a/@href").getall():
            href = raw.strip()
            if (
                href
                and not href.lower().startswith(("#", "javascript:", "mailto:", "tel:"))
                and (absolute := _absolute(href, base))
            ):
                yield absolute


_PAGE_NUMBER = re.compile(r"^\[?\d{1,3}\]?$")
_PAGER_TEXT = re.compile(
    r"^(?:\[?\d{1,4}\]?|首页|尾页|末页|最后一页|上一?页|前页|first|last|prev(?:ious)?|[«‹]|\.\.\.|…)$"
)
_PAGER_LEVELS = 3
"""How far above a "next" link its pager may start: `<ul><li><a rel=next>` is two levels."""


def _pager(element: Selector) -> Selector:
    """The pager holding a "next" link: its nearest ancestor, a few levels up and below
    `<body>`, that holds another page link (a page number, 首页, 上一页, Last, ...); the next
    link's parent when there is none."""
    own = set(element.root.iter()) if isinstance(element.root, lxml.etree._Element) else set()
    ancestors = element.xpath("ancestor::*")[::-1][:_PAGER_LEVELS]
    for ancestor in ancestors:
        if ancestor.root.tag in ("body", "html"):
            break
        for link in ancestor.xpath(".//a[@href]"):
            text = _link_text(link)
            if link.root not in own and (_PAGER_TEXT.match(text) or _reads_next(text)):
                return ancestor
    return ancestors[0] if ancestors else element


def pager_links(next_links: list[Selector], base: str) -> set[str]:
    """Every page link of the pagination that the "next" links belong to, so that stopping
    pagination stops all of it, and no numbered page starts a pagination of its own: the links
    of the pager around each "next" link (`_pager`), and the page's links that read as a page
    number anywhere else (a "jump to page" bar apart from the "next" link)."""
    found: set[str] = set()
    for element in next_links:
        found.update(hrefs(_pager(element), base))
    if next_links:
        numbered = next_links[0].xpath("//a[@href]")
        found.update(hrefs((a for a in numbered if _PAGE_NUMBER.match(_link_text(a))), base))
    return found


# ---------------------------------------------------------------- multi-page articles

_PART = re.compile(r"^(?P<stem>.+?)(?:_(?P<n>\d{1,3}))?(?P<ext>\.s?html?)$", re.I)


def may_have_parts(text: str, first_url: str) -> bool:
    """False when no link in the page `text` can be a later part of the article at `first_url`
    by shape (`part_number`): its URL has no `<stem><ext>` name, or the page never names that
    stem, which every such link does. Lets a crawl skip parsing the page a second time for its
    links, which cost a tenth of an extraction; a link that spells the stem with character
    references (`&#95;`) is the one it would miss.

    >>> may_have_parts('<a href="t20200602_12_2.html">2</a>', "http://a.cn/t20200602_12.html")
    True
    >>> may_have_parts('<a href="T20200602_12_2.HTM">2</a>', "http://a.cn/t20200602_12.htm")
    True
    >>> may_have_parts('<a href="other_2.html">2</a>', "http://a.cn/t20200602_12.html")
    False
    >>> may_have_parts('<a href="123?page=2">2</a>', "http://a.cn/article/123")
    False
    """
    name = urlsplit(first_url).path.rpartition("/")[2]
    match = _PART.match(name)
    return bool(match) and name[: match.start("ext")].lower() in text.lower()


def part_number(url: str, first_url: str) -> int | None:
    """N when `url` is part N of the article at `first_url` (`<stem>_N<ext>`), else None.

    >>> part_number("http://a.cn/2020/t20200602_12_2.html", "http://a.cn/2020/t20200602_12.html")
    2
    >>> part_number("http://a.cn/2020/other_2.html", "http://a.cn/2020/t20200602_12.html")
    """
    first, other = urlsplit(first_url), urlsplit(url)
    if (first.scheme, first.netloc) != (other.scheme, other.netloc):
        return None
    head, _, name = first.path.rpartition("/")
    other_head, _, other_name = other.path.rpartition("/")
    match = _PART.match(name)
    if head != other_head or not match:
        return None
    stem, ext = re.escape(match["stem"] + (f"_{match['n']}" if match["n"] else "")), match["ext"]
    part = re.match(rf"^{stem}_(\d{{1,3}}){re.escape(ext)}$", other_name, re.I)
    return int(part[1]) if part else None


def continuation_links(
    page: Selector, url: str, first_url: str, selector: str | None = None
) -> list[str]:
    """Links on one page of an article to its later pages, ordered by part number.

    Recognised by shape (`x.html` -> `x_2.html`, `x_3.html`) and, when the site config names
    one, by a selector of the pager links.
    """
    first = urldefrag(first_url).url
    candidates: dict[str, int] = {}
    chosen = select(page, selector) if selector else []
    for order, link in enumerate(hrefs(chosen, url)):
        if link != first and link not in candidates:
            candidates[link] = part_number(link, first) or 1000 + order
    for link in hrefs(page, url):
        number = part_number(link, first)
        if number is not None and link not in candidates:
            candidates[link] = number
    return [link for link, _ in sorted(candidates.items(), key=lambda kv: kv[1])]


def stitch(parts: list[Article]) -> Article:
    """One record from the pages of a multi-page article (page 1 first).

    Title, URL, date and language come from page 1; the body is every page's body in order;
    names and source come from the first page that has them (credits usually close the last
    page); credit lines and warnings are kept from every page. `extraction.methods["pages"]`
    says how many pages were joined.
    """
    first = parts[0]
    if len(parts) == 1:
        return first

    def pick_list(name: str) -> list[str]:
        return next((list(getattr(p, name)) for p in parts if getattr(p, name)), [])

    def pick(name: str) -> str | None:
        return next((getattr(p, name) for p in parts if getattr(p, name)), None)

    body = "\n".join(p.body for p in parts if p.body)
    credit_lines = list(dict.fromkeys(line for p in parts for line in p.credit_lines))
    warnings = list(first.extraction.warnings) + [
        f"page {n}: {w}" for n, p in enumerate(parts[1:], 2) for w in p.extraction.warnings
    ]
    extraction = replace(
        first.extraction,
        methods={**first.extraction.methods, "pages": str(len(parts))},
        warnings=warnings,
    )
    content_hash, simhash = body_keys(body) if body else (None, None)
    return replace(
        first,
        title=first.title or pick("title"),
        published_at=first.published_at or pick("published_at"),
        authors=pick_list("authors"),
        editors=pick_list("editors"),
        responsible_editors=pick_list("responsible_editors"),
        source=pick("source"),
        credit_lines=credit_lines,
        body=body,
        content_hash=content_hash,
        simhash=simhash,
        extraction=extraction,
    )
