"""Characters that print nothing (direction marks, word joiners, soft hyphens, zero-width
joiners) never start or end a record's text, and never tell two names apart: a consumer that
compares names or titles compares what a reader sees. Inside a title or a paragraph they stay
(a joiner inside a word shapes it); inside a name only the joiners that shape a script stay."""

from __future__ import annotations

import pytest

from pressbot import extract
from pressbot.normalize import body, names, text

INVISIBLE_ENDS = "\u200e\u200f\u2060\u00ad\u200d\u202c\u2069\u061c"


@pytest.mark.parametrize("mark", list(INVISIBLE_ENDS))
def test_text_never_starts_or_ends_with_an_invisible_character(mark: str) -> None:
    assert text(f"{mark} Harbour plan approved {mark}") == "Harbour plan approved"
    assert text(f"Harbour plan approved{mark}") == "Harbour plan approved"
    assert text(mark) is None, "a value of invisible characters only is no value"


def test_an_invisible_character_inside_a_title_stays() -> None:
    persian = "\u0645\u062d\u0645\u062f\u200c\u0631\u0636\u0627"  # a ZWNJ shapes the word
    assert text(f"{persian} \u200f") == persian


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        (["林晓\u200e", "林晓"], ["林晓"]),
        (["周\u00ad宁"], ["周宁"]),
        (["Jane\u2060 Roe", "Jane Roe"], ["Jane Roe"]),
        (["\u202aJane Roe\u202c"], ["Jane Roe"]),
        (["\u200f", "Jane Roe"], ["Jane Roe"]),
        (
            ["\u0645\u062d\u0645\u062f\u200c\u0631\u0636\u0627"],
            ["\u0645\u062d\u0645\u062f\u200c\u0631\u0636\u0627"],
        ),
    ],
)
def test_names_differ_only_in_what_prints(printed: list[str], expected: list[str]) -> None:
    assert names(printed) == expected


def test_a_paragraph_of_invisible_characters_is_no_paragraph() -> None:
    assert body("First paragraph.\u200e\n\u200f\u2060\nSecond paragraph.") == (
        "First paragraph.\nSecond paragraph."
    )


_TEXT = "".join(
    f"<p>{sentence}</p>"
    for sentence in (
        "记者从港城市人力资源和社会保障局获悉，夏季招聘会将于六月二十日在市会展中心举办，提供岗位逾八千个。",
        "今年的招聘会首次采用线上线下同步举办的方式，求职者可通过手机应用提前预约面试时段。",
        "主办方表示，招聘会期间将设立政策咨询台，为求职者解答社保、就业补贴等方面的问题。",
    )
)


def test_a_crawled_page_gives_names_and_title_without_invisible_characters() -> None:
    page = (
        "<html lang='zh-CN'><head><meta charset='utf-8'><title>港城夏季招聘会举办</title></head>"
        "<body><article><h1>港城夏季招聘会举办\u200e</h1>"
        f"{_TEXT}<p>编辑：林晓\u200e 责任编辑：周\u00ad宁\u2060</p></article></body></html>"
    )
    article = extract(page.encode(), "http://www.example.gov.cn/news/2020-06/12/content_1.htm")
    assert article.title == "港城夏季招聘会举办"
    assert article.editors == ["林晓"]
    assert article.responsible_editors == ["周宁"]
    assert all(line == line.strip(INVISIBLE_ENDS) for line in article.credit_lines)
