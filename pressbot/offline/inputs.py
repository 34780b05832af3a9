"""What `pressbot parse` was given, as a stream of pages: files, folders, globs and archives.

Runs in the parent process and reads as little as it can: a saved page is named by its path
and read by a worker; only archive records are read here (their bytes live inside a bigger
file). Everything is yielded lazily in a stable order (arguments as given, folder entries sorted
by name, depth first), so a run over a million files starts at once and holds no list of them.
"""

from __future__ import annotations

import glob
import os
import zlib
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from pressbot.offline.archives import (
    CACHE_BODY,
    cache_entry_item,
    is_cache_entry,
    is_cache_names,
    warc_items,
    warc_slices,
)
from pressbot.offline.pages import GZIP_MAGIC, Page, Problem, Unit

HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")
HTML_SUFFIXES += tuple(suffix + ".gz" for suffix in HTML_SUFFIXES)
WARC_SUFFIXES = (".warc", ".warc.gz")
_GLOB_MAGIC = frozenset("*?[")

FileKey = tuple[int, int]


def iter_inputs(
    paths: Sequence[str], url: str | None = None, *, sliced: bool = False
) -> Iterator[Unit]:
    """Every page `paths` name, in order. In folders: HTML files (also gzipped), WARC files and
    Scrapy HTTP-cache entries; a file named on its own is parsed whatever its name (a WARC is
    recognised by its first bytes). `url` is the URL of every saved page, not of archive
    records. A file reached twice (a symlink, a repeated argument) is parsed once. With
    `sliced`, a big gzipped WARC comes as slices for workers to read (`warc_slices`).
    """
    seen: set[FileKey] = set()
    archive = warc_slices if sliced else warc_items
    for raw in paths:
        if os.path.lexists(raw):
            yield from _one_argument(Path(raw), url, seen, archive)
        elif _GLOB_MAGIC & set(raw):
            matches = sorted(glob.glob(raw, recursive=True))
            if not matches:
                yield Problem(raw, "not_found", "no file matches this pattern")
            for match in matches:
                yield from _one_argument(Path(match), url, seen, archive)
        else:
            yield Problem(raw, "not_found", "no such file or folder")


def _one_argument(
    path: Path, url: str | None, seen: set[FileKey], archive: Callable[[Path], Iterator[Unit]]
) -> Iterator[Unit]:
    if path.is_dir():
        empty = True
        for found, kind in walk(path):
            empty = False
            if kind == "loop":
                yield Problem(str(found), "symlink_loop", "a link back to a folder that holds it")
            elif kind == "unreadable":
                yield Problem(str(found), "unreadable", "cannot list this folder")
            elif kind == "cache":
                if _first_time(found / CACHE_BODY, seen):
                    yield cache_entry_item(found)
            elif _first_time(found, seen):
                if found.name.lower().endswith(WARC_SUFFIXES):
                    yield from archive(found)
                else:
                    yield Page(str(found), url=url, beside_info=True)
        if empty:  # (a folder named for its pages: say that none were found)
            yield Problem(str(path), "not_found", "no HTML, WARC or HTTP-cache file in it")
    elif path.name == CACHE_BODY and is_cache_entry(path.parent):
        if _first_time(path, seen):
            yield cache_entry_item(path.parent)
    elif _first_time(path, seen):
        if _is_warc(path):
            yield from archive(path)
        else:
            yield Page(str(path), url=url, beside_info=True)


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


def walk(root: Path) -> Iterator[tuple[Path, str]]:
    """(path, kind) depth first, entries sorted by name. kind: "file" (HTML or WARC by name),
    "cache" (a Scrapy HTTP-cache entry folder), "loop" (a symlink back into a folder being
    walked: reported, not followed) or "unreadable" (a folder that cannot be listed).
    """
    stack: list[tuple[Iterator[os.DirEntry[str]], FileKey | None]] = []

    def enter(folder: Path) -> Iterator[tuple[Path, str]]:
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError:
            yield folder, "unreadable"
            return
        if is_cache_names({e.name for e in entries}):
            yield folder, "cache"
            return
        stack.append((iter(entries), _key(folder)))

    yield from enter(root)
    while stack:
        entry = next(stack[-1][0], None)
        if entry is None:
            stack.pop()
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            key = _key(path)
            if key is not None and any(key == open_key for _, open_key in stack):
                yield path, "loop"
            else:
                yield from enter(path)
        elif entry.name.lower().endswith(HTML_SUFFIXES + WARC_SUFFIXES):
            yield path, "file"


def _is_warc(path: Path) -> bool:
    """A WARC by name, or by its first bytes (plain or gzipped) whatever it is called."""
    name = path.name.lower()
    if name.endswith(WARC_SUFFIXES):
        return True
    if name.endswith(HTML_SUFFIXES) or not path.is_file():
        return False
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
        if head.startswith(GZIP_MAGIC):
            head = zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(head, 16)
    except (OSError, zlib.error):
        return False
    return head.startswith(b"WARC/")
