"""Headline selection: the heading that the <title> confirms, else <title> minus the site name."""

from __future__ import annotations

import re
from functools import lru_cache

from lxml.html import HtmlElement

from pressbot.extract import dates
from pressbot.extract.text import ends_sentence, units
from pressbot.extract.tree import HEADINGS, Line, collapse

_SUFFIX_SPLIT = re.compile(
    r"(?=[\s_|｜丨－—-])"
    r"(?:\s+[-–—|·]\s+|\s*[_|｜丨－—]\s*|\s+-\s*|--|(?<=[\u4e00-\u9fff])-(?=[\u4e00-\u9fff]{2,6}$))"
)
"""Where a <title> parts its headline from the site's name. Every branch starts with a space, a
bar, an underscore or a dash: the lookahead for them rejects the other positions in one test,
where sre tried all five branches (splitting twice as fast)."""


@lru_cache(maxsize=16)
def _parts(title: str) -> tuple[str, ...]:
    """Cached: a page parts its <title> three or four times (`site_name` for the site's own
    names, `strip_site_suffix` for the headline)."""
    return tuple(part for piece in _SUFFIX_SPLIT.split(title) if (part := piece.strip()))


def site_name(title: str) -> str | None:
    """The last part of a <title> that has several, where sites print their own name.

    >>> site_name("动力电池退役潮来袭_公司频道_财新网"), site_name("Plain headline")
    ('财新网', None)
    """
    parts = _parts(title)
    return parts[-1] if len(parts) > 1 else None


_TITLE_CLASS = re.compile(r"title|headline|biaoti|tit\b|bt\b", re.IGNORECASE)


def strip_site_suffix(title: str) -> str:
    """'Headline - Site Name' to 'Headline'.

    >>> strip_site_suffix("柳叶刀：味觉嗅觉丧失是指标_科技_澎湃新闻-The Paper")
    '柳叶刀：味觉嗅觉丧失是指标'
    >>> strip_site_suffix("Plain headline")
    'Plain headline'
    """
    parts = _parts(title)
    if not parts:
        return title.strip()
    if units(parts[0]) >= 4:
        return parts[0]
    return max(parts, key=units)


_BADGE = re.compile(r"^(原创|独家|置顶|推荐|热门|视频|图文|组图)(?=\S{6})")


def _norm(text: str) -> str:
    """The text without whitespace, lowercased. (`str.split` splits on exactly the regex `\\s`,
    at a third of `re.sub`'s cost.)"""
    return "".join(text.split()).lower()


def _heading(line: Line) -> str | None:
    """The heading tag the line is printed in: its block's, or that of the heading around its
    block (`<h1><div><span>Headline</span></div></h1>`)."""
    if line.block.tag in HEADINGS:
        return str(line.block.tag)
    parent = line.block.getparent()
    return str(parent.tag) if parent is not None and parent.tag in HEADINGS else None


def _is_title_like(line: Line) -> bool:
    """A heading, in a heading, or of a title's class."""
    return _titled_block(line.block, {})


def _titled_block(block: HtmlElement, parents: dict[HtmlElement, bool]) -> bool:
    """`_is_title_like` of a line of `block`, its parent's part looked up once a parent and kept
    in `parents` (`choose_title` asks on every line, and a page's lines share their boxes)."""
    if block.tag in HEADINGS or _title_class(block.get("class") or "", block.get("id") or ""):
        return True
    parent = block.getparent()
    if parent is None:
        return False
    titled = parents.get(parent)
    if titled is None:
        titled = parents[parent] = parent.tag in HEADINGS or _title_class(
            parent.get("class") or "", parent.get("id") or ""
        )
    return titled


def _centred_bold(line: Line) -> bool:
    """The line is a centred paragraph in bold and nothing else (`<p align="center"><font
    size="+1"><b>Headline</b></font></p>`): an old page's headline, printed where its text
    starts, where a sub-heading stands to the left."""
    block = line.block
    centred = (block.get("align") or "").lower() == "center" or "center" in (
        block.get("style") or ""
    ).replace(" ", "")
    if not centred or ends_sentence(line.text):
        return False
    bold = next(block.iter("b", "strong"), None)
    return bold is not None and collapse(bold.text_content()) == line.text


def _title_element(line: Line) -> bool:
    """The line is all of an element of the page's own vocabulary named for a title, as
    e-paper systems mark the headline (`<founder-title>`; not `<founder-subtitle>`)."""
    child = next(line.block.iterchildren(), None)
    return (
        child is not None
        and isinstance(child.tag, str)
        and child.tag.endswith("-title")
        and collapse(child.text_content()) == line.text
    )


@lru_cache(maxsize=4096)
def _title_class(cls: str, ident: str) -> bool:
    """Cached: a page asks about the same few classes for hundreds of lines."""
    return bool(_TITLE_CLASS.search(f"{cls} {ident}"))


def choose_title(
    lines: list[Line], title_tag: str | None, meta_title: str | None, body_start: int | None = None
) -> tuple[str | None, int | None, str]:
    """(title, index of its line or None, method).

    A heading that og:title or <title> confirms wins, og:title's first (the story's name, where
    <title> may give the section's); else the nearest heading above the body (section names in
    <title> are common on government sites); else og:title, else <title>.
    """
    reference = [
        (_norm(t), _norm(strip_site_suffix(t)), bonus)
        for t, bonus in ((title_tag, 0), (meta_title, 100))
        if t
    ]
    best: tuple[float, Line] | None = None
    section_h1 = False  # the page's h1 names its section ("Press Releases"), not the story
    parents: dict[HtmlElement, bool] = {}
    for line in lines:
        chars = len(line.text)
        if chars > 200:
            continue
        if (
            chars < _SECTION_CHARS
            and line.text[:1] in _SECTION_FIRSTS
            and _SECTION_LABEL.fullmatch(line.text)
        ):
            section_h1 = section_h1 or _heading(line) == "h1"
            continue
        # A linked line is a link to another page, or a headline that links to its own page
        # (`<h1><a href="…this story">`): only an h1 that og:title or <title> names in full.
        linked = 2 * line.link_chars > chars  # `link_density > 0.5`, in integers, on every line
        if linked and line.block.tag != "h1":
            continue
        if not linked and not _titled_block(line.block, parents):
            continue
        heading = _heading(line)
        size = units(line.text)
        if size < 2:
            continue
        text = _norm(line.text)
        score = 0.0
        for ref, stem, bonus in reference:
            if text in (ref, stem):
                score = max(score, 1000 + bonus + size)
            elif text and text in stem and not linked:
                score = max(score, 500 + size + (100 if stem.startswith(text) else 0))
        if linked and not score:
            continue
        if heading == "h1":
            score += 50
        elif heading:
            score += 10
        if score > 0 and (best is None or score > best[0]):
            best = (score, line)
    if best is not None and (
        best[0] >= 500 or _heading(best[1]) == "h1" or (section_h1 and _heading(best[1]) == "h2")
    ):
        tag = _heading(best[1]) or best[1].block.tag
        return _BADGE.sub("", best[1].text), best[1].index, f"heading:{tag}"
    if body_start is not None:
        first = lines[body_start] if body_start < len(lines) else None
        if first is not None and _centred_bold(first) and 6 <= units(first.text) <= 80:
            return _BADGE.sub("", first.text), first.index, f"centred-bold:{first.block.tag}"
        if (
            first is not None
            and _heading(first) in ("h1", "h2", "h3")
            and 6 <= units(first.text) <= 80
            and not _dated_row(first.text)
            and _names_no_story(title_tag, meta_title)
            and body_start + 1 < len(lines)
            and units(lines[body_start + 1].text) >= 20
            and ends_sentence(lines[body_start + 1].text)
        ):
            # a table layout's headline in the text's own cell (<td><h2>…</h2><p>…), under a
            # <title> of the site's and the section's names ("衞生署 - 新聞公報"), a paragraph
            # under it (a ranking's heading over its table is no story's)
            return _BADGE.sub("", first.text), first.index, f"near-body:{_heading(first)}"
        for line in reversed(lines[max(0, body_start - 12) : body_start]):
            if (
                (_is_title_like(line) or _title_element(line))
                and line.link_density <= 0.5
                and 6 <= units(line.text) <= 80
                and not _dated_row(line.text)
            ):
                return _BADGE.sub("", line.text), line.index, f"near-body:{line.block.tag}"
    if meta_title:
        return (*_printed(lines, meta_title), "meta")
    if title_tag:
        return (*_printed(lines, title_tag), "title-tag")
    return None, None, "none"


_SECTION_LABEL = re.compile(
    r"(?:Latest |Recent )?(?:(?:Press|News|Media) (?:Releases?|Statements?|Room|Cent(?:er|re))|"
    r"News(?:room)?|Press|Speeches|Statements|Announcements)",
    re.IGNORECASE,
)
"""A section's name printed in a heading or a title's box ("Press Releases"): no story's."""
_SECTION_CHARS = 30
_SECTION_FIRSTS = "AaLlMmNnPpRrSsſ"
"""What a `_SECTION_LABEL` match starts with: the first letters of its words, in both cases and
as IGNORECASE matches them (the long s "ſ" for "s"). This runs on every short line of the page,
and most start with none of them: the test costs a third of the regex call."""


def _names_no_story(title_tag: str | None, meta_title: str | None) -> bool:
    """Does no title the page declares name a story: each part of its <title> a site's or a
    section's name, of five units at most, and no og:title?"""
    return not meta_title and all(units(part) <= 5 for part in _parts(title_tag or ""))


def _dated_row(text: str) -> bool:
    """A metadata row under the headline, in the headline's own box ("【信息时间：2020/6/3
    阅读次数：】"): a label's colon and a date."""
    return ("：" in text or ": " in text) and bool(dates.find_dates(text))


def _printed(lines: list[Line], title: str) -> tuple[str, int | None]:
    """The part of a <title> that the page prints as a line of its own (the longest, when
    the site's name is printed too), with its line; else the title minus the site name.
    A government site may put its name first ("国家税务总局 - 税务要闻 - Headline")."""
    parts = {_norm(part): part for part in _parts(title)}
    found = [(units(parts[text]), line) for line in lines if (text := _norm(line.text)) in parts]
    if len(parts) > 1 and found:
        _, line = max(found, key=lambda pair: pair[0])
        return parts[_norm(line.text)], line.index
    stem = strip_site_suffix(title)
    target = _norm(stem)
    for line in lines:
        if _norm(line.text) == target:
            return stem, line.index
    return stem, None
