"""The user's story, end to end: crawl the bundled demo site, subscribe to a tag, crawl again."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import feedparser
import pytest
from lxml import etree

from newsfeeds.demo import ARTICLES, SECTIONS
from newsfeeds.tags import name_key
from tests.conftest import Workspace, run_crawl

RUSSIA_US_INSTANT = datetime(2021, 3, 18, 19, 17, tzinfo=timezone.utc)  # 2021-03-19T00:47:00+05:30


def feed_files(feeds: Path) -> list[Path]:
    return sorted(p for p in feeds.rglob("*") if p.suffix in (".rss", ".atom", ".json"))


def by_title(parsed: feedparser.FeedParserDict) -> dict[str, feedparser.FeedParserDict]:
    return {entry.title: entry for entry in parsed.entries}


def test_the_russia_us_article_is_in_both_tag_feeds_once_at_the_right_instant(demo_crawl):
    _, _, result = demo_crawl
    for tag in ("russia", "us"):
        for fmt in ("rss", "atom"):
            parsed = feedparser.parse(result.feed(f"indiablooms/tag/{tag}.{fmt}").read_bytes())
            assert not parsed.bozo, parsed.get("bozo_exception")
            matches = [e for e in parsed.entries if e.title == "Russia, US hold talks on arms control"]
            assert len(matches) == 1
            published = datetime(*matches[0].published_parsed[:6], tzinfo=timezone.utc)
            assert published == RUSSIA_US_INSTANT
        document = json.loads(result.feed(f"indiablooms/tag/{tag}.json").read_text(encoding="utf-8"))
        items = [i for i in document["items"] if i["title"] == "Russia, US hold talks on arms control"]
        assert len(items) == 1
        assert datetime.fromisoformat(items[0]["date_published"]) == RUSSIA_US_INSTANT
        assert sorted(items[0]["tags"]) == ["Russia", "US"]


def test_every_feed_parses_without_bozo_and_is_well_formed(demo_crawl):
    _, _, result = demo_crawl
    files = feed_files(result.feeds)
    assert len(files) >= 3 * (1 + 5 + 12)
    for path in files:
        if path.suffix == ".json":
            document = json.loads(path.read_text(encoding="utf-8"))
            assert document["version"] == "https://jsonfeed.org/version/1.1"
            continue
        etree.fromstring(path.read_bytes())
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, f"{path}: {parsed.get('bozo_exception')}"
        assert parsed.entries, path


def test_every_demo_article_is_in_the_site_feed_with_its_stated_date(demo_crawl):
    _, _, result = demo_crawl
    document = json.loads(result.feed("indiablooms/all.json").read_text(encoding="utf-8"))
    items = {item["title"]: item for item in document["items"]}
    assert len(document["items"]) == len(ARTICLES) == len(items)
    for article in ARTICLES:
        item = items[article.title]
        expected = article.expected_published
        if expected and "T" in expected:
            assert datetime.fromisoformat(item["date_published"]) == datetime.fromisoformat(expected), article.slug
        elif expected:
            local_day = datetime.fromisoformat(item["date_published"]).date().isoformat()
            assert local_day == expected, article.slug


def test_tags_come_from_the_article_not_the_ticker_and_merge_case_insensitively(demo_crawl):
    _, _, result = demo_crawl
    document = json.loads(result.feed("indiablooms/all.json").read_text(encoding="utf-8"))
    items = {item["title"]: item for item in document["items"]}
    for article in ARTICLES:
        assert {name_key(t) for t in items[article.title]["tags"]} == {name_key(t) for t in article.tags}, article.slug
    cricket = [a for a in ARTICLES if "cricket" in {name_key(t) for t in a.tags}]
    parsed = feedparser.parse(result.feed("indiablooms/tag/cricket.rss").read_bytes())
    assert len(parsed.entries) == len(cricket) >= 2
    assert not result.feed("indiablooms/tag/cricket-2.rss").exists()


def test_the_header_clock_is_never_taken_for_a_publication_date(demo_crawl):
    _, _, result = demo_crawl
    document = json.loads(result.feed("indiablooms/all.json").read_text(encoding="utf-8"))
    dated = {a.title for a in ARTICLES if a.expected_published}
    today = datetime.now(timezone.utc).date()
    for item in document["items"]:
        if item["title"] in dated:
            assert datetime.fromisoformat(item["date_published"]).date() != today, item["title"]


def test_articles_listed_in_two_sections_appear_in_both_section_feeds(demo_crawl):
    _, _, result = demo_crawl
    cross_listed = [a for a in ARTICLES if a.also_in]
    assert cross_listed
    slug_of = {"world": "world", "news": "news", "finance": "finance", "sports": "sports", "showbiz": "showbiz",
               "health": "health", "life": "life"}
    for article in cross_listed:
        for section in (article.section, *article.also_in):
            parsed = feedparser.parse(result.feed(f"indiablooms/section/{slug_of[section]}.rss").read_bytes())
            titles = [e.title for e in parsed.entries]
            assert titles.count(article.title) == 1, (article.slug, section)
    assert len(SECTIONS) >= 5


def test_article_bodies_are_the_story_without_appeal_blurb_or_scripts(demo_crawl):
    _, _, result = demo_crawl
    document = json.loads(result.feed("indiablooms/all.json").read_text(encoding="utf-8"))
    for item in document["items"]:
        body = item["content_html"]
        assert "Support Our Journalism" not in body
        assert "<script" not in body and "ad-slot" not in body
        assert "Related" not in body.split("</p>")[-1]
    story = next(i for i in document["items"] if i["title"] == "Russia, US hold talks on arms control")
    assert story["content_html"].count("<p>") >= 3
    assert "Moscow/UNI/IBNS:" in story["content_html"]


def test_feeds_are_newest_first_with_self_links_on_the_base_url(demo_crawl):
    _, _, result = demo_crawl
    parsed = feedparser.parse(result.feed("indiablooms/all.atom").read_bytes())
    times = [e.published_parsed for e in parsed.entries]
    assert times == sorted(times, reverse=True)
    self_links = [link.href for link in parsed.feed.links if link.rel == "self"]
    assert self_links == ["http://feeds.example.test/indiablooms/all.atom"]
    assert (result.feeds / "index.html").exists() and (result.feeds / "feeds.opml").exists()
    opml = etree.fromstring((result.feeds / "feeds.opml").read_bytes())
    urls = {o.get("xmlUrl") for o in opml.iter("outline") if o.get("xmlUrl")}
    assert "http://feeds.example.test/indiablooms/tag/russia.rss" in urls


def test_a_second_crawl_adds_nothing_and_rewrites_no_file(demo_server, any_workspace: Workspace):
    workspace = any_workspace
    first = run_crawl(demo_server.url, workspace)
    assert first.code == 0, first.output[-3000:]
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in feed_files(workspace.feeds)}
    extras = {p: p.stat().st_mtime_ns for p in (workspace.feeds / "index.html", workspace.feeds / "feeds.opml")}
    requests_before = len(demo_server.requests)
    second = run_crawl(demo_server.url, workspace)
    assert second.code == 0, second.output[-3000:]
    report = second.report["indiablooms"]
    assert report["articles"]["new"] == 0 and report["articles"]["updated"] == 0
    assert report["feeds"]["files_written"] == 0
    after = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in feed_files(workspace.feeds)}
    assert after == before
    assert {p: p.stat().st_mtime_ns for p in extras} == extras
    second_requests = demo_server.requests[requests_before:]
    assert len(second_requests) <= len(SECTIONS) + 1, second_requests


def test_news_arriving_later_lands_in_its_feeds_without_touching_first_seen(demo_server, any_workspace: Workspace):
    from dataclasses import replace

    workspace = any_workspace
    assert run_crawl(demo_server.url, workspace).code == 0
    first_seen = dict(workspace.rows("SELECT key, first_seen FROM articles"))
    template = next(a for a in ARTICLES if a.slug == "russia-us-hold-talks-on-arms-control")
    fresh = replace(template, id=99001, slug="russia-and-us-agree-to-new-round-of-talks",
                    title="Russia and US agree to a new round of talks", tags=("Russia", "Diplomacy"),
                    byline_date="Nov 20, 2026, at 09:05 am", expected_published="2026-11-20T09:05:00+05:30", also_in=())
    demo_server.site.publish(fresh)
    result = run_crawl(demo_server.url, workspace)
    assert result.code == 0, result.output[-3000:]
    assert result.report["indiablooms"]["articles"]["new"] == 1
    parsed = feedparser.parse(result.feed("indiablooms/tag/russia.rss").read_bytes())
    assert parsed.entries[0].title == "Russia and US agree to a new round of talks"
    assert result.feed("indiablooms/tag/diplomacy.rss").exists()
    now_seen = dict(workspace.rows("SELECT key, first_seen FROM articles"))
    assert {k: v for k, v in now_seen.items() if k in first_seen} == first_seen


@pytest.mark.parametrize("fmt", ["rss", "atom", "json"])
def test_ids_are_the_same_in_every_feed_an_article_is_in(demo_crawl, fmt):
    _, _, result = demo_crawl
    ids: dict[str, set[str]] = {}
    for path in result.feeds.rglob(f"*.{fmt}"):
        if fmt == "json":
            entries = [(i["title"], i["id"]) for i in json.loads(path.read_text(encoding="utf-8"))["items"]]
        else:
            entries = [(e.title, e.id) for e in feedparser.parse(path.read_bytes()).entries]
        for title, identifier in entries:
            ids.setdefault(title, set()).add(identifier)
    assert all(len(v) == 1 for v in ids.values())
