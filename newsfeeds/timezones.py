"""Time zone abbreviations and countries as the IANA time zone database knows them.

Pages print zone abbreviations beside their times ('2.05pm AEDT', '10:15 WITA', '9:05 PM IDT'). What
each one means is read from the database itself: the abbreviations its zones use (zoneinfo), and
the countries those zones belong to (its zone.tab), so an ambiguous abbreviation (IST is India's,
Israel's and Ireland's; CST America's, China's and Cuba's; PST America's and the Philippines') is
resolved by the page's country. Abbreviations the database has replaced by numbers ('+03' for
Türkiye, '-03' for Brazil) but newsrooms still print, and the region clocks newsrooms name without
saying standard or summer time ('ET', 'MEZ'), are listed here once.
"""

from __future__ import annotations

import importlib.resources
from collections import defaultdict
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from zoneinfo import TZPATH, ZoneInfo, ZoneInfoNotFoundError

# Abbreviations that name a region's clock rather than one offset ('6:08 PM ET' is -05:00 or -04:00
# by the date): read in that region's zone, summer time included.
REGION_CLOCKS = {"ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver",
                 "PT": "America/Los_Angeles", "MEZ": "Europe/Berlin", "MESZ": "Europe/Berlin", "OEZ": "Europe/Helsinki",
                 "OESZ": "Europe/Helsinki", "WEZ": "Europe/Lisbon", "WESZ": "Europe/Lisbon"}

# Abbreviations in use that the database no longer writes (it gives '+03', '-03' ...), or that are
# another language's: abbreviation → (minutes east of UTC, the zone it names).
_BEYOND_TZDATA: dict[str, tuple[tuple[int, str], ...]] = {
    "UTC": ((0, "Etc/UTC"),), "UT": ((0, "Etc/UTC"),), "Z": ((0, "Etc/UTC"),), "GMT": ((0, "Etc/GMT"),),
    "TRT": ((180, "Europe/Istanbul"),), "BRT": ((-180, "America/Sao_Paulo"),), "BRST": ((-120, "America/Sao_Paulo"),),
    "ART": ((-180, "America/Argentina/Buenos_Aires"),), "SGT": ((480, "Asia/Singapore"),),
    "MYT": ((480, "Asia/Kuala_Lumpur"),), "PHT": ((480, "Asia/Manila"),), "ICT": ((420, "Asia/Bangkok"),),
    "GST": ((240, "Asia/Dubai"),), "AST": ((180, "Asia/Riyadh"),), "IRST": ((210, "Asia/Tehran"),),
    "AFT": ((270, "Asia/Kabul"),), "NPT": ((345, "Asia/Kathmandu"),), "MMT": ((390, "Asia/Yangon"),),
    "BST": ((360, "Asia/Dhaka"),), "CLT": ((-240, "America/Santiago"),), "CLST": ((-180, "America/Santiago"),),
    "COT": ((-300, "America/Bogota"),), "PET": ((-300, "America/Lima"),), "VET": ((-240, "America/Caracas"),),
    "ECT": ((-300, "America/Guayaquil"),), "BOT": ((-240, "America/La_Paz"),), "UYT": ((-180, "America/Montevideo"),),
    "PYT": ((-240, "America/Asuncion"),), "UZT": ((300, "Asia/Tashkent"),), "ALMT": ((300, "Asia/Almaty"),),
    "AZT": ((240, "Asia/Baku"),), "GET": ((240, "Asia/Tbilisi"),), "AMT": ((240, "Asia/Yerevan"),),
    # Canada's French abbreviations: heure normale / avancée de l'Est, du Centre, des Rocheuses, du Pacifique ...
    "HNE": ((-300, "America/Toronto"),), "HAE": ((-240, "America/Toronto"),), "HNC": ((-360, "America/Winnipeg"),),
    "HAC": ((-300, "America/Winnipeg"),), "HNR": ((-420, "America/Edmonton"),), "HAR": ((-360, "America/Edmonton"),),
    "HNP": ((-480, "America/Vancouver"),), "HAP": ((-420, "America/Vancouver"),), "HNA": ((-240, "America/Halifax"),),
    "HAA": ((-180, "America/Halifax"),), "HNT": ((-210, "America/St_Johns"),), "HAT": ((-150, "America/St_Johns"),),
}
# Where countries are alike in number, the country most pages mean.
_PREFERRED = {"IST": "in", "KST": "kr", "GMT": "gb"}
_SAMPLE_YEARS = range(2016, 2027)


@lru_cache(maxsize=1)
def zone_table() -> tuple[tuple[str, str], ...]:
    """(country code, zone) pairs from the database's zone.tab, the zone a country is best known by first."""
    for directory in TZPATH:
        path = Path(directory) / "zone.tab"
        if path.is_file():
            return _parse_zone_tab(path.read_text(encoding="utf-8"))
    try:
        text = importlib.resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return ()
    return _parse_zone_tab(text)


def _parse_zone_tab(text: str) -> tuple[tuple[str, str], ...]:
    rows = []
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) >= 3:
            rows.append((fields[0].lower(), fields[2].strip()))
    return tuple(rows)


@lru_cache(maxsize=256)
def zones_of(country: str) -> tuple[str, ...]:
    """The zones of a country ('au' → Australia/Lord_Howe, Australia/Hobart, ...)."""
    return tuple(zone for code, zone in zone_table() if code == country)


@lru_cache(maxsize=1)
def _country_of() -> dict[str, str]:
    return {zone: code for code, zone in zone_table()}


def country_of(zone: str) -> str | None:
    """The country a zone belongs to ('Asia/Tokyo' → 'jp')."""
    return _country_of().get(zone)


@lru_cache(maxsize=1)
def abbreviations() -> dict[str, tuple[tuple[int, str, str], ...]]:
    """Every alphabetic abbreviation → its readings: (minutes east of UTC, country, zone), one per
    country and offset, from the zones' names for their standard and summer time in recent years
    (computed once per process, when a page first prints an abbreviation outside the region clocks)."""
    found: dict[str, dict[tuple[int, str], str]] = defaultdict(dict)
    for country, zone in zone_table():
        if country == "aq" or zone.startswith("Antarctica/"):  # research stations keep other countries' clocks
            continue
        try:
            info = ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            continue
        for year in _SAMPLE_YEARS:
            for month in (1, 7):
                moment = datetime(year, month, 15, 12, tzinfo=info)
                name, offset = moment.tzname(), moment.utcoffset()
                if name and name.isalpha() and name.isupper() and offset is not None:
                    found[name].setdefault((int(offset.total_seconds()) // 60, country), zone)
    for name, readings in _BEYOND_TZDATA.items():
        for minutes, zone in readings:
            country = country_of(zone) or ""
            found[name].setdefault((minutes, country), zone)
    return {name: tuple((minutes, country, zone) for (minutes, country), zone in readings.items())
            for name, readings in found.items()}


def known_abbreviations() -> frozenset[str]:
    """Every abbreviation that names a zone or a region's clock."""
    return frozenset(abbreviations()) | frozenset(REGION_CLOCKS)


@lru_cache(maxsize=1024)
def resolve(abbreviation: str, country: str | None = None) -> tuple[int | None, str] | None:
    """What a zone abbreviation means on a page from `country`: (minutes east of UTC, zone), or
    (None, zone) for a region's clock ('ET'), or None for no zone. An abbreviation several
    countries use means the page's country's zone when it is one of them, else the reading most
    countries share (IST: India's, unless the page is Israeli or Irish)."""
    if abbreviation in REGION_CLOCKS:
        return None, REGION_CLOCKS[abbreviation]
    readings = abbreviations().get(abbreviation)
    if not readings:
        return None
    if country:
        for minutes, where, zone in readings:
            if where == country:
                return minutes, zone
    preferred = _PREFERRED.get(abbreviation)
    for minutes, where, zone in readings:
        if where == preferred:
            return minutes, zone
    by_offset: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for minutes, where, zone in readings:
        by_offset[minutes].append((where, zone))
    minutes = max(by_offset, key=lambda m: len(by_offset[m]))
    # the zone of the largest of those countries (America/Chicago for CST, not Belize's)
    return minutes, max(by_offset[minutes], key=lambda pair: len(zones_of(pair[0])))[1]
