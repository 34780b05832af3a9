"""One page's fields from its text: body block, title, credits, dates, language, page type.

`fill` reads them all. It finds and trims the body here, and reconciles the credits from every
source; the credits printed around the text (`pagecredits`), the choice of the publication time
(`published`) and the page type (`pagetype`) are decided in modules of their own.
"""

from __future__ import annotations

import re
from datetime import tzinfo
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from lxml.html import HtmlElement

from pressbot.extract import dates
from pressbot.extract.body import likely_lines, lines_within, select_container
from pressbot.extract.cleanup import BOX_LABEL, clean_body, wholly_italic
from pressbot.extract.credits import (
    Credits,
    agency_line,
    byline,
    dateline_authors,
    field_source,
    originally_published,
    outlet_with_agency,
    parse_credit_line,
    split_names,
    trailing_credit,
    unit_writer,
    without_paper,
)
from pressbot.extract.embedded import embedded_page
from pressbot.extract.meta import read_meta
from pressbot.extract.pagecredits import (
    BADGE,
    RELATED_LIST,
    author_names,
    credit_row_above,
    footer_credits,
    header_credits,
    header_start,
    info_table,
    source_named_alone,
)
from pressbot.extract.pagetype import DATE_ROW_CHARS, page_type
from pressbot.extract.published import choose_published, first_date, page_clock_zone, utc
from pressbot.extract.selectors import apply_selectors, site_names, site_source, unusable
from pressbot.extract.text import ends_sentence, is_cjk, units
from pressbot.extract.title import choose_title, site_name
from pressbot.extract.tree import (
    HEADINGS,
    MAX_LINES,
    Attributes,
    Line,
    attributes,
    collapse,
    drop_noise,
    lines,
    parse,
)
from pressbot.items import Article
from pressbot.sites import SiteConfig

_BACK_LINK = re.compile(r"\s*返回[^，。！？\s]{1,10}(?:[，,]\s*查看更多|首页\s*>*)\s*$")
"""A platform's way-back link run into the last paragraph ("...压货。返回搜狐，查看更多")."""
_GLUED_HEADLINE = re.compile(r"\s*[（(]\s*(?:本文)?原文?标题\s*[：:][^（()）]{1,80}[）)]\s*$")
"""A copied story's original headline glued to its last sentence ("…效率。（原标题：…）"): a
note on where the text came from, as it is on a line of its own."""
_FALLBACK_UNITS = 60


def fill(
    article: Article,
    text: str,
    zone: tzinfo | None,
    site: SiteConfig | None,
    utf8: bytes | None = None,
    *,
    rendered: bool = False,
) -> None:
    """Every field of `article` from the page `text` (`utf8`: the same text as UTF-8 bytes,
    when the page came so; `rendered`: the page was built from script data, which is not read
    again)."""
    info = article.extraction
    root = parse(text, utf8)
    if root is None:
        info.page_type = "empty"
        return
    meta = read_meta(root)
    title_tag = meta.title_tag
    overrides = apply_selectors(root, site.selectors, info.warnings) if site else {}
    attrs = attributes(root)
    drop_noise(root, attrs)
    all_lines = lines(root)
    if len(all_lines) >= MAX_LINES:
        info.warnings.append(f"page cut after {MAX_LINES} text lines")

    body_lines = _body_lines(all_lines, root, overrides, attrs)
    info.methods["body"] = "site" if "body" in overrides else "generic"
    body_start = body_lines[0].index if body_lines else None
    title, title_index, info.methods["title"] = choose_title(
        all_lines, title_tag, meta.title, body_start
    )
    if "title" in overrides:
        title, info.methods["title"] = collapse(" ".join(overrides["title"])), "site"

    body_lines = _deck_over_byline(_after_title(body_lines, title_index, title), all_lines)
    body_lines = _first_paragraph(all_lines, _repeated_headline(body_lines, title))
    body_lines = _deck_over_dateline(body_lines)
    body_lines += _footnotes(all_lines, body_lines)
    body_lines += _quick_facts(all_lines, body_lines)
    rows = "\n" + "\n".join([line.text for line in all_lines])
    kept, body_credit_lines, body_credits, contributed = clean_body(
        body_lines, boxed=BOX_LABEL.search(rows) is not None
    )
    kept = _without_desk(_without_tagline(kept, all_lines), meta.site_name)
    first = kept[0].index if kept else (title_index or 0)
    last = kept[-1].index if kept else first
    row_above = credit_row_above(all_lines, title_index)
    info_rows = info_table(all_lines, title_index)
    own_names = _site_names(meta.title_tag)
    credits, credit_lines, account = header_credits(
        all_lines, first, title_index, row_above, info_rows, own_names=own_names
    )
    if len(kept) > 1 and kept[0].text in meta.author_organizations:
        # the paper the metadata names as the author, printed alone over the text
        credit_lines.append((kept[0].index, kept[0].text))
        credits.merge(Credits(source=kept[0].text))
        kept = kept[1:]
    credits.merge(body_credits)
    credit_lines += body_credit_lines
    paragraphs = [line.text for line in kept]
    if paragraphs:
        tail = trailing_credit(paragraphs[-1])
        if tail:
            rest, credit_text, found = tail
            credits.merge(found, add_names=True)
            if (
                found.editors
                or found.responsible_editors
                or found.source
                or (found.authors and ("记者" in credit_text or unit_writer(credit_text)))
            ):  # "（记者 甲 见习记者 乙）", "（某会 某部 甲）" go; "（文/图 甲）" stays, as the
                # corpus reads it
                credit_lines.append((kept[-1].index, credit_text))
                paragraphs[-1:] = [rest] if rest else []
    if (
        paragraphs
        and paragraphs[-1].startswith("Originally ")
        and (outlet := originally_published(paragraphs[-1]))
        and not _own_outlet(outlet, own_names, article.url)
    ):
        credit_lines.append((kept[-1].index, paragraphs.pop()))  # a wire's release, reposted
        credits.merge(Credits(source=outlet))
    if paragraphs and paragraphs[-1] == kept[-1].text and (mark := _bold_sign_off(kept[-1])):
        paragraphs[-1] = paragraphs[-1][: -len(mark)].rstrip()  # "… on Monday.” **DM**"
        credit_lines.append((kept[-1].index, mark))
        credits.merge(Credits(source=mark))
    if paragraphs and title and paragraphs[0].startswith((f"【{title}】", f"[{title}]")):
        paragraphs[0] = paragraphs[0][len(title) + 2 :].strip()  # a flash item's bold headline
    if paragraphs and "返回" in paragraphs[-1]:
        paragraphs[-1] = _BACK_LINK.sub("", paragraphs[-1])
    if paragraphs and "标题" in paragraphs[-1]:
        paragraphs[-1] = _GLUED_HEADLINE.sub("", paragraphs[-1])
    if paragraphs and paragraphs[-1].endswith(_END_SIGNS):
        paragraphs[-1] = paragraphs[-1].rstrip(" " + "".join(_END_SIGNS))  # "... measured. ■"
    paragraphs = [
        _INLINE_RELATED.sub("", p) if "報導" in p or "报道" in p else p for p in paragraphs
    ]
    article.body = "\n".join(p for p in paragraphs if p)
    footer_credits(all_lines, last, credits, credit_lines, contributed)
    if credits.source and _own_desk(credits.source, meta.site_name):
        # the site's own desk under the text ("WebMD Health News"): the page's, no source
        credit_lines = [pair for pair in credit_lines if pair[1] != credits.source]
        credits.source = None
    reporters = dateline_authors(paragraphs[0]) if paragraphs else []
    if account is not None and account in reporters:
        # the writer's card under the headline, the dateline naming them: no account's row
        credit_lines = [pair for pair in credit_lines if BADGE.sub("", pair[1]) != account]
        account = None
    if account is not None and credits.source is None:
        credits.source = account  # the publishing account: the outlet
    elif account is not None and not credits.authors:
        credits.authors = [account]  # a labelled 来源 names the outlet: the account wrote it
    if not credits.authors and reporters:
        credits.authors = reporters
        info.methods["authors"] = "dateline"
    elif set(credits.authors) < set(reporters):
        # The byline's reporters and more in the dateline ("（记者/甲 通讯员/乙）"): its team.
        credits.authors += [name for name in reporters if name not in credits.authors]
    provider = (credits.source or "").rstrip(".")
    if not credits.authors and meta.authors:
        named = [n for a in meta.authors for n in split_names(without_paper(a))]
        # Not the credited source ("NEWS PROVIDED BY <a itemprop="author">X Inc.</a>"), nor
        # the site's own account ("Mirage" posting on "Mirage News").
        own = (meta.site_name or "").casefold()
        credits.authors = [
            name
            for name in named
            if name.rstrip(".") != provider
            and not (own and (own == name.casefold() or own.startswith(name.casefold() + " ")))
        ]
        if credits.authors:
            info.methods["authors"] = meta.authors_method
    from_meta = bool(credits.authors) and info.methods.get("authors") == meta.authors_method
    if (not credits.authors or from_meta) and title_index is not None:
        named, badged = author_names(all_lines[title_index + 1 : first])
        if not named and from_meta:
            # the writers' cards over the headline, the metadata naming the first of them
            above, _ = author_names(all_lines[max(0, title_index - _ABOVE_ROWS - 1) : title_index])
            named = above if set(credits.authors) < set(above) else []
        # not the source's own account, standing in the byline's place
        named = [name for name in named if name.rstrip(".") != provider]
        # the page's cards name the metadata's writer and more (JSON-LD names the first alone),
        # or the same writers as printed ("KYAW ZIN HTET" where the metadata has "Kyaw Zin Htet")
        recased = named != credits.authors and [n.casefold() for n in named] == [
            n.casefold() for n in credits.authors
        ]
        if named and (not credits.authors or set(credits.authors) < set(named) or recased):
            credits.authors = named
            info.methods["authors"] = "author-class"
            credit_lines += [(line.index, line.text) for line in badged]
    credits.merge(contributed, add_names=True)
    own_name = site_name(meta.title_tag) if meta.title_tag else None
    outlets = {name for name in (own_name, meta.site_name) if name}
    _desk_with_agency(credits, credit_lines, outlets, all_lines)
    # "The Canadian Press", "The Brussels Times" in the byline: an outlet, no one's name; nor
    # are "agencies" ("TRT World and agencies")
    credits.authors = [
        n for n in credits.authors if not _THE_OUTLET.fullmatch(n) and n not in _NO_WRITERS
    ]
    folded = {name.casefold() for name in outlets}  # the site's own name as the byline's
    credits.authors = [n for n in credits.authors if n.casefold() not in folded]
    if own_name:
        credits.authors = [_without_outlet(name, own_name) for name in credits.authors]
    if len(credits.authors) > 1:
        credits.authors = [name for name in credits.authors if name not in own_names]
    if credits.source and credits.source.strip(" ·・•") in credits.authors:
        credits.source = None  # the writer's name beside the date ("周予安·2020-06-03"), no outlet
    wires = [name for name in credits.authors if agency_line(name) == name]
    agencies = [n for n in credits.authors if n in wires or n in meta.author_organizations]
    if (
        agencies
        and credits.source is None
        and (len(agencies) < len(credits.authors) or len(wires) == len(agencies))
    ):
        # ("QNA" alone in the byline's place: an agency's name, no writer's)
        # "Jana Roe and TASR", the JSON-LD naming TASR an Organization: the writer, the agency
        credits.authors = [name for name in credits.authors if name not in agencies]
        credits.source = ", ".join(agencies)
    if credits.source and title_index is not None:
        credit_lines += source_named_alone(all_lines[title_index + 1 : first], credits.source)
    if credits.source is None and meta.source:
        given = field_source(meta.source)  # ("来源：新华网": its label printed into the tag)
        if given and given != meta.site_name:
            # (a <meta name="source"> naming the site itself, as its og:site_name does: no source)
            credits.source = given
            info.methods["source"] = "meta"
    if title and credits.source and title.endswith(" " + credits.source):
        title = title[: -len(credits.source)].rstrip()
    article.title = title or None
    for field in ("authors", "editors", "responsible_editors"):
        if field in overrides:
            if names := site_names(field, overrides[field]):
                setattr(credits, field, names)
                info.methods[field] = "site"
            else:
                info.warnings.append(unusable(field))
    if "source" in overrides:
        if source := site_source(overrides["source"]):
            credits.source, info.methods["source"] = source, "site"
        else:
            info.warnings.append(unusable("source"))
    article.authors, article.editors = credits.authors, credits.editors
    article.responsible_editors, article.source = credits.responsible_editors, credits.source
    article.credit_lines = list(dict.fromkeys(text for _, text in sorted(credit_lines)))

    article.language = (site.language if site else None) or _language(meta.language, article.body)
    page_zone = zone  # (a language's default is no knowledge of the page's zone)
    if zone is None and article.language == "zh":
        zone = ZoneInfo("Asia/Shanghai")
    site_date = " ".join(overrides["published_at"]) if "published_at" in overrides else None
    published, method = choose_published(
        site_date,
        _window_text([*row_above, *all_lines[header_start(first, title_index) : first]]),
        meta,
        _window_text(_before_related(all_lines[last + 1 : last + 11])),
        article.url,
        zone=page_zone,
        above=_window_text(_rows_above(all_lines, title_index)),
        opening=paragraphs[0][:_OPENING_CHARS] if paragraphs else "",
        table=_window_text(info_rows),
        day_first=lambda: dates.slash_order(line.text for line in all_lines if "/" in line.text),
        month_first=lambda: dates.hyphen_month_first(
            line.text for line in all_lines if "-" in line.text
        ),
    )
    if site_date and method != "site":
        info.warnings.append(unusable("published_at"))
    if published is not None:
        if method == "time" and zone is not None and utc(published):
            # the instant on the page's clock; a stamp with an offset of its own is on it already
            published = published.on_clock(zone)
        if published.has_time and published.zone is None and zone is None:
            zone = page_clock_zone(all_lines)
        article.published_at = published.iso(zone)
        info.methods["published_at"] = method
        if published.has_time and published.zone is None and zone is None:
            info.warnings.append("published_at: time shown without a known zone; date only")
    info.page_type = page_type(article, all_lines, meta, rows)
    if info.page_type != "article" and meta.scripts and not rendered:
        _from_script_data(article, meta.scripts, zone, site)


_SCRIPT_FIELDS = (
    "title",
    "body",
    "published_at",
    "authors",
    "editors",
    "responsible_editors",
    "source",
    "credit_lines",
    "language",
)


def _from_script_data(
    article: Article, scripts: list[HtmlElement], zone: tzinfo | None, site: SiteConfig | None
) -> None:
    """Fill `article` from the article object in the page's scripts (a client-rendered page,
    `pressbot.extract.embedded`), when that page reads as an article."""
    page = embedded_page(scripts)
    if page is None:
        return
    trial = Article(url=article.url, site=article.site)
    fill(trial, page, zone, site, rendered=True)
    if not trial.is_article:
        return
    for name in _SCRIPT_FIELDS:
        setattr(article, name, getattr(trial, name))
    info = trial.extraction
    info.encoding = article.extraction.encoding
    info.methods["body"] = "script-data"
    info.warnings.append("read from the article data in the page's scripts (client-rendered)")
    article.extraction = info


_SIGN_OFF_MARK = re.compile(r"[A-Z]{2,4}")


def _bold_sign_off(line: Line) -> str | None:
    """The outlet's initials in bold closing the last paragraph after its last sentence, the
    way a magazine signs off ("… on Monday.” <strong>DM</strong>"): the text's source."""
    children = list(line.block)
    last = children[-1] if children else None
    if last is None or last.tag not in ("strong", "b") or (last.tail or "").strip():
        return None
    mark = collapse(last.text_content())
    before = line.text[: -len(mark)].rstrip()
    if not _SIGN_OFF_MARK.fullmatch(mark) or not line.text.endswith(mark):
        return None
    return mark if before[-1:] in '.!?”"' else None


def _body_lines(
    all_lines: list[Line], root: HtmlElement, overrides: dict[str, list[str]], attrs: Attributes
) -> list[Line]:
    if "body" in overrides:
        wanted = [el for el in root.iter() if el.get("data-pressbot-body") is not None]
        if wanted:
            return lines_within(all_lines, wanted)
    likely = likely_lines(all_lines, root, attrs)
    for candidates in (likely, all_lines):
        chosen = select_container(candidates)
        if chosen is None:
            continue
        found = lines_within(candidates, chosen[1])
        if sum(units(line.text) for line in found) >= _FALLBACK_UNITS:
            return found
    chosen = select_container(all_lines)
    return lines_within(all_lines, chosen[1]) if chosen else []


_NOTE_MARK = re.compile(r"\[(\d{1,3})\]")
_NOTE = re.compile(r"\[(\d{1,3})\]\s")
_NOTES_HEADING_UNITS = 3


def _footnotes(all_lines: list[Line], body: list[Line]) -> list[Line]:
    """The text's own notes in a box below it: the text carries markers ("…to borrow.[1]") and
    the lines right after it (past a "Notes" heading) are "[1] …", "[2] …", each a marker's
    number, in order. A speech's or a paper's footnotes, which the page prints apart."""
    if not any("[" in line.text for line in body):
        return []
    marks = {int(number) for line in body for number in _NOTE_MARK.findall(line.text)}
    notes: list[Line] = []
    after = body[-1].index + 1
    for line in all_lines[after : after + len(marks) + 1]:
        note = _NOTE.match(line.text)
        if note is None:
            if notes or units(line.text) > _NOTES_HEADING_UNITS:
                break
            continue
        if int(note.group(1)) != len(notes) + 1 or len(notes) + 1 not in marks:
            break
        notes.append(line)
    return notes


_FACTS_HEADING = re.compile(r"(?:Quick|Fast|Key) facts", re.IGNORECASE)
_MAX_FACTS = 12


def _quick_facts(all_lines: list[Line], body: list[Line]) -> list[Line]:
    """A release's "Quick Facts" in a box of their own right after its text, as Canadian
    governments print them: the heading and its sentences, up to the next heading ("Additional
    Resources", "Media Contacts")."""
    if not body or body[-1].index + 1 >= len(all_lines):
        return []
    heading = all_lines[body[-1].index + 1]
    if not _FACTS_HEADING.fullmatch(heading.text):
        return []
    facts = []
    for line in all_lines[heading.index + 1 : heading.index + 1 + _MAX_FACTS]:
        if line.block.tag in HEADINGS or line.link_density > 0.5 or not ends_sentence(line.text):
            break
        facts.append(line)
    return [heading, *facts] if facts else []


_END_SIGNS = ("■", "∎", "◼")
"""A magazine's end-of-article sign after the last sentence."""
_INLINE_RELATED = re.compile(r"\s*[（(]\s*(?:相關報導|相关报道)\s*[：:][^（）()]{1,160}[）)]\s*$")
"""A link to a related story set at the end of a paragraph ("（相關報導：…｜更多文章）")."""
_TAGLINE_UNITS = 12


def _without_desk(kept: list[Line], own_name: str | None) -> list[Line]:
    """The text minus a closing line that is the site's own desk ("WebMD Health News"): the
    site's name (og:site_name) and a desk's word; and minus an opening line that is the site's
    name, or its first words, alone ("Proactive Investors" under the writer's card, the site
    being "Proactive Investors UK")."""
    if len(kept) > 1 and _own_desk(kept[-1].text, own_name):
        kept = kept[:-1]
    if len(kept) > 1 and own_name and own_name.startswith(kept[0].text) and " " in kept[0].text:
        first = kept[0].text
        if first == own_name or own_name[len(first)] == " ":
            kept = kept[1:]
    return kept


def _own_outlet(name: str, own_names: set[str], url: str | None) -> bool:
    """Is `name` the site's own, as its <title> or its host spells it ("Live Science" on
    www.livescience.com)?"""
    squeezed = re.sub(r"[^a-z0-9]", "", name.casefold())
    return name in own_names or (bool(squeezed) and squeezed in urlsplit(url or "").netloc)


def _own_desk(text: str, own_name: str | None) -> bool:
    """Is `text` the site's name and a desk ("WebMD Health News", "Acme Staff")?"""
    if not own_name or not text.startswith(f"{own_name} "):
        return False
    return _DESK_WORDS.fullmatch(text[len(own_name) + 1 :]) is not None


_DESK_WORDS = re.compile(r"(?:[A-Z][a-z]+ )?(?:News|Staff|Desk|Team|Newsroom)")


def _without_tagline(kept: list[Line], all_lines: list[Line]) -> list[Line]:
    """The text minus a short closing line that the page prints again outside it: the site's
    tagline ("NIH…Turning Discovery Into Health®", repeated in the footer), not the story's."""
    if len(kept) < 2 or units(kept[-1].text) > _TAGLINE_UNITS:
        return kept
    start, end = kept[0].index, kept[-1].index
    outside = {line.text for line in all_lines if not start <= line.index <= end}
    size = len(kept)
    while size > 1 and units(kept[size - 1].text) <= _TAGLINE_UNITS:
        if kept[size - 1].text not in outside:
            break
        size -= 1
    return kept[:size]


def _after_title(body: list[Line], title_index: int | None, title: str | None) -> list[Line]:
    """Drop the headline and what precedes it when the chosen block contains it."""
    if title_index is not None:
        for pos, line in enumerate(body):
            if line.index == title_index:
                return body[pos + 1 :]
    if title:
        body = [line for line in body if line.text != title]
    return body


_HEADLINE_AGAIN_WITHIN = 5


def _repeated_headline(body: list[Line], title: str | None) -> list[Line]:
    """The text minus the headline printed again near its top in another case ("MAYOR LAUNCHES
    SUMMER MEALS …" under "Mayor Launches Summer Meals …"), what stands above it (a release's
    number and contact rows) and the italic sub-headline under it: the release's own heading."""
    if not title:
        return body
    folded = title.casefold()
    for pos, line in enumerate(body[:_HEADLINE_AGAIN_WITHIN]):
        if line.text.casefold() == folded and line.text != title:
            rest = body[pos + 1 :]
            if rest and _sub_headline(rest[0]):
                rest = rest[1:]
            return rest if rest else body
    return body


def _sub_headline(line: Line) -> bool:
    return (
        wholly_italic(line.block)
        and not ends_sentence(line.text)
        and units(line.text) < _DECK_UNITS
    )


_FIRST_PARAGRAPH = re.compile(r"first[-_]?para|perex", re.IGNORECASE)
"""A box the page names as the text's opening paragraph ("article-first-paragraph", a Czech or
Slovak CMS's "perex")."""


def _first_paragraph(all_lines: list[Line], body: list[Line]) -> list[Line]:
    """The text with its opening paragraph where the page sets that apart in a box of its own
    right above the text's (`<div class="article-first-paragraph"><p>PLANS for …`), where
    the line right above it opens with a dateline ("TEHRAN – The …") and the text does not, or
    where that line is a sentence's paragraph inside the element the page marks as its
    articleBody (a lead in a box of its own, set in bold)."""
    if not body or body[0].index == 0:
        return body
    above = all_lines[body[0].index - 1]
    boxes = (above.block, above.block.getparent())
    if above.link_density > 0.5:
        return body
    if any(el is not None and _FIRST_PARAGRAPH.search(el.get("class") or "") for el in boxes):
        return [above, *body]
    if _CAPITAL_DATELINE.match(above.text) and not _CAPITAL_DATELINE.match(body[0].text):
        return [above, *body]  # "TEHRAN – The …" in a summary box over the rest of the text
    if above.block.tag == "p" and ends_sentence(above.text) and _in_marked_body(above, body[0]):
        return [above, *body]  # the lead in a box of its own inside the page's articleBody
    return body


def _in_marked_body(above: Line, first: Line) -> bool:
    """Are both lines inside the one element the page marks as the article's body?"""
    box = next(
        (el for el in first.block.iterancestors() if el.get("itemprop") == "articleBody"), None
    )
    if box is None or "caption" in (above.block.get("class") or ""):
        return False
    return any(el is box for el in above.block.iterancestors())


def _deck_over_dateline(body: list[Line]) -> list[Line]:
    """The text from its dateline on, where a phrase or two that end no sentence come before it
    ("Settlement returns $11.6 million to borrowers" / "SACRAMENTO — The Attorney General …"):
    the release's deck under its headline, no part of its text."""
    for pos, line in enumerate(body[1 : _DECK_LINES + 1], 1):
        if line.text[:1].isupper() and _CAPITAL_DATELINE.match(line.text):
            deck = body[:pos]
            if all(
                _DECK_PHRASE <= units(d.text) <= _DECK_UNITS and not ends_sentence(d.text)
                for d in deck
            ):
                return body[pos:]
            return body
    return body


_DECK_LINES = 2
_DECK_PHRASE = 12
"""The fewest units of a deck's line: a phrase of six words or so, no byline ("Jane Roe") or
label ("For Immediate Release"), which rules of their own read."""
_CAPITAL_DATELINE = re.compile(r"[A-Z][A-Z.'’ -]{2,40}[A-Z.]\s+[–—-]{1,2}\s+\S.{60,}")
"""The text's opening paragraph: a place in capitals and a dash before a sentence."""


_DECK_UNITS = 80


def _deck_over_byline(body: list[Line], all_lines: list[Line]) -> list[Line]:
    """The text minus a first line that the byline or a short date row follows, apart from the
    text below: the story's deck ("The seedlings … before the September rains" / "By Jane Roe" /
    "Added …"), over the byline as the headline's summary is."""
    if len(body) < 3 or units(body[0].text) > _DECK_UNITS or body[1].index - body[0].index < 2:
        return body
    between = all_lines[body[0].index + 1 : min(body[1].index, body[0].index + 4)]
    bylined = any(
        (found := parse_credit_line(line.text) or byline(line.text)) and found.authors
        for line in between
        if len(line.text) <= 80
    ) or any(len(line.text) <= DATE_ROW_CHARS and dates.find_dates(line.text) for line in between)
    return body[1:] if bylined else body


_OPENING_CHARS = 60
"""How far into the text a dateline's date may stand ("WASHINGTON, June 3, 2020 — ")."""


_NO_LANGUAGE = frozenset({"und", "mul", "mis", "zxx"})
"""ISO 639 codes that name no language of the text (undetermined, several, uncoded, no
linguistic content): a CMS default (`<html lang="und">`), no more a declaration than none."""


def _language(declared: str | None, body: str) -> str | None:
    """Chinese where CJK characters dominate the text's opening (`is_cjk`), else the declared
    language, English for want of one (`_NO_LANGUAGE` declares none)."""
    if declared in _NO_LANGUAGE:
        declared = None
    if body:
        return (
            "zh" if is_cjk(body[:2000]) else (declared if declared and declared != "zh" else "en")
        )
    return declared


_NO_WRITERS = frozenset({"agencies", "agency", "wires", "staff"})
"""Words a byline splits off that name no one ("TRT World and agencies")."""
_THE_OUTLET = re.compile(r"(?:The|THE) (?:[A-Z][\w&.'’-]*)(?: [A-Z][\w&.'’-]*){0,4}")
"""A byline's name that starts with "The": an outlet's ("The Canadian Press", "THE NATION"), no
person's."""


def _desk_with_agency(
    credits: Credits, credit_lines: list[tuple[int, str]], outlets: set[str], all_lines: list[Line]
) -> None:
    """A byline of the site's own name and an agency ("DAILY SABAH WITH AA") names no writer:
    the agency is the source, and the printed byline a credit line."""
    for name in credits.authors:
        agency = outlet_with_agency(name, outlets)
        if agency is None:
            continue
        credits.authors = [other for other in credits.authors if other != name]
        credits.source = credits.source or agency
        folded = name.casefold()
        credit_lines += [
            (line.index, line.text) for line in all_lines if line.text.casefold() == folded
        ]
        return


def _without_outlet(name: str, site: str) -> str:
    """A writer's name minus the site's own name printed after it ("JANE ROE CHICAGO TRIBUNE"
    in a byline on the site whose <title> ends "- Chicago Tribune"; "Jane Roe Star Tribune" on
    "StarTribune.com"), leaving two words at least.

    >>> _without_outlet("Jane Roe Star Tribune", "StarTribune.com")
    'Jane Roe'
    """
    if len(name) > len(site) + 1 and name.upper().endswith(f" {site.upper()}"):
        return name[: -len(site)].strip()
    key = _DOMAIN_END.sub("", site).replace(" ", "").upper()
    words = name.split()
    for count in (1, 2, 3):
        if len(words) > count + 1 and "".join(words[-count:]).upper() == key:
            return " ".join(words[:-count])
    return name


_DOMAIN_END = re.compile(r"\.(?:com|net|org|co\.\w{2})$", re.IGNORECASE)


def _site_names(title_tag: str | None) -> set[str]:
    """The site's name from the end of its <title> ("..._财新网"), with and without 网: an
    outlet prefix in a byline ("文｜财新 甲 乙") names no one."""
    last = site_name(title_tag) if title_tag else None
    return {last, last.removesuffix("网")} if last and 2 <= len(last) <= 12 else set()


def _before_related(window: list[Line]) -> list[Line]:
    """The rows after the text up to a list of other stories ("相關新聞", "Related"), whose dates
    and credits are theirs."""
    for pos, line in enumerate(window):
        if RELATED_LIST.match(line.text):
            return window[:pos]
    return window


_ABOVE_ROWS = 3
_ABOVE_REACH = 6


def _rows_above(all_lines: list[Line], title_index: int | None) -> list[Line]:
    """The three rows right above the headline; then, a few rows further up, a row that is a
    date alone, which a topic's link and a share bar can part from the headline ("3 June 2020" /
    "TRADE FACILITATION" / "Share" / "Facebook Twitter"), after them (theirs come first)."""
    if title_index is None:
        return []
    rows = [
        line
        for line in all_lines[max(0, title_index - _ABOVE_ROWS) : title_index]
        if not (line.block.tag == "li" and line.link_density > 0.5)  # another story's item
    ]
    further = all_lines[max(0, title_index - _ABOVE_REACH) : max(0, title_index - _ABOVE_ROWS)]
    return rows + [line for line in further if units(line.text) <= 6 and first_date(line.text)]


def _window_text(window: list[Line]) -> str:
    return " \n ".join(
        line.text for line in window if len(line.text) < 200 and not _clip_length(line)
    )


def _clip_length(line: Line) -> bool:
    """Is the line a clip's length alone in its player's box ("1:52" on a video's poster under
    the date): no clock of the page's?"""
    return (
        len(line.text) <= 8
        and _CLOCK_ALONE.fullmatch(line.text) is not None
        and _PLAYER_CLASS.search(line.block.get("class") or "") is not None
    )


_CLOCK_ALONE = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")
_PLAYER_CLASS = re.compile(r"video|player|poster|duration|\bdur\b", re.IGNORECASE)
