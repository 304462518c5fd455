"""Put a page's date candidates in the order the normalize pipeline should try them.

Candidates arrive layer by layer (metadata first, visible text last). Reading them here lets the
best one keep the page's precision: a date-only value gives way to an instant on the same day, a
time without an offset to the same moment stated with one, and weak visible dates that contradict
the date in the URL are dropped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo

from newsfeeds.dates import DateParseError, ParsedDate, parse_date

WEAK_SOURCES = ("time", "hatom", "data-attr", "text:date", "byline", "selector:fallback", "htmldate")
_PROBE = timezone(timedelta(hours=7, minutes=13))
_FAR = timedelta(days=365 * 50)


@dataclass(frozen=True)
class Reading:
    """One candidate as parsed: its value, and whether the page left its offset unstated."""

    raw: str
    source: str
    parsed: ParsedDate | None
    naive: bool = False

    @property
    def weak(self) -> bool:
        return self.source.startswith(WEAK_SOURCES)

    @property
    def is_modified(self) -> bool:
        return self.source.startswith("modified:")

    @property
    def instant(self) -> bool:
        return self.parsed is not None and self.parsed.precision == "instant" and not self.parsed.relative

    def days(self, tz: tzinfo) -> set[date]:
        """The calendar day in the page's own offset and in the site's zone (they differ near midnight)."""
        if self.parsed is None:
            return set()
        value = self.parsed.value
        if isinstance(value, datetime):
            return {value.date(), value.astimezone(tz).date()}
        return {value}


def read(candidates: Sequence[tuple[str, str]], *, tz: tzinfo, now: datetime, dayfirst: bool = False,
         formats: Sequence[str] = (), region: str | None = None) -> list[Reading]:
    """Parse every candidate once, noting which ones carried no offset of their own."""
    readings = []
    for raw, source in candidates:
        try:
            parsed = parse_date(raw, tz=tz, now=now, dayfirst=dayfirst, formats=formats, max_future=_FAR, region=region)
        except DateParseError:
            readings.append(Reading(raw, source, None))
            continue
        naive = False
        if parsed.precision == "instant" and not parsed.relative:
            try:
                probe = parse_date(raw, tz=_PROBE, now=now, dayfirst=dayfirst, formats=formats, max_future=_FAR,
                                   region=region)
                naive = probe.value != parsed.value
            except DateParseError:
                naive = False
        readings.append(Reading(raw, source, parsed, naive))
    return readings


def order(candidates: Sequence[tuple[str, str]], *, tz: tzinfo, now: datetime, dayfirst: bool = False,
          formats: Sequence[str] = (), region: str | None = None, url_day: date | None = None,
          infer_offset: bool = False, zone_guess: tzinfo | None = None,
          text_zone: Callable[[], tzinfo | None] | None = None, read_later: bool | None = None) -> list[tuple[str, str]]:
    """The candidates with the best one first; the rest keep their layer order as fallbacks.
    The best one is restated in ISO 8601 as read here where the page's country (`region`: which
    zone an abbreviation names) or its way of writing dates (`dayfirst`, where normalizing reads
    with `read_later` instead) decided its value.

    With `infer_offset` (the generic profile, whose zone is only a default), a time printed without
    an offset takes the offset the page's other dates use (unless they are all UTC, which CMSs
    write whatever the page's zone, and the page names its zone in its text or reveals a country
    that keeps one), else the zone the page names beside its times (`text_zone`, asked only then),
    else the zone guessed for the page.
    """
    readings = read(candidates, tz=tz, now=now, dayfirst=dayfirst, formats=formats, region=region)
    kept = [r for r in readings if not (r.weak and (r.parsed is None or _contradicts(r, url_day, tz, slack=0)))]
    best = _best(kept, tz, url_day)
    if best is None:  # a modified time is not a publication date the page states
        return [(r.raw, r.source) for r in kept if not r.is_modified]
    chosen = best
    if not best.instant:
        chosen = _same_day_instant(kept, best, tz) or best
    if chosen.naive:
        chosen = _stated_offset(kept, chosen) or chosen
    result = [(_stated(chosen, tz, now, formats, dayfirst if read_later is None else read_later), chosen.source)]
    if chosen.naive and infer_offset:
        assert chosen.parsed is not None and isinstance(chosen.parsed.value, datetime)
        wall = chosen.parsed.value.replace(tzinfo=None)
        offset = _page_offset(kept)
        named = text_zone() if text_zone is not None and (offset is None or not offset) else None
        if offset is not None and named is None and (offset or zone_guess is None):
            result = [(wall.replace(tzinfo=timezone(offset)).isoformat(), f"{chosen.source}+page-offset")]
        elif named is not None:
            local = wall.replace(tzinfo=named, fold=0).astimezone(timezone.utc).astimezone(named)
            result = [(local.isoformat(), f"{chosen.source}+text-zone")]
        elif zone_guess is not None:
            local = wall.replace(tzinfo=zone_guess, fold=0).astimezone(timezone.utc).astimezone(zone_guess)
            result = [(local.isoformat(), f"{chosen.source}+zone-guess")]
        else:  # the page states no offset anywhere: say so rather than pass the default zone off as the page's
            result = [(chosen.raw, f"{chosen.source}+no-offset")]
    return result + [(r.raw, r.source) for r in kept if r is not chosen]


def _stated(reading: Reading, tz: tzinfo, now: datetime, formats: Sequence[str], dayfirst: bool) -> str:
    """The reading as normalizing will read it: its raw text, unless the page's context gave it
    another value than the profile's rules alone give (then its value in ISO 8601)."""
    parsed = reading.parsed
    if parsed is None or parsed.relative:
        return reading.raw
    try:
        plain = parse_date(reading.raw, tz=tz, now=now, dayfirst=dayfirst, formats=formats, max_future=_FAR)
    except DateParseError:
        return parsed.isoformat()
    return reading.raw if plain.value == parsed.value and type(plain.value) is type(parsed.value) else parsed.isoformat()


def _contradicts(reading: Reading, url_day: date | None, tz: tzinfo, slack: int = 1) -> bool:
    """Whether a reading falls on another day than the URL's (beyond `slack` days for zone slips)."""
    if url_day is None or reading.parsed is None:
        return False
    return all(abs((d - url_day).days) > slack for d in reading.days(tz))


def _best(readings: list[Reading], tz: tzinfo, url_day: date | None) -> Reading | None:
    """The first stated publication date, unless it contradicts the URL's day and another does not;
    a modified time only where the URL's day vouches for it (it gives that day's time), never alone."""
    published = [r for r in readings if r.parsed is not None and not r.is_modified]
    stated = [r for r in published if r.source != "url"]
    if not stated:
        modified = [r for r in readings if r.parsed is not None and r.is_modified]
        if url_day is not None:
            agreeing = [r for r in modified if url_day in r.days(tz)]
            if agreeing:
                return agreeing[0]
            return published[0] if published else None
        return published[0] if published else None
    best = stated[0]
    if url_day is not None and _contradicts(best, url_day, tz):
        agreeing = [r for r in stated if not _contradicts(r, url_day, tz)]
        if agreeing:
            return agreeing[0]
    return best


def _same_day_instant(readings: list[Reading], best: Reading, tz: tzinfo) -> Reading | None:
    """An instant on the best reading's day, so a date-only value keeps its time of day."""
    days = best.days(tz)
    for reading in readings:
        if reading is best or not reading.instant or reading.is_modified:
            continue
        if reading.parsed is not None and isinstance(reading.parsed.value, datetime) and reading.parsed.value.date() in days:
            return reading
    return None


def _stated_offset(readings: list[Reading], naive: Reading) -> Reading | None:
    """The same moment given elsewhere with an offset: its wall clock differs by a whole zone offset."""
    assert naive.parsed is not None and isinstance(naive.parsed.value, datetime)
    wall = naive.parsed.value.replace(tzinfo=None)
    for reading in readings:
        if reading is naive or not reading.instant or reading.naive or reading.is_modified:
            continue
        assert reading.parsed is not None and isinstance(reading.parsed.value, datetime)
        utc = reading.parsed.value.astimezone(timezone.utc).replace(tzinfo=None)
        delta = wall - utc
        rounded = timedelta(minutes=15 * round(delta / timedelta(minutes=15)))
        if abs(rounded) <= timedelta(hours=14) and abs(delta - rounded) <= timedelta(minutes=1):
            return reading
    return None


def _page_offset(readings: list[Reading]) -> timedelta | None:
    """The UTC offset the page's own dates use most, for times it prints without one."""
    offsets = Counter(
        r.parsed.value.utcoffset()
        for r in readings
        if r.instant and not r.naive and r.parsed is not None and isinstance(r.parsed.value, datetime)
    )
    offsets.pop(None, None)
    if not offsets:
        return None
    return offsets.most_common(1)[0][0]
