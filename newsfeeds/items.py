"""What the spider hands to the pipelines: an article, the sighting of one on a section page, the links
a listing page discovered, or a listed page that turned out not to be an article."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from newsfeeds.dates import ParsedDate
from newsfeeds.store import WalkStep


@dataclass
class ListingEntry:
    """One article as a sitemap or the site's own feed lists it: its own date, title and keywords are
    one more extraction layer (`layer` names it, e.g. "sitemap:news" or "feed:rss")."""

    url: str
    layer: str
    title: str | None = None
    published: str | None = None
    modified: str | None = None
    keywords: list[str] = field(default_factory=list)
    author: str | None = None
    summary: str | None = None


@dataclass
class Article:
    """An article page as extracted; the normalize pipeline fills the derived fields."""

    site: str
    url: str
    response_url: str
    fetched_at: datetime
    title: str | None = None
    published_candidates: list[tuple[str, str]] = field(default_factory=list)
    modified_candidates: list[tuple[str, str]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    author: str | None = None
    section: str | None = None
    sections: list[str] = field(default_factory=list)
    summary: str | None = None
    body: str | None = None
    image: str | None = None
    sources: dict[str, str] = field(default_factory=dict)
    listing: ListingEntry | None = None   # what the sitemap or feed that led here said about it
    # Filled by normalizing (newsfeeds.normalize.normalize_article, called by newsfeeds.workers.read_article).
    key: str = ""
    published: ParsedDate | None = None
    published_source: str | None = None
    modified: ParsedDate | None = None
    normalized: bool = False  # set by newsfeeds.workers.read_article, the one place articles are normalized
    notes: list[tuple[int, str]] = field(default_factory=list)  # log lines from normalizing, for the main process
    pending_url: str | None = None  # the URL its pending record has (the link as listed): cleared when stored


@dataclass
class Sighting:
    """The article links one listing page of a section shows: they make those articles part of it."""

    site: str
    section: str
    urls: list[str]
    keys: list[str] = field(default_factory=list)


@dataclass
class ArticleAgain:
    """The same article reached again in one run (another section, another URL form): what it adds to the
    copy already passed on, for the store to merge."""

    site: str
    key: str
    url: str
    sections: list[str]
    tags: list[str]
    pending_url: str | None = None


@dataclass
class Discovered:
    """Article links one listing document named that are not stored yet (url, key, sections, what a sitemap
    or feed said of it as JSON), and how far the listing's walk got: the store pipeline records them in one
    transaction before any of them is requested; then `follow`, the listing's next page, is asked for."""

    site: str
    links: list[tuple[str, str, list[str], str | None]]
    step: WalkStep | None = None
    follow: Any = None  # a scrapy Request


@dataclass
class Dismissed:
    """A listed page that is no article (no title, not HTML, forbidden by robots.txt): its pending record goes."""

    site: str
    url: str
