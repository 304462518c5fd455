"""Hostile input, end to end: a site written to break crawlers is crawled twice with real `scrapy crawl`
runs (the second time after its faults are healed). Nothing may crash, nothing may be lost, nothing
unsafe may reach a feed, index.html or the file system, and the crawl must stay inside its bounds.

The pages and the outcome each must reach are in tests/hostile/pages.py; the server in
tests/hostile/server.py. Known bugs outside the test files are marked xfail(strict=True) with the fix.
"""

from __future__ import annotations

import html
import importlib
import json
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import feedparser
import pytest
from lxml import etree

from newsfeeds.dates import parse_date
from newsfeeds.html import sanitize_html, strip_tags
from newsfeeds.tags import MAX_TAGS, name_key
from tests.conftest import CrawlResult, Workspace, run_crawl
from tests.hostile.checks import (
    FeedFile, dangers, forbidden_xml_characters, index_problems, items_by_path, read_feeds,
)
from tests.hostile.pages import (
    ATTACK_BODY, FAILED, FEED, FORBIDDEN, HELPER, MOJIBAKE_TITLE, NAME_ARTICLES, NAME_GROUPS, NAMELESS, NOW, RETRIED,
    SITE_TITLE, SKIPPED, STORY, Case, Catalog, build_catalog, build_site, offsite_site,
)
from tests.hostile.server import HostileServer, Seen, Site

PROFILE = Path(__file__).parent / "hostile" / "hostile.toml"
# Fast faults; a small delay because Scrapy 2.19 ignores CONCURRENT_REQUESTS_PER_DOMAIN when DOWNLOAD_DELAY is 0.
SETTINGS: dict[str, Any] = {"DOWNLOAD_DELAY": 0.01, "DOWNLOAD_TIMEOUT": 2, "RETRY_TIMES": 1, "NEWSFEEDS_NOW": NOW,
                            "NEWSFEEDS_MAX_ITEMS": 500}
MAX_TITLE = 300
PROJECT = importlib.import_module("settings")


KNOWN_BODY_BUGS: dict[str, str] = {}
KNOWN_BUGS: dict[str, str] = {}


def _outline() -> list[Case]:
    """The cases with placeholder origins: enough to name and parametrize the tests."""
    return build_catalog("http://127.0.0.2:9", "http://127.0.0.1:9").cases


def case_params(cases: list[Case], outcomes: tuple[str, ...] | None = None,
                bugs: dict[str, str] = KNOWN_BUGS) -> list[Any]:
    params = []
    for case in cases:
        if case.outcome == HELPER or outcomes and case.outcome not in outcomes:
            continue
        ident = f"{case.kind}/{case.slug}"
        marks = [pytest.mark.xfail(reason=bugs[ident], strict=True)] if ident in bugs else []
        params.append(pytest.param(case.slug, id=ident, marks=marks))
    return params


CASES = _outline()


@dataclass
class Run:
    """One crawl of the hostile site and everything it left behind."""

    result: CrawlResult
    requests: list[Seen]
    offsite_requests: list[Seen]
    feeds: list[FeedFile]
    index: bytes
    opml: bytes
    items: dict[str, dict[str, Any]]
    stored: set[str]
    pending: set[str]
    pending_urls: set[str]
    max_in_flight: int

    @cached_property
    def parsed(self) -> dict[str, Any]:
        """hostile/all.rss and all.atom as feedparser reads them, by format."""
        return {fmt: feedparser.parse(next(f.data for f in self.feeds if f.path.name == f"all.{fmt}"))
                for fmt in ("rss", "atom")}

    def requested(self, path: str) -> int:
        return sum(1 for seen in self.requests if urlsplit(seen.path).path == path)


@dataclass
class Hostile:
    """Both runs: the first against the misbehaving site, the second after it was healed."""

    catalog: Catalog
    origin: str
    workspace: Workspace
    first: Run
    second: Run


def _paths(db: Path, sql: str) -> set[str]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        return {row[0] for row in connection.execute(sql)}


def _crawl(server: HostileServer, offsite: HostileServer, workspace: Workspace) -> Run:
    server.forget()
    offsite.forget()
    result = run_crawl(server.url, workspace, spider="site", spider_args={"profile": str(PROFILE)}, settings=SETTINGS,
                       timeout=180)
    feeds = read_feeds(workspace.feeds)
    everything = next((f for f in feeds if f.path == workspace.feeds / "hostile/all.json"), None)
    urls = _paths(workspace.db, "SELECT url FROM pending")
    return Run(
        result=result, requests=list(server.requests), offsite_requests=list(offsite.requests), feeds=feeds,
        index=(workspace.feeds / "index.html").read_bytes() if (workspace.feeds / "index.html").exists() else b"",
        opml=(workspace.feeds / "feeds.opml").read_bytes() if (workspace.feeds / "feeds.opml").exists() else b"",
        items=items_by_path(everything.document()) if everything else {},
        stored={urlsplit(u).path for u in _paths(workspace.db, "SELECT url FROM articles")},
        pending={urlsplit(u).path for u in urls}, pending_urls=urls, max_in_flight=server.max_in_flight,
    )


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hostile]:
    workspace = Workspace(tmp_path_factory.mktemp("hostile"))
    site = Site()
    with HostileServer(offsite_site(), host="127.0.0.2") as offsite, HostileServer(site, latency=0.02) as server:
        catalog = build_catalog(offsite.origin, server.origin)
        site.routes.update(build_site(catalog).routes)
        first = _crawl(server, offsite, workspace)
        assert first.result.code == 0, first.result.output[-3000:]
        server.heal()
        second = _crawl(server, offsite, workspace)
        yield Hostile(catalog, server.origin, workspace, first, second)


def find_case(hostile: Hostile, slug: str) -> Case:
    return hostile.catalog.by_slug(slug)


# --- the runs themselves ---------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["first", "second"])
def test_both_runs_finish_healthy_without_a_single_traceback(hostile: Hostile, which: str):
    run: Run = getattr(hostile, which)
    assert run.result.code == 0, run.result.output[-3000:]
    assert "Traceback" not in run.result.output
    assert "Spider error processing" not in run.result.output
    assert "Error processing" not in run.result.output
    assert run.result.report["hostile"]["healthy"] is True


@pytest.mark.parametrize("which", ["first", "second"])
def test_every_feed_file_is_complete_well_formed_and_free_of_xml_poison(hostile: Hostile, which: str):
    run: Run = getattr(hostile, which)
    assert len(run.feeds) >= 3 * (1 + 8 + len(NAME_GROUPS))
    for feed in run.feeds:
        assert not feed.problems(), (feed.path, feed.problems())
        assert not forbidden_xml_characters(feed.data.decode("utf-8")), feed.path
        assert not [s for s in feed.strings() if forbidden_xml_characters(s)], feed.path
    etree.fromstring(run.opml)


# --- each case reaches its outcome -------------------------------------------------------------------------


@pytest.mark.parametrize("slug", case_params(CASES, (FEED,)))
def test_a_usable_page_lands_in_the_feeds_once_with_its_title_and_date(hostile: Hostile, slug: str):
    wanted = find_case(hostile, slug)
    path = wanted.lands_at or wanted.path
    item = hostile.first.items.get(path)
    assert item is not None, f"{path} is not in hostile/all.json"
    expected = wanted.title if len(wanted.title) <= MAX_TITLE else None
    if expected is not None:
        assert item["title"] == expected
    else:
        assert len(item["title"]) <= MAX_TITLE and item["title"].endswith("…")
        assert wanted.title.startswith(item["title"][:-1].rstrip())
    assert datetime.fromisoformat(item["date_published"]) == datetime.fromisoformat(wanted.published)
    titles = [i["title"] for i in hostile.first.items.values()]
    assert titles.count(item["title"]) == 1
    for fmt in ("rss", "atom"):
        entries = [e for e in hostile.first.parsed[fmt].entries if urlsplit(e.link).path == path]
        assert len(entries) == 1 and entries[0].title == item["title"], fmt


@pytest.mark.parametrize("slug", case_params([c for c in CASES if c.body_has], bugs=KNOWN_BODY_BUGS))
def test_the_story_text_survives_the_page_around_it(hostile: Hostile, slug: str):
    wanted = find_case(hostile, slug)
    body = html.unescape(hostile.first.items[wanted.path]["content_html"])
    assert [text for text in wanted.body_has if text not in body] == []


@pytest.mark.parametrize("slug", case_params(CASES, (SKIPPED,)))
def test_a_page_with_no_article_is_skipped_and_the_run_goes_on(hostile: Hostile, slug: str):
    wanted = find_case(hostile, slug)
    assert hostile.first.requested(wanted.path) >= 1
    assert wanted.path not in hostile.first.items
    assert wanted.path not in hostile.first.stored and wanted.path not in hostile.first.pending


@pytest.mark.parametrize("slug", case_params(CASES, (RETRIED,)))
def test_a_failed_article_is_not_seen_stays_pending_and_the_next_run_gets_it(hostile: Hostile, slug: str):
    wanted = find_case(hostile, slug)
    first, second = hostile.first, hostile.second
    assert first.requested(wanted.path) >= 1
    assert wanted.path not in first.stored and wanted.path not in first.items
    assert wanted.path in first.pending
    assert second.requested(wanted.path) >= 1
    assert wanted.path in second.stored and wanted.path not in second.pending
    assert second.items[wanted.path]["title"] == wanted.healed_title


@pytest.mark.parametrize("slug", case_params(CASES, (FAILED,)))
def test_an_article_that_always_fails_is_never_stored_and_never_forgotten(hostile: Hostile, slug: str):
    wanted = find_case(hostile, slug)
    for run in (hostile.first, hostile.second):
        assert run.requested(wanted.path) >= 1
        assert wanted.path not in run.stored and wanted.path not in run.items
        assert wanted.path in run.pending


def test_pages_robots_txt_forbids_are_never_requested(hostile: Hostile):
    for run in (hostile.first, hostile.second):
        assert not [p for p in FORBIDDEN if run.requested(p)]


def test_robots_txt_is_fetched_before_any_page(hostile: Hostile):
    assert hostile.first.requests[0].path == "/robots.txt"
    assert hostile.first.requested("/story/private-memo") == 0


def test_a_page_robots_txt_forbids_is_not_queued_for_retry(hostile: Hostile):
    assert not [p for p in hostile.first.pending if p in FORBIDDEN]


# --- content that attacks readers -----------------------------------------------------------------------


def _entry_key(element: etree._Element) -> str:
    for link in element.iter("{*}link", "link"):
        href = link.get("href") or (link.text or "")
        if "/story/" in href:
            return urlsplit(href.strip()).path
    return ""


def _feed_strings(feed: FeedFile, skip: frozenset[str]) -> Iterator[tuple[str, str]]:
    """(where, string) for every string of a feed outside the entries of the skipped article paths."""
    if feed.is_json:
        document = feed.document()
        items = [i for i in document.pop("items") if urlsplit(i["url"]).path not in skip]
        for value in FeedFile(feed.path, json.dumps({**document, "items": items}).encode()).strings():
            yield str(feed.path), value
        return
    root = etree.fromstring(feed.data)
    for entry in [e for e in root.iter("item", "{*}entry") if _entry_key(e) in skip]:
        entry.getparent().remove(entry)
    for element in root.iter():
        values = list(element.attrib.values()) if isinstance(element.tag, str) else []
        values += [t for t in (element.text, element.tail) if t]
        for value in values:
            yield f"{feed.path} <{element.tag}>", value


AUTHOR_CASE = "/story/attacks/metadata-attacks"
TITLE_CASE = "/story/attacks/double-escaped-headline"


@pytest.mark.parametrize("which", ["first", "second"])
def test_no_feed_carries_anything_that_runs_in_a_reader(hostile: Hostile, which: str):
    run: Run = getattr(hostile, which)
    found = [(where, value[:120], dangers(value)) for feed in run.feeds
             for where, value in _feed_strings(feed, frozenset({AUTHOR_CASE, TITLE_CASE})) if dangers(value)]
    assert not found


def test_markup_in_an_author_name_does_not_reach_the_feeds(hostile: Hostile):
    item = hostile.first.items[AUTHOR_CASE]
    assert not dangers(json.dumps(item, ensure_ascii=False))


def test_double_escaped_markup_in_a_headline_does_not_reach_the_feeds(hostile: Hostile):
    item = hostile.first.items[TITLE_CASE]
    assert not dangers(item["title"])


@pytest.mark.parametrize("which", ["first", "second"])
def test_index_and_opml_carry_nothing_that_runs_in_a_browser(hostile: Hostile, which: str):
    run: Run = getattr(hostile, which)
    path = hostile.workspace.root / f"index-{which}.html"
    path.write_bytes(run.index)
    assert not index_problems(path)
    opml = etree.fromstring(run.opml)
    assert not [v for e in opml.iter() for v in e.attrib.values() if dangers(v)]


ATTACK_LINES = [line for line in ATTACK_BODY.strip().splitlines() if line.strip()]


@pytest.mark.parametrize("fragment", ATTACK_LINES, ids=[f"line-{n}" for n in range(1, len(ATTACK_LINES) + 1)])
def test_each_attack_is_removed_without_hiding_what_follows(fragment: str):
    cleaned = sanitize_html(f"{fragment}<p>What follows the attack.</p>", "http://hostile.invalid/story/attacks/x")
    assert not dangers(cleaned)
    assert cleaned.endswith("<p>What follows the attack.</p>")
    assert strip_tags(f"{fragment}<p>What follows.</p>").endswith("What follows.")


def test_an_attacked_body_keeps_its_story_text_and_its_safe_image(hostile: Hostile):
    item = hostile.first.items["/story/attacks/body-attacks"]
    body = item["content_html"]
    assert STORY[0] in html.unescape(body) and STORY[1] in html.unescape(body)
    assert f'src="{hostile.origin}/images/ferry.jpg"' in body
    assert "attacker.invalid" not in body


def test_script_urls_in_metadata_never_become_images_or_links(hostile: Hostile):
    item = hostile.first.items[AUTHOR_CASE]
    assert "image" not in item
    assert item["url"] == hostile.origin + AUTHOR_CASE
    assert "trap" in item["summary"] and not dangers(item["summary"])


# --- encodings --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", case_params([c for c in CASES if c.kind == "encodings"]))
def test_mojibake_prone_characters_arrive_intact_in_every_format(hostile: Hostile, slug: str):
    wanted = find_case(hostile, slug)
    item = hostile.first.items[wanted.path]
    assert item["title"] == wanted.title
    body = html.unescape(item["content_html"])
    assert "₹1,200" in body and "café" in body and "owners’" in body and "“enough”" in body
    for fmt in ("rss", "atom"):
        entry = next(e for e in hostile.first.parsed[fmt].entries if urlsplit(e.link).path == wanted.path)
        assert entry.title.endswith(MOJIBAKE_TITLE)
        assert "₹1,200" in html.unescape(entry.get("content", [{}])[0].get("value", "") or entry.summary)


# --- text that breaks XML or HTML --------------------------------------------------------------------


def test_ten_thousand_character_titles_are_cut_at_a_word_with_an_ellipsis(hostile: Hostile):
    item = hostile.first.items["/story/text/ten-thousand-char-title"]
    title = item["title"]
    assert 100 <= len(title) <= MAX_TITLE and title.endswith("…")
    assert title[:-1].split()[-1] in ("Long", "headline", "words")


def test_emoji_and_right_to_left_text_survive_in_every_format(hostile: Hostile):
    for slug in ("emoji", "rtl-marks"):
        wanted = find_case(hostile, slug)
        for fmt in ("rss", "atom"):
            assert wanted.title in [e.title for e in hostile.first.parsed[fmt].entries], (slug, fmt)


# --- names that attack the file system ----------------------------------------------------------------------


def _tag_feeds(run: Run) -> dict[str, dict[str, Any]]:
    return {f.path.stem: f.document() for f in run.feeds if f.path.parent.name == "tag" and f.is_json}


def test_every_file_lands_inside_the_feed_directory_with_a_plain_name(hostile: Hostile):
    root = hostile.workspace.feeds.resolve()
    for path in hostile.workspace.root.rglob("*"):
        assert not path.is_symlink(), path
    assert {p.name for p in hostile.workspace.root.iterdir()} <= {"data", "feeds", "index-first.html",
                                                                 "index-second.html"}
    for path in hostile.workspace.feeds.rglob("*"):
        assert path.resolve().is_relative_to(root), path
        if path.parent.name == "tag":
            assert len(path.name.encode()) <= 100 and path.name == path.name.lower(), path.name
            stem, _, suffix = path.name.rpartition(".")
            assert suffix in ("rss", "atom", "json", "html") and stem and stem.replace("-", "").isalnum(), path.name
    for dirpath, _, files in os.walk(hostile.workspace.feeds):
        assert Path(dirpath).resolve().is_relative_to(root)


def test_each_distinct_tag_name_gets_its_own_feed_and_nothing_is_overwritten(hostile: Hostile):
    feeds = _tag_feeds(hostile.first)
    by_key: dict[str, str] = {}
    for slug, document in feeds.items():
        name = document["title"].removeprefix(f"{SITE_TITLE}: ")
        assert name_key(name) not in by_key, (name, slug, by_key.get(name_key(name)))
        by_key[name_key(name)] = slug
    titles = {f"Tags that attack the file system, part {a.split('-')[1]}": tags for a, tags in NAME_ARTICLES.items()}
    for group in NAME_GROUPS:
        owners = {t for t, tags in titles.items() if any(n in tags for n in group)}
        matching = [s for s, d in feeds.items() if {i["title"] for i in d["items"]} & set(titles)
                    and _names_match(d["title"].removeprefix(f"{SITE_TITLE}: "), group)]
        assert len(matching) == 1, (group, matching)
        items = {i["title"] for i in feeds[matching[0]]["items"]}
        assert items == owners, (group, items)
    name_feeds = [s for s, d in feeds.items() if {i["title"] for i in d["items"]} <= set(titles)]
    assert len(name_feeds) == len(NAME_GROUPS)


def _names_match(display: str, group: tuple[str, ...]) -> bool:
    from newsfeeds.tags import clean_tag

    return any(name_key(display) == name_key(clean_tag(n)) for n in group)


def test_a_keyword_stuffed_page_gets_a_bounded_number_of_tags(hostile: Hostile):
    item = hostile.first.items["/story/names/keyword-stuffing"]
    assert set(item["tags"]) == {f"keyword {n}" for n in range(MAX_TAGS)}
    stuffed = [d for d in _tag_feeds(hostile.first).values() if d["title"].startswith(f"{SITE_TITLE}: keyword ")]
    assert len(stuffed) == MAX_TAGS


def test_names_that_are_no_name_at_all_get_no_feed(hostile: Hostile):
    from newsfeeds.tags import clean_tag

    assert all(not clean_tag(n) for n in NAMELESS)
    displays = [d["title"].removeprefix(f"{SITE_TITLE}: ") for d in _tag_feeds(hostile.first).values()]
    assert all(d.strip() for d in displays)
    assert not [d for d in displays if dangers(d)]


def test_index_lists_hostile_tag_names_as_inert_text(hostile: Hostile):
    index = hostile.first.index.decode("utf-8")
    assert "../../etc/passwd" in index
    assert "Bold tag" in index and "<b>Bold" not in index


# --- dates that lie -------------------------------------------------------------------------------------------


def test_the_profile_day_first_setting_decides_ambiguous_dates():
    from datetime import date, timezone

    now = datetime.fromisoformat(NOW)
    assert parse_date("03/04/2021", tz=timezone.utc, now=now, dayfirst=True).value == date(2021, 4, 3)
    assert parse_date("03/04/2021", tz=timezone.utc, now=now, dayfirst=False).value == date(2021, 3, 4)


# --- servers that misbehave, crawl boundaries -----------------------------------------------------------------


def test_the_first_run_never_contacts_another_host_or_follows_non_web_links(hostile: Hostile):
    run = hostile.first
    assert run.offsite_requests == []
    host = urlsplit(hostile.origin).netloc
    assert {seen.host for seen in run.requests} == {host}
    assert not [s.path for s in run.requests if "trap" in s.path or ":" in urlsplit(s.path).path]
    assert not [u for u in run.pending_urls if urlsplit(u).netloc != host]


def test_a_retried_article_that_now_redirects_off_site_is_not_followed(hostile: Hostile):
    assert hostile.second.offsite_requests == []
    host = urlsplit(hostile.origin).netloc
    assert not [u for u in hostile.second.pending_urls if urlsplit(u).netloc != host]


def test_every_request_carries_the_descriptive_user_agent(hostile: Hostile):
    agents = {seen.user_agent for run in (hostile.first, hostile.second) for seen in run.requests}
    assert agents == {PROJECT.USER_AGENT}


def test_concurrency_per_host_stays_within_the_setting(hostile: Hostile):
    for run in (hostile.first, hostile.second):
        assert 1 < run.max_in_flight <= PROJECT.CONCURRENT_REQUESTS_PER_DOMAIN


def test_politeness_defaults_are_on_for_real_sites():
    assert PROJECT.ROBOTSTXT_OBEY is True
    assert PROJECT.AUTOTHROTTLE_ENABLED is True
    assert PROJECT.DOWNLOAD_DELAY > 0
    assert 1 <= PROJECT.CONCURRENT_REQUESTS_PER_DOMAIN <= 8
    assert PROJECT.CONCURRENT_REQUESTS <= 32
    assert PROJECT.USER_AGENT.startswith("newsfeeds/") and "scrapy" not in PROJECT.USER_AGENT.lower()
    assert PROJECT.DOWNLOAD_MAXSIZE <= 16 * 1024 * 1024
    assert PROJECT.DOWNLOAD_TIMEOUT <= 60 and PROJECT.RETRY_TIMES <= 5 and PROJECT.REDIRECT_MAX_TIMES <= 10
