"""Site configs: declarative TOML, parsed once into frozen objects, errors name file and key.

Bundled configs live beside this file; `load_site(name, extra_dirs)` also looks in user folders
(the crawl passes the `PRESSBOT_SITES_DIR` setting), first match wins, user folders first.
Every key is documented on `SiteConfig` (and `Politeness` for the `[politeness]` table).
"""

from __future__ import annotations

import codecs
import functools
import math
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import cssselect
import lxml.etree
import lxml.html
from cssselect import SelectorError
from lxml.cssselect import CSSSelector

from pressbot.schema import article_schema, property_pattern

BUNDLED_DIR = Path(__file__).parent
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
MAX_AGE_DAYS = 36_500
"""The largest `max_age_days`: a hundred years, older than any news archive, and a cut-off
the calendar holds (a million days overflowed the date when the crawl started)."""
FIELDS = ("title", "body", "published_at", "authors", "editors", "responsible_editors", "source")


class SiteConfigError(ValueError):
    """A site config that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Politeness:
    """`[politeness]`: per-site overrides of the crawl's politeness settings.

    Unset values keep the project settings; a `-s NAME=VALUE` on the command line beats both.
    """

    delay: float | None = None
    """Seconds between requests to the site (`DOWNLOAD_DELAY`; AutoThrottle's minimum)."""
    concurrency: int | None = None
    """Requests in flight to one host at once (`CONCURRENT_REQUESTS_PER_DOMAIN`)."""
    autothrottle: bool | None = None
    """Adapt the delay to the server's latency (`AUTOTHROTTLE_ENABLED`)."""
    timeout: float | None = None
    """Seconds before a request is given up and retried (`DOWNLOAD_TIMEOUT`)."""
    retries: int | None = None
    """Retries after a 5xx, a timeout or a reset connection (`RETRY_TIMES`)."""

    def settings(self) -> dict[str, Any]:
        """Scrapy setting name -> value for every override that is set."""
        names = {
            "delay": "DOWNLOAD_DELAY",
            "concurrency": "CONCURRENT_REQUESTS_PER_DOMAIN",
            "autothrottle": "AUTOTHROTTLE_ENABLED",
            "timeout": "DOWNLOAD_TIMEOUT",
            "retries": "RETRY_TIMES",
        }
        return {
            setting: getattr(self, key)
            for key, setting in names.items()
            if getattr(self, key) is not None
        }


@dataclass(frozen=True)
class SiteConfig:
    name: str
    start_urls: tuple[str, ...] = ()
    """Listing or index pages; relative URLs are resolved against `local_root` when it is set."""
    allowed_domains: tuple[str, ...] = ()
    """Host names the crawl stays on, with their subdomains (any port) and, for a www. name, its
    bare name; unset: the hosts of the start points, on their ports."""
    article_allow: tuple[str, ...] = ()
    """Regexes an article URL must match (any); empty means every same-site link is a candidate."""
    article_deny: tuple[str, ...] = ()
    listing_allow: tuple[str, ...] = ()
    """Regexes for listing pages to follow (pagination, sections)."""
    next_page: str | None = None
    """CSS selector of the pagination "next" link."""
    page_template: str | None = None
    """Pagination by URL template instead of (or besides) `next_page`: a URL with `{page}`,
    relative to the listing it paginates, e.g. "index_{page}.html"."""
    page_start: int = 2
    """The `{page}` number of the second listing page (TRS sites count `index_1.html` as 2)."""
    max_pages: int = 50
    """Listing pages fetched per run at most (start pages, sections and pagination)."""
    stop_after_known: int = 1
    """Stop paginating after this many listing pages in a row link only known articles; 0 never
    stops early. Ignored by `-a full=1` and after a run that did not finish."""
    sitemaps: tuple[str, ...] = ()
    """Sitemap indexes, urlsets or news sitemaps (.xml or .xml.gz)."""
    feeds: tuple[str, ...] = ()
    """RSS 2.0, RSS 1.0 or Atom feeds."""
    max_age_days: int | None = None
    """Skip sitemap and feed entries whose lastmod/publication date is older than this."""
    article_next_page: str | None = None
    """CSS selector of the links to the later pages of a multi-page article (besides the
    `<stem>_2.html` links recognised without a selector)."""
    encoding: str | None = None
    """Charset to decode pages with when the server's HTTP charset is wrong or missing."""
    timezone: str = "Asia/Shanghai"
    language: str | None = None
    """The `language` of every record ("zh", "en", "zh-Hans"); unset: detected per page."""
    selectors: dict[str, str] = field(default_factory=dict)
    """Field name -> CSS selector (XPath when it starts with "/" or "("): overrides generic
    extraction for that field."""
    politeness: Politeness = field(default_factory=Politeness)
    local_root: str | None = None
    """A folder (relative to the config file) holding a static copy of the site, for file://."""
    path: Path | None = None

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


_STR_LISTS = (
    "start_urls",
    "allowed_domains",
    "article_allow",
    "article_deny",
    "listing_allow",
    "sitemaps",
    "feeds",
)
_STRINGS = ("next_page", "language", "local_root", "timezone", "page_template")
_SELECTORS = ("next_page", "article_next_page")
_POSITIVE = ("max_pages", "page_start", "max_age_days")
_POLITENESS = ("delay", "concurrency", "autothrottle", "timeout", "retries")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def parse_site(data: dict[str, Any], path: Path) -> SiteConfig:
    """Check every key and value of one config; raise SiteConfigError naming file and key."""

    def fail(key: str, why: str) -> SiteConfigError:
        return SiteConfigError(f"{path}: key '{key}': {why}")

    known = {f for f in SiteConfig.__dataclass_fields__ if f != "path"}
    for key in data:
        if key not in known:
            raise fail(key, f"unknown key (known: {', '.join(sorted(known))})")
    values: dict[str, Any] = {"path": path}
    stem = path.name.removesuffix(".toml")
    name = data.get("name", stem)
    if not isinstance(name, str) or not _NAME.match(name):
        raise fail("name", "must be lowercase letters, digits, '-' or '_'")
    if name != stem:  # configs are found by file name; the name also names the feed folder
        raise fail("name", f"{name!r} must be the file name without .toml ({stem!r})")
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
    for host in values["allowed_domains"]:
        if not host or ":" in host or "/" in host:  # in_site compares host names, nothing else
            raise fail(
                "allowed_domains",
                "must be host names such as 'www.example.org' (no scheme, port or path), "
                f"not {host!r}",
            )
    values["allowed_domains"] = tuple(host.lower() for host in values["allowed_domains"])
    for key in (*_STRINGS, "article_next_page", "encoding"):
        if key in data:
            if not isinstance(data[key], str) or not data[key]:
                raise fail(key, "must be a non-empty string")
            if "\0" in data[key]:  # (no path, selector or name holds one: a path raised later)
                raise fail(key, "must not hold a NUL character")
            values[key] = data[key]
    if "language" in values and not property_pattern("language").search(values["language"]):
        raise fail(
            "language",
            f"{values['language']!r} is no language tag such as 'zh' or 'en' "
            f"(the record schema's {_language_tag()})",
        )
    for key in _POSITIVE:
        if key in data:
            if not _is_int(data[key]) or data[key] < 1:
                raise fail(key, "must be a positive integer")
            values[key] = data[key]
    if values.get("max_age_days", 0) > MAX_AGE_DAYS:
        raise fail("max_age_days", f"must be at most {MAX_AGE_DAYS} (100 years)")
    if "stop_after_known" in data:
        if not _is_int(data["stop_after_known"]) or data["stop_after_known"] < 0:
            raise fail("stop_after_known", "must be an integer >= 0")
        values["stop_after_known"] = data["stop_after_known"]
    if "page_template" in values and "{page}" not in values["page_template"]:
        raise fail("page_template", "must contain {page}")
    if "encoding" in values:
        try:
            values["encoding"] = codecs.lookup(values["encoding"]).name
        except LookupError:
            raise fail("encoding", f"unknown charset {values['encoding']!r}") from None
        try:
            "".encode(values["encoding"])  # base64, rot13, zlib: codecs, but of no text
        except LookupError:
            raise fail("encoding", f"{values['encoding']!r} is no text encoding") from None
    values["politeness"] = _parse_politeness(data.get("politeness", {}), fail)
    selectors = data.get("selectors", {})
    if not isinstance(selectors, dict):
        raise fail("selectors", "must be a table")
    for key, value in selectors.items():
        if key not in FIELDS:
            raise fail(f"selectors.{key}", f"unknown field (known: {', '.join(FIELDS)})")
        if not isinstance(value, str) or not value:
            raise fail(f"selectors.{key}", "must be a non-empty selector string")
        _check_field_selector(value, lambda why, key=key: fail(f"selectors.{key}", why))
    for key in _SELECTORS:
        if key in values:
            _check_selector(values[key], lambda why, key=key: fail(key, why))
    values["selectors"] = dict(selectors)
    config = SiteConfig(**values)
    try:
        config.tz  # noqa: B018 - validate the zone name at load time
    except (ZoneInfoNotFoundError, ValueError):
        raise fail("timezone", f"unknown time zone {config.timezone!r}") from None
    return config


def _language_tag() -> str:
    """The record schema's pattern of `language`: every record gets the config's language, so
    one the schema refuses dropped them all as invalid."""
    return str(article_schema()["properties"]["language"]["pattern"])


def _parse_politeness(table: Any, fail: Callable[[str, str], SiteConfigError]) -> Politeness:
    if not isinstance(table, dict):
        raise fail("politeness", "must be a table")
    values: dict[str, Any] = {}
    for key, value in table.items():
        where = f"politeness.{key}"
        if key not in _POLITENESS:
            raise fail(where, f"unknown key (known: {', '.join(_POLITENESS)})")
        if key == "autothrottle":
            if not isinstance(value, bool):
                raise fail(where, "must be true or false")
            values[key] = value
            continue
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise fail(where, "must be a number")
        if not math.isfinite(value):  # (NaN passes every comparison below: nan < 0 is False)
            raise fail(where, f"must be a finite number, not {value}")
        if key in ("concurrency", "retries") and not isinstance(value, int):
            raise fail(where, "must be an integer")
        if key in ("delay", "retries") and value < 0:
            raise fail(where, "must be >= 0")
        if key in ("concurrency", "timeout") and value <= 0:
            raise fail(where, "must be > 0")
        values[key] = float(value) if key in ("delay", "timeout") else value
    return Politeness(**values)


def is_xpath(selector: str) -> bool:
    """A config's selector is XPath when it starts with "/" or "(", else CSS: the one rule the
    config check, extraction and discovery read it by."""
    return selector.startswith(("/", "("))


def _check_selector(selector: str, fail: Callable[[str], SiteConfigError]) -> None:
    """Check a `next_page` or `article_next_page` selector now, not on every listing mid-crawl:
    it must compile, run, and pick the links or the boxes holding them (`discovery.hrefs` reads
    links from elements: an attribute or text result gave none, silently)."""
    try:
        why = _link_selector_problem(selector)
    except SelectorError as exc:
        why = str(exc)
    if why is not None:
        raise fail(f"bad selector {selector!r}: {why}")


_NOT_LINKS = (
    "selects attributes or text, not links; select the link (//a[@rel='next']) "
    "or the box holding it"
)
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
_PREDICATE = re.compile(r"\[[^\[\]]*\]")
_STRING_STEP = re.compile(
    r"\(*\s*(?:@|(?:attribute|namespace)\s*::|(?:text|comment|processing-instruction)\s*\()"
)


def _link_selector_problem(selector: str) -> str | None:
    """Why the selector can find no link on any page, or None; a bad CSS raises SelectorError."""
    if not is_xpath(selector):
        if any(part.pseudo_element for part in cssselect.parse(selector)):
            return "CSS pseudo-elements (::text, ::attr()) select text; select the link (a.next)"
        return _field_selector_problem(selector)
    if why := _field_selector_problem(selector):
        return why
    bare = _QUOTED.sub("''", selector)
    while (unwrapped := _PREDICATE.sub("", bare)) != bare:  # innermost predicates first
        bare = unwrapped
    # the last step of each path of a union: an attribute, a text or a namespace node
    if any(_STRING_STEP.match(path.rsplit("/", 1)[-1]) for path in bare.split("|")):
        return _NOT_LINKS
    return None


EXSLT = {"re": "http://exslt.org/regular-expressions", "set": "http://exslt.org/sets"}
"""The EXSLT prefixes parsel (Scrapy's selectors) registers, so that its users' XPaths work."""
_CALLS = frozenset(
    (
        *("last", "position", "count", "id", "local-name", "namespace-uri", "name", "string"),
        *("concat", "starts-with", "contains", "substring-before", "substring-after"),
        *("substring", "string-length", "normalize-space", "translate", "boolean", "not"),
        *("true", "false", "lang", "number", "sum", "floor", "ceiling", "round"),
        *("re:test", "re:match", "re:replace"),
        *("set:difference", "set:intersection", "set:distinct", "set:has-same-node"),
        *("set:leading", "set:trailing"),
        *("node", "text", "comment", "processing-instruction"),
        *("and", "or", "div", "mod"),
    )
)
"""What may stand before "(" in an XPath: XPath 1.0's functions, those of the EXSLT prefixes,
the node tests, and the operators ("a and (b)")."""
_NCNAME = r"[^\W\d][\w.-]*"
_XPATH_TOKEN = re.compile(
    rf"""'[^']*'|"[^"]*"|::|\d+(?:\.\d*)?|\$(?P<variable>{_NCNAME}(?::{_NCNAME})?)
    |(?:(?P<prefix>{_NCNAME}):)?(?P<name>{_NCNAME}|\*)(?P<call>\s*\()?|.""",
    re.VERBOSE | re.DOTALL,
)
_PROBE = lxml.html.fromstring("<html><head></head><body><p>x</p></body></html>")


@functools.cache
def field_xpath(selector: str) -> lxml.etree.XPath:
    """A `[selectors]` value compiled: XPath (with the EXSLT prefixes) when it starts with "/"
    or "(", else CSS as lxml reads it; cached, so that a process compiles each one once."""
    if is_xpath(selector):
        return lxml.etree.XPath(selector, namespaces=EXSLT)
    return CSSSelector(selector, translator="html")


def _xpath_names_problem(selector: str) -> str | None:
    """What the XPath names that no page can give it: libxml2 only finds an unknown function,
    prefix or variable when it evaluates the step holding it (a predicate of no match is not)."""
    for token in _XPATH_TOKEN.finditer(selector):
        prefix, name = token["prefix"], token["name"]
        if token["variable"]:
            return f"XPath variable ${token['variable']} is never set"
        if prefix and prefix not in EXSLT and prefix != "xml":  # (xml: is always bound)
            return f"unknown namespace prefix {prefix!r} (known: {', '.join(EXSLT)}, xml)"
        function = f"{prefix}:{name}" if prefix else name
        if token["call"] and function not in _CALLS:
            return f"unknown XPath function {function}()"
    return None


def _check_field_selector(selector: str, fail: Callable[[str], SiteConfigError]) -> None:
    """Compile a `[selectors]` value and try it on a tiny page now, not on every page mid-crawl."""
    try:
        why = _field_selector_problem(selector)
    except SelectorError as exc:
        why = str(exc)
    if why is not None:
        raise fail(f"bad selector {selector!r}: {why}")


def _field_selector_problem(selector: str) -> str | None:
    """Why the selector cannot work on any page, or None; a bad CSS raises SelectorError."""
    if is_xpath(selector):
        if why := _xpath_names_problem(selector):
            return why
    elif any(part.pseudo_element for part in cssselect.parse(selector)):
        return (
            "CSS pseudo-elements (::text, ::attr()) are not supported;"
            " select an attribute or text with XPath (//meta[@name='date']/@content)"
        )
    try:
        found = field_xpath(selector)(_PROBE)
    except lxml.etree.XPathError as exc:
        return str(exc)
    if isinstance(found, bool | float):
        kind = "true/false" if isinstance(found, bool) else "number"
        return f"selects a {kind}, not elements, attributes or text"
    return None


def load_site_file(path: Path) -> SiteConfig:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SiteConfigError(f"{path}: cannot read site config: {exc}") from None
    return parse_site(data, path)


def _bundled() -> list[Path]:
    """The bundled configs, also when pressbot runs from a zipped egg (scrapyd)."""
    if BUNDLED_DIR.is_dir():
        return sorted(BUNDLED_DIR.glob("*.toml"))
    resources = files(__package__)
    # A zip entry behaves like a Path for what is used here: name, read_text, str().
    return sorted(
        (r for r in resources.iterdir() if r.name.endswith(".toml")),  # type: ignore[misc]
        key=lambda r: r.name,
    )


def sites_folder(value: str | Path) -> Path:
    """A user folder of configs (`--sites-dir`, `PRESSBOT_SITES_DIR`), which must be there: a
    mistyped one listed no config of its own, silently, and a crawl of a site it was meant to
    hold fell back on a bundled config of that name."""
    if not Path(value).is_dir():
        raise SiteConfigError(f"no such folder: {str(value)!r}")
    return Path(value)


def site_paths(extra_dirs: tuple[Path, ...] = ()) -> dict[str, Path]:
    """Name -> config file, user folders taking precedence over bundled configs."""
    found: dict[str, Path] = {}
    for folder in extra_dirs:
        for path in sorted(Path(folder).glob("*.toml")):
            found.setdefault(path.stem, path)
    for path in _bundled():
        found.setdefault(path.name.removesuffix(".toml"), path)
    return found


def load_site(name: str, extra_dirs: tuple[Path, ...] = ()) -> SiteConfig:
    paths = site_paths(extra_dirs)
    if name not in paths:
        known = ", ".join(sorted(paths)) or "none"
        raise SiteConfigError(f"no site config named {name!r} (known: {known})")
    return load_site_file(paths[name])
