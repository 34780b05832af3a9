"""A JOBDIR whose resume state is damaged: the next run starts over instead of hanging, crashing
or skipping articles for good.

Run 1 pauses the listing fixture site after two records (CLOSESPIDER_ITEMCOUNT), leaving a
request queue and a seen file behind. The test damages them the way a full disk, a bad copy or a
hand edit would, and run 2 (same JOBDIR, same state) must discard Scrapy's queue and seen file,
say so, start from the start pages and publish every article once across the two runs.

Each run is bounded by `RUN_TIMEOUT`: a damaged queue used to hang the engine, and a hang must
fail the test, not block the suite.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import conftest
import pytest
from conftest import Crawl, CrawlRunner
from fixture_sites import FAST, check_records, expected, site_root

from pressbot.localserver import serve_directory

RUN_TIMEOUT = 60
ARTICLES = sorted(p for p in expected("listing") if not p.endswith("_1006.html"))
SETTINGS = {**FAST, "CONCURRENT_REQUESTS": "1"}
# As in test_resume.py's paused run: each record counts for CLOSESPIDER_ITEMCOUNT at once, and
# extraction runs in this process, so the pause comes while articles are still queued.
PAUSED = {
    "CLOSESPIDER_ITEMCOUNT": "2",
    "PRESSBOT_DEDUP_BATCH": "1",
    "PRESSBOT_EXTRACT_WORKERS": "0",
}


@pytest.fixture(autouse=True)
def _bounded_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(conftest, "CRAWL_TIMEOUT", RUN_TIMEOUT)


def _chunks(jobdir: Path) -> list[Path]:
    return sorted((jobdir / "requests.queue").rglob("q0*"))


def _truncate_chunks(jobdir: Path) -> str:
    """Halve every queue chunk (a torn record in each); returns the name the warning must give."""
    for chunk in _chunks(jobdir):
        chunk.write_bytes(chunk.read_bytes()[: chunk.stat().st_size // 2])
    return "q00000"


def _garble_active(jobdir: Path) -> str:
    (jobdir / "requests.queue" / "active.json").write_text("{not json", encoding="utf-8")
    return "active.json"


def _pause_then_resume(
    crawl: CrawlRunner, jobdir: Path, damage: Callable[[Path], str]
) -> tuple[Crawl, str, str]:
    """Run 1 pauses with articles queued; `damage(jobdir)`; run 2 resumes. Returns run 2, the
    served base URL and the name of the damaged file."""
    settings = {**SETTINGS, "JOBDIR": str(jobdir)}
    with serve_directory(site_root("listing")) as base:
        first = crawl("site=listing", f"base_url={base}", settings={**settings, **PAUSED})
        assert first.returncode == 3, first.describe()
        assert _chunks(jobdir) and all(c.stat().st_size for c in _chunks(jobdir)), first.describe()
        damaged = damage(jobdir)
        second = crawl("site=listing", f"base_url={base}", settings=settings)
    return second, base, damaged


def _assert_warned(run: Crawl, damaged: str) -> None:
    """A WARNING names the damaged file and says what happens next."""
    warnings = [line for line in run.log.splitlines() if "WARNING" in line and damaged in line]
    assert any("starts from its start pages" in line for line in warnings), run.describe()


@pytest.mark.parametrize("damage", [_truncate_chunks, _garble_active], ids=["chunk", "active"])
def test_damaged_queue_of_a_paused_run_is_discarded(
    crawl: CrawlRunner, tmp_path: Path, damage: Callable[[Path], str]
) -> None:
    """A torn queue chunk made the engine fail on every pop and never stop; garbage in
    active.json crashed the scheduler's open (exit 1)."""
    second, base, damaged = _pause_then_resume(crawl, tmp_path / "job", damage)
    assert second.returncode == 0, second.describe()
    check_records(second, base, "listing", ARTICLES)
    _assert_warned(second, damaged)
    assert second.stats["pressbot/jobdir/discarded_damaged"] == 1
    assert "pressbot/jobdir/resumed" not in second.stats
    assert "Resuming crawl" not in second.log


def _kill_state(jobdir: Path) -> None:
    """What a kill leaves: no queue state (Scrapy writes it on a clean close only)."""
    for name in ("active.json", "info.json"):
        for path in (jobdir / "requests.queue").rglob(name):
            path.unlink()


def _empty_job_state(jobdir: Path) -> str:
    _kill_state(jobdir)
    (jobdir / "pressbot-job.json").write_text("", encoding="utf-8")
    return "pressbot-job.json"


def _no_job_state(jobdir: Path) -> str:
    _kill_state(jobdir)
    (jobdir / "pressbot-job.json").unlink()
    return "pressbot-job.json"


@pytest.mark.parametrize("damage", [_empty_job_state, _no_job_state], ids=["empty", "missing"])
def test_unreadable_job_state_next_to_scrapy_files_is_a_killed_run(
    crawl: CrawlRunner, tmp_path: Path, damage: Callable[[Path], str]
) -> None:
    """Taken as a new job, the run kept Scrapy's seen file, whose queued but never fetched
    articles it then skipped for good."""
    jobdir = tmp_path / "job"
    second, base, damaged = _pause_then_resume(crawl, jobdir, damage)
    assert second.returncode == 0, second.describe()
    check_records(second, base, "listing", ARTICLES)
    _assert_warned(second, damaged)
    assert second.stats["pressbot/jobdir/discarded_killed"] == 1
    assert json.loads((jobdir / "pressbot-job.json").read_text())["status"] == "finished"
