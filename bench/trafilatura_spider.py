"""The second baseline: the bare Scrapy spider that also extracts each article's body with
trafilatura, which is what a user would write instead of newsfeeds to get feed-ready text.

Run by the benchmark like bench/bare_spider.py (`scrapy runspider bench/trafilatura_spider.py ...`),
from a directory with no Scrapy project.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import trafilatura
from scrapy.http import Response

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bare_spider import BareSpider  # noqa: E402


class TrafilaturaSpider(BareSpider):
    """Section listings → article pages → raw fields plus trafilatura's body (HTML, links and images kept)."""

    name = "bare-trafilatura"

    def parse_article(self, response: Response) -> Iterator[dict[str, Any]]:
        for item in super().parse_article(response):
            item["body"] = trafilatura.extract(response.text, url=response.url, output_format="html",
                                               include_comments=False, include_images=True, include_links=True)
            yield item
