"""The hostile site's pages: one case per hostile input, each with the outcome the crawl must reach.

Every page is original text written for these tests. Cases are grouped by the class of hostile input
(the issue's list); `build_site()` turns them into a `Site` for `HostileServer`, with section listing
pages that link every case, a robots.txt, and an "off-site" origin that must never be contacted.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html import escape

from tests.hostile.server import Reply, Route, Site, Visit

SITE_TITLE = "Hostile Herald"
FIRST_SEEN = "2026-02-17T12:00:00+05:30"  # the crawl's pinned clock (NEWSFEEDS_NOW) in the site's zone
NOW = "2026-02-17T06:30:00+00:00"
BYLINE_DATE = "Mar 19, 2021, at 12:47 am"
BYLINE_INSTANT = "2021-03-19T00:47:00+05:30"
PUBLISHED = "2024-05-01T09:30:00+05:30"
ROBOTS_TXT = "User-agent: *\nDisallow: /private\nDisallow: /members\nDisallow: /story/private-\n"
FORBIDDEN = ("/private", "/members", "/story/private/secret-one", "/story/members/secret-two", "/story/private-memo")
STORY = (
    "The harbour authority met to discuss how the new ferry timetable would affect commuters from the islands.",
    "Officials said the changes were designed after a long run of complaints about late boats and missed trains.",
    "Residents will be able to comment on the draft plan, the authority said in a statement to reporters.",
)
MOJIBAKE_TITLE = "Café owners’ ₹500 levy"
MOJIBAKE_BODY = ("Prices at the café rose to ₹1,200, and the owners’ association said “enough” "
                 "in a naïve résumé.")
TWENTY_MB = 20 * 1024 * 1024

# What the crawl must do with a case.
FEED = "feed"          # in the feeds after the first run, with `title`
SKIPPED = "skipped"    # fetched, no usable article: not in feeds, not pending, run goes on
RETRIED = "retried"    # failed: not stored, kept pending, in the feeds after a run against the healed server
FAILED = "failed"      # fails every time: not stored, kept pending, never in the feeds
HELPER = "helper"      # not an article: a hop of another case


@dataclass(frozen=True)
class Case:
    """One hostile article page and what the crawl must make of it."""

    kind: str
    slug: str
    route: Route
    outcome: str
    title: str = ""
    published: str = PUBLISHED
    healed_title: str = ""
    note: str = ""
    listed: bool = True
    lands_at: str = ""
    body_has: tuple[str, ...] = ()

    @property
    def path(self) -> str:
        return f"/story/{self.kind}/{self.slug}"


@dataclass
class Catalog:
    """Every case, plus the listing pages and the off-site origin they point at."""

    offsite: str
    cases: list[Case] = field(default_factory=list)
    extra_links: dict[str, list[str]] = field(default_factory=dict)

    def of(self, kind: str) -> list[Case]:
        return [c for c in self.cases if c.kind == kind]

    def by_slug(self, slug: str) -> Case:
        return next(c for c in self.cases if c.slug == slug)


# --- page building -------------------------------------------------------------------------------


def jsonld(**node: object) -> str:
    """A JSON-LD block, with "</" escaped as sites do so that markup in a value cannot end the script."""
    text = json.dumps({"@context": "https://schema.org", **node}).replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>'


def article(title: str, *, h1: str | None = None, head: str = "", byline: str = BYLINE_DATE,
            paragraphs: Sequence[str] = STORY, body: str | None = None, published: str | None = PUBLISHED,
            keywords: Sequence[str] = (), charset: str | None = "utf-8", metadata: bool = True) -> str:
    """An article page in the house template; `body` replaces the story's paragraphs with raw markup."""
    node: dict[str, object] = {"@type": "NewsArticle", "headline": title}
    if published:
        node["datePublished"] = published
    if keywords:
        node["keywords"] = list(keywords)
    meta = f'<meta charset="{charset}">' if charset else ""
    story = body if body is not None else "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    heading = escape(title) if h1 is None else h1
    return (
        f"<!DOCTYPE html>\n<html lang=\"en\"><head>{meta}<title>{escape(title)} | {SITE_TITLE}</title>"
        f"{jsonld(**node) if metadata else ''}{head}</head>\n<body>\n"
        f'<header class="masthead"><a href="/">{SITE_TITLE}</a></header>\n'
        f"<article><h1>{heading}</h1>\n<div class=\"byline\">| @hostile | {byline}</div>\n"
        f'<div class="story-body">{story}</div></article>\n'
        f"<footer><p>{SITE_TITLE} is a test site that serves hostile pages on purpose.</p></footer>\n"
        "</body></html>\n"
    )


def page(html: str | bytes, content_type: str | None = "text/html; charset=utf-8", status: int = 200,
         headers: Sequence[tuple[str, str]] = (), fault: str = "") -> Route:
    """A route that always gives the same reply."""
    body = html.encode("utf-8") if isinstance(html, str) else html
    reply = Reply(status, body, content_type, tuple(headers), fault)
    return lambda visit: reply


def faulty(fault: Reply, good: str) -> Route:
    """A route that fails until the server is healed, then serves `good`."""
    healed = Reply(200, good.encode("utf-8"))
    return lambda visit: healed if visit.server.healed else fault


def faulty_then(before: Reply, after: Reply) -> Route:
    """A route that changes how it fails once the server is healed."""
    return lambda visit: after if visit.server.healed else before


def listing(title: str, links: Iterable[str]) -> str:
    """A section page linking every article of the section."""
    items = "\n".join(f'<li><a href="{escape(href)}">Story {n}</a></li>' for n, href in enumerate(links, 1))
    return (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{escape(title)}</title></head><body>"
            f"<h1>{escape(title)}</h1><ul class=\"stories\">\n{items}\n</ul></body></html>")


# --- the cases, one function per class of hostile input ------------------------------------------


def malformed() -> list[Case]:
    unclosed = (
        '<html><head><meta charset="utf-8"><title>Unclosed tags do not stop the story</title>\n'
        + jsonld(**{"@type": "NewsArticle", "headline": "Unclosed tags do not stop the story",
                    "datePublished": PUBLISHED})
        + "\n<body><article><h1>Unclosed tags do not stop the story</h1>"
        f'<div class="byline">| @hostile | {BYLINE_DATE}\n<div class="story-body">'
        f"<p>{STORY[0]} <b>Bold text <i>and italic text\n<p>{STORY[1]}\n<ul><li>one item<li>another item\n"
        f"<p>{STORY[2]}<table><tr><td>a cell<td>another cell\n"
    )
    no_body = (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>A page without a body element</title></head>\n'
        f'<h1>A page without a body element</h1><div class="byline">| @hostile | {BYLINE_DATE}</div>'
        + "".join(f"<p>{p}</p>" for p in STORY) + "</html>"
    )
    fragment = (f"<h1>A bare fragment with no html element</h1><p>| @hostile | {BYLINE_DATE}</p>"
                + "".join(f"<p>{p}</p>" for p in STORY))
    rng = random.Random(20210319)
    binary = bytes(rng.getrandbits(8) for _ in range(64 * 1024)).replace(b"<", b"(")
    def nested(title: str, depth: int) -> str:
        return article(title, body="<div>" * depth + "".join(f"<p>{p}</p>" for p in STORY) + "</div>" * (depth // 2))

    huge_paragraph = ("<p>" + "Padding text for a page that is far too big. " * 200 + "</p>\n").encode()
    huge = (article("A twenty megabyte page").encode() + huge_paragraph * (TWENTY_MB // len(huge_paragraph) + 1))
    broken_jsonld = article("Broken JSON-LD is ignored", metadata=False,
                            head='<script type="application/ld+json">{"@type": "NewsArticle", "headline": '
                                 '"Not this", "datePublished": "2024-05-01T09:30:00+05:30", </script>'
                                 '<script type="application/ld+json">[{"@type": </script>'
                                 '<script type="application/ld+json"></script>')
    conflicting = article(
        "Conflicting metadata settles on this page", metadata=False,
        head=jsonld(**{"@type": "Organization", "name": "Hostile Herald Group"})
        + jsonld(**{"@type": "NewsArticle", "headline": "A different story entirely",
                    "url": "http://elsewhere.invalid/story/other", "datePublished": "2001-01-01T00:00:00+00:00"})
        + jsonld(**{"@type": "NewsArticle", "headline": "Conflicting metadata settles on this page",
                    "datePublished": "2024-05-02T08:00:00+05:30"})
        + jsonld(**{"@type": "NewsArticle", "headline": "Yet another headline", "datePublished": "1999-09-09"}),
    )
    odd_types = article(
        "Odd JSON-LD value types are survived", metadata=False,
        head=jsonld(**{"@type": ["NewsArticle", 7], "headline": 12345, "datePublished": {"@value": None},
                       "keywords": [{"name": None}, 3.5, [["deep"]], True], "author": [1, None, {"x": 1}],
                       "image": {"url": 5}, "description": ["a", {"b": []}]}),
    )
    in_form = article("A whole page inside one form element").replace(
        "<body>\n", '<body>\n<form method="post" action="./page-inside-a-form" id="aspnetForm">'
                    '<input type="hidden" name="__VIEWSTATE" value="dDwtMTA4MzE0MjEwNTs7Pg==">').replace(
        "</body>", "</form></body>")
    whitespace = article("ignored", h1=" \n\t&nbsp;&#8203; &ensp; ", metadata=False).replace(
        "<title>ignored | Hostile Herald</title>", "<title> \n&nbsp; </title>")
    whitespace_og = article("ignored", h1="&nbsp; \n ", metadata=False,
                            head='<meta property="og:title" content="A headline from the page metadata">').replace(
        "<title>ignored | Hostile Herald</title>", "<title>\t</title>")
    return [
        Case("malformed", "unclosed-tags", page(unclosed), FEED, "Unclosed tags do not stop the story", body_has=STORY),
        Case("malformed", "no-body-element", page(no_body), FEED, "A page without a body element",
             published=BYLINE_INSTANT, body_has=STORY),
        Case("malformed", "bare-fragment", page(fragment), FEED, "A bare fragment with no html element",
             published=BYLINE_INSTANT, body_has=STORY),
        Case("malformed", "page-inside-a-form", page(in_form), FEED, "A whole page inside one form element",
             body_has=STORY, note="ASP.NET WebForms wrap the whole page in <form>"),
        Case("malformed", "empty-page", page(b""), SKIPPED),
        Case("malformed", "whitespace-page", page(b" \r\n\t \n"), SKIPPED),
        Case("malformed", "binary-as-html", page(binary, "text/html"), SKIPPED),
        Case("malformed", "binary-as-octet-stream", page(binary, "application/octet-stream"), SKIPPED),
        Case("malformed", "twenty-megabytes", page(huge), FAILED, note="Content-Length over DOWNLOAD_MAXSIZE"),
        Case("malformed", "twenty-megabytes-streamed", page(huge[: 512 * 1024], fault="stream"), FAILED,
             note="no Content-Length; 40 x 512 KiB until the connection closes"),
        Case("malformed", "deeply-nested", page(nested("Deeply nested markup still yields a story", 1_500)), FEED,
             "Deeply nested markup still yields a story", body_has=STORY, note="1,500 unclosed <div>s"),
        Case("malformed", "absurdly-nested", page(nested("Absurdly nested markup still yields a title", 12_000)),
             FEED, "Absurdly nested markup still yields a title",
             note="12,000 unclosed <div>s: past libxml2's depth limit the body may be lost, the article is not"),
        Case("malformed", "broken-json-ld", page(broken_jsonld), FEED, "Broken JSON-LD is ignored",
             note="the truncated block's date is salvaged; its headline is not the page's"),
        Case("malformed", "conflicting-json-ld", page(conflicting), FEED, "Conflicting metadata settles on this page",
             published="2024-05-02T08:00:00+05:30"),
        Case("malformed", "odd-json-ld-types", page(odd_types), FEED, "Odd JSON-LD value types are survived",
             published=BYLINE_INSTANT),
        Case("malformed", "whitespace-headline", page(whitespace), SKIPPED),
        Case("malformed", "whitespace-headline-og-title", page(whitespace_og), FEED,
             "A headline from the page metadata", published=BYLINE_INSTANT),
    ]


def encodings() -> list[Case]:
    def variant(label: str, charset_meta: str | None = None, http_equiv: str | None = None) -> str:
        head = f'<meta http-equiv="Content-Type" content="text/html; charset={http_equiv}">' if http_equiv else ""
        return article(f"{label}: {MOJIBAKE_TITLE}", charset=charset_meta, head=head,
                       paragraphs=(MOJIBAKE_BODY, *STORY))

    def encoded(html: str, codec: str) -> bytes:
        return html.encode(codec, "xmlcharrefreplace")

    specs: list[tuple[str, str, bytes, str, str]] = [
        # slug, label, body, Content-Type, note
        ("cp1252-in-header", "Windows-1252 in header", encoded(variant("Windows-1252 in header"), "cp1252"),
         "text/html; charset=windows-1252", ""),
        ("cp1252-in-meta", "Windows-1252 in meta", encoded(variant("Windows-1252 in meta", "windows-1252"), "cp1252"),
         "text/html", ""),
        ("cp1252-undeclared", "Windows-1252 undeclared", encoded(variant("Windows-1252 undeclared"), "cp1252"),
         "text/html", ""),
        ("latin1-in-header", "Latin-1 in header", encoded(variant("Latin-1 in header"), "latin-1"),
         "text/html; charset=ISO-8859-1", ""),
        ("latin1-in-meta-content-type", "Latin-1 in meta Content-Type",
         encoded(variant("Latin-1 in meta Content-Type", None, "iso-8859-1"), "latin-1"), "text/html", ""),
        ("latin1-undeclared", "Latin-1 undeclared", encoded(variant("Latin-1 undeclared"), "latin-1"), "text/html", ""),
        ("utf8-bom", "UTF-8 with a BOM", b"\xef\xbb\xbf" + variant("UTF-8 with a BOM").encode(), "text/html", ""),
        ("utf8-bom-header-says-latin1", "UTF-8 BOM beats header",
         b"\xef\xbb\xbf" + variant("UTF-8 BOM beats header").encode(), "text/html; charset=iso-8859-1", ""),
        ("meta-lies-header-right", "Header beats a lying meta",
         variant("Header beats a lying meta", "iso-8859-1").encode(), "text/html; charset=utf-8", ""),
        ("utf8-declared-latin1", "UTF-8 declared Latin-1",
         variant("UTF-8 declared Latin-1").replace('<meta charset="utf-8">', "").encode(),
         "text/html; charset=iso-8859-1", "header lies: the bytes are UTF-8"),
        ("cp1252-declared-utf8", "Windows-1252 declared UTF-8",
         encoded(variant("Windows-1252 declared UTF-8").replace('<meta charset="utf-8">', ""), "cp1252"),
         "text/html; charset=utf-8", "header lies: the bytes are Windows-1252"),
        ("cp1252-meta-says-utf8", "Windows-1252 meta says UTF-8",
         encoded(variant("Windows-1252 meta says UTF-8", "utf-8"), "cp1252"), "text/html",
         "meta lies: the bytes are Windows-1252"),
    ]
    return [Case("encodings", slug, page(body, content_type), FEED, f"{label}: {MOJIBAKE_TITLE}", note=note)
            for slug, label, body, content_type, note in specs]


def text() -> list[Case]:
    controls = article("Control characters are dropped", h1="Control\x07 characters\x0b are\x1f dropped\x7f",
                       body=f"<p>{STORY[0]}\x00 nul\x01 &#0; &#1; &#x0B; &#x1F; &#127; &#x9F; controls</p>"
                            f"<p>{STORY[1]}</p><p>{STORY[2]}</p>")
    controls = controls.replace('"headline": "Control characters are dropped"',
                                '"headline": "Control\\u0000 characters\\u0001 are\\u001f dropped"')
    surrogates = article("Lone surrogates are removed here 🚀",
                         body=f"<p>{STORY[0]} &#xD800; &#xDFFF; &#55296;</p><p>{STORY[1]}</p><p>{STORY[2]}</p>",
                         keywords=["Lone\\ud800Tag"])
    surrogates = surrogates.replace('"headline": "Lone surrogates are removed here \\ud83d\\ude80"',
                                    '"headline": "Lone surrogates \\ud800are removed\\udfff here \\ud83d\\ude80"')
    surrogates = surrogates.replace('"Lone\\\\ud800Tag"', '"Lone\\ud800Tag"')
    cdata = article("Markup ]]> ends CDATA sections",
                    body=f"<p>{STORY[0]} The sequence ]]&gt; ends a section; <![CDATA[ odd ]]> ]]> too.</p>"
                         f"<p>{STORY[1]}</p><p>{STORY[2]}</p>")
    entities = article("Fish & chips © 2024 … ₹99 ’n’ 3 < 5",
                       h1="Fish &amp; chips &copy; 2024 &hellip; &#8377;99 &rsquo;n&rsquo; 3 &lt; 5",
                       body=f"<p>{STORY[0]} &amp; &copy; &nbsp;&hellip; &#x20B9; &notanentity; &amp</p>"
                            f"<p>{STORY[1]}</p><p>{STORY[2]}</p>")
    rtl = article("\u200fالأخبار\u200f headlines \u202bمرحبا\u202c today")
    emoji = article("Emoji 🚀 launch 👩🏽‍💻 coders 🇮🇳 flag", keywords=["🚀", "👩🏽‍💻"])
    long_words = "Long headline words " * 500
    long_single = "x" * 10_000
    html_title = article("Bold claims about markup", h1="Bold claims about <em>markup</em>", metadata=False,
                         head=jsonld(**{"@type": "NewsArticle",
                                        "headline": "<b>Bold</b> claims about <script>alert(1)</script>markup",
                                        "datePublished": PUBLISHED})
                         + '<meta property="og:title" content="&lt;b&gt;Bold&lt;/b&gt; claims about '
                           '&lt;script&gt;alert(1)&lt;/script&gt;markup">')
    return [
        Case("text", "control-characters", page(controls), FEED, "Control characters are dropped"),
        Case("text", "lone-surrogates", page(surrogates), FEED, "Lone surrogates are removed here 🚀"),
        Case("text", "cdata-terminator", page(cdata), FEED, "Markup ]]> ends CDATA sections"),
        Case("text", "entities", page(entities), FEED, "Fish & chips © 2024 … ₹99 ’n’ 3 < 5"),
        Case("text", "rtl-marks", page(rtl), FEED, "\u200fالأخبار\u200f headlines \u202bمرحبا\u202c today"),
        Case("text", "emoji", page(emoji), FEED, "Emoji 🚀 launch 👩🏽‍💻 coders 🇮🇳 flag"),
        Case("text", "ten-thousand-char-title", page(article(long_words.strip())), FEED, long_words.strip()),
        Case("text", "ten-thousand-char-word", page(article(long_single)), FEED, long_single),
        Case("text", "html-in-title", page(html_title), FEED, "Bold claims about markup"),
    ]


ATTACK_BODY = f"""
<p>{STORY[0]}<script>alert(1)</script><script src="http://attacker.invalid/x.js"></script></p>
<style>body {{ display: none }}</style><link rel="stylesheet" href="http://attacker.invalid/x.css">
<base href="http://attacker.invalid/">
<p style="position:fixed;top:0;background:url(javascript:alert(1))" onclick="alert(1)">{STORY[1]}</p>
<img src="/images/ferry.jpg" alt="The ferry" onerror="alert(1)" onload="alert(1)">
<a href="javascript:alert(1)">a script link</a> <a href="JaVaScRiPt:alert(1)">mixed case</a>
<a href=" &#106;avascript:alert(1)">entity</a> <a href="java&#x09;script:alert(1)">tab</a>
<a href="jav&#x0A;ascript:alert(1)">newline</a> <a href="vbscript:msgbox(1)">vb</a>
<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data link</a>
<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+" alt="inline">
<img srcset="javascript:alert(1) 1x, data:image/png;base64,AAAA 2x" alt="bad srcset">
<iframe src="http://attacker.invalid/frame"></iframe><iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>
<svg onload="alert(1)"><script>alert(1)</script><a href="javascript:alert(1)"><text>svg</text></a></svg>
<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>
<object data="http://attacker.invalid/x.swf"></object><embed src="http://attacker.invalid/x.swf">
<template><script>alert(1)</script></template>
<noscript><p title="</noscript><img src=x onerror=alert(1)>">noscript</p></noscript>
<svg><style><img src=x onerror=alert(1)></style></svg>
<form action="javascript:alert(1)"><input name="q" onfocus="alert(1)" autofocus><button>Go</button></form>
<div onmouseover="alert(1)"><p>{STORY[2]}</p></div>
<a href="/story/attacks/next" target="_blank" rel="opener">an on-site link</a>
"""


def attacks(offsite: str) -> list[Case]:
    metadata = article(
        "Metadata that attacks readers", metadata=False,
        head=jsonld(**{"@type": "NewsArticle", "headline": "Metadata that attacks readers", "datePublished": PUBLISHED,
                       "image": "data:image/svg+xml,<svg onload=alert(1)>",
                       "author": {"@type": "Person", "name": "<script>alert(1)</script>Eve Mallory"},
                       "articleSection": "<iframe src=javascript:alert(1)>",
                       "keywords": ["<img src=x onerror=alert(1)>Safety"]})
        + '<meta property="og:image" content="javascript:alert(1)">'
        + '<meta property="og:description" content="&lt;img src=x onerror=alert(1)&gt;A summary with a trap">'
        + '<link rel="canonical" href="javascript:alert(1)">',
    )
    refresh_in_body = article("A refresh to a script URL inside the story",
                              body=f'<p>{STORY[0]}</p><meta http-equiv="refresh" content="0;url=javascript:alert(1)">'
                                   f"<p>{STORY[1]}</p><p>{STORY[2]}</p>")
    refresh_off_site = article("A refresh to another site in the head",
                               head=f'<meta http-equiv="refresh" content="30;url={offsite}/story/offsite/phish">')
    escaped = article("Double escaped markup in a headline", metadata=False, h1="",
                      head=jsonld(**{"@type": "NewsArticle", "datePublished": PUBLISHED,
                                     "headline": "Double escaped &amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;"
                                                 " markup in a headline"}))
    return [
        Case("attacks", "body-attacks", page(article("An article body full of attacks", body=ATTACK_BODY)), FEED,
             "An article body full of attacks", body_has=(*STORY, "an on-site link")),
        Case("attacks", "metadata-attacks", page(metadata), FEED, "Metadata that attacks readers"),
        Case("attacks", "double-escaped-headline", page(escaped), FEED, "Double escaped markup in a headline"),
        Case("attacks", "meta-refresh-in-body", page(refresh_in_body), FEED,
             "A refresh to a script URL inside the story",
             note="<meta http-equiv=refresh content='0;url=javascript:...'> inside the article body"),
        Case("attacks", "meta-refresh-off-site", page(refresh_off_site), FEED, "A refresh to another site in the head",
             note="<meta http-equiv=refresh> to another host in <head>"),
    ]


NAME_ARTICLES: dict[str, tuple[str, ...]] = {
    "names-one": ("../../etc/passwd", "/", ".", "..", "CON", "a/b", "a\\b", "Café", "Cafe", "Résumé", "index",
                  "nul", "LPT1", ".htaccess", "%2e%2e%2f", "~root", "🔥", "中国", "भारत", "", "   ",
                  "Long name " + "x" * 290, "tag\u0000with\u0001controls", "<b>Bold</b> tag",
                  "<script>alert(1)</script>", "<img src=x onerror=alert(1)>"),
    "names-two": ("../../etc/passwd", "con", "A/B", "a-b", "CAFÉ", "Cafe\u0301", "cafe", "Resume", "feeds",
                  "Long other name " + "y" * 284, "aux.txt", "-", "*", "?", ":"),
    "names-three": ("CON", "..", "Café", "RÉSUMÉ"),
}
# Names that must share one tag feed; every other group gets a feed of its own.
NAME_GROUPS: tuple[tuple[str, ...], ...] = (
    ("../../etc/passwd",), ("/",), (".",), ("..",), ("CON", "con"), ("a/b", "A/B"), ("a-b",), ("a\\b",),
    ("Café", "CAFÉ", "Cafe\u0301"), ("Cafe", "cafe"), ("Résumé", "RÉSUMÉ"), ("Resume",), ("index",), ("nul",),
    ("LPT1",), (".htaccess",), ("%2e%2e%2f",), ("~root",), ("🔥",), ("中国",), ("भारत",),
    ("Long name " + "x" * 290,), ("tag\u0000with\u0001controls",), ("feeds",), ("Long other name " + "y" * 284,),
    ("aux.txt",), ("*",), ("?",), ("<b>Bold</b> tag",),
)
# Names that are no name at all once cleaned: they must not produce a feed.
NAMELESS = ("", "   ", "-", ":", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>")


STUFFED_KEYWORDS = 2_000


def names() -> list[Case]:
    cases = []
    for slug, tags in NAME_ARTICLES.items():
        title = f"Tags that attack the file system, part {slug.split('-')[1]}"
        cases.append(Case("names", slug, page(article(title, keywords=tags)), FEED, title))
    stuffed = ", ".join(f"keyword {n}" for n in range(STUFFED_KEYWORDS))
    title = "Two thousand keywords stuffed into one page"
    stuffed_page = article(title, head=f'<meta name="keywords" content="{stuffed}">')
    cases.append(Case("names", "keyword-stuffing", page(stuffed_page), FEED, title,
                      note=f"{STUFFED_KEYWORDS:,} comma-separated keywords in <meta name=keywords>"))
    return cases


def dates() -> list[Case]:
    def dated(slug: str, lie: str, expected: str, byline: str = "", head: str = "") -> Case:
        title = f"A date that lies: {slug.replace('-', ' ')}"
        html = article(title, published=lie, byline=byline, head=head)
        return Case("dates", slug, page(html), FEED, title, published=expected, note=lie)

    return [
        dated("far-future", "2031-06-01T10:00:00+05:30", FIRST_SEEN),
        dated("near-future-within-tolerance", "2026-02-17T16:00:00+05:30", "2026-02-17T16:00:00+05:30"),
        dated("epoch-zero", "1970-01-01T00:00:00Z", FIRST_SEEN),
        dated("before-1990", "1989-12-31", FIRST_SEEN),
        dated("all-zeros", "0000-00-00", FIRST_SEEN),
        dated("all-zeros-with-time", "0000-00-00 00:00:00", FIRST_SEEN),
        dated("thirty-first-of-february", "31/02/2021", FIRST_SEEN),
        dated("ambiguous-day-first", "03/04/2021", "2021-04-03T00:00:00+05:30"),
        dated("impossible-offset", "2021-03-19T00:47:00+25:00", BYLINE_INSTANT, byline=BYLINE_DATE),
        dated("ist-abbreviation", "19 Mar 2021 00:47 IST", BYLINE_INSTANT),
        dated("lie-then-truth", "0000-00-00", "2021-03-20T08:15:00+05:30",
              head='<meta property="article:published_time" content="2021-03-20T08:15:00+05:30">'),
        dated("not-a-date", "sometime soon, we promise", FIRST_SEEN),
    ]


def faults(offsite: str) -> list[Case]:
    def good(title: str) -> str:
        return article(title)

    def broken(slug: str, reply: Reply, note: str) -> Case:
        title = f"Recovered after a fault: {slug.replace('-', ' ')}"
        return Case("faults", slug, faulty(reply, good(title)), RETRIED, healed_title=title, note=note)

    def flaky(visit: Visit) -> Reply:
        if visit.attempt == 1:
            return Reply(503, b"busy", headers=(("Retry-After", "1"),))
        return Reply(200, good("Served on the second try").encode())

    loop = "/story/faults/redirect-loop"
    return [
        broken("not-found-404", Reply(404, b"<h1>Not found</h1>"), "404"),
        broken("gone-410", Reply(410, b"<h1>Gone</h1>"), "410"),
        broken("server-error-500", Reply(500, b"<h1>Oops</h1>"), "500"),
        broken("unavailable-503", Reply(503, b"<h1>Busy</h1>", headers=(("Retry-After", "1"),)), "503 + Retry-After"),
        broken("too-many-429", Reply(429, b"<h1>Slow down</h1>", headers=(("Retry-After", "1"),)), "429 + Retry-After"),
        broken("timeout", Reply(fault="stall"), "no answer within DOWNLOAD_TIMEOUT"),
        broken("connection-reset", Reply(fault="reset"), "TCP reset before any byte"),
        broken("truncated-body", Reply(200, good("Cut short").encode(), fault="truncate"),
               "Content-Length promises 10x the bytes sent"),
        broken("redirect-loop", Reply(302, b"", headers=(("Location", loop + "-b"),)), "302 ping-pong"),
        broken("redirect-off-site", Reply(302, b"", headers=(("Location", f"{offsite}/story/offsite/lured"),)),
               "302 to another host"),
        broken("redirect-to-javascript", Reply(302, b"", headers=(("Location", "javascript:alert(1)"),)),
               "302 to javascript:"),
        Case("faults", "redirect-loop-b", page(b"", status=302, headers=(("Location", loop),)), HELPER,
             listed=False),
        Case("faults", "fails-then-redirects-off-site", faulty_then(Reply(500, b"<h1>Oops</h1>"),
             Reply(302, b"", headers=(("Location", f"{offsite}/story/offsite/escaped"),))), FAILED,
             note="500 in the first run; a 302 to another host once it is retried"),
        Case("faults", "auto-reload", page(article("A page that reloads itself every minute",
                                                   head='<meta http-equiv="refresh" content="60">')),
             FEED, "A page that reloads itself every minute", note="<meta http-equiv=refresh content=60>"),
        Case("faults", "flaky-then-fine", flaky, FEED, "Served on the second try", note="503 once, then 200"),
        Case("faults", "moved-permanently", page(b"", status=301, headers=(("Location", "/story/faults/moved-here"),)),
             FEED, "Moved here and found", note="301 to another page of the site", lands_at="/story/faults/moved-here"),
        Case("faults", "moved-here", page(good("Moved here and found")), HELPER, listed=False),
    ]


def boundaries(offsite: str, origin: str) -> tuple[list[Case], list[str]]:
    port = origin.rsplit(":", 1)[1]
    off_host = offsite.removeprefix("http://")
    links = [
        "mailto:editor@hostile.invalid", "MAILTO:editor@hostile.invalid?subject=/story/x", "tel:+911234567890",
        "javascript:void(0)", "javascript:location='/story/boundaries/trap-javascript'",
        " JavaScript:alert(1)", "java\nscript:alert(1)", "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)", f"ftp://127.0.0.1:{port}/story/boundaries/trap-ftp",
        f"{offsite}/story/offsite/absolute", f"//{off_host}/story/offsite/protocol-relative",
        f"http://127.0.0.1:{port}@{off_host}/story/offsite/userinfo",
        f"http://localhost:{port}/story/boundaries/trap-other-host-name",
        "#/story/boundaries/trap-fragment", "/story/private-memo",
    ]
    canonical = article("A canonical link pointing off site",
                        head=f'<link rel="canonical" href="{offsite}/story/offsite/canonical">'
                             f'<meta property="og:url" content="{offsite}/story/offsite/og-url">')
    cases = [
        Case("boundaries", "off-site-canonical", page(canonical), FEED, "A canonical link pointing off site"),
        Case("boundaries", "plain-story", page(article("A plain story beside the traps")), FEED,
             "A plain story beside the traps"),
    ]
    return cases, links


def build_catalog(offsite: str, origin: str) -> Catalog:
    """Every hostile case for a server at `origin`, with traps pointing at `offsite`."""
    boundary_cases, boundary_links = boundaries(offsite, origin)
    catalog = Catalog(offsite=offsite)
    catalog.cases = [*malformed(), *encodings(), *text(), *attacks(offsite), *names(), *dates(), *faults(offsite),
                     *boundary_cases]
    catalog.extra_links = {"boundaries": boundary_links,
                           "faults": ["/story/private-memo", "/story/private-memo?utm_source=x"]}
    return catalog


SECTIONS = ("malformed", "encodings", "text", "attacks", "names", "dates", "faults", "boundaries")


def build_site(catalog: Catalog) -> Site:
    """The hostile site: robots.txt, one listing per section, every case, and two robots-forbidden sections
    (two, so that one of them is never the request that happens to fetch robots.txt)."""
    site = Site()
    site.add("/robots.txt", Reply(200, ROBOTS_TXT.encode(), "text/plain"))
    for section in SECTIONS:
        links = [c.path for c in catalog.of(section) if c.listed] + catalog.extra_links.get(section, [])
        site.add(f"/{section}", Reply(200, listing(section.title(), links).encode()))
    site.add("/private", Reply(200, listing("Private", ["/story/private/secret-one"]).encode()))
    site.add("/members", Reply(200, listing("Members", ["/story/members/secret-two"]).encode()))
    site.add("/story/private-memo", Reply(200, article("A memo robots.txt forbids").encode()))
    site.add("/story/private/secret-one", Reply(200, article("A secret robots.txt forbids").encode()))
    site.add("/story/members/secret-two", Reply(200, article("Another secret robots.txt forbids").encode()))
    for case in catalog.cases:
        site.add(case.path, case.route)
    return site


def offsite_site() -> Site:
    """Another host: anything on it is a page the crawl must never request."""
    site = Site()
    site.add("/robots.txt", Reply(200, b"User-agent: *\nAllow: /\n", "text/plain"))
    return site
