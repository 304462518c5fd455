"""Article pages → fields, each from the most trustworthy layer that has it, with its provenance.

Order per field: a profile selector marked `first`; the page's structured metadata (JSON-LD,
OpenGraph/`article:*` and other common meta, microdata, `<time datetime>`); a profile selector
marked `fallback`; visible text near the headline; the URL. No crawling, no I/O: a page object
built from a URL and HTML, testable from a saved file.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from functools import cached_property, lru_cache
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from lxml import etree
from parsel import Selector
from parsel.csstranslator import css2xpath

from newsfeeds.extract import dating
from newsfeeds.extract import metadata as md
from newsfeeds.extract.body import best_container, clean_body, in_junk, is_junk
from newsfeeds.extract.bylines import date_pieces, lines_near, looks_like_date
from newsfeeds.extract.title import (
    element_text, fold, headline_elements, is_marked_headline, is_truncated, same_title, strip_site_name,
    strip_unknown_suffix, text_variants,
)
from newsfeeds.extract.zones import guess_zone
from newsfeeds.html import clean_text, strip_tags
from newsfeeds.profiles import FieldRule, Profile
from newsfeeds.urls import canonical_url, is_web_url, on_domains

_URL_DATE = re.compile(
    r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?=/|-|_|\.|$)"
    r"|/((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=/|-|_|\.|$)"
    r"|/((?:19|20)\d{2})/(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/(0?[1-9]|[12]\d|3[01])(?=/)",
    re.IGNORECASE,
)
_TAG_PATH = re.compile(r"/(tag|tags|topic|topics|keyword|keywords|schlagwort|schlagworte|thema|themen|etiqueta|"
                       r"etiquetas|sujet|sujets|argomento|argomenti|onderwerp)/[^/]+/?$", re.IGNORECASE)
_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?$")
_BY = re.compile(r"^\s*(?:by|written by|von|par|por|di|door|av|af)\s*:?\s+", re.IGNORECASE)
_HANDLE = re.compile(r"^@\w+$")
_DATE_CLASS = re.compile(
    r"(^|[\s_-])(date|dates|time|timestamp|datetime|published|pubdate|pub-?date|posted|posted-?on|post-?date|"
    r"entry-?date|article-?date|story-?date|publish-?date|dateline|byline|date-?time|meta-?date|updated|info|meta|"
    r"timestamps?)($|[\s_-])",
    re.IGNORECASE,
)
_FURNITURE = re.compile(r"(^|[\s_-])(related|widget|sidebar|trending|popular|menu|nav|navbar|cloud|most-?read|"
                        r"recommend\w*|more-?stories|breaking|ticker)($|[\s_-])", re.IGNORECASE)
_PUBLISHED_MARK = re.compile(r"publish|pubdate|posted|created|entry-date|datepublished|date-published", re.IGNORECASE)
_MODIFIED_MARK = re.compile(r"updat|modif|edited", re.IGNORECASE)
DATE_ATTRIBUTES = ("data-datetime", "data-timestamp", "data-published", "data-publish-date", "data-pubdate",
                   "data-published-at", "data-time", "data-utc", "data-seconds", "data-date", "data-created")
_HATOM_CLASSES = frozenset({"published", "updated", "dtstart"})
_DATE_ATTRIBUTE_SET = frozenset(DATE_ATTRIBUTES)
_XML_SPACE = str.maketrans("\t\n\r", "   ")  # the whitespace XPath's normalize-space() knows
_NOT_DATE_BLOCKS = frozenset({"time", "script", "style", "meta", "html", "body"})
_CANONICAL_HREF = etree.XPath('//link[contains(concat(" ", normalize-space(@rel), " "), " canonical ")]/@href',
                              smart_strings=False)
_OG_URL = etree.XPath('//meta[@property="og:url"]/@content', smart_strings=False)
_TITLE_TEXT = etree.XPath("/html/head/title//text() | //title[1]//text()", smart_strings=False)
PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "article:published", "og:published_time",
    "published_time", "article:published_date", "datepublished", "pubdate", "publishdate", "publish-date",
    "publish_date", "published-date", "published_date", "publication_date", "parsely-pub-date", "sailthru.date",
    "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date", "dc.date.created", "dcterms.created",
    "citation_publication_date", "citation_date", "prism.publicationdate", "rnews:datepublished",
    "article.published", "article_date_original", "cxenseparse:recs:publishtime", "originalpublicationdate",
    "release_date", "og:pubdate", "shareaholic:article_published_time", "bt:pubdate", "firstpublishedtime",
    "displaydate", "ptime", "pdate", "date", "live_date", "datecreated",
)
MODIFIED_META = (
    "article:modified_time", "og:article:modified_time", "og:updated_time", "article:modified", "datemodified",
    "dcterms.modified", "dc.date.modified", "parsely-updated", "sailthru.lastmodified", "article.updated",
    "shareaholic:article_modified_time", "utime", "last-modified", "lastmod", "lastmodified", "revised",
)
AUTHOR_META = ("author", "article:author", "dc.creator", "dcterms.creator", "parsely-author", "sailthru.author",
               "byl", "twitter:creator")
TAG_META = ("article:tag", "og:article:tag", "parsely-tags", "sailthru.tags")
WEAK_TAG_META = ("news_keywords", "keywords")
SECTION_META = ("article:section", "og:article:section", "parsely-section", "section", "category")
TITLE_META = ("og:title", "twitter:title", "dc.title", "dcterms.title", "parsely-title", "sailthru.title", "title",
              "headline")


@dataclass
class Extracted:
    """A field's value and the layer that produced it."""

    value: Any
    source: str


@dataclass
class ArticleFields:
    """What one article page yields before normalizing: raw values plus provenance per field."""

    url: str
    response_url: str
    title: str | None = None
    published: list[tuple[str, str]] = field(default_factory=list)
    modified: list[tuple[str, str]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    author: str | None = None
    section: str | None = None
    summary: str | None = None
    body: str | None = None
    image: str | None = None
    sources: dict[str, str] = field(default_factory=dict)


class ArticlePage:
    """One fetched article page and the ways to read each of its fields."""

    def __init__(self, url: str, text: str, profile: Profile | None = None, *, now: datetime | None = None) -> None:
        self.url = url
        self.profile = profile
        self.now = now or datetime.now(timezone.utc)
        self.selector = Selector(text=text or "<html></html>", base_url=url)

    # --- shared views of the page -------------------------------------------------------------
    @cached_property
    def root(self) -> etree._Element:
        return self.selector.root

    @cached_property
    def jsonld_nodes(self) -> list[dict[str, Any]]:
        return md.jsonld_objects(self.selector)

    @cached_property
    def jsonld(self) -> dict[str, Any]:
        """The JSON-LD node describing this article, chosen among teasers and stale blocks."""
        hints = [self._meta_text("og:title") or "", *(text_variants(h)[0] for h in self._headline_candidates[:2])]
        canonical = next(iter(_CANONICAL_HREF(self.root)), None)
        others = (urljoin(self.url, canonical),) if canonical else ()
        return md.pick_article(self.jsonld_nodes, self.url, hints, others) or {}

    @cached_property
    def jsonld_page(self) -> dict[str, Any]:
        return md.page_node(self.jsonld_nodes, self.url) or {}

    @cached_property
    def meta(self) -> dict[str, list[str]]:
        return md.meta_map(self.selector)

    @cached_property
    def site_names(self) -> set[str]:
        """Every name the site goes by, for telling its logo and title suffix from the headline."""
        names = set(self.meta.get("og:site_name", []) + self.meta.get("application-name", [])
                    + self.meta.get("apple-mobile-web-app-title", []))
        names |= {v.lstrip("@") for v in self.meta.get("twitter:site", []) if not v.strip().isdigit()}
        names |= set(md.site_names(self.jsonld_nodes))
        names |= set(_host_names(self.url))
        if self.profile:
            names |= {self.profile.title, self.profile.name}
            for url in (self.profile.url, *(s.url for s in self.profile.sections[:1])):
                names |= set(_host_names(url))
        return {clean_text(n) for n in names if clean_text(n)}

    @cached_property
    def _headline_candidates(self) -> list[etree._Element]:
        return headline_elements(self.root, self.site_names)

    @cached_property
    def _metadata_titles(self) -> list[tuple[str, str]]:
        """Titles the page states about itself, best layer first, each as the page wrote it."""
        found: list[tuple[str, str]] = []
        for value in md.text_values(self.jsonld.get("headline")) or md.text_values(self.jsonld.get("name")):
            found.append((value, "jsonld"))
        for name in TITLE_META:
            found += [(v, f"meta:{name}") for v in self.meta.get(name, [])]
        found += [(v, "microdata") for v in md.microdata_values(self.selector, "headline")]
        for value in md.text_values(self.jsonld_page.get("name")):
            found.append((value, "jsonld:WebPage"))
        title_tag = " ".join(_TITLE_TEXT(self.root)[:1])
        if title_tag.strip():
            found.append((title_tag, "title"))
        return [(clean_text(v), s) for v, s in found if clean_text(v)]

    @cached_property
    def headline_element(self) -> etree._Element | None:
        """The story's headline: the candidate the page's metadata confirms, else the likeliest."""
        candidates = self._headline_candidates
        for element in candidates:
            if self._confirmed(element):
                return element
        return candidates[0] if candidates else None

    @cached_property
    def _stripped_titles(self) -> list[str]:
        return [strip_site_name(t, self.site_names, self._sections) for t, _ in self._metadata_titles]

    def _confirmed(self, element: etree._Element) -> str | None:
        """The element's text (or kicker-free text) when some metadata title says the same."""
        if element not in self._confirmations:
            self._confirmations[element] = self._confirm(element)
        return self._confirmations[element]

    @cached_property
    def _confirmations(self) -> dict[etree._Element, str | None]:
        return {}

    def _confirm(self, element: etree._Element) -> str | None:
        titles = self._metadata_titles
        stripped = self._stripped_titles
        variants = text_variants(element)
        for (title, _), cut in zip(titles, stripped):
            for variant in variants:
                if same_title(variant, cut) or same_title(variant, title):
                    return variant
        for (title, _), cut in zip(titles, stripped):
            for variant in variants:
                folded, whole = fold(variant), fold(title)
                if len(folded) >= 15 and (whole.startswith(folded) or whole.endswith(folded)) and len(whole) - len(folded) <= 60:
                    return variant
        return None

    @cached_property
    def _sections(self) -> list[str]:
        found = md.text_values(self.jsonld.get("articleSection"))
        for name in SECTION_META:
            found += self.meta.get(name, [])
        return [clean_text(s) for s in found if clean_text(s)]

    @cached_property
    def _order(self) -> dict[etree._Element, int]:
        return {element: index for index, element in enumerate(self.root.iter())}

    @cached_property
    def _scope(self) -> etree._Element | None:
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

    def _in_scope(self, element: etree._Element) -> bool:
        scope = self._scope
        return scope is not None and any(a is scope for a in element.iterancestors())

    def _near_headline(self, elements: list[etree._Element], *, outside: bool = True) -> list[etree._Element]:
        """Elements ordered by closeness to the headline: inside the story first, after it before before it."""
        headline = self.headline_element
        if headline is None:
            return elements
        scope = self._scope
        start = self._order.get(headline, 0)

        def inside(element: etree._Element) -> bool:
            return scope is None or element is scope or any(a is scope for a in element.iterancestors())

        keyed = []
        for element in elements:
            is_inside = inside(element)
            if not is_inside and not outside:
                continue
            position = self._order.get(element, 0)
            keyed.append(((0 if is_inside else 1, 0 if position >= start else 1, abs(position - start)), element))
        keyed.sort(key=lambda pair: pair[0])
        return [element for _, element in keyed]

    def _meta_text(self, name: str) -> str | None:
        for value in self.meta.get(name, []):
            if clean_text(value):
                return clean_text(value)
        return None

    def _meta_first(self, names: tuple[str, ...]) -> tuple[str, str] | None:
        for name in names:
            for value in self.meta.get(name, []):
                if clean_text(value):
                    return value, f"meta:{name}"
        return None

    def _rule(self, name: str, when: str) -> FieldRule | None:
        rule = self.profile.fields.get(name) if self.profile else None
        return rule if rule is not None and rule.when == when else None

    def _select(self, rule: FieldRule | None) -> list[Any]:
        """What a profile rule selects: elements and strings (::text, ::attr(), text(), @attr)."""
        if rule is None:
            return []
        found: list[Any] = []
        for css in rule.css:
            found.extend(_results(_compiled(css, True)(self.root)))
        for xpath in rule.xpath:
            found.extend(_results(_compiled(xpath, False)(self.root)))
        return found

    def _selected_texts(self, rule: FieldRule | None) -> list[str]:
        texts = []
        for node in self._select(rule):
            if isinstance(node, str):
                texts.append(clean_text(node))
            else:
                attrs = node.attrib
                value = attrs.get("content") or attrs.get("datetime") or " ".join(node.xpath(".//text()"))
                texts.append(clean_text(value))
        return [t for t in texts if t]

    # --- fields ----------------------------------------------------------------------------------
    def canonical_url(self) -> Extracted:
        """The page's own canonical URL when it is believable, else the URL it was fetched from."""
        return self._canonical

    @cached_property
    def _canonical(self) -> Extracted:
        domains = self.profile.allowed_domains if self.profile else (urlsplit(self.url).hostname or "",)
        for xpath, source in ((_CANONICAL_HREF, "link:canonical"), (_OG_URL, "meta:og:url")):
            href = next(iter(xpath(self.root)), None)
            if not href:
                continue
            absolute = urljoin(self.url, href.strip())
            path = urlsplit(absolute).path
            if is_web_url(absolute) and on_domains(absolute, domains) and path not in ("", "/") and not self._is_start_url(absolute):
                return Extracted(canonical_url(absolute), source)
        return Extracted(canonical_url(self.url), "response")

    def _is_start_url(self, url: str) -> bool:
        if not self.profile:
            return False
        target = canonical_url(url)
        return any(canonical_url(s.url) == target for s in self.profile.sections) or canonical_url(self.profile.url) == target

    def title(self) -> Extracted | None:
        """The headline readers see, confirmed by the page's metadata when possible."""
        first = self._selected_texts(self._rule("title", "first"))
        if first:
            return Extracted(first[0], "selector")
        headline = self.headline_element
        if headline is not None:
            confirmed = self._confirmed(headline)
            if confirmed:
                return Extracted(confirmed, "h1" if headline.tag == "h1" else "headline")
        if headline is not None and self._visibly_the_headline(headline):
            return Extracted(text_variants(headline)[0], "h1")
        names = {fold(n) for n in self.site_names}
        stated = [(strip_site_name(v, self.site_names, self._sections), s) for v, s in self._metadata_titles]
        for cut, source in stated:
            if source == "title" or not cut or fold(cut) in names:
                continue
            if is_truncated(cut):
                longer = [(c, s) for c, s in stated if len(c) > len(cut) and same_title(c, cut) and not is_truncated(c)]
                if longer:
                    cut, source = longer[0][0] if longer[0][1] != "title" else strip_unknown_suffix(longer[0][0]), longer[0][1]
                elif source.startswith("jsonld"):
                    continue
            return Extracted(cut, source)
        fallback = self._selected_texts(self._rule("title", "fallback"))
        if fallback:
            return Extracted(fallback[0], "selector")
        if headline is not None:
            text = text_variants(headline)[0]
            if fold(text) not in names:
                return Extracted(text, "h1" if headline.tag == "h1" else "headline")
        for value, source in self._metadata_titles:
            if source == "title":
                cut = strip_site_name(value, self.site_names, self._sections)
                cut = strip_unknown_suffix(cut) if cut == value else cut
                if cut and fold(cut) not in names:
                    return Extracted(cut, "title")
        for value, source in self._metadata_titles:
            return Extracted(value, source)
        return None

    def _visibly_the_headline(self, element: etree._Element) -> bool:
        """An <h1> the page marks as its headline, or the only one in its <article>/<main>: the story's
        own headline even when the metadata carries a different (social or search) title."""
        if element.tag != "h1" or in_junk(element) or len(element_text(element).split()) < 3:
            return False
        if is_marked_headline(element):
            return True
        scope = self._scope
        if scope is None or scope.tag not in ("article", "main") and "Article" not in (scope.get("itemtype") or ""):
            return False
        return sum(1 for h in scope.iter("h1") if element_text(h)) == 1

    # --- dates -----------------------------------------------------------------------------------
    def published(self) -> list[tuple[str, str]]:
        """Every candidate for the publication time, best first; normalizing picks the first that parses."""
        candidates: list[tuple[str, str]] = []
        candidates += [(t, "selector") for t in self._selected_texts(self._rule("published", "first"))]
        candidates += [(v, "jsonld:datePublished") for v in md.text_values(self.jsonld.get("datePublished"))]
        for name in PUBLISHED_META:
            candidates += [(_expand_compact(v), f"meta:{name}") for v in self.meta.get(name, [])]
        for key in ("dateCreated", "uploadDate"):
            candidates += [(v, f"jsonld:{key}") for v in md.text_values(self.jsonld.get(key))]
        candidates += self._parsely_page("pub_date")
        candidates += [(v, "microdata") for v in md.microdata_values(self.selector, "datePublished")]
        candidates += [(v, "jsonld:WebPage") for v in md.text_values(self.jsonld_page.get("datePublished"))]
        published, _ = self._marked_dates
        candidates += published
        candidates += [(t, "selector:fallback") for t in self._selected_texts(self._rule("published", "fallback"))]
        texts = self._visible_dates
        candidates += [(text, source) for text, source, updated in texts if not updated]
        url_day = self._url_day()
        if url_day:
            candidates.append((url_day.isoformat(), "url"))
        candidates += [(raw, f"modified:{source}") for raw, source in self._modified_candidates()]
        return self._ordered(candidates, url_day)

    def modified(self) -> list[tuple[str, str]]:
        """Every candidate for the last-modified time, best first."""
        return self._ordered(self._modified_candidates(), None)

    def _modified_candidates(self) -> list[tuple[str, str]]:
        """Last-modified candidates, layer by layer, before ranking."""
        return list(self._modified_layers)

    @cached_property
    def _modified_layers(self) -> list[tuple[str, str]]:
        candidates: list[tuple[str, str]] = []
        candidates += [(t, "selector") for t in self._selected_texts(self._rule("modified", "first"))]
        candidates += [(v, "jsonld:dateModified") for v in md.text_values(self.jsonld.get("dateModified"))]
        for name in MODIFIED_META:
            candidates += [(_expand_compact(v), f"meta:{name}") for v in self.meta.get(name, [])]
        candidates += [(v, "microdata") for v in md.microdata_values(self.selector, "dateModified")]
        candidates += [(v, "jsonld:WebPage") for v in md.text_values(self.jsonld_page.get("dateModified"))]
        _, modified = self._marked_dates
        candidates += modified
        candidates += [(t, "selector:fallback") for t in self._selected_texts(self._rule("modified", "fallback"))]
        candidates += [(text, source) for text, source, updated in self._visible_dates if updated]
        return _dedupe_pairs(candidates)

    def _ordered(self, candidates: list[tuple[str, str]], url_day: date | None) -> list[tuple[str, str]]:
        """Rank candidates with the profile's zone and date rules."""
        profile = self.profile
        tz = profile.tz if profile else timezone.utc
        assumed = profile is None or profile.timezone_assumed
        return dating.order(
            _dedupe_pairs(candidates), tz=tz, now=self.now, dayfirst=profile.dayfirst if profile else False,
            formats=profile.date_formats if profile else (), url_day=url_day,
            infer_offset=assumed, zone_guess=self._zone_guess if assumed else None,
        )

    @cached_property
    def _zone_guess(self) -> ZoneInfo | None:
        """The page's likely zone from its declared country or domain, for the generic profile only."""
        language = self.root.get("lang") or self.root.get("{http://www.w3.org/XML/1998/namespace}lang") or ""
        language = language or (self._meta_text("content-language") or "")
        zone = guess_zone(self.canonical_url().value, language, self._meta_text("og:locale") or "")
        try:
            return ZoneInfo(zone) if zone else None
        except (ZoneInfoNotFoundError, ValueError):
            return None

    def _parsely_page(self, key: str) -> list[tuple[str, str]]:
        found = []
        for raw in self.meta.get("parsely-page", []):
            try:
                value = json.loads(raw).get(key)
            except (ValueError, AttributeError):
                continue
            if isinstance(value, (str, int, float)) and not isinstance(value, bool):
                found.append((str(value), "meta:parsely-page"))
        return found

    @cached_property
    def _attribute_index(self) -> tuple[list[etree._Element], list[etree._Element], list[etree._Element]]:
        """One pass over the page's elements (two XPaths and a regex over every element cost three):
        those classed or id'd as dates or bylines, hAtom's published/updated/dtstart (not <time>),
        and those with a data-* date attribute; each in document order."""
        classed: list[etree._Element] = []
        hatom: list[etree._Element] = []
        data: list[etree._Element] = []
        for element in self.root.iter():
            if not isinstance(element.tag, str):
                continue
            attrib = element.attrib
            if not attrib:
                continue
            css, ident = attrib.get("class"), attrib.get("id")
            if (css is not None or ident is not None) and element.tag not in _NOT_DATE_BLOCKS \
                    and _DATE_CLASS.search(f"{css or ''} {ident or ''}"):
                classed.append(element)
            if css and element.tag != "time" and not _HATOM_CLASSES.isdisjoint(css.translate(_XML_SPACE).split(" ")):
                hatom.append(element)
            if not _DATE_ATTRIBUTE_SET.isdisjoint(attrib.keys()):
                data.append(element)
        return classed, hatom, data

    @cached_property
    def _marked_dates(self) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """Machine-readable dates in the markup: <time datetime>, hAtom's abbr[title], data-* attributes;
        split into published and modified by their marks, ordered by closeness to the headline."""
        published: list[tuple[str, str]] = []
        modified: list[tuple[str, str]] = []
        times = [t for t in self.root.iter("time") if (t.get("datetime") or element_text(t)).strip()]
        _, hatom, data = self._attribute_index
        for elements, source in ((times, "time"), (hatom, "hatom"), (data, "data-attr")):
            marked_pub, marked_mod, plain = [], [], []
            for element in elements:
                marker = " ".join(filter(None, (element.get("class"), element.get("itemprop"), element.get("id"),
                                                "pubdate" if "pubdate" in element.attrib else "")))
                furniture = in_junk(element) or is_junk(element)
                if furniture and (_in_furniture(element) or not self._in_scope(element)):
                    continue
                if _MODIFIED_MARK.search(marker):
                    marked_mod.append(element)
                elif _PUBLISHED_MARK.search(marker):
                    marked_pub.append(element)
                elif not furniture:
                    plain.append(element)
            for element in self._near_headline(marked_pub) + self._near_headline(plain):
                published += [(v, source) for v in _date_values(element, source)]
            for element in self._near_headline(marked_mod):
                modified += [(v, source) for v in _date_values(element, source)]
        return published, modified

    @cached_property
    def _visible_dates(self) -> list[tuple[str, str, bool]]:
        """Date-looking text near the headline: elements classed as dates or bylines, then the text
        just after (then just before) the headline; each piece labelled updated or not."""
        results: list[tuple[str, str, bool]] = []
        headline = self.headline_element
        classed = [e for e in self._attribute_index[0] if not in_junk(e)]
        for element in self._near_headline(classed, outside=headline is None):
            text = element_text(element)
            if len(text) <= 200:
                results += [(piece, "text:date", updated) for piece, updated in date_pieces(text)]
        if headline is not None:
            for chunk in lines_near(headline, "following", limit=500) + lines_near(headline, "preceding", limit=200):
                results += [(piece, "byline", updated) for piece, updated in date_pieces(chunk)]
        seen: set[str] = set()
        unique = []
        for text, source, updated in results:
            if text not in seen:
                seen.add(text)
                unique.append((text, source, updated))
        return unique

    def _url_day(self) -> date | None:
        """The day in the fetched or canonical URL (/2021/03/19/, /20210319/, /2021/mar/19/)."""
        for url in (self.url, self.canonical_url().value):
            match = _URL_DATE.search(unquote(urlsplit(url).path))
            if not match:
                continue
            if match.group(1):
                year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3))
            elif match.group(4):
                year, month, day = int(match.group(4)), int(match.group(5)), int(match.group(6))
            else:
                year, month, day = int(match.group(7)), _MONTHS[match.group(8).lower()], int(match.group(9))
            try:
                return date(year, month, day)
            except ValueError:
                continue
        return None

    # --- other fields ----------------------------------------------------------------------------
    def tags(self) -> Extracted | None:
        """The story's own tags: JSON-LD keywords/about, article:tag and kin, microdata, rel=tag, then meta keywords."""
        first = self._selected_texts(self._rule("tags", "first"))
        if first:
            return Extracted(first, "selector")
        for key in ("keywords", "about"):
            keywords = [t for value in md.text_values(self.jsonld.get(key)) for t in _split_keywords(value)]
            if keywords:
                return Extracted(keywords, f"jsonld:{key}")
        for name in TAG_META:
            values = [t for v in self.meta.get(name, []) for t in _split_keywords(v)]
            if values:
                return Extracted(values, f"meta:{name}")
        micro = [t for v in md.microdata_values(self.selector, "keywords") for t in _split_keywords(v)]
        if micro:
            return Extracted(micro, "microdata")
        rel_tags = [element_text(a) for a in self.root.iter("a") if _is_tag_link(a)]
        if any(rel_tags):
            return Extracted([t for t in rel_tags if t], "rel-tag")
        fallback = self._selected_texts(self._rule("tags", "fallback"))
        if fallback:
            return Extracted(fallback, "selector")
        if self.headline_element is not None:
            linked = [element_text(a) for a in self.root.iter("a")
                      if _TAG_PATH.search(urlsplit(urljoin(self.url, (a.get("href") or "").strip())).path)
                      and self._in_scope(a) and _is_tag_link(a, rel_required=False)]
            linked = list(dict.fromkeys(t for t in linked if t and len(t) <= 60))
            if linked:
                return Extracted(linked, "tag-links")
        for name in WEAK_TAG_META:
            values = [t for v in self.meta.get(name, []) for t in _split_keywords(v)]
            if values:
                return Extracted(values, f"meta:{name}")
        return None

    def author(self) -> Extracted | None:
        """Who wrote it: JSON-LD, author meta, microdata, rel=author, then a byline element in the story."""
        first = self._selected_texts(self._rule("author", "first"))
        if first:
            return Extracted(_author_name(first[0]), "selector")
        names = [n for n in md.text_values(self.jsonld.get("author")) if _author_name(n) and not is_web_url(n.strip())]
        if names:
            return Extracted(", ".join(dict.fromkeys(_author_name(n) for n in names)), "jsonld")
        for name in AUTHOR_META:
            for value in self.meta.get(name, []):
                value = clean_text(value)
                if value and not is_web_url(value) and not _HANDLE.match(value):
                    return Extracted(_author_name(value), f"meta:{name}")
        micro = [_author_name(v) for v in md.microdata_values(self.selector, "author")]
        if any(micro):
            return Extracted(next(m for m in micro if m), "microdata")
        rel = [element_text(a) for a in self.root.iter("a") if "author" in (a.get("rel") or "").split() and not in_junk(a)]
        if any(rel):
            return Extracted(_author_name(next(r for r in rel if r)), "rel-author")
        fallback = self._selected_texts(self._rule("author", "fallback"))
        if fallback:
            return Extracted(_author_name(fallback[0]), "selector")
        byline = self._byline_author()
        return Extracted(byline, "byline") if byline else None

    def _byline_author(self) -> str | None:
        scope = self._scope
        if scope is None:
            return None
        for element in scope.iter():
            if not isinstance(element.tag, str):
                continue
            marker = f"{element.get('class', '')} {element.get('itemprop', '')}".lower()
            if ("author" in marker or "byline__name" in marker) and "bio" not in marker and not in_junk(element):
                name = _author_name(element_text(element))
                if name and not looks_like_date(name) and len(name) <= 80 and not _HANDLE.match(name):
                    return name
        return None

    def section(self) -> Extracted | None:
        """The site's section for the story: JSON-LD, section meta, then rel=category links."""
        first = self._selected_texts(self._rule("section", "first"))
        if first:
            return Extracted(first[0], "selector")
        for value in md.text_values(self.jsonld.get("articleSection")):
            if clean_text(value):
                return Extracted(clean_text(value), "jsonld")
        found = self._meta_first(SECTION_META)
        if found:
            return Extracted(clean_text(found[0]), found[1])
        fallback = self._selected_texts(self._rule("section", "fallback"))
        if fallback:
            return Extracted(fallback[0], "selector")
        categories = [a for a in self.root.iter("a") if "category" in (a.get("rel") or "").lower().split()
                      and not _in_furniture(a) and (self._in_scope(a) or not in_junk(a))]
        for anchor in self._near_headline(categories, outside=False):
            if element_text(anchor):
                return Extracted(element_text(anchor), "rel-category")
        return None

    def summary(self) -> Extracted | None:
        """The page's own description of the story."""
        first = self._selected_texts(self._rule("summary", "first"))
        if first:
            return Extracted(first[0], "selector")
        found = self._meta_first(("og:description", "description", "twitter:description", "dc.description"))
        if found:
            return Extracted(clean_text(found[0]), found[1])
        for value in md.text_values(self.jsonld.get("description")):
            if clean_text(value):
                return Extracted(clean_text(value), "jsonld")
        fallback = self._selected_texts(self._rule("summary", "fallback"))
        return Extracted(fallback[0], "selector") if fallback else None

    def body(self) -> Extracted | None:
        """The story's paragraphs without furniture: a profile selector, the densest paragraph block, then JSON-LD."""
        profile = self.profile
        boiler_css = profile.boilerplate_css if profile else ()
        boiler_text = profile.boilerplate_text if profile else ()
        for when in ("first", "fallback"):
            for node in self._select(self._rule("body", when)):
                if not isinstance(node, str):
                    cleaned = clean_body(node, boiler_css, boiler_text)
                    if strip_tags(cleaned):
                        return Extracted(cleaned, "selector")
        generic = best_container(self.root)
        if generic is not None:
            cleaned = clean_body(generic, boiler_css, boiler_text)
            if strip_tags(cleaned):
                return Extracted(cleaned, "paragraphs")
        for value in md.text_values(self.jsonld.get("articleBody")):
            if clean_text(value):
                paragraphs = [p.strip() for p in value.split("\n") if p.strip()]
                return Extracted("".join(f"<p>{_escape(p)}</p>" for p in paragraphs), "jsonld")
        return None

    def image(self) -> Extracted | None:
        """The lead image: og:image and kin, JSON-LD, microdata, then the first image in the story."""
        for node in self._select(self._rule("image", "first")):
            src = _image_src(node)
            if src:
                return Extracted(urljoin(self.url, src), "selector")
        found = self._meta_first(("og:image:secure_url", "og:image", "og:image:url", "twitter:image", "twitter:image:src"))
        if found and is_web_url(urljoin(self.url, found[0].strip())):
            return Extracted(urljoin(self.url, found[0].strip()), found[1])
        for value in md.url_values(self.jsonld.get("image")) + md.url_values(self.jsonld.get("thumbnailUrl")):
            if is_web_url(urljoin(self.url, value.strip())):
                return Extracted(urljoin(self.url, value.strip()), "jsonld")
        for value in md.microdata_values(self.selector, "image"):
            if is_web_url(urljoin(self.url, value.strip())):
                return Extracted(urljoin(self.url, value.strip()), "microdata")
        for node in self._select(self._rule("image", "fallback")):
            src = _image_src(node)
            if src:
                return Extracted(urljoin(self.url, src), "selector")
        if self.headline_element is not None:
            images = [i for i in self.root.iter("img") if self._in_scope(i) and not in_junk(i) and not is_junk(i)]
            for element in self._near_headline(images, outside=False):
                src = next((element.get(k) for k in ("data-src", "data-lazy-src", "data-original", "src")
                            if element.get(k) and not element.get(k, "").startswith("data:")), None)
                if src and is_web_url(urljoin(self.url, src.strip())):
                    return Extracted(urljoin(self.url, src.strip()), "img")
        return None

    def fields(self) -> ArticleFields:
        """All fields at once, with the layer each came from."""
        canonical = self.canonical_url()
        result = ArticleFields(url=canonical.value, response_url=self.url)
        result.sources["url"] = canonical.source
        for name in ("title", "tags", "author", "section", "summary", "body", "image"):
            extracted = getattr(self, name)()
            if extracted is not None and extracted.value:
                setattr(result, name, extracted.value)
                result.sources[name] = extracted.source
        result.published = self.published()
        result.modified = self.modified()
        return result


def _host_names(url: str) -> list[str]:
    """'www.dailyplanet.co.uk' → ['dailyplanet.co.uk', 'dailyplanet']: how titles name a site by its host."""
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    labels = host.split(".")
    if len(labels) < 2:
        return [host] if host else []
    index = -2
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in ("co", "com", "org", "net", "gov", "ac", "edu", "ne", "or"):
        index = -3
    return [host, labels[index]]


def _expand_compact(raw: str) -> str:
    """'20210319124700' (NYT-style ptime) → '2021-03-19T12:47:00'; epoch numbers are left alone."""
    match = _COMPACT.match(raw.strip())
    if not match:
        return raw
    year, month, day, hour, minute, second = match.groups()
    if hour is None:
        return f"{year}-{month}-{day}"
    return f"{year}-{month}-{day}T{hour}:{minute}:{second or '00'}"


def _date_values(element: etree._Element, source: str) -> list[str]:
    """The dates an element states: <time>'s datetime (and its text), abbr[title], data-* attributes."""
    if source == "time":
        text = element_text(element)
        values = [element.get("datetime") or text]
        if text and text not in values and looks_like_date(text):
            values.append(text)
        return values
    if source == "hatom":
        return [element.get("title") or element.get("datetime") or element_text(element)]
    return [element.get(a) for a in DATE_ATTRIBUTES if element.get(a)]


def _in_furniture(element: etree._Element) -> bool:
    """Inside blocks that list other stories (related, trending, widgets) or readers' comments."""
    for ancestor in element.iterancestors():
        if not isinstance(ancestor.tag, str) or ancestor.tag in ("article", "main", "body", "html"):
            continue
        marker = f"{ancestor.get('class', '')} {ancestor.get('id', '')}"
        if ancestor.tag in ("nav", "aside") or _FURNITURE.search(marker) or re.search(r"comment", marker, re.I):
            return True
    return False


def _is_tag_link(anchor: etree._Element, rel_required: bool = True) -> bool:
    """A rel=tag link of the story itself (WordPress .tags-links), not a category or a tag cloud."""
    rel = (anchor.get("rel") or "").lower().split()
    if (rel_required and "tag" not in rel) or "category" in rel:
        return False
    for ancestor in anchor.iterancestors():
        if not isinstance(ancestor.tag, str):
            continue
        if ancestor.tag in ("nav", "aside"):
            return False
        if ancestor.tag in ("header", "footer") and not any(a.tag in ("article", "main") for a in ancestor.iterancestors()):
            return False
        if ancestor.tag not in ("article", "main", "body", "html") and _FURNITURE.search(f"{ancestor.get('class', '')} {ancestor.get('id', '')}"):
            return False
    return True


def _split_keywords(value: str) -> list[str]:
    """'a, b; c | d' → ['a', 'b', 'c', 'd']."""
    return [clean_text(part) for part in re.split(r"[,;|]", value) if clean_text(part)]


def _author_name(value: str) -> str:
    """A name without 'By' and without a bare @handle."""
    name = clean_text(value)
    name = _BY.sub("", name).strip(" |,")
    return "" if _HANDLE.match(name) else name


def _image_src(node: Any) -> str | None:
    attrs = node.attrib if not isinstance(node, str) else {}
    for key in ("content", "data-src", "data-lazy-src", "data-original", "src", "href"):
        value = attrs.get(key)
        if value and not value.startswith("data:"):
            return value.strip()
    return None


_EXSLT = {"re": "http://exslt.org/regular-expressions", "set": "http://exslt.org/sets"}  # as parsel offers them


@lru_cache(maxsize=512)
def _compiled(query: str, css: bool) -> etree.XPath:
    """A profile selector compiled once per process, not translated and wrapped on every page."""
    return etree.XPath(css2xpath(query) if css else query, namespaces=_EXSLT, smart_strings=False)


def _results(found: Any) -> list[Any]:
    """Elements and strings, as parsel would wrap them; numbers and booleans select nothing."""
    items = found if isinstance(found, list) else [found]
    return [item for item in items if isinstance(item, (str, etree._Element))]


def _dedupe_pairs(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    seen: set[str] = set()
    unique = []
    for value, source in pairs:
        value = clean_text(value)
        if value and value not in seen:
            seen.add(value)
            unique.append((value, source))
    return unique


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
