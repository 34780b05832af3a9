"""Scrapy project settings for `scrapy crawl press`: plain constants, no Scrapy import.

Pressbot settings (override with `-s NAME=VALUE`):

- `PRESSBOT_OUTPUT_DIR` ("output"): feeds go to
  `<PRESSBOT_OUTPUT_DIR>/<site>/<YYYY-MM-DD>/<site>-<run>.jsonl`, where the date is the UTC day
  the run started and `<run>` its id (UTC start time and pid, e.g. `20261129T073659Z-4242`).
  The file appears under that name only when complete (`<name>.part` until then). A run that
  publishes nothing writes no file at all (`FEED_STORE_EMPTY = False`): "no new file" means
  "nothing new", and consumers never see empty files.
- `PRESSBOT_STATE_PATH` ("state/pressbot.sqlite3"): the dedup state (seen URLs and content
  hashes, and every dropped duplicate), kept across runs; created with mode 0600.
- `PRESSBOT_DEDUP_BATCH` (50) and `PRESSBOT_DEDUP_BATCH_MS` (100): group commit of the SQLite
  dedup state. Records share one write transaction until it holds that many checks or that many
  milliseconds have passed since its first, whichever comes first (or at once when nothing else
  is in flight: no download, and every page held waits for the group); a record reaches the
  feed only after its transaction committed. One COMMIT costs about as much as the rest of a
  record's check, so at 100-200 pages/s a group of 10-20 records halves the dedup cost on the
  crawl's event loop, while no record waits, and no other process sharing the file waits for
  the write lock, longer than 100 ms. 1 (or 0 ms) commits every record on its own.
- `PRESSBOT_SITES_DIR` (unset): a folder of site TOMLs searched before the bundled ones (a
  folder that is not there stops the crawl).
- `PRESSBOT_STATS_PATH` (unset): write the final crawl stats there as JSON.
- `PRESSBOT_GC_THRESHOLD` (10000): the crawl process freezes its startup objects and runs the
  cyclic garbage collector every that many allocations instead of Python's 700
  (`pipelines.memory`); 0 leaves the collector as Python sets it.
- `PRESSBOT_EXTRACT_WORKERS` (cores - 1, at most 4): worker processes that extract pages, so
  extraction never stalls downloads and pipelines (`spiders.extraction`); 0 extracts in the crawl
  process.

Crawl order is breadth-first with FIFO queues: the articles of listing page 1 are requested
before those of page 2, in the order the listing shows them. Dedup keeps the first record seen,
so within a run the copy found earlier in listing order wins (strictly so with
`CONCURRENT_REQUESTS=1`; with more, responses may overtake each other).

Politeness: robots.txt is obeyed, the user agent names the bot, and AutoThrottle adapts the
delay to the server's latency. Tests against a loopback server turn AutoThrottle off.
"""

from __future__ import annotations

from pressbot import __version__
from pressbot.items import Article

BOT_NAME = "pressbot"

SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

ITEM_PIPELINES = {
    "pipelines.validate.ValidatePipeline": 100,
    "pipelines.normalize.NormalizePipeline": 200,
    "pipelines.dedup.DedupPipeline": 300,
}
EXTENSIONS = {
    "pipelines.stats.RunStats": 500,
    "pipelines.memory.GarbageCollection": 0,
}
LOG_FORMATTER = "pipelines.logformatter.PressLogFormatter"

PRESSBOT_OUTPUT_DIR = "output"
PRESSBOT_STATE_PATH = "state/pressbot.sqlite3"
PRESSBOT_DEDUP_BATCH = 50
PRESSBOT_DEDUP_BATCH_MS = 100
PRESSBOT_SITES_DIR: str | None = None
PRESSBOT_STATS_PATH: str | None = None

FEEDS = {
    "%(output_dir)s/%(site)s/%(date)s/%(site)s-%(run)s.jsonl": {
        "format": "jsonlines",
        "encoding": "utf-8",
        "fields": Article.field_names(),
        "store_empty": False,
    },
}
# The same lines as Scrapy's exporter, an Article's record built in one step (pipelines.export).
FEED_EXPORTERS = {
    "jsonlines": "pipelines.export.RecordExporter",
    "jsonl": "pipelines.export.RecordExporter",
    "jl": "pipelines.export.RecordExporter",
}
FEED_URI_PARAMS = "pipelines.feeds.uri_params"
FEED_STORAGES = {
    "": "pipelines.feeds.AtomicFileFeedStorage",
    "file": "pipelines.feeds.AtomicFileFeedStorage",
}
FEED_STORE_EMPTY = False
FEED_EXPORT_ENCODING = "utf-8"

USER_AGENT = f"pressbot/{__version__} (press-release crawler; +https://pressbot.invalid/bot)"
ROBOTSTXT_OBEY = True

AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
CONCURRENT_REQUESTS_PER_DOMAIN = 4
# Scrapy starts this many asyncio tasks for every response's output, whatever its size. An
# article page yields one record, a listing a few dozen requests (handed on without waiting),
# and other responses are processed meanwhile, so more than one only costs: 100 (Scrapy's
# default) -> 8 made a crawl about 40 % faster, 8 -> 1 another 10 % (bench/crawl_speed.py).
CONCURRENT_ITEMS = 1
# Host-less URLs (file://, a local copy of a site) share the "" slot: nobody to be polite to, and
# AutoThrottle never adjusts it (no latency is measured for them).
DOWNLOAD_SLOTS = {"": {"delay": 0.0, "concurrency": 8}}

DEPTH_PRIORITY = 1
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"

DOWNLOAD_MAXSIZE = 32 * 1024 * 1024
DOWNLOAD_WARNSIZE = 8 * 1024 * 1024
DOWNLOAD_TIMEOUT = 60

TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
LOG_LEVEL = "INFO"

# --- Near-duplicates and distributed crawling (issue 5) ---------------------------------------
# - `PRESSBOT_SIMHASH_DISTANCE` (3): a body whose SimHash is within this many bits of an earlier
#   one is dropped as `duplicate_near`. `PRESSBOT_SIMHASH_MIN_TOKENS` (50): shorter bodies are
#   checked by URL and exact text only.
# - `PRESSBOT_NEAR_JACCARD` (0.5): the second near-duplicate stage drops a body whose MinHash
#   signature estimates at least this Jaccard similarity of 3-token shingles with an earlier one
#   (copies with a dropped paragraph or edited words, which SimHash misses).
# - `PRESSBOT_REDIS_URL` (unset): e.g. "redis://host:6379/0". When set, the crawl shares its
#   frontier (scrapy-redis scheduler and dupefilter) and its dedup state (Redis instead of
#   `PRESSBOT_STATE_PATH`) with every other crawl process given the same URL
#   (`pipelines.distributed`). Needs `pip install 'pressbot[redis]'`.
# - `PRESSBOT_REDIS_PREFIX` ("pressbot"): the Redis key prefix, so crawls can share a server.
PRESSBOT_SIMHASH_DISTANCE = 3
PRESSBOT_SIMHASH_MIN_TOKENS = 50
PRESSBOT_NEAR_JACCARD = 0.5
PRESSBOT_REDIS_URL: str | None = None
PRESSBOT_REDIS_PREFIX = "pressbot"
ADDONS = {"pipelines.addons.DistributedCrawl": 0, "pipelines.addons.RemoteControlWhenEnabled": 0}

# --- Scheduled crawls: incremental runs, resume, politeness, health, manifest (issue 4) -------
# - `PRESSBOT_CONTACT` (unset): how to reach the operator (an e-mail or URL); it is added to the
#   User-Agent comment, e.g. "pressbot/0.1.0 (press-release crawler; +https://…/bot; ops@x.org)".
# - Retries: 5xx, 408 and 429 (`RETRY_HTTP_CODES`), timeouts and reset connections are retried
#   `RETRY_TIMES` times, waiting `PRESSBOT_RETRY_BACKOFF` seconds before the first retry,
#   doubling each time, at most `PRESSBOT_RETRY_BACKOFF_MAX` (`pipelines.retry`); so is a gzip
#   body cut off before its stream's end, then failed as `TruncatedBody` (`pipelines.compression`).
#   A 429 also doubles the wait between its host's requests (at least `PRESSBOT_RETRY_BACKOFF`,
#   at most `AUTOTHROTTLE_MAX_DELAY`), which AutoThrottle then brings back down.
# - Health (`pipelines.health`): a run is unhealthy (and `scrapy crawl` exits 3) when it did not
#   finish, found no article where the last run found some, or more than
#   `PRESSBOT_MAX_ERROR_RATE` of its requests failed; a field's fill rate falling by
#   `PRESSBOT_FILL_DROP` or more against the last run (both with `PRESSBOT_FILL_MIN_RECORDS`
#   records or more) is a warning. The summary goes to the log and to
#   `<output>/<site>/<date>/<site>-<run>.health.json`.
# - Every finished feed is announced in `<PRESSBOT_OUTPUT_DIR>/manifest.ndjson`; the `.part`
#   feed of a killed run is salvaged by the site's next run (`PRESSBOT_RECOVER_FEEDS`).
# - `JOBDIR` survives SIGKILL (`pipelines.resume`): see README "Scheduled crawls".
# - Per-host concurrency (`CONCURRENT_REQUESTS_PER_DOMAIN`, a site's `[politeness] concurrency`)
#   is enforced by `pipelines.politeness` (Scrapy 2.19 lets it slip without a download delay).
COMMANDS_MODULE = "spiders.commands"
EXTENSIONS = {
    **EXTENSIONS,
    "pipelines.resume.JobDirGuard": 100,
    "pipelines.feeds.FeedRecovery": 200,
    "pipelines.health.Health": 450,
}
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    # In place of Scrapy's OffsiteMiddleware, which drops a redirect to another host unlogged.
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "pipelines.offsite.SiteBoundaryMiddleware": 50,
    "pipelines.retry.BackoffRetryMiddleware": 550,
    # In place of Scrapy's MetaRefreshMiddleware, which made a page refreshing to itself a
    # redirect that the duplicate filter dropped (`pipelines.refresh`).
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "pipelines.refresh.SelfRefreshMiddleware": 580,
    # In place of Scrapy's HttpCompressionMiddleware, which published a gzip body cut off
    # mid-transfer as a shorter page, and one whose CRC failed garbled (`pipelines.compression`).
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "pipelines.compression.WholeBodyCompressionMiddleware": 590,
    "pipelines.politeness.SlotConcurrencyMiddleware": 990,
    # In place of Scrapy's RobotsTxtMiddleware, which waited minutes for a hanging robots.txt
    # and logged its failure as an ERROR with a traceback (`pipelines.robots`).
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "pipelines.robots.BoundedRobotsTxtMiddleware": 100,
}
RETRY_TIMES = 3
PRESSBOT_RETRY_BACKOFF = 2.0
PRESSBOT_RETRY_BACKOFF_MAX = 60.0
# A retried response (503, 429...) with `Retry-After` is retried no sooner than it says; a wait
# over this many seconds is not made: the request is given up at once, logged and counted as
# `pressbot/retry/retry_after_too_long` (`pipelines.retry`).
PRESSBOT_RETRY_AFTER_MAX = 120.0
# Every page of a host waits for its robots.txt: that request gets this many seconds (not
# DOWNLOAD_TIMEOUT) and one retry (`pipelines.robots`).
PRESSBOT_ROBOTSTXT_TIMEOUT = 15.0
# The longest robots.txt Crawl-delay obeyed, in seconds: a longer one is cut to it with a warning;
# 0 reads no Crawl-delay (`pipelines.robots`).
PRESSBOT_CRAWL_DELAY_MAX = 30.0
PRESSBOT_CONTACT: str | None = None
PRESSBOT_MAX_ERROR_RATE = 0.2
PRESSBOT_FILL_DROP = 0.3
PRESSBOT_FILL_MIN_RECORDS = 5
PRESSBOT_RECOVER_FEEDS = True
PRESSBOT_HEALTH_ENABLED = True
