"""HTML text to a parsed tree and a flat list of visual lines, the unit every heuristic reads.

A line is the text between two block boundaries (block elements, `<br>`), with its nearest block
element and how much of it is link text. Walking is iterative: pages nest 10,000 levels deep.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol

import lxml.etree
import lxml.html
from lxml.html import HtmlElement

MAX_LINES = 20_000
"""Text lines read from one page; real pages have a few thousand, a hostile one millions."""

BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "frameset",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "legend",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "br",
    ]
)
NOISE_TAGS = (
    "script",
    "style",
    "noscript",
    "amp-ad",
    "amp-embed",
    "amp-sticky-ad",
    "amp-analytics",
    "template",
    "iframe",
    "object",
    "embed",
    "svg",
    "canvas",
    "select",
    "option",
    "button",
    "textarea",
    "input",
    "video",
    "audio",
    "map",
    "head",
)
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_XML_INCOMPATIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
"""Characters lxml refuses in text (it raises when tree edits move such text between nodes)."""
_SPACE = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")


def collapse(text: str) -> str:
    """Whitespace runs (incl. nbsp, ideographic space, zero-width) to one space, stripped.

    `str.split` splits on exactly the regex's `\\s` (nbsp and U+3000 among them) at a third of
    the regex's cost; only text holding a zero-width space or BOM, which are no whitespace to
    Python, takes the regex.

    >>> collapse("  a\\u3000\\u00a0 b\\n")
    'a b'
    >>> collapse("a\\u200b \\ufeffb\\u200b")
    'a b'
    """
    if "\u200b" in text or "\ufeff" in text:
        return _SPACE.sub(" ", text).strip()
    return " ".join(text.split())


@dataclass(slots=True)
class Line:
    text: str
    block: HtmlElement
    link_chars: int
    index: int

    @property
    def link_density(self) -> float:
        return self.link_chars / max(1, len(self.text))


_CONTROL_BYTES = bytes(c for c in range(32) if c not in (9, 10, 13))


def control_bytes(data: bytes) -> int:
    """How many C0 control bytes other than tab, newline and carriage return `data` holds:
    counted in C (a regex over a whole page costs a tenth of parsing it)."""
    return len(data) - len(data.translate(None, _CONTROL_BYTES))


def parse(html: str, utf8: bytes | None = None) -> HtmlElement | None:
    """A recovering lxml parse; None when nothing usable comes out.

    The text is handed to libxml2 as UTF-8 bytes: parsing a Python str of CJK text costs about
    twice as much, since libxml2 then converts it from UCS-2/UCS-4 itself. `utf8`, when given, is
    `html` encoded so already (a page that came as UTF-8), its own bytes, not encoded again, which
    the caller has found to hold no C0 control byte. Non-characters are looked for in the str: in
    the bytes their lead byte is that of full-width punctuation, and the search takes six times
    as long.
    """
    data = utf8
    if data is None:
        try:
            data = html.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates
            data = b""
    if not data or "\ufffe" in html or "\uffff" in html or (utf8 is None and control_bytes(data)):
        data = _XML_INCOMPATIBLE.sub("", html).encode("utf-8")
    if not data or data.isspace():
        return None
    try:
        root = lxml.html.document_fromstring(data, parser=_parser())
    except (lxml.etree.ParserError, ValueError):
        return None
    return root if isinstance(root, HtmlElement) else None


_PARSERS = threading.local()


def _parser() -> lxml.html.HTMLParser:
    """One parser per thread (lxml parsers are not thread-safe; building one per page costs).

    Every element is a plain `HtmlElement`: lxml.html's default lookup calls a Python function
    for each element the code touches (to pick form and label classes we never use). No table
    of `id` attributes is kept (nothing here looks an element up by id; parsing is 4% faster).
    """
    parser = getattr(_PARSERS, "parser", None)
    if parser is None:
        parser = lxml.html.HTMLParser(
            recover=True,
            remove_comments=True,
            remove_pis=True,
            encoding="utf-8",
            collect_ids=False,
        )
        parser.set_element_class_lookup(lxml.etree.ElementDefaultClassLookup(element=HtmlElement))
        _PARSERS.parser = parser
    return parser


_MARKED = lxml.etree.XPath(
    "//*/@class | //*/@id | //*/@itemprop | //*/@hidden/.."
    " | //*/@style[contains(., 'none') or contains(., 'None') or contains(., 'NONE')]/.."
    " | //a/@href[contains(., 'cript:') or contains(., 'CRIPT:')]/.."
)
"""In one evaluation, a third cheaper than four: the class, id and itemprop values, and the
candidates for hidden elements and javascript: links, selected in C with plain `contains` (no
per-element `translate`), which Python then checks exactly (`_noise`). A Python pass over every
element costs more than the rest of the cleanup. Each path walks attributes, not elements:
`//*[contains(@style, ...)]` evaluates `@style` once per test on every element (18 times the
instructions), and `//@style` also visits every text node (a fifth to a half more time). Each
`contains` copies the value, so the fewer the better: 'cript:' stands for 'script:' and
'Script:' (a seventh of the link pass)."""
_DISPLAY_NONE = re.compile(r"display\s*:\s*none", re.IGNORECASE)


@dataclass(frozen=True)
class Attributes:
    """A page's class, id and itemprop values, each knowing its element (`getparent()`), the
    distinct ones joined by NUL (which cannot occur in them), and the elements `drop_noise`
    may remove (`candidates`).

    One XPath fetches them all once, before the cleanup, and a regex over `joined` finds the
    few values a pass looks for: a Python loop over every element with a class, or one XPath
    per pattern (0.6 ms a page for four `contains`), costs more than the rest of the pass.
    Values of elements the cleanup removes stay; their elements are out of the tree.
    """

    values: list[Any]
    joined: str
    candidates: list[HtmlElement]

    def containing(self, keys: tuple[str, ...]) -> set[str]:
        """The distinct values that hold one of `keys`, found with `str.find` in C (a regex
        over the joined values tries its branches at every position)."""
        joined = self.joined
        hits = set()
        for key in keys:
            pos = joined.find(key)
            while pos >= 0:
                value, end = self.value_around(pos, pos)
                hits.add(value)
                pos = joined.find(key, end)  # (on to the next value: this one is in)
        return hits

    def matching(self, pattern: _Finder) -> set[str]:
        """The distinct values in which `pattern` matches."""
        return {self.value_around(m.start(), m.end())[0] for m in pattern.finditer(self.joined)}

    def value_around(self, start: int, end: int) -> tuple[str, int]:
        """The value of `joined` that holds `start` to `end` (a match in it), and where it ends."""
        joined = self.joined
        stop = joined.find("\0", end)
        stop = len(joined) if stop < 0 else stop
        return joined[joined.rfind("\0", 0, start) + 1 : stop], stop


class _Finder(Protocol):
    def finditer(self, text: str) -> Iterator[re.Match[str]]: ...


def attributes(root: HtmlElement) -> Attributes:
    """The page's `Attributes`, fetched before the cleanup for it and the body search."""
    found = _MARKED(root)
    values = [item for item in found if isinstance(item, str)]
    elements = [item for item in found if not isinstance(item, str)]
    return Attributes(values, "\0".join(set(values)), elements)


def _noise(el: HtmlElement) -> bool:
    """A candidate of `_MARKED` that is hidden (`hidden`, `display: none`, as `contains` found
    it) or a javascript: link."""
    if el.get("hidden") is not None:
        return True
    style = el.get("style") or ""
    if ("none" in style or "None" in style or "NONE" in style) and _DISPLAY_NONE.search(style):
        return True
    href = el.get("href") or ""
    return (
        el.tag == "a"
        and ("cript:" in href or "CRIPT:" in href)
        and href.strip().lower().startswith("javascript:")
    )


_SCREEN_READER_ONLY = frozenset(
    {"sr-only", "visually-hidden", "visuallyhidden", "u-visually-hidden", "is-visually-hidden"}
    | {"screen-reader-text", "screen-reader-only", "element-invisible"}
)
_SR_KEYS = ("sr-only", "isually", "creen-reader", "element-invisible")
"""A part of each of `_SCREEN_READER_ONLY`'s classes: the values holding one are the candidates,
whose classes are then compared whole."""
_SCREEN_READER_BLOCKS = frozenset({"p", "div", "section", "h2", "h3", "h4", "h5", "h6"})
"""Blocks only a screen reader reads: the "Article content" title of each part of a story, a
"Related stories" heading. Inline ones stay: a hidden "By" or "Published" labels what follows,
and a hidden h1 may be the only headline."""


def drop_noise(root: HtmlElement, attrs: Attributes) -> None:
    """Remove elements whose text is never article text: scripts, form controls, hidden
    elements, blocks for screen readers only (by the classes in `attrs`), and javascript: links
    (print, close, share and font-size buttons)."""
    lxml.etree.strip_elements(root, *NOISE_TAGS, with_tail=False)
    # Candidates were found before the strip: those inside a stripped element go with it (their
    # drop below touches only its detached subtree, or nothing); the order of drops does not
    # matter, since each keeps its tail where the element stood.
    doomed = [el for el in attrs.candidates if _noise(el)]
    hidden = {
        value
        for value in attrs.containing(_SR_KEYS)
        if not _SCREEN_READER_ONLY.isdisjoint(value.split())
    }
    if hidden:
        doomed += [
            el
            for value in attrs.values
            if value in hidden
            and value.attrname == "class"
            and (el := value.getparent()).tag in _SCREEN_READER_BLOCKS
        ]
    doomed += _inline_cards(root)
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()


_CARD_DEPTH = 4
_CARD_IMAGES = 200


def _inline_cards(root: HtmlElement) -> list[HtmlElement]:
    """Hover cards inside a paragraph: a span holding a picture and links to other stories,
    which a stylesheet shows only under the pointer (a person's name in the text opens one).
    The innermost such span around a picture goes, so the name's own link stays in the text.
    Walked up from the pictures, a few levels each: a hostile page's nesting costs nothing."""
    cards = []
    for img in itertools.islice(root.iter("img"), _CARD_IMAGES):
        node = img.getparent()
        for _ in range(_CARD_DEPTH):
            if node is None or node.tag in ("p", "body"):
                break
            if node.tag == "span" and len(list(itertools.islice(node.iter("a"), 2))) == 2:
                if next(node.iterancestors("p"), None) is not None:
                    cards.append(node)
                break
            node = node.getparent()
    return cards


def _is_label(line: Line) -> bool:
    """A `<dt>`, or a block classed as a label whose text ends in a colon ("Source:")."""
    block = line.block
    return block.tag == "dt" or (line.text[-1:] in ":：" and "label" in (block.get("class") or ""))


def lines(root: HtmlElement, limit: int = MAX_LINES) -> list[Line]:
    """The page's visible text as lines in document order, at most `limit` of them.

    This loop sees every element twice, so it is written for speed: block boundaries with
    nothing buffered cost one test (the indentation between blocks is never buffered), and link
    text is measured only inside links. Inside a `<pre>` each printed line is a line.

    >>> [line.text for line in lines(parse("<pre>a = 1\\nb = 2\\n</pre><p>c</p>"))]
    ['a = 1', 'b = 2', 'c']
    """
    out: list[Line] = []
    buf: list[str] = []
    link_chars = 0
    blocks: list[HtmlElement] = [root]
    link_depth = 0
    pre_depth = 0  # inside a <pre>, whose newlines break lines as <br>s do (a code listing)
    block_tags = BLOCK_TAGS

    for event, el in lxml.etree.iterwalk(root, events=("start", "end")):
        tag = el.tag
        boundary = tag in block_tags
        if boundary and buf:
            text = collapse("".join(buf))
            if text:
                if len(out) >= limit:
                    return out
                out.append(Line(text, blocks[-1], min(link_chars, len(text)), len(out)))
            buf.clear()
            link_chars = 0
        if event == "start":
            if boundary:
                if tag != "br":
                    blocks.append(el)
                    pre_depth += tag == "pre"
            elif tag == "a":
                link_depth += 1
            text = el.text if tag.__class__ is str else None
        else:
            if boundary:
                if tag != "br" and len(blocks) > 1:
                    blocks.pop()
                    pre_depth -= tag == "pre"
            elif tag == "a":
                link_depth -= 1
            text = el.tail
        if text and (buf or not text.isspace()):  # (leading space would be stripped anyway)
            if pre_depth and "\n" in text:
                *done, text = text.split("\n")
                for part in done:
                    row = collapse("".join(buf) + part)
                    buf.clear()
                    if row:
                        if len(out) >= limit:
                            return out
                        out.append(Line(row, blocks[-1], min(link_chars, len(row)), len(out)))
                    link_chars = 0
            buf.append(text)
            if link_depth:
                link_chars += len(collapse(text))
    text = collapse("".join(buf))
    if text and len(out) < limit:
        out.append(Line(text, blocks[-1], min(link_chars, len(text)), len(out)))
    return _definition_pairs(out)


def _definition_pairs(out: list[Line]) -> list[Line]:
    """A short `<dt>` and the `<dd>` after it read as one line ("From: Department of X"), or a
    CMS field's label and its value (`<div class="field-label">Source:</div>` beside `<div
    class="field-items">`): a label and its value, as the page prints them side by side."""
    if not any(line.text[-1:] in ":：" or line.block.tag == "dt" for line in out):
        return out  # (a cheap test first: no line can be a label)
    if not any(_is_label(line) for line in out):
        return out
    merged: list[Line] = []
    for line in out:
        last = merged[-1] if merged else None
        value = last.block.getnext() if last is not None and _is_label(last) else None
        if (
            last is not None
            and value is not None
            and len(last.text) <= 30
            and (value.tag == "dd" or last.block.tag != "dt")
            and (line.block is value or any(a is value for a in line.block.iterancestors()))
        ):
            text = f"{last.text} {line.text}"
            merged[-1] = Line(text, value.getparent(), last.link_chars + line.link_chars, 0)
        else:
            merged.append(line)
    for index, line in enumerate(merged):
        line.index = index
    return merged
