"""Run pages through worker processes and put the outcomes back in input order.

Pages go to the workers in chunks, and a big .warc.gz in byte slices that the workers read
themselves (the parent would otherwise spend a core's tenth decompressing and shipping pages);
at most `WINDOW_PER_WORKER` chunks per worker are in flight, and the parent takes results in
the order the chunks were sent. Memory therefore stays flat
however long the input, and `-j 4` writes the same file as `-j 1`. A worker that dies (a crash in
a C library, the OOM killer) breaks the pool: a new pool is made, and the pages that were in
flight (those of a slice read here) are run again one at a time, so the page that kills a
worker is the only one reported as failed.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from itertools import chain, islice
from typing import Any

from pressbot.offline.archives import empty_archive
from pressbot.offline.pages import MemberRead, Problem, Skip, SliceItem, Unit, WarcSlice
from pressbot.offline.sitechoice import SiteChooser
from pressbot.offline.work import Outcome, init_worker, pages_of, parse_chunk
from pressbot.pipes import widen_pipes
from pressbot.sites import SiteConfig

CHUNK_SIZE = 4
WINDOW_PER_WORKER = 4
MAX_CRASHES_IN_A_ROW = 3


class WorkersKeepDying(RuntimeError):
    """Fresh workers died on several pages in a row: the environment, not a page, is at fault."""


Worker = Callable[[Sequence[Unit]], list[Outcome | MemberRead]]


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _context() -> multiprocessing.context.BaseContext:
    """How workers start.

    fork when this process runs a single thread (as `pressbot parse` does: importing pressbot
    loads no thread-starting library, see `dedup.keys._vector`): workers then share the modules
    already imported and start at once, where a forkserver costs a fresh interpreter that imports
    pressbot again before the first page (0.6 s of a 9 s run on two cores). Otherwise
    forkserver (a fork of a clean server that has imported pressbot, so workers inherit no
    threads or open files), else spawn.
    """
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and _threads() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["pressbot.offline.work"])
        return context
    return multiprocessing.get_context("spawn")


def _threads() -> int:
    """Threads of this process, those no Python code started included (a BLAS pool, say);
    0 where the system does not tell (then fork is never chosen)."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:  # not Linux
        return 0


def _chunks(
    items: Iterable[Unit], size: int, skipped: Callable[[Skip], None]
) -> Iterator[list[Unit]]:
    chunk: list[Unit] = []
    for item in items:
        if isinstance(item, Skip):
            skipped(item)
            continue
        if isinstance(item, WarcSlice):  # many pages already: a chunk of its own
            if chunk:
                yield chunk
                chunk = []
            yield [item]
            continue
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def outcomes(
    items: Iterable[Unit],
    jobs: int,
    site: SiteConfig | SiteChooser | None,
    skipped: Callable[[Skip], None],
    *,
    worker: Worker = parse_chunk,
    chunk_size: int = CHUNK_SIZE,
    near: bool = True,
) -> Iterator[Outcome]:
    """The outcome of every item, in input order; Skips go to `skipped` as they are met.
    Records carry near-duplicate keys only with `near` (what `--dedup` needs).

    With one job, or so few pages that starting workers would cost more than it saves, pages
    are parsed in this process.
    """
    chunks = _chunks(items, chunk_size, skipped)
    head = list(islice(chunks, 2))
    slices = _Slices()
    if jobs <= 1 or len(head) < 2:
        init_worker(site, near=near)
        for chunk in chain(head, chunks):
            yield from slices.genuine(chunk, worker(chunk))
        return
    with _Pool(jobs, site, worker, near) as pool:
        window: deque[tuple[list[Unit], Future[list[Outcome | MemberRead]], int]] = deque()

        def oldest() -> list[Outcome]:
            sent = window.popleft()
            return slices.genuine(sent[0], pool.collect(*sent))

        for chunk in head:
            window.append(pool.submit(chunk))
        for chunk in chunks:
            window.append(pool.submit(chunk))
            if len(window) >= jobs * WINDOW_PER_WORKER:
                yield from oldest()
        while window:
            yield from oldest()


@dataclass
class _Slices:
    """What the parent knows of the archives read in slices, slice after slice."""

    read_to: dict[str, int] = field(default_factory=dict)
    """Per archive, the end of the last gzip member kept (after a damaged one, its start and a
    byte)."""
    kept: Counter[str] = field(default_factory=Counter)
    """Per archive, the outcomes kept so far."""

    def genuine(self, chunk: list[Unit], found: list[Outcome | MemberRead]) -> list[Outcome]:
        """The outcomes of a chunk, in order, without those of archive slices' gzip members
        that start before the end of a member already read (`MemberRead`); after an archive's
        last slice, its report when it gave nothing (as `warc_items` reports it)."""
        kept: list[Outcome] = []
        held: list[Outcome] = []  # a member's outcomes, until its MemberRead
        for outcome in found:
            if not isinstance(outcome, MemberRead):
                held.append(outcome)
                continue
            if outcome.start >= self.read_to.get(outcome.path, 0):
                kept += held
                end = outcome.end if outcome.end is not None else outcome.start + 1
                self.read_to[outcome.path] = end
            held.clear()
        kept += held
        if len(chunk) == 1 and isinstance(piece := chunk[0], WarcSlice):  # (alone in a chunk)
            self.kept[piece.path] += len(kept)
            if piece.last and not self.kept[piece.path]:
                kept.append(empty_archive(piece.path))
        return kept


class _Pool:
    """A ProcessPoolExecutor that is remade when a worker dies."""

    def __init__(
        self, jobs: int, site: SiteConfig | SiteChooser | None, worker: Worker, near: bool
    ) -> None:
        self.jobs, self.site, self.worker, self.near = jobs, site, worker, near
        self.generation = 0
        self.crashes_in_a_row = 0
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        executor = ProcessPoolExecutor(
            max_workers=self.jobs,
            mp_context=_context(),
            initializer=init_worker,
            initargs=(self.site, os.getpid(), self.near),
        )
        widen_pipes(executor)
        return executor

    def _restart(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)
        self.generation += 1
        self.executor = self._start()

    def submit(
        self, chunk: list[Unit]
    ) -> tuple[list[Unit], Future[list[Outcome | MemberRead]], int]:
        try:
            future = self.executor.submit(self.worker, chunk)
        except BrokenProcessPool:
            self._restart()
            future = self.executor.submit(self.worker, chunk)
        return chunk, future, self.generation

    def collect(
        self, chunk: list[Unit], future: Future[list[Outcome | MemberRead]], generation: int
    ) -> list[Outcome | MemberRead]:
        try:
            return future.result()
        except BrokenProcessPool:
            if generation == self.generation:
                self._restart()
            return [self._alone(page) for unit in chunk for page in pages_of(unit)]

    def _alone(self, item: SliceItem) -> Outcome | MemberRead:
        """Run one item in a fresh pool's worker; if the worker dies again, blame the item."""
        if isinstance(item, MemberRead):
            return item
        try:
            outcome = self.executor.submit(self.worker, [item]).result()[0]
        except BrokenProcessPool:
            self._restart()
            self.crashes_in_a_row += 1
            if self.crashes_in_a_row >= MAX_CRASHES_IN_A_ROW:
                raise WorkersKeepDying(
                    f"worker processes died on {self.crashes_in_a_row} pages in a row"
                ) from None
            if isinstance(item, Problem | Skip):
                return item
            detail = "the worker process died parsing this page"
            return Problem(item.path, "worker_crashed", detail, item.offset, item.url)
        self.crashes_in_a_row = 0
        return outcome

    def __enter__(self) -> _Pool:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)
