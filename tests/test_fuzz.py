"""Property-based fuzzing of the extraction entry points (hypothesis).

For arbitrary bytes, arbitrary HTML trees and arbitrary credit strings: extraction never raises
(run in raise mode, so an internal error fails the test instead of becoming page_type "error"),
every record it would publish fits the schema, and no label word ever ends up inside a name.
"""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pressbot import extract
from pressbot.extract.credits import (
    LABEL_RE,
    ROLE_LABELS,
    may_hold_label,
    parse_credit_line,
    split_names,
    strip_brackets,
    trailing_credit,
)
from pressbot.extract.dates import find_dates, url_date
from pressbot.schema import record_errors

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LABEL_WORDS = [w for labels in ROLE_LABELS.values() for w in labels if len(w) > 1]
LABEL_IN_NAME = re.compile(
    "|".join(re.escape(w) for w in LABEL_WORDS if not w.isascii())
    + "|"
    + "|".join(rf"\b{re.escape(w)}\b" for w in LABEL_WORDS if w.isascii()),
    re.IGNORECASE,
)
SCHEMA_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z))?$")

cjk_text = st.text(
    alphabet=st.sampled_from(
        list("新闻发布会国务院记者编辑责任来源日电（）()【】：:、，。 \n\t0123456789")
        + list("abcdeEditorSourceBy ")
    ),
    max_size=80,
)
credit_strings = st.lists(
    st.one_of(st.sampled_from([*LABEL_WORDS, *"：:丨|/、,（）", " and "]), cjk_text),
    max_size=12,
).map("".join)

TAGS = [
    "div",
    "p",
    "span",
    "a",
    "h1",
    "h2",
    "li",
    "ul",
    "td",
    "tr",
    "table",
    "article",
    "br",
    "script",
    "style",
    "section",
    "em",
    "strong",
]


@st.composite
def html_trees(draw: st.DrawFn, depth: int = 0) -> str:
    children = draw(
        st.lists(
            st.one_of(cjk_text, credit_strings, html_trees(depth + 1)) if depth < 4 else cjk_text,
            max_size=5,
        )
    )
    tag = draw(st.sampled_from(TAGS))
    attrs = draw(
        st.sampled_from(
            [
                "",
                ' class="content"',
                ' class="comment"',
                ' id="main"',
                ' class="share"',
                ' href="javascript:void(0)"',
            ]
        )
    )
    return f"<{tag}{attrs}>{''.join(children)}</{tag}>"


def _check(article_html: str | bytes, url: str | None) -> None:
    article = extract(article_html, url, raise_errors=True)
    if article.is_article:
        assert not list(record_errors(article.to_dict())), article.to_dict()
    for name in [*article.authors, *article.editors, *article.responsible_editors]:
        assert not LABEL_IN_NAME.search(name), name


@FUZZ
@given(st.binary(max_size=4096), st.sampled_from([None, "http://x.gov.cn/a/t20200602_1.html"]))
def test_arbitrary_bytes(data: bytes, url: str | None) -> None:
    _check(data, url)


@FUZZ
@given(st.lists(html_trees(), min_size=1, max_size=4), st.sampled_from(["utf-8", "gbk"]))
def test_arbitrary_html_trees(trees: list[str], charset: str) -> None:
    head = f'<html><head><meta charset="{charset}"><title>标题 - 网站</title></head><body>'
    page = head + "".join(trees) + "</body></html>"
    _check(page.encode(charset, errors="replace"), "http://example.cn/2020-06/02/c_1.htm")
    _check(page, None)


@FUZZ
@given(credit_strings)
def test_credit_grammar_never_leaks_labels_into_names(line: str) -> None:
    for parsed in (parse_credit_line(line), (trailing_credit(line) or (None, None, None))[2]):
        if parsed is None:
            continue
        for name in [*parsed.authors, *parsed.editors, *parsed.responsible_editors]:
            assert name.strip() == name and name
            assert not LABEL_IN_NAME.search(name), (line, name)
    for name in split_names(line):
        assert name and name.strip() == name


@FUZZ
@given(st.text(max_size=200), st.sampled_from([None, "Asia/Shanghai"]))
def test_dates_parse_or_not_but_always_print_schema_times(text: str, zone: str | None) -> None:
    for found in find_dates(text):
        assert SCHEMA_TIME.match(found.iso(ZoneInfo(zone) if zone else None)), found
    found_url = url_date("http://x.cn/" + text)
    assert found_url is None or SCHEMA_TIME.match(found_url.iso(None))


@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                [*LABEL_WORDS, "By", "by", "SOURCE", " ", "\u3000", "\t", "【", "）", "A", "x"]
            ),
            cjk_text,
            st.text(max_size=3),
        ),
        max_size=8,
    ).map("".join)
)
@example("SOURCE Acme Foods Corp.")  # PR Newswire's closing line
@example("记者 张三 北京报道")  # a CJK label set off by a space alone
@example("by Jane Roe")
@example("byJane Roe")  # glued
@example("。ByAuthor")  # a glued "By" after what `strip_brackets` takes off
@example(" 【 ByAuthor")
def test_lines_the_label_prefilter_skips_hold_no_label(line: str) -> None:
    """`parse_credit_line` skips lines without a separator, "by " or a space after CJK text
    before running the label grammar: no line it skips may hold a label."""
    if not may_hold_label(line):
        assert LABEL_RE.search(strip_brackets(line)) is None
