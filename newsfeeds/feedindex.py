"""The feed directory's front door: index.html for people, feeds.opml for feed readers, and the
stylesheet that makes a feed opened in a browser readable."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from html import escape
from importlib import resources
from itertools import groupby
from pathlib import Path
from urllib.parse import quote
from xml.sax.saxutils import quoteattr

from newsfeeds.files import StagedWrites
from newsfeeds.html import xml_safe
from newsfeeds.store import FeedSummary, SQLiteStore

KIND_TITLES = {"all": "Everything", "section": "Sections", "tag": "Tags"}
FORMAT_LABELS = (("rss", "RSS"), ("atom", "Atom"), ("json", "JSON Feed"))
MEDIA_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml", "json": "application/feed+json"}


def _path(summary: FeedSummary, fmt: str) -> str:
    if summary.kind == "all":
        return f"{summary.site}/all.{fmt}"
    return f"{summary.site}/{summary.kind}/{summary.slug}.{fmt}"


def _when(value: str | None) -> str:
    if not value:
        return ""
    return datetime.fromisoformat(value).astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


SiteInfo = dict[str, dict[str, str]]


def write_index(store: SQLiteStore, out_dir: Path, base_url: str, staged: StagedWrites) -> list[str]:
    """Write index.html, feeds.opml and feed.xsl when their content changed; returns what was written."""
    summaries = store.feed_summaries()
    profiles: SiteInfo = {}
    for site in {s.site for s in summaries}:
        raw = store.get_meta(f"site:{site}")
        profiles[site] = json.loads(raw) if raw else {"title": site, "url": base_url}
    written = []
    for name, data in (("index.html", render_index(summaries, base_url, profiles)),
                       ("feeds.opml", render_opml(summaries, base_url, profiles)),
                       ("feed.xsl", stylesheet())):
        if staged.stage(out_dir / name, data):
            written.append(name)
    return written


def stylesheet() -> bytes:
    """The XSLT that browsers apply to our RSS and Atom files."""
    return resources.files("newsfeeds").joinpath("feedstyle/feed.xsl").read_bytes()


def _site_title(site: str, profiles: SiteInfo) -> str:
    return profiles.get(site, {}).get("title", site)


def render_index(summaries: list[FeedSummary], base_url: str, profiles: SiteInfo) -> bytes:
    """A page a person can use: every feed with its item count, last update and a link per format."""
    head_links = []
    body = []
    for site, site_feeds in groupby(summaries, key=lambda s: s.site):
        feeds = list(site_feeds)
        title = xml_safe(_site_title(site, profiles))
        body.append(f'<section id="{escape(site)}">\n<h2>{escape(title)}</h2>')
        for kind, kind_feeds in groupby(feeds, key=lambda s: s.kind):
            body.append(f"<h3>{KIND_TITLES[kind]}</h3>\n<table>\n<thead><tr><th>Feed</th><th>Items</th>"
                        "<th>Last update</th><th>Subscribe</th></tr></thead>\n<tbody>")
            for feed in kind_feeds:
                name = xml_safe(feed.name)
                links = " · ".join(
                    f'<a href="{escape(quote(_path(feed, fmt)))}" type="{MEDIA_TYPES[fmt]}">{label}</a>'
                    for fmt, label in FORMAT_LABELS)
                body.append(f"<tr><td>{escape(name)}</td><td>{feed.count}</td><td>{_when(feed.newest)}</td>"
                            f"<td>{links}</td></tr>")
                if kind == "all":
                    for fmt, label in FORMAT_LABELS:
                        head_links.append(
                            f'<link rel="alternate" type="{MEDIA_TYPES[fmt]}" title="{escape(title)} ({label})" '
                            f'href="{escape(base_url + quote(_path(feed, fmt)))}">')
            body.append("</tbody>\n</table>")
        body.append("</section>")
    if not summaries:
        body.append("<p>No feeds yet: run a crawl first.</p>")
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>News feeds</title>
{chr(10).join(head_links)}
<link rel="alternate" type="text/x-opml" title="All feeds (OPML)" href="feeds.opml">
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; }}
table {{ border-collapse: collapse; width: 100%; margin-bottom: 1.5rem; }}
th, td {{ text-align: left; padding: .3rem .6rem; border-bottom: 1px solid #ddd; }}
td:nth-child(2) {{ text-align: right; }}
</style>
</head>
<body>
<h1>News feeds</h1>
<p>Subscribe to any feed below in your feed reader, or import <a href="feeds.opml">every feed at once (OPML)</a>.</p>
{chr(10).join(body)}
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
            label = f"{title}: {name}" if feed.kind != "all" else name
            html_url = profiles.get(site, {}).get("url", base_url)
            lines.append(
                f"  <outline type=\"rss\" text={quoteattr(label)} title={quoteattr(label)} "
                f"xmlUrl={quoteattr(base_url + quote(_path(feed, 'rss')))} htmlUrl={quoteattr(html_url)}/>")
        lines.append("</outline>")
    lines += ["</body>", "</opml>", ""]
    return "\n".join(lines).encode("utf-8")
