"""What a page is (`page_type`): an article, a listing (an index, a column, search results, a
timeline, a calendar) or not an article (a missing page, a login, a service or data page, a
gallery), once its fields are read.

Apart from `pressbot.extract.page` because it decides from the filled fields and the page's
lines, after every other field, and nothing reads its many rules but this one test: each rule
a layout that some page taught, checked in an order that the cheap tests gate.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from pressbot.extract import dates
from pressbot.extract.meta import PageMeta
from pressbot.extract.pagecredits import PERSON
from pressbot.extract.text import ends_sentence, holds_sentence, is_cjk, punctuation, units
from pressbot.extract.tree import HEADINGS, Line
from pressbot.items import Article

_NOT_FOUND = re.compile(
    r"\b404\b|not found|页面不存在|页面没有找到|找不到|已删除|不存在|出错了", re.IGNORECASE
)
_NOT_FOUND_TITLE = re.compile(
    r"\s*(?:404(?:$|\s*[-|_:：—]|\s*(?:错误|error|not found|页面))|Error 404|"
    r"(?:Page|File) not found|页面不存在|页面没有找到|页面未找到|"
    r"(?:抱歉|对不起)[，,]?\s*(?:您)?(?:访问|查找|要找)的页面)",
    re.IGNORECASE,
)
"""A title that says the page is missing (a 404 served with status 200; "404 people ..." is a
story's)."""
_DOWN_TITLE = re.compile(
    r"\s*(?:(?:系统|网站|站点|网页|服务器)?(?:正在)?(?:升级)?维护(?:升级)?中|"
    r"(?:(?:web)?site |system |we are |we're )?(?:is )?(?:under|down for) (?:scheduled )?"
    r"maintenance|(?:503 )?(?:service|site) (?:is )?(?:temporarily )?unavailable)"
    r"\s*[!！。.]?\s*(?:[-|_–—:：].*)?",
    re.IGNORECASE,
)
"""A title that is the server's notice, not a story's: the site is down for maintenance ("系统
维护中", "Site under maintenance") or unavailable, served with status 200. Matched whole (a
site's name may follow a dash): "关于系统升级维护的公告", a notice of planned maintenance, is
a government site's press release."""
_LOGIN = re.compile(r"登录|登陆|log ?in|sign ?in", re.IGNORECASE)
_LOGIN_HEADLINE = re.compile(r"(?:会员|用户|會員|用戶)?(?:登录|登陆|登入)|(?:log|sign) ?in\b", re.I)
"""A headline that asks the reader to log in ("登录电子报", "Sign in to your account"): the
page is the form, whatever it says about plans and help under it."""
_MIN_UNITS = 20
DATE_ROW_CHARS = 40


_SHORT_UNITS = 100
_LISTING_ITEMS = 15


_WIRE_DATELINE = re.compile(
    r"[A-Z][\w .,/]{0,40}?\s*\((?:Reuters|AP|AFP|UPI|Xinhua|Bloomberg)\)\s*[-–—]|"
    r"\S{2,12}?\d{1,2}月\d{1,2}日(?:电|讯)"
)
"""A wire story's opening ("June 3 (Reuters) -", "财联社6月3日电"): a brief of two lines is still
a story."""
_AGENCY_DATELINE = re.compile(r"[A-Z][\w .,'’/]{0,40}?\s*\([A-Z][A-Za-z]{1,9}\)\s*[-–—]")
"""A wire item's dateline ("DHAKA, June 3, 2020 (BSS) –", "Hanoi (VNA) –")."""


def _datelined_items(body: str, all_lines: list[Line]) -> int:
    """How many lines out of a text that opens with no wire dateline open with one: the
    captions or leads of a wire's index, its text the page's blurb (a story's own dateline
    opens its text)."""
    if _AGENCY_DATELINE.match(body):
        return 0
    return sum(1 for line in all_lines if "(" in line.text and _AGENCY_DATELINE.match(line.text))


_CLOCK_ROW = re.compile(r"\d{1,2}:\d{2}(?: ?[AaPp]\.?[Mm]\.?)?")
_CLOCK_LINE = re.compile(rf"\n{_CLOCK_ROW.pattern}(?=\n|$)")
"""`_CLOCK_ROW` alone on a row of a page's lines joined, each after a newline."""


def _clocked_headlines(all_lines: list[Line]) -> int:
    """Lines that are a time alone with a linked headline right under them (a word between,
    maybe): the rows of a timeline of other stories, or of a station's schedule ("12:00 AM" over
    "BBC World Service"). In a list's items, the headline must be the time's own item's: a
    video's length closes its item, and the next item's headline is no headline of it."""
    count = 0
    for pos, line in enumerate(all_lines):
        if len(line.text) <= 8 and _CLOCK_ROW.fullmatch(line.text):
            after = all_lines[pos + 1 : pos + 3]
            item = _list_item(line.block)
            count += any(
                n.link_density > 0.5 and units(n.text) >= 2 and _list_item(n.block) is item
                for n in after
            )
    return count


def _list_item(block: HtmlElement) -> HtmlElement | None:
    """The list item the block is or lies in."""
    return block if block.tag == "li" else next(block.iterancestors("li"), None)


_QUOTE_ROW = re.compile(r"\d[\d,]*(?:\.\d+)?\s+[+-]\d[\d,]*(?:\.\d+)?\s+\(?[+-]\d+(?:\.\d+)?%")
"""A quote's price, change and change in per cent ("28.46 +1.37 +5.06%")."""
_QUOTE_ROWS = 3


def _quote_under_title(title: str | None, all_lines: list[Line]) -> bool:
    """Does a quote's row follow the headline within a few lines (a stock's page)?"""
    for pos, line in enumerate(all_lines):
        if line.text == title:
            window = all_lines[pos + 1 : pos + 1 + _QUOTE_ROWS]
            return any("%" in row.text and _QUOTE_ROW.match(row.text) for row in window)
    return False


_INDEX_TITLES = 10
_MORE_MARKS = ("[详细]", "【详细】", "详细>>", "[更多]", "[詳細]")
"""The link a column page's teaser ends on ("……[详细]")."""
_DISCLOSURE_GUIDE = re.compile(r"政府信息公开(?:工作)?指南")
_LEADER_CARDS = 3
_KIT_TITLE = re.compile(
    r"(?:Media|Press) (?:Kit|Contacts?|Resources|Centre|Center)s?|Contact (?:the )?(?:Media|Press)"
    r"(?: (?:Office|Team|Relations))?",
    re.IGNORECASE,
)
"""A newsroom's page for journalists, not a story ("Media Kit", "Press Contacts")."""
_INDEX_UNITS = 300
_ARCHIVE_PATH = re.compile(r"/(?:19|20)\d{2}(?:/\d{1,2}){0,2}/?$|/archives?/?$", re.IGNORECASE)
"""A path ending in a year, month or day, with no story after it, or in "archive": that
period's or that series' archive ("/newsletters/archive/")."""
_SLUG_HYPHENS = 3


def _archive_path(path: str, published: str | None) -> bool:
    """`_ARCHIVE_PATH`, unless a story's slug comes right before the date
    ("/leadership/principals-say-reopening-…/2020/06", as Education Week ends its stories'), or
    the "year" is after the page's date (a story's number: "/detail/2035" of June 2020)."""
    found = _ARCHIVE_PATH.search(path)
    if found is None or path[: found.start()].rsplit("/", 1)[-1].count("-") >= _SLUG_HYPHENS:
        return False
    year = re.match(r"/(\d{4})", found.group(0))
    return not (year and published and int(year.group(1)) > int(published[:4]))


_COUNTED_PAGER = re.compile(
    r"\n(?:共\s*\d+\s*[家条條個个项項篇位件筆笔]\S{0,3}?[，,\s]*(?:每[页頁]\s*\d+\s*[条條]\s*)?"
    r"(?:当前|當前)?第\s*\d+\s*/\s*\d+\s*[页頁](?:\s+首[页頁].*)?|"
    r"共\s*\d[\d,]*\s*[家条條個个项項篇位件筆笔]\s*(?:(?:\d+|\.{2,}|…)\s*){2,}(?:下一页|下一頁|下页)|"
    r"(?:Showing|Displaying|Viewing|Notices|Results|Records) \d[\d,]*(?: to | ?[-–] ?)\d[\d,]* of "
    r"\d[\d,]*(?: (?:entries|results|items|records|notices|releases|articles|stories|posts))?|"
    r"(?:Vacancies|Jobs|Positions|Results|Records) found\s*:?\s*\d[\d,]*(?: \([^()\n]{1,60}\))?)"
    r"(?=\n|$)"
)
"""A list's own line of its count and pages ("共 486 家，当前第 2/25 页", "共1286条 1 2 3 .. 43
下一页", a data table's "Showing 1 to 25 of 1,397 entries", "Displaying 1 - 15 of 1,284", a job
board's "Vacancies found: 31"), alone on its row (in the page's lines, each after a newline: a
literal start, which sre scans for in C)."""
_DOWNLOAD_COUNT = re.compile(
    r"\n(?:已有\s*)?[\d,]+\s*(?:人|次)下载|下载\s*[\d,]+\s*(?:次)?(?=\n|$)"
)
_PAGE_COUNT = re.compile(r"\n(?:报告)?页数[：:]\s*\d+")
"""A report's download page: its count of downloads ("已有 3,482 人下载") and of pages
("报告页数：46页"), each alone on its row, or after its label ("浏览 8,261下载 2,143")."""
_MASKED_ASKER = re.compile(r"\n[^\n]{0,16}\*{3}[^\n]{0,16}?(?:19|20)\d{2}-\d{1,2}-\d{1,2}")
"""A board's row of an asker's masked name and the date ("网友 天水***2 2020-06-03 09:37")."""
_ITEM_BYLINE = re.compile(r"\n作者[：:][^\n]{1,40}?(?:发布时间|时间|日期)[：:]")
"""An index item's row of its writers and date ("作者：甲 乙发布时间：2020-06-03")."""
_REGISTER = re.compile(r"\n(?:Register(?: Now| Today| here)?|Sign up now)(?=\n|$)")
"""A sign-up form's heading or button, alone on its row."""
_PROPERTY_ROW = re.compile(
    r"\n(?:参考均价|均价|楼盘地址|最新开盘|开盘时间|交房时间|物业类型|开发商|售楼处)"
)
"""A housing development's row: its price, address, opening and handover dates, its builder."""
_PROPERTY_ROWS = 3
_SIGN_UP = re.compile(r"\n(?:立即报名|我要报名|已报名\s*\d)")
"""An event page's sign-up button or count, alone on its row ("立即报名", "已报名 386 人")."""
_CONSULTATION_DATE = re.compile(
    r"\n(?=(?i:[co]))"  # (the words' first letters, looked at once after each line feed)
    r"(?i:Closes|Closed|Opened|Opens|Closing date:?)\s+\d{1,2} \w{3,9},? (?:19|20)\d{2}(?=\n|$)"
)
_RESPOND = re.compile(
    r"Respond online|Respond to (?:this|the) consultation|Give us your views", re.IGNORECASE
)


def _consultation(rows: str, all_lines: list[Line]) -> bool:
    """A public consultation's page (Citizen Space's layout): its open and close dates each on
    a line of their own (in `rows`, the page's lines joined), and a button to respond."""
    if len(_CONSULTATION_DATE.findall(rows)) < 2:
        return False
    return any(_RESPOND.fullmatch(line.text) and line.link_density > 0.5 for line in all_lines)


_PERSON_PATH = re.compile(
    r"/(?:people|person|authors?|staff|profiles?|columnists?|reporters?)/[^/]+/?$", re.IGNORECASE
)
"""A writer's own page ("/people/jane-roe/"), when its title is a name."""
_LISTING_STUBS = 5
_CARDS = 5
_CARD_UNITS = 6
_FIELD = re.compile(r"^([\u4e00-\u9fff]{1,4}(?:\s[\u4e00-\u9fff]{1,2})?)\s*[：:]", re.MULTILINE)


def _repeated_fields(body: str) -> bool:
    """Two labels or more, each opening five lines or more ("主讲人：", "地 点："): a list of
    records with the same fields, not a text (whose labels, a notice's 联系人, come once)."""
    if body.count("：") + body.count(":") < 2 * _LISTING_STUBS:
        return False
    counts = Counter(_FIELD.findall(body))
    return sum(1 for n in counts.values() if n >= _LISTING_STUBS) >= 2


_TOPIC_ITEMS = 10
_CLIP_BLURB = re.compile(r"(?:视频|内容|节目)?简介[：:]")
"""A video's description ("简介：……"), the only text of a clip's page."""


_POSTED_AT = re.compile(r"(?:发表于|發表於)\s*(?:19|20)\d{2}[-/]\d{1,2}[-/]\d{1,2}")
_FORUM_POSTS = 3
_POST_STAMP = re.compile(
    r"(?:\d{1,2}(?:分钟|小时)前|(?:今天|昨天)\s*\d{1,2}:\d{2}|\d{2}-\d{2}\s+\d{1,2}:\d{2})"
    r"\s*·\s*来自\S{1,12}"
)
"""A post's stamp on a platform's timeline: its time and the app it came from ("今天 17:21 · 来自
雪球")."""
_MESSAGE_ROW = re.compile(r"(?:留言|提问)(?:人|时间|時間)\s*[：:]")
"""The row of a message board's post ("留言人：网友甲 留言时间：2020-05-26 21:14")."""
_GUIDE_HEADING = re.compile(
    r"(?:办理|辦理)(?:条件|條件|流程|时限|時限|地点|地點|结果|結果)|所需材料|申请材料|事项名称"
)
"""The headings of a government service guide's sections."""
_GUIDE_HEADING_CHARS = 4
_FORUM_URL = re.compile(r"^(?:bbs|forum|club|tieba)\.|/thread-\d+|viewthread|/forum", re.I)
"""A forum's host or thread path (Discuz!'s "thread-1234567-1-1.html"): a news page's comments
may also print "发表于" under each."""
_ABOUT_PATH = re.compile(r"/about(?:[-_]?us)?(?:/|\.html?)?$", re.IGNORECASE)
_PAPER_PAGES = re.compile(r"\n[A-Z]?\d{1,3}版\s*[：:]\s*[^\n]{1,12}(?=\n)")
"""A page of an e-paper's day in its list of pages ("A01版：要闻")."""
_COVERAGE_ROW = re.compile(r"\n来源[：:]\s*[^\n\d]{2,20}?\s+(?:19|20)\d{2}-\d{1,2}-\d{1,2}(?=\n)")
"""A row of a list of press reports: an outlet and a date alone ("来源：人民日报 2020-06-03")."""
_ABOUT_TITLE = re.compile(
    r"(?:机构设置|内设机构|组织机构|机构职能|主要职责|机构概况|机构简介|领导信息|领导之窗|联系我们|关于我们|"
    r"业务领域|业务板块|主营业务|(?:公司|企业|集团)(?:简介|概况)|企业文化|发展历程|"
    r"(?:领导|董事长|总经理|总裁|校长|院长)致辞)$"
)
"""A government or company site's page about itself, by its title: departments and duties, its
business lines, its profile, its culture, its history, its leader's welcome ("领导致辞")."""
_WRITERS_TITLE = re.compile(
    r"(?:专栏作者|作者(?:列表|名录)|专家(?:库|名录)|(?:Our )?(?:Columnists|Contributors|Writers))"
    r"\s*(?:[_|｜\-–—]|$)",
    re.IGNORECASE,
)
"""The <title> of a page of the site's writers ("专栏作者_专栏_某某网", "Columnists | Outlet")."""
_CONTENTS_HEADING = re.compile(r"本期目录|In this issue", re.IGNORECASE)
"""The heading of a magazine issue's table of contents (not an article's own "Contents")."""
_TABLE_OF_CONTENTS = re.compile(r"Table of Contents|目录", re.IGNORECASE)
"""The same heading in words an article's own contents may use too: on an undated page only (a
long read's "Contents" alone stays a story's, dated or not)."""
_NEWSLETTER_PAGE = re.compile(r"/newsletters?(?:/|$)", re.IGNORECASE)
"""A newsletter's own page ("/newsletters/politics-briefing/"): its pitch and sign-up form."""
_FOOTER_NOTICE = re.compile(r"(?:Copyright\s*)?(?:©|\([cC]\))\s*(?:(?:19|20)\d{2}|[A-Z])")
"""A copyright notice ("© 2001-2020 24.kg. All rights reserved."): a footer's words."""
_SERVICE_TITLE = re.compile(
    r"(?:Media|Press|News(?:room)?) contacts?|Contact us|"
    r"(?:[A-Z][\w&.-]* )?(?:TV|Radio|Program(?:me)?) (?:guide|listings|schedules?)|"
    r"Horoscopes?|Crosswords?|Puzzles|RSS(?: feeds?)?|(?:News )?feeds|"
    r"(?:Live|Spot|Current) (?:[A-Z][a-z]+ ){1,2}Prices?(?: (?:Today|Charts?))?|"
    r"(?:School )?Closings(?: (?:&|and) delays)?|(?:Meeting )?(?:Agenda|Minutes)|"
    r"What['’]s on(?: in [A-Z][\w ]{1,30})?|"
    r"(?:[A-Z][a-z]+ )?(?:Live )?traffic (?:updates|news)|(?-i:[A-Z]{2,6} )?Traffic|"
    r"(?:7\s*[×xX*]\s*24\s*小时)?快讯|滚动新闻|"
    r"联系方式|联系我们|办公电话|通讯录|(?:表格|资料|文件|软件|附件)下载|下载(?:中心|专区)|"
    r"Downloads?(?: cent(?:er|re))?|网站地图|Site ?map|Corrections(?: (?:and|&) clarifications)?|"
    r"(?:Release|Publication|Earnings|Events?) (?:schedule|calendar)|Standings|"
    r"(?:Upcoming |Past |Featured |All )?Events(?: (?:&|and) Presentations)?|"
    r"(?:[A-Z][\w'’.-]* ){0,3}(?:League|Division|Championship|Conference) (?:table|standings)|"
    # ".{0,30}(?:賽果|赛果)", found by its 果 (sre skips to the character after a repeat)
    r"[\u4e00-\u9fff]{0,8}积分榜|往期(?:访谈|訪談|回顾|回顧|节目|節目)|.{1,31}果(?<=[賽赛]果)|"
    r"(?:我要)?(?:爆料|投诉)|(?:政府)?信息公开目录|.{0,20}(?:展会|会展)(?:日历|排期|计划|一览)|"
    r"(?:[A-Z][\w.&'’-]* ){0,4}Leadership(?: team)?|Executive (?:team|staff)|领导(?:班子|成员)|"
    r"Masthead|Our (?:staff|team)|(?:讲座|会议|活动)(?:日历|预告|安排)|"
    r"(?:The |Our )?(?:Ministers|Cabinet(?: Ministers)?)(?: (?:and|&) (?:portfolios|"
    r"Parliamentary Secretaries))?|"
    r"(?:Find an? expert|Experts? (?:guide|directory))(?:\s*[:–—-]\s*.{1,60})?|"
    r"(?:会员|理事|成员)(?:单位|名单|名录)|(?:专家|医生|名医)(?:介绍|团队|风采)|会员(?:服务|中心)|"
    r"(?:捐赠|捐款)(?:信息)?(?:公示|查询|明细)|(?:Family|Death|Funeral|Public|Legal) notices|"
    r"(?:Browse|Place an?|Post an?) ads?|Classifieds?|"
    r".{0,10}(?:热搜榜|风云榜|热榜|实时热点|热点排行)|"
    # ".{0,60}\bElection Results?" and ".{0,20}(?:选举结果|選舉結果)", found by the space and 果
    r".{8,68} (?<=\bElection )Results?(?: \d{4})?(?: Live)?|.{3,23}果(?<=选举结果|選舉結果)",
    re.IGNORECASE,
)
"""A site's service page, by its whole title: its press officers, its TV guide, its puzzles, its
list of feeds, a commodity's live price ("Live Gold Price"), its traffic updates, its flash list
("7×24小时快讯"), its phone numbers, its forms to download ("表格下载"), its site map, its list of
corrections, its calendar of releases, its league table, its past interviews ("往期访谈"), a race
meeting's results ("… 賽果"), its tip-off form ("我要爆料"), its catalogue of public information
("政府信息公开目录"), a calendar of exhibitions ("…展会日历"), its leaders' page ("Census Bureau
Leadership", "领导班子"), its masthead, its ministers ("Ministers"), its calendar of lectures
("讲座日历"), an election's results, its school closings, a meeting's agenda, its what's-on
listings, its guide to experts ("Find an expert: Climate"), an association's members ("会员单位")
and its services to them ("会员服务"), a fund's register of gifts ("捐赠信息公示"), a paper's family
notices, a hospital's doctors ("专家介绍")."""
_QUERY_TITLE = re.compile(
    r"[\u4e00-\u9fff]{2}(?:查询(?:系统|服务|入口|平台)?|检索|信箱|投票)$|^办件(?:公示|查询)$|"
    r"^(?:[A-Z][\w'’-]* ){0,3}(?:Checker|Calculator|Estimator|Finder|Lookup)$"
)
"""A service's page by its title: a query ("2020年某省普通高考成绩查询"), a search ("政策文件检索"),
a mailbox ("部长信箱"), a readers' vote ("…网络投票"), applications being handled ("办件公示"), a
tool ("Symptom Checker"): a form, its notes, a hotline, a table of entries."""


def _dated_items(all_lines: list[Line], body: list[str] | None) -> int:
    """Lines of the body's lines (`body`; of the page's, None) that are a date and a word or two
    ("June 2, 2020 · Products") beside a linked title: the items of a list. A story's timeline
    prints its dates without links."""
    short = None if body is None else {text for text in body if units(text) <= 12}
    if short is not None and not short:
        return 0  # (most texts: no line of a date's length, and the page's lines go unread)
    count = 0
    for pos, line in enumerate(all_lines):
        if (
            (short is None or line.text in short)
            and units(line.text) <= 12
            and dates.find_dates(line.text)
        ):
            near = all_lines[max(0, pos - 2) : pos + 3]
            count += any(n.link_density > 0.5 and units(n.text) >= 5 for n in near)
    return count


def _dated_under_titles(all_lines: list[Line]) -> int:
    """Lines that open with a date right under a linked title ("Headline" / "3 June 2020 ·
    Issued by Acme PR" / its summary): the items of an index, each dated under its title."""
    return sum(
        1
        for above, line in itertools.pairwise(all_lines)
        if above.link_density > 0.5
        and units(above.text) >= 8
        and line.link_density < 0.7
        and _DIGIT_AHEAD.match(line.text)
        and bool(dates.find_dates(line.text[:_DATE_HEAD]))
    )


_DATE_HEAD = 18
"""The line's opening that holds its date ("3 June 2020 · …", "June 3, 2020 | …")."""


def _date_spans(all_lines: list[Line]) -> int:
    """Lines opening with two dates ("01 Jun 2020 to 05 Jun 2020"), a link in them or a linked
    title in the next two: a calendar's meetings or a list's events, each with its days."""
    count = 0
    for pos, line in enumerate(all_lines):
        head = line.text[:_SPAN_CHARS]
        if _DIGIT_AHEAD.match(head) and len(dates.find_dates(head)) >= 2:
            count += bool(line.link_chars) or any(
                after.link_density > 0.5 for after in all_lines[pos + 1 : pos + 3]
            )
    return count


_SPAN_CHARS = 32
_DIGIT_AHEAD = re.compile(r".{0,12}\d")


def _two_date_rows(all_lines: list[Line]) -> int:
    """Table rows with two cells that hold a date alone ("06/08/2020" | "08/28/2020"), or one
    beside a linked title in a row of four cells or more (a lecture's: "<a>Title</a>" | speaker |
    "2020-06-08 14:30" | place; a layout table's "<a>Title</a>" | date is a list of stories
    beside a story)."""
    cells: Counter[HtmlElement] = Counter(
        line.block.getparent()
        for line in all_lines
        if line.block.tag == "td"
        and len(line.text) <= _DATE_CELL_CHARS
        and line.text[:1].isdigit()
        and (_DATE_CELL.fullmatch(line.text) is not None or bool(dates.find_dates(line.text)))
    )
    if not cells:
        return 0  # (most pages: no cell holds a date alone, and the linked cells go unread)
    linked = {
        line.block.getparent()
        for line in all_lines
        if line.block.tag == "td" and line.link_density > 0.5 and units(line.text) >= 5
    }
    return sum(
        1
        for row, count in cells.items()
        if count >= 2 or (row in linked and len(row) >= _DATA_ROW_CELLS)
    )


def _bilingual_heads(all_lines: list[Line]) -> int:
    """Chinese section headings each followed by their English name in capitals ("产业导向",
    then "INDUSTRIAL ORIENTATION"): the sections of a portal's page, not a story's."""
    return sum(
        1
        for line, after in itertools.pairwise(all_lines)
        if line.block.tag in HEADINGS
        and is_cjk(line.text)
        and len(line.text) <= _SECTION_HEAD_CHARS
        and _CAPS_NAME.fullmatch(after.text) is not None
    )


_BILINGUAL_HEADS = 3
_SECTION_HEAD_CHARS = 8
_CAPS_NAME = re.compile(r"[A-Z]{2,}(?: [A-Z&]{2,}){0,4}")


_DATE_CELL_CHARS = 16
_DATA_ROW_CELLS = 4
_DATE_CELL = re.compile(r"\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}")
"""A date whichever number is the day ("06/08/2020"): a cell's, which no clock follows."""
_TAG_PATH = re.compile(r"/(?:tags?|category|categories)/[^/]+(?:/page/\d+)?/?$", re.IGNORECASE)
"""A blog's tag or category archive: excerpts of the posts filed there (a post's own URL has
its slug after the category's: "/category/news/county-clears-roads/")."""
_INDEX_PATH = re.compile(r"^/$|/(?:index|default)(?:_\d+)?\.\w+$", re.IGNORECASE)
"""A site's root or a folder's index file: where front and topic pages live (a folder's own
URL, "/2018/09/10/open-thread/", is as often a blog post's)."""
_GIVING_PAGE = re.compile(
    r"//(?:donate|give|support|join)\.|/(?:donate|donations?|give|support-us|membership)(?:/|$)"
)
"""A site's page for gifts ("donate.example.org/", "/support-us/"), when it carries no date or
calls itself a website's page, not an article's (its letter may be dated)."""
_SEARCH_PAGE = re.compile(
    r"^search\.|^[^/]*/search(?:/|\?|\.|$)|"
    r"[?&](?:q|query|keywords?|wd|kw|[\w-]*search[\w-]*|[\w-]*fulltext)=",
    re.IGNORECASE,
)
"""A search engine's host, a site's /search path, or a query parameter that holds search words
("/products/search/<story>" is a story about search)."""


def _headlines(all_lines: list[Line]) -> int:
    """Lines that are a link with a title's length: the items of a list of stories."""
    return sum(1 for line in all_lines if line.link_density > 0.5 and units(line.text) >= 8)


def _dated_headlines(all_lines: list[Line]) -> int:
    """Lines that are a linked title with its date ("关于...的通知 2020-06-03"): a list's items."""
    linked = (line.text for line in all_lines if line.link_density > 0.5)
    return sum(1 for text in linked if units(text) >= 8 and dates.NUMERIC_DATE.search(text))


_BIOGRAPHY = re.compile(
    r"[\u4e00-\u9fff]{2,4}[，,]\s*[男女][，,]\s*[\u4e00-\u9fff]{1,6}族[，,]\s*"
    r"(?:19|20)\d{2}年\d{1,2}月(?:出)?生"
)
"""The opening of an official's résumé ("甲，男，汉族，1973年9月出生"); a page of one, with little
else, is the official's page, not a story."""
_BIOGRAPHY_LINES = 4


def _titled_profile(title: str | None, body: str) -> bool:
    """The page is titled with a person's name and its text opens with it and a sex ("甲，男，
    主任医师，…" under the heading 甲): a doctor's or an expert's page, no story."""
    return bool(title) and body.startswith(title) and bool(_SEX.match(body, len(title or "")))


_SEX = re.compile(r"[，,]\s*[男女][，,]")


_FIGURE_ROW = re.compile(r"\d")


_ROWS_PAGE_PARAGRAPHS = 2
_ROWS_PAGE_LINES = 20
_ROWS_PAGE_SHARE = 0.75


def _rows_page(body: str) -> bool:
    """Twenty lines or more, three in four of them short rows that end no sentence (a table's
    rows, a quote's figures, an alert's place and time): a page of data, where a story's text,
    even one with a table, has its paragraphs."""
    rows = body.split("\n")
    if len(rows) < _ROWS_PAGE_LINES:
        return False
    short = sum(1 for row in rows if units(row) <= _ROW_UNITS and not ends_sentence(row))
    return short >= _ROWS_PAGE_SHARE * len(rows)


_ROW_UNITS = 20
_DATE_ROWS = 8
_PROFILE_NAME = re.compile(r"\n姓\s*名\s*[：:]\n")
_PROFILE_POST = re.compile(r"\n(?:职\s*称|职\s*务|職\s*稱)\s*[：:]\n")
"""A person's card: the labels in cells of their own, the values beside them."""
_RESUME_HEADING = re.compile(r"^(?:个人)?简历$", re.MULTILINE)
_CAREER_ROW = re.compile(r"^(?:19|20)\d{2}[.年/]\d{1,2}月?\s*[—–－-]{1,2}", re.MULTILINE)
"""A résumé's row: the period of a post, then the post ("1984.09—1988.07 某学院学习")."""
_CAREER_ROWS = 4


def _resume(body: str, paragraphs: int) -> bool:
    """A 简历 heading over more rows of posts by period than paragraphs of prose: a leader's
    page, where a story of an appointment tells the career in sentences."""
    if _RESUME_HEADING.search(body) is None:
        return False
    rows = len(_CAREER_ROW.findall(body))
    return rows >= _CAREER_ROWS and rows > 2 * paragraphs


def _date_rows(body: str) -> int:
    """Lines that are a date and nothing else ("Oct 16 2019")."""
    return sum(
        1
        for row in body.split("\n")
        if len(row) <= DATE_ROW_CHARS
        and (dates.ENGLISH_DATE.fullmatch(row) or dates.NUMERIC_DATE.fullmatch(row))
    )


_POSTED_STAMP = re.compile(
    r"^(?:Posted|Updated|Published):?\s+(?:\d{1,2}:\d{2}\s*[ap]\.?m\.?|[A-Z][a-z]{2} \d{1,2})$",
    re.MULTILINE | re.IGNORECASE,
)


def _figures_page(body: str, share: int = 2) -> bool:
    """Most of the text (more than a `share`th of its lines), ten lines or more, is short rows
    holding figures ("Prev. Close402.80", "P/E Ratio35.51"): a page of data under its labels,
    not a story."""
    rows = body.split("\n")
    figures = sum(
        1 for row in rows if units(row) <= 16 and _FIGURE_ROW.search(row) and not ends_sentence(row)
    )
    return figures >= 10 and share * figures > len(rows)


_DATA_PAGES = ((0.4, 8), (0.6, 16))
"""(share of the text in rows of figures, longest title): a table of data under a name, or most
of the text in such rows under a longer one ("某某混合A(002871)"). A story with a table holds a
third at most (0.30 the most among the fixtures' stories that have a headline's length; a
wire brief of one line over its figures, 0.42)."""


def _data_page(title: str, body: str, size: int) -> bool:
    """`size`: the units of `body`."""
    longest = units(title)
    if longest > _DATA_PAGES[-1][1] or not size:
        return False
    share = _data_units(body) / size
    return any(share >= least and longest <= most for least, most in _DATA_PAGES)


_SECTION_TITLE_UNITS = 4
"""A section's name ("Consultations", "会员单位"); a story's headline says more."""
_DATA_CELL = re.compile(r"\d|^[●○◎—–-]$")


def _data_units(body: str) -> int:
    """The units of the text in rows of three cells or more, a third of them figures or
    marks, that are no sentences: a table's rows ("西宁 多云 东南风3-4级 9℃ 24℃")."""
    data = 0
    for row in body.split("\n"):
        if holds_sentence(row):
            continue
        cells = row.split()
        if len(cells) >= 3 and 10 * sum(map(bool, map(_DATA_CELL.search, cells))) >= 3 * len(cells):
            data += units(row)
    return data


_DOWNLOAD_ROW = re.compile(
    r"\b(?=[pdxzjm])"  # (the formats' first letters, looked at once at each word's start)
    r"(?:PDF|DOCX?|XLSX?|PPTX?|ZIP|JPE?G|PNG|MP4|MOV)\b[^\n]{0,40}?\b\d+(?:[.,]\d+)?\s?[KMG]B\b",
    re.IGNORECASE,
)
"""A file offered for download with its size ("PDF, 2 pages, 286KB Download")."""
_TEASERS = 5


def _episodes(all_lines: list[Line]) -> int:
    """Lines giving an episode's or a clip's length."""
    durations = (line.text for line in all_lines if "ration" in line.text or "时长" in line.text)
    return sum(1 for text in durations if _DURATION.search(text))


_DURATION = re.compile(r"(?:Duration|时长)\s*[：:]\s*\d{1,2}:\d{2}(?::\d{2})?\b")
"""An episode's or a clip's length as a list prints it ("Duration: 00:28:41", "时长：03:15")."""
_SURVEY_CHOICES = 10
_PICTURE_COUNTER = re.compile(r"(\d{1,2}) ?/ ?(\d{1,2})(?!\d)")
"""A slide's number over the count at the head of its caption ("3/8渔民在船坞里…")."""


def _numbered_captions(body: str) -> bool:
    """Over two thirds of the text's lines, three or more, are captions counted 1/N, … N/N in
    order: a photo set's slides, whatever article template frames them. (The count is N, not
    what the pattern reads: a caption may go on with digits, "1/86月17日".)"""
    slashes = body.count("/")  # (each counter holds one: most texts have too few for a set)
    if slashes < 3 or 3 * slashes <= 2 * (body.count("\n") + 1):
        return False
    rows = body.split("\n")
    counters = [found for row in rows if (found := _PICTURE_COUNTER.match(row))]
    total = len(counters)
    if total < 3 or 3 * total <= 2 * len(rows):
        return False
    return all(
        int(found[1]) == n and found[0].replace(" ", "").startswith(f"{n}/{total}")
        for n, found in enumerate(counters, 1)
    )


_TEASER_ENDS = ("…", "...", "[详细]", "【详细】", "[详情]", "【详情】", "[詳細]")
"""How an excerpt breaks off: an ellipsis, or a link to the rest ("…帮扶机制。[详细]")."""


def _teasers(paragraphs: list[str]) -> bool:
    """Most of the text's paragraphs (its rows), five or more, break off with an ellipsis or a
    link to the rest: excerpts of other pages, each cut at a length (a story's own paragraphs
    end their sentences)."""
    cut = sum(1 for p in paragraphs if p.endswith(_TEASER_ENDS))
    return cut >= _TEASERS and 2 * cut > len(paragraphs)


_POST_LINES = 8
_POST_UNITS = 150
_POST_MARKS = 10


def _one_post(body: str, all_lines: list[Line]) -> bool:
    """A post written line by line in one element (a 小红书 note: short lines parted by <br>,
    no paragraph of its own length): its text, not a list, when it has sentences' punctuation."""
    texts = body.split("\n")
    if len(texts) < _POST_LINES or units(body) < _POST_UNITS or punctuation(body) < _POST_MARKS:
        return False
    wanted = set(texts)
    return len({line.block for line in all_lines if line.text in wanted}) == 1


_FILE_SIZE = re.compile(r"\d\s?[KMG]B\b", re.IGNORECASE)
"""The size that ends every `_DOWNLOAD_ROW` match ("286KB"), looked for once in a page's lines
joined before each line is searched for a file: most pages print none."""
_PAGER_START = re.compile(
    r"\n(?:Showing|Displaying|Viewing|Notices|Results|Records|(?:Vacancies|Jobs|Positions) found)"
)
"""How every English `_COUNTED_PAGER` row opens: the gate of its search, a row start, where
the seven words it opens with, each looked for in the whole text, took three times as long."""


_STAMP_INITIALS = ("P", "p", "U", "u")
"""How a `_POSTED_STAMP` opens its row, in either case (no other character folds to them): the
regex, tried at every character, is spared where too few rows open so."""


def _paragraphs(texts: list[str]) -> int:
    """The rows of 40 units or more with two sentence marks: a story's paragraphs. A row of
    fewer than 20 characters goes unmeasured: a unit is a CJK character, two a word."""
    return sum(1 for p in texts if len(p) >= 20 and units(p) >= 40 and punctuation(p) >= 2)


def _holds(text: str, needle: str) -> bool:
    """`needle in text`, looked for only when the text holds its last character: a needle of
    one character is found at memchr's speed (0.3 us on a page's lines joined), a longer one
    steps through every character (5 us), and most pages lack the CJK needles' characters."""
    return needle[-1] in text and needle in text


def page_type(article: Article, all_lines: list[Line], meta: PageMeta, rows: str) -> str:
    """What the page is; `rows`, the page's lines, each after a newline."""
    size = units(article.body)
    if size == 0:
        return "no-body"
    if (meta.og_type or "") == "profile":
        return "listing"  # an author's page: a biography over the stories they wrote
    titles = (article.title or "", meta.title_tag or "")
    if any(_NOT_FOUND_TITLE.match(t) or _DOWN_TITLE.fullmatch(t) for t in titles):
        return "not-article"  # whatever it recommends below the notice
    if article.body[:1] in "©C(" and _FOOTER_NOTICE.match(article.body):
        return "not-article"  # the footer's notice, taken for want of any text: a gallery's page
    texts = article.body.split("\n")  # (one split: its strings keep their hashes, which the
    # measures' caches and the dated items' set take)
    paragraphs = _paragraphs(texts)
    if (
        not paragraphs
        and not _WIRE_DATELINE.match(article.body)
        and not _one_post(article.body, all_lines)
    ):
        return "listing" if _headlines(all_lines) >= 10 else "not-article"
    if size < _MIN_UNITS:
        return "not-article"
    if (
        article.published_at is None
        and meta.og_type == "website"
        and _figures_page(article.body, 4)
    ):
        return "not-article"  # a quote's page, a website's: its figures, then a word about it
    if paragraphs <= _ROWS_PAGE_PARAGRAPHS and _rows_page(article.body):
        return "not-article"  # rows with hardly a sentence: fixtures, quotes, alerts, filings
    if _holds(rows, "\n姓") and _PROFILE_NAME.search(rows) and _PROFILE_POST.search(rows):
        return "listing"  # an expert's card ("姓 名：" | "罗某", "职 称：" | "研究员"), then works
    if _holds(article.body, "简历") and _resume(article.body, paragraphs):
        return "not-article"  # an official's page: duties, then a résumé of posts by period
    if (dated := _date_rows(article.body)) >= _DATE_ROWS and 2 * paragraphs < dated:
        return "listing"  # a docket or a log: entries, each with a date on a row of its own
    stamped = sum(1 for row in texts if row.startswith(_STAMP_INITIALS))  # (no stamp more)
    if stamped >= _LISTING_STUBS and paragraphs < stamped:
        stamps = len(_POSTED_STAMP.findall(article.body))
        if stamps >= _LISTING_STUBS and paragraphs < stamps:
            return "listing"  # alerts or notices, each a line or two with its "Posted 4:41 pm"
    if size < _SHORT_UNITS and _dated_headlines(all_lines) >= _LISTING_ITEMS:
        return "listing"  # a column page: an intro sentence or two above its dated titles
    if article.body.endswith(_MORE_MARKS) and (
        _dated_headlines(all_lines) >= _LISTING_ITEMS or _headlines(all_lines) >= _INDEX_TITLES
    ):
        return "listing"  # a column page: its lead item's teaser, cut off, over other titles
    if "信息公开" in (article.title or "") and _DISCLOSURE_GUIDE.search(article.title or ""):
        return "not-article"  # a government site's standing guide to its disclosures
    if _holds(rows, "\n工作分工") and rows.count("\n工作分工") >= _LEADER_CARDS:
        return "not-article"  # a leaders' page: each leader's post and duties
    path = urlsplit(article.url or "")
    if _SEARCH_PAGE.search(f"{path.netloc}{path.path}?{path.query}") and _headlines(all_lines) >= 5:
        return "listing"  # search results: snippets of other pages
    if (article.published_at is None or meta.og_type == "website") and _GIVING_PAGE.search(
        f"//{path.netloc}{path.path}"
    ):
        return "not-article"  # a fund drive's page: the editor's letter asking for gifts
    clocked = (
        _clocked_headlines(all_lines)
        if len(_CLOCK_LINE.findall(rows)) >= _LISTING_STUBS  # (one scan in C, most pages none)
        else 0
    )
    if clocked >= _LISTING_STUBS and (size < _INDEX_UNITS or clocked >= _INDEX_TITLES):
        return "listing"  # an instant-news timeline or a schedule: a time over each title
    if size < _INDEX_UNITS and _quote_under_title(article.title, all_lines):
        return "not-article"  # a security's quote page: its price and change under its name
    if article.published_at is None and _KIT_TITLE.fullmatch(article.title or ""):
        return "not-article"  # a newsroom's media kit: contacts, the company's blurb, logos
    if size < _INDEX_UNITS and _INDEX_PATH.search(path.path) and _headlines(all_lines) >= 20:
        return "listing"  # a front or topic page ("/", ".../index.shtml"): an intro, then titles
    if (
        meta.og_type == "website"
        and size < _INDEX_UNITS
        and paragraphs <= 3
        and (
            _dated_items(all_lines, None) >= _TOPIC_ITEMS
            or _dated_under_titles(all_lines) >= _LISTING_STUBS
        )
    ):
        return "listing"  # a topic's page, a website's: an intro over lists of dated stories
    if _archive_path(path.path, article.published_at) and _headlines(all_lines) >= 5:
        return "listing"  # a month's archive ("/events/2020/06/"): its items' summaries
    if _TAG_PATH.search(path.path) and _headlines(all_lines) >= 5:
        return "listing"  # a tag's or a category's page ("/tag/climate-policy/page/2/")
    if (
        _PERSON_PATH.search(path.path)
        and units(article.title or "") <= 4
        and _headlines(all_lines) >= 5
    ):
        return "listing"  # a writer's page: a name, a biography, the stories they wrote
    if (
        paragraphs < 3
        and _FILE_SIZE.search(rows)
        and sum(1 for line in all_lines if _DOWNLOAD_ROW.search(line.text)) >= 3
    ):
        return "not-article"  # a press kit: files to download, each with its size
    if _dated_items(all_lines, texts) >= _LISTING_STUBS:
        return "listing"  # a press-release index: a date line over each release's summary
    dated_rows = _two_date_rows(all_lines)
    if (paragraphs <= 3 and _date_spans(all_lines) >= _LISTING_STUBS) or (
        dated_rows >= _LISTING_STUBS and dated_rows >= paragraphs
    ):
        return "listing"  # a calendar: a note, then each meeting's dates beside its linked title,
        # or a table of closures or works, each row with its start and its end
    if ("共" in rows or _PAGER_START.search(rows)) and _COUNTED_PAGER.search(rows):
        return "listing"  # "共 486 家，当前第 2/25 页", "Showing 1 to 25 of 1,397 entries"
    if _consultation(rows, all_lines):
        return "not-article"  # a consultation's page: its proposals, dates and how to respond
    if _holds(rows, "***") and len(_MASKED_ASKER.findall(rows)) >= _LISTING_STUBS:
        return "listing"  # a complaints board: each question under its masked asker and date
    if _holds(rows, "\n作者") and len(_ITEM_BYLINE.findall(rows)) >= _LISTING_STUBS:
        return "listing"  # an index of reports or posts, each with its writers and date
    if _holds(rows, "下载") and _DOWNLOAD_COUNT.search(rows) and _PAGE_COUNT.search(rows):
        return "not-article"  # a report's download page: its pages, its format, its downloads
    if _holds(rows, "\n活动时间") and meta.og_type != "article" and _SIGN_UP.search(rows):
        return "not-article"  # an event's sign-up page: its time, place, agenda and form
    if "\nDuration:" in rows and "\nDate:" in rows and _REGISTER.search(rows):
        return "not-article"  # a webinar's page: its date, length, speakers and sign-up form
    if _holds(rows, "\n擅长") and PERSON.fullmatch(article.title or "") and "简介" in rows:
        return "not-article"  # a doctor's or an expert's page: what they treat, their résumé
    if (_holds(rows, "均价") or _holds(rows, "开盘")) and len(
        _PROPERTY_ROW.findall(rows)
    ) >= _PROPERTY_ROWS:
        return "not-article"  # a housing development's page: its price, address, dates
    if (
        paragraphs < _LISTING_STUBS
        and ("Duration" in rows or _holds(rows, "时长"))
        and _episodes(all_lines) >= _LISTING_STUBS
    ):
        return "listing"  # a show's page: its episodes, each with its length
    if _teasers(texts):
        return "listing"  # an index of excerpts, each cut off ("… the ministry says …")
    if _datelined_items(article.body, all_lines) >= _LISTING_STUBS:
        return "listing"  # a wire's index of photos or briefs, each under its own dateline
    if "\n" not in article.body and _CLIP_BLURB.match(article.body):
        return "not-article"  # a clip's page: its 简介 and nothing else
    if meta.episode and paragraphs < 3:
        return "not-article"  # a podcast episode's page: its show notes over a player
    if meta.collection and (meta.og_type or "website") == "website":
        return "listing"  # a topic's or a section's page: its description over the stories
    if (meta.gallery and paragraphs < 3) or _numbered_captions(article.body):
        return "not-article"  # a gallery's page: its pictures' captions and little else
    if meta.no_story:
        return "not-article"  # a job advert, a product, an event, a picture: as its JSON-LD says
    if meta.choices >= _SURVEY_CHOICES and paragraphs <= 5:
        return "not-article"  # a survey's or a poll's page: its questions' answers to tick
    if meta.og_type == "website" and _figures_page(article.body):
        return "not-article"  # a quote's or a product's page: figures under their labels
    if _data_page(article.title or "", article.body, size):
        return "not-article"  # a table of figures under a name: a forecast, rates, a spec sheet
    if _FORUM_URL.search(f"{path.netloc}{path.path}?{path.query}") and (
        sum(1 for line in all_lines if _POSTED_AT.match(line.text)) >= _FORUM_POSTS
    ):
        return "not-article"  # a forum thread: posts by readers, each "发表于 <time>"
    if _holds(article.body, "来自") and len(_POST_STAMP.findall(article.body)) >= _FORUM_POSTS:
        return "not-article"  # a timeline: users' posts, each stamped with its time and app
    posts = (line.text for line in all_lines if "留言" in line.text or "提问" in line.text)
    if (_holds(rows, "留言") or _holds(rows, "提问")) and sum(
        1 for text in posts if _MESSAGE_ROW.search(text)
    ) >= _FORUM_POSTS:
        return "not-article"  # a message board: readers' questions and the offices' replies
    headings = (line.text for line in all_lines if len(line.text) <= _GUIDE_HEADING_CHARS)
    if ("理" in rows or "料" in rows or "称" in rows) and sum(  # (办理…, …材料, 事项名称)
        1 for text in headings if _GUIDE_HEADING.fullmatch(text)
    ) >= _FORUM_POSTS:
        return "not-article"  # a service guide: 办理条件, 所需材料, 办理流程 under one item
    if article.published_at is None and (
        _ABOUT_PATH.search(path.path) or _ABOUT_TITLE.match(article.title or "")
    ):
        return "not-article"  # the site's own "About us" page, an agency's 机构设置
    if (
        path.path.endswith("/")
        and path.path != "/"
        and units(article.title or "") <= _SECTION_TITLE_UNITS
        and article.extraction.methods.get("published_at", "meta:date") == "meta:date"
        and not (article.authors or article.source)
    ):
        return "not-article"  # a section's own page: its name over a blurb, no story's date
    if paragraphs <= 3 and "版" in rows and len(_PAPER_PAGES.findall(rows)) >= _LISTING_STUBS:
        return "listing"  # an e-paper's page: the day's pages ("A01版：要闻"), its stories' titles
        # (a story's page in the same e-paper lists the pages too, over its paragraphs)
    if (
        paragraphs <= 3
        and _holds(rows, "\n来源")
        and len(_COVERAGE_ROW.findall(rows)) >= _LISTING_STUBS
    ):
        return "listing"  # the press's reports on the site's owner: each one's outlet and date
    if article.published_at is None and _bilingual_heads(all_lines) >= _BILINGUAL_HEADS:
        return "not-article"  # a portal's landing page: sections headed "产业导向 / INDUSTRIAL
        # ORIENTATION", each over cards, figures or links
    if article.published_at is None and _WRITERS_TITLE.match(meta.title_tag or ""):
        return "listing"  # a page of the site's writers: a name, a line and a latest story each
    if "quiz" in path.path.lower() and "quiz" in (article.title or "").lower():
        return "not-article"  # a quiz: questions and the answers to pick
    headings = [line for line in all_lines if line.block.tag in HEADINGS]
    if any(_CONTENTS_HEADING.match(line.text) for line in headings):
        return "listing"  # an issue's table of contents: its stories' titles and writers
    if article.published_at is None and any(
        _TABLE_OF_CONTENTS.fullmatch(line.text) for line in headings
    ):
        return "listing"  # the same, headed "Table of Contents", with no story's date
    if (
        article.published_at is None
        and sum(1 for h in headings if h.block.tag == "h1" and units(h.text) <= _CARD_UNITS)
        >= _CARDS
    ):
        return "not-article"  # a page of cards, each titled as a page is (a forecast's days)
    if _repeated_fields(article.body):
        return "listing"  # records, each with the same labelled fields (主讲人：…, 地点：…)
    if article.published_at is None and _NEWSLETTER_PAGE.search(path.path):
        return "not-article"  # a newsletter's sign-up page, with a sample issue perhaps
    if article.published_at is None and _QUERY_TITLE.search(article.title or ""):
        return "not-article"  # a query service, a mailbox, a vote: a form and its notes
    if _SERVICE_TITLE.fullmatch(article.title or "") or (
        meta.og_type != "article"
        and article.extraction.methods.get("title") != "heading:h1"
        and any(_SERVICE_TITLE.fullmatch(line.text) for line in headings if line.block.tag == "h1")
    ):
        return "not-article"  # a newsroom's press officers, a TV guide: a service page
    if (
        _BIOGRAPHY.match(article.body) or _titled_profile(article.title, article.body)
    ) and article.body.count("\n") < _BIOGRAPHY_LINES:
        return "not-article"  # an official's page: the résumé ("甲，男，汉族，1973年9月出生，…")
    if meta.paywalled and paragraphs < 2 and size < 2 * _SHORT_UNITS:
        return "not-article"  # a paywall's teaser: the story's first lines, then "Subscribe"
    if (meta.og_type or "").startswith("video") and paragraphs < 3:
        return "not-article"  # a clip's page: a line or two about the video
    title_tag = meta.title_tag
    if size < 150 and _NOT_FOUND.search(f"{title_tag} {article.title} {article.body[:100]}"):
        return "not-article"
    if size < 40 and (meta.password_field or _LOGIN.search(f"{title_tag} {article.title}")):
        return "not-article"
    if meta.password_field and _LOGIN_HEADLINE.match(article.title or ""):
        return "not-article"  # a login page with its plans and questions under the form
    return "article"
