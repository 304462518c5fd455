"""StorePipeline: every write a crawl makes to its articles goes here, one short transaction each:
the site's sections when the crawl opens, articles, section sightings, and what a second copy of an
article adds."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from newsfeeds.items import Article, ArticleAgain, Sighting
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
        try:
            outcome = await self.crawl.write(lambda: store.save_article(article, now=item.fetched_at, tz=tz), item.url)
        except StoreBusy as exc:
            self.crawler.stats.inc_value("newsfeeds/articles/deferred")  # type: ignore[union-attr]
            self.crawl.keep_for_later(item.response_url, item.sections, str(exc))
            raise DropItem(f"Not stored, kept for the next run: {item.url}", log_level="DEBUG") from None
        self.crawler.stats.inc_value(f"newsfeeds/articles/{outcome}")  # type: ignore[union-attr]
        return item

    async def _merge(self, item: ArticleAgain) -> None:
        store = self.crawl.store

        def merge() -> None:
            with store.transaction():
                for section in item.sections:
                    store.add_section(item.site, item.key, section)
                if item.tags:
                    store.add_tags(item.site, item.key, item.tags)
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
