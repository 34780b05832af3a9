"""Compiled regular expressions kept between processes, as Python keeps bytecode.

Importing the extraction code compiles about 800 patterns, and sre's compiler is pure Python:
0.14 s of the 0.3 s a crawl's extraction worker or `pressbot parse` spends before its first
page, CPU that a crawl's other processes then lack. Within `cached_compiles()`, the code sre
makes for each pattern is taken from a file beside pressbot's bytecode (`__pycache__`, or under
`PYTHONPYCACHEPREFIX`) and handed to `_sre.compile`, as `re` does with code it has just made. A
pattern the file lacks (new, or changed) is compiled as usual, and the file is then written anew
with the patterns of the block. As bytecode is, the file is written only where Python writes
bytecode (not under `-B` or `PYTHONDONTWRITEBYTECODE`), and read only by the interpreter that
made it: its name holds the interpreter's cache tag, sre's version and its code size. A file that
cannot be read is ignored and written anew; code that sre refuses is compiled again. Where `re`
lacks the internals used here (another Python), or they do not give the patterns `re.compile`
gives (checked once per process), patterns are compiled as usual.
"""

from __future__ import annotations

import contextlib
import importlib.util
import logging
import marshal
import os
import re
import sys
import tempfile
import threading
from array import array
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

try:
    import _sre

    _COMPILER: Any = re._compiler  # type: ignore[attr-defined]
    _PARSE = re._parser.parse  # type: ignore[attr-defined]
    _CODE = _COMPILER._code
    _ORIGINAL = _COMPILER.compile
    _MAGIC, _CODESIZE = int(_sre.MAGIC), int(_sre.CODESIZE)
    _UNIT = next(kind for kind in "HILQ" if array(kind).itemsize == _CODESIZE)
except (ImportError, AttributeError, TypeError, ValueError, StopIteration):  # another Python's
    _COMPILER = None

_FORMAT = 1
_PROBES = ((r"(?P<a>x)\d+|(?i:y)", 0), (rb"[a-c]{2,}$", re.MULTILINE), ("\\w+", re.ASCII))

Key = tuple[str | bytes, int]
Entry = tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]
"""(flags, sre's code as bytes of code units, groups, group index, index group): what
`_sre.compile` takes besides the pattern."""

_LOCK = threading.Lock()


def default_path() -> Path | None:
    """The cache file for this interpreter, beside pressbot's bytecode; None where Python keeps
    no bytecode (no cache tag)."""
    if _COMPILER is None:
        return None
    try:
        pyc = Path(importlib.util.cache_from_source(__file__))
    except (NotImplementedError, ValueError):
        return None
    tag = sys.implementation.cache_tag
    return pyc.with_name(f"patterns.{tag}.sre{_MAGIC}-{_CODESIZE}.bin")


@contextlib.contextmanager
def cached_compiles(path: Path | None = None) -> Iterator[None]:
    """Within the block, `re.compile` in this process takes each pattern's code from the cache
    file at `path` (default: `default_path()`); when it had to compile one, the file is written
    anew at the end with the block's patterns. While another thread is in such a block, this
    one compiles as usual."""
    path = path or default_path()
    if path is None or not _LOCK.acquire(blocking=False):
        yield
        return
    try:
        if not _faithful():
            yield
            return
        cache = _Cache(path)
        _COMPILER.compile = cache.compile
        try:
            yield
        finally:
            _COMPILER.compile = _ORIGINAL
        cache.save()
    finally:
        _LOCK.release()


class _Cache:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries = _load(path)
        self.used: dict[Key, Entry] = {}
        self.added = 0

    def compile(self, pattern: Any, flags: int = 0) -> re.Pattern[Any]:
        """`re._compiler.compile`, with the code from the cache where it holds the pattern."""
        if not isinstance(pattern, str | bytes):
            return _ORIGINAL(pattern, flags)  # type: ignore[no-any-return]
        key = (pattern, int(flags))
        entry = self.entries.get(key)
        if entry is not None:
            try:
                compiled = _from_entry(pattern, entry)
            except (RuntimeError, TypeError, ValueError, OverflowError):  # sre refused it
                del self.entries[key]
            else:
                self.used[key] = entry
                return compiled
        entry = self.used[key] = _entry(pattern, int(flags))
        self.added += 1
        return _from_entry(pattern, entry)

    def save(self) -> None:
        """Write the entries this process used to the file, where Python writes bytecode and
        this process compiled something new (the patterns of code since changed go)."""
        if not self.added or sys.dont_write_bytecode:
            return
        data = marshal.dumps((_header(), self.used))
        temporary = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=self.path.name)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(temporary, os.stat(__file__).st_mode & 0o666)  # (as Python's bytecode)
            os.replace(temporary, self.path)  # (readers see the old file or the new one)
        except OSError as exc:
            logger.debug("Compiled patterns not cached in %s: %s", self.path, exc)
            if temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)


def _header() -> tuple[int, str | None, int, int]:
    return _FORMAT, sys.implementation.cache_tag, _MAGIC, _CODESIZE


def _load(path: Path) -> dict[Key, Entry]:
    """The file's entries; none when it is missing, unreadable or another interpreter's."""
    try:
        header, entries = marshal.loads(path.read_bytes())
    except FileNotFoundError:
        return {}
    except (OSError, EOFError, ValueError, TypeError) as exc:
        logger.debug("Ignored the cache of compiled patterns %s: %s", path, exc)
        return {}
    if header != _header() or not isinstance(entries, dict):
        return {}
    return entries


def _entry(pattern: str | bytes, flags: int) -> Entry:
    """What `re._compiler.compile` hands `_sre.compile` for the pattern (its steps, in order)."""
    parsed = _PARSE(pattern, flags)
    code = _CODE(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    units = array(_UNIT, [int(unit) for unit in code]).tobytes()
    return (
        int(flags | parsed.state.flags),
        units,
        parsed.state.groups - 1,
        groupindex,
        (*indexgroup,),
    )


def _from_entry(pattern: str | bytes, entry: Entry) -> re.Pattern[Any]:
    flags, units, groups, groupindex, indexgroup = entry
    code = array(_UNIT, units).tolist()
    return _sre.compile(pattern, flags, code, groups, groupindex, indexgroup)  # type: ignore[no-any-return]


@cache
def _faithful() -> bool:
    """Whether `_entry` gives the patterns `re` gives on this Python (compiled patterns are
    equal when their pattern, flags and code are), tried once on a few patterns."""
    try:
        return all(
            _from_entry(pattern, _entry(pattern, int(flags))) == _ORIGINAL(pattern, flags)
            for pattern, flags in _PROBES
        )
    except Exception as exc:  # any failure means: do not use it
        logger.debug("Compiled patterns are not cached on this Python: %r", exc)
        return False
