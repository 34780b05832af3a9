"""`pressbot parse`: records from saved pages, through exactly the code a crawl runs.

Inputs are files, folders (recursive), globs, `.html.gz`, WARC / WARC.gz response records and
Scrapy HTTP-cache folders (`pressbot.offline.inputs`). Workers (`-j`, default every core) run
`pressbot.extract` and the crawl's publishing gate (`pressbot.offline.work`); the parent writes
each record as one JSONL line, in input order, as soon as it and every page before it are done
(`pressbot.offline.run`), and with `dedup` asks the crawl's dedup store first.

Every input that gives no record is reported on stderr as `<path>: <reason>: <detail>` (archive
records as `<path>@<offset> (<url>)`) and, with `errors`, as one JSON object per line:
`{"path", "reason", "detail"}` plus `"offset"` and `"url"` for archive records. Reasons:
no_record, not_found, unreadable, too_large, bad_gzip, bad_encoding, unsupported_encoding,
bad_info_json, bad_cache_entry, corrupt_warc, corrupt_record, symlink_loop, worker_crashed,
internal_error. Dropped duplicates are reported but are no failure. The exit status is 0 when
every page gave a record (or was a dropped duplicate), 1 when some did not or none was found.
"""

from __future__ import annotations

import json
import os
import stat
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from pressbot.dedup import canonical_url
from pressbot.dedup.sqlite import DedupStoreError, SQLiteDedupStore
from pressbot.offline.inputs import iter_inputs
from pressbot.offline.pages import Problem, Skip
from pressbot.offline.run import WorkersKeepDying, default_jobs, outcomes
from pressbot.offline.work import Record
from pressbot.sites import SiteConfig

__all__ = ["DEFAULT_STATE_PATH", "ParseOptions", "parse_paths"]

DEFAULT_STATE_PATH = "state/pressbot.sqlite3"
EXIT_INTERRUPTED = 130


@dataclass(frozen=True)
class ParseOptions:
    paths: Sequence[str]
    output: str | None = None
    """JSONL file (written as `<output>.part`, renamed when complete); None: stdout."""
    site: SiteConfig | None = None
    url: str | None = None
    """The URL of every saved page (archive records carry their own)."""
    jobs: int | None = None
    """Worker processes; None: one per core."""
    dedup: bool = False
    state: str = DEFAULT_STATE_PATH
    errors: str | None = None
    """Also write each failure here as a JSON line."""
    progress: bool | None = None
    """A progress line on stderr; None: when stderr is a terminal."""


@dataclass
class Tally:
    pages: int = 0
    records: int = 0
    duplicates: int = 0
    skipped: int = 0
    failures: Counter[str] = field(default_factory=Counter)

    @property
    def failed(self) -> int:
        return sum(self.failures.values())


def parse_paths(
    options: ParseOptions, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """Parse everything `options.paths` names; return the exit status (0, 1, or 2 when the
    dedup state, output or errors file cannot be opened, 130 when interrupted)."""
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    show = stderr.isatty() if options.progress is None else options.progress
    report = Reporter(stderr, show)
    try:
        store = SQLiteDedupStore(options.state) if options.dedup else None
    except DedupStoreError as exc:
        print(f"pressbot: {exc}", file=stderr)
        return 2
    try:
        errors = open(options.errors, "w", encoding="utf-8") if options.errors else None  # noqa: SIM115
        out = _Output(options.output, stdout)
    except OSError as exc:
        print(f"pressbot: cannot write {exc.filename}: {exc.strerror}", file=stderr)
        if store is not None:
            store.close()
        return 2
    tally = Tally()
    started = time.monotonic()
    status = 0
    try:
        _run(options, out=out, errors=errors, store=store, report=report, tally=tally)
    except KeyboardInterrupt:
        status = EXIT_INTERRUPTED
    except (WorkersKeepDying, DedupStoreError) as exc:
        report.line(f"pressbot: {exc}; stopped")
        status = 1
    except BrokenPipeError:
        # The reader went away (`pressbot parse ... | head`): stop quietly, as `cat` does.
        os.dup2(os.open(os.devnull, os.O_WRONLY), stdout.fileno())
        status = 1
    finally:
        report.close()
        out.close(complete=status == 0)
        if errors is not None:
            errors.close()
        if store is not None:
            store.close()
    if status:
        print(f"stopped after {tally.pages} page(s); {out.name} is incomplete", file=stderr)
        return status
    if tally.failed or not tally.pages or show:
        print(_summary(tally, time.monotonic() - started), file=stderr)
    return 1 if tally.failed or not tally.pages else 0


def _run(
    options: ParseOptions,
    *,
    out: _Output,
    errors: TextIO | None,
    store: SQLiteDedupStore | None,
    report: Reporter,
    tally: Tally,
) -> None:
    def skipped(_: Skip) -> None:
        tally.skipped += 1

    jobs = options.jobs or default_jobs()
    items = iter_inputs(options.paths, url=options.url, sliced=jobs > 1)
    for outcome in outcomes(items, jobs, options.site, skipped, near=options.dedup):
        if isinstance(outcome, Skip):  # a record of an archive slice a worker read
            skipped(outcome)
            continue
        tally.pages += 1
        if isinstance(outcome, Problem):
            tally.failures[outcome.reason] += 1
            report.line(f"{outcome.where}: {outcome.reason.replace('_', ' ')}: {outcome.detail}")
            if errors is not None:
                errors.write(json.dumps(outcome.as_json(), ensure_ascii=False) + "\n")
        elif isinstance(outcome, Record):
            found = first_seen(store, outcome) if store is not None else None
            if found is None:
                out.write(outcome.line + "\n")
                tally.records += 1
            else:
                tally.duplicates += 1
                report.line(f"{outcome.where}: dropped: {found[0]} (first seen at {found[1]})")
        report.tick(tally.pages, tally.failed)


def first_seen(store: SQLiteDedupStore, record: Record) -> tuple[str, str] | None:
    """The crawl's dedup decision (pipelines/dedup.py): None if new, else (reason, first URL)."""
    key = record.canonical_url or (canonical_url(record.url) if record.url else None)
    return store.check_and_add(
        key, record.content_hash, record.url, record.simhash, signature=record.signature
    )


def _summary(tally: Tally, seconds: float) -> str:
    rate = tally.pages / seconds if seconds > 0 else 0.0
    text = (
        f"parsed {tally.pages} page(s) in {seconds:.1f} s ({rate:.1f} pages/s): "
        f"{tally.records} record(s) written, {tally.failed} without a record"
    )
    if tally.failures:
        text += " (" + ", ".join(f"{k} {v}" for k, v in tally.failures.most_common()) + ")"
    if tally.duplicates:
        text += f", {tally.duplicates} duplicate(s) dropped"
    if tally.skipped:
        text += f", {tally.skipped} archive response(s) skipped (not HTML, or not status 200)"
    return text


class _Output:
    """stdout, or a file that appears under its name only when complete (`<name>.part` until
    then), like the crawl's feeds. A device or pipe given as output is written directly."""

    def __init__(self, path: str | None, stdout: TextIO) -> None:
        self.final: Path | None = None
        self.owned = path is not None
        if path is None:
            self.name = "<stdout>"
            self.handle = stdout
            return
        target = Path(path)
        if target.exists() and not stat.S_ISREG(target.stat().st_mode):
            self.name = str(target)
        else:
            self.final = target
            self.name = str(target.with_name(target.name + ".part"))
        self.handle = open(self.name, "w", encoding="utf-8")  # noqa: SIM115

    def write(self, text: str) -> None:
        self.handle.write(text)

    def close(self, complete: bool) -> None:
        if not self.owned:
            self.handle.flush()
            return
        self.handle.close()
        if complete and self.final is not None:
            os.replace(self.name, self.final)


class Reporter:
    """Problem lines on stderr and, on a terminal, one progress line redrawn a few times a second
    (pages done, pages/s, errors); the line is cleared before any other output."""

    INTERVAL = 0.25

    def __init__(self, stream: TextIO, progress: bool) -> None:
        self.stream = stream
        self.progress = progress
        self.started = time.monotonic()
        self.last = 0.0
        self.shown = False

    def line(self, text: str) -> None:
        self._clear()
        print(text, file=self.stream)

    def tick(self, pages: int, errors: int) -> None:
        if not self.progress:
            return
        now = time.monotonic()
        if now - self.last < self.INTERVAL:
            return
        self.last = now
        rate = pages / max(now - self.started, 1e-9)
        self.stream.write(f"\r\x1b[K{pages} pages  {rate:.1f} pages/s  {errors} errors")
        self.stream.flush()
        self.shown = True

    def _clear(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.shown = False

    def close(self) -> None:
        self._clear()
        self.stream.flush()
