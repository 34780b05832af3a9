"""`PRESSBOT_*` settings as the crawl reads them: numbers and booleans checked and refused by
name, names that no code reads warned about (`unknown_settings`), the output folder read in
one place.

Scrapy's `getfloat` / `getint` raise a bare ValueError on `-s PRESSBOT_FILL_DROP=abc`, which the
crawl logged as a traceback that never named the setting, and take any number: a share given as
a percentage (`PRESSBOT_MAX_ERROR_RATE=20`) silently turned its check off. Here a value that is
no number, or out of its range, is a `SettingError` naming the setting, its range and the value:
`scrapy crawl` then says "The crawl cannot start: ..." in one line and exits 1.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pressbot.plan import SettingError
from pressbot.sites import SiteConfigError, sites_folder


def number(
    settings: Any,
    name: str,
    default: float,
    *,
    low: float | None = None,
    high: float | None = None,
    above: float | None = None,
) -> float:
    """`name` as a float within [`low`, `high`] (and over `above`), or SettingError.

    >>> number({"PRESSBOT_FILL_DROP": "0.5"}, "PRESSBOT_FILL_DROP", 0.3, low=0, high=1)
    0.5
    >>> number({"PRESSBOT_FILL_DROP": "30"}, "PRESSBOT_FILL_DROP", 0.3, low=0, high=1)
    Traceback (most recent call last):
    pressbot.plan.SettingError: PRESSBOT_FILL_DROP must be a number from 0 to 1 (a share: 0.3 \
is 30 %), not '30'
    """
    raw = settings.get(name, default)
    try:
        value = float(raw)
    except (TypeError, ValueError):
        raise SettingError(f"{name} must be {_range(low, high, above)}, not {raw!r}") from None
    if (
        math.isnan(value)
        or (low is not None and value < low)
        or (high is not None and value > high)
        or (above is not None and value <= above)
    ):
        raise SettingError(f"{name} must be {_range(low, high, above)}, not {raw!r}")
    return value


def integer(
    settings: Any, name: str, default: int, *, low: int = 0, high: int | None = None
) -> int:
    """`name` as a whole number within [`low`, `high`], or SettingError.

    >>> integer({"PRESSBOT_DEDUP_BATCH": "x"}, "PRESSBOT_DEDUP_BATCH", 50)
    Traceback (most recent call last):
    pressbot.plan.SettingError: PRESSBOT_DEDUP_BATCH must be a whole number of 0 or more, not 'x'
    """
    raw = settings.get(name, default)
    what = (
        f"a whole number of {low} or more"
        if high is None
        else f"a whole number from {low} to {high}"
    )
    try:
        value = int(str(raw).strip())
    except ValueError:
        raise SettingError(f"{name} must be {what}, not {raw!r}") from None
    if value < low or (high is not None and value > high):
        raise SettingError(f"{name} must be {what}, not {raw!r}")
    return value


_TRUE, _FALSE = ("1", "True", "true"), ("0", "False", "false")


def flag(settings: Any, name: str, default: bool) -> bool:
    """`name` as a boolean, or SettingError: Scrapy's `getbool` raised a bare ValueError that
    never named the setting (`-s PRESSBOT_HEALTH_ENABLED=no`), logged as a traceback.

    >>> flag({"PRESSBOT_RECOVER_FEEDS": "false"}, "PRESSBOT_RECOVER_FEEDS", True)
    False
    >>> flag({"PRESSBOT_HEALTH_ENABLED": "no"}, "PRESSBOT_HEALTH_ENABLED", True)
    Traceback (most recent call last):
    pressbot.plan.SettingError: PRESSBOT_HEALTH_ENABLED must be True or False (or 1 or 0), not 'no'
    """
    raw = settings.get(name, default)
    if isinstance(raw, bool):
        return raw
    if str(raw) in _TRUE + _FALSE:
        return str(raw) in _TRUE
    raise SettingError(f"{name} must be True or False (or 1 or 0), not {raw!r}")


def _range(low: float | None, high: float | None, above: float | None) -> str:
    if low == 0 and high == 1:
        return "a number from 0 to 1 (a share: 0.3 is 30 %)"
    if above is not None:
        return f"a number over {above:g}" + ("" if high is None else f" and at most {high:g}")
    if low is not None and high is not None:
        return f"a number from {low:g} to {high:g}"
    if low is not None:
        return f"a number of {low:g} or more"
    return "a number"


def output_folder(settings: Any) -> Path:
    """`PRESSBOT_OUTPUT_DIR`: where feeds, summaries and the manifest go (read by the feeds
    and, before they exist, by the dedup pipeline's new-state check)."""
    return Path(str(settings.get("PRESSBOT_OUTPUT_DIR") or "output").rstrip("/"))


def sites_folders(settings: Any) -> tuple[Path, ...]:
    """`PRESSBOT_SITES_DIR`: the user folder of site configs, if set; checked as `--sites-dir`
    is, so a folder that is not there stops the crawl."""
    value = settings.get("PRESSBOT_SITES_DIR")
    if not value:
        return ()
    try:
        return (sites_folder(value),)
    except SiteConfigError as exc:
        raise SettingError(f"PRESSBOT_SITES_DIR: {exc}") from None


RUNTIME_DEFAULTS = ("PRESSBOT_EXTRACT_WORKERS", "PRESSBOT_GC_THRESHOLD", "PRESSBOT_REDIS_HEARTBEAT")
"""Settings read with a default worked out where they are read (the number of cores, say), so
not in `pressbot.settings`."""


def unknown_settings(names: Iterable[str]) -> list[tuple[str, str | None]]:
    """The `PRESSBOT_*` names among `names` that no code reads, each with the known name it is
    likely a typo of: `-s PRESSBOT_OUTPTU_DIR=/data` was taken without a word, and the feeds
    went to the default folder.

    >>> [likely for _, likely in unknown_settings(["PRESSBOT_OUTPTU_DIR", "LOG_LEVEL"])]
    ['PRESSBOT_OUTPUT_DIR']
    """
    from pressbot import settings  # noqa: PLC0415 - the project settings, only when checking

    known = {n for n in vars(settings) if n.startswith("PRESSBOT_")} | set(RUNTIME_DEFAULTS)
    return [
        (name, next(iter(difflib.get_close_matches(name, known, n=1)), None))
        for name in sorted(names)
        if name.startswith("PRESSBOT_") and name not in known
    ]
