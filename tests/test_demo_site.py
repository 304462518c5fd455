"""The bundled demo site serves what the crawler is written against, with the promised variety."""

from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from email.message import Message
from email.utils import format_datetime, parsedate_to_datetime
from html import unescape
from pathlib import Path

import pytest

from newsfeeds.demo import ARTICLES, SECTIONS, DemoArticle, DemoServer, article_path
from newsfeeds.demo.pages import header_clock
from newsfeeds.demo.site import IST, PER_PAGE, DemoSite

ROOT = Path(__file__).resolve().parents[1]
KEY_SLUG = "russia-us-hold-talks-on-arms-control"
REQUIRED_TAGS = {
    "Russia", "US", "China", "Cricket", "Economy", "Bollywood", "Climate", "Covid-19", "Kolkata",
    "Stock Market", "Vaccine", "Elections", "Café Culture", "भारत",
}
CLOCK = re.compile(
    r'<div class="header-clock">(January|February|March|April|May|June|July|August|September|October|'
    r"November|December) \d{1,2}, \d{4} \d{2}:\d{2} [ap]m \(IST\)</div>"
)
NEXT_LINK = re.compile(r'<a class="next" rel="next" href="([^"]+)">Next</a>')
ENTRY_LINK = re.compile(r'<h2 class="news-title"><a href="([^"]+)">')

_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class Page:
    """One HTTP response, read fully."""

    def __init__(self, status: int, headers: Message, body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def fetch(base: str, path: str, headers: dict[str, str] | None = None) -> Page:
    """GET a path from a server, returning error statuses instead of raising."""
    request = urllib.request.Request(base.rstrip("/") + path, headers=headers or {})
    try:
        with _opener.open(request, timeout=10) as response:
            return Page(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        with error:
            return Page(error.code, error.headers, error.read())


def inner_text(html: str, css_class: str) -> str:
    """The tag-stripped text of the first div with a class, whitespace collapsed."""
    match = re.search(rf'<div class="{css_class}">(.*?)</div>', html, re.S)
    assert match, f"no div.{css_class}"
    return " ".join(unescape(re.sub(r"<[^>]+>", "", match.group(1))).split())


def byline_moment(byline: str) -> datetime | date | None:
    """Read a printed byline date the way a crawler should, for checking the data's own answers."""
    text = byline.removeprefix("Updated: ")
    for pattern in ("%b %d, %Y, at %I:%M %p", "%B %d, %Y %I:%M %p"):
        try:
            return datetime.strptime(text, pattern).replace(tzinfo=IST)
        except ValueError:
            pass
    try:
        return datetime.strptime(text, "%d %b %Y").date()
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def byline_format(byline: str) -> str:
    """Name the printed form of a byline date."""
    forms = (
        ("updated", r"Updated: \w{3} \d{1,2}, \d{4}, at \d{2}:\d{2} [ap]m"),
        ("short", r"\w{3} \d{1,2}, \d{4}, at \d{2}:\d{2} [ap]m"),
        ("long", r"[A-Z][a-z]+ \d{1,2}, \d{4} \d{2}:\d{2} [AP]M"),
        ("date-only", r"\d{1,2} \w{3} \d{4}"),
        ("iso", r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+05:30"),
        ("hours-ago", r"\d+ hours? ago"),
        ("yesterday", r"Yesterday"),
    )
    return next(name for name, pattern in forms if re.fullmatch(pattern, byline))


@pytest.fixture(scope="module")
def server() -> Iterator[DemoServer]:
    with DemoServer() as running:
        yield running


def test_catalogue_has_the_promised_variety() -> None:
    assert len(ARTICLES) >= 44
    assert len({a.id for a in ARTICLES}) == len({a.slug for a in ARTICLES}) == len(ARTICLES)
    assert len({article_path(a) for a in ARTICLES}) == len(ARTICLES)
    assert list(SECTIONS) == ["world", "news", "finance", "sports", "showbiz", "health", "life"]
    assert SECTIONS["news"] == "India"
    primary = Counter(a.section for a in ARTICLES)
    assert all(primary[key] >= 5 for key in SECTIONS), primary

    tags = {t for a in ARTICLES for t in a.tags}
    assert REQUIRED_TAGS <= tags
    assert len({t.casefold() for t in tags}) >= 14
    assert "cricket" in tags and "Cricket" in tags
    assert all(1 <= len(a.tags) <= 4 for a in ARTICLES)
    assert all(3 <= len(a.paragraphs) <= 6 for a in ARTICLES)
    assert sum(1 for a in ARTICLES if a.also_in) >= 8
    assert all(a.section not in a.also_in for a in ARTICLES)

    styles = Counter(a.url_style for a in ARTICLES)
    assert styles["news-details"] >= 3 and styles["life-details"] >= 3
    assert styles["details"] > len(ARTICLES) / 2

    markups = Counter(a.markup for a in ARTICLES)
    assert set(markups) == {"jsonld", "opengraph", "time", "plain"}
    assert min(markups.values()) >= len(ARTICLES) // 6, markups
    assert any(a.jsonld_graph for a in ARTICLES) and any(
        a.markup == "jsonld" and not a.jsonld_graph for a in ARTICLES
    )

    formats = Counter(byline_format(a.byline_date) for a in ARTICLES)
    assert set(formats) == {"short", "long", "date-only", "updated", "iso", "hours-ago", "yesterday"}
    assert formats["short"] > len(ARTICLES) / 2
    assert formats["hours-ago"] <= 2 and formats["yesterday"] <= 2
    assert any(a.author for a in ARTICLES) and sum(1 for a in ARTICLES if not a.author) > len(ARTICLES) / 2


def test_expected_dates_match_the_printed_bylines() -> None:
    years = set()
    for article in ARTICLES:
        printed = byline_moment(article.byline_date)
        if article.expected_published is None:
            assert printed is None and article.markup == "plain", article.slug
            continue
        if "T" in article.expected_published:
            expected: datetime | date = datetime.fromisoformat(article.expected_published)
            assert expected.utcoffset() == timedelta(hours=5, minutes=30)
        else:
            expected = date.fromisoformat(article.expected_published)
        assert printed == expected, article.slug
        moment = expected if isinstance(expected, date) and not isinstance(expected, datetime) else expected.date()
        assert date(2021, 1, 1) <= moment <= date(2026, 11, 27), article.slug
        years.add(moment.year)
        if article.expected_modified:
            assert article.markup in ("jsonld", "opengraph")
            assert datetime.fromisoformat(article.expected_modified) > datetime.fromisoformat(article.expected_published)
    assert years == {2021, 2022, 2023, 2024, 2025, 2026}


def test_every_article_page_has_the_site_chrome(server: DemoServer) -> None:
    for article in ARTICLES:
        page = fetch(server.url, article_path(article))
        html = page.text
        assert page.status == 200, article.slug
        assert page.headers["Content-Type"] == "text/html; charset=utf-8"
        assert page.headers["Last-Modified"] and "ETag" not in page.headers
        assert CLOCK.search(html), article.slug
        ticker = inner_text(html, "breaking-news")
        assert ticker.startswith("Breaking ") and " | " in ticker and article.title not in ticker
        assert inner_text(html, "tags") == " | ".join(article.tags)
        assert '<h1 class="headline">' in html and article.title in unescape(html)
        assert f"<title>{article.title} | Indiablooms</title>" in unescape(html)
        byline = inner_text(html, "byline")
        assert byline == f"{article.author} | @indiablooms | {article.byline_date}".strip()
        assert f"<p><strong>{article.dateline}</strong> " in html
        assert "Support Our Journalism" in html and "our mission" in html
        related = re.search(r'<div class="related">.*?</ul></div>', html, re.S)
        assert related and related.group(0).count("<li>") == 3
        order = [html.index(marker) for marker in (
            'class="header-clock"', 'class="breaking-news"', 'class="tags"', "<h1", 'class="byline"',
            'class="story-body"', 'class="about-ibns"', 'class="related"', "<footer",
        )]
        assert order == sorted(order), article.slug
        if article.image:
            assert f'"{article.image}"' in html
        assert ("<link rel=\"canonical\"" in html) == article.canonical


def test_page_metadata_agrees_with_the_byline(server: DemoServer) -> None:
    for article in ARTICLES:
        html = fetch(server.url, article_path(article)).text
        has_jsonld = "application/ld+json" in html
        has_og = 'property="article:published_time"' in html
        has_time = "<time " in html
        assert (has_jsonld, has_og, has_time) == (
            article.markup == "jsonld", article.markup == "opengraph", article.markup == "time",
        ), article.slug
        if article.markup == "jsonld":
            block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
            assert block
            data = json.loads(block.group(1))
            nodes = data["@graph"] if "@graph" in data else [data]
            news = next(n for n in nodes if n["@type"] == "NewsArticle")
            assert news["datePublished"] == article.expected_published
            assert news["dateModified"] == (article.expected_modified or article.expected_published)
            assert news["headline"] == article.title
            keywords = news["keywords"] if isinstance(news["keywords"], list) else news["keywords"].split(", ")
            assert keywords == list(article.tags)
            assert news["articleSection"] == SECTIONS[article.section]
        if article.markup == "opengraph":
            metas = re.findall(r'<meta property="([^"]+)" content="([^"]*)">', html)
            values = [(name, unescape(value)) for name, value in metas]
            assert ("article:published_time", article.expected_published) in values
            assert ("og:title", f"{article.title} | Indiablooms") in values
            assert [v for n, v in values if n == "article:tag"] == list(article.tags)
        if article.markup == "time":
            assert f'<time datetime="{article.expected_published}">' in html


def test_key_article_is_served_as_described(server: DemoServer) -> None:
    article = next(a for a in ARTICLES if a.slug == KEY_SLUG)
    assert (article.section, article.tags, article.markup) == ("world", ("Russia", "US"), "plain")
    assert article.expected_published == "2021-03-19T00:47:00+05:30"
    html = fetch(server.url, f"/world/{KEY_SLUG}/details").text
    assert '<div class="tags"><a href="/tag/russia">Russia</a> | <a href="/tag/us">US</a></div>' in html
    assert '<div class="byline"><span class="author"></span> | @indiablooms | Mar 19, 2021, at 12:47 am</div>' in html
    assert "<p><strong>Moscow/UNI/IBNS:</strong>" in html
    assert "application/ld+json" not in html and "<time" not in html and "og:" not in html


def test_header_clock_shows_serving_time_in_ist() -> None:
    moment = datetime(2026, 2, 16, 18, 33, tzinfo=timezone.utc)
    assert header_clock(moment) == "February 17, 2026 12:03 am (IST)"


def test_section_pagination_reaches_every_listed_article(server: DemoServer) -> None:
    by_path = {article_path(a): a for a in ARTICLES}
    for section in SECTIONS:
        expected = [a for a in DemoSite().articles if section in (a.section, *a.also_in)]
        seen: list[DemoArticle] = []
        path: str | None = f"/{section}"
        pages = 0
        while path:
            page = fetch(server.url, path)
            assert page.status == 200, path
            links = ENTRY_LINK.findall(page.text)
            assert 1 <= len(links) <= PER_PAGE
            seen.extend(by_path[unescape(link).split("?")[0].split("#")[0]] for link in links)
            following = NEXT_LINK.search(page.text)
            path = unescape(following.group(1)) if following else None
            pages += 1
            if path:
                assert path == f"/{section}?page={pages + 1}"
        assert seen == expected, section
        assert pages == -(-len(expected) // PER_PAGE) >= 2
        last = fetch(server.url, f"/{section}?page={pages}").text
        assert 'rel="next"' not in last and 'rel="prev"' in last
        assert f'<span class="current">{pages}</span>' in last


def test_listing_links_with_tracking_junk_reach_the_clean_article(server: DemoServer) -> None:
    hrefs = [unescape(h) for s in SECTIONS for h in ENTRY_LINK.findall(fetch(server.url, f"/{s}").text)]
    junk = [h for h in hrefs if "utm_source=" in h]
    fragments = [h for h in hrefs if "#comments" in h]
    assert junk and fragments
    for href in junk:
        assert href.endswith("?utm_source=home&utm_medium=list")
        dirty, clean = fetch(server.url, href), fetch(server.url, href.split("?")[0])
        assert dirty.status == clean.status == 200
        assert inner_text(dirty.text, "story-body") == inner_text(clean.text, "story-body")


def test_home_and_tag_pages(server: DemoServer) -> None:
    home = fetch(server.url, "/")
    assert home.status == 200 and len(ENTRY_LINK.findall(home.text)) == 8
    cricket = fetch(server.url, "/tag/cricket").text
    listed = {unescape(h).split("?")[0].split("#")[0] for h in ENTRY_LINK.findall(cricket)}
    assert listed == {article_path(a) for a in ARTICLES if "cricket" in {t.casefold() for t in a.tags}}
    assert fetch(server.url, "/tag/caf%C3%A9-culture").status == 200
    assert fetch(server.url, "/tag/%E0%A4%AD%E0%A4%BE%E0%A4%B0%E0%A4%A4").status == 200
    assert fetch(server.url, "/tag/no-such-tag").status == 404


def test_conditional_listing_requests_get_304(server: DemoServer) -> None:
    first = fetch(server.url, "/world")
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert etag.startswith('W/"')
    again = fetch(server.url, "/world")
    assert again.headers["ETag"] == etag and again.body != b""
    assert fetch(server.url, "/world", {"If-None-Match": etag}).status == 304
    assert fetch(server.url, "/world", {"If-None-Match": 'W/"stale"'}).status == 200
    assert fetch(server.url, "/world", {"If-Modified-Since": modified}).status == 304
    older = format_datetime(parsedate_to_datetime(modified) - timedelta(seconds=1), usegmt=True)
    assert fetch(server.url, "/world", {"If-Modified-Since": older}).status == 200
    assert fetch(server.url, "/world?page=2", {"If-None-Match": etag}).status == 200
    article = fetch(server.url, f"/world/{KEY_SLUG}/details", {"If-None-Match": etag})
    assert article.status == 200


def test_publish_puts_a_new_article_on_page_one() -> None:
    template = next(a for a in ARTICLES if a.slug == KEY_SLUG)
    fresh = replace(
        template,
        id=99001,
        slug="demo-breaking-story-arrives",
        title="Demo breaking story arrives",
        byline_date="Nov 27, 2026, at 10:00 pm",
        expected_published="2026-11-27T22:00:00+05:30",
        also_in=("news",),
    )
    with DemoServer() as server:
        before = fetch(server.url, "/world")
        server.site.publish(fresh)
        after = fetch(server.url, "/world")
        assert after.headers["ETag"] != before.headers["ETag"]
        assert parsedate_to_datetime(after.headers["Last-Modified"]) > parsedate_to_datetime(
            before.headers["Last-Modified"]
        )
        assert fetch(server.url, "/world", {"If-None-Match": before.headers["ETag"]}).status == 200
        assert unescape(ENTRY_LINK.findall(after.text)[0]).split("?")[0].split("#")[0] == article_path(fresh)
        assert "/world/demo-breaking-story-arrives/details" in fetch(server.url, "/news").text
        page = fetch(server.url, article_path(fresh))
        assert page.status == 200 and "Demo breaking story arrives" in page.text
        with pytest.raises(ValueError, match="unknown section"):
            server.site.publish(replace(fresh, id=99002, section="politics"))


def test_unknown_paths_are_404(server: DemoServer) -> None:
    for path in ("/no-such-page", "/world?page=99", "/world?page=0", "/world?page=x",
                 "/world/no-such-story/details", "/news-details/W/1/nothing.html", "/admin/"):
        page = fetch(server.url, path)
        assert page.status == 404, path
        assert page.headers["Content-Type"] == "text/html; charset=utf-8"
        assert CLOCK.search(page.text)


def test_robots_images_and_feeds_json(server: DemoServer) -> None:
    robots = fetch(server.url, "/robots.txt")
    assert robots.status == 200 and "Disallow: /admin/" in robots.text and "User-agent: *" in robots.text
    first, second = fetch(server.url, "/images/a.jpg"), fetch(server.url, f"/images/{KEY_SLUG}.jpg")
    assert first.headers["Content-Type"] == "image/jpeg"
    assert first.body == second.body and first.body[:3] == b"\xff\xd8\xff" and first.body.endswith(b"\xff\xd9")
    feeds = json.loads(fetch(server.url, "/news/feeds.json").text)
    assert set(feeds) == {"news", "sports", "showbiz", "world", "finance", "health"}
    assert all(entry["url"].startswith(server.url) and entry["title"] for v in feeds.values() for entry in v)


def test_requests_are_recorded_with_their_query(server: DemoServer) -> None:
    fetch(server.url, "/sports?page=2")
    assert server.requests[-1] == "/sports?page=2"


def test_cli_falls_back_from_a_busy_port_and_exits_cleanly(tmp_path: Path) -> None:
    url_file = tmp_path / "url.txt"
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        busy = blocker.getsockname()[1]
        process = subprocess.Popen(
            [sys.executable, "-m", "newsfeeds.demo", "serve", "--port", str(busy), "--url-file", str(url_file)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        try:
            deadline = time.monotonic() + 15
            while not url_file.exists() and time.monotonic() < deadline:
                time.sleep(0.05)
            url = url_file.read_text(encoding="utf-8").strip()
            assert url.startswith("http://127.0.0.1:") and not url.endswith(f":{busy}/")
            assert fetch(url, "/world").status == 200
        finally:
            process.send_signal(signal.SIGTERM)
            stdout, stderr = process.communicate(timeout=15)
    assert process.returncode == 0
    assert stdout.strip() == f"Demo site: {url}"
    assert f"Port {busy}" in stderr and "busy" in stderr and "GET" not in stderr
