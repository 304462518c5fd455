"""What subscribers ask for, as they would say it: a narrowed feed, one author's feed, one feed from two
sites, feeds their reader accepts, and new items pushed to a hub. Real crawls of the bundled demo site."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl

import feedparser
import pytest
from lxml import etree

from newsfeeds.authors import AuthorPolicy, byline_people
from newsfeeds.extensions.feeds import Announcements
from newsfeeds.demo import ARTICLES, DemoArticle, DemoServer
from newsfeeds.demo.site import IST
from newsfeeds.feedwriter import FeedWriter
from newsfeeds.profiles import parse_profile
from newsfeeds.store import ArticleInput, SQLStore
from newsfeeds.tags import name_key
from tests.conftest import ROOT, Workspace, run_crawl

ATOM = "{http://www.w3.org/2005/Atom}"
BASE = "http://feeds.example.test/"


def story(id: int, slug: str, section: str, title: str, tags: tuple[str, ...], author: str = "",
          paragraphs: tuple[str, ...] = ()) -> DemoArticle:
    """A story published on the demo site between crawls, dated two hours ago."""
    moment = (datetime.now(IST) - timedelta(hours=2)).replace(second=0, microsecond=0)
    template = next(a for a in ARTICLES if a.section == section)
    return replace(template, id=id, slug=slug, title=title, tags=tags, author=author, also_in=(),
                   byline_date=moment.strftime("%b %d, %Y, at %I:%M %p").replace("AM", "am").replace("PM", "pm"),
                   expected_published=moment.isoformat(), expected_modified=None,
                   paragraphs=paragraphs or template.paragraphs)


def items_of(feeds: Path, path: str) -> dict[str, dict]:
    """A JSON feed's items by title, after checking that RSS and Atom hold the same items."""
    document = json.loads((feeds / f"{path}.json").read_text(encoding="utf-8"))
    titles = [item["title"] for item in document["items"]]
    for fmt in ("rss", "atom"):
        parsed = feedparser.parse((feeds / f"{path}.{fmt}").read_bytes())
        assert not parsed.bozo, (path, fmt, parsed.get("bozo_exception"))
        assert [e.title for e in parsed.entries] == titles, (path, fmt)
    assert (feeds / f"{path}.html").is_file()
    return {item["title"]: item for item in document["items"]}


def mentions(item: dict, word: str) -> bool:
    text = " ".join([item["title"], item.get("summary", ""), item["content_html"], *item["tags"],
                     *(a["name"] for a in item["authors"])])
    return word.casefold() in text.casefold()


# --- "I want India politics, but no cricket" -------------------------------------------------------
def test_i_want_india_politics_but_no_cricket(demo_server: DemoServer, workspace: Workspace) -> None:
    sports_minister = story(99401, "minister-opens-cricket-academy-in-assembly-constituency", "news",
                            "Minister opens cricket academy in assembly constituency", ("Cricket", "Elections"))
    demo_server.site.publish(sports_minister)
    result = run_crawl(demo_server.url, workspace)
    assert result.code == 0, result.output[-3000:]
    items = items_of(result.feeds, "indiablooms/custom/india-politics")
    assert {"Election Commission announces schedule for five states",
            "Parliament passes bill on online gaming regulation"} <= set(items)
    assert sports_minister.title not in items
    india = {a.title for a in ARTICLES if "news" in (a.section, *a.also_in)}
    for title, item in items.items():
        assert title in india and not mentions(item, "cricket"), title
    index = (result.feeds / "index.html").read_text(encoding="utf-8")
    assert "indiablooms/custom/india-politics.html" in index and "India politics, no cricket" in index
    opml = (result.feeds / "feeds.opml").read_text(encoding="utf-8")
    assert 'xmlUrl="http://feeds.example.test/indiablooms/custom/india-politics.rss"' in opml


def test_a_summary_feed_carries_summaries_not_bodies(demo_crawl) -> None:
    _, _, result = demo_crawl
    items = items_of(result.feeds, "indiablooms/custom/economy-briefing")
    finance = {a.title for a in ARTICLES if "finance" in (a.section, *a.also_in)}
    assert items and all(t in finance or {"Economy", "Stock Market"} & set(i["tags"]) for t, i in items.items())
    full = items_of(result.feeds, "indiablooms/all")
    for title, item in items.items():
        assert len(item["content_html"]) < len(full[title]["content_html"]), title
    atom = etree.parse(str(result.feeds / "indiablooms/custom/economy-briefing.atom")).getroot()
    assert not atom.findall(f"{ATOM}entry/{ATOM}content") and atom.findall(f"{ATOM}entry/{ATOM}summary")


# --- "Only this author" -------------------------------------------------------------------------------
def test_only_this_author(demo_server: DemoServer, workspace: Workspace) -> None:
    duo = story(99402, "two-reporters-follow-the-grain-corridor", "world", "Two reporters follow the grain corridor",
                ("Ukraine",), author="Sudipta Roy and Meghna Dutta")
    wire = story(99403, "wire-copy-on-monsoon-onset", "news", "Wire copy on monsoon onset", ("Climate",), author="PTI")
    desk = story(99404, "desk-copy-on-markets", "finance", "Desk copy on markets", ("Economy",), author="Staff Reporter")
    for extra in (duo, wire, desk):
        demo_server.site.publish(extra)
    result = run_crawl(demo_server.url, workspace)
    assert result.code == 0, result.output[-3000:]
    by_sudipta = {a.title for a in ARTICLES if a.author == "Sudipta Roy"} | {duo.title}
    items = items_of(result.feeds, "indiablooms/author/sudipta-roy")
    assert set(items) == by_sudipta
    assert duo.title in items_of(result.feeds, "indiablooms/author/meghna-dutta")
    authors = {p.stem for p in (result.feeds / "indiablooms/author").glob("*.rss")}
    assert authors == {name_key(a.author).replace(" ", "-") for a in ARTICLES if a.author}
    atom = etree.parse(str(result.feeds / "indiablooms/author/sudipta-roy.atom")).getroot()
    assert atom.findtext(f"{ATOM}title") == "Indiablooms: Sudipta Roy"


def test_bylines_become_people_not_agencies_or_desks() -> None:
    assert byline_people("By Sudipta Roy and Meghna Dutta") == ["Sudipta Roy", "Meghna Dutta"]
    assert byline_people("PTI") == byline_people("Staff Reporter") == byline_people("Web Desk") == []
    assert byline_people("Ananya Sen, with inputs from agencies") == ["Ananya Sen"]
    assert byline_people("Rohan Mehra / IANS") == ["Rohan Mehra"]
    assert byline_people("ROHAN MEHRA, Rohan  Mehra") == ["ROHAN MEHRA"]
    assert byline_people("A Roy, B Sen, C Das, D Paul", AuthorPolicy(max_per_article=2)) == ["A Roy", "B Sen"]
    assert byline_people("Staff Reporter", AuthorPolicy(allow=("Staff Reporter",))) == ["Staff Reporter"]
    assert byline_people("Indiablooms", not_people=("indiablooms", "Indiablooms")) == []
    assert byline_people("Meghna Dutta", AuthorPolicy(feeds=False)) == []


# --- "Russia and Ukraine tags from two sites in one feed" -----------------------------------------
SHARED = """
[[feeds]]
name = "russia-ukraine"
title = "Russia and Ukraine, from two sites"
sites = ["indiablooms", "wirenews"]
tags = ["Russia", "Ukraine"]
"""


@pytest.fixture
def two_sites(tmp_path: Path) -> Iterator[tuple[DemoServer, DemoServer, Path]]:
    profiles = tmp_path / "sites"
    profiles.mkdir()
    text = (ROOT / "sites" / "indiablooms.toml").read_text(encoding="utf-8")
    (profiles / "indiablooms.toml").write_text(text, encoding="utf-8")
    (profiles / "wirenews.toml").write_text(text.replace('name = "indiablooms"', 'name = "wirenews"')
                                            .replace('title = "Indiablooms"', 'title = "Wire News"'), encoding="utf-8")
    (profiles / "_feeds.toml").write_text(SHARED, encoding="utf-8")
    with DemoServer("127.0.0.1", 0) as first, DemoServer("127.0.0.1", 0) as second:
        yield first, second, profiles


def crawl_site(site: str, server: DemoServer, workspace: Workspace, profiles: Path, **settings: object):
    result = run_crawl(server.url, workspace, spider="site", spider_args={"profile": str(profiles / f"{site}.toml")},
                       settings={"NEWSFEEDS_PROFILES_DIR": profiles, **settings})
    assert result.code == 0, result.output[-3000:]
    return result


def test_russia_and_ukraine_tags_from_two_sites_in_one_feed(two_sites, workspace: Workspace) -> None:
    first, second, profiles = two_sites
    only_there = story(99405, "kyiv-reopens-river-port", "world", "Kyiv reopens river port to grain barges", ("Ukraine",))
    second.site.publish(only_there)
    crawl_site("indiablooms", first, workspace, profiles)
    result = crawl_site("wirenews", second, workspace, profiles)
    document = json.loads((result.feeds / "custom/russia-ukraine.json").read_text(encoding="utf-8"))
    wanted = [a for a in ARTICLES if {"russia", "ukraine"} & {name_key(t) for t in a.tags}]
    from_first = [i for i in document["items"] if i["url"].startswith(first.url.rstrip("/"))]
    from_second = [i for i in document["items"] if i["url"].startswith(second.url.rstrip("/"))]
    assert {i["title"] for i in from_first} == {a.title for a in wanted}
    assert {i["title"] for i in from_second} == {a.title for a in wanted} | {only_there.title}
    assert len(document["items"]) == len(from_first) + len(from_second)
    for item in document["items"]:
        assert {"russia", "ukraine"} & {name_key(t) for t in item["tags"]}
    times = [datetime.fromisoformat(i["date_published"]) for i in document["items"]]
    assert times == sorted(times, reverse=True)
    items_of(result.feeds, "custom/russia-ukraine")
    page = (result.feeds / "custom/russia-ukraine.html").read_text(encoding="utf-8")
    assert "Wire News" in page and "Indiablooms" in page and '<link rel="stylesheet" href="../feeds.css">' in page
    assert "custom/russia-ukraine.html" in (result.feeds / "index.html").read_text(encoding="utf-8")

    # Rebuilt only when one of its articles changes: an unchanged run and an unrelated story leave it alone.
    files = sorted((result.feeds / "custom").glob("russia-ukraine.*"))
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in files}
    crawl_site("indiablooms", first, workspace, profiles)
    first.site.publish(story(99406, "chennai-metro-adds-driverless-trains", "news", "Chennai metro adds driverless trains",
                             ("Infrastructure",)))
    crawl_site("indiablooms", first, workspace, profiles)
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in files} == before
    talks = story(99407, "moscow-and-kyiv-agree-prisoner-exchange", "world", "Moscow and Kyiv agree prisoner exchange",
                  ("Russia", "Ukraine"))
    first.site.publish(talks)
    crawl_site("indiablooms", first, workspace, profiles)
    assert talks.title in items_of(result.feeds, "custom/russia-ukraine")


# --- Mistakes in a definition stop the crawl with the file, the key and the fix ------------------------
BAD_RULES = [
    ('[[feeds]]\nname = "x"\nexclude = [{ regex = "crick(et" }]\n', "feeds[0].exclude[0].regex",
     "not a valid regular expression"),
    ('[[feeds]]\nname = "x"\nsections = ["Cricket Corner"]\n', "feeds[0].sections[0]", "no section 'Cricket Corner'"),
    ('[[feeds]]\nname = "x"\ninclude = [{ word = "x", in = ["headline"] }]\n', "feeds[0].include[0].in[0]",
     "Fields: title, summary, body, author, tags"),
    ('[[feeds]]\nname = "x"\nsites = ["indiablooms"]\n', "feeds[0].sites", "draw from that site only"),
]


@pytest.mark.parametrize(("table", "key", "message"), BAD_RULES)
def test_a_bad_rule_stops_the_crawl_with_file_key_and_fix(tmp_path: Path, table: str, key: str, message: str) -> None:
    profile = tmp_path / "mine.toml"
    profile.write_text((ROOT / "sites" / "indiablooms.toml").read_text(encoding="utf-8").split("[[feeds]]")[0]
                       .replace('name = "indiablooms"', 'name = "mine"') + table, encoding="utf-8")
    result = run_crawl("", Workspace(tmp_path), spider="site", spider_args={"profile": str(profile)})
    assert result.code == 2, result.output[-2000:]
    assert f"{profile}: {key}:" in result.output and message in result.output, result.output[-2000:]
    assert not (tmp_path / "feeds").exists()


def test_a_shared_feed_naming_an_unknown_site_stops_every_crawl(tmp_path: Path) -> None:
    profiles = tmp_path / "sites"
    profiles.mkdir()
    shutil.copy(ROOT / "sites" / "indiablooms.toml", profiles / "indiablooms.toml")
    (profiles / "_feeds.toml").write_text('[[feeds]]\nname = "x"\nsites = ["indiabloom"]\n', encoding="utf-8")
    result = run_crawl("", Workspace(tmp_path), settings={"NEWSFEEDS_PROFILES_DIR": profiles})
    assert result.code == 2
    assert f"{profiles / '_feeds.toml'}: feeds[0].sites[0]: no site named 'indiabloom'" in result.output
    assert "Did you mean 'indiablooms'?" in result.output


# --- Tuning a definition before publishing it ---------------------------------------------------------
def test_feeds_preview_shows_what_a_definition_selects_and_why_the_rest_is_left_out(demo_crawl) -> None:
    _, workspace, result = demo_crawl
    args = [sys.executable, "-m", "scrapy", "feeds-preview", "indiablooms/india-politics", "--rejected",
            "-s", f"NEWSFEEDS_DB={workspace.db}", "-s", "LOG_LEVEL=ERROR"]
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr[-2000:]
    published = items_of(result.feeds, "indiablooms/custom/india-politics")
    selected, _, rejected = done.stdout.partition("leaves out")
    for title in published:
        assert title in selected
    assert "left out: no include rule matched" in rejected
    unknown = subprocess.run([*args[:4], "no-such-feed"], cwd=ROOT, capture_output=True, text=True, timeout=120,
                             env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert unknown.returncode == 2 and "indiablooms/india-politics" in unknown.stderr


# --- Feeds readers accept --------------------------------------------------------------------------------
def test_a_feed_stays_within_its_byte_budget_by_leaving_out_whole_old_items(tmp_path: Path, store: SQLStore) -> None:
    profile = parse_profile({"name": "long", "url": "https://long.example/", "timezone": "Asia/Kolkata",
                             "sections": [{"name": "News", "url": "https://long.example/news"}]})
    start = datetime(2026, 5, 1, tzinfo=timezone.utc)
    for n in range(30):
        body = "".join(f"<p>Paragraph {p} of story {n}, long enough to weigh something in a feed file.</p>"
                       for p in range(250))
        store.save_article(ArticleInput(site="long", key=f"//long.example/{n}", url=f"https://long.example/{n}",
                                        title=f"Story {n}", body=body, summary=f"Story {n} in short", sections=("news",),
                                        published=start + timedelta(hours=n)), start + timedelta(hours=n), profile.tz)
    store.register_sections("long", [("news", "News", "https://long.example/news")])
    budget = 120_000
    FeedWriter(store, tmp_path / "feeds", BASE, max_bytes=budget).write_site(profile)
    kept = None
    for fmt in ("rss", "atom", "json"):
        data = (tmp_path / "feeds" / f"long/all.{fmt}").read_bytes()
        assert len(data) <= budget, fmt
        if fmt == "json":
            bodies = {i["title"]: i["content_html"] for i in json.loads(data)["items"]}
        else:
            bodies = {e.title: e.content[0].value for e in feedparser.parse(data).entries}
        titles = list(bodies)
        assert titles == [f"Story {n}" for n in range(29, 29 - len(titles), -1)], fmt  # newest first, oldest left out
        assert 1 < len(titles) < 30
        kept = kept or len(titles)
        assert len(titles) == kept  # the same items in every format
        for title, body in bodies.items():  # each item whole
            assert body.count("<p>") == 250 and f"Paragraph 249 of story {title.split()[-1]}" in body


# --- WebSub -----------------------------------------------------------------------------------------------
class Hub:
    """A local WebSub hub that records publish requests; it can answer 503 to the first few."""

    def __init__(self, failures: int = 0) -> None:
        self.requests: list[tuple[str, list[tuple[str, str]]]] = []
        self.failures = failures
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                form = parse_qsl(self.rfile.read(length).decode("ascii"))
                hub.requests.append((self.headers.get("Content-Type", ""), form))
                status = 503 if len(hub.requests) <= hub.failures else 204
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/publish"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_new_items_are_pushed_to_every_hub_in_one_request_each(demo_server: DemoServer, workspace: Workspace) -> None:
    steady, flaky = Hub(), Hub(failures=1)
    gone = Hub()
    gone.close()  # a hub that is down must not fail the run
    try:
        hubs = f"{steady.url} {flaky.url} {gone.url}"
        result = run_crawl(demo_server.url, workspace, settings={"NEWSFEEDS_WEBSUB_HUBS": hubs})
        assert result.code == 0, result.output[-3000:]
        assert "WebSub: " + gone.url in result.output and "] ERROR:" not in result.output
        feeds = sorted(BASE + p.relative_to(workspace.feeds).as_posix() for p in workspace.feeds.rglob("*")
                       if p.suffix in (".rss", ".atom", ".json"))
        assert len(steady.requests) == 1 and len(flaky.requests) == 2
        for content_type, form in (steady.requests[0], flaky.requests[-1]):
            assert content_type == "application/x-www-form-urlencoded"
            assert form[0] == ("hub.mode", "publish")
            assert sorted(value for name, value in form[1:] if name == "hub.url") == feeds
        rss = etree.parse(str(workspace.feeds / "indiablooms/tag/russia.rss")).getroot().find("channel")
        assert [link.get("href") for link in rss.findall(f"{ATOM}link[@rel='hub']")] == [steady.url, flaky.url, gone.url]
        assert rss.find(f"{ATOM}link[@rel='self']").get("href") == BASE + "indiablooms/tag/russia.rss"
        atom = etree.parse(str(workspace.feeds / "indiablooms/custom/india-politics.atom")).getroot()
        assert len(atom.findall(f"{ATOM}link[@rel='hub']")) == 3
        document = json.loads((workspace.feeds / "indiablooms/author/sudipta-roy.json").read_text(encoding="utf-8"))
        assert document["hubs"][0] == {"type": "WebSub", "url": steady.url}

        again = run_crawl(demo_server.url, workspace, settings={"NEWSFEEDS_WEBSUB_HUBS": hubs})
        assert again.code == 0 and len(steady.requests) == 1  # nothing changed: nothing to announce

        fresh = story(99408, "moscow-hosts-grain-talks", "world", "Moscow hosts grain talks", ("Russia",))
        demo_server.site.publish(fresh)
        third = run_crawl(demo_server.url, workspace, settings={"NEWSFEEDS_WEBSUB_HUBS": hubs})
        assert third.code == 0 and len(steady.requests) == 2
        announced = {value for name, value in steady.requests[1][1] if name == "hub.url"}
        assert {BASE + "indiablooms/all.rss", BASE + "indiablooms/tag/russia.atom"} <= announced
        assert BASE + "indiablooms/tag/cricket.rss" not in announced
    finally:
        steady.close()
        flaky.close()


def test_this_weeks_news_only_drops_a_story_once_it_is_older_than_a_week(tmp_path: Path, store: SQLStore) -> None:
    profile = parse_profile({"name": "weekly", "url": "https://weekly.example/", "timezone": "Europe/Berlin",
                             "sections": [{"name": "News", "url": "https://weekly.example/news"}],
                             "feeds": [{"name": "this-week", "title": "This week", "max_age_days": 7}]})
    start = datetime(2026, 5, 1, 12, tzinfo=timezone.utc)
    for day in (0, 3, 6):
        store.save_article(ArticleInput(site="weekly", key=f"//weekly.example/{day}", url=f"https://weekly.example/{day}",
                                        title=f"Day {day}", sections=("news",), published=start + timedelta(days=day)),
                           start + timedelta(days=day), profile.tz)
    feed = tmp_path / "feeds/weekly/custom/this-week.json"

    def titles_on(day: float) -> list[str]:
        FeedWriter(store, tmp_path / "feeds", BASE, now=start + timedelta(days=day)).write_site(profile)
        return [item["title"] for item in json.loads(feed.read_text(encoding="utf-8"))["items"]]

    assert titles_on(6.5) == ["Day 6", "Day 3", "Day 0"]
    written = feed.stat().st_mtime_ns, feed.stat().st_ino
    assert titles_on(6.9) == ["Day 6", "Day 3", "Day 0"] and (feed.stat().st_mtime_ns, feed.stat().st_ino) == written
    assert titles_on(7.5) == ["Day 6", "Day 3"]  # day 0 aged out: rewritten without it
    assert titles_on(10.5) == ["Day 6"]


def test_pruning_keeps_what_a_custom_feed_still_shows(tmp_path: Path, store: SQLStore) -> None:
    profile = parse_profile({"name": "rainy", "url": "https://rainy.example/", "timezone": "Asia/Kolkata",
                             "sections": [{"name": "News", "url": "https://rainy.example/news"}],
                             "feeds": [{"name": "monsoon", "title": "Monsoon", "include": ["monsoon"]}]})
    now = datetime(2026, 9, 30, tzinfo=timezone.utc)
    for day in range(90):  # a monsoon story every tenth day, other news on the rest
        title = f"Monsoon update {day}" if day % 10 == 5 else f"City news {day}"
        store.save_article(ArticleInput(site="rainy", key=f"//rainy.example/{day}", url=f"https://rainy.example/{day}",
                                        title=title, sections=("news",), published=now - timedelta(days=day)),
                           now, profile.tz)
    store.commit()
    writer = FeedWriter(store, tmp_path / "feeds", BASE, max_items=5, now=now)
    writer.write_site(profile)
    shown = [item["title"] for item in json.loads((tmp_path / "feeds/rainy/custom/monsoon.json").read_text())["items"]]
    assert shown == [f"Monsoon update {d}" for d in (5, 15, 25, 35, 45)]

    store.prune("rainy", now - timedelta(days=30), keep_per_feed=5, now=now, also_keep=writer.custom_feed_keys(profile))
    store.commit()
    kept = {a.title for a in store.feed_candidates("rainy", None, None, 1000)}
    assert {f"Monsoon update {d}" for d in (35, 45)} <= kept   # older than 30 days, still in the custom feed
    assert "Monsoon update 55" not in kept and "City news 50" not in kept  # outside every feed: pruned
    writer.write_site(profile)
    again = [item["title"] for item in json.loads((tmp_path / "feeds/rainy/custom/monsoon.json").read_text())["items"]]
    assert again == shown


def test_several_sites_crawled_in_one_process_make_one_announcement() -> None:
    announcements, first, second = Announcements(), object(), object()
    announcements.join(first)  # type: ignore[arg-type]
    announcements.join(second)  # type: ignore[arg-type]
    assert announcements.leave(first, [BASE + "a/all.rss"]) == []  # type: ignore[arg-type]
    assert announcements.leave(second, [BASE + "b/all.rss"]) == [BASE + "a/all.rss", BASE + "b/all.rss"]  # type: ignore[arg-type]
