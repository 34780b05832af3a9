"""The crawl plan lives in the core (`pressbot.plan`) so `pressbot check-site` uses it too."""

from pressbot.plan import CrawlArgumentError, CrawlPlan

__all__ = ["CrawlArgumentError", "CrawlPlan"]
