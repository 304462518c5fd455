"""Per-process shared state: one store connection and one extraction pool for every crawler a process
runs (thirty sites in one `crawlall` write through one connection, in turn, and share the workers),
and per crawler its clock and its `CrawlStore`, the one way the crawl's components reach the store."""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any, TypeVar

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.settings import BaseSettings
from scrapy.utils.defer import deferred_from_coro, maybe_deferred_to_future
from twisted.internet.defer import Deferred

from newsfeeds.config import setting
from newsfeeds.patience import patiently, patiently_now
from newsfeeds.profiles import Profile
from newsfeeds.store import SQLStore, Store, StoreBusy, open_store, store_location

logger = logging.getLogger(__name__)
T = TypeVar("T")

_shared: dict[tuple[str, str], tuple[Any, set[int]]] = {}


def _share(crawler: Crawler, key: tuple[str, str], open_: Callable[[], Any], close: Callable[[Any], None]) -> Any:
    """The process's one instance for `key`, opened on first use and closed when the last crawler
    using it stops."""
    entry = _shared.get(key)
    if entry is None:
        entry = _shared[key] = (open_(), set())
    thing, users = entry
    if id(crawler) not in users:
        users.add(id(crawler))

        def release() -> None:
            users.discard(id(crawler))
            if not users and _shared.get(key) is entry:
                del _shared[key]
                close(thing)

        crawler.signals.connect(release, signal=signals.engine_stopped, weak=False)
    return thing


def _shared_store(crawler: Crawler) -> SQLStore:
    """The process's store connection, shared by every crawler of this process."""
    location = store_location(crawler.settings)
    return _share(crawler, ("store", location.identity), lambda: open_store(location), lambda store: store.close())


class CrawlStore:
    """The one way a crawl's components reach the store: `crawl_store(crawler)`.

    `store` is the process's shared store (SQLite or PostgreSQL, whichever NEWSFEEDS_DB names). Writes go
    through `write` (in the event loop) or `write_now` (at the end of a run), which wait their turn while
    another process holds what they need, up to NEWSFEEDS_STORE_PATIENCE. What still could not be
    stored is kept (`keep_for_later`) and becomes pending retries when the crawl ends (`settle`);
    `incomplete` then tells whether anything seen this run is neither stored nor pending."""

    def __init__(self, crawler: Crawler) -> None:
        self.store: Store = _shared_store(crawler)
        self.patience = float(setting(crawler.settings, "NEWSFEEDS_STORE_PATIENCE"))
        self.unsaved: list[tuple[str | None, list[str], str]] = []
        self.incomplete = False

    async def write(self, write: Callable[[], T], what: str) -> T:
        return await patiently(write, self.patience, what)

    def write_now(self, write: Callable[[], T], what: str) -> T:
        return patiently_now(write, self.patience, what)

    def keep_for_later(self, url: str | None, sections: list[str], reason: str) -> None:
        """An article (url) or a listing's sightings (None) the store was too busy to take."""
        logger.warning("Could not store %s for %g s (%s); it is kept for the next run", url or "a listing",
                       self.patience, reason)
        self.unsaved.append((url, sections, reason))

    def settle(self, site: str, now: datetime) -> None:
        """Turn what could not be stored into pending retries, now that the crawl has nothing else to do."""
        unsaved, self.unsaved = self.unsaved, []
        for url, sections, reason in unsaved:
            if url is None:
                self.incomplete = True  # a listing's sightings: the next run must read listings afresh
                continue
            try:
                self.write_now(lambda: self.store.add_pending(site, url, sections, reason, now), f"remembering {url}")
            except StoreBusy:
                self.incomplete = True
                logger.error("Could not store %s nor remember it: the store stayed locked. The next run reads every "
                             "listing page afresh and finds it again.", url)


_crawl_stores: weakref.WeakKeyDictionary[Crawler, CrawlStore] = weakref.WeakKeyDictionary()


def crawl_store(crawler: Crawler) -> CrawlStore:
    """The crawler's CrawlStore, made on first use."""
    return one_per_crawler(_crawl_stores, crawler, CrawlStore)


_C = TypeVar("_C")


def one_per_crawler(made: weakref.WeakKeyDictionary[Crawler, _C], crawler: Crawler, make: Callable[[Crawler], _C]) -> _C:
    """The crawler's one instance of something its components share, made on first use."""
    found = made.get(crawler)
    if found is None:
        found = made[crawler] = make(crawler)
    return found


def pool_for(crawler: Crawler) -> Any:
    """The process's extraction workers (newsfeeds.workers.ExtractionPool), or None when extraction
    runs in the crawl process (NEWSFEEDS_EXTRACT_WORKERS = 0, or no spare core)."""
    from newsfeeds.normalize import NormalizeRules
    from newsfeeds.workers import ExtractionPool, default_workers

    workers = setting(crawler.settings, "NEWSFEEDS_EXTRACT_WORKERS")
    workers = default_workers() if workers < 0 else workers
    if workers <= 0:
        return None
    rules = NormalizeRules.from_settings(crawler.settings)
    return _share(crawler, ("pool", repr((workers, rules))), lambda: ExtractionPool(workers, rules),
                  lambda pool: pool.close())


def after_feeds(crawler: Crawler, step: Callable[[], Any]) -> Any:
    """Run a closing step (the run report, the health record) once the site's feeds are written: at
    once, or, when FeedsOnClose writes them asynchronously (crawlall), when that is done. Steps waiting
    together resume in the order they were connected to spider_closed (asyncio wakes them in turn)."""
    pending = getattr(crawler, "newsfeeds_feeds_pending", None)
    if pending is None or pending.done():
        return step()

    async def later() -> Any:
        try:
            await asyncio.shield(pending)
        except Exception:  # noqa: BLE001 - FeedsOnClose's own failure is logged by Scrapy; this step still runs
            pass
        result = step()
        return await maybe_deferred_to_future(result) if isinstance(result, Deferred) else result

    return deferred_from_coro(later())


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
