"""Tag names become feed files: readable, URL-safe, one file per distinct name, stable across runs."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from newsfeeds.store import ArticleInput, open_store, parse_location
from newsfeeds.tags import base_slug, unique_slug, unique_tags


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Russia", "russia"),
        ("US", "us"),
        ("Stock Market", "stock-market"),
        ("Covid-19", "covid-19"),
        ("  Kolkata  ", "kolkata"),
        ("Café Culture", "cafe-culture"),
        ("Pelé", "pele"),
        ("Москва", "moskva"),
        ("東京", "dongjing"),
        ("Ελλάδα", "ellada"),
        ("AT&T / T-Mobile", "at-t-t-mobile"),
    ],
)
def test_tag_slugs_are_readable_ascii(name, slug):
    assert base_slug(name) == slug


def test_devanagari_names_get_a_readable_slug():
    assert base_slug("भारत").isascii() and base_slug("भारत").startswith("bh")


@pytest.mark.parametrize("name", ["../../etc/passwd", "/", ".", "..", "CON", "nul", "a/b", "", "...", "index"])
def test_slugs_never_name_a_path_or_a_device(name):
    slug = base_slug(name)
    assert slug and "/" not in slug and slug not in (".", "..") and slug.lower() not in ("con", "nul", "index")
    assert all(c.isalnum() or c == "-" for c in slug)


def test_long_names_are_cut_at_a_word_and_stay_unique():
    one, two = "word " * 60 + "alpha", "word " * 60 + "beta"
    assert len(base_slug(one)) <= 80
    taken = {base_slug(one)}
    assert unique_slug(two, taken) != base_slug(one)


def test_tags_are_trimmed_and_deduplicated_case_insensitively_keeping_the_first_spelling():
    assert unique_tags([" Cricket ", "cricket", "CRICKET", "India", "", None, "india |"]) == ["Cricket", "India"]


def test_two_names_never_share_a_file_and_slugs_survive_later_runs(store_url):
    store = open_store(parse_location(store_url))
    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    tz = ZoneInfo("Asia/Kolkata")
    store.save_article(ArticleInput(site="s", key="//x/1", url="https://x/1", title="One", tags=("Pelé",)), now, tz)
    store.save_article(ArticleInput(site="s", key="//x/2", url="https://x/2", title="Two", tags=("Pele",)), now, tz)
    store.commit()
    slugs = dict(store.db.execute("SELECT name, slug FROM tags"))
    assert slugs["Pelé"] == "pele" and slugs["Pele"].startswith("pele-") and slugs["Pele"] != "pele"
    store.close()
    again = open_store(parse_location(store_url))
    again.save_article(ArticleInput(site="s", key="//x/3", url="https://x/3", title="Three", tags=("PELE",)), now, tz)
    again.commit()
    assert dict(again.db.execute("SELECT name, slug FROM tags")) == slugs
