"""The date strings news pages print, and what each one must (or must never) become."""

from __future__ import annotations

import pickle
import warnings
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from newsfeeds.dates import DateParseError, ParsedDate, format_rfc3339, parse_date, to_utc

KOLKATA = ZoneInfo("Asia/Kolkata")
NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 27, 12, 0, tzinfo=KOLKATA)


def parse(raw: str | int | float, **options: object) -> ParsedDate:
    options.setdefault("tz", KOLKATA)
    options.setdefault("now", NOW)
    return parse_date(raw, **options)  # type: ignore[arg-type]


def table(*rows: tuple[str, str]) -> pytest.MarkDecorator:
    return pytest.mark.parametrize(("raw", "expected"), rows, ids=[row[0] or "<empty>" for row in rows])


@table(
    ("Mar 19, 2021, at 12:47 am", "2021-03-19T00:47:00+05:30"),
    ("| @indiablooms | Mar 19, 2021, at 12:47 am", "2021-03-19T00:47:00+05:30"),
    ("|  | @indiablooms | Mar 19, 2021, at 12:47 pm", "2021-03-19T12:47:00+05:30"),
    ("February 17, 2026 12:03 am (IST)", "2026-02-17T00:03:00+05:30"),
    ("March 19, 2021 12:47 AM", "2021-03-19T00:47:00+05:30"),
    ("March 19th, 2021 12:47 p.m.", "2021-03-19T12:47:00+05:30"),
    ("Friday, March 19, 2021 5 pm", "2021-03-19T17:00:00+05:30"),
    ("19 Mar 2021", "2021-03-19"),
    ("19-Mar-2021", "2021-03-19"),
    ("Mar 19, 2021", "2021-03-19"),
    ("Sept. 9, 2021", "2021-09-09"),
    ("19th of March, 2021", "2021-03-19"),
    ("12:47 PM IST, 19 Mar 2021", "2021-03-19T12:47:00+05:30"),
)
def test_bylines_the_site_prints(raw: str, expected: str) -> None:
    assert parse(raw).isoformat() == expected


@table(
    ("Updated: Feb 3, 2022, at 09:15 pm", "2022-02-03T21:15:00+05:30"),
    ("Published: Mar 19, 2021, at 12:47 am", "2021-03-19T00:47:00+05:30"),
    ("Posted on 19 Mar 2021", "2021-03-19"),
    ("Last updated Mar 19, 2021 10:05 IST", "2021-03-19T10:05:00+05:30"),
    ("First published on March 19, 2021", "2021-03-19"),
    ("Updated - Feb 3, 2022 | 09:15 PM", "2022-02-03T21:15:00+05:30"),
    ("Feb 3, 2022 - 9:15 pm", "2022-02-03T21:15:00+05:30"),
    ("2022-02-03 -05:00", "2022-02-03"),
    ("GMT+5:30 2022-02-03", "2022-02-03"),
)
def test_labels_around_the_date_are_ignored(raw: str, expected: str) -> None:
    assert parse(raw).isoformat() == expected


@table(
    ("2021-03-19T00:47:00+05:30", "2021-03-19T00:47:00+05:30"),
    ("2021-03-19T00:47:00Z", "2021-03-19T00:47:00+00:00"),
    ("2021-03-19T00:47:00+0530", "2021-03-19T00:47:00+05:30"),
    ("2021-03-19T00:47:00+05", "2021-03-19T00:47:00+05:00"),
    ("2021-03-19 00:47:00 -500", "2021-03-19T00:47:00-05:00"),
    ("2021-03-19 00:47:00 -0500", "2021-03-19T00:47:00-05:00"),
    ("2021-03-19T00:47:00.123+05:30", "2021-03-19T00:47:00.123000+05:30"),
    ("2021-03-19T00:47:00,5Z", "2021-03-19T00:47:00.500000+00:00"),
    ("2021-03-19T00:47:00.123456789Z", "2021-03-19T00:47:00.123456+00:00"),
    ("2021-03-19T00:47", "2021-03-19T00:47:00+05:30"),
    ("2021-03-19 00:47:00", "2021-03-19T00:47:00+05:30"),
    ("2021-03-19", "2021-03-19"),
    ("20210319T004700Z", "2021-03-19T00:47:00+00:00"),
    ("20210319T004700+0530", "2021-03-19T00:47:00+05:30"),
    ("2021-03-19 00:47:00 UTC+5:30", "2021-03-19T00:47:00+05:30"),
)
def test_iso_8601(raw: str, expected: str) -> None:
    assert parse(raw).isoformat() == expected


@table(
    ("Fri, 19 Mar 2021 00:47:00 +0530", "2021-03-19T00:47:00+05:30"),
    ("Fri, 19 Mar 2021 00:47:00 GMT", "2021-03-19T00:47:00+00:00"),
    ("Fri, 19 Mar 2021 00:47:00 -0400", "2021-03-19T00:47:00-04:00"),
    ("Fri, 19 Mar 2021 00:47:00 EST", "2021-03-19T00:47:00-05:00"),
)
def test_rfc_822(raw: str, expected: str) -> None:
    assert parse(raw).isoformat() == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (1616095020, "2021-03-18T19:17:00+00:00"),
        (1616095020.5, "2021-03-18T19:17:00.500000+00:00"),
        (1616095020123, "2021-03-18T19:17:00.123000+00:00"),
        ("1616095020", "2021-03-18T19:17:00+00:00"),
        (" 1616095020123 ", "2021-03-18T19:17:00.123000+00:00"),
        ("1616095020.25", "2021-03-18T19:17:00.250000+00:00"),
    ],
)
def test_epoch_seconds_and_milliseconds_are_utc_instants(raw: str | int | float, expected: str) -> None:
    assert parse(raw).isoformat() == expected


@table(
    ("19.03.2021", "2021-03-19"),
    ("03.04.2021", "2021-04-03"),
    ("2021/03/19", "2021-03-19"),
    ("2021.03.19", "2021-03-19"),
    ("19/03/2021", "2021-03-19"),
    ("03/04/2021", "2021-03-04"),
    ("03-04-2021", "2021-03-04"),
    ("19.03.2021 12:47", "2021-03-19T12:47:00+05:30"),
    ("2021/03/19 12:47 pm", "2021-03-19T12:47:00+05:30"),
)
def test_numeric_dates(raw: str, expected: str) -> None:
    assert parse(raw).isoformat() == expected


def test_dayfirst_decides_ambiguous_numeric_dates() -> None:
    assert parse("03/04/2021").value == date(2021, 3, 4)
    assert parse("03/04/2021", dayfirst=True).value == date(2021, 4, 3)
    assert parse("2021-03-04", dayfirst=True).value == date(2021, 3, 4)


def test_profile_formats_are_tried_first() -> None:
    assert parse("03/04/2021", formats=["%d/%m/%Y"]).value == date(2021, 4, 3)
    assert parse("202103190047", formats=["%Y%m%d%H%M"]).isoformat() == "2021-03-19T00:47:00+05:30"
    assert parse("19 mars 2021 12h47", formats=["%d %B %Y %Hh%M"]).isoformat() == "2021-03-19T12:47:00+05:30"
    assert parse("2021-03-19 00:47 +0100", formats=["%Y-%m-%d %H:%M %z"]).isoformat() == "2021-03-19T00:47:00+01:00"
    assert parse("Mar 19, 2021", formats=["%d.%m.%Y"]).value == date(2021, 3, 19)


def test_a_broken_profile_format_says_how_to_fix_it() -> None:
    with pytest.raises(DateParseError, match="date_formats"):
        parse("Mar 19, 2021", formats=["%Q %d"])


@table(
    ("just now", "2026-11-27T12:00:00+05:30"),
    ("5 mins ago", "2026-11-27T11:55:00+05:30"),
    ("2 hours ago", "2026-11-27T10:00:00+05:30"),
    ("an hour ago", "2026-11-27T11:00:00+05:30"),
    ("a minute ago", "2026-11-27T11:59:00+05:30"),
    ("1 hr ago", "2026-11-27T11:00:00+05:30"),
    ("45m ago", "2026-11-27T11:15:00+05:30"),
    ("30 seconds ago", "2026-11-27T11:59:00+05:30"),
    ("a few seconds ago", "2026-11-27T12:00:00+05:30"),
    ("Updated 2 hours ago", "2026-11-27T10:00:00+05:30"),
    ("3 days ago", "2026-11-24"),
    ("2 weeks ago", "2026-11-13"),
    ("Yesterday", "2026-11-26"),
    ("Yesterday at 10:30 pm", "2026-11-26T22:30:00+05:30"),
    ("Today, 10:30 AM", "2026-11-27T10:30:00+05:30"),
    ("Today", "2026-11-27"),
    ("Updated today at 9:05 am", "2026-11-27T09:05:00+05:30"),
)
def test_relative_dates_resolve_against_now(raw: str, expected: str) -> None:
    parsed = parse(raw)
    assert parsed.isoformat() == expected
    assert parsed.relative


def test_relative_times_drop_seconds() -> None:
    now = datetime(2026, 11, 27, 12, 0, 42, 123, tzinfo=KOLKATA)
    assert parse("5 mins ago", now=now).isoformat() == "2026-11-27T11:55:00+05:30"


def test_relative_dates_use_the_sites_calendar_day() -> None:
    late_utc_evening = datetime(2026, 11, 27, 20, 0, tzinfo=timezone.utc)
    assert parse("Yesterday", now=late_utc_evening).value == date(2026, 11, 27)


@table(
    ("19 mars 2021", "2021-03-19"),
    ("1er févr. 2021", "2021-02-01"),
    ("vendredi 19 mars 2021 à 12:47", "2021-03-19T12:47:00+05:30"),
    ("19 fevrier 2021", "2021-02-19"),
    ("19. März 2021 12:47", "2021-03-19T12:47:00+05:30"),
    ("Freitag, 19. Maerz 2021, 12:47 Uhr", "2021-03-19T12:47:00+05:30"),
    ("3. Dez. 2021", "2021-12-03"),
    ("19 de marzo de 2021", "2021-03-19"),
    ("viernes, 19 de marzo de 2021 a las 12:47", "2021-03-19T12:47:00+05:30"),
    ("19 de março de 2021, às 12:47", "2021-03-19T12:47:00+05:30"),
    ("19 out. 2021", "2021-10-19"),
    ("19 marzo 2021 alle 12:47", "2021-03-19T12:47:00+05:30"),
    ("venerdì 19 settembre 2025", "2025-09-19"),
    ("19 maart 2021 om 12:47", "2021-03-19T12:47:00+05:30"),
    ("19 mrt. 2021", "2021-03-19"),
    ("mar., 19 de oct. de 2021", "2021-10-19"),
    ("mar. 19 oct. 2021 12:47", "2021-10-19T12:47:00+05:30"),
)
def test_european_month_and_weekday_names(raw: str, expected: str) -> None:
    assert parse(raw).isoformat() == expected


@table(
    ("19 मार्च 2021", "2021-03-19"),
    ("१९ मार्च २०२१", "2021-03-19"),
    ("१९ मार्च २०२१, १२:४७ PM", "2021-03-19T12:47:00+05:30"),
    ("3 फ़रवरी 2022", "2022-02-03"),
    ("3 फरवरी 2022", "2022-02-03"),
    ("5 अप्रैल 2021", "2021-04-05"),
    ("5 सितंबर 2021", "2021-09-05"),
    ("5 सितम्बर 2021", "2021-09-05"),
    ("5 नवम्बर 2021", "2021-11-05"),
    ("अक्टूबर 2, 2021", "2021-10-02"),
    ("25 दिसंबर 2021", "2021-12-25"),
)
def test_hindi_month_names_and_digits(raw: str, expected: str) -> None:
    assert parse(raw).isoformat() == expected


@table(
    ("Mar 19, 2021 12:47 am IST", "2021-03-19T00:47:00+05:30"),
    ("Mar 19, 2021 12:47 EST", "2021-03-19T12:47:00-05:00"),
    ("Mar 19, 2021 12:47 GMT", "2021-03-19T12:47:00+00:00"),
    ("Mar 19, 2021 12:47 NPT", "2021-03-19T12:47:00+05:45"),
    ("Mar 19, 2021 12:47 (AEDT)", "2021-03-19T12:47:00+11:00"),
    ("Mar 19, 2021 12:47 XYZT", "2021-03-19T12:47:00+05:30"),
    ("Mar 19, 2021 12:47 NEW DELHI", "2021-03-19T12:47:00+05:30"),
)
def test_zone_abbreviations(raw: str, expected: str) -> None:
    assert parse(raw).isoformat() == expected


@table(
    ("5 ديسمبر 2023", "2023-12-05"),
    ("12 мая 2021", "2021-05-12"),
    ("19 Mart 2021", "2021-03-19"),
)
def test_arabic_russian_and_turkish_month_names(raw: str, expected: str) -> None:
    assert parse(raw).isoformat() == expected


@table(
    ("Nov. 2, 2023, 6:08 PM ET", "2023-11-02T18:08:00-04:00"),
    ("Jan. 9, 2024, 6:08 PM ET", "2024-01-09T18:08:00-05:00"),
    ("Published 6:08 PM ET, Thu November 2, 2023", "2023-11-02T18:08:00-04:00"),
    ("March 19, 2021 12:47 PT", "2021-03-19T12:47:00-07:00"),
    ("19.03.2021, 12:47 Uhr MEZ", "2021-03-19T12:47:00+01:00"),
)
def test_region_clocks_follow_that_regions_summer_time(raw: str, expected: str) -> None:
    """US pages print 'ET', German ones 'MEZ': a region, not one offset; a site elsewhere is no guide."""
    assert parse(raw).isoformat() == expected


def test_unknown_abbreviations_warn_about_nothing() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert parse("Mar 19, 2021 12:47 XYZT").isoformat() == "2021-03-19T12:47:00+05:30"
        assert parse("Fri, 19 Mar 2021 00:47:00 QRST").isoformat() == "2021-03-19T00:47:00+05:30"


@pytest.mark.parametrize(("raw", "options", "expected"), [
    ("March 3, 2023 — 2.05pm AEDT", {}, "2023-03-03T14:05:00+11:00"),
    ("Thu 8 Jun 2023 at 6:15pm ACST", {}, "2023-06-08T18:15:00+09:30"),
    ("June 8, 2023 11:20 AWST", {}, "2023-06-08T11:20:00+08:00"),
    ("Senin, 13 Maret 2023 | 14:35 WIB", {}, "2023-03-13T14:35:00+07:00"),
    ("Rabu, 5 Juli 2023 · 10:15 WITA", {}, "2023-07-05T10:15:00+08:00"),
    ("Published: July 18, 2023, 6:45 a.m. MDT", {}, "2023-07-18T06:45:00-06:00"),
    ("Jun 14, 2023, 9:05 PM IDT", {}, "2023-06-14T21:05:00+03:00"),
    ("Feb 2, 2023, 7:12 PM IST", {"region": "il"}, "2023-02-02T19:12:00+02:00"),
    ("Feb 2, 2023, 7:12 PM IST", {"region": "ie"}, "2023-02-02T19:12:00+01:00"),
    ("Feb 2, 2023, 7:12 PM IST", {}, "2023-02-02T19:12:00+05:30"),
    ("July 1, 2024 3:00 PM PST", {"region": "ph"}, "2024-07-01T15:00:00+08:00"),
    ("14.02.2024 09:05 TRT", {}, "2024-02-14T09:05:00+03:00"),
    ("Feb 14, 2024 - 09:05 am (BRT)", {}, "2024-02-14T09:05:00-03:00"),
    ("Fri, 19 Mar 2021 00:47:00 BRST", {}, "2021-03-19T00:47:00-02:00"),
    ("7:30pm, 8 Feb 2023 HKT", {}, "2023-02-08T19:30:00+08:00"),
    ("14 февраля 2023 в 18:20 (МСК)", {}, "2023-02-14T18:20:00+03:00"),
])
def test_zone_abbreviations_mean_what_the_time_zone_database_says(raw: str, options: dict[str, str], expected: str) -> None:
    """Abbreviations read from the zones' own names (and those the database replaced by numbers),
    an ambiguous one by the page's country."""
    assert parse(raw, tz=timezone.utc, **options).isoformat() == expected


@table(
    ("2022年11月8日 19時30分", "2022-11-08T19:30:00+05:30"),
    ("2021-06-15 오후 3:12", "2021-06-15T15:12:00+05:30"),
    ("입력 2021.06.15 10:32", "2021-06-15T10:32:00+05:30"),
    ("14 лютого 2023, 18:20", "2023-02-14T18:20:00+05:30"),
    ("14 lutego 2023 o 18:20", "2023-02-14T18:20:00+05:30"),
    ("14 במרץ 2023 21:05", "2023-03-14T21:05:00+05:30"),
    ("Senin, 13 Maret 2023 pukul 14:35", "2023-03-13T14:35:00+05:30"),
)
def test_local_notations_keep_their_time(raw: str, expected: str) -> None:
    """A time written the local way beside its date is the date's time, not dropped."""
    assert parse(raw).isoformat() == expected


NY_NOW = datetime(2021, 12, 1, 12, 0, tzinfo=NEW_YORK)


@table(
    ("Mar 13, 2021 10:00 am", "2021-03-13T10:00:00-05:00"),
    ("Mar 15, 2021 10:00 am", "2021-03-15T10:00:00-04:00"),
    ("Mar 14, 2021 1:30 am", "2021-03-14T01:30:00-05:00"),
    ("Mar 14, 2021 3:30 am", "2021-03-14T03:30:00-04:00"),
    ("Mar 14, 2021 2:30 am", "2021-03-14T03:30:00-04:00"),
    ("Nov 7, 2021 1:30 am", "2021-11-07T01:30:00-04:00"),
    ("Nov 7, 2021 1:30 am EDT", "2021-11-07T01:30:00-04:00"),
    ("Nov 7, 2021 1:30 am EST", "2021-11-07T01:30:00-05:00"),
    ("Jul 4, 2021 9:00 pm EDT", "2021-07-04T21:00:00-04:00"),
    ("Jan 4, 2021 9:00 pm EDT", "2021-01-04T21:00:00-04:00"),
    ("Jul 4, 2021 9:00 pm EST", "2021-07-04T21:00:00-05:00"),
    ("2021-07-04T21:00:00", "2021-07-04T21:00:00-04:00"),
    ("Jul 4, 2021 9:00 pm IST", "2021-07-04T21:00:00+05:30"),
)
def test_new_york_daylight_saving(raw: str, expected: str) -> None:
    assert parse(raw, tz=NEW_YORK, now=NY_NOW).isoformat() == expected


def test_new_york_abbreviation_keeps_the_zone() -> None:
    parsed = parse("Jul 4, 2021 9:00 pm EDT", tz=NEW_YORK, now=NY_NOW)
    assert parsed.value.tzinfo is NEW_YORK


def test_hours_ago_across_the_spring_forward_gap() -> None:
    just_after = datetime(2021, 3, 14, 3, 30, tzinfo=NEW_YORK)
    assert parse("2 hours ago", tz=NEW_YORK, now=just_after).isoformat() == "2021-03-14T00:30:00-05:00"


def test_a_date_becomes_midnight_in_the_site_zone() -> None:
    parsed = parse("Nov 7, 2021", tz=NEW_YORK, now=NY_NOW)
    assert parsed.precision == "day"
    assert parsed.instant(NEW_YORK).isoformat() == "2021-11-07T00:00:00-04:00"
    assert parsed.instant(KOLKATA).isoformat() == "2021-11-07T00:00:00+05:30"


def test_precision_and_instant() -> None:
    instant = parse("Mar 19, 2021, at 12:47 am")
    assert instant.precision == "instant"
    assert instant.instant(NEW_YORK) == datetime(2021, 3, 18, 19, 17, tzinfo=timezone.utc)
    assert instant.raw == "Mar 19, 2021, at 12:47 am"
    day = parse("  19 Mar 2021 ")
    assert (day.precision, day.raw, day.relative) == ("day", "19 Mar 2021", False)
    assert type(day.value) is date


NO_DATE = [
    "Support Our Journalism",
    "2 comments",
    "Page 3",
    "Top 10 stories",
    "Breaking",
    "",
    "   \n\t ",
    "2021",
    "12:47 am",
    "March 2021",
    "India Today",
    "Today's top stories",
    "Moscow/UNI/IBNS:",
    "Russia | US",
    "am ago",
]


@pytest.mark.parametrize("raw", NO_DATE, ids=[raw.strip() or "<blank>" for raw in NO_DATE])
def test_text_without_a_date_never_becomes_one(raw: str) -> None:
    with pytest.raises(DateParseError):
        parse(raw)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("31/02/2021", "impossible"),
        ("0000-00-00", "impossible"),
        ("0000-00-00 00:00:00", "impossible"),
        ("Feb 29, 2021", "impossible"),
        ("2021-13-04", "impossible"),
        ("Mar 19, 2021 25:10", "impossible"),
        ("Mar 19, 2021 13:10 pm", "impossible"),
        ("2021-03-19T00:47:00+25:00", "impossible"),
        ("Mar 19, 1985", "implausible: before 1990"),
        ("0099-03-19", "implausible: before 1990"),
        ("2 ago 0000", "implausible: before 1990"),
        ("0", "no date found"),
        ("Dec 25, 2026", "in the future"),
        ("9999999999999", "in the future"),
        ("3 months ago", "too vague"),
    ],
)
def test_impossible_and_implausible_dates(raw: str, reason: str) -> None:
    with pytest.raises(DateParseError) as caught:
        parse(raw)
    assert reason in caught.value.reason
    assert caught.value.raw == raw


def test_leap_day_in_a_leap_year_is_fine() -> None:
    assert parse("Feb 29, 2024").value == date(2024, 2, 29)


def test_plausibility_limits_are_options() -> None:
    assert parse("Mar 19, 1985", min_year=1900).value == date(1985, 3, 19)
    assert parse("Nov 28, 2026 9:00 am").isoformat() == "2026-11-28T09:00:00+05:30"
    with pytest.raises(DateParseError, match="in the future"):
        parse("Nov 28, 2026 9:00 am", max_future=timedelta(hours=1))
    with pytest.raises(DateParseError, match="before 1990"):
        parse(0)


GARBAGE: list[object] = [
    "\x00\x01\x02",
    "\ufffd\ufffd 💥 🙂",
    "99/99/9999",
    "2021-99-99T99:99:99",
    "32 Mar 2021",
    "Mar 0, 2021",
    "1e309",
    "NaN",
    "-1",
    "::::////----....",
    "12345678901234567890",
    "00000000T000000Z",
    "Mar 19, 2021 12:47 -99",
    "T" * 10_000,
    "1 " * 5_000 + "Mar",
    "००००-००-००",
    "Today at 99:99",
    "9999999 hours ago",
    float("nan"),
    float("inf"),
    -(10**30),
    10**30,
    True,
    None,
    b"Mar 19, 2021",
    ["Mar 19, 2021"],
]


@pytest.mark.parametrize("raw", GARBAGE, ids=[repr(raw)[:30] for raw in GARBAGE])
def test_garbage_raises_only_date_parse_error(raw: object) -> None:
    with pytest.raises(DateParseError):
        parse(raw)  # type: ignore[arg-type]


def test_error_names_the_input_and_the_reason() -> None:
    with pytest.raises(DateParseError) as caught:
        parse("Mar 19, 1985")
    assert "Mar 19, 1985" in str(caught.value)
    assert "implausible: before 1990" in str(caught.value)
    assert isinstance(caught.value, ValueError)
    copy = pickle.loads(pickle.dumps(caught.value))
    assert (copy.raw, copy.reason) == (caught.value.raw, caught.value.reason)


def test_naive_now_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="aware"):
        parse_date("Mar 19, 2021", tz=KOLKATA, now=datetime(2026, 11, 27))


def test_parsed_date_refuses_naive_datetimes() -> None:
    with pytest.raises(ValueError, match="aware"):
        ParsedDate(datetime(2021, 3, 19), "x")


def test_to_utc() -> None:
    assert to_utc(datetime(2021, 3, 19, 0, 47, tzinfo=KOLKATA)) == datetime(2021, 3, 18, 19, 17, tzinfo=timezone.utc)
    assert to_utc(datetime(2021, 3, 19, 0, 47, tzinfo=KOLKATA)).tzinfo is timezone.utc
    with pytest.raises(ValueError, match="naive"):
        to_utc(datetime(2021, 3, 19))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime(2021, 3, 19, 0, 47, 5, 999_999, tzinfo=KOLKATA), "2021-03-19T00:47:05+05:30"),
        (datetime(2021, 3, 19, 0, 47, tzinfo=timezone.utc), "2021-03-19T00:47:00+00:00"),
        (datetime(2021, 7, 4, 21, 0, tzinfo=NEW_YORK), "2021-07-04T21:00:00-04:00"),
        (datetime(1900, 1, 1, 12, 0, tzinfo=KOLKATA), "1900-01-01T06:38:50+00:00"),
    ],
)
def test_format_rfc3339(value: datetime, expected: str) -> None:
    assert format_rfc3339(value) == expected


def test_format_rfc3339_refuses_naive_datetimes() -> None:
    with pytest.raises(ValueError, match="naive"):
        format_rfc3339(datetime(2021, 3, 19))


@table(
    ("2024年04月18日 10:05", "2024-04-18T10:05:00+05:30"),
    ("2024年4月18日", "2024-04-18"),
    ("2023년 9월 26일 16:40", "2023-09-26T16:40:00+05:30"),
    ("September 12, 2023 08:30 AM Eastern Daylight Time", "2023-09-12T08:30:00-04:00"),
    ("March 07, 2024 09:00 AM Eastern Standard Time", "2024-03-07T09:00:00-05:00"),
    ("7 March 2024, 14:00 Central European Time", "2024-03-07T14:00:00+01:00"),
)
def test_chinese_japanese_korean_dates_and_zones_spelled_out(raw: str, expected: str) -> None:
    assert parse(raw).isoformat() == expected


def test_the_zone_a_page_names_beside_its_times() -> None:
    from newsfeeds.extract.zones import zone_named_in_text

    assert zone_named_in_text("February 17, 2026 12:03 am (IST) | Breaking") == "Asia/Kolkata"
    assert zone_named_in_text("Updated 10:40 IST", "https://news.example.co.il/a") == "Asia/Jerusalem"
    assert zone_named_in_text("2023-09-26 16:40 来源：环海网 北京时间") == "Asia/Shanghai"
    assert zone_named_in_text("Published 6:08 PM ET · Updated 7:41 PM ET") == "America/New_York"
    assert zone_named_in_text("Sendung um 20:15 Uhr MEZ") == "Europe/Berlin"
    assert zone_named_in_text("Kick-off at 3 pm, tickets from ETA desk") is None
    assert zone_named_in_text("10:00 ET or 7:00 PT") is None  # two zones as often: none is the page's
