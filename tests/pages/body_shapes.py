"""Writes the body-shape pages under tests/pages/body-*: stories we wrote, wrapped in the furniture
real publishers put around a story (navigation, tickers, share bars, related blocks and newsletter
appeals inside the article, comments, footers, script state blobs), so that the story is a small part
of each page. Run `python tests/pages/body_shapes.py` after editing; the pages are committed.

Each page's output.json states its title, publication time and `text`: the story's own text,
paragraphs separated by blank lines, as a reader should get it; `absent` lists strings that must
never reach the body, `images` image URLs that must.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

HERE = Path(__file__).parent
PLACEHOLDER = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"


@dataclass
class Story:
    case: str
    url: str
    title: str
    published: str
    blocks: list[tuple[str, str]]  # (kind, html): p, h2, h3, ul, ol, quote, figure, embed (not story text), html, post, video
    template: str
    head_title: str = ""
    og_title: str | None = None
    jsonld: dict | None = None
    h1_html: str | None = None
    dateline_html: str = ""
    meta_extra: str = ""
    lang: str = "en"
    charset: str = "utf-8"
    encoding: str = "utf-8"
    absent: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    comments: bool = False
    extra_expected: dict = field(default_factory=dict)
    timezone: str | None = None
    profile: str | None = None
    mid_appeal: bool = True

    def body_html(self) -> str:
        parts = []
        for index, (kind, html) in enumerate(self.blocks):
            if kind == "p":
                parts.append(f"<p>{html}</p>")
            elif kind in ("h2", "h3"):
                parts.append(f"<{kind}>{html}</{kind}>")
            elif kind in ("ul", "ol"):
                parts.append(f"<{kind}>" + "".join(f"<li>{i}</li>" for i in html.split("||")) + f"</{kind}>")
            elif kind == "quote":
                parts.append(f"<blockquote><p>{html}</p></blockquote>")
            else:
                parts.append(html)
            if self.mid_appeal and index == 2 and len(self.blocks) > 5:
                parts.append(MID_APPEALS[self.template])
            if self.mid_appeal and index == 4 and len(self.blocks) > 7:
                parts.append(INLINE_RELATED[self.template])
        return "\n".join(parts)

    def text(self) -> str:
        out = []
        for kind, html in self.blocks:
            if kind in ("ul", "ol"):
                out += [_plain(i) for i in html.split("||")]
            elif kind == "figure":
                caption = html.split("<figcaption>")[-1].split("</figcaption>")[0] if "<figcaption>" in html else ""
                if caption:
                    out.append(_plain(caption))
            elif kind == "embed":
                continue
            elif kind == "html":
                out.append(_plain(html))
            elif kind == "post":  # an embedded post reaches a reader as a link to it, not a copy of its text
                out.append("Post by @" + html.split("(@")[1].split(")")[0])
            elif kind == "video":  # an embedded player reaches a reader as a link named by its title
                out.append(html.split('title="')[1].split('"')[0])
            else:
                out.append(_plain(html))
        return "\n\n".join(o for o in out if o)


def _plain(html: str) -> str:
    import re
    from html import unescape
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())


NAV = ["World", "Politics", "Business", "Tech", "Science", "Health", "Sport", "Culture", "Opinion", "Travel", "Food",
       "Weather", "Video", "Podcasts", "Puzzles", "Obituaries"]
OTHER_HEADLINES = [
    "Council delays vote on harbour redevelopment after late objections",
    "Heatwave warning extended as temperatures stay above 35C",
    "Striking nurses return to talks with new pay offer on the table",
    "Museum returns bronze figures taken during colonial era",
    "Rail operator apologises after week of cancellations on coastal line",
    "Young chess player becomes the country's youngest grandmaster",
    "Price of olive oil doubles in two years, grocers say",
    "Opposition leader calls for inquiry into procurement contracts",
]
TEASERS = [
    "The city's planning committee said it needed more time to study the objections, which were filed by residents "
    "and two shipping companies in the final days of the consultation.",
    "Forecasters said the hot spell would last at least until the weekend, with the highest temperatures expected "
    "inland and overnight lows well above the seasonal average.",
    "Union representatives said the offer was a step in the right direction but that it did not yet address staffing "
    "levels on night shifts, which they described as dangerous.",
    "The figures, taken in 1897, will go on display in a new gallery next spring before being handed over in a "
    "ceremony attended by the country's culture minister.",
]


def _nav(cls: str) -> str:
    return f'<nav class="{cls}"><ul>' + "".join(f'<li><a href="/{n.lower()}/">{n}</a></li>' for n in NAV) + "</ul></nav>"


def _related_list(cls: str, with_teasers: bool = True) -> str:
    items = []
    for i, headline in enumerate(OTHER_HEADLINES[:6]):
        teaser = f"<p>{TEASERS[i % len(TEASERS)]}</p>" if with_teasers and i < 4 else ""
        items.append(f'<li class="{cls}__item"><a href="/news/2024/{i + 3:02d}/story-{i}"><h3>{headline}</h3></a>{teaser}'
                     f'<span class="{cls}__time">{i + 2} hours ago</span></li>')
    return f'<section class="{cls}"><h2>More stories</h2><ul>{"".join(items)}</ul></section>'


def _comments(n: int = 5) -> str:
    bodies = [
        "This is exactly what I have been saying for years. Nobody listens until it is too late, and then everybody "
        "acts surprised that the problem has grown this big.",
        "I live two streets away and can confirm it has been a nightmare since the spring. Thanks for covering it.",
        "Great reporting as always. Would love a follow-up on what the council actually plans to do about funding.",
        "Not sure I agree with the framing here. The article leaves out the cost to taxpayers entirely.",
        "My grandfather worked there for forty years. Sad to see how things have changed, but maybe it is for the best.",
    ]
    items = "".join(
        f'<li class="comment" id="comment-{i}"><div class="comment-author">reader{i * 7 + 3}</div>'
        f'<div class="comment-meta"><time datetime="2024-06-1{i}T09:0{i}:00Z">June 1{i}, 2024 at 9:0{i} am</time></div>'
        f'<div class="comment-content"><p>{bodies[i % len(bodies)]}</p></div><a class="comment-reply-link" href="#">Reply</a></li>'
        for i in range(n))
    return (f'<div id="comments" class="comments-area"><h2 class="comments-title">{n} thoughts on this story</h2>'
            f'<ol class="comment-list">{items}</ol><div id="respond"><h3>Leave a Reply</h3><form><textarea></textarea>'
            '<p>Your email address will not be published. Required fields are marked *</p><button>Post Comment</button>'
            '</form></div></div>')


def _state_blob(story: Story) -> str:
    state = {"page": {"type": "article", "id": abs(hash(story.case)) % 99999, "section": "news",
                      "headline": story.title, "teaser": TEASERS[0], "related": OTHER_HEADLINES[:5]},
             "ads": {"slots": ["top", "mid", "bottom"], "targeting": {"kw": ["news", "local"]}},
             "user": {"loggedIn": False, "consent": None}}
    return f"<script>window.__PRELOADED_STATE__ = {json.dumps(state)};</script>"


def _footer() -> str:
    cols = "".join(f'<div class="footer-col"><h4>{h}</h4><ul>' + "".join(f'<li><a href="/{h.lower()}/{i}">{n}</a></li>'
                   for i, n in enumerate(NAV[:6])) + "</ul></div>" for h in ("Sections", "Services", "Company"))
    return (f'<footer class="site-footer">{cols}<p class="footer-about">We are an independent newsroom. Our reporters '
            'cover the city, the region and the world, and our journalism is funded by readers like you.</p>'
            '<p class="copyright">&copy; 2024 The Publisher. All rights reserved. Terms of use | Privacy policy | '
            'Cookie settings</p></footer>')


MID_APPEALS = {
    "cnn": '<div class="ad-slot-dynamic ad-slot-header__wrapper"><div class="ad-feedback-link">Ad Feedback</div></div>',
    "substack": '<p class="button-wrapper" data-attrs="{}"><a class="button primary" href="/subscribe"><span>Subscribe now</span></a></p>',
    "wire": '<div class="Enhancement"><div class="Advertisement"><div class="ad-label">Advertisement</div></div></div>',
    "oldschool": '',
    "tabloid": '<p><strong>READ MORE: <a href="/showbiz/other">Star reveals wedding plans in surprise post</a></strong></p>',
    "ghost": '<div class="kg-card kg-cta-card"><p>Enjoying this essay? Subscribe to get new posts in your inbox.</p></div>',
    "metro": '<div class="newsletter-signup"><h3>Get the Morning Briefing</h3><p>Sign up for our newsletter and get the '
             'day\'s most important stories in your inbox every morning.</p><form><input type="email"><button>Sign up</button></form></div>',
    "portal": '<div class="also-read"><strong>Also Read:</strong> <a href="/news/other-story/details">Flood alert issued '
              'for three districts as river rises</a></div>',
    "modern": '<div class="css-9x1k2 promo-box" data-testid="inline-promo"><p>Support independent journalism. Become a '
              'member today and get unlimited access to all our stories for just $1 a week.</p><a href="/subscribe">Subscribe</a></div>',
    "euro": '<aside class="teaser-box"><h4>Mehr zum Thema</h4><ul><li><a href="/a">Regierung plant neue Haushaltsregeln</a></li>'
            '<li><a href="/b">Opposition kritisiert Verzögerung bei Reform</a></li></ul></aside>',
    "blog": '<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Share this:</h3><ul><li><a href="#">Twitter</a>'
            '</li><li><a href="#">Facebook</a></li></ul></div>',
    "magazine": '<div class="ad-slot" data-ad="mid"><span class="ad-label">Advertisement</span><div id="gpt-mid"></div></div>',
}
INLINE_RELATED = {
    "cnn": '<div class="related-content related-content--article"><h2>Related article</h2><a href="/x"><span>What the new budget means for you</span></a></div>',
    "substack": '<p class="button-wrapper" data-attrs="{}"><a class="button primary" href="https://fieldnotes.example/p/share"><span>Share Field Notes</span></a></p>',
    "wire": '<div class="Enhancement"><div class="Enhancement-item"><a href="/article/related">Related coverage: Ferry operator fined</a></div></div>',
    "oldschool": '',
    "tabloid": '<p><strong>READ MORE: <a href="/showbiz/tv/presenter-shake-up">Teatime presenter shake-up as two hosts leave</a></strong></p>',
    "ghost": '<figure class="kg-card kg-image-card"><img src="/content/images/2024/chart.png" class="kg-image" alt="chart"></figure>',
    "metro": '<aside class="related-inline"><h4>Related</h4><a href="/x">Harbour plan faces fresh legal challenge</a></aside>',
    "portal": '<p class="read-more"><a href="/news/more/details">Read more: State announces relief package for farmers</a></p>',
    "modern": '<div class="css-4tq1r" data-testid="related-link"><span>Related:</span> <a href="/r">How the budget '
              'talks fell apart</a></div>',
    "euro": '<div class="ad ad--inline"><span>Anzeige</span></div>',
    "blog": '<p><em>Related: <a href="/2023/05/older-post/">What we learned from last year\'s count</a></em></p>',
    "magazine": '<aside class="pullquote"><p>“We are not asking for charity. We are asking to be counted.”</p></aside>',
}


def page(story: Story) -> str:
    t = story.template
    jsonld = f'<script type="application/ld+json">{json.dumps(story.jsonld, ensure_ascii=False)}</script>' if story.jsonld else ""
    og = f'<meta property="og:title" content="{escape(story.og_title)}">' if story.og_title is not None else ""
    h1 = story.h1_html if story.h1_html is not None else escape(story.title)
    head = (f'<!DOCTYPE html>\n<html lang="{story.lang}">\n<head>\n<meta charset="{story.charset}">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{escape(story.head_title or story.title)}</title>\n'
            f'{og}\n<meta property="og:type" content="article">\n<meta name="twitter:card" content="summary_large_image">\n'
            f'{story.meta_extra}\n<link rel="canonical" href="{story.url}">\n<link rel="stylesheet" href="/assets/site.css">\n'
            '<script async src="/assets/analytics.js"></script>\n'
            "<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}gtag('js',new Date());</script>\n"
            f'{jsonld}\n</head>\n')
    body = story.body_html()
    comments = _comments() if story.comments else ""
    if t == "metro":
        html = (f'<body class="single single-post postid-4812 has-sidebar">\n<div class="top-bar"><span class="today">Friday, June 14, 2024</span>'
                f' <a href="/subscribe">Subscribe</a> <a href="/login">Log in</a></div>\n<header class="site-header"><div class="site-branding">'
                f'<a class="custom-logo-link" href="/"><img src="/logo.png" alt="The Lakeport Ledger"></a></div>{_nav("main-navigation")}'
                f'<form class="search-form"><input type="search" placeholder="Search"></form></header>\n'
                f'<div class="breaking-news"><span>Breaking:</span> <a href="/b">{OTHER_HEADLINES[0]}</a></div>\n'
                f'<div id="primary" class="content-area"><main id="main" class="site-main">\n<article class="post type-post">\n'
                f'<header class="entry-header"><div class="cat-links"><a href="/category/local/" rel="category tag">Local</a></div>'
                f'<h1 class="entry-title">{h1}</h1>{story.dateline_html}</header>\n'
                f'<div class="share-buttons"><a href="#">Share on Facebook</a> <a href="#">Share on X</a> <a href="#">Email</a></div>\n'
                f'<div class="entry-content">\n{body}\n</div>\n'
                f'<footer class="entry-footer"><span class="tags-links">Tagged <a href="/tag/city/" rel="tag">city</a>, '
                f'<a href="/tag/council/" rel="tag">council</a></span></footer>\n'
                f'<div class="author-bio"><h3>About the author</h3><p>Our staff writer has covered City Hall for the Ledger since 2015 '
                f'and previously reported for papers across the state.</p></div>\n</article>\n'
                f'{_related_list("related-posts")}\n{comments}\n</main></div>\n'
                f'<aside id="secondary" class="widget-area"><section class="widget widget_recent_entries"><h2 class="widget-title">Recent Posts</h2>'
                f'<ul>' + "".join(f'<li><a href="/p{i}">{h}</a></li>' for i, h in enumerate(OTHER_HEADLINES)) + '</ul></section>'
                f'<section class="widget"><h2 class="widget-title">Newsletter</h2><p>Subscribe to get our best stories delivered '
                f'to your inbox every weekday morning, free of charge.</p></section></aside>\n{_footer()}\n{_state_blob(story)}\n</body>\n</html>\n')
    elif t == "portal":
        html = (f'<body>\n<div id="header-clock">June 14, 2024 08:15 pm (IST)</div>\n<div class="top-menu">{_nav("navbar")}</div>\n'
                f'<div class="breaking"><b>Breaking</b> ' + " | ".join(f'<a href="/n{i}/details">{h}</a>' for i, h in enumerate(OTHER_HEADLINES[:4])) + '</div>\n'
                f'<div class="container"><div class="row"><div class="col-md-8">\n'
                f'<div class="tag-list"><a href="/tags/india">India</a> | <a href="/tags/economy">Economy</a></div>\n'
                f'<h1>{h1}</h1>\n{story.dateline_html}\n'
                f'<div class="social-share"><a href="#">f</a><a href="#">t</a><a href="#">w</a></div>\n'
                f'<div class="news-details">\n{body}\n'
                f'<div class="support-us"><h3>Support Our Journalism</h3><p>We cannot do without you. Your contribution supports unbiased '
                f'journalism. IBNS is not driven by any political or government sponsorship.</p><a href="/donate">Donate</a></div>\n'
                f'</div>\n{_related_list("more-news", with_teasers=True)}\n{comments}\n</div>\n'
                f'<div class="col-md-4 sidebar"><div class="most-read"><h3>Most Read</h3><ol>' +
                "".join(f'<li><a href="/m{i}/details">{h}</a></li>' for i, h in enumerate(OTHER_HEADLINES)) + '</ol></div></div>\n'
                f'</div></div>\n{_footer()}\n{_state_blob(story)}\n</body>\n</html>\n')
    elif t == "modern":
        html = (f'<body>\n<div id="__next"><div class="css-1r8a9k"><div class="css-7hg2s" data-testid="masthead">'
                f'<a href="/" class="css-2lnk"><svg aria-label="The Daily Current"></svg></a>{_nav("css-nav92")}</div>\n'
                f'<div class="css-5b2c1"><div class="css-pl0q1"><span class="css-a1">Live updates</span> <a href="/l">{OTHER_HEADLINES[2]}</a></div>\n'
                f'<div class="css-0z9y8"><div class="css-h1wrap"><h1 class="css-19v2s" data-testid="headline">{h1}</h1></div>\n'
                f'{story.dateline_html}\n<div class="css-bd8s1" data-testid="article-body"><div class="css-s8f3k">\n{body}\n</div></div>\n'
                f'<div class="css-vv2k1" data-testid="share-tools"><button>Share</button><button>Save</button></div>\n'
                f'</div>\n<div class="css-rel01" data-testid="recirculation">{_related_list("css-recirc")}</div>\n{comments}\n'
                f'</div>\n{_footer()}</div></div>\n'
                f'<script id="__NEXT_DATA__" type="application/json">{json.dumps({"props": {"pageProps": {"title": story.title, "body": story.text()[:400]}}})}</script>\n'
                f'</body>\n</html>\n')
    elif t == "euro":
        html = (f'<body class="artikel">\n<header class="kopf"><a class="logo" href="/">Nordkurier Rundschau</a>{_nav("hauptnavigation")}'
                f'<div class="wetter">Berlin 21°</div></header>\n<div class="ticker">Eilmeldung: <a href="/t">{OTHER_HEADLINES[5]}</a></div>\n'
                f'<main class="inhalt"><article class="artikel-haupt">\n<header class="article-header"><h1>{h1}</h1>{story.dateline_html}</header>\n'
                f'<div class="artikel-text">\n{body}\n</div>\n'
                f'<div class="artikel-fuss"><p class="copyright-hinweis">© dpa-infocom, Nordkurier Rundschau</p>'
                f'<div class="teilen"><a href="#">Teilen</a></div></div>\n</article>\n'
                f'<section class="weitere-artikel related"><h2>Weitere Artikel</h2><ul>' +
                "".join(f'<li><a href="/w{i}"><h3>{h}</h3><p>{TEASERS[i % 4]}</p></a></li>' for i, h in enumerate(OTHER_HEADLINES[:4])) +
                f'</ul></section>\n{comments}\n</main>\n{_footer()}\n{_state_blob(story)}\n</body>\n</html>\n')
    elif t == "blog":
        html = (f'<body class="single-view">\n<div class="navbar section" id="navbar"><a href="/">Home</a> | <a href="/about">About</a></div>\n'
                f'<div class="header-outer"><div class="Header"><h1 class="title"><a href="/">Notes from the Valley</a></h1>'
                f'<p class="description">Small-town news, birds and weather since 2009</p></div></div>\n'
                f'<div class="main-outer"><div class="main-inner"><div class="blog-posts hfeed">\n'
                f'<h2 class="date-header"><span>{story.dateline_html}</span></h2>\n'
                f'<div class="post hentry"><h3 class="post-title entry-title">{h1}</h3>\n'
                f'<div class="post-body entry-content">\n{body}\n</div>\n'
                f'<div class="post-footer"><span class="post-author vcard">Posted by <span class="fn">Mara Quill</span></span> '
                f'<span class="post-labels">Labels: <a href="/search/label/birds" rel="tag">birds</a></span></div></div>\n'
                f'{comments}\n</div></div>\n<div class="sidebar"><div class="widget BlogArchive"><h2>Blog Archive</h2><ul>' +
                "".join(f'<li><a href="/2024/0{m}/">2024/0{m}</a></li>' for m in range(1, 7)) + '</ul></div>'
                f'<div class="widget Profile"><h2>About Me</h2><p>I write about the valley, its people and its birds. Retired teacher, '
                f'amateur photographer, and occasional grump about the weather.</p></div></div></div>\n{_footer()}\n</body>\n</html>\n')
    elif t == "wire":
        cards = "".join(f'<div class="PageList-items-item"><div class="PagePromo"><div class="PagePromo-media"><img src="/i/{i}.jpg"></div>'
                        f'<div class="PagePromo-content"><div class="PagePromo-title"><a class="Link" href="/article/other-{i}">'
                        f'<span class="PagePromoContentIcons-text">{h}</span></a></div><div class="PagePromo-description">'
                        f'<a class="Link" href="/article/other-{i}"><span>{TEASERS[i % 4]}</span></a></div></div></div></div>'
                        for i, h in enumerate(OTHER_HEADLINES[:5]))
        html = (f'<body class="Page-body">\n<bsp-header class="Page-header"><div class="Page-header-bar"><a class="Page-header-logo" href="/">'
                f'<svg><title>Wire Service</title></svg></a>{_nav("Page-header-navigation")}</div></bsp-header>\n'
                f'<main class="Page-main"><div class="Page-content"><bsp-story-page class="StoryPage"><div class="Page-lead">'
                f'<div class="Page-headline"><h1 class="Page-headline">{h1}</h1></div>{story.dateline_html}</div>\n'
                f'<div class="Page-storyBody"><div class="RichTextStoryBody RichTextBody">\n{body}\n</div></div>\n'
                f'<div class="Page-below"><div class="PageListStandardE"><div class="PageList-header"><h2>Latest</h2></div>'
                f'<div class="PageList-items">{cards}</div></div></div></bsp-story-page></div></main>\n{_footer()}\n'
                f'{_state_blob(story)}\n</body>\n</html>\n')
    elif t == "oldschool":
        paras = story.body_html().replace("<p>", "").replace("</p>", "<br><br>\n")
        html = (f'<body bgcolor="#ffffff"><table width="100%" border="0"><tr><td colspan="2"><a href="/"><img src="/banner.gif" alt="Valley Tribune"></a></td></tr>'
                f'<tr><td width="160" valign="top" class="leftnav">' + "<br>".join(f'<a href="/{n.lower()}.asp">{n}</a>' for n in NAV) +
                f'</td><td valign="top"><font face="Arial" size="2"><span class="breadcrumb"><a href="/">Home</a> &gt; <a href="/local.asp">Local</a></span><br>'
                f'<b><font size="4" class="headline">{h1}</font></b><br>{story.dateline_html}<br><br>\n{paras}'
                f'<hr><i>Copyright 2024 Valley Tribune. All rights reserved.</i><br><br><b>Other stories:</b><br>' +
                "<br>".join(f'<a href="/story.asp?id={i}">{h}</a>' for i, h in enumerate(OTHER_HEADLINES)) +
                f'</font></td></tr></table>\n</body>\n</html>\n')
    elif t == "tabloid":
        html = (f'<body class="article-page">\n<div class="cookie-banner" role="dialog"><p>We and our partners use cookies.</p></div>\n'
                f'<header class="mast">{_nav("mast__nav")}</header>\n<div class="article-container"><article itemscope itemtype="https://schema.org/NewsArticle">\n'
                f'<div class="article__kicker"><a href="/showbiz">Showbiz</a></div><h1 itemprop="headline" class="article__headline">{h1}</h1>\n'
                f'{story.dateline_html}\n<div class="article__body" itemprop="articleBody">\n{body}\n</div>\n'
                f'<div class="article__tags"><a href="/t/a">Celebrity</a> <a href="/t/b">TV</a></div></article>\n'
                f'<div class="taboola-below-article"><div class="trc_rbox"><span class="trc_header">Promoted Stories</span>' +
                "".join(f'<div class="videoCube"><a href="https://ads.example/{i}"><span class="video-label">{h}</span></a></div>' for i, h in enumerate(OTHER_HEADLINES[:6])) +
                f'</div></div>\n{comments}\n</div>\n{_footer()}\n{_state_blob(story)}\n</body>\n</html>\n')
    elif t == "ghost":
        html = (f'<body class="post-template">\n<div class="site-wrapper"><header id="gh-head" class="gh-head">{_nav("gh-head-menu")}</header>\n'
                f'<main id="site-main" class="site-main"><article class="article post">\n<header class="article-header gh-canvas">'
                f'<section class="article-tag post-card-tags"><span class="post-card-primary-tag"><a href="/tag/essays/">Essays</a></span></section>'
                f'<h1 class="article-title">{h1}</h1>{story.dateline_html}</header>\n<section class="gh-content gh-canvas">\n{body}\n</section>\n'
                f'</article>\n<section class="footer-cta outer"><div class="inner"><h2 class="footer-cta-title">Sign up for more like this.</h2>'
                f'<a class="footer-cta-button" href="#/portal">Enter your email</a></div></section>\n'
                f'<aside class="read-more-wrap outer"><div class="read-more inner">' +
                "".join(f'<article class="post-card post"><a class="post-card-image-link" href="/p{i}/"><img src="/c/{i}.jpg"></a>'
                        f'<div class="post-card-content"><a class="post-card-content-link" href="/p{i}/"><header class="post-card-header">'
                        f'<h2 class="post-card-title">{h}</h2></header><div class="post-card-excerpt">{TEASERS[i % 4]}</div></a></div></article>'
                        for i, h in enumerate(OTHER_HEADLINES[:3])) +
                f'</div></aside></main>\n{_footer()}</div>\n</body>\n</html>\n')
    elif t == "cnn":
        paras = story.body_html().replace("<p>", '<div class="paragraph inline-placeholder vossi-paragraph">').replace("</p>", "</div>")
        html = (f'<body class="layout--article">\n<header class="header" data-editable="header">{_nav("header__nav")}</header>\n'
                f'<div class="layout__content-wrapper"><section class="layout__top"><div class="headline"><h1 class="headline__text" id="maincontent">{h1}</h1>'
                f'<div class="headline__footer"><div class="byline">{story.dateline_html}</div></div></div></section>\n'
                f'<section class="layout__main"><div class="article__content-container"><div class="article__content" data-editable="content">\n'
                f'{paras}\n</div></div>\n<div class="related-content related-content--article"><h2 class="related-content__headline">Related content</h2>' +
                "".join(f'<div class="related-content__item"><a href="/r{i}"><span class="container__headline-text">{h}</span></a></div>' for i, h in enumerate(OTHER_HEADLINES[:4])) +
                f'</div></section>\n<section class="layout__bottom"><div class="zone__items">' +
                "".join(f'<div class="card container__item"><a class="container__link" href="/c{i}"><div class="container__text"><span class="container__headline-text">{h}</span></div></a></div>'
                        for i, h in enumerate(OTHER_HEADLINES)) +
                f'</div></section></div>\n{_footer()}\n{_state_blob(story)}\n</body>\n</html>\n')
    elif t == "substack":
        html = (f'<body><div id="entry"><div class="main-menu"><a class="navbar-title-link" href="/">Field Notes</a>'
                f'<a class="button subscribe-btn" href="/subscribe">Subscribe</a><a href="/signin">Sign in</a></div>\n'
                f'<div class="single-post-container"><article class="typography newsletter-post post"><div class="post-header">'
                f'<h1 class="post-title published">{h1}</h1><h3 class="subtitle">Notes from a season on the river</h3>'
                f'{story.dateline_html}</div>\n<div class="available-content"><div dir="auto" class="body markup">\n{body}\n</div></div>\n'
                f'<div class="subscription-widget-wrap"><div class="subscription-widget"><p class="cta-caption">Thanks for reading Field Notes! '
                f'Subscribe for free to receive new posts and support my work.</p><input type="email"><button>Subscribe</button></div></div>\n'
                f'<div class="post-footer"><a class="post-ufi-button" href="#">Like</a><a class="post-ufi-button" href="#">Comment</a>'
                f'<a class="post-ufi-button" href="#">Restack</a><a href="#">Share</a></div></article>\n{comments}\n'
                f'<div class="post-end-cta"><h3>Ready for more?</h3><button>Subscribe</button></div></div>\n'
                f'<div class="footer-wrap"><p>© 2024 Field Notes · Privacy · Terms · Collection notice</p></div></div>\n</body>\n</html>\n')
    else:  # magazine
        html = (f'<body class="longform">\n<div class="cookie-consent"><p>We use cookies to improve your experience. By continuing '
                f'you agree to our cookie policy.</p><button>Accept</button></div>\n<header class="masthead"><a class="brand" href="/">'
                f'The Long Read Quarterly</a>{_nav("menu")}</header>\n<main><article class="feature">\n'
                f'<div class="feature-hero"><figure><img src="/media/hero-{story.case}.jpg" alt="Hero image"><figcaption>Photograph: Staff</figcaption></figure></div>\n'
                f'<header class="feature__header"><p class="kicker">The Long Read</p><h1 class="feature__title">{h1}</h1>'
                f'<p class="standfirst">{TEASERS[3]}</p>{story.dateline_html}</header>\n'
                f'<div class="feature__body">\n{body}\n</div>\n<div class="feature__footer"><p class="newsletter-cta">Sign up to the Long Read '
                f'email: get our best longform stories every Saturday.</p></div>\n</article>\n{_related_list("onward-journeys")}\n{comments}\n'
                f'</main>\n{_footer()}\n{_state_blob(story)}\n</body>\n</html>\n')
    return head + html


def write(story: Story) -> None:
    folder = HERE / story.case
    (folder / "inputs").mkdir(parents=True, exist_ok=True)
    html = page(story)
    (folder / "inputs" / "page.html").write_bytes(html.encode(story.encoding))
    meta = {"url": story.url}
    if story.timezone:
        meta["timezone"] = story.timezone
    if story.profile:
        meta["profile"] = story.profile
    (folder / "inputs" / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    expected = {"title": story.title, "published": story.published, "text": story.text(), **story.extra_expected}
    if story.absent:
        expected["absent"] = story.absent
    if story.images:
        expected["images"] = story.images
    (folder / "output.json").write_text(json.dumps(expected, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    from body_stories import STORIES  # noqa: E402  (the stories live beside this file)

    for story in STORIES:
        write(story)
    print(f"wrote {len(STORIES)} pages")
