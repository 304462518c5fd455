"""The scheduler of a backfill's processes: scrapy-redis's, with a shared busy mark per process so none
closes while another still has work in hand (see newsfeeds.backfill)."""

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

from newsfeeds.backfill import BUSY_TTL, TICK, keys

logger = logging.getLogger(__name__)


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
