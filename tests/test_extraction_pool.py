"""Extraction in worker processes gives the crawl process's records, and survives a dead worker.

(Every crawl test also runs through the pool: by default a crawl on more than one core extracts
in workers.)
"""

from __future__ import annotations

import asyncio
import fcntl
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import wait_gone
from scrapy import signals
from scrapy.utils.test import get_crawler

from pressbot import extract
from pressbot.crawlwork import extract_page
from pressbot.lifeline import alive
from pressbot.pipes import PIPE_BYTES
from spiders.extraction import ExtractionPool

ROOT = Path(__file__).resolve().parent.parent
LISTING = ROOT / "fixtures/crawl/listing/news/202006"
URL = "http://127.0.0.1:8000/news/202006/t20200605_1005.html"


def _page() -> bytes:
    return (LISTING / "t20200605_1005.html").read_bytes()


def test_extract_page_is_extract_plus_the_later_pages() -> None:
    article, links = extract_page(_page(), URL, "text/html; charset=utf-8", None, URL)
    alone = extract(_page(), URL, headers={"Content-Type": "text/html; charset=utf-8"})
    assert article.to_dict() == alone.to_dict()
    assert links == [f"http://127.0.0.1:8000/news/202006/t20200605_1005_{n}.html" for n in (2, 3)]
    assert extract_page(_page(), URL, None, None)[1] == []  # no first URL: no links asked


@pytest.mark.skipif(sys.platform != "linux", reason="pipe sizes are Linux's")
def test_a_page_larger_than_a_default_pipe_goes_through_widened_pipes() -> None:
    """The pool's pipes hold 1 MiB (see `pressbot.pipes.widen_pipes`), and a page larger
    than a default pipe comes back as the record the crawl process would make."""
    big = _page().replace(b"</body>", b"<p>" + "正文。".encode() * 60_000 + b"</p></body>")
    pool = ExtractionPool(1, get_crawler())

    async def run() -> tuple[dict[str, object], list[int]]:
        article, _ = await pool.extract(big, URL, None, None)
        assert pool._pool is not None
        [pipes] = pool._pool.pipes()
        return article.to_dict(), [fcntl.fcntl(fd, fcntl.F_GETPIPE_SZ) for fd in pipes]

    try:
        record, sizes = asyncio.run(run())
    finally:
        pool.close()
    assert sizes == [PIPE_BYTES, PIPE_BYTES]
    assert record == extract(big, URL).to_dict()
    assert len(str(record["body"])) > 150_000


def test_a_worker_gives_the_same_record_and_a_dead_worker_loses_no_page() -> None:
    """The page sent to a worker that died (before the crawl noticed) is extracted here
    instead and counted; the next page starts a new worker."""
    crawler = get_crawler()
    pool = ExtractionPool(1, crawler)

    async def run() -> tuple[list[dict[str, object]], list[int], list[int]]:
        first, _ = await pool.extract(_page(), URL, None, None)
        assert pool._pool is not None
        before = pool._pool.pids
        for pid in before:  # the OOM killer, say; the loop does not run until it is done
            os.kill(pid, signal.SIGKILL)
        assert wait_gone(before) == []
        second, _ = await pool.extract(_page(), URL, None, None)
        third, _ = await pool.extract(_page(), URL, None, None)
        return [first.to_dict(), second.to_dict(), third.to_dict()], before, pool._pool.pids

    try:
        records, before, after = asyncio.run(run())
    finally:
        pool.close()
    expected = extract(_page(), URL).to_dict()
    assert records == [expected] * 3
    assert crawler.stats.get_value("pressbot/extract/pool_broken") == 1
    assert len(after) == 1 and after != before


def _die_on_crash_urls(body: bytes, url: str, *args: Any, **kwargs: Any) -> Any:
    """`crawlwork.extract_page`, but a page that crashes its worker (a C library's, say)."""
    if "crash" in url:
        os._exit(70)
    return extract_page(body, url, *args, **kwargs)


def test_a_page_that_kills_two_workers_is_dropped_not_extracted_in_the_crawl_process() -> None:
    """Extracted here instead, it took the crawl down, and the next run, meeting it again."""
    crawler = get_crawler()
    pool = ExtractionPool(1, crawler)
    pool.work = _die_on_crash_urls  # type: ignore[assignment]

    async def run() -> tuple[Any, Any]:
        bad, links = await pool.extract(_page(), "http://127.0.0.1/crash.html", None, None)
        assert links == []
        good, _ = await pool.extract(_page(), URL, None, None)
        return bad, good

    try:
        bad, good = asyncio.run(run())
    finally:
        pool.close()
    assert (bad.extraction.page_type, bad.is_article) == ("error", False)
    assert bad.extraction.warnings == ["two extraction workers died on this page"]
    assert good.to_dict() == extract(_page(), URL).to_dict()
    assert crawler.stats.get_value("pressbot/extract/pool_broken") == 2


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_the_crawl_process_runs_no_thread_for_its_workers() -> None:
    """Pages go to workers from the event loop itself: no executor threads in the crawl
    process to take the GIL from the reactor (see `pressbot.aioworkers`)."""
    pool = ExtractionPool(2, get_crawler())
    threads = set(os.listdir("/proc/self/task"))

    async def run() -> set[str]:
        await asyncio.gather(*(pool.extract(_page(), URL, None, None) for _ in range(8)))
        return set(os.listdir("/proc/self/task"))

    try:
        during = asyncio.run(run())
    finally:
        pool.close()
    assert during == threads


OWNER = """
import asyncio, sys, time
from pathlib import Path
from typing import Any
from scrapy import signals
from scrapy.utils.test import get_crawler
from spiders.extraction import ExtractionPool
pool = ExtractionPool(2, get_crawler())
page = Path(sys.argv[1]).read_bytes()
asyncio.run(pool.extract(page, "http://127.0.0.1/a.html", None, None))
print(" ".join(map(str, pool._pool.pids)), flush=True)
time.sleep(600)
"""


def test_workers_end_when_the_crawl_process_is_killed() -> None:
    with subprocess.Popen(
        [sys.executable, "-c", OWNER, str(LISTING / "t20200605_1005.html")],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    ) as owner:
        try:
            assert owner.stdout is not None
            workers = [int(pid) for pid in owner.stdout.readline().split()]
            assert workers and all(alive(pid) for pid in workers)
        finally:
            owner.kill()
    assert wait_gone(workers) == []


def test_workers_start_when_the_spider_opens() -> None:
    """Before its first page: the forkserver's half-second start overlaps the first fetches."""
    crawler = get_crawler(settings_dict={"PRESSBOT_EXTRACT_WORKERS": 2})
    pool = ExtractionPool.from_crawler(crawler)

    async def run() -> tuple[int, int]:
        crawler.signals.send_catch_log(signal=signals.spider_opened, spider=None)
        assert pool._pool is not None
        starting = len(pool._pool._workers)
        for _ in range(200):
            if len(pool._pool.pids) == 2:
                break
            await asyncio.sleep(0.05)
        return starting, len(pool._pool.pids)

    try:
        assert asyncio.run(run()) == (2, 2)
    finally:
        pool.close()


WORKER_MODULES = """
import asyncio
from functools import partial
from pressbot.aioworkers import AsyncWorkerPool
from spiders.extraction import _PRELOAD
pool = AsyncWorkerPool(1, preload=_PRELOAD)
job = partial(eval, "[m for m in ('numpy', 'pressbot.extract.page', 'scrapy') if m in "
              "__import__('sys').modules]")
print(" ".join(asyncio.run(pool.run(job))))
pool.close()
"""


def test_workers_fork_from_a_server_that_imported_extraction_but_not_scrapy() -> None:
    """Scrapy's imports would add a quarter second to the worker's start, while pages wait. (In
    a process of its own: a process has one forkserver, started with the first pool's modules.)"""
    done = subprocess.run(
        [sys.executable, "-c", WORKER_MODULES],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.split() == ["numpy", "pressbot.extract.page"], done.stderr[-2000:]


SCRAPY_LIKE_MAIN = """
import multiprocessing, os, sys
import scrapy.cmdline  # what the `scrapy` command's script imports at its top
with open(sys.argv[1], "a") as log:  # each run of this script's top level
    print(os.getpid(), __name__, file=log)

def from_main(path):
    with open(path, "a") as log:
        print(os.getpid(), "target", file=log)

if __name__ == "__main__":
    import asyncio
    from functools import partial
    from pressbot.aioworkers import AsyncWorkerPool
    from spiders.extraction import _PRELOAD
    pool = AsyncWorkerPool(1, preload=_PRELOAD)
    job = partial(eval, "[m for m in ('pressbot.extract', 'scrapy', 'twisted') if m in "
                  "__import__('sys').modules]")
    print(" ".join(asyncio.run(pool.run(job))))
    pool.close()
    context = multiprocessing.get_context("forkserver")  # the same forkserver, another child
    plain = context.Process(target=from_main, args=(sys.argv[1],))
    plain.start()
    plain.join(30)
    print("plain child exit", plain.exitcode)
"""


def test_workers_do_not_run_the_main_script_again(tmp_path: Path) -> None:
    """multiprocessing starts a forkserver's child by running the parent's main script again;
    under `scrapy crawl` that imports Scrapy and Twisted into every worker (0.3-0.5 s before its
    first page, 17 MB each). The pool's workers skip it (`pressbot.workerhost`); any other child
    of the same forkserver still gets the main script, whose functions it may need."""
    script, log = tmp_path / "scrapy_like.py", tmp_path / "runs.log"
    script.write_text(SCRAPY_LIKE_MAIN, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script), str(log)],
        check=False,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    lines = done.stdout.splitlines()
    assert lines[0] == "pressbot.extract", done.stderr[-2000:]
    assert lines[1] == "plain child exit 0"
    runs = [line.split() for line in log.read_text(encoding="utf-8").splitlines()]
    # The parent as __main__, the plain child as __mp_main__ then its target; never the worker.
    assert [name for _, name in runs] == ["__main__", "__mp_main__", "target"]
    assert runs[0][0] != runs[1][0] == runs[2][0]


BUILDER = """
import os, time
from scrapy.utils.test import get_crawler
from spiders.extraction import ExtractionPool
ExtractionPool.from_crawler(get_crawler(settings_dict={"PRESSBOT_EXTRACT_WORKERS": 1}))
for _ in range(100):
    for child in os.listdir("/proc"):
        if child.isdigit() and os.path.exists(f"/proc/{child}/stat"):
            try:
                stat = open(f"/proc/{child}/stat").read().rsplit(")", 1)[1].split()
                line = open(f"/proc/{child}/cmdline", "rb").read()
            except OSError:
                continue
            if int(stat[1]) == os.getpid() and b"forkserver" in line:
                print("forkserver running")
                raise SystemExit
    time.sleep(0.05)
"""


def test_the_forkserver_starts_while_the_crawler_is_built() -> None:
    """Before the spider opens: its imports overlap the crawler building its engine and state."""
    done = subprocess.run(
        [sys.executable, "-c", BUILDER],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.strip() == "forkserver running", done.stderr[-2000:]
