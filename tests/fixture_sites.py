"""Helpers for the crawl tests over the fixture sites in fixtures/crawl/<site>/.

Each site has its pages, a `records.json` (hand-written: the records the crawl must publish,
keyed by `url_path` under the site root) and, except `generic`, a config in
fixtures/sites-crawl/<site>.toml that the tests use through PRESSBOT_SITES_DIR and `base_url`.
"""

from __future__ import annotations

import json
import mimetypes
from pathlib import Path
from typing import Any

from conftest import REPO, Crawl

from pressbot.localserver import Reply
from pressbot.schema import record_errors

CRAWL_SITES = REPO / "fixtures" / "crawl"
SITES_DIR = REPO / "fixtures" / "sites-crawl"
FAST = {"PRESSBOT_SITES_DIR": str(SITES_DIR), "PRESSBOT_RETRY_BACKOFF": "0.2"}
NOT_FIELDS = {"url_path", "note"}


def site_root(site: str) -> Path:
    root = CRAWL_SITES / site
    assert root.is_dir(), f"{root} is missing"
    return root


def expected(site: str) -> dict[str, dict[str, Any]]:
    """url_path -> expected record fields."""
    records = json.loads((site_root(site) / "records.json").read_text(encoding="utf-8"))
    return {r["url_path"]: r for r in records}


def file_reply(site: str, path: str, content_type: str | None = None, **kwargs: Any) -> Reply:
    """The file at `path` under the site root as a canned reply (other headers, a delay...)."""
    file = site_root(site) / path.lstrip("/")
    kind = content_type or mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    return Reply(200, {"Content-Type": kind}, file.read_bytes(), **kwargs)


def paths(records: list[dict[str, Any]], base_url: str) -> list[str]:
    """Each record's URL as a path under the served root."""
    found = []
    for record in records:
        assert record["url"].startswith(base_url), f"{record['url']} is outside {base_url}"
        found.append(record["url"][len(base_url) :])
    return found


def check_records(
    result: Crawl, base_url: str, site: str, want: list[str], fields: tuple[str, ...] = ()
) -> list[dict[str, Any]]:
    """Assert the crawl published exactly the `want` url_paths, each once, each valid and equal
    to its expected fields (all of them, or only `fields`); return the records."""
    records = result.records()
    got = paths(records, base_url)
    assert sorted(got) == sorted(want), f"published {sorted(got)}\nwant {sorted(want)}\n" + (
        result.describe()
    )
    gold = expected(site)
    problems = []
    for record, path in zip(records, got, strict=True):
        problems += [f"{path}: schema: {error}" for error in record_errors(record)]
        assert "\ufffd" not in json.dumps(record, ensure_ascii=False), f"{path}: U+FFFD"
        for name, value in gold[path].items():
            if name in NOT_FIELDS or (fields and name not in fields):
                continue
            if record.get(name) != value:
                problems.append(f"{path}: {name}: got {record.get(name)!r}, want {value!r}")
    assert not problems, "\n".join(problems)
    return records
