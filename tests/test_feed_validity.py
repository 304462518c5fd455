"""What a feed reader (and the W3C validator) expects of every file we publish."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

import feedparser
from lxml import etree, html

from newsfeeds.demo import ARTICLES
from newsfeeds.feedwriter import FeedWriter
from newsfeeds.profiles import parse_profile
from newsfeeds.store import ArticleInput
from tests.conftest import Workspace, run_crawl

BASE = "http://feeds.example.test/"
ATOM = "{http://www.w3.org/2005/Atom}"
RFC822 = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} "
                    r"\d{2}:\d{2}:\d{2} [+-]\d{4}$")
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def test_rss_channels_link_to_the_site_and_to_themselves(demo_crawl):
    server, _, result = demo_crawl
    for path in result.feeds.rglob("*.rss"):
        channel = etree.parse(str(path)).getroot().find("channel")
        relative = path.relative_to(result.feeds).as_posix()
        assert channel.findtext("link").startswith(server.url), relative
        assert channel.find(f"{ATOM}link[@rel='self']").get("href") == BASE + relative
        assert RFC822.match(channel.findtext("lastBuildDate"))
        for item in channel.iter("item"):
            assert RFC822.match(item.findtext("pubDate")), item.findtext("pubDate")
            assert item.findtext("guid") and item.findtext("title") and item.findtext("link")
            assert item.findtext("{http://purl.org/dc/elements/1.1/}creator")


def test_atom_feeds_have_ids_authors_and_rfc3339_times(demo_crawl):
    _, _, result = demo_crawl
    for path in result.feeds.rglob("*.atom"):
        feed = etree.parse(str(path)).getroot()
        relative = path.relative_to(result.feeds).as_posix()
        assert feed.find(f"{ATOM}link[@rel='self']").get("href") == BASE + relative
        assert RFC3339.match(feed.findtext(f"{ATOM}updated"))
        entries = feed.findall(f"{ATOM}entry")
        assert len({e.findtext(f"{ATOM}id") for e in entries}) == len(entries)
        for entry in entries:
            assert entry.findtext(f"{ATOM}author/{ATOM}name")
            assert RFC3339.match(entry.findtext(f"{ATOM}updated")) and RFC3339.match(entry.findtext(f"{ATOM}published"))
            rels = [link.get("rel", "alternate") for link in entry.findall(f"{ATOM}link")]
            assert rels.count("alternate") == 1


def test_json_feeds_carry_every_member_readers_use(demo_crawl):
    _, _, result = demo_crawl
    for path in result.feeds.rglob("*.json"):
        document = json.loads(path.read_text(encoding="utf-8"))
        assert document["version"] == "https://jsonfeed.org/version/1.1"
        assert document["title"] and document["home_page_url"].startswith("http")
        assert document["feed_url"] == BASE + path.relative_to(result.feeds).as_posix()
        for item in document["items"]:
            assert {"id", "url", "title", "content_html", "date_published", "tags", "authors"} <= set(item)
            assert RFC3339.match(item["date_published"])
            assert item["authors"][0]["name"]


def test_feed_updated_is_the_newest_item_not_the_build_time(demo_crawl):
    _, _, result = demo_crawl
    channel = etree.parse(str(result.feed("indiablooms/tag/russia.rss"))).getroot().find("channel")
    build = parsedate_to_datetime(channel.findtext("lastBuildDate"))
    newest = max(parsedate_to_datetime(i.findtext("pubDate")) for i in channel.iter("item"))
    assert build == newest


def test_no_feed_depends_on_a_stylesheet_and_each_has_a_page_beside_it(demo_crawl):
    _, _, result = demo_crawl
    feeds = list(result.feeds.rglob("*.rss")) + list(result.feeds.rglob("*.atom"))
    assert feeds
    for path in feeds:
        assert b"<?xml-stylesheet" not in path.read_bytes()[:300], path
        assert path.with_suffix(".html").is_file(), path
    assert not (result.feeds / "feed.xsl").exists()


def test_the_index_page_lists_every_feed_with_autodiscovery(demo_crawl):
    _, _, result = demo_crawl
    page = html.fromstring((result.feeds / "index.html").read_bytes())
    hrefs = set(page.xpath("//a/@href"))
    for path in result.feeds.rglob("*"):
        if path.suffix in (".rss", ".atom", ".json", ".html") and path.name != "index.html":
            assert path.relative_to(result.feeds).as_posix() in hrefs
    alternates = page.xpath("//link[@rel='alternate']/@type")
    assert {"application/rss+xml", "application/atom+xml", "application/feed+json"} <= set(alternates)
    assert not page.xpath("//script") and not page.xpath("//style") and not page.xpath("//*[@style]")


def test_a_retitled_article_keeps_its_id_and_shows_an_updated_time(demo_server, any_workspace: Workspace):
    workspace = any_workspace
    assert run_crawl(demo_server.url, workspace).code == 0
    original = next(a for a in ARTICLES if a.slug == "russia-us-hold-talks-on-arms-control")
    before = feedparser.parse(workspace.feeds.joinpath("indiablooms/tag/us.atom").read_bytes())
    old = next(e for e in before.entries if e.title == original.title)
    demo_server.site.publish(replace(original, title="Russia, US end first round of arms control talks"))
    later = (datetime.now(timezone.utc) + timedelta(minutes=5)).isoformat()
    result = run_crawl(demo_server.url, workspace, settings={"NEWSFEEDS_REFRESH": "True", "NEWSFEEDS_NOW": later})
    assert result.code == 0, result.output[-3000:]
    after = feedparser.parse(workspace.feeds.joinpath("indiablooms/tag/us.atom").read_bytes())
    new = next(e for e in after.entries if e.id == old.id)
    assert new.title == "Russia, US end first round of arms control talks"
    assert new.published == old.published and new.updated_parsed > old.updated_parsed
    assert [e.id for e in after.entries].count(old.id) == 1


def test_an_undated_article_keeps_its_first_seen_time_forever(tmp_path, store):
    profile = parse_profile({"name": "undated", "url": "https://undated.example/", "timezone": "Europe/Paris",
                             "sections": [{"name": "News", "url": "https://undated.example/news"}]})
    tz = ZoneInfo("Europe/Paris")
    first = datetime(2026, 5, 1, 8, 0, tzinfo=timezone.utc)
    article = ArticleInput(site="undated", key="//undated.example/a", url="https://undated.example/a", title="A",
                           sections=("news",))
    store.save_article(article, first, tz)
    store.register_sections("undated", [("news", "News", "https://undated.example/news")])
    writer = FeedWriter(store, tmp_path / "feeds", BASE)
    writer.write_site(profile)
    rss = (tmp_path / "feeds/undated/all.rss").read_bytes()
    store.save_article(replace(article, body="<p>now with a body</p>"), first + timedelta(days=3), tz)
    writer.write_site(profile)
    entry = feedparser.parse((tmp_path / "feeds/undated/all.rss").read_bytes()).entries[0]
    assert datetime(*entry.published_parsed[:6], tzinfo=timezone.utc) == first
    assert rss != (tmp_path / "feeds/undated/all.rss").read_bytes()


def test_forbidden_xml_characters_never_reach_a_feed(tmp_path, store):
    profile = parse_profile({"name": "dirty", "url": "https://dirty.example/", "timezone": "UTC",
                             "sections": [{"name": "News", "url": "https://dirty.example/news"}]})
    now = datetime(2026, 5, 1, tzinfo=timezone.utc)
    store.save_article(ArticleInput(site="dirty", key="//dirty.example/a", url="https://dirty.example/a",
                                    title="Bad\x00 \x0bchars ]]> \ud800 here", summary="s\x1fummary",
                                    body="<p>b\x08ody ]]&gt;</p>", author="A\x07uthor", tags=("T\x01ag",)),
                       now, timezone.utc)
    FeedWriter(store, tmp_path / "feeds", BASE).write_site(profile)
    for path in (tmp_path / "feeds").rglob("*.*"):
        if path.suffix in (".rss", ".atom"):
            etree.fromstring(path.read_bytes())
            assert not feedparser.parse(path.read_bytes()).bozo
        if path.suffix == ".json":
            json.loads(path.read_text(encoding="utf-8"))
