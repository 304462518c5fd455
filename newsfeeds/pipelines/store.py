"""StorePipeline: keep every article and section sighting in the store, one short transaction each."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from newsfeeds.config import setting
from newsfeeds.items import Article, Sighting
from newsfeeds.patience import patiently, patiently_now
from newsfeeds.runtime import crawl_clock, profile_of, store_for
from newsfeeds.store import ArticleInput, StoreBusy

logger = logging.getLogger(__name__)


class StorePipeline:
    """Write items to the store. Each write commits on its own, so a killed run loses only what was
    in flight, which the next run fetches again (nothing is marked seen before it is stored). A write
    that meets another process's lock waits its turn (NEWSFEEDS_STORE_PATIENCE); one that never gets
    it is kept pending for the next run, not counted as a failure of the page."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.store = store_for(crawler)
        self.patience = float(setting(crawler.settings, "NEWSFEEDS_STORE_PATIENCE"))

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler)

    async def process_item(self, item: Any) -> Any:
        if isinstance(item, Sighting):
            try:
                await patiently(lambda: self.store.add_sections(item.site, item.keys, item.section), self.patience,
                                f"section {item.section}")
            except StoreBusy as exc:
                self._keep_for_later(None, [], f"section {item.section} listing not stored: {exc}")
            raise DropItem(f"Section {item.section} lists {len(item.keys)} articles", log_level="DEBUG")
        if not isinstance(item, Article):
            return item
        article = self._input(item)
        try:
            outcome = await patiently(lambda: self.store.save_article(article, now=item.fetched_at, tz=profile_of(self.crawler).tz),
                                      self.patience, item.url)
        except StoreBusy as exc:
            self.crawler.stats.inc_value("newsfeeds/articles/deferred")
            self._keep_for_later(item.response_url, item.sections, str(exc))
            raise DropItem(f"Not stored, kept for the next run: {item.url}", log_level="DEBUG") from None
        self.crawler.stats.inc_value(f"newsfeeds/articles/{outcome}")
        return item

    def _input(self, item: Article) -> ArticleInput:
        published = item.published
        profile = profile_of(self.crawler)
        tz = profile.tz
        return ArticleInput(
            site=item.site, key=item.key, url=item.url, title=item.title or "", author=item.author,
            summary=item.summary, body=item.body, image=item.image, page_section=item.section,
            published=published.value if published else None,
            published_raw=published.raw if published else None,
            published_source=item.published_source,
            published_relative=published.relative if published else False,
            modified=item.modified.instant(tz) if item.modified else None,
            tags=tuple(item.tags), sections=tuple(item.sections), authors=tuple(profile.people(item.author)),
        )

    def _keep_for_later(self, url: str | None, sections: list[str], reason: str) -> None:
        spider = self.crawler.spider
        logger.warning("Could not store %s for %g s (%s); it is kept for the next run",
                       url or "a listing", self.patience, reason)
        spider.unsaved.append((url, sections, reason))  # type: ignore[union-attr]

    def close_spider(self) -> None:
        """Turn what could not be stored into pending retries, now that the crawl has nothing else to do."""
        spider: Any = self.crawler.spider
        unsaved = list(getattr(spider, "unsaved", []))
        if not unsaved:
            return
        spider.unsaved = []
        now = crawl_clock(self.crawler)
        for url, sections, reason in unsaved:
            if url is None:
                spider.store_incomplete = True  # a listing's sightings: the next run must read listings afresh
                continue
            try:
                patiently_now(lambda: self.store.add_pending(spider.site, url, sections, reason, now), self.patience,
                              f"remembering {url}")
            except StoreBusy:
                spider.store_incomplete = True
                logger.error("Could not store %s nor remember it: the store stayed locked. The next run reads every "
                             "listing page afresh and finds it again.", url)
