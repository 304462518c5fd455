"""What reading a site's own feed or news sitemap costs, against extracting one article page (the
baseline, measured in the same run): feedparser for RSS/Atom, Scrapy's Sitemap for sitemaps.

    .venv/bin/python bench/listing_sources.py
"""

from __future__ import annotations

import time
from datetime import datetime, timezone

from newsfeeds.demo.pages import PageChrome, article_page, headline_rss, news_sitemap
from newsfeeds.demo.site import DemoSite
from newsfeeds.extract.sources import read_feed, read_sitemap
from newsfeeds.profiles import load_profile
from newsfeeds.workers import read_article


def best(fn, rounds: int = 30) -> float:
    """The best of `rounds` timings, in milliseconds."""
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times) * 1000


def main() -> None:
    site = DemoSite()
    now = datetime.now(timezone.utc)
    chrome = PageChrome(now, "http://127.0.0.1:8765")
    stories = list(site.articles)
    rss = headline_rss(stories, chrome).encode()
    full = rss.replace(b"</link></item>", b"</link><pubDate>Thu, 26 Nov 2026 10:00:00 +0530</pubDate>"
                       b"<category>News</category><description>" + b"A paragraph of summary text. " * 20
                       + b"</description></item>")
    sitemap = news_sitemap([(a, site.published_w3c(a)) for a in stories], chrome).encode()
    broken = rss.replace(b"<title>", b"<title>Fish &amp; chips & peas &nbsp;", 3)
    profile = load_profile("sites/indiablooms.toml").pointed_at("http://127.0.0.1:8765/")
    page = article_page(stories[3], chrome, stories[:3]).encode()
    url = "http://127.0.0.1:8765/x/details"
    baseline = best(lambda: read_article("indiablooms", url, page, "text/html; charset=utf-8", profile, now, []))
    print(f"baseline: one article page extracted: {baseline:.2f} ms")
    for name, run, count in (
        ("feedparser, headline-only RSS", lambda: read_feed(rss, url, "application/rss+xml"), len(stories)),
        ("feedparser, RSS with dates, tags, summaries", lambda: read_feed(full, url, "application/rss+xml"), len(stories)),
        ("Scrapy Sitemap, news sitemap", lambda: read_sitemap(sitemap, url, 1 << 24), len(stories)),
    ):
        took = best(run)
        print(f"{name} ({count} entries): {took:.2f} ms = {took / baseline:.2f} article pages")
    document = read_feed(broken, url, "application/rss+xml")
    print(f"malformed RSS (bare '&', undefined &nbsp;): {len(document.entries)} of {len(stories)} entries read")


if __name__ == "__main__":
    main()
