"""Imported by the forkserver of `pressbot.aioworkers` only: its workers skip the main script.

multiprocessing starts each child of a forkserver by running the parent's main script again (as
`__mp_main__`), so that functions defined there unpickle. Under `scrapy crawl` that script is the
`scrapy` command, which imports Scrapy and Twisted: each extraction worker spent 0.3-0.5 s on
them before its first page and kept about 17 MB of its own for them, though its jobs are
functions of importable modules (`pressbot.crawlwork`) and never need the parent's `__main__`.

Importing this module makes the forkserver's children named as the pool's workers
(`aioworkers.WORKER_NAME`) start without that step; any other child the same forkserver starts
runs the main script as multiprocessing does. The crawl process itself never imports it.
"""

from __future__ import annotations

from collections.abc import Callable
from multiprocessing import spawn
from typing import Any

from pressbot.aioworkers import WORKER_NAME

_MAIN_KEYS = ("init_main_from_name", "init_main_from_path")
_Prepare = Callable[[dict[str, Any]], None]


def without_main(prepare: _Prepare) -> _Prepare:
    """`prepare` (multiprocessing's first step in a new child), without re-running the main
    script for a pool worker."""

    def prepare_child(data: dict[str, Any]) -> None:
        if str(data.get("name", "")).startswith(WORKER_NAME):
            data = {key: value for key, value in data.items() if key not in _MAIN_KEYS}
        prepare(data)

    return prepare_child


# On a Python whose multiprocessing has no such step, nothing changes (an error here would stop
# the forkserver, which ignores only an ImportError of its preloaded modules).
if callable(getattr(spawn, "prepare", None)):
    spawn.prepare = without_main(spawn.prepare)
