"""StorePipeline: every write a crawl makes to its articles goes here, one short transaction each:
the site's sections when the crawl opens, the links each listing page discovered (with how far its walk
got), articles (clearing their pending record), section sightings, and what a second copy of an
article adds."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from newsfeeds.frontier import frontier_of
from newsfeeds.items import Article, ArticleAgain, Discovered, Dismissed, Sighting
from newsfeeds.runtime import crawl_clock, crawl_store, profile_of
from newsfeeds.store import ArticleInput, StoreBusy

logger = logging.getLogger(__name__)


class StorePipeline:
    """Write items to the store. Each write commits on its own, so a killed run loses only what was
    in flight, which the next run fetches again (nothing is marked seen before it is stored). A write
    that meets another process's lock waits its turn (NEWSFEEDS_STORE_PATIENCE); one that never gets
    it is kept pending for the next run, not counted as a failure of the page."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.crawl = crawl_store(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        """The profile's sections (slug, name, url), so their feeds have names."""
        profile = profile_of(self.crawler)
        sections = [(s.slug, s.name, s.url) for s in profile.sections if s.in_feeds]
        self.crawl.write_now(lambda: self.crawl.store.register_sections(profile.name, sections), "registering sections")

    async def process_item(self, item: Any) -> Any:
        store = self.crawl.store
        if isinstance(item, Discovered):
            await self._discovered(item)
            raise DropItem(f"{len(item.links)} article links recorded", log_level="DEBUG")
        if isinstance(item, Dismissed):
            try:
                await self.crawl.write(lambda: store.remove_pending(item.site, item.url), item.url)
            except StoreBusy:  # asked for again by the next run, and dismissed again
                pass
            raise DropItem(f"Not an article: {item.url}", log_level="DEBUG")
        if isinstance(item, Sighting):
            try:
                await self.crawl.write(lambda: store.add_sections(item.site, item.keys, item.section), f"section {item.section}")
            except StoreBusy as exc:
                self.crawl.keep_for_later(None, [], f"section {item.section} listing not stored: {exc}")
            raise DropItem(f"Section {item.section} lists {len(item.keys)} articles", log_level="DEBUG")
        if isinstance(item, ArticleAgain):
            await self._merge(item)
            raise DropItem(f"Same article as one stored this run (reached again as {item.url})", log_level="DEBUG")
        if not isinstance(item, Article):
            return item
        article = self._input(item)
        tz = profile_of(self.crawler).tz

        def save() -> str:
            with store.transaction():  # stored and no longer pending, together
                outcome = store.save_article(article, now=item.fetched_at, tz=tz)
                if item.pending_url and item.pending_url != article.url:
                    store.remove_pending(item.site, item.pending_url)
                return outcome
        try:
            outcome = await self.crawl.write(save, item.url)
        except StoreBusy as exc:
            self.crawler.stats.inc_value("newsfeeds/articles/deferred")  # type: ignore[union-attr]
            self.crawl.keep_for_later(item.response_url, item.sections, str(exc))
            raise DropItem(f"Not stored, kept for the next run: {item.url}", log_level="DEBUG") from None
        self.crawler.stats.inc_value(f"newsfeeds/articles/{outcome}")  # type: ignore[union-attr]
        return item

    async def _discovered(self, item: Discovered) -> None:
        """Record a listing page's new links and its walk, then let the frontier go on from there."""
        store = self.crawl.store
        now = crawl_clock(self.crawler)
        try:
            added = await self.crawl.write(lambda: store.add_discovered(item.site, item.links, now, item.step),
                                           f"links of {item.step.url if item.step else 'a listing'}")
        except StoreBusy as exc:  # the walk stops here; the next run resumes it and reads every listing afresh
            self.crawl.incomplete = True
            logger.warning("Could not record %d article links for %g s (%s); the next run finds them again",
                           len(item.links), self.crawl.patience, exc)
            return
        frontier_of(self.crawler).recorded(added, item.step, item.follow)

    async def _merge(self, item: ArticleAgain) -> None:
        store = self.crawl.store

        def merge() -> None:
            with store.transaction():
                for section in item.sections:
                    store.add_section(item.site, item.key, section)
                if item.tags:
                    store.add_tags(item.site, item.key, item.tags)
                if item.pending_url:
                    store.remove_pending(item.site, item.pending_url)
        try:
            await self.crawl.write(merge, item.url)
        except StoreBusy:  # the sections and tags are seen again when the next run reads the listings
            self.crawl.incomplete = True

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

    def close_spider(self) -> None:
        """What could not be stored becomes pending retries, now that the crawl has nothing else to do."""
        self.crawl.settle(profile_of(self.crawler).name, crawl_clock(self.crawler))
