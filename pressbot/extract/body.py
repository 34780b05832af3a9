"""Generic body: score blocks by text, punctuation and link density, keep the best one.

Readability's idea (paragraphs vote for their parent and grandparent, link-heavy candidates are
penalised, good siblings are kept) with CJK-aware measures: a CJK character counts as a word and
full-width punctuation counts as punctuation.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from functools import lru_cache

import lxml.etree
from lxml.html import HtmlElement

from pressbot.extract.text import ends_sentence, punctuation, units
from pressbot.extract.tree import HEADINGS, Line

_POSITIVE = re.compile(
    r"article|body|content|entry|main|post|text|story|detail|news_txt|TRS_Editor|zw|zhengwen|"
    r"rich_media|neirong|wenzhang",
    re.IGNORECASE,
)
_NEGATIVE = re.compile(
    r"comment|footer|foot|sidebar|side|share|related|relate|recommend|nav|menu|banner|"
    r"breadcrumb|crumb|copyright|ad-|ads|advert|promo|hot|rank|tags?\b|login|header|toolbar|"
    r"widget|social|popup|modal|subscribe|newsletter|more|list",
    re.IGNORECASE,
)
_UNLIKELY = re.compile(
    r"-ad-|ai2html|banner|breadcrumb|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|"
    r"header|legends|menu|related|remark|replies|reply|respond|rss|shoutbox|sidebar|skyscraper|"
    r"social|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote|pinglun|"
    r"share|jiathis|bdshare|recommend|tuijian|xgyd|xgxw|hotnews|newsletter|subscribe|"
    r"slideshow|carousel|lightbox|modal|caption|credit",
    re.IGNORECASE,
)
_MAYBE = re.compile(
    r"and|article|body|column|content|main|shadow|zhengwen|TRS_Editor", re.IGNORECASE
)
_COMMENT = re.compile(r"comment|reply|respond|pinglun", re.IGNORECASE)
_UNLIKELY_TAGS = frozenset({"nav", "aside", "footer", "header", "menu"})
_CONTAINERS = frozenset(
    {
        "div",
        "td",
        "article",
        "section",
        "main",
        "body",
        "blockquote",
        "font",
        "span",
        "center",
        "form",
        "li",
        "dd",
        "table",
        "tbody",
        "tr",
    }
)
_MAX_DEPTH = 6


def _class_weight(el: HtmlElement) -> float:
    weight = 0.0
    for attr in (el.get("class"), el.get("id")):
        if not attr:
            continue
        if _NEGATIVE.search(attr):
            weight -= 25
        if _POSITIVE.search(attr):
            weight += 25
    if el.tag == "article":
        weight += 15
    return weight


def _ancestors(el: HtmlElement, limit: int) -> list[HtmlElement]:
    out = []
    node = el.getparent()
    while node is not None and len(out) < limit:
        out.append(node)
        node = node.getparent()
    return out


def _unlikely_self(el: HtmlElement) -> bool:
    return _unlikely_attrs(el.tag, el.get("class") or "", el.get("id") or "")


@lru_cache(maxsize=4096)
def _unlikely_attrs(tag: str, cls: str, ident: str) -> bool:
    """Cached per (tag, class, id): pages repeat the same few classes thousands of times."""
    if tag in _UNLIKELY_TAGS:
        return True
    attrs = f"{cls} {ident}"
    if tag == "article" and _COMMENT.search(attrs):
        return True
    return bool(attrs.strip()) and bool(_UNLIKELY.search(attrs)) and not _MAYBE.search(attrs)


_ARTICLE_LIKE = re.compile(
    r"(entry|post|article|story|news|detail)[-_]?(content|body|text|txt)|TRS_Editor|articleBody",
    re.IGNORECASE,
)


_ATTR_VALUES = lxml.etree.XPath("//@class | //@id | //@itemprop", smart_strings=False)
_ARTICLE_OR_MAIN = lxml.etree.XPath("//article | //main")
_WITH_ATTRS = lxml.etree.XPath("//*[@class or @id or @itemprop]")
_MAX_HITS = 32


def _article_like_elements(root: HtmlElement) -> list[HtmlElement]:
    """<article>, <main> and elements whose class, id or itemprop reads like an article body.

    The regex runs once over the page's distinct attribute values joined (NUL cannot occur in
    them), and one XPath fetches the elements carrying a matching value: a Python loop over
    every element with a class costs more than the rest of this module.
    """
    joined = "\0".join(set(_ATTR_VALUES(root)))
    hits = set()
    for match in _ARTICLE_LIKE.finditer(joined):
        start = joined.rfind("\0", 0, match.start()) + 1
        end = joined.find("\0", match.end())
        hits.add(joined[start : end if end >= 0 else len(joined)])
    found = list(_ARTICLE_OR_MAIN(root))
    if len(hits) > _MAX_HITS:  # a generated page: one XPath test per value would be quadratic
        return found + _WITH_ATTRS(root)
    # As XPath string literals; a value with both quote kinds is no class name anyone uses.
    literals = [f"'{v}'" if "'" not in v else f'"{v}"' for v in hits if not {"'", '"'} <= set(v)]
    if literals:
        tests = [f"@{a} = {v}" for v in literals for a in ("class", "id", "itemprop")]
        found += root.xpath(f"//*[{' or '.join(tests)}]")
    return found


@lru_cache(maxsize=4096)
def _article_like(tag: str, cls: str, ident: str, itemprop: str) -> bool:
    if tag not in ("article", "main") and not _ARTICLE_LIKE.search(f"{cls} {ident} {itemprop}"):
        return False
    return not _unlikely_attrs(tag, cls, ident)


def _article_ancestors(root: HtmlElement) -> set[HtmlElement]:
    """Elements that contain an <article> or an obvious article-body block: never "unlikely"
    (themes wrap whole posts in "sidebar" layout classes)."""
    marked: set[HtmlElement] = set()
    for el in _article_like_elements(root):
        cls, ident = el.get("class") or "", el.get("id") or ""
        if _article_like(el.tag, cls, ident, el.get("itemprop") or ""):
            node = el.getparent()
            while node is not None and node not in marked:
                marked.add(node)
                node = node.getparent()
    return marked


def likely_lines(lines: list[Line], root: HtmlElement) -> list[Line]:
    """Lines not inside comments, menus, sidebars, share bars, related lists (readability's
    "unlikely candidates"); those still serve credits and dates, never the body."""
    verdict: dict[HtmlElement, bool] = dict.fromkeys(_article_ancestors(root), False)
    for el in root.iter("figure", "figcaption"):
        verdict[el] = True
    out = []
    for line in lines:
        chain = []
        node: HtmlElement | None = line.block
        result = False
        while node is not None and node.tag not in ("body", "html"):
            if node in verdict:
                result = verdict[node]
                break
            chain.append(node)
            if _unlikely_self(node):
                result = True
                break
            node = node.getparent()
        for el in chain:
            verdict[el] = result
        if not result:
            out.append(line)
    return out


def select_container(lines: list[Line]) -> tuple[HtmlElement, list[HtmlElement]] | None:
    """The best-scoring block and the siblings that belong with it; None for a textless page."""
    scores: dict[HtmlElement, float] = defaultdict(float)
    chars: dict[HtmlElement, int] = defaultdict(int)
    link_chars: dict[HtmlElement, int] = defaultdict(int)
    own_text: dict[HtmlElement, list[str]] = defaultdict(list)
    own_links: dict[HtmlElement, int] = defaultdict(int)
    for line in lines:
        own_text[line.block].append(line.text)
        own_links[line.block] += line.link_chars
    # Sums per block first, then up each block's ancestors once: lines share blocks.
    chains = {block: _ancestors(block, 64) for block in own_text}
    for block, texts in own_text.items():
        size, links = sum(map(len, texts)), own_links[block]
        for el in (block, *chains[block]):
            chars[el] += size
            link_chars[el] += links
    for line in lines:
        size = units(line.text)
        if size < 8 or line.link_density > 0.5 or line.block.tag in HEADINGS:
            continue
        score = 1 + punctuation(line.text) + min(size / 30, 4)
        voters = [line.block] if line.block.tag in _CONTAINERS else []
        voters += chains[line.block][: _MAX_DEPTH - len(voters)]
        for depth, el in enumerate(voters[:3]):
            scores[el] += score / (1 + depth)
    if not scores:
        return None

    def final(el: HtmlElement) -> float:
        density = link_chars[el] / max(1, chars[el])
        return (scores[el] + _class_weight(el)) * (1 - density)

    ranked = sorted(scores, key=final, reverse=True)
    best = ranked[0]
    top = final(best)
    best = _common_container(
        best,
        [el for el in ranked[1:6] if final(el) >= 0.5 * top],
        lambda el: link_chars[el] / max(1, chars[el]),
    )
    top = max(top, final(best))
    keep = []
    parent = best.getparent()
    siblings = list(parent) if parent is not None else [best]
    for sib in siblings:
        if (
            sib is best
            or (
                scores.get(sib, 0) >= max(10.0, 0.25 * scores[best])
                and link_chars[sib] / max(1, chars[sib]) < 0.25
                and final(sib) >= 0.2 * top
            )
            or (
                chars.get(sib, 0) > 0
                and link_chars.get(sib, 0) / chars[sib] < 0.25
                and (sib.tag == "p" or _paragraph_like(" ".join(own_text.get(sib, []))))
            )
        ):
            keep.append(sib)
    return best, keep


def _paragraph_like(text: str) -> bool:
    """A sibling block holding one real paragraph of its own (CNN's div paragraphs)."""
    return units(text) >= 40 and punctuation(text) >= 2 and ends_sentence(text)


def _common_container(
    best: HtmlElement, rivals: list[HtmlElement], density: Callable[[HtmlElement], float]
) -> HtmlElement:
    """Articles split into parts by ads or widgets score as cousins: when a strong rival is
    neither inside nor around the best block, take their nearest common ancestor, if close."""
    best_chain = [best, *_ancestors(best, 64)]
    for rival in rivals:
        if rival in best_chain or best in _ancestors(rival, 64):
            continue
        rival_chain = {rival, *_ancestors(rival, 64)}
        for steps, el in enumerate(best_chain[1:], 1):
            if el in rival_chain:
                if steps <= 4 and el.tag not in ("body", "html") and density(el) < 0.35:
                    best = el
                    best_chain = best_chain[steps:]
                break
    return best


def lines_within(lines: list[Line], elements: list[HtmlElement]) -> list[Line]:
    """The lines whose block lies inside one of `elements`, in document order."""
    wanted = set(elements)
    inside: dict[HtmlElement, bool] = {}
    out = []
    for line in lines:
        block = line.block
        if block not in inside:
            node: HtmlElement | None = block
            chain = []
            result = False
            while node is not None:
                if node in inside:
                    result = inside[node]
                    break
                chain.append(node)
                if node in wanted:
                    result = True
                    break
                node = node.getparent()
            for el in chain:
                inside[el] = result
        if inside[block]:
            out.append(line)
    return out
