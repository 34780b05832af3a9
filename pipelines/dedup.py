"""Last pipeline: drop what an earlier record (this run, an earlier run, another process) published.

A thin adapter over a `pressbot.dedup` store; first seen wins. The store is SQLite
(`PRESSBOT_STATE_PATH`) unless `PRESSBOT_REDIS_URL` names a Redis server shared with other crawl
processes. It is opened while the crawler is built, so a corrupt or unreadable file or an
unreachable Redis stops the run before the spider opens or anything is fetched, with an error
naming it and a non-zero exit status from `scrapy crawl` (NotConfigured would silently publish
duplicates instead). If the store fails mid-crawl, nothing more is published and the crawl stops
with a non-zero exit status (`pipelines.distributed.fail_crawl`).

Near-duplicates are checked only for bodies of at least `PRESSBOT_SIMHASH_MIN_TOKENS` tokens (the
fingerprint of a very short text says too little to call another text a copy of it), in two
stages: SimHash within `PRESSBOT_SIMHASH_DISTANCE` bits, then MinHash signatures with an
estimated Jaccard similarity of at least `PRESSBOT_NEAR_JACCARD` (copies with a dropped paragraph
and edited words, which SimHash alone misses).
"""

from __future__ import annotations

from pathlib import Path
from typing import Self

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from pipelines import drop
from pipelines.distributed import fail_crawl
from pressbot.dedup import MIN_NEAR_TOKENS, canonical_url, near_keys
from pressbot.dedup.sqlite import SQLiteDedupStore
from pressbot.dedup.store import DEFAULT_DISTANCE, DEFAULT_JACCARD, DedupStore, DedupStoreError
from pressbot.items import Article


class DedupPipeline:
    crawler: Crawler

    def __init__(
        self, store: DedupStore, stats: StatsCollector, min_tokens: int = MIN_NEAR_TOKENS
    ) -> None:
        self.store = store
        self.stats = stats
        self.min_tokens = min_tokens

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        distance = settings.getint("PRESSBOT_SIMHASH_DISTANCE", DEFAULT_DISTANCE)
        jaccard = settings.getfloat("PRESSBOT_NEAR_JACCARD", DEFAULT_JACCARD)
        redis_url = settings.get("PRESSBOT_REDIS_URL")
        store: DedupStore
        if redis_url:
            from pressbot.dedup.redis import RedisDedupStore  # noqa: PLC0415 - optional extra

            prefix = settings.get("PRESSBOT_REDIS_PREFIX") or "pressbot"
            store = RedisDedupStore(
                redis_url, prefix=f"{prefix}:dedup", distance=distance, jaccard=jaccard
            )
        else:
            path = Path(settings.get("PRESSBOT_STATE_PATH") or "state/pressbot.sqlite3")
            store = SQLiteDedupStore(path, distance=distance, jaccard=jaccard)
        min_tokens = settings.getint("PRESSBOT_SIMHASH_MIN_TOKENS", MIN_NEAR_TOKENS)
        pipeline = cls(store, crawler.stats, min_tokens)
        pipeline.crawler = crawler
        return pipeline

    def close_spider(self) -> None:
        # Every accepted record has been written to the feed by now (item_scraped precedes
        # close): the run's keys no longer need to be forgettable.
        spider = getattr(self.crawler, "spider", None)
        site, run_id = getattr(spider, "feed_site", None), getattr(spider, "run_id", None)
        if site and run_id and isinstance(self.store, SQLiteDedupStore):
            try:
                self.store.finish_run(site, run_id)
            except DedupStoreError as exc:
                self.crawler.stats.set_value("pressbot/dedup/finish_run_error", str(exc))
        self.store.close()

    def process_item(self, item: Article) -> Article:
        url = item.url or ""
        key = item.canonical_url or (canonical_url(url) if url else None)
        near = near_keys(item.body, item.simhash, self.min_tokens)
        spider = getattr(self.crawler, "spider", None)
        try:
            found = self.store.check_and_add(
                key,
                item.content_hash,
                url,
                near.simhash,
                signature=near.signature,
                run_id=getattr(spider, "run_id", None),
                site=getattr(spider, "feed_site", None),
            )
        except DedupStoreError as exc:
            fail_crawl(self.crawler, "dedup_state_error", str(exc))
            drop(self.stats, "dedup_state_error", item.url, str(exc), level="ERROR")
        if found is not None:
            reason, first_url = found
            drop(self.stats, reason, item.url, f"first seen at {first_url}")
        return item
