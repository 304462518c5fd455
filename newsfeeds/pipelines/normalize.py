"""NormalizePipeline: every article normalized once (newsfeeds.normalize), its notes logged, its
missing date counted."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler

from newsfeeds.items import Article, Sighting
from newsfeeds.normalize import NormalizeRules, normalize_article
from newsfeeds.runtime import profile_of
from newsfeeds.urls import canonical_url, identity_key

logger = logging.getLogger(__name__)


class NormalizePipeline:
    """Turn what a page says into what a feed needs, logging what cannot be understood."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.rules = NormalizeRules.from_settings(crawler.settings)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NormalizePipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, Sighting):
            item.urls = [canonical_url(url) for url in item.urls]
            item.keys = [identity_key(url) for url in item.urls]
            return item
        if isinstance(item, Article):
            if not item.normalized:  # a worker process normalizes the pages it extracts (newsfeeds.workers)
                normalize_article(item, profile_of(self.crawler), self.rules, notes=item.notes)
                item.normalized = True
            for level, message in item.notes:
                logger.log(level, message)
            item.notes = []
            if item.published is None:
                self.crawler.stats.inc_value("newsfeeds/missing/published")
        return item
