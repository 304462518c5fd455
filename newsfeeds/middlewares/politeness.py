"""Per-site back-off, in the spirit of Scrapy's RetryMiddleware but without its tight loop.

A 429 or 503 pauses the whole site (its download slot) for the Retry-After the server asked for, or
an exponential back-off without one, then the request is retried; robots.txt's Crawl-delay is a
floor under the site's delay that AutoThrottle cannot lower; and a site that keeps refusing us (429
or 403 again and again) stops the run early, unhealthy, so the previous feeds stay as they are.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from time import monotonic
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.utils.defer import deferred_from_coro
from twisted.python.failure import Failure

from newsfeeds.config import setting

logger = logging.getLogger(__name__)

BACKOFF_STATUSES = (429, 503)
REFUSAL_STATUSES = (429, 403)
FIRST_BACKOFF = 5.0   # seconds, doubled per refusal in a row, when the server names no Retry-After


def retry_after(response: Response, now: datetime | None = None) -> float | None:
    """Seconds the server asks us to wait: Retry-After as seconds or as an HTTP date (RFC 9110)."""
    raw = (response.headers.get("Retry-After") or b"").decode("latin-1").strip()
    if not raw:
        return None
    if raw.isdigit():
        return float(raw)
    try:
        when = parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


class SitePace:
    """The download slot of each site: its Crawl-delay floor, and its pause while backing off.

    The pause starts in the `response_downloaded` signal, which the downloader sends before it hands
    the site's next queued request out, so not one more request leaves after a 429 or 503."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.floors: dict[str, float] = {}
        self.paused: dict[str, tuple[float, float]] = {}   # slot -> (its delay before the pause, pause end)
        self.backoffs: dict[str, int] = {}                 # 429/503 answers in a row, per slot

    @classmethod
    def of(cls, crawler: Crawler) -> SitePace:
        """The crawler's one SitePace, shared by the robots.txt and back-off middlewares."""
        pace = getattr(crawler, "_newsfeeds_pace", None)
        if pace is None:
            pace = cls(crawler)
            crawler._newsfeeds_pace = pace  # type: ignore[attr-defined]
            crawler.signals.connect(pace.response_downloaded, signal=signals.response_downloaded)
        return pace

    @property
    def _downloader(self) -> Any:
        assert self.crawler.engine is not None
        return self.crawler.engine.downloader

    def set_floor(self, request: Request, delay: float) -> None:
        """A Crawl-delay: at least this long between two requests to the site, one at a time, no jitter."""
        key, slot = self._downloader._get_slot(request)
        self.floors[key] = delay
        self._downloader.per_slot_settings.setdefault(key, {}).update({"delay": delay, "jitter": 0, "concurrency": 1})
        slot.concurrency = 1
        self._enforce(key, slot)

    def drop_queued(self, request: Request, reason: str) -> None:
        """Send nothing more to the site in this run: the requests queued for it fail as ignored."""
        _, slot = self._downloader._get_slot(request)
        while slot.queue:
            _, waiting = slot.queue.popleft()
            waiting.errback(Failure(IgnoreRequest(reason)))

    def _enforce(self, key: str, slot: Any) -> None:
        floor = self.floors.get(key)
        if floor is not None:
            slot.delay = max(slot.delay, floor)
            slot.jitter = 0

    def response_downloaded(self, response: Response, request: Request, spider: Spider) -> None:
        """After AutoThrottle's adjustment (it connects first): pause the site on 429/503; end the pause
        with the first success after it (answers to requests sent before it do not count); keep the floor."""
        key, slot = self._downloader._get_slot(request)
        now = monotonic()
        if response.status in BACKOFF_STATUSES:
            self.backoffs[key] = self.backoffs.get(key, 0) + 1
            asked = retry_after(response)
            wait = asked if asked is not None else FIRST_BACKOFF * 2 ** (self.backoffs[key] - 1)
            request.meta["newsfeeds_backoff"] = (wait, asked)
            before = self.paused[key][0] if key in self.paused else slot.delay
            self.paused[key] = (before, max(now + wait, self.paused.get(key, (0.0, 0.0))[1]))
            slot.delay = max(slot.delay, wait)
            slot.jitter = 0
            slot.lastseen = now
        elif key in self.paused and response.status not in REFUSAL_STATUSES:
            self.backoffs.pop(key, None)
            before, until = self.paused[key]
            if now >= until:
                del self.paused[key]
                slot.delay = before
                slot.jitter = self._downloader._jitter
                if slot.latercall:   # a wait scheduled with the pause's delay: send the queue now instead
                    slot.close()
                    self._downloader._process_queue(slot)
            else:
                slot.delay = max(slot.delay, until - slot.lastseen)
        self._enforce(key, slot)


class BackoffMiddleware:
    """Honour Retry-After on 429 and 503 per site; stop the run when the site keeps refusing."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.pace = SitePace.of(crawler)
        self.retries = setting(crawler.settings, "NEWSFEEDS_BACKOFF_RETRIES")
        self.longest = setting(crawler.settings, "NEWSFEEDS_MAX_RETRY_AFTER")
        self.refusals_allowed = setting(crawler.settings, "NEWSFEEDS_MAX_REFUSALS")
        self.refused: dict[str, int] = {}   # 429 or 403 answers in a row, per site
        self.stopping = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BackoffMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        status = response.status
        site = request.meta.get("download_slot") or response.url
        if status in REFUSAL_STATUSES:
            self.refused[site] = self.refused.get(site, 0) + 1
            if self.refused[site] >= self.refusals_allowed:
                self._stop(request, f"site keeps refusing us: {self.refused[site]} HTTP {status} answers in a row "
                                    f"(last: {response.url}); stopped early, previous feeds kept")
                return response
        elif status not in BACKOFF_STATUSES:
            self.refused.pop(site, None)
        if status not in BACKOFF_STATUSES or self.stopping or request.meta.get("dont_retry"):
            return response
        wait, asked = request.meta.get("newsfeeds_backoff") or (FIRST_BACKOFF, None)
        if wait > self.longest:
            self._stop(request, f"site asked us to wait {wait:.0f} s (HTTP {status} Retry-After on {response.url}), longer than "
                       f"NEWSFEEDS_MAX_RETRY_AFTER {self.longest:.0f} s; stopped early, previous feeds kept")
            return response
        retry = get_retry_request(request, spider=self.crawler.spider,  # type: ignore[arg-type]
                                  reason=f"HTTP {status}, waiting {wait:g} s", max_retry_times=self.retries)
        if retry is None:
            return response
        self.crawler.stats.inc_value("newsfeeds/backoff_waits")  # type: ignore[union-attr]
        logger.info("%s answered HTTP %d%s; pausing the site for %g s before retrying %s", site, status,
                    f" with Retry-After {asked:g}" if asked is not None else "", wait, request.url)
        return retry

    def process_request(self, request: Request) -> None:
        if self.stopping:
            raise IgnoreRequest("the run is stopping: the site keeps refusing us")

    def _stop(self, request: Request, reason: str) -> None:
        """End the run now: nothing more goes to the site, the spider closes as `blocked`."""
        self.pace.drop_queued(request, "the run is stopping: the site keeps refusing us")
        if self.stopping:
            return
        self.stopping = True
        stats = self.crawler.stats
        assert stats is not None
        stats.set_value("newsfeeds/blocked", reason)
        logger.error("Stopping the run: %s", reason)
        assert self.crawler.engine is not None
        deferred_from_coro(self.crawler.engine.close_spider_async(reason="blocked"))
