"""Site profiles: the documented example loads, and every mistake names the file, the key and the fix."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from newsfeeds.profiles import GENERIC_NAME, ProfileError, find_profile, generic_profile, load_profile, parse_profile

ROOT = Path(__file__).resolve().parent.parent
SITES = ROOT / "sites"
MINIMAL: dict[str, Any] = {
    "name": "minimal",
    "url": "https://news.example.com/",
    "timezone": "Europe/Paris",
    "sections": [{"name": "World", "url": "https://news.example.com/world/"}],
}


def mistake(**changes: Any) -> ProfileError:
    data = {**MINIMAL, **changes}
    data = {k: v for k, v in data.items() if v is not None}
    with pytest.raises(ProfileError) as caught:
        parse_profile(data, source="sites/minimal.toml")
    return caught.value


def test_every_bundled_profile_loads() -> None:
    for path in SITES.glob("*.toml"):
        profile = load_profile(path)
        assert profile.sections and profile.timezone


def test_the_example_documents_every_top_level_key() -> None:
    text = (SITES / "EXAMPLE.toml").read_text(encoding="utf-8")
    profile = load_profile(SITES / "EXAMPLE.toml")
    assert profile.name == "example"
    for key in ("name", "title", "description", "url", "language", "timezone", "dayfirst", "date_formats",
                "allowed_domains", "[[sections]]", "[links]", "pattern", "exclude", "article", "next", "max_pages",
                "[fields.", "when", "[boilerplate]", "css", "text"):
        assert key in text, key
    assert profile.fields and profile.boilerplate_css and profile.boilerplate_text


def test_a_minimal_profile_needs_four_things() -> None:
    profile = parse_profile(MINIMAL, source="minimal.toml")
    assert profile.title == "minimal"
    assert profile.allowed_domains == ("news.example.com",)
    assert profile.sections[0].slug == "world"
    assert not profile.timezone_assumed


@pytest.mark.parametrize(("changes", "key", "fix"), [
    ({"timezone": None}, "timezone", 'timezone = "Europe/London"'),
    ({"timezone": "IST"}, "timezone", "Asia/Kolkata"),
    ({"timezone": "Europe/Pari"}, "timezone", "Europe/Paris"),
    ({"url": "news.example.com"}, "url", "https://host/path"),
    ({"url": None}, "url", "url = "),
    ({"name": "My Site"}, "name", "lower-case"),
    ({"sections": None}, "sections", "[[sections]]"),
    ({"sections": {"name": "World", "url": "https://news.example.com/world/"}}, "sections", "two brackets"),
    ({"sections": [{"name": "World", "url": "https://elsewhere.example/"}], "allowed_domains": ["news.example.com"]},
     "sections[0].url", "allowed_domains"),
    ({"sections": [{"name": "World", "url": "https://news.example.com/w", "sulg": "w"}]}, "sections[0].sulg", "'slug'"),
    ({"sections": [{"name": "A", "url": "https://news.example.com/a"}, {"name": "A", "url": "https://news.example.com/b"}]},
     "sections[1].slug", "own slug"),
    ({"timzone": "UTC"}, "timzone", "Did you mean 'timezone'?"),
    ({"link": {"pattern": "/news/"}}, "link", "Did you mean 'links'?"),
    ({"links": {"patern": "/news/"}}, "links.patern", "Did you mean 'pattern'?"),
    ({"links": {"pattern": "/news/(["}}, "links.pattern", ""),
    ({"links": {"pattern": "https://news.example.com/news/"}}, "links.pattern", "path"),
    ({"links": {"next": "a[rel=next"}}, "links.next", "dev tools"),
    ({"links": {"max_pages": 0}}, "links.max_pages", ""),
    ({"links": "a.story"}, "links", "[links]"),
    ({"fields": {"titel": "h1"}}, "fields.titel", "Did you mean 'title'?"),
    ({"fields": {"title": {"css": "h1", "when": "always"}}}, "fields.title.when", "'fallback'"),
    ({"fields": {"title": {"when": "first"}}}, "fields.title", "at least one selector"),
    ({"fields": {"date": {"xpath": "//time[@"}}}, "fields.date.xpath", ""),
    ({"fields": {"title": {"css": "h1", "selector": "h2"}}}, "fields.title.selector", "css, when, xpath"),
    ({"date_formats": ["%d %Q %Y"]}, "date_formats", "strptime"),
    ({"date_formats": ["19 March 2021"]}, "date_formats", "%d %B %Y"),
    ({"allowed_domains": ["https://news.example.com/"]}, "allowed_domains[0]", "'news.example.com'"),
    ({"dayfirst": "yes"}, "dayfirst", ""),
    ({"boilerplate": {"texts": ["Support us"]}}, "boilerplate.texts", "'text'"),
])
def test_mistakes_name_the_file_the_key_and_the_fix(changes: dict[str, Any], key: str, fix: str) -> None:
    error = mistake(**changes)
    assert error.source == "sites/minimal.toml"
    assert error.key == key, str(error)
    assert str(error).startswith(f"sites/minimal.toml: {key}: ")
    assert fix in str(error), str(error)


def test_toml_syntax_errors_name_the_file_and_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text('name = "broken"\nurl = "https://example.com/\n', encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    assert str(path) in str(caught.value) and "line 2" in str(caught.value)


def test_a_missing_profile_lists_the_available_names(tmp_path: Path) -> None:
    (tmp_path / "one.toml").write_text("", encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        find_profile("two", tmp_path)
    assert "one" in str(caught.value)
    assert find_profile("example", SITES) == SITES / "EXAMPLE.toml"
    assert find_profile("indiablooms", SITES) == SITES / "indiablooms.toml"


def test_the_generic_profile_reads_any_page() -> None:
    profile = generic_profile("https://www.example.co.uk/2024/05/17/story/")
    assert profile.name == GENERIC_NAME
    assert profile.timezone == "UTC" and profile.timezone_assumed
    assert profile.allowed_domains == ("www.example.co.uk",)
    zoned = generic_profile("https://www.example.co.uk/story", "Europe/London")
    assert zoned.timezone == "Europe/London" and not zoned.timezone_assumed
    with pytest.raises(ProfileError) as caught:
        generic_profile("https://www.example.co.uk/story", "BST")
    assert "Europe/London" in str(caught.value)


def test_a_crawl_with_a_broken_profile_stops_with_the_message_and_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "typo.toml"
    path.write_text('name = "typo"\nurl = "https://news.example.com/"\ntimezone = "Europe/Paris"\n'
                    '[[sections]]\nname = "World"\nurl = "https://news.example.com/world/"\n[links]\npatern = "/news/"\n',
                    encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "site", "-a", f"profile={path}",
                           "-s", f"NEWSFEEDS_DATA_DIR={tmp_path}"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr[-2000:]
    assert f"{path}: links.patern: unknown key. Did you mean 'pattern'?" in done.stderr
