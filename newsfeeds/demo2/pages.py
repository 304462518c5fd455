"""HTML for the Lakeside Courier: a WordPress-style theme, as pure functions of the posts.

Deliberately unlike the first demo: the logo is an <h1>, the story sits in <article> with an entry
header, dates come as <time>, Yoast-style JSON-LD @graph in UTC, OpenGraph, microdata or plain
text, tags are rel=tag links in the entry footer, and a trending bar, related posts, comments and
a sidebar tag cloud carry other stories' dates and tags.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timezone
from html import escape

from newsfeeds.demo2.posts import CATEGORIES, POSTS, SITE_NAME, Post, newest_first, tag_slug

PER_PAGE = 4
SEPARATORS = (" | ", " – ", " - ")
_GERMAN_MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
                  "Oktober", "November", "Dezember")


def _long_date(moment: datetime) -> str:
    """How the theme prints a day: 'May 17, 2024'."""
    return f"{moment:%B} {moment.day}, {moment.year}"


def _time(moment: datetime, css: str) -> str:
    """A machine-readable <time> with the local offset, as WordPress themes print it."""
    return f'<time class="{css}" datetime="{moment.isoformat()}">{_long_date(moment)}</time>'


def _head(title: str, origin: str, extra: str = "", canonical: str = "", next_href: str = "") -> str:
    """The document head every page shares."""
    links = f'<link rel="canonical" href="{escape(origin + canonical)}">\n' if canonical else ""
    if next_href:
        links += f'<link rel="next" href="{escape(origin + next_href)}">\n'
    return (
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"UTF-8\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n{links}{extra}"
        '<meta name="generator" content="WordPress 6.5">\n'
        "<link rel=\"stylesheet\" href=\"/wp-content/themes/courier/style.css\">\n</head>\n"
    )


def _masthead(served: datetime) -> str:
    """Header with today's date (a date that is never a story's) and the logo as an <h1>."""
    menu = "".join(f'<li class="menu-item"><a href="/category/{k}/">{escape(v)}</a></li>' for k, v in CATEGORIES.items())
    return (
        '<header id="masthead" class="site-header">\n'
        f'<div class="current-date">{served:%A}, {served.day} {served:%B %Y}</div>\n'
        f'<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">'
        f'<li class="menu-item"><a href="/">Home</a></li>{menu}</ul></nav>\n</header>\n'
        '<div class="site-branding"><h1 class="site-title"><a href="/" rel="home">'
        f'{SITE_NAME}</a></h1><p class="site-description">News from the lake since 1921</p></div>\n'
    )


def _trending(exclude: Post | None) -> str:
    """Other stories with their <time>s, above the article: a trap for date extraction."""
    items = [p for p in newest_first(list(POSTS)) if p is not exclude][:3]
    entries = "".join(
        f'<li><a href="{p.path}">{escape(p.title)}</a> {_time(p.published, "trending-date")}</li>' for p in items
    )
    return f'<div class="trending-bar"><strong>Trending</strong><ul>{entries}</ul></div>\n'


def _sidebar() -> str:
    """Recent posts and a rel=tag tag cloud: links and tags that belong to no one story."""
    recent = "".join(
        f'<li><a href="{p.path}">{escape(p.title)}</a> <span class="post-date">{_long_date(p.published)}</span></li>'
        for p in newest_first(list(POSTS))[:5]
    )
    cloud_tags = sorted({t for p in POSTS for t in p.tags})[:8]
    cloud = " ".join(f'<a href="/tag/{tag_slug(t)}/" class="tag-cloud-link" rel="tag">{escape(t)}</a>' for t in cloud_tags)
    return (
        '<aside id="secondary" class="widget-area">\n'
        f'<section class="widget widget_recent_entries"><h2 class="widget-title">Recent Posts</h2><ul>{recent}</ul></section>\n'
        f'<section class="widget widget_tag_cloud"><h2 class="widget-title">Tags</h2><div class="tagcloud">{cloud}</div></section>\n'
        "</aside>\n"
    )


def _document(head: str, body_class: str, main: str, served: datetime, exclude: Post | None = None) -> str:
    """Wrap a page's main content in the theme's chrome."""
    return (
        f"{head}<body class=\"{body_class}\">\n<div id=\"page\" class=\"site\">\n"
        f"{_masthead(served)}{_trending(exclude)}"
        f'<div id="content" class="site-content">\n<main id="main" class="site-main">\n{main}\n</main>\n'
        f"{_sidebar()}</div>\n"
        f'<footer id="colophon" class="site-footer"><div class="site-info">&copy; {served.year} {SITE_NAME}. '
        'Proudly powered by WordPress.</div></footer>\n</div>\n</body>\n</html>\n'
    )


def _tag_links(post: Post) -> str:
    """The entry footer's rel=tag links: the post's own tags."""
    links = ", ".join(f'<a href="/tag/{tag_slug(t)}/" rel="tag">{escape(t)}</a>' for t in post.tags)
    return f'<span class="tags-links">Tagged {links}</span>'


def _category_links(post: Post) -> str:
    """rel="category tag" links: sections, which must not become tags."""
    links = ", ".join(f'<a href="/category/{c}/" rel="category tag">{CATEGORIES[c]}</a>' for c in post.categories)
    return f'<span class="cat-links">{links}</span>'


def _yoast(post: Post, origin: str) -> str:
    """Yoast SEO's @graph: WebSite, Organization, WebPage, Article, BreadcrumbList, Person; UTC times."""
    url = origin + post.path
    utc = post.published.astimezone(timezone.utc).isoformat()
    modified = (post.modified or post.published).astimezone(timezone.utc).isoformat()
    graph = [
        {"@type": "Article", "@id": url + "#article", "isPartOf": {"@id": url},
         "author": {"name": post.author, "@id": origin + "/#/schema/person/1"}, "headline": post.title,
         "datePublished": utc, "dateModified": modified, "mainEntityOfPage": {"@id": url},
         "publisher": {"@id": origin + "/#organization"}, "keywords": list(post.tags),
         "articleSection": [CATEGORIES[c] for c in post.categories], "inLanguage": "en-GB"},
        {"@type": "WebPage", "@id": url, "url": url, "name": f"{post.title} - {SITE_NAME}",
         "isPartOf": {"@id": origin + "/#website"}, "datePublished": utc, "dateModified": modified},
        {"@type": "BreadcrumbList", "@id": url + "#breadcrumb", "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": "Home", "item": origin + "/"},
            {"@type": "ListItem", "position": 2, "name": post.title}]},
        {"@type": "WebSite", "@id": origin + "/#website", "url": origin + "/", "name": SITE_NAME},
        {"@type": "Organization", "@id": origin + "/#organization", "name": SITE_NAME},
        {"@type": ["Person"], "@id": origin + "/#/schema/person/1", "name": post.author},
    ]
    payload = json.dumps({"@context": "https://schema.org", "@graph": graph}, ensure_ascii=False)
    return (f'<script type="application/ld+json" class="yoast-schema-graph">{payload}</script>\n'
            + _og(post, origin, utc_times=True))


def _og(post: Post, origin: str, utc_times: bool = False) -> str:
    """OpenGraph and article:* meta; Yoast writes the times in UTC."""
    def stamp(moment: datetime) -> str:
        return moment.astimezone(timezone.utc).isoformat() if utc_times else moment.isoformat()

    metas = [("og:locale", "en_GB"), ("og:type", "article"), ("og:title", f"{post.title} - {SITE_NAME}"),
             ("og:url", origin + post.path), ("og:site_name", SITE_NAME),
             ("article:published_time", stamp(post.published))]
    if post.modified:
        metas.append(("article:modified_time", stamp(post.modified)))
    metas.append(("article:section", CATEGORIES[post.category]))
    if not utc_times:
        metas += [("article:tag", t) for t in post.tags]
    return "".join(f'<meta property="{k}" content="{escape(v)}">\n' for k, v in metas)


def _byline(post: Post) -> str:
    """The entry-meta line, in the markup the post's `markup` asks for."""
    author = (f' <span class="byline">by <span class="author vcard"><a class="url fn n" href="/author/'
              f'{tag_slug(post.author)}/">{escape(post.author)}</a></span></span>') if post.author else ""
    if post.markup in ("yoast", "time"):
        updated = _time(post.modified, "updated") if post.modified else ""
        return (f'<span class="posted-on">Posted on <a href="{post.path}" rel="bookmark">'
                f'{_time(post.published, "entry-date published")}{updated}</a></span>{author}')
    if post.markup == "microdata":
        name = (f' <span class="byline">by <span itemprop="author" itemscope itemtype="https://schema.org/Person">'
                f'<span itemprop="name">{escape(post.author)}</span></span></span>')
        return (f'<meta itemprop="datePublished" content="{post.published.isoformat()}">'
                f'<span class="posted-on">Posted on {_long_date(post.published)}</span>{name}')
    if post.markup == "opengraph":
        return f'<span class="posted-on">Posted on {_long_date(post.published)}</span>{author}'
    if post.markup == "plain-date":
        return f'Posted on {_long_date(post.published)}{author}'
    moment = post.published
    if post.id % 2:
        printed = f"{moment.day}. {_GERMAN_MONTHS[moment.month - 1]} {moment.year}, {moment:%H:%M} Uhr"
    else:
        printed = f"{moment:%d.%m.%Y, %H:%M}"
    return f"Posted on {printed}{author}"


def article_page(post: Post, origin: str, served: datetime) -> str:
    """One post's page."""
    head_extra = '<meta name="description" content="' + escape(post.paragraphs[0][:150]) + '">\n'
    canonical = ""
    if post.markup == "yoast":
        head_extra += _yoast(post, origin)
        canonical = post.path
    elif post.markup == "opengraph":
        head_extra += _og(post, origin)
        canonical = post.path
    separator = SEPARATORS[post.id % len(SEPARATORS)]
    head = _head(f"{post.title}{separator}{SITE_NAME}", origin, head_extra, canonical)
    article_attrs = (' itemscope itemtype="https://schema.org/BlogPosting"' if post.markup == "microdata" else "")
    headline_attrs = ' itemprop="headline"' if post.markup == "microdata" else ""
    keywords = (f'<meta itemprop="keywords" content="{escape(", ".join(post.tags))}">'
                if post.markup == "microdata" else "")
    kicker = f'<span class="kicker">{escape(post.kicker)}</span> ' if post.kicker else ""
    body = "\n".join(f"<p>{escape(p)}</p>" for p in post.paragraphs)
    related = [p for p in newest_first(list(POSTS)) if p is not post and p.category == post.category][:2]
    related_html = "".join(
        f'<div class="jp-relatedposts-post"><a href="{p.path}">{escape(p.title)}</a> {_time(p.published, "entry-date")}</div>'
        for p in related
    )
    classes = " ".join([f"post-{post.id}", "post", "type-post", "status-publish", "format-standard", "hentry",
                        *(f"category-{c}" for c in post.categories), *(f"tag-{tag_slug(t)}" for t in post.tags)])
    main = (
        f'<article id="post-{post.id}" class="{classes}"{article_attrs}>\n'
        f'<header class="entry-header">\n{_category_links(post)}\n'
        f'<h1 class="entry-title"{headline_attrs}>{kicker}{escape(post.title)}</h1>\n'
        f'<div class="entry-meta">{_byline(post)}</div>\n</header>\n{keywords}'
        f'<figure class="post-thumbnail"><img src="/wp-content/uploads/{post.slug}.jpg" alt=""></figure>\n'
        f'<div class="entry-content">\n{body}\n'
        '<div class="sharedaddy"><h3>Share this:</h3><a href="https://www.facebook.com/sharer.php">Facebook</a></div>\n'
        '<div class="donate-appeal"><p>Local journalism needs local readers. Become a Courier supporter '
        'from CHF 5 a month and keep our reporting free for everyone.</p></div>\n</div>\n'
        f'<footer class="entry-footer">{_tag_links(post)}</footer>\n</article>\n'
        f'<div id="jp-relatedposts" class="jp-relatedposts"><h3 class="jp-relatedposts-headline">Related</h3>{related_html}</div>\n'
        '<div id="comments" class="comments-area"><h2 class="comments-title">One comment</h2><ol class="comment-list">'
        '<li class="comment"><div class="comment-metadata"><time datetime="2024-06-01T08:12:00+02:00">'
        'June 1, 2024 at 8:12 am</time></div><div class="comment-content"><p>Good to read about this at last.</p>'
        "</div></li></ol></div>"
    )
    body_class = f"post-template-default single single-post postid-{post.id} single-format-standard has-header-image"
    return _document(head, body_class, main, served, exclude=post)


def listing_page(heading: str, posts: Sequence[Post], base: str, page: int, origin: str, served: datetime) -> str:
    """An archive page (home, category, tag): excerpts of PER_PAGE posts and WordPress pagination."""
    count = max(1, -(-len(posts) // PER_PAGE))
    shown = posts[(page - 1) * PER_PAGE: page * PER_PAGE]
    entries = []
    for post in shown:
        entries.append(
            f'<article id="post-{post.id}" class="post-{post.id} post type-post status-publish hentry">\n'
            f'<header class="entry-header"><h2 class="entry-title"><a href="{post.path}" rel="bookmark">'
            f'{escape(post.title)}</a></h2>\n<div class="entry-meta"><span class="posted-on"><a href="{post.path}" '
            f'rel="bookmark">{_time(post.published, "entry-date published")}</a></span></div></header>\n'
            f'<div class="entry-summary"><p>{escape(post.paragraphs[0])}</p>'
            f'<a class="more-link" href="{post.path}#more-{post.id}">Continue reading</a></div>\n'
            f'<footer class="entry-footer">{_tag_links(post)}</footer>\n</article>'
        )
    numbers = []
    for number in range(1, count + 1):
        if number == page:
            numbers.append(f'<span aria-current="page" class="page-numbers current">{number}</span>')
        else:
            numbers.append(f'<a class="page-numbers" href="{page_href(base, number)}">{number}</a>')
    if page > 1:
        numbers.insert(0, f'<a class="prev page-numbers" href="{page_href(base, page - 1)}">« Previous</a>')
    if page < count:
        numbers.append(f'<a class="next page-numbers" href="{page_href(base, page + 1)}">Next »</a>')
    pagination = ('<nav class="navigation pagination" aria-label="Posts"><div class="nav-links">'
                  + "".join(numbers) + "</div></nav>") if count > 1 else ""
    main = (f'<header class="page-header"><h1 class="page-title">{escape(heading)}</h1></header>\n'
            + "\n".join(entries) + "\n" + pagination)
    title = f"{heading} – Page {page} of {count} – {SITE_NAME}" if page > 1 else f"{heading} – {SITE_NAME}"
    head = _head(title, origin, canonical=page_href(base, page), next_href=page_href(base, page + 1) if page < count else "")
    return _document(head, "archive category", main, served)


def page_href(base: str, page: int) -> str:
    """WordPress pagination: /category/x/ then /category/x/page/2/."""
    return base if page == 1 else f"{base}page/{page}/"


def not_found(path: str, origin: str, served: datetime) -> str:
    """The 404 page, in the site's chrome like real themes."""
    main = f'<section class="error-404 not-found"><h1 class="page-title">Oops! That page can’t be found.</h1><p>{escape(path)}</p></section>'
    return _document(_head(f"Page not found – {SITE_NAME}", origin), "error404", main, served)
