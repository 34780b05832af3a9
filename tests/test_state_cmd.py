"""`pressbot state check` / `pressbot state repair` on real damaged state files.

A truncated and a garbage state file are reported broken (exit 1, naming the file); repair moves
the damaged file aside and rebuilds the state from the published feeds, so a following crawl of
the demo site publishes nothing new.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Crawl, CrawlRunner

from pressbot.cli import main
from pressbot.dedup.sqlite import SQLiteDedupStore
from pressbot.progress import Reporter


def _demo(crawl: CrawlRunner, base_url: str) -> Crawl:
    result = crawl("site=demo", f"base_url={base_url}", settings={"CONCURRENT_REQUESTS": "1"})
    assert result.returncode == 0, result.describe()
    return result


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def _garbage(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + b"\xde\xad\xbe\xef" * 4000)


def _checkpointed(path: Path) -> None:
    """Fold the WAL into the main file, so damaging the main file damages the state."""
    with SQLiteDedupStore(path) as store:
        store._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def test_check_reports_a_healthy_state_with_counts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = tmp_path / "s.sqlite3"
    with SQLiteDedupStore(state) as store:
        assert store.check_and_add("http://a/1", "h1", "http://a/1") is None
        assert store.check_and_add("http://a/2", "h1", "http://a/2") is not None
    assert main(["state", "check", "--state", str(state)]) == 0
    out = capsys.readouterr().out
    assert f"{state}: OK (1 urls, 1 contents, 1 duplicates)" in out


def test_check_of_a_missing_file_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nope.sqlite3"
    assert main(["state", "check", "--state", str(missing)]) == 2
    assert f"{missing}: no dedup state file" in capsys.readouterr().err
    assert not missing.exists(), "check must not create the file"


def test_check_names_a_missing_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    state = tmp_path / "s.sqlite3"
    with SQLiteDedupStore(state) as store:
        store._db.execute("DROP TABLE seen_content")
    assert main(["state", "check", "--state", str(state)]) == 1
    assert "table 'seen_content' is missing" in capsys.readouterr().err


@pytest.mark.parametrize("damage", [_truncate, _garbage], ids=["truncated", "garbage"])
def test_damaged_state_is_reported_then_rebuilt_from_the_feeds(
    crawl: CrawlRunner,
    demo_base_url: str,
    capsys: pytest.CaptureFixture[str],
    damage: object,
) -> None:
    first = _demo(crawl, demo_base_url)
    published = first.records()
    assert published, first.describe()
    state = first.state_path
    _checkpointed(state)
    damage(state)  # type: ignore[operator]
    damaged = state.read_bytes()
    capsys.readouterr()

    assert main(["state", "check", "--state", str(state)]) == 1
    err = capsys.readouterr().err
    assert f"{state}: BROKEN: " in err, err
    assert sorted(p.name for p in state.parent.iterdir()) == [state.name], "check adds no file"

    argv = ["state", "repair", "--state", str(state), "--from", str(first.output_dir)]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert f"{len(published)} record(s) re-added" in out, out
    assert "0 unreadable line(s)" in out, out
    aside = [p for p in state.parent.glob("*.corrupt-*") if not p.name.endswith(("-wal", "-shm"))]
    assert len(aside) == 1, aside
    assert aside[0].read_bytes() == damaged, "the damaged file is kept as it was"

    assert main(["state", "check", "--state", str(state)]) == 0
    assert f"OK ({len(published)} urls, {len(published)} contents" in capsys.readouterr().out

    second = _demo(crawl, demo_base_url)
    assert second.stats.get("pressbot/published", 0) == 0, second.describe()
    assert second.feed_files() == first.feed_files()


def test_repair_counts_unreadable_lines_and_keeps_first_published(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "output"
    day = output / "x" / "2026-01-01"
    day.mkdir(parents=True)
    first = {"url": "http://x/1", "canonical_url": "http://x/1", "content_hash": "c1"}
    copy = {"url": "http://x/2", "canonical_url": "http://x/2", "content_hash": "c1"}
    # The manifest lists the later-named file first: manifest order decides who was first.
    (day / "x-20260101T000002Z-1.jsonl").write_text(json.dumps(first) + "\n", encoding="utf-8")
    (day / "x-20260101T000001Z-1.jsonl").write_text(
        json.dumps(copy) + "\n{torn\n", encoding="utf-8"
    )
    (output / "manifest.ndjson").write_text(
        "".join(
            json.dumps({"path": f"x/2026-01-01/{name}"}) + "\n"
            for name in ("x-20260101T000002Z-1.jsonl", "x-20260101T000001Z-1.jsonl")
        ),
        encoding="utf-8",
    )
    state = tmp_path / "state" / "s.sqlite3"
    assert main(["state", "repair", "--state", str(state), "--from", str(output)]) == 0
    out = capsys.readouterr().out
    assert "1 record(s) re-added, 1 duplicate(s), 1 unreadable line(s)" in out, out
    assert (state.stat().st_mode & 0o777) == 0o600
    with SQLiteDedupStore(state) as store:
        assert store.check_and_add(None, "c1", "http://x/3") == ("duplicate_content", "http://x/1")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("terminal", [True, False])
def test_repair_shows_its_progress_on_a_terminal_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, terminal: bool
) -> None:
    """Rebuilding a large state takes minutes, with nothing said until the end. On a terminal
    a progress line now counts the records (and unreadable lines), cleared before the summary;
    in a log file nothing is drawn."""
    day = tmp_path / "output" / "x" / "2026-01-01"
    day.mkdir(parents=True)
    lines = [
        json.dumps({"url": f"http://x/{i}", "canonical_url": f"http://x/{i}"}) for i in range(3)
    ]
    feed = day / "x-20260101T000001Z-1.jsonl"
    feed.write_text("\n".join([*lines, "{torn"]) + "\n", encoding="utf-8")
    stderr = _Terminal() if terminal else io.StringIO()
    monkeypatch.setattr(sys, "stderr", stderr)
    monkeypatch.setattr(Reporter, "INTERVAL", 0.0)  # (every line redraws it)
    state = tmp_path / "state" / "s.sqlite3"
    assert main(["state", "repair", "--state", str(state), "--from", str(tmp_path / "output")]) == 0
    shown = stderr.getvalue()
    if not terminal:
        assert shown == ""
        return
    assert "\r\x1b[K3 records  " in shown and " records/s  1 errors" in shown, repr(shown)
    assert shown.endswith("\r\x1b[K"), "cleared at the end"


def test_repair_without_output_folder_exits_2_and_keeps_state(tmp_path: Path) -> None:
    state = tmp_path / "s.sqlite3"
    state.write_bytes(b"junk")
    assert main(["state", "repair", "--state", str(state), "--from", str(tmp_path / "no")]) == 2
    assert state.read_bytes() == b"junk"
    shutil.rmtree(tmp_path)


def test_repair_removes_what_killed_repairs_left_and_keeps_a_running_ones_files(
    tmp_path: Path,
) -> None:
    """A SIGKILLed repair leaves `.<state>.rebuild-<pid>` (+ `-wal` / `-shm`) for ever: the next
    repair removes those of a process that is gone, never those of a live one (a repair still
    running: this test's own process stands in for it) nor another state's."""
    output = tmp_path / "output"
    day = output / "x" / "2026-01-01"
    day.mkdir(parents=True)
    record = {"url": "http://x/1", "canonical_url": "http://x/1", "content_hash": "c1"}
    (day / "x-20260101T000001Z-1.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    folder = tmp_path / "state"
    folder.mkdir()
    state = folder / "s.sqlite3"
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait()  # reaped: its pid names no process now
    dead, live = finished.pid, os.getpid()
    left = [f".s.sqlite3.rebuild-{dead}{suffix}" for suffix in ("", "-wal", "-shm")]
    kept = [
        f".s.sqlite3.rebuild-{live}",
        f".s.sqlite3.rebuild-{live}-wal",
        f".other.sqlite3.rebuild-{dead}",  # another state's: its own repair's business
    ]
    for name in (*left, *kept):
        (folder / name).write_bytes(b"half a rebuild")

    command = [sys.executable, "-m", "pressbot.cli", "state", "repair"]
    done = subprocess.run(
        [*command, "--state", str(state), "--from", str(output)],
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    assert sorted(p.name for p in folder.iterdir()) == sorted([state.name, *kept])
    assert all((folder / name).read_bytes() == b"half a rebuild" for name in kept)
    removed = [row for row in done.stdout.splitlines() if row.startswith("removed ")]
    assert len(removed) == len(left), done.stdout
    for name in left:
        assert any(f"removed {folder / name}, " in row for row in removed), (name, done.stdout)
    assert "1 record(s) re-added" in done.stdout, done.stdout
