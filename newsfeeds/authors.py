"""Bylines into people: the names an author feed is made for, without agencies, desks or the site itself.

A byline string as extracted ("Sudipta Roy and Meghna Dutta", "PTI", "Staff Reporter, with inputs from
agencies") becomes a short list of distinct persons, so each person gets one feed and a wire service
does not become the site's busiest "author".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from newsfeeds.tags import clean_tag, name_key

MAX_AUTHOR_NAME = 80
DEFAULT_MAX_PER_ARTICLE = 3

# Whole bylines that name a wire service rather than a person (compared by name_key).
AGENCIES = frozenset(name_key(n) for n in (
    "AFP", "Agence France-Presse", "ANI", "Asian News International", "AP", "Associated Press", "Bloomberg",
    "dpa", "EFE", "IANS", "Indo-Asian News Service", "Kyodo", "PTI", "Press Trust of India", "Reuters", "TASS",
    "UNI", "United News of India", "Xinhua", "ANSA", "IBNS", "India Blooms News Service", "TNN", "News18",
    "PA Media", "AAP", "CNA", "Yonhap", "NTB", "APA", "Belga", "Anadolu", "WAM", "KUNA", "BSS",
))
# Words that mark a desk, a team or a role, not a person ("Staff Reporter", "Web Desk", "News Bureau").
_DESK_WORDS = re.compile(
    r"(?<!\w)(staff|desk|bureau|team|correspondents?|newsroom|reporters?|editors?|editorial|agency|agencies|"
    r"news ?service|wire|wires|admin|administrator|webmaster|guest|contributors?|sponsored|partner|content|"
    r"network|media|press|online|digital|feeds?|syndicat\w*)(?!\w)",
    re.IGNORECASE,
)
_SPLIT = re.compile(r"\s*(?:[,;|/&+\n]|\band\b|\bund\b|\bet\b|\by\b)\s*", re.IGNORECASE)
_INPUTS = re.compile(r"\b(with|w/)\s+(additional\s+)?(inputs?|reporting|contributions?)\s+(from|by)\b.*$", re.IGNORECASE | re.S)
_BY = re.compile(r"^\s*(by|von|par|por|di)\s+", re.IGNORECASE)
_ACRONYM = re.compile(r"^[A-Z0-9]{2,6}$")
_NOT_A_NAME = re.compile(r"[@<>{}=#]|https?:|www\.|\d")


@dataclass(frozen=True)
class AuthorPolicy:
    """A profile's [authors] table: whether author feeds exist, names kept or dropped despite the rules,
    and how many people one article may credit."""

    feeds: bool = True
    allow: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    max_per_article: int = DEFAULT_MAX_PER_ARTICLE

    def fingerprint(self) -> list[object]:
        return [self.feeds, sorted(name_key(n) for n in self.allow), sorted(name_key(n) for n in self.ignore),
                self.max_per_article]


def byline_people(author: str | None, policy: AuthorPolicy = AuthorPolicy(), not_people: Iterable[str] = ()) -> list[str]:
    """The distinct persons a byline credits, first spelling kept, at most `policy.max_per_article`.

    `not_people` are further names that are never authors (the site's own name and title)."""
    if not author or not policy.feeds:
        return []
    allowed = {name_key(n) for n in policy.allow}
    refused = {name_key(n) for n in (*policy.ignore, *not_people)} | {name_key(n).replace(" ", "") for n in not_people}
    people: list[str] = []
    seen: set[str] = set()
    for piece in _pieces(author, allowed):
        key = name_key(piece)
        if not key or key in seen:
            continue
        if key not in allowed and (key in refused or key.replace(" ", "") in refused or not is_person(piece)):
            continue
        seen.add(key)
        people.append(piece)
        if len(people) >= policy.max_per_article:
            break
    return people


def _pieces(author: str, allowed: set[str]) -> list[str]:
    """A byline cut into candidate names; an allowed name is kept whole even if it contains a separator."""
    text = _INPUTS.sub("", author)
    whole = clean_tag(_BY.sub("", text))
    if name_key(whole) in allowed:
        return [whole]
    return [clean_tag(_BY.sub("", part)) for part in _SPLIT.split(text)]


def is_person(name: str) -> bool:
    """Whether a byline piece reads as a person's name: not a wire service, a desk or a role, not an
    acronym, no digits, links or handles, and of a name's length."""
    if not name or len(name) > MAX_AUTHOR_NAME or len(name.split()) > 6:
        return False
    if name_key(name) in AGENCIES or _ACRONYM.match(name) or _NOT_A_NAME.search(name):
        return False
    return not _DESK_WORDS.search(name)
