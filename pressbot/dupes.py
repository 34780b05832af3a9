"""`pressbot dupes`: which records were dropped as duplicates, why, and of what.

    pressbot dupes                                   # every dropped copy in state/pressbot.sqlite3
    pressbot dupes --run 20261129T073659Z-4242       # one crawl run
    pressbot dupes --since 2026-11-29 --url URL      # since a time (UTC unless it says), one URL
    pressbot dupes --redis redis://host:6379/0       # the shared state of a distributed crawl

One line per dropped copy, oldest first: time, reason (duplicate_url, duplicate_content,
duplicate_near), the dropped URL, the URL it duplicates, the run. `--url` matches either side, so
it answers both "why is this page missing?" and "which copies of this page were dropped?", in
whichever form the URL is given: as a browser shows it (`例子.测试/新闻`) or as the crawl stores
it (`xn--fsqu00a.xn--0zwm56d/%E6%96%B0%E9%97%BB`). Nothing matching is said on stderr. The state,
SQLite or Redis, is only read: listing is safe while crawls run.
Exit status: 0 (also when nothing matches), 2 on bad usage or unreadable state.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from w3lib.url import safe_url_string

from pressbot.dedup.sqlite import CUT_SHORT, read_duplicates
from pressbot.dedup.store import DedupStoreError, Duplicate

DEFAULT_STATE = "state/pressbot.sqlite3"
_AGO = re.compile(r"^(\d+)([smhd])$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


def parse_since(value: str, now: datetime | None = None) -> str:
    """An ISO 8601 time or date (UTC unless it has an offset), or an age like 2h or 7d.

    >>> parse_since("2026-11-29")
    '2026-11-29T00:00:00+00:00'
    >>> parse_since("2026-11-29T15:30+08:00")
    '2026-11-29T07:30:00+00:00'
    >>> parse_since("2h", now=datetime(2026, 11, 29, 12, tzinfo=UTC))
    '2026-11-29T10:00:00+00:00'
    """
    age = _AGO.match(value.strip())
    if age:
        delta = timedelta(**{_UNITS[age[2]]: int(age[1])})
        moment = (now or datetime.now(UTC)) - delta
    else:
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"not a time: {value!r} (use 2026-11-29, 2026-11-29T15:30+08:00 or 2h / 7d)"
            ) from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def add_parser(sub: Any) -> None:
    """Register `dupes` on the `pressbot` command's subparsers."""
    d = sub.add_parser("dupes", help="list records dropped as duplicates")
    d.add_argument("--state", help=f"SQLite dedup state (default {DEFAULT_STATE})")
    d.add_argument("--redis", metavar="URL", help="read the Redis dedup state at URL instead")
    d.add_argument("--prefix", default="pressbot", help="Redis key prefix (PRESSBOT_REDIS_PREFIX)")
    d.add_argument("--url", help="only drops of this URL or of copies of it")
    when = d.add_mutually_exclusive_group()
    when.add_argument("--run", help="only drops in this run (the <run> of the feed file name)")
    when.add_argument("--since", type=parse_since, help="only drops since TIME or age (2h, 7d)")
    d.add_argument("--json", action="store_true", help="one JSON object per line")
    d.set_defaults(func=cmd_dupes)


def url_forms(url: str) -> list[str]:
    """The URL as given, as the crawl stores it (percent-encoded, IDNA host) and as a browser
    shows it (decoded): a page's URL is stored in one form and pasted in another.

    >>> url_forms("http://例子.测试/新闻")
    ['http://例子.测试/新闻', 'http://xn--fsqu00a.xn--0zwm56d/%E6%96%B0%E9%97%BB']
    """
    stored = safe_url_string(url)
    parts = urlsplit(stored)
    try:
        host = (parts.hostname or "").encode("ascii").decode("idna")
    except UnicodeError:
        host = parts.hostname or ""
    shown = unquote(stored.replace(parts.hostname or "", host, 1) if host else stored)
    return list(dict.fromkeys((url, stored, shown)))


def _every_form(
    load: Callable[..., list[Duplicate]], url: str | None, **filters: str | None
) -> list[Duplicate]:
    """`load`'s drops for every form of `url` (see `url_forms`), oldest first."""
    if url is None:
        return load(**filters)
    rows = [row for form in url_forms(url) for row in load(url=form, **filters)]
    return sorted(dict.fromkeys(rows), key=lambda row: row.seen_at)


def _load(args: argparse.Namespace) -> list[Duplicate]:
    filters = {"run_id": args.run, "since": args.since}
    if args.redis:
        from pressbot.dedup.redis import RedisDedupStore  # noqa: PLC0415 - optional extra

        # Read-only, as the SQLite state is read: opened with other settings than a running
        # crawl's (its SimHash distance), the store would rebuild the index the crawl uses.
        with RedisDedupStore(args.redis, prefix=f"{args.prefix}:dedup", read_only=True) as store:
            return _every_form(store.duplicates, args.url, **filters)
    path = Path(args.state or DEFAULT_STATE)
    if not path.is_file():
        raise DedupStoreError(f"{path}: no dedup state here (pass --state PATH)")
    if path.stat().st_size == 0:
        raise DedupStoreError(f"{path}: dedup state is {CUT_SHORT}")
    return _every_form(partial(read_duplicates, path), args.url, **filters)


def cmd_dupes(args: argparse.Namespace) -> int:
    if args.redis and args.state:
        print("pressbot dupes: pass --state or --redis, not both", file=sys.stderr)
        return 2
    try:
        rows = _load(args)
    except (DedupStoreError, ImportError) as exc:
        print(f"pressbot dupes: {exc}", file=sys.stderr)
        return 2
    if not rows:
        print("pressbot dupes: no dropped copy matches", file=sys.stderr)
    for row in rows:
        if args.json:
            print(json.dumps(row._asdict(), ensure_ascii=False))
        else:
            print(
                "\t".join((row.seen_at, row.reason, row.url, row.duplicate_of, row.run_id or "-"))
            )
    return 0
