"""End to end: the demo site served on loopback, crawled by the real `scrapy crawl press`.

The published feed must hold exactly the articles of fixtures/demo/expected (see its README):
article-03, also linked with utm parameters, once under its plain URL; article-07, a syndicated
copy of article-06, not at all. Each record is valid and equals its gold fields; a second run
with the same state publishes nothing. The crawl runs with one request at a time, so "first
seen" is strictly listing order (article-06 on page 1 before article-07 on page 2).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import DEMO, REPO, Crawl, CrawlRunner

from pressbot.dedup.sqlite import SQLiteDedupStore
from pressbot.localserver import serve_directory
from pressbot.manifest import site_feeds
from pressbot.schema import record_errors
from pressbot.setting import unknown_settings

FEED_NAME = re.compile(r"^demo-(\d{8}T\d{6}Z)-\d+\.jsonl$")
NOT_FIELDS = {"url_path", "note"}
SYNDICATED_COPY = "article-07"
ORIGINAL = "article-06"


def _expected() -> dict[str, tuple[str, dict[str, Any]]]:
    """url_path -> (case name, gold fields) for every article of the demo site."""
    folder = DEMO / "expected"
    assert folder.is_dir(), f"{folder} is missing: the demo fixture has not been written"
    cases = {}
    for path in sorted(folder.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        cases[gold["url_path"].lstrip("/")] = (path.stem, gold)
    assert cases, f"no expected records in {folder}"
    return cases


def _site_path(url: str, base_url: str) -> str:
    """A record's URL as a path under the served root."""
    assert url.startswith(base_url), f"{url} is outside the demo site {base_url}"
    return url[len(base_url) :]


def _run_demo(crawl: CrawlRunner, base_url: str) -> Crawl:
    result = crawl("site=demo", f"base_url={base_url}", settings={"CONCURRENT_REQUESTS": "1"})
    assert result.returncode == 0, result.describe()
    assert "Traceback" not in result.log, result.describe()
    return result


def test_demo_crawl_publishes_exactly_the_expected_articles(
    crawl: CrawlRunner, demo_base_url: str
) -> None:
    cases = _expected()
    by_case = {case: path for path, (case, _) in cases.items()}
    expected = {path: v for path, v in cases.items() if v[0] != SYNDICATED_COPY}
    result = _run_demo(crawl, demo_base_url)

    feeds = result.feed_files()
    assert len(feeds) == 1, f"want one feed file, got {feeds}\n{result.describe()}"
    feed = feeds[0]
    match = FEED_NAME.match(feed.name)
    assert match, feed.name
    run_day = f"{match[1][:4]}-{match[1][4:6]}-{match[1][6:8]}"
    assert feed.parent == result.output_dir / "demo" / run_day
    assert not result.part_files()

    raw = feed.read_text(encoding="utf-8")
    assert re.search(r"[\u4e00-\u9fff]", raw), "Chinese text must be written as UTF-8"
    assert not re.search(r"\\u[0-9a-fA-F]{4}", raw), "no \\uXXXX escapes in the feed"

    records = result.records()
    published = [_site_path(r["url"], demo_base_url) for r in records]
    assert sorted(published) == sorted(expected), (
        f"published {sorted(published)}\nexpected {sorted(expected)}\n{result.describe()}"
    )

    problems = []
    for record, path in zip(records, published, strict=True):
        case, gold = expected[path]
        problems += [f"{case}: schema: {error}" for error in record_errors(record)]
        for field, want in gold.items():
            if field in NOT_FIELDS:
                continue
            if field not in record:
                problems.append(f"{case}: {field}: not a record field")
            elif record[field] != want:
                problems.append(f"{case}: {field}: got {record[field]!r}, want {want!r}")
    assert not problems, "\n".join(problems)

    assert result.stats.get("pressbot/published") == len(expected)
    assert result.stats.get("pressbot/gc/frozen_objects", 0) > 1000  # pipelines.memory is on
    dropped = result.dropped()
    assert dropped == {"duplicate_content": 1}, dropped
    copy, original = (demo_base_url + by_case[c] for c in (SYNDICATED_COPY, ORIGINAL))
    assert f"Dropped: duplicate_content: {copy} (first seen at {original})" in result.log
    # The link with utm_ parameters is the same request as the plain one: fetched once.
    assert "utm_" not in result.log.partition("Spider opened")[2], result.describe()


def test_second_run_with_the_same_state_publishes_nothing(
    crawl: CrawlRunner, demo_base_url: str
) -> None:
    first = _run_demo(crawl, demo_base_url)
    assert first.stats.get("pressbot/published", 0) > 0, first.describe()
    before = first.feed_files()

    second = _run_demo(crawl, demo_base_url)
    assert second.stats.get("pressbot/published", 0) == 0, second.describe()
    assert second.feed_files() == before, "a run with nothing new writes no feed file"
    assert not second.part_files()
    # Incremental runs: article URLs an earlier run published are not fetched again at all.
    known = second.stats.get("pressbot/article/known", 0)
    assert known > 0, second.describe()
    assert known == second.stats.get("pressbot/article/links"), second.describe()
    assert not second.dropped(), second.describe()


def test_unknown_site_fails_naming_the_known_ones(crawl: CrawlRunner) -> None:
    result = crawl("site=no-such-site")
    assert result.returncode != 0
    assert "no site config named 'no-such-site'" in result.log
    assert "demo" in result.log.split("no site config named", 1)[1].splitlines()[0]
    assert not result.feed_files()


def test_corrupt_state_stops_the_run_naming_the_file(crawl: CrawlRunner, tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<html><body>nothing here</body></html>", encoding="utf-8")
    state = tmp_path / "bad-state.sqlite3"
    state.write_bytes(b"not a database at all\n" * 100)
    with serve_directory(site) as base_url:
        result = crawl(
            f"start_url={base_url}index.html", settings={"PRESSBOT_STATE_PATH": str(state)}
        )
    assert result.returncode != 0, result.describe()
    assert f"{state}: dedup state is not a usable SQLite database" in result.log
    assert "Spider opened" not in result.log, "the run must stop before anything is fetched"
    assert state.read_bytes() == b"not a database at all\n" * 100, "bad state is left untouched"
    assert_said_once(result.log, "dedup state is not a usable SQLite database")


def assert_said_once(log: str, message: str) -> None:
    """A crawl that cannot start says why in one line, with no traceback of Scrapy's start."""
    assert log.count(message) == 1, log[-3000:]
    assert "The crawl cannot start: " in log, log[-3000:]
    assert "Traceback" not in log, log[-3000:]
    assert "never retrieved" not in log, log[-3000:]


@pytest.mark.parametrize("args", [(), ("base_url=http://127.0.0.1:9/",)])
def test_spider_needs_a_site_or_a_start_url(crawl: CrawlRunner, args: tuple[str, ...]) -> None:
    result = crawl(*args)
    assert result.returncode == 1, result.describe()
    assert "pass -a site=NAME (known sites: " in result.log
    assert_said_once(result.log, "pass -a site=NAME")


@pytest.mark.parametrize("value", ["maybe", "ture", "2"])
def test_a_full_argument_that_is_no_yes_or_no_stops_the_run(crawl: CrawlRunner, value: str) -> None:
    """`-a full=ture` (a typo) was an incremental run without a word: known articles were not
    fetched again, and the README says `-a full=1` is the way to refetch them."""
    result = crawl("site=demo", f"full={value}")
    assert result.returncode == 1, result.describe()
    assert_said_once(result.log, f"full={value!r}: want 1 (or true, yes, on)")


SHARE = "a number from 0 to 1 (a share: 0.3 is 30 %)"
FLAG = "True or False (or 1 or 0)"


@pytest.mark.parametrize(
    ("name", "value", "wanted"),
    [
        ("PRESSBOT_GC_THRESHOLD", "-1", "a whole number of 0 or more"),
        ("PRESSBOT_EXTRACT_WORKERS", "-1", "a whole number of 0 or more"),
        ("PRESSBOT_DEDUP_BATCH", "x", "a whole number of 0 or more"),
        ("PRESSBOT_SIMHASH_DISTANCE", "99", "a whole number from 0 to 31"),
        ("PRESSBOT_FILL_DROP", "abc", SHARE),
        ("PRESSBOT_MAX_ERROR_RATE", "20", SHARE),  # 20 %, as a percentage: no check at all
        ("PRESSBOT_NEAR_JACCARD", "0", "a number over 0 and at most 1"),
        ("PRESSBOT_RETRY_BACKOFF", "-1", "a number of 0 or more"),
        ("PRESSBOT_ROBOTSTXT_TIMEOUT", "0", "a number over 0"),
        ("PRESSBOT_HEALTH_ENABLED", "no", FLAG),  # was Scrapy's ValueError, a traceback
        ("PRESSBOT_RECOVER_FEEDS", "off", FLAG),
    ],
)
def test_a_setting_out_of_range_stops_the_run_in_one_line(
    crawl: CrawlRunner, name: str, value: str, wanted: str
) -> None:
    """A value that is no number was a traceback that never named the setting, and a number
    out of range was taken: a share given as a percentage turned its check off."""
    result = crawl("site=demo", settings={name: value})
    assert result.returncode == 1, result.describe()
    assert_said_once(result.log, f"{name} must be {wanted}, not {value!r}")


def test_a_start_failure_that_is_no_user_error_keeps_its_traceback(crawl: CrawlRunner) -> None:
    result = crawl("site=demo", settings={"EXTENSIONS": '{"pressbot_no_such_module.Ext": 1}'})
    assert result.returncode == 1, result.describe()
    assert "The crawl cannot start" in result.log
    assert "Traceback" in result.log and "pressbot_no_such_module" in result.log
    assert "never retrieved" not in result.log, result.log[-3000:]


def test_an_output_folder_that_cannot_hold_feeds_stops_the_crawl_before_any_record(
    crawl: CrawlRunner, tmp_path: Path, demo_base_url: str
) -> None:
    """A file where the output folder should be: every record went into the dedup state and
    into no feed (a traceback each), the run said healthy, and the next run, with a good
    folder, knew every article and published none."""
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("x")
    result = crawl(
        "site=demo", f"base_url={demo_base_url}", settings={"PRESSBOT_OUTPUT_DIR": str(blocked)}
    )
    assert result.returncode == 1, result.describe()
    assert_said_once(result.log, f"PRESSBOT_OUTPUT_DIR {blocked}: feeds cannot be written there")
    again = crawl("site=demo", f"base_url={demo_base_url}")
    assert again.returncode == 0, again.describe()
    assert len(again.records()) == 11, "nothing was taken for known"


def test_a_new_state_for_a_site_that_ran_before_is_said_loudly(
    crawl: CrawlRunner, tmp_path: Path, demo_base_url: str
) -> None:
    """A deleted state file (or a state path that points elsewhere than last time) makes every
    article new again: the run republished the whole site without a word."""
    first = crawl("site=demo", f"base_url={demo_base_url}")
    assert first.returncode == 0, first.describe()
    assert "is new, but" not in first.log, "a first run is no surprise"
    for path in first.state_path.parent.glob(first.state_path.name + "*"):
        path.unlink()
    again = crawl("site=demo", f"base_url={demo_base_url}")
    assert again.returncode == 0, again.describe()
    assert again.log.count(f"Dedup state {first.state_path} is new, but demo has run before") == 1
    assert f"pressbot state repair --state {first.state_path} --from " in again.log
    assert again.stats["pressbot/dedup/new_state"] == 1


def test_a_state_that_does_not_know_the_last_feed_is_said_loudly(
    crawl: CrawlRunner, tmp_path: Path, demo_base_url: str
) -> None:
    """A state path pointing at a state that exists but is not the one the site's runs wrote
    (another site's, an old copy): every article was new again, published twice, without a
    word, since only a missing state file was said. The run after a normal one says nothing."""
    first = crawl("site=demo", f"base_url={demo_base_url}")
    assert first.returncode == 0, first.describe()
    same = crawl("site=demo", f"base_url={demo_base_url}")
    assert same.returncode == 0, same.describe()
    assert "does not know" not in same.log, same.describe()
    assert "pressbot/dedup/state_forgot_last_feed" not in same.stats
    feed = site_feeds(first.output_dir / "demo", "demo")[-1]  # the latest feed so far
    first_url = json.loads(feed.read_text(encoding="utf-8").splitlines()[0])["url"]
    other = tmp_path / "other" / "state.sqlite3"
    SQLiteDedupStore(other).close()  # an existing state that knows none of demo's records
    again = crawl(
        "site=demo", f"base_url={demo_base_url}", settings={"PRESSBOT_STATE_PATH": str(other)}
    )
    assert again.returncode == 0, again.describe()
    said = f"Dedup state {other} does not know {first_url}, published in demo's latest feed {feed}"
    assert again.log.count(said) == 1, again.describe()
    assert f"pressbot state repair --state {other} --from " in again.log
    assert again.stats["pressbot/dedup/state_forgot_last_feed"] == 1
    assert "is new, but" not in again.log


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (["presss", "-a", "site=demo"], "no spider named 'presss' (this project has: press)"),
        (["press", "-a", "site=demo", "--nosuch"], "unknown option --nosuch"),
    ],
)
def test_a_mistyped_spider_or_option_is_a_usage_error(words: list[str], message: str) -> None:
    """A spider's name mistyped was a traceback ending in KeyError; an unknown option was said
    to be a second spider ("run one spider at a time")."""
    done = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", *words],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert f": error: {message}" in done.stderr
    assert "Traceback" not in done.stderr


def test_unknown_spider_arguments_and_settings_are_warned_about(crawl: CrawlRunner) -> None:
    """`-a ful=1` and `-s PRESSBOT_OUTPTU_DIR=...` were taken without a word: the crawl ran
    with `full` off and its feeds in the default folder."""
    result = crawl("site=demo", "ful=1", settings={"PRESSBOT_OUTPTU_DIR": "/nowhere"})
    assert result.returncode == 0, result.describe()
    assert "Unknown spider argument -a ful (did you mean -a full?): it is ignored" in result.log
    assert (
        "Unknown setting PRESSBOT_OUTPTU_DIR (did you mean PRESSBOT_OUTPUT_DIR?): it is ignored"
        in result.log
    )


def test_every_setting_the_code_reads_is_known() -> None:
    """The unknown-setting warning must never name a setting some code reads."""
    read = set()
    for folder in ("pressbot", "pipelines", "spiders"):
        for path in (REPO / folder).rglob("*.py"):
            code = path.read_text("utf-8").replace('"PRESSBOT_OUTPTU_DIR"', "")  # (a doctest's)
            read |= set(re.findall(r"[\"'](PRESSBOT_[A-Z0-9_]+)[\"']", code))
    assert len(read) > 20
    assert unknown_settings(read) == []
