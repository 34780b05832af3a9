"""Generic body: score blocks by text, punctuation and link density, keep the best one.

Readability's idea (paragraphs vote for their parent and grandparent, link-heavy candidates are
penalised, good siblings are kept) with CJK-aware measures: a CJK character counts as a word and
full-width punctuation counts as punctuation.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

from lxml.html import HtmlElement

from pressbot.extract.text import ends_sentence, punctuation, units
from pressbot.extract.tree import HEADINGS, Attributes, Line


class _Words:
    """A case-insensitive regex over class names, ids and the like, quick on ASCII text.

    sre matches an IGNORECASE pattern without its first-character scan, 4-6x slower: ASCII text
    is lowered and matched by the (lowercase) pattern itself, with the same matches at the same
    positions; other text takes the IGNORECASE pattern (`ſ` matches `s` there). The branches are
    grouped by their first character (`by_first_character`).
    """

    __slots__ = ("_any", "_ascii", "pattern")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        grouped = by_first_character(pattern)
        self._ascii = re.compile(grouped)
        self._any = re.compile(grouped, re.IGNORECASE)

    def search(self, text: str) -> re.Match[str] | None:
        return self._ascii.search(text.lower()) if text.isascii() else self._any.search(text)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self._ascii.finditer(text.lower()) if text.isascii() else self._any.finditer(text)


def by_first_character(pattern: str) -> str:
    """The same pattern with its top-level branches grouped by their first character; as it is
    when a branch opens with anything but a letter, a digit or "-".

    sre tries a position's branches one after another; grouped, it tries only those of the
    character there (twice as fast over class names). Branches of different characters never
    match at one position, and each group keeps its branches' order, so every match stays.

    >>> by_first_character("ab|b|ac(?:x|y)")
    'a(?:b|c(?:x|y))|b'
    >>> by_first_character("(?:a)b|ac")
    '(?:a)b|ac'
    """
    groups: dict[str, list[str]] = {}
    for branch in _top_level_branches(pattern):
        if not (branch[:1].isalnum() or branch[:1] == "-"):
            return pattern
        groups.setdefault(branch[0], []).append(branch[1:])
    return "|".join(
        re.escape(first) + (rests[0] if len(rests) == 1 else f"(?:{'|'.join(rests)})")
        for first, rests in groups.items()
    )


def _top_level_branches(pattern: str) -> list[str]:
    """`pattern` split at each `|` outside groups and character sets."""
    branches, start, depth, in_set, pos = [], 0, 0, False, 0
    while pos < len(pattern):
        char = pattern[pos]
        if char == "\\":
            pos += 1  # an escaped character is no bar, bracket or parenthesis
        elif in_set:
            in_set = char != "]"
        elif char == "[":
            in_set = True
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif char == "|" and depth == 0:
            branches.append(pattern[start:pos])
            start = pos + 1
        pos += 1
    return [*branches, pattern[start:]]


_POSITIVE = _Words(
    r"article|body|content|entry|main|post|text|story|detail|news_txt|trs_editor|zw|zhengwen|"
    r"rich_media|neirong|wenzhang"
)
_NEGATIVE = _Words(
    r"comment|footer|foot|sidebar|side|share|related|relate|recommend|nav|menu|banner|"
    r"breadcrumb|crumb|copyright|ad-|ads|advert|promo|hot|rank|tags?\b|login|header|toolbar|"
    r"widget|social|popup|modal|subscribe|newsletter|more|list"
)
_UNLIKELY = _Words(
    r"-ad-|ai2html|banner|breadcrumb|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|"
    r"header|legend|menu|related|remark|replies|reply|respond|rss|shoutbox|sidebar|skyscraper|"
    r"social|sponsor|supplemental|contact|ad-break|agegate|pagination|pager|popup|yom-remote|pinglun|"
    r"promo|donat|poll[-_]|"
    r"share|jiathis|bdshare|recommend|tuijian|xgyd|xgxw|hotnews|newsletter|subscribe(?!r)|signup|"
    r"slideshow|carousel|lightbox|modal|caption|credit|summary|lead-paragraph|video|stockcard|stock_?quote|quote_?box"
)
"""(`subscribe`, not `subscriber`: "subscriber-only" wraps the text a paywall keeps for
subscribers; `poll-`, `poll_`: a reader poll's box, not "pollution" or a "tag-poll" of a post.)"""
_MAYBE = _Words(
    r"and|article|body|column|content|main|shadow|zhengwen|trs_editor|speakable|brief|"
    r"text-with-summary"
)
"""`speakable`: schema.org's mark for the text a voice assistant reads out ("speakable-summary");
`brief`: a clip's description box, which may hold its whole transcript ("video_brief");
`text-with-summary`: Drupal's body field ("field--type-text-with-summary")."""
_SUMMARY_BOX = _Words(r"\bintroduction\b")
_COMMENT = _Words(r"comment|reply|respond|pinglun")
_PULL_QUOTE = _Words(r"pull-?quote")
_HEADER = re.compile("header", re.IGNORECASE)
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
_VOTERS = 3
"""A line votes for its block (when a container) and the nearest ancestors, this many in all."""
_MAX_CHAIN = 64
"""A block's text counts for it and at most this many of its ancestors."""


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


def _unlikely_self(el: HtmlElement, tag: str) -> bool:
    """Whether `el` (of tag `tag`, read already) is unlikely by its own tag and attributes."""
    cls, ident = el.get("class"), el.get("id")
    if not cls and not ident:
        return tag in _UNLIKELY_TAGS  # what `_unlikely_attrs` says of a bare element
    if not _unlikely_attrs(tag, cls or "", ident or ""):
        return False
    return not (cls and "__" in cls and _part_of_article(el, cls))


def _part_of_article(el: HtmlElement, cls: str) -> bool:
    """A BEM element of the <article> around it ("press-summary__references" in <article
    class="press-summary">): a part of the story, whatever words its block's name holds."""
    blocks = {token.split("__", 1)[0] for token in cls.split() if "__" in token}
    article = next(el.iterancestors("article"), None)
    return article is not None and not blocks.isdisjoint((article.get("class") or "").split())


@lru_cache(maxsize=4096)
def _unlikely_attrs(tag: str, cls: str, ident: str) -> bool:
    """Cached per (tag, class, id): pages repeat the same few classes thousands of times."""
    attrs = f"{cls} {ident}"
    if tag in _UNLIKELY_TAGS:
        return not (tag == "aside" and _PULL_QUOTE.search(attrs))  # body where it stands
    if tag == "article":  # the page's own mark for an article: unlikely only as a comment
        return bool(_COMMENT.search(attrs))  # (<article class="newsletter-post"> is the text)
    if tag == "div" and _SUMMARY_BOX.search(attrs):
        return True  # a 导语 box above the text sums it up; a <p> of that class opens the text
    if tag in ("tr", "th", "thead"):
        attrs = _HEADER.sub(" ", attrs)  # a table's header row ("header-row") is the table's
    if "tandfirst" in attrs:
        return True  # the deck under the headline ("c-standfirst"; the "and" in it is no _MAYBE)
    if (
        "__" in attrs
        and "aption" in attrs
        and any("caption" in token.rsplit("__", 1)[-1] for token in attrs.lower().split())
    ):
        return True  # BEM: "article__lead_photo__caption" is a caption, whatever its block
    return bool(attrs.strip()) and bool(_UNLIKELY.search(attrs)) and not _MAYBE.search(attrs)


_ARTICLE_LIKE = _Words(
    "|".join(
        rf"{head}[-_]?(?:content|body|text|txt)"
        for head in ("entry", "post", "article", "story", "news", "detail")
    )
    + "|trs_editor|articlebody"
)
"""Spelled out so that every branch opens with a letter: sre then scans for those first letters
in C and tries the branches only there (half the time over a page's joined class names)."""


_MAX_HITS = 32


def _article_like_elements(marks: list[HtmlElement], attrs: Attributes) -> list[HtmlElement]:
    """`marks` (the page's <article> and <main> elements) and elements whose class, id or itemprop
    reads like an article body (found in `attrs`, the page's values: `tree.Attributes`). A value
    holding both quote kinds counts only when more than `_MAX_HITS` values match, the rule of the
    XPath string literals this replaced, kept so that no record changes.
    """
    hits = _article_like_values(attrs)
    if not hits:
        return marks  # (no need to look through every value)
    if len(hits) <= _MAX_HITS:
        hits = {value for value in hits if not {"'", '"'} <= set(value)}
    return [*marks, *(v.getparent() for v in attrs.values if v in hits)]


_ARTICLE_HEADS = ("entry", "post", "article", "story", "news", "detail")
_ARTICLE_TAILS = ("content", "body", "text", "txt")


def _article_like_values(attrs: Attributes) -> set[str]:
    """`attrs.matching(_ARTICLE_LIKE)`, the values in which `_ARTICLE_LIKE` matches, found from
    the rarer tails of its branches: sre tries its branches at every e, p, a, s, n, d and t of
    the joined values, `str.find` looks for the tails in C (a third of the time).

    A value holds a match exactly when it holds "trs_editor" or one of `_ARTICLE_TAILS` right
    after one of `_ARTICLE_HEADS`, or after a head and a "-" or "_" ("articlebody" is
    "article" + "body"). Heads end in a letter, so a tail after "-" or "_" can follow only the
    head before that, and a tail right after a letter only a head ending there. No head, tail
    or separator holds the NUL between values, so the head found lies in the tail's value.
    Other than ASCII text takes the regex: its IGNORECASE matching is no `lower()` (`ſ`).
    """
    joined = attrs.joined
    if not joined.isascii():
        return attrs.matching(_ARTICLE_LIKE)
    low = joined.lower()
    hits = set()
    for tail in (*_ARTICLE_TAILS, "trs_editor"):
        pos = low.find(tail)
        while pos >= 0:
            head_end = pos - 1 if low[pos - 1 : pos] in ("-", "_") else pos
            if tail == "trs_editor" or low.endswith(_ARTICLE_HEADS, 0, head_end):
                value, end = attrs.value_around(pos, pos)  # (`low`'s offsets are `joined`'s)
                hits.add(value)
                pos = low.find(tail, end)  # (on to the next value: this one is in)
            else:
                pos = low.find(tail, pos + 1)
    return hits


@lru_cache(maxsize=4096)
def _article_like(tag: str, cls: str, ident: str, itemprop: str) -> bool:
    if tag not in ("article", "main") and not _ARTICLE_LIKE.search(f"{cls} {ident} {itemprop}"):
        return False
    return not _unlikely_attrs(tag, cls, ident)


_TEASER_CHARS = 300


def _article_ancestors(marks: list[HtmlElement], attrs: Attributes) -> set[HtmlElement]:
    """Elements that contain an <article> or an obvious article-body block: never "unlikely"
    (themes wrap whole posts in "sidebar" layout classes). `marks`: the page's <article> and
    <main> elements. The set is every ancestor of each such block, whatever their order."""
    marked: set[HtmlElement] = set()
    for el in _article_like_elements(marks, attrs):
        cls, ident = el.get("class") or "", el.get("id") or ""
        if el.tag == "article" and len(el.text_content()) < _TEASER_CHARS:
            continue  # a story card in a "Read more" box: no article's text
        if _article_like(el.tag, cls, ident, el.get("itemprop") or ""):
            node = el.getparent()
            while node is not None and node not in marked:
                marked.add(node)
                node = node.getparent()
    return marked


def _attribution(el: HtmlElement) -> bool:
    """A quotation's <footer> naming who said it (<blockquote>…<footer><cite>), which goes
    with the quote, not with the page's footer; or an <aside> that holds a quotation alone
    (`<aside><q>…</q></aside>`): a pull quote, body where it stands."""
    if el.tag == "aside":
        first = next(el.iterchildren(), None)  # (not len(): it walks every child)
        if first is None or first.getnext() is not None:
            return False
        return first.tag in ("q", "blockquote") and not (el.text or "").strip()
    parent = el.getparent() if el.tag == "footer" else None
    if parent is None:
        return False
    grandparent = parent.getparent()
    if parent.tag == "blockquote" or (grandparent is not None and grandparent.tag == "blockquote"):
        return True
    tag = parent.tag
    return tag in ("aside", "figure") and not _unlikely_self(parent, tag)  # a pull quote's


def likely_lines(lines: list[Line], root: HtmlElement, attrs: Attributes) -> list[Line]:
    """Lines not inside comments, menus, sidebars, share bars, related lists (readability's
    "unlikely candidates"); those still serve credits and dates, never the body."""
    marks: list[HtmlElement] = []  # (one walk over the tree for these and the figures)
    figures: list[HtmlElement] = []
    for el in root.iter("article", "main", "figure", "figcaption"):
        (marks if el.tag in ("article", "main") else figures).append(el)
    verdict: dict[HtmlElement, bool] = dict.fromkeys(_article_ancestors(marks, attrs), False)
    for el in figures:
        # a picture's caption; a figure that frames a quote (an embedded post) or a table is text
        framed = next(el.iterdescendants("blockquote", "table"), None)
        verdict[el] = el.tag == "figcaption" or framed is None
    out = []
    for line in lines:
        result = verdict.get(line.block)  # (most lines share their block with the line before)
        if result is None:
            result = _walk_up(line.block, verdict)
        if not result:
            out.append(line)
    return out


def _walk_up(block: HtmlElement, verdict: dict[HtmlElement, bool]) -> bool:
    """Whether `block` (not in `verdict`) lies in an unlikely element: in one below <body> that
    is unlikely itself or lies in one, unless `verdict` has the answer for an element on the way
    (an article's ancestor is never unlikely). Decided from the top down, so that no element
    inside an unlikely one is looked at; every element passed gets its answer. (A <body> or
    <html> in `verdict` is there as an article's ancestor, False, as the walk would end there.)
    """
    chain = []
    node: HtmlElement | None = block
    result: bool | None = False
    while node is not None:
        tag = node.tag
        if tag in ("body", "html"):
            result = False
            break
        chain.append((node, tag))
        node = node.getparent()
        result = verdict.get(node)  # (None for None)
        if result is not None:
            break
    for el, tag in reversed(chain):
        if not result:
            result = _unlikely_self(el, tag) and not _attribution(el)
        verdict[el] = result
    return bool(result)


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
    sizes = {block: sum(map(len, texts)) for block, texts in own_text.items()}
    parents, inner_first, deep = _upward(own_text)
    sums = _sums(sizes, own_links, parents, inner_first, deep)
    chars.update(sums[0])
    link_chars.update(sums[1])
    for line in lines:
        size = units(line.text)
        block = line.block
        if size < 8 or line.link_density > 0.5 or block.tag in HEADINGS:
            continue
        score = 1 + punctuation(line.text) + min(size / 30, 4)
        voters = [block] if block.tag in _CONTAINERS else []
        node = parents[block]
        while node is not None and len(voters) < _VOTERS:
            voters.append(node)
            node = parents[node]
        for depth, el in enumerate(voters):
            scores[el] += score / (1 + depth)
    if not scores:
        return None

    finals: dict[HtmlElement, float] = {}

    def final(el: HtmlElement) -> float:  # (once per element: nothing it reads changes now)
        value = finals.get(el)
        if value is None:
            density = link_chars[el] / max(1, chars[el])
            value = finals[el] = (scores[el] + _class_weight(el)) * (1 - density)
        return value

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
                and (
                    sib.tag == "p"
                    or _paragraph_like(" ".join(own_text.get(sib, [])))
                    or (
                        _INTRO_CLASS.search(sib.get("class") or "") is not None
                        and sib not in own_text  # no label of its own ("导读" over a summary)
                    )
                )
            )
        ):
            keep.append(sib)
    return best, keep


_INTRO_CLASS = re.compile(r"introtext|(?:^|[\s_-])intro(?:$|[\s_-])", re.IGNORECASE)
"""The block a CMS keeps a text's opening part in, beside the rest ("itemIntroText" over
"itemFullText" in Joomla's K2, "news-article__intro"): the text's own first paragraphs."""


def _upward(
    blocks: Iterable[HtmlElement],
) -> tuple[dict[HtmlElement, HtmlElement | None], list[HtmlElement], list[HtmlElement]]:
    """Each block's and each of its ancestors' parent, all of them with each after everything
    inside it, and those more than `_MAX_CHAIN` levels below the top.

    One `getparent` per element however many blocks share it: a page's blocks share most of
    their ancestors, and walking each block's chain cost a tenth of the extraction. Each element
    enters `parents` after its parent, so the reverse order has it after its children.
    """
    parents: dict[HtmlElement, HtmlElement | None] = {}
    depths: dict[HtmlElement, int] = {}
    for block in blocks:
        path = []
        node: HtmlElement | None = block
        while node is not None and node not in parents:
            path.append(node)
            node = node.getparent()
        depth = -1 if node is None else depths[node]
        for el in reversed(path):
            parents[el] = node
            depth += 1
            depths[el] = depth
            node = el
    deep = [el for el, depth in depths.items() if depth > _MAX_CHAIN]
    return parents, list(reversed(parents)), deep


def _sums(
    sizes: dict[HtmlElement, int],
    links: dict[HtmlElement, int],
    parents: dict[HtmlElement, HtmlElement | None],
    inner_first: list[HtmlElement],
    deep: list[HtmlElement],
) -> tuple[dict[HtmlElement, int], dict[HtmlElement, int]]:
    """Each element's own size and link size plus its descendants' up to `_MAX_CHAIN` levels
    below it (`inner_first`: the elements, each after everything inside it; `deep`: those
    deeper than the limit).

    Whole subtrees are summed child to parent; what lies deeper than the limit is then taken
    off at the ancestor `_MAX_CHAIN + 1` levels above (iteratively: pages nest 10,000 deep).
    """
    chars = dict.fromkeys(inner_first, 0)
    chars.update(sizes)
    link_chars = dict.fromkeys(inner_first, 0)
    link_chars.update(links)
    for el in inner_first:
        parent = parents[el]
        if parent is not None:
            chars[parent] += chars[el]
            link_chars[parent] += link_chars[el]
    excess: list[tuple[HtmlElement, int, int]] = []
    for el in deep:  # (each has an ancestor `_MAX_CHAIN + 1` levels above)
        ancestor = el
        for _ in range(_MAX_CHAIN + 1):
            ancestor = parents[ancestor]
        excess.append((ancestor, chars[el], link_chars[el]))
    for el, size, link_size in excess:
        chars[el] -= size
        link_chars[el] -= link_size
    return chars, link_chars


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
