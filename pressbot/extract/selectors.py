"""Per-site selector overrides: CSS, or XPath when the selector starts with "/" or "("."""

from __future__ import annotations

import re

import lxml.etree
from lxml.html import HtmlElement

from pressbot.extract.credits import parse_credit_line, split_names
from pressbot.extract.tree import collapse
from pressbot.sites import field_xpath


def unusable(field: str) -> str:
    """The warning for a selector that matched, but nothing the field can use."""
    return f"{field}: the site's selector matched nothing usable; generic value kept"


def apply_selectors(
    root: HtmlElement, selectors: dict[str, str], warnings: list[str]
) -> dict[str, list[str]]:
    """Field -> texts of the matched elements, attributes or text nodes; the body's elements
    are marked for the line walk. A selector that fails on this page, or matches only empty
    text, leaves its field to generic extraction, with a warning."""
    found: dict[str, list[str]] = {}
    for field, selector in selectors.items():
        try:
            result = field_xpath(selector)(root)
        except (lxml.etree.XPathError, re.error, TypeError) as exc:
            # the loader tries each selector on a tiny page, yet a step it did not reach may
            # fail here ("re:test(., '(')": Python's re.error; a wrong count of arguments to
            # re:test: TypeError); and a config built in code is never loaded
            warnings.append(f"{field}: the site's selector failed ({exc}); generic value kept")
            continue
        matched = result if isinstance(result, list) else [result]
        if not matched:
            continue
        if field == "body":
            elements = [el for el in matched if isinstance(el, HtmlElement)]
            for el in elements:
                el.set("data-pressbot-body", "1")
            if elements:
                found["body"] = []
            else:
                warnings.append(unusable(field))
            continue
        texts = [collapse(_text(item)) for item in matched]
        if any(texts):
            found[field] = [t for t in texts if t]
        else:
            warnings.append(unusable(field))
    return found


def _text(item: object) -> str:
    """An element's text, or an attribute's value or a text node (`@content`, `text()`)."""
    if isinstance(item, HtmlElement):
        return str(item.text_content())
    return item if isinstance(item, str) else ""


def site_names(field: str, texts: list[str]) -> list[str]:
    """The names a credit field's selector matched: the credit grammar's for that field when a
    text carries labels ("编辑：林晓 责任编辑：周宁", "By Jane Roe"), else the text as names."""
    names: list[str] = []
    for text in texts:
        credits = parse_credit_line(text)
        names += getattr(credits, field) if credits else split_names(text)
    return list(dict.fromkeys(names))


def site_source(texts: list[str]) -> str | None:
    """The source a selector matched: the grammar's from a labelled text ("发布时间：… 来源：X"),
    else the text itself."""
    for text in texts:
        credits = parse_credit_line(text)
        source = credits.source if credits else text
        if source:
            return source
    return None
