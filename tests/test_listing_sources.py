"""Sources that keep working: a site's news sitemap and its own feed as listing sources, and the
fallback that keeps feeds flowing when a redesign breaks the HTML listing."""

from __future__ import annotations

import gzip
import json
import sqlite3
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import pytest

from newsfeeds.demo import ARTICLES
from newsfeeds.extract.sources import read_feed, read_sitemap, select_entries
from newsfeeds.items import Article, ListingEntry
from newsfeeds.normalize import merge_listing
from newsfeeds.profiles import ProfileError, parse_profile
from tests.conftest import Workspace, run_crawl
from tests.siteprofiles import profile_file

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=timezone.utc)
SITE = {"name": "lakeside", "url": "https://lake.example/", "timezone": "Europe/Zurich"}


def write_profile(tmp_path: Path, body: str) -> Path:
    return profile_file(tmp_path, "probe", body)


def stored(db: Path) -> dict[str, tuple[str, str | None]]:
    rows = sqlite3.connect(db).execute("SELECT title, published_utc, published_source FROM articles")
    return {title: (published, source) for title, published, source in rows}


# --- a profile whose only listing is the site's sitemap or its own feed ----------------------------------
def test_a_profile_with_only_the_sitemap_robots_txt_names_crawls_every_story_with_its_date(demo_server, workspace, tmp_path):
    profile = write_profile(tmp_path, '[[sources]]\nsitemap = "robots.txt"\n')
    result = run_crawl(demo_server.url, workspace, spider="site", spider_args={"profile": str(profile)})
    assert result.code == 0, result.output[-3000:]
    assert demo_server.requests[:4] == ["/robots.txt", "/robots.txt", "/sitemap.xml", "/sitemap-news.xml"]
    document = json.loads(result.feed("probe/all.json").read_text(encoding="utf-8"))
    items = {item["title"]: item for item in document["items"]}
    assert set(items) == {a.title for a in ARTICLES}
    for article in ARTICLES:
        if article.expected_published and "T" in article.expected_published:
            expected = datetime.fromisoformat(article.expected_published)
            assert datetime.fromisoformat(items[article.title]["date_published"]) == expected, article.slug
    sources = {source for _, source in stored(workspace.db).values()}
    assert "listing:sitemap:news" in sources          # pages with only a <time> or a byline take the sitemap's time
    assert "jsonld:datePublished" in sources          # pages stating it in their metadata keep their own


def test_a_second_run_asks_for_the_sitemap_conditionally_and_fetches_nothing_else(demo_server, workspace, tmp_path):
    profile = write_profile(tmp_path, '[[sources]]\nsitemap = "robots.txt"\n')
    assert run_crawl(demo_server.url, workspace, spider="site", spider_args={"profile": str(profile)}).code == 0
    before = len(demo_server.log)
    result = run_crawl(demo_server.url, workspace, spider="site", spider_args={"profile": str(profile)})
    assert result.code == 0
    second = [(a.path, a.status) for a in demo_server.log[before:]]
    assert second == [("/robots.txt", 200), ("/robots.txt", 200), ("/sitemap.xml", 304)]


def test_a_headline_only_feed_as_the_only_source_gives_its_articles_with_the_pages_own_dates(demo_server, workspace, tmp_path):
    profile = write_profile(tmp_path, '[[sections]]\nname = "Latest"\nsources = [{ feed = "/rss.xml" }]\n')
    result = run_crawl(demo_server.url, workspace, spider="site", spider_args={"profile": str(profile)})
    assert result.code == 0, result.output[-3000:]
    document = json.loads(result.feed("probe/section/latest.json").read_text(encoding="utf-8"))
    newest = demo_server.site.articles[:20]
    assert [i["title"] for i in sorted(document["items"], key=lambda i: i["title"])] == sorted(a.title for a in newest)
    assert not any(source.startswith("listing:") for _, source in stored(workspace.db).values() if source)


# --- the redesign: the HTML listing breaks, the sitemap keeps the feeds flowing --------------------------------
def test_after_a_redesign_the_sections_keep_feeding_through_the_sitemap_and_the_report_says_so(demo_server, workspace):
    assert run_crawl(demo_server.url, workspace).code == 0
    template = next(a for a in ARTICLES if a.section == "world" and a.url_style == "details")
    fresh = replace(template, id=99101, slug="border-talks-resume-after-redesign", title="Border talks resume in Geneva",
                    byline_date="Nov 26, 2026, at 10:00 am", expected_published="2026-11-26T10:00:00+05:30", also_in=())
    demo_server.site.publish(fresh)
    demo_server.redesigned = True
    result = run_crawl(demo_server.url, workspace)
    assert result.code == 0, result.output[-3000:]
    report = result.report["indiablooms"]
    assert report["healthy"] is True and report["articles"]["new"] == 1
    assert len(report["listing_fallbacks"]) == 7
    assert "fell back to their next listing source" in report["reason"]
    assert "World: html" in report["reason"] and "has no article links" in report["reason"]
    warnings = [line for line in result.output.splitlines() if "WARNING" in line and "this run uses sitemap" in line]
    assert len(warnings) == 7 and "scrapy check-site indiablooms" in warnings[0]
    world = json.loads(result.feed("indiablooms/section/world.json").read_text(encoding="utf-8"))
    assert "Border talks resume in Geneva" in [item["title"] for item in world["items"]]
    assert "RUN OK" in result.output


def test_a_redesign_without_a_fallback_source_is_still_unhealthy(demo_server, workspace, tmp_path):
    profile = write_profile(tmp_path, "[[sections]]\nname = \"World\"\nurl = \"https://www.indiablooms.com/world\"\n"
                                      "[links]\npattern = ['^/world/[^/]+/details$']\n")
    demo_server.redesigned = True
    result = run_crawl(demo_server.url, workspace, spider="site", spider_args={"profile": str(profile)})
    assert result.code == 3
    assert "yielded no article links" in result.report["probe"]["reason"]


# --- reading the documents -------------------------------------------------------------------------------------
NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://lake.example/2026/11/26/ferry-timetable/</loc><lastmod>2026-11-26T18:00:00+01:00</lastmod>
<news:news><news:publication><news:name>Lakeside Courier</news:name><news:language>en</news:language></news:publication>
<news:publication_date>2026-11-26T07:15:00+01:00</news:publication_date><news:title>Winter ferry timetable</news:title>
<news:keywords>Ferries, Winter</news:keywords></news:news></url>
<url><loc>https://lake.example/2026/11/27/council-vote/</loc></url>
<url><loc>https://elsewhere.example/2026/11/27/not-ours/</loc></url>
</urlset>"""


def test_a_news_sitemap_gives_each_story_its_time_title_and_keywords():
    document = read_sitemap(NEWS_SITEMAP, "https://lake.example/news.xml", 1 << 20)
    assert document.kind == "urlset"
    ferry, council, _ = document.entries
    assert (ferry.layer, ferry.title, ferry.published, ferry.keywords) == (
        "sitemap:news", "Winter ferry timetable", "2026-11-26T07:15:00+01:00", ["Ferries", "Winter"])
    assert ferry.modified == "2026-11-26T18:00:00+01:00"
    assert (council.layer, council.title, council.published) == ("sitemap", None, None)


def test_a_gzipped_sitemap_index_names_its_sitemaps_and_the_newest_are_read_first():
    index = gzip.compress(b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        <sitemap><loc>https://lake.example/sitemap-2019.xml</loc><lastmod>2019-12-31</lastmod></sitemap>
        <sitemap><loc>https://lake.example/sitemap-news.xml</loc><lastmod>2026-11-27T08:00:00Z</lastmod></sitemap>
        <sitemap><loc>/sitemap-pages.xml</loc></sitemap></sitemapindex>""")
    document = read_sitemap(index, "https://lake.example/sitemap.xml.gz", 1 << 20)
    assert document.kind == "sitemapindex"
    from newsfeeds.extract.sources import newest_sitemaps
    profile = parse_profile({**SITE, "sources": [{"sitemap": "/sitemap.xml.gz", "follow": "news|20"}]})
    source = profile.sections[-1].sources[0]
    assert newest_sitemaps(document.sitemaps, source, profile, NOW, 3) == [
        "https://lake.example/sitemap-news.xml", "https://lake.example/sitemap-2019.xml"]


def test_robots_txt_names_the_sitemaps():
    robots = b"User-agent: *\nDisallow: /admin/\nSitemap: https://lake.example/sitemap.xml\nsitemap: /news.xml\n"
    document = read_sitemap(robots, "https://lake.example/robots.txt", 1 << 20)
    assert [u for u, _ in document.sitemaps] == ["https://lake.example/sitemap.xml", "https://lake.example/news.xml"]


def test_html_where_a_sitemap_should_be_is_reported_not_read():
    document = read_sitemap(b"<!DOCTYPE html><html><body>Not found</body></html>", "https://lake.example/sitemap.xml", 1 << 20)
    assert document.kind == "unreadable" and "not a sitemap" in document.problem


def test_atom_and_json_feeds_give_links_titles_dates_and_tags():
    atom = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Courier</title>
      <entry><title>Ferry timetable</title><link href="/2026/11/26/ferry-timetable/"/><id>tag:lake,1</id>
      <published>2026-11-26T07:15:00+01:00</published><updated>2026-11-26T09:00:00+01:00</updated>
      <category term="Ferries"/><author><name>Ada Muster</name></author></entry></feed>"""
    entry, = read_feed(atom, "https://lake.example/feed.atom", "application/atom+xml").entries
    assert (entry.url, entry.layer, entry.title, entry.published, entry.keywords, entry.author) == (
        "https://lake.example/2026/11/26/ferry-timetable/", "feed:atom", "Ferry timetable",
        "2026-11-26T07:15:00+01:00", ["Ferries"], "Ada Muster")
    jsonfeed = json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "Courier", "items": [
        {"id": "1", "url": "https://lake.example/2026/11/27/council-vote/", "title": "Council vote",
         "date_published": "2026-11-27T10:00:00+01:00", "tags": ["Politics"], "authors": [{"name": "Bo"}]}]}).encode()
    entry, = read_feed(jsonfeed, "https://lake.example/feed.json", "application/feed+json").entries
    assert (entry.layer, entry.title, entry.published, entry.keywords, entry.author) == (
        "feed:json", "Council vote", "2026-11-27T10:00:00+01:00", ["Politics"], "Bo")
    assert read_feed(b'{"items": []}', "https://lake.example/x.json", "application/json").kind == "unreadable"


def test_entries_are_kept_on_the_site_matching_the_source_newest_first_and_limited():
    profile = parse_profile({**SITE, "sources": [{"sitemap": "/news.xml", "match": "^/2026/", "limit": 1}],
                             "links": {"exclude": ["/council-"]}})
    source = profile.sections[-1].sources[0]
    entries = [ListingEntry("https://lake.example/2025/01/01/old/", "sitemap", published="2025-01-01"),
               ListingEntry("https://lake.example/2026/11/26/ferry/", "sitemap", published="2026-11-26T07:15:00+01:00"),
               ListingEntry("https://lake.example/2026/11/27/council-vote/", "sitemap", published="2026-11-27"),
               ListingEntry("https://elsewhere.example/2026/11/27/x/", "sitemap")]
    assert [e.url for e in select_entries(entries, source, profile, NOW)] == ["https://lake.example/2026/11/26/ferry"]


# --- the listing's date, title and keywords as one more layer -------------------------------------------------
def article(**fields) -> Article:
    return Article(site="lakeside", url="https://lake.example/a/", response_url="https://lake.example/a/", fetched_at=NOW,
                   **fields)


ENTRY = ListingEntry("https://lake.example/a/", "sitemap:news", title="Ferry timetable",
                     published="2026-11-26T07:15:00+01:00", keywords=["Ferries"])


def test_the_page_metadata_date_beats_the_sitemap_and_the_sitemap_beats_a_byline():
    stated = article(title="Ferry", published_candidates=[("2026-11-26T07:14:00+01:00", "jsonld:datePublished")])
    merge_listing(stated, ENTRY)
    assert stated.published_candidates[0][1] == "jsonld:datePublished"
    bylined = article(title="Ferry", published_candidates=[("26.11.2026", "byline"), ("2026-11-26", "url")])
    merge_listing(bylined, ENTRY)
    assert bylined.published_candidates[0] == ("2026-11-26T07:15:00+01:00", "listing:sitemap:news")


def test_the_listing_fills_only_what_the_page_lacks_and_says_so_in_sources():
    bare = article(tags=[], sources={})
    merge_listing(bare, ENTRY)
    assert (bare.title, bare.tags) == ("Ferry timetable", ["Ferries"])
    assert bare.sources == {"title": "listing:sitemap:news", "tags": "listing:sitemap:news"}
    tagged = article(title="Ferry times", tags=["Lake"], sources={"title": "h1", "tags": "meta:article:tag"})
    merge_listing(tagged, ENTRY)
    assert (tagged.title, tagged.tags) == ("Ferry times", ["Lake"])


# --- profile keys ------------------------------------------------------------------------------------------
def test_sources_in_a_profile_resolve_against_the_site_and_follow_the_html_listing():
    profile = parse_profile({**SITE, "sections": [{"name": "Local", "url": "https://lake.example/local/",
                                                   "sources": [{"sitemap": "robots.txt", "match": "^/local/"},
                                                               {"feed": "/local/feed/"}]}]})
    kinds = [(s.kind, s.url, s.match) for s in profile.sections[0].sources]
    assert kinds == [("html", "https://lake.example/local/", ()),
                     ("sitemap", "https://lake.example/robots.txt", ("^/local/",)),
                     ("feed", "https://lake.example/local/feed/", ())]
    moved = profile.pointed_at("http://127.0.0.1:9999/")
    assert [s.url for s in moved.sections[0].sources][1:] == ["http://127.0.0.1:9999/robots.txt",
                                                               "http://127.0.0.1:9999/local/feed/"]


@pytest.mark.parametrize(("sources", "key", "words"), [
    ([{"sitemap": "/a.xml", "feed": "/b.xml"}], "sources[0]", "exactly one of html, sitemap or feed"),
    ([{"sitmap": "/a.xml"}], "sources[0].sitmap", "Did you mean 'sitemap'"),
    ([{"feed": "ftp://lake.example/feed"}], "sources[0].feed", "not an http(s) URL"),
    ([{"feed": "https://other.example/feed"}], "sources[0]", "outside allowed_domains"),
])
def test_mistakes_in_sources_name_the_key_and_the_fix(sources, key, words):
    with pytest.raises(ProfileError) as caught:
        parse_profile({**SITE, "allowed_domains": ["lake.example"], "sources": sources})
    assert caught.value.key == key and words in str(caught.value)
