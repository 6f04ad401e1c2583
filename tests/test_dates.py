from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from defense_news.dates import parse_iso, parse_local_text, to_iso

NY = ZoneInfo("America/New_York")
NOW = datetime(2022, 12, 20, 15, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("October 9, 2022 at 10:10 am", "2022-10-09T14:10:00Z"),  # EDT, UTC-4
        ("January 24, 2023 at 9:24 pm", "2023-01-25T02:24:00Z"),  # EST, UTC-5, next UTC day
        ("\n\t\tOctober 9, 2022\n\t\tat 12:05 am\t", "2022-10-09T04:05:00Z"),
        ("October 9, 2022 at 12:05 pm", "2022-10-09T16:05:00Z"),
        ("Oct 9, 2022", "2022-10-09"),
        ("9 October 2022", "2022-10-09"),
        ("9 Oktober, 2022", "2022-10-09"),  # a comma after a day-first month
        # the weekday's name without a comma, as French, Spanish (and some German) lines print it
        ("jeudi 13 juin 2019", "2019-06-13"),
        ("jueves 13 de junio de 2019", "2019-06-13"),
        ("Donnerstag 13. Juni 2019", "2019-06-13"),
        ("4.\u20092.\u20092022", "2022-02-04"),  # dotted day first, thin spaces after the dots
        ("04. 02. 2022 14:30", "2022-02-04T19:30:00Z"),
        ("2022/10/09", "2022-10-09"),
        ("10/09/2022 14:05", "2022-10-09T18:05:00Z"),
        ("2022-10-09", "2022-10-09"),
        ("2022-10-09T14:05:00", "2022-10-09T18:05:00Z"),  # naive ISO: site-local
        ("2024-07-04T10:00:00-04:00", "2024-07-04T14:00:00Z"),
        ("2022-10-09T14:05:00+00:00", "2022-10-09T14:05:00Z"),
        ("5 hours ago", "2022-12-20T10:00:00Z"),
        ("1 day ago", "2022-12-19T15:00:00Z"),
        ("an hour ago", "2022-12-20T14:00:00Z"),
        # the repeated hour: PHP (and so WordPress) takes the first, daylight-time instant
        ("November 6, 2022 at 1:30 am", "2022-11-06T05:30:00Z"),
        ("November 6, 2022 at 2:30 am", "2022-11-06T07:30:00Z"),
    ],
)
def test_parse_local_text(text, expected):
    moment = parse_local_text(text, NY, NOW)
    assert moment is not None
    assert to_iso(moment) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Smarch 45, 20222",
        "not-a-date",
        "",
        "February 30, 2022",
        "13/45/2022",
        "2022-13-01",
        "99999 years ago",
        "October 9, 2022 at 13:10 pm",
        "0001-01-01",
        "x" * 500,
        "on 13 June 2019",  # a word before the date that is no weekday's name
    ],
)
def test_garbage_is_none(text):
    assert parse_local_text(text, NY, NOW) is None


def test_parse_iso_dates_and_offsets():
    assert parse_iso("2022-10-09") == date(2022, 10, 9)
    assert parse_iso("2024-04-08T09:30:00") == datetime(2024, 4, 8, 9, 30, tzinfo=UTC)  # REST date_gmt
    assert parse_iso("2024-04-08T09:30:00Z") == datetime(2024, 4, 8, 9, 30, tzinfo=UTC)
    assert parse_iso("2024-04-08T09:30:00+0530") == datetime(2024, 4, 8, 4, 0, tzinfo=UTC)
    assert parse_iso("2024-04-08T09:30:00+99:00") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # RFC 2822 (e-mail's, RSS's), printed by some systems as JSON-LD's datePublished: its own
        # zone, not the site's. Before: unparsed (the page fell back to its printed date or none).
        ("Wed, 04 May 2022 02:41:00 GMT", "2022-05-04T02:41:00Z"),
        ("04 May 2022 02:41 +0200", "2022-05-04T00:41:00Z"),
        ("Wed, 04 May 2022 02:41:00 -0430", "2022-05-04T07:11:00Z"),
        ("Wed, 31 Feb 2022 02:41:00 GMT", None),
        ("Wed, 04 May 0000 02:41:00 GMT", None),
        ("Wed, 04 May 2022 02:41:00 +9999", None),
    ],
)
def test_rfc_2822_dates_are_instants(text, expected):
    moment = parse_local_text(text, NY, NOW)
    assert (to_iso(moment) if moment is not None else None) == expected
