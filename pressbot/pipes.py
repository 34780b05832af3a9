"""The pipes between a process and its pool workers (`pressbot parse`, the crawl's extraction)."""

from __future__ import annotations

import contextlib
from concurrent.futures import ProcessPoolExecutor

try:
    import fcntl
except ImportError:  # not POSIX
    fcntl = None  # type: ignore[assignment]

PIPE_BYTES = 1 << 20
_SET_SIZE: int | None = getattr(fcntl, "F_SETPIPE_SZ", None) if fcntl is not None else None


def widen_pipes(executor: ProcessPoolExecutor) -> None:
    """Let the pipes between `pressbot parse` and its workers hold a whole chunk of pages, or
    of records (1 MiB, Linux's limit for unprivileged processes, where pipes hold 64 KiB).

    A chunk of pages is several hundred KB. Through a 64 KiB pipe the parent writes it piece by
    piece while the worker that asked for it waits, and each piece needs a parent thread to get
    the GIL from the thread reading the input: on 2 cores, workers idled 4 ms per chunk, 6 % of
    the run, and 3 ms with room for the chunk, which is then written while the worker still
    parses the last one. Where a pipe cannot grow (not Linux, a lower limit, another Python's
    executor internals) the default pipe does the same work, only slower.
    """
    for name in ("_call_queue", "_result_queue"):
        writer = getattr(getattr(executor, name, None), "_writer", None)
        if writer is not None:
            widen_pipe(writer.fileno())


def widen_pipe(fd: int) -> None:
    """Let the pipe with end `fd` hold `PIPE_BYTES`, where the system allows it (the crawl's
    extraction workers' pipes: a page or a record in one write, not piece by piece)."""
    if _SET_SIZE is not None:
        with contextlib.suppress(OSError, ValueError):
            fcntl.fcntl(fd, _SET_SIZE, PIPE_BYTES)
