"""One grammar for credit lines in Chinese and English: labels, separators, name lists.

"编辑：A 责任编辑：B" gives editors [A] and responsible editors [B]: a value ends where the next
label starts, so a label never leaks into its neighbour's value. Roles we do not publish
(图片编辑, 校对, 摄影, dates, ...) are still labels, so they end the value before them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from pressbot.extract import dates

ROLE_LABELS: dict[str, tuple[str, ...]] = {
    "responsible_editors": (
        "责任编辑",
        "責任編輯",
        "责编",
        "責編",
        "Responsible editor",
        "Editor in charge",
        "Editor-in-charge",
    ),
    "editors": (
        "见习编辑",
        "見習編輯",
        "实习编辑",
        "實習編輯",
        "网络编辑",
        "网站编辑",
        "网编",
        "網編",
        "编辑",
        "編輯",
        "小编",
        "Web editor",
        "Editor",
        "Edited by",
        "Copyedited by",
        "Copy edited by",
        "Translated and edited by",
        "Editing by",
        "Edit",
    ),
    "authors": (
        "文/图",
        "图/文",
        "文图",
        "图文",
        "作者",
        "记者",
        "記者",
        "实习记者",
        "實習記者",
        "见习记者",
        "特约记者",
        "撰文",
        "撰稿",
        "撰稿人",
        "文字",
        "报道",
        "报导",
        "報導",
        "参与",
        "实习生",
        "實習生",
        "通讯员",
        "通訊員",
        "文",
        "Author",
        "Co-author",
        "Reporter",
        "Written by",
        "Author(s)",
        "Story by",
        "Commentary by",
        "Analysis by",
        "Words by",
        "Posted by",
        "Additional reporting by",
        "Additional reporting",
        "Contributing",
        "With assistance by",
        "Reporting by",
        "Writing by",
        "Writer",
        "By",
    ),
    "source": (
        "Content source",
        "供稿",
        "本文授权转载自",
        "本文授權轉載自",
        "本文转载自",
        "本文轉載自",
        "本文转自",
        "本文轉自",
        "文章转自",
        "文章轉自",
        "本文来源",
        "本文源自",
        "文章源自",
        "来源于",
        "文章来源",
        "新闻来源",
        "信息来源",
        "稿件来源",
        "来源",
        "來源",
        "稿源",
        "出处",
        "出品",
        "发文机关",
        "发布机关",
        "發布機關",
        "發文機關",
        "发布机构",
        "發佈機構",
        "发布单位",
        "發布單位",
        "發佈單位",
        "发稿单位",
        "發稿單位",
        "Source Newsroom",
        "Source(s)",
        "Sources",
        "Source",
        "From",
        "News provided by",
        "Issued by",
        "Press release from",
        "Press release by",
        "Provided by",
    ),
}
PICTURE_SOURCE_LABELS = (
    "图片来源",
    "图像来源",
    "圖片來源",
    "圖像來源",
    "题图来源",
    "头图来源",
    "首图来源",
    "封面来源",
    "图源",
)
"""Where a picture came from: a photo credit under it, not the text's source."""
IGNORED_LABELS = (
    "图片编辑",
    "版面编辑",
    "制版编辑",
    "美术编辑",
    "美编",
    "视频编辑",
    "编审",
    "主编",
    "总编辑",
    "值班编辑",
    "流程编辑",
    "新媒体编辑",
    "运营编辑",
    "选稿",
    "校对",
    "审校",
    "核稿编辑",
    "核稿編輯",
    "核稿",
    "审核",
    "审稿",
    "终审",
    "初审",
    "复审",
    "二审",
    "三审",
    "监制",
    "出品人",
    "策划",
    "统筹",
    "摄影",
    "攝影",
    "摄像",
    "攝像",
    "图片",
    "图",
    "圖片",
    "圖",
    "摄",
    "攝",
    "制图",
    "设计",
    "翻译",
    "译者",
    "譯者",
    "编译",
    "类别",
    "栏目",
    "所属栏目",
    "信息分类",
    "主题分类",
    "索引号",
    "发文字号",
    "文号",
    "主题词",
    "文章录入",
    "录入",
    "发文日期",
    "发布时间",
    "发表时间",
    "发布于",
    "发表于",
    "发布日期",
    "成文日期",
    "更新时间",
    "發布時間",
    "發佈時間",
    "發布日期",
    "發佈日期",
    "更新時間",
    "時間",
    "出版",
    "更新",
    "时间",
    "日期",
    "点击数",
    "点击",
    "浏览次数",
    "浏览量",
    "點閱次數",  # a Taiwanese page's counter ("發布單位：農業處 點閱數：86")
    "點閱數",
    "點擊數",
    "瀏覽次數",
    "瀏覽人次",
    "瀏覽數",
    "閱讀次數",
    "访问量",
    "阅读量",
    "封面图片来源",
    "数据来源",
    *PICTURE_SOURCE_LABELS,
    "阅读",
    "字号",
    "字体",
    "Article Type",
    "关键字",
    "关键词",
    "引用地址",
    "解读机构",  # a 政策解读 page's interpreting office and official: who explains the policy,
    "解读单位",  # not where the page's text came from ("来源：市发改委 解读机构：市发改委")
    "解读部门",
    "解读人",
    "Photo",
    "Photographer",
    "Translator",
    "Translated by",
    "Proofreader",
    "Published",
    "Updated",
    "Posted",
    "Date",
    "Time",
    "Medically reviewed by",
    "Reviewed by",
    "Sources/Usage",  # a picture's terms of use (USGS), not where the text came from
)
_LABEL_ROLE = {label: role for role, labels in ROLE_LABELS.items() for label in labels}
_LABEL_ROLE.update(dict.fromkeys(IGNORED_LABELS, "ignored"))
_ALL_LABELS = sorted(_LABEL_ROLE, key=len, reverse=True)
_ROLE_OF_LOWER = {label.lower(): role for label, role in _LABEL_ROLE.items()}
"""`_LABEL_ROLE` by lower-cased label (no two labels differ in case only)."""
_COLONS = "：:﹕"
"""A label's colon: full-width, ASCII, and the small one Hong Kong papers print."""
_SEP = rf"\s*[{_COLONS}丨|｜／/】]\s*"
"""What sets a label off from its value: a colon, a bar, a slash, or the bracket it stands in
("【来源】 某客户端")."""
_CJK_LABEL_WORDS = [x for x in _ALL_LABELS if not x.isascii()]
_EN_LABEL_WORDS = [x for x in _ALL_LABELS if x.isascii()]
_CJK_LABELS = "|".join(map(re.escape, _CJK_LABEL_WORDS))
_EN_LABELS = "|".join(map(re.escape, _EN_LABEL_WORDS))


def _starts(words: Iterable[str]) -> str:
    """A lookahead admitting only the first characters of `words`, in either case: set before
    an alternation of many words, it rejects most positions with one set test, where sre would
    try every word there (it builds such a test itself only when each word is a plain literal
    and case counts). It admits every position the alternation could match at, so it changes
    no match: `LABEL_RE` runs three times as fast with it."""
    firsts = {c for word in words for c in (word[0].lower(), word[0].upper())}
    return f"(?=[{re.escape(''.join(sorted(firsts)))}])"


_ENBY_WORDS = (
    "Issued",
    "Provided",
    "Medically reviewed",
    "Reviewed",
    "Additional reporting",
    "Reporting",
    "Writing",
    "Written",
    "Story",
    "Commentary",
    "Analysis",
    "Words",
    "Editing",
    "Edited",
    "Copyedited",
    "Copy edited",
    "Translated and edited",
    "Translated",
    "Posted",
    "With assistance",
    "Charts",
    "Graphics",
    "Photos",
    "Illustrations",
)
_JOB_TITLE_WORDS = (
    r"(?:(?-i:[A-Z][a-z]+)\s+)?(?:[a-z]+\s+){0,3}"
    r"(?:reporter|writer|correspondent|editor|columnist|producer)s?\s+"
)
"""A job title in lower case before the name a byline names ("By political reporter Jane Roe"),
maybe after the agency's name ("by Xinhua writers A, B")."""
_JOB_TITLE_AHEAD = _JOB_TITLE_WORDS + "[A-Z]"


def _trie(words: Iterable[str]) -> str:
    """An alternation of `words` with their shared beginnings factored out ("责任编辑|责编" as
    "责(?:任编辑|编)"), letters grouped as IGNORECASE matches them: at a position sre tries the
    one branch for its character where it tried every word. It matches what the plain
    alternation matches, backtracking included, when each word comes before every word that
    it begins (longest first, as `_ALL_LABELS` is sorted): the words that match at a position
    each begin the next, and both forms try them longest first. The words are ASCII or of no
    case, so `lower` groups exactly the characters that IGNORECASE takes for one another."""
    groups: dict[str, tuple[str, list[str]]] = {}
    ends = False
    for word in words:
        if word:
            groups.setdefault(word[0].lower(), (word[0], []))[1].append(word[1:])
        else:
            ends = True
    branches = [re.escape(first) + _trie(rests) for first, rests in groups.values()]
    if not branches:
        return ""
    if ends:
        branches.append("")
    return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"


LABEL_RE = re.compile(
    rf"{_starts([*_ALL_LABELS, *_ENBY_WORDS, 'By', 'SOURCE', 'News', 'Press'])}"
    rf"(?:{_starts(_CJK_LABEL_WORDS)}(?P<cjk>{_trie(_CJK_LABEL_WORDS)})(?:{_SEP}|\s+(?=\S))"
    rf"|(?<![A-Za-z])(?:{_starts(_EN_LABEL_WORDS)}(?P<en>{_trie(_EN_LABEL_WORDS)}){_SEP}"
    rf"|(?-i:(?=B)(?:^|(?<=(?:19|20)\d\d ))(?P<by>By|BY)"
    rf"(?:\s+(?:[—–]\s+)?(?=[A-Z]|{_JOB_TITLE_AHEAD})|(?=[A-Z][a-z])))"
    rf"|(?-i:^(?P<src>SOURCE)\s+(?=[A-Z]))"
    rf"|(?=[NnPp])(?P<prov>News provided by|Press release by)\s+(?=[A-Z])"
    rf"|{_starts(_ENBY_WORDS)}(?P<enby>{_trie(_ENBY_WORDS)} by)\s+(?=[A-Z]))"
    rf"|(?<=[a-z])(?-i:(?=[A-Z]))(?P<glued>{_trie(_EN_LABEL_WORDS)})\s*[{_COLONS}]\s*)",
    re.IGNORECASE,
)
"""A label and its separator. Every position must pass the lookahead for the first character
of some label, and all but a Chinese label's must follow no ASCII letter: sre tests each
position once, where it tried all six branches at every position; the label words as tries
(`_trie`). Twice as fast as the six branches side by side, which it matches (see
tests/test_extract_speedups.py). An English label glued to the name before it, as adjacent
spans print them ("By Jane RoePublished: June 3"), is one when capitalised and followed by its
colon."""
_BARE_LABELS = re.compile(rf"(?:\s*(?:{_CJK_LABELS})\s*[{_COLONS}])+\s*")
"""Chinese labels with empty values: "责任编辑：", "编辑： 责任编辑：" (a CMS printed no name)."""
_MAY_HOLD_LABEL = re.compile(
    rf"[{_COLONS}丨|｜／/】bB\s](?:(?<=[{_COLONS}丨|｜／/】])|(?<=[bB])[yY]\s|(?<=[^\x00-\x7f]\s))"
)
_LEAD_LABEL = re.compile(r"SOURCE\s|by[A-Z]", re.IGNORECASE)
"""What every `LABEL_RE` match contains: a separator, "by" and a space, a CJK label's following
space, or at the start PR Newswire's "SOURCE " or a glued "byJane". Most lines have none of them,
and these tests cost a fifteenth of `LABEL_RE`: a pattern that opens with one set of characters
and spells out case itself lets sre jump from one of those characters to the next."""


_MAY_HOLD_LABEL_ASCII = re.compile(r"[:|/bB](?:(?<=[:|/])|(?<=[bB])[yY]\s)")
"""`_MAY_HOLD_LABEL` for a line of ASCII, which holds none of its full-width separators and no
Chinese character for a space to follow: it stops at no space, and runs twice as fast."""
_LEAD_FIRSTS = "BbSsſ"
"""What a `_LEAD_LABEL` match starts with ("ſ" as IGNORECASE reads it for "s"): the test spares
the regex call on most lines."""


def may_hold_label(line: str) -> bool:
    found = (_MAY_HOLD_LABEL_ASCII if line.isascii() else _MAY_HOLD_LABEL).search(line)
    if found is not None:
        return True
    if line[:1] not in _LEAD_FIRSTS:
        if not (line[:1].isspace() or line[:1] in _STRIPPED_AHEAD):  # (most lines)
            return False
        line = _LEADING.sub("", line, count=1)  # "。ByJane": `strip_brackets` drops the "。"
    return line[:1] in _LEAD_FIRSTS and _LEAD_LABEL.match(line) is not None


_LONG_CJK_LABELS = [x for x in _CJK_LABEL_WORDS if len(x) > 1]
_LABEL_WORD = re.compile(
    rf"{_starts(_LONG_CJK_LABELS)}{_trie(_LONG_CJK_LABELS)}"
    rf"|{_starts(_EN_LABEL_WORDS)}\b{_trie(_EN_LABEL_WORDS)}\b",
    re.IGNORECASE,
)
"""A label word in a name: the Chinese labels of two characters or more, the English ones as
whole words. As tries behind a lookahead for their first characters, where sre tried some two
hundred words at every position: ten times as fast."""
_OPEN = "（(【[〔「『<《"
_CLOSE = "）)】]〕」』>》"
_STRIPPED_AHEAD = "。.;；,，" + _OPEN
_LEADING = re.compile(rf"[\s{re.escape(_STRIPPED_AHEAD)}]+")
"""What `strip_brackets` may take off a line's start (and more): a label it leaves at the start
is one that only the start of a line makes (`_LEAD_LABEL`)."""
_BUTTONS = re.compile(r"\s*【[^【】：:]{0,8}】\s*|\s*\[[^\[\]:：]{0,8}\]\s*")
"""Bracketed controls that share a row with a credit ("【我要纠错】 责任编辑：张三", "[打印]"),
or the brackets they leave when the page's script links go ("责任编辑：张三 【】【】")."""


def _unbuttoned(text: str) -> str:
    """`text` without `_BUTTONS`; the regex only runs where a bracket opens, as each of its
    matches does: most values have none, and the test costs a tenth of the regex's."""
    return _BUTTONS.sub("", text) if "【" in text or "[" in text else text


_MORE_BY = re.compile(
    r"\s+(?:(?:Read|See) )?more (?:(?:stories|articles|posts) )?"
    r"(?:by|from) this (?:author|writer)$",
    re.IGNORECASE,
)
"""The link to the writer's other stories after the byline ("By Jane Roe More by this Author")."""
_PAPER_STAFF = re.compile(
    r"(?:(?<=^By )|(?<= and ))([A-Z][a-z]+ [A-Z][a-z'’-]+) [A-Z][a-z]+ (?:Staff|Correspondent)"
    r"(?=\s+and\s|\s*,|\s*$)"
)
"""A writer's post after the name, with no comma, as a paper prints it ("By Jane Roe Globe Staff
and John Doe Globe Correspondent"): the paper's, not part of the name."""
_FONT_CONTROL = re.compile(r"\s*[【\[]\s*字[号体]\s*[：:]?\s*(?:[大中小]\s*)*[】\]]")
"""A font-size control in brackets, its buttons there or gone ("【字体：大 中 小】", "【字体： 】"):
its 字体 is no label, so it goes before the labels are read."""
_BRACKETED_VALUE = re.compile(r"[\[【]\s*([^\[\]【】:：]{1,30}?)\s*[\]】]")
"""A value in brackets of its own ("责任编辑：[葛某]", as TRS templates print the field)."""
_CLOSED_THEN_PROSE = re.compile(r"[^（(）)]{1,40}?[）)]\s*[^\s（(【\[〔|｜].{9,}")
"""A value whose bracket the text before its label opened, then a sentence: the reporters of a
paragraph's dateline ("新华社福州3月4日电（记者 甲）记者从……获悉，…"), which `dateline_authors`
reads; the paragraph is text, no credit line."""
_CONTROL = re.compile(r"纠错|打印|关闭|收藏|分享|返回|字[号体]|[大中小]\s*[大中小]")
_STAFF_CODE = re.compile(
    r"(?:[_\s]+[A-Z]{0,4}\d{2,}[A-Z]?|\s+[A-Z]{2,4}\d*|[_\s]*[A-Z]{1,4}\d{2,})$"
)
_NAME_SPLIT = re.compile(
    r"\s*(?:,\s*and\s+|[、，,/；;]|\s+and\s+|&)\s*|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])"
)
_TRAILING_CREDIT = re.compile(r"[（(]\s*(?P<inner>[^（()）]{1,120}?)\s*[）)](?:\s*\d{6,8})?\s*$")
"""A closing credit in brackets, with the filing code some agencies add ("（編輯：X）1090603")."""
_TRAINEE_RANK = re.compile(
    r"(?<=[\u4e00-\u9fff])\s*[（(](?:实习生?|實習生?|见习|見習)[）)](?=$|[\s、，,;；|｜/】\]])"
)
"""A trainee's rank in brackets after a name ("责任编辑：甲（实习）", "乙(实习生)"): no name, and
实习生 in it no label of its own."""
_TRAILING_LABELLED = re.compile(r"[【\[]\s*(?P<inner>[^【】\[\]]{2,40}?)\s*[】\]]\s*$")
"""A labelled credit in square brackets closing a paragraph ("…(完)【编辑:甲】", as a copy of a
中新网 page glues it on): read only when a label is in it, so "【详细】" stays text."""
_DATELINE_AUTHOR = re.compile(
    r"[（(【\[〔](?P<lead>[^（()）【】\[\]〔〕]{0,12}?)(?:记者|記者)\s*[/／:：]?\s*"
    r"(?P<names>[^（()）【】\[\]〔〕]{1,40}?)\s*[）)】\]〕]"
)
_CORRESPONDENTS_DATELINE = re.compile(
    r"(?=[电電讯訊消\d])"  # each branch's first character: one test rejects most positions
    r"(?:(?:电|電|讯|訊|消息)\s*[（(](?P<lead>)(?:通讯员|通訊員)\s*[/／:：]?\s*"
    r"(?P<names>[^（()）【】\[\]〔〕]{1,40}?)\s*[）)]|"
    r"\d日[电電]\s*[（(](?P<bare>[\u4e00-\u9fff]{2,4}(?:[ 、][\u4e00-\u9fff]{2,4}){0,3})[）)]|"
    r"\d日(?:电|電|讯|訊|报道|報導)\s*[（(]\s*文\s*[/／]\s*"
    r"(?P<text_by>[\u4e00-\u9fff·]{2,6}(?:[ 、][\u4e00-\u9fff·]{2,6}){0,3})\s*[）)])"
)
"""A dateline's bracket of correspondents alone ("…6月3日电（通讯员 甲 乙）"), of bare names
after an agency's "电" ("中新经纬6月3日电（宋某）"), or of who wrote the text
("6月3日报道（文/甲）"): its writers."""
_SPACED_LABEL = re.compile(
    r"([\u4e00-\u9fff](?<![^\s：:|｜][\u4e00-\u9fff]) (?:[\u4e00-\u9fff] ){0,2}[\u4e00-\u9fff])"
    r"(?=\s*[：:])"
)
"""A label spaced out a character at a time to line up in a table ("主 题 词：", "文 号："), after
a space, a colon, a bar or nothing. Written to open with its first character, so that sre scans
for a Chinese character; the lookbehind behind that character asks what the one before it is,
as one before it did."""


def _unspaced(match: re.Match[str]) -> str:
    return match.group(1).replace(" ", "")


_OPENER_NAMES = r"[\u4e00-\u9fff]{2,3}(?:、[\u4e00-\u9fff]{2,3})*"
_OPENER_REPORTER = re.compile(
    r"(?:【[^【】]{1,12}(?:讯|訊|消息)】|[\u4e00-\u9fff]{1,10}(?:讯|訊)|(?![据據根])[\u4e00-\u9fff]{2,6}?)?"
    r"\s*(?:记者|記者)\s*"
    rf"(?P<names>{_OPENER_NAMES}(?:\s*(?:通讯员|通訊員|实习生|實習生|(?:实习|實習)?(?:记者|記者))"
    rf"\s*{_OPENER_NAMES})*)(?:\s*(?:报道|報道|報導)\s*(?:[：:，,]|(?=\d{{1,2}}月))|"
    r"\s+(?=\d{1,2}月\d{1,2}日))"
)
"""Reporters named after the paper's news mark with no brackets ("【大公報訊】記者甲報道：",
"江西日报讯 记者甲 通讯员乙报道：", or its name alone or nothing: "橙新聞記者 甲報道：", or no
报道 but a space before the day: "本报讯 记者甲 通讯员乙 6月2日凌晨"; not
"据某社记者甲报道", another's report): names of two or three characters right before 报道 or the
next one's title, so that a place glued to a name ("记者甲北京报道") gives none rather than a
wrong one."""
_OPENER_WRITER = re.compile(
    rf"(?:文|文图|文/图|图/文|文／图)\s*[/／:：]?\s*(?P<names>{_OPENER_NAMES})\s+(?=\d{{1,2}}月\d{{1,2}}日)"
)
"""The writer named at the text's start, a space before the day ("文/图 甲 6月2日10时，…")."""
_REPORTER_TITLE = re.compile(
    r"\s*(?:(?:实习|實習|特约|特約|见习|見習)?(?:记者|記者)|通讯员|通訊員|实习生|實習生)\s*[/／:：]?\s*"
)
"""A second reporter's title inside the brackets ("记者甲 实习记者乙", "记者/甲 通讯员/乙"): a
separator."""
_WHO_IS = re.compile(r"\s*[，,]\s*系[\u4e00-\u9fff]{2,40}$")
"""A writer's post after the name ("（作者：钟某，系某大学教授）"), no second name."""
_AFFILIATION = re.compile(
    r"\s*(?:[（(][^（()）]{2,40}[）)]|(?:\s\S{1,4})?(?:报道|報導)|\s发自[\u4e00-\u9fff]{2,6})\s*$"
)
"""What follows a writer's name in a byline: an affiliation in brackets, or the verb 报道 and
where from ("记者 甲 通讯员 乙 报道", "记者 甲 乙 北京报道"), or where the writer filed from
("记者 甲 发自广州")."""
_CORRESPONDENT_FIRST = re.compile(r"(?:通讯员|通訊員|实习生|實習生)\s*[/／:：]?\s*(?P<names>\S.*)")
"""A correspondent named before the reporter inside a dateline's brackets."""
_DISCREPANCY = re.compile(r"(?<=\.)\s+In case of (?:any )?discrepanc(?:y|ies)\b.*$")
"""A translation's note after its translators' names: which text prevails."""
_LEAD_OUTLET = r"[\u4e00-\u9fff]{2,14}(?:网站|网|报|社|台|客户端|新闻)"
_OUTLET_LEAD = re.compile(
    rf"(?P<outlet>{_LEAD_OUTLET})"
    r"(?:\s*(?P<bar>[|｜丨])|\s+(?P<names>[\u4e00-\u9fff]{2,4}(?:\s+[\u4e00-\u9fff]{2,4})*))"
)
"""An outlet before a byline's first label: set off by a bar it is the source; followed by
names, they are its reporters."""
_CJK_OUTLET = re.compile(rf"{_LEAD_OUTLET}|[\u4e00-\u9fff]{{2,14}}(?:報|新聞)")
"""A name of that outlet's shape among the names after it, in either script: another outlet
the story ran in ("新安晚报 安徽网 大皖新闻 记者 甲"), no reporter."""
_AGENCIES_AFTER = re.compile(
    r"[（(]\s*([\u4e00-\u9fff]{1,6}社(?:[、，,]\s*[\u4e00-\u9fff]{1,6}社)*)\s*[）)]$"
)
"""News agencies in brackets after a writer's name: where the text came from."""
_SITE_ADDRESS = re.compile(r"[（(]\s*(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)+/?\s*[）)]")
"""An outlet's web address in brackets after its name ("某时报（www.example.cn）记者 甲")."""
_DASH_FIELD = re.compile(r"\s+[-–—·•]\s+|\s+[·•]$")
_PROVIDER = re.compile(r"(?:The )?[A-Z][\w&.'’-]*(?: [A-Z][\w&.'’-]*){0,4}")
"""An outlet's name in capitals, the field after the writer's in an aggregator's byline."""
"""A spaced dash or dot after a byline's names: the next field (a date, another credit)."""
_WORDS = re.compile(r"[\u4e00-\u9fff]|[^\W\d_]+")
"""Words of a value, a CJK character each: how much it says."""
_ORGANIZATION = re.compile(
    r"[\u4e00-\u9fff](?:法院|检察院|政府|公安局|委员会|办公室|中心|研究所|研究院|学院|大学|医院|"
    r"集团|公司|网站|日报|晚报|电视台|内科|外科|儿科|宣传科|宣传部)$"
)
"""A writers' unit named before them: an organisation, no person."""
_LEAD_DASHES = "—–- "
"""Dashes that open a closing credit ("— With assistance by A", "— CNBC's X contributed")."""
_FOR_OUTLET = re.compile(r"\s+for\s+\S.*$", re.IGNORECASE)
"""Whom a byline's writer filed for ("By Jane Doe for MailOnline"): no part of the name."""
_BAR_EMAIL = re.compile(r"\s+[|｜]\s+\S+@\S+\.\w+(?=\s+and\s)")
"""Each writer's e-mail after a bar, where a byline names several ("By A | a@x.com and B")."""
_CJK_BAR = re.compile(r"(?<=[\u4e00-\u9fff])\s*[|｜]")
"""A bar glued to a Chinese name ("作者：甲| 查看: 2385"): the next field of a Discuz! row."""
_FIELD_BAR = re.compile(r"\s+[|｜]\s+|\s+\S+@\S+\.\w+|\s+\[email\s?protected\]")
"""A spaced bar or an e-mail address (or the "[email protected]" a CDN prints in its place): the
next field of a byline row, not more names."""
_DATE_START = re.compile(r"\s*(?:19|20)\d{2}\s*[-/.年]\s*\d")
_SLASHED_ROLE = re.compile(
    r"\s*[\u4e00-\u9fff·]{2,4}\s*[/／]\s*(?:图|圖|摄影|攝影|摄|攝|视频|視頻)(?=\s|$)|"
    r"\s*[/／]\s*文(?=\s|$)"
)
"""A role after each name ("郗某远/文 蔺某琪/图"): the writer's mark goes, the photographer too."""
_HELPED = re.compile(r"\s*对本文(?:亦|也)?有(?:所)?贡献$")
"""A helper's note after the name ("实习生 乙 对本文亦有贡献"): one more writer."""
_FILED_AT = re.compile(r"\s+(?:發自|发自)[\u4e00-\u9fff]{2,6}$")
"""Where a reporter filed from, after the name ("記者 甲 發自香港"): no name."""
_FILED_FROM = re.compile(
    r"[\u4e00-\u9fff]{2}\d{1,2}日[电電]$|\s*[/／]\s*[\u4e00-\u9fff]{2,6}(?:报道|報導)$|"
    r"\s+(?:报道|報導)$"
)
"""Where (and when) the reporter filed, inside the brackets ("（中央社記者溫可柔台北3日電）",
"〔記者甲、乙／台北報導〕"): after a slash any place; glued to the last name, a two-character
place (台北, 东京) and the day, and a longer place name is left on the name; a spaced 报道 alone
("（记者 甲 通讯员 乙 报道）") says they reported it."""
_LEADING_DATE = re.compile(
    r"(?:(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?)?\s*"
    r"(?:\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?\s*(?:星期.|周.)?"
)
PLACEHOLDER_NAMES = frozenset(
    {
        "系统管理员",
        "管理员",
        "admin",
        "administrator",
        "佚名",
        "未知",
        "本站",
        "网络",
        "互联网",
        "网络整理",
        "综合",
        "原创",
        "网友",
        "匿名",
        "press release",
    }
)
_SOURCE_PREFIX = re.compile(
    r"^(综合整理自|综合自|整理自|转载自|转自|摘自|选自|摘编自|编译自|"
    r"[Ww]ith (?:inputs?|files) from\s+)"
)
_OUTLET_SUFFIX = r"(?:社|报|网|台|新闻|日报|晚报|周刊|杂志|通讯|客户端|电视台|广播)"
_OUTLET = re.compile(rf"{_OUTLET_SUFFIX}$")
_SOURCE_END = re.compile(
    r"\s{2,}|\s+(?=https?://|原创)|\s*[|｜丨【]\s*|\s*(?:19|20)\d{2}\s*(?:[-/.年]\s*\d|年\s*第)|"
    r"\s+(?=(?:浏览|阅读|点击|瀏覽|閱讀)(?:量|数|次数)?\s*(?:[:：]|$))|\s+(?=佛[曆历]\d{4})"
)
"""Where a source value ends: a wide gap, a URL, an "original" badge ("来源：某网 原创"), a "|"
field separator, a bracketed control (【字体：大 中 小】), a date, a counter ("浏览:3256 次"), a
Buddhist-era date ("佛曆2563年6月3日")."""
_ACCOUNT_ID = re.compile(r"\s*[（(]\s*(?:ID|微信号)\s*[：:]\s*[\w-]+\s*[）)]$", re.IGNORECASE)
"""An account's ID after its name ("某某财经（ID：abc123）"): the handle, not the outlet."""
_ABBREVIATION = re.compile(r"\b(?:Inc|Ltd|Co|Corp|Bros|Jr|Sr|S\.A|N\.V)$")
_OUTLET_THEN_MORE = re.compile(rf"([\u4e00-\u9fff]{{2,}}{_OUTLET_SUFFIX})\s+[^\s·・•]")
"""A Chinese outlet's name, then a space and more (a "参与互动" link beside it): the name; a
middle dot joins a second outlet's name to it ("中国证券报 · 中证网"), which stays."""


@dataclass
class Credits:
    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    responsible_editors: list[str] = field(default_factory=list)
    source: str | None = None

    def __bool__(self) -> bool:
        return bool(self.authors or self.editors or self.responsible_editors or self.source)

    def merge(self, other: Credits, *, add_names: bool = False) -> None:
        """Fill what is still empty (first found wins per field); with `add_names`, names
        join those already found (a byline, then "Additional reporting by" at the end). Names
        also join when the other list holds all of these and more: the same team printed
        twice, once in full ("作者：甲" in the row, "记者 甲 通讯员 乙" above the text). A name
        spelled in other case is the same person ("By JANE ROE", "Jane Roe contributed")."""
        for role in ("authors", "editors", "responsible_editors"):
            mine: list[str] = getattr(self, role)
            theirs: list[str] = getattr(other, role)
            if not mine or add_names or set(mine) < set(theirs):
                known = {n.casefold() for n in mine}
                for name in theirs:
                    if name.casefold() not in known:
                        mine.append(name)
                        known.add(name.casefold())
        if self.source is None:
            self.source = other.source


def strip_brackets(text: str) -> str:
    """Remove the brackets enclosing the whole text, and surrounding punctuation.

    >>> strip_brackets("【责任编辑:张三】"), strip_brackets("(Web editor: A)")
    ('责任编辑:张三', 'Web editor: A')
    >>> strip_brackets("【纠错】 责任编辑：张三 【打印】")  # two bracket pairs, none around it all
    '【纠错】 责任编辑：张三 【打印】'
    """
    text = text.strip().strip("。.;；,，")
    while text and text[0] in _OPEN and text[-1] in _CLOSE and _encloses(text):
        text = text[1:-1].strip()
    return text


def _encloses(text: str) -> bool:
    """Does the bracket opening `text` close only at its end?"""
    depth = 0
    for char in text[:-1]:
        depth += (char in _OPEN) - (char in _CLOSE)
        if depth <= 0:
            return False
    return True


_HAN = re.compile(r"[\u4e00-\u9fff]")
_PLACE_AFTER_NAME = re.compile(r"\s+in\s+[A-Z][\w .'-]*$")
_CJK_NOT_IN_NAME = re.compile(r"[，。！？；：\d]")
_NOT_IN_NAME = re.compile(r"[!?;:@]")
"""The patterns `clean_name` and `_plausible_name` run on every name, compiled once: `re.search`
with a pattern's text looks it up in `re`'s cache on each call, at three times the cost of the
search."""


def clean_name(name: str) -> str:
    """A printed name minus brackets, staff codes and decoration.

    >>> clean_name("王某_NBJ11279"), clean_name("赵某 PK155"), clean_name("[李四]")
    ('王某', '赵某', '李四')
    >>> clean_name("孙某】"), clean_name("孙某 】")
    ('孙某', '孙某')
    >>> clean_name("Sam Lee in Singapore")
    'Sam Lee'
    """
    name = strip_brackets(name.strip(" \t:：|丨·•-—_*"))
    if name and name[-1] in _CLOSE and not any(c in _OPEN for c in name):
        name = name[:-1].rstrip()  # "【纠错】【责任编辑:张三】": it closes the label's bracket
    # a Chinese name's staff code off; "Sam Lee in Singapore": the place says where, not who
    name = _STAFF_CODE.sub("", name) if _HAN.search(name) else _PLACE_AFTER_NAME.sub("", name)
    return name.strip(" \t:：|丨·•-—_*.,，。")


_PADDED_NAME = re.compile(
    r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff])[ \u3000]+([\u4e00-\u9fff])(?![\u4e00-\u9fff])"
)


def split_names(value: str) -> list[str]:
    """Name list to names: 、 ， , / and, and spaces between CJK names.

    >>> split_names("张三、李四"), split_names("Alice Wang, Bob Li"), split_names("汤诗瑶 丁涛")
    (['张三', '李四'], ['Alice Wang', 'Bob Li'], ['汤诗瑶', '丁涛'])

    Print typesetting pads a two-character name to the width of three ("柯　岚"): two lone
    characters apart are one name, since one character is no name.

    >>> split_names("柯 岚 宋立新"), split_names("王 刚、李 强")
    (['柯岚', '宋立新'], ['王刚', '李强'])
    >>> split_names("何某、實習記者林某"), split_names("Amazon Staff")
    (['何某', '林某'], [])
    >>> split_names("郝某 某某研究院 研究员")  # the writer's institute and job, no names
    ['郝某']
    >>> split_names("Jane Roe, Army Public Affairs")
    ['Jane Roe']
    """
    value = strip_brackets(value)
    if " " in value or "\u3000" in value:  # what parts every padded name
        value = _PADDED_NAME.sub(r"\1\2", value)
    names = [clean_name(_lead_title(part)) for part in _NAME_SPLIT.split(value)]
    return [n for n in dict.fromkeys(names) if _plausible_name(n)]


def _lead_title(part: str) -> str:
    """A later name's own reporter title off ("撰文：甲、實習記者乙"), so that the label word
    in it does not make the name a label."""
    found = _REPORTER_TITLE.match(part)
    return part[found.end() :] if found and found.end() < len(part) else part


def has_label_word(name: str) -> bool:
    """True when a label (编辑, 来源, Editor, ...) stands inside `name`: then it is no name.

    >>> has_label_word("责任编辑责任编辑"), has_label_word("Edith Wang")
    (True, False)
    >>> has_label_word("Web Editor")
    True
    """
    return bool(_LABEL_WORD.search(name))


_OFFICE_NAME = re.compile(
    r" (?:Public Affairs|Affairs Office|Press Office|Media (?:Centre|Center|Office|Relations)|"
    r"Communications|Office|Bureau|Department|Ministry|Command)$|"
    r"\b(?:University|Institute|College|Hospital|Foundation|Association|Laboratory)\b"
)
_WEB_NAME = re.compile(r"\.(?:com|net|org|in|co\.uk)$", re.IGNORECASE)
_CJK_JOB = re.compile(
    r"(?:研究员|分析师|主任|教授|博士|讲师|工程师|律师|医师|主编|撰稿人|作家|研究院|研究所)$"
)


def _plausible_name(name: str) -> bool:
    if not name or name.lower() in PLACEHOLDER_NAMES or has_label_word(name):
        return False
    if name.isascii() and name.islower() and "admin" in name:
        return False  # a CMS login ("ssadmin"), no one's printed name
    if name.endswith((" Staff", " staff", " STAFF")):
        return False  # "Written by Amazon Staff", "Reuters Staff": an outlet's, no person
    if _OFFICE_NAME.search(name) or _WEB_NAME.search(name):
        return False  # "By Jane Roe, Army Public Affairs", "News18.com": an office, a site
    if _HAN.search(name):
        return (
            len(name) <= 12
            and not _CJK_NOT_IN_NAME.search(name)
            and not _CJK_JOB.search(name)  # "作者：甲 某研究院 研究员": the writer's job
        )
    return len(name) <= 40 and len(name.split()) <= 5 and not _NOT_IN_NAME.search(name)


_SOURCE_CHARS = {False: 40, True: 80}
"""The longest source name: a department's English name runs twice a Chinese one's length
("Innovation, Science and Economic Development Canada")."""


_DESK_INITIALS = re.compile(r"(?<=[A-Z])(?:/[a-z]{1,3})+$")
"""Staff initials after an outlet's name ("CNA/ab", "CNA/ga/ic"): who handled the story at the
desk, no part of the outlet."""


_LANGUAGE_TAG = re.compile(r"\s*\((?:sp|en|es|fr|pt|de|in (?:Spanish|English|French|Portuguese))\)")
"""A source's language after its name ("Milenio (sp)"): a note to the reader, not the name."""


_LETTER = re.compile(r"[^\W\d_]")
_TITLED_PERSON = re.compile(
    r"(?:The )?(?:Rt\.? Hon\.?|Right Hon(?:ourable)?) .*|[A-Z].* MP"
    r"|(?:Minister|Secretary of State) (?:for|of) .*|(?:Lord|Baroness) [A-Z].*"
)
"""A part of a source value that names a person by title: a minister beside the department
("Department for Transport and The Rt Hon Jane Roe MP", as GOV.UK's "From:" prints it)."""
_MAY_NAME_PERSON = re.compile(r"\b(?:MP|Hon|Minister|Secretary|Lord|Baroness)\b")
_SOURCE_JOINS = re.compile(r"(,? and |, | & )")


def _without_people(value: str) -> str:
    """`value` minus the parts after its first that name a person by title: an organisation
    first, its ministers after it, as GOV.UK lists them; the organisations keep the joins
    printed between them.

    >>> _without_people("Department for Transport and The Rt Hon Jane Roe MP")
    'Department for Transport'
    >>> _without_people("Office of the Premier, Fairbank House and Minister for Roads Al Roe")
    'Office of the Premier, Fairbank House'
    >>> _without_people("Lord Roe & Co, Inc.")  # a person's name first: a firm's name
    'Lord Roe & Co, Inc.'
    """
    pieces = _SOURCE_JOINS.split(value)  # part, join, part, ...
    if _TITLED_PERSON.fullmatch(pieces[0]):
        return value
    kept = pieces[:1]
    for join, part in zip(pieces[1::2], pieces[2::2], strict=True):
        if not _TITLED_PERSON.fullmatch(part):
            kept += [join, part]
    return "".join(kept)


def clean_source(value: str) -> str | None:
    """An outlet name from a source value: brackets, "转载自"-style prefixes, URLs, and what
    shares its row (a date, a "|" field, a link after a Chinese outlet's name) dropped.

    >>> clean_source("综合整理自澎湃新闻、智东西"), clean_source("网络")
    ('澎湃新闻、智东西', None)
    >>> clean_source("Xinhua | 2020-06-03 17:42:05"), clean_source("中国新闻网 参与互动")
    ('Xinhua', '中国新闻网')
    >>> clean_source("央视新闻客户端 2020年06月03日"), clean_source("Northpass Biologics, Inc.")
    ('央视新闻客户端', 'Northpass Biologics, Inc.')
    >>> clean_source("《财新周刊》 2020年第21期 出版日期2020年06月01日")
    '财新周刊'
    >>> clean_source("某某财经（ID：abc123）")
    '某某财经'
    >>> clean_source("Harbours and Coastal Infrastructure Canada")
    'Harbours and Coastal Infrastructure Canada'
    >>> clean_source("中国证券报 · 中证网"), clean_source("某某邦 原创")
    ('中国证券报 · 中证网', '某某邦')
    >>> clean_source("某某资讯 · 2020/06/03 14:32")  # the separator before the date
    '某某资讯'
    >>> clean_source("--")  # a counter's placeholder beside the date, not yet filled

    >>> clean_source("CNA/ab"), clean_source("AFP/Reuters")  # a desk's initials; two agencies
    ('CNA', 'AFP/Reuters')
    >>> clean_source("Milenio (sp), El Universal (sp)")  # the language each is in
    'Milenio, El Universal'
    >>> clean_source("法国《回声报》")  # the paper's country before its title
    '回声报'
    >>> clean_source("Northlight Communications on behalf of Spokes for All")  # the client
    'Spokes for All'
    """
    if "(" in value:
        value = _LANGUAGE_TAG.sub("", value)
    value = _SOURCE_PREFIX.sub("", strip_brackets(value).strip(" \t:：|丨"))
    value = strip_brackets(_ACCOUNT_ID.sub("", _SOURCE_END.split(value)[0].rstrip(" ·•")))
    value = _DESK_INITIALS.sub("", value)
    if " on behalf of " in value:
        value = value.rsplit(" on behalf of ", 1)[1]  # an agency's release for its client
    if _MAY_NAME_PERSON.search(value):
        value = _without_people(value)
    if _ABBREVIATION.search(value):
        value += "."  # "Acme, Inc.": the stop is the name's, not the sentence's
    outlet = _OUTLET_THEN_MORE.match(value)
    if outlet:
        value = outlet.group(1)
    if value.endswith("》") and (titled := _COUNTRY_TITLE.fullmatch(value)):
        value = titled.group(1)  # "法国《回声报》": the paper, its country before it
    if not value or len(value) > _SOURCE_CHARS[value.isascii()] or not _LETTER.search(value):
        return None  # a sentence, not a name; or a placeholder ("--", a counter not yet filled)
    return None if value.lower() in PLACEHOLDER_NAMES else value


_COUNTRY_TITLE = re.compile(r"[\u4e00-\u9fff]{1,6}《([^《》]{2,20})》")


def _label(match: re.Match[str]) -> str:
    return next(filter(None, match.group("cjk", "en", "by", "enby", "src", "prov", "glued")))


def _label_role(label: str) -> str:
    return _ROLE_OF_LOWER.get(label.lower(), "ignored")


_AFFILIATION_BEFORE = re.compile(r"\s*[（(][^（()）]{2,40}[）)](?=\s*[、，,])")
"""A writer's unit in brackets before the next writer's name ("甲（某中心某部）、乙（某所）")."""
_PLACE_WORD = re.compile(r"(?-i:[A-Z][a-z]{2,})")
"""One capitalised word after a byline's full names: a place, no writer (a co-writer has a full
name, an agency is in capitals or `_AGENCY`)."""
_FIGURES_DATE = re.compile(r"\s+(?:(?i:on)\s+)?\d{1,2}([./-])\d{1,2}\1(?:19|20)?\d{2}\b.*$")
"""A date in figures after a byline's names, either order, and what follows it ("On 6/3/20 at
2:21 PM EDT", "06.03.2020"), which `dates.ENGLISH_DATE` does not read."""
_DAY_NAME_END = re.compile(r",?\s+(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day$")
"""A weekday between a byline's names and its date, the date cut off after it."""
_ON_AT = re.compile(r"\s+(?:(?i:published|updated|posted)(?: on)?|on|at)$")
"""What joins a byline's names to its date ("Written by A on", "By A published")."""
_TOPIC_CELL = re.compile(r"(?:About|Topics?|Tags?|Sections?|Category|Filed under)\s*:\s*.{1,80}")
"""A cell of a metadata row naming what the story is about, not who made it."""


_LEAD_ONLY_LABELS = ("报道", "报导", "報導", "参与")
"""Labels only at a line's start ("报道：甲", "报导：甲", as Malaysian Chinese papers print the
byline): after other words they are the noun ("相关报道：…", "据报道：…", "21世纪经济报道 记者
甲")."""


_HOST = re.compile(r"(?:[a-z0-9-]+\.)+[a-z]{2,6}", re.IGNORECASE)


_PAPER_PAGE = re.compile(r"\s*第\s*[A-Z]?\d{1,3}\s*版(?:\s*[：:]\s*[\u4e00-\u9fff]{1,8})?")
"""A print page's number and name beside a paper's date ("第03版：综合新闻")."""


def _lead_allowed(lead: str, role: str) -> bool:
    """Text before a line's first label: a date ("2020-06-06 10:08 来源：..."), maybe after the
    publishing account's name or the site's address, a short tag ("版权声明 来源：..."), or an
    outlet in front of a reporter ("澎湃新闻记者 贺梨萍")."""
    lead = lead.rstrip(" |丨｜·•")  # "2020年06月03日08:15 | 来源：...", "June 3, 2020 · News…"
    if "版" in lead:
        lead = _PAPER_PAGE.sub("", lead).strip()  # "2020-06-03 第03版：综合新闻 来源：…"
    if dates.ENGLISH_DATE.fullmatch(lead):
        return True  # "June 03, 2020 09:00 ET | Source: Beta Inc."
    if " | " in lead and all(
        dates.ENGLISH_DATE.fullmatch(part) or _TOPIC_CELL.fullmatch(part)
        for part in lead.split(" | ")
    ):
        return True  # "Jun. 03, 2020 5:21 PM ET | About: Acme Inc. (ACME) | By: Jane Roe"
    who, _, when = lead.partition(" ")
    if when[:1].isdigit() and _HOST.fullmatch(who) and _LEADING_DATE.fullmatch(when):
        return True  # the site's address beside the date ("example.org.cn 2020-06-03 来源：…")
    if re.search(r"[，。！？,.!?“”\"「『]", lead):
        return False  # a sentence, or a label quoted inside one (凡注明“来源：...”的作品)
    if _LEADING_DATE.fullmatch(lead):
        return True
    if len(who) <= 12 and when[:1].isdigit() and _LEADING_DATE.fullmatch(when):
        return True  # an account beside the time ("岚江新闻 2020-06-03 10:21 来源：岚江晚报")
    if role == "authors":
        return len(lead) <= 10
    return len(lead) <= 4 and not lead.isascii()


_ROLE_AFTER = re.compile(r"([\u4e00-\u9fff]{2,4})\s+([文图])(?=\s|$)")
_TEXT_AND_PICTURES = re.compile(r"\s+(?:文\s*[/／、]\s*图|文图|文并摄|文\s*[/／]\s*摄)$")
_ROLE_AFTER_LAST = re.compile(r"\s[\u4e00-\u9fff]{2,4}\s+[文图]$")
"""A credit that ends in a role (文, 图) names the role after each name, as some papers print
it ("作者：记者 葛某 文 卢某 图"); one that starts with it names it first ("文 甲 图 乙")."""
_ROLE_ENDINGS = ("文", "图", "文\n", "图\n")
"""How a `_ROLE_AFTER_LAST` match ends (its `$` admits a last newline): few credit lines do, and
testing the ending spares the regex's walk through the whole line."""


def _ends_name(text: str, match: re.Match[str]) -> bool:
    """A one-character label (文, 图) glued to the characters before it and set off only by a
    space ends a name ("撰文：甲、卓浩文 出版：..."), it labels nothing."""
    label = match.group("cjk")
    return (
        label is not None
        and len(label) == 1
        and match.start() > 0
        and "\u4e00" <= text[match.start() - 1] <= "\u9fff"
        and match.group(0)[1:].isspace()
    )


def _job_after_dash(text: str, match: re.Match[str]) -> bool:
    """An English role word after a spaced dash with no colon of its own is the writer's job
    title, no label ("By: Jane Roe - Reporter / @outletdotnet")."""
    return (
        text[max(0, match.start() - 3) : match.start()] in (" - ", " – ", " — ")
        and text[match.start()].isascii()
    ) and not (
        match.group(0).rstrip().endswith(tuple(_COLONS))
        or text[match.end() : match.end() + 1] in _COLONS
    )


_WRITES_FOR = re.compile(
    r"(?<![\u4e00-\u9fff])(?P<names>[\u4e00-\u9fff]{2,4}(?:[、，][\u4e00-\u9fff]{2,4})*)\s*为\s*"
    r"[^\s为]{2,15}撰稿$"
)
"""A contributor's byline: the writer, then the outlet written for ("傅某 为FT中文网撰稿")."""
_REPORTED_FROM = re.compile(
    r"(?:[\u4e00-\u9fff]{2,10})?(?:記者|记者)\s*(?P<names>[\u4e00-\u9fff]{2,4}(?:[、，,][\u4e00-\u9fff]{2,4})*)"
    r"\s*[／/]\s*[\u4e00-\u9fff]{0,8}(?:報導|报道)"
)
"""A Taiwanese paper's byline: the reporter, a slash, where it was filed ("記者邱某／台北報導")."""
_NAME = r"[\u4e00-\u9fff]{2,3}(?<![网網報报社台刊站])"
_NAMES_FILED_FROM = re.compile(
    r"(?:[^|｜]{2,20}[|｜]\s*)?"
    rf"(?P<names>{_NAME}(?:[、，,]{_NAME})*)\s*(?:[／/]\s*|\s)[\u4e00-\u9fff]{{0,8}}(?:報導|报道)"
)
"""The same with no 記者 before the names ("吳某 / 台北報導"), maybe after the outlet and a bar
("某網 | 張某 綜合報導"); an outlet there is no one."""


def parse_credit_line(line: str) -> Credits | None:
    """Credits in a line that is a credit line, else None (body sentences are not credit lines).

    >>> c = parse_credit_line("编辑：A 责任编辑：B")
    >>> c.editors, c.responsible_editors
    (['A'], ['B'])
    >>> parse_credit_line("Edit:Lubaikang Responsible editor:Chenze").responsible_editors
    ['Chenze']
    >>> parse_credit_line("发布时间：2020-06-02 10:31  来源：交通运输部").source
    '交通运输部'
    >>> parse_credit_line("Story by Jane Roe • The Hill • Jun 3, 2020").source
    'The Hill'
    >>> parse_credit_line("记者来源于基层，他说：我们很好。") is None
    True
    >>> parse_credit_line("【我要纠错】 责任编辑：潘某 【打印】").responsible_editors
    ['潘某']
    >>> parse_credit_line("责任编辑：[葛某]").responsible_editors
    ['葛某']
    >>> parse_credit_line("编辑：【纠错】") is None  # a button, not a name
    True
    >>> parse_credit_line("By Marisa Keller and Devon Ashby, CNN").authors
    ['Marisa Keller', 'Devon Ashby']
    >>> parse_credit_line("ByJane Roe").authors, parse_credit_line("【来源】 某客户端").source
    (['Jane Roe'], '某客户端')
    >>> parse_credit_line("By — Jane Roe, Associated Press").authors
    ['Jane Roe']
    >>> parse_credit_line("By Ann Lee, Bo Hart, and Cy Moss").authors
    ['Ann Lee', 'Bo Hart', 'Cy Moss']
    >>> parse_credit_line("SOURCE Acme Foods Corp.").source  # PR Newswire's closing line
    'Acme Foods Corp.'
    >>> parse_credit_line("June 03, 2020 09:00 ET | Source: Beta Inc.").source
    'Beta Inc.'
    >>> parse_credit_line("Jun. 03, 2020 5:21 PM | About: Acme Inc. (ACME) | By: Jo Bell").authors
    ['Jo Bell']
    >>> parse_credit_line("2020-06-03 第03版：要闻 来源：某某报").source  # the print page
    '某某报'
    >>> parse_credit_line("來源：某某報網 時間：2020-06-03 14:21:35").source
    '某某報網'
    >>> parse_credit_line("某某網newtalk | 張某某 綜合報導").authors
    ['張某某']
    >>> parse_credit_line("作者：甲某某（某中心某部）、乙某某（某研究所）").authors
    ['甲某某', '乙某某']
    >>> parse_credit_line("甲某作者：谢谢！自习卡真是救命稻草，欢迎交流经验。") is None  # a reply
    True
    >>> parse_credit_line("發布機關 臺北市政府工務局").source
    '臺北市政府工務局'
    >>> parse_credit_line("文/图 某某科学研究所")  # an institute wrote it: no writer named
    Credits(authors=[], editors=[], responsible_editors=[], source='某某科学研究所')
    >>> parse_credit_line("By Ann Lee, Abuja").authors  # where she filed from
    ['Ann Lee']
    >>> parse_credit_line("By Ann Lee 06.03.2020").authors
    ['Ann Lee']
    >>> parse_credit_line("By Ann Lee On 6/3/20 at 2:21 PM EDT").authors
    ['Ann Lee']
    >>> parse_credit_line("Commentary By Ann Lee").authors  # the piece's kind, then "By"
    ['Ann Lee']
    >>> parse_credit_line("By ANN LEE | alee@example.com | Valley News Group").authors
    ['ANN LEE']
    >>> parse_credit_line("By Ann Lee | al@x.com and Bo Hart | bh@x.com | Valley News").authors
    ['Ann Lee', 'Bo Hart']
    >>> parse_credit_line("By Ann Lee Wednesday 3 Jun 2020, 6:00 AM").authors
    ['Ann Lee']
    >>> parse_credit_line("首图来源：图虫创意").source is None  # the picture's, not the text's
    True
    >>> parse_credit_line("By Ann Lee Health Reporter").authors
    ['Ann Lee']
    >>> parse_credit_line("Text by: AFP")
    Credits(authors=[], editors=[], responsible_editors=[], source='AFP')
    >>> parse_credit_line("By political reporter Jane Roe").authors
    ['Jane Roe']
    >>> parse_credit_line("By Jo Bell AFP").authors
    ['Jo Bell']
    >>> parse_credit_line("Written by Jo Bell on June 3, 2020").authors
    ['Jo Bell']
    >>> parse_credit_line("By JANE DOE FOR MAILONLINE").authors
    ['JANE DOE']
    >>> parse_credit_line("某某报记者 乔某 文/图").authors
    ['乔某']
    >>> parse_credit_line("作者：钟某，系某大学教授").authors
    ['钟某']
    >>> parse_credit_line("By Jane Roe 13:20, 3 June 2020").authors
    ['Jane Roe']
    >>> parse_credit_line("来源：某某司 作者：乔某 【字体： 】").authors
    ['乔某']
    >>> parse_credit_line("来源：某某报 2020-06-03 【字号 】").source
    '某某报'
    >>> parse_credit_line("发布日期：2020-06-05 来源：某所 字体：").source  # its buttons gone
    '某所'
    >>> parse_credit_line("By: Jane Roe - Reporter / @outletdotnet").authors
    ['Jane Roe']
    >>> c = parse_credit_line("By Jane Roe / Staff writer, with CNA")
    >>> c.authors, c.source
    (['Jane Roe'], 'CNA')
    >>> c = parse_credit_line("北京日报客户端 | 记者 戚某 曹某")
    >>> c.source, c.authors
    ('北京日报客户端', ['戚某', '曹某'])
    >>> parse_credit_line("某某监委网站 郗某 通讯员 邝某").authors
    ['郗某', '邝某']
    >>> parse_credit_line("某某晚报 某某网 大某新闻 记者 樊某若 文/图").authors
    ['樊某若']
    >>> parse_credit_line("作者：某湖法院 陆某 秦某").authors
    ['陆某', '秦某']
    >>> parse_credit_line("作者：韩某 责编：苏某 2020-06-03 09:41:12").responsible_editors
    ['苏某']
    >>> parse_credit_line("撰文﹕明報記者 甲某　攝影﹕明報記者 乙某").authors
    ['甲某']
    >>> parse_credit_line("作者：记者 葛某 文 卢某 图").authors
    ['葛某']
    >>> parse_credit_line("撰文：蕭某、卓浩文 出版：2020-06-03 10:21").authors
    ['蕭某', '卓浩文']
    >>> c = parse_credit_line("每经记者 邝某 谭某 每经编辑 彭某")
    >>> c.authors, c.editors
    (['邝某', '谭某'], ['彭某'])
    >>> parse_credit_line("来源：某部 作者： 分享到：").authors  # an empty label, a share button
    []
    >>> parse_credit_line("责任编辑：柴某 【】【】").responsible_editors  # its buttons' brackets
    ['柴某']
    >>> c = parse_credit_line("作者 林某 (德新社、法新社)")
    >>> c.authors, c.source
    (['林某'], '德新社、法新社')
    >>> parse_credit_line("June 3, 2020 · News Provided By Example Corp").source
    'Example Corp'
    >>> parse_credit_line("华夏时报（www.example.cn）记者 柏某 北京报道").authors
    ['柏某']
    >>> parse_credit_line("記者邱某某／台北報導").authors
    ['邱某某']
    >>> parse_credit_line("記者甲乙、丙丁／綜合報導").authors
    ['甲乙', '丙丁']
    >>> parse_credit_line("吳某某 / 台北報導").authors, parse_credit_line("中央社 / 台北報導")
    (['吳某某'], None)
    >>> parse_credit_line("記者 劉某廷 徐某涵 / 台北").authors
    ['劉某廷', '徐某涵']
    >>> parse_credit_line("记者 张某 / 李某").authors
    ['张某', '李某']
    >>> parse_credit_line("Copyedited by Jo Bell").editors
    ['Jo Bell']
    >>> parse_credit_line("Translated by Jo Bell. Edited by Al Roe.").editors  # RFA's sign-off
    ['Al Roe']
    >>> line = "Translated and edited by Jo Bell, Al Roe. In case of any discrepancy, the Chinese …"
    >>> parse_credit_line(line).editors
    ['Jo Bell', 'Al Roe']
    >>> parse_credit_line("记者 黄某 实习生 邹某 渝岭区今年将对老旧小区实施改造……") is None
    True
    >>> line = "某社3月4日电（记者 黎某）记者获悉，某线路4日进入联调，预计年内开通运营。"
    >>> parse_credit_line(line) is None  # a dateline's reporter, then the story
    True
    >>> parse_credit_line("出品：科普中国").source  # the producing outlet
    '科普中国'
    >>> parse_credit_line("参与：魏岚、阿澜").authors, parse_credit_line("本次活动参与：张三")
    (['魏岚', '阿澜'], None)
    >>> parse_credit_line("By Jane Roe Globe Staff and John Doe Globe Correspondent").authors
    ['Jane Roe', 'John Doe']
    >>> parse_credit_line("By KQED News Staff and Wire Services").authors  # desks, no one
    []
    >>> parse_credit_line("By Jane Roe – Jun 3, 2020 at 5:21PM").authors
    ['Jane Roe']
    >>> parse_credit_line("By JANE ROE More by this Author").authors
    ['JANE ROE']
    >>> parse_credit_line("By Jane Roe published June 03, 2020").authors
    ['Jane Roe']
    >>> parse_credit_line("报道：黄某").authors, parse_credit_line("相关报道：市区新开三条公交线")
    (['黄某'], None)
    >>> parse_credit_line("责任编辑：")  # labels and no names: a credit line, but empty
    Credits(authors=[], editors=[], responsible_editors=[], source=None)
    """
    if "撰稿" in line and len(line) <= 60 and (wrote := _WRITES_FOR.search(line)):
        return Credits(authors=split_names(wrote.group("names")))  # "甲 为某网撰稿"
    if "discrepanc" in line:
        line = _DISCREPANCY.sub("", line)  # "Translated and edited by A, B. In case of any …"
    if not may_hold_label(line) or "转载请" in line:
        return None  # no label; or a copyright notice that names 作者 and 来源 ("转载请注明…")
    if ("報導" in line or "报道" in line) and (
        reported := _REPORTED_FROM.fullmatch(line.strip())
        or _NAMES_FILED_FROM.fullmatch(line.strip())
    ):
        return Credits(authors=split_names(reported.group("names")))
    text = strip_brackets(line).lstrip(_LEAD_DASHES)  # "— With assistance by A"
    if "习" in text or "習" in text:
        text = _TRAINEE_RANK.sub("", text)  # "责任编辑：甲(实习生)": the rank, not a label
    if "ore " in text:
        text = _MORE_BY.sub("", text)
    if text.startswith("By ") and ("Staff" in text or "orrespondent" in text):
        text = _PAPER_STAFF.sub(r"\1", text)
    if " " in text and ("：" in text or ":" in text):  # a spaced label ends in a colon
        text = _SPACED_LABEL.sub(_unspaced, text)
    if "字" in text:
        text = _FONT_CONTROL.sub("  ", text)  # a gap ends the value before it, as the control did
    if text.endswith(("图", "摄")):
        text = _TEXT_AND_PICTURES.sub("", text)  # "记者 甲 文/图": the writer took the pictures
    if "記者" in text and ("/" in text or "／" in text):
        text = _FILED_PLACE.sub("", text)  # "記者 甲 乙 / 台北": where they filed from (a
        # Taiwanese byline; a mainland one may part two reporters so: "记者 甲 / 乙")
    if not text or len(text) > 160:
        return None
    if text.endswith(_ROLE_ENDINGS) and _ROLE_AFTER_LAST.search(text):
        # "记者 葛某 文 卢某 图": each role after its name
        text = _ROLE_AFTER.sub(r"\2：\1", text)
    matches = [
        m
        for m in LABEL_RE.finditer(text)
        if not (_ends_name(text, m) or _job_after_dash(text, m))
        and (m.start() == 0 or m.group("cjk") not in _LEAD_ONLY_LABELS)
    ]
    if not matches:
        return None
    lead = _SITE_ADDRESS.sub("", _unbuttoned(text[: matches[0].start()])).strip(" \t" + _OPEN)
    first = _label(matches[0])
    credits = Credits()
    found = False
    outlet = _OUTLET_LEAD.fullmatch(lead) if _label_role(first) == "authors" else None
    if outlet:  # "北京日报客户端 | 记者 甲", "某网站 甲 通讯员 乙": the reporters' outlet first
        if outlet.group("bar"):
            credits.source = outlet.group("outlet")
        names = split_names(outlet.group("names") or "")
        # "新安晚报 安徽网 大皖新闻 记者 甲": the outlets the story ran in, then its reporter
        credits.authors = [name for name in names if not _CJK_OUTLET.fullmatch(name)]
        found = bool(credits)
    elif lead and not _lead_allowed(lead, _label_role(first)):
        return None
    carried: str | None = None  # a role that a qualifier glued to the next label passes on
    for i, match in enumerate(matches):
        label = _label(match)
        role, carried = carried or _label_role(label), None
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        value = text[match.end() : end].strip()
        bracketed = _BRACKETED_VALUE.fullmatch(value)
        if bracketed and not _CONTROL.search(value):
            value = bracketed.group(1)
        else:
            value = _unbuttoned(value).strip()
        value = value.rstrip(_OPEN).rstrip()  # the next group's bracket ("】 【作者：…")
        if value and value[-1] in _CLOSE and _OPEN[_CLOSE.index(value[-1])] not in value:
            value = value[:-1].rstrip()  # "【来源：某局】【字体：】": its group's closing bracket
        value = _DATE_START.split(value)[0]  # "责编：苏某 2020-06-03 09:41": the date is apart
        if role == "source" and len(value) > 60 and _MAY_NAME_PERSON.search(value):
            value = _without_people(value)  # a long department's name, then its minister's
        by_line = match.group("by") or match.group("enby") or match.group("en") == "By"
        if by_line and " | " in value and credits.source is None:
            paper = value.split(" | ", 1)[1].strip()
            if _OUTLET_NAME.fullmatch(paper):
                credits.source = paper  # "By Jane Roe | The Washington Post": its paper
        if by_line and (written := dates.ENGLISH_DATE.search(value)):
            # "By A and B June 3, 2020 Reprints", "Written by A on June 3, 2020", "By A published
            # June 03, 2020"
            value = _ON_AT.sub("", value[: written.start()].rstrip(" ,|·–—-"))
            value = _DAY_NAME_END.sub("", value)  # "By Jane Roe Wednesday 3 Jun 2020"
        if by_line and " " in value:
            value = _FIGURES_DATE.sub("", value)  # "By A On 6/3/20 at 2:21 PM", "By A 06.03.2020"
        if by_line:
            if " and " in value:
                value = _BAR_EMAIL.sub("", value)  # "By A | a@x.com and B | b@x.com | Outlet"
            value = _POST_AND_FIRM.sub("", value)  # "By Jane Roe, Founder, Acme Labs @janeroe"
            if ", " in value:
                value = _OFFICE_AFTER.sub("", value)  # "By Jane Roe, University Communications"
            value = _READING_TIME.sub("", value)  # "By Jane Roe 3 minute Read"
            value = _AT_CLOCK.sub("", _HANDLE.sub("", value))  # "Jane Roe@janeroe", "at 10:21 AM"
            value = _FILED_CITY.sub("", value)  # "With reporting by Tomasz Reyes/Washington"
            if "/" in value and (staff := _SLASH_JOB.search(value)):
                value = value[: staff.start()]  # "By Jane Roe / Staff writer, with CNA"
                with_agency = staff.group("agency")
                if with_agency and _AGENCY_OR_ACRONYM.fullmatch(with_agency):
                    credits.source = credits.source or with_agency
            elif " with " in value and (drew := _WITH_AGENCY_AFTER.search(value)):
                value = value[: drew.start()]  # "By The Brussels Times with Belga"
                credits.source = credits.source or drew.group("agency")
        if by_line and label.lower() == "story by" and credits.source is None:
            fields = _DASH_FIELD.split(value)
            if len(fields) > 1 and _PROVIDER.fullmatch(fields[1]):
                credits.source = fields[1]  # an aggregator's "Story by A • The Hill": its provider
        value = _FIELD_BAR.split(value)[0]  # "By A B | ab@example.com | Outlet"
        if "|" in value or "｜" in value:
            value = _CJK_BAR.split(value)[0]  # "作者：甲| 查看: 2385": a bar glued to the name
        if value[-1:] in _COLONS and " " not in value:
            value = ""  # "作者： 分享到：": an empty label, then a label of another kind
        if (len(value) > 60 and not (by_line and _NAME_RUN.fullmatch(value[:160]))) or (
            "。" in value
            or "…" in value
            or "！" in value
            or value.endswith("？")
            or value.count("，") > 2
            or (("）" in value or ")" in value) and _CLOSED_THEN_PROSE.match(value))
        ):
            return None  # prose after the names ("记者 甲 渝岭区今年将……", a reporter's question)
        if (
            i + 1 < len(matches)
            and value
            and text[end - 1] not in f" \t|丨/{_COLONS}"
            and not match.group("en")
            and not matches[i + 1].group(0).rstrip().endswith(tuple(_COLONS))
        ):
            # A value glued to a label that has a colon of its own ends there ("作者：甲编辑：乙"
            # as adjacent spans print it); glued to a label without one, it may qualify it.
            names_part, _, qualifier = value.rpartition(" ")
            if not names_part or len(qualifier) > 4:
                # "观察者网专栏作者 王文": the text before 作者 qualifies it, names nobody; after
                # a label with no role it keeps none ("攝影﹕明報記者 乙": a photographer)
                carried = "ignored" if role == "ignored" else None
                continue
            value = names_part  # "每经记者 甲 乙 每经编辑 丙": 每经 qualifies the next label
        if value.endswith(("摄", "攝")):
            continue  # "记者 贾天勇 摄", "本报记者 宋立新摄": a photographer, not an author
        if role == "ignored":
            if (
                not value
                and i + 1 < len(matches)
                and _label_role(_label(matches[i + 1])) == "authors"
                and not matches[i + 1].group(0).rstrip().endswith(tuple(_COLONS))
            ):
                carried = "ignored"  # "图/记者 乙", "摄影 记者 乙": who took the pictures
            if len(_WORDS.findall(value)) > 20:
                return None  # "图：某花色沿海拔梯度的变化……": a caption, not a photo credit
            # "游戏截图：" ends with a label (图) but names nothing: a lead-in, not a credit
            found = found or bool(value) or i > 0 or not lead
            continue
        if role == "source":
            source = clean_source(value)
            if source and source[-1] == "." and source not in line:
                source = source[:-1]  # "… Provided By Example Corp": no stop on the page
            if source and credits.source is None:
                credits.source = source
                found = True
            continue
        if role == "authors":
            value = _FILED_AT.sub("", value)  # "端傳媒記者 甲 發自香港": where, no name
            value = _HELPED.sub("", value)  # "（实习生 乙 对本文亦有贡献）": who helped
            if "/" in value or "／" in value:  # "甲/文 乙/图": the writer, not the photographer
                value = _SLASHED_ROLE.sub("", value)
            agencies = _AGENCIES_AFTER.search(value)
            if agencies is None and by_line and value.endswith(")"):
                # "By Jane Roe (Xinhua)", "By Jane Roe (People's Daily)"
                agencies = _AGENCY_AFTER.search(value) or _PAPER_AFTER.search(value)
            if agencies and credits.source is None:
                credits.source = agencies.group(1)  # "作者 甲 (德新社、法新社)": text from them
            # "顾某（某大学学院）", "By A (People's Daily)", "甲（某中心某部）、乙（某所）"
            value = _AFFILIATION.sub("", _AFFILIATION_BEFORE.sub("", value))
            value = _WHO_IS.sub("", value)  # "钟某，系某大学教授": who the writer is
        if by_line:
            value = _DASH_FIELD.split(value)[0]  # "By Jane Roe - 06/03/20 10:21 AM EDT"
            value = _without_job_title(value)  # "By Ann Lee Health Reporter"
            value = _FOR_OUTLET.sub("", value)  # "By JANE DOE FOR MAILONLINE"
        if by_line and role == "authors" and "/" in value and DESK.search(value):
            found = True  # "By RFE/RL": the outlet's initials, a desk that names no person
            continue
        names = split_names(value)
        if (
            by_line
            and len(names) > 1
            and _AGENCY.fullmatch(names[-1])
            and not _AGENCY.fullmatch(names[0])
        ):
            names = names[:-1]  # "By Jane Roe, dpa": the agency the writer files for
        if by_line and not all(w[:1].isupper() for n in names for w in n.split()):
            return None
        if by_line and len(names) > 1:
            # "By A and B, CNN", "By — Jane Roe, Associated Press": the outlet, the agency
            names = [
                n
                for n in names
                if not (_ACRONYM.fullmatch(n) or _AGENCY.fullmatch(n) or _EMPLOYER.fullmatch(n))
            ]
            if (
                len(names) > 1
                and _PLACE_WORD.fullmatch(names[-1])
                and value.endswith(f", {names[-1]}")
            ):
                names.pop()  # "By Jane Roe, Abuja": where the writer filed from, after a comma
        if by_line:
            names = [_without_outlet_tag(n) for n in names]  # "By Jean Dupont AFP"
            lead = _AGENCY_LEAD.match(names[0]) if len(names) == 1 else None
            if lead:  # "By Reuters Stock Markets": the agency, then the page's section
                credits.source = credits.source or lead.group(1)
                found = True
                continue
        if role == "authors":
            names = [n for n in names if not _ORGANIZATION.search(n)]  # "作者：某某法院 甲 乙"
            if names and all(DESK.search(n) for n in names):
                found = True  # "By: Express News Service": a credit line naming no person
                continue
            if names and all(_AGENCY.fullmatch(n) for n in names):
                # "Text by: AFP": a byline that names only a news agency gives the source
                credits.source = credits.source or names[0]
                found = True
                continue
        if not names:
            if len(value) > 0 and not match.group("cjk"):
                return None
            if role == "authors" and _ORGANIZATION.search(value) and credits.source is None:
                credits.source = clean_source(value)  # "文/图 某某研究所": the institute wrote it
                found = found or credits.source is not None
            continue
        found = True
        target: list[str] = getattr(credits, role)
        target.extend(n for n in names if n not in target)
    if not found and _BARE_LABELS.fullmatch(text):
        return Credits()  # "责任编辑：" with nobody after it: a credit line's frame, not text
    return credits if found else None


def field_source(value: str) -> str | None:
    """The source a field of its own names (a `<meta name="source">`), read as a credit line's
    would be: some sites print the label into it.

    >>> field_source("来源：新华网"), field_source("Xinhua"), field_source("作者：张三")
    ('新华网', 'Xinhua', None)
    """
    credits = parse_credit_line(value)
    return credits.source if credits is not None else clean_source(value)


def trailing_credit(paragraph: str) -> tuple[str, str, Credits] | None:
    """A parenthesised credit closing a paragraph: (remaining text, credit text, credits).

    >>> trailing_credit("...cases. (New Society)")[1:]
    ('(New Society)', Credits(authors=[], editors=[], responsible_editors=[], source='New Society'))
    >>> trailing_credit("结束。（责编：张三、李四）")[2].responsible_editors
    ['张三', '李四']
    >>> trailing_credit("... when to reopen them. — Bernama")[2].source
    'Bernama'
    >>> trailing_credit("... and 4,310 recoveries. – Rappler.com")[1:]
    ('– Rappler.com', Credits(authors=[], editors=[], responsible_editors=[], source='Rappler.com'))
    >>> trailing_credit("（执法稽查局）")[2].source
    '执法稽查局'
    >>> trailing_credit("jr/rt (AFP, dpa)")[2].source
    'AFP, dpa'
    >>> trailing_credit("(With inputs from PTI)")[2].source
    'PTI'
    >>> trailing_credit("... by June 10. (PNA)")[2].source
    'PNA'
    >>> trailing_credit("... said the agency (PNA)") is None  # initials after a name: no credit
    True
    >>> trailing_credit("贡献力量。（九三学社某省委会供稿）")[2].source
    '九三学社某省委会'
    >>> trailing_credit("（本文由某某促進會授權刊登）")[2].source
    '某某促進會'
    >>> trailing_credit("（中电联 规划发展部 韩某舟）")[2].authors
    ['韩某舟']
    >>> trailing_credit("增长了3%（同比）") is None
    True
    >>> trailing_credit("Shares fell. (Reporting by Jane Doe; Editing by Mark Potter)")[2].editors
    ['Mark Potter']
    >>> trailing_credit("挑战。(完)【编辑:赵某】")[:2]
    ('挑战。(完)', '【编辑:赵某】')
    >>> trailing_credit("挑战。【详细】") is None
    True
    """
    slug = _SLUG_AGENCIES.fullmatch(paragraph.strip())
    if slug:
        return "", slug.group(0), Credits(source=slug.group("agencies"))
    signed = _OUTLET_SIGN_OFF.search(paragraph)
    if signed and not (signed.group("outlet").isupper() and _PICTURE_LEAD.match(paragraph)):
        rest = paragraph[: signed.start()].rstrip()
        return rest, signed.group(0).strip(), Credits(source=signed.group("outlet"))
    if paragraph.endswith(("】", "]")) and (square := _TRAILING_LABELLED.search(paragraph)):
        labelled = parse_credit_line(square.group("inner"))
        if not labelled or not re.search(r"[\u4e00-\u9fff]", square.group("inner")):
            return None
        return paragraph[: square.start()].rstrip(), square.group(0).strip(), labelled
    match = _TRAILING_CREDIT.search(paragraph)
    if not match:
        return None
    rest = paragraph[: match.start()].rstrip()
    inner = match.group("inner").strip()
    labelled = parse_credit_line(inner)
    if labelled:
        return rest, match.group(0).strip(), labelled
    if labelled is not None:
        return None
    if rest and not re.search(r"[。！？.!?”\"]$", rest):
        return None
    if re.search(r"[\d%，,。.：:；;]", inner) or not 2 <= len(inner) <= 24:
        return None
    if inner.endswith("供稿") and (supplied := supplied_credit(match.group(0))):
        return rest, match.group(0).strip(), supplied  # "…力量。（某省委会供稿）": the unit
    if permitted := _PERMITTED.fullmatch(inner):
        return rest, match.group(0).strip(), Credits(source=permitted.group("who"))
    if signed := _UNIT_AND_WRITER.fullmatch(inner):
        return rest, match.group(0).strip(), Credits(authors=[signed.group("name")])
    department = not rest and _DEPARTMENT.fullmatch(inner)  # "（执法稽查局）" alone, signing off
    if (
        not _INPUT_FROM.match(inner)
        and not department
        and not (rest and _AGENCY_INITIALS.fullmatch(inner))
        and not re.search(
            r"(社|报|网|台|新闻|日报|晚报|通讯|Society|News|Agency|Daily|Press|Xinhua|"
            r"Reuters|Times|Post)",
            inner,
        )
    ):
        return None
    source = clean_source(inner)
    return (rest, match.group(0).strip(), Credits(source=source)) if source else None


_UNIT_AND_WRITER = re.compile(
    r"(?:[\u4e00-\u9fff]{2,12}(?:部|会|联|中心|处|司|局|院|所|办|委|厅|社|站|队)\s+){1,3}"
    r"(?P<name>[\u4e00-\u9fff]{2,3})"
)
"""A closing "（中电联 规划发展部 韩某舟）": the unit, its department, and the writer."""


def unit_writer(credit: str) -> bool:
    """Does the bracketed credit name a unit and its writer ("（中电联 规划发展部 甲）")?"""
    return _UNIT_AND_WRITER.fullmatch(credit.strip("（）() ")) is not None


_PERMITTED = re.compile(r"本文由(?P<who>[^（()）]{2,30}?)(?:授權|授权)(?:刊登|轉載|转载|發布|发布)")
"""A closing "（本文由某协会授權刊登）": the body that let the site print the text, its source."""
_AGENCY_INITIALS = re.compile(r"(?!(?:END|FILE|VIDEO|PHOTOS?|AUDIO|LIVE|UPDATED?)$)[A-Z]{2,5}")
"""An agency's initials closing the last sentence ("... by June 10. (PNA)"); not a marker of the
end or of what the story holds."""
_PICTURE_LEAD = re.compile(r"(?:\w+ )?(?:image|photo|picture)s?\s*:", re.IGNORECASE)
_DEPARTMENT = re.compile(r"[\u4e00-\u9fff]{2,12}(?:局|司|部|委|厅|办|处|中心|委员会)")
_INPUT_FROM = re.compile(r"[Ww]ith inputs? from\s")
""""(With inputs from PTI)": the words say that what follows is a source, whatever its name."""
_CONTRIBUTED = re.compile(
    r"^(?P<who>.+?)\s+contributed (?:(?:reporting |research )?to this (?:report|story|article)|"
    r"(?:reporting|research)(?: from .{1,60}?)?)\.?$",
    re.IGNORECASE,
)
_FULL_NAME = r"[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)+"
_NAMES_CONTRIBUTED = re.compile(
    rf"(?P<who>{_FULL_NAME}(?:(?:,? and |, ){_FULL_NAME})*) contributed\.?"
)
"""A closing "Mara Linde contributed." with no more said: a line of persons' names (two words
each, in capitals) only, since "Everyone contributed." is a sentence."""
_WITH_NAMES = re.compile(
    rf"[Ww]ith (?:(?:additional )?reports? from )?"
    rf"(?P<who>{_FULL_NAME}(?:(?:,? and |, ){_FULL_NAME})*)\.?"
)
"""A closing "— With Kristine Alcaraz, Jose Bautista" (the dash taken off) or "(With reports from
Jane Roe)": who helped report."""
_STAFF_PREFIX = re.compile(
    r"^.*?\b(?:writers?|reporters?|correspondents?|journalists?)\s+(?=[A-Z])", re.IGNORECASE
)
_PLACE = re.compile(
    r"\s+in\s+[A-Z][\w.'-]*(?:\s[A-Z][\w.'-]*){0,2}"
    r"(?:,\s*[A-Z][\w.'-]*(?:\s[A-Z][\w.'-]*)?(?=\s*(?:,|$))|(?=\s*(?:,|\band\b|$)))"
)
"""" in Omaha, Nebraska", " in Paris": where a contributor was (a state only before a comma or
the end, so "in Paris, Al Roe and ..." keeps Al Roe)."""


_ACRONYM = re.compile(r"[A-Z]{2,5}")
"""A one-word name in capitals beside a byline's persons is its outlet (CNN, AP, BBC)."""
_JOB_TITLE = re.compile(
    r"(?:,?\s+(?:[A-Z][a-z]+\s+|staff\s+)*?(?:[Rr]eporter|[Ww]riter|[Cc]orrespondent|[Ee]ditor|"
    r"Columnist|Contributor|Producer)s?|\s+(?:[A-Z]+\s+)?(?:REPORTER|WRITER|CORRESPONDENT|EDITOR)S?)$"
)
"""A byline's job title after the name ("Health Reporter", ", Staff Writer", ", Courier staff
writers")."""
_POST_AND_FIRM = re.compile(
    r",\s+(?-i:(?:Co-?[Ff]ounder|Founder|CEO|President|Chairman|Chair|Managing Director|"
    r"Executive Director|Director|Partner|Principal|Professor|Chief [A-Z][a-z]+ Officer|"
    r"Head of [A-Z]\w*|(?:Senior |Executive )?Vice President|[SE]?VP|General Manager))\b.*$"
)
"""A columnist's post and firm after the name ("Jane Roe, Founder, Acme Labs @janeroe", "Jane
Roe, VP of Product Integrity"): who they are, not more writers."""
_OFFICE_AFTER = re.compile(
    r",\s+(?:(?:[A-Z][\w.'’-]*|&|and|of|the)\s+){0,6}"
    r"(?:Communications|Marketing|Public (?:Affairs|Relations|Information)|Media Relations|"
    r"(?:Press|News|Media) Office)(?:\s+(?:[A-Z][\w.'’-]*|&|and|of))*$"
)
"""The office a university's or hospital's writer works in, after a comma ("Jane Roe, University
Communications and Marketing", "Jane Roe, Mercy Health Marketing & Communications"): where she
works, not more writers."""
_READING_TIME = re.compile(r"\s*[|·•]?\s+\d{1,2}[- ]?min(?:ute)?s?\.? read$", re.IGNORECASE)
"""How long the story takes to read, printed after the byline: not part of a name."""
_JOB_TITLE_FIRST = re.compile(f"^{_JOB_TITLE_WORDS}(?=[A-Z])")


def job_title(text: str) -> bool:
    """Is `text` a byline's job title after a name (" Health Reporter", ", Staff Writer")?"""
    return _JOB_TITLE.fullmatch(text) is not None


_NAME_RUN = re.compile(r"[A-Z][\w.'’-]*(?:(?:,? and |, | )[A-Z][\w.'’-]*)*")
"""Capitalised words, commas and "and" alone: a long English byline of writers and their
outlets ("by A and B, ProPublica, and C, The Lakeshore Ledger"), no prose."""
_EMPLOYER = re.compile(r"The(?: [A-Z][\w&.'’-]*)+|[A-Z][a-z]+[A-Z][A-Za-z]*")
"""A byline's outlet beside its writers: "The Lakeshore Ledger", or one word capitalised
inside ("ProPublica"); a writer's name has two words or more."""
DESK = re.compile(
    r"\b(?:News Service|News Desk|(?:Web|Online|Digital) Desk|Newsdesk|Newsroom|Bureau|Humas|"
    r"Wire Services?|Equity Research|Research (?:Team|Desk|Staff)|"
    r"(?:Online|Staff|Web|Special) Report|and agencies)$|(?-i:^[A-Z]{2,6}(?:/[A-Z]{2,6})+$)|"
    r"(?-i:^[A-Z]{2,6} Report$)",
    re.IGNORECASE,
)
"""A newsroom's desk named as a writer ("By: Express News Service", a JSON-LD Person "News Nation
Bureau", "Star Online Report", "TBS Report", "TRT World and agencies", "RFE/RL", an Indonesian
office's public-relations bureau, "Humas", a broker's "Zacks Equity Research"): no person."""
_OUTLET_OF = re.compile(r"^(?:[A-Z][\w&.-]*\s){0,3}?[A-Z][\w&.-]*(?:['’]s|s['’])\s+(?=[A-Z])")
""""CNN's ", "The Associated Press's ", "ABC News' ": the contributor's outlet."""


def _without_job_title(value: str) -> str:
    """The value minus a job title: a leading one in lower case ("By political reporter Jane
    Roe"), or a trailing one, keeping at least a two-word name before it."""
    value = _JOB_TITLE_FIRST.sub("", value)
    match = _JOB_TITLE.search(value)
    while match and len(value[: match.start()].split()) < 2:
        match = _JOB_TITLE.search(value, match.start() + 1)
    return value[: match.start()] if match else value


def _without_outlet_tag(name: str) -> str:
    """ "Jean Dupont AFP" -> "Jean Dupont": an agency tag after a name not itself in capitals;
    "Jane Roe Global News" -> "Jane Roe": the outlet's name printed beside the writer's.

    >>> _without_outlet_tag("Jane Roe Global News"), _without_outlet_tag("Mary Jane Post")
    ('Jane Roe', 'Mary Jane Post')
    """
    words = name.split()
    if len(words) >= 3 and _ACRONYM.fullmatch(words[-1]) and not name.isupper():
        return " ".join(words[:-1])
    for size in (2, 3):
        if len(words) - size >= 2 and _OUTLET_NAME.fullmatch(" ".join(words[-size:])):
            return " ".join(words[:-size])
    return name


def contributors(line: str) -> list[str]:
    """The writers a closing "... contributed to this report." line names: they join the
    authors, as "Additional reporting by" does.

    >>> contributors("AP writer Lena Varga in Omaha, Nebraska, contributed to this report.")
    ['Lena Varga']
    >>> contributors("AP writers Jo Bell in Paris, Al Roe in Rome and Ann Lee contributed.")
    []
    >>> line = "Writers Jo Bell in Paris, Al Roe and Ann Lee in Rome contributed to this story."
    >>> contributors(line)
    ['Jo Bell', 'Al Roe', 'Ann Lee']
    >>> contributors("ABC News' Jo Bell contributed to this report.")
    ['Jo Bell']
    >>> contributors("CNN's Priya Natarajan contributed to this report.")
    ['Priya Natarajan']
    >>> contributors("Hana Kowalczyk contributed reporting from Flagstaff, Ariz.")
    ['Hana Kowalczyk']
    >>> contributors("The company contributed to this report's funding.")
    []
    >>> contributors("Mara Linde and Al Roe contributed."), contributors("Everyone contributed.")
    (['Mara Linde', 'Al Roe'], [])
    >>> contributors("— With Kristine Alcaraz, Jose Miguel Bautista")
    ['Kristine Alcaraz', 'Jose Miguel Bautista']
    >>> contributors("(With reports from Ramon L. Enriquez)")
    ['Ramon L. Enriquez']
    >>> contributors("— with the help of neighbours")
    []
    >>> contributors("Contributed by Selam Haile from Dire Dawa")
    ['Selam Haile']
    """
    return [
        n
        for n in _contributing(line)
        if all(w[:1].isupper() for w in n.split()) and not _AGENCY.fullmatch(n)
    ]


_CONTACT_WRITERS = re.compile(
    r"Contact (?:reporters?|writers?) .{2,120}? and editors? "
    r"(?P<editors>[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)+) \([^()\s]+@[^()\s]+\)\.?"
)


def contact_credit(line: str) -> Credits | None:
    """The editor a closing "Contact reporter A (a@…) and editor B (b@…)" line names (the
    reporters are the byline's): Caixin Global's sign-off.

    >>> contact_credit("Contact reporter Lyu Qianwen (lq@caixin.com) and editor Jo Pelt (jp@x.com)")
    Credits(authors=[], editors=['Jo Pelt'], responsible_editors=[], source=None)
    """
    found = _CONTACT_WRITERS.fullmatch(line.strip())
    return Credits(editors=[found.group("editors")]) if found else None


def agency_sign_off(line: str, first: str) -> Credits | None:
    """An agency's sign-off under its own text, by the initials its dateline prints: "VNA" under
    "Hanoi (VNA) – …", "BSS/JD/1421 hrs" (the desk's initials and filing time) under "DHAKA, June
    3, 2020 (BSS) – …", "WAM/Jane Roe/John Doe" (the writer, then the editor) under "ABU DHABI,
    3rd June, 2020 (WAM) -- …".

    >>> agency_sign_off("WAM/Jane Roe/John Doe", "ABU DHABI, 3rd June, 2020 (WAM) -- The port …")
    Credits(authors=['Jane Roe'], editors=['John Doe'], responsible_editors=[], source='WAM')
    >>> agency_sign_off("BSS/JD/1421 hrs", "DHAKA, June 3, 2020 (BSS) – The city …").source
    'BSS'
    >>> agency_sign_off("BSS", "The city corporation (BSS) – a body …") is None  # no dateline
    True
    """
    opening = first[:100]
    # the agency's initials stand in brackets: most first paragraphs open with none
    head = _DATELINE_INITIALS.match(opening) if "(" in opening else None
    parts = [part.strip() for part in line.strip().split("/")]
    if head is None or parts[0] != head.group("initials") or len(parts) > 4:
        return None
    names = [part for part in parts[1:] if re.fullmatch(_FULL_NAME, part)]
    if len(names) > 2 or any(p not in names and not _DESK_CODE.fullmatch(p) for p in parts[1:]):
        return None
    return Credits(authors=names[:1], editors=names[1:], source=parts[0])


_DATELINE_INITIALS = re.compile(
    r"(?:[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3})(?:, [\w ,]{3,25}?)? ?"
    r"\((?P<initials>[A-Z]{2,5})\) ?(?:--?|[—–])"
)
"""A wire's dateline naming its agency by initials ("Hanoi (VNA) –", "KUWAIT, June 3 (KUNA) --")."""
_DESK_CODE = re.compile(r"[A-Z]{1,4}|\d{3,4} ?hrs?")


def files_from(line: str) -> Credits | None:
    """The credits of a closing "With files from X" or "With a report from X" line (Canadian
    outlets' sign-off): outlets and agencies are where part of the text came from, the source;
    people join the authors (`merge(..., add_names=True)`), as contributors do.

    >>> files_from("With files from The Canadian Press")
    Credits(authors=[], editors=[], responsible_editors=[], source='The Canadian Press')
    >>> files_from("With files from CBC's Jo Bell and Reuters.")
    Credits(authors=['Jo Bell'], editors=[], responsible_editors=[], source='Reuters')
    >>> files_from("With reports from AP and Reuters").source
    'AP, Reuters'
    >>> files_from("With files from the city's budget office") is None
    True
    >>> files_from("With reporting by AP and Reuters").source  # agencies' reporting
    'AP, Reuters'
    >>> files_from("— With input from APP").source, files_from("Additional report from NAN").source
    ('APP', 'NAN')
    """
    if not line.startswith(("With ", "with ", "Additional ")):
        line = line.lstrip(_LEAD_DASHES).lstrip()  # "— With input from APP"
        if not line.startswith(("With ", "with ")):
            return None  # (a cheap test: most lines a caller asks about are text)
    match = _FILES_FROM.fullmatch(line.strip())
    if not match:
        return None
    names = split_names(_OUTLET_OF.sub("", match.group("who") or match.group("agencies")))
    outlets = [
        n for n in names if _AGENCY.fullmatch(n) or _ACRONYM.fullmatch(n) or _OUTLET_WORD.search(n)
    ]
    people = [n for n in names if n not in outlets and _FULL_NAME_RE.fullmatch(n)]
    if len(outlets) + len(people) != len(names):
        return None  # something that is neither ("the city's budget office")
    return Credits(authors=people, source=", ".join(outlets) or None)


_FILES_FROM = re.compile(
    r"(?:[Ww]ith|Additional) (?:files|inputs?|(?:a |additional )?reports?) from\s+"
    r"(?P<who>[A-Z].{1,120}?)\.?|"
    r"[Ww]ith reporting (?:by|from)\s+"
    r"(?P<agencies>(?:[A-Z]{2,6}|Reuters)(?:,? and (?:[A-Z]{2,6}|Reuters))*)\.?"
)
_OUTLET_WORD = re.compile(r"\b(?:News|Press|Media|Agency|Wire|Radio|Television|TV)\b")
_FULL_NAME_RE = re.compile(r"[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)+")


_APPEARED_IN = re.compile(
    r"(?:This (?:commentary|article|story|piece|op-ed|essay) (?:was )?(?:originally |first )?"
    r"(?:appeared|published)|Read the original article) (?:on|in) "
    r"(?P<outlet>(?:The )?[A-Z][\w&.'’-]*(?: (?:(?:and|&|of|for) )?[A-Z][\w&.'’-]*){0,4})"
    r"(?: on (?:[A-Z][a-z]+ \d{1,2}, (?:19|20)\d{2}|[A-Z][a-z]+day))?(?:\.|$)"
)


_ORIGINALLY = re.compile(
    r"Originally (?:published|posted) (?:on|in|by) "
    r"(?P<outlet>(?:The )?[A-Z][\w&.'’-]*(?: (?:(?:and|&|of|for) )?[A-Z][\w&.'’-]*){0,4})"
)


def originally_published(line: str) -> str | None:
    """The outlet a closing "Originally published on ABNewswire" names, a wire's release that a
    site reposts (or the site itself, which the caller tells apart).

    >>> originally_published("Originally published on ABNewswire")
    'ABNewswire'
    >>> originally_published("Originally published on Live Science.")
    'Live Science'
    >>> originally_published("Originally published on June 3, the report found more.") is None
    True
    """
    found = _ORIGINALLY.fullmatch(line.strip())
    return _without_stop(found.group("outlet")) if found else None


_PUBLISHED_IN = re.compile(
    r"Published in (?P<outlet>(?:The )?[A-Z][\w&.'’-]*(?: [A-Z][\w&.'’-]*){0,4}),? (?:on )?"
    r"(?:[A-Z][a-z]+day,? )?(?:[A-Z][a-z]+ \d{1,2}(?:st|nd|rd|th)?,? (?:19|20)\d{2}|"
    r"\d{1,2}(?:st|nd|rd|th)? [A-Z][a-z]+,? (?:19|20)\d{2})\.?"
)


_FIRST_PUBLISHED_BY = re.compile(
    r"This (?:report|story|article) by "
    r"(?P<outlet>(?:The )?[A-Z][\w&.'’-]*(?: [A-Z][\w&.'’-]*){0,4})"
    r" was first published\b[^.]{0,40}\.?"
)


_REPRINTED_FROM = re.compile(
    r"[（(]?\s*(?:(?:本文|文章)(?:轉載|转载|轉|转|原載|原载)(?:自|於|于)|摘自|摘编自|摘編自)\s*"
    r"[《【](?P<outlet>[^》】]{2,30})[》】]"
    r"[^（）()《》【】，,。；;：:！？]{0,12}[）)]?[。.；;]?"
)


def reprinted_from(line: str) -> str | None:
    """The paper a note says the piece is reprinted or excerpted from ("摘自《某晚报》",
    "（本文轉載自《某某報》第42期）").

    >>> reprinted_from("（本文轉載自《某某街坊報》第42期）")
    '某某街坊報'
    >>> reprinted_from("本文转载自《某周刊》。")
    '某周刊'
    >>> reprinted_from("本文转载自《某周刊》，他说……今年的情况不同。") is None
    True
    >>> reprinted_from("摘自《某晚报》")  # an essay's line under its writer's
    '某晚报'
    >>> reprinted_from("本文转自【某晚报】；")  # a portal's note over the text it copied
    '某晚报'
    """
    found = _REPRINTED_FROM.fullmatch(line.strip())
    return found.group("outlet") if found else None


def appeared_in(line: str) -> str | None:
    """The outlet a closing note says the piece first appeared in ("This commentary originally
    appeared on The Hill on June 2, 2020.", a print edition's "Published in Dawn, June 4th,
    2020.", an agency's "This report by The Canadian Press was first published …"): where the
    text comes from.

    >>> appeared_in("This commentary originally appeared on The Hill on June 2, 2020. More.")
    'The Hill'
    >>> appeared_in("This piece originally appeared in The Daily Signal")  # no stop
    'The Daily Signal'
    >>> appeared_in("Published in The Express Tribune, June 4th, 2020.")
    'The Express Tribune'
    >>> appeared_in("The plan originally appeared in a 2019 report.") is None
    True
    >>> appeared_in("Published in Science on Thursday, the study found a link.") is None
    True
    >>> appeared_in("This report by The Canadian Press was first published June 3, 2020.")
    'The Canadian Press'
    >>> appeared_in("This article was first published on Pearls and Irritations.")
    'Pearls and Irritations'
    >>> appeared_in("Read the original article on New Era.")
    'New Era'
    """
    found = (
        _APPEARED_IN.match(line)
        or _PUBLISHED_IN.fullmatch(line)
        or _FIRST_PUBLISHED_BY.fullmatch(line)
    )
    if not found:
        return None
    return _without_stop(found.group("outlet"))


def _without_stop(outlet: str) -> str:
    """The name minus the sentence's stop after it, not an initial's ("U.S.", "Acme Inc.")."""
    if outlet.endswith(".") and not _ABBREVIATION.search(outlet[:-1]) and outlet[-3:-2] != ".":
        return outlet[:-1]
    return outlet


_SUMMARY_OF = re.compile(
    r"(?:[\w ,]{0,40}, )?(?i:presented here (?:for discussion )?is|this is|what follows is) "
    r"(?i:an? (?:summary|digest|abridged version) of an? (?:current |recent )?"
    r"(?:article|story|report) (?:from|in|by|published (?:in|by))) "
    r"(?P<outlet>(?:The )?[A-Z][\w&.'’-]*(?: [A-Z][\w&.'’-]*){0,4})"
)


def summary_of(line: str) -> str | None:
    """The outlet whose article a note over the text says this one sums up ("Through a special
    arrangement, presented here for discussion is a summary of a current article from
    Progressive Grocer."): the source.

    >>> summary_of("Presented here for discussion is a summary of a current article from "
    ...            "Progressive Grocer.")
    'Progressive Grocer'
    >>> summary_of("The report is a summary of a current article from 2019.") is None
    True
    """
    found = _SUMMARY_OF.fullmatch(line.strip())
    return _without_stop(found.group("outlet")) if found else None


def contributing_agency(line: str) -> str | None:
    """The news agency a closing "... contributed to this report." line names as one of the
    contributors (not as a writer's employer): where part of the text came from, as "(With
    input from Xinhua)" says.

    >>> contributing_agency("ESPN's Jo Alvarez and The Associated Press contributed reporting.")
    'The Associated Press'
    >>> contributing_agency("AP, AFP contributed to this report")
    'AP, AFP'
    >>> contributing_agency("Associated Press writer Lena Varga contributed to this report.")
    """
    return ", ".join(n for n in _contributing(line) if _AGENCY.fullmatch(n)) or None


def _contributing(line: str) -> list[str]:
    """The contributors a "... contributed to this report." line lists, employers taken off."""
    line = line.strip().lstrip(_LEAD_DASHES)  # "— CNBC's X contributed ..."
    if line[:1] == "(" and line[-1:] == ")":
        line = line[1:-1]  # "(With reports from Jane Roe)"
    match = None
    if "contr" in line.lower():  # in every match of both, IGNORECASE's (its C O N T R are ASCII)
        match = _CONTRIBUTED.match(line) or _NAMES_CONTRIBUTED.fullmatch(line)
    if match is None and line.startswith(("With ", "with ")):
        match = _WITH_NAMES.fullmatch(line)
    if match is None and line.startswith(("Contributed by ", "Compiled by ")):
        match = _CONTRIBUTED_BY.fullmatch(line)
    if not match:
        return []
    return split_names(
        _STAFF_PREFIX.sub("", _OUTLET_OF.sub("", _PLACE.sub("", match.group("who"))))
    )


_CONTRIBUTED_BY = re.compile(
    rf"(?:Contributed|Compiled) by (?P<who>{_FULL_NAME}(?:(?:,? and |, ){_FULL_NAME})*)"
    r"(?: (?:from|in) [A-Z][\w .,'’-]{1,60}?)?\.?"
)
"""A closing "Contributed by Jane Roe from Dire Dawa" or "Compiled by Jane Roe": who helped
report, and where from."""
_AGENCY = re.compile(
    r"(?:The )?Associated Press|Reuters|Agence France-Presse|AFP|Bloomberg News|Xinhua|"
    r"Kyodo(?: News)?|Jiji(?: Press)?|JIJI|KYODO|Yonhap|AP|AAP|PTI|IANS|ANI|dpa|EFE|ANSA|TASS|"
    r"Bernama|BERNAMA|XINHUA|Antara|ANTARA|Australian Associated Press|Lusa|Belga|BELGA|"
    r"ONA|WAM|KUNA|QNA|SPA|BNA|MENA|IRNA|WAFA|"
    r"Keystone-SDA|"
    r"(?:The )?[A-Z][\w&.-]*(?: [A-Z][\w&.-]*)* (?:News )?Agency|"
    r"[A-Z][\w&.-]*(?: [A-Z][\w&.-]*)* Newswires?|Business Wire|BUSINESS WIRE"
)
"""A news agency: no person, but where part of the text came from."""
_AGENCY_AFTER = re.compile(rf"\(\s*({_AGENCY.pattern})\s*\)$")
"""A news agency in brackets after a byline's names: where the text came from."""
_PAPER_AFTER = re.compile(
    r"\(\s*((?:The )?[A-Z][\w'’.&-]*(?: [A-Z][\w'’.&-]*){0,3} "
    r"(?:Daily|Times|Post|Herald|Journal|Tribune|Gazette)(?: Online)?)\s*\)$"
)
"""A paper in brackets after a byline's names ("By Jane Roe (Global Times)", as en.people.cn
prints a story from another paper): where the text came from, as an agency there is."""
_AGENCY_LINE = re.compile(
    rf"(?:(?:-{{1,2}} ?|[—–] ?)(?:with )?|\(END\) )?"
    rf"(?P<agency>(?:[A-Z]{{2,6}}/)*(?:{_AGENCY.pattern})"
    # "Keystone-SDA/ts", "PTI KRS HMB": with the initials of the desk's editors
    rf"(?:/(?:[A-Z]{{2,6}}|{_AGENCY.pattern}))*)(?:/[a-z]{{1,4}}|(?: [A-Z]{{2,4}}){{1,3}})?"
)


def agency_line(line: str) -> str | None:
    """The agency a line closing the text names and nothing else ("--IANS", "Australian
    Associated Press", "(END) Dow Jones Newswires"), with the desks beside it ("— TIMES/AFP"),
    or None.

    >>> agency_line("--IANS"), agency_line("Australian Associated Press"), agency_line("IANS said")
    ('IANS', 'Australian Associated Press', None)
    >>> agency_line("-- BERNAMA")  # agencies print their names in capitals too
    'BERNAMA'
    >>> agency_line("(END) Dow Jones Newswires")  # a wire story's closing line
    'Dow Jones Newswires'
    >>> agency_line("— TIMES/AFP")  # the paper's desk and the agency it drew on
    'TIMES/AFP'
    >>> agency_line("— with AAP")  # the agency the writers drew on
    'AAP'
    >>> agency_line("Keystone-SDA/ts")  # with the initials of the desk's editor
    'Keystone-SDA'
    >>> agency_line("PTI KRS HMB")  # the writer's and the editor's initials after it
    'PTI'
    """
    found = _AGENCY_LINE.fullmatch(line.strip())
    return found.group("agency") if found else None


_CONTENT_FROM = re.compile(
    r"Press release content (?:from|by) "
    r"(?P<who>[A-Z][\w&'’-]*(?: (?:of |and |& )?[A-Z][\w&'’-]*){0,5})\.(?: .{0,160})?"
)


def content_from(line: str) -> str | None:
    """Whose content a republisher's note says the page carries ("Press release content from
    Business Wire. The newsroom was not involved in the creation of this content."): the
    page's source.

    >>> content_from("Press release content from Business Wire. The Post was not involved.")
    'Business Wire'
    >>> content_from("The content from Business Wire was late.") is None
    True
    """
    found = _CONTENT_FROM.fullmatch(line)
    return found.group("who") if found else None


_DATED_AGENCY = re.compile(rf"(?P<agency>{_AGENCY.pattern}),?\s+(?P<date>[A-Z0-9].{{5,40}})")


def dated_agency(line: str) -> str | None:
    """The agency a header row names beside the date alone ("Globe Newswire June 3, 2020 8:00
    AM EDT", a republisher's provider tag over a wire's release): where the text comes from.

    >>> dated_agency("Globe Newswire June 3, 2020 8:00 AM EDT")
    'Globe Newswire'
    >>> dated_agency("Reuters June 3 and 4 were busy days") is None
    True
    """
    found = _DATED_AGENCY.fullmatch(line.strip())
    return found.group("agency") if found and _DATE_ONLY.fullmatch(found.group("date")) else None


_DATE_ONLY = re.compile(
    r"(?:[A-Z][a-z]{2,8}\.? \d{1,2},? |\d{1,2} [A-Z][a-z]{2,8},? )(?:19|20)\d{2}"
    r"(?:,? \d{1,2}:\d{2}(?: ?[AaPp]\.?[Mm]\.?)?(?: [A-Z]{2,4})?)?|"
    r"(?:19|20)\d{2}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?"
)
"""A date and maybe its time, and nothing more ("June 3, 2020 8:00 AM EDT", "2020-06-03 08:00")."""


_WITH_AGENCY_AFTER = re.compile(rf" with (?P<agency>{_AGENCY.pattern})$")
"""The agency a byline says its writer or desk drew on ("By The Brussels Times with Belga")."""
_WITH_AGENCY = re.compile(rf"(?P<outlet>.+?) (?i:with) (?P<agency>[A-Z]{{2,6}}|{_AGENCY.pattern})")


def desk_and_agency(line: str) -> str | None:
    """The agency of a line that names a desk and the agency it drew on and nothing else ("Le
    Monde with AFP", over the text): the source.

    >>> desk_and_agency("Le Monde with AFP"), desk_and_agency("Jane Roe with a friend")
    ('AFP', None)
    """
    found = _WITH_AGENCY.fullmatch(line.strip())
    if found is None or not _DESK_NAME.fullmatch(found.group("outlet")):
        return None
    return found.group("agency")


_DESK_NAME = re.compile(
    r"(?:The |Le |La |Les |Der |Die |Das |El )?[A-Z][\w&.'’-]*(?: [A-Z][\w&.'’-]*){0,2}"
)


def outlet_with_agency(name: str, outlets: Iterable[str]) -> str | None:
    """The agency in a byline that names the site itself and the agency it drew on ("DAILY
    SABAH WITH AA" on Daily Sabah): a desk's story from a wire, no one's name, or None.

    >>> outlet_with_agency("Daily Sabah With AA", ["Daily Sabah"])
    'AA'
    >>> outlet_with_agency("Jane Roe with AP", ["Daily Sabah"]) is None
    True
    """
    found = _WITH_AGENCY.fullmatch(name.strip())
    if found is None or found.group("outlet").casefold() not in {o.casefold() for o in outlets}:
        return None
    return found.group("agency")


NEWSPAPER = (
    r"(?:The )?(?:[A-Z][\w&.'’-]* )*?(?:Daily|News|Times|Post|Herald|Inquirer|Journal|Tribune|"
    r"Press|Gazette|Star|Mail|Telegraph|Observer|Chronicle|Guardian|Standard|Express|Bulletin|"
    r"Wire|Agency)(?: [A-Z][\w&.'’-]*){0,2}"
)
"""A newspaper's or an agency's name by its last words ("The Philippine Star", "Gulf News")."""
_OUTLET_NAME = re.compile(NEWSPAPER)
_NAMES_DASH_PAPER = re.compile(
    rf"(?P<names>{_FULL_NAME}(?:(?:,? and |, ){_FULL_NAME})*)\s+[-–—]\s+(?P<paper>{NEWSPAPER})"
)
"""A byline row of the writers and, after a dash, their paper ("Jane Roe - The Philippine Star")."""


def without_paper(name: str) -> str:
    """A writer's name without the paper a CMS account adds after a dash.

    >>> without_paper("Thokozani Mwale - Nyasa Times"), without_paper("Jane Roe")
    ('Thokozani Mwale', 'Jane Roe')
    """
    found = _NAMES_DASH_PAPER.fullmatch(name)
    return found.group("names") if found else name


_AGENCY_CITY = re.compile(
    rf"(?P<agency>[A-Z]{{2,5}}|{_AGENCY.pattern})\s*/\s*[A-Z][a-z]+(?: [A-Z][a-z]+)?"
)
"""An agency's byline with the city it filed from ("QNA/Doha", "AFP / Paris")."""
_OUTLET_SIGN_OFF = re.compile(
    r"(?<=[.!?”\"])\s+[–—-]\s?(?P<outlet>[A-Z][\w-]*\.(?:com|net|org)|[A-Z]{2,5}|"
    rf"{_AGENCY.pattern})$"
)
"""A site's or an agency's sign-off after the last sentence ("... recoveries. – Rappler.com",
"... by July 31. — VNS", "... to reopen them. — Bernama"); an agency after a picture's caption
is the picture's credit."""
_AGENCY_LEAD = re.compile(rf"({_AGENCY.pattern}) (?=[A-Z])")
_SLUG_AGENCIES = re.compile(
    rf"[a-z]{{2,4}}(?:/[a-z]{{2,4}})+\s*\((?P<agencies>(?:{_AGENCY.pattern})"
    rf"(?:,\s*(?:{_AGENCY.pattern}))*)\)"
)
"""The writers' and editors' initials, then the agencies the text draws on ("jr/rt (AFP, dpa)")."""
_HANDLE = re.compile(r"(?:\s*/)?\s*@\w+(?![.\w])")
"""A social-media handle after a byline's name, glued or after a slash ("By Jane Roe@janeroe",
"By: Jane Roe - Reporter / @outletdotnet"; not an e-mail)."""
_SLASH_JOB = re.compile(
    r"\s*/\s*(?:(?:Staff|Senior|Chief|Special)\s+)?(?:writer|reporter|correspondent)s?\b"
    r"(?:,?\s+with\s+(?P<agency>[^,]{2,40}?))?\.?$",
    re.IGNORECASE,
)
"""A writer's post after a slash, with the agency the story drew on ("/ Staff writer, with CNA")."""
_AGENCY_OR_ACRONYM = re.compile(r"[A-Z]{2,6}|(?:The )?[A-Z][\w&.-]*(?: [A-Z][\w&.-]*){0,3}")
_FILED_CITY = re.compile(r"\s*/\s*[A-Z][a-z]+$")
"""The city a writer filed from, one word after a slash at the end of an English byline."""
_FILED_PLACE = re.compile(r"(?<=[\u4e00-\u9fff])\s+[／/]\s*[\u4e00-\u9fff]{2,3}$")
"""The place reporters filed from, after a spaced slash ending a Chinese byline ("記者 甲 /
台北")."""
_AT_CLOCK = re.compile(
    r"(?:\s+|(?<=[)）]))(?:at\s+)?\d{1,2}:\d{2}\s*(?:[AaPp]\.?[Mm]\.?)?(?:,\s*)?$"
    r"|\s+at\s+\d{1,2}:\d{2}.*$"
)
"""The time after a byline's names: a blog's "Posted by Jane Roe at 10:21 AM", or a clock left
where the date after it was cut ("By Jane Roe 13:20, 3 June 2020"), maybe glued to the credit
in brackets before it, as adjacent spans print them ("By Jane Roe (Xinhua)10:21, 3 June 2020")."""
_OFFICE = re.compile(r"[A-Z]{2,6}\s+[A-Z][a-z]")
"""A name opening with an acronym before a word in lower case is an office's ("by PIB Delhi");
"by JANE ROE" is a person's in capitals."""
_POSTED_BY = re.compile(
    r"(?:Posted|Published)(?: on)?\s+(?P<when>.{6,40}?)\s+by\s+(?P<names>[\w.' -]{2,40})",
    re.IGNORECASE,
)
_DATE_BY = re.compile(
    r"(?P<when>[\w ,:.]{6,40}?)(?:,|\s+[|｜])?\s+by\s+"
    r"(?P<names>(?-i:[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3}))"
)
_BYLINE = re.compile(
    r"^(?P<names>[\u4e00-\u9fff·]{2,4}(?:[、\s][\u4e00-\u9fff·]{2,4})*)\s*[/／]\s*(?P<outlet>\S{2,20})$"
)


_SPEECH_BY = re.compile(
    r"(?:(?:Keynote |Opening |Closing |Welcoming |Welcome |Introductory |Concluding )?"
    r"(?:speech|remarks|address|lecture|statement|testimony)|Speaking notes) by "
    r"(?P<name>(?-i:[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3})),",
    re.IGNORECASE,
)


_ATTRIBUTE_TO = re.compile(
    r"Attribut(?:e|able) to (?:(?:Acting|Detective|Senior|Chief|Deputy|Assistant|District|Area|"
    r"Inspector|Sergeant|Constable|Superintendent|Commander|Commissioner|Officer|Dr\.?) )*"
    r"(?P<name>(?-i:[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){1,2}))\s*:?",
    re.IGNORECASE,
)
"""A police or agency release's "Attribute to Detective Inspector Jane Roe:": the officer whose
statement it is, in the first person."""


def speech_credit(line: str) -> Credits | None:
    """An official's speech credited under its title, its speaker as its author (it is in the
    speaker's first person); the line, naming role, event, place and date, is often long; or a
    release's statement attributed to an officer.

    >>> speech_credit("Speech by Jane Roe, Member of the Board, at a Forum, Rome, 3 June 2020")
    Credits(authors=['Jane Roe'], editors=[], responsible_editors=[], source=None)
    >>> speech_credit("Speech by the president was cut short, officials said.") is None
    True
    >>> speech_credit("Attribute to Detective Inspector Jane Roe:").authors
    ['Jane Roe']
    """
    if "by " not in line and "ttribut" not in line:
        return None  # (a substring test on every line it is tried on, not two regexes)
    speech = _SPEECH_BY.match(line.strip()) or _ATTRIBUTE_TO.fullmatch(line.strip())
    return Credits(authors=[speech.group("name")]) if speech else None


_SECTION_NEWS = re.compile(
    r"(?:图片|圖片|视频|視頻|要闻|要聞|头条|頭條|滚动|即时|国内|國內|国际|國際|社会|社會|财经|財經|"
    r"体育|體育|娱乐|娛樂|科技|本地|地方|时政|時政|综合|綜合)(?:新闻|新聞)"
)
"""A section's name ending in 新闻 ("图片新闻", "国际新闻"), which no outlet is called."""


def byline(line: str) -> Credits | None:
    """A bare byline row under a headline: "石佳/中国青年报", or an outlet alone ("新华社"); a
    blog's "Posted on June 3, 2020 by jdoe" (or the date alone before "by"); an English byline
    that spells "by" in lower case.

    >>> byline("石佳/中国青年报")
    Credits(authors=['石佳'], editors=[], responsible_editors=[], source='中国青年报')
    >>> byline("新华社").source, byline("共享充电宝涨价") is None
    ('新华社', True)
    >>> byline("Posted On: 03 JUN 2020 10:21AM by PIB Delhi") is None
    True
    >>> byline("by Jane Roe and Al Poe, ProPublica").authors  # a theme's lower-case "by"
    ['Jane Roe', 'Al Poe']
    >>> byline("by Xinhua writers Liu Qian, Ma Zhiyuan").authors
    ['Liu Qian', 'Ma Zhiyuan']
    >>> byline("by University of Eastbridge")  # a university's release: its source
    Credits(authors=[], editors=[], responsible_editors=[], source='University of Eastbridge')
    >>> byline("Jane Roe - The Philippine Star")
    Credits(authors=['Jane Roe'], editors=[], responsible_editors=[], source='The Philippine Star')
    >>> byline("QNA/Doha").source, byline("Jane Roe - Reporter"), byline("Jane/Doha")
    ('QNA', None, None)
    >>> byline("Wednesday, 3 June 2020, 17:21 by Jane Roe").authors  # the date first
    ['Jane Roe']
    >>> byline("June 3, 2020 | by Jane Roe").authors  # a bar between them
    ['Jane Roe']
    >>> byline("Signed into law by Governor Jane Roe") is None
    True
    >>> byline("BNS, LRT.lt").source
    'BNS'
    >>> byline("2020/06/03 14:21 東森新聞 林某慧 陳某強 報導").authors
    ['林某慧', '陳某強']
    >>> byline("劉某妤 吳某德 / 台北報導").authors, byline("新华社 报道")
    (['劉某妤', '吳某德'], None)
    >>> byline("图片新闻")  # a section's name, no outlet's
    """
    text = line.strip()
    if text.startswith("by ") and text[3:4].isupper():
        found = parse_credit_line(f"B{text[1:]}")
        if (found is None or not found.authors) and _OFFICE_NAME.search(text[3:]):
            return Credits(source=text[3:].strip())  # "by University of X": where it came from
        return found
    posted = _POSTED_BY.match(text) or (_DATE_BY.fullmatch(text) if " by " in text else None)
    if posted and dates.find_dates(posted.group("when")):
        names = [n for n in split_names(posted.group("names")) if not _OFFICE.match(n)]
        return Credits(authors=names) if names else None
    match = _BYLINE.match(text)
    if match and _OUTLET.search(match.group("outlet")):
        return Credits(authors=split_names(match.group("names")), source=match.group("outlet"))
    if " " in text and (dashed := _NAMES_DASH_PAPER.fullmatch(text)):
        return Credits(authors=split_names(dashed.group("names")), source=dashed.group("paper"))
    if "/" in text and (filed := _AGENCY_CITY.fullmatch(text)):
        return Credits(source=filed.group("agency"))
    if ", " in text and (agencies := _agencies_beside_site(text)):
        return Credits(source=agencies)
    if text.endswith(("報導", "报道")):
        return reported_by(text)
    if (
        3 <= len(text) <= 12
        and _OUTLET.search(text)
        and re.fullmatch(r"[\u4e00-\u9fff·]+", text)
        and not text.startswith("本文")  # "本文首发于某周刊": a note, not a byline
        and not _SECTION_NEWS.fullmatch(text)
    ):
        return Credits(source=text)  # not two characters: "电报" and "日报" are words, not names
    return None


def writers_at_desk(line: str) -> list[str]:
    """The writers of a row naming them and, after a bar, the site's own desk, with no label
    ("Jane Roe | MIT News Office"): another outlet is no source there.

    >>> writers_at_desk("Jane Roe | MIT News Office"), writers_at_desk("Jane Roe | Reuters")
    (['Jane Roe'], [])
    """
    found = _NAMES_BAR_OFFICE.fullmatch(line) if " | " in line else None
    return split_names(found.group("names")) if found else []


_NAMES_BAR_OFFICE = re.compile(
    rf"(?P<names>{_FULL_NAME}(?:(?:,? and |, ){_FULL_NAME})*) \| "
    r"(?:[A-Z][\w&.'-]* ){0,4}(?:News Office|Office|Newsroom|News Service|Staff)"
)
"""A writer and, after a bar, the site's desk ("Jane Roe | MIT News Office"): no other outlet."""


def reported_by(line: str) -> Credits | None:
    """The writers of a TV station's byline with no label, its role after the names ("東森新聞 甲
    乙 報導", "甲 乙 / 台北報導"), maybe after the date."""
    found = _REPORTED_BY.fullmatch(line.strip())
    return Credits(authors=split_names(found.group("names"))) if found else None


_REPORTED_BY = re.compile(
    r"(?:\d{4}[/-]\d{1,2}[/-]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s+)?"
    r"(?:[\u4e00-\u9fff]{2,8}(?:新聞|新闻|電視|电视|網|网|台)\s+)?"
    r"(?P<names>[\u4e00-\u9fff]{2,3}(?<![社台网網報报])"
    r"(?:[ 、][\u4e00-\u9fff]{2,3}(?<![社台网網報报])){0,4})"
    r"\s*(?:[/／]\s*[\u4e00-\u9fff]{2,4})?\s*(?:報導|报道)"
)


def _agencies_beside_site(text: str) -> str | None:
    """The agencies of a byline row naming them beside the site's web name ("BNS, LRT.lt")."""
    parts = text.split(", ")
    agencies = [part for part in parts if re.fullmatch(r"[A-Z]{2,6}", part)]
    sites = [part for part in parts if re.fullmatch(r"[A-Z][\w-]*\.[a-z]{2,3}", part)]
    if agencies and sites and len(agencies) + len(sites) == len(parts):
        return ", ".join(agencies)
    return None


_WECHAT = re.compile(
    r"(?:[^：:，,。]{0,12}[：:])?\s*本文(?:来自|来源于|转载自|转自|首发于)(?:微信)?公众号[：:]?\s*"
    r"[“「]?(?P<account>[^（(，,”」]{2,30}?)[”」]?\s*[（(]ID[：:]\s*[\w-]+[）)]"
    r"(?:\s*[，,]\s*作者[：:]\s*(?P<author>[^，,。）)\s]{2,20}))?"
)


def wechat_credit(line: str) -> Credits | None:
    """A repost's credit to the WeChat account it came from, with the account's writer.

    >>> wechat_credit("本文来自微信公众号：远山评论（ID：yuanshan），作者：祁某")
    Credits(authors=['祁某'], editors=[], responsible_editors=[], source='远山评论')
    >>> line = "某媒体注：本文来源于微信公众号澄观研究（ID：cg-ir），作者：程某，经授权发布。"
    >>> wechat_credit(line).source
    '澄观研究'
    >>> wechat_credit("本文转载自公众号“字节码茶馆”（ID：bytecode_teahouse）。").source
    '字节码茶馆'
    """
    match = _WECHAT.match(line.strip())
    if not match:
        return None
    return Credits(authors=split_names(match.group("author") or ""), source=match.group("account"))


_SUPPLIED = re.compile(r"[（(]\s*(?P<who>[^（()）\s][^（()）]{1,19}?)\s*供稿\s*[）)]")


def supplied_credit(line: str) -> Credits | None:
    """A closing "（某某秘书处 供稿）": the unit that supplied the text, its source.

    >>> supplied_credit("（秘书处 供稿）").source, supplied_credit("他们供稿很多。")
    ('秘书处', None)
    """
    match = _SUPPLIED.fullmatch(line.strip())
    return Credits(source=match.group("who")) if match else None


_WIRE_HEADER = re.compile(
    r"(?:EQS|DGAP)-[\w -]{2,20}:\s*(?P<issuer>[^/:]{2,80}?)\s*/\s*"
    r"(?:Key word\(s\)|Schlagwort\(e\))\s*:.*"
)


def wire_header(line: str) -> Credits | None:
    """The issuer a release service's header names ("EQS-News: Acme AG / Key word(s): Contract"):
    the company whose release the page carries, as "News provided by" names it.

    >>> wire_header("EQS-News: Lindwurm Systeme AG / Key word(s): Contract/Order").source
    'Lindwurm Systeme AG'
    >>> wire_header("News: Acme AG / Key word(s): Contract") is None
    True
    """
    match = _WIRE_HEADER.fullmatch(line) if line[:1] in "ED" else None
    return Credits(source=match.group("issuer")) if match else None


_MATERIALS = re.compile(
    r"Materials provided by (?P<source>[^.]{2,80}?)\."
    r"(?:\s+Original written by (?P<names>[^.]{2,60}?)\.)?"
)


def materials_credit(line: str) -> Credits | None:
    """A science-news release's closing credit ("Materials provided by University of X.
    Original written by Jane Roe. Note: ..."): the institution is the source, the writer an
    author.

    >>> materials_credit("Materials provided by Uni of X. Original written by Jo Lin. Note: ...")
    Credits(authors=['Jo Lin'], editors=[], responsible_editors=[], source='Uni of X')
    """
    match = _MATERIALS.match(line.strip())
    if not match:
        return None
    return Credits(authors=split_names(match.group("names") or ""), source=match.group("source"))


def additional_reporting(found: Credits, text: str) -> Credits:
    """The writers of an "Additional reporting by X" (USA TODAY's "Contributing: X",
    Bloomberg's "— With assistance by X", Anadolu's "*Writing by X", "（实习生 乙 对本文亦有贡献）")
    line, taken out of `found`:
    they join the byline's writers (`merge(..., add_names=True)`), as those of "... contributed
    to this report" do, and never stand in for them (the byline may come from metadata).

    >>> found = parse_credit_line("—With reporting by Tomasz Reyes/Washington")
    >>> additional_reporting(found, "—With reporting by Tomasz Reyes/Washington").authors
    ['Tomasz Reyes']
    >>> found = parse_credit_line("Additional reporting by Tom Wren")
    >>> additional_reporting(found, "Additional reporting by Tom Wren").authors, found.authors
    (['Tom Wren'], [])
    >>> found = parse_credit_line("（实习生 乙某 对本文亦有贡献）")
    >>> additional_reporting(found, "（实习生 乙某 对本文亦有贡献）").authors
    ['乙某']
    """
    head = text.lstrip(_LEAD_DASHES + "*")[:20].lower()
    if not head.startswith(
        ("additional reporting", "contributing:", "with assistance", "with reporting", "writing by")
    ) and not _HELPED.search(text.rstrip("）) ")):
        return Credits()
    names, found.authors = found.authors, []
    return Credits(authors=names)


def dateline_authors(text: str) -> list[str]:
    """Reporters named in an inline dateline such as "新华社北京6月2日电（记者唐霁）".

    >>> dateline_authors("新华社北京6月2日电（记者王某某、李四）国务院...")
    ['王某某', '李四']
    >>> dateline_authors("（中央社記者溫某台北3日電）行政院...")
    ['溫某']
    >>> dateline_authors("央广网北京6月3日消息（记者郑某 实习记者柯某）据...")
    ['郑某', '柯某']
    >>> dateline_authors("南方日报讯 （记者/许某 通讯员/邝某）6月2日，...")
    ['许某', '邝某']
    >>> dateline_authors("红网时刻6月3日讯（通讯员 蔺某 记者 詹某）...")
    ['蔺某', '詹某']
    >>> dateline_authors("〔記者林某、陳某／台北報導〕梅雨鋒面...")
    ['林某', '陳某']
    >>> dateline_authors("某某网-某某日报讯（记者 蒋某 通讯员 阿某·买某 报道）...")
    ['蒋某', '阿某·买某']
    >>> dateline_authors("【大公報訊】記者蘇某某報道：觀塘海濱...")
    ['蘇某某']
    >>> dateline_authors("某新聞記者 梁某某報道：油麻地...")
    ['梁某某']
    >>> dateline_authors("記者 何某欣 報道：油麻地...")  # no outlet's name before the title
    ['何某欣']
    >>> dateline_authors("某某网讯 记者祁某帆报道 6月2日，...")  # the day after 报道, no colon
    ['祁某帆']
    >>> dateline_authors("据某社记者 梁某某报道：油麻地...")  # another's report, retold
    []
    >>> dateline_authors("本报讯 记者张某北京报道：...")  # a place glued to the name: no guess
    []
    >>> dateline_authors("某某日报讯 记者钟某 通讯员黎某琦报道：近日，...")
    ['钟某', '黎某琦']
    >>> dateline_authors("本报讯 记者钟某 通讯员黎某北京报道：...")
    []
    >>> dateline_authors("本报讯 记者方某秋 通讯员齐某 6月2日凌晨，...")  # no 报道: the day
    ['方某秋', '齐某']
    >>> dateline_authors("本报讯 记者张某北京 6月2日，...")
    []
    >>> dateline_authors("文/图 柯某川 6月2日10时18分，随着指挥人员一声令下，...")
    ['柯某川']
    >>> dateline_authors("清华新闻网6月3日电（通讯员 欧阳某 章某）6月2日，...")
    ['欧阳某', '章某']
    >>> dateline_authors("中新经纬6月3日电（宋某某）国家统计局...")
    ['宋某某']
    >>> dateline_authors("【某某网北京】6月3日报道（文/贺某）某某网近日获悉...")
    ['贺某']
    """
    match = _DATELINE_AUTHOR.search(text[:120]) or _CORRESPONDENTS_DATELINE.search(text[:120])
    if not match:
        opener = _OPENER_REPORTER.match(text[:60]) or _OPENER_WRITER.match(text[:30])
        return split_names(_REPORTER_TITLE.sub("、", opener.group("names"))) if opener else []
    names = match.group("names") or match.group("bare") or match.group("text_by")
    names = _FILED_FROM.sub("", names)
    first = _CORRESPONDENT_FIRST.fullmatch((match.group("lead") or "").strip())
    if first:  # "（通讯员 乙 记者 甲）"
        names = f"{first.group('names')}、{names}"
    return split_names(_REPORTER_TITLE.sub("、", names))
