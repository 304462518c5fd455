"""FeedsOnClose: when a crawl ends healthy, rebuild the site's changed feeds from the store, then tell
the WebSub hubs (NEWSFEEDS_WEBSUB_HUBS) which feeds changed."""

from __future__ import annotations

import asyncio
import logging
import time
from contextlib import AbstractContextManager, nullcontext
from datetime import timedelta
from pathlib import Path

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import deferred_from_coro, maybe_deferred_to_future
from twisted.internet.defer import Deferred
from twisted.internet.threads import deferToThread

from newsfeeds.config import setting
from newsfeeds.feedwriter import FORMATS, FeedWriter
from newsfeeds.health import assess
from newsfeeds.lock import waiting_lock
from newsfeeds.runtime import crawl_clock, crawl_store
from newsfeeds.store import StoreBusy
from newsfeeds.websub import hub_urls, publish

logger = logging.getLogger(__name__)


class Announcements:
    """The changed feeds of every crawl in this process, told to the hubs once, when the last crawl has
    written its feeds: `scrapy crawlall` sends each hub one request per run, however many sites."""

    def __init__(self) -> None:
        self.crawling: set[int] = set()
        self.urls: list[str] = []

    def join(self, crawler: Crawler) -> None:
        self.crawling.add(id(crawler))

    def leave(self, crawler: Crawler, urls: list[str]) -> list[str]:
        """Add a finished crawl's changed feeds; returns every crawl's once the last one left, else []."""
        self.urls += urls
        self.crawling.discard(id(crawler))
        if self.crawling:
            return []
        batch, self.urls = self.urls, []
        return batch


ANNOUNCEMENTS = Announcements()


class FeedsOnClose:
    """Write feeds at the end of a healthy run; an unhealthy run leaves the last good files alone."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.settings = crawler.settings
        self.hubs = hub_urls(setting(crawler.settings, "NEWSFEEDS_WEBSUB_HUBS"))
        ANNOUNCEMENTS.join(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FeedsOnClose:
        if not setting(crawler.settings, "NEWSFEEDS_DIR"):
            raise NotConfigured("NEWSFEEDS_DIR is empty: no directory to write feeds into")
        if not setting(crawler.settings, "NEWSFEEDS_WRITE_FEEDS"):
            raise NotConfigured("NEWSFEEDS_WRITE_FEEDS is off: `scrapy write-feeds` renders this crawl's changes")
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_closed(self, spider: Spider, reason: str) -> Deferred[object]:
        task = asyncio.ensure_future(self._close(spider))
        self.crawler.newsfeeds_feeds_pending = task  # type: ignore[attr-defined]  # the report waits for it
        return deferred_from_coro(_awaited(task))

    async def _close(self, spider: Spider) -> None:
        changed = await self._write(spider)
        batch = ANNOUNCEMENTS.leave(self.crawler, changed)
        if self.hubs and batch:
            # In a thread, so the reactor keeps running; Scrapy waits for it before the process ends.
            await maybe_deferred_to_future(deferToThread(publish, self.hubs, batch,
                                                         user_agent=self.settings.get("USER_AGENT") or "newsfeeds"))

    @staticmethod
    def _one_writer(spider: Spider, site_dir: Path) -> AbstractContextManager[None]:
        """A backfill's processes end one after another and write the same files: one at a time."""
        if not getattr(spider, "backfill", False):
            return nullcontext()
        site_dir.mkdir(parents=True, exist_ok=True)
        return waiting_lock(site_dir)

    async def _write(self, spider: Spider) -> list[str]:
        """Write the site's changed feeds if the run was healthy; returns the changed feeds' URLs."""
        profile = getattr(spider, "profile", None)
        if profile is None:
            return []
        stats = self.crawler.stats
        crawl = crawl_store(self.crawler)
        store = crawl.store
        verdict = assess(stats.get_stats(), len(profile.sections), setting(self.settings, "NEWSFEEDS_MAX_MISSING_RATIO"))
        stats.set_value("newsfeeds/healthy", verdict.healthy)
        stats.set_value("newsfeeds/reason", verdict.reason)
        if not verdict.healthy:
            logger.error("Unhealthy run for %s: %s. Previous feed files left untouched.", profile.name, verdict.reason)
            return []
        started = time.perf_counter()
        writer = FeedWriter.from_settings(store, self.settings, now=crawl_clock(self.crawler))
        later = getattr(self.crawler, "newsfeeds_batch", False)  # crawlall writes the index once at the end
        pool = getattr(spider, "pool", None)
        try:
            if later and pool is not None:  # crawlall: the workers render while the other sites crawl on
                try:
                    result = await writer.write_site_async(profile, pool, index=False)
                except StoreBusy:
                    result = crawl.write_now(lambda: writer.write_site(profile, index=False),
                                             f"writing the feeds of {profile.name}")
            else:
                with self._one_writer(spider, writer.out_dir / profile.name):
                    result = crawl.write_now(lambda: writer.write_site(profile, helper=pool, index=not later),
                                             f"writing the feeds of {profile.name}")
        except OSError as exc:
            stats.set_value("newsfeeds/healthy", False)
            stats.set_value("newsfeeds/reason", f"cannot write feeds: {exc}")
            logger.error("Cannot write feeds into %s: %s", writer.out_dir, exc)
            return []
        except StoreBusy as exc:
            stats.set_value("newsfeeds/healthy", False)
            stats.set_value("newsfeeds/reason", f"store busy, feeds not written: {exc}")
            logger.error("Feeds for %s not written: %s. They are written by the next run.", profile.name, exc)
            return []
        if later and result.index_due:
            self.crawler.newsfeeds_index_due = True  # type: ignore[attr-defined]
        stats.set_value("newsfeeds/feeds", result.feeds)
        stats.set_value("newsfeeds/feed_files_written", len(result.written))
        stats.set_value("newsfeeds/feed_files_unchanged", result.unchanged)
        stats.set_value("newsfeeds/feed_seconds", round(time.perf_counter() - started, 3))
        logger.info("Feeds for %s: %d feeds, %d files written, %d unchanged, in %s", profile.name, result.feeds,
                    len(result.written), result.unchanged, writer.out_dir)
        days = setting(self.settings, "NEWSFEEDS_RETENTION_DAYS")
        if days > 0:
            now = crawl_clock(self.crawler)
            try:
                held = writer.custom_feed_keys(profile)
                pruned = crawl.write_now(lambda: store.prune(profile.name, now - timedelta(days=days),
                                                             setting(self.settings, "NEWSFEEDS_MAX_ITEMS"), now, held),
                                         "pruning")
            except StoreBusy as exc:
                logger.warning("Pruning skipped this run: %s", exc)
                return changed_feed_urls(writer, result.written)
            stats.set_value("newsfeeds/pruned", pruned)
            if pruned:
                logger.info("Pruned %d article(s) older than %d days from the store", pruned, days)
        return changed_feed_urls(writer, result.written)


async def _awaited(task: asyncio.Future[None]) -> None:
    await task


def changed_feed_urls(writer: FeedWriter, written: list[str]) -> list[str]:
    """The public URLs of the feed files (not pages or the index) a pass rewrote."""
    return [writer.url_for(path) for path in written if path.rsplit(".", 1)[-1] in FORMATS and "/" in path]
