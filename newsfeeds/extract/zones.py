"""A page's likely time zone when no profile says it: the zone it names in its text beside times
('12:03 am (IST)', '6:08 PM ET', '北京时间'), else its declared country (lang="de-CH",
og:locale="fr_FR") or country-code domain, only for countries that keep one zone.

Used by the generic profile for times a page prints without an offset and without any other dated
value to borrow an offset from; a site profile's `timezone` always wins.
"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import urlsplit

from newsfeeds.dates import REGION_ZONES

COUNTRY_ZONES: dict[str, str] = {
    "gb": "Europe/London", "uk": "Europe/London", "ie": "Europe/Dublin", "fr": "Europe/Paris", "de": "Europe/Berlin",
    "at": "Europe/Vienna", "ch": "Europe/Zurich", "li": "Europe/Vaduz", "it": "Europe/Rome", "sm": "Europe/San_Marino",
    "nl": "Europe/Amsterdam", "be": "Europe/Brussels", "lu": "Europe/Luxembourg", "dk": "Europe/Copenhagen",
    "no": "Europe/Oslo", "se": "Europe/Stockholm", "fi": "Europe/Helsinki", "is": "Atlantic/Reykjavik",
    "pl": "Europe/Warsaw", "cz": "Europe/Prague", "sk": "Europe/Bratislava", "hu": "Europe/Budapest",
    "si": "Europe/Ljubljana", "hr": "Europe/Zagreb", "rs": "Europe/Belgrade", "ba": "Europe/Sarajevo",
    "mk": "Europe/Skopje", "al": "Europe/Tirane", "gr": "Europe/Athens",
    "cy": "Asia/Nicosia", "mt": "Europe/Malta", "ro": "Europe/Bucharest", "bg": "Europe/Sofia",
    "md": "Europe/Chisinau", "ua": "Europe/Kyiv", "by": "Europe/Minsk", "lt": "Europe/Vilnius", "lv": "Europe/Riga",
    "ee": "Europe/Tallinn", "tr": "Europe/Istanbul", "il": "Asia/Jerusalem", "jo": "Asia/Amman", "lb": "Asia/Beirut",
    "eg": "Africa/Cairo", "sa": "Asia/Riyadh", "ae": "Asia/Dubai", "qa": "Asia/Qatar", "kw": "Asia/Kuwait",
    "bh": "Asia/Bahrain", "om": "Asia/Muscat", "ir": "Asia/Tehran", "iq": "Asia/Baghdad", "pk": "Asia/Karachi",
    "in": "Asia/Kolkata", "lk": "Asia/Colombo", "np": "Asia/Kathmandu", "bd": "Asia/Dhaka", "mm": "Asia/Yangon",
    "th": "Asia/Bangkok", "vn": "Asia/Ho_Chi_Minh", "kh": "Asia/Phnom_Penh", "my": "Asia/Kuala_Lumpur",
    "sg": "Asia/Singapore", "ph": "Asia/Manila", "hk": "Asia/Hong_Kong", "tw": "Asia/Taipei", "cn": "Asia/Shanghai",
    "jp": "Asia/Tokyo", "kr": "Asia/Seoul", "nz": "Pacific/Auckland", "za": "Africa/Johannesburg",
    "ng": "Africa/Lagos", "gh": "Africa/Accra", "ke": "Africa/Nairobi", "tz": "Africa/Dar_es_Salaam",
    "ug": "Africa/Kampala", "et": "Africa/Addis_Ababa", "ma": "Africa/Casablanca", "tn": "Africa/Tunis",
    "dz": "Africa/Algiers", "sn": "Africa/Dakar", "zw": "Africa/Harare", "pe": "America/Lima",
    "ve": "America/Caracas", "cl": "America/Santiago", "ar": "America/Argentina/Buenos_Aires", "uy": "America/Montevideo",
    "py": "America/Asuncion", "bo": "America/La_Paz", "ec": "America/Guayaquil", "cr": "America/Costa_Rica",
    "pa": "America/Panama", "gt": "America/Guatemala", "sv": "America/El_Salvador", "hn": "America/Tegucigalpa",
    "ni": "America/Managua", "do": "America/Santo_Domingo", "cu": "America/Havana", "jm": "America/Jamaica",
    "pt": "Europe/Lisbon", "es": "Europe/Madrid",
}
LANGUAGE_ZONES: dict[str, str] = {
    "de": "Europe/Berlin", "fr": "Europe/Paris", "it": "Europe/Rome", "nl": "Europe/Amsterdam", "pl": "Europe/Warsaw",
    "cs": "Europe/Prague", "sk": "Europe/Bratislava", "hu": "Europe/Budapest", "sl": "Europe/Ljubljana",
    "hr": "Europe/Zagreb", "sv": "Europe/Stockholm", "da": "Europe/Copenhagen", "nb": "Europe/Oslo", "nn": "Europe/Oslo",
    "no": "Europe/Oslo", "fi": "Europe/Helsinki", "is": "Atlantic/Reykjavik", "el": "Europe/Athens", "ro": "Europe/Bucharest",
    "bg": "Europe/Sofia", "uk": "Europe/Kyiv", "lt": "Europe/Vilnius", "lv": "Europe/Riga", "et": "Europe/Tallinn",
    "tr": "Europe/Istanbul", "he": "Asia/Jerusalem", "ja": "Asia/Tokyo", "ko": "Asia/Seoul", "th": "Asia/Bangkok",
    "vi": "Asia/Ho_Chi_Minh", "hi": "Asia/Kolkata", "mr": "Asia/Kolkata", "ta": "Asia/Kolkata", "te": "Asia/Kolkata",
    "ml": "Asia/Kolkata", "kn": "Asia/Kolkata", "gu": "Asia/Kolkata", "ur": "Asia/Karachi", "ne": "Asia/Kathmandu",
    "si": "Asia/Colombo", "fa": "Asia/Tehran",
}
_TAG = re.compile(r"^([a-z]{2,3})(?:[-_][a-z]{4})?(?:[-_]([a-z]{2}))?(?:[-_]|$)", re.IGNORECASE)  # zh-Hans-CN


def guess_zone(url: str, language: str = "", locale: str = "") -> str | None:
    """An IANA zone for the page, or None when its country keeps several zones or is unknown.

    English's region subtag names a spelling (en-GB pages come from everywhere), so for English only
    the country-code domain counts.
    """
    for tag in (language, locale):
        match = _TAG.match(tag.strip())
        if match and match.group(2) and match.group(1).lower() != "en":
            return COUNTRY_ZONES.get(match.group(2).lower())
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    tld = host.rsplit(".", 1)[-1] if "." in host else ""
    if tld in COUNTRY_ZONES:
        return COUNTRY_ZONES[tld]
    for tag in (language, locale):
        match = _TAG.match(tag.strip())
        if match:
            return LANGUAGE_ZONES.get(match.group(1).lower())
    return None


# Zone abbreviations printed beside times → the zone they name (summer time included): the region
# clocks the date parser reads ('ET', 'MEZ'), and the standard and summer abbreviations of zones.
ABBREVIATION_ZONES: dict[str, str] = {
    **REGION_ZONES,
    "EST": "America/New_York", "EDT": "America/New_York", "CST": "America/Chicago", "CDT": "America/Chicago",
    "MST": "America/Denver", "MDT": "America/Denver", "PST": "America/Los_Angeles", "PDT": "America/Los_Angeles",
    "AKST": "America/Anchorage", "AKDT": "America/Anchorage", "HST": "Pacific/Honolulu",
    "IST": "Asia/Kolkata", "CET": "Europe/Berlin", "CEST": "Europe/Berlin",
    "WET": "Europe/Lisbon", "WEST": "Europe/Lisbon", "EET": "Europe/Athens",
    "EEST": "Europe/Athens", "OESZ": "Europe/Helsinki", "BST": "Europe/London",
    "JST": "Asia/Tokyo", "KST": "Asia/Seoul", "HKT": "Asia/Hong_Kong", "SGT": "Asia/Singapore",
    "PHT": "Asia/Manila", "WIB": "Asia/Jakarta", "PKT": "Asia/Karachi", "NPT": "Asia/Kathmandu",
    "AEST": "Australia/Sydney", "AEDT": "Australia/Sydney", "ACST": "Australia/Adelaide",
    "ACDT": "Australia/Adelaide", "AWST": "Australia/Perth", "NZST": "Pacific/Auckland", "NZDT": "Pacific/Auckland",
    "MSK": "Europe/Moscow", "SAST": "Africa/Johannesburg", "WAT": "Africa/Lagos", "EAT": "Africa/Nairobi",
    "BRT": "America/Sao_Paulo", "ART": "America/Argentina/Buenos_Aires",
}
_CLOCK_ZONE = re.compile(r"(?<![\d:])\d{1,2}(?:[:.h]\d{2})?\s?(?:[aApP]\.?\s?[mM]\.?)?\s?(?:hrs?\.?\s?|Uhr\s?)?\(?("
                         + "|".join(sorted(ABBREVIATION_ZONES, key=len, reverse=True)) + r")\)?(?![A-Za-z])")
_NAMED_ZONES = {"北京时间": "Asia/Shanghai", "北京時間": "Asia/Shanghai", "台北時間": "Asia/Taipei", "日本時間": "Asia/Tokyo",
                "香港時間": "Asia/Hong_Kong"}
_UTC_OFFSET = re.compile(r"\b(?:GMT|UTC)\s?([+-])\s?(\d{1,2})(?::?(\d{2}))?(?!\d)")


def zone_named_in_text(text: str, url: str = "", language: str = "") -> str | None:
    """The zone a page names beside the times it prints ('12:03 am (IST)', '6:08 PM ET', '北京时间',
    'GMT+8'), the one it names most; None when it names none. 'IST' is India's, or Israel's or
    Ireland's on pages from there; 'CST' is China's on Chinese pages."""
    host = (urlsplit(url).hostname or "").lower()
    tld = host.rsplit(".", 1)[-1] if "." in host else ""
    lang = language.lower()[:2]
    counts: Counter[str] = Counter()
    for name, zone in _NAMED_ZONES.items():
        counts[zone] += 2 * text.count(name)
    for abbreviation in _CLOCK_ZONE.findall(text):
        zone = ABBREVIATION_ZONES[abbreviation]
        if abbreviation in ("IST",) and (tld == "il" or lang == "he"):
            zone = "Asia/Jerusalem"
        elif abbreviation in ("IST",) and tld == "ie":
            zone = "Europe/Dublin"
        elif abbreviation == "CST" and (tld in ("cn", "tw") or lang == "zh"):
            zone = "Asia/Shanghai" if tld != "tw" else "Asia/Taipei"
        counts[zone] += 1
    for sign, hours, minutes in _UTC_OFFSET.findall(text):
        if int(hours) <= 14:
            counts[f"{sign}{int(hours):02d}:{minutes or '00'}"] += 1
    counts = Counter({zone: n for zone, n in counts.items() if n})
    if not counts:
        return None
    (best, n), *rest = counts.most_common(2)
    return best if not rest or n > rest[0][1] else None
