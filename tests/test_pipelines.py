"""What a page says becomes what a feed needs, once per article: normalized where it is read, its notes
told by the notes pipeline, a second copy merged into the first by the store pipeline (on both stores)."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone

import pytest
from scrapy import Spider
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from newsfeeds.items import Article, ArticleAgain
from newsfeeds.normalize import NormalizeRules, normalize_article
from newsfeeds.pipelines.dedupe import DedupePipeline
from newsfeeds.pipelines.notes import NotesPipeline
from newsfeeds.pipelines.store import StorePipeline
from newsfeeds.profiles import find_profile, load_profile
from newsfeeds.runtime import crawl_store

NOW = datetime(2026, 11, 27, 6, 30, tzinfo=timezone.utc)


@pytest.fixture
def crawler(tmp_path, store_url):
    crawler = get_crawler(Spider, {"NEWSFEEDS_DB": store_url, "NEWSFEEDS_DATA_DIR": str(tmp_path)})
    spider = Spider(name="indiablooms")
    spider.profile = load_profile(find_profile("indiablooms", "sites"))
    crawler.spider = spider
    yield crawler
    crawl_store(crawler).store.close()


def normalized(item: Article) -> Article:
    """As newsfeeds.workers.read_article normalizes every article it reads."""
    normalize_article(item, load_profile(find_profile("indiablooms", "sites")), NormalizeRules(), notes=item.notes)
    item.normalized = True
    return item


def article(url: str, tags: list[str], byline: str = "| @indiablooms | Mar 19, 2021, at 12:47 am") -> Article:
    return Article(site="indiablooms", url=url, response_url=url, fetched_at=NOW, title=" Russia,  US hold talks ",
                   published_candidates=[("not a date", "meta:date"), (byline, "byline")], tags=tags,
                   body='<p>Moscow/UNI/IBNS: talks.<script>x()</script><img data-src="/i.jpg"></p>', sections=["world"])


def test_normalizing_reads_the_byline_in_ist_and_cleans_everything():
    item = normalized(article("https://WWW.indiablooms.com/world/russia-us/details/?utm_source=x#top",
                              [" Russia", "russia", "US "]))
    assert item.url == "https://www.indiablooms.com/world/russia-us/details"
    assert item.key == "//www.indiablooms.com/world/russia-us/details"
    assert item.title == "Russia, US hold talks"
    assert item.published.isoformat() == "2021-03-19T00:47:00+05:30" and item.published_source == "byline"
    assert item.published.raw.endswith("Mar 19, 2021, at 12:47 am")
    assert item.tags == ["Russia", "US"]
    assert "<script" not in item.body and 'src="https://www.indiablooms.com/i.jpg"' in item.body.lower()


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_an_unparseable_date_is_logged_with_the_url_and_left_to_first_sight(crawler, caplog):
    item = NotesPipeline.from_crawler(crawler).process_item(
        normalized(article("https://www.indiablooms.com/world/x/details", ["US"], byline="sometime last spring")))
    assert item.published is None
    assert "https://www.indiablooms.com/world/x/details" in caplog.text and "first seen" in caplog.text
    assert crawler.stats.get_value("newsfeeds/missing/published") == 1


def test_the_same_article_twice_in_a_run_is_one_item_with_merged_tags(crawler):
    dedupe = DedupePipeline.from_crawler(crawler)
    store = StorePipeline.from_crawler(crawler)
    first = normalized(article("https://www.indiablooms.com/world/a/details", ["Russia"]))
    asyncio.run(store.process_item(dedupe.process_item(first)))
    second = normalized(article("https://www.indiablooms.com/world/a/details?utm_medium=x", ["Russia", "US"]))
    again = dedupe.process_item(second)
    assert isinstance(again, ArticleAgain) and again.tags == ["US"]  # the dedupe step only says what is new
    with pytest.raises(DropItem):
        asyncio.run(store.process_item(again))
    store.close_spider()
    db = crawl_store(crawler).store.db
    assert db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 1
    assert sorted(r[0] for r in db.execute("SELECT slug FROM article_tags")) == ["russia", "us"]
