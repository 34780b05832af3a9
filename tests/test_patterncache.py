"""The cache of compiled patterns (`pressbot.patterncache`): a second process takes the
extraction code's patterns from it, gets patterns equal to those `re` compiles, and extracts the
same records; a damaged or foreign file, or code sre refuses, costs a compile, never a wrong
pattern; no file where Python writes no bytecode."""

from __future__ import annotations

import json
import marshal
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from pressbot import patterncache
from pressbot.patterncache import cached_compiles, default_path

REPO = Path(__file__).resolve().parent.parent
PAGE = REPO / "fixtures/demo/site/news/2020/06/article-01.html"

pytestmark = pytest.mark.skipif(
    default_path() is None or not patterncache._faithful(),
    reason="this Python's re has not the internals the cache uses: patterns compile as usual",
)

# In a fresh process: extract the fixture page, note which patterns the cache did not hold while
# the extraction code was imported (sre's compiler made those), and whether each pattern taken
# through the cache equals the one `re` compiles itself.
_CHILD = """
import json, sys
from pressbot import patterncache
made, unequal = [], []
compile_ = patterncache._Cache.compile
def checked(self, pattern, flags=0):
    if (pattern, int(flags)) not in self.entries:
        made.append(str(pattern))
    compiled = compile_(self, pattern, flags)
    if compiled != patterncache._ORIGINAL(pattern, flags):
        unequal.append(str(pattern))
    return compiled
patterncache._Cache.compile = checked
from pressbot.extract import extract
record = extract(open(sys.argv[1], "rb").read(), "http://example.com/news/2020/06/a.html")
print(json.dumps({"made": len(made), "unequal": unequal, "record": record.to_dict()}))
"""


def _child(env: dict[str, str]) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(PAGE)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return dict(json.loads(done.stdout))


def _env(tmp_path: Path, *, bytecode: bool) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(tmp_path / "pycache")
    env["PYTHONHASHSEED"] = "0"  # (a pattern joined from a set is then the same string)
    if not bytecode:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def test_a_second_process_takes_the_extraction_patterns_from_the_cache(tmp_path: Path) -> None:
    first = _child(_env(tmp_path, bytecode=True))
    assert list((tmp_path / "pycache").rglob("patterns.*.bin"))
    second = _child(_env(tmp_path, bytecode=True))
    assert first["made"] > 300  # (the extraction code compiles several hundred)
    assert second["made"] == 0
    assert first["unequal"] == second["unequal"] == []
    assert second["record"] == first["record"]


def test_no_cache_where_python_writes_no_bytecode(tmp_path: Path) -> None:
    plain = _child(_env(tmp_path, bytecode=False))
    again = _child(_env(tmp_path, bytecode=False))
    assert not list(tmp_path.rglob("patterns.*.bin"))
    assert plain["made"] == again["made"] > 300
    assert plain["record"] == again["record"]
    cached = _child(_env(tmp_path / "other", bytecode=True))
    assert cached["record"] == plain["record"]


@pytest.fixture(autouse=True)
def _writes_bytecode(monkeypatch: pytest.MonkeyPatch) -> None:
    """As Python does by default (the suite may run under PYTHONDONTWRITEBYTECODE)."""
    monkeypatch.setattr(sys, "dont_write_bytecode", False)


def _fresh(count: int) -> list[str]:
    """Patterns this process has never compiled (`re` answers those from its own cache)."""
    tag = uuid.uuid4().hex
    return [rf"(?P<w{tag}>\w+)-{i}-{tag}\d*" for i in range(count)]


def _compile_all(path: Path, patterns: list[str]) -> list[re.Pattern[str]]:
    with cached_compiles(path):
        return [re.compile(pattern) for pattern in patterns]


def _entries(path: Path) -> dict[tuple[str | bytes, int], object]:
    header, entries = marshal.loads(path.read_bytes())
    assert header == patterncache._header()
    return dict(entries)


def test_patterns_come_back_equal_and_the_file_holds_those_of_the_last_block(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "patterns.bin"
    first, later, gone = _fresh(3), _fresh(2), _fresh(1)
    compiled = _compile_all(path, first + gone)
    assert set(_entries(path)) == {(p, 0) for p in first + gone}
    made: list[str | bytes] = []
    entry = patterncache._entry

    def counted(pattern: str | bytes, flags: int) -> object:
        made.append(pattern)
        return entry(pattern, flags)

    monkeypatch.setattr(patterncache, "_entry", counted)
    re.purge()  # (else `re` answers the patterns it compiled before from its own cache)
    again = _compile_all(path, first + later)
    assert made == later  # the others came from the file
    assert again[:3] == compiled[:3] == [patterncache._ORIGINAL(p, 0) for p in first]
    assert again[3:] == [patterncache._ORIGINAL(p, 0) for p in later]
    assert set(_entries(path)) == {(p, 0) for p in first + later}  # (no longer `gone`)
    tag = first[0].rpartition("-")[2].removesuffix(r"\d*")
    assert again[0].fullmatch(f"ab-0-{tag}7").groups() == ("ab",)


@pytest.mark.parametrize(
    "content",
    [b"", b"not marshal data \xff", marshal.dumps(((0, "another-python", 1, 4), {}))],
    ids=["empty", "garbage", "another interpreter's"],
)
def test_an_unusable_file_is_ignored_and_written_anew(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "patterns.bin"
    path.write_bytes(content)
    patterns = _fresh(2)
    assert _compile_all(path, patterns) == [patterncache._ORIGINAL(p, 0) for p in patterns]
    assert set(_entries(path)) == {(p, 0) for p in patterns}


def test_code_sre_refuses_is_compiled_again(tmp_path: Path) -> None:
    path = tmp_path / "patterns.bin"
    (pattern,) = _fresh(1)
    flags, _, groups, index, names = patterncache._entry(pattern, 0)
    broken = (flags, b"\xff\xff\xff\x7f" * 8, groups, index, names)
    path.write_bytes(marshal.dumps((patterncache._header(), {(pattern, 0): broken})))
    assert _compile_all(path, [pattern]) == [patterncache._ORIGINAL(pattern, 0)]
    assert _entries(path)[(pattern, 0)] == patterncache._entry(pattern, 0)


def test_nothing_is_written_under_dont_write_bytecode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    path = tmp_path / "patterns.bin"
    patterns = _fresh(2)
    assert _compile_all(path, patterns) == [patterncache._ORIGINAL(p, 0) for p in patterns]
    assert not path.exists()


def test_re_compiles_as_usual_after_the_block(tmp_path: Path) -> None:
    _compile_all(tmp_path / "patterns.bin", _fresh(1))
    assert re._compiler.compile is patterncache._ORIGINAL  # type: ignore[attr-defined]
    (pattern,) = _fresh(1)
    re.compile(pattern)
    assert (pattern, 0) not in _entries(tmp_path / "patterns.bin")
