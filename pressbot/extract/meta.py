"""Machine-readable page metadata: JSON-LD, meta tags, canonical link, declared language."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import lxml.etree
from lxml.html import HtmlElement

from pressbot.extract.credits import DESK
from pressbot.extract.tree import collapse

_DATE_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "article:published",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish_date",
    "publication_date",
    "publishtime",
    "publish-date",
    "govuk:first-published-at",  # GOV.UK's ("govuk:updated-at" is the last change's)
    "dc.date.issued",
    "dc.date.effective",  # Plone's publication date ("dc.date.created" is the draft's)
    "dc.date",
    "dcterms.date",  # Drupal's Metatag module (the node's created time)
    "dcterms.created",
    "dc.date.created",
    "dcterms.issued",
    "sailthru.date",
    "parsely-pub-date",
    "og:release_date",
    "article:create_at",
    "weibo:article:create_at",
    "createdate",
    "firstpublishedtime",
    "date",
)
_MAX_JSON = 1_000_000
_HEAD_TAGS = ("meta", "script", "link", "title", "input", "time")
_TIME_STAMPS = 8
"""<time> elements whose `datetime` is read: a story's own come before its lists' many."""


@dataclass
class PageMeta:
    title: str | None = None
    """og:title / twitter:title / JSON-LD headline, in that order."""
    published: str | None = None
    published_method: str | None = None
    published_tag: str | None = None
    """The date of the first date <meta> tag, also when JSON-LD gave `published`: the two may
    write one instant in different zones."""
    modified: str | None = None
    """The article's last change (JSON-LD dateModified, article:modified_time): a theme may
    print it under the headline, unlabelled, in the publication date's place."""
    time_stamps: list[str] = field(default_factory=list)
    """The `datetime` of the page's first <time> elements: where the JSON-LD gives the instant
    in UTC, the byline's own may write it on the page's clock."""
    authors: list[str] = field(default_factory=list)
    authors_method: str = "json-ld"
    author_organizations: list[str] = field(default_factory=list)
    """Organizations the JSON-LD names as the article's author."""
    source: str | None = None
    canonical: str | None = None
    language: str | None = None
    title_tag: str | None = None
    """The first non-empty <title>, whitespace collapsed."""
    password_field: bool = False
    """An <input type=password>: a login wall, when the page has no article."""
    choices: int = 0
    """Radio buttons and check boxes: a survey's or a poll's questions, when there are many."""
    og_type: str | None = None
    """og:type, lowercased: "video" for a clip's page."""
    site_name: str | None = None
    """og:site_name: the site's own name ("WebMD")."""
    episode: bool = False
    """The JSON-LD describes a podcast's or a show's episode and no article: a player's page."""
    paywalled: bool = False
    """The article's JSON-LD says `isAccessibleForFree: false`: the page may hold only a teaser."""
    collection: bool = False
    """The JSON-LD calls the page a collection (CollectionPage, ItemList, SearchResultsPage) and
    describes no article: an index of other pages."""
    gallery: bool = False
    """The JSON-LD calls the page a gallery of pictures or clips and describes no article."""
    no_story: bool = False
    """The JSON-LD calls the page a job advert, a product, an event (a webinar's sign-up, a
    live score's page) or a picture offered for licence (a photo agency's page) and describes
    no article."""
    scripts: list[HtmlElement] = field(default_factory=list)
    """The page's <script> elements: a client-rendered page's article may be data in one
    (`pressbot.extract.embedded`), read only when the HTML holds none."""


def _walk_json(node: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 20:
        return
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk_json(value, depth + 1)
    elif isinstance(node, list):
        for value in node[:200]:
            yield from _walk_json(value, depth + 1)


def _json_ld(scripts: list[HtmlElement]) -> list[dict[str, Any]]:
    objects: list[dict[str, Any]] = []
    for script in scripts:
        kind = script.get("type")  # (most scripts have none: nothing to strip and lowercase)
        if not kind or kind.strip().lower() != "application/ld+json":
            continue
        raw = (script.text or "").strip()
        if not raw or len(raw) > _MAX_JSON:
            continue
        try:
            data = json.loads(raw, strict=False)
        except (ValueError, RecursionError):
            continue
        objects.extend(_walk_json(data))
    return objects


_OFFICE_NAME = re.compile(r"(?:The )?(?:Office of|Press Office|Communications Office)\b", re.I)
"""An office named as a Person (a WordPress account's display name): nobody by that name; nor is
a newsroom's desk (`credits.DESK`)."""


_CMS_LOGIN = re.compile(r"[a-z][a-z0-9_.-]{2,30}")
"""A CMS login as the Person's name ("sibudesk", "web_editor2"): an account, no one's name, which
a page prints capitalised or in its own script."""


def _person_names(value: Any, nodes: dict[str, dict[str, Any]]) -> list[str]:
    """Names of the persons in an `author` value; `nodes` resolves a reference by `@id` to the
    node of the page's `@graph` that it names (Yoast and other SEO plugins write Article's author
    as {"@id": ".../#/schema/person/..."} and the Person beside it)."""
    items = [_resolved(item, nodes) for item in (value if isinstance(value, list) else [value])]
    names = []
    for item in items:
        if isinstance(item, dict) and "Organization" in str(item.get("@type")):
            continue  # a publisher named as author: no person wrote it by that name
        name = item.get("name") if isinstance(item, dict) else item
        for one in name if isinstance(name, list) else [name]:  # "name": ["A"] as NPR prints it
            person = one.strip() if isinstance(one, str) else ""
            if (
                person
                and not _OFFICE_NAME.match(person)
                and not DESK.search(person)
                and not _CMS_LOGIN.fullmatch(person)
            ):
                names.append(person)
    return names


def _organization_names(value: Any, nodes: dict[str, dict[str, Any]]) -> list[str]:
    """Names of the organizations in an `author` value (a paper credited for a wire-style
    story: "The Yomiuri Shimbun"), which `_person_names` leaves out."""
    items = [_resolved(item, nodes) for item in (value if isinstance(value, list) else [value])]
    return [
        item["name"].strip()
        for item in items
        if isinstance(item, dict)
        and "Organization" in str(item.get("@type"))
        and isinstance(item.get("name"), str)
    ]


def _resolved(item: Any, nodes: dict[str, dict[str, Any]]) -> Any:
    if isinstance(item, dict) and "name" not in item and isinstance(item.get("@id"), str):
        return nodes.get(item["@id"], item)
    return item


_ITEMPROP_AUTHORS = lxml.etree.XPath(
    "//*/@itemprop[contains(., 'author')]/.. | //*/@property[contains(., 'author')]/.."
)
_NAMED = lxml.etree.XPath(".//*[@itemprop='name' or @property='name']")
"""Compiled once: `el.xpath(…)` compiles its expression on every call."""


def _microdata_authors(root: HtmlElement) -> list[str]:
    """Names in schema.org microdata or RDFa (`itemprop="author"` / `property="author"`, its
    `itemprop="name"` / `property="name"` inside when it has one): the byline's own markup,
    where a page has no JSON-LD. A `<meta>` gives its value in `content` (`<meta
    itemprop="name" content="...">`), as microdata defines."""
    names: list[str] = []
    for el in _ITEMPROP_AUTHORS(root):
        marks = f"{el.get('itemprop') or ''} {el.get('property') or ''}".split()
        if "author" not in marks:
            continue  # (OpenGraph's property="article:author" is a profile URL)
        if _in_comment(el):
            continue  # a reader's comment's author
        named = _NAMED(el)
        holder = named[0] if named else el
        value = holder.get("content") if holder.tag == "meta" else holder.text_content()
        text = collapse(value or "")
        if text and len(text) <= 40 and not any(c.isdigit() for c in text) and text not in names:
            names.append(text)
    return names


_COMMENT_MARK = re.compile(r"comment|reply|pinglun", re.IGNORECASE)
_COMMENT_DEPTH = 8


def _in_comment(el: HtmlElement) -> bool:
    """Is `el` inside a comment (an ancestor of a comment's class or itemtype)?"""
    for node in itertools.islice(el.iterancestors(), _COMMENT_DEPTH):
        marks = f"{node.get('class') or ''} {node.get('id') or ''} {node.get('itemtype') or ''}"
        if _COMMENT_MARK.search(marks):
            return True
    return False


_EPISODES = frozenset({"PodcastEpisode", "RadioEpisode", "TVEpisode", "Episode"})
_COLLECTIONS = frozenset(
    {"CollectionPage", "ItemList", "SearchResultsPage", "PublicationIssue", "PublicationVolume"}
)
_GALLERIES = frozenset({"ImageGallery", "MediaGallery", "VideoGallery"})
_NO_STORIES = frozenset(
    {"JobPosting", "Product", "Event", "SportsEvent", "EducationEvent", "BusinessEvent"}
    | {"WebApplication", "SoftwareApplication", "MobileApplication", "Book"}
    | {"Hotel", "LodgingBusiness", "Restaurant", "Physician", "Recipe", "QAPage", "Dataset"}
)
_LICENSABLE = ("acquireLicensePage", "license")
"""What a photo agency's ImageObject carries (a page's lead picture in a graph does not)."""


def read_meta(root: HtmlElement) -> PageMeta:
    """Read metadata before noise removal (JSON-LD lives in <script>).

    One walk over the tree collects every element read here: each walk costs about a tenth of
    parsing the page.
    """
    meta = PageMeta()
    found: dict[str, list[HtmlElement]] = {tag: [] for tag in _HEAD_TAGS}
    for el in root.iter(*_HEAD_TAGS):
        found[el.tag].append(el)
    tags: dict[str, str] = {}
    for el in found["meta"]:
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        if key and key not in tags and (content := (el.get("content") or "").strip()):
            tags[key] = content
    objects = _json_ld(found["script"])
    meta.scripts = found["script"]
    episode = article = collection = gallery = no_story = False
    nodes = {o["@id"]: o for o in objects if isinstance(o.get("@id"), str) and "name" in o}
    for obj in objects:
        if "cambrian" in str(obj.get("@context")) and isinstance(obj.get("pubDate"), str):
            # Baidu's 熊掌号 markup, which many Chinese sites carry instead of schema.org
            meta.published = meta.published or obj["pubDate"]
            meta.published_method = meta.published_method or "json-ld:cambrian"
            continue
        kind = obj.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        names = {k for k in kinds if isinstance(k, str)}
        episode |= bool(names & _EPISODES)
        collection |= bool(names & _COLLECTIONS)
        gallery |= bool(names & _GALLERIES)
        no_story |= bool(names & _NO_STORIES)
        no_story |= "ImageObject" in names and any(key in obj for key in _LICENSABLE)
        if not any(
            isinstance(k, str)
            and ("Article" in k or "Posting" in k or k in ("Report", "MedicalWebPage"))
            and k not in _NO_STORIES
            for k in kinds
        ):
            continue
        article = True
        if str(obj.get("isAccessibleForFree")).lower() == "false":
            meta.paywalled = True
        if meta.published is None and isinstance(obj.get("datePublished"), str):
            meta.published, meta.published_method = obj["datePublished"], "json-ld"
            if isinstance(obj.get("dateModified"), str):
                meta.modified = obj["dateModified"]
        if meta.title is None and isinstance(obj.get("headline"), str):
            meta.title = obj["headline"].strip() or None
        if not meta.authors and "author" in obj:
            meta.authors = _person_names(obj["author"], nodes)
            meta.author_organizations = _organization_names(obj["author"], nodes)
        provider = obj.get("provider") or obj.get("sourceOrganization")
        if (
            meta.source is None
            and isinstance(provider, dict)
            and isinstance(provider.get("name"), str)
        ):
            meta.source = provider["name"].strip() or None  # whose story a portal carries
    meta.episode = episode and not article
    meta.collection = collection and not article
    meta.gallery = gallery and not article
    meta.no_story = no_story and not article
    if not meta.authors:
        meta.authors = _microdata_authors(root)
        meta.authors_method = "microdata"
    if not meta.authors and "parsely-author" in tags:
        # Parse.ly's tags, one per writer, which sites print as cards without a "By"
        meta.authors = [
            content
            for el in found["meta"]
            if (el.get("name") or "").strip().lower() == "parsely-author"
            and (content := (el.get("content") or "").strip())
        ]
        meta.authors_method = "meta:parsely-author"
    for key in _DATE_KEYS:
        if key in tags:
            meta.published_tag = tags[key]
            if meta.published is None:
                meta.published, meta.published_method = tags[key], f"meta:{key}"
            break
    if meta.modified is None:
        meta.modified = tags.get("article:modified_time") or tags.get("og:updated_time")
    for key in ("og:title", "twitter:title"):
        if key in tags:
            meta.title = tags[key]
            break
    meta.source = tags.get("source") or meta.source
    meta.og_type = tags["og:type"].lower() if "og:type" in tags else None
    meta.site_name = tags.get("og:site_name")
    for link in found["link"]:
        if (link.get("rel") or "").strip().lower() == "canonical" and link.get("href"):
            meta.canonical = link.get("href", "").strip()
            break
    lang = root.get("lang") or root.get("xml:lang") or tags.get("language") or tags.get("og:locale")
    if lang:
        code = lang.strip().replace("_", "-").split("-")[0].lower()
        meta.language = code if re.fullmatch(r"[a-z]{2,3}", code) else None
    titles = (collapse(el.text_content()) for el in found["title"])
    meta.title_tag = next(filter(None, titles), None)
    meta.time_stamps = [
        stamp for el in found["time"][:_TIME_STAMPS] if (stamp := el.get("datetime"))
    ]
    kinds = [(el.get("type") or "").lower() for el in found["input"]]
    meta.password_field = "password" in kinds
    meta.choices = sum(1 for kind in kinds if kind in ("radio", "checkbox"))
    return meta
