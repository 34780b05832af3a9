"""The record pressbot publishes: one `Article` per page, one JSONL line per article.

Field order is record order. `pressbot/schema/article.schema.json` is the contract with
downstream feeds; a change here that changes the record bumps `SCHEMA_VERSION`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

SCHEMA_VERSION = "pressbot.article/1"


@dataclass
class Extraction:
    """How a record was made, so a consumer can judge it and a maintainer can debug it."""

    page_type: str = "article"
    """"article", or why the page is not one: "listing", "not-article", "empty", "binary",
    "not-html" (JSON, a feed, a script, plain text), "no-body", "error"."""
    encoding: str | None = None
    """The codec the bytes were decoded with (after GB-family upgrades to gb18030)."""
    methods: dict[str, str] = field(default_factory=dict)
    """Field name -> where its value came from: "site", "json-ld", "heading:h1", "dateline",
    "url", ..."""
    warnings: list[str] = field(default_factory=list)
    """Per-field failures and doubts, e.g. "published_at: unparseable '2020年13月'"."""


@dataclass
class Article:
    """One article page as a normalised record; every field but `schema` and `body` may be empty."""

    schema: str = SCHEMA_VERSION
    """Record format tag; bumps when the JSON Schema changes incompatibly."""
    url: str | None = None
    """The URL the page was fetched from (or given with a saved file)."""
    canonical_url: str | None = None
    """Dedup form of the URL: w3lib-canonicalised, tracking parameters and fragment dropped."""
    site: str | None = None
    """Site config name, e.g. "demo"; None for pages parsed without a site."""
    language: str | None = None
    """"zh", "en", ... from the site config, `<html lang>` or the script of the body."""
    title: str | None = None
    """Headline as shown on the page, without a site-name suffix."""
    body: str = ""
    """Article paragraphs joined by "\\n"; no credit lines, disclaimers, share bars, navigation."""
    published_at: str | None = None
    """ISO 8601: "2020-06-02T10:31+08:00", at the precision the page shows (its metadata's when
    it shows no time); "2020-06-02" when no time is known, or no zone."""
    authors: list[str] = field(default_factory=list)
    """作者 / 记者 / 文 / By / Reporter names, as printed, minus brackets and staff codes."""
    editors: list[str] = field(default_factory=list)
    """编辑 / Edit / Editor / Web editor names (not 责任编辑, not 图片编辑)."""
    responsible_editors: list[str] = field(default_factory=list)
    """责任编辑 / 责编 / Responsible editor names."""
    source: str | None = None
    """Outlet the text comes from: 来源 / Source / a trailing "(新华社)" credit."""
    credit_lines: list[str] = field(default_factory=list)
    """The lines the credits were read from, in page order, as pressbot reads page text:
    whitespace collapsed, without scripts, hidden elements and javascript: controls."""
    fetched_at: str | None = None
    """When the crawl fetched the page (UTC, ISO 8601); None for offline parsing without a time."""
    content_hash: str | None = None
    """sha256 hex of the normalised body: the exact-duplicate key."""
    simhash: str | None = None
    """64-bit SimHash of the body's shingles as 16 hex digits: the near-duplicate key."""
    extraction: Extraction = field(default_factory=Extraction)
    """How each field was found, and what went wrong."""

    @property
    def is_article(self) -> bool:
        return self.extraction.page_type == "article"

    def to_dict(self, *, copy: bool = True) -> dict[str, Any]:
        """The published record: plain JSON types, keys in schema order.

        `dataclasses.asdict` without its deep copies (a fresh list or dict per field is copy
        enough for strings): 10 µs instead of 45. With `copy=False` the record shares the
        article's lists and dicts, for a reader that neither keeps nor changes it: validation
        and serialisation, which the crawl and offline parsing do for every record."""
        if not copy:
            record = {name: getattr(self, name) for name in _ARTICLE_FIELDS}
            record["extraction"] = {name: getattr(self.extraction, name) for name in _INFO_FIELDS}
            return record
        record = {name: _copy(getattr(self, name)) for name in _ARTICLE_FIELDS}
        record["extraction"] = {
            name: _copy(getattr(self.extraction, name)) for name in _INFO_FIELDS
        }
        return record

    @classmethod
    def field_names(cls) -> list[str]:
        return [f.name for f in fields(cls)]


_ARTICLE_FIELDS = tuple(f.name for f in fields(Article))
_INFO_FIELDS = tuple(f.name for f in fields(Extraction))


def _copy(value: Any) -> Any:
    """A field's value for a record: lists and dicts copied (their items are strings)."""
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return dict(value)
    return value
