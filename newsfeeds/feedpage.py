"""A feed's page for people: what a browser shows at `<feed>.html`, beside the feed's three formats.

Browsers no longer render feeds through XSLT, so each feed gets a plain static HTML page: its items
(headline, time in the site's zone, summary, lead image), a link per format, the address to copy
into a reader, and autodiscovery links. No script and no inline style: the page works under the
strict Content-Security-Policy of deploy/nginx/newsfeeds.conf, styled by the shared feeds.css.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from html import escape
from zoneinfo import ZoneInfo

from newsfeeds import __version__
from newsfeeds.html import xml_safe
from newsfeeds.store import ArticleRecord

STYLESHEET = "feeds.css"
ICON = "feeds.svg"
FORMAT_LABELS = (("rss", "RSS"), ("atom", "Atom"), ("json", "JSON Feed"))
MEDIA_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml", "json": "application/feed+json"}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class PageFacts:
    """What a feed's page says about the feed, beside its items."""

    title: str
    site_title: str
    description: str
    home_url: str
    language: str
    feed_urls: dict[str, str]   # format -> absolute URL
    depth: int                  # directories below the feed directory's root (for relative links)
    show_site: bool = False     # items come from several sites: name each one's site


def local_time(article: ArticleRecord, zone: ZoneInfo) -> tuple[str, str]:
    """(machine-readable, human) time of an article in its site's zone; a day-only date stays a day."""
    if article.published_date and not article.published_utc:
        day = date.fromisoformat(article.published_date)
        return day.isoformat(), f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    moment = datetime.fromisoformat(article.sort_time).astimezone(zone)
    return (moment.isoformat(), f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year}, "
                                f"{moment:%H:%M} {moment.tzname() or moment.strftime('%z')}")


def _text(value: str | None) -> str:
    return escape(xml_safe(value or ""))


def render_page(facts: PageFacts, articles: list[ArticleRecord], zone_of: Callable[[str], ZoneInfo],
                site_title_of: Callable[[str], str] = str) -> bytes:
    """The page as UTF-8 bytes; byte-stable for the same facts and articles."""
    up = "../" * facts.depth
    title = _text(facts.title)
    alternates = "\n".join(
        f'<link rel="alternate" type="{MEDIA_TYPES[fmt]}" title="{title} ({label})" href="{escape(facts.feed_urls[fmt])}">'
        for fmt, label in FORMAT_LABELS)
    formats = "\n".join(
        f'<li><a href="{escape(facts.feed_urls[fmt])}" type="{MEDIA_TYPES[fmt]}">{label}</a></li>'
        for fmt, label in FORMAT_LABELS)
    items = "\n".join(_item(article, zone_of(article.site), site_title_of(article.site) if facts.show_site else "")
                      for article in articles)
    description = f'\n<p class="description">{_text(facts.description)}</p>' if facts.description else ""
    count = f"{len(articles)} latest article{'s' if len(articles) != 1 else ''}"
    page = f"""<!DOCTYPE html>
<html lang="{escape(facts.language or 'en')}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<meta name="description" content="{_text(facts.description or facts.title)}">
<meta name="generator" content="newsfeeds {__version__}">
<link rel="stylesheet" href="{up}{STYLESHEET}">
<link rel="icon" href="{up}{ICON}" type="image/svg+xml">
{alternates}
</head>
<body>
<a class="skip" href="#items">Skip to the articles</a>
<header class="masthead">
<div class="wrap">
<nav class="crumbs" aria-label="Breadcrumb"><ol><li><a href="{up}index.html">All feeds</a></li><li><a href="{escape(facts.home_url)}">{_text(facts.site_title)}</a></li></ol></nav>
<h1>{title}</h1>
<p class="site">A news feed from {_text(facts.site_title)}</p>{description}
<section class="subscribe" aria-labelledby="subscribe-heading">
<h2 id="subscribe-heading">Subscribe in your feed reader</h2>
<ul class="formats">
{formats}
</ul>
<p class="copy"><label for="feed-address">Or copy this address into your reader:</label>
<input id="feed-address" type="text" readonly spellcheck="false" value="{escape(facts.feed_urls['rss'])}"></p>
</section>
</div>
</header>
<main id="items" class="wrap">
<h2>{count}</h2>
<ol class="items">
{items}
</ol>
</main>
<footer class="wrap">
<p>Made by newsfeeds from the site's own pages; each headline links to the original article. <a href="{up}index.html">Every feed</a></p>
</footer>
</body>
</html>
"""
    return page.encode("utf-8")


def _item(article: ArticleRecord, zone: ZoneInfo, site_title: str) -> str:
    machine, human = local_time(article, zone)
    meta = [f'<time datetime="{machine}">{human}</time>']
    if article.author:
        meta.append(f"by {_text(article.author)}")
    if site_title:
        meta.append(_text(site_title))
    image = ""
    if article.image:
        image = (f'<div class="lead"><img src="{escape(article.image)}" alt="" loading="lazy" decoding="async" '
                 f'referrerpolicy="no-referrer"></div>\n')
    summary = f'\n<p class="summary">{_text(article.summary)}</p>' if article.summary else ""
    return (f'<li><article class="item{" with-image" if image else ""}">\n{image}'
            f'<h3><a href="{escape(article.url)}">{_text(article.title)}</a></h3>\n'
            f'<p class="meta">{" · ".join(meta)}</p>{summary}\n</article></li>')
