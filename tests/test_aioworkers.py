"""The event loop's own worker pool: answers, errors, deaths, big jobs, spread over workers."""

from __future__ import annotations

import asyncio
import os
import signal
import threading
import time
from collections.abc import Coroutine
from functools import partial
from typing import Any, TypeVar

import pytest

from pressbot.aioworkers import AsyncWorkerPool, WorkerDied
from pressbot.pipes import PIPE_BYTES

T = TypeVar("T")


def _pid_after(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def _echo(data: bytes) -> bytes:
    return data[::-1]


def _fail(message: str) -> None:
    raise ValueError(message)


def _unpicklable() -> object:
    return lambda: None


def _run(pool: AsyncWorkerPool, main: Coroutine[Any, Any, T]) -> T:
    try:
        return asyncio.run(main)
    finally:
        pool.close()


def test_results_and_exceptions_come_back() -> None:
    pool = AsyncWorkerPool(1)

    async def main() -> None:
        assert await pool.run(partial(_echo, b"abc")) == b"cba"
        with pytest.raises(ValueError, match="no good"):
            await pool.run(partial(_fail, "no good"))
        with pytest.raises(RuntimeError, match="unpicklable answer"):
            await pool.run(_unpicklable)
        assert await pool.run(partial(_echo, b"still here")) == b"ereh llits"

    _run(pool, main())


def test_jobs_larger_than_a_pipe_go_both_ways() -> None:
    """A job and an answer three times the widened pipe: written as the pipe drains."""
    pool = AsyncWorkerPool(1)
    data = os.urandom(3 * PIPE_BYTES)

    async def main() -> list[bytes]:
        return list(await asyncio.gather(*(pool.run(partial(_echo, data)) for _ in range(3))))

    assert _run(pool, main()) == [data[::-1]] * 3


def _answer_then_exit(value: int) -> int:
    threading.Timer(0.05, os._exit, (0,)).start()  # the worker ends just after it answers
    return value


def test_an_answer_that_arrives_with_the_workers_end_still_counts() -> None:
    """An answer the worker's end follows at once is delivered, whenever the end is read."""
    pool = AsyncWorkerPool(1)

    async def main() -> int:
        job = asyncio.ensure_future(pool.run(partial(_answer_then_exit, 7)))
        await asyncio.sleep(0.05)  # the job goes out
        time.sleep(1.0)  # the loop sleeps while the answer and the end of file arrive
        return await job

    assert _run(pool, main()) == 7


def _span(seconds: float) -> tuple[int, float, float]:
    start = time.time()
    time.sleep(seconds)
    return os.getpid(), start, time.time()


def test_jobs_spread_over_the_workers_and_run_at_once() -> None:
    pool = AsyncWorkerPool(2)

    async def main() -> list[tuple[int, float, float]]:
        return list(await asyncio.gather(*(pool.run(partial(_span, 0.5)) for _ in range(4))))

    spans = _run(pool, main())
    pids = [pid for pid, _, _ in spans]
    assert len(set(pids)) == 2 and os.getpid() not in pids
    assert sorted(pids.count(p) for p in set(pids)) == [2, 2]
    first = pids[0]
    assert any(  # the two workers ran jobs at the same time
        max(a[1], b[1]) < min(a[2], b[2]) for a in spans for b in spans if a[0] == first != b[0]
    )


def test_a_job_in_the_hands_of_a_killed_worker_fails_and_the_next_starts_a_new_one() -> None:
    pool = AsyncWorkerPool(1)

    async def main() -> tuple[list[int], int]:
        slow = asyncio.ensure_future(pool.run(partial(_pid_after, 30)))
        await asyncio.sleep(0.3)  # the worker has it
        workers = pool.pids
        for pid in workers:
            os.kill(pid, signal.SIGKILL)
        with pytest.raises(WorkerDied):
            await asyncio.wait_for(slow, 10)
        return workers, await pool.run(partial(_pid_after, 0))

    workers, new = _run(pool, main())
    assert len(workers) == 1 and new not in workers


def test_close_ends_the_workers() -> None:
    pool = AsyncWorkerPool(2)

    async def main() -> None:
        await asyncio.gather(*(pool.run(partial(_pid_after, 0.2)) for _ in range(2)))

    asyncio.run(main())
    workers = list(pool._workers)
    pool.close()
    assert len(workers) == 2
    assert [w.process.exitcode for w in workers] == [0, 0]  # they left when asked, not killed


def test_a_pool_needs_a_worker() -> None:
    with pytest.raises(ValueError, match="1 worker or more"):
        AsyncWorkerPool(0)


def test_a_worker_whose_pool_closed_mid_job_leaves_quietly() -> None:
    """Its answer has nowhere to go: the worker ends cleanly (exit status 0), not with a
    BrokenPipeError traceback."""
    pool = AsyncWorkerPool(1)

    async def main() -> None:
        running = asyncio.ensure_future(pool.run(partial(_pid_after, 0.5)))
        await asyncio.sleep(0.2)  # the worker has it
        running.cancel()  # nobody waits for the answer any more

    asyncio.run(main())
    [worker] = pool._workers
    pool.close()  # while the job runs: the worker answers into a closed pipe, then leaves
    assert worker.process.exitcode == 0


def _slow_spawn(pool: AsyncWorkerPool, seconds: float) -> None:
    """Make each worker start take `seconds` longer, as the first start does while the
    forkserver imports the preloaded modules."""
    spawn = pool._spawn

    def slow(name: str) -> Any:
        time.sleep(seconds)
        return spawn(name)

    pool._spawn = slow  # type: ignore[method-assign]


def test_the_loop_goes_on_while_a_worker_starts() -> None:
    pool = AsyncWorkerPool(1)
    _slow_spawn(pool, 0.6)

    async def main() -> tuple[float, int]:
        gaps: list[float] = []

        async def tick() -> None:
            last = time.monotonic()
            while True:
                await asyncio.sleep(0.01)
                now = time.monotonic()
                gaps.append(now - last)
                last = now

        ticker = asyncio.ensure_future(tick())
        await asyncio.sleep(0.05)
        pid = await pool.run(partial(_pid_after, 0))
        ticker.cancel()
        return max(gaps), pid

    longest, pid = _run(pool, main())
    assert pid != os.getpid()
    assert longest < 0.3  # the loop was never held for the 0.6 s the start took


def test_a_worker_that_cannot_start_fails_its_jobs() -> None:
    pool = AsyncWorkerPool(1)

    def broken(name: str) -> Any:
        raise OSError("no forkserver today")

    pool._spawn = broken  # type: ignore[method-assign]

    async def main() -> None:
        with pytest.raises(WorkerDied, match="could not start: OSError"):
            await asyncio.wait_for(pool.run(partial(_echo, b"x")), 10)

    _run(pool, main())


def test_a_worker_still_starting_when_the_pool_closes_leaves() -> None:
    pool = AsyncWorkerPool(1)
    _slow_spawn(pool, 0.4)

    async def main() -> Any:
        job = asyncio.ensure_future(pool.run(partial(_pid_after, 0)))
        await asyncio.sleep(0.1)  # the start is under way
        [worker] = pool._workers
        pool.close()
        with pytest.raises(WorkerDied, match="a starting worker ended"):
            await job
        await asyncio.sleep(0.6)  # the start ends: the worker gets closed pipes
        return worker

    worker = asyncio.run(main())
    worker.process.join(10)
    assert worker.process.exitcode == 0
