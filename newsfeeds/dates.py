"""Turn the dates news pages print into aware datetimes or plain dates, and never invent one from other text."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo

from dateutil.parser import parser as _DateutilParser

from newsfeeds.timezones import resolve as resolve_abbreviation

__all__ = ["DateParseError", "ParsedDate", "format_rfc3339", "parse_date", "to_utc"]


class DateParseError(ValueError):
    """Raised instead of guessing, so callers can fall back to another date source."""

    def __init__(self, raw: str, reason: str) -> None:
        super().__init__(raw, reason)
        self.raw = raw
        self.reason = reason

    def __str__(self) -> str:
        shown = self.raw if len(self.raw) <= 80 else self.raw[:77] + "..."
        return f"cannot read a date from {shown!r}: {self.reason}"


@dataclass(frozen=True)
class ParsedDate:
    """A page's date with how much of it the page actually told us."""

    value: datetime | date
    raw: str
    relative: bool = False

    def __post_init__(self) -> None:
        if isinstance(self.value, datetime) and self.value.utcoffset() is None:
            raise ValueError(f"ParsedDate needs an aware datetime, got naive {self.value.isoformat()}")

    @property
    def precision(self) -> Literal["instant", "day"]:
        """Lets feeds avoid printing a midnight the page never claimed."""
        return "instant" if isinstance(self.value, datetime) else "day"

    def isoformat(self) -> str:
        """The value as ISO 8601, with the offset the page gave when it gave one."""
        return self.value.isoformat()

    def instant(self, tz: tzinfo) -> datetime:
        """A point in time for sorting and storage; a bare date counts from its midnight in tz."""
        if isinstance(self.value, datetime):
            return self.value
        return _localize(datetime.combine(self.value, time()), tz)


def to_utc(dt: datetime) -> datetime:
    """The store keeps UTC so rows from different sites compare directly."""
    if dt.utcoffset() is None:
        raise ValueError(f"naive datetime {dt.isoformat()} has no zone; attach one before converting to UTC")
    return dt.astimezone(timezone.utc)


def format_rfc3339(dt: datetime) -> str:
    """Feeds want whole seconds and a numeric offset such as +05:30."""
    offset = dt.utcoffset()
    if offset is None:
        raise ValueError(f"naive datetime {dt.isoformat()} has no zone; attach one before formatting")
    if offset % timedelta(minutes=1):
        dt = dt.astimezone(timezone.utc)
    return dt.isoformat(timespec="seconds")


_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)

_MONTH_WORDS: dict[int, tuple[str, ...]] = {
    1: ("january", "jan", "janvier", "janv", "januar", "jänner", "jän", "enero", "ene", "janeiro",
        "gennaio", "gen", "januari", "जनवरी",
        "يناير", "كانون الثاني", "января", "январь", "янв", "ocak",
        "stycznia", "styczeń", "січня", "січень", "ianuarie", "ιανουαρίου", "tammikuuta", "ledna", "ינואר"),
    2: ("february", "feb", "février", "févr", "fév", "februar", "febrero", "fevereiro", "fev",
        "febbraio", "februari", "फ़रवरी", "फरवरी",
        "فبراير", "شباط", "февраля", "февраль", "фев", "şubat", "subat",
        "lutego", "luty", "лютого", "лютий", "februarie", "φεβρουαρίου", "helmikuuta", "února", "פברואר"),
    3: ("march", "mar", "mars", "märz", "maerz", "mär", "mrz", "marzo", "março", "maart", "mrt", "maret", "machi",
        "मार्च",
        "مارس", "آذار", "марта", "март", "mart",
        "marca", "marzec", "березня", "березень", "martie", "μαρτίου", "maaliskuuta", "března", "מרץ"),
    4: ("april", "apr", "avril", "avr", "abril", "abr", "aprile", "aprili", "अप्रैल", "अप्रेल",
        "أبريل", "ابريل", "نيسان", "апреля", "апрель", "апр", "nisan",
        "kwietnia", "kwiecień", "квітня", "квітень", "aprilie", "απριλίου", "huhtikuuta", "dubna", "אפריל"),
    5: ("may", "mai", "mayo", "maio", "maggio", "mag", "mei", "मई",
        "مايو", "أيار", "ايار", "мая", "май", "mayıs", "mayis",
        "maja", "maj", "травня", "травень", "μαΐου", "toukokuuta", "května", "מאי"),
    6: ("june", "jun", "juin", "juni", "junio", "junho", "giugno", "giu", "जून",
        "يونيو", "حزيران", "июня", "июнь", "июн", "haziran",
        "czerwca", "czerwiec", "червня", "червень", "iunie", "ιουνίου", "kesäkuuta", "června", "יוני"),
    7: ("july", "jul", "juillet", "juil", "juli", "julio", "julho", "luglio", "lug", "julai", "जुलाई",
        "يوليو", "تموز", "июля", "июль", "июл", "temmuz",
        "lipca", "lipiec", "липня", "липень", "iulie", "ιουλίου", "heinäkuuta", "července", "יולי"),
    8: ("august", "aug", "août", "aoû", "agosto", "ago", "augustus", "agustus", "agt", "agosti", "अगस्त",
        "أغسطس", "اغسطس", "آب", "августа", "август", "авг", "ağustos", "agustos",
        "sierpnia", "sierpień", "серпня", "серпень", "αυγούστου", "elokuuta", "srpna", "אוגוסט"),
    9: ("september", "sep", "sept", "septembre", "septiembre", "setiembre", "setembro", "set",
        "settembre", "septemba", "सितंबर", "सितम्बर",
        "سبتمبر", "أيلول", "ايلول", "сентября", "сентябрь", "сен", "eylül", "eylul",
        "września", "wrzesień", "вересня", "вересень", "septembrie", "σεπτεμβρίου", "syyskuuta", "září", "ספטמבר"),
    10: ("october", "oct", "octobre", "oktober", "okt", "octubre", "outubro", "out", "ottobre", "ott", "oktoba",
         "अक्टूबर", "अक्तूबर",
         "أكتوبر", "اكتوبر", "تشرين الأول", "октября", "октябрь", "окт", "ekim",
         "października", "październik", "жовтня", "жовтень", "octombrie", "οκτωβρίου", "lokakuuta", "října", "אוקטובר"),
    11: ("november", "nov", "novembre", "noviembre", "novembro", "novemba", "नवंबर", "नवम्बर",
         "نوفمبر", "تشرين الثاني", "ноября", "ноябрь", "ноя", "kasım", "kasim",
         "listopada", "listopad", "листопада", "листопад", "noiembrie", "νοεμβρίου", "marraskuuta", "listopadu", "נובמבר"),
    12: ("december", "dec", "décembre", "déc", "dezember", "dez", "diciembre", "dic", "dezembro", "desember",
         "dicembre", "desemba", "दिसंबर", "दिसम्बर",
         "ديسمبر", "كانون الأول", "декабря", "декабрь", "дек", "aralık", "aralik",
         "grudnia", "grudzień", "грудня", "грудень", "decembrie", "δεκεμβρίου", "joulukuuta", "prosince", "דצמבר"),
}
# Hebrew writes 'in March' before the year: '14 במרץ 2023'.
_HEBREW_IN = "\u05d1"


def strip_accents(word: str) -> str:
    """Sites drop accents often enough ("fevrier", "Marz") that both spellings must match."""
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def _month_lookup() -> dict[str, int]:
    """Every accepted spelling, NFC-normalised like the input, mapped to its month number."""
    lookup: dict[str, int] = {}
    for number, words in _MONTH_WORDS.items():
        for word in words:
            word = unicodedata.normalize("NFC", word)
            lookup[word] = number
            if "\u05d0" <= word[0] <= "\u05ea":
                lookup[_HEBREW_IN + word] = number
            if word.isascii() or "\u00c0" <= max(word) <= "\u024f":  # accents of Latin scripts only
                lookup[strip_accents(word)] = number
    return lookup


MONTHS = _month_lookup()  # every spelling of a month the package reads, → its number
_MONTH_ALTERNATION = "|".join(re.escape(w) for w in sorted(MONTHS, key=len, reverse=True))

_TRANSLATE = str.maketrans(
    {**{chr(0x0966 + i): str(i) for i in range(10)},
     "\u2212": "-", "\u200b": None, "\u200c": None, "\u200d": None, "\u2060": None, "\ufeff": None}
)
_SPACES = re.compile(r"\s+")
_DIGIT_RE = re.compile(r"[0-9]")


# Zones spelled out ('08:30 AM Eastern Daylight Time') → the abbreviation the parser reads.
_ZONE_NAMES = {
    "eastern standard time": "EST", "eastern daylight time": "EDT", "eastern time": "ET",
    "central standard time": "CST", "central daylight time": "CDT", "central time": "CT",
    "mountain standard time": "MST", "mountain daylight time": "MDT", "mountain time": "MT",
    "pacific standard time": "PST", "pacific daylight time": "PDT", "pacific time": "PT",
    "central european summer time": "CEST", "central european time": "CET", "british summer time": "BST",
    "greenwich mean time": "GMT", "coordinated universal time": "UTC", "india standard time": "IST",
    "indian standard time": "IST", "japan standard time": "JST", "korea standard time": "KST",
    "australian eastern standard time": "AEST", "australian eastern daylight time": "AEDT",
    "eastern european summer time": "EEST", "eastern european time": "EET", "western european time": "WET",
}
_ZONE_NAME_RE = re.compile(r"\b(" + "|".join(sorted(map(re.escape, _ZONE_NAMES), key=len, reverse=True)) + r")\b",
                           re.IGNORECASE)


def _normalize(text: str) -> str:
    """One spelling of digits, spaces, composed letters and zone names, so the patterns below stay
    simple and linear."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = _SPACES.sub(" ", text.translate(_TRANSLATE)).strip()
    if "МСК" in text:  # Moscow time, as Russian pages abbreviate it
        text = text.replace("МСК", "MSK")
    if "time" in text.lower() and _ZONE_NAME_RE.search(text):
        text = _ZONE_NAME_RE.sub(lambda m: _ZONE_NAMES[m.group(1).lower()], text)
    return text


def _month(name: str) -> str:
    return rf"(?P<{name}>{_MONTH_ALTERNATION})(?:\.|(?!\w))"


def _day(name: str) -> str:
    return rf"(?<![0-9])(?P<{name}>[0-3]?[0-9])(?:st|nd|rd|th|er|º|ª|°|\.)?"


def _year(name: str) -> str:
    return rf"(?P<{name}>[0-9]{{4}})(?![0-9])"


_SEP = r"[\s,./-]{1,3}"
_OPT_SEP = r"[\s,./-]{0,3}"

_DATE_RE = re.compile(
    "|".join((
        r"(?<![0-9])(?P<y_year>[0-9]{4})(?P<y_sep>[-/.])(?P<y_month>[0-9]{1,2})(?P=y_sep)"
        r"(?P<y_day>[0-9]{1,2})(?![0-9])",
        r"(?<![0-9])(?P<n_first>[0-9]{1,2})(?P<n_sep>[-/.])(?P<n_second>[0-9]{1,2})(?P=n_sep)"
        r"(?P<n_year>[0-9]{4})(?![0-9])",
        # '14. 2. 2024' (Czech, Slovak, German): spaced dots, day first
        r"(?<![0-9])(?P<s_day>[0-9]{1,2})\.\s(?P<s_month>[0-9]{1,2})\.\s?(?P<s_year>[0-9]{4})(?![0-9])",
        r"(?<![0-9])(?P<c_year>[0-9]{4})\s?[年년]\s?(?P<c_month>[0-9]{1,2})\s?[月월]\s?(?P<c_day>[0-9]{1,2})\s?[日일]?",
        _day("a_day") + _OPT_SEP + r"(?:(?:de|del|of)\s)?" + _month("a_month") + _OPT_SEP
        + r"(?:(?:de|del)\s)?" + _year("a_year"),
        r"(?<!\w)" + _month("b_month") + _OPT_SEP + _day("b_day") + _SEP + r"(?:de\s)?" + _year("b_year"),
    )),
    re.IGNORECASE,
)

_AMPM = r"[ap]\.?\s?m(?:\.|(?!\w))"
# Morning and afternoon written before the time in Japanese, Korean and Chinese ('午後7:30', '오후 3:12').
_AMPM_BEFORE = r"(?P<ampm_before>午前|午後|오전|오후|上午|下午)\s?"
_TIME = (
    rf"(?:{_AMPM_BEFORE})?"
    r"(?P<hour>[0-9]{1,2})"
    r"(?:(?::|h|\.|時|时|시\s?)(?P<minute>[0-9]{2})(?:分|분)?"
    r"(?::(?P<second>[0-9]{2})(?:[.,](?P<fraction>[0-9]{1,9}))?)?"
    rf"(?:\s?(?P<ampm>{_AMPM}))?"
    rf"|\s?(?P<ampm_only>{_AMPM}))"
    r"(?![0-9])(?:\s?(?:uhr|hrs|hr|h)\.?(?!\w))?"
)
_ZONE = (
    r"\s?\(?\s?(?:"
    r"(?:(?:utc|gmt)\s?)?(?P<sign>[+-])(?P<off_hours>[0-9]{1,2})(?::?(?P<off_minutes>[0-9]{2}))?(?![0-9])"
    r"|(?-i:(?P<abbr>[A-Z]{1,5}))(?![A-Za-z])"
    r")\)?"
)
# What stands between a date and its time: 'at', 'à', 'alle', 'um', 'в' (Russian), 'о' (Ukrainian),
# 'o' (Polish), 'v' (Czech), 'pukul' (Indonesian), 'klo' (Finnish), 'saat' (Turkish) ...
_CONNECT_AFTER = (r"(?:T|,?\s?(?:(?:[|@/–—·•]|-(?=\s))\s?)?(?:(?:at|à|a las|às|as|alle ore|alle|ore|om|um|kl\.?|klo|kello|"
                  r"в|о|o|v|pukul|jam|saat|godz\.|στις)\s)?)")
_CONNECT_BEFORE = r"\s?(?:[,|·/–—-]|on)?\s?(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]{0,6}\.?,?\s?)?"

_TIME_AFTER_RE = re.compile(_CONNECT_AFTER + _TIME + f"(?:{_ZONE})?", re.IGNORECASE)
_TIME_BEFORE_RE = re.compile(r"(?<![0-9:.+-])" + _TIME + f"(?:{_ZONE})?" + _CONNECT_BEFORE + r"\Z", re.IGNORECASE)
_TRAILING_ZONE_RE = re.compile(r",?\s?\(?([A-Z]{2,5})\)?(?![A-Za-z])")
_BASIC_ISO_RE = re.compile(
    r"(?<![0-9])(?P<year>[0-9]{4})(?P<month>[0-9]{2})(?P<day>[0-9]{2})T"
    r"(?P<hour>[0-9]{2})(?P<minute>[0-9]{2})(?:(?P<second>[0-9]{2})(?:[.,](?P<fraction>[0-9]{1,9}))?)?"
    rf"(?![0-9])(?:{_ZONE})?",
    re.IGNORECASE,
)
_EPOCH_RE = re.compile(r"(?P<seconds>[0-9]{10})(?:\.(?P<fraction>[0-9]{1,9}))?|(?P<millis>[0-9]{13})")

_AGO_RE = re.compile(
    r"(?<!\w)(?P<count>[0-9]{1,4}\s?|(?:an?|one)\s)"
    r"(?P<unit>seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|wks?|w"
    r"|months?|mos?|years?|yrs?|y)\.?\sago(?!\w)",
    re.IGNORECASE,
)
_NOW_RE = re.compile(r"(?<!\w)(?:just now|moments? ago|a moment ago|(?:a )?few seconds ago|seconds ago)(?!\w)",
                     re.IGNORECASE)
_DAY_WORD_RE = re.compile(
    r"(?:^|[|•·]|(?<!\w)(?:(?:last|first)\s)?(?:updated|published|posted|modified|edited)(?:\son)?:?)"
    r"\s?(?P<word>today|yesterday)(?!\w)",
    re.IGNORECASE,
)
_MONTH_WORD_RE = re.compile(r"(?<!\w)" + _month("month"), re.IGNORECASE)
_PHRASE_END_RE = re.compile(r"\s?(?:$|[|•·(])")
_TIME_DIRECTIVE_RE = re.compile(r"%[-#]?[HIMSfpXcTRr]")

_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600}
_UNIT_DAYS = {"d": 1, "w": 7}

_DATEUTIL = _DateutilParser()
_DATEUTIL_DEFAULT = datetime(2000, 1, 1)
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_FAILURES = (ValueError, OverflowError, ArithmeticError, TypeError, LookupError)


def parse_date(
    raw: str | int | float,
    *,
    tz: tzinfo,
    now: datetime,
    dayfirst: bool = False,
    formats: Sequence[str] = (),
    min_year: int = 1990,
    max_future: timedelta = timedelta(days=1),
    region: str | None = None,
) -> ParsedDate:
    """Read one date string from a page; raises DateParseError rather than inventing a date.

    Naive times are in `tz`; `formats` (strptime patterns from the site profile) are tried first;
    `dayfirst` settles 03/04/2021, while dotted dates (19.03.2021) are always day-first; `region`
    (the page's country code) says which zone an ambiguous abbreviation names ('IST' on an Israeli page).
    """
    if now.utcoffset() is None:
        raise ValueError(f"now={now.isoformat()} is naive; pass the crawl time as an aware datetime")
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
        raise DateParseError(repr(raw), f"expected a string or a number, got {type(raw).__name__}")
    text = raw.strip() if isinstance(raw, str) else str(raw)
    try:
        if isinstance(raw, str):
            read = _read_text(text, tz, now, dayfirst, tuple(formats), min_year, region)
            if not isinstance(read, ParsedDate):
                raise DateParseError(*read)
            parsed = read
        else:
            parsed = ParsedDate(_from_epoch_number(raw, text), text)
        _check_plausible(parsed, tz=tz, now=now, min_year=min_year, max_future=max_future)
    except DateParseError:
        raise
    except _FAILURES as exc:
        raise DateParseError(text, f"out of range ({exc})") from exc
    return parsed


@lru_cache(maxsize=2048)
def _read_text(text: str, tz: tzinfo, now: datetime, dayfirst: bool, formats: tuple[str, ...],
               min_year: int, region: str | None = None) -> ParsedDate | tuple[str, str]:
    """A date or why not, cached: a page's candidates are read when ranking published dates, again
    for modified ones, and once more when normalizing."""
    try:
        return _parse_text(text, tz=tz, now=now, dayfirst=dayfirst, formats=formats, min_year=min_year, region=region)
    except DateParseError as exc:
        return exc.raw, exc.reason
    except _FAILURES as exc:
        return text, f"out of range ({exc})"


def _parse_text(
    text: str, *, tz: tzinfo, now: datetime, dayfirst: bool, formats: Sequence[str], min_year: int,
    region: str | None = None,
) -> ParsedDate:
    if not text:
        raise DateParseError(text, "empty")
    normalized = _normalize(text)
    for fmt in formats:
        value = _from_format(text, normalized, fmt, tz)
        if value is not None:
            return ParsedDate(value, text)
    epoch = _EPOCH_RE.fullmatch(normalized)
    if epoch:
        return ParsedDate(_from_epoch_text(epoch), text)
    value = _absolute(normalized, text, tz=tz, dayfirst=dayfirst, min_year=min_year, region=region)
    if value is not None:
        return ParsedDate(value, text)
    value = _relative(normalized, text, tz=tz, now=now, min_year=min_year, region=region)
    if value is not None:
        return ParsedDate(value, text, relative=True)
    raise DateParseError(text, "no date found (a site with an unusual layout can list strptime patterns "
                               "in its profile's date_formats)")


def _from_format(text: str, normalized: str, fmt: str, tz: tzinfo) -> datetime | date | None:
    for candidate in dict.fromkeys((text, normalized, _english_months(normalized))):
        try:
            value = datetime.strptime(candidate, fmt)
        except ValueError as exc:
            if "directive" in str(exc) or "stray %" in str(exc):
                raise DateParseError(text, f"profile date format {fmt!r} is invalid ({exc}); fix the site "
                                           "profile's date_formats") from exc
            continue
        if not _TIME_DIRECTIVE_RE.search(fmt):
            return value.date()
        return value if value.tzinfo is not None else _localize(value, tz)
    return None


def _english_months(text: str) -> str:
    """strptime only knows English month names."""
    return _MONTH_WORD_RE.sub(lambda m: _MONTH_NAMES[MONTHS[m["month"].lower()] - 1], text)


def _from_epoch_number(value: int | float, raw: str) -> datetime:
    if isinstance(value, float) and not math.isfinite(value):
        raise DateParseError(raw, "not a finite number")
    if abs(value) >= 10**11:
        return _EPOCH + timedelta(milliseconds=value)
    return _EPOCH + timedelta(seconds=value)


def _from_epoch_text(match: re.Match[str]) -> datetime:
    if match["millis"]:
        return _EPOCH + timedelta(milliseconds=int(match["millis"]))
    micros = int((match["fraction"] or "0")[:6].ljust(6, "0"))
    return _EPOCH + timedelta(seconds=int(match["seconds"]), microseconds=micros)


def _absolute(text: str, raw: str, *, tz: tzinfo, dayfirst: bool, min_year: int,
              region: str | None = None) -> datetime | date | None:
    if not _DIGIT_RE.search(text):
        return None
    basic = _BASIC_ISO_RE.search(text)
    if basic:
        return _build(raw, int(basic["year"]), int(basic["month"]), int(basic["day"]), basic, tz, min_year, region)
    found = _DATE_RE.search(text)
    if not found:
        return None
    year, month, day = _date_fields(found, dayfirst)
    clock = _TIME_AFTER_RE.match(text, found.end())
    trailing = None
    if clock is None:
        clock = _TIME_BEFORE_RE.search(text, max(0, found.start() - 40), found.start())
        if clock is not None and not clock["sign"] and not clock["abbr"]:  # '7:30pm, 8 Feb 2023 HKT'
            zone = _TRAILING_ZONE_RE.match(text, found.end())
            trailing = zone[1] if zone else None
    return _build(raw, year, month, day, clock, tz, min_year, region, trailing)


def _date_fields(found: re.Match[str], dayfirst: bool) -> tuple[int, int, int]:
    if found["y_year"]:
        return int(found["y_year"]), int(found["y_month"]), int(found["y_day"])
    if found["c_year"]:  # 2024年04月18日
        return int(found["c_year"]), int(found["c_month"]), int(found["c_day"])
    if found["s_year"]:  # 14. 2. 2024
        return int(found["s_year"]), int(found["s_month"]), int(found["s_day"])
    if found["n_year"]:
        first, second = int(found["n_first"]), int(found["n_second"])
        day, month = (first, second) if dayfirst or found["n_sep"] == "." else (second, first)
        if month > 12 >= day:
            day, month = month, day
        return int(found["n_year"]), month, day
    prefix = "a" if found["a_year"] else "b"
    return int(found[f"{prefix}_year"]), MONTHS[found[f"{prefix}_month"].lower()], int(found[f"{prefix}_day"])


def _build(
    raw: str, year: int, month: int, day: int, clock: re.Match[str] | None, tz: tzinfo, min_year: int,
    region: str | None = None, trailing: str | None = None,
) -> datetime | date:
    """Let dateutil validate a canonical cut, so 31/02 or 25:00 fail instead of rolling over."""
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        raise DateParseError(raw, f"impossible date: month {month}, day {day}")
    if year < max(min_year, 1000):
        # dateutil reads years below 100 as two-digit years, even when written 0099.
        raise DateParseError(raw, f"implausible: before {min_year}")
    canonical = f"{day} {_MONTH_NAMES[month - 1]} {year}"
    if clock is None:
        try:
            return date(year, month, day)
        except ValueError:
            return _dateutil(canonical, raw).date()  # dateutil words the error
    naive = _plain_clock(year, month, day, clock) or _dateutil(f"{canonical} {_clock_text(clock)}", raw)
    return _attach_zone(naive, clock, tz, raw, region, trailing)


def _plain_clock(year: int, month: int, day: int, clock: re.Match[str]) -> datetime | None:
    """The common case built directly (dateutil costs more than the rest of reading a date); None
    for anything out of the ordinary, which dateutil then judges as before."""
    parts = clock.groupdict()
    hour, minute, second = int(parts["hour"]), int(parts["minute"] or 0), int(parts["second"] or 0)
    meridiem = _meridiem(parts)
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = (hour % 12) + (12 if meridiem == "pm" else 0)
    micro = int(parts["fraction"][:6].ljust(6, "0")) if parts["fraction"] else 0
    try:
        return datetime(year, month, day, hour, minute, second, micro)
    except ValueError:
        return None


def _clock_text(clock: re.Match[str]) -> str:
    parts = clock.groupdict()
    text = f"{parts['hour']}:{parts['minute'] or '00'}:{parts['second'] or '00'}"
    if parts["fraction"]:
        text += "." + parts["fraction"][:6]
    meridiem = _meridiem(parts)
    return f"{text} {meridiem}" if meridiem else text


def _meridiem(parts: dict[str, str | None]) -> str | None:
    """'am' or 'pm' as the clock says it ('7:30 p.m.', '午後7時30分', '오전 10:32'), else None."""
    ampm = parts.get("ampm") or parts.get("ampm_only")
    if ampm:
        return "am" if ampm[0] in "aA" else "pm"
    before = parts.get("ampm_before")
    if before:
        return "am" if before in ("午前", "오전", "上午") else "pm"
    return None


def _dateutil(text: str, raw: str) -> datetime:
    try:
        return _parse_canonical(text)
    except (ValueError, OverflowError) as exc:
        raise DateParseError(raw, f"impossible date or time ({exc})") from exc


@lru_cache(maxsize=4096)
def _parse_canonical(text: str) -> datetime:
    """Cached because every page of a crawl repeats the same header clock and many bylines."""
    return _DATEUTIL.parse(text, default=_DATEUTIL_DEFAULT, ignoretz=True)


def _attach_zone(naive: datetime, clock: re.Match[str], tz: tzinfo, raw: str, region: str | None,
                 trailing: str | None = None) -> datetime:
    """An explicit offset wins; an abbreviation means tz when tz uses it then, else what it means in
    the time zone database on a page from `region` (its country: 'IST' is Israel's on Israeli pages),
    a region's clock ('ET') with its summer time."""
    if clock["sign"]:
        hours, minutes = int(clock["off_hours"]), int(clock["off_minutes"] or 0)
        if hours > 14 or minutes > 59:
            raise DateParseError(raw, f"impossible UTC offset {clock['sign']}{hours:02}:{minutes:02}")
        offset = timedelta(hours=hours, minutes=minutes)
        zone = timezone.utc if not offset else timezone(-offset if clock["sign"] == "-" else offset)
        return naive.replace(tzinfo=zone)
    abbr = clock["abbr"] or trailing
    if abbr:
        for fold in (0, 1):
            candidate = naive.replace(tzinfo=tz, fold=fold)
            if candidate.tzname() == abbr:
                return candidate.astimezone(timezone.utc).astimezone(tz)
        meaning = resolve_abbreviation(abbr, region)
        if meaning is not None:
            east, named = meaning
            if east is None:
                return _localize(naive, ZoneInfo(named))
            return naive.replace(tzinfo=timezone.utc if not east else timezone(timedelta(minutes=east), abbr))
    return _localize(naive, tz)


def _localize(naive: datetime, tz: tzinfo) -> datetime:
    """Read a wall-clock time in tz: a time skipped by DST moves forward, a repeated one takes its first pass."""
    return naive.replace(tzinfo=tz, fold=0).astimezone(timezone.utc).astimezone(tz)


def _relative(text: str, raw: str, *, tz: tzinfo, now: datetime, min_year: int,
              region: str | None = None) -> datetime | date | None:
    local_now = now.astimezone(tz)
    ago = _AGO_RE.search(text)
    if ago:
        count = int(ago["count"]) if ago["count"][0].isdigit() else 1
        unit = ago["unit"].lower()
        if unit.startswith(("mo", "y")):
            raise DateParseError(raw, f"too vague to date: {ago[0]!r}")
        if unit[0] in _UNIT_DAYS:
            return local_now.date() - timedelta(days=count * _UNIT_DAYS[unit[0]])
        moment = now.astimezone(timezone.utc) - timedelta(seconds=count * _UNIT_SECONDS[unit[0]])
        return moment.astimezone(tz).replace(second=0, microsecond=0)
    if _NOW_RE.search(text):
        return local_now.replace(second=0, microsecond=0)
    word = _DAY_WORD_RE.search(text)
    if word:
        day = local_now.date() - timedelta(days=1 if word["word"].lower() == "yesterday" else 0)
        clock = _TIME_AFTER_RE.match(text, word.end())
        if _PHRASE_END_RE.match(text, clock.end() if clock else word.end()):
            return _build(raw, day.year, day.month, day.day, clock, tz, min_year, region)
    return None


def _check_plausible(parsed: ParsedDate, *, tz: tzinfo, now: datetime, min_year: int, max_future: timedelta) -> None:
    if parsed.value.year < min_year:
        raise DateParseError(parsed.raw, f"implausible: before {min_year}")
    if parsed.instant(tz) - now > max_future:
        raise DateParseError(parsed.raw, "in the future")
