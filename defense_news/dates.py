"""Date parsing for WordPress pages.

Every parser returns either an aware ``datetime`` (converted to UTC by
:func:`to_iso`) or a plain ``date`` when the source only states a day; the
caller keeps the date rather than inventing a time.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, tzinfo

from .html_text import clean_line

Moment = datetime | date

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            # English, then German, French and Spanish names (locale-aware date text)
            ("january", "jan", "januar", "jänner", "janvier", "janv", "enero", "ene"),
            ("february", "feb", "februar", "février", "févr", "febrero"),
            ("march", "mar", "märz", "mär", "mars", "marzo"),
            ("april", "apr", "avril", "avr", "abril", "abr"),
            ("may", "mai", "mayo"),
            ("june", "jun", "juni", "juin", "junio"),
            ("july", "jul", "juli", "juillet", "juil", "julio"),
            ("august", "aug", "août", "agosto", "ago"),
            ("september", "sep", "sept", "septembre", "septiembre", "setiembre"),
            ("october", "oct", "oktober", "okt", "octobre", "octubre"),
            ("november", "nov", "novembre", "noviembre"),
            ("december", "dec", "dezember", "dez", "décembre", "déc", "diciembre", "dic"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
# The weekday a date may open with: any word and a comma ("Thursday, June 13, 2019", "Donnerstag,
# 13. Juni 2019"), or a weekday's name without one, as French and Spanish print it ("jeudi 13 juin
# 2019", "jueves 13 de junio de 2019"); the names are listed so that no other word ("on", "am")
# passes for one.
# The one table of weekdays' names, by language (the bylines' rules read a date's words too).
WEEKDAYS = {
    "en": ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    "de": ("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"),
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "es": ("lunes", "martes", "miércoles", "miercoles", "jueves", "viernes", "sábado", "sabado", "domingo"),
}
WEEKDAY_NAMES = "|".join(name for names in WEEKDAYS.values() for name in names)
_WEEKDAY = rf"(?:\w+,\s*|(?:{WEEKDAY_NAMES})\s+)?"
_TIME = (
    r"(?:\s*(?:at|um|à|a las|@|,|-)?\s*(?P<hour>\d{1,2})[:.h](?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"\s*(?P<ampm>[ap]\.?m\.?)?(?:\s*uhr)?)?"
)
_ISO = re.compile(
    r"^(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
    r"(?:[T ](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?"
    r"(?P<tz>Z|[+-]\d{2}:?\d{2})?)?$"
)
_MONTH_FIRST = re.compile(
    rf"^{_WEEKDAY}{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}}){_TIME}$", re.I
)
_DAY_FIRST = re.compile(
    rf"^{_WEEKDAY}(?P<day>\d{{1,2}})(?:st|nd|rd|th|er)?\.?\s+(?:de\s+)?{_MONTH},?\s+(?:de\s+)?(?P<year>\d{{4}}){_TIME}$",
    re.I,
)
# 06.01.2026 (German and most of Europe): dotted numeric dates are day first, a space after each
# dot where the typesetting wants one ("4. 2. 2022", a thin space in the HTML).
_DOTTED_DMY = re.compile(rf"^(?P<day>\d{{1,2}})\. ?(?P<month>\d{{1,2}})\. ?(?P<year>\d{{4}}){_TIME}$", re.I)
# WordPress's numeric date formats: Y/m/d, m/d/Y (the US default of that option).
_SLASHED_YMD = re.compile(rf"^(?P<year>\d{{4}})/(?P<month>\d{{1,2}})/(?P<day>\d{{1,2}}){_TIME}$", re.I)
_SLASHED_MDY = re.compile(rf"^(?P<month>\d{{1,2}})/(?P<day>\d{{1,2}})/(?P<year>\d{{4}}){_TIME}$", re.I)
# RFC 2822, e-mail's and RSS's date ("Wed, 04 May 2022 02:41:00 GMT"), which some systems print as
# JSON-LD's datePublished or a meta tag's time: an instant with its zone.
_RFC_2822 = re.compile(
    r"^(?:[a-z]{3},\s*)?(?P<day>\d{1,2})\s+(?P<month>[a-z]{3})\s+(?P<year>\d{4})\s+"
    r"(?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?\s*(?P<tz>GMT|UTC|UT|Z|[+-]\d{4})$",
    re.I,
)
# The same formats printed inside a line ("VON MORITZ GATHMANN am 21. April 2020", "06.11.2023
# 13:30 von Olga"): unanchored, not inside a word.
_INSIDE = tuple(
    re.compile(r"(?<!\w)" + pattern.pattern[1:-1] + r"(?!\w)", pattern.flags)
    for pattern in (_MONTH_FIRST, _DAY_FIRST, _DOTTED_DMY, _SLASHED_YMD)
)
_RELATIVE = re.compile(
    r"^(?:(?P<n>\d+|an?|one)\s+(?P<unit>sec|second|min|minute|hour|hr|day|week|month|year)s?\s+ago)$",
    re.I,
)
_UNIT_SECONDS = {
    "sec": 1,
    "second": 1,
    "min": 60,
    "minute": 60,
    "hr": 3600,
    "hour": 3600,
    "day": 86400,
    "week": 7 * 86400,
    "month": 30 * 86400,
    "year": 365 * 86400,
}
# Years outside this window are garbage on a news site (and keep datetime from overflowing).
MIN_YEAR, MAX_YEAR = 1990, 2100


def _valid_year(year: int) -> bool:
    return MIN_YEAR <= year <= MAX_YEAR


def localize(naive: datetime, tz: tzinfo) -> datetime:
    """Attach ``tz`` to a wall-clock time as WordPress does.

    A time in the repeated hour when clocks go back is ambiguous in print.
    WordPress converts local times with PHP's DateTime, which takes the first
    (daylight-time) instant; so do we (zoneinfo's ``fold=0``). Checked on
    WordPress 6.1 / PHP 8.2: "2024-11-03 01:30" New York → 05:30Z.
    """
    return naive.replace(tzinfo=tz, fold=0)


def parse_iso(value: str, naive_tz: tzinfo | None = None) -> Moment | None:
    """Parse an ISO 8601 timestamp or date; naive timestamps are in ``naive_tz``.

    >>> parse_iso("2022-10-09")
    datetime.date(2022, 10, 9)
    >>> to_iso(parse_iso("2022-10-09T14:05:00+00:00"))
    '2022-10-09T14:05:00Z'
    """
    match = _ISO.match(value.strip())
    if not match:
        return None
    year, month, day = int(match["year"]), int(match["month"]), int(match["day"])
    if not _valid_year(year):
        return None
    try:
        if match["hour"] is None:
            return date(year, month, day)
        naive = datetime(year, month, day, int(match["hour"]), int(match["minute"]), int(match["second"] or 0))
    except ValueError:
        return None
    tz_text = match["tz"]
    if tz_text is None:
        return localize(naive, naive_tz) if naive_tz is not None else naive.replace(tzinfo=UTC)
    if tz_text == "Z":
        return naive.replace(tzinfo=UTC)
    sign = 1 if tz_text[0] == "+" else -1
    digits = tz_text[1:].replace(":", "")
    offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    if offset >= timedelta(hours=24):
        return None
    return (naive - sign * offset).replace(tzinfo=UTC)


def _rfc_2822(match: re.Match[str]) -> datetime | None:
    """The instant of an RFC 2822 date; None for a month name it does not know or a date that does not exist.

    >>> _rfc_2822(_RFC_2822.match("Wed, 04 May 2022 02:41:00 GMT"))
    datetime.datetime(2022, 5, 4, 2, 41, tzinfo=datetime.timezone.utc)
    """
    month = _MONTHS.get(match["month"].lower())
    year = int(match["year"])
    zone = match["tz"].upper()
    if month is None or not _valid_year(year):
        return None
    offset = timedelta(0)
    if zone[0] in "+-":
        hours, minutes = int(zone[1:3]), int(zone[3:])
        if hours > 23 or minutes > 59:
            return None
        offset = (1 if zone[0] == "+" else -1) * timedelta(hours=hours, minutes=minutes)
    try:
        naive = datetime(
            year, month, int(match["day"]), int(match["hour"]), int(match["minute"]), int(match["second"] or 0)
        )
    except ValueError:
        return None
    return (naive - offset).replace(tzinfo=UTC)


def _from_match(match: re.Match[str], month: int, tz: tzinfo, day: int | None = None) -> Moment | None:
    year, day = int(match["year"]), int(match["day"]) if day is None else day
    if not _valid_year(year):
        return None
    try:
        if match["hour"] is None:
            return date(year, month, day)
        hour = int(match["hour"])
        ampm = (match["ampm"] or "").replace(".", "").lower()
        if ampm:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if ampm == "pm" else 0)
        naive = datetime(year, month, day, hour, int(match["minute"]), int(match["second"] or 0))
    except ValueError:
        return None
    return localize(naive, tz)


def parse_local_text(value: str, tz: tzinfo, now: datetime | None = None) -> Moment | None:
    """Parse a date as a WordPress theme prints it, in the site's time zone ``tz``.

    Understands the common ``date_format``/``time_format`` options ("October 9,
    2022 at 10:10 am", "9 October 2022", "2022/10/09", "10/09/2022 14:05"),
    ISO dates, and relative texts ("5 hours ago") measured from ``now``.

    >>> from zoneinfo import ZoneInfo
    >>> to_iso(parse_local_text("October 9, 2022 at 10:10 am", ZoneInfo("America/New_York")))
    '2022-10-09T14:10:00Z'
    >>> parse_local_text("25/12/2022", UTC), parse_local_text("12/25/2022", UTC), parse_local_text("03/05/2022", UTC)
    (datetime.date(2022, 12, 25), datetime.date(2022, 12, 25), datetime.date(2022, 3, 5))
    >>> parse_local_text("25/13/2022", UTC) is None
    True
    """
    text = clean_line(value)
    if not text or len(text) > 80:
        return None
    iso = parse_iso(text, naive_tz=tz)
    if iso is not None:
        return iso
    match = _RFC_2822.match(text)
    if match:
        return _rfc_2822(match)
    for pattern in (_MONTH_FIRST, _DAY_FIRST):
        match = pattern.match(text)
        if match:
            return _from_match(match, _MONTHS[match["month"].lower()], tz)
    for pattern in (_SLASHED_YMD, _SLASHED_MDY, _DOTTED_DMY):
        match = pattern.match(text)
        if match:
            month = int(match["month"])
            if pattern is _SLASHED_MDY and month > 12 and 1 <= int(match["day"]) <= 12:
                # "25/12/2022": no month 25, so the d/m/Y most of the world writes. An ambiguous
                # "03/05/2022" stays month first, WordPress's US default of that option.
                return _from_match(match, int(match["day"]), tz, day=month)
            return _from_match(match, month, tz) if 1 <= month <= 12 else None
    match = _RELATIVE.match(text)
    if match and now is not None:
        n_text = match["n"].lower()
        count = 1 if n_text in {"a", "an", "one"} else int(n_text)
        seconds = count * _UNIT_SECONDS[match["unit"].lower()]
        if seconds > 50 * 365 * 86400:
            return None
        return (now - timedelta(seconds=seconds)).astimezone(UTC).replace(second=0, microsecond=0)
    return None


def dates_inside(text: str, tz: tzinfo) -> list[tuple[int, int]]:
    """Where ``text`` prints an absolute date (day, month and year; a time after it) of the formats
    :func:`parse_local_text` reads, leftmost first, as (start, end): the date's own first character
    (not a weekday before it) to its end.

    >>> text = "VON MORITZ GATHMANN am 21. April 2020"
    >>> [text[a:b] for a, b in dates_inside(text, UTC)]
    ['21. April 2020']
    """
    if len(text) > 400:
        return []  # a line, not a page
    found = []
    for pattern in _INSIDE:
        for match in pattern.finditer(text):
            start = min(match.start(g) for g in ("day", "month", "year") if match.start(g) >= 0)
            if parse_local_text(text[start : match.end()], tz) is not None:
                found.append((start, match.end()))
    return sorted(found)


def to_iso(moment: Moment) -> str:
    """ISO 8601: ``YYYY-MM-DDTHH:MM:SSZ`` in UTC, or ``YYYY-MM-DD`` for a bare date."""
    if isinstance(moment, datetime):
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return moment.isoformat()


def has_time(iso_value: str) -> bool:
    return "T" in iso_value


def utc_now() -> datetime:
    return datetime.now(UTC)
