"""`pressbot parse`: records from saved pages, through exactly the code a crawl runs.

Inputs are files, folders (recursive), globs, `.html.gz`, WARC / WARC.gz response records,
Scrapy HTTP-cache folders (`pressbot.offline.inputs`), and `-`: one page on stdin, which needs
`url`. Workers (`-j`, default every core) run `pressbot.extract` and the crawl's publishing gate
(`pressbot.offline.work`); the parent writes each record as one JSONL line, in input order, as
soon as it and every page before it are done (`pressbot.offline.run`), and with `dedup` asks the
crawl's dedup store first.

Every input that gives no record is reported on stderr as `<path>: <reason>: <detail>` (archive
records as `<path>@<offset> (<url>)`, HTTP-cache entries as `<path> (<url>)`) and, with `errors`, as
one JSON object per line: `{"path", "reason", "detail"}` plus `"offset"` and `"url"` for archive
records. Reasons: no_record, no_pages, not_found, unreadable, too_large, bad_gzip, bad_encoding,
unsupported_encoding, bad_info_json, bad_cache_entry, unsupported_format, corrupt_warc,
corrupt_record, symlink_loop, worker_crashed, internal_error. Dropped duplicates are reported but
are no failure. The exit status is 0 when every page gave a record (or was a dropped duplicate), 1
when some did not, none was found, or an input named no page (not_found, symlink_loop: reported, but
not counted as pages read), 2 when the output or errors file is one of the input files, or two of
the output, errors and dedup state files are one (it is refused: nothing is read).

With `dedup` and an output file, the run's records are published only when the file is complete
(renamed from `.part`): their keys are the run's until then (the crawl's `run_keys`), forgotten
when the run stops early, or by the next run into the same file after a kill, so that a rerun
publishes them instead of dropping them as copies of records no output holds. Records written to
stdout are out as soon as written, and their keys stand.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import json
import os
import signal
import stat
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from pressbot.dedup import url_key
from pressbot.dedup.sqlite import DedupStoreError, SQLiteDedupStore
from pressbot.offline.inputs import STDIN, iter_inputs
from pressbot.offline.pages import Problem, Skip
from pressbot.offline.run import WorkersKeepDying, default_jobs, outcomes
from pressbot.offline.sitechoice import SiteChooser
from pressbot.offline.work import Record
from pressbot.progress import Reporter
from pressbot.sites import SiteConfig

__all__ = ["DEFAULT_STATE_PATH", "ParseOptions", "parse_paths"]

DEFAULT_STATE_PATH = "state/pressbot.sqlite3"
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143  # 128 + SIGTERM
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE: what a shell reports for `cat` when its reader left


class Terminated(BaseException):
    """SIGTERM (a service stopped, `timeout`): the run stops as on Ctrl-C, with its own status.
    It was killed by the signal, with no word of what it left behind. A BaseException, as
    KeyboardInterrupt is: extraction reports any Exception of a page as that page's error."""


def _terminated(signum: int, frame: object) -> None:
    raise Terminated


@contextlib.contextmanager
def _stopped_by_sigterm() -> Iterator[None]:
    """SIGTERM raises `Terminated` meanwhile (only the main thread may set a handler)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = signal.signal(signal.SIGTERM, _terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)


NO_PAGE = frozenset({"not_found", "symlink_loop"})
"""Reasons that are about an input path, where no page was there to read: not counted as pages."""


@dataclass(frozen=True)
class ParseOptions:
    paths: Sequence[str]
    output: str | None = None
    """JSONL file (written as `<output>.part`, renamed when complete); None: stdout."""
    site: SiteConfig | SiteChooser | None = None
    """One config for every page, or the chooser of each page's (`--site auto`)."""
    url: str | None = None
    """The URL of every saved page (archive records carry their own)."""
    jobs: int | None = None
    """Worker processes; None: one per core."""
    dedup: bool = False
    state: str = DEFAULT_STATE_PATH
    errors: str | None = None
    """Also write each failure here as a JSON line."""
    progress: bool | None = None
    """A progress line on stderr; None: when stderr is a terminal that the records (stdout)
    are not written to."""


@dataclass
class Tally:
    pages: int = 0
    records: int = 0
    duplicates: int = 0
    skipped: int = 0
    failures: Counter[str] = field(default_factory=Counter)
    """Pages that gave no record, by reason."""
    unread: Counter[str] = field(default_factory=Counter)
    """Inputs with no page to read (`NO_PAGE`), by reason."""

    @property
    def failed(self) -> int:
        return sum(self.failures.values())

    @property
    def ok(self) -> bool:
        """Every input named a page, every page gave a record, and there was one at least."""
        return self.pages > 0 and not self.failures and not self.unread


def parse_paths(
    options: ParseOptions, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """Parse everything `options.paths` names; return the exit status (0, 1, or 2 when the
    dedup state, output or errors file cannot be opened, 130 when interrupted, 141 without a
    word when the reader of stdout went away)."""
    stderr = stderr or sys.stderr or open(os.devnull, "w")  # noqa: SIM115 - (closed: None)
    stdout = stdout or sys.stdout
    if stdout is None and options.output is None:
        print("pressbot: stdout is closed: name an output file with -o", file=stderr)
        return 2
    show = _progress_fits(options, stdout, stderr) if options.progress is None else options.progress
    report = Reporter(stderr, show)
    if clash := _input_written_to(options):
        print(f"pressbot: {clash} is an input too: writing there would overwrite it", file=stderr)
        return 2
    if twice := _named_twice(options):
        flag, other_flag, path = twice
        print(
            f"pressbot: {path} is named twice, as {flag} and {other_flag}: "
            "one would overwrite the other",
            file=stderr,
        )
        return 2
    if options.dedup and options.url and _many_pages(options.paths):
        print(
            "pressbot: --url with --dedup takes one saved page: every page would get that URL "
            "and all but the first would be dropped as its duplicates",
            file=stderr,
        )
        return 2
    if STDIN in options.paths and not options.url:
        print(
            "pressbot: a page read from stdin (-) needs --url: a record without its page's URL "
            "is not published",
            file=stderr,
        )
        return 2
    try:
        store = SQLiteDedupStore(options.state) if options.dedup else None
    except DedupStoreError as exc:
        print(f"pressbot: {exc}", file=stderr)
        return 2
    try:
        # (a file name that is no UTF-8 is a lone surrogate in Python: written as its JSON escape)
        errors = (
            _Output(options.errors, None, staged=False, errors="backslashreplace")
            if options.errors
            else None
        )
        out = _Output(options.output, stdout)
    except OSError as exc:
        print(f"pressbot: cannot write {exc.filename}: {exc.strerror}", file=stderr)
        if store is not None:
            store.close()
        return 2
    run = _DedupRun(store, out) if store is not None else None
    tally = Tally()
    started = time.monotonic()
    status = 1  # until `_run` returns: after an unforeseen error nothing is published
    try:
        with _stopped_by_sigterm():
            if run is not None:
                run.start()
            _run(options, out=out, errors=errors, run=run, report=report, tally=tally)
        status = 0
    except KeyboardInterrupt:
        status = EXIT_INTERRUPTED
    except Terminated:
        status = EXIT_TERMINATED
    except (WorkersKeepDying, DedupStoreError, WriteFailed) as exc:
        report.line(f"pressbot: {exc}; stopped")
        status = 1
    except BrokenPipeError:
        # The reader went away (`pressbot parse ... | head`): stop quietly, as `cat` does, with
        # its status (the interpreter's final flush of stdout must not raise again).
        os.dup2(os.open(os.devnull, os.O_WRONLY), stdout.fileno())
        status = EXIT_BROKEN_PIPE
    finally:
        report.close()
        status = _close(out, errors, run, status, report)
    if status == EXIT_BROKEN_PIPE:
        return status
    if status:
        print(f"stopped after {tally.pages} page(s); {out.name} is incomplete", file=stderr)
        return status
    if not tally.ok or show:
        print(_summary(tally, time.monotonic() - started), file=stderr)
    return 0 if tally.ok else 1


def _progress_fits(options: ParseOptions, stdout: TextIO, stderr: TextIO) -> bool:
    """A progress line on a terminal stderr, unless the records go to that same terminal: it
    would be drawn in among them."""
    if not stderr.isatty():
        return False
    if options.output is not None:
        return True
    try:
        return not os.path.sameopenfile(stdout.fileno(), stderr.fileno())
    except (OSError, ValueError):  # a stream with no file (io.UnsupportedOperation is both)
        return True


def _input_written_to(options: ParseOptions) -> str | None:
    """The `-o` or `--errors` file, when a file named as an input is that same file."""
    for target in (options.output, options.errors):
        if target is None or not os.path.exists(target):
            continue
        for raw in options.paths:
            if raw != STDIN and os.path.exists(raw) and os.path.samefile(raw, target):
                return target
    return None


def _named_twice(options: ParseOptions) -> tuple[str, str, str] | None:
    """(flag, flag, path) of a file named as two of `-o`, `--errors` and the dedup state: the
    output's rename would replace the errors written there, and either would wipe the state."""
    named = [("-o", options.output), ("--errors", options.errors)]
    named += [("--state", options.state)] if options.dedup else []
    found = [(flag, path) for flag, path in named if path is not None]
    for n, (flag, path) in enumerate(found):
        for other_flag, other in found[n + 1 :]:
            if _same_file(path, other):
                return flag, other_flag, path
    return None


def _same_file(first: str, second: str) -> bool:
    """Whether two paths name one regular file, or one not there yet (a device such as
    /dev/stderr may well take both)."""
    if os.path.exists(first) and os.path.exists(second):
        return os.path.samefile(first, second) and os.path.isfile(first)
    return os.path.realpath(first) == os.path.realpath(second)


def _many_pages(paths: Sequence[str]) -> bool:
    """Whether `paths` may name more than one saved page: several, a folder, or a glob."""
    return len(paths) > 1 or any(os.path.isdir(p) or glob.has_magic(p) for p in paths)


def _close(
    out: _Output, errors: _Output | None, run: _DedupRun | None, status: int, report: Reporter
) -> int:
    """Close the output (published only when the run completed), the errors file and the
    dedup state (the run's keys kept only when its records are out); the exit status, 1 when
    closing fails (a full disk: the output may be short)."""
    for sink in (out, errors):
        if sink is None:
            continue
        try:
            sink.close(complete=status == 0)
        except WriteFailed as exc:
            report.line(f"pressbot: {exc}")
            status = status or 1
    if run is not None:
        try:
            run.close(published=status == 0 or not out.staged)
        except DedupStoreError as exc:
            report.line(f"pressbot: {exc}")
            status = status or 1
    return status


def _run(
    options: ParseOptions,
    *,
    out: _Output,
    errors: _Output | None,
    run: _DedupRun | None,
    report: Reporter,
    tally: Tally,
) -> None:
    def skipped(_: Skip) -> None:
        tally.skipped += 1

    cores = default_jobs()
    jobs = options.jobs or cores
    if jobs > cores:  # each worker costs a start (0.4 s) and its memory, and parses no faster
        report.line(f"pressbot: -j {jobs} is more than the {cores} core(s) here: {cores} workers")
        jobs = cores
    items = iter_inputs(options.paths, url=options.url, sliced=jobs > 1)
    for outcome in outcomes(items, jobs, options.site, skipped, near=options.dedup):
        if isinstance(outcome, Skip):  # a record of an archive slice a worker read
            skipped(outcome)
            continue
        page = not (isinstance(outcome, Problem) and outcome.reason in NO_PAGE)
        tally.pages += page
        if isinstance(outcome, Problem):
            (tally.failures if page else tally.unread)[outcome.reason] += 1
            report.line(f"{outcome.where}: {outcome.reason.replace('_', ' ')}: {outcome.detail}")
            if errors is not None:
                errors.write(json.dumps(outcome.as_json(), ensure_ascii=False) + "\n")
        elif isinstance(outcome, Record):
            found = run.first_seen(outcome) if run is not None else None
            if found is None:
                out.write(outcome.line + "\n")
                tally.records += 1
            else:
                tally.duplicates += 1
                report.line(f"{outcome.where}: dropped: {found[0]} (first seen at {found[1]})")
        report.tick(tally.pages, tally.failed + sum(tally.unread.values()))


class _DedupRun:
    """The crawl's dedup decisions for one run, and what becomes of its keys when it ends.

    Keys of records written to an output file that is published only when complete (`staged`)
    are noted as this run's, under the file's name: the crawl's `run_keys`, by which a killed
    crawl's unpublished records are forgotten.
    """

    def __init__(self, store: SQLiteDedupStore, out: _Output) -> None:
        self.store = store
        self.owner = f"pressbot parse > {out.final.resolve()}" if out.final is not None else None
        self.run_id = f"{os.getpid()}-{time.time_ns()}"

    def start(self) -> None:
        """Forget the keys of earlier runs into the same file that were killed before it was
        complete: their records are in no published output."""
        if self.owner is not None:
            self.store.forget_unfinished(self.owner, self.run_id, published=set())

    def first_seen(self, record: Record) -> tuple[str, str] | None:
        """None if new, else (reason, first URL): the dedup pipeline's check."""
        return self.store.check_and_add(
            url_key(record.canonical_url, record.url),
            record.content_hash,
            record.url,
            record.simhash,
            signature=record.signature,
            run_id=self.run_id if self.owner else None,
            site=self.owner,
        )

    def close(self, published: bool) -> None:
        """Keep the run's keys if its records are out, else forget them; close the store."""
        try:
            if self.owner is not None and published:
                self.store.finish_run(self.owner, self.run_id)
            elif self.owner is not None:
                self.store.forget_unfinished(self.owner, "", published=set())
        finally:
            self.store.close()


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
    if tally.unread:
        unread = ", ".join(f"{k} {v}" for k, v in tally.unread.most_common())
        text += f"; {sum(tally.unread.values())} input(s) with no page to read ({unread})"
    return text


class WriteFailed(Exception):
    """The output or errors file cannot be written (a full disk, a closed device)."""

    def __init__(self, name: str, exc: OSError) -> None:
        super().__init__(f"cannot write {name}: {exc.strerror or exc}")


class _Output:
    """stdout, or a file that appears under its name only when complete (`<name>.part` until
    then: `staged`), like the crawl's feeds. A device or pipe, or a file not to be `staged` (the
    errors, which are worth reading from a run that stopped), is written directly. A failed
    write raises `WriteFailed`, except a broken pipe (the reader left)."""

    def __init__(
        self,
        path: str | None,
        stdout: TextIO | None,
        *,
        staged: bool = True,
        errors: str = "strict",
    ) -> None:
        self.final: Path | None = None
        self.owned = path is not None
        if path is None:
            assert stdout is not None
            self.name = "<stdout>"
            self.handle = stdout
            return
        target = Path(path)
        if not target.parent.is_dir():  # else `open` names the `.part` file, not the cause
            raise FileNotFoundError(errno.ENOENT, f"no folder {target.parent}", str(target))
        if not staged or (target.exists() and not stat.S_ISREG(target.stat().st_mode)):
            self.name = str(target)
        else:
            self.final = target
            self.name = str(target.with_name(target.name + ".part"))
        self.handle = open(self.name, "w", encoding="utf-8", errors=errors)  # noqa: SIM115

    @property
    def staged(self) -> bool:
        return self.final is not None

    def write(self, text: str) -> None:
        try:
            self.handle.write(text)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise WriteFailed(self.name, exc) from exc

    def close(self, complete: bool) -> None:
        """Flush and close; rename a staged file to its name when `complete` and all of it was
        written. A failed flush leaves it staged and raises `WriteFailed`."""
        try:
            if not self.owned:
                self.handle.flush()
                return
            self.handle.close()
        except BrokenPipeError:
            return
        except OSError as exc:
            raise WriteFailed(self.name, exc) from exc
        if complete and self.final is not None:
            os.replace(self.name, self.final)
