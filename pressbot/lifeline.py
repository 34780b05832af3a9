"""Worker processes that end with the process that started them.

A `ProcessPoolExecutor` worker (`pressbot parse`) holds both ends of its task queue, and one
started from a forkserver is not even a child of the process that uses it: when that process is
SIGKILLed (the OOM killer, a scheduler's timeout), nothing tells the workers, and they would
wait for tasks forever. A daemon thread in each worker checks once a second that the owner is
alive. (The crawl's workers, `pressbot.aioworkers`, also see their job pipe end; the lifeline
still ends one that is stuck in a page.)
"""

from __future__ import annotations

import os
import signal
import threading
import time

INTERVAL = 1.0


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
