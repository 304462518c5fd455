"""HTML for the demo site, as pure functions of the stories and the serving moment.

The markup imitates a busy agency site on purpose: a clock, a ticker and tag links sit near the
headline, boilerplate follows the story, and date metadata differs from page to page, so the
crawler is tested against the distractions real pages carry.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from urllib.parse import quote

from newsfeeds.demo.articles import SECTIONS, DemoArticle, article_path
from newsfeeds.demo.site import IST, tag_slug

SITE_NAME = "Indiablooms"
AGENCY = "India Blooms News Service"
LAZY_PLACEHOLDER = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"
PLACEHOLDER_IMAGE = "/images/placeholder.jpg"
TRACKING_QUERY = "?utm_source=home&utm_medium=list"

_STYLE = (
    "body{font-family:Georgia,serif;margin:0;color:#222}"
    ".site-header,.breaking-news,main,footer{padding:8px 16px}"
    ".header-clock{font-size:12px;color:#666}"
    ".breaking-news{background:#b00;color:#fff}.breaking-news a{color:#fff}"
    ".news-item img.thumb{width:160px;height:90px;float:left;margin-right:8px}"
    ".news-item{overflow:hidden;margin-bottom:12px}"
)


@dataclass(frozen=True)
class PageChrome:
    """What every page shares: when it was served, the origin it was served from, and the ticker."""

    served_at: datetime
    base_url: str
    ticker: tuple[DemoArticle, ...] = ()
    sections: Mapping[str, str] = field(default_factory=lambda: dict(SECTIONS))

    def absolute(self, path: str) -> str:
        """Join a site path onto the origin the request came in on."""
        return self.base_url.rstrip("/") + path


def header_clock(moment: datetime) -> str:
    """Format the serving time the way the site's header shows it, e.g. `February 17, 2026 12:03 am (IST)`."""
    local = moment.astimezone(IST)
    meridiem = "am" if local.hour < 12 else "pm"
    return f"{local:%B} {local.day}, {local.year} {local:%I:%M} {meridiem} (IST)"


def tag_href(tag: str) -> str:
    """The path of a tag's page, percent-encoded so non-ASCII tags survive any client."""
    return "/tag/" + quote(tag_slug(tag))


def teaser(article: DemoArticle, limit: int = 160) -> str:
    """A listing blurb: the first sentence of the story, cut at a word boundary if it is long."""
    first = article.paragraphs[0]
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0] + "\u2026"


def listing_href(article: DemoArticle) -> str:
    """The link a listing uses: the clean path, sometimes dirtied with tracking junk or a fragment like real sites."""
    path = article_path(article)
    flavour = zlib.crc32(article.slug.encode("utf-8")) % 6
    if flavour == 0:
        return path + TRACKING_QUERY
    if flavour == 1:
        return path + "#comments"
    return path


def _image_tag(src: str, alt: str, lazy: bool, css_class: str = "") -> str:
    """An <img>, either plain or in the lazy-loading style that hides the real source in data-src."""
    cls = f' class="{css_class}"' if css_class else ""
    if lazy:
        return f'<img{cls} src="{LAZY_PLACEHOLDER}" data-src="{escape(src)}" alt="{escape(alt)}" loading="lazy">'
    return f'<img{cls} src="{escape(src)}" alt="{escape(alt)}">'


def _header(chrome: PageChrome) -> str:
    """The site header: serving clock, logo and section navigation."""
    links = "".join(
        f'<li><a href="/{key}">{escape(name)}</a></li>' for key, name in chrome.sections.items()
    )
    return (
        '<header class="site-header">\n'
        f'<div class="header-clock">{escape(header_clock(chrome.served_at))}</div>\n'
        f'<a class="logo" href="/">{SITE_NAME}</a>\n'
        f'<nav class="main-nav"><ul><li><a href="/">Home</a></li>{links}</ul></nav>\n'
        "</header>"
    )


def _ticker(chrome: PageChrome) -> str:
    """The breaking-news strip of other headlines, separated by pipes like the real site's."""
    links = " | ".join(
        f'<a href="{escape(article_path(a))}">{escape(a.title)}</a>' for a in chrome.ticker
    )
    return f'<div class="breaking-news"><span>Breaking</span> {links}</div>'


def _footer(chrome: PageChrome) -> str:
    """The footer with section links and the copyright line."""
    links = " | ".join(f'<a href="/{key}">{escape(name)}</a>' for key, name in chrome.sections.items())
    return (
        '<footer class="site-footer">\n'
        f'<div class="footer-links">{links} | <a href="/support-us">Support Us</a></div>\n'
        f"<p>&copy; {chrome.served_at.astimezone(IST).year} {AGENCY}. All rights reserved.</p>\n"
        "</footer>"
    )


def _document(title: str, head_extra: str, body_class: str, content: str, chrome: PageChrome) -> str:
    """Wrap page content in the shared skeleton: head, header, ticker, content, footer."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n"
        f"{head_extra}"
        f'<link rel="alternate" type="application/rss+xml" title="{SITE_NAME}" href="/rss.xml">\n'
        f"<style>{_STYLE}</style>\n"
        "</head>\n"
        f'<body class="{body_class}">\n'
        f"{_header(chrome)}\n{_ticker(chrome)}\n"
        f'<main class="container">\n{content}\n</main>\n'
        f"{_footer(chrome)}\n"
        "<script>window.ibnsAnalytics={queue:[],push:function(e){this.queue.push(e)}};</script>\n"
        "</body>\n</html>\n"
    )


def _json_ld(article: DemoArticle, chrome: PageChrome) -> str:
    """A NewsArticle JSON-LD block, flat or wrapped in @graph, agreeing with the visible byline."""
    url = chrome.absolute(article_path(article))
    author: dict[str, str] = (
        {"@type": "Person", "name": article.author}
        if article.author
        else {"@type": "Organization", "name": AGENCY}
    )
    publisher = {
        "@type": "Organization",
        "name": SITE_NAME,
        "logo": {"@type": "ImageObject", "url": chrome.absolute("/images/logo.jpg")},
    }
    news: dict[str, object] = {
        "@type": "NewsArticle",
        "headline": article.title,
        "description": teaser(article),
        "datePublished": article.expected_published,
        "dateModified": article.expected_modified or article.expected_published,
        "author": author,
        "articleSection": SECTIONS[article.section],
    }
    if article.image:
        image_url = chrome.absolute(article.image)
        news["image"] = (
            {"@type": "ImageObject", "url": image_url, "width": 160, "height": 90}
            if article.jsonld_graph
            else image_url
        )
    if article.jsonld_graph:
        news["keywords"] = list(article.tags)
        news["mainEntityOfPage"] = {"@id": url}
        news["publisher"] = {"@id": chrome.absolute("/#organization")}
        document: dict[str, object] = {
            "@context": "https://schema.org",
            "@graph": [
                {**publisher, "@id": chrome.absolute("/#organization")},
                {"@type": "WebPage", "@id": url, "url": url, "name": article.title},
                news,
            ],
        }
    else:
        news["keywords"] = ", ".join(article.tags)
        news["mainEntityOfPage"] = {"@type": "WebPage", "@id": url}
        news["publisher"] = publisher
        document = {"@context": "https://schema.org", **news}
    payload = json.dumps(document, ensure_ascii=False, indent=2).replace("</", "<\\/")
    return f'<script type="application/ld+json">\n{payload}\n</script>\n'


def _open_graph(article: DemoArticle, chrome: PageChrome) -> str:
    """OpenGraph and article:* meta tags, one article:tag per tag."""
    metas = [
        ("og:type", "article"),
        ("og:site_name", SITE_NAME),
        ("og:title", f"{article.title} | {SITE_NAME}"),
        ("og:description", teaser(article)),
        ("og:url", chrome.absolute(article_path(article))),
    ]
    if article.image:
        metas.append(("og:image", chrome.absolute(article.image)))
    metas.append(("article:published_time", article.expected_published or ""))
    if article.expected_modified:
        metas.append(("article:modified_time", article.expected_modified))
    metas.append(("article:section", SECTIONS[article.section]))
    metas.extend(("article:tag", tag) for tag in article.tags)
    return "".join(
        f'<meta property="{name}" content="{escape(value)}">\n' for name, value in metas
    )


def _byline_date(article: DemoArticle) -> str:
    """The printed date, wrapped in <time> for "time" markup, with any "Updated:" label kept outside."""
    text = article.byline_date
    if article.markup != "time" or article.expected_published is None:
        return escape(text)
    label, sep, rest = text.partition(": ")
    if sep and label == "Updated":
        return f'{label}: <time datetime="{article.expected_published}">{escape(rest)}</time>'
    return f'<time datetime="{article.expected_published}">{escape(text)}</time>'


def _share_bar(article: DemoArticle, chrome: PageChrome) -> str:
    """Social share links, as every news page has them."""
    target = quote(chrome.absolute(article_path(article)), safe="")
    text = quote(article.title, safe="")
    return (
        '<div class="share-bar"><span>Share:</span> '
        f'<a class="share-facebook" href="https://www.facebook.com/sharer/sharer.php?u={target}">Facebook</a> '
        f'<a class="share-x" href="https://twitter.com/intent/tweet?url={target}&amp;text={text}">X</a> '
        f'<a class="share-whatsapp" href="https://api.whatsapp.com/send?text={text}%20{target}">WhatsApp</a>'
        "</div>"
    )


_SUPPORT = (
    '<div class="support-journalism">\n<h3>Support Our Journalism</h3>\n'
    "<p>Independent reporting from every corner of India and the region takes time and money. "
    "If you value the stories we carry, please consider supporting us with a contribution of any size.</p>\n"
    '<p><a class="support-link" href="/support-us">Support Indiablooms</a></p>\n</div>'
)

_MISSION = (
    '<div class="about-ibns"><p>'
    f"{AGENCY} (IBNS) is an independent news agency based in Kolkata. Since its founding, our mission "
    "has been to carry fair, accurate and timely news from India and its neighbourhood to readers "
    "and publishers everywhere.</p></div>"
)


def article_page(article: DemoArticle, chrome: PageChrome, related: Sequence[DemoArticle]) -> str:
    """The full HTML of one story page."""
    path = article_path(article)
    head = [f'<meta name="description" content="{escape(teaser(article))}">\n']
    if article.canonical:
        head.append(f'<link rel="canonical" href="{escape(chrome.absolute(path))}">\n')
    if article.markup == "jsonld":
        head.append(_json_ld(article, chrome))
    elif article.markup == "opengraph":
        head.append(_open_graph(article, chrome))

    section_name = SECTIONS[article.section]
    tags = " | ".join(f'<a href="{tag_href(t)}">{escape(t)}</a>' for t in article.tags)
    image = ""
    if article.image:
        image = (
            '<figure class="lead-image">'
            + _image_tag(article.image, article.title, article.image_lazy)
            + "</figure>\n"
        )

    paragraphs = [f"<p><strong>{escape(article.dateline)}</strong> {escape(article.paragraphs[0])}</p>"]
    for index, text in enumerate(article.paragraphs[1:], start=1):
        paragraphs.append(f"<p>{escape(text)}</p>")
        if index == 1:
            paragraphs.append(
                '<div class="ad-slot"><script>(window.adSlots=window.adSlots||[])'
                f'.push({{"slot":"in-article","story":{article.id}}});</script></div>'
            )
    support_inside = article.id % 2 == 0
    if support_inside:
        paragraphs.append(_SUPPORT)
    body = '<div class="story-body">\n' + "\n".join(paragraphs) + "\n</div>\n"
    if not support_inside:
        body += _SUPPORT + "\n"

    related_items = "\n".join(
        f'<li><a href="{escape(article_path(a))}">{escape(a.title)}</a></li>' for a in related
    )
    content = (
        '<div class="breadcrumb"><a href="/">Home</a> &raquo; '
        f'<a href="/{article.section}">{escape(section_name)}</a></div>\n'
        f'<article class="news-article" data-id="{article.id}">\n'
        f'<div class="tags">{tags}</div>\n'
        f'<h1 class="headline">{escape(article.title)}</h1>\n'
        f'<div class="byline"><span class="author">{escape(article.author)}</span>'
        f" | @indiablooms | {_byline_date(article)}</div>\n"
        f"{_share_bar(article, chrome)}\n"
        f"{image}"
        f"{body}"
        f"{_MISSION}\n"
        f'<div class="related"><h3>Related</h3>\n<ul>\n{related_items}\n</ul></div>\n'
        "</article>"
    )
    return _document(f"{article.title} | {SITE_NAME}", "".join(head), "article-page", content, chrome)


def page_href(base_path: str, page: int) -> str:
    """The URL of a listing page: the bare path for page 1, `?page=N` after that."""
    return base_path if page == 1 else f"{base_path}?page={page}"


def _pagination(base_path: str, page: int, page_count: int) -> str:
    """Numbered page links with rel=prev/next, omitting Next on the last page."""
    if page_count <= 1:
        return ""
    parts: list[str] = []
    if page > 1:
        parts.append(f'<a class="prev" rel="prev" href="{escape(page_href(base_path, page - 1))}">Previous</a>')
    for number in range(1, page_count + 1):
        if number == page:
            parts.append(f'<span class="current">{number}</span>')
        else:
            parts.append(f'<a class="page" href="{escape(page_href(base_path, number))}">{number}</a>')
    if page < page_count:
        parts.append(f'<a class="next" rel="next" href="{escape(page_href(base_path, page + 1))}">Next</a>')
    return '<div class="pagination">' + " ".join(parts) + "</div>"


def _entry(article: DemoArticle) -> str:
    """One listing entry: thumbnail on the clean URL, headline on the possibly dirtied one, teaser."""
    clean = article_path(article)
    thumb = _image_tag(article.image or PLACEHOLDER_IMAGE, article.title, article.image_lazy, "thumb")
    return (
        '<div class="news-item">\n'
        f'<a class="thumb-link" href="{escape(clean)}">{thumb}</a>\n'
        f'<h2 class="news-title"><a href="{escape(listing_href(article))}">{escape(article.title)}</a></h2>\n'
        f'<p class="teaser">{escape(teaser(article))}</p>\n'
        "</div>"
    )


def listing_page(
    heading: str,
    entries: Sequence[DemoArticle],
    chrome: PageChrome,
    *,
    base_path: str,
    page: int = 1,
    page_count: int = 1,
) -> str:
    """A list of story teasers (section, home or tag page) with pagination."""
    items = "\n".join(_entry(a) for a in entries) or '<p class="empty">No stories yet.</p>'
    title = heading if page == 1 else f"{heading} - Page {page}"
    content = (
        f'<h1 class="section-title">{escape(heading)}</h1>\n'
        f'<div class="news-list">\n{items}\n</div>\n'
        f"{_pagination(base_path, page, page_count)}"
    )
    head = f'<link rel="canonical" href="{escape(chrome.absolute(page_href(base_path, page)))}">\n'
    return _document(f"{title} | {SITE_NAME}", head, "listing-page", content, chrome)


def text_page(heading: str, paragraphs: Sequence[str], chrome: PageChrome) -> str:
    """A plain informational page such as the support appeal."""
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    content = f'<h1 class="page-title">{escape(heading)}</h1>\n<div class="page-body">\n{body}\n</div>'
    return _document(f"{heading} | {SITE_NAME}", "", "text-page", content, chrome)


def not_found_page(path: str, chrome: PageChrome) -> str:
    """The 404 page, keeping the site chrome so it looks like the real thing."""
    content = (
        '<h1 class="page-title">Page not found</h1>\n'
        f"<p>Sorry, nothing lives at <code>{escape(path)}</code>. Try the <a href=\"/\">home page</a>.</p>"
    )
    return _document(f"Page not found | {SITE_NAME}", "", "error-page", content, chrome)


def feeds_json(groups: Mapping[str, Sequence[DemoArticle]], chrome: PageChrome) -> str:
    """The site's `/news/feeds.json`: headlines and absolute URLs grouped by section key."""
    payload = {
        key: [{"title": a.title, "url": chrome.absolute(article_path(a))} for a in articles]
        for key, articles in groups.items()
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


def _w3c(moment: datetime) -> str:
    """A W3C datetime with the site's offset, as sitemaps write them."""
    return moment.astimezone(IST).isoformat()


def news_sitemap(entries: Sequence[tuple[DemoArticle, str]], chrome: PageChrome) -> str:
    """`/sitemap-news.xml`: a Google News sitemap (publication time, title and keywords per story)."""
    urls = "\n".join(
        "<url>"
        f"<loc>{escape(chrome.absolute(article_path(a)))}</loc>"
        "<news:news><news:publication><news:name>Indiablooms</news:name><news:language>en</news:language></news:publication>"
        f"<news:publication_date>{published}</news:publication_date>"
        f"<news:title>{escape(a.title)}</news:title>"
        f"<news:keywords>{escape(', '.join(a.tags))}</news:keywords>"
        "</news:news></url>"
        for a, published in entries
    )
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n' + urls + "\n</urlset>\n")


def sitemap_index(children: Sequence[tuple[str, datetime]], chrome: PageChrome) -> str:
    """`/sitemap.xml`: the sitemap index robots.txt points to."""
    items = "\n".join(f"<sitemap><loc>{escape(chrome.absolute(path))}</loc><lastmod>{_w3c(changed)}</lastmod></sitemap>"
                      for path, changed in children)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + items + "\n</sitemapindex>\n")


def headline_rss(articles: Sequence[DemoArticle], chrome: PageChrome) -> str:
    """`/rss.xml`: the site's own feed, headlines and links only (no dates, tags or text), as many
    sites publish it."""
    items = "\n".join(f"<item><title>{escape(a.title)}</title><link>{escape(chrome.absolute(article_path(a)))}</link></item>"
                      for a in articles)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
            f"<title>{SITE_NAME}</title><link>{escape(chrome.absolute('/'))}</link>"
            f"<description>Latest headlines from {SITE_NAME}</description>\n{items}\n</channel></rss>\n")


def redesigned_listing_page(heading: str, entries: Sequence[DemoArticle], chrome: PageChrome) -> str:
    """A listing page after a redesign: stories rendered by a script from a JSON blob, so the page
    holds no article links at all (what breaks HTML listing parsers)."""
    stories = json.dumps([{"id": a.id, "headline": a.title, "path": article_path(a)} for a in entries])
    content = (f'<h1 class="section-title">{escape(heading)}</h1>\n'
               f'<div id="story-grid" data-stories="{escape(stories)}"></div>\n'
               '<script src="/static/app.js"></script>')
    return _document(f"{heading} | {SITE_NAME}", "", "listing-page v2",
                     content, PageChrome(chrome.served_at, chrome.base_url, (), chrome.sections))
