"""Per-process shared state: one store connection and one extraction pool for every crawler a process
runs (thirty sites in one `crawlall` write through one connection, in turn, and share the workers),
and one clock per crawler."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.settings import BaseSettings
from scrapy.utils.defer import deferred_from_coro, maybe_deferred_to_future
from twisted.internet.defer import Deferred

from newsfeeds.config import data_path, setting
from newsfeeds.profiles import Profile
from newsfeeds.store import SQLiteStore

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


def store_for(crawler: Crawler) -> SQLiteStore:
    """The process's store, shared by every crawler of this process."""
    path = data_path(crawler.settings, "NEWSFEEDS_DB", "newsfeeds.sqlite3")
    return _share(crawler, ("store", str(path.resolve())), lambda: SQLiteStore(path), lambda store: store.close())


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
