"""pressbot against other extractors on the same gold pages, by the corpus metric.

    python -m pip install readability-lxml trafilatura gne   # the peers (optional, any subset)
    python bench/peers.py ../shared/corpus/gne ../shared/corpus/aeb

Every extractor gets the same decoded text (pressbot's decoder, so charset handling is not what
is compared). Prints body precision / recall / F1 and title accuracy per extractor and folder;
a peer that is not installed is listed as such. Nothing here is a test: it measures.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import lxml.html

from pressbot import extract
from pressbot.document import decode_html
from pressbot.evaluate import body_pr, gold_pages

Extractor = Callable[[str, str | None], tuple[str, str | None]]
"""(html text, url) -> (body text, title or None)"""


def _pressbot(html: str, url: str | None) -> tuple[str, str | None]:
    article = extract(html, url)
    return (article.body if article.is_article else ""), article.title


def _html_to_text(fragment: str) -> str:
    root = lxml.html.fromstring(fragment)
    blocks = root.xpath("//p|//li|//h1|//h2|//h3|//h4|//pre|//td|//blockquote")
    texts = [" ".join(el.text_content().split()) for el in blocks] or [root.text_content()]
    return "\n".join(t for t in texts if t)


def _peers() -> dict[str, Extractor | str]:
    found: dict[str, Extractor | str] = {}
    try:
        from readability import Document  # noqa: PLC0415

        def readability(html: str, url: str | None) -> tuple[str, str | None]:
            doc = Document(html)
            return _html_to_text(doc.summary(html_partial=True)), doc.short_title()

        found["readability-lxml"] = readability
    except ImportError:
        found["readability-lxml"] = "not installed"
    try:
        import trafilatura  # noqa: PLC0415

        def traf(html: str, url: str | None) -> tuple[str, str | None]:
            result = trafilatura.bare_extraction(html, url=url, with_metadata=True)
            if not result:
                return "", None
            return result.text or "", result.title

        found["trafilatura"] = traf
    except ImportError:
        found["trafilatura"] = "not installed"
    try:
        from gne import GeneralNewsExtractor  # noqa: PLC0415

        gne_extractor = GeneralNewsExtractor()

        def gne(html: str, url: str | None) -> tuple[str, str | None]:
            result = gne_extractor.extract(html)
            return result.get("content") or "", result.get("title")

        found["gne"] = gne
    except ImportError:
        found["gne"] = "not installed"
    return found


def measure(name: str, fn: Extractor, pages: list[tuple[dict, str]]) -> str:
    precision = recall = titles = 0.0
    failures = 0
    started = time.perf_counter()
    for gold, html in pages:
        try:
            body, title = fn(html, gold.get("url"))
        except Exception:  # a peer crashing on a page scores zero there
            body, title, failures = "", None, failures + 1
        p, r = body_pr(body, gold["body"])
        precision, recall = precision + p, recall + r
        titles += "title" in gold and (title or "").strip() == (gold["title"] or "").strip()
    seconds = time.perf_counter() - started
    n = len(pages)
    p, r = precision / n, recall / n
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    has_titles = any("title" in g for g, _ in pages)
    title = f"{titles / n:.3f}" if has_titles else "  -  "
    return (
        f"  {name:<18} P {p:.3f}  R {r:.3f}  F1 {f1:.3f}  title {title}  "
        f"{n / seconds:6.1f} pages/s  crashes {failures}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dirs", nargs="+", type=Path)
    args = parser.parse_args()
    extractors: dict[str, Extractor | str] = {"pressbot": _pressbot, **_peers()}
    for directory in args.dirs:
        pages = [(gold, decode_html(data)[1]) for gold, data in gold_pages(directory)]
        print(f"{directory} ({len(pages)} pages)")
        for name, fn in extractors.items():
            print(measure(name, fn, pages) if callable(fn) else f"  {name:<18} {fn}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
