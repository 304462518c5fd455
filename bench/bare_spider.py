"""The baseline: a plain Scrapy spider that fetches the same pages and reads the same fields with
simple CSS selectors — no profile, no store, no pipelines, no feeds.

Run by the benchmark as `scrapy runspider bench/bare_spider.py -a site_url=... -a sections=world,news
-a stats_out=stats.json` from a directory with no Scrapy project, so no project settings apply.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.http import Response

ARTICLE_PATH = re.compile(r"^/[a-z-]+/[^/]+/details/?$")


class BareSpider(scrapy.Spider):
    """Section listings → article pages → a dict of raw fields."""

    name = "bare"

    def __init__(self, site_url: str = "", sections: str = "", stats_out: str = "", max_pages: str = "0",
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.start_urls = [urljoin(site_url, key) for key in sections.split(",") if key]
        self.stats_out = stats_out
        self.max_pages = int(max_pages)

    def parse(self, response: Response, page: int = 1) -> Iterator[Any]:
        for href in response.css(".news-list a::attr(href)").getall():
            url = response.urljoin(href)
            if ARTICLE_PATH.match(urlsplit(url).path):
                yield scrapy.Request(url, callback=self.parse_article)
        next_href = response.css("a[rel~=next]::attr(href)").get()
        if next_href and (not self.max_pages or page < self.max_pages):
            yield response.follow(next_href, callback=self.parse, cb_kwargs={"page": page + 1})

    def parse_article(self, response: Response) -> Iterator[dict[str, Any]]:
        published = None
        tags = response.css(".tags a::text").getall()
        for script in response.css('script[type="application/ld+json"]::text').getall():
            data = json.loads(script)
            published = data.get("datePublished") or published
            tags = data.get("keywords") or tags
        if published is None:
            byline = " ".join(response.css(".byline ::text").getall())
            published = byline.rsplit("|", 1)[-1].strip()
        yield {
            "url": response.url,
            "title": response.css("h1::text").get(),
            "published": published,
            "tags": tags,
            "body": "\n".join(response.css(".story-body p").getall()),
        }

    def closed(self, reason: str) -> None:
        if self.stats_out:
            stats = {k: (v.isoformat() if hasattr(v, "isoformat") else v)
                     for k, v in self.crawler.stats.get_stats().items()}
            with open(self.stats_out, "w", encoding="utf-8") as out:
                json.dump(stats, out, indent=2, default=str)
