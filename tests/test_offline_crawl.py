"""The same page gives the same record whether crawled or parsed offline.

The demo site is crawled over loopback HTTP by the real `scrapy crawl press`, with Scrapy's HTTP
cache on. Then the pages are parsed offline three ways: the HTTP-cache folder the crawl left, a
WARC of the same responses in crawl order, and the site's files with `--url`. Every record must
equal the crawled one apart from `fetched_at`; with `--dedup`, the WARC run publishes exactly
what the crawl published.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from conftest import DEMO, Crawl, CrawlRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pressbot.localserver import Reply, serve_directory

ROOT = Path(__file__).resolve().parent.parent
CRAWLED = re.compile(r"Crawled \(200\) <GET (\S+)>")


def parse(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """`pressbot parse --site demo ...`: the crawl applied the demo site config too."""
    return subprocess.run(
        [sys.executable, "-m", "pressbot.cli", "parse", "--site", "demo", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def by_url(jsonl: str) -> dict[str, dict[str, Any]]:
    records = [json.loads(line) for line in jsonl.splitlines()]
    found = {r["url"]: r for r in records}
    assert len(found) == len(records), "one record per URL"
    return found


def differences(crawled: dict[str, Any], offline: dict[str, Any]) -> list[str]:
    return [
        f"{crawled['url']}: {key}: crawled {crawled[key]!r}, offline {offline.get(key)!r}"
        for key in crawled
        if key != "fetched_at" and crawled[key] != offline.get(key)
    ]


@pytest.fixture
def demo_crawl(tmp_path: Path, crawl: CrawlRunner, demo_base_url: str) -> tuple[Crawl, Path]:
    cache = tmp_path / "httpcache"
    result = crawl(
        "site=demo",
        f"base_url={demo_base_url}",
        settings={
            "CONCURRENT_REQUESTS": "1",
            "HTTPCACHE_ENABLED": "True",
            "HTTPCACHE_DIR": str(cache),
            "LOG_LEVEL": "DEBUG",
        },
    )
    assert result.returncode == 0, result.describe()
    assert len(result.records()) >= 10, result.describe()
    return result, cache


def test_http_cache_of_a_crawl_parses_to_the_crawled_records(
    tmp_path: Path, demo_crawl: tuple[Crawl, Path]
) -> None:
    result, cache = demo_crawl
    crawled = by_url("\n".join(json.dumps(r) for r in result.records()))
    errors = tmp_path / "errors.jsonl"
    offline = parse(cache, "--errors", errors)
    assert "Traceback" not in offline.stderr
    parsed = by_url(offline.stdout)
    problems = [p for url, r in crawled.items() for p in differences(r, parsed.get(url, {}))]
    assert not problems, "\n".join(problems)
    for record in parsed.values():
        assert record["fetched_at"], "the cache's timestamp is the fetch time"
    dropped = re.findall(r"Dropped: duplicate_\w+: (\S+)", result.log)
    assert sorted(set(parsed) - set(crawled)) == sorted(dropped), (
        "offline without --dedup also gives the pages the crawl dropped as duplicates"
    )
    reasons = {json.loads(line)["reason"] for line in errors.read_text("utf-8").splitlines()}
    assert reasons == {"no_record"}, "only listing and home pages give no record"
    assert offline.returncode == 1


def test_warc_of_a_crawl_with_dedup_publishes_what_the_crawl_published(
    tmp_path: Path, demo_crawl: tuple[Crawl, Path]
) -> None:
    result, _ = demo_crawl
    crawled = by_url("\n".join(json.dumps(r) for r in result.records()))
    order = CRAWLED.findall(result.log)
    assert len(order) > len(crawled), result.describe()
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for url in order:
        with urllib.request.urlopen(url, timeout=30) as response:
            body = response.read()
            headers = StatusAndHeaders(
                f"{response.status} OK", list(response.headers.items()), protocol="HTTP/1.1"
            )
        record = writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), length=len(body), http_headers=headers
        )
        writer.write_record(record)
    warc = tmp_path / "crawl.warc.gz"
    warc.write_bytes(buffer.getvalue())

    offline = parse(warc, "--dedup", "--state", tmp_path / "offline-state.sqlite3", "-j", "2")
    parsed = by_url(offline.stdout)
    assert sorted(parsed) == sorted(crawled)
    problems = [p for url, r in crawled.items() for p in differences(r, parsed[url])]
    assert not problems, "\n".join(problems)
    for url in re.findall(r"Dropped: (duplicate_\w+: \S+)", result.log):
        assert url.split(": ")[1] in offline.stderr, "each duplicate is reported"


def test_saved_files_with_their_url_parse_to_the_crawled_records(
    demo_crawl: tuple[Crawl, Path], demo_base_url: str
) -> None:
    result, _ = demo_crawl
    problems = []
    for record in result.records():
        path = DEMO / "site" / record["url"][len(demo_base_url) :]
        offline = parse(path, "--url", record["url"])
        assert offline.returncode == 0, offline.stderr
        problems += differences(record, json.loads(offline.stdout))
    assert not problems, "\n".join(problems)


WAP_XHTML = "application/vnd.wap.xhtml+xml; charset=utf-8"


def test_pages_served_as_wap_xhtml_are_crawled_and_parsed_offline_alike(
    tmp_path: Path, crawl: CrawlRunner
) -> None:
    """Mobile editions of Chinese sites serve WAP XHTML. The crawl follows such a listing and
    publishes such an article; the HTTP cache and a WARC of the same responses give the same
    record offline, where they used to be skipped for their content type."""
    site = DEMO / "site"
    served = {
        f"/{path}": Reply(200, {"Content-Type": WAP_XHTML}, (site / path).read_bytes())
        for path in ("news/index.html", "news/2020/06/article-01.html")
    }
    cache = tmp_path / "httpcache"
    with serve_directory(site, extra=served) as base_url:
        result = crawl(
            "site=demo",
            f"base_url={base_url}",
            settings={"HTTPCACHE_ENABLED": "True", "HTTPCACHE_DIR": str(cache)},
        )
        url = f"{base_url}news/2020/06/article-01.html"
        with urllib.request.urlopen(url, timeout=30) as response:
            assert response.headers["Content-Type"] == WAP_XHTML
            body = response.read()
    assert result.returncode == 0, result.describe()
    assert "Skipped listing" not in result.log
    crawled = by_url("\n".join(json.dumps(r) for r in result.records()))
    assert url in crawled, result.describe()
    assert f"{base_url}news/2020/06/article-02.html" in crawled, "the listing's links followed"

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    headers = StatusAndHeaders("200 OK", [("Content-Type", WAP_XHTML)], protocol="HTTP/1.1")
    writer.write_record(
        writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), length=len(body), http_headers=headers
        )
    )
    warc = tmp_path / "wap.warc.gz"
    warc.write_bytes(buffer.getvalue())
    for source in (cache, warc):
        offline = parse(source)
        assert "content type" not in offline.stderr, offline.stderr
        parsed = by_url(offline.stdout)
        assert url in parsed, offline.stderr
        assert not differences(crawled[url], parsed[url])
