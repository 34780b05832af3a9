"""`pressbot parse / validate / eval` as a user runs them: a subprocess, real files, exit codes."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pressbot
from pressbot.schema import record_errors

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


def run(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pressbot.cli", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_parse_writes_schema_valid_records_for_every_article_fixture(tmp_path: Path) -> None:
    out = tmp_path / "records.jsonl"
    articles = [
        p.parent
        for p in FIXTURES.glob("*/*/expected.json")
        if "article" not in json.loads(p.read_text(encoding="utf-8"))
    ]
    result = run("parse", *(case / "body.html" for case in articles), "-o", out)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == len(articles)
    for record in records:
        assert not list(record_errors(record)), record["url"]
        assert record["fetched_at"] is None
    urls = {json.loads((c / "info.json").read_text(encoding="utf-8"))["url"] for c in articles}
    assert {r["url"] for r in records} == urls, "info.json beside a page supplies its URL"


def test_parse_reports_each_page_without_a_record_and_exits_1(tmp_path: Path) -> None:
    good = tmp_path / "good.html.gz"
    good.write_bytes(gzip.compress((FIXTURES / "seed/ministry-rumors/body.html").read_bytes()))
    bad = {
        "empty.html": b"",
        "scan.pdf.html": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n" * 50,
        "noise.html": os.urandom(200_000),
        "deep.html": b"<html><body>"
        + b"<div>" * 10_000
        + b"x"
        + b"</div>" * 10_000
        + b"</body></html>",
        "broken.html.gz": b"\x1f\x8b\x08\x00 truncated",
    }
    for name, data in bad.items():
        (tmp_path / name).write_bytes(data)
    listing = FIXTURES / "misc/listing-page/body.html"
    result = run("parse", tmp_path, listing)
    assert result.returncode == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["title"] for r in records] == [
        "The Ministry of Public Security has lawfully investigated and dealt with over 25000 "
        "netizens who spread rumors this year"
    ]
    for name in [*bad, "listing-page/body.html"]:
        assert any(name in line for line in result.stderr.splitlines()), (name, result.stderr)
    assert "Traceback" not in result.stderr


def test_validate_reports_the_line_of_each_invalid_record(tmp_path: Path) -> None:
    good = run("parse", FIXTURES / "seed/ministry-rumors/body.html").stdout.strip()
    broken = json.loads(good)
    broken["editors"] = "Lubaikang"
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join([good, json.dumps(broken), "{not json"]) + "\n", encoding="utf-8")
    result = run("validate", feed)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert any(line.startswith(f"{feed}:2: editors:") for line in lines), lines
    assert any(line.startswith(f"{feed}:3: not JSON") for line in lines), lines
    assert not any(f"{feed}:1:" in line for line in lines)
    (tmp_path / "ok.jsonl").write_text(good + "\n", encoding="utf-8")
    assert run("validate", tmp_path / "ok.jsonl").returncode == 0


def test_eval_scores_a_gold_directory_and_enforces_floors(tmp_path: Path) -> None:
    case = FIXTURES / "people/ends-with-zebian"
    gold = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    info = json.loads((case / "info.json").read_text(encoding="utf-8"))
    (tmp_path / "p1.html").write_bytes((case / "body.html").read_bytes())
    wrong_body = "这不是这篇文章的正文，而是另一段完全不同的文字内容。"
    (tmp_path / "p1.json").write_text(
        json.dumps(
            {
                "url": info["url"],
                "language": "zh",
                "title": gold["title"],
                "body": wrong_body,
                "published": gold["published_at"],
                "author": gold["authors"],
                "editor": [],
                "responsible_editor": gold["responsible_editors"],
                "source": gold["source"],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    result = run("eval", tmp_path, "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)[tmp_path.name]["summary"]
    assert summary["title"] == 1.0 and summary["responsible_editor"] == 1.0
    assert summary["body_f1"] < 0.2, "a wrong gold body must score low"
    floors = tmp_path / "floors.json"
    floors.write_text(json.dumps({tmp_path.name: {"body_f1": 0.9}}), encoding="utf-8")
    gated = run("eval", tmp_path, "--floors", floors)
    assert gated.returncode == 1
    assert "BELOW FLOOR" in gated.stderr


def test_eval_shows_which_body_text_the_record_misses_and_adds(tmp_path: Path) -> None:
    case = FIXTURES / "people/ends-with-zebian"
    gold = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    info = json.loads((case / "info.json").read_text(encoding="utf-8"))
    paragraphs = gold["body"].split("\n")
    dropped = paragraphs.pop(2)  # in the page, so the record has it and the gold does not
    invented = "这一段文字并不在页面上，只在金标准里出现，用来检验缺失的正文能否被指出。"
    paragraphs.insert(1, invented)
    (tmp_path / "p1.html").write_bytes((case / "body.html").read_bytes())
    (tmp_path / "p1.json").write_text(
        json.dumps({"url": info["url"], "language": "zh", "body": "\n".join(paragraphs)}),
        encoding="utf-8",
    )
    result = run("eval", tmp_path, "--json")
    assert result.returncode == 0, result.stderr
    worst = json.loads(result.stdout)[tmp_path.name]["worst"][0]
    assert worst["body_missing"] == [invented]
    # Shingles the dropped paragraph shares with the rest (社区教育 recurs) count as matched,
    # as in the metric, so its text may come back in more than one span.
    assert all(span in dropped for span in worst["body_extra"])
    assert sum(map(len, worst["body_extra"])) > 0.9 * len(dropped)
    text = run("eval", tmp_path).stdout
    assert "body missing: 1 span(s)" in text and repr(invented) in text
    assert "body extra: " in text


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path: Path) -> None:
    """`pressbot eval ... | head -1`: the pipe closes under the report, which ends quietly."""
    case = FIXTURES / "people/ends-with-zebian"
    info = json.loads((case / "info.json").read_text(encoding="utf-8"))
    for n in range(30):
        (tmp_path / f"p{n}.html").write_bytes((case / "body.html").read_bytes())
        gold = {"url": info["url"], "language": "zh", "body": f"别的正文 {n} " * 2000}
        (tmp_path / f"p{n}.json").write_text(json.dumps(gold, ensure_ascii=False), "utf-8")
    command = [
        sys.executable,
        "-m",
        "pressbot.cli",
        "eval",
        str(tmp_path),
        "--worst",
        "30",
        "--json",
    ]
    with subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.readline()
        proc.stdout.close()  # before the report is written: its spans are more than a pipe holds
        stderr = proc.stderr.read().decode()
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr, stderr
    assert proc.returncode == 141, "the status a shell reports for `cat` when its reader left"


def test_bad_usage_exits_2() -> None:
    assert run("parse").returncode == 2
    assert run("parse", "x.html", "--site", "no-such-site").returncode == 2


def test_parse_takes_a_site_config_from_sites_dir(tmp_path: Path) -> None:
    """`parse --site` knew only the bundled configs: one in a user folder was "no site config"."""
    (tmp_path / "mine.toml").write_text('timezone = "Europe/Paris"\n', encoding="utf-8")
    page = FIXTURES / "seed/ministry-rumors/body.html"
    result = run("parse", page, "--site", "mine", "--sites-dir", tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["site"] == "mine"
    missing = run("parse", page, "--site", "mine")
    assert missing.returncode == 2 and "no site config named 'mine'" in missing.stderr


def test_parse_refuses_to_write_over_one_of_its_inputs(tmp_path: Path) -> None:
    """`parse ow/p.html -o ow/p.html` replaced the page with its own record."""
    page = tmp_path / "p.html"
    page.write_bytes((FIXTURES / "seed/ministry-rumors/body.html").read_bytes())
    before = page.read_bytes()
    other = tmp_path / "q.html"
    other.write_bytes(before)
    for option in ("-o", "--errors"):
        result = run("parse", other, page, option, tmp_path / "." / "p.html")
        assert result.returncode == 2, result.stderr
        assert "is an input too: writing there would overwrite it" in result.stderr
        assert page.read_bytes() == before and result.stdout == ""


def test_a_missing_input_is_reported_as_such_not_counted_as_a_page(tmp_path: Path) -> None:
    """`parse nosuch.html` said "parsed 1 page(s) ... (not_found 1)"."""
    (tmp_path / "empty").mkdir()
    page = FIXTURES / "seed/ministry-rumors/body.html"
    result = run("parse", tmp_path / "nosuch.html", tmp_path / "empty", tmp_path / "zz*.html", page)
    assert result.returncode == 1
    assert len(result.stdout.splitlines()) == 1
    assert f"{tmp_path / 'nosuch.html'}: not found: no such file or folder" in result.stderr
    summary = result.stderr.splitlines()[-1]
    assert summary.startswith("parsed 1 page(s) in "), summary
    assert summary.endswith(
        "1 record(s) written, 0 without a record; 3 input(s) with no page to read (not_found 3)"
    )
    alone = run("parse", tmp_path / "nosuch.html")
    assert alone.returncode == 1 and "parsed 0 page(s)" in alone.stderr


def test_parse_into_a_reader_that_leaves_stops_quietly_as_cat_does(tmp_path: Path) -> None:
    """`parse ... | head -c 100` said "stopped after 3 page(s); <stdout> is incomplete" and
    exited 1; `cat` says nothing and its shell status is 141 (128 + SIGPIPE)."""
    page = (FIXTURES / "seed/ministry-rumors/body.html").read_bytes()
    for n in range(40):
        (tmp_path / f"p{n:02}.html").write_bytes(page)
    command = [sys.executable, "-m", "pressbot.cli", "parse", str(tmp_path), "-j", "1"]
    with subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.read(100)
        proc.stdout.close()
        stderr = proc.stderr.read().decode()
    assert proc.returncode == 141
    assert stderr == ""


def test_help_states_the_defaults_the_readme_states_and_version_is_there() -> None:
    helps = {
        ("eval",): ["how many worst pages to show (default: 5)"],
        ("check-site",): ["(default: 3)", "(default: 20)"],
        ("state", "check"): ["dedup state file (default: state/pressbot.sqlite3)"],
        ("state", "repair"): ["(default: state/pressbot.sqlite3)", "feeds (default: output)"],
        ("validate",): ["JSONL files of records"],
    }
    for command, wanted in helps.items():
        text = " ".join(run(*command, "--help").stdout.split())  # argparse wraps lines
        for part in wanted:
            assert part in text, (command, part, text)
    version = run("--version")
    assert version.returncode == 0 and version.stdout == f"pressbot {pressbot.__version__}\n"


def test_bad_option_values_say_what_is_wrong(tmp_path: Path) -> None:
    """It said "invalid _jobs value: 'x'", and "cannot write nodir/x.jsonl.part: No such file or
    directory" for a folder that is not there."""
    page = FIXTURES / "seed/ministry-rumors/body.html"
    jobs = run("parse", page, "-j", "x")
    assert jobs.returncode == 2 and "argument -j/--jobs: not a whole number: 'x'" in jobs.stderr
    timeout = run("check-site", "demo", "--timeout", "soon")
    assert timeout.returncode == 2 and "--timeout: not a number: 'soon'" in timeout.stderr
    target = tmp_path / "nodir" / "x.jsonl"
    for option in ("-o", "--errors"):
        result = run("parse", page, option, target)
        assert result.returncode == 2
        assert result.stderr == f"pressbot: cannot write {target}: no folder {target.parent}\n"
