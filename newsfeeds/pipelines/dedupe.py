"""DedupePipeline: one article, one item — however many sections or URLs led to it in this run."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from newsfeeds.items import Article
from newsfeeds.runtime import store_for


class DedupePipeline:
    """Drop a second copy of an article within a run, after merging its sections and tags into the
    first; copies from earlier runs are recognized by the store's identity key."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.store = store_for(crawler)
        self.seen: dict[tuple[str, str], Article] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupePipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article):
            return item
        first = self.seen.get((item.site, item.key))
        if first is None:
            self.seen[(item.site, item.key)] = item
            return item
        self.crawler.stats.inc_value("newsfeeds/articles/duplicate")
        for section in item.sections:
            self.store.add_section(item.site, item.key, section)
        extra_tags = [t for t in item.tags if t.casefold() not in {x.casefold() for x in first.tags}]
        if extra_tags:
            self.store.add_tags(item.site, item.key, extra_tags)
        raise DropItem(f"Same article as {first.response_url} (reached again as {item.response_url})", log_level="DEBUG")
