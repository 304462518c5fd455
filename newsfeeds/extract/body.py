"""The article's own text: the block of paragraphs that is the story, without the page around it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from lxml import etree, html
from lxml.cssselect import CSSSelector

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
BLOCK_TAGS = frozenset({"p", "div", "section", "aside", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol",
                        "figure", "table", "article"})


# Class words that describe the story's own parts (WordPress "entry-header", BEM "article__meta") or
# the content's state ("has-sidebar", "tag-politics" on the article element), never furniture.
STORY_PARTS = re.compile(
    r"^(entry|post|article|story|single|content|main|news|page|td-post|c-article)[-_]+(header|head|meta|title|heading|info|date|byline)"
    r"|^(has|no|tag|category|postid|post|format|status|type|hentry)-",
    re.IGNORECASE,
)
LOGO_WORDS = re.compile(r"logo|brand|site-?title|site-?name|masthead|blog-?title", re.IGNORECASE)
NEVER_JUNK_TAGS = frozenset({"html", "body", "article", "main"})
JUNK_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alert"})


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
        if ancestor.tag == "form" and not _page_wrapper(ancestor):
            return True
        if ancestor.tag == "header" and not _inside_story(ancestor):
            return True
    return False


def _page_wrapper(form: etree._Element) -> bool:
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
    if heading is not None and element.find(".//nav") is None \
            and not LOGO_WORDS.search(f"{heading.get('class', '')} {heading.get('id', '')}"):
        return True
    return any(isinstance(a.tag, str) and (a.tag in ("article", "main") or (a.get("role") or "").lower() == "main")
               for a in element.iterancestors())


def best_container(root: etree._Element) -> etree._Element | None:
    """The element holding most of the page's paragraph text: the story in almost every template."""
    scores: dict[etree._Element, float] = {}
    for paragraph in root.iter("p"):
        text = " ".join(paragraph.itertext()).strip()
        if len(text) < 25 or in_junk(paragraph):
            continue
        weight = len(text) + 100 * text.count(",") ** 0.5
        parent = paragraph.getparent()
        if parent is None:
            continue
        scores[parent] = scores.get(parent, 0.0) + weight
        grandparent = parent.getparent()
        if grandparent is not None:
            scores[grandparent] = scores.get(grandparent, 0.0) + weight / 2
    if not scores:
        return None
    return max(scores, key=lambda element: scores[element])


def clean_body(container: etree._Element, boilerplate_css: Iterable[str] = (),
               boilerplate_text: Iterable[str] = ()) -> str:
    """The container's HTML with furniture and boilerplate removed (sanitizing comes later)."""
    body = _copy(container)
    for tag in JUNK_TAGS:
        for element in list(body.iter(tag)):
            if tag in HOLLOW_TAGS:
                element.drop_tag()
            elif tag == "form" and element.find(".//p") is not None and _page_wrapper(element):
                element.drop_tag()
            else:
                _drop(element)
    for selector in boilerplate_css:
        compiled = _css(selector)
        if compiled is None:
            continue
        for element in compiled(body):
            _drop(element)
    for element in [e for e in body.iter() if isinstance(e.tag, str) and e is not body and is_junk(e)]:
        _drop(element)
    phrases = [" ".join(p.split()).casefold() for p in boilerplate_text if p.strip()]
    if phrases:
        _cut_from_boilerplate(body, phrases)
    for heading in list(body.iter("h1")):
        _drop(heading)
    return html.tostring(body, encoding="unicode", method="html")


@lru_cache(maxsize=256)
def _css(selector: str) -> CSSSelector | None:
    """Profiles repeat the same few selectors on every page; compile each once."""
    try:
        return CSSSelector(selector, translator="html")
    except Exception:  # a selector the lxml dialect rejects; the profile loader reports it
        return None


def _cut_from_boilerplate(body: etree._Element, phrases: list[str]) -> None:
    """Drop the first block that opens with an appeal/blurb phrase and everything after it."""
    for element in body.iter():
        if element is body or not isinstance(element.tag, str) or element.tag not in BLOCK_TAGS | {"strong", "b", "span"}:
            continue
        text = " ".join(" ".join(element.itertext()).split()).casefold()
        if text and any(text.startswith(phrase) for phrase in phrases):
            block = element
            while block.getparent() is not None and block.getparent() is not body and block.tag not in BLOCK_TAGS:
                block = block.getparent()
            _drop_following(block, body)
            _drop(block)
            return


def _drop_following(element: etree._Element, stop: etree._Element) -> None:
    current: etree._Element | None = element
    while current is not None and current is not stop:
        for sibling in list(current.itersiblings()):
            _drop(sibling)
        current = current.getparent()


def _drop(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    if tail and tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def _copy(element: etree._Element) -> etree._Element:
    clone = html.fromstring(html.tostring(element, encoding="unicode", method="html") or "<div></div>")
    clone.tail = None
    return clone
