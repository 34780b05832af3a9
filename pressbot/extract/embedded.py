"""The article a client-rendered page carries as data in a script instead of in its HTML.

Some platforms (学习强国, app share pages) serve a shell ("正在加载…") and a script that writes
the article from a JSON object of the same page (`globalCache["…"] = {"title": …, "content":
"<p>…</p>", "publish_time": …}`). When a page gives no article from its HTML, `embedded_page`
turns the first such object in its scripts into a plain page (headline, a source and a time
row, the content, the editors), which extraction then reads like any other. Which role a key's
value plays on the rendered page (an "editors" list may be printed as 编辑 or 责任编辑) is the
page script's choice, so keys are read for what they say."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from lxml.html import HtmlElement, fromstring

_SCRIPT_TYPES = ("", "text/javascript", "application/javascript", "module")
_MIN_SCRIPT = 500
_OBJECT_START = re.compile(r"=\s*\{")
_DECODER = json.JSONDecoder(strict=False)
_MIN_TEXT = 200
_DEPTH = 4
_TITLE_KEYS = ("title", "headline")
_CONTENT_KEYS = ("content", "articleBody", "article_body", "body", "html")
_TIME_KEYS = (
    "publish_time",
    "publishTime",
    "pub_time",
    "pubTime",
    "publish_date",
    "publishDate",
    "datePublished",
    "pubDate",
)
_SOURCE_KEYS = ("show_source", "source_name", "sourceName", "media_name", "mediaName", "source")
_AUTHOR_KEYS = ("author", "authors", "author_name", "authorName")
_EDITOR_KEYS = ("editor", "editors")
_CODE = re.compile(r"[a-z0-9_]{1,12}")
"""A source key's value that is an internal code ("gmrb"), not a name a reader sees."""
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _texts(scripts: Iterable[HtmlElement]) -> Iterator[str]:
    """The texts of the inline scripts that are long and hold paragraph markup."""
    for script in scripts:
        if script.get("src") is not None:
            continue
        if (script.get("type") or "").strip().lower() not in _SCRIPT_TYPES:
            continue
        text = script.text or ""
        if len(text) >= _MIN_SCRIPT and ("<p" in text or "\\u003cp" in text):
            yield text


def embedded_page(scripts: Iterable[HtmlElement]) -> str | None:
    """A page holding the first article object of `scripts` (a title and a content of
    paragraphs with at least 200 characters of text), or None.

    >>> data = {"title": "标题", "show_source": "某报", "source": "mb", "editors": ["乙"],
    ...         "publish_time": "2020-06-03 05:02:37", "content": "<p>" + "字" * 200 + "</p>"}
    >>> script = fromstring("<script></script>")
    >>> script.text = "var cache = {}; cache['1'] = " + json.dumps(data) + ";"
    >>> page = embedded_page([script])
    >>> "<h1>标题</h1>" in page, "来源：某报" in page, "编辑：乙" in page
    (True, True, True)
    >>> script.text = "x = {'not': 'json'}; " + "<p>" * 200
    >>> embedded_page([script]) is None
    True
    """
    for text in _texts(scripts):
        for start in _OBJECT_START.finditer(text):
            try:
                value, _ = _DECODER.raw_decode(text, start.end() - 1)
            except ValueError:
                continue
            found = next(_articles(value, 0), None)
            if found is not None:
                return _render(found)
    return None


def _articles(value: Any, depth: int) -> Iterator[Mapping[str, Any]]:
    """The objects in `value`, outermost first, that hold a title and a content of paragraphs."""
    if depth > _DEPTH:
        return
    if isinstance(value, dict):
        if _first(value, _TITLE_KEYS) and _paragraphs(_first(value, _CONTENT_KEYS)):
            yield value
            return
        children: Iterable[Any] = value.values()
    elif isinstance(value, list):
        children = value
    else:
        return
    for child in children:
        yield from _articles(child, depth + 1)


def _first(data: Mapping[str, Any], keys: tuple[str, ...]) -> str:
    """The first of `keys` with a non-empty string (or list of strings) value, joined."""
    for key in keys:
        value = data.get(key)
        if isinstance(value, list):
            value = "、".join(v.strip() for v in value if isinstance(v, str) and v.strip())
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def _paragraphs(content: str) -> bool:
    if "<p" not in content:
        return False
    try:
        text = fromstring(content).text_content()
    except (ValueError, TypeError):
        return False
    return len("".join(text.split())) >= _MIN_TEXT


def _render(data: Mapping[str, Any]) -> str:
    title = html.escape(_first(data, _TITLE_KEYS))
    content = _first(data, _CONTENT_KEYS)
    chinese = bool(_CJK.search(content))
    source = next(
        (v for k in _SOURCE_KEYS if (v := _first(data, (k,))) and not _CODE.fullmatch(v)), ""
    )
    rows = []
    if source:
        rows.append(("来源：" if chinese else "Source: ") + source)
    if when := _first(data, _TIME_KEYS):
        rows.append(when)
    if author := _first(data, _AUTHOR_KEYS):
        rows.append(("作者：" if chinese else "By ") + author)
    after = ""
    if editors := _first(data, _EDITOR_KEYS):
        after = f"<p>{'编辑：' if chinese else 'Editor: '}{html.escape(editors)}</p>"
    head = "".join(f"<div>{html.escape(row)}</div>" for row in rows)
    return (
        f"<html><head><title>{title}</title></head><body><h1>{title}</h1>{head}"
        f"<div class='article-content'>{content}</div>{after}</body></html>"
    )
