"""Article pages → fields, each from the most trustworthy layer that has it, with its provenance.

Order per field: a profile selector marked `first`; the page's structured metadata (JSON-LD,
OpenGraph/`article:*` and other common meta, microdata, `<time datetime>`); a profile selector
marked `fallback`; visible text patterns near the headline; the URL. No crawling, no I/O: a page
object built from a URL and HTML, testable from a saved file.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree
from parsel import Selector

from newsfeeds.extract import metadata as md
from newsfeeds.extract.body import best_container, clean_body, in_junk, is_junk
from newsfeeds.html import clean_text, strip_tags
from newsfeeds.profiles import FieldRule, Profile
from newsfeeds.urls import canonical_url, is_web_url, on_domains

TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|»|·|•|/)\s+")
_DATE_HINT = re.compile(
    r"\d{4}-\d{2}-\d{2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\bago\b|yesterday|today|\d{10,13}|"
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|janv|févr|mars|avr|mai|juin|juil|août|sept|déc|"
    r"märz|okt|dez|ene|abr|ago|dic|gen|mag|giu|lug|set|ott|mei|okt)\w*\.?\s|"
    r"जनवरी|फ़?फरवरी|फ़रवरी|मार्च|अप्रैल|मई|जून|जुलाई|अगस्त|सितं?म?बर|अक्टूबर|नवं?म?बर|दिसं?म?बर",
    re.IGNORECASE,
)
_UPDATED = re.compile(r"\b(updated|modified|last\s+updated|edited)\b", re.IGNORECASE)
_PUBLISHED = re.compile(r"\b(published|posted|first\s+published|created|released)\b", re.IGNORECASE)
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](0[1-9]|1[0-2])[/-](0[1-9]|[12]\d|3[01])(?:/|-|$)|/((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])/")
_BY = re.compile(r"^\s*(?:by|written by|von|par|por)\s+", re.IGNORECASE)
_HANDLE = re.compile(r"^@\w+$")
PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "article:published", "published_time",
    "datepublished", "pubdate", "publishdate", "publish-date", "publish_date", "published-date",
    "date", "dc.date", "dc.date.issued", "dc.date.created", "dcterms.date", "dcterms.issued",
    "dcterms.created", "parsely-pub-date", "sailthru.date", "article.published", "article_date_original",
    "cxenseparse:recs:publishtime", "originalpublicationdate", "release_date", "og:pubdate", "citation_publication_date",
)
MODIFIED_META = (
    "article:modified_time", "og:updated_time", "og:article:modified_time", "datemodified", "dcterms.modified",
    "last-modified", "lastmod", "article.updated", "dc.date.modified", "parsely-updated", "sailthru.lastmodified",
)
AUTHOR_META = ("author", "article:author", "dc.creator", "dcterms.creator", "parsely-author", "sailthru.author",
               "byl", "twitter:creator")
TAG_META = ("article:tag", "og:article:tag", "parsely-tags", "sailthru.tags")
WEAK_TAG_META = ("news_keywords", "keywords")
SECTION_META = ("article:section", "og:article:section", "parsely-section", "section", "category")


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

    def __init__(self, url: str, text: str, profile: Profile | None = None) -> None:
        self.url = url
        self.profile = profile
        self.selector = Selector(text=text or "<html></html>", base_url=url)

    # --- shared views of the page -------------------------------------------------------------
    @cached_property
    def jsonld(self) -> dict[str, Any]:
        nodes = md.jsonld_objects(self.selector)
        return md.pick_article(nodes, self.url, self._h1_text) or {}

    @cached_property
    def meta(self) -> dict[str, list[str]]:
        return md.meta_map(self.selector)

    @cached_property
    def root(self) -> etree._Element:
        return self.selector.root

    @cached_property
    def headline_element(self) -> etree._Element | None:
        candidates = [h for h in self.root.iter("h1") if clean_text(" ".join(h.itertext()))]
        outside = [h for h in candidates if not in_junk(h)]
        return (outside or candidates or [None])[0]

    @cached_property
    def _h1_text(self) -> str:
        element = self.headline_element
        return clean_text(" ".join(element.itertext())) if element is not None else ""

    def _meta_first(self, names: tuple[str, ...]) -> tuple[str, str] | None:
        for name in names:
            for value in self.meta.get(name, []):
                if clean_text(value):
                    return value, f"meta:{name}"
        return None

    def _rule(self, name: str, when: str) -> FieldRule | None:
        rule = self.profile.fields.get(name) if self.profile else None
        return rule if rule is not None and rule.when == when else None

    def _select(self, rule: FieldRule | None) -> list[Selector]:
        if rule is None:
            return []
        found: list[Selector] = []
        for css in rule.css:
            found.extend(self.selector.css(css))
        for xpath in rule.xpath:
            found.extend(self.selector.xpath(xpath))
        return found

    def _selected_texts(self, rule: FieldRule | None) -> list[str]:
        texts = []
        for sel in self._select(rule):
            if isinstance(sel.root, str):
                texts.append(clean_text(sel.root))
            else:
                attrs = sel.attrib
                value = attrs.get("content") or attrs.get("datetime") or " ".join(sel.xpath(".//text()").getall())
                texts.append(clean_text(value))
        return [t for t in texts if t]

    # --- fields ----------------------------------------------------------------------------------
    def canonical_url(self) -> Extracted:
        """The page's own canonical URL when it is believable, else the URL it was fetched from."""
        domains = self.profile.allowed_domains if self.profile else (urlsplit(self.url).hostname or "",)
        for xpath, source in (('//link[contains(concat(" ", normalize-space(@rel), " "), " canonical ")]/@href', "link:canonical"),
                              ('//meta[@property="og:url"]/@content', "meta:og:url")):
            href = self.selector.xpath(xpath).get()
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
        first = self._selected_texts(self._rule("title", "first"))
        if first:
            return Extracted(first[0], "selector")
        site_names = self._site_names()
        h1 = self._h1_text if self._h1_text.casefold() not in site_names else ""
        metadata: list[tuple[str, str]] = []
        for value in md.text_values(self.jsonld.get("headline")) or md.text_values(self.jsonld.get("name")):
            metadata.append((value, "jsonld"))
        for name in ("og:title", "twitter:title"):
            for value in self.meta.get(name, []):
                metadata.append((strip_site_name(value, site_names), f"meta:{name}"))
        for value in md.microdata_values(self.selector, "headline"):
            metadata.append((value, "microdata"))
        metadata = [(clean_text(v), s) for v, s in metadata if clean_text(v)]
        for value, source in metadata:
            if h1 and _same_title(value, h1):
                return Extracted(h1 if len(h1) >= len(value) else value, source if len(value) > len(h1) else "h1")
        if metadata:
            return Extracted(*metadata[0])
        fallback = self._selected_texts(self._rule("title", "fallback"))
        if fallback:
            return Extracted(fallback[0], "selector")
        if h1:
            return Extracted(h1, "h1")
        title_tag = clean_text(" ".join(self.selector.xpath("//title//text()").getall()))
        title_tag = strip_site_name(title_tag, site_names)
        return Extracted(title_tag, "title") if title_tag else None

    def _site_names(self) -> set[str]:
        names = {n.casefold() for n in self.meta.get("og:site_name", []) + self.meta.get("application-name", [])}
        host = (urlsplit(self.url).hostname or "").removeprefix("www.")
        names |= {host.casefold(), host.split(".")[0].casefold()}
        if self.profile:
            names |= {self.profile.title.casefold(), self.profile.name.casefold()}
        return {" ".join(n.split()) for n in names if n.strip()}

    def published(self) -> list[tuple[str, str]]:
        """Every candidate for the publication time, best first; normalizing picks the first that parses."""
        candidates: list[tuple[str, str]] = []
        candidates += [(t, "selector") for t in self._selected_texts(self._rule("published", "first"))]
        for key in ("datePublished", "dateCreated", "uploadDate"):
            candidates += [(v, f"jsonld:{key}") for v in md.text_values(self.jsonld.get(key))]
        for name in PUBLISHED_META:
            candidates += [(v, f"meta:{name}") for v in self.meta.get(name, [])]
        candidates += self._parsely_page("pub_date")
        candidates += [(v, "microdata") for v in md.microdata_values(self.selector, "datePublished")]
        candidates += self._time_elements()
        candidates += [(t, "selector") for t in self._selected_texts(self._rule("published", "fallback"))]
        byline = self._byline_dates()
        candidates += [(text, "byline") for text, label in byline if label != "updated"]
        candidates += [(text, "byline:updated") for text, label in byline if label == "updated"]
        url_date = self._url_date()
        if url_date:
            candidates.append((url_date, "url"))
        return _dedupe_pairs(candidates)

    def modified(self) -> list[tuple[str, str]]:
        candidates: list[tuple[str, str]] = []
        candidates += [(t, "selector") for t in self._selected_texts(self._rule("modified", "first"))]
        candidates += [(v, "jsonld:dateModified") for v in md.text_values(self.jsonld.get("dateModified"))]
        for name in MODIFIED_META:
            candidates += [(v, f"meta:{name}") for v in self.meta.get(name, [])]
        candidates += [(v, "microdata") for v in md.microdata_values(self.selector, "dateModified")]
        candidates += [(text, "byline") for text, label in self._byline_dates() if label == "updated"]
        return _dedupe_pairs(candidates)

    def _parsely_page(self, key: str) -> list[tuple[str, str]]:
        found = []
        for raw in self.meta.get("parsely-page", []):
            try:
                value = json.loads(raw).get(key)
            except (ValueError, AttributeError):
                continue
            if isinstance(value, str):
                found.append((value, "meta:parsely-page"))
        return found

    def _time_elements(self) -> list[tuple[str, str]]:
        found = []
        times = [t for t in self.root.iter("time") if t.get("datetime")]
        marked = [t for t in times if "pubdate" in t.attrib or "published" in (t.get("itemprop") or "").lower()
                  or "publish" in (t.get("class") or "").lower()]
        headline = self.headline_element
        near = []
        if headline is not None:
            following = set(headline.itersiblings())
            near = [t for t in times if any(t is f or f in t.iterancestors() for f in following)]
        for element in marked + near + [t for t in times if not in_junk(t) and t.getparent() is not None]:
            if in_junk(element) and element not in marked:
                continue
            found.append((element.get("datetime").strip(), "time"))
        return found

    def _byline_dates(self) -> list[tuple[str, str]]:
        """Date-looking texts just after (then just before) the headline, labelled published/updated."""
        cached = getattr(self, "_byline_cache", None)
        if cached is not None:
            return cached
        results: list[tuple[str, str]] = []
        headline = self.headline_element
        if headline is not None:
            after = _texts(headline, "following", limit=500)
            before = _texts(headline, "preceding", limit=200)
            for chunk in after + before:
                for piece in re.split(r"\s+\|\s+|\s*\n\s*|\s+•\s+|\s+·\s+", chunk):
                    piece = piece.strip(" |·•")
                    if not piece or len(piece) > 120 or not _DATE_HINT.search(piece):
                        continue
                    label = "updated" if _UPDATED.search(piece) else "published" if _PUBLISHED.search(piece) else ""
                    results.append((piece, label))
        self._byline_cache = results
        return results

    def _url_date(self) -> str | None:
        match = _URL_DATE.search(urlsplit(self.url).path)
        if not match:
            return None
        year, month, day = match.group(1, 2, 3) if match.group(1) else match.group(4, 5, 6)
        return f"{year}-{month}-{day}"

    def tags(self) -> Extracted | None:
        first = self._selected_texts(self._rule("tags", "first"))
        if first:
            return Extracted(first, "selector")
        keywords = []
        for key in ("keywords", "about"):
            for value in md.text_values(self.jsonld.get(key)):
                keywords.extend(_split_keywords(value))
            if keywords:
                return Extracted(keywords, f"jsonld:{key}")
        for name in TAG_META:
            values = [t for v in self.meta.get(name, []) for t in _split_keywords(v)]
            if values:
                return Extracted(values, f"meta:{name}")
        micro = [t for v in md.microdata_values(self.selector, "keywords") for t in _split_keywords(v)]
        if micro:
            return Extracted(micro, "microdata")
        rel_tags = [clean_text(" ".join(a.itertext())) for a in self.root.iter("a")
                    if "tag" in (a.get("rel") or "").lower().split() and not in_junk(a)]
        if any(rel_tags):
            return Extracted([t for t in rel_tags if t], "rel-tag")
        fallback = self._selected_texts(self._rule("tags", "fallback"))
        if fallback:
            return Extracted(fallback, "selector")
        for name in WEAK_TAG_META:
            values = [t for v in self.meta.get(name, []) for t in _split_keywords(v)]
            if values:
                return Extracted(values, f"meta:{name}")
        return None

    def author(self) -> Extracted | None:
        first = self._selected_texts(self._rule("author", "first"))
        if first:
            return Extracted(_author_name(first[0]), "selector")
        names = [n for n in md.text_values(self.jsonld.get("author")) if _author_name(n)]
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
        rel = [clean_text(" ".join(a.itertext())) for a in self.root.iter("a") if "author" in (a.get("rel") or "").split()]
        if any(rel):
            return Extracted(_author_name(next(r for r in rel if r)), "rel-author")
        fallback = self._selected_texts(self._rule("author", "fallback"))
        if fallback:
            return Extracted(_author_name(fallback[0]), "selector")
        byline = self._byline_author()
        return Extracted(byline, "byline") if byline else None

    def _byline_author(self) -> str | None:
        headline = self.headline_element
        if headline is None:
            return None
        scope = headline.getparent()
        if scope is None:
            return None
        for element in scope.iter():
            if not isinstance(element.tag, str):
                continue
            marker = f"{element.get('class', '')} {element.get('itemprop', '')}".lower()
            if "author" in marker and "bio" not in marker:
                name = _author_name(" ".join(element.itertext()))
                if name and not _DATE_HINT.search(name) and len(name) <= 80 and not _HANDLE.match(name):
                    return name
        return None

    def section(self) -> Extracted | None:
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
        return Extracted(fallback[0], "selector") if fallback else None

    def summary(self) -> Extracted | None:
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
        profile = self.profile
        boiler_css = profile.boilerplate_css if profile else ()
        boiler_text = profile.boilerplate_text if profile else ()
        for when in ("first", "fallback"):
            for sel in self._select(self._rule("body", when)):
                if not isinstance(sel.root, str):
                    cleaned = clean_body(sel.root, boiler_css, boiler_text)
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
        first = self._select(self._rule("image", "first"))
        for sel in first:
            src = _image_src(sel)
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
        for sel in self._select(self._rule("image", "fallback")):
            src = _image_src(sel)
            if src:
                return Extracted(urljoin(self.url, src), "selector")
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


def strip_site_name(title: str, site_names: set[str]) -> str:
    """'Headline | Site' → 'Headline': drop a leading or trailing segment that is the site's name."""
    title = clean_text(title)
    parts = TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    normalized = {re.sub(r"[\s.]", "", n) for n in site_names}
    if re.sub(r"[\s.]", "", parts[-1].casefold()) in normalized:
        return clean_text(title[: title.rfind(parts[-1])].rstrip(" |-–—:»·•/"))
    if re.sub(r"[\s.]", "", parts[0].casefold()) in normalized:
        return clean_text(title[len(parts[0]):].lstrip(" |-–—:»·•/"))
    return title


def _same_title(a: str, b: str) -> bool:
    x, y = (" ".join(s.casefold().rstrip("….").split()) for s in (a, b))
    return x == y or x.startswith(y) or y.startswith(x)


def _texts(anchor: etree._Element, axis: str, limit: int) -> list[str]:
    texts: list[str] = []
    total = 0
    nodes = anchor.xpath(f"{axis}::text()")
    if axis == "preceding":
        nodes = list(reversed(nodes))
    for node in nodes:
        parent = node.getparent()
        if parent is None or parent.tag in ("script", "style", "noscript", "title") or is_junk(parent) or in_junk(parent):
            continue
        text = " ".join(str(node).split())
        if not text:
            continue
        texts.append(text)
        total += len(text)
        if total >= limit:
            break
    if axis == "following":
        return texts + [" ".join(texts[:6])]
    return texts


def _split_keywords(value: str) -> list[str]:
    return [clean_text(part) for part in re.split(r"[,;|]", value) if clean_text(part)]


def _author_name(value: str) -> str:
    name = clean_text(value)
    name = _BY.sub("", name).strip(" |,")
    return "" if _HANDLE.match(name) else name


def _image_src(sel: Selector) -> str | None:
    attrs = sel.attrib
    for key in ("content", "data-src", "data-lazy-src", "data-original", "src", "href"):
        value = attrs.get(key)
        if value and not value.startswith("data:"):
            return value.strip()
    return None


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
