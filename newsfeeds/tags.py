"""Tag names and the file-system-safe slugs that name their feed files."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

from anyascii import anyascii

from newsfeeds.html import clean_text, strip_tags, truncate

MAX_SLUG_LENGTH = 80
MAX_NAME_LENGTH = 120
# Every tag is a feed that lists every tag of its articles: a keyword-stuffed page with thousands of
# tags would cost thousands of feeds times thousands of categories. Real articles carry a dozen.
MAX_TAGS = 40
_NON_SLUG = re.compile(r"[^a-z0-9]+")
# Names Windows refuses as file names, whatever the extension; feeds may be copied there.
_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", "index", "feeds"}
    | {f"com{i}" for i in range(10)}
    | {f"lpt{i}" for i in range(10)}
)


def name_key(name: str) -> str:
    """What makes two tag names the same tag: Unicode-normalized, case-folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def clean_tag(name: str | None) -> str:
    """A display name fit for a feed: no markup (readers and the index show it), no control characters,
    bounded length."""
    text = clean_text(strip_tags(name or "")).strip(" \t|,;:#·•-–—")
    return truncate(text, MAX_NAME_LENGTH)


def unique_tags(names: Iterable[str | None]) -> list[str]:
    """Tags trimmed and de-duplicated case-insensitively; the first spelling seen is kept; at most
    MAX_TAGS, the first ones given."""
    seen: set[str] = set()
    result: list[str] = []
    for raw in names:
        name = clean_tag(raw)
        key = name_key(name)
        if not key or key in seen:
            continue
        seen.add(key)
        result.append(name)
        if len(result) == MAX_TAGS:
            break
    return result


def base_slug(name: str) -> str:
    """A readable ASCII slug: transliterated, lower case, hyphen-separated, never a path or a
    reserved device name. Collisions between different names are settled by `unique_slug`."""
    ascii_text = anyascii(unicodedata.normalize("NFKC", name)).lower()
    slug = _NON_SLUG.sub("-", ascii_text).strip("-")
    if len(slug) > MAX_SLUG_LENGTH:
        slug = slug[:MAX_SLUG_LENGTH].rsplit("-", 1)[0].strip("-") or slug[:MAX_SLUG_LENGTH]
    if not slug or slug in _RESERVED:
        slug = f"{slug or 'tag'}-{_digest(name)}"
    return slug


def unique_slug(name: str, taken: set[str] | frozenset[str]) -> str:
    """The base slug, or the base plus a digest of the exact name when another name already owns it."""
    slug = base_slug(name)
    if slug not in taken:
        return slug
    candidate = f"{slug}-{_digest(name)}"
    counter = 2
    while candidate in taken:
        candidate = f"{slug}-{_digest(name)}-{counter}"
        counter += 1
    return candidate


def _digest(name: str) -> str:
    return hashlib.sha1(name_key(name).encode("utf-8")).hexdigest()[:6]
