"""HTML text to a parsed tree and a flat list of visual lines, the unit every heuristic reads.

A line is the text between two block boundaries (block elements, `<br>`), with its nearest block
element and how much of it is link text. Walking is iterative: pages nest 10,000 levels deep.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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

    >>> collapse("  a\\u3000\\u00a0 b\\n")
    'a b'
    """
    return _SPACE.sub(" ", text).strip()


@dataclass
class Line:
    text: str
    block: HtmlElement
    link_chars: int
    index: int

    @property
    def link_density(self) -> float:
        return self.link_chars / max(1, len(self.text))


def parse(html: str) -> HtmlElement | None:
    """A recovering lxml parse; None when nothing usable comes out."""
    if _XML_INCOMPATIBLE.search(html):
        html = _XML_INCOMPATIBLE.sub("", html)
    if not html.strip():
        return None
    parser = lxml.html.HTMLParser(recover=True, remove_comments=True, remove_pis=True)
    try:
        root = lxml.html.document_fromstring(html, parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return None
    return root if isinstance(root, HtmlElement) else None


_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_HIDDEN_OR_SCRIPTED = lxml.etree.XPath(
    "//*[@hidden]"
    f" | //*[contains(translate(@style, '{_UPPER} ', '{_UPPER.lower()}'), 'display:none')]"
    f" | //a[starts-with(translate(normalize-space(@href), '{_UPPER}', '{_UPPER.lower()}'),"
    " 'javascript:')]"
)
"""Selected in C: a Python pass over every element costs more than the rest of the cleanup."""


def drop_noise(root: HtmlElement) -> None:
    """Remove elements whose text is never article text: scripts, form controls, hidden
    elements, and javascript: links (print, close, share and font-size buttons)."""
    lxml.etree.strip_elements(root, *NOISE_TAGS, with_tail=False)
    doomed = _HIDDEN_OR_SCRIPTED(root)
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()


def lines(root: HtmlElement, limit: int = MAX_LINES) -> list[Line]:
    """The page's visible text as lines in document order, at most `limit` of them."""
    out: list[Line] = []
    buf: list[str] = []
    link_chars = 0
    blocks: list[HtmlElement] = [root]
    link_depth = 0

    def flush() -> None:
        nonlocal link_chars
        text = collapse("".join(buf))
        if text:
            out.append(Line(text, blocks[-1], min(link_chars, len(text)), len(out)))
        buf.clear()
        link_chars = 0

    def add(text: str | None) -> None:
        nonlocal link_chars
        if text:
            buf.append(text)
            if link_depth:
                link_chars += len(collapse(text))

    for event, el in lxml.etree.iterwalk(root, events=("start", "end")):
        if len(out) >= limit:
            break
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in BLOCK_TAGS:
                flush()
                if tag != "br":
                    blocks.append(el)
            if tag == "a":
                link_depth += 1
            add(el.text)
        else:
            if tag == "a":
                link_depth -= 1
            if tag in BLOCK_TAGS:
                flush()
                if tag != "br" and len(blocks) > 1:
                    blocks.pop()
            add(el.tail)
    flush()
    return out
