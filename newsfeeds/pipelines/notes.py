"""NotesPipeline: what reading each article noticed (a date it could not understand, a title it cut),
told in the crawl's log and counted in its stats. Articles arrive normalized: newsfeeds.workers.read_article,
in a worker process or in the crawl process, is the one place that normalizes them."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler

from newsfeeds.items import Article

logger = logging.getLogger("newsfeeds.pipelines.normalize")  # the name operators know these lines by


class NotesPipeline:
    """Log an article's notes in the crawl process and count what it lacks."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NotesPipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, Article):
            for level, message in item.notes:
                logger.log(level, message)
            item.notes = []
            if item.published is None:
                self.crawler.stats.inc_value("newsfeeds/missing/published")  # type: ignore[union-attr]
        return item
