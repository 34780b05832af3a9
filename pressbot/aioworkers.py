"""Worker processes that an asyncio event loop feeds itself, with no thread in between.

`concurrent.futures.ProcessPoolExecutor` moves every job and every result through two threads
of the calling process (one pickles and writes, one reads and unpickles), and each job wakes
both and has them take the GIL from the event loop. In a crawl on 2 cores that hand-off cost
the crawl process about a millisecond of the five it spends per page (`bench/crawl_speed.py`).
Here the loop writes a pickled job straight into a worker's pipe and reads the answer when the
pipe turns readable, like any socket it serves.

Workers start from a forkserver (never a fork of a process running threads and a reactor)
without running the parent's main script again (`pressbot.workerhost`), end with their owner
(`pressbot.lifeline`), and each one's death is its own: the jobs it held fail with
`WorkerDied`, and the next job starts a new worker. Starting one blocks (the first
start waits for the forkserver to import the preloaded modules, unless `warm_forkserver` started
it earlier), so it runs in a short-lived thread while the loop goes on; jobs sent to a worker
still starting wait in its queue.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import multiprocessing
import multiprocessing.forkserver
import os
import pickle
import struct
import threading
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from pressbot.lifeline import serve
from pressbot.pipes import widen_pipe

T = TypeVar("T")

# multiprocessing.Connection's framing, which the workers' side uses: a signed 32-bit length,
# or -1 and an unsigned 64-bit one.
_SHORT = struct.Struct("!i")
_LONG = struct.Struct("!Q")
_IDENT = 8  # bytes of job number in front of each job and each answer
_READ = 1 << 16
"""Bytes asked of the answer pipe per read, and reads per wake-up at most (`_READS`): asking for
1 MiB made each read allocate (and give back) a buffer of that size, five times the cost of
reading the same answers 64 KiB at a time."""
_READS = 64
_JOIN_SECONDS = 5.0
WORKER_NAME = "pressbot-worker"
"""What each worker's process name starts with (`pressbot.workerhost` tells them by it)."""
_HOST = "pressbot.workerhost"


class WorkerDied(Exception):
    """The worker running a job ended before it answered (killed, out of memory, crashed)."""


class WorkerNotStarted(WorkerDied):
    """The worker for a job could not be started (no forkserver, no memory for a process)."""


def _frame(payload: bytes) -> bytes:
    size = len(payload)
    head = _SHORT.pack(size) if size <= 0x7FFFFFFF else _SHORT.pack(-1) + _LONG.pack(size)
    return head + payload


def _work(jobs: Connection, answers: Connection, owner: int) -> None:
    """A worker's life: run each job it is sent and send back its result or its exception,
    until the owner closes the job pipe (or dies: then the lifeline ends this process)."""
    serve(owner)
    while True:
        try:
            data = jobs.recv_bytes()
        except EOFError:
            return
        ident = data[:_IDENT]
        try:
            outcome: tuple[bool, Any] = (True, pickle.loads(data[_IDENT:])())
        except Exception as exc:  # the owner re-raises it
            outcome = (False, exc)
        try:
            answer = pickle.dumps(outcome, pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # an unpicklable result or exception
            answer = pickle.dumps((False, RuntimeError(f"unpicklable answer: {exc!r}")))
        try:
            answers.send_bytes(ident + answer)
        except OSError:  # the owner closed the pool meanwhile (or is gone): nobody to tell
            return


class _Worker:
    """One worker process and the loop's ends of its two pipes; until `attach`, a worker that is
    starting, whose jobs wait in `_unsent`."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.process: Any = None
        self.pending: dict[bytes, asyncio.Future[Any]] = {}
        self.dead = False
        self._jobs: Connection | None = None
        self._answers: Connection | None = None
        self._loop = loop
        self._unsent = bytearray()
        self._received = bytearray()

    def attach(self, process: Any, jobs: Connection, answers: Connection) -> None:
        """The started process and its pipes: send what waits, read what comes."""
        self.process, self._jobs, self._answers = process, jobs, answers
        for end in (jobs, answers):
            os.set_blocking(end.fileno(), False)
        if self.dead:  # the pool closed meanwhile: closed pipes tell the worker to leave
            jobs.close()
            answers.close()
            return
        self._loop.add_reader(answers.fileno(), self._readable)
        if self._unsent:
            self._loop.add_writer(jobs.fileno(), self._writable)

    def submit(self, ident: bytes, job: bytes) -> asyncio.Future[Any]:
        answer = self._loop.create_future()
        self.pending[ident] = answer
        frame = _frame(ident + job)
        if self._unsent or self._jobs is None:  # the pipe is full, or not there yet: queue
            self._unsent += frame
            return answer
        try:
            sent = os.write(self._jobs.fileno(), frame)
        except BlockingIOError:
            sent = 0
        except OSError:  # the worker is gone: its read end closed
            self.died()
            return answer
        if sent < len(frame):
            self._unsent += frame[sent:]
            self._loop.add_writer(self._jobs.fileno(), self._writable)
        return answer

    def _writable(self) -> None:
        assert self._jobs is not None  # registered by `attach`
        try:
            sent = os.write(self._jobs.fileno(), self._unsent)
        except BlockingIOError:
            return
        except OSError:
            self.died()
            return
        del self._unsent[:sent]
        if not self._unsent:
            self._loop.remove_writer(self._jobs.fileno())

    def _readable(self) -> None:
        ended = False
        for _ in range(_READS):  # what the pipe holds now, and then back to the loop
            assert self._answers is not None  # registered by `attach`
            try:
                data = os.read(self._answers.fileno(), _READ)
            except BlockingIOError:
                break
            except OSError:
                data = b""
            if not data:
                ended = True
                break
            self._received += data
            if len(data) < _READ:
                break
        while (answer := self._next_answer()) is not None:
            self._answer(answer)
        if ended:  # every write end is closed: the worker has ended (its last answers read)
            self.died()

    def _next_answer(self) -> bytes | None:
        received = self._received
        if len(received) < _SHORT.size:
            return None
        (size,) = _SHORT.unpack_from(received)
        start = _SHORT.size
        if size == -1:
            if len(received) < start + _LONG.size:
                return None
            (size,) = _LONG.unpack_from(received, start)
            start += _LONG.size
        if len(received) < start + size:
            return None
        answer = bytes(received[start : start + size])
        del received[: start + size]
        return answer

    def _answer(self, answer: bytes) -> None:
        future = self.pending.pop(answer[:_IDENT], None)
        if future is None or future.done():
            return
        try:
            ok, value = pickle.loads(answer[_IDENT:])
        except Exception as exc:
            future.set_exception(exc)
            return
        if ok:
            future.set_result(value)
        else:
            future.set_exception(value)

    def end(self, why: str = "ended", error: type[WorkerDied] = WorkerDied) -> None:
        """Close the pipes (a live worker then leaves on its own) and fail what it still held."""
        if self.dead:
            return
        self.dead = True
        for end, remove in (
            (self._answers, self._loop.remove_reader),
            (self._jobs, self._loop.remove_writer),
        ):
            if end is None:  # still starting: `attach` closes them
                continue
            with contextlib.suppress(RuntimeError):  # the loop itself is closed already
                remove(end.fileno())
            end.close()
        name = f"worker {self.process.pid}" if self.process is not None else "a starting worker"
        pending, self.pending = self.pending, {}
        for future in pending.values():
            if not future.done():
                with contextlib.suppress(RuntimeError):  # its loop is closed: nobody waits
                    future.set_exception(error(f"{name} {why}"))

    def reap(self, wait: float) -> None:
        """Give the process `wait` seconds to leave, then kill it."""
        if self.process is None:
            return
        self.process.join(wait)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(_JOIN_SECONDS)

    def died(self) -> None:
        """The pipes say the worker is gone (end of file, a broken pipe)."""
        self.end()
        self.reap(0.0)


def _set_preload(context: Any, preload: Sequence[str]) -> None:
    """The forkserver imports `preload`, and `pressbot.workerhost` before them."""
    context.set_forkserver_preload([_HOST, *preload])


def warm_forkserver(preload: Sequence[str]) -> None:
    """Start the forkserver now, in a thread of its own, so that its imports overlap what the
    caller does before it needs a worker (a crawl opening its spider and state: 0.35 s)."""
    _set_preload(multiprocessing.get_context("forkserver"), preload)
    threading.Thread(
        target=multiprocessing.forkserver.ensure_running, name="pressbot-forkserver", daemon=True
    ).start()


class AsyncWorkerPool:
    """`await pool.run(job)`: `job()` in one of `size` worker processes, from an asyncio loop.

    `job` must pickle (a module-level function, or a `functools.partial` of one). Workers start
    when jobs need them; each job goes to the worker with the fewest jobs in hand. A job whose
    worker dies raises `WorkerDied` (the caller decides what to do with it); the next job
    starts a new worker. `preload` names modules the forkserver imports once for all workers.
    """

    def __init__(self, size: int, *, preload: Sequence[str] = ()) -> None:
        if size < 1:
            raise ValueError(f"a pool needs 1 worker or more, not {size}")
        self.size = size
        self._context = multiprocessing.get_context("forkserver")
        _set_preload(self._context, preload)
        self._workers: list[_Worker] = []
        self._numbers = itertools.count()

    @property
    def pids(self) -> list[int]:
        """The live (started) workers' process ids."""
        return [w.process.pid for w in self._workers if not w.dead and w.process is not None]

    def pipes(self) -> list[tuple[int, int]]:
        """Each live worker's (job pipe, answer pipe) file descriptors, this process's ends."""
        return [
            (w._jobs.fileno(), w._answers.fileno())
            for w in self._workers
            if not w.dead and w._jobs is not None and w._answers is not None
        ]

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        """Start every worker now (each in its thread), before the first job needs one."""
        self._workers = [w for w in self._workers if not w.dead]
        while len(self._workers) < self.size:
            self._workers.append(self._start(loop))

    async def run(self, job: Callable[[], T]) -> T:
        data = pickle.dumps(job, pickle.HIGHEST_PROTOCOL)
        ident = next(self._numbers).to_bytes(_IDENT, "big")
        result: T = await self._worker(asyncio.get_running_loop()).submit(ident, data)
        return result

    def _worker(self, loop: asyncio.AbstractEventLoop) -> _Worker:
        self._workers = [w for w in self._workers if not w.dead]
        if len(self._workers) < self.size:
            self._workers.append(self._start(loop))
            return self._workers[-1]
        return min(self._workers, key=lambda w: len(w.pending))

    def _start(self, loop: asyncio.AbstractEventLoop) -> _Worker:
        """A worker that starts in a thread of its own (joined once it is done), so the loop
        never waits for the forkserver."""
        worker = _Worker(loop)

        def started(outcome: tuple[Any, Connection, Connection] | BaseException) -> None:
            thread.join()
            if isinstance(outcome, BaseException):
                worker.end(f"could not start: {outcome!r}", WorkerNotStarted)
            else:
                worker.attach(*outcome)

        def spawn() -> None:
            outcome: tuple[Any, Connection, Connection] | BaseException
            try:
                outcome = self._spawn(name)
            except BaseException as exc:  # reported to the jobs waiting for this worker
                outcome = exc
            try:
                loop.call_soon_threadsafe(started, outcome)
            except RuntimeError:  # the loop closed meanwhile: the worker leaves at once
                if not isinstance(outcome, BaseException):
                    outcome[1].close()
                    outcome[2].close()

        name = f"{WORKER_NAME}-{len(self._workers) + 1}"
        thread = threading.Thread(target=spawn, name=f"{name}-start", daemon=True)
        thread.start()
        return worker

    def _spawn(self, name: str) -> tuple[Any, Connection, Connection]:
        """Start a worker process: it, and this process's ends of its job and answer pipes."""
        job_reader, job_writer = self._context.Pipe(duplex=False)
        answer_reader, answer_writer = self._context.Pipe(duplex=False)
        for end in (job_writer, answer_writer):
            widen_pipe(end.fileno())
        process = self._context.Process(
            target=_work, args=(job_reader, answer_writer, os.getpid()), name=name, daemon=True
        )
        process.start()
        job_reader.close()  # the worker holds these ends now: when it dies, they close
        answer_writer.close()
        return process, job_writer, answer_reader

    def close(self) -> None:
        """End every worker: each finishes its job in hand and leaves; one that has not left
        after a few seconds is killed. Jobs still waiting fail with `WorkerDied`."""
        workers, self._workers = self._workers, []
        for worker in workers:
            worker.end()
        for worker in workers:
            worker.reap(_JOIN_SECONDS)
