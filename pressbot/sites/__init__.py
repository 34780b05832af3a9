"""Site configs: declarative TOML, parsed once into frozen objects, errors name file and key.

Bundled configs live beside this file; `load_site(name, extra_dirs)` also looks in user folders
(the crawl passes the `PRESSBOT_SITES_DIR` setting), first match wins, user folders first.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import lxml.etree
from cssselect import GenericTranslator, SelectorError

BUNDLED_DIR = Path(__file__).parent
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
FIELDS = ("title", "body", "published_at", "authors", "editors", "responsible_editors", "source")


class SiteConfigError(ValueError):
    """A site config that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class SiteConfig:
    name: str
    start_urls: tuple[str, ...] = ()
    """Listing or index pages; relative URLs are resolved against `local_root` when it is set."""
    allowed_domains: tuple[str, ...] = ()
    article_allow: tuple[str, ...] = ()
    """Regexes an article URL must match (any); empty means every same-site link is a candidate."""
    article_deny: tuple[str, ...] = ()
    listing_allow: tuple[str, ...] = ()
    """Regexes for listing pages to follow (pagination, sections)."""
    next_page: str | None = None
    """CSS selector of the pagination "next" link."""
    max_pages: int = 50
    timezone: str = "Asia/Shanghai"
    language: str | None = None
    selectors: dict[str, str] = field(default_factory=dict)
    """Field name -> CSS selector (XPath when it starts with "/" or "("): overrides generic
    extraction for that field."""
    local_root: str | None = None
    """A folder (relative to the config file) holding a static copy of the site, for file://."""
    path: Path | None = None

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


_STR_LISTS = ("start_urls", "allowed_domains", "article_allow", "article_deny", "listing_allow")


def parse_site(data: dict[str, Any], path: Path) -> SiteConfig:
    """Check every key and value of one config; raise SiteConfigError naming file and key."""

    def fail(key: str, why: str) -> SiteConfigError:
        return SiteConfigError(f"{path}: key '{key}': {why}")

    known = {f for f in SiteConfig.__dataclass_fields__ if f != "path"}
    for key in data:
        if key not in known:
            raise fail(key, f"unknown key (known: {', '.join(sorted(known))})")
    values: dict[str, Any] = {"path": path}
    name = data.get("name", path.stem)
    if not isinstance(name, str) or not _NAME.match(name):
        raise fail("name", "must be lowercase letters, digits, '-' or '_'")
    values["name"] = name
    for key in _STR_LISTS:
        items = data.get(key, [])
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise fail(key, "must be a list of strings")
        if key in ("article_allow", "article_deny", "listing_allow"):
            for pattern in items:
                try:
                    re.compile(pattern)
                except re.error as exc:
                    raise fail(key, f"bad regex {pattern!r}: {exc}") from None
        values[key] = tuple(items)
    for key in ("next_page", "language", "local_root", "timezone"):
        if key in data:
            if not isinstance(data[key], str) or not data[key]:
                raise fail(key, "must be a non-empty string")
            values[key] = data[key]
    if "max_pages" in data:
        if not isinstance(data["max_pages"], int) or data["max_pages"] < 1:
            raise fail("max_pages", "must be a positive integer")
        values["max_pages"] = data["max_pages"]
    selectors = data.get("selectors", {})
    if not isinstance(selectors, dict):
        raise fail("selectors", "must be a table")
    for key, value in selectors.items():
        if key not in FIELDS:
            raise fail(f"selectors.{key}", f"unknown field (known: {', '.join(FIELDS)})")
        if not isinstance(value, str) or not value:
            raise fail(f"selectors.{key}", "must be a non-empty selector string")
        _check_selector(value, lambda why, key=key: fail(f"selectors.{key}", why))
    if "next_page" in values:
        _check_selector(values["next_page"], lambda why: fail("next_page", why))
    values["selectors"] = dict(selectors)
    config = SiteConfig(**values)
    try:
        config.tz  # noqa: B018 - validate the zone name at load time
    except (ZoneInfoNotFoundError, ValueError):
        raise fail("timezone", f"unknown time zone {config.timezone!r}") from None
    return config


def _check_selector(selector: str, fail: Callable[[str], SiteConfigError]) -> None:
    """Compile a CSS (or XPath, when it starts with "/" or "(") selector now, not mid-crawl."""
    try:
        if selector.startswith(("/", "(")):
            lxml.etree.XPath(selector)
        else:
            GenericTranslator().css_to_xpath(selector)
    except (SelectorError, lxml.etree.XPathSyntaxError) as exc:
        raise fail(f"bad selector {selector!r}: {exc}") from None


def load_site_file(path: Path) -> SiteConfig:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SiteConfigError(f"{path}: cannot read site config: {exc}") from None
    return parse_site(data, path)


def site_paths(extra_dirs: tuple[Path, ...] = ()) -> dict[str, Path]:
    """Name -> config file, user folders taking precedence over bundled configs."""
    found: dict[str, Path] = {}
    for folder in (*extra_dirs, BUNDLED_DIR):
        for path in sorted(Path(folder).glob("*.toml")):
            found.setdefault(path.stem, path)
    return found


def load_site(name: str, extra_dirs: tuple[Path, ...] = ()) -> SiteConfig:
    paths = site_paths(extra_dirs)
    if name not in paths:
        known = ", ".join(sorted(paths)) or "none"
        raise SiteConfigError(f"no site config named {name!r} (known: {known})")
    return load_site_file(paths[name])
