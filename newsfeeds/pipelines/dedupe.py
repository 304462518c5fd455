"""DedupePipeline: one article, one item — however many sections or URLs led to it in this run."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from scrapy.crawler import Crawler

from newsfeeds.items import Article, ArticleAgain

RECENT = 5000  # articles remembered: a second copy comes from the same listing walk, soon after the first


class DedupePipeline:
    """Pass the first copy of an article on; a later copy in the same run becomes an ArticleAgain with
    only what it adds (its sections, tags the first lacked), for the store pipeline to merge. Copies
    from earlier runs are recognized by the store's identity key. Writes nothing itself.

    It remembers the last RECENT articles (their keys and tags), not every one of the run, so a crawl's
    memory does not grow with the site; a copy arriving later than that is stored like any article seen
    again (its sections and tags are merged all the same)."""

    def __init__(self, crawler: Crawler, recent: int = RECENT) -> None:
        self.crawler = crawler
        self.recent = recent
        self.seen: OrderedDict[tuple[str, str], frozenset[str]] = OrderedDict()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupePipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article):
            return item
        key = (item.site, item.key)
        known = self.seen.get(key)
        if known is None:
            self.seen[key] = frozenset(t.casefold() for t in item.tags)
            if len(self.seen) > self.recent:
                self.seen.popitem(last=False)
            return item
        self.crawler.stats.inc_value("newsfeeds/articles/duplicate")  # type: ignore[union-attr]
        return ArticleAgain(site=item.site, key=item.key, url=item.response_url, sections=list(item.sections),
                            tags=[t for t in item.tags if t.casefold() not in known], pending_url=item.pending_url)
