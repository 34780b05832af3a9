"""One page's fields from its text: body block, title, credits, dates, language, page type."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import tzinfo
from zoneinfo import ZoneInfo

from lxml.html import HtmlElement

from pressbot.extract import dates
from pressbot.extract.body import likely_lines, lines_within, select_container
from pressbot.extract.credits import (
    Credits,
    byline,
    clean_source,
    contributors,
    dateline_authors,
    parse_credit_line,
    split_names,
    trailing_credit,
)
from pressbot.extract.meta import PageMeta, read_meta
from pressbot.extract.selectors import apply_selectors
from pressbot.extract.text import ends_sentence, is_cjk, punctuation, units
from pressbot.extract.title import choose_title
from pressbot.extract.tree import HEADINGS, MAX_LINES, Line, collapse, drop_noise, lines, parse
from pressbot.items import Article
from pressbot.sites import SiteConfig

_TAIL = re.compile(
    r"^[【\[（(]?\s*(特别声明|免责声明|版权声明|声明[：:]|相关阅读|相关新闻|相关文章|相关链接|延伸阅读|"
    r"推荐阅读|热点推荐|猜你喜欢|精彩推荐|更多精彩|热门推荐|往期回顾|上一篇|下一篇|版权所有|"
    r"Copyright|©|\(c\)|All rights reserved|Special statement|Recommended Reading|Related "
    r"(?:articles|stories|news|reading)|Read more|More from|More (?:great )?\w+ stories|"
    r"Disclaimer|Media contacts?\b|Explore further|This document is subject to copyright|"
    r"Contacts?\s*:|Media (?:inquiries|relations)|Press contacts?|###$|分享到|扫一扫|扫描二维码|"
    r"关注我们|扫描下方二维码|长按(识别)?二维码|识别二维码|网友评论|发表评论|我要评论|评论\s*\d*$|"
    r"打印本页|关闭窗口|【打印】|【关闭】)",
    re.IGNORECASE,
)
_NOISE_LINE = re.compile(
    r"^(分享到?[：:]?.*|字号[：:]?.*|【?\s*(大|中|小)\s*】?\s*【?\s*(大|中|小)\s*】?.*|"
    r"[【\[]\s*(打印|关闭|收藏|纠错|返回顶部|我要纠错)\s*[】\]].*|打印|关闭|收藏|返回顶部|"
    r"点击数?[：:]\s*\d*|阅读(量|数)?[：:]?\s*\d+|浏览次数[：:]?\s*\d*|Share( this)?( on)?[:]?|"
    r"Tweet|Print|Email|Advert|Advertisement|This slideshow requires JavaScript\.?|"
    r"Tell us what you think.*|Story continues below|Subscribe|Subscribe to .{0,80}|"
    r"Continue reading.*|Don'?t miss|"
    r"Font size.*|A\+?\s*A-?|(本文)?原标题[：:].*|[\ufffd\s\W]*)$",
    re.IGNORECASE,
)
_DISCLAIMER = re.compile(
    r"^(?:forward[- ]looking statements?|safe harbou?r statement|cautionary (?:note|statement)"
    r"[^.]{0,60}forward[- ]looking statements?)\s*:?$",
    re.IGNORECASE,
)
"""The legal section that closes a press release: nothing after its heading is release text."""
_BACK_LINK = re.compile(r"\s*返回[^，。！？\s]{1,10}(?:[，,]\s*查看更多|首页\s*>*)\s*$")
"""A platform's way-back link run into the last paragraph ("...压货。返回搜狐，查看更多")."""
_SIGN_OFF = re.compile(
    r"\bcontributed (?:reporting )?to this (?:report|story)\b|\b(?:may|can) be reached at\b|"
    r"\bfollow (?:him|her|them|us|@\w+) on (?:twitter|facebook|instagram)\b|"
    r"\bfollow (?:\w+ )?\w+(?:'s|’s)? (?:full |complete |live )?coverage of\b",
    re.IGNORECASE,
)
"""A sign-off (contributors, how to reach or follow the writer, where more coverage is): the
text has ended."""


def _signs_off(text: str) -> bool:
    """`_SIGN_OFF`, tried only on lines holding its key words with small letters after the
    first (as prose prints them): a substring test is a tenth of the case-blind search, which
    would run on every body line."""
    if "ontributed" not in text and "eached" not in text and "ollow" not in text:
        return False
    return _SIGN_OFF.search(text) is not None


_CAPTION = re.compile(
    r"\((?:images?|photos?|pictures?|photograph|credit)\s*:\s*[^()]{1,60}\)$|"
    r"\((?-i:[A-Z][\w.&' -]{0,30}/\s*[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){1,3})(?:,\s*file)?\)$",
    re.IGNORECASE,
)
"""A line that ends in its picture's credit is a caption, not text: "... (Image: GETTY)", and the
wire form "(AP Photo/Jane Doe, File)", "(Xinhua/Li Ming)"."""
_CAPTION_CLASS = re.compile(r"caption|desc|(?:img|pic|photo)_?te?xt", re.IGNORECASE)
_GRID_CELL_UNITS = 20
_NEWSLETTER = re.compile(r"\b(?:sign up|subscribe)\b.{0,80}\bnewsletter", re.IGNORECASE)
"""A short line asking for a newsletter sign-up is a promotion, not text."""
_NOT_FOUND = re.compile(
    r"\b404\b|not found|页面不存在|页面没有找到|找不到|已删除|不存在|出错了", re.IGNORECASE
)
_LOGIN = re.compile(r"登录|登陆|log ?in|sign ?in", re.IGNORECASE)
_MIN_UNITS = 20
_FALLBACK_UNITS = 60
_CREDIT_WINDOW_AFTER = 25
_CREDIT_WINDOW_BEFORE = 15


def fill(
    article: Article,
    text: str,
    zone: tzinfo | None,
    site: SiteConfig | None,
    utf8: bytes | None = None,
) -> None:
    """Every field of `article` from the page `text` (`utf8`: the same text as UTF-8 bytes,
    when the page came so)."""
    info = article.extraction
    root = parse(text, utf8)
    if root is None:
        info.page_type = "empty"
        return
    meta = read_meta(root)
    title_tag = meta.title_tag
    overrides = apply_selectors(root, site.selectors) if site and site.selectors else {}
    drop_noise(root)
    all_lines = lines(root)
    if len(all_lines) >= MAX_LINES:
        info.warnings.append(f"page cut after {MAX_LINES} text lines")

    body_lines = _body_lines(all_lines, root, overrides)
    info.methods["body"] = "site" if "body" in overrides else "generic"
    body_start = body_lines[0].index if body_lines else None
    title, title_index, info.methods["title"] = choose_title(
        all_lines, title_tag, meta.title, body_start
    )
    if "title" in overrides:
        title, info.methods["title"] = collapse(" ".join(overrides["title"])), "site"

    body_lines = _after_title(body_lines, title_index, title)
    kept, body_credit_lines, body_credits, contributed = _clean_body(body_lines)
    first = kept[0].index if kept else (title_index or 0)
    last = kept[-1].index if kept else first
    credits, credit_lines = _header_credits(all_lines, first, title_index)
    credits.merge(body_credits)
    credit_lines += body_credit_lines
    paragraphs = [line.text for line in kept]
    if paragraphs:
        tail = trailing_credit(paragraphs[-1])
        if tail:
            rest, credit_text, found = tail
            credits.merge(found, add_names=True)
            if found.editors or found.responsible_editors or found.source:
                credit_lines.append((kept[-1].index, credit_text))
                paragraphs[-1:] = [rest] if rest else []
    if paragraphs and "返回" in paragraphs[-1]:
        paragraphs[-1] = _BACK_LINK.sub("", paragraphs[-1])
    article.body = "\n".join(p for p in paragraphs if p)
    _footer_credits(all_lines, last, credits, credit_lines)
    if not credits.authors and paragraphs:
        credits.authors = dateline_authors(paragraphs[0])
        if credits.authors:
            info.methods["authors"] = "dateline"
    if not credits.authors and meta.authors:
        credits.authors = [n for a in meta.authors for n in split_names(a)]
        info.methods["authors"] = meta.authors_method
    credits.merge(contributed, add_names=True)
    if credits.source is None and meta.source:
        credits.source = meta.source
        info.methods["source"] = "meta"
    if title and credits.source and title.endswith(" " + credits.source):
        title = title[: -len(credits.source)].rstrip()
    article.title = title or None
    for field in ("authors", "editors", "responsible_editors"):
        value = overrides.get(field)
        if value is not None:
            setattr(credits, field, [n for v in value for n in split_names(v)])
            info.methods[field] = "site"
    if overrides.get("source"):
        credits.source = collapse(overrides["source"][0]) or None
        info.methods["source"] = "site"
    article.authors, article.editors = credits.authors, credits.editors
    article.responsible_editors, article.source = credits.responsible_editors, credits.source
    article.credit_lines = list(dict.fromkeys(text for _, text in sorted(credit_lines)))

    article.language = (site.language if site else None) or _language(meta.language, article.body)
    if zone is None and article.language == "zh":
        zone = ZoneInfo("Asia/Shanghai")
    site_date = " ".join(overrides["published_at"]) if "published_at" in overrides else None
    published, method = _choose_published(
        site_date,
        _window_text(all_lines[_header_start(first, title_index) : first]),
        meta,
        _window_text(all_lines[last + 1 : last + 11]),
        article.url,
    )
    if published is not None:
        article.published_at = published.iso(zone)
        info.methods["published_at"] = method
        if published.has_time and published.zone is None and zone is None:
            info.warnings.append("published_at: time shown without a known zone; date only")
    info.page_type = _page_type(article, all_lines, meta.password_field, title_tag)


def _body_lines(
    all_lines: list[Line], root: HtmlElement, overrides: dict[str, list[str]]
) -> list[Line]:
    if "body" in overrides:
        wanted = [el for el in root.iter() if el.get("data-pressbot-body") is not None]
        if wanted:
            return lines_within(all_lines, wanted)
    likely = likely_lines(all_lines, root)
    for candidates in (likely, all_lines):
        chosen = select_container(candidates)
        if chosen is None:
            continue
        found = lines_within(candidates, chosen[1])
        if sum(units(line.text) for line in found) >= _FALLBACK_UNITS:
            return found
    chosen = select_container(all_lines)
    return lines_within(all_lines, chosen[1]) if chosen else []


def _after_title(body: list[Line], title_index: int | None, title: str | None) -> list[Line]:
    """Drop the headline and what precedes it when the chosen block contains it."""
    if title_index is not None:
        for pos, line in enumerate(body):
            if line.index == title_index:
                return body[pos + 1 :]
    if title:
        body = [line for line in body if line.text != title]
    return body


def _is_meta_row(line: Line) -> bool:
    """A dateline / info row such as "2020-06-02 10:31  来源：新华网  字号：大 中 小"."""
    return (
        bool(dates.find_dates(line.text)) and units(line.text) < 40 and not ends_sentence(line.text)
    )


def _grid_rows(body: list[Line]) -> list[Line]:
    """A table row whose cells hold a short line each (a `<p>` per cell, as TRS editors write
    figures) becomes one line, its cells joined by spaces: a row reads as one line of text, as
    in a table without those `<p>`s. Layout tables are left alone: their cells hold paragraphs,
    or a whole column of lines in one cell."""
    out: list[Line] = []
    pos = 0
    while pos < len(body):
        row = _grid_row(body[pos].block)
        end = pos + 1
        while row is not None and end < len(body) and _grid_row(body[end].block) is row:
            end += 1
        group = body[pos:end]
        cells = set(map(_cell, (line.block for line in group)))  # proxies alive: identity holds
        if (
            row is not None
            and len(cells) >= 2
            and len(group) <= 2 * len(cells)
            and all(units(line.text) < _GRID_CELL_UNITS for line in group)
        ):
            text = " ".join(line.text for line in group)
            link_chars = sum(line.link_chars for line in group)
            out.append(Line(text, row, min(link_chars, len(text)), group[0].index))
        else:
            out.extend(group)
        pos = end
    return out


def _grid_row(block: HtmlElement) -> HtmlElement | None:
    """The table row `block` lies in, when that row has two or more cells."""
    row = block if block.tag == "tr" else next(block.iterancestors("tr"), None)
    if row is None or len(row.findall("td")) + len(row.findall("th")) < 2:
        return None
    return row


def _cell(block: HtmlElement) -> HtmlElement | None:
    return block if block.tag in ("td", "th") else next(block.iterancestors("td", "th"), None)


def _clean_body(
    body: list[Line],
) -> tuple[list[Line], list[tuple[int, str]], Credits, Credits]:
    """(text lines, credit lines, credits, contributors): the credits read inside the text, and
    apart from them the writers of a closing "... contributed to this report", who join the
    authors found elsewhere instead of giving way to them."""
    body = _grid_rows(body)
    kept: list[Line] = []
    credit_lines: list[tuple[int, str]] = []
    credits = Credits()
    contributed = Credits()
    closed = False  # a credit line after the text, with little left below it: the article ended
    for pos, line in enumerate(body):
        text = line.text
        if kept and _DISCLAIMER.match(text):
            break
        if kept and (_TAIL.match(text) or _signs_off(text) or _asks_to_scan(text)):
            _drop_box_label(kept, line)
            names = contributors(text) if "ontributed" in text else []
            if names:
                contributed.authors.extend(n for n in names if n not in contributed.authors)
                credit_lines.append((line.index, text))
            if _little_left(body, pos, kept):
                break
            continue
        if line.block.tag in HEADINGS and not kept and units(text) < 4:
            continue
        if line.link_density > 0.5 or _NOISE_LINE.match(text) or _CAPTION.search(text):
            continue
        if units(text) < 60 and _styled_caption(line):
            continue
        if len(text) <= 200 and "ewsletter" in text and _NEWSLETTER.search(text):
            continue
        found = parse_credit_line(text) if len(text) <= 160 else None
        if found is not None:
            credits.merge(found)
            if found:
                credit_lines.append((line.index, text))
            if kept and not closed:
                closed = _little_left(body, pos, kept)
            continue
        if closed and trailing_credit(text) is None:
            continue
        if (not kept or _byline_rows(kept)) and _is_meta_row(line):
            kept.clear()  # the rows above a dateline at the top are its byline
            continue
        kept.append(line)
    while (
        kept
        and not _signed(kept)
        and (
            _is_meta_row(kept[-1])
            or (units(kept[-1].text) < 3 and not ends_sentence(kept[-1].text))
        )
    ):
        kept.pop()
    return kept, credit_lines, credits, contributed


_SIGNATURE_DATE = re.compile(r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")


def _signed(kept: list[Line]) -> bool:
    """The text ends in a signature: the issuer on one line and the written date alone on the
    next ("某市人民政府办公室" / "2020年6月3日"), which belong to a notice or bulletin as issued."""
    return (
        len(kept) >= 2
        and _SIGNATURE_DATE.fullmatch(kept[-1].text) is not None
        and units(kept[-2].text) < 30
        and not ends_sentence(kept[-2].text)
        and not dates.find_dates(kept[-2].text)
    )


def _styled_caption(line: Line) -> bool:
    """The line is the caption element beside a picture (`<span class="img_descr">` in the
    picture's box), not an ordinary paragraph."""
    block = line.block
    if block.find(".//img") is None:
        return False
    return any(
        _CAPTION_CLASS.search(el.get("class") or "") and collapse(el.text_content()) == line.text
        for el in block.iterdescendants()
        if el.tag != "img"
    )


def _asks_to_scan(text: str) -> bool:
    """A QR-code blurb ("欢迎扫描左方二维码关注...官方微信"): a promotion, not text."""
    return "二维码" in text and units(text) < 60


def _drop_box_label(kept: list[Line], marker: Line) -> None:
    """The short label of the box a tail marker sits in ("新浪新闻公众号" above its QR-code
    blurb, in the block that holds both) goes with the marker."""
    if kept and units(kept[-1].text) < 12 and not ends_sentence(kept[-1].text):
        box = kept[-1].block
        if box is not marker.block and any(a is box for a in marker.block.iterancestors()):
            kept.pop()


def _byline_rows(kept: list[Line]) -> bool:
    """One or two short rows that end no sentence: a byline ("Jane Doe and John Roe, The
    Herald") above a dateline, not text."""
    return len(kept) <= 2 and all(
        units(line.text) < 30 and not ends_sentence(line.text) for line in kept
    )


def _little_left(body: list[Line], pos: int, kept: list[Line]) -> bool:
    """Below line `pos` is less than half the text kept above it: a tail, not more article."""
    return _content_units(body[pos + 1 :]) < 0.5 * _content_units(kept)


def _content_units(lines: list[Line]) -> float:
    return sum(units(line.text) for line in lines if line.link_density <= 0.5)


def _header_start(first: int, title_index: int | None) -> int:
    if title_index is not None and title_index < first:
        return title_index + 1
    return max(0, first - _CREDIT_WINDOW_BEFORE)


def _header_credits(
    all_lines: list[Line], first: int, title_index: int | None
) -> tuple[Credits, list[tuple[int, str]]]:
    """Credits in the rows between headline and body: labelled lines ("2020-06-06 10:08 来源：
    澎湃新闻"), bylines ("石佳/中国青年报", "新华社") and an unlabelled outlet beside the date."""
    credits = Credits()
    credit_lines: list[tuple[int, str]] = []
    for line in all_lines[_header_start(first, title_index) : first]:
        if len(line.text) > 160:
            continue
        found = parse_credit_line(line.text) or byline(line.text)
        if not found and title_index is not None and line.index <= title_index + 4:
            outlet = _meta_row_source(line)
            found = Credits(source=outlet) if outlet else None
        if found:
            credits.merge(found)
            credit_lines.append((line.index, line.text))
    if credits.source is None and title_index is not None:
        account = _account_name(
            all_lines[title_index + 1 : min(first, title_index + 6)],
            all_lines[title_index + 1 : title_index + 8],
        )
        if account is not None:
            credits.source = account.text
            credit_lines.append((account.index, account.text))
    return credits, credit_lines


_CLOCK = re.compile(r"(?<!\d)[0-2]?\d:[0-5]\d(?!\d)")
_NOT_ACCOUNT = re.compile(
    r"^(首页|分享|评论|收藏|登录|注册|关注|举报|打印|返回|更多|原创|转载|企鹅号|头条号)$"
)


def _account_name(rows: list[Line], nearby: list[Line]) -> Line | None:
    """A self-media account linked under the headline ("去驴行", then a date row): the outlet.

    Platforms such as Toutiao, Tencent's 企鹅号 and Baijiahao print the publishing account as
    a bare link beside the dateline; it is only taken when a date or a clock time is near.
    """
    for line in rows:
        text = line.text
        if (
            line.link_density >= 0.9
            and 2 <= len(text) <= 12
            and re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9·]+", text)
            and is_cjk(text)
            and not _NOT_ACCOUNT.match(text)
        ):
            if any(dates.find_dates(o.text) or _CLOCK.search(o.text) for o in nearby):
                return line
            return None
    return None


def _footer_credits(
    all_lines: list[Line], last: int, credits: Credits, credit_lines: list[tuple[int, str]]
) -> None:
    for line in all_lines[last + 1 : last + 1 + _CREDIT_WINDOW_AFTER]:
        found = parse_credit_line(line.text) if len(line.text) <= 160 else None
        if found:
            credits.merge(found)
            credit_lines.append((line.index, line.text))


_ROW_NOISE = re.compile(
    r"字号[：:]?\s*(?:[大中小]\s*)*|A-\s*A\s*A\+|[\[【(（][^\]】)）]{0,4}[\]】)）]|"
    r"(?:阅读|评论|浏览|点击|分享|收藏)(?:量|数)?[：:]?\s*\d*|\b\d+\b|原创|转载|打印|关闭"
)


def _meta_row_source(line: Line) -> str | None:
    """An unlabelled outlet in the dateline row under a headline: "2019-09-26 10:56 证券时报网"."""
    found = dates.NUMERIC_DATE.search(line.text)
    if not found or len(line.text) > 60:
        return None
    rest = line.text.replace(found.group(0), " ")
    if ":" in rest or "：" in rest:
        return None
    parts = _ROW_NOISE.sub(" ", rest).split()
    if len(parts) == 1 and 2 <= len(parts[0]) <= 15 and not ends_sentence(parts[0]):
        return clean_source(parts[0])
    return None


def _language(declared: str | None, body: str) -> str | None:
    if body:
        return (
            "zh" if is_cjk(body[:2000]) else (declared if declared and declared != "zh" else "en")
        )
    return declared


def _first_date(text: str) -> dates.FoundDate | None:
    found = dates.find_dates(text)
    return found[0] if found else None


def _choose_published(
    site_value: str | None, header: str, meta: PageMeta, footer: str, url: str | None
) -> tuple[dates.FoundDate | None, str]:
    """(date, method). A time shown under the headline wins (it is what the reader sees);
    JSON-LD / meta lend it their zone when they agree to the minute; then meta, a date-only
    dateline, the rows after the body, and the URL."""
    if site_value and (found := _first_date(site_value)):
        return found, "site"
    shown = _first_date(header)
    meta_date = _first_date(meta.published) if meta.published else None
    if shown is not None and shown.has_time:
        if shown.zone is None and meta_date is not None and meta_date.zone is not None:
            clock = (meta_date.day, meta_date.hour, meta_date.minute)
            if clock == (shown.day, shown.hour, shown.minute):
                shown = replace(shown, zone=meta_date.zone)
        return shown, "dateline"
    if meta_date is not None:
        return meta_date, meta.published_method or "meta"
    if shown is not None:
        return shown, "dateline"
    if found := _first_date(footer):
        return found, "footer"
    found = dates.url_date(url) if url else None
    return found, "url"


def _window_text(window: list[Line]) -> str:
    return " \n ".join(line.text for line in window if len(line.text) < 200)


def _page_type(
    article: Article, all_lines: list[Line], has_password: bool, title_tag: str | None
) -> str:
    size = units(article.body)
    if size == 0:
        return "no-body"
    substantial = any(units(p) >= 40 and punctuation(p) >= 2 for p in article.body.split("\n"))
    if not substantial:
        headlines = sum(
            1 for line in all_lines if line.link_density > 0.5 and units(line.text) >= 8
        )
        return "listing" if headlines >= 10 else "not-article"
    if size < _MIN_UNITS:
        return "not-article"
    if size < 150 and _NOT_FOUND.search(f"{title_tag} {article.title} {article.body[:100]}"):
        return "not-article"
    if size < 40 and (has_password or _LOGIN.search(f"{title_tag} {article.title}")):
        return "not-article"
    return "article"
