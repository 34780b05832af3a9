"""Item pipelines: thin Scrapy adapters over pressbot; they count, drop and log, never parse HTML.

Order (see `pressbot.settings.ITEM_PIPELINES`): validate -> normalize -> dedup, then the feed
export publishes what survives. Every drop goes through `drop()`: one stat
`pressbot/dropped/<reason>` and one log line naming the URL and the reason.
"""

from __future__ import annotations

from typing import NoReturn

from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

DROPPED = "pressbot/dropped/"


def drop(
    stats: StatsCollector, reason: str, url: str | None, detail: str = "", level: str = "INFO"
) -> NoReturn:
    """Count the drop under its reason and raise the DropItem Scrapy logs."""
    stats.inc_value(DROPPED + reason)
    message = f"{reason}: {url or '(no url)'}" + (f" ({detail})" if detail else "")
    raise DropItem(message, log_level=level)
