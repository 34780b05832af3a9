"""Whether a process lives: worker processes that end with the process that started them, and
runs told alive from the pid in their id (`running_pid`: the crawl's recovery and resume, and
`pressbot health`, which tells a running crawl from a killed one).

A `ProcessPoolExecutor` worker (`pressbot parse`) holds both ends of its task queue, and one
started from a forkserver is not even a child of the process that uses it: when that process is
SIGKILLed (the OOM killer, a scheduler's timeout), nothing tells the workers, and they would
wait for tasks forever. A daemon thread in each worker checks once a second that the owner is
alive. (The crawl's workers, `pressbot.aioworkers`, also see their job pipe end; the lifeline
still ends one that is stuck in a page.)
"""

from __future__ import annotations

import os
import re
import signal
import threading
import time
from datetime import UTC, datetime

INTERVAL = 1.0
_RUN_PID = re.compile(r"^(\d{8}T\d{6}Z)-(\d+)$")
"""A run id (`pipelines.feeds.new_run_id`): its UTC start and the pid of the process running it."""


def alive(pid: int) -> bool:
    """Whether `pid` is a running (not zombie) process; never the caller's process group (0) or
    a number no process can have (a pid read from a file name).

    >>> alive(os.getpid()), alive(2**22 + 1), alive(0), alive(2**80)
    (True, False, False, False)
    """
    if not 0 < pid < 2**31:
        return False
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        pass
    try:
        os.kill(pid, 0)  # no /proc (not Linux): existence is all we can ask
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def serve(owner: int, interval: float = INTERVAL) -> None:
    """Make this process a pool worker of process `owner`: Ctrl-C is for the owner (it stops
    its run cleanly), and the worker leaves at once (no cleanup to run) once the owner is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while alive(owner):
            time.sleep(interval)
        os._exit(1)

    threading.Thread(target=watch, name="pressbot-lifeline", daemon=True).start()


def running_pid(run_id: str) -> int | None:
    """The pid of the process that runs `run_id` when it is still running, else None: the pid
    in the id is alive and (where /proc tells) started before the run did, so a pid reused
    after a reboot or a kill is no run.

    >>> now = f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{os.getpid()}"
    >>> running_pid(now) == os.getpid(), running_pid("20200101T000000Z-1")
    (True, None)
    """
    match = _RUN_PID.match(run_id)
    if not match:
        return None
    pid = int(match[2])
    if not alive(pid):
        return None
    started = _process_start(pid)
    begun = datetime.strptime(match[1], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC).timestamp()
    return None if started is not None and started > begun + 1 else pid


def _process_start(pid: int) -> float | None:
    """When process `pid` started (POSIX time), from /proc; None where there is no /proc."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            ticks = int(handle.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/stat", encoding="ascii") as handle:
            boot = next(int(line.split()[1]) for line in handle if line.startswith("btime "))
    except (OSError, ValueError, IndexError, StopIteration):
        return None
    return boot + ticks / os.sysconf("SC_CLK_TCK")
