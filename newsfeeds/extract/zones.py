"""A page's country and likely time zone when no profile says it: the zone it names in its text
beside times ('12:03 am (IST)', '6:08 PM ET', '北京时间'), else its declared country (lang="de-CH",
og:locale="fr_FR") or country-code domain, only for countries that keep one zone; and how its
country writes dates (03/04/2023 is 3 April in Israel, 4 March in the United States).

Used by the generic profile for times a page prints without an offset and without any other dated
value to borrow an offset from; a site profile's `timezone` always wins. The page's country also
says which zone an ambiguous abbreviation names ('IST' on an Israeli page), whatever the profile.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from urllib.parse import urlsplit

from newsfeeds.timezones import country_of, known_abbreviations, resolve, zones_of

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
# Two-letter domains sold to anyone (.io, .tv, .me ...): they say nothing about where a site is.
_GENERIC_DOMAINS = frozenset({"io", "co", "tv", "me", "ai", "fm", "ly", "to", "cc", "ws", "am", "nu", "tk", "gg", "ac",
                              "sh", "la", "eu", "su", "so", "st", "vc", "gd", "ms"})
# Countries that write the month first (03/04/2023 is 4 March); the rest of the world writes the day first.
_MONTH_FIRST = frozenset({"us", "ph", "fm", "mh", "pw", "gu", "pr", "as", "vi", "um", "mp", "ca"})


def page_country(url: str, language: str = "", locale: str = "") -> str | None:
    """The country a page reveals: the region of a non-English language tag (lang="pt-BR",
    og:locale="he_IL"), its country-code domain, else the country of the one zone its language is
    spoken in (ja → jp); None when it reveals none. English's region subtag names a spelling (en-GB
    pages come from everywhere), so for English only the domain counts."""
    for tag in (language, locale):
        match = _TAG.match(tag.strip())
        if match and match.group(2) and match.group(1).lower() != "en":
            return match.group(2).lower()
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    tld = host.rsplit(".", 1)[-1] if "." in host else ""
    if tld == "uk":
        return "gb"
    if len(tld) == 2 and tld not in _GENERIC_DOMAINS and zones_of(tld):
        return tld
    for tag in (language, locale):
        match = _TAG.match(tag.strip())
        if match and match.group(1).lower() in LANGUAGE_ZONES:
            return country_of(LANGUAGE_ZONES[match.group(1).lower()])
    return None


def guess_zone(url: str, language: str = "", locale: str = "") -> str | None:
    """An IANA zone for the page, or None when its country keeps several zones or is unknown."""
    country = page_country(url, language, locale)
    if country is not None:
        return COUNTRY_ZONES.get(country)
    return None


def writes_day_first(country: str | None, language: str = "") -> bool:
    """Whether the page's country writes 03/04/2023 for 3 April: every country but the few that put
    the month first; for a page that reveals no country, every language but English."""
    if country is not None:
        return country not in _MONTH_FIRST or (country == "ca" and language.lower().startswith("fr"))
    return language.lower()[:2] not in ("en", "")


_NAMED_ZONES = {"北京时间": "Asia/Shanghai", "北京時間": "Asia/Shanghai", "台北時間": "Asia/Taipei", "日本時間": "Asia/Tokyo",
                "香港時間": "Asia/Hong_Kong", "МСК": "Europe/Moscow", "мск": "Europe/Moscow", "한국시간": "Asia/Seoul"}
_UTC_OFFSET = re.compile(r"\b(?:GMT|UTC)\s?([+-])\s?(\d{1,2})(?::?(\d{2}))?(?!\d)")


@lru_cache(maxsize=1)
def _clock_zone() -> re.Pattern[str]:
    """A time followed by a zone abbreviation ('12:03 am (IST)', '14:35 WIB'), built once from every
    abbreviation the time zone database knows."""
    names = sorted(known_abbreviations() - {"Z", "UT"}, key=len, reverse=True)
    return re.compile(r"(?<![\d:])\d{1,2}(?:[:.h]\d{2})?\s?(?:[aApP]\.?\s?[mM]\.?)?\s?(?:hrs?\.?\s?|Uhr\s?)?\(?("
                      + "|".join(names) + r")\)?(?![A-Za-z])")


def zone_named_in_text(text: str, url: str = "", language: str = "") -> str | None:
    """The zone a page names beside the times it prints ('12:03 am (IST)', '6:08 PM ET', '北京时间',
    'GMT+8'), the one it names most; None when it names none. An ambiguous abbreviation is read as
    the page's country means it ('IST' is Israel's on Israeli pages, 'CST' China's on Chinese ones)."""
    country = page_country(url, language)
    if country is None and language.lower()[:2] == "zh":
        country = "cn"
    counts: Counter[str] = Counter()
    for name, zone in _NAMED_ZONES.items():
        counts[zone] += 2 * text.count(name)
    for abbreviation in _clock_zone().findall(text):
        meaning = resolve(abbreviation, country)
        if meaning is not None:
            counts[meaning[1]] += 1
    for sign, hours, minutes in _UTC_OFFSET.findall(text):
        if int(hours) <= 14:
            counts[f"{sign}{int(hours):02d}:{minutes or '00'}"] += 1
    counts = Counter({zone: n for zone, n in counts.items() if n})
    if not counts:
        return None
    (best, n), *rest = counts.most_common(2)
    return best if not rest or n > rest[0][1] else None
