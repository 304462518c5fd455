"""When the story was published and last modified: every candidate the page offers, layer by layer,
ranked by newsfeeds.extract.dating (which keeps the page's precision and offsets)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import Any
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from lxml import etree

from newsfeeds.dates import MONTHS
from newsfeeds.extract import dating
from newsfeeds.extract import metadata as md
from newsfeeds.extract.bylines import date_pieces, label_before, labelled_lines, lines_near, published_clock
from newsfeeds.extract.text import looks_like_date
from newsfeeds.extract.context import PageContext
from newsfeeds.extract.furniture import in_junk, in_lists_of_others, in_teaser_list, is_junk
from newsfeeds.extract.layers import gathered, layered, texts_of
from newsfeeds.extract.prepare import prepared, prepared_for_libraries
from newsfeeds.extract.text import element_text
from newsfeeds.extract.zones import guess_zone, page_country, writes_day_first, zone_named_in_text
from newsfeeds.html import clean_text
from newsfeeds.profiles import GENERIC_SOURCE

Pairs = list[tuple[str, str]]

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
_URL_DATE = re.compile(
    r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?=/|-|_|\.|$)"
    r"|/((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=/|-|_|\.|$)"
    r"|/((?:19|20)\d{2})/([a-z]{3,9})/(0?[1-9]|[12]\d|3[01])(?=/)",
    re.IGNORECASE,
)
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?$")
_DATE_CLASS = re.compile(
    r"(^|[\s_-])(date|dates|time|timestamp|datetime|published|pubdate|pub-?date|posted|posted-?on|post-?date|"
    r"entry-?date|article-?date|story-?date|publish-?date|dateline|byline|date-?time|meta-?date|updated|info|meta|"
    r"timestamps?)($|[\s_-])",
    re.IGNORECASE,
)
_PUBLISHED_MARK = re.compile(r"publish|pubdate|posted|created|entry-date|datepublished|date-published", re.IGNORECASE)
_MODIFIED_MARK = re.compile(r"updat|modif|edited", re.IGNORECASE)
_HATOM_CLASSES = frozenset({"published", "updated", "dtstart"})
_XML_SPACE = str.maketrans("\t\n\r", "   ")  # the whitespace XPath's normalize-space() knows
_NOT_DATE_BLOCKS = frozenset({"time", "script", "style", "meta", "html", "body"})


def _selected(ctx: PageContext, nodes: list[Any], label: str) -> Pairs:
    return [(t, label) for t in texts_of(nodes)]


def _jsonld(keys: tuple[str, ...]) -> Any:
    def read(ctx: PageContext) -> Pairs:
        return [(v, f"jsonld:{key}") for key in keys for v in md.text_values(ctx.jsonld.get(key))]
    return read


def _jsonld_page(key: str) -> Any:
    def read(ctx: PageContext) -> Pairs:
        return [(v, "jsonld:WebPage") for v in md.text_values(ctx.jsonld_page.get(key))]
    return read


def _meta(names: tuple[str, ...]) -> Any:
    def read(ctx: PageContext) -> Pairs:
        return [(_expand_compact(v), f"meta:{name}") for name in names for v in ctx.meta.get(name, [])]
    return read


def _parsely_page(ctx: PageContext) -> Pairs:
    found = []
    for raw in ctx.meta.get("parsely-page", []):
        try:
            value = json.loads(raw).get("pub_date")
        except (ValueError, AttributeError):
            continue
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            found.append((str(value), "meta:parsely-page"))
    return found


def _microdata(prop: str) -> Any:
    def read(ctx: PageContext) -> Pairs:
        return [(v, "microdata") for v in md.microdata_values(ctx.selector, prop)]
    return read


def _marked_published(ctx: PageContext) -> Pairs:
    return _marked_dates(ctx)[0]


def _marked_modified(ctx: PageContext) -> Pairs:
    return _marked_dates(ctx)[1]


def _visible_published(ctx: PageContext) -> Pairs:
    return [(text, source) for text, source, updated in _visible_dates(ctx) if not updated]


def _visible_modified(ctx: PageContext) -> Pairs:
    return [(text, source) for text, source, updated in _visible_dates(ctx) if updated]


_DATELINE_END = re.compile(r"\s[–—-]\s|\s?[–—]|:\s")
_OPENING_PARAGRAPHS = 3


def _dateline(ctx: PageContext) -> Pairs:
    """The date a story's dateline gives at the start of its first paragraph ('CAPITAL CITY (March 3,
    2023) – The Office ...', 'BERLIN, 3. März 2023 (dpa) –'): press releases and wire copy date
    themselves there."""
    headline = ctx.headline_element
    if headline is None:
        return []
    start = ctx.order.get(headline, 0)
    scope = _story_container(ctx)
    found: Pairs = []
    seen = 0
    for paragraph in (scope if scope is not None else ctx.root).iter("p"):
        if ctx.order.get(paragraph, 0) <= start or in_junk(paragraph):
            continue
        text = element_text(paragraph)
        if len(text.split()) < 12:
            continue
        end = _DATELINE_END.search(text, 0, 100)
        opening = text[:end.start()] if end else ""
        if opening and looks_like_date(opening):
            found.append((opening, "text:dateline"))
        seen += 1
        if seen >= _OPENING_PARAGRAPHS or found:
            break
    return found


_FAR_FROM_EVERYTHING = 45  # days


def _webpage_published(ctx: PageContext) -> Pairs:
    """The WebPage node's datePublished, unless it lies far from every other date the page states
    (its modified time, the URL's day, the visible dates): then it is the page's, not the story's."""
    found = _jsonld_page("datePublished")(ctx)
    if not found:
        return []
    others = [pair for pair in _modified_candidates(ctx) + _url(ctx)] + _visible_published(ctx)
    others += [(raw, source) for raw, source in _marked_published(ctx)]
    tz = _rules(ctx).tz
    other_days = {d for r in _read(ctx, others) for d in r.days(tz)}
    if not other_days:
        return found
    kept = []
    for reading in _read(ctx, found):
        days = reading.days(tz)
        if days and min(abs((d - o).days) for d in days for o in other_days) <= _FAR_FROM_EVERYTHING:
            kept.append((reading.raw, reading.source))
    return kept


def _url(ctx: PageContext) -> Pairs:
    day = url_day(ctx)
    return [(day.isoformat(), "url")] if day else []


MODIFIED = layered(
    "modified", _selected,
    jsonld=[_jsonld(("dateModified",)), _jsonld_page("dateModified")],
    meta=[_meta(MODIFIED_META)],
    microdata=[_microdata("dateModified"), _marked_modified],
    heuristic=[_visible_modified],
)
PUBLISHED = layered(
    "published", _selected,
    jsonld=[_jsonld(("datePublished",))],
    meta=[_meta(PUBLISHED_META), _jsonld(("dateCreated", "uploadDate", "coverageStartTime")), _parsely_page],
    microdata=[_microdata("datePublished"), _marked_published],
    # A WebPage node dates the page (Yoast writes the day the URL was first published, years before
    # a reused slug's story): below the article's own dates and its visible byline.
    heuristic=[_visible_published, _dateline, _webpage_published, _url],
)


def published(ctx: PageContext) -> Pairs:
    """Every candidate for the publication time, best first; normalizing picks the first that parses.
    When no layer states one (only the URL or a modified time), htmldate searches the page's text
    and unusual elements without the furniture (comment dates, related stories' dates)."""
    candidates = gathered(ctx, PUBLISHED)
    modified = [(raw, f"modified:{source}") for raw, source in _modified_candidates(ctx)]
    day = url_day(ctx)
    ordered = _ordered(ctx, candidates + modified, day)
    if ordered and (ordered[0][1] == "url" or ordered[0][1].startswith("modified:")) or not ordered and modified:
        clock = _clock_on_the_day(ctx, ordered[0] if ordered else modified[0])
        if clock:
            candidates = [clock, *candidates]
            ordered = _ordered(ctx, candidates + modified, day)
    if not ordered or ordered[0][1] == "url" or ordered[0][1].startswith("modified:"):
        labelled = [(text, source) for text, source, updated in _labelled_dates(ctx) if not updated]
        if labelled:
            candidates = [*candidates, *labelled]
            ordered = _ordered(ctx, candidates + modified, day)
    if not ordered or ordered[0][1] == "url" or ordered[0][1].startswith("modified:"):
        found = _htmldate(ctx)
        if found and (ordered and ordered[0][0][:10] == found[0][0] or day is not None and day.isoformat() == found[0][0]
                      or found[0][0] in _modified_days(ctx, modified)):
            found = []  # the URL's day says as much or more; a modified or reviewed day is not a publication date
        if found:
            stated = [pair for pair in candidates if pair[1] != "url"]
            ordered = _ordered(ctx, stated + found + [pair for pair in candidates if pair[1] == "url"] + modified, day)
    if not ordered:
        ordered = _shown_update(ctx, modified)
    return ordered


_REVIEWED = re.compile(r"review|fact[- ]check|geprüft|überprüft|revisad|revisto|vérifi", re.IGNORECASE)


def _shown_update(ctx: PageContext, modified: Pairs) -> Pairs:
    """A wire story that prints only 'Updated 6:08 PM EDT, November 2, 2023' by its headline: the
    time it shows readers stands for its publication when the page states nothing else. Metadata
    alone, a bare day, or a 'last reviewed' line never does (an evergreen page is not dated by its
    edits)."""
    if not modified or any(_REVIEWED.search(raw) for raw, _ in modified):
        return []
    shown = [(raw, source) for raw, source in modified if source.startswith(("modified:time", "modified:data-attr",
                                                                             "modified:text:date", "modified:byline"))]
    readings = _ordered(ctx, [(raw, source.removeprefix("modified:")) for raw, source in shown], None)
    parsed = dating.read(readings[:1], tz=timezone.utc, now=ctx.now)
    if not parsed or not parsed[0].instant:
        return []
    return [(raw, f"{source}+shown-update") for raw, source in readings[:1]]


def _clock_on_the_day(ctx: PageContext, other: tuple[str, str]) -> tuple[str, str] | None:
    """'Published 4:12 PM EST' beside 'Updated 9:05 PM EST, Tue January 16, 2024': the publishing
    time on the day the page's other date gives (the update's or the URL's), when it is not later
    than that update."""
    clock = next(filter(None, (published_clock(line) for line in _visible_lines(ctx))), None)
    if clock is None:
        return None
    tz = _rules(ctx).tz
    readings = _read(ctx, [other])
    parsed = readings[0].parsed if readings else None
    if parsed is None:
        return None
    value = parsed.value
    if isinstance(value, datetime):
        day, zone = value.date(), value.tzinfo or tz
    else:
        day, zone = value, tz
    joined = dating.read([(f"{day.isoformat()} {clock}", "text:clock")], tz=zone, now=ctx.now)
    moment = joined[0].parsed if joined else None
    if moment is None or not joined[0].instant or isinstance(value, datetime) and moment.value > value:
        return None
    return moment.isoformat(), "text:clock"


def _visible_lines(ctx: PageContext) -> list[str]:
    """Whole lines near the headline and in elements classed as dates."""
    def compute() -> list[str]:
        headline = ctx.headline_element
        classed = [e for e in _attribute_index(ctx)[0] if not in_junk(e)]
        lines = [element_text(e) for e in ctx.near_headline(classed, outside=headline is None)]
        if headline is not None:
            lines += lines_near(headline, "following", limit=500, within=_story_container(ctx)) \
                + lines_near(headline, "preceding", limit=200)
        return [line for line in lines if len(line) <= 200]
    return ctx.memo("visible-lines", compute)


def _htmldate(ctx: PageContext) -> Pairs:
    """The publication day htmldate finds in the page without its furniture (a day, never an invented time)."""
    from htmldate import find_date

    try:
        found = find_date(prepared_for_libraries(ctx), url=ctx.url, extensive_search=True, original_date=True,
                          outputformat="%Y-%m-%d", max_date=ctx.now.strftime("%Y-%m-%d"))
    except Exception:  # htmldate's own trouble with odd markup: no date from it
        return []
    if not found or not _day_stated(found, _own_text(prepared(ctx))):
        return []  # a guess the page's text does not bear out: a year alone ('© 2024') comes back as 1 January
    return [(found, "htmldate")]


_TEXT_NODES = etree.XPath("//body//text()[normalize-space()]")


def _own_text(root: etree._Element) -> str:
    """The page's visible text without lists of other stories (their dates are theirs)."""
    teasers: dict[etree._Element, bool] = {}
    kept = []
    for node in _TEXT_NODES(root):
        parent = node.getparent()
        if parent is None or parent.tag in ("script", "style", "noscript", "template"):
            continue
        if parent not in teasers:
            teasers[parent] = in_teaser_list(parent)
        if not teasers[parent]:
            kept.append(str(node))
    return " ".join(kept)


def _day_stated(day: str, text: str) -> bool:
    """Whether the text states that day in some form: '2024-03-05', '05/03/2024', '3/5/24', 'March 5',
    '5 mars', '5. März', '2024年3月5日' (htmldate also reads dates from links, images and scripts)."""
    year, month, number = day[:4], int(day[5:7]), int(day[8:10])
    if day in text or re.search(rf"(?<!\d)0?{number}[./-]0?{month}[./-](?:{year}|{year[2:]})(?!\d)|"
                                rf"(?<!\d)0?{month}[./-]0?{number}[./-](?:{year}|{year[2:]})(?!\d)|"
                                rf"{year}\s*[年/.-]\s*0?{month}\s*[月/.-]\s*0?{number}(?!\d)", text):
        return True
    names = "|".join(re.escape(name) for name, value in MONTHS.items() if value == month)
    return bool(re.search(rf"(?<!\w)(?:{names})\.?\s+0?{number}(?:st|nd|rd|th)?(?!\d)|"
                          rf"(?<!\d)0?{number}(?:st|nd|rd|th|er|º|\.)?\s+(?:de\s+|of\s+)?(?:{names})(?!\w)",
                          text, re.IGNORECASE))


def _modified_days(ctx: PageContext, modified: Pairs) -> set[str]:
    """The days the page's modified and reviewed dates fall on."""
    tz = _rules(ctx).tz
    return {d.isoformat() for r in _read(ctx, modified) for d in r.days(tz)}


def modified(ctx: PageContext) -> Pairs:
    """Every candidate for the last-modified time, best first."""
    return _ordered(ctx, _modified_candidates(ctx), None)


def _modified_candidates(ctx: PageContext) -> Pairs:
    """The modified times the page states; the labelled lines in its text ('Mis à jour le ...')
    when its metadata and byline state none."""
    def compute() -> Pairs:
        found = gathered(ctx, MODIFIED)
        if not found:
            found = [(text, source) for text, source, updated in _labelled_dates(ctx) if updated]
        return _dedupe_pairs(found)
    return ctx.memo("modified-candidates", compute)


def _labelled_dates(ctx: PageContext) -> list[tuple[str, str, bool]]:
    """Dates on lines anywhere in the story that open with a label ('Veröffentlicht am 12.04.2022,
    14:30 Uhr', 'Publié le ... · Mis à jour le ...'), each marked updated or not: read only when
    the metadata and the byline state nothing."""
    def compute() -> list[tuple[str, str, bool]]:
        found = []
        for line in labelled_lines(ctx.scope if ctx.scope is not None else ctx.root):
            found += [(piece, "text:labelled", updated) for piece, updated in date_pieces(line)]
        return found
    return ctx.memo("labelled-dates", compute)


@dataclass(frozen=True)
class _Rules:
    """How this page's dates are read: the profile's zone and formats; the page's country (which
    zone an abbreviation names) and, for the generic profile, its country's order of day and month."""

    tz: tzinfo
    dayfirst: bool
    formats: tuple[str, ...]
    region: str | None


def _rules(ctx: PageContext) -> _Rules:
    def compute() -> _Rules:
        profile = ctx.profile
        country = page_country(_canonical(ctx), _language(ctx), ctx.meta_text("og:locale") or "")
        if profile is None or profile.source == GENERIC_SOURCE:
            dayfirst = writes_day_first(country, _language(ctx))
        else:
            dayfirst = profile.dayfirst
        return _Rules(profile.tz if profile else timezone.utc, dayfirst, tuple(profile.date_formats if profile else ()),
                      country)
    return ctx.memo("date-rules", compute)


def _read(ctx: PageContext, pairs: Pairs) -> list[dating.Reading]:
    rules = _rules(ctx)
    return dating.read(pairs, tz=rules.tz, now=ctx.now, dayfirst=rules.dayfirst, formats=rules.formats,
                       region=rules.region)


def _ordered(ctx: PageContext, candidates: Pairs, day: date | None) -> Pairs:
    """Rank candidates with the profile's zone and date rules."""
    profile = ctx.profile
    rules = _rules(ctx)
    assumed = profile is None or profile.timezone_assumed
    return dating.order(
        _dedupe_pairs(candidates), tz=rules.tz, now=ctx.now, dayfirst=rules.dayfirst, formats=rules.formats,
        region=rules.region, url_day=day, infer_offset=assumed, zone_guess=_zone_guess(ctx) if assumed else None,
        text_zone=(lambda: _text_zone(ctx)) if assumed else None, read_later=profile.dayfirst if profile else False,
    )


def _language(ctx: PageContext) -> str:
    """The page's declared language: <html lang>, xml:lang, else its Content-Language meta."""
    return (ctx.root.get("lang") or ctx.root.get("{http://www.w3.org/XML/1998/namespace}lang")
            or ctx.meta_text("content-language") or "")


def _zone_guess(ctx: PageContext) -> ZoneInfo | None:
    """The page's likely zone from its declared country or domain, for the generic profile only."""
    def compute() -> ZoneInfo | None:
        zone = guess_zone(_canonical(ctx), _language(ctx), ctx.meta_text("og:locale") or "")
        try:
            return ZoneInfo(zone) if zone else None
        except (ZoneInfoNotFoundError, ValueError):
            return None
    return ctx.memo("zone-guess", compute)


_VISIBLE_TEXT = etree.XPath("//body//text()[not(ancestor::script or ancestor::style or ancestor::noscript)]")


def _text_zone(ctx: PageContext) -> tzinfo | None:
    """The zone the page names beside the times it prints ('12:03 am (IST)', '北京时间')."""
    def compute() -> tzinfo | None:
        language = _language(ctx) or ctx.meta_text("og:locale") or ""
        zone = zone_named_in_text(" ".join(_VISIBLE_TEXT(ctx.root)), _canonical(ctx), language)
        if zone is None:
            return None
        if zone[0] in "+-":
            minutes = int(zone[1:3]) * 60 + int(zone[4:6])
            return timezone(timedelta(minutes=minutes if zone[0] == "+" else -minutes))
        try:
            return ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            return None
    return ctx.memo("text-zone", compute)


def _canonical(ctx: PageContext) -> str:
    from newsfeeds.extract.fields import url
    return str(ctx.memo("url", lambda: url.read(ctx)).value)


def _attribute_index(ctx: PageContext) -> tuple[list[etree._Element], list[etree._Element], list[etree._Element]]:
    """One pass over the page's elements: those classed or id'd as dates or bylines, hAtom's
    published/updated/dtstart (not <time>); then those with a data-* date attribute; in document order."""
    def compute() -> tuple[list[etree._Element], list[etree._Element], list[etree._Element]]:
        classed: list[etree._Element] = []
        hatom: list[etree._Element] = []
        for element in ctx.root.iter():
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
        data = [e for e in _DATA_ATTRIBUTED(ctx.root) if e.tag != "time" and any(_date_attribute(n) for n in e.attrib.keys())]
        return classed, hatom, data
    return ctx.memo("date-attributes", compute)


def _marked_dates(ctx: PageContext) -> tuple[Pairs, Pairs]:
    """Machine-readable dates in the markup: <time datetime>, hAtom's abbr[title], data-* attributes;
    split into published and modified by the attribute's name (data-published, data-updated), the
    label the page prints before the element ('Updated <time>'), else the element's own marks;
    ordered by closeness to the headline."""
    def compute() -> tuple[Pairs, Pairs]:
        published: Pairs = []
        modified: Pairs = []
        times = [t for t in ctx.root.iter("time") if (t.get("datetime") or element_text(t)).strip()
                 or any(_date_attribute(name) for name in t.attrib.keys())]
        _, hatom, data = _attribute_index(ctx)
        for elements, source in ((times, "time"), (hatom, "hatom"), (data, "data-attr")):
            kinds: dict[str | None, dict[etree._Element, list[str]]] = {"published": {}, "modified": {}, None: {}}
            for element in elements:
                marker = " ".join(filter(None, (element.get("class"), element.get("itemprop"), element.get("property"),
                                                element.get("id"), "pubdate" if "pubdate" in element.attrib else "")))
                furniture = in_junk(element) or is_junk(element)
                if furniture and (in_lists_of_others(element, ctx.headline_ancestors) or not ctx.in_scope(element)) \
                        or in_teaser_list(element, ctx.headline_ancestors):
                    continue
                marked = "modified" if _MODIFIED_MARK.search(marker) else "published" if _PUBLISHED_MARK.search(marker) else None
                label = label_before(element)
                for value, named in _date_values(element, source):
                    kind = named or label or marked
                    if kind is None and furniture:
                        continue
                    kinds[kind].setdefault(element, []).append(value)
            for kind, target in (("published", published), (None, published), ("modified", modified)):
                for element in ctx.near_headline(list(kinds[kind])):
                    target += [(v, source) for v in kinds[kind][element]]
        return published, modified
    return ctx.memo("marked-dates", compute)


def _visible_dates(ctx: PageContext) -> list[tuple[str, str, bool]]:
    """Date-looking text near the headline: elements classed as dates or bylines, then the text
    just after (then just before) the headline; each piece labelled updated or not."""
    def compute() -> list[tuple[str, str, bool]]:
        results: list[tuple[str, str, bool]] = []
        headline = ctx.headline_element
        classed = [e for e in _attribute_index(ctx)[0] if not in_junk(e)]
        for element in ctx.near_headline(classed, outside=headline is None):
            text = element_text(element)
            if len(text) <= 200:
                results += [(piece, "text:date", updated) for piece, updated in date_pieces(text)]
        if headline is not None:
            for chunk in lines_near(headline, "following", limit=500, within=_story_container(ctx)) \
                    + lines_near(headline, "preceding", limit=200):
                results += [(piece, "byline", updated) for piece, updated in date_pieces(chunk)]
        seen: set[str] = set()
        unique = []
        for text, source, updated in results:
            if text not in seen:
                seen.add(text)
                unique.append((text, source, updated))
        return unique
    return ctx.memo("visible-dates", compute)


def _story_container(ctx: PageContext) -> etree._Element | None:
    """The story's own <article>/<main> (or Article itemscope), when the page has one: lines after
    it are other things' (comments, reviews, related stories), never the story's byline."""
    scope = ctx.scope
    if scope is None:
        return None
    semantic = scope.tag in ("article", "main") or "Article" in (scope.get("itemtype") or "") \
        or "BlogPosting" in (scope.get("itemtype") or "")
    return scope if semantic else None


def url_day(ctx: PageContext) -> date | None:
    """The day in the fetched or canonical URL (/2021/03/19/, /20210319/, /2021/mar/19/)."""
    for url in (ctx.url, _canonical(ctx)):
        match = _URL_DATE.search(unquote(urlsplit(url).path))
        if not match:
            continue
        if match.group(1):
            year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3))
        elif match.group(4):
            year, month, day = int(match.group(4)), int(match.group(5)), int(match.group(6))
        else:
            month_number = MONTHS.get(match.group(8).lower())
            if month_number is None:
                continue
            year, month, day = int(match.group(7)), month_number, int(match.group(9))
        try:
            return date(year, month, day)
        except ValueError:
            continue
    return None


def _expand_compact(raw: str) -> str:
    """'20210319124700' (NYT-style ptime) → '2021-03-19T12:47:00'; epoch numbers are left alone."""
    match = _COMPACT.match(raw.strip())
    if not match:
        return raw
    year, month, day, hour, minute, second = match.groups()
    if hour is None:
        return f"{year}-{month}-{day}"
    return f"{year}-{month}-{day}T{hour}:{minute}:{second or '00'}"


def _date_values(element: etree._Element, source: str) -> list[tuple[str, str | None]]:
    """The dates an element states, each with the kind its attribute names ('published',
    'modified' or None): <time>'s datetime, its data-* date attributes and then its text (a relative
    'Five hours ago' only when nothing absolute is there), abbr[title], data-* attributes."""
    named = [(value, kind) for name, value in element.attrib.items() for kind in (_date_attribute(name),)
             if kind is not None and value.strip()]
    found = [(value, None if kind == "any" else kind) for value, kind in named]
    if source == "time":
        text = element_text(element)
        values: list[tuple[str, str | None]] = [(element.get("datetime"), None)] if element.get("datetime") else []
        values += found
        if text and looks_like_date(text) and (not values or _absolute_text(text)):
            values.append((text, None))
        elif text and not values:
            values.append((text, None))
        return values
    if source == "hatom":
        return [(element.get("title") or element.get("datetime") or element_text(element), None)]
    return found


_RELATIVE = re.compile(r"\b(ago|yesterday|today|hier|ayer|gestern|heute)\b", re.IGNORECASE)


def _absolute_text(text: str) -> bool:
    return not _RELATIVE.search(text)


_DATA_ATTRIBUTED = etree.XPath("//@*[starts-with(name(), 'data-')]/..", smart_strings=False)
_DATE_ATTRIBUTE_NAME = re.compile(r"^data-(?:[\w-]*[-_])?(?:(publish\w*|pub-?date|pub-?time|posted\w*|created\w*|"
                                  r"first-?published\w*)|(updated?\w*|modified\w*|edited\w*|last-?mod\w*)|"
                                  r"(date|datetime|timestamp|time|utc|seconds|epoch|iso|date-?time))(?:[-_][\w-]*)?$",
                                  re.IGNORECASE)


@lru_cache(maxsize=1024)
def _date_attribute(name: str) -> str | None:
    """Which date a data-* attribute names: 'published' (data-published, data-publish-timestamp),
    'modified' (data-updated, data-modified-at), 'any' (data-date, data-timestamp), None (not a date)."""
    match = _DATE_ATTRIBUTE_NAME.match(name)
    if match is None:
        return None
    return "published" if match.group(1) else "modified" if match.group(2) else "any"


def _dedupe_pairs(pairs: Pairs) -> Pairs:
    seen: set[str] = set()
    unique = []
    for value, source in pairs:
        value = clean_text(value)
        if value and value not in seen:
            seen.add(value)
            unique.append((value, source))
    return unique
