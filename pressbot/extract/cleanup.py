"""What of the chosen block is article text: tails, sign-offs, captions, promotions and credit
lines come off; table rows of figures read as lines; credits found on the way are kept.

`clean_body` is the one entry point (`pressbot.extract.page` calls it on the block's lines).
"""

from __future__ import annotations

import itertools
import re

from lxml.html import HtmlElement

from pressbot.extract import dates
from pressbot.extract.credits import (
    PICTURE_SOURCE_LABELS,
    Credits,
    additional_reporting,
    agency_line,
    agency_sign_off,
    appeared_in,
    byline,
    contact_credit,
    contributing_agency,
    contributors,
    desk_and_agency,
    files_from,
    parse_credit_line,
    reported_by,
    reprinted_from,
    speech_credit,
    split_names,
    summary_of,
    supplied_credit,
    trailing_credit,
    wechat_credit,
)
from pressbot.extract.text import ends_sentence, holds_sentence, units
from pressbot.extract.tree import HEADINGS, Line, collapse


def _by_initial(words: tuple[tuple[str, str], ...], end: str) -> dict[str, re.Pattern[str]]:
    """The patterns of `words` each letter opens, as one case-blind pattern (and `end`), under
    every character the case-blind letter matches (an "S" and an "ſ" open the words of "s")."""
    patterns: dict[str, re.Pattern[str]] = {}
    for letter in sorted({letter for letters, _ in words for letter in letters}):
        opening = [word for letters, word in words if letter in letters]
        pattern = re.compile(f"(?:{'|'.join(opening)}){end}", re.IGNORECASE)
        for char in (letter, letter.upper(), "ſ", "K", "İ", "ı"):
            if re.fullmatch(letter, char, re.IGNORECASE):
                patterns[char] = pattern
    return patterns


_TAIL_MARKS = re.compile(
    r"^[【\[（(]?\s*(?:特别声明|免责声明|版权声明|特别提示$|"
    r"相关阅读|相关新闻|相关文章|相关链接|延伸阅读|本文仅?代表作者(?:本人|个人)观点|"
    r"相關閱讀|相關新聞|延伸閱讀|推薦閱讀|熱門新聞|"
    r"推荐阅读|热点推荐|猜你喜欢|精彩推荐|更多精彩|热门推荐|往期回顾|上一篇|下一篇|版权所有|"
    r"©|\(c\)|"
    r"媒体联系(?:人|方式)?|媒体联络人?|(?:傳媒|传媒|媒體|媒体)(?:查詢|查询)|新闻联系人|新闻联络人|新聞聯絡人|新聞聯繫人|媒體聯絡人|媒體聯繫人|"
    r"分享到|扫一扫|扫描二维码|"
    r"关注我们|扫描下方二维码|长按(?:识别)?二维码|识别二维码|网友评论|发表评论|我要评论|评论\s*\d*$|"
    r"打印本页|关闭窗口|【打印】|【关闭】)",
    re.IGNORECASE,
)
"""What follows a text, in Chinese or marks (a disclaimer, related reading, a share bar, the
media contacts, ©): those in words, `_TAIL_WORDS`; a site's disclaimer, `_DISCLAIMER`."""
_DISCLAIMER = re.compile(
    r"[【\[（(]?\s*(?:本|[^\s，。：:、]{1,6}网)?(?:版权[与和及]?)?(?:免责)?声明[：:]", re.IGNORECASE
)
"""A site's disclaimer ("本网声明：", "XX网版权与免责声明："): apart from `_TAIL_MARKS`, since the
name's run of characters before it costs every line a scan, and only lines holding 声明 take it."""
_TAIL_WORDS: tuple[tuple[str, str], ...] = (
    ("c", r"Copyright"),
    ("a", r"All rights reserved"),
    ("s", r"Special statement"),
    ("r", r"Recommended Reading"),
    ("r", r"Related (?:articles|stories|news|reading)"),
    ("r", r"Read more"),
    ("m", r"More from"),
    ("m", r"More (?:great )?[\w-]+ stories"),
    ("d", r"Disclaimer"),
    ("d", r"Disclosures?\s*(?::|$)"),
    ("m", r"Media contacts?\b"),
    ("e", r"Explore further"),
    ("o", r"On behalf of the Board\b"),
    ("p", r"Permanent link to this (?:press release|article|story)"),
    ("l", r"Last (?:medically )?reviewed on\b"),
    # a government page's history under its text (gov.uk): "Published 2 June 2020", then each
    # update as "3 June 2020 — Corrected the date ..." (a sentence that opens so stays)
    ("lp", r"(?:Published|Last updated):? \d{1,2} [A-Z][a-z]{2,8}\.? (?:19|20)\d{2}$"),
    ("h", r"How we reviewed this article"),
    ("s", r"Sources?:?$"),
    ("t", r"This (?:story|article) was originally published\b"),
    ("t", r"This document is subject to copyright"),
    ("c", r"Contacts?\s*:"),
    ("fmp", r"(?:For )?(?:Media|press) (?:[ei]nquiries|relations)"),
    ("p", r"Press contacts?"),
    ("c", r"Comments (?:will be|are) moderated\b"),
    ("r", r"Related topics"),
    ("m", r"More on this (?:story|topic)"),
    ("j", r"Join the (?:[\w'’]+ )?conversation"),
    ("s", r"Source text for Eikon"),
    ("f", r"Further company coverage"),
    ("f", r"For more information\s*:?$"),
    ("a", r"A message from the editor"),
    ("s", r"Support [\w '’]{0,50}journalism\b"),
    ("w", r"We pay for (?:your )?(?:stories|videos)\b"),
    ("s", r"Support press freedom\b"),
    ("s", r"Safeguard press freedom\b"),
    # "Support CBC", "Support DutchNews", "Support Barbados TODAY"
    ("s", r"Support (?-i:(?:[A-Z][a-z]+ )?[A-Z]{2,6}|[A-Z][a-z]+[A-Z]\w+)$"),
    ("s", r"Send (?:us )?your (?:news )?stories\b"),
    ("g", r"Get in touch with (?:our|the) (?:news )?team\b"),
    ("f", r"For more stories like this\b"),
    ("gh", r"(?:Got|Have) a (?:news )?(?:story|tip)(?: for us)?\?"),
    ("f", r"Follow and subscribe\b"),
    (
        "dh",
        r"(?:Do you have|Have you had) [^?]{5,150}\? (?:Tell|Share with|Send|Email|Write to) us\b",
    ),
    ("t", r"The (?:small|fine) print\s*:"),
    (
        "t",
        r"This (?:article|story|report|piece|publication) was "
        r"(?:produced|created|made possible|funded) "
        r"(?:as part of|with (?:the )?(?:financial )?(?:support|funding)|thanks to|through|by)\b",
    ),
    ("d", r"Do you want to respond to this (?:article|story)\?"),
    ("r", r"Read this next:?$"),
    ("t", r"This (?:story|article|report) is part of\b"),
    ("e", r"Enquiries\s*:?$"),
    ("s", r"Since you(?:'|’)re here\b"),
    ("n", r"No investment advice$"),
    (
        "u",
        r"Updated (?:on )?[A-Z][a-z]{2,8}\.? \d{1,2}(?:,? (?:19|20)\d{2})?"
        r"(?: at \d{1,2}(?::\d{2})? ?[ap]\.?m\.?)? to (?:include|add|correct|clarify|reflect)\b",
    ),
    ("w", r"Want to know more about [^?]{2,60}\? (?:Follow|Check out)\b"),
    ("a", r"A version of this (?:story|article) appears? in\b"),
    ("cfhlmt", r"(?:Main|Top|Lead|Featured|Cover|Header) (?:image|photo|picture) credit\s*:"),
)
"""What follows a text, in words (a copyright, related reading, the media contacts, an appeal for
support), each after the letters it can open with, any case: `_tail_marker` tries on a line only
those opening with its first letter (sre enters every branch of an alternation that opens with a
case-blind letter, fifty on any line)."""
_TAIL_BY_INITIAL = _by_initial(_TAIL_WORDS, "")
_HOUSE_NOTE = re.compile(
    r"[\w.&'’() -]{2,60} is (?:a partnership (?:of|between)|an equal opportunity "
    r"(?:provider|employer|lender)|an? (?:(?:national|nonprofit|non-profit|independent|"
    r"reader-funded|reader-supported|nonpartisan|non-partisan),? )+"
    r"(?:newsroom|news organization))\b",
    re.IGNORECASE,
)
"""The house's standing notes that end a text ("X is a partnership of …", "USDA is an equal
opportunity provider, employer and lender", "KHN (Kaiser Health News) is a national newsroom
…", "X is an independent, reader-funded newsroom", "X is a nonpartisan news organization"):
apart from `_tail_opening`, since a name's run of words before them costs every line a scan, and
only lines holding " is a" take it here."""


def _tail_opening(text: str) -> bool:
    """`text` opens with what follows a text, after a bracket and spaces: `_TAIL_MARKS`, one of
    `_TAIL_WORDS` opening with the letter there, or `_DISCLAIMER`."""
    at, words = 0, _TAIL_BY_INITIAL.get(text[:1])
    if words is None and (text[:1] in "【[（(" or text[:1].isspace()):
        at = 1 if text[:1] in "【[（(" else 0
        while text[at : at + 1].isspace():
            at += 1
        words = _TAIL_BY_INITIAL.get(text[at : at + 1])
    if words is not None and words.match(text, at) is not None:
        return True
    return _TAIL_MARKS.match(text) is not None or (
        "声明" in text and _DISCLAIMER.match(text) is not None
    )


def _tail_marker(text: str) -> bool:
    """Does `text` start what follows a text: a disclaimer, related reading, a share bar…?"""
    return (
        _tail_opening(text)
        or (" is a" in text and _HOUSE_NOTE.match(text) is not None)
        or ("grant" in text and _GRANT_NOTE.match(text) is not None)
        or ("ditorial" in text and _FUNDED_DESK.search(text) is not None)
        or ("free to read" in text and _FREE_HOUSE.match(text) is not None)
        or ("ertified" in text and _CERTIFIED_ADVISER.search(text) is not None)
        or ("eference only" in text and _REFERENCE_ONLY.search(text) is not None)
    )


_REFERENCE_ONLY = re.compile(
    r"\bEnglish (?:version |translation )?is (?:provided )?for reference only\b", re.IGNORECASE
)
"""A translated site's note that its Chinese text is the authentic one."""
_CERTIFIED_ADVISER = re.compile(r"\bis the (?:company|issuer)['’]s certified adviser\b", re.I)
"""A First North company's listing note ("X is the Company's Certified Adviser on …")."""
_ABOUT_HEADING = re.compile(r"About (?:the )?[A-Z][\w&.,'’ -]{1,60}")
_CONTACT_ROWS = 8
"""A release's contacts between its text and its "About X" section: a few names and numbers."""


def _release_section(text: str) -> bool:
    """`text` heads a section of the release after its end ("Notes to editors", "About X")."""
    return _EDITORS_NOTES.match(text) is not None or _ABOUT_HEADING.fullmatch(text) is not None


def _bold_issuer_is(line: Line) -> bool:
    """`line` is the issuer's "About" paragraph with no heading, its name in bold opening it
    ("<strong>The United Nations World Food Programme</strong> is the world's largest …", as
    WFP's releases follow their end mark)."""
    lead = next(line.block.iterchildren(), None)
    if lead is None or lead.tag not in ("strong", "b") or (line.block.text or "").strip():
        return False
    tail = lead.tail or ""
    return tail.startswith((" is ", " are ")) and ends_sentence(line.text)


def _contacts_label(text: str) -> bool:
    """`text` opens the release's press contacts ("For further information, please contact:",
    "Media enquiries")."""
    return ("ontact" in text or "nquir" in text) and (_ends_text(text) or _tail_marker(text))


def _section_after_contacts(body: list[Line], pos: int) -> int | None:
    """Where a "Notes to editors" or "About <company>" heading and its paragraph follow a few
    contact rows below the contact label at `pos` (UK releases put the contacts right after
    "ENDS", Nordic ones before the company's section: either is as much the release as the
    same section above the contacts elsewhere)."""
    for after in range(pos + 1, min(len(body) - 1, pos + 2 + _CONTACT_ROWS)):
        text = body[after].text
        if _release_section(text):
            following = body[after + 1].text
            return after if units(following) >= 20 and ends_sentence(following) else None
        if units(text) >= 20 and ends_sentence(text):
            return None  # prose below the label: no list of contacts
    return None


_GRANT_NOTE = re.compile(
    r".{0,60}\b(?:coverage|reporting|journalism) (?:of|on) .{1,100}\bis "
    r"(?:supported|funded|made possible)(?: in part)? by (?:a )?grants?\b"
)
"""Who funds the desk's coverage ("X's coverage of Y is supported in part by grants from …"),
closing the text: apart from `_tail_opening` for its run of words, tried on lines holding
"grant"."""
_CLOSING_OUTLET = re.compile(
    r"(?i:with|via) (?P<agency>[A-Z]{2,6})|"
    r"(?P<site>[A-Z][\w-]*\.(?:com|org|net))(?: \([A-Z][\w.&' -]{2,40}\))?"
)
"""A closing line naming, alone, the agency the writer drew on ("WITH PNA", "via MTI") or the
outlet by its web name ("FIFA.com", "Novinite.com (Sofia News Agency)"): the source, as "–
Rappler.com" closing a paragraph is."""
_NOT_APPROVED = re.compile(r"This (?:story|article) was not subject to the approval of\b")
"""A club site's note that its writer's story is not the league's word."""
_FREE_HOUSE = re.compile(r"[\w .&'’-]{2,60} is (?:independent and )?free to read\b")
"""A site's appeal opening on what it is ("X is independent and free to read. We depend on our
readers …"): the text has ended."""
_FUNDED_DESK = re.compile(
    r"\b(?:retains|maintains|keeps|has) (?:full|complete|sole) editorial "
    r"(?:control|independence|responsibility)\b"
)
"""A funded desk's note under the text, ending "… The News retains full editorial control of
the Lab's journalism."""


_NOISE_WORDS: tuple[tuple[str, str], ...] = (
    ("s", r"Share(?: this(?: article| story| page)?)?(?: on)?[:]?"),
    ("t", r"Tweet"),
    ("p", r"Print"),
    ("e", r"Email"),
    ("a", r"Advert"),
    ("a", r"Advertising"),
    ("a", r"Advertisement(?: \d{1,2}| - Scroll to Continue| - Continue Reading Below)?"),
    ("f", r"FTC: We use income earning .{0,60}"),
    ("s", r"Sponsored"),
    ("st", r"(?:Story continues below\s*)?This advertisement has not loaded yet.{0,60}"),
    ("as", r"(?:Story|Article) continues below(?: this)? advertisement"),
    ("t", r"This slideshow requires JavaScript\.?"),
    ("s", r"Swipe to scroll(?: horizontally)?"),
    ("a", r"Article content"),
    ("su", r"(?:Underwriter|Sponsor) Message"),
    (
        "t",
        r"This article['’]s (?:cover|lead|featured|header) (?:image|photo) (?:was|is) used for "
        r"illustrative purposes only\.?",
    ),
    ("dors", r"(?:Results|Data|Stats|Statistics|Odds) (?:powered|provided) by \S.{0,60}"),
    ("a", r"A post shared by [^()]{1,60}\(@\w+\)(?: on .{6,40})?"),  # an Instagram credit
    ("d", r"Download (?:the )?(?:photos|images|videos|b-roll|multimedia)\b[^.]{0,60}\bhere\.?"),
    (
        "ipv",
        r"(?:Photos|Images|Pictures|Videos?)(?: and (?:videos?|photos|images|b-roll))?"
        r"(?: from [^.]{1,60})? (?:is|are) available (?:in|on|from|at|via) [^.]{1,80}\.?",
    ),
    ("t", r"This press release(?: and [^.]{1,40})? (?:is|are) available (?:at|on|from)\b.{0,120}"),
    ("f", r"For further information on [^,]{1,80}, (?:please )?(?:see|visit)\b.{0,100}"),
    (
        "t",
        r"This (?:article|story|report) (?:was|has been) (?:updated|amended|corrected)\b.{0,200}",
    ),
    ("efgs", r"(?:English|Spanish|French|German) (?:version|translation) by\b.{0,80}"),
    ("t", r"TEXT AD\s*:.{0,300}"),
    (
        "fjrt",
        r"(?:For (?:further|more) information, )?(?:journalists|reporters|the media) "
        r"(?:are invited to|should|may|can) contact\b.{0,200}",
    ),
    ("t", r"Tell us what you think.*"),
    ("h", r"Have your say\b.{0,200}\bcomments?(?: section)? below\.?"),
    ("s", r"Story continu(?:es|ed) below"),
    ("s", r"Subscribe"),
    ("s", r"Subscribe to .{0,80}"),
    ("c", r"Continue reading.*"),
    ("d", r"Don'?t miss"),
    ("rs", r"(?:Read|See) also:?"),
    ("a", r"Advertise with .{1,40}"),
    ("c", r"Continued"),
    ("e", r"Enter your email(?: address)?"),
    ("y", r"Your privacy is important to us\.?"),
    ("y", r"Your information will be used in accordance with\b.{0,60}"),
    ("w", r"We welcome your comments at \S+@\S+"),
    ("s", r"Support free (?:&|and) independent journalism"),
    ("w", r"Was this (?:article )?helpful\??"),
    ("t", r"To view an enhanced version of .{1,60}, please visit:?"),
    ("ft", r"(?:Font|Text) size.*"),
    ("a", r"A\+?\s*A-?"),
    ("e", r"Editor['’]s note\s*:.*"),
    ("n", r"Newspaper headline\s*:.*"),
    ("j", r"Join .{0,40}(?:Telegram|WhatsApp) channel.*"),
    ("f", r"Follow .{1,40} channel on (?:Telegram|WhatsApp)\b.{0,20}"),
    ("c", r"Click here to read more from .{1,60}"),  # a house promo between paragraphs
    ("t", r"Top highlight"),
    ("i", r"If (?:someone|a friend) forwarded (?:you )?this.*"),
    ("u", r"Updated (?:at )?\d{1,2}[:.]\d{2}\s*[ap]\.?m\.?"),
    ("lpu", r"(?:Published|Updated|Last updated|Posted)\s*:?"),
    ("f", r"For immediate release"),
    ("f", r"FULL STORY"),
    ("a", r"Already have an account\?.*"),
    ("u", r"Unlock this article\b.*"),
    ("c", r"Contacts?\s*:.{0,60}\d[\d\s().-]{6,}\d"),
    ("h", r"Help keep .{1,40} free(?: for (?:all|everyone))?"),
    (
        "at",
        r"(?:A version of )?this (?:article|story) (?:appears|appeared) in (?:the )?[^.]{0,40}"
        r"(?:print|issue of)\b.*",
    ),
    (
        "t",
        r"This (?:article|story) (?:originally|first) appeared in (?:German|French|Spanish|Italian|"
        r"Chinese|Japanese|Russian|Arabic|Portuguese|Dutch|Korean)\b.*",
    ),
    (
        "tv",
        r"(?:The )?views (?:expressed )?(?:in this (?:article|post) )?are "
        r"(?:my|the author['’]s) own.*",
    ),
    ("dg", r"(?:Do you have|Got) a (?:story|news tip)(?: to sell| for us)?\?.{0,160}"),
    ("h", r"Hashtags?\s*:\s*(?:[@#][\w-]+[\s,]*)+"),
    ("t", r"The issuer is solely responsible for the content of this announcement\.?"),
    ("hn", r"(?:Note:\s*)?Here (?:are|is) the [^.]{0,60}\b(?:questions|topline)\b[^.]{0,120}\.?"),
)
"""The noise lines opening with a word (sharing and print buttons, advertisement labels,
subscription prompts, a release's notes on where its media is), each after the letters it can
open with, any case: `_noise_line` tries on a line only those opening with its first letter."""


_NOISE_BY_INITIAL = _by_initial(_NOISE_WORDS, "$")
_NOISE_MARKS = re.compile(
    # those opening with a Chinese word, a bracket or a dash, each line's first character looked
    # at once: sre would enter each of these branches that opens with no plain character or set
    r"^(?:(?=[分字【\[\s大中小打关收返点阅浏刊\-–—資资瀏（(訂订本原题头首封更相《广廣投新报])(?:"
    r"分享到?[：:]?.*|字号[：:]?.*|【?\s*[大中小]\s*】?\s*【?\s*[大中小]\s*】?(?![\u4e00-\u9fff]).*|"
    r"[【\[]\s*(?:打印|关闭|收藏|纠错|返回顶部|我要纠错)\s*[】\]].*|打印|关闭|收藏|返回顶部|"
    r"点击数?[：:]\s*\d*|阅读[量数]?[：:]?\s*\d+|浏览次数[：:]?\s*\d*|"
    r"刊于《[^》]{1,20}》\s*(?:19|20)\d{2}\s*年\s*第\s*\d+\s*期$|"
    r"[-–—]\s*(?:Advertisement|广告|廣告)\s*[-–—]|"
    r"(?:資料|资料)更新日期[：:].{0,30}|(?:瀏覽|浏览)(?:人次|次數)[：:]?\s*[\d,]*|"
    r"[（(]作者(?:系|为|為)[^（()）]{2,60}[）)]|(?:訂閱|订阅).{0,20}(?:閱讀|阅读)全文|"
    r"[（(]?(?:本文)?原文?标题[：:].*|"
    r"[\[【]\s*(?:参考价格|参考价|报价)\s*[\]】]\s*[￥¥]?\s*[\d,.]+.*|"
    r"(?:题图|头图|首图|封面图?)(?:来自|来源于?)[^。]{1,40}|(?:更多)?相关资讯请关注[：:]?.{0,30}|"
    r"\(Updates? (?:with|to|throughout) .*\)|"
    r"《\s*[^》]{1,12}\s*》\s*[（(]\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*\d{1,3}\s*版\s*[）)]|"
    r"广告|廣告|\(ATTN:.*\)|投稿邮箱[：:].*|"
    r"(?:新闻|报料)热线[：:]\s*[\d-]{7,}\s*(?:欢迎(?:提供新闻线索|报料))?)|"
    # each of the next branches opens with one character or set, which sre tries before it enters
    # it: "\d\d?" is "\d{1,2}", "[A-Z][A-Z]{1,9}" is "[A-Z]{2,10}", "X(?:X)+" is "(?:X){2,}"
    r"\d\d?:\d{2}\s*/\s*\d{1,2}:\d{2}|"  # a player's times
    r"\d\d? min(?:ute)?s?(?: read| listen)?|"  # a reading or listening time
    r"\d\d{0,2}\s*/\s*\d{1,3}|(?-i:[A-Z][A-Z]{1,9}\+)|(?-i:MEDIA)\s*:.{0,60}|"
    r"[@#][\w-]+[\s,]*(?:[@#][\w-]+[\s,]*)+|"  # handles and tags
    # ".{0,60}\bis a non-?profit": the "is" at most 60 characters in, found by the space after it
    r".{2,62} a(?<=\bis a) non-?profit\b.{0,80}\b(?:depends|relies) on (?:its )?readers\b.{0,200}|"
    r"[\ufffd\s\W]*)$",
    re.IGNORECASE,
)
"""The noise lines opening with no word: Chinese buttons and counters, times, tags, stray
punctuation; and those with their key words further in."""
_NOISE_KEYED = re.compile(
    r"(?:(?-i:[A-Z]{1,5}) .{0,60}?[$€£]\s?\d[\d,.]*\s*[+\-−]?\d+(?:\.\d+)?%.{0,20}|"  # (a "%")
    r"(?-i:[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3}): "  # (a ":")
    r"(?:\d{3}[-.]\d{3}[-.]\d{4}|[\w.+-]+@[\w-]+\.[\w.-]+).{0,120}|"
    r"[^\s，。：:]{2,20}\s*出品|"  # (a "品")
    # ".{0,40}(?:訂戶|订户|會員|会员)(?:專享|专享)", found by its 享 (a "享")
    r".{3,43}享(?<=(?:訂戶|订户|會員|会员)(?:專享|专享))(?:內容|内容).{0,120}|"
    r".{0,16}分享(?:至|到)[：:]?|"  # (a "享")
    r"[（(]?[\w.+-]+@[\w-]+(?:\.[\w-]+)+[）)]?|"  # (an "@")
    # (its last letter e or s, in any case, or a line feed before the end)
    r"(?:\S+\s+)?[\d,.]+k?\s*views?\s+[\d,.]+k?\s*likes?)$",
    re.IGNORECASE,
)
"""The noise lines holding a character few lines hold (noted after each; a test of one
character is a tenth of these branches): a stock ticker's price and change, a contact's number or
address, a studio's credit (出品), a members-only note (会员专享), a share button (分享至), an
address alone, a post's counts of views and likes."""


def _noise_line(text: str) -> bool:
    """`text` is page furniture, no text of the article. Of the noise lines opening with a word,
    only those opening with the line's first letter are tried (sre enters every branch of an
    alternation that opens with a case-blind letter: sixty on any line opening with a letter);
    those of `_NOISE_KEYED`, only on lines holding the character each needs."""
    words = _NOISE_BY_INITIAL.get(text[:1])
    if words is not None and words.match(text) is not None:
        return True
    if _NOISE_MARKS.match(text) is not None:
        return True
    return (
        "%" in text
        or ":" in text
        or "@" in text
        or "品" in text
        or "享" in text
        or text[-1:] in "eEsSſ\n"
    ) and _NOISE_KEYED.match(text) is not None


_ENDITEM_BYLINE = re.compile(
    r"\((?:By|Reporting by)\s+(?P<names>[^()]{2,80})\)\s*Enditem(?:/\w{1,6})?"
)
"""A wire's closing line with its writers and the editor's initials ("(By Jane Roe) Enditem/AW")."""
_END_MARK = re.compile(
    # (a whole line, with no groups: the branches' order is free. Those opening with a repeat
    # sre would enter on every line are looked at once for their first characters, and the
    # others open with one character or set, which sre tries before it enters the branch)
    r"(?=[（(\[【—–\-=\s完全3E])(?:[（(\[【—–-]?\s*(?:完|全文完)\s*[）)\]】—–-]?|-?\s*30\s*-|"
    r"[-—–=\s]*(?:ENDS?|Ends)[-—–=\s]*)|NNNN|Enditem|"
    r"[a-z][a-z]{1,3}(?:/[a-z]{2,4})+|(?-i:[A-Z][A-Z]{1,3}(?:/[A-Z]{2,4})+)|"
    r"(?-i:\([A-Z]{2,4}(?:/[A-Z]{2,4})+\)(?: \([A-Z]{2,4}(?:/[A-Z]{2,4})+\))*)|"
    r"--*\s*(?i:end)\s*-+|[（(]\s*END\s*[）)]|\[\s*(?i:end)\s*\]|#\s*#\s*#|"
    r"Ends/[A-Z][a-z]+day, [A-Z][a-z]+ \d{1,2}, (?:19|20)\d{2}"
)
"""A line that only marks the end of the text: 完, （完）, NNNN, Enditem, —— END ——, -end-, an
agency's slug of writers' and editors' initials ("hm/ach", "(FID/EP) (RI/MUR)"), a Hong Kong
release's "Ends/Wednesday, June 3, 2020", a US release's "###" and "-30-" (its "ENDS")."""
_END_SUFFIX = re.compile(r"(?<=[.!?”\"])\s+(?:®|\((?i:end)\)|Enditem)$")
"""An end mark closing the last sentence's paragraph (The Register's "®", a wire's "(end)",
Xinhua's "Enditem")."""
_FORWARD_LOOKING = re.compile(
    r"(?:This (?:press |news |media )?(?:release|announcement|communication)|Such|These|Any) "
    r"(?:[\w-]+ ){0,3}forward[- ]looking statements\b",
    re.IGNORECASE,
)
"""A safe-harbour paragraph ("This press release contains forward-looking statements …",
"Such forward-looking statements are based on …"), which a release may set between its "About"
sections: no text of the release."""
_EDITORS_NOTES = re.compile(r"Notes? (?:to|for) editors?\b|Notes?\s*:?$", re.IGNORECASE)
"""The release's notes after "ENDS" ("Notes to editors", or "Notes:" alone)."""
_ENDING_WORDS: tuple[tuple[str, str], ...] = (
    (
        "fsc",
        r"(?:forward[- ]looking (?:statements?|information)|safe harbou?r statement|"
        r"cautionary note|"
        r"cautionary (?:note|statement)[^.]{0,60}forward[- ]looking (?:statements?|information))"
        r"\s*:?$",  # "Forward-Looking Information", as Canadian releases title it
    ),
    ("slr", r"(?:subscribe|sign up|log in|register) to (?:continue|keep) reading\b"),
    ("s", r"subscribe to read\s*$"),
    ("t", r"this (?:story|article) is (?:only )?for subscribers\b"),
    ("g", r"get involved with the news in your community\b"),
    ("w", r"why are you making commenting on .{1,60} only available to subscribers\?"),
    (
        "t",
        r"\*?\s*this (?:report|article|story) appeared in the print (?:and online )?editions? of\b",
    ),
    (
        "t",
        r"this (?:premium )?(?:article|story|content) is (?:reserved )?for [\w’' ]{1,40} "
        r"subscribers\b",
    ),
    ("pmic", r"(?:(?:press|media|investor) )?contacts?\s*:?$"),
    ("s", r"story source\s*:?$"),
    ("d", r"disclosure notice\s*:"),
    (
        "a",
        r"all trademarks (?:used or mentioned|mentioned|used) in this (?:press )?release are "
        r"protected by law\b",
    ),
    ("i", r"information on [\w.-]+ may not be (?:republished|reproduced|copied)\b"),
    ("t", r"this (?:press |media )?release was distributed by [\w .&-]{2,40} on behalf of\b"),
    ("a", r"already a subscriber\b"),
    ("c", r"corrections? (?:&|and) amplifications?\s*:?$"),
    ("s", r"(?:subscription|subscriber access) required\s*:?$"),
    ("t", r"the views and opinions expressed herein are the views and opinions of the author\b"),
    ("w", r"want the latest (?:recommendations|stock picks) from [\w .&]{2,40}\?"),
    ("f", r"for (?:more|further) information,? (?:please )?contact\s*(?::|$)"),  # (contacts after)
    ("f", r"for (?:more|further) information\s*:$"),  # (a Canadian release's, contacts after)
    (
        "t",
        r"this information is (?:inside )?information (?:that|which) .{1,120}? is obliged to make "
        r"public\b",  # a Nordic listed company's notice under the EU Market Abuse Regulation
    ),
    ("f", r"for more .{0,80}(?:reporting|coverage) on .{1,80}, (?:please )?visit\s*:?$"),
    ("f", r"for more (?:news|stories|updates) (?:about|on) .{1,80}?,? click here\.?$"),
)
"""The legal section or the press contacts that close a press release ("For more information,
please contact:"), a pointer to more coverage, or a paywall's prompt: nothing after it is article
text, however much follows, but for the company's "About" section after its contacts. Each
after the letters it can open with, any case: `_ends_text` tries on a line only those opening
with its first letter."""
_ENDING_BY_INITIAL = _by_initial(_ENDING_WORDS, "")
_ENDING_MARKS = re.compile(
    r"\*?\s*this (?:report|article|story) appeared in the print (?:and online )?editions? of\b|"
    r"本文最初(?:发表|發表|刊登|刊發|刊发)(?:于|於)|"  # a translation's note on its original
    r"[【\[（(]\s*(?:本文|全文)(?:结束|結束|完)\s*[】\]）)]",  # "【本文结束】如需转载请…"
    re.IGNORECASE,
)
"""The ends of a text opening with no letter: a print note after a star or spaces (which
`_ENDING_WORDS` holds too), a translation's note on its original, a bracketed end mark."""


def _ends_text(text: str) -> bool:
    """Nothing after `text` is article text: `_ENDING_WORDS` opening with its first letter, or
    `_ENDING_MARKS`."""
    words = _ENDING_BY_INITIAL.get(text[:1])
    if words is not None and words.match(text) is not None:
        return True
    return _ENDING_MARKS.match(text) is not None


def _closing_credit(text: str) -> Credits | None:
    """The writer of a translation's original ("(Japanese original by Jo Bell, City News
    Department)") or the editor a contact line names ("Contact reporter A (…) and editor B
    (…)"), closing the text."""
    if "original by" in text and (orig := _ORIGINAL_BY.fullmatch(text)):
        return Credits(authors=split_names(orig.group("names")))
    return contact_credit(text) if text.startswith("Contact ") else None


_ORIGINAL_BY = re.compile(
    r"[(（](?:[A-Z][a-z]+ )?original by (?P<names>[A-Z][\w.'’ -]{1,60}?)"
    r"(?:, [A-Z][\w ]{1,40})?[)）]"
)
"""The writer of the original a translation closes with ("(Japanese original by Jo Bell, City
News Department)")."""
_PUBLISHED_ROW = re.compile(r"(?:Published|Posted|First published|Updated)(?: on)?:?\s")
_VIDEO_NOTE = re.compile(r"(?:Video|Watch|VIDEO|WATCH) (?:above|below|ABOVE|BELOW)\s*:\s*\S")
"""A station's note on the clip above the text ("Video above: Lawmakers field calls")."""
_WATCH = re.compile(r"Watch\s*:\s*\S")
_SUBSCRIBE_BUTTONS = re.compile(
    r"(?:Subscribe(?: now| today)?|Sign up|Start (?:your )?(?:free )?trial)[ .!]*"
    r"Already an? (?:subscriber|member)\?\s*(?:Log|Sign) in\.?",
    re.IGNORECASE,
)
"""A promotion's buttons ("Subscribe now Already a subscriber? Log in")."""
_OFFER = re.compile(
    r"(?:Get|Unlock|Enjoy) unlimited (?:digital )?access\b.{0,80}|"
    r"Subscribe (?:now |today )?(?:for|from) (?:only |just )?\$\d.{0,60}|"
    r"\$\d+(?:\.\d\d)? (?:per|a) (?:week|month) for (?:the first )?\d+ (?:weeks|months)",
    re.IGNORECASE,
)
"""A subscription offer's words ("Subscribe now for only $1 for 6 months.")."""
_STORY_STATUS = re.compile(r"More to (?:come|follow)\.?|This is a developing story\.?", re.I)
"""A breaking story's status line ("More to come."), no text of it."""
_GALLERY_LABEL = re.compile(r"(?:See|View|Open|Launch) (?:the )?(?:full )?(?:photo )?gallery", re.I)
_FREE_TO_READ = re.compile(r"This (?:article|story|piece) is free to read\b", re.IGNORECASE)
_SIGN_OFF_OPENING = re.compile(
    r"write to .{1,60} at \S+@\S+|"
    r"[—–-] ?with (?-i:[A-Z][\w.'’-]+ [A-Z])[^.]{0,80}$|"  # "— With Kristine Alcaraz, Jo Bell"
    r"\(with (?:additional )?reports? from (?-i:[A-Z])[^()]{0,80}\)$|"  # "(With reports from A B)"
    r"[—–-] ?(?-i:[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3});\s*[\w.+-]+@[\w-]+\.|"  # "— A B; ab@"
    # "— Jane Roe, Senior Editor, Light Reading": the writer's name and post signing off
    r"[—–] ?(?-i:[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3}), (?:(?:senior|chief|managing|"
    r"contributing|staff) )?(?:editor|reporter|writer|correspondent|analyst)\b[^.]{0,60}$|"
    r".{0,200}\bfollow us on (?:twitter|facebook|instagram)\b|"  # not inside a long "About us"
    r"this (?:commentary|article|analysis) (?:is|was) produced by\b|"
    r"follow (?-i:[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,3}) on (?:twitter|facebook|instagram)"
    r"(?:,? (?:and |& )?(?:twitter|facebook|instagram|youtube|linkedin|tiktok))*\.?$|"
    r"follow the (?:author|writer|reporter) on (?:twitter|x|facebook|instagram)\b|"
    r"contributed by (?-i:[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3})(?: (?:from|in) [^.]{1,60})?\.?$|"
    r"compiled by (?-i:[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3})\.?$|"
    r"comments? to \S+@\S+\.\w+\.?$",
    re.IGNORECASE,
)
"""A sign-off that opens its line (a "With" line of contributors, a dash before the writer's
name and post, where to write or follow the writer)."""
_SIGN_OFF_WITHIN = re.compile(
    # every phrase opens a word with one of these letters: the one look at the letter spares
    # entering each phrase at each place in the line
    r"\b(?=[cmiwfh])(?:contributed (?:reporting )?to this (?:report|story)\b|"
    r"(?:may|can) be reached at\b|contact (?:this|the) (?:reporter|writer|author)\b|"
    r"contributed (?:reporting|research)(?: from [^.]{1,60}(?:\.\s?\w{1,5})*)?\.?$|"
    r"(?:is|was) an? (?:[\w-]+ ){0,4}(?:writer|reporter|correspondent|editor|columnist|"
    r"journalist)(?: (?:for|at|with|based in)\b|\.\s+(?:e-?mail|twitter)\s*:)|"
    r"follow (?:him|her|them|@\w+(?:,? and @\w+)*) on (?:both )?(?:twitter|facebook|instagram)\b|"
    r"is on (?:twitter|facebook|instagram|linkedin)\. sign up to follow @\w+|"
    # an investing writer's disclosure
    r"ha(?:s|d) no positions? in any (?:of the )?(?:stocks|securities) mentioned\b|"
    r"follow (?:\w+ )?\w+(?:'s|’s)? (?:full |complete |live )?coverage of\b)|"
    r"\s[-–—] (?:find out more|watch (?:it )?live|get tickets|book now)(?: here)?\.?$",
    re.IGNORECASE,
)
"""A sign-off within its line (contributors, how to reach or follow the writer, where more
coverage is, the site's plug for its own coverage: "... when the season restarts - find out more
here."): the text has ended."""


_ITALIC_BIO = re.compile(
    r"(?:[A-Z][\w.'’-]+ ){1,3}[A-Z][\w.'’-]+ is an? (?:[\w-]+ ){0,3}"
    r"(?:fellow|director|analyst|adviser|advisor|professor|researcher)\b"
)
"""The writer's bio in italics after the text ("Jane Roe is a senior fellow with …"): in
plain type such a line may be the story's own ("Jane Roe is a professor at …")."""


def _signs_off(text: str) -> bool:
    """`_sign_off_phrase`, tried only on lines holding its key words with small letters after the
    first (as prose prints them): a substring test is a tenth of the case-blind search, which
    would run on every body line."""
    if not _holds_sign_off_word(text):
        return False
    return _sign_off_phrase(text) or bool(contributors(text))


def _holds_sign_off_word(text: str) -> bool:
    """Does `text` hold one of a sign-off's key words: "@", "— With", "– With", "- With",
    "rite to", "riter", "ontributed", "eached", "ollow", "eporter", "eports from",
    "orrespondent", "ditor", "olumnist", "ournalist", "ind out more", "atch ", "ickets",
    "ook now", "roduced by", "o position(s)", "ompiled by", "omment(s) to"? Words sharing a
    part are tested under it ("rite", "eport", "omment", " With"), one `in` after another: a
    fifth quicker than a loop over the words."""
    return (
        "@" in text
        or "ollow" in text
        or "ontributed" in text
        or "eached" in text
        or "ditor" in text
        or "orrespondent" in text
        or "olumnist" in text
        or "ournalist" in text
        or "atch " in text
        or "ickets" in text
        or "ook now" in text
        or "ind out more" in text
        or "roduced by" in text
        or "o position" in text
        or "ompiled by" in text
        or ("rite" in text and ("rite to" in text or "riter" in text))
        or ("eport" in text and ("eporter" in text or "eports from" in text))
        or ("omment" in text and ("omments to" in text or "omment to" in text))
        or (" With" in text and ("— With" in text or "– With" in text or "- With" in text))
    )


def _sign_off_phrase(text: str) -> bool:
    """A sign-off opens `text` or stands within it: the phrases that can only open a line are
    tried at its start alone, as one search over all the phrases tries each at every place."""
    return _SIGN_OFF_OPENING.match(text) is not None or _SIGN_OFF_WITHIN.search(text) is not None


_CAPTION = re.compile(
    r"[(（。.!?—–\[](?:"  # a credit's first character: sre scans for these in C, then looks behind
    r"(?<=\[)(?:Photos?|Images?|Pictures?)(?:\s*/\s*[^\[\]]{1,40})?\]$|"
    r"(?<=[（(])(?:"  # the credits in brackets, after one look behind (a "." looks no further)
    r"(?<=\()(?:cover|(?:(?:top|lead|main|cover) )?(?:images?|photos?|pictures?|photograph|credit))"
    r"(?:\s*:|\s+via\s)\s*[^()]{1,60}\)$|"
    r"(?<=\()(?-i:[A-Z][\w.&' -]{0,30}/\s*[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){1,3})(?:,\s*file)?\)$|"
    r"(?<=\()(?:photo|image|picture)s? (?:by|courtesy(?: of)?) [^()]{1,60}\)$|"
    r"[^（()）]{1,20}[/／][图圖][）)]$|[图圖][/／][^（()）]{1,20}[）)]$|"
    r"[^（()），。]{2,12}提供[）)]$|"
    r"[^（()）]{1,20}(?:[摄攝]|供[图圖])[）)]$|(?:摄影|攝影)\s*[：:／/][^（()）]{1,20}[）)]$|"
    r"(?:图片来源|圖片來源|图源)\s*[：:][^（()）]{1,30}[）)]$)|"
    r"(?<=[。.])\s*图[/／][^，。/（()）]{1,12}$|"
    r"(?<=[—–])\s*(?:[A-Z]{2,5}/)*[A-Z]{2,5} Photo\b[^()]{0,60}$|"
    r"(?<=[.!?])\s+(?:photos?|images?|pictures?)\s*:\s*[^.!?:]{1,40}$)",
    re.IGNORECASE,
)
"""A line that ends in its picture's credit is a caption, not text: "... (Image: GETTY)", a
closing "(Cover image via VCG)" or "(Cover: ... /CFP)" (CGTN's, for the picture over it), the
wire form "(AP Photo/Jane Doe, File)", "(Xinhua/Li Ming)", "（东方图库/图）", "（图/东屿图片）",
"（記者林某攝）", a handout's "（主办方供图）", "……的夜晚。图/某图库", "(Photo by Jo Lin for
Acme)" and "... on Monday. Photo: VCG"."""
_CAPTION_ALONE = re.compile(
    r"(?=[pi(flmc])(?:"  # (their first letters: sre looks at the line's once, not in each branch)
    r"(?:photos?|images?|pictures?)\s*:\s*[^.!?:]{1,40}$|"
    r"\(?(?:featured |lead |main |cover )?(?:photos?|images?|pictures?)"
    r" (?:source|credit|illustration)s?\s*(?::|by)\s*[^.!?:()]{1,60}\)?$)",
    re.IGNORECASE,
)
"""The same credits alone on a line ("Photo: VCG", "(Photo source: Shutterstock)", "Featured
photo illustration by Jane Roe/MTI")."""


def _caption(text: str) -> bool:
    """`text` ends in its picture's credit or is one. `_CAPTION` is searched only on lines that
    end in a bracket (or a line feed before the end) or hold a "图", a dash or a colon: each of
    its credits ends in a bracket or holds one of these (a scan for its first characters would
    cost every line a search, five times these tests)."""
    return (
        (
            (text[-1:] in ")）]\n" or ":" in text or "图" in text or "—" in text or "–" in text)
            and _CAPTION.search(text) is not None
        )
        or _CAPTION_ALONE.match(text) is not None
        or (
            ("hoto" in text or "Image" in text or "Picture" in text)
            and _CAPTION_TAIL.search(text) is not None
        )
    )


_CAPTION_TAIL = re.compile(
    r"(?<=[\w”\"’')])\s+(?:(?:File p|P)hotos?|Images?|Pictures?)\s*:\s*[A-Z][^.!?:]{0,39}$"
)
"""A picture's credit after a caption's last word with no stop before it (Global Times' "...
Olympic Forest Park on Tuesday Photo: VCG"): "Photo" in capitals, mid-line, before a name is
no word of a sentence."""


_URL = re.compile(r"(?:https?://|www\.)\S+")
_VISIT_ADDRESS = re.compile(
    r"^\w.{10,}[,:]? (?:visit|see|go to|(?:is|are) available (?:at|from|on)):? "
    r"(?:https?://|www\.)\S+$|"
    r"^\w.{4,}(?:请访问|请登录|请浏览|敬请访问)[^：:。]{0,20}[：:]?\s*(?:https?://|www\.)\S+$"
)
"""A sentence ending in a web address printed as its own link ("For more information about
harmful algal blooms, visit: https://…", "More information is available at www…",
"欲了解更多信息，请访问…：www…"): text, however much of it the link is."""
_CAPTION_CLASS = re.compile(r"caption|desc|(?:img|pic|photo)_?te?xt", re.IGNORECASE)


def _caption_class(value: str) -> bool:
    """`_CAPTION_CLASS` is found in the class `value`. An ASCII value, which case-blind matching
    only lowercases, is looked at for "caption", "desc" and the "xt" all the others hold, the
    regex left to those holding "xt" (a tenth of the classes, the search twice these tests)."""
    if value.isascii():
        lowered = value.lower()
        if "caption" in lowered or "desc" in lowered:
            return True
        if "xt" not in lowered:
            return False
    return _CAPTION_CLASS.search(value) is not None


_SELECTED_FROM = re.compile(
    r"[（(]?\s*选自《[^》]{1,20}》\s*(?:(?:19|20)\d{2}\s*年\s*)?(?:第\s*\d+\s*期)?\s*[）)]?[。.]?"
)
"""The issue an essay was selected from, closing it ("选自《读者》2020年第12期"): a credit line."""
_PICTURE_CAPTION = re.compile(r"\b(?:img|pic|photo|image)[-_]?(?:desc|title|caption|note)\b", re.I)
"""A class naming a picture's own caption ("img-desc", "pic-title"), not a caption of anything."""
_GRID_CELL_UNITS = 20
_SENTENCE = re.compile(r"[。！？!?]|(?<![a-z]\.[a-z])\.(?:\s|$)")
"""A sentence's end; "7 a.m." and "p.m." are none."""
_LABELLED_ADDRESS = re.compile(
    r"(?:(?:相关)?论文(?:信息|链接|地址)|(?:Journal )?(?:Paper|Study|Reference))\s*[：:]\s*"
    r"(?:https?://doi\.org/|doi:\s*)\S+|"
    r"(?:论文|文章|项目|代码)(?:链接|地址|主页)\s*[：:]\s*https?://\S+",
    re.IGNORECASE,
)
"""The paper a science story reports on, by its DOI ("相关论文信息：https://doi.org/…"), or the
paper's or code's address an AI story gives ("论文链接：https://…", "文章链接：https://…",
"项目地址：https://…"): the text's own reference, a link though it is."""
_NEWSLETTER = re.compile(
    r"\b(?:sign up|subscribe)\b.{0,80}\b(?:newsletter|digest|brief|briefing|morning email|"
    r"(?:daily|weekly) email)\b|"
    r"\bget our (?:free )?[\w ]{0,30}newsletter\b|\bdelivered (?:straight )?to your inbox\b|"
    r"\bnewsletter\b.{0,160}\b(?:sign up|subscribe) (?:here|now|today)\b|"
    r"\bsend out\b.{0,120}\bsign up to receive (?:it|them)\b|"
    r"\bsign up\b.{0,40}\bto get\b.{0,80}\bdelivered to you\b",
    re.IGNORECASE,
)
"""A short line asking for a newsletter sign-up is a promotion, not text ("Get our Morning
Edition newsletter for ... Sign up here.")."""


def _is_meta_row(line: Line) -> bool:
    """A dateline / info row such as "2020-06-02 10:31  来源：新华网  字号：大 中 小", or
    "2020/6/3 14:25（6/3 15:40 更新）"."""
    text = line.text
    if not dates.find_dates(text):
        return False
    size = units(text)
    if size >= 40 and (size >= 120 or units(_undated(text)) >= 25):
        return False  # a row of dates may be long ("... Published 10:21 a.m. ET June 3, 2020 |
        # Updated 12:04 p.m. ET June 3, 2020"), text around one date is not
    return not ends_sentence(_LAST_PARENTHESIS.sub("", text))


def _undated(text: str) -> str:
    for pattern in (dates.NUMERIC_DATE, dates.CLOCK_FIRST_DATE, dates.ENGLISH_DATE):
        text = pattern.sub(" ", text)
    return text


_LAST_PARENTHESIS = re.compile(r"\s*[（(][^（()）]{0,20}[）)]$")


def grid_rows(body: list[Line]) -> list[Line]:
    """A table row whose cells hold a short line each (a `<p>` per cell, as TRS editors write
    figures) becomes one line, its cells joined by spaces: a row reads as one line of text, as
    in a table without those `<p>`s. Layout tables are left alone: their cells hold paragraphs,
    or a whole column of lines in one cell."""
    out: list[Line] = []
    rows = _grid_rows_of(body)
    pos = 0
    while pos < len(body):
        row = rows[pos]
        end = pos + 1
        while row is not None and end < len(body) and rows[end] is row:
            end += 1
        group = body[pos:end]
        # The cells are looked up only in a row; the set holds their proxies, so that one
        # element is one member (lxml makes a new proxy for an element no variable holds).
        if (
            row is not None
            and len(cells := set(map(_cell, (line.block for line in group)))) >= 2
            and len(group) <= 2 * len(cells)
            and all(_short_cell(line.text) for line in group)
        ):
            text = " ".join(line.text for line in group)
            link_chars = sum(line.link_chars for line in group)
            out.append(Line(text, row, min(link_chars, len(text)), group[0].index))
        else:
            out.extend(group)
        pos = end
    return out


def _grid_rows_of(body: list[Line]) -> list[HtmlElement | None]:
    """`grid_row` of each line's block, each looked up once (a group's end starts the next
    group). Blocks of one parent other than a row lie in the same row, the parent's or its
    nearest above it: it is looked up once for them (a text's paragraphs share their box)."""
    rows: list[HtmlElement | None] = []
    by_parent: dict[HtmlElement | None, HtmlElement | None] = {}
    for line in body:
        block = line.block
        if block.tag == "tr":
            rows.append(grid_row(block))
            continue
        parent = block.getparent()
        if parent not in by_parent:
            by_parent[parent] = grid_row(block)
        rows.append(by_parent[parent])
    return rows


def _short_cell(text: str) -> bool:
    """A cell of figures or a phrase, not a paragraph: a layout table's cells hold sentences
    ("6400万像素主摄+800万像素超广角+…" is long but no sentence)."""
    size = units(text)
    return size < _GRID_CELL_UNITS or (size < 3 * _GRID_CELL_UNITS and not _SENTENCE.search(text))


def table_row(el: HtmlElement) -> HtmlElement | None:
    """The table row `el` is or lies in."""
    return el if el.tag == "tr" else next(el.iterancestors("tr"), None)


def grid_row(block: HtmlElement) -> HtmlElement | None:
    """The table row `block` lies in, when that row has two or more cells."""
    row = table_row(block)
    if row is None or next(itertools.islice(row.iterchildren("td", "th"), 1, None), None) is None:
        return None  # (the cells counted in C, up to the second)
    return row


def _cell(block: HtmlElement) -> HtmlElement | None:
    return block if block.tag in ("td", "th") else next(block.iterancestors("td", "th"), None)


def clean_body(
    body: list[Line], *, boxed: bool = False
) -> tuple[list[Line], list[tuple[int, str]], Credits, Credits]:
    """(text lines, credit lines, credits, contributors): the credits read inside the text, and
    apart from them the writers of a closing "... contributed to this report", who join the
    authors found elsewhere instead of giving way to them. `boxed`: the page shows a
    `BOX_LABEL`, so boxes of cards or a player's words may be set into the text."""
    body = grid_rows(body)
    cards = _price_cards(body)
    forms: dict[HtmlElement, bool] = {}
    captions: dict[HtmlElement, frozenset[str]] = {}
    kept: list[Line] = []
    credit_lines: list[tuple[int, str]] = []
    credits = Credits()
    contributed = Credits()
    closed = False  # a credit line after the text, with little left below it: the article ended
    number = ""  # a footnote's number, printed as its own link before the note
    summary_box = False  # a summary's label seen above the text: its points follow
    skip_to = -1  # the last line of an appeal's box being left out
    byline_at = -2  # the position of the last row above the text that named writers
    cut_heading: Line | None = None  # a heading right over a section cut from the text
    for pos, given in enumerate(body):
        if pos <= skip_to:
            continue
        line, text = given, given.text
        footnote = bool(number) and line.link_density <= 0.5
        if footnote:  # the article's own note, even below its closing credit
            text = f"{number} {text}"
            line = Line(text, line.block, line.link_chars, line.index)
        number = ""
        if kept and _FOOTNOTE_NUMBER.fullmatch(text) and line.link_density > 0.5:
            number = text
            continue
        if text[:1] in "SD数资" and _figure_credit(line):
            continue
        if line.block.tag == "table" and _table_caption(line):
            continue  # a table's caption ("表 1：…"), as a picture's is no text
        if "xcerpt" in (line.block.get("class") or ""):
            continue  # another story's teaser in a box set into the text ("…__excerpt")
        if _in_small_form(line.block, forms):
            continue  # a sign-up form set into the text: its options, consent, messages
        if kept and (_ends_text(text) or _END_MARK.fullmatch(text)):
            if pos + 1 < len(body) and (
                _release_section(body[pos + 1].text) or _bold_issuer_is(body[pos + 1])
            ):
                continue  # "ENDS", then the release's "Notes to editors" or "About X": part of it
            label = pos if "ontact" in text else pos + 1
            if (
                label < len(body)
                and (label == pos or _contacts_label(body[label].text))
                and (section := _section_after_contacts(body, label))
            ):
                skip_to = section - 1  # ("ENDS" and) the contacts, then the release goes on
                continue
            if kept and not _END_MARK.fullmatch(text) and _heading_over(kept[-1], line):
                kept.pop()  # "Investor enquiries" over "For more information, contact: …"
            break
        tail = bool(kept) and _tail_marker(text)
        if tail and _promo_between_paragraphs(body, pos):
            _drop_box_label(kept, line)
            continue  # "READ MORE: <another story>" between paragraphs: a promotion, not the end
        if tail and (button := _donate_button_below(body, pos)) and _text_resumes(body, button):
            skip_to = button  # "Support independent journalism", its pitch and its button
            continue
        if boxed and not tail and units(text) < _CHROME_UNITS and not ends_sentence(text):
            if _in_player(line.block):
                continue  # a video player's own words set into the text ("Up Next", "2:30")
            if kept and _in_card(line):
                continue  # a "Read Next" card's label, section and date, its headline a link
        if not kept and (_UPDATE_NOTE.match(text) or _PARTNER_NOTE.match(text)):
            continue  # "Update June 3rd, 4:10PM ET: …", "This article was produced in
            # partnership with …": the editors' note above the text
        if not kept and summary_box and line.block.tag == "li":
            continue  # the points of a "What to know" box above the text
        summary_box = False
        if not kept and text[:2] in _SUMMARY_WORDS and "ummary" in (line.block.get("class") or ""):
            continue  # the editors' summary box, its label glued to its words ("摘要法国政府…")
        if not kept and _SUMMARY_LABEL.match(text) and not _summary_paragraph(body, pos):
            summary_box = True
            continue
        if "个人观点" in text and _VIEWS_NOTICE.search(text):
            box = line.block.getparent()
            if kept and len(kept) <= 3 and all(k.block.getparent() is box for k in kept):
                kept.clear()  # the site's note on its writers' posts, in a box above the text
                continue
        if kept and "lready a" in text and _SUBSCRIBE_BUTTONS.fullmatch(text):
            box = line.block
            while kept and (kept[-1].block is box or box in kept[-1].block.iterancestors()):
                kept.pop()  # the promotion's name and pitch above its buttons
            continue  # a subscription promotion set into the text, its buttons last
        if ("nlimited" in text or "$" in text) and units(text) < 40 and _OFFER.fullmatch(text):
            continue  # an offer set into the text ("Get unlimited digital access")
        if kept and len(text) < 40 and _STORY_STATUS.fullmatch(text):
            continue  # "More to come.": a breaking story's status, no text
        if kept and text.startswith("Watch") and units(text) < 30 and _WATCH.match(text):
            if _short_label(kept[-1]) and kept[-1].block.getparent() is line.block.getparent():
                kept.pop()  # the player's label beside it ("KMTV")
            continue  # a video's title set into the text ("Watch: KMTV's report on …")
        if kept and "allery" in text and _GALLERY_LABEL.fullmatch(text):
            after = body[pos + 1] if pos + 1 < len(body) else None
            if after is not None and after.block.tag in HEADINGS and not ends_sentence(after.text):
                skip_to = pos + 1  # the gallery's title under its label
            continue  # a gallery set into the text ("See Gallery", "Empty ballparks …")
        if kept and "orward" in text and _FORWARD_LOOKING.match(text):
            if _heading_over(kept[-1], line):
                cut_heading = kept[-1]  # "Cautionary statement": gone if no text follows
            continue  # a release's safe-harbour paragraphs, where its "About" sections go on
        if "free to read" in text and _FREE_TO_READ.match(text):
            continue  # a metered site's note that this one is free, and its plea to subscribe
        if not kept and " with " in text and (agency := desk_and_agency(text)):
            credit_lines.append((line.index, text))  # "Le Monde with AFP" over the text
            credits.merge(Credits(source=agency))
            continue
        if not kept and len(text) < 120 and _PUBLISHED_ROW.match(text) and dates.find_dates(text):
            continue  # the date row set into the text's block ("Published on June 3, 2020 …")
        if not kept and text[:1] in "VW" and units(text) < 40 and _VIDEO_NOTE.match(text):
            continue  # a station's note on the clip over the text ("Video above: …")
        if not kept and ", by " in text and (lead := _LEAD_BY.fullmatch(text)):
            credit_lines.append((line.index, text))  # "Bishkek - 24.kg news agency, by Jane Roe"
            credits.merge(Credits(authors=split_names(lead.group("names"))))
            continue
        if not kept and text[:1].isupper() and (name := _bold_byline(body, pos)):
            credits.merge(Credits(authors=[name]))  # no label: no credit line
            continue
        if not kept and "summary of" in text and (outlet := summary_of(text)):
            credit_lines.append((line.index, text))  # "… is a summary of a current article
            credits.merge(Credits(source=outlet))  # from Progressive Grocer."
            continue
        if not kept and (agency := agency_line(text)):
            credit_lines.append((line.index, text))  # the agency alone in the byline's place
            credits.merge(Credits(source=agency))
            continue
        if not kept and "Office" in text and _PRESS_OFFICE.fullmatch(text):
            continue  # "DHS Press Office" in a release's header, over its contact
        if not kept and _CONTACT_ROW.match(text):
            if _CONTACT_ROW.fullmatch(text):
                skip_to = _contact_rows_below(body, pos)  # "CONTACT:" over its name and number
            continue  # a release's media contact above the text ("Contact: Jane Roe, …")
        if not kept and _boilerplate_blurb(text):
            continue  # a promotion, or the editors' summary, above the text
        if not kept and credit_lines and _SUMMARY_ROW.match(text):
            continue  # the editors' summary among the metadata rows ("Date:", "Source:")
        if kept and (
            tail
            or _signs_off(text)
            or _boilerplate_blurb(text)
            or _copyright_notice(text)
            or ("not" in text and _VIEWS_DISCLAIMER.search(text))
            or ("approval" in text and _NOT_APPROVED.match(text) is not None)
            or ("不代表" in text and units(text) < 80 and _NOT_OUR_VIEWS.search(text))
            or (" is a" in text and _ITALIC_BIO.match(text) and wholly_italic(line.block))
        ):
            _drop_box_label(kept, line)
            if tail and kept and _heading_over(kept[-1], line):
                cut_heading = kept[-1]  # "DfT media enquiries" over "Media enquiries 020 …"
            names = contributors(text)
            agency = contributing_agency(text) if "ontributed" in text else None
            if names or agency:
                contributed.merge(Credits(authors=names), add_names=True)
                credits.source = credits.source or agency
                credit_lines.append((line.index, text))
            if _little_left(body, pos, kept):
                # the wire's closing line below the writer's address ("(END) Dow Jones Newswires")
                for after in body[pos + 1 : pos + 3]:
                    agency = agency_line(after.text) if len(after.text) < 40 else None
                    if agency or (agency := appeared_in(after.text)):
                        # or the note of where the piece first appeared, under the writers' bio
                        credit_lines.append((after.index, after.text))
                        credits.merge(Credits(source=agency))
                        break
                break
            continue
        if line.block.tag in HEADINGS and not kept and units(text) < 4 and text not in _OPENINGS:
            continue
        if (
            line.block.tag in HEADINGS
            and pos + 1 < len(body)
            and body[pos + 1].link_density > 0.5
            and not (
                kept
                and kept[-1].block.getparent() is line.block.getparent()
                and pos + 2 < len(body)
                and units(body[pos + 2].text) >= 15
                and ends_sentence(body[pos + 2].text)
            )
        ):
            continue  # the title of a box of links ("Coronavirus Live Updates" over one story);
            # a sub-heading among the text's paragraphs, a promo under it, stays
        if _box_title(body, pos) or _card_line(body, pos) or _resource_link(body, pos):
            continue
        if units(text) < _APPEAL_BOX_UNITS and (button := _donate_button_below(body, pos)):
            skip_to = button  # "Local news matters", its pitch, its "Please donate now"
            continue
        if kept and line.index in cards:
            continue
        if line.link_density > 0.5 and _URL.fullmatch(text) and kept and kept[-1].text[-1] in ":：":
            kept.append(line)  # "For more information, visit:" and the address, printed as text
            continue
        linked = (
            line.link_density > 0.5
            and not _VISIT_ADDRESS.search(text)
            and not _LABELLED_ADDRESS.fullmatch(text)
            and not _sentence_around_links(line)
        )
        if linked or (_noise_line(text) and line.block.tag != "pre"):
            continue  # (a code listing's "}" is no stray punctuation)
        if _caption(text):
            if kept and kept[-1].block is line.block and text[:1] in "（(":
                kept.pop()  # the caption's words over its credit, a <br> between them
            continue
        if _plug_or_contact(text):
            continue
        if (
            ("ill you" in text or "ILL YOU" in text or "onsider supporting" in text)
            and units(text) < 300
            and _APPEAL.search(text)
        ):
            continue  # a plea for money set into the text ("… Will you give today?")
        if ("已有" in text or "ers" in text) and units(text) < 60 and _FOLLOWERS.search(text):
            _drop_card_name(kept, line)
            continue
        if units(text) < 60 and (
            _styled_caption(line, captions)
            or _picture_box_caption(line)
            or _classed_caption(line)
            or _tagged_caption(line)
            or (text[-1:] == "）" and _credited_under_picture(line))
        ):
            continue
        if not kept and _lead_picture_caption(line):
            continue
        if _alt_caption(line):
            continue
        if (
            len(text) <= 200
            and ("ewsletter" in text or "igest" in text or "ign up" in text or "inbox" in text)
            and _NEWSLETTER.search(text)
        ):
            continue
        found = parse_credit_line(text) if len(text) <= 160 else None
        if found is None and not kept:
            found = speech_credit(text)
            if found is None and text.startswith("by ") and len(text) <= 80:
                found = byline(text)  # "by University of X" as the text's first line
        if found is None and kept and len(text) < 40 and text.endswith(("報導", "报道")):
            found = reported_by(text)  # "甲 乙 / 台北報導" closing the text
        if found is None and "公众号" in text:
            found = wechat_credit(text)
        if found is None and "【" in text and len(text) <= 60 and (outlet := reprinted_from(text)):
            found = Credits(source=outlet)  # "本文转自【某晚报】；" over or under the text

        if found is None and "供稿" in text:
            found = supplied_credit(text)
        if found is None and kept and len(text) < 40 and (agency := agency_line(text)):
            credit_lines.append((line.index, text))  # "--IANS" after the last paragraph
            credits.merge(Credits(source=agency))
            if _little_left(body, pos, kept):
                break  # the wire's filing time and serial under it ("14:21 LOCAL TIME …")
            continue
        if (
            found is None
            and kept
            and len(text) < 80
            and (signed := agency_sign_off(text, kept[0].text))
        ):
            credit_lines.append((line.index, text))  # "VNA" under "Hanoi (VNA) – …"
            credits.merge(signed)
            continue
        if (
            found is None
            and kept
            and len(text) < 48
            and (closing := _CLOSING_OUTLET.fullmatch(text))
        ):
            credit_lines.append((line.index, text))  # "WITH PNA", "FIFA.com" under the text
            credits.merge(Credits(source=closing.group("agency") or closing.group("site")))
            continue
        if kept and ("ppeared" in text or "ublished" in text) and (outlet := appeared_in(text)):
            credit_lines.append((line.index, text))  # "This commentary originally appeared on …"
            credits.merge(Credits(source=outlet))
            break
        if kept and "选自《" in text and _SELECTED_FROM.fullmatch(text):
            credit_lines.append((line.index, text))  # the issue it ran in, closing the text
            break
        if kept and "《" in text and (outlet := reprinted_from(text)):
            credit_lines.append((line.index, text))  # "（本文轉載自《某某報》第42期）"
            credits.merge(Credits(source=outlet))
            break
        if kept and "Enditem" in text and (signed := _ENDITEM_BYLINE.fullmatch(text)):
            credit_lines.append((line.index, text))  # "(By Jane Roe) Enditem/AW"
            credits.merge(Credits(authors=split_names(signed.group("names"))))
            break
        if found is None and kept and (closing := _closing_credit(text)):
            credit_lines.append((line.index, text))  # "(Japanese original by …)", "Contact …"
            credits.merge(closing)
            continue
        if found is None and kept and (files := files_from(text)):
            credit_lines.append((line.index, text))  # "With a report from The Canadian Press"
            contributed.merge(Credits(authors=files.authors), add_names=True)
            credits.merge(Credits(source=files.source))
            continue
        if found is not None and not found and line.block.tag == "tr":
            found = None  # a table's header row ("日期 主要降雨区域 …"), not a credit's frame
        if found is not None:
            if found:
                credit_lines.append((line.index, text))
            contributed.merge(additional_reporting(found, text), add_names=True)
            if (_bullet_summary(kept) or _summary_above(kept)) and (
                found.authors or _is_meta_row(line)
            ):
                kept.clear()  # the summary's points above the byline or dateline
            # the byline's rows one under another ("记者 甲" over "通讯员 乙 丙"): one team
            credits.merge(found, add_names=not kept and byline_at == pos - 1)
            if found.authors and not kept:
                byline_at = pos
            if kept and not closed and not _PICTURE_CREDIT.match(text):
                closed = _little_left(body, pos, kept)
            continue
        if closed and not footnote and trailing_credit(text) is None:
            continue
        if (
            not kept or _byline_rows(kept) or _bullet_summary(kept) or _standfirst(kept)
        ) and _is_meta_row(line):
            kept.clear()  # the rows above a dateline at the top: its byline, a summary, a deck
            continue
        if not kept and _NAME_AND_TITLE.fullmatch(text):
            continue  # "Jane Roe, Staff Reporter" above the text: the byline, no label to read
        if (
            not kept
            and pos + 1 < len(body)
            and _JOB_TITLE.fullmatch(body[pos + 1].text)
            and _BARE_NAME.fullmatch(text)
        ):
            credits.merge(Credits(authors=[text]))  # "Jane Roe" over "Herald Reporter"
            continue
        top = len(kept) <= 3 and (not kept or _summary_above(kept))  # (a summary is no text)
        if top and _OUTLET_REPORTS.fullmatch(text):
            kept.clear()
            credit_lines.append((line.index, text))  # "机器之心报道" over the text: its desk
            continue
        if top and (filed := _WRITER_FILED_FROM.fullmatch(text)):
            kept.clear()
            credit_lines.append((line.index, text))  # "青禾 发自 凹非寺": the writer, and where
            credits.merge(Credits(authors=filed.group("names").split()))
            continue
        if not kept and "《" in text and (named := _TITLED_OUTLET_BYLINE.fullmatch(text)):
            credit_lines.append((line.index, text))  # "《投资者网》鄢某": the outlet's writer
            credits.merge(Credits(authors=named.group("names").split()))
            continue
        if not kept and _JOB_TITLE.fullmatch(text):
            continue  # the byline's writer's job, on the line under it above the text
        if kept and text.endswith(("®", ")", "Enditem")) and (mark := _END_SUFFIX.search(text)):
            # the story's end mark after its last sentence ("... in the autumn. ®", "... the
            # report added. (end)", "... the ministry said. Enditem"), not a name's
            kept.append(Line(text[: mark.start()], line.block, line.link_chars, line.index))
            break
        kept.append(line)
    if kept and kept[-1] is cut_heading:
        kept.pop()  # the heading of the section that closed the text, cut with it
    while (
        kept
        and not _signed(kept)
        and not kept[-1].text.startswith("—")  # an embedded post's "— Name (@handle) date"
        and kept[-1].block.tag != "tr"  # a table's last row ("发售日期 2020年9月17日")
        and (
            _is_meta_row(kept[-1])
            or (units(kept[-1].text) < 3 and not ends_sentence(kept[-1].text))
        )
    ):
        kept.pop()
    return _without_italic_notices(_without_contact_card(kept)), credit_lines, credits, contributed


_NOTICE_LINES = 2
_NOTICE_UNITS = 70
_TEXT_BEFORE_NOTICES = 3


_PERSON = re.compile(r"[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3}")


def _without_contact_card(kept: list[Line]) -> list[Line]:
    """`kept` less a release's unlabelled contact card closing it: one paragraph of short rows
    split by <br> (a name, an organisation, a number; "Jane Roe / Acme / +1 555 0100 / email us
    here", as EIN Presswire prints it), a person's name first, holding a number or an address
    to call."""
    block = kept[-1].block if kept else None
    if block is None or block.find("br") is None:
        return kept
    run = 0
    while run < len(kept) and kept[-1 - run].block is block:
        row = kept[-1 - run].text
        if units(row) >= 16 or ends_sentence(row):
            return kept
        run += 1
    if run < 2 or run == len(kept) or _PERSON.fullmatch(kept[-run].text) is None:
        return kept  # (a card opens with its person's name: "Inquiry / 02-751-1500" is text)
    card = collapse(block.text_content())
    if _PHONE_OR_EMAIL.search(card) is None and "email us here" not in card:
        return kept
    return kept[:-run]


def _without_italic_notices(kept: list[Line]) -> list[Line]:
    """The text minus the run of short paragraphs set wholly in italics that closes it, two or
    more after three of plain text, one of them a link (to the site's page on the matter, its
    newsletters, its app): the site's standing notices under every story (its public-health
    advice, its plea to subscribe with the ways to read it), not this story's words. A story's
    own closing paragraphs in italics run longer and link nowhere."""
    run = 0
    while (
        run < len(kept)
        and units(kept[-1 - run].text) < _NOTICE_UNITS
        and wholly_italic(kept[-1 - run].block)
    ):
        run += 1
    notices = kept[len(kept) - run :]
    if (
        run < _NOTICE_LINES
        or len(kept) - run < _TEXT_BEFORE_NOTICES
        or not any(line.link_chars for line in notices)
    ):
        return kept
    return kept[:-run]


def wholly_italic(block: HtmlElement) -> bool:
    """Is all of the block's text inside the one <em> or <i> it holds?"""
    return _wholly_in(block, ("em", "i"))


def _wholly_in(block: HtmlElement, tags: tuple[str, ...]) -> bool:
    if len(block) != 1 or (block.text or "").strip():
        return False
    inner = block[0]
    return inner.tag in tags and not (inner.tail or "").strip()


_PERSON_NAME = r"[A-Z][\w'’-]*(?: [A-Z][\w.'’-]*){1,3}"
_LEAD_BY = re.compile(
    r"[A-Z][^.,:;!?]{1,40} [-–—] [^,:;!?]{2,40}, by "
    rf"(?P<names>{_PERSON_NAME}(?: and {_PERSON_NAME})?)"
)
"""A line over the text naming the place, the outlet and the writer ("Bishkek - 24.kg news
agency, by Jane Roe"), as an agency opens its stories."""
_BOLD_BYLINE = re.compile(
    r"(?P<name>[A-Z][a-z'’-]+(?: [A-Z]\.)?(?: [A-Z][a-z'’-]+){1,2})"
    r"(?:\s*[|,]\s*[A-Z][a-z]+(?: [A-Z][a-z]+)?)?"
)
"""A name of two or three words, maybe with the place after a bar or a comma ("Jane Roe |
Thimphu")."""


def _bold_byline(body: list[Line], pos: int) -> str | None:
    """The writer's name alone in bold over the text's first paragraph, maybe with the place
    they filed from ("<p><strong>Jane Roe | Thimphu</strong></p>"): a byline with no label."""
    found = _BOLD_BYLINE.fullmatch(body[pos].text)
    if found is None or not _wholly_in(body[pos].block, ("strong", "b")) or pos + 1 >= len(body):
        return None
    name = found.group("name")
    if _HEADING_WORD.search(name) or split_names(name) != [name]:
        return None  # "Media Release", "Key Findings" in bold over the text: a heading
    return name if holds_sentence(body[pos + 1].text) else None


_HEADING_WORD = re.compile(
    r"\b(?:Release|Statement|Findings|Highlights|Points|Summary|Updates?|Notes?|Background|"
    r"Overview|Introduction|Contacts?|Facts|Takeaways|Announcement|Advisory|Alert|News)\b"
)


_UPDATE_NOTE = re.compile(
    r"Updated?,?\s+[A-Za-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?(?:\s+\d{4},?)?"
    r"(?:\s+\d{1,2}:\d{2}\s*(?:[AaPp]\.?[Mm]\.?)?(?:\s*[A-Z]{1,4})?)?:\s+\S"
)
"""An editor's note on what changed, dated ("Update June 3rd, 4:10PM ET: ...")."""
_PARTNER_NOTE = re.compile(
    r"This (?:article|story|report|piece) (?:was|is) (?:co-)?(?:produced|published|reported) "
    r"(?:in partnership|in collaboration|jointly) with\b|"
    r"(?:Journalists|Note to (?:editors|journalists|media))\s*:\s*\S|"
    r"This (?:article|story|piece) was (?:translated|adapted) from\b|"
    r"(?:Transcript|Text|Statement) translated from [A-Z][a-z]+$"
)
"""A note to the editors above the text ("This article was produced in partnership with …",
"Journalists: Broadcast-quality video is in the downloads …")."""
_PICTURE_CREDIT = re.compile(rf"(?:{'|'.join(PICTURE_SOURCE_LABELS)})\s*[：:﹕]")
"""A picture's credit under it ("图源：某图库"), which the text goes on after."""
_SIGNATURE_DATE = re.compile(r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")


_FIGURE_SOURCE = re.compile(r"(?:Sources?|Data|数据来源|资料来源)\s*[:：]")
_FIGURES = ("figure", "table", "img", "picture")


def _figure_credit(line: Line) -> bool:
    """A line crediting the chart or table right above it ("Source: Survey of U.S. adults …",
    "数据来源：Wind"): the figure's, neither text nor the story's source."""
    if not _FIGURE_SOURCE.match(line.text):
        return False
    above = line.block.getprevious()
    if above is None or not isinstance(above.tag, str):
        return False
    if above.tag in _FIGURES:
        return True
    return not collapse(above.text_content()) and next(above.iter("img"), None) is not None


_FORM_CHARS = 2000
"""A form holding less text than this is a widget (a sign-up); some sites wrap whole pages in
one form (ASP.NET), whose text is the page's."""


def _in_small_form(block: HtmlElement, forms: dict[HtmlElement, bool]) -> bool:
    """Is `block` a small form, or its child or grandchild? (`forms` caches each form's size.)"""
    node: HtmlElement | None = block
    for _ in range(3):
        if node is None:
            return False
        if node.tag == "form":
            if node not in forms:
                forms[node] = len(node.text_content()) < _FORM_CHARS
            return forms[node]
        node = node.getparent()
    return False


def _signed(kept: list[Line]) -> bool:
    """The text ends in a signature: the issuer on one line and the written date alone on the
    next ("某市人民政府办公室" / "2020年6月3日", "SINGAPORE POLICE FORCE" / "03 June 2020"), which
    belong to a notice or bulletin as issued."""
    return (
        len(kept) >= 2
        and (
            _SIGNATURE_DATE.fullmatch(kept[-1].text) is not None
            or dates.ENGLISH_DATE.fullmatch(kept[-1].text) is not None
        )
        and units(kept[-2].text) < 30
        and not ends_sentence(kept[-2].text)
        and not dates.find_dates(kept[-2].text)
    )


_SUPPORT_PLUG = re.compile(r"\bsubscribe to support (?:our|independent|local) journalism\.?$", re.I)
_CONTACT_LINE = re.compile(
    r".{0,80}\sContacts?\s*:.{0,60}(?:\d[\d\s().-]{6,}\d|\s\S+@[\w-]+(?:\.[\w-]+)+)$",
    re.IGNORECASE,
)
_FOLLOW_HANDLE = re.compile(
    r"Follow (?:me|her|him|us|them|[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)?) on "
    r"(?:Twitter|X|Facebook|Instagram|LinkedIn)\s*:?\s*@\w+\.?"
)
"""A closing "Follow me on Twitter: @janeroe": the writer's handle, no text."""
_OFFICE_PHONE = re.compile(
    r"(?:[\w'’.]+ ){0,4}(?:[Oo]ffice|OFFICE)\s*[-–—:]\s*\+?\(?\d[\d\s().-]{6,}\d"
)
"""A closing "Minister's office - 6552 5000": whom the press may call, no text."""
_PLEASE_CONTACT = re.compile(
    r"For (?:interviews|images|media enquiries|copies)\b[^.]{0,60}, please contact .{2,120}?"
    r"(?:\+?\d[\d\s().-]{6,}\d|\S+@\S+)"
)
"""A release's note on whom the press may call ("For interviews or images, please contact the
News Office on +44 …"), among its notes to editors."""


_DISCLOSURE = re.compile(
    r"\b(?:we may earn an? (?:small )?(?:affiliate )?commission|"
    r"(?:stories|articles|posts) (?:may )?include affiliate links|"
    r"(?:coverage|reporting|journalism) (?:is|was) supported by (?:a )?grants? from)\b",
    re.IGNORECASE,
)
_DISCLOSURE_UNITS = 120


def _plug_or_contact(text: str) -> bool:
    """A plug that ends in "subscribe to support our journalism", a lead-in and a contact's
    phone number or e-mail ("FOR FURTHER INFORMATION MEDIA SHOULD CONTACT: … (202) 555-0147",
    "For comments and feedback contact: editorial@…", "Minister's office - 6552 5000"), a
    writer's handle ("Follow me on Twitter: @janeroe"), or a
    disclosure of affiliate links or of the grants behind the coverage ("… we may earn an
    affiliate commission.", "Our health coverage is supported by grants from …"); tried only on
    lines holding their words, since a pattern free to start anywhere in a line is slow."""
    if "ubscribe to support" in text and _SUPPORT_PLUG.search(text):
        return True
    if "ommission" in text or "ffiliate" in text or "upported by" in text:
        return units(text) < _DISCLOSURE_UNITS and _DISCLOSURE.search(text) is not None
    if "ffice" in text and _OFFICE_PHONE.fullmatch(text):
        return True
    if "ollow" in text and _FOLLOW_HANDLE.fullmatch(text):
        return True
    if "ontact" not in text and "ONTACT" not in text:
        return False
    return _CONTACT_LINE.match(text) is not None or _PLEASE_CONTACT.match(text) is not None


def _styled_caption(line: Line, captions: dict[HtmlElement, frozenset[str]]) -> bool:
    """The line is the caption element beside a picture (`<span class="img_descr">` in the
    picture's box), not an ordinary paragraph. `captions` keeps the captions' texts of each
    block asked about: a box of paragraphs printed as one block's lines (a picture among
    them) asks about the same elements for each of its lines."""
    block = line.block
    if block not in captions:
        captions[block] = _caption_texts(block)
    return line.text in captions[block]


def _caption_texts(block: HtmlElement) -> frozenset[str]:
    """The texts of the elements of a caption's class in `block`, when it holds a picture."""
    if len(block) == 0 or next(block.iterdescendants("img"), None) is None:
        return frozenset()  # (`find(".//img")`, in C; a block of no children makes no iterator)
    return frozenset(
        collapse(el.text_content())
        for el in block.iterdescendants()
        if (cls := el.get("class")) and el.tag != "img" and _caption_class(cls)
    )  # (an element of no class is no caption: its tag goes unread)


def _classed_caption(line: Line) -> bool:
    """The line's own element says it is a caption (`<p class="visual__caption">`), no sentence,
    in a box that holds a picture a level or two up. An element of many lines is a text, not a
    caption (a post's description: `<div class="desc">` with a dozen lines under its photos).
    A picture's box whose line is in a child marked as its caption (`itemprop="caption"`, a
    caption's class) is one too, sentence or not; so is a credit in a caption's box
    (`<div class="image_caption"><p class="credit">Source: Airbus</p>`), and an element the page
    names as a picture's own caption (`<p class="img-desc">`, `"pic-title"`), sentence or not."""
    own = line.block.get("class")
    if not own:
        return _marked_caption(line)  # (most lines: no class, none of a caption's or a credit's)
    if not (_caption_class(own) or _PICTURE_CAPTION.search(own) or boxed_credit(line.block)):
        return _marked_caption(line)
    if ends_sentence(line.text) and not _PICTURE_CAPTION.search(own):
        return False
    breaks = itertools.islice(line.block.iterdescendants("br"), _TEXT_BREAKS - 1, None)
    if next(breaks, None) is not None:
        return False  # (`_TEXT_BREAKS` or more <br>, counted up to the limit only)
    box = line.block.getparent()
    for _ in range(2):
        if box is None:
            return False
        if next(box.iter("img"), None) is not None:
            return True
        box = box.getparent()
    return False


def boxed_credit(block: HtmlElement) -> bool:
    """Is the block a credit in a caption's box (`<div class="image_caption"><p class="credit">
    Source: Airbus</p>`): the picture's, not the story's?"""
    parent = block.getparent()
    return (
        "credit" in (block.get("class") or "")
        and parent is not None
        and _caption_class(parent.get("class") or "")
    )


def _marked_caption(line: Line) -> bool:
    """The line's block holds a picture and a child marked as its caption that holds the line
    (`<span itemprop="caption">`, `<span class="caption">` with its credit after a `<br>`), both
    among its own children."""
    if len(line.block) == 0 or next(line.block.iterchildren("img"), None) is None:
        return False  # (most blocks: their children's tags go unread, if they have any)
    children = list(line.block)
    marked = next(
        (
            el
            for el in children
            if el.get("itemprop") == "caption" or _caption_class(el.get("class") or "")
        ),
        None,
    )
    return marked is not None and line.text in collapse(marked.text_content())


_TEXT_BREAKS = 6
_CHROME_UNITS = 16
"""Short lines of a box's own (a label, a length, a section, a date), no sentence."""
_PLAYER = re.compile(r"(?:video|contextual|jw|media)[-_]?player|jwplayer", re.IGNORECASE)


_CARD_LABEL = re.compile(
    r"(?:Read|Up) Next|Read More|Also Read|"
    r"Related(?: (?:stories|story|articles?|content|coverage))?|"
    r"Recommended(?: for you)?|Most Popular|相关阅读|推荐阅读|延伸阅读|相關閱讀",
    re.IGNORECASE,
)
_CARD_CHARS = 800
BOX_LABEL = re.compile(
    rf"\n(?i:{_CARD_LABEL.pattern}|Popular on [^\n]{{1,40}}|Now Playing)(?=\n|$)"
)
"""The label of a box of other stories' cards or of a video player, on a line of its own in a
page's lines joined, each after a newline (a literal start, which sre scans for in C): where one
shows, `clean_body` looks for such boxes set into the text."""


def _in_card(line: Line) -> bool:
    """Is the line in a small box set into the text under a label of other stories ("Read Next"
    over a story's section, headline, summary and date), two levels up at most, or its label
    (the line's own block, when the card's label is the block's first child)?"""
    for box in itertools.chain((line.block,), itertools.islice(line.block.iterancestors(), 2)):
        label = next(box.iterchildren(), None)
        if (
            label is not None
            and _CARD_LABEL.fullmatch(collapse("".join(itertools.islice(label.itertext(), 4))))
            and len(box.text_content()) < _CARD_CHARS
        ):
            return True
    return False


def _in_player(block: HtmlElement) -> bool:
    """Is the block in a video player's box, three levels up at most ("pmc-contextual-player":
    its label, "Popular on Variety", and the next clip's "Up Next" and length)?"""
    for node in itertools.chain((block,), itertools.islice(block.iterancestors(), 3)):
        if _PLAYER.search(node.get("class") or ""):
            return True
    return False


def _table_caption(line: Line) -> bool:
    """The line is the text of its table's `<caption>`."""
    caption = line.block.find("caption")
    return caption is not None and collapse(caption.text_content()) == line.text


_OUTLET_REPORTS = re.compile(
    r"(?!独家|深度|连续|系列|专题|重点|相关|据)[\u4e00-\u9fff]{2,8}\s?(?:报道|報導)"
    r"(?:\s*[|｜]\s*公众号\s*\S{1,30})?"
)
"""An outlet's tag over the text, alone on its line ("机器之心报道", "量子位 报道 | 公众号 QbitAI",
as AI media print it): a credit line that names no one; the site's own desk, so no source."""
_WRITER_FILED_FROM = re.compile(
    r"(?P<names>[\u4e00-\u9fff]{1,4}(?: [\u4e00-\u9fff]{1,4}){0,3}) 发自 [\u4e00-\u9fff]{2,10}"
)
"""A writer's name and where they wrote from over the text ("青禾 发自 凹非寺", as AI media
sign their pieces)."""
_SUMMARY_CLASS = re.compile(r"zhaiyao|summary|abstract|digest|standfirst", re.IGNORECASE)


def _summary_above(kept: list[Line]) -> bool:
    """Nothing kept yet but a few lines of a block the page calls a summary: the editors'
    summary over the byline, not the text."""
    return 0 < len(kept) <= 3 and all(
        _SUMMARY_CLASS.search(line.block.get("class") or "") for line in kept
    )


def _tagged_caption(line: Line) -> bool:
    """A picture's box whose line is its place tags (links) and a caption of a caption's class
    (`<div><img><a class="pic_tag">才村码头</a><span class="img_desc">环海西路…</span>`)."""
    block = line.block
    if line.link_chars == 0 or next(block.iterchildren("img", "a"), None) is None:
        return False
    if next(block.iter("img"), None) is None:
        return False
    captions = [
        collapse(el.text_content())
        for el in block.iterchildren()
        if _caption_class(el.get("class") or "")
    ]
    rest = line.text
    for link in block.iterchildren("a"):
        rest = rest.replace(collapse(link.text_content()), "", 1)
    return bool(captions) and collapse(rest) == " ".join(captions)


_PICTURE_BY = re.compile(r".+（(?:通讯员|通訊員|记者|記者)\s*[\u4e00-\u9fff·]{2,8}）")
"""A caption's closing credit naming who took the picture with no 摄 ("……画面。（通讯员 乙）")."""


def _credited_under_picture(line: Line) -> bool:
    """A centred paragraph right under a paragraph that holds a picture alone, closing on its
    photographer's name in brackets: the picture's caption, though no 摄 says so."""
    above = line.block.getprevious()
    return (
        "center" in (line.block.get("style") or "") + (line.block.get("align") or "")
        and above is not None
        and next(above.iter("img"), None) is not None
        and not collapse(above.text_content())
        and _PICTURE_BY.fullmatch(line.text) is not None
    )


_OPENINGS = frozenset({"前言", "引言", "序言", "写在前面"})
"""A text's own first heading ("前言"), which a short heading above the text is not."""
_BOX_CHILDREN = 4


def _picture_box_caption(line: Line) -> bool:
    """The line is an unmarked paragraph in a picture's own small box (a picture, its credit,
    the caption, and no paragraph of text) set between paragraphs of text: the caption, when it
    is no sentence. (A photo story's boxes follow one another: their captions are its text.)"""
    box = line.block.getparent()
    if box is None or ends_sentence(line.text) or not _picture_box(box):
        return False
    if not any(_paragraph(el) for el in (box.getprevious(), box.getnext())):
        return False
    return all(units(collapse(child.text_content())) < 60 for child in box)


_CREDIT_END = re.compile(r"\((?:[A-Z][\w.&'’ -]{0,30})(?:/[^()]{1,40})?\)$")
"""A picture's credit in brackets at the end of its caption: "(Kyodo)", "(AP Photo/Jo Lin)"."""


def _lead_picture_caption(line: Line) -> bool:
    """A line above the text in a picture's own small box that ends in the picture's credit:
    the lead picture's caption ("A ferry leaves a port on June 1, 2020. (Kyodo)")."""
    box = line.block.getparent()
    return box is not None and bool(_CREDIT_END.search(line.text)) and _picture_box(box)


_PICTURE_TAGS = frozenset({"img", "a", "picture"})


def _alt_caption(line: Line) -> bool:
    """The line is in the paragraph under a picture, in the picture's own box, that opens with
    the picture's alt text: its caption, with the credit under it ("Workers clean a pool …"
    <br> "Photo: CNA")."""
    if line.block.tag != "p":
        return False
    picture = line.block.getprevious()  # the picture right above its caption
    if picture is None or picture.tag not in _PICTURE_TAGS:
        return False
    if picture.tag != "img" and next(picture.iterdescendants("img"), None) is None:
        return False
    box = line.block.getparent()
    if box is None or not _picture_box(box):
        return False
    shown = collapse(line.block.text_content())
    return any(
        len(alt) >= 20 and shown.startswith(alt)
        for alt in (collapse(img.get("alt") or "") for img in box.iter("img"))
    )


def _picture_box(box: HtmlElement) -> bool:
    """A small box (a few children) holding a picture, alone or as a link."""
    if next(itertools.islice(box.iterchildren(), _BOX_CHILDREN, None), None) is not None:
        return False  # (counted up to the limit only: len() walks every child of a huge box)
    if next(box.iterchildren("img"), None) is not None:  # (`find("img")`, in C)
        return True
    return any(next(a.iterchildren("img"), None) is not None for a in box.iterchildren("a"))


_LINKED_SENTENCE_DENSITY = 0.6
_LINKED_SENTENCE_OWN_CHARS = 25


def _sentence_around_links(line: Line) -> bool:
    """A paragraph's sentence whose links are only part of it ("Learn more about DOE's Office
    of Electricity and the Office of Science."): text, though more of it is linked than not; a
    related link's label ("Read more: <headline>") leaves too little of its own."""
    return (
        line.link_density <= _LINKED_SENTENCE_DENSITY
        and len(line.text) - line.link_chars >= _LINKED_SENTENCE_OWN_CHARS
        and line.block.tag == "p"
        and ends_sentence(line.text)
    )


def _paragraph(el: HtmlElement | None) -> bool:
    if el is None or el.tag != "p":
        return False
    text = collapse(el.text_content())
    return units(text) >= 15 and ends_sentence(text)


def _promo_between_paragraphs(body: list[Line], pos: int) -> bool:
    """Is the "Read more" at `pos` a link promo with the text going on after it: a link line
    itself, or a label over link lines that a paragraph of prose follows (maybe under a
    sub-heading)?"""
    line = body[pos]
    if line.link_density > 0.5 and units(line.text) > 8:
        return True
    if any(c.isdigit() for c in line.text):
        return False  # a stamp that closes the text ("Last medically reviewed on June 3, 2020")
    after = pos + 1
    while after < len(body) and body[after].link_density > 0.5:
        after += 1
    if after >= len(body):
        return False
    if after == pos + 1 and body[after].index == line.index + 1:
        return False  # (no link lines between: unless the box's links were left out as a list)
    if (
        body[after].block.tag in HEADINGS
        and not ends_sentence(body[after].text)
        and after + 1 < len(body)
    ):
        after += 1  # a sub-heading, then the text goes on under it
    following = body[after].text
    return units(following) >= 15 and ends_sentence(following) and not _tail_marker(following)


def _copyright_notice(text: str) -> bool:
    """A site's notice that reposted text stays its authors' ("…版权归原作者所有…"), however
    long; or a release's trademark notice ("Acme is a registered trademark of Acme Corp. All
    other names may be trademarks of their respective owners"), or a wire's note on which of its
    versions holds ("The source language in which this announcement is originally published is
    the official, authoritative, and legally valid version", under Business Wire's releases)."""
    if "legally valid" in text:
        return _SOURCE_LANGUAGE.search(text) is not None
    if "版权归" in text:
        return _RIGHTS_KEPT.search(text) is not None
    if "商标" in text:
        return _TRADEMARKS_ZH.search(text) is not None
    return "rademark" in text and _TRADEMARKS.search(text) is not None


_RIGHTS_KEPT = re.compile(r"版权归[^。，]{0,12}所有")
_SOURCE_LANGUAGE = re.compile(
    r"\bsource language in which this (?:announcement|press release|release) is (?:originally )?"
    r"published is the official\b",
    re.IGNORECASE,
)
_TRADEMARKS_ZH = re.compile(
    r"商标[^。]{0,20}。[^。]{0,20}商标均?为其?各自(?:所有者|持有人)的?(?:财产|所有)"
)
"""A translated release's trademark notice ("…是…的商标或注册商标。所有其他商标均为其各自所有者的
财产。")."""
_TRADEMARKS = re.compile(
    r"\b(?:are|is an?) (?:registered )?trademarks? (?:or registered trademarks? )?of\b.{0,200}"
    r"\b(?:property|trademarks?) of their respective (?:owners|holders)",
    re.IGNORECASE,
)


_PRESS_OFFICE = re.compile(
    r"(?:[A-Z][\w&.-]* ){0,4}(?:Press|Public Affairs|Media Relations) Office"
)
"""A department's press office named alone in a release's header ("DHS Press Office")."""
_CONTACT_ROW = re.compile(r"(?:Media |Press )?Contacts?\s*:\s*", re.IGNORECASE)
_PHONE_OR_EMAIL = re.compile(r"\d[\d\s().-]{6,}\d|\S@[\w-]+\.\w")


def _contact_rows_below(body: list[Line], pos: int) -> int:
    """The last of the contact's rows under a bare "Contact:" label at `pos` above a release's
    text (a name and post, a number, an e-mail: short lines, no sentence), or `pos` when the
    short lines below hold no number or address to call (they may be the text's own)."""
    last, reachable = pos, False
    for after in range(pos + 1, min(len(body), pos + 1 + _CONTACT_ROWS)):
        text = body[after].text
        if units(text) >= 20 or ends_sentence(text) or text.endswith(":"):
            break
        last, reachable = after, reachable or _PHONE_OR_EMAIL.search(text) is not None
    return last if reachable else pos


_VIEWS_NOTICE = re.compile(r"(?:代表|仅代表|系)(?:作者|笔者)个人观点")
"""A platform's note that a post is its writer's own ("文章代表作者个人观点，…")."""
_VIEWS_DISCLAIMER = re.compile(
    r"\b(?:views|opinions|conclusions|findings)\b[^.]{0,120}\bare (?:solely |entirely |only )?"
    r"(?:those of|the responsibility of) (?:the |its )?authors?(?:\(s\))?\b[^.]{0,40}\bdo(?:es)? "
    r"not (?:necessarily )?(?:reflect|represent)\b"
)
"""A publisher's standing disclaimer under a commentary ("... The conclusions and recommendations
of any X publication are solely those of its author(s), and do not reflect the views of the
Institution ..."): about the house, not the text."""


_QR_PLUG = re.compile(
    r"关注|下载|订阅|微信|公众号|客户端|小程序|APP|微博|抖音|视频号|了解更多|阅读", re.I
)
"""What a QR code's plug offers: an account to follow, an app to get, more to read."""


def _boilerplate_blurb(text: str) -> bool:
    """A QR-code blurb ("欢迎扫描左方二维码关注...官方微信"): a promotion, not text; or a
    reprint ban ("本文由...原创出品，未经许可禁止转载"): a copyright statement; an app's or an
    account's plug ("尽在新浪财经APP", "点击上方蓝字关注我们"): a promotion."""
    if "atest" in text and _LATEST_ON.match(text):
        return True  # (a plug may list the site's sections at length: no length bound)
    if units(text) >= 80:
        return False
    if "二维码" in text and _QR_PLUG.search(text):  # not a story's "扫描二维码登记"
        return True
    if ("下载" in text or "尽在" in text or "Download" in text) and _GET_THE_APP.search(text):
        return True
    if ("关注" in text or "欢迎" in text) and _FOLLOW_US.match(text):
        return True
    if ("本文" in text or "全文见" in text) and _FIRST_PUBLISHED.fullmatch(text):
        return True
    if ("声明" in text or "提示" in text) and _SITE_DISCLAIMER.match(text):
        return True
    if "仅供" in text and _PROFESSIONALS_ONLY.fullmatch(text):
        return True  # "*仅供医学专业人士阅读参考" over the text
    if "转载请注明" in text or "转载请联系" in text or "如若转载" in text or "请注明出处" in text:
        return True  # "本文为某网原创稿件，转载请注明来源"
    return (
        "未经" in text or "未經" in text or "非经" in text or "非經" in text
    ) and _NO_REPRINT.search(text) is not None


_PROFESSIONALS_ONLY = re.compile(
    r"[*＊]?\s*仅供(?:医学|医疗|医药|医务)?专业人士(?:阅读)?参考[。.]?"
)
"""A medical site's note over the text that it is for professionals."""
_NOT_OUR_VIEWS = re.compile(r"不代表本(?:网|站|报|刊|台|平台|网站)(?:的)?(?:观点|立场)")
"""A site's note that a company's piece is not its word ("本文为企业宣传，不代表本网观点")."""
_FOOTNOTE_NUMBER = re.compile(r"\d{1,3}")
_SUMMARY_LABEL = re.compile(
    r"[【\[]?(?:摘要|导语|導語|导读|導讀|内容提要|核心提示|编者按|編者按)[】\]]?\s*[：:】]|"
    r"(?:What (?:you need )?to know|Key (?:points|takeaways)|At a glance|This is what matters):?$"
)
"""The editors' summary above a text ("摘要：..."), labelled as such."""
_SUMMARY_WORDS = ("摘要", "导语", "導語", "导读", "導讀")
_SUMMARY_ROW = re.compile(r"Summary\s*:")
"""An English summary: the editors' when it sits among the metadata rows ("Date:", "Source:")
above the text; a paragraph of the text may start so too."""
_SITE_DISCLAIMER = re.compile(
    r"(?:[^。，]{1,8}声明|风险提示|免责提示)[：:].{0,60}(?:仅供参考|不构成|风险自担|风险自负|不代表)"
)
"""A site's closing disclaimer ("某社声明：文章内容仅供参考，不构成投资建议", "风险提示：以上
行情数据仅供参考")."""
_FIRST_PUBLISHED = re.compile(
    r"[（(]本文已?(?:首发|刊载|刊发|原载)[^（()）]{1,60}[）)]|"
    r"本文(?:首发于?|出自|刊载于|刊載於)[^，。（()）\s]{2,30}|"
    r"本文来自《[^《》]{1,20}》[^，。\s]{0,20}[期刊]|"
    r"[（(]全文见《[^《》]{1,20}》[^（()）]{0,20}[）)]"
)
"""A provenance notice around the text ("（本文首发某某App）", "本文首发于中国新闻周刊",
"（本文刊载于《某某周刊》2020年第23期）", "本文出自今周刊第1223期", "本文来自《某某》2020年6月
刊")."""
_GET_THE_APP = re.compile(
    r"(?:下载|尽在)[^。]{0,12}(?:APP|App|app|客户端)|^Download the [^.]{1,40} (?:App|app)\b|"
    r"\bDownload our (?:free )?(?:App|app)\b"
)
_LATEST_ON = re.compile(
    r"Catch up on (?:all )?the latest\b|(?:Catch|Get|Read) (?:all )?the latest [^.]{0,80}\bon\b",
    re.IGNORECASE,
)
"""A site's closing plug: "Catch all the Latest India News, ... on Hindustan Times." """
_FOLLOW_US = re.compile(
    r"[^。]{0,8}点击(?:上方|下方|标题下)[^。]{0,30}关注|"
    r"#?欢迎关注[^。]{0,30}(?:公众号|微信|微博|头条号|客户端)|"
    r"关注[^。，]{1,20}[（(][A-Za-z0-9_]{3,20}[）)][，,]\s*获取更多|"
    r"[^。]{0,20}(?:Instagram|Facebook|Twitter|YouTube|Telegram|微博|抖音)[！!，,]\s*欢迎(?:搜索|关注|订阅)"
)
"""A WeChat account's "点击上方蓝字关注我们" above a reposted article; "欢迎关注某某官方微信公众号"
and "关注某某财经（abc518），获取更多机会" after one; "某台有Instagram！欢迎搜索……"."""
_NO_REPRINT = re.compile(
    r"(?:未|非)[经經][^。，]{0,12}(?:许可|授权|許可|授權|允许|允許|同意)[^。]{0,24}"
    r"(?:禁止|不得|严禁|嚴禁|谢绝|謝絕|请勿|請勿)[^。]{0,8}?"
    r"(?:转载|轉載|转贴|轉貼|转发|轉發|复制|複製|引用|摘编|摘編|下载|下載)"
)
"""A reprint ban ("未经许可禁止转载", "未經本刊授權，任何媒體…均不得引用、改寫、轉貼", "…版权所有，
未经协议授权，禁止下载使用")."""


def _summary_paragraph(body: list[Line], pos: int) -> bool:
    """Is the labelled summary at `pos` ("摘要：…") a paragraph of the text itself, beside the
    text's next paragraph in its block, where a box above the text has a parent of its own?"""
    line = body[pos]
    return (
        line.block.tag == "p"
        and pos + 1 < len(body)
        and body[pos + 1].block.tag == "p"
        and body[pos + 1].block.getparent() is line.block.getparent()
        and units(line.text) >= _SUMMARY_UNITS
    )


_SUMMARY_UNITS = 30


def _heading_over(label: Line, cut: Line) -> bool:
    """Is `label` the heading of the section `cut` opens, right over it: a few words ending no
    sentence, a heading element or set wholly in bold (a short line of plain text is the text's
    own, "More details will follow next week" over the press contact)?"""
    return (
        label.index == cut.index - 1
        and _short_label(label)
        and (label.block.tag in HEADINGS or _wholly_in(label.block, ("strong", "b")))
    )


def _drop_box_label(kept: list[Line], marker: Line) -> None:
    """The short label of the box a tail marker sits in ("新浪新闻公众号" above its QR-code
    blurb, in the block that holds both) goes with the marker, as does a heading right over it
    in the same box ("Get critical information for your business" over "This news item is free
    to read. Subscribers …"), in a box apart from the text's paragraphs."""
    if not kept:
        return
    label = kept[-1]
    if _short_label(label):
        box = label.block
        if box is not marker.block and any(a is box for a in marker.block.iterancestors()):
            kept.pop()
            return
    box = label.block.getparent()
    if (
        label.block.tag in HEADINGS
        and label.index == marker.index - 1
        and box is marker.block.getparent()
        and not ends_sentence(label.text)
        and (len(kept) < 2 or kept[-2].block.getparent() is not box)
    ):
        kept.pop()  # (a box of its own: the text's paragraphs are not its children)


def _short_label(line: Line) -> bool:
    """A few words that end no sentence: a box's or an account's name, not text."""
    return units(line.text) < 12 and not ends_sentence(line.text)


_APPEAL = re.compile(
    r"\bWill you (?:give|support \w+['’]s|make a (?:gift|contribution)) (?:today|\w+ journalism)\b|"
    r"\bplease consider supporting (?:the |us\b)",
    re.IGNORECASE,
)
"""A reader-funded site's appeal ("Millions of people come to X every month ... Will you give
today?")."""
_FOLLOWERS = re.compile(
    r"已有\s*[\d.,]+\s*[万亿]?\s*人(?:订阅|关注)|[\d.,]+\s*[KkMm万]?\s*(?:followers|subscribers)$"
)
"""A follow card's count ("关注济南城建……，已有12.8万人订阅"): a platform's widget for the
account, set into the text."""


def _drop_card_name(kept: list[Line], count: Line) -> None:
    """The account's name printed beside the follow count, in the same card, goes with it."""
    if kept and _short_label(kept[-1]) and kept[-1].block.getparent() is count.block.getparent():
        kept.pop()


def _resource_link(body: list[Line], pos: int) -> bool:
    """A release's list of further reading, its title ("Resources and additional information")
    and the items under it that are mostly a link ("Webpage: Nokia 5G")."""
    line = body[pos]
    if line.block.tag != "li":
        return (
            len(line.text) < _RESOURCES_CHARS
            and _RESOURCES_TITLE.match(line.text) is not None
            and pos + 1 < len(body)
            and body[pos + 1].link_density > _RESOURCE_LINKS
        )
    while pos > 0 and line.block.tag == "li" and line.link_density > _RESOURCE_LINKS:
        pos -= 1
        line = body[pos]
        if _RESOURCES_TITLE.match(line.text):
            return True
    return False


_RESOURCES_TITLE = re.compile(
    r"(?:Resources and additional information|Additional (?:resources|information)|"
    r"Related (?:resources|links)|Useful links|Learn more)\s*:?$",
    re.IGNORECASE,
)
_RESOURCE_LINKS = 0.3
_RESOURCES_CHARS = 50


def _box_title(body: list[Line], pos: int) -> bool:
    """A few words over a list of links in the same box: the title of a menu set into the
    text ("全文导航" over the review's page links)."""
    text = body[pos].text
    after = body[pos + 1 : pos + 3]
    if units(text) >= 12 or len(after) < 2 or ends_sentence(text):
        return False
    if _SIGNATURE_DATE.fullmatch(text):
        return False  # a notice's date over its attachments' links ("附件：1. 表.doc")
    box = body[pos].block.getparent()
    return box is not None and all(
        line.link_density > 0.5 and _within(line.block, box, 3) for line in after
    )


_APPEAL_BOX_UNITS = 80
_APPEAL_WORDS = re.compile(
    r"\b(?:support|member|donat|subscri|contribut|nonprofit|non-profit)", re.IGNORECASE
)
_DONATE = re.compile(
    r"(?:Please )?(?:Donate|Give|Contribute|Support us|Become a (?:member|supporter)|Join|"
    r"Make a (?:donation|gift)|"
    r"(?:Open|Get) the app|立即打开|打开APP|下载APP|立即下载)\b.{0,16}",
    re.IGNORECASE,
)


def _donate_button_below(body: list[Line], pos: int) -> int | None:
    """The position of a "Donate" or an app's "立即打开" button under a few words in the same
    small box, a line of pitch between them maybe, and no sentence unless it asks for support:
    an appeal or a plug set into the text, not part of it, down to its button."""
    for button in range(pos + 1, min(pos + 4, len(body))):  # (the first button only)
        after = body[button]
        if 2 * after.link_chars > len(after.text) and _DONATE.fullmatch(after.text):
            break  # (`link_density > 0.5`, in integers: this runs on most lines)
    else:
        return None
    if ends_sentence(body[pos].text) and not _APPEAL_WORDS.search(body[pos].text):
        return None  # (the box's pitch asks for support; a sentence of the text does not)
    boxed = any(  # the box: the line's parent or grandparent, the button inside it
        all(
            after.block is box or _within(after.block, box, 2)
            for after in body[pos + 1 : button + 1]
        )
        for box in itertools.islice(body[pos].block.iterancestors(), 2)
    )
    return button if boxed else None


def _text_resumes(body: list[Line], pos: int) -> bool:
    """Does a paragraph of the text's own follow line `pos`, maybe under a sub-heading (a box
    set into the text ends)?"""
    following = body[pos + 1 : pos + 3]
    if following and following[0].block.tag in HEADINGS:
        following = following[1:]
    return bool(following) and units(following[0].text) >= 15 and ends_sentence(following[0].text)


def _within(el: HtmlElement, box: HtmlElement, levels: int) -> bool:
    """Is `box` one of the `levels` nearest ancestors of `el`?"""
    return any(a is box for a in itertools.islice(el.iterancestors(), levels))


def _card_line(body: list[Line], pos: int) -> bool:
    """A short line between two lines of links in a small box of their own: a product card's
    details ("级别：中型SUV 厂商指导价：暂无" between the model's link and its price links); in a
    long list of such lines, the lines are the list's text."""
    if pos == 0 or pos + 1 >= len(body) or units(body[pos].text) >= 20:
        return False
    before, line, after = body[pos - 1], body[pos], body[pos + 1]
    if before.link_density <= 0.5 or after.link_density <= 0.5 or ends_sentence(line.text):
        return False
    box = line.block.getparent()
    if box is None:
        return False
    outside = body[max(0, pos - 2) : pos - 1] + body[pos + 2 : pos + 3]
    return (
        _within(before.block, box, 2)
        and _within(after.block, box, 2)
        and not any(_within(other.block, box, 2) for other in outside)
    )


_CARD_UNITS = 40
_PRICE = re.compile(r"[\d¥￥$€£](?:(?<=\d)(?:[\d.,-]*\d)?\s*(?:万|元|亿)|(?<=[¥￥$€£])\s?\d)")
"""A price: "11.59-15.29万", "3,000元", "¥ 99", "$5". (Its first character, one set, is scanned
for in C; the lookbehinds then pick the branch it opens.)"""
_PRICE_SIGN = re.compile(r"[万元亿¥￥$€£]")
"""The unit or currency every price holds."""


def _priced(text: str) -> bool:
    """`text` holds a price: searched for only when it holds a unit or a currency sign (one line
    in thirty; the search from each digit costs five times the scan)."""
    return _PRICE_SIGN.search(text) is not None and _PRICE.search(text) is not None


_CARD_TAGS = ("div", "section", "aside")


def _price_cards(body: list[Line]) -> set[int]:
    """The indexes of the lines of products' cards set into the text. A short line is one when
    the first classed box around it (its block or one of its three nearest ancestors) that is
    not too small holds a link, a price and short lines that are no sentences, and is a small
    part of the text ("星峦SX5 紧凑型SUV / 厂商指导价：11.59-15.29万", a development's price,
    address and hotline). Only a text with a short line holding a price is searched."""
    short = [line for line in body if units(line.text) < _CARD_UNITS]
    if not any(_priced(line.text) for line in short):
        return set()
    members: dict[HtmlElement, list[Line]] = {}  # a box: the lines within four levels of it
    for line in body:
        for el in itertools.chain([line.block], itertools.islice(line.block.iterancestors(), 4)):
            members.setdefault(el, []).append(line)
    verdicts: dict[HtmlElement, bool | None] = {}  # a card, no card, or too large (None)
    found: set[int] = set()
    for line in short:
        for box in itertools.chain([line.block], itertools.islice(line.block.iterancestors(), 3)):
            if box.tag not in _CARD_TAGS or not box.get("class"):
                continue
            if box not in verdicts:
                verdicts[box] = _card_box(members[box], len(body), box)
            if verdicts[box] is not False:
                if verdicts[box]:
                    found.add(line.index)
                break
    return found


def _card_box(inside: list[Line], total: int, box: HtmlElement) -> bool | None:
    """Is `box`, holding the lines `inside` of a text of `total` lines, a product's card? None
    when it holds a third of the text or more (the text's own box)."""
    if len(inside) * 3 > total:
        return None
    return (
        any(_priced(line.text) for line in inside)
        and not any(holds_sentence(o.text) or units(o.text) >= _CARD_UNITS for o in inside)
        and next(box.iter("a"), None) is not None
    )


def _byline_rows(kept: list[Line]) -> bool:
    """One or two short rows that end no sentence: a byline ("Jane Doe and John Roe, The
    Herald") above a dateline, not text."""
    return len(kept) <= 2 and all(
        units(line.text) < 30 and not ends_sentence(line.text) for line in kept
    )


def _standfirst(kept: list[Line]) -> bool:
    """A lone sub-heading above the dateline, or a paragraph the page classes as the deck: the
    story's deck, not its text."""
    if len(kept) != 1:
        return False
    block = kept[0].block
    return (block.tag in HEADINGS and block.tag != "h1") or bool(
        _DECK_CLASS.search(block.get("class") or "")
    )


_DECK_CLASS = re.compile(r"(?:^|[\s_-])(?:dek|deck|standfirst)(?:$|[\s_-])", re.IGNORECASE)
"""A class naming the deck ("story-hero__dek"), a word of its own in the class."""


_JOB = r"(?:Reporter|Writer|Correspondent|Editor|Columnist|Producer)"
_NAME_AND_TITLE = re.compile(
    rf"[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){{1,3}}, (?:[A-Z][a-z]+ ){{0,2}}{_JOB}"
)
_JOB_TITLE = re.compile(
    rf"(?:[A-Z][a-z]+ ){{0,3}}{_JOB}(?:, [A-Z][\w&.'’-]*(?: [A-Z][\w&.'’-]*){{0,3}})?"
)
"""The writer's job printed under the byline as a line of its own ("Political Correspondent",
"Senior Editor, RetailWire")."""
_BARE_NAME = re.compile(r"[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+){1,2}")
"""A writer's name alone on the line over the job's ("Jane Roe" over "Herald Reporter")."""
_TITLED_OUTLET_BYLINE = re.compile(
    r"《[^《》]{2,12}》\s*(?!评论员|记者|编辑|通讯员|特约)"
    r"(?P<names>[\u4e00-\u9fff]{2,3}(?:\s+[\u4e00-\u9fff]{2,3}){0,3})"
)
"""The text's first line, the outlet in title marks and its writers ("《投资者网》鄢某")."""


def _bullet_summary(kept: list[Line]) -> bool:
    """Nothing but a short bulleted list above the byline or dateline: the story summed up in
    points above them, not its text."""
    return 0 < len(kept) <= 6 and all(line.block.tag == "li" for line in kept)


def _little_left(body: list[Line], pos: int, kept: list[Line]) -> bool:
    """Below line `pos` is less than half the text kept above it: a tail, not more article."""
    return _content_units(body[pos + 1 :]) < 0.5 * _content_units(kept)


def _content_units(lines: list[Line]) -> float:
    return sum(units(line.text) for line in lines if line.link_density <= 0.5)
