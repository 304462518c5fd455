"""DedupePipeline: one article, one item — however many sections or URLs led to it in this run."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from newsfeeds.config import setting
from newsfeeds.items import Article
from newsfeeds.patience import patiently
from newsfeeds.runtime import store_for
from newsfeeds.store import StoreBusy


class DedupePipeline:
    """Drop a second copy of an article within a run, after merging its sections and tags into the
    first; copies from earlier runs are recognized by the store's identity key."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.store = store_for(crawler)
        self.seen: dict[tuple[str, str], Article] = {}
        self.patience = float(setting(crawler.settings, "NEWSFEEDS_STORE_PATIENCE"))

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupePipeline:
        return cls(crawler)

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article):
            return item
        first = self.seen.get((item.site, item.key))
        if first is None:
            self.seen[(item.site, item.key)] = item
            return item
        self.crawler.stats.inc_value("newsfeeds/articles/duplicate")
        extra_tags = [t for t in item.tags if t.casefold() not in {x.casefold() for x in first.tags}]

        def merge() -> None:
            with self.store.transaction():
                for section in item.sections:
                    self.store.add_section(item.site, item.key, section)
                if extra_tags:
                    self.store.add_tags(item.site, item.key, extra_tags)
        try:
            await patiently(merge, self.patience, item.url)
        except StoreBusy:  # the sections and tags are seen again when the next run reads the listings
            self.crawler.spider.store_incomplete = True  # type: ignore[union-attr]
        raise DropItem(f"Same article as {first.response_url} (reached again as {item.response_url})", log_level="DEBUG")
