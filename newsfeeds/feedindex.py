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
from newsfeeds.sitehealth import UNHEALTHY, DayCount, SiteHealth
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
    health = store.site_health()
    profiles: SiteInfo = {}
    for site in {s.site for s in summaries}:
        raw = store.get_meta(f"site:{site}")
        profiles[site] = json.loads(raw) if raw else {"title": site, "url": base_url}
    for site in {h.site for h in health} - set(profiles):
        raw = store.get_meta(f"site:{site}")
        profiles[site] = json.loads(raw) if raw else {"title": site, "url": base_url}
    written = []
    for name, data in (("index.html", render_index(summaries, base_url, profiles, render_site_table(health, profiles))),
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


def render_index(summaries: list[FeedSummary], base_url: str, profiles: SiteInfo, site_table: str = "") -> bytes:
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
#site-health td:nth-child(2) {{ text-align: left; }}
.sick {{ color: #b00; }}
</style>
</head>
<body>
<h1>News feeds</h1>
<p>Subscribe to any feed below in your feed reader, or import <a href="feeds.opml">every feed at once (OPML)</a>.</p>
{site_table}{chr(10).join(body)}
</body>
</html>
"""
    return page.encode("utf-8")


# --- Site health: which sites are sick, at a glance (state, last success, new articles per day) -------------
def render_site_table(health: list[SiteHealth], profiles: SiteInfo) -> str:
    """The site table at the top of index.html; it changes only when a run records a change (no clock
    in it), so an unchanged run still leaves index.html untouched."""
    if not health:
        return ""
    rows = []
    for site in health:
        title = escape(xml_safe(_site_title(site.site, profiles)))
        if site.state == UNHEALTHY:
            state = f'<strong class="sick">unhealthy</strong> since {_when(site.since)}<br><small>{escape(site.reason)}</small>'
        elif site.failures:
            state = f"healthy, but the last {site.failures} run(s) failed<br><small>{escape(site.reason)}</small>"
        else:
            state = "healthy"
        last = _when(site.last_success)[:10] or "never"
        rows.append(f'<tr><td><a href="#{escape(site.site)}">{title}</a></td><td>{state}</td><td>{last}</td>'
                    f"<td>{sparkline(site.days)}</td></tr>")
    return ('<section id="site-health">\n<h2>Sites</h2>\n<table>\n<thead><tr><th>Site</th><th>State</th>'
            f'<th>Last success</th><th>New articles per day, last {len(health[0].days)} days</th></tr></thead>\n<tbody>\n'
            + "\n".join(rows) + "\n</tbody>\n</table>\n</section>\n")


def sparkline(days: tuple[DayCount, ...], width: int = 3, height: int = 20) -> str:
    """Inline SVG bars of new articles per day (no script, no style attribute: the strict CSP allows it);
    a day whose every run failed is a red tick."""
    most = max((d.new_articles for d in days), default=0) or 1
    bars = []
    for index, day in enumerate(days):
        x = index * width
        note = f"{day.day}: {day.new_articles} new" + (f", {day.failed_runs} failed run(s)" if day.failed_runs else "")
        if day.new_articles:
            tall = max(1, round((height - 2) * day.new_articles / most))
            bars.append(f'<rect x="{x}" y="{height - tall}" width="{width - 1}" height="{tall}" fill="#4a7"><title>{note}</title></rect>')
        elif day.runs and day.failed_runs == day.runs:
            bars.append(f'<rect x="{x}" y="{height - 3}" width="{width - 1}" height="3" fill="#c33"><title>{note}</title></rect>')
        elif day.runs:
            bars.append(f'<rect x="{x}" y="{height - 1}" width="{width - 1}" height="1" fill="#999"><title>{note}</title></rect>')
    total = sum(d.new_articles for d in days)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{len(days) * width}" height="{height}" '
            f'viewBox="0 0 {len(days) * width} {height}" role="img" aria-label="{total} new articles in {len(days)} days">'
            + "".join(bars) + "</svg>")


def refresh_site_table(store: SQLiteStore, out_dir: str | Path, base_url: str) -> bool:
    """Rewrite index.html when its site table is out of date (a run's health changed what it shows);
    True when it was rewritten."""
    out = Path(out_dir)
    profiles: SiteInfo = {}
    for site in store.site_health():
        raw = store.get_meta(f"site:{site.site}")
        profiles[site.site] = json.loads(raw) if raw else {"title": site.site}
    table = render_site_table(store.site_health(), profiles).encode("utf-8")
    try:
        if table in (out / "index.html").read_bytes():
            return False
    except FileNotFoundError:
        pass
    base = base_url if base_url.endswith("/") else base_url + "/"
    with StagedWrites() as staged:
        write_index(store, out, base, staged)
    return True


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
