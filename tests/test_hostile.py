"""Hostile documents through `extract`: each ends in a clear outcome, never an exception.

Bounds (see pressbot.extract and pressbot.extract.tree): pages are cut at MAX_BYTES (8 MB) and
MAX_LINES (20,000 text lines) with a warning, so time and memory stay bounded whatever the input;
bench/hostile.py prints the time and peak memory of each case.
"""

from __future__ import annotations

import codecs
import json

import pytest

from pressbot import extract
from pressbot.extract import MAX_BYTES
from pressbot.schema import record_errors

ARTICLE = "<p>" + "新闻发布会上，发言人介绍了有关情况，并回答了记者提问。" * 8 + "</p>"


def page(body: str | bytes, head: str = "") -> bytes:
    body = body.encode("utf-8") if isinstance(body, str) else body
    return f"<html><head>{head}<title>标题</title></head><body>".encode() + body + b"</body></html>"


CASES = {
    "nested 10,000 deep": page("<div>" * 10_000 + ARTICLE + "</div>" * 10_000),
    "50 MB page": page(ARTICLE + "<p>filler text here.</p>" * (50_000_000 // 24)),
    "one 10 MB text node": page("<p>" + "字" * 10_000_000 + "</p>"),
    "100,000 links": page("".join(f'<a href="/a{i}.html">link {i}</a>' for i in range(100_000))),
    "NUL bytes": page(b"<p>abc\x00def</p>" * 1000),
    "mixed encodings": page(ARTICLE.encode("utf-8") + ARTICLE.encode("gbk")),
    "invalid surrogates in JSON-LD": page(
        ARTICLE,
        head='<script type="application/ld+json">{"@type": "NewsArticle", '
        '"headline": "\\ud800 bad", "author": {"name": "\\udc00x"}, '
        '"datePublished": "2020-06-02T10:00:00\\udfff"}</script>',
    ),
    "unclosed everything": ARTICLE.encode() * 50 + b"<div><table><tr><td><p><span>",
    # found by fuzz/extract_target.py: a control character in text that noise removal moves
    "control character in a tail": page(ARTICLE + "<p>a<script>x</script>\x0b tail</p>"),
    # one XPath test per article-like class value would make this quadratic
    "50,000 article-like class names": page(
        "".join(f'<div class="news-content-{i}">{ARTICLE}</div>' for i in range(50_000))
    ),
    "quotes in article-like class names": page(
        f"<div class=\"news_content 'a'\">{ARTICLE}</div>"
        f"<div class='story-body \"b\"'>{ARTICLE}</div>"
        f'<div class="post-text \'&quot;">{ARTICLE}</div>'
    ),
    "garbage lang attribute": b"<html lang=',en\"'><body>" + ARTICLE.encode() + b"</body></html>",
}


@pytest.mark.parametrize("name", CASES)
def test_hostile_page_gives_a_clear_outcome(name: str) -> None:
    data = CASES[name]
    article = extract(data, "http://example.cn/2020/0602/a.html", raise_errors=True)
    assert article.extraction.page_type in {
        "article",
        "no-body",
        "not-article",
        "listing",
        "binary",
    }
    if len(data) > MAX_BYTES:
        assert any("cut" in w for w in article.extraction.warnings), article.extraction.warnings
    if article.is_article:
        record = article.to_dict()
        assert not list(record_errors(record))
        json.dumps(record, ensure_ascii=False).encode("utf-8")  # no lone surrogates survive


def test_deep_page_keeps_no_navigation_as_body() -> None:
    nav = "".join(f'<li><a href="/c{i}/">栏目{i}</a></li>' for i in range(40))
    footer = (
        "<div class='footer'>版权所有 © 2020 某某网 京ICP备12345678号 地址：北京市某区某路1号</div>"
    )
    article = extract(page(f"<ul class='nav'>{nav}</ul>{footer}"), raise_errors=True)
    assert not article.is_article, article.body


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32"])
def test_wide_unicode_with_a_bom_is_text_not_binary(codec: str) -> None:
    """Half of UTF-16's bytes are NULs, which mark binary files elsewhere; its BOM (the
    BE one added by hand: Python writes none for utf-16-be) says it is text."""
    html = page(ARTICLE).decode("utf-8")
    data = html.encode(codec)
    if codec == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    wide = extract(data, "http://example.cn/2020/0602/a.html", raise_errors=True).to_dict()
    narrow = extract(html.encode("utf-8"), "http://example.cn/2020/0602/a.html").to_dict()
    assert wide["extraction"]["page_type"] == "article"
    assert wide["extraction"]["encoding"].startswith(codec.replace("-", "_")[:6])
    assert {k: v for k, v in wide.items() if k != "extraction"} == {
        k: v for k, v in narrow.items() if k != "extraction"
    }
