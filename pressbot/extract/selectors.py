"""Per-site selector overrides: CSS, or XPath when the selector starts with "/" or "("."""

from __future__ import annotations

from lxml.html import HtmlElement

from pressbot.extract.tree import collapse


def _select(root: HtmlElement, selector: str) -> list[HtmlElement]:
    if selector.startswith(("/", "(")):
        return [el for el in root.xpath(selector) if isinstance(el, HtmlElement)]
    return list(root.cssselect(selector))


def apply_selectors(root: HtmlElement, selectors: dict[str, str]) -> dict[str, list[str]]:
    """Field -> texts of the matched elements; the body's elements are marked for the line walk."""
    found: dict[str, list[str]] = {}
    for field, selector in selectors.items():
        elements = _select(root, selector)
        if not elements:
            continue
        if field == "body":
            for el in elements:
                el.set("data-pressbot-body", "1")
            found["body"] = []
            continue
        texts = [collapse(el.text_content()) for el in elements]
        found[field] = [t for t in texts if t]
    return found
