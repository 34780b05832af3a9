"""Run health with the real `scrapy crawl press` against the RSS fixture site, and the verdict
logic on its own.

Run 1 is healthy: exit 0, a summary in the log and in `<site>-<run>.health.json` with the fill
rate of each field. Run 2 publishes one new article without editors: the editors fill rate falls
from 100 % to 0 %, a warning (the run stays healthy). Run 3 finds no items in the feeds while the
last run found some: unhealthy, exit 3. A run whose requests all fail is unhealthy too.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import CRAWL_TIMEOUT, DEMO, REPO, Crawl, CrawlRunner
from fixture_sites import FAST, file_reply, site_root

from pressbot.health import FillCounter, Thresholds, summarize, write_json
from pressbot.localserver import Reply, RequestLog, serve_directory

EMPTY_RSS = Reply(
    200,
    {"Content-Type": "application/rss+xml"},
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>',
)


def _run(result: Crawl) -> str:
    match = re.search(r"\] INFO: run (\S+): site ", result.log)
    assert match, result.describe()
    return match[1]


def _health(result: Crawl) -> dict[str, Any]:
    """The health summary the run wrote beside its feed."""
    files = list(result.output_dir.rglob(f"*-{_run(result)}.health.json"))
    assert len(files) == 1, result.describe()
    return json.loads(files[0].read_text(encoding="utf-8"))


def test_summary_fill_rate_warning_and_unhealthy_exit(crawl: CrawlRunner) -> None:
    extra: dict[str, Reply] = {}
    settings = {**FAST, "PRESSBOT_FILL_MIN_RECORDS": "1"}
    with serve_directory(site_root("rss"), extra=extra, log=RequestLog()) as base:
        first = crawl("site=rss", f"base_url={base}", settings=settings)
        extra["/feed.xml"] = file_reply("rss", "feed-later.xml")
        second = crawl("site=rss", f"base_url={base}", settings=settings)
        extra["/feed.xml"] = extra["/atom.xml"] = EMPTY_RSS
        third = crawl("site=rss", f"base_url={base}", settings=settings)

    assert first.returncode == 0, first.describe()
    health = _health(first)
    assert health["healthy"] is True and health["problems"] == [] and health["warnings"] == []
    assert health["site"] == "rss" and health["finish_reason"] == "finished"
    assert health["articles_found"] == 4 and health["articles_published"] == 3
    assert health["pages_fetched"] == 6  # robots.txt, two feeds, three articles
    assert health["fill_rates"] == {
        "title": 1.0,
        "published_at": 1.0,
        "authors": 0.0,
        "editors": 1.0,
        "responsible_editors": 0.333,
        "source": 1.0,
    }
    assert health["error_rate"] == 0.0
    assert f"Health of rss run {health['run']}: healthy" in first.log
    assert "Fill rates of rss: title 100%, published_at 100%, authors 0%, editors 100%" in (
        first.log
    )
    feed = first.feed_files()[0]
    assert feed.with_name(feed.name.replace(".jsonl", ".health.json")).exists()

    assert second.returncode == 0, second.describe()
    health = _health(second)
    assert health["healthy"] is True
    assert health["articles_published"] == 1 and health["articles_known"] == 4  # 3001 twice
    assert health["fill_rates"]["editors"] == 0.0
    assert health["warnings"] == [
        f"fill rate of editors fell from 100% (run {_run(first)}) to 0%: did the site change "
        "its layout?",
        f"fill rate of responsible_editors fell from 33% (run {_run(first)}) to 0%: did the "
        "site change its layout?",
    ]
    assert "Health warning: fill rate of editors fell from 100%" in second.log

    assert third.returncode == 3, third.describe()
    health = _health(third)
    assert health["healthy"] is False
    assert health["articles_found"] == 0
    assert health["problems"] == [
        f"no article found on rss, where run {_run(second)} found 5: is the site "
        "down, blocking us, or laid out differently?"
    ]
    assert third.stats["pressbot/health/exit_status"] == 3
    assert "Unhealthy run: no article found on rss" in third.log
    last = json.loads((third.output_dir / "rss" / "last-run.json").read_text(encoding="utf-8"))
    assert last["status"] == "finished" and last["summary"]["healthy"] is False


def test_a_run_whose_requests_fail_is_unhealthy(crawl: CrawlRunner) -> None:
    """Pages larger than DOWNLOAD_MAXSIZE are cancelled: every article fails, exit 3."""
    with serve_directory(site_root("rss")) as base:
        result = crawl(
            "site=rss", f"base_url={base}", settings={**FAST, "DOWNLOAD_MAXSIZE": "1000"}
        )
    assert result.returncode == 3, result.describe()
    assert result.records() == []
    errors = {k: v for k, v in result.stats.items() if k.startswith("pressbot/errors/")}
    assert sum(errors.values()) == 3, errors
    health = _health(result)
    assert health["error_rate"] == 0.6  # 3 failed of 5 (two feeds fetched)
    assert health["problems"][0].startswith("3 of 5 requests failed (60% > 20%)")


def _stats(**values: Any) -> dict[str, Any]:
    return {"finish_reason": "finished", **values}


def test_verdicts() -> None:
    fills = FillCounter()
    ok = summarize(_stats(**{"pressbot/article/links": 3}), fills, site="s", run="r2")
    assert ok["healthy"] and not ok["problems"]

    killed = summarize({"finish_reason": "shutdown"}, fills, site="s", run="r2")
    assert killed["problems"] == ["the run did not finish (reason: shutdown)"]

    last = {"run": "r1", "articles_found": 7}
    gone = summarize(_stats(), fills, site="s", run="r2", previous=last)
    assert not gone["healthy"] and "found 7" in gone["problems"][0]
    assert summarize(_stats(), fills, site="s", run="r2", previous=None)["healthy"]

    failing = _stats(**{"pressbot/pages/fetched": 3, "pressbot/errors/http_503": 1})
    assert summarize(failing, fills, site="s", run="r2")["error_rate"] == 0.25
    assert not summarize(failing, fills, site="s", run="r2")["healthy"]
    lenient = Thresholds(max_error_rate=0.3)
    assert summarize(failing, fills, site="s", run="r2", thresholds=lenient)["healthy"]

    # A callback that raised lost what its response held (a whole sitemap, say) unseen.
    raised = _stats(**{"pressbot/pages/fetched": 9, "spider_exceptions/count": 1})
    crashed = summarize(raised, fills, site="s", run="r2")
    assert (crashed["healthy"], crashed["callback_errors"]) == (False, 1)
    assert "1 response(s) raised an error in the spider" in crashed["problems"][0]


def test_a_forced_shutdown_exits_unhealthy(tmp_path: Path) -> None:
    """A second Ctrl-C stops Scrapy at once, before the health summary: the run did not finish,
    so it exits 3 like any unfinished run (it exited 0), and `last-run.json` says "running"."""
    release = threading.Event()
    held = "/news/202006/t20200601_1001.html"
    extra = {held: [file_reply("listing", held, delay=CRAWL_TIMEOUT, release=release), None]}
    log = RequestLog()
    output = tmp_path / "output"
    settings = {
        **FAST,
        "PRESSBOT_OUTPUT_DIR": str(output),
        "PRESSBOT_STATE_PATH": str(tmp_path / "state.sqlite3"),
        "CONCURRENT_REQUESTS": "1",
    }
    try:
        with serve_directory(site_root("listing"), extra=extra, log=log) as base:
            command = [sys.executable, "-m", "scrapy", "crawl", "press", "-a", "site=listing"]
            command += ["-a", f"base_url={base}"]
            command += [
                arg for name, value in settings.items() for arg in ("-s", f"{name}={value}")
            ]
            env = {k: v for k, v in os.environ.items() if not k.startswith("SCRAPY_")}
            process = subprocess.Popen(
                command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            try:
                deadline = time.monotonic() + 60
                while log.count(held) == 0 and time.monotonic() < deadline:
                    time.sleep(0.05)
                assert log.count(held) == 1, "the crawl never asked for the held page"
                process.send_signal(signal.SIGINT)
                time.sleep(0.5)
                process.send_signal(signal.SIGINT)
                status = process.wait(timeout=60)
            finally:
                process.kill()
                process.wait()
    finally:
        release.set()
    assert status == 3
    assert json.loads((output / "listing" / "last-run.json").read_text())["status"] == "running"


def test_a_site_that_stays_empty_stays_unhealthy() -> None:
    """The alarm compared with the last run only: once a run had found nothing, the next empty
    run had nothing to compare with and said healthy, and every run after it."""
    fills = FillCounter()
    found = summarize(_stats(**{"pressbot/article/links": 7}), fills, site="s", run="r1")
    empty = summarize(_stats(), fills, site="s", run="r2", previous=found)
    still = summarize(_stats(), fills, site="s", run="r3", previous=empty)
    again = summarize(_stats(), fills, site="s", run="r4", previous=still)
    for run in (empty, still, again):
        assert not run["healthy"]
        assert "where run r1 found 7" in run["problems"][0], run["problems"]
    back = summarize(
        _stats(**{"pressbot/article/links": 2}), fills, site="s", run="r5", previous=again
    )
    assert back["healthy"]


@pytest.mark.parametrize(
    "previous",
    ["x", [1], {"articles_found": "abc", "articles_published": "x", "fill_rates": "y"}, {"run": 3}],
)
def test_a_last_run_summary_of_the_wrong_shape_is_no_crash(previous: Any) -> None:
    """A hand-edited or foreign last-run.json: every run raised in its health check (exit 3,
    with a traceback), and copied the bad summary on, so it never healed."""
    summary = summarize(
        _stats(**{"pressbot/article/links": 2}),
        FillCounter(),
        site="s",
        run="r2",
        previous=previous,
    )
    assert summary["healthy"], summary["problems"]


def test_a_link_too_long_for_scrapy_is_counted_as_skipped_not_as_an_error(
    crawl: CrawlRunner,
) -> None:
    """Scrapy drops a link longer than URLLENGTH_LIMIT (2,083) with an INFO line and a stat of
    its own: an article behind it was lost and the summary did not say so."""
    long_link = "202006/t20200607_" + "7" * 2100 + ".html"  # an article link by the site's rules
    page = (site_root("listing") / "news" / "index.html").read_text(encoding="utf-8")
    page = page.replace("</ul>", f'<li><a href="{long_link}">long</a></li></ul>', 1)
    listing = Reply(200, {"Content-Type": "text/html; charset=utf-8"}, page.encode())
    with serve_directory(site_root("listing"), extra={"/news/index.html": listing}) as base:
        result = crawl("site=listing", f"base_url={base}", settings=FAST)
    assert result.returncode == 0, result.describe()
    assert result.stats.get("urllength/request_ignored_count") == 1, result.describe()
    health = _health(result)
    assert health["skipped"] == {"ignored": 1, "url_too_long": 1}  # (ignored: robots.txt)
    assert health["errors"] == {} and health["error_rate"] == 0.0 and health["healthy"]
    assert "skipped links: ignored 1, url_too_long 1;" in result.log


def test_with_health_off_the_next_run_still_reads_the_last_one(crawl: CrawlRunner) -> None:
    """`PRESSBOT_HEALTH_ENABLED = False` is for a run that must not exit 3: it turned off
    `last-run.json` too, and with it the next run's early stop (every listing page was walked
    again), its `retry_next_run` and its new-state warning. Now only the verdict is off."""
    settings = {**FAST, "PRESSBOT_HEALTH_ENABLED": "False"}
    with serve_directory(site_root("listing")) as base:
        first = crawl("site=listing", f"base_url={base}", settings=settings)
        second = crawl("site=listing", f"base_url={base}", settings=settings)
    for result in (first, second):
        assert result.returncode == 0, result.describe()
        assert "Health of listing" not in result.log
        assert "pressbot/health/exit_status" not in result.stats
    assert not list(first.output_dir.rglob("*.health.json"))
    last = json.loads((first.output_dir / "listing" / "last-run.json").read_text("utf-8"))
    assert last["status"] == "finished" and last["run"] in second.log  # the second run's
    assert "Pagination goes to max_pages" in first.log
    assert "Pagination goes to max_pages" not in second.log
    parsed = [r.stats["pressbot/listing/parsed"] for r in (first, second)]
    assert parsed[1] < parsed[0], parsed


def test_a_healthy_run_logs_no_unhealthy_status(crawl: CrawlRunner) -> None:
    """The exit status stood at 3 in the stats from the spider's opening until the verdict,
    which comes after Scrapy logs its stats: every healthy run's log said 3, and it exited 0."""
    result = crawl("site=demo")
    assert result.returncode == 0, result.describe()
    assert "'pressbot/health/exit_status'" not in result.log
    assert result.stats["pressbot/health/exit_status"] == 0  # (PRESSBOT_STATS_PATH, written last)


APP_SHELL = Reply(
    200,
    {"Content-Type": "text/html; charset=utf-8"},
    b'<!DOCTYPE html><html><head><title>Newsroom</title></head><body><div id="app"></div>'
    b'<script src="/static/app.js"></script><footer>Copyright 2026</footer></body></html>',
)
"""A redesigned article page: the story is drawn by a script, no text is served."""


def test_a_site_whose_article_pages_hold_no_article_is_unhealthy(crawl: CrawlRunner) -> None:
    """After a redesign every article page was dropped (`no-body`, `not-article`) and the run
    published nothing, yet it was healthy and exited 0: links were found, nothing failed."""
    articles = [
        json.loads(gold.read_text(encoding="utf-8"))["url_path"]
        for gold in sorted((DEMO / "expected").glob("*.json"))
    ]
    extra: dict[str, Reply] = {"/" + path: APP_SHELL for path in articles}
    with serve_directory(DEMO / "site", extra=extra) as base:
        result = crawl("site=demo", f"base_url={base}")
    assert result.returncode == 3, result.describe()
    health = _health(result)
    assert health["articles_published"] == 0 and not health["healthy"]
    fetched = len(articles)  # (its link with utm_ parameters is the same request)
    assert health["problems"] == [
        f"none of the {fetched} article pages fetched gave an article (dropped: no-body "
        f"{fetched}): did the site change its layout, or do its article rules match "
        "pages that hold none?"
    ], health["problems"]
    assert "Unhealthy run: none of the" in result.log


def test_pages_that_are_no_article_make_a_run_unhealthy_only_when_none_is_one() -> None:
    fills = FillCounter()
    redesign = _stats(**{"pressbot/dropped/not-article": 3, "pressbot/dropped/no-body": 2})
    assert not summarize(redesign, fills, site="s", run="r")["healthy"]
    few = _stats(**{"pressbot/dropped/not-article": 4})
    assert summarize(few, fills, site="s", run="r")["healthy"]  # under PRESSBOT_FILL_MIN_RECORDS
    # a copy is an article: the pages are read as articles still
    copies = {**redesign, "pressbot/dropped/duplicate_near": 1}
    assert summarize(copies, fills, site="s", run="r")["healthy"]
    # without a config, the links of no known shape fetched to see what they are (probes)
    probed = {**redesign, "pressbot/generic/probed": 5}
    assert summarize(probed, fills, site="s", run="r")["healthy"]
    fills.add({"title": "A story"})
    assert summarize(redesign, fills, site="s", run="r")["healthy"]


def test_a_run_that_robots_txt_lets_read_nothing_is_unhealthy(crawl: CrawlRunner) -> None:
    """A site whose robots.txt refuses every page: its first run fetched robots.txt alone,
    found nothing, failed nothing, and was healthy (exit 0), and so was every run after it."""
    refuse_all = Reply(200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /\n")
    with serve_directory(DEMO / "site", extra={"/robots.txt": refuse_all}) as base:
        result = crawl("site=demo", f"base_url={base}")
    assert result.returncode == 3, result.describe()
    health = _health(result)
    assert health["skipped"] == {"ignored": 1}
    assert health["problems"] == [
        "read none of demo's start pages, sitemaps or feeds (skipped: ignored 1): does its "
        "robots.txt refuse them?"
    ], health["problems"]


def test_summaries_written_at_once_by_two_runs_of_a_site_both_land(tmp_path: Path) -> None:
    """Two runs of a site (allowed: the second leaves the first's records to it) both write
    `last-run.json`, through one temp name: one run's rename took the other's temp file, whose
    own rename then failed (ENOENT), a traceback and, since a failed write counts, exit 3."""
    path = tmp_path / "last-run.json"
    failures: list[BaseException] = []

    def write(run: str) -> None:
        for n in range(300):
            try:
                write_json(path, {"run": run, "n": n})
            except OSError as exc:
                failures.append(exc)

    threads = [threading.Thread(target=write, args=(run,)) for run in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert json.loads(path.read_text(encoding="utf-8"))["n"] == 299
    assert [p.name for p in tmp_path.iterdir()] == ["last-run.json"]


def _pressbot_health(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pressbot.cli", "health", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_pressbot_health_tells_a_run_of_another_container_from_a_killed_one(
    tmp_path: Path,
) -> None:
    """A crawl in another container that shares the output folder has a pid this host cannot
    see: its feed's `.part`, locked while it writes, says it runs (as the crawl's own recovery
    reads it); the same `.part` unlocked is a killed run's."""
    import fcntl  # noqa: PLC0415 - POSIX only, as the crawl's locks

    site = tmp_path / "news"
    run = "20261202T080000Z-4194304"  # (no pid this host has)
    part = site / "2026-12-02" / f"news-{run}.jsonl.part"
    part.parent.mkdir(parents=True)
    part.write_text("", encoding="utf-8")
    (site / "last-run.json").write_text(
        json.dumps({"run": run, "status": "running", "summary": {}}), encoding="utf-8"
    )
    killed = _pressbot_health("--output", str(tmp_path), "--json")
    assert json.loads(killed.stdout)["state"] == "killed", killed.stdout
    with part.open("rb") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        running = _pressbot_health("--output", str(tmp_path), "--json")
    assert running.returncode == 0, running.stdout + running.stderr
    assert json.loads(running.stdout)["state"] == "running", running.stdout


def test_pressbot_health_tells_a_monitor_the_last_run_and_the_last_healthy_one(
    crawl: CrawlRunner,
) -> None:
    """A monitor had no command to ask, and `last-run.json` kept only the latest run: once it
    was unhealthy, nothing said when the site last crawled well."""
    with serve_directory(DEMO / "site") as base:
        good = crawl("site=demo", f"base_url={base}")
    assert good.returncode == 0, good.describe()
    output = str(good.output_dir)
    fine = _pressbot_health("--output", output)
    assert fine.returncode == 0, fine.stdout + fine.stderr
    assert fine.stdout.startswith(f"demo  healthy  run {_run(good)}  finished "), fine.stdout
    assert "11 published of 13 article links, error rate 0%" in fine.stdout

    gone = Reply(500, {"Content-Type": "text/html"}, b"down")
    with serve_directory(DEMO / "site", extra={"/index.html": gone}) as base:
        bad = crawl("site=demo", f"base_url={base}", settings={"RETRY_ENABLED": "False"})
    assert bad.returncode == 3, bad.describe()
    down = _pressbot_health("--output", output, "--json", "demo")
    assert down.returncode == 1, down.stdout + down.stderr
    status = json.loads(down.stdout)
    assert (status["state"], status["run"], status["ok"]) == ("UNHEALTHY", _run(bad), False)
    assert status["last_healthy"]["run"] == _run(good), status
    assert status["problems"][0].startswith("no article found on demo"), status
    line = _pressbot_health("--output", output).stdout
    assert f"  last healthy {_run(good)} (0m ago)  problems: no article found" in line, line
    stale = _pressbot_health("--output", output, "--max-age", "2h", "demo", "other")
    assert stale.returncode == 1 and "other  no run" in stale.stdout, stale.stdout


def test_pressbot_health_tells_a_killed_run_from_a_running_one(tmp_path: Path) -> None:
    site = tmp_path / "news"
    site.mkdir()
    earlier = {"run": "20261201T000000Z-1", "finished_at": "2026-12-01T00:01:00+00:00"}
    last = {
        "run": "20261202T000000Z-4194304",
        "status": "running",
        "summary": {**earlier, "healthy": True, "finished_at": earlier["finished_at"]},
    }
    (site / "last-run.json").write_text(json.dumps(last), encoding="utf-8")
    killed = _pressbot_health("--output", str(tmp_path), "--json")
    assert killed.returncode == 1, killed.stdout + killed.stderr
    status = json.loads(killed.stdout)
    assert status["state"] == "killed" and status["last_healthy"]["run"] == earlier["run"]
    # a live pid that started after the run did is another process (a reboot, a reused pid)
    last["run"] = f"20200101T000000Z-{os.getpid()}"
    (site / "last-run.json").write_text(json.dumps(last), encoding="utf-8")
    reused = _pressbot_health("--output", str(tmp_path), "--json")
    assert json.loads(reused.stdout)["state"] == "killed", reused.stdout
    last["run"] = f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{os.getpid()}"  # (this process's run)
    (site / "last-run.json").write_text(json.dumps(last), encoding="utf-8")
    running = _pressbot_health("--output", str(tmp_path))
    assert running.returncode == 0 and running.stdout.startswith("news  running"), running.stdout
    stale = _pressbot_health("--output", str(tmp_path), "--max-age", "90m")
    assert stale.returncode == 1 and "last healthy run 20261201T000000Z-1 finished" in stale.stdout
    bad_age = _pressbot_health("--output", str(tmp_path), "--max-age", "soon")
    assert bad_age.returncode == 2 and "not an age: 'soon'" in bad_age.stderr
