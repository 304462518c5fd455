"""StorePipeline: keep every article and section sighting in the store, committing in small batches."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from newsfeeds.config import setting
from newsfeeds.items import Article, Sighting
from newsfeeds.runtime import profile_of, store_for
from newsfeeds.store import ArticleInput


class StorePipeline:
    """Write items to the store; a killed run loses at most one uncommitted batch, which the next
    run simply fetches again (nothing is marked seen before it is stored)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.store = store_for(crawler)
        self.commit_every = max(1, setting(crawler.settings, "NEWSFEEDS_COMMIT_EVERY"))
        self.uncommitted = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, Sighting):
            for key in item.keys:
                self.store.add_section(item.site, key, item.section)
            self._tick()
            raise DropItem(f"Section {item.section} lists {len(item.keys)} articles", log_level="DEBUG")
        if not isinstance(item, Article):
            return item
        published = item.published
        profile = profile_of(self.crawler)
        tz = profile.tz
        outcome = self.store.save_article(
            ArticleInput(
                site=item.site, key=item.key, url=item.url, title=item.title or "", author=item.author,
                summary=item.summary, body=item.body, image=item.image, page_section=item.section,
                published=published.value if published else None,
                published_raw=published.raw if published else None,
                published_source=item.published_source,
                published_relative=published.relative if published else False,
                modified=item.modified.instant(tz) if item.modified else None,
                tags=tuple(item.tags), sections=tuple(item.sections), authors=tuple(profile.people(item.author)),
            ),
            now=item.fetched_at,
            tz=tz,
        )
        self.crawler.stats.inc_value(f"newsfeeds/articles/{outcome}")
        self._tick()
        return item

    def _tick(self) -> None:
        self.uncommitted += 1
        if self.uncommitted >= self.commit_every:
            self.store.commit()
            self.uncommitted = 0

    def close_spider(self) -> None:
        self.store.commit()
