"""What a worker process does with a page: the crawl's extraction and its publishing gate.

`pressbot.extract` makes the Article, exactly as the spider does; then the same checks as the
crawl's validate and normalise pipelines decide whether it is published: an article with a body
that fits the record schema, normalised once more. The worker also serialises the record, so the
parent only writes lines and asks the dedup store.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pressbot.extract.preload  # noqa: F401 - extraction's patterns, before workers start
from pressbot.dedup import NearKeys, near_keys
from pressbot.dedup.keys import url_problem
from pressbot.document import header_value, with_charset
from pressbot.extract import extract
from pressbot.items import Article
from pressbot.lifeline import serve
from pressbot.normalize import normalize_article
from pressbot.offline.archives import slice_items
from pressbot.offline.pages import (
    MemberRead,
    Page,
    PageError,
    Problem,
    Skip,
    SliceItem,
    Unit,
    WarcSlice,
    decode_content,
    read_page_bytes,
    where,
)
from pressbot.offline.sitechoice import SiteChooser
from pressbot.schema import record_errors
from pressbot.sites import SiteConfig

_SHOWN_ERRORS = 3


@dataclass(frozen=True, slots=True)
class Record:
    """A published record as its JSONL line, with the keys dedup needs."""

    path: str
    line: str
    url: str
    canonical_url: str | None
    content_hash: str | None
    simhash: str | None
    offset: int | None = None
    signature: bytes | None = None

    @property
    def where(self) -> str:
        return where(self.path, self.offset, self.url)


Outcome = Record | Problem | Skip

_site: SiteConfig | SiteChooser | None = None
_near = True


def init_worker(
    site: SiteConfig | SiteChooser | None, owner: int | None = None, near: bool = True
) -> None:
    """Set the site config every page of the run uses (or the chooser of each page's), and
    whether records carry near-duplicate keys (only `--dedup` reads them). A pool worker
    (`owner`: the pid of the `pressbot parse` it works for) leaves Ctrl-C to that process and
    ends when it is gone."""
    global _site, _near  # one value per process, set once before any page
    _site, _near = site, near
    if owner is not None:
        serve(owner)


def parse_chunk(items: Sequence[Unit]) -> list[Outcome | MemberRead]:
    """Parse each page of a chunk, and each page of an archive slice read here; problems and
    skips found by discovery, and the slice's `MemberRead`s, pass through."""
    return [parse_item(page) for unit in items for page in pages_of(unit)]


def pages_of(unit: Unit) -> Iterable[SliceItem]:
    """A unit's items: those of an archive slice, read here, or the item itself."""
    return slice_items(unit) if isinstance(unit, WarcSlice) else (unit,)


def parse_item(item: SliceItem) -> Outcome | MemberRead:
    if not isinstance(item, Page):
        return item
    try:
        return parse_page(item, _site, near=_near)
    except PageError as exc:
        return Problem(item.path, exc.reason, exc.detail, item.offset, item.url)
    except Exception as exc:  # a bug must cost one page, not the run
        detail = f"{type(exc).__name__}: {exc}"
        return Problem(item.path, "internal_error", detail, item.offset, item.url)


def parse_page(
    page: Page, site: SiteConfig | SiteChooser | None, *, near: bool = True
) -> Record | Problem:
    data, url, headers = _load(page)
    if isinstance(site, SiteChooser):
        site = site.for_url(url)
    if site is not None and site.encoding:  # the site's `encoding` wins, as in the crawl
        headers = {
            "Content-Type": with_charset(header_value(headers, "Content-Type"), site.encoding)
        }
    article = extract(data, url, site=site, headers=headers)
    article.fetched_at = page.fetched_at
    refused = publish_gate(article)
    if refused is not None:
        return Problem(page.path, "no_record", refused, page.offset, page.url)
    keys = near_keys(article.body, article.simhash) if near else NearKeys(None, None)
    return Record(
        page.path,
        json.dumps(article.to_dict(copy=False), ensure_ascii=False),
        article.url or url,
        article.canonical_url,
        article.content_hash,
        keys.simhash,
        page.offset,
        keys.signature,
    )


def publish_gate(article: Article) -> str | None:
    """Why the crawl would not publish `article` ("<page type> (<why>)"), else None after
    normalising it as the crawl's pipelines do (validate, then normalise)."""
    if not article.is_article:
        info = article.extraction
        return info.page_type + (f" ({info.warnings[0][:200]})" if info.warnings else "")
    if not article.body.strip():
        return "empty_body"
    errors = list(record_errors(article.to_dict(copy=False)))
    if errors:
        more = f"; +{len(errors) - _SHOWN_ERRORS} more" if len(errors) > _SHOWN_ERRORS else ""
        return f"invalid ({'; '.join(errors[:_SHOWN_ERRORS])}{more})"
    normalize_article(article)
    return None


def _info(path: Path, url: str | None) -> tuple[str | None, dict[str, object]]:
    """(url, headers) from an `info.json`: `{"url": "...", "headers": {"Name": "value"}}`,
    both optional; `url` (given on the command line) wins over its URL."""
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise PageError("bad_info_json", f"{path}: {exc}") from exc
    if not isinstance(info, dict):
        raise PageError("bad_info_json", f"{path}: not a JSON object")
    found, headers = info.get("url"), info.get("headers") or {}
    if not isinstance(found, str | None):
        raise PageError("bad_info_json", f"{path}: url is not a string")
    if found is not None and not _is_text(found):
        raise PageError("bad_info_json", f"{path}: url holds an escape of no character")
    if found is not None and url is None and (problem := url_problem(found)):
        raise PageError("bad_info_json", f"{path}: url {found!r}: {problem}")
    if not isinstance(headers, dict) or not all(isinstance(v, str) for v in headers.values()):
        raise PageError("bad_info_json", f"{path}: headers is not an object of strings")
    return url or found, headers


def _is_text(value: str) -> bool:
    """Whether `value` holds no lone surrogate (JSON's "\\udcff" escapes one)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _load(page: Page) -> tuple[bytes, str, dict[str, object] | None]:
    """(bytes, url, headers) of a page; a saved page's `info.json` gives url and headers."""
    headers = dict(page.headers) if page.headers is not None else None
    url = page.url
    if page.data is not None:
        return page.data, url or "", headers
    data = read_page_bytes(page.path)
    if page.beside_info:
        info_path = Path(page.path).with_name("info.json")
        if info_path.is_file():
            url, headers = _info(info_path, url)
        url = url or Path(page.path).resolve().as_uri()
    else:
        data = decode_content(data, header_value(headers, "Content-Encoding"))
    return data, url or "", headers
