"""`scrapy check-site`: how a user writes a profile for a new site and an operator repairs one after a
redesign — per source and per field what was found and from which layer, what looks wrong, the fix."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from newsfeeds.demo.server import DemoServer
from newsfeeds.entrypoints.check_site import suggest_patterns
from tests.conftest import ROOT

WRONG = """name = "wrong"
url = "https://www.indiablooms.com/"
timezone = "Asia/Kolkata"
allowed_domains = ["indiablooms.com"]

[[sections]]
name = "World"
url = "https://www.indiablooms.com/world"
sources = [{ sitemap = "robots.txt", match = '^/world/' }]

[links]
pattern = ['^/story/\\d+$']        # the site's URLs look nothing like this

[fields.title]
css = "footer"                     # the same on every page
"""


def check_site(server: DemoServer, profile: str, *args: str) -> tuple[int, str, dict[str, Any]]:
    command = [sys.executable, "-m", "scrapy", "check-site", profile, "--site-url", server.url, *args]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    text = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env, timeout=240)
    data = subprocess.run([*command, "--json"], cwd=ROOT, capture_output=True, text=True, env=env, timeout=240)
    assert data.returncode == text.returncode, data.stderr[-2000:]
    return text.returncode, text.stdout, json.loads(data.stdout)


def test_the_demo_profile_checks_clean_and_shows_each_field_with_its_layer(demo_server):
    code, text, data = check_site(demo_server, "indiablooms", "--section", "World")
    assert code == 0, text
    assert data["problems"] == []
    html, sitemap = data["sources"]
    assert (html["kind"], html["status"], html["document"]) == ("html", "HTTP 200", "html") and html["links"]
    assert sitemap["fetched"][-2:] == [demo_server.url + "sitemap.xml", demo_server.url + "sitemap-news.xml"]
    assert all(e["title"] and e["published"] and e["keywords"] for e in sitemap["entries"])
    sample = html["articles"][0]
    assert sample["fields"]["title"] and sample["sources"]["title"]
    assert any(a["sources"].get("published") == "listing:sitemap:news" for a in sitemap["articles"])
    assert "published" in text and "from listing:sitemap:news" in text
    assert any("advertises the feed" in s and "/rss.xml" in s for s in data["suggestions"])


def test_a_wrong_profile_gets_its_problems_named_and_the_link_pattern_that_would_fix_it(demo_server, tmp_path: Path):
    profile = tmp_path / "wrong.toml"
    profile.write_text(WRONG, encoding="utf-8")
    code, text, data = check_site(demo_server, str(profile))
    assert code == 3
    problems = data["problems"]
    assert any("html" in p and "no article links" in p for p in problems)
    assert any("have the same title" in p and "fields.title" in p for p in problems)
    pattern = next(s for s in data["suggestions"] if "[links] pattern" in s)
    assert '["^/world/[^/]+/details$"]' in pattern and "links to articles the other sources list" in pattern
    assert "Problems (2):" in text and "Suggestions" in text


def test_after_a_redesign_it_says_the_listing_has_no_links_and_to_rely_on_the_sitemap(demo_server):
    demo_server.redesigned = True
    code, _, data = check_site(demo_server, "indiablooms", "--section", "World", "--articles", "0")
    assert code == 3
    assert data["problems"] == [f"html {demo_server.url}world: no article links (html; 0 listed)"]
    assert any("links to none of the" in s and "put the sitemap or feed source first" in s for s in data["suggestions"])


def test_dates_in_the_future_are_flagged(demo_server):
    # a clock set years back makes every date the site states lie in the future
    code, _, data = check_site(demo_server, "indiablooms", "--section", "World", "--articles", "0",
                               "-s", "NEWSFEEDS_NOW=2020-01-01T00:00:00+00:00")
    assert code == 3
    assert any("is dated in the future" in p for p in data["problems"])


def test_link_patterns_are_inferred_from_the_shapes_of_article_urls():
    urls = ["https://a.example/world/g20-talks/details", "https://a.example/news/polls-close/details",
            "https://a.example/world/trekking-permits/details", "https://a.example/news/bill-passes/details",
            "https://a.example/2024/05/17/triathlon-returns/", "https://a.example/2024/06/02/ferry-times/"]
    assert suggest_patterns(urls) == [r"^/(?:news|world)/[^/]+/details$", r"^/\d{4}/\d{2}/\d{2}/[^/]+/$"]
    assert suggest_patterns(["https://a.example/story/1.html"]) == []


def test_the_example_profile_checks_clean_on_the_second_demo_site():
    from newsfeeds.demo2.server import CourierServer

    with CourierServer() as server:
        command = [sys.executable, "-m", "scrapy", "check-site", "sites/EXAMPLE.toml", "--site-url", server.url,
                   "--articles", "1", "--json"]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=240,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
    data = json.loads(done.stdout)
    assert done.returncode == 0 and data["problems"] == []
    assert all(s["links"] and s["articles"][0]["fields"]["published"] for s in data["sources"])
