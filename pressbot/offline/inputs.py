"""What `pressbot parse` was given, as a stream of pages: files, folders, globs and archives.

Runs in the parent process and reads as little as it can: a saved page is named by its path
and read by a worker; only archive records are read here (their bytes live inside a bigger
file). Everything is yielded lazily in a stable order (arguments as given, folder entries sorted
by name, depth first), so a run over a million files starts at once and holds no list of them.
"""

from __future__ import annotations

import fnmatch
import os
import sys
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from pressbot.offline.archives import (
    CACHE_BODY,
    cache_entry_item,
    cache_file_at,
    dbm_cache_file,
    dbm_cache_problem,
    is_cache_entry,
    warc_items,
    warc_slices,
)
from pressbot.offline.pages import GZIP_MAGIC, Page, PageError, Problem, Unit, read_page_stream

HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")
HTML_SUFFIXES += tuple(suffix + ".gz" for suffix in HTML_SUFFIXES)
SCRIPT_SUFFIXES = (".php", ".asp", ".aspx", ".jsp", ".cfm")
"""Pages a mirror saved under their script's name (wget without --adjust-extension), with or
without the query after a "?" (`article.php?id=3`): read in a folder as its HTML files are."""
WARC_SUFFIXES = (".warc", ".warc.gz")
ARC_SUFFIXES = (".arc", ".arc.gz")
"""The archive format before WARC, which is not read: reported, not parsed as one page."""
_GLOB_MAGIC = frozenset("*?[")
STDIN = "-"
"""The argument that names a page read from standard input (`curl ... | pressbot parse -`); a
file named "-" is `./-`."""

FileKey = tuple[int, int]


def iter_inputs(
    paths: Sequence[str], url: str | None = None, *, sliced: bool = False
) -> Iterator[Unit]:
    """Every page `paths` name, in order. In folders: HTML files (also gzipped), WARC files and
    Scrapy HTTP-cache entries; a file named on its own is parsed whatever its name (a WARC is
    recognised by its first bytes). `url` is the URL of every saved page, not of archive
    records. A file reached twice (a symlink, a repeated argument) is parsed once. With
    `sliced`, a big gzipped WARC comes as slices for workers to read (`warc_slices`). `STDIN`
    is one page read from standard input, once.
    """
    seen: set[FileKey] = set()
    archive = warc_slices if sliced else warc_items
    stdin_read = False
    for raw in paths:
        if raw == STDIN:
            if not stdin_read:
                stdin_read = True
                yield _stdin_page(url)
        elif os.path.lexists(raw):
            yield from _one_argument(Path(raw), url, seen, archive)
        elif _GLOB_MAGIC & set(raw):
            yield from _glob_argument(raw, url, seen, archive)
        else:
            yield Problem(raw, "not_found", "no such file or folder")


Archive = Callable[[Path], Iterator[Unit]]


def _stdin_page(url: str | None) -> Page | Problem:
    """The page on standard input (gunzipped if it is gzip): read here, as no worker can. A
    WARC there is refused by name, not parsed as one page of HTML."""
    try:
        data = read_page_stream(sys.stdin.buffer) if sys.stdin is not None else b""
    except OSError as exc:
        return Problem(STDIN, "unreadable", exc.strerror or str(exc), url=url)
    except PageError as exc:
        return Problem(STDIN, exc.reason, exc.detail, url=url)
    if data.startswith(b"WARC/"):
        return Problem(STDIN, "unreadable", "a WARC archive: name its file instead", url=url)
    return Page(STDIN, url=url, data=data)


def _one_argument(
    path: Path, url: str | None, seen: set[FileKey], archive: Archive, named: bool = True
) -> Iterator[Unit]:
    """The pages of one file or folder. A folder `named` on the command line is there for its
    pages: none in it is reported. One a glob matched is not (`site/**` matches `site/img/`).
    """
    if path.is_dir():
        empty = True
        for found, kind in walk(path):
            empty = False
            yield from _walked(found, kind, url, seen, archive)
        if empty and named:
            yield Problem(str(path), "not_found", "no HTML, WARC or HTTP-cache file in it")
    elif path.name == CACHE_BODY and is_cache_entry(path.parent):
        if _first_time(path.parent, seen):
            yield cache_entry_item(path.parent)
    elif (database := dbm_cache_file(path)) is not None:
        if _first_time(database, seen):
            yield dbm_cache_problem(database)
    elif _first_time(path, seen):
        kind = _archive_format(path)
        if kind == "warc":
            yield from archive(path)
        elif kind == "arc":
            yield _arc_problem(path)
        else:
            yield Page(str(path), url=url, beside_info=True)


def _glob_argument(
    pattern: str, url: str | None, seen: set[FileKey], archive: Archive
) -> Iterator[Unit]:
    """The pages of what a glob pattern matches, as they are found."""
    matched = False
    for found, kind in glob_walk(pattern):
        matched = matched or kind in ("match", "cache")
        if kind == "match":
            yield from _one_argument(found, url, seen, archive, named=False)
        else:
            yield from _walked(found, kind, url, seen, archive)
    if not matched:
        yield Problem(pattern, "not_found", "no file matches this pattern")


def _walked(
    found: Path, kind: str, url: str | None, seen: set[FileKey], archive: Archive
) -> Iterator[Unit]:
    """The pages of one thing `walk` or `glob_walk` found, or the problem it is."""
    if kind == "loop":
        yield Problem(str(found), "symlink_loop", "a link back to a folder that holds it")
    elif kind == "unreadable":
        yield Problem(str(found), "unreadable", "cannot list this folder")
    elif kind == "cache":
        if _first_time(found, seen):
            yield cache_entry_item(found)
    elif kind == "dbm":
        if _first_time(found, seen):
            yield dbm_cache_problem(found)
    elif _first_time(found, seen):
        if found.name.lower().endswith(WARC_SUFFIXES):
            yield from archive(found)
        elif found.name.lower().endswith(ARC_SUFFIXES):
            yield _arc_problem(found)
        else:
            yield Page(str(found), url=url, beside_info=True)


def _first_time(path: Path, seen: set[FileKey]) -> bool:
    key = _key(path)
    if key is None:
        return True  # the worker reports why it cannot be read
    if key in seen:
        return False
    seen.add(key)
    return True


def _key(path: Path) -> FileKey | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_dev, info.st_ino


Found = tuple[Path, str]
Visited = tuple[frozenset[int] | None, Found | None]
"""Of one entry: the states to walk it with (None: not a folder to enter), what to yield."""


def walk(root: Path) -> Iterator[Found]:
    """(path, kind) depth first, entries sorted by name. kind: "file" (HTML or WARC by name,
    hidden or not), "cache" (a Scrapy HTTP-cache entry folder, read as one page: nothing in it
    is read as a file), "dbm" (a DBM HTTP cache, to report), "loop" or "unreadable" (as in
    `_walk`).
    """

    def visit(folder: _OpenFolder, entry: os.DirEntry[str]) -> Visited:
        if folder.cache:  # the entry once, at its body (or what stands for it)
            return None, ((folder.path, "cache") if entry.name == folder.cache else None)
        if _is_dir(entry):
            return folder.states, None
        if _saved_page_name(entry.name):
            return None, (Path(entry.path), "file")
        if entry.name.endswith((".db", ".db.dir")) and dbm_cache_file(Path(entry.path)):
            return None, (Path(entry.path), "dbm")
        return None, None

    return _walk(root, frozenset(), visit)  # one state: no pattern to match


def glob_walk(pattern: str) -> Iterator[Found]:
    """What a glob pattern matches, as glob.glob(pattern, recursive=True) on Python 3.11 does,
    but as (path, kind) pairs found as it goes, depth first, entries sorted by name. kind:
    "match" (a file or folder), "cache" (the HTTP-cache entry folder a match is in), "loop" or
    "unreadable" (as in `_walk`). glob.glob lists every match first and follows links back into
    a folder it is in, which never ends.
    """
    spec = _Pattern.parse(pattern)
    if not spec.root.is_dir():
        return
    start = frozenset({0})
    if spec.root_named and spec.matched(start, is_dir=True):
        yield spec.root, "match"

    def visit(folder: _OpenFolder, entry: os.DirEntry[str]) -> Visited:
        states = spec.step(folder.states, entry.name)
        is_dir = bool(states) and _is_dir(entry)
        found = None
        if spec.matched(states, is_dir) and (is_dir or not spec.folders_only):
            found = (folder.path, "cache") if folder.cache else (Path(entry.path), "match")
        return (states if is_dir and spec.deeper(states) else None), found

    yield from _walk(spec.root, start, visit)


def _walk(
    root: Path, start: frozenset[int], visit: Callable[[_OpenFolder, os.DirEntry[str]], Visited]
) -> Iterator[Found]:
    """What `visit` finds in the folders below `root`, depth first, entries sorted by name, and
    their problems: "loop" (a symlink back into a folder being walked: reported, not followed)
    or "unreadable" (a folder that cannot be listed). A folder reached again with the same
    states is skipped: its entries were visited the first time, and links that branch and join
    again would otherwise have it walked once per path.
    """
    stack: list[_OpenFolder] = []
    entered: set[tuple[FileKey, frozenset[int]]] = set()

    def enter(folder: Path, key: FileKey | None, states: frozenset[int]) -> Iterator[Found]:
        entries = _listing(folder)
        if entries is None:
            yield folder, "unreadable"
            return
        if key is not None:
            entered.add((key, states))
        cache = cache_file_at({e.name for e in entries}, folder.name)
        stack.append(_OpenFolder(folder, iter(entries), key, states, cache))

    yield from enter(root, _key(root), start)
    while stack:
        top = stack[-1]
        entry = next(top.entries, None)
        if entry is None:
            stack.pop()
            continue
        states, found = visit(top, entry)
        if states is not None:
            path = Path(entry.path)
            key = _key(path)
            if key is not None and any(key == open_folder.key for open_folder in stack):
                yield path, "loop"
                continue
            if key is not None and (key, states) in entered:
                continue
        if found is not None:
            yield found
        if states is not None:
            yield from enter(path, key, states)


@dataclass
class _OpenFolder:
    """A folder `_walk` is in: what is left of its entries, and what they must match."""

    path: Path
    entries: Iterator[os.DirEntry[str]]
    key: FileKey | None
    states: frozenset[int]
    """The positions in the pattern that the path to this folder has reached."""
    cache: str | None
    """Of an HTTP-cache entry, the file that stands for the whole entry (in a glob, any match in
    it does); None: the folder is no entry."""


@dataclass(frozen=True)
class _Pattern:
    """A glob pattern as the folder to walk and the path components below it to match.

    Matching runs over sets of positions in `parts` (how many of them a path has matched): a
    `**` part matches any number of folder names, so one path can stand at several positions.
    """

    root: Path
    parts: tuple[str, ...]
    folders_only: bool
    """The pattern ends in "/"."""
    root_named: bool
    """The root comes from the pattern ("site/**" matches "site"), not "." ("**" does not)."""

    @classmethod
    def parse(cls, pattern: str) -> _Pattern:
        """The root is the longest leading run of components without glob magic."""
        components = pattern.split(os.sep)
        first = next(n for n, part in enumerate(components) if _GLOB_MAGIC & set(part))
        head = components[:first]
        root = Path(os.sep.join(head) or (os.sep if head else "."))
        rest = components[first:]
        return cls(root, tuple(part for part in rest if part), rest[-1] == "", bool(head))

    def step(self, states: frozenset[int], name: str) -> frozenset[int]:
        """The positions one more path component, `name`, reaches from `states`."""
        reached = set()
        for at in self._closure(states):
            if at < len(self.parts) and _name_matches(name, self.parts[at]):
                reached.add(at + 1)
            if self._after_any_folders(at) and _name_matches(name, "**"):
                reached.add(at)  # a `**` just matched: it can match one more name
        return frozenset(reached)

    def matched(self, states: frozenset[int], is_dir: bool) -> bool:
        """Whether a path at `states` matches: a folder also when only `**` parts are left
        ("site/**" matches "site"), which for a file would need a "/" after its name."""
        return len(self.parts) in (self._closure(states) if is_dir else states)

    def deeper(self, states: frozenset[int]) -> bool:
        """Whether a folder at `states` can hold a match."""
        return any(
            at < len(self.parts) or self._after_any_folders(at) for at in self._closure(states)
        )

    def _closure(self, states: frozenset[int]) -> set[int]:
        """`states`, and past each `**` they stand at: it also matches no folder at all."""
        reached = set(states)
        for at, part in enumerate(self.parts):
            if at in reached and part == "**":
                reached.add(at + 1)
        return reached

    def _after_any_folders(self, at: int) -> bool:
        return at > 0 and self.parts[at - 1] == "**"


def _name_matches(name: str, part: str) -> bool:
    """glob's rule for hidden names: one starting with "." is matched only by a part that also
    starts with "." (a "*" or "**" never matches ".git")."""
    return (part.startswith(".") or not name.startswith(".")) and fnmatch.fnmatch(name, part)


def _listing(folder: Path) -> list[os.DirEntry[str]] | None:
    """The entries of `folder` sorted by name; None when it cannot be listed."""
    try:
        with os.scandir(folder) as listing:
            return sorted(listing, key=lambda e: e.name)
    except OSError:
        return None


def _is_dir(entry: os.DirEntry[str]) -> bool:
    """A folder, or a link to one."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def _saved_page_name(name: str) -> bool:
    """Whether a folder's file is read: a saved page, or an archive, by its name.

    >>> [_saved_page_name(n) for n in ("a.HTML", "b.php?id=3", "c.aspx", "d.css", "e")]
    [True, True, True, False, False]
    """
    name = name.lower()
    archive = name.endswith(WARC_SUFFIXES + ARC_SUFFIXES)  # (an ARC, to report)
    return (
        archive or name.endswith(HTML_SUFFIXES) or name.partition("?")[0].endswith(SCRIPT_SUFFIXES)
    )


def _archive_format(path: Path) -> str | None:
    """The archive format of a file ("warc" or "arc") by its name, or by its first bytes (plain
    or gzipped) whatever it is called; None for a page."""
    name = path.name.lower()
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    if name.endswith(ARC_SUFFIXES):
        return "arc"
    if name.endswith(HTML_SUFFIXES) or not path.is_file():
        return None
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
        if head.startswith(GZIP_MAGIC):
            head = zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(head, 16)
    except (OSError, zlib.error):
        return None
    if head.startswith(b"WARC/"):
        return "warc"
    return "arc" if head.startswith(b"filedesc://") else None


def _arc_problem(path: Path) -> Problem:
    detail = "an ARC file, the format before WARC, is not read: `warcio recompress` makes it a WARC"
    return Problem(str(path), "unsupported_format", detail)
