"""The crawl's frontier lives in the store, so a run killed at any moment (kill -9, the OOM killer, a
reboot, cron's `timeout`) loses nothing it found, and a big crawl's memory does not grow with the site.

- Every article link a listing names that is not stored yet is recorded in the store's `pending` table
  before it is requested (the store pipeline writes a listing page's links and how far its walk got in
  one transaction), and its record goes when the article is stored (in the same transaction), when the
  page turns out not to be an article, or it stays, counting failures, until a later run gets it.
- Article requests are fed to Scrapy's scheduler from that table in discovery order, a batch at a
  time, whenever fewer than `low` requests wait in it: the scheduler holds a bounded number of requests
  whatever the size of the site, and a run resumes the records a killed one left behind first.
- A listing's next page is asked for only once the page before it is recorded: the `walks` table then
  says how far each listing's pagination got, so a walk that never finished (its first full walk up to
  max_pages, or a walk from page 1 cut short) is resumed by the next run, and the shortcuts of an
  incremental run (stopping at a page of known articles, trusting 304 Not Modified) wait until it has.

`frontier_of(crawler)` is the crawler's one Frontier; it is also listed as an extension so it hears the
end of the run before the run report is written.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider

from newsfeeds.runtime import CrawlStore, crawl_store, one_per_crawler
from newsfeeds.store import PendingArticle, StoreBusy, Walk

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 10  # a pending article that failed this often is no longer asked for


@dataclass(frozen=True)
class WalkPlan:
    """How a run walks one listing: whether its first full walk (to the end or max_pages) has finished,
    where an unfinished one resumes (page number and URL), and the page an unfinished walk from page 1 had
    reached (the next walk from page 1 reads at least that far before it may stop at known articles)."""

    complete: bool
    resume_page: int | None
    resume_url: str | None
    floor: int

    @classmethod
    def of(cls, walk: Walk | None, max_pages: int) -> WalkPlan:
        walk = walk or Walk("", "")
        floor = walk.head or 1
        if walk.depth == 0:
            return cls(False, None, None, floor)
        if walk.next_url is None or walk.depth >= max_pages:
            return cls(True, None, None, floor)
        return cls(False, walk.depth + 1, walk.next_url, floor)

    @property
    def settled(self) -> bool:
        """Nothing unfinished: a walk from page 1 may trust 304 and stop at a page of known articles."""
        return self.complete and self.floor == 1


class Frontier:
    """One crawler's frontier (see the module docstring): walks as they stood when the run began, and the
    scheduler topped up from the store's pending articles."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.crawl: CrawlStore | None = None  # the store is reached only once a newsfeeds spider opens
        self.site: str | None = None
        self.make_request: Callable[[PendingArticle, bool], Request] | None = None
        self.walks: dict[tuple[str, str], Walk] = {}
        self.earlier = 0  # pending records up to this seq were left by earlier runs
        self.cursor: tuple[int, str] | None = None
        self.fresh = True  # records may have been added since the store last ran out
        concurrency = max(1, crawler.settings.getint("CONCURRENT_REQUESTS"))
        self.high = max(64, 4 * concurrency)  # requests the scheduler holds at most after a top-up
        self.low = self.high // 2             # fewer waiting than this: top up
        crawler.signals.connect(self.request_reached_downloader, signal=signals.request_reached_downloader)
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Frontier:
        return frontier_of(crawler)

    def open(self, site: str, make_request: Callable[[PendingArticle, bool], Request]) -> None:
        """Start a run of `site`: read its walks and where the records earlier runs left end."""
        self.site = site
        self.make_request = make_request
        self.crawl = crawl_store(self.crawler)
        store = self.crawl.store
        self.walks = {(w.section, w.url): w for w in store.walks(site)}
        last = store.last_pending(site)
        self.earlier = -1 if last is None else last

    def plan(self, section: str, url: str, max_pages: int) -> WalkPlan:
        return WalkPlan.of(self.walks.get((section, url)), max_pages)

    def head(self, section: str, url: str) -> int | None:
        """Where this run's walk from page 1 of a listing stands in the store (None: nothing unfinished)."""
        walk = self.walks.get((section, url))
        return walk.head if walk else None

    # --- what the store pipeline reports ---------------------------------------------------------------
    def recorded(self, links: int, step: Any, follow: Request | None) -> None:
        """A listing page's links and walk are in the store: ask for its next page, feed the new articles."""
        if step is not None:
            key = (step.section, step.url)
            walk = self.walks.get(key) or Walk(step.section, step.url)
            if step.full:
                walk = Walk(walk.section, walk.url, step.page, step.next_url, walk.head)
            else:
                walk = Walk(walk.section, walk.url, walk.depth, walk.next_url, step.page + 1 if step.going_on else None)
            self.walks[key] = walk
        if links:
            self.fresh = True
            self.crawler.stats.inc_value("newsfeeds/articles_discovered", links)  # type: ignore[union-attr]
        if follow is not None and self._running():
            self.crawler.engine.crawl(follow)  # type: ignore[union-attr]
        self.top_up()

    # --- feeding the scheduler -------------------------------------------------------------------------
    def _running(self) -> bool:
        engine = self.crawler.engine
        return engine is not None and engine.running and engine.spider is not None and engine.scheduler is not None

    def top_up(self, idle: bool = False) -> int:
        """Schedule the next pending articles when fewer than `low` requests wait; returns how many."""
        if self.crawl is None or self.make_request is None or not self._running() or not (self.fresh or idle):
            return 0
        engine = self.crawler.engine
        assert engine is not None and engine.scheduler is not None
        waiting = len(engine.scheduler)  # type: ignore[arg-type]
        if waiting >= self.low:
            return 0
        wanted = self.high - waiting
        rows = self.crawl.store.pending_batch(self.site or "", self.cursor, wanted, MAX_ATTEMPTS)
        self.fresh = len(rows) == wanted
        if not rows:
            return 0
        self.cursor = (rows[-1].seq, rows[-1].url)
        stats = self.crawler.stats
        for row in rows:
            earlier = row.seq <= self.earlier
            if earlier:
                stats.inc_value("newsfeeds/pending_retried" if row.attempts else "newsfeeds/pending_resumed")  # type: ignore[union-attr]
            engine.crawl(self.make_request(row, earlier))
        return len(rows)

    def request_reached_downloader(self, request: Request, spider: Spider) -> None:
        self.top_up()

    def spider_idle(self, spider: Spider) -> None:
        """Nothing left in flight: one last look in the store before the run may end."""
        if self.top_up(idle=True):
            raise DontCloseSpider

    def spider_closed(self, spider: Spider, reason: str) -> None:
        """Count what waits for the next run (the run report shows it)."""
        if self.crawl is None or self.site is None:
            return
        try:
            left = self.crawl.store.count_pending(self.site, MAX_ATTEMPTS)
        except Exception as exc:  # noqa: BLE001 - a report figure; the store's own errors are reported elsewhere
            logger.debug("Could not count pending articles: %s", exc)
            return
        self.crawler.stats.set_value("newsfeeds/pending_left", left)  # type: ignore[union-attr]
        if left and reason == "finished":
            logger.info("%d articles wait for the next run (failed ones retried up to %d times)", left, MAX_ATTEMPTS)


_frontiers: weakref.WeakKeyDictionary[Crawler, Frontier] = weakref.WeakKeyDictionary()


def frontier_of(crawler: Crawler) -> Frontier:
    """The crawler's Frontier, made on first use."""
    return one_per_crawler(_frontiers, crawler, Frontier)
