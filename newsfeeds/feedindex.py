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
from newsfeeds.lock import waiting_lock
from newsfeeds.sitehealth import UNHEALTHY, DayCount, SiteHealth
from newsfeeds.store import FeedSummary, Store

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


def all_summaries(store: Store) -> list[FeedSummary]:
    """Every feed the directory holds, by site ('' first: the feeds across sites), then kind, as listed."""
    summaries = list(store.feed_summaries())
    summaries += [FeedSummary(s.owner, "custom", s.slug, s.title, s.items, s.newest)
                  for s in store.custom_feed_states() if s.items]
    return sorted(summaries, key=lambda s: (s.site, KIND_ORDER[s.kind]))  # stable: keeps each kind's own order


def write_index(store: Store, out_dir: Path, base_url: str, staged: StagedWrites) -> list[str]:
    """Write index.html, feeds.opml, feeds.css and feeds.svg when their content changed; returns what was written."""
    summaries = all_summaries(store)
    health = store.site_health()
    profiles: SiteInfo = {}
    for site in {s.site for s in summaries if s.site}:
        raw = store.get_meta(f"site:{site}")
        profiles[site] = json.loads(raw) if raw else {"title": site, "url": base_url}
    for site in {h.site for h in health} - set(profiles):
        raw = store.get_meta(f"site:{site}")
        profiles[site] = json.loads(raw) if raw else {"title": site, "url": base_url}
    written = []
    for name, data in (("index.html", render_index(summaries, base_url, profiles, render_site_table(health, profiles))),
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


def render_index(summaries: list[FeedSummary], base_url: str, profiles: SiteInfo, site_table: str = "") -> bytes:
    """A page a person can use: the sites' health, then every feed with its page, item count, last update
    and a link per format."""
    body: list[str] = [site_table] if site_table else []
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
    return ('<section id="site-health" aria-labelledby="site-health-heading">\n<h2 id="site-health-heading">Sites</h2>\n'
            '<div class="table-scroll"><table>\n<thead><tr><th scope="col">Site</th><th scope="col">State</th>'
            f'<th scope="col">Last success</th><th scope="col">New articles per day, last {len(health[0].days)} days</th>'
            '</tr></thead>\n<tbody>\n' + "\n".join(rows) + "\n</tbody>\n</table></div>\n</section>\n")


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


def refresh_site_table(store: Store, out_dir: str | Path, base_url: str) -> bool:
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
    out.mkdir(parents=True, exist_ok=True)
    with waiting_lock(out), StagedWrites() as staged:  # as FeedWriter.write_index: other sites' runs write it too
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
            label = f"{title}: {name}" if feed.kind != "all" and site else name
            html_url = profiles.get(site, {}).get("url", base_url) if site else base_url + quote(_path(feed, "html"))
            lines.append(
                f"  <outline type=\"rss\" text={quoteattr(label)} title={quoteattr(label)} "
                f"xmlUrl={quoteattr(base_url + quote(_path(feed, 'rss')))} htmlUrl={quoteattr(html_url)}/>")
        lines.append("</outline>")
    lines += ["</body>", "</opml>", ""]
    return "\n".join(lines).encode("utf-8")
