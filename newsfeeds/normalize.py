"""Normalizing an article: dates in the site's zone, clean tags, canonical URLs, safe HTML, tidy text.

Plain functions with no Scrapy in them, so the worker processes that extract pages (newsfeeds.workers)
and `scrapy extract` normalize exactly as the normalize pipeline does.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from newsfeeds.config import setting
from newsfeeds.dates import DateParseError, ParsedDate, parse_date
from newsfeeds.html import absolutize, clean_text, repair_mojibake, sanitize_html, strip_tags, truncate
from newsfeeds.items import Article, ListingEntry
from newsfeeds.profiles import Profile
from newsfeeds.tags import unique_tags
from newsfeeds.urls import canonical_url, identity_key

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

logger = logging.getLogger("newsfeeds.pipelines.normalize")  # the name operators know from the logs
SUMMARY_LENGTH = 400


@dataclass(frozen=True)
class NormalizeRules:
    """The crawl's normalization settings, fixed for a run so a worker process can apply them too."""

    max_title: int = 300
    future: timedelta = timedelta(hours=24)

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> NormalizeRules:
        return cls(max_title=setting(settings, "NEWSFEEDS_MAX_TITLE_LENGTH"),
                   future=timedelta(hours=setting(settings, "NEWSFEEDS_FUTURE_TOLERANCE_HOURS")))


def normalize_article(item: Article, profile: Profile, rules: NormalizeRules = NormalizeRules(), *,
                      notes: list[tuple[int, str]] | None = None) -> Article:
    """Normalize one article in place (also used by `scrapy extract` and in worker processes, which
    hand their log lines back through `notes`)."""
    def note(level: int, message: str) -> None:
        if notes is None:
            logger.log(level, message)
        else:
            notes.append((level, message))

    if item.listing is not None:
        merge_listing(item, item.listing)
    item.url = canonical_url(item.url)
    item.key = identity_key(item.url)
    item.title = truncate(clean_text(strip_tags(repair_mojibake(item.title or ""))), rules.max_title)
    item.author = truncate(clean_text(strip_tags(repair_mojibake(item.author or ""))), 200) or None
    item.section = truncate(clean_text(strip_tags(repair_mojibake(item.section or ""))), 100) or None
    item.tags = unique_tags([repair_mojibake(t) for t in item.tags])
    item.image = absolutize(item.image, item.response_url)
    item.body = sanitize_html(repair_mojibake(item.body or ""), item.response_url) or None
    summary = clean_text(strip_tags(repair_mojibake(item.summary or "")))
    if not summary and item.body:
        summary = strip_tags(item.body[:SUMMARY_LENGTH * 8])  # the opening paragraphs are enough
    item.summary = truncate(summary, SUMMARY_LENGTH) or None
    item.published, item.published_source = _first_date(item.published_candidates, profile, item, rules.future, note)
    item.modified, _ = _first_date(item.modified_candidates, profile, item, rules.future, None)
    if item.published is None:
        tried = "; ".join(f"{source}: {raw!r}" for raw, source in item.published_candidates[:5]) or "no date found on the page"
        note(logging.WARNING, f"No usable publication date on {item.url} ({tried}); using the time it was first seen")
    return item


# Where the page states its date in metadata (a profile selector, JSON-LD, meta, microdata), that beats
# a sitemap's or feed's date; the listing's date beats what is only read off the page's text, its
# <time> elements or its URL.
PAGE_METADATA = ("selector", "jsonld", "meta:", "microdata")
WEAK_TAGS = ("meta:keywords", "meta:news_keywords", "tag-links")


def merge_listing(item: Article, entry: ListingEntry) -> None:
    """Add what a sitemap or feed said about the article as one more layer, used where the page says
    nothing better; each field it fills is recorded in `sources` as `listing:<layer>`."""
    layer = f"listing:{entry.layer}"
    for name in ("title", "author", "summary"):
        value = getattr(entry, name)
        if value and not getattr(item, name):
            setattr(item, name, value)
            item.sources[name] = layer
    if entry.keywords and (not item.tags or item.sources.get("tags", "") in WEAK_TAGS):
        item.tags = list(entry.keywords)
        item.sources["tags"] = layer
    if entry.published:
        candidate = (entry.published, layer)
        first = item.published_candidates[0][1] if item.published_candidates else ""
        if first.startswith(PAGE_METADATA) and not first.startswith("selector:fallback"):
            item.published_candidates = [*item.published_candidates, candidate]
        else:
            item.published_candidates = [candidate, *item.published_candidates]
    if entry.modified:
        item.modified_candidates = [*item.modified_candidates, (entry.modified, layer)]


def _first_date(candidates: list[tuple[str, str]], profile: Profile, item: Article, future: timedelta,
                note: Callable[[int, str], None] | None) -> tuple[ParsedDate | None, str | None]:
    for raw, source in candidates:
        try:
            parsed = parse_date(raw, tz=profile.tz, now=item.fetched_at, dayfirst=profile.dayfirst,
                                formats=profile.date_formats, max_future=future)
        except DateParseError as exc:
            if note is not None and source not in ("byline", "byline:updated"):
                note(logging.INFO, f"Ignoring {source} date on {item.url}: {exc}")
            continue
        return parsed, source
    return None, None
