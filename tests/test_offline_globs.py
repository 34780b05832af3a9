"""`pressbot parse` over glob patterns: expanded as they are walked, depth first, with links back
into a folder being walked reported instead of followed, and matches in Scrapy's HTTP cache read
as cache entries.

A glob that follows links for ever hangs rather than fails, so the tests that could hang run the
command in a subprocess with a timeout.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pressbot.offline.inputs import iter_inputs
from pressbot.offline.pages import Page, Problem

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = sorted((ROOT / "fixtures/demo/site/news").glob("2020/*/article-*.html"))
TIMEOUT = 30
"""Seconds: a run here takes about one; a glob that follows a loop never ends."""


def parse(*args: str | Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pressbot.cli", "parse", *map(str, args), "-j", "1"]
    try:
        return subprocess.run(
            command, cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"`pressbot parse {' '.join(map(str, args))}` did not end in {TIMEOUT} s")


def urls_of(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [json.loads(line)["url"] for line in result.stdout.splitlines()]


def paths_of(*patterns: str) -> list[str]:
    """The saved pages the patterns name, in the order they come."""
    units = list(iter_inputs(patterns))
    assert all(isinstance(unit, Page) for unit in units), units
    return [unit.path for unit in units]


def page(path: Path, number: int = 0) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(ARTICLES[number].read_bytes())
    return path


@pytest.mark.parametrize("links", [["a"], ["a", "b"]], ids=["one link", "two links"])
def test_links_back_into_the_folder_are_reported_not_followed(
    tmp_path: Path, links: list[str]
) -> None:
    """glob.glob follows every link: two links to "." make 2^40 paths, and one link made the
    same file 41 times, merged without a word about the loop."""
    folder = tmp_path / "gl"
    saved = page(folder / "page.html")
    for name in links:
        (folder / name).symlink_to(".")
    errors = tmp_path / "errors.jsonl"
    result = parse(f"{folder}/**/*.html", "--errors", errors)
    assert result.returncode == 1, result.stderr
    assert urls_of(result) == [saved.as_uri()]
    reported = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    assert [(e["path"], e["reason"]) for e in reported] == [
        (str(folder / name), "symlink_loop") for name in links
    ]


def test_links_that_branch_and_join_again_are_walked_once(tmp_path: Path) -> None:
    """d0/a and d0/b lead to d1, d1/a and d1/b to d2, ...: 2^30 paths to one page, no loop."""
    depth = 30
    for level in range(depth):
        (tmp_path / f"d{level}").mkdir()
        for name in "ab":
            (tmp_path / f"d{level}" / name).symlink_to(tmp_path / f"d{level + 1}")
    saved = page(tmp_path / f"d{depth}" / "page.html")
    result = parse(f"{tmp_path}/d0/**/*.html", f"{tmp_path}/d0/**")
    assert result.returncode == 0, result.stderr
    assert urls_of(result) == [saved.as_uri()]


def test_wildcards_never_match_hidden_names(tmp_path: Path) -> None:
    """As glob.glob: "*" and "**" skip names starting with "."; a part starting with "." may
    match them."""
    site = tmp_path / "site"
    for name in (".git/x.html", ".hidden.html", "a/.b.html", "a/c.html", "a.html"):
        page(site / name)
    assert paths_of(f"{site}/**/*.html") == [f"{site}/a/c.html", f"{site}/a.html"]
    assert paths_of(f"{site}/**/.*.html") == [f"{site}/.hidden.html", f"{site}/a/.b.html"]
    assert paths_of(f"{site}/.*/*.html") == [f"{site}/.git/x.html"]


def test_double_star_also_matches_no_folder(tmp_path: Path) -> None:
    site = tmp_path / "site"
    for name in ("x.html", "sub/y.html", "a/sub/z.html", "a-b/sub/w.html", "a-b/sub/deep/v.html"):
        page(site / name)
    assert paths_of(f"{site}/**/sub/*.html") == [
        f"{site}/a/sub/z.html",
        f"{site}/a-b/sub/w.html",
        f"{site}/sub/y.html",
    ]
    assert paths_of(f"{site}/**/x.html", f"{site}/sub/**/*.html") == [
        f"{site}/x.html",
        f"{site}/sub/y.html",
    ]


def _depth_first(folder: Path, prefix: str = "") -> Iterator[str]:
    """The .html files under `folder`, entries sorted by name, depth first."""
    for name in sorted(os.listdir(folder)):
        if (folder / name).is_dir():
            yield from _depth_first(folder / name, f"{prefix}{name}/")
        elif name.endswith(".html"):
            yield prefix + name


def test_matches_come_depth_first_in_name_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The order of a walk of the folder, as for a folder named on the command line, not the
    order of the matches sorted as strings ("a.html" before "a/b.html")."""
    for name in (
        "a.html",
        "a/b.html",
        "a/b/c.html",
        "a-b.html",
        "a-b/c.html",
        "a0/d.html",
        "b.html",
    ):
        page(tmp_path / name)
    monkeypatch.chdir(tmp_path)
    expected = list(_depth_first(tmp_path))
    assert expected[:5] == ["a/b/c.html", "a/b.html", "a-b/c.html", "a-b.html", "a.html"]
    assert paths_of("**/*.html") == expected, "a pattern without a folder walks the current one"
    assert paths_of(f"{tmp_path}/**") == [f"{tmp_path}/{name}" for name in expected]


def _cache_entry(cache: Path, fingerprint: str, url: str, number: int) -> Path:
    """One entry as Scrapy's FilesystemCacheStorage writes it."""
    entry = cache / "press" / fingerprint[:2] / fingerprint
    entry.mkdir(parents=True)
    meta = {"url": url, "method": "GET", "status": 200, "response_url": url, "timestamp": 1.7e9}
    (entry / "meta").write_text(repr(meta), encoding="utf-8")
    (entry / "pickled_meta").write_bytes(b"never unpickled")
    (entry / "request_headers").write_bytes(b"Accept: text/html\r\n")
    (entry / "request_body").write_bytes(b"")
    (entry / "response_headers").write_bytes(b"Content-Type: text/html; charset=utf-8\r\n")
    return page(entry / "response_body", number)


def test_a_glob_over_an_http_cache_reads_its_entries(tmp_path: Path) -> None:
    """Not `meta` published as an article, nor `response_headers` parsed as a page."""
    cache = tmp_path / "httpcache"
    urls = ["https://press.example/one.html", "https://press.example/two.html"]
    bodies = [
        _cache_entry(cache, fingerprint * 40, url, number)
        for number, (fingerprint, url) in enumerate(zip("ab", urls, strict=True))
    ]
    units = list(iter_inputs([f"{cache}/**", f"{cache}/*/*/*/meta"]))
    assert [(unit.path, unit.url) for unit in units] == [
        (str(body), url) for body, url in zip(bodies, urls, strict=True)
    ]
    result = parse(f"{cache}/**")
    assert result.returncode == 0, result.stderr
    assert urls_of(result) == urls


def test_a_named_folder_is_read_whole_a_glob_as_glob_reads_it(tmp_path: Path) -> None:
    """Where the walks differ: a folder named on the command line gives every page in it, hidden
    names too, and a cache entry as one page whatever else the entry's folder holds; a glob skips
    hidden names and reads a page it matches in a folder below an entry."""
    site = tmp_path / "site"
    hidden = [page(site / ".git" / "x.html"), page(site / ".hidden.html")]
    shown = page(site / "a.html")
    body = _cache_entry(site / "httpcache", "a" * 40, "https://press.example/one.html", 1)
    below = page(body.parent / "sub" / "y.html", 2)
    assert [unit.path for unit in iter_inputs([str(site)])] == [
        *map(str, hidden),
        str(shown),
        str(body),
    ]
    assert paths_of(f"{site}/**/*.html") == [str(shown), str(below)]


def test_a_folder_a_glob_matches_need_not_hold_pages(tmp_path: Path) -> None:
    """`site/**` matches `site/img/`: it is no folder the user named for its pages."""
    site = tmp_path / "site"
    saved = page(site / "a.html")
    (site / "img").mkdir()
    (site / "img" / "logo.png").write_bytes(b"\x89PNG")
    (site / "empty").mkdir()
    units = list(iter_inputs([f"{site}/*/", f"{site}/**/*/"]))
    assert units == [], "no page in these folders, and nothing to report"
    assert [unit.path for unit in iter_inputs([f"{site}/**"])] == [
        str(saved),
        str(site / "img" / "logo.png"),
    ], "a file a pattern matches is parsed whatever its name"
    [named] = iter_inputs([str(site / "img")])
    assert isinstance(named, Problem)
    assert named.reason == "not_found"


def test_a_folder_s_pages_saved_under_their_script_s_name_are_read(tmp_path: Path) -> None:
    """A wget mirror without --adjust-extension keeps `article.php?id=3` and `list.aspx`: a
    folder scan skipped them without a word, and the mirror gave no record."""
    site = tmp_path / "mirror"
    pages = [page(site / "a.php?id=3"), page(site / "b.ASPX"), page(site / "c.jsp")]
    for other in ("style.css", "logo.png", "README"):
        (site / other).write_bytes(b"not a page")
    assert [unit.path for unit in iter_inputs([str(site)])] == [str(p) for p in pages]


def test_a_cache_entry_that_gives_no_record_is_named_by_its_url_too(tmp_path: Path) -> None:
    """An HTTP-cache entry's folder is named by a hash: its line on stderr named only that
    (`.../39/39ab…/response_body: no record: no-body`), the URL was in the errors file alone."""
    url = "https://press.example/index.html"
    body = _cache_entry(tmp_path / "httpcache", "c" * 40, url, 0)
    body.write_bytes(b"<html><body><ul><li><a href='/a.html'>a</a></li></ul></body></html>")
    result = parse(tmp_path / "httpcache")
    assert result.returncode == 1, result.stderr
    assert f"{body} ({url}): no record: " in result.stderr, result.stderr
    listing = tmp_path / "saved" / "index.html"  # a saved file: its name says it all
    listing.parent.mkdir()
    listing.write_bytes(body.read_bytes())
    saved = parse(listing)
    assert saved.stderr.startswith(f"{listing}: no record: "), saved.stderr
