"""Bad input to `pressbot validate / eval / dupes / sites / check-site / state`: each ends in a
named outcome and the documented exit status (0 all good, 1 some failed, 2 bad usage), never a
traceback, a hang, or a state file lost.

Commands run as a user runs them, in a subprocess with a timeout, on real files: a damaged
line, gold record or state file, a state another process holds, a server that never finishes.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import hashlib
import itertools
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fixture_sites import SITES_DIR, site_root

from pressbot.dedup.sqlite import SQLiteDedupStore
from pressbot.extract import extract
from pressbot.localserver import serve_directory

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "fixtures" / "people" / "ends-with-zebian"
RUN = "x-20260101T000000Z-1"


def run(*args: str | Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pressbot.cli", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def no_traceback(result: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in result.stderr, result.stderr
    return result.stderr


@functools.cache
def _fixture_record() -> dict[str, Any]:
    info = json.loads((CASE / "info.json").read_text(encoding="utf-8"))
    return extract((CASE / "body.html").read_bytes(), info["url"]).to_dict()


def record(url: str, body: str | None = None) -> dict[str, Any]:
    """A schema-valid record of the fixture page, at `url` (and with another body, if given)."""
    data = {**_fixture_record(), "url": url, "canonical_url": url}
    if body is not None:
        digest = hashlib.sha256(body.encode()).hexdigest()
        data.update(body=body, content_hash=digest)
    return data


def line(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode() + b"\n"


def feed(output: Path, name: str, lines: list[bytes]) -> Path:
    path = output / "x" / "2026-01-01" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"".join(lines))
    return path


def state_with_one_drop(path: Path, original: str, copy: str) -> Path:
    with SQLiteDedupStore(path) as store:
        store.check_and_add(original, "1" * 64, original, run_id="r1")
        store.check_and_add(copy, "1" * 64, copy, run_id="r2")
    return path


def aside(state: Path) -> list[Path]:
    return sorted(
        p for label in ("corrupt", "old") for p in state.parent.glob(f"{state.name}.{label}-*")
    )


@contextlib.contextmanager
def immutable(folder: Path) -> Iterator[None]:
    """The folder read-only even for root (`chattr +i`), or the test skipped."""
    if shutil.which("chattr") is None:
        pytest.skip("no chattr")
    done = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"chattr +i is not supported here: {done.stderr!r}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


# validate


def test_validate_names_a_line_that_is_not_utf8_or_nested_too_deep_and_goes_on(
    tmp_path: Path,
) -> None:
    jsonl = tmp_path / "feed.jsonl"
    deep = b"[" * 100_000 + b"]" * 100_000 + b"\n"
    good = line(record("http://x.example/1.html")).replace(b"\n", b"\r\n")
    jsonl.write_bytes(b"\xff\xfe not utf-8\n" + good + deep)
    result = run("validate", jsonl)
    no_traceback(result)
    assert result.returncode == 1
    assert [row.split(":")[1] for row in result.stdout.splitlines()] == ["1", "3"], result.stdout
    assert "can't decode byte 0xff" in result.stdout and "recursion" in result.stdout


def test_validate_names_a_lone_surrogate_which_no_utf8_reader_takes(tmp_path: Path) -> None:
    """`"\\ud800"` is valid JSON text, and Python reads it, but it is no Unicode character: a
    strict consumer rejects the line, jq writes U+FFFD in its place."""
    jsonl = tmp_path / "feed.jsonl"
    good = line(record("http://x.example/1.html"))
    lone = json.loads(good)
    lone["title"] = "A\ud800B"
    jsonl.write_bytes(good + json.dumps(lone).encode() + b"\n" + good)
    result = run("validate", jsonl)
    no_traceback(result)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{jsonl}:2: title: a lone surrogate (U+D800), not a Unicode character"
    ]


# eval


def _gold_folder(folder: Path) -> None:
    """One good gold page and one of each kind of damage."""
    folder.mkdir()
    page = (CASE / "body.html").read_bytes()
    gold = {"url": "http://x.example/1.html", "language": "zh", "title": "t", "body": "正文"}
    cases: dict[str, tuple[bytes, bytes | None, str]] = {
        "good": (json.dumps(gold).encode(), page, ".html"),
        "malformed": (b'{"title": ', page, ".html"),
        "not-object": (b"[1, 2]", page, ".html"),
        "not-utf8": (b'{"title": "\xff"}', page, ".html"),
        "wrong-type": (json.dumps({**gold, "body": 7}).encode(), page, ".html"),
        "no-page": (json.dumps(gold).encode(), None, ".html"),
        "truncated-gz": (json.dumps(gold).encode(), gzip.compress(page)[:300], ".html.gz"),
    }
    for name, (gold_bytes, page_bytes, suffix) in cases.items():
        (folder / f"{name}.json").write_bytes(gold_bytes)
        if page_bytes is not None:
            (folder / f"{name}{suffix}").write_bytes(page_bytes)
    (folder / "page-is-folder.json").write_bytes(json.dumps(gold).encode())
    (folder / "page-is-folder.html").mkdir()


def test_eval_reports_each_gold_record_it_cannot_score_and_exits_1(tmp_path: Path) -> None:
    gold = tmp_path / "gold"
    _gold_folder(gold)
    result = run("eval", gold, "--json")
    err = no_traceback(result)
    assert result.returncode == 1, err
    summary = json.loads(result.stdout)["gold"]["summary"]
    assert summary["pages"] == 8 and summary["errors"] == 7, summary
    for name in ("malformed", "not-object", "not-utf8", "wrong-type", "no-page"):
        assert f"gold/{name}: {name}.json: " in err, err
    assert "gold/truncated-gz: truncated-gz.html.gz: cannot read the page" in err
    assert "gold/page-is-folder: page-is-folder.html: cannot read the page" in err
    assert "pressbot eval: gold: 7 page(s) could not be scored" in err
    assert "BELOW FLOOR" not in err, "no floor was given"


def test_eval_of_a_folder_without_gold_records_exits_1(tmp_path: Path) -> None:
    result = run("eval", tmp_path)
    assert result.returncode == 1
    assert result.stderr == f"pressbot eval: {tmp_path.name}: no gold record (<id>.json) in it\n"


def test_eval_of_the_parent_of_gold_folders_names_them(tmp_path: Path) -> None:
    for name in ("aeb", "gne"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "p1.json").write_text("{}", encoding="utf-8")
    (tmp_path / "notes").mkdir()
    result = run("eval", tmp_path)
    assert result.returncode == 1
    assert (
        f"{tmp_path.name}: no gold record (<id>.json) in it; its subfolders aeb, gne hold gold "
        f"records: pass them (pressbot eval {tmp_path / 'aeb'} {tmp_path / 'gne'})\n"
    ) in no_traceback(result)


@pytest.mark.parametrize("worst", ["-1", "x"])
def test_eval_worst_must_be_a_count(tmp_path: Path, worst: str) -> None:
    result = run("eval", tmp_path, "--worst", worst)
    assert result.returncode == 2
    assert "argument --worst: " in no_traceback(result)
    assert "invalid" not in result.stderr


@pytest.mark.parametrize("floors", [None, "[]", '{"gold": {"body_f1": "high"}}', "{"], ids=str)
def test_eval_with_floors_it_cannot_use_is_bad_usage(tmp_path: Path, floors: str | None) -> None:
    path = tmp_path / "floors.json"
    if floors is not None:
        path.write_text(floors, encoding="utf-8")
    result = run("eval", tmp_path, "--floors", path)
    assert result.returncode == 2
    assert f"pressbot eval: {path}: " in no_traceback(result)


# dupes


def test_dupes_of_an_empty_state_file_is_an_error_not_an_empty_answer(tmp_path: Path) -> None:
    state = tmp_path / "state.sqlite3"
    state.write_bytes(b"")
    result = run("dupes", "--state", state)
    assert result.returncode == 2
    assert "dedup state is empty (0 bytes)" in no_traceback(result)


def test_dupes_finds_a_url_in_either_form_and_says_when_nothing_matches(tmp_path: Path) -> None:
    stored = "http://xn--fsqu00a.xn--0zwm56d/%E6%96%B0%E9%97%BB/a.html"  # as a crawl stores it
    state = state_with_one_drop(tmp_path / "s.sqlite3", "http://a.example/a.html", stored)
    before = sorted(tmp_path.iterdir())
    shown = run("dupes", "--state", state, "--url", "http://例子.测试/新闻/a.html")
    assert shown.returncode == 0
    assert shown.stdout.split("\t")[2:4] == [stored, "http://a.example/a.html"], shown.stdout
    never = run("dupes", "--state", state, "--url", "http://never.example/x")
    assert never.returncode == 0 and never.stdout == ""
    assert "no dropped copy matches" in no_traceback(never)
    assert sorted(tmp_path.iterdir()) == before, "reading adds no -wal / -shm file"


# state check


HOLD = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
if sys.argv[2] != "open":
    db.execute("BEGIN " + sys.argv[2])
    db.execute("INSERT INTO seen_urls (canonical_url, url, first_seen) VALUES ('h', 'h', 'h')")
else:
    db.execute("SELECT COUNT(*) FROM seen_urls").fetchone()
print("held", flush=True)
time.sleep(120)
"""


@contextlib.contextmanager
def hold(state: Path, how: str) -> Iterator[None]:
    """A second process holding `state`: an open write transaction, or just a connection."""
    command = [sys.executable, "-c", HOLD, str(state), how]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as proc:
        try:
            assert proc.stdout is not None and proc.stdout.readline() == "held\n"
            yield
        finally:
            proc.kill()


def test_check_of_a_state_locked_by_a_writer_says_in_use_not_broken(tmp_path: Path) -> None:
    state = state_with_one_drop(tmp_path / "s.sqlite3", "http://a/1", "http://a/2")
    with contextlib.closing(sqlite3.connect(state)) as db:
        db.execute("PRAGMA journal_mode=DELETE")  # a rollback journal: a writer blocks readers
    with hold(state, "EXCLUSIVE"):
        result = run("state", "check", "--state", state)
    err = no_traceback(result)
    assert result.returncode == 1
    assert f"{state}: IN USE: locked by another process" in err and "BROKEN" not in err, err


def test_check_of_an_empty_state_file_says_so(tmp_path: Path) -> None:
    state = tmp_path / "s.sqlite3"
    state.write_bytes(b"")
    result = run("state", "check", "--state", state)
    assert result.returncode == 1
    assert f"{state}: BROKEN: empty (0 bytes)" in no_traceback(result)


def test_check_in_a_read_only_folder_reads_a_sound_state(tmp_path: Path) -> None:
    state = state_with_one_drop(tmp_path / "s.sqlite3", "http://a/1", "http://a/2")
    with immutable(tmp_path):
        result = run("state", "check", "--state", state)
    assert result.returncode == 0, no_traceback(result)
    assert f"{state}: OK (1 urls, 1 contents, 1 duplicates)" in result.stdout


def test_dupes_in_a_read_only_folder_reads_a_sound_state(tmp_path: Path) -> None:
    """It failed (exit 2, "unable to open database file"): SQLite could not make the `-shm`."""
    state = state_with_one_drop(tmp_path / "s.sqlite3", "http://a/1", "http://a/2")
    with immutable(tmp_path):
        result = run("dupes", "--state", state, "--json")
    assert result.returncode == 0, no_traceback(result)
    [row] = [json.loads(line) for line in result.stdout.splitlines()]
    assert (row["url"], row["duplicate_of"]) == ("http://a/2", "http://a/1")


# state repair


def test_repair_stopped_by_ctrl_c_leaves_the_state_as_it_was(tmp_path: Path) -> None:
    output = tmp_path / "output"
    words = " ".join(f"词{i}" for i in range(120))
    lines = [line(record(f"http://x.example/{n}.html", f"{n} {words}")) for n in range(200)]
    feed(output, f"{RUN}.jsonl", lines * 100)  # 20,000 lines: seconds of work
    state = state_with_one_drop(tmp_path / "state" / "s.sqlite3", "http://a/1", "http://a/2")
    before = state.read_bytes()
    command = [sys.executable, "-m", "pressbot.cli", "state", "repair"]
    with subprocess.Popen(
        [*command, "--state", str(state), "--from", str(output)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        deadline = time.monotonic() + 60
        while not (list(state.parent.glob(".*rebuild*")) or aside(state)):
            assert proc.poll() is None and time.monotonic() < deadline, "no rebuild started"
            time.sleep(0.01)
        time.sleep(0.3)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, (out, err)
    assert "Traceback" not in err and "the state is left as it was" in err, err
    assert sorted(p.name for p in state.parent.iterdir()) == [state.name]
    assert state.read_bytes() == before


def test_repair_leaves_a_state_another_process_has_open(tmp_path: Path) -> None:
    output = tmp_path / "output"
    feed(output, f"{RUN}.jsonl", [line(record("http://x.example/1.html"))])
    state = state_with_one_drop(tmp_path / "s.sqlite3", "http://a/1", "http://a/2")
    with hold(state, "open"):  # as a running crawl does
        result = run("state", "repair", "--state", state, "--from", output)
    assert result.returncode == 1
    assert "another process (a crawl?) has it open" in no_traceback(result)
    assert not aside(state)
    with SQLiteDedupStore(state) as store:
        assert store.known_url("http://a/1") and not store.known_url("http://x.example/1.html")


def test_repair_reads_round_damaged_feeds_a_part_file_and_a_bad_manifest(tmp_path: Path) -> None:
    output = tmp_path / "output"
    (output / "x").mkdir(parents=True)
    (output / "manifest.ndjson").write_bytes(b'\xff\xfe{"path": 1}\n')
    damaged_keys = {**record("http://x.example/keys.html"), "simhash": "zz"}
    feed(
        output,
        f"{RUN}.jsonl",
        [
            line(record("http://x.example/1.html", "第一篇")),
            b"[" * 100_000 + b"]" * 100_000 + b"\n",  # nested too deep
            line({**record("http://x.example/bad.html"), "canonical_url": ["a list"]}),
            b"\xff\xfe\n",
            line({**damaged_keys, "body": "第二篇", "content_hash": "2" * 64}),
        ],
    )
    torn = line(record("http://x.example/torn.html", "第四篇"))[:-40]
    part = [line(record("http://x.example/part.html", "第三篇")), torn]
    feed(output, "x-20260102T000000Z-2.jsonl.part", part)
    state = tmp_path / "s.sqlite3"
    result = run("state", "repair", "--state", state, "--from", output)
    err = no_traceback(result)
    assert result.returncode == 0, err  # (the manifest's one line is no entry: path order)
    assert "3 record(s) re-added, 0 duplicate(s), 4 unreadable line(s)" in result.stdout
    with SQLiteDedupStore(state) as store:
        for url in ("1", "keys", "part"):
            assert store.known_url(f"http://x.example/{url}.html"), url
        for url in ("bad", "torn"):
            assert not store.known_url(f"http://x.example/{url}.html"), url


PEAK = """
import resource, subprocess, sys
subprocess.run([sys.executable, "-m", "pressbot.cli", *sys.argv[1:]], check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def test_repair_of_a_record_longer_than_any_page_stays_in_bounds(tmp_path: Path) -> None:
    """Its URL and content keys come back; near-duplicate keys of a 20 MB body took 1.7 GB."""
    output = tmp_path / "output"
    body = ("很长的正文 words " * 2_000_000)[:20_000_000]
    feed(output, f"{RUN}.jsonl", [line(record("http://x.example/huge.html", body))])
    state = tmp_path / "s.sqlite3"
    command = [sys.executable, "-c", PEAK, "state", "repair", "--state", state, "--from", output]
    done = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, no_traceback(done)
    assert "1 record(s) re-added" in done.stdout
    peak_mb = int(done.stdout.splitlines()[-1]) / 1024
    assert peak_mb < 600, f"{peak_mb:.0f} MB"
    with SQLiteDedupStore(state) as store:
        assert store.known_url("http://x.example/huge.html")


def test_repair_into_a_read_only_folder_fails_and_keeps_the_state(tmp_path: Path) -> None:
    output = tmp_path / "output"
    feed(output, f"{RUN}.jsonl", [line(record("http://x.example/1.html"))])
    folder = tmp_path / "state"
    folder.mkdir()
    state = state_with_one_drop(folder / "s.sqlite3", "http://a/1", "http://a/2")
    before = state.read_bytes()
    with immutable(folder):
        result = run("state", "repair", "--state", state, "--from", output)
    assert result.returncode == 1
    assert "repair failed, the state is left as it was" in no_traceback(result)
    assert sorted(p.name for p in folder.iterdir()) == [state.name]
    assert state.read_bytes() == before


# sites, check-site


def test_sites_dir_that_is_not_a_folder_is_bad_usage(tmp_path: Path) -> None:
    result = run("sites", "--sites-dir", tmp_path / "nope")
    assert result.returncode == 2
    assert "no such folder" in no_traceback(result)


def _dripping_server(
    at_once: bytes = b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n<html>",
    then: bytes = b"",
) -> tuple[str, socket.socket]:
    """127.0.0.1 server that answers `at_once`, then `then` a byte at a time, then a space, a
    byte every 0.2 s, for ever: by default a body that never ends."""
    server = socket.create_server(("127.0.0.1", 0))

    def drip(conn: socket.socket) -> None:
        with conn:
            conn.recv(65536)
            conn.sendall(at_once)
            for byte in itertools.chain(then, itertools.repeat(ord(" "))):
                conn.sendall(bytes([byte]))
                time.sleep(0.2)

    def accept() -> None:
        while True:
            conn, _ = server.accept()
            threading.Thread(target=_quietly, args=(drip, conn), daemon=True).start()

    threading.Thread(target=_quietly, args=(accept,), daemon=True).start()
    return f"http://127.0.0.1:{server.getsockname()[1]}/", server


def _quietly(function: Any, *args: Any) -> None:
    with contextlib.suppress(OSError):  # the client went away, or the test closed the server
        function(*args)


def test_check_site_gives_up_on_a_server_that_never_finishes(tmp_path: Path) -> None:
    base, server = _dripping_server()
    (tmp_path / "drip.toml").write_text(
        f'name = "drip"\nstart_urls = ["{base}news/index.html"]\narticle_allow = ["/a/"]\n',
        encoding="utf-8",
    )
    try:
        started = time.monotonic()
        result = run("check-site", "drip", "--sites-dir", tmp_path, "--timeout", "1", timeout=60)
    finally:
        server.close()
    assert result.returncode == 1, no_traceback(result)
    assert "cannot fetch: timed out" in result.stdout
    assert time.monotonic() - started < 30


def test_check_site_gives_up_on_a_server_that_trickles_its_headers(tmp_path: Path) -> None:
    """The status line and headers a byte every 0.2 s, the last header for ever: each read came
    within the socket timeout, so `urlopen` never returned (robots.txt's request neither)."""
    base, server = _dripping_server(b"", b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\nX-Slow: ")
    listing = f"{base}news/index.html"
    (tmp_path / "drip.toml").write_text(
        f'name = "drip"\nstart_urls = ["{listing}"]\narticle_allow = ["/a/"]\n',
        encoding="utf-8",
    )
    try:
        started = time.monotonic()
        result = run("check-site", "drip", "--sites-dir", tmp_path, "--timeout", "1", timeout=60)
    finally:
        server.close()
    assert result.returncode == 1, no_traceback(result)
    assert f"listing {listing}\n  cannot fetch: timed out\n" in result.stdout, result.stdout
    assert time.monotonic() - started < 30


def test_check_site_fails_when_an_article_cannot_be_fetched_or_is_not_html() -> None:
    broken = {
        "/news/202006/t20200604_1004.html": (500, {}, b"oops"),
        "/news/202006/t20200605_1005.html": (200, {"Content-Type": "application/json"}, b"{}"),
    }
    with serve_directory(site_root("listing"), extra=broken) as base:
        result = run("check-site", "listing", "--sites-dir", SITES_DIR, "--base-url", base)
    assert result.returncode == 1, no_traceback(result)
    assert "cannot fetch: HTTP 500" in result.stdout
    assert "not an article: not-html" in result.stdout
    assert "1 article(s) could not be fetched" in result.stdout


# Ctrl-C


def interrupt_when(
    args: list[str | Path], ready: Any, sig: signal.Signals = signal.SIGINT
) -> subprocess.CompletedProcess[str]:
    """Run `pressbot ARGS`, send it `sig` once `ready()` says it is at work, and wait."""
    command = [sys.executable, "-m", "pressbot.cli", *map(str, args)]
    with subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as proc:
        deadline = time.monotonic() + 60
        while not ready():
            assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
            time.sleep(0.01)
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=60)
    return subprocess.CompletedProcess(command, proc.returncode, out, err)


@pytest.mark.parametrize(("sig", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_parse_stopped_by_a_signal_says_what_it_left(
    tmp_path: Path, sig: signal.Signals, status: int
) -> None:
    """SIGTERM (a service stopped, `timeout`) killed `parse` without a word; it now stops as
    on Ctrl-C: the records so far in whole lines in the `.part`, one line saying so."""
    out = tmp_path / "records.jsonl"
    part = tmp_path / "records.jsonl.part"

    def working() -> bool:
        return part.exists() and part.read_bytes().count(b"\n") >= 3

    result = interrupt_when(["parse", ROOT / "fixtures", "-j", "1", "-o", out], working, sig)
    assert result.returncode == status, result.stderr
    assert "Traceback" not in result.stderr
    assert re.search(
        rf"stopped after \d+ page\(s\); {re.escape(str(part))} is incomplete", result.stderr
    )
    assert not out.exists()
    assert all(json.loads(line)["schema"] for line in part.read_bytes().splitlines())


def test_eval_stopped_by_ctrl_c_says_so_in_one_line(tmp_path: Path) -> None:
    """It printed a KeyboardInterrupt traceback. The page is a FIFO: eval waits in its open."""
    (tmp_path / "p1.json").write_text('{"body": "x"}', encoding="utf-8")
    fifo = tmp_path / "p1.html"
    os.mkfifo(fifo)

    def reading() -> bool:
        try:  # succeeds only once a reader has the FIFO open
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:
            return False
        return True

    result = interrupt_when(["eval", tmp_path], reading)
    assert result.returncode == 130, result.stderr
    assert result.stderr == "pressbot: interrupted\n"


def test_check_site_stopped_by_ctrl_c_says_so_in_one_line(tmp_path: Path) -> None:
    server = socket.create_server(("127.0.0.1", 0))
    (tmp_path / "mute.toml").write_text(
        f'start_urls = ["http://127.0.0.1:{server.getsockname()[1]}/"]\n', encoding="utf-8"
    )
    connected = threading.Event()
    held: list[socket.socket] = []

    def accept() -> None:
        held.append(server.accept()[0])  # and never answer
        connected.set()

    threading.Thread(target=_quietly, args=(accept,), daemon=True).start()
    try:
        result = interrupt_when(["check-site", "mute", "--sites-dir", tmp_path], connected.is_set)
    finally:
        for conn in [*held, server]:
            conn.close()
    assert result.returncode == 130, result.stderr
    assert result.stderr == "pressbot: interrupted\n"


def test_repair_names_a_sound_state_it_moves_aside_old_not_corrupt(tmp_path: Path) -> None:
    """`state check` said OK, and the repair right after called the file `.corrupt-<time>`."""
    output = tmp_path / "output"
    feed(output, f"{RUN}.jsonl", [line(record("http://x.example/1.html"))])
    state = state_with_one_drop(tmp_path / "s.sqlite3", "http://a/1", "http://a/2")
    sound = state.read_bytes()
    assert run("state", "check", "--state", state).returncode == 0
    result = run("state", "repair", "--state", state, "--from", output)
    assert result.returncode == 0, no_traceback(result)
    [moved] = [p for p in aside(state) if not p.name.endswith(("-wal", "-shm"))]
    assert moved.name.startswith(f"{state.name}.old-"), moved
    assert moved.read_bytes() == sound and f"moved {state} aside to {moved}" in result.stdout


def test_parse_dedup_with_one_url_for_many_pages_is_refused(tmp_path: Path) -> None:
    """`--url` gives every saved page that URL: with `--dedup` a folder's pages were all but
    one dropped as duplicates of the first, their URL keys kept in the state, exit 0."""
    pages = ROOT / "fixtures" / "demo" / "site" / "news" / "2020" / "06"
    state = tmp_path / "state.sqlite3"
    many = run("parse", "--dedup", "--state", state, "--url", "https://example.org/p", pages)
    assert many.returncode == 2, many.stderr
    assert "--url with --dedup takes one saved page" in no_traceback(many)
    assert many.stdout == "" and not state.exists()
    page = sorted(pages.glob("*.html"))[0]
    one = run("parse", "--dedup", "--state", state, "--url", "https://example.org/p", page)
    assert one.returncode == 0, one.stderr
    assert json.loads(one.stdout)["url"] == "https://example.org/p"
