"""Was a crawl healthy? An end-of-run summary, its verdict, and a comparison with the last run.

Pure functions over the crawl's stats and the records it published, so the verdict is testable
without a crawl. The summary says what was fetched, found, published and dropped (by reason),
which links were never requested (by reason), which requests failed, and the fill rate of each
credit field (the share of published records that have it). A run is unhealthy when:

- it did not finish (killed, shut down, closed by an extension): `finish_reason` is not
  "finished";
- it found no article at all (new or already known) on a site where the last run found some,
  or, after runs that found none, the last run that found any (`last_found`): the site is
  down, blocks us, or changed its layout so the link rules match nothing, until it is mended;
- it read none of the site's start pages, sitemaps and feeds, skipped them, and nothing
  failed: robots.txt refuses them all;
- it fetched article pages (`min_records` or more) and not one was an article: a redesign,
  or article rules that match pages of another kind;
- more than `max_error_rate` of its requests failed for good (after retries);
- a callback raised (Scrapy's `spider_exceptions/count`): whatever that response held, the
  links of a sitemap or the record of an article, is lost, and nothing else says so.

A field whose fill rate falls sharply against the last run of the site (by `fill_drop` or more,
with at least `min_records` records in both runs) gives a warning: the site may have changed the
layout the selectors or the generic extraction relied on.

Each run's summary is written beside its feed (`<site>-<run>.health.json`); the site folder's
`last-run.json` holds the latest run's status and summary, marked "running" while a run is in
progress, so the next run knows whether the last one finished.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

FILL_FIELDS = ("title", "published_at", "authors", "editors", "responsible_editors", "source")
LAST_RUN = "last-run.json"
RETRY_SUMMARY_KEY = "retry_next_run"
"""The summary's article URLs the run could not get, for the next run to ask for, each with the
number of runs in a row that could not get it: `{url: runs}`."""
MAX_RETRIED = 1000
"""At most this many of them are kept (and asked for again)."""
GIVE_UP_RUNS = 3
"""An article that this many runs in a row could not get is no longer carried: a page gone for
good (a 404) would be asked for in every run, for ever."""
GIVEN_UP_KEY = "retry_given_up"
"""The summary's count of the articles the run stopped carrying."""
UNHEALTHY_EXIT = 3
"""`scrapy crawl` exit status of a run that finished but is unhealthy (1: it could not start)."""

DROPPED = "pressbot/dropped/"
ERRORS = "pressbot/errors/"
SKIPPED = "pressbot/skipped/"
PROBED = "pressbot/generic/probed"
"""Links of no known shape fetched (without a config) to let the page say what it is."""
URL_TOO_LONG = "urllength/request_ignored_count"
"""Scrapy's UrlLengthMiddleware's count of the links it dropped, longer than URLLENGTH_LIMIT."""


@dataclass(frozen=True)
class Thresholds:
    max_error_rate: float = 0.2
    fill_drop: float = 0.3
    min_records: int = 5


class FillCounter:
    """Counts, per field, the published records that have a value."""

    def __init__(self) -> None:
        self.records = 0
        self.filled = dict.fromkeys(FILL_FIELDS, 0)

    def add(self, record: Mapping[str, Any]) -> None:
        self.records += 1
        for name in FILL_FIELDS:
            if record.get(name):
                self.filled[name] += 1

    def rates(self) -> dict[str, float | None]:
        """Share of records with each field, rounded to 3 places; None when nothing was published.

        >>> counter = FillCounter()
        >>> counter.add({"editors": ["A"], "source": None})
        >>> counter.add({"editors": [], "source": "X"})
        >>> counter.rates()["editors"], counter.rates()["source"], counter.rates()["authors"]
        (0.5, 0.5, 0.0)
        """
        if not self.records:
            return dict.fromkeys(FILL_FIELDS)
        return {name: round(count / self.records, 3) for name, count in self.filled.items()}


def _sum(stats: Mapping[str, Any], prefix: str) -> dict[str, int]:
    return {k[len(prefix) :]: int(v) for k, v in sorted(stats.items()) if k.startswith(prefix)}


def _skipped(stats: Mapping[str, Any]) -> dict[str, int]:
    """Links never requested, by reason: the spider's (`pressbot/skipped/`) and those Scrapy
    dropped as too long, which it only logs at INFO (`url_too_long`).

    >>> _skipped({"pressbot/skipped/ignored": 2, URL_TOO_LONG: 1})
    {'ignored': 2, 'url_too_long': 1}
    """
    skipped = _sum(stats, SKIPPED)
    if too_long := int(stats.get(URL_TOO_LONG, 0)):
        skipped["url_too_long"] = too_long
    return dict(sorted(skipped.items()))


def summarize(
    stats: Mapping[str, Any],
    fills: FillCounter,
    *,
    site: str,
    run: str,
    previous: Mapping[str, Any] | None = None,
    thresholds: Thresholds = Thresholds(),
) -> dict[str, Any]:
    """The run's health summary (a JSON-ready dict) with its verdict, `problems` and `warnings`."""
    errors = _sum(stats, ERRORS)
    failed = sum(errors.values())
    fetched = int(stats.get("pressbot/pages/fetched", 0))
    attempted = fetched + failed
    summary: dict[str, Any] = {
        "site": site,
        "run": run,
        "finish_reason": stats.get("finish_reason"),
        "started_at": _iso(stats.get("start_time")),
        "finished_at": _iso(stats.get("finish_time")),
        "pages_fetched": int(stats.get("response_received_count", 0)),
        "listing_pages": int(stats.get("pressbot/listing/parsed", 0)),
        "articles_found": int(stats.get("pressbot/article/links", 0)),
        "articles_known": int(stats.get("pressbot/article/known", 0)),
        # (records a failed feed could not take are scraped, but in no feed: the next run's)
        "articles_published": fills.records - int(stats.get("pressbot/feed/unwritten", 0)),
        "dropped": _sum(stats, DROPPED),
        "skipped": _skipped(stats),
        "errors": errors,
        "error_rate": round(failed / attempted, 3) if attempted else 0.0,
        "retries": int(stats.get("retry/count", 0)),
        "fill_rates": fills.rates(),
        "salvaged_records": int(stats.get("pressbot/salvaged/records", 0)),
        "callback_errors": int(stats.get("spider_exceptions/count", 0)),
    }
    problems: list[str] = []
    if summary["finish_reason"] != "finished":
        problems.append(f"the run did not finish (reason: {summary['finish_reason']})")
    before = previous if isinstance(previous, Mapping) else {}
    found_before = _last_found(before)
    summary["last_found"] = (
        {"run": run, "articles": summary["articles_found"]}
        if summary["articles_found"]
        else found_before
    )
    # (a sitemap index whose sitemaps all went unchanged since the last run found nothing new)
    if summary["articles_found"] == 0 and found_before and not stats.get(UNCHANGED_SITEMAPS):
        problems.append(
            f"no article found on {site}, where run {found_before['run']} found "
            f"{found_before['articles']}: is the site down, blocking us, or laid out differently?"
        )
    if summary["skipped"] and not (summary["articles_found"] or failed or _read(stats)):
        # (every start point refused before it was requested: no error, and nothing found)
        skipped = ", ".join(f"{k} {v}" for k, v in summary["skipped"].items())
        problems.append(
            f"read none of {site}'s start pages, sitemaps or feeds (skipped: {skipped})"
            + (": does its robots.txt refuse them?" if "ignored" in summary["skipped"] else "")
        )
    if summary["error_rate"] > thresholds.max_error_rate:
        problems.append(
            f"{failed} of {attempted} requests failed ({summary['error_rate']:.0%} > "
            f"{thresholds.max_error_rate:.0%}): {', '.join(f'{k} {v}' for k, v in errors.items())}"
        )
    if no_article := _no_article(summary["dropped"], stats, fills.records, thresholds):
        problems.append(
            f"none of the {no_article} article pages fetched gave an article (dropped: "
            f"{', '.join(f'{k} {v}' for k, v in summary['dropped'].items())}): did the site "
            "change its layout, or do its article rules match pages that hold none?"
        )
    if summary["callback_errors"]:
        problems.append(
            f"{summary['callback_errors']} response(s) raised an error in the spider (see the "
            'log\'s "Spider error processing" lines): what they held is lost'
        )
    summary["healthy"] = not problems
    summary["problems"] = problems
    summary["last_healthy"] = (
        {"run": run, "finished_at": summary["finished_at"]}
        if summary["healthy"]
        else last_healthy(before)
    )
    summary["warnings"] = fill_warnings(summary, previous, thresholds)
    return summary


def _read(stats: Mapping[str, Any]) -> int:
    """The listing pages, sitemaps and feeds the run read."""
    return (
        int(stats.get("pressbot/listing/parsed", 0))
        + int(stats.get("pressbot/feed/parsed", 0))
        + sum(_sum(stats, "pressbot/sitemap/").values())
    )


def _no_article(
    dropped: Mapping[str, int], stats: Mapping[str, Any], records: int, thresholds: Thresholds
) -> int:
    """How many article pages the run fetched, when it fetched at least `min_records` and not
    one of them was an article (published or a copy of one); else 0. A redesign that leaves
    the links but draws the story by script, or rules that match pages of another kind: the
    run finds links, nothing fails, and nothing is published, run after run. Without a config,
    the links fetched to see what they are (`pressbot/generic/probed`) are not counted.

    >>> _no_article({"no-body": 4, "not-article": 2}, {}, 0, Thresholds())
    6
    >>> _no_article({"no-body": 6, "duplicate_url": 1}, {}, 0, Thresholds())
    0
    """
    if records or any(reason.startswith("duplicate_") for reason in dropped):
        return 0
    pages = sum(dropped.values()) - int(stats.get(PROBED, 0))
    return pages if pages >= thresholds.min_records else 0


def _count(value: Any) -> int:
    """A count read back from a summary, 0 when it is none (a hand-edited file)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _last_found(previous: Mapping[str, Any]) -> dict[str, Any] | None:
    """The latest run before this one that found articles, `{"run", "articles"}`: the previous
    run when it found any, else the one it carried on."""
    if _count(previous.get("articles_found")):
        return {"run": previous.get("run"), "articles": _count(previous["articles_found"])}
    carried = previous.get("last_found")
    if isinstance(carried, Mapping) and _count(carried.get("articles")):
        return {"run": carried.get("run"), "articles": _count(carried["articles"])}
    return None


UNCHANGED_SITEMAPS = "pressbot/sitemap/unchanged_sitemaps"
"""Sitemaps of an index not read again, unchanged since a run read them (`LinkNotes`)."""


def parse_time(value: Any) -> datetime | None:
    """A time the summaries hold (ISO 8601) as an aware datetime, one without an offset in UTC;
    None for anything else.

    >>> [parse_time(t).isoformat() for t in ("2026-12-02T05:00:00+08:00", "2026-12-02T05:00")]
    ['2026-12-02T05:00:00+08:00', '2026-12-02T05:00:00+00:00']
    >>> parse_time("June"), parse_time(5)
    (None, None)
    """
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def last_healthy(previous: Mapping[str, Any]) -> dict[str, Any] | None:
    """The latest healthy run as of summary `previous`, `{"run", "finished_at"}`: itself when
    healthy, else the one it carries; what a monitor asks ("when did this site last crawl
    well?") once the latest run is unhealthy (`pressbot health`)."""
    if previous.get("healthy") is True:
        return {"run": previous.get("run"), "finished_at": previous.get("finished_at")}
    carried = previous.get("last_healthy")
    if isinstance(carried, Mapping) and isinstance(carried.get("run"), str):
        return {"run": carried["run"], "finished_at": carried.get("finished_at")}
    return None


def failed_runs(carried: Any) -> dict[str, int]:
    """A summary's `RETRY_SUMMARY_KEY` as `{url: runs in a row that could not get it}`; a plain
    list of URLs, as summaries held before the runs were counted, counts each as failed once.

    >>> failed_runs({"https://a/1": 2, "https://a/2": "x"}), failed_runs(["https://a/1", 3])
    ({'https://a/1': 2}, {'https://a/1': 1})
    """
    if isinstance(carried, list):
        return {url: 1 for url in carried if isinstance(url, str)}
    if isinstance(carried, Mapping):
        return {url: n for url, n in carried.items() if isinstance(url, str) and _count(n) > 0}
    return {}


def carry_failures(
    before: Mapping[str, int], failed: Iterable[str]
) -> tuple[dict[str, int], list[str]]:
    """The articles this run could not get, to carry to the next (`{url: runs in a row}`, at
    most `MAX_RETRIED`), and those given up: failed in `GIVE_UP_RUNS` runs in a row. An article
    the last run carried and this one did not fail to get is forgotten: it was published (or is
    no longer asked for).

    >>> carry_failures({"a": 1, "b": 2, "c": 1}, ["d", "b", "a"])
    ({'a': 2, 'd': 1}, ['b'])
    """
    runs = {url: before.get(url, 0) + 1 for url in sorted(set(failed))}
    given_up = [url for url, n in runs.items() if n >= GIVE_UP_RUNS]
    carried = [(url, n) for url, n in runs.items() if n < GIVE_UP_RUNS]
    return dict(carried[:MAX_RETRIED]), given_up


def fill_warnings(
    summary: Mapping[str, Any], previous: Mapping[str, Any] | None, thresholds: Thresholds
) -> list[str]:
    """One warning per field whose fill rate fell by `fill_drop` or more since the last run.

    >>> last = {"run": "r1", "articles_published": 10, "fill_rates": {"editors": 0.9}}
    >>> now = {"articles_published": 8, "fill_rates": {"editors": 0.125}}
    >>> fill_warnings(now, last, Thresholds())
    ['fill rate of editors fell from 90% (run r1) to 12%: did the site change its layout?']
    >>> fill_warnings({"articles_published": 2, "fill_rates": {"editors": 0.0}}, last, Thresholds())
    []
    """
    if not previous or not isinstance(previous, Mapping):
        return []
    if min(summary.get("articles_published", 0), _count(previous.get("articles_published"))) < (
        thresholds.min_records
    ):
        return []
    rates = previous.get("fill_rates")
    warnings = []
    for name, now in (summary.get("fill_rates") or {}).items():
        before = rates.get(name) if isinstance(rates, Mapping) else None
        if now is None or not isinstance(before, int | float):
            continue
        if before - now >= thresholds.fill_drop:
            warnings.append(
                f"fill rate of {name} fell from {before:.0%} (run {previous.get('run')}) to "
                f"{now:.0%}: did the site change its layout?"
            )
    return warnings


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat(timespec="seconds") if hasattr(value, "isoformat") else str(value)


def read_last_run(site_dir: str | Path) -> dict[str, Any]:
    """`{"run", "status", "summary"}` of the site's latest run; {} when there is none, or none
    that can be read (`load_last_run` says why)."""
    return load_last_run(site_dir)[0]


def load_last_run(site_dir: str | Path) -> tuple[dict[str, Any], str | None]:
    """`read_last_run`'s answer, and why the site's `last-run.json` cannot be read when it is
    there (None when it can, or is not there).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> load_last_run(folder)
    ({}, None)
    >>> _ = (folder / LAST_RUN).write_text("[1, 2]", encoding="utf-8")
    >>> load_last_run(folder)
    ({}, 'it holds no JSON object')
    """
    path = Path(site_dir) / LAST_RUN
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, None
    except (OSError, ValueError) as exc:  # (a folder in its place, no UTF-8, no permission)
        return {}, f"{type(exc).__name__}: {exc}"
    try:
        data = json.loads(text)
    except ValueError as exc:
        return {}, f"no JSON: {exc}"
    return (data, None) if isinstance(data, dict) else ({}, "it holds no JSON object")


def write_json(path: Path, data: Any) -> None:
    """Write JSON atomically (a temp file of this write's own, fsync, rename): two runs of a
    site write its `last-run.json` at once, and a shared temp name let one rename the other's.
    A write that fails (a full disk) leaves the file as it was and no temp file beside it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # (opened as open() would, with the umask's mode; mkstemp's 0600 would lock out monitors)
    temp = path.with_name(f".{path.name}.{os.getpid()}-{threading.get_ident()}.tmp")
    try:
        with temp.open("w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=1, sort_keys=False, default=str)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
        raise


def mark_running(site_dir: str | Path, run: str, last: Mapping[str, Any]) -> None:
    """Record that `run` has started, keeping the last summary for the next comparison."""
    write_json(
        Path(site_dir) / LAST_RUN,
        {"run": run, "status": "running", "summary": last.get("summary")},
    )


def mark_done(site_dir: str | Path, summary: Mapping[str, Any]) -> None:
    write_json(
        Path(site_dir) / LAST_RUN,
        {"run": summary["run"], "status": summary["finish_reason"], "summary": dict(summary)},
    )


def format_summary(summary: Mapping[str, Any]) -> Iterable[str]:
    """The summary as log lines."""
    fills = ", ".join(
        f"{k} {'-' if v is None else f'{v:.0%}'}" for k, v in summary["fill_rates"].items()
    )
    dropped = ", ".join(f"{k} {v}" for k, v in summary["dropped"].items()) or "none"
    skipped = ", ".join(f"{k} {v}" for k, v in summary["skipped"].items()) or "none"
    yield (
        f"Health of {summary['site']} run {summary['run']}: "
        f"{'healthy' if summary['healthy'] else 'UNHEALTHY'}; {summary['pages_fetched']} pages "
        f"fetched, {summary['articles_found']} article links ({summary['articles_known']} known), "
        f"{summary['articles_published']} published; dropped: {dropped}; "
        f"skipped links: {skipped}; "
        f"error rate {summary['error_rate']:.0%}"
    )
    yield f"Fill rates of {summary['site']}: {fills}"
