"""One article page, parsed once: the tree, its metadata (meta tags, JSON-LD, microdata), the site's
names, the headline element and the story's scope. Every field module reads from this context;
none parses the page again."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from datetime import datetime, timezone
from functools import cached_property, lru_cache
from typing import Any, TypeVar, cast
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml import html as lxml_html
from parsel import Selector
from parsel.csstranslator import css2xpath

from newsfeeds.extract import metadata as md
from newsfeeds.extract.furniture import is_logo_marked
from newsfeeds.extract.headline import (confirmed_text, furniture_headline_elements, headline_elements, is_site_name,
                                        strip_site_name, text_variants, weak_headline_elements)
from newsfeeds.extract.text import element_text, fold
from newsfeeds.html import clean_text
from newsfeeds.profiles import GENERIC_SOURCE, FieldRule, Profile

CANONICAL_HREF = etree.XPath('//link[contains(concat(" ", normalize-space(@rel), " "), " canonical ")]/@href',
                             smart_strings=False)
_PIPE_END = re.compile(r"\s*[|｜»]\s*([^|｜»]{2,60})$")
_TITLE_TEXT = etree.XPath("/html/head/title//text() | //title[1]//text()", smart_strings=False)
TITLE_META = ("og:title", "twitter:title", "dc.title", "dcterms.title", "parsely-title", "sailthru.title", "title",
              "headline")
SECTION_META = ("article:section", "og:article:section", "parsely-section", "section", "category")
T = TypeVar("T")
_EXSLT = {"re": "http://exslt.org/regular-expressions", "set": "http://exslt.org/sets"}  # as parsel offers them


class PageContext:
    """A fetched article page and the views of it that several fields share."""

    def __init__(self, url: str, text: str, profile: Profile | None = None, *, now: datetime | None = None) -> None:
        self.url = url
        self.profile = profile
        self.text = text  # the page as it came, for the body's safety net (trafilatura on the unprepared page)
        self.now = now or datetime.now(timezone.utc)
        self.selector = Selector(root=parse_html(text or "<html></html>", url), type="html", base_url=url)

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """A value a field module computes once per page (dates read by two fields, say)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return cast(T, self._memo[key])

    @cached_property
    def _memo(self) -> dict[str, Any]:
        return {}

    @cached_property
    def root(self) -> etree._Element:
        return self.selector.root

    @cached_property
    def meta(self) -> dict[str, list[str]]:
        return md.meta_map(self.selector)

    @cached_property
    def jsonld_nodes(self) -> list[dict[str, Any]]:
        return md.jsonld_objects(self.selector)

    @cached_property
    def jsonld(self) -> dict[str, Any]:
        """The JSON-LD node describing this article, chosen among teasers and stale blocks."""
        hints = [self.meta_text("og:title") or "", *(text_variants(h)[0] for h in self.headline_candidates[:2])]
        canonical = next(iter(CANONICAL_HREF(self.root)), None)
        others = (urljoin(self.url, canonical),) if canonical else ()
        return md.pick_article(self.jsonld_nodes, self.url, hints, others) or {}

    @cached_property
    def jsonld_page(self) -> dict[str, Any]:
        return md.page_node(self.jsonld_nodes, self.url) or {}

    @cached_property
    def site_names(self) -> set[str]:
        """Every name the site goes by, for telling its logo and title suffix from the headline."""
        names = set(self.meta.get("og:site_name", []) + self.meta.get("application-name", [])
                    + self.meta.get("apple-mobile-web-app-title", []))
        names |= {v.lstrip("@") for v in self.meta.get("twitter:site", []) if not v.strip().isdigit()}
        names |= set(md.site_names(self.jsonld_nodes))
        profiled = self.profile is not None and self.profile.source != GENERIC_SOURCE
        stated = bool(names) or profiled  # the page or its site profile names the site
        names |= set(host_names(self.url))
        if self.profile:
            names |= {self.profile.title, self.profile.name}
            for url in (self.profile.url, *(s.url for s in self.profile.sections[:1])):
                names |= set(host_names(url))
        names |= self._repeated_title_ends()
        if not stated:  # else the masthead only repeats it
            names |= set(masthead_names(self.root, self.url))
        return {clean_text(n) for n in names if clean_text(n)}

    def _repeated_title_ends(self) -> set[str]:
        """A segment after '|' that two of the page's titles end with ('... | Foo' in <title> and in
        og:title): the site's name, though the page names itself nowhere else."""
        ends: dict[str, set[str]] = {}
        for name in ("title", "og:title", "twitter:title"):
            values = self.meta.get(name, []) if name != "title" else ["".join(_TITLE_TEXT(self.root)[:1])]
            for value in values:
                match = _PIPE_END.search(clean_text(value))
                if match and len(match.group(1).split()) <= 5:
                    ends.setdefault(match.group(1).strip(), set()).add(name)
        return {end for end, sources in ends.items() if len(sources) >= 2}

    @cached_property
    def sections(self) -> list[str]:
        """The sections the page names itself in (JSON-LD, meta): title segments that are not the headline."""
        found = md.text_values(self.jsonld.get("articleSection"))
        for name in SECTION_META:
            found += self.meta.get(name, [])
        return [clean_text(s) for s in found if clean_text(s)]

    @cached_property
    def metadata_titles(self) -> list[tuple[str, str]]:
        """Titles the page states about itself, best layer first, each as the page wrote it."""
        found: list[tuple[str, str]] = []
        for value in md.text_values(self.jsonld.get("headline")) or md.text_values(self.jsonld.get("name")):
            found.append((value, "jsonld"))
        for name in TITLE_META:
            found += [(v, f"meta:{name}") for v in self.meta.get(name, [])]
        found += [(v, "microdata") for v in md.microdata_values(self.selector, "headline")]
        for value in md.text_values(self.jsonld_page.get("name")):
            found.append((value, "jsonld:WebPage"))
        title_tag = "".join(_TITLE_TEXT(self.root)[:1])
        if title_tag.strip():
            found.append((title_tag, "title"))
        return [(clean_text(v), s) for v, s in found if clean_text(v)]

    @cached_property
    def headline_candidates(self) -> list[etree._Element]:
        return headline_elements(self.root, self.site_names)

    @cached_property
    def headline_element(self) -> etree._Element | None:
        """The story's headline: the candidate the page's metadata confirms, else the likeliest; on
        pages without a heading element, a block marked or set as the title (confirmed by the page's
        title, or the only headline there is when that title names just the site and a section)."""
        for element in self.headline_candidates:
            if self.confirmed(element):
                return element
        for element in furniture_headline_elements(self.root):
            if self.confirmed(element):
                return element
        if self.headline_candidates:
            return self.headline_candidates[0]
        weak = weak_headline_elements(self.root, self.site_names)
        for element in weak:
            if self.confirmed(element):
                return element
        if weak and not any(len(strip_site_name(t, self.site_names, self.sections).split()) > 3
                            and not is_site_name(t, self.site_names) for t, _ in self.metadata_titles):
            return weak[0]
        return None

    @cached_property
    def headline_ancestors(self) -> frozenset[etree._Element]:
        """The elements holding the headline: the story's own containers, whatever their class says."""
        headline = self.headline_element
        return frozenset(headline.iterancestors()) if headline is not None else frozenset()

    def confirmed(self, element: etree._Element) -> str | None:
        """The element's headline text when some metadata title says the same (memoized per element)."""
        if element not in self._confirmations:
            self._confirmations[element] = confirmed_text(element, self.metadata_titles, self.site_names, self.sections)
        return self._confirmations[element]

    @cached_property
    def _confirmations(self) -> dict[etree._Element, str | None]:
        return {}

    @cached_property
    def order(self) -> dict[etree._Element, int]:
        return {element: index for index, element in enumerate(self.root.iter())}

    @cached_property
    def scope(self) -> etree._Element | None:
        """The story's container: the headline's <article>/<main>/Article itemscope, else its grandparent."""
        headline = self.headline_element
        if headline is None:
            return None
        for ancestor in headline.iterancestors():
            if not isinstance(ancestor.tag, str):
                continue
            itemtype = ancestor.get("itemtype") or ""
            if ancestor.tag in ("article", "main") or (ancestor.get("role") or "").lower() == "main" \
                    or ("Article" in itemtype or "BlogPosting" in itemtype):
                return ancestor
        parent = headline.getparent()
        grand = parent.getparent() if parent is not None else None
        return grand if grand is not None and grand.tag not in ("html",) else parent

    def in_scope(self, element: etree._Element) -> bool:
        scope = self.scope
        return scope is not None and any(a is scope for a in element.iterancestors())

    def near_headline(self, elements: list[etree._Element], *, outside: bool = True) -> list[etree._Element]:
        """Elements ordered by closeness to the headline: inside the story first, after it before before it."""
        headline = self.headline_element
        if headline is None:
            return elements
        scope = self.scope
        start = self.order.get(headline, 0)

        def inside(element: etree._Element) -> bool:
            return scope is None or element is scope or any(a is scope for a in element.iterancestors())

        keyed = []
        for element in elements:
            is_inside = inside(element)
            if not is_inside and not outside:
                continue
            position = self.order.get(element, 0)
            keyed.append(((0 if is_inside else 1, 0 if position >= start else 1, abs(position - start)), element))
        keyed.sort(key=lambda pair: pair[0])
        return [element for _, element in keyed]

    def meta_text(self, name: str) -> str | None:
        for value in self.meta.get(name, []):
            if clean_text(value):
                return clean_text(value)
        return None

    def meta_first(self, names: tuple[str, ...]) -> tuple[str, str] | None:
        """The first non-empty meta value among `names`, with its source label."""
        for name in names:
            for value in self.meta.get(name, []):
                if clean_text(value):
                    return value, f"meta:{name}"
        return None

    def rule(self, name: str, when: str) -> FieldRule | None:
        rule = self.profile.fields.get(name) if self.profile else None
        return rule if rule is not None and rule.when == when else None

    def select(self, rule: FieldRule | None) -> list[Any]:
        """What a profile rule selects: elements and strings (::text, ::attr(), text(), @attr)."""
        if rule is None:
            return []
        found: list[Any] = []
        for css in rule.css:
            found.extend(_results(_compiled(css, True)(self.root)))
        for xpath in rule.xpath:
            found.extend(_results(_compiled(xpath, False)(self.root)))
        return found


_PARSERS = threading.local()


def parse_html(text: str, url: str, *, html_elements: bool = False) -> etree._Element:
    """A page's tree, as parsel builds it (the same recovering libxml2 parse), with plain lxml elements:
    the fields walk the tree many times, and lxml.html's element classes cost a lookup per element
    visited. `html_elements` gives lxml.html's, which trafilatura and htmldate require."""
    parser = getattr(_PARSERS, "html" if html_elements else "plain", None)
    if parser is None:
        factory = lxml_html.HTMLParser if html_elements else etree.HTMLParser
        parser = factory(recover=True, encoding="utf-8", huge_tree=True)
        setattr(_PARSERS, "html" if html_elements else "plain", parser)
    body = text.strip().replace("\x00", "").encode("utf-8") or b"<html/>"
    try:
        root = etree.fromstring(body, parser=parser, base_url=url)
    except etree.XMLSyntaxError:
        root = None
    return root if root is not None else etree.fromstring(b"<html/>", parser=parser, base_url=url)


_MASTHEAD_ELEMENTS = 200  # a masthead comes first; the page's tail holds other stories' links


def masthead_names(root: etree._Element, url: str) -> list[str]:
    """The site's name as its masthead shows it: the text or logo's alt of a link to the home page,
    and of elements classed as the logo or site name (only short names; 'Home' links say nothing)."""
    found: list[str] = []
    parts = urlsplit(url)
    home = {"/", "./", "index.html", "index.htm", "index.php", f"{parts.scheme}://{parts.netloc}",
            f"{parts.scheme}://{parts.netloc}/"}
    for count, element in enumerate(root.iter("a", "div", "span", "p", "img", "header", "td", "strong", "b", "font")):
        if count >= _MASTHEAD_ELEMENTS:
            break
        if element.tag == "a" and (element.get("href") or "").strip() in home or is_logo_marked(element):
            found += [img.get("alt", "") for img in element.iter("img")]
            found.append(element_text(element))
    return [name for name in (clean_text(n) for n in found)
            if name and len(name.split()) <= 6 and fold(name) not in _NOT_NAMES]


# Home links that name the page, not the site.
_NOT_NAMES = frozenset({"home", "homepage", "front page", "start", "startseite", "accueil", "inicio", "início", "portada",
                        "home page", "logo", "index"})


@lru_cache(maxsize=1024)
def host_names(url: str) -> tuple[str, ...]:
    """'www.dailyplanet.co.uk' → ('dailyplanet.co.uk', 'dailyplanet'): how titles name a site by its host
    (cached: every page of a site asks)."""
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    labels = host.split(".")
    if len(labels) < 2:
        return (host,) if host else ()
    index = -2
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in ("co", "com", "org", "net", "gov", "ac", "edu", "ne", "or"):
        index = -3
    return host, labels[index]


@lru_cache(maxsize=512)
def _compiled(query: str, css: bool) -> etree.XPath:
    """A profile selector compiled once per process, not translated and wrapped on every page."""
    return etree.XPath(css2xpath(query) if css else query, namespaces=_EXSLT, smart_strings=False)


def _results(found: Any) -> list[Any]:
    """Elements and strings, as parsel would wrap them; numbers and booleans select nothing."""
    items = found if isinstance(found, list) else [found]
    return [item for item in items if isinstance(item, (str, etree._Element))]
