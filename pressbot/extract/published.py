"""Which publication time a page gets: the time it shows around its headline, weighed against
its metadata's (JSON-LD, <meta>, <time>), then a dateline, the rows above the headline, a
metadata table, the rows under the text, and the URL; and the clock the time is on.

`pressbot.extract.dates` finds each date in a text; this module chooses among them. Apart from
`pressbot.extract.page`, which cuts the page into the windows it reads (as texts): the choice
reads no page tree, and its rules about clocks and offsets hang together.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from pressbot.extract import dates
from pressbot.extract.meta import PageMeta
from pressbot.extract.text import units
from pressbot.extract.tree import Line

_ZONED_CLOCK = re.compile(r"(?<![\d:])[0-2]?\d:[0-5]\d\s*(?:[AaPp]\.?[Mm]\.?\s*)?[A-Z]{2,4}\b")


def page_clock_zone(all_lines: list[Line]) -> tzinfo | None:
    """The zone of the page's own clock, when its dateline prints none: the one zone that the
    times elsewhere on the page print, twice or more ("Jun 2, 2020 | 19:41 JST" in a list)."""
    zones = [
        found.zone
        for line in all_lines
        if ":" in line.text and _ZONED_CLOCK.search(line.text)
        for found in dates.find_dates(line.text)
        if found.has_time and found.zone is not None
    ]
    return zones[0] if len(zones) >= 2 and all(z == zones[0] for z in zones) else None


_PLAYER_ROW = re.compile(
    r"^\s*(?:(?:Listen|Play|Watch)\b.*|\d{1,2}:\d{2}\s*/\s*\d{1,2}:\d{2}\b.*)$", re.MULTILINE
)
"""An audio or video player's row ("Listen KQED Newscast: … 1:12", "00:00 / 03:52 Download
MP3"): its time is a length."""
_LENGTH = re.compile(r"\(\d{1,2}:[0-5]\d\)")
_MINUTE_CLOCK = re.compile(
    r"(?<![\d:])[0-2]?\d:[0-5]\d(?![\d:])|(?:19|20)\d{2},?\s+1?\d\s?[ap]\.?m\.?(?![a-z])|"
    r"(?<![\d.])[01]?\d\.[0-5]\d\s?[ap]\.?m\.?(?![a-z])",  # "at 06.48 pm"
    re.IGNORECASE,
)
"""A clock shown to the minute ("10:12", "9:02 a.m.") or to the hour right after the date
("June 3, 2020, 5 a.m."; not an "Updated: 5 PM" apart from it): the page's own precision, which
has no seconds."""
_UPDATE_STAMP = re.compile(r"(?:Last )?(?:Updated|Modified)\b", re.IGNORECASE)


def _shown_date(header: str, published: dates.FoundDate | None = None) -> dates.FoundDate | None:
    """The first date under the headline; when it is an update stamp's ("Updated: June 3,
    2020 02:05 PM", at the start of its row or after a byline in it) and the row goes on to a
    publication stamp, or a row of its own shows a date further down, that date: when the story
    went out. An update stamp alone is no publication date when the metadata's (`published`)
    is another instant."""
    first = first_date(header)  # the whole window: a date and its time may sit in two rows
    if first is None or not _UPDATE_STAMP.search(header):
        return first
    rows = [row.strip() for row in header.split("\n")]
    pos = next((i for i, row in enumerate(rows) if first_date(row)), None)
    stamp = None if pos is None else _UPDATE_STAMP.search(rows[pos])
    if stamp is None or (stamp.start() and first_date(rows[pos][: stamp.start()])):
        return first  # the row's first date is no update's
    published_in_row = _PUBLISHED_AFTER.search(rows[pos])
    if published_in_row and (found := first_date(rows[pos][published_in_row.end() :])):
        return found  # "Updated Jun. 03, 2020 7:02PM ET / Published Jun. 03, 2020 5:21PM ET"
    later = (row for row in rows[pos + 1 :] if units(row) <= 20 and not _UPDATE_STAMP.match(row))
    found = next(filter(None, map(first_date, later)), None)
    if found is None and published is not None and _another_instant(first, published):
        return None  # "Updated June 3, 2020 2:21 pm ET"; first published hours before
    if found is None and published is not None and _another_clock(first, published):
        return None  # "Updated June 03, 2020 5:21 PM", no zone: no clock makes it the instant
    return found or first


def _slashed_on(header: str, machine: dates.FoundDate) -> dates.FoundDate | None:
    """The first slash date and time under the headline ("Last Updated: 03/06/20 5:21pm") in
    the order, day or month first, in which it is the metadata's instant on a local clock (the
    same clock, or one whole quarter hours away); None when no order, or both, make it so: a
    shown time that is another instant (an update's) leaves the metadata's date standing."""
    fits = [
        found[0]
        for day_first in (True, False)
        if (found := dates.slash_dates(header, day_first))
        and found[0].has_time
        and (_same_clock(machine, found[0]) or _offset_elsewhere(found[0], machine) is not None)
    ]
    return fits[0] if len({f.day for f in fits}) == 1 else None


_PUBLISHED_AFTER = re.compile(r"[/|·]\s*(?:Published|Posted|First published)\b", re.IGNORECASE)
"""The publication stamp after the update's in one row."""


def _another_instant(shown: dates.FoundDate, machine: dates.FoundDate) -> bool:
    """Are both zoned times to the minute, and another minute?"""
    a, b = _minute(shown), _minute(machine)
    return a is not None and b is not None and a != b


def _another_clock(shown: dates.FoundDate, machine: dates.FoundDate) -> bool:
    """Is a time shown with no zone another instant than the zoned `machine` one on every
    clock: not the same clock, nor one whole quarter hours from it?"""
    return (
        shown.zone is None
        and shown.has_time
        and machine.zone is not None
        and machine.has_time
        and not _same_clock(machine, shown)
        and _offset_elsewhere(shown, machine) is None
    )


def _minute(found: dates.FoundDate) -> datetime | None:
    if found.zone is None or found.hour is None or found.minute is None:
        return None
    return datetime.combine(found.day, time(found.hour, found.minute), found.zone)


def _local_form(machine: dates.FoundDate, tag: dates.FoundDate) -> bool:
    """Is `tag` `machine`'s instant, written in a local offset where `machine` is in UTC (JSON-LD
    "07:21:52+00:00", article:published_time "09:21:52+02:00")? The page's clock then reads it."""
    instant, local = _minute(machine), _minute(tag)
    return (
        instant is not None
        and local is not None
        and instant.utcoffset() == timedelta(0)
        and local.utcoffset() != timedelta(0)
        and instant == local
        and machine.second == tag.second
    )


def utc(found: dates.FoundDate) -> bool:
    """Is the date's zone UTC itself ("…Z", "+00:00"), no local clock's?"""
    return found.zone is not None and found.zone.utcoffset(None) == timedelta(0)


def _local_stamp(machine: dates.FoundDate, meta: PageMeta) -> tuple[dates.FoundDate, str] | None:
    """(date, method) of the JSON-LD's UTC instant written on the page's own clock by a <meta>
    tag or by a <time> element's `datetime` (the byline's "June 3, 2020"), when one does."""
    instant = _minute(machine)
    if instant is None or instant.utcoffset() != timedelta(0):
        return None  # (`_local_form` of no stamp: its many <time>s, a list's, go unread)
    stamps = [(meta.published_tag, "meta"), *((stamp, "time") for stamp in meta.time_stamps)]
    for stamp, method in stamps:
        if stamp and (found := first_date(stamp)) and _local_form(machine, found):
            return found, method
    return None


def _same_clock(machine: dates.FoundDate, shown: dates.FoundDate) -> bool:
    """Does the zoned `machine` date read `shown`'s day, hour and minute on its own clock?"""
    return machine.zone is not None and (machine.day, machine.hour, machine.minute) == (
        shown.day,
        shown.hour,
        shown.minute,
    )


def _clock_above(
    above: str, machine: dates.FoundDate, zone: tzinfo | None
) -> dates.FoundDate | None:
    """The first date over the headline when it shows the metadata's instant: the same instant in
    the zone it prints, or, with no zone, the same clock, the same instant on the page's known
    clock ("Wed 03-06-2020 14:21" on a .ae host, "10:21:37Z" in the JSON-LD), or (the page's
    zone unknown) one whole quarter hours from it in a zone people live in. A time over the
    headline may be anything else's (a site's clock, another story's), so only that agreement
    makes it the story's."""
    if (instant := _minute(machine)) is None:
        return None
    found = first_date(above)
    if found is None or not found.has_time:
        return None
    if found.zone is not None:
        return found if _minute(found) == instant else None
    if _same_clock(machine, found):
        return found
    if zone is not None:
        return found if _minute(replace(found, zone=zone)) == instant else None
    offset = _offset_elsewhere(found, machine)
    return found if offset is not None and _inhabited(offset) else None


@lru_cache(maxsize=16)
def first_date(text: str) -> dates.FoundDate | None:
    """The first date in `text` that is no CMS's zero date (`_ZERO_DAYS`). Cached: choosing
    the publication date reads some texts twice (the <meta> tag's time, often the JSON-LD's
    too; the rows above the headline), and a date is immutable. A few entries, for the page
    being read: a benchmark's next round of the same pages finds none of its own."""
    return next((found for found in dates.find_dates(text) if found.day not in _ZERO_DAYS), None)


def _published_above(text: str) -> dates.FoundDate | None:
    """The first date in the rows over the headline that is no file's signing date: a 政府信息公开
    page's catalogue prints 成文日期 (the day the file was signed) before 发布日期 (the day the
    page published it). The signing date stands when the rows date nothing else."""
    if "日期" in text and (unsigned := _SIGNED_ON.sub(" ", text)) != text:
        return first_date(unsigned) or first_date(text)
    return first_date(text)


_SIGNED_ON = re.compile(
    r"(?:成文|印发|印發|签发|簽發|签署|簽署)日期\s*[：:]?\s*"
    r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
)
"""A file's signing date under its label ("成文日期： 2020-06-01", "印发日期：2020年6月1日")."""


_ZERO_DAYS = frozenset({date(1969, 12, 31), date(1970, 1, 1), date(1900, 1, 1)})
"""The days a CMS prints for a page it has no time for: timestamp 0 (on any clock) and the zero
date of databases and spreadsheets. No web page was published on them."""


def choose_published(
    site_value: str | None,
    header: str,
    meta: PageMeta,
    footer: str,
    url: str | None,
    *,
    zone: tzinfo | None = None,
    above: str = "",
    opening: str = "",
    table: str = "",
    day_first: Callable[[], bool | None] = lambda: None,
    month_first: Callable[[], bool] = lambda: False,
) -> tuple[dates.FoundDate | None, str]:
    """(date, method). A time shown under the headline wins (it is what the reader sees);
    JSON-LD / meta lend it their zone when they agree to the minute, and when the page's zone is
    unknown and they differ by whole quarter hours, they give the offset of the zone the page's
    clock is in without printing it (their instant, on the reader's clock); then meta, a
    date-only dateline, a date opening the text, the rows just above the headline ("Press
    release | 3 June 2020 | Brussels"), a metadata table above it ("发文日期： 2020年06月03日"),
    the rows after the body (where a date may also be another's:
    "ARTICLE PUBLICATION DATE 2-Jun-2020" of the journal a release is about, or the first of a
    list of related files), a date written with slashes where the page's other dates say which
    number is the day ("03/06/2020 - " and, elsewhere, "28/05/2020") or else the host's country
    does (`dates.host_day_first`), and the URL. Hyphenated dates are read day first unless the
    page's others show the month first ("04-14-2020")."""
    if site_value and (found := first_date(site_value)):
        return found, "site"
    if any(dates.HYPHEN_DMY.search(text) for text in (header, above, footer)) and month_first():
        header, above, footer = map(dates.month_first_iso, (header, above, footer))
    meta_date = first_date(meta.published) if meta.published else None
    if meta_date is not None:  # "3 JUN, 14:21": the metadata's year, its instant checked below
        header, above = (dates.with_year(text, meta_date.day.year) for text in (header, above))
    shown = _shown_date(header, published=meta_date)
    if (shown is None or not shown.has_time) and meta_date is not None and "/" in header:
        shown = _slashed_on(header, meta_date) or shown  # "03/06/2020 05:21pm BST | Updated …"
    if shown is None and meta_date and (timed := _clock_above(above, meta_date, zone)):
        shown = timed  # "Press release • Jun 3, 2020 09:00 CEST" over the headline
    if shown is not None and shown.has_time:
        tag_date = first_date(meta.published_tag) if meta.published_tag else None
        if shown.zone is None and tag_date is not None and _same_clock(tag_date, shown):
            meta_date = tag_date  # a <meta> tag writes the shown clock in the page's zone
        if isinstance(shown.zone, ZoneInfo) and meta_date is not None:
            shown = _standard_time(shown, meta_date)
        if shown.zone is None and meta_date is not None and meta_date.zone is not None:
            if _same_clock(meta_date, shown):
                shown = replace(shown, zone=meta_date.zone)
            elif zone is None and (offset := _offset_elsewhere(shown, meta_date)):
                if not _inhabited(offset):
                    # No news desk keeps that clock: one of the two times is off (a zone the
                    # page prints and pressbot cannot read, "CST"), so the machine's instant.
                    seconds = meta_date.second if shown.second is not None else None
                    return replace(meta_date, second=seconds), meta.published_method or "meta"
                shown = replace(shown, zone=offset)
        return shown, "dateline"
    if meta_date is not None:
        readings = [(meta_date, meta.published_method or "meta")]
        if local := _local_stamp(meta_date, meta):
            readings.insert(0, local)
        if shown is not None and _in_date_row(shown, header, meta.modified):
            readings = _on_day(shown.day, readings, zone, url)
            if not readings:
                return shown, "dateline"  # the metadata dates another day than the page shows
        meta_date, method = readings[0]
        return _to_shown_minute(meta_date, above, header), method
    if shown is not None:
        return shown, "dateline"
    if found := _text_dateline(opening):
        timed = first_date(above)
        if timed is not None and timed.has_time and timed.day == found.day:
            return timed, "above-title"  # the same day over the headline, with its clock
        if "LOCAL TIME" in footer and (clock := _LOCAL_AND_GMT.search(footer)):
            return _on_local_clock(found, clock), "text-dateline"
        return found, "text-dateline"  # "Washington D.C., June 3, 2020 — The ..."
    if found := _published_above(above):
        return _with_shown_clock(found, header), "above-title"
    if found := _published_above(table):
        return found, "info-table"
    if found := first_date(footer):
        return found, "footer"
    windows = (header, opening, above, footer)
    if any("/" in text for text in windows) and (order := _slash_order(day_first, url)) is not None:
        for text in windows:
            if slashed := dates.slash_dates(text, order):
                return slashed[0], "slash-date"
    found = dates.url_date(url) if url else None
    stamp = first_date(meta.time_stamps[0]) if meta.time_stamps else None
    if stamp is not None and stamp.has_time and (found is None or found.day == stamp.day):
        # the first <time>'s machine value, its shown text unreadable
        return _to_shown_minute(stamp, above, header), "time"
    return found, "url"


def _slash_order(day_first: Callable[[], bool | None], url: str | None) -> bool | None:
    """Day first or month first, as the page's other dates say, else as its host's country
    writes dates ("Date published: 12/03/2025" on a .gov.au host is 12 March)."""
    order = day_first()
    return dates.host_day_first(url) if order is None and url else order


def _in_date_row(shown: dates.FoundDate, header: str, modified: str | None) -> bool:
    """Is `shown` the date of a short row of its own under the headline ("Release Date: March
    5, 2025", "By Jane Roe | Aug 11, 2020"), rather than one in a caption's or a deck's sentence
    ("A teacher arranges desks in Sacramento, California, May 28, 2020"), and no update's: an
    update stamp's, or the day of the metadata's `modified` time that a theme prints unlabelled
    ("By admin - 2018-09-16", published on the 15th)?"""
    if _UPDATE_STAMP.search(header):
        return False
    if modified and (changed := first_date(modified)) and changed.day == shown.day:
        return False
    for row in header.split("\n"):
        if (found := first_date(row)) is not None:
            return found.day == shown.day and units(row) <= _DATE_ROW_UNITS
    return False


_DATE_ROW_UNITS = 20
"""At most a label, a byline and the date ("By Jane Roe | Aug 11, 2020 | 3 min read")."""
_US_HOST = re.compile(r"\.(?:gov|mil|us)$")
_US_OFFSETS = (timedelta(hours=-10), timedelta(hours=-4))
"""A host in the United States, whose clocks are 4 to 10 hours behind UTC (Hawaii's)."""


def _on_day(
    day: date, readings: list[tuple[dates.FoundDate, str]], zone: tzinfo | None, url: str | None
) -> list[tuple[dates.FoundDate, str]]:
    """The (date, method) `readings` of the metadata's instant (a tag's local offset, the
    metadata's own) that fall on the `day` the page shows; else the instant on the page's
    zone's clock when that is the day (23:30Z on 4 March is 07:30 on 5 March in Singapore); else,
    the zone unknown, a UTC instant that is that day in a zone the host may be in (02:58Z on 12
    August is 11 August in the Americas). A day and month read the other way round than the
    metadata's ("06.03.2020", 3 June) are a misreading of the page's, not another day."""
    machine, method = readings[-1]
    on_day = [reading for reading in readings if reading[0].day == day]
    if on_day or (day.day <= 12 and day.replace(month=day.day, day=day.month) == machine.day):
        return on_day or readings
    instant = _minute(machine)
    if instant is None:
        return []
    if zone is not None:
        local = machine.on_clock(zone)
        return [(local, method)] if local.day == day else []
    if not utc(machine):
        return []
    west, east = _US_OFFSETS if _US_HOST.search(urlsplit(url or "").hostname or "") else _INHABITED
    clock = instant.replace(tzinfo=None)
    return [(machine, method)] if (clock + west).date() <= day <= (clock + east).date() else []


def _to_shown_minute(machine: dates.FoundDate, above: str, header: str) -> dates.FoundDate:
    """`machine` without its seconds when the rows around the headline print times to the
    minute (a clip's length is no clock: "1:12", "Broadcast video (1:04)")."""
    if machine.second is None:
        return machine
    rows = _PLAYER_ROW.sub("", f"{above}\n{header}")
    if "(" in rows:
        rows = _LENGTH.sub("", rows)
    return replace(machine, second=None) if _MINUTE_CLOCK.search(rows) else machine


_SHOWN_CLOCK = re.compile(
    r"(?<![\d:])[0-2]?\d:[0-5]\d\s*(?:[ap]\.?\s?m\.?(?:\s*[A-Z]{2,4}\b)?|[A-Z]{2,4}\b)"
)
"""A time with its a.m./p.m. or zone, as a release prints it ("For release at 4:30 p.m. EDT")."""


def _with_shown_clock(day: dates.FoundDate, header: str) -> dates.FoundDate:
    """A date shown alone above the headline and a time shown alone under it are one
    timestamp ("June 03, 2020" / headline / "For release at 4:30 p.m. EDT")."""
    clock = _SHOWN_CLOCK.search(header) if not day.has_time else None
    if clock is None:
        return day
    return first_date(f"{day.day:%B %d, %Y} {clock.group(0)}") or day


def _text_dateline(opening: str) -> dates.FoundDate | None:
    """The date of a dateline opening the text: a place, the full date, then a dash. A date
    elsewhere in the first sentence is what the story is about, not when it was published."""
    match = dates.ENGLISH_DATE.search(opening)
    if match is None:
        return None
    if not (
        _DATELINE_DASH.match(opening, match.end())
        or _PLACE_AND_WIRE.fullmatch(opening, 0, match.start())
        or (match.start() == 0 and _PLACE_DASH.match(opening, match.end()))
    ):
        return None
    return first_date(match.group(0))


_LOCAL_AND_GMT = re.compile(r"\b(\d{1,2}):(\d{2}) LOCAL TIME (\d{1,2}):(\d{2}) GMT\b")
"""A wire's filing time under its text, on the local clock and on GMT ("14:21 LOCAL TIME 11:21
GMT"): the two give the offset."""


def _on_local_clock(day: dates.FoundDate, clock: re.Match[str]) -> dates.FoundDate:
    """The dateline's day at the filing time's local clock, in the offset it and GMT give."""
    hour, minute, gmt_hour, gmt_minute = map(int, clock.groups())
    offset = (hour * 60 + minute - gmt_hour * 60 - gmt_minute) % (24 * 60)
    if offset > 14 * 60:
        offset -= 24 * 60  # west of Greenwich: the local clock behind GMT's
    return replace(day, hour=hour, minute=minute, zone=timezone(timedelta(minutes=offset)))


_PLACE_DASH = re.compile(r",\s*[A-Z][\w.'’ -]{1,30}?\s+[-–—]\s")
"""A place and a dash after a dateline's date that opens the text ("3 June 2020, Rome – …")."""
_DATELINE_DASH = re.compile(r"(?:,\s*[A-Z]{2,5})?\s*[-–—―:]")
"""A dash after a dateline's date (the horizontal bar "―" too), or a colon ("June 3, 2020:"),
maybe after the agency's initials ("Riyadh, June 03, 2020, SPA --")."""
_PLACE_AND_WIRE = re.compile(r"[A-Z][A-Z .,'’-]{1,60}\([A-Za-z .]{2,30}\)\s*")
"""A place in capitals and the wire in brackets before the date ("SEATTLE (PRWEB) June 03,
2020 Acme today announced ..."): a dateline, dash or not."""


_INHABITED = (timedelta(hours=-11), timedelta(hours=14))
"""The offsets of the zones people live in (American Samoa to Kiribati's Line Islands)."""


def _inhabited(offset: timezone) -> bool:
    """Is `offset` one of the zones people live in (`_INHABITED`)?"""
    return _INHABITED[0] <= (offset.utcoffset(None) or timedelta(0)) <= _INHABITED[1]


def _standard_time(shown: dates.FoundDate, machine: dates.FoundDate) -> dates.FoundDate:
    """`shown` in a region's time ("2:21 p.m. MT", read as Denver's), on the offset the metadata
    puts its clock at when that is the region's other offset, an hour off: Arizona's MT keeps
    standard time all summer, and only the metadata's instant ("21:21:09Z") says so."""
    seen, instant = _minute(shown), _minute(machine)
    offset = _offset_elsewhere(replace(shown, zone=None), machine)
    if seen is None or instant is None or offset is None or seen == instant:
        return shown
    return replace(shown, zone=offset) if abs(seen - instant) == timedelta(hours=1) else shown


def _offset_elsewhere(shown: dates.FoundDate, machine: dates.FoundDate) -> timezone | None:
    """The offset from UTC that makes `shown` (no zone) `machine`'s instant on a local clock,
    when there is one: at most 14 hours, in whole quarter hours ("4:21 PM" shown, 04:21Z in the
    metadata: +12:00); None for an offset of 0, which is the same clock."""
    instant = _minute(machine)
    if instant is None:
        return None
    local = instant.astimezone(UTC).replace(tzinfo=None)
    clock = datetime.combine(shown.day, time(shown.hour or 0, shown.minute or 0))
    minutes = (clock - local).total_seconds() / 60
    if not minutes or abs(minutes) > 14 * 60 or minutes % 15:
        return None
    return timezone(timedelta(minutes=minutes))
