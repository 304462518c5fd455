"""Page furniture: every rule for telling the site around a story (navigation, tickers, logos,
related-story lists, appeals, share bars, comments) from the story itself, in one place."""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

# Class/id words of blocks that are never the story: navigation, tickers, appeals, share bars, ads.
JUNK_WORDS = re.compile(
    r"(^|[\s_-])(nav|navbar|menu|header|footer|masthead|breadcrumbs?|breaking|ticker|marquee|trending|"
    r"popular|most-?read|sidebar|widget|related\w*|recommend\w*|also-?read|read-?more|more-?stories|share\w*|sharing|social|"
    r"newsletter|subscribe|subscription|promo|advert\w*|ads?|sponsor\w*|comments?|disqus|cookie|consent|"
    r"modal|popup|paywall|appeal|donate|support-?us|author-?bio|tags?|clock|outbrain|taboola)($|[\s_-])",
    re.IGNORECASE,
)
JUNK_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "button",
             "iframe", "svg", "template", "select", "textarea", "object", "embed", "link", "meta")
# Tags libxml2 does not know to be empty: it nests what follows inside them, so drop the tag, keep that.
HOLLOW_TAGS = frozenset({"embed", "param", "keygen", "track", "wbr"})
# Class/id words of blocks that list other stories (related, trending, widgets): dates and links in
# them belong to those stories.
LISTS_OF_OTHERS = re.compile(r"(^|[\s_-])(related|widget|sidebar|trending|popular|menu|nav|navbar|cloud|most-?read|"
                             r"recommend\w*|more-?stories|breaking|ticker|comments?)($|[\s_-])", re.IGNORECASE)
# Class words that describe the story's own parts (WordPress "entry-header", BEM "article__meta") or
# the content's state ("has-sidebar", "tag-politics" on the article element), never furniture.
STORY_PARTS = re.compile(
    r"^(entry|post|article|story|single|content|main|news|page|td-post|c-article)[-_]+(header|head|meta|title|heading|info|date|byline)"
    r"|^(has|no|tag|category|postid|post|format|status|type|hentry)-",
    re.IGNORECASE,
)
# Class/id words of the site's name or logo, which templates often put in an <h1>.
LOGO_WORDS = re.compile(r"(^|[\s_-])(logo|site-?title|site-?name|site-?branding|brand|branding|masthead|blog-?title|"
                        r"blog-?name|navbar-brand|header-title)($|[\s_-])", re.IGNORECASE)
NEVER_JUNK_TAGS = frozenset({"html", "body", "article", "main"})
JUNK_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alert"})
_STORY_TAGS = frozenset({"article", "main", "body", "html"})


def is_junk(element: etree._Element) -> bool:
    """Whether an element's class, id or role marks it as page furniture rather than story."""
    if not isinstance(element.tag, str) or element.tag in NEVER_JUNK_TAGS:
        return False
    return _junk_marker(element.get("class"), element.get("id"), element.get("role"))


@lru_cache(maxsize=8192)
def _junk_marker(css_class: str | None, element_id: str | None, role: str | None) -> bool:
    """Cached: pages repeat the same few class strings thousands of times."""
    if (role or "").strip().lower() in JUNK_ROLES:
        return True
    tokens = f"{css_class or ''} {element_id or ''}".split()
    return any(not STORY_PARTS.match(token) and JUNK_WORDS.search(token) for token in tokens)


def in_junk(element: etree._Element) -> bool:
    """Whether an element sits inside navigation, a site header or footer, or other furniture."""
    for ancestor in element.iterancestors():
        if not isinstance(ancestor.tag, str):
            continue
        if ancestor.tag in ("nav", "footer", "aside") or is_junk(ancestor):
            return True
        if ancestor.tag == "form" and not page_wrapper(ancestor):
            return True
        if ancestor.tag == "header" and not _inside_story(ancestor):
            return True
    return False


def in_lists_of_others(element: etree._Element) -> bool:
    """Inside blocks that list other stories (related, trending, widgets) or readers' comments."""
    for ancestor in element.iterancestors():
        if not isinstance(ancestor.tag, str) or ancestor.tag in _STORY_TAGS:
            continue
        if ancestor.tag in ("nav", "aside") or LISTS_OF_OTHERS.search(f"{ancestor.get('class', '')} {ancestor.get('id', '')}"):
            return True
    return False


def marks_list_of_others(element: etree._Element) -> bool:
    """The element itself is a related/trending/widget block (not the story's own article or main)."""
    return element.tag not in _STORY_TAGS and bool(
        LISTS_OF_OTHERS.search(f"{element.get('class', '')} {element.get('id', '')}"))


def is_logo_marked(element: etree._Element) -> bool:
    """Classed or id'd as the site's logo or name."""
    return bool(LOGO_WORDS.search(f"{element.get('class', '')} {element.get('id', '')}"))


def page_wrapper(form: etree._Element) -> bool:
    """A form around the whole page (ASP.NET WebForms) is layout, not a widget: it holds the headline
    or sits right under <body>."""
    parent = form.getparent()
    return (parent is not None and parent.tag == "body") or form.find(".//h1") is not None


def _inside_story(element: etree._Element) -> bool:
    """A <header> inside <article> or <main>, classed as the story's ("article-header"), or holding
    the page's <h1> without navigation, is the story's heading block, not the site's masthead."""
    if any(STORY_PARTS.match(token) for token in (element.get("class") or "").split()):
        return True
    heading = element.find(".//h1")
    if heading is not None and element.find(".//nav") is None and not is_logo_marked(heading):
        return True
    return any(isinstance(a.tag, str) and (a.tag in ("article", "main") or (a.get("role") or "").lower() == "main")
               for a in element.iterancestors())
