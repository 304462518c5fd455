"""DedupePipeline: one article, one item — however many sections or URLs led to it in this run."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler

from newsfeeds.items import Article, ArticleAgain


class DedupePipeline:
    """Pass the first copy of an article on; a later copy in the same run becomes an ArticleAgain with
    only what it adds (its sections, tags the first lacked), for the store pipeline to merge. Copies
    from earlier runs are recognized by the store's identity key. Writes nothing itself."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
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
        self.crawler.stats.inc_value("newsfeeds/articles/duplicate")  # type: ignore[union-attr]
        known = {t.casefold() for t in first.tags}
        return ArticleAgain(site=item.site, key=item.key, url=item.response_url, sections=list(item.sections),
                            tags=[t for t in item.tags if t.casefold() not in known])
