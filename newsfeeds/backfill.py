"""Backfill one large site's whole archive with several processes, on one machine or many, that share
one frontier in Redis through scrapy-redis: its request queue (listing pages and articles) and its
duplicate filter, so every article is fetched once across all of them.

    scrapy crawl site -a profile=NAME -a backfill=1 -s NEWSFEEDS_REDIS_URL=redis://host:6379/0

Run the same line in as many processes as you like. Each walks every listing page up to max_pages
(never stopping at known articles nor trusting 304) and fetches the articles the store does not have.
The store stays the record of what is owed (newsfeeds.frontier): a link is pending in the store before
it enters the Redis queue, so a process killed with what it had in flight loses nothing for good; the
next run of the site (a backfill or an ordinary one) fetches it, and resumes a walk it cut short.

One backfill is one "generation" in Redis under `newsfeeds:<site>:`: `requests` (the queue),
`seen` (the duplicate filter), `busy:<host>:<pid>` (a process with work in hand, refreshed while it
has some, expiring when it dies). A process stays open while another is busy or the queue holds
requests (another process may add more), and the last one out clears the generation; a generation left
by killed processes (nobody busy, nothing queued) is cleared by the next backfill that opens.
"""

from __future__ import annotations

import logging
import os
import socket
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy_redis.scheduler import Scheduler as RedisScheduler
from twisted.internet import task

from newsfeeds.profiles import Profile

logger = logging.getLogger(__name__)

REDIS_SETTING = "NEWSFEEDS_REDIS_URL"
BUSY_TTL = 10      # seconds a busy mark outlives its last refresh: how long a killed process holds the others
TICK = 0.5         # seconds between looks at the shared queue while this process has nothing in hand


def keys(site: str) -> dict[str, str]:
    base = f"newsfeeds:{site}:"
    return {"queue": base + "requests", "seen": base + "seen", "busy": base + "busy:", "open": base + "opening"}


def backfill_settings(settings: Any, profile: Profile) -> None:
    """Point a crawl's scheduler at the site's shared frontier in Redis (scrapy-redis)."""
    names = keys(profile.name)
    settings.set("SCHEDULER", "newsfeeds.backfill.BackfillScheduler", priority="spider")
    settings.set("DUPEFILTER_CLASS", "scrapy_redis.dupefilter.RFPDupeFilter", priority="spider")
    settings.set("REDIS_URL", settings.get(REDIS_SETTING), priority="spider")
    settings.set("SCHEDULER_PERSIST", True, priority="spider")  # other processes still use it
    settings.set("SCHEDULER_QUEUE_KEY", names["queue"], priority="spider")
    settings.set("SCHEDULER_DUPEFILTER_KEY", names["seen"], priority="spider")


def redis_problem(url: str | None) -> str | None:
    """Why a backfill cannot use the Redis server at `url` (None: it answers)."""
    if not url:
        return f"a backfill needs its shared frontier in Redis: set {REDIS_SETTING} (e.g. -s {REDIS_SETTING}=redis://host:6379/0)"
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=5).ping()
    except (redis.RedisError, OSError, ValueError) as exc:
        return f"cannot reach Redis at {_scrub(url)} for the backfill ({exc}); nothing was fetched, run it again once Redis answers"
    return None


def _scrub(url: str) -> str:
    """A Redis URL without its password."""
    if "@" not in url:
        return url
    scheme, _, rest = url.partition("://")
    credentials, _, host = rest.rpartition("@")
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}" if ":" in credentials else url


class BackfillScheduler(RedisScheduler):
    """scrapy-redis's scheduler under the site's keys, which marks this process busy while it has work in
    hand, keeps it open while the backfill goes on elsewhere, and clears a finished generation."""

    crawler: Crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BackfillScheduler:
        scheduler: BackfillScheduler = super().from_crawler(crawler)  # type: ignore[assignment]
        scheduler.crawler = crawler
        scheduler.me = f"{socket.gethostname()}:{os.getpid()}"
        scheduler.looper = None
        crawler.signals.connect(scheduler.spider_idle, signal=signals.spider_idle)
        return scheduler

    me: str
    looper: task.LoopingCall | None

    def open(self, spider: Spider) -> Any:
        names = keys(spider.profile.name)  # type: ignore[attr-defined]
        self.names = names
        with self.server.lock(names["open"], timeout=30, blocking_timeout=30):
            if not self._others_busy() and not self.server.exists(names["queue"]):
                self.server.delete(names["seen"])  # a generation left by killed processes: start afresh
            self._mark_busy()
        result = super().open(spider)
        # Scrapy's engine looks at a scheduler that claims requests only every few seconds; a shared queue
        # fills from other processes, so this one looks every TICK while it has nothing in hand.
        engine = self.crawler.engine
        if engine is not None:
            engine._SLOT_HEARTBEAT_INTERVAL = TICK  # type: ignore[attr-defined]
        self.looper = task.LoopingCall(self._tick)
        self.looper.start(TICK, now=False)
        return result

    def _mark_busy(self) -> None:
        self.server.set(self.names["busy"] + self.me, "1", ex=BUSY_TTL)

    def _others_busy(self) -> bool:
        mine = self.names["busy"] + self.me
        for key in self.server.scan_iter(match=self.names["busy"] + "*", count=100):
            if (key.decode() if isinstance(key, bytes) else key) != mine:
                return True
        return False

    def _tick(self) -> None:
        """Refresh this process's busy mark while it has work in hand; drop it when it has none."""
        engine = self.crawler.engine
        try:
            if engine is not None and engine.spider is not None and not engine.spider_is_idle():
                self._mark_busy()
            else:
                self.server.delete(self.names["busy"] + self.me)
        except Exception as exc:  # noqa: BLE001 - Redis gone for a moment: the requests' own errors tell
            logger.warning("Could not reach Redis to mark this process busy: %s", exc)

    def spider_idle(self, spider: Spider) -> None:
        """Nothing in hand here: stay open while another process has work (it may queue more) or the
        queue holds requests this one will take."""
        self.server.delete(self.names["busy"] + self.me)
        if len(self) or self._others_busy():
            raise DontCloseSpider

    def close(self, reason: str) -> Any:
        if self.looper is not None and self.looper.running:
            self.looper.stop()
        try:
            with self.server.lock(self.names["open"], timeout=30, blocking_timeout=30):
                self.server.delete(self.names["busy"] + self.me)
                if reason == "finished" and not self._others_busy() and not len(self):
                    self.server.delete(self.names["seen"], self.names["queue"])  # the last one out
        except Exception as exc:  # noqa: BLE001 - the generation is cleared by the next backfill instead
            logger.warning("Could not clear the backfill's Redis keys: %s", exc)
        return super().close(reason)
