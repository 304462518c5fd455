"""A new site from a minimal profile: name, url, timezone, sections and a link pattern — no selectors.

The Lakeside Courier (newsfeeds/demo2) is a WordPress-style site unlike the first demo; a real
`scrapy crawl site -a profile=...` must turn it into feeds whose titles, instants, tags and sections
match the site's ground truth.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from newsfeeds.demo2 import CATEGORIES, POSTS, CourierServer
from newsfeeds.profiles import load_profile
from newsfeeds.tags import name_key
from tests.conftest import CrawlResult, Workspace, run_crawl

MINIMAL_PROFILE = """\
name = "lakeside"
url = "https://www.lakesidecourier.example/"
timezone = "Europe/Zurich"

[[sections]]
name = "Politics"
url = "https://www.lakesidecourier.example/category/politics/"

[[sections]]
name = "Business"
url = "https://www.lakesidecourier.example/category/business/"

[[sections]]
name = "Culture"
url = "https://www.lakesidecourier.example/category/culture/"

[[sections]]
name = "Sport"
url = "https://www.lakesidecourier.example/category/sport/"

[links]
pattern = '^/\\d{4}/\\d{2}/\\d{2}/[^/]+/?$'
"""


@pytest.fixture(scope="module")
def lakeside(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[CourierServer, CrawlResult]]:
    root = tmp_path_factory.mktemp("lakeside")
    profile = root / "lakeside.toml"
    profile.write_text(MINIMAL_PROFILE, encoding="utf-8")
    with CourierServer() as server:
        result = run_crawl(server.url, Workspace(root), spider="site", spider_args={"profile": str(profile)},
                           settings={"NEWSFEEDS_NOW": "2024-05-24T08:00:00+00:00"})
        assert result.code == 0, result.output[-4000:]
        yield server, result


def items(result: CrawlResult, relative: str) -> dict[str, dict]:
    document = json.loads(result.feed(relative).read_text(encoding="utf-8"))
    return {item["title"]: item for item in document["items"]}


def test_the_profile_has_only_the_minimal_keys(tmp_path: Path) -> None:
    data = tomllib.loads(MINIMAL_PROFILE)
    assert set(data) == {"name", "url", "timezone", "sections", "links"}
    assert set(data["links"]) == {"pattern"}
    assert all(set(section) == {"name", "url"} for section in data["sections"])
    path = tmp_path / "lakeside.toml"
    path.write_text(MINIMAL_PROFILE, encoding="utf-8")
    profile = load_profile(path)
    assert not profile.fields and not profile.article_links and not profile.next_page and not profile.boilerplate_css


def test_every_post_is_in_the_site_feed_with_its_title_and_instant(lakeside) -> None:
    _, result = lakeside
    feed = items(result, "lakeside/all.json")
    assert set(feed) == {p.title for p in POSTS}
    for post in POSTS:
        published = datetime.fromisoformat(feed[post.title]["date_published"])
        if post.markup == "plain-date":
            assert published.date() == date.fromisoformat(post.expected_published), post.slug
        else:
            assert published == post.published, (post.slug, published, post.published)


def test_tags_are_the_posts_own_not_categories_or_the_tag_cloud(lakeside) -> None:
    _, result = lakeside
    feed = items(result, "lakeside/all.json")
    for post in POSTS:
        assert {name_key(t) for t in feed[post.title].get("tags", [])} == {name_key(t) for t in post.tags}, post.slug


def test_section_feeds_hold_exactly_their_categories_posts(lakeside) -> None:
    _, result = lakeside
    for slug, name in CATEGORIES.items():
        feed = items(result, f"lakeside/section/{slug}.json")
        assert set(feed) == {p.title for p in POSTS if slug in p.categories}, name


def test_the_crawl_followed_wordpress_pagination_and_left_the_sidebar_alone(lakeside) -> None:
    server, _ = lakeside
    assert "/category/politics/page/2/" in server.requests
    assert "/category/business/page/2/" in server.requests
    assert not any(path.startswith(("/tag/", "/author/")) for path in server.requests)


def test_article_bodies_leave_out_share_boxes_appeals_and_related_posts(lakeside) -> None:
    _, result = lakeside
    feed = items(result, "lakeside/all.json")
    for post in POSTS:
        body = feed[post.title]["content_html"]
        assert post.paragraphs[-1][:40] in body, post.slug
        assert "supporter" not in body and "Share this" not in body and "jp-relatedposts" not in body, post.slug


def test_the_example_profile_describes_the_same_site() -> None:
    profile = load_profile(Path(__file__).parent.parent / "sites" / "EXAMPLE.toml")
    assert profile.name == "example" and profile.timezone == "Europe/Zurich"
    assert {s.slug for s in profile.sections if s.in_feeds} == set(CATEGORIES)


def test_the_example_profile_crawls_the_demo_too(tmp_path: Path) -> None:
    with CourierServer() as server:
        result = run_crawl(server.url, Workspace(tmp_path), spider="site",
                           spider_args={"profile": str(Path(__file__).parent.parent / "sites" / "EXAMPLE.toml")},
                           settings={"NEWSFEEDS_NOW": "2024-05-24T08:00:00+00:00"})
    assert result.code == 0, result.output[-4000:]
    feed = items(result, "example/all.json")
    assert set(feed) == {p.title for p in POSTS}
