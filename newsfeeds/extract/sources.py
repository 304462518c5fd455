"""Machine-readable listing sources → article entries: news sitemaps and sitemap indexes (read with
Scrapy's sitemap support), robots.txt's Sitemap lines, and the site's own RSS/Atom (feedparser) or
JSON Feed. They change far less than listing markup, and an entry's own date, title and keywords
become one more layer for the article (newsfeeds.listing merges them)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from newsfeeds.dates import DateParseError, parse_date
from newsfeeds.items import ListingEntry
from newsfeeds.profiles import Profile, Source
from newsfeeds.urls import canonical_url, is_web_url, on_domains

NEWS_FIELDS = {"publication_date": "published", "title": "title", "keywords": "keywords"}
GZIP_MAGIC = b"\x1f\x8b"


@dataclass
class ListingDocument:
    """What one fetched sitemap, robots.txt or feed holds: article entries, or more sitemaps to read."""

    kind: str                      # "urlset", "sitemapindex", "robots", "feed" or "unreadable"
    entries: list[ListingEntry] = field(default_factory=list)
    sitemaps: list[tuple[str, str | None]] = field(default_factory=list)   # (url, lastmod)
    problem: str = ""


class _NewsSitemap(Sitemap):
    """Scrapy's Sitemap, also keeping the Google News extension (news:publication_date, news:title,
    news:keywords), which Scrapy's flat reading of each <url> drops."""

    def _process_sitemap_element(self, elem: etree._Element) -> dict[str, Any] | None:
        news: dict[str, str] = {}
        for child in elem:
            if self._get_tag_name(child) == "news":
                for item in child.iter():
                    name = self._get_tag_name(item)
                    if name in NEWS_FIELDS and item.text and item.text.strip():
                        news[NEWS_FIELDS[name]] = item.text.strip()
        found = super()._process_sitemap_element(elem)
        if found is not None and news:
            found["news"] = news
        return found


def sitemap_body(body: bytes, max_size: int) -> bytes | None:
    """The XML of a sitemap response: gunzipped when it is a .xml.gz file, None when it is not XML."""
    if body[:2] == GZIP_MAGIC:
        try:
            body = gunzip(body, max_size=max_size)
        except Exception:  # truncated, corrupt or over the size limit: not a usable sitemap
            return None
    head = body[:512].lstrip().lower()
    return body if head.startswith((b"<?xml", b"<urlset", b"<sitemapindex", b"\xef\xbb\xbf<")) else None


def read_sitemap(body: bytes, url: str, max_size: int) -> ListingDocument:
    """A sitemap index's child sitemaps or a urlset's article entries (news fields included)."""
    if urlsplit(url).path.endswith("/robots.txt"):
        return ListingDocument("robots", sitemaps=[(u, None) for u in sitemap_urls_from_robots(body, base_url=url)])
    xml = sitemap_body(body, max_size)
    if xml is None:
        return ListingDocument("unreadable", problem="not a sitemap (no XML urlset or sitemapindex)")
    try:
        sitemap = _NewsSitemap(xml)
        items = list(sitemap)
    except (etree.XMLSyntaxError, StopIteration) as exc:
        return ListingDocument("unreadable", problem=f"not readable as XML ({exc})")
    if sitemap.type == "sitemapindex":
        return ListingDocument("sitemapindex", sitemaps=[(urljoin(url, d["loc"]), d.get("lastmod")) for d in items])
    if sitemap.type != "urlset":
        return ListingDocument("unreadable", problem=f"root element is <{sitemap.type}>, not <urlset> or <sitemapindex>")
    entries = []
    for item in items:
        news = item.get("news", {})
        entries.append(ListingEntry(
            url=urljoin(url, item["loc"]), layer="sitemap:news" if news else "sitemap",
            title=news.get("title"), published=news.get("published"), modified=item.get("lastmod") or None,
            keywords=[k.strip() for k in news.get("keywords", "").split(",") if k.strip()],
        ))
    return ListingDocument("urlset", entries=entries)


def read_feed(body: bytes, url: str, content_type: str = "") -> ListingDocument:
    """The entries of an RSS, Atom (feedparser) or JSON Feed document."""
    stripped = body.lstrip()[:1]
    if "json" in content_type.lower() or stripped in (b"{", b"["):
        return _read_json_feed(body, url)
    import feedparser  # imported here: only runs that read a feed pay for it

    parsed = feedparser.parse(body, response_headers={"content-location": url, "content-type": content_type or "application/xml"},
                              sanitize_html=False)
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception") or "no RSS or Atom root element"
        return ListingDocument("unreadable", problem=f"not a feed ({reason})")
    entries = []
    for entry in parsed.entries:
        link = entry.get("link") or next((l.get("href") for l in entry.get("links", []) if l.get("href")), None)
        if not link and is_web_url(entry.get("id") or ""):
            link = entry.get("id")
        if not link:
            continue
        entries.append(ListingEntry(
            url=urljoin(url, link), layer=f"feed:{'atom' if str(parsed.get('version', '')).startswith('atom') else 'rss'}",
            title=entry.get("title") or None, published=entry.get("published") or None,
            modified=entry.get("updated") or None,
            keywords=[t.get("term") or t.get("label") for t in entry.get("tags", []) if t.get("term") or t.get("label")],
            author=entry.get("author") or None, summary=entry.get("summary") or None,
        ))
    return ListingDocument("feed", entries=entries)


def _read_json_feed(body: bytes, url: str) -> ListingDocument:
    """JSON Feed 1.0/1.1 (jsonfeed.org): a few documented keys, read with the standard library."""
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        return ListingDocument("unreadable", problem=f"not valid JSON ({exc})")
    if not isinstance(data, dict) or not str(data.get("version", "")).startswith("https://jsonfeed.org/version/"):
        return ListingDocument("unreadable", problem="JSON, but not a JSON Feed (no jsonfeed.org version)")
    entries = []
    for item in data.get("items") or []:
        if not isinstance(item, dict):
            continue
        link = item.get("url") or (item.get("id") if is_web_url(str(item.get("id") or "")) else None)
        if not isinstance(link, str) or not link:
            continue
        authors = item.get("authors") or ([item["author"]] if isinstance(item.get("author"), dict) else [])
        names = [str(a["name"]) for a in authors if isinstance(a, dict) and a.get("name")]
        entries.append(ListingEntry(
            url=urljoin(url, link), layer="feed:json", title=_text(item.get("title")),
            published=_text(item.get("date_published")), modified=_text(item.get("date_modified")),
            keywords=[t for t in item.get("tags") or [] if isinstance(t, str) and t.strip()],
            author=", ".join(names) or None, summary=_text(item.get("summary")),
        ))
    return ListingDocument("feed", entries=entries)


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def select_entries(entries: list[ListingEntry], source: Source, profile: Profile, now: datetime) -> list[ListingEntry]:
    """The entries a crawl takes from a source: on the site, matching the source's `match` and not the
    profile's `links.exclude`, each URL once, newest first where dated, at most `limit`."""
    matches = [re.compile(p) for p in source.match]
    excludes = profile.compiled_exclude_patterns()
    start_urls = {canonical_url(s.url) for s in profile.sections} | {canonical_url(profile.url)}
    chosen: dict[str, ListingEntry] = {}
    for entry in entries:
        if not is_web_url(entry.url) or not on_domains(entry.url, profile.allowed_domains):
            continue
        url = canonical_url(entry.url)
        parts = urlsplit(url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        if url in chosen or url in start_urls or any(p.search(target) for p in excludes):
            continue
        if matches and not any(p.search(target) for p in matches):
            continue
        entry.url = url
        chosen[url] = entry
    dated = [(entry_time(e, profile, now), i, e) for i, e in enumerate(chosen.values())]
    dated.sort(key=lambda t: (t[0] is None, -(t[0] or 0.0), t[1]))
    return [e for _, _, e in dated[:source.limit]]


def entry_time(entry: ListingEntry, profile: Profile, now: datetime) -> float | None:
    """An entry's publication (else modification) time as a POSIX timestamp, for ordering."""
    for raw in (entry.published, entry.modified):
        if not raw:
            continue
        try:
            parsed = parse_date(raw, tz=profile.tz, now=now, dayfirst=profile.dayfirst, formats=profile.date_formats)
        except DateParseError:
            continue
        return parsed.instant(profile.tz).timestamp()
    return None


def newest_sitemaps(sitemaps: list[tuple[str, str | None]], source: Source, profile: Profile, now: datetime,
                    count: int) -> list[str]:
    """The child sitemaps worth reading: matching `follow`, on the site, the most recently changed first."""
    follow = [re.compile(p) for p in source.follow]
    usable = [(u, m) for u, m in sitemaps if is_web_url(u) and on_domains(u, profile.allowed_domains)
              and (not follow or any(p.search(u) for p in follow))]
    entries = [ListingEntry(url=u, layer="sitemap", modified=m) for u, m in usable]
    timed = [(entry_time(e, profile, now), i, e.url) for i, e in enumerate(entries)]
    timed.sort(key=lambda t: (t[0] is None, -(t[0] or 0.0), t[1]))
    return [u for _, _, u in timed[:count]]
