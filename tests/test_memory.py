"""The crawl's garbage-collector settings: on while the engine runs, undone when it stops."""

from __future__ import annotations

import asyncio
import gc
import weakref
from collections.abc import Iterator

import pytest
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from pipelines.memory import GarbageCollection


class _Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the cyclic collector frees it


def _send(crawler: Crawler, signal: object) -> None:
    async def send() -> None:  # Scrapy's signals want a running loop
        crawler.signals.send_catch_log(signal=signal)

    asyncio.run(send())


@pytest.fixture
def collector() -> Iterator[None]:
    saved = gc.get_threshold()
    yield
    gc.set_threshold(*saved)
    gc.unfreeze()


def test_startup_frozen_young_objects_batched_and_all_undone_at_stop(collector: None) -> None:
    before = gc.get_threshold()
    crawler = get_crawler(settings_dict={"PRESSBOT_GC_THRESHOLD": 2000})
    extension = GarbageCollection.from_crawler(crawler)  # Scrapy keeps it alive in a crawl
    _send(crawler, signals.engine_started)
    assert gc.get_threshold() == (2000, *before[1:])
    assert gc.get_freeze_count() > 1000  # the modules, classes and objects of the process
    assert crawler.stats.get_value("pressbot/gc/frozen_objects") > 1000

    cycle = _Node()
    gone = weakref.ref(cycle)
    del cycle
    kept = [[] for _ in range(1000)]  # fewer allocations than the threshold: no collection
    assert gone() is not None
    kept += [[] for _ in range(2000)]  # past it: the young cycle is collected
    assert gone() is None

    _send(crawler, signals.engine_stopped)
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
    del extension


def test_zero_leaves_the_collector_alone_and_a_negative_threshold_is_refused() -> None:
    with pytest.raises(NotConfigured):
        GarbageCollection.from_crawler(get_crawler(settings_dict={"PRESSBOT_GC_THRESHOLD": 0}))
    with pytest.raises(ValueError, match="0 or more"):
        GarbageCollection.from_crawler(get_crawler(settings_dict={"PRESSBOT_GC_THRESHOLD": -1}))


def test_two_crawls_in_one_process_give_the_collector_back_when_the_last_stops(
    collector: None,
) -> None:
    before = gc.get_threshold()
    crawlers = [get_crawler(settings_dict={"PRESSBOT_GC_THRESHOLD": n}) for n in (2000, 3000)]
    extensions = [GarbageCollection.from_crawler(c) for c in crawlers]
    for crawler in crawlers:
        _send(crawler, signals.engine_started)
    _send(crawlers[0], signals.engine_stopped)
    assert gc.get_threshold()[0] == 3000 and gc.get_freeze_count() > 0  # one still runs
    _send(crawlers[1], signals.engine_stopped)
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
    del extensions
