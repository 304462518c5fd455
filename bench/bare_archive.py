"""The baseline for the cluster benchmark: a plain Scrapy spider over the generated archive
(newsfeeds.demo.archive) — listings, then every story page, reading a few fields with CSS selectors;
no profile, no store, no pipelines, no feeds. Run from outside the project as
`scrapy runspider bench/bare_archive.py -a site_url=... -a sections=world,business`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin

import scrapy
from scrapy.http import Response


class BareArchiveSpider(scrapy.Spider):
    """Section listings → story pages → a dict of raw fields."""

    name = "bare-archive"

    def __init__(self, site_url: str = "", sections: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.start_urls = [urljoin(site_url, f"{key}/") for key in sections.split(",") if key]

    def parse(self, response: Response) -> Iterator[Any]:
        for href in response.css("ul.stories a::attr(href)").getall():
            yield response.follow(href, callback=self.parse_story)
        next_href = response.css("a[rel~=next]::attr(href)").get()
        if next_href:
            yield response.follow(next_href, callback=self.parse)

    def parse_story(self, response: Response) -> Iterator[dict[str, Any]]:
        meta = json.loads(response.css('script[type="application/ld+json"]::text').get() or "{}")
        yield {"url": response.url, "title": response.css("h1::text").get(), "published": meta.get("datePublished"),
               "body": "\n".join(response.css("article p").getall())}
