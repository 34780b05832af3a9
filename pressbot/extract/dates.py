"""Publication times: find them (JSON-LD, meta, visible dateline, URL) and write ISO 8601.

The precision printed is the precision found: seconds only when shown, a bare date when no time
is shown. A time without a stated zone takes the site's zone; with no zone known at all it is
reported as a date only (never a guessed offset).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
}
_ZONE_NAMES: dict[str, tzinfo] = {
    "UTC": UTC,
    "GMT": UTC,
    "Z": UTC,
    "EST": timezone(timedelta(hours=-5)),
    "EDT": timezone(timedelta(hours=-4)),
    "PST": timezone(timedelta(hours=-8)),
    "PDT": timezone(timedelta(hours=-7)),
    "CET": timezone(timedelta(hours=1)),
    "CEST": timezone(timedelta(hours=2)),
    "BST": timezone(timedelta(hours=1)),
    "JST": timezone(timedelta(hours=9)),
    "KST": timezone(timedelta(hours=9)),
    "SGT": timezone(timedelta(hours=8)),
    "MYT": timezone(timedelta(hours=8)),
    "MVT": timezone(timedelta(hours=5)),
    "IST": timezone(timedelta(hours=5, minutes=30)),  # India Standard Time, as Indian sites print
    "BDST": timezone(timedelta(hours=6)),
    "AWST": timezone(timedelta(hours=8)),
    "ACST": timezone(timedelta(hours=9, minutes=30)),
    "ACDT": timezone(timedelta(hours=10, minutes=30)),
    "AEST": timezone(timedelta(hours=10)),
    "AEDT": timezone(timedelta(hours=11)),
    "NZST": timezone(timedelta(hours=12)),
    "NZDT": timezone(timedelta(hours=13)),
    "HKT": timezone(timedelta(hours=8)),
    "BJT": timezone(timedelta(hours=8)),
    "北京时间": timezone(timedelta(hours=8)),
    "香港时间": timezone(timedelta(hours=8)),
    "台北时间": timezone(timedelta(hours=8)),
    "CDT": timezone(timedelta(hours=-5)),
    "MST": timezone(timedelta(hours=-7)),
    "MDT": timezone(timedelta(hours=-6)),
    "ET": ZoneInfo("America/New_York"),
    "CT": ZoneInfo("America/Chicago"),
    "MT": ZoneInfo("America/Denver"),
    "PT": ZoneInfo("America/Los_Angeles"),
    "UK": ZoneInfo("Europe/London"),
}
_SIMPLIFIED = str.maketrans("時間", "时间")
_US_REGIONS = {"EASTERN": "E", "CENTRAL": "C", "MOUNTAIN": "M", "PACIFIC": "P"}
_ZONE = (
    r"(?P<zone>Z|[+-]\d{2}:?\d{2}\b|(?:UTC|GMT)\s*[+-]\s*\d{1,2}(?::?\d{2})?|"
    r"\b(?:Eastern|Central|Mountain|Pacific)(?:\s+(?:Daylight|Standard))?\s+Time\b|"
    r"\b(?:UTC|GMT|EST|EDT|PST|PDT|CDT|MST|MDT|CET|CEST|BST|JST|HKT|BJT|ET|CT|MT|PT|"
    r"KST|SGT|MYT|MVT|IST|BdST|AWST|ACST|ACDT|AEST|AEDT|NZST|NZDT)"
    r"(?:\b|(?=updated))|"  # "10:21 AM EDTUPDATED ...": two timestamps' elements side by side
    r",\s*UK\b|"  # "Wednesday 3 June 2020 14:21, UK": the time in the UK
    r"(?:北京|香港|台北)[时時][间間])"
)
_ZONE_FIRST = r"(?:(?P<zone_first>(?:北京|香港|台北)[时時][间間]|HKT|BJT|MVT)\s*)?"
"""A zone printed before the clock: "香港時間12時30分", "2020-06-03 HKT 14:21", "03 June 2020,
MVT 14:30"."""
_WEEKDAY = r"(?:\s*[（(]?(?:星期|週|周)[一二三四五六日天][）)]?)?"
_PERIOD = r"(?:(?P<period>上午|下午|中午|晚上|凌晨|早上|傍晚)\s*)?"
"""The part of the day before a 12-hour clock, as Hong Kong and Taiwan print it ("下午5:21")."""
_PM_PERIODS = ("下午", "晚上", "傍晚")
_TIME = (
    r"(?:(?P<H>\d{1,2})(?:(?:\s*[:：时時]\s*|(?P<dot>\.))(?P<M>[0-5]\d)(?:分(?!\s*\d))?"
    r"(?:\s*(?:[:：]|分(?=\s*[0-5]\d\s*秒))\s*(?P<S>[0-5]\d)(?:\.\d+)?)?|"
    r"(?=\s*[ap]\.?m\.?(?![a-z])))|"
    r"(?P<noon>(?:12\s+)?noon\b))"
    r"(?:\s*(?P<ampm>[ap]\.?m\.?)(?![a-z]))?"
)
"""A clock: hours and minutes (seconds maybe: after 分 only with their 秒, as a number after
"16時05分" may be the next line's year), or an hour alone only before its a.m. or p.m.
("9 a.m. ET", as AP and US agencies print it; a bare "9" may be anything), or noon."""
# Each date pattern opens with a lookahead for the characters a match can start with (or, as
# NUMERIC_DATE and HYPHEN_DMY do, with those characters themselves): one set test rejects a
# position where sre would otherwise try the lookbehind and every branch (half the time of a
# search; no match changes).
NUMERIC_DATE = re.compile(
    r"(?P<y>(?:19|20)(?<!\d\d\d)\d{2})\s*(?P<sep>[-/.年]|\s(?=\s*[01]?\d/[0-3]?\d))\s*"
    r"(?P<m>[01]?\d)\s*[-/.月]\s*(?P<d>[0-3]?\d)"
    rf"(?!\d)\s*日?{_WEEKDAY}(?:(?:\s*T\s*|[\s,]*){_ZONE_FIRST}{_PERIOD}(?:{_TIME}))?\s*{_ZONE}?",
    re.IGNORECASE,
)
"""A date year first ("2020-06-03", "2020年6月3日", "2020/6/3 14:21"). It opens with the year's
digits themselves, no lookahead: a branch of literals lets sre scan for a "1" or "2" in C (a
fifth off the guarded form), and the lookbehind, moved past the two digits it also reads, still
says no digit stands before the year."""
_MONTH_NAME = r"(?P<mon>jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DAY_MONTH_YEAR = (
    rf"(?:{_MONTH_NAME}\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?:,\s*|\s+)|"
    rf"(?P<d2>[0-3]?\d)(?:(?:st|nd|rd|th)?(?P<sp>\s+)|-)"
    rf"{_MONTH_NAME.replace('mon>', 'mon2>')}(?(sp),?\s+|-))(?P<y>(?:19|20)\d{{2}})"
    r"(?-i:(?![\da-z_]))"  # (a capital may follow: the next span's word, "Jun 03, 2020Sichuan")
)
_DAY_NAME = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)"
"""A weekday between the date and its clock ("June 3, 2020, Wednesday at 7:55 PM"). The clock
may also follow on "Issued at", as the Hong Kong government's releases close ("Ends/Wednesday,
June 3, 2020" over "Issued at HKT 15:30")."""
ENGLISH_DATE = re.compile(
    rf"(?=[adfjmnos\d])\b{_DAY_MONTH_YEAR}"
    rf"(?:(?:[\s,]+{_DAY_NAME}?(?:issued\s+)?(?:at\s+)?|\s+[/|·•—–-]\s+){_ZONE_FIRST}(?:{_TIME}))?"
    rf"\s*{_ZONE}?",
    re.IGNORECASE,
)
_SPACED_YEAR = re.compile(r"(?:19|20)(?<=[\s,-]\d\d)\d\d(?![\da-z_])")
"""A year after a space, a comma or a hyphen, and before no digit, lowercase letter or "_", as
`_DAY_MONTH_YEAR` and `CLOCK_FIRST_NUMERIC` write it (the latter's after spaces or commas and
before "-", "/" or "."). A line without one holds no `ENGLISH_DATE`, `CLOCK_FIRST_DATE` (both end in
`_DAY_MONTH_YEAR`) or `CLOCK_FIRST_NUMERIC`; the test, a scan for a "1" or a "2" in C, costs
under a tenth of theirs."""
CLOCK_FIRST_DATE = re.compile(
    rf"(?=\d)(?<![\d:.]){_TIME}\s*{_ZONE}?(?:\s+on\s+|[\s,]+|\s*[•·|/]\s*)"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
    rf"{_DAY_MONTH_YEAR}",
    re.IGNORECASE,
)
"""The clock before the date, as US sites print it: "2:21 PM ET, Wed June 3, 2020",
"8:30 am PDT•June 3, 2020", "2:21 PM on Jun 3, 2020", "14:21 EDT / JUNE 03 2020"."""
CLOCK_FIRST_NUMERIC = re.compile(
    rf"(?=\d)(?<![\d:.]){_TIME}\s*{_ZONE}?[\s,]+"
    r"(?P<y>(?:19|20)\d{2})(?P<sep>[-/.])(?P<m>[01]?\d)(?P=sep)(?P<d>[0-3]?\d)(?![\d/.-])",
    re.IGNORECASE,
)
"""The clock before a numeric date, year first ("17:21 UTC+8, 2020-06-03")."""
_CLOCK_COMMA = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?,")
"""A 24-hour clock set off by a comma before the date ("10:21, June 03, 2020"): without it, or a
zone or am/pm, a clock before a date may be another thing's."""
_WEEKDAY_AFTER_CLOCK = re.compile(r"\d\s+(?:mon|tue|wed|thu|fri|sat|sun)", re.IGNORECASE)
"""A weekday between a clock and its date ("14:21 Wed 03 Jun 2020"): the clock is the date's."""
_RELEASED = re.compile(r"\b(?:Released|Published|Posted|Issued)\b(?:\s+(?:at|on))?[\s:]*$", re.I)
"""A release label right before a bare 24-hour clock makes it the date's ("Released 07:00
03-Jun-2020", as the London Stock Exchange's news pages print it)."""
DAY_FIRST_DATE = re.compile(
    r"(?=\d)(?<![\d.-])(?P<d>[0-3]?\d)(?P<dsep>[.-])(?P<m>[01]?\d)(?P=dsep)"
    r"(?P<y>(?:19|20)\d{2}|\d{2}(?=,?\s+\d{1,2}:\d{2}))"
    r"(?![\d.-])"
    rf"(?:(?:[\s,]+(?:at\s+)?|\s*[•·|]\s*){_TIME}(?P<uhr>\s?Uhr\b)?)?\s*{_ZONE}?",
    re.IGNORECASE,
)
"""A date with dots or hyphens, day first, as Europe and India print it ("03.06.2020" and
"03-06-2020" are 3 June), maybe with its clock after a bullet ("03.06.2020 • 14:21"), an "at"
("03.06.2020 at 14:21 CEST") or in German ("03.06.2020, 14.21 Uhr"); a two-digit year only
before a clock ("03.06.20, 02:21 AM"), which no version number has."""
URL_DATE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})[-/_]?(?P<m>[01]\d)[-/_]?(?P<d>[0-3]\d)(?!\d)")
_SLASH_DATE = re.compile(
    r"(?=\d)(?<![\d/.:])(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)/"
    r"(?P<y>(?:19|20)\d{2}|\d{2}(?=[\s,]+\d{1,2}:\d{2}))(?![\d/])"
    rf"(?:(?:\s+[-–]\s+|[\s,]+){_TIME})?\s*{_ZONE}?",
    re.IGNORECASE,
)
"""A date with slashes, year last: day first in most of the world, month first in the US; only
the page's own dates can say which (`slash_order`). A two-digit year only before a clock
("03/06/20 5:21pm"), which no fraction or score has."""


_YEARLESS = re.compile(
    rf"(?=\d)(?<![\d.])(?P<day>[0-3]?\d) (?P<month>{_MONTH_NAME}),? (?P<clock>[0-2]?\d:[0-5]\d)\b"
    r"(?![\s,]*(?:19|20)\d{2})",
    re.IGNORECASE,
)
"""A day and a month before a clock, no year ("3 JUN, 14:21"; `with_year`), behind a lookahead
for the day's digit as the date patterns are."""


def with_year(text: str, year: int) -> str:
    """`text` with `year` put into its dates that print a day and a month but no year before
    their clock ("3 JUN, 14:21", as a wire prints its stories' times); the metadata's year,
    which the caller checks against the metadata's instant.

    >>> with_year("Business & Economy 3 JUN, 14:21", 2020)
    'Business & Economy 3 JUN 2020, 14:21'
    """
    if ":" not in text:  # the clock's colon, in every match
        return text
    return _YEARLESS.sub(rf"\g<day> \g<month> {year}, \g<clock>", text)


def slash_order(texts: Iterable[str]) -> bool | None:
    """True when the page writes its slash dates day first, False month first, None when its
    dates do not say (no number above 12 in either place, or above 12 in both).

    >>> slash_order(["03/06/2020 - text", "Latest: 28/05/2020"]), slash_order(["06/03/2020"])
    (True, None)
    """
    return _order(_SLASH_DATE, texts)


def host_day_first(url: str) -> bool | None:
    """True when the host is under the domain of a country that writes its slash dates day
    first (`_DAY_FIRST_COUNTRIES`), None elsewhere: a .com or .org may be anywhere, and .gov,
    .us and Canada's .ca write the month first or either way.

    >>> host_day_first("https://www.health.gov.au/news/1"), host_day_first("https://x.gov/1")
    (True, None)
    """
    host = urlsplit(url).hostname or ""
    return True if host.rpartition(".")[2] in _DAY_FIRST_COUNTRIES else None


_DAY_FIRST_COUNTRIES = frozenset(
    {"au", "nz", "fj", "uk", "ie", "mt", "cy", "in", "pk", "bd", "lk", "np", "sg", "my", "hk"}
    | {"za", "ng", "gh", "ke", "ug", "tz", "zm", "zw", "rw", "mw", "bw", "na", "et", "sl"}
    | {"jm", "tt", "bb", "ae", "sa", "qa", "kw", "bh", "om", "jo", "lb", "eg", "il", "tr"}
    | {"fr", "be", "es", "pt", "it", "gr", "nl", "br", "ar", "mx", "cl", "co", "pe", "id"}
    | {"th", "vn"}
)
"""Country domains whose countries write a date with slashes day first ("12/03/2025" is 12
March): the Commonwealth's but Canada's, southern Europe's, Latin America's, the Gulf's. Not the
Philippines (month first), nor countries writing the year first (China, Japan, Korea)."""


def _order(pattern: re.Pattern[str], texts: Iterable[str]) -> bool | None:
    """True when `pattern`'s dates (first number, second number, year) put the day first,
    False the month, None when no number above 12 says which or both places hold one."""
    day_first = month_first = False
    for text in texts:
        for match in pattern.finditer(text):
            day_first |= int(match.group(1)) > 12
            month_first |= int(match.group(2)) > 12
    return None if day_first == month_first else day_first


US_CLOCKED_DATE = re.compile(
    rf"(?=\d)(?<![\d/.])(?P<m>1[0-2]|0?[1-9])/(?P<d>3[01]|[12]\d|0?[1-9])/(?P<y>(?:19|20)\d{{2}})"
    rf"\s+{_TIME}\s*{_ZONE}",
    re.IGNORECASE,
)
"""A slashed date with a 12-hour clock and a US zone ("6/3/2020 8:21 AM ET"): month first, as
the US writes it."""
_US_ZONES = frozenset(
    {"ET", "EST", "EDT", "CT", "CST", "CDT", "MT", "MST", "MDT", "PT", "PST", "PDT"}
)
HYPHEN_DMY = re.compile(r"(\d(?<![\d-]\d)\d?)-(\d{1,2})-((?:19|20)\d{2})(?![\d-])")
"""A date with hyphens, year last: read day first ("03-06-2020", `DAY_FIRST_DATE`) unless the
page's own such dates show it writes the month first (`hyphen_month_first`). The first number
is a digit and a second one maybe, the lookbehind after the first: the pattern opens with a set,
so that sre scans for a digit in C (the lookbehind first, it tried every position: two and a
half times as long)."""


def hyphen_month_first(texts: Iterable[str]) -> bool:
    """True when the page's hyphenated dates put the month first: a second number above 12
    somewhere ("04-14-2020") and no first one.

    >>> hyphen_month_first(["06-03-2020 05:21 PM", "04-14-2020 | Energy"])
    True
    >>> hyphen_month_first(["03-06-2020", "28-05-2020"]), hyphen_month_first(["06-03-2020"])
    (False, False)
    """
    return _order(HYPHEN_DMY, texts) is False


def month_first_iso(text: str) -> str:
    """`text` with its hyphenated month-first dates written year first ("06-03-2020" ->
    "2020-06-03"), which every date pattern reads one way."""
    return HYPHEN_DMY.sub(lambda m: f"{m[3]}-{int(m[1]):02d}-{int(m[2]):02d}", text)


def slash_dates(text: str, day_first: bool) -> list[FoundDate]:
    """The slash dates of `text`, read in the page's order (`slash_order`).

    >>> [d.day.isoformat() for d in slash_dates("03/06/2020 - The OECD said", True)]
    ['2020-06-03']
    >>> slash_dates("发表时间：03/06/2020 - 14:21", True)[0].hour  # the clock after a dash
    14
    >>> slash_dates("Last Updated: 03/06/20 5:21pm", True), slash_dates("won 3/6/20", True)
    ([FoundDate(day=datetime.date(2020, 6, 3), hour=17, minute=21, second=None, zone=None)], [])
    """
    found = []
    for match in _SLASH_DATE.finditer(text):
        first, second = int(match.group("a")), int(match.group("b"))
        day, month = (first, second) if day_first else (second, first)
        year = int(match.group("y"))
        if item := _build(match, year + 2000 if year < 100 else year, month, day):
            found.append(item)
    return found


@dataclass(frozen=True)
class FoundDate:
    """A date as printed: the time parts are None when not shown, zone None when not stated."""

    day: date
    hour: int | None = None
    minute: int | None = None
    second: int | None = None
    zone: tzinfo | None = None

    @property
    def has_time(self) -> bool:
        return self.hour is not None

    def on_clock(self, zone: tzinfo) -> FoundDate:
        """The same instant on `zone`'s clock, when this date has a time and a zone.

        >>> late = FoundDate(date(2020, 6, 2), 22, 31, 5, timezone.utc)
        >>> late.on_clock(timezone(timedelta(hours=8))).iso(None)
        '2020-06-03T06:31:05+08:00'
        """
        if self.hour is None or self.minute is None or self.zone is None:
            return self
        instant = datetime.combine(self.day, time(self.hour, self.minute, self.second or 0))
        local = instant.replace(tzinfo=self.zone).astimezone(zone)
        second = local.second if self.second is not None else None
        return FoundDate(local.date(), local.hour, local.minute, second, zone)

    def iso(self, default_zone: tzinfo | None) -> str:
        """ISO 8601 at the precision found.

        >>> FoundDate(date(2020, 6, 2), 10, 31).iso(ZoneInfo("Asia/Shanghai"))
        '2020-06-02T10:31+08:00'
        >>> FoundDate(date(2020, 6, 2), 10, 31, 5, timezone.utc).iso(None)
        '2020-06-02T10:31:05+00:00'
        >>> FoundDate(date(2020, 6, 2), 10, 31).iso(None)
        '2020-06-02'
        >>> FoundDate(date(2020, 6, 2)).iso(ZoneInfo("Asia/Shanghai"))
        '2020-06-02'
        """
        zone = self.zone or default_zone
        if self.hour is None or self.minute is None or zone is None:
            return self.day.isoformat()
        local = datetime.combine(self.day, datetime.min.time()).replace(
            hour=self.hour, minute=self.minute, second=self.second or 0, tzinfo=zone
        )
        offset = local.utcoffset() or timedelta(0)
        sign = "-" if offset < timedelta(0) else "+"
        minutes = abs(int(offset.total_seconds())) // 60
        clock = f"{self.hour:02d}:{self.minute:02d}"
        if self.second is not None:
            clock += f":{self.second:02d}"
        return f"{self.day.isoformat()}T{clock}{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _zone(text: str | None) -> tzinfo | None:
    if not text:
        return None
    text = text.strip(" ,").upper() if text.isascii() else text.strip().translate(_SIMPLIFIED)
    words = text.split()
    if len(words) >= 2 and words[0] in _US_REGIONS and words[-1] == "TIME":
        # "Eastern Daylight Time" is EDT, "Pacific Time" is PT
        text = _US_REGIONS[words[0]] + (words[1][0] if len(words) == 3 else "") + "T"
    if text in _ZONE_NAMES:
        return _ZONE_NAMES[text]
    match = re.fullmatch(r"(?:UTC|GMT)?\s*([+-])\s*(\d{1,2}):?(\d{2})?", text)
    if not match:
        return None
    hours, minutes = int(match.group(2)), int(match.group(3) or 0)
    if hours > 14 or minutes >= 60:
        return None
    delta = timedelta(hours=hours, minutes=minutes)
    return timezone(-delta if match.group(1) == "-" else delta)


def _calendar_day(year: int, month: int, day: int) -> date | None:
    """The day, or None when the calendar has no such day ("2020-02-30")."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _build(match: re.Match[str], year: int, month: int, day: int) -> FoundDate | None:
    found_day = _calendar_day(year, month, day)
    if found_day is None:
        return None
    noon = match.group("noon")
    if match.group("H") is None and not noon:
        return FoundDate(found_day)
    ampm = "" if noon else (match.group("ampm") or "").lower().replace(".", "")
    if match.group("dot") and not (ampm or match.group("zone") or match.groupdict().get("uhr")):
        return FoundDate(found_day)  # "18.42" is a clock only beside "BST", "pm" or "Uhr"
    hour = 12 if noon else int(match.group("H"))
    minute = int(match.group("M") or 0)
    period = match.groupdict().get("period")
    if (ampm == "pm" or period in _PM_PERIODS or (period == "中午" and hour < 6)) and hour < 12:
        hour += 12
    elif (ampm == "am" or period in ("上午", "凌晨", "早上")) and hour == 12:
        hour = 0
    if hour > 23:
        return FoundDate(found_day)
    second = int(match.group("S")) if match.group("S") else None
    zone = match.group("zone") or match.groupdict().get("zone_first")
    return FoundDate(found_day, hour, minute, second, _zone(zone))


def find_dates(text: str) -> list[FoundDate]:
    """Every well-formed date in `text`, in order.

    >>> [d.iso(ZoneInfo("Asia/Shanghai")) for d in find_dates("发布时间：2020年6月2日 10:31 来源")]
    ['2020-06-02T10:31+08:00']
    >>> [d.iso(None) for d in find_dates("June 2, 2020 08:00 ET")]
    ['2020-06-02T08:00-04:00']
    >>> [d.iso(None) for d in find_dates("June 03, 2020 08:00 AM Eastern Daylight Time")]
    ['2020-06-03T08:00-04:00']
    >>> [d.iso(None) for d in find_dates("Jan 3, 2020 8:00 PM Pacific Time")]
    ['2020-01-03T20:00-08:00']
    >>> [d.iso(None) for d in find_dates("2020年6月3日（星期三） 香港時間12時30分")]
    ['2020-06-03T12:30+08:00']
    >>> [d.iso(ZoneInfo("Asia/Shanghai")) for d in find_dates("2020年6月3日 星期三 下午5:21")]
    ['2020-06-03T17:21+08:00']
    >>> [d.iso(None) for d in find_dates("Updated 2:21 PM ET, Wed June 3, 2020")]
    ['2020-06-03T14:21-04:00']
    >>> [d.iso(None) for d in find_dates("Posted: Jun 3, 2020 / 06:04 PM CDT")]
    ['2020-06-03T18:04-05:00']
    >>> [d.iso(None) for d in find_dates("Wed 3 Jun 2020 18.42 BST")]
    ['2020-06-03T18:42+01:00']
    >>> [d.iso(ZoneInfo("UTC")) for d in find_dates("June 3, 2020 — 2.21pm")]
    ['2020-06-03T14:21+00:00']
    >>> [d.iso(None) for d in find_dates("Wednesday 3 June 2020 14:21, UK")]
    ['2020-06-03T14:21+01:00']
    >>> [d.iso(ZoneInfo("Europe/London")) for d in find_dates("Released 07:00 03-Jun-2020")]
    ['2020-06-03T07:00+01:00']
    >>> [d.iso(ZoneInfo("UTC")) for d in find_dates("June 3, 2020 12.50 percent")]
    ['2020-06-03']
    >>> [d.iso(None) for d in find_dates("2020-06-02T10:31:45+08:00")]
    ['2020-06-02T10:31:45+08:00']
    >>> [d.iso(None) for d in find_dates("日期 03.06.2020")]
    ['2020-06-03']
    >>> [(d.hour, d.minute) for d in find_dates("03.06.2020 • 14:21 and 03.06.2020, 14.21 Uhr")]
    [(14, 21), (14, 21)]
    >>> find_dates("tel 2020-13-45")
    []
    >>> [d.iso(None) for d in find_dates("17:21 UTC+8, 2020-06-03")]
    ['2020-06-03T17:21+08:00']
    >>> [str(d.day) for d in find_dates("2019 09/07 19:02")]  # year apart from month/day
    ['2019-09-07']
    >>> [d.iso(None) for d in find_dates("Jun 03, 2020 • 8:21 AM EDT • 3 minute read")]
    ['2020-06-03T08:21-04:00']
    >>> [d.iso(None) for d in find_dates("6/3/2020 8:21 AM ET")]  # a US clock: month first
    ['2020-06-03T08:21-04:00']
    >>> find_dates("6/3/2020 8:21")
    []
    >>> [d.iso(None) for d in find_dates("March 3, 2025, 9 a.m. ET and June 3, 2020, noon ET")]
    ['2025-03-03T09:00-05:00', '2020-06-03T12:00-04:00']
    >>> [d.iso(None) for d in find_dates("March 3, 2025, 9 ET")]  # an hour alone: no clock
    ['2025-03-03']
    """
    # Every pattern's match holds a year "19dd" or "20dd" but DAY_FIRST_DATE's two-digit year,
    # which a clock's ":" follows: two substring tests skip them all on most lines.
    if "19" in text or "20" in text:
        found = _dated(text)
    elif ":" in text:
        found = _day_first(text)
    else:
        found = []
    if not found and ("日期" in text or "時間" in text or "时间" in text):
        found = [(m.start(), item) for m in _ROC_DATE.finditer(text) if (item := _roc(m))]
    if not found:
        return []
    if "时间" in text or "時間" in text:
        found = [(start, _zone_label_before(text, start, item)) for start, item in found]
    return [item for _, item in sorted(found, key=lambda pair: pair[0])]


def _dated(text: str) -> list[tuple[int, FoundDate]]:
    """`find_dates`'s dates with their start, in the order the patterns are tried, on a line
    that holds a four-digit year."""
    found: list[tuple[int, FoundDate]] = []
    spaced = _SPACED_YEAR.search(text) is not None
    numeric_first = [
        m
        for m in (CLOCK_FIRST_NUMERIC.finditer(text) if spaced and ":" in text else ())
        if m.group("ampm") or m.group("zone") or _CLOCK_COMMA.match(m.group(0))
    ]
    for match in numeric_first:
        item = _build(match, int(match.group("y")), int(match.group("m")), int(match.group("d")))
        if item:
            found.append((match.start(), item))
    for match in NUMERIC_DATE.finditer(text):
        if any(a < match.end() <= b for a, b in (m.span() for m in numeric_first)):
            continue  # the date of a clock-first match, read with its clock already
        if (
            match.group("sep") == "."
            and match.group("H") is None
            and re.match(r"\d", text[match.end() :])
        ):
            continue
        item = _build(match, int(match.group("y")), int(match.group("m")), int(match.group("d")))
        if item:
            found.append((match.start(), item))
    for match in US_CLOCKED_DATE.finditer(text) if "/" in text else ():
        if match.group("ampm") and (match.group("zone") or "").upper() in _US_ZONES:
            item = _build(
                match, int(match.group("y")), int(match.group("m")), int(match.group("d"))
            )
            if item:
                found.append((match.start(), item))
    found += _day_first(text)
    if not spaced:
        return found  # no English date, clock first or not
    clock_first = [
        m
        for m in CLOCK_FIRST_DATE.finditer(text)
        if m.group("ampm")
        or m.group("zone")
        or _CLOCK_COMMA.match(m.group(0))
        or _WEEKDAY_AFTER_CLOCK.search(m.group(0))
        or _RELEASED.search(text, 0, m.start())
    ]
    read = [(c.start(), c.end()) for c in clock_first]
    for match in [*clock_first, *ENGLISH_DATE.finditer(text)]:
        if match.re is ENGLISH_DATE and any(a < match.end() <= b for a, b in read):
            continue  # the date of a clock-first match, read with its clock already
        mon = (match.group("mon") or match.group("mon2") or "")[:3].lower()
        day = match.group("d") or match.group("d2")
        item = _build(match, int(match.group("y")), _MONTHS[mon], int(day))
        if item:
            found.append((match.start(), item))
    return found


def _day_first(text: str) -> list[tuple[int, FoundDate]]:
    """`DAY_FIRST_DATE`'s dates with their start."""
    found = []
    for match in DAY_FIRST_DATE.finditer(text) if "." in text or "-" in text else ():
        year = int(match.group("y"))
        item = _build(
            match, year + 2000 if year < 100 else year, int(match.group("m")), int(match.group("d"))
        )
        if item:
            found.append((match.start(), item))
    return found


_ROC_DATE = re.compile(
    r"(?:日期|時間|时间)\s*[：:]\s*(?:(?:中華)?民國\s*)?(?P<y>1[01]\d)"
    r"(?:[/.-](?P<m>\d{1,2})[/.-](?P<d>\d{1,2})|年\s*(?P<cm>\d{1,2})\s*月\s*(?P<cd>\d{1,2})\s*日)"
    r"(?:\s+(?P<H>[01]?\d|2[0-3]):(?P<M>[0-5]\d)(?::(?P<S>[0-5]\d))?)?(?![\d/.:-])"
)
"""A Taiwanese government date in the Republic's years after its label ("發布日期：109/6/3",
2020-06-03; "發布日期：109年6月3日", "日期：民國109年6月3日"), maybe with its time
("發布時間：114/03/05 14:30")."""


def _roc(match: re.Match[str]) -> FoundDate | None:
    """The date a `_ROC_DATE` match prints, on the Gregorian calendar (year 1 is 1912)."""
    month, day_of_month = match["m"] or match["cm"], match["d"] or match["cd"]
    day = _calendar_day(int(match["y"]) + 1911, int(month), int(day_of_month))
    if day is None or match["H"] is None:
        return FoundDate(day) if day else None
    second = int(match["S"]) if match["S"] else None
    return FoundDate(day, int(match["H"]), int(match["M"]), second)


_ZONE_LABEL = re.compile(r"(美东|美東|美西|美中)[时時][间間]\s*[：:]?\s*$")
_LABELLED_ZONES = {
    "美东": "America/New_York",
    "美東": "America/New_York",
    "美西": "America/Los_Angeles",
    "美中": "America/Chicago",
}


def _zone_label_before(text: str, start: int, item: FoundDate) -> FoundDate:
    """`item` in the zone a label right before it names ("美东时间：2020-06-03 17:45:21", US
    Eastern time, as American Chinese papers print their dates)."""
    label = _ZONE_LABEL.search(text, max(0, start - 8), start)
    if label is None or item.zone is not None or not item.has_time:
        return item
    return replace(item, zone=ZoneInfo(_LABELLED_ZONES[label.group(1)]))


def url_date(url: str) -> FoundDate | None:
    """A date in a URL path: /2020-06/02/, /20200602/, t20200602_123.html.

    >>> url_date("http://x.gov.cn/xwfb/202006/t20200602_123456.html").day.isoformat()
    '2020-06-02'
    >>> url_date("http://x.cn/2020-06/02/c_1125.htm").day.isoformat()
    '2020-06-02'
    >>> url_date("http://x.cn/a/123456.html") is None
    True
    >>> url_date("http://x.cn/search?cwrqStart=2021-01-01") is None  # a search's filter
    True
    """
    path = re.sub(r"^[a-z]+://[^/]+", "", url).split("?", 1)[0].split("#", 1)[0]  # not a filter's
    for match in URL_DATE.finditer(path):
        try:
            return FoundDate(
                date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
            )
        except ValueError:
            continue
    return None
