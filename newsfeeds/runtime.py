"""Per-crawl shared state: one store connection and one clock for every component of a crawler."""

from __future__ import annotations

from datetime import datetime, timezone

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.settings import BaseSettings

from newsfeeds.config import data_path, setting
from newsfeeds.profiles import Profile
from newsfeeds.store import SQLiteStore


def store_for(crawler: Crawler) -> SQLiteStore:
    """The crawler's store, opened on first use and closed when the engine stops."""
    store = getattr(crawler, "_newsfeeds_store", None)
    if store is None:
        store = SQLiteStore(data_path(crawler.settings, "NEWSFEEDS_DB", "newsfeeds.sqlite3"))
        crawler._newsfeeds_store = store  # type: ignore[attr-defined]
        crawler.signals.connect(store.close, signal=signals.engine_stopped)
    return store


def crawl_clock(crawler: Crawler) -> datetime:
    """Now, or the instant NEWSFEEDS_NOW pins for reproducible runs."""
    return settings_clock(crawler.settings)


def settings_clock(settings: BaseSettings) -> datetime:
    """Now, or NEWSFEEDS_NOW when set."""
    pinned = setting(settings, "NEWSFEEDS_NOW")
    if pinned:
        value = datetime.fromisoformat(str(pinned).replace("Z", "+00:00"))
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    return datetime.now(timezone.utc)


def profile_of(crawler: Crawler) -> Profile:
    """The profile of the crawler's running spider (every newsfeeds spider has one)."""
    profile = getattr(crawler.spider, "profile", None)
    if not isinstance(profile, Profile):
        raise TypeError(f"{crawler.spider!r} is not a newsfeeds spider: it has no site profile")
    return profile
