"""Generic extraction, piece by piece, and the `scrapy extract` command that measures it."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from datetime import date, datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from newsfeeds.commands.extract import extract_page, url_in_file
from newsfeeds.demo2 import POSTS, CourierServer
from newsfeeds.extract import dating
from newsfeeds.extract import metadata as md
from newsfeeds.extract.article import ArticlePage
from newsfeeds.extract.listing import ListingPage
from newsfeeds.extract.headline import same_title, strip_site_name
from newsfeeds.extract.zones import guess_zone
from newsfeeds.profiles import generic_profile, parse_profile

ROOT = Path(__file__).resolve().parent.parent
PAGES = Path(__file__).parent / "pages"
NOW = datetime(2026, 2, 17, 12, 0, tzinfo=timezone.utc)
UTC = timezone.utc
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def page(body: str, head: str = "", url: str = "https://news.example.com/world/story-about-things") -> ArticlePage:
    html = f"<html><head>{head}</head><body>{body}</body></html>"
    return ArticlePage(url, html, generic_profile(url), now=NOW)


def published(body: str, head: str = "", url: str = "https://news.example.com/world/story-about-things",
              tz: str | None = None) -> str | None:
    profile = generic_profile(url, tz)
    article = extract_page(url, f"<html><head>{head}</head><body>{body}</body></html>", profile, fetched_at=NOW)
    return article.published.isoformat() if article.published else None


# --- titles ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(("raw", "names", "expected"), [
    ("Port strike ends | Harbour Times", {"Harbour Times"}, "Port strike ends"),
    ("Harbour Times - Port strike ends", {"Harbour Times"}, "Port strike ends"),
    ("Port strike ends — Harbour Times Online", {"Harbour Times"}, "Port strike ends"),
    ("Port strike ends – The Harbour Times", {"harbourtimes.example", "harbourtimes"}, "Port strike ends"),
    ("Port strike ends | World | Harbour Times", {"Harbour Times"}, "Port strike ends | World"),
    ("New York - Times Square reopens | City Times", {"City Times", "Times"}, "New York - Times Square reopens"),
    ("Biden - a retrospective", {"Harbour Times"}, "Biden - a retrospective"),
])
def test_site_names_are_cut_from_titles(raw: str, names: set[str], expected: str) -> None:
    assert strip_site_name(raw, names) == expected


def test_a_section_segment_goes_with_the_site_name() -> None:
    assert strip_site_name("Port strike ends | World news | Harbour Times", {"Harbour Times"}, ["World news"]) == "Port strike ends"


def test_truncated_titles_match_their_full_form() -> None:
    assert same_title("Festival reveals a line-up of forty bands from…", "Festival reveals a line-up of forty bands from twelve countries")
    assert same_title("‘We walk,’ residents say", "'We walk,' residents say")
    assert not same_title("Festival reveals", "Festival reveals a line-up of forty bands")


def test_the_logo_h1_is_not_the_headline() -> None:
    extracted = page('<div class="top"><h1 class="site-title"><a href="/">Harbour Times</a></h1></div>'
                     '<div class="story"><h2 class="entry-title">Port strike ends</h2><p>Text of the story, long enough.</p></div>',
                     "<title>Port strike ends | Harbour Times</title>").field("title")
    assert extracted is not None and extracted.value == "Port strike ends"


def test_a_kicker_in_the_h1_is_dropped_when_the_metadata_confirms_the_rest() -> None:
    extracted = page('<article><h1><span class="kicker">Exclusive:</span> Port strike ends</h1></article>',
                     '<meta property="og:title" content="Port strike ends">').field("title")
    assert extracted is not None and (extracted.value, extracted.source) == ("Port strike ends", "h1")


# --- JSON-LD ----------------------------------------------------------------------------------------
def test_the_article_node_naming_this_url_wins_over_teasers() -> None:
    nodes = [
        {"@type": "NewsArticle", "url": "https://news.example.com/other", "headline": "Other", "datePublished": "2020-01-01"},
        {"@type": "NewsArticle", "mainEntityOfPage": {"@id": "https://news.example.com/this"}, "headline": "This"},
    ]
    assert md.pick_article(nodes, "https://news.example.com/this")["headline"] == "This"
    assert md.pick_article(nodes, "https://news.example.com/unknown", ["This"])["headline"] == "This"


def test_types_as_lists_urls_and_prefixes_are_articles() -> None:
    for kind in (["http://schema.org/NewsArticle"], "schema:ReportageNewsArticle", "https://schema.org/BlogPosting"):
        assert md.article_nodes([{"@type": kind}])


def test_a_broken_block_still_gives_its_dates() -> None:
    html = ('<html><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": "A \\"quoted\\" headline", '
            '"description": "unescaped "quotes" here", "datePublished": "2022-04-30T22:10:00+03:00",}</script></head></html>')
    from parsel import Selector

    nodes = md.jsonld_objects(Selector(text=html))
    assert nodes[0]["datePublished"] == "2022-04-30T22:10:00+03:00"
    assert nodes[0]["headline"] == 'A "quoted" headline'


# --- dates ------------------------------------------------------------------------------------------
def order(candidates: list[tuple[str, str]], **kwargs) -> list[tuple[str, str]]:
    return dating.order(candidates, tz=kwargs.pop("tz", UTC), now=NOW, **kwargs)


def test_a_date_only_value_gives_way_to_an_instant_on_the_same_day() -> None:
    ranked = order([("2022-08-14", "jsonld:datePublished"), ("August 14, 2022 at 3:20 pm", "byline")], tz=ZoneInfo("America/Chicago"))
    assert ranked[0] == ("August 14, 2022 at 3:20 pm", "byline")  # as the page wrote it: read the same later


def test_a_date_the_pages_country_reads_otherwise_is_restated_as_read() -> None:
    ranked = order([("04/03/2023 10:15", "byline")], dayfirst=True, read_later=False)
    assert ranked[0] == ("2023-03-04T10:15:00+00:00", "byline")
    assert order([("04/03/2023 10:15", "byline")], dayfirst=True)[0] == ("04/03/2023 10:15", "byline")


def test_an_instant_on_another_day_does_not_replace_a_date() -> None:
    ranked = order([("2022-08-14", "jsonld:datePublished"), ("2022-08-20T10:00:00Z", "time")])
    assert ranked[0] == ("2022-08-14", "jsonld:datePublished")


def test_a_time_without_offset_gives_way_to_the_same_moment_with_one() -> None:
    ranked = order([("2022-01-22T10:45:00", "jsonld:datePublished"), ("2022-01-22T10:45:00+01:00", "meta:article:published_time")])
    assert ranked[0][0] == "2022-01-22T10:45:00+01:00"


def test_the_generic_profile_reads_a_bare_time_in_the_offset_the_page_uses_elsewhere() -> None:
    ranked = order([("2022-01-22T10:45:00", "jsonld:datePublished"), ("modified:2022-01-25T08:00:00+01:00", "x"),
                    ("2022-01-25T08:00:00+01:00", "modified:meta:article:modified_time")], infer_offset=True)
    assert ranked[0] == ("2022-01-22T10:45:00+01:00", "jsonld:datePublished+page-offset")


@pytest.mark.parametrize(("url", "language", "locale", "zone"), [
    ("https://www.example.com/a", "de-CH", "", "Europe/Zurich"),
    ("https://www.example.com/a", "", "fr_FR", "Europe/Paris"),
    ("https://www.example.co.uk/a", "en", "", "Europe/London"),
    ("https://www.example.com/a", "en-GB", "en_GB", None),
    ("https://www.example.com/a", "en-US", "", None),
    ("https://www.example.com/a", "pt-BR", "", None),
    ("https://www.example.es/a", "es", "", "Europe/Madrid"),
    ("https://www.example.com/a", "es", "", None),
    ("https://www.example.com/a", "ja", "", "Asia/Tokyo"),
])
def test_the_zone_a_page_keeps_is_guessed_only_for_one_zone_countries(url: str, language: str, locale: str,
                                                                       zone: str | None) -> None:
    assert guess_zone(url, language, locale) == zone


def test_a_site_profile_zone_is_never_replaced_by_a_guess() -> None:
    body = '<html lang="de-AT"><body><article><h1>Story</h1><p class="date">19.03.2021, 12:47</p></article></body></html>'
    url = "https://news.example.com/a"
    profile = parse_profile({"name": "x", "url": url, "timezone": "Asia/Tokyo", "sections": [{"url": url}]})
    assert extract_page(url, body, profile, fetched_at=NOW).published.isoformat() == "2021-03-19T12:47:00+09:00"
    assert extract_page(url, body, generic_profile(url), fetched_at=NOW).published.isoformat() == "2021-03-19T12:47:00+01:00"


def test_weak_dates_that_contradict_the_url_are_dropped() -> None:
    ranked = order([("Posted March 3, 2019", "byline"), ("2021-03-19", "url")], url_day=date(2021, 3, 19))
    assert ranked == [("2021-03-19", "url")]


def test_the_modified_time_stands_in_only_when_nothing_else_is_stated() -> None:
    assert order([("2020-10-12", "url"), ("2020-10-12T19:05:00-04:00", "modified:meta:og:updated_time")],
                 url_day=date(2020, 10, 12))[0][1] == "modified:meta:og:updated_time"
    assert order([("2020-10-10T08:00:00Z", "time"), ("2020-10-12T19:05:00-04:00", "modified:meta:og:updated_time")])[0][1] == "time"


@pytest.mark.parametrize(("head", "body", "tz", "expected"), [
    ('<meta property="article:published_time" content="2021-03-19T12:47:00+0530">', "", None, "2021-03-19T12:47:00+05:30"),
    ('<meta property="article:published_time" content="2021-03-19T12:47:00-500">', "", None, "2021-03-19T12:47:00-05:00"),
    ('<meta property="article:published_time" content="2021-03-19T12:47:00Z">', "", None, "2021-03-19T12:47:00+00:00"),
    ('<meta property="article:published_time" content="2021-03-19T12:47">', "", "Asia/Kolkata", "2021-03-19T12:47:00+05:30"),
    ("", '<article><h1>Story</h1><div class="ts" data-timestamp="1616158020000">x</div></article>', None, "2021-03-19T12:47:00+00:00"),
    ("", "<article><h1>Story</h1><p class=\"date\">19. März 2021, 12:47 Uhr</p></article>", "Europe/Berlin", "2021-03-19T12:47:00+01:00"),
    ("", "<article><h1>Story</h1><p class=\"date\">publié le 19 mars 2021</p></article>", None, "2021-03-19"),
    ('<meta name="ptime" content="20210319124700">', "", "America/New_York", "2021-03-19T12:47:00-04:00"),
    ('<meta name="sailthru.date" content="2021-03-19 12:47:00">', "", "Europe/London", "2021-03-19T12:47:00+00:00"),
    ('<meta name="DC.date.issued" content="2021-03-19">', "", None, "2021-03-19"),
    ('<meta name="parsely-page" content=\'{"pub_date": "2021-03-19T12:47:00Z"}\'>', "", None, "2021-03-19T12:47:00+00:00"),
    ("", '<article><h1>Story</h1><abbr class="published" title="2021-03-19T12:47:00+01:00">19 March</abbr></article>', None,
     "2021-03-19T12:47:00+01:00"),
])
def test_dates_in_the_shapes_publishers_write_them(head: str, body: str, tz: str | None, expected: str) -> None:
    assert published(body, head, tz=tz) == expected


def test_published_wins_over_modified_whatever_the_order() -> None:
    head = ('<meta property="article:modified_time" content="2021-03-20T08:00:00Z">'
            '<meta property="article:published_time" content="2021-03-19T12:47:00Z">')
    body = '<article><h1>Story</h1><p>Updated: March 20, 2021 08:00 | Published: March 19, 2021 12:47</p></article>'
    assert published(body, head) == "2021-03-19T12:47:00+00:00"
    assert published(body.replace("Story", "Story only"), "") == "2021-03-19T12:47:00+00:00"


def test_the_time_near_the_headline_beats_an_earlier_related_one() -> None:
    body = ('<div class="latest"><time datetime="2026-02-16T09:00:00Z">Yesterday</time></div>'
            '<article><h1>Story</h1><div class="meta"><time datetime="2019-09-23T07:30:00-07:00">Sept 23</time></div></article>')
    assert published(body) == "2019-09-23T07:30:00-07:00"


def test_the_url_date_is_the_last_resort() -> None:
    assert published("<div><h1>Story</h1><p>No dates here at all, just words.</p></div>",
                     url="https://news.example.com/2021/03/19/story/") == "2021-03-19"
    assert published("<div><h1>Story</h1></div>", url="https://news.example.com/world/2021/mar/19/story") == "2021-03-19"


# --- listing pages of a WordPress-style site ------------------------------------------------------------
def test_a_wordpress_category_page_lists_its_posts_and_its_next_page() -> None:
    with CourierServer() as server:
        html = _opener.open(server.url + "category/politics/").read().decode("utf-8")
    profile = parse_profile({"name": "lakeside", "url": server.url, "timezone": "Europe/Zurich",
                             "sections": [{"name": "Politics", "url": server.url + "category/politics/"}],
                             "links": {"pattern": r"^/\d{4}/\d{2}/\d{2}/[^/]+/?$"}})
    listing = ListingPage(server.url + "category/politics/", html, profile)
    politics = [p for p in sorted(POSTS, key=lambda p: p.published, reverse=True) if "politics" in p.categories]
    assert listing.article_links() == [server.url.rstrip("/") + p.path.rstrip("/") for p in politics[:4]]
    assert listing.next_page() == server.url + "category/politics/page/2/"


# --- the command -------------------------------------------------------------------------------------
def scrapy_extract(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "scrapy", "extract", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def test_extract_prints_one_json_object_per_saved_page_with_its_sources() -> None:
    files = [PAGES / "jsonld-only" / "inputs" / "page.html", PAGES / "nyt-ptime" / "inputs" / "page.html"]
    done = scrapy_extract(str(files[0]), str(files[1]), "--url", "https://www.harbourtimes.example/world/2021/03/19/port-strike-ends/",
                          "--url", "https://www.gothamrecord.example/2021/03/19/nyregion/subway-line.html")
    assert done.returncode == 0, done.stderr
    first, second = (json.loads(line) for line in done.stdout.splitlines())
    assert set(first) >= {"url", "title", "published", "modified", "tags", "author", "section", "summary", "image", "sources"}
    assert first["title"] == "Port strike ends after nine days"
    assert first["published"] == "2021-03-19T09:15:00+01:00"
    assert first["sources"]["published"] == "jsonld:datePublished" and first["sources"]["title"] == "h1"
    assert second["published"] == "2021-03-19T12:47:00+00:00"
    assert second["sources"]["published"] == "meta:ptime+no-offset"  # the page states no offset anywhere: said, not hidden


def test_extract_takes_a_timezone_for_the_generic_profile() -> None:
    done = scrapy_extract(str(PAGES / "nyt-ptime" / "inputs" / "page.html"), "--timezone", "America/New_York")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["published"] == "2021-03-19T12:47:00-04:00"


def test_extract_uses_a_site_profile_by_name_or_path() -> None:
    saved = PAGES / "german-byline" / "inputs" / "page.html"
    for name in ("example", str(ROOT / "sites" / "EXAMPLE.toml")):
        done = scrapy_extract("--profile", name, str(saved), "--url", "https://www.lakesidecourier.example/2021/03/19/bruecke/")
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["published"] == "2021-03-19T12:47:00+01:00"


def test_extract_reads_the_page_url_from_its_canonical_link() -> None:
    html = (PAGES / "jsonld-graph-yoast" / "inputs" / "page.html").read_text(encoding="utf-8")
    assert url_in_file(html) == "https://blog.mountainpost.example/2022/07/04/pass-reopens/"


def test_extract_fetches_urls_with_scrapy() -> None:
    post = POSTS[0]
    with CourierServer() as server:
        done = scrapy_extract(server.url.rstrip("/") + post.path, server.url + "no-such-page/", "--site", "example")
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert done.returncode == 1, done.stderr
    assert lines[0]["title"] == post.title
    assert datetime.fromisoformat(lines[0]["published"]) == post.published
    assert sorted(lines[0]["tags"]) == sorted(post.tags)
    assert lines[1]["error"] == "HTTP 404"


def test_extract_reports_unreadable_files_and_usage_mistakes(tmp_path: Path) -> None:
    done = scrapy_extract(str(tmp_path / "missing.html"))
    assert done.returncode == 1
    assert "cannot read file" in json.loads(done.stdout)["error"]
    assert scrapy_extract().returncode == 2
    assert scrapy_extract("a.html", "b.html", "--url", "https://example.com/a").returncode == 2
    assert scrapy_extract("a.html", "--profile", "example", "--timezone", "UTC").returncode == 2
    bad_zone = scrapy_extract(str(PAGES / "offset-z" / "inputs" / "page.html"), "--timezone", "Mars/Olympus")
    assert bad_zone.returncode == 2 and "--timezone" in bad_zone.stderr


# --- bodies, headlines and encodings as a reader gets them -------------------------------------------
def test_extract_text_prints_the_story_as_paragraphs_without_the_page_around_it() -> None:
    saved = PAGES / "body-link-heavy-paragraph" / "inputs" / "page.html"
    done = scrapy_extract(str(saved), "--text", "--body", "--timezone", "Asia/Kolkata",
                          "--url", "https://www.indiablooms.com/news/relief-teams-reach-flooded-districts/details")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["text"].startswith("Guwahati/IBNS: Relief teams from the National Disaster Response Force")
    assert "@indiablooms" not in result["body"] and "Support Our Journalism" not in result["body"]
    assert 'href="https://www.indiablooms.com/tags/ndrf"' in result["body"]


def test_a_utf8_page_that_declares_another_charset_reads_as_utf8_in_extract_and_crawl_alike() -> None:
    saved = PAGES / "body-japanese-mislabelled" / "inputs" / "page.html"
    assert b'charset="Shift_JIS"' in saved.read_bytes()
    done = scrapy_extract(str(saved), "--text")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["title"] == "雪まつり、過去最多の来場者を記録"
    assert result["text"].startswith("市の発表によると")


def test_extract_normalizes_with_the_settings_rules() -> None:
    saved = PAGES / "jsonld-only" / "inputs" / "page.html"
    done = scrapy_extract(str(saved), "-s", "NEWSFEEDS_MAX_TITLE_LENGTH=12",
                          "--url", "https://www.harbourtimes.example/world/2021/03/19/port-strike-ends/")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["title"] == "Port strike…"


def test_a_headline_built_from_spans_reads_as_the_page_shows_it() -> None:
    fields = page('<article><h1><span>Exclusive</span><span>: </span><span>Port strike ends after nine days</span></h1>'
                  '<p>The strike ended on Friday when both sides signed the agreement.</p></article>').fields()
    assert fields.title == "Exclusive: Port strike ends after nine days"


def test_a_kicker_the_spans_lost_comes_back_from_the_pages_own_headline() -> None:
    fields = page('<article><h1><span class="kicker">Analysis</span><span>Why water bills rise again</span></h1></article>',
                  '<script type="application/ld+json">{"@type": "NewsArticle", '
                  '"headline": "Analysis: Why water bills rise again"}</script>').fields()
    assert fields.title == "Analysis: Why water bills rise again"


def test_a_short_story_keeps_every_paragraph_and_never_its_title_or_byline() -> None:
    fields = page('<header class="site"><nav><a href="/">Home</a></nav></header><article><h1>Ferry leaves later</h1>'
                  '<div class="byline">| @harbour | Jul 7, 2021, at 10:49 am</div>'
                  '<p>The last ferry will leave half an hour later from Monday.</p><p>Morning departures are unchanged.</p>'
                  '</article><footer><p>About us and our mission as a newsroom in the harbour town.</p></footer>').fields()
    assert fields.body is not None
    assert "half an hour later" in fields.body and "Morning departures are unchanged." in fields.body
    assert "Ferry leaves later" not in fields.body and "@harbour" not in fields.body and "About us" not in fields.body


_HARBOUR_STORY = ["The harbour board voted on Thursday to rebuild the north quay, which has been closed to lorries since a storm cracked its deck two winters ago.",
                  "Work starts in September and should take eighteen months; the fishing fleet will moor at the ferry pier meanwhile, and the ferry will use the old coal berth.",
                  "The board's engineer said the new deck would stand on steel piles driven into the bedrock rather than on the timber frame the Victorians built.",
                  "Fishermen welcomed the decision but asked for a written promise that the fish market could stay open through the works, which the board gave.",
                  "The quay's cost is to be shared between the port's own reserves, a loan from the regional bank and a grant the council applied for in the spring."]


def harbour_page() -> ArticlePage:
    paragraphs = "".join(f"<p>{p}</p>" for p in _HARBOUR_STORY)
    return page(f'<nav><a href="/">Home</a> <a href="/port">Port</a></nav><article><h1>North quay to be rebuilt</h1>{paragraphs}</article>'
                '<footer><p>The Quayside Gazette, published in the harbour town every week since 1902.</p></footer>')


def test_a_body_our_preparation_cut_to_a_line_gives_way_to_the_story_plain_trafilatura_finds() -> None:
    from newsfeeds.extract.fields.body import unless_lost
    from newsfeeds.extract.layers import Extracted

    lost = Extracted("<p>Newer entry</p><p>Older entry</p><p>Home</p>", "trafilatura")  # what a wrong rule could leave
    rescued = unless_lost(harbour_page(), lost)
    assert rescued is not None and rescued.source == "trafilatura:unprepared"
    assert all(p in rescued.value for p in _HARBOUR_STORY) and "Older entry" not in rescued.value
    assert "North quay to be rebuilt" not in rescued.value


def test_a_body_that_is_a_part_of_the_page_text_or_most_of_it_stands() -> None:
    from newsfeeds.extract.fields.body import unless_lost
    from newsfeeds.extract.layers import Extracted

    teaser = Extracted(f"<p>{_HARBOUR_STORY[0]}</p>", "trafilatura+jsonld-teaser")  # the rest hidden behind a paywall
    assert unless_lost(harbour_page(), teaser) is teaser
    whole = Extracted("".join(f"<p>{p}</p>" for p in _HARBOUR_STORY[:4]), "trafilatura")
    assert unless_lost(harbour_page(), whole) is whole  # not suspiciously short: no second extraction
    assert unless_lost(harbour_page(), None) is not None  # nothing found: the story plain trafilatura finds


def test_lazy_images_appear_with_their_real_absolute_source() -> None:
    article = extract_page("https://news.example.com/world/story-about-things",
                           '<html><body><article><h1>Glacier survey results</h1>'
                           '<p>A survey found that the glacier lost a tenth of its ice in two summers, researchers said.</p>'
                           '<figure><img src="data:image/gif;base64,R0lGOD" data-src="/img/glacier.jpg" alt="The glacier">'
                           '<figcaption>The glacier tongue in August.</figcaption></figure>'
                           '<p>The team will return in spring to install instruments on the ice and measure its flow.</p>'
                           '</article></body></html>', generic_profile("https://news.example.com/"), fetched_at=NOW)
    assert article.body is not None
    assert 'src="https://news.example.com/img/glacier.jpg"' in article.body
    assert "<figcaption>The glacier tongue in August.</figcaption>" in article.body


def test_a_site_name_both_titles_end_with_is_cut_though_the_page_names_itself_nowhere_else() -> None:
    extracted = page('<div class="content"><p>Text of the story is here and long enough to be a body for the page.</p></div>',
                     '<title>Port strike ends after nine days | Coastal Wire</title>'
                     '<meta property="og:title" content="Port strike ends after nine days | Coastal Wire">').field("title")
    assert extracted is not None and extracted.value == "Port strike ends after nine days"


@pytest.mark.parametrize(("text", "declared", "encoding", "expected"), [
    ("Bürgerrat für Öffnungszeiten", "iso-8859-1", "utf-8", "utf-8"),
    ("sanción de la comisión", "windows-1252", "utf-8", "utf-8"),
    ("雪まつり、過去最多", "Shift_JIS", "utf-8", "utf-8"),
    ("春节假期出行人数创新高", "GB2312", "utf-8", "utf-8"),
    ("春节假期出行人数创新高", "GB2312", "gb2312", "gb18030"),  # the supersets browsers read these as
    ("雪まつり、過去最多", "Shift_JIS", "shift_jis", "cp932"),
    ("La fête des vendanges déplacée", "iso-8859-1", "cp1252", "cp1252"),
    ("La fête des vendanges déplacée", "utf-8", "cp1252", "cp1252"),
])
def test_bytes_decide_when_they_contradict_the_declared_charset(text: str, declared: str, encoding: str,
                                                                expected: str) -> None:
    from newsfeeds.encoding import decode_html

    page = f'<html><head><meta charset="{declared}"></head><body><p>{text}</p></body></html>'.encode(encoding)
    decoded, used = decode_html(page)
    assert text in decoded and codecs_name(used) == codecs_name(expected)


def codecs_name(name: str) -> str:
    import codecs

    return codecs.lookup(name).name


def test_a_date_stated_only_far_down_the_text_is_found_and_a_copyright_year_is_not_a_day() -> None:
    story = "".join(f"<p>Paragraph {i} of a story about the harbour, long enough to read as text.</p>" for i in range(6))
    assert published(f"<article><h1>Harbour story</h1>{story}<p>Story published on Oct 5, 2022.</p></article>") == "2022-10-05"
    assert published(f"<article><h1>Harbour story</h1>{story}</article><footer>© 2024 The Harbour Times</footer>") is None


def test_the_lines_around_a_story_stay_out_of_its_body() -> None:
    story = ["The council approved the new ferry timetable on Tuesday after a long debate in the chamber.",
             "Boats will leave every forty minutes from June, and the last crossing moves to half past ten.",
             "Commuters who asked for the change said they would wait and see how the first weeks went."]
    body = (f'<p>By Jo Tran</p><p>Updated 12:47 IST, Mar 19, 2021</p>{"".join(f"<p>{p}</p>" for p in story)}'
            '<p>Enjoying our reporting? Subscribe to get it in your inbox every morning.</p>'
            '<p>Tags: ferries, council, harbour</p><p>© 2021 The Harbour Times</p><p>Other stories:</p>'
            '<p><a href="/a">Storm leaves thousands without power</a></p><p><a href="/b">Late goal settles the cup final</a></p>')
    fields = page(f"<article><h1>Ferry timetable approved</h1>{body}</article>").fields()
    assert fields.body is not None
    assert all(p in fields.body for p in story)
    for furniture in ("By Jo Tran", "Updated 12:47", "Subscribe", "Tags:", "©", "Other stories", "Storm leaves"):
        assert furniture not in fields.body, furniture


def test_a_roundup_whose_headings_link_to_products_keeps_its_items() -> None:
    review = "We tested it for two weeks of daily work: battery life, keyboard comfort and the screen. " * 5
    items = "".join(f'<div class="item"><h2><a href="https://shop.example/p{i}">Laptop number {i}</a></h2><p>{review}</p></div>'
                    for i in range(5))
    fields = page(f'<article><h1>The best laptops of the year</h1><p>We tested twenty laptops to find the five worth '
                  f'buying this year, from cheap to premium.</p><div class="roundup">{items}</div></article>'
                  '<section class="more"><ul>' + "".join(f'<li class="card"><a href="/news/{i}"><h3>Other story {i}</h3></a>'
                                                           f'<p>A teaser of another story.</p></li>' for i in range(4))
                  + '</ul></section>').fields()
    assert fields.body is not None
    assert all(f"Laptop number {i}" in fields.body for i in range(5))
    assert "Other story" not in fields.body and "teaser of another story" not in fields.body


def test_a_story_sentence_about_signing_up_is_not_an_appeal() -> None:
    from newsfeeds.extract.furniture import is_appeal

    assert not is_appeal("Residents can sign up for the program at city hall, officials told us on Monday.")
    assert not is_appeal("Subscribers to the service will pay more from July.")
    assert not is_appeal("Recommended doses were halved last year.")
    assert is_appeal("Advertisement") and is_appeal("Read more: Storm hits the coast")
    assert is_appeal("Enjoying this essay? Subscribe to get new posts in your inbox.")
    assert is_appeal("Sign up for our newsletter")


def test_an_author_bio_is_told_from_a_story_sentence_in_several_languages() -> None:
    from newsfeeds.extract.furniture import is_author_bio

    for bio in ("Dana Whitfield is a reporter at The Herald and writes about schools and housing.",
                "Lucía Carrasco es periodista de La Voz del Sur y escribe sobre agricultura.",
                "Jonas Berger ist Redakteur im Lokalressort der Nachrichten.",
                "Claire Dumoulin est journaliste au service Société depuis 2018.",
                "Marco Bianchi è giornalista e scrive di politica locale.",
                "Ana Souza é repórter do Jornal e cobre educação.",
                "Eva de Vries is verslaggever bij De Deltabode.",
                "Gabriel is a staff writer covering city hall for The Times."):
        assert is_author_bio(bio), bio
    for sentence in ("Smith is a former mayor who led the city for ten years.",
                     "The mayor is a journalist by training, she said.",
                     "She is a reporter at the local radio station.",
                     "Johnson, a reporter at the Post, said the story was true.",
                     "In 2019 the writer moved to Paris."):
        assert not is_author_bio(sentence), sentence


def test_appeals_for_support_are_told_by_their_call_to_action_not_one_phrase() -> None:
    from newsfeeds.extract.furniture import is_appeal_box, is_closing_appeal

    assert is_appeal_box("We cannot do without your support. Please contribute today. Give now",
                         [("https://news.example/support/?utm_source=article", "Give now", True)])
    assert is_appeal_box("Notre rédaction est indépendante. Si cet article vous a été utile, soutenez-nous. Je fais un don",
                         [("/soutenir?origine=article", "Je fais un don", True)])
    assert not is_appeal_box("The charity's appeal raised two million pounds in a month, its director said.",
                             [("/donate", "appeal", False)])
    assert is_appeal_box("Lokaljournalismus braucht Sie. Mit einem Beitrag sorgen Sie dafür, dass wir weiter berichten. "
                         "Jetzt Mitglied werden", [("/werde-teil-davon/", "Jetzt Mitglied werden", True)])
    assert is_closing_appeal("Per continuare abbiamo bisogno anche di te: il tuo contributo fa la differenza. Sostienici.")
    assert is_closing_appeal("We cannot do without your support. Reporting like this takes weeks. Please contribute today.")
    assert not is_closing_appeal("To donate to the food bank, you can visit its website or drop off cans at the library.")
    assert not is_closing_appeal("'We need your support to keep the shelter open,' the director said. Donations are welcome.")


def test_data_attributes_say_which_date_they_hold() -> None:
    body = ('<article><h1>Marina expansion approved</h1><time data-published="2022-11-03T07:45:00-05:00" '
            'data-updated="2022-11-03T11:20:00-05:00">5 hours ago</time></article>')
    assert published(body) == "2022-11-03T07:45:00-05:00"
    span = '<article><h1>Grain prices slip</h1><span data-publish-timestamp="1689002100"></span></article>'
    assert published(span) == "2023-07-10T15:15:00+00:00"


def test_the_label_before_a_time_says_whether_it_was_published_or_updated() -> None:
    body = ('<article><h1>Senate passes budget</h1><div>Published 6:08 PM ET Oct. 5, 2023</div>'
            '<div>Updated <time datetime="2023-10-05T19:41:00-04:00">7:41 PM ET Oct. 5, 2023</time></div></article>')
    assert published(body) == "2023-10-05T18:08:00-04:00"
    clock_only = ('<article><h1>Water main breaks</h1><p><span>Published 4:12 PM EST</span> <span>Updated '
                  '<time datetime="2024-01-16T21:05:00-05:00">9:05 PM EST, Tue January 16, 2024</time></span></p></article>')
    assert published(clock_only) == "2024-01-16T16:12:00-05:00"


def test_a_modified_or_reviewed_date_is_not_a_publication_date() -> None:
    assert dating.order([("2020-10-12T19:05:00-04:00", "modified:meta:og:updated_time")], tz=timezone.utc, now=NOW) == []
    head = '<meta property="og:updated_time" content="2023-03-03T10:00:00+00:00">'
    assert published("<article><h1>How to clean a kettle</h1><p>Last reviewed: 3 March 2023</p></article>", head) is None


def test_dates_in_a_list_of_other_stories_are_theirs() -> None:
    items = "".join(f'<li><a href="/news/{d}">Other story number {d}</a> <time datetime="2024-03-{d:02d}T08:00:00Z">'
                    f'{d} March 2024</time></li>' for d in (9, 11))
    assert published(f"<div><h1>Our history</h1><p>Founded in 1882.</p><ul>{items}</ul></div>") is None
