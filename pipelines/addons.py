"""The project's Scrapy add-ons (`ADDONS`): settings that follow from other settings.

Light on purpose: every crawl loads them, so what only some crawls need (redis, aiohttp) is
imported only when a setting asks for it.
"""

from __future__ import annotations

from scrapy.settings import BaseSettings

REMOTE_CONTROL = "scrapy.extensions.remote_control.RemoteControl"


class DistributedCrawl:
    """With `PRESSBOT_REDIS_URL` set, use scrapy-redis's scheduler and dupefilter
    (`pipelines.distributed`)."""

    def update_settings(self, settings: BaseSettings) -> None:
        url = settings.get("PRESSBOT_REDIS_URL")
        if not url:
            return
        try:
            import scrapy_redis  # noqa: F401, PLC0415 - checked only when asked for
        except ImportError as exc:
            raise RuntimeError(
                "PRESSBOT_REDIS_URL is set but scrapy-redis is not installed: "
                "pip install 'pressbot[redis]'"
            ) from exc
        from pipelines import distributed  # noqa: PLC0415 - imports redis: only when asked for

        settings.set("SCHEDULER", "pipelines.distributed.RedisScheduler", "addon")
        settings.set("DUPEFILTER_CLASS", "scrapy_redis.dupefilter.RFPDupeFilter", "addon")
        settings.set("SCHEDULER_QUEUE_CLASS", "scrapy_redis.queue.FifoQueue", "addon")
        settings.set("SCHEDULER_PERSIST", True, "addon")
        settings.set("REDIS_URL", url, "addon")
        settings.set_in_component_priority_dict(
            "DOWNLOADER_MIDDLEWARES", distributed.LeaseDownloaderMiddleware, 540
        )
        settings.set_in_component_priority_dict(
            "SPIDER_MIDDLEWARES", distributed.LeaseSpiderMiddleware, 950
        )


class RemoteControlWhenEnabled:
    """Leave Scrapy's remote control out of the extensions unless `REMOTE_CONTROL_ENABLED`:
    turned off, it is still imported to be asked, and its module imports aiohttp, 0.2 s of
    every crawl's start. (Out of `EXTENSIONS_BASE`: Scrapy imports every key of `EXTENSIONS`,
    those set to None too.)"""

    def update_settings(self, settings: BaseSettings) -> None:
        if settings.getbool("REMOTE_CONTROL_ENABLED"):
            return
        base = settings.getdict("EXTENSIONS_BASE")
        if base.pop(REMOTE_CONTROL, None) is not None:
            settings.set("EXTENSIONS_BASE", base, settings.getpriority("EXTENSIONS_BASE") or 0)
