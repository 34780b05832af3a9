"""The fast forms in pressbot.extract and pressbot.normalize give what the plain forms they
replaced gave.

Each test holds the plain form (a regex, a walk up every block, one XPath per condition) and
compares on generated input, the corner cases included: zero-width spaces, `ſ` and `İ` in class
names, blocks nested deeper than the 64-ancestor limit, nested hidden elements.
"""

from __future__ import annotations

import datetime
import itertools
import json
import random
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from unittest import mock
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit
from zoneinfo import ZoneInfo

import lxml.etree
import lxml.html
import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from w3lib.url import canonicalize_url

from pressbot import extract, normalize
from pressbot.dedup import keys, vector
from pressbot.document import decode_html
from pressbot.extract import (
    body,
    cleanup,
    credits,
    dates,
    meta,
    page,
    pagecredits,
    pagetype,
    published,
    title,
    tree,
)
from pressbot.extract import text as measures
from pressbot.extract.meta import PageMeta

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PER_FORM = settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
"""For the tests run once per form of a pattern (about 700 forms): each draws 10 texts and checks
each as drawn, in two other cases and between two edges. The draws are the same every run;
`--hypothesis-profile=explore` draws new ones."""
WHITESPACE = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]


@FUZZ
@given(st.text(alphabet=st.sampled_from([*WHITESPACE, "\u200b", "\ufeff", "a", "字", "é"])))
def test_collapse_is_the_whitespace_regex(text: str) -> None:
    assert tree.collapse(text) == re.sub(r"[\s\u00a0\u3000\u200b\ufeff]+", " ", text).strip()


CLASS_CHARS = [*"abcdeilnoprstwxyzABCDEILNOPRSTWXYZ-_ 0", "ſ", "İ", "ı", "K", "é"]
CLASS_WORDS = ["article", "entry", "content", "body", "trs_editor", "news", "text", "comment"]
CLASS_WORDS += ["related", "sidebar", "subscriber", "stock_quote", "replies", "tags", "-ad-"]
CLASS_WORDS += ["sr-only", "visually-hidden", "screen-reader-text", "element-invisible"]
class_names = st.lists(
    st.one_of(
        st.text(alphabet=st.sampled_from(CLASS_CHARS), max_size=6), st.sampled_from(CLASS_WORDS)
    ),
    max_size=6,
).map("".join)


@FUZZ
@given(class_names, st.sampled_from(range(6)))
def test_words_match_as_their_ignorecase_regex(text: str, which: int) -> None:
    words = [body._POSITIVE, body._NEGATIVE, body._UNLIKELY, body._MAYBE, body._COMMENT]
    words.append(body._ARTICLE_LIKE)
    plain = re.compile(words[which].pattern, re.IGNORECASE)  # as written: branches ungrouped
    for case in (text, text.swapcase(), text.upper()):
        spans = [m.span() for m in words[which].finditer(case)]
        assert spans == [m.span() for m in plain.finditer(case)]
        found = words[which].search(case)
        assert (found and found.span()) == (spans[0] if spans else None)


@FUZZ
@given(class_names)
def test_article_like_is_the_grouped_words(text: str) -> None:
    plain = re.compile(
        r"(entry|post|article|story|news|detail)[-_]?(content|body|text|txt)|trs_editor|articlebody",
        re.IGNORECASE,
    )
    for case in (text, text.upper()):
        spans = [m.span() for m in body._ARTICLE_LIKE.finditer(case)]
        assert spans == [m.span() for m in plain.finditer(case)]


ARTICLE_PIECES = ["entry", "post", "article", "story", "news", "detail", "Post", "ARTICLE"]
ARTICLE_PIECES += ["content", "body", "text", "txt", "trs_editor", "articlebody", "TXT", "Body"]
ARTICLE_PIECES += ["-", "_", "--", " ", "x", "ſtory", "detaİl", "K", "é", "'", '"', "ntent"]
article_values = st.lists(
    st.lists(st.sampled_from(ARTICLE_PIECES), max_size=6).map("".join), max_size=8, unique=True
)


@FUZZ
@given(article_values)
def test_article_like_values_are_the_regex_over_the_joined_values(values: list[str]) -> None:
    plain = re.compile(
        "|".join(
            rf"{head}[-_]?(?:content|body|text|txt)"
            for head in ("entry", "post", "article", "story", "news", "detail")
        )
        + "|trs_editor|articlebody",
        re.IGNORECASE,
    )
    for case in (values, [value.upper() for value in values]):
        attrs = tree.Attributes(case, "\0".join(set(case)), [])
        assert body._article_like_values(attrs) == attrs.matching(plain)


def _random_page(rng: random.Random) -> str:
    """Nested divs and paragraphs, some chains 60-140 levels deep (past the 64 limit)."""
    out = []
    stack = 0
    for _ in range(rng.randint(5, 60)):
        step = rng.random()
        if step < 0.35:
            out.append("<div>")
            stack += 1
        elif step < 0.55 and stack:
            out.append("</div>")
            stack -= 1
        elif step < 0.62:
            depth = rng.randint(60, 140)
            out.append("<div>" * depth + "<p>deep text</p>" + "</div>" * depth)
        else:
            out.append(f"<p>{'text ' * rng.randint(1, 9)}<a href='/x'>link</a></p>")
    return "<html><body>" + "".join(out) + "</div>" * stack + "</body></html>"


@pytest.mark.parametrize("seed", range(40))
def test_block_sums_are_the_walk_up_each_block(seed: int) -> None:
    root = tree.parse(_random_page(random.Random(seed)))
    assert root is not None
    own: dict[lxml.html.HtmlElement, int] = defaultdict(int)
    links: dict[lxml.html.HtmlElement, int] = defaultdict(int)
    for line in tree.lines(root):
        own[line.block] += len(line.text)
        links[line.block] += line.link_chars
    parents, inner_first, deep = body._upward(own)
    sums = body._sums(own, links, parents, inner_first, deep)
    for got, values in zip(sums, (own, links), strict=True):
        expected: dict[lxml.html.HtmlElement, int] = defaultdict(int)
        for block, size in values.items():
            for el in (block, *body._ancestors(block, body._MAX_CHAIN)):
                expected[el] += size
        assert {el: v for el, v in got.items() if v} == {el: v for el, v in expected.items() if v}
    assert all(parents[el] is el.getparent() for el in parents)
    place = {el: index for index, el in enumerate(inner_first)}
    assert all(place[el] < place[a] for el in parents for a in el.iterancestors())
    depths = {el: sum(1 for _ in el.iterancestors()) for el in parents}
    assert set(deep) == {el for el, depth in depths.items() if depth > body._MAX_CHAIN}


NOISY = st.lists(
    st.sampled_from(
        [
            "<p>a",
            "</p>",
            "<div>",
            "</div>",
            "<span hidden>",
            "</span>",
            "<p class='sr-only'>",
            "<div class='x visually-hidden'>",
            "<h2 class='screen-reader-text'>",
            "</h2>",
            "<span class='sr-only'>",
            "<h1 class='visually-hidden'>",
            "</h1>",
            "<p class='sr-only-focusable'>",
            "<div class='visually-hiddenish'>",
            "<b style='display: none'>",
            "<b style='DISPLAY:NONE'>",
            "<b style='display:nOne'>",
            "</b>",
            "<a href='javascript:void(0)'>",
            "<a href=' JavaScript:x'>",
            "<a href='javaSCRipt:x'>",
            "<a href='/script:x' style='display:NoNe'>",
            "</a>",
            "tail ",
            "字",
            "<noscript>",
            "</noscript>",
            "<select hidden>",
            "</select>",
            "<object style='display:none'><a href='javascript:x'>",
            "</object>",
        ]
    ),
    max_size=40,
).map("".join)


_SCREEN_READER_ONLY = {"sr-only", "visually-hidden", "visuallyhidden", "u-visually-hidden"} | {
    "is-visually-hidden",
    "screen-reader-text",
    "screen-reader-only",
    "element-invisible",
}


def _drop_noise_plainly(root: lxml.html.HtmlElement) -> None:
    lxml.etree.strip_elements(root, *tree.NOISE_TAGS, with_tail=False)
    doomed = root.xpath("//*[@hidden]")
    doomed += [
        el
        for el in root.xpath(
            "//*[contains(@style, 'none') or contains(@style, 'None') or contains(@style, 'NONE')]"
        )
        if re.search(r"display\s*:\s*none", el.get("style"), re.IGNORECASE)
    ]
    doomed += [
        el
        for el in root.xpath("//p | //div | //section | //h2 | //h3 | //h4 | //h5 | //h6")
        if _SCREEN_READER_ONLY & set((el.get("class") or "").split())
    ]
    doomed += [
        el
        for el in root.xpath(
            "//a[contains(@href, 'script:') or contains(@href, 'Script:') or "
            "contains(@href, 'SCRIPT:')]"
        )
        if el.get("href").strip().lower().startswith("javascript:")
    ]
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()


@FUZZ
@given(NOISY)
def test_drop_noise_is_the_plain_cleanup(fragment: str) -> None:
    page = f"<html><body>{fragment}</body></html>"
    fast, plain = tree.parse(page), tree.parse(page)
    assert fast is not None and plain is not None
    tree.drop_noise(fast, tree.attributes(fast))
    _drop_noise_plainly(plain)
    assert lxml.etree.tostring(fast) == lxml.etree.tostring(plain)


def _article_like_plainly(root: lxml.html.HtmlElement) -> set[lxml.html.HtmlElement]:
    """The XPath-literal form: <article>, <main>, and elements carrying a matching value; with
    more than 32 matching values, every element with a class, id or itemprop."""
    values = set(root.xpath("//@class | //@id | //@itemprop"))
    hits = {str(v) for v in values if body._ARTICLE_LIKE._any.search(v)}
    found = set(root.xpath("//article | //main"))
    if len(hits) > body._MAX_HITS:
        return found | set(root.xpath("//*[@class or @id or @itemprop]"))
    for value in hits:
        if "'" in value and '"' in value:
            continue
        literal = f"'{value}'" if "'" not in value else f'"{value}"'
        found |= set(
            root.xpath(f"//*[@class = {literal} or @id = {literal} or @itemprop = {literal}]")
        )
    return found


@pytest.mark.parametrize("copies", [1, 40])
def test_article_like_elements_are_the_literal_xpaths(copies: int) -> None:
    divs = "".join(
        f'<div class="news-content-{i}"><p>x</p></div><div id="post_body">y</div>'
        f'<div class="post-text \'&quot;">z</div><div itemprop="articleBody">w</div>'
        f"<div class='ſtory-body'>v</div><main>u</main>"
        for i in range(copies)
    )
    root = tree.parse(f"<html><body><article>{divs}</article></body></html>")
    assert root is not None
    marks = list(root.iter("article", "main"))
    found = set(body._article_like_elements(marks, tree.attributes(root)))
    expected = _article_like_plainly(root)
    # Elements with values that do not read as article bodies drop out at the next check alike.
    assert {el for el in found if _kept(el)} == {el for el in expected if _kept(el)}
    assert any('"' in (el.get("class") or "") for el in found) == (copies > 1)


def _kept(el: lxml.html.HtmlElement) -> bool:
    return body._article_like(
        el.tag, el.get("class") or "", el.get("id") or "", el.get("itemprop") or ""
    )


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>a\ufffeb\uffffc</p>", "abc"),
        ("<p>a\x0bb\x00c</p>", "abc"),
        ("<p>a\ud800b</p>", "ab"),
        ("<p>a\u3000b\u200bc</p>", "a\u3000b\u200bc"),
    ],
)
def test_parse_drops_what_xml_cannot_hold(html: str, text: str) -> None:
    root = tree.parse(html)
    assert root is not None
    assert root.text_content() == text
    assert tree.parse(" \n\t") is None
    assert tree.parse("") is None


PAGE = (
    "<html><head><title>{title}</title></head><body><div class='article-content'>"
    "<h1>{title}</h1><p>新华社北京6月2日电 {body}</p><p>（责任编辑：王小明）</p>"
    "</div></body></html>"
)


@pytest.mark.parametrize(
    "raw",
    [
        PAGE.format(title="标题 Title", body="正文。" * 40).encode(),
        b"\xef\xbb\xbf" + PAGE.format(title="BOM", body="正文。" * 40).encode(),
        PAGE.format(title="坏字节", body="正文。" * 40)
        .encode()
        .replace("正".encode(), b"\xe6\xad", 3),
        PAGE.format(title="控制\x0b字\x00符\ufffe", body="正文。" * 40).encode(),
        PAGE.format(title="替换�符", body="正文。" * 40).encode(),
        PAGE.format(title="gb2312 declared", body="正文。" * 40)
        .replace("<head>", '<head><meta charset="gb2312">')
        .encode(),
    ],
    ids=["utf8", "bom", "invalid-utf8", "controls", "replacement-char", "declared-gb2312"],
)
def test_a_page_as_bytes_gives_the_record_of_its_decoded_text(raw: bytes) -> None:
    """Valid UTF-8 is handed to libxml2 as fetched, not decoded and encoded again: the record
    must be the one the decoded text gives, and bytes that are not exactly that text's UTF-8
    (a BOM, replaced invalid bytes) must not take that way."""
    codec, text = decode_html(raw, "text/html; charset=utf-8")
    from_bytes = extract(
        raw, "http://example.cn/a.html", headers={"Content-Type": "text/html; charset=utf-8"}
    ).to_dict()
    from_text = extract(text, "http://example.cn/a.html").to_dict()
    assert from_bytes.pop("extraction")["encoding"] == codec
    from_text.pop("extraction")
    assert from_bytes == from_text
    assert from_bytes["body"]


NEAR_SPACES = list(" \na字\u2001\u200c\x0b")  # the regex's neighbours, which it leaves alone
SPACES = list("\t\u00a0\u3000\u2002\u200a\u200b\ufeff")
PLAIN_SPACE = re.compile(
    r"[ \t\u00a0\u3000\u2002-\u200b\ufeff]{2,}|[\t\u00a0\u3000\u2002-\u200b\ufeff]"
)


@FUZZ
@given(
    st.text(alphabet=st.sampled_from(NEAR_SPACES))
    | st.text(alphabet=st.sampled_from(NEAR_SPACES + SPACES))
)
def test_space_collapsing_is_the_space_regex(value: str) -> None:
    """The record normaliser skips its space regex when none of the characters it matches is
    present: the result is the regex's on any text."""
    assert normalize._spaces(value) == PLAIN_SPACE.sub(" ", value)


SIGN_OFFS = [
    "contributed to this report",
    "contributed reporting to this story",
    "may be reached at",
    "can be reached at",
    "follow him on twitter",
    "follow @jdoe on instagram",
    "follow us on facebook",
    "follow ap's full coverage of",
    "follow the herald's coverage of",
    "contributed reporting from flagstaff",
    "is a staff writer for",
    "was a reporter at",
    "is an editor with",
    "is a columnist for",
    "is a correspondent for",
]


def _branches(source: str) -> list[str]:
    """The top-level branches of a regex's source."""
    branches, depth, start, pos = [], 0, 0, 0
    while pos < len(source):
        char = source[pos]
        if char == "\\":
            pos += 1
        elif char == "[":  # a set: no branch ends in it
            pos += 2 if source[pos + 1] == "^" else 1
            while source[pos] != "]":
                pos += 2 if source[pos] == "\\" else 1
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif char == "|" and depth == 0:
            branches.append(source[start:pos])
            start = pos + 1
        pos += 1
    return [*branches, source[start:]]


def _drawn(form: str, data: st.DataObject, edges: list[str]) -> list[str]:
    """A text `form` takes (as a case-blind regex), in other cases and between two `edges`."""
    text = data.draw(st.from_regex(re.compile(form, re.IGNORECASE), fullmatch=True))
    before, after = data.draw(st.sampled_from(edges)), data.draw(st.sampled_from(edges))
    return [text, text.swapcase(), text.upper(), f"{before}{text}{after}"]


LOOKS_AROUND = re.compile(r"\(\?<?[=!]")
"""Hypothesis cannot draw what a regex with a lookaround takes: the plain forms of those lines
stand for them."""
PLAIN_SIGN_OFF = re.compile(
    r"\bcontributed (?:reporting )?to this (?:report|story)\b|\b(?:may|can) be reached at\b|"
    r"\bcontact (?:this|the) (?:reporter|writer|author)\b|^write to .{1,60} at \S+@\S+|"
    r"\bcontributed (?:reporting|research)(?: from [^.]{1,60}(?:\.\s?\w{1,5})*)?\.?$|"
    r"\b(?:is|was) an? (?:[\w-]+ ){0,4}(?:writer|reporter|correspondent|editor|columnist|"
    r"journalist)(?: (?:for|at|with|based in)\b|\.\s+(?:e-?mail|twitter)\s*:)|"
    r"\bfollow (?:him|her|them|@\w+(?:,? and @\w+)*) on (?:both )?(?:twitter|facebook|instagram)\b|"
    r"\bis on (?:twitter|facebook|instagram|linkedin)\. sign up to follow @\w+|"
    r"^[—–-] ?with (?-i:[A-Z][\w.'’-]+ [A-Z])[^.]{0,80}$|"  # "— With Kristine Alcaraz, Jo Bell"
    r"^\(with (?:additional )?reports? from (?-i:[A-Z])[^()]{0,80}\)$|"  # "(With reports from A B)"
    r"^[—–-] ?(?-i:[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3});\s*[\w.+-]+@[\w-]+\.|"  # "— A B; ab@"
    # "— Jane Roe, Senior Editor, Light Reading": the writer's name and post signing off
    r"^[—–] ?(?-i:[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3}), (?:(?:senior|chief|managing|"
    r"contributing|staff) )?(?:editor|reporter|writer|correspondent|analyst)\b[^.]{0,60}$|"
    r"^.{0,200}\bfollow us on (?:twitter|facebook|instagram)\b|"  # not inside a long "About us"
    r"^this (?:commentary|article|analysis) (?:is|was) produced by\b|"
    # an investing writer's disclosure
    r"\bha(?:s|d) no positions? in any (?:of the )?(?:stocks|securities) mentioned\b|"
    r"\bfollow (?:\w+ )?\w+(?:'s|’s)? (?:full |complete |live )?coverage of\b|"
    r"\s[-–—] (?:find out more|watch (?:it )?live|get tickets|book now)(?: here)?\.?$|"
    r"^follow (?-i:[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,3}) on (?:twitter|facebook|instagram)"
    r"(?:,? (?:and |& )?(?:twitter|facebook|instagram|youtube|linkedin|tiktok))*\.?$|"
    r"^follow the (?:author|writer|reporter) on (?:twitter|x|facebook|instagram)\b|"
    r"^contributed by (?-i:[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3})(?: (?:from|in) [^.]{1,60})?\.?$|"
    r"^compiled by (?-i:[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3})\.?$|"
    r"^comments? to \S+@\S+\.\w+\.?$",
    re.IGNORECASE,
)
"""`cleanup._SIGN_OFF` as it was: one search for all the phrases, those opening a line too."""


@pytest.mark.parametrize("phrase", SIGN_OFFS)
def test_sign_off_prefilter_lets_through_every_sign_off(phrase: str) -> None:
    """The substring test before `_SIGN_OFF` lets every sign-off through, whichever of its
    words are capitalised (prose capitalises first letters only)."""
    words = phrase.split()
    for caps in itertools.product([False, True], repeat=len(words)):
        said = " ".join(w.capitalize() if up else w for w, up in zip(words, caps, strict=True))
        text = f"Jane Doe {said} jdoe@example.com."
        assert PLAIN_SIGN_OFF.search(text), text
        assert cleanup._signs_off(text), text


PLAIN_SIGN_OFF_FORMS = _branches(PLAIN_SIGN_OFF.pattern)
SIGN_OFF_FORMS = _branches(cleanup._SIGN_OFF_OPENING.pattern)
SIGN_OFF_FORMS += _branches(cleanup._SIGN_OFF_WITHIN.pattern)
SIGN_OFF_EDGES = ["", " ", "x", "Jane Doe ", ". More", "\n", "字", "ſ", "İ", "ı", "—", " - "]


@pytest.mark.parametrize(
    "form",
    [form for form in PLAIN_SIGN_OFF_FORMS + SIGN_OFF_FORMS if not LOOKS_AROUND.search(form)],
)
@PER_FORM
@given(data=st.data())
def test_sign_off_phrase_is_the_sign_off_regex(form: str, data: st.DataObject) -> None:
    """The phrases opening a line, tried at its start alone, and the others after a look at
    their first letter find a sign-off where the one search found one."""
    for case in _drawn(form, data, SIGN_OFF_EDGES):
        assert cleanup._sign_off_phrase(case) == bool(PLAIN_SIGN_OFF.search(case)), case


_GUARD = re.compile(r"\(\?=(?:\[[^\]]*\]|\\d)\)")
"""A guard as the fast patterns write it: a lookahead for a set of first characters."""


def _at_branch(source: str, found: re.Match[str]) -> bool:
    before = source[: found.start()]
    return before[-1:] in "|(" or before.endswith("(?:")  # ("" at the very start)


def _unguarded(pattern: re.Pattern[str], guards: int) -> re.Pattern[str]:
    """`pattern` without its first `guards` set lookaheads, each checked to stand at the start
    of the pattern, of a branch or of a group (the patterns' own lookaheads, later in a branch,
    stay)."""
    source = pattern.pattern
    for _ in range(guards):
        found = next(m for m in _GUARD.finditer(source) if _at_branch(source, m))
        source = source[: found.start()] + source[found.end() :]
    return re.compile(source, pattern.flags)


GUARDED = {
    "LABEL_RE": (credits.LABEL_RE, 5),
    "ENGLISH_DATE": (dates.ENGLISH_DATE, 1),
    "CLOCK_FIRST_DATE": (dates.CLOCK_FIRST_DATE, 1),
    "DAY_FIRST_DATE": (dates.DAY_FIRST_DATE, 1),
    "_YEARLESS": (dates._YEARLESS, 1),
}
PIECES = [
    *credits._ALL_LABELS[::7],
    *credits._ENBY_WORDS,
    *["By", "BY", "by", "SOURCE", "Jane", "新华社", "记者", "2020", "1999", "6", "03", "31"],
    *["12:30", "4.30", "pm", "June", "Sept.", "dec", "ET", "Jun", "JUN", "UTC+8", "٣"],
    *"年月日ſK",
    *" .,:：/|-—(（)）【】\n\xa0",
]
SAMPLES = [
    "2020-06-03 12:30",
    "03-Jun-2020",
    "Jun 3, 2020",
    "17:21 UTC+8, 2020-06-03",
    "03.06.20, 02:21 AM",
    "3 JUN, 14:21",
    "3 Jun 14:21",
    "6/3/2020 8:21 AM ET",
    "06-14-2020",
    "2020年6月3日 10时",
    "June 3, 2020 4:30 pm ET",
    "3 June 2020",
    "12:30 PM ET, June 3, 2020",
    "03.06.2020 14:00",
    "责任编辑：甲",
    "来源：新华社",
    "By Jane Doe",
    "Additional reporting by Jane",
    "News provided by Acme",
    "SOURCE Acme",
    "article-body",
    "news_txt",
]
"""Whole matches of each pattern, so that a wrong guard meets the positions it must admit."""
texts = st.lists(st.sampled_from(PIECES + SAMPLES), max_size=10).map("".join)


@pytest.mark.parametrize("name", sorted(GUARDED))
@FUZZ
@given(texts)
def test_guarded_patterns_match_as_without_their_guards(name: str, text: str) -> None:
    """A lookahead for the first characters a match can start with only skips positions: every
    match, its groups included, is the one of the pattern without it."""
    pattern, guards = GUARDED[name]
    plain = _unguarded(pattern, guards)
    for case in (text, text.swapcase()):
        got = [(m.span(), m.groupdict()) for m in pattern.finditer(case)]
        assert got == [(m.span(), m.groupdict()) for m in plain.finditer(case)]
        assert bool(pattern.fullmatch(case)) == bool(plain.fullmatch(case))


@FUZZ
@given(texts)
def test_year_first_patterns_match_as_their_guarded_forms(text: str) -> None:
    """NUMERIC_DATE and HYPHEN_DMY open with the digits a match starts with, the lookbehind
    after them: every match, its groups included, is the one of the guarded form."""
    numeric_head = r"(?P<y>(?:19|20)(?<!\d\d\d)\d{2})"
    assert dates.NUMERIC_DATE.pattern.startswith(numeric_head)
    plain = {
        dates.NUMERIC_DATE: re.compile(
            dates.NUMERIC_DATE.pattern.replace(
                numeric_head, r"(?=[12])(?<!\d)(?P<y>(?:19|20)\d{2})", 1
            ),
            re.IGNORECASE,
        ),
        dates.HYPHEN_DMY: re.compile(r"(?<![\d-])(\d{1,2})-(\d{1,2})-((?:19|20)\d{2})(?![\d-])"),
    }
    corners = ["12020-06-03", "٣2020年6月3日", "x2019.6.3", "123-4-2020", "٣1-2-2020", "-1-2-2020"]
    for case in (text, text.swapcase(), *corners):
        for fast, slow in plain.items():
            got = [(m.span(), m.groups()) for m in fast.finditer(case)]
            assert got == [(m.span(), m.groups()) for m in slow.finditer(case)]
            assert bool(fast.fullmatch(case)) == bool(slow.fullmatch(case))
            found = fast.search(case, 1)
            assert (found and found.span()) == ((m := slow.search(case, 1)) and m.span())


@FUZZ
@given(texts)
def test_every_date_passes_the_tests_that_skip_patterns(text: str) -> None:
    """`find_dates` tries the patterns only on a line with "19" or "20" (DAY_FIRST_DATE also on
    one with a ":", for its two-digit year before a clock), and the English and clock-first ones
    only where `_SPACED_YEAR` finds a year; `with_year` only on a line with a ":". Every match of
    every pattern holds what its test looks for, and the dates are those of every pattern tried
    (`_dated`, `_SPACED_YEAR` made to find a year on every line)."""
    for case in (text, text.swapcase()):
        for pattern in (
            dates.NUMERIC_DATE,
            dates.CLOCK_FIRST_NUMERIC,
            dates.US_CLOCKED_DATE,
            dates.DAY_FIRST_DATE,
            dates.CLOCK_FIRST_DATE,
            dates.ENGLISH_DATE,
        ):
            for m in pattern.finditer(case):
                day_first = pattern is dates.DAY_FIRST_DATE and ":" in case
                assert "19" in m[0] or "20" in m[0] or day_first, (pattern, m)
        for pattern in (dates.CLOCK_FIRST_NUMERIC, dates.CLOCK_FIRST_DATE, dates.ENGLISH_DATE):
            if pattern.search(case):
                assert dates._SPACED_YEAR.search(case), (pattern, case)
        if dates._YEARLESS.search(case):
            assert ":" in case
        yearless = dates._YEARLESS.sub(r"\g<day> \g<month> 2020, \g<clock>", case)
        assert dates.with_year(case, 2020) == yearless
        with mock.patch.object(dates, "_SPACED_YEAR", re.compile("")):  # it finds a year always
            every = [item for _, item in sorted(dates._dated(case), key=lambda pair: pair[0])]
        assert dates.find_dates(case) == every  # (no "日期" or "时间" in these lines)


def test_find_dates_skips_nothing_on_lines_with_each_pattern() -> None:
    """A date of each pattern, alone on its line and inside one, is read as before the tests
    that skip patterns; a two-digit year with no "19" or "20" on the line, and a Taiwanese
    date, included."""
    year = ["2020-06-03"]
    lines = {
        "Released 07:00 03-Jun-2020": (
            ["2020-06-03T07:00+01:00"],
            ["2020-06-03T07:00+01:00", *year],
        ),
        "17:21 UTC+8, 2020-06-03": (["2020-06-03T17:21+08:00"], ["2020-06-03T17:21+08:00", *year]),
        "03.06.21, 02:21 AM": (["2021-06-03T02:21+01:00"], ["2021-06-03T02:21+01:00"]),
        "2:21 PM ET, Wed June 3, 2020": (
            ["2020-06-03T14:21-04:00"],
            ["2020-06-03T14:21-04:00", *year],
        ),
        "6/3/2020 8:21 AM ET": (["2020-06-03T08:21-04:00"],) * 2,
        "Jun 03, 2020 • 8:21 AM EDT": (["2020-06-03T08:21-04:00"],) * 2,
        "2020年6月3日": (year, year),
        "發布日期：109/6/3": (year, year),
    }
    london = ZoneInfo("Europe/London")
    for line, (alone, inside) in lines.items():
        assert [d.iso(london) for d in dates.find_dates(line)] == alone, line
        assert [d.iso(london) for d in dates.find_dates(f"x {line} y")] == inside, line


@FUZZ
@given(st.text(alphabet=st.sampled_from([*'a.!?”"」』）)…’。！？\n x', "\u3000"])))
def test_sentence_tests_are_their_regexes(value: str) -> None:
    """`ends_sentence` and `holds_sentence` read the end of the line as the regexes they
    replaced, a final newline included."""
    ends = re.compile(r"[。！？.!?”\"」』）)…]$")
    holds = re.compile(r"[。！？]|[.!?][”\"’)）]?$")
    for case in (value, value + "\n", value + ".\n", value + "?”\n\n"):
        assert measures.ends_sentence(case) == bool(ends.search(case)), case
        assert measures.holds_sentence(case) == (holds.search(case) is not None), case


CJK_EDGES = "\u303f\u3040\u30ff\u3100\u33ff\u3400\u4cff\u4d00\u4dbf\u4dc0\u4dff\u4e00\u9fff\ua000"
CJK_EDGES += "\uabff\uac00\ud6ff\ud700\ud7af\ud7b0\ud800\udfff\uf8ff\uf900\ufaff\ufb00。、"


@FUZZ
@given(st.text(alphabet=st.sampled_from([*CJK_EDGES, "a", " ", "’", "😀", "\U00020000"])))
def test_cjk_count_is_the_cjk_regex_at_its_ranges_edges(value: str) -> None:
    """The high-byte count, at each end of each CJK range and beside the characters that share
    its high bytes, lone surrogates and characters beyond U+FFFF included."""
    assert measures.cjk_count(value) == len(measures._CJK.findall(value))


@FUZZ
@given(texts)
def test_caption_test_is_the_caption_regex(text: str) -> None:
    """The credit patterns, split so that sre scans for a credit's first character, find a
    caption where the one regex they were written as does."""
    plain = re.compile(
        r"\((?:cover|(?:(?:top|lead|main|cover) )?(?:images?|photos?|pictures?|photograph|credit))"
        r"(?:\s*:|\s+via\s)\s*[^()]{1,60}\)$|"
        r"\((?-i:[A-Z][\w.&' -]{0,30}/\s*[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){1,3})(?:,\s*file)?\)$|"
        r"[。.]\s*图[/／][^，。/（()）]{1,12}$|"
        r"\((?:photo|image|picture)s? (?:by|courtesy(?: of)?) [^()]{1,60}\)$|"
        r"[（(][^（()）]{1,20}[/／]图[）)]$|[（(]图[/／][^（()）]{1,20}[）)]$|"
        r"[（(][^（()）]{1,20}[摄攝][）)]$|[—–]\s*(?:[A-Z]{2,5}/)*[A-Z]{2,5} Photo\b[^()]{0,60}$|"
        r"(?:^|[.!?]\s+)(?:photos?|images?|pictures?)\s*:\s*[^.!?:]{1,40}$|"
        r"(?-i:[\w”\"’')]\s+(?:(?:File p|P)hotos?|Images?|Pictures?)\s*:\s*[A-Z][^.!?:]{0,39}$)",
        re.IGNORECASE,
    )
    endings = ["", " (Photo: Jane)", "。图/新华社", "（新华社/图）", " (AP Photo/Jane Doe, File)"]
    endings += [" Photo: VCG", " File photo: IC", " (Cover image via VCG)", " (Cover: A/CFP)"]
    endings += [" — VNA/VNS Photo Ngọc Hà", " – AFP Photo"]
    for case in [f"{text}{end}" for end in endings] + ["Photo: VCG", "photos : x", "Image:"]:
        assert cleanup._caption(case) == bool(plain.search(case)), case


PLAIN_NOISE_LINE = re.compile(
    r"^(分享到?[：:]?.*|字号[：:]?.*|【?\s*(大|中|小)\s*】?\s*【?\s*(大|中|小)\s*】?(?![\u4e00-\u9fff]).*|"
    r"[【\[]\s*(打印|关闭|收藏|纠错|返回顶部|我要纠错)\s*[】\]].*|打印|关闭|收藏|返回顶部|"
    r"点击数?[：:]\s*\d*|阅读(量|数)?[：:]?\s*\d+|浏览次数[：:]?\s*\d*|"
    r"Share(?: this(?: article| story| page)?)?(?: on)?[:]?|"
    r"(?-i:[A-Z]{1,5}) .{0,60}?[$€£]\s?\d[\d,.]*\s*[+\-−]?\d+(?:\.\d+)?%.{0,20}|"
    r"Tweet|Print|Email|Advert|Advertising|\d{1,2}:\d{2}\s*/\s*\d{1,2}:\d{2}|"  # a player's times
    r"Advertisement(?: \d{1,2}| - Scroll to Continue| - Continue Reading Below)?|"
    r"FTC: We use income earning .{0,60}|"
    r"\d{1,2} min(?:ute)?s?(?: read| listen)?|"  # a reading or listening time
    r"Sponsored|"
    r"(?:Story continues below\s*)?This advertisement has not loaded yet.{0,60}|"
    r"刊于《[^》]{1,20}》\s*(?:19|20)\d{2}\s*年\s*第\s*\d+\s*期$|"
    r"[-–—]\s*(?:Advertisement|广告|廣告)\s*[-–—]|"
    r"(?:Story|Article) continues below(?: this)? advertisement|"
    r"This slideshow requires JavaScript\.?|Swipe to scroll(?: horizontally)?|Article content|"
    r"(?:Underwriter|Sponsor) Message|"
    r"This article['’]s (?:cover|lead|featured|header) (?:image|photo) (?:was|is) used for "
    r"illustrative purposes only\.?|"
    r"(?:資料|资料)更新日期[：:].{0,30}|(?:瀏覽|浏览)(?:人次|次數)[：:]?\s*[\d,]*|"
    r"[（(]作者(?:系|为|為)[^（()）]{2,60}[）)]|"
    r"(?:Results|Data|Stats|Statistics|Odds) (?:powered|provided) by \S.{0,60}|"
    r"A post shared by [^()]{1,60}\(@\w+\)(?: on .{6,40})?|"  # an Instagram embed's credit
    r"Download (?:the )?(?:photos|images|videos|b-roll|multimedia)\b[^.]{0,60}\bhere\.?|"
    r"(?:Photos|Images|Pictures|Videos?)(?: and (?:videos?|photos|images|b-roll))?"
    r"(?: from [^.]{1,60})? (?:is|are) available (?:in|on|from|at|via) [^.]{1,80}\.?|"
    r"This press release(?: and [^.]{1,40})? (?:is|are) available (?:at|on|from)\b.{0,120}|"
    r"For further information on [^,]{1,80}, (?:please )?(?:see|visit)\b.{0,100}|"
    r"This (?:article|story|report) (?:was|has been) (?:updated|amended|corrected)\b.{0,200}|"
    r"(?:English|Spanish|French|German) (?:version|translation) by\b.{0,80}|"
    r"(?-i:[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3}): "
    r"(?:\d{3}[-.]\d{3}[-.]\d{4}|[\w.+-]+@[\w-]+\.[\w.-]+).{0,120}|TEXT AD\s*:.{0,300}|"
    r"(?:For (?:further|more) information, )?(?:journalists|reporters|the media) (?:are invited to|"
    r"should|may|can) contact\b.{0,200}|"
    r"Tell us what you think.*|Have your say\b.{0,200}\bcomments?(?: section)? below\.?|"
    r"Story continu(?:es|ed) below|Subscribe|Subscribe to .{0,80}|"
    r"Continue reading.*|Don'?t miss|(?:Read|See) also:?|Advertise with .{1,40}|Continued|"
    r"Enter your email(?: address)?|Your privacy is important to us\.?|"
    r"Your information will be used in accordance with\b.{0,60}|"
    r"We welcome your comments at \S+@\S+|Support free (?:&|and) independent journalism|"
    r".{0,60}\bis a non-?profit\b.{0,80}\b(?:depends|relies) on (?:its )?readers\b.{0,200}|"
    r"Was this (?:article )?helpful\??|"
    r"To view an enhanced version of .{1,60}, please visit:?|"
    r"(?:訂閱|订阅).{0,20}(?:閱讀|阅读)全文|.{0,40}(?:訂戶|订户|會員|会员)(?:專享|专享)(?:內容|内容).{0,120}|"
    r"(?:Font|Text) size.*|A\+?\s*A-?|[（(]?(本文)?原(文)?标题[：:].*|Editor['’]s note\s*:.*|"
    r"[\[【]\s*(?:参考价格|参考价|报价)\s*[\]】]\s*[￥¥]?\s*[\d,.]+.*|"
    r"Newspaper headline\s*:.*|(?:题图|头图|首图|封面图?)(?:来自|来源于?)[^。]{1,40}|"
    r"Join .{0,40}(?:Telegram|WhatsApp) channel.*|.{0,16}分享(?:至|到)[：:]?|Top highlight|"
    r"Follow .{1,40} channel on (?:Telegram|WhatsApp)\b.{0,20}|"
    r"Click here to read more from .{1,60}|"
    r"If (?:someone|a friend) forwarded (?:you )?this.*|(?:更多)?相关资讯请关注[：:]?.{0,30}|"
    r"Updated (?:at )?\d{1,2}[:.]\d{2}\s*[ap]\.?m\.?|\(Updates? (?:with|to|throughout) .*\)|"
    r"(?:Published|Updated|Last updated|Posted)\s*:?|"
    r"《\s*[^》]{1,12}\s*》\s*[（(]\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*\d{1,3}\s*版\s*[）)]|"
    r"[^\s，。：:]{2,20}\s*出品|广告|廣告|\d{1,3}\s*/\s*\d{1,3}|\(ATTN:.*\)|"
    r"For immediate release|FULL STORY|Already have an account\?.*|Unlock this article\b.*|"
    r"(?-i:[A-Z]{2,10}\+)|(?-i:MEDIA)\s*:.{0,60}|投稿邮箱[：:].*|"
    r"Contacts?\s*:.{0,60}\d[\d\s().-]{6,}\d|"
    r"[（(]?[\w.+-]+@[\w-]+(?:\.[\w-]+)+[）)]?|Help keep .{1,40} free(?: for (?:all|everyone))?|"
    r"(?:A version of )?this (?:article|story) (?:appears|appeared) in (?:the )?[^.]{0,40}"
    r"(?:print|issue of)\b.*|"
    r"This (?:article|story) (?:originally|first) appeared in (?:German|French|Spanish|Italian|"
    r"Chinese|Japanese|Russian|Arabic|Portuguese|Dutch|Korean)\b.*|"
    r"(?:The )?views (?:expressed )?(?:in this (?:article|post) )?are (?:my|the author['’]s) own.*|"
    r"(?:Do you have|Got) a (?:story|news tip)(?: to sell| for us)?\?.{0,160}|"
    r"(?:\S+\s+)?[\d,.]+k?\s*views?\s+[\d,.]+k?\s*likes?|"
    r"(?:新闻|报料)热线[：:]\s*[\d-]{7,}\s*(?:欢迎(?:提供新闻线索|报料))?|"
    r"(?:[@#][\w-]+[\s,]*){2,}|Hashtags?\s*:\s*(?:[@#][\w-]+[\s,]*)+|"  # handles and tags
    r"The issuer is solely responsible for the content of this announcement\.?|"
    r"(?:Note:\s*)?Here (?:are|is) the [^.]{0,60}\b(?:questions|topline)\b[^.]{0,120}\.?|"
    r"[\ufffd\s\W]*)$",
    re.IGNORECASE,
)
"""`cleanup._NOISE_LINE` as it was: one case-blind alternation, every branch tried on every line."""
NOISE_EDGES = ["", " ", "x", "\n", "字", "ſ", "İ", "ı", "K", "@a.cn", "100%", "出品", "享"]


NOISE_FORMS = _branches(PLAIN_NOISE_LINE.pattern[2:-2])  # each line the plain form takes
NOISE_FORMS += [word for _, word in cleanup._NOISE_WORDS]  # and each the fast forms take
NOISE_FORMS += _branches(cleanup._NOISE_MARKS.pattern[4:-2])
NOISE_FORMS += _branches(cleanup._NOISE_KEYED.pattern[3:-2])


@pytest.mark.parametrize("form", [form for form in NOISE_FORMS if not LOOKS_AROUND.search(form)])
@PER_FORM
@given(data=st.data())
def test_noise_line_is_the_noise_regex(form: str, data: st.DataObject) -> None:
    """Noise lines split by their first letter and by a character they hold are told as the
    one alternation told them: the lines of each branch of either (any case), and them with a
    character either side."""
    for case in _drawn(form, data, NOISE_EDGES):
        assert cleanup._noise_line(case) == bool(PLAIN_NOISE_LINE.match(case)), case


@pytest.mark.parametrize(
    ("words", "by_initial", "end"),
    [
        (cleanup._NOISE_WORDS, cleanup._NOISE_BY_INITIAL, "$"),
        (cleanup._TAIL_WORDS, cleanup._TAIL_BY_INITIAL, ""),
        (cleanup._ENDING_WORDS, cleanup._ENDING_BY_INITIAL, ""),
    ],
    ids=["noise", "tail", "ending"],
)
def test_words_are_filed_under_every_case_of_their_letter(
    words: tuple[tuple[str, str], ...], by_initial: dict[str, re.Pattern[str]], end: str
) -> None:
    """A word's pattern is filed under every character its first letter matches, case blind
    ("ſ" is an "s", "K" a "k"), and under no other."""
    letters = {letter for initials, _ in words for letter in initials}
    any_case = re.compile(f"[{''.join(sorted(letters))}]", re.IGNORECASE)
    chars = [chr(c) for c in range(sys.maxunicode + 1) if any_case.fullmatch(chr(c))]
    for char in chars:
        (letter,) = [letter for letter in letters if re.fullmatch(letter, char, re.IGNORECASE)]
        opening = [word for initials, word in words if letter in initials]
        assert by_initial[char].pattern == f"(?:{'|'.join(opening)}){end}"
    assert sorted(by_initial) == sorted(chars)


@pytest.mark.parametrize(
    "words",
    [cleanup._NOISE_WORDS, cleanup._TAIL_WORDS, cleanup._ENDING_WORDS],
    ids=["noise", "tail", "ending"],
)
def test_a_word_opening_with_a_letter_is_filed_under_that_letter_alone(
    words: tuple[tuple[str, str], ...],
) -> None:
    """A word added later is tried only under the letters written beside it: one that opens
    with a letter must name that letter, and no other."""
    for initials, word in words:
        if word[:1].isalpha():
            assert initials == word[0].lower(), (initials, word)


PLAIN_TAIL = re.compile(
    r"^[【\[（(]?\s*(特别声明|免责声明|版权声明|特别提示$|"
    r"(?:本|[^\s，。：:、]{1,6}网)?(?:版权[与和及]?)?(?:免责)?声明[：:]|"
    r"相关阅读|相关新闻|相关文章|相关链接|延伸阅读|本文仅?代表作者(?:本人|个人)观点|"
    r"相關閱讀|相關新聞|延伸閱讀|推薦閱讀|熱門新聞|"
    r"推荐阅读|热点推荐|猜你喜欢|精彩推荐|更多精彩|热门推荐|往期回顾|上一篇|下一篇|版权所有|"
    r"Copyright|©|\(c\)|All rights reserved|Special statement|Recommended Reading|Related "
    r"(?:articles|stories|news|reading)|Read more|More from|More (?:great )?[\w-]+ stories|"
    r"Disclaimer|Disclosures?\s*(?::|$)|Media contacts?\b|Explore further|"
    r"On behalf of the Board\b|Permanent link to this (?:press release|article|story)|"
    r"Last (?:medically )?reviewed on\b|How we reviewed this article|Sources?:?$|"
    r"(?:Published|Last updated):? \d{1,2} [A-Z][a-z]{2,8}\.? (?:19|20)\d{2}$|"
    r"This (?:story|article) was originally published\b|"
    r"This document is subject to copyright|"
    r"Contacts?\s*:|(?:For )?(?:Media|press) (?:[ei]nquiries|relations)|Press contacts?|"
    r"Comments (?:will be|are) moderated\b|"
    r"媒体联系(?:人|方式)?|媒体联络人?|(?:傳媒|传媒|媒體|媒体)(?:查詢|查询)|新闻联系人|新闻联络人|新聞聯絡人|新聞聯繫人|媒體聯絡人|媒體聯繫人|"
    r"分享到|扫一扫|扫描二维码|"
    r"关注我们|扫描下方二维码|长按(识别)?二维码|识别二维码|网友评论|发表评论|我要评论|评论\s*\d*$|"
    r"打印本页|关闭窗口|【打印】|【关闭】|Related topics|More on this (?:story|topic)|"
    r"Join the (?:[\w'’]+ )?conversation|Source text for Eikon|Further company coverage|"
    r"For more information\s*:?$|A message from the editor|"
    r"Support [\w '’]{0,50}journalism\b|We pay for (?:your )?(?:stories|videos)\b|"
    r"Support press freedom\b|Safeguard press freedom\b|"
    r"Support (?-i:(?:[A-Z][a-z]+ )?[A-Z]{2,6}|[A-Z][a-z]+[A-Z]\w+)$|"  # "Support CBC",
    # "Support DutchNews", "Support Barbados TODAY"
    r"Send (?:us )?your (?:news )?stories\b|Get in touch with (?:our|the) (?:news )?team\b|"
    r"For more stories like this\b|(?:Got|Have) a (?:news )?(?:story|tip)(?: for us)?\?|"
    r"Follow and subscribe\b|"
    r"(?:Do you have|Have you had) [^?]{5,150}\? (?:Tell|Share with|Send|Email|Write to) us\b|"
    r"The (?:small|fine) print\s*:|"
    r"This (?:article|story|report|piece|publication) was (?:produced|created|made possible|funded)"
    r" (?:as part of|with (?:the )?(?:financial )?(?:support|funding)|thanks to|through|by)\b|"
    r"Do you want to respond to this (?:article|story)\?|Read this next:?$|"
    r"This (?:story|article|report) is part of\b|"
    r"Enquiries\s*:?$|Since you(?:'|’)re here\b|No investment advice$|"
    r"Updated (?:on )?[A-Z][a-z]{2,8}\.? \d{1,2}(?:,? (?:19|20)\d{2})?"
    r"(?: at \d{1,2}(?::\d{2})? ?[ap]\.?m\.?)? to (?:include|add|correct|clarify|reflect)\b|"
    r"Want to know more about [^?]{2,60}\? (?:Follow|Check out)\b|"
    r"A version of this (?:story|article) appears? in\b|"
    r"(?:Main|Top|Lead|Featured|Cover|Header) (?:image|photo|picture) credit\s*:)",
    re.IGNORECASE,
)
"""`cleanup._TAIL` as it was (now `_TAIL_MARKS` and `_TAIL_WORDS`): one case-blind alternation
("###" left it for `_END_MARK`)."""
TAIL_OPENING = r"[【\[（(]?\s*"
TAIL_FORMS = _branches(PLAIN_TAIL.pattern[len(TAIL_OPENING) + 2 : -1])  # the plain form's words
TAIL_FORMS += [word for _, word in cleanup._TAIL_WORDS]  # and the fast forms'
TAIL_FORMS += _branches(cleanup._TAIL_MARKS.pattern[len(TAIL_OPENING) + 4 : -1])
TAIL_FORMS += [cleanup._DISCLAIMER.pattern[len(TAIL_OPENING) :]]
TAIL_EDGES = ["", " ", "x", "【", "（ ", "(", "\u3000", "\n", "字", "ſ", "İ", ": a"]


@pytest.mark.parametrize("form", TAIL_FORMS)
@PER_FORM
@given(data=st.data())
def test_tail_opening_is_the_tail_regex(form: str, data: st.DataObject) -> None:
    """The words after a text, split by their first letter, and the Chinese and marks left in
    one alternation are told as the one alternation told them, after a bracket and spaces."""
    for case in _drawn(TAIL_OPENING + form, data, TAIL_EDGES):
        assert cleanup._tail_opening(case) == bool(PLAIN_TAIL.match(case)), case


PLAIN_ENDS_TEXT = re.compile(
    r"^(?:forward[- ]looking (?:statements?|information)|safe harbou?r statement|cautionary note|"
    r"cautionary (?:note|statement)[^.]{0,60}forward[- ]looking (?:statements?|information))"
    r"\s*:?$|"  # "Forward-Looking Information", as Canadian releases title it
    r"^(?:subscribe|sign up|log in|register) to (?:continue|keep) reading\b|"
    r"^subscribe to read\s*$|^this (?:story|article) is (?:only )?for subscribers\b|"
    r"^get involved with the news in your community\b|"
    r"^why are you making commenting on .{1,60} only available to subscribers\?|"
    r"^\*?\s*this (?:report|article|story) appeared in the print (?:and online )?editions? of\b|"
    r"^this (?:premium )?(?:article|story|content) is (?:reserved )?for [\w’' ]{1,40} "
    r"subscribers\b|"
    r"^(?:(?:press|media|investor) )?contacts?\s*:?$|^story source\s*:?$|^disclosure notice\s*:|"
    r"^all trademarks (?:used or mentioned|mentioned|used) in this (?:press )?release are "
    r"protected by law\b|"
    r"^information on [\w.-]+ may not be (?:republished|reproduced|copied)\b|"
    r"^this (?:press |media )?release was distributed by [\w .&-]{2,40} on behalf of\b|"
    r"^already a subscriber\b|^corrections? (?:&|and) amplifications?\s*:?$|"
    r"^(?:subscription|subscriber access) required\s*:?$|"
    r"^本文最初(?:发表|發表|刊登|刊發|刊发)(?:于|於)|"  # a translation's note on its original
    r"^the views and opinions expressed herein are the views and opinions of the author\b|"
    r"^want the latest (?:recommendations|stock picks) from [\w .&]{2,40}\?|"
    r"^for (?:more|further) information,? (?:please )?contact\s*(?::|$)|"  # (its contacts after)
    r"^for (?:more|further) information\s*:$|"  # (a Canadian release's, contacts after)
    r"^this information is (?:inside )?information (?:that|which) .{1,120}? is obliged to make "
    r"public\b|"  # a Nordic listed company's notice under the EU Market Abuse Regulation
    r"^for more .{0,80}(?:reporting|coverage) on .{1,80}, (?:please )?visit\s*:?$|"
    r"^for more (?:news|stories|updates) (?:about|on) .{1,80}?,? click here\.?$|"
    r"^[【\[（(]\s*(?:本文|全文)(?:结束|結束|完)\s*[】\]）)]",  # "【本文结束】如需转载请…"
    re.IGNORECASE,
)
"""`cleanup._ENDS_TEXT` as it was (now `_ENDING_MARKS` and `_ENDING_WORDS`): one alternation."""
ENDING_FORMS = [form.removeprefix("^") for form in _branches(PLAIN_ENDS_TEXT.pattern)]
ENDING_FORMS += [word for _, word in cleanup._ENDING_WORDS]
ENDING_FORMS += _branches(cleanup._ENDING_MARKS.pattern)
ENDING_EDGES = ["", " ", "x", "*", "\u3000", "\n", "字", "ſ", "İ", ": a", "."]


@pytest.mark.parametrize("form", ENDING_FORMS)
@PER_FORM
@given(data=st.data())
def test_ends_text_is_the_ending_regex(form: str, data: st.DataObject) -> None:
    """The ends of a text, split by their first letter, are told as the one alternation told
    them."""
    for case in _drawn(form, data, ENDING_EDGES):
        assert cleanup._ends_text(case) == bool(PLAIN_ENDS_TEXT.match(case)), case


PLAIN_CAPTION = re.compile(
    r"[(（。.!?—–\[](?:"  # a credit's first character: sre scans for these in C, then looks behind
    r"(?<=\[)(?:Photos?|Images?|Pictures?)(?:\s*/\s*[^\[\]]{1,40})?\]$|"
    r"(?<=\()(?:(?:top|lead|main|cover) )?(?:images?|photos?|pictures?|photograph|credit)\s*:"
    r"\s*[^()]{1,60}\)$|"
    r"(?<=\()(?-i:[A-Z][\w.&' -]{0,30}/\s*[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){1,3})(?:,\s*file)?\)$|"
    r"(?<=[。.])\s*图[/／][^，。/（()）]{1,12}$|"
    r"(?<=\()(?:photo|image|picture)s? (?:by|courtesy(?: of)?) [^()]{1,60}\)$|"
    r"(?<=[（(])[^（()）]{1,20}[/／][图圖][）)]$|(?<=[（(])[图圖][/／][^（()）]{1,20}[）)]$|"
    r"(?<=[（(])[^（()），。]{2,12}提供[）)]$|"
    r"(?<=[（(])[^（()）]{1,20}(?:[摄攝]|供[图圖])[）)]$|(?<=[（(])(?:摄影|攝影)\s*[：:／/][^（()）]{1,20}[）)]$|"
    r"(?<=[（(])(?:图片来源|圖片來源|图源)\s*[：:][^（()）]{1,30}[）)]$|"
    r"(?<=[—–])\s*(?:[A-Z]{2,5}/)*[A-Z]{2,5} Photo\b[^()]{0,60}$|"
    r"(?<=[.!?])\s+(?:photos?|images?|pictures?)\s*:\s*[^.!?:]{1,40}$)",
    re.IGNORECASE,
)
PLAIN_CAPTION_ALONE = re.compile(
    r"(?:photos?|images?|pictures?)\s*:\s*[^.!?:]{1,40}$|"
    r"\(?(?:featured |lead |main |cover )?(?:photos?|images?|pictures?)"
    r" (?:source|credit|illustration)s?\s*(?::|by)\s*[^.!?:()]{1,60}\)?$",
    re.IGNORECASE,
)
"""`cleanup._CAPTION` and `_CAPTION_ALONE` as they were: a search on every line."""
CAPTION_OPENING = "[(（。.!?—–\\[](?:"
CAPTION_FORMS = [  # the credits, their lookbehind made their first character (to be drawn)
    re.sub(r"^\(\?<=(\[[^\]]*\]|\\.)\)", r"\1", form)
    for form in _branches(PLAIN_CAPTION.pattern[len(CAPTION_OPENING) : -1])
]
CAPTION_FORMS += _branches(PLAIN_CAPTION_ALONE.pattern)
CAPTION_EDGES = ["", " ", "x", "A cat on a mat. ", "一只猫。", "(", "）", "]", "\n", "ſ", "İ", ": "]


@pytest.mark.parametrize("form", CAPTION_FORMS)
@PER_FORM
@given(data=st.data())
def test_caption_is_the_caption_search(form: str, data: st.DataObject) -> None:
    """A credit is searched for only on lines ending in a bracket or holding a character every
    other credit holds, and its patterns, regrouped by the character they look behind at, find
    a caption where the plain search did."""
    for case in _drawn(form, data, CAPTION_EDGES):
        plain = PLAIN_CAPTION.search(case) or PLAIN_CAPTION_ALONE.match(case)
        assert cleanup._caption(case) == bool(plain), case
        fast, plain = cleanup._CAPTION_ALONE.match(case), PLAIN_CAPTION_ALONE.match(case)
        assert (fast and fast.span()) == (plain and plain.span()), case


CAPTION_CLASS_WORDS = ["caption", "CAPTION", "deſc", "desc", "img_txt", "pic-text", "photo_text"]
CAPTION_CLASS_WORDS += ["imgtxt", "pictext", "phototxt", "xt", "ext", "pic", "İmg", "capti", "des"]
caption_classes = st.lists(
    st.one_of(
        st.text(alphabet=st.sampled_from(CLASS_CHARS), max_size=4),
        st.sampled_from(CAPTION_CLASS_WORDS),
    ),
    max_size=6,
).map("".join)


@FUZZ
@given(caption_classes)
def test_caption_class_is_the_caption_class_regex(value: str) -> None:
    """A class names a caption as the case-blind regex found it, ASCII or not."""
    for case in (value, value.swapcase(), value.upper(), value.encode("ascii", "ignore").decode()):
        assert cleanup._caption_class(case) == bool(cleanup._CAPTION_CLASS.search(case)), case


PLAIN_PRICE = re.compile(r"\d(?:[\d.,-]*\d)?\s*(?:万|元|亿)|[¥￥$€£]\s?\d")
"""`cleanup._PRICE` as it was: two branches, tried at each character."""


@FUZZ
@given(st.text(alphabet=st.sampled_from([*"0159٣.,- \u3000a字万元亿¥￥$€£"])))
def test_price_is_the_price_regex(text: str) -> None:
    """A price opens with a digit or a currency sign, scanned for as one set, and holds a unit
    or a currency sign: it is found where the two branches found it."""
    fast, plain = cleanup._PRICE.search(text), PLAIN_PRICE.search(text)
    assert (fast and fast.span()) == (plain and plain.span())
    assert [m.span() for m in cleanup._PRICE.finditer(text)] == [
        m.span() for m in PLAIN_PRICE.finditer(text)
    ]
    assert cleanup._priced(text) == bool(plain)


PLAIN_RELATED_LIST = re.compile(
    r"(?:相关|相關|推荐|推薦|延伸)(?:新闻|新聞|阅读|閱讀|文章|报道|報導)|猜你喜欢|本期目录|往期精彩|"
    r"^(?:热门|熱門|热点|精彩|编辑|为你|相关|相關)(?:推荐|推薦)|"
    r"^(?:网友|热门|最新|全部)?评论(?:区|列表)?\s*(?:[（(]\s*\d*\s*[）)])?[\s/|]*$|"
    r"(?:Related|Recommended|More (?:from|in|like this|stories)|Also in|You may also like|"
    r"Top (?:News|Stories)|Most Read|(?-i:More(?: [A-Z][\w&'’-]+){1,3}$)|"
    r"Read More(?:$| (?:about|on|from|in)\b)|Read this next|"
    r"(?:The )?Latest (?:in|from|news|stories)\b)\b",
    re.IGNORECASE,
)
PLAIN_DOWNLOAD_ROW = re.compile(
    r"\b(?:PDF|DOCX?|XLSX?|PPTX?|ZIP|JPE?G|PNG|MP4|MOV)\b[^\n]{0,40}?\b\d+(?:[.,]\d+)?\s?[KMG]B\b",
    re.IGNORECASE,
)
PLAIN_CONSULTATION_DATE = re.compile(
    r"\n(?i:Closes|Closed|Opened|Opens|Closing date:?)\s+\d{1,2} \w{3,9},? (?:19|20)\d{2}(?=\n|$)"
)
PLAIN_SERVICE_TITLE = re.compile(
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
    r"[\u4e00-\u9fff]{0,8}积分榜|往期(?:访谈|訪談|回顾|回顧|节目|節目)|.{0,30}(?:賽果|赛果)|"
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
    r".{0,60}\bElection Results?(?: \d{4})?(?: Live)?|.{0,20}(?:选举结果|選舉結果)",
    re.IGNORECASE,
)
"""Page patterns as they were, before a look at the first letters of their words."""
PAGE_PATTERNS = {
    "related": (PLAIN_RELATED_LIST, pagecredits.RELATED_LIST, "match"),
    "download": (PLAIN_DOWNLOAD_ROW, pagetype._DOWNLOAD_ROW, "search"),
    "consultation": (PLAIN_CONSULTATION_DATE, pagetype._CONSULTATION_DATE, "findall"),
    "service": (PLAIN_SERVICE_TITLE, pagetype._SERVICE_TITLE, "fullmatch"),
}
PAGE_FORMS = [
    (name, form.removesuffix("(?=\\n|$)"))  # (the consultation's date, drawn without its look)
    for name, (plain, fast, _) in PAGE_PATTERNS.items()
    for form in _branches(plain.pattern) + _branches(fast.pattern)
]
PAGE_EDGES = ["", " ", "x", "\n", "\nCloses 3 June 2020\n", " 2 MB", "字", "ſ", "İ", "Results"]


def _found(found: object) -> object:
    """A match as its span and groups; any other result as it is."""
    return (found.span(), found.groups()) if isinstance(found, re.Match) else found


@pytest.mark.parametrize(
    ("name", "form"), [(name, form) for name, form in PAGE_FORMS if not LOOKS_AROUND.search(form)]
)
@PER_FORM
@given(data=st.data())
def test_page_patterns_find_as_written(name: str, form: str, data: st.DataObject) -> None:
    """The page patterns that look at their words' first letters once, or find a word by a
    character within it, find what they found as written."""
    plain, fast, method = PAGE_PATTERNS[name]
    for case in _drawn(form, data, PAGE_EDGES):
        assert _found(getattr(fast, method)(case)) == _found(getattr(plain, method)(case)), case


PAGE_CORNERS = {
    "related": ["Latest news", "The Latest in x", "评论(3)", "热门推荐", "More Headlines Here"],
    "download": [
        "ZIP 2 MB",
        "zip, 3 files, 20KB",
        "jpeg 1.5 MB",
        "MOV 3GB",
        "x PDF" + " " * 41 + "1KB",
    ],
    "consultation": ["\nCloses 3 June 2020\nOpened 1 May 2020", "\nclosing date: 3 June 2020"],
    "service": ["x" * 59 + " Election Results", "x" * 60 + " Election Result", "a" * 30 + "赛果"],
}
PAGE_CORNERS["service"] += [
    "b" * 20 + "選舉結果",
    "b" * 21 + "选举结果",
    "Election Results 2024 Live",
]


@pytest.mark.parametrize(
    ("name", "text"), [(name, text) for name, texts in PAGE_CORNERS.items() for text in texts]
)
def test_page_patterns_find_as_written_at_their_bounds(name: str, text: str) -> None:
    """The words each letter opens, and the repeats before a character they are found by, at
    the ends of their counts."""
    plain, fast, method = PAGE_PATTERNS[name]
    for case in (text, text.swapcase(), text[1:], f"\n{text}\n"):
        assert _found(getattr(fast, method)(case)) == _found(getattr(plain, method)(case)), case


PLAIN_END_MARK = re.compile(
    r"[（(\[【—–-]?\s*(?:完|全文完)\s*[）)\]】—–-]?|NNNN|Enditem|-?\s*30\s*-|"
    r"[a-z]{2,4}(?:/[a-z]{2,4})+|(?-i:[A-Z]{2,4}(?:/[A-Z]{2,4})+)|"
    r"(?-i:\([A-Z]{2,4}(?:/[A-Z]{2,4})+\)(?: \([A-Z]{2,4}(?:/[A-Z]{2,4})+\))*)|"
    r"[-—–=\s]*(?:ENDS?|Ends)[-—–=\s]*|-+\s*(?i:end)\s*-+|[（(]\s*END\s*[）)]|\[\s*(?i:end)\s*\]|"
    r"#\s*#\s*#|Ends/[A-Z][a-z]+day, [A-Z][a-z]+ \d{1,2}, (?:19|20)\d{2}"
)
"""`cleanup._END_MARK` as it was, its branches in their first order (and the US "###")."""
END_MARK_FORMS = _branches(PLAIN_END_MARK.pattern) + _branches(cleanup._END_MARK.pattern)
END_MARK_EDGES = ["", " ", "x", "-", "—", "\n", "\u3000", "完", "E", "3", "=", "(", "字"]


@pytest.mark.parametrize("form", [form for form in END_MARK_FORMS if not LOOKS_AROUND.search(form)])
@PER_FORM
@given(data=st.data())
def test_end_mark_is_the_end_mark_regex(form: str, data: st.DataObject) -> None:
    """An end mark, its repeat-led branches after one look at the first character, is a whole
    line where it was one."""
    text = data.draw(st.from_regex(re.compile(form), fullmatch=True))
    before, after = (
        data.draw(st.sampled_from(END_MARK_EDGES)),
        data.draw(st.sampled_from(END_MARK_EDGES)),
    )
    for case in (text, text.swapcase(), f"{before}{text}{after}"):
        assert bool(cleanup._END_MARK.fullmatch(case)) == bool(PLAIN_END_MARK.fullmatch(case)), case


PLAIN_LATIN_WORD = re.compile(
    r"[^\W\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af_]+"
)
"""The Latin words `text.latin_words` counts, as the regex it ran once."""
LATIN_CHARS = [
    *"aZ09_ -.'\t\n\x0b\x1f\x7f",
    *"é字ſ٣’“—，。",
    "\u3400",
    "\u33ff",
    "\ud7b0",
    "\ud800",
]


@FUZZ
@given(st.text(alphabet=st.sampled_from(LATIN_CHARS)) | st.text())
def test_word_and_cjk_counts_are_their_regexes(value: str) -> None:
    assert measures.latin_words(value) == len(PLAIN_LATIN_WORD.findall(value))
    assert measures.cjk_count(value) == len(measures._CJK.findall(value))
    ascii_only = value.encode("ascii", "ignore").decode("ascii")
    assert measures.latin_words(ascii_only) == len(PLAIN_LATIN_WORD.findall(ascii_only))


@FUZZ
@given(st.text(alphabet=st.sampled_from([*"a ,.!?;:\"'-\t", "，", "。", "“", "字"])))
def test_punctuation_is_the_punctuation_regex(value: str) -> None:
    ascii_only = value.encode("ascii", "ignore").decode("ascii")
    for case in (value, ascii_only):
        assert measures.punctuation(case) == len(measures._PUNCT.findall(case))


@pytest.mark.parametrize("tag", sorted({*body._UNLIKELY_TAGS, "article", "div", "p", "section"}))
def test_a_bare_element_is_unlikely_as_its_empty_attributes_say(tag: str) -> None:
    for attrs in ("", ' class=""', ' id=""'):
        el = lxml.html.fromstring(f"<{tag}{attrs}>x</{tag}>")
        assert el.tag == tag
        assert body._unlikely_self(el, el.tag) == body._unlikely_attrs(tag, "", "")


def _likely_lines_plainly(
    lines: list[tree.Line], root: lxml.html.HtmlElement, attrs: tree.Attributes
) -> list[tree.Line]:
    """Each line's block walked up, one element after the other, until an element with a verdict,
    <body> or an unlikely element."""
    marks = list(root.iter("article", "main"))
    verdict = dict.fromkeys(body._article_ancestors(marks, attrs), False)
    for el in root.iter("figure", "figcaption"):
        framed = el.find(".//blockquote") is not None or el.find(".//table") is not None
        verdict[el] = el.tag == "figcaption" or not framed
    out = []
    for line in lines:
        chain = []
        node: lxml.html.HtmlElement | None = line.block
        result = False
        while node is not None and node.tag not in ("body", "html"):
            if node in verdict:
                result = verdict[node]
                break
            chain.append(node)
            if body._unlikely_self(node, node.tag) and not body._attribution(node):
                result = True
                break
            node = node.getparent()
        for el in chain:
            verdict[el] = result
        if not result:
            out.append(line)
    return out


LAYOUT_TAGS = [
    *["div", "div class='sidebar'", "div id='comments'", "div class='main'", "ul class='menu'"],
    *["div class='related article-body'", "section class='entry-content'", "article", "main"],
    *["article class='comment'", "article class='share'", "nav", "aside", "figure", "footer"],
    *["figcaption", "blockquote", "table", "tr class='header-row'", "td", "header", "li", "p"],
    *["div class='share__caption'", "p class='caption'", "span class='promo'", "div class='x'"],
]
LAYOUT_TEXT = ["text ", "more text. ", "字", "<br>", "<aside><q>quoted</q></aside>"]
LAYOUT_TEXT.append("<p>" + "A long paragraph of the story, with commas, and a full stop. " * 6)
LAYOUT = st.recursive(
    st.sampled_from(LAYOUT_TEXT),
    lambda inner: st.tuples(st.sampled_from(LAYOUT_TAGS), st.lists(inner, max_size=4)).map(
        lambda el: f"<{el[0]}>{''.join(el[1])}</{el[0].split()[0]}>"
    ),
    max_leaves=40,
)


@FUZZ
@given(LAYOUT)
def test_likely_lines_are_the_walk_up_each_block(fragment: str) -> None:
    root = tree.parse(f"<html><body>{fragment}</body></html>")
    assert root is not None
    attrs = tree.attributes(root)
    lines = tree.lines(root)
    assert body.likely_lines(lines, root, attrs) == _likely_lines_plainly(lines, root, attrs)


CREDIT_PIECES = [
    *credits._ALL_LABELS[::3],
    *credits._ENBY_WORDS[::2],
    *["By", "BY", "by", " by ", "SOURCE", "Source", "News provided by", "Press release by"],
    *[
        "Jane Roe",
        "JANE",
        "甲",
        "乙某",
        "新华社",
        "记者",
        "文",
        "图",
        "电",
        "日",
        "6月3日电",
        "消息",
    ],
    *["通讯员", "报道", "2020 ", "1999 ", " - ", " – ", "主", "题", "Reporter", "writers "],
    *["【", "】", "[", "]", "(", ")", "（", "）", "：", ":", "﹕", "|", "｜", "丨", "/", "／"],
    *[" ", "  ", "\u3000", "\t", "\n", "—", "–", "-", "_", "·", "ſ", "K", "İ", "ı", "é", "q"],
]
"""Words and characters the credit patterns' branches use, with the letters IGNORECASE takes
for others ("ſ" for "s", "K" for "k")."""
CREDIT_SAMPLES = [
    *["6月3日电（通讯员 甲 乙）", "消息(通讯员：甲)", "讯（通訊員/甲）", "6月3日电（宋某某）"],
    *[
        "3日报道（文/甲）",
        "主 题 词：",
        ":文 号:",
        "|文 号：",
        "｜主 题：",
        "[打印]",
        "【我要纠错】",
    ],
    *[" [x] ", "【】", "柯\u3000岚", "柯 岚", "记者 葛某 文 卢某 图"],
]
"""Whole matches of the credit patterns, so that a wrong gate meets the texts it must admit."""
credit_texts = st.lists(st.sampled_from(CREDIT_PIECES + CREDIT_SAMPLES), max_size=12).map("".join)

PLAIN_LABEL_RE = re.compile(
    rf"{credits._starts(credits._CJK_LABEL_WORDS)}(?P<cjk>{credits._CJK_LABELS})"
    rf"(?:{credits._SEP}|\s+(?=\S))"
    rf"|{credits._starts(credits._EN_LABEL_WORDS)}(?<![A-Za-z])(?P<en>{credits._EN_LABELS})"
    rf"{credits._SEP}"
    rf"|(?-i:(?:^|(?<=(?:19|20)\d\d ))(?P<by>By|BY)(?:\s+(?:[—–]\s+)?"
    rf"(?=[A-Z]|{credits._JOB_TITLE_AHEAD})|"
    rf"(?=[A-Z][a-z])))"
    rf"|(?-i:^(?P<src>SOURCE)\s+(?=[A-Z]))"
    rf"|(?=[NnPp])(?<![A-Za-z])(?P<prov>News provided by|Press release by)\s+(?=[A-Z])"
    rf"|{credits._starts(credits._ENBY_WORDS)}(?<![A-Za-z])"
    rf"(?P<enby>(?:{'|'.join(credits._ENBY_WORDS)}) by)"
    rf"\s+(?=[A-Z])"
    rf"|(?<=[a-z])(?-i:(?=[A-Z]))(?P<glued>{credits._EN_LABELS})\s*[{credits._COLONS}]\s*",
    re.IGNORECASE,
)
"""`LABEL_RE` as it was written before its words became tries under one lookahead (with the
glued English label it reads since)."""
PLAIN_LABEL_WORD = re.compile(
    "|".join(re.escape(x) for x in credits._ALL_LABELS if not x.isascii() and len(x) > 1)
    + "|"
    + "|".join(rf"\b{re.escape(x)}\b" for x in credits._ALL_LABELS if x.isascii()),
    re.IGNORECASE,
)


def _matches(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], tuple]]:
    return [(m.span(), m.groups()) for m in pattern.finditer(text)]


@FUZZ
@given(credit_texts)
def test_label_patterns_match_as_their_plain_alternations(text: str) -> None:
    for case in (text, text.swapcase(), text.upper()):
        assert _matches(credits.LABEL_RE, case) == _matches(PLAIN_LABEL_RE, case)
        found = credits._LABEL_WORD.search(case)
        plain = PLAIN_LABEL_WORD.search(case)
        assert (found and found.span()) == (plain and plain.span())


def test_label_patterns_match_each_label_as_their_plain_alternations() -> None:
    for word in [*credits._ALL_LABELS, *credits._ENBY_WORDS]:
        lines = [
            f"{word}：甲",
            f"{word}: Jane",
            f"{word} by Jane",
            f"x{word}: Jane",
            f"x {word} 甲",
        ]
        for line in [*lines, word]:
            for case in (line, line.upper(), line.lower()):
                assert _matches(credits.LABEL_RE, case) == _matches(PLAIN_LABEL_RE, case)
                assert _matches(credits._LABEL_WORD, case) == _matches(PLAIN_LABEL_WORD, case)


@FUZZ
@given(
    st.lists(st.text(alphabet=st.sampled_from("aAbB字-"), min_size=1, max_size=4), max_size=8),
    st.text(alphabet=st.sampled_from("aAbB字-ſ"), max_size=12),
)
def test_a_trie_matches_as_its_words(words: list[str], text: str) -> None:
    """Longest first, each word before the words that begin it; a `b` after the words makes sre
    backtrack into them."""
    words = sorted(dict.fromkeys(words), key=len, reverse=True)
    if len({w.lower() for w in words}) < len(words):
        return  # the labels differ in more than case
    trie = re.compile(f"(?P<w>{credits._trie(words)})b?-", re.IGNORECASE)
    plain = re.compile(f"(?P<w>{'|'.join(map(re.escape, words))})b?-", re.IGNORECASE)
    assert _matches(trie, text) == _matches(plain, text)


PLAIN_MAY_HOLD_LABEL = re.compile(
    rf"[{credits._COLONS}丨|｜／/】bB\s](?:(?<=[{credits._COLONS}丨|｜／/】])|(?<=[bB])[yY]\s|"
    r"(?<=[^\x00-\x7f]\s))"
)
PLAIN_LEAD_LABEL = re.compile(r"SOURCE\s|by[A-Z]", re.IGNORECASE)
PLAIN_LEADING = re.compile(r"^[\s。.;；,，（(【\[〔「『<《]+")
"""What `strip_brackets` may take off a line's start, after which a line may start a label."""


@FUZZ
@given(credit_texts)
@example("。byJane")
@example(" 【 SOURCE Acme")
def test_may_hold_label_is_its_two_regexes(text: str) -> None:
    ascii_only = text.encode("ascii", "ignore").decode("ascii")
    for case in (text, text.swapcase(), ascii_only, ascii_only.swapcase()):
        lead = PLAIN_LEADING.sub("", case)
        plain = PLAIN_MAY_HOLD_LABEL.search(case) or PLAIN_LEAD_LABEL.match(lead)
        assert credits.may_hold_label(case) == (plain is not None)


def test_first_letters_are_all_ignorecase_takes() -> None:
    """Every `_SECTION_LABEL` branch opens with one of A L M N P R S, every `_LEAD_LABEL`
    branch with B or S: the gates hold every character IGNORECASE matches them with."""
    chars = [chr(c) for c in range(sys.maxunicode + 1)]
    section = re.compile("[ALMNPRS]", re.IGNORECASE)
    assert {c for c in chars if section.match(c)} == set(title._SECTION_FIRSTS)
    lead = re.compile("[BS]", re.IGNORECASE)
    assert {c for c in chars if lead.match(c)} == set(credits._LEAD_FIRSTS)


SECTION_PIECES = ["Latest ", "Recent ", "Press", "News", "Media", " Releases", " Release", "room"]
SECTION_PIECES += [" Statements", " Room", " Center", " Centre", "Speeches", "Announcements", "ſ"]
SECTION_PIECES += ["Statement", "x", " ", "字", "İ", "K"]


@FUZZ
@given(st.lists(st.sampled_from(SECTION_PIECES), max_size=4).map("".join))
def test_section_gate_is_the_section_regex(text: str) -> None:
    for case in (text, text.swapcase(), text.lower()):
        gated = case[:1] in title._SECTION_FIRSTS and title._SECTION_LABEL.fullmatch(case)
        assert bool(gated) == bool(title._SECTION_LABEL.fullmatch(case))


PLAIN_SUFFIX_SPLIT = re.compile(
    r"\s+[-–—|·]\s+|\s*[_|｜丨－—]\s*|\s+-\s*|--|(?<=[\u4e00-\u9fff])-(?=[\u4e00-\u9fff]{2,6}$)"
)


@FUZZ
@given(st.lists(st.sampled_from([*" \t\u3000-–—|·_｜丨－az字", "新闻"]), max_size=16).map("".join))
def test_title_parts_are_the_plain_split(title_text: str) -> None:
    plain = [p.strip() for p in PLAIN_SUFFIX_SPLIT.split(title_text) if p and p.strip()]
    assert list(title._parts(title_text)) == plain


PLAIN_SPACED_LABEL = re.compile(
    r"(?<![^\s：:|｜])((?:[\u4e00-\u9fff] ){1,3}[\u4e00-\u9fff])(?=\s*[：:])"
)
PLAIN_CORRESPONDENTS_DATELINE = re.compile(
    r"(?:电|電|讯|訊|消息)\s*[（(](?P<lead>)(?:通讯员|通訊員)\s*[/／:：]?\s*"
    r"(?P<names>[^（()）【】\[\]〔〕]{1,40}?)\s*[）)]|"
    r"\d日[电電]\s*[（(](?P<bare>[\u4e00-\u9fff]{2,4}(?:[ 、][\u4e00-\u9fff]{2,4}){0,3})[）)]|"
    r"\d日(?:电|電|讯|訊|报道|報導)\s*[（(]\s*文\s*[/／]\s*"
    r"(?P<text_by>[\u4e00-\u9fff·]{2,6}(?:[ 、][\u4e00-\u9fff·]{2,6}){0,3})\s*[）)]"
)


@FUZZ
@given(credit_texts)
def test_credit_gates_and_rewrites_are_the_plain_regexes(text: str) -> None:
    """Each fast form of a credit pattern, with the substring test before it, against the
    pattern as it was written."""
    spaced = (
        credits._SPACED_LABEL.sub(credits._unspaced, text) if "：" in text or ":" in text else text
    )
    assert spaced == PLAIN_SPACED_LABEL.sub(credits._unspaced, text)
    assert _matches(credits._SPACED_LABEL, text) == _matches(PLAIN_SPACED_LABEL, text)
    dateline = _matches(credits._CORRESPONDENTS_DATELINE, text)
    assert dateline == _matches(PLAIN_CORRESPONDENTS_DATELINE, text)
    for case in (text, text.rstrip("\n"), f"{text} 甲某 文", f"{text} 甲某 图\n"):
        ends_in_role = case.endswith(credits._ROLE_ENDINGS)
        assert bool(ends_in_role and credits._ROLE_AFTER_LAST.search(case)) == bool(
            credits._ROLE_AFTER_LAST.search(case)
        )
    assert credits._unbuttoned(text) == credits._BUTTONS.sub("", text)


def _plain_split_names(value: str) -> list[str]:
    value = credits._PADDED_NAME.sub(r"\1\2", credits.strip_brackets(value))
    parts = credits._NAME_SPLIT.split(value)
    names = [credits.clean_name(credits._lead_title(part)) for part in parts]
    return [n for n in dict.fromkeys(names) if credits._plausible_name(n)]


@FUZZ
@given(
    st.lists(st.sampled_from([*CREDIT_PIECES, *CREDIT_SAMPLES, "、", ", ", " and "]), max_size=10)
)
def test_split_names_pads_as_the_padded_name_regex(pieces: list[str]) -> None:
    """`split_names` runs `_PADDED_NAME` only on a value with a space to close up."""
    value = "".join(pieces)
    assert credits.split_names(value) == _plain_split_names(value)


SIGN_OFF_PIECES = ["contributed", "CONTRIBUTED", "Contributed", "CoNtRiBuTeD", " to this report"]
SIGN_OFF_PIECES += [" reporting", " research", " from Kyiv", ".", "Jane Roe", " and ", ", "]
SIGN_OFF_PIECES += ["Hanoi", "KUWAIT", ", June 3", " (VNA)", "(KUNA)", " –", " --", "—", " "]
SIGN_OFF_PIECES += ["(", ")", "VNA", "ſ", "K", "İ", "ı", "x" * 40]


@FUZZ
@given(st.lists(st.sampled_from(SIGN_OFF_PIECES), max_size=10).map("".join))
def test_sign_off_gates_let_every_match_through(text: str) -> None:
    """`_contributing` reads a line with the contributor patterns only when it holds "contr"
    in any case, `agency_sign_off` a dateline only when a bracket opens in it."""
    for case in (text, text.swapcase(), text.upper()):
        if credits._CONTRIBUTED.match(case) or credits._NAMES_CONTRIBUTED.fullmatch(case):
            assert "contr" in case.lower()
        if credits._DATELINE_INITIALS.match(case[:100]):
            assert "(" in case[:100]


def test_sign_off_gates_stand_where_their_patterns_are_read() -> None:
    """The gates in `_contributing` and `agency_sign_off` themselves: IGNORECASE's dotted and
    dotless I, capitals, a dateline's bracket."""
    assert credits._contributing("Jane Roe contrİbuted to this report.") == ["Jane Roe"]
    assert credits._contributing("Jane Roe contrıbuted to this report.") == ["Jane Roe"]
    assert credits._contributing("Mara Linde CONTRIBUTED REPORTING.") == ["Mara Linde"]
    assert credits._contributing("Mara Linde contributed.") == ["Mara Linde"]
    found = credits.agency_sign_off("VNA/Jane Roe", "HANOI, June 3, 2020 (VNA) – The city")
    assert found == credits.Credits(authors=["Jane Roe"], source="VNA")


def plain_canonical_url(url: str) -> str:
    """`keys.canonical_url` as it was before its fast path for plain URLs."""
    parts = urlsplit(url)
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not keys._TRACKING.match(k)
    ]
    cleaned = urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))
    return canonicalize_url(cleaned)


def _outcome(function: Callable[[str], str], url: str) -> str | type[Exception]:
    try:
        return function(url)
    except Exception as exc:  # the kind of failure is compared too
        return type(exc)


ROOT = Path(__file__).resolve().parent.parent
REAL_URLS = sorted(
    {
        json.loads(path.read_text(encoding="utf-8"))["url"]
        for path in ROOT.glob("fixtures/*/*/info.json")
    }
    | {
        url
        for path in (ROOT.parent / "shared" / "corpus").glob("*/*.json")
        if isinstance(record := json.loads(path.read_text(encoding="utf-8")), dict)
        and (url := record.get("url"))
    }
)


def test_canonical_url_of_every_real_url_is_the_plain_one() -> None:
    """Every fixture's URL and every corpus page's (where the shared corpus is present)."""
    assert len(REAL_URLS) > 2000
    for url in REAL_URLS:
        assert keys.canonical_url(url) == plain_canonical_url(url), url


SCHEMES = ["http", "https", "HTTP", "hTtPs", "ftp", "", "http:", "https:/"]
HOST_PIECES = [
    *"aZ09-_.",
    "xn--",
    "例",
    "ß",
    "İ",
    " ",
    "%41",
    ":",
    ":80",
    ":0x",
    ":8000",
    ":0080",
    ":0",
    ":59999",
    ":60000",
    ":65535",
    ":65536",
    ":99999",
    ":123456",
    "@",
    "u:p@",
    "[::1]",
]
PATH_PIECES = [
    *"/aZ0-_.~;=&+ '(!*,:@$|[]\\\t\n%",
    "/..",
    "/.",
    "..",
    "%2f",
    "%2F",
    "%41",
    "%e4%b8%ad",
]
PATH_PIECES += ["%zz", "%25", "中", "é", "\udc80", "?", "#"]
QUERY_PIECES = [*"aB0=&;+ ~.-_%?#", "utm_source", "UTM_Medium", "from", "spm", "Ref", "id", "=="]
QUERY_PIECES += ["%26", "%3D", "%3d", "中", "\n", "/"]
FRAGMENTS = ["", "#", "#top", "#a?b=1&c", "#中 %\n", "##"]


def _pieces(pieces: list[str], size: int) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(pieces), max_size=size).map("".join)


NEAR_PLAIN = ["http://", "HTTPS://", "a", "Z", "0", "-", ".", "/", "~", "_", "=", "&", "?", "#"]
NEAR_PLAIN += ["from=1", "spm", "id=", "/.", "..", "a=b=c", "&&", "%41", ";", " ", "é", ":8"]
NEAR_PLAIN += [":", ":0", ":59999", ":60000", ":00"]

PLAIN_QUERY = [*"aB0=&~.-_", "from", "UTM_x", "spm", "id", "=="]

urls = st.one_of(
    st.builds(
        "{}?{}{}".format,
        st.sampled_from(["http://a.b", "HTTPS://Z.0/x/", "http://x-y.com/./"]),
        _pieces(PLAIN_QUERY, 16),
        st.sampled_from(FRAGMENTS),
    ),
    st.builds(
        "".join,
        st.tuples(
            st.sampled_from(["http://a.", "https://Z.0", "HTTP://x-y.com/"]),
            _pieces(NEAR_PLAIN, 20),
        ),
    ),
    st.tuples(
        st.sampled_from(SCHEMES),
        _pieces(HOST_PIECES, 8),
        _pieces(PATH_PIECES, 12),
        st.none() | _pieces(QUERY_PIECES, 12),
        st.sampled_from(FRAGMENTS),
    ).map(lambda p: f"{p[0]}://{p[1]}{p[2]}{'' if p[3] is None else '?' + p[3]}{p[4]}"),
    st.builds(
        "".join,
        st.tuples(
            st.sampled_from(["http://", "HTTPS://a.B", "http://x.com/"]),
            _pieces(HOST_PIECES + PATH_PIECES + QUERY_PIECES, 20),
        ),
    ),
)


@settings(FUZZ, max_examples=3000)
@given(urls)
def test_canonical_url_is_the_plain_one(url: str) -> None:
    """The fast path for plain URLs gives w3lib's key; any URL it does not take (ports w3lib
    rewrites or refuses, users, IDNA, `%`, `;`, spaces, dot segments, a second `=`) goes the
    long way."""
    assert _outcome(keys.canonical_url, url) == _outcome(plain_canonical_url, url)


@pytest.mark.parametrize(
    "url",
    [
        "HTTP://Example.COM",
        "http://a.com?b=2&a=1&a=0",
        "http://a.com/x?b&a=&&from=3#f",
        "http://a.com/x?a=b=c",
        "http://a.com/./x/../y",
        "http://a.com/x;p=1",
        "http://a.com:80/x",
        "http://127.0.0.1:8000/news/a.html?b=1&a=2#x",
        "HTTP://A.com:0080",
        "http://a.com:/x",
        "http://a.com:59999",
        "http://a.com:65535/x",
        "http://a.com:65536/x",
        "http://a.com:8080:80/x",
        "http://a.com/r%C3%A9sum%c3%a9",
        "http://a.com/x?q=a+b",
        "http://例子.com/x",
        "http://a.com/x?utm_source=1",
        "http://a..com/x",
        "http://" + "a" * 70 + ".com/",
    ],
)
def test_canonical_url_corner_cases(url: str) -> None:
    assert _outcome(keys.canonical_url, url) == _outcome(plain_canonical_url, url)


def plain_trim(value: str) -> str:
    """Whitespace and what prints nothing (`normalize._UNSEEN`) cut off both ends."""
    cut = lambda char: char.isspace() or char in normalize._UNSEEN  # noqa: E731
    while value and cut(value[0]):
        value = value[1:]
    while value and cut(value[-1]):
        value = value[:-1]
    return value


def plain_text(value: str | None) -> str | None:
    """`normalize.text` before its printable test."""
    if value is None:
        return None
    value = plain_trim(normalize._spaces(normalize._CONTROL.sub("", value.replace("\n", " "))))
    return value or None


def plain_body(value: str) -> str:
    """`normalize.body` before its printable test."""
    value = normalize._spaces(normalize._CONTROL.sub("", value.replace("\r", "\n")))
    return "\n".join(line for line in map(plain_trim, value.split("\n")) if line)


def test_what_the_record_patterns_match_is_unprintable() -> None:
    """Every character `_CONTROL` drops or `_SPACE` collapses alone, the carriage return, and
    each that `_trim` cuts off the ends."""
    matched = [chr(c) for c in range(sys.maxunicode + 1) if normalize._CONTROL.match(chr(c))]
    assert len(matched) == 31 + 2048
    for char in [*matched, *normalize._SPACES, *normalize._UNSEEN, "\r"]:
        assert not char.isprintable(), hex(ord(char))


RECORD_CHARS = [*" \n\r\t\x00\x08\x0b\x1f\x7f\x80\xa0\xad", "\u3000", "\u2002", "\u200b", "\u200c"]
RECORD_CHARS += ["\u2028", "\ufeff", "\ud800", "\udfff", "\ue000", *"a字é", "\U0001f600"]
RECORD_CHARS += ["\u200d", "\u200e", "\u2060", "\u2069"]


@FUZZ
@given(st.text(alphabet=" \na字") | st.text(alphabet=st.sampled_from(RECORD_CHARS)) | st.text())
def test_record_text_and_body_are_their_plain_forms(value: str) -> None:
    assert normalize.text(value) == plain_text(value)
    assert normalize.body(value) == plain_body(value)


def plain_normalized_text(body: str) -> str:
    """`keys.normalized_text` before its fast path."""
    return " ".join(keys.nfkc(body).split())


def plain_simhash_votes(hashes: list[int], weights: list[int]) -> int:
    """`vector.simhash_votes` as it was: one row of bits per distinct token, times its count."""
    digests = np.array(hashes, dtype=np.uint64).astype(">u8")  # most significant bit first
    counts = np.array(weights, dtype=np.float64)
    bits = np.unpackbits(digests.view(np.uint8).reshape(-1, 8), axis=1).astype(np.float64)
    votes = 2 * (counts @ bits) - counts.sum()
    return int(np.packbits(votes > 0).view(">u8")[0])


def plain_simhash(text: str) -> int:
    """`keys.simhash` as it was: the votes of `tokens`' counts."""
    counts = Counter(keys.tokens(text))
    if not counts:
        return 0
    hashes = [keys._hash64(token.encode("utf-8")) for token in counts]
    return plain_simhash_votes(hashes, list(counts.values()))


def plain_minhash_tokens(words: list[str]) -> bytes | None:
    """`keys.minhash_tokens` as it was, the token hashes as integers."""
    if len(words) < keys.SHINGLE:
        return None
    index: dict[str, int] = {}
    ids = [index.setdefault(word, len(index)) for word in words]
    hashed = np.array([keys._hash64(w.encode("utf-8")) for w in index], dtype=np.uint64)
    hashed = hashed[np.array(ids, dtype=np.intp)]
    count = len(ids) - keys.SHINGLE + 1
    shingles = hashed[:count] * np.uint64(keys._WEIGHTS[0])
    for i in range(1, keys.SHINGLE):
        shingles += hashed[i : i + count] * np.uint64(keys._WEIGHTS[i])
    vector._finalize(shingles)
    multiply = np.array(keys._MULTIPLY, dtype=np.uint64)
    add = np.array(keys._ADD, dtype=np.uint64)
    mixed = (shingles[:, None] * multiply + add) >> np.uint64(32)
    return mixed.min(axis=0).astype(">u4").tobytes()


FIXTURE_BODIES = [
    json.loads(path.read_text(encoding="utf-8")).get("body") or ""
    for path in sorted(ROOT.glob("fixtures/*/*/expected.json"))
]


def test_body_keys_of_every_fixture_body_are_the_plain_ones() -> None:
    assert len(FIXTURE_BODIES) > 2000
    for record_body in FIXTURE_BODIES:
        text = plain_normalized_text(record_body)
        assert keys.normalized_text(record_body) == text
        assert keys.simhash(text) == plain_simhash(text)
        assert keys.simhash(record_body) == plain_simhash(record_body)


def test_whitespace_other_than_the_plain_space_is_unprintable() -> None:
    """What lets `normalized_text` skip the split: `isprintable` fails on every other space."""
    spaces = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    assert len(spaces) > 20
    assert [c for c in spaces if c.isprintable()] == [" "]


def test_the_cjk_table_is_the_cjk_class() -> None:
    """`vector._IS_CJK` marks every BMP character that `_CJK_CHAR` matches, and no other, and
    `vector._CJK_DIGESTS` has their digests; no character beyond the BMP is CJK."""
    found = [c for c in range(0x10000) if keys._CJK_CHAR.match(chr(c))]
    assert np.flatnonzero(vector._IS_CJK).tolist() == found
    digests = b"".join(keys._digest(chr(c).encode("utf-8")) for c in found)
    assert vector._CJK_DIGESTS[found].tobytes() == digests
    assert not keys._CJK_CHAR.search("".join(map(chr, range(0x10000, sys.maxunicode + 1))))


TOKEN_CHARS = [
    *"ab_Z9 ,.-'\n\t\x0b",
    *"\u00e9\u0661\u00b2\u2160\u0300\u200b\u4e00\u3400\u4dbf\u9fff",
]
TOKEN_CHARS += [*"\uf900\ufa6d\ufa6e\ufaff\u3040\u3041\u3099\u309b\u30a0\u30fb\u30ff\uac00\ud7a4"]
TOKEN_CHARS += [*"\u3007\uff0c\uff21\u0130\u03a3\u2026\u3000\xa0\ud800\U00020000\U0001f600"]
TOKEN_CHARS += ["6月3日", "新华社", "Press", "İstanbul", "ΣΑΣ"]


@FUZZ
@given(
    st.lists(st.sampled_from(TOKEN_CHARS), max_size=40).map("".join)
    | st.text(alphabet=" \na字")
    | st.text()
)
def test_simhash_is_the_votes_of_the_token_counts(text: str) -> None:
    """Per-occurrence votes over digests, the CJK characters by table: the fingerprint of the
    counted tokens, also around CJK-range characters that are no word characters, words that
    go on into CJK, context-cased letters, lone surrogates and characters beyond the BMP."""
    assert keys.simhash(text) == plain_simhash(text)
    assert keys.normalized_text(text) == plain_normalized_text(text)
    lowered = text.lower()
    if keys._CJK_CHAR.search(lowered):  # `_WORD_SPLIT` parts: the same tokens as `_TOKEN`
        parts = keys._WORD_SPLIT.split(lowered)
        between = [c for c in "".join(parts[::2]) if keys._CJK_CHAR.match(c)]
        assert sorted(between + parts[1::2]) == sorted(keys._TOKEN.findall(lowered))


@FUZZ
@given(
    st.lists(st.sampled_from([*TOKEN_CHARS, "\0", "\U0002a6a5", "\u3002"]), max_size=60).map(
        "".join
    )
    | st.text()
)
def test_the_digests_of_a_texts_tokens_are_in_their_order(text: str) -> None:
    """CJK characters by table among the words, also beside NULs, characters beyond the BMP,
    lone surrogates and context-cased letters."""
    text = keys.nfkc(text)
    assert keys._tokens_digests(text) == keys._token_digests(keys.tokens(text))


def plain_near_keys(body: str, simhash: str | None, min_tokens: int) -> keys.NearKeys:
    """`keys.near_keys` before it took the tokens of the normalised text, which `body_keys`
    digested already (of the body's story, as it is: the SimHash its own then)."""
    told = keys.story(body)
    if told != body:
        body, simhash = told, keys.body_keys(told)[1]
    words = keys.tokens(body)
    if len(words) < min_tokens:
        return keys.NearKeys(None, None)
    return keys.NearKeys(simhash, plain_minhash_tokens(words))


@FUZZ
@given(
    st.lists(st.sampled_from(TOKEN_CHARS), max_size=60).map("".join)
    | st.text(alphabet=" \na字\u0301\u3000")
    | st.text(),
    st.sampled_from([0, 2, 3, 5]),
)
def test_near_keys_of_the_normalised_text_are_the_bodys(body: str, min_tokens: int) -> None:
    """The normalised text differs from the body in its spaces alone, which are no token."""
    assert keys.tokens(keys.normalized_text(body)) == keys.tokens(body)
    keys.simhash(keys.normalized_text(body))  # as `body_keys` does, leaving digests cached
    assert keys.near_keys(body, "s", min_tokens) == plain_near_keys(body, "s", min_tokens)


def test_near_keys_of_every_fixture_body_are_the_plain_ones() -> None:
    for record_body in FIXTURE_BODIES:
        keys.body_keys(record_body)
        assert keys.near_keys(record_body, "s", 3) == plain_near_keys(record_body, "s", 3)


def test_no_character_lowers_into_or_out_of_cjk() -> None:
    """What lets `simhash` look for CJK before lowering the text."""
    for c in map(chr, range(sys.maxunicode + 1)):
        lowered = c.lower()
        if lowered != c:
            assert not keys._CJK_CHAR.search(c) and not keys._CJK_CHAR.search(lowered)


@FUZZ
@given(st.lists(st.sampled_from([t for t in TOKEN_CHARS if t != "\ud800"]), max_size=60))
def test_minhash_of_digests_is_the_minhash_of_hashes(words: list[str]) -> None:
    """(A lone surrogate is no token: no word character.)"""
    assert keys.minhash_tokens(words) == plain_minhash_tokens(words)


def test_each_wide_form_is_its_whole_decomposition() -> None:
    """What makes `nfkc`'s replacements exact: the text's NFKD, which NFKC composes, is kept."""
    for wide, narrow in keys._WIDE_FORMS.items():
        assert narrow == unicodedata.normalize("NFKD", wide) == unicodedata.normalize("NFKC", wide)


NFKC_CHARS = [*keys._WIDE_FORMS, *"Ａａ１ﬁé=<,.:(%Ce~\u0301\u0327\u0338\u3099\u1100\u1161か字 "]


@FUZZ
@given(st.text(alphabet=st.sampled_from(NFKC_CHARS), max_size=30))
def test_nfkc_is_unicodedatas(text: str) -> None:
    """Also with marks after the ellipsis, the tilde and degree Celsius (whose C takes them)."""
    assert keys.nfkc(text) == unicodedata.normalize("NFKC", text)


PAGER_WORDS = ("Showing", "Displaying", "Viewing", "Notices", "Results", "Records", " found")
"""The page-type test's former gate of `_COUNTED_PAGER`: each word looked for in the whole text."""
GATE_PIECES = [
    *[
        "PDF",
        "docx",
        "ZIP",
        "jpeg",
        "Mp4",
        " 286",
        "2",
        ".5",
        ",",
        " ",
        "KB",
        "kb",
        "\u212ab",
        "Mb",
    ],
    *[
        "GB",
        "B",
        "b",
        "_",
        "Download",
        "共",
        " 486 ",
        "家",
        "条",
        "，",
        "当前第",
        "2/25",
        "页",
        "…",
    ],
    *["Showing", "Displaying", "Viewing", "Notices", "Results", "Records", "Vacancies", "Jobs"],
    *["Positions", " found", "found", ": 31", " 1 to 25 of 1,397", " entries", "下一页", "办理"],
    *["辦理", "条件", "流程", "所需材料", "申请材料", "事项名称", "Duration", "时长", "：", ": "],
    *["00:28:41", "留言", "提问", "人", "\n", "姓", "简历", "***", "*", "作者", "下载", "活动时间"],
]
GATE_SAMPLES = [
    "PDF, 2 pages, 286KB Download",
    "DOCX 1.5 mb",
    "共 486 家，当前第 2/25 页",
    "共1286条 1 2 3 .. 43 下一页",
    "Showing 1 to 25 of 1,397 entries",
    "Displaying 1 - 15 of 1,284",
    "Vacancies found: 31",
    "Jobs found 4",
    "Records found: 2 (in 3 days)",
    "办理条件",
    "所需材料",
    "事项名称",
    "Duration: 00:28:41",
    "时长：03:15",
]
gate_lines = st.lists(
    st.lists(st.sampled_from(GATE_PIECES + GATE_SAMPLES), max_size=6).map("".join), max_size=6
)


@FUZZ
@given(st.one_of(gate_lines, st.sampled_from(GATE_SAMPLES).map(lambda line: [line])))
def test_page_type_gates_admit_every_match(lines: list[str]) -> None:
    """The page-type test's cheap gates before a regex (in the page's lines joined, `rows`)
    hold wherever the regex matches a line or the rows; `_PAGER_START` admits no page the
    former gate, its seven words, turned away (the regex meets no text it did not meet)."""
    rows = "\n" + "\n".join(lines)
    for line in lines:  # (a line's size ends its match in the rows too, a newline after it)
        if pagetype._DOWNLOAD_ROW.search(line):
            assert pagetype._FILE_SIZE.search(f"\n{line}\n")
    pager_gate = "共" in rows or pagetype._PAGER_START.search(rows) is not None
    if pagetype._COUNTED_PAGER.search(rows):
        assert pager_gate
    if pager_gate:
        assert "共" in rows or any(word in rows for word in PAGER_WORDS)
    if any(pagetype._GUIDE_HEADING.fullmatch(line) for line in lines):
        assert "理" in rows or "料" in rows or "称" in rows
    if any(pagetype._DURATION.search(line) for line in lines):
        assert "Duration" in rows or pagetype._holds(rows, "时长")
    for needle in ("\n姓", "简历", "***", "\n作者", "下载", "\n活动时间", "留言", "提问", "时长"):
        assert pagetype._holds(rows, needle) == (needle in rows)


STAMP_PIECES = ["Posted", "posted", "UPDATED", "Published", "pUbLiShEd", "Updated:", " ", "\n"]
STAMP_PIECES += [" 4:41 pm", " 12:05 a.m.", " Jun 3", "Jun 03", "\u212a", "ſ", "İ", "x", ":"]


@FUZZ
@given(st.lists(st.sampled_from(STAMP_PIECES), max_size=14).map("".join))
def test_posted_stamps_open_their_rows(body: str) -> None:
    """`_POSTED_STAMP` matches no more often than rows open with its P or U, in either case:
    the page-type test counts those rows before the regex's scan."""
    for case in (body, body.swapcase()):
        opened = sum(1 for row in case.split("\n") if row.startswith(pagetype._STAMP_INITIALS))
        assert len(pagetype._POSTED_STAMP.findall(case)) <= opened


def plain_numbered_captions(body: str) -> bool:
    rows = body.split("\n")
    counters = [found for row in rows if (found := pagetype._PICTURE_COUNTER.match(row))]
    total = len(counters)
    if total < 3 or 3 * total <= 2 * len(rows):
        return False
    return all(
        int(found[1]) == n and found[0].replace(" ", "").startswith(f"{n}/{total}")
        for n, found in enumerate(counters, 1)
    )


@st.composite
def caption_bodies(draw: st.DrawFn) -> str:
    """A photo set's captions, 1/N to N/N, now and then a number off, among other rows."""
    total = draw(st.sampled_from([3, 4, 5]))
    rows = [
        draw(
            st.sampled_from(
                [f"{n}/{total}", f"{n} / {total}", f"{n}/{total + 1}", f"{n + 1}/{total}"]
            )
        )
        + draw(st.sampled_from(["", "渔民在船坞里", "6月17日", " a/b", "/"]))
        for n in range(1, total + 1)
    ]
    others = st.sampled_from(["", "text", "x/y", "字", "1", "/", "a/b/c", "12/86"])
    for _ in range(draw(st.integers(0, 4))):
        rows.insert(draw(st.integers(0, len(rows))), draw(others))
    return "\n".join(rows)


@FUZZ
@given(caption_bodies())
def test_numbered_captions_are_the_plain_test(body: str) -> None:
    """The slashes counted first: a counter holds one, so too few make no set."""
    assert pagetype._numbered_captions(body) == plain_numbered_captions(body)


def plain_dated_items(all_lines: list[tree.Line], body: set[str] | None) -> int:
    count = 0
    for pos, line in enumerate(all_lines):
        if (
            (body is None or line.text in body)
            and measures.units(line.text) <= 12
            and dates.find_dates(line.text)
        ):
            near = all_lines[max(0, pos - 2) : pos + 3]
            count += any(n.link_density > 0.5 and measures.units(n.text) >= 5 for n in near)
    return count


ITEM_TEXTS = [
    "June 2, 2020 · Products",
    "June 2, 2020 · Products and Services",
    "June 2, 2020 · Products and Services now",
    "2020-06-03",
    "2020年6月3日 新闻",
    "3 June 2020 · Issued by Acme PR, a company of some length",
    "A linked headline of a list's item",
    "短",
    "Products",
]


@FUZZ
@given(
    st.lists(st.tuples(st.sampled_from(ITEM_TEXTS), st.booleans()), max_size=10),
    st.one_of(st.none(), st.lists(st.sampled_from([*ITEM_TEXTS, "2021-01-01", ""]))),
)
def test_dated_items_are_the_plain_count(
    rows: list[tuple[str, bool]], body: list[str] | None
) -> None:
    """The body's lines of a date's length picked first: with none, the page's go unread."""
    block = lxml.html.fromstring("<p>x</p>")
    all_lines = [
        tree.Line(text, block, len(text) if linked else 0, index)
        for index, (text, linked) in enumerate(rows)
    ]
    plain = plain_dated_items(all_lines, None if body is None else set(body))
    assert pagetype._dated_items(all_lines, body) == plain


PARAGRAPH_CHARS = [*"字カ가a1 .,’_—-", "😀", "\u3000", "é", "ſ", "。", "，"]


@FUZZ
@given(
    st.lists(
        st.one_of(
            st.text(alphabet=st.sampled_from(PARAGRAPH_CHARS), max_size=45),
            st.sampled_from(["a " * 20, "a, b. " * 7, "a b c d e f g h i j k l m n o p q r s t,."]),
            st.sampled_from(["字。" * 10, "字，" * 20, "a字" * 10 + "。，"]),
        ),
        max_size=6,
    )
)
def test_paragraphs_are_the_plain_count(texts: list[str]) -> None:
    """A row of fewer than 20 characters goes unmeasured: a CJK character is one unit, a word
    of one character or more two."""
    for text in texts:
        assert measures.units(text) <= 2 * len(text)
    plain = sum(1 for p in texts if measures.units(p) >= 40 and measures.punctuation(p) >= 2)
    assert pagetype._paragraphs(texts) == plain


def plain_is_cjk(text: str) -> bool:
    """`text.is_cjk` before its half-CJK shortcut."""
    cjk = measures.cjk_count(text)
    return cjk > 0 and cjk >= measures.latin_words(text)


@pytest.mark.parametrize(
    "text",
    ["a字a字a", "a字a", "字a", "字 a", "a 字 b", "字字a a", "ab字", "1字2字3", "字", "a", ""],
)
def test_is_cjk_at_the_half(text: str) -> None:
    """Around half CJK, where Latin words between the characters may outnumber them."""
    assert measures.is_cjk(text) == plain_is_cjk(text)


def plain_language(declared: str | None, body: str) -> str | None:
    if declared in ("und", "mul", "mis", "zxx"):
        declared = None
    if body:
        return (
            "zh"
            if plain_is_cjk(body[:2000])
            else (declared if declared and declared != "zh" else "en")
        )
    return declared


@FUZZ
@given(
    st.sampled_from([None, "", "zh", "en", "fr", "und", "zxx"]),
    st.text(alphabet=st.sampled_from([*"字カ가a1 .’_—", "😀", "\u3000", "é"]), max_size=30),
    st.sampled_from([1, 70, 140]),
)
def test_language_is_the_cjk_share_test(declared: str | None, text: str, copies: int) -> None:
    """A text half CJK or more, the Latin words uncounted (also past the 2,000 characters)."""
    body = text * copies
    assert measures.is_cjk(body) == plain_is_cjk(body)
    assert page._language(declared, body) == plain_language(declared, body)


def plain_local_stamp(
    machine: dates.FoundDate, meta: PageMeta
) -> tuple[dates.FoundDate, str] | None:
    stamps = [(meta.published_tag, "meta"), *((stamp, "time") for stamp in meta.time_stamps)]
    for stamp, method in stamps:
        if (
            stamp
            and (found := published.first_date(stamp))
            and published._local_form(machine, found)
        ):
            return found, method
    return None


def plain_clock_above(
    above: str, machine: dates.FoundDate, zone: datetime.tzinfo | None
) -> dates.FoundDate | None:
    found = published.first_date(above)
    if found is None or not found.has_time or (instant := published._minute(machine)) is None:
        return None
    if found.zone is not None:
        return found if published._minute(found) == instant else None
    if published._same_clock(machine, found):
        return found
    if zone is not None:
        return found if published._minute(published.replace(found, zone=zone)) == instant else None
    offset = published._offset_elsewhere(found, machine)
    return found if offset is not None and published._inhabited(offset) else None


STAMPS = [
    "2020-06-03T14:21:52+02:00",
    "2020-06-03T12:21:52Z",
    "2020-06-03T12:21:00+00:00",
    "2020-06-03",
    "June 3, 2020 14:21",
    "",
]
ZONES = [None, datetime.UTC, datetime.timezone(datetime.timedelta(hours=2)), ZoneInfo("Asia/Dubai")]
MACHINES = [
    dates.FoundDate(datetime.date(2020, 6, 3), hour, minute, second, zone)
    for hour, minute, second, zone in itertools.product(
        [None, 0, 12, 14], [None, 21], [None, 0, 52], ZONES
    )
]


def test_stamps_go_unread_where_no_instant_can_match() -> None:
    """`_local_stamp` reads no stamp for a machine date that is no UTC instant to the minute,
    `_clock_above` no row for one with no instant; `first_date` is cached (its dates are
    immutable) and gives `find_dates`'s first."""
    for machine in MACHINES:
        for tag, stamps in itertools.product([None, *STAMPS], [[], STAMPS[:3], STAMPS[3:]]):
            meta = PageMeta(published_tag=tag, time_stamps=stamps)
            assert published._local_stamp(machine, meta) == plain_local_stamp(machine, meta)
        for above, zone in itertools.product(STAMPS, ZONES):
            found = published._clock_above(above, machine, zone)
            assert found == plain_clock_above(above, machine, zone)
    for above in STAMPS:
        assert published.first_date(above) == next(iter(dates.find_dates(above)), None)


def test_every_screen_reader_class_holds_a_key() -> None:
    """`drop_noise` looks only at values holding one of `_SR_KEYS`: each class it drops must."""
    for name in tree._SCREEN_READER_ONLY:
        assert any(key in name for key in tree._SR_KEYS), name


@FUZZ
@given(st.lists(class_names, max_size=8), st.sampled_from(range(4)))
def test_containing_is_the_values_holding_a_key(values: list[str], which: int) -> None:
    keys = tree._SR_KEYS[: which + 1]
    attrs = tree.Attributes(values, "\0".join(set(values)), [])
    assert attrs.containing(keys) == {v for v in set(values) if any(k in v for k in keys)}


# Sign-offs: `_signs_off` as it was, its key words tested one by one, the search on every line
# that holds one.
PLAIN_SIGN_OFF_WORDS = (
    "@",
    "— With",
    "– With",
    "- With",
    "rite to",
    "ontributed",
    "eached",
    "ollow",
    "riter",
    "eporter",
    "orrespondent",
    "ditor",
    "olumnist",
    "ournalist",
    "ind out more",
    "atch ",
    "ickets",
    "ook now",
    "roduced by",
    "o position",
    "o positions",
    "eports from",
    "ompiled by",
    "omments to",
    "omment to",
)


def _plain_signs_off(text: str) -> bool:
    for word in PLAIN_SIGN_OFF_WORDS:
        if word in text:
            return PLAIN_SIGN_OFF.search(text) is not None or bool(credits.contributors(text))
    return False


SIGN_OFF_SAMPLES = [
    "Jane Roe contributed to this report.",
    "Jane Roe may be reached at jroe@example.com",
    "Contact the reporter at jroe@example.com",
    "Write to Jane Roe at jane.roe@example.com",
    "Jane Roe contributed reporting from Kyiv.",
    "Jane Roe is a staff writer for the Herald.",
    "Jane Roe is a senior editor. Email: jroe@example.com",
    "Follow him on Twitter",
    "follow @jdoe and @jroe on Instagram",
    "Jane is on Twitter. Sign up to follow @jroe",
    "— With Kristine Alcaraz, Jo Bell",
    "(With reports from Jane Roe)",
    "- Jane Roe; jroe@example.com",
    "– Jane Roe, Senior Editor, Light Reading",
    "Follow us on Facebook",
    "This article was produced by Acme",
    "Jane has no positions in any of the stocks mentioned",
    "Follow AP's full coverage of the vote",
    "when the season restarts - find out more here.",
    " – watch it live",
    " — get tickets",
    " - book now",
    "Follow Jane Roe on Twitter.",
    "Follow the author on X",
    "Contributed by Jane Roe from Kyiv.",
    "Compiled by Jane Roe.",
    "Comments to editor@example.com.",
    "Jane Roe İS A WRITER FOR the Herald",
    "Follow uſ on Twitter",
    "Jane Roe contrıbuted to this report.",
]
"""A match of each `_SIGN_OFF` branch (and some in the letters IGNORECASE takes for i and s)."""
SIGN_OFF_TEXT_PIECES = [*SIGN_OFF_SAMPLES, *SIGN_OFF_PIECES, *PLAIN_SIGN_OFF_WORDS]
SIGN_OFF_TEXT_PIECES += ["rite", "eport", "omment", " With", "ı", "ſ", "İ", "K", "字", "@"]


@FUZZ
@given(st.lists(st.sampled_from(SIGN_OFF_TEXT_PIECES), max_size=8).map("".join))
def test_signs_off_is_the_word_loop_and_the_plain_search(text: str) -> None:
    """The grouped key words are the words, and so `_signs_off` is the plain loop and search."""
    for case in (text, text.swapcase(), text.upper(), text.lower()):
        assert cleanup._holds_sign_off_word(case) == any(w in case for w in PLAIN_SIGN_OFF_WORDS)
        assert cleanup._signs_off(case) == _plain_signs_off(case), case


@pytest.mark.parametrize("sample", SIGN_OFF_SAMPLES)
def test_sign_off_phrase_finds_each_branch(sample: str) -> None:
    for case in (sample, sample.swapcase(), sample.upper(), f"x {sample}"):
        assert cleanup._sign_off_phrase(case) == bool(PLAIN_SIGN_OFF.search(case)), case
    assert PLAIN_SIGN_OFF.search(sample), sample


@pytest.mark.parametrize("word", PLAIN_SIGN_OFF_WORDS)
def test_each_sign_off_word_is_held(word: str) -> None:
    for case in (word, f"Jane {word} x", word.swapcase(), word.upper(), word[1:], word[:-1]):
        held = any(w in case for w in PLAIN_SIGN_OFF_WORDS)
        assert cleanup._holds_sign_off_word(case) == held, case


# Tables, pictures and captions: the plain forms walked with ElementPath (`findall`, `find`) and
# asked each line about its block, however many lines share it.


def _plain_grid_row(block: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    row = cleanup.table_row(block)
    if row is None or len(row.findall("td")) + len(row.findall("th")) < 2:
        return None
    return row


def _plain_grid_rows(lines: list[tree.Line]) -> list[tree.Line]:
    out: list[tree.Line] = []
    pos = 0
    while pos < len(lines):
        row = _plain_grid_row(lines[pos].block)
        end = pos + 1
        while row is not None and end < len(lines) and _plain_grid_row(lines[end].block) is row:
            end += 1
        group = lines[pos:end]
        if (
            row is not None
            and len(cells := set(map(cleanup._cell, (line.block for line in group)))) >= 2
            and len(group) <= 2 * len(cells)
            and all(cleanup._short_cell(line.text) for line in group)
        ):
            text = " ".join(line.text for line in group)
            link_chars = sum(line.link_chars for line in group)
            out.append(tree.Line(text, row, min(link_chars, len(text)), group[0].index))
        else:
            out.extend(group)
        pos = end
    return out


def _plain_styled_caption(line: tree.Line) -> bool:
    block = line.block
    if block.find(".//img") is None:
        return False
    return any(
        cleanup._CAPTION_CLASS.search(el.get("class") or "")
        and tree.collapse(el.text_content()) == line.text
        for el in block.iterdescendants()
        if el.tag != "img"
    )


def _plain_marked_caption(line: tree.Line) -> bool:
    children = list(line.block)
    if not any(el.tag == "img" for el in children):
        return False
    marked = next(
        (
            el
            for el in children
            if el.get("itemprop") == "caption"
            or cleanup._CAPTION_CLASS.search(el.get("class") or "")
        ),
        None,
    )
    return marked is not None and line.text in tree.collapse(marked.text_content())


def _plain_classed_caption(line: tree.Line) -> bool:
    own = line.block.get("class") or ""
    if not (
        cleanup._CAPTION_CLASS.search(own)
        or cleanup._PICTURE_CAPTION.search(own)
        or cleanup.boxed_credit(line.block)
    ):
        return _plain_marked_caption(line)
    if measures.ends_sentence(line.text) and not cleanup._PICTURE_CAPTION.search(own):
        return False
    if len(line.block.findall(".//br")) >= cleanup._TEXT_BREAKS:
        return False
    box = line.block.getparent()
    for _ in range(2):
        if box is None:
            return False
        if next(box.iter("img"), None) is not None:
            return True
        box = box.getparent()
    return False


def _plain_picture_box(box: lxml.html.HtmlElement) -> bool:
    if next(itertools.islice(box.iterchildren(), cleanup._BOX_CHILDREN, None), None) is not None:
        return False
    return box.find("img") is not None or box.find("a/img") is not None


def _plain_donate_button_below(lines: list[tree.Line], pos: int) -> int | None:
    following = lines[pos + 1 : pos + 4]
    buttons = [
        i
        for i, after in enumerate(following)
        if after.link_density > 0.5 and cleanup._DONATE.fullmatch(after.text)
    ]
    if not buttons:
        return None
    if measures.ends_sentence(lines[pos].text) and not cleanup._APPEAL_WORDS.search(
        lines[pos].text
    ):
        return None
    boxed = any(
        all(
            after.block is box or cleanup._within(after.block, box, 2)
            for after in following[: buttons[0] + 1]
        )
        for box in itertools.islice(lines[pos].block.iterancestors(), 2)
    )
    return pos + 1 + buttons[0] if boxed else None


_PIECE_CLASSES = ["", "caption", "img_desc", "pic-title", "credit", "photo_txt", "title", "x"]
_PIECE_WORDS = ["Photo: AP", "A short line", "A sentence ends here.", "123,4", "Donate", "字字"]
_PIECE_WORDS += ["Please donate now", "Support us", "Local news matters", "是", "Join"]


def _random_boxes(rng: random.Random) -> str:
    """Boxes of pictures, captions, credits, <br>-parted lines, linked buttons and tables of
    one or more cells, nested a few levels."""

    def words() -> str:
        return rng.choice(_PIECE_WORDS)

    def attrs() -> str:
        cls = rng.choice(_PIECE_CLASSES)
        prop = ' itemprop="caption"' if rng.random() < 0.1 else ""
        return f' class="{cls}"{prop}' if cls else prop

    def node(depth: int) -> str:
        step = rng.random()
        if depth > 3 or step < 0.2:
            picture = "<img src='a.jpg' alt='A short line here and more words'>"
            linked = f"<a href='/x'>{words()}</a>"
            return rng.choice([words(), picture, "<br>", linked, "<a><img src='b.jpg'></a>"])
        if step < 0.35:
            cells = "".join(
                f"<{rng.choice(['td', 'th', 'td'])}>{node(depth + 1)}</td>"
                for _ in range(rng.randint(1, 3))
            )
            return f"<table><tr>{cells}</tr><tr><td>{words()}</td><td>{node(depth + 1)}</td>"
        tag = rng.choice(["div", "p", "span", "figure", "figcaption", "section"])
        inner = "".join(node(depth + 1) for _ in range(rng.randint(1, 5)))
        return f"<{tag}{attrs()}>{inner}</{tag}>"

    return "<html><body>" + "".join(node(0) for _ in range(rng.randint(2, 8))) + "</body></html>"


@pytest.mark.parametrize("seed", range(150))
def test_caption_and_table_tests_are_their_plain_walks(seed: int) -> None:
    rng = random.Random(seed)
    root = tree.parse(_random_boxes(rng))
    assert root is not None
    lines = tree.lines(root)
    captions: dict[lxml.html.HtmlElement, frozenset[str]] = {}
    for pos, line in enumerate(lines):
        assert cleanup._styled_caption(line, captions) == _plain_styled_caption(line)
        assert cleanup._styled_caption(line, {}) == _plain_styled_caption(line)
        assert cleanup._classed_caption(line) == _plain_classed_caption(line)
        assert cleanup._marked_caption(line) == _plain_marked_caption(line)
        assert cleanup._donate_button_below(lines, pos) == _plain_donate_button_below(lines, pos)
        assert cleanup.grid_row(line.block) is _plain_grid_row(line.block)
    for el in root.iter():
        assert cleanup._picture_box(el) == _plain_picture_box(el)
    for start, end in [(0, len(lines)), *[sorted(rng.sample(range(len(lines) + 1), 2))] * 3]:
        fast, plain = cleanup.grid_rows(lines[start:end]), _plain_grid_rows(lines[start:end])
        assert [(x.text, x.block, x.link_chars, x.index) for x in fast] == [
            (x.text, x.block, x.link_chars, x.index) for x in plain
        ]


# Titles and metadata.


@FUZZ
@given(st.text(alphabet=st.sampled_from([*WHITESPACE, "\u200b", "\ufeff", "a", "A", "İ", "字"])))
def test_title_norm_is_the_space_regex(text: str) -> None:
    assert title._norm(text) == re.sub(r"\s+", "", text).lower()


def test_integer_link_density_is_the_ratio() -> None:
    """`choose_title` and `_donate_button_below` compare link characters to the line's length
    in integers: `link_density > 0.5` exactly, an empty line too."""
    for chars, link_chars in itertools.product(range(300), range(320)):
        assert (2 * link_chars > chars) == (link_chars / max(1, chars) > 0.5)


def plain_is_title_like(line: tree.Line) -> bool:
    """`title._is_title_like` as it was before `_titled_block`."""
    block = line.block
    if block.tag in tree.HEADINGS:
        return True
    parent = block.getparent()
    if parent is not None and parent.tag in tree.HEADINGS:
        return True
    if title._title_class(block.get("class") or "", block.get("id") or ""):
        return True
    return parent is not None and title._title_class(
        parent.get("class") or "", parent.get("id") or ""
    )


@pytest.mark.parametrize("seed", range(60))
def test_titled_block_is_title_like(seed: int) -> None:
    """Each parent looked up once, as a line of a block under it asks."""
    page = _random_boxes(random.Random(seed)).replace("<section", "<h2").replace("section>", "h2>")
    page = page.replace("<figure", "<h1 id='story-title'").replace("</figure>", "</h1>")
    root = tree.parse(page)
    assert root is not None
    parents: dict[lxml.html.HtmlElement, bool] = {}
    for line in tree.lines(root):
        expected = plain_is_title_like(line)
        assert title._titled_block(line.block, parents) == expected
        assert title._is_title_like(line) == expected


META_KEYS = ["og:title", "OG:Title ", "og:type", "article:published_time", "date", "pubdate"]
META_KEYS += ["og:site_name", "source", "language", "", " ", "twitter:title", "dc.date"]


@FUZZ
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["property", "name", "itemprop"]),
            st.sampled_from(META_KEYS),
            st.sampled_from(["", " ", "x", "2020-06-03", "Video", " Acme "]),
        ),
        max_size=8,
    )
)
def test_meta_tags_are_the_first_filled_value_of_each_key(
    metas: list[tuple[str, str, str]],
) -> None:
    tags = "".join(f'<meta {attr}="{key}" content="{content}">' for attr, key, content in metas)
    root = tree.parse(f"<html><head>{tags}</head><body><p>x</p></body></html>")
    assert root is not None
    plain: dict[str, str] = {}
    for el in root.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = (el.get("content") or "").strip()
        if key and content and key not in plain:
            plain[key] = content
    found = meta.read_meta(root)
    assert found.published_tag == next((plain[k] for k in meta._DATE_KEYS if k in plain), None)
    assert found.title == next(
        (plain[k] for k in ("og:title", "twitter:title") if k in plain), None
    )
    assert found.og_type == (plain["og:type"].lower() if "og:type" in plain else None)
    assert (found.site_name, found.source) == (plain.get("og:site_name"), plain.get("source"))


def test_named_is_the_xpath_it_compiles() -> None:
    root = tree.parse(
        '<html><body><div itemprop="author"><span itemprop="name">Jane Roe</span>'
        '<meta property="name" content="Jo"><b itemprop="name"><i property="name">J</i></b>'
        '</div><p property="author">Joe Bloggs</p><p itemprop="names">x</p></body></html>'
    )
    assert root is not None
    for el in root.iter():
        assert meta._NAMED(el) == el.xpath(".//*[@itemprop='name' or @property='name']")


def _plain_json_ld(scripts: list[lxml.html.HtmlElement]) -> list[dict[str, object]]:
    objects: list[dict[str, object]] = []
    for script in scripts:
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = (script.text or "").strip()
        if not raw or len(raw) > meta._MAX_JSON:
            continue
        try:
            data = json.loads(raw, strict=False)
        except (ValueError, RecursionError):
            continue
        objects.extend(meta._walk_json(data))
    return objects


SCRIPT_TYPES = [None, "", " ", "application/ld+json", " Application/LD+JSON ", "text/javascript"]


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(SCRIPT_TYPES), st.sampled_from(['{"a": 1}', "", "x"]))))
def test_json_ld_reads_the_scripts_the_plain_test_reads(
    scripts: list[tuple[str | None, str]],
) -> None:
    attrs = ["" if kind is None else f' type="{kind}"' for kind, _ in scripts]
    page = "".join(
        f"<script{a}>{text}</script>" for a, (_, text) in zip(attrs, scripts, strict=True)
    )
    root = tree.parse(f"<html><head>{page}</head><body><p>x</p></body></html>")
    assert root is not None
    found = list(root.iter("script"))
    assert meta._json_ld(found) == _plain_json_ld(found)
