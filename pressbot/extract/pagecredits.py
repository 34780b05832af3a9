"""Credits printed around a page's text: the rows between headline and body, the credit row or
metadata table above the headline, a writer's card, and the lines under the text.

`pressbot.extract.credits` parses a credit line; this module decides which of the page's rows
are credits at all (not a picture's credit, a menu's section, a list of other stories) and what
an unlabelled row names (an outlet, a writer, a self-media account). Apart from
`pressbot.extract.page`, which only gives it the headline's and the text's line indexes: these
layout rules are many and need nothing else of the page.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace

from lxml.html import HtmlElement

from pressbot.extract import dates
from pressbot.extract.cleanup import boxed_credit, grid_row, grid_rows, table_row
from pressbot.extract.credits import (
    DESK,
    NEWSPAPER,
    Credits,
    additional_reporting,
    byline,
    clean_source,
    content_from,
    dated_agency,
    files_from,
    job_title,
    materials_credit,
    parse_credit_line,
    reprinted_from,
    speech_credit,
    split_names,
    wire_header,
    writers_at_desk,
)
from pressbot.extract.text import ends_sentence, is_cjk, units
from pressbot.extract.tree import Line, collapse

_CREDIT_WINDOW_AFTER = 25
_CREDIT_WINDOW_BEFORE = 15


def header_start(first: int, title_index: int | None) -> int:
    if title_index is not None and title_index < first:
        return title_index + 1
    return max(0, first - _CREDIT_WINDOW_BEFORE)


_SECTION_UNITS = 8


def credit_row_above(all_lines: list[Line], title_index: int | None) -> list[Line]:
    """The row right above the headline when it is a labelled credit line: some sites print
    their meta row there ("来源：新华网 | 作者：甲 | 时间：2020-06-03 11:20:33 | 责任编辑：乙"), or
    over the section's links ("By Jane Roe" / "News Politics" / headline)."""
    if not title_index:
        return []
    line = all_lines[title_index - 1]
    if len(line.text) <= 160 and parse_credit_line(line.text):
        return [line]
    if title_index >= 2 and line.link_density > 0.5 and units(line.text) <= _SECTION_UNITS:
        above = all_lines[title_index - 2]  # (a row of section links between: "News Politics")
        if above.text.startswith(("By ", "BY ")) and parse_credit_line(above.text):
            return [above]
    return []


def _provider(text: str) -> str | None:
    """The wire a republisher names over a release it carries: its tag beside the date ("Globe
    Newswire June 3, 2020 8:00 AM EDT"), or its note ("Press release content from Business Wire.
    The newsroom was not involved …")."""
    if "content from" in text:
        return content_from(text)
    return dated_agency(text) if len(text) < _DATED_AGENCY_CHARS else None


_DATED_AGENCY_CHARS = 80


def header_credits(
    all_lines: list[Line],
    first: int,
    title_index: int | None,
    row_above: list[Line],
    info_rows: list[Line],
    *,
    own_names: set[str],
) -> tuple[Credits, list[tuple[int, str]], str | None]:
    """Credits in the rows between headline and body: labelled lines ("2020-06-06 10:08 来源：
    澎湃新闻"), bylines ("石佳/中国青年报", "新华社") and an unlabelled outlet beside the date;
    and in `row_above`, the credit row above the headline. The rows of a metadata table above
    the headline (`info_rows`) add only what those rows do not print (their 来源 beats the
    table's 发布机构). Last, a self-media account's name beside the date when no row names a
    source: the caller makes it the source, or the writer when a labelled 来源 turns up below."""
    credits = Credits()
    credit_lines: list[tuple[int, str]] = []
    # A row of cells is one line ("文章来源：沟通交流" | "2020-06-03 16:30:00" in two <td>s).
    for line in [*row_above, *grid_rows(all_lines[header_start(first, title_index) : first])]:
        if (
            line.block.tag == "figcaption"
            or next(line.block.iterancestors("figcaption"), None) is not None
            or boxed_credit(line.block)
        ):
            continue  # a picture's credit ("Reuters/Jane Roe", "Source: Airbus"), not the story's
        speech = speech_credit(line.text)  # a speech's subtitle: speaker, role, event, place
        if len(line.text) > 160 and speech is None:
            continue
        parsed = parse_credit_line(line.text)
        if (
            parsed
            and parsed.source in own_names
            and line.text.startswith(("By ", "BY "))
            and " | " in line.text
        ):
            parsed = replace(parsed, source=None)  # "By Jane Roe | Fox News" on its own page
        found = speech or parsed or byline(line.text) or wire_header(line.text)
        found = found or _definition_credit(line) or _linked_issuer(line)
        if not found and "《" in line.text and (excerpted := reprinted_from(line.text)):
            found = Credits(source=excerpted)  # "摘自《某晚报》" under the writer's name
        if not found and (provider := _provider(line.text)):
            found = Credits(source=provider)  # "Globe Newswire June 3, 2020 8:00 AM EDT"
        if not found and credits.source is None and (outlet := _source_block(line)):
            found = Credits(source=outlet)
        if not found and title_index is not None and line.index <= title_index + 4:
            if named := _name_beside_date(line):
                credits.merge(named)  # no credit line: a byline without a label is page metadata
                continue
            if writers := writers_at_desk(line.text):
                credits.merge(Credits(authors=writers))  # no label either: "A | MIT News Office"
                continue
            found = _outlet_and_writer(line, own_names)
        if not found and title_index is not None and line.index <= title_index + 4:
            outlet = _meta_row_source(line)
            if outlet and (
                _menu_item(outlet, all_lines[:title_index]) or _classed_as(line, outlet, _TAG_CLASS)
            ):
                outlet = None  # the story's section ("2020/06/03 17:21 生活"), as the menu names it
            if outlet and any(outlet.startswith(name) and outlet != name for name in own_names):
                # the site's own desk ("欧洲时报内参" on 欧洲时报's page): a desk's byline; the
                # site's name alone beside the date stays the source ("每日经济新闻 2020-06-03")
                credit_lines.append((line.index, line.text))
                outlet = None
            if outlet and outlet.endswith(("于", "於")):
                outlet = None  # "更新于 2020年6月3日": a date's label, no name
            if outlet and outlet.startswith(("发布于", "發布於", "發佈於", "IP属地", "IP屬地")):
                outlet = None  # "2024-05-21 16:42 发布于河南": where the post was sent from
            if outlet and _VIEW_COUNT.match(outlet):
                outlet = None  # "2020.06.03 Views2,314": a counter's label glued to its count
            if outlet and PERSON.fullmatch(outlet) and not _classed_as(line, outlet, _OUTLET_CLASS):
                found = Credits(authors=[outlet])  # "宁某 2020-06-03 10:21": a writer's name
            else:
                found = Credits(source=outlet) if outlet else None
        if found:
            # one "By" row for each writer ("By — Jane Roe, AP" / "By — John Doe, AP"): all write
            credits.merge(found, add_names=line.text.startswith(("By ", "BY ")))
            credit_lines.append((line.index, line.text))
        elif parsed is not None and line.text.startswith(("By ", "BY ")):
            credit_lines.append((line.index, line.text))  # desks only ("By KQED News Staff …")
    for line in info_rows:
        found = parse_credit_line(line.text) if len(line.text) <= 160 else None
        if found and _adds(credits, found):
            credits.merge(found)
            credit_lines.append((line.index, line.text))
    account = None
    if credits.source is None and title_index is not None:
        above = all_lines[max(0, title_index - _ACCOUNT_ABOVE) : title_index]
        line = _account_name(
            all_lines[title_index + 1 : min(first, title_index + 6)],
            all_lines[title_index + 1 : title_index + 8],
        ) or _account_above(above)
        account = (
            (line, BADGE.sub("", line.text)) if line is not None else _dated_account_above(above)
        )
        if account is not None and _menu_item(account[1], all_lines[:title_index]):
            account = None  # the story's section ("生活"), as the menu names it
        if account is not None:
            credit_lines.append((account[0].index, account[0].text))
    return credits, credit_lines, account[1] if account is not None else None


def _menu_item(word: str, above: list[Line]) -> bool:
    """Is `word` an item of a menu above the headline (a linked `<li>` of its own)?"""
    return any(
        line.text == word and line.block.tag == "li" and line.link_density > 0.5 for line in above
    )


_AUTHOR_NAME_CLASS = re.compile(
    r"(?:author|byline|per)[-_]*name|byline[-_]+author|author[-_]title", re.IGNORECASE
)
_CITY = r"\s*[（(][\u4e00-\u9fff]{2,6}[）)]"
_USER_BADGE = re.compile(rf"(?:{_CITY})?\s*(?:Lv|LV|lv)\.?\s*\d{{1,2}}$")
"""A platform user's home city in brackets and level after the name ("某某(杭州) LV.9")."""
_HOME_CITY = re.compile(f"{_CITY}$")
_UI_LINK = re.compile(r"(?:View|See|Show|Read) (?:all|more)\b.*|More\b.*|Follow\b.*", re.I)
"""A button's words on a link to the writer's page ("View All"), no name."""
_AUTHOR_PAGE = re.compile(
    r"/(?:authors?|people|profiles?|staff|writers?|columnists?)/(?:list/)?[^/?#]+/?$"
)


def author_names(header: list[Line]) -> tuple[list[str], list[Line]]:
    """Names the page marks as its author's between headline and body, with no label
    (`<h3 class="article-author__name">Jane Roe</h3>`, `<span class="byline-author">`, or a
    line that is a link to the writer's page): the byline in the theme's own words; a line
    with a date in it is no name, nor is a desk ("Star Online Report"). With them, the lines
    that say more than the names (a post beside one, "钟屿 易车编辑"): credit lines. A writer's
    card of a linked name and a job title ("Jane Roe Health Reporter") names a writer too."""
    names: list[str] = []
    badged: list[Line] = []
    for line in header:
        # the block, its parent, and the one element inside that holds the whole line
        # (`<div><span class="byline-author">JANE ROE</span></div>`)
        inner = next(line.block.iterchildren(), None)
        if inner is not None and (inner.getnext() is not None or inner.text != line.text):
            inner = None
        text = _USER_BADGE.sub("", line.text)
        first = next(line.block.iter("a"), None)
        linked = collapse(first.text_content()) if first is not None else None
        # the link's class speaks for the line only when it holds the name
        link = first if linked is not None and _HOME_CITY.sub("", linked) == text else None
        classes = " ".join(
            el.get("class") or ""
            for el in (line.block, line.block.getparent(), inner, link)
            if el is not None
        )
        if "byline" in (line.block.get("class") or "").lower() and (
            boxed := _byline_box_names(line.text)
        ):
            names += [n for n in boxed if n not in names]  # "JANE ROE, JOHN DOE 2020年6月3日"
            continue
        if any(c.isdigit() for c in text):
            continue
        if linked is not None and (carded := _card_name(line, linked)):
            names += [carded] if carded not in names else []  # no label: no credit line
        elif _AUTHOR_NAME_CLASS.search(classes) or (
            _links_to_author_page(line) and not _UI_LINK.fullmatch(line.text)
        ):
            found = [n for n in split_names(text) if n not in names and not DESK.search(n)]
            names += found
            if found and line.text not in found and line.text != " ".join(found):
                badged.append(line)
        elif (
            (_BYLINE_FIELD.search(classes) or _writer_block(line.block))
            and _bare_name(text)
            and text not in names
        ):
            names.append(text)  # a CMS's byline field holding a name alone ("Théo Marchand")
    return names, badged


_BYLINE_FIELD = re.compile(r"field--name-[\w-]*byline\b")
"""A Drupal byline field ("field--name-field-p-news-display-byline"): the name the editors typed."""
_WRITER_BLOCK = re.compile(r"writer|[\w-]+__author")


def _writer_block(block: HtmlElement) -> bool:
    """A block the theme names as the writer's by its own class, or its wrapper's when it is the
    wrapper's one child (`div.writer`, `div.newsHead__author > p`): other classes that speak of
    authors hold buttons and bios too ("View All", "Biography")."""
    parent = block.getparent()
    if not block.get("class") and parent is not None and len(parent) == 1:
        block = parent
    return _WRITER_BLOCK.fullmatch(block.get("class") or "") is not None


def _byline_box_names(text: str) -> list[str]:
    """The names in a byline's box with no label, before its date ("ELIANA MORROW, DEREK HUANG
    2020年6月3日") or before the station's call sign ("Jane Roe, KSTP"): each two to four
    capitalized words."""
    found = _DATE_AFTER_NAMES.search(text)
    if found is None and (signed := _CALL_SIGN.fullmatch(text)):
        text = signed.group("names")
    elif found is None:
        return []
    else:
        text = text[: found.start()]
    names = [n.strip() for n in re.split(r",\s*| and ", text)]
    ok = all(n and _bare_name(n) and not DESK.search(n) for n in names)
    return names if ok else []


_CALL_SIGN = re.compile(r"(?P<names>.+), [A-Z]{3,5}(?:-(?:TV|FM|AM))?")
"""A broadcaster's call sign after the writer's name and a comma ("Jane Roe, KSTP")."""


_DATE_AFTER_NAMES = re.compile(
    r"\s+(?:(?:19|20)\d{2}\s*[年/.-]|[A-Z][a-z]{2,8}\.? \d{1,2}, (?:19|20)\d{2}).*$"
)
"""The date that closes a byline's box after the names ("… 2020年6月3日", "… June 3, 2020")."""


def _bare_name(text: str) -> bool:
    """Two to four capitalized words of letters: a person's name and nothing else."""
    words = text.split()
    return 2 <= len(words) <= 4 and all(
        w[:1].isupper() and w.replace("-", "").replace("'", "").replace("’", "").isalpha()
        for w in words
    )


_CARD_NAME = re.compile(r"[A-Z][a-z'’-]+(?: [A-Z][A-Za-z'’-]+){1,3}")


def _card_name(line: Line, name: str) -> str | None:
    """A writer's card: the name, a link (`name`: the text of the line's first), then the
    writer's job ("Jane Roe Health Reporter")."""
    rest = line.text[len(name) :]
    if not (line.text.startswith(name) and rest and _CARD_NAME.fullmatch(name)):
        return None
    if rest[:1] not in (" ", ","):
        rest = f" {rest}"  # the job's own span glued to the name's ("Jane RoeReporter")
    return name if job_title(rest) else None


def _links_to_author_page(line: Line) -> bool:
    """The line is a link to a writer's own page ("/author/jane-roe")."""
    links = list(itertools.islice(line.block.iter("a"), 3))
    return (
        len(links) == 1
        and bool(_AUTHOR_PAGE.search(links[0].get("href") or ""))
        and (collapse(links[0].text_content()) == line.text)
    )


def _adds(credits: Credits, found: Credits) -> bool:
    """Does `found` fill a field `credits` has not (`Credits.merge` fills only those)?"""
    roles = ("authors", "editors", "responsible_editors", "source")
    return any(getattr(found, role) and not getattr(credits, role) for role in roles)


_INFO_TABLE_LINES = 24
_ACCOUNT_ABOVE = 3
_ACCOUNT_ROWS = 4


def info_table(all_lines: list[Line], title_index: int | None) -> list[Line]:
    """The rows of a table right above the headline, one line per row: a 政府信息公开 page
    prints its file's 索引号 / 发文机关 / 成文日期 there, a label and its value in cells side by
    side ("发文机关： 某省人民政府办公厅 成文日期： 2020-05-28")."""
    if title_index is None:
        return []
    if title_index and all_lines[title_index - 1].block.tag == "li":
        return _catalogue_items(all_lines, title_index)
    start = title_index
    while start > 0 and title_index - start < _INFO_TABLE_LINES:
        block = all_lines[start - 1].block
        if grid_row(block) is None and not _row_beside(block, all_lines[start].block):
            break  # (a row of one cell spanning the table, "标题：…", is still the table's)
        start -= 1
    return [line for line in grid_rows(all_lines[start:title_index]) if line.block.tag == "tr"]


def _catalogue_items(all_lines: list[Line], title_index: int) -> list[Line]:
    """The same catalogue printed as a list right above the headline, an item per field
    ("<li><b>发布机构：</b>某局</li>"): its items, when they are labelled fields and one is a
    catalogue's own (a menu's items are no fields)."""
    parent = all_lines[title_index - 1].block.getparent()
    start = title_index
    while (
        start > 0
        and title_index - start < _INFO_TABLE_LINES
        and all_lines[start - 1].block.tag == "li"
        and all_lines[start - 1].block.getparent() is parent
    ):
        start -= 1
    items = [line for line in all_lines[start:title_index] if _FIELD.match(line.text)]
    if len(items) < 3 or not any(_CATALOGUE_FIELD.match(line.text) for line in items):
        return []
    return items


_FIELD = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fff\s]{1,7}[：:]")
"""A field's label at an item's start ("发布机构：", "有 效 性：")."""
_CATALOGUE_FIELD = re.compile(
    r"(?:索\s*引\s*号|主题分类|发布机构|发文机关|成文日期|文\s*号|发文字号)"
)


def _row_beside(block: HtmlElement, below: HtmlElement) -> bool:
    """Are both in rows of one table?"""
    row, other = table_row(block), table_row(below)
    return row is not None and other is not None and row.getparent() is other.getparent()


_CLOCK = re.compile(r"(?<!\d)[0-2]?\d:[0-5]\d(?!\d)")
_NOT_ACCOUNT = re.compile(
    r"^(首页|分享|评论|收藏|登录|注册|关注|举报|打印|返回|更多|原创|转载|企鹅号|头条号|"
    r"电报|快讯|要闻|国内|国际|社会|财经|科技|体育|娱乐|视频|图片|商业|汽车|教育|健康|文化|旅游|"
    r"房产|时尚|游戏|数码|观点|评论|深度|独家|专题|资讯|动态|公司|产业|行业|政策|"
    r"影片|視頻|圖片|直播|最新|热门|熱門|國內|國際|財經|體育|娛樂|社會|要聞|"
    r"中文|简体|簡體|繁体|繁體|英文|中英双语|中英雙語|双语|雙語|微博|微信|QQ空间|QQ空間)$|"
    r"^(?:向|找|问|给)(?:TA|他|她|我们|医生|专家)|^(?:立即|马上|在线|免费|点击|我要|打开|打開|下载|下載)|"
    r"^(?:追蹤|追踪|關注|关注|訂閱|订阅|更多|查看)"
)
"""A section's or a button's words ("向TA提问", "立即咨询", "追蹤作者"), or a language's tab
("中文", "中英双语"), or a share button's ("微博"), no account's name."""


BADGE = re.compile(r"\s+(?:原创|首发|独家)$")
"""A platform's badge after the account's name ("汉江财经说 原创"): the post's, not the name's."""


_VIEW_COUNT = re.compile(r"(?:Views?|Hits|Reads)\s*\d", re.IGNORECASE)
"""A counter's label and its count, glued ("Views2,314")."""


def _linked_issuer(line: Line) -> Credits | None:
    """A release's issuer under its headline, linked to the issuer's page ("Press Release: <a>NZ
    Apiarists Association</a>"): its source, as "News provided by" names it."""
    if not line.text.startswith(("Press Release: ", "Press release: ")):
        return None
    issuer = line.text.split(":", 1)[1].strip()
    return Credits(source=issuer) if issuer and _first_link_text(line) == issuer else None


def _first_link_text(line: Line) -> str | None:
    link = next(line.block.iter("a"), None)
    return collapse(link.text_content()) if link is not None else None


def _account_name(rows: list[Line], nearby: list[Line]) -> Line | None:
    """A self-media account linked under the headline ("去驴行", then a date row): the outlet.

    Platforms such as Toutiao, Tencent's 企鹅号 and Baijiahao print the publishing account as
    a bare link beside the dateline; it is only taken when a date or a clock time is near.
    """
    for line in rows:
        if _is_account(line):
            if any(dates.find_dates(o.text) or _CLOCK.search(o.text) for o in nearby):
                return line
            return None
    return None


def _is_account(line: Line) -> bool:
    """Is `line` a self-media account's name, linked (maybe with a badge after it)?"""
    text = BADGE.sub("", line.text)
    return (
        (line.link_density >= 0.9 or (text != line.text and _first_link_text(line) == text))
        and 2 <= len(text) <= 12
        and re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9·]+", text) is not None
        and is_cjk(text)
        and not _NOT_ACCOUNT.match(text)
        and not dates.find_dates(text)  # the date itself, linked to the story ("2020年6月3日")
        and not _links_to_author_page(line)  # a columnist's page: a writer, no account
        and not _in_tag_list(line)  # a tag's link ("标签：绿皮车")
    )


_TAG_CLASS = re.compile(r"tag|keyword|categor", re.IGNORECASE)


def _in_tag_list(line: Line) -> bool:
    """The line is in a block the page calls a list of tags or keywords."""
    node: HtmlElement | None = line.block
    for _ in range(3):
        if node is None:
            return False
        if _TAG_CLASS.search(node.get("class") or ""):
            return True
        node = node.getparent()
    return False


def _account_above(rows: list[Line]) -> Line | None:
    """An account over the headline with its date row right under it, as a platform's card
    prints them (微博头条文章), or the platform's badge ("人民号 · 政务"); a section link further
    up is no account."""
    for row, after in itertools.pairwise(rows):
        if _account_name([row], [after]) is not None:
            return row
        if _PLATFORM_BADGE.match(after.text) and _is_account(row):
            return row
    return None


_PLATFORM_BADGE = re.compile(
    r"(?:人民号|头条号|百家号|企鹅号|大鱼号|网易号|搜狐号|澎湃号|一点号)(?:\s*[·•|]\s*\S{1,6})?$"
)
"""The badge a platform prints under a publishing account's name ("人民号 · 政务")."""


def source_named_alone(rows: list[Line], source: str) -> list[tuple[int, str]]:
    """The row under the headline that is the source's name and nothing else (an app's account
    row, "四川观察", over its time): the line the source was printed in, where a labelled 来源
    below names it too (a provider's logo, where only the metadata names the source, is not;
    nor is the value cell of a labelled header table, whose row is read whole)."""
    return [
        (row.index, row.text)
        for row in rows[:_ACCOUNT_ROWS]
        if row.text == source and row.block.tag not in ("td", "th")
    ][:1]


def _dated_account_above(rows: list[Line]) -> tuple[Line, str] | None:
    """A row over the headline of an account linked beside the date ("小城烟火气 · 2020-06-03
    17:21", as UC's 大鱼号 prints it): the row and the account; a bare person's name there is
    the writer's, which the rows under the headline read."""
    for row in rows:
        name = _meta_row_source(row)
        if name and _first_link_text(row) == name and is_cjk(name) and not PERSON.fullmatch(name):
            return row, name
    return None


def footer_credits(
    all_lines: list[Line],
    last: int,
    credits: Credits,
    credit_lines: list[tuple[int, str]],
    contributed: Credits,
) -> None:
    # A credits table's row is one line ("Web Editor:" | "Sam Poe" in two cells).
    for line in grid_rows(all_lines[last + 1 : last + 1 + _CREDIT_WINDOW_AFTER]):
        if RELATED_LIST.match(line.text):
            break  # the credits below are the listed stories' ("来源：某报 2020-05-28") or readers'
        if line.text[:16].lower() == "about the author":
            continue  # a profile box's heading ("About the Author: Jane Roe"), no credit
        found = parse_credit_line(line.text) if len(line.text) <= 160 else None
        if found is None and line.text.startswith("Materials provided by"):
            found = materials_credit(line.text)
        if found is None and credits.source is None and (outlet := _source_block(line)):
            credit_lines.append((line.index, line.text))
            credits.source = outlet
            continue
        if found is None and (files := files_from(line.text)):
            credit_lines.append((line.index, line.text))
            contributed.merge(Credits(authors=files.authors), add_names=True)  # contributors
            credits.merge(Credits(source=files.source))
            continue
        if found:
            credit_lines.append((line.index, line.text))
            contributed.merge(additional_reporting(found, line.text), add_names=True)
            credits.merge(found)


_SOURCE_CLASS = re.compile(r"(?:^|[\s_-])(?:source|publication)(?:$|[\s_-])", re.IGNORECASE)
_BARE_OUTLET = re.compile(r"[A-Z][\w&.'’-]*(?: [A-Z][\w&.'’-]*){0,4}|[\u4e00-\u9fff]{2,14}")


def _source_block(line: Line) -> str | None:
    """An outlet's name alone in a block its class calls the source or the publication, below
    the text or in the byline (`<div class="story__source">Stuff</div>`, `<div
    class="Byline__Publication">Cape Argus</div>`)."""
    text = line.text
    if len(text) > 40 or not _BARE_OUTLET.fullmatch(text):
        return None
    return text if _SOURCE_CLASS.search(line.block.get("class") or "") else None


PERSON = re.compile(r"[\u4e00-\u9fff]{2,3}(?<![网報报社台刊站])")
"""A bare two- or three-character name: a person's, as outlets and accounts have longer names
or an outlet's ending (网, 报, 社...)."""
_ZONE_NAME = re.compile(
    r"[ECMP][SD]?T|GMT(?:\s?[+-]\d{1,2})?|UTC|BST|CES?T|IST|JST|KST|HKT|SGT|AE[SD]T|SAST|EAT|WAT"
)
"""A time zone's name in brackets after the time ("2:21 pm (EST)"): no outlet."""
_BRACKETED = re.compile(r"[（(]([^（()）\d]{2,40})[）)]")
"""An outlet in brackets; one with a digit is the time's zone ("(GMT+8)")."""
RELATED_LIST = re.compile(
    r"(?=[相推延猜本往热熱精编为网最全评])(?:"  # (the Chinese titles' first characters, likewise)
    r"(?:相关|相關|推荐|推薦|延伸)(?:新闻|新聞|阅读|閱讀|文章|报道|報導)|猜你喜欢|本期目录|往期精彩|"
    r"^(?:热门|熱門|热点|精彩|编辑|为你|相关|相關)(?:推荐|推薦)|"
    r"^(?:网友|热门|最新|全部)?评论(?:区|列表)?\s*(?:[（(]\s*\d*\s*[）)])?[\s/|]*$)|"
    r"(?=[ramytl])"  # (the words' first letters, looked at once: sre enters each word's branch)
    r"(?:Related|Recommended|More (?:from|in|like this|stories)|Also in|You may also like|"
    r"Top (?:News|Stories)|Most Read|(?-i:More(?: [A-Z][\w&'’-]+){1,3}$)|"
    r"Read More(?:$| (?:about|on|from|in)\b)|Read this next|"
    r"(?:The )?Latest (?:in|from|news|stories)\b)\b",
    re.IGNORECASE,
)
_ROW_NOISE = re.compile(
    r"字号[：:]?\s*(?:[大中小]\s*)*|A-\s*A\s*A\+|[\[【(（][^\]】)）]{0,4}[\]】)）]|"
    r"(?:阅读|评论|浏览|点击|分享|收藏|点赞|转发)(?:量|数)?[：:]?\s*[\d.]*[万千亿wk]?\+?|原创|转载|打印|关闭|"
    r"\b\d[\d,.]*[kKmM]?\s*(?:comments?|views?|reads?|shares?|likes?|replies)\b|"
    r"\d+\s*[則则条條]?\s*(?:迴響|回響|回响|評論|留言)|"
    r"\d+(?:\.\d+)?[万千亿]\+?|\b\d+(?:\.\d+)?[kKwW]\+?(?!\w)|\b\d+\b|"
    r"[·•|｜丨]"
)


_OUTLET_NAME = re.compile(r"[\u4e00-\u9fff]{2,12}(?:客户端|网|报|社|台|新闻)")


def _definition_credit(line: Line) -> Credits | None:
    """The credit in a metadata list's item, its label set off by markup, not a colon ("Author
    Jane Roe" from `<dt>Author</dt><dd>Jane Roe</dd>`, `<li><b>Author</b> Jane Roe</li>` or
    `<li><span class="meta__label">Editor</span> <a>John Doe</a></li>`)."""
    block = line.block
    if len(line.text) > 80:
        return None
    if block.tag == "dl":
        terms = list(block.iterchildren("dt"))
    else:
        first = next(block.iterchildren(), None)
        bold = first is not None and (
            first.tag in ("strong", "b") or "label" in (first.get("class") or "")
        )
        terms = [first] if bold and not (block.text or "").strip() else []
    for term in terms:
        label = collapse(term.text_content())
        if label and len(label) <= 20 and line.text.startswith(f"{label} "):
            return parse_credit_line(f"{label}: {line.text[len(label) + 1 :]}")
    return None


def _outlet_and_writer(line: Line, own_names: set[str]) -> Credits | None:
    """An unlabelled outlet, then a writer's bare name, beside the date under a headline
    ("人民日报客户端 陶某 2020-06-03 09:12", as an app's share page prints a 号's post). Set off
    by slashes ("某网 / 阮某 / 2020-06-03 10:21"), or the site's own name (`own_names`, from its
    <title>), the outlet is the site's brand on its writer's row: no source."""
    found = dates.NUMERIC_DATE.search(line.text)
    if not found or len(line.text) > 60:
        return None
    rest = line.text.replace(found.group(0), " ")
    slashed = " / " in rest
    parts = rest.replace(" / ", " ").split()
    if len(parts) == 2 and _OUTLET_NAME.fullmatch(parts[0]) and PERSON.fullmatch(parts[1]):
        own = slashed or parts[0] in own_names
        return Credits(authors=[parts[1]], source=None if own else parts[0])
    return None


_NAME_BAR_DATE = re.compile(r"([A-Z][a-z]+(?: [A-Z][a-z'’-]+){1,2})\s*\|\s*(?=\d)")
_NAME_DASH_DATE = re.compile(
    r"([A-Z][a-z]+(?: [A-Z][a-z'’-]+){1,2}) [-–] "
    r"(?=(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d)"
)
_LINKED_NAME_SPACE = re.compile(
    r"([A-Z][a-z]+(?: [A-Z][a-z'’-]+){1,3})(?:, (?:Senior |Chief |Managing |Contributing )?"
    r"(?:Editor|Reporter|Writer|Correspondent|Analyst))? (?=\d[\d./-]{5,9}$)"
)
_LINKED_NAME_COMMA = re.compile(
    r"([A-Z][a-z]+(?: [A-Z][a-z'’-]+){1,3})\s*,\s*"
    r"(?=\d|(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b)"
)


_OUTLET_CLASS = re.compile(r"publisher|source|laiyuan", re.IGNORECASE)


def _classed_as(line: Line, name: str, kind: re.Pattern[str]) -> bool:
    """Is `name` printed in an element of `line` whose class says what it is (`_OUTLET_CLASS`:
    "美团" in `span.news-detail__publisher`, the outlet however much it looks like a name;
    `_TAG_CLASS`: "手工" in `a.category-link`, the story's category)?"""
    return any(
        kind.search(el.get("class") or "") and collapse(el.text_content()) == name
        for el in itertools.islice(line.block.iter(), _CLASSED_REACH)
    )


_CLASSED_REACH = 8


def _name_beside_date(line: Line) -> Credits | None:
    """A writer's name alone before the date row's bar or dash ("Jane Roe |03.06.2020 - Update :
    …", "Jane Roe - Jun 3, 2020 / 2:21 pm"), or linked to the writer's page before a comma
    ("Jane Roe , Wednesday 3 Jun 2020") or before nothing but the date, maybe after the writer's
    post ("Jane Roe, Senior Editor 6/3/2020")."""
    text = line.text
    named = _NAME_BAR_DATE.match(text) or _NAME_DASH_DATE.match(text)
    if (
        named is None
        and (
            (named := _LINKED_NAME_COMMA.match(text)) is not None
            or ((named := _LINKED_NAME_SPACE.match(text)) is not None and len(text) <= 60)
        )
        and _first_link_text(line) != named.group(1)
    ):
        return None
    if named is None:
        return None
    rest = text[named.end() :]
    if not dates.find_dates(rest) and not _SLASHED_DAY.fullmatch(rest):
        return None  # ("6/3/2020" alone: a date, though which number is the day it cannot say)
    return Credits(authors=[named.group(1)])


_SLASHED_DAY = re.compile(r"\d{1,2}/\d{1,2}/(?:19|20)\d{2}")


_BARRED_OUTLET = re.compile(rf"\s*({NEWSPAPER})\s*[/|]\s*")
"""A newspaper's name set off by a slash or a bar before the date of its dateline row."""


def _meta_row_source(line: Line) -> str | None:
    """An unlabelled outlet in the dateline row under a headline: "2019-09-26 10:56 证券时报网",
    "(People's Daily Online) 10:21, June 03, 2020"."""
    if len(line.text) > 60:
        return None
    found = dates.NUMERIC_DATE.search(line.text)
    if not found:
        english = dates.CLOCK_FIRST_DATE.search(line.text) or dates.ENGLISH_DATE.search(line.text)
        rest = line.text.replace(english.group(0), " ") if english else ""
        bracketed = _BRACKETED.fullmatch(rest.strip(" ,|"))
        # "(People's Daily Online) 10:21, June 03, 2020"; a bare word there is a label (Updated)
        if bracketed and not _ZONE_NAME.fullmatch(bracketed.group(1)):
            return clean_source(bracketed.group(1))
        if (
            english
            and (barred := _BARRED_OUTLET.fullmatch(line.text[: english.start()]))
            and not line.text[english.end() :].strip()
        ):
            return barred.group(1)  # "Philippine Daily Inquirer / 04:25 AM June 03, 2020"
        return None
    rest = line.text.replace(found.group(0), " ")
    if ":" in rest or "：" in rest:
        return None
    # (a label's slash glued before the date is no part of a name: "出发时间/2020-05-18")
    parts = [part.rstrip("/／") or part for part in _ROW_NOISE.sub(" ", rest).split()]
    if len(parts) == 2 and parts[1] == f"{parts[0]}官方账号":
        parts = parts[:1]  # "某日报 2020-06-03 14:21 某日报官方账号": a platform's account row
    if (
        len(parts) == 1
        and 2 <= len(parts[0]) <= 15
        and not ends_sentence(parts[0])
        and not _NOT_ACCOUNT.match(parts[0])  # a channel's name ("电报", "社会")
        and not parts[0].endswith(("时间", "日期", "時間"))  # a label ("发布会时间 2020年6月3日")
    ):
        for link in itertools.islice(line.block.iter("a"), 5):
            linked = collapse(link.text_content())
            if 2 <= len(linked) < len(parts[0]) and parts[0].endswith(linked):
                # "社会岭东都市报": a channel's name glued to the outlet's link
                return clean_source(linked)
        return clean_source(parts[0])
    return None
