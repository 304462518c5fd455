"""The feed directory's front door: index.html for people, feeds.opml for feed readers, and feeds.css and
feeds.svg, the one stylesheet and icon of the index and of every feed's page.

index.html is a list of sections, each rendered by its own function (`_site_section`, ...), so another
kind of section is one more function and one more line in `render_index`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime, timezone
from html import escape
from importlib import resources
from itertools import groupby
from pathlib import Path
from urllib.parse import quote
from xml.sax.saxutils import quoteattr

from newsfeeds.feedpage import FORMAT_LABELS, ICON, MEDIA_TYPES, STYLESHEET
from newsfeeds.files import StagedWrites
from newsfeeds.html import xml_safe
from newsfeeds.store import FeedSummary, SQLiteStore

KIND_TITLES = {"all": "Everything", "custom": "Custom feeds", "section": "Sections", "tag": "Tags", "author": "Authors"}
KIND_ORDER = {kind: index for index, kind in enumerate(KIND_TITLES)}
ACROSS_SITES = "Across sites"
RETIRED = ("feed.xsl",)  # files earlier versions wrote at the top of the feed directory


def _path(summary: FeedSummary, fmt: str) -> str:
    if summary.kind == "all":
        return f"{summary.site}/all.{fmt}"
    if not summary.site:
        return f"{summary.kind}/{summary.slug}.{fmt}"
    return f"{summary.site}/{summary.kind}/{summary.slug}.{fmt}"


def _when(value: str | None) -> str:
    if not value:
        return ""
    return datetime.fromisoformat(value).astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


SiteInfo = dict[str, dict[str, str]]


def all_summaries(store: SQLiteStore) -> list[FeedSummary]:
    """Every feed the directory holds, by site ('' first: the feeds across sites), then kind, as listed."""
    summaries = list(store.feed_summaries())
    summaries += [FeedSummary(s.owner, "custom", s.slug, s.title, s.items, s.newest)
                  for s in store.custom_feed_states() if s.items]
    return sorted(summaries, key=lambda s: (s.site, KIND_ORDER[s.kind]))  # stable: keeps each kind's own order


def write_index(store: SQLiteStore, out_dir: Path, base_url: str, staged: StagedWrites) -> list[str]:
    """Write index.html, feeds.opml, feeds.css and feeds.svg when their content changed; returns what was written."""
    summaries = all_summaries(store)
    profiles: SiteInfo = {}
    for site in {s.site for s in summaries if s.site}:
        raw = store.get_meta(f"site:{site}")
        profiles[site] = json.loads(raw) if raw else {"title": site, "url": base_url}
    written = []
    for name, data in (("index.html", render_index(summaries, base_url, profiles)),
                       ("feeds.opml", render_opml(summaries, base_url, profiles)),
                       (STYLESHEET, _shipped(STYLESHEET)), (ICON, _shipped(ICON))):
        if staged.stage(out_dir / name, data):
            written.append(name)
    for name in RETIRED:
        (out_dir / name).unlink(missing_ok=True)
    return written


def _shipped(name: str) -> bytes:
    """The CSS and icon of index.html and of every feed's page (served from 'self': nothing inline)."""
    return resources.files("newsfeeds").joinpath(f"feedstyle/{name}").read_bytes()


def _site_title(site: str, profiles: SiteInfo) -> str:
    return profiles.get(site, {}).get("title", site) if site else ACROSS_SITES


def _feed_rows(feeds: Iterable[FeedSummary]) -> list[str]:
    """One table row per feed: its page, item count, last update and a link per format."""
    rows = []
    for feed in feeds:
        links = " · ".join(f'<a href="{escape(quote(_path(feed, fmt)))}" type="{MEDIA_TYPES[fmt]}">{label}</a>'
                           for fmt, label in FORMAT_LABELS)
        rows.append(f'<tr><td><a href="{escape(quote(_path(feed, "html")))}">{escape(xml_safe(feed.name))}</a></td>'
                    f'<td class="count">{feed.count}</td><td>{_when(feed.newest)}</td><td>{links}</td></tr>')
    return rows


def _site_section(site: str, feeds: list[FeedSummary], profiles: SiteInfo) -> list[str]:
    """A site's feeds (or the feeds across sites), one table per kind."""
    title = xml_safe(_site_title(site, profiles))
    anchor = site or "across-sites"
    body = [f'<section id="{escape(anchor)}" aria-labelledby="{escape(anchor)}-heading">\n'
            f'<h2 id="{escape(anchor)}-heading">{escape(title)}</h2>']
    for kind, kind_feeds in groupby(feeds, key=lambda s: s.kind):
        body.append(f'<h3>{KIND_TITLES[kind]}</h3>\n<div class="table-scroll"><table>\n<thead><tr><th scope="col">Feed</th>'
                    '<th scope="col">Items</th><th scope="col">Last update</th><th scope="col">Subscribe</th></tr></thead>\n<tbody>')
        body += _feed_rows(kind_feeds)
        body.append("</tbody>\n</table></div>")
    body.append("</section>")
    return body


def _autodiscovery(summaries: list[FeedSummary], base_url: str, profiles: SiteInfo) -> list[str]:
    """<link rel=alternate> for each site's feed of everything, in each format."""
    links = []
    for feed in summaries:
        if feed.kind == "all":
            title = escape(xml_safe(_site_title(feed.site, profiles)))
            for fmt, label in FORMAT_LABELS:
                links.append(f'<link rel="alternate" type="{MEDIA_TYPES[fmt]}" title="{title} ({label})" '
                             f'href="{escape(base_url + quote(_path(feed, fmt)))}">')
    return links


def render_index(summaries: list[FeedSummary], base_url: str, profiles: SiteInfo) -> bytes:
    """A page a person can use: every feed with its page, item count, last update and a link per format."""
    body: list[str] = []
    for site, site_feeds in groupby(summaries, key=lambda s: s.site):
        body += _site_section(site, list(site_feeds), profiles)
    if not summaries:
        body.append("<p>No feeds yet: run a crawl first.</p>")
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>News feeds</title>
<link rel="stylesheet" href="{STYLESHEET}">
<link rel="icon" href="{ICON}" type="image/svg+xml">
{chr(10).join(_autodiscovery(summaries, base_url, profiles))}
<link rel="alternate" type="text/x-opml" title="All feeds (OPML)" href="feeds.opml">
</head>
<body>
<header class="masthead"><div class="wrap">
<h1>News feeds</h1>
<p>Open a feed's name to read it in the browser, subscribe to any feed below in your feed reader, or import
<a href="feeds.opml">every feed at once (OPML)</a>.</p>
</div></header>
<main class="wrap">
{chr(10).join(body)}
</main>
</body>
</html>
"""
    return page.encode("utf-8")


def render_opml(summaries: list[FeedSummary], base_url: str, profiles: SiteInfo) -> bytes:
    """OPML 2.0 listing every RSS feed, grouped by site, for one-step import into a reader."""
    newest = max((s.newest for s in summaries if s.newest), default=None)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<opml version="2.0">', "<head>", "<title>News feeds</title>"]
    if newest:
        lines.append(f"<dateModified>{datetime.fromisoformat(newest).strftime('%a, %d %b %Y %H:%M:%S %z')}</dateModified>")
    lines += ["</head>", "<body>"]
    for site, site_feeds in groupby(summaries, key=lambda s: s.site):
        title = xml_safe(_site_title(site, profiles))
        lines.append(f"<outline text={quoteattr(title)} title={quoteattr(title)}>")
        for feed in site_feeds:
            name = xml_safe(feed.name if feed.kind != "all" else f"{title}: all articles")
            label = f"{title}: {name}" if feed.kind != "all" and site else name
            html_url = profiles.get(site, {}).get("url", base_url) if site else base_url + quote(_path(feed, "html"))
            lines.append(
                f"  <outline type=\"rss\" text={quoteattr(label)} title={quoteattr(label)} "
                f"xmlUrl={quoteattr(base_url + quote(_path(feed, 'rss')))} htmlUrl={quoteattr(html_url)}/>")
        lines.append("</outline>")
    lines += ["</body>", "</opml>", ""]
    return "\n".join(lines).encode("utf-8")
