"""`pressbot dupes`: the dropped copies of a state file, filtered by run, time or URL."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from pathlib import Path

import pytest
from conftest import require_redis_server

from pressbot.cli import main
from pressbot.dedup.sqlite import SQLiteDedupStore, read_duplicates
from pressbot.dedup.testing import redis_server

A = "http://news.example/a.html"
B = "http://mirror.example/a.html"
C = "http://other.example/a-copy.html"
FP = 0x815CA591C818A9DB


@pytest.fixture
def state(tmp_path: Path) -> Path:
    path = tmp_path / "state.sqlite3"
    with SQLiteDedupStore(path) as store:
        store.check_and_add(A, "1" * 64, A, FP, run_id="run-1")
        store.check_and_add(A, "2" * 64, f"{A}?utm_source=x", run_id="run-1")
        store.check_and_add(B, "1" * 64, B, run_id="run-2")
        store.check_and_add(C, "3" * 64, C, FP ^ 0b101, run_id="run-2")
    return path


def _lines(capsys: pytest.CaptureFixture[str], *args: str) -> list[list[str]]:
    assert main(["dupes", *args]) == 0
    return [line.split("\t") for line in capsys.readouterr().out.splitlines()]


def test_lists_every_dropped_copy_oldest_first(
    state: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _lines(capsys, "--state", str(state))
    assert [row[1:] for row in rows] == [
        ["duplicate_url", f"{A}?utm_source=x", A, "run-1"],
        ["duplicate_content", B, A, "run-2"],
        ["duplicate_near", C, A, "run-2"],
    ]
    assert all(row[0].endswith("+00:00") for row in rows)


def test_filters_by_run_url_and_time(state: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert [r[2] for r in _lines(capsys, "--state", str(state), "--run", "run-2")] == [B, C]
    assert [r[2] for r in _lines(capsys, "--state", str(state), "--url", C)] == [C]
    assert len(_lines(capsys, "--state", str(state), "--url", A)) == 3
    assert _lines(capsys, "--state", str(state), "--since", "2999-01-01") == []
    assert len(_lines(capsys, "--state", str(state), "--since", "1h")) == 3


def test_json_lines(state: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dupes", "--state", str(state), "--json", "--run", "run-1"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert records == [
        {
            "url": f"{A}?utm_source=x",
            "reason": "duplicate_url",
            "duplicate_of": A,
            "seen_at": records[0]["seen_at"],
            "run_id": "run-1",
        }
    ]


def test_missing_state_is_an_error_and_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "nowhere" / "state.sqlite3"
    assert main(["dupes", "--state", str(path)]) == 2
    assert "no dedup state" in capsys.readouterr().err
    assert not path.parent.exists()


def test_a_sqlite_file_that_is_no_dedup_state_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--state pointed at another SQLite file (a cache, a typo): not "no dropped copy"."""
    path = tmp_path / "other.sqlite3"
    with contextlib.closing(sqlite3.connect(path)) as db:
        db.execute("CREATE TABLE x (a)")
        db.commit()
    assert main(["dupes", "--state", str(path)]) == 2
    assert "not a dedup state" in capsys.readouterr().err


def test_listing_leaves_the_state_file_as_it_was(
    state: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = state.read_bytes()
    _lines(capsys, "--state", str(state))
    assert state.read_bytes() == before


def test_listing_a_redis_state_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Built with another SimHash distance than the default, by a crawl still running: listing
    must not rebuild the index that crawl uses (nor upgrade or mark anything)."""
    require_redis_server()
    redis = pytest.importorskip("redis")
    from pressbot.dedup.redis import RedisDedupStore  # noqa: PLC0415

    with redis_server(tmp_path / "redis") as server:
        client = redis.Redis.from_url(server.url)
        with RedisDedupStore(server.url, prefix="pressbot:dedup", distance=5) as crawl:
            assert crawl.check_and_add(A, "1" * 64, A, FP, run_id="run-1") is None
            assert crawl.check_and_add(B, "1" * 64, B, run_id="run-2") is not None
            before = {key: client.dump(key) for key in client.keys("*")}
            assert b"pressbot:dedup:scheme" in before
            rows = _lines(capsys, "--redis", server.url)
            assert [row[1:4] for row in rows] == [["duplicate_content", B, A]]
            assert {key: client.dump(key) for key in client.keys("*")} == before
            copy = FP ^ 0b1111  # 4 bits away: a near copy at distance 5
            assert crawl.check_and_add(C, "3" * 64, C, copy) == ("duplicate_near", A)
        client.close()


@pytest.mark.parametrize("args", [["--run", "r", "--since", "1h"], ["--since", "yesterday"]])
def test_bad_usage_exits_2(state: Path, args: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["dupes", "--state", str(state), *args])
    assert exit_.value.code == 2


def test_parse_keeps_unrelated_articles_whose_simhashes_are_close(tmp_path: Path) -> None:
    """The report that led to confirming stage 1 by the signatures: two English opinion pieces
    (a renovation grant, sovereign debt) 3 bits apart by SimHash, no shingle in common."""
    fixtures = Path(__file__).resolve().parent.parent / "fixtures"
    pages = [fixtures / "crikey/opinion-paywall", fixtures / "foreignpolicy/argument"]
    out, state = tmp_path / "records.jsonl", tmp_path / "state.sqlite3"
    args = ["parse", *map(str, pages), "-j", "1", "--dedup", "--state", str(state)]
    assert main([*args, "-o", str(out)]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    hosts = [r["url"].split("/")[2] for r in records]
    assert hosts == ["www.example-crikey.com.au", "www.example-foreignpolicy.com"]
    assert read_duplicates(state) == []
