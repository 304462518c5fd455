"""A page's likely time zone when no profile says it: from its declared country (lang="de-CH",
og:locale="fr_FR") or country-code domain, only for countries that keep one zone.

Used by the generic profile for times a page prints without an offset and without any other dated
value to borrow an offset from; a site profile's `timezone` always wins.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

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
_TAG = re.compile(r"^([a-z]{2,3})(?:[-_]([a-z]{2}))?(?:[-_]|$)", re.IGNORECASE)


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
